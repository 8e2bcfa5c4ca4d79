//! A fast reader for entries as kan writes them: `key = value` lines (a position, a document's
//! header) or one inline table (a bookmark), with known keys, basic strings, whole numbers from 0,
//! lists of strings, `true`/`false` and UTC times to the second. Anything else (a comment, a
//! literal string, an unknown or repeated key, CRLF, an offset or fraction in a time, TOML this
//! reader doesn't take) gives `None`, and the caller reads the entry with the toml crate, so what
//! is read is always what that gives; the toml crate costs about 50 times as much per entry,
//! which a start with a long history paid for every entry.

use std::borrow::Cow;

/// What an entry says, for the keys its kind may have; `None` for a key it doesn't give. Strings
/// without an escape are borrowed from the entry.
#[derive(Debug, Default)]
pub struct Fields<'a> {
    pub path: Option<Cow<'a, str>>,
    pub path_bytes: Option<Cow<'a, str>>,
    pub length: Option<u64>,
    pub hash: Option<Cow<'a, str>>,
    pub id: Option<Cow<'a, str>>,
    pub offset: Option<u64>,
    pub heading: Option<Vec<String>>,
    pub before: Option<Cow<'a, str>>,
    pub quote: Option<Cow<'a, str>>,
    pub label: Option<Cow<'a, str>>,
    pub updated: Option<jiff::Timestamp>,
    pub created: Option<jiff::Timestamp>,
    pub moved: Option<bool>,
}

/// Which entry is read, so which keys it may have.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A `[[position]]` of `positions.toml`.
    Position,
    /// A `[[position]]`, for its document only: its place (heading, before, quote) is checked as
    /// [`Kind::Position`] checks it, but not kept.
    PositionDocument,
    /// The fields of a `[[document]]` of `bookmarks.toml` before its bookmarks.
    Document,
    /// One bookmark of a document's list.
    Bookmark,
}

/// `key = value` lines and blank lines, nothing else; `None` for anything else.
pub fn lines(bytes: &[u8], kind: Kind) -> Option<Fields<'_>> {
    let mut cursor = Cursor::new(bytes)?;
    let mut fields = Fields::default();
    loop {
        cursor.spaces();
        if cursor.is_done() {
            return Some(fields);
        }
        if cursor.eat(b'\n') {
            continue;
        }
        fields.pair(kind, &mut cursor)?;
        cursor.spaces();
        if !(cursor.eat(b'\n') || cursor.is_done()) {
            return None;
        }
    }
}

/// One inline table `{ key = value, … }`, with spaces after it and nothing else.
pub fn inline_table(bytes: &[u8], kind: Kind) -> Option<Fields<'_>> {
    let mut cursor = Cursor::new(bytes)?;
    let mut fields = Fields::default();
    if !cursor.eat(b'{') {
        return None;
    }
    cursor.spaces();
    if !cursor.eat(b'}') {
        loop {
            fields.pair(kind, &mut cursor)?;
            cursor.spaces();
            if cursor.eat(b'}') {
                break;
            }
            if !cursor.eat(b',') {
                return None;
            }
            cursor.spaces();
        }
    }
    cursor.spaces();
    cursor.is_done().then_some(fields)
}

impl<'a> Fields<'a> {
    /// Reads `key = value` at the cursor into its field: `None` for a key `kind` doesn't have, a
    /// key given twice, or a value not of the key's type.
    fn pair(&mut self, kind: Kind, cursor: &mut Cursor<'a>) -> Option<()> {
        use Kind::{Bookmark, Document, Position, PositionDocument};
        let key = cursor.key();
        cursor.spaces();
        if !cursor.eat(b'=') {
            return None;
        }
        cursor.spaces();
        let keep = !matches!(kind, PositionDocument);
        match (kind, key) {
            (Position | PositionDocument | Document, b"path") => set(&mut self.path, cursor.string()?),
            (Position | PositionDocument | Document, b"path_bytes") => {
                set(&mut self.path_bytes, cursor.string()?)
            }
            (Position | PositionDocument | Document, b"length") => set(&mut self.length, cursor.count()?),
            (Position | PositionDocument | Document, b"hash") => set(&mut self.hash, cursor.string()?),
            (Position | PositionDocument | Bookmark, b"offset") => set(&mut self.offset, cursor.count()?),
            (Position | PositionDocument | Bookmark, b"heading") => {
                set(&mut self.heading, cursor.strings(keep)?)
            }
            (Position | PositionDocument | Bookmark, b"before") => {
                set(&mut self.before, cursor.string_kept(keep)?)
            }
            (Position | PositionDocument | Bookmark, b"quote") => {
                set(&mut self.quote, cursor.string_kept(keep)?)
            }
            (Position | PositionDocument, b"updated") => set(&mut self.updated, cursor.time()?),
            (Bookmark, b"id") => set(&mut self.id, cursor.string()?),
            (Bookmark, b"label") => set(&mut self.label, cursor.string()?),
            (Bookmark, b"created") => set(&mut self.created, cursor.time()?),
            (Bookmark, b"moved") => set(&mut self.moved, cursor.flag()?),
            _ => None,
        }
    }
}

