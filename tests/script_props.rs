//! Invariants of script conversion and folding on random text.

use kan::document::{Document, Format};
use kan::layout::{LayoutOptions, lay_out_block};
use kan::reader::search::Query;
use kan::text::fold::{chars_match, fold};
use kan::text::script::{Script, convert, convert_aligned};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "头发",
    "發展",
    "软件",
    "後来",
    "乾脆",
    "干",
    "幹",
    "髮",
    "发",
    "黄仁勋",
    "黃仁勳",
    "计算机",
    "信息",
    "U盘",
    "，",
    "。",
    "「",
    "」",
    " ",
    "\n",
    "AI",
    "2026",
    "ｶﾞ",
    "カタカナ",
    "臺灣",
    "着",
    "著",
    "里",
    "裡",
    "𠀾",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn aligned_pieces_partition_the_text_and_give_the_whole_conversion(text in text()) {
        for script in [Script::Hans, Script::Hant, Script::Tw, Script::Hk] {
            let pieces = convert_aligned(script, &text);
            prop_assert_eq!(pieces.first().map(|p| p.from), Some(0));
            prop_assert_eq!(pieces.last().map(|p| p.to), Some(text.len()));
            for pair in pieces.windows(2) {
                prop_assert_eq!(pair[0].to, pair[1].from);
            }
            for p in &pieces {
                if p.linear {
                    prop_assert_eq!(p.out.len(), p.to - p.from);
                }
            }
            let joined: String = pieces.iter().map(|p| p.out.as_ref()).collect();
            prop_assert_eq!(joined, convert(script, &text));
        }
    }

    #[test]
    fn folding_matches_symmetrically(a in text(), b in text()) {
        for (x, y) in a.chars().zip(b.chars()) {
            let (x, y) = (fold(x), fold(y));
            prop_assert_eq!(chars_match(x, y), chars_match(y, x));
        }
    }

    #[test]
    fn matches_are_in_order_on_character_boundaries(query in text(), text in text()) {
        let mut last = 0;
        for m in Query::new(&query).find_all(&text) {
            prop_assert!(m.start >= last && m.start < m.end);
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            last = m.end;
        }
    }

    #[test]
    fn converted_lines_map_back_to_character_boundaries_in_order(text in text(), width in 1usize..40) {
        let doc = Document::parse(text.clone(), Format::Text);
        for script in [Script::Hans, Script::Tw] {
            let mut options = LayoutOptions::new(width);
            options.script = script;
            let mut last = 0;
            for block in &doc.blocks {
                for line in lay_out_block(&doc, block, options) {
                    prop_assert!(line.anchor.0 >= last, "anchors go forward");
                    last = line.anchor.0;
                    for run in &line.runs {
                        if let Some(source) = run.source {
                            prop_assert!(source <= text.len() && text.is_char_boundary(source));
                        }
                    }
                }
            }
        }
    }
}
