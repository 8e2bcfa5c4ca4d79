//! Showing Chinese text in another script: Simplified, Traditional, Taiwan or Hong Kong
//! Traditional, converted phrase by phrase with OpenCC's dictionaries (`text::opencc`).
//!
//! Each conversion's dictionaries load on its first use and stay; the document's own text is
//! never changed, and converted text keeps a map back to the offsets it came from.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::opencc::Conversion;

/// The script text is shown in.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    serde::Serialize,
)]
#[strum(serialize_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// As the document writes it.
    #[default]
    Original,
    /// Simplified Chinese.
    Hans,
    /// Traditional Chinese (OpenCC's standard forms).
    Hant,
    /// Taiwan Traditional, with Taiwan's words (软件 → 軟體).
    Tw,
    /// Hong Kong Traditional.
    Hk,
}

impl Script {
    /// The config name, as `--script` and the config file write it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The script the view key moves to next: each conversion, then the original again.
    pub fn next(self) -> Script {
        match self {
            Script::Original => Script::Hans,
            Script::Hans => Script::Hant,
            Script::Hant => Script::Tw,
            Script::Tw => Script::Hk,
            Script::Hk => Script::Original,
        }
    }

    /// What the script is, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Script::Original => "as written",
            Script::Hans => "Simplified",
            Script::Hant => "Traditional",
            Script::Tw => "Taiwan Traditional",
            Script::Hk => "Hong Kong Traditional",
        }
    }

    /// OpenCC's conversion to this script; `None` for the original. Its dictionaries load on
    /// first use.
    fn conversion(self) -> Option<Conversion> {
        match self {
            Script::Original => None,
            Script::Hans => Some(Conversion::TraditionalToSimplified),
            Script::Hant => Some(Conversion::SimplifiedToTraditional),
            Script::Tw => Some(Conversion::SimplifiedToTaiwan),
            Script::Hk => Some(Conversion::SimplifiedToHongKong),
        }
    }
}

/// `text` converted to `script` in one piece.
pub fn convert(script: Script, text: &str) -> String {
    match script.conversion() {
        Some(conversion) if needs_conversion(text) => conversion.convert(text).into_owned(),
        _ => text.to_string(),
    }
}

/// Whether `text` has anything a conversion could change: only non-ASCII text has.
fn needs_conversion(text: &str) -> bool {
    !text.is_ascii()
}

/// One piece of a converted text: `text[from..to]` became `out`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted<'a> {
    pub from: usize,
    pub to: usize,
    pub out: Cow<'a, str>,
    /// Whether `out` has characters of the same byte lengths as `text[from..to]`, so that its
    /// bytes map one to one; otherwise the piece maps back as a whole.
    pub linear: bool,
}

/// Converts `text` in pieces that map back to it: runs of letters and digits (words and
/// phrases) are converted one by one, punctuation and spaces stay as they are. OpenCC's
/// phrases never span punctuation, so this gives the text that converting the whole would.
pub fn convert_aligned(script: Script, text: &str) -> Vec<Converted<'_>> {
    let mut out = Vec::new();
    let mut kept_from = 0;
    if let Some(conversion) = script.conversion().filter(|_| needs_conversion(text)) {
        let mut run_start: Option<usize> = None;
        let boundaries = text.char_indices().map(|(i, c)| (i, in_word(c))).chain([(text.len(), false)]);
        for (i, in_run) in boundaries {
            if in_run {
                run_start.get_or_insert(i);
                continue;
            }
            let Some(start) = run_start.take() else { continue };
            let run = &text[start..i];
            if run.is_ascii() {
                continue;
            }
            let converted = match conversion.convert(run) {
                Cow::Owned(converted) if converted != run => converted,
                _ => continue,
            };
            if kept_from < start {
                out.push(Converted {
                    from: kept_from,
                    to: start,
                    out: Cow::Borrowed(&text[kept_from..start]),
                    linear: true,
                });
            }
            let linear = same_shape(run, &converted);
            out.push(Converted { from: start, to: i, out: Cow::Owned(converted), linear });
            kept_from = i;
        }
    }
    if kept_from < text.len() || text.is_empty() {
        out.push(Converted {
            from: kept_from,
            to: text.len(),
            out: Cow::Borrowed(&text[kept_from..]),
            linear: true,
        });
    }
    out
}

