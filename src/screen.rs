//! The terminal screen: what it shows, the frame drawn next, and the bytes from one to the other.
//!
//! kan draws with ratatui's widgets and buffers, but not through its `Terminal`, which keeps a
//! second full buffer to compare the first frame with and compares every cell of it. Here the
//! first frame (and the first after a clear) is written from its drawn cells alone
//! ([`drawn_cells`], the cells ratatui's diff would find against a blank screen, proptested
//! against it); later frames go through ratatui's diff. Either way the frame goes out in one
//! write.
//!
//! The cells are encoded as ratatui's crossterm backend encodes them (a proptest holds the bytes
//! equal), straight into the frame's buffer: crossterm formats every sequence and every
//! character through `fmt`, which took more instructions than the rest of a first frame.
//!
//! One difference is kept on purpose. ratatui's crossterm backend moves the cursor before every
//! cell that does not follow the one it wrote last, counting every cell as one column wide.
//! After a wide character the next cell is two columns on, so a line of Chinese went out as a
//! cursor move per character: about eight bytes of escape sequence for three of text, a screen
//! of 20 KB instead of 6 (it matters most over ssh). Here a wide character counts as covering its
//! second column, so the next character follows without a move. Only characters every terminal
//! draws two columns wide get this (ideographs, kana, Hangul, fullwidth forms); after anything
//! else (emoji, ambiguous widths), the cursor is still placed, so a terminal that measures such
//! a character differently cannot shift the rest of the line.

use std::io::{self, Write};

use crossterm::{cursor, execute};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// A terminal screen written through `W`.
pub struct Screen<W: Write> {
    out: W,
    /// What the terminal shows, cell by cell; `None` when it shows nothing (after a clear).
    shown: Option<Buffer>,
    /// The frame drawn next: blank until drawn into.
    next: Buffer,
}

impl<W: Write> Screen<W> {
    /// A screen of `area` on a terminal that shows nothing yet (the alternate screen just entered).
    pub fn new(out: W, area: Rect) -> Self {
        Screen { out, shown: None, next: Buffer::empty(area) }
    }

    /// Where to queue what should go out with the next frame.
    pub fn writer(&mut self) -> &mut W {
        &mut self.out
    }

    /// The area frames are drawn in.
    pub fn area(&self) -> Rect {
        self.next.area
    }

    /// Clears the terminal and draws the next frame whole, in `area`.
    pub fn clear(&mut self, area: Rect) -> io::Result<()> {
        self.shown = None;
        self.next.resize(area);
        self.next.reset();
        // Sent with the next frame.
        self.out.write_all(b"\x1b[2J")
    }

    /// Draws a frame: `render` draws into a blank buffer, and what changed goes out in one write.
    pub fn draw(&mut self, render: impl FnOnce(&mut Buffer)) -> io::Result<()> {
        render(&mut self.next);
        match &self.shown {
            Some(shown) => write_cells(&mut self.out, shown.diff_iter(&self.next))?,
            None => write_cells(&mut self.out, drawn_cells(&self.next).into_iter())?,
        }
        // As ratatui's `Terminal` does at every frame: nothing kan draws wants a cursor.
        execute!(self.out, cursor::Hide)?;
        // After the write: a first frame never waits for a second buffer to be made.
        let blank = match self.shown.take() {
            Some(mut shown) => {
                shown.reset();
                shown
            }
            None => Buffer::empty(self.next.area),
        };
        self.shown = Some(std::mem::replace(&mut self.next, blank));
        Ok(())
    }
}

