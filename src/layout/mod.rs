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
    /// The script text is shown in; positions stay in the document's own text.
    pub script: Script,
}

impl LayoutOptions {
    pub fn new(width: usize) -> Self {
        LayoutOptions { width: width.max(1), ambiguous_wide: false, tab_width: 4, script: Script::Original }
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
    /// so blocks are separated by exactly one blank line.
    pub fn block_lines(&mut self, doc: &Document, block: usize) -> Arc<[Line]> {
        if let Some(lines) = self.cache.get(&block) {
            return lines.clone();
        }
        let mut lines = lay_out_block(doc, &doc.blocks[block], self.options);
        if block + 1 < doc.blocks.len() {
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
            delta += pos.line as isize + 1;
            let n = self.block_lines(doc, pos.block - 1).len();
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
    block::lay_out(doc, block, options, 0, &mut |line| out.push(line));
    out
}

/// The headless render (`kan --render`): the content pane's lines as plain text, blocks
/// separated by one blank line, each handed to `emit` as soon as it is laid out, so memory
/// stays bounded by the document, not by its number of lines.
pub fn render_each(doc: &Document, options: LayoutOptions, mut emit: impl FnMut(&str)) {
    let last = doc.blocks.len().saturating_sub(1);
    for (i, block) in doc.blocks.iter().enumerate() {
        block::lay_out(doc, block, options, 0, &mut |line| emit(&line.text));
        if i < last {
            emit("");
        }
    }
}

/// [`render_each`] collected (for tests and tools).
pub fn render(doc: &Document, options: LayoutOptions) -> Vec<String> {
    let mut out = Vec::new();
    render_each(doc, options, |line| out.push(line.to_string()));
    out
}
