//! Bookmarks and reading positions through the reader and the session, with the store in a temp
//! directory: add with a label, list, delete and undo, rename, resume, other documents.

use crate::helpers::{self, keys};

use std::path::{Path, PathBuf};

use kan::config::Config;
use kan::document::Anchor;
use kan::reader::input::Input;
use kan::reader::{Effect, Settings, State};
use kan::session::{Control, Session, run_effects};
use kan::store::BookmarkStore;
use keys::{keys, press, top_line};
use tempfile::TempDir;

const NOVEL: &str = "灯塔守夜人\n\n第一章 潮声\n\n　　海边的小镇在傍晚时分总是格外安静。\n\n　　他在这座灯塔里守了三十年的夜。\n\n第二章 来客\n\n　　半夜里，楼下传来一阵急促的敲门声。\n\n　　姑娘说她叫小雨，从很远的城市来。\n\n第三章 灯火\n\n　　灯光转过海面的时候，他就知道，今晚又有船能平安回家了。\n";
const OTHER: &str = "Harbour notes\n\nChapter 1\n\nThe tide came in slowly that evening.\n\nChapter 2\n\nNobody had seen the lantern since winter.\n";

struct World {
    _dir: TempDir,
    config: PathBuf,
    novel: PathBuf,
    other: PathBuf,
}

fn world() -> World {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("config");
    let novel = dir.path().join("novel.txt");
    let other = dir.path().join("other.txt");
    std::fs::write(&novel, NOVEL).unwrap();
    std::fs::write(&other, OTHER).unwrap();
    World { config, novel, other, _dir: dir }
}

fn open(w: &World, path: &Path, cols: u16, rows: u16, restore: bool) -> (State, Session) {
    helpers::open(&w.config, path, "doc", Settings::default(), (cols, rows), restore)
}

/// Presses keys and runs the effects each asks for before the next key, as the runtime does.
fn drive(state: &mut State, session: &mut Session, text: &str) -> bool {
    let config = Config::defaults();
    let mut input = Input::default();
    for key in keys(text) {
        let effects = input.key(state, &config.keymap, key);
        if run_effects(state, session, effects) == Control::Quit {
            return false;
        }
    }
    true
}

#[test]
fn m_saves_a_labelled_bookmark_at_the_top_line() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    drive(&mut s, &mut session, "]]m书签<Enter>");
    assert_eq!(s.message_text(), Some("bookmarked: 第二章 来客"));
    let saved = BookmarkStore::new(&w.config).load().value;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].label, "书签");
    assert_eq!(&NOVEL[saved[0].anchor.offset..][.."第二章".len()], "第二章");
    assert!(s.section_bookmarked(2), "the outline marks the section");
}

#[test]
fn the_pane_lists_deletes_undoes_and_renames() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    drive(&mut s, &mut session, "]m<Enter>]m<Enter>'");
    let pane = s.bookmarks.as_ref().expect("the pane is open");
    assert_eq!(pane.entries.len(), 2);
    assert!(pane.entries.iter().all(|e| e.here));
    drive(&mut s, &mut session, "jd");
    assert_eq!(BookmarkStore::new(&w.config).load().value.len(), 1);
    drive(&mut s, &mut session, "u");
    assert_eq!(BookmarkStore::new(&w.config).load().value.len(), 2);
    drive(&mut s, &mut session, "r新名字<Enter>");
    let labels: Vec<String> =
        BookmarkStore::new(&w.config).load().value.into_iter().map(|b| b.label).collect();
    assert!(labels.contains(&"新名字".to_string()), "{labels:?}");
    drive(&mut s, &mut session, "<Esc>");
    assert!(s.bookmarks.is_none());
}

#[test]
fn enter_in_the_pane_lands_on_the_same_text_at_another_width() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    drive(&mut s, &mut session, "]]jjm<Enter>");
    let marked = top_line(&s, 0);
    let anchor = s.views[0].anchor;
    drop((s, session));
    let (mut s, mut session) = open(&w, &w.novel, 37, 8, false);
    assert_eq!(s.views[0].anchor, Anchor(0));
    drive(&mut s, &mut session, "'<Enter>");
    assert_eq!(s.views[0].anchor, anchor);
    assert!(marked.starts_with(&top_line(&s, 0)), "{marked:?} vs {:?}", top_line(&s, 0));
}

