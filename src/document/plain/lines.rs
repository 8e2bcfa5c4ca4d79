//! Line scanning for plain text: line ranges found with memchr, trimming, and the shape of a text
//! (how it marks paragraphs), measured once over all its lines.

use std::ops::Range;

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

/// `range` without leading and trailing whitespace (empty at its end for a blank line): what
/// `str::trim` leaves, with ASCII whitespace, the ideographic space and the first byte of other
/// characters looked at before anything is decoded.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let (start, mut end) = (leading_whitespace_end(text, range.clone()), range.end);
    while end > start {
        match bytes[end - 1] {
            b' ' | b'\t'..=b'\r' => end -= 1,
            0..0x80 => break,
            _ => match text[start..end].chars().next_back() {
                Some(c) if c.is_whitespace() => end -= c.len_utf8(),
                _ => break,
            },
        }
    }
    start..end
}

/// Where the whitespace at the start of `text[range]` ends.
fn leading_whitespace_end(text: &str, range: Range<usize>) -> usize {
    let bytes = text.as_bytes();
    let (mut start, end) = (range.start, range.end);
    while start < end {
        match bytes[start] {
            b' ' | b'\t'..=b'\r' => start += 1,
            // The ideographic space; other whitespace above ASCII starts with these bytes.
            0xE3 if bytes[start..end].starts_with("　".as_bytes()) => start += 3,
            0..0x80 | 0xC3..=0xE0 | 0xE3.. => break,
            _ => match text[start..end].chars().next() {
                Some(c) if c.is_whitespace() => start += c.len_utf8(),
                _ => break,
            },
        }
    }
    start
}

/// Lines wider than this many columns are paragraphs that were never hard-wrapped.
const SOFT_WRAP_COLUMNS: usize = 100;
/// Texts are not hard-wrapped narrower than this: lines of a text whose lines are all shorter
/// (a poem, a list) are never joined.
const MIN_WRAP_COLUMNS: usize = 30;

/// How a text marks its paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Paragraphs start with this indentation: an indented line starts a new paragraph.
    pub indent: Option<Indent>,
    /// Paragraphs are single long lines: every line is a paragraph and nothing is joined.
    pub soft_wrapped: bool,
    /// The width in columns the text was hard-wrapped at (0 for a text without lines).
    pub wrap_width: usize,
    /// About how many blocks the text has (each ends with a line short of the wrap width), so
    /// the block list is allocated once.
    pub blocks_hint: usize,
}

impl Shape {
    /// Measures a text: the first bytes of each line, and the width of lines up to
    /// [`SOFT_WRAP_COLUMNS`] wide.
    pub fn of(text: &str) -> Shape {
        let mut nonblank = 0usize;
        let mut ideographic = 0usize;
        let mut spaces = 0usize;
        // widths[c]: how many lines are c columns wide; the last bucket holds long lines.
        let mut widths = [0usize; SOFT_WRAP_COLUMNS + 2];
        for range in Lines::new(text) {
            let line = &text[range];
            let Some(first) = line.bytes().find(|b| !b.is_ascii_whitespace()) else {
                continue;
            };
            // An ideographic-space-only line is blank too.
            if first == 0xE3 && leading_whitespace_end(line, 0..line.len()) == line.len() {
                continue;
            }
            nonblank += 1;
            match indentation(line) {
                Some(Indent::Ideographic) => ideographic += 1,
                Some(Indent::Spaces) => spaces += 1,
                None => {}
            }
            let columns = if line.len() > 2 * SOFT_WRAP_COLUMNS { usize::MAX } else { approx_columns(line) };
            widths[columns.min(SOFT_WRAP_COLUMNS + 1)] += 1;
        }
        let indent = if ideographic >= spaces && ideographic > 0 && ideographic * 10 >= nonblank {
            Some(Indent::Ideographic)
        } else if spaces > 0 && spaces * 10 >= nonblank {
            Some(Indent::Spaces)
        } else {
            None
        };
        // The wrap width: the width that 90% of lines stay within.
        let mut seen = 0;
        let mut wrap_width = 0;
        for (columns, count) in widths.iter().enumerate() {
            seen += count;
            if seen * 10 >= nonblank * 9 {
                wrap_width = columns;
                break;
            }
        }
        let long = widths[SOFT_WRAP_COLUMNS + 1];
        let soft_wrapped = long > 0 && long * 10 >= nonblank;
        let mut shape = Shape { indent, soft_wrapped, wrap_width, blocks_hint: 0 };
        let ending: usize = widths[..shape.full_columns().min(widths.len())].iter().sum();
        shape.blocks_hint = if soft_wrapped { nonblank } else { ending + ending / 16 };
        shape
    }

