//! Markdown (pulldown-cmark events) → blocks, with inline styles mapped back to source offsets.

use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, DefaultBrokenLinkCallback, Event, HeadingLevel, OffsetIter, Options, Parser,
    Tag,
};

use super::{
    Align, Block, BlockKind, CodeBlock, Content, Document, List, ListItem, Outline, RichText, SourceSpans,
    Span, Style, Table,
};
use crate::text::cjk::is_cjk;

/// Parses a Markdown document (CommonMark + GFM tables, strikethrough, task lists, footnotes and
/// YAML front matter).
pub fn parse(text: String) -> Document {
    parse_in_chunks(text, CHUNK_BYTES)
}

fn parse_in_chunks(text: String, chunk_bytes: usize) -> Document {
    let mut blocks = Vec::new();
    let mut front_title = None;
    let chunks = chunks(&text, chunk_bytes);
    for (i, chunk) in chunks.iter().enumerate() {
        let kept = blocks.len();
        let is_last = i + 1 == chunks.len();
        let mut builder = Builder::new(&text, chunk.clone(), front_title.clone());
        let open_at_end = builder.document(&mut blocks);
        if open_at_end && !is_last {
            // The cut fell inside something (a fence or an HTML block left open): read the
            // rest of the text as one chunk instead.
            blocks.truncate(kept);
            drop(builder);
            let mut builder = Builder::new(&text, chunk.start..text.len(), front_title);
            builder.document(&mut blocks);
            front_title = builder.front_title;
            break;
        }
        front_title = builder.front_title;
        // The chunk's parser and its tree go here, before the next chunk's.
    }
    blocks.shrink_to_fit();
    if let Some((title, offset)) = &front_title {
        root_title(&text, &mut blocks, title, *offset);
    }
    let front_title = front_title.map(|(title, _)| title);
    let title = front_title.or_else(|| {
        blocks.iter().find_map(|block| match &block.kind {
            BlockKind::Heading { level: 1, content } => Some(content.rich(&text).into_owned().text),
            _ => None,
        })
    });
    let outline = Outline::build(&blocks, text.len(), |block| match &block.kind {
        BlockKind::Heading { content, .. } => content.rich(&text).into_owned().text,
        _ => String::new(),
    });
    Document { title, text, blocks, outline }
}

/// The pulldown-cmark extensions kan reads Markdown with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        // `## 例外処理 {#error-handling}`: the attributes are not part of the heading's text.
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Makes the front matter's title the root of the outline, as a first `#` would be: a heading
/// where the front matter was, unless the text's first heading says the same. Above `#`
/// headings it takes level 0.
fn root_title(text: &str, blocks: &mut Vec<Block>, title: &str, offset: usize) {
    let mut headings = blocks.iter().filter_map(|b| match &b.kind {
        BlockKind::Heading { level, content } => Some((*level, content.rich(text).text.trim().to_string())),
        _ => None,
    });
    if headings.clone().next().is_some_and(|(_, first)| first == title.trim()) {
        return;
    }
    let level = if headings.any(|(level, _)| level == 1) { 0 } else { 1 };
    let content = Content::Rich(Box::new(RichText::plain(title, offset)));
    let at = blocks.partition_point(|b| b.offset <= offset);
    blocks.insert(at, Block::new(offset, offset, BlockKind::Heading { level, content }));
}

/// How much text pulldown-cmark parses at once, at least: its first pass builds a tree of the
/// whole input (about 1.5 bytes per byte of source), so a long document is parsed a chunk at a
/// time, cut only where the cut cannot change the result (see [`chunks`]).
const CHUNK_BYTES: usize = 256 << 10;

/// Splits `text` into ranges of at least `size` bytes that parse the same one by one as together:
/// cuts fall only before an ATX heading (`#` at column 0) that follows a blank line outside any
/// fenced code or HTML block. Such a heading closes every open paragraph, list, quote and
/// indented code. What spans the document — link reference and footnote definitions — is not
/// split: a text that has a line like `[label]:` is one chunk. The scan can be fooled (a fence
/// left open inside a list item, a `<` line that only continues a paragraph); a cut inside a
/// fence or an HTML block is then caught after parsing (see [`Builder::document`]).
fn chunks(text: &str, size: usize) -> Vec<Range<usize>> {
    if text.len() <= size || has_definitions(text) {
        return std::iter::once(0..text.len()).collect();
    }
    let mut cuts = vec![0];
    let mut block = Open::None;
    let mut blank_before = false;
    let mut at = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        // pulldown-cmark reads `---` followed by a line of text as YAML metadata anywhere in the
        // text, up to a `---` or `...` however far: every such line counts, whatever the scan
        // thought was open (it may be wrong about a paragraph's `<` line).
        let metadata = content.trim_end() == "---" && next_opens_metadata(lines.peek().copied());
        block = match block {
            _ if metadata => Open::Metadata,
            Open::Metadata => {
                if ["---", "..."].contains(&content.trim_end_matches(' ')) {
                    Open::None
                } else {
                    block
                }
            }
            Open::Fence(marker, len) => {
                if closes_fence(content, marker, len) {
                    Open::None
                } else {
                    block
                }
            }
            Open::Html(end) => {
                let closed = match end {
                    Some(marker) => content.to_ascii_lowercase().contains(marker),
                    None => blank,
                };
                if closed { Open::None } else { block }
            }
            Open::None => {
                if blank_before && start - cuts[cuts.len() - 1] >= size && is_atx_heading(content) {
                    cuts.push(start);
                }
                opens(content)
            }
        };
        blank_before = blank;
    }
    let mut ranges: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    ranges.push(cuts[cuts.len() - 1]..text.len());
    ranges
}

