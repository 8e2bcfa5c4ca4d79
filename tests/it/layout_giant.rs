//! Giant paragraphs are laid out in segments: drawing one screen, jumping, stepping and the
//! headless render all see the same lines, with a small segment size so that random texts have
//! many segments.

use kan::document::{Anchor, Document, Format};
use kan::layout::{self, Layout, LayoutOptions, Line, Pos};
use kan::text::script::Script;
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["山", "路", "雨", "夜", "灯", "火", "書", "生", "の", "ち", "ょ", "ー", "한"]).prop_map(String::from),
        4 => "[a-z]{1,9}",
        3 => prop::sample::select(vec![" ", " ", "  ", "　　"]).prop_map(String::from),
        2 => prop::sample::select(vec!["，", "。", "「", "」", "“", "”", ",", ".", "(", ")", "!"]).prop_map(String::from),
        1 => prop::sample::select(vec!["12.5%", "DeepSeek", "e\u{301}", "👍🏽", "\t", "\u{200B}", "\u{2060}"]).prop_map(String::from),
        1 => prop::sample::select(vec!["\n", "\n", "\n\n", "*em*", "**strong**", "`code`"]).prop_map(String::from),
        1 => prop::sample::select(vec!["\r", "\r\n", "\u{2028}", "\u{1b}[1m", "\u{202E}"]).prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..300).prop_map(|t| t.concat())
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![Format::Text, Format::Markdown])
}

fn segmented(width: usize, segment_bytes: usize) -> LayoutOptions {
    LayoutOptions { segment_bytes, ..LayoutOptions::new(width) }
}

/// Every line of the document with its position, read from the top in one go.
fn all_lines(doc: &Document, options: LayoutOptions) -> Vec<(Pos, Line)> {
    Layout::new(options).lines_from(doc, Pos::default(), usize::MAX / 2)
}

