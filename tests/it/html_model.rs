//! HTML pages into kan's document model: the article found, page furniture dropped, blocks and
//! styles kept, titles without site names, charsets detected, and bad input survived.

use std::path::Path;

use kan::document::html::HtmlOptions;
use kan::document::{Block, BlockKind, Content, Document, Format, RichText};
use kan::layout::{self, LayoutOptions};
use kan::source::Source;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/docs/html");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{DOCS}/{name}")).expect("fixture")
}

fn parse(html: &str) -> Document {
    Document::parse(html.to_owned(), Format::Html(HtmlOptions::default()))
}

fn open(path: &Path) -> Document {
    Source::from_path(path, &Default::default()).expect("readable").into_document(None, None).expect("parses")
}

fn render(doc: &Document, width: usize) -> String {
    layout::render(doc, LayoutOptions::new(width)).join("\n")
}

fn rich(content: &Content) -> &RichText {
    match content {
        Content::Rich(rich) => rich,
        Content::Source(range) => panic!("HTML content should be rich, got {range:?}"),
        Content::Spans(spans) => panic!("HTML content should be rich, got {spans:?}"),
    }
}

/// Every block, nested ones included, in order.
fn all_blocks(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    for block in blocks {
        out.push(block);
        match &block.kind {
            BlockKind::List(list) => list.items.iter().for_each(|i| out.extend(all_blocks(&i.blocks))),
            BlockKind::Quote(children) => out.extend(all_blocks(children)),
            _ => {}
        }
    }
    out
}

#[test]
fn outlines_are_the_headline_and_the_article_headings() {
    let cases = [
        ("zh-hans.html", "城市夜读：图书馆延长开放时间\n  读者的反应\n  更多安排\n"),
        ("zh-hant.html", "山城舊書店的最後一個冬天\n  熟客的記憶\n"),
        ("ja-ruby.html", "漢字の読み方を学ぶ\n  ルビの歴史\n"),
        ("structure.html", "Notes on Structure\n  Lists\n  Code and quotes\n  Tables\n"),
        (
            "heavy-nav.html",
            "How Tides Shape the Harbour Town\n  A town built around the water\n  What the future holds\n",
        ),
    ];
    for (name, outline) in cases {
        let doc = open(&Path::new(DOCS).join(name));
        assert_eq!(doc.outline.to_text(), outline, "{name}");
        assert_eq!(doc.title.as_deref(), outline.lines().next(), "{name}");
    }
}

#[test]
fn navigation_sharing_related_lists_and_comments_are_dropped() {
    let doc = parse(&fixture("heavy-nav.html"));
    let text = render(&doc, 80);
    for junk in [
        "Subscribe now",
        "Share on Facebook",
        "Most read",
        "Council votes",
        "Related stories",
        "Storm damages pier",
        "Comments (3)",
        "seagull42",
        "terrible idea",
        "First!",
        "Write a comment",
        "Privacy policy",
        "Home",
    ] {
        assert!(!text.contains(junk), "{junk:?} should be gone:\n{text}");
    }
    assert!(text.contains("Twice a day the sea leaves the harbour"));
    assert!(text.contains("as they always have."));
}

#[test]
fn byline_site_and_date_make_one_dim_line_under_the_title() {
    let doc = parse(&fixture("zh-hans.html"));
    let BlockKind::Note(note) = &doc.blocks[1].kind else { panic!("{:?}", doc.blocks[1]) };
    assert_eq!(rich(note).text, "林晓 · 晨报 · 2024-03-18");
    let lines: Vec<_> = layout::render(&doc, LayoutOptions::new(60)).into_iter().take(3).collect();
    assert_eq!(lines, ["城市夜读：图书馆延长开放时间", "", "林晓 · 晨报 · 2024-03-18"]);
}

#[test]
fn blocks_and_inline_styles_come_through() {
    let doc = parse(&fixture("structure.html"));
    let blocks = all_blocks(&doc.blocks);
    let first = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Paragraph(c) => Some(rich(c)),
        _ => None,
    });
    let first = first.expect("a paragraph");
    let styled = |word: &str| {
        let at = first.text.find(word).expect("word present");
        first
            .pieces()
            .scan(0, |pos, (text, style)| {
                let start = *pos;
                *pos += text.len();
                Some((start, style))
            })
            .filter(|(start, _)| *start <= at)
            .last()
            .map(|(_, style)| style)
            .expect("a piece")
    };
    assert!(styled("every").emphasis);
    assert!(styled("strong").strong);
    assert!(styled("inline code").code);
    let link = styled("link to the second page").link.expect("a link");
    assert_eq!(first.links[link as usize], "second.html");

    let list = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::List(l) => Some(l),
        _ => None,
    });
    let list = list.expect("a list");
    assert!(!list.ordered);
    assert_eq!(list.items.len(), 3);
    let BlockKind::List(nested) = &list.items[1].blocks[1].kind else { panic!("nested list") };
    assert!(nested.ordered);
    assert_eq!(nested.start, 3);

    let code = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Code(c) => Some(c),
        _ => None,
    });
    let code = code.expect("code");
    assert_eq!(code.lang.as_deref(), Some("rust"));
    assert_eq!(code.text, "fn main() {\n    println!(\"hello\");\n}");
    assert_eq!(&doc.text[code.source..code.source + code.text.len()], code.text);

    assert!(blocks.iter().any(|b| matches!(b.kind, BlockKind::Quote(_))));
    assert!(blocks.iter().any(|b| b.kind == BlockKind::Rule));
    assert!(blocks.iter().any(|b| b.kind == BlockKind::Image { alt: "The lighthouse at dusk".into() }));
    let table = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table(t) => Some(t),
        _ => None,
    });
    let table = table.expect("a table");
    assert_eq!(table.header.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Name", "Width"]);
    assert_eq!(table.rows[0][0].text, "中文");

    let text = render(&doc, 40);
    assert!(text.contains("中文  │ 4\nLatin │ 5"), "{text}");
    assert!(text.contains("[image: The lighthouse at dusk]"));
    assert!(text.contains("  3. Nested three"));
}

