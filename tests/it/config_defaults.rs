//! config.example.toml is the defaults: every setting in it parses, it holds every setting the
//! code has, and the values are the documented ones.

use std::path::Path;

use kan::config::{Colour, Config, EXAMPLE, Element, ThemeName};
use kan::keymap::{Key, Resolution};
use kan::reader::{Action, Mode};
use strum::IntoEnumIterator;

/// Dotted paths to every setting in a config text. A style (`{ fg = ... }`) counts as one setting.
fn setting_paths(text: &str) -> Vec<String> {
    fn walk(paths: &mut Vec<String>, prefix: &str, table: &toml::Table) {
        for (key, value) in table {
            let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            let depth = path.split('.').count();
            let is_style =
                (path.starts_with("themes.") && depth == 3) || (path.starts_with("theme.") && depth == 2);
            match value {
                toml::Value::Table(inner) if !is_style => walk(paths, &path, inner),
                _ => paths.push(path),
            }
        }
    }
    let table: toml::Table = toml::from_str(text).expect("valid TOML");
    let mut paths = Vec::new();
    walk(&mut paths, "", &table);
    paths.sort();
    paths
}

#[test]
fn the_example_parses_as_a_user_file_and_changes_nothing() {
    let parsed = Config::parse(EXAMPLE, "config.example.toml").expect("the example is a valid config");
    assert_eq!(parsed, Config::defaults());
}

#[test]
fn the_example_names_every_setting_the_code_has() {
    // The printed config comes from the code's own types; the example must hold the same keys.
    let from_code = setting_paths(&Config::defaults().to_toml());
    let in_example = setting_paths(EXAMPLE);
    let missing: Vec<&String> = from_code.iter().filter(|path| !in_example.contains(path)).collect();
    let extra: Vec<&String> = in_example.iter().filter(|path| !from_code.contains(path)).collect();
    assert!(missing.is_empty(), "settings missing from config.example.toml: {missing:?}");
    assert!(extra.is_empty(), "settings in config.example.toml the code does not print: {extra:?}");
    assert!(from_code.contains(&"layout.max_text_width".to_string()));
}

#[test]
fn every_built_in_theme_styles_every_element() {
    let defaults = Config::defaults();
    for theme in ThemeName::iter() {
        for element in Element::iter() {
            assert!(
                defaults.themes.get(theme).contains_key(&element),
                "[themes.{theme}] lacks {}",
                element.name()
            );
        }
    }
    let plain_colours =
        defaults.themes.plain.iter().filter(|(_, style)| style.fg.is_some() || style.bg.is_some()).count();
    assert_eq!(plain_colours, 0, "the plain theme has colours");
}

#[test]
fn the_documented_defaults() {
    let config = Config::defaults();
    assert_eq!(config.layout.max_text_width, 80);
    assert_eq!(config.layout.outline_width, 30);
    assert!(config.layout.show_outline);
    assert!(!config.layout.ambiguous_wide);
    assert_eq!(config.layout.tab_width, 4);
    assert!(config.behaviour.restore_position);
    assert!(config.behaviour.mouse);
    assert_eq!(config.behaviour.scroll_lines, 3);
    assert!(config.behaviour.search_wrap);
    assert_eq!(u64::from(config.behaviour.max_file_size_mib) << 20, kan::source::DEFAULT_MAX_BYTES);
    assert_eq!(config.theme.name, ThemeName::Dark);
    assert!(config.theme.overrides.is_empty());
    assert_eq!(config.themes.dark[&Element::Link].fg, Some(Colour::Cyan));
}

fn resolve(config: &Config, mode: Mode, keys: &str) -> Resolution {
    let keys: Vec<Key> = keys.split(' ').map(|k| k.parse().expect("valid key")).collect();
    let Some((last, pending)) = keys.split_last() else { return Resolution::Unbound };
    for i in 0..pending.len() {
        assert_eq!(config.keymap.resolve(mode, &pending[..i], pending[i]), Resolution::Pending);
    }
    config.keymap.resolve(mode, pending, *last)
}