/// Fills `slot`, unless it was filled already (a key given twice is an error in TOML).
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// Whether `bytes` has a control character other than tab and line feed. Looked for 32 bytes at
/// a time, which the compiler makes a few vector instructions.
fn has_controls(bytes: &[u8]) -> bool {
    let control = |b: u8| u8::from(((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f));
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0, |found, &b| found | control(b)) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| control(b) != 0)
}

/// A place in valid UTF-8 text; it only ever stops on an ASCII byte, so on a char boundary.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The start of `bytes`, if they are UTF-8 without a control character other than tab and
    /// line feed (which a basic string can't hold, and this reader leaves to the toml crate
    /// wherever they are).
    fn new(bytes: &'a [u8]) -> Option<Cursor<'a>> {
        #[cfg(test)]
        if TOML_ONLY.get() {
            return None;
        }
        if has_controls(bytes) {
            return None;
        }
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        Some(Cursor { text, bytes, at: 0 })
    }

    fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// TOML's whitespace within a line.
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A key as kan names them: lowercase letters and `_` (any other bare key is one it doesn't
    /// know, left to the toml crate).
    fn key(&mut self) -> &'a [u8] {
        let start = self.at;
        while let Some(b'a'..=b'z' | b'_') = self.peek() {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// A one-line basic string with TOML 1.0's escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.string_kept(true)
    }

    /// [`Cursor::string`], or with `keep` false, the string checked but not kept (an empty
    /// string given back), which costs no allocation.
    fn string_kept(&mut self, keep: bool) -> Option<Cow<'a, str>> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let rest = &self.bytes[self.at..];
            let stop = memchr::memchr3(b'"', b'\\', b'\n', rest)?;
            let plain = &self.text[self.at..self.at + stop];
            self.at += stop + 1;
            match rest[stop] {
                b'"' if !keep => return Some(Cow::Borrowed("")),
                b'"' if out.is_empty() => return Some(Cow::Borrowed(plain)),
                b'"' => {
                    out.push_str(plain);
                    return Some(Cow::Owned(out));
                }
                b'\n' => return None,
                _ => {}
            }
            if keep && out.is_empty() {
                // Room for the rest of the line: one allocation, where growing took two more.
                out.reserve(memchr::memchr(b'\n', rest).unwrap_or(rest.len()));
            }
            if keep {
                out.push_str(plain);
            }
            let escape = self.peek()?;
            self.at += 1;
            let unescaped = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'u' => self.hex_char(4)?,
                b'U' => self.hex_char(8)?,
                _ => return None,
            };
            if keep {
                out.push(unescaped);
            }
        }
    }

    /// The character `digits` hex digits name.
    fn hex_char(&mut self, digits: usize) -> Option<char> {
        let hex = self.bytes.get(self.at..self.at + digits)?;
        let mut value = 0u32;
        for &b in hex {
            value = value * 16 + char::from(b).to_digit(16)?;
        }
        self.at += digits;
        char::from_u32(value)
    }

    /// A decimal whole number from 0 up to `i64::MAX` (TOML's integers are 64-bit signed), with
    /// no sign, underscore or leading zero.
    fn count(&mut self) -> Option<u64> {
        let start = self.at;
        let mut value: i64 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
            self.at += 1;
        }
        let digits = &self.bytes[start..self.at];
        if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
            return None;
        }
        u64::try_from(value).ok()
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, as kan writes times.
    fn time(&mut self) -> Option<jiff::Timestamp> {
        let text = self.bytes.get(self.at..self.at + 20)?;
        let number = |range: std::ops::Range<usize>| {
            text[range]
                .iter()
                .try_fold(0i16, |n, &b| b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0')))
        };
        let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'Z')];
        if shape.iter().any(|&(i, b)| text[i] != b) {
            return None;
        }
        let small = |range| number(range).and_then(|n| i8::try_from(n).ok());
        let datetime = jiff::civil::DateTime::new(
            number(0..4)?,
            small(5..7)?,
            small(8..10)?,
            small(11..13)?,
            small(14..16)?,
            small(17..19)?,
            0,
        )
        .ok()?;
        let time = jiff::tz::Offset::UTC.to_timestamp(datetime).ok()?;
        self.at += 20;
        Some(time)
    }

    /// `[ "…", "…" ]` on one line, without a trailing comma; with `keep` false, checked and
    /// given back empty.
    fn strings(&mut self, keep: bool) -> Option<Vec<String>> {
        if !self.eat(b'[') {
            return None;
        }
        // Headings are a few levels deep.
        let mut items = if keep { Vec::with_capacity(4) } else { Vec::new() };
        self.spaces();
        if self.eat(b']') {
            return Some(items);
        }
        loop {
            let item = self.string_kept(keep)?;
            if keep {
                items.push(item.into_owned());
            }
            self.spaces();
            if self.eat(b']') {
                return Some(items);
            }
            if !self.eat(b',') {
                return None;
            }
            self.spaces();
        }
    }

    fn flag(&mut self) -> Option<bool> {
        for (word, value) in [(&b"true"[..], true), (b"false", false)] {
            if self.bytes[self.at..].starts_with(word) {
                self.at += word.len();
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
thread_local! {
    static TOML_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with this reader turned off, so that every entry is read by the toml crate: what
/// it gives is what the fast reader must give.
#[cfg(test)]
pub fn toml_only<T>(read: impl FnOnce() -> T) -> T {
    TOML_ONLY.set(true);
    let out = read();
    TOML_ONLY.set(false);
    out
}

/// Edits to a file kan wrote, as a person (or a broken disk) makes them, for the tests that the
/// fast reader reads what the toml crate reads.
#[cfg(test)]
pub mod edits {
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// Lines typed in by hand: other forms of what kan writes, comments, fields kan doesn't know,
    /// and lines that are not TOML or not what kan can read.
    const LINES: &[&[u8]] = &[
        b"# a comment",
        b"",
        b"   ",
        b"shelf = \"novels\"",
        b"tags = [\"a\", 1]",
        b"path = 'literal/\xe4\xb9\xa6.md'",
        b"path = \"/books/\\u00e9t\\u00E9.md\"",
        b"path = \"/books/\\\"q\\\".md\"",
        b"path = \"\"",
        b"path_bytes = \"/books/%FF.md\"",
        b"path_bytes = \"/books/%G1\"",
        b"\tpath\t=\t\"tabs.md\"",
        b"path=\"tight.md\"",
        b"offset = 12",
        b"offset = -1",
        b"offset = +5",
        b"offset = 1_000",
        b"offset = 0x10",
        b"offset = 007",
        b"offset = 99999999999999999999",
        b"length = 18446744073709551615",
        b"length = 9223372036854775807",
        b"hash = \"zz\"",
        b"hash = \" 00000000000000ff \"",
        b"hash = \"+ff\"",
        b"hash = \"\"",
        b"updated = 2026-04-01T10:00:00Z",
        b"updated = 2026-04-01 10:00:00Z",
        b"updated = 2026-04-01T10:00:00.5Z",
        b"updated = 2026-04-01T10:00:00+08:00",
        b"updated = 2026-04-01T10:00Z",
        b"updated = 2026-04-01",
        b"updated = 2026-02-29T10:00:00Z",
        b"updated = 2024-02-29T10:00:00Z",
        b"updated = 2026-04-01T10:00:60Z",
        b"updated = 0000-01-01T00:00:00Z",
        b"updated = 9999-12-31T23:59:59Z",
        b"updated = \"2026-04-01T10:00:00Z\"",
        b"created = 2026-04-01T10:00:00Z",
        b"heading = []",
        b"heading = [\"a\", \"b\",]",
        b"heading = [ \"\\t\" ]",
        b"heading = [\"a\", 1]",
        b"heading = \"a\"",
        b"before = \"\\U0001F600\"",
        b"before = \"\\e\"",
        b"before = \"\\x41\"",
        b"before = \"\\ud800\"",
        b"quote = \"\"\"multi\"\"\"",
        b"quote = \"a\" \"b\"",
        b"quote = \"ctl\x01\"",
        b"quote = \"tab\there\"",
        b"moved = true",
        b"label = \"x\"",
        b"id = \"x\"",
        b"[[position]]",
        b"[[ position ]] # c",
        b"[[document]]",
        b"[position]",
        b"\xe3\x80\x80[[position]]",
        b"\x0b[[position]]",
        b"bookmarks = [",
        b"]",
        b"  { id = \"x\", offset = 1 },",
        b"  { id = \"x\", offset = 1, },",
        b"  { id = \"y\", color = \"red\" },",
        b"  { id = \"z\", created = 2026-04-01T10:00:00.5Z, moved = false },",
        b"  { id = \"w\", moved = 1 },",
        b"  { offset = 3 }",
        b"  {}",
        b"  { id = \"v\" } # note",
        b"del\x7f = 1",
        b"bad \xff utf8",
    ];

    /// Values typed in by hand in place of what kan wrote.
    const VALUES: &[&[u8]] = &[
        b"0",
        b"007",
        b"-1",
        b"+5",
        b"1_000",
        b"0x10",
        b"1e3",
        b"99999999999999999999",
        b"18446744073709551615",
        b"9223372036854775807",
        b"\"zz\"",
        b"\" 00000000000000ff \"",
        b"\"00000000000000FF\"",
        b"'lit'",
        b"''",
        b"\"\"",
        b"[]",
        b"[\"a\",]",
        b"[\"a\", 1]",
        b"[ \"a\" , \"b\" ]",
        b"\"\\e\"",
        b"\"\\x41\"",
        b"\"\\ud800\"",
        b"\"\\U0001F600\"",
        b"\"\\u00E9\\\"\"",
        b"2026-04-01T10:00:00Z",
        b"2026-04-01t10:00:00z",
        b"2026-04-01 10:00:00Z",
        b"2026-04-01T10:00:00.5Z",
        b"2026-04-01T10:00:00-00:00",
        b"2026-02-29T10:00:00Z",
        b"2024-02-29T10:00:00Z",
        b"0000-01-01T00:00:00Z",
        b"9999-12-31T23:59:59Z",
        b"2026-04-01T10:00:60Z",
        b"2026-04-01T24:00:00Z",
        b"2026-04-01",
        b"10:00:00",
        b"true",
        b"false",
        b"1",
        b"\"\"\"x\"\"\"",
        b"\"a\" # c",
        b"{ a = 1 }",
    ];

    #[derive(Clone, Debug)]
    pub enum Edit {
        /// The value after the chosen `=` of a line replaced.
        Value(Index, Index, &'static [u8]),
        Swap(Index, Index),
        Insert(Index, &'static [u8]),
        Replace(Index, &'static [u8]),
        /// The line ends in CRLF.
        Crlf(Index),
        /// A comment after the line's text.
        Comment(Index),
        /// The first character of the line's first string as a `\u` escape.
        Escape(Index),
        /// The line's strings in single quotes (TOML's literal strings).
        Literal(Index),
        Bytes(Index, Index, Vec<u8>),
    }

    pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
        let line = proptest::sample::select(LINES);
        let edit = prop_oneof![
            6 => (any::<Index>(), any::<Index>(), proptest::sample::select(VALUES))
                .prop_map(|(i, pair, value)| Edit::Value(i, pair, value)),
            1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
            1 => (any::<Index>(), line.clone()).prop_map(|(i, l)| Edit::Insert(i, l)),
            1 => (any::<Index>(), line).prop_map(|(i, l)| Edit::Replace(i, l)),
            1 => any::<Index>().prop_map(Edit::Crlf),
            1 => any::<Index>().prop_map(Edit::Comment),
            1 => any::<Index>().prop_map(Edit::Escape),
            1 => any::<Index>().prop_map(Edit::Literal),
            1 => (any::<Index>(), any::<Index>(), proptest::collection::vec(any::<u8>(), 1..4))
                .prop_map(|(i, at, bytes)| Edit::Bytes(i, at, bytes)),
        ];
        proptest::collection::vec(edit, 0..4)
    }

    /// `text` with `edits` made, line by line.
    pub fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        for edit in edits {
            let n = lines.len();
            match edit {
                Edit::Value(i, pair, value) => {
                    let line = &mut lines[i.index(n)];
                    let equals: Vec<usize> =
                        (0..line.len()).filter(|&at| line[at..].starts_with(b"= ")).collect();
                    if !equals.is_empty() {
                        let start = equals[pair.index(equals.len())] + 2;
                        let end = (start..line.len())
                            .find(|&at| line[at..].starts_with(b", ") || line[at..].starts_with(b" }"))
                            .unwrap_or(line.len());
                        line.splice(start..end, value.iter().copied());
                    }
                }
                Edit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
                Edit::Insert(i, line) => lines.insert(i.index(n + 1), line.to_vec()),
                Edit::Replace(i, line) => lines[i.index(n)] = line.to_vec(),
                Edit::Crlf(i) => lines[i.index(n)].push(b'\r'),
                Edit::Comment(i) => lines[i.index(n)].extend_from_slice(b" # note"),
                Edit::Escape(i) => escape_first(&mut lines[i.index(n)]),
                Edit::Literal(i) => {
                    let line = &mut lines[i.index(n)];
                    if !line.contains(&b'\\') && !line.contains(&b'\'') {
                        line.iter_mut().filter(|b| **b == b'"').for_each(|b| *b = b'\'');
                    }
                }
                Edit::Bytes(i, at, bytes) => {
                    let line = &mut lines[i.index(n)];
                    let at = at.index(line.len() + 1);
                    line.splice(at..at, bytes.iter().copied());
                }
            }
        }
        lines.join(&b'\n')
    }

    fn escape_first(line: &mut Vec<u8>) {
        let Some(quote) = line.iter().position(|&b| b == b'"') else { return };
        let Ok(rest) = std::str::from_utf8(&line[quote + 1..]) else { return };
        let Some(c) = rest.chars().next().filter(|&c| c != '"' && c != '\\') else { return };
        let escaped = if (c as u32) < 0x10000 {
            format!("\\u{:04x}", c as u32)
        } else {
            format!("\\U{:08X}", c as u32)
        };
        line.splice(quote + 1..quote + 1 + c.len_utf8(), escaped.into_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_as_kan_writes_it_is_read() {
        let text = "path = \"/书/a \\\"b\\\".md\"\nlength = 12\nhash = \"00000000000000ff\"\noffset = 0\n\
                    heading = [\"卷一\", \"\\u00e9\\n\"]\nbefore = \"\"\nquote = \"x\\ty\"\n\
                    updated = 2026-04-01T10:00:00Z\n\n";
        let fields = lines(text.as_bytes(), Kind::Position).expect("read");
        assert_eq!(fields.path.as_deref(), Some("/书/a \"b\".md"));
        assert_eq!(fields.length, Some(12));
        assert_eq!(fields.offset, Some(0));
        assert_eq!(fields.heading, Some(vec!["卷一".to_string(), "é\n".to_string()]));
        assert_eq!(fields.quote.as_deref(), Some("x\ty"));
        assert_eq!(fields.updated.map(|t| t.to_string()).as_deref(), Some("2026-04-01T10:00:00Z"));
    }

    #[test]
    fn anything_else_is_left_to_the_toml_crate() {
        for text in [
            "path = 'literal'\n",
            "path = \"a\" # comment\n",
            "# comment\n",
            "path = \"a\"\r\n",
            "path = \"a\"\npath = \"b\"\n",
            "shelf = \"novels\"\n",
            "offset = 007\n",
            "offset = +7\n",
            "offset = 1_000\n",
            "offset = 9223372036854775808\n",
            "offset = -1\n",
            "updated = 2026-04-01T10:00:00+02:00\n",
            "updated = 2026-04-01T10:00:00.5Z\n",
            "updated = 2026-02-30T10:00:00Z\n",
            "updated = 2026-04-01\n",
            "heading = [\"a\",]\n",
            "heading = [\n\"a\"]\n",
            "quote = \"tab\u{7f}\"\n",
            "quote = \"\\e\"\n",
            "quote = \"\\ud800\"\n",
            "quote = \"\\u00g0\"\n",
            "quote = \"unclosed\n",
            "updated = 2026-04-01T10:00:00Z x\n",
        ] {
            assert!(lines(text.as_bytes(), Kind::Position).is_none(), "{text:?}");
        }
        assert!(lines(b"moved = true\n", Kind::Position).is_none(), "not a position's key");
    }

    #[test]
    fn a_bookmark_as_kan_writes_it_is_read() {
        let text = "{ id = \"a-1\", offset = 5, heading = [], before = \"\", quote = \"q\", label = \"\", \
                    created = 2026-04-01T10:00:00Z, moved = true } ";
        let fields = inline_table(text.as_bytes(), Kind::Bookmark).expect("read");
        assert_eq!(fields.id.as_deref(), Some("a-1"));
        assert_eq!(fields.heading, Some(Vec::new()));
        assert_eq!(fields.moved, Some(true));
        assert!(inline_table(b"{}", Kind::Bookmark).is_some());
        for text in
            ["{ id = \"a\", }", "{ id = \"a\" } x", "{ id = \"a\", color = \"red\" }", "{ moved = yes }"]
        {
            assert!(inline_table(text.as_bytes(), Kind::Bookmark).is_none(), "{text:?}");
        }
    }
}
