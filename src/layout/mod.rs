//! Lazy, cached layout of a document's blocks into visual lines; each line knows its text anchor.
//!
//! Positions are `(block, segment, line)`: drawing a screen, jumping to an anchor or resizing
//! lays out only the blocks involved, never the whole document. A giant paragraph (longer than
//! [`LayoutOptions::segment_bytes`], 64 KiB by default) is laid out in segments, each starting
//! a new visual line (`segment.rs`): one short line every ~64 KiB is what makes a screen inside
//! a 10 MB line cost one segment. Every other block is one segment, number 0. A segment is laid
//! out only as far as its lines are asked for (`segment::Partial`), and so is any inline text
//! longer than 8 KiB; [`Layout::page`] and [`Layout::clamp_top`] look for the last line only on
//! the last page, so a screen, and a step, cost about the lines shown.

mod block;
pub mod sanitize;
mod segment;
mod table;
pub mod width;
pub mod wrap;

use std::collections::HashMap;
use std::sync::Arc;

use crate::document::{Anchor, Block, Document, Style};
use crate::text::script::Script;
use segment::{Giant, Partial};

/// The default [`LayoutOptions::segment_bytes`].
pub const SEGMENT_BYTES: usize = 64 << 10;

/// What a layout depends on besides the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Columns available to the text; at least 1.
    pub width: usize,
    pub ambiguous_wide: bool,
    pub tab_width: usize,
    /// Page furniture ([`Block::aside`]) takes no lines.
    pub hide_asides: bool,
    /// The script text is shown in; positions stay in the document's own text.
    pub script: Script,
    /// Inline text longer than this is laid out in segments of about this many bytes, each
    /// starting a new line. Not a setting: [`SEGMENT_BYTES`], small in tests.
    pub segment_bytes: usize,
}

impl LayoutOptions {
    pub fn new(width: usize) -> Self {
        LayoutOptions {
            width: width.max(1),
            ambiguous_wide: false,
            tab_width: 4,
            hide_asides: false,
            script: Script::Original,
            segment_bytes: SEGMENT_BYTES,
        }
    }
}

/// What part of a block a run of a line belongs to, for the theme to colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Role {
    #[default]
    Body,
    Heading(u8),
    /// A list marker (`•`, `1.`, `[x]`).
    Marker,
    /// A quote bar.
    QuoteBar,
    Code,
    /// Table borders and rules.
    Frame,
    /// Text about the document, drawn dim: a byline, an image's alt text.
    Note,
    /// Page furniture around an article.
    Aside,
}

/// A styled piece of a line: runs partition [`Line::text`] in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Byte offset in [`Line::text`].
    pub start: usize,
    pub role: Role,
    pub style: Style,
    /// The document offset of the run's first byte; `None` for decoration (markers, bars,
    /// padding). Within a run, offsets advance with the text: sanitising that changes a
    /// length starts a new run.
    pub source: Option<usize>,
}

/// One visual line: sanitised text that fits the width, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    /// Display width in columns; never more than the layout width.
    pub width: usize,
    pub runs: Vec<Run>,
    /// The document offset of the line's first text grapheme (of the block, for a blank line).
    pub anchor: Anchor,
}

impl Line {
    /// The end of run `k`'s text in `text`: where the next run starts.
    pub(crate) fn run_end(&self, k: usize) -> usize {
        self.runs.get(k + 1).map_or(self.text.len(), |next| next.start)
    }

    /// The document offset just past the last source text on the line; its anchor when it shows
    /// none (a blank line, a frame).
    pub(crate) fn source_end(&self) -> usize {
        let ends = self
            .runs
            .iter()
            .enumerate()
            .filter_map(|(k, run)| run.source.map(|source| source + (self.run_end(k) - run.start)));
        ends.max().unwrap_or(self.anchor.0)
    }

    /// Whether the line shows the document byte at `offset`.
    pub(crate) fn covers(&self, offset: usize) -> bool {
        self.anchor.0 <= offset && offset < self.source_end()
    }
}

