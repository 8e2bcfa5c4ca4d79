//! The rest of a document opened from its first part: keys that wait for it, and the swap when
//! it arrives. The swap keeps every view's anchor (the first part's offsets are the whole text's),
//! the outline selection, the search and the jump history.

use std::path::Path;

use super::{Effect, dispatch, headings, search};
use crate::document::{Anchor, Document};
use crate::layout::Layout;
use crate::reader::Action;
use crate::reader::loading::grouped;
use crate::reader::msg::Status;
use crate::reader::state::State;

/// Whether `action` in view `i` needs more of the document than has been parsed: the bottom, or
/// moving on from the end of what is known (scrolling, the next heading, the next match).
pub(super) fn needs_rest(state: &State, i: usize, action: Action) -> bool {
    if state.loading.is_none() {
        return false;
    }
    let view = &state.views[i];
    match action {
        Action::Bottom => true,
        Action::LineDown | Action::PageDown | Action::HalfPageDown => view.at_end,
        Action::NextHeading => headings::next_heading(state, i).is_none(),
        Action::NextSection => headings::next_section(state, i).is_none(),
        Action::NextMatch if !state.search.query.is_empty() => {
            let matches = &state.search.matches;
            match state.search.current {
                Some(c) => c + 1 >= matches.len(),
                None => matches.last().is_none_or(|m| m.start() < view.anchor.0),
            }
        }
        _ => false,
    }
}

/// Remembers `action` until the rest arrives, and says that it waits.
pub(super) fn wait_for_rest(state: &mut State, action: Action) {
    let Some(loading) = &mut state.loading else { return };
    loading.waiting = Some(action);
    let megabytes = loading.total_bytes.div_ceil(1 << 20);
    state.message = Some(Status::info(format!("reading the rest of the document ({megabytes} MB)…")));
}

/// The whole document replaces its first part; then the document is attached (bookmarks,
/// saved position) and the key that waited is done.
pub(super) fn complete(state: &mut State, doc: Document, path: &Path) -> Vec<Effect> {
    let Some(loading) = state.loading.take_if(|l| l.path == path) else { return Vec::new() };
    if doc.text.starts_with(state.doc.text.as_str()) {
        swap_in(state, doc);
    } else {
        // Decoded otherwise as a whole (a legacy encoding after an ASCII start): a new document.
        let (name, location) = (state.name.clone(), state.location.clone());
        state.replace_document(doc, name, location);
    }
    state.message =
        Some(Status::info(format!("outline complete: {} headings", grouped(state.doc.outline.len()))));
    // A reader who has moved (or asked to) stays where they are.
    let untouched = loading.waiting.is_none() && state.views.iter().all(|v| v.anchor == Anchor(0));
    let mut effects = vec![Effect::Attach { path: loading.path, restore: loading.restore && untouched }];
    effects.extend(loading.deferred);
    if let Some(action) = loading.waiting {
        state.refresh();
        effects.extend(dispatch(state, action));
    }
    effects
}

/// The rest could not be read (the file vanished or changed into something unreadable): the
/// first part stays, unattached, so nothing saved is placed or saved against it.
pub(super) fn failed(state: &mut State, reason: String, path: &Path) -> Vec<Effect> {
    if state.loading.take_if(|l| l.path == path).is_some() {
        state.message = Some(Status::error(format!("the rest of the document can't be read: {reason}")));
    }
    Vec::new()
}

/// Holds back the effects that need the attached document until it is complete.
pub(super) fn defer(state: &mut State, effects: Vec<Effect>) -> Vec<Effect> {
    let Some(loading) = &mut state.loading else { return effects };
    let (later, now): (Vec<Effect>, Vec<Effect>) = effects
        .into_iter()
        .partition(|e| matches!(e, Effect::AddBookmark { .. } | Effect::RepointBookmark { .. }));
    if !later.is_empty() {
        loading.deferred.extend(later);
        state.message = Some(Status::info("the bookmark is saved once the whole document is read"));
    }
    now
}

/// The whole document in place of its first part, which it begins with.
fn swap_in(state: &mut State, doc: Document) {
    let selected = state.outline.entries.get(state.outline.list.selected()).copied();
    let cursor_start =
        state.heading_cursor.and_then(|(s, _)| state.doc.outline.sections.get(s)).map(|s| s.start);
    state.doc = doc;
    // The cache holds the first part's blocks; the screen is laid out again from the anchors.
    state.layout = Layout::new(state.layout.options());
    for i in 0..state.views.len() {
        state.views[i].pos = state.layout.position_of(&state.doc, state.views[i].anchor);
    }
    if let Some((s, _)) = state.heading_cursor
        && state.doc.outline.sections.get(s).map(|s| s.start) != cursor_start
    {
        state.heading_cursor = None;
    }
    state.refilter_outline();
    if let Some(section) = selected {
        headings::select_section(state, section);
    }
    search::rematch(state);
}
