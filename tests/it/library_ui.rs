//! The library mode driven by keys (filter, sort, open, return, forget), titles arriving in any
//! order, the way through the session to a document and back, and the screen at 80×24 and 41×12.

use std::path::{Path, PathBuf};

use crate::helpers::keys::press;
use kan::config::Config;
use kan::document::{Document, Format};
use kan::library::{Found, Summary};
use kan::reader::library::{History, Visit};
use kan::reader::{Effect, Mode, Msg, Settings, State, update};
use kan::session::{Session, run_effects};
use kan::ui::Chrome;
use kan::ui::theme::Theme;

const SHELF: &str = "/shelf";

/// The shelf's documents: (path below the shelf, title, minutes).
const BOOKS: [(&str, &str, u32); 6] = [
    ("notes/huang.md", "黃仁勳在台北的演講全文與問答", 34),
    ("lighthouse.md", "The Lighthouse Keeper's Long Night", 12),
    ("日本/kana.md", "ひらがなとカタカナの歴史について", 7),
    ("a/b/c/deep.txt", "1章 很长很长很长很长的标题名字", 125),
    ("tides.html", "Tides", 0),
    ("zebra.md", "", 3),
];

fn path(relative: &str) -> PathBuf {
    Path::new(SHELF).join(relative)
}

fn settings() -> Settings {
    Settings::from_config(&Config::defaults())
}

/// A library of the shelf as the binary starts it: listed, then summaries in the order given.
fn library(cols: u16, rows: u16, order: &[usize]) -> State {
    let mut state =
        State::new(Document::parse(String::new(), Format::Text), "library", settings(), cols, rows);
    update(&mut state, Msg::ShowLibrary(Some(SHELF.into())));
    let mut found: Vec<Found> = BOOKS.iter().map(|(p, _, _)| Found::ok(path(p))).collect();
    found.push(Found { path: path("locked.md"), problem: Some("permission denied".into()) });
    found.push(Found::ok(path("pending.md")));
    let effects = update(&mut state, Msg::LibraryListed(found));
    assert_eq!(effects, vec![Effect::LoadLibraryHistory]);
    for &i in order {
        let (p, title, minutes) = BOOKS[i];
        let title = (!title.is_empty()).then(|| title.to_string());
        update(
            &mut state,
            Msg::Summarised(path(p), Summary { title, minutes, text_len: 1000, problem: None }),
        );
    }
    // Noon UTC: the same date in every time zone a test machine is likely to have.
    let noon = |day: i64| jiff::Timestamp::from_second(1_796_126_400 + day * 86_400).unwrap();
    let visit = |p: &str, offset: usize, day: i64| Visit {
        path: path(p),
        offset,
        text_len: 1000,
        read: noon(day),
        missing: false,
    };
    update(
        &mut state,
        Msg::LibraryHistory(History {
            visits: vec![visit("tides.html", 420, 2), visit("notes/huang.md", 1000, 1)],
            bookmarks: vec![(path("notes/huang.md"), 3)],
        }),
    );
    state
}

fn selected(state: &State) -> PathBuf {
    state.library.as_ref().unwrap().selected().unwrap().found.path.clone()
}

fn shown(state: &State) -> Vec<String> {
    let library = state.library.as_ref().unwrap();
    library.shown.iter().map(|&r| library.rows[r].title()).collect()
}

fn screen(state: &State) -> String {
    crate::helpers::screen_text(state)
}

