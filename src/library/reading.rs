//! Reading time, counted per script: 400 CJK characters a minute, 230 words a minute.
//!
//! What counts:
//! - a **CJK character** is a Han ideograph or a kana (any letter [`text::cjk::is_cjk`] calls
//!   CJK); CJK punctuation and symbols are not read as characters and count for nothing;
//! - a **word** is a run of anything else between spaces and CJK characters, as long as it holds
//!   a letter or digit: `don't`, `e-mail` and `3.14` are one word each, a lone `—` none.
//!
//! Hangul counts by words, not characters: Korean is written with spaces between its words
//! (eojeol), and a run of syllables between two spaces takes about as long to read as an English
//! word, where counting syllables at the CJK rate would make Korean text look half as long as it
//! reads.
//!
//! [`text::cjk::is_cjk`]: crate::text::cjk::is_cjk

use crate::text::cjk::is_cjk;

/// CJK characters read in a minute.
pub const CJK_PER_MINUTE: u64 = 400;
/// Words read in a minute.
pub const WORDS_PER_MINUTE: u64 = 230;

/// What a text holds to be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub cjk: u64,
    pub words: u64,
}

impl Counts {
    pub fn of(text: &str) -> Counts {
        let mut counts = Counts::default();
        // Inside a word, and whether it has had a letter or digit yet.
        let mut in_word = false;
        let mut word_has_alnum = false;
        let end_word = |counts: &mut Counts, in_word: &mut bool, has: &mut bool| {
            if *in_word && *has {
                counts.words += 1;
            }
            *in_word = false;
            *has = false;
        };
        for c in text.chars() {
            if c.is_ascii() {
                // The common case first, without the CJK table.
                if c.is_ascii_whitespace() {
                    end_word(&mut counts, &mut in_word, &mut word_has_alnum);
                } else {
                    in_word = true;
                    word_has_alnum |= c.is_ascii_alphanumeric();
                }
            } else if is_cjk(c) {
                end_word(&mut counts, &mut in_word, &mut word_has_alnum);
                if is_cjk_letter(c) {
                    counts.cjk += 1;
                }
            } else if c.is_whitespace() {
                end_word(&mut counts, &mut in_word, &mut word_has_alnum);
            } else {
                in_word = true;
                word_has_alnum = word_has_alnum || is_letter_or_digit(c);
            }
        }
        end_word(&mut counts, &mut in_word, &mut word_has_alnum);
        counts
    }

    /// Whole minutes, rounded up: any text to read takes at least a minute.
    pub fn minutes(&self) -> u32 {
        // cjk / 400 + words / 230, over a common denominator.
        let numerator = self.cjk * WORDS_PER_MINUTE + self.words * CJK_PER_MINUTE;
        let minutes = numerator.div_ceil(CJK_PER_MINUTE * WORDS_PER_MINUTE);
        u32::try_from(minutes).unwrap_or(u32::MAX)
    }
}

/// Whether a CJK character is read (a letter, not punctuation). The unified ideographs and the
/// kana are answered by their ranges: the general lookup is slow for them, and they are nearly
/// all of a CJK text.
fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3041..=0x3096 | 0x30A1..=0x30FA) || c.is_alphanumeric()
}

/// Whether a character that is neither ASCII nor CJK is a letter or digit, with the common
/// answers of Chinese and Korean text (dashes and ellipses, Hangul syllables) by their ranges.
fn is_letter_or_digit(c: char) -> bool {
    match c as u32 {
        0x2000..=0x206F => false,
        0xAC00..=0xD7A3 => true,
        _ => c.is_alphanumeric(),
    }
}

/// Minutes to read `text`: its CJK characters at 400 a minute plus its words at 230 a minute,
/// rounded up.
pub fn reading_minutes(text: &str) -> u32 {
    Counts::of(text).minutes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> (u64, u64) {
        let c = Counts::of(text);
        (c.cjk, c.words)
    }

    #[test]
    fn english_counts_words_at_230_a_minute() {
        assert_eq!(counts("The quick brown fox — don't stop, e-mail 3.14!"), (0, 8));
        assert_eq!(reading_minutes(""), 0);
        assert_eq!(reading_minutes("   \n — * "), 0, "no letters, nothing to read");
        assert_eq!(reading_minutes("one"), 1);
        assert_eq!(reading_minutes(&"word ".repeat(230)), 1);
        assert_eq!(reading_minutes(&"word ".repeat(231)), 2);
        assert_eq!(reading_minutes(&"word\n".repeat(2300)), 10);
    }

    #[test]
    fn chinese_counts_characters_at_400_a_minute_and_not_punctuation() {
        assert_eq!(counts("山路，「很長」。"), (4, 0));
        assert_eq!(reading_minutes(&"中文".repeat(200)), 1);
        assert_eq!(reading_minutes(&"中文".repeat(201)), 2);
        assert_eq!(reading_minutes(&"中文字，".repeat(400)), 3, "1200 characters; 400 commas are free");
    }

    #[test]
    fn japanese_kana_count_as_characters() {
        assert_eq!(counts("ひらがなとカタカナ、漢字。"), (11, 0));
        // Halfwidth katakana are CJK too.
        assert_eq!(counts("ｶﾀｶﾅ"), (4, 0));
        assert_eq!(reading_minutes(&"あ".repeat(4000)), 10);
    }

    #[test]
    fn the_fast_ranges_agree_with_the_general_lookup() {
        for c in
            (0x3000..=0xFFFF_u32).chain(0x20000..=0x2FFFF).filter_map(char::from_u32).filter(|&c| is_cjk(c))
        {
            assert_eq!(is_cjk_letter(c), c.is_alphanumeric(), "{c} U+{:04X}", c as u32);
        }
        for c in (0x80..=0xFFFF_u32).filter_map(char::from_u32).filter(|&c| !is_cjk(c)) {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn korean_counts_by_words_between_spaces() {
        assert_eq!(counts("나는 학교에 갑니다."), (0, 3));
        assert_eq!(reading_minutes(&"한국어 ".repeat(460)), 2);
    }

    #[test]
    fn mixed_text_is_counted_per_script_and_the_sum_rounded_up() {
        // A Latin word touching CJK ends at the CJK character.
        assert_eq!(counts("用Rust寫的reader很好"), (5, 2));
        assert_eq!(counts("Unicode（統一碼）is fine"), (3, 3));
        // 200 characters (half a minute) and 115 words (half a minute): one minute, not two.
        let mixed = format!("{}{}", "漢".repeat(200), " word".repeat(115));
        assert_eq!(reading_minutes(&mixed), 1);
        let more = format!("{}{}", "漢".repeat(200), " word".repeat(116));
        assert_eq!(reading_minutes(&more), 2);
    }
}
