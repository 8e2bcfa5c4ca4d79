//! Bytes → text: BOM, UTF-8, UTF-16, legacy encodings (encoding_rs + chardetng), binary refusal.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many leading bytes decide whether a file is text, before the rest is read.
pub const BINARY_PROBE: usize = 8192;
/// How many bytes chardetng looks at, at most: it reads about 6 MB a second of a legacy CJK
/// encoding, so it stops earlier once it has seen [`DETECT_EVIDENCE`].
const DETECT_PROBE: usize = 1 << 20;
/// How many non-ASCII bytes (about 4,000 CJK characters) make a confident guess. ASCII tells
/// encodings nothing, so text with few non-ASCII bytes is still read up to [`DETECT_PROBE`].
const DETECT_EVIDENCE: usize = 8192;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary file")]
    Binary,
    /// NULs in the pattern of UTF-16, but not text in it as far as kan could tell.
    #[error("binary file (if it is UTF-16 text, try --encoding utf-16le or --encoding utf-16be)")]
    BinaryLikeUtf16,
    #[error("unknown encoding '{0}'")]
    UnknownEncoding(String),
}

/// Decoded text and the encoding it was read as.
#[derive(Debug)]
pub struct Decoded {
    /// The text, with CRLF and lone CR turned into LF.
    pub text: String,
    pub encoding: &'static Encoding,
}

/// Looks up an encoding by a WHATWG label such as `gbk`, `big5`, `shift_jis`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))
}

/// How the head of a file says to read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    /// In this encoding, after a BOM of this many bytes.
    Read(&'static Encoding, usize),
    /// No BOM, no NUL, nothing forced: UTF-8 if it is valid, else detected.
    Detect,
}

/// Decides from the first [`BINARY_PROBE`] bytes (or fewer, for a shorter file) how to read a
/// document, or that it is not text: a NUL character (a NUL byte, or a NUL unit in UTF-16)
/// means binary in every encoding, detected or forced. NULs in the pattern of UTF-16 without a
/// BOM (`a\0b\0`) are read as UTF-16 when the head is plausible UTF-16 text.
fn plan(head: &[u8], forced: Option<&'static Encoding>) -> Result<Plan, DecodeError> {
    let bom = Encoding::for_bom(head);
    let (encoding, bom_len) = match (forced, bom) {
        (Some(enc), Some((bom_enc, len))) if bom_enc == enc => (Some(enc), len),
        (Some(enc), _) => (Some(enc), 0),
        (None, Some((enc, len))) => (Some(enc), len),
        (None, None) => (None, 0),
    };
    let body = &head[bom_len..];
    match encoding {
        Some(enc) if is_utf16(enc) => {
            if body.chunks_exact(2).any(|unit| unit == [0, 0]) {
                Err(DecodeError::Binary)
            } else {
                Ok(Plan::Read(enc, bom_len))
            }
        }
        Some(_) if memchr::memchr(0, body).is_some() => Err(binary(body)),
        Some(enc) => Ok(Plan::Read(enc, bom_len)),
        None if memchr::memchr(0, body).is_none() => Ok(Plan::Detect),
        None => utf16_without_bom(body).map(|enc| Plan::Read(enc, 0)).ok_or_else(|| binary(body)),
    }
}

/// Refuses a file whose first bytes are not text, before the rest of it is read: `head` is
/// its first [`BINARY_PROBE`] bytes, or all of it if shorter. [`decode`] agrees.
pub fn check_head(head: &[u8], forced: Option<&'static Encoding>) -> Result<(), DecodeError> {
    plan(head, forced).map(|_| ())
}

/// Decodes a document's bytes. `forced` overrides detection, but a NUL character still means
/// binary (see [`check_head`]).
pub fn decode(mut bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, bom_len) = match plan(&bytes[..bytes.len().min(BINARY_PROBE)], forced)? {
        Plan::Read(encoding, bom_len) => (encoding, bom_len),
        Plan::Detect => {
            // Valid UTF-8 is taken as is.
            match utf8_string(bytes) {
                Ok(text) => return Ok(Decoded { text: normalize_newlines(text), encoding: UTF_8 }),
                Err(rejected) => bytes = rejected,
            }
            (detect(&bytes), 0)
        }
    };
    let text = if encoding == UTF_8 {
        match utf8_string(bytes) {
            Ok(mut text) => {
                text.drain(..bom_len);
                text
            }
            Err(bytes) => lossy(UTF_8, &bytes[bom_len..]),
        }
    } else {
        lossy(encoding, &bytes[bom_len..])
    };
    Ok(Decoded { text: normalize_newlines(text), encoding })
}

