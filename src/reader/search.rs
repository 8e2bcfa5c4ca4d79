//! Finding a query in the text as the reader shows it, across line breaks: folded (case, width,
//! Simplified and Traditional Chinese, see [`crate::text::fold`]) or exact.
//!
//! Matches are source ranges, which anchors, highlights and bookmarks use directly. Markdown
//! is searched in its display text (markup and link targets are never shown, so never
//! matched), each match mapped back to the source through [`RichText`] spans (a paragraph kept as
//! [`crate::document::SourceSpans`] is rebuilt into one buffer reused for all). Plain-text
//! paragraphs are searched in the source, where a line break (with the indentation around it)
//! may fall anywhere inside a match: hard-wrapped CJK text is found whole.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::document::{Block, BlockKind, Content, Document, RichText};
use crate::text::fold::{self, chars_match, compose_mark};

/// One match: a source range in 8 bytes, so that a query found millions of times in a big
/// file stays small (a 20 MB file of `a` searched for `aaa`: 6.7 M matches, 53 MB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    start: u32,
    len: u32,
}

impl Match {
    /// The match covering `range`; `None` past 4 GiB, where search stops.
    pub fn new(range: Range<usize>) -> Option<Match> {
        let start = u32::try_from(range.start).ok()?;
        let len = u32::try_from(range.end.checked_sub(range.start)?).ok()?;
        start.checked_add(len)?;
        Some(Match { start, len })
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.start as usize + self.len as usize
    }

    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    pub fn contains(self, offset: usize) -> bool {
        self.range().contains(&offset)
    }
}

/// Every match of `query` in `doc` as displayed, in order.
pub fn search_document(doc: &Document, query: &Query) -> Vec<Match> {
    let searcher = query.searcher();
    let mut search = DocumentSearch {
        doc,
        searcher: &searcher,
        out: Vec::new(),
        source_run: None,
        shown: RichText::default(),
    };
    if !query.is_empty() {
        search.blocks(&doc.blocks);
        search.flush_source();
    }
    let mut out = search.out;
    // Display order is source order; a parser that ever reordered would still leave a sorted list.
    if !out.is_sorted_by_key(|m| m.start) {
        out.sort_unstable_by_key(|m| m.start);
    }
    out.shrink_to_fit();
    out
}

struct DocumentSearch<'a> {
    doc: &'a Document,
    searcher: &'a Searcher<'a>,
    out: Vec<Match>,
    /// Consecutive plain-text blocks, searched in one pass over their source (a whole novel is
    /// one pass, not one per paragraph).
    source_run: Option<Range<usize>>,
    /// The display text of the last source-span paragraph: one buffer for all of them, so
    /// searching one allocates nothing (searching its source in place measured slower).
    shown: RichText,
}

impl DocumentSearch<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match &block.kind {
                BlockKind::Heading { content, .. }
                | BlockKind::Paragraph(content)
                | BlockKind::Note(content) => match content {
                    Content::Source(range) => {
                        self.source_run = Some(match self.source_run.take() {
                            Some(run) => run.start..range.end.max(run.end),
                            None => range.clone(),
                        });
                    }
                    Content::Rich(rich) => self.rich(rich),
                    Content::Spans(spans) => {
                        let mut shown = std::mem::take(&mut self.shown);
                        spans.shown_into(&self.doc.text, &mut shown);
                        self.rich(&shown);
                        self.shown = shown;
                    }
                },
                BlockKind::List(list) => {
                    for item in &list.items {
                        self.blocks(&item.blocks);
                    }
                }
                BlockKind::Quote(blocks) => self.blocks(blocks),
                BlockKind::Code(code) => {
                    self.flush_source();
                    let found = self.searcher.find_iter(&code.text);
                    push_all(&mut self.out, found.map(|r| r.start + code.source..r.end + code.source));
                }
                BlockKind::Table(table) => {
                    for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                        self.rich(cell);
                    }
                }
                // An image's alt text is drawn as a label that maps to no text; a rule has none.
                BlockKind::Rule | BlockKind::Image { .. } => {}
            }
        }
    }

    fn rich(&mut self, rich: &RichText) {
        self.flush_source();
        let found = self.searcher.find_iter(&rich.text).map(|r| {
            // The source of the last byte shown, plus one: what lies between in the source
            // (markup, a link's target) is never drawn, so never highlighted.
            let start = rich.source_of(r.start);
            start..(rich.source_of(r.end - 1) + 1).max(start + 1)
        });
        push_all(&mut self.out, found);
    }

    fn flush_source(&mut self) {
        if let Some(run) = self.source_run.take()
            && let Some(text) = self.doc.text.get(run.clone())
        {
            push_all(
                &mut self.out,
                self.searcher.find_iter(text).map(|r| r.start + run.start..r.end + run.start),
            );
        }
    }
}

