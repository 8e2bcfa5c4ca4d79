//! Opening a big file progressively: the first part is read, decoded and parsed at once so the
//! reader can draw its first screen; after it the end's last paragraphs are read and parsed at
//! once, then a background thread reads the rest of the last part and the part around a saved
//! reading position; each is sent parsed on its own as a [`Msg::DocumentGrew`], so `G` and a
//! resumed position show at once. Then the thread reads and parses the whole file and sends it to
//! the reader as a [`Msg::DocumentComplete`]. Only those parts are read: the reader's
//! document is its parts one after another, and knows where each lies in the whole text
//! ([`crate::reader::loading::KnownPart`]); nothing is done for the text between, however long.
//!
//! The first part is the same text as the start of the whole (it is cut after a blank line and
//! read only when it is UTF-8 as it stands), so its offsets are the whole document's; a later
//! part's are translated when the whole arrives. Anything that could decode or parse otherwise (HTML, a book, a legacy or
//! UTF-16 encoding, one giant line) takes the ordinary path instead.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::decode;
use crate::document::epub;
use crate::document::html::{self, HtmlOptions};
use crate::document::plain::rules::level;
use crate::document::{Block, BlockKind, Content, Document, Format, RichText};
use crate::reader::Msg;
use crate::reader::loading::ReadPart;
use crate::source::{ReadOptions, Source, format_of};

/// Files up to this size are read whole before the first screen: at most twice the first part,
/// so about as fast as opening on the first part. (At 1 MiB, a 1 MB novel took longer to show its
/// first screen than a 100 MB one: parsing it whole costs ~5 ms.)
pub const THRESHOLD: u64 = 2 * FIRST_PART as u64;

/// How much of a big file the first screen is parsed from: about 20,000 CJK characters, a dozen
/// screens at 120 × 40, so that the first pages scroll and the first chapters are in the outline
/// at once. Parsing it is most of the first screen's own work (Markdown: 0.33 ms, against 0.66
/// for 128 KiB), and a key that needs more waits for the whole.
pub const FIRST_PART: usize = 64 << 10;

/// How much of a big file of `format` the first screen is parsed from: [`FIRST_PART`], but half
/// of it for Markdown, whose parse costs about twice as much a byte (pulldown-cmark, then the
/// inline text checked against the source): some ten screens at 120 × 40 either way. Plain text
/// keeps the whole of it, because finding a copied page's furniture looks at its first 64 KiB.
pub fn first_part_len(format: Format) -> usize {
    match format {
        Format::Markdown => FIRST_PART / 2,
        _ => FIRST_PART,
    }
}

/// How much of the end of a big file is parsed before the whole.
pub const LAST_PART: usize = 128 << 10;

/// How much of the last part is parsed and sent first, for `G`: twice a 120 × 40 screen of CJK
/// text (under 8 KiB), parsed in about half the time the last part takes (0.45 against 0.83 ms
/// for a novel). A bigger screen waits for the rest of the last part, sent next.
pub const TAIL: usize = 16 << 10;

/// How long after the first frame the whole file's reading waits when its end (and the saved
/// place) came on their own. Reading a big file whole, beside the reader, slowed a `G` pressed at
/// once: on the 10 MB novel a third of them took 2–9 ms instead of about 1.2 (the thread's
/// priority was not the cause; the pages it faults in are). Keys that need the whole wait as
/// long; the 50 MB novel's outline is still complete in about 120 ms.
pub const WHOLE_AFTER: std::time::Duration = std::time::Duration::from_millis(30);

/// How much text before and after a saved reading position is parsed to resume there.
const AROUND: (usize, usize) = (64 << 10, 192 << 10);

/// A big file's first part, parsed, and what the rest needs.
#[derive(Debug)]
pub struct FirstPart {
    pub doc: Document,
    /// The whole file's size in bytes.
    pub total_bytes: u64,
    /// The format the whole is to be parsed in.
    pub format: Format,
}