/// Text up to this size is validated with SIMD and copied: the copy costs far less than the
/// standard validation (about 650 MB/s on CJK text; 1.6 ms for 1 MiB). Longer text is validated
/// in place, so that it is never held twice.
const FAST_COPY_MAX: usize = 4 << 20;

/// `bytes` as a `String` if they are UTF-8, else the bytes back.
fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if bytes.len() <= FAST_COPY_MAX {
        return match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(bytes),
        };
    }
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

fn lossy(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// How many NUL bytes fall on even and on odd offsets.
fn nul_parity(bytes: &[u8]) -> (usize, usize) {
    memchr::memchr_iter(0, bytes)
        .fold((0, 0), |(even, odd), i| if i % 2 == 0 { (even + 1, odd) } else { (even, odd + 1) })
}

/// Binary, with a hint when the NULs fall as in UTF-16 (nearly all on one side of the pairs).
fn binary(head: &[u8]) -> DecodeError {
    let (even, odd) = nul_parity(head);
    if even >= 4 * odd.max(1) || odd >= 4 * even.max(1) {
        DecodeError::BinaryLikeUtf16
    } else {
        DecodeError::Binary
    }
}

/// UTF-16 without a BOM, told from the zero bytes of its ASCII (`a\0` in little-endian): there
/// are a few NULs and they lean to one side of the pairs, no unit is NUL, surrogates pair up,
/// and there are next to no control characters. Random bytes fail on surrogates, binary formats
/// on NUL units.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    // A whole file (shorter than the probe) of UTF-16 has whole units.
    if head.len() < BINARY_PROBE && head.len() % 2 == 1 {
        return None;
    }
    let head = &head[..head.len() & !1];
    let (even, odd) = nul_parity(head);
    // Enough NULs to go on: ASCII in the text (if only its line breaks) gives them.
    if even.max(odd) < (head.len() / 1024).max(2) {
        return None;
    }
    let (encoding, unit): (_, fn([u8; 2]) -> u16) = if odd > even {
        (UTF_16LE, u16::from_le_bytes)
    } else if even > odd {
        (UTF_16BE, u16::from_be_bytes)
    } else {
        return None;
    };
    let mut units: Vec<u16> = head.chunks_exact(2).map(|pair| unit([pair[0], pair[1]])).collect();
    // The head may end between the two halves of a surrogate pair.
    if units.last().is_some_and(|&u| (0xD800..0xDC00).contains(&u)) {
        units.pop();
    }
    let mut controls = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        let c = c.ok()?;
        if c == '\0' {
            return None;
        }
        controls += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    }
    (controls * 100 <= units.len()).then_some(encoding)
}

/// Guesses the encoding of bytes that are not valid UTF-8. UTF-8 text with a few damaged
/// sequences stays UTF-8 (the damage becomes U+FFFD); otherwise chardetng decides.
fn detect(bytes: &[u8]) -> &'static Encoding {
    // The whole file counts: one bad byte before a megabyte of ASCII must not hide the UTF-8
    // text after it.
    if mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let probe = &bytes[..detect_probe_len(bytes)];
    detector.feed(probe, probe.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// How much of `bytes` the detector reads: up to the [`DETECT_EVIDENCE`]th non-ASCII byte and
/// the rest of its line (a cut inside a multi-byte character would be evidence against the right
/// encoding), at most [`DETECT_PROBE`].
fn detect_probe_len(bytes: &[u8]) -> usize {
    let probe = &bytes[..bytes.len().min(DETECT_PROBE)];
    let Some((enough, _)) = probe.iter().enumerate().filter(|&(_, &b)| b >= 0x80).nth(DETECT_EVIDENCE) else {
        return probe.len();
    };
    memchr::memchr(b'\n', &probe[enough..]).map_or(probe.len(), |newline| enough + newline + 1)
}

/// Whether the non-ASCII sequences are nearly all valid UTF-8 (one bad one in a short text, 5% in a
/// long one): legacy CJK encodings seldom form valid UTF-8, so damaged UTF-8 is told from them.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Lead bytes of multi-byte characters: one per non-ASCII character, counted fast.
        valid += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 2 * invalid && invalid * 20 <= valid.max(20)
}

