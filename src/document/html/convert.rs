//! An HTML element tree → kan's blocks. The document text is built alongside: every block's
//! display text is appended to it, so search, bookmarks and anchors see the article's words,
//! never its markup.

use dom_query::NodeRef;

use super::HtmlOptions;
use crate::document::plain::is_cjk;
use crate::document::{Block, BlockKind, CodeBlock, Content, List, ListItem, RichText, Span, Style, Table};

/// Elements nested deeper than this are read as plain text: a page of 10,000 nested `div`s
/// must not exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Elements that never carry article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "button", "input", "select", "textarea", "form", "head", "title", "meta", "link", "rp",
    "dialog",
];

/// Page furniture, dropped when the whole body is read because Readability found no article.
pub(super) const FURNITURE: &[&str] = &["nav", "header", "footer", "aside"];

/// Elements that end the paragraph before them and start a new one after.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "address",
    "center",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "figcaption",
    "fieldset",
    "hgroup",
    "body",
    "html",
    "caption",
    "legend",
    "li",
    "tr",
    "td",
    "th",
];

/// Builds blocks and the document text they point into.
pub(in crate::document) struct Converter {
    pub text: String,
    options: HtmlOptions,
    /// Element names to skip besides [`SKIPPED`].
    skip: &'static [&'static str],
    /// Where elements with an `id` start in `text`, when asked for (a book's table of contents
    /// points at them).
    pub ids: Option<std::collections::HashMap<String, usize>>,
}

/// A paragraph being gathered: display text with styles, sources relative to its start.
#[derive(Default)]
struct Inline {
    rich: RichText,
    /// Whitespace seen since the last character: `Some(had a line break)`.
    space: Option<bool>,
}

impl Inline {
    fn push_char(&mut self, c: char, style: Style) {
        if let Some(had_newline) = self.space.take() {
            let last = self.rich.text.chars().next_back();
            let join_cjk = had_newline && last.is_some_and(is_cjk) && is_cjk(c);
            if last.is_some_and(|l| l != '\n') && !join_cjk {
                self.push_raw(" ", style);
            }
        }
        let mut buf = [0; 4];
        self.push_raw(c.encode_utf8(&mut buf), style);
    }

    fn push_raw(&mut self, s: &str, style: Style) {
        let start = self.rich.text.len();
        if self.rich.spans.last().is_none_or(|span| span.style != style) {
            self.rich.spans.push(Span { start, source: start, style });
        }
        self.rich.text.push_str(s);
    }

    /// HTML text: runs of whitespace become one space, none at a line's start.
    fn push_text(&mut self, text: &str, style: Style) {
        for c in text.chars() {
            match c {
                ' ' | '\t' | '\n' | '\r' | '\x0c' => {
                    let newline = c == '\n';
                    self.space = Some(self.space.unwrap_or(false) || newline);
                }
                '\u{a0}' if self.at_line_start() => {}
                _ => self.push_char(c, style),
            }
        }
    }

    fn at_line_start(&self) -> bool {
        self.rich.text.is_empty() || self.rich.text.ends_with('\n')
    }

    fn line_break(&mut self) {
        self.space = None;
        if !self.rich.text.is_empty() {
            self.push_raw("\n", Style::default());
        }
    }

    fn is_blank(&self) -> bool {
        self.rich.text.trim().is_empty()
    }

    fn link(&mut self, href: &str) -> u32 {
        self.rich.links.push(href.to_string());
        (self.rich.links.len() - 1) as u32
    }