/// A big file's first part, read and decoded: all that can fail is done, the parse is left.
#[derive(Debug)]
pub struct FirstText {
    pub text: String,
    /// The whole file's size in bytes.
    pub total_bytes: u64,
    /// The format the first part and the whole are parsed in.
    pub format: Format,
}

impl FirstText {
    /// The first part parsed: the one step of opening a big file that cannot fail, and the
    /// longest (so the reader may do it on another thread while it sets up the terminal).
    pub fn parse(self) -> FirstPart {
        FirstPart {
            doc: Document::parse(self.text, self.format),
            total_bytes: self.total_bytes,
            format: self.format,
        }
    }
}

/// The first part of the file at `path` when it is big and can be opened progressively, else
/// `None` (the caller reads it whole, which also reports every error as it always has).
pub fn first_part(path: &Path, options: &ReadOptions, format: Option<Format>) -> Option<FirstPart> {
    first_text(path, options, format).map(FirstText::parse)
}

/// [`first_part`] but the parse.
pub fn first_text(path: &Path, options: &ReadOptions, format: Option<Format>) -> Option<FirstText> {
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let total_bytes = metadata.len();
    if total_bytes <= THRESHOLD || total_bytes > options.max_bytes {
        return None;
    }
    if options.encoding.is_some_and(|e| e != encoding_rs::UTF_8) {
        return None;
    }
    let format = match format.unwrap_or_else(|| format_of(path).unwrap_or(Format::Text)) {
        Format::Html(_) => return None,
        f => f,
    };
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("epub")) {
        return None;
    }
    let len = first_part_len(format);
    let mut head = Vec::with_capacity(len);
    std::fs::File::open(path).ok()?.take(len as u64).read_to_end(&mut head).ok()?;
    // What the whole file's reading would sniff from its head.
    if epub::looks_like_epub(&head) || (format == Format::Text && html::looks_like_html(&head)) {
        return None;
    }
    let text = first_text_of(head, format, options.encoding)?;
    Some(FirstText { text, total_bytes, format })
}

