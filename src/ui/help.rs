//! The help overlay: every binding of the active keymap with its action's help text.

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use super::Chrome;
use super::overlay::{self, Boxed};
use crate::config::Element;
use crate::reader::geometry::Rect;

/// The widest the help box gets.
const MAX_WIDTH: u16 = 72;

pub fn draw(buf: &mut Buffer, screen: Rect, chrome: &Chrome, scroll: usize) {
    let inner = screen.width.saturating_sub(4).min(MAX_WIDTH).saturating_sub(2) as usize;
    // The keys column fits the longest binding, but leaves the help at least half the box.
    let longest =
        chrome.help.iter().flat_map(|(_, rows)| rows.iter().map(|(keys, _)| keys.len())).max().unwrap_or(0);
    let keys_width = longest.min(inner / 2);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut rows: Vec<(String, Style)> = Vec::new();
    for (mode, bindings) in &chrome.help {
        if !rows.is_empty() {
            rows.push((String::new(), Style::new()));
        }
        rows.push((mode.clone(), bold));
        for (keys, help) in bindings {
            rows.push((format!("{keys:<keys_width$}  {help}"), Style::new()));
        }
    }
    let frame = chrome.theme.style(Element::Frame);
    let title = " kan — keys (j k scroll, Esc closes) ";
    overlay::draw(
        buf,
        screen,
        &Boxed {
            max_width: MAX_WIDTH,
            title,
            rows: &rows,
            scroll,
            frame,
            fill: Style::new(),
            ambiguous_wide: false,
        },
    );
}