    /// The width from which a line counts as full.
    fn full_columns(&self) -> usize {
        if self.wrap_width < MIN_WRAP_COLUMNS {
            return usize::MAX;
        }
        let slack = (self.wrap_width / 4).max(8);
        self.wrap_width - slack
    }

    /// Whether a raw line starts with this text's paragraph indentation.
    pub fn is_indented(&self, line: &str) -> bool {
        self.indent.is_some() && indentation(line) == self.indent
    }

    /// Whether a line reaches the wrap width, so that the next line may carry on its paragraph.
    /// A shorter line ends its paragraph (the last line of a paragraph, a poem line, an address).
    pub fn is_full(&self, line: &str) -> bool {
        let needed = self.full_columns();
        // Every character takes at least one column per two bytes, and at most one per byte.
        if needed == usize::MAX || line.len() < needed {
            false
        } else if line.len() / 2 >= needed {
            true
        } else {
            approx_columns(line) >= needed
        }
    }
}

/// The display width of a line, estimated from its UTF-8 bytes: one column for a one- or
/// two-byte character, two for longer ones (CJK, kana, fullwidth forms, emoji).
pub fn approx_columns(line: &str) -> usize {
    // Counted in byte-wide counters (at most two a byte, so 127 bytes a chunk) that vectorise.
    line.as_bytes()
        .chunks(127)
        .map(|chunk| {
            let columns =
                chunk.iter().fold(0u8, |n, &b| n + u8::from(b & 0xC0 != 0x80) + u8::from(b >= 0xE0));
            usize::from(columns)
        })
        .sum()
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
        let shape = Shape::of(text);
        assert_eq!((shape.indent, shape.soft_wrapped), (Some(Indent::Ideographic), false));
    }

    #[test]
    fn hard_wrapped_and_soft_wrapped_shapes() {
        let hard = "It was a cold morning when the train\npulled into the station.\n\nNext one.\n";
        let shape = Shape::of(hard);
        assert_eq!((shape.indent, shape.soft_wrapped, shape.wrap_width), (None, false, 36));
        assert_eq!(shape.blocks_hint, 2);
        let long = "word ".repeat(30);
        let soft = format!("{long}\n{long}\nshort\n");
        assert!(Shape::of(&soft).soft_wrapped);
        let spaces = "Title\n\n    First paragraph\nwraps here.\n    Second.\n";
        assert_eq!(Shape::of(spaces).indent, Some(Indent::Spaces));
    }

    /// Whitespace of all kinds, CJK, Latin and other text.
    const PIECES: &[&str] = &[
        " ", "\t", "\r", "\u{b}", "\u{c}", "　", "\u{85}", "\u{a0}", "\u{2028}", "\u{200b}", "\u{feff}",
        "\u{1680}", "\u{205f}", "\u{3001}", "中", "a", "é", "😀", "。",
    ];

    proptest::proptest! {
        #[test]
        fn trimming_agrees_with_str_trim(picks in proptest::collection::vec(0..PIECES.len(), 0..30), lead in 0..3usize) {
            let line: String = picks.iter().map(|&i| PIECES[i]).collect();
            let text = format!("{}{line}", "x".repeat(lead));
            let range = trimmed(&text, lead..text.len());
            let trim = line.trim();
            let start = lead + (line.len() - line.trim_start().len());
            proptest::prop_assert_eq!(range, start..start + trim.len(), "{:?}", line);
        }

        #[test]
        fn columns_agree_with_a_count_per_byte(line in "\\PC{0,400}") {
            let reference: usize = line.bytes().map(|b| match b {
                0x80..=0xBF => 0,
                0xE0..=0xFF => 2,
                _ => 1,
            }).sum();
            proptest::prop_assert_eq!(approx_columns(&line), reference);
        }
    }

    #[test]
    fn full_lines_reach_the_wrap_width() {
        let shape = Shape { wrap_width: 60, ..Shape::default() };
        assert!(shape.is_full(&"x".repeat(50)));
        assert!(!shape.is_full(&"x".repeat(40)));
        assert!(shape.is_full(&"中".repeat(25)));
        assert!(!shape.is_full("灯火照旧雪"));
        assert_eq!(approx_columns("a中b"), 4);
        let poem = Shape::of("灯火照旧雪\n雪落无人渡\n渡口十年客\n");
        assert!(!poem.is_full("灯火照旧雪"));
        assert_eq!(poem.blocks_hint, 3);
    }
}
