//! Plain text → blocks: paragraph detection, hard-wrap joining and heading inference for news
//! articles, hard-wrapped texts and TXT novels. The line rules live in [`rules`].

mod article;
mod lines;
pub mod rules;

use std::cell::Cell;
use std::ops::Range;

use self::lines::{Lines, Shape, trimmed};
use self::rules::{LineClass, level};
use super::{Block, BlockKind, Content, Document, Outline, RichText, Span, Style};
// Re-exported where they used to live; the leaf module `script` owns them.
pub use crate::text::cjk::{is_cjk, joins_without_space};

/// Parses a plain-text document. The text is not copied: blocks hold ranges into it.
///
/// Two passes: [`Parser`] cuts the text into paragraphs, chapter headings and standalone lines;
/// [`article`] then finds the article body among the page furniture, its title, and which
/// standalone lines are its headings.
pub fn parse(text: String) -> Document {
    let mut pass = Parser::new(&text).run();
    article::analyse(&text, &mut pass);
    let blocks = pass.blocks;
    let title = blocks.iter().find_map(|block| match &block.kind {
        BlockKind::Heading { level: level::TITLE, content } => Some(content.rich(&text).text.clone()),
        _ => None,
    });
    let outline = Outline::build(&blocks, text.len(), |b| match &b.kind {
        BlockKind::Heading { content, .. } => content.rich(&text).text.clone(),
        _ => String::new(),
    });
    Document { title, text, blocks, outline }
}

/// A standalone line that may be a title or heading: the second pass decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Index of its paragraph block.
    pub block: usize,
    /// The trimmed line.
    pub content: Range<usize>,
    pub class: LineClass,
    /// It starts with the text's paragraph indentation.
    pub indented: bool,
    /// It follows a short standalone line with no blank line between (a poem, an address).
    pub in_run: bool,
}

/// What the first pass hands to the second.
#[derive(Debug, Default)]
pub(crate) struct FirstPass {
    pub blocks: Vec<Block>,
    pub candidates: Vec<Candidate>,
    /// `blank_before[i]`: a blank line (or the start of the text) comes before block `i`.
    pub blank_before: Vec<bool>,
    pub shape: Shape,
}

