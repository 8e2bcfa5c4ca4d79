//! Bookmarks: the model, operations merged into the file, placing a document's bookmarks again
//! after it changed, the `kan --bookmarks` listing, and `bookmarks.toml` with its binary cache.

mod append;
mod cache;
mod file;
mod listing;
mod model;
mod ops;
mod place;

use std::path::Path;

pub use listing::bookmarks_listing;
pub use model::{Bookmark, new_id};
pub use ops::BookmarkOp;
pub use place::{PlacedBookmark, place_bookmarks};

use self::file::BookmarksFile;
use super::atomic::DurableFile;
use super::paths::{BOOKMARKS_FILE, config_dir};
use super::{DocId, Outcome, StoreError};
use crate::document::Document;

/// The version of `bookmarks.toml` this kan reads and writes.
pub const BOOKMARKS_VERSION: u32 = 1;

/// The bookmarks file in one directory.
#[derive(Clone, Debug)]
pub struct BookmarkStore {
    file: DurableFile,
}

impl BookmarkStore {
    /// The store in `dir` (created on the first write).
    pub fn new(dir: &Path) -> BookmarkStore {
        BookmarkStore { file: DurableFile::new(dir, BOOKMARKS_FILE) }
    }

    /// The store in kan's config directory.
    pub fn in_config_dir() -> Result<BookmarkStore, StoreError> {
        config_dir().map(|dir| BookmarkStore::new(&dir))
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Every bookmark that can be read. Never fails and never writes the file: what can't be read
    /// gives a warning (and stays in the file as written). May write the derived cache.
    pub fn load(&self) -> Outcome<Vec<Bookmark>> {
        let outcome = self.file.load::<BookmarksFile>();
        Outcome { value: outcome.value.bookmarks, warning: outcome.warning }
    }

    /// [`BookmarkStore::load`] that writes nothing at all, not even the derived cache.
    pub fn load_read_only(&self) -> Outcome<Vec<Bookmark>> {
        let outcome = self.file.load_read_only::<BookmarksFile>();
        Outcome { value: outcome.value.bookmarks, warning: outcome.warning }
    }

    /// Applies `ops`, in order, to the file as it is now, under the lock, keeping every entry it
    /// could not read as it was, and other processes' changes. New bookmarks are appended to the
    /// file (only the addition is written and fsynced); anything else rewrites it atomically.
    pub fn apply(&self, ops: &[BookmarkOp]) -> Result<Outcome<()>, StoreError> {
        let warning = self.file.append_or_update::<BookmarksFile>(
            |payload| append::addition(payload, ops),
            |data| {
                ops::apply_ops(&mut data.bookmarks, ops);
                data.sort_as_written();
            },
        )?;
        Ok(Outcome { value: (), warning })
    }

    /// Checks that bookmarks can be saved here; the error says why not.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.file.check_writable()
    }

    /// Loads, places this document's bookmarks in `document` (see [`place_bookmarks`]) and saves
    /// the ones that were placed again. A failed save still returns the placed bookmarks, with
    /// the error.
    pub fn open_document(
        &self,
        doc: &DocId,
        document: &Document,
    ) -> (Outcome<Vec<PlacedBookmark>>, Option<StoreError>) {
        let loaded = self.load();
        let (placed, ops) = place_bookmarks(&loaded.value, doc, document);
        let mut warning = loaded.warning;
        let mut error = None;
        if !ops.is_empty() {
            match self.apply(&ops) {
                Ok(saved) => warning = warning.or(saved.warning),
                Err(e) => error = Some(e),
            }
        }
        (Outcome { value: placed, warning }, error)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::Fingerprint;

    /// A short novel with headings, as the document at `/books/novel.md`.
    pub(crate) fn sample() -> (DocId, Document) {
        let text = "# 第一卷\n\n## 第一章 风起\n\n书生走进客栈，掌柜说道：山路雨夜，灯火\n未明。\n\n## 第二章 归途\n\n少年看见师父的剑光。\n";
        let document = crate::document::anchor::test_document(text);
        (DocId { path: "/books/novel.md".into(), fingerprint: Fingerprint::of(text) }, document)
    }
}
