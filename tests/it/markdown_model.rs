//! The Markdown parser's document model: blocks, inline styles, links and source offsets.

use kan::document::{Align, Block, BlockKind, Content, Document, Format, List, RichText, Table};
use proptest::prelude::*;

/// The document with every `Content::Spans` built into the `RichText` it stands for, so the
/// tests below see each paragraph's display text and spans whichever way it is kept.
fn parse(text: &str) -> Document {
    let mut doc = Document::parse(text.to_owned(), Format::Markdown);
    let source = doc.text.clone();
    built(&source, &mut doc.blocks);
    doc
}

fn built(source: &str, blocks: &mut [Block]) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
                if let Content::Spans(spans) = content {
                    *content = Content::Rich(Box::new(spans.rich(source)));
                }
            }
            BlockKind::List(list) => {
                for item in &mut list.items {
                    built(source, &mut item.blocks);
                }
            }
            BlockKind::Quote(children) => built(source, children),
            _ => {}
        }
    }
}

#[test]
fn text_that_is_its_source_is_kept_as_spans() {
    let doc = Document::parse(
        "中文**重点**，[链接](https://example.com)。\n\nsoft\nbreak *here*\n\nan &copy; entity\n".to_owned(),
        Format::Markdown,
    );
    let [first, second, third] = &doc.blocks[..] else { panic!("three blocks: {:?}", doc.blocks) };
    let BlockKind::Paragraph(Content::Spans(spans)) = &first.kind else { panic!("spans: {first:?}") };
    assert_eq!(spans.links.len(), 1);
    let built = spans.rich(&doc.text);
    assert_eq!(built.text, "中文重点，链接。");
    assert!(built.spans[1].style.strong);
    let BlockKind::Paragraph(Content::Spans(spans)) = &second.kind else { panic!("spans: {second:?}") };
    assert_eq!(spans.rich(&doc.text).text, "soft break here");
    // An entity shows other text than its source: that paragraph keeps its own text.
    assert!(matches!(&third.kind, BlockKind::Paragraph(Content::Rich(rich)) if rich.text == "an © entity"));
    assert_eq!(doc.links().len(), 1);
}

fn rich(content: &Content) -> &RichText {
    match content {
        Content::Rich(rich) => rich,
        Content::Source(range) => panic!("Markdown content should be rich, got {range:?}"),
        Content::Spans(_) => unreachable!("parse() builds spans into rich text"),
    }
}

fn paragraph(block: &Block) -> &RichText {
    match &block.kind {
        BlockKind::Paragraph(content) => rich(content),
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

fn list(block: &Block) -> &List {
    match &block.kind {
        BlockKind::List(list) => list,
        other => panic!("expected a list, got {other:?}"),
    }
}

fn table(block: &Block) -> &Table {
    match &block.kind {
        BlockKind::Table(table) => table,
        other => panic!("expected a table, got {other:?}"),
    }
}

/// Every rich text in the document, nested ones included.
fn all_rich(blocks: &[Block]) -> Vec<&RichText> {
    let mut out = Vec::new();
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
                if let Content::Rich(r) = content {
                    out.push(r.as_ref());
                }
            }
            BlockKind::List(list) => {
                for item in &list.items {
                    out.extend(all_rich(&item.blocks));
                }
            }
            BlockKind::Quote(children) => out.extend(all_rich(children)),
            BlockKind::Table(table) => {
                out.extend(table.header.iter());
                for row in &table.rows {
                    out.extend(row.iter());
                }
            }
            BlockKind::Code(_) | BlockKind::Rule | BlockKind::Image { .. } => {}
        }
    }
    out
}

/// Checks that every byte of every rich text maps back to the same byte of the source, except a
/// soft break's space, which maps to the newline it replaced.
fn assert_round_trip(doc: &Document) {
    let source = doc.text.as_bytes();
    for rich in all_rich(&doc.blocks) {
        for (i, &byte) in rich.text.as_bytes().iter().enumerate() {
            let at = rich.source_of(i);
            let found = source.get(at).copied();
            let ok = found == Some(byte) || (byte == b' ' && found == Some(b'\n'));
            assert!(
                ok,
                "byte {i} of {:?} ({:?}) maps to {at}, which holds {:?}",
                rich.text,
                byte as char,
                found.map(|b| b as char)
            );
        }
    }
}

