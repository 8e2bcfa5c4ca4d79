//! Line rules for plain text: what one line looks like on its own (chapter, numbered section,
//! metadata, short heading-like line), without looking at its neighbours.

use crate::text::cjk::is_cjk;

/// Lines longer than this many bytes are body text without further checks: a short line is at
/// most 60 columns, and every character takes at least one column per two bytes.
pub const MAX_CLASSIFIED_BYTES: usize = 160;

/// The most CJK characters of a short line.
const SHORT_CJK: usize = 25;
/// The most columns of a short line (a CJK character counts two).
const SHORT_COLUMNS: usize = 60;
/// The most characters of a chapter line, its title included.
const CHAPTER_CHARS: usize = 40;

/// Heading levels. The outline takes depth from the tree, so only their order matters.
pub mod level {
    pub const TITLE: u8 = 1;
    /// 卷, 部, 篇, 集, Part, Book, Volume.
    pub const VOLUME: u8 = 2;
    /// 章, 回, 话, Chapter, and front or back matter (序章, 后记, Prologue).
    pub const CHAPTER: u8 = 3;
    /// 节 / 節.
    pub const SECTION: u8 = 4;
    /// 一、 and short standalone lines.
    pub const TOPIC: u8 = 5;
    /// Short standalone lines of a second shape, found under those of the first.
    pub const TOPIC_BELOW: u8 = 6;
    /// （一）
    pub const SUBTOPIC: u8 = 7;
    /// 1. and 1、
    pub const ITEM: u8 = 8;
}

/// A chapter line: 第十二章, 第三卷, 序章, Chapter 12, Part 2 ….
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub level: u8,
    /// Front or back matter (序章, 楔子, 尾声, 后记, 番外, Prologue, Epilogue): it takes the
    /// level of the document's top division.
    pub matter: bool,
    /// The title follows the marker with no space or separator (第一章风起): such a line may
    /// also be a sentence wrapped onto a new line (…讲到\n第一章的内容).
    pub joined: bool,
}

/// What one trimmed, non-blank line is, judged alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineClass {
    Chapter(Chapter),
    /// A short numbered section line; the value is its heading level.
    Numbered(u8),
    /// 作者：…, 來源：…, By …, a date.
    Metadata,
    /// Short, with letters, without sentence-ending punctuation: maybe a heading.
    Short,
    /// A short question standing alone: a heading in an interview or a Q&A, a sentence in a story.
    Question,
    Body,
}

/// Classifies a trimmed, non-blank line.
pub fn classify(line: &str) -> LineClass {
    if line.len() > MAX_CLASSIFIED_BYTES {
        return LineClass::Body;
    }
    if let Some(chapter) = chapter(line) {
        return LineClass::Chapter(chapter);
    }
    // A line that reads as a sentence is body text even when it holds a date or a byline.
    if has_sentence_punctuation(line) {
        let question = is_question(line) && is_short(line) && has_letters(line);
        return if question { LineClass::Question } else { LineClass::Body };
    }
    if is_metadata(line) {
        return LineClass::Metadata;
    }
    if !is_short(line) || !has_letters(line) || starts_with_bare_number(line) {
        return LineClass::Body;
    }
    match numbered(line) {
        Some(level) => LineClass::Numbered(level),
        None => LineClass::Short,
    }
}

/// Chinese numerals as chapter and section numbers write them, in both scripts and both registers.
fn is_chinese_numeral(c: char) -> bool {
    "〇零一二两兩三四五六七八九十百千万萬壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Punctuation that may separate a chapter number from its title.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || "：:、.．·•—–-_|｜　".contains(c)
}

/// Counts characters in `line` as long as `pred` holds; returns the count and the rest.
fn take_while(line: &str, pred: impl Fn(char) -> bool) -> (usize, &str) {
    let end = line.find(|c| !pred(c)).unwrap_or(line.len());
    (line[..end].chars().count(), &line[end..])
}

/// A chapter line: 第十二章 / 第12回 / 第三卷 / 第二節 / 第1部 / 第五篇 with a title or none;
/// 序章, 楔子, 尾聲, 後記, 番外…; "Chapter 12", "CHAPTER XII", "Part 2", "Prologue".
pub fn chapter(line: &str) -> Option<Chapter> {
    let first = line.chars().next()?;
    let found = if first.is_ascii_alphabetic() {
        english_chapter(line)
    } else if first == '第' {
        chinese_chapter(line)
    } else if "序楔引尾终終后後番".contains(first) {
        chinese_matter(line)
    } else {
        None
    };
    found.filter(|_| line.chars().count() <= CHAPTER_CHARS)
}

