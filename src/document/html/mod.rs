//! HTML → the article inside the page, as kan's blocks: Readability (dom_smoothie) finds the
//! article, [`convert`] walks its elements into blocks, and the title is the headline without
//! the site's name.

mod charset;
pub(super) mod convert;

pub use charset::{charset_param, decode, looks_like_html, meta_charset};

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Article, Readability};

use super::{Block, BlockKind, Document, Outline, RichText};
use convert::{Converter, FURNITURE};

/// How HTML is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HtmlOptions {
    /// Show `<ruby>` readings after their base text, 漢字(かんじ); off shows the base text alone.
    pub ruby_readings: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions { ruby_readings: true }
    }
}

/// Title, byline and the rest of what a page says about itself.
#[derive(Debug, Default)]
struct Meta {
    title: String,
    byline: Option<String>,
    site: Option<String>,
    date: Option<String>,
}

/// Parses an HTML page into the document of its article.
pub fn parse(html: &str, options: HtmlOptions) -> Document {
    let page = Dom::from(html);
    let page_title = page.select("title").text().to_string();
    let h1s: Vec<String> = page.select("h1").iter().map(|h| collapse(&h.text())).collect();
    if nesting_exceeds(&page.root(), MAX_READABLE_NESTING) {
        return fallback(page, options, &page_title, &h1s);
    }
    // Classes are kept for `language-…` on code blocks.
    let config = dom_smoothie::Config { keep_classes: true, ..Default::default() };
    let mut readability = match Readability::with_document(page, None, Some(config)) {
        Ok(r) => r,
        Err(_) => return fallback(Dom::from(html), options, &page_title, &h1s),
    };
    let article = match readability.parse() {
        Ok(article) if !article.text_content.trim().is_empty() => article,
        _ => return fallback(Dom::from(html), options, &page_title, &h1s),
    };
    let meta = meta_of(&article, &page_title, &h1s);
    let root = readability.doc.select_single("#readability-page-1");
    let Some(root) = root.nodes().first().cloned() else {
        return fallback(Dom::from(html), options, &page_title, &h1s);
    };
    assemble(&root, meta, options, &[])
}

/// Readability's time grows with the square of the nesting depth: a page nested deeper than
/// this (no real article is) is read whole instead.
const MAX_READABLE_NESTING: usize = 256;

/// Whether any element is nested more than `limit` deep. Iterative: the depth may be huge.
fn nesting_exceeds(root: &NodeRef, limit: usize) -> bool {
    let mut stack = vec![(*root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        stack.extend(node.children_it(false).filter(|c| c.is_element()).map(|c| (c, depth + 1)));
    }
    false
}

/// The whole `<body>` without page furniture, when Readability finds no article.
fn fallback(page: Dom, options: HtmlOptions, page_title: &str, h1s: &[String]) -> Document {
    let mut meta = Meta { title: article_title("", page_title, h1s), ..Meta::default() };
    // Only the metadata is asked of Readability here; it leaves the page as it was.
    let Ok(readability) = Readability::with_document(page, None, None) else {
        return Document::default();
    };
    let found = readability.get_article_metadata(readability.parse_json_ld());
    meta.title = article_title(&found.title, page_title, h1s);
    meta.byline = found.byline;
    meta.site = found.site_name;
    meta.date = found.published_time;
    let page = &readability.doc;
    let root = page.body().unwrap_or_else(|| page.root());
    assemble(&root, meta, options, FURNITURE)
}

fn meta_of(article: &Article, page_title: &str, h1s: &[String]) -> Meta {
    Meta {
        title: article_title(&article.title, page_title, h1s),
        byline: article.byline.clone(),
        site: article.site_name.clone(),
        date: article.published_time.clone(),
    }
}

/// The title, the byline line, then the article's blocks with its headings set below the title.
fn assemble(root: &NodeRef, meta: Meta, options: HtmlOptions, skip: &'static [&'static str]) -> Document {
    let mut converter = Converter::new(options, skip);
    let mut blocks = Vec::new();
    let title = (!meta.title.is_empty()).then(|| meta.title.clone());
    if let Some(title) = &title {
        blocks.extend(converter.text_block(RichText::plain(title.clone(), 0), Some(1)));
    }
    let byline = byline(&meta);
    if !byline.is_empty() {
        blocks.extend(converter.note(&byline));
    }
    let mut body = converter.blocks_of(root);
    // The headline usually opens the article too: once is enough.
    if let (Some(title), Some(Block { kind: BlockKind::Heading { content, .. }, .. })) =
        (&title, body.first())
        && collapse(&content.rich("").text) == *title
    {
        body.remove(0);
    }
    relevel(&mut body);
    // Rules left around removed page parts: never two in a row, none at the end.
    body.dedup_by(|b, a| matches!((&a.kind, &b.kind), (BlockKind::Rule, BlockKind::Rule)));
    if body.last().is_some_and(|b| b.kind == BlockKind::Rule) {
        body.pop();
    }
    blocks.extend(body);
    let text = converter.text;
    let outline = Outline::build(&blocks, text.len(), |block| match &block.kind {
        BlockKind::Heading { content, .. } => collapse(&content.rich(&text).text),
        _ => String::new(),
    });
    Document { title, text, blocks, outline }
}

