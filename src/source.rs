//! Where a document comes from: a path, a directory, stdin or the embedded welcome article.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::decode;
use crate::document::epub;
use crate::document::html::{self, HtmlOptions};
use crate::document::{Document, Format};

/// The bundled welcome article, shown when kan is started with no argument.
pub const WELCOME: &str = include_str!("../assets/welcome.md");

/// Where a document's bytes came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Path(PathBuf),
    Stdin,
    Welcome,
}

/// A document's raw bytes and origin.
#[derive(Debug)]
pub struct Source {
    pub bytes: Vec<u8>,
    pub origin: Origin,
    /// How HTML pages are read, when this source turns out to be one.
    pub html: HtmlOptions,
}

/// A source that could not be read: `kan: PATH: reason`.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct SourceError {
    pub path: String,
    pub reason: String,
}

impl SourceError {
    pub fn new(path: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
        SourceError { path: path.to_string(), reason: reason.to_string() }
    }
}

/// The most a document may take by default: 1 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// The setting that raises the limit, as the message about it names it.
const MAX_SIZE_SETTING: &str = "[behaviour] max_file_size_mib";

/// How a source is read: how much it may take, and the encoding the user forced (which decides
/// what counts as binary; see [`decode::check_head`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    pub max_bytes: u64,
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: DEFAULT_MAX_BYTES, encoding: None }
    }
}

impl Source {
    pub fn welcome() -> Source {
        Source { bytes: WELCOME.as_bytes().to_vec(), origin: Origin::Welcome, html: HtmlOptions::default() }
    }

    /// Reads a file, or the article a directory holds.
    pub fn from_path(path: &Path, options: &ReadOptions) -> Result<Source, SourceError> {
        if path.is_dir() {
            // The reader opens a folder as a library (main.rs); as one document it is nothing.
            return Err(SourceError::new(path.display(), "a folder: kan FOLDER lists its documents to read"));
        }
        let file = path.to_path_buf();
        let fail = |e: std::io::Error| SourceError::new(file.display(), io_reason(&e));
        let opened = std::fs::File::open(&file).map_err(fail)?;
        // Only a regular file's length means anything: /dev/zero and pipes say 0.
        let size = opened.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        let bytes = read_capped(opened, size, options).map_err(|e| e.at(file.display()))?;
        Ok(Source { bytes, origin: Origin::Path(file), html: HtmlOptions::default() })
    }

    pub fn from_reader(reader: impl Read, options: &ReadOptions) -> Result<Source, SourceError> {
        let bytes = read_capped(reader, None, options).map_err(|e| e.at("-"))?;
        Ok(Source { bytes, origin: Origin::Stdin, html: HtmlOptions::default() })
    }

    /// Decodes and parses the source. `format` overrides the guess from the name or content.
    pub fn into_document(
        self,
        forced: Option<&'static encoding_rs::Encoding>,
        format: Option<Format>,
    ) -> Result<Document, SourceError> {
        let name = self.name();
        let epub_named = matches!(&self.origin, Origin::Path(p) if has_extension(p, "epub"));
        if format.is_none() && (epub_named || epub::looks_like_epub(&self.bytes)) {
            return epub::parse(self.bytes, self.html).map_err(|reason| SourceError::new(&name, reason));
        }
        let named = match &self.origin {
            Origin::Path(p) => Some(format_of(p).unwrap_or(Format::Text)),
            Origin::Stdin => None,
            Origin::Welcome => Some(Format::Markdown),
        };
        let format = format.or_else(|| match named {
            Some(Format::Text) | None if html::looks_like_html(&self.bytes) => Some(Format::Html(self.html)),
            Some(Format::Html(_)) => Some(Format::Html(self.html)),
            named => named,
        });
        if let Some(Format::Html(options)) = format {
            let text = html::decode(self.bytes, None, forced).map_err(|e| SourceError::new(&name, e))?.text;
            return Ok(html::parse(&text, options));
        }
        let text = decode::decode(self.bytes, forced).map_err(|e| SourceError::new(&name, e))?.text;
        let format = format.unwrap_or_else(|| sniff_format(&text));
        Ok(Document::parse(text, format))
    }

    /// The file name alone, for the status bar.
    pub fn short_name(&self) -> String {
        match &self.origin {
            Origin::Path(p) => {
                p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
            _ => self.name(),
        }
    }

    /// A short name for the status bar and error messages.
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Path(p) => p.display().to_string(),
            Origin::Stdin => "-".to_string(),
            Origin::Welcome => "welcome".to_string(),
        }
    }
}

/// A fetched page in the form its cached copy keeps: bytes and the file extension that reads
/// them back as the `Content-Type` said. Text is kept as UTF-8 with a BOM, so the header's
/// charset is not lost with the header.
pub fn cached_form(fetched: &crate::web::Fetched) -> Result<(Vec<u8>, &'static str), String> {
    let content_type = fetched.content_type.as_deref().unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let bytes = &fetched.bytes;
    let extension = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => "html",
        "text/markdown" | "text/x-markdown" => "md",
        "application/epub+zip" => return Ok((bytes.clone(), "epub")),
        _ if epub::looks_like_epub(bytes) => return Ok((bytes.clone(), "epub")),
        _ if html::looks_like_html(bytes) => "html",
        "text/plain" => "txt",
        _ if mime.starts_with("text/") || mime.is_empty() => "txt",
        _ => return Err(format!("not a page kan reads ({mime})")),
    };
    let header = Some(content_type).filter(|c| !c.is_empty());
    let decoded = if extension == "html" {
        html::decode(bytes.clone(), header, None)
    } else {
        let declared = header.and_then(html::charset_param);
        decode::decode(bytes.clone(), declared)
    };
    let text = decoded.map_err(|e| e.to_string())?.text;
    let mut kept = "\u{feff}".as_bytes().to_vec();
    kept.extend_from_slice(text.as_bytes());
    Ok((kept, extension))
}

