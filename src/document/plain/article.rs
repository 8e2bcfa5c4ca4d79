//! The second pass over a plain text: where the article body lies among the page furniture,
//! which line is its title, which standalone lines are its headings and at what level, and which
//! blocks are furniture (asides).
//!
//! Boilerplate removal after jusText and Boilerpipe: a paragraph is body text when it is long
//! enough, reads as sentences and has the density of stop words that running text has; the body
//! is the main run of such paragraphs. The title is the title-shaped line before the body that is
//! nearest to it, most like its text and repeated by the page. Headings are standalone lines in
//! the body that introduce text.

use super::rules::{self, LineClass, NumberStyle, level};
use super::{Candidate, FirstPass, is_cjk};
use crate::document::{BlockKind, Content};
use rustc_hash::FxHashSet;

/// Stop words: running text has them, furniture has almost none.
fn is_cjk_stop(c: char) -> bool {
    matches!(
        c,
        '的' | '了'
            | '是'
            | '在'
            | '和'
            | '也'
            | '都'
            | '就'
            | '不'
            | '这'
            | '這'
            | '那'
            | '我'
            | '他'
            | '她'
            | '它'
            | '们'
            | '們'
            | '有'
            | '个'
            | '個'
            | 'の'
            | 'に'
            | 'は'
            | 'を'
            | 'が'
            | 'で'
            | 'た'
            | 'て'
            | 'し'
            | 'と'
            | 'も'
            | 'な'
    )
}
const LATIN_STOPS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "on", "with", "as", "was", "be", "are",
    "by", "this", "at", "from", "an", "or", "not", "but", "have", "has", "had", "we", "you", "they", "he",
    "she", "his", "her", "their", "our", "its", "can", "will", "would", "there", "what", "when", "which",
    "who", "if", "so", "do", "does", "did", "than", "then", "them", "more", "about", "all", "one", "like",
    "your", "my", "me",
];
/// The longest of [`LATIN_STOPS`], in bytes.
const LATIN_STOP_MAX_BYTES: usize = 5;
/// Function words that make a question a sentence of the text rather than a heading.
const CJK_FUNCTION: &str = "的了是在就都也这這那它呢吧我";

/// Only this many bytes of a paragraph are looked at: its start tells enough.
const SAMPLE_BYTES: usize = 600;
/// How far the body's first paragraph looks ahead for the run it starts.
const RUN_WINDOW: usize = 8;
/// The most blocks between a title and the body.
const TITLE_REACH: usize = 40;
/// The most CJK characters (or twice the Latin words) of a title.
const TITLE_MAX: usize = 90;

/// Shallow text features of a block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Stats {
    cjk: usize,
    words: usize,
    stops: usize,
    latin_stops: usize,
    /// It has a full stop inside or ends like a sentence.
    sentence: bool,
}

impl Stats {
    fn of(line: &str) -> Stats {
        let sample = &line[..floor_char_boundary(line, SAMPLE_BYTES)];
        let mut stats = Stats::default();
        // The current Latin word, lowercase.
        let mut word = String::new();
        let flush = |word: &mut String, stats: &mut Stats| {
            if !word.is_empty() {
                stats.words += 1;
                if word.len() <= LATIN_STOP_MAX_BYTES && LATIN_STOPS.contains(&word.as_str()) {
                    stats.latin_stops += 1;
                }
                word.clear();
            }
        };
        for c in sample.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() || c == '\'' {
                    word.push(c.to_ascii_lowercase());
                } else {
                    flush(&mut word, &mut stats);
                }
            } else if is_cjk(c) {
                flush(&mut word, &mut stats);
                if is_alphabetic(c) {
                    stats.cjk += 1;
                    stats.stops += usize::from(is_cjk_stop(c));
                }
            } else if is_alphanumeric(c) || c == '’' {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut stats);
            }
        }
        flush(&mut word, &mut stats);
        stats.sentence = rules::has_sentence_punctuation(line)
            || sample.contains(['。', '！', '？'])
            || sample.contains(". ")
            || sample.contains("? ")
            || sample.contains("! ");
        stats
    }

    fn cjk_text(&self) -> bool {
        self.cjk >= self.words
    }

    /// Body text: long enough, sentences, with stop words.
    fn good(&self) -> bool {
        if self.cjk_text() {
            self.cjk >= 20 && self.sentence && self.stops * 40 >= self.cjk
        } else {
            self.words >= 10 && self.sentence && self.latin_stops * 6 >= self.words
        }
    }

    /// A sentence of the text, even a short one.
    fn text(&self) -> bool {
        self.sentence && self.cjk + self.words >= 6
    }
}