#[test]
fn titles_arriving_in_any_order_keep_the_selection_on_its_document() {
    let orders: [&[usize]; 4] =
        [&[0, 1, 2, 3, 4, 5], &[5, 4, 3, 2, 1, 0], &[2, 0, 5, 1, 3, 4], &[3, 5, 1, 4, 0, 2]];
    for sort_keys in ["", "s", "ss", "sss"] {
        let mut first: Option<Vec<String>> = None;
        for order in orders {
            let mut state = State::new(Document::parse(String::new(), Format::Text), "l", settings(), 80, 24);
            update(&mut state, Msg::ShowLibrary(Some(SHELF.into())));
            update(
                &mut state,
                Msg::LibraryListed(BOOKS.iter().map(|(p, _, _)| Found::ok(path(p))).collect()),
            );
            press(&mut state, sort_keys);
            press(&mut state, "jjj");
            let chosen = selected(&state);
            for (n, &i) in order.iter().enumerate() {
                let (p, title, minutes) = BOOKS[i];
                let title = (!title.is_empty()).then(|| title.to_string());
                update(
                    &mut state,
                    Msg::Summarised(path(p), Summary { title, minutes, text_len: 9, problem: None }),
                );
                assert_eq!(selected(&state), chosen, "sort {sort_keys:?}, order {order:?}, after {n}");
            }
            let titles = shown(&state);
            assert_eq!(*first.get_or_insert(titles.clone()), titles, "the same order however they came");
        }
    }
}

#[test]
fn the_filter_is_incremental_folded_and_escape_clears_it() {
    let mut state = library(80, 24, &[0, 1, 2, 3, 4, 5]);
    assert_eq!(state.mode(), Mode::Library);
    // Simplified typed, Traditional found; the prompt is open while typing.
    press(&mut state, "/黄仁");
    assert_eq!(state.mode(), Mode::Prompt);
    assert_eq!(shown(&state), ["黃仁勳在台北的演講全文與問答"]);
    press(&mut state, "<BS><BS>ひら");
    assert_eq!(shown(&state), ["ひらがなとカタカナの歴史について"]);
    press(&mut state, "<BS><BS>LIGHT<Enter>");
    assert_eq!(state.mode(), Mode::Library);
    assert_eq!(shown(&state), ["The Lighthouse Keeper's Long Night"]);
    assert!(screen(&state).contains("“LIGHT” 1 of 8"), "{}", screen(&state));
    // The path is matched too.
    press(&mut state, "/<Esc>/deep<Enter>");
    assert_eq!(shown(&state), ["1章 很长很长很长很长的标题名字"]);
    press(&mut state, "<Esc>");
    assert_eq!(shown(&state).len(), 8);
}

#[test]
fn the_sort_key_cycles_recent_title_path_progress_and_the_selection_follows() {
    let mut state = library(80, 24, &[0, 1, 2, 3, 4, 5]);
    // Recent: read last first, then by path.
    assert_eq!(&shown(&state)[..2], ["Tides", "黃仁勳在台北的演講全文與問答"]);
    press(&mut state, "G");
    let last = selected(&state);
    press(&mut state, "s");
    assert_eq!(state.message_text(), Some("sorted by title"));
    assert_eq!(shown(&state)[0], "1章 很长很长很长很长的标题名字");
    assert_eq!(selected(&state), last);
    press(&mut state, "s");
    assert_eq!(state.message_text(), Some("sorted by path"));
    assert_eq!(shown(&state)[0], "1章 很长很长很长很长的标题名字", "a/b/c/deep.txt");
    press(&mut state, "s");
    assert_eq!(state.message_text(), Some("sorted by progress"));
    assert_eq!(&shown(&state)[..2], ["黃仁勳在台北的演講全文與問答", "Tides"]);
    press(&mut state, "s");
    assert_eq!(state.message_text(), Some("sorted by recent"));
    press(&mut state, "ggj");
    assert_eq!(selected(&state), path("notes/huang.md"));
}

