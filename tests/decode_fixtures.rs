//! Byte fixtures in every legacy encoding kan must read, each a few hundred bytes of our own
//! text: detection picks the right encoding, and the text comes out exact.

use kan::decode::{DecodeError, decode, encoding_for_label};

const FIXTURES: &[(&str, &str)] = &[
    ("zh-hans.gb18030", "gb18030"),
    ("zh-hant.big5", "Big5"),
    ("ja.shift_jis", "Shift_JIS"),
    ("ja.euc_jp", "EUC-JP"),
    ("ko.euc_kr", "EUC-KR"),
    ("ru.cp1251", "windows-1251"),
    ("fr.cp1252", "windows-1252"),
];

fn fixture(name: &str, ext: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/encodings/{name}.{ext}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn short_legacy_files_are_detected_and_decoded_exactly() {
    for (name, encoding) in FIXTURES {
        let bytes = fixture(name, "txt");
        assert!(bytes.len() < 300, "{name} is a short file");
        let expected = String::from_utf8(fixture(name, "utf8")).unwrap();
        let decoded = decode(bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        // GBK text is a subset of GB18030; either name is right for it.
        let got = decoded.encoding.name();
        assert!(got == *encoding || (*encoding == "gb18030" && got == "GBK"), "{name}: detected {got}");
        assert_eq!(decoded.text, expected, "{name}");
    }
}

#[test]
fn a_forced_encoding_overrides_detection() {
    let bytes = fixture("ja.shift_jis", "txt");
    let forced = decode(bytes.clone(), Some(encoding_for_label("shift_jis").unwrap())).unwrap();
    assert_eq!(forced.text, String::from_utf8(fixture("ja.shift_jis", "utf8")).unwrap());
    // Read as something else on purpose, it is something else (and never a panic).
    let wrong = decode(bytes, Some(encoding_for_label("big5").unwrap())).unwrap();
    assert_ne!(wrong.text, forced.text);
}

#[test]
fn boms_are_honoured_and_stripped() {
    let text = "第一章 BOM\n　　中文。\n";
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(text.as_bytes());
    assert_eq!(decode(utf8, None).unwrap().text, text);
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode(le, None).unwrap().text, text);
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(decode(be, None).unwrap().text, text);
}

#[test]
fn invalid_sequences_become_replacement_characters() {
    let mut bytes = "前文".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xE4, 0xB8]);
    bytes.extend_from_slice("後文 and more plain text that is clearly UTF-8 around the damage.".as_bytes());
    let text = decode(bytes, None).unwrap().text;
    assert!(text.starts_with("前文\u{FFFD}"), "{text:?}");
    assert!(text.contains("後文"));
}

#[test]
fn crlf_and_lone_cr_become_lf_in_every_encoding() {
    let (bytes, _, _) = encoding_rs::GBK.encode("第一行\r\n第二行\r第三行");
    assert_eq!(decode(bytes.into_owned(), None).unwrap().text, "第一行\n第二行\n第三行");
}

#[test]
fn nul_bytes_near_the_start_mean_a_binary_file() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0u8; 64]);
    assert_eq!(decode(png, None).unwrap_err(), DecodeError::Binary);
}

#[test]
fn utf16_without_a_bom_is_told_from_its_nul_pattern() {
    let expected = String::from_utf8(fixture("zh-en.utf16-nobom", "utf8")).unwrap();
    for (name, encoding) in [("zh-en.utf16le-nobom", "UTF-16LE"), ("zh-en.utf16be-nobom", "UTF-16BE")] {
        let decoded = decode(fixture(name, "txt"), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((decoded.encoding.name(), decoded.text.as_str()), (encoding, expected.as_str()), "{name}");
    }
    // Longer than the head that decides, with a surrogate pair cut by the head's end.
    let mut text = "a".repeat(4095);
    text.push_str("𠀀 and on\n");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(decode(bytes, None).unwrap().text, text);
}

#[test]
fn nuls_like_utf16_that_are_not_utf16_text_are_refused_with_a_hint() {
    // The pattern of UTF-16LE ASCII, broken by a lone surrogate.
    let mut bytes: Vec<u8> = "plain text".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.extend_from_slice(&[0x00, 0xDC, b'x', 0]);
    let error = decode(bytes, None).unwrap_err();
    assert_eq!(error, DecodeError::BinaryLikeUtf16);
    assert_eq!(
        error.to_string(),
        "binary file (if it is UTF-16 text, try --encoding utf-16le or --encoding utf-16be)"
    );
}

#[test]
fn random_bytes_are_binary_not_utf16() {
    // xorshift: /dev/urandom's kind of input, reproducibly.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..8192)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        if bytes.contains(&0) {
            assert!(decode(bytes, None).is_err());
        }
    }
}

#[test]
fn nuls_are_binary_in_every_encoding_forced_or_not() {
    let nuls = vec![0u8; 64];
    for label in [
        "utf-8",
        "utf-16le",
        "utf-16be",
        "gbk",
        "gb18030",
        "big5",
        "shift_jis",
        "euc-jp",
        "euc-kr",
        "iso-2022-jp",
        "windows-1252",
        "windows-1251",
    ] {
        let forced = encoding_for_label(label).unwrap();
        assert!(decode(nuls.clone(), Some(forced)).is_err(), "{label}");
    }
    assert_eq!(decode(nuls, None).unwrap_err(), DecodeError::Binary);
    let mut after_bom = vec![0xEF, 0xBB, 0xBF];
    after_bom.extend_from_slice(b"text\0");
    assert_eq!(decode(after_bom, None).unwrap_err(), DecodeError::Binary);
    // UTF-16 text has NUL bytes but no NUL characters: forced, it reads.
    let utf16: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(decode(utf16, Some(encoding_for_label("utf-16le").unwrap())).unwrap().text, "ab");
}

#[test]
fn mostly_utf8_stays_utf8_wherever_the_non_ascii_text_starts() {
    let chinese = "第一章 山路。書生走進客棧，要了一壺茶。".repeat(20);
    for ascii_len in [10, 500_000, 1_048_576, 3_000_000] {
        let mut bytes = vec![b'a', 0xFF];
        bytes.extend(std::iter::repeat_n(b'x', ascii_len));
        bytes.extend_from_slice(chinese.as_bytes());
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.encoding.name(), "UTF-8", "Chinese after {ascii_len} bytes of ASCII");
        let expected = format!("a\u{FFFD}{}{chinese}", "x".repeat(ascii_len));
        assert!(decoded.text == expected, "Chinese after {ascii_len} bytes of ASCII");
    }
}
