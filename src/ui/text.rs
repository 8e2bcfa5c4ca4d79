//! Putting text into cells with kan's own widths, fitting short texts (titles, names, messages)
//! into a number of columns, and the frame glyphs that line up in either ambiguous-width mode.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use crate::layout::sanitize::sanitize;
use crate::layout::width::grapheme_width;
use crate::text::graphemes::graphemes;

/// Tab stops in one-line texts (titles, names, messages).
const TAB_WIDTH: usize = 4;

/// Frame glyphs. Box drawing characters are East Asian ambiguous: a terminal that draws them two
/// columns wide would push every border out of line, so that mode frames with ASCII.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyphs {
    pub vertical: &'static str,
    pub horizontal: &'static str,
    pub top_left: &'static str,
    pub top_right: &'static str,
    pub bottom_left: &'static str,
    pub bottom_right: &'static str,
}

pub fn glyphs(ambiguous_wide: bool) -> Glyphs {
    if ambiguous_wide {
        Glyphs {
            vertical: "|",
            horizontal: "-",
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
        }
    } else {
        Glyphs {
            vertical: "│",
            horizontal: "─",
            top_left: "┌",
            top_right: "┐",
            bottom_left: "└",
            bottom_right: "┘",
        }
    }
}

/// Fills `width` cells of row `y` from column `x` with blanks in `style` (what drawing that many
/// spaces does, without measuring them), within the buffer.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, width: usize, style: Style) {
    let area = buf.area;
    let end = (x as usize + width).min((area.x + area.width) as usize);
    if y < area.y || y >= area.y + area.height {
        return;
    }
    for col in x.max(area.x)..end as u16 {
        buf[(col, y)].set_symbol(" ").set_style(style);
    }
}

/// Puts sanitised `text` into row `y` from column `x`, at most `max` columns, one grapheme per
/// cell with kan's width. Where kan counts a grapheme wider than ratatui does (ambiguous
/// characters in wide mode), the cell is forced to that width, so the terminal's two columns and
/// the buffer agree and nothing after it shifts. Returns the columns used.
pub fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max: usize,
    style: Style,
    ambiguous_wide: bool,
) -> usize {
    let area = buf.area;
    let mut used = 0;
    for g in graphemes(text) {
        let w = grapheme_width(g, ambiguous_wide);
        if w == 0 {
            continue;
        }
        let col = x as usize + used;
        if used + w > max || col + w > (area.x + area.width) as usize {
            break;
        }
        let cell = &mut buf[(col as u16, y)];
        cell.set_symbol(g).set_style(style);
        // Only ambiguous characters in wide mode are wider than ratatui counts them.
        let drawn_as = if ambiguous_wide { grapheme_width(g, false) } else { w };
        cell.set_diff_option(match NonZeroU16::new(w as u16) {
            Some(forced) if w > drawn_as => CellDiffOption::ForcedWidth(forced),
            _ => CellDiffOption::None,
        });
        for k in 1..w {
            let hidden = &mut buf[(col as u16 + k as u16, y)];
            hidden.reset();
            hidden.set_style(style);
        }
        used += w;
    }
    used
}

/// `s` sanitised as the content pane does (controls in caret notation, bidi controls removed,
/// line breaks as spaces) and cut to at most `max` columns, ending in `…` when cut.
pub fn fit(s: &str, max: usize, ambiguous_wide: bool) -> (String, usize) {
    let clean = sanitize(s, TAB_WIDTH, ambiguous_wide).text.replace('\n', " ");
    let total: usize = clean.graphemes(true).map(|g| grapheme_width(g, ambiguous_wide)).sum();
    if total <= max {
        return (clean, total);
    }
    let ellipsis = grapheme_width("…", ambiguous_wide);
    let budget = max.saturating_sub(ellipsis);
    let mut out = String::new();
    let mut width = 0;
    for g in clean.graphemes(true) {
        let w = grapheme_width(g, ambiguous_wide);
        if width + w > budget {
            break;
        }
        out.push_str(g);
        width += w;
    }
    if width + ellipsis <= max {
        out.push('…');
        width += ellipsis;
    }
    (out, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn fill_is_drawing_spaces_and_stays_in_the_buffer() {
        use ratatui::style::{Color, Modifier};
        let style = Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD);
        let mut filled = Buffer::empty(Rect::new(2, 1, 6, 2));
        filled.set_string(2, 1, "看ab", Style::new().fg(Color::Red));
        let mut spaced = filled.clone();
        fill(&mut filled, 3, 1, 4, style);
        spaced.set_stringn(3, 1, "    ", 4, style);
        assert_eq!(filled, spaced);
        // Past the right edge, above and below: cut, never a panic.
        fill(&mut filled, 6, 2, 10, style);
        fill(&mut filled, 0, 0, 10, style);
        fill(&mut filled, 0, 3, 10, style);
        assert_eq!(filled[(7, 2)].bg, Color::Blue);
    }

    #[test]
    fn ambiguous_characters_take_two_cells_in_wide_mode() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        assert_eq!(put(&mut buf, 0, 0, "“引”a", 10, Style::new(), true), 7);
        assert_eq!(buf[(0, 0)].symbol(), "“");
        assert_eq!(buf[(0, 0)].diff_option, CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap()));
        assert_eq!(buf[(2, 0)].symbol(), "引");
        assert_eq!(buf[(2, 0)].diff_option, CellDiffOption::None);
        assert_eq!(buf[(4, 0)].symbol(), "”");
        assert_eq!(buf[(6, 0)].symbol(), "a");
        // Narrow mode: the same text in 5 cells, as ratatui itself would place it.
        let mut narrow = Buffer::empty(Rect::new(0, 0, 10, 1));
        assert_eq!(put(&mut narrow, 0, 0, "“引”a", 10, Style::new(), false), 5);
        let mut native = Buffer::empty(Rect::new(0, 0, 10, 1));
        native.set_string(0, 0, "“引”a", Style::new());
        assert_eq!(narrow, native);
    }

    #[test]
    fn put_stops_before_a_grapheme_that_does_not_fit() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        assert_eq!(put(&mut buf, 0, 0, "一二三", 5, Style::new(), false), 4);
        assert_eq!(buf[(4, 0)].symbol(), " ");
        assert_eq!(put(&mut buf, 3, 0, "一二", 9, Style::new(), false), 2, "the buffer edge stops it too");
    }

    #[test]
    fn cjk_titles_are_cut_at_the_exact_column() {
        assert_eq!(fit("第十二章 风起", 20, false), ("第十二章 风起".to_string(), 13));
        assert_eq!(fit("第十二章 风起", 8, false), ("第十二…".to_string(), 7));
        assert_eq!(fit("第十二章 风起", 7, false), ("第十二…".to_string(), 7));
        assert_eq!(fit("abc", 0, false), (String::new(), 0));
        assert_eq!(fit("a\u{1b}[31mb", 20, false).0, "a^[[31mb");
        assert_eq!(fit("a\u{202E}b\nc", 20, false).0, "ab c");
    }
}