/// The length of the UTF-8 character that begins with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// `a == b` for slices of one length, byte by byte: most candidates differ within a few bytes,
/// sooner than a call to `memcmp` returns.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// Appends matches until one lies past what a [`Match`] can hold.
fn push_all(out: &mut Vec<Match>, found: impl Iterator<Item = Range<usize>>) {
    for range in found {
        match Match::new(range) {
            Some(m) => out.push(m),
            None => return,
        }
    }
}

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
        self.searcher().find_iter(text).collect()
    }

    /// Whether `text` holds a match.
    pub fn is_in(&self, text: &str) -> bool {
        self.searcher().find_iter(text).next().is_some()
    }

    /// The query ready to search many texts (a Markdown document's blocks): the substring
    /// finders for its first character are built once.
    pub fn searcher(&self) -> Searcher<'_> {
        let finders = match self.chars.first() {
            Some(&first) => if self.exact { vec![first] } else { fold::variants(first) }
                .into_iter()
                .map(|v| {
                    let mut buf = [0u8; 4];
                    Finder::new(v.encode_utf8(&mut buf).as_bytes()).into_owned()
                })
                .collect(),
            None => Vec::new(),
        };
        Searcher { query: self, finders }
    }

    /// Whether `next`, the byte after a candidate's first character, rules a match out without
    /// reading on (most candidates end here): an ASCII character that is no space is the text's
    /// next character, joins no sound mark to the first, and must be the query's second.
    fn second_rules_out(&self, next: u8) -> bool {
        match self.chars.get(1) {
            Some(&q) if q != ' ' && next.is_ascii() && !(next as char).is_whitespace() => {
                let t = if self.exact { next } else { next.to_ascii_lowercase() };
                char::from(t) != q
            }
            _ => false,
        }
    }

    /// The end of a match starting at `start`, if the query matches there.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let (hay, needle) = (&text.as_bytes()[start..], self.folded.as_bytes());
        if hay.get(utf8_len(hay[0])).is_some_and(|&next| self.second_rules_out(next)) {
            return None;
        }
        if hay.len() >= needle.len() && same_bytes(&hay[..needle.len()], needle) {
            return Some(start + self.folded.len());
        }
        self.match_slowly(text, start)
    }

    /// [`Self::match_at`] character by character: the definition the shortcuts there agree with.
    fn match_slowly(&self, text: &str, start: usize) -> Option<usize> {
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

/// A [`Query`] with the finders of the characters that fold to its first one.
pub struct Searcher<'q> {
    query: &'q Query,
    finders: Vec<Finder<'static>>,
}

impl Searcher<'_> {
    /// The non-overlapping matches in `text`, in order, found as they are asked for: nothing
    /// is collected on the way, however often the first character occurs.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        let mut candidates: Vec<Candidate> = self
            .finders
            .iter()
            .map(|finder| Candidate { next: finder.find(text.as_bytes()), finder })
            .collect();
        let mut from = 0;
        std::iter::from_fn(move || {
            loop {
                let start = candidates.iter_mut().filter_map(|c| c.next_at(text.as_bytes(), from)).min()?;
                match self.query.match_at(text, start) {
                    Some(end) => {
                        from = end;
                        return Some(start..end);
                    }
                    // A candidate is a whole character, so the next one starts after this byte.
                    None => from = start + 1,
                }
            }
        })
    }
}

