//! `update(&mut State, Msg) -> Vec<Effect>`: the one writer of the reader state. Every navigation
//! rule lives here.

use super::msg::{Msg, Status};
use super::search::search_document;
use super::state::{BookmarkEntry, BookmarksPane, Focus, Origin, Overlay, Prompt, PromptKind, State, View};
use super::{Action, Mode};
use crate::document::Anchor;
use crate::layout::Pos;
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
    /// Point a bookmark at this place of the open document instead.
    RepointBookmark {
        bookmark: Box<Bookmark>,
        anchor: Anchor,
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
            type_text(state, &text);
            Vec::new()
        }
        Msg::Pasted(text) => {
            paste(state, &text);
            Vec::new()
        }
        Msg::Wheel { col, row, down } => {
            wheel(state, col, row, down);
            Vec::new()
        }
        Msg::Click { col, row } => {
            if let Some(o) = state.geometry.outline
                && o.contains(col, row)
            {
                click_outline(state, (row - o.y) as usize);
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
            state.bookmarks = Some(BookmarksPane { entries, ..BookmarksPane::default() });
            refresh_bookmark_offsets(state);
            Vec::new()
        }
        Msg::BookmarkRepointed(bookmark) => {
            if let Some(entry) = state
                .bookmarks
                .as_mut()
                .and_then(|pane| pane.entries.iter_mut().find(|e| e.bookmark.id == bookmark.id))
            {
                *entry = BookmarkEntry { bookmark: *bookmark, here: true, missing: false };
            }
            refresh_bookmark_offsets(state);
            Vec::new()
        }
        Msg::Resumed(anchor) => {
            resume(state, anchor);
            Vec::new()
        }
        Msg::Opened { doc, name } => {
            state.replace_document(*doc, name);
            Vec::new()
        }
        Msg::JumpTo(anchor) => {
            let i = state.active_view;
            jump_to_anchor(state, i, Anchor(anchor.0.min(state.doc.text.len())));
            Vec::new()
        }
    };
    state.refresh();
    effects
}

/// Shows the saved reading position of the document just opened: not a jump, so no history.
fn resume(state: &mut State, anchor: Anchor) {
    let i = state.active_view;
    let anchor = Anchor(anchor.0.min(state.doc.text.len()));
    state.views[i].anchor = anchor;
    state.views[i].pos = state.layout.position_of(&state.doc, anchor);
    state.refresh();
    state.message = Some(Status::info(format!("resumed at {}% — g g goes to the top", state.percent(i))));
}

/// A paste is text for the open prompt, all at once: its line breaks are spaces, never Enter, so
/// pasted lines cannot confirm a prompt or run commands. Outside a prompt it does nothing.
fn paste(state: &mut State, text: &str) {
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

/// An action, by the rules of the mode the state is in: the same `Mode` that chose the key table.
fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    match state.mode() {
        Mode::Prompt => prompt_action(state, action),
        Mode::Help => help_action(state, action),
        Mode::Bookmarks => bookmarks_action(state, action),
        Mode::Outline | Mode::Content => reading_action(state, action),
    }
}

/// The help scrolls; any other action closes it.
fn help_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Help { scroll }) = state.overlay else { return Vec::new() };
    let page = state.geometry.screen.height.saturating_sub(4).max(1) as isize;
    let delta = match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::LineDown | Action::SelectNext => 1,
        Action::LineUp | Action::SelectPrev => -1,
        Action::PageDown | Action::HalfPageDown => page,
        Action::PageUp | Action::HalfPageUp => -page,
        Action::Top => -(scroll as isize),
        Action::Bottom => state.help_rows as isize,
        _ => {
            state.overlay = None;
            return Vec::new();
        }
    };
    let last = state.help_rows.saturating_sub(page as usize) as isize;
    let scroll = (scroll as isize + delta).clamp(0, last.max(0)) as usize;
    state.overlay = Some(Overlay::Help { scroll });
    Vec::new()
}

