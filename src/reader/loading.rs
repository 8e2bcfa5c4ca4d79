//! A document opened from its first part while the whole is read on another thread (see
//! `crate::progressive`): what the reader knows of the rest, and what waits for it.

use std::ops::Range;
use std::path::PathBuf;

use super::Action;
use super::update::Effect;

/// A part of the file's text the open document holds: where it is in the document's text and
/// where in the whole text. While the rest is read the document is its parts one after another
/// (never the whole text's length: the gaps between would cost a pass over every byte), so its
/// offsets are translated to the whole text's wherever they mean a place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownPart {
    /// The part's text in the document's text.
    pub text: Range<usize>,
    /// Where the part starts in the whole text.
    pub whole: usize,
}

impl KnownPart {
    fn whole_end(&self) -> usize {
        self.whole + self.text.len()
    }
}

/// A later part of the file, parsed on its own (its offsets are in its own text), and where it
/// starts in the whole text.
#[derive(Debug)]
pub struct ReadPart {
    pub whole: usize,
    pub doc: crate::document::Document,
}

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
    /// Keys that need the rest (the bottom, a heading or a match past the parsed part), in the
    /// order they came: done when the rest arrives. A key that needs nothing more (a move
    /// within what is known, a search, quitting) drops them and is done at once.
    pub waiting: Vec<Action>,
    /// Effects that need the attached document (saving a bookmark), run once it is attached.
    pub deferred: Vec<Effect>,
    /// The parts the document holds, in the order of the text, when it holds more than its first
    /// part (its end, say). Empty: the document is the first part, at the whole text's offsets.
    pub known: Vec<KnownPart>,
    /// The whole text's length, once a later part has told it.
    pub whole_len: Option<usize>,
    /// Where the saved position was shown (an offset in the whole text) before the whole text
    /// was there to check it against.
    pub resumed_at: Option<usize>,
}

impl Loading {
    pub fn new(total_bytes: u64, path: PathBuf, restore: bool) -> Loading {
        Loading {
            total_bytes,
            path,
            restore,
            waiting: Vec::new(),
            deferred: Vec::new(),
            known: Vec::new(),
            whole_len: None,
            resumed_at: None,
        }
    }

    /// Which known part holds document offset `offset` (the first part is 0), if any.
    pub fn part_of(&self, offset: usize, doc_len: usize) -> Option<usize> {
        if self.known.is_empty() {
            return (offset <= doc_len).then_some(0);
        }
        let i = self.known.partition_point(|p| p.text.start <= offset).checked_sub(1)?;
        (offset <= self.known[i].text.end).then_some(i)
    }

    /// Whether the end of the text is known (the last part has been read).
    pub fn end_known(&self) -> bool {
        self.known.last().zip(self.whole_len).is_some_and(|(p, len)| p.whole_end() == len)
    }

    /// The whole text's offset of document offset `offset`.
    pub fn to_whole(&self, offset: usize) -> usize {
        match self.known.partition_point(|p| p.text.start <= offset).checked_sub(1) {
            Some(i) => self.known[i].whole + (offset - self.known[i].text.start),
            None => offset,
        }
    }

    /// The document offset of whole-text offset `whole`: in the part that holds it, else the
    /// start of the next part (or the end of the last).
    pub fn to_doc(&self, whole: usize) -> usize {
        if self.known.is_empty() {
            return whole;
        }
        let i = self.known.partition_point(|p| p.whole <= whole);
        match i.checked_sub(1).map(|k| &self.known[k]) {
            Some(p) if whole <= p.whole_end() => p.text.start + (whole - p.whole),
            _ => self
                .known
                .get(i)
                .or(self.known.last())
                .map_or(0, |p| if whole < p.whole { p.text.start } else { p.text.end }),
        }
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

    fn loading(known: &[(Range<usize>, usize)], whole_len: usize) -> Loading {
        let mut loading = Loading::new(whole_len as u64, PathBuf::from("big.txt"), false);
        loading.known =
            known.iter().map(|(text, whole)| KnownPart { text: text.clone(), whole: *whole }).collect();
        loading.whole_len = Some(whole_len);
        loading
    }

    #[test]
    fn offsets_translate_between_the_parts_and_the_whole_text() {
        // The first 100 bytes, 50 from 500, and the last 30 of 1,000.
        let l = loading(&[(0..100, 0), (100..150, 500), (150..180, 970)], 1000);
        assert!(l.end_known());
        assert_eq!([0, 99, 100, 149, 150, 180].map(|o| l.to_whole(o)), [0, 99, 500, 549, 970, 1000]);
        assert_eq!(
            [0, 100, 500, 549, 550, 970, 1000].map(|w| l.to_doc(w)),
            [0, 100, 100, 149, 150, 150, 180]
        );
        // In a gap: the start of the next part.
        assert_eq!(l.to_doc(300), 100);
        assert_eq!(l.to_doc(600), 150);
        for o in 0..=180 {
            assert_eq!(l.to_doc(l.to_whole(o)), o);
        }
        assert_eq!([0, 120, 179].map(|o| l.part_of(o, 180)), [Some(0), Some(1), Some(2)]);
        let first_only = loading(&[], 1000);
        assert!(!first_only.end_known());
        assert_eq!((first_only.to_whole(42), first_only.to_doc(42)), (42, 42));
        assert!(!loading(&[(0..100, 0), (100..150, 500)], 1000).end_known());
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1204), "1,204");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