/// Where one character that folds to the query's first one occurs next.
struct Candidate<'f> {
    finder: &'f Finder<'static>,
    /// The first occurrence at or after the last position asked for; `None` when there is none.
    next: Option<usize>,
}

impl Candidate<'_> {
    /// The first occurrence at or after `from`. Positions asked for only grow, so each
    /// candidate scans the text once.
    fn next_at(&mut self, text: &[u8], from: usize) -> Option<usize> {
        if self.next? < from {
            self.next = text.get(from..).and_then(|rest| self.finder.find(rest)).map(|i| from + i);
        }
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

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

    #[test]
    fn the_first_character_in_any_form_starts_a_match_in_text_order() {
        assert_eq!(find("ab", "ＡＢ Ab aB ab"), ["ＡＢ", "Ab", "aB", "ab"]);
        assert_eq!(find("aaa", &"a".repeat(10)), ["aaa", "aaa", "aaa"]);
        assert!(Query::new("ab").is_in("xxAB"));
        assert!(!Query::new("ab").is_in("a b"));
    }

    #[test]
    fn a_match_is_eight_bytes_and_stops_at_four_gib() {
        assert_eq!(std::mem::size_of::<Match>(), 8);
        let m = Match::new(5..9).unwrap();
        assert_eq!((m.start(), m.end(), m.range()), (5, 9, 5..9));
        assert!(m.contains(8) && !m.contains(9));
        assert_eq!(Match::new(u32::MAX as usize..u32::MAX as usize + 1), None);
    }

    /// Every match by the slow path alone, tried at every character that is a form of the
    /// query's first.
    fn reference(query: &Query, text: &str) -> Vec<Range<usize>> {
        let Some(&first) = query.chars.first() else { return Vec::new() };
        let firsts = if query.exact { vec![first] } else { fold::variants(first) };
        let mut out = Vec::new();
        let mut from = 0;
        for (i, c) in text.char_indices() {
            if i >= from
                && firsts.contains(&c)
                && let Some(end) = query.match_slowly(text, i)
            {
                out.push(i..end);
                from = end;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_shortcuts_find_what_the_slow_path_finds(
            text in "[aArRiI tT\\n　ｒＲｶﾞガ中文發发\\.]{0,40}",
            typed in "[aArRiI tTｒｶﾞガ中文发]{1,4}",
        ) {
            for query in [Query::new(&typed), Query::exact(&typed)] {
                proptest::prop_assert_eq!(query.find_all(&text), reference(&query, &text));
            }
        }
    }

    fn found(format: Format, text: &str, query: &str) -> Vec<String> {
        let doc = Document::parse(text.to_string(), format);
        search_document(&doc, &Query::new(query))
            .into_iter()
            .map(|m| doc.text[m.range()].to_string())
            .collect()
    }

    #[test]
    fn markdown_is_searched_as_displayed() {
        let md = Format::Markdown;
        assert_eq!(found(md, "**bold** text", "bold text"), ["bold** text"]);
        assert_eq!(
            found(md, "see [the docs](https://example.com/secret) now", "secret"),
            Vec::<String>::new()
        );
        assert_eq!(
            found(md, "see [the docs](https://example.com/x) now", "docs now"),
            ["docs](https://example.com/x) now"]
        );
        assert_eq!(found(md, "# Title *here*\n\n> quoted `code`", "title here"), ["Title *here"]);
        assert_eq!(found(md, "> quoted `code` end", "code end"), ["code` end"]);
        assert_eq!(found(md, "```\nfn main() {}\n```", "main()"), ["main()"]);
        assert_eq!(found(md, "| a | b |\n|---|---|\n| cell one | two |", "one"), ["one"]);
        assert_eq!(found(md, "- item **one**\n- item two", "item one"), ["item **one"]);
        assert_eq!(found(md, "![hidden alt](pic.png)", "hidden"), Vec::<String>::new());
    }

    #[test]
    fn plain_text_is_searched_in_its_source_across_paragraphs_and_line_breaks() {
        let txt = Format::Text;
        assert_eq!(found(txt, "这是中\n文的\n\n第二段", "中文"), ["中\n文"]);
        assert_eq!(found(txt, "one **two** three", "**two**"), ["**two**"]);
    }
}
