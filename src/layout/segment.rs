//! Giant paragraphs, laid out in segments so that a screen inside one costs a segment.
//!
//! Greedy wrapping makes every line of a paragraph depend on all the text before it, so a
//! 10 MB one-line paragraph could only be drawn after wrapping all of it. Instead, inline text
//! (a paragraph, heading or note) longer than [`LayoutOptions::segment_bytes`] is cut into
//! segments, and each segment starts a new visual line. Cut `k` is the first good break near
//! byte `k × segment_bytes` of the text, found by looking at that neighbourhood alone, so any
//! segment is found and laid out without reading the text before it. Every layout of the
//! paragraph (the reader's, `--render`'s) is made of the same segments: the only trace of them
//! is one line, every ~64 KiB of text, that ends before it is full.
//!
//! A segment is laid out only as far as its lines are asked for ([`Partial`]); so is inline text
//! longer than [`lazy_bytes`] that is not cut at all (one segment, such as a one-line file's
//! first part of 64 KiB).
//!
//! A good break: after an ASCII space or between two CJK ideographs, before a letter, digit or
//! ideograph. When the first [`CUT_SEARCH`] bytes offer none (a long run of symbols), any
//! grapheme boundary between two drawable, non-blank characters will do; if there is none
//! either, there is no cut `k` and the segment before it runs on.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

use super::block::{self, Sink};
use super::sanitize::{Clean, Sanitizer, is_drawable};
use super::wrap::ProseWrap;
use super::{LayoutOptions, Line, Role};
use crate::document::{Block, Document, RichText, Span, plain};
use crate::text::script::Script;

/// How many bytes after `k × segment_bytes` are searched for cut `k`.
pub(super) const CUT_SEARCH: usize = 4096;

/// A block whose inline text is long enough to be laid out lazily, as far as its lines are asked
/// for ([`Partial`]): longer than [`lazy_bytes`], and cut into segments when longer than
/// [`LayoutOptions::segment_bytes`] (else it is one segment).
#[derive(Clone, Copy, Debug)]
pub(super) struct Giant<'d> {
    /// The text the cuts are made in: the document's for plain-text content, else the content's
    /// own display text.
    text: &'d str,
    /// The content's bytes of `text`.
    start: usize,
    end: usize,
    /// The styled display text; `None` when the content is `doc.text[start..end]`, joined by
    /// [`plain::join_lines`].
    rich: Option<&'d RichText>,
    role: Role,
    /// The document offset of the block.
    offset: usize,
    step: usize,
}

