//! Line breaking: UAX #14 plus the CJK rules of CJK-LAYOUT.md, greedy fill. Pure; works on
//! sanitised `&str` and returns byte ranges with their measured widths, one line at a time.
//!
//! A tab advances to the next tab stop counted from the start of its visual line, as a
//! terminal counts them: the wrapper measures it where it lands and [`TabExpander`] draws it.

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::LayoutOptions;
use super::sanitize::{Hint, sanitize_for_wrapping};
use super::width::{char_width, grapheme_width, is_simple, str_width, tab_advance};
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
    /// The segment as it is drawn, its tabs expanded.
    pub fn draw(&self, text: &str, options: LayoutOptions) -> String {
        if self.placeholder {
            return "?".into();
        }
        let mut out = String::with_capacity(self.end - self.start + 1);
        TabExpander::new(options).push(&mut out, &text[self.start..self.end]);
        if self.hyphen {
            out.push('-');
        }
        out
    }
}

/// Draws the tabs of one visual line as spaces up to the next tab stop from the line's start.
#[derive(Clone, Copy, Debug)]
pub struct TabExpander {
    tab_width: usize,
    ambiguous_wide: bool,
    /// The column that byte `measured` of the line being built is drawn at.
    column: usize,
    measured: usize,
}

impl TabExpander {
    /// An expander for a line that starts empty.
    pub fn new(options: LayoutOptions) -> Self {
        TabExpander {
            tab_width: options.tab_width.max(1),
            ambiguous_wide: options.ambiguous_wide,
            column: 0,
            measured: 0,
        }
    }

