//! Line breaking: UAX #14 plus the CJK rules of CJK-LAYOUT.md, greedy fill. Pure; works on
//! sanitised `&str` and returns byte ranges with their measured widths.

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::LayoutOptions;
use super::sanitize::{Hint, sanitize};
use super::width::{char_width, grapheme_width, is_simple, str_width};
use crate::text::cjk::is_cjk;

/// One visual line of a wrapped text: `text[start..end]`, drawn as is, or as `?` when
/// `placeholder` (a grapheme wider than the pane), followed by `-` when `hyphen` (a break at a
/// soft hyphen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Display width as drawn, with the hyphen or placeholder.
    pub width: usize,
    pub hyphen: bool,
    pub placeholder: bool,
}

impl Segment {
    /// The segment as it is drawn.
    pub fn draw(&self, text: &str) -> String {
        if self.placeholder {
            return "?".into();
        }
        let mut out = String::with_capacity(self.end - self.start + 1);
        out.push_str(&text[self.start..self.end]);
        if self.hyphen {
            out.push('-');
        }
        out
    }
}

/// A break opportunity before byte `pos`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    pub pos: usize,
    /// A hard line break (after `\n`, and at the end of the text).
    pub mandatory: bool,
    /// A soft hyphen: the line is drawn with `-` if it breaks here.
    pub hyphen: bool,
}

/// Wraps sanitised prose (`\n` is a hard break) into lines of at most `width` columns.
pub fn wrap_prose(text: &str, hints: &[(usize, Hint)], width: usize, ambiguous_wide: bool) -> Vec<Segment> {
    let mut fill = Filler::new(text, width, ambiguous_wide);
    let mut unit_start = 0;
    for b in opportunities(text, hints) {
        fill.unit(unit_start, b.pos, b.mandatory, b.hyphen);
        unit_start = b.pos;
    }
    if fill.out.is_empty() || unit_start < text.len() {
        fill.unit(unit_start, text.len(), true, false);
    }
    fill.out
}

/// Wraps sanitised code: hard lines are kept, long ones are cut at grapheme boundaries with no
/// line-breaking rules. Spaces at a cut are dropped from the line's end.
pub fn wrap_code(text: &str, width: usize, ambiguous_wide: bool) -> Vec<Segment> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut start = line_start;
        let mut end = line_start;
        let mut w = 0;
        let emit = |out: &mut Vec<Segment>, start: usize, end: usize, w: usize| {
            let trimmed = text[start..end].trim_end_matches(' ');
            let dropped = end - start - trimmed.len();
            out.push(Segment {
                start,
                end: end - dropped,
                width: w - dropped,
                hyphen: false,
                placeholder: false,
            });
        };
        let mut any = false;
        for (i, g) in line.grapheme_indices(true) {
            let gs = line_start + i;
            let gw = grapheme_width(g, ambiguous_wide);
            if gw > width {
                if end > start {
                    emit(&mut out, start, end, w);
                }
                out.push(Segment {
                    start: gs,
                    end: gs + g.len(),
                    width: 1,
                    hyphen: false,
                    placeholder: true,
                });
                any = true;
                start = gs + g.len();
                end = start;
                w = 0;
                continue;
            }
            if w + gw > width {
                emit(&mut out, start, end, w);
                any = true;
                start = gs;
                end = gs;
                w = 0;
            }
            // Spaces at a cut are dropped (indentation at the start of a code line is kept).
            if end == start && any && g == " " {
                start = gs + 1;
                end = start;
                continue;
            }
            end = gs + g.len();
            w += gw;
        }
        if end > start || !any {
            emit(&mut out, start, end, w);
        }
        line_start += line.len() + 1;
    }
    out
}

/// Sanitises and wraps plain text, returning the drawn lines (for tools, tests and benches).
pub fn wrap_str(text: &str, options: LayoutOptions) -> Vec<String> {
    let clean = sanitize(text, options.tab_width, options.ambiguous_wide);
    wrap_prose(&clean.text, &clean.hints, options.width.max(1), options.ambiguous_wide)
        .iter()
        .map(|s| s.draw(&clean.text))
        .collect()
}

