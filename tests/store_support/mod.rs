//! Shared helpers for the store tests: documents with headings, and sample texts.
#![allow(dead_code)]

use kan::document::{Block, BlockKind, Content, Document, Outline};

/// A document with headings, independent of the real parsers: blank-line separated blocks, a block
/// starting with `#`s is a heading of that level.
pub fn document(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut pos = 0;
    for chunk in text.split_inclusive("\n\n") {
        let body = chunk.trim_end();
        if !body.is_empty() {
            let hashes = body.bytes().take_while(|&b| b == b'#').count();
            let kind = if hashes > 0 {
                let title = pos + body.len() - body[hashes..].trim_start().len();
                BlockKind::Heading { level: hashes as u8, content: Content::Source(title..pos + body.len()) }
            } else {
                BlockKind::Paragraph(Content::Source(pos..pos + body.len()))
            };
            blocks.push(Block { offset: pos, end: pos + body.len(), kind });
        }
        pos += chunk.len();
    }
    let outline = Outline::build(&blocks, text.len(), |b| match &b.kind {
        BlockKind::Heading { content, .. } => content.rich(text).text.clone(),
        _ => String::new(),
    });
    Document { title: None, text: text.to_owned(), blocks, outline }
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