    /// Appends `s` to `line` (the line being built, which only this expander appends to), its
    /// tabs expanded. Each byte is measured once, so a line of many tabs costs linear time.
    pub fn push(&mut self, line: &mut String, s: &str) {
        let mut rest = s;
        while let Some(i) = rest.find('\t') {
            line.push_str(&rest[..i]);
            self.column += str_width(&line[self.measured..], self.ambiguous_wide);
            let spaces = tab_advance(self.column, self.tab_width);
            line.extend(std::iter::repeat_n(' ', spaces));
            self.column += spaces;
            self.measured = line.len();
            rest = &rest[i + 1..];
        }
        line.push_str(rest);
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

/// Wraps sanitised prose (`\n` is a hard break) into lines of at most `options.width` columns.
pub fn wrap_prose(text: &str, hints: &[(usize, Hint)], options: LayoutOptions) -> Vec<Segment> {
    let mut out = Vec::new();
    wrap_prose_each(text, hints, options, |s| out.push(s));
    out
}

/// [`wrap_prose`], handing each line to `emit` as soon as it is made: a giant paragraph is
/// never held as a list of its lines.
pub fn wrap_prose_each(
    text: &str,
    hints: &[(usize, Hint)],
    options: LayoutOptions,
    mut emit: impl FnMut(Segment),
) {
    ProseWrap::default().run(text, hints, true, options, |seg| {
        emit(seg);
        true
    });
}

/// A prose wrap paused between two break opportunities, to go on later with the same text, or
/// with more of it: what lets a giant paragraph be laid out only as far as it is read. It holds
/// positions, not the text.
///
/// Going on gives exactly the lines one wrap of the whole text gives: an opportunity before
/// byte `p` depends only on the text up to the character at `p`, so the ones before the end of
/// a partial text are final (the filler takes none at or after it until the text is complete);
/// and the UAX #14 scan restarts at its last opportunity, after which its state is the one it
/// has at the start of a text (see `linebreaks_restart_at_any_of_their_breaks`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProseWrap {
    /// The last UAX #14 opportunity taken (0 at the start): where its scan restarts.
    uax: usize,
    /// The last opportunity handed to the filler (0 at the start): where the next unit starts.
    unit_start: usize,
    fill: FillState,
    done: bool,
}

impl ProseWrap {
    /// Whether every line of the text is out.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Goes on wrapping `text` (the whole text when `complete`, else its beginning so far),
    /// handing each line to `emit`, and pauses at the end of the unit in which `emit` says it
    /// has enough (returns false), or where the partial text ends.
    pub fn run(
        &mut self,
        text: &str,
        hints: &[(usize, Hint)],
        complete: bool,
        options: LayoutOptions,
        mut emit: impl FnMut(Segment) -> bool,
    ) {
        if self.done {
            return;
        }
        let more = std::cell::Cell::new(true);
        let mut fill = Filler::new(text, options, |seg| {
            if !emit(seg) {
                more.set(false);
            }
        });
        fill.progress = self.fill;
        let mut breaks = Opportunities::resume(text, hints, self.uax, self.unit_start);
        let mut ended = false;
        while let Some(b) = breaks.next() {
            if b.pos == text.len() && !complete {
                // The end of a partial text, not of the text: wait for more.
                break;
            }
            fill.unit(self.unit_start, b.pos, b.mandatory, b.hyphen);
            self.unit_start = b.pos;
            self.uax = breaks.prev;
            if b.pos == text.len() {
                ended = true;
                break;
            }
            if !more.get() {
                break;
            }
        }
        if complete && (ended || self.unit_start == text.len()) {
            if !fill.progress.emitted || self.unit_start < text.len() {
                fill.unit(self.unit_start, text.len(), true, false);
            }
            self.done = true;
        }
        self.fill = fill.progress;
    }
}
/// Wraps sanitised code: hard lines are kept, long ones are cut at grapheme boundaries with no
/// line-breaking rules. Spaces and tabs at a cut are dropped from the line's end.
pub fn wrap_code(text: &str, options: LayoutOptions) -> Vec<Segment> {
    let mut out = Vec::new();
    wrap_code_each(text, options, |s| out.push(s));
    out
}

/// [`wrap_code`], handing each line to `emit` as soon as it is made.
pub fn wrap_code_each(text: &str, options: LayoutOptions, mut emit: impl FnMut(Segment)) {
    let width = options.width.max(1);
    let (ambiguous_wide, tab_width) = (options.ambiguous_wide, options.tab_width.max(1));
    // A line without its trailing spaces and tabs.
    let trimmed = |start: usize, end: usize, w: usize| {
        let kept = text[start..end].trim_end_matches([' ', '\t']);
        let dropped = &text[start + kept.len()..end];
        let width = if dropped.contains('\t') {
            measure_at(kept, 0, ambiguous_wide, tab_width)
        } else {
            w - dropped.len()
        };
        Segment { start, end: start + kept.len(), width, hyphen: false, placeholder: false }
    };
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut start = line_start;
        let mut end = line_start;
        let mut w = 0;
        let mut any = false;
        for (i, g) in line.grapheme_indices(true) {
            let gs = line_start + i;
            let tab = g == "\t";
            if tab && w + tab_advance(w, tab_width) > width {
                // A tab that does not fit ends the line and is dropped, like a space at a cut
                // (and so is one wider than the whole pane).
                if end > start {
                    emit(trimmed(start, end, w));
                    any = true;
                }
                start = gs + 1;
                end = start;
                w = 0;
                continue;
            }
            let gw = if tab { tab_advance(w, tab_width) } else { grapheme_width(g, ambiguous_wide) };
            if gw > width {
                if end > start {
                    emit(trimmed(start, end, w));
                }
                emit(Segment { start: gs, end: gs + g.len(), width: 1, hyphen: false, placeholder: true });
                any = true;
                start = gs + g.len();
                end = start;
                w = 0;
                continue;
            }
            if w + gw > width {
                emit(trimmed(start, end, w));
                any = true;
                start = gs;
                end = gs;
                w = 0;
            }
            // Spaces at a cut are dropped (indentation at the start of a code line is kept).
            if end == start && any && (g == " " || tab) {
                start = gs + 1;
                end = start;
                continue;
            }
            end = gs + g.len();
            w += gw;
        }
        if end > start || !any {
            emit(trimmed(start, end, w));
        }
        line_start += line.len() + 1;
    }
}