/// Sanitises and wraps plain text, returning `(byte offset in text, drawn line)` pairs (the
/// offset of a line's first grapheme; the API of the first skeleton, kept for its callers).
pub fn wrap_plain(text: &str, options: LayoutOptions) -> Vec<(usize, String)> {
    let clean = sanitize(text, options.tab_width, options.ambiguous_wide);
    wrap_prose(&clean.text, &clean.hints, options.width.max(1), options.ambiguous_wide)
        .iter()
        .map(|s| (clean.source_of(s.start), s.draw(&clean.text)))
        .collect()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Chinese and Japanese quotes: UAX #14 (Unicode 15.0) never breaks around quotation marks,
/// which glues “ to the ideograph before it and ” to the one after. Between ideographs they act
/// as opening and closing punctuation (as Unicode 15.1's LB19a later made them).
fn quote_break(text: &str, pos: usize) -> bool {
    let (Some(before), Some(after)) = (char_before(text, pos), char_at(text, pos)) else {
        return false;
    };
    if matches!(after, '“' | '‘')
        && is_cjk(before)
        && matches!(
            break_property(before as u32),
            BreakClass::Ideographic
                | BreakClass::ClosePunctuation
                | BreakClass::Exclamation
                | BreakClass::NonStarter
                | BreakClass::ConditionalJapaneseStarter
        )
    {
        return true;
    }
    if matches!(before, '”' | '’') {
        return (is_cjk(after) || matches!(after, '“' | '‘'))
            && matches!(
                break_property(after as u32),
                BreakClass::Ideographic
                    | BreakClass::OpenPunctuation
                    | BreakClass::Quotation
                    | BreakClass::HangulLvSyllable
                    | BreakClass::HangulLvtSyllable
            );
    }
    false
}

/// The CJK additions to UAX #14, and grapheme integrity: whether an opportunity UAX #14 (or a
/// hint) offers before `pos` is kept.
fn allowed(text: &str, pos: usize) -> bool {
    let (Some(before), Some(after)) = (char_before(text, pos), char_at(text, pos)) else {
        return false;
    };
    // The common case in CJK prose: a break before an ideograph.
    if ('\u{4E00}'..='\u{9FFF}').contains(&after) && is_simple(before) {
        return true;
    }
    if no_start(after) {
        return false;
    }
    if after == '·' || after == '～' || (is_fullwidth_digit(before) && is_fullwidth_digit(after)) {
        return false;
    }
    if is_simple(before) && is_simple(after) {
        return true;
    }
    GraphemeCursor::new(pos, text.len(), true).is_boundary(text, 0).unwrap_or(true)
}

/// Characters that never start a line, even after a space (where UAX #14 allows a break before
/// `…`, small kana and `ー`).
fn no_start(c: char) -> bool {
    matches!(c, '”' | '’')
        || matches!(
            break_property(c as u32),
            BreakClass::ClosePunctuation
                | BreakClass::CloseParenthesis
                | BreakClass::Exclamation
                | BreakClass::InfixSeparator
                | BreakClass::NonStarter
                | BreakClass::ConditionalJapaneseStarter
                | BreakClass::Inseparable
        )
}

/// Break opportunities of a sanitised text in order, the last one mandatory at the end: UAX #14
/// with the CJK additions, at grapheme boundaries.
pub fn opportunities(text: &str, hints: &[(usize, Hint)]) -> Vec<Break> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut hint = 0;
    let mut prev = 0;
    for (pos, op) in linebreaks(text) {
        let hints_inside = hints.get(hint).is_some_and(|&(h, _)| h < pos);
        if hints_inside || text.as_bytes()[prev..pos].contains(&0xE2) {
            extra_opportunities(text, prev, pos, hints, &mut hint, &mut out);
        }
        let mut glue = false;
        let mut hyphen = false;
        while let Some(&(h, kind)) = hints.get(hint) {
            if h > pos {
                break;
            }
            if h == pos {
                glue |= kind == Hint::Glue;
                hyphen |= kind == Hint::Hyphen;
            }
            hint += 1;
        }
        if op == BreakOpportunity::Mandatory {
            out.push(Break { pos, mandatory: true, hyphen: false });
        } else if !glue && allowed(text, pos) {
            out.push(Break { pos, mandatory: false, hyphen });
        }
        prev = pos;
    }
    out
}

/// Opportunities strictly inside `(from, to)`, where UAX #14 found none: zero-width spaces,
/// soft hyphens and CJK quotes.
fn extra_opportunities(
    text: &str,
    from: usize,
    to: usize,
    hints: &[(usize, Hint)],
    hint: &mut usize,
    out: &mut Vec<Break>,
) {
    for (i, _) in text[from..to].char_indices().skip(1) {
        let pos = from + i;
        let mut kind = None;
        while let Some(&(h, k)) = hints.get(*hint) {
            if h > pos {
                break;
            }
            if h == pos {
                kind = Some(k);
            }
            *hint += 1;
        }
        let candidate = match kind {
            Some(Hint::Glue) => None,
            // After a zero-width space followed by spaces UAX #14 breaks after the spaces.
            Some(Hint::Break) if char_at(text, pos) == Some(' ') => None,
            Some(Hint::Break) => Some(false),
            Some(Hint::Hyphen) => Some(true),
            None => quote_break(text, pos).then_some(false),
        };
        if let Some(hyphen) = candidate
            && allowed(text, pos)
        {
            out.push(Break { pos, mandatory: false, hyphen });
        }
    }
}

