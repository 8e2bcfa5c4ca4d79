//! Runs the reader's file effects: bookmarks and reading positions through `store`, and opening
//! the document a bookmark belongs to. Terminal-free, so it is tested without a TTY. It reads the
//! state and returns what it found as messages for `update`: it never writes the state itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crate::document::html::HtmlOptions;
use crate::document::links::Location;
use crate::document::{Anchor, Document, Format};
use crate::reader::library::{History, Visit};
use crate::reader::state::BookmarkEntry;
use crate::reader::update::{Effect, deleted_message};
use crate::reader::{Msg, State, Status, update};
use crate::source::{ReadOptions, Source, cached_form};
use crate::store::web_cache::{WebCache, age_text};
use crate::store::{
    Bookmark, BookmarkOp, BookmarkStore, DocId, PlacedBookmark, PositionStore, StoreError, StoreWarning,
    place_bookmarks,
};
use crate::web::{self, FetchOptions};

/// How often, at most, the reading position is saved while reading (it is always saved on quit).
const POSITION_SAVE_INTERVAL: Duration = Duration::from_secs(5);

/// What the terminal must do once a batch of effects has run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    /// Stop the process like Ctrl-Z in a shell, then go on.
    Suspend,
    Quit,
}

/// Runs effects, feeding what they find back through `update` (which may ask for more), until
/// none are left or one quits.
pub fn run_effects(state: &mut State, session: &mut Session, effects: Vec<Effect>) -> Control {
    let mut control = Control::Continue;
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit => {
                session.run(state, effect);
                return Control::Quit;
            }
            Effect::Suspend => control = Control::Suspend,
            _ => {}
        }
        for msg in session.run(state, effect) {
            queue.extend(update(state, msg));
        }
    }
    control
}

/// The stores and the identity of the open document.
pub struct Session {
    dir: Result<PathBuf, String>,
    /// The open document's identity; `None` for stdin and the welcome article.
    doc_id: Option<DocId>,
    /// Messages to print on stderr after the terminal is restored.
    pub warnings: Vec<String>,
    last_saved: Option<(Instant, Anchor)>,
    /// How the web pages that links lead to are fetched.
    pub fetch: FetchOptions,
    /// How the HTML of linked pages is read (ruby readings or not), as the first document was.
    pub html: HtmlOptions,
    /// Whether a document opened from the library reopens where it was left.
    pub restore: bool,
    /// Where work on other threads sends what it finds (see [`Session::messenger`]).
    inbox_tx: Sender<Msg>,
    /// Taken by the event loop, which feeds each message to `update` as it arrives.
    inbox: Option<Receiver<Msg>>,
    /// Work to start once the first screen is on the terminal (see [`Session::after_first_frame`]).
    deferred: Vec<Box<dyn FnOnce()>>,
}

impl Session {
    /// A session keeping its files in `dir` (the config directory), or unable to, and why.
    pub fn new(dir: Result<PathBuf, StoreError>) -> Session {
        let (inbox_tx, inbox) = mpsc::channel();
        Session {
            dir: dir.map_err(|e| e.to_string()),
            doc_id: None,
            warnings: Vec::new(),
            last_saved: None,
            fetch: FetchOptions::default(),
            html: HtmlOptions::default(),
            restore: true,
            inbox_tx,
            inbox: Some(inbox),
            deferred: Vec::new(),
        }
    }

    /// A sender for work on another thread (parsing the rest of a document, reading a library's
    /// titles): each message it sends reaches `update` in the event loop, in order, as if the
    /// reader had received it. The thread must stop on its own once a send fails.
    pub fn messenger(&self) -> Sender<Msg> {
        self.inbox_tx.clone()
    }

    /// The messages sent through [`Session::messenger`] so far and not yet taken, without
    /// waiting: how tests and headless callers see what background work found.
    pub fn received(&mut self) -> Vec<Msg> {
        self.inbox.as_ref().map(|rx| rx.try_iter().collect()).unwrap_or_default()
    }

    /// Starts `work` once the first screen has been drawn, or now when there is no terminal
    /// loop: threads that read the rest of a big file would otherwise take the cores the first
    /// screen needs.
    pub fn after_first_frame(&mut self, work: impl FnOnce() + 'static) {
        self.deferred.push(Box::new(work));
    }

    /// Starts the work held back for the first frame (called by the event loop after a draw).
    pub fn start_deferred(&mut self) {
        for work in self.deferred.drain(..) {
            work();
        }
    }

    /// Hands the inbox to the event loop, which waits on it with the terminal's input.
    pub(crate) fn take_inbox(&mut self) -> Option<Receiver<Msg>> {
        self.inbox.take()
    }

