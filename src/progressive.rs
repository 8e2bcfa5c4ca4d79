//! Opening a big file progressively: the first part is read, decoded and parsed at once so the
//! reader can draw its first screen, while a background thread reads and parses the whole file
//! and sends it to the reader as a [`Msg::DocumentComplete`].
//!
//! The first part is the same text as the start of the whole (it is cut after a blank line and
//! read only when it is UTF-8 as it stands), so its offsets are the whole document's: the swap
//! keeps every anchor. Anything that could decode or parse otherwise (HTML, a book, a legacy or
//! UTF-16 encoding, one giant line) takes the ordinary path instead.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::decode;
use crate::document::epub;
use crate::document::html::{self, HtmlOptions};
use crate::document::{Document, Format};
use crate::reader::Msg;
use crate::source::{ReadOptions, Source, format_of};

/// Files up to this size are read whole before the first screen: it takes a few milliseconds.
pub const THRESHOLD: u64 = 1 << 20;

/// How much of a big file the first screen is parsed from: far more than a screen, so that the
/// first pages scroll and the first chapters are in the outline at once.
pub const FIRST_PART: usize = 256 << 10;

/// A big file's first part, parsed, and what the rest needs.
#[derive(Debug)]
pub struct FirstPart {
    pub doc: Document,
    /// The whole file's size in bytes.
    pub total_bytes: u64,
    /// The format the whole is to be parsed in.
    pub format: Format,
}

/// The first part of the file at `path` when it is big and can be opened progressively, else
/// `None` (the caller reads it whole, which also reports every error as it always has).
pub fn first_part(path: &Path, options: &ReadOptions, format: Option<Format>) -> Option<FirstPart> {
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
    let mut head = Vec::with_capacity(FIRST_PART);
    std::fs::File::open(path).ok()?.take(FIRST_PART as u64).read_to_end(&mut head).ok()?;
    // What the whole file's reading would sniff from its head.
    if epub::looks_like_epub(&head) || (format == Format::Text && html::looks_like_html(&head)) {
        return None;
    }
    let cut = cut_after_blank_line(&head)?;
    head.truncate(cut);
    std::str::from_utf8(&head).ok()?;
    let decoded = decode::decode(head, options.encoding).ok()?;
    if decoded.encoding != encoding_rs::UTF_8 {
        return None;
    }
    Some(FirstPart { doc: Document::parse(decoded.text, format), total_bytes, format })
}

/// Where the first part ends: after the last blank line of `head` (a paragraph boundary, also
/// for CRLF text), or `None` when it has none.
pub fn cut_after_blank_line(head: &[u8]) -> Option<usize> {
    let lf = memchr::memmem::rfind(head, b"\n\n").map(|i| i + 2);
    let crlf = memchr::memmem::rfind(head, b"\n\r\n").map(|i| i + 3);
    lf.max(crlf)
}

/// Reads and parses the whole file on a new thread, and sends it through `tx`: as
/// [`Msg::DocumentComplete`], or [`Msg::RestFailed`] with the reason.
pub fn read_rest(
    path: PathBuf,
    options: ReadOptions,
    format: Format,
    html: HtmlOptions,
    tx: Sender<Msg>,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("kan-read-rest".into())
        .spawn(move || {
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
    let mut source = Source::from_path(path, options).map_err(|e| e.reason)?;
    source.html = html;
    source.into_document(options.encoding, Some(format)).map_err(|e| e.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_part_ends_after_a_blank_line() {
        assert_eq!(cut_after_blank_line(b"a\n\nb\n\nc"), Some(6));
        assert_eq!(cut_after_blank_line(b"a\r\n\r\nb"), Some(5));
        assert_eq!(cut_after_blank_line(b"one long line"), None);
        assert_eq!(cut_after_blank_line(b"a\nb\n"), None);
    }
}
