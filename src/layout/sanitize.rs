//! Sanitising document text before it is measured: controls made visible, tabs expanded (or
//! kept for the wrapper, which expands them at the tab stops of their visual line), bidi
//! controls removed, invisible format characters turned into break hints, line separators
//! unified to `\n`. Document text never reaches the terminal raw.

use super::width::{str_width, tab_advance};
use crate::document::Style;

/// A piece of sanitised text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset in [`Clean::text`].
    pub start: usize,
    /// Document offset of the piece's first byte.
    pub source: usize,
    pub style: Style,
    /// Whether byte `k` of the piece came from `source + (k - start)`; false for replacements
    /// (caret notation, tabs), whose every byte maps to `source`. A tab is a piece of its own.
    pub linear: bool,
}

/// What an invisible character removed by sanitising meant for line breaking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// A zero-width space: a break is allowed here.
    Break,
    /// A soft hyphen: a break is allowed here, drawn as `-`.
    Hyphen,
    /// A word joiner or BOM: no break here.
    Glue,
}

/// Sanitised text: only drawable characters and `\n` (a hard line break), and `\t` in text made
/// for wrapping ([`Sanitizer::for_wrapping`]).
#[derive(Clone, Debug, Default)]
pub struct Clean {
    pub text: String,
    /// Partition [`Clean::text`] in order.
    pub pieces: Vec<Piece>,
    /// Sorted by position (a byte offset in `text`).
    pub hints: Vec<(usize, Hint)>,
}

impl Clean {
    /// The document offset that byte `index` of the text came from.
    pub fn source_of(&self, index: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.start <= index);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.linear => p.source + (index - p.start),
            Some(p) => p.source,
            None => self.pieces.first().map_or(0, |p| p.source),
        }
    }
}

/// Builds a [`Clean`] from pieces of document text.
#[derive(Debug)]
pub struct Sanitizer {
    clean: Clean,
    tab_width: usize,
    ambiguous_wide: bool,
    /// Whether tabs are kept as `\t` for the wrapper (else expanded here).
    keep_tabs: bool,
    /// When tabs are expanded: the column that byte `measured` of `clean.text` is at in its
    /// hard line. Measured up to each tab only, so expanding costs linear time.
    column: usize,
    measured: usize,
}

impl Sanitizer {
    /// A sanitizer for text drawn as it is: tabs expanded to stops from the start of each hard
    /// line.
    pub fn new(tab_width: usize, ambiguous_wide: bool, capacity: usize) -> Self {
        Sanitizer {
            clean: Clean { text: String::with_capacity(capacity), ..Clean::default() },
            tab_width: tab_width.max(1),
            ambiguous_wide,
            keep_tabs: false,
            column: 0,
            measured: 0,
        }
    }

    /// A sanitizer for text to wrap: each tab is kept as a `\t` piece of its own, for the
    /// wrapper to expand at the tab stops of the visual line it lands on.
    pub fn for_wrapping(tab_width: usize, ambiguous_wide: bool, capacity: usize) -> Self {
        Sanitizer { keep_tabs: true, ..Sanitizer::new(tab_width, ambiguous_wide, capacity) }
    }

    /// The text sanitised so far.
    pub fn clean(&self) -> &Clean {
        &self.clean
    }

    /// The sanitised text; `source` is the document offset an empty text stands for.
    pub fn finish(mut self, source: usize) -> Clean {
        if self.clean.pieces.is_empty() {
            self.clean.pieces.push(Piece { start: 0, source, style: Style::default(), linear: true });
        }
        self.clean
    }

    fn push_linear(&mut self, text: &str, source: usize, style: Style) {
        if text.is_empty() {
            return;
        }
        let start = self.clean.text.len();
        let continues = self
            .clean
            .pieces
            .last()
            .is_some_and(|p| p.linear && p.style == style && p.source + (start - p.start) == source);
        if !continues {
            self.clean.pieces.push(Piece { start, source, style, linear: true });
        }
        self.clean.text.push_str(text);
    }

    fn push_replacement(&mut self, text: &str, source: usize, style: Style) {
        let start = self.clean.text.len();
        self.clean.pieces.push(Piece { start, source, style, linear: false });
        self.clean.text.push_str(text);
    }

    /// Appends `text`, which stands as a whole for document offset `source` (a converted phrase
    /// of another length): every byte maps to `source`.
    pub fn push_substitute(&mut self, text: &str, source: usize, style: Style) {
        let at = self.clean.text.len();
        let first = self.clean.pieces.len();
        self.push(text, source, style);
        if self.clean.pieces.get(first).is_none_or(|p| p.start != at) && self.clean.text.len() > at {
            self.clean.pieces.insert(first, Piece { start: at, source, style, linear: false });
        }
        for piece in &mut self.clean.pieces[first..] {
            piece.source = source;
            piece.linear = false;
        }
    }