#[test]
fn the_default_keys() {
    let config = Config::defaults();
    let expect = [
        (Mode::Content, "j", Action::LineDown),
        (Mode::Content, "<Down>", Action::LineDown),
        (Mode::Content, "<Space>", Action::PageDown),
        (Mode::Content, "<C-f>", Action::PageDown),
        (Mode::Content, "b", Action::PageUp),
        (Mode::Content, "<C-d>", Action::HalfPageDown),
        (Mode::Content, "<C-u>", Action::HalfPageUp),
        (Mode::Content, "g g", Action::Top),
        (Mode::Content, "<Home>", Action::Top),
        (Mode::Content, "G", Action::Bottom),
        (Mode::Content, "]", Action::NextHeading),
        (Mode::Content, "[", Action::PrevHeading),
        (Mode::Content, "}", Action::NextSection),
        (Mode::Content, "{", Action::PrevSection),
        (Mode::Content, "/", Action::Search),
        (Mode::Content, "n", Action::NextMatch),
        (Mode::Content, "N", Action::PrevMatch),
        (Mode::Content, "<C-o>", Action::Back),
        (Mode::Content, "<A-Left>", Action::Back),
        (Mode::Content, "<A-Right>", Action::Forward),
        (Mode::Content, "o", Action::ToggleOutline),
        (Mode::Content, "<Tab>", Action::FocusNext),
        (Mode::Content, "s", Action::ToggleSplit),
        (Mode::Content, "A", Action::ToggleAsides),
        (Mode::Content, "?", Action::Help),
        (Mode::Content, "m", Action::AddBookmark),
        (Mode::Content, "'", Action::OpenBookmarks),
        (Mode::Content, "<C-z>", Action::Suspend),
        (Mode::Content, "q", Action::Quit),
        (Mode::Content, "<Esc>", Action::Close),
        (Mode::Outline, "j", Action::SelectNext),
        (Mode::Outline, "<Up>", Action::SelectPrev),
        (Mode::Outline, "<Enter>", Action::Open),
        (Mode::Outline, "/", Action::Filter),
        (Mode::Outline, "<Tab>", Action::FocusNext),
        (Mode::Outline, "q", Action::Quit),
        (Mode::Bookmarks, "k", Action::SelectPrev),
        (Mode::Bookmarks, "r", Action::Rename),
        (Mode::Bookmarks, "d", Action::Delete),
        (Mode::Bookmarks, "u", Action::Undo),
        (Mode::Bookmarks, "'", Action::Close),
        (Mode::Bookmarks, "<Esc>", Action::Close),
        (Mode::Prompt, "<Enter>", Action::Confirm),
        (Mode::Prompt, "<Esc>", Action::Close),
        (Mode::Prompt, "<BS>", Action::Backspace),
    ];
    for (mode, keys, action) in expect {
        assert_eq!(resolve(&config, mode, keys), Resolution::Action(action), "{keys} in {mode:?}");
    }
    // Typed characters belong to the prompt, not to bindings.
    assert_eq!(resolve(&config, Mode::Prompt, "q"), Resolution::Unbound);
}

#[test]
fn the_printed_config_reads_back_the_same() {
    let defaults = Config::defaults();
    assert_eq!(Config::parse(&defaults.to_toml(), "printed.toml"), Ok(defaults));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/valid.toml");
    let text = std::fs::read_to_string(fixture).expect("fixture");
    let user = Config::parse(&text, "valid.toml").expect("valid fixture");
    assert_eq!(Config::parse(&user.to_toml(), "printed.toml"), Ok(user));
}

#[test]
fn the_reader_settings_default_to_the_example() {
    // Settings::default() serves tests and the welcome path; it must say what the example says.
    assert_eq!(kan::reader::Settings::default(), kan::reader::Settings::from_config(&Config::defaults()));
}
