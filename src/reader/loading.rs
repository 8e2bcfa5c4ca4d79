//! A document opened from its first part while the whole is read on another thread (see
//! `crate::progressive`): what the reader knows of the rest, and what waits for it.

use std::ops::Range;
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
    /// The text ranges parsed so far, in order, when the document holds more than its first
    /// part (its end, say): between them it is zero bytes. Empty: the document is the first part.
    pub known: Vec<Range<usize>>,
    /// Where the saved position was shown before the whole text was there to check it against.
    pub resumed_at: Option<usize>,
}

impl Loading {
    pub fn new(total_bytes: u64, path: PathBuf, restore: bool) -> Loading {
        Loading {
            total_bytes,
            path,
            restore,
            waiting: None,
            deferred: Vec::new(),
            known: Vec::new(),
            resumed_at: None,
        }
    }

    /// Which known part holds text offset `offset` (the first part is 0), if any.
    pub fn part_of(&self, offset: usize, doc_len: usize) -> Option<usize> {
        if self.known.is_empty() {
            return (offset <= doc_len).then_some(0);
        }
        let i = self.known.partition_point(|r| r.start <= offset).checked_sub(1)?;
        (offset <= self.known[i].end).then_some(i)
    }

    /// Whether the end of the text is known (the last part has been read).
    pub fn end_known(&self, doc_len: usize) -> bool {
        self.known.last().is_some_and(|r| r.end == doc_len)
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