    /// The gathered text without trailing whitespace or a leading indent.
    fn finish(mut self) -> RichText {
        let end = self.rich.text.trim_end().len();
        self.rich.text.truncate(end);
        self.rich.spans.retain(|s| s.start < end || s.start == 0);
        let lead = self.rich.text.len() - self.rich.text.trim_start().len();
        if lead > 0 {
            self.rich.text.drain(..lead);
            for span in &mut self.rich.spans {
                span.start = span.start.saturating_sub(lead);
            }
            // Spans that were wholly in the indent now start at 0: keep the last of them.
            let firsts = self.rich.spans.iter().take_while(|s| s.start == 0).count();
            self.rich.spans.drain(..firsts.saturating_sub(1));
        }
        if self.rich.spans.is_empty() {
            self.rich.spans.push(Span::default());
        }
        self.rich
    }
}

impl Converter {
    pub fn new(options: HtmlOptions, skip: &'static [&'static str]) -> Self {
        Converter { text: String::new(), options, skip, ids: None }
    }

    /// Appends a finished piece of display text to the document text; its spans now point there.
    fn place(&mut self, mut rich: RichText) -> (usize, RichText) {
        let offset = self.text.len();
        for span in &mut rich.spans {
            span.source = offset + span.start;
        }
        self.text.push_str(&rich.text);
        (offset, rich)
    }

    fn separate(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push_str("\n\n");
        }
    }

    /// A heading or paragraph block from finished text; `None` if it is blank.
    pub fn text_block(&mut self, rich: RichText, heading: Option<u8>) -> Option<Block> {
        if rich.text.trim().is_empty() {
            return None;
        }
        self.separate();
        let (offset, rich) = self.place(rich);
        let content = Content::Rich(Box::new(rich));
        let kind = match heading {
            Some(level) => BlockKind::Heading { level, content },
            None => BlockKind::Paragraph(content),
        };
        Some(Block::new(offset, self.text.len(), kind))
    }

    /// A dim line of plain text (the byline).
    pub fn note(&mut self, line: &str) -> Option<Block> {
        self.separate();
        let offset = self.text.len();
        let rich = RichText::plain(line, offset);
        self.text.push_str(line);
        Some(Block::new(offset, self.text.len(), BlockKind::Note(Content::Rich(Box::new(rich)))))
    }

    /// The blocks of `node`'s children.
    pub fn blocks_of(&mut self, node: &NodeRef) -> Vec<Block> {
        let mut out = Vec::new();
        let mut inline = Inline::default();
        self.children(node, Style::default(), &mut inline, &mut out, 0);
        self.flush(&mut inline, &mut out);
        out
    }

    fn flush(&mut self, inline: &mut Inline, out: &mut Vec<Block>) {
        let gathered = std::mem::take(inline);
        if !gathered.is_blank() {
            out.extend(self.text_block(gathered.finish(), None));
        }
    }

    fn children(
        &mut self,
        node: &NodeRef,
        style: Style,
        inline: &mut Inline,
        out: &mut Vec<Block>,
        depth: usize,
    ) {
        // A "Related articles" label and the cards after it, up to the next rule or heading.
        let mut in_related = false;
        for child in node.children_it(false) {
            if in_related {
                let ends = child.node_name().is_some_and(|n| matches!(&*n, "hr" | "h1" | "h2" | "h3" | "h4"));
                if !ends || is_related_label(&child) {
                    continue;
                }
                in_related = false;
            } else if is_related_label(&child) {
                in_related = true;
                continue;
            }
            self.node(&child, style, inline, out, depth + 1);
        }
    }

    fn node(
        &mut self,
        node: &NodeRef,
        style: Style,
        inline: &mut Inline,
        out: &mut Vec<Block>,
        depth: usize,
    ) {
        if node.is_text() {
            inline.push_text(&node.text(), style);
            return;
        }
        let Some(name) = node.node_name() else {
            // The document or a fragment root: walk into it.
            if node.is_document() || node.is_fragment() {
                self.children(node, style, inline, out, depth);
            }
            return;
        };
        let name: &str = &name;
        if SKIPPED.contains(&name) || self.skip.contains(&name) || is_hidden(node) {
            return;
        }
        if depth > MAX_DEPTH {
            inline.push_text(&node.text(), style);
            inline.space = Some(false);
            return;
        }
        if let Some(ids) = &mut self.ids
            && let Some(id) = node.id_attr()
        {
            // Where the element's text will land, after the blank line `separate` adds.
            let gap = if self.text.is_empty() || self.text.ends_with("\n\n") { 0 } else { 2 };
            let inside = if inline.is_blank() { 0 } else { inline.rich.text.len() };
            let at = self.text.len() + gap + inside;
            ids.entry(id.to_string()).or_insert(at);
        }
        match name {
            "br" => inline.line_break(),
            "wbr" => {}
            "img" => {
                self.flush(inline, out);
                out.extend(self.image(node.attr("alt").as_deref().unwrap_or("")));
            }
            "ruby" => self.ruby(node, style, inline),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(inline, out);
                let level = name.as_bytes()[1] - b'0';
                let text = self.inline_only(node, Style::default(), depth);
                out.extend(self.text_block(text, Some(level)));
            }
            "ul" | "ol" | "menu" => {
                self.flush(inline, out);
                out.extend(self.list(node, name == "ol", depth));
            }
            "blockquote" => {
                self.flush(inline, out);
                self.separate();
                let offset = self.text.len();
                let mut inner = Vec::new();
                let mut quoted = Inline::default();
                self.children(node, Style::default(), &mut quoted, &mut inner, depth);
                self.flush(&mut quoted, &mut inner);
                if !inner.is_empty() {
                    out.push(Block::new(offset, self.text.len(), BlockKind::Quote(inner)));
                }
            }
            "pre" => {
                self.flush(inline, out);
                out.extend(self.code(node));
            }
            "table" => {
                self.flush(inline, out);
                match self.table(node, depth) {
                    Some(block) => out.push(block),
                    // A table used for page layout: its cells are read as blocks.
                    None => {
                        self.children(node, Style::default(), inline, out, depth);
                        self.flush(inline, out);
                    }
                }
            }
            "hr" => {
                self.flush(inline, out);
                self.separate();
                let offset = self.text.len();
                out.push(Block::new(offset, offset, BlockKind::Rule));
            }
            "figure" => {
                self.flush(inline, out);
                self.figure(node, inline, out, depth);
            }
            _ if BLOCKS.contains(&name) => {
                self.flush(inline, out);
                self.children(node, Style::default(), inline, out, depth);
                self.flush(inline, out);
            }
            _ => {
                let style = self.inline_style(name, node, style, inline);
                self.children(node, style, inline, out, depth);
            }
        }
    }

    fn inline_style(&self, name: &str, node: &NodeRef, mut style: Style, inline: &mut Inline) -> Style {
        match name {
            "em" | "i" | "cite" | "dfn" | "var" => style.emphasis = true,
            "strong" | "b" => style.strong = true,
            "code" | "kbd" | "samp" | "tt" => style.code = true,
            "s" | "del" | "strike" => style.strike = true,
            "a" => {
                if let Some(href) = node.attr("href").filter(|h| !h.trim().is_empty()) {
                    style.link = Some(inline.link(href.trim()));
                }
            }
            _ => {}
        }
        style
    }

    /// The text of `node` as one run of inline text: block children become spaces, images and
    /// nested structure are flattened.
    fn inline_only(&mut self, node: &NodeRef, style: Style, depth: usize) -> RichText {
        let mut inline = Inline::default();
        self.flat(node, style, &mut inline, depth);
        inline.finish()
    }

    fn flat(&mut self, node: &NodeRef, style: Style, inline: &mut Inline, depth: usize) {
        for child in node.children_it(false) {
            if child.is_text() {
                inline.push_text(&child.text(), style);
                continue;
            }
            let Some(name) = child.node_name() else { continue };
            let name: &str = &name;
            if SKIPPED.contains(&name) || is_hidden(&child) || name == "img" {
                continue;
            }
            if depth > MAX_DEPTH {
                inline.push_text(&child.text(), style);
                continue;
            }
            match name {
                "br" => inline.space = Some(false),
                "ruby" => self.ruby(&child, style, inline),
                _ => {
                    if BLOCKS.contains(&name) || !is_inline_name(name) {
                        inline.space = Some(false);
                    }
                    let style = self.inline_style(name, &child, style, inline);
                    self.flat(&child, style, inline, depth + 1);
                }
            }
        }
    }

    /// `<ruby>` as base text followed by its reading in parentheses: 漢字(かんじ).
    fn ruby(&mut self, node: &NodeRef, style: Style, inline: &mut Inline) {
        let (mut base, mut reading) = (String::new(), String::new());
        for child in node.children_it(false) {
            match child.node_name().as_deref() {
                Some("rt" | "rtc") => reading.push_str(&child.text()),
                Some("rp") => {}
                Some(name) if SKIPPED.contains(&name) => {}
                _ => base.push_str(&child.text()),
            }
        }
        inline.push_text(&base, style);
        let reading = reading.trim();
        if self.options.ruby_readings && !reading.is_empty() {
            inline.push_text(&format!("({reading})"), style);
        }
    }

    fn image(&mut self, alt: &str) -> Option<Block> {
        let alt: String = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        if alt.is_empty() {
            return None;
        }
        self.separate();
        let offset = self.text.len();
        Some(Block::new(offset, offset, BlockKind::Image { alt: alt.into() }))
    }

    /// A figure with an image is one `[image: caption or alt]` line; other figures (a quote, a
    /// table, code) are read as their content.
    fn figure(&mut self, node: &NodeRef, inline: &mut Inline, out: &mut Vec<Block>, depth: usize) {
        let images: Vec<NodeRef> =
            node.descendants_it().filter(|n| n.node_name().is_some_and(|n| &*n == "img")).collect();
        if images.is_empty() {
            self.children(node, Style::default(), inline, out, depth);
            self.flush(inline, out);
            return;
        }
        let caption = node
            .descendants_it()
            .find(|n| n.node_name().is_some_and(|n| &*n == "figcaption"))
            .map(|c| self.inline_only(&c, Style::default(), depth).text)
            .filter(|c| !c.is_empty());
        let alt = images.iter().find_map(|i| i.attr("alt").filter(|a| !a.trim().is_empty()));
        let label = caption.or(alt.map(|a| a.to_string())).unwrap_or_default();
        out.extend(self.image(if label.is_empty() { "figure" } else { &label }));
    }

    fn list(&mut self, node: &NodeRef, ordered: bool, depth: usize) -> Option<Block> {
        self.separate();
        let offset = self.text.len();
        let start = node.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
        let mut items = Vec::new();
        for child in node.children_it(false) {
            if child.is_text() && child.text().trim().is_empty() {
                continue;
            }
            if child.node_name().is_some_and(|n| SKIPPED.contains(&&*n)) {
                continue;
            }
            self.separate();
            let item_offset = self.text.len();
            let mut blocks = Vec::new();
            let mut inline = Inline::default();
            if child.node_name().is_some_and(|n| &*n == "li") {
                self.children(&child, Style::default(), &mut inline, &mut blocks, depth + 1);
            } else {
                self.node(&child, Style::default(), &mut inline, &mut blocks, depth + 1);
            }
            self.flush(&mut inline, &mut blocks);
            if !blocks.is_empty() {
                items.push(ListItem { offset: item_offset, checked: None, blocks });
            }
        }
        if items.is_empty() {
            return None;
        }
        let list = List { ordered, start, items };
        Some(Block::new(offset, self.text.len(), BlockKind::List(Box::new(list))))
    }

    fn code(&mut self, node: &NodeRef) -> Option<Block> {
        let raw = node.text();
        let raw = raw.strip_prefix('\n').unwrap_or(&raw);
        let code = raw.trim_end_matches(['\n', ' ', '\t']);
        if code.trim().is_empty() {
            return None;
        }
        let lang = std::iter::once(*node)
            .chain(node.children_it(false).filter(|c| c.node_name().is_some_and(|n| &*n == "code")))
            .filter_map(|n| n.attr("class"))
            .find_map(|class| {
                class.split_whitespace().find_map(|c| {
                    c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")).map(str::to_owned)
                })
            });
        self.separate();
        let source = self.text.len();
        self.text.push_str(code);
        let block = CodeBlock { lang, text: code.to_string(), source };
        Some(Block::new(source, self.text.len(), BlockKind::Code(Box::new(block))))
    }

    /// A data table; `None` for a layout table (one holding another table or block structure).
    fn table(&mut self, node: &NodeRef, depth: usize) -> Option<Block> {
        let nested = node.descendants_it().any(|n| {
            n.node_name().is_some_and(|n| {
                matches!(&*n, "table" | "ul" | "ol" | "pre" | "blockquote" | "h1" | "h2" | "h3")
            })
        });
        if nested {
            return None;
        }
        let mut rows: Vec<(bool, Vec<NodeRef>)> = Vec::new();
        for child in node.element_children() {
            let name = child.node_name().unwrap_or_default();
            match &*name {
                "tr" => rows.push((false, cells(&child))),
                "thead" | "tbody" | "tfoot" => {
                    for tr in child.element_children() {
                        if tr.node_name().is_some_and(|n| &*n == "tr") {
                            rows.push((&*name == "thead", cells(&tr)));
                        }
                    }
                }
                _ => {}
            }
        }
        rows.retain(|(_, cells)| !cells.is_empty());
        if rows.is_empty() {
            return None;
        }
        let header_row = rows.first().is_some_and(|(in_head, cells)| {
            *in_head || cells.iter().all(|c| c.node_name().is_some_and(|n| &*n == "th"))
        });
        self.separate();
        let offset = self.text.len();
        let mut header = Vec::new();
        let mut body = Vec::new();
        for (r, (_, row)) in rows.iter().enumerate() {
            if r > 0 {
                self.text.push('\n');
            }
            let mut placed = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                if c > 0 {
                    self.text.push('\t');
                }
                let rich = self.inline_only(cell, Style::default(), depth + 1);
                placed.push(self.place(rich).1);
            }
            if r == 0 && header_row {
                header = placed;
            } else {
                body.push(placed);
            }
        }
        let columns = body.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
        let table = Table { align: vec![Default::default(); columns], header, rows: body };
        Some(Block::new(offset, self.text.len(), BlockKind::Table(Box::new(table))))
    }
}

