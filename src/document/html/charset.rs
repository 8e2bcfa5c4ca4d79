//! Which encoding an HTML page is in, in the order browsers decide it: the BOM, the HTTP
//! `Content-Type` header, `<meta charset>` or `http-equiv`, then detection from the bytes.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

use crate::decode::{self, DecodeError, Decoded};

/// How far into a page its `<meta charset>` is looked for (the HTML standard says 1024 bytes;
/// real pages put long scripts first, so a little more).
const META_PROBE: usize = 8192;

/// Decodes a page. `header` is the HTTP `Content-Type` value, for pages fetched from a URL;
/// `forced` (the user's `--encoding`) overrides everything.
pub fn decode(
    bytes: Vec<u8>,
    header: Option<&str>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    if forced.is_some() || Encoding::for_bom(&bytes).is_some() {
        return decode::decode(bytes, forced);
    }
    let declared = header.and_then(charset_param).or_else(|| meta_charset(&bytes));
    decode::decode(bytes, declared)
}

/// Whether the bytes start like an HTML page: `<!doctype html` or `<html`, after a BOM,
/// whitespace and comments.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let mut head = &bytes[..bytes.len().min(4096)];
    if let Some((_, bom)) = Encoding::for_bom(head) {
        head = &head[bom..];
    }
    loop {
        head = head.trim_ascii_start();
        if head.starts_with(b"<!--") {
            match memchr::memmem::find(head, b"-->") {
                Some(end) => head = &head[end + 3..],
                None => return false,
            }
        } else if starts_with_ignore_case(head, b"<?xml") {
            match memchr::memchr(b'>', head) {
                Some(end) => head = &head[end + 1..],
                None => return false,
            }
        } else {
            break;
        }
    }
    starts_with_ignore_case(head, b"<!doctype html") || starts_with_ignore_case(head, b"<html")
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The encoding a page's `<meta charset>` or `<meta http-equiv content="…; charset=…">` declares.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PROBE)];
    let mut at = 0;
    while let Some(found) = find_ignore_case(&head[at..], b"<meta") {
        let start = at + found + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(i) = find_ignore_case(tag, b"charset") {
            let value = tag[i + 7..].trim_ascii_start();
            if let Some(value) = value.strip_prefix(b"=") {
                let value = value.trim_ascii_start();
                let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
                let len = value
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
                    .unwrap_or(value.len());
                if let Some(encoding) = Encoding::for_label(&value[..len]) {
                    return Some(as_declared(encoding));
                }
            }
        }
        at = end;
    }
    None
}

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes()).map(as_declared)
    })
}

/// A page that declares UTF-16 in ASCII is not UTF-16 (the standard reads it as UTF-8), and
/// `x-user-defined` means windows-1252.
fn as_declared(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GBK, SHIFT_JIS};

    #[test]
    fn pages_are_recognised_by_their_first_tag() {
        assert!(looks_like_html(b"<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF  <html lang=en>"));
        assert!(looks_like_html(b"<!-- saved -->\n<!doctype HTML>"));
        assert!(looks_like_html(b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
        assert!(!looks_like_html(b"# Title\n<html> in Markdown"));
        assert!(!looks_like_html(b"<!-- never closed"));
    }

    #[test]
    fn meta_declarations_are_found() {
        assert_eq!(meta_charset(b"<head><meta charset=\"gbk\">"), Some(GBK));
        assert_eq!(meta_charset(b"<META CHARSET=big5>"), Some(BIG5));
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\" />";
        assert_eq!(meta_charset(http_equiv), Some(SHIFT_JIS));
        assert_eq!(meta_charset(b"<meta charset='utf-16'>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta name=viewport content=width=device-width>"), None);
        assert_eq!(meta_charset(b"<meta charset=\"nonsense\">"), None);
    }

    #[test]
    fn bom_beats_header_beats_meta() {
        let gbk_page = |decl: &str| {
            let mut bytes = format!("<html><head>{decl}</head><body><p>").into_bytes();
            bytes.extend(GBK.encode("中文网页").0.iter());
            bytes
        };
        let page = gbk_page("<meta charset=\"gbk\">");
        assert!(decode(page.clone(), None, None).unwrap().text.contains("中文网页"));
        // The header wins over the meta tag.
        let wrong = decode(page, Some("text/html; charset=windows-1252"), None).unwrap();
        assert!(!wrong.text.contains("中文网页"));
        let declared_nowhere = gbk_page("");
        assert!(
            decode(declared_nowhere.clone(), Some("text/html; charset=GBK"), None)
                .unwrap()
                .text
                .contains("中文网页")
        );
        let mut bom = b"\xEF\xBB\xBF<html><meta charset=gbk><p>".to_vec();
        bom.extend("中文".as_bytes());
        assert!(decode(bom, Some("text/html; charset=big5"), None).unwrap().text.contains("中文"));
    }
}
