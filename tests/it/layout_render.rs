//! Exact renders of the layout engine at the edge widths (1, 2), odd and prime widths (7, 13,
//! 17, 37) and 80, for every case of CJK-LAYOUT.md. Each snapshot holds all widths of one case;
//! every render is also checked against the contract's invariants.

use kan::document::{Block, BlockKind, Content, Document};
use kan::layout::width::str_width;
use kan::layout::{self, LayoutOptions};

const WIDTHS: [usize; 7] = [1, 2, 7, 13, 17, 37, 80];

/// Lays out `text` as plain-text paragraphs separated by blank lines only: these tests are about
/// layout, not about how the plain-text parser infers paragraphs and headings.
fn render(text: &str, width: usize, ambiguous_wide: bool) -> Vec<String> {
    let doc = paragraphs(text);
    let mut options = LayoutOptions::new(width);
    options.ambiguous_wide = ambiguous_wide;
    layout::render(&doc, options)
}

fn paragraphs(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for chunk in text.split("\n\n") {
        let end = offset + chunk.len();
        if !chunk.trim().is_empty() {
            blocks.push(Block::new(offset, end, BlockKind::Paragraph(Content::Source(offset..end))));
        }
        offset = end + 2;
    }
    Document { text: text.to_string(), blocks, ..Document::default() }
}

/// All widths of one text, checked line by line, as one snapshot string.
fn renders(text: &str, ambiguous_wide: bool) -> String {
    let mut out = String::new();
    for width in WIDTHS {
        out.push_str(&format!("── width {width} ──\n"));
        for line in render(text, width, ambiguous_wide) {
            let w = str_width(&line, ambiguous_wide);
            assert!(w <= width, "{line:?} is {w} wide at width {width}");
            assert_eq!(line, line.trim_end(), "trailing space at width {width}");
            assert!(!line.chars().any(char::is_control), "control in {line:?}");
            out.push_str(&format!("|{line}|\n"));
        }
    }
    out
}

macro_rules! case {
    ($name:ident, $text:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(renders($text, false));
        }
    };
    ($name:ident, $text:expr, wide) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(renders($text, true));
        }
    };
}

case!(pure_cjk, "　　山路上的雨下了一整夜，客栈里的灯火始终没有熄灭。掌柜说，明天的马车不会来了");
case!(
    closing_marks,
    "他说，好。然后、走了；是吗？是！「对」『对』（对）《书》【注】〔注〕〈注〉“对”‘对’……完了."
);
case!(
    opening_marks,
    "甲「乙丙」甲『乙丙』甲（乙丙）甲《乙丙》甲【乙丙】甲〔乙丙〕甲〈乙丙〉甲“乙丙”甲‘乙丙’甲(乙丙)"
);
case!(ellipsis_and_dash, "他等了很久……终于来了——带着消息。天亮了…………又是一天————");
case!(middle_dot_and_range, "列夫·托尔斯泰与安娜·卡列尼娜，第三～第五章，一九九〇～二〇二六年");
case!(
    small_kana_and_long_mark,
    "ちょっとまってください。コーヒーとケーキをおねがいします。シャッターチャンスッ！ァィゥェォャュョ"
);
case!(
    latin_and_numbers_in_cjk,
    "DeepSeek這類模型的市場估值達到440.6億美元，增長12.5%，比2025年高。AI芯片供不應求。"
);
case!(fullwidth_letters_and_digits, "ＡＢＣ公司在２０２６年的营收是１２３４５万元，ＣＥＯ说ＯＫ。");
case!(emoji_sequences, "家庭👨‍👩‍👧‍👦点赞👍🏽爱心❤️国旗🇯🇵🇨🇳完毕 a👍🏽b❤️c");
case!(
    combining_marks_and_hangul,
    "café naïve e\u{301}e\u{301}e\u{301} 한국어 문장은 음절 사이에서 줄을 바꿉니다. \u{1100}\u{1161}\u{11A8}"
);
case!(
    tabs_controls_and_bidi,
    "a\tb\tc\n中\t文\u{7}bell\u{1b}[31mred\u{1b}[0m \u{9b}csi \u{202E}evil\u{202C} \u{2066}iso\u{2069} del\u{7f}"
);
case!(osc8_hyperlink, "see \u{1b}]8;;https://example.com\u{7}this link\u{1b}]8;;\u{7} now");
case!(
    overlong_url,
    "访问https://example.com/a/very/long/path/that/does/not/fit/anywhere?query=1&x=2获取详情"
);
case!(ambiguous_narrow, "“引号”‘单引’…—·①°×αβЖé──│");
case!(ambiguous_wide, "“引号”‘单引’…—·①°×αβЖé──│", wide);
case!(ideographic_indent, "　　第一段开头缩进两个全角空格，后面接着写。\n\n　　第二段也一样。");
case!(
    invisible_characters,
    "zero\u{200B}width space, word\u{2060}joiner, \u{FEFF}bom, soft\u{AD}hy\u{AD}phen\u{AD}ation"
);
case!(line_separators, "one\rtwo\r\nthree\u{85}four\u{2028}five\u{2029}six\u{b}seven\u{c}eight");
case!(
    english_prose,
    "The river ran past a quiet town where nobody had seen lantern light since winter, and every morning the reader opened old letters slowly."
);

