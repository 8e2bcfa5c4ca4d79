//! Our width function agrees with ratatui's buffer, which places the cells on screen.

use kan::layout::width::{grapheme_width, str_width};
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

const SAMPLES: &[&str] = &[
    "中文字符",
    "漢字とかな",
    "ひらがなカタカナ",
    "ｶﾞｷﾞｸﾞﾊﾟﾋﾟ",
    "ｱｲｳｴｵ",
    "한국어 문장",
    "\u{1100}\u{1161}\u{11A8}",
    "👨\u{200D}👩\u{200D}👧\u{200D}👦",
    "👍🏽",
    "❤\u{FE0F}",
    "🇯🇵🇨🇳",
    "e\u{301}a\u{308}",
    "café naïve",
    "ＡＢＣ１２３",
    "，。、「」『』（）",
    "“”‘’…—·",
    "　　",
    "ok ASCII text",
];

#[test]
fn graphemes_measure_as_ratatui_cells() {
    for sample in SAMPLES {
        for g in sample.graphemes(true) {
            assert_eq!(grapheme_width(g, false), usize::from(g.cell_width()), "{g:?} in {sample:?}");
        }
    }
}

#[test]
fn strings_end_where_the_buffer_ends_them() {
    for sample in SAMPLES {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 60, 1));
        let (x, _) = buffer.set_stringn(0, 0, sample, 60, Style::default());
        assert_eq!(str_width(sample, false), usize::from(x), "{sample:?}");
    }
}