fn chinese_chapter(line: &str) -> Option<Chapter> {
    let rest = line.strip_prefix('第')?;
    let (digits, rest) = take_while(rest, |c| is_digit(c) || is_chinese_numeral(c));
    if !(1..=10).contains(&digits) {
        return None;
    }
    let mut chars = rest.chars();
    let marker = chars.next()?;
    let title = chars.as_str();
    let level = match marker {
        '卷' | '部' | '篇' | '集' => level::VOLUME,
        '章' | '回' | '话' | '話' => level::CHAPTER,
        '节' | '節' => level::SECTION,
        _ => return None,
    };
    // 第3回合 is a round of a game, not a chapter.
    if marker == '回' && title.starts_with('合') {
        return None;
    }
    let joined = title.chars().next().is_some_and(|c| !is_separator(c));
    chinese_title_ok(title).then_some(Chapter { level, matter: false, joined })
}

/// The title after a Chinese chapter marker reads as a title, not as the rest of a sentence.
fn chinese_title_ok(title: &str) -> bool {
    let title = title.trim();
    !title.contains('。') && !title.ends_with(['，', ',', '、', '；', ';', '：', ':'])
}

fn chinese_matter(line: &str) -> Option<Chapter> {
    const WORDS: &[&str] =
        &["序章", "序言", "序幕", "楔子", "引子", "尾声", "尾聲", "终章", "終章", "后记", "後記", "番外"];
    let word = WORDS.iter().find(|w| line.starts_with(**w))?;
    let rest = &line[word.len()..];
    let next = rest.chars().next();
    let fits = match next {
        None => true,
        Some(c) => {
            is_separator(c)
                || "（(【[「".contains(c)
                || (*word == "番外" && (is_digit(c) || is_chinese_numeral(c) || c == '篇'))
        }
    };
    (fits && chinese_title_ok(rest)).then_some(Chapter { level: level::CHAPTER, matter: true, joined: false })
}

const ENGLISH_NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

fn english_chapter(line: &str) -> Option<Chapter> {
    let (word, rest) = line.split_once(|c: char| !c.is_ascii_alphabetic()).unwrap_or((line, ""));
    if word.is_empty() {
        return None;
    }
    const WORDS: &[(&str, u8, bool)] = &[
        ("chapter", level::CHAPTER, false),
        ("part", level::VOLUME, false),
        ("book", level::VOLUME, false),
        ("volume", level::VOLUME, false),
        ("prologue", level::CHAPTER, true),
        ("epilogue", level::CHAPTER, true),
        ("afterword", level::CHAPTER, true),
        ("interlude", level::CHAPTER, true),
    ];
    let &(_, level, matter) = WORDS.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(word))?;
    let separator = line[word.len()..].chars().next();
    if matter {
        return match separator {
            None => Some(Chapter { level, matter, joined: false }),
            Some(c) if is_separator(c) => Some(Chapter { level, matter, joined: false }),
            _ => None,
        };
    }
    if separator != Some(' ') {
        return None;
    }
    let rest = rest.trim_start();
    let number = rest.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or(rest);
    let is_number = number.bytes().all(|b| b.is_ascii_digit())
        || number.bytes().all(|b| b"IVXLCDM".contains(&b))
        || number.bytes().all(|b| b"ivxlcdm".contains(&b))
        || ENGLISH_NUMBER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(number));
    if number.is_empty() || !is_number {
        return None;
    }
    // "Chapter 12 was the best" is a sentence; "Chapter 12 The Road" and "Chapter 12: …" are not.
    let after = &rest[number.len()..];
    let fits = match after.chars().next() {
        None => true,
        Some(' ') => after.trim_start().chars().next().is_some_and(|c| !c.is_lowercase()),
        Some(c) => is_separator(c),
    };
    fits.then_some(Chapter { level, matter, joined: false })
}