/// Whether a `---` line followed by `next` may open YAML metadata: the next line has text and
/// does not close it at once.
fn next_opens_metadata(next: Option<&str>) -> bool {
    next.is_some_and(|next| {
        !next.trim().is_empty() && !["---", "..."].contains(&next.trim_end_matches(['\n', '\r', ' ']))
    })
}

/// What a line at the top level leaves open for the lines after it.
#[derive(Clone, Copy)]
enum Open {
    None,
    /// A YAML metadata block, up to `---` or `...`.
    Metadata,
    /// A fenced code block: its marker character and length.
    Fence(u8, usize),
    /// An HTML block: the text that ends it, or `None` for a blank line.
    Html(Option<&'static str>),
}

fn opens(line: &str) -> Open {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return Open::None;
    }
    let rest = &line[indent..];
    for marker in [b'`', b'~'] {
        let len = rest.bytes().take_while(|&b| b == marker).count();
        if len >= 3 && !(marker == b'`' && rest[len..].contains('`')) {
            return Open::Fence(marker, len);
        }
    }
    if !rest.starts_with('<') {
        return Open::None;
    }
    let lower = rest.to_ascii_lowercase();
    let ends: [(&str, &'static str); 8] = [
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
        ("<!--", "-->"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<!", ">"),
    ];
    match ends.iter().find(|(start, _)| lower.starts_with(start)) {
        // The block may end on its first line.
        Some((start, end)) if lower[start.len()..].contains(end) => Open::None,
        Some((_, end)) => Open::Html(Some(end)),
        None => Open::Html(None),
    }
}

fn closes_fence(line: &str, marker: u8, len: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let run = rest.bytes().take_while(|&b| b == marker).count();
    indent <= 3 && run >= len && rest[run..].trim().is_empty()
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// Whether a line may define a link reference or a footnote (`[label]: …`), even inside a
/// quote or a list item.
fn has_definitions(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"]:").any(|at| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_start_matches([' ', '\t', '>', '-', '*', '+']);
        let before = before.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
        before.trim_start().starts_with('[')
    })
}

/// Walks the event stream recursively. Every container reads its children until it meets an
/// `End` at its own depth, which the container itself consumes: pulldown-cmark balances its
/// events, so no tag matching is needed and a surprise can never make us panic.
struct Builder<'a> {
    source: &'a str,
    /// The chunk being read.
    chunk: Range<usize>,
    /// The events of the chunk, their ranges in `source`.
    events: Events<'a>,
    /// The front matter's title and where the front matter starts.
    front_title: Option<(String, usize)>,
    /// The task marker of the list item being read. It arrives either directly after the item's
    /// start or inside its first paragraph, so the inline reader hands it over through here.
    task_marker: Option<bool>,
    /// How many containers (quotes, lists, footnotes) enclose the current position.
    depth: usize,
    /// The buffers of the last inline text finished, for the next: most blocks are kept as
    /// source spans, so their text is built only to be compared with the source.
    spare: Inline,
}

/// The events of one chunk with their ranges in the whole source, peekable, noting where the
/// last top-level element read so far ends.
struct Events<'a> {
    parser: OffsetIter<'a, DefaultBrokenLinkCallback>,
    peeked: Option<Option<(Event<'a>, Range<usize>)>>,
    /// Where the chunk starts in the source.
    base: usize,
    /// How many elements the last event read is inside.
    depth: usize,
    last_top_end: usize,
}