/// Whether `c` belongs to a run of letters and digits (`char::is_alphanumeric`). The Basic
/// Multilingual Plane is answered from a table, built 64 characters at a time as they are first
/// asked about: the general Unicode lookup was a noticeable part of converting a document.
fn in_word(c: char) -> bool {
    static BMP: [OnceLock<u64>; 1024] = [const { OnceLock::new() }; 1024];
    let Some(block) = BMP.get(c as usize / 64) else {
        return c.is_alphanumeric();
    };
    let bits = block.get_or_init(|| {
        let first = c as u32 & !63;
        (0..64)
            .filter(|i| char::from_u32(first + i).is_some_and(char::is_alphanumeric))
            .fold(0, |bits, i| bits | 1 << i)
    });
    bits & (1 << (c as u32 % 64)) != 0
}

/// Whether `a` and `b` have characters of the same byte lengths in the same order, so that a
/// byte offset in one is a character boundary in the other.
fn same_shape(a: &str, b: &str) -> bool {
    // Characters start at the same offsets exactly when the bytes that start one (any but a
    // continuation byte, 0b10xx_xxxx) are at the same offsets.
    let starts = |byte: u8| (byte as i8) >= -0x40;
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| starts(x) == starts(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(script: Script, text: &str) -> Vec<(usize, String, bool)> {
        let pieces = convert_aligned(script, text);
        for pair in pieces.windows(2) {
            assert_eq!(pair[0].to, pair[1].from, "pieces partition the text");
        }
        pieces.into_iter().map(|p| (p.from, p.out.into_owned(), p.linear)).collect()
    }

    #[test]
    fn phrases_convert_as_opencc_does() {
        assert_eq!(convert(Script::Hant, "头发和发展"), "頭髮和發展");
        assert_eq!(convert(Script::Tw, "软件"), "軟體");
        assert_eq!(convert(Script::Hans, "黃仁勳的頭髮"), "黄仁勋的头发");
        assert_eq!(convert(Script::Original, "头发"), "头发");
    }

    #[test]
    fn aligned_pieces_give_the_whole_conversion_and_map_back() {
        let text = "他說：「頭髮，發展。」 OK";
        let got = pieces(Script::Hans, text);
        let joined: String = got.iter().map(|(_, s, _)| s.as_str()).collect();
        assert_eq!(joined, convert(Script::Hans, text));
        assert_eq!(joined, "他说：「头发，发展。」 OK");
        for (from, out, linear) in &got {
            assert!(text.is_char_boundary(*from));
            if *linear {
                assert!(text[*from..].len() >= out.len());
            }
        }
        assert_eq!(pieces(Script::Hans, "abc"), [(0, "abc".to_string(), true)]);
        assert_eq!(pieces(Script::Hans, ""), [(0, String::new(), true)]);
    }

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            assert_eq!(in_word(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(in_word('𠀾') && !in_word('𝄞'));
    }

    #[test]
    fn shapes_compare_character_lengths() {
        assert!(same_shape("头发a", "頭髮b"));
        assert!(!same_shape("aé", "éa"));
        assert!(!same_shape("头", "ab"));
        assert!(same_shape("", ""));
    }

    #[test]
    fn a_phrase_of_another_length_maps_as_a_whole() {
        let got = pieces(Script::Tw, "用U盘拷贝");
        let joined: String = got.iter().map(|(_, s, _)| s.as_str()).collect();
        assert_eq!(joined, convert(Script::Tw, "用U盘拷贝"));
    }
}
