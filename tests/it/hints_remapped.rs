//! Every hint names the keys in force: with every action moved to a key no default uses, no
//! screen of any mode, pane, overlay or status message shows a default key name.

use std::collections::BTreeSet;

use crate::helpers;

use kan::action::{Action, Mode};
use kan::config::Config;
use kan::document::Anchor;
use kan::keymap::{KeySequence, Keymap};
use kan::reader::{Msg, Settings, State, update};
use kan::session::{Session, run_effects};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use strum::IntoEnumIterator;

const NOVEL: &str = "灯塔守夜人\n\n第一章 潮声\n\n　　海边的小镇在傍晚时分总是格外安静。\n\n第二章 来客\n\n　　半夜里，楼下传来一阵急促的敲门声。\n\n第三章 灯火\n\n　　灯光转过海面的时候，他就知道，今晚又有船能平安回家了。\n";

/// The `n`th key no default binding uses: F1 to F12 with Alt, then Ctrl+Alt, and so on.
fn unused_key(n: usize) -> KeySequence {
    let modifier = ["A", "C-A", "S-A", "C-S-A", "C-S", "C"][n / 12];
    format!("<{modifier}-F{}>", n % 12 + 1).parse().expect("a valid key")
}

/// The defaults with every bound action of every mode moved to a key no default uses.
fn remapped() -> (Keymap, BTreeSet<String>) {
    let defaults = Config::defaults().keymap;
    let mut keymap = defaults.clone();
    let mut default_names = BTreeSet::new();
    for mode in Mode::iter() {
        for (n, action) in Action::iter().enumerate() {
            let sequences = defaults.sequences(mode, action);
            if sequences.is_empty() {
                continue;
            }
            default_names.extend(sequences.iter().map(ToString::to_string));
            keymap.bind(mode, action, vec![unused_key(n)]);
        }
    }
    assert!(keymap.conflicts().is_empty(), "the remapped keys collide");
    (keymap, default_names)
}

fn screen(state: &State, chrome: &Chrome) -> String {
    crate::helpers::screen_rows(state, chrome).join("\n")
}

/// The default key names a screen shows, as words of their own ("g g", "<Enter>", "u").
fn default_keys_shown(screen: &str, default_names: &BTreeSet<String>) -> Vec<String> {
    let words: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || "(),:;—│─┌┐└┘".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut shown = Vec::new();
    for name in default_names {
        let parts: Vec<&str> = name.split(' ').collect();
        if words.windows(parts.len()).any(|w| w == parts.as_slice()) {
            shown.push(name.clone());
        }
    }
    // Ctrl-C quits whatever the keymap says, and the help says so.
    shown.retain(|name| name != "<C-c>");
    shown
}

