//! Progressive open: a big file's first part is shown at once and the whole replaces it. The first
//! screens are the full parse's, keys that need the rest wait for it, the outline says it is
//! incomplete, and a saved position is restored against the whole text.

use std::path::{Path, PathBuf};

use crate::helpers::generators::{
    chinese_markdown_article, chinese_novel, english_prose, mixed_prose, single_line,
};
use crate::helpers::keys::{press, top_line};
use crate::helpers::pty::Kan;
use kan::config::Config;
use kan::document::links::Location;
use kan::document::{Anchor, Document, Format};
use kan::progressive::{self, FirstPart};
use kan::reader::loading::Loading;
use kan::reader::{Action, Effect, Msg, Settings, State, update};
use kan::session::{Session, run_effects};
use kan::source::ReadOptions;

/// A file of `text` named `name` in a fresh directory (kept alive by the returned guard).
fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn first_part(path: &Path) -> FirstPart {
    progressive::first_part(path, &ReadOptions::default(), None).expect("a big file opens progressively")
}

fn whole(path: &Path, format: Format) -> Document {
    progressive::whole(path, &ReadOptions::default(), format, Default::default()).unwrap()
}

fn settings(show_outline: bool) -> Settings {
    Settings { show_outline, ..Settings::from_config(&Config::defaults()) }
}

/// What a reader opened on a first part started with.
struct Part {
    headings: usize,
    len: usize,
}

/// A reader on the first part of `path`, waiting for the rest as the binary does.
fn opening(path: &Path, settings: Settings, (cols, rows): (u16, u16), restore: bool) -> (State, Part) {
    let FirstPart { doc, total_bytes, .. } = first_part(path);
    let part = Part { headings: doc.outline.len(), len: doc.text.len() };
    let mut state =
        State::new(doc, "big", settings, cols, rows).located(Some(Location::File(path.to_path_buf())));
    update(&mut state, Msg::ReadingRest(Box::new(Loading::new(total_bytes, path.to_path_buf(), restore))));
    (state, part)
}

fn complete(state: &mut State, path: &Path, format: Format) -> Vec<Effect> {
    update(state, Msg::DocumentComplete { doc: Box::new(whole(path, format)), path: path.to_path_buf() })
}

fn screen(state: &State) -> Vec<String> {
    crate::helpers::screen_rows(state, &crate::helpers::default_chrome())
}

fn content(state: &State) -> Vec<String> {
    let mut rows = screen(state);
    rows.pop();
    rows
}

/// The big texts of every kind the first part is checked on.
fn texts() -> Vec<(&'static str, String, Format)> {
    vec![
        ("novel.txt", chinese_novel(1_500_000), Format::Text),
        ("article.md", chinese_markdown_article(1_500_000), Format::Markdown),
        ("prose.txt", english_prose(1_500_000), Format::Text),
        ("mixed.txt", mixed_prose(1_500_000), Format::Text),
        // Indented paragraphs with no blank line between, as many TXT novels are written.
        ("dense.txt", chinese_novel(1_500_000).replace("\n\n", "\n"), Format::Text),
    ]
}

#[test]
fn the_first_screens_of_the_first_part_are_the_full_parse_s() {
    for (name, text, format) in texts() {
        let (_dir, path) = file(name, &text);
        for size in [(120, 40), (80, 24), (41, 12)] {
            let (mut first, part) = opening(&path, settings(false), size, false);
            assert!(part.len < text.len() / 2, "{name}: the first part is a part");
            let mut full = State::new(whole(&path, format), "big", settings(false), size.0, size.1);
            for page in 0..4 {
                assert_eq!(content(&first), content(&full), "{name} at {size:?}, page {page}");
                update(&mut first, Action::PageDown);
                update(&mut full, Action::PageDown);
            }
        }
    }
}