#[test]
fn every_text_points_back_into_the_document_text() {
    for name in ["structure.html", "zh-hans.html", "heavy-nav.html", "ja-ruby.html"] {
        let doc = parse(&fixture(name));
        let mut last = 0;
        for block in &doc.blocks {
            assert!(block.offset >= last, "{name}: offsets go forward");
            last = block.offset;
        }
        for block in all_blocks(&doc.blocks) {
            if let BlockKind::Heading { content, .. }
            | BlockKind::Paragraph(content)
            | BlockKind::Note(content) = &block.kind
            {
                let rich = rich(content);
                let start = rich.source_of(0);
                assert_eq!(&doc.text[start..start + rich.text.len()], rich.text, "{name}");
            }
        }
    }
}

#[test]
fn ruby_shows_readings_in_parentheses_or_not_at_all() {
    let html = fixture("ja-ruby.html");
    let with = render(&parse(&html), 200);
    assert!(with.contains("難しい漢字(かんじ)にふりがな"), "{with}");
    assert!(with.contains("薔薇(ばら)や檸檬(れもん)"), "{with}");
    let without = Document::parse(html, Format::Html(HtmlOptions { ruby_readings: false }));
    let without = render(&without, 200);
    assert!(without.contains("難しい漢字にふりがな"), "{without}");
    assert!(!without.contains("かんじ"));
}

#[test]
fn big5_and_gbk_pages_without_a_declaration_read_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let big5 = encoding_rs::BIG5.encode(&fixture("zh-hant.html")).0.into_owned();
    std::fs::write(dir.path().join("hant.html"), big5).unwrap();
    let doc = open(&dir.path().join("hant.html"));
    assert_eq!(doc.title.as_deref(), Some("山城舊書店的最後一個冬天"));
    assert!(render(&doc, 80).contains("陳先生打算把剩下的書捐給附近的學校和圖書館"));

    let page = fixture("zh-hans.html").replace("<meta charset=\"utf-8\">", "");
    std::fs::write(dir.path().join("hans.htm"), encoding_rs::GBK.encode(&page).0).unwrap();
    let doc = open(&dir.path().join("hans.htm"));
    assert_eq!(doc.title.as_deref(), Some("城市夜读：图书馆延长开放时间"));
}

#[test]
fn a_declared_charset_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let page = fixture("ja-ruby.html").replace("charset=UTF-8", "charset=Shift_JIS");
    std::fs::write(dir.path().join("sjis.html"), encoding_rs::SHIFT_JIS.encode(&page).0).unwrap();
    assert_eq!(open(&dir.path().join("sjis.html")).title.as_deref(), Some("漢字の読み方を学ぶ"));
}

#[test]
fn pages_are_recognised_without_an_html_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("saved"), fixture("second.html")).unwrap();
    std::fs::write(dir.path().join("saved.txt"), fixture("second.html")).unwrap();
    for name in ["saved", "saved.txt"] {
        let doc = open(&dir.path().join(name));
        assert_eq!(doc.outline.to_text(), "The Second Page\n  Only section\n", "{name}");
    }
}

#[test]
fn escape_sequences_in_a_page_never_reach_the_terminal() {
    let html = "<!doctype html><title>Bad \u{1b}]0;owned\u{7} title</title><body><article><h1>Bad</h1>\
        <p>Text with \u{1b}[31mred\u{1b}[0m and a bell \u{7} in it, long enough to count as an article.</p>";
    let doc = parse(html);
    let text = render(&doc, 80);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    assert!(text.contains("red"));
}

#[test]
fn truncated_pages_give_a_best_effort_article() {
    let html = fixture("structure.html");
    let mut cut = 0;
    while cut < html.len() {
        while !html.is_char_boundary(cut) {
            cut += 1;
        }
        let doc = parse(&html[..cut]);
        let _ = render(&doc, 37).len();
        cut += 61;
    }
    let half = parse(&html[..html.len() / 2]);
    assert_eq!(half.title.as_deref(), Some("Notes on Structure"));
}

#[test]
fn ten_thousand_nested_divs_neither_overflow_nor_hang() {
    let depth = 10_000;
    let html = format!(
        "<!doctype html><title>Deep</title><body>{}<p>the deepest words</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let doc = parse(&html);
    assert!(render(&doc, 80).contains("the deepest words"));
}

#[test]
fn a_twenty_megabyte_page_is_read_whole() {
    let mut html =
        String::from("<!doctype html><title>Big page | Site</title><body><article><h1>Big page</h1>");
    let mut section = 0;
    while html.len() < 20 << 20 {
        html.push_str(&format!("<h2>Section {section}</h2>"));
        for p in 0..20 {
            html.push_str(&format!(
                "<p>Paragraph {section}.{p} with <em>some</em> words and <a href=\"/x{p}\">a link</a>, 中文也有一些字。</p>"
            ));
        }
        section += 1;
    }
    let doc = parse(&html);
    assert_eq!(doc.title.as_deref(), Some("Big page"));
    assert_eq!(doc.outline.len(), section + 1);
}
