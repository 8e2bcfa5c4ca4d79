//! Text anchors that survive edits: capturing a place as offset + heading path + quote, and
//! finding it again in a changed text. Pure: no files (the store keeps anchors on disk).

use std::ops::Range;

use memchr::memmem;

use super::plain::joins_without_space;
use super::{Anchor, Document};

/// Characters of text kept before the place.
pub const BEFORE_CHARS: usize = 12;
/// Characters of text kept from the place on.
pub const QUOTE_CHARS: usize = 32;
/// Shorter pieces of a quote than this are not searched for: they match too many places.
const MIN_NEEDLE_CHARS: usize = 4;

/// A place in a document, in a form that can be found again after the text changes.
///
/// `offset` is a **byte** offset into the decoded text ([`Document::text`], like [`Anchor`]), not a
/// character offset: it is what every other position in kan is, it needs no scan to resolve,
/// and it is only trusted as is when the fingerprint proves the text unchanged; otherwise the
/// quote and heading find the place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextAnchor {
    pub offset: usize,
    /// Section titles from the top level down to the place's section; empty before any heading.
    pub heading: Vec<String>,
    /// Up to [`BEFORE_CHARS`] characters just before the place.
    pub before: String,
    /// Up to [`QUOTE_CHARS`] characters from the place on.
    pub quote: String,
}

/// How a place was found again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The text is unchanged: the stored offset is exact.
    Exact,
    /// The quote (with its leading context, or alone) was found.
    Quote,
    /// Only a part of the quote or of the text before it was found (the place itself was edited).
    PartOfQuote,
    /// Only the section heading was found: the place is that section's start.
    Heading,
    /// Nothing was found: the old offset scaled to the new length.
    Scaled,
}

impl Placement {
    /// Anything less than the whole quote found again: the place may not be what was saved, so
    /// it is shown as "moved".
    pub fn is_rough(self) -> bool {
        !matches!(self, Placement::Exact | Placement::Quote)
    }
}

impl TextAnchor {
    /// Captures the place at byte `offset` of `doc` (moved back to a character boundary).
    pub fn capture(doc: &Document, offset: usize) -> TextAnchor {
        let text = &doc.text;
        let offset = floor_char_boundary(text, offset);
        let heading = doc
            .outline
            .section_at(Anchor(offset))
            .map(|i| doc.outline.path(i).into_iter().map(str::to_owned).collect())
            .unwrap_or_default();
        let before_start = text[..offset].char_indices().rev().nth(BEFORE_CHARS - 1).map_or(0, |(i, _)| i);
        let quote_end =
            text[offset..].char_indices().nth(QUOTE_CHARS).map_or(text.len(), |(i, _)| offset + i);
        TextAnchor {
            offset,
            heading,
            before: text[before_start..offset].to_owned(),
            quote: text[offset..quote_end].to_owned(),
        }
    }

    /// Finds this place in `doc`, a changed version of the text of `old_len` bytes the anchor was
    /// captured in. Returns the new byte offset and how it was found (never [`Placement::Exact`]:
    /// only the caller, comparing fingerprints, knows the text is unchanged). Always returns a
    /// place: a bookmark is never dropped.
    pub fn find(&self, doc: &Document, old_len: u64) -> (usize, Placement) {
        let text = &doc.text;
        let expected = scaled_offset(self.offset, old_len, text.len());
        let section = self.section_range(doc, expected);
        let needles = self.needles();
        let scopes = section.iter().cloned().chain(std::iter::once(0..text.len()));
        for scope in scopes {
            for needle in &needles {
                if let Some(found) = nearest_match(text, scope.clone(), &needle.text, expected) {
                    let offset =
                        floor_char_boundary(text, (found + needle.point).saturating_sub(needle.back));
                    return (offset, needle.placement);
                }
            }
        }
        if let Some(range) = section.filter(|_| !self.heading.is_empty()) {
            return (range.start, Placement::Heading);
        }
        (floor_char_boundary(text, expected), Placement::Scaled)
    }

