//! What `bookmarks.toml` and `positions.toml` share: reading them entry by entry (a bad entry is
//! kept as it was written, never dropped), the version line, paths kept losslessly, fingerprints,
//! times, fields kan doesn't know, and one fast escaper for writing strings.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::Fingerprint;
use super::atomic::ParseError;

/// Something in the file kan could not read: kept byte for byte and written back where it was
/// found, and reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The 1-based line where it starts.
    pub line: usize,
    /// The text as it was, with its line end.
    pub raw: Vec<u8>,
    /// Why it could not be read; empty for a comment, which is kept without a word.
    pub reason: String,
}

impl Kept {
    fn is_problem(&self) -> bool {
        !self.reason.is_empty()
    }
}

/// The report for what was kept unread, `None` if everything was read.
pub fn kept_summary<'a>(kept: impl IntoIterator<Item = &'a Kept>) -> Option<String> {
    let problems: Vec<&Kept> = kept.into_iter().filter(|k| k.is_problem()).collect();
    let first = problems.first()?;
    let count = match problems.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    Some(format!(
        "{count} could not be read (line {}: {}); kept in the file as written",
        first.line, first.reason
    ))
}

/// A file cut at its table headers: what comes before the first one, then each header's block
/// with the line it starts on.
pub struct Blocks<'a> {
    pub preamble: &'a [u8],
    pub blocks: Vec<(usize, &'a [u8])>,
}

/// Cuts `bytes` before every line that is the array-of-tables header `[[name]]`.
pub fn split_blocks<'a>(bytes: &'a [u8], name: &str) -> Blocks<'a> {
    let mut starts = Vec::new();
    // Only a line with a `[` can be a header: those are found by searching for it, not by looking
    // at every line, and lines are counted only up to a header.
    let (mut at, mut line, mut counted) = (0, 1, 0);
    while let Some(found) = memchr::memchr(b'[', &bytes[at..]) {
        let bracket = at + found;
        // A short way back, as a rule: not worth memrchr's start.
        let start = bytes[..bracket].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[bracket..]).map_or(bytes.len(), |i| bracket + i + 1);
        if is_header(&bytes[start..end], name) {
            line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
            counted = start;
            starts.push((line, start));
        }
        at = end;
    }
    let preamble_end = starts.first().map_or(bytes.len(), |&(_, start)| start);
    let blocks = starts
        .iter()
        .enumerate()
        .map(|(i, &(line, start))| {
            let end = starts.get(i + 1).map_or(bytes.len(), |&(_, next)| next);
            (line, &bytes[start..end])
        })
        .collect();
    Blocks { preamble: &bytes[..preamble_end], blocks }
}

/// The lines of `bytes` with their starting offsets, each with its line end.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = (start, &bytes[start..end]);
        start = end;
        Some(line)
    })
}

/// `[[name]]`, with any spaces TOML allows inside and a comment after.
fn is_header(line: &[u8], name: &str) -> bool {
    // Most lines are `key = value`: told apart by their first byte, without the text built below
    // (a char at a time, which was a quarter of reading a long history). A first byte that is not
    // ASCII may start Unicode whitespace, which the test below skips.
    match line.iter().find(|&&b| !(b.is_ascii() && char::from(b).is_whitespace())) {
        // As kan writes it.
        Some(b'[') if line.strip_suffix(b"\n").is_some_and(|l| is_plain_header(l, name)) => return true,
        Some(b'[') => {}
        None => return false,
        Some(&b) if b.is_ascii() => return false,
        Some(_) => {}
    }
    let Ok(line) = std::str::from_utf8(line) else { return false };
    let code = line.split('#').next().unwrap_or("");
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() == name.len() + 4
        && compact.starts_with("[[")
        && compact.ends_with("]]")
        && &compact[2..compact.len() - 2] == name
}

/// Whether `line` is `[[name]]` exactly.
fn is_plain_header(line: &[u8], name: &str) -> bool {
    line.len() == name.len() + 4
        && line.starts_with(b"[[")
        && line.ends_with(b"]]")
        && &line[2..line.len() - 2] == name.as_bytes()
}

/// Whether a line holds nothing to read: blank, or a comment.
pub fn is_blank_or_comment(line: &[u8]) -> bool {
    let trimmed = line.trim_ascii();
    trimmed.is_empty() || trimmed.starts_with(b"#")
}

/// The top of a file, before the first entry: its version and any fields kan doesn't know.
#[derive(Debug, Default)]
pub struct Preamble {
    pub version: u32,
    /// `key = value` lines kan doesn't know, written back after the version.
    pub extra: String,
    pub kept: Vec<Kept>,
}

