//! The bookmarks pane: moving through it, opening, renaming, deleting, undoing and re-pointing.

use super::{Effect, jump_to_anchor};
use crate::action::{Action, Mode};
use crate::document::Anchor;
use crate::reader::msg::Status;
use crate::reader::state::{BookmarkEntry, BookmarksPane, Overlay, Prompt, PromptKind, State};
use crate::store::Bookmark;

pub(super) fn action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(pane) = state.bookmarks.as_mut() else { return Vec::new() };
    let n = pane.entries.len();
    let selected = pane.list.selected();
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::SelectNext | Action::LineDown => pane.list.select_next(n),
        Action::SelectPrev | Action::LineUp => pane.list.select_prev(),
        Action::Close | Action::OpenBookmarks => state.bookmarks = None,
        Action::Help => state.overlay = Some(Overlay::Help(Default::default())),
        Action::Open => {
            let Some(entry) = pane.selected().cloned() else { return Vec::new() };
            if entry.missing {
                let path = entry.bookmark.doc.path.display();
                state.message = Some(Status::warning(format!("missing: {path} was moved or deleted")));
                return Vec::new();
            }
            state.bookmarks = None;
            if entry.here {
                let i = state.active_view;
                jump_to_anchor(state, i, Anchor(entry.bookmark.anchor.offset));
            } else {
                // Remembered like any jump, so Ctrl-o comes back to this document.
                let here = state.here();
                state.history.push(here);
                return vec![Effect::OpenBookmarkedDocument(Box::new(entry.bookmark))];
            }
        }
        Action::Rename => {
            if let Some(entry) = pane.selected() {
                let input = entry.bookmark.label.clone();
                state.prompt = Some(Prompt { kind: PromptKind::Rename, input });
            }
        }
        Action::Delete if selected < n => {
            let entry = pane.entries.remove(selected);
            let id = entry.bookmark.id.clone();
            pane.deleted.push((selected, entry));
            pane.list.select(selected, pane.entries.len());
            refresh_offsets(state);
            return vec![Effect::DeleteBookmark { id }];
        }
        Action::Repoint => {
            if let Some(entry) = pane.selected() {
                let anchor = state.views[state.active_view].anchor;
                return vec![Effect::RepointBookmark { bookmark: Box::new(entry.bookmark.clone()), anchor }];
            }
        }
        Action::Undo => match pane.deleted.pop() {
            Some((row, entry)) => {
                let row = row.min(pane.entries.len());
                let bookmark = entry.bookmark.clone();
                pane.entries.insert(row, entry);
                pane.list.select(row, pane.entries.len());
                refresh_offsets(state);
                return vec![Effect::RestoreBookmark(Box::new(bookmark))];
            }
            None => state.message = Some(Status::info("nothing to undo")),
        },
        _ => {}
    }
    Vec::new()
}

/// The pane opens with these rows.
pub(super) fn loaded(state: &mut State, entries: Vec<BookmarkEntry>) {
    state.bookmarks = Some(BookmarksPane { entries, ..BookmarksPane::default() });
    refresh_offsets(state);
}

/// A bookmark now points into the open document.
pub(super) fn repointed(state: &mut State, bookmark: Bookmark) {
    if let Some(entry) = state
        .bookmarks
        .as_mut()
        .and_then(|pane| pane.entries.iter_mut().find(|e| e.bookmark.id == bookmark.id))
    {
        *entry = BookmarkEntry { bookmark, here: true, missing: false };
    }
    refresh_offsets(state);
}

/// The status message after a delete: what was done, and the key that undoes it.
pub(crate) fn deleted_message(state: &State) -> String {
    match state.settings.keys.key(Mode::Bookmarks, Action::Undo) {
        Some(key) => format!("bookmark deleted ({key} undoes)"),
        None => "bookmark deleted".to_string(),
    }
}

/// Recomputes the outline's bookmark marks from the open pane's entries.
fn refresh_offsets(state: &mut State) {
    if let Some(pane) = &state.bookmarks {
        let mut offsets: Vec<usize> =
            pane.entries.iter().filter(|e| e.here).map(|e| e.bookmark.anchor.offset).collect();
        offsets.sort_unstable();
        state.bookmark_offsets = offsets;
    }
}

pub(super) fn rename_selected(state: &mut State, label: &str) -> Vec<Effect> {
    let Some(pane) = state.bookmarks.as_mut() else { return Vec::new() };
    let selected = pane.list.selected();
    let Some(entry) = pane.entries.get_mut(selected) else { return Vec::new() };
    entry.bookmark.label = label.to_string();
    vec![Effect::RenameBookmark { id: entry.bookmark.id.clone(), label: label.to_string() }]
}
