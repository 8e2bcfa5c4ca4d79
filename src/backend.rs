//! The terminal backend: crossterm's, with CJK text written as runs.
//!
//! ratatui's crossterm backend moves the cursor before every cell that does not follow the one
//! it wrote last, counting every cell as one column wide. After a wide character the next cell
//! is two columns on, so a line of Chinese went out as a cursor move per character: about eight
//! bytes of escape sequence for three of text, a screen of 20 KB instead of 6 (it matters most
//! over ssh). Here the columns a wide character covers are handed to it as empty cells in the
//! same style, which print nothing and move nothing, so the next character follows without a
//! move. Only characters every terminal draws two columns wide get this (ideographs, kana,
//! Hangul, fullwidth forms); after anything else (emoji, ambiguous widths), the cursor is still
//! placed, so a terminal that measures such a character differently cannot shift the rest of
//! the line.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// crossterm's backend writing to `W`, with wide characters written as runs.
pub struct RunBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> RunBackend<W> {
    pub fn new(writer: W) -> Self {
        RunBackend { inner: CrosstermBackend::new(writer) }
    }
}

/// Whether every terminal draws `symbol` two columns wide: one assigned character (two columns
/// to unicode-width, as to ratatui) of a block that is East Asian Wide or Fullwidth as a whole,
/// with no ambiguous or emoji members.
fn surely_wide(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    c.width() == Some(2)
        && matches!(c,
        '\u{1100}'..='\u{115F}'     // Hangul Jamo leading consonants
        | '\u{3000}'..='\u{3029}'   // ideographic space, CJK punctuation (not the tone marks)
        | '\u{3030}'..='\u{303E}'
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309B}'..='\u{30FF}'   // kana marks, katakana
        | '\u{3105}'..='\u{318E}'   // Bopomofo, Hangul compatibility Jamo
        | '\u{3190}'..='\u{3247}'   // kanbun, strokes, enclosed CJK letters
        | '\u{3250}'..='\u{33FF}'   // enclosed CJK letters, CJK compatibility (not 3248-324F)
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{A960}'..='\u{A97C}'   // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF01}'..='\u{FF60}'   // fullwidth forms
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{2FFFD}' // CJK Extensions B to F, compatibility supplement
        | '\u{30000}'..='\u{3FFFD}') // CJK Extensions G and on
}

impl<W: Write> Backend for RunBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        // The empty cells a wide character covers, in its style: built first, borrowed after.
        let covered: Vec<Cell> = cells
            .iter()
            .filter(|(_, _, cell)| surely_wide(cell.symbol()))
            .map(|(_, _, cell)| {
                let mut empty = Cell::EMPTY;
                empty.set_symbol("").set_style(cell.style());
                empty
            })
            .collect();
        let mut covered_cells = covered.iter();
        let mut run = Vec::with_capacity(cells.len() + covered.len());
        for (x, y, cell) in cells {
            run.push((x, y, cell));
            if surely_wide(cell.symbol())
                && let Some(empty) = covered_cells.next()
            {
                run.push((x.saturating_add(1), y, empty));
            }
        }
        self.inner.draw(run.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;
    use ratatui::{TerminalOptions, Viewport};

    /// A writer whose bytes the test keeps.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// What drawing `lines` on a fresh 20×2 screen writes.
    fn written(lines: &[Line<'static>]) -> String {
        let out = Shared::default();
        let backend = RunBackend::new(out.clone());
        let viewport = Viewport::Fixed(Rect::new(0, 0, 20, 2));
        let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        terminal
            .draw(|frame| {
                for (row, line) in lines.iter().enumerate() {
                    frame.render_widget(line.clone(), Rect::new(0, row as u16, 20, 1));
                }
            })
            .unwrap();
        drop(terminal);
        String::from_utf8(out.0.take()).unwrap()
    }

    fn moves(out: &str) -> usize {
        out.matches('H').count()
    }

    #[test]
    fn a_line_of_ideographs_and_kana_goes_out_with_one_cursor_move() {
        let out = written(&[Line::raw("看見かな한글ＡＢ")]);
        assert!(out.contains("看見かな한글ＡＢ"), "{out:?}");
        assert_eq!(moves(&out), 1, "{out:?}");
    }

    #[test]
    fn after_an_emoji_or_an_ambiguous_character_the_cursor_is_placed_again() {
        let out = written(&[Line::raw("中🙂中")]);
        assert_eq!(moves(&out), 2, "{out:?}");
        assert!(out.ends_with("\u{1b}[1;5H中") || out.contains("\u{1b}[1;5H中"), "{out:?}");
    }

    #[test]
    fn only_characters_two_columns_wide_everywhere_are_taken_as_such() {
        for c in ['中', '　', '「', 'か', 'カ', '한', 'Ａ', '￥', '𠀀'] {
            assert!(surely_wide(&c.to_string()) && c.width() == Some(2), "{c:?}");
        }
        for c in ['a', '—', '…', '①', '\u{302A}', '\u{3099}', '🙂', '\u{3248}'] {
            assert!(!surely_wide(&c.to_string()), "{c:?}");
        }
        assert!(!surely_wide("か\u{3099}"));
        // Unassigned, so one column to unicode-width (and to terminals, most likely).
        assert!(!surely_wide("\u{3130}"));
    }

    #[test]
    fn styles_and_rows_are_kept() {
        let styled = Line::styled("中文", Style::new().fg(Color::Red));
        let out = written(&[styled, Line::raw("文a")]);
        assert!(out.contains("中文"), "{out:?}");
        assert!(out.contains("\u{1b}[2;1H"), "{out:?}");
        assert!(out.contains("文a"), "{out:?}");
        // The red run is coloured once.
        assert_eq!(out.matches("38;5;1;").count(), 1, "{out:?}");
    }
}
