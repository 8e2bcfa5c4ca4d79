//! The bookmarks pane: this document's bookmarks, then the others, with section, snippet, label,
//! position and date.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Chrome;
use super::overlay::{self, Boxed};
use crate::config::Element;
use crate::reader::geometry::Rect;
use crate::reader::state::{BookmarkEntry, BookmarksPane};

/// Rows each entry takes: a title row and a detail row.
const ENTRY_ROWS: usize = 2;

pub fn draw(buf: &mut Buffer, screen: Rect, pane: &BookmarksPane, chrome: &Chrome, ambiguous: bool) {
    let theme = &chrome.theme;
    let base = theme.style(Element::Text);
    let dim = theme.style(Element::Dim);
    let title = format!(
        " Bookmarks ({}) — Enter jumps, r renames, d deletes, u undoes, Esc closes ",
        pane.entries.len()
    );
    let mut rows: Vec<(String, Style)> = Vec::new();
    if pane.entries.is_empty() {
        rows.push(("No bookmarks yet: press m while reading to add one.".into(), dim));
    }
    for (k, entry) in pane.entries.iter().enumerate() {
        let style = if k == pane.selected { base.patch(theme.style(Element::Selection)) } else { base };
        let (top, bottom) = entry_rows(entry);
        rows.push((top, style));
        rows.push((bottom, if k == pane.selected { style } else { dim }));
    }
    // Keep the selected entry on screen, as low as it needs to be.
    let visible = overlay::visible_rows(screen);
    let scroll = ((pane.selected + 1) * ENTRY_ROWS).saturating_sub(visible);
    let frame = theme.style(Element::Frame);
    overlay::draw(
        buf,
        screen,
        &Boxed {
            max_width: 90,
            title: &title,
            rows: &rows,
            scroll,
            frame,
            fill: base,
            ambiguous_wide: ambiguous,
        },
    );
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