/// A visual line's address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub block: usize,
    /// The segment of a giant paragraph; 0 in every other block.
    pub segment: usize,
    /// The line within the segment.
    pub line: usize,
}

impl Pos {
    /// Line `line` of block `block`, which is not a giant paragraph (or its first segment).
    pub fn new(block: usize, line: usize) -> Self {
        Pos { block, segment: 0, line }
    }
}

/// How many blocks around the one being read stay cached.
const CACHED_BLOCKS: usize = 4096;
/// How many segments of giant paragraphs stay cached: a few screens' worth around the one
/// being read, never the whole paragraph.
const CACHED_SEGMENTS: usize = 8;

/// The layout of one document at one set of options, computed block by block on demand.
#[derive(Debug)]
pub struct Layout {
    options: LayoutOptions,
    cache: HashMap<usize, Arc<[Line]>>,
    /// The segments of giant paragraphs being read, by (block, segment), each laid out as far as
    /// its lines were asked for.
    segments: HashMap<(usize, usize), Partial>,
}

impl Layout {
    pub fn new(options: LayoutOptions) -> Self {
        Layout { options, cache: HashMap::new(), segments: HashMap::new() }
    }

    pub fn options(&self) -> LayoutOptions {
        self.options
    }

    /// Changes the options; cached blocks are dropped only if they change.
    pub fn set_options(&mut self, options: LayoutOptions) {
        if options != self.options {
            self.options = options;
            self.cache.clear();
            self.segments.clear();
        }
    }