/// The greedy filler: takes units (text between two break opportunities) one by one.
struct Filler<'a> {
    text: &'a str,
    width: usize,
    ambiguous_wide: bool,
    out: Vec<Segment>,
    /// The current line: `text[start..end]`, `width` columns, if it has any content.
    line: Option<(usize, usize, usize)>,
    /// Width of the spaces after the line's last unit: dropped if the line breaks there.
    pending_spaces: usize,
    /// Whether the line's last unit ends at a soft hyphen.
    last_hyphen: bool,
    /// At the start of a paragraph, before its first content.
    paragraph_start: bool,
    /// Leading indentation of the paragraph: `text[start..end]`, `width` columns.
    indent: Option<(usize, usize, usize)>,
}

impl<'a> Filler<'a> {
    fn new(text: &'a str, width: usize, ambiguous_wide: bool) -> Self {
        Filler {
            text,
            width: width.max(1),
            ambiguous_wide,
            out: Vec::with_capacity(text.len() / (width.max(1) * 2) + 1),
            line: None,
            pending_spaces: 0,
            last_hyphen: false,
            paragraph_start: true,
            indent: None,
        }
    }

    fn unit(&mut self, start: usize, end: usize, mandatory: bool, hyphen: bool) {
        let unit = &self.text[start..end];
        let body = unit.trim_end_matches(|c| is_space(c) || c == '\n');
        let content_end = start + body.len();
        let spaces: usize =
            self.text[content_end..end].chars().filter(|&c| c != '\n').map(|c| char_width(c, false)).sum();
        if body.is_empty() {
            if self.line.is_none() && self.paragraph_start {
                let (s, w) = self.indent.map_or((start, 0), |(s, _, w)| (s, w));
                let indent_end = start + unit.trim_end_matches('\n').len();
                self.indent = Some((s, indent_end, w + spaces));
            } else {
                self.pending_spaces += spaces;
            }
        } else {
            let w = measure(body, self.ambiguous_wide);
            self.place(start, content_end, w, hyphen);
            self.pending_spaces = spaces;
            self.last_hyphen = hyphen;
        }
        if mandatory {
            match self.line {
                Some(_) => self.emit(true),
                // A paragraph with no content (an empty line) is one empty line.
                None if self.paragraph_start => {
                    self.out.push(Segment { start, end: start, width: 0, hyphen: false, placeholder: false })
                }
                None => {}
            }
            self.paragraph_start = true;
            self.indent = None;
            self.pending_spaces = 0;
            self.last_hyphen = false;
        }
    }

    fn place(&mut self, start: usize, end: usize, w: usize, hyphen: bool) {
        if let Some((line_start, _, line_w)) = self.line {
            let need = line_w + self.pending_spaces + w;
            // A soft hyphen needs a column of its own if the line breaks there.
            if need + usize::from(hyphen) <= self.width {
                self.line = Some((line_start, end, need));
                return;
            }
            self.emit(false);
        } else if let Some((indent_start, _, indent_w)) = self.indent.take()
            && indent_w + w <= self.width
        {
            self.paragraph_start = false;
            self.line = Some((indent_start, end, indent_w + w));
            return;
        }
        self.paragraph_start = false;
        if w <= self.width {
            self.line = Some((start, end, w));
        } else {
            self.last_hyphen = false;
            self.split(start, end);
        }
    }

    /// Splits a unit wider than the pane, leaving its tail as the line: between Latin words
    /// and what surrounds them (so that `「12.5%` keeps `12.5%` whole), and words wider than the
    /// pane at grapheme boundaries.
    fn split(&mut self, start: usize, end: usize) {
        for (i, word) in latin_words(&self.text[start..end]) {
            let ws = start + i;
            let ww = measure(word, self.ambiguous_wide);
            if ww <= self.width {
                self.add_piece(ws, ws + word.len(), ww, word.chars().all(is_space));
                continue;
            }
            for (j, g) in word.grapheme_indices(true) {
                let gs = ws + j;
                let gw = grapheme_width(g, self.ambiguous_wide);
                if gw > self.width {
                    if self.line.is_some() {
                        self.emit(false);
                    }
                    self.out.push(Segment {
                        start: gs,
                        end: gs + g.len(),
                        width: 1,
                        hyphen: false,
                        placeholder: true,
                    });
                    continue;
                }
                self.add_piece(gs, gs + g.len(), gw, g.chars().all(is_space));
            }
        }
    }

