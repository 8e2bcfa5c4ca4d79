//! The reader driven by key strings through the default keymap: state and effects, no terminal.

use crate::helpers::{self, keys};

use kan::document::Format;
use kan::reader::state::Focus;
use kan::reader::{Effect, Mode, Msg, Settings, State, update};
use keys::{press, top_line};

const DOC: &str = include_str!("../docs/keys.md");

fn state(cols: u16, rows: u16) -> State {
    helpers::state(DOC, Format::Markdown, "keys.md", Settings::default(), cols, rows)
}

#[test]
fn heading_jumps_put_the_heading_on_the_first_row() {
    let mut s = state(80, 12);
    press(&mut s, "]");
    assert_eq!(top_line(&s, 0), "第一章 春");
    press(&mut s, "]");
    assert_eq!(top_line(&s, 0), "一、采茶");
    press(&mut s, "[");
    assert_eq!(top_line(&s, 0), "第一章 春");
    // } skips the level-3 headings inside 第一章.
    press(&mut s, "}");
    assert_eq!(top_line(&s, 0), "第二章 夏");
    press(&mut s, "{");
    assert_eq!(top_line(&s, 0), "第一章 春");
}

#[test]
fn near_the_end_a_heading_jump_shows_the_last_page_with_the_heading_on_screen() {
    let mut s = state(80, 12);
    press(&mut s, "G");
    assert!(s.views[0].at_end);
    press(&mut s, "gg");
    assert_eq!(top_line(&s, 0), "山居笔记");
    // Jump to the last heading: it cannot reach the top row, but it is on screen.
    for _ in 0..7 {
        press(&mut s, "]");
    }
    assert!(s.views[0].at_end);
    assert!(s.views[0].lines.iter().any(|(_, l)| l.text == "第四章 冬"));
    press(&mut s, "]");
    assert_eq!(s.message_text(), Some("no more headings"));
    // And back up from there goes to the heading before.
    press(&mut s, "[");
    assert!(s.views[0].lines.iter().any(|(_, l)| l.text == "第三章 秋"));
}

#[test]
fn search_is_case_and_width_insensitive_and_n_walks_the_matches() {
    let mut s = state(80, 12);
    press(&mut s, "/AI");
    assert_eq!(s.search.matches.len(), 3);
    assert_eq!(s.match_status().as_deref(), Some("match 1/3"));
    press(&mut s, "<Enter>");
    assert!(s.prompt.is_none());
    press(&mut s, "n");
    assert_eq!(s.match_status().as_deref(), Some("match 2/3"));
    assert_eq!(&s.doc.text[s.search.matches[1].range()], "ＡＩ");
    press(&mut s, "n");
    assert_eq!(s.match_status().as_deref(), Some("match 3/3"));
    let third = s.search.matches[2].start();
    assert!(s.views[0].lines.iter().any(|(_, l)| l.anchor.0 <= third), "the match is on screen");
    press(&mut s, "N");
    assert_eq!(s.match_status().as_deref(), Some("match 2/3"));
}

#[test]
fn escape_cancels_a_search_and_returns_to_where_the_view_was() {
    let mut s = state(80, 8);
    press(&mut s, "]]]");
    let before = (s.views[0].pos, s.views[0].anchor);
    press(&mut s, "/冬天");
    assert_ne!(s.views[0].anchor, before.1, "incremental search moved the view");
    press(&mut s, "<Esc>");
    assert_eq!((s.views[0].pos, s.views[0].anchor), before);
    assert!(s.search.matches.is_empty());
}

#[test]
fn ctrl_o_goes_back_through_jumps_and_alt_right_forward() {
    let mut s = state(80, 8);
    let start = top_line(&s, 0);
    press(&mut s, "]");
    press(&mut s, "G");
    let bottom = s.views[0].anchor;
    press(&mut s, "<C-o>");
    assert_eq!(top_line(&s, 0), "第一章 春");
    press(&mut s, "<C-o>");
    assert_eq!(top_line(&s, 0), start);
    press(&mut s, "<A-Right><A-Right>");
    assert_eq!(s.views[0].anchor, bottom);
}

#[test]
fn resizing_keeps_the_same_text_at_the_top_without_drift() {
    let mut s = state(80, 10);
    press(&mut s, "]]j");
    let anchor = s.views[0].anchor;
    let top = top_line(&s, 0);
    for (cols, rows) in [(37, 10), (50, 7), (23, 30), (200, 60), (41, 12), (80, 10)] {
        s.resize(cols, rows);
        assert_eq!(s.views[0].anchor, anchor, "at {cols}x{rows}");
    }
    assert_eq!(top_line(&s, 0), top);
}

#[test]
fn split_views_scroll_on_their_own_and_tab_cycles_focus() {
    let mut s = state(80, 24);
    press(&mut s, "s");
    assert_eq!(s.views.len(), 2);
    assert_eq!(s.focus, Focus::View(0));
    press(&mut s, "<Tab>");
    assert_eq!(s.focus, Focus::View(1));
    press(&mut s, "]");
    assert_eq!(top_line(&s, 1), "第一章 春");
    assert_eq!(top_line(&s, 0), "山居笔记");
    press(&mut s, "<Tab>");
    assert_eq!(s.focus, Focus::Outline);
    press(&mut s, "<Tab>");
    assert_eq!(s.focus, Focus::View(0));
    press(&mut s, "s");
    assert_eq!(s.views.len(), 1);
}

