//! Reading positions: where each document was left, in `positions.toml`, with the same
//! durability as bookmarks.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::atomic::{DurableFile, FileFormat, ParseError, ReadFormat};
use super::identity::place;
use super::paths::{POSITIONS_FILE, config_dir};
use super::toml_fast;
use super::toml_file::{self as tf, Kept};
use super::{DocId, Outcome, StoreError};
use crate::document::Document;
use crate::document::anchor::{Placement, TextAnchor};

/// The version of `positions.toml` this kan reads and writes.
pub const POSITIONS_VERSION: u32 = 1;
/// Positions kept; the least recently read documents are forgotten past this.
pub const MAX_POSITIONS: usize = 1000;

/// Where a document was left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub doc: DocId,
    pub anchor: TextAnchor,
    pub updated: jiff::Timestamp,
}

/// A remembered position found again in the document as it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestoredPosition {
    /// Byte offset into the open document's text.
    pub offset: usize,
    pub placement: Placement,
}

/// The positions file in one directory.
#[derive(Clone, Debug)]
pub struct PositionStore {
    file: DurableFile,
}

impl PositionStore {
    /// The store in `dir` (created on the first write).
    pub fn new(dir: &Path) -> PositionStore {
        PositionStore { file: DurableFile::new(dir, POSITIONS_FILE) }
    }

    /// The store in kan's config directory.
    pub fn in_config_dir() -> Result<PositionStore, StoreError> {
        config_dir().map(|dir| PositionStore::new(&dir))
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Every remembered position. Never fails (see [`super::BookmarkStore::load`]).
    pub fn load(&self) -> Outcome<Vec<Position>> {
        let outcome = self.file.load::<PositionsFile>();
        Outcome { value: outcome.value.positions, warning: outcome.warning }
    }

    /// The position saved for the document at `path` (canonical), read in full alone.
    pub fn find(&self, path: &std::path::Path) -> Option<Position> {
        let index = self.file.load::<PositionIndex>().value;
        let (_, entry) = index.entries.iter().find(|(saved, _)| saved.path == path)?;
        index.position(entry)
    }

    /// Where `doc` was left, found again in `document`: by its path, else (the file was moved or
    /// renamed) by a fingerprint whose file is gone.
    pub fn restore(&self, doc: &DocId, document: &Document) -> Outcome<Option<RestoredPosition>> {
        // Only the position found is read in full: a start reads the whole history.
        let loaded = self.file.load::<PositionIndex>();
        let index = &loaded.value;
        let found = index
            .entries
            .iter()
            .find(|(saved, _)| saved.path == doc.path)
            .or_else(|| index.entries.iter().find(|(saved, _)| saved.is_moved_to(doc)));
        let restored = found.and_then(|(_, entry)| index.position(entry)).map(|p| {
            let (offset, placement) = place(&p.anchor, p.doc.fingerprint, document, doc.fingerprint);
            RestoredPosition { offset, placement }
        });
        Outcome { value: restored, warning: loaded.warning }
    }

    /// Remembers that `doc` (open as `document`) was left at byte `offset`, merged under the lock
    /// with what other kan processes saved.
    pub fn save(&self, doc: &DocId, document: &Document, offset: usize) -> Result<Outcome<()>, StoreError> {
        let position = Position {
            doc: doc.clone(),
            anchor: TextAnchor::capture(document, offset),
            updated: super::now(),
        };
        let outcome = self.file.update::<PositionsFile>(|data| {
            data.positions.retain(|p| p.doc.path != position.doc.path);
            data.positions.push(position);
            if data.positions.len() > MAX_POSITIONS {
                data.positions.sort_by_key(|p| std::cmp::Reverse(p.updated));
                data.positions.truncate(MAX_POSITIONS);
            }
        })?;
        Ok(Outcome { value: (), warning: outcome.warning })
    }

    /// Forgets where the document at `path` was left (a row removed from the recent list).
    pub fn forget(&self, path: &Path) -> Result<Outcome<()>, StoreError> {
        let outcome =
            self.file.update::<PositionsFile>(|data| data.positions.retain(|p| p.doc.path != path))?;
        Ok(Outcome { value: (), warning: outcome.warning })
    }

    /// Checks that positions can be saved here; the error says why not.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.file.check_writable()
    }
}

/// Everything `positions.toml` holds.
#[derive(Debug, Default, PartialEq)]
struct PositionsFile {
    positions: Vec<Position>,
    /// Top-level fields kan doesn't know, as `key = value` lines, and lines it could not read.
    top_extra: String,
    top_kept: Vec<Kept>,
    /// Fields kan doesn't know, by path, as `key = value` lines.
    extra: HashMap<PathBuf, String>,
    /// Positions that could not be read, kept as written.
    kept: Vec<Kept>,
}