/// The document of a file's first bytes `head` (see [`first_text_of`]).
pub fn first_part_of(
    head: Vec<u8>,
    format: Format,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Option<Document> {
    first_text_of(head, format, forced).map(|text| Document::parse(text, format))
}

/// The text of a file's first bytes `head`, cut after its last blank line, when they are UTF-8
/// (with or without a BOM) as they stand. Plain text with no line break at all (a file in one
/// giant line) is cut after its last whole character: layout cuts a giant paragraph into
/// segments at places that depend only on the text around them, so the part's screens are the
/// whole's up to its last segment.
pub fn first_text_of(
    mut head: Vec<u8>,
    format: Format,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Option<String> {
    let one_line = || {
        (format == Format::Text && memchr::memchr(b'\r', &head).is_none()).then(|| whole_characters(&head))
    };
    let cut = cut_at_paragraph_end(&head).or_else(one_line).filter(|&cut| cut > 0)?;
    head.truncate(cut);
    simdutf8::basic::from_utf8(&head).ok()?;
    let decoded = decode::decode(head, forced).ok()?;
    if decoded.encoding != encoding_rs::UTF_8 {
        return None;
    }
    Some(decoded.text)
}

/// Where a part ends: after the last blank line of `bytes` (a paragraph boundary, also for CRLF
/// text) if one lies in its second half; else (a novel whose paragraphs are indented lines with
/// no blank line between) after its last line break. `None` when it has no line break at all.
pub fn cut_at_paragraph_end(bytes: &[u8]) -> Option<usize> {
    // Line breaks from the end (a reverse substring search read every byte of a part without
    // one, ~0.7M instructions for 128 KiB): the first that ends a blank line is the cut.
    let mut last_break = None;
    for at in memchr::memrchr_iter(b'\n', bytes) {
        let cut = at + 1;
        last_break.get_or_insert(cut);
        if cut < bytes.len() / 2 {
            break;
        }
        let before = &bytes[..at];
        if before.ends_with(b"\n") || before.ends_with(b"\n\r") {
            return Some(cut);
        }
    }
    last_break
}

/// Where a part taken from inside the text starts: after its first blank line if one lies in its
/// first half, else after its first line break.
fn start_at_paragraph(bytes: &[u8]) -> Option<usize> {
    let blank = memchr::memmem::find(bytes, b"\n\n").map(|i| i + 2).filter(|&at| at <= bytes.len() / 2);
    blank.or_else(|| memchr::memchr(b'\n', bytes).map(|i| i + 1))
}

/// The later parts of a big file (its end, and the text around a saved position), read and cut
/// but not yet parsed: see [`later_parts`].
#[derive(Debug)]
pub struct LaterParts {
    /// The first part's text length: the parts go with the first part cut there.
    pub first_len: usize,
    /// The whole text's length.
    pub whole_len: usize,
    /// The saved position (an offset in the whole text), when it was asked for and the file still
    /// has the length it had.
    pub resume: Option<usize>,
    /// Each part's offset in the whole text and its text, in the order of the text.
    pub texts: Vec<(usize, String)>,
}

/// The last part and (for `saved`, a reading position saved as a text offset and the text length
/// then) the part around it, each cut at blank lines; the last [`TAIL`] bytes of the end (from a
/// paragraph's start) are a part of their own. Only these are read: the text between is
/// never touched. `None` when the file can't be cut so (a line break other than LF, parts that are
/// not UTF-8, one giant line): then only the whole will do.
pub fn later_parts(path: &Path, format: Format, saved: Option<(usize, u64)>) -> Option<LaterParts> {
    let mut file = std::fs::File::open(path).ok()?;
    let total = usize::try_from(file.metadata().ok()?.len()).ok()?;
    // Cut where the first part was.
    let len = first_part_len(format);
    let mut head = Vec::with_capacity(len);
    (&mut file).take(len as u64).read_to_end(&mut head).ok()?;
    let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let cut = cut_at_paragraph_end(&head)?;
    head.truncate(cut);
    // CRLF would become LF in the whole text and move every offset after it.
    if memchr::memchr(b'\r', &head).is_some() || simdutf8::basic::from_utf8(&head).is_err() {
        return None;
    }
    let whole_len = total - bom;
    let resume = saved.filter(|&(offset, len)| len == whole_len as u64 && offset < whole_len).map(|(o, _)| o);
    // File byte ranges, in order, each starting where the one before ends at the earliest.
    let mut windows: Vec<Range<usize>> = Vec::new();
    if let Some(offset) = resume {
        let at = offset + bom;
        windows.push(at.saturating_sub(AROUND.0)..(at + AROUND.1).min(total));
    }
    windows.push(total.saturating_sub(LAST_PART)..total);
    let mut texts = Vec::new();
    let mut end = cut;
    for window in windows {
        let start = window.start.max(end);
        if start >= window.end {
            continue;
        }
        let mut bytes = vec![0; window.end - start];
        file.seek(SeekFrom::Start(start as u64)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        // A part starts after a blank line (unless it goes on from the one before) and ends at
        // one (unless it ends the file).
        let from = if start == end { 0 } else { start_at_paragraph(&bytes)? };
        let to = if window.end == total { bytes.len() } else { cut_at_paragraph_end(&bytes)? };
        if from >= to {
            continue;
        }
        bytes.truncate(to);
        bytes.drain(..from);
        if memchr::memchr(b'\r', &bytes).is_some() {
            return None;
        }
        let text = simdutf8::basic::from_utf8(&bytes).ok()?.to_owned();
        end = start + to;
        texts.push((start + from - bom, text));
    }
    // The end's last paragraphs first, on their own.
    if let Some((whole, text)) = texts.pop() {
        let from = text.len().saturating_sub(TAIL);
        let tail = text.as_bytes().get(from..).and_then(start_at_paragraph).map(|at| from + at);
        match tail.filter(|&at| at > 0 && at < text.len()) {
            Some(at) => {
                texts.push((whole, text[..at].to_owned()));
                texts.push((whole + at, text[at..].to_owned()));
            }
            None => texts.push((whole, text)),
        }
    }
    Some(LaterParts { first_len: cut - bom, whole_len, resume, texts })
}

/// A later part's text, parsed on its own. Only the first part has the document's title: a later
/// part's is a line of text.
pub fn parse_part(whole: usize, text: String, format: Format) -> ReadPart {
    let mut doc = Document::parse(text, format);
    doc.title = None;
    if format == Format::Text {
        for block in &mut doc.blocks {
            if let BlockKind::Heading { level: level::TITLE, content } = &block.kind {
                block.kind = BlockKind::Paragraph(content.clone());
            }
        }
    }
    // The reader builds the outline of all the parts it holds.
    ReadPart { whole, doc }
}

impl LaterParts {
    /// The messages that bring these parts to the reader: the end's last paragraphs first (what
    /// `G` needs), then the rest, with the saved position; each part is parsed when its message
    /// is asked for.
    pub fn messages(self, format: Format, path: PathBuf) -> impl Iterator<Item = Msg> {
        let LaterParts { first_len, whole_len, resume, mut texts } = self;
        let last = texts.pop();
        let sends = [last.map(|t| vec![t]), Some(texts).filter(|t| !t.is_empty())];
        let count = sends.iter().flatten().count();
        sends.into_iter().flatten().enumerate().map(move |(i, texts)| Msg::DocumentGrew {
            parts: texts.into_iter().map(|(whole, text)| parse_part(whole, text, format)).collect(),
            first_len,
            whole_len,
            resume: resume.filter(|_| i + 1 == count),
            path: path.clone(),
        })
    }
}

/// Moves a block parsed on its own (in `part_text`) to `by` bytes further into the text.
pub fn shift(block: &mut Block, by: usize, part_text: &str) {
    block.offset += by;
    block.end += by;
    match &mut block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
            shift_content(content, by, part_text)
        }
        BlockKind::List(list) => {
            for item in &mut list.items {
                item.offset += by;
                item.blocks.iter_mut().for_each(|b| shift(b, by, part_text));
            }
        }
        BlockKind::Quote(blocks) => blocks.iter_mut().for_each(|b| shift(b, by, part_text)),
        BlockKind::Code(code) => code.source += by,
        BlockKind::Table(table) => {
            table.header.iter_mut().chain(table.rows.iter_mut().flatten()).for_each(|r| shift_rich(r, by))
        }
        BlockKind::Rule | BlockKind::Image { .. } => {}
    }
}

fn shift_content(content: &mut Content, by: usize, part_text: &str) {
    match content {
        Content::Source(range) => *range = range.start + by..range.end + by,
        Content::Rich(rich) => shift_rich(rich, by),
        Content::Spans(spans) => {
            let shifted: Option<Vec<u32>> =
                spans.spans.iter().map(|span| u32::try_from(span.source as usize + by).ok()).collect();
            match shifted {
                Some(sources) => spans.spans.iter_mut().zip(sources).for_each(|(span, s)| span.source = s),
                // Past 4 GiB spans can't say where they are: keep the text itself instead.
                None => {
                    let mut rich = spans.rich(part_text);
                    shift_rich(&mut rich, by);
                    *content = Content::Rich(Box::new(rich));
                }
            }
        }
    }
}

fn shift_rich(rich: &mut RichText, by: usize) {
    rich.spans.iter_mut().for_each(|span| span.source += by);
}

/// What a big file opened on its first part needs read next: the end's last paragraphs at once,
/// on the caller's thread (the reader's, right after its first frame: a fraction of a
/// millisecond, and `G` then needs no other thread to be scheduled), sent as a
/// [`Msg::DocumentGrew`]; then, on one new thread, the rest of the later parts (see
/// [`later_parts`]), and only then the whole, sent as [`Msg::DocumentComplete`] (or
/// [`Msg::RestFailed`] with the reason), so that `G` and a resumed position never share the CPU
/// with it.
pub fn read_rest(
    path: PathBuf,
    options: ReadOptions,
    (format, html): (Format, HtmlOptions),
    saved: Option<(usize, u64)>,
    tx: Sender<Msg>,
) -> std::thread::JoinHandle<()> {
    let mut messages = later_parts(&path, format, saved).map(|parts| parts.messages(format, path.clone()));
    if let Some(tail) = messages.as_mut().and_then(Iterator::next) {
        let _ = tx.send(tail);
    }
    std::thread::Builder::new()
        .name("kan-read-rest".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            let parts_sent = messages.is_some();
            for msg in messages.into_iter().flatten() {
                if tx.send(msg).is_err() {
                    // The reader has quit.
                    return;
                }
            }
            if parts_sent {
                std::thread::sleep(WHOLE_AFTER.saturating_sub(started.elapsed()));
            }
            let msg = match whole(&path, &options, format, html) {
                Ok(doc) => Msg::DocumentComplete { doc: Box::new(doc), path },
                Err(reason) => Msg::RestFailed { reason, path },
            };
            // The reader may have quit meanwhile: then nobody listens, and that is fine.
            let _ = tx.send(msg);
        })
        .expect("spawn the reading thread")
}