/// A numbered section line: 一、… (level 5), （一）… (6), 1. … / 1、… (7), 1.2 … (8), 1.2.3 … (9),
/// （1）… (8). Something must follow the number.
pub fn numbered(line: &str) -> Option<u8> {
    let mut chars = line.chars();
    let first = chars.next()?;
    if first == '（' || first == '(' {
        let rest = chars.as_str();
        let (chinese, after) = take_while(rest, is_chinese_numeral);
        let (digits, after_digits) = take_while(rest, is_digit);
        let (count, after, level) = if chinese > 0 {
            (chinese, after, level::SUBTOPIC)
        } else {
            (digits, after_digits, level::ITEM + 1)
        };
        let title = after.strip_prefix(['）', ')'])?;
        return ((1..=4).contains(&count) && has_letters(title)).then_some(level);
    }
    let (chinese, after) = take_while(line, is_chinese_numeral);
    if chinese > 0 {
        let title = after.strip_prefix(['、', '．'])?;
        return (chinese <= 4 && has_letters(title)).then_some(level::TOPIC);
    }
    // Arabic: 1. 1、 1.2 1.2.3
    let mut rest = line;
    let mut parts = 0u8;
    loop {
        let (digits, after) = take_while(rest, is_digit);
        if !(1..=3).contains(&digits) {
            return None;
        }
        parts += 1;
        let mut after_chars = after.chars();
        match after_chars.next() {
            Some('.' | '．') => {
                let tail = after_chars.as_str();
                if tail.starts_with(is_digit) && parts < 4 {
                    rest = tail;
                    continue;
                }
                // "1. Title" (not "1.2." nor "3.5%": a dotted number is followed by a space).
                if parts > 1 {
                    return None;
                }
                return (tail.starts_with(char::is_whitespace) || tail.starts_with(|c: char| is_cjk(c)))
                    .then_some(level::ITEM)
                    .filter(|_| has_letters(tail));
            }
            Some('、') if parts == 1 => {
                return has_letters(after_chars.as_str()).then_some(level::ITEM);
            }
            Some('）' | ')') if parts == 1 => {
                return has_letters(after_chars.as_str()).then_some(level::ITEM);
            }
            // 01 统一的货币: a number, a space, then a CJK title.
            Some(c) if c.is_whitespace() && parts == 1 => {
                let tail = after_chars.as_str().trim_start();
                return tail.starts_with(is_cjk).then_some(level::ITEM);
            }
            Some(c) if c.is_whitespace() && parts > 1 => {
                let tail = after_chars.as_str().trim_start();
                return tail
                    .starts_with(|c: char| c.is_alphabetic() && !c.is_lowercase())
                    .then_some(level::ITEM + parts - 1);
            }
            _ => return None,
        }
    }
}

/// A line that starts with a number that is no numbering: a time (10:30), a score (3:1),
/// a list entry (186：上映), a range (3-5).
pub fn starts_with_bare_number(line: &str) -> bool {
    let (digits, rest) = take_while(line, is_digit);
    digits > 0 && rest.starts_with([':', '：', '/', '-', '～', '~', '比'])
}

/// Metadata: a byline, source, editor or date line, not a heading.
pub fn is_metadata(line: &str) -> bool {
    const KEYS: &[&str] = &[
        "作者",
        "来源",
        "來源",
        "出处",
        "出處",
        "编辑",
        "編輯",
        "责任编辑",
        "責任編輯",
        "记者",
        "記者",
        "撰文",
        "文字",
        "摄影",
        "攝影",
        "图片",
        "圖片",
        "翻译",
        "翻譯",
        "译者",
        "譯者",
        "校对",
        "校對",
        "审核",
        "審核",
        "日期",
        "时间",
        "時間",
        "发布时间",
        "發布時間",
        "发表时间",
        "發表時間",
        "更新时间",
        "更新時間",
        "原文",
        "链接",
        "連結",
        "字数",
        "字數",
        "类别",
        "類別",
        "分类",
        "分類",
        "标签",
        "標籤",
        "状态",
        "狀態",
        "出版",
        "author",
        "source",
        "date",
        "published",
        "updated",
        "posted",
        "editor",
        "translator",
        "photo",
        "photograph",
        "tags",
        "filed",
    ];
    if line.len() > MAX_CLASSIFIED_BYTES {
        return false;
    }
    let has_colon = line.contains(':') || has(line, "：");
    for key in KEYS.iter().filter(|_| has_colon) {
        let Some(prefix) = line.get(..key.len()) else { continue };
        if prefix.eq_ignore_ascii_case(key) {
            let rest = line[key.len()..].trim_start();
            if rest.starts_with(['：', ':']) {
                return true;
            }
        }
    }
    // 文/张三, 图｜李四
    for key in ["文", "图", "圖", "撰稿"].iter().filter(|_| line.contains(['/', '／', '|', '｜'])) {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(['/', '／', '|', '｜'])
        {
            return true;
        }
    }
    if let Some(rest) =
        line.strip_prefix("By ").or_else(|| line.strip_prefix("BY ")).or_else(|| line.strip_prefix("by "))
        && rest.starts_with(|c: char| c.is_uppercase())
        && !has_sentence_punctuation(line)
    {
        return true;
    }
    contains_date(line)
}