/// Reads the top of a file written for `supported` or an older version. A newer version is an
/// error (the file is left alone); a line that can't be read is kept.
pub fn parse_preamble(bytes: &[u8], supported: u32) -> Result<Preamble, ParseError> {
    let mut preamble = Preamble { version: 1, ..Preamble::default() };
    let whole = std::str::from_utf8(bytes).ok().and_then(|text| text.parse::<toml::Table>().ok());
    let tables: Vec<(usize, &[u8], Result<toml::Table, String>)> = match whole {
        Some(table) => vec![(1, bytes, Ok(table))],
        // Line by line, so one bad line does not hide the version.
        None => lines(bytes)
            .enumerate()
            .filter(|(_, (_, line))| !is_blank_or_comment(line))
            .map(|(i, (_, line))| (i + 1, line, parse_table(line)))
            .collect(),
    };
    for (line, raw, table) in tables {
        let mut table = match table {
            Ok(table) => table,
            Err(reason) => {
                preamble.kept.push(Kept { line, raw: with_line_end(raw), reason });
                continue;
            }
        };
        if let Some(value) = table.remove("version") {
            match value.as_integer().and_then(|v| u32::try_from(v).ok()) {
                Some(v) if v > supported => return Err(ParseError::NewerVersion(v)),
                Some(v) => preamble.version = v,
                None => {
                    preamble.kept.push(Kept {
                        line,
                        raw: format!("version = {value}\n").into_bytes(),
                        reason: "version is not a whole number".into(),
                    });
                }
            }
        }
        preamble.extra.push_str(&fields(&table, "\n"));
    }
    Ok(preamble)
}

/// One line or block as a TOML table, or why not.
pub fn parse_table(bytes: &[u8]) -> Result<toml::Table, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())?;
    text.parse::<toml::Table>().map_err(|e| one_line(e.message()))
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `raw` to keep: without the blank lines that end it (the writer puts its own between
/// entries), and ending in one line end.
pub fn with_line_end(raw: &[u8]) -> Vec<u8> {
    let last = raw.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &raw[last..]).map_or(raw.len(), |i| last + i + 1);
    let mut kept = raw[..end].to_vec();
    if !kept.ends_with(b"\n") {
        kept.push(b'\n');
    }
    kept
}

/// Fields kan doesn't know, as `key = value` in TOML's inline form, separated by `separator`.
pub fn fields(table: &toml::Table, separator: &str) -> String {
    let mut out = String::new();
    for (key, value) in table {
        if !out.is_empty() {
            out.push_str(separator);
        }
        self::key(&mut out, key);
        out.push_str(" = ");
        // `Value`'s display is its inline TOML form.
        let _ = write!(out, "{value}");
    }
    if separator == "\n" && !out.is_empty() {
        out.push('\n');
    }
    out
}

fn key(out: &mut String, key: &str) {
    let bare = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { out.push_str(key) } else { string(out, key) }
}

/// Takes field `name` out of `table`: a whole number from 0 up, or `None` if absent.
pub fn take_count(table: &mut toml::Table, name: &str) -> Result<Option<u64>, String> {
    match table.remove(name) {
        None => Ok(None),
        Some(value) => match value.as_integer().and_then(|v| u64::try_from(v).ok()) {
            Some(v) => Ok(Some(v)),
            None => Err(format!("{name} = {value} is not a whole number from 0 up")),
        },
    }
}

/// Takes text field `name` out of `table`, empty if absent.
pub fn take_text(table: &mut toml::Table, name: &str) -> Result<String, String> {
    match table.remove(name) {
        None => Ok(String::new()),
        Some(toml::Value::String(s)) => Ok(s),
        Some(value) => Err(format!("{name} = {value} is not text")),
    }
}

/// Takes a list of texts out of `table`, empty if absent.
pub fn take_texts(table: &mut toml::Table, name: &str) -> Result<Vec<String>, String> {
    match table.remove(name) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                toml::Value::String(s) => Ok(s),
                other => Err(format!("{name} holds {other}, which is not text")),
            })
            .collect(),
        Some(value) => Err(format!("{name} = {value} is not a list of texts")),
    }
}

/// Takes a flag out of `table`, false if absent.
pub fn take_flag(table: &mut toml::Table, name: &str) -> Result<bool, String> {
    match table.remove(name) {
        None => Ok(false),
        Some(toml::Value::Boolean(b)) => Ok(b),
        Some(value) => Err(format!("{name} = {value} is not true or false")),
    }
}

