//! Fuzzes the Markdown path: parsing, the outline, rendering and moving through the layout.
//! Any text never panics; blocks stay in order on character boundaries; rendered lines carry no
//! control character; an anchor maps to a position and back without leaving the text.
#![no_main]

use kan::document::{Anchor, Document, Format};
use kan::layout::{Layout, LayoutOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (width, text) = input;
    let doc = Document::parse(text.to_owned(), Format::Markdown);
    let mut at = 0;
    for block in &doc.blocks {
        assert!(block.offset >= at, "blocks out of order");
        assert!(block.offset <= block.end && block.end <= doc.text.len(), "block outside the text");
        at = block.offset;
    }
    let _ = doc.outline.to_text();
    let width = usize::from(width % 120).max(1);
    for line in render(&doc, LayoutOptions::new(width)) {
        assert!(!line.chars().any(char::is_control), "control in {line:?}");
    }
    let mut layout = Layout::new(LayoutOptions::new(width));
    let last = layout.last(&doc);
    for offset in [0, doc.text.len() / 3, doc.text.len() / 2, doc.text.len()] {
        let pos = layout.position_of(&doc, Anchor(offset));
        let anchor = layout.anchor_of(&doc, pos);
        assert!(anchor.0 <= doc.text.len(), "anchor past the text");
        let _ = layout.lines_from(&doc, pos, 30);
        let _ = layout.advance(&doc, pos, 25);
        let _ = layout.advance(&doc, pos, -25);
    }
    let _ = layout.lines_from(&doc, last, 30);
});
