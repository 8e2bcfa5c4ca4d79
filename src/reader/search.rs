//! Finding a query in the document text: case- and width-insensitive, across line breaks.
//!
//! Matching runs on the source text, so a match is a source range that anchors, highlights and
//! bookmarks use directly. A line break (with the indentation around it) in the source may fall
//! anywhere inside a match: hard-wrapped CJK text is found whole.

use std::ops::Range;

/// Folds a character for comparison: fullwidth ASCII to ASCII, the ideographic space to a
/// space, then lower case.
pub fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
}

/// A query ready to match: folded, whitespace collapsed to single spaces and trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    chars: Vec<char>,
    /// The folded query as text: where the document has exactly this, no folding is needed.
    folded: String,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let mut chars = Vec::new();
        for c in text.chars().map(fold) {
            if c.is_whitespace() {
                if chars.last().is_some_and(|&l: &char| l != ' ') {
                    chars.push(' ');
                }
            } else {
                chars.push(c);
            }
        }
        if chars.last() == Some(&' ') {
            chars.pop();
        }
        let folded = chars.iter().collect();
        Query { chars, folded }
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Every non-overlapping match in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let Some(&first) = self.chars.first() else {
            return Vec::new();
        };
        let mut starts: Vec<usize> = Vec::new();
        for variant in variants(first) {
            let mut buf = [0u8; 4];
            let needle = variant.encode_utf8(&mut buf);
            starts.extend(memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()));
        }
        starts.sort_unstable();
        let mut out = Vec::new();
        let mut next_free = 0;
        for start in starts {
            if start < next_free {
                continue;
            }
            if let Some(end) = self.match_at(text, start) {
                out.push(start..end);
                next_free = end;
            }
        }
        out
    }

    /// The end of a match starting at `start`, if the query matches there.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        if text.as_bytes()[start..].starts_with(self.folded.as_bytes()) {
            return Some(start + self.folded.len());
        }
        let mut rest = text[start..].char_indices().peekable();
        let mut end = start;
        for &q in &self.chars {
            if q == ' ' {
                let mut any = false;
                while let Some(&(_, c)) = rest.peek() {
                    if !c.is_whitespace() {
                        break;
                    }
                    any = true;
                    rest.next();
                }
                if !any {
                    return None;
                }
                continue;
            }
            // A source line break (and the indentation around it) may sit inside a match.
            let mut skipped_break = false;
            let mut lookahead = rest.clone();
            while let Some(&(_, c)) = lookahead.peek() {
                if !c.is_whitespace() {
                    break;
                }
                skipped_break |= c == '\n';
                lookahead.next();
            }
            if skipped_break && end > start {
                rest = lookahead;
            }
            let (i, c) = rest.next()?;
            if fold(c) != q {
                return None;
            }
            end = start + i + c.len_utf8();
        }
        Some(end)
    }
}

/// The characters that fold to `c`: itself, its upper case and fullwidth forms.
fn variants(c: char) -> Vec<char> {
    let mut candidates: Vec<char> = vec![c];
    candidates.extend(c.to_uppercase());
    for base in candidates.clone() {
        if ('!'..='~').contains(&base)
            && let Some(wide) = char::from_u32(base as u32 + 0xFEE0)
        {
            candidates.push(wide);
        }
    }
    let mut out: Vec<char> = Vec::new();
    for v in candidates {
        if fold(v) == c && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(query: &str, text: &str) -> Vec<&'static str> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        Query::new(query).find_all(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn latin_is_case_insensitive_and_width_insensitive() {
        assert_eq!(find("AI", "ai and ＡＩ and Ai"), ["ai", "ＡＩ", "Ai"]);
        assert_eq!(find("ａｉ", "AI"), ["AI"]);
        assert_eq!(find("2026", "２０２６年"), ["２０２６"]);
    }

    #[test]
    fn cjk_query_finds_text_split_by_a_line_break() {
        assert_eq!(find("中文", "这是中\n文的"), ["中\n文"]);
        assert_eq!(find("中文", "中\n　　文"), ["中\n　　文"]);
        assert_eq!(find("lazy dog", "the lazy\n  dog"), ["lazy\n  dog"]);
        assert_eq!(find("lazy  dog", "lazy dog, lazy   dog"), ["lazy dog", "lazy   dog"]);
    }

    #[test]
    fn matches_do_not_overlap_and_do_not_start_on_space() {
        assert_eq!(find("aa", "aaaa"), ["aa", "aa"]);
        assert!(Query::new("   ").is_empty());
        assert!(find("x", "").is_empty());
        assert_eq!(find("é", "É é"), ["É", "é"]);
    }
}