/// Takes a time out of `table` (see [`parse_time`]); `None` if absent.
pub fn take_time(table: &mut toml::Table, name: &str) -> Result<Option<jiff::Timestamp>, String> {
    match table.remove(name) {
        None => Ok(None),
        Some(toml::Value::Datetime(datetime)) => {
            parse_time(&datetime).map(Some).ok_or_else(|| format!("{name} = {datetime} is not a time"))
        }
        Some(value) => Err(format!("{name} = {value} is not a time")),
    }
}

/// Reads a TOML datetime as written by us (`2026-04-01T10:00:00Z`) or by hand (any offset, or a
/// bare date, taken as midnight UTC).
pub fn parse_time(datetime: &toml::value::Datetime) -> Option<jiff::Timestamp> {
    let text = datetime.to_string();
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let date = text.parse::<jiff::civil::Date>().ok()?;
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// Writes `ts` as `2026-04-01T10:00:00Z`, without the allocations of formatting: a full rewrite
/// writes 100,000 of them.
pub fn write_time(out: &mut String, ts: jiff::Timestamp) {
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

/// Takes `length` and `hash` out of `table`: the fingerprint of the text an entry was saved in.
pub fn take_fingerprint(table: &mut toml::Table) -> Result<Fingerprint, String> {
    let len = take_count(table, "length")?;
    fingerprint(len, &take_text(table, "hash")?)
}

/// The fingerprint from `length` and `hash` as read, either absent (`None`, empty).
pub fn fingerprint(length: Option<u64>, hash: &str) -> Result<Fingerprint, String> {
    let hash = match hash {
        "" => 0,
        // As kan writes it, read without `from_str_radix`'s checks.
        hex if hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            // A hex digit's value: its low four bits, plus 9 for a letter (0x40 set).
            hex.bytes().fold(0, |hash, b| hash << 4 | u64::from((b & 0x0f) + 9 * (b >> 6)))
        }
        hex => Fingerprint::parse_hash(hex).ok_or_else(|| format!("hash {hex:?} is not 16 hex digits"))?,
    };
    Ok(Fingerprint { len: length.unwrap_or(0), hash })
}

/// Writes `length = …` and `hash = "…"` lines.
pub fn write_fingerprint(out: &mut String, fingerprint: Fingerprint) {
    let _ = write!(out, "length = {}\nhash = \"{:016x}\"\n", fingerprint.len, fingerprint.hash);
}

/// Takes the path out of `table`. `path` is readable text; a name that is not valid UTF-8 also
/// has `path_bytes`, its bytes with `%XX` escapes, which win while `path` still matches them
/// (a `path` edited by hand wins over stale bytes).
pub fn take_path(table: &mut toml::Table) -> Result<PathBuf, String> {
    let path = match table.remove("path") {
        Some(toml::Value::String(s)) if !s.is_empty() => s,
        Some(value) => return Err(format!("path = {value} is not a file name")),
        None => return Err("no path".into()),
    };
    let bytes = take_text(table, "path_bytes")?;
    path_of(path, &bytes)
}

/// The path from `path` (not empty) and `path_bytes` (empty when absent) as read.
pub fn path_of(path: String, bytes: &str) -> Result<PathBuf, String> {
    if !bytes.is_empty() {
        let decoded =
            unescape_bytes(bytes).ok_or_else(|| format!("path_bytes {bytes:?} has a bad % escape"))?;
        if String::from_utf8_lossy(&decoded) == path
            && let Some(exact) = path_from_bytes(decoded)
        {
            return Ok(exact);
        }
    }
    Ok(PathBuf::from(path))
}

/// Writes `path = "…"` and, for a name that is not valid UTF-8, `path_bytes = "…"`.
pub fn write_path(out: &mut String, path: &std::path::Path) {
    let bytes = path.as_os_str().as_encoded_bytes();
    out.push_str("path = ");
    match std::str::from_utf8(bytes) {
        Ok(text) => string(out, text),
        Err(_) => {
            string(out, &String::from_utf8_lossy(bytes));
            out.push_str("\npath_bytes = ");
            string(out, &escape_bytes(bytes));
        }
    }
    out.push('\n');
}

/// Text as is, `%` as `%25`, and every byte of invalid UTF-8 as `%XX`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for part in chunk.valid().split_inclusive('%') {
            match part.strip_suffix('%') {
                Some(text) => {
                    out.push_str(text);
                    out.push_str("%25");
                }
                None => out.push_str(part),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Reads what [`escape_bytes`] wrote; `None` for a `%` not followed by two hex digits.
pub fn unescape_bytes(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A path from its bytes: any bytes on Unix; elsewhere only valid UTF-8.
pub fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// Writes `s` as a one-line TOML basic string. By hand rather than with `toml_writer`, which
/// weighs every string's best representation and made a full rewrite ten times slower: a basic
/// string only needs `"`, `\` and control characters escaped, and keeps all other text readable.
pub fn string(out: &mut String, s: &str) {
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

    #[test]
    fn strings_read_back_as_written() {
        let text = "tab\there \"quoted\" 标签 \u{1}\u{7f}\\ \r\n";
        let mut out = String::from("s = ");
        string(&mut out, text);
        let table = out.parse::<toml::Table>().expect("valid TOML");
        assert_eq!(table["s"].as_str(), Some(text));
    }

    #[test]
    fn byte_escapes_round_trip_and_keep_text_readable() {
        let bytes = b"/books/100%-\xff\xfe-\xe5\xb1\xb1.md";
        let escaped = escape_bytes(bytes);
        assert_eq!(escaped, "/books/100%25-%FF%FE-山.md");
        assert_eq!(unescape_bytes(&escaped).as_deref(), Some(&bytes[..]));
        assert_eq!(unescape_bytes("bad %G1"), None);
        assert_eq!(unescape_bytes("short %F"), None);
    }

    #[test]
    fn blocks_are_cut_at_their_headers_only() {
        let text = b"version = 1\n\n[[document]]\npath = \"a\"\n[[document.bookmarks]]\n[[ document ]] # two\nx = 1\n";
        let blocks = split_blocks(text, "document");
        assert_eq!(blocks.preamble, b"version = 1\n\n");
        assert_eq!(blocks.blocks.len(), 2);
        assert_eq!(blocks.blocks[0].0, 3);
        assert!(blocks.blocks[1].1.starts_with(b"[[ document ]]"));
    }

    #[test]
    fn a_bad_preamble_line_keeps_the_version_and_is_kept() {
        let preamble = parse_preamble(b"# c\nversion = 1\noops =\ncolor = \"red\"\n", 1).expect("read");
        assert_eq!(preamble.version, 1);
        assert_eq!(preamble.kept.len(), 1);
        assert_eq!(preamble.kept[0].raw, b"oops =\n");
        assert_eq!(preamble.kept[0].line, 3);
        assert_eq!(preamble.extra, "color = \"red\"\n");
        assert!(matches!(parse_preamble(b"version = 2\nbad =\n", 1), Err(ParseError::NewerVersion(2))));
    }

    /// Blocks as they were cut before headers were searched for: every line looked at.
    fn split_blocks_line_by_line<'a>(bytes: &'a [u8], name: &str) -> Vec<(usize, &'a [u8])> {
        let starts: Vec<(usize, usize)> = lines(bytes)
            .enumerate()
            .filter(|(_, (_, line))| {
                let Ok(line) = std::str::from_utf8(line) else { return false };
                let code = line.split('#').next().unwrap_or("");
                let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
                compact == format!("[[{name}]]")
            })
            .map(|(i, (start, _))| (i + 1, start))
            .collect();
        starts
            .iter()
            .enumerate()
            .map(|(i, &(line, start))| (line, &bytes[start..starts.get(i + 1).map_or(bytes.len(), |s| s.1)]))
            .collect()
    }

    mod props {
        use super::*;
        use crate::store::toml_fast::edits;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn a_hash_reads_as_from_str_radix_reads_it(hash in any::<u64>(), upper in any::<bool>()) {
                let hex = if upper { format!("{hash:016X}") } else { format!("{hash:016x}") };
                prop_assert_eq!(fingerprint(Some(1), &hex), Ok(Fingerprint { len: 1, hash }));
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1024))]

            #[test]
            fn blocks_are_cut_where_every_line_looked_at_cuts_them(
                base in proptest::sample::select(vec![
                    &b"version = 1\n\n[[position]]\npath = \"a\"\nheading = [\"[[position]]\"]\n\n[[position]]\npath = \"b\"\n"[..],
                    b"[[document]]\npath = \"a\"\nbookmarks = [\n  { id = \"[x]\" },\n]\n[[document]]\n",
                    b"",
                ]),
                edits in edits::edits(),
            ) {
                let text = edits::apply(base, &edits);
                for name in ["position", "document"] {
                    let blocks = split_blocks(&text, name);
                    let expected = split_blocks_line_by_line(&text, name);
                    prop_assert_eq!(&blocks.blocks, &expected);
                    let preamble_end = expected.first().map_or(text.len(), |b| b.1.as_ptr() as usize - text.as_ptr() as usize);
                    prop_assert_eq!(blocks.preamble, &text[..preamble_end]);
                }
            }
        }
    }
}