    /// Appends `text`, which came from document offset `source`.
    pub fn push(&mut self, text: &str, source: usize, style: Style) {
        let bytes = text.as_bytes();
        let mut done = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Only these lead bytes can start a character that needs sanitising.
            if !(b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2 || b == 0xEF) {
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            let len = c.len_utf8();
            let action = classify(c);
            if let Action::Keep = action {
                i += len;
                continue;
            }
            self.push_linear(&text[done..i], source + done, style);
            let at = source + i;
            let mut consumed = len;
            match action {
                Action::Keep => {}
                Action::Remove => {}
                Action::Hint(hint) => {
                    let pos = self.clean.text.len();
                    self.clean.hints.push((pos, hint));
                }
                Action::LineBreak => {
                    if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                        consumed = 2;
                    }
                    if c == '\n' {
                        self.push_linear("\n", at, style);
                    } else {
                        self.push_replacement("\n", at, style);
                    }
                    self.column = 0;
                    self.measured = self.clean.text.len();
                }
                Action::Tab if self.keep_tabs => self.push_replacement("\t", at, style),
                Action::Tab => {
                    self.column += str_width(&self.clean.text[self.measured..], self.ambiguous_wide);
                    let spaces = tab_advance(self.column, self.tab_width);
                    self.push_replacement(&" ".repeat(spaces), at, style);
                    self.column += spaces;
                    self.measured = self.clean.text.len();
                }
                Action::Caret(shown) => {
                    let mut buf = [0u8; 4];
                    let shown = shown.encode_utf8(&mut buf);
                    let text = format!("^{shown}");
                    self.push_replacement(&text, at, style);
                }
                Action::Code => {
                    let text = format!("<U+{:04X}>", c as u32);
                    self.push_replacement(&text, at, style);
                }
            }
            i += consumed;
            done = i;
        }
        self.push_linear(&text[done..], source + done, style);
    }
}

enum Action {
    Keep,
    Remove,
    Hint(Hint),
    LineBreak,
    Tab,
    Caret(char),
    Code,
}

fn classify(c: char) -> Action {
    match c {
        '\t' => Action::Tab,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Action::LineBreak,
        '\u{00}'..='\u{1F}' => Action::Caret(char::from(c as u8 + 0x40)),
        '\u{7F}' => Action::Caret('?'),
        '\u{80}'..='\u{9F}' => Action::Code,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Action::Remove
        }
        '\u{200B}' => Action::Hint(Hint::Break),
        '\u{00AD}' => Action::Hint(Hint::Hyphen),
        '\u{2060}' | '\u{FEFF}' => Action::Hint(Hint::Glue),
        _ => Action::Keep,
    }
}

/// Whether a character may be drawn in a cell: sanitised text contains nothing else (bar `\n`,
/// which ends a line and is never drawn).
pub fn is_drawable(c: char) -> bool {
    matches!(classify(c), Action::Keep)
}

/// Sanitises a whole string that starts at document offset 0, ready to draw.
pub fn sanitize(text: &str, tab_width: usize, ambiguous_wide: bool) -> Clean {
    let mut s = Sanitizer::new(tab_width, ambiguous_wide, text.len());
    s.push(text, 0, Style::default());
    s.finish(0)
}

/// Sanitises a whole string that starts at document offset 0, ready to wrap (tabs kept).
pub fn sanitize_for_wrapping(text: &str, tab_width: usize, ambiguous_wide: bool) -> Clean {
    let mut s = Sanitizer::for_wrapping(tab_width, ambiguous_wide, text.len());
    s.push(text, 0, Style::default());
    s.finish(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        sanitize(text, 4, false).text
    }

    #[test]
    fn controls_are_shown_in_caret_and_code_notation() {
        assert_eq!(clean("a\u{1b}[31mb\u{7}"), "a^[[31mb^G");
        assert_eq!(clean("\u{7f}\u{0}"), "^?^@");
        assert_eq!(clean("x\u{9b}y"), "x<U+009B>y");
    }

    #[test]
    fn line_separators_become_newlines() {
        assert_eq!(clean("a\r\nb\rc\u{85}d\u{2028}e\u{2029}f\u{b}g\u{c}h\ni"), "a\nb\nc\nd\ne\nf\ng\nh\ni");
    }

    #[test]
    fn tabs_expand_to_stops_from_the_line_start() {
        assert_eq!(clean("\tx"), "    x");
        assert_eq!(clean("ab\tx"), "ab  x");
        assert_eq!(clean("中文字\tx"), "中文字  x");
        assert_eq!(clean("abcd\tx\n\ty"), "abcd    x\n    y");
    }

    #[test]
    fn for_wrapping_each_tab_is_kept_as_a_piece_of_its_own() {
        let c = sanitize_for_wrapping("ab\tcd\t\te", 4, false);
        assert_eq!(c.text, "ab\tcd\t\te");
        let tabs: Vec<_> = c.pieces.iter().filter(|p| c.text[p.start..].starts_with('\t')).collect();
        assert_eq!(tabs.len(), 3);
        assert!(tabs.iter().all(|p| !p.linear));
        assert_eq!(c.source_of(5), 5);
        assert_eq!(c.source_of(7), 7);
    }

    #[test]
    fn many_tabs_expand_in_linear_time() {
        let line = format!("{}x", "中\t".repeat(100_000));
        assert_eq!(clean(&line), format!("{}x", "中  ".repeat(100_000)));
    }

    #[test]
    fn bidi_controls_are_removed_and_invisibles_become_hints() {
        let c = sanitize("a\u{202E}b\u{2066}c\u{200B}d\u{AD}e\u{2060}f\u{FEFF}", 4, false);
        assert_eq!(c.text, "abcdef");
        assert_eq!(c.hints, vec![(3, Hint::Break), (4, Hint::Hyphen), (5, Hint::Glue), (6, Hint::Glue)]);
    }

    #[test]
    fn sources_map_back_through_replacements() {
        let text = "ab\u{1b}cd\u{202E}ef";
        let c = sanitize(text, 4, false);
        assert_eq!(c.text, "ab^[cdef");
        assert_eq!(c.source_of(0), 0);
        assert_eq!(c.source_of(2), 2);
        assert_eq!(c.source_of(3), 2);
        assert_eq!(&text[c.source_of(4)..], "cd\u{202E}ef");
        assert_eq!(&text[c.source_of(6)..], "ef");
    }
}
