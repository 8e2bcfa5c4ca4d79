//! kan's own OpenCC lookup converts exactly as ferrous-opencc, the implementation it replaced,
//! on every key of the dictionaries and on large generated texts, for every script: in one
//! piece (`convert`, for headings and search) and in aligned pieces (`convert_aligned`, what the
//! layout draws).

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use kan::text::script::{Script, convert, convert_aligned};

use crate::helpers::generators::{Rng, chinese_novel, mixed_prose};

const DICTIONARIES: &[&str] = &[
    include_str!("../../assets/opencc/STPhrases.txt"),
    include_str!("../../assets/opencc/STCharacters.txt"),
    include_str!("../../assets/opencc/TSPhrases.txt"),
    include_str!("../../assets/opencc/TSCharacters.txt"),
    include_str!("../../assets/opencc/TWPhrases.txt"),
    include_str!("../../assets/opencc/TWVariants.txt"),
    include_str!("../../assets/opencc/HKVariants.txt"),
];

const SCRIPTS: [(Script, BuiltinConfig); 4] = [
    (Script::Hans, BuiltinConfig::T2s),
    (Script::Hant, BuiltinConfig::S2t),
    (Script::Tw, BuiltinConfig::S2twp),
    (Script::Hk, BuiltinConfig::S2hk),
];

/// Every key and every value of every dictionary, each once.
fn words() -> Vec<&'static str> {
    let mut words: Vec<&str> = DICTIONARIES
        .iter()
        .flat_map(|file| file.lines())
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .flat_map(|(key, values)| std::iter::once(key).chain(values.split(' ')))
        .filter(|word| !word.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// About `bytes` of dictionary words run together in random order, so that phrases overlap and
/// meet at every kind of boundary, with now and then a punctuation mark, a space or a line break.
fn word_soup(bytes: usize, seed: u64) -> String {
    let words = words();
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(bytes + 64);
    while text.len() < bytes {
        text.push_str(words[rng.below(words.len())]);
        match rng.below(12) {
            0 => text.push('，'),
            1 => text.push_str("。\n"),
            2 => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Checks `text` in every script against ferrous-opencc, whole and in aligned pieces.
fn assert_converts_as_ferrous_opencc(what: &str, text: &str) {
    for (script, config) in SCRIPTS {
        let reference = OpenCC::from_config(config).expect("ferrous-opencc's dictionaries").convert(text);
        let whole = convert(script, text);
        assert!(whole == reference, "{what}, {script:?}: {}", first_difference(&whole, &reference));
        let aligned: String = convert_aligned(script, text).iter().map(|piece| piece.out.as_ref()).collect();
        assert!(
            aligned == reference,
            "{what}, {script:?} aligned: {}",
            first_difference(&aligned, &reference)
        );
    }
}

/// Where two long texts part, briefly: a failure must not print megabytes.
fn first_difference(got: &str, expected: &str) -> String {
    let at = got
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), b)| a != b)
        .map_or(got.len().min(expected.len()), |((i, _), _)| i);
    let from = (0..=at.saturating_sub(12)).rev().find(|&i| got.is_char_boundary(i)).unwrap_or(0);
    let near = |s: &str| s[from..].chars().take(12).collect::<String>();
    format!("differs at byte {at}: got {:?}, expected {:?}", near(got), near(expected))
}

#[test]
fn every_dictionary_word_converts_as_ferrous_opencc_does() {
    // One word to a line: no key holds a line break, so each line converts on its own.
    assert_converts_as_ferrous_opencc("dictionary words", &words().join("\n"));
}

#[test]
fn dictionary_words_run_together_convert_as_ferrous_opencc_does() {
    assert_converts_as_ferrous_opencc("word soup", &word_soup(1 << 20, 0x0cc));
}

#[test]
fn generated_novels_convert_as_ferrous_opencc_does() {
    let simplified = chinese_novel(512 << 10);
    let traditional = OpenCC::from_config(BuiltinConfig::S2t).expect("dictionaries").convert(&simplified);
    assert_converts_as_ferrous_opencc("Simplified novel", &simplified);
    assert_converts_as_ferrous_opencc("Traditional novel", &traditional);
    assert_converts_as_ferrous_opencc("mixed prose", &mixed_prose(128 << 10));
}
