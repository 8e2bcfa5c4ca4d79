//! The one place display width is computed: per grapheme cluster, with the ambiguous-width setting.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of one grapheme cluster.
pub fn grapheme_width(g: &str, ambiguous_wide: bool) -> usize {
    if ambiguous_wide { g.width_cjk() } else { g.width() }
}

/// Display width of a string, summed per grapheme cluster.
pub fn str_width(s: &str, ambiguous_wide: bool) -> usize {
    s.graphemes(true).map(|g| grapheme_width(g, ambiguous_wide)).sum()
}
