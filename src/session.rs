//! Runs the reader's file effects: bookmarks and reading positions through `store`, and opening
//! the document a bookmark belongs to. Terminal-free, so it is tested without a TTY.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::document::Anchor;
use crate::reader::State;
use crate::reader::state::{BookmarkEntry, BookmarksPane};
use crate::reader::update::{Effect, jump_to_anchor};
use crate::source::{ReadOptions, Source};
use crate::store::{
    Bookmark, BookmarkOp, BookmarkStore, DocId, PlacedBookmark, PositionStore, StoreError, StoreWarning,
    place_bookmarks,
};

/// How often, at most, the reading position is saved while reading (it is always saved on quit).
const POSITION_SAVE_INTERVAL: Duration = Duration::from_secs(5);

/// The stores and the identity of the open document.
pub struct Session {
    dir: Result<PathBuf, String>,
    /// The open document's identity; `None` for stdin and the welcome article.
    doc_id: Option<DocId>,
    /// Messages to print on stderr after the terminal is restored.
    pub warnings: Vec<String>,
    last_saved: Option<(Instant, Anchor)>,
}

impl Session {
    /// A session keeping its files in `dir` (the config directory), or unable to, and why.
    pub fn new(dir: Result<PathBuf, StoreError>) -> Session {
        Session { dir: dir.map_err(|e| e.to_string()), doc_id: None, warnings: Vec::new(), last_saved: None }
    }

    fn bookmarks(&self) -> Result<BookmarkStore, String> {
        self.dir.as_ref().map(|d| BookmarkStore::new(d)).map_err(Clone::clone)
    }

    fn positions(&self) -> Result<PositionStore, String> {
        self.dir.as_ref().map(|d| PositionStore::new(d)).map_err(Clone::clone)
    }

    fn warn(&mut self, state: &mut State, warning: Option<StoreWarning>) {
        if let Some(w) = warning {
            let text = w.to_string();
            state.message = Some(text.clone());
            self.warnings.push(text);
        }
    }

    /// Attaches the document just opened from `path`: places its bookmarks, tells the user if
    /// they can't be saved, and (if `restore`) reopens it where it was left.
    pub fn attach(&mut self, state: &mut State, path: Option<&Path>, restore: bool) -> Vec<PlacedBookmark> {
        self.doc_id = path.map(|p| DocId::new(p, &state.doc.text));
        self.last_saved = None;
        let Some(doc_id) = self.doc_id.clone() else { return Vec::new() };
        if restore && let Ok(positions) = self.positions() {
            let restored = positions.restore(&doc_id, &state.doc);
            self.warn(state, restored.warning);
            if let Some(position) = restored.value
                && position.offset > 0
            {
                let i = state.active_view;
                state.views[i].anchor = Anchor(position.offset);
                state.views[i].pos = state.layout.position_of(&state.doc, Anchor(position.offset));
                state.refresh();
                self.last_saved = Some((Instant::now(), state.views[i].anchor));
                state.message = Some(format!("resumed at {}% — g g goes to the top", state.percent(i)));
            }
        }
        let store = match self.bookmarks() {
            Ok(store) => store,
            Err(reason) => {
                state.message = Some(format!("bookmarks can't be saved: {reason}"));
                return Vec::new();
            }
        };
        let (placed, error) = store.open_document(&doc_id, &state.doc);
        state.bookmark_offsets = placed.value.iter().map(|p| p.bookmark.anchor.offset).collect();
        self.warn(state, placed.warning);
        // Said last, so it is what the status bar shows.
        if let Some(e) = store.check_writable().err().or(error) {
            state.message = Some(format!("bookmarks can't be saved: {e}"));
        }
        placed.value
    }

    /// Runs one effect. Returns `false` when the reader should quit.
    pub fn run(&mut self, state: &mut State, effect: Effect) -> bool {
        match effect {
            Effect::Quit => {
                self.save_position(state);
                return false;
            }
            Effect::Suspend => self.save_position(state),
            Effect::AddBookmark { anchor, label } => self.add_bookmark(state, anchor, &label),
            Effect::OpenBookmarks => self.open_pane(state),
            Effect::DeleteBookmark { id } => {
                self.apply(state, BookmarkOp::Delete(id), "bookmark deleted (u undoes)")
            }
            Effect::RestoreBookmark(bookmark) => {
                self.apply(state, BookmarkOp::Add(*bookmark), "bookmark restored")
            }
            Effect::RenameBookmark { id, label } => {
                self.apply(state, BookmarkOp::Rename { id, label }, "bookmark renamed")
            }
            Effect::OpenBookmarkedDocument(bookmark) => self.open_other(state, &bookmark),
            Effect::RepointBookmark { bookmark, anchor } => self.repoint(state, &bookmark, anchor),
        }
        true
    }

    /// Saves the reading position now and then while reading, so a crash loses little.
    pub fn after_input(&mut self, state: &mut State) {
        let anchor = state.views[state.active_view].anchor;
        let due = match self.last_saved {
            Some((at, saved)) => saved != anchor && at.elapsed() >= POSITION_SAVE_INTERVAL,
            None => anchor.0 > 0,
        };
        if due {
            self.save_position(state);
        }
    }

    fn save_position(&mut self, state: &mut State) {
        let (Some(doc_id), Ok(positions)) = (self.doc_id.clone(), self.positions()) else { return };
        let anchor = state.views[state.active_view].anchor;
        if self.last_saved.is_some_and(|(_, saved)| saved == anchor) {
            return;
        }
        match positions.save(&doc_id, &state.doc, anchor.0) {
            Ok(outcome) => self.warn(state, outcome.warning),
            Err(e) => state.message = Some(format!("reading position can't be saved: {e}")),
        }
        self.last_saved = Some((Instant::now(), anchor));
    }

