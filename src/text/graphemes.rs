//! Grapheme clusters, with a shortcut for the characters most text is made of.
//!
//! unicode-segmentation finds every boundary by the full rules of UAX #29, a few hundred
//! instructions a character. Between two characters that no rule joins to anything (printable
//! ASCII, CJK ideographs, kana, common CJK punctuation and fullwidth forms) there is always a
//! boundary, so a character between two such is a cluster of its own; elsewhere the full rules
//! decide.

use unicode_segmentation::GraphemeCursor;

/// Whether no grapheme rule ever joins `c` to the character before or after it: not a mark,
/// joiner, selector, regional indicator, Hangul jamo, prepend or control character.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{3001}'..='\u{3003}'   // 、。〃
        | '\u{3008}'..='\u{3011}'   // 〈〉《》「」『』【】
        | '\u{3041}'..='\u{3096}'   // hiragana (not the combining marks 3099, 309A)
        | '\u{309B}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FF}'   // katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{FF01}'..='\u{FF5E}') // fullwidth forms
}

/// The extended grapheme clusters of `text`, as [`unicode_segmentation`] gives them.
pub fn graphemes(text: &str) -> Graphemes<'_> {
    Graphemes { text, at: 0 }
}

pub struct Graphemes<'t> {
    text: &'t str,
    /// The start of the next cluster: always a boundary.
    at: usize,
}

impl<'t> Iterator for Graphemes<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = &self.text[self.at..];
        let mut chars = rest.chars();
        let first = chars.next()?;
        let start = self.at;
        let end = if stands_alone(first) && chars.next().is_none_or(stands_alone) {
            start + first.len_utf8()
        } else {
            let mut cursor = GraphemeCursor::new(start, self.text.len(), true);
            match cursor.next_boundary(self.text, 0) {
                Ok(Some(end)) => end,
                // The whole text is given, so the cursor never asks for more context.
                _ => self.text.len(),
            }
        };
        self.at = end;
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    #[test]
    fn clusters_are_unicode_segmentations() {
        for text in
            ["", "a", "中文。", "e\u{301}中", "👨‍👩‍👧x", "🇯🇵🇨🇳", "한국어", "か\u{3099}", "a\r\nb", "\u{600}1"]
        {
            assert_eq!(
                graphemes(text).collect::<Vec<_>>(),
                text.graphemes(true).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn clusters_match_unicode_segmentation_on_mixed_text(
            text in "[a-z 中文。「」かカ\u{3099}\u{301}\u{200d}\u{fe0f}🙂🇯🇵한\u{1100}\u{1161}\r\n\t\u{600}]{0,40}"
        ) {
            prop_assert_eq!(graphemes(&text).collect::<Vec<_>>(), text.graphemes(true).collect::<Vec<_>>());
        }
    }
}
