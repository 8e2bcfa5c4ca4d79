//! Fuzzes the plain-text path from bytes: decoding, parsing, the outline and the rendered lines.
//! Any bytes never panic; blocks and sections stay in order on character boundaries; no rendered
//! line is wider than the width or carries a control character.
#![no_main]

use kan::document::{Document, Format};
use kan::layout::width::str_width;
use kan::layout::{LayoutOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &[u8])| {
    let (width, bytes) = input;
    let Ok(decoded) = kan::decode::decode(bytes.to_vec(), None) else { return };
    let doc = Document::parse(decoded.text, Format::Text);
    let mut at = 0;
    for block in &doc.blocks {
        assert!(block.offset >= at, "blocks out of order");
        assert!(block.offset <= block.end && block.end <= doc.text.len(), "block outside the text");
        assert!(doc.text.is_char_boundary(block.offset) && doc.text.is_char_boundary(block.end));
        at = block.offset;
    }
    let _ = doc.outline.to_text();
    let width = usize::from(width % 120).max(1);
    for line in render(&doc, LayoutOptions::new(width)) {
        assert!(str_width(&line, false) <= width, "{line:?} wider than {width}");
        assert!(!line.chars().any(char::is_control), "control in {line:?}");
    }
});
