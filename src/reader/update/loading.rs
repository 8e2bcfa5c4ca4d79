//! The rest of a document opened from its first part: keys that wait for it, and the swap when
//! it arrives. The swap keeps every view's anchor (the first part's offsets are the whole text's),
//! the outline selection, the search and the jump history.

use std::ops::Range;
use std::path::Path;

use super::{Effect, dispatch, headings, search};
use crate::document::{Anchor, Document};
use crate::layout::Layout;
use crate::reader::Action;
use crate::reader::loading::grouped;
use crate::reader::msg::Status;
use crate::reader::state::State;

/// Whether `action` in view `i` needs text that has not been parsed yet: the bottom before the
/// end is known, or a move that would leave the known part the view is in (scrolling past it, a
/// heading or a match beyond it), since what lies between is not known.
pub(super) fn needs_rest(state: &mut State, i: usize, action: Action) -> bool {
    let Some(loading) = state.loading.clone() else { return false };
    let len = state.doc.text.len();
    let part = |offset: usize| loading.part_of(offset, len);
    let here = part(state.views[i].anchor.0);
    let page = state.view_height(i) as isize;
    let scroll = match action {
        Action::Bottom => return !loading.end_known(len),
        Action::LineDown => 1,
        Action::LineUp => -1,
        Action::PageDown => (page - 1).max(1),
        Action::PageUp => -(page - 1).max(1),
        Action::HalfPageDown => (page / 2).max(1),
        Action::HalfPageUp => -(page / 2).max(1),
        Action::NextHeading | Action::NextSection | Action::PrevHeading | Action::PrevSection => {
            let target = match action {
                Action::NextHeading => headings::next_heading(state, i),
                Action::NextSection => headings::next_section(state, i),
                Action::PrevHeading => headings::prev_heading(state, i),
                _ => headings::prev_section(state, i),
            };
            return match target {
                Some(s) => part(state.doc.outline.sections[s].start) != here,
                // None after the first part may mean some in the text not read yet.
                None => matches!(action, Action::NextHeading | Action::NextSection) || here != Some(0),
            };
        }
        Action::NextMatch | Action::PrevMatch if !state.search.query.is_empty() => {
            let matches = &state.search.matches;
            let at = state.views[i].anchor.0;
            let next = match (state.search.current, action == Action::NextMatch) {
                (Some(c), true) => Some(c + 1).filter(|&k| k < matches.len()),
                (Some(c), false) => c.checked_sub(1),
                (None, true) => {
                    Some(matches.partition_point(|m| m.start() < at)).filter(|&k| k < matches.len())
                }
                (None, false) => matches.partition_point(|m| m.start() < at).checked_sub(1),
            };
            return next.is_none_or(|k| part(matches[k].start()) != here);
        }
        _ => return false,
    };
    if scroll > 0 && state.views[i].at_end && !loading.end_known(len) {
        return true;
    }
    // The screen the scroll would show must come from one known part.
    let target = state.layout.advance(&state.doc, state.views[i].pos, scroll);
    let target = target.min(state.max_top(i));
    let height = state.view_height(i);
    state.layout.lines_from(&state.doc, target, height).iter().any(|(_, line)| part(line.anchor.0) != here)
}

/// Remembers `action` until the rest arrives, and says that it waits.
pub(super) fn wait_for_rest(state: &mut State, action: Action) {
    let Some(loading) = &mut state.loading else { return };
    loading.waiting = Some(action);
    let megabytes = loading.total_bytes.div_ceil(1 << 20);
    state.message = Some(Status::info(format!("reading the rest of the document ({megabytes} MB)…")));
}

/// More parts of the document (its end, the part around the saved position) replace the first
/// part; the saved position shows if the reader has not moved, and a key that waited for one of
/// these parts is done.
pub(super) fn grew(
    state: &mut State,
    doc: Document,
    known: Vec<Range<usize>>,
    resume: Option<usize>,
    path: &Path,
) -> Vec<Effect> {
    let Some(loading) = state.loading.as_mut().filter(|l| l.path == path) else { return Vec::new() };
    if !doc.text.starts_with(state.doc.text.as_str()) {
        return Vec::new();
    }
    loading.known = known;
    let waiting = loading.waiting.take();
    let untouched = waiting.is_none() && state.views.iter().all(|v| v.anchor == Anchor(0));
    swap_in(state, doc);
    if let Some(offset) = resume.filter(|_| untouched && state.loading.as_ref().is_some_and(|l| l.restore)) {
        super::resume(state, Anchor(offset));
        if let Some(loading) = &mut state.loading {
            loading.resumed_at = Some(state.views[state.active_view].anchor.0);
        }
    }
    match waiting {
        Some(action) => {
            // No longer waiting (or waiting again, and saying so).
            state.message = None;
            state.refresh();
            dispatch(state, action)
        }
        None => Vec::new(),
    }
}

/// The whole document replaces its first part; then the document is attached (bookmarks,
/// saved position) and the key that waited is done.
pub(super) fn complete(state: &mut State, doc: Document, path: &Path) -> Vec<Effect> {
    let Some(loading) = state.loading.take_if(|l| l.path == path) else { return Vec::new() };
    let same_text = |range: &Range<usize>| doc.text.get(range.clone()) == state.doc.text.get(range.clone());
    let continues = match loading.known.as_slice() {
        [] => doc.text.starts_with(state.doc.text.as_str()),
        known => doc.text.len() == state.doc.text.len() && known.iter().all(same_text),
    };
    if continues {
        swap_in(state, doc);
    } else {
        // Decoded otherwise as a whole (a legacy encoding after an ASCII start): a new document.
        let (name, location) = (state.name.clone(), state.location.clone());
        state.replace_document(doc, name, location);
    }
    state.message =
        Some(Status::info(format!("outline complete: {} headings", grouped(state.doc.outline.len()))));
    // A reader who has moved (or asked to) stays where they are; one who was shown the saved
    // position early is placed again now that it can be checked against the whole text.
    let start = Anchor(loading.resumed_at.unwrap_or(0));
    let untouched = loading.waiting.is_none() && state.views.iter().all(|v| v.anchor == start);
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
