//! Character classes of CJK text, shared by the parsers, the anchors and the wrapper: in this
//! leaf module, so that `layout` and `store` need not reach into `document::plain` for them.

/// Whether a character belongs to a script written without spaces between words (Han, kana,
/// CJK punctuation, fullwidth forms). Hangul is written with spaces and is not included.
pub fn is_cjk(c: char) -> bool {
    // The unified ideographs first: most CJK text is them, and the range test is then one compare.
    let code = c as u32;
    (0x4E00..=0x9FFF).contains(&code)
        || matches!(code,
            0x2E80..=0x2FDF     // radicals
            | 0x3000..=0x303F   // CJK symbols and punctuation
            | 0x3040..=0x30FF   // hiragana, katakana
            | 0x31F0..=0x31FF   // katakana extensions
            | 0x3400..=0x4DBF   // extension A
            | 0x4E00..=0x9FFF   // unified ideographs
            | 0xF900..=0xFAFF   // compatibility ideographs
            | 0xFE30..=0xFE4F   // compatibility forms
            | 0xFF00..=0xFFEF   // fullwidth and halfwidth forms
            | 0x20000..=0x3FFFF // supplementary ideographs
        )
}

/// Whether two lines meeting at `prev` and `next` join with nothing between: a CJK character
/// next to anything but a Latin letter or digit (中|文, 。|“, ”|他). Latin joins with a space.
pub fn joins_without_space(prev: char, next: char) -> bool {
    let latin = |c: char| c.is_alphanumeric() && !is_cjk(c);
    (is_cjk(prev) && !latin(next)) || (is_cjk(next) && !latin(prev))
}