impl PositionsFile {
    fn read_block(&mut self, block: &[u8]) -> Result<(), String> {
        if let Some(position) = read_as_written(block) {
            self.positions.push(position);
            return Ok(());
        }
        let mut table = tf::parse_table(block)?;
        let mut fields = match table.remove("position") {
            Some(toml::Value::Array(mut items)) if items.len() == 1 => match items.remove(0) {
                toml::Value::Table(fields) => fields,
                _ => return Err("not a table".into()),
            },
            _ => return Err("not one position".into()),
        };
        let path = tf::take_path(&mut fields)?;
        let fingerprint = tf::take_fingerprint(&mut fields)?;
        let offset = tf::take_count(&mut fields, "offset")?.unwrap_or(0);
        let anchor = TextAnchor {
            offset: usize::try_from(offset).map_err(|_| format!("offset {offset} is too large"))?,
            heading: tf::take_texts(&mut fields, "heading")?,
            before: tf::take_text(&mut fields, "before")?,
            quote: tf::take_text(&mut fields, "quote")?,
        };
        let updated = tf::take_time(&mut fields, "updated")?.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let extra = tf::fields(&fields, "\n");
        if !extra.is_empty() {
            self.extra.insert(path.clone(), extra);
        }
        self.positions.push(Position { doc: DocId { path, fingerprint }, anchor, updated });
        Ok(())
    }
}

/// Each readable position's document, for finding one position without reading them all in full.
#[derive(Debug, Default)]
struct PositionIndex {
    /// The file as read.
    bytes: Vec<u8>,
    /// The documents of the positions [`PositionsFile`] reads, in the same order, each with
    /// where to read its position.
    entries: Vec<(DocId, Indexed)>,
    /// What could not be read, in the order [`PositionsFile`] keeps it.
    kept: Vec<Kept>,
}

#[derive(Debug)]
enum Indexed {
    /// A position as kan writes it, in these bytes of the file.
    AsWritten(std::ops::Range<usize>),
    /// One the toml crate had to read, read.
    Read(Position),
}

impl PositionIndex {
    fn position(&self, entry: &Indexed) -> Option<Position> {
        match entry {
            Indexed::AsWritten(range) => read_as_written(&self.bytes[range.clone()]),
            Indexed::Read(position) => Some(position.clone()),
        }
    }
}

impl ReadFormat for PositionIndex {
    type Data = PositionIndex;

    fn parse(bytes: &[u8]) -> Result<PositionIndex, ParseError> {
        let blocks = tf::split_blocks(bytes, "position");
        let top = tf::parse_preamble(blocks.preamble, POSITIONS_VERSION)?;
        let mut index = PositionIndex { bytes: bytes.to_vec(), kept: top.kept, ..PositionIndex::default() };
        let mut start = blocks.preamble.len();
        for (line, block) in blocks.blocks {
            let range = start..start + block.len();
            start = range.end;
            if let Some(doc) = document_as_written(block) {
                index.entries.push((doc, Indexed::AsWritten(range)));
                continue;
            }
            let mut one = PositionsFile::default();
            match one.read_block(block) {
                Ok(()) => {
                    if let Some(position) = one.positions.pop() {
                        index.entries.push((position.doc.clone(), Indexed::Read(position)));
                    }
                }
                Err(reason) => index.kept.push(Kept { line, raw: tf::with_line_end(block), reason }),
            }
        }
        Ok(index)
    }

    fn unread(index: &PositionIndex) -> Option<String> {
        tf::kept_summary(&index.kept)
    }
}

/// The document of a position as kan writes it, found as [`read_as_written`] would read it,
/// without keeping the rest.
fn document_as_written(block: &[u8]) -> Option<DocId> {
    let fields = toml_fast::lines(block.strip_prefix(b"[[position]]\n")?, toml_fast::Kind::PositionDocument)?;
    let path = fields.path.filter(|path| !path.is_empty())?.into_owned();
    let path = tf::path_of(path, fields.path_bytes.as_deref().unwrap_or("")).ok()?;
    let fingerprint = tf::fingerprint(fields.length, fields.hash.as_deref().unwrap_or("")).ok()?;
    usize::try_from(fields.offset.unwrap_or(0)).ok()?;
    Some(DocId { path, fingerprint })
}

/// A position as kan writes it, read without the toml crate; `None` for anything else (which
/// the toml crate then reads, or says what is wrong with).
fn read_as_written(block: &[u8]) -> Option<Position> {
    let fields = toml_fast::lines(block.strip_prefix(b"[[position]]\n")?, toml_fast::Kind::Position)?;
    let path = fields.path.filter(|path| !path.is_empty())?.into_owned();
    let path = tf::path_of(path, fields.path_bytes.as_deref().unwrap_or("")).ok()?;
    let fingerprint = tf::fingerprint(fields.length, fields.hash.as_deref().unwrap_or("")).ok()?;
    let anchor = TextAnchor {
        offset: usize::try_from(fields.offset.unwrap_or(0)).ok()?,
        heading: fields.heading.unwrap_or_default(),
        before: fields.before.unwrap_or_default().into_owned(),
        quote: fields.quote.unwrap_or_default().into_owned(),
    };
    let updated = fields.updated.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Some(Position { doc: DocId { path, fingerprint }, anchor, updated })
}

