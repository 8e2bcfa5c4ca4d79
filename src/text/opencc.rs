//! OpenCC's phrase conversion, over OpenCC's own dictionaries (`assets/opencc/`, Apache-2.0, the
//! files ferrous-opencc 0.4.0 ships) with a lookup of our own: a hash map of every key and every
//! prefix of one, where ferrous-opencc's FST walk and its allocations per match were most of the
//! time of converting a document.
//!
//! A conversion is a chain of steps, each applied to what the one before produced. A step
//! replaces, from the left, the longest key that starts at each position, and copies a character
//! no key starts at; a step made of several dictionaries (OpenCC's "group") takes the longest key
//! of any, the first dictionary winning a key they share.
//!
//! Each step is built on its first use and kept; the Simplified-to-Traditional step is shared by
//! the three conversions that start with it.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// One OpenCC dictionary file: lines of a key, a tab and values separated by spaces; `#` starts a
/// comment line. The first value is the conversion.
struct DictionaryFile(&'static str);

const ST_PHRASES: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/STPhrases.txt"));
const ST_CHARACTERS: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/STCharacters.txt"));
const TS_PHRASES: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/TSPhrases.txt"));
const TS_CHARACTERS: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/TSCharacters.txt"));
const TW_PHRASES: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/TWPhrases.txt"));
const TW_VARIANTS: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/TWVariants.txt"));
const HK_VARIANTS: DictionaryFile = DictionaryFile(include_str!("../../assets/opencc/HKVariants.txt"));

impl DictionaryFile {
    /// Each key with its conversion, in file order. Lines that are not exactly a key and values
    /// (an empty key or value, a second tab) are skipped, as OpenCC's compiler skips them.
    fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.0.lines().filter_map(|line| {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                return None;
            }
            let (key, values) = line.split_once('\t')?;
            if key.is_empty() || values.contains('\t') || values.split(' ').any(str::is_empty) {
                return None;
            }
            values.split(' ').next().map(|first| (key, first))
        })
    }
}

/// One step of a conversion: from the left, the longest key that starts at each position becomes
/// its value.
pub struct Step {
    /// Every key and every prefix of a key of up to [`PACKED`] characters, by [`Packed`] code: a
    /// walk over these and then `long` is a walk down the dictionary's trie, one character at a
    /// time, which stops at the first text no key starts with, mostly within a few characters.
    short: FxHashMap<u64, Prefix>,
    /// The longer keys and prefixes.
    long: FxHashMap<&'static str, Prefix>,
    /// The conversions, by [`Prefix::value`].
    values: Vec<&'static str>,
    /// Whether a key starts with each character of the Basic Multilingual Plane: most characters
    /// start none, and this answers for them without hashing.
    starts: Box<[u64; 1024]>,
}

/// A key or the beginning of one.
#[derive(Clone, Copy)]
struct Prefix {
    /// The index of the conversion in [`Step::values`] when the prefix is itself a key, else
    /// [`Prefix::NOT_A_KEY`].
    value: u32,
    /// Whether longer keys start with it.
    continues: bool,
}

impl Prefix {
    const NOT_A_KEY: u32 = u32::MAX;
}

impl Default for Prefix {
    fn default() -> Prefix {
        Prefix { value: Prefix::NOT_A_KEY, continues: false }
    }
}

/// How many characters a [`Packed`] code holds: three of 21 bits.
const PACKED: usize = 3;

/// The first characters of a text as one number, built a character at a time: each character
/// plus one (so that no character is 0 and a shorter text never reads as a longer one) in its
/// own 21 bits.
#[derive(Clone, Copy, Default)]
struct Packed(u64);

impl Packed {
    fn then(self, c: char) -> Packed {
        Packed(self.0 << 21 | (u64::from(c) + 1))
    }
}

impl Step {
    /// The step over `files`: the first file wins a key several define, and within a file the
    /// last line for a key wins.
    fn new(files: &[DictionaryFile]) -> Step {
        let mut keys: FxHashMap<&'static str, &'static str> = FxHashMap::default();
        for file in files.iter().rev() {
            keys.extend(file.entries());
        }
        let mut step = Step {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            values: Vec::with_capacity(keys.len()),
            starts: Box::new([0; 1024]),
        };
        for (key, value) in keys {
            let mut packed = Packed::default();
            let mut chars = key.char_indices().enumerate().peekable();
            while let Some((n, (at, c))) = chars.next() {
                let end = at + c.len_utf8();
                let prefix = if n < PACKED {
                    packed = packed.then(c);
                    step.short.entry(packed.0).or_default()
                } else {
                    step.long.entry(&key[..end]).or_default()
                };
                if chars.peek().is_some() {
                    prefix.continues = true;
                } else {
                    prefix.value = u32::try_from(step.values.len()).expect("fewer keys than 2^32");
                    step.values.push(value);
                }
            }
            if let Some(first) = key.chars().next().filter(|&c| (c as u32) < 0x10000) {
                step.starts[first as usize / 64] |= 1 << (first as usize % 64);
            }
        }
        step.short.shrink_to_fit();
        step.long.shrink_to_fit();
        step
    }