    /// The text range of the section with this anchor's heading path: the exact path first, else a
    /// section with the same innermost title (its parent was renamed); the one nearest
    /// `expected` if several. Empty heading: the text before the first heading.
    fn section_range(&self, doc: &Document, expected: usize) -> Option<Range<usize>> {
        let sections = &doc.outline.sections;
        let Some(last) = self.heading.last() else {
            let end = sections.first().map_or(doc.text.len(), |s| s.start);
            return Some(0..end);
        };
        let distance = |r: &Range<usize>| {
            if r.contains(&expected) { 0 } else { r.start.abs_diff(expected).min(r.end.abs_diff(expected)) }
        };
        let exact = (0..sections.len()).filter(|&i| doc.outline.path(i) == self.heading);
        let by_title = (0..sections.len()).filter(|&i| &sections[i].title == last);
        let pick = |indices: &mut dyn Iterator<Item = usize>| {
            indices.map(|i| sections[i].start..sections[i].end).min_by_key(|r| distance(r))
        };
        pick(&mut { exact }).or_else(|| pick(&mut { by_title }))
    }

    /// What to search for, most specific first. `point` is where the place is in the needle;
    /// `back` how far before the needle's start it was.
    fn needles(&self) -> Vec<Needle> {
        let quote = self.quote.as_str();
        let before = self.before.as_str();
        let half = quote.char_indices().nth(quote.chars().count() / 2).map_or(quote.len(), |(i, _)| i);
        let (first, second) = quote.split_at(half);
        let with_context = format!("{before}{quote}");
        let candidates = [
            (with_context.as_str(), before.len(), 0, Placement::Quote),
            (quote, 0, 0, Placement::Quote),
            (before, before.len(), 0, Placement::PartOfQuote),
            (first, 0, 0, Placement::PartOfQuote),
            (second, 0, first.len(), Placement::PartOfQuote),
        ];
        let mut needles: Vec<Needle> = Vec::new();
        for (text, point, back, placement) in candidates {
            let long_enough = text.chars().count() >= MIN_NEEDLE_CHARS || (text == quote && !text.is_empty());
            if long_enough && !needles.iter().any(|n| n.text == text.as_bytes()) {
                needles.push(Needle { text: text.as_bytes().to_vec(), point, back, placement });
            }
        }
        needles
    }
}

struct Needle {
    text: Vec<u8>,
    point: usize,
    back: usize,
    placement: Placement,
}

/// The match of `needle` starting inside `text[scope]` (it may run past its end) whose start is
/// nearest `expected`.
fn nearest_match(text: &str, scope: Range<usize>, needle: &[u8], expected: usize) -> Option<usize> {
    let end = scope.end.saturating_add(needle.len()).min(text.len());
    let hay = text.as_bytes().get(scope.start..end)?;
    memmem::find_iter(hay, needle)
        .map(|i| scope.start + i)
        .filter(|&i| i < scope.end)
        .min_by_key(|&i| i.abs_diff(expected))
}

/// `offset` in a text of `old_len` bytes, moved proportionally into one of `new_len` bytes.
pub fn scaled_offset(offset: usize, old_len: u64, new_len: usize) -> usize {
    if old_len == 0 {
        return offset.min(new_len);
    }
    let scaled = (offset as u128 * new_len as u128 / old_len as u128) as usize;
    scaled.min(new_len)
}

