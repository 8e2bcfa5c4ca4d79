//! The binary copy of `bookmarks.toml` that loads fast (see [`crate::store::cache`]).

use super::Bookmark;
use super::file::BookmarksFile;
use crate::document::anchor::TextAnchor;
use crate::store::cache::{Decoder, Encoder};
use crate::store::toml_file::path_from_bytes;
use crate::store::{DocId, Fingerprint};

/// Documents, each with its bookmarks, exactly as the file reads back (paths as bytes, times to
/// the second, in the file's order). `None` for a file holding more than bookmarks (entries that
/// could not be read, fields on documents), which is then read from the file.
pub(super) fn encode(data: &BookmarksFile) -> Option<Vec<u8>> {
    if data.has_more_than_bookmarks() {
        return None;
    }
    // Lengths are written as u32: a longer string (never made by kan) is not cached.
    let too_long = data.bookmarks.iter().any(|b| {
        let fields = [b.id.len(), b.anchor.before.len(), b.anchor.quote.len(), b.label.len(), b.extra.len()];
        fields.into_iter().chain(b.anchor.heading.iter().map(String::len)).any(|n| n > u32::MAX as usize)
    });
    if too_long {
        return None;
    }
    let sorted = data.sorted();
    let mut out = Encoder::with_capacity(16 + data.bookmarks.len() * 200);
    let groups: Vec<&[&Bookmark]> = sorted.chunk_by(|a, b| a.doc == b.doc).collect();
    out.u64(groups.len() as u64);
    for group in groups {
        let doc = &group[0].doc;
        let path = doc.path.as_os_str().as_encoded_bytes();
        out.u32(u32::try_from(path.len()).ok()?);
        out.bytes(path);
        out.u64(doc.fingerprint.len);
        out.u64(doc.fingerprint.hash);
        out.u64(group.len() as u64);
        for b in group {
            if b.anchor.heading.len() > u8::MAX as usize {
                return None;
            }
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
        }
    }
    Some(out.0)
}

pub(super) fn decode(payload: &[u8]) -> Option<BookmarksFile> {
    let mut input = Decoder::new(payload);
    let documents = input.u64()?;
    // Every bookmark takes at least 40 bytes: a count beyond that is a broken cache.
    let mut list = Vec::with_capacity((payload.len() / 40).min(1 << 24));
    for _ in 0..documents {
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
    input.is_empty().then_some(BookmarksFile { bookmarks: list, ..BookmarksFile::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::atomic::FileFormat;
    use crate::store::bookmarks::tests::sample;

    #[test]
    fn the_cache_gives_what_the_file_gives() {
        let (doc, document) = sample();
        let mut a = Bookmark::new(&doc, &document, 3, "标签");
        a.extra = "color = \"red\"".into();
        let b = Bookmark::new(&doc, &document, 0, "");
        let file = BookmarksFile { bookmarks: vec![a, b], ..BookmarksFile::default() };
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