#[test]
fn nested_lists_keep_their_shape() {
    let doc = parse("- one\n- two\n  1. inner a\n  2. inner b\n- three\n\n3. three\n4. four\n");
    assert_eq!(doc.blocks.len(), 2);
    let outer = list(&doc.blocks[0]);
    assert!(!outer.ordered);
    assert_eq!(outer.items.len(), 3);
    assert_eq!(paragraph(&outer.items[0].blocks[0]).text, "one");
    let second = &outer.items[1];
    assert_eq!(second.blocks.len(), 2);
    assert_eq!(paragraph(&second.blocks[0]).text, "two");
    let inner = list(&second.blocks[1]);
    assert!(inner.ordered);
    assert_eq!(inner.start, 1);
    let inner_texts: Vec<&str> =
        inner.items.iter().map(|item| paragraph(&item.blocks[0]).text.as_str()).collect();
    assert_eq!(inner_texts, ["inner a", "inner b"]);
    assert_eq!(doc.text[second.offset..].lines().next(), Some("- two"));
    let numbered = list(&doc.blocks[1]);
    assert!(numbered.ordered);
    assert_eq!(numbered.start, 3);
}

#[test]
fn task_items_are_checked_or_not_tight_and_loose() {
    let tight = parse("- [x] done\n- [ ] todo\n- plain\n");
    let checked: Vec<Option<bool>> = list(&tight.blocks[0]).items.iter().map(|i| i.checked).collect();
    assert_eq!(checked, [Some(true), Some(false), None]);
    assert_eq!(paragraph(&list(&tight.blocks[0]).items[0].blocks[0]).text, "done");

    let loose = parse("- [ ] first\n\n- [x] second\n  - [ ] nested\n\n- third\n");
    let items = &list(&loose.blocks[0]).items;
    let checked: Vec<Option<bool>> = items.iter().map(|i| i.checked).collect();
    assert_eq!(checked, [Some(false), Some(true), None]);
    let nested = list(&items[1].blocks[1]);
    assert_eq!(nested.items[0].checked, Some(false));
}