#[test]
fn the_whole_replaces_the_first_part_keeping_the_view_outline_and_search() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, part) = opening(&path, settings(true), (120, 40), false);
    let so_far = part.headings;
    assert!(so_far > 3 && so_far < 100, "{so_far}");
    let outline = screen(&state);
    assert!(
        outline.iter().any(|r| r.contains(&format!("outline: {so_far} headings so far"))),
        "{outline:#?}"
    );
    press(&mut state, "]]<C-d>");
    update(&mut state, Action::Search);
    update(&mut state, Msg::Typed("风起".into()));
    update(&mut state, Action::Confirm);
    let top = top_line(&state, 0);
    let anchor = state.views[0].anchor;
    let matches = state.search.matches.len();
    let effects = complete(&mut state, &path, Format::Text);
    assert_eq!(effects, vec![Effect::Attach { path: path.clone(), restore: false }]);
    let full = whole(&path, Format::Text);
    assert_eq!(state.doc.outline, full.outline);
    assert_eq!((top_line(&state, 0), state.views[0].anchor), (top, anchor));
    assert!(state.search.matches.len() > matches && state.search.current.is_some());
    assert!(state.loading.is_none());
    let count = kan::reader::loading::grouped(full.outline.len());
    assert_eq!(state.message_text(), Some(format!("outline complete: {count} headings").as_str()));
    assert!(!screen(&state).iter().any(|r| r.contains("so far")));
}

#[test]
fn keys_that_need_the_rest_wait_for_it() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(true), (120, 40), false);
    press(&mut state, "G");
    assert_eq!(state.views[0].anchor.0, 0, "G waits");
    assert!(state.message_text().is_some_and(|m| m.starts_with("reading the rest")));
    assert!(state.percent(0) < 100);
    complete(&mut state, &path, Format::Text);
    let mut full = State::new(whole(&path, Format::Text), "big", settings(true), 120, 40);
    press(&mut full, "G");
    assert!(state.views[0].at_end);
    assert_eq!(top_line(&state, 0), top_line(&full, 0));
    assert_eq!(state.percent(0), 100);

    // A key pressed meanwhile replaces the one that waits.
    let (mut state, _) = opening(&path, settings(true), (120, 40), false);
    press(&mut state, "G<C-d>");
    let moved = state.views[0].anchor;
    complete(&mut state, &path, Format::Text);
    assert_eq!(state.views[0].anchor, moved);

    // `]` past the last heading parsed so far goes on to the next one once it is known.
    let (mut state, part) = opening(&path, settings(true), (120, 40), false);
    let last = part.headings - 1;
    for _ in 0..=last {
        press(&mut state, "]");
    }
    let waiting_at = state.views[0].anchor;
    press(&mut state, "]");
    assert_eq!(state.views[0].anchor, waiting_at);
    assert!(!state.loading.as_ref().unwrap().waiting.is_empty());
    complete(&mut state, &path, Format::Text);
    // Every `]` that waited is done, in order: the view is where the same keys take it in the
    // whole document.
    let mut full = State::new(whole(&path, Format::Text), "big", settings(true), 120, 40);
    for _ in 0..last + 2 {
        press(&mut full, "]");
    }
    assert_eq!(state.views[0].anchor, full.views[0].anchor);
}

#[test]
fn a_bookmark_made_while_reading_is_saved_once_the_document_is_complete() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let config = tempfile::TempDir::new().unwrap();
    let (mut state, _) = opening(&path, settings(true), (120, 40), false);
    let mut session = Session::new(Ok(config.path().to_path_buf()));
    press(&mut state, "<C-d>");
    update(&mut state, Action::AddBookmark);
    let effects = update(&mut state, Action::Confirm);
    assert!(effects.is_empty(), "{effects:?}");
    let effects = complete(&mut state, &path, Format::Text);
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.bookmark_offsets.len(), 1, "{:?}", state.message_text());
}

#[test]
fn a_position_deep_in_the_file_is_restored_against_the_whole_text() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let config = tempfile::TempDir::new().unwrap();
    // Left at 90 % in an earlier session.
    let (mut before, mut session) =
        crate::helpers::open(config.path(), &path, "big", settings(true), (120, 40), false);
    let deep = before.doc.text.len() * 9 / 10;
    let deep = before.doc.blocks[before.doc.block_at(kan::document::Anchor(deep)).unwrap()].offset;
    update(&mut before, Msg::Resumed(kan::document::Anchor(deep)));
    let left = top_line(&before, 0);
    run_effects(&mut before, &mut session, vec![Effect::Quit]);

    let (mut state, _) = opening(&path, settings(true), (120, 40), true);
    let mut session = Session::new(Ok(config.path().to_path_buf()));
    // Nothing is placed against the first part.
    assert!(state.bookmark_offsets.is_empty() && state.views[0].anchor.0 == 0);
    let effects = complete(&mut state, &path, Format::Text);
    assert_eq!(effects, vec![Effect::Attach { path: path.clone(), restore: true }]);
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.views[0].anchor.0, deep);
    assert_eq!(top_line(&state, 0), left);
}