    fn bookmarks(&self) -> Result<BookmarkStore, String> {
        self.dir.as_ref().map(|d| BookmarkStore::new(d)).map_err(Clone::clone)
    }

    fn positions(&self) -> Result<PositionStore, String> {
        self.dir.as_ref().map(|d| PositionStore::new(d)).map_err(Clone::clone)
    }

    /// A store warning for the status bar, also kept for stderr after exit.
    fn warn(&mut self, msgs: &mut Vec<Msg>, warning: Option<StoreWarning>) {
        if let Some(w) = warning {
            let text = w.to_string();
            msgs.push(Msg::Status(Status::warning(text.clone())));
            self.warnings.push(text);
        }
    }

    /// Attaches the document just opened from `path`: places its bookmarks, tells the user if
    /// they can't be saved, and (if `restore`) finds where it was left.
    pub fn attach(&mut self, doc: &Document, path: Option<&Path>, restore: bool) -> Vec<Msg> {
        self.attach_placed(doc, path, restore).0
    }

    fn attach_placed(
        &mut self,
        doc: &Document,
        path: Option<&Path>,
        restore: bool,
    ) -> (Vec<Msg>, Vec<PlacedBookmark>) {
        let mut msgs = Vec::new();
        self.doc_id = path.map(|p| DocId::new(p, &doc.text));
        self.last_saved = None;
        let Some(doc_id) = self.doc_id.clone() else { return (msgs, Vec::new()) };
        if restore && let Ok(positions) = self.positions() {
            let restored = positions.restore(&doc_id, doc);
            self.warn(&mut msgs, restored.warning);
            if let Some(position) = restored.value
                && position.offset > 0
            {
                self.last_saved = Some((Instant::now(), Anchor(position.offset)));
                msgs.push(Msg::Resumed(Anchor(position.offset)));
            }
        }
        let store = match self.bookmarks() {
            Ok(store) => store,
            Err(reason) => {
                msgs.push(Status::error(format!("bookmarks can't be saved: {reason}")).into());
                return (msgs, Vec::new());
            }
        };
        let (placed, error) = store.open_document(&doc_id, doc);
        msgs.push(Msg::BookmarkMarks(placed.value.iter().map(|p| p.bookmark.anchor.offset).collect()));
        self.warn(&mut msgs, placed.warning);
        // Said last, so it is what the status bar shows.
        if let Some(e) = store.check_writable().err().or(error) {
            msgs.push(Status::error(format!("bookmarks can't be saved: {e}")).into());
        }
        (msgs, placed.value)
    }

    /// Where the file at `path` was left, as saved: its text offset and the text's length then.
    /// Only a hint for showing it early; [`Session::attach`] checks it against the whole text.
    pub fn saved_position(&self, path: &Path) -> Option<(usize, u64)> {
        let path = crate::store::identity::canonical_path(path);
        let position = self.positions().ok()?.find(&path)?;
        Some((position.anchor.offset, position.doc.fingerprint.len))
    }