#[test]
fn open_goes_to_the_document_and_the_key_back_returns_to_the_same_row() {
    let mut state = library(80, 24, &[0, 1, 2, 3, 4, 5]);
    press(&mut state, "j");
    assert_eq!(press(&mut state, "<Enter>"), vec![Effect::OpenDocument { path: path("notes/huang.md") }]);
    // What the session answers.
    let doc = Document::parse("# 演講\n\n正文。\n".to_string(), Format::Markdown);
    let location = Some(kan::document::links::Location::File(path("notes/huang.md")));
    update(&mut state, Msg::Opened { doc: Box::new(doc), name: "huang.md".into(), location });
    assert_eq!(state.mode(), Mode::Content);
    assert!(screen(&state).contains("h library"), "the way back is in the status bar: {}", screen(&state));
    assert_eq!(press(&mut state, "h"), vec![Effect::ReturnToLibrary]);
    assert_eq!(state.mode(), Mode::Library);
    assert_eq!(selected(&state), path("notes/huang.md"));
    // Escape goes back to the document left.
    press(&mut state, "<Esc>");
    assert_eq!(state.mode(), Mode::Content);
    assert!(state.doc.text.contains("正文"));
}

#[test]
fn unreadable_and_missing_rows_say_why_instead_of_opening() {
    let mut state = library(80, 24, &[0, 1, 2, 3, 4, 5]);
    press(&mut state, "/locked<Enter>");
    assert!(press(&mut state, "<Enter>").is_empty());
    assert_eq!(state.message_text(), Some("can't open /shelf/locked.md: permission denied"));
    // Forgetting is for the recent list only.
    assert!(press(&mut state, "d").is_empty());
    assert!(state.message_text().unwrap().contains("recent"));

    let mut recent = State::new(Document::parse(String::new(), Format::Text), "l", settings(), 80, 24);
    update(&mut recent, Msg::ShowLibrary(None));
    let gone = Found { path: "/gone.md".into(), problem: Some(kan::library::MISSING.into()) };
    update(&mut recent, Msg::LibraryListed(vec![gone, Found::ok("/here.md")]));
    assert!(screen(&recent).contains("missing"), "{}", screen(&recent));
    assert!(press(&mut recent, "<Enter>").is_empty());
    assert_eq!(recent.message_text(), Some("missing: /gone.md was moved or deleted"));
    assert_eq!(press(&mut recent, "d"), vec![Effect::ForgetDocument { path: "/gone.md".into() }]);
    assert_eq!(shown(&recent), ["here.md"]);
}

#[test]
fn a_document_from_the_library_resumes_and_the_way_back_shows_the_new_progress() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("long.md");
    let body: String = (1..=200).map(|i| format!("Paragraph {i}.\n\n")).collect();
    std::fs::write(&file, format!("# Long\n\n{body}")).unwrap();
    let mut state = State::new(Document::parse(String::new(), Format::Text), "l", settings(), 80, 24);
    let mut session = Session::new(Ok(dir.path().join("config")));
    update(&mut state, Msg::ShowLibrary(Some(dir.path().to_path_buf())));
    let effects = update(&mut state, Msg::LibraryListed(vec![Found::ok(&file)]));
    run_effects(&mut state, &mut session, effects);
    let percent = |state: &State| state.library.as_ref().unwrap().rows[0].percent;
    assert_eq!(percent(&state), None, "never read");

    let effects = press(&mut state, "<Enter>");
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.mode(), Mode::Content);
    press(&mut state, "<Space><Space><Space>");
    let effects = press(&mut state, "h");
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.mode(), Mode::Library);
    let first = percent(&state).expect("read now");
    assert!(first > 0, "{first}");

    // Opened again, it resumes where it was left (as the command line opens a file).
    let effects = press(&mut state, "h");
    assert!(effects.is_empty(), "h means nothing in the library");
    let effects = press(&mut state, "<Enter>");
    run_effects(&mut state, &mut session, effects);
    assert!(state.message_text().unwrap_or("").starts_with("resumed at"), "{:?}", state.message_text());
    press(&mut state, "<Space><Space>");
    let effects = press(&mut state, "h");
    run_effects(&mut state, &mut session, effects);
    assert!(percent(&state).unwrap() > first);
}