impl<'d> Giant<'d> {
    /// The block as a giant paragraph, if it is one at these options (its text longer than
    /// [`lazy_bytes`]).
    pub(super) fn of(doc: &'d Document, block: &'d Block, options: LayoutOptions) -> Option<Giant<'d>> {
        if block.aside && options.hide_asides {
            return None;
        }
        let (content, role) = block::inline_content(block)?;
        let step = options.segment_bytes.max(1);
        let (text, range, rich) = match content {
            crate::document::Content::Source(range) => (doc.text.as_str(), range.clone(), None),
            crate::document::Content::Rich(rich) => (rich.text.as_str(), 0..rich.text.len(), Some(&**rich)),
            // Built on demand, so nothing to cut in place; Markdown keeps text longer than a
            // segment (at the default size) as `Rich`, so only text of one segment gets here,
            // and it is laid out whole.
            crate::document::Content::Spans(_) => return None,
        };
        (range.len() > lazy_bytes(options)).then_some(Giant {
            text,
            start: range.start,
            end: range.end,
            rich,
            role,
            offset: block.offset,
            step,
        })
    }

    /// Whether the text is one segment: laid out lazily, but cut nowhere.
    pub(super) fn is_one_segment(&self) -> bool {
        self.max_index() == 0
    }

    /// The highest segment index there may be.
    fn max_index(&self) -> usize {
        (self.end - self.start - 1) / self.step
    }

    /// Where segment `k` (at least 1) starts, if there is a cut `k`.
    fn cut(&self, k: usize) -> Option<usize> {
        let from = self.start + k * self.step;
        if from >= self.end {
            return None;
        }
        let limit = (from + CUT_SEARCH).min(self.end).min(self.start + (k + 1) * self.step);
        let (from, limit) = (ceil_char(self.text, from), ceil_char(self.text, limit));
        let text = self.text;
        let good = |p: usize| {
            let (Some(before), Some(at)) = (text[..p].chars().next_back(), text[p..].chars().next()) else {
                return false;
            };
            (before == ' ' || is_ideograph(before)) && (at.is_ascii_alphanumeric() || is_ideograph(at))
        };
        let any = |p: usize| {
            let (Some(before), Some(at)) = (text[..p].chars().next_back(), text[p..].chars().next()) else {
                return false;
            };
            is_solid(before)
                && is_solid(at)
                && GraphemeCursor::new(p, text.len(), true).is_boundary(text, 0).unwrap_or(false)
        };
        let candidates =
            || text[from..limit].char_indices().map(move |(i, _)| from + i).filter(|&p| p > self.start);
        candidates().find(|&p| good(p)).or_else(|| candidates().find(|&p| any(p)))
    }

    /// Where segment `k` starts, if it exists.
    fn segment_start(&self, k: usize) -> Option<usize> {
        if k == 0 { Some(self.start) } else { self.cut(k) }
    }

    /// The segment after `k`, if any.
    pub(super) fn next(&self, k: usize) -> Option<usize> {
        (k + 1..=self.max_index()).find(|&j| self.cut(j).is_some())
    }

    /// The segment before `k`, if any.
    pub(super) fn prev(&self, k: usize) -> Option<usize> {
        (0..k.min(self.max_index() + 1)).rev().find(|&j| self.segment_start(j).is_some())
    }

    /// The last segment.
    pub(super) fn last(&self) -> usize {
        self.prev(self.max_index() + 1).unwrap_or(0)
    }

    /// The segment that shows document offset `offset` (the first one for offsets before the
    /// text, the last one for offsets after it).
    pub(super) fn containing(&self, offset: usize) -> usize {
        let index = match self.rich {
            Some(rich) => rich.index_of(offset),
            None => offset,
        };
        let index = index.clamp(self.start, self.end);
        let mut k = ((index - self.start) / self.step).min(self.max_index());
        // Compared in document offsets: an offset of markup that is not drawn belongs with the
        // text before it, as the line that shows it is the last one that starts before it.
        let source = |index: usize| self.rich.map_or(index, |rich| rich.source_of(index));
        while k > 0 {
            if self.cut(k).is_some_and(|cut| source(cut) <= offset) {
                return k;
            }
            k -= 1;
        }
        0
    }

    /// The bytes of `text` segment `k` covers.
    pub(super) fn range(&self, k: usize) -> Range<usize> {
        let start = self.segment_start(k).unwrap_or(self.start);
        let end = self.next(k).and_then(|j| self.cut(j)).unwrap_or(self.end);
        start..end
    }

    /// Segment `k`'s display text, and the document offset of its first line.
    fn text_of(&self, k: usize) -> (RichText, usize) {
        let range = self.range(k);
        let rich = match self.rich {
            None => plain::join_lines(self.text, range),
            Some(rich) => slice(rich, range),
        };
        let offset = if k == 0 { self.offset } else { rich.source_of(0) };
        (rich, offset)
    }

    /// Lays out segment `k` into `out`.
    pub(super) fn lay_out(&self, k: usize, options: LayoutOptions, out: &mut Sink) {
        let (rich, offset) = self.text_of(k);
        block::rich(&rich, offset, options, self.role, out);
    }

    /// Every segment in order.
    pub(super) fn segments(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(0), |&k| self.next(k))
    }
}

