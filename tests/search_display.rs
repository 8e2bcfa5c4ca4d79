//! Search runs over the text as displayed: Markdown markup and link targets are never matched,
//! and the highlight covers exactly the characters shown for a match.

use kan::config::{Config, Element};
use kan::document::{Document, Format};
use kan::reader::{Action, Msg, Settings, State, update};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const ARTICLE: &str = "# Notes\n\nSome **bold** text, and [a link](https://example.com/secret) here.\n";

fn state(text: &str, format: Format) -> State {
    let config = Config::defaults();
    let doc = Document::parse(text.to_string(), format);
    State::new(doc, "notes.md", Settings::from_config(&config), 100, 10)
}

fn search(state: &mut State, query: &str) {
    update(state, Action::Search);
    update(state, Msg::Typed(query.to_string()));
}

/// The text of the cells drawn in the current-match style, row by row.
fn highlighted(state: &State) -> Vec<String> {
    let config = Config::defaults();
    let theme = Theme::from_config(&config);
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let area = Rect::new(0, 0, 100, 10);
    let mut buf = Buffer::empty(area);
    kan::ui::render(&mut buf, area, state, &chrome);
    let current = theme.style(Element::CurrentMatch).bg.expect("the current match has a background");
    (0..area.height - 1)
        .map(|y| {
            (0..area.width).filter(|&x| buf[(x, y)].bg == current).map(|x| buf[(x, y)].symbol()).collect()
        })
        .filter(|s: &String| !s.is_empty())
        .collect()
}

#[test]
fn bold_markup_inside_a_match_is_skipped_and_only_the_shown_text_is_highlighted() {
    let mut s = state(ARTICLE, Format::Markdown);
    search(&mut s, "bold text");
    assert_eq!(s.match_status().as_deref(), Some("match 1/1"));
    assert_eq!(highlighted(&s), ["bold text"]);
}

#[test]
fn a_link_target_is_never_a_match_but_its_shown_text_is() {
    let mut s = state(ARTICLE, Format::Markdown);
    search(&mut s, "secret");
    assert_eq!(s.match_status().as_deref(), Some("no match"));
    update(&mut s, Action::Confirm);
    assert_eq!(s.message.as_ref().map(|m| m.text.as_str()), Some("not found: \"secret\""));
    search(&mut s, "a link here");
    assert_eq!(s.match_status().as_deref(), Some("match 1/1"));
    assert_eq!(highlighted(&s), ["a link here"]);
}

#[test]
fn a_query_of_spaces_is_quoted_when_not_found() {
    let mut s = state(ARTICLE, Format::Markdown);
    search(&mut s, "  ");
    update(&mut s, Action::Confirm);
    assert_eq!(s.message.as_ref().map(|m| m.text.as_str()), Some("not found: \"  \""));
    update(&mut s, Action::NextMatch);
    assert_eq!(s.message.as_ref().map(|m| m.text.as_str()), Some("not found: \"  \""));
}

#[test]
fn a_match_jumps_and_bookmarks_by_its_source_offset() {
    let mut s = state(ARTICLE, Format::Markdown);
    search(&mut s, "bold text");
    let m = s.search.matches[0];
    assert_eq!(&s.doc.text[m.range()], "bold** text");
}