/// The text as drawn, without the blanks a line break may drop or a tab may become.
fn solid(lines: impl IntoIterator<Item = String>) -> String {
    lines.into_iter().flat_map(|l| l.chars().collect::<Vec<_>>()).filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn segment_by_segment_is_the_render(text in text(), format in format(), width in 1usize..40, step in 4usize..120) {
        let doc = Document::parse(text, format);
        let options = segmented(width, step);
        let lines = all_lines(&doc, options);
        let texts: Vec<String> = lines.iter().map(|(_, l)| l.text.clone()).collect();
        let render: Vec<String> = layout::render(&doc, options);
        prop_assert_eq!(&texts, &render);
        let by_block: Vec<String> = doc.blocks.iter().enumerate().flat_map(|(i, b)| {
            let mut lines: Vec<String> = layout::lay_out_block(&doc, b, options).into_iter().map(|l| l.text).collect();
            if i + 1 < doc.blocks.len() && !lines.is_empty() {
                lines.push(String::new());
            }
            lines
        }).collect();
        prop_assert_eq!(&texts, &by_block);
        // Positions are in order, each segment's lines numbered from 0.
        for pair in lines.windows(2) {
            let (a, b) = (pair[0].0, pair[1].0);
            prop_assert!(a < b);
            prop_assert!(b.line == a.line + 1 || b.line == 0, "{a:?} then {b:?}");
        }
        // Cuts only add line breaks: the same text is drawn as without segments.
        let whole = all_lines(&doc, segmented(width, usize::MAX));
        prop_assert_eq!(solid(texts), solid(whole.into_iter().map(|(_, l)| l.text)));
    }

    #[test]
    fn a_cold_jump_shows_the_lines_the_full_layout_has_there(
        text in text(), format in format(), width in 1usize..40, step in 4usize..120, at in 0.0f64..=1.0,
    ) {
        let doc = Document::parse(text, format);
        let options = segmented(width, step);
        let lines = all_lines(&doc, options);
        prop_assume!(!lines.is_empty());
        let anchor = Anchor((doc.text.len() as f64 * at) as usize);
        let mut layout = Layout::new(options);
        let pos = layout.position_of(&doc, anchor);
        let Some(i) = lines.iter().position(|(p, _)| *p == pos) else {
            return Err(TestCaseError::fail(format!("{pos:?} is not a position of the full layout")));
        };
        // The line of the anchor is the last one of its block that starts at or before it (the
        // block's first line, for an offset before its first text).
        let block = doc.block_at(anchor).unwrap();
        prop_assert_eq!(pos.block, block);
        let of_block = |p: &Pos| p.block == block;
        let expected = lines.iter().rposition(|(p, l)| of_block(p) && l.anchor <= anchor)
            .or_else(|| lines.iter().position(|(p, _)| of_block(p)))
            .unwrap();
        prop_assert_eq!(lines[i].1.anchor, lines[expected].1.anchor);
        prop_assert_eq!(layout.anchor_of(&doc, pos), lines[i].1.anchor);
        let screen = layout.lines_from(&doc, pos, 7);
        prop_assert_eq!(&screen[..], &lines[i..(i + 7).min(lines.len())]);
        // The round trip lands on the same line.
        let top = layout.anchor_of(&doc, pos);
        let again = layout.position_of(&doc, top);
        prop_assert_eq!(lines[lines.iter().position(|(p, _)| *p == again).unwrap()].1.anchor, lines[i].1.anchor);
        if let Some((last, _)) = lines.last() {
            prop_assert_eq!(Layout::new(options).last(&doc), *last);
        }
    }

    #[test]
    fn advance_steps_over_segment_boundaries_like_the_full_layout(
        text in text(), format in format(), width in 1usize..40, step in 4usize..120,
        from in 0usize..1000, delta in -60isize..60,
    ) {
        let doc = Document::parse(text, format);
        let options = segmented(width, step);
        let lines = all_lines(&doc, options);
        prop_assume!(!lines.is_empty());
        let from = from % lines.len();
        let to = (from as isize + delta).clamp(0, lines.len() as isize - 1) as usize;
        let mut layout = Layout::new(options);
        prop_assert_eq!(layout.advance(&doc, lines[from].0, delta), lines[to].0);
        // Back again, one line at a time.
        let mut pos = lines[to].0;
        for _ in 0..delta.unsigned_abs() {
            pos = layout.advance(&doc, pos, -delta.signum());
        }
        let back = (to as isize - delta).clamp(0, lines.len() as isize - 1) as usize;
        prop_assert_eq!(pos, lines[back].0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Text longer than an eighth of a segment but not cut (the first part of a file in one line)
    /// is laid out lazily, a screen at a time: into the very lines laid out whole.
    #[test]
    fn text_laid_out_lazily_is_the_text_laid_out_whole(
        text in text(), format in format(), width in 1usize..40,
        script in prop::sample::select(vec![Script::Original, Script::Original, Script::Hans]),
        ambiguous_wide in any::<bool>(), tab_width in 1usize..6,
        asks in prop::collection::vec(ask(), 1..12),
    ) {
        let doc = Document::parse(text, format);
        let whole = LayoutOptions { script, ambiguous_wide, tab_width, ..segmented(width, usize::MAX) };
        let lazy = LayoutOptions { segment_bytes: doc.text.len().max(16), ..whole };
        let expected = all_lines(&doc, whole);
        prop_assert_eq!(&all_lines(&doc, lazy), &expected);
        prop_assume!(!expected.is_empty());
        let line_at = |at: f64| ((expected.len() - 1) as f64 * at) as usize;
        let mut layout = Layout::new(lazy);
        for ask in asks {
            match ask {
                Ask::Screen { at, count } => {
                    let i = line_at(at);
                    let screen = layout.lines_from(&doc, expected[i].0, count);
                    prop_assert_eq!(&screen[..], &expected[i..(i + count).min(expected.len())]);
                }
                Ask::Advance { at, delta } => {
                    let i = line_at(at);
                    let to = (i as isize + delta).clamp(0, expected.len() as isize - 1) as usize;
                    prop_assert_eq!(layout.advance(&doc, expected[i].0, delta), expected[to].0);
                }
                Ask::PositionOf { at } | Ask::AnchorOf { at } => {
                    let anchor = Anchor((doc.text.len() as f64 * at) as usize);
                    prop_assert_eq!(layout.position_of(&doc, anchor), Layout::new(whole).position_of(&doc, anchor));
                }
                Ask::Last => prop_assert_eq!(layout.last(&doc), expected[expected.len() - 1].0),
            }
        }
    }
}

/// What a reader may ask of its layout, with positions and offsets given as fractions.
#[derive(Clone, Debug)]
enum Ask {
    Screen { at: f64, count: usize },
    Advance { at: f64, delta: isize },
    PositionOf { at: f64 },
    AnchorOf { at: f64 },
    Last,
}

fn ask() -> impl Strategy<Value = Ask> {
    let at = 0.0f64..=1.0;
    prop_oneof![
        3 => (at.clone(), 1usize..12).prop_map(|(at, count)| Ask::Screen { at, count }),
        3 => (at.clone(), -40isize..40).prop_map(|(at, delta)| Ask::Advance { at, delta }),
        2 => at.clone().prop_map(|at| Ask::PositionOf { at }),
        2 => at.prop_map(|at| Ask::AnchorOf { at }),
        1 => Just(Ask::Last),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One layout asked in any order (segments laid out only in part, then further, moves across
    /// the end of what is laid out, back into segments not laid out yet, anchors beyond it)
    /// answers as the full layout does.
    #[test]
    fn a_layout_laid_out_in_part_answers_as_the_full_layout(
        text in text(), format in format(), width in 1usize..40, step in 4usize..120,
        asks in prop::collection::vec(ask(), 1..24),
        script in prop::sample::select(vec![Script::Original, Script::Original, Script::Hans, Script::Tw]),
        ambiguous_wide in any::<bool>(), tab_width in 1usize..6,
    ) {
        let doc = Document::parse(text, format);
        let options = LayoutOptions { script, ambiguous_wide, tab_width, ..segmented(width, step) };
        // Segments laid out in one go (`--render`) are the reference.
        prop_assert_eq!(
            all_lines(&doc, options).into_iter().map(|(_, l)| l.text).collect::<Vec<_>>(),
            layout::render(&doc, options)
        );
        let lines = all_lines(&doc, options);
        prop_assume!(!lines.is_empty());
        let index_of = |pos: Pos| lines.iter().position(|(p, _)| *p == pos);
        let line_at = |at: f64| ((lines.len() - 1) as f64 * at) as usize;
        let mut layout = Layout::new(options);
        for ask in asks {
            match ask {
                Ask::Screen { at, count } => {
                    let i = line_at(at);
                    let screen = layout.lines_from(&doc, lines[i].0, count);
                    prop_assert_eq!(&screen[..], &lines[i..(i + count).min(lines.len())]);
                }
                Ask::Advance { at, delta } => {
                    let i = line_at(at);
                    let to = (i as isize + delta).clamp(0, lines.len() as isize - 1) as usize;
                    prop_assert_eq!(layout.advance(&doc, lines[i].0, delta), lines[to].0, "{} by {}", i, delta);
                }
                Ask::PositionOf { at } => {
                    let anchor = Anchor((doc.text.len() as f64 * at) as usize);
                    let pos = layout.position_of(&doc, anchor);
                    prop_assert_eq!(pos, Layout::new(options).position_of(&doc, anchor));
                    let block = doc.block_at(anchor).unwrap();
                    let of_block = |p: &Pos| p.block == block;
                    let expected = lines.iter().rposition(|(p, l)| of_block(p) && l.anchor <= anchor)
                        .or_else(|| lines.iter().position(|(p, _)| of_block(p)))
                        .unwrap();
                    let i = index_of(pos);
                    prop_assert!(i.is_some(), "{:?} is not a position of the full layout", pos);
                    prop_assert_eq!(lines[i.unwrap()].1.anchor, lines[expected].1.anchor);
                }
                Ask::AnchorOf { at } => {
                    let i = line_at(at);
                    prop_assert_eq!(layout.anchor_of(&doc, lines[i].0), lines[i].1.anchor);
                }
                Ask::Last => prop_assert_eq!(layout.last(&doc), lines[lines.len() - 1].0),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A page is what the reader showed before it looked for the last line only on the last
    /// page: the top moved up to the last page, the lines from there, whether they reach the end;
    /// also with hidden blocks (asides), first and last among them. A bounds check
    /// (`clamp_top`) moves the top as the page does.
    #[test]
    fn a_page_is_the_screen_clamped_to_the_last_page(
        text in text(), format in format(), width in 1usize..40, step in 4usize..120,
        hidden in prop::collection::vec(any::<bool>(), 0..40), height in 1usize..30, at in 0.0f64..=1.0,
    ) {
        let mut doc = Document::parse(text, format);
        for (block, hide) in doc.blocks.iter_mut().zip(hidden) {
            block.aside = hide;
        }
        let options = LayoutOptions { hide_asides: true, ..segmented(width, step) };
        let top = Layout::new(options).position_of(&doc, Anchor((doc.text.len() as f64 * at) as usize));
        let mut before = Layout::new(options);
        let last = before.last(&doc);
        let max_top = before.advance(&doc, last, 1 - height as isize);
        let expected_top = top.min(max_top);
        let expected = before.lines_from(&doc, expected_top, height);
        let at_end = expected.last().is_none_or(|(p, _)| *p >= last);
        let (got_top, got, got_at_end) = Layout::new(options).page(&doc, top, height);
        prop_assert_eq!(got_top, expected_top);
        prop_assert_eq!(got, expected);
        prop_assert_eq!(got_at_end, at_end);
        // A bounds check alone, cold and after the page.
        prop_assert_eq!(Layout::new(options).clamp_top(&doc, top, height), expected_top);
        prop_assert_eq!(before.clamp_top(&doc, top, height), expected_top);
    }
}

/// A one-line text of `bytes` bytes: words and ideographs with no line break.
fn one_line(bytes: usize) -> String {
    let words = ["山路", "雨夜", "灯火，", "lantern ", "light ", "。", "DeepSeek "];
    let mut text = String::with_capacity(bytes + 16);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(words[i % words.len()]);
        i = i.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    text
}

#[test]
fn a_jump_into_a_giant_line_lays_out_a_segment_or_two() {
    let doc = Document::parse(one_line(4 << 20), Format::Text);
    assert_eq!(doc.blocks.len(), 1);
    let mut layout = Layout::new(LayoutOptions::new(80));
    let anchor = Anchor(doc.text.len() * 9 / 10);
    let pos = layout.position_of(&doc, anchor);
    assert!(pos.segment > 50, "{pos:?}");
    let screen = layout.lines_from(&doc, pos, 40);
    assert_eq!(screen.len(), 40);
    assert!(screen[0].1.anchor <= anchor && anchor < screen[1].1.anchor, "the screen starts at the anchor");
    let last = layout.last(&doc);
    let top = layout.advance(&doc, last, -39);
    let end = layout.lines_from(&doc, top, 40);
    assert_eq!(end.last().map(|(p, _)| *p), Some(last));
    assert!(doc.text.ends_with(end.last().unwrap().1.text.trim_end()));
}
