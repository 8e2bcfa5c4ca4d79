//! Generated texts for benchmarks and tests: deterministic, written from our own word lists,
//! never committed as large files. The benches include it as `mod common;`, the integration tests
//! as `helpers::generators`.
#![allow(dead_code)]

/// A small deterministic pseudo-random generator (xorshift), so texts are the same every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const HAN_WORDS: &[&str] = &[
    "山路", "雨夜", "灯火", "书生", "客栈", "江湖", "掌柜", "少年", "师父", "剑光", "月色", "城门", "消息",
    "朋友", "茶馆", "北风", "马车", "故事", "小镇", "河边", "清晨", "黄昏", "老人", "孩子", "信件", "秘密",
    "看见", "说道", "走进", "想起", "回答", "忽然", "已经", "仍然", "慢慢", "终于", "似乎", "于是", "因为",
    "DeepSeek", "AI", "2026年", "440.6億", "12.5%",
];
const HAN_PUNCT: &[&str] = &["，", "，", "，", "。", "、", "；", "！", "？", "……", "——"];
const TITLE_WORDS: &[&str] =
    &["风起", "归途", "旧梦", "长夜", "远行", "重逢", "灯下", "雪落", "渡口", "春深"];
const NUMERALS: &[&str] = &["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A number in Chinese numerals, as chapter titles write it (一百二十三).
pub fn chinese_number(mut n: usize) -> String {
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let mut out = chinese_number(high) + "万";
        if low > 0 {
            if low < 1000 {
                out.push_str(NUMERALS[0]);
            }
            out.push_str(&chinese_number(low));
        }
        return out;
    }
    if n == 0 {
        return NUMERALS[0].to_string();
    }
    let units = [(1000, "千"), (100, "百"), (10, "十")];
    let mut out = String::new();
    let mut zero = false;
    for (value, name) in units {
        let digit = n / value;
        n %= value;
        if digit > 0 {
            if zero {
                out.push_str(NUMERALS[0]);
                zero = false;
            }
            if !(value == 10 && digit == 1 && out.is_empty()) {
                out.push_str(NUMERALS[digit]);
            }
            out.push_str(name);
        } else if !out.is_empty() {
            zero = true;
        }
    }
    if n > 0 {
        if zero {
            out.push_str(NUMERALS[0]);
        }
        out.push_str(NUMERALS[n]);
    }
    out
}

/// One paragraph of Chinese prose, indented with two ideographic spaces, about `chars` long.
pub fn chinese_paragraph(rng: &mut Rng, chars: usize) -> String {
    let mut p = String::from("　　");
    let mut count = 0;
    while count < chars {
        for _ in 0..2 + rng.below(5) {
            let w = rng.pick(HAN_WORDS);
            p.push_str(w);
            count += w.chars().count();
        }
        let mark = rng.pick(HAN_PUNCT);
        p.push_str(mark);
        count += 1;
    }
    if !p.ends_with('。') {
        p.push('。');
    }
    p
}

/// A Chinese TXT novel of about `bytes` bytes: a title, then chapters "第N章 title" of
/// indented one-line paragraphs separated by blank lines. Chapters come every ~10 KB.
pub fn chinese_novel(bytes: usize) -> String {
    let mut rng = Rng::new(0x6b616e);
    let mut text = String::with_capacity(bytes + 4096);
    text.push_str("山路雨夜\n\n作者：无名\n\n");
    let mut chapter = 1;
    while text.len() < bytes {
        text.push_str(&format!(
            "第{}章 {}{}\n\n",
            chinese_number(chapter),
            rng.pick(TITLE_WORDS),
            rng.pick(TITLE_WORDS)
        ));
        let end = (text.len() + 10_000).min(bytes.max(text.len() + 1));
        while text.len() < end {
            let chars = 40 + rng.below(200);
            let p = chinese_paragraph(&mut rng, chars);
            text.push_str(&p);
            text.push_str("\n\n");
        }
        chapter += 1;
    }
    text
}

const ENGLISH_WORDS: &[&str] = &[
    "the", "river", "ran", "past", "a", "quiet", "town", "where", "nobody", "had", "seen", "lantern",
    "light", "since", "winter", "and", "every", "morning", "reader", "opened", "old", "letters", "slowly",
    "because", "patience", "was", "their", "only", "luxury", "under", "mountain", "road", "1,024", "3.5%",
];

/// English prose of about `bytes` bytes in paragraphs of sentences.
pub fn english_prose(bytes: usize) -> String {
    let mut rng = Rng::new(0xbeef);
    let mut text = String::with_capacity(bytes + 256);
    while text.len() < bytes {
        for _ in 0..3 + rng.below(5) {
            let mut first = true;
            for _ in 0..6 + rng.below(12) {
                let w = rng.pick(ENGLISH_WORDS);
                if first {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        text.extend(f.to_uppercase());
                        text.push_str(c.as_str());
                    }
                    first = false;
                } else {
                    text.push(' ');
                    text.push_str(w);
                }
            }
            text.push_str(". ");
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

/// The text cut to at most `bytes` bytes at a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A document's text as HTML paragraphs (blank-line separated blocks), escaped.
fn html_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for c in paragraph.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
        out.push_str("</p>\n");
    }
    out
}

