//! The only code that writes files: bookmarks and reading positions in the user config directory.
//!
//! Every store takes its directory as a parameter ([`crate::config::default_config_dir`] gives
//! the real one), so tests never touch the home directory. Writes are atomic and made under an
//! exclusive lock, as merges of operations into what is on disk; failures come back as values,
//! never panics. What can't be read is kept as written and reported, never dropped.

pub mod atomic;
pub mod bookmarks;
pub mod cache;
pub mod identity;
pub mod library_cache;
pub mod paths;
pub mod positions;
pub mod toml_fast;
pub mod toml_file;
pub mod web_cache;

use std::io;
use std::path::PathBuf;

pub use crate::document::anchor::{Placement, TextAnchor};
pub use bookmarks::{
    Bookmark, BookmarkOp, BookmarkStore, PlacedBookmark, bookmarks_listing, place_bookmarks,
};

pub use identity::{DocId, Fingerprint};
pub use positions::{Position, PositionStore, RestoredPosition};

/// Why something could not be saved or read. Shown in the status bar ("bookmarks can't be saved:
/// …"); reading goes on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no home directory to keep kan's files in")]
    NoConfigDir,
    #[error("can't create {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("can't lock {}: {source}", path.display())]
    Lock { path: PathBuf, source: io::Error },
    #[error("can't read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("can't write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("{} was written by a newer kan (version {found}); it is left untouched", path.display())]
    NewerVersion { path: PathBuf, found: u32 },
}

/// Something the user must be told, though reading goes on: in the status bar now and on stderr
/// after exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreWarning {
    /// Some entries could not be read: they stay in the file as written, the rest were read.
    Unread { path: PathBuf, summary: String },
    /// The file can't be used (unreadable, or from a newer kan) and could not be repaired.
    Unusable { path: PathBuf, reason: String },
    /// The directory of the file at `path` can't exist: `file`, that directory or one above it,
    /// is not a directory.
    NoDirectory { path: PathBuf, file: PathBuf },
}

impl std::fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreWarning::Unread { path, summary } => write!(f, "{}: {summary}", path.display()),
            StoreWarning::Unusable { path, reason } => {
                write!(f, "{} can't be used: {reason}", path.display())
            }
            StoreWarning::NoDirectory { path, file } => {
                // `bookmarks: config directory … is not a directory`.
                let what = path.file_stem().unwrap_or_default().to_string_lossy();
                let dir = atomic::parent_dir(path);
                if dir == file {
                    write!(f, "{what}: config directory {} is not a directory", dir.display())
                } else {
                    write!(
                        f,
                        "{what}: no config directory {}: {} is not a directory",
                        dir.display(),
                        file.display()
                    )
                }
            }
        }
    }
}

/// A value together with a warning to show, if any.
#[derive(Debug)]
pub struct Outcome<T> {
    pub value: T,
    pub warning: Option<StoreWarning>,
}

/// Seconds-resolution UTC time, written into the TOML files as a native TOML datetime.
pub(crate) fn now() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
}