#[test]
fn contract_examples() {
    assert_eq!(render("天气很好。", 8, false), ["天气很", "好。"]);
    assert_eq!(render("使用DeepSeek模型", 8, false), ["使用", "DeepSeek", "模型"]);
    // Pure CJK at an odd width leaves the last column blank.
    for line in render("山路上的雨下了一整夜客栈里的灯火始终没有熄灭", 7, false) {
        assert_eq!(str_width(&line, false) % 2, 0);
        assert!(str_width(&line, false) <= 6);
    }
    assert_eq!(render("a中b", 2, false), ["a", "中", "b"]);
    assert_eq!(render("a中b", 1, false), ["a", "?", "b"]);
}

#[test]
fn blocks_are_separated_by_one_blank_line() {
    assert_eq!(render("第一段。\n\n\n\n第二段。", 80, false), ["第一段。", "", "第二段。"]);
}

#[test]
fn hard_wrapped_cjk_lines_join_without_a_space() {
    assert_eq!(render("中文的句子\n接着写下去", 80, false), ["中文的句子接着写下去"]);
    assert_eq!(render("an English\nsentence", 80, false), ["an English sentence"]);
}

#[test]
fn tab_stops_count_from_the_start_of_each_visual_line() {
    // `bb` starts the second line: its tab goes to column 4 of that line (the source line's
    // stop would be column 8, one space).
    assert_eq!(render("aaaa bb\tc", 5, false), ["aaaa", "bb  c"]);
    assert_eq!(render("名字\t年龄\n张三\t二十", 80, false), ["名字    年龄张三    二十"]);
    let md = Document::parse("```\nabcdefg\tx\n\tindented\n```".to_string(), kan::document::Format::Markdown);
    assert_eq!(layout::render(&md, LayoutOptions::new(8)), ["  abcdef", "  g   x", "      in", "  dented"]);
}

#[test]
fn a_line_of_a_hundred_thousand_tabs_renders() {
    // Quadratic before (34 s); the time is in benches/layout.rs.
    let lines = render(&"x\t".repeat(100_000), 80, false);
    assert_eq!(lines.len(), 5_000);
    let full = format!("{}x", "x   ".repeat(19));
    assert!(lines.iter().all(|l| *l == full), "{:?}", lines[0]);
    let md = Document::parse(format!("```\n{}x\n```", "\t".repeat(100_000)), kan::document::Format::Markdown);
    assert_eq!(layout::render(&md, LayoutOptions::new(80)), ["", "  x"]);
}
