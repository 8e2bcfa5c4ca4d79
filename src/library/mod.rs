//! A library: the readable documents below a folder, and what kan knows of each (title,
//! reading time) without keeping the documents. Finding files and summarising them is I/O
//! but no state: the reader's library mode (`reader::library`) holds the rows, and work on
//! another thread sends summaries to it as messages.
//!
//! This file holds the types the reader and the scanner share. The submodules, one job each:
//! `scan` (the documents below a folder), `reading` (reading time by script), `summary` (one
//! file's title and length, read like opening it), `background` (summaries on other threads,
//! answered from the cache in `store::library_cache` first) and `recent` (the reading history
//! as a list).

pub mod background;
pub mod reading;
pub mod recent;
pub mod scan;
pub mod summary;

use std::path::PathBuf;

pub use background::{Report, Summarising, spawn_summaries};
pub use reading::reading_minutes;
pub use recent::{MISSING, recent};
pub use scan::scan;
pub use summary::summarize;

/// One document found below a library's folder (or remembered from the reading history).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The path to open it by: kept as the OS gave it, so a name that is not UTF-8 still opens.
    pub path: PathBuf,
    /// Why it can't be read, found while listing (an unreadable folder, a symlink loop); `None`
    /// when listing found nothing wrong.
    pub problem: Option<String>,
}

impl Found {
    /// A document found with nothing wrong.
    pub fn ok(path: impl Into<PathBuf>) -> Found {
        Found { path: path.into(), problem: None }
    }

    /// Whether this is a remembered document whose file is gone (see [`recent`]).
    pub fn is_missing(&self) -> bool {
        self.problem.as_deref() == Some(MISSING)
    }
}

/// A reason made fit for one row: controls visible, one line.
pub(crate) fn one_line(reason: &str) -> String {
    let clean = crate::layout::sanitize::sanitize(reason, 4, false).text;
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What kan knows of one document without keeping it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The title its outline finds; `None` when it has none (the file name is shown instead).
    pub title: Option<String>,
    /// Reading time in minutes: 400 CJK characters a minute, 230 words a minute, mixed text
    /// counted per script.
    pub minutes: u32,
    /// The length of its decoded text in bytes, which reading positions are offsets into.
    pub text_len: usize,
    /// Why it could not be read (one line), when it could not.
    pub problem: Option<String>,
}