#[test]
fn a_file_in_one_line_opens_on_its_first_part_as_the_whole_shows_it() {
    let text = single_line(1_500_000);
    let (_dir, path) = file("line.txt", &text);
    for size in [(120, 40), (41, 12)] {
        let (mut first, part) = opening(&path, settings(false), size, false);
        assert!(part.len < text.len() / 2, "the first part is a part");
        let mut full = State::new(whole(&path, Format::Text), "big", settings(false), size.0, size.1);
        for page in 0..4 {
            assert_eq!(content(&first), content(&full), "at {size:?}, page {page}");
            update(&mut first, Action::PageDown);
            update(&mut full, Action::PageDown);
        }
        let top = top_line(&first, 0);
        complete(&mut first, &path, Format::Text);
        assert!(first.loading.is_none());
        assert_eq!(top_line(&first, 0), top, "the whole keeps the view");
        assert_eq!(content(&first), content(&full));
    }
}

#[test]
fn small_files_html_and_legacy_encodings_are_read_whole() {
    let options = ReadOptions::default();
    let (_a, small) = file("small.txt", &chinese_novel(100_000));
    assert!(progressive::first_part(&small, &options, None).is_none());
    let page = format!("<html><body>{}</body></html>", "<p>text</p>\n\n".repeat(200_000));
    let (_b, html) = file("page.html", &page);
    assert!(progressive::first_part(&html, &options, None).is_none());
    let novel = chinese_novel(1_500_000);
    let (gbk, _, _) = encoding_rs::GBK.encode(&novel);
    let (_d, legacy) = file("gbk.txt", "");
    std::fs::write(&legacy, &gbk).unwrap();
    assert!(progressive::first_part(&legacy, &options, None).is_none());
}

#[test]
fn a_20_mb_novel_opens_on_its_first_line_and_g_shows_its_end() {
    let text = chinese_novel(20 << 20);
    let (dir, path) = file("novel.txt", &text);
    let last = text.trim_end().lines().last().unwrap().trim_start_matches('　');
    let last: String = last.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
    let mut kan = Kan::spawn(&[path.to_str().unwrap()], 120, 40, dir.path());
    kan.wait_for("山路雨夜");
    kan.send("G");
    kan.wait_for(&last);
    kan.wait_until("the outline complete", |rows| !rows.iter().any(|r| r.contains("so far")));
    // The whole text, swapped in, keeps the end on screen.
    kan.settle();
    assert!(kan.screen_text().contains(&last), "{}", kan.screen_text());
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}

/// The later parts of `path` arrive, as the reading thread sends them: the end first.
fn grew(state: &mut State, path: &Path, format: Format, saved: Option<(usize, u64)>) -> Vec<Effect> {
    let parts = progressive::later_parts(path, format, saved).expect("parts");
    parts.messages(format, path.to_path_buf()).flat_map(|msg| update(state, msg)).collect()
}

#[test]
fn the_last_part_shows_the_end_at_once_as_the_whole_will() {
    for (name, text, format) in texts() {
        let (_dir, path) = file(name, &text);
        let (mut state, _) = opening(&path, settings(false), (120, 40), false);
        grew(&mut state, &path, format, None);
        press(&mut state, "G");
        assert!(state.loading.is_some() && state.views[0].at_end, "{name}: G does not wait");
        assert_eq!(state.percent(0), 100);
        let mut full = State::new(whole(&path, format), "big", settings(false), 120, 40);
        press(&mut full, "G");
        assert_eq!(top_line(&state, 0), top_line(&full, 0), "{name}");
        assert_eq!(content(&state), content(&full), "{name}");
        // Up from the end's first lines waits: what comes before is not known yet.
        let anchor = state.views[0].anchor;
        let whole_anchor = Anchor(state.whole_offset(anchor.0));
        press(&mut state, "<C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u><C-u>");
        let waited = !state.loading.as_ref().unwrap().waiting.is_empty();
        assert!(waited || state.views[0].anchor < anchor, "{name}");
        // Where the view is in the whole text: the document is only the parts while reading.
        let (top, anchor) = (top_line(&state, 0), Anchor(state.whole_offset(state.views[0].anchor.0)));
        complete(&mut state, &path, format);
        assert!(state.loading.is_none());
        // The whole keeps the view where the end put it (and the key that waited moves it on).
        if waited {
            assert!(state.views[0].anchor < whole_anchor, "{name}");
        } else {
            assert_eq!((top_line(&state, 0), state.views[0].anchor), (top, anchor), "{name}");
        }
    }
}