#[test]
fn a_remapped_keymap_leaves_no_default_key_name_on_any_screen() {
    let (keymap, default_names) = remapped();
    let mut config = Config::defaults();
    config.keymap = keymap;
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);

    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("novel.txt");
    std::fs::write(&path, NOVEL).unwrap();
    let settings = Settings::from_config(&config);
    let config_dir = dir.path().join("config");
    let (mut state, mut session) = helpers::open(&config_dir, &path, "novel.txt", settings, (80, 24), false);
    update(&mut state, Msg::HelpRows(chrome.help_rows()));

    let mut screens: Vec<(String, String)> = Vec::new();
    let mut act = |state: &mut State, session: &mut Session, what: &str, msgs: Vec<Msg>| {
        for msg in msgs {
            let effects = update(state, msg);
            run_effects(state, session, effects);
        }
        screens.push((what.to_string(), screen(state, &chrome)));
    };
    let a = |actions: &[Action]| actions.iter().map(|&a| Msg::Action(a)).collect::<Vec<_>>();

    act(&mut state, &mut session, "reading, with the status hints", vec![]);
    act(&mut state, &mut session, "resumed", vec![Msg::Resumed(Anchor(40))]);
    act(&mut state, &mut session, "n before any search", a(&[Action::NextMatch]));
    act(&mut state, &mut session, "the outline", a(&[Action::FocusNext]));
    act(&mut state, &mut session, "back to reading", a(&[Action::FocusNext]));
    act(&mut state, &mut session, "the help", a(&[Action::Help]));
    act(&mut state, &mut session, "the help scrolled", a(&[Action::Bottom]));
    act(&mut state, &mut session, "the help closed", a(&[Action::Close]));
    act(&mut state, &mut session, "no bookmarks yet", a(&[Action::OpenBookmarks]));
    act(&mut state, &mut session, "pane closed", a(&[Action::Close]));
    act(&mut state, &mut session, "the label prompt", a(&[Action::AddBookmark]));
    act(&mut state, &mut session, "bookmarked", vec![Msg::Typed("夜".into()), Msg::Action(Action::Confirm)]);
    act(&mut state, &mut session, "the bookmarks pane", a(&[Action::OpenBookmarks]));
    act(&mut state, &mut session, "the rename prompt", a(&[Action::Rename]));
    act(&mut state, &mut session, "renamed", a(&[Action::Confirm]));
    act(&mut state, &mut session, "deleted", a(&[Action::Delete]));
    act(&mut state, &mut session, "undone", a(&[Action::Undo]));
    act(&mut state, &mut session, "nothing to undo", a(&[Action::Undo]));
    act(&mut state, &mut session, "the search prompt", a(&[Action::Close, Action::Search]));
    act(&mut state, &mut session, "a search", vec![Msg::Typed("灯".into()), Msg::Action(Action::Confirm)]);
    act(&mut state, &mut session, "the filter prompt", a(&[Action::FocusNext, Action::Filter]));
    act(&mut state, &mut session, "no library", a(&[Action::Close, Action::FocusNext, Action::Library]));
    let listed = vec![
        Msg::ShowLibrary(Some(dir.path().to_path_buf())),
        Msg::LibraryListed(vec![
            kan::library::Found::ok(&path),
            kan::library::Found {
                path: dir.path().join("locked.md"),
                problem: Some("permission denied".into()),
            },
        ]),
    ];
    act(&mut state, &mut session, "the library", listed);
    act(&mut state, &mut session, "the library's filter", a(&[Action::Filter]));
    act(
        &mut state,
        &mut session,
        "the library filtered",
        vec![Msg::Typed("novel".into()), Msg::Action(Action::Confirm)],
    );
    act(&mut state, &mut session, "the library sorted", a(&[Action::Close, Action::CycleSort]));
    act(&mut state, &mut session, "forget in a folder", a(&[Action::Forget]));
    act(&mut state, &mut session, "the library's help", a(&[Action::Help]));
    act(&mut state, &mut session, "an unreadable row", a(&[Action::Close, Action::Bottom, Action::Open]));
    act(&mut state, &mut session, "a document from the library", a(&[Action::Top, Action::Open]));
    act(&mut state, &mut session, "back in the library", a(&[Action::Library]));

    let deleted = &screens.iter().find(|(what, _)| what == "deleted").unwrap().1;
    let undo = config.keymap.sequences(Mode::Bookmarks, Action::Undo)[0].to_string();
    assert!(deleted.contains(&format!("bookmark deleted ({undo} undoes)")), "{deleted}");
    let from_library = &screens.iter().find(|(what, _)| what == "a document from the library").unwrap().1;
    let back = config.keymap.sequences(Mode::Content, Action::Library)[0].to_string();
    assert!(from_library.contains(&format!("{back} library")), "{from_library}");
    let library = &screens.iter().find(|(what, _)| what == "the library").unwrap().1;
    let open = config.keymap.sequences(Mode::Library, Action::Open)[0].to_string();
    assert!(library.contains(&format!("{open} open")), "{library}");
    let resumed = &screens.iter().find(|(what, _)| what == "resumed").unwrap().1;
    assert!(resumed.contains("goes to the top"), "{resumed}");
    for (what, screen) in &screens {
        let shown = default_keys_shown(screen, &default_names);
        assert!(shown.is_empty(), "{what}: default keys {shown:?} on screen:\n{screen}");
    }
}

#[test]
fn the_default_keymap_is_what_the_check_above_would_catch() {
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let (_, default_names) = remapped();
    let settings = Settings::from_config(&config);
    let mut state = helpers::state(NOVEL, kan::document::Format::Text, "novel.txt", settings, 80, 24);
    let reading = default_keys_shown(&screen(&state, &chrome), &default_names);
    assert!(reading.contains(&"?".to_string()), "{reading:?}");
    update(&mut state, Msg::Resumed(Anchor(40)));
    let resumed = default_keys_shown(&screen(&state, &chrome), &default_names);
    assert!(resumed.contains(&"g g".to_string()), "{resumed:?}");
}
