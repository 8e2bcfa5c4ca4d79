//! One bad config per kind of error: each message names the file, the line and column of the
//! offending key or value, and what is wrong with it.

use std::path::PathBuf;

use kan::config::{Config, LoadOptions};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(name)
}

/// Checks the fixture as `--check-config PATH` would and gives its one error message, with the
/// fixture's path shortened to its file name. Loading it gives the same message as a problem.
fn only_error(name: &str) -> String {
    let path = fixture(name);
    let errors = match Config::check(Some(&path), None) {
        Ok(_) => panic!("{name} should not pass the check"),
        Err(errors) => errors,
    };
    let loaded = Config::load(Some(&path), None, &LoadOptions::default()).expect("a bad config still loads");
    assert_eq!(loaded.problems, errors.0, "{name}: loading reports what the check does");
    assert_eq!(errors.0.len(), 1, "{name}: expected one error, got:\n{errors}");
    let message = errors.0[0].to_string();
    let prefix = format!("{}:", path.display());
    message.strip_prefix(&prefix).map(|rest| format!("{name}:{rest}")).unwrap_or(message)
}

#[test]
fn unknown_setting_suggests_the_near_one() {
    assert_eq!(
        only_error("unknown_setting.toml"),
        "unknown_setting.toml:4:1: unknown setting 'max_width' (did you mean 'max_text_width'?)"
    );
}

#[test]
fn unknown_section_suggests_the_near_one() {
    assert_eq!(
        only_error("unknown_section.toml"),
        "unknown_section.toml:2:2: unknown section 'behavior' (did you mean 'behaviour'?)"
    );
}

#[test]
fn wrong_type_names_the_setting_and_what_was_found() {
    assert_eq!(
        only_error("wrong_type.toml"),
        "wrong_type.toml:3:18: 'max_text_width' must be a whole number from 10 to 10000, not a string \"wide\""
    );
    assert_eq!(
        only_error("wrong_type_bool.toml"),
        "wrong_type_bool.toml:2:20: 'restore_position' must be true or false, not a string \"yes\""
    );
}

#[test]
fn out_of_range_names_the_range() {
    assert_eq!(
        only_error("out_of_range.toml"),
        "out_of_range.toml:2:13: 'tab_width' must be a whole number from 1 to 16, not 0"
    );
}

#[test]
fn unknown_action_suggests_the_near_one() {
    assert_eq!(
        only_error("unknown_action.toml"),
        "unknown_action.toml:3:1: unknown action 'next_headin' (did you mean 'next_heading'?)"
    );
}

#[test]
fn unknown_key_name_points_at_the_key_in_the_list() {
    assert_eq!(only_error("unknown_key.toml"), "unknown_key.toml:3:25: 'page_down': unknown key '<PgDn>'");
    assert_eq!(
        only_error("not_one_key.toml"),
        "not_one_key.toml:3:10: 'filter': 'ff' is not one key; write a sequence with spaces, like 'f f'"
    );
}

#[test]
fn unknown_key_table_lists_the_modes() {
    assert_eq!(
        only_error("unknown_key_table.toml"),
        "unknown_key_table.toml:1:7: unknown key table 'search' (expected content, outline, bookmarks, links, library, prompt or help)"
    );
}

#[test]
fn unknown_colour_names_the_element() {
    assert_eq!(
        only_error("unknown_colour.toml"),
        "unknown_colour.toml:2:15: 'link': unknown colour 'purpel' \
         (a colour is a name such as red or light_blue, \"#rrggbb\", or 0 to 255)"
    );
}

#[test]
fn unknown_theme_lists_the_themes() {
    assert_eq!(
        only_error("unknown_theme.toml"),
        "unknown_theme.toml:2:8: unknown theme 'solarized' (expected dark, light or plain)"
    );
}

#[test]
fn unknown_theme_element_and_style_attribute() {
    assert_eq!(
        only_error("unknown_theme_element.toml"),
        "unknown_theme_element.toml:2:1: unknown theme element 'heading7' (did you mean 'heading6'?)"
    );
    assert_eq!(
        only_error("unknown_style_attribute.toml"),
        "unknown_style_attribute.toml:2:23: unknown style attribute 'blink' \
         (expected fg, bg, bold, italic, underline, reverse or dim)"
    );
}

#[test]
fn two_actions_on_one_key_name_both() {
    assert_eq!(
        only_error("same_key_conflict.toml"),
        "same_key_conflict.toml:3:22: 'n' is bound to both next_heading and next_match in [keys.content] \
         (give next_match other keys, or unbind it with next_match = [])"
    );
}

#[test]
fn a_key_that_begins_a_sequence_names_both() {
    assert_eq!(
        only_error("prefix_conflict.toml"),
        "prefix_conflict.toml:2:8: 'g' (quit) is the start of 'g g' (top) in [keys.content]; \
         a key cannot both act and begin a sequence"
    );
}

#[test]
fn syntax_errors_have_a_position() {
    let message = only_error("syntax_error.toml");
    assert!(message.starts_with("syntax_error.toml:3:8: "), "{message}");
}

#[test]
fn every_error_in_a_file_is_reported_in_file_order() {
    let text = "[layout]\nmax_width = 1\ntab_width = \"x\"\n[keys.content]\nnope = \"j\"\n";
    let errors = Config::parse(text, "config.toml").expect_err("three errors");
    let lines: Vec<usize> = errors.0.iter().filter_map(|e| e.location.as_ref().map(|at| at.line)).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert_eq!(errors.to_string().lines().count(), 3);
}

#[test]
fn an_explicit_config_file_must_exist() {
    let path = fixture("no_such_file.toml");
    let errors = Config::load(Some(&path), None, &LoadOptions::default()).expect_err("missing file");
    let message = errors.to_string();
    assert!(message.starts_with(&format!("{}: cannot read:", path.display())), "{message}");
}

#[test]
fn many_errors_are_reported_in_linear_time() {
    // 40,000 unknown keys on lines of their own, then 20,000 on one line. Locating each error
    // from the start of the file made this quadratic (40,000 took 11.6 s).
    let mut text = String::from("[layout]\n");
    for i in 0..40_000 {
        text.push_str(&format!("unknown_{i} = 1\n"));
    }
    let errors = Config::parse(&text, "many.toml").expect_err("every key is unknown");
    assert_eq!(errors.0.len(), 40_000);
    assert_eq!(errors.0[0].to_string().split(": ").next(), Some("many.toml:2:1"));
    assert_eq!(errors.0[39_999].to_string().split(": ").next(), Some("many.toml:40001:1"));

    let inline: Vec<String> = (0..20_000).map(|i| format!("k{i} = 1")).collect();
    let mut text = String::from("layout = {");
    text.push_str(&inline.join(", "));
    text.push_str("}\n");
    let errors = Config::parse(&text, "line.toml").expect_err("every key is unknown");
    assert_eq!(errors.0.len(), 20_000);
    let last_column = text.rfind("k19999").expect("the last key") + 1;
    assert!(
        errors.0[19_999]
            .to_string()
            .starts_with(&format!("line.toml:1:{last_column}: unknown setting 'k19999'"))
    );
}

#[test]
fn an_unknown_script_lists_the_scripts() {
    assert_eq!(
        only_error("unknown_script.toml"),
        "unknown_script.toml:2:10: 'script' must be one of original, hans, hant, tw or hk, not a string \"zh-tw\""
    );
    let loaded = Config::load(Some(&fixture("unknown_script.toml")), None, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.config.layout.script, kan::text::script::Script::Original, "the default stands in");
}
