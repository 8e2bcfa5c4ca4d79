//! The binary copy of `bookmarks.toml` that loads fast (see [`crate::store::cache`]).

use std::collections::HashSet;

use super::Bookmark;
use super::file::BookmarksFile;
use crate::document::anchor::TextAnchor;
use crate::store::cache::{Decoder, Encoder};
use crate::store::toml_file::path_from_bytes;
use crate::store::{DocId, Fingerprint};

/// Documents, each with its bookmarks, exactly as the file reads back: in the file's order
/// (a document added to by appends comes once per table), paths as bytes, times to the second.
/// `None` for a file holding more than bookmarks (entries that could not be read, fields on
/// documents), which is then read from the file.
pub(super) fn encode(data: &BookmarksFile) -> Option<Vec<u8>> {
    if data.has_more_than_bookmarks() {
        return None;
    }
    let mut out = Encoder::with_capacity(data.bookmarks.len() * 200);
    for group in data.bookmarks.chunk_by(|a, b| a.doc == b.doc) {
        encode_group(&mut out, group.iter())?;
    }
    Some(out.0)
}

/// One document and its bookmarks, which all belong to it; `None` for one too big to cache.
pub(super) fn encode_group<'a>(
    out: &mut Encoder,
    mut marks: impl ExactSizeIterator<Item = &'a Bookmark> + Clone,
) -> Option<()> {
    let doc = &marks.clone().next()?.doc;
    // Lengths are written as u32: a longer string (never made by kan) is not cached.
    let too_long = marks.clone().any(|b| {
        let fields = [b.id.len(), b.anchor.before.len(), b.anchor.quote.len(), b.label.len(), b.extra.len()];
        b.anchor.heading.len() > u8::MAX as usize
            || fields
                .into_iter()
                .chain(b.anchor.heading.iter().map(String::len))
                .any(|n| n > u32::MAX as usize)
    });
    if too_long {
        return None;
    }
    let path = doc.path.as_os_str().as_encoded_bytes();
    out.u32(u32::try_from(path.len()).ok()?);
    out.bytes(path);
    out.u64(doc.fingerprint.len);
    out.u64(doc.fingerprint.hash);
    out.u64(marks.len() as u64);
    marks.try_for_each(|b| {
        out.str(&b.id);
        out.u64(b.anchor.offset as u64);
        out.u8(b.anchor.heading.len() as u8);
        for title in &b.anchor.heading {
            out.str(title);
        }
        out.str(&b.anchor.before);
        out.str(&b.anchor.quote);
        out.str(&b.label);
        out.u64(b.created.as_second() as u64);
        out.u8(u8::from(b.moved));
        out.str(&b.extra);
        Some(())
    })
}

pub(super) fn decode(payload: &[u8]) -> Option<BookmarksFile> {
    let mut input = Decoder::new(payload);
    // Every bookmark takes at least 40 bytes: a count beyond that is a broken cache.
    let mut list = Vec::with_capacity((payload.len() / 40).min(1 << 24));
    while !input.is_empty() {
        let path_len = input.u32()? as usize;
        let doc = DocId {
            path: path_from_bytes(input.bytes(path_len)?.to_vec())?,
            fingerprint: Fingerprint { len: input.u64()?, hash: input.u64()? },
        };
        for _ in 0..input.u64()? {
            let id = input.str()?.to_owned();
            let offset = usize::try_from(input.u64()?).ok()?;
            let titles = input.u8()?;
            let mut heading = Vec::with_capacity(titles as usize);
            for _ in 0..titles {
                heading.push(input.str()?.to_owned());
            }
            let before = input.str()?.to_owned();
            let quote = input.str()?.to_owned();
            let label = input.str()?.to_owned();
            let created = jiff::Timestamp::from_second(input.u64()? as i64).ok()?;
            let moved = input.u8()? != 0;
            let extra = input.str()?.to_owned();
            list.push(Bookmark {
                id,
                doc: doc.clone(),
                anchor: TextAnchor { offset, heading, before, quote },
                label,
                created,
                moved,
                extra,
            });
        }
    }
    Some(BookmarksFile { bookmarks: list, ..BookmarksFile::default() })
}

/// What an append needs to know of the bookmarks in a cache, read without building them.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Survey {
    /// Whether one of the ids asked about is there.
    pub has_id: bool,
    /// Document tables that repeat an earlier one: what appends added since the last rewrite.
    pub repeats: usize,
}

/// Surveys `payload` for `ids`; `None` if it doesn't make sense.
pub(super) fn survey(payload: &[u8], ids: &[&str]) -> Option<Survey> {
    let mut input = Decoder::new(payload);
    let mut documents: HashSet<(&[u8], u64, u64)> = HashSet::new();
    let mut survey = Survey { has_id: false, repeats: 0 };
    while !input.is_empty() {
        let path_len = input.u32()? as usize;
        let doc = (input.bytes(path_len)?, input.u64()?, input.u64()?);
        if !documents.insert(doc) {
            survey.repeats += 1;
        }
        for _ in 0..input.u64()? {
            let id = input.str()?;
            survey.has_id |= ids.contains(&id);
            input.u64()?;
            for _ in 0..input.u8()? {
                input.str()?;
            }
            for _ in 0..3 {
                input.str()?;
            }
            input.u64()?;
            input.u8()?;
            input.str()?;
        }
    }
    Some(survey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::atomic::{FileFormat, ReadFormat};
    use crate::store::bookmarks::tests::sample;

    #[test]
    fn the_cache_gives_what_the_file_gives() {
        let (doc, document) = sample();
        let mut a = Bookmark::new(&doc, &document, 3, "标签");
        a.extra = "color = \"red\"".into();
        let b = Bookmark::new(&doc, &document, 0, "");
        let mut file = BookmarksFile { bookmarks: vec![a, b], ..BookmarksFile::default() };
        file.sort_as_written();
        let parsed =
            BookmarksFile::parse(&BookmarksFile::render(&file)).map(|f| f.bookmarks).unwrap_or_default();
        let cached = encode(&file).and_then(|payload| decode(&payload)).map(|f| f.bookmarks);
        assert_eq!(cached, Some(parsed));
    }

    #[test]
    fn a_file_with_unread_entries_is_not_cached() {
        let file = BookmarksFile::parse(b"version = 1\n[[document]]\npath = 5\n").unwrap_or_default();
        assert!(encode(&file).is_none());
    }
}