    fn giant<'d>(&self, doc: &'d Document, block: usize) -> Option<Giant<'d>> {
        Giant::of(doc, &doc.blocks[block], self.options)
    }

    /// The lines of segment `segment` of top-level block `block` (the whole block, when it is
    /// not a giant paragraph). Every block but the last ends with one blank line after its last
    /// segment, so blocks are separated by exactly one blank line; a hidden aside has no lines.
    pub fn segment_lines(&mut self, doc: &Document, block: usize, segment: usize) -> Arc<[Line]> {
        match self.giant(doc, block) {
            Some(_) => self.lines_through(doc, block, segment, usize::MAX).0.into(),
            None => self.block_lines(doc, block),
        }
    }

    /// The first lines of a segment (as [`Layout::segment_lines`]), laid out at least as far as
    /// line `line`: all of them when it has no such line. Also says whether they are all.
    fn lines_through(
        &mut self,
        doc: &Document,
        block: usize,
        segment: usize,
        line: usize,
    ) -> (&[Line], bool) {
        let giant = self.giant(doc, block);
        let Some(giant) = giant.filter(|_| !self.cache.contains_key(&block)) else {
            self.block_lines(doc, block);
            return (&self.cache[&block], true);
        };
        let key = (block, segment);
        if !self.segments.contains_key(&key) && self.segments.len() >= CACHED_SEGMENTS {
            // Forget the segment farthest from this one.
            let distance = |&(b, s): &(usize, usize)| (b.abs_diff(block), s.abs_diff(segment));
            if let Some(far) = self.segments.keys().copied().max_by_key(distance) {
                self.segments.remove(&far);
            }
        }
        let options = self.options;
        let partial = self.segments.entry(key).or_insert_with(|| {
            let separator = (block + 1 < doc.blocks.len() && giant.next(segment).is_none())
                .then(|| blank(doc.blocks[block].end));
            Partial::new(&giant, segment, options, separator)
        });
        partial.make_through(line, options);
        if giant.is_one_segment() && partial.lines().1 {
            // Laid out whole: cached as any other block, so it is not forgotten with segments.
            let lines = self.segments.remove(&key).map_or_else(Vec::new, Partial::into_lines);
            self.cache_block(block, lines.into());
            return (&self.cache[&block], true);
        }
        let partial = &self.segments[&key];
        partial.lines()
    }

    /// How many lines a segment has (laying all of it out).
    fn segment_len(&mut self, doc: &Document, block: usize, segment: usize) -> usize {
        self.lines_through(doc, block, segment, usize::MAX).0.len()
    }

    /// The lines of a block that is not a giant paragraph.
    fn block_lines(&mut self, doc: &Document, block: usize) -> Arc<[Line]> {
        if let Some(lines) = self.cache.get(&block) {
            return lines.clone();
        }
        let mut lines = lay_out_block(doc, &doc.blocks[block], self.options);
        if block + 1 < doc.blocks.len() && !lines.is_empty() {
            lines.push(blank(doc.blocks[block].end));
        }
        let lines: Arc<[Line]> = lines.into();
        self.cache_block(block, lines.clone());
        lines
    }

    /// Keeps the lines of a block laid out whole.
    fn cache_block(&mut self, block: usize, lines: Arc<[Line]>) {
        if self.cache.len() >= 2 * CACHED_BLOCKS {
            // Keep the neighbourhood being read; a long read of a big file stays bounded.
            self.cache.retain(|&b, _| b.abs_diff(block) < CACHED_BLOCKS);
        }
        self.cache.insert(block, lines);
    }

    /// The last segment of `block`.
    fn last_segment(&self, doc: &Document, block: usize) -> usize {
        self.giant(doc, block).map_or(0, |g| g.last())
    }

    /// The first line of the segment after the one `pos` is in, if there is one.
    fn next_segment(&self, doc: &Document, pos: Pos) -> Option<Pos> {
        if let Some(segment) = self.giant(doc, pos.block).and_then(|g| g.next(pos.segment)) {
            return Some(Pos { segment, ..Pos::new(pos.block, 0) });
        }
        (pos.block + 1 < doc.blocks.len()).then(|| Pos::new(pos.block + 1, 0))
    }

    /// The (block, segment) before the one `pos` is in, if there is one.
    fn prev_segment(&self, doc: &Document, pos: Pos) -> Option<(usize, usize)> {
        if let Some(segment) = self.giant(doc, pos.block).and_then(|g| g.prev(pos.segment)) {
            return Some((pos.block, segment));
        }
        let block = pos.block.checked_sub(1)?;
        Some((block, self.last_segment(doc, block)))
    }

    /// The position of the line that shows `anchor`: the last line of its segment that starts at
    /// or before it. The anchors of a giant paragraph's lines never go down, so its segment is
    /// laid out only as far as the first line after the anchor.
    pub fn position_of(&mut self, doc: &Document, anchor: Anchor) -> Pos {
        let Some(block) = doc.block_at(anchor) else {
            return Pos::default();
        };
        let segment = self.giant(doc, block).map_or(0, |g| g.containing(anchor.0));
        let mut checked = 0;
        let line = loop {
            // One line more at a time: resuming a paused layout costs little.
            let (lines, all) = self.lines_through(doc, block, segment, checked);
            if all {
                break lines.iter().rposition(|l| l.anchor <= anchor).unwrap_or(0);
            }
            if let Some(after) = lines[checked..].iter().position(|l| l.anchor > anchor) {
                break (checked + after).saturating_sub(1);
            }
            checked = lines.len();
        };
        Pos { block, segment, line }
    }

    /// The anchor of the line at `pos`.
    pub fn anchor_of(&mut self, doc: &Document, pos: Pos) -> Anchor {
        if doc.blocks.is_empty() {
            return Anchor(0);
        }
        let (lines, _) = self.lines_through(doc, pos.block, pos.segment, pos.line);
        lines.get(pos.line).or(lines.last()).map_or(Anchor(doc.blocks[pos.block].offset), |l| l.anchor)
    }

    /// The position of the last line of the document.
    pub fn last(&mut self, doc: &Document) -> Pos {
        let Some(block) = doc.blocks.len().checked_sub(1) else {
            return Pos::default();
        };
        let segment = self.last_segment(doc, block);
        let n = self.segment_len(doc, block, segment);
        Pos { block, segment, line: n.saturating_sub(1) }
    }

    /// Moves `pos` by `delta` lines, stopping at the first and last lines. Forward, a segment
    /// is laid out only as far as the line reached.
    pub fn advance(&mut self, doc: &Document, pos: Pos, delta: isize) -> Pos {
        if doc.blocks.is_empty() {
            return Pos::default();
        }
        if delta >= 0 {
            return self.forward(doc, pos, delta.unsigned_abs()).0;
        }
        let (mut pos, mut delta) = (pos, delta);
        while delta < 0 {
            if (-delta) as usize <= pos.line {
                pos.line -= (-delta) as usize;
                break;
            }
            let Some((block, segment)) = self.prev_segment(doc, pos) else {
                pos.line = 0;
                break;
            };
            let n = self.segment_len(doc, block, segment);
            // A hidden block above is stepped onto without spending a line.
            delta += pos.line as isize + isize::from(n > 0);
            pos = Pos { block, segment, line: n.saturating_sub(1) };
        }
        pos
    }

    /// Moves `pos` forward by up to `count` lines, stopping at the last line; also says how many
    /// lines it moved (fewer than `count` only when it stopped there).
    fn forward(&mut self, doc: &Document, mut pos: Pos, count: usize) -> (Pos, usize) {
        let mut left = count;
        while left > 0 {
            let target = pos.line.saturating_add(left);
            let (lines, _) = self.lines_through(doc, pos.block, pos.segment, target);
            if target < lines.len() {
                pos.line = target;
                left = 0;
                break;
            }
            // The segment is all laid out and ends before the target.
            let n = lines.len();
            let room = n.saturating_sub(1 + pos.line);
            let next = self.next_segment(doc, pos);
            if n == 0
                && let Some(next) = next
            {
                // A hidden block: step over it without spending a line.
                pos = next;
                continue;
            }
            let Some(next) = next else {
                pos.line = n.saturating_sub(1);
                left -= room;
                break;
            };
            left -= room + 1;
            pos = next;
        }
        (pos, count - left)
    }

    /// `top`, or the first line of the last page when `top` is below it: where a view `height`
    /// lines high may start. The last line is looked for only when fewer than `height` lines
    /// follow `top`, so a bounds check inside a giant paragraph lays out no more than the screen.
    pub fn clamp_top(&mut self, doc: &Document, top: Pos, height: usize) -> Pos {
        if doc.blocks.is_empty() {
            return Pos::default();
        }
        let below = height.max(1) - 1;
        let (end, moved) = self.forward(doc, top, below);
        if moved == below { top } else { self.advance(doc, end, -(below as isize)) }
    }

    /// What a view `height` lines high with its top at `top` shows: its top, moved up to the
    /// first line of the last page if it is below it; its lines; whether they reach the last
    /// line. The last line is looked for only on the last page: with `height` lines after the
    /// first, `top` is above the last page (the last line is at least `height` lines further
    /// on), so a screen inside a giant paragraph never lays out its last segment.
    pub fn page(&mut self, doc: &Document, top: Pos, height: usize) -> (Pos, Vec<(Pos, Line)>, bool) {
        let mut lines = self.lines_from(doc, top, height.saturating_add(1));
        if lines.len() > height && height > 0 {
            lines.truncate(height);
            return (top, lines, false);
        }
        let last = self.last(doc);
        let top = top.min(self.advance(doc, last, 1 - height as isize));
        let lines = self.lines_from(doc, top, height);
        let at_end = lines.last().is_none_or(|(p, _)| *p >= last);
        (top, lines, at_end)
    }

    /// Up to `count` lines starting at `pos`, with their positions.
    pub fn lines_from(&mut self, doc: &Document, pos: Pos, count: usize) -> Vec<(Pos, Line)> {
        let mut out = Vec::with_capacity(count.min(1024));
        let mut at = Some(pos);
        while out.len() < count
            && let Some(from) = at
            && from.block < doc.blocks.len()
        {
            let through = from.line.saturating_add(count - out.len() - 1);
            let (lines, _) = self.lines_through(doc, from.block, from.segment, through);
            for (i, line) in lines.iter().enumerate().skip(from.line) {
                if out.len() == count {
                    break;
                }
                out.push((Pos { line: i, ..from }, line.clone()));
            }
            at = self.next_segment(doc, from);
        }
        out
    }
}

