//! A document's identity: its canonical path plus a fingerprint of its decoded text.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::document::anchor::{Placement, TextAnchor};

/// The length and a fast 64-bit hash (XXH3) of a document's decoded text. Two texts with the same
/// fingerprint are taken to be the same text, so offsets into one are valid in the other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint {
    /// Length of the text in bytes (also what percentages are computed against).
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint { len: text.len() as u64, hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()) }
    }

    /// The hash as written in the files: 16 lowercase hex digits.
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }

    /// Parses [`Fingerprint::hash_hex`]'s form.
    pub fn parse_hash(hex: &str) -> Option<u64> {
        u64::from_str_radix(hex.trim(), 16).ok()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:016x}", self.len, self.hash)
    }
}

/// Which document something belongs to: where it was (canonical path) and what it was.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub path: PathBuf,
    pub fingerprint: Fingerprint,
}

impl DocId {
    /// The identity of the file at `path` whose decoded text is `text`. The path is made
    /// canonical (symlinks and `..` resolved) when the file exists; otherwise it is made absolute.
    pub fn new(path: &Path, text: &str) -> DocId {
        DocId { path: canonical_path(path), fingerprint: Fingerprint::of(text) }
    }
}

impl DocId {
    /// Whether what was saved for `self` belongs to the open document `open`: the same path, or
    /// (the file was moved or renamed) the same text while the old path is gone.
    pub fn belongs_to(&self, open: &DocId) -> bool {
        self.path == open.path || self.is_moved_to(open)
    }

    /// The file was moved or renamed to `open`: the same text (not empty), and nothing left at
    /// the old path.
    pub fn is_moved_to(&self, open: &DocId) -> bool {
        // The fingerprint first: comparing paths is slower, and restoring asks this of every
        // position in the history.
        self.fingerprint == open.fingerprint
            && open.fingerprint.len > 0
            && self.path != open.path
            && !self.path.exists()
    }
}

/// Finds `anchor`, saved in the text with fingerprint `then`, in `document` whose fingerprint is
/// `now`: exact when the text is unchanged, else by its quote, heading or proportion.
pub fn place(
    anchor: &TextAnchor,
    then: Fingerprint,
    document: &Document,
    now: Fingerprint,
) -> (usize, Placement) {
    if then == now {
        let offset = crate::document::anchor::floor_char_boundary(&document.text, anchor.offset);
        return (offset, Placement::Exact);
    }
    anchor.find(document, then.len)
}

/// `path` canonicalized, or at least absolute when it can't be (a file that is gone).
pub fn canonical_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_tells_texts_apart_and_round_trips_its_hash() {
        let a = Fingerprint::of("山路雨夜");
        assert_eq!(a, Fingerprint::of("山路雨夜"));
        assert_ne!(a, Fingerprint::of("山路雨夜。"));
        assert_eq!(a.len, 12);
        assert_eq!(Fingerprint::parse_hash(&a.hash_hex()), Some(a.hash));
        assert_eq!(Fingerprint::parse_hash("not hex"), None);
    }

    #[test]
    fn a_missing_file_still_gets_an_absolute_path() {
        let id = DocId::new(Path::new("no/such/file.txt"), "");
        assert!(id.path.is_absolute());
        assert!(id.path.ends_with("no/such/file.txt"));
    }
}