    /// Runs one effect and returns what it found. `Quit` and `Suspend` save the reading position;
    /// the terminal side is the caller's.
    pub fn run(&mut self, state: &State, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::Quit | Effect::Suspend => self.save_position(state),
            Effect::AddBookmark { anchor, label } => self.add_bookmark(state, anchor, &label),
            Effect::OpenBookmarks => self.open_pane(state),
            Effect::DeleteBookmark { id } => self.apply(BookmarkOp::Delete(id), &deleted_message(state)),
            Effect::RestoreBookmark(bookmark) => self.apply(BookmarkOp::Add(*bookmark), "bookmark restored"),
            Effect::RenameBookmark { id, label } => {
                self.apply(BookmarkOp::Rename { id, label }, "bookmark renamed")
            }
            Effect::OpenBookmarkedDocument(bookmark) => self.open_other(state, &bookmark),
            Effect::RepointBookmark { bookmark, anchor } => self.repoint(state, &bookmark, anchor),
            Effect::OpenLocation { location, at, fragment } => {
                self.open_location(state, location, at, fragment, false)
            }
            Effect::Attach { path, restore } => self.attach(&state.doc, Some(&path), restore),
            Effect::OpenDocument { path } => {
                let restore = self.restore;
                let mut msgs = self.open_location(state, Location::File(path.clone()), None, None, restore);
                // Gone since it was listed: the library marks it.
                if !path.exists() {
                    msgs.push(Msg::LibraryGone(path));
                }
                msgs
            }
            Effect::LoadLibraryHistory => self.library_history(),
            Effect::ReturnToLibrary => {
                let mut msgs = self.save_position(state);
                msgs.extend(self.library_history());
                msgs
            }
            Effect::ForgetDocument { path } => self.forget(&path),
        }
    }

    /// Saves the reading position now and then while reading, so a crash loses little.
    pub fn after_input(&mut self, state: &State) -> Vec<Msg> {
        let anchor = state.views[state.active_view].anchor;
        let due = match self.last_saved {
            Some((at, saved)) => saved != anchor && at.elapsed() >= POSITION_SAVE_INTERVAL,
            None => anchor.0 > 0,
        };
        if due { self.save_position(state) } else { Vec::new() }
    }

    /// Saves where the active view is, unless it was saved there already.
    pub fn save_position(&mut self, state: &State) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let (Some(doc_id), Ok(positions)) = (self.doc_id.clone(), self.positions()) else { return msgs };
        let anchor = state.views[state.active_view].anchor;
        if self.last_saved.is_some_and(|(_, saved)| saved == anchor) {
            return msgs;
        }
        match positions.save(&doc_id, &state.doc, anchor.0) {
            Ok(outcome) => self.warn(&mut msgs, outcome.warning),
            Err(e) => msgs.push(Status::error(format!("reading position can't be saved: {e}")).into()),
        }
        self.last_saved = Some((Instant::now(), anchor));
        msgs
    }

    fn add_bookmark(&mut self, state: &State, anchor: Anchor, label: &str) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let Some(doc_id) = self.doc_id.clone() else {
            msgs.push(Status::warning("bookmarks need a file: this text did not come from one").into());
            return msgs;
        };
        let bookmark = Bookmark::new(&doc_id, &state.doc, anchor.0, label);
        let section = bookmark.section().to_string();
        let offset = bookmark.anchor.offset;
        match self.bookmarks() {
            Ok(store) => match store.apply(&[BookmarkOp::Add(bookmark)]) {
                Ok(outcome) => {
                    msgs.push(Msg::BookmarkAdded(offset));
                    msgs.push(
                        Status::info(if section.is_empty() {
                            "bookmarked".into()
                        } else {
                            format!("bookmarked: {section}")
                        })
                        .into(),
                    );
                    self.warn(&mut msgs, outcome.warning);
                }
                Err(e) => msgs.push(Status::error(format!("bookmark not saved: {e}")).into()),
            },
            Err(reason) => msgs.push(Status::error(format!("bookmark not saved: {reason}")).into()),
        }
        msgs
    }

    fn apply(&mut self, op: BookmarkOp, done: &str) -> Vec<Msg> {
        let mut msgs = Vec::new();
        match self.bookmarks().and_then(|store| store.apply(&[op]).map_err(|e| e.to_string())) {
            Ok(outcome) => {
                msgs.push(Status::info(done).into());
                self.warn(&mut msgs, outcome.warning);
            }
            Err(reason) => msgs.push(Status::error(format!("bookmarks can't be saved: {reason}")).into()),
        }
        msgs
    }

    /// Loads the bookmarks pane: this document's bookmarks in text order, then all the others by
    /// path and position.
    fn open_pane(&mut self, state: &State) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let store = match self.bookmarks() {
            Ok(store) => store,
            Err(reason) => {
                msgs.push(Status::error(format!("no bookmarks: {reason}")).into());
                return msgs;
            }
        };
        let loaded = store.load();
        self.warn(&mut msgs, loaded.warning);
        let (placed, updates) = match &self.doc_id {
            Some(doc_id) => place_bookmarks(&loaded.value, doc_id, &state.doc),
            None => (Vec::new(), Vec::new()),
        };
        // Bookmarks found again at new places keep them.
        if !updates.is_empty()
            && let Err(e) = store.apply(&updates)
        {
            msgs.push(Status::error(format!("bookmarks can't be saved: {e}")).into());
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
        // The pane first, so the messages above stay in the status bar.
        msgs.insert(0, Msg::BookmarksLoaded(entries));
        msgs
    }

    /// Points `bookmark` at `anchor` in the open document.
    fn repoint(&mut self, state: &State, bookmark: &Bookmark, anchor: Anchor) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let Some(doc_id) = self.doc_id.clone() else {
            msgs.push(Status::warning("bookmarks need a file: this text did not come from one").into());
            return msgs;
        };
        let repointed = bookmark.repointed(&doc_id, &state.doc, anchor.0);
        let saved = self.bookmarks().and_then(|store| {
            store.apply(&[BookmarkOp::Update(repointed.clone())]).map_err(|e| e.to_string())
        });
        match saved {
            Ok(outcome) => {
                msgs.push(Msg::BookmarkRepointed(Box::new(repointed)));
                msgs.push(Status::info("bookmark now points here").into());
                self.warn(&mut msgs, outcome.warning);
            }
            Err(reason) => msgs.push(Status::error(format!("bookmarks can't be saved: {reason}")).into()),
        }
        msgs
    }

    /// Opens the document of a bookmark from another file, at the bookmark.
    fn open_other(&mut self, state: &State, bookmark: &Bookmark) -> Vec<Msg> {
        let mut msgs = self.save_position(state);
        let path = bookmark.doc.path.clone();
        let options = ReadOptions { max_bytes: state.settings.max_file_bytes, encoding: None };
        let (doc, name) = match Source::from_path(&path, &options).and_then(|mut source| {
            source.html = self.html;
            let name = source.short_name();
            source.into_document(None, None).map(|doc| (doc, name))
        }) {
            Ok(loaded) => loaded,
            Err(e) => {
                msgs.push(Status::error(format!("can't open {e}")).into());
                return msgs;
            }
        };
        let (attached, placed) = self.attach_placed(&doc, Some(&path), false);
        let offset = placed
            .iter()
            .find(|p| p.bookmark.id == bookmark.id)
            .map_or(bookmark.anchor.offset, |p| p.bookmark.anchor.offset);
        msgs.push(Msg::Opened { doc: Box::new(doc), name, location: Some(Location::File(path.clone())) });
        msgs.extend(attached);
        msgs.push(Msg::Placed(Anchor(offset)));
        msgs
    }

    /// Opens a linked document (at its top, or the heading its `#name` names), or the one the
    /// jump history goes back to (at `at`), or one of the library (where it was left, if
    /// `restore`).
    /// A web page comes from the cache when it is there, so going back works offline.
    fn open_location(
        &mut self,
        state: &State,
        location: Location,
        at: Option<Anchor>,
        fragment: Option<String>,
        restore: bool,
    ) -> Vec<Msg> {
        let mut msgs = self.save_position(state);
        let options = ReadOptions { max_bytes: state.settings.max_file_bytes, encoding: None };
        let opened = match &location {
            Location::File(path) => Source::from_path(path, &options)
                .and_then(|mut source| {
                    source.html = self.html;
                    let name = source.short_name();
                    source.into_document(None, None).map(|doc| (doc, name, path.clone(), None))
                })
                .map_err(|e| e.to_string()),
            Location::Url(url) => read_url(url, &options, None, self.fetch, false, self.html)
                .map(|page| (page.doc, url.clone(), page.path, page.notice)),
        };
        let (doc, name, path, notice) = match opened {
            Ok(opened) => opened,
            Err(e) => {
                msgs.push(Status::error(format!("can't open {e}")).into());
                return msgs;
            }
        };
        let attached = self.attach(&doc, Some(&path), restore);
        msgs.push(Msg::Opened { doc: Box::new(doc), name, location: Some(location) });
        msgs.extend(attached);
        if let Some(anchor) = at {
            msgs.push(Msg::Placed(anchor));
        } else if let Some(name) = fragment {
            msgs.push(Msg::PlacedAtFragment(name));
        }
        if let Some(notice) = notice {
            msgs.push(Status::info(notice).into());
        }
        msgs
    }
}