/// A full date: 2024-03-01, 2024/3/1, 2024.03.01, 2024年3月1日, March 1, 2024, 1 March 2024.
pub fn contains_date(line: &str) -> bool {
    let digits = line.bytes().filter(u8::is_ascii_digit).count();
    digits >= 4 && (numeric_date(line) || english_date(line))
}

fn numeric_date(line: &str) -> bool {
    let bytes = line.as_bytes();
    let digits_at = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = 0;
    while i < bytes.len() {
        let year = digits_at(i);
        if year == 0 {
            i += 1;
            continue;
        }
        let at_boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        if year == 4 && at_boundary && matches!(&line[i..i + 2], "19" | "20") {
            let rest = &line[i + 4..];
            let (sep, rest) = match rest.chars().next() {
                Some(c @ ('-' | '/' | '.' | '年')) => (c, &rest[c.len_utf8()..]),
                _ => ('?', rest),
            };
            if sep != '?' {
                let month = rest.bytes().take_while(u8::is_ascii_digit).count();
                let rest = &rest[month..];
                let expected = if sep == '年' { '月' } else { sep };
                if (1..=2).contains(&month)
                    && let Some(rest) = rest.strip_prefix(expected)
                {
                    let day = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if (1..=2).contains(&day) {
                        return true;
                    }
                }
            }
        }
        i += year;
    }
    false
}

fn english_date(line: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    let mut words = line.split(|c: char| c.is_whitespace() || c == ',' || c == '.').filter(|w| !w.is_empty());
    let is_day = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let is_year = |w: &str| {
        w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let is_month = |w: &str| MONTHS.iter().any(|m| w.eq_ignore_ascii_case(m));
    let (Some(mut first), Some(mut second)) = (words.next(), words.next()) else {
        return false;
    };
    for third in words {
        if is_year(third) && ((is_month(first) && is_day(second)) || (is_day(first) && is_month(second))) {
            return true;
        }
        (first, second) = (second, third);
    }
    false
}

/// Short enough for a heading: about 25 CJK characters, or about 60 columns of Latin.
pub fn is_short(line: &str) -> bool {
    if line.len() > MAX_CLASSIFIED_BYTES {
        return false;
    }
    let mut cjk = 0;
    let mut columns = 0;
    for c in line.chars() {
        if is_cjk(c) {
            cjk += 1;
            columns += 2;
        } else {
            columns += 1;
        }
    }
    cjk <= SHORT_CJK && columns <= SHORT_COLUMNS
}

/// Whether a line reads as (the end of) a sentence: it has a 。, or it ends — closing quotes and
/// brackets aside — with sentence-ending or continuing punctuation.
pub fn has_sentence_punctuation(line: &str) -> bool {
    if has(line, "。") {
        return true;
    }
    let end = line.trim_end_matches(|c: char| c.is_whitespace() || "”’」』）)》〉】\"'".contains(c));
    end.ends_with(['。', '！', '？', '.', '!', '?', '…', '，', ',', '、', '；', ';', '：', ':'])
}

/// A question: it ends with a question mark (closing quotes aside) and has no full stop.
pub fn is_question(line: &str) -> bool {
    let end = line.trim_end_matches(|c: char| c.is_whitespace() || "”’」』）)》〉】\"'".contains(c));
    end.ends_with(['？', '?']) && !line.contains(['。', '！', '!'])
}

/// The numbering of a numbered line: its style and its number (一、 is style `一、`, number 1).
pub fn numbering(line: &str) -> Option<(NumberStyle, u32)> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let (open, rest) = if first == '（' || first == '(' { (true, chars.as_str()) } else { (false, line) };
    let (chinese, after_chinese) = take_while(rest, is_chinese_numeral);
    let (digits, after_digits) = take_while(rest, is_digit);
    let (kind, count, after) = if chinese > 0 {
        (NumberKind::Chinese, chinese, after_chinese)
    } else if digits > 0 {
        (NumberKind::Arabic, digits, after_digits)
    } else {
        return None;
    };
    let number = &rest[..rest.len() - after.len()];
    let value = match kind {
        NumberKind::Chinese => chinese_value(number)?,
        NumberKind::Arabic => number.chars().try_fold(0u32, |n, c| {
            let d = c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
            n.checked_mul(10)?.checked_add(d)
        })?,
    };
    let mark = after.chars().next()?;
    (count <= 4)
        .then_some((NumberStyle { kind, open, mark: if mark.is_whitespace() { ' ' } else { mark } }, value))
}

