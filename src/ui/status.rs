//! The status bar: file name, section, position, search state, hints, or the open prompt.

use ratatui::buffer::Buffer;

use super::Chrome;
use super::text::{fill, fit, glyphs, put};
use crate::action::{Action, Mode};
use crate::config::Element;
use crate::reader::geometry::Rect;
use crate::reader::state::PromptKind;
use crate::reader::{Severity, State};
use crate::text::script::{self, Script};

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, chrome: &Chrome) {
    let style = chrome.theme.style(Element::StatusBar);
    let width = area.width as usize;
    let ambiguous = state.settings.ambiguous_wide;
    fill(buf, area.x, area.y, width, style);
    if let Some(prompt) = &state.prompt {
        let label = match prompt.kind {
            PromptKind::Search => "/",
            PromptKind::Filter => "filter: ",
            PromptKind::BookmarkLabel => &match chrome.keys.key(Mode::Prompt, Action::Confirm) {
                Some(key) => format!("bookmark label ({key} to skip): "),
                None => "bookmark label: ".to_string(),
            },
            PromptKind::Rename => "rename: ",
            PromptKind::LibraryFilter => "filter: ",
        };
        let text = format!("{label}{}█", prompt.input);
        // Keep the end of a long input visible.
        let (shown, _) = fit_tail(&text, width, ambiguous);
        put(buf, area.x, area.y, &shown, width, style, ambiguous);
        return;
    }
    let mut right = Vec::new();
    if let Some(m) = state.match_status() {
        right.push(m);
    }
    // In a split, say which view keys move.
    if state.views.len() > 1 {
        right.push(if state.active_view == 0 { "upper view" } else { "lower view" }.to_string());
    }
    if state.settings.search_exact {
        right.push("exact".to_string());
    }
    if state.settings.script != Script::Original {
        right.push(state.settings.script.name().to_string());
    }
    if state.loading.is_some() {
        right.push("reading".to_string());
    }
    right.push(format!("{}%", state.percent(state.active_view)));
    let right = right.join("  ");
    let section = state
        .current_section()
        .map(|s| script::convert(state.settings.script, &state.doc.outline.sections[s].title))
        .unwrap_or_default();
    let left = match &state.message {
        Some(message) => message.text.clone(),
        None if section.is_empty() => state.name.clone(),
        None => format!("{} {} {}", state.name, glyphs(ambiguous).vertical, section),
    };
    let right_width = right.len() + 1;
    let mut left_room = width.saturating_sub(right_width + 1);
    // A document opened from a library says how to go back to it.
    let back =
        state.library.as_ref().and_then(|_| chrome.keys.hint(Mode::Content, Action::Library, "library"));
    let hints = match back {
        Some(back) if !chrome.hints.is_empty() => format!("{back}  {}", chrome.hints),
        Some(back) => back,
        None => chrome.hints.clone(),
    };
    let hints =
        if state.message.is_none() && !hints.is_empty() { format!("  {hints}") } else { String::new() };
    let (left, left_width) = fit(&format!(" {left}"), left_room, ambiguous);
    let left_style = match state.message.as_ref().map(|m| m.severity) {
        Some(Severity::Warning | Severity::Error) => style.patch(chrome.theme.style(Element::Error)),
        _ => style,
    };
    put(buf, area.x, area.y, &left, left_room, left_style, ambiguous);
    left_room -= left_width;
    if !hints.is_empty() && left_room > 10 {
        let (hints, _) = fit(&hints, left_room, ambiguous);
        let dim = style.patch(chrome.theme.style(Element::Dim));
        put(buf, area.x + left_width as u16, area.y, &hints, left_room, dim, ambiguous);
    }
    if right_width <= width {
        buf.set_stringn(area.x + (width - right_width) as u16, area.y, &right, right.len(), style);
    }
}

/// The last `max` columns of `s`.
fn fit_tail(s: &str, max: usize, ambiguous: bool) -> (String, usize) {
    let reversed: String = s.chars().rev().collect();
    let (cut, w) = fit(&reversed, max, ambiguous);
    (cut.chars().rev().collect(), w)
}