/// Whether a text is mostly CJK: it has at least a third as many CJK characters as ASCII letters.
/// The letters are counted first over the bytes, then the CJK characters only as far as needed;
/// they take three or four bytes, so only their lead bytes are decoded.
fn mostly_cjk(text: &str) -> bool {
    let bytes = text.as_bytes();
    let needed = ascii_letters(bytes).div_ceil(3);
    let mut cjk = 0;
    let mut i = 0;
    while cjk < needed && i < bytes.len() {
        let lead = bytes[i];
        if lead < 0xE0 {
            i += 1;
            continue;
        }
        // A valid `str`: the continuation bytes are there.
        let (c, len) = if lead < 0xF0 {
            let c = (u32::from(lead & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            (c, 3)
        } else {
            let c = (u32::from(lead & 0x07) << 18)
                | (u32::from(bytes[i + 1] & 0x3F) << 12)
                | (u32::from(bytes[i + 2] & 0x3F) << 6)
                | u32::from(bytes[i + 3] & 0x3F);
            (c, 4)
        };
        cjk += usize::from(char::from_u32(c).is_some_and(is_cjk));
        i += len;
    }
    cjk >= needed
}

/// How many bytes are ASCII letters, in byte counters the compiler can vectorise.
fn ascii_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let letters = chunk.iter().fold(0u8, |n, &b| n + u8::from((b | 0x20).wrapping_sub(b'a') < 26));
            usize::from(letters)
        })
        .sum()
}

/// Whether `needle` occurs at least twice in `haystack` without overlapping (as `str::matches`
/// counts), found with memchr's searcher.
fn occurs_twice(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return !haystack.is_empty();
    }
    let finder = memchr::memmem::Finder::new(needle);
    finder
        .find(haystack.as_bytes())
        .is_some_and(|at| finder.find(&haystack.as_bytes()[at + needle.len()..]).is_some())
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What a block is to the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A heading already (a chapter line).
    Heading,
    /// Body text.
    Good,
    /// A short sentence.
    Text,
    /// A standalone line that may be a heading or the title.
    Line,
    /// Metadata: byline, date, source.
    Meta,
    /// Anything else: furniture, code, a list row.
    Other,
}

struct Article<'a> {
    text: &'a str,
    pass: &'a FirstPass,
    /// `candidate[block]`: index into `pass.candidates`.
    candidate: Vec<Option<u32>>,
    kinds: Vec<Option<Kind>>,
    /// Most blocks are separated by blank lines (a copied web page), so a line glued to its
    /// neighbours is part of a group (a code block, a list, an address), not a heading.
    blank_separated: bool,
    cjk: bool,
    /// The title block, once found.
    title: Option<usize>,
    /// Where the body starts, once found: lines before it are page head.
    head_end: Option<usize>,
    /// Questions alternate with answers: they are the headings.
    interview: bool,
    /// How often each short block's text occurs as a block, counted on first need.
    short_counts: std::collections::HashMap<&'a str, u32>,
}

/// Decides the title, the headings and the asides of a first pass, in place.
pub(super) fn analyse(text: &str, pass: &mut FirstPass) {
    if pass.blocks.is_empty() {
        return;
    }
    let decisions = {
        let article = Article::new(text, pass);
        article.decide()
    };
    for (block, level) in decisions.headings {
        let b = &mut pass.blocks[block];
        let content = pass.candidates.iter().find(|c| c.block == block).map(|c| c.content.clone());
        let content = content.unwrap_or(b.offset..b.end);
        *b = crate::document::Block::new(
            content.start,
            content.end,
            BlockKind::Heading { level, content: Content::Source(content) },
        );
    }
    for block in decisions.asides {
        pass.blocks[block].aside = true;
    }
}

#[derive(Debug, Default)]
struct Decisions {
    headings: Vec<(usize, u8)>,
    asides: Vec<usize>,
}

impl<'a> Article<'a> {
    fn new(text: &'a str, pass: &'a FirstPass) -> Self {
        let n = pass.blocks.len();
        let mut candidate = vec![None; n];
        for (i, c) in pass.candidates.iter().enumerate() {
            candidate[c.block] = Some(i as u32);
        }
        let blanks = pass.blank_before.iter().filter(|&&b| b).count();
        let sample = &text[..floor_char_boundary(text, 1 << 16)];
        Article {
            text,
            pass,
            candidate,
            kinds: vec![None; n],
            blank_separated: blanks * 2 >= n,
            cjk: mostly_cjk(sample),
            title: None,
            head_end: None,
            interview: false,
            short_counts: std::collections::HashMap::new(),
        }
    }

