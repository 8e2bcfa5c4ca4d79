//! The prompt and search: typing, pasting, incremental search, stepping through matches.

use super::{Effect, bookmarks, library, push_history, set_view};
use crate::action::{Action, Mode};
use crate::document::Anchor;
use crate::reader::msg::Status;
use crate::reader::search::search_document;
use crate::reader::state::{Origin, Prompt, PromptKind, State};

/// A paste is text for the open prompt, all at once: its line breaks are spaces, never Enter, so
/// pasted lines cannot confirm a prompt or run commands. Outside a prompt it does nothing.
pub(super) fn paste(state: &mut State, text: &str) {
    if state.prompt.is_none() {
        state.message = Some(Status::info("pasted text ignored: open a search or a label first"));
        return;
    }
    let mut flat = String::with_capacity(text.len());
    let mut after_break = false;
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            // \r\n is one break.
            if !after_break {
                flat.push(' ');
            }
            after_break = true;
            continue;
        }
        after_break = false;
        if c == '\t' {
            flat.push(' ');
        } else if !c.is_control() {
            flat.push(c);
        }
    }
    type_text(state, &flat);
}

/// Text typed into the open prompt: the search runs once for all of it.
pub(super) fn type_text(state: &mut State, text: &str) {
    let Some(prompt) = state.prompt.as_mut() else { return };
    prompt.input.push_str(text);
    prompt_changed(state);
}

pub(super) fn prompt_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(prompt) = state.prompt.clone() else { return Vec::new() };
    match action {
        Action::Backspace => {
            if let Some(p) = state.prompt.as_mut() {
                p.input.pop();
            }
            prompt_changed(state);
        }
        Action::Confirm => {
            state.prompt = None;
            match prompt.kind {
                PromptKind::Search => confirm_search(state),
                PromptKind::Filter | PromptKind::LibraryFilter => {}
                PromptKind::BookmarkLabel => {
                    let anchor = state.views[state.active_view].anchor;
                    return vec![Effect::AddBookmark { anchor, label: prompt.input.trim().to_string() }];
                }
                PromptKind::Rename => return bookmarks::rename_selected(state, prompt.input.trim()),
            }
        }
        Action::Close => {
            state.prompt = None;
            match prompt.kind {
                PromptKind::Search => cancel_search(state),
                PromptKind::Filter => {
                    state.outline.filter.clear();
                    state.refilter_outline();
                }
                PromptKind::LibraryFilter => library::filter(state, ""),
                PromptKind::BookmarkLabel | PromptKind::Rename => {}
            }
        }
        Action::Quit => return vec![Effect::Quit],
        Action::ToggleExactSearch => toggle_exact_search(state),
        _ => {}
    }
    Vec::new()
}

/// Switches search and filters between exact and folded matching, and finds again.
pub(super) fn toggle_exact_search(state: &mut State) {
    state.settings.search_exact = !state.settings.search_exact;
    match state.prompt.as_ref().map(|p| p.kind) {
        Some(PromptKind::Search | PromptKind::Filter | PromptKind::LibraryFilter) => prompt_changed(state),
        _ => {
            if !state.outline.filter.is_empty() {
                state.refilter_outline();
            }
            if let Some(filter) = state.library.as_ref().map(|l| l.filter.clone()) {
                library::filter(state, &filter);
            }
            if !state.search.query.is_empty() {
                let i = state.active_view;
                let at =
                    state.search.current.map_or(state.views[i].anchor.0, |c| state.search.matches[c].start());
                state.search.matches = Vec::new();
                state.search.matches = search_document(&state.doc, &state.query(&state.search.query));
                let next = state.search.matches.partition_point(|m| m.start() < at);
                state.search.current = (next < state.search.matches.len()).then_some(next);
            }
        }
    }
    state.message = Some(Status::info(if state.settings.search_exact {
        "search: exact"
    } else {
        "search: any case, width or script"
    }));
}

/// Live effects of editing a prompt: incremental search and outline filtering.
fn prompt_changed(state: &mut State) {
    let Some(prompt) = state.prompt.clone() else { return };
    match prompt.kind {
        PromptKind::Search => incremental_search(state, &prompt.input),
        PromptKind::Filter => {
            state.outline.filter = prompt.input;
            state.refilter_outline();
        }
        PromptKind::LibraryFilter => library::filter(state, &prompt.input),
        PromptKind::BookmarkLabel | PromptKind::Rename => {}
    }
}