/// Sanitises and wraps plain text, returning the drawn lines (for tools, tests and benches).
pub fn wrap_str(text: &str, options: LayoutOptions) -> Vec<String> {
    let clean = sanitize_for_wrapping(text, options.tab_width, options.ambiguous_wide);
    wrap_prose(&clean.text, &clean.hints, options).iter().map(|s| s.draw(&clean.text, options)).collect()
}

/// Sanitises and wraps plain text, returning `(byte offset in text, drawn line)` pairs (the
/// offset of a line's first grapheme; the API of the first skeleton, kept for its callers).
pub fn wrap_plain(text: &str, options: LayoutOptions) -> Vec<(usize, String)> {
    let clean = sanitize_for_wrapping(text, options.tab_width, options.ambiguous_wide);
    wrap_prose(&clean.text, &clean.hints, options)
        .iter()
        .map(|s| (clean.source_of(s.start), s.draw(&clean.text, options)))
        .collect()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Spaces and tabs: dropped at a break.
fn is_blank(c: char) -> bool {
    is_space(c) || c == '\t'
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
    opportunities_iter(text, hints).collect()
}

/// [`opportunities`] found one at a time.
pub fn opportunities_iter<'a>(text: &'a str, hints: &'a [(usize, Hint)]) -> impl Iterator<Item = Break> + 'a {
    Opportunities::resume(text, hints, 0, 0)
}

struct Opportunities<'a, L> {
    text: &'a str,
    hints: &'a [(usize, Hint)],
    /// The first hint not yet passed.
    hint: usize,
    linebreaks: L,
    /// The UAX #14 opportunity before the last one taken.
    prev: usize,
    /// A UAX #14 opportunity, held back while the text before it is scanned for extra ones
    /// from byte `scan` on.
    held: Option<(usize, BreakOpportunity)>,
    scan: usize,
}

impl<'a> Opportunities<'a, ()> {
    /// The opportunities after `last`, the last one found before, where `uax` was the last UAX #14
    /// opportunity taken (0 and 0 at the start of the text). UAX #14 is scanned again from `uax`
    /// on: after one of its opportunities its state is the one it has at the start of a text.
    fn resume(
        text: &'a str,
        hints: &'a [(usize, Hint)],
        uax: usize,
        last: usize,
    ) -> Opportunities<'a, impl Iterator<Item = (usize, BreakOpportunity)> + 'a> {
        let mut linebreaks = linebreaks(&text[uax..]).map(move |(i, op)| (uax + i, op));
        // Every hint up to the last opportunity found has been passed.
        let hint = if last > 0 { hints.partition_point(|&(h, _)| h <= last) } else { 0 };
        let (held, scan) = if last > uax {
            // `last` was found while scanning before the next UAX #14 opportunity: go on after it.
            (linebreaks.next(), last + char_at(text, last).map_or(1, char::len_utf8))
        } else {
            (None, uax)
        };
        Opportunities { text, hints, hint, linebreaks, prev: uax, held, scan }
    }
}

impl<L> Opportunities<'_, L> {
    /// The opportunity UAX #14 (with the hints) gives at `pos`, if kept.
    fn at(&mut self, pos: usize, op: BreakOpportunity) -> Option<Break> {
        let mut glue = false;
        let mut hyphen = false;
        while let Some(&(h, kind)) = self.hints.get(self.hint) {
            if h > pos {
                break;
            }
            if h == pos {
                glue |= kind == Hint::Glue;
                hyphen |= kind == Hint::Hyphen;
            }
            self.hint += 1;
        }
        self.prev = pos;
        if op == BreakOpportunity::Mandatory {
            Some(Break { pos, mandatory: true, hyphen: false })
        } else if !glue && allowed(self.text, pos) {
            Some(Break { pos, mandatory: false, hyphen })
        } else {
            None
        }
    }

    /// The next opportunity strictly inside `(prev, to)`, where UAX #14 found none: zero-width
    /// spaces, soft hyphens and CJK quotes. Resumes at `self.scan`.
    fn extra(&mut self, to: usize) -> Option<Break> {
        let text = self.text;
        let mut chars = text[self.scan..to].char_indices();
        if self.scan == self.prev {
            chars.next();
        }
        for (i, _) in chars {
            let pos = self.scan + i;
            let mut kind = None;
            while let Some(&(h, k)) = self.hints.get(self.hint) {
                if h > pos {
                    break;
                }
                if h == pos {
                    kind = Some(k);
                }
                self.hint += 1;
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
                self.scan = pos + char_at(text, pos).map_or(1, char::len_utf8);
                return Some(Break { pos, mandatory: false, hyphen });
            }
        }
        self.scan = to;
        None
    }
}