/// The cells of `buf` that ratatui's diff finds changed against a blank buffer of its size, in
/// its order: every cell that is not blank, but for those a wide character covers.
fn drawn_cells(buf: &Buffer) -> Vec<(u16, u16, &Cell)> {
    let cells = &buf.content;
    let width = usize::from(buf.area.width.max(1));
    let at = |i: usize| {
        let (x, y) = (i % width, i / width);
        (buf.area.x + x as u16, buf.area.y + y as u16)
    };
    let mut drawn = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let cell = &cells[i];
        let index = i;
        i += 1;
        if skipped(cell) {
            continue;
        }
        if let CellDiffOption::ForcedWidth(forced) = cell.diff_option {
            i += usize::from(forced.get()) - 1;
            if *cell != Cell::EMPTY {
                let (x, y) = at(index);
                drawn.push((x, y, cell));
            }
            continue;
        }
        if cell.diff_option == CellDiffOption::None && blank(cell) {
            continue;
        }
        let (x, y) = at(index);
        drawn.push((x, y, cell));
        let symbol = cell.symbol();
        let columns = if surely_wide(symbol) { 2 } else { usize::from(cell.cell_width()) };
        // A lone wide character is three or four bytes; U+FE0F needs a character before it.
        if columns > 1 && symbol.len() > 4 && symbol.contains('\u{FE0F}') {
            // An emoji presentation sequence: the cells it covers are still compared, symbol
            // against a blank's, and so written when they hold anything.
            let mut next = i;
            let mut end = (index + columns).min(cells.len());
            while next < end {
                let covered = &cells[next];
                let j = next;
                next += usize::from(covered.cell_width().max(1));
                end = end.max(next).min(cells.len());
                if !skipped(covered) && covered.symbol() != " " {
                    let (x, y) = at(j);
                    drawn.push((x, y, covered));
                }
            }
            i = end;
        } else if columns > 1 {
            i += columns - 1;
        }
    }
    drawn
}

/// Whether `cell` equals [`Cell::EMPTY`], the cheap fields first.
#[allow(deprecated)] // `skip`: part of a cell's equality
fn blank(cell: &Cell) -> bool {
    cell.fg == Color::Reset
        && cell.bg == Color::Reset
        && cell.underline_color == Color::Reset
        && cell.modifier.is_empty()
        && cell.diff_option == CellDiffOption::None
        && !cell.skip
        && cell.symbol() == " "
}

