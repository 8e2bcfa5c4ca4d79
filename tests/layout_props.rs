//! Property tests of the line breaker over random mixed-script text and widths 1–200.

use kan::layout::LayoutOptions;
use kan::layout::sanitize::sanitize_for_wrapping;
use kan::layout::width::{grapheme_width, str_width};
use kan::layout::wrap::{Segment, opportunities, wrap_prose, wrap_str};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

const CLOSING: &str = "，。、；：？！」』）》】〕〉”’…,.;:!?)ゃゅょっァィゥェォャュョッー";
const OPENING: &str = "「『（《【〔〈“‘(";

/// Pieces of mixed-script text: ideographs, kana, Hangul, Latin words, numbers, punctuation of
/// every kinsoku class, emoji sequences, combining marks, spaces.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["山", "路", "雨", "夜", "灯", "火", "書", "生", "客", "棧", "の", "ち", "ょ", "っ", "と", "コ", "ー", "ヒ", "한", "국", "어", "ｶﾞ", "ｱ"]).prop_map(String::from),
        2 => "[a-zA-Z]{1,12}",
        1 => prop::sample::select(vec!["440.6", "12.5%", "2025", "DeepSeek", "AI", "１２３", "ＡＢＣ"]).prop_map(String::from),
        3 => prop::sample::select(CLOSING.chars().map(String::from).collect::<Vec<_>>()),
        2 => prop::sample::select(OPENING.chars().map(String::from).collect::<Vec<_>>()),
        1 => prop::sample::select(vec!["……", "——", "·", "～", "\u{3000}\u{3000}", "“引”"]).prop_map(String::from),
        1 => prop::sample::select(vec!["👨\u{200D}👩\u{200D}👧", "👍🏽", "❤\u{FE0F}", "🇯🇵", "e\u{301}", "\u{1100}\u{1161}\u{11A8}", "α", "Ж"]).prop_map(String::from),
        3 => prop::sample::select(vec![" ", " ", "  "]).prop_map(String::from),
        1 => prop::sample::select(vec!["\t", "a\tb", "\t\t"]).prop_map(String::from),
    ]
}

/// A Latin word as the line breaker sees one: graphemes that start with ASCII punctuation, a
/// letter or a digit of a script written with spaces (so `é` and `α` count, `山` does not).
fn is_latin(g: &str) -> bool {
    g.chars().next().is_some_and(|c| {
        c.is_ascii_graphic()
            || (c.is_alphanumeric() && !kan::document::plain::is_cjk(c) && grapheme_width(g, false) == 1)
    })
}

/// The Latin word that a split at byte `pos` falls inside, if it falls inside one.
fn latin_word_around(text: &str, pos: usize) -> Option<&str> {
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let k = graphemes.iter().position(|&(i, _)| i == pos)?;
    if k == 0 || !is_latin(graphemes[k - 1].1) || !is_latin(graphemes[k].1) {
        return None;
    }
    let first = graphemes[..k].iter().rposition(|&(_, g)| !is_latin(g)).map_or(0, |i| i + 1);
    let last = graphemes[k..].iter().position(|&(_, g)| !is_latin(g)).map_or(graphemes.len(), |i| k + i);
    let end = graphemes.get(last).map_or(text.len(), |&(i, _)| i);
    Some(&text[graphemes[first].0..end])
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..80).prop_map(|t| t.concat())
}

/// Blanks, which a break drops.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// Width of `s` drawn from `column` on, in a line starting at column 0: tabs go to the next
/// multiple of 4 (as a terminal counts them, from the start of the visual line).
fn width_at(s: &str, column: usize) -> usize {
    let mut at = column;
    for (i, part) in s.split('\t').enumerate() {
        if i > 0 {
            at += 4 - at % 4;
        }
        at += str_width(part, false);
    }
    at - column
}

struct Wrapped {
    text: String,
    segments: Vec<Segment>,
    breaks: Vec<usize>,
}

fn wrapped(raw: &str, width: usize, wide: bool) -> Wrapped {
    let clean = sanitize_for_wrapping(raw, 4, wide);
    let mut options = LayoutOptions::new(width);
    options.ambiguous_wide = wide;
    let segments = wrap_prose(&clean.text, &clean.hints, options);
    let breaks = opportunities(&clean.text, &clean.hints).iter().map(|b| b.pos).collect();
    Wrapped { text: clean.text, segments, breaks }
}

