//! Plain text → blocks: paragraph detection, hard-wrap joining and heading inference.

use std::ops::Range;

use super::{Block, BlockKind, Content, Document, Outline, RichText, Span, Style};

/// Parses a plain-text document.
pub fn parse(text: String) -> Document {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let line_end = pos + line.trim_end_matches('\n').len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(paragraph(s, end));
            }
        } else {
            start.get_or_insert(pos);
            end = line_end;
        }
        pos += line.len();
    }
    if let Some(s) = start {
        blocks.push(paragraph(s, end));
    }
    let outline = Outline::build(&blocks, text.len(), |b| match &b.kind {
        BlockKind::Heading { content, .. } => content.rich(&text).text.clone(),
        _ => String::new(),
    });
    Document { title: None, text, blocks, outline }
}

fn paragraph(start: usize, end: usize) -> Block {
    Block { offset: start, end, kind: BlockKind::Paragraph(Content::Source(start..end)) }
}

/// Whether a character belongs to a script written without spaces between words (Han, kana,
/// CJK punctuation, fullwidth forms). Hangul is written with spaces and is not included.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF     // radicals
        | 0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3040..=0x30FF   // hiragana, katakana
        | 0x31F0..=0x31FF   // katakana extensions
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE30..=0xFE4F   // compatibility forms
        | 0xFF00..=0xFFEF   // fullwidth and halfwidth forms
        | 0x20000..=0x3FFFF // supplementary ideographs
    )
}

/// Joins the hard-wrapped lines of `text[range]` into one paragraph: each line's surrounding
/// whitespace is dropped (the first line keeps its indentation), and lines are joined with
/// nothing between two CJK characters and one space otherwise.
pub fn join_lines(text: &str, range: Range<usize>) -> RichText {
    let mut out = RichText { text: String::with_capacity(range.len()), spans: Vec::new(), links: Vec::new() };
    let mut pos = range.start;
    for (i, raw) in text[range.clone()].split('\n').enumerate() {
        let line_start = pos;
        pos += raw.len() + 1;
        let line = if i == 0 { raw.trim_end() } else { raw.trim() };
        if line.is_empty() {
            continue;
        }
        let lead = if i == 0 { 0 } else { raw.len() - raw.trim_start().len() };
        if let (Some(prev), Some(next)) = (out.text.chars().next_back(), line.chars().next())
            && !(is_cjk(prev) && is_cjk(next))
        {
            out.text.push(' ');
        }
        out.spans.push(Span { start: out.text.len(), source: line_start + lead, style: Style::default() });
        out.text.push_str(line);
    }
    if out.spans.is_empty() {
        out.spans.push(Span { start: 0, source: range.start, style: Style::default() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_lines_join_without_space_and_latin_with_one() {
        let text = "　　中\n文字\nand\n  more";
        let joined = join_lines(text, 0..text.len());
        assert_eq!(joined.text, "　　中文字 and more");
        let more = joined.text.find("more").unwrap();
        assert_eq!(&text[joined.source_of(more)..], "more");
        assert_eq!(joined.index_of(text.find("字").unwrap()), joined.text.find("字").unwrap());
    }
}
