//! The rest of a document opened from its first part: keys that wait for it, the parts that
//! arrive first (its end, the saved place) and the whole. Each keeps the place every view, the
//! outline selection, the search and the jump history hold, translated to the new text.

use std::path::Path;

use super::{Effect, dispatch, headings, search};
use crate::document::{Anchor, BlockKind, Document, Outline};
use crate::layout::Layout;
use crate::progressive::shift;
use crate::reader::Action;
use crate::reader::loading::{KnownPart, ReadPart, grouped};
use crate::reader::msg::Status;
use crate::reader::search::Match;
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
        Action::Bottom => {
            if !loading.end_known() {
                return true;
            }
            // The last page must come from the last part alone.
            let (top, height) = (state.max_top(i), state.view_height(i));
            let last = Some(loading.known.len().saturating_sub(1));
            return state
                .layout
                .lines_from(&state.doc, top, height)
                .iter()
                .any(|(_, l)| part(l.anchor.0) != last);
        }
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
    if scroll > 0 && state.views[i].at_end && !loading.end_known() {
        return true;
    }
    // The screen the scroll would show must come from one known part.
    let target = state.layout.advance(&state.doc, state.views[i].pos, scroll);
    let target = state.clamp_top(i, target);
    let height = state.view_height(i);
    state.layout.lines_from(&state.doc, target, height).iter().any(|(_, line)| part(line.anchor.0) != here)
}

/// Remembers `action`, after any that wait already, until the rest arrives, and says that it
/// waits: a key typed ahead (3,000 `]` in one paste) is never lost.
pub(super) fn wait_for_rest(state: &mut State, action: Action) {
    let Some(loading) = &mut state.loading else { return };
    loading.waiting.push(action);
    let megabytes = loading.total_bytes.div_ceil(1 << 20);
    state.message = Some(Status::info(format!("reading the rest of the document ({megabytes} MB)…")));
}

/// More parts of the document (its end, the part around the saved position) join the first
/// part; the saved position shows if the reader has not moved, and a key that waited for one of
/// these parts is done.
pub(super) fn grew(
    state: &mut State,
    parts: Vec<ReadPart>,
    (first_len, whole_len): (usize, usize),
    resume: Option<usize>,
    path: &Path,
) -> Vec<Effect> {
    let Some(loading) = state.loading.as_mut().filter(|l| l.path == path) else { return Vec::new() };
    // The parts go with the first part the reader holds, cut where the reader's was.
    let first = loading.known.first().map_or(state.doc.text.len(), |p| p.text.len());
    if first != first_len || state.doc.text.len() > whole_len {
        return Vec::new();
    }
    if loading.known.is_empty() {
        loading.known.push(KnownPart { text: 0..first_len, whole: 0 });
    }
    loading.whole_len = Some(whole_len);
    let waiting = std::mem::take(&mut loading.waiting);
    let untouched = waiting.is_empty() && state.views.iter().all(|v| v.anchor == Anchor(0));
    for part in parts {
        insert(state, part);
    }
    if let Some(whole) = resume.filter(|_| untouched && state.loading.as_ref().is_some_and(|l| l.restore)) {
        let at = state.loading.as_ref().map_or(whole, |l| l.to_doc(whole));
        super::resume(state, Anchor(at));
        let i = state.active_view;
        let shown = state.whole_offset(state.views[i].anchor.0);
        if let Some(loading) = &mut state.loading {
            loading.resumed_at = Some(shown);
        }
    }
    if !waiting.is_empty() {
        // No longer waiting (or waiting again, and saying so).
        state.message = None;
    }
    replay(state, waiting)
}

/// Does the keys that waited, in order; one that still needs more waits again, and the keys
/// after it with it.
fn replay(state: &mut State, waiting: Vec<Action>) -> Vec<Effect> {
    if waiting.is_empty() {
        return Vec::new();
    }
    state.refresh();
    let mut effects = Vec::new();
    for action in waiting {
        match &mut state.loading {
            Some(loading) if !loading.waiting.is_empty() => loading.waiting.push(action),
            _ => {
                // As a key does.
                state.message = None;
                effects.extend(dispatch(state, action));
            }
        }
    }
    effects
}

/// Puts `part` where it belongs among the parts the document holds, when it overlaps none.
fn insert(state: &mut State, part: ReadPart) {
    let Some(loading) = &mut state.loading else { return };
    let len = part.doc.text.len();
    let k = loading.known.partition_point(|p| p.whole < part.whole);
    let after = k.checked_sub(1).map(|j| &loading.known[j]);
    let fits = after.is_some_and(|p| p.whole + p.text.len() <= part.whole)
        && loading.known.get(k).is_none_or(|next| part.whole + len <= next.whole);
    if !fits || len == 0 {
        return;
    }
    let at = after.map_or(0, |p| p.text.end);
    for p in &mut loading.known[k..] {
        p.text = p.text.start + len..p.text.end + len;
    }
    loading.known.insert(k, KnownPart { text: at..at + len, whole: part.whole });
    // A part that goes on from the one before (or into the one after) in the whole text is one
    // part with it: the reader scrolls across.
    if loading.known.get(k + 1).is_some_and(|next| part.whole + len == next.whole) {
        let next = loading.known.remove(k + 1);
        loading.known[k].text.end = next.text.end;
    }
    if k > 0 && loading.known[k - 1].whole + loading.known[k - 1].text.len() == part.whole {
        let this = loading.known.remove(k);
        loading.known[k - 1].text.end = this.text.end;
    }
    let mut doc = std::mem::take(&mut state.doc);
    let b = doc.blocks.partition_point(|block| block.offset < at);
    for block in &mut doc.blocks[b..] {
        shift(block, len, &doc.text);
    }
    let mut blocks = part.doc.blocks;
    for block in &mut blocks {
        shift(block, at, &part.doc.text);
    }
    doc.text.insert_str(at, &part.doc.text);
    doc.blocks.splice(b..b, blocks);
    let text = &doc.text;
    doc.outline = Outline::build(&doc.blocks, text.len(), |b| match &b.kind {
        BlockKind::Heading { content, .. } => content.rich(text).text.clone(),
        _ => String::new(),
    });
    let end = text.len() - len;
    swap_in(state, doc, |offset| if offset >= at && at < end { offset + len } else { offset });
}