impl<'a> Events<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let parser = Parser::new_ext(text, options()).into_offset_iter();
        Events { parser, peeked: None, base, depth: 0, last_top_end: 0 }
    }

    fn peek(&mut self) -> Option<&(Event<'a>, Range<usize>)> {
        if self.peeked.is_none() {
            self.peeked = Some(self.pull());
        }
        self.peeked.as_ref().and_then(Option::as_ref)
    }

    /// Makes an event just read the next one again: cheaper than peeking at every event, as
    /// events are large.
    fn put_back(&mut self, event: (Event<'a>, Range<usize>)) {
        debug_assert!(self.peeked.is_none(), "one event is put back at a time");
        self.peeked = Some(Some(event));
    }

    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let (event, range) = self.parser.next()?;
        let range = range.start + self.base..range.end + self.base;
        match &event {
            Event::Start(_) => {
                if self.depth == 0 {
                    self.last_top_end = range.end;
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ if self.depth == 0 => self.last_top_end = range.end,
            _ => {}
        }
        Some((event, range))
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        match self.peeked.take() {
            Some(peeked) => peeked,
            None => self.pull(),
        }
    }
}

/// Containers nested deeper than this are read as plain text.
const MAX_NESTING: usize = 32;

impl<'a> Builder<'a> {
    /// A builder of the blocks of `source[chunk]`, with the front matter's title found so far.
    fn new(source: &'a str, chunk: Range<usize>, front_title: Option<(String, usize)>) -> Self {
        let events = Events::new(&source[chunk.clone()], chunk.start);
        Builder { source, chunk, events, front_title, task_marker: None, depth: 0, spare: Inline::default() }
    }

    /// Reads the blocks of the chunk into `blocks`. Returns whether the chunk's last top-level
    /// block reaches into the blank lines that end the chunk, which only a block left open (a
    /// fence, an HTML block) does: then the chunk was cut in the wrong place.
    fn document(&mut self, blocks: &mut Vec<Block>) -> bool {
        let base = self.chunk.start;
        let text = &self.source[self.chunk.clone()];
        // Where the chunk's last line with text ends, its newline included.
        let content_end = text.trim_end_matches(['\n', '\r', ' ', '\t']).len();
        let content_end = base + text[content_end..].find('\n').map_or(text.len(), |at| content_end + at + 1);
        loop {
            let more = self.blocks();
            // Exactly: a long document's block list would otherwise end up to twice its size.
            blocks.reserve_exact(more.len());
            blocks.extend(more);
            // `blocks` stops at an `End` or at the end of input; a stray `End` is skipped.
            if self.events.next().is_none() {
                break;
            }
        }
        self.events.last_top_end > content_end
    }

    /// An empty inline text with the buffers of the last one finished.
    fn inline_buffer(&mut self) -> Inline {
        let mut inline = std::mem::take(&mut self.spare);
        inline.clear();
        inline
    }

    /// Reads blocks until the next `End` at this depth (left unconsumed) or the end of input.
    fn blocks(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::End(_) => {
                    self.events.put_back((event, range));
                    break;
                }
                Event::Start(tag) if !is_inline_tag(&tag) => self.block(tag, range, &mut blocks),
                Event::Rule => blocks.push(self.leaf(range, BlockKind::Rule)),
                event => {
                    // Inline content with no paragraph around it: a tight list item.
                    self.events.put_back((event, range));
                    let mut inline = self.inline_buffer();
                    if !self.inline(&mut inline) {
                        // Cannot happen (the event is inline), but never loop on it.
                        self.events.next();
                    } else if inline.extent.is_some() {
                        self.paragraph(inline, None, &mut blocks);
                    }
                }
            }
        }
        blocks
    }

    /// Reads the rest of a block-level element whose `Start` has been consumed.
    fn block(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Block>) {
        let container = !matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::MetadataBlock(_)
        );
        if !container {
            return self.block_in(tag, range, out);
        }
        if self.depth >= MAX_NESTING {
            return self.flatten(range, out);
        }
        self.depth += 1;
        self.block_in(tag, range, out);
        self.depth -= 1;
    }

    fn block_in(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Block>) {
        match tag {
            Tag::Paragraph => {
                let mut inline = self.inline_buffer();
                self.inline(&mut inline);
                self.skip_end();
                self.paragraph(inline, Some(range), out);
            }
            Tag::Heading { level, .. } => {
                let mut inline = self.inline_buffer();
                self.inline(&mut inline);
                self.skip_end();
                let content = inline.finish(range.start, self.source);
                self.spare = inline;
                out.push(self.leaf(range, BlockKind::Heading { level: heading_level(level), content }));
            }
            Tag::BlockQuote(_) => {
                let children = self.blocks();
                self.skip_end();
                out.push(self.leaf(range, BlockKind::Quote(children)));
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                let (text, source) = self.raw_text(range.start);
                let mut text = text;
                if text.ends_with('\n') {
                    text.pop();
                }
                out.push(self.leaf(range, BlockKind::Code(Box::new(CodeBlock { lang, text, source }))));
            }
            Tag::HtmlBlock => {
                // Raw HTML is shown as it was written, line for line.
                let mut inline = self.inline_buffer();
                while let Some((Event::Html(_) | Event::Text(_), _)) = self.events.peek() {
                    let Some((Event::Html(html) | Event::Text(html), at)) = self.events.next() else { break };
                    let at = at.start;
                    let html = html.trim_end_matches('\n');
                    if !inline.rich.text.is_empty() {
                        inline.push("\n", at.saturating_sub(1), Style::default());
                    }
                    inline.push(html, at, Style::default());
                }
                self.skip_nested();
                let content = inline.finish(range.start, self.source);
                self.spare = inline;
                out.push(self.leaf(range, BlockKind::Paragraph(content)));
            }
            Tag::List(start) => {
                let items = self.list_items();
                let list = List { ordered: start.is_some(), start: start.unwrap_or(1), items };
                out.push(self.leaf(range, BlockKind::List(Box::new(list))));
            }
            Tag::Table(align) => {
                let table = self.table(align);
                out.push(self.leaf(range, BlockKind::Table(Box::new(table))));
            }
            Tag::FootnoteDefinition(label) => {
                let mut children = self.blocks();
                self.skip_end();
                let prefix = format!("[{label}] ");
                if let Some(Block { kind: BlockKind::Paragraph(content), .. }) = children.first_mut()
                    && let Content::Spans(spans) = content
                {
                    *content = Content::Rich(Box::new(spans.rich(self.source)));
                }
                match children.first_mut() {
                    Some(Block { offset, kind: BlockKind::Paragraph(Content::Rich(rich)), .. }) => {
                        prepend(rich, &prefix, range.start);
                        *offset = range.start;
                    }
                    _ => {
                        let label = RichText::plain(prefix.trim_end(), range.start);
                        let block = Block::new(
                            range.start,
                            range.start,
                            BlockKind::Paragraph(Content::Rich(Box::new(label))),
                        );
                        children.insert(0, block);
                    }
                }
                out.extend(children);
            }
            Tag::MetadataBlock(_) => {
                let (yaml, _) = self.raw_text(range.start);
                if self.front_title.is_none() {
                    self.front_title = front_matter_title(&yaml).map(|title| (title, range.start));
                }
            }
            Tag::Item => {
                // An item outside a list cannot happen; keep its content anyway.
                out.extend(self.blocks());
                self.skip_end();
            }
            _ => {
                // Containers we do not model (definition lists, table parts out of place): keep
                // their content in place.
                out.extend(self.blocks());
                self.skip_end();
            }
        }
    }

    fn list_items(&mut self) -> Vec<ListItem> {
        let mut items = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => {}
                Event::End(_) => break,
                Event::Start(_) => {
                    // Not an item: read and drop it so the stream stays balanced.
                    self.skip_nested();
                    continue;
                }
                _ => continue,
            }
            let offset = range.start;
            let outer_marker = self.task_marker.take();
            if let Some((Event::TaskListMarker(done), _)) = self.events.peek() {
                self.task_marker = Some(*done);
                self.events.next();
            }
            let blocks = self.blocks();
            self.skip_end();
            let checked = std::mem::replace(&mut self.task_marker, outer_marker);
            items.push(ListItem { offset, checked, blocks });
        }
        items
    }

    fn table(&mut self, align: Vec<Alignment>) -> Table {
        let align = align.into_iter().map(to_align).collect();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => header = self.table_cells(),
                Event::Start(Tag::TableRow) => rows.push(self.table_cells()),
                Event::Start(_) => self.skip_nested(),
                Event::End(_) => break,
                _ => {}
            }
        }
        Table { align, header, rows }
    }

    /// Reads the cells of a head or row up to and including its `End`.
    fn table_cells(&mut self) -> Vec<RichText> {
        let mut cells = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => {
                    let mut inline = self.inline_buffer();
                    self.inline(&mut inline);
                    self.skip_end();
                    cells.push(inline.rich_copy(range.start));
                    self.spare = inline;
                }
                Event::Start(_) => self.skip_nested(),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Reads inline events into `inline` until an `End` or a block start at this depth, both left
    /// unconsumed. Returns whether it read anything.
    fn inline(&mut self, inline: &mut Inline) -> bool {
        let mut read = false;
        let mut depth = 0usize;
        while let Some((event, range)) = self.events.next() {
            let stop = match &event {
                Event::End(_) => depth == 0,
                Event::Start(tag) => !is_inline_tag(tag),
                Event::Rule => depth == 0,
                _ => false,
            };
            if stop {
                self.events.put_back((event, range));
                break;
            }
            read = true;
            match event {
                Event::Start(Tag::Image { .. }) => {
                    let alt = self.image_alt();
                    inline.image(alt, range);
                }
                Event::Start(tag) => {
                    depth += 1;
                    inline.open(tag);
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    inline.close();
                }
                Event::Text(text) => inline.text(&text, self.text_source(&text, &range)),
                Event::Code(code) => {
                    let at = self.text_source(&code, &range);
                    inline.push_styled(&code, at, |style| style.code = true);
                }
                Event::InlineHtml(html) | Event::Html(html) => inline.text(&html, range.start),
                Event::InlineMath(math) | Event::DisplayMath(math) => {
                    inline.text(&math, self.text_source(&math, &range));
                }
                Event::FootnoteReference(label) => inline.text(&format!("[{label}]"), range.start),
                Event::SoftBreak => inline.soft_break(range.start),
                Event::HardBreak => {
                    // Point the '\n' at the source's own line end ("  \n" or "\\\n").
                    let newline = self.source.get(range.clone()).and_then(|raw| raw.rfind('\n'));
                    inline.hard_break(newline.map_or(range.start, |at| range.start + at));
                }
                Event::TaskListMarker(done) => self.task_marker = Some(done),
                Event::Rule => {}
            }
        }
        read
    }

    /// The alt text of an image whose `Start` has been consumed, up to and including its `End`.
    fn image_alt(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }

    /// Concatenated text of a code or metadata block, up to and including its `End`, and the
    /// source offset of its first byte (`fallback` when it is empty).
    fn raw_text(&mut self, fallback: usize) -> (String, usize) {
        let mut text = String::new();
        let mut source = None;
        while let Some((Event::Text(t) | Event::Html(t), range)) = self.events.peek() {
            source.get_or_insert(range.start);
            text.push_str(t);
            self.events.next();
        }
        self.skip_nested();
        (text, source.unwrap_or(fallback))
    }

    /// Reads an over-deep container, whose `Start` has been consumed, as one plain paragraph:
    /// without a loop, recursion on `>>>>…` would overflow the stack (and so would dropping the
    /// nested blocks).
    fn flatten(&mut self, range: Range<usize>, out: &mut Vec<Block>) {
        let source = self.source;
        let mut inline = self.inline_buffer();
        let mut depth = 0usize;
        for (event, at) in self.events.by_ref() {
            match event {
                Event::Start(tag) => {
                    depth += 1;
                    if !is_inline_tag(&tag) {
                        inline.soft_break(at.start);
                    }
                }
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(text)
                | Event::Code(text)
                | Event::Html(text)
                | Event::InlineHtml(text)
                | Event::InlineMath(text)
                | Event::DisplayMath(text) => {
                    inline.text(text.trim_end_matches('\n'), text_source(source, &text, &at));
                }
                Event::SoftBreak | Event::Rule => inline.soft_break(at.start),
                Event::HardBreak => inline.hard_break(at.start),
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            }
        }
        let content = inline.finish(range.start, self.source);
        self.spare = inline;
        out.push(self.leaf(range, BlockKind::Paragraph(content)));
    }

    /// Pushes a paragraph, or image blocks when the paragraph holds nothing but images.
    fn paragraph(&mut self, mut inline: Inline, range: Option<Range<usize>>, out: &mut Vec<Block>) {
        if !inline.images.is_empty() && inline.only_images {
            for (alt, range) in inline.images.drain(..) {
                out.push(self.leaf(range, BlockKind::Image { alt: alt.into_boxed_str() }));
            }
        } else {
            let range = range.or(inline.extent.clone()).unwrap_or(0..0);
            let content = inline.finish(range.start, self.source);
            out.push(self.leaf(range, BlockKind::Paragraph(content)));
        }
        self.spare = inline;
    }

    fn leaf(&self, range: Range<usize>, kind: BlockKind) -> Block {
        let mut end = range.end.min(self.source.len());
        while end > range.start && matches!(self.source.as_bytes()[end - 1], b'\n' | b' ' | b'\t') {
            end -= 1;
        }
        Block::new(range.start, end, kind)
    }

    /// Where the display text of a text event starts in the source: exact when the source holds
    /// the text verbatim, the event start otherwise (escapes and entities).
    fn text_source(&self, text: &str, range: &Range<usize>) -> usize {
        text_source(self.source, text, range)
    }

    /// Consumes the `End` that closes the current element, if it is next.
    fn skip_end(&mut self) {
        if let Some((Event::End(_), _)) = self.events.peek() {
            self.events.next();
        }
    }

    /// Consumes events up to and including the `End` that closes an element already opened.
    fn skip_nested(&mut self) {
        let mut depth = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
    }
}