fn blank(offset: usize) -> Line {
    Line { text: String::new(), width: 0, runs: Vec::new(), anchor: Anchor(offset) }
}

/// Lays out one block (without the separator line); a giant paragraph segment by segment.
pub fn lay_out_block(doc: &Document, block: &Block, options: LayoutOptions) -> Vec<Line> {
    let mut out = Vec::new();
    if block.aside && options.hide_asides {
        return out;
    }
    match Giant::of(doc, block, options) {
        Some(giant) => giant.segments().for_each(|k| giant.lay_out(k, options, &mut |line| out.push(line))),
        None => block::lay_out(doc, block, options, 0, &mut |line| out.push(line)),
    }
    out
}

/// The headless render (`kan --render`): the content pane's lines as plain text, blocks
/// separated by one blank line, handed to `emit` in order. Blocks (and the segments of giant
/// paragraphs) are laid out in rounds, a chunk of about [`RENDER_CHUNK_BYTES`] per core at a
/// time, so the cores share the work (converting scripts is the costly part) while memory stays
/// bounded by one round.
pub fn render_each(doc: &Document, options: LayoutOptions, emit: impl FnMut(&str)) {
    render_in_rounds(doc, options, RENDER_CHUNK_BYTES, emit);
}

/// A piece of a render: segment `segment` of block `block` (a whole block but for giant
/// paragraphs), and whether it is the block's last.
#[derive(Clone, Copy, Debug)]
struct Piece {
    block: usize,
    segment: usize,
    ends_block: bool,
    bytes: usize,
}