/// The whole document replaces its parts; then the document is attached (bookmarks, saved
/// position) and the keys that waited are done.
pub(super) fn complete(state: &mut State, doc: Document, path: &Path) -> Vec<Effect> {
    let Some(mut loading) = state.loading.take_if(|l| l.path == path) else { return Vec::new() };
    let continues = match loading.known.as_slice() {
        [] => doc.text.starts_with(state.doc.text.as_str()),
        known => {
            loading.whole_len == Some(doc.text.len())
                && known.iter().all(|p| {
                    doc.text.get(p.whole..p.whole + p.text.len()) == state.doc.text.get(p.text.clone())
                })
        }
    };
    if continues {
        swap_in(state, doc, |offset| loading.to_whole(offset));
        let mut deferred = std::mem::take(&mut loading.deferred);
        for effect in &mut deferred {
            if let Effect::AddBookmark { anchor, .. } | Effect::RepointBookmark { anchor, .. } = effect {
                *anchor = Anchor(loading.to_whole(anchor.0));
            }
        }
        loading.deferred = deferred;
    } else {
        // Decoded otherwise as a whole (a legacy encoding after an ASCII start): a new document.
        let (name, location) = (state.name.clone(), state.location.clone());
        state.replace_document(doc, name, location);
    }
    // A reader who has moved (or asked to) stays where they are; one who was shown the saved
    // position early is placed again now that it can be checked against the whole text.
    let start = Anchor(loading.resumed_at.unwrap_or(0));
    let untouched = loading.waiting.is_empty() && state.views.iter().all(|v| v.anchor == start);
    let mut effects = vec![Effect::Attach { path: loading.path, restore: loading.restore && untouched }];
    effects.extend(loading.deferred);
    effects.extend(replay(state, loading.waiting));
    // Said after the keys that waited, which clear what was said before them.
    state.message =
        Some(Status::info(format!("outline complete: {} headings", grouped(state.doc.outline.len()))));
    effects
}

/// Another document replaces the one being read: the places the jump history holds in it are
/// translated to the whole text, where going back opens it.
pub(super) fn leave(state: &mut State) {
    let Some(loading) = state.loading.take() else { return };
    let here = state.location.clone();
    state.history.for_each_mut(|jump| {
        if jump.location == here {
            jump.anchor = Anchor(loading.to_whole(jump.anchor.0));
        }
    });
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

/// `doc` in place of the open document, every place the reader holds in it (views, heading
/// cursor, outline selection, search, jump history, bookmarks waiting to be saved) moved by
/// `moved` from the old text's offsets to the new's.
fn swap_in(state: &mut State, doc: Document, moved: impl Fn(usize) -> usize) {
    let sections = &state.doc.outline.sections;
    let selected = state.outline.entries.get(state.outline.list.selected()).and_then(|&s| sections.get(s));
    let selected = selected.map(|s| moved(s.start));
    let cursor = state.heading_cursor.and_then(|(s, at)| Some((moved(sections.get(s)?.start), moved(at.0))));
    let current = state.search.current.and_then(|c| state.search.matches.get(c).copied());
    state.doc = doc;
    // The cache holds the old text's blocks; the screen is laid out again from the anchors.
    state.layout = Layout::new(state.layout.options());
    for i in 0..state.views.len() {
        let anchor = Anchor(moved(state.views[i].anchor.0));
        state.views[i].anchor = anchor;
        state.views[i].pos = state.layout.position_of(&state.doc, anchor);
    }
    let sections = &state.doc.outline.sections;
    let section_at = |start: usize| {
        let s = sections.partition_point(|s| s.start < start);
        sections.get(s).is_some_and(|s| s.start == start).then_some(s)
    };
    state.heading_cursor = cursor.and_then(|(start, at)| Some((section_at(start)?, Anchor(at))));
    let selected = selected.and_then(section_at);
    state.refilter_outline();
    if let Some(section) = selected {
        headings::select_section(state, section);
    }
    if let Some(origin) = &mut state.search.origin {
        origin.anchor = Anchor(moved(origin.anchor.0));
        origin.pos = state.layout.position_of(&state.doc, origin.anchor);
    }
    let here = state.location.clone();
    state.history.for_each_mut(|jump| {
        if jump.location == here {
            jump.anchor = Anchor(moved(jump.anchor.0));
        }
    });
    if let Some(loading) = &mut state.loading {
        for effect in &mut loading.deferred {
            if let Effect::AddBookmark { anchor, .. } | Effect::RepointBookmark { anchor, .. } = effect {
                *anchor = Anchor(moved(anchor.0));
            }
        }
    }
    // The current match, found again in the new text by where it moved to.
    let current = current.and_then(|m| Match::new(moved(m.start())..moved(m.start()) + m.range().len()));
    state.search.matches = current.into_iter().collect();
    state.search.current = current.map(|_| 0);
    search::rematch(state);
}