#[test]
fn table_cells_and_alignment() {
    let doc = parse("| 名前 | Score | Note |\n|:--|--:|:-:|\n| 山田 | 440.6 | **top** |\n| Lee | 7 | |\n");
    let table = table(&doc.blocks[0]);
    assert_eq!(table.align, [Align::Left, Align::Right, Align::Center]);
    let header: Vec<&str> = table.header.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(header, ["名前", "Score", "Note"]);
    assert_eq!(table.rows.len(), 2);
    let first: Vec<&str> = table.rows[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(first, ["山田", "440.6", "top"]);
    assert!(table.rows[0][2].spans[0].style.strong);
    assert_eq!(table.rows[1][2].text, "");
    assert_round_trip(&doc);
}

#[test]
fn quote_holds_its_blocks() {
    let doc = parse("> first line\n> still first\n>\n> - a list\n\nafter\n");
    let BlockKind::Quote(children) = &doc.blocks[0].kind else { panic!("expected a quote") };
    assert_eq!(paragraph(&children[0]).text, "first line still first");
    assert_eq!(list(&children[1]).items.len(), 1);
    assert_eq!(paragraph(&doc.blocks[1]).text, "after");
    assert_round_trip(&doc);
}

#[test]
fn code_block_language_text_and_source() {
    let doc = parse("text\n\n```rust title=x\nfn main() {}\n# not a heading\n```\n\n~~~\nplain\n~~~\n");
    let BlockKind::Code(code) = &doc.blocks[1].kind else { panic!("expected code") };
    assert_eq!(code.lang.as_deref(), Some("rust"));
    assert_eq!(code.text, "fn main() {}\n# not a heading");
    assert!(doc.text[code.source..].starts_with(&code.text));
    let BlockKind::Code(bare) = &doc.blocks[2].kind else { panic!("expected code") };
    assert_eq!(bare.lang, None);
    assert_eq!(bare.text, "plain");
    assert!(doc.outline.is_empty());
}

#[test]
fn links_keep_their_targets_and_styles() {
    let doc = parse(
        "See [the *docs*](https://example.org/a) and [ref][r], then <mailto:x@example.org>.\n\n[r]: /relative\n",
    );
    let text = paragraph(&doc.blocks[0]);
    assert_eq!(text.text, "See the docs and ref, then mailto:x@example.org.");
    assert_eq!(text.links, ["https://example.org/a", "/relative", "mailto:x@example.org"]);
    let styled: Vec<(&str, Option<u32>, bool)> =
        text.pieces().map(|(s, style)| (s, style.link, style.emphasis)).collect();
    assert_eq!(
        styled,
        [
            ("See ", None, false),
            ("the ", Some(0), false),
            ("docs", Some(0), true),
            (" and ", None, false),
            ("ref", Some(1), false),
            (", then ", None, false),
            ("mailto:x@example.org", Some(2), false),
            (".", None, false),
        ]
    );
    assert_round_trip(&doc);
}

#[test]
fn inline_styles_are_semantic() {
    let doc = parse("a *b* **c** ~~d~~ `e f` ***g***\n");
    let text = paragraph(&doc.blocks[0]);
    assert_eq!(text.text, "a b c d e f g");
    let pieces: Vec<(&str, bool, bool, bool, bool)> = text
        .pieces()
        .filter(|(s, _)| s.trim() != "")
        .map(|(s, st)| (s.trim(), st.emphasis, st.strong, st.strike, st.code))
        .collect();
    assert_eq!(
        pieces,
        [
            ("a", false, false, false, false),
            ("b", true, false, false, false),
            ("c", false, true, false, false),
            ("d", false, false, true, false),
            ("e f", false, false, false, true),
            ("g", true, true, false, false),
        ]
    );
    assert_round_trip(&doc);
}

#[test]
fn soft_breaks_join_cjk_and_space_latin_hard_breaks_stay() {
    let doc = parse("第一行\n第二行，\n第三行\nDeepSeek\n模型\n\nline one  \nline two\\\nline three\n");
    assert_eq!(paragraph(&doc.blocks[0]).text, "第一行第二行，第三行 DeepSeek 模型");
    assert_eq!(paragraph(&doc.blocks[1]).text, "line one\nline two\nline three");
    assert_round_trip(&doc);
}

#[test]
fn images_alone_are_blocks_inline_ones_are_alt_text() {
    let doc = parse("![A lighthouse at dusk](light.png)\n\nText with ![an icon](i.png) inside.\n");
    assert_eq!(doc.blocks[0].kind, BlockKind::Image { alt: "A lighthouse at dusk".into() });
    assert!(doc.text[doc.blocks[0].offset..].starts_with("![A lighthouse"));
    assert_eq!(paragraph(&doc.blocks[1]).text, "Text with an icon inside.");
}

#[test]
fn raw_html_is_shown_as_text() {
    let doc = parse("<div align=\"center\">\n  <b>Hi</b>\n</div>\n\nInline <kbd>q</kbd> quits.\n");
    assert_eq!(paragraph(&doc.blocks[0]).text, "<div align=\"center\">\n  <b>Hi</b>\n</div>");
    assert_eq!(paragraph(&doc.blocks[1]).text, "Inline <kbd>q</kbd> quits.");
    assert_round_trip(&doc);
}

#[test]
fn front_matter_title_is_the_outline_root_and_the_yaml_hidden() {
    let doc = parse("---\ntitle: 'Notes: on kan'\ndate: 2025-01-01\n---\n# Heading One\n\nBody.\n");
    assert_eq!(doc.title.as_deref(), Some("Notes: on kan"));
    // Above a `#` heading the front matter's title is the root, as a first `#` would be.
    assert_eq!(doc.outline.to_text(), "Notes: on kan\n  Heading One\n");
    let shown: Vec<String> = all_rich(&doc.blocks).iter().map(|r| r.text.clone()).collect();
    assert_eq!(shown, ["Notes: on kan", "Heading One", "Body."]);
    // A first heading that repeats the title is the root itself, not a second one.
    let same = parse("---\ntitle: Hello\n---\n\n# Hello\n\n## Part\n");
    assert_eq!(same.outline.to_text(), "Hello\n  Part\n");
    let sections = parse("---\ntitle: 本\n---\n\n## 一\n\n## 二\n");
    assert_eq!(sections.outline.to_text(), "本\n  一\n  二\n");
}

#[test]
fn heading_attributes_are_not_heading_text() {
    let doc = parse("# 例外処理\n\n## try...catch構文 {#try-catch}\n\n### Error {#error .note}\n\nBody.\n");
    assert_eq!(doc.outline.to_text(), "例外処理\n  try...catch構文\n    Error\n");
}

#[test]
fn title_falls_back_to_first_level_one_heading() {
    let doc = parse("## Minor\n\nSetext Title\n===\n\n# Later\n");
    assert_eq!(doc.title.as_deref(), Some("Setext Title"));
    assert_eq!(parse("## Only minor\n").title, None);
}

#[test]
fn footnotes_read_as_labelled_paragraphs() {
    let doc = parse("Claim.[^1]\n\n[^1]: Source of the claim.\n");
    assert_eq!(paragraph(&doc.blocks[0]).text, "Claim.[1]");
    assert_eq!(paragraph(&doc.blocks[1]).text, "[1] Source of the claim.");
    assert!(doc.text[doc.blocks[1].offset..].starts_with("[^1]:"));
}

#[test]
fn rules_and_block_offsets() {
    let doc = parse("above\n\n---\n\nbelow\n");
    assert_eq!(doc.blocks[1].kind, BlockKind::Rule);
    assert_eq!(&doc.text[doc.blocks[1].offset..doc.blocks[1].end], "---");
    assert_eq!(&doc.text[doc.blocks[2].offset..doc.blocks[2].end], "below");
}

#[test]
fn empty_and_whitespace_documents() {
    assert!(parse("").blocks.is_empty());
    assert!(parse("\n\n   \n").blocks.is_empty());
    let doc = parse("#\n");
    let BlockKind::Heading { level: 1, content } = &doc.blocks[0].kind else { panic!("heading") };
    assert_eq!(rich(content).text, "");
    assert_eq!(rich(content).source_of(0), 0);
}

#[test]
fn cjk_fixture_round_trips() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/docs/markdown_cjk_news.md");
    let doc = parse(&std::fs::read_to_string(path).expect("fixture"));
    assert_round_trip(&doc);
    let first = paragraph(&doc.blocks[2]);
    assert_eq!(
        first.text,
        "据项目组介绍，这次下潜历时约6小时，最大深度达到10,909米，刷新了该型号的纪录。团队使用 DeepSeek 等开源模型整理了超过440.6億條傳感器記錄。"
    );
}

