//! Blocks into lines with their decorations: headings, paragraphs, list markers with hanging
//! indents, quote bars, code, rules and image alt text (tables are in `table.rs`).

use unicode_segmentation::UnicodeSegmentation;

use super::sanitize::{Clean, Sanitizer, is_drawable};
use super::width::{grapheme_width, str_width};
use super::wrap::{Segment, TabExpander, wrap_code_each, wrap_prose_each};
use super::{LayoutOptions, Line, Role, Run, table};
use crate::document::{Anchor, Block, BlockKind, Content, Document, List, RichText, Style};
use crate::text::script::{Script, convert_aligned};

/// Bullets of unordered lists, by nesting depth.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];
/// Code blocks are indented by this much, to set them apart from prose.
const CODE_INDENT: &str = "  ";

/// Where laid-out lines go, one at a time: a giant paragraph is never held whole.
pub(super) type Sink<'s> = dyn FnMut(Line) + 's;

/// Lays out `block` into `out`. `depth` is the list nesting depth.
pub(super) fn lay_out(doc: &Document, block: &Block, options: LayoutOptions, depth: usize, out: &mut Sink) {
    if let Some((content, role)) = inline_content(block) {
        return rich(&content.rich(&doc.text), block.offset, options, role, out);
    }
    match &block.kind {
        BlockKind::Heading { .. } | BlockKind::Paragraph(_) | BlockKind::Note(_) => {}
        BlockKind::List(list) => self::list(doc, list, options, depth, out),
        BlockKind::Quote(blocks) => {
            let (bar, bar_width) = fit_prefix("│ ", options);
            let inner = LayoutOptions { width: options.width - bar_width, ..options };
            blocks_separated(doc, blocks, inner, depth, block.offset, &mut |line| {
                out(prefixed(&bar, bar_width, Role::QuoteBar, line))
            });
        }
        BlockKind::Code(code) => {
            let (indent, indent_width) = fit_prefix(CODE_INDENT, options);
            let inner = LayoutOptions { width: options.width - indent_width, ..options };
            let mut s = Sanitizer::for_wrapping(options.tab_width, options.ambiguous_wide, code.text.len());
            s.push(code.text.trim_end_matches('\n'), code.source, Style::default());
            let clean = s.finish(code.source);
            wrap_code_each(&clean.text, inner, |seg| {
                let line = line_of(&clean, &seg, Role::Code, inner);
                out(prefixed(&indent, indent_width, Role::Code, line))
            });
        }
        BlockKind::Table(t) => {
            let mut lines = Vec::new();
            table::lay_out(t, block.offset, options, &mut lines);
            lines.into_iter().for_each(out);
        }
        BlockKind::Rule => {
            let (mark, w) = frame_char('─', '-', options);
            let text = mark.to_string().repeat(options.width / w);
            out(decoration(text, options, Role::Frame, Anchor(block.offset)));
        }
        BlockKind::Image { alt } => {
            let label = format!("[image: {alt}]");
            let mut s = Sanitizer::for_wrapping(options.tab_width, options.ambiguous_wide, label.len());
            s.push(&label, block.offset, Style::default());
            let clean = s.finish(block.offset);
            wrap_prose_each(&clean.text, &clean.hints, options, |seg| {
                let mut line = line_of(&clean, &seg, Role::Note, options);
                // The label is not document text: its lines all stand for the image's offset.
                line.anchor = Anchor(block.offset);
                line.runs.iter_mut().for_each(|r| r.source = None);
                out(line)
            });
        }
    }
}

/// The inline text of a heading, paragraph or note, with the role it is drawn in.
pub(super) fn inline_content(block: &Block) -> Option<(&Content, Role)> {
    match &block.kind {
        BlockKind::Heading { level, content } => Some((content, Role::Heading(*level))),
        BlockKind::Paragraph(content) => Some((content, if block.aside { Role::Aside } else { Role::Body })),
        BlockKind::Note(content) => Some((content, Role::Note)),
        _ => None,
    }
}