/// The reason part of an I/O error, without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// Why reading stopped, before it is known which path to blame.
enum ReadError {
    Io(std::io::Error),
    Decode(decode::DecodeError),
    TooLarge(u64),
}

impl ReadError {
    fn at(self, path: impl std::fmt::Display) -> SourceError {
        match self {
            ReadError::Io(e) => SourceError::new(path, io_reason(&e)),
            ReadError::Decode(e) => SourceError::new(path, e),
            ReadError::TooLarge(max) => SourceError::new(
                path,
                format!("larger than {} (set {MAX_SIZE_SETTING} to read more)", size_text(max)),
            ),
        }
    }
}

/// Reads at most `options.max_bytes`, and refuses binary from the first
/// [`decode::BINARY_PROBE`] bytes before reading on, so that an endless source (`/dev/zero`,
/// `yes |`) costs at most the limit. `size` is a regular file's length, known beforehand.
fn read_capped(
    mut reader: impl Read,
    size: Option<u64>,
    options: &ReadOptions,
) -> Result<Vec<u8>, ReadError> {
    let max = options.max_bytes;
    if size.is_some_and(|size| size > max) {
        return Err(ReadError::TooLarge(max));
    }
    let capacity = size.map_or(decode::BINARY_PROBE as u64, |size| size + 1).min(max.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let head = (decode::BINARY_PROBE as u64).min(max.saturating_add(1));
    (&mut reader).take(head).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    // A book is a zip archive: binary by design.
    if !epub::looks_like_epub(&bytes) {
        decode::check_head(&bytes[..bytes.len().min(decode::BINARY_PROBE)], options.encoding)
            .map_err(ReadError::Decode)?;
    }
    let rest = max.saturating_add(1).saturating_sub(bytes.len() as u64);
    reader.take(rest).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

/// A size as people write it: `1 GiB`, `512 MiB`, `1000 bytes`.
fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b => format!("{b} bytes"),
    }
}

/// The format a file name implies: `.md`/`.markdown` → Markdown, `.html`/`.htm`/`.xhtml` →
/// HTML, `.txt` or no extension → text.
pub fn format_of(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => Some(Format::Markdown),
        Some("html" | "htm" | "xhtml") => Some(Format::Html(HtmlOptions::default())),
        Some("txt" | "text") | None => Some(Format::Text),
        _ => None,
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Guesses the format of unnamed text (stdin): Markdown if it has Markdown block syntax.
pub fn sniff_format(text: &str) -> Format {
    let head: String = text.chars().take(64 * 1024).collect();
    if head.starts_with("---\n") {
        return Format::Markdown;
    }
    let markdown_lines = head
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            (l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
                || l.starts_with("```")
                || l.starts_with("- ")
                || l.starts_with("* ")
                || l.starts_with("> ")
                || (l.starts_with('|') && l.ends_with('|'))
        })
        .count();
    if markdown_lines >= 2 || head.lines().next().is_some_and(|l| l.starts_with("# ")) {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_limit_and_refuses_binary_from_the_head() {
        let options = ReadOptions { max_bytes: 10_000, encoding: None };
        let text = vec![b'y'; 10_000];
        assert_eq!(read_capped(&text[..], None, &options).ok(), Some(text.clone()));
        let endless = std::io::repeat(b'y');
        let error = read_capped(endless, None, &options).err().map(|e| e.at("-").to_string());
        assert_eq!(
            error.as_deref(),
            Some("-: larger than 10000 bytes (set [behaviour] max_file_size_mib to read more)")
        );
        // A regular file's length is trusted: nothing is read.
        let error =
            read_capped(std::io::empty(), Some(10_001), &options).err().map(|e| e.at("f").to_string());
        assert_eq!(
            error.as_deref(),
            Some("f: larger than 10000 bytes (set [behaviour] max_file_size_mib to read more)")
        );
        // Endless NULs are refused after the head, whatever the limit.
        let huge = ReadOptions { max_bytes: u64::MAX, encoding: None };
        let error = read_capped(std::io::repeat(0), None, &huge).err().map(|e| e.at("z").to_string());
        assert_eq!(error.as_deref(), Some("z: binary file"));
        let forced = ReadOptions { encoding: Some(encoding_rs::UTF_8), ..huge };
        let error = read_capped(std::io::repeat(0), None, &forced).err().map(|e| e.at("z").to_string());
        assert_eq!(error.as_deref(), Some("z: binary file"));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(DEFAULT_MAX_BYTES), "1 GiB");
        assert_eq!(size_text(3 << 30), "3 GiB");
        assert_eq!(size_text(1536 << 20), "1536 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }

    #[test]
    fn formats_follow_extensions_and_sniffing() {
        assert_eq!(format_of(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("a.TXT")), Some(Format::Text));
        assert_eq!(format_of(Path::new("novel")), Some(Format::Text));
        assert_eq!(format_of(Path::new("x.png")), None);
        assert_eq!(sniff_format("# Title\n\ntext"), Format::Markdown);
        assert_eq!(sniff_format("第一章 开始\n\n　　正文。"), Format::Text);
    }
}
