//! The one place display width is computed: per grapheme cluster, with the ambiguous-width setting.
//!
//! Text reaching these functions is already sanitised (no controls). Widths agree with
//! ratatui's buffer (`CellWidth`), which the renderer uses to place cells.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Halfwidth katakana (semi-)voiced sound marks: terminals draw them in a cell of their own,
/// but unicode-width ≤ 0.2.2 measures them 0 as grapheme extenders. ratatui adds 1 for each,
/// so we do the same (only where unicode-width said 0, so a newer unicode-width stays correct).
const HALFWIDTH_SOUND_MARKS: [char; 2] = ['\u{FF9E}', '\u{FF9F}'];

/// Display width of one grapheme cluster, measured whole.
pub fn grapheme_width(g: &str, ambiguous_wide: bool) -> usize {
    let mut chars = g.chars();
    let Some(first) = chars.next() else { return 0 };
    if chars.as_str().is_empty() {
        return char_width(first, ambiguous_wide);
    }
    let mut width = if ambiguous_wide { g.width_cjk() } else { g.width() };
    if ambiguous_wide && width == 1 && is_ambiguous_letter(first) {
        width = 2;
    }
    width + halfwidth_mark_correction(g)
}

fn halfwidth_mark_correction(g: &str) -> usize {
    g.chars().filter(|c| HALFWIDTH_SOUND_MARKS.contains(c) && c.width() == Some(0)).count()
}

/// Display width of a single character standing as a grapheme of its own.
#[inline]
pub fn char_width(c: char, ambiguous_wide: bool) -> usize {
    if (c as u32) < 0x7F {
        return usize::from(c >= ' ');
    }
    if HALFWIDTH_SOUND_MARKS.contains(&c) {
        return 1;
    }
    if ambiguous_wide {
        if is_ambiguous_letter(c) {
            return 2;
        }
        c.width_cjk().unwrap_or(0)
    } else {
        c.width().unwrap_or(0)
    }
}

/// Display width of a string, summed per grapheme cluster.
pub fn str_width(s: &str, ambiguous_wide: bool) -> usize {
    if s.chars().all(is_simple) {
        return s.chars().map(|c| char_width(c, ambiguous_wide)).sum();
    }
    s.graphemes(true).map(|g| grapheme_width(g, ambiguous_wide)).sum()
}

/// How many columns a tab at `column` advances: to the next multiple of `tab_width`.
#[inline]
pub fn tab_advance(column: usize, tab_width: usize) -> usize {
    let tab_width = tab_width.max(1);
    tab_width - column % tab_width
}

/// Whether `c` always forms a grapheme cluster of its own when its neighbours are simple too,
/// with a width that does not depend on context: no combining marks, joiners, variation
/// selectors, emoji modifiers, regional indicators, Hangul jamo or prepended marks. Text made
/// only of such characters can be measured char by char, and a boundary between two of them is
/// a grapheme boundary.
#[inline]
pub fn is_simple(c: char) -> bool {
    let c = c as u32;
    // The common cases first: ASCII, then ideographs.
    if c < 0x7F {
        return c >= 0x20;
    }
    if (0x4E00..=0x9FFF).contains(&c) {
        return true;
    }
    matches!(c,
        0xA0..=0xAC | 0xAE..=0x2FF        // Latin-1 and Latin extended, without the soft hyphen
        | 0x370..=0x482 | 0x48A..=0x52F   // Greek, Cyrillic (not its combining marks)
        | 0x2010..=0x2027 | 0x2030..=0x203B | 0x203D..=0x2048 | 0x204A..=0x205E // punctuation
        | 0x2190..=0x2193 | 0x219A..=0x21A8 | 0x21AB..=0x21FF | 0x2500..=0x257F // arrows, boxes
        | 0x3000..=0x3029 | 0x3031..=0x303D // CJK symbols and punctuation
        | 0x3041..=0x3096 | 0x309B..=0x30FF // kana (not the combining sound marks)
        | 0x3400..=0x4DBF                 // ideographs, extension A
        | 0xAC00..=0xD7A3                 // Hangul syllables
        | 0xFF01..=0xFF9D                 // fullwidth forms, halfwidth kana (not ﾞﾟ)
    )
}

/// East Asian Ambiguous letters: Greek, Cyrillic and the accented Latin letters that CJK fonts
/// draw wide. unicode-width's `width_cjk` keeps them at 1; in wide mode we make them 2.
pub fn is_ambiguous_letter(c: char) -> bool {
    matches!(c as u32,
        0xC6 | 0xD0 | 0xD8..=0xDE | 0xE0..=0xE1 | 0xE6 | 0xE8..=0xEA | 0xEC..=0xED | 0xF0
        | 0xF2..=0xF3 | 0xF8..=0xFA | 0xFC | 0xFE
        | 0x101 | 0x111 | 0x113 | 0x11B | 0x126..=0x127 | 0x12B | 0x131..=0x133 | 0x138
        | 0x13F..=0x142 | 0x144 | 0x148..=0x14B | 0x14D | 0x152..=0x153 | 0x166..=0x167 | 0x16B
        | 0x1CE | 0x1D0 | 0x1D2 | 0x1D4 | 0x1D6 | 0x1D8 | 0x1DA | 0x1DC | 0x251 | 0x261
        | 0x391..=0x3A1 | 0x3A3..=0x3A9 | 0x3B1..=0x3C1 | 0x3C3..=0x3C9
        | 0x401 | 0x410..=0x44F | 0x451
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_measured_whole() {
        for (s, w) in [
            ("👨\u{200D}👩\u{200D}👧\u{200D}👦", 2),
            ("👍🏽", 2),
            ("❤\u{FE0F}", 2),
            ("🇯🇵", 2),
            ("e\u{301}", 1),
            ("\u{1100}\u{1161}\u{11A8}", 2),
            ("ｶﾞ", 2),
            ("中", 2),
            ("　", 2),
        ] {
            assert_eq!(str_width(s, false), w, "{s:?}");
            assert_eq!(str_width(s, true), w, "{s:?} wide");
        }
    }

    #[test]
    fn ambiguous_characters_follow_the_setting() {
        for s in ["“", "”", "‘", "’", "…", "—", "·", "①", "°", "×", "α", "Ж", "é", "─", "│"]
        {
            assert_eq!(str_width(s, false), 1, "{s}");
            assert_eq!(str_width(s, true), 2, "{s} wide");
        }
        assert_eq!(str_width("e\u{301}", true), 1, "only the precomposed letter is ambiguous");
    }

    #[test]
    fn simple_fast_path_matches_grapheme_sum() {
        let samples = "Hello, 世界！「こんにちは」ｱｲｳ한국어 αβγ Жизнь café — “quoted” … ２０２６ ←→ ┼─│";
        for wide in [false, true] {
            let by_grapheme: usize = samples.graphemes(true).map(|g| grapheme_width(g, wide)).sum();
            assert_eq!(str_width(samples, wide), by_grapheme);
            assert!(samples.chars().all(is_simple));
        }
    }
}