#[test]
fn the_reading_position_is_restored_unless_from_start() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    assert!(!drive(&mut s, &mut session, "]]j q"), "q quits");
    let left_at = s.views[0].anchor;
    let (s, _) = open(&w, &w.novel, 60, 10, true);
    assert_eq!(s.views[0].anchor, left_at);
    assert!(s.message_text().is_some_and(|m| m.starts_with("resumed at")), "{:?}", s.message_text());
    let (s, _) = open(&w, &w.novel, 60, 10, false);
    assert_eq!(s.views[0].anchor, Anchor(0));
}

#[test]
fn a_bookmark_in_another_document_opens_that_document() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.other, 80, 8, true);
    drive(&mut s, &mut session, "]]m<Enter>");
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    drive(&mut s, &mut session, "'");
    let pane = s.bookmarks.as_ref().unwrap();
    assert_eq!(pane.entries.len(), 1);
    assert!(!pane.entries[0].here);
    let effects = press(&mut s, "<Enter>");
    assert!(matches!(effects.as_slice(), [Effect::OpenBookmarkedDocument(_)]));
    run_effects(&mut s, &mut session, effects);
    assert!(s.doc.text.starts_with("Harbour notes"));
    assert_eq!(top_line(&s, 0), "Chapter 1");
    // Ctrl-o comes back to the first document, where it was.
    drive(&mut s, &mut session, "<C-o>");
    assert!(!s.doc.text.starts_with("Harbour notes"));
    assert_eq!(s.views[0].anchor, Anchor(0));
}

#[test]
fn an_unwritable_config_directory_is_reported_and_reading_goes_on() {
    let w = world();
    // A file where the directory should be: nothing can be created below it.
    std::fs::write(&w.config, "not a directory").unwrap();
    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    assert!(
        s.message_text().is_some_and(|m| m.starts_with("bookmarks can't be saved")),
        "{:?}",
        s.message_text()
    );
    drive(&mut s, &mut session, "]m<Enter>");
    assert!(s.message_text().is_some_and(|m| m.starts_with("bookmark not saved")), "{:?}", s.message_text());
    drive(&mut s, &mut session, "]");
    assert_eq!(top_line(&s, 0), "第二章 来客");
}

#[test]
fn a_renamed_then_edited_file_leaves_missing_bookmarks_that_can_be_repointed_or_deleted() {
    let w = world();
    let (mut s, mut session) = open(&w, &w.other, 80, 8, true);
    drive(&mut s, &mut session, "]]m<Enter>]m甲<Enter>");
    // Renamed and edited: neither its path nor its text leads back to the bookmarks.
    let renamed = w.other.with_file_name("renamed.txt");
    std::fs::rename(&w.other, &renamed).unwrap();
    std::fs::write(&renamed, format!("{OTHER}\nA new last line.\n")).unwrap();

    let (mut s, mut session) = open(&w, &w.novel, 80, 8, true);
    drive(&mut s, &mut session, "'");
    let pane = s.bookmarks.as_ref().unwrap();
    assert_eq!(pane.entries.len(), 2, "missing bookmarks stay listed");
    assert!(pane.entries.iter().all(|e| e.missing && !e.here));
    // Enter says plainly that the file is missing, and the pane stays.
    let effects = press(&mut s, "<Enter>");
    assert!(effects.is_empty(), "{effects:?}");
    let message = s.message_text().unwrap_or_default().to_string();
    assert!(message.starts_with("missing: ") && message.contains("other.txt"), "{message}");
    assert!(s.bookmarks.is_some());

    // Re-pointed: to where the novel is being read now, keeping its label.
    drive(&mut s, &mut session, "<Esc>]]'j");
    let label = s.bookmarks.as_ref().unwrap().entries[1].bookmark.label.clone();
    drive(&mut s, &mut session, "p");
    assert_eq!(s.message_text(), Some("bookmark now points here"));
    let entry = s.bookmarks.as_ref().unwrap().entries.iter().find(|e| e.here).cloned().unwrap();
    assert!(!entry.missing);
    assert_eq!(entry.bookmark.label, label);
    assert_eq!(entry.bookmark.anchor.offset, s.views[0].anchor.0);
    let saved = BookmarkStore::new(&w.config).load().value;
    let stored = saved.iter().find(|b| b.id == entry.bookmark.id).unwrap();
    assert_eq!(kan::store::identity::canonical_path(&w.novel), stored.doc.path);
    assert!(stored.anchor.quote.starts_with("第二章"), "{:?}", stored.anchor.quote);

    // The other one is deleted from the pane.
    assert!(s.bookmarks.as_ref().unwrap().entries[0].missing);
    drive(&mut s, &mut session, "kd");
    assert_eq!(BookmarkStore::new(&w.config).load().value.len(), 1);
}
