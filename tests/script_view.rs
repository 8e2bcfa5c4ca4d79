//! The script view: converted renders at odd widths, switching keeps the place, bookmarks made
//! in a converted view land in the original text, and search finds across scripts.

#[path = "common/keys.rs"]
mod keys;

use std::path::Path;

use kan::config::Config;
use kan::document::{Document, Format};
use kan::layout::{LayoutOptions, render};
use kan::reader::input::Input;
use kan::reader::{Settings, State, update};
use kan::session::{Session, run_effects};
use kan::source::Source;
use kan::store::BookmarkStore;
use kan::text::script::{Script, convert};
use keys::{keys, press, top_line};
use tempfile::TempDir;

const TRADITIONAL: &str = "黃仁勳在臺北說，軟體的發展很快。他的頭髮早已斑白，後來乾脆把時間都給了工作。";
const SIMPLIFIED: &str = "黄仁勋在上海说，软件的发展很快。他的头发早已斑白，后来干脆把时间都给了工作。";

/// A Traditional article: a title, chapters, and paragraphs long enough to scroll.
const ARTICLE: &str = "頭髮與發展\n\n第一章 臺北\n\n　　黃仁勳在臺北說，軟體的發展很快。\n\n　　他的頭髮早已斑白，後來乾脆把時間都給了工作。每天清晨，他先讀報，再寫信，然後走進實驗室。\n\n第二章 後來\n\n　　後來的事情，大家都知道了。發展從來不是一條直路，頭髮白了也不要緊。\n\n　　這裡的燈火一直亮到深夜，乾燥的風從山那邊吹過來。\n";

fn rendered(text: &str, width: usize, script: Script) -> String {
    let doc = Document::parse(text.to_string(), Format::Text);
    let mut options = LayoutOptions::new(width);
    options.script = script;
    render(&doc, options).join("\n")
}

fn state(text: &str, script: Script, cols: u16, rows: u16) -> State {
    let doc = Document::parse(text.to_string(), Format::Text);
    let settings = Settings { script, show_outline: false, ..Settings::default() };
    State::new(doc, "article.txt", settings, cols, rows)
}

#[test]
fn traditional_shown_as_simplified_at_widths_7_and_37() {
    assert_eq!(
        rendered(TRADITIONAL, 7, Script::Hans),
        "黄仁勋\n在台北\n说，软\n体的发\n展很\n快。他\n的头发\n早已斑\n白，后\n来干脆\n把时间\n都给了\n工作。"
    );
    assert_eq!(
        rendered(TRADITIONAL, 37, Script::Hans),
        "黄仁勋在台北说，软体的发展很快。他的\n头发早已斑白，后来干脆把时间都给了工\n作。"
    );
}

#[test]
fn simplified_shown_as_traditional_at_widths_7_and_37() {
    assert_eq!(
        rendered(SIMPLIFIED, 7, Script::Hant),
        "黃仁勳\n在上海\n說，軟\n件的發\n展很\n快。他\n的頭髮\n早已斑\n白，後\n來乾脆\n把時間\n都給了\n工作。"
    );
    assert_eq!(
        rendered(SIMPLIFIED, 37, Script::Hant),
        "黃仁勳在上海說，軟件的發展很快。他的\n頭髮早已斑白，後來乾脆把時間都給了工\n作。"
    );
    // Taiwan's words, phrase by phrase.
    assert!(rendered(SIMPLIFIED, 37, Script::Tw).starts_with("黃仁勳在上海說，軟體的發展很快。"));
}

#[test]
fn the_original_script_renders_the_text_as_written() {
    assert_eq!(rendered(TRADITIONAL, 37, Script::Original), rendered(TRADITIONAL, 37, Script::Hant));
    assert!(rendered(TRADITIONAL, 37, Script::Original).starts_with("黃仁勳在臺北說"));
}

