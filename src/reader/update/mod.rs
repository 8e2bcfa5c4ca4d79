//! `update(&mut State, Msg) -> Vec<Effect>`: the one writer of the reader state. This module
//! routes each message and holds what every concern shares (scrolling, jumps, the history); the
//! rules of each concern are in its own module.

mod bookmarks;
mod headings;
mod library;
mod links;
mod loading;
mod mouse;
mod panes;
mod search;

pub(crate) use bookmarks::deleted_message;

use super::msg::{Msg, Status};
use super::state::{Focus, Overlay, Prompt, PromptKind, State};
use super::{Action, Mode};
use crate::document::Anchor;
use crate::document::links::Location;
use crate::layout::Pos;
use crate::reader::history::Jump;
use crate::store::Bookmark;

/// What the runtime must do after an update: the state machine itself does no I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
    /// Save a bookmark at this place of the open document.
    AddBookmark {
        anchor: Anchor,
        label: String,
    },
    /// Load the bookmarks into the pane.
    OpenBookmarks,
    DeleteBookmark {
        id: String,
    },
    /// Put back a deleted bookmark as it was.
    RestoreBookmark(Box<Bookmark>),
    RenameBookmark {
        id: String,
        label: String,
    },
    /// Open the document a bookmark belongs to, at the bookmark.
    OpenBookmarkedDocument(Box<Bookmark>),
    /// Open another document (a link's, or one the jump history goes back to), at `at`, else
    /// at the heading `fragment` names, else at its top.
    OpenLocation {
        location: Location,
        at: Option<Anchor>,
        fragment: Option<String>,
    },
    /// Point a bookmark at this place of the open document instead.
    RepointBookmark {
        bookmark: Box<Bookmark>,
        anchor: Anchor,
    },
    /// The document read progressively is complete: place its bookmarks and (if `restore`)
    /// find where it was left.
    Attach {
        path: std::path::PathBuf,
        restore: bool,
    },
    /// Open a document of the library, where it was left (as the command line opens one).
    OpenDocument {
        path: std::path::PathBuf,
    },
    /// Read the reading history and the bookmarks for the library's rows.
    LoadLibraryHistory,
    /// Back in the library from a document: save its reading position, read the history again.
    ReturnToLibrary,
    /// Forget a document's reading position: a row of the recent list removed.
    ForgetDocument {
        path: std::path::PathBuf,
    },
}

/// Applies one message: a key's action, typed or pasted text, the mouse, a resize, or what an
/// effect found.
pub fn update(state: &mut State, msg: impl Into<Msg>) -> Vec<Effect> {
    let effects = match msg.into() {
        Msg::Action(action) => {
            state.message = None;
            dispatch(state, action)
        }
        Msg::Typed(text) => {
            search::type_text(state, &text);
            Vec::new()
        }
        Msg::Pasted(text) => {
            search::paste(state, &text);
            Vec::new()
        }
        Msg::Wheel { col, row, down } => {
            if state.mode() == Mode::Library {
                library::wheel(state, down);
            } else {
                mouse::wheel(state, col, row, down);
            }
            Vec::new()
        }
        Msg::Click { col, row } => {
            if state.mode() == Mode::Library {
                library::click(state, row);
            } else {
                mouse::click(state, col, row);
            }
            Vec::new()
        }
        Msg::Resized { cols, rows } => {
            state.resize(cols, rows);
            Vec::new()
        }
        Msg::HelpRows(rows) => {
            state.help_rows = rows;
            Vec::new()
        }
        Msg::Status(status) => {
            state.message = Some(status);
            Vec::new()
        }
        Msg::BookmarkMarks(mut offsets) => {
            offsets.sort_unstable();
            state.bookmark_offsets = offsets;
            Vec::new()
        }
        Msg::BookmarkAdded(offset) => {
            let at = state.bookmark_offsets.partition_point(|&o| o < offset);
            state.bookmark_offsets.insert(at, offset);
            Vec::new()
        }
        Msg::BookmarksLoaded(entries) => {
            bookmarks::loaded(state, entries);
            Vec::new()
        }
        Msg::BookmarkRepointed(bookmark) => {
            bookmarks::repointed(state, *bookmark);
            Vec::new()
        }
        Msg::Resumed(anchor) => {
            resume(state, anchor);
            Vec::new()
        }
        Msg::Opened { doc, name, location } => {
            loading::leave(state);
            state.replace_document(*doc, name, location);
            library::opened(state);
            Vec::new()
        }
        Msg::ShowLibrary(root) => {
            state.library = Some(super::library::Library::new(root));
            state.message = None;
            Vec::new()
        }
        Msg::LibraryListed(found) => {
            let first = state.library.as_ref().is_some_and(|l| l.rows.is_empty());
            if let Some(library) = state.library.as_mut() {
                library.add(found);
            }
            if first { vec![Effect::LoadLibraryHistory] } else { Vec::new() }
        }
        Msg::Summarised(path, summary) => {
            if let Some(library) = state.library.as_mut() {
                library.summarised(&path, summary);
            }
            Vec::new()
        }
        Msg::LibraryGone(path) => {
            if let Some(library) = state.library.as_mut() {
                library.mark_missing(&path);
            }
            Vec::new()
        }
        Msg::LibraryHistory(history) => {
            if let Some(library) = state.library.as_mut() {
                library.history(history);
            }
            Vec::new()
        }
        Msg::ReadingRest(rest) => {
            state.loading = Some(*rest);
            Vec::new()
        }
        Msg::DocumentGrew { parts, first_len, whole_len, resume, path } => {
            loading::grew(state, parts, (first_len, whole_len), resume, &path)
        }
        Msg::DocumentComplete { doc, path } => loading::complete(state, *doc, &path),
        Msg::RestFailed { reason, path } => loading::failed(state, reason, &path),
        Msg::PlacedAtFragment(name) => {
            let i = state.active_view;
            match links::fragment_anchor(state, &name) {
                Some(anchor) => {
                    let pos = state.layout.position_of(&state.doc, anchor);
                    let pos = state.clamp_top(i, pos);
                    set_view(state, i, pos, anchor);
                }
                None => state.message = Some(Status::warning(format!("no heading #{name} in this document"))),
            }
            Vec::new()
        }
        Msg::Placed(anchor) => {
            let i = state.active_view;
            let anchor = Anchor(anchor.0.min(state.doc.text.len()));
            let pos = state.layout.position_of(&state.doc, anchor);
            let pos = state.clamp_top(i, pos);
            set_view(state, i, pos, anchor);
            Vec::new()
        }
    };
    state.refresh();
    loading::defer(state, effects)
}

