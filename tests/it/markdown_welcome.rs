//! The bundled welcome article parses into a sensible document and tells the reader the keys.

use kan::document::{Block, BlockKind, Document, Format};
use kan::source::WELCOME;

fn welcome() -> Document {
    Document::parse(WELCOME.to_owned(), Format::Markdown)
}

/// Every block, nested ones included, in document order.
fn walk(blocks: &[Block], out: &mut Vec<Block>) {
    for block in blocks {
        out.push(block.clone());
        match &block.kind {
            BlockKind::List(list) => list.items.iter().for_each(|item| walk(&item.blocks, out)),
            BlockKind::Quote(children) => walk(children, out),
            _ => {}
        }
    }
}

fn all_blocks(doc: &Document) -> Vec<Block> {
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// All readable text: paragraphs, headings, list items, quotes and table cells.
fn all_text(doc: &Document) -> String {
    let mut text = String::new();
    for block in all_blocks(doc) {
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                text.push_str(&content.rich(&doc.text).text);
            }
            BlockKind::Table(table) => {
                for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                    text.push_str(&cell.text);
                    text.push('\n');
                }
            }
            _ => {}
        }
        text.push('\n');
    }
    text
}

#[test]
fn welcome_has_a_title_and_a_sensible_outline() {
    let doc = welcome();
    assert_eq!(doc.title.as_deref(), Some("Welcome to kan（看）"));
    let outline = doc.outline.to_text();
    let lines: Vec<&str> = outline.lines().collect();
    assert_eq!(lines[0], "Welcome to kan（看）");
    // One title at the top; every other heading sits below it.
    assert!(lines[1..].iter().all(|line| line.starts_with("  ")), "{outline}");
    for section in
        ["  Getting around", "  中文阅读", "  日本語の文章", "    A short tour", "    A table with CJK cells"]
    {
        assert!(lines.contains(&section), "{section:?} missing from\n{outline}");
    }
    assert!(!outline.contains('#'), "a code-fence comment leaked into the outline:\n{outline}");
    let levels: Vec<u8> = doc.outline.sections.iter().map(|s| s.level).collect();
    assert!(levels.contains(&1) && levels.contains(&2) && levels.contains(&3));
}

#[test]
fn welcome_shows_off_every_kind_of_block() {
    let doc = welcome();
    let blocks = all_blocks(&doc);
    let nested_list = blocks.iter().any(|b| match &b.kind {
        BlockKind::List(list) => {
            list.ordered
                && list.items.iter().any(|i| i.blocks.iter().any(|c| matches!(c.kind, BlockKind::List(_))))
        }
        _ => false,
    });
    assert!(nested_list, "a numbered list with a nested list");
    let task_list = blocks.iter().any(|b| match &b.kind {
        BlockKind::List(list) => {
            list.items.iter().any(|i| i.checked == Some(true))
                && list.items.iter().any(|i| i.checked == Some(false))
        }
        _ => false,
    });
    assert!(task_list, "a task list with done and open items");
    let cjk_table = blocks.iter().any(|b| match &b.kind {
        BlockKind::Table(table) => table.rows.iter().flatten().any(|cell| cell.text.contains("中文")),
        _ => false,
    });
    assert!(cjk_table, "a table with CJK cells");
    assert!(blocks.iter().any(|b| matches!(b.kind, BlockKind::Quote(_))));
    assert!(
        blocks.iter().any(|b| matches!(&b.kind, BlockKind::Code(code) if code.lang.as_deref() == Some("sh")))
    );
    let text = all_text(&doc);
    for mixed in ["440.6億", "用 DeepSeek 这类大模型", "日本語では"] {
        assert!(text.contains(mixed), "{mixed:?} missing");
    }
}

#[test]
fn welcome_tells_the_reader_every_key() {
    let text = all_text(&welcome());
    for key in [
        "`j`", "`k`", "`Space`", "`b`", "`Ctrl-d`", "`Ctrl-u`", "`g g`", "`G`", "`]`", "`[`", "`}`", "`{`",
        "`/`", "`n`", "`N`", "`Ctrl-o`", "`o`", "`Tab`", "`s`", "`m`", "`'`", "`?`", "`q`",
    ] {
        // Inline code loses its backticks in the model: look for the bare key in a table cell.
        let bare = key.trim_matches('`');
        assert!(
            text.lines()
                .any(|line| line.split(" / ").any(|part| part.split(" or ").any(|p| p.trim() == bare))),
            "key {bare:?} is not explained"
        );
    }
}
