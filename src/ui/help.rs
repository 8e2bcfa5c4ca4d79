//! The help overlay: every binding of the active keymap with its action's help text.

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use super::Chrome;
use super::text::fit;
use crate::config::Element;
use crate::reader::geometry::Rect;

pub fn draw(buf: &mut Buffer, screen: Rect, chrome: &Chrome, scroll: usize) {
    let width = screen.width.saturating_sub(4).min(72);
    let height = screen.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return;
    }
    let x = screen.x + (screen.width - width) / 2;
    let y = screen.y + 1;
    let inner = width as usize - 2;
    let frame = chrome.theme.style(Element::Frame);
    // The keys column fits the longest binding, but leaves the help at least half the box.
    let longest =
        chrome.help.iter().flat_map(|(_, rows)| rows.iter().map(|(keys, _)| keys.len())).max().unwrap_or(0);
    let keys_width = longest.min(inner / 2);
    let mut rows: Vec<(String, Style)> =
        vec![("kan — keys (j k scroll, Esc closes)".to_string(), Style::new().add_modifier(Modifier::BOLD))];
    for (mode, bindings) in &chrome.help {
        rows.push((String::new(), Style::new()));
        rows.push((mode.clone(), Style::new().add_modifier(Modifier::BOLD)));
        for (keys, help) in bindings {
            rows.push((format!("{keys:<keys_width$}  {help}"), Style::new()));
        }
    }
    buf.set_stringn(x, y, format!("┌{}┐", "─".repeat(inner)), width as usize, frame);
    let visible = height.saturating_sub(2) as usize;
    let scroll = scroll.min(rows.len().saturating_sub(visible));
    for row in 0..height.saturating_sub(2) {
        let (text, style) = rows.get(scroll + row as usize).cloned().unwrap_or_default();
        let (text, w) = fit(&text, inner.saturating_sub(1), false);
        let line = format!(" {text}{}", " ".repeat(inner.saturating_sub(w + 1)));
        buf.set_stringn(x, y + 1 + row, "│", 1, frame);
        buf.set_stringn(x + 1, y + 1 + row, line, inner, style);
        buf.set_stringn(x + width - 1, y + 1 + row, "│", 1, frame);
    }
    buf.set_stringn(x, y + height - 1, format!("└{}┘", "─".repeat(inner)), width as usize, frame);
}
