//! A framed box centred on the screen, for the help and the bookmarks pane.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::text::fit;
use crate::reader::geometry::Rect;

/// A box's frame and contents.
pub struct Boxed<'a> {
    /// The widest the box may be, frame included.
    pub max_width: u16,
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

/// The number of content rows a box gets on a screen.
pub fn visible_rows(screen: Rect) -> usize {
    screen.height.saturating_sub(4) as usize
}

/// Draws the box; too small a screen gets nothing.
pub fn draw(buf: &mut Buffer, screen: Rect, b: &Boxed) {
    let width = screen.width.saturating_sub(4).min(b.max_width);
    let height = screen.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return;
    }
    let x = screen.x + (screen.width - width) / 2;
    let y = screen.y + 1;
    let inner = width as usize - 2;
    buf.set_stringn(x, y, format!("┌{}┐", "─".repeat(inner)), width as usize, b.frame);
    let (title, title_width) = fit(b.title, inner, b.ambiguous_wide);
    buf.set_stringn(x + 1, y, &title, title_width, b.frame);
    let visible = (height - 2) as usize;
    let scroll = b.scroll.min(b.rows.len().saturating_sub(visible));
    for row in 0..visible {
        let (text, style) = b.rows.get(scroll + row).cloned().unwrap_or_else(|| (String::new(), b.fill));
        let (text, w) = fit(&text, inner.saturating_sub(1), b.ambiguous_wide);
        let line = format!(" {text}{}", " ".repeat(inner.saturating_sub(w + 1)));
        let yy = y + 1 + row as u16;
        buf.set_stringn(x, yy, "│", 1, b.frame);
        buf.set_stringn(x + 1, yy, line, inner, style);
        buf.set_stringn(x + width - 1, yy, "│", 1, b.frame);
    }
    buf.set_stringn(x, y + height - 1, format!("└{}┘", "─".repeat(inner)), width as usize, b.frame);
}