impl<L: Iterator<Item = (usize, BreakOpportunity)>> Iterator for Opportunities<'_, L> {
    type Item = Break;

    fn next(&mut self) -> Option<Break> {
        loop {
            if let Some((pos, op)) = self.held {
                if let Some(b) = self.extra(pos) {
                    return Some(b);
                }
                self.held = None;
                if let Some(b) = self.at(pos, op) {
                    return Some(b);
                }
                continue;
            }
            let (pos, op) = self.linebreaks.next()?;
            let hints_inside = self.hints.get(self.hint).is_some_and(|&(h, _)| h < pos);
            if hints_inside || self.text.as_bytes()[self.prev..pos].contains(&0xE2) {
                self.held = Some((pos, op));
                self.scan = self.prev;
                continue;
            }
            if let Some(b) = self.at(pos, op) {
                return Some(b);
            }
        }
    }
}

/// The greedy filler: takes units (text between two break opportunities) one by one and hands
/// each finished line to `emit`. Every line it makes starts at column 0, where its tab stops
/// are counted from.
struct Filler<'a, F> {
    text: &'a str,
    width: usize,
    ambiguous_wide: bool,
    tab_width: usize,
    emit: F,
    progress: FillState,
}

/// Where the filler stands: all it carries from one unit to the next.
#[derive(Clone, Copy, Debug)]
struct FillState {
    /// Whether any line was made.
    emitted: bool,
    /// The current line: `text[start..end]`, `width` columns, if it has any content.
    line: Option<(usize, usize, usize)>,
    /// Width of the blanks after the line's last unit: dropped if the line breaks there.
    pending_spaces: usize,
    /// Whether the line's last unit ends at a soft hyphen.
    last_hyphen: bool,
    /// At the start of a paragraph, before its first content.
    paragraph_start: bool,
    /// Leading indentation of the paragraph: `text[start..end]`, `width` columns.
    indent: Option<(usize, usize, usize)>,
}

impl Default for FillState {
    fn default() -> Self {
        FillState {
            emitted: false,
            line: None,
            pending_spaces: 0,
            last_hyphen: false,
            paragraph_start: true,
            indent: None,
        }
    }
}

impl<'a, F: FnMut(Segment)> Filler<'a, F> {
    fn new(text: &'a str, options: LayoutOptions, emit: F) -> Self {
        Filler {
            text,
            width: options.width.max(1),
            ambiguous_wide: options.ambiguous_wide,
            tab_width: options.tab_width.max(1),
            emit,
            progress: FillState::default(),
        }
    }

    fn push(&mut self, segment: Segment) {
        self.progress.emitted = true;
        (self.emit)(segment);
    }

    /// The width of `blanks` (spaces, tabs, a line break) drawn from `column` on.
    fn blank_width(&self, blanks: &str, column: usize) -> usize {
        let mut at = column;
        for c in blanks.chars() {
            match c {
                '\t' => at += tab_advance(at, self.tab_width),
                '\n' => {}
                c => at += char_width(c, false),
            }
        }
        at - column
    }

    /// The column the current line ends at, with the blanks after it.
    fn column(&self) -> usize {
        self.progress.line.map_or(0, |(_, _, w)| w)
    }

