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
}
