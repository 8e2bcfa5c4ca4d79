//! Folding characters so that text is found however it is written: case, fullwidth and halfwidth
//! forms, and Traditional Chinese to Simplified.
//!
//! Case and width fold one way into one form. Chinese folds to the Simplified character, but a
//! Simplified character can stand for several Traditional ones (发 for 發 and 髮), so two
//! characters match through it only when one of them is itself the Simplified form: 发 finds 發
//! and 髮, 髮 finds 发, but 髮 never finds 發.

use std::sync::LazyLock;

use unicode_normalization::char::{compose, decompose_canonical, decompose_compatible};

use super::script::{Script, convert};

/// Folds case and width: fullwidth ASCII to ASCII, the ideographic space to a space, halfwidth
/// katakana and punctuation to their usual forms, then lower case.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        0xFF61..=0xFF9F => halfwidth_to_full(c),
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A halfwidth katakana or mark in its usual form; the sound marks become the combining marks
/// that [`compose_mark`] joins to the kana before them.
fn halfwidth_to_full(c: char) -> char {
    let mut full = None;
    decompose_compatible(c, |d| {
        full.get_or_insert(d);
    });
    full.unwrap_or(c)
}

/// The kana `base` (folded) with the sound mark `mark` after it in the text, as one character:
/// ｶﾞ is ガ. `None` when `mark` is no sound mark or they do not combine.
pub fn compose_mark(base: char, mark: char) -> Option<char> {
    let combining = match mark {
        '\u{FF9E}' | '\u{3099}' => '\u{3099}',
        '\u{FF9F}' | '\u{309A}' => '\u{309A}',
        _ => return None,
    };
    compose(base, combining)
}

/// The folded characters of `text`, sound marks joined to their kana.
pub fn fold_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(composed) = out.last().and_then(|&last| compose_mark(last, c)) {
            *out.last_mut().expect("a last character") = composed;
        } else {
            out.push(fold(c));
        }
    }
    out
}

/// Whether query character `q` finds text character `t`, both folded by [`fold`].
pub fn chars_match(q: char, t: char) -> bool {
    if q == t {
        return true;
    }
    if !is_han(q) || !is_han(t) {
        return false;
    }
    let (sq, st) = (simplified(q), simplified(t));
    sq == st && (sq == q || st == t)
}

/// The Simplified form of a Chinese character; any other character is itself.
pub fn simplified(c: char) -> char {
    if !is_han(c) {
        return c;
    }
    let table = &SCRIPT.to_simplified;
    match table.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => table[i].1,
        Err(_) => c,
    }
}

/// The characters that can begin text matching the folded query character `c`: itself, its
/// upper case and fullwidth forms, its halfwidth kana, and its Chinese variants.
pub fn variants(c: char) -> Vec<char> {
    let mut candidates: Vec<char> = vec![c];
    candidates.extend(c.to_uppercase());
    for base in candidates.clone() {
        if ('!'..='~').contains(&base)
            && let Some(wide) = char::from_u32(base as u32 + 0xFEE0)
        {
            candidates.push(wide);
        }
    }
    if c == ' ' {
        candidates.push('\u{3000}');
    }
    // A voiced kana (ガ) is written ｶﾞ in halfwidth: the match starts at the ｶ.
    let mut kana = c;
    decompose_canonical(c, |d| {
        if kana == c {
            kana = d;
        }
    });
    if let Ok(i) = HALFWIDTH_KANA.binary_search_by_key(&kana, |&(full, _)| full) {
        candidates.push(HALFWIDTH_KANA[i].1);
    }
    if is_han(c) {
        let s = simplified(c);
        if s == c {
            let table = &SCRIPT.to_traditional;
            let first = table.partition_point(|&(simple, _)| simple < c);
            candidates.extend(table[first..].iter().take_while(|&&(simple, _)| simple == c).map(|&(_, t)| t));
        } else {
            candidates.push(s);
        }
    }
    let mut out: Vec<char> = Vec::with_capacity(candidates.len());
    for v in candidates {
        if !out.contains(&v) && starts_match(c, v) {
            out.push(v);
        }
    }
    out
}

