//! The library mode: moving through the documents, filtering, sorting, opening one, forgetting
//! one from the history, and coming back from a document opened from it.

use super::Effect;
use crate::action::{Action, Mode};
use crate::reader::msg::Status;
use crate::reader::state::{Overlay, Prompt, PromptKind, State};

pub(super) fn action(state: &mut State, action: Action) -> Vec<Effect> {
    let page = state.library_height();
    let Some(library) = state.library.as_mut() else { return Vec::new() };
    let n = library.shown.len();
    let selected = library.list.selected();
    if matches!(
        action,
        Action::SelectNext
            | Action::LineDown
            | Action::SelectPrev
            | Action::LineUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom
            | Action::Open
    ) {
        library.chosen = true;
    }
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::SelectNext | Action::LineDown => library.list.select_next(n),
        Action::SelectPrev | Action::LineUp => library.list.select_prev(),
        Action::PageDown => library.list.select(selected + page.saturating_sub(1).max(1), n),
        Action::PageUp => library.list.select(selected.saturating_sub(page.saturating_sub(1).max(1)), n),
        Action::HalfPageDown => library.list.select(selected + (page / 2).max(1), n),
        Action::HalfPageUp => library.list.select(selected.saturating_sub((page / 2).max(1)), n),
        Action::Top => library.list.select(0, n),
        Action::Bottom => library.list.select(n.saturating_sub(1), n),
        Action::Help => state.overlay = Some(Overlay::Help(Default::default())),
        Action::Filter => {
            let input = library.filter.clone();
            state.prompt = Some(Prompt { kind: PromptKind::LibraryFilter, input });
        }
        Action::CycleSort => {
            library.cycle_sort();
            let sort = library.sort.name();
            state.message = Some(Status::info(format!("sorted by {sort}")));
        }
        Action::Forget => return forget(state),
        Action::Open => return open(state),
        Action::Close => {
            if !library.filter.is_empty() {
                let exact = state.settings.search_exact;
                library.set_filter("", exact);
            } else if state.location.is_some() {
                // Back to the document it was left for.
                library.visible = false;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the selected document, unless it is known to be unreadable or gone.
fn open(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.library.as_ref().and_then(|l| l.selected()) else { return Vec::new() };
    let path = row.found.path.clone();
    // Shown through the status bar, which makes it safe to draw.
    let shown = path.display();
    if row.missing {
        state.message = Some(Status::warning(format!("missing: {shown} was moved or deleted")));
        return Vec::new();
    }
    if let Some(problem) = row.problem() {
        state.message = Some(Status::warning(format!("can't open {shown}: {problem}")));
        return Vec::new();
    }
    if state.location.is_some() {
        // Remembered like any jump, so the jump history comes back to the document left.
        let here = state.here();
        state.history.push(here);
    }
    vec![Effect::OpenDocument { path }]
}

/// Forgets the selected document's reading position: the recent list's rows are the history.
fn forget(state: &mut State) -> Vec<Effect> {
    let Some(library) = state.library.as_mut() else { return Vec::new() };
    if !library.is_recent() {
        state.message = Some(Status::info("only the list of recent documents forgets one"));
        return Vec::new();
    }
    match library.remove_selected() {
        Some(path) => vec![Effect::ForgetDocument { path }],
        None => Vec::new(),
    }
}

/// The library's filter prompt changed: filter again.
pub(super) fn filter(state: &mut State, input: &str) {
    let exact = state.settings.search_exact;
    if let Some(library) = state.library.as_mut() {
        library.set_filter(input, exact);
    }
}

/// The content-mode key back to the library: on screen again, on the same row, with the
/// reading position saved and the progress read again.
pub(super) fn show(state: &mut State) -> Vec<Effect> {
    match state.library.as_mut() {
        Some(library) => {
            library.visible = true;
            vec![Effect::ReturnToLibrary]
        }
        None => {
            let how = match state.settings.keys.key(Mode::Content, Action::Library) {
                Some(key) => format!("no library to go back to: {key} works in documents opened from one"),
                None => "no library to go back to".to_string(),
            };
            state.message = Some(Status::info(how));
            Vec::new()
        }
    }
}

/// A document replaced the open one: the library steps aside, kept for the way back.
pub(super) fn opened(state: &mut State) {
    if let Some(library) = state.library.as_mut() {
        library.visible = false;
    }
}

/// The mouse wheel scrolls the list, the selection kept on screen.
pub(super) fn wheel(state: &mut State, down: bool) {
    let (lines, height) = (state.settings.scroll_lines as isize, state.library_height());
    if let Some(library) = state.library.as_mut() {
        library.chosen = true;
        let delta = if down { lines } else { -lines };
        library.list.scroll_by(delta, library.shown.len(), height);
    }
}

/// A click on a row selects it (the header and the status bar are no rows).
pub(super) fn click(state: &mut State, row: u16) {
    let top = state.geometry.screen.y + 1;
    let height = state.library_height();
    if let Some(library) = state.library.as_mut()
        && row >= top
        && ((row - top) as usize) < height
    {
        let k = library.list.offset() + (row - top) as usize;
        if k < library.shown.len() {
            library.chosen = true;
            library.list.select(k, library.shown.len());
        }
    }
}
