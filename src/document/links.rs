//! The links of a document, in text order, and where a link's target leads from the document's
//! own place (a file or a web page). Pure: nothing here reads a file or the network.

use std::path::{Path, PathBuf};

use super::{Block, BlockKind, Content, Document, RichText};

/// One link: the text it is drawn on, its target as written, and where its text starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub target: String,
    pub offset: usize,
}

/// Where a document came from, so its relative links can be followed and it can be opened again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    File(PathBuf),
    /// An http(s) URL.
    Url(String),
}

/// Where a link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A place in the same document (the part after `#`).
    Fragment(String),
    /// Another document.
    Other(Location),
}

impl Document {
    /// Every link of the document, in text order.
    pub fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        collect_blocks(&self.text, &self.blocks, &mut links);
        links
    }
}

/// Plain-text paragraphs (`Content::Source`) carry no links, so only rich text is looked at.
fn collect_blocks(text: &str, blocks: &[Block], links: &mut Vec<Link>) {
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
                match content {
                    Content::Rich(rich) => collect_rich(rich, links),
                    Content::Spans(spans) if !spans.links.is_empty() => {
                        collect_rich(&spans.rich(text), links)
                    }
                    Content::Spans(_) | Content::Source(_) => {}
                }
            }
            BlockKind::List(list) => {
                for item in &list.items {
                    collect_blocks(text, &item.blocks, links);
                }
            }
            BlockKind::Quote(inner) => collect_blocks(text, inner, links),
            BlockKind::Table(table) => {
                for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                    collect_rich(cell, links);
                }
            }
            BlockKind::Code(_) | BlockKind::Rule | BlockKind::Image { .. } => {}
        }
    }
}

/// The links of one piece of text: neighbouring spans of the same link are one link.
fn collect_rich(rich: &RichText, links: &mut Vec<Link>) {
    let mut current: Option<(u32, Link)> = None;
    for (i, (piece, style)) in rich.pieces().enumerate() {
        match (style.link, current.as_mut()) {
            (Some(index), Some((open, link))) if *open == index => link.text.push_str(piece),
            (index, _) => {
                links.extend(current.take().map(|(_, link)| trimmed(link)));
                let target = index.and_then(|k| rich.links.get(k as usize));
                if let (Some(index), Some(target)) = (index, target) {
                    let offset = rich.spans[i].source;
                    current = Some((index, Link { text: piece.to_string(), target: target.clone(), offset }));
                }
            }
        }
    }
    links.extend(current.map(|(_, link)| trimmed(link)));
}

/// A link without the spaces around its words that the page's markup put inside it.
fn trimmed(mut link: Link) -> Link {
    link.text = link.text.trim().to_string();
    link
}

/// Where `href` leads from a document at `base` (`None`: stdin or the welcome article, where
/// only absolute web links and fragments lead anywhere). `None` for what kan cannot open
/// (`mailto:`, other schemes, a relative link with nothing to be relative to).
pub fn resolve(base: Option<&Location>, href: &str) -> Option<Target> {
    let href = href.trim();
    if let Some(fragment) = href.strip_prefix('#') {
        return Some(Target::Fragment(percent_decode(fragment)));
    }
    if has_scheme(href) {
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Some(Target::Other(Location::Url(href.to_string())));
        }
        if let Some(path) = lower.starts_with("file://").then(|| &href[7..]) {
            return Some(Target::Other(Location::File(PathBuf::from(percent_decode(strip_suffix(path))))));
        }
        return None;
    }
    match base? {
        Location::Url(url) => Some(Target::Other(Location::Url(join_url(url, href)))),
        Location::File(path) => {
            let relative = percent_decode(strip_suffix(href));
            if relative.is_empty() {
                return Some(Target::Other(Location::File(path.clone())));
            }
            let dir = path.parent().unwrap_or(Path::new(""));
            Some(Target::Other(Location::File(normalise(&dir.join(relative)))))
        }
    }
}

/// The `#name` part of a link, decoded, if it has one.
pub fn fragment_of(href: &str) -> Option<String> {
    let (_, fragment) = href.trim().split_once('#')?;
    (!fragment.is_empty()).then(|| percent_decode(fragment))
}

