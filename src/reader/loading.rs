//! A document opened from its first part while the whole is read on another thread (see
//! `crate::progressive`): what the reader knows of the rest, and what waits for it.

use std::path::PathBuf;

use super::Action;
use super::update::Effect;

/// The rest of the open document is still being read and parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loading {
    /// The whole file's size in bytes: what positions are a share of until the text is complete.
    pub total_bytes: u64,
    /// The file, attached (bookmarks placed, position restored) once its whole text is known:
    /// never on the first part alone, so nothing saved is placed against half a document.
    pub path: PathBuf,
    /// Whether to reopen the document where it was left, once it is complete.
    pub restore: bool,
    /// A key that needs the rest (the bottom, a heading or a match past the parsed part): done
    /// when the rest arrives.
    pub waiting: Option<Action>,
    /// Effects that need the attached document (saving a bookmark), run once it is attached.
    pub deferred: Vec<Effect>,
}

impl Loading {
    pub fn new(total_bytes: u64, path: PathBuf, restore: bool) -> Loading {
        Loading { total_bytes, path, restore, waiting: None, deferred: Vec::new() }
    }
}

/// `n` with thousands separated by commas: `1,204`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1204), "1,204");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
