//! The document model: blocks with inline styles and text anchors, plus the outline. No terminal types.

pub mod anchor;
pub mod epub;
pub mod html;
pub mod links;
pub mod markdown;
pub mod outline;
pub mod plain;

use std::ops::Range;

pub use outline::{Outline, Section};

/// A position in a document: a byte offset into [`Document::text`].
///
/// Scrolling, search, bookmarks and resume are all expressed as anchors, never as screen rows, so
/// they survive resizes and relayouts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor(pub usize);

/// How a document's text is to be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html(html::HtmlOptions),
}

/// A parsed document. `text` is the decoded source; every offset in the model points into it.
#[derive(Debug, Default)]
pub struct Document {
    /// The title: YAML front matter `title`, the first heading-like line of a plain text, or the
    /// first level-1 heading of Markdown.
    pub title: Option<String>,
    pub text: String,
    /// Top-level blocks in text order; `blocks[i].offset` is non-decreasing.
    pub blocks: Vec<Block>,
    pub outline: Outline,
}

/// One block: its start offset and end offset in [`Document::text`], and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub offset: usize,
    pub end: usize,
    pub kind: BlockKind,
    /// Page furniture around the article (navigation, share buttons, related links, footers):
    /// kept and drawn dim, left out of the outline and the title, and hidden on request.
    pub aside: bool,
}

impl Block {
    /// A block of the document's own text (not an aside).
    pub fn new(offset: usize, end: usize, kind: BlockKind) -> Block {
        Block { offset, end, kind, aside: false }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockKind {
    /// `level` starts at 1 (the document title or a Markdown `#`).
    Heading {
        level: u8,
        content: Content,
    },
    Paragraph(Content),
    List(Box<List>),
    Quote(Vec<Block>),
    Code(Box<CodeBlock>),
    Table(Box<Table>),
    /// A thematic break.
    Rule,
    Image {
        alt: Box<str>,
    },
    /// A dim line about the document rather than of it: an article's byline, site and date.
    Note(Content),
}

/// The inline text of a heading or paragraph.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// Unstyled plain-text lines `text[range]`, hard-wrapped in the source: they are joined on
    /// demand by [`plain::join_lines`] (CJK to CJK with nothing between, Latin with one space).
    /// Kept as a range so a 100 MB novel is not copied.
    Source(Range<usize>),
    Rich(Box<RichText>),
    /// Styled text whose every span is a slice of the document's text, as most Markdown
    /// paragraphs are: kept as its spans alone (no copy of the text) and built on demand by
    /// [`SourceSpans::rich`].
    Spans(Box<SourceSpans>),
}

/// The spans of a [`RichText`] whose text is the document's own, so it need not be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSpans {
    pub spans: Box<[SourceSpan]>,
    /// Link targets; [`Style::link`] indexes into it.
    pub links: Box<[String]>,
}

/// `len` bytes of [`Document::text`] from `source`, shown in `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceSpan {
    pub source: u32,
    pub len: u32,
    pub style: Style,
    /// The source's line breaks inside the span are shown as spaces (Markdown's soft breaks
    /// between Latin words).
    pub soft_breaks: bool,
}

impl SourceSpans {
    /// The spans of `rich` as slices of `doc_text`, if every span's text is its source (or is, with
    /// soft breaks shown as spaces).
    pub fn of(rich: &RichText, doc_text: &str) -> Option<SourceSpans> {
        let mut spans = Vec::with_capacity(rich.spans.len());
        for (i, span) in rich.spans.iter().enumerate() {
            let end = rich.spans.get(i + 1).map_or(rich.text.len(), |next| next.start);
            let shown = rich.text.get(span.start..end)?.as_bytes();
            let source = doc_text.as_bytes().get(span.source..span.source + shown.len())?;
            // Most spans are their source verbatim: one comparison of the whole.
            let soft_breaks = source != shown && soft_breaks_only(source, shown)?;
            spans.push(SourceSpan {
                source: u32::try_from(span.source).ok()?,
                len: u32::try_from(shown.len()).ok()?,
                style: span.style,
                soft_breaks,
            });
        }
        Some(SourceSpans { spans: spans.into_boxed_slice(), links: rich.links.clone().into_boxed_slice() })
    }

    /// The display text with its spans.
    pub fn rich(&self, doc_text: &str) -> RichText {
        let mut rich = RichText {
            text: String::with_capacity(self.spans.iter().map(|s| s.len as usize).sum()),
            spans: Vec::with_capacity(self.spans.len()),
            links: self.links.to_vec(),
        };
        self.shown_into(doc_text, &mut rich);
        rich
    }

    /// The display text and spans written over `rich`'s, which keeps its links and its
    /// buffers: what a search of many paragraphs reuses.
    pub fn shown_into(&self, doc_text: &str, rich: &mut RichText) {
        let RichText { text, spans, .. } = rich;
        text.clear();
        spans.clear();
        for span in self.spans.iter() {
            let source = span.source as usize;
            spans.push(Span { start: text.len(), source, style: span.style });
            let slice = doc_text.get(source..source + span.len as usize).unwrap_or_default();
            if span.soft_breaks {
                for (i, line) in slice.split('\n').enumerate() {
                    if i > 0 {
                        text.push(' ');
                    }
                    text.push_str(line);
                }
            } else {
                text.push_str(slice);
            }
        }
    }
}