/// A small EPUB (stored, one chapter) holding `body` under the title `title`.
fn epub_bytes(title: &str, body: &str) -> Vec<u8> {
    use std::io::Write;
    let container = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
    let opf = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:kan:bench</dc:identifier><dc:title>{title}</dc:title><dc:language>zh</dc:language></metadata><manifest><item id="one" href="one.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="one"/></spine></package>"#
    );
    let chapter = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{title}</title></head><body><h1>{title}</h1>{}</body></html>",
        html_paragraphs(body)
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", container),
        ("OEBPS/content.opf", &opf),
    ]
    .into_iter()
    .chain([("OEBPS/one.xhtml", chapter.as_str())])
    {
        zip.start_file(name, stored).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// Changes with what [`library_folder`] writes, so that a folder kept from an older version is
/// written again.
pub const LIBRARY_FOLDER_VERSION: &str = ".generated-2";

/// Writes a library of `count` articles below `dir`, in nested folders (`shelf07/part2/…`), and
/// returns their paths in the order written. Sizes are log-uniform between 1 and 200 KB (most
/// articles are short, a few long: about 38 KB on average). Formats and encodings mix: Markdown
/// (English, and Chinese with front matter), plain text in UTF-8, GBK, Shift_JIS and UTF-16LE
/// with a BOM, HTML pages (UTF-8, and GBK declared in a meta tag) and one EPUB in fifty. Every
/// article has a title of its own, and the same `count` always gives the same files.
pub fn library_folder(dir: &std::path::Path, count: usize) -> Vec<std::path::PathBuf> {
    const MAX: usize = 200 * 1024;
    let english = english_prose(MAX);
    // Without the novel's own title and author: each article has its title.
    let novel = chinese_novel(MAX);
    let chinese = novel.find("\n\n第").map_or(novel.as_str(), |at| &novel[at + 2..]);
    let mixed = mixed_prose(MAX);
    let mut rng = Rng::new(0x11b);
    let phrases = ["日本語の文章は", "「こんにちは」と言った。", "ちょっと待って", "コーヒーを飲む。\n\n"];
    let mut japanese = String::with_capacity(MAX + 64);
    while japanese.len() < MAX {
        japanese.push_str(rng.pick(&phrases));
    }
    let mut paths = Vec::with_capacity(count);
    for i in 0..count {
        // log-uniform in [1 KB, 200 KB).
        let unit = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let size = (1024.0 * (unit * (200f64).ln()).exp()) as usize;
        let folder = dir.join(format!("shelf{:02}", i % 40)).join(format!("part{}", i % 3));
        std::fs::create_dir_all(&folder).expect("library folder");
        let title_zh = format!("{}{}之{}", rng.pick(TITLE_WORDS), rng.pick(TITLE_WORDS), chinese_number(i));
        let (name, bytes): (String, Vec<u8>) = match i % 10 {
            0..=2 => {
                let body = cut(&english, size);
                (format!("article-{i}.md"), format!("# Article number {i}\n\n{body}").into_bytes())
            }
            3 => {
                let body = cut(&mixed, size);
                (format!("札记{i}.md"), format!("---\ntitle: {title_zh}\n---\n\n{body}").into_bytes())
            }
            4 | 5 => {
                let body = cut(chinese, size);
                (format!("novel-{i}.txt"), format!("{title_zh}\n\n作者：无名\n\n{body}").into_bytes())
            }
            6 => {
                let text = format!("{title_zh}\n\n作者：无名\n\n{}", cut(chinese, size));
                (format!("gbk-{i}.txt"), encoding_rs::GBK.encode(&text).0.into_owned())
            }
            7 if i % 20 == 7 => {
                let text = format!("東京物語 第{i}話\n\n{}", cut(&japanese, size));
                (format!("sjis-{i}.TXT"), encoding_rs::SHIFT_JIS.encode(&text).0.into_owned())
            }
            7 => {
                let text = format!("Letter {i}\n\n{}", cut(&english, size / 2));
                let mut bytes = vec![0xff, 0xfe];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                (format!("utf16-{i}.txt"), bytes)
            }
            8 => {
                let page = format!(
                    "<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>{title_zh} - 新闻网</title></head><body><nav><a href=\"/\">首页</a></nav><article><h1>{title_zh}</h1>{}</article><footer>版权所有</footer></body></html>",
                    html_paragraphs(cut(chinese, size))
                );
                (format!("page-{i}.htm"), encoding_rs::GBK.encode(&page).0.into_owned())
            }
            _ if i % 50 == 9 => (format!("book-{i}.epub"), epub_bytes(&title_zh, cut(chinese, size))),
            _ => {
                let page = format!(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story {i} | The Daily</title></head><body><article><h1>Story {i}</h1>{}</article></body></html>",
                    html_paragraphs(cut(&english, size))
                );
                (format!("story-{i}.html"), page.into_bytes())
            }
        };
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("library article");
        paths.push(path);
    }
    paths
}

/// Mixed Chinese, Japanese, English and numbers in one text of about `bytes` bytes.
pub fn mixed_prose(bytes: usize) -> String {
    let mut rng = Rng::new(0x1234);
    let jp = ["日本語の文章は", "「こんにちは」と言った。", "ちょっと待って", "コーヒーを飲む", "ー"];
    let mut text = String::with_capacity(bytes + 256);
    while text.len() < bytes {
        match rng.below(3) {
            0 => text.push_str(&chinese_paragraph(&mut rng, 60)),
            1 => text.push_str(&english_prose(200)),
            _ => {
                for _ in 0..8 {
                    text.push_str(rng.pick(&jp));
                }
            }
        }
        text.push_str("\n\n");
    }
    text
}

/// A Chinese Markdown article of about `bytes` bytes: a title, sections and subsections, and
/// paragraphs with inline markup (strong, emphasis, code, links), lists, quotes, code blocks and
/// a table now and then — the markup a long Markdown document really carries.
pub fn chinese_markdown_article(bytes: usize) -> String {
    let mut rng = Rng::new(0x6d64);
    let mut text = String::with_capacity(bytes + 4096);
    text.push_str("# 山路雨夜：一篇很长的文章\n\n");
    let mut section = 1;
    let mut link = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "## 第{}节 {}{}\n\n",
            chinese_number(section),
            rng.pick(TITLE_WORDS),
            rng.pick(TITLE_WORDS)
        ));
        let end = text.len() + 8_000;
        let mut sub = 1;
        while text.len() < end && text.len() < bytes {
            match rng.below(12) {
                0 => {
                    text.push_str(&format!("### {section}.{sub} {}\n\n", rng.pick(TITLE_WORDS)));
                    sub += 1;
                }
                1 => {
                    for i in 0..2 + rng.below(4) {
                        let marker = if section % 2 == 0 { format!("{}.", i + 1) } else { "-".to_string() };
                        let chars = 20 + rng.below(40);
                        let item = chinese_paragraph(&mut rng, chars);
                        text.push_str(&format!("{marker} {}\n", item.trim_start_matches('　')));
                    }
                    text.push('\n');
                }
                2 => {
                    let chars = 60 + rng.below(80);
                    let quote = chinese_paragraph(&mut rng, chars);
                    text.push_str(&format!("> {}\n\n", quote.trim_start_matches('　')));
                }
                3 if rng.below(3) == 0 => {
                    text.push_str("```rust\nfn main() {\n    let reader = kan::open(\"山路.txt\");\n    println!(\"{}\", reader.title());\n}\n```\n\n");
                }
                4 if rng.below(3) == 0 => {
                    text.push_str("| 章节 | 字数 | 说明 |\n|---|---:|---|\n");
                    for _ in 0..3 + rng.below(3) {
                        text.push_str(&format!(
                            "| {} | {} | {}{} |\n",
                            rng.pick(TITLE_WORDS),
                            1000 + rng.below(9000),
                            rng.pick(HAN_WORDS),
                            rng.pick(HAN_WORDS)
                        ));
                    }
                    text.push('\n');
                }
                _ => {
                    let mut p = String::new();
                    for _ in 0..2 + rng.below(4) {
                        let chars = 20 + rng.below(60);
                        let piece = chinese_paragraph(&mut rng, chars);
                        let piece = piece.trim_start_matches('　');
                        match rng.below(6) {
                            0 => p.push_str(&format!("**{}**", rng.pick(HAN_WORDS))),
                            1 => p.push_str(&format!("*{}*", rng.pick(HAN_WORDS))),
                            2 => p.push_str(&format!("`{}`", rng.pick(ENGLISH_WORDS))),
                            3 => {
                                link += 1;
                                p.push_str(&format!(
                                    "[{}](https://example.com/articles/{link})",
                                    rng.pick(TITLE_WORDS)
                                ));
                            }
                            _ => {}
                        }
                        p.push_str(piece);
                    }
                    text.push_str(&p);
                    text.push_str("\n\n");
                }
            }
        }
        section += 1;
    }
    text
}

/// About `bytes` bytes of Chinese prose in one line: no line break anywhere, not even at the end.
pub fn single_line(bytes: usize) -> String {
    let mut rng = Rng::new(0x11e);
    let mut text = String::with_capacity(bytes + 1024);
    while text.len() < bytes {
        let p = chinese_paragraph(&mut rng, 200);
        text.push_str(p.trim_start_matches('　'));
    }
    text
}

/// A generated file: its name and how to write it.
pub type Generated = (&'static str, fn() -> String);

/// The files the end-to-end timing (`examples/open_bench.rs`) opens, by name: what the issue
/// "open instantly at any size" measures.
pub fn open_bench_files() -> Vec<Generated> {
    vec![
        ("novel-10MB.txt", || chinese_novel(10 << 20)),
        ("novel-50MB.txt", || chinese_novel(50 << 20)),
        ("novel-100MB.txt", || chinese_novel(100 << 20)),
        ("article-10MB.md", || chinese_markdown_article(10 << 20)),
        ("one-line-10MB.txt", || single_line(10 << 20)),
    ]
}
