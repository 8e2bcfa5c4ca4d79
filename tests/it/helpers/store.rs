//! Shared helpers for the store tests: documents with headings, and sample texts.
#![allow(dead_code)]

use kan::document::{Document, Format};

/// A Markdown document: `#` lines are headings, so tests can say what the sections are.
pub fn document(text: &str) -> Document {
    Document::parse(text.to_owned(), Format::Markdown)
}

/// A short novel in two volumes, written for these tests.
pub const NOVEL: &str = "\
# 第一卷 江湖

## 第一章 风起

书生走进客栈，掌柜说道：山路雨夜，灯火未明，客人请坐。
窗外北风正紧，马车停在城门边。

老人慢慢回答，说起河边的故事。

## 第二章 归途

少年看见师父的剑光，想起城门外的消息，终于明白了一切。

清晨的小镇很安静，孩子们在茶馆门口等待信件。

# 第二卷 远行

## 第三章 渡口

黄昏时分，渡口的船家似乎已经认出了他。
";

pub fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the text"))
}
