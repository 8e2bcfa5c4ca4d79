//! Adding bookmarks at the end of `bookmarks.toml`: when an add may be appended, and what is
//! appended to the file and to its cache. Everything else rewrites the file, which compacts what
//! appends added.

use super::file::{render_addition, sort_for_writing};
use super::{Bookmark, BookmarkOp, cache};
use crate::store::atomic::Addition;
use crate::store::cache::Encoder;

/// Document tables appends may add before an add rewrites the file instead, so that a file
/// only ever added to stays grouped by document for the reader editing it.
pub(super) const MAX_REPEATED_DOCUMENTS: usize = 32;

/// What appending `ops` to the file whose cache holds `payload` writes, or `None` where they
/// must be applied by a rewrite: anything but new bookmarks (an add that replaces one with its
/// id, a delete, a rename, an update), fields kan doesn't know (written back as the file reads
/// them only by a rewrite), or a file that appends have added many tables to.
pub(super) fn addition(payload: &[u8], ops: &[BookmarkOp]) -> Option<Addition> {
    let mut marks = ops
        .iter()
        .map(|op| match op {
            BookmarkOp::Add(b) if !b.id.is_empty() && b.extra.is_empty() => Some(b),
            _ => None,
        })
        .collect::<Option<Vec<&Bookmark>>>()?;
    let mut ids: Vec<&str> = marks.iter().map(|b| b.id.as_str()).collect();
    ids.sort_unstable();
    if ids.is_empty() || ids.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    sort_for_writing(&mut marks);
    let groups: Vec<&[&Bookmark]> = marks.chunk_by(|a, b| a.doc == b.doc).collect();
    let survey = cache::survey(payload, &ids)?;
    if survey.has_id || survey.repeats + groups.len() > MAX_REPEATED_DOCUMENTS {
        return None;
    }
    let mut cache_tail = Encoder::with_capacity(marks.len() * 200);
    for group in &groups {
        cache::encode_group(&mut cache_tail, group.iter().copied())?;
    }
    Some(Addition { text: render_addition(&groups), cache_tail: cache_tail.0 })
}