    fn block_text(&self, i: usize) -> &'a str {
        let b = &self.pass.blocks[i];
        self.text[b.offset..b.end].trim()
    }

    fn candidate(&self, i: usize) -> Option<&'a Candidate> {
        self.candidate[i].map(|k| &self.pass.candidates[k as usize])
    }

    fn kind(&mut self, i: usize) -> Kind {
        if let Some(kind) = self.kinds[i] {
            return kind;
        }
        let kind = self.judge(i);
        self.kinds[i] = Some(kind);
        kind
    }

    fn judge(&self, i: usize) -> Kind {
        if matches!(self.pass.blocks[i].kind, BlockKind::Heading { .. }) {
            return Kind::Heading;
        }
        if let Some(c) = self.candidate(i) {
            return match c.class {
                LineClass::Metadata => Kind::Meta,
                _ => Kind::Line,
            };
        }
        let line = self.block_text(i);
        if line.len() <= rules::MAX_CLASSIFIED_BYTES && (rules::is_metadata(line) || rules::is_byline(line)) {
            return Kind::Meta;
        }
        let stats = Stats::of(line);
        let script_fits = stats.cjk_text() == self.cjk || !self.cjk;
        if stats.good() && script_fits && !rules::is_code(line) {
            Kind::Good
        } else if stats.text() && script_fits && !rules::is_code(line) {
            Kind::Text
        } else {
            Kind::Other
        }
    }

    /// A single line standing alone: blank lines around it where the text separates its blocks so.
    fn alone(&self, i: usize) -> bool {
        if !self.blank_separated {
            return true;
        }
        let n = self.pass.blocks.len();
        self.pass.blank_before[i] && (i + 1 >= n || self.pass.blank_before[i + 1])
    }

    fn decide(mut self) -> Decisions {
        let n = self.pass.blocks.len();
        let Some((start, end)) = self.body() else {
            return self.without_body();
        };
        let start = self.extend_start(start);
        let end = self.extend_end(end);
        let title = self.title(start, end);
        self.title = title;
        self.head_end = Some(start);
        let from = title.map_or(0, |t| t + 1);
        let mut decisions = Decisions::default();
        if let Some(t) = title {
            decisions.headings.push((t, level::TITLE));
        }
        let headings = self.headings(from, end);
        decisions.headings.extend(headings.iter().copied());
        // Furniture: everything before the title (or the body), what is neither text nor metadata
        // between the title and the body, and everything after the body.
        let first = title.unwrap_or(start);
        for i in 0..n {
            let heading = matches!(self.pass.blocks[i].kind, BlockKind::Heading { .. })
                || decisions.headings.iter().any(|&(b, _)| b == i);
            if heading {
                continue;
            }
            let aside = if i < first || i > end {
                true
            } else if i < start {
                matches!(self.kind(i), Kind::Other | Kind::Line) && !self.is_text_line(i)
            } else {
                self.candidate(i).is_some_and(|_| rules::is_credit(self.block_text(i)))
            };
            if aside {
                decisions.asides.push(i);
            }
        }
        decisions
    }

    fn is_text_line(&self, i: usize) -> bool {
        let line = self.block_text(i);
        Stats::of(line).text()
    }

    /// A text without a run of body paragraphs (a list, a poem, only headings): the first short
    /// line that leads text is its title, and nothing is furniture.
    fn without_body(mut self) -> Decisions {
        let mut decisions = Decisions::default();
        let n = self.pass.blocks.len();
        let first_heading = (0..n).find(|&i| self.kind(i) == Kind::Heading).unwrap_or(n);
        for i in 0..first_heading {
            if self.kind(i) != Kind::Line {
                if self.kind(i) == Kind::Meta {
                    continue;
                }
                break;
            }
            let next = (i + 1..n).find(|&j| self.kind(j) != Kind::Meta);
            let leads = next.is_none_or(|j| matches!(self.kind(j), Kind::Heading | Kind::Text | Kind::Other));
            if self.title_shaped(i) && leads && next.is_some() {
                decisions.headings.push((i, level::TITLE));
            }
            break;
        }
        let from = decisions.headings.first().map_or(0, |&(t, _)| t + 1);
        let headings = self.headings(from, n.saturating_sub(1));
        decisions.headings.extend(headings);
        decisions
    }

    /// The main run of body paragraphs: its first and last block.
    fn body(&mut self) -> Option<(usize, usize)> {
        let n = self.pass.blocks.len();
        let goods = |this: &mut Self, from: usize, to: usize| {
            (from..to).filter(|&j| this.kind(j) == Kind::Good).count()
        };
        let mut first_good = None;
        let mut start = None;
        for i in 0..n {
            if self.kind(i) != Kind::Good {
                continue;
            }
            first_good.get_or_insert(i);
            if goods(self, i + 1, (i + 1 + RUN_WINDOW).min(n)) >= 2 {
                start = Some(i);
                break;
            }
        }
        let start = start.or(first_good)?;
        let mut end = None;
        let mut last_good = None;
        for i in (start..n).rev() {
            if self.kind(i) != Kind::Good {
                continue;
            }
            last_good.get_or_insert(i);
            if goods(self, i.saturating_sub(RUN_WINDOW).max(start), i) >= 2 {
                end = Some(i);
                break;
            }
        }
        Some((start, end.or(last_good).unwrap_or(start)))
    }

    /// The body starts earlier at a sentence that leads into it through short lines (an
    /// introduction and its list, a first heading).
    fn extend_start(&mut self, start: usize) -> usize {
        let mut first = start;
        for i in (start.saturating_sub(TITLE_REACH)..start).rev() {
            match self.kind(i) {
                Kind::Good | Kind::Text => first = i,
                Kind::Line if !rules::is_furniture(self.block_text(i)) => {}
                Kind::Heading => {}
                _ => break,
            }
        }
        first
    }

    /// The body goes on after its last long paragraph through short sentences and headings.
    fn extend_end(&mut self, end: usize) -> usize {
        let n = self.pass.blocks.len();
        let mut last = end;
        for i in end + 1..n {
            match self.kind(i) {
                Kind::Good | Kind::Text | Kind::Heading => last = i,
                _ => break,
            }
        }
        last
    }

    /// A line that could be a title: standalone, not a sentence, not furniture, not too long.
    fn title_shaped(&self, i: usize) -> bool {
        let b = &self.pass.blocks[i];
        let line = self.block_text(i);
        if line.contains('\n') || !matches!(b.kind, BlockKind::Paragraph(_)) || !self.alone(i) {
            return false;
        }
        if line.len() > 4 * TITLE_MAX || !rules::has_letters(line) || line.contains('。') {
            return false;
        }
        let end = line.trim_end_matches(|c: char| "”’」』）)》〉】\"'".contains(c));
        if end.ends_with(['，', ',', '、', '；', ';', '：', ':', '.']) && !end.ends_with("...") {
            return false;
        }
        let stats = Stats::of(line);
        let size = stats.cjk + 2 * stats.words;
        if !(2..=TITLE_MAX).contains(&size) {
            return false;
        }
        !(rules::is_metadata(line)
            || rules::is_furniture(line)
            || rules::is_code(line)
            || rules::is_quoted(line))
            && rules::chapter(line).is_none()
            && rules::numbered(line).is_none()
    }

    /// The title: the best title-shaped line before the body and its first heading.
    fn title(&mut self, start: usize, end: usize) -> Option<usize> {
        let n = self.pass.blocks.len();
        let limit = (0..start).find(|&i| self.kind(i) == Kind::Heading).unwrap_or(start);
        let body = self.body_words(start, end);
        let mut best: Option<(f32, usize)> = None;
        let mut distance = 0usize;
        for i in (limit.saturating_sub(TITLE_REACH)..limit).rev() {
            let kind = self.kind(i);
            if kind == Kind::Meta {
                continue;
            }
            if self.title_shaped(i) {
                let line = self.block_text(i);
                let likeness = body.likeness(line);
                let repeated = occurs_twice(self.near(i), line);
                let nearness = 2.0 / (2.0 + distance as f32);
                let score = 2.0 * likeness + if repeated { 0.6 } else { 0.0 } + nearness;
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, i));
                }
            }
            distance += 1;
        }
        let _ = n;
        best.filter(|&(score, _)| score >= 0.25).map(|(_, i)| i)
    }

    /// The words (Latin) or character pairs (CJK) of the start of the body.
    fn body_words(&self, start: usize, end: usize) -> Features {
        let from = self.pass.blocks[start].offset;
        let to = floor_char_boundary(self.text, (from + 8192).min(self.pass.blocks[end].end));
        Features::of(&self.text[from..to], self.cjk)
    }

    /// Headings among the candidates of blocks `from..=to`, with their levels.
    fn headings(&mut self, from: usize, to: usize) -> Vec<(usize, u8)> {
        let mut found: Vec<(usize, u8, Signature)> = Vec::new();
        let candidates: Vec<Candidate> =
            self.pass.candidates.iter().filter(|c| c.block >= from && c.block <= to).cloned().collect();
        self.interview = self.is_interview(&candidates);
        for c in &candidates {
            if let Some(level) = self.heading_level(c, &found) {
                found.push((c.block, level, Signature::of(&self.text[c.content.clone()])));
            }
        }
        self.add_parents(&candidates, &mut found);
        self.drop_lists(&mut found);
        nest_bare(&mut found, |a, b| self.text_between(a, b));
        found.into_iter().map(|(b, l, _)| (b, l)).collect()
    }

    /// An interview: three or more questions standing alone, each answered by body text, and
    /// more of them than other short lines.
    fn is_interview(&mut self, candidates: &[Candidate]) -> bool {
        let (mut questions, mut others) = (0, 0);
        for c in candidates {
            if !self.alone(c.block) || c.block + 1 >= self.pass.blocks.len() {
                continue;
            }
            let answered = self.kind(c.block + 1) == Kind::Good;
            let after_question =
                c.block > 0 && self.candidate(c.block - 1).is_some_and(|p| p.class == LineClass::Question);
            match c.class {
                LineClass::Question if answered && !after_question => questions += 1,
                LineClass::Short | LineClass::Numbered(_) => others += 1,
                _ => {}
            }
        }
        questions >= 3 && questions > others
    }

    /// A bare line right above a bare heading of another shape is its parent heading when that
    /// shape comes again after text, before any line of the parent's shape
    /// (`A Real Hook: useState()` above `Composition`, then `Debugging`).
    fn add_parents(&self, candidates: &[Candidate], found: &mut Vec<(usize, u8, Signature)>) {
        let mut added = Vec::new();
        for c in candidates {
            let block = c.block;
            if c.class != LineClass::Short || found.iter().any(|&(b, _, _)| b == block) || !self.alone(block)
            {
                continue;
            }
            let line = &self.text[c.content.clone()];
            if rules::is_furniture(line) || rules::is_code(line) {
                continue;
            }
            let sig_a = Signature::of(line);
            let Some(k) = found.iter().position(|&(b, _, _)| b == block + 1) else { continue };
            let (b, level_b, sig_b) = found[k];
            if !sig_a.bare || !sig_b.bare || sig_a == sig_b || level_b != level::TOPIC {
                continue;
            }
            for &(later, _, sig_c) in &found[k + 1..] {
                if sig_c == sig_a {
                    break;
                }
                if sig_c == sig_b && self.text_between(b, later) {
                    added.push((block, level::TOPIC, sig_a));
                    break;
                }
            }
        }
        found.extend(added);
        found.sort_by_key(|&(b, _, _)| b);
    }

    /// Whether body text lies between blocks `a` and `b`.
    fn text_between(&self, a: usize, b: usize) -> bool {
        (a + 1..b).any(|i| self.kinds[i].is_some_and(|k| matches!(k, Kind::Good | Kind::Text)))
    }

    /// The level of a candidate line if it is a heading here.
    fn heading_level(&mut self, c: &Candidate, found: &[(usize, u8, Signature)]) -> Option<u8> {
        let line = &self.text[c.content.clone()];
        let level = match c.class {
            LineClass::Short => level::TOPIC,
            LineClass::Question => level::TOPIC,
            LineClass::Numbered(level) => level,
            _ => return None,
        };
        if !self.alone(c.block)
            || (!self.blank_separated && (c.in_run || c.indented && c.class != LineClass::Numbered(level)))
        {
            return None;
        }
        if rules::is_furniture(line) || rules::is_code(line) || rules::is_quoted(line) {
            return None;
        }
        // A Latin heading starts with a capital, a digit or a quote; "whale strandings" is a caption.
        if line.starts_with(|c: char| c.is_lowercase()) && line.is_ascii() {
            return None;
        }
        let n = self.pass.blocks.len();
        let previous = c.block.checked_sub(1);
        let after_heading = previous.is_some_and(|p| {
            matches!(self.pass.blocks[p].kind, BlockKind::Heading { .. })
                || found.iter().any(|&(b, _, _)| b == p)
        });
        if c.class == LineClass::Question {
            let function = if line.is_ascii() {
                line.split_whitespace().filter(|w| LATIN_STOPS.contains(&w.to_lowercase().as_str())).count()
            } else {
                line.chars().filter(|&ch| CJK_FUNCTION.contains(ch)).count()
            };
            let previous_text = previous.is_some_and(|p| self.kind(p) == Kind::Good);
            let interview = self.interview;
            if !interview && (after_heading || function > 1 || !previous_text) || is_verse(line) {
                return None;
            }
        }
        // It must introduce text: the next block, past credits and metadata, is body text (or,
        // for a bare line, a numbered line that introduces text: a section over its list).
        let mut next = self.next_meaningful(c.block + 1);
        let numbered_below = next < n
            && matches!(self.candidate(next).map(|c| c.class), Some(LineClass::Numbered(_)))
            && rules::numbering(self.block_text(next)).map(|(s, _)| s)
                != rules::numbering(line).map(|(s, _)| s);
        if numbered_below {
            next = self.next_meaningful(next + 1);
        }
        if next >= n || !self.introduced(next) {
            return None;
        }
        // The last of a run of lines alike (1月20日通报：…, 1月21日通报：…) is a list row.
        if let Some(p) = previous.filter(|&p| self.kind(p) == Kind::Line && !after_heading) {
            let before = self.block_text(p);
            let alike = before.chars().take(2).eq(line.chars().take(2))
                && Signature::of(before) == Signature::of(line);
            if alike && self.alone(p) {
                return None;
            }
        }
        // Before the body, a heading comes under the title or another heading, not after a
        // date or a row of buttons.
        let after_row = previous.is_some_and(|p| {
            Some(p) != self.title
                && match self.candidate(p).map(|c| c.class) {
                    Some(LineClass::Metadata) => true,
                    Some(LineClass::Numbered(_)) | None => false,
                    Some(_) => true,
                }
        });
        if self.head_end.is_some_and(|start| c.block < start) && !after_heading && after_row {
            return None;
        }
        // A widget repeated on the page (a "Most popular" box) is no heading.
        if self.repeated(line) && next < n {
            let following = self.block_text(next);
            if following.len() >= 8 && self.repeated(following) {
                return None;
            }
        }
        Some(level)
    }

    /// Whether block `i` is text a heading can introduce: body text, a sentence, or a question
    /// that opens the section. Where blocks are separated by blank lines it stands alone (a
    /// line glued to the next is part of a footer, a list or code); in an indented text it
    /// starts as a paragraph does.
    fn introduced(&mut self, i: usize) -> bool {
        let kind = self.kind(i);
        let question =
            kind == Kind::Line && self.candidate(i).is_some_and(|c| c.class == LineClass::Question);
        if !(matches!(kind, Kind::Good | Kind::Text) || question) {
            return false;
        }
        let n = self.pass.blocks.len();
        // (Spaces are not enough: code is indented with them too.)
        if self.pass.shape.indent == Some(rules::Indent::Ideographic) {
            let raw = &self.text[self.pass.blocks[i].offset..];
            if self.pass.shape.is_indented(raw) {
                return true;
            }
            if !self.blank_separated {
                return raw.starts_with(['「', '『', '“', '"', '（', '(']);
            }
        }
        if self.blank_separated {
            return i + 1 >= n || self.pass.blank_before[i + 1] || self.block_text(i).contains('\n');
        }
        true
    }

    /// Whether a short block's text stands as a block more than once.
    fn repeated(&mut self, line: &'a str) -> bool {
        if self.short_counts.is_empty() {
            let text = self.text;
            for b in &self.pass.blocks {
                let block = text[b.offset..b.end].trim();
                if block.len() <= 4 * rules::MAX_CLASSIFIED_BYTES {
                    *self.short_counts.entry(block).or_insert(0) += 1;
                }
            }
        }
        self.short_counts.get(line).is_some_and(|&count| count > 1)
    }

    /// The text around block `i` where a page repeats its lines (its head, a widget, its foot):
    /// all of a page, a window of a book, so that looking for repeats stays linear.
    fn near(&self, i: usize) -> &'a str {
        const REACH: usize = 1 << 16;
        if self.text.len() <= 16 * REACH {
            return self.text;
        }
        let at = self.pass.blocks[i].offset;
        let from = floor_char_boundary(self.text, at.saturating_sub(REACH));
        let to = floor_char_boundary(self.text, at + REACH);
        &self.text[from..to]
    }

    /// The first block from `i` on that is not skippable.
    fn next_meaningful(&mut self, mut i: usize) -> usize {
        let n = self.pass.blocks.len();
        while i < n && self.skippable(i) {
            i += 1;
        }
        i
    }

    /// Credits, metadata and captions between a heading and its text.
    fn skippable(&mut self, i: usize) -> bool {
        match self.kind(i) {
            Kind::Line => rules::is_credit(self.block_text(i)),
            Kind::Other => !rules::has_letters(self.block_text(i)),
            _ => false,
        }
    }

    /// Numbered lines that are list items, not headings: a number that restarts at 1 under
    /// unnumbered headings (a newsletter's items under its sections), or a run of numbered lines
    /// with no text between them.
    fn drop_lists(&self, found: &mut Vec<(usize, u8, Signature)>) {
        let mut list_styles: Vec<NumberStyle> = Vec::new();
        let mut last: Vec<(NumberStyle, u32, usize)> = Vec::new();
        let mut parent_bare = false;
        for &(block, _, _) in found.iter() {
            let line = self.block_text(block);
            let Some((style, number)) = rules::numbering(line)
                .filter(|_| matches!(self.candidate(block).map(|c| c.class), Some(LineClass::Numbered(_))))
            else {
                parent_bare = true;
                continue;
            };
            if let Some(&(_, previous, previous_block)) = last.iter().find(|(s, _, _)| *s == style) {
                let restart = number <= previous;
                let glued = number == previous + 1 && !self.text_between(previous_block, block);
                if (restart && parent_bare) || glued {
                    list_styles.push(style);
                }
            }
            last.retain(|(s, _, _)| *s != style);
            last.push((style, number, block));
            // A numbered heading under a numbered one: the parent of what follows is numbered.
            parent_bare = false;
        }
        found.retain(|&(block, _, _)| {
            let numbered = matches!(self.candidate(block).map(|c| c.class), Some(LineClass::Numbered(_)));
            !(numbered
                && rules::numbering(self.block_text(block)).is_some_and(|(s, _)| list_styles.contains(&s)))
        });
    }
}