fn check_invariants(doc: &Document) {
    let len = doc.text.len();
    let mut previous = 0;
    for block in &doc.blocks {
        assert!(block.offset >= previous, "blocks out of order");
        assert!(block.offset <= block.end && block.end <= len);
        previous = block.offset;
    }
    for rich in all_rich(&doc.blocks) {
        let starts: Vec<usize> = rich.spans.iter().map(|s| s.start).collect();
        assert_eq!(starts.first().copied(), Some(0), "spans start at 0");
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "span starts increase");
        assert!(starts.iter().all(|&s| rich.text.is_char_boundary(s)));
        for (i, _) in rich.text.char_indices() {
            assert!(rich.source_of(i) <= len, "source_of({i}) beyond the text");
        }
        for link in rich.spans.iter().filter_map(|s| s.style.link) {
            assert!((link as usize) < rich.links.len());
        }
    }
    for section in &doc.outline.sections {
        assert!(section.start <= section.end && section.end <= len);
        assert!(matches!(doc.blocks[section.block].kind, BlockKind::Heading { .. }));
    }
}

proptest! {
    #[test]
    fn any_markdown_parses_with_consistent_offsets(
        pieces in prop::collection::vec(
            prop::sample::select(vec![
                "# ", "## ", "\n", "\n\n", "- ", "1. ", "> ", "```", "~~~", "    ", "*", "**", "~~",
                "`", "[", "](", ")", "![", "|", "---", "===", "[x] ", "[^1]", "[^1]: ", "&amp;",
                "\\*", "<b>", "</b>", "<div>\n", "中文", "日本語", "DeepSeek", "440.6億", "text ",
                "  \n", "\t", "title: T\n",
            ]),
            0..60,
        ),
        front in any::<bool>(),
    ) {
        let mut text = if front { String::from("---\ntitle: x\n---\n") } else { String::new() };
        text.extend(pieces);
        check_invariants(&parse(&text));
    }
}

