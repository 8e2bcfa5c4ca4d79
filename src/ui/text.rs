//! Fitting short texts (titles, names, messages) into a number of columns.

use unicode_segmentation::UnicodeSegmentation;

use crate::layout::sanitize::sanitize;
use crate::layout::width::grapheme_width;

/// Tab stops in one-line texts (titles, names, messages).
const TAB_WIDTH: usize = 4;

/// `s` sanitised as the content pane does (controls in caret notation, bidi controls removed,
/// line breaks as spaces) and cut to at most `max` columns, ending in `…` when cut.
pub fn fit(s: &str, max: usize, ambiguous_wide: bool) -> (String, usize) {
    let clean = sanitize(s, TAB_WIDTH, ambiguous_wide).text.replace('\n', " ");
    let total: usize = clean.graphemes(true).map(|g| grapheme_width(g, ambiguous_wide)).sum();
    if total <= max {
        return (clean, total);
    }
    let ellipsis = grapheme_width("…", ambiguous_wide);
    let budget = max.saturating_sub(ellipsis);
    let mut out = String::new();
    let mut width = 0;
    for g in clean.graphemes(true) {
        let w = grapheme_width(g, ambiguous_wide);
        if width + w > budget {
            break;
        }
        out.push_str(g);
        width += w;
    }
    if width + ellipsis <= max {
        out.push('…');
        width += ellipsis;
    }
    (out, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_titles_are_cut_at_the_exact_column() {
        assert_eq!(fit("第十二章 风起", 20, false), ("第十二章 风起".to_string(), 13));
        assert_eq!(fit("第十二章 风起", 8, false), ("第十二…".to_string(), 7));
        assert_eq!(fit("第十二章 风起", 7, false), ("第十二…".to_string(), 7));
        assert_eq!(fit("abc", 0, false), (String::new(), 0));
        assert_eq!(fit("a\u{1b}[31mb", 20, false).0, "a^[[31mb");
        assert_eq!(fit("a\u{202E}b\nc", 20, false).0, "ab c");
    }
}
