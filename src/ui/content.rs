//! The content pane: laid-out lines with their styles and search highlights.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use super::Chrome;
use super::text::put;
use super::theme::Theme;
use crate::config::Element;
use crate::document::Style as Inline;
use crate::layout::{Line, Role, Run};
use crate::reader::State;
use crate::reader::search::Match;

/// Draws view `i` of the state.
pub fn draw(buf: &mut Buffer, state: &State, i: usize, chrome: &Chrome) {
    let Some(area) = state.view_text_area(i) else { return };
    let Some(view) = state.views.get(i) else { return };
    let current = state.search.current.map(|c| state.search.matches[c]);
    for (row, (_, line)) in view.lines.iter().enumerate().take(area.height as usize) {
        debug_assert!(
            !line.text.chars().any(|c| c.is_control() || is_bidi_control(c)),
            "unsanitised text reached the screen: {:?}",
            line.text
        );
        let mut x = area.x;
        let mut room = area.width as usize;
        for (text, style) in styled_pieces(line, &chrome.theme, &state.search.matches, current) {
            let used = put(buf, x, area.y + row as u16, text, room, style, state.settings.ambiguous_wide);
            x += used as u16;
            room -= used;
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A laid-out line as styled pieces: role and inline styles, then search highlights on top.
pub fn styled_pieces<'a>(
    line: &'a Line,
    theme: &Theme,
    matches: &[Match],
    current: Option<Match>,
) -> Vec<(&'a str, Style)> {
    let first = matches.partition_point(|m| m.end() <= line.anchor.0);
    let nearby = &matches[first..];
    let mut pieces: Vec<(&'a str, Style)> = Vec::new();
    let mut piece_start = 0;
    let mut piece_style: Option<Style> = None;
    for (k, run) in line.runs.iter().enumerate() {
        let end = line.run_end(k);
        let base = run_style(run, theme);
        let highlighted = run.source.is_some_and(|s| touches(s..s + (end - run.start), nearby, current));
        if !highlighted {
            // The whole run in its own style: no need to look at each grapheme.
            if end > run.start && piece_style != Some(base) {
                if let Some(prev) = piece_style {
                    pieces.push((&line.text[piece_start..run.start], prev));
                }
                piece_start = run.start;
                piece_style = Some(base);
            }
            continue;
        }
        for (at, _) in line.text[run.start..end].grapheme_indices(true) {
            let byte = run.start + at;
            let style = match run.source.map(|s| s + at) {
                Some(offset) => highlight(offset, nearby, current, theme).map_or(base, |h| base.patch(h)),
                None => base,
            };
            if piece_style != Some(style) {
                if let Some(prev) = piece_style {
                    pieces.push((&line.text[piece_start..byte], prev));
                }
                piece_start = byte;
                piece_style = Some(style);
            }
        }
    }
    if let Some(style) = piece_style {
        pieces.push((&line.text[piece_start..], style));
    }
    pieces
}

/// Whether a match or the current match covers any of `range`'s offsets.
fn touches(range: std::ops::Range<usize>, matches: &[Match], current: Option<Match>) -> bool {
    let overlaps = |m: Match| m.start() < range.end && m.end() > range.start;
    current.is_some_and(overlaps)
        || matches.iter().take_while(|m| m.start() < range.end).any(|&m| overlaps(m))
}

fn highlight(offset: usize, matches: &[Match], current: Option<Match>, theme: &Theme) -> Option<Style> {
    if current.is_some_and(|c| c.contains(offset)) {
        return Some(theme.style(Element::CurrentMatch));
    }
    let m = matches.iter().take_while(|m| m.start() <= offset).any(|m| m.contains(offset));
    m.then_some(theme.style(Element::Match))
}

fn run_style(run: &Run, theme: &Theme) -> Style {
    let base = match run.role {
        Role::Body => theme.style(Element::Text),
        Role::Heading(level) => theme.heading(level),
        Role::Marker => theme.style(Element::Marker),
        Role::QuoteBar => theme.style(Element::Quote),
        Role::Code => theme.style(Element::Code),
        Role::Frame => theme.style(Element::Frame),
        Role::Note => theme.style(Element::Dim),
        Role::Aside => theme.style(Element::Aside),
    };
    inline_style(base, run.style, theme)
}

fn inline_style(mut style: Style, inline: Inline, theme: &Theme) -> Style {
    if inline.emphasis {
        style = style.patch(theme.style(Element::Emphasis));
    }
    if inline.strong {
        style = style.patch(theme.style(Element::Strong));
    }
    if inline.code {
        style = style.patch(theme.style(Element::Code));
    }
    if inline.strike {
        style = style.add_modifier(ratatui::style::Modifier::CROSSED_OUT);
    }
    if inline.link.is_some() {
        style = style.patch(theme.style(Element::Link));
    }
    style
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::document::Anchor;

    /// Styles grapheme by grapheme, as drawing did before runs without matches were taken whole.
    fn styled_graphemes<'a>(
        line: &'a Line,
        theme: &Theme,
        matches: &[Match],
        current: Option<Match>,
    ) -> Vec<(&'a str, Style)> {
        let mut pieces: Vec<(&'a str, Style)> = Vec::new();
        for (k, run) in line.runs.iter().enumerate() {
            let base = run_style(run, theme);
            for (at, g) in line.text[run.start..line.run_end(k)].grapheme_indices(true) {
                let style = match run.source.map(|s| s + at) {
                    Some(offset) => {
                        highlight(offset, matches, current, theme).map_or(base, |h| base.patch(h))
                    }
                    None => base,
                };
                let start = run.start + at;
                match pieces.last_mut() {
                    Some((text, last)) if *last == style => {
                        *text = &line.text[start - text.len()..start + g.len()];
                    }
                    _ => pieces.push((&line.text[start..start + g.len()], style)),
                }
            }
        }
        pieces
    }

    proptest! {
        #[test]
        fn whole_runs_style_as_grapheme_by_grapheme(
            texts in proptest::collection::vec("[a中 é]{0,6}", 1..5),
            roles in proptest::collection::vec(0u8..3, 5),
            decoration in proptest::collection::vec(any::<bool>(), 5),
            spans in proptest::collection::vec((0usize..40, 1usize..6), 0..4),
            current in proptest::option::of((0usize..40, 1usize..6)),
        ) {
            let mut text = String::new();
            let mut runs = Vec::new();
            for (k, t) in texts.iter().enumerate() {
                let role = match roles[k] {
                    0 => Role::Body,
                    1 => Role::Heading(1),
                    _ => Role::Code,
                };
                let source = (!decoration[k]).then_some(100 + text.len());
                runs.push(Run { start: text.len(), role, style: Inline::default(), source });
                text.push_str(t);
            }
            let width = text.chars().count();
            let line = Line { text, width, runs, anchor: Anchor(100) };
            let mut matches: Vec<Match> =
                spans.iter().filter_map(|&(at, len)| Match::new(100 + at..100 + at + len)).collect();
            matches.sort_by_key(|m| m.start());
            let current = current.and_then(|(at, len)| Match::new(100 + at..100 + at + len));
            let theme = Theme::from_config(&crate::config::Config::defaults());
            prop_assert_eq!(
                styled_pieces(&line, &theme, &matches, current),
                styled_graphemes(&line, &theme, &matches, current)
            );
        }
    }
}