/// The largest character boundary of `text` at or before `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A quote made readable on one line: whitespace runs become one space, and a single line break
/// between two CJK characters disappears, as it does when kan joins hard-wrapped lines. A blank
/// line (a paragraph break) stays a space.
pub fn snippet(quote: &str) -> String {
    let mut out = String::with_capacity(quote.len());
    let mut pending: Option<usize> = None; // The line breaks seen while inside a whitespace run.
    for c in quote.chars() {
        if c.is_whitespace() {
            pending = Some(pending.unwrap_or(0) + usize::from(c == '\n'));
            continue;
        }
        if let Some(breaks) = pending.take() {
            let joins = breaks == 1 && out.chars().last().is_some_and(|p| joins_without_space(p, c));
            if !out.is_empty() && !joins {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// A Markdown document: `#` lines are headings, so tests can say what the sections are.
#[cfg(test)]
pub(crate) fn test_document(text: &str) -> Document {
    Document::parse(text.to_owned(), crate::document::Format::Markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOVEL: &str = "# 第一卷\n\n## 第一章 风起\n\n书生走进客栈，掌柜说道：山路雨夜，灯火未明，客人请坐。\n\n## 第二章 归途\n\n少年看见师父的剑光，想起城门外的消息，终于明白了一切。\n\n北风吹过小镇，河边的老人慢慢回答。\n";

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap_or_else(|| panic!("{needle} not in the text"))
    }

    fn placed(old: &str, new: &str, needle: &str) -> (usize, Placement, Document) {
        let before = test_document(old);
        let anchor = TextAnchor::capture(&before, at(old, needle));
        let after = test_document(new);
        let (offset, placement) = anchor.find(&after, old.len() as u64);
        (offset, placement, after)
    }

    #[test]
    fn capture_keeps_heading_path_and_quote() {
        let doc = test_document(NOVEL);
        let anchor = TextAnchor::capture(&doc, at(NOVEL, "想起"));
        assert_eq!(anchor.heading, ["第一卷", "第二章 归途"]);
        assert_eq!(anchor.before.chars().count(), BEFORE_CHARS);
        assert!(anchor.before.ends_with("剑光，"));
        assert!(anchor.quote.starts_with("想起城门外"));
        assert_eq!(anchor.quote.chars().count(), QUOTE_CHARS);
        // A mid-character offset moves back to the character's start.
        assert_eq!(TextAnchor::capture(&doc, at(NOVEL, "想起") + 1).offset, at(NOVEL, "想起"));
    }

    #[test]
    fn unchanged_text_is_found_by_its_quote() {
        let (offset, placement, _) = placed(NOVEL, NOVEL, "想起");
        assert_eq!((offset, placement), (at(NOVEL, "想起"), Placement::Quote));
    }

    #[test]
    fn text_inserted_before_is_followed_by_the_quote() {
        let new = NOVEL.replace("## 第一章 风起\n\n", "## 第一章 风起\n\n新加的一段序言，很长很长。\n\n");
        let (offset, placement, _) = placed(NOVEL, &new, "想起");
        assert_eq!((offset, placement), (at(&new, "想起"), Placement::Quote));
    }

    #[test]
    fn an_edit_at_the_place_falls_back_to_the_text_before_it() {
        let new = NOVEL.replace("想起城门外的消息，终于明白了一切", "忽然记起了一个秘密");
        let (offset, placement, _) = placed(NOVEL, &new, "想起");
        assert_eq!((offset, placement), (at(&new, "忽然记起"), Placement::PartOfQuote));
        assert!(placement.is_rough(), "less than the whole quote is shown as moved");
    }

    #[test]
    fn a_lost_quote_falls_back_to_the_heading_then_to_the_proportion() {
        let new = format!("{}全新的段落。\n", &NOVEL[..at(NOVEL, "少年")]);
        let (offset, placement, after) = placed(NOVEL, &new, "想起");
        assert_eq!(placement, Placement::Heading);
        assert_eq!(offset, after.outline.sections[2].start);
        let gone = "无关的文字。".repeat(20);
        let (offset, placement, _) = placed(NOVEL, &gone, "想起");
        assert_eq!(placement, Placement::Scaled);
        assert!(placement.is_rough());
        assert!(gone.is_char_boundary(offset));
        let expected = scaled_offset(at(NOVEL, "想起"), NOVEL.len() as u64, gone.len());
        assert!(offset <= expected && expected - offset < 4);
    }

    #[test]
    fn snippet_joins_cjk_lines_and_spaces_latin_ones() {
        assert_eq!(snippet("山路\n雨夜  and\nmore\t text"), "山路雨夜 and more text");
        assert_eq!(snippet("\n  lead"), "lead");
    }
}