/// Lines of verse: clauses of one length (此系身前身后事，倩谁记去作奇传？).
fn is_verse(line: &str) -> bool {
    let clauses: Vec<usize> = line
        .split(['，', '。', '？', '！', '；', ',', '?'])
        .map(|c| c.chars().count())
        .filter(|&n| n > 0)
        .collect();
    clauses.len() >= 2 && clauses[0] >= 4 && clauses.iter().all(|&n| n == clauses[0])
}

/// The shape of a bare heading, to tell sibling styles apart: whether it has a colon inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Signature {
    bare: bool,
    colon: bool,
}

impl Signature {
    fn of(line: &str) -> Signature {
        let bare = rules::numbering(line).is_none();
        let inner = line.trim_end_matches([':', '：']);
        Signature { bare, colon: inner.contains([':', '：']) }
    }
}

/// Bare headings of two shapes, where one of the second shape comes right under one of the first
/// and another of the second shape follows it after text, before any of the first: the second
/// shape is one level down (`A Real Hook: useState()` › `Composition`, `Debugging`).
fn nest_bare(found: &mut [(usize, u8, Signature)], text_between: impl Fn(usize, usize) -> bool) {
    let mut lower: Option<Signature> = None;
    'pairs: for k in 0..found.len().saturating_sub(1) {
        let (a, level_a, sig_a) = found[k];
        let (b, level_b, sig_b) = found[k + 1];
        if !(sig_a.bare && sig_b.bare) || sig_a == sig_b || level_a != level::TOPIC || level_b != level::TOPIC
        {
            continue;
        }
        if b != a + 1 && text_between(a, b) {
            continue;
        }
        for &(c, _, sig_c) in &found[k + 2..] {
            if sig_c == sig_a {
                continue 'pairs;
            }
            if sig_c == sig_b && text_between(b, c) {
                lower = Some(sig_b);
                break 'pairs;
            }
        }
    }
    if let Some(sig) = lower {
        for entry in found.iter_mut() {
            if entry.2 == sig && entry.1 == level::TOPIC {
                entry.1 = level::TOPIC_BELOW;
            }
        }
    }
}