    fn unit(&mut self, start: usize, end: usize, mandatory: bool, hyphen: bool) {
        let unit = &self.text[start..end];
        let body = unit.trim_end_matches(|c| is_blank(c) || c == '\n');
        let content_end = start + body.len();
        let blanks = &self.text[content_end..end];
        if body.is_empty() {
            if self.progress.line.is_none() && self.progress.paragraph_start {
                let (s, w) = self.progress.indent.map_or((start, 0), |(s, _, w)| (s, w));
                let indent_end = start + unit.trim_end_matches('\n').len();
                self.progress.indent = Some((s, indent_end, w + self.blank_width(blanks, w)));
            } else {
                let column = self.column() + self.progress.pending_spaces;
                self.progress.pending_spaces += self.blank_width(blanks, column);
            }
        } else {
            self.place(start, content_end, hyphen);
            self.progress.pending_spaces = self.blank_width(blanks, self.column());
            self.progress.last_hyphen = hyphen;
        }
        if mandatory {
            match self.progress.line {
                Some(_) => self.emit(true),
                // A paragraph with no content (an empty line) is one empty line.
                None if self.progress.paragraph_start => {
                    self.push(Segment { start, end: start, width: 0, hyphen: false, placeholder: false })
                }
                None => {}
            }
            self.progress.paragraph_start = true;
            self.progress.indent = None;
            self.progress.pending_spaces = 0;
            self.progress.last_hyphen = false;
        }
    }

    fn place(&mut self, start: usize, end: usize, hyphen: bool) {
        let body = &self.text[start..end];
        // Only a tab makes a width depend on the column it starts at.
        let tabbed = body.contains('\t');
        let fixed = if tabbed { 0 } else { measure(body, self.ambiguous_wide) };
        let (ambiguous_wide, tab_width) = (self.ambiguous_wide, self.tab_width);
        let width_at =
            |column| if tabbed { measure_at(body, column, ambiguous_wide, tab_width) } else { fixed };
        if let Some((line_start, _, line_w)) = self.progress.line {
            let column = line_w + self.progress.pending_spaces;
            let need = column + width_at(column);
            // A soft hyphen needs a column of its own if the line breaks there.
            if need + usize::from(hyphen) <= self.width {
                self.progress.line = Some((line_start, end, need));
                return;
            }
            self.emit(false);
        } else if let Some((indent_start, _, indent_w)) = self.progress.indent.take() {
            let need = indent_w + width_at(indent_w);
            if need <= self.width {
                self.progress.paragraph_start = false;
                self.progress.line = Some((indent_start, end, need));
                return;
            }
        }
        self.progress.paragraph_start = false;
        let w = width_at(0);
        if w <= self.width {
            self.progress.line = Some((start, end, w));
        } else {
            self.progress.last_hyphen = false;
            self.split(start, end);
        }
    }