/// The whole file, read and parsed as the ordinary path reads it.
pub fn whole(
    path: &Path,
    options: &ReadOptions,
    format: Format,
    html: HtmlOptions,
) -> Result<Document, String> {
    if let Some(text) = read_utf8(path, options.max_bytes) {
        return Ok(Document::parse(text, format));
    }
    let mut source = Source::from_path(path, options).map_err(|e| e.reason)?;
    source.html = html;
    source.into_document(options.encoding, Some(format)).map_err(|e| e.reason)
}

/// How much [`read_utf8`] reads at a time.
const CHUNK: usize = 1 << 20;

/// A UTF-8 file's text (without its BOM), read a chunk at a time and validated as it comes, so
/// that the file is held once, as the text; `None` when it is not UTF-8 as it stands (a
/// legacy encoding, damage, CRLF line breaks) or over `max` bytes: then the ordinary reading
/// decides. It gives the text [`decode::decode`] gives such a file, several times faster than
/// reading it whole and validating it with the standard library.
pub fn read_utf8(path: &Path, max: u64) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    if size > max {
        return None;
    }
    let mut text = String::with_capacity(usize::try_from(size).ok()?);
    let mut buf = vec![0; CHUNK + 4];
    // The bytes of a character cut by the end of the last chunk, moved to the front.
    let mut carry = 0;
    let mut first = true;
    loop {
        let n = file.read(&mut buf[carry..carry + CHUNK]).ok()?;
        if n == 0 {
            break;
        }
        let filled = carry + n;
        let start =
            if std::mem::take(&mut first) && buf[..filled].starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let end = start + whole_characters(&buf[start..filled]);
        let chunk = simdutf8::basic::from_utf8(&buf[start..end]).ok()?;
        if memchr::memchr(b'\r', chunk.as_bytes()).is_some() {
            return None;
        }
        text.push_str(chunk);
        buf.copy_within(end..filled, 0);
        carry = filled - end;
    }
    (carry == 0).then_some(text)
}

