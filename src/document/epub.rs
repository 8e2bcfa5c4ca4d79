//! EPUB (rbook) → one document: the spine's chapters in order through the HTML converter, the
//! outline from the book's own table of contents (EPUB 3 nav or EPUB 2 NCX), else from the
//! chapters' headings; title and author from the package metadata.

use std::collections::HashMap;
use std::io::Cursor;

use rbook::Epub;

use super::html::convert::Converter;
use super::html::{HtmlOptions, collapse, relevel};
use super::{Block, BlockKind, Document, Outline, RichText};

/// No single file of a book may unpack to more than this, nor the whole book to more than
/// [`MAX_UNPACKED_TOTAL`]: a zip bomb is refused before anything is unpacked.
const MAX_UNPACKED_FILE: u64 = 64 << 20;
const MAX_UNPACKED_TOTAL: u64 = 1 << 30;

/// Whether the bytes are an EPUB: a zip whose first entry is `mimetype` saying so.
pub fn looks_like_epub(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes.get(30..38) == Some(b"mimetype")
        && bytes
            .get(38..38 + 64)
            .is_some_and(|head| memchr::memmem::find(head, b"application/epub+zip").is_some())
}

/// Reads a book. The error is the reason, for `kan: PATH: reason`.
pub fn parse(bytes: Vec<u8>, options: HtmlOptions) -> Result<Document, String> {
    check_sizes(&bytes)?;
    let epub = Epub::options()
        .read(Cursor::new(bytes))
        .map_err(|e| format!("not a readable EPUB ({})", first_line(&e.to_string())))?;

    let mut converter = Converter::new(options, &[]);
    converter.ids = Some(HashMap::new());
    let mut blocks = Vec::new();
    let metadata = epub.metadata();
    let title = metadata.title().map(|t| collapse(t.value())).filter(|t| !t.is_empty());
    if let Some(title) = &title {
        blocks.extend(converter.text_block(RichText::plain(title.clone(), 0), Some(1)));
    }
    let authors: Vec<String> =
        metadata.creators().map(|c| collapse(c.value())).filter(|c| !c.is_empty()).collect();
    if !authors.is_empty() {
        blocks.extend(converter.note(&authors.join(", ")));
    }

    // Where each chapter starts in the text, by its path in the book.
    let mut chapters: HashMap<String, usize> = HashMap::new();
    let mut body = Vec::new();
    for entry in epub.spine().iter() {
        let Some(manifest) = entry.manifest_entry() else {
            body.extend(converter.note(&format!("[missing from the book: {}]", entry.idref())));
            continue;
        };
        let path = manifest.href().path().as_str().to_string();
        let xhtml = match epub.read_resource_str(manifest.resource()) {
            Ok(xhtml) => xhtml,
            Err(_) => {
                body.extend(converter.note(&format!("[missing from the book: {}]", display_path(&path))));
                continue;
            }
        };
        let page = dom_query::Document::from(xhtml.as_str());
        let root = page.body().unwrap_or_else(|| page.root());
        let ids_before = converter.ids.as_ref().map_or(0, HashMap::len);
        let chapter = converter.blocks_of(&root);
        let start = chapter.first().map_or(converter.text.len(), |b| b.offset);
        chapters.entry(path.clone()).or_insert(start);
        // Ids are recorded per book; qualify this chapter's new ones with its path.
        if let Some(ids) = &mut converter.ids
            && ids.len() > ids_before
        {
            let fresh: Vec<(String, usize)> =
                ids.iter().filter(|(k, _)| !k.contains('#')).map(|(k, v)| (k.clone(), *v)).collect();
            for (id, at) in fresh {
                ids.remove(&id);
                ids.insert(format!("{path}#{id}"), at);
            }
        }
        body.extend(chapter);
    }
    let ids = converter.ids.take().unwrap_or_default();

    // The book's own table of contents, where it has one.
    let mut entries: Vec<(u8, String, usize)> = Vec::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            let label = collapse(entry.label());
            let Some(href) = entry.href() else { continue };
            let path = href.path().as_str().to_string();
            let at = href
                .fragment()
                .and_then(|f| ids.get(&format!("{path}#{f}")).copied())
                .or_else(|| chapters.get(&path).copied());
            if let (Some(at), false) = (at, label.is_empty()) {
                entries.push(((entry.depth() + 1).min(6) as u8, label, at));
            }
        }
    }

    relevel(&mut body);
    blocks.extend(body);
    let text = converter.text;
    let outline = if entries.is_empty() {
        Outline::build(&blocks, text.len(), |block| match &block.kind {
            BlockKind::Heading { content, .. } => collapse(&content.rich(&text).text),
            _ => String::new(),
        })
    } else {
        toc_outline(title.as_deref(), entries, &blocks, text.len())
    };
    Ok(Document { title, text, blocks, outline })
}

/// Refuses archives that would unpack to too much, from the sizes their directory declares
/// (the zip reader stops at the declared size, so a lie unpacks no further).
fn check_sizes(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable EPUB ({})", first_line(&e.to_string())))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map_or(0, |file| file.size());
        total = total.saturating_add(size);
        if size > MAX_UNPACKED_FILE || total > MAX_UNPACKED_TOTAL {
            return Err("archive unpacks to too much (a zip bomb?)".into());
        }
    }
    Ok(())
}

/// The outline from the table of contents: `(level, title, start)` entries under the book title.
fn toc_outline(
    title: Option<&str>,
    mut entries: Vec<(u8, String, usize)>,
    blocks: &[Block],
    text_len: usize,
) -> Outline {
    entries.sort_by_key(|e| e.2);
    let block_at = |offset: usize| blocks.partition_point(|b| b.offset <= offset).saturating_sub(1);
    let mut all = Vec::new();
    if let Some(title) = title {
        all.push((1u8, title.to_string(), 0usize));
        for e in &mut entries {
            e.0 = (e.0 + 1).min(6);
        }
    }
    all.extend(entries);
    let headings = all.into_iter().map(|(level, title, start)| (level, title, block_at(start), start));
    Outline::from_headings(headings, text_len)
}

fn display_path(path: &str) -> &str {
    path.trim_start_matches('/')
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