/// One pass over the lines, keeping just enough context to judge the current line.
struct Parser<'t> {
    text: &'t str,
    shape: Shape,
    blocks: Vec<Block>,
    candidates: Vec<Candidate>,
    blank_before: Vec<bool>,
    /// The paragraph being gathered: from its first line's start to its last line's trimmed end,
    /// and whether a blank line came before it.
    paragraph: Option<(Range<usize>, bool)>,
    /// The previous non-blank line, trimmed.
    previous: Range<usize>,
    /// The class of the previous line with content (metadata aside) if it was a short
    /// standalone line: the current line belongs to its run (a blurb, an address, a poem, a list).
    short_run: Option<LineClass>,
    /// A blank line comes right before the current line.
    blank_before_line: bool,
    /// Front and back matter headings (序章, 后记…), placed once the top division is known.
    matter: Vec<usize>,
    has_volumes: bool,
    /// The class of the line with content starting at `.0`: lines looked at ahead are
    /// classified once.
    last_class: Cell<(usize, Option<LineClass>)>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        let shape = Shape::of(text);
        Parser {
            text,
            shape,
            blocks: Vec::with_capacity(shape.blocks_hint),
            candidates: Vec::new(),
            blank_before: Vec::with_capacity(shape.blocks_hint),
            paragraph: None,
            previous: 0..0,
            short_run: None,
            blank_before_line: true,
            matter: Vec::new(),
            has_volumes: false,
            last_class: Cell::new((usize::MAX, None)),
        }
    }

    fn run(mut self) -> FirstPass {
        let mut lines = Lines::new(self.text);
        while let Some(raw) = lines.next() {
            self.line(raw, lines.pos);
        }
        self.close_paragraph();
        if self.has_volumes {
            for &i in &self.matter {
                if let BlockKind::Heading { level, .. } = &mut self.blocks[i].kind {
                    *level = level::VOLUME;
                }
            }
        }
        FirstPass {
            blocks: self.blocks,
            candidates: self.candidates,
            blank_before: self.blank_before,
            shape: self.shape,
        }
    }

    /// Handles one raw line; `next` is where the following line starts.
    fn line(&mut self, raw: Range<usize>, next: usize) {
        let content = trimmed(self.text, raw.clone());
        if content.is_empty() {
            self.close_paragraph();
            self.blank_before_line = true;
            return;
        }
        let indented = self.shape.is_indented(&self.text[raw.clone()]);
        let starts_block = self.starts_block(indented);
        let full = self.shape.is_full(&self.text[content.clone()]);
        let class = self.class_of(content.clone());
        match class {
            LineClass::Chapter(chapter)
                if starts_block || !chapter.joined || self.previous_ends_sentence() =>
            {
                self.heading(content.clone(), chapter.level);
                if chapter.matter {
                    self.matter.push(self.blocks.len() - 1);
                }
                self.has_volumes |= chapter.level == level::VOLUME && !chapter.matter;
                self.short_run = None;
            }
            LineClass::Metadata | LineClass::Short | LineClass::Question | LineClass::Numbered(_)
                if starts_block && self.ends_block(full, next) =>
            {
                self.close_paragraph();
                self.paragraph = Some((raw.start..content.end, self.blank_before_line));
                self.close_paragraph();
                self.candidates.push(Candidate {
                    block: self.blocks.len() - 1,
                    content: content.clone(),
                    class,
                    indented,
                    in_run: self.short_run.is_some() && !self.blank_before_line,
                });
                if class != LineClass::Metadata {
                    self.short_run = Some(class);
                }
            }
            _ => {
                match &mut self.paragraph {
                    Some((paragraph, _)) if !starts_block => paragraph.end = content.end,
                    _ => {
                        self.close_paragraph();
                        self.paragraph = Some((raw.start..content.end, self.blank_before_line));
                    }
                }
                self.short_run = None;
            }
        }
        self.previous = content;
        self.blank_before_line = false;
    }

    /// Whether a line with content starts a new block rather than continuing a wrapped paragraph.
    fn starts_block(&self, indented: bool) -> bool {
        self.paragraph.is_none()
            || self.shape.soft_wrapped
            || indented
            || !self.shape.is_full(&self.text[self.previous.clone()])
    }

    /// Whether the block of a line ends with it: the line stops short of the wrap width, or the
    /// next line is blank, missing, starts a new paragraph, or is a chapter line.
    fn ends_block(&self, full: bool, next: usize) -> bool {
        let Some(raw) = Lines::at(self.text, next).next() else {
            return true;
        };
        let content = trimmed(self.text, raw.clone());
        !full
            || content.is_empty()
            || self.shape.soft_wrapped
            || self.shape.is_indented(&self.text[raw])
            || matches!(self.class_of(content), LineClass::Chapter(_))
    }

    /// [`rules::classify`] of a trimmed line, remembered for the next call.
    fn class_of(&self, content: Range<usize>) -> LineClass {
        match self.last_class.get() {
            (start, Some(class)) if start == content.start => class,
            _ => {
                let class = rules::classify(&self.text[content.clone()]);
                self.last_class.set((content.start, Some(class)));
                class
            }
        }
    }

    fn previous_ends_sentence(&self) -> bool {
        let previous = &self.text[self.previous.clone()];
        let end = previous.trim_end_matches(['”', '’', '」', '』', '）', ')', '"', '\'']);
        end.ends_with(['。', '！', '？', '.', '!', '?', '…', '—'])
    }

    fn heading(&mut self, content: Range<usize>, level: u8) {
        self.close_paragraph();
        self.blocks.push(Block {
            offset: content.start,
            end: content.end,
            kind: BlockKind::Heading { level, content: Content::Source(content) },
            aside: false,
        });
        self.blank_before.push(self.blank_before_line);
    }

    fn close_paragraph(&mut self) {
        if let Some((range, blank)) = self.paragraph.take() {
            self.blocks.push(Block {
                offset: range.start,
                end: range.end,
                kind: BlockKind::Paragraph(Content::Source(range)),
                aside: false,
            });
            self.blank_before.push(blank);
        }
    }
}