#[test]
fn welcome_article_round_trips() {
    let doc = parse(kan::source::WELCOME);
    assert_round_trip(&doc);
    check_invariants(&doc);
}

fn deepest_text(blocks: &[Block]) -> Option<String> {
    let mut found = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(content) => found = Some(rich(content).text.clone()),
            BlockKind::Quote(children) => found = deepest_text(children).or(found),
            BlockKind::List(list) => {
                for item in &list.items {
                    found = deepest_text(&item.blocks).or(found);
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn absurd_nesting_is_flattened_not_a_stack_overflow() {
    let quotes = parse(&format!("{} deep words\n", ">".repeat(100_000)));
    assert_eq!(deepest_text(&quotes.blocks).as_deref(), Some("deep words"));
    let lists = parse(&format!("{}item\n", "- ".repeat(20_000)));
    assert_eq!(deepest_text(&lists.blocks).as_deref(), Some("item"));
    let mixed = parse(&format!("{}*a* `b` c\n", "> - ".repeat(5_000)));
    assert_eq!(deepest_text(&mixed.blocks).as_deref(), Some("a b c"));
    check_invariants(&mixed);
}

#[test]
fn moderate_nesting_keeps_its_structure() {
    let doc = parse(&format!("{} inner\n", ">".repeat(10)));
    let mut depth = 0;
    let mut blocks = &doc.blocks;
    while let Some(BlockKind::Quote(children)) = blocks.first().map(|b| &b.kind) {
        depth += 1;
        blocks = children;
    }
    assert_eq!(depth, 10);
    assert_eq!(paragraph(&blocks[0]).text, "inner");
}

#[test]
fn text_after_entities_and_escapes_maps_exactly() {
    let doc = parse("a &amp; b \\* c &#x4E2D; 文\n");
    let text = paragraph(&doc.blocks[0]);
    assert_eq!(text.text, "a & b * c 中 文");
    for word in ["b", "c", "文"] {
        let at = text.text.find(word).expect("word in text");
        assert!(doc.text[text.source_of(at)..].starts_with(word), "{word:?} maps elsewhere");
        assert_eq!(text.index_of(doc.text.find(word).expect("word in source")), at);
    }
    // The entity itself maps to somewhere inside its source spelling.
    let entity = text.source_of(text.text.find('&').expect("&"));
    assert!(doc.text[entity..].starts_with("&amp;"));
}

#[test]
fn empty_task_items_keep_the_list_balanced() {
    for source in ["- [ ] \n- [x] b\n\nafter\n", "- [ ]\n- [x] b\n\nafter\n", "1. [x]\n   text\n\nafter\n"] {
        let doc = parse(source);
        let last = doc.blocks.last().expect("blocks");
        assert_eq!(paragraph(last).text, "after", "in {source:?}: {:?}", doc.blocks);
        check_invariants(&doc);
    }
    let doc = parse("- [ ] \n- [x] b\n");
    let checked: Vec<Option<bool>> = list(&doc.blocks[0]).items.iter().map(|i| i.checked).collect();
    assert_eq!(checked.last(), Some(&Some(true)));
}