/// A segment laid out only as far as its lines have been asked for: the first screen of a giant
/// paragraph costs about a screen of text, not a segment. Its lines are always the first lines
/// of [`Giant::lay_out`]'s: the text is sanitised a piece at a time and the wrap paused and
/// resumed ([`ProseWrap`]), which changes nothing in what they make.
#[derive(Debug)]
pub(super) struct Partial {
    lines: Vec<Line>,
    /// What it takes to make more lines; `None` once they are all made.
    rest: Option<Box<Rest>>,
}

#[derive(Debug)]
struct Rest {
    rich: RichText,
    /// The document offset of the segment's first line.
    offset: usize,
    role: Role,
    clean: Sanitised,
    wrap: ProseWrap,
    /// The line after the last one, when the segment ends its block and another block follows.
    separator: Option<Line>,
}

/// The segment's text sanitised so far.
#[derive(Debug)]
enum Sanitised {
    /// The first `read` bytes of the text (in the document's own script).
    Growing {
        sanitizer: Sanitizer,
        read: usize,
    },
    Whole(Clean),
}

/// A segment's text is sanitised a sixteenth at a time at first (4 KiB, about 20 lines of
/// Chinese at 120 columns), then each time half as much as all before: a wrap that pauses for
/// lack of text scans again from its last UAX #14 opportunity, which in a text with none (a
/// 64 KiB word) is its start, so the steps grow to keep that to a few scans of the segment.
const PIECES_PER_SEGMENT: usize = 16;

/// How many bytes of a segment's text are sanitised first.
fn first_piece(options: LayoutOptions) -> usize {
    (options.segment_bytes / PIECES_PER_SEGMENT).max(1)
}

/// Inline text longer than this (8 KiB by default: more than a 120 × 40 screen of Chinese) is laid
/// out lazily ([`Partial`]), even when it is not longer than a segment: the first part of a file in
/// one line is one segment of 64 KiB, and its first screen costs a screen of text. Shorter text is
/// laid out whole and cached with its block.
pub(super) fn lazy_bytes(options: LayoutOptions) -> usize {
    2 * first_piece(options)
}

impl Partial {
    /// Segment `k` of `giant`, with no line made yet. `separator` ends the segment's lines (the
    /// blank line between its block and the next).
    pub(super) fn new(giant: &Giant, k: usize, options: LayoutOptions, separator: Option<Line>) -> Self {
        let (rich, offset) = giant.text_of(k);
        let clean = if options.script == Script::Original {
            let sanitizer =
                Sanitizer::for_wrapping(options.tab_width, options.ambiguous_wide, rich.text.len());
            Sanitised::Growing { sanitizer, read: 0 }
        } else {
            // Converting a script works on phrases: the segment is converted whole.
            Sanitised::Whole(block::clean_rich(&rich, offset, options))
        };
        let rest = Rest { rich, offset, role: giant.role, clean, wrap: ProseWrap::default(), separator };
        Partial { lines: Vec::new(), rest: Some(Box::new(rest)) }
    }

    /// The lines made so far, and whether they are all of the segment's.
    pub(super) fn lines(&self) -> (&[Line], bool) {
        (&self.lines, self.rest.is_none())
    }

    /// The lines made.
    pub(super) fn into_lines(self) -> Vec<Line> {
        self.lines
    }

    /// How many bytes of the segment's text are sanitised.
    #[cfg(test)]
    pub(super) fn text_read(&self) -> usize {
        match self.rest.as_deref().map(|rest| &rest.clean) {
            Some(Sanitised::Growing { read, .. }) => *read,
            Some(Sanitised::Whole(clean)) => clean.text.len(),
            None => usize::MAX,
        }
    }