impl Session {
    /// The reading history for the library: every remembered position, newest first, and the
    /// number of bookmarks per document.
    pub fn library_history(&mut self) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let mut history = History::default();
        if let Ok(positions) = self.positions() {
            let loaded = positions.load();
            self.warn(&mut msgs, loaded.warning);
            history.visits = loaded
                .value
                .into_iter()
                .map(|p| Visit {
                    missing: !p.doc.path.exists(),
                    offset: p.anchor.offset,
                    text_len: usize::try_from(p.doc.fingerprint.len).unwrap_or(usize::MAX),
                    read: p.updated,
                    path: p.doc.path,
                })
                .collect();
            history.visits.sort_by_key(|v| std::cmp::Reverse(v.read));
        }
        if let Ok(store) = self.bookmarks() {
            let loaded = store.load_read_only();
            self.warn(&mut msgs, loaded.warning);
            let mut counts: std::collections::BTreeMap<PathBuf, usize> = Default::default();
            for bookmark in loaded.value {
                *counts.entry(bookmark.doc.path).or_default() += 1;
            }
            history.bookmarks = counts.into_iter().collect();
        }
        msgs.insert(0, Msg::LibraryHistory(history));
        msgs
    }

    /// Starts listing a library on another thread (the documents below `root`, or those read
    /// lately), then summarising them, answered from the cache first; what is found arrives
    /// through the inbox. The recent list is known at once and returned.
    pub fn open_library(&mut self, root: Option<PathBuf>, options: ReadOptions) -> Vec<Msg> {
        let tx = self.messenger();
        let summarise = move |found: &[crate::library::Found], tx: Sender<Msg>| {
            let paths = found.iter().filter(|f| f.problem.is_none()).map(|f| f.path.clone()).collect();
            let cache = crate::store::library_cache::LibraryCache::in_cache_dir();
            crate::library::spawn_summaries(paths, cache, options, move |path, summary| {
                tx.send(Msg::Summarised(path, summary)).is_ok()
            })
        };
        match root {
            Some(dir) => {
                std::thread::spawn(move || {
                    let found = crate::library::scan(&dir);
                    // The rows first: a summary for a row not yet listed would be lost.
                    if tx.send(Msg::LibraryListed(found.clone())).is_ok() {
                        summarise(&found, tx).join();
                    }
                });
                Vec::new()
            }
            None => {
                let positions = self.positions().map(|p| p.load().value).unwrap_or_default();
                let found = crate::library::recent(&positions);
                drop(summarise(&found, tx));
                let mut msgs = vec![Msg::LibraryListed(found)];
                msgs.extend(self.library_history());
                msgs
            }
        }
    }

    /// Forgets a document's reading position.
    fn forget(&mut self, path: &Path) -> Vec<Msg> {
        let mut msgs = Vec::new();
        match self.positions().and_then(|p| p.forget(path).map_err(|e| e.to_string())) {
            Ok(outcome) => {
                msgs.push(Status::info("removed from the reading history").into());
                self.warn(&mut msgs, outcome.warning);
            }
            Err(reason) => {
                msgs.push(Status::error(format!("reading history can't be saved: {reason}")).into())
            }
        }
        msgs
    }
}