/// Reading: the content views, and the outline when it has focus.
fn reading_action(state: &mut State, action: Action) -> Vec<Effect> {
    let i = state.active_view;
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
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
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
        Action::NextHeading => heading_jump(state, i, next_heading),
        Action::PrevHeading => heading_jump(state, i, prev_heading),
        Action::NextSection => heading_jump(state, i, next_section),
        Action::PrevSection => heading_jump(state, i, prev_section),
        Action::Search => {
            let view = &state.views[i];
            state.search.origin = Some(Origin { pos: view.pos, anchor: view.anchor });
            state.prompt = Some(Prompt { kind: PromptKind::Search, input: String::new() });
        }
        Action::NextMatch => step_match(state, i, true),
        Action::PrevMatch => step_match(state, i, false),
        Action::Back => travel(state, i, true),
        Action::Forward => travel(state, i, false),
        Action::ToggleOutline => {
            state.show_outline = !state.show_outline;
            if !state.show_outline && state.focus == Focus::Outline {
                state.focus = Focus::View(state.active_view);
            }
            state.regeometry();
        }
        Action::FocusNext => focus_next(state),
        Action::ToggleSplit => toggle_split(state),
        Action::NextScript => {
            let script = state.settings.script.next();
            state.set_script(script);
            state.message = Some(Status::info(format!("script: {} ({})", script.name(), script.label())));
        }
        Action::ToggleExactSearch => toggle_exact_search(state),
        Action::SelectNext => select(state, 1),
        Action::SelectPrev => select(state, -1),
        Action::Open => open_outline_entry(state),
        Action::Filter => {
            state.prompt = Some(Prompt { kind: PromptKind::Filter, input: state.outline.filter.clone() });
        }
        Action::AddBookmark => {
            state.prompt = Some(Prompt { kind: PromptKind::BookmarkLabel, input: String::new() });
        }
        Action::OpenBookmarks => return vec![Effect::OpenBookmarks],
        Action::Rename
        | Action::Delete
        | Action::Undo
        | Action::Repoint
        | Action::Confirm
        | Action::Backspace => {}
    }
    Vec::new()
}

fn bookmarks_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(pane) = state.bookmarks.as_mut() else { return Vec::new() };
    let n = pane.entries.len();
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::SelectNext | Action::LineDown => pane.selected = (pane.selected + 1).min(n.saturating_sub(1)),
        Action::SelectPrev | Action::LineUp => pane.selected = pane.selected.saturating_sub(1),
        Action::Close | Action::OpenBookmarks => state.bookmarks = None,
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Open => {
            let Some(entry) = pane.entries.get(pane.selected).cloned() else { return Vec::new() };
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
                return vec![Effect::OpenBookmarkedDocument(Box::new(entry.bookmark))];
            }
        }
        Action::Rename => {
            if let Some(entry) = pane.entries.get(pane.selected) {
                let input = entry.bookmark.label.clone();
                state.prompt = Some(Prompt { kind: PromptKind::Rename, input });
            }
        }
        Action::Delete if pane.selected < n => {
            let entry = pane.entries.remove(pane.selected);
            let id = entry.bookmark.id.clone();
            pane.deleted.push((pane.selected, entry));
            pane.selected = pane.selected.min(pane.entries.len().saturating_sub(1));
            refresh_bookmark_offsets(state);
            return vec![Effect::DeleteBookmark { id }];
        }
        Action::Repoint => {
            if let Some(entry) = pane.entries.get(pane.selected) {
                let anchor = state.views[state.active_view].anchor;
                return vec![Effect::RepointBookmark { bookmark: Box::new(entry.bookmark.clone()), anchor }];
            }
        }
        Action::Undo => match pane.deleted.pop() {
            Some((row, entry)) => {
                let row = row.min(pane.entries.len());
                let bookmark = entry.bookmark.clone();
                pane.entries.insert(row, entry);
                pane.selected = row;
                refresh_bookmark_offsets(state);
                return vec![Effect::RestoreBookmark(Box::new(bookmark))];
            }
            None => state.message = Some(Status::info("nothing to undo")),
        },
        _ => {}
    }
    Vec::new()
}