/// Article headings start one level below the title, keeping their relative depth.
pub(super) fn relevel(blocks: &mut [Block]) {
    let top = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        })
        .min();
    let Some(top) = top else { return };
    for block in blocks {
        if let BlockKind::Heading { level, .. } = &mut block.kind {
            *level = (*level - top + 2).min(6);
        }
    }
}

/// Byline, site name and date in one line, each once.
fn byline(meta: &Meta) -> String {
    let date = meta.date.as_deref().map(|d| match d.get(..10) {
        Some(day) if day.as_bytes().iter().enumerate().all(|(i, b)| matches!(i, 4 | 7) == (*b == b'-')) => {
            day.to_string()
        }
        _ => d.trim().to_string(),
    });
    let mut parts: Vec<String> = Vec::new();
    for part in [meta.byline.as_deref(), meta.site.as_deref(), date.as_deref()].into_iter().flatten() {
        let part = collapse(part);
        if !part.is_empty() && !parts.contains(&part) && part != meta.title {
            parts.push(part);
        }
    }
    parts.join(" · ")
}

/// The article's own title: the page's `<h1>` when the `<title>` starts with it, else the
/// `<title>` without a trailing site name.
fn article_title(readability_title: &str, page_title: &str, h1s: &[String]) -> String {
    let candidates = [collapse(page_title), collapse(readability_title)];
    for title in &candidates {
        if let Some(h1) = h1s.iter().find(|h| !h.is_empty() && title.starts_with(h.as_str())) {
            return h1.clone();
        }
    }
    let title = candidates.iter().find(|t| !t.is_empty()).cloned().unwrap_or_default();
    if title.is_empty() {
        return h1s.iter().find(|h| !h.is_empty()).cloned().unwrap_or_default();
    }
    strip_site_name(&title)
}

/// Separators between a headline and the site's name, as pages write them.
const SEPARATORS: &[char] = &['|', '-', '_', '–', '—', '·', '»', '/', ':', '｜'];

/// Drops trailing `| Site` parts: the last one, and more before it written with the same
/// separator (`Headline _Section _Site`).
fn strip_site_name(title: &str) -> String {
    let mut rest = title;
    let mut used: Option<char> = None;
    while let Some((head, sep)) = last_separator(rest) {
        if used.is_some_and(|u| u != sep) || head.chars().count() < 2 {
            break;
        }
        used = Some(sep);
        rest = head;
    }
    rest.trim().to_string()
}

/// The text before the last ` X` separator (a space, then a separator character), and that character.
fn last_separator(title: &str) -> Option<(&str, char)> {
    let mut found = None;
    let mut chars = title.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == ' '
            && let Some(&(_, sep)) = chars.peek()
            && SEPARATORS.contains(&sep)
        {
            // A separator stands alone or before the site's name; `a -b` ranges are rare in titles.
            found = Some((&title[..i], sep));
        }
    }
    found.map(|(head, sep)| (head.trim_end(), sep))
}

/// Runs of whitespace as one space, trimmed.
pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_stripped_from_titles() {
        assert_eq!(strip_site_name("あの有名フォント | WIRED.jp"), "あの有名フォント");
        assert_eq!(strip_site_name("宇航员在太空中 _探索者 _光明网"), "宇航员在太空中");
        assert_eq!(strip_site_name("Rust 1.0 - the release | Blog"), "Rust 1.0 - the release");
        assert_eq!(strip_site_name("No separator here"), "No separator here");
    }

    #[test]
    fn an_h1_that_opens_the_title_is_the_title() {
        let h1s = vec!["宇航员在太空中喝酒会怎么样？后果很严重".to_string()];
        assert_eq!(
            article_title("", "宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", &h1s),
            "宇航员在太空中喝酒会怎么样？后果很严重"
        );
        assert_eq!(article_title("", "Headline | Site", &["Other".into()]), "Headline");
    }
}
