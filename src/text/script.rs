//! Showing Chinese text in another script: Simplified, Traditional, Taiwan or Hong Kong
//! Traditional, converted phrase by phrase with OpenCC's dictionaries (ferrous-opencc).
//!
//! Each conversion's dictionaries load on its first use and stay; the document's own text is
//! never changed, and converted text keeps a map back to the offsets it came from.

use std::borrow::Cow;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

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

    fn config(self) -> Option<BuiltinConfig> {
        match self {
            Script::Original => None,
            Script::Hans => Some(BuiltinConfig::T2s),
            Script::Hant => Some(BuiltinConfig::S2t),
            Script::Tw => Some(BuiltinConfig::S2twp),
            Script::Hk => Some(BuiltinConfig::S2hk),
        }
    }
}

/// The converter for `script`, loaded on first use; `None` for the original.
fn converter(script: Script) -> Option<&'static OpenCC> {
    static CONVERTERS: [OnceLock<Option<OpenCC>>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let config = script.config()?;
    let slot = &CONVERTERS[script as usize - 1];
    // The dictionaries are built into the binary; a failure to read them is a bug in the build,
    // and the text is then shown as written.
    slot.get_or_init(|| OpenCC::from_config(config).ok()).as_ref()
}

/// `text` converted to `script` in one piece.
pub fn convert(script: Script, text: &str) -> String {
    match converter(script) {
        Some(cc) if needs_conversion(text) => cc.convert(text),
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
    if let Some(cc) = converter(script).filter(|_| needs_conversion(text)) {
        let mut run_start: Option<usize> = None;
        let boundaries =
            text.char_indices().map(|(i, c)| (i, c.is_alphanumeric())).chain([(text.len(), false)]);
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
            let converted = cc.convert(run);
            if converted == run {
                continue;
            }
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

/// Whether `a` and `b` have characters of the same byte lengths in the same order, so that a
/// byte offset in one is a character boundary in the other.
fn same_shape(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().map(char::len_utf8).eq(b.chars().map(char::len_utf8))
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
    fn a_phrase_of_another_length_maps_as_a_whole() {
        let got = pieces(Script::Tw, "用U盘拷贝");
        let joined: String = got.iter().map(|(_, s, _)| s.as_str()).collect();
        assert_eq!(joined, convert(Script::Tw, "用U盘拷贝"));
    }
}