/// The render's pieces in order, found one at a time.
fn pieces(doc: &Document, options: LayoutOptions) -> impl Iterator<Item = Piece> + '_ {
    let mut at = (!doc.blocks.is_empty()).then_some((0, 0));
    std::iter::from_fn(move || {
        let (block, segment) = at?;
        let b = &doc.blocks[block];
        let giant = Giant::of(doc, b, options);
        let next = giant.and_then(|g| g.next(segment));
        at = match next {
            Some(next) => Some((block, next)),
            None => (block + 1 < doc.blocks.len()).then_some((block + 1, 0)),
        };
        let bytes = giant.map_or(b.end.saturating_sub(b.offset), |g| g.range(segment).len());
        Some(Piece { block, segment, ends_block: next.is_none(), bytes })
    })
}

/// [`render_each`] with chunks of `chunk_bytes` (small in tests, to make many rounds).
fn render_in_rounds(doc: &Document, options: LayoutOptions, chunk_bytes: usize, mut emit: impl FnMut(&str)) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let last = doc.blocks.len().saturating_sub(1);
    let mut pieces = pieces(doc, options).peekable();
    while pieces.peek().is_some() {
        let mut chunks = Vec::with_capacity(cores);
        while chunks.len() < cores && pieces.peek().is_some() {
            // At least one piece, then pieces while their text stays within `chunk_bytes`.
            let mut bytes = 0;
            let mut chunk = Vec::new();
            while let Some(piece) = pieces.next_if(|_| chunk.is_empty() || bytes < chunk_bytes) {
                bytes += piece.bytes;
                chunk.push(piece);
            }
            chunks.push(chunk);
        }
        let lay_out_chunk = |chunk: Vec<Piece>| {
            let mut lines = Vec::new();
            for piece in chunk {
                let block = &doc.blocks[piece.block];
                let sink = &mut |line: Line| lines.push(line.text);
                match Giant::of(doc, block, options) {
                    Some(giant) => giant.lay_out(piece.segment, options, sink),
                    None => block::lay_out(doc, block, options, 0, sink),
                }
                if piece.ends_block && piece.block < last {
                    lines.push(String::new());
                }
            }
            lines
        };
        let laid_out: Vec<Vec<String>> = if chunks.len() == 1 {
            chunks.into_iter().map(lay_out_chunk).collect()
        } else {
            std::thread::scope(|scope| {
                let mut chunks = chunks.into_iter();
                let first = chunks.next();
                let others: Vec<_> = chunks.map(|chunk| scope.spawn(move || lay_out_chunk(chunk))).collect();
                let mut laid_out = vec![first.map(lay_out_chunk).unwrap_or_default()];
                // A panicking worker is a bug in layout; pass it on rather than drop its lines.
                laid_out.extend(
                    others.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
                );
                laid_out
            })
        };
        for line in laid_out.iter().flatten() {
            emit(line);
        }
    }
}

