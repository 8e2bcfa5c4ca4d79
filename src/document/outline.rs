//! The heading tree: sections with their text ranges, and anchor ↔ section lookups.

use super::{Anchor, Block, BlockKind};

/// One heading of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading's level as parsed (1 = title or `#`).
    pub level: u8,
    /// Depth in the tree: 0 for a top-level section, parent depth + 1 below it.
    pub depth: u16,
    pub title: String,
    /// Index of the heading block in [`super::Document::blocks`].
    pub block: usize,
    /// The section's text: from its heading to the next heading of the same or a higher level.
    pub start: usize,
    pub end: usize,
    /// Index of the parent section, if any.
    pub parent: Option<usize>,
}

/// Sections in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<Section>,
}

impl Outline {
    /// Builds the outline from the top-level heading blocks. `title_of` gives a heading's text.
    pub fn build(blocks: &[Block], text_len: usize, title_of: impl Fn(&Block) -> String) -> Outline {
        let headings = blocks.iter().enumerate().filter_map(|(index, block)| match block.kind {
            BlockKind::Heading { level, .. } => Some((level, title_of(block), index, block.offset)),
            _ => None,
        });
        Outline::from_headings(headings, text_len)
    }

    /// Builds the tree from `(level, title, block index, start)` headings in text order: each
    /// section runs to the next heading of the same or a higher level.
    pub fn from_headings(
        headings: impl IntoIterator<Item = (u8, String, usize, usize)>,
        text_len: usize,
    ) -> Outline {
        let mut sections: Vec<Section> = Vec::new();
        // Open sections, innermost last.
        let mut stack: Vec<usize> = Vec::new();
        for (level, title, block, start) in headings {
            while let Some(&open) = stack.last() {
                if sections[open].level >= level {
                    sections[open].end = start;
                    stack.pop();
                } else {
                    break;
                }
            }
            let parent = stack.last().copied();
            sections.push(Section {
                level,
                depth: parent.map_or(0, |p| sections[p].depth + 1),
                title,
                block,
                start,
                end: text_len,
                parent,
            });
            stack.push(sections.len() - 1);
        }
        Outline { sections }
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// The innermost section whose heading is at or before `anchor`.
    pub fn section_at(&self, anchor: Anchor) -> Option<usize> {
        let i = self.sections.partition_point(|s| s.start <= anchor.0);
        i.checked_sub(1)
    }

    /// Titles from the top-level section down to `index`.
    pub fn path(&self, index: usize) -> Vec<&str> {
        let mut path = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            path.push(self.sections[i].title.as_str());
            at = self.sections[i].parent;
        }
        path.reverse();
        path
    }

    /// The outline as printed by `kan --outline`: one title per line, two spaces per depth.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            for _ in 0..s.depth {
                out.push_str("  ");
            }
            out.push_str(&s.title);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Content;

    fn heading(level: u8, offset: usize) -> Block {
        Block::new(
            offset,
            offset + 1,
            BlockKind::Heading { level, content: Content::Source(offset..offset + 1) },
        )
    }

    #[test]
    fn depth_follows_the_tree_not_the_raw_level() {
        let blocks = vec![heading(1, 0), heading(3, 10), heading(2, 20), heading(3, 30), heading(1, 40)];
        let outline = Outline::build(&blocks, 50, |b| b.offset.to_string());
        let depths: Vec<u16> = outline.sections.iter().map(|s| s.depth).collect();
        assert_eq!(depths, [0, 1, 1, 2, 0]);
        assert_eq!(outline.sections[0].end, 40);
        assert_eq!(outline.sections[1].end, 20);
        assert_eq!(outline.sections[3].end, 40);
        assert_eq!(outline.sections[4].end, 50);
        assert_eq!(outline.path(3), ["0", "20", "30"]);
        assert_eq!(outline.to_text(), "0\n  10\n  20\n    30\n40\n");
    }

    #[test]
    fn section_at_finds_the_innermost_preceding_heading() {
        let blocks = vec![heading(1, 5), heading(2, 10)];
        let outline = Outline::build(&blocks, 50, |b| b.offset.to_string());
        assert_eq!(outline.section_at(Anchor(0)), None);
        assert_eq!(outline.section_at(Anchor(5)), Some(0));
        assert_eq!(outline.section_at(Anchor(12)), Some(1));
    }
}