/// Whether `shown` is `source` with line breaks shown as spaces: `Some(true)` when it is and has
/// such a break, `None` when it differs otherwise (or has a line break of its own).
fn soft_breaks_only(source: &[u8], shown: &[u8]) -> Option<bool> {
    let mut soft_breaks = false;
    for (&s, &t) in source.iter().zip(shown) {
        match (s, t) {
            _ if s == t => {}
            (b'\n', b' ') => soft_breaks = true,
            _ => return None,
        }
    }
    if soft_breaks && shown.contains(&b'\n') {
        return None;
    }
    Some(soft_breaks)
}

/// Display text with styles and a map back to the source.
///
/// `spans` partition `text`: span `i` covers `text[spans[i].start..spans[i+1].start]` (the last
/// one runs to the end), and byte `k` of it came from source offset `source + (k - start)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RichText {
    pub text: String,
    pub spans: Vec<Span>,
    /// Link targets; [`Style::link`] indexes into it.
    pub links: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Byte offset in [`RichText::text`] where this span starts.
    pub start: usize,
    /// Offset in [`Document::text`] that byte `start` came from.
    pub source: usize,
    pub style: Style,
}

/// Semantic inline style: what the text is, not how it looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
    pub strike: bool,
    /// Index into [`RichText::links`] when the text is a link.
    pub link: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub ordered: bool,
    /// The number of the first item of an ordered list.
    pub start: u64,
    pub items: Vec<ListItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListItem {
    pub offset: usize,
    /// `Some(done)` for a task list item.
    pub checked: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeBlock {
    pub lang: Option<String>,
    pub text: String,
    /// Offset in [`Document::text`] of the first byte of `text`.
    pub source: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<RichText>,
    pub rows: Vec<Vec<RichText>>,
}

impl RichText {
    /// Plain unstyled text that came from `source`.
    pub fn plain(text: impl Into<String>, source: usize) -> Self {
        RichText {
            text: text.into(),
            spans: vec![Span { start: 0, source, style: Style::default() }],
            links: Vec::new(),
        }
    }

    /// The source offset that byte `index` of `text` came from.
    pub fn source_of(&self, index: usize) -> usize {
        let i = self.spans.partition_point(|s| s.start <= index);
        match i.checked_sub(1).map(|i| self.spans[i]) {
            Some(span) => span.source + (index - span.start),
            None => self.spans.first().map_or(0, |s| s.source),
        }
    }

    /// The text byte index closest to source offset `source` (the first byte at or after it).
    pub fn index_of(&self, source: usize) -> usize {
        for (i, span) in self.spans.iter().enumerate() {
            let end = self.spans.get(i + 1).map_or(self.text.len(), |s| s.start);
            if source < span.source {
                return span.start;
            }
            if source < span.source + (end - span.start) {
                let mut k = span.start + (source - span.source);
                while !self.text.is_char_boundary(k) {
                    k += 1;
                }
                return k;
            }
        }
        self.text.len()
    }

    /// Iterates `(text, style)` pieces in order.
    pub fn pieces(&self) -> impl Iterator<Item = (&str, Style)> + '_ {
        self.spans.iter().enumerate().map(move |(i, span)| {
            let end = self.spans.get(i + 1).map_or(self.text.len(), |s| s.start);
            (&self.text[span.start..end], span.style)
        })
    }
}

impl Content {
    /// The display text of this content, joined and styled.
    pub fn rich<'a>(&'a self, doc_text: &str) -> std::borrow::Cow<'a, RichText> {
        match self {
            Content::Source(range) => std::borrow::Cow::Owned(plain::join_lines(doc_text, range.clone())),
            Content::Rich(rich) => std::borrow::Cow::Borrowed(rich),
            Content::Spans(spans) => std::borrow::Cow::Owned(spans.rich(doc_text)),
        }
    }
}

impl Document {
    /// Parses decoded text in the given format.
    pub fn parse(text: String, format: Format) -> Document {
        match format {
            Format::Text => plain::parse(text),
            Format::Markdown => markdown::parse(text),
            Format::Html(options) => html::parse(&text, options),
        }
    }

    /// The index of the top-level block that contains `anchor` (or the last one before it).
    pub fn block_at(&self, anchor: Anchor) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        let i = self.blocks.partition_point(|b| b.offset <= anchor.0);
        Some(i.saturating_sub(1))
    }

    /// The heading text of a heading block.
    pub fn heading_text(&self, block: &Block) -> Option<String> {
        match &block.kind {
            BlockKind::Heading { content, .. } => Some(content.rich(&self.text).text.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Against the byte-by-byte comparison it short-cuts: spans of text over a small
        /// alphabet, so that equal, soft-broken and differing spans all come up.
        #[test]
        fn source_spans_match_a_byte_by_byte_comparison(
            doc in "[ab \n]{0,24}",
            pieces in proptest::collection::vec(("[ab \n]{0,6}", 0usize..24), 0..5),
        ) {
            let mut rich = RichText::default();
            for (text, source) in &pieces {
                rich.spans.push(Span { start: rich.text.len(), source: *source, style: Style::default() });
                rich.text.push_str(text);
            }
            let expected = (|| {
                let mut spans = Vec::new();
                for (text, source) in &pieces {
                    let original = doc.as_bytes().get(*source..source + text.len())?;
                    let soft = original.iter().zip(text.bytes()).any(|(&s, t)| s != t);
                    let same = original.iter().zip(text.bytes()).all(|(&s, t)| s == t || (s, t) == (b'\n', b' '));
                    if !same || (soft && text.contains('\n')) {
                        return None;
                    }
                    let (source, len) = (u32::try_from(*source).ok()?, u32::try_from(text.len()).ok()?);
                    spans.push(SourceSpan { source, len, style: Style::default(), soft_breaks: soft });
                }
                Some(spans)
            })();
            let got = SourceSpans::of(&rich, &doc).map(|s| s.spans.into_vec());
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