/// The length of `bytes` without a UTF-8 character cut off at its end.
fn whole_characters(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let byte = bytes[n - back];
        if byte & 0xC0 != 0x80 {
            let len = match byte {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            return if back < len { n - back } else { n };
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn a_part_is_cut_after_its_last_blank_line_in_its_second_half(
            bytes in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), Just(b'a')], 0..60)
        ) {
            // The rule as substring searches.
            let lf = memchr::memmem::rfind(&bytes, b"\n\n").map(|i| i + 2);
            let crlf = memchr::memmem::rfind(&bytes, b"\n\r\n").map(|i| i + 3);
            let expected = lf
                .max(crlf)
                .filter(|&cut| cut >= bytes.len() / 2)
                .or_else(|| memchr::memrchr(b'\n', &bytes).map(|i| i + 1));
            prop_assert_eq!(cut_at_paragraph_end(&bytes), expected);
        }
    }

    #[test]
    fn utf8_is_read_in_chunks_as_decode_reads_it_whole() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("t.txt");
        // Characters of 1 to 4 bytes across every chunk boundary, after a BOM.
        let text: String = "a中é😀".repeat(CHUNK / 3);
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        assert_eq!(read_utf8(&path, u64::MAX).as_deref(), Some(text.as_str()));
        assert_eq!(read_utf8(&path, 10), None);
        std::fs::write(&path, format!("{text}\r\n")).unwrap();
        assert_eq!(read_utf8(&path, u64::MAX), None);
        let mut damaged = text.into_bytes();
        damaged[CHUNK + 1] = 0xFF;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(read_utf8(&path, u64::MAX), None);
        assert_eq!(whole_characters("中".as_bytes()), 3);
        assert_eq!(whole_characters(&"中".as_bytes()[..2]), 0);
        assert_eq!(whole_characters(&"a😀".as_bytes()[..4]), 1);
    }

    #[test]
    fn parts_end_and_start_at_paragraphs() {
        assert_eq!(cut_at_paragraph_end(b"a\n\nb\n\nc"), Some(6));
        assert_eq!(cut_at_paragraph_end(b"a\r\n\r\nb"), Some(5));
        assert_eq!(cut_at_paragraph_end(b"one long line"), None);
        // No blank line, or only one early on: after the last line break.
        assert_eq!(cut_at_paragraph_end(b"a\nb\nc"), Some(4));
        assert_eq!(cut_at_paragraph_end(b"t\n\nline\nline\nline"), Some(13));
        assert_eq!(start_at_paragraph(b"ab\n\ncd\n\nef"), Some(4));
        assert_eq!(start_at_paragraph(b"ab\ncd\nef\n\ng"), Some(3));
        assert_eq!(start_at_paragraph(b"abc"), None);
    }

    #[test]
    fn later_parts_are_the_file_s_text_at_their_offsets_the_tail_on_its_own() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("t.txt");
        let text: String = (0..40_000).map(|i| format!("第{i}段，风起云涌。\n\n")).collect();
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        let deep = text.len() / 2;
        let parts = later_parts(&path, Format::Text, Some((deep, text.len() as u64))).expect("parts");
        assert_eq!((parts.whole_len, parts.resume), (text.len(), Some(deep)));
        assert_eq!(parts.first_len, cut_at_paragraph_end(&text.as_bytes()[..FIRST_PART - 3]).unwrap());
        assert_eq!(parts.texts.len(), 3, "the saved part, the end and its tail");
        for (whole, part) in &parts.texts {
            assert_eq!(&text[*whole..whole + part.len()], part);
            assert!(text[..*whole].ends_with("\n\n"), "{whole}");
        }
        let (at, tail) = parts.texts.last().unwrap();
        assert!(at + tail.len() == text.len() && tail.len() <= TAIL);
        let (end, rest) = &parts.texts[1];
        assert_eq!(end + rest.len(), *at);
        // Sent as two messages: the tail, then the rest with the saved position.
        let sent: Vec<(usize, Option<usize>)> = parts
            .messages(Format::Text, path.clone())
            .map(|msg| match msg {
                Msg::DocumentGrew { parts, resume, .. } => (parts.len(), resume),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(sent, vec![(1, None), (2, Some(deep))]);
    }
}