/// Whether ratatui's diff never writes `cell`.
#[allow(deprecated)] // `skip`: still honoured by ratatui's diff
fn skipped(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// Whether every terminal draws `symbol` two columns wide: one character of a block that is East
/// Asian Wide or Fullwidth as a whole, with no ambiguous or emoji members, and two columns to
/// unicode-width, as to ratatui (the ranges leave out what it gives one column, unassigned code
/// points among them: a test holds them to it, so no width is looked up here).
fn surely_wide(symbol: &str) -> bool {
    // Every such character takes three or four bytes in UTF-8: ASCII is out at the first byte.
    if symbol.len() < 3 {
        return false;
    }
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    matches!(c,
        '\u{1100}'..='\u{115F}'     // Hangul Jamo leading consonants
        | '\u{3000}'..='\u{3029}'   // ideographic space, CJK punctuation (not the tone marks)
        | '\u{3030}'..='\u{303E}'
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309B}'..='\u{30FF}'   // kana marks, katakana
        | '\u{3105}'..='\u{312F}'   // Bopomofo
        | '\u{3131}'..='\u{3163}'   // Hangul compatibility Jamo (not the filler 3164)
        | '\u{3165}'..='\u{318E}'
        | '\u{3190}'..='\u{31E5}'   // kanbun, Bopomofo extended, strokes
        | '\u{31EF}'..='\u{321E}'   // enclosed CJK letters
        | '\u{3220}'..='\u{3247}'
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

/// A number in decimal, as `fmt` writes it.
fn write_number(out: &mut impl Write, n: u16) -> io::Result<()> {
    let mut digits = [0u8; 5];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.write_all(&digits[start..])
}

/// A colour's SGR parameters after `38;`, `48;` or `58;`, as crossterm writes them for the
/// colour ratatui maps it to (`Red` is crossterm's `DarkRed`, palette entry 1).
fn write_color(out: &mut impl Write, color: Color) -> io::Result<()> {
    let palette = match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => {
            out.write_all(b"2;")?;
            write_number(out, r.into())?;
            out.write_all(b";")?;
            write_number(out, g.into())?;
            out.write_all(b";")?;
            return write_number(out, b.into());
        }
        // Reset is written by the caller, as its own code.
        Color::Reset => return Ok(()),
    };
    out.write_all(b"5;")?;
    write_number(out, palette.into())
}

/// One colour as an SGR parameter list: `reset` (39, 49 or 59) or `set` (38, 48, 58) and the
/// colour.
fn write_color_param(out: &mut impl Write, color: Color, set: &[u8], reset: &[u8]) -> io::Result<()> {
    if color == Color::Reset {
        return out.write_all(reset);
    }
    out.write_all(set)?;
    write_color(out, color)
}

/// The SGR sequences that take the terminal from modifiers `from` to `to`, in crossterm's order.
fn write_modifier_change(out: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        out.write_all(b"\x1b[27m")?;
    }
    // Bold and dim are both ended by normal intensity; what remains of them is set again.
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        out.write_all(b"\x1b[22m")?;
        if to.contains(Modifier::DIM) {
            out.write_all(b"\x1b[2m")?;
        }
        if to.contains(Modifier::BOLD) {
            out.write_all(b"\x1b[1m")?;
        }
    }
    for (modifier, code) in [
        (Modifier::ITALIC, &b"\x1b[23m"[..]),
        (Modifier::UNDERLINED, b"\x1b[24m"),
        (Modifier::CROSSED_OUT, b"\x1b[29m"),
        (Modifier::HIDDEN, b"\x1b[28m"),
    ] {
        if removed.contains(modifier) {
            out.write_all(code)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        out.write_all(b"\x1b[25m")?;
    }
    let added = to - from;
    for (modifier, code, unless_reset) in [
        (Modifier::REVERSED, &b"\x1b[7m"[..], false),
        (Modifier::BOLD, b"\x1b[1m", true),
        (Modifier::ITALIC, b"\x1b[3m", false),
        (Modifier::UNDERLINED, b"\x1b[4m", false),
        (Modifier::DIM, b"\x1b[2m", true),
        (Modifier::CROSSED_OUT, b"\x1b[9m", false),
        (Modifier::HIDDEN, b"\x1b[8m", false),
        (Modifier::SLOW_BLINK, b"\x1b[5m", false),
        (Modifier::RAPID_BLINK, b"\x1b[6m", false),
    ] {
        if added.contains(modifier) && !(unless_reset && reset_intensity) {
            out.write_all(code)?;
        }
    }
    Ok(())
}