/// CRLF and lone CR become LF. Text without CR is returned untouched (no copy).
fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    let mut write = 0;
    let mut read = 0;
    while read < bytes.len() {
        let b = bytes[read];
        read += 1;
        if b == b'\r' {
            bytes[write] = b'\n';
            if bytes.get(read) == Some(&b'\n') {
                read += 1;
            }
        } else {
            bytes[write] = b;
        }
        write += 1;
    }
    bytes.truncate(write);
    // Only ASCII CR bytes were rewritten, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_taken_as_is_on_both_sides_of_the_fast_copy_limit() {
        for len in [FAST_COPY_MAX - 3, FAST_COPY_MAX + 3] {
            let text = "中".repeat(len / 3);
            let decoded = decode(text.clone().into_bytes(), None).unwrap();
            assert_eq!((decoded.text == text, decoded.encoding), (true, UTF_8));
            let mut broken = text.into_bytes();
            broken[len / 2] = 0xFF;
            let decoded = decode(broken, Some(UTF_8)).unwrap();
            assert!(decoded.text.contains('\u{FFFD}') && decoded.text.starts_with('中'));
        }
    }

    #[test]
    fn detection_reads_enough_non_ascii_text_and_stops_at_a_line_end() {
        let line = "第一章 风起云涌，天下大势分久必合，合久必分。\n".repeat(400);
        let (gbk, _, _) = encoding_rs::GBK.encode(&line);
        let stop = detect_probe_len(&gbk);
        assert!(stop < gbk.len() / 2, "reads {stop} of {}", gbk.len());
        assert_eq!(gbk[stop - 1], b'\n');
        assert!(gbk[..stop].iter().filter(|&&b| b >= 0x80).count() > DETECT_EVIDENCE);
        // A long ASCII preamble does not use up the evidence: the GBK after it still decides.
        let mut late = b"A plain ASCII licence line.\n".repeat(8000);
        late.extend_from_slice(&gbk);
        assert_eq!(detect(&late), encoding_rs::GBK);
        for (encoding, text) in [
            (encoding_rs::GBK, line.as_str()),
            (encoding_rs::BIG5, &"第一章 風起雲湧，天下大勢分久必合，合久必分。\n".repeat(400)),
            (
                encoding_rs::SHIFT_JIS,
                &"第一章 吾輩は猫である。名前はまだ無い。どこで生れたか。\n".repeat(400),
            ),
            (encoding_rs::EUC_KR, &"제1장 나는 고양이로소이다. 이름은 아직 없다.\n".repeat(400)),
        ] {
            let (bytes, _, _) = encoding.encode(text);
            assert_eq!(detect(&bytes), encoding, "{text:.20}");
        }
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
        assert_eq!(normalize_newlines("中\r\n文".into()), "中\n文");
    }

    #[test]
    fn utf8_bom_is_stripped_and_invalid_bytes_become_replacement() {
        let d = decode(b"\xEF\xBB\xBFhi".to_vec(), None).unwrap();
        assert_eq!(d.text, "hi");
        let d = decode(b"\xEF\xBB\xBFa\xFFb".to_vec(), None).unwrap();
        assert_eq!(d.text, "a\u{FFFD}b");
    }

    #[test]
    fn nul_bytes_mean_binary_unless_utf16() {
        assert_eq!(decode(b"ab\0cd".to_vec(), None).unwrap_err(), DecodeError::Binary);
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("中文".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(utf16, None).unwrap().text, "中文");
    }

    #[test]
    fn a_nul_or_two_is_no_utf16() {
        for bytes in [&b"ab\0cd"[..], b"ab\0c", b"binary\0", b"a\0"] {
            assert_eq!(decode(bytes.to_vec(), None).unwrap_err(), DecodeError::Binary, "{bytes:?}");
        }
        assert_eq!(decode(b"a\0b\0".to_vec(), None).unwrap().text, "ab");
        assert_eq!(decode(b"\0a\0b\0\n".to_vec(), None).unwrap().text, "ab\n");
    }

    #[test]
    fn forced_encoding_wins_over_detection() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキスト");
        let d = decode(bytes.into_owned(), Some(encoding_for_label("shift_jis").unwrap())).unwrap();
        assert_eq!(d.text, "日本語のテキスト");
        assert!(encoding_for_label("no-such").is_err());
    }
}
