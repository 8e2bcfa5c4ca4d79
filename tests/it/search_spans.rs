//! Markdown paragraphs kept as source spans (`Content::Spans`) are searched exactly as the same
//! paragraphs kept as rich text: same matches, folded and exact, across soft breaks and markup.

use kan::document::{Block, BlockKind, Content, Document, Format};
use kan::reader::search::{Query, search_document};
use proptest::prelude::*;

/// Every `Content::Spans` in `blocks` replaced by the rich text it stands for; how many were.
fn to_rich(blocks: &mut [Block], text: &str) -> usize {
    let mut replaced = 0;
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
                if let Content::Spans(spans) = content {
                    *content = Content::Rich(Box::new(spans.rich(text)));
                    replaced += 1;
                }
            }
            BlockKind::List(list) => {
                for item in &mut list.items {
                    replaced += to_rich(&mut item.blocks, text);
                }
            }
            BlockKind::Quote(blocks) => replaced += to_rich(blocks, text),
            _ => {}
        }
    }
    replaced
}

const WORDS: &[&str] = &[
    "river",
    "River",
    "RIVER",
    "lantern",
    "ａｉ",
    "AI",
    "ai",
    "t",
    "r",
    "中文",
    "中",
    "文",
    "黃仁勳",
    "黄仁勋",
    "发",
    "發",
    "ｶﾞｲﾄﾞ",
    "ガイド",
    "カ",
    "é",
    "É",
    "light",
    "x",
];

fn piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(WORDS).prop_map(str::to_string);
    prop_oneof![
        4 => word.clone(),
        1 => word.clone().prop_map(|w| format!("*{w}*")),
        1 => word.clone().prop_map(|w| format!("**{w}**")),
        1 => word.clone().prop_map(|w| format!("`{w}`")),
        1 => (word.clone(), word).prop_map(|(w, t)| format!("[{w}](https://example.com/{t})")),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", " ", "", "\n", "  ", " \n", "\n  "][..])
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), separator()), 1..12)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| p + s).collect::<String>().trim().to_string())
}

fn markdown() -> impl Strategy<Value = String> {
    let block = (paragraph(), prop::sample::select(&["", "", "> ", "- ", "# "][..])).prop_map(|(p, lead)| {
        // A lead applies to the paragraph's first line; a soft break keeps the rest in it.
        format!("{lead}{p}")
    });
    prop::collection::vec(block, 1..6).prop_map(|blocks| blocks.join("\n\n"))
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WORDS).prop_map(str::to_string),
        (
            prop::sample::select(WORDS),
            prop::sample::select(&[" ", "", "  "][..]),
            prop::sample::select(WORDS)
        )
            .prop_map(|(a, s, b)| format!("{a}{s}{b}")),
        prop::sample::select(&["river t", "r l", "er l", "中文", "文中", "x r", "ai ai"][..])
            .prop_map(str::to_string),
    ]
}

fn matches(doc: &Document, query: &Query) -> Vec<std::ops::Range<usize>> {
    search_document(doc, query).into_iter().map(|m| m.range()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_and_rich_paragraphs_give_the_same_matches(md in markdown(), q in query()) {
        let spans = Document::parse(md.clone(), Format::Markdown);
        let mut rich = Document::parse(md, Format::Markdown);
        let text = rich.text.clone();
        to_rich(&mut rich.blocks, &text);
        for query in [Query::new(&q), Query::exact(&q)] {
            prop_assert_eq!(matches(&spans, &query), matches(&rich, &query));
        }
    }
}

#[test]
fn the_generated_markdown_does_hold_spans_paragraphs() {
    let md =
        "Some *river* text\nwith a soft break, `code` and [a link](https://x.y/river).\n\n> 中文\n文中 ｶﾞｲﾄﾞ";
    let mut doc = Document::parse(md.to_string(), Format::Markdown);
    let text = doc.text.clone();
    assert_eq!(matches(&doc, &Query::new("text with")).len(), 1);
    assert_eq!(matches(&doc, &Query::new("river")).len(), 1);
    assert_eq!(matches(&doc, &Query::new("文 文")).len(), 0);
    assert!(to_rich(&mut doc.blocks, &text) >= 2);
}
