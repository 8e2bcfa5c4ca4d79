//! Line breaking: UAX #14 plus the CJK rules of CJK-LAYOUT.md. Pure; works on `&str`.

use unicode_segmentation::UnicodeSegmentation;

use super::LayoutOptions;
use super::width::grapheme_width;

/// Placeholder greedy grapheme wrap: `(byte offset, line text)` pairs.
pub fn wrap_plain(text: &str, options: LayoutOptions) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    let mut width = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = grapheme_width(g, options.ambiguous_wide);
        if width + w > options.width && !line.is_empty() {
            out.push((start, std::mem::take(&mut line)));
            width = 0;
            start = i;
        }
        line.push_str(g);
        width += w;
    }
    if !line.is_empty() || out.is_empty() {
        out.push((start, line));
    }
    out
}
