//! The only code that writes files: bookmarks and reading positions in the user config directory.
//!
//! Every store takes its directory as a parameter ([`paths::config_dir`] gives the real one), so
//! tests never touch the home directory. Writes are atomic and made under an exclusive lock, as
//! merges of operations into what is on disk; failures come back as values, never panics.

pub mod anchor;
pub mod atomic;
pub mod bookmarks;
pub mod cache;
pub mod identity;
pub mod paths;
pub mod positions;
pub mod web_cache;

use std::io;
use std::path::PathBuf;

pub use anchor::{Placement, TextAnchor};
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
    #[error("{} is unreadable and can't be moved aside ({source}); it is left untouched", path.display())]
    MoveAside { path: PathBuf, source: io::Error },
    #[error("{} was written by a newer kan (version {found}); it is left untouched", path.display())]
    NewerVersion { path: PathBuf, found: u32 },
}

/// Something the user must be told, though reading goes on: in the status bar now and on stderr
/// after exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreWarning {
    /// The file failed to parse; it was moved aside, never overwritten, and a fresh one begun.
    MovedAside { path: PathBuf, moved_to: PathBuf, reason: String },
    /// The file can't be used (unreadable, or from a newer kan) and could not be repaired.
    Unusable { path: PathBuf, reason: String },
}

impl std::fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreWarning::MovedAside { path, moved_to, reason } => write!(
                f,
                "{} could not be read ({reason}); it was moved to {}",
                path.display(),
                moved_to.display()
            ),
            StoreWarning::Unusable { path, reason } => {
                write!(f, "{} can't be used: {reason}", path.display())
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

/// Reads a TOML datetime as written by us (`2026-04-01T10:00:00Z`) or by hand (any offset, or a
/// bare date, taken as midnight UTC).
pub(crate) fn parse_time(datetime: &toml::value::Datetime) -> Option<jiff::Timestamp> {
    let text = datetime.to_string();
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let date = text.parse::<jiff::civil::Date>().ok()?;
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

pub(crate) fn format_time(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
