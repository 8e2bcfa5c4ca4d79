//! `bookmarks.toml`: read entry by entry, so one bad entry hides nothing else, and written one
//! bookmark per line, grouped by document, with what could not be read kept where it was.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::{BOOKMARKS_VERSION, Bookmark, new_id};
use crate::document::anchor::TextAnchor;
use crate::store::DocId;
use crate::store::atomic::{FileFormat, ParseError, ReadFormat};
use crate::store::toml_fast;
use crate::store::toml_file::{self as tf, Kept};

/// Everything `bookmarks.toml` holds.
#[derive(Debug, Default)]
pub(crate) struct BookmarksFile {
    pub bookmarks: Vec<Bookmark>,
    /// Top-level fields kan doesn't know, as `key = value` lines.
    pub(super) top_extra: String,
    /// Lines above the first document that could not be read.
    pub(super) top_kept: Vec<Kept>,
    /// Document fields kan doesn't know, by path, as `key = value` lines.
    pub(super) doc_extra: HashMap<PathBuf, String>,
    /// Bookmark lines that could not be read, with the document they were in.
    pub(super) kept_lines: Vec<(DocId, Kept)>,
    /// Whole documents that could not be read (a bad path or hash, or broken TOML).
    pub(super) kept_blocks: Vec<Kept>,
}

impl BookmarksFile {
    /// Whether anything but bookmarks is in the file (which the binary cache doesn't keep).
    pub(super) fn has_more_than_bookmarks(&self) -> bool {
        !(self.top_extra.is_empty()
            && self.top_kept.is_empty()
            && self.doc_extra.is_empty()
            && self.kept_lines.is_empty()
            && self.kept_blocks.is_empty())
    }

    /// Bookmarks in the order [`FileFormat::render`] writes them: by document, offset, then id.
    pub(super) fn sorted(&self) -> Vec<&Bookmark> {
        let mut sorted: Vec<&Bookmark> = self.bookmarks.iter().collect();
        sort_for_writing(&mut sorted);
        sorted
    }

    /// Puts the bookmarks in the order a full write gives them, so that they are what the file
    /// reads back once written (and what its cache holds).
    pub(super) fn sort_as_written(&mut self) {
        self.bookmarks.sort_by(|a, b| write_order(a).cmp(&write_order(b)));
    }

    /// Reads one `[[document]]` block, starting on line `line`.
    fn read_block(&mut self, line: usize, block: &[u8], ids: &mut Ids) {
        let lines: Vec<(usize, &[u8])> = tf::lines(block).collect();
        let open = lines.iter().position(|(_, l)| is_array_open(l));
        // The last lone `]`: one typed among the bookmarks is a bad entry, not the list's end.
        let close = open.and_then(|o| {
            lines[o + 1..].iter().rposition(|(_, l)| l.trim_ascii() == b"]").map(|c| o + 1 + c)
        });
        let result = match (open, close) {
            // As kan writes it: one bookmark a line, each read on its own.
            (Some(open), Some(close)) => {
                let header = &block[lines.get(1).map_or(block.len(), |l| l.0)..lines[open].0];
                let entries = lines[open + 1..close].iter().enumerate().map(|(i, &(_, text))| {
                    let entry = parse_entry(text);
                    (line + open + 1 + i, text, entry)
                });
                let read = document_of(header)
                    .map(|(doc, extra)| self.read_document(doc, extra, entries.collect(), ids));
                // Whatever follows the list is not part of it: kept on its own if it is anything.
                if let Some(first) = (close + 1..lines.len()).find(|&i| !lines[i].1.trim_ascii().is_empty()) {
                    let rest = &block[lines[first].0..];
                    if !rest.split(|&b| b == b'\n').all(tf::is_blank_or_comment) || read.is_err() {
                        let reason = tf::parse_table(rest)
                            .err()
                            .unwrap_or_else(|| "after the list of bookmarks".into());
                        self.kept_blocks.push(Kept {
                            line: line + first,
                            raw: tf::with_line_end(rest),
                            reason,
                        });
                    }
                }
                read
            }
            // Any other TOML form: read whole.
            _ => tf::parse_table(block).and_then(|mut table| {
                let document = match table.remove("document") {
                    Some(toml::Value::Array(mut docs)) if docs.len() == 1 => docs.remove(0),
                    _ => return Err("not one document".into()),
                };
                let toml::Value::Table(mut document) = document else { return Err("not a table".into()) };
                let entries = match document.remove("bookmarks") {
                    None => Vec::new(),
                    Some(toml::Value::Array(items)) => items,
                    Some(other) => return Err(format!("bookmarks = {other} is not a list")),
                };
                let (doc, extra) = document_from_table(document)?;
                let raws: Vec<Vec<u8>> = entries.iter().map(|v| format!("  {v},\n").into_bytes()).collect();
                let entries = entries
                    .into_iter()
                    .zip(&raws)
                    .map(|(value, raw)| {
                        let entry = match value {
                            toml::Value::Table(table) => mark_from_table(table),
                            other => Err(format!("{other} is not a bookmark")),
                        };
                        (line, raw.as_slice(), Some(entry))
                    })
                    .collect();
                self.read_document(doc, extra, entries, ids);
                Ok(())
            }),
        };
        if let Err(reason) = result {
            self.kept_blocks.push(Kept { line, raw: tf::with_line_end(block), reason });
        }
    }

