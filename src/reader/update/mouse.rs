//! The mouse: the wheel scrolls the pane under the pointer, a click opens an outline entry.

use super::{headings, scroll};
use crate::reader::state::State;

/// Scrolls the pane under a mouse pointer.
pub(super) fn wheel(state: &mut State, col: u16, row: u16, down: bool) {
    let step = state.settings.scroll_lines.max(1) as isize;
    let delta = if down { step } else { -step };
    if state.geometry.outline.is_some_and(|o| o.contains(col, row)) {
        let height = state.outline_height();
        state.outline.list.scroll_by(delta, state.outline.entries.len(), height);
        return;
    }
    if let Some(i) = state.geometry.views.iter().position(|v| v.pane.contains(col, row)) {
        scroll(state, i, delta);
    }
}

/// Opens the outline entry shown on the clicked cell, if the click is on one.
pub(super) fn click(state: &mut State, col: u16, row: u16) {
    let Some(o) = state.geometry.outline else { return };
    if !o.contains(col, row) {
        return;
    }
    let k = state.outline.list.offset() + (row - o.y) as usize;
    if k < state.outline.entries.len() {
        state.outline.list.select(k, state.outline.entries.len());
        headings::open_outline_entry(state);
    }
}
