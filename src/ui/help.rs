//! The help overlay: every binding of the active keymap with its action's help text.

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use super::Chrome;
use super::overlay::{self, Boxed};
use crate::config::Element;
use crate::reader::geometry::Rect;

/// Draws the help into its box (none on too small a screen), scrolled down by `scroll` rows.
pub fn draw(buf: &mut Buffer, area: Option<Rect>, chrome: &Chrome, scroll: usize) {
    let inner = area.map_or(0, |a| a.width.saturating_sub(2)) as usize;
    // The keys column fits the longest binding, but leaves the help at least half the box.
    let longest =
        chrome.help().iter().flat_map(|(_, rows)| rows.iter().map(|(keys, _)| keys.len())).max().unwrap_or(0);
    let keys_width = longest.min(inner / 2);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut rows: Vec<(String, Style)> = Vec::new();
    for (mode, bindings) in chrome.help() {
        if !rows.is_empty() {
            rows.push((String::new(), Style::new()));
        }
        rows.push((mode.clone(), bold));
        for (keys, help) in bindings {
            rows.push((format!("{keys:<keys_width$}  {help}"), Style::new()));
        }
    }
    let frame = chrome.theme.style(Element::Frame);
    overlay::draw(
        buf,
        area,
        &Boxed {
            title: &chrome.help_title,
            rows: &rows,
            scroll,
            frame,
            fill: Style::new(),
            ambiguous_wide: false,
        },
    );
}