impl ReadFormat for PositionsFile {
    type Data = PositionsFile;

    fn parse(bytes: &[u8]) -> Result<PositionsFile, ParseError> {
        let blocks = tf::split_blocks(bytes, "position");
        let top = tf::parse_preamble(blocks.preamble, POSITIONS_VERSION)?;
        let mut file = PositionsFile { top_extra: top.extra, top_kept: top.kept, ..PositionsFile::default() };
        for (line, block) in blocks.blocks {
            if let Err(reason) = file.read_block(block) {
                file.kept.push(Kept { line, raw: tf::with_line_end(block), reason });
            }
        }
        Ok(file)
    }

    fn unread(data: &PositionsFile) -> Option<String> {
        tf::kept_summary(data.top_kept.iter().chain(&data.kept))
    }
}

impl FileFormat for PositionsFile {
    fn render(data: &PositionsFile) -> Vec<u8> {
        let mut sorted: Vec<&Position> = data.positions.iter().collect();
        sorted.sort_by(|a, b| a.doc.cmp(&b.doc));
        let mut out = String::new();
        out.push_str(
            "# Where kan left each document. Safe to edit while kan is closed.\n\
             # offset: byte offset into the decoded text; length, hash (XXH3-64): the text it was in.\n",
        );
        let _ = writeln!(out, "version = {POSITIONS_VERSION}");
        out.push_str(&data.top_extra);
        let mut bytes = Vec::new();
        for kept in &data.top_kept {
            bytes.extend_from_slice(out.as_bytes());
            out.clear();
            bytes.extend_from_slice(&kept.raw);
        }
        for p in sorted {
            out.push_str("\n[[position]]\n");
            tf::write_path(&mut out, &p.doc.path);
            tf::write_fingerprint(&mut out, p.doc.fingerprint);
            let _ = write!(out, "offset = {}\nheading = [", p.anchor.offset);
            for (i, title) in p.anchor.heading.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                tf::string(&mut out, title);
            }
            out.push_str("]\nbefore = ");
            tf::string(&mut out, &p.anchor.before);
            out.push_str("\nquote = ");
            tf::string(&mut out, &p.anchor.quote);
            out.push_str("\nupdated = ");
            tf::write_time(&mut out, p.updated);
            out.push('\n');
            if let Some(extra) = data.extra.get(&p.doc.path) {
                out.push_str(extra);
            }
        }
        bytes.extend_from_slice(out.as_bytes());
        for kept in &data.kept {
            bytes.push(b'\n');
            bytes.extend_from_slice(&kept.raw);
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::anchor::test_document;
    use crate::store::Fingerprint;

    fn sample() -> Position {
        let text = "# 卷一\n\n山路雨夜，\"灯火\"未明。\n";
        let document = test_document(text);
        let doc = DocId { path: "/books/a.md".into(), fingerprint: Fingerprint::of(text) };
        Position { doc, anchor: TextAnchor::capture(&document, 10), updated: crate::store::now() }
    }

    #[test]
    fn a_position_is_found_by_its_path_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = PositionStore::new(dir.path());
        let position = sample();
        let text = "# 卷一\n\n山路雨夜，\"灯火\"未明。\n";
        store.save(&position.doc, &test_document(text), 10).unwrap();
        let found = store.find(std::path::Path::new("/books/a.md")).unwrap();
        assert_eq!((found.doc, found.anchor), (position.doc, position.anchor));
        assert!(store.find(std::path::Path::new("/books/b.md")).is_none());
    }

    #[test]
    fn render_then_parse_gives_the_same_positions() {
        let position = sample();
        let file = PositionsFile { positions: vec![position.clone()], ..PositionsFile::default() };
        let written = PositionsFile::render(&file);
        let parsed = PositionsFile::parse(&written).map(|d| d.positions).unwrap_or_default();
        assert_eq!(parsed, vec![position], "{}", String::from_utf8_lossy(&written));
        // A field kan doesn't know stays through a rewrite.
        let mut edited = written.clone();
        edited.extend_from_slice(b"shelf = \"novels\"\n");
        let reread = PositionsFile::parse(&edited).unwrap_or_default();
        assert_eq!(reread.positions, parsed);
        assert!(PositionsFile::render(&reread).ends_with(b"shelf = \"novels\"\n"));
    }