/// Shows the saved reading position of the document just opened: not a jump, so no history.
fn resume(state: &mut State, anchor: Anchor) {
    let i = state.active_view;
    let anchor = Anchor(anchor.0.min(state.doc.text.len()));
    state.views[i].anchor = anchor;
    state.views[i].pos = state.layout.position_of(&state.doc, anchor);
    state.refresh();
    let percent = state.percent(i);
    let text = match state.settings.keys.key(Mode::Content, Action::Top) {
        Some(key) => format!("resumed at {percent}% — {key} goes to the top"),
        None => format!("resumed at {percent}%"),
    };
    state.message = Some(Status::info(text));
}

/// An action, by the rules of the mode the state is in: the same `Mode` that chose the key table.
fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    match state.mode() {
        Mode::Prompt => search::prompt_action(state, action),
        Mode::Help => help_action(state, action),
        Mode::Bookmarks => bookmarks::action(state, action),
        Mode::Links => links::action(state, action),
        Mode::Library => library::action(state, action),
        Mode::Outline | Mode::Content => reading_action(state, action),
    }
}

/// The help scrolls; any other action closes it.
fn help_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Help(mut list)) = state.overlay else { return Vec::new() };
    let page = state.help_height() as isize;
    let delta = match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::LineDown | Action::SelectNext => 1,
        Action::LineUp | Action::SelectPrev => -1,
        Action::PageDown | Action::HalfPageDown => page,
        Action::PageUp | Action::HalfPageUp => -page,
        Action::Top => -(list.offset() as isize),
        Action::Bottom => state.help_rows as isize,
        _ => {
            state.overlay = None;
            return Vec::new();
        }
    };
    list.scroll_by(delta, state.help_rows, page as usize);
    state.overlay = Some(Overlay::Help(list));
    Vec::new()
}

