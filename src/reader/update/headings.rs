//! Heading jumps (`]`, `[`, `}`, `{` by default) and opening outline entries.

use super::jump_to_anchor;
use crate::document::Anchor;
use crate::reader::msg::Status;
use crate::reader::state::{Focus, State};

/// Where a heading jump goes from the section view `i` is in, if anywhere.
pub(super) type Target = fn(&State, usize) -> Option<usize>;

/// Whether view `i`'s top is exactly on section `s`'s heading.
fn at_heading(state: &State, i: usize, s: usize) -> bool {
    let anchor = state.views[i].anchor;
    matches!(state.heading_cursor, Some((c, a)) if c == s && a == anchor)
        || state.doc.outline.sections[s].start == anchor.0
}

pub(super) fn next_heading(state: &State, i: usize) -> Option<usize> {
    let n = state.doc.outline.sections.len();
    let next = state.section_of_view(i).map_or(0, |s| s + 1);
    (next < n).then_some(next)
}

pub(super) fn prev_heading(state: &State, i: usize) -> Option<usize> {
    let s = state.section_of_view(i)?;
    if at_heading(state, i, s) { s.checked_sub(1) } else { Some(s) }
}

pub(super) fn next_section(state: &State, i: usize) -> Option<usize> {
    let sections = &state.doc.outline.sections;
    match state.section_of_view(i) {
        None => (!sections.is_empty()).then_some(0),
        Some(s) => (s + 1..sections.len()).find(|&j| sections[j].level <= sections[s].level),
    }
}

pub(super) fn prev_section(state: &State, i: usize) -> Option<usize> {
    let sections = &state.doc.outline.sections;
    let s = state.section_of_view(i)?;
    if !at_heading(state, i, s) {
        return Some(s);
    }
    (0..s).rev().find(|&j| sections[j].level <= sections[s].level)
}

pub(super) fn heading_jump(state: &mut State, i: usize, target: Target) {
    let Some(section) = target(state, i) else {
        state.message = Some(Status::info("no more headings"));
        return;
    };
    go_to_section(state, i, section);
    select_section(state, section);
}

/// Puts `section`'s heading on the top row of view `i`, remembering the jump and the section.
fn go_to_section(state: &mut State, i: usize, section: usize) {
    let start = Anchor(state.doc.outline.sections[section].start);
    jump_to_anchor(state, i, start);
    state.heading_cursor = Some((section, state.views[i].anchor));
}

/// Selects `section` in the outline when it is listed.
pub(super) fn select_section(state: &mut State, section: usize) {
    if let Some(k) = state.outline.entries.iter().position(|&e| e == section) {
        state.outline.list.select(k, state.outline.entries.len());
    }
}

/// Jumps to the selected outline entry and gives the view focus.
pub(super) fn open_outline_entry(state: &mut State) {
    let Some(&section) = state.outline.entries.get(state.outline.list.selected()) else { return };
    let i = state.active_view;
    go_to_section(state, i, section);
    state.focus = Focus::View(i);
}
