//! One document's summary (title, reading time, text length), read exactly as opening it reads
//! it, through `source`: the same size cap, binary refusal, decoding and parser. The document is
//! dropped as soon as it is summarised.

use std::path::Path;

use super::{Summary, one_line, reading_minutes};
use crate::document::Document;
use crate::source::{ReadOptions, Source, io_reason};

/// The summary of the file at `path`; what goes wrong is its `problem`, in one line.
pub fn summarize(path: &Path, options: &ReadOptions) -> Summary {
    match read(path, options) {
        Ok(doc) => summary_of(&doc),
        Err(reason) => Summary { problem: Some(one_line(&reason)), ..Summary::default() },
    }
}

/// What kan knows of an open document once it is dropped.
pub fn summary_of(doc: &Document) -> Summary {
    Summary {
        title: title_of(doc),
        minutes: reading_minutes(&doc.text),
        text_len: doc.text.len(),
        problem: None,
    }
}

/// The title as the outline finds it: the document's own (front matter, the first heading-like
/// line, the first level-1 heading, the page's or the book's title), else the outline's root
/// when it has exactly one (a heading above everything else). One line.
pub fn title_of(doc: &Document) -> Option<String> {
    let sections = &doc.outline.sections;
    let root = || {
        let mut roots = sections.iter().filter(|s| s.depth == 0);
        match (roots.next(), roots.next()) {
            (Some(only), None) => Some(only.title.as_str()),
            _ => None,
        }
    };
    doc.title.as_deref().or_else(root).map(one_line).filter(|t| !t.is_empty()).map(capped)
}

/// Characters of a title kept: more than any row shows, and a page whose "title" is a whole
/// paragraph costs the library no more than a line.
pub const MAX_TITLE_CHARS: usize = 200;

fn capped(title: String) -> String {
    match title.char_indices().nth(MAX_TITLE_CHARS) {
        Some((end, _)) => format!("{}…", &title[..end]),
        None => title,
    }
}

/// The document at `path`, or why it can't be read (the reason alone: the row shows the path).
fn read(path: &Path, options: &ReadOptions) -> Result<Document, String> {
    // `Source::from_path` opens a folder's article; a library row is a file or nothing.
    let metadata = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !metadata.is_file() {
        return Err(if metadata.is_dir() { "is a directory".into() } else { "not a regular file".into() });
    }
    let source = Source::from_path(path, options).map_err(|e| e.reason)?;
    source.into_document(options.encoding, None).map_err(|e| e.reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_markdown_file_gives_its_title_reading_time_and_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text = format!("# 山路\n\n{}\n", "word ".repeat(300));
        fs::write(&path, &text).unwrap();
        let summary = summarize(&path, &ReadOptions::default());
        assert_eq!(summary.title.as_deref(), Some("山路"));
        assert_eq!(summary.minutes, 2);
        assert!(summary.text_len >= text.len() - 1);
        assert_eq!(summary.problem, None);
    }

    #[test]
    fn a_title_is_one_line_and_at_most_so_long() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        let long = "长".repeat(MAX_TITLE_CHARS + 50);
        fs::write(&path, format!("<title>{long}</title><h1>{long}</h1><p>text\ttext</p>")).unwrap();
        let title = summarize(&path, &ReadOptions::default()).title.unwrap();
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS + 1);
        assert!(title.ends_with("长…"));
        let path = dir.path().join("b.md");
        fs::write(&path, "---\ntitle: \"a\\tb\\u001bc\"\n---\n\ntext\n").unwrap();
        let title = summarize(&path, &ReadOptions::default()).title.unwrap();
        assert!(!title.contains(['\t', '\u{1b}', '\n']), "{title:?}");
    }

    #[test]
    fn a_file_with_no_title_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "just a line of text, and another one that is long enough to not be a title.\n")
            .unwrap();
        let summary = summarize(&path, &ReadOptions::default());
        assert_eq!(summary.title, None);
        assert_eq!(summary.problem, None);
    }

    #[test]
    fn what_cannot_be_read_is_a_one_line_problem() {
        let dir = tempfile::tempdir().unwrap();
        let options = ReadOptions::default();
        let gone = summarize(&dir.path().join("gone.txt"), &options);
        assert_eq!(gone.problem.as_deref(), Some("no such file or directory"));
        assert_eq!(summarize(dir.path(), &options).problem.as_deref(), Some("is a directory"));
        let binary = dir.path().join("b.txt");
        fs::write(&binary, b"\x00\x01\x02\x03\x7fELF\x00\x00\x00\x00garbage\x00").unwrap();
        let problem = summarize(&binary, &options).problem.unwrap();
        assert!(problem.contains("binary"), "{problem}");
        let big = dir.path().join("big.txt");
        fs::write(&big, "x".repeat(2000)).unwrap();
        let small = ReadOptions { max_bytes: 1000, ..options };
        let problem = summarize(&big, &small).problem.unwrap();
        assert!(problem.starts_with("larger than 1000 bytes"), "{problem}");
        assert!(!problem.contains('\n'));
    }
}
