//! Finding a query in the document text across line breaks: folded (case, width, Simplified and
//! Traditional Chinese, see [`crate::text::fold`]) or exact.
//!
//! Matching runs on the source text, so a match is a source range that anchors, highlights and
//! bookmarks use directly. A line break (with the indentation around it) in the source may fall
//! anywhere inside a match: hard-wrapped CJK text is found whole.

use std::ops::Range;

use crate::text::fold::{self, chars_match, compose_mark};

/// A query ready to match: folded, whitespace collapsed to single spaces and trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    chars: Vec<char>,
    /// Whether characters must be equal, without folding.
    exact: bool,
    /// The folded query as text: where the document has exactly this, no folding is needed.
    folded: String,
}

impl Query {
    /// A query that finds text however it is written.
    pub fn new(text: &str) -> Query {
        Query::build(fold::fold_chars(text), false)
    }

    /// A query that finds only text written exactly as it is.
    pub fn exact(text: &str) -> Query {
        Query::build(text.chars().collect(), true)
    }

    fn build(typed: Vec<char>, exact: bool) -> Query {
        let mut chars = Vec::new();
        for c in typed {
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
        Query { chars, exact, folded }
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
        let variants = if self.exact { vec![first] } else { fold::variants(first) };
        for variant in variants {
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
            end = start + i + c.len_utf8();
            if self.exact {
                if c != q {
                    return None;
                }
                continue;
            }
            let mut t = fold::fold(c);
            // ｶﾞ is two characters for one ガ.
            if let Some(&(j, mark)) = rest.peek()
                && let Some(composed) = compose_mark(t, mark)
            {
                rest.next();
                t = composed;
                end = start + j + mark.len_utf8();
            }
            if !chars_match(q, t) {
                return None;
            }
        }
        Some(end)
    }
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

    #[test]
    fn chinese_finds_either_script_but_not_across_a_one_to_many_pair() {
        assert_eq!(find("黄仁勋", "黃仁勳說"), ["黃仁勳"]);
        assert_eq!(find("黃仁勳", "黄仁勋说"), ["黄仁勋"]);
        assert_eq!(find("发", "發髮发"), ["發", "髮", "发"]);
        assert_eq!(find("髮", "發髮发"), ["髮", "发"]);
        assert_eq!(find("后", "後后"), ["後", "后"]);
        assert_eq!(find("干", "乾幹干"), ["乾", "幹", "干"]);
        assert_eq!(find("乾", "乾幹干"), ["乾", "干"]);
    }

    #[test]
    fn halfwidth_katakana_matches_cover_the_original_characters() {
        assert_eq!(find("カタカナ", "ｶﾀｶﾅ"), ["ｶﾀｶﾅ"]);
        assert_eq!(find("ｶﾀｶﾅ", "カタカナ"), ["カタカナ"]);
        assert_eq!(find("ガイド", "ｶﾞｲﾄﾞと"), ["ｶﾞｲﾄﾞ"]);
        assert_eq!(find("ｶﾞ", "ガｶﾞ"), ["ガ", "ｶﾞ"]);
        assert!(find("カ", "ｶﾞ").is_empty());
    }

    #[test]
    fn exact_queries_fold_nothing() {
        let text: &'static str = "發 发 AI ai ＡＩ";
        let found: Vec<&str> = Query::exact("发").find_all(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["发"]);
        let found: Vec<&str> = Query::exact("ai").find_all(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["ai"]);
        let found: Vec<&str> = Query::exact("中文").find_all("中\n文").into_iter().map(|_| "hit").collect();
        assert_eq!(found, ["hit"]);
    }
}
