//! Line scanning for plain text: line ranges found with memchr, trimming, and the shape of a text
//! (how it marks paragraphs), measured once over all its lines.

use std::ops::Range;

use super::is_cjk;
use super::rules::{Indent, indentation};

/// The byte ranges of the lines of a text, without their `\n`. No allocation.
#[derive(Clone)]
pub struct Lines<'t> {
    text: &'t str,
    /// Where the next line starts.
    pub pos: usize,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        Lines { text, pos: 0 }
    }

    pub fn at(text: &'t str, pos: usize) -> Self {
        Lines { text, pos }
    }
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.pos = end + 1;
        Some(start..end)
    }
}

/// `range` without leading and trailing whitespace (empty at its end for a blank line).
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let line = &text[range.clone()];
    let start_trimmed = line.trim_start();
    let start = range.end - start_trimmed.len();
    start..start + start_trimmed.trim_end().len()
}

/// Lines wider than this many columns are paragraphs that were never hard-wrapped.
const SOFT_WRAP_COLUMNS: usize = 100;

/// How a text marks its paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Paragraphs start with this indentation: an indented line starts a new paragraph.
    pub indent: Option<Indent>,
    /// Paragraphs are single long lines: every line is a paragraph and nothing is joined.
    pub soft_wrapped: bool,
}

impl Shape {
    /// Measures a text. Only the first bytes of each line and the width of mid-sized lines are
    /// looked at.
    pub fn of(text: &str) -> Shape {
        let mut nonblank = 0usize;
        let mut ideographic = 0usize;
        let mut spaces = 0usize;
        let mut long = 0usize;
        for range in Lines::new(text) {
            let line = &text[range];
            let Some(first) = line.bytes().find(|b| !b.is_ascii_whitespace()) else {
                continue;
            };
            // An ideographic-space-only line is blank too.
            if first == 0xE3 && line.trim().is_empty() {
                continue;
            }
            nonblank += 1;
            match indentation(line) {
                Some(Indent::Ideographic) => ideographic += 1,
                Some(Indent::Spaces) => spaces += 1,
                None => {}
            }
            if is_long(line) {
                long += 1;
            }
        }
        let indent = if ideographic >= spaces && ideographic > 0 && ideographic * 10 >= nonblank {
            Some(Indent::Ideographic)
        } else if spaces > 0 && spaces * 10 >= nonblank {
            Some(Indent::Spaces)
        } else {
            None
        };
        Shape { indent, soft_wrapped: long > 0 && long * 10 >= nonblank }
    }

    /// Whether a raw line starts with this text's paragraph indentation.
    pub fn is_indented(&self, line: &str) -> bool {
        self.indent.is_some() && indentation(line) == self.indent
    }
}

/// Wider than [`SOFT_WRAP_COLUMNS`] (a CJK character counts two columns, and takes three bytes).
fn is_long(line: &str) -> bool {
    if line.len() > 2 * SOFT_WRAP_COLUMNS {
        return true;
    }
    if line.len() <= SOFT_WRAP_COLUMNS {
        return false;
    }
    let columns: usize = line.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum();
    columns > SOFT_WRAP_COLUMNS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        Lines::new(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn lines_split_at_newlines_without_a_trailing_empty_line() {
        assert_eq!(lines("a\n\nb"), ["a", "", "b"]);
        assert_eq!(lines("a\n"), ["a"]);
        assert_eq!(lines(""), Vec::<&str>::new());
        assert_eq!(lines("\n"), [""]);
    }

    #[test]
    fn trimming_drops_ascii_and_ideographic_space() {
        let text = "x\n　　中文  \ny";
        assert_eq!(&text[trimmed(text, 2..text.len() - 2)], "中文");
        assert!(trimmed(" \t ", 0..3).is_empty());
    }

    #[test]
    fn indented_novel_shape() {
        let text = "书名\n\n第一章\n　　第一段。\n　　第二段。\n　　第三段。\n";
        assert_eq!(Shape::of(text), Shape { indent: Some(Indent::Ideographic), soft_wrapped: false });
    }

    #[test]
    fn hard_wrapped_and_soft_wrapped_shapes() {
        let hard = "It was a cold morning when the train\npulled into the station.\n\nNext one.\n";
        assert_eq!(Shape::of(hard), Shape::default());
        let long = "word ".repeat(30);
        let soft = format!("{long}\n{long}\nshort\n");
        assert!(Shape::of(&soft).soft_wrapped);
        let spaces = "Title\n\n    First paragraph\nwraps here.\n    Second.\n";
        assert_eq!(Shape::of(spaces).indent, Some(Indent::Spaces));
    }
}