/// The features a title shares with its text: lowercase content words of Latin text, pairs of
/// neighbouring characters of CJK text.
enum Features {
    /// Neighbouring letters or digits, either of them CJK, packed as [`pair_key`].
    Pairs(FxHashSet<u64>),
    Words(FxHashSet<String>),
}

impl Features {
    fn of(text: &str, cjk: bool) -> Features {
        if cjk {
            Features::Pairs(cjk_pairs(text).collect())
        } else {
            Features::Words(latin_words(text).collect())
        }
    }

    /// The share of a line's features (counted with repeats) found here.
    fn likeness(&self, line: &str) -> f32 {
        let (found, own, floor) = match self {
            Features::Pairs(body) => {
                let (found, own) = cjk_pairs(line)
                    .fold((0, 0), |(found, own), pair| (found + usize::from(body.contains(&pair)), own + 1));
                (found, own, 5)
            }
            Features::Words(body) => {
                let (found, own) = latin_words(line)
                    .fold((0, 0), |(found, own), word| (found + usize::from(body.contains(&word)), own + 1));
                (found, own, 3)
            }
        };
        if own == 0 {
            return 0.0;
        }
        found as f32 / own.max(floor) as f32
    }
}

/// Pairs of neighbouring letters or digits (what lies between them aside) of which one is CJK.
fn cjk_pairs(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut previous: Option<char> = None;
    text.chars().filter(|&c| is_alphanumeric(c)).filter_map(move |c| {
        let pair = previous.filter(|&p| is_cjk(p) || is_cjk(c)).map(|p| pair_key(p, c));
        previous = Some(c);
        pair
    })
}

