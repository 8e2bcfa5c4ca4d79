//! The bookmarks pane: this document's bookmarks, then the others, with section, snippet, label,
//! position and date.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Chrome;
use super::text::fit;
use crate::config::Element;
use crate::reader::geometry::Rect;
use crate::reader::state::{BookmarkEntry, BookmarksPane};

/// Rows each entry takes: a title row and a detail row.
const ENTRY_ROWS: usize = 2;

pub fn draw(buf: &mut Buffer, screen: Rect, pane: &BookmarksPane, chrome: &Chrome, ambiguous: bool) {
    let width = screen.width.saturating_sub(4).min(90);
    let height = screen.height.saturating_sub(2);
    if width < 12 || height < 5 {
        return;
    }
    let x = screen.x + (screen.width - width) / 2;
    let y = screen.y + 1;
    let inner = width as usize - 2;
    let theme = &chrome.theme;
    let frame = theme.style(Element::Frame);
    let base = theme.style(Element::Text);
    let dim = theme.style(Element::Dim);
    let title = format!(
        " Bookmarks ({}) — Enter jumps, r renames, d deletes, u undoes, Esc closes ",
        pane.entries.len()
    );
    let (title, title_width) = fit(&title, inner, ambiguous);
    buf.set_stringn(x, y, format!("┌{}┐", "─".repeat(inner)), width as usize, frame);
    buf.set_stringn(x + 1, y, &title, title_width, frame);
    let rows = (height - 2) as usize;
    let mut lines: Vec<(String, Style)> = Vec::new();
    if pane.entries.is_empty() {
        lines.push(("No bookmarks yet: press m while reading to add one.".into(), dim));
    }
    let visible_entries = rows / ENTRY_ROWS;
    let first = pane.selected.saturating_sub(visible_entries.saturating_sub(1));
    for (k, entry) in pane.entries.iter().enumerate().skip(first).take(visible_entries) {
        let selected = k == pane.selected;
        let style = if selected { base.patch(theme.style(Element::Selection)) } else { base };
        let (top, bottom) = entry_rows(entry);
        lines.push((top, style));
        lines.push((bottom, if selected { style } else { dim }));
    }
    for row in 0..rows {
        let (text, style) = lines.get(row).cloned().unwrap_or_else(|| (String::new(), base));
        let (text, w) = fit(&text, inner.saturating_sub(1), ambiguous);
        let fill = " ".repeat(inner.saturating_sub(w + 1));
        let yy = y + 1 + row as u16;
        buf.set_stringn(x, yy, "│", 1, frame);
        buf.set_stringn(x + 1, yy, format!(" {text}{fill}"), inner, style);
        buf.set_stringn(x + width - 1, yy, "│", 1, frame);
    }
    buf.set_stringn(x, y + height - 1, format!("└{}┘", "─".repeat(inner)), width as usize, frame);
}

/// The two rows of one entry: where it is, then what it says.
fn entry_rows(entry: &BookmarkEntry) -> (String, String) {
    let b = &entry.bookmark;
    let mut top = String::new();
    if !entry.here {
        let file = b
            .doc
            .path
            .file_name()
            .map_or_else(|| b.doc.path.display().to_string(), |n| n.to_string_lossy().into_owned());
        top.push_str(&file);
        top.push_str(" · ");
    }
    top.push_str(if b.section().is_empty() { "(before the first heading)" } else { b.section() });
    if !b.label.is_empty() {
        top.push_str(" — ");
        top.push_str(&b.label);
    }
    let mut bottom = format!("  {}%  {}  {}", b.percent(), b.created_date(), b.snippet());
    if b.moved {
        bottom = format!("  moved{bottom}");
    }
    (top, bottom)
}
