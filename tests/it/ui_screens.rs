//! Whole screens drawn with ratatui's TestBackend, kept as insta snapshots: the outline, the
//! content column, the status bar and overlays together, at 80×24 and 41×12.

use crate::helpers;
use kan::config::Config;
use kan::document::Format;
use kan::reader::{Action, Settings, State, update};

const NOVEL: &str = include_str!("../docs/e2e_novel.txt");

fn state(text: &str, format: Format, name: &str, cols: u16, rows: u16) -> State {
    helpers::state(text, format, name, Settings::from_config(&Config::defaults()), cols, rows)
}

fn screen(state: &State) -> String {
    helpers::screen_text(state)
}

fn apply(state: &mut State, actions: &[Action]) {
    for &action in actions {
        update(state, action);
    }
}

#[test]
fn cjk_novel_80x24() {
    let mut s = state(NOVEL, Format::Text, "novel.txt", 80, 24);
    insta::assert_snapshot!("cjk_novel_80x24_top", screen(&s));
    apply(&mut s, &[Action::NextHeading, Action::NextHeading]);
    insta::assert_snapshot!("cjk_novel_80x24_after_two_heading_jumps", screen(&s));
}

#[test]
fn cjk_novel_41x12() {
    let mut s = state(NOVEL, Format::Text, "novel.txt", 41, 12);
    insta::assert_snapshot!("cjk_novel_41x12_top", screen(&s));
    apply(&mut s, &[Action::NextHeading]);
    insta::assert_snapshot!("cjk_novel_41x12_after_a_heading_jump", screen(&s));
}

#[test]
fn welcome_80x24() {
    let mut s = state(kan::source::WELCOME, Format::Markdown, "welcome", 80, 24);
    insta::assert_snapshot!("welcome_80x24_top", screen(&s));
    apply(&mut s, &[Action::NextHeading]);
    insta::assert_snapshot!("welcome_80x24_after_a_heading_jump", screen(&s));
}

#[test]
fn welcome_41x12() {
    let mut s = state(kan::source::WELCOME, Format::Markdown, "welcome", 41, 12);
    apply(&mut s, &[Action::NextHeading]);
    insta::assert_snapshot!("welcome_41x12_after_a_heading_jump", screen(&s));
}

#[test]
fn split_view_and_help_overlay_80x24() {
    let mut s = state(NOVEL, Format::Text, "novel.txt", 80, 24);
    apply(&mut s, &[Action::ToggleSplit, Action::NextHeading]);
    insta::assert_snapshot!("split_view_80x24", screen(&s));
    apply(&mut s, &[Action::Help]);
    insta::assert_snapshot!("help_overlay_80x24", screen(&s));
}