#[test]
fn library_80x24() {
    let mut state = library(80, 24, &[3, 1, 5, 0, 2, 4]);
    press(&mut state, "j");
    insta::assert_snapshot!("library_80x24", screen(&state));
}

#[test]
fn library_41x12() {
    let mut state = library(41, 12, &[4, 2, 0, 5, 1, 3]);
    press(&mut state, "s");
    insta::assert_snapshot!("library_41x12_by_title", screen(&state));
    press(&mut state, "/很长");
    insta::assert_snapshot!("library_41x12_filtering", screen(&state));
}

#[test]
fn the_help_lists_the_library_keys() {
    let mut state = library(80, 24, &[]);
    press(&mut state, "?");
    assert_eq!(state.mode(), Mode::Help);
    update(&mut state, kan::reader::Action::Bottom);
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let library = chrome.help().iter().find(|(title, _)| title == "Library").expect("a Library section");
    let keys: Vec<&str> = library.1.iter().map(|(keys, _)| keys.as_str()).collect();
    for key in ["j <Down>", "<Enter>", "/", "s", "d", "g g <Home>"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_shows_a_replacement_character_and_still_opens() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    if std::fs::write(&file, "Plain words.\n").is_err() {
        return; // A file system that refuses such names has nothing to show.
    }
    let mut state = State::new(Document::parse(String::new(), Format::Text), "l", settings(), 80, 24);
    let mut session = Session::new(Ok(dir.path().join("config")));
    update(&mut state, Msg::ShowLibrary(Some(dir.path().to_path_buf())));
    let effects = update(&mut state, Msg::LibraryListed(vec![Found::ok(&file)]));
    run_effects(&mut state, &mut session, effects);
    assert!(screen(&state).contains("caf\u{FFFD}.txt"), "{}", screen(&state));
    let effects = press(&mut state, "<Enter>");
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.mode(), Mode::Content, "{:?}", state.message_text());
    assert!(state.doc.text.contains("Plain words."));
}

#[test]
fn a_file_gone_between_listing_and_opening_is_marked_missing() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("brief.md");
    std::fs::write(&file, "# Brief\n\nShort.\n").unwrap();
    let mut state = State::new(Document::parse(String::new(), Format::Text), "l", settings(), 80, 24);
    let mut session = Session::new(Ok(dir.path().join("config")));
    update(&mut state, Msg::ShowLibrary(Some(dir.path().to_path_buf())));
    let effects = update(&mut state, Msg::LibraryListed(vec![Found::ok(&file)]));
    run_effects(&mut state, &mut session, effects);
    std::fs::remove_file(&file).unwrap();
    let effects = press(&mut state, "<Enter>");
    run_effects(&mut state, &mut session, effects);
    assert_eq!(state.mode(), Mode::Library);
    assert!(state.message_text().unwrap().starts_with("can't open"), "{:?}", state.message_text());
    assert!(state.library.as_ref().unwrap().rows[0].missing);
    assert!(screen(&state).contains("missing"), "{}", screen(&state));
}

#[test]
fn the_mouse_scrolls_and_picks_rows_of_the_library() {
    let mut state = library(80, 6, &[0, 1, 2, 3, 4, 5]);
    // Four rows on screen: the header, then rows 1 to 4, then the status bar.
    assert_eq!(state.library_height(), 4);
    update(&mut state, Msg::Wheel { col: 10, row: 2, down: true });
    let library = state.library.as_ref().unwrap();
    assert_eq!((library.list.offset(), library.list.selected()), (3, 3));
    update(&mut state, Msg::Click { col: 10, row: 3 });
    assert_eq!(state.library.as_ref().unwrap().list.selected(), 5);
    update(&mut state, Msg::Click { col: 10, row: 0 });
    assert_eq!(state.library.as_ref().unwrap().list.selected(), 5, "the header is no row");
    assert_eq!(state.mode(), Mode::Library);
}
