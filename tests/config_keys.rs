//! Key tables from a user config: an entry replaces that action's default keys, the help and
//! hints follow the keymap, and sequences wait for their next key without a timeout.

use kan::config::Config;
use kan::keymap::{Key, Resolution};
use kan::reader::{Action, Mode};

fn key(text: &str) -> Key {
    text.parse().expect("valid key")
}

fn user(text: &str) -> Config {
    match Config::parse(text, "config.toml") {
        Ok(config) => config,
        Err(errors) => panic!("{errors}"),
    }
}

#[test]
fn a_user_entry_replaces_the_defaults_for_that_action_only() {
    let config = user("[keys.content]\nnext_heading = \"<C-n>\"\n");
    let keymap = &config.keymap;
    assert_eq!(keymap.resolve(Mode::Content, &[], key("<C-n>")), Resolution::Action(Action::NextHeading));
    assert_eq!(keymap.resolve(Mode::Content, &[], key("]")), Resolution::Unbound, "the default ] is gone");
    assert_eq!(keymap.resolve(Mode::Content, &[], key("[")), Resolution::Action(Action::PrevHeading));
    // Other modes keep their tables.
    assert_eq!(keymap.resolve(Mode::Outline, &[], key("j")), Resolution::Action(Action::SelectNext));
}

#[test]
fn rebinding_next_heading_to_n_shows_n_in_the_help() {
    let config = user("[keys.content]\nnext_heading = \"n\"\nnext_match = \"<C-j>\"\n");
    let help = config.keymap.bindings(Mode::Content);
    let next_heading =
        help.iter().find(|(action, _)| *action == Action::NextHeading).map(|(_, keys)| keys.clone());
    assert_eq!(next_heading, Some(vec!["n".to_string()]));
    assert_eq!(config.keymap.hint(Mode::Content, Action::NextHeading).as_deref(), Some("n"));
    assert_eq!(config.keymap.hint(Mode::Content, Action::NextMatch).as_deref(), Some("<C-j>"));
    assert_eq!(config.keymap.hint(Mode::Content, Action::Help).as_deref(), Some("?"));
}

#[test]
fn the_help_lists_actions_in_order_with_all_their_keys() {
    let config = Config::defaults();
    let help = config.keymap.bindings(Mode::Content);
    assert_eq!(help[0], (Action::LineDown, vec!["j".to_string(), "<Down>".to_string()]));
    assert!(help.contains(&(Action::Top, vec!["g g".to_string(), "<Home>".to_string()])));
    assert!(help.iter().all(|(action, _)| !action.help().is_empty()));
    assert!(!help.iter().any(|(action, _)| *action == Action::Rename), "rename is for bookmarks only");
}

#[test]
fn an_empty_list_unbinds() {
    let config = user("[keys.content]\nback = []\n");
    assert_eq!(config.keymap.resolve(Mode::Content, &[], key("<C-o>")), Resolution::Unbound);
    assert_eq!(config.keymap.hint(Mode::Content, Action::Back), None);
}

#[test]
fn sequences_of_any_length_and_an_abandoned_one() {
    let config = user("[keys.content]\ntop = \"g g g\"\nbottom = [\"g e\", \"G\"]\n");
    let keymap = &config.keymap;
    let g = key("g");
    assert_eq!(keymap.resolve(Mode::Content, &[], g), Resolution::Pending);
    assert_eq!(keymap.resolve(Mode::Content, &[g], g), Resolution::Pending);
    assert_eq!(keymap.resolve(Mode::Content, &[g, g], g), Resolution::Action(Action::Top));
    assert_eq!(keymap.resolve(Mode::Content, &[g], key("e")), Resolution::Action(Action::Bottom));
    assert_eq!(keymap.resolve(Mode::Content, &[g], key("x")), Resolution::Unbound);
    assert_eq!(keymap.resolve(Mode::Content, &[], key("<Home>")), Resolution::Unbound, "replaced");
}

#[test]
fn cjk_and_punctuation_keys_bind() {
    let config = user("[keys.content]\nline_down = [\"j\", \"ｊ\"]\nsearch = [\"/\", \"？\"]\n");
    assert_eq!(config.keymap.resolve(Mode::Content, &[], key("ｊ")), Resolution::Action(Action::LineDown));
    assert_eq!(
        config.keymap.resolve(Mode::Content, &[], Key::char('？')),
        Resolution::Action(Action::Search)
    );
}

#[test]
fn a_key_moved_from_one_action_to_another_is_fine_once_the_first_lets_go() {
    let conflict =
        Config::parse("[keys.content]\nquit = \"<Esc>\"\n", "config.toml").expect_err("close has <Esc>");
    assert!(conflict.to_string().contains("'<Esc>' is bound to both quit and close"), "{conflict}");
    let config = user("[keys.content]\nquit = \"<Esc>\"\nclose = \"<C-x>\"\n");
    assert_eq!(config.keymap.resolve(Mode::Content, &[], key("<Esc>")), Resolution::Action(Action::Quit));
}

#[test]
fn keys_without_a_mode_table_bind_in_the_content_mode() {
    let config = user("[keys]\nnext_heading = [\"]\", \"<C-n>\"]\ntop = \"g g\"\n");
    let keymap = &config.keymap;
    assert_eq!(keymap.resolve(Mode::Content, &[], key("<C-n>")), Resolution::Action(Action::NextHeading));
    assert_eq!(keymap.resolve(Mode::Content, &[key("g")], key("g")), Resolution::Action(Action::Top));
    // The mode tables still work beside it.
    let config = user("[keys]\nnext_heading = \"x\"\n\n[keys.outline]\nopen = \"<C-o>\"\n");
    assert_eq!(config.keymap.resolve(Mode::Content, &[], key("x")), Resolution::Action(Action::NextHeading));
    assert_eq!(config.keymap.resolve(Mode::Outline, &[], key("<C-o>")), Resolution::Action(Action::Open));
}

#[test]
fn an_unknown_action_in_keys_is_named_with_its_place() {
    let errors =
        Config::parse("[keys]\nnext_headin = \"x\"\n", "config.toml").expect_err("an unknown action");
    let message = errors.0[0].to_string();
    assert!(message.starts_with("config.toml:2:1: unknown action 'next_headin'"), "{message}");
    assert!(message.contains("next_heading"), "{message}");
}