fn pair_key(first: char, second: char) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// Lowercase words of three or more characters that are not stop words.
fn latin_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_alphanumeric(c))
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !LATIN_STOPS.contains(&w.as_str()))
}

/// [`char::is_alphanumeric`], without its table lookups for ASCII and the common CJK characters.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_common_ideograph(c) {
        true
    } else {
        !is_common_punctuation(c) && c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], without its table lookups for ASCII and the common CJK characters.
fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if is_common_ideograph(c) {
        true
    } else {
        !is_common_punctuation(c) && c.is_alphabetic()
    }
}

/// CJK unified ideographs and extension A: all of them letters.
fn is_common_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// General punctuation (“”…—), CJK punctuation (。、「」) and fullwidth punctuation (，！？：；):
/// neither letters nor digits.
fn is_common_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{3030}'
            | '\u{303D}'..='\u{303F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    // Reference versions: the plain, slow code the fast functions above must agree with.

    const CJK_STOPS: &str = "的了是在和也都就不这這那我他她它们們有个個のにはをがでたてしともな";

    fn stats_reference(line: &str) -> Stats {
        let sample = &line[..floor_char_boundary(line, SAMPLE_BYTES)];
        let mut stats = Stats::default();
        let mut word = String::new();
        let flush = |word: &mut String, stats: &mut Stats| {
            if !word.is_empty() {
                stats.words += 1;
                if LATIN_STOPS.contains(&word.as_str()) {
                    stats.latin_stops += 1;
                }
                word.clear();
            }
        };
        for c in sample.chars() {
            if is_cjk(c) {
                flush(&mut word, &mut stats);
                if c.is_alphabetic() {
                    stats.cjk += 1;
                    stats.stops += usize::from(CJK_STOPS.contains(c));
                }
            } else if c.is_alphanumeric() || c == '\'' || c == '’' {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut stats);
            }
        }
        flush(&mut word, &mut stats);
        stats.sentence = rules::has_sentence_punctuation(line)
            || sample.contains(['。', '！', '？'])
            || sample.contains(". ")
            || sample.contains("? ")
            || sample.contains("! ");
        stats
    }

    fn features_reference(text: &str, cjk: bool) -> Vec<String> {
        if cjk {
            let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
            chars.windows(2).filter(|w| is_cjk(w[0]) || is_cjk(w[1])).map(|w| w.iter().collect()).collect()
        } else {
            text.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .filter(|w| w.chars().count() >= 3 && !LATIN_STOPS.contains(&w.as_str()))
                .collect()
        }
    }

    fn likeness_reference(line: &str, body: &str, cjk: bool) -> f32 {
        let body: HashSet<String> = features_reference(body, cjk).into_iter().collect();
        let own = features_reference(line, cjk);
        if own.is_empty() {
            return 0.0;
        }
        let floor = if cjk { 5 } else { 3 };
        own.iter().filter(|f| body.contains(*f)).count() as f32 / own.len().max(floor) as f32
    }

    fn mostly_cjk_reference(text: &str) -> bool {
        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
        cjk * 3 >= text.chars().filter(char::is_ascii_alphabetic).count()
    }

    /// Mixed CJK, kana, Hangul, Latin (with letters whose lowercase is longer), digits, stop words
    /// and punctuation, and characters at the edges of the fast ranges.
    const PIECES: &[&str] = &[
        "的",
        "了",
        "是",
        "他",
        "の",
        "は",
        "山路",
        "雨夜",
        "灯火",
        "书生",
        "。",
        "，",
        "！",
        "？",
        "、",
        "：",
        "“",
        "”",
        "the",
        "The",
        "OF",
        "and",
        "which",
        "river",
        "River's",
        "don't",
        "it’s",
        "İstanbul",
        "Straße",
        "ÉCOLE",
        "Ωμέγα",
        "Привет",
        "ひらがな",
        "カタカナ",
        "ー",
        "한국어",
        "々",
        "〇",
        "ｆｕｌｌ",
        "１２",
        "42",
        "3.5%",
        " ",
        " ",
        "\n",
        "　",
        ". ",
        "? ",
        "! ",
        "…",
        "——",
        "'",
        "Ⅻ",
        "①",
        "½",
        "😀",
        "\u{3400}",
        "\u{4DBF}",
        "\u{4E00}",
        "\u{9FFF}",
        "\u{A000}",
        "\u{F900}",
        "\u{20000}",
        "\u{2A700}",
        "\u{3FFFD}",
        "\u{2E80}",
        "\u{3099}",
        "\u{FF21}",
        "\u{FFE8}",
    ];

    fn text_of(picks: &[usize]) -> String {
        picks.iter().map(|&i| PIECES[i]).collect()
    }

    proptest::proptest! {
        #[test]
        fn stats_agree_with_the_reference(picks in proptest::collection::vec(0..PIECES.len(), 0..400)) {
            let text = text_of(&picks);
            proptest::prop_assert_eq!(Stats::of(&text), stats_reference(&text), "{:?}", text);
        }

        #[test]
        fn mostly_cjk_agrees_with_the_reference(picks in proptest::collection::vec(0..PIECES.len(), 0..400)) {
            let text = text_of(&picks);
            proptest::prop_assert_eq!(mostly_cjk(&text), mostly_cjk_reference(&text), "{:?}", text);
            let letters = text.chars().filter(char::is_ascii_alphabetic).count();
            proptest::prop_assert_eq!(ascii_letters(text.as_bytes()), letters);
            // Near the balance too.
            let latin: String = picks.iter().map(|&i| if i % 2 == 0 { "word " } else { PIECES[i] }).collect();
            proptest::prop_assert_eq!(mostly_cjk(&latin), mostly_cjk_reference(&latin), "{:?}", latin);
        }

        #[test]
        fn likeness_agrees_with_the_reference(
            body in proptest::collection::vec(0..PIECES.len(), 0..300),
            line in proptest::collection::vec(0..PIECES.len(), 0..30),
            cjk: bool,
        ) {
            let (body, line) = (text_of(&body), text_of(&line));
            let fast = Features::of(&body, cjk).likeness(&line);
            let reference = likeness_reference(&line, &body, cjk);
            proptest::prop_assert_eq!(fast.to_bits(), reference.to_bits(), "{:?} in {:?}", line, body);
        }
    }

    #[test]
    fn occurs_twice_counts_as_str_matches_does() {
        for (haystack, needle) in [
            ("aaa", "aa"),
            ("aaaa", "aa"),
            ("山路雨夜山路", "山路"),
            ("山路", "山路"),
            ("", "x"),
            ("x", ""),
            ("", ""),
        ] {
            assert_eq!(
                occurs_twice(haystack, needle),
                haystack.matches(needle).nth(1).is_some(),
                "{needle:?} in {haystack:?}"
            );
        }
    }

    #[test]
    fn fast_letter_tests_agree_with_std_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_cjk_stop(c), CJK_STOPS.contains(c), "{c:?}");
        }
    }
}