/// Inline text being assembled: styles, spans, links, pending soft breaks and images.
struct Inline {
    rich: RichText,
    emphasis: u16,
    strong: u16,
    strike: u16,
    /// Open inline tags, innermost last, so an `End` knows what to undo.
    open: Vec<Opened>,
    links: Vec<u32>,
    /// A soft break not yet written: its source offset and style. Whether it becomes a space
    /// depends on the characters on both sides.
    pending_break: Option<(usize, Style)>,
    images: Vec<(String, Range<usize>)>,
    /// No text other than images and whitespace so far.
    only_images: bool,
    /// The source range the inline events covered.
    extent: Option<Range<usize>>,
}

#[derive(Clone, Copy)]
enum Opened {
    Emphasis,
    Strong,
    Strike,
    Link,
    Other,
}

impl Default for Inline {
    fn default() -> Self {
        Inline {
            rich: RichText::default(),
            emphasis: 0,
            strong: 0,
            strike: 0,
            open: Vec::new(),
            links: Vec::new(),
            pending_break: None,
            images: Vec::new(),
            only_images: true,
            extent: None,
        }
    }
}

impl Inline {
    /// Empties it for the next text, keeping its buffers.
    fn clear(&mut self) {
        let Inline {
            rich,
            emphasis,
            strong,
            strike,
            open,
            links,
            pending_break,
            images,
            only_images,
            extent,
        } = self;
        rich.text.clear();
        rich.spans.clear();
        rich.links.clear();
        (*emphasis, *strong, *strike) = (0, 0, 0);
        open.clear();
        links.clear();
        *pending_break = None;
        images.clear();
        *only_images = true;
        *extent = None;
    }

    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code: false,
            strike: self.strike > 0,
            link: self.links.last().copied(),
        }
    }

    fn open(&mut self, tag: Tag<'_>) {
        let opened = match tag {
            Tag::Emphasis => {
                self.emphasis += 1;
                Opened::Emphasis
            }
            Tag::Strong => {
                self.strong += 1;
                Opened::Strong
            }
            Tag::Strikethrough => {
                self.strike += 1;
                Opened::Strike
            }
            Tag::Link { dest_url, .. } => {
                let index = u32::try_from(self.rich.links.len()).unwrap_or(u32::MAX);
                self.rich.links.push(dest_url.to_string());
                self.links.push(index);
                Opened::Link
            }
            _ => Opened::Other,
        };
        self.open.push(opened);
    }

    fn close(&mut self) {
        match self.open.pop() {
            Some(Opened::Emphasis) => self.emphasis = self.emphasis.saturating_sub(1),
            Some(Opened::Strong) => self.strong = self.strong.saturating_sub(1),
            Some(Opened::Strike) => self.strike = self.strike.saturating_sub(1),
            Some(Opened::Link) => {
                self.links.pop();
            }
            Some(Opened::Other) | None => {}
        }
    }

    fn text(&mut self, text: &str, source: usize) {
        let style = self.style();
        self.push(text, source, style);
    }

    fn push_styled(&mut self, text: &str, source: usize, change: impl FnOnce(&mut Style)) {
        let mut style = self.style();
        change(&mut style);
        self.push(text, source, style);
    }

    fn image(&mut self, alt: String, range: Range<usize>) {
        self.cover(&range);
        let style = self.style();
        self.write(&alt, range.start, style);
        self.images.push((alt, range));
    }

    fn soft_break(&mut self, source: usize) {
        self.pending_break = Some((source, self.style()));
    }

    fn hard_break(&mut self, source: usize) {
        self.pending_break = None;
        let style = self.style();
        self.write("\n", source, style);
    }

    /// Writes text that is not an image.
    fn push(&mut self, text: &str, source: usize, style: Style) {
        if text.is_empty() {
            return;
        }
        if self.only_images && !text.trim().is_empty() {
            self.only_images = false;
        }
        self.cover(&(source..source + text.len()));
        self.write(text, source, style);
    }

    fn write(&mut self, text: &str, source: usize, style: Style) {
        if text.is_empty() {
            return;
        }
        if let Some((at, break_style)) = self.pending_break.take() {
            let before = self.rich.text.chars().next_back();
            let after = text.chars().next();
            let joined = matches!((before, after), (Some(a), Some(b)) if is_cjk(a) && is_cjk(b));
            if !joined && before.is_some() {
                self.append(" ", at, break_style);
            }
        }
        self.append(text, source, style);
    }

    /// Appends to the text, extending the last span when style and source continue it.
    fn append(&mut self, text: &str, source: usize, style: Style) {
        let len = self.rich.text.len();
        let continues = self
            .rich
            .spans
            .last()
            .is_some_and(|last| last.style == style && last.source + (len - last.start) == source);
        if !continues {
            self.rich.spans.push(Span { start: len, source, style });
        }
        self.rich.text.push_str(text);
    }

    fn cover(&mut self, range: &Range<usize>) {
        self.extent = Some(match self.extent.take() {
            Some(extent) => extent.start.min(range.start)..extent.end.max(range.end),
            None => range.clone(),
        });
    }

    /// Gives an empty text a span, so that it still has a place in the source.
    fn ensure_span(&mut self, fallback_source: usize) {
        if self.rich.spans.is_empty() {
            self.rich.spans.push(Span { start: 0, source: fallback_source, style: Style::default() });
        }
    }

    /// A copy of the rich text without spare capacity, leaving the buffers for the next text.
    fn rich_copy(&mut self, fallback_source: usize) -> RichText {
        self.ensure_span(fallback_source);
        // `clone` allocates exactly what each part holds.
        self.rich.clone()
    }

    /// The content, kept as source spans when its text is the source's own. The buffers stay
    /// for the next text, unless a giant text takes them.
    fn finish(&mut self, fallback_source: usize, source: &str) -> Content {
        self.ensure_span(fallback_source);
        // A giant paragraph keeps its text: the layout cuts it into segments in place.
        if self.rich.text.len() > GIANT_TEXT_BYTES {
            return Content::Rich(Box::new(compact(std::mem::take(&mut self.rich))));
        }
        match SourceSpans::of(&self.rich, source) {
            Some(spans) => Content::Spans(Box::new(spans)),
            None => Content::Rich(Box::new(self.rich.clone())),
        }
    }
}