/// Labels of lists of other articles, which end an article rather than belong to it.
const RELATED_LABELS: &[&str] = &[
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "read next",
    "more stories",
    "recommended",
    "you may also like",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "推荐阅读",
    "延伸阅读",
    "相關文章",
    "相關新聞",
    "延伸閱讀",
    "推薦閱讀",
    "関連記事",
    "関連リンク",
    "あわせて読みたい",
    "おすすめ記事",
];

/// An element that only says "Related articles" (Readability turns such headings into paragraphs).
fn is_related_label(node: &NodeRef) -> bool {
    let Some(name) = node.node_name() else { return false };
    if !matches!(&*name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "strong" | "span") {
        return false;
    }
    let text = node.text();
    if text.len() > 64 {
        return false;
    }
    let label = text.trim().trim_end_matches([':', '：']).trim().to_lowercase();
    RELATED_LABELS.contains(&label.as_str())
}

fn cells<'a>(tr: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    tr.element_children()
        .into_iter()
        .filter(|c| c.node_name().is_some_and(|n| matches!(&*n, "td" | "th")))
        .collect()
}

fn is_inline_name(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "label"
    )
}

/// Elements the page hides: `hidden`, `aria-hidden="true"`, `display:none`.
fn is_hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| &*v == "true")
        || node.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}