    /// Splits a unit wider than the pane, leaving its tail as the line: between Latin words
    /// and what surrounds them (so that `「12.5%` keeps `12.5%` whole), and words wider than the
    /// pane at grapheme boundaries.
    fn split(&mut self, start: usize, end: usize) {
        for (i, word) in latin_words(&self.text[start..end]) {
            let ws = start + i;
            if word == "\t" {
                let advance = tab_advance(self.column(), self.tab_width);
                self.add_piece(ws, ws + 1, advance, true);
                continue;
            }
            let ww = measure(word, self.ambiguous_wide);
            if ww <= self.width {
                self.add_piece(ws, ws + word.len(), ww, word.chars().all(is_space));
                continue;
            }
            for (j, g) in word.grapheme_indices(true) {
                let gs = ws + j;
                let gw = grapheme_width(g, self.ambiguous_wide);
                if gw > self.width {
                    if self.progress.line.is_some() {
                        self.emit(false);
                    }
                    self.push(Segment {
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
        match self.progress.line {
            Some((s, _, lw)) if lw + w <= self.width => self.progress.line = Some((s, end, lw + w)),
            // Spaces at a break are dropped, here too.
            Some(_) if space => self.emit(false),
            Some(_) => {
                self.emit(false);
                self.progress.line = Some((start, end, w));
            }
            None if space => {}
            None => self.progress.line = Some((start, end, w)),
        }
    }

    fn emit(&mut self, hard: bool) {
        if let Some((start, end, mut w)) = self.progress.line.take() {
            let kept = self.text[start..end].trim_end_matches(is_blank);
            let dropped = &self.text[start + kept.len()..end];
            if dropped.contains('\t') {
                w = measure_at(kept, 0, self.ambiguous_wide, self.tab_width);
            } else {
                w -= dropped.chars().map(|c| char_width(c, false)).sum::<usize>();
            }
            let end = start + kept.len();
            let hyphen = !hard && self.progress.last_hyphen && w < self.width;
            self.push(Segment { start, end, width: w + usize::from(hyphen), hyphen, placeholder: false });
        }
        self.progress.pending_spaces = 0;
        self.progress.last_hyphen = false;
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

/// Width of `s` drawn from `column` on, in a line that starts at column 0: tabs advance to
/// the next tab stop.
fn measure_at(s: &str, column: usize, ambiguous_wide: bool, tab_width: usize) -> usize {
    let mut at = column;
    let mut rest = s;
    while let Some(i) = rest.find('\t') {
        at += measure(&rest[..i], ambiguous_wide);
        at += tab_advance(at, tab_width);
        rest = &rest[i + 1..];
    }
    at + measure(rest, ambiguous_wide) - column
}

/// Width of a unit without tabs: char by char when every char stands alone, else per grapheme.
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
    fn tab_stops_count_from_the_start_of_the_visual_line() {
        assert_eq!(wrap("abc\tx", 8), ["abc x"]);
        // `bb` starts the second line: its tab goes to column 4, not to the source line's 8.
        assert_eq!(wrap("aaaa bb\tc", 5), ["aaaa", "bb  c"]);
        assert_eq!(wrap("\thello world", 10), ["    hello", "world"]);
        assert_eq!(wrap("中\tx", 8), ["中  x"]);
        // A tab at a break is dropped like a space.
        assert_eq!(wrap("abcd\tefgh", 6), ["abcd", "efgh"]);
        // Too wide for its line even alone: a split counts the stops of the pieces' lines.
        assert_eq!(wrap("ab\t。cd", 5), ["ab", "。cd"]);
    }

    fn code(text: &str, width: usize) -> Vec<String> {
        let options = LayoutOptions::new(width);
        let clean = sanitize_for_wrapping(text, 4, false);
        wrap_code(&clean.text, options).iter().map(|s| s.draw(&clean.text, options)).collect()
    }

    #[test]
    fn code_tabs_count_from_the_start_of_the_visual_line() {
        assert_eq!(code("\tx\n\t\ty", 20), ["    x", "        y"]);
        assert_eq!(code("abcdefg\tx", 6), ["abcdef", "g   x"]);
        // A tab that does not fit ends the line and is dropped; so is one wider than the pane.
        assert_eq!(code("abcd\tx", 6), ["abcd", "x"]);
        assert_eq!(code("\tx", 3), ["x"]);
        assert_eq!(code("a\t", 8), ["a"]);
    }

    #[test]
    fn widths_agree_with_the_drawn_tabs() {
        let options = LayoutOptions::new(7);
        for text in ["a\tb\tc\td\te", "中\t文\t字", "\t\t\tx y z", "ab\t\t。cd ef\tg"] {
            let clean = sanitize_for_wrapping(text, 4, false);
            for seg in
                wrap_prose(&clean.text, &clean.hints, options).iter().chain(&wrap_code(&clean.text, options))
            {
                let drawn = seg.draw(&clean.text, options);
                assert_eq!(str_width(&drawn, false), seg.width, "{drawn:?} of {text:?}");
                assert!(seg.width <= 7, "{drawn:?}");
            }
        }
    }

    #[test]
    fn a_line_of_many_tabs_is_laid_out_in_linear_time() {
        // 34 s when each tab measured its whole line; the result is asserted, the time is
        // measured in benches/layout.rs.
        let lines = wrap(&"x\t".repeat(100_000), 80);
        let full = format!("{}x", "x   ".repeat(19));
        assert_eq!(lines.len(), 5_000);
        assert!(lines.iter().all(|l| *l == full), "{:?}", &lines[0]);
        let clean = sanitize_for_wrapping(&"\t".repeat(100_000), 4, false);
        // Code: the tabs fill the first line, the rest fall at cuts and are dropped.
        assert_eq!(code(&format!("{}x", "\t".repeat(100_000)), 80), ["", "x"]);
        assert_eq!(wrap_prose(&clean.text, &clean.hints, LayoutOptions::new(80)).len(), 1);
    }

    #[test]
    fn code_is_cut_at_graphemes() {
        let text = "fn main() { 中文 }\n\n    x";
        let segs = wrap_code(text, LayoutOptions::new(7));
        let lines: Vec<_> = segs.iter().map(|s| s.draw(text, LayoutOptions::new(7))).collect();
        assert_eq!(lines, ["fn main", "() { 中", "文 }", "", "    x"]);
    }

    /// Pieces of text of many line-breaking classes: ideographs, kana, Hangul, Latin, digits,
    /// spaces, tabs, quotes, CJK punctuation, dashes, soft hyphens, zero-width spaces and
    /// joiners, combining marks, emoji with modifiers and joiners, flags, line breaks.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            4 => prop::sample::select(vec!["山", "路", "雨", "の", "ょ", "ー", "한", "글"]).prop_map(String::from),
            4 => "[a-z]{1,9}",
            3 => prop::sample::select(vec![" ", " ", "  ", "　", "\t"]).prop_map(String::from),
            2 => prop::sample::select(vec!["，", "。", "「", "」", "“", "”", "‘", "’", "·", "～", "…", "—", "——"]).prop_map(String::from),
            2 => prop::sample::select(vec![",", ".", "(", ")", "!", "?", "-", "/", "%", "$", "\"", "'", ":"]).prop_map(String::from),
            1 => prop::sample::select(vec!["12.5", "1,000", "２０２６", "e\u{301}", "👍🏽", "👨\u{200D}👩", "🇫🇷🇩🇪", "\u{AD}", "\u{200B}", "\u{2060}", "\n", "\u{3000}"]).prop_map(String::from),
        ]
    }

    fn prose() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(piece(), 0..120).prop_map(|p| p.concat())
    }

    /// The first character boundary at or after `i`.
    fn boundary(text: &str, mut i: usize) -> usize {
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// What lets a paused wrap restart UAX #14 at its last opportunity.
        #[test]
        fn linebreaks_restart_at_any_of_their_breaks(text in prose()) {
            let all: Vec<_> = linebreaks(&text).collect();
            for &(p, _) in all.iter().filter(|&&(p, _)| p < text.len()) {
                let again: Vec<_> = linebreaks(&text[p..]).map(|(i, op)| (p + i, op)).collect();
                let after: Vec<_> = all.iter().copied().filter(|&(i, _)| i > p).collect();
                proptest::prop_assert_eq!(again, after, "restarted at {}", p);
            }
        }

        /// A wrap paused after a few lines, and fed its text a piece at a time, makes the lines
        /// of one wrap of the whole text.
        #[test]
        fn a_paused_wrap_goes_on_with_the_same_lines(
            text in prose(),
            width in 1usize..30,
            tab_width in 1usize..5,
            piece_bytes in 1usize..40,
            pause_every in 1usize..5,
        ) {
            let options = LayoutOptions { tab_width, ..LayoutOptions::new(width) };
            let clean = sanitize_for_wrapping(&text, tab_width, false);
            let expected = wrap_prose(&clean.text, &clean.hints, options);
            let mut wrap = ProseWrap::default();
            let mut got = Vec::new();
            let mut known = 0;
            let mut rounds = 0;
            while !wrap.is_done() {
                rounds += 1;
                proptest::prop_assert!(rounds < 100_000, "no progress");
                let complete = known == clean.text.len();
                let hints: Vec<_> = clean.hints.iter().copied().filter(|&(h, _)| h <= known).collect();
                let before = got.len();
                wrap.run(&clean.text[..known], &hints, complete, options, |seg| {
                    got.push(seg);
                    got.len() - before < pause_every
                });
                if got.len() == before {
                    // Nothing more to make from this much text: read more of it.
                    known = boundary(&clean.text, (known + piece_bytes).min(clean.text.len()));
                }
            }
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