#[test]
fn switching_the_view_keeps_the_same_sentence_at_the_top() {
    let mut s = state(ARTICLE, Script::Original, 24, 6);
    press(&mut s, "]]jj");
    let anchor = s.views[0].anchor;
    let original = top_line(&s, 0);
    press(&mut s, "c");
    assert_eq!(s.settings.script, Script::Hans);
    assert_eq!(s.message_text(), Some("script: hans (Simplified)"));
    assert_eq!(s.views[0].anchor, anchor, "the place in the text is the same");
    assert_eq!(top_line(&s, 0), convert(Script::Hans, &original));
    assert_ne!(top_line(&s, 0), original, "the line is drawn converted");
    for _ in 0..4 {
        press(&mut s, "c");
        assert_eq!(s.views[0].anchor, anchor);
    }
    assert_eq!(s.settings.script, Script::Original);
    assert_eq!(top_line(&s, 0), original);
}

#[test]
fn search_in_one_script_highlights_the_other_in_any_view() {
    let mut s = state(ARTICLE, Script::Hans, 40, 10);
    press(&mut s, "/头发<Enter>");
    let found: Vec<&str> = s.search.matches.iter().map(|m| &ARTICLE[m.range()]).collect();
    assert_eq!(found, ["頭髮", "頭髮", "頭髮"]);
    assert_eq!(s.match_status().as_deref(), Some("match 1/3"));
    // 乾 finds only 乾: the text rules out 幹 and 干, and 髮 never finds 發.
    press(&mut s, "/乾<Enter>");
    assert_eq!(s.search.matches.len(), 2);
    press(&mut s, "/髮<Enter>");
    assert!(s.search.matches.iter().all(|m| &ARTICLE[m.range()] == "髮"));
    // Exact: the Simplified query finds nothing in the Traditional text.
    press(&mut s, "E");
    assert_eq!(s.message_text(), Some("search: exact"));
    press(&mut s, "/头发<Enter>");
    assert!(s.search.matches.is_empty());
    press(&mut s, "/頭<C-e>髮");
    assert_eq!(s.search.matches.len(), 3, "<C-e> in the prompt folds again and finds again");
}

#[test]
fn the_outline_filter_folds_too() {
    let mut s = state(ARTICLE, Script::Original, 80, 10);
    press(&mut s, "o<Tab>/后来<Enter>");
    let titles: Vec<&str> =
        s.outline.entries.iter().map(|&i| s.doc.outline.sections[i].title.as_str()).collect();
    assert_eq!(titles, ["第二章 後來"]);
}

fn open(config: &Path, path: &Path, script: Script) -> (State, Session) {
    let doc = Source::from_path(path, &Default::default()).unwrap().into_document(None, None).unwrap();
    let settings = Settings { script, ..Settings::default() };
    let mut state = State::new(doc, "article", settings, 26, 8);
    let mut session = Session::new(Ok(config.to_path_buf()));
    for msg in session.attach(&state.doc, Some(path), false) {
        update(&mut state, msg);
    }
    (state, session)
}

fn drive(state: &mut State, session: &mut Session, text: &str) {
    let config = Config::defaults();
    let mut input = Input::default();
    for key in keys(text) {
        let effects = input.key(state, &config.keymap, key);
        run_effects(state, session, effects);
    }
}

#[test]
fn a_bookmark_made_in_the_converted_view_opens_on_the_same_sentence_in_the_original() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("config");
    let path = dir.path().join("article.txt");
    std::fs::write(&path, ARTICLE).unwrap();

    let (mut s, mut session) = open(&config, &path, Script::Hans);
    drive(&mut s, &mut session, "]]jjm<Enter>");
    let marked = top_line(&s, 0);
    let anchor = s.views[0].anchor;
    assert!(marked.contains("后来") || marked.contains("头发") || marked.contains("发展"), "{marked:?}");
    let saved = BookmarkStore::new(&config).load().value;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].anchor.offset, anchor.0, "the bookmark points into the original text");
    drop((s, session));

    let (mut s, mut session) = open(&config, &path, Script::Original);
    drive(&mut s, &mut session, "'<Enter>");
    assert_eq!(s.views[0].anchor, anchor);
    assert_eq!(convert(Script::Hans, &top_line(&s, 0)), marked);
}