    #[test]
    fn a_bad_position_hides_no_other_and_is_kept() {
        let position = sample();
        let file = PositionsFile { positions: vec![position.clone()], ..PositionsFile::default() };
        let mut written = PositionsFile::render(&file);
        written.extend_from_slice(b"\n[[position]]\npath = \"/b.md\"\noffset = -1\nnote = \"\xff\"\n");
        let parsed = PositionsFile::parse(&written).unwrap_or_default();
        assert_eq!(parsed.positions, vec![position]);
        assert_eq!(parsed.kept.len(), 1);
        assert!(PositionsFile::unread(&parsed).is_some_and(|s| s.starts_with("1 entry could not be read")));
        let again = PositionsFile::render(&parsed);
        assert!(again.ends_with(b"offset = -1\nnote = \"\xff\"\n"), "{}", String::from_utf8_lossy(&again));
    }

    mod props {
        use super::*;
        use crate::store::toml_fast::{edits, toml_only};
        use proptest::prelude::*;

        /// Text with anything in it: quotes, backslashes, control characters, CJK, emoji.
        fn any_text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    any::<char>(),
                    Just('"'),
                    Just('\\'),
                    Just('\n'),
                    Just('\u{7f}'),
                    Just('山'),
                    Just('😀')
                ],
                0..12,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        /// A position with any path (not UTF-8 too), fingerprint, offset and time kan can
        /// write; `wide` takes numbers and times from ranges it can't read back.
        fn any_position(wide: bool) -> impl Strategy<Value = Position> {
            let max = if wide { u64::MAX } else { i64::MAX as u64 };
            // Year 0 to 9999, or the whole range jiff has.
            let seconds =
                if wide { -377_705_116_800..253_402_207_200i64 } else { -62_167_219_200..253_402_207_199 };
            (
                proptest::collection::vec(any::<u8>(), 1..12),
                0..=max,
                any::<u64>(),
                0..=max,
                proptest::collection::vec(any_text(), 0..3),
                any_text(),
                any_text(),
                seconds,
            )
                .prop_map(|(path, len, hash, offset, heading, before, quote, second)| {
                    let mut bytes = b"/".to_vec();
                    bytes.extend(path);
                    let path = tf::path_from_bytes(bytes).unwrap_or_else(|| PathBuf::from("/utf8-only"));
                    Position {
                        doc: DocId { path, fingerprint: Fingerprint { len, hash } },
                        anchor: TextAnchor { offset: offset as usize, heading, before, quote },
                        updated: jiff::Timestamp::from_second(second).unwrap_or_default(),
                    }
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2048))]

            #[test]
            fn what_kan_writes_is_read_without_the_toml_crate(
                positions in proptest::collection::vec(any_position(false), 1..6),
            ) {
                let file = PositionsFile { positions, ..PositionsFile::default() };
                let text = PositionsFile::render(&file);
                for (_, block) in tf::split_blocks(&text, "position").blocks {
                    prop_assert!(read_as_written(block).is_some(), "{}", String::from_utf8_lossy(block));
                }
            }

            #[test]
            fn the_fast_reader_reads_what_the_toml_crate_reads(
                positions in proptest::collection::vec(any_position(true), 0..6),
                edits in edits::edits(),
            ) {
                let file = PositionsFile { positions, ..PositionsFile::default() };
                let text = edits::apply(&PositionsFile::render(&file), &edits);
                if let (Ok(file), Ok(index)) = (PositionsFile::parse(&text), PositionIndex::parse(&text)) {
                    prop_assert_eq!(index.entries.len(), file.positions.len());
                    for ((doc, entry), position) in index.entries.iter().zip(&file.positions) {
                        prop_assert_eq!(doc, &position.doc);
                        prop_assert_eq!(index.position(entry), Some(position.clone()));
                    }
                    prop_assert_eq!(PositionIndex::unread(&index), PositionsFile::unread(&file));
                } else {
                    prop_assert!(PositionsFile::parse(&text).is_err() && PositionIndex::parse(&text).is_err());
                }
                match (PositionsFile::parse(&text), toml_only(|| PositionsFile::parse(&text))) {
                    (Ok(fast), Ok(toml)) => {
                        prop_assert_eq!(PositionsFile::unread(&fast), PositionsFile::unread(&toml));
                        prop_assert_eq!(&fast, &toml, "{}", String::from_utf8_lossy(&text));
                        prop_assert_eq!(PositionsFile::render(&fast), PositionsFile::render(&toml));
                    }
                    (Err(ParseError::NewerVersion(fast)), Err(ParseError::NewerVersion(toml))) => {
                        prop_assert_eq!(fast, toml)
                    }
                    (fast, toml) => prop_assert!(false, "{fast:?}\n{toml:?}"),
                }
            }
        }
    }
}