#[test]
fn the_outline_filters_headings_and_enter_jumps() {
    let mut s = state(100, 8);
    press(&mut s, "<Tab>");
    assert_eq!(s.focus, Focus::Outline);
    press(&mut s, "/夏");
    let titles: Vec<&str> =
        s.outline.entries.iter().map(|&i| s.doc.outline.sections[i].title.as_str()).collect();
    assert_eq!(titles, ["第二章 夏"]);
    press(&mut s, "<Enter><Enter>");
    assert_eq!(top_line(&s, 0), "第二章 夏");
    assert_eq!(s.focus, Focus::View(0));
}

#[test]
fn outline_selection_moves_with_j_and_k() {
    let mut s = state(100, 20);
    press(&mut s, "<Tab>jjj");
    assert_eq!(s.outline.list.selected(), 3);
    press(&mut s, "k<Enter>");
    assert_eq!(top_line(&s, 0), "一、采茶");
}

#[test]
fn q_quits_and_help_opens_and_closes() {
    let mut s = state(80, 24);
    update(&mut s, Msg::HelpRows(60));
    press(&mut s, "?");
    assert_eq!(s.help_scroll(), Some(0));
    press(&mut s, "jjjk");
    assert_eq!(s.help_scroll(), Some(2), "j and k scroll the help");
    press(&mut s, "G");
    assert_eq!(s.help_scroll(), Some(60 - 20), "the help stops at its end");
    press(&mut s, "<Esc>");
    assert!(s.overlay.is_none());
    assert_eq!(press(&mut s, "q"), [Effect::Quit]);
}

#[test]
fn paging_moves_by_a_screen_and_stops_at_the_ends() {
    let mut s = state(80, 8);
    press(&mut s, "<Space>");
    let height = s.view_height(0);
    assert_ne!(top_line(&s, 0), "山居笔记");
    press(&mut s, "b");
    assert_eq!(top_line(&s, 0), "山居笔记");
    press(&mut s, "k");
    assert_eq!(top_line(&s, 0), "山居笔记");
    press(&mut s, "GGj<C-d>");
    assert!(s.views[0].at_end);
    assert_eq!(s.views[0].lines.len(), height);
}

#[test]
fn shift_a_hides_page_furniture_and_shows_it_again_and_headings_skip_it() {
    let text = include_str!("../docs/articles/hk_nvidia.txt");
    let mut s = helpers::state(text, Format::Text, "hk_nvidia.txt", Settings::default(), 80, 12);
    assert!(top_line(&s, 0).contains("YouTube Premium"));
    // ] walks the outline: the title first, never a promotional line.
    press(&mut s, "]");
    assert!(top_line(&s, 0).starts_with("Nvidia CEO黃仁勳警告"));
    press(&mut s, "ggA");
    assert!(top_line(&s, 0).starts_with("Nvidia CEO黃仁勳警告"));
    press(&mut s, "A");
    assert!(top_line(&s, 0).contains("YouTube Premium"));
}

#[test]
fn a_pasted_line_break_is_a_space_in_the_prompt_never_enter() {
    let mut s = state(80, 24);
    press(&mut s, "/");
    // Typed, the newline would confirm the search, ' open the bookmarks and d delete one.
    let effects = update(&mut s, Msg::Pasted("the quick\r\n'd\tend\x1b".to_string()));
    assert!(effects.is_empty(), "{effects:?}");
    let prompt = s.prompt.as_ref().expect("the search prompt stays open");
    assert_eq!(prompt.input, "the quick 'd end");
    assert_eq!(s.search.query, "the quick 'd end", "the search ran on the whole paste");
    assert!(s.bookmarks.is_none());
}

#[test]
fn a_paste_outside_a_prompt_only_says_so() {
    let mut s = state(80, 24);
    let before = s.views[0].anchor;
    let effects = update(&mut s, Msg::Pasted("q\n]]'d".to_string()));
    assert!(effects.is_empty());
    assert_eq!(s.views[0].anchor, before);
    assert!(s.bookmarks.is_none() && s.prompt.is_none());
    assert!(s.message_text().is_some_and(|m| m.contains("pasted text ignored")), "{:?}", s.message);
}

#[test]
fn the_help_is_a_mode_with_its_own_keys_and_other_keys_close_it() {
    let mut s = state(80, 24);
    update(&mut s, Msg::HelpRows(60));
    let top = top_line(&s, 0);
    press(&mut s, "?");
    assert_eq!(s.mode(), Mode::Help);
    press(&mut s, "jj<C-d>k");
    assert_eq!(s.help_scroll(), Some(21));
    // ] is no key of the help: it closes the help and does not jump.
    press(&mut s, "]");
    assert_eq!(s.help_scroll(), None);
    assert_eq!(s.mode(), Mode::Content);
    assert_eq!(top_line(&s, 0), top);
}
