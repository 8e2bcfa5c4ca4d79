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