    /// Adds a piece of a split unit to the line, or starts the next line with it.
    fn add_piece(&mut self, start: usize, end: usize, w: usize, space: bool) {
        match self.line {
            Some((s, _, lw)) if lw + w <= self.width => self.line = Some((s, end, lw + w)),
            // Spaces at a break are dropped, here too.
            Some(_) if space => self.emit(false),
            Some(_) => {
                self.emit(false);
                self.line = Some((start, end, w));
            }
            None if space => {}
            None => self.line = Some((start, end, w)),
        }
    }

    fn emit(&mut self, hard: bool) {
        if let Some((start, end, mut w)) = self.line.take() {
            let kept = self.text[start..end].trim_end_matches(is_space);
            w -= self.text[start + kept.len()..end].chars().map(|c| char_width(c, false)).sum::<usize>();
            let end = start + kept.len();
            let hyphen = !hard && self.last_hyphen && w < self.width;
            self.out.push(Segment { start, end, width: w + usize::from(hyphen), hyphen, placeholder: false });
        }
        self.pending_spaces = 0;
        self.last_hyphen = false;
    }
}

/// `text` cut into runs of Latin text (letters, digits, ASCII punctuation) and single
/// graphemes of anything else, with their byte offsets.
fn latin_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_latin = |g: &str| {
        g.chars().next().is_some_and(|c| {
            c.is_ascii_graphic() || (c.is_alphanumeric() && !is_cjk(c) && char_width(c, false) == 1)
        })
    };
    let mut graphemes = text.grapheme_indices(true).peekable();
    std::iter::from_fn(move || {
        let (start, g) = graphemes.next()?;
        let mut end = start + g.len();
        if is_latin(g) {
            while let Some(&(i, next)) = graphemes.peek() {
                if !is_latin(next) {
                    break;
                }
                end = i + next.len();
                graphemes.next();
            }
        }
        Some((start, &text[start..end]))
    })
}

/// Width of a unit: char by char when every char stands alone, else per grapheme.
#[inline]
fn measure(s: &str, ambiguous_wide: bool) -> usize {
    let mut w = 0;
    for c in s.chars() {
        if !is_simple(c) {
            return str_width(s, ambiguous_wide);
        }
        w += char_width(c, ambiguous_wide);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<String> {
        wrap_str(text, LayoutOptions::new(width))
    }

    #[test]
    fn kinsoku_pushes_the_character_before_down() {
        assert_eq!(wrap("天气很好。", 8), ["天气很", "好。"]);
    }

    #[test]
    fn latin_words_stay_whole_between_ideographs() {
        assert_eq!(wrap("使用DeepSeek模型", 8), ["使用", "DeepSeek", "模型"]);
    }

    #[test]
    fn odd_width_leaves_the_last_column_blank() {
        assert_eq!(wrap("一二三四五六七", 7), ["一二三", "四五六", "七"]);
    }

    #[test]
    fn quotes_open_and_close_between_ideographs() {
        assert_eq!(wrap("他说：“你好。”然后走了", 8), ["他说：", "“你好。”", "然后走了"]);
    }

    #[test]
    fn cjk_additions_hold() {
        assert_eq!(wrap("阿·布", 4), ["阿·", "布"]);
        assert_eq!(wrap("一到十～二十", 6), ["一到", "十～二", "十"]);
        assert_eq!(wrap("年份２０２６", 6), ["年份", "２０２", "６"]);
    }

    #[test]
    fn soft_hyphen_is_drawn_only_at_a_break() {
        assert_eq!(wrap("co\u{AD}operation", 20), ["cooperation"]);
        assert_eq!(wrap("co\u{AD}operation", 6), ["co-", "operat", "ion"]);
    }

    #[test]
    fn zero_width_space_is_a_break_and_invisible() {
        assert_eq!(wrap("abc\u{200B}def", 4), ["abc", "def"]);
        assert_eq!(wrap("abc\u{2060}def", 4), ["abcd", "ef"]);
    }

    #[test]
    fn indentation_is_kept_with_the_first_word() {
        assert_eq!(wrap("　　天气很好", 8), ["　　天气", "很好"]);
        assert_eq!(wrap("  hello world", 8), ["  hello", "world"]);
        assert_eq!(wrap("  hello", 5), ["hello"]);
    }

    #[test]
    fn too_wide_graphemes_become_question_marks() {
        assert_eq!(wrap("a中b", 1), ["a", "?", "b"]);
        assert_eq!(wrap("a中b", 2), ["a", "中", "b"]);
    }

    #[test]
    fn code_is_cut_at_graphemes() {
        let text = "fn main() { 中文 }\n\n    x";
        let segs = wrap_code(text, 7, false);
        let lines: Vec<_> = segs.iter().map(|s| s.draw(text)).collect();
        assert_eq!(lines, ["fn main", "() { 中", "文 }", "", "    x"]);
    }
}
