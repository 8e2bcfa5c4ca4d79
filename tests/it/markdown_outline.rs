//! Markdown fixtures under tests/docs/ (NAME.md) against their expected outlines (NAME.outline).

use std::path::Path;

use kan::document::{Document, Format};

fn outline_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    Document::parse(text, Format::Markdown).outline.to_text()
}

#[test]
fn every_markdown_fixture_has_its_expected_outline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("tests/docs exists").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("outline"))
            .unwrap_or_else(|_| panic!("{} has no .outline file", path.display()));
        assert_eq!(outline_of(&path), expected, "outline of {}", path.display());
        checked += 1;
    }
    assert!(checked >= 2, "expected Markdown fixtures in {}", dir.display());
}

#[test]
fn structure_fixture_title_comes_from_front_matter() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs/markdown_structure.md");
    let text = std::fs::read_to_string(path).expect("fixture");
    let doc = Document::parse(text, Format::Markdown);
    assert_eq!(doc.title.as_deref(), Some("Field Notes on Structure"));
    // The front matter is not shown: the only block before the closing `---` is its title, the
    // outline's root.
    let front_end = doc.text.find("\n---\n").expect("front matter") + 5;
    let before: Vec<_> = doc.blocks.iter().filter(|b| b.offset < front_end).collect();
    assert_eq!(before.len(), 1);
    assert_eq!(doc.heading_text(before[0]).as_deref(), Some("Field Notes on Structure"));
    assert!(doc.blocks[1..].iter().all(|b| b.offset >= front_end));
}

#[test]
fn cjk_fixture_title_is_the_first_level_one_heading() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs/markdown_cjk_news.md");
    let text = std::fs::read_to_string(path).expect("fixture");
    let doc = Document::parse(text, Format::Markdown);
    assert_eq!(doc.title.as_deref(), Some("深海探测器完成首次万米下潜"));
}