    /// Reads a document's bookmarks (a bad one is kept), with the fields kan doesn't know of the
    /// document, `extra`.
    fn read_document(&mut self, doc: DocId, extra: String, entries: Vec<Entry<'_>>, ids: &mut Ids) {
        if !extra.is_empty() {
            self.doc_extra.insert(doc.path.clone(), extra);
        }
        for (line, raw, entry) in entries {
            let reason = match entry {
                None if tf::is_blank_or_comment(raw) && raw.trim_ascii().is_empty() => continue,
                // A comment among the bookmarks stays, unreported.
                None => String::new(),
                Some(Ok(mark)) => {
                    self.bookmarks.push(mark.settle(&doc, ids));
                    continue;
                }
                Some(Err(reason)) => reason,
            };
            self.kept_lines.push((doc.clone(), Kept { line, raw: tf::with_line_end(raw), reason }));
        }
    }
}

/// Paths compared as bytes, not component by component as `Path`'s order does: five times
/// faster, and any fixed order will do.
fn write_order(b: &Bookmark) -> (&[u8], crate::store::Fingerprint, usize, &str) {
    (b.doc.path.as_os_str().as_encoded_bytes(), b.doc.fingerprint, b.anchor.offset, &b.id)
}

/// Sorts in the order a full write gives. Data read back is already in this order, which the
/// sort finds in one pass.
pub(super) fn sort_for_writing(marks: &mut [&Bookmark]) {
    marks.sort_by(|a, b| write_order(a).cmp(&write_order(b)));
}

/// The text that adds `groups` (each the new bookmarks of one document) at the end of the file:
/// a document table for each, as a full write has them, which the reader takes together with the
/// earlier tables of the same document. It starts on a line of its own whatever the file ends in.
pub(super) fn render_addition(groups: &[&[&Bookmark]]) -> Vec<u8> {
    let mut out = Output { bytes: Vec::new(), text: String::with_capacity(groups.len() * 400) };
    for group in groups {
        let Some(first) = group.first() else { continue };
        out.document(&first.doc, None);
        for b in *group {
            render_mark(&mut out.text, b);
        }
        out.text.push_str("]\n");
    }
    out.finish()
}

/// One line of a document's bookmarks: its number, its text, and the bookmark (`None` for a blank
/// line or a comment).
type Entry<'a> = (usize, &'a [u8], Option<Result<Mark, String>>);

