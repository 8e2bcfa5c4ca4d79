//! One bookmark and what the pane shows of it, and bookmark ids.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::document::Document;
use crate::document::anchor::{self, TextAnchor};
use crate::store::DocId;

/// One bookmark: a place in a document, a label, and when it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    /// Unique: creation time in milliseconds and random bits, both hex (`19d1f0a2b3c-5e8f9a2b`).
    pub id: String,
    /// The document as it was when the bookmark was made (or last placed again).
    pub doc: DocId,
    /// Where it is. The heading, context and quote are what the user saved: placing the
    /// bookmark again after an edit moves only the offset.
    pub anchor: TextAnchor,
    /// The user's label; empty for none.
    pub label: String,
    pub created: jiff::Timestamp,
    /// Placed with less than its whole quote found after the document changed: the pane shows
    /// it as "moved".
    pub moved: bool,
    /// Fields kan doesn't know (`color = "red"`), in TOML's inline form, written back as read.
    pub extra: String,
}

impl Bookmark {
    /// A new bookmark at byte `offset` of `document`, whose identity is `doc`.
    pub fn new(doc: &DocId, document: &Document, offset: usize, label: &str) -> Bookmark {
        Bookmark {
            id: new_id(),
            doc: doc.clone(),
            anchor: TextAnchor::capture(document, offset),
            label: label.to_owned(),
            created: crate::store::now(),
            moved: false,
            extra: String::new(),
        }
    }

    /// This bookmark moved to byte `offset` of `document` (identity `doc`) by the user's choice:
    /// the place is captured anew; id, label, creation time and unknown fields stay.
    pub fn repointed(&self, doc: &DocId, document: &Document, offset: usize) -> Bookmark {
        Bookmark {
            doc: doc.clone(),
            anchor: TextAnchor::capture(document, offset),
            moved: false,
            ..self.clone()
        }
    }

    /// The innermost section title, empty before the first heading.
    pub fn section(&self) -> &str {
        self.anchor.heading.last().map_or("", String::as_str)
    }

    /// How far into the document, 0 to 100.
    pub fn percent(&self) -> u8 {
        match self.doc.fingerprint.len {
            0 => 0,
            len => (self.anchor.offset as u128 * 100 / len as u128).min(100) as u8,
        }
    }

    /// The quote on one line, for the pane.
    pub fn snippet(&self) -> String {
        anchor::snippet(&self.anchor.quote)
    }

    /// The creation date in the local time zone, `YYYY-MM-DD`.
    pub fn created_date(&self) -> String {
        self.created.to_zoned_datetime(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d").to_string()
    }

    /// Whether its file is gone (moved or deleted since): it can be deleted or re-pointed.
    pub fn is_missing(&self) -> bool {
        !self.doc.path.exists()
    }
}

/// A unique id: milliseconds since the epoch and 32 random bits, in hex.
pub fn new_id() -> String {
    use std::hash::BuildHasher;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let millis = jiff::Timestamp::now().as_millisecond().max(0);
    let seed =
        (std::process::id(), jiff::Timestamp::now().as_nanosecond(), COUNTER.fetch_add(1, Ordering::Relaxed));
    let random = std::hash::RandomState::new().hash_one(seed) as u32;
    format!("{millis:x}-{random:08x}")
}
