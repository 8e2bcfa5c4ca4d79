//! Bookmarks: the `bookmarks.toml` file, merged operations on it, placing a document's bookmarks
//! again after it changed, and the `kan --bookmarks` listing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use std::fmt::Write as _;

use super::anchor::{self, Placement, TextAnchor};
use super::atomic::{DurableFile, FileFormat, ParseError};
use super::cache::{Decoder, Encoder};
use super::paths::{BOOKMARKS_FILE, config_dir};
use super::{DocId, Fingerprint, Outcome, StoreError};
use crate::document::Document;

/// The version of `bookmarks.toml` this kan reads and writes.
pub const BOOKMARKS_VERSION: u32 = 1;

/// One bookmark: a place in a document, a label, and when it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    /// Unique: creation time in milliseconds and random bits, both hex (`19d1f0a2b3c-5e8f9a2b`).
    pub id: String,
    /// The document as it was when the bookmark was made (or last placed again).
    pub doc: DocId,
    pub anchor: TextAnchor,
    /// The user's label; empty for none.
    pub label: String,
    pub created: jiff::Timestamp,
    /// Placed only roughly after the document changed (by heading or by proportion): the pane
    /// shows it as "moved".
    pub moved: bool,
}

impl Bookmark {
    /// A new bookmark at byte `offset` of `document`, whose identity is `doc`.
    pub fn new(doc: &DocId, document: &Document, offset: usize, label: &str) -> Bookmark {
        Bookmark {
            id: new_id(),
            doc: doc.clone(),
            anchor: TextAnchor::capture(document, offset),
            label: label.to_owned(),
            created: super::now(),
            moved: false,
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

/// A change to the bookmarks, merged by id into whatever the file holds when it is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookmarkOp {
    /// Adds the bookmark, or replaces the one with its id (so an undone delete comes back as it was).
    Add(Bookmark),
    /// Replaces the bookmark with this id if it is still there (a re-placed anchor); never
    /// brings back one deleted meanwhile.
    Update(Bookmark),
    /// Deletes the bookmark with this id, if it is there.
    Delete(String),
    /// Sets the label of the bookmark with this id, if it is there.
    Rename { id: String, label: String },
}

/// Applies `ops` in order. A few are applied by scanning the list; many (an import, a first
/// save of many) through an index by id, so the work stays linear.
fn apply_ops(list: &mut Vec<Bookmark>, ops: &[BookmarkOp]) {
    if ops.len() <= 16 {
        for op in ops {
            apply_op(list, op);
        }
        return;
    }
    let mut slots: Vec<Option<Bookmark>> = list.drain(..).map(Some).collect();
    let mut index: HashMap<String, usize> =
        slots.iter().enumerate().filter_map(|(i, b)| Some((b.as_ref()?.id.clone(), i))).collect();
    for op in ops {
        match op {
            BookmarkOp::Add(bookmark) => match index.get(&bookmark.id) {
                Some(&i) => slots[i] = Some(bookmark.clone()),
                None => {
                    index.insert(bookmark.id.clone(), slots.len());
                    slots.push(Some(bookmark.clone()));
                }
            },
            BookmarkOp::Update(bookmark) => {
                if let Some(&i) = index.get(&bookmark.id) {
                    slots[i] = Some(bookmark.clone());
                }
            }
            BookmarkOp::Delete(id) => {
                if let Some(i) = index.remove(id) {
                    slots[i] = None;
                }
            }
            BookmarkOp::Rename { id, label } => {
                if let Some(bookmark) = index.get(id).and_then(|&i| slots[i].as_mut()) {
                    bookmark.label.clone_from(label);
                }
            }
        }
    }
    list.extend(slots.into_iter().flatten());
}

fn apply_op(list: &mut Vec<Bookmark>, op: &BookmarkOp) {
    let position = |id: &str, list: &[Bookmark]| list.iter().position(|b| b.id == id);
    match op {
        BookmarkOp::Add(bookmark) => match position(&bookmark.id, list) {
            Some(i) => list[i] = bookmark.clone(),
            None => list.push(bookmark.clone()),
        },
        BookmarkOp::Update(bookmark) => {
            if let Some(i) = position(&bookmark.id, list) {
                list[i] = bookmark.clone();
            }
        }
        BookmarkOp::Delete(id) => list.retain(|b| &b.id != id),
        BookmarkOp::Rename { id, label } => {
            if let Some(i) = position(id, list) {
                list[i].label.clone_from(label);
            }
        }
    }
}

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

    /// Every bookmark. Never fails: an unusable file gives none and a warning (an unparsable one
    /// is moved aside first).
    pub fn load(&self) -> Outcome<Vec<Bookmark>> {
        let outcome = self.file.load::<BookmarksToml>();
        Outcome { value: outcome.value.0, warning: outcome.warning }
    }

    /// Applies `ops`, in order, to the file as it is now, under the lock, and writes it back
    /// atomically. Returns every bookmark as written (including other processes' changes).
    pub fn apply(&self, ops: &[BookmarkOp]) -> Result<Outcome<Vec<Bookmark>>, StoreError> {
        let outcome = self.file.update::<BookmarksToml>(|data| {
            apply_ops(&mut data.0, ops);
        })?;
        Ok(Outcome { value: outcome.value.0, warning: outcome.warning })
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

/// A bookmark of the open document, at its place in the text as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedBookmark {
    /// `anchor.offset` is valid in the open document; `moved` is set if it was placed roughly.
    pub bookmark: Bookmark,
    pub placement: Placement,
}

/// The bookmarks of the open document `doc` among `all`, placed in `document`: those with its path,
/// and those of a file that is gone whose fingerprint matches (the file was moved or renamed).
/// Also returns the updates that record the new places, to pass to [`BookmarkStore::apply`].
pub fn place_bookmarks(
    all: &[Bookmark],
    doc: &DocId,
    document: &Document,
) -> (Vec<PlacedBookmark>, Vec<BookmarkOp>) {
    let mut placed = Vec::new();
    let mut ops = Vec::new();
    for bookmark in all {
        let same_path = bookmark.doc.path == doc.path;
        let moved_file = !same_path
            && bookmark.doc.fingerprint == doc.fingerprint
            && doc.fingerprint.len > 0
            && !bookmark.doc.path.exists();
        if !same_path && !moved_file {
            continue;
        }
        let (offset, placement) = bookmark.anchor.place(bookmark.doc.fingerprint, document, doc.fingerprint);
        let mut updated = bookmark.clone();
        updated.doc = doc.clone();
        if placement == Placement::Exact || placement.is_rough() {
            // A rough place keeps the old quote and heading: they say what was bookmarked.
            updated.anchor.offset = offset;
        } else {
            updated.anchor = TextAnchor::capture(document, offset);
        }
        updated.moved |= placement.is_rough();
        if updated != *bookmark {
            ops.push(BookmarkOp::Update(updated.clone()));
        }
        placed.push(PlacedBookmark { bookmark: updated, placement });
    }
    placed.sort_by_key(|p| p.bookmark.anchor.offset);
    (placed, ops)
}

/// The `kan --bookmarks` output: one line per bookmark, `path<TAB>section<TAB>percent<TAB>label`,
/// sorted by path, then position. Tabs and line breaks inside fields become spaces.
pub fn bookmarks_listing(bookmarks: &[Bookmark]) -> String {
    let mut sorted: Vec<&Bookmark> = bookmarks.iter().collect();
    sorted.sort_by(|a, b| (&a.doc.path, a.anchor.offset).cmp(&(&b.doc.path, b.anchor.offset)));
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    for b in sorted {
        out.push_str(&clean(&b.doc.path.to_string_lossy()));
        out.push('\t');
        out.push_str(&clean(b.section()));
        out.push('\t');
        out.push_str(&format!("{}%", b.percent()));
        out.push('\t');
        out.push_str(&clean(&b.label));
        out.push('\n');
    }
    out
}

/// `bookmarks.toml`: documents, each with its bookmarks, one bookmark per line.
#[derive(Default)]
struct BookmarksToml(Vec<Bookmark>);

#[derive(Deserialize)]
struct FileRepr {
    #[serde(default = "first_version")]
    version: u32,
    #[serde(default)]
    document: Vec<DocRepr>,
}

#[derive(Deserialize)]
struct VersionRepr {
    version: Option<u32>,
}

fn first_version() -> u32 {
    1
}

#[derive(Deserialize)]
struct DocRepr {
    path: PathBuf,
    #[serde(default)]
    length: u64,
    #[serde(default)]
    hash: String,
    #[serde(default)]
    bookmarks: Vec<MarkRepr>,
}

#[derive(Deserialize)]
struct MarkRepr {
    #[serde(default)]
    id: String,
    #[serde(default)]
    offset: usize,
    #[serde(default)]
    heading: Vec<String>,
    #[serde(default)]
    before: String,
    #[serde(default)]
    quote: String,
    #[serde(default)]
    label: String,
    created: Option<toml::value::Datetime>,
    #[serde(default)]
    moved: bool,
}

impl FileFormat for BookmarksToml {
    type Data = BookmarksToml;

    fn parse(text: &str) -> Result<BookmarksToml, ParseError> {
        let file: FileRepr = match toml::from_str(text) {
            Ok(file) => file,
            Err(e) => {
                // A newer kan may have changed the shape: don't call its file broken.
                if let Ok(VersionRepr { version: Some(v) }) = toml::from_str::<VersionRepr>(text)
                    && v > BOOKMARKS_VERSION
                {
                    return Err(ParseError::NewerVersion(v));
                }
                return Err(ParseError::Invalid(e.message().to_owned()));
            }
        };
        if file.version > BOOKMARKS_VERSION {
            return Err(ParseError::NewerVersion(file.version));
        }
        let mut seen = HashSet::new();
        let mut list = Vec::new();
        for doc in file.document {
            let hash = match doc.hash.as_str() {
                "" => 0,
                hex => Fingerprint::parse_hash(hex)
                    .ok_or_else(|| ParseError::Invalid(format!("hash {hex:?} is not 16 hex digits")))?,
            };
            let id = DocId { path: doc.path, fingerprint: Fingerprint { len: doc.length, hash } };
            for mark in doc.bookmarks {
                // Ids added or copied by hand are made unique, so operations by id stay exact.
                let id_taken = mark.id.is_empty() || !seen.insert(mark.id.clone());
                let bookmark_id = if id_taken { new_id() } else { mark.id };
                if id_taken {
                    seen.insert(bookmark_id.clone());
                }
                // To the second, as kan writes it (and as the cache keeps it).
                let created = mark
                    .created
                    .as_ref()
                    .and_then(super::parse_time)
                    .and_then(|t| jiff::Timestamp::from_second(t.as_second()).ok())
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                list.push(Bookmark {
                    id: bookmark_id,
                    doc: id.clone(),
                    anchor: TextAnchor {
                        offset: mark.offset,
                        heading: mark.heading,
                        before: mark.before,
                        quote: mark.quote,
                    },
                    label: mark.label,
                    created,
                    moved: mark.moved,
                });
            }
        }
        Ok(BookmarksToml(list))
    }

    fn encode_cache(data: &BookmarksToml) -> Option<Vec<u8>> {
        data.encode()
    }

    fn decode_cache(payload: &[u8]) -> Option<BookmarksToml> {
        BookmarksToml::decode(payload)
    }

    fn render(data: &BookmarksToml) -> String {
        let sorted = data.sorted();
        let mut out = String::with_capacity(64 + data.0.len() * 200);
        out.push_str(HEADER);
        out.push_str(&format!("version = {BOOKMARKS_VERSION}\n"));
        let mut current: Option<&DocId> = None;
        for b in sorted {
            if current != Some(&b.doc) {
                if current.is_some() {
                    out.push_str("]\n");
                }
                current = Some(&b.doc);
                out.push_str("\n[[document]]\npath = ");
                string(&mut out, &b.doc.path.to_string_lossy());
                out.push_str(&format!(
                    "\nlength = {}\nhash = \"{}\"\nbookmarks = [\n",
                    b.doc.fingerprint.len,
                    b.doc.fingerprint.hash_hex()
                ));
            }
            render_mark(&mut out, b);
        }
        if current.is_some() {
            out.push_str("]\n");
        }
        out
    }
}

impl BookmarksToml {
    /// Bookmarks in the order [`FileFormat::render`] writes them: by document, offset, then id.
    fn sorted(&self) -> Vec<&Bookmark> {
        let mut sorted: Vec<&Bookmark> = self.0.iter().collect();
        // Paths compared as bytes, not component by component as `Path`'s order does: five
        // times faster, and any fixed order will do. Data read back is already in this order,
        // which the sort finds in one pass.
        fn key(b: &Bookmark) -> (&[u8], Fingerprint, usize, &str) {
            (b.doc.path.as_os_str().as_encoded_bytes(), b.doc.fingerprint, b.anchor.offset, &b.id)
        }
        sorted.sort_by(|a, b| key(a).cmp(&key(b)));
        sorted
    }

    /// The cache: documents, each with its bookmarks, exactly as the file reads back (paths as
    /// text, times to the second, in the file's order).
    fn encode(&self) -> Option<Vec<u8>> {
        let sorted = self.sorted();
        let mut out = Encoder::with_capacity(16 + self.0.len() * 200);
        let groups: Vec<&[&Bookmark]> = sorted.chunk_by(|a, b| a.doc == b.doc).collect();
        out.u64(groups.len() as u64);
        for group in groups {
            let doc = &group[0].doc;
            out.str(&doc.path.to_string_lossy());
            out.u64(doc.fingerprint.len);
            out.u64(doc.fingerprint.hash);
            out.u64(group.len() as u64);
            for b in group {
                // An empty id is replaced by a new one each time the file is read: not cacheable.
                if b.id.is_empty() || b.anchor.heading.len() > u8::MAX as usize {
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
            }
        }
        // Lengths are written as u32: a longer string (never made by kan) is not cached.
        let too_long = self.0.iter().any(|b| {
            let fields = [b.id.len(), b.anchor.before.len(), b.anchor.quote.len(), b.label.len()];
            fields.into_iter().chain(b.anchor.heading.iter().map(String::len)).any(|n| n > u32::MAX as usize)
        });
        (!too_long).then_some(out.0)
    }

    fn decode(payload: &[u8]) -> Option<BookmarksToml> {
        let mut input = Decoder::new(payload);
        let documents = input.u64()?;
        // Every bookmark takes at least 40 bytes: a count beyond that is a broken cache.
        let mut list = Vec::with_capacity((payload.len() / 40).min(1 << 24));
        for _ in 0..documents {
            let doc = DocId {
                path: PathBuf::from(input.str()?),
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
                list.push(Bookmark {
                    id,
                    doc: doc.clone(),
                    anchor: TextAnchor { offset, heading, before, quote },
                    label,
                    created,
                    moved,
                });
            }
        }
        input.is_empty().then_some(BookmarksToml(list))
    }
}

const HEADER: &str = "\
# kan's bookmarks: one line per bookmark, grouped by document. Safe to edit while kan is closed.
# offset: byte offset into the document's decoded text; length, hash (XXH3-64): the text it was in.
# When the text has changed, kan finds the place again by quote, then heading, then proportion.
";

fn render_mark(out: &mut String, b: &Bookmark) {
    out.push_str("  { id = ");
    string(out, &b.id);
    let _ = write!(out, ", offset = {}, heading = [", b.anchor.offset);
    for (i, title) in b.anchor.heading.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, title);
    }
    out.push_str("], before = ");
    string(out, &b.anchor.before);
    out.push_str(", quote = ");
    string(out, &b.anchor.quote);
    out.push_str(", label = ");
    string(out, &b.label);
    out.push_str(", created = ");
    write_time(out, b.created);
    if b.moved {
        out.push_str(", moved = true");
    }
    out.push_str(" },\n");
}

/// Writes `ts` as [`super::format_time`] does (`2026-04-01T10:00:00Z`), without its allocations:
/// a full rewrite writes 100,000 of them.
fn write_time(out: &mut String, ts: jiff::Timestamp) {
    let t = jiff::tz::Offset::UTC.to_datetime(ts);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
}

/// Writes `s` as a one-line TOML basic string. By hand rather than with `toml_writer`, which
/// weighs every string's best representation and made a full rewrite ten times slower: a basic
/// string only needs `"`, `\` and control characters escaped, and keeps all other text readable.
fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x00..=0x1f | 0x7f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04X}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (DocId, Document) {
        let text = "# 第一卷\n\n## 第一章 风起\n\n书生走进客栈，掌柜说道：山路雨夜，灯火\n未明。\n\n## 第二章 归途\n\n少年看见师父的剑光。\n";
        let document = crate::store::anchor::test_document(text);
        (DocId { path: "/books/novel.md".into(), fingerprint: Fingerprint::of(text) }, document)
    }

    #[test]
    fn render_then_parse_gives_the_same_bookmarks() {
        let (doc, document) = sample();
        let offset = document.text.find("掌柜").unwrap_or(0);
        let mut a = Bookmark::new(&doc, &document, offset, "tab\there \"quoted\" 标签 \u{1}\u{7f}\\ \r\n");
        a.moved = true;
        let b = Bookmark::new(&doc, &document, 0, "");
        let text = BookmarksToml::render(&BookmarksToml(vec![a.clone(), b.clone()]));
        let parsed = BookmarksToml::parse(&text).map(|d| d.0).unwrap_or_default();
        assert_eq!(parsed, vec![b, a], "{text}");
        assert_eq!(parsed[1].anchor.heading, ["第一卷", "第一章 风起"]);
        assert!(text.lines().filter(|l| l.starts_with("  { id = ")).count() == 2, "{text}");
    }

    #[test]
    fn many_ops_at_once_give_what_one_at_a_time_gives() {
        let (doc, document) = sample();
        let marks: Vec<Bookmark> = (0..30).map(|i| Bookmark::new(&doc, &document, i, "")).collect();
        let mut ops: Vec<BookmarkOp> = marks.iter().cloned().map(BookmarkOp::Add).collect();
        ops.push(BookmarkOp::Delete(marks[3].id.clone()));
        ops.push(BookmarkOp::Update(marks[3].clone()));
        ops.push(BookmarkOp::Rename { id: marks[5].id.clone(), label: "五".into() });
        ops.push(BookmarkOp::Delete(marks[7].id.clone()));
        ops.push(BookmarkOp::Add(marks[7].clone()));
        ops.push(BookmarkOp::Add(Bookmark { label: "新".into(), ..marks[9].clone() }));
        let start = vec![marks[0].clone()];
        let mut bulk = start.clone();
        apply_ops(&mut bulk, &ops);
        let mut one_by_one = start;
        for op in &ops {
            apply_op(&mut one_by_one, op);
        }
        assert_eq!(bulk, one_by_one);
        assert_eq!(bulk.len(), 29);
        assert_eq!(bulk.iter().filter(|b| b.label == "五" || b.label == "新").count(), 2);
    }

    #[test]
    fn hand_written_entries_get_ids_and_defaults() {
        let text = "version = 1\n[[document]]\npath = \"/a.txt\"\nbookmarks = [ { offset = 5 }, { id = \"x\" }, { id = \"x\", created = 2026-04-01 } ]\n";
        let list = BookmarksToml::parse(text).map(|d| d.0).unwrap_or_default();
        assert_eq!(list.len(), 3);
        let ids: HashSet<&str> = list.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.contains("x"));
        assert_eq!(list[2].created.to_string(), "2026-04-01T00:00:00Z");
    }

    #[test]
    fn a_newer_version_is_not_called_broken() {
        let newer = "version = 2\n[[document]]\npath = 5\n";
        assert!(matches!(BookmarksToml::parse(newer), Err(ParseError::NewerVersion(2))));
        assert!(matches!(
            BookmarksToml::parse("version = 1\n[[document]]\npath = 5\n"),
            Err(ParseError::Invalid(_))
        ));
    }

    #[test]
    fn listing_is_sorted_by_path_then_position() {
        let (doc, document) = sample();
        let other = DocId { path: "/books/a.md".into(), ..doc.clone() };
        let late = Bookmark::new(&doc, &document, document.text.find("少年").unwrap_or(0), "late");
        let early = Bookmark::new(&doc, &document, 0, "early\tone");
        let first = Bookmark::new(&other, &document, 0, "");
        let listing = bookmarks_listing(&[late, early, first]);
        let lines: Vec<&str> = listing.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("/books/a.md\t"));
        assert!(lines[1].ends_with("\t0%\tearly one"), "{}", lines[1]);
        assert!(lines[2].starts_with("/books/novel.md\t第二章 归途\t"), "{}", lines[2]);
        assert!(lines[2].ends_with("\tlate"));
    }
}
