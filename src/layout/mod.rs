//! Lazy, cached layout of a document's blocks into visual lines; each line knows its text anchor.
//!
//! Positions are `(block, line within block)`: drawing a screen, jumping to an anchor or
//! resizing lays out only the blocks involved, never the whole document.

mod block;
pub mod sanitize;
mod table;
pub mod width;
pub mod wrap;

use std::collections::HashMap;
use std::sync::Arc;

use crate::document::{Anchor, Block, Document, Style};
use crate::text::script::Script;

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
}

impl LayoutOptions {
    pub fn new(width: usize) -> Self {
        LayoutOptions {
            width: width.max(1),
            ambiguous_wide: false,
            tab_width: 4,
            hide_asides: false,
            script: Script::Original,
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
    pub line: usize,
}

/// How many blocks around the one being read stay cached.
const CACHED_BLOCKS: usize = 4096;

/// The layout of one document at one set of options, computed block by block on demand.
#[derive(Debug)]
pub struct Layout {
    options: LayoutOptions,
    cache: HashMap<usize, Arc<[Line]>>,
}

impl Layout {
    pub fn new(options: LayoutOptions) -> Self {
        Layout { options, cache: HashMap::new() }
    }

    pub fn options(&self) -> LayoutOptions {
        self.options
    }

    /// Changes the options; cached blocks are dropped only if they change.
    pub fn set_options(&mut self, options: LayoutOptions) {
        if options != self.options {
            self.options = options;
            self.cache.clear();
        }
    }

    /// The lines of top-level block `block`. Every block but the last ends with one blank line,
    /// so blocks are separated by exactly one blank line; a hidden aside has no lines at all.
    pub fn block_lines(&mut self, doc: &Document, block: usize) -> Arc<[Line]> {
        if let Some(lines) = self.cache.get(&block) {
            return lines.clone();
        }
        let mut lines = lay_out_block(doc, &doc.blocks[block], self.options);
        if block + 1 < doc.blocks.len() && !lines.is_empty() {
            lines.push(blank(doc.blocks[block].end));
        }
        let lines: Arc<[Line]> = lines.into();
        if self.cache.len() >= 2 * CACHED_BLOCKS {
            // Keep the neighbourhood being read; a long read of a big file stays bounded.
            self.cache.retain(|&b, _| b.abs_diff(block) < CACHED_BLOCKS);
        }
        self.cache.insert(block, lines.clone());
        lines
    }

    /// The position of the line that shows `anchor`.
    pub fn position_of(&mut self, doc: &Document, anchor: Anchor) -> Pos {
        let Some(block) = doc.block_at(anchor) else {
            return Pos::default();
        };
        let lines = self.block_lines(doc, block);
        let line = lines.iter().rposition(|l| l.anchor <= anchor).unwrap_or(0);
        Pos { block, line }
    }

    /// The anchor of the line at `pos`.
    pub fn anchor_of(&mut self, doc: &Document, pos: Pos) -> Anchor {
        if doc.blocks.is_empty() {
            return Anchor(0);
        }
        let lines = self.block_lines(doc, pos.block);
        lines.get(pos.line).or(lines.last()).map_or(Anchor(doc.blocks[pos.block].offset), |l| l.anchor)
    }

    /// The position of the last line of the document.
    pub fn last(&mut self, doc: &Document) -> Pos {
        let Some(block) = doc.blocks.len().checked_sub(1) else {
            return Pos::default();
        };
        let n = self.block_lines(doc, block).len();
        Pos { block, line: n.saturating_sub(1) }
    }

    /// Moves `pos` by `delta` lines, stopping at the first and last lines.
    pub fn advance(&mut self, doc: &Document, mut pos: Pos, mut delta: isize) -> Pos {
        if doc.blocks.is_empty() {
            return Pos::default();
        }
        while delta > 0 {
            let n = self.block_lines(doc, pos.block).len();
            let room = n.saturating_sub(1 + pos.line);
            if n == 0 && pos.block + 1 < doc.blocks.len() {
                // A hidden block: step over it without spending a line.
                pos = Pos { block: pos.block + 1, line: 0 };
                continue;
            }
            if delta as usize <= room {
                pos.line += delta as usize;
                break;
            }
            if pos.block + 1 >= doc.blocks.len() {
                pos.line = n.saturating_sub(1);
                break;
            }
            delta -= room as isize + 1;
            pos = Pos { block: pos.block + 1, line: 0 };
        }
        while delta < 0 {
            if (-delta) as usize <= pos.line {
                pos.line -= (-delta) as usize;
                break;
            }
            if pos.block == 0 {
                pos.line = 0;
                break;
            }
            let n = self.block_lines(doc, pos.block - 1).len();
            // A hidden block above is stepped onto without spending a line.
            delta += pos.line as isize + isize::from(n > 0);
            pos = Pos { block: pos.block - 1, line: n.saturating_sub(1) };
        }
        pos
    }

    /// Up to `count` lines starting at `pos`, with their positions.
    pub fn lines_from(&mut self, doc: &Document, pos: Pos, count: usize) -> Vec<(Pos, Line)> {
        let mut out = Vec::with_capacity(count);
        let mut at = pos;
        while out.len() < count && at.block < doc.blocks.len() {
            let lines = self.block_lines(doc, at.block);
            for (i, line) in lines.iter().enumerate().skip(at.line) {
                if out.len() == count {
                    break;
                }
                out.push((Pos { block: at.block, line: i }, line.clone()));
            }
            at = Pos { block: at.block + 1, line: 0 };
        }
        out
    }
}

fn blank(offset: usize) -> Line {
    Line { text: String::new(), width: 0, runs: Vec::new(), anchor: Anchor(offset) }
}

/// Lays out one block (without the separator line).
pub fn lay_out_block(doc: &Document, block: &Block, options: LayoutOptions) -> Vec<Line> {
    let mut out = Vec::new();
    if block.aside && options.hide_asides {
        return out;
    }
    block::lay_out(doc, block, options, 0, &mut |line| out.push(line));
    out
}

/// The headless render (`kan --render`): the content pane's lines as plain text, blocks
/// separated by one blank line, handed to `emit` in order. Blocks are laid out in rounds, a
/// chunk of about [`RENDER_CHUNK_BYTES`] per core at a time, so the cores share the work
/// (converting scripts is the costly part) while memory stays bounded by one round.
pub fn render_each(doc: &Document, options: LayoutOptions, emit: impl FnMut(&str)) {
    render_in_rounds(doc, options, RENDER_CHUNK_BYTES, emit);
}

/// [`render_each`] with chunks of `chunk_bytes` (small in tests, to make many rounds).
fn render_in_rounds(doc: &Document, options: LayoutOptions, chunk_bytes: usize, mut emit: impl FnMut(&str)) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let last = doc.blocks.len().saturating_sub(1);
    let mut next = 0;
    while next < doc.blocks.len() {
        let mut chunks = Vec::with_capacity(cores);
        while chunks.len() < cores && next < doc.blocks.len() {
            let end = chunk_end(&doc.blocks, next, chunk_bytes);
            chunks.push(next..end);
            next = end;
        }
        let lay_out_chunk = |range: std::ops::Range<usize>| {
            let mut lines = Vec::new();
            for i in range {
                block::lay_out(doc, &doc.blocks[i], options, 0, &mut |line| lines.push(line.text));
                if i < last {
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
                let others: Vec<_> = chunks.map(|range| scope.spawn(move || lay_out_chunk(range))).collect();
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

/// The end of the chunk of blocks that starts at `start`: at least one block, then blocks
/// while their text stays within `chunk_bytes`.
fn chunk_end(blocks: &[Block], start: usize, chunk_bytes: usize) -> usize {
    let mut bytes = 0;
    let mut end = start;
    while end < blocks.len() && (end == start || bytes < chunk_bytes) {
        bytes += blocks[end].end.saturating_sub(blocks[end].offset);
        end += 1;
    }
    end
}

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
        assert_eq!(
            render(&Document::parse(String::new(), Format::Text), LayoutOptions::new(5)),
            in_sequence(&Document::parse(String::new(), Format::Text), LayoutOptions::new(5))
        );
    }
}
