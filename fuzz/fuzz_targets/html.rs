//! Fuzzes web pages and books: any HTML text, and any bytes as an EPUB, never panic or hang; the
//! blocks of what they give stay in order inside the text, and rendered lines carry no control
//! character (a page's text never reaches the terminal raw).
#![no_main]

use kan::document::html::{self, HtmlOptions};
use kan::document::{Document, epub};
use kan::layout::{LayoutOptions, render};
use libfuzzer_sys::fuzz_target;

fn check(doc: &Document, width: usize) {
    let mut at = 0;
    for block in &doc.blocks {
        assert!(block.offset >= at, "blocks out of order");
        assert!(block.offset <= block.end && block.end <= doc.text.len(), "block outside the text");
        at = block.offset;
    }
    let _ = doc.outline.to_text();
    for line in render(doc, LayoutOptions::new(width)) {
        assert!(!line.chars().any(char::is_control), "control in {line:?}");
    }
}

fuzz_target!(|input: (u8, bool, &[u8])| {
    let (width, as_book, bytes) = input;
    let width = usize::from(width % 120).max(1);
    if as_book {
        if let Ok(doc) = epub::parse(bytes.to_vec(), HtmlOptions::default()) {
            check(&doc, width);
        }
    } else {
        check(&html::parse(&String::from_utf8_lossy(bytes), HtmlOptions::default()), width);
    }
});
