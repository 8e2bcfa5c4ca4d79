//! The outline pane: the heading tree, the current section, the selection and each section's share.

use ratatui::buffer::Buffer;

use super::Chrome;
use super::text::{fill, fit, put};
use crate::config::Element;
use crate::reader::State;
use crate::reader::geometry::Rect;
use crate::reader::loading::grouped;
use crate::reader::state::Focus;
use crate::text::script;

/// Columns kept at the right of each entry for its share of the document ("12%").
const SHARE_WIDTH: usize = 4;

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, chrome: &Chrome) {
    let theme = &chrome.theme;
    let sections = &state.doc.outline.sections;
    let current = state.current_section();
    let total = state.text_total().max(1);
    let ambiguous = state.settings.ambiguous_wide;
    let width = area.width as usize;
    if sections.is_empty() && area.height > 0 {
        let (text, _) = fit("(no headings)", width, ambiguous);
        put(buf, area.x, area.y, &text, width, theme.style(Element::Frame), ambiguous);
    }
    let focused = state.focus == Focus::Outline;
    // While the rest of the document is read, the last row says the outline is not complete.
    let rows = state.outline_height().min(area.height as usize);
    if state.loading.is_some() && area.height > 0 {
        let note = format!("outline: {} headings so far", grouped(sections.len()));
        let (note, _) = fit(&note, width, ambiguous);
        let y = area.y + area.height - 1;
        put(buf, area.x, y, &note, width, theme.style(Element::Dim), ambiguous);
    }
    let shown = state.outline.entries.iter().enumerate().skip(state.outline.list.offset()).take(rows);
    for (row, (k, &s)) in shown.enumerate() {
        let y = area.y + row as u16;
        let section = &sections[s];
        let mut style = if Some(s) == current {
            theme.style(Element::OutlineCurrent)
        } else {
            theme.style(Element::Text)
        };
        if focused && k == state.outline.list.selected() {
            style = style.patch(theme.style(Element::Selection));
        }
        let share = (state.whole_offset(section.end) - state.whole_offset(section.start)) * 100 / total;
        let share = if share == 0 { "<1%".to_string() } else { format!("{share}%") };
        let indent = (section.depth as usize * 2).min(width / 3);
        let title_room = width.saturating_sub(indent + SHARE_WIDTH + 1);
        let title = script::convert(state.settings.script, &section.title);
        let (title, _) = fit(&title, title_room, ambiguous);
        fill(buf, area.x, y, width, style);
        // The column between the title and its share marks a bookmarked section.
        if state.section_bookmarked(s) && width > SHARE_WIDTH + 1 {
            let x = area.x + (width - SHARE_WIDTH - 1) as u16;
            buf.set_stringn(x, y, "*", 1, style.patch(theme.style(Element::Marker)));
        }
        put(buf, area.x + indent as u16, y, &title, title_room, style, ambiguous);
        if width >= SHARE_WIDTH + 2 {
            let x = area.x + (width - share.len()) as u16;
            buf.set_stringn(x, y, &share, share.len(), style.patch(theme.style(Element::Dim)));
        }
    }
}