/// Lays out `blocks` separated by one blank line (a quote's or a document's blocks).
fn blocks_separated(
    doc: &Document,
    blocks: &[Block],
    options: LayoutOptions,
    depth: usize,
    offset: usize,
    out: &mut Sink,
) {
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out(super::blank(b.offset));
        }
        lay_out(doc, b, options, depth, out);
    }
    if blocks.is_empty() {
        out(super::blank(offset));
    }
}

fn list(doc: &Document, list: &List, options: LayoutOptions, depth: usize, out: &mut Sink) {
    // Ordered numbers are right-aligned so that the items' text lines up.
    let number = |k: usize| format!("{}.", list.start.saturating_add(k as u64));
    let widest = if list.ordered { number(list.items.len().saturating_sub(1)).len() } else { 0 };
    for (k, item) in list.items.iter().enumerate() {
        let mut marker = if list.ordered {
            format!("{:>widest$} ", number(k))
        } else if item.checked.is_some() {
            String::new()
        } else {
            format!("{} ", BULLETS[depth % BULLETS.len()])
        };
        if let Some(done) = item.checked {
            marker.push_str(if done { "[x] " } else { "[ ] " });
        }
        let (first, w) = fit_prefix(&marker, options);
        let hanging = " ".repeat(w);
        let inner = LayoutOptions { width: options.width - w, ..options };
        // The first line of the item gets the marker; counted in a cell, as the closure that
        // counts is still lent out when the count is read.
        let count = std::cell::Cell::new(0usize);
        let mut item_out = |line: Line| {
            out(prefixed(if count.get() == 0 { &first } else { &hanging }, w, Role::Marker, line));
            count.set(count.get() + 1);
        };
        for (j, b) in item.blocks.iter().enumerate() {
            if j > 0 && !matches!(b.kind, BlockKind::List(_)) {
                item_out(super::blank(b.offset));
            }
            lay_out(doc, b, inner, depth + 1, &mut item_out);
        }
        if count.get() == 0 {
            item_out(super::blank(item.offset));
        }
    }
}

/// Sanitises rich text, in the layout's script, into a [`Clean`] text ready to wrap.
pub(super) fn clean_rich(rich: &RichText, offset: usize, options: LayoutOptions) -> Clean {
    let mut s = Sanitizer::for_wrapping(options.tab_width, options.ambiguous_wide, rich.text.len());
    if options.script == Script::Original {
        push_spans(&mut s, rich, 0..rich.text.len(), &rich.text);
    } else {
        for piece in convert_aligned(options.script, &rich.text) {
            if piece.linear {
                push_spans(&mut s, rich, piece.from..piece.to, &piece.out);
            } else {
                let style =
                    rich.spans.get(span_index(rich, piece.from)).map_or(Style::default(), |sp| sp.style);
                s.push_substitute(&piece.out, rich.source_of(piece.from), style);
            }
        }
    }
    s.finish(offset)
}

/// Pushes `text`, which stands for `rich.text[range]` byte for byte, span by span.
pub(super) fn push_spans(s: &mut Sanitizer, rich: &RichText, range: std::ops::Range<usize>, text: &str) {
    for (i, span) in rich.spans.iter().enumerate().skip(span_index(rich, range.start)) {
        let end = rich.spans.get(i + 1).map_or(rich.text.len(), |next| next.start);
        let (from, to) = (span.start.max(range.start), end.min(range.end));
        if span.start >= range.end {
            break;
        }
        if let Some(piece) = text.get(from - range.start..to.saturating_sub(range.start)) {
            s.push(piece, span.source + (from - span.start), span.style);
        }
    }
}

/// The index of the span that holds byte `index` of `rich.text`.
fn span_index(rich: &RichText, index: usize) -> usize {
    rich.spans.partition_point(|sp| sp.start <= index).saturating_sub(1)
}

/// Wraps rich text as prose.
pub(super) fn rich(rich: &RichText, offset: usize, options: LayoutOptions, role: Role, out: &mut Sink) {
    let clean = clean_rich(rich, offset, options);
    wrap_prose_each(&clean.text, &clean.hints, options, |seg| out(line_of(&clean, &seg, role, options)));
}

