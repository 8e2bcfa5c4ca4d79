//! Plain-text edge cases: empty input, a huge line, a million lines, only headings, and
//! invariants of the block model on arbitrary text.
use crate::helpers::generators as common;

use kan::document::{BlockKind, Content, Document, Format};
use proptest::prelude::*;

/// Every block range lies inside the text on character boundaries, in order, and a heading's
/// range is one trimmed line.
fn check_blocks(doc: &Document) {
    let mut last = 0;
    for block in &doc.blocks {
        assert!(block.offset >= last && block.offset <= block.end && block.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(block.offset) && doc.text.is_char_boundary(block.end));
        last = block.offset;
        match &block.kind {
            BlockKind::Heading { content: Content::Source(range), level } => {
                let heading = &doc.text[range.clone()];
                assert!(*level >= 1);
                assert!(!heading.contains('\n'));
                assert_eq!(heading, heading.trim());
                assert!(!heading.is_empty());
            }
            BlockKind::Paragraph(Content::Source(range)) => {
                assert_eq!((range.start, range.end), (block.offset, block.end));
                assert!(!doc.text[range.clone()].trim().is_empty());
            }
            other => panic!("plain text made {other:?}"),
        }
    }
}

#[test]
fn empty_file_has_no_blocks_and_no_title() {
    let doc = Document::parse(String::new(), Format::Text);
    assert!(doc.blocks.is_empty());
    assert!(doc.outline.is_empty());
    assert_eq!(doc.title, None);
}

#[test]
fn ten_megabytes_without_a_newline_is_one_paragraph() {
    let text = common::chinese_novel(11_000_000).replace('\n', "");
    assert!(text.len() >= 10_000_000);
    let doc = Document::parse(text, Format::Text);
    assert_eq!(doc.blocks.len(), 1);
    assert!(matches!(doc.blocks[0].kind, BlockKind::Paragraph(_)));
    assert_eq!(doc.blocks[0].end, doc.text.len());
    check_blocks(&doc);
}

#[test]
fn a_million_lines_parse() {
    let mut text = String::with_capacity(16_000_000);
    for i in 0..1_000_000 {
        match i % 1000 {
            0 => text.push_str("第一章 风起\n"),
            n if n % 2 == 1 => text.push_str("　　他走了。\n"),
            _ => text.push('\n'),
        }
    }
    assert_eq!(text.lines().count(), 1_000_000);
    let doc = Document::parse(text, Format::Text);
    assert_eq!(doc.outline.len(), 1000);
    assert_eq!(doc.blocks.len(), 501_000);
    check_blocks(&doc);
}

#[test]
fn generated_novel_outline_has_title_and_every_chapter() {
    let doc = Document::parse(common::chinese_novel(300_000), Format::Text);
    assert_eq!(doc.title.as_deref(), Some("山路雨夜"));
    let outline = doc.outline.to_text();
    let chapters = doc.text.lines().filter(|l| l.starts_with('第')).count();
    assert_eq!(doc.outline.len(), chapters + 1);
    assert!(outline.starts_with("山路雨夜\n  第一章 "), "{}", &outline[..100]);
    assert!(outline.lines().skip(1).all(|l| l.starts_with("  第") && l.contains('章')));
    check_blocks(&doc);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_gives_well_formed_blocks(
        lines in proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                Just("　　".to_string()),
                "[第一二十章卷回节 ]{1,8}",
                "(　　|  )?[中文字句。，！？a-zA-Z .:0-9]{0,80}",
                "(Chapter|Part|PART) [0-9IVX]{1,3}[: a-zA-Z]{0,12}",
                "[一二（）(1.、]{1,4}[标题abc]{0,6}",
            ],
            0..40,
        )
    ) {
        let text = lines.join("\n");
        let doc = Document::parse(text, Format::Text);
        check_blocks(&doc);
        for block in &doc.blocks {
            let BlockKind::Paragraph(content) = &block.kind else { continue };
            let joined = content.rich(&doc.text);
            prop_assert!(!joined.text.contains('\n'));
        }
    }
}