/// Inline text longer than this is kept as `Content::Rich` even when it is its source: the
/// layout's default segment size (`layout::SEGMENT_BYTES`), above which a paragraph is laid out
/// in segments cut in its own text.
const GIANT_TEXT_BYTES: usize = 64 << 10;

/// Rich text without spare capacity: grown by doubling, its text and spans would keep up to
/// half again what they hold for as long as the document is open.
fn compact(mut rich: RichText) -> RichText {
    rich.text.shrink_to_fit();
    rich.spans.shrink_to_fit();
    rich.links.shrink_to_fit();
    rich
}

/// Where `text` starts within `source[range]`: exact when the source holds it verbatim, the
/// range start otherwise (escapes and entities).
fn text_source(source: &str, text: &str, range: &Range<usize>) -> usize {
    let Some(raw) = source.get(range.clone()) else { return range.start };
    if raw.starts_with(text) {
        return range.start;
    }
    raw.find(text).map_or(range.start, |at| range.start + at)
}

/// Puts `prefix` in front of `rich`, attributed to source offset `source`.
fn prepend(rich: &mut RichText, prefix: &str, source: usize) {
    rich.text.insert_str(0, prefix);
    for span in &mut rich.spans {
        span.start += prefix.len();
    }
    rich.spans.insert(0, Span { start: 0, source, style: Style::default() });
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn to_align(align: Alignment) -> Align {
    match align {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// The top-level `title:` of YAML front matter: a plain, quoted or folded scalar.
fn front_matter_title(yaml: &str) -> Option<String> {
    let mut lines = yaml.lines();
    while let Some(line) = lines.next() {
        let Some(value) = line.strip_prefix("title:") else { continue };
        let value = strip_comment(value).trim();
        let title = if value.starts_with('|') || value.starts_with('>') {
            // A block scalar: the following indented lines, joined.
            let folded: Vec<&str> = lines
                .by_ref()
                .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            folded.join(" ")
        } else {
            unquote(value)
        };
        let title = title.trim().to_owned();
        return (!title.is_empty()).then_some(title);
    }
    None
}

/// Drops a ` #` comment from an unquoted scalar.
fn strip_comment(value: &str) -> &str {
    let trimmed = value.trim_start();
    if trimmed.starts_with(['"', '\'']) {
        return value;
    }
    value.find(" #").map_or(value, |at| &value[..at])
}

fn unquote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_title_forms() {
        assert_eq!(front_matter_title("title: Hello\n").as_deref(), Some("Hello"));
        assert_eq!(front_matter_title("a: 1\ntitle: \"Say \\\"hi\\\"\"\n").as_deref(), Some("Say \"hi\""));
        assert_eq!(front_matter_title("title: 'It''s'\n").as_deref(), Some("It's"));
        assert_eq!(front_matter_title("title: 看 # note\n").as_deref(), Some("看"));
        assert_eq!(front_matter_title("title: >\n  one\n  two\nnext: x\n").as_deref(), Some("one two"));
        assert_eq!(front_matter_title("  title: nested\n"), None);
        assert_eq!(front_matter_title("title:\n"), None);
    }

    /// Pieces of Markdown that open and close what a cut must not fall into.
    const PIECES: &[&str] = &[
        "# Title\n",
        "## 第二节\n",
        "#hashtag, not a heading\n",
        "\n",
        "\n",
        "A paragraph with *emphasis* and `code`.\n",
        "中文段落，**重点**。\n",
        "```\n",
        "~~~~rust\n",
        "~~~~\n",
        "<pre>\n",
        "</pre>\n",
        "<div>\n",
        "<!--\n",
        "-->\n",
        "- item\n",
        "1. first\n",
        "- item\n  ```\n  # inside\n  ```\n",
        "> quoted\n",
        "    indented code\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "[link][ref]\n",
        "[ref]: https://example.com\n",
        "Text[^1]\n",
        "[^1]: A note.\n",
        "---\n",
        "title: 标题\n",
        "...\n",
        "Setext\n===\n",
        "<script>\n",
        "</script>\n",
        "> ```\n",
        "   ```\n",
        "\t# tab\n",
        "###### six\n",
    ];

    proptest::proptest! {
        #[test]
        fn chunks_parse_as_the_whole(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let whole = parse_in_chunks(text.clone(), usize::MAX);
            let chunked = parse_in_chunks(text.clone(), 1);
            proptest::prop_assert_eq!(&chunked.blocks, &whole.blocks, "{:?}", text);
            proptest::prop_assert_eq!(chunked.title, whole.title);
        }
    }

    /// Whole blocks of every kind the builder reads, none of which reaches past its own text
    /// (no definitions, no front matter).
    const BLOCKS: &[&str] = &[
        "# Title *em*",
        "## 第二节 `code`",
        "A paragraph with *emphasis*, **strong**, ~~strike~~ and `code`.",
        "中文段落，\n**重点**。\n下一行",
        "English\nsoft *break*\nhere",
        "[link](http://a) and ![img](p.png) *text*",
        "![only](a.png) ![images](b.png)",
        "- item *a*\n- [x] done\n- [ ] todo",
        "1. first [l](u)\n2. second\n\n   para in item",
        "> quoted **q**\n> more\n>\n> > nested",
        "```rust\nfn x() {}\n```",
        "    indented code",
        "| a | *b* |\n|---|:-:|\n| [1](u) | 2 |",
        "<div>\n*not em*\n</div>",
        "Text[^1] with a footnote reference",
        "hard  \nbreak\\\nagain",
        "&amp; entity \\* escape",
        "Setext\n===",
        "<span>inline html</span> text",
        "",
    ];

    proptest::proptest! {
        /// A block reads the same whatever came before it: the buffers one text leaves for the
        /// next carry nothing over. Each block is parsed once after the others and once after a
        /// plain paragraph as long as they are.
        #[test]
        fn blocks_read_the_same_after_any_others(picks in proptest::collection::vec(0..=BLOCKS.len(), 1..12)) {
            const SEPARATOR: &str = "\n\n***\n\n";
            // The last pick is a giant paragraph, which takes the buffers with it.
            let giant = "giant 山路".repeat(GIANT_TEXT_BYTES / 8 + 1);
            let block = |i: usize| BLOCKS.get(i).copied().unwrap_or(&giant);
            let text = picks.iter().map(|&i| block(i)).collect::<Vec<_>>().join(SEPARATOR);
            let whole = parse(text.clone());
            let mut start = 0;
            for &i in &picks {
                let end = start + block(i).len();
                let filler = if start == 0 { String::new() } else { "f".repeat(start - 2) + "\n\n" };
                let alone = parse(filler + block(i));
                let of = |doc: &Document| -> Vec<Block> {
                    doc.blocks.iter().filter(|b| (start..end.max(start + 1)).contains(&b.offset)).cloned().collect()
                };
                proptest::prop_assert_eq!(of(&alone), of(&whole), "{:?} in {:?}", block(i), text);
                start = end + SEPARATOR.len();
            }
        }
    }

    #[test]
    fn giant_paragraphs_keep_their_text_for_the_layout_to_cut() {
        let giant = "山路".repeat(GIANT_TEXT_BYTES / 6 + 1);
        let doc = parse(format!("short\n\n{giant}\n"));
        assert!(matches!(&doc.blocks[0].kind, BlockKind::Paragraph(Content::Spans(_))));
        assert!(matches!(&doc.blocks[1].kind, BlockKind::Paragraph(Content::Rich(r)) if r.text == giant));
    }

    #[test]
    fn cuts_fall_before_headings_outside_fences_only() {
        let text = "# A\n\npara\n\n```\n\n# in code\n```\n\n# B\n\n<pre>\n\n# in html\n</pre>\n\n## C\n";
        let starts: Vec<&str> = chunks(text, 1).iter().map(|r| &text[r.start..r.start + 3]).collect();
        assert_eq!(starts, ["# A", "# B", "## "]);
        assert_eq!(chunks("# A\n\n[r]: /u\n\n# B\n", 1).len(), 1, "definitions keep one chunk");
        // `</pre>` continues the paragraph, so the fence after it is open to the end; the scan
        // takes it for HTML and cuts, and the parse sees the fence reach the cut and undoes it.
        let fooled = "para\n</pre>\n```\n\n# in code\n";
        assert_eq!(chunks(fooled, 1).len(), 2);
        assert_eq!(
            parse_in_chunks(fooled.to_string(), 1).blocks,
            parse_in_chunks(fooled.to_string(), usize::MAX).blocks
        );
    }

    #[test]
    fn soft_break_joins_cjk_without_space() {
        let doc = parse("中文\n文字\n\nEnglish\nwords\n\n中文\nEnglish\n".to_owned());
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph(c) => c.rich(&doc.text).text.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, ["中文文字", "English words", "中文 English"]);
    }
}