/// The ids seen so far: ids added or copied by hand are made unique, so operations by id stay
/// exact.
type Ids = HashSet<String>;

/// `bookmarks = [` alone on its line.
fn is_array_open(line: &[u8]) -> bool {
    line.iter().copied().filter(|b| !b.is_ascii_whitespace()).eq(b"bookmarks=[".iter().copied())
}

/// A document's identity and the fields kan doesn't know of it, from the lines before its list
/// of bookmarks.
fn document_of(header: &[u8]) -> Result<(DocId, String), String> {
    match document_as_written(header) {
        Some(doc) => Ok((doc, String::new())),
        None => tf::parse_table(header).and_then(document_from_table),
    }
}

/// [`document_of`] for a header as kan writes it, without the toml crate; `None` for anything
/// else.
fn document_as_written(header: &[u8]) -> Option<DocId> {
    let fields = toml_fast::lines(header, toml_fast::Kind::Document)?;
    let path = fields.path.filter(|path| !path.is_empty())?.into_owned();
    let path = tf::path_of(path, fields.path_bytes.as_deref().unwrap_or("")).ok()?;
    let fingerprint = tf::fingerprint(fields.length, fields.hash.as_deref().unwrap_or("")).ok()?;
    Some(DocId { path, fingerprint })
}

fn document_from_table(mut header: toml::Table) -> Result<(DocId, String), String> {
    let path = tf::take_path(&mut header)?;
    let fingerprint = tf::take_fingerprint(&mut header)?;
    header.remove("bookmarks");
    Ok((DocId { path, fingerprint }, tf::fields(&header, "\n")))
}

/// One line of the bookmarks array as a bookmark; `None` for a blank or comment line.
fn parse_entry(line: &[u8]) -> Option<Result<Mark, String>> {
    if tf::is_blank_or_comment(line) {
        return None;
    }
    let trimmed = line.trim_ascii();
    let entry = trimmed.strip_suffix(b",").unwrap_or(trimmed);
    if let Some(mark) = mark_as_written(entry) {
        return Some(Ok(mark));
    }
    let mut text = b"m = ".to_vec();
    text.extend_from_slice(entry);
    Some(tf::parse_table(&text).and_then(|mut table| match table.remove("m") {
        Some(toml::Value::Table(fields)) => mark_from_table(fields),
        _ => Err("not a bookmark".into()),
    }))
}

/// A bookmark as read, before its document and id are settled.
#[derive(Debug)]
struct Mark {
    id: String,
    anchor: TextAnchor,
    label: String,
    created: jiff::Timestamp,
    moved: bool,
    extra: String,
}

impl Mark {
    /// The bookmark in `doc`, with a new id if it has none or one seen before.
    fn settle(self, doc: &DocId, ids: &mut Ids) -> Bookmark {
        let id = if self.id.is_empty() || ids.contains(&self.id) { new_id() } else { self.id };
        ids.insert(id.clone());
        Bookmark {
            id,
            doc: doc.clone(),
            anchor: self.anchor,
            label: self.label,
            created: self.created,
            moved: self.moved,
            extra: self.extra,
        }
    }
}

/// A bookmark as kan writes it, read without the toml crate; `None` for anything else.
fn mark_as_written(entry: &[u8]) -> Option<Mark> {
    let fields = toml_fast::inline_table(entry, toml_fast::Kind::Bookmark)?;
    Some(Mark {
        id: fields.id.unwrap_or_default().into_owned(),
        anchor: TextAnchor {
            offset: usize::try_from(fields.offset.unwrap_or(0)).ok()?,
            heading: fields.heading.unwrap_or_default(),
            before: fields.before.unwrap_or_default().into_owned(),
            quote: fields.quote.unwrap_or_default().into_owned(),
        },
        label: fields.label.unwrap_or_default().into_owned(),
        created: fields.created.unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        moved: fields.moved.unwrap_or(false),
        extra: String::new(),
    })
}