/// Writes `cells` as crossterm's backend does: a cursor move before a cell that does not follow
/// the last one written, the modifiers and colours that changed, the symbol; all attributes
/// reset at the end. A surely wide character is followed by the cell after its second column.
fn write_cells<'a>(
    out: &mut impl Write,
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> io::Result<()> {
    let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
    let mut modifier = Modifier::empty();
    // The cell after the last one written.
    let mut next: Option<(u32, u16)> = None;
    for (x, y, cell) in cells {
        if next != Some((u32::from(x), y)) {
            out.write_all(b"\x1b[")?;
            write_number(out, y.saturating_add(1))?;
            out.write_all(b";")?;
            write_number(out, x.saturating_add(1))?;
            out.write_all(b"H")?;
        }
        if cell.modifier != modifier {
            write_modifier_change(out, modifier, cell.modifier)?;
            modifier = cell.modifier;
        }
        if cell.fg != fg || cell.bg != bg {
            out.write_all(b"\x1b[")?;
            write_color_param(out, cell.fg, b"38;", b"39")?;
            out.write_all(b";")?;
            write_color_param(out, cell.bg, b"48;", b"49")?;
            out.write_all(b"m")?;
            (fg, bg) = (cell.fg, cell.bg);
        }
        if cell.underline_color != underline {
            out.write_all(b"\x1b[")?;
            write_color_param(out, cell.underline_color, b"58;", b"59")?;
            out.write_all(b"m")?;
            underline = cell.underline_color;
        }
        let symbol = cell.symbol();
        out.write_all(symbol.as_bytes())?;
        let columns = if surely_wide(symbol) { 2 } else { 1 };
        next = Some((u32::from(x) + columns, y));
    }
    out.write_all(b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

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
        let mut screen = Screen::new(out.clone(), Rect::new(0, 0, 20, 2));
        screen
            .draw(|buf| {
                for (row, line) in lines.iter().enumerate() {
                    line.clone().render(Rect::new(0, row as u16, 20, 1), buf);
                }
            })
            .unwrap();
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
            assert!(
                surely_wide(&c.to_string()) && unicode_width::UnicodeWidthChar::width(c) == Some(2),
                "{c:?}"
            );
        }
        for c in ['a', '—', '…', '①', '\u{302A}', '\u{3099}', '🙂', '\u{3248}'] {
            assert!(!surely_wide(&c.to_string()), "{c:?}");
        }
        assert!(!surely_wide("か\u{3099}"));
        // Unassigned, so one column to unicode-width (and to terminals, most likely).
        assert!(!surely_wide("\u{3130}"));
    }

    /// What crossterm's backend writes for `cells`, each surely wide one followed by an empty
    /// cell in its style (how kan drew runs before it encoded cells itself).
    fn crossterm_writes(cells: &[(u16, u16, Cell)]) -> Vec<u8> {
        let covered: Vec<(u16, u16, Cell)> = cells
            .iter()
            .flat_map(|(x, y, cell)| {
                let mut empty = Cell::EMPTY;
                empty.set_symbol("").set_style(cell.style());
                let cover = surely_wide(cell.symbol()).then_some((x.saturating_add(1), *y, empty));
                std::iter::once((*x, *y, cell.clone())).chain(cover)
            })
            .collect();
        let out = Shared::default();
        let mut backend = ratatui::backend::CrosstermBackend::new(out.clone());
        use ratatui::backend::Backend;
        backend.draw(covered.iter().map(|(x, y, cell)| (*x, *y, cell))).unwrap();
        drop(backend);
        out.0.take()
    }

    fn any_color() -> impl Strategy<Value = Color> {
        prop_oneof![
            Just(Color::Reset),
            (0u8..17).prop_map(|i| [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
                Color::Reset,
            ][usize::from(i)]),
            any::<u8>().prop_map(Color::Indexed),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ]
    }

    fn any_cell() -> impl Strategy<Value = (u16, u16, Cell)> {
        let symbols = ["a", " ", "", "中", "か", "ＡＢ", "🙂", "é", "—", "\u{3130}", "1"];
        (0u16..1200, 0u16..3, 0..symbols.len(), any_color(), any_color(), any_color(), any::<u16>()).prop_map(
            move |(x, y, symbol, fg, bg, underline, bits)| {
                let mut cell = Cell::new(symbols[symbol]);
                cell.fg = fg;
                cell.bg = bg;
                cell.underline_color = underline;
                cell.modifier = Modifier::from_bits_truncate(bits);
                (x % 1000, y, cell)
            },
        )
    }

    /// Runs of neighbouring cells, as a diff yields them, and jumps between them.
    fn any_cells() -> impl Strategy<Value = Vec<(u16, u16, Cell)>> {
        proptest::collection::vec((any_cell(), any::<bool>()), 0..60).prop_map(|cells| {
            let mut next = (0u16, 0u16);
            cells
                .into_iter()
                .map(|((x, y, cell), follows)| {
                    let at = if follows { next } else { (x, y) };
                    let width = if surely_wide(cell.symbol()) { 2 } else { 1 };
                    next = (at.0.saturating_add(width), at.1);
                    (at.0, at.1, cell)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn cells_are_written_as_crossterm_writes_them(cells in any_cells()) {
            // crossterm writes no colours when NO_COLOR is set; kan's theme sees to that itself.
            crossterm::style::Colored::set_ansi_color_disabled(false);
            let mut ours = Vec::new();
            write_cells(&mut ours, cells.iter().map(|(x, y, cell)| (*x, *y, cell))).unwrap();
            let theirs = crossterm_writes(&cells);
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }
    }

    /// Text as kan draws it (ASCII, CJK, an emoji with and without its presentation selector,
    /// an ambiguous dash), in random styles at random places, some cells marked as ratatui lets
    /// a widget mark them.
    fn any_buffer(width: u16, height: u16) -> impl Strategy<Value = Buffer> {
        let words = ["ab", " ", "中文", "かな", "❤\u{FE0F}", "🙂x", "—", "ＡＢ", "x y"];
        let write = (0..width, 0..height, 0..words.len(), any_color(), any_color(), any::<u16>());
        let mark = (0..usize::from(width * height), 0u8..4, 1u16..4);
        (proptest::collection::vec(write, 0..30), proptest::collection::vec(mark, 0..4)).prop_map(
            move |(writes, marks)| {
                let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
                for (x, y, word, fg, bg, bits) in writes {
                    let style = Style::new().fg(fg).bg(bg).add_modifier(Modifier::from_bits_truncate(bits));
                    buf.set_string(x, y, words[word], style);
                }
                for (index, option, forced) in marks {
                    buf.content[index].diff_option = match option {
                        0 => CellDiffOption::Skip,
                        1 => CellDiffOption::AlwaysUpdate,
                        2 => CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(forced).unwrap()),
                        _ => CellDiffOption::None,
                    };
                }
                buf
            },
        )
    }

    proptest! {
        #[test]
        fn a_first_frame_writes_what_ratatui_s_diff_finds_against_a_blank_screen(buf in any_buffer(12, 3)) {
            let blank = Buffer::empty(buf.area);
            let theirs: Vec<(u16, u16, &Cell)> = blank.diff_iter(&buf).collect();
            prop_assert_eq!(drawn_cells(&buf), theirs);
        }

        #[test]
        fn the_terminal_shows_the_last_frame_drawn(frames in proptest::collection::vec(any_buffer(12, 3), 1..4)) {
            // Only characters whose width every terminal agrees on: vt100 measures for itself.
            // Frames follow one another on one screen, so later ones go through the diff.
            let out = Shared::default();
            let mut screen = Screen::new(out.clone(), Rect::new(0, 0, 12, 3));
            for frame in &frames {
                screen.draw(|buf| {
                    for (cell, drawn) in buf.content.iter_mut().zip(&frame.content) {
                        let plain = drawn.symbol().chars().all(|c| c.is_ascii() || surely_wide(&c.to_string()));
                        if plain && drawn.diff_option == CellDiffOption::None {
                            *cell = drawn.clone();
                            // Bold and dim at once: terminals differ, and vt100 keeps one.
                            cell.modifier.remove(Modifier::DIM);
                        }
                    }
                }).unwrap();
            }
            let mut terminal = vt100::Parser::new(3.try_into().unwrap(), 12.try_into().unwrap(), 0);
            terminal.process(&out.0.take());
            let last = screen.shown.as_ref().unwrap();
            for y in 0..3u16 {
                let mut x = 0;
                while x < 12 {
                    let cell = &last[(x, y)];
                    let shown = terminal.screen().cell(y, x).unwrap();
                    let symbol = if shown.contents().is_empty() { " " } else { shown.contents() };
                    prop_assert_eq!(cell.symbol(), symbol, "at {},{}", x, y);
                    // A blank whose neighbour overwrote half a wide character takes the attributes a
                    // terminal chooses (ratatui's diff does not rewrite it either).
                    if cell.symbol() != " " {
                        prop_assert_eq!(cell.modifier.contains(Modifier::BOLD), shown.bold(), "at {},{}", x, y);
                        prop_assert_eq!(cell.modifier.contains(Modifier::ITALIC), shown.italic(), "at {},{}", x, y);
                        prop_assert_eq!(cell.modifier.contains(Modifier::REVERSED), shown.inverse(), "at {},{}", x, y);
                    }
                    x += cell.cell_width().max(1);
                }
            }
        }
    }

    #[test]
    fn a_surely_wide_character_is_two_columns_to_ratatui() {
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            let symbol = c.to_string();
            if surely_wide(&symbol) {
                assert_eq!(symbol.as_str().cell_width(), 2, "{c:?}");
            }
        }
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