impl Wrapped {
    /// The unit (between opportunities, without trailing spaces) that starts at `pos`, if an
    /// opportunity is there.
    fn unit_at(&self, pos: usize) -> Option<&str> {
        let i = self.breaks.binary_search(&pos).ok()?;
        let end = *self.breaks.get(i + 1)?;
        Some(self.text[pos..end].trim_end_matches(is_space))
    }

    /// The unit containing `pos`.
    fn unit_around(&self, pos: usize) -> &str {
        let i = self.breaks.partition_point(|&b| b <= pos);
        let start = if i == 0 { 0 } else { self.breaks[i - 1] };
        let end = self.breaks.get(i).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(is_space)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_line_is_wider_than_the_width(text in mixed_text(), width in 1usize..=200, wide: bool) {
        let mut options = LayoutOptions::new(width);
        options.ambiguous_wide = wide;
        for line in wrap_str(&text, options) {
            prop_assert!(str_width(&line, wide) <= width, "{line:?} at {width}");
            prop_assert_eq!(line.trim_end(), line.as_str());
        }
    }

    #[test]
    fn joined_lines_give_back_the_text(text in mixed_text(), width in 1usize..=200) {
        let w = wrapped(&text, width, false);
        let mut at = 0;
        for seg in &w.segments {
            prop_assert!(seg.start >= at);
            prop_assert!(w.text[at..seg.start].chars().all(is_space), "lost {:?}", &w.text[at..seg.start]);
            at = seg.end;
        }
        prop_assert!(w.text[at..].chars().all(is_space));
    }

    #[test]
    fn kinsoku_holds_at_every_break(text in mixed_text(), width in 1usize..=200) {
        let w = wrapped(&text, width, false);
        for &b in &w.breaks {
            let Some(after) = w.text[b..].chars().next() else { continue };
            let before = w.text[..b].chars().next_back();
            prop_assert!(!CLOSING.contains(after), "break before {after:?} in {:?}", w.text);
            prop_assert!(!before.is_some_and(|c| OPENING.contains(c)), "break after {before:?} in {:?}", w.text);
        }
        // A line starts with a closing mark only when its unit was too wide for a line.
        for seg in w.segments.iter().skip(1).filter(|s| !s.placeholder) {
            let first = w.text[seg.start..].chars().next();
            if first.is_some_and(|c| CLOSING.contains(c)) {
                let unit = w.unit_around(seg.start);
                prop_assert!(width_at(unit, 0) > width, "{unit:?} fits {width}");
            }
        }
    }

    #[test]
    fn short_latin_words_are_never_split(text in mixed_text(), width in 1usize..=200) {
        let w = wrapped(&text, width, false);
        // Only forced splits matter: UAX #14 itself breaks inside some ASCII runs ("a-b", "!a").
        for seg in w.segments.iter().skip(1).filter(|s| w.breaks.binary_search(&s.start).is_err()) {
            if let Some(word) = latin_word_around(&w.text, seg.start) {
                prop_assert!(str_width(word, false) > width, "split {word:?} at {width}");
            }
        }
    }

    #[test]
    fn lines_break_only_where_the_next_unit_does_not_fit(text in mixed_text(), width in 1usize..=200) {
        let w = wrapped(&text, width, false);
        for pair in w.segments.windows(2) {
            let (line, next) = (pair[0], pair[1]);
            if line.placeholder || next.placeholder {
                continue;
            }
            // Forced splits inside a too-wide unit are checked by the kinsoku property.
            let Some(unit) = w.unit_at(next.start) else { continue };
            let spaces = width_at(&w.text[line.end..next.start], line.width);
            let unit_width = width_at(unit, line.width + spaces);
            prop_assert!(line.width + spaces + unit_width > width,
                "{:?} would fit after {:?} at {width}", unit, &w.text[line.start..line.end]);
        }
    }

    #[test]
    fn arbitrary_input_never_panics(text in any::<String>(), width in 1usize..=200, wide: bool) {
        let mut options = LayoutOptions::new(width);
        options.ambiguous_wide = wide;
        for line in wrap_str(&text, options) {
            prop_assert!(str_width(&line, wide) <= width);
            prop_assert!(!line.chars().any(|c| c.is_control()));
        }
    }

    #[test]
    fn width_is_the_sum_of_grapheme_widths(text in mixed_text(), wide: bool) {
        let sum: usize = text.graphemes(true).map(|g| grapheme_width(g, wide)).sum();
        prop_assert_eq!(str_width(&text, wide), sum);
    }
}
