//! The benchmark text generators produce what they promise.
use crate::helpers::generators as common;

#[test]
fn novel_has_chapters_and_reaches_its_size() {
    let novel = common::chinese_novel(200_000);
    assert!(novel.len() >= 200_000);
    assert!(novel.contains("\n第十二章 "));
    assert!(novel.lines().filter(|l| l.starts_with("第")).count() >= 15);
    assert_eq!(common::chinese_novel(50_000), common::chinese_novel(50_000));
}

#[test]
fn numerals() {
    assert_eq!(common::chinese_number(12), "十二");
    assert_eq!(common::chinese_number(105), "一百零五");
    assert_eq!(common::chinese_number(10_000), "一万");
    assert_eq!(common::chinese_number(10_250), "一万零二百五十");
}

#[test]
fn markdown_article_has_sections_and_markup() {
    let article = common::chinese_markdown_article(100_000);
    assert!(article.len() >= 100_000);
    assert!(article.starts_with("# "));
    assert!(article.contains("\n## 第十节 "));
    for markup in ["**", "](https://", "`", "\n> ", "\n- "] {
        assert!(article.contains(markup), "no {markup:?}");
    }
    let doc = kan::document::Document::parse(article, kan::document::Format::Markdown);
    assert!(doc.outline.len() >= 10);
}

#[test]
fn single_line_has_no_break() {
    let line = common::single_line(100_000);
    assert!(line.len() >= 100_000);
    assert!(!line.contains('\n'));
}
