//! Bytes → text: BOM, UTF-8, UTF-16, legacy encodings (encoding_rs + chardetng), binary refusal.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many leading bytes are checked for NUL when deciding a file is binary.
const BINARY_PROBE: usize = 8192;
/// How many bytes chardetng looks at; enough for a confident guess, cheap on huge files.
const DETECT_PROBE: usize = 1 << 20;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary file")]
    Binary,
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

/// Decodes a document's bytes. `forced` overrides detection (but not a BOM's absence of NULs).
pub fn decode(mut bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, bom_len) = match (forced, Encoding::for_bom(&bytes)) {
        (None, Some((enc, len))) => (enc, len),
        (Some(enc), Some((bom_enc, len))) if bom_enc == enc => (enc, len),
        (Some(enc), _) => (enc, 0),
        (None, None) => {
            if is_binary(&bytes) {
                return Err(DecodeError::Binary);
            }
            // Valid UTF-8 is taken as is: validated once, never copied.
            match String::from_utf8(bytes) {
                Ok(text) => return Ok(Decoded { text: normalize_newlines(text), encoding: UTF_8 }),
                Err(e) => bytes = e.into_bytes(),
            }
            (detect(&bytes), 0)
        }
    };
    let text = if encoding == UTF_8 {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                text.drain(..bom_len);
                text
            }
            Err(e) => lossy(UTF_8, &e.into_bytes()[bom_len..]),
        }
    } else {
        if encoding != UTF_16LE && encoding != UTF_16BE && is_binary(&bytes) {
            return Err(DecodeError::Binary);
        }
        lossy(encoding, &bytes[bom_len..])
    };
    Ok(Decoded { text: normalize_newlines(text), encoding })
}

fn lossy(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// A file with a NUL byte near its start is not text.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// Guesses the encoding of bytes that are not valid UTF-8. UTF-8 text with a few damaged
/// sequences stays UTF-8 (the damage becomes U+FFFD); otherwise chardetng decides.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if mostly_utf8(&bytes[..bytes.len().min(DETECT_PROBE)]) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let probe = &bytes[..bytes.len().min(DETECT_PROBE)];
    detector.feed(probe, probe.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Whether the non-ASCII sequences are nearly all valid UTF-8 (one bad one in a short text, 5% in a
/// long one): legacy CJK encodings seldom form valid UTF-8, so damaged UTF-8 is told from them.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
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
    fn forced_encoding_wins_over_detection() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のテキスト");
        let d = decode(bytes.into_owned(), Some(encoding_for_label("shift_jis").unwrap())).unwrap();
        assert_eq!(d.text, "日本語のテキスト");
        assert!(encoding_for_label("no-such").is_err());
    }
}
