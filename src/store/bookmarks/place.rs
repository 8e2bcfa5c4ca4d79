//! Placing a document's bookmarks again after it changed or moved.

use super::{Bookmark, BookmarkOp};
use crate::document::Document;
use crate::document::anchor::Placement;
use crate::store::DocId;
use crate::store::identity::place;

/// A bookmark of the open document, at its place in the text as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedBookmark {
    /// `anchor.offset` is valid in the open document; `moved` is set if it was placed roughly.
    pub bookmark: Bookmark,
    pub placement: Placement,
}

/// The bookmarks of the open document `doc` among `all`, placed in `document`: those with its path,
/// and those of a file that is gone whose fingerprint matches (the file was moved or renamed).
/// Also returns the updates that record the new places, to pass to
/// [`super::BookmarkStore::apply`]. An update changes only the offset, the document's identity
/// and the "moved" flag: the quote, context and heading the user saved stay as they were.
pub fn place_bookmarks(
    all: &[Bookmark],
    doc: &DocId,
    document: &Document,
) -> (Vec<PlacedBookmark>, Vec<BookmarkOp>) {
    let mut placed = Vec::new();
    let mut ops = Vec::new();
    for bookmark in all.iter().filter(|b| b.doc.belongs_to(doc)) {
        let (offset, placement) =
            place(&bookmark.anchor, bookmark.doc.fingerprint, document, doc.fingerprint);
        let mut updated = bookmark.clone();
        updated.doc = doc.clone();
        updated.anchor.offset = offset;
        updated.moved |= placement.is_rough();
        if updated != *bookmark {
            ops.push(BookmarkOp::Update(updated.clone()));
        }
        placed.push(PlacedBookmark { bookmark: updated, placement });
    }
    placed.sort_by_key(|p| p.bookmark.anchor.offset);
    (placed, ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Fingerprint;
    use crate::store::bookmarks::tests::sample;

    #[test]
    fn placing_again_never_rewrites_the_saved_quote() {
        let (doc, document) = sample();
        let offset = document.text.find("掌柜").unwrap_or(0);
        let saved = Bookmark::new(&doc, &document, offset, "");
        // The paragraph is deleted: the place falls to what is left.
        let text = document.text.replace("书生走进客栈，掌柜说道：山路雨夜，灯火\n未明。\n\n", "");
        let edited = crate::document::anchor::test_document(&text);
        let now = DocId { path: doc.path.clone(), fingerprint: Fingerprint::of(&text) };
        let (placed, ops) = place_bookmarks(std::slice::from_ref(&saved), &now, &edited);
        let again = &placed[0].bookmark;
        assert!(again.moved, "less than an exact quote match is flagged");
        assert_eq!(again.anchor.quote, saved.anchor.quote);
        assert_eq!(again.anchor.before, saved.anchor.before);
        assert_eq!(again.anchor.heading, saved.anchor.heading);
        assert_eq!(ops, vec![BookmarkOp::Update(again.clone())]);
    }
}
