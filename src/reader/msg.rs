//! Everything that changes the reader state, as one type: terminal input, and what effects found.
//! `update` is the one function that takes it; nothing else writes the state.

use std::path::PathBuf;

use super::Action;
use super::library::History;
use super::state::BookmarkEntry;
use crate::document::links::Location;
use crate::document::{Anchor, Document};
use crate::store::Bookmark;

/// One input to `update`.
#[derive(Debug)]
pub enum Msg {
    /// A key (or key sequence) resolved to an action.
    Action(Action),
    /// Characters typed into the open prompt.
    Typed(String),
    /// A bracketed paste: one event however long, never a sequence of keys.
    Pasted(String),
    /// A mouse wheel step over a screen cell.
    Wheel { col: u16, row: u16, down: bool },
    /// A mouse click on a screen cell.
    Click { col: u16, row: u16 },
    /// The size of the screen being drawn on.
    Resized { cols: u16, rows: u16 },
    /// How many rows the help overlay lists, so that scrolling it stops at its end.
    HelpRows(usize),
    /// Something to tell the user in the status bar.
    Status(Status),
    /// The offsets of the open document's bookmarks, for the outline's marks.
    BookmarkMarks(Vec<usize>),
    /// A bookmark of the open document was saved at this offset.
    BookmarkAdded(usize),
    /// The bookmarks pane's rows: this document's bookmarks first.
    BookmarksLoaded(Vec<BookmarkEntry>),
    /// A bookmark (one whose file is gone, say) now points into the open document.
    BookmarkRepointed(Box<Bookmark>),
    /// The open document's saved reading position: shown without a history entry.
    Resumed(Anchor),
    /// Another document replaces the open one; the jump history stays.
    Opened { doc: Box<Document>, name: String, location: Option<Location> },
    /// Show this place of the document just opened, without a history entry (the jump history
    /// going back to it).
    Placed(Anchor),
    /// The open document is the first part of the file at `loading.path`; the rest is being read.
    ReadingRest(Box<super::loading::Loading>),
    /// More parts of the file being read (its end, the part around its saved position), each
    /// parsed on its own; they go with a first part of `first_len` bytes, in a text of
    /// `whole_len`. `resume` is the saved reading position (in the whole text), shown if the
    /// reader has not moved.
    DocumentGrew {
        parts: Vec<super::loading::ReadPart>,
        first_len: usize,
        whole_len: usize,
        resume: Option<usize>,
        path: std::path::PathBuf,
    },
    /// The whole of the file being read (see [`Msg::ReadingRest`]), parsed: it replaces the
    /// first part, every view keeping the text it shows.
    DocumentComplete { doc: Box<Document>, path: std::path::PathBuf },
    /// The rest of the file being read could not be read: the first part is all there is.
    RestFailed { reason: String, path: std::path::PathBuf },
    /// Show the heading a link's `#name` names in the document just opened, without a history
    /// entry (the link was the jump).
    PlacedAtFragment(String),
    /// Show a library: of a folder, or (`None`) of the documents read lately.
    ShowLibrary(Option<PathBuf>),
    /// Documents found below the library's folder (in one batch or several).
    LibraryListed(Vec<crate::library::Found>),
    /// What the background thread read of one document of the library.
    Summarised(PathBuf, crate::library::Summary),
    /// The reading history, for the library's progress, last read and bookmark counts (and the
    /// recent list's rows).
    LibraryHistory(History),
    /// A document of the library could not be opened because its file is gone.
    LibraryGone(PathBuf),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Action(action)
    }
}

/// How much a status message matters; the status bar shows warnings and errors in their colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A one-shot status bar message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub severity: Severity,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status { severity: Severity::Info, text: text.into() }
    }

    pub fn warning(text: impl Into<String>) -> Status {
        Status { severity: Severity::Warning, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status { severity: Severity::Error, text: text.into() }
    }
}

impl From<Status> for Msg {
    fn from(status: Status) -> Msg {
        Msg::Status(status)
    }
}