/// The source bytes one core lays out in a round of [`render_each`].
const RENDER_CHUNK_BYTES: usize = 1 << 20;

/// [`render_each`] collected (for tests and tools).
pub fn render(doc: &Document, options: LayoutOptions) -> Vec<String> {
    let mut out = Vec::new();
    render_each(doc, options, |line| out.push(line.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    /// Every block laid out one after another, as the render was before it shared the cores.
    fn in_sequence(doc: &Document, options: LayoutOptions) -> Vec<String> {
        let mut out = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            out.extend(lay_out_block(doc, block, options).into_iter().map(|line| line.text));
            if i + 1 < doc.blocks.len() {
                out.push(String::new());
            }
        }
        out
    }

    #[test]
    fn rounds_of_chunks_keep_the_order_of_lines() {
        let text: String =
            (0..60).map(|i| format!("第{i}段：頭髮和發展，軟體 {i} words to wrap here.\n\n")).collect();
        let doc = Document::parse(text, Format::Text);
        for script in [Script::Original, Script::Hans, Script::Tw] {
            let options = LayoutOptions { script, ..LayoutOptions::new(13) };
            let expected = in_sequence(&doc, options);
            for chunk_bytes in [1, 50, 700, usize::MAX] {
                let mut got = Vec::new();
                render_in_rounds(&doc, options, chunk_bytes, |line| got.push(line.to_string()));
                assert_eq!(got, expected, "{script:?} in chunks of {chunk_bytes} bytes");
            }
        }
        // Giant paragraphs share the rounds segment by segment.
        let giant = format!("{}\n\nshort\n\n{}", "山路 lantern light，".repeat(40), "雨夜灯火".repeat(30));
        let doc = Document::parse(giant, Format::Text);
        let options = LayoutOptions { segment_bytes: 64, ..LayoutOptions::new(13) };
        let expected = in_sequence(&doc, options);
        assert!(expected.len() > 40);
        for chunk_bytes in [1, 50, 700, usize::MAX] {
            let mut got = Vec::new();
            render_in_rounds(&doc, options, chunk_bytes, |line| got.push(line.to_string()));
            assert_eq!(got, expected, "giant paragraphs in chunks of {chunk_bytes} bytes");
        }
        assert_eq!(
            render(&Document::parse(String::new(), Format::Text), LayoutOptions::new(5)),
            in_sequence(&Document::parse(String::new(), Format::Text), LayoutOptions::new(5))
        );
    }

    /// A one-line text of about `bytes` bytes, Chinese and English.
    fn one_line(bytes: usize) -> Document {
        Document::parse("雨夜灯火，山路 lantern light。".repeat(bytes / 40), Format::Text)
    }

    /// How many lines of segment `k` of block 0 are laid out, and whether they are all.
    fn made(layout: &Layout, k: usize) -> (usize, bool) {
        layout.segments.get(&(0, k)).map_or((0, false), |p| (p.lines().0.len(), p.lines().1))
    }

    #[test]
    fn a_screen_of_a_giant_paragraph_lays_out_about_a_screen() {
        let doc = one_line(200 << 10);
        let options = LayoutOptions::new(120);
        let full = Layout::new(options).segment_len(&doc, 0, 0);
        assert!(full > 300, "{full} lines in a segment");
        let mut layout = Layout::new(options);
        let top = layout.position_of(&doc, Anchor(0));
        assert_eq!(layout.lines_from(&doc, top, 40).len(), 40);
        assert_eq!(made(&layout, 0), (40, false));
        // 40 lines of 60 characters, mostly Chinese: about 7 KiB of the 64 KiB segment.
        let read = layout.segments[&(0, 0)].text_read();
        assert!(read <= 12 << 10, "{read} bytes sanitised");
        // Scrolling on lays out as far as the screen goes.
        let pos = layout.advance(&doc, top, 100);
        assert_eq!(layout.lines_from(&doc, pos, 40).len(), 40);
        assert_eq!(made(&layout, 0), (140, false));
        // An anchor in the middle of a segment lays it out as far as the anchor.
        let anchor = Anchor(doc.text.len() / 2);
        let pos = layout.position_of(&doc, anchor);
        let (lines, all) = made(&layout, pos.segment);
        assert!(!all && lines == pos.line + 2, "{pos:?}: {lines} lines made");
        // Going back into a segment not laid out yet lays all of it out: its last line is needed.
        let before = layout.advance(&doc, Pos { line: 0, ..pos }, -1);
        assert_eq!(before.segment + 1, pos.segment);
        assert!(made(&layout, before.segment).1);
    }

    #[test]
    fn a_bounds_check_lays_out_the_screen_not_the_last_segment() {
        let doc = one_line(200 << 10);
        let mut layout = Layout::new(LayoutOptions::new(120));
        let last = layout.giant(&doc, 0).map(|g| g.last()).expect("a giant paragraph");
        assert!(last >= 2);
        let top = layout.advance(&doc, Pos::default(), 10);
        assert_eq!(layout.clamp_top(&doc, top, 40), top);
        assert_eq!(made(&layout, 0), (50, false));
        assert_eq!(made(&layout, last), (0, false), "the last segment is left alone");
        // On the last page it is needed, and the top moves up to the last page's first line.
        let end = layout.last(&doc);
        let below = layout.advance(&doc, end, -10);
        let top = layout.clamp_top(&doc, below, 40);
        assert_eq!(layout.advance(&doc, top, 39), end);
        assert!(top < below);
    }

    #[test]
    fn text_of_one_segment_is_laid_out_a_screen_at_a_time_then_kept_whole() {
        // The first part of a file in one line: 64 KiB, one segment.
        let doc = one_line(SEGMENT_BYTES - 40);
        let mut layout = Layout::new(LayoutOptions::new(120));
        let giant = layout.giant(&doc, 0).expect("laid out lazily");
        assert!(giant.is_one_segment());
        let (top, screen, at_end) = layout.page(&doc, Pos::default(), 40);
        assert_eq!((top, screen.len(), at_end), (Pos::default(), 40, false));
        assert_eq!(made(&layout, 0), (41, false));
        let read = layout.segments[&(0, 0)].text_read();
        assert!(read <= 12 << 10, "{read} bytes sanitised");
        assert!(layout.cache.is_empty());
        // Once all of it is laid out, it is a block like any other.
        let last = layout.last(&doc);
        assert!(layout.segments.is_empty());
        assert_eq!(layout.cache[&0].len(), last.line + 1);
        let whole = lay_out_block(
            &doc,
            &doc.blocks[0],
            LayoutOptions { segment_bytes: usize::MAX, ..layout.options },
        );
        assert_eq!(&layout.cache[&0][..], &whole[..]);
        assert_eq!(layout.lines_from(&doc, Pos::default(), 40), screen);
    }
}
