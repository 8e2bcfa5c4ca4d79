//! Panes: focus, the split, the outline's visibility and selection.

use super::headings::select_section;
use crate::reader::state::{Focus, State, View};

pub(super) fn toggle_outline(state: &mut State) {
    state.show_outline = !state.show_outline;
    if !state.show_outline && state.focus == Focus::Outline {
        state.focus = Focus::View(state.active_view);
    }
    state.regeometry();
}

pub(super) fn focus_next(state: &mut State) {
    let views = state.views.len();
    state.focus = match state.focus {
        Focus::Outline => Focus::View(0),
        Focus::View(v) if v + 1 < views => Focus::View(v + 1),
        Focus::View(_) if state.show_outline && state.geometry.outline.is_some() => Focus::Outline,
        Focus::View(_) => Focus::View(0),
    };
    match state.focus {
        Focus::View(v) => state.active_view = v,
        Focus::Outline => {
            if let Some(s) = state.current_section() {
                select_section(state, s);
            }
        }
    }
}

pub(super) fn toggle_split(state: &mut State) {
    if state.views.len() > 1 {
        let keep = state.views[state.active_view].clone();
        state.views = vec![keep];
        state.active_view = 0;
        if state.focus != Focus::Outline {
            state.focus = Focus::View(0);
        }
    } else {
        let copy = View { lines: Vec::new(), ..state.views[0].clone() };
        state.views.push(copy);
    }
    state.regeometry();
}

/// Moves the outline selection down (`forward`) or up.
pub(super) fn select_outline(state: &mut State, forward: bool) {
    let list = &mut state.outline.list;
    if forward {
        list.select_next(state.outline.entries.len());
    } else {
        list.select_prev();
    }
}