fn mark_from_table(mut fields: toml::Table) -> Result<Mark, String> {
    let id = tf::take_text(&mut fields, "id")?;
    let offset = tf::take_count(&mut fields, "offset")?.unwrap_or(0);
    let offset = usize::try_from(offset).map_err(|_| format!("offset {offset} is too large"))?;
    let heading = tf::take_texts(&mut fields, "heading")?;
    let before = tf::take_text(&mut fields, "before")?;
    let quote = tf::take_text(&mut fields, "quote")?;
    let label = tf::take_text(&mut fields, "label")?;
    // To the second, as kan writes it (and as the cache keeps it).
    let created = tf::take_time(&mut fields, "created")?
        .and_then(|t| jiff::Timestamp::from_second(t.as_second()).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let moved = tf::take_flag(&mut fields, "moved")?;
    Ok(Mark {
        id,
        anchor: TextAnchor { offset, heading, before, quote },
        label,
        created,
        moved,
        extra: tf::fields(&fields, ", "),
    })
}

const HEADER: &str = "\
# kan's bookmarks: one line per bookmark, grouped by document (a new one comes at the end, in a
# table of its own, until the next rewrite). Safe to edit while kan is closed.
# offset: byte offset into the document's decoded text; length, hash (XXH3-64): the text it was in.
# When the text has changed, kan finds the place again by quote, then heading, then proportion.
";

impl ReadFormat for BookmarksFile {
    type Data = BookmarksFile;

    fn parse(bytes: &[u8]) -> Result<BookmarksFile, ParseError> {
        let blocks = tf::split_blocks(bytes, "document");
        let top = tf::parse_preamble(blocks.preamble, BOOKMARKS_VERSION)?;
        let mut file = BookmarksFile { top_extra: top.extra, top_kept: top.kept, ..BookmarksFile::default() };
        file.bookmarks.reserve(bytes.len() / 200);
        let mut ids = Ids::with_capacity(bytes.len() / 200);
        for (line, block) in blocks.blocks {
            file.read_block(line, block, &mut ids);
        }
        Ok(file)
    }

    fn unread(data: &BookmarksFile) -> Option<String> {
        let lines = data.kept_lines.iter().map(|(_, kept)| kept);
        let mut kept: Vec<&Kept> = data.top_kept.iter().chain(lines).chain(&data.kept_blocks).collect();
        kept.sort_by_key(|k| k.line);
        tf::kept_summary(kept)
    }

    fn encode_cache(data: &BookmarksFile) -> Option<Vec<u8>> {
        super::cache::encode(data)
    }

    fn decode_cache(payload: &[u8]) -> Option<BookmarksFile> {
        super::cache::decode(payload)
    }
}

impl FileFormat for BookmarksFile {
    fn render(data: &BookmarksFile) -> Vec<u8> {
        let mut out =
            Output { bytes: Vec::new(), text: String::with_capacity(64 + data.bookmarks.len() * 200) };
        out.text.push_str(HEADER);
        let _ = writeln!(out.text, "version = {BOOKMARKS_VERSION}");
        out.text.push_str(&data.top_extra);
        for kept in &data.top_kept {
            out.raw(&kept.raw);
        }
        let mut kept_lines: HashMap<&DocId, Vec<&Kept>> = HashMap::new();
        for (doc, kept) in &data.kept_lines {
            kept_lines.entry(doc).or_default().push(kept);
        }
        let sorted = data.sorted();
        for group in sorted.chunk_by(|a, b| a.doc == b.doc) {
            let doc = &group[0].doc;
            out.document(doc, data.doc_extra.get(&doc.path));
            for b in group {
                render_mark(&mut out.text, b);
            }
            for kept in kept_lines.remove(doc).unwrap_or_default() {
                out.raw(&kept.raw);
            }
            out.text.push_str("]\n");
        }
        // Documents left with only lines that could not be read, in the order they were read.
        for (doc, _) in &data.kept_lines {
            if let Some(lines) = kept_lines.remove(doc) {
                out.document(doc, data.doc_extra.get(&doc.path));
                for kept in lines {
                    out.raw(&kept.raw);
                }
                out.text.push_str("]\n");
            }
        }
        for kept in &data.kept_blocks {
            out.text.push('\n');
            out.raw(&kept.raw);
        }
        out.finish()
    }
}

/// Text written as text, with bytes kept as read spliced in.
struct Output {
    bytes: Vec<u8>,
    text: String,
}

impl Output {
    fn raw(&mut self, raw: &[u8]) {
        self.bytes.extend_from_slice(self.text.as_bytes());
        self.text.clear();
        self.bytes.extend_from_slice(raw);
    }

    fn document(&mut self, doc: &DocId, extra: Option<&String>) {
        self.text.push_str("\n[[document]]\n");
        tf::write_path(&mut self.text, &doc.path);
        tf::write_fingerprint(&mut self.text, doc.fingerprint);
        if let Some(extra) = extra {
            self.text.push_str(extra);
        }
        self.text.push_str("bookmarks = [\n");
    }

    fn finish(mut self) -> Vec<u8> {
        if self.bytes.is_empty() {
            return self.text.into_bytes();
        }
        self.bytes.extend_from_slice(self.text.as_bytes());
        self.bytes
    }
}

fn render_mark(out: &mut String, b: &Bookmark) {
    out.push_str("  { id = ");
    tf::string(out, &b.id);
    let _ = write!(out, ", offset = {}, heading = [", b.anchor.offset);
    for (i, title) in b.anchor.heading.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        tf::string(out, title);
    }
    out.push_str("], before = ");
    tf::string(out, &b.anchor.before);
    out.push_str(", quote = ");
    tf::string(out, &b.anchor.quote);
    out.push_str(", label = ");
    tf::string(out, &b.label);
    out.push_str(", created = ");
    tf::write_time(out, b.created);
    if b.moved {
        out.push_str(", moved = true");
    }
    if !b.extra.is_empty() {
        out.push_str(", ");
        out.push_str(&b.extra);
    }
    out.push_str(" },\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Fingerprint;
    use crate::store::bookmarks::tests::sample;

    fn parse(text: &[u8]) -> BookmarksFile {
        BookmarksFile::parse(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn render(file: &BookmarksFile) -> Vec<u8> {
        BookmarksFile::render(file)
    }

    #[test]
    fn render_then_parse_gives_the_same_bookmarks() {
        let (doc, document) = sample();
        let offset = document.text.find("掌柜").unwrap_or(0);
        let mut a = Bookmark::new(&doc, &document, offset, "tab\there \"quoted\" 标签 \u{1}\u{7f}\\ \r\n");
        a.moved = true;
        let b = Bookmark::new(&doc, &document, 0, "");
        let file = BookmarksFile { bookmarks: vec![a.clone(), b.clone()], ..Default::default() };
        let text = render(&file);
        let parsed = parse(&text);
        assert_eq!(parsed.bookmarks, vec![b, a], "{}", String::from_utf8_lossy(&text));
        assert_eq!(parsed.bookmarks[1].anchor.heading, ["第一卷", "第一章 风起"]);
        assert!(!parsed.has_more_than_bookmarks());
        let text = String::from_utf8_lossy(&text);
        assert!(text.lines().filter(|l| l.starts_with("  { id = ")).count() == 2, "{text}");
    }

    #[test]
    fn hand_written_entries_get_ids_and_defaults() {
        let text = b"version = 1\n[[document]]\npath = \"/a.txt\"\nbookmarks = [ { offset = 5 }, { id = \"x\" }, { id = \"x\", created = 2026-04-01 } ]\n";
        let list = parse(text).bookmarks;
        assert_eq!(list.len(), 3);
        let ids: HashSet<&str> = list.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.contains("x"));
        assert_eq!(list[2].created.to_string(), "2026-04-01T00:00:00Z");
    }

    #[test]
    fn a_newer_version_is_not_read() {
        assert!(matches!(
            BookmarksFile::parse(b"version = 2\n[[document]]\npath = 5\n"),
            Err(ParseError::NewerVersion(2))
        ));
    }

    /// A file with one good bookmark and one of each kind of bad entry.
    fn damaged() -> (Vec<u8>, Bookmark) {
        let (doc, document) = sample();
        let good = Bookmark::new(&doc, &document, 3, "好");
        let file = BookmarksFile { bookmarks: vec![good.clone()], ..Default::default() };
        let mut text = render(&file);
        let bad_lines: &[u8] = b"  { id = \"neg\", offset = -4 },\n  { id = \"bin\", label = \"\xff\" },\n  { id = \"x\", offset = 1 , oops\n";
        // Every bookmark line must end up inside the first document's list.
        let close = text.iter().rposition(|&b| b == b']').unwrap_or(0);
        text.splice(close..close, bad_lines.iter().copied());
        text.extend_from_slice(
            b"\n[[document]]\npath = \"/b.md\"\nhash = \"zz\"\nbookmarks = [\n  { id = \"lost\" },\n]\n",
        );
        (text, good)
    }

    #[test]
    fn one_bad_entry_hides_nothing_else_and_is_kept_as_written() {
        let (text, good) = damaged();
        let file = parse(&text);
        assert_eq!(file.bookmarks, vec![good.clone()]);
        assert_eq!(file.kept_lines.len(), 3);
        assert_eq!(file.kept_blocks.len(), 1);
        let summary = BookmarksFile::unread(&file).unwrap_or_default();
        assert!(summary.starts_with("4 entries could not be read (line "), "{summary}");
        assert!(summary.contains("offset"), "{summary}");
        // Written again (after a change), every bad entry is still there, byte for byte.
        let mut changed = file;
        changed.bookmarks[0].label = "改".into();
        let again = render(&changed);
        for needle in [&b"offset = -4"[..], b"\"\xff\"", b"offset = 1 , oops", b"hash = \"zz\"", b"\"lost\""]
        {
            assert!(again.windows(needle.len()).any(|w| w == needle), "{}", String::from_utf8_lossy(&again));
        }
        let reread = parse(&again);
        assert_eq!(reread.bookmarks.len(), 1);
        assert_eq!(reread.bookmarks[0].label, "改");
        assert_eq!(reread.kept_lines.len(), 3);
        assert_eq!(reread.kept_blocks.len(), 1);
        assert_eq!(render(&reread), again, "a second rewrite changes nothing");
    }

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let text = b"version = 1\ntheme = \"x\"\n\n[[document]]\npath = \"/a.md\"\nlength = 4\nhash = \"0000000000000001\"\nshelf = \"novels\"\nbookmarks = [\n  { id = \"a\", offset = 1, color = \"red\", tags = [\"x\", \"y\"] },\n]\n";
        let file = parse(text);
        assert_eq!(file.bookmarks[0].extra, "color = \"red\", tags = [\"x\", \"y\"]");
        assert!(BookmarksFile::unread(&file).is_none());
        let again = String::from_utf8(render(&file)).unwrap_or_default();
        for needle in ["color = \"red\"", "tags = [\"x\", \"y\"]", "shelf = \"novels\"", "theme = \"x\""] {
            assert!(again.contains(needle), "{again}");
        }
        assert_eq!(parse(again.as_bytes()).bookmarks, file.bookmarks);
    }

    #[test]
    fn a_path_that_is_not_utf8_round_trips() {
        let (_, document) = sample();
        let Some(path) = tf::path_from_bytes(b"/books/nonutf8-\xff\xfe.md".to_vec()) else { return };
        let doc = DocId { path, fingerprint: Fingerprint::of(&document.text) };
        let mark = Bookmark::new(&doc, &document, 0, "");
        let file = BookmarksFile { bookmarks: vec![mark.clone()], ..Default::default() };
        let text = render(&file);
        let shown = String::from_utf8_lossy(&text);
        assert!(shown.contains("path = \"/books/nonutf8-\u{fffd}\u{fffd}.md\""), "{shown}");
        assert!(shown.contains("path_bytes = \"/books/nonutf8-%FF%FE.md\""), "{shown}");
        assert_eq!(parse(&text).bookmarks, vec![mark]);
        // The readable path edited by hand (the file was renamed) wins over stale bytes.
        let edited = shown.replace("nonutf8-\u{fffd}\u{fffd}.md", "renamed.md");
        assert_eq!(parse(edited.as_bytes()).bookmarks[0].doc.path, PathBuf::from("/books/renamed.md"));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Text with anything in it: quotes, backslashes, control characters, CJK.
        fn any_text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![any::<char>(), Just('"'), Just('\\'), Just('\n'), Just('\u{1b}'), Just('山')],
                0..12,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        fn any_bookmark() -> impl Strategy<Value = Bookmark> {
            let path = proptest::collection::vec(any::<u8>(), 1..12);
            (
                path,
                any::<u64>(),
                any::<u32>(),
                proptest::collection::vec(any_text(), 0..3),
                any_text(),
                any_text(),
                any::<bool>(),
            )
                .prop_map(|(path, hash, offset, heading, quote, label, moved)| {
                    let mut bytes = b"/".to_vec();
                    bytes.extend(path);
                    let path = tf::path_from_bytes(bytes).unwrap_or_else(|| PathBuf::from("/utf8-only"));
                    Bookmark {
                        id: new_id(),
                        doc: DocId { path, fingerprint: crate::store::Fingerprint { len: 1 << 20, hash } },
                        anchor: TextAnchor { offset: offset as usize, heading, before: String::new(), quote },
                        label,
                        created: jiff::Timestamp::from_second(1_775_000_000).unwrap_or_default(),
                        moved,
                        extra: String::new(),
                    }
                })
        }

        /// Whether `fast` and `toml` read the same file the same, but for the ids made for
        /// bookmarks that had none (or one seen before), which differ every time.
        fn same_but_new_ids(
            fast: &BookmarksFile,
            toml: &BookmarksFile,
            text: &[u8],
        ) -> Result<(), TestCaseError> {
            prop_assert_eq!(fast.bookmarks.len(), toml.bookmarks.len());
            let written = |id: &str| {
                text.windows(id.len() + 2).any(|w| w[1..=id.len()] == *id.as_bytes() && w[0] == b'"')
            };
            for (a, b) in fast.bookmarks.iter().zip(&toml.bookmarks) {
                if a.id != b.id {
                    prop_assert!(!written(&a.id) && !written(&b.id), "{} vs {}", a.id, b.id);
                }
                prop_assert_eq!(
                    Bookmark { id: String::new(), ..a.clone() },
                    Bookmark { id: String::new(), ..b.clone() }
                );
            }
            prop_assert_eq!(&fast.top_extra, &toml.top_extra);
            prop_assert_eq!(&fast.top_kept, &toml.top_kept);
            prop_assert_eq!(&fast.doc_extra, &toml.doc_extra);
            prop_assert_eq!(&fast.kept_lines, &toml.kept_lines);
            prop_assert_eq!(&fast.kept_blocks, &toml.kept_blocks);
            prop_assert_eq!(BookmarksFile::unread(fast), BookmarksFile::unread(toml));
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2048))]

            #[test]
            fn what_kan_writes_is_read_without_the_toml_crate(marks in proptest::collection::vec(any_bookmark(), 1..8)) {
                let file = BookmarksFile { bookmarks: marks, ..Default::default() };
                let text = render(&file);
                for (_, line) in tf::lines(&text) {
                    let trimmed = line.trim_ascii();
                    if trimmed.starts_with(b"{") {
                        let entry = trimmed.strip_suffix(b",").unwrap_or(trimmed);
                        prop_assert!(mark_as_written(entry).is_some(), "{}", String::from_utf8_lossy(line));
                    }
                }
                for (_, block) in tf::split_blocks(&text, "document").blocks {
                    let header = tf::lines(block).skip(1).take_while(|(_, l)| !is_array_open(l)).map(|(_, l)| l).collect::<Vec<_>>().concat();
                    prop_assert!(document_as_written(&header).is_some(), "{}", String::from_utf8_lossy(&header));
                }
            }

            #[test]
            fn the_fast_reader_reads_what_the_toml_crate_reads(
                marks in proptest::collection::vec(any_bookmark(), 0..8),
                edits in crate::store::toml_fast::edits::edits(),
            ) {
                let file = BookmarksFile { bookmarks: marks, ..Default::default() };
                let text = crate::store::toml_fast::edits::apply(&render(&file), &edits);
                let toml = crate::store::toml_fast::toml_only(|| BookmarksFile::parse(&text));
                match (BookmarksFile::parse(&text), toml) {
                    (Ok(fast), Ok(toml)) => same_but_new_ids(&fast, &toml, &text)?,
                    (Err(ParseError::NewerVersion(fast)), Err(ParseError::NewerVersion(toml))) => {
                        prop_assert_eq!(fast, toml)
                    }
                    (fast, toml) => prop_assert!(false, "{fast:?}\n{toml:?}"),
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn what_is_written_reads_back_the_same(marks in proptest::collection::vec(any_bookmark(), 0..8)) {
                let file = BookmarksFile { bookmarks: marks, ..Default::default() };
                let parsed = parse(&render(&file));
                prop_assert!(!parsed.has_more_than_bookmarks());
                let mut expected: Vec<Bookmark> = file.sorted().into_iter().cloned().collect();
                expected.sort_by(|a, b| a.id.cmp(&b.id));
                let mut got = parsed.bookmarks;
                got.sort_by(|a, b| a.id.cmp(&b.id));
                prop_assert_eq!(got, expected);
            }

            #[test]
            fn a_damaged_line_loses_no_other_bookmark_and_no_byte(
                marks in proptest::collection::vec(any_bookmark(), 2..6),
                pick in any::<proptest::sample::Index>(),
                damage in prop_oneof![
                    proptest::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 1..40),
                    Just(b"]".to_vec()),
                    Just(b"bookmarks = [".to_vec()),
                    Just(b"  { id = \"x\", offset = -1 },".to_vec()),
                ]
                // A new document header is a change of structure, not damage to one entry; a
                // blank line deletes the entry, and leaves nothing to keep.
                .prop_filter("not a header", |d| !String::from_utf8_lossy(d).replace(' ', "").starts_with("[["))
                .prop_filter("not blank", |d| !d.trim_ascii().is_empty()),
            ) {
                let file = BookmarksFile { bookmarks: marks, ..Default::default() };
                let text = render(&file);
                let lines: Vec<(usize, &[u8])> = tf::lines(&text).filter(|(_, l)| l.starts_with(b"  { id = ")).collect();
                let (start, line) = lines[pick.index(lines.len())];
                let mut damaged = text[..start].to_vec();
                damaged.extend_from_slice(&damage);
                damaged.push(b'\n');
                damaged.extend_from_slice(&text[start + line.len()..]);
                let lost_id = file.sorted()[pick.index(lines.len())].id.clone();
                let parsed = parse(&damaged);
                for mark in file.bookmarks.iter().filter(|b| b.id != lost_id) {
                    prop_assert!(parsed.bookmarks.iter().any(|b| b == mark), "{:?} lost", mark.id);
                }
                if parsed.bookmarks.len() < file.bookmarks.len() {
                    let again = render(&parsed);
                    prop_assert!(again.windows(damage.len()).any(|w| w == damage.as_slice()), "the damaged line is kept");
                }
            }
        }
    }
}
