//! Blocks with their decorations (lists, quotes, code, tables, rules, images) and the lazy
//! cache: positions, anchors and resizes.

use kan::document::{
    Align, Anchor, Block, BlockKind, CodeBlock, Content, Document, Format, List, ListItem, RichText, Table,
};
use kan::layout::width::str_width;
use kan::layout::{self, Layout, LayoutOptions, Pos, Role};

fn doc_of(text: &str, blocks: Vec<Block>) -> Document {
    Document { text: text.to_string(), blocks, ..Document::default() }
}

fn para(text: &str, word: &str) -> Block {
    let start = text.find(word).unwrap();
    Block::new(start, start + word.len(), BlockKind::Paragraph(Content::Source(start..start + word.len())))
}

fn cell(text: &str, word: &str) -> RichText {
    RichText::plain(word, text.find(word).unwrap())
}

fn lines(doc: &Document, width: usize) -> Vec<String> {
    layout::render(doc, LayoutOptions::new(width))
}

#[test]
fn list_markers_hang_and_nest() {
    let text = "一二三四五六七八九十 second nested item";
    let inner = List {
        ordered: false,
        start: 1,
        items: vec![ListItem { offset: 28, checked: None, blocks: vec![para(text, "nested item")] }],
    };
    let list = List {
        ordered: true,
        start: 9,
        items: vec![
            ListItem { offset: 0, checked: None, blocks: vec![para(text, "一二三四五六七八九十")] },
            ListItem {
                offset: 31,
                checked: Some(true),
                blocks: vec![
                    para(text, "second"),
                    Block::new(38, text.len(), BlockKind::List(Box::new(inner))),
                ],
            },
        ],
    };
    let doc = doc_of(text, vec![Block::new(0, text.len(), BlockKind::List(Box::new(list)))]);
    assert_eq!(
        lines(&doc, 16),
        [" 9. 一二三四五六", "    七八九十", "10. [x] second", "        ◦ nested", "          item"]
    );
    // The marker is decoration; the text keeps its anchor.
    let mut layout = Layout::new(LayoutOptions::new(16));
    let first = &layout.segment_lines(&doc, 0, 0)[0];
    assert_eq!(first.runs[0].role, Role::Marker);
    assert_eq!(first.runs[0].source, None);
    assert_eq!(first.anchor, Anchor(0));
    assert_eq!(layout.segment_lines(&doc, 0, 0)[1].anchor, Anchor(text.find("七").unwrap()));
}

#[test]
fn quotes_have_bars_and_code_is_not_reflowed() {
    let text = "引用的文字很长很长 code";
    let code = CodeBlock { lang: None, text: "let x = 1;\n\nlet 中文 = 22222;\n".into(), source: 100 };
    let doc = doc_of(
        text,
        vec![
            Block::new(0, 27, BlockKind::Quote(vec![para(text, "引用的文字很长很长")])),
            Block::new(28, text.len(), BlockKind::Code(Box::new(code))),
            Block::new(32, 32, BlockKind::Rule),
            Block::new(32, 32, BlockKind::Image { alt: "地图".into() }),
        ],
    );
    assert_eq!(
        lines(&doc, 10),
        [
            "│ 引用的文",
            "│ 字很长很",
            "│ 长",
            "",
            "  let x =",
            "  1;",
            "",
            "  let 中文",
            "  = 22222;",
            "",
            "──────────",
            "",
            "[image: 地",
            "图]",
        ]
    );
}

#[test]
fn table_cells_align_cell_by_cell() {
    let text = "名字 年龄 城市 张三 30 北京 Li Lei 7 上海浦东新区";
    let table = Table {
        align: vec![Align::Left, Align::Right, Align::Center],
        header: vec![cell(text, "名字"), cell(text, "年龄"), cell(text, "城市")],
        rows: vec![
            vec![cell(text, "张三"), cell(text, "30"), cell(text, "北京")],
            vec![cell(text, "Li Lei"), cell(text, "7"), cell(text, "上海浦东新区")],
        ],
    };
    let doc = doc_of(text, vec![Block::new(0, text.len(), BlockKind::Table(Box::new(table)))]);
    let rows = lines(&doc, 80);
    assert_eq!(
        rows,
        [
            "名字   │ 年龄 │     城市",
            "───────┼──────┼─────────────",
            "张三   │   30 │     北京",
            "Li Lei │    7 │ 上海浦东新区"
        ]
    );
    // Column starts, in display columns, are the same on every row.
    let starts = |line: &str| -> Vec<usize> {
        line.match_indices('│').map(|(i, _)| str_width(&line[..i], false)).collect()
    };
    for row in [&rows[0], &rows[2], &rows[3]] {
        assert_eq!(starts(row), [7, 14], "{row}");
    }

    // Too narrow: the widest column (城市, 12) shrinks first and its cells wrap inside it.
    let narrow = lines(&doc, 24);
    assert_eq!(
        narrow,
        [
            "名字   │ 年龄 │   城市",
            "───────┼──────┼─────────",
            "张三   │   30 │   北京",
            "Li Lei │    7 │ 上海浦东",
            "       │      │   新区"
        ]
    );
    for row in narrow.iter().filter(|l| l.contains('│')) {
        assert_eq!(starts(row), [7, 14], "{row}");
        assert!(str_width(row, false) <= 24);
    }
    for width in 1..40 {
        for line in lines(&doc, width) {
            assert!(str_width(&line, false) <= width, "{line:?} at {width}");
        }
    }
}

#[test]
fn positions_anchors_and_resizes_stay_on_the_same_text() {
    let text: String =
        (0..200).map(|i| format!("第{i}段，山路上的雨下了一整夜，客栈里的灯火始终没有熄灭。\n\n")).collect();
    let doc = Document::parse(text, Format::Text);
    let mut layout = Layout::new(LayoutOptions::new(20));
    let target = doc.text.find("第150段").unwrap();
    let anchor = Anchor(target + "第150段，山路上的".len());
    let pos = layout.position_of(&doc, anchor);
    let lines = layout.segment_lines(&doc, pos.block, pos.segment);
    let line = &lines[pos.line];
    assert!(line.anchor <= anchor);
    assert!(doc.text[line.anchor.0..].starts_with(&line.text));

    // Moving down and back returns to the same position.
    let there = layout.advance(&doc, pos, 37);
    assert_eq!(layout.advance(&doc, there, -37), pos);
    assert_eq!(layout.lines_from(&doc, pos, 5).len(), 5);

    // After a resize the same text is at the top.
    layout.set_options(LayoutOptions::new(33));
    let top = layout.position_of(&doc, line.anchor);
    let new_line = &layout.segment_lines(&doc, top.block, top.segment)[top.line];
    assert!(new_line.anchor <= line.anchor);
    assert!(doc.text[new_line.anchor.0..].contains(&line.text));
    assert_eq!(layout.last(&doc).block, doc.blocks.len() - 1);
    assert_eq!(layout.advance(&doc, Pos::default(), -3), Pos::default());
}