/// Recomputes the outline's bookmark marks from the open pane's entries.
fn refresh_bookmark_offsets(state: &mut State) {
    if let Some(pane) = &state.bookmarks {
        let mut offsets: Vec<usize> =
            pane.entries.iter().filter(|e| e.here).map(|e| e.bookmark.anchor.offset).collect();
        offsets.sort_unstable();
        state.bookmark_offsets = offsets;
    }
}

fn rename_selected(state: &mut State, label: &str) -> Vec<Effect> {
    let Some(pane) = state.bookmarks.as_mut() else { return Vec::new() };
    let Some(entry) = pane.entries.get_mut(pane.selected) else { return Vec::new() };
    entry.bookmark.label = label.to_string();
    vec![Effect::RenameBookmark { id: entry.bookmark.id.clone(), label: label.to_string() }]
}

/// Text typed into the open prompt: the search runs once for all of it.
fn type_text(state: &mut State, text: &str) {
    let Some(prompt) = state.prompt.as_mut() else { return };
    prompt.input.push_str(text);
    prompt_changed(state);
}

fn prompt_action(state: &mut State, action: Action) -> Vec<Effect> {
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
                PromptKind::Filter => {}
                PromptKind::BookmarkLabel => {
                    let anchor = state.views[state.active_view].anchor;
                    return vec![Effect::AddBookmark { anchor, label: prompt.input.trim().to_string() }];
                }
                PromptKind::Rename => return rename_selected(state, prompt.input.trim()),
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
fn toggle_exact_search(state: &mut State) {
    state.settings.search_exact = !state.settings.search_exact;
    match state.prompt.as_ref().map(|p| p.kind) {
        Some(PromptKind::Search | PromptKind::Filter) => prompt_changed(state),
        _ => {
            if !state.outline.filter.is_empty() {
                state.refilter_outline();
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
        PromptKind::BookmarkLabel | PromptKind::Rename => {}
    }
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
        state.message = Some(Status::info(not_found(&state.search.query)));
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

fn step_match(state: &mut State, i: usize, forward: bool) {
    let n = state.search.matches.len();
    if n == 0 {
        state.message = Some(Status::info(if state.search.query.is_empty() {
            "no search: press / to search".to_string()
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
    if state.views[i].lines.iter().any(|(_, line)| line_covers(line, start)) {
        return;
    }
    let pos = state.layout.position_of(&state.doc, Anchor(start));
    let anchor = state.layout.anchor_of(&state.doc, pos);
    set_view(state, i, pos, anchor);
}

fn line_end(line: &crate::layout::Line) -> usize {
    line.runs
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            let end = line.runs.get(k + 1).map_or(line.text.len(), |n| n.start);
            r.source.map(|s| s + (end - r.start))
        })
        .max()
        .unwrap_or(line.anchor.0)
}

fn line_covers(line: &crate::layout::Line, offset: usize) -> bool {
    line.anchor.0 <= offset && offset < line_end(line)
}

fn scroll(state: &mut State, i: usize, delta: isize) {
    let pos = state.layout.advance(&state.doc, state.views[i].pos, delta);
    let max_top = state.max_top(i);
    let pos = pos.min(max_top);
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
    let max_top = state.max_top(i);
    let view = &mut state.views[i];
    view.pos = pos.min(max_top);
    view.anchor = if pos <= max_top { anchor } else { state.layout.anchor_of(&state.doc, view.pos) };
}

fn push_history(state: &mut State, anchor: Anchor) {
    const LIMIT: usize = 100;
    let h = &mut state.history;
    if h.back.last() != Some(&anchor) {
        h.back.push(anchor);
        if h.back.len() > LIMIT {
            h.back.remove(0);
        }
    }
    h.forward.clear();
}

fn travel(state: &mut State, i: usize, back: bool) {
    let (from, to) = if back {
        (&mut state.history.back, &mut state.history.forward)
    } else {
        (&mut state.history.forward, &mut state.history.back)
    };
    let Some(target) = from.pop() else {
        state.message = Some(Status::info(if back {
            "already at the oldest jump"
        } else {
            "already at the newest jump"
        }));
        return;
    };
    to.push(state.views[i].anchor);
    let pos = state.layout.position_of(&state.doc, target);
    set_view(state, i, pos, target);
}

/// The section a relative heading jump starts from.
fn section_cursor(state: &State, i: usize) -> Option<usize> {
    let anchor = state.views[i].anchor;
    match state.heading_cursor {
        Some((section, left_at)) if left_at == anchor => Some(section),
        _ => state.doc.outline.section_at(anchor),
    }
}

/// Whether view `i`'s top is exactly on section `s`'s heading.
fn at_heading(state: &State, i: usize, s: usize) -> bool {
    let anchor = state.views[i].anchor;
    matches!(state.heading_cursor, Some((c, a)) if c == s && a == anchor)
        || state.doc.outline.sections[s].start == anchor.0
}

fn next_heading(state: &State, i: usize) -> Option<usize> {
    let n = state.doc.outline.sections.len();
    let next = section_cursor(state, i).map_or(0, |s| s + 1);
    (next < n).then_some(next)
}

fn prev_heading(state: &State, i: usize) -> Option<usize> {
    let s = section_cursor(state, i)?;
    if at_heading(state, i, s) { s.checked_sub(1) } else { Some(s) }
}

fn next_section(state: &State, i: usize) -> Option<usize> {
    let sections = &state.doc.outline.sections;
    match section_cursor(state, i) {
        None => (!sections.is_empty()).then_some(0),
        Some(s) => (s + 1..sections.len()).find(|&j| sections[j].level <= sections[s].level),
    }
}

fn prev_section(state: &State, i: usize) -> Option<usize> {
    let sections = &state.doc.outline.sections;
    let s = section_cursor(state, i)?;
    if !at_heading(state, i, s) {
        return Some(s);
    }
    (0..s).rev().find(|&j| sections[j].level <= sections[s].level)
}

fn heading_jump(state: &mut State, i: usize, target: fn(&State, usize) -> Option<usize>) {
    let Some(section) = target(state, i) else {
        state.message = Some(Status::info("no more headings"));
        return;
    };
    let start = Anchor(state.doc.outline.sections[section].start);
    jump_to_anchor(state, i, start);
    state.heading_cursor = Some((section, state.views[i].anchor));
    select_section(state, section);
}

/// Selects `section` in the outline when it is listed.
fn select_section(state: &mut State, section: usize) {
    if let Some(k) = state.outline.entries.iter().position(|&e| e == section) {
        state.outline.selected = k;
    }
}

fn focus_next(state: &mut State) {
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

fn toggle_split(state: &mut State) {
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

fn select(state: &mut State, delta: isize) {
    let n = state.outline.entries.len();
    if n == 0 {
        return;
    }
    let s = state.outline.selected as isize + delta;
    state.outline.selected = s.clamp(0, n as isize - 1) as usize;
}

fn open_outline_entry(state: &mut State) {
    let Some(&section) = state.outline.entries.get(state.outline.selected) else { return };
    let i = state.active_view;
    let start = Anchor(state.doc.outline.sections[section].start);
    jump_to_anchor(state, i, start);
    state.heading_cursor = Some((section, state.views[i].anchor));
    state.focus = Focus::View(i);
}

/// Opens the outline entry shown on row `row` of the outline pane (a mouse click).
fn click_outline(state: &mut State, row: usize) {
    let k = state.outline.scroll + row;
    if k < state.outline.entries.len() {
        state.outline.selected = k;
        open_outline_entry(state);
    }
}

/// Scrolls the pane under a mouse pointer.
fn wheel(state: &mut State, col: u16, row: u16, down: bool) {
    let step = state.settings.scroll_lines.max(1) as isize;
    let delta = if down { step } else { -step };
    if state.geometry.outline.is_some_and(|o| o.contains(col, row)) {
        let n = state.outline.entries.len();
        let height = state.outline_height();
        let o = &mut state.outline;
        o.scroll = (o.scroll as isize + delta).clamp(0, n.saturating_sub(height) as isize) as usize;
        o.selected = o.selected.clamp(o.scroll, (o.scroll + height).saturating_sub(1).max(o.scroll));
        return;
    }
    if let Some(i) = state.geometry.views.iter().position(|v| v.pane.contains(col, row)) {
        scroll(state, i, delta);
    }
}