/// Whether a text beginning with `t` can match query character `q` there.
fn starts_match(q: char, t: char) -> bool {
    let folded = fold(t);
    chars_match(q, folded)
        || compose_mark(folded, '\u{FF9E}') == Some(q)
        || compose_mark(folded, '\u{FF9F}') == Some(q)
}

/// Whether `c` is a CJK ideograph, the only characters Chinese folding changes.
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Katakana and their halfwidth forms, sorted by the usual form.
static HALFWIDTH_KANA: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut table: Vec<(char, char)> =
        ('\u{FF66}'..='\u{FF9D}').map(|half| (halfwidth_to_full(half), half)).collect();
    table.sort_unstable();
    table
});

/// Traditional → Simplified for single characters, both ways, from the conversion dictionary.
struct ScriptTable {
    /// (Traditional, Simplified), sorted by the Traditional.
    to_simplified: Vec<(char, char)>,
    /// (Simplified, Traditional), sorted.
    to_traditional: Vec<(char, char)>,
}

/// Built on the first Chinese fold: every ideograph put through the Simplified conversion once,
/// each on a line of its own so that no phrase forms.
static SCRIPT: LazyLock<ScriptTable> = LazyLock::new(|| {
    let ideographs = || {
        ('\u{3400}'..='\u{4DBF}')
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FAFF}')
            .chain('\u{20000}'..='\u{2A6DF}')
    };
    let mut lines = String::with_capacity(4 * 80_000);
    for c in ideographs() {
        lines.push(c);
        lines.push('\n');
    }
    let converted = convert(Script::Hans, &lines);
    let mut to_simplified = Vec::new();
    for (c, out) in ideographs().zip(converted.split('\n')) {
        let mut chars = out.chars();
        if let (Some(s), None) = (chars.next(), chars.next())
            && s != c
        {
            to_simplified.push((c, s));
        }
    }
    to_simplified.sort_unstable();
    let mut to_traditional: Vec<(char, char)> = to_simplified.iter().map(|&(t, s)| (s, t)).collect();
    to_traditional.sort_unstable();
    ScriptTable { to_simplified, to_traditional }
});

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(q: &str, t: &str) -> bool {
        let (q, t) = (fold_chars(q), fold_chars(t));
        q.len() == t.len() && q.iter().zip(&t).all(|(&q, &t)| chars_match(q, t))
    }

    #[test]
    fn simplified_finds_every_traditional_form_and_back() {
        for (simple, traditional) in [("发", "發"), ("发", "髮"), ("后", "後"), ("干", "乾"), ("干", "幹")]
        {
            assert!(finds(simple, traditional), "{simple} should find {traditional}");
            assert!(finds(traditional, simple), "{traditional} should find {simple}");
        }
        assert!(finds("后", "后") && finds("干", "干"));
        assert!(finds("黄仁勋", "黃仁勳") && finds("黃仁勳", "黄仁勋"));
    }

    #[test]
    fn no_match_across_a_one_to_many_pair() {
        assert!(!finds("髮", "發"));
        assert!(!finds("發", "髮"));
        assert!(!finds("乾", "幹"));
        assert!(!finds("幹", "乾"));
    }

    #[test]
    fn width_kana_and_case_fold_both_ways() {
        assert!(finds("2026", "２０２６") && finds("２０２６", "2026"));
        assert!(finds("ＡＩ", "ai") && finds("Ai", "ＡＩ"));
        assert!(finds("ｶﾀｶﾅ", "カタカナ") && finds("カタカナ", "ｶﾀｶﾅ"));
        assert!(finds("ｶﾞｲﾄﾞ", "ガイド") && finds("ガイド", "ｶﾞｲﾄﾞ"));
        assert!(finds("ﾊﾟﾝ", "パン"));
        assert!(!finds("カ", "ガ"));
        assert_eq!(fold_chars("ｶﾞ"), ['ガ']);
    }

    #[test]
    fn variants_are_what_a_match_can_start_with() {
        let mut v = variants('发');
        v.sort_unstable();
        assert_eq!(v, ['发', '發', '髮']);
        assert_eq!(variants('發'), ['發', '发']);
        assert!(variants('ガ').contains(&'ｶ'));
        assert!(variants('a').contains(&'Ａ'));
        assert_eq!(variants('x').len(), 4);
    }
}