/// How a numbered line writes its number: digits or Chinese numerals, in brackets or not, and
/// the mark after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NumberStyle {
    pub kind: NumberKind,
    pub open: bool,
    pub mark: char,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberKind {
    Arabic,
    Chinese,
}

/// The value of a small Chinese numeral (一 to 九十九).
fn chinese_value(numeral: &str) -> Option<u32> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = numeral.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Page furniture judged from the line alone: navigation and breadcrumbs, image credits, source
/// notes, bracketed labels, attributions, bylines of translators and authors.
pub fn is_furniture(line: &str) -> bool {
    has(line, "://")
        || has(line, "www.")
        || line.contains('\t')
        || is_navigation(line)
        || is_credit(line)
        || is_source_note(line)
        || is_label(line)
        || is_attribution(line)
        || is_byline(line)
}

/// Whether `line` contains `word`: what `str::contains` says, faster on short lines, where the
/// standard library's search spends more time setting up than searching.
fn has(line: &str, word: &str) -> bool {
    memchr::memmem::find(line.as_bytes(), word.as_bytes()).is_some()
}

/// A row of links: three or more short items between separators, or a breadcrumb (首页 > 新闻).
pub fn is_navigation(line: &str) -> bool {
    if has(line, " > ") || has(line, ">>") || has(line, "»") || has(line, "›") {
        return true;
    }
    let items = line.split(['|', '｜']).filter(|w| !w.trim().is_empty()).count();
    if items >= 3 {
        return true;
    }
    let separators = [' ', '　', '|', '｜', '·', '/'];
    // Fewer than four items is never a row of links: most lines stop here, without a list.
    if line.split(separators).filter(|w| !w.is_empty()).nth(3).is_none() {
        return false;
    }
    let items: Vec<&str> = line.split(separators).filter(|w| !w.is_empty()).collect();
    let cjk_items = items.iter().filter(|w| w.chars().all(is_cjk)).count();
    items.len() >= 4 && cjk_items == items.len() && items.iter().all(|w| w.chars().count() <= 4)
        || items.len() >= 4
            && cjk_items >= 3
            && cjk_items * 2 >= items.len()
            && items.iter().all(|w| w.chars().count() <= 4 || w.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// An image or photo credit: 照片來源：…, 题图来自 …, Photograph: …, IMAGE COURTESY OF ….
pub fn is_credit(line: &str) -> bool {
    const CJK: &[&str] = &[
        "照片", "图片", "圖片", "题图", "題圖", "配图", "配圖", "摄影", "攝影", "图源", "圖源", "图注",
        "圖註", "图说", "圖說",
    ];
    const LATIN: &[&str] =
        &["photograph", "photo:", "photo by", "image:", "courtesy", "getty images", "illustration:"];
    let chars = line.chars().count();
    // The word alone is a section name (图片); a credit names someone or something.
    if chars <= 30 && CJK.iter().any(|w| (line.starts_with(w) || line.ends_with(w)) && line.len() > w.len()) {
        return true;
    }
    if chars <= 30
        && (has(line, "来自") || has(line, "來自") || has(line, "來源") || has(line, "来源"))
        && CJK.iter().any(|w| has(line, w))
    {
        return true;
    }
    // Every word is ASCII and has letters: a line without one cannot hold it, lowercased or not.
    if !line.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let lower = line.to_lowercase();
    LATIN.iter().any(|w| has(&lower, w))
}

/// A note of where the text came from: 原文来自…, 转载自…, 本文来源….
pub fn is_source_note(line: &str) -> bool {
    const LEADS: &[&str] =
        &["原文", "原載", "原载", "转载", "轉載", "转自", "轉自", "本文来", "本文來", "文章来", "文章來"];
    LEADS.iter().any(|w| line.starts_with(w)) && line.chars().count() <= 40 && !has(line, "。")
}

/// A line that is only a bracketed label: 【関連記事】, [广告], 《完》, （完）.
pub fn is_label(line: &str) -> bool {
    // Every opening bracket starts with one of these bytes; most lines stop here.
    if !line.as_bytes().first().is_some_and(|b| matches!(b, b'[' | b'(' | 0xE3 | 0xEF)) {
        return false;
    }
    let pairs = [('【', '】'), ('[', ']'), ('［', '］'), ('（', '）'), ('(', ')'), ('〔', '〕')];
    pairs.iter().any(|&(open, close)| {
        line.starts_with(open)
            && line.ends_with(close)
            && line[open.len_utf8()..].find(close) == Some(line.len() - open.len_utf8() - close.len_utf8())
    })
}

/// A quote's attribution: -- 《访问日本的感想》, —— 鲁迅.
pub fn is_attribution(line: &str) -> bool {
    line.starts_with("--") || line.starts_with('—') || line.starts_with('―') || line.starts_with("- ")
}

/// A short credit of a translator, author or editor: 米川正夫訳, 张三 著, 【撰文：某某】.
pub fn is_byline(line: &str) -> bool {
    let inner = line.trim_start_matches(['【', '[', '（', '(']).trim_end_matches(['】', ']', '）', ')']);
    if inner.len() < line.len() && is_metadata(inner) {
        return true;
    }
    let chars = line.chars().count();
    (2..=12).contains(&chars)
        && line.ends_with(['訳', '译', '譯', '著', '編', '编', '撰'])
        && !line.contains(char::is_whitespace)
}

/// Spoken words or a quotation standing alone: the whole line is inside quotation marks.
pub fn is_quoted(line: &str) -> bool {
    // Every opening mark starts with one of these bytes; most lines stop here.
    if !line.as_bytes().first().is_some_and(|b| matches!(b, 0xE2 | 0xE3 | 0xEF)) {
        return false;
    }
    let pairs = [('「', '」'), ('『', '』'), ('“', '”'), ('﹁', '﹂')];
    let end = line.trim_end_matches(['。', '！', '？', '…', '.', '!', '?']);
    pairs.iter().any(|&(open, close)| line.starts_with(open) && end.ends_with(close) && line.len() > 2)
}

/// A line of program code: it opens or closes a block, ends a statement, is a comment, or starts
/// with a declaration keyword and has no CJK text.
pub fn is_code(line: &str) -> bool {
    if line.ends_with(['{', '}', ';', '[', '(']) || line.starts_with(['}', '{', ')', ']', '<', '@', '#', '$'])
    {
        return true;
    }
    if line.starts_with("//") || line.starts_with("/*") || has(line, " // ") || has(line, "=>") {
        return true;
    }
    const KEYWORDS: &[&str] = &[
        "public",
        "private",
        "protected",
        "static",
        "class",
        "interface",
        "struct",
        "enum",
        "function",
        "def",
        "fn",
        "let",
        "const",
        "var",
        "void",
        "int",
        "bool",
        "string",
        "return",
        "import",
        "export",
        "using",
        "namespace",
        "package",
        "try",
        "catch",
        "finally",
        "if",
        "else",
        "for",
        "while",
        "switch",
        "async",
        "await",
        "new",
        "throw",
        "func",
        "type",
    ];
    let first = line.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
    let code_word = KEYWORDS.contains(&first) && line.len() > first.len();
    let assignment = has(line, " = ") && line.is_ascii();
    (code_word && !line.chars().any(is_cjk) && (line[first.len()..].starts_with([' ', '(', '<'])))
        || (assignment && line.contains(['(', ')', '[', '"', '.']))
}

/// Whether a line has a letter or ideograph (a line of `* * *` or `——` is a scene break).
pub fn has_letters(line: &str) -> bool {
    line.chars().any(char::is_alphabetic)
}

/// The indentation a paragraph line starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    /// One or more ideographic spaces (　).
    Ideographic,
    /// Two or more spaces, or a tab.
    Spaces,
}

/// The indentation of a raw line, if it starts with one.
pub fn indentation(line: &str) -> Option<Indent> {
    let bytes = line.as_bytes();
    if line.starts_with('　') {
        Some(Indent::Ideographic)
    } else if bytes.starts_with(b"  ") || bytes.starts_with(b"\t") {
        Some(Indent::Spaces)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter_level(line: &str) -> Option<u8> {
        chapter(line).map(|c| c.level)
    }

    #[test]
    fn chinese_chapters_with_either_numerals() {
        assert_eq!(chapter_level("第十二章"), Some(level::CHAPTER));
        assert_eq!(chapter_level("第十二章 风起"), Some(level::CHAPTER));
        assert_eq!(chapter_level("第12回　归途"), Some(level::CHAPTER));
        assert_eq!(chapter_level("第一百零五章：重逢"), Some(level::CHAPTER));
        assert_eq!(chapter_level("第三卷 江湖"), Some(level::VOLUME));
        assert_eq!(chapter_level("第1部"), Some(level::VOLUME));
        assert_eq!(chapter_level("第五篇 总论"), Some(level::VOLUME));
        assert_eq!(chapter_level("第二節 渡口"), Some(level::SECTION));
        assert_eq!(chapter_level("第１２章 全角"), Some(level::CHAPTER));
        assert_eq!(chapter_level("第五章 怎么可能？"), Some(level::CHAPTER));
    }

    #[test]
    fn sentences_that_start_like_chapters_are_not() {
        assert_eq!(chapter_level("第3回合他输了"), None);
        assert_eq!(chapter_level("第一章写得很好，我很喜欢。"), None);
        assert_eq!(chapter_level("第一次见面"), None);
        assert_eq!(chapter_level("第章"), None);
        assert_eq!(
            chapter_level(
                "第十二章说的是一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长的故事"
            ),
            None
        );
    }

    #[test]
    fn front_and_back_matter() {
        for line in [
            "序章",
            "楔子",
            "尾聲",
            "尾声",
            "後記",
            "后记",
            "番外",
            "番外一 雪夜",
            "序章：山雨",
            "Prologue",
            "EPILOGUE",
        ] {
            assert_eq!(
                chapter(line),
                Some(Chapter { level: level::CHAPTER, matter: true, joined: false }),
                "{line}"
            );
        }
        assert_eq!(chapter("后记得他说过的话"), None);
        assert_eq!(chapter("番外的故事很好看"), None);
    }

    #[test]
    fn english_chapters() {
        assert_eq!(chapter_level("Chapter 12"), Some(level::CHAPTER));
        assert_eq!(chapter_level("CHAPTER XII"), Some(level::CHAPTER));
        assert_eq!(chapter_level("Chapter 3: The Ferry"), Some(level::CHAPTER));
        assert_eq!(chapter_level("Chapter Seven The Ferry"), Some(level::CHAPTER));
        assert_eq!(chapter_level("Part 2"), Some(level::VOLUME));
        assert_eq!(chapter_level("Chapter 12 was the best part of the book"), None);
        assert_eq!(chapter_level("Partly cloudy"), None);
        assert_eq!(chapter_level("Part of the problem"), None);
    }

    #[test]
    fn numbered_sections() {
        assert_eq!(numbered("一、背景"), Some(level::TOPIC));
        assert_eq!(numbered("十二、结论"), Some(level::TOPIC));
        assert_eq!(numbered("（一）历史沿革"), Some(level::SUBTOPIC));
        assert_eq!(numbered("(二) 现状"), Some(level::SUBTOPIC));
        assert_eq!(numbered("1. Introduction"), Some(level::ITEM));
        assert_eq!(numbered("2、方法"), Some(level::ITEM));
        assert_eq!(numbered("1.2 Scope"), Some(level::ITEM + 1));
        assert_eq!(numbered("1.2.3 Limits"), Some(level::ITEM + 2));
        assert_eq!(numbered("（1）样本"), Some(level::ITEM + 1));
    }

    #[test]
    fn numbers_that_are_no_numbering() {
        for line in
            ["10:30 开会", "3:1", "186：上映", "3.5%", "3.5 million", "2024", "1.", "一、", "12345. Too long"]
        {
            assert_eq!(numbered(line), None, "{line}");
            assert_eq!(chapter(line), None, "{line}");
        }
        assert!(starts_with_bare_number("186：上映"));
        assert!(starts_with_bare_number("10:30 会议开始"));
        assert!(starts_with_bare_number("3:1"));
        assert!(!starts_with_bare_number("1. Intro"));
        assert_eq!(classify("186：上映"), LineClass::Body);
        assert_eq!(classify("10:30 出发"), LineClass::Body);
    }

    #[test]
    fn metadata_lines() {
        for line in [
            "作者：无名",
            "來源 ： 本報記者",
            "责任编辑：王五",
            "文/张三",
            "By Jane Doe",
            "Published: March 3",
            "2024-03-01 08:00",
            "原创 张三 山城晚报 2024年3月1日 发表于重庆",
            "March 1, 2024",
            "1 March 2024",
        ] {
            assert!(is_metadata(line), "{line}");
        }
        for line in ["作者的话很长", "By the river", "2024年的春天", "第一章 风起", "Chapter 1"]
        {
            assert!(!is_metadata(line), "{line}");
        }
    }

    #[test]
    fn shortness_counts_cjk_and_columns() {
        assert!(is_short("一二三四五六七八九十一二三四五六七八九十一二三四五"));
        assert!(!is_short("一二三四五六七八九十一二三四五六七八九十一二三四五六"));
        assert!(is_short(&"a".repeat(60)));
        assert!(!is_short(&"a".repeat(61)));
    }

    #[test]
    fn sentence_punctuation_looks_through_closing_quotes() {
        assert!(has_sentence_punctuation("他说：“走吧。”"));
        assert!(has_sentence_punctuation("“Go!”"));
        assert!(has_sentence_punctuation("他走了。她也走了"));
        assert!(has_sentence_punctuation("于是，"));
        assert!(!has_sentence_punctuation("雨夜"));
        assert!(!has_sentence_punctuation("Mr. Smith Goes Home"));
    }

    #[test]
    fn classify_lines() {
        assert_eq!(
            classify("第三卷 江湖"),
            LineClass::Chapter(Chapter { level: level::VOLUME, matter: false, joined: false })
        );
        assert_eq!(classify("一、背景"), LineClass::Numbered(level::TOPIC));
        assert_eq!(classify("作者：无名"), LineClass::Metadata);
        assert_eq!(classify("山路雨夜"), LineClass::Short);
        assert_eq!(classify("他笑了。"), LineClass::Body);
        assert_eq!(classify("* * *"), LineClass::Body);
        assert_eq!(classify(&"长".repeat(60)), LineClass::Body);
    }

    #[test]
    fn indentation_kinds() {
        assert_eq!(indentation("　　正文"), Some(Indent::Ideographic));
        assert_eq!(indentation("    text"), Some(Indent::Spaces));
        assert_eq!(indentation("\ttext"), Some(Indent::Spaces));
        assert_eq!(indentation(" text"), None);
        assert_eq!(indentation("text"), None);
    }

    #[test]
    fn furniture_lines() {
        for line in [
            "首页 标签 分类 项目 RSS 关于",
            "首页 > 科技频道 > 正文",
            "关于我们｜联系我们｜广告服务",
            "题图来自 Hater",
            "照片來源：bbc.com",
            "美聯社照片",
            "IMAGE COURTESY OF MONOTYPE",
            "原文来自豆瓣「某某」",
            "【関連記事】",
            "（完）",
            "-- 《访问日本的感想》",
            "米川正夫訳",
            "【撰文：梁芷靈】",
            "範例原始碼：https://example.com/x",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "图片",
            "活动",
            "经济模式的冲突",
            "catch 和 finally 區塊中的 await",
            "|| 专家知道吗？",
            "A Real Hook: useState()",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn questions_code_and_quotes() {
        assert_eq!(classify("可以不受傷亦保持溫度嗎？"), LineClass::Question);
        assert_eq!(classify("他走了吗？我不知道。"), LineClass::Body);
        for line in [
            "public class Employee",
            "try {",
            "} catch (error) {",
            "function useTheme(isMobile) {",
            "// note",
        ] {
            assert!(is_code(line), "{line}");
        }
        assert!(!is_code("using static 陳述式") && !is_code("A Real Hook: useState()") && !is_code("Error"));
        assert!(is_quoted("「まあおはいんなさい」") && !is_quoted("‘We need to listen’"));
    }

    #[test]
    fn numbering_styles_and_values() {
        let style = |line| numbering(line).map(|(s, n)| (s.kind, s.open, s.mark, n));
        assert_eq!(style("一、背景"), Some((NumberKind::Chinese, false, '、', 1)));
        assert_eq!(style("（十二）历史"), Some((NumberKind::Chinese, true, '）', 12)));
        assert_eq!(style("3）中東呼吸綜合症"), Some((NumberKind::Arabic, false, '）', 3)));
        assert_eq!(style("01 统一的货币"), Some((NumberKind::Arabic, false, ' ', 1)));
        assert_eq!(numbered("3）中東呼吸綜合症"), Some(level::ITEM));
        assert_eq!(numbered("01 统一的货币"), Some(level::ITEM));
        assert_eq!(style("背景"), None);
    }
}