/// `scheme:` as RFC 3986 spells it (letters first), so `a:b/c` is a scheme but `c.html` is not.
fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else { return false };
    let scheme = &href[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A path without its query and fragment.
fn strip_suffix(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or("")
}

/// `..` and `.` taken out of a path, without asking the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative reference resolved against an absolute http(s) URL (RFC 3986 section 5.2, for
/// the forms pages use: `//host/p`, `/p`, `p`, `?q`, with `.` and `..` segments). The fragment
/// is dropped: the page is fetched without it.
fn join_url(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..].find(['/', '?', '#']).map_or(base.len(), |i| scheme_end + i);
    let (origin, rest) = base.split_at(authority_end);
    let base_path = rest.split(['?', '#']).next().unwrap_or("");
    if let Some(other) = href.strip_prefix("//") {
        return format!("{}{other}", &base[..scheme_end]);
    }
    if href.is_empty() {
        return format!("{origin}{}", rest.split('#').next().unwrap_or(""));
    }
    if href.starts_with('?') {
        return format!("{origin}{base_path}{href}");
    }
    let (path, query) = match href.find('?') {
        Some(q) => (&href[..q], &href[q..]),
        None => (href, ""),
    };
    let merged = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = base_path.rfind('/').map_or("/", |i| &base_path[..=i]);
        format!("{dir}{path}")
    };
    format!("{origin}{}{query}", remove_dot_segments(&merged))
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') { joined } else { format!("/{joined}") }
}

/// `%20` and the like as the bytes they stand for; a bad escape stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::document::html::HtmlOptions;

    fn url(text: &str) -> Option<Target> {
        Some(Target::Other(Location::Url(text.into())))
    }

    #[test]
    fn links_are_listed_in_text_order_with_their_text() {
        let doc = Document::parse(
            "# T\n\nSee [the first](a.md) and [**the** second](https://example.org/b).\n\n- [c](c.html)\n"
                .into(),
            Format::Markdown,
        );
        let links: Vec<(String, String)> = doc.links().into_iter().map(|l| (l.text, l.target)).collect();
        assert_eq!(
            links,
            [
                ("the first".into(), "a.md".into()),
                ("the second".into(), "https://example.org/b".into()),
                ("c".into(), "c.html".into())
            ]
        );
        let html = "<html><body><article><h1>T</h1><p>Some words and a <a href='x.html'>link</a> \
                    here, enough for an article to be found in this body.</p></article></body></html>";
        let doc = Document::parse(html.into(), Format::Html(HtmlOptions::default()));
        assert_eq!(doc.links().iter().map(|l| l.target.as_str()).collect::<Vec<_>>(), ["x.html"]);
    }

    #[test]
    fn relative_links_resolve_against_a_file_or_a_url() {
        let file = Location::File("/docs/html/first.html".into());
        assert_eq!(
            resolve(Some(&file), "second.html#top"),
            Some(Target::Other(Location::File("/docs/html/second.html".into())))
        );
        assert_eq!(
            resolve(Some(&file), "../a%20b.md"),
            Some(Target::Other(Location::File("/docs/a b.md".into())))
        );
        assert_eq!(resolve(Some(&file), "#part-2"), Some(Target::Fragment("part-2".into())));
        assert_eq!(fragment_of("second.html#only%20section"), Some("only section".into()));
        assert_eq!(fragment_of("second.html#"), None);
        assert_eq!(resolve(Some(&file), "mailto:someone@example.org"), None);
        let page = Location::Url("https://example.org/a/b/page.html?x=1".into());
        assert_eq!(resolve(Some(&page), "next.html"), url("https://example.org/a/b/next.html"));
        assert_eq!(resolve(Some(&page), "../up.html#s"), url("https://example.org/a/up.html"));
        assert_eq!(resolve(Some(&page), "/root"), url("https://example.org/root"));
        assert_eq!(resolve(Some(&page), "//cdn.example.net/x"), url("https://cdn.example.net/x"));
        assert_eq!(resolve(Some(&page), "?y=2"), url("https://example.org/a/b/page.html?y=2"));
        assert_eq!(resolve(Some(&Location::Url("http://h".into())), "p"), url("http://h/p"));
        assert_eq!(resolve(None, "p.html"), None);
        assert_eq!(resolve(None, "HTTPS://other.example/"), url("HTTPS://other.example/"));
    }
}