/// Turns wrapped segments of a clean text into lines with runs and anchors.
pub(super) fn from_segments(
    clean: &Clean,
    segments: &[Segment],
    role: Role,
    options: LayoutOptions,
    out: &mut Vec<Line>,
) {
    out.extend(segments.iter().map(|seg| line_of(clean, seg, role, options)));
}

/// The line a wrapped segment of a clean text draws: its text with tabs expanded, runs and anchor.
pub(super) fn line_of(clean: &Clean, seg: &Segment, role: Role, options: LayoutOptions) -> Line {
    let source = clean.source_of(seg.start);
    let first = clean.pieces.partition_point(|p| p.start <= seg.start).saturating_sub(1);
    if seg.placeholder {
        let style = clean.pieces.get(first).map_or(Style::default(), |p| p.style);
        return Line {
            text: "?".into(),
            width: 1,
            runs: vec![Run { start: 0, role, style, source: Some(source) }],
            anchor: Anchor(source),
        };
    }
    let mut text = String::with_capacity(seg.end - seg.start + usize::from(seg.hyphen));
    let mut tabs = TabExpander::new(options);
    let mut runs = Vec::new();
    let mut style = Style::default();
    for (k, piece) in clean.pieces.iter().enumerate().skip(first) {
        if piece.start >= seg.end {
            break;
        }
        let from = piece.start.max(seg.start);
        let to = clean.pieces.get(k + 1).map_or(clean.text.len(), |next| next.start).min(seg.end);
        let source = if piece.linear { piece.source + (from - piece.start) } else { piece.source };
        runs.push(Run { start: text.len(), role, style: piece.style, source: Some(source) });
        tabs.push(&mut text, &clean.text[from..to]);
        style = piece.style;
    }
    if seg.start == seg.end {
        runs.clear();
    }
    if seg.hyphen {
        runs.push(Run { start: text.len(), role, style, source: None });
        text.push('-');
    }
    debug_assert!(text.chars().all(is_drawable), "undrawable character in {text:?}");
    Line { text, width: seg.width, runs, anchor: Anchor(source) }
}

/// A line of decoration alone (a rule, a table frame).
pub(super) fn decoration(text: String, options: LayoutOptions, role: Role, anchor: Anchor) -> Line {
    let width = str_width(&text, options.ambiguous_wide);
    let runs = if text.is_empty() {
        Vec::new()
    } else {
        vec![Run { start: 0, role, style: Style::default(), source: None }]
    };
    Line { text, width, runs, anchor }
}

/// A frame character: box drawing, or ASCII in ambiguous-wide mode where box drawing takes two
/// columns and frames would not line up with text. Returns the character and its width.
pub(super) fn frame_char(boxed: char, ascii: char, options: LayoutOptions) -> (char, usize) {
    if options.ambiguous_wide { (ascii, 1) } else { (boxed, 1) }
}

/// `prefix` cut so that at least one column is left for text; with its width.
pub(super) fn fit_prefix(prefix: &str, options: LayoutOptions) -> (String, usize) {
    let room = options.width.saturating_sub(1);
    let mut out = String::new();
    let mut w = 0;
    for g in prefix.graphemes(true) {
        let gw = grapheme_width(g, options.ambiguous_wide);
        if w + gw > room {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    (out, w)
}

/// `line` with `prefix` (decoration, `prefix_width` columns) in front; the trailing spaces of
/// a prefix before an empty line are dropped.
pub(super) fn prefixed(prefix: &str, prefix_width: usize, role: Role, line: Line) -> Line {
    let shown = if line.text.is_empty() { prefix.trim_end_matches(' ') } else { prefix };
    if shown.is_empty() {
        return line;
    }
    let mut text = String::with_capacity(shown.len() + line.text.len());
    text.push_str(shown);
    text.push_str(&line.text);
    let mut runs = Vec::with_capacity(line.runs.len() + 1);
    runs.push(Run { start: 0, role, style: Style::default(), source: None });
    runs.extend(line.runs.iter().map(|r| Run { start: r.start + shown.len(), ..*r }));
    let width = line.width + prefix_width - (prefix.len() - shown.len());
    Line { text, width, runs, anchor: line.anchor }
}