#[test]
fn a_saved_position_deep_in_the_file_shows_before_the_whole_is_read() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let deep = text.len() * 9 / 10;
    let deep = deep + text[deep..].find("\n\n　　").unwrap() + 2;
    let (mut state, _) = opening(&path, settings(true), (120, 40), true);
    grew(&mut state, &path, Format::Text, Some((deep, text.len() as u64)));
    assert_eq!(state.whole_offset(state.views[0].anchor.0), deep);
    let line = top_line(&state, 0);
    assert!(text[deep..].starts_with(line.trim_end()), "{line:?}");
    assert!(state.message_text().is_some_and(|m| m.starts_with("resumed at 90%")));
    // Once complete, the position is checked against the whole text and stays.
    let config = tempfile::TempDir::new().unwrap();
    let mut session = Session::new(Ok(config.path().to_path_buf()));
    let effects = complete(&mut state, &path, Format::Text);
    assert_eq!(effects, vec![Effect::Attach { path: path.clone(), restore: true }]);
    run_effects(&mut state, &mut session, effects);
    assert_eq!((state.views[0].anchor.0, top_line(&state, 0)), (deep, line));
    // A file of another length: its saved position is not trusted before the whole is read.
    let (mut other, _) = opening(&path, settings(true), (120, 40), true);
    grew(&mut other, &path, Format::Text, Some((deep, text.len() as u64 + 1)));
    assert_eq!(other.views[0].anchor.0, 0);
}

#[test]
fn a_search_that_finds_nothing_in_the_first_part_goes_on_to_the_rest() {
    let novel = chinese_novel(1_500_000);
    let text = format!("{novel}\n\n远方的灯塔守望者ZQXMARK在此。\n\n{novel}");
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(false), (80, 24), false);
    press(&mut state, "/ZQXMARK<CR>");
    assert!(state.search.matches.is_empty(), "the mark is not in the first part");
    let said = state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("searching the rest"), "said {said:?}");
    complete(&mut state, &path, Format::Text);
    assert_eq!(state.search.matches.len(), 1);
    assert_eq!(state.search.current, Some(0));
    assert!(content(&state).iter().any(|row| row.contains("ZQXMARK")), "the match is on screen");
    // A search typed while the prompt is still open is run again on the whole.
    let (mut typing, _) = opening(&path, settings(false), (80, 24), false);
    press(&mut typing, "/ZQXMARK");
    complete(&mut typing, &path, Format::Text);
    assert_eq!(typing.search.current, Some(0));
    assert!(content(&typing).iter().any(|row| row.contains("ZQXMARK")));
}

/// A novel and a position `percent` into it, at the start of a paragraph.
fn novel_and_a_deep_position(percent: usize) -> (String, usize) {
    let text = chinese_novel(1_500_000);
    let deep = text.len() * percent / 100;
    let deep = deep + text[deep..].find("\n\n　　").unwrap() + 2;
    (text, deep)
}

#[test]
fn the_saved_part_arriving_after_the_end_keeps_the_end_on_screen() {
    // Far enough from the end for a part of its own.
    let (text, deep) = novel_and_a_deep_position(60);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(true), (120, 40), true);
    let parts = progressive::later_parts(&path, Format::Text, Some((deep, text.len() as u64))).unwrap();
    assert_eq!((parts.whole_len, parts.texts.len()), (text.len(), 3), "the saved part, the end, its tail");
    let mut msgs = parts.messages(Format::Text, path.clone());
    // The end comes first and G shows it at once.
    update(&mut state, msgs.next().unwrap());
    press(&mut state, "G");
    assert!(state.views[0].at_end && state.loading.is_some());
    let (top, at) = (top_line(&state, 0), state.whole_offset(state.views[0].anchor.0));
    assert!(at > deep, "the end is after the saved place");
    // The saved part goes in before the end: the view keeps its text, and the reader who moved
    // is not sent to the saved position.
    update(&mut state, msgs.next().unwrap());
    assert!(msgs.next().is_none());
    assert_eq!((top_line(&state, 0), state.whole_offset(state.views[0].anchor.0)), (top.clone(), at));
    assert_eq!(state.percent(0), 100);
    // The outline lists the parts' headings in the order of the text.
    let starts: Vec<usize> = state.doc.outline.sections.iter().map(|s| state.whole_offset(s.start)).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    complete(&mut state, &path, Format::Text);
    assert_eq!((top_line(&state, 0), state.views[0].anchor.0), (top, at));
}

