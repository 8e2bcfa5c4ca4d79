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
    /// (an empty key or value, a second tab) are skipped, as ferrous-opencc's compiler skips them.
    fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.0.lines().filter_map(|line| {
            // As `trim()`, for this question, and quicker.
            let trimmed = line.trim_start();
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
///
/// Every key and every prefix of a key is looked up by its characters: a walk over them is a
/// walk down the dictionary's trie, one character at a time, and stops at the first text no key
/// starts with, mostly after a character or two.
struct Step {
    /// The one-character prefixes in the Basic Multilingual Plane, by character, as
    /// [`Prefix`] bits: most text is there, and this answers without hashing.
    first: Box<[u32]>,
    /// The other prefixes of up to [`PACKED`] characters, by [`Packed`] code.
    short: FxHashMap<u64, Prefix>,
    /// The longer prefixes.
    long: FxHashMap<&'static str, Prefix>,
    /// The conversions, by [`Prefix::value`].
    values: Vec<&'static str>,
}

/// A key or the beginning of one, in four bytes: whether longer keys start with it, and one more
/// than the index of its conversion when it is a key. All zero is neither, so that the table of
/// first characters starts as zeroed memory, which is not resident until written.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Prefix(u32);

impl Prefix {
    const CONTINUES: u32 = 1 << 31;

    /// The index of the conversion, when this is a key.
    fn value(self) -> Option<usize> {
        (self.0 & !Prefix::CONTINUES).checked_sub(1).map(|index| index as usize)
    }

    fn continues(self) -> bool {
        self.0 & Prefix::CONTINUES != 0
    }

    /// Makes this prefix the key for the conversion at `index`.
    fn set_value(&mut self, index: usize) {
        let value = u32::try_from(index + 1)
            .ok()
            .filter(|value| value & Prefix::CONTINUES == 0)
            .expect("fewer keys than 2^31");
        self.0 = (self.0 & Prefix::CONTINUES) | value;
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

/// Characters below this are looked up in [`Step::first`].
const FIRST: usize = 0x10000;

impl Step {
    /// The step over `files`: the first file wins a key several define, and within a file the
    /// last line for a key wins.
    fn new(files: &[DictionaryFile]) -> Step {
        // Lines bound the keys; a dictionary has about as many short prefixes as keys, and
        // half as many long ones. Room for them up front saves growing the maps.
        let lines: usize = files.iter().map(|file| file.0.lines().count()).sum();
        let mut step = Step {
            // Zeroed memory, resident only where a key starts.
            first: vec![0; FIRST].into_boxed_slice(),
            short: FxHashMap::with_capacity_and_hasher(lines + lines / 4, Default::default()),
            long: FxHashMap::with_capacity_and_hasher(lines / 2, Default::default()),
            values: Vec::with_capacity(lines),
        };
        // Read last to first, so that what an earlier file (or a later line) says overwrites.
        for (key, value) in files.iter().rev().flat_map(DictionaryFile::entries) {
            let mut packed = Packed::default();
            let mut chars = key.char_indices().enumerate().peekable();
            while let Some((n, (at, c))) = chars.next() {
                let end = at + c.len_utf8();
                packed = packed.then(c);
                let slot = if n == 0 && (c as usize) < FIRST {
                    &mut step.first[c as usize]
                } else if n < PACKED {
                    &mut step.short.entry(packed.0).or_default().0
                } else {
                    &mut step.long.entry(&key[..end]).or_default().0
                };
                let mut prefix = Prefix(*slot);
                if chars.peek().is_some() {
                    prefix.0 |= Prefix::CONTINUES;
                } else {
                    prefix.set_value(step.values.len());
                    step.values.push(value);
                }
                *slot = prefix.0;
            }
        }
        step.short.shrink_to_fit();
        step.long.shrink_to_fit();
        step.values.shrink_to_fit();
        step
    }

    /// The longest key at the start of `text`: its length and its value.
    fn longest_key(&self, text: &str) -> Option<(usize, &'static str)> {
        let mut chars = text.char_indices();
        let (_, c) = chars.next()?;
        let mut packed = Packed::default().then(c);
        let mut prefix = match self.first.get(c as usize) {
            Some(&bits) => Prefix(bits),
            None => *self.short.get(&packed.0)?,
        };
        let mut end = c.len_utf8();
        let mut found = None;
        for n in 1.. {
            if let Some(value) = prefix.value() {
                found = Some((end, self.values[value]));
            }
            if !prefix.continues() {
                break;
            }
            let Some((at, c)) = chars.next() else { break };
            end = at + c.len_utf8();
            let next = if n < PACKED {
                packed = packed.then(c);
                self.short.get(&packed.0)
            } else {
                self.long.get(&text[..end])
            };
            let Some(&next) = next else { break };
            prefix = next;
        }
        found
    }

    /// `text` with its keys replaced; borrowed when that changes nothing.
    fn apply<'a>(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        let mut out = String::new();
        // Text before `copied` is in `out` already; nothing is until a key changes something.
        let mut copied = 0;
        let mut at = 0;
        while at < text.len() {
            let Some((len, value)) = self.longest_key(&text[at..]) else {
                at += utf8_len(text.as_bytes()[at]);
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

/// The length of the UTF-8 character that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
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
