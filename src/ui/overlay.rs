//! A framed box, for the help and the bookmarks pane; where it goes is the geometry's
//! (`reader::geometry::overlay_box`).

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;

use super::text::{fill, fit, glyphs, put};
use crate::reader::geometry::Rect;

/// A box's frame and contents.
pub struct Boxed<'a> {
    /// Drawn into the top border.
    pub title: &'a str,
    pub rows: &'a [(String, Style)],
    /// The first row shown; clamped so the last page stays full.
    pub scroll: usize,
    pub frame: Style,
    /// The style of rows past the end.
    pub fill: Style,
    pub ambiguous_wide: bool,
}

/// A wide character whose right half the box would cover is blanked whole: a terminal cannot
/// show half of it, and ratatui would skip the box's border cell behind it.
fn cut_wide_char_before(buf: &mut Buffer, x: u16, y: u16) {
    if x == 0 {
        return;
    }
    let cell = &mut buf[(x - 1, y)];
    let covers = match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get() as usize,
        _ => crate::layout::width::str_width(cell.symbol(), false),
    };
    if covers > 1 {
        cell.set_symbol(" ").set_diff_option(CellDiffOption::None);
    }
}

/// Draws the box into `area`, frame included; no area (too small a screen) gets nothing.
pub fn draw(buf: &mut Buffer, area: Option<Rect>, b: &Boxed) {
    let Some(Rect { x, y, width, height }) = area else { return };
    let inner = width as usize - 2;
    for row in y..y + height {
        cut_wide_char_before(buf, x, row);
    }
    let g = glyphs(b.ambiguous_wide);
    let rule = g.horizontal.repeat(inner);
    buf.set_stringn(x, y, format!("{}{rule}{}", g.top_left, g.top_right), width as usize, b.frame);
    let (title, _) = fit(b.title, inner, b.ambiguous_wide);
    put(buf, x + 1, y, &title, inner, b.frame, b.ambiguous_wide);
    let visible = Rect { x, y, width, height }.framed_rows();
    let scroll = b.scroll.min(b.rows.len().saturating_sub(visible));
    for row in 0..visible {
        let (text, style) = b.rows.get(scroll + row).cloned().unwrap_or_else(|| (String::new(), b.fill));
        let (text, _) = fit(&text, inner.saturating_sub(1), b.ambiguous_wide);
        let yy = y + 1 + row as u16;
        buf.set_stringn(x, yy, g.vertical, 1, b.frame);
        fill(buf, x + 1, yy, inner, style);
        put(buf, x + 2, yy, &text, inner.saturating_sub(1), style, b.ambiguous_wide);
        buf.set_stringn(x + width - 1, yy, g.vertical, 1, b.frame);
    }
    buf.set_stringn(
        x,
        y + height - 1,
        format!("{}{rule}{}", g.bottom_left, g.bottom_right),
        width as usize,
        b.frame,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect as TuiRect;

    #[test]
    fn a_wide_character_under_the_left_border_is_blanked_not_cut() {
        let area = TuiRect::new(0, 0, 20, 6);
        let mut buf = Buffer::empty(area);
        // 潮 sits in columns 1-2; the box's left border lands on column 2.
        buf.set_string(0, 2, "山潮汐", Style::new());
        let rows = [("x".to_string(), Style::new())];
        let b = Boxed {
            title: "t",
            rows: &rows,
            scroll: 0,
            frame: Style::new(),
            fill: Style::new(),
            ambiguous_wide: false,
        };
        let screen = Rect { x: 0, y: 0, width: 20, height: 6 };
        draw(&mut buf, crate::reader::geometry::overlay_box(screen, 16), &b);
        assert_eq!(buf[(0, 2)].symbol(), "山");
        assert_eq!(buf[(1, 2)].symbol(), " ");
        assert_eq!(buf[(2, 2)].symbol(), "│");
    }
}