/// Reading: the content views, and the outline when it has focus.
fn reading_action(state: &mut State, action: Action) -> Vec<Effect> {
    let i = state.active_view;
    if loading::needs_rest(state, i, action) {
        loading::wait_for_rest(state, action);
        return Vec::new();
    }
    // A later key that needs nothing more replaces those that wait.
    if let Some(loading) = &mut state.loading {
        loading.waiting.clear();
    }
    let page = state.view_height(i) as isize;
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Close => {
            if !state.search.query.is_empty() {
                state.search = Default::default();
            } else if state.focus == Focus::Outline && !state.outline.filter.is_empty() {
                state.outline.filter.clear();
                state.refilter_outline();
            }
        }
        Action::Help => state.overlay = Some(Overlay::Help(Default::default())),
        Action::LineDown => scroll(state, i, 1),
        Action::LineUp => scroll(state, i, -1),
        Action::PageDown => scroll(state, i, (page - 1).max(1)),
        Action::PageUp => scroll(state, i, -(page - 1).max(1)),
        Action::HalfPageDown => scroll(state, i, (page / 2).max(1)),
        Action::HalfPageUp => scroll(state, i, -(page / 2).max(1)),
        Action::Top => jump(state, i, Pos::default()),
        Action::Bottom => {
            let bottom = state.max_top(i);
            jump(state, i, bottom);
        }
        Action::NextHeading => headings::heading_jump(state, i, headings::next_heading),
        Action::PrevHeading => headings::heading_jump(state, i, headings::prev_heading),
        Action::NextSection => headings::heading_jump(state, i, headings::next_section),
        Action::PrevSection => headings::heading_jump(state, i, headings::prev_section),
        Action::Search => search::open_search(state, i),
        Action::NextMatch => search::step_match(state, i, true),
        Action::PrevMatch => search::step_match(state, i, false),
        Action::Back => return travel(state, i, true),
        Action::Forward => return travel(state, i, false),
        Action::ToggleOutline => panes::toggle_outline(state),
        Action::FocusNext => panes::focus_next(state),
        Action::ToggleSplit => panes::toggle_split(state),
        Action::ToggleAsides => state.toggle_asides(),
        Action::NextScript => {
            let script = state.settings.script.next();
            state.set_script(script);
            state.message = Some(Status::info(format!("script: {} ({})", script.name(), script.label())));
        }
        Action::ToggleExactSearch => search::toggle_exact_search(state),
        Action::SelectNext => panes::select_outline(state, true),
        Action::SelectPrev => panes::select_outline(state, false),
        Action::Open => headings::open_outline_entry(state),
        Action::Filter => {
            let input = state.outline.filter.clone();
            state.prompt = Some(Prompt { kind: PromptKind::Filter, input });
        }
        Action::AddBookmark => {
            state.prompt = Some(Prompt { kind: PromptKind::BookmarkLabel, input: String::new() });
        }
        Action::OpenBookmarks => return vec![Effect::OpenBookmarks],
        Action::OpenLinks => links::open_pane(state),
        Action::Library => return library::show(state),
        Action::Rename
        | Action::Delete
        | Action::Undo
        | Action::Repoint
        | Action::CycleSort
        | Action::Forget
        | Action::Confirm
        | Action::Backspace => {}
    }
    Vec::new()
}

fn scroll(state: &mut State, i: usize, delta: isize) {
    let pos = state.layout.advance(&state.doc, state.views[i].pos, delta);
    let pos = state.clamp_top(i, pos);
    let anchor = state.layout.anchor_of(&state.doc, pos);
    set_view(state, i, pos, anchor);
}

fn set_view(state: &mut State, i: usize, pos: Pos, anchor: Anchor) {
    let view = &mut state.views[i];
    view.pos = pos;
    view.anchor = anchor;
}

/// A jump that the history remembers.
fn jump(state: &mut State, i: usize, pos: Pos) {
    let from = state.views[i].anchor;
    let anchor = state.layout.anchor_of(&state.doc, pos);
    if anchor != from {
        push_history(state, from);
    }
    set_view(state, i, pos, anchor);
}

/// Puts `anchor` on the top row of view `i` (or as near as the end of the document allows),
/// remembering the jump.
fn jump_to_anchor(state: &mut State, i: usize, anchor: Anchor) {
    let from = state.views[i].anchor;
    if anchor != from {
        push_history(state, from);
    }
    let pos = state.layout.position_of(&state.doc, anchor);
    let top = state.clamp_top(i, pos);
    let view = &mut state.views[i];
    view.pos = top;
    view.anchor = if top == pos { anchor } else { state.layout.anchor_of(&state.doc, top) };
}

fn push_history(state: &mut State, anchor: Anchor) {
    state.history.push(Jump { location: state.location.clone(), anchor });
}

/// Goes back (or forward) in the jump history; a place in another document opens it again.
fn travel(state: &mut State, i: usize, back: bool) -> Vec<Effect> {
    let here = Jump { location: state.location.clone(), anchor: state.views[i].anchor };
    let target = if back { state.history.back(here) } else { state.history.forward(here) };
    let Some(Jump { location, anchor }) = target else {
        state.message = Some(Status::info(if back {
            "already at the oldest jump"
        } else {
            "already at the newest jump"
        }));
        return Vec::new();
    };
    if location != state.location {
        return match location {
            Some(location) => vec![Effect::OpenLocation { location, at: Some(anchor), fragment: None }],
            None => {
                state.message =
                    Some(Status::warning("that text came from standard input: it can't be opened again"));
                Vec::new()
            }
        };
    }
    let pos = state.layout.position_of(&state.doc, anchor);
    set_view(state, i, pos, anchor);
    Vec::new()
}