#[test]
fn places_held_in_the_parts_are_translated_when_the_whole_arrives() {
    let (text, deep) = novel_and_a_deep_position(90);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(true), (120, 40), true);
    grew(&mut state, &path, Format::Text, Some((deep, text.len() as u64)));
    let whole_at = |state: &State| state.whole_offset(state.views[0].anchor.0);
    assert_eq!(whole_at(&state), deep);
    // A search in the saved part, a heading jump (history), a bookmark and the outline's selection.
    press(&mut state, "/风起<CR>");
    let current = state.search.current.expect("a match in the saved part");
    let found = state.whole_offset(state.search.matches[current].start());
    assert!(found > deep && text[found..].starts_with("风起"), "{found}");
    let before_jump = whole_at(&state);
    update(&mut state, Action::NextHeading);
    let after_jump = whole_at(&state);
    assert!(after_jump > before_jump, "the heading jump is made in the saved part");
    update(&mut state, Action::AddBookmark);
    assert!(update(&mut state, Action::Confirm).is_empty(), "the bookmark waits for the whole");
    update(&mut state, Action::FocusNext);
    let selected = |state: &State| {
        let s = state.outline.entries[state.outline.list.selected()];
        (state.doc.outline.sections[s].title.clone(), state.whole_offset(state.doc.outline.sections[s].start))
    };
    let section = selected(&state);
    assert!(section.1 > deep, "{section:?}");
    let top = top_line(&state, 0);

    let effects = complete(&mut state, &path, Format::Text);
    assert!(state.loading.is_none());
    // The bookmark is saved where it was made, in the whole text.
    let label = match &effects[1] {
        Effect::AddBookmark { anchor, label } => {
            assert_eq!(anchor.0, after_jump);
            label.clone()
        }
        other => panic!("{effects:?}: {other:?}"),
    };
    assert_eq!(effects.len(), 2, "{label}");
    assert_eq!((top_line(&state, 0), whole_at(&state)), (top, after_jump));
    assert_eq!(selected(&state), section);
    let current = state.search.current.expect("the match stays current");
    assert_eq!(state.search.matches[current].start(), found);
    update(&mut state, Action::FocusNext);
    update(&mut state, Action::Back);
    assert_eq!(state.views[0].anchor.0, before_jump, "the jump history goes back in the whole text");
}

#[test]
fn leaving_the_document_while_it_is_read_keeps_the_way_back_in_the_whole_text() {
    let (text, deep) = novel_and_a_deep_position(90);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(false), (120, 40), true);
    grew(&mut state, &path, Format::Text, Some((deep, text.len() as u64)));
    let left_at = state.whole_offset(state.views[0].anchor.0);
    update(&mut state, Action::NextHeading);
    let other = Document::parse("# Other\n\ntext\n".into(), Format::Markdown);
    let elsewhere = Location::File(path.with_file_name("other.md"));
    update(&mut state, Msg::Opened { doc: Box::new(other), name: "other".into(), location: Some(elsewhere) });
    assert!(state.loading.is_none());
    let effects = update(&mut state, Action::Back);
    let back = Effect::OpenLocation {
        location: Location::File(path.clone()),
        at: Some(Anchor(left_at)),
        fragment: None,
    };
    assert_eq!(effects, vec![back]);
}

#[test]
fn g_on_a_screen_bigger_than_the_end_s_tail_waits_for_the_rest_of_the_end() {
    let text = chinese_novel(1_500_000);
    let (_dir, path) = file("novel.txt", &text);
    let (mut state, _) = opening(&path, settings(false), (300, 600), false);
    let mut msgs =
        progressive::later_parts(&path, Format::Text, None).unwrap().messages(Format::Text, path.clone());
    update(&mut state, msgs.next().unwrap());
    press(&mut state, "G");
    assert_eq!(state.views[0].anchor.0, 0, "G waits: the tail alone is less than a screen");
    update(&mut state, msgs.next().unwrap());
    assert!(state.views[0].at_end);
    let mut full = State::new(whole(&path, Format::Text), "big", settings(false), 300, 600);
    press(&mut full, "G");
    assert_eq!(content(&state), content(&full));
}