    /// Makes lines until line `line` is made or the segment has no more.
    pub(super) fn make_through(&mut self, line: usize, options: LayoutOptions) {
        while self.lines.len() <= line
            && let Some(rest) = &mut self.rest
        {
            let lines = &mut self.lines;
            let (clean, complete) = match &rest.clean {
                Sanitised::Growing { sanitizer, .. } => (sanitizer.clean(), false),
                Sanitised::Whole(clean) => (clean, true),
            };
            rest.wrap.run(&clean.text, &clean.hints, complete, options, |seg| {
                lines.push(block::line_of(clean, &seg, rest.role, options));
                lines.len() <= line
            });
            if rest.wrap.is_done() {
                lines.extend(rest.separator.take());
                self.rest = None;
            } else if lines.len() <= line {
                // The wrap needs more of the text.
                debug_assert!(!complete, "a wrap of the whole text stops only when it has enough");
                rest.read_more(options);
            }
        }
    }
}

impl Rest {
    /// Sanitises the next piece of the text (the rest of it when it is the last).
    fn read_more(&mut self, options: LayoutOptions) {
        let Sanitised::Growing { sanitizer, read } = &mut self.clean else { return };
        let text = &self.rich.text;
        let first = first_piece(options);
        let step = if *read < 2 * first { first } else { *read / 2 };
        let mut end = ceil_char(text, (*read + step).min(text.len()));
        // A CR and the LF after it are one line break.
        if text.as_bytes()[..end].ends_with(b"\r") && end < text.len() {
            end = ceil_char(text, end + 1);
        }
        block::push_spans(sanitizer, &self.rich, *read..end, &text[*read..end]);
        *read = end;
        if end == text.len() {
            let Sanitised::Growing { sanitizer, .. } =
                std::mem::replace(&mut self.clean, Sanitised::Whole(Clean::default()))
            else {
                return;
            };
            self.clean = Sanitised::Whole(sanitizer.finish(self.offset));
        }
    }
}

/// `rich.text[range]` with its spans (links are not needed to lay text out).
fn slice(rich: &RichText, range: Range<usize>) -> RichText {
    let first = rich.spans.partition_point(|sp| sp.start <= range.start).saturating_sub(1);
    let mut spans = Vec::new();
    for span in rich.spans.iter().skip(first) {
        if span.start >= range.end {
            break;
        }
        let start = span.start.max(range.start);
        spans.push(Span { start: start - range.start, source: span.source + (start - span.start), ..*span });
    }
    RichText { text: rich.text[range].to_string(), spans, links: Vec::new() }
}

/// The first character boundary at or after `i`.
fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A character that may stand on either side of a cut: drawn as it is, and not a blank.
fn is_solid(c: char) -> bool {
    is_drawable(c) && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn giant(doc: &Document, step: usize) -> Giant<'_> {
        let options = LayoutOptions { segment_bytes: step, ..LayoutOptions::new(20) };
        Giant::of(doc, &doc.blocks[0], options).expect("a giant paragraph")
    }

    #[test]
    fn cuts_fall_before_a_word_near_each_step() {
        let doc = Document::parse("alpha beta gamma delta epsilon zeta eta theta".into(), Format::Text);
        let g = giant(&doc, 10);
        let starts: Vec<&str> = g.segments().map(|k| &doc.text[g.range(k)]).collect();
        assert_eq!(starts, ["alpha beta ", "gamma delta ", "epsilon ", "zeta eta ", "theta"]);
        for k in g.segments() {
            for offset in g.range(k) {
                assert_eq!(g.containing(offset), k, "offset {offset}");
            }
        }
        assert_eq!(g.last(), g.segments().last().unwrap());
    }

    #[test]
    fn text_without_a_cut_stays_one_segment_and_never_splits_a_grapheme() {
        let doc = Document::parse("e\u{301}".repeat(40), Format::Text);
        let g = giant(&doc, 10);
        for k in g.segments() {
            let r = g.range(k);
            assert!(doc.text[r.start..].starts_with('e'), "a cut before a combining mark");
        }
    }
}