/// Searches the same query again after the document grew, keeping the current match. A search
/// that found nothing in the part read so far goes on to the first match in the rest, as if it
/// had waited for it.
pub(super) fn rematch(state: &mut State) {
    if state.search.query.is_empty() {
        return;
    }
    if let Some(Prompt { kind: PromptKind::Search, input }) = &state.prompt {
        let input = input.clone();
        incremental_search(state, &input);
        return;
    }
    // Only the whole document can say where the first match after the view is.
    let go_on = state.search.current.is_none() && state.loading.is_none();
    let current = state.search.current.map(|c| state.search.matches[c].start());
    state.search.matches = Vec::new();
    state.search.matches = search_document(&state.doc, &state.query(&state.search.query));
    let matches = &state.search.matches;
    state.search.current = current.and_then(|start| {
        let k = matches.partition_point(|m| m.start() < start);
        (k < matches.len() && matches[k].start() == start).then_some(k)
    });
    if go_on {
        state.message = None;
        step_match(state, state.active_view, true);
    }
}

/// Opens the search prompt, remembering where the view was for a cancel.
pub(super) fn open_search(state: &mut State, i: usize) {
    let view = &state.views[i];
    state.search.origin = Some(Origin { pos: view.pos, anchor: view.anchor });
    state.prompt = Some(Prompt { kind: PromptKind::Search, input: String::new() });
}

fn incremental_search(state: &mut State, input: &str) {
    let i = state.active_view;
    let origin =
        state.search.origin.unwrap_or(Origin { pos: state.views[i].pos, anchor: state.views[i].anchor });
    state.search.query = input.to_string();
    // The old matches go first: two lists of millions of matches are never held at once.
    state.search.matches = Vec::new();
    state.search.matches = search_document(&state.doc, &state.query(input));
    let after = state.search.matches.partition_point(|m| m.start() < origin.anchor.0);
    state.search.current = if after < state.search.matches.len() {
        Some(after)
    } else if state.settings.search_wrap && !state.search.matches.is_empty() {
        Some(0)
    } else {
        None
    };
    match state.search.current {
        Some(c) => show_match(state, i, c),
        None => set_view(state, i, origin.pos, origin.anchor),
    }
}

fn confirm_search(state: &mut State) {
    if let Some(origin) = state.search.origin.take()
        && state.search.current.is_some()
    {
        push_history(state, origin.anchor);
    }
    if state.search.query.is_empty() {
        state.search = Default::default();
    } else if state.search.matches.is_empty() {
        state.message = Some(Status::info(match state.loading {
            // `rematch` goes on once the whole is read.
            Some(_) => format!("searching the rest for \"{}\"…", state.search.query),
            None => not_found(&state.search.query),
        }));
    }
}

/// The query is quoted: one made only of spaces would be invisible.
fn not_found(query: &str) -> String {
    format!("not found: \"{query}\"")
}

fn cancel_search(state: &mut State) {
    let i = state.active_view;
    if let Some(origin) = state.search.origin.take() {
        set_view(state, i, origin.pos, origin.anchor);
    }
    state.search = Default::default();
}

pub(super) fn step_match(state: &mut State, i: usize, forward: bool) {
    let n = state.search.matches.len();
    if n == 0 {
        state.message = Some(Status::info(if state.search.query.is_empty() {
            match state.settings.keys.key(Mode::Content, Action::Search) {
                Some(key) => format!("no search: press {key} to search"),
                None => "no search yet".to_string(),
            }
        } else {
            not_found(&state.search.query)
        }));
        return;
    }
    let next = match (state.search.current, forward) {
        (Some(c), true) if c + 1 < n => Some(c + 1),
        (Some(c), false) if c > 0 => Some(c - 1),
        (Some(_), _) => None,
        (None, true) => {
            let at = state.views[i].anchor.0;
            Some(state.search.matches.partition_point(|m| m.start() < at)).filter(|&k| k < n)
        }
        (None, false) => {
            let at = state.views[i].anchor.0;
            state.search.matches.partition_point(|m| m.start() < at).checked_sub(1)
        }
    };
    let next = match next {
        Some(k) => k,
        None if state.settings.search_wrap => {
            state.message = Some(Status::info(if forward {
                "search wrapped to the top"
            } else {
                "search wrapped to the bottom"
            }));
            if forward { 0 } else { n - 1 }
        }
        None => {
            state.message =
                Some(Status::info(if forward { "no more matches below" } else { "no more matches above" }));
            return;
        }
    };
    let from = state.views[i].anchor;
    push_history(state, from);
    state.search.current = Some(next);
    show_match(state, i, next);
}

/// Brings match `k` into view: left alone if already visible, else on the top row.
fn show_match(state: &mut State, i: usize, k: usize) {
    let start = state.search.matches[k].start();
    state.refresh();
    if state.views[i].lines.iter().any(|(_, line)| line.covers(start)) {
        return;
    }
    let pos = state.layout.position_of(&state.doc, Anchor(start));
    let anchor = state.layout.anchor_of(&state.doc, pos);
    set_view(state, i, pos, anchor);
}