    /// Whether a key may start with `c`.
    fn may_start(&self, c: char) -> bool {
        let c = c as usize;
        c >= 0x10000 || self.starts[c / 64] & (1 << (c % 64)) != 0
    }

    /// The longest key at the start of `text`: its length and its value.
    fn longest_key(&self, text: &str) -> Option<(usize, &'static str)> {
        let mut found = None;
        let mut packed = Packed::default();
        for (n, (at, c)) in text.char_indices().enumerate() {
            let end = at + c.len_utf8();
            let prefix = if n < PACKED {
                packed = packed.then(c);
                self.short.get(&packed.0)
            } else {
                self.long.get(&text[..end])
            };
            let Some(prefix) = prefix else { break };
            if let Some(&value) = self.values.get(prefix.value as usize) {
                found = Some((end, value));
            }
            if !prefix.continues {
                break;
            }
        }
        found
    }

    /// `text` with its keys replaced; borrowed when that changes nothing.
    fn apply<'a>(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        let mut out = String::new();
        // Text before `copied` is in `out` already; nothing is until a key changes something.
        let mut copied = 0;
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let found = if self.may_start(c) { self.longest_key(&text[at..]) } else { None };
            let Some((len, value)) = found else {
                at += c.len_utf8();
                continue;
            };
            let key = &text[at..at + len];
            if value != key {
                if out.is_empty() {
                    out.reserve(text.len() + text.len() / 8);
                }
                out.push_str(&text[copied..at]);
                out.push_str(value);
                copied = at + len;
            }
            at += len;
        }
        if copied == 0 {
            return text;
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

/// The conversions OpenCC's configurations name, built from their steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    /// Traditional to Simplified (t2s).
    TraditionalToSimplified,
    /// Simplified to Traditional (s2t).
    SimplifiedToTraditional,
    /// Simplified to Taiwan Traditional, with Taiwan's phrases (s2twp).
    SimplifiedToTaiwan,
    /// Simplified to Hong Kong Traditional (s2hk).
    SimplifiedToHongKong,
}

/// The steps, each built once on first use.
#[derive(Clone, Copy)]
enum StepName {
    TraditionalToSimplified,
    SimplifiedToTraditional,
    TaiwanPhrases,
    TaiwanVariants,
    HongKongVariants,
}

impl StepName {
    fn step(self) -> &'static Step {
        static STEPS: [OnceLock<Step>; 5] = [const { OnceLock::new() }; 5];
        STEPS[self as usize].get_or_init(|| match self {
            StepName::TraditionalToSimplified => Step::new(&[TS_PHRASES, TS_CHARACTERS]),
            StepName::SimplifiedToTraditional => Step::new(&[ST_PHRASES, ST_CHARACTERS]),
            StepName::TaiwanPhrases => Step::new(&[TW_PHRASES]),
            StepName::TaiwanVariants => Step::new(&[TW_VARIANTS]),
            StepName::HongKongVariants => Step::new(&[HK_VARIANTS]),
        })
    }
}

impl Conversion {
    fn steps(self) -> &'static [StepName] {
        match self {
            Conversion::TraditionalToSimplified => &[StepName::TraditionalToSimplified],
            Conversion::SimplifiedToTraditional => &[StepName::SimplifiedToTraditional],
            Conversion::SimplifiedToTaiwan => {
                &[StepName::SimplifiedToTraditional, StepName::TaiwanPhrases, StepName::TaiwanVariants]
            }
            Conversion::SimplifiedToHongKong => {
                &[StepName::SimplifiedToTraditional, StepName::HongKongVariants]
            }
        }
    }

    /// `text` converted; borrowed when nothing changed.
    pub fn convert(self, text: &str) -> Cow<'_, str> {
        self.steps().iter().fold(Cow::Borrowed(text), |text, step| step.step().apply(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_compilers_rules() {
        let file = DictionaryFile("# comment\r\n\r\n头\t頭 头\r\nbad line\r\n\tempty\r\nx\ty  z\r\n发\t發\n");
        let entries: Vec<_> = file.entries().collect();
        assert_eq!(entries, [("头", "頭"), ("发", "發")]);
    }

    #[test]
    fn a_group_prefers_the_first_dictionary_and_the_last_line() {
        let step = Step::new(&[DictionaryFile("ab\tAB\na\tX\n"), DictionaryFile("a\tY\nb\tB\nb\tC\n")]);
        assert_eq!(step.apply(Cow::Borrowed("abab a b")), "ABAB X C");
        assert!(matches!(step.apply(Cow::Borrowed("zz")), Cow::Borrowed("zz")));
    }

    #[test]
    fn conversions_follow_opencc() {
        assert_eq!(Conversion::SimplifiedToTraditional.convert("头发和发展"), "頭髮和發展");
        assert_eq!(Conversion::SimplifiedToTaiwan.convert("软件"), "軟體");
        assert_eq!(Conversion::TraditionalToSimplified.convert("黃仁勳的頭髮"), "黄仁勋的头发");
    }
}