/// Joins the hard-wrapped lines of `text[range]` into one paragraph: each line's surrounding
/// whitespace is dropped (the first line keeps its indentation), and lines are joined as
/// [`joins_without_space`] says, with one space otherwise.
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
            && !joins_without_space(prev, next)
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

    #[test]
    fn quotes_and_cjk_punctuation_join_without_space() {
        assert!(joins_without_space('。', '“'));
        assert!(joins_without_space('”', '他'));
        assert!(joins_without_space('中', '文'));
        assert!(!joins_without_space('中', 'A'));
        assert!(!joins_without_space('d', 'w'));
        let text = "他说：“走吧。”\n她点头。";
        assert_eq!(join_lines(text, 0..text.len()).text, "他说：“走吧。”她点头。");
    }

    /// (kind, text) of every block.
    fn blocks(text: &str) -> Vec<(String, String)> {
        let doc = parse(text.to_string());
        doc.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, content } => {
                    (format!("h{level}"), content.rich(&doc.text).text.clone())
                }
                BlockKind::Paragraph(content) => ("p".to_string(), content.rich(&doc.text).text.clone()),
                other => (format!("{other:?}"), String::new()),
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect()
    }

    #[test]
    fn blank_lines_end_paragraphs_and_wrapped_lines_join() {
        let text = "The river ran past a quiet town where\nnobody had seen a lantern since winter\nbegan.\n\n中文的段落被硬换行了，每一行都一样\n长，直到段落的最后一行才短一些，这\n是硬换行。\n";
        assert_eq!(
            blocks(text),
            pairs(&[
                ("p", "The river ran past a quiet town where nobody had seen a lantern since winter began."),
                ("p", "中文的段落被硬换行了，每一行都一样长，直到段落的最后一行才短一些，这是硬换行。"),
            ])
        );
    }

    #[test]
    fn indented_lines_start_paragraphs_without_blank_lines() {
        let text = "第一章 风起\n　　第一段，很长很长很长的第一段。\n　　第二段被硬换行了，一行十八个字\n，这一行也是十八个字，仍是第二段。\n　　第三段。\n";
        assert_eq!(
            blocks(text),
            pairs(&[
                ("h3", "第一章 风起"),
                ("p", "　　第一段，很长很长很长的第一段。"),
                ("p", "　　第二段被硬换行了，一行十八个字，这一行也是十八个字，仍是第二段。"),
                ("p", "　　第三段。"),
            ])
        );
    }

    #[test]
    fn title_byline_and_short_heading() {
        let text = "灯下旧梦\n\n作者：无名\n\n这是第一段正文，讲的是一个很长的故事，一直讲到深夜才停下。\n\n渡口\n\n第二段正文也很长，说的是渡口边的少年和他的老师父。\n";
        let doc = parse(text.to_string());
        assert_eq!(doc.title.as_deref(), Some("灯下旧梦"));
        assert_eq!(doc.outline.to_text(), "灯下旧梦\n  渡口\n");
    }

    #[test]
    fn a_run_of_short_lines_is_not_headings() {
        let text = "他推开窗，低声念道：\n\n床前明月光\n疑是地上霜\n举头望明月\n低头思故乡\n\n念完，他关上了窗，屋里又暗了下来，只剩下一盏油灯。\n";
        let doc = parse(text.to_string());
        assert!(doc.outline.is_empty(), "{}", doc.outline.to_text());
    }

    #[test]
    fn volumes_sit_above_chapters_and_matter_follows_the_top_division() {
        let text = "书名\n\n楔子\n\n正文。\n\n第一卷 江湖\n\n第一章 风起\n\n正文。\n\n第二章 归途\n\n正文。\n\n后记\n\n正文。\n";
        let doc = parse(text.to_string());
        assert_eq!(
            doc.outline.to_text(),
            "书名\n  楔子\n  第一卷 江湖\n    第一章 风起\n    第二章 归途\n  后记\n"
        );
    }

    #[test]
    fn a_wrapped_sentence_is_no_chapter_but_a_new_line_after_a_sentence_is() {
        let text = "他说起这本书的时候，总是从头讲起，讲到\n第一章的内容，很长很长，一直讲到天亮。\n\n\
                    他合上书，站起身来，走到窗前看了很久。\n第二章风起\n";
        let doc = parse(text.to_string());
        assert_eq!(doc.outline.to_text(), "第二章风起\n");
    }

    #[test]
    fn heading_ranges_exclude_newline_and_whitespace() {
        let text = "  第一章 风起  \n\n正文。";
        let doc = parse(text.to_string());
        let Block { offset, end, kind: BlockKind::Heading { content: Content::Source(range), .. }, .. } =
            &doc.blocks[0]
        else {
            panic!("{:?}", doc.blocks[0]);
        };
        assert_eq!(&text[range.clone()], "第一章 风起");
        assert_eq!((*offset, *end), (range.start, range.end));
    }

    #[test]
    fn numbered_lists_are_not_headings_but_numbered_sections_are() {
        let text = "清单\n\n1. 牛奶\n2. 鸡蛋\n3. 面包\n\n一、背景\n\n（一）历史\n\n这一节讲的是很久以前的事情，说来话长，慢慢讲。\n";
        let doc = parse(text.to_string());
        assert_eq!(doc.outline.to_text(), "清单\n  一、背景\n    （一）历史\n");
    }

    #[test]
    fn empty_and_blank_texts_have_no_blocks() {
        assert!(parse(String::new()).blocks.is_empty());
        assert!(parse("\n\n　　\n \n".to_string()).blocks.is_empty());
    }
}