    fn add_bookmark(&mut self, state: &mut State, anchor: Anchor, label: &str) {
        let Some(doc_id) = self.doc_id.clone() else {
            state.message = Some("bookmarks need a file: this text did not come from one".into());
            return;
        };
        let bookmark = Bookmark::new(&doc_id, &state.doc, anchor.0, label);
        let section = bookmark.section().to_string();
        let offset = bookmark.anchor.offset;
        match self.bookmarks() {
            Ok(store) => match store.apply(&[BookmarkOp::Add(bookmark)]) {
                Ok(outcome) => {
                    let at = state.bookmark_offsets.partition_point(|&o| o < offset);
                    state.bookmark_offsets.insert(at, offset);
                    state.message = Some(if section.is_empty() {
                        "bookmarked".into()
                    } else {
                        format!("bookmarked: {section}")
                    });
                    self.warn(state, outcome.warning);
                }
                Err(e) => state.message = Some(format!("bookmark not saved: {e}")),
            },
            Err(reason) => state.message = Some(format!("bookmark not saved: {reason}")),
        }
    }

    fn apply(&mut self, state: &mut State, op: BookmarkOp, done: &str) {
        match self.bookmarks().and_then(|store| store.apply(&[op]).map_err(|e| e.to_string())) {
            Ok(outcome) => {
                state.message = Some(done.to_string());
                self.warn(state, outcome.warning);
            }
            Err(reason) => state.message = Some(format!("bookmarks can't be saved: {reason}")),
        }
    }

    /// Fills the bookmarks pane: this document's bookmarks in text order, then all the others by
    /// path and position.
    fn open_pane(&mut self, state: &mut State) {
        let store = match self.bookmarks() {
            Ok(store) => store,
            Err(reason) => {
                state.message = Some(format!("no bookmarks: {reason}"));
                return;
            }
        };
        let loaded = store.load();
        self.warn(state, loaded.warning);
        let (placed, updates) = match &self.doc_id {
            Some(doc_id) => place_bookmarks(&loaded.value, doc_id, &state.doc),
            None => (Vec::new(), Vec::new()),
        };
        // Bookmarks found again at new places keep them.
        if !updates.is_empty()
            && let Err(e) = store.apply(&updates)
        {
            state.message = Some(format!("bookmarks can't be saved: {e}"));
        }
        let here: Vec<&str> = placed.iter().map(|p| p.bookmark.id.as_str()).collect();
        let mut others: Vec<Bookmark> =
            loaded.value.iter().filter(|b| !here.contains(&b.id.as_str())).cloned().collect();
        others.sort_by(|a, b| (&a.doc.path, a.anchor.offset).cmp(&(&b.doc.path, b.anchor.offset)));
        let mut entries: Vec<BookmarkEntry> = placed
            .into_iter()
            .map(|p| BookmarkEntry { bookmark: p.bookmark, here: true, missing: false })
            .collect();
        entries.extend(others.into_iter().map(|bookmark| {
            let missing = bookmark.is_missing();
            BookmarkEntry { bookmark, here: false, missing }
        }));
        state.bookmark_offsets =
            entries.iter().filter(|e| e.here).map(|e| e.bookmark.anchor.offset).collect();
        state.bookmark_offsets.sort_unstable();
        state.bookmarks = Some(BookmarksPane { entries, ..BookmarksPane::default() });
    }

    /// Points `bookmark` at `anchor` in the open document, and shows it there in the pane.
    fn repoint(&mut self, state: &mut State, bookmark: &Bookmark, anchor: Anchor) {
        let Some(doc_id) = self.doc_id.clone() else {
            state.message = Some("bookmarks need a file: this text did not come from one".into());
            return;
        };
        let repointed = bookmark.repointed(&doc_id, &state.doc, anchor.0);
        let saved = self.bookmarks().and_then(|store| {
            store.apply(&[BookmarkOp::Update(repointed.clone())]).map_err(|e| e.to_string())
        });
        match saved {
            Ok(outcome) => {
                if let Some(entry) = state
                    .bookmarks
                    .as_mut()
                    .and_then(|pane| pane.entries.iter_mut().find(|e| e.bookmark.id == repointed.id))
                {
                    *entry = BookmarkEntry { bookmark: repointed, here: true, missing: false };
                }
                if let Some(pane) = &state.bookmarks {
                    state.bookmark_offsets =
                        pane.entries.iter().filter(|e| e.here).map(|e| e.bookmark.anchor.offset).collect();
                    state.bookmark_offsets.sort_unstable();
                }
                state.message = Some("bookmark now points here".into());
                self.warn(state, outcome.warning);
            }
            Err(reason) => state.message = Some(format!("bookmarks can't be saved: {reason}")),
        }
    }

    /// Opens the document of a bookmark from another file and shows the bookmark.
    fn open_other(&mut self, state: &mut State, bookmark: &Bookmark) {
        self.save_position(state);
        let path = bookmark.doc.path.clone();
        let options = ReadOptions { max_bytes: state.settings.max_file_bytes, encoding: None };
        let doc = match Source::from_path(&path, &options).and_then(|source| {
            let name = source.short_name();
            source.into_document(None, None).map(|doc| (doc, name))
        }) {
            Ok(loaded) => loaded,
            Err(e) => {
                state.message = Some(format!("can't open {e}"));
                return;
            }
        };
        state.replace_document(doc.0, doc.1);
        let placed = self.attach(state, Some(&path), false);
        let offset = placed
            .iter()
            .find(|p| p.bookmark.id == bookmark.id)
            .map_or(bookmark.anchor.offset, |p| p.bookmark.anchor.offset);
        let i = state.active_view;
        jump_to_anchor(state, i, Anchor(offset.min(state.doc.text.len())));
        state.refresh();
    }
}
