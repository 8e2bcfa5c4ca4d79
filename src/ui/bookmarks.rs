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
    let title = format!(" Bookmarks ({}) — {} ", pane.entries.len(), chrome.bookmark_hints);
    let mut rows: Vec<(String, Style)> = Vec::new();
    if pane.entries.is_empty() {
        let how = chrome
            .add_bookmark_key
            .as_ref()
            .map_or(String::new(), |k| format!(": press {k} while reading to add one"));
        rows.push((format!("No bookmarks yet{how}."), dim));
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
        top.push_str(if entry.missing { " (missing) · " } else { " · " });
    }
    top.push_str(if b.section().is_empty() { "(before the first heading)" } else { b.section() });
    if !b.label.is_empty() {
        top.push_str(" — ");
        top.push_str(&b.label);
    }
    let mut bottom = format!("  {}%  {}  {}", b.percent(), b.created_date(), b.snippet());
    if entry.missing {
        bottom = format!("  missing{bottom}");
    } else if b.moved {
        bottom = format!("  moved{bottom}");
    }
    (top, bottom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::reader::Action;
    use crate::reader::action::Mode;
    use crate::store::{Bookmark, DocId, Fingerprint, TextAnchor};
    use crate::ui::theme::Theme;

    fn entry(path: &str, missing: bool) -> BookmarkEntry {
        let bookmark = Bookmark {
            id: path.into(),
            doc: DocId { path: path.into(), fingerprint: Fingerprint { len: 100, hash: 1 } },
            anchor: TextAnchor {
                offset: 50,
                heading: vec!["第二章 来客".into()],
                before: String::new(),
                quote: "半夜里".into(),
            },
            label: String::new(),
            created: jiff::Timestamp::UNIX_EPOCH,
            moved: false,
            extra: String::new(),
        };
        BookmarkEntry { bookmark, here: false, missing }
    }

    fn drawn(pane: &BookmarksPane, chrome: &Chrome) -> String {
        let screen = Rect { x: 0, y: 0, width: 100, height: 12 };
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 100, 12));
        draw(&mut buf, screen, pane, chrome, false);
        // A wide character's second cell is skipped.
        let row = |y| {
            let mut line = String::new();
            let mut x = 0;
            while x < 100 {
                let symbol = buf[(x, y)].symbol();
                line.push_str(symbol);
                x += crate::layout::width::str_width(symbol, false).max(1) as u16;
            }
            line
        };
        (0..12).map(row).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_missing_bookmark_is_marked_and_the_hints_come_from_the_keymap() {
        let pane = BookmarksPane {
            entries: vec![entry("/gone/old.md", true), entry("/here/kept.md", false)],
            ..BookmarksPane::default()
        };
        let mut config = Config::defaults();
        let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
        let screen = drawn(&pane, &chrome);
        assert!(screen.contains("old.md (missing) · 第二章 来客"), "{screen}");
        assert!(screen.contains("missing  50%"), "{screen}");
        assert!(
            screen.contains("kept.md · 第二章 来客") && !screen.contains("kept.md (missing)"),
            "{screen}"
        );
        assert!(
            screen.contains("— <Enter> jump, r rename, d delete, p point here, u undo, <Esc> close "),
            "{screen}"
        );

        let remapped = "P".parse().map(|keys| vec![keys]).unwrap_or_default();
        config.keymap.bind(Mode::Bookmarks, Action::Repoint, remapped);
        let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
        let screen = drawn(&pane, &chrome);
        assert!(screen.contains("P point here") && !screen.contains("p point"), "{screen}");
    }
}