/// A web page read through the cache.
pub struct WebPage {
    pub doc: Document,
    /// The cached copy, which positions and bookmarks are keyed by.
    pub path: PathBuf,
    /// Said when the page is an old copy from the cache.
    pub notice: Option<String>,
}

/// A web page: the copy in the cache unless `refresh`, else fetched and kept there, so its
/// positions and bookmarks follow the URL and work offline. The error is `URL: reason`.
pub fn read_url(
    url: &str,
    options: &ReadOptions,
    format: Option<Format>,
    fetch: FetchOptions,
    refresh: bool,
    html: HtmlOptions,
) -> Result<WebPage, String> {
    let failed = |reason: &str| format!("{url}: {reason}");
    let cache = WebCache::in_cache_dir().ok_or_else(|| failed("no cache directory"))?;
    let (path, notice) = match cache.lookup(url).filter(|_| !refresh) {
        Some(cached) => {
            let notice =
                format!("cached copy, fetched {} ago (--refresh fetches again)", age_text(cached.age));
            (cached.path, Some(notice))
        }
        None => {
            let fetched = web::fetch(url, fetch).map_err(|reason| failed(&reason))?;
            let (bytes, extension) = cached_form(&fetched).map_err(|reason| failed(&reason))?;
            let path = cache
                .store(url, &bytes, extension)
                .map_err(|e| failed(&format!("cache: {}", crate::source::io_reason(&e))))?;
            (path, None)
        }
    };
    let mut source = Source::from_path(&path, options).map_err(|e| failed(&e.reason))?;
    source.html = html;
    let doc = source.into_document(options.encoding, format).map_err(|e| failed(&e.reason))?;
    Ok(WebPage { doc, path, notice })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_other_threads_arrive_in_order() {
        let mut session = Session::new(Err(StoreError::NoConfigDir));
        let messenger = session.messenger();
        std::thread::spawn(move || {
            for i in 0..3 {
                messenger.send(Msg::Status(Status::info(format!("found {i}")))).unwrap();
            }
        })
        .join()
        .unwrap();
        let texts: Vec<String> = session
            .received()
            .into_iter()
            .map(|m| match m {
                Msg::Status(status) => status.text,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(texts, ["found 0", "found 1", "found 2"]);
        assert!(session.received().is_empty());
    }

    #[test]
    fn work_held_for_the_first_frame_starts_once() {
        let mut session = Session::new(Err(StoreError::NoConfigDir));
        let messenger = session.messenger();
        session.after_first_frame(move || messenger.send(Msg::Status(Status::info("started"))).unwrap());
        assert!(session.received().is_empty(), "started before the first frame");
        session.start_deferred();
        session.start_deferred();
        assert_eq!(session.received().len(), 1);
    }
}
