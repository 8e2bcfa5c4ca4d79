//! Finding and loading the user's config: the config directory or an explicit path, NO_COLOR and
//! `--theme`, and `--check-config`. Every test uses its own temporary directory, never the home.

use std::fs;
use std::path::Path;

use kan::config::{Config, Element, LoadOptions, ThemeName};

fn dir_with_config(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("config.toml"), text).expect("write config");
    dir
}

fn load(dir: &Path, options: &LoadOptions) -> Config {
    match Config::load(None, Some(dir), options) {
        Ok(loaded) if loaded.problems.is_empty() => loaded.config,
        Ok(loaded) => panic!("{}", kan::config::ConfigErrors(loaded.problems)),
        Err(errors) => panic!("{errors}"),
    }
}

#[test]
fn reads_config_toml_from_the_config_dir_over_the_defaults() {
    let dir = dir_with_config("[layout]\nmax_text_width = 66\n");
    let config = load(dir.path(), &LoadOptions::default());
    assert_eq!(config.layout.max_text_width, 66);
    assert_eq!(config.layout.outline_width, 30, "unnamed settings keep their defaults");
}

#[test]
fn no_config_file_means_the_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(load(dir.path(), &LoadOptions::default()), Config::defaults());
    let loaded = Config::load(None, None, &LoadOptions::default()).expect("no config dir is no config");
    assert_eq!((loaded.config, loaded.problems), (Config::defaults(), Vec::new()));
}

#[test]
fn an_explicit_path_wins_over_the_config_dir() {
    let dir = dir_with_config("[layout]\nmax_text_width = 66\n");
    let other = dir.path().join("other.toml");
    fs::write(&other, "[layout]\nmax_text_width = 99\n").expect("write");
    let config = Config::load(Some(&other), Some(dir.path()), &LoadOptions::default()).expect("loads").config;
    assert_eq!(config.layout.max_text_width, 99);
}

#[test]
fn errors_name_the_file_in_the_config_dir() {
    let dir = dir_with_config("[layout]\nmax_width = 66\n");
    let loaded = Config::load(None, Some(dir.path()), &LoadOptions::default()).expect("loads anyway");
    let expected = format!(
        "{}:2:1: unknown setting 'max_width' (did you mean 'max_text_width'?)",
        dir.path().join("config.toml").display()
    );
    assert_eq!(kan::config::ConfigErrors(loaded.problems).to_string(), expected);
}

#[test]
fn no_color_means_plain_unless_the_config_names_a_theme() {
    let no_color = LoadOptions { no_color: true, theme: None };
    let empty = tempfile::tempdir().expect("temp dir");
    let config = load(empty.path(), &no_color);
    assert_eq!(config.theme.name, ThemeName::Plain);
    assert!(config.palette().values().all(|style| style.fg.is_none() && style.bg.is_none()));

    let named = dir_with_config("[theme]\nname = \"light\"\n");
    assert_eq!(load(named.path(), &no_color).theme.name, ThemeName::Light);

    // Changing an element is not naming a theme.
    let styled = dir_with_config("[theme]\nlink = \"red\"\n");
    let config = load(styled.path(), &no_color);
    assert_eq!(config.theme.name, ThemeName::Plain);
    assert_eq!(config.palette()[&Element::Link].fg, None);
}

#[test]
fn the_theme_flag_wins_over_everything() {
    let named = dir_with_config("[theme]\nname = \"light\"\n");
    let options = LoadOptions { no_color: true, theme: Some(ThemeName::Dark) };
    assert_eq!(load(named.path(), &options).theme.name, ThemeName::Dark);
    assert_eq!("plain".parse::<ThemeName>(), Ok(ThemeName::Plain), "clap parses --theme with FromStr");
    assert!("solarized".parse::<ThemeName>().is_err());
    assert_eq!(
        <ThemeName as strum::VariantNames>::VARIANTS,
        ["dark", "light", "plain"],
        "for clap's possible values"
    );
}

#[test]
fn overrides_apply_to_the_theme_in_use() {
    let dir = dir_with_config(
        "[theme]\nname = \"light\"\nlink = { fg = 33, bold = true }\n[themes.light]\ncode = \"red\"\n",
    );
    let palette = load(dir.path(), &LoadOptions::default()).palette();
    assert_eq!(palette[&Element::Link].fg, Some(kan::config::Colour::Indexed(33)));
    assert!(palette[&Element::Link].bold);
    assert!(!palette[&Element::Link].underline, "an override replaces the whole style");
    assert_eq!(palette[&Element::Code].fg, Some(kan::config::Colour::Red));
    assert_eq!(palette[&Element::Heading1], Config::defaults().themes.light[&Element::Heading1]);
}

#[test]
fn check_reports_the_file_or_its_errors() {
    let good = dir_with_config("[behaviour]\nmouse = false\n");
    let checked = Config::check(None, Some(good.path())).expect("ok");
    assert_eq!(checked, Some(good.path().join("config.toml")));

    let empty = tempfile::tempdir().expect("temp dir");
    assert_eq!(Config::check(None, Some(empty.path())), Ok(None));

    let bad = dir_with_config("[behaviour]\nmouse = 1\n");
    let errors = Config::check(Some(&bad.path().join("config.toml")), None).expect_err("bad");
    assert!(errors.to_string().ends_with("config.toml:2:9: 'mouse' must be true or false, not the number 1"));
}

/// Loads the config dir's config.toml, which may have problems, as kan does at start-up.
fn load_with_problems(dir: &Path) -> (Config, Vec<String>) {
    let loaded =
        Config::load(None, Some(dir), &LoadOptions::default()).expect("a default config never stops kan");
    let file = dir.join("config.toml").display().to_string();
    let problems = loaded.problems.iter().map(|p| p.to_string().replace(&file, "config.toml")).collect();
    (loaded.config, problems)
}

#[test]
fn a_bad_setting_falls_back_to_its_default_and_the_rest_apply() {
    let dir = dir_with_config(
        "[layout]\nmax_width = 1\ntab_width = 0\noutline_width = 44\n[behaviour]\nmouse = false\n",
    );
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(
        problems,
        [
            "config.toml:2:1: unknown setting 'max_width' (did you mean 'max_text_width'?)",
            "config.toml:3:13: 'tab_width' must be a whole number from 1 to 16, not 0",
        ]
    );
    assert_eq!(config.layout.tab_width, Config::defaults().layout.tab_width);
    assert_eq!(config.layout.outline_width, 44);
    assert!(!config.behaviour.mouse);
    assert!(Config::check(None, Some(dir.path())).is_err(), "--check-config stays strict");
}

#[test]
fn a_syntax_error_means_the_defaults() {
    let dir = dir_with_config("[layout\nmax_text_width = 50\n");
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(config, Config::defaults());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("config.toml:1:"), "{problems:?}");
}

#[test]
fn conflicting_keys_fall_back_to_the_default_table_of_that_mode_only() {
    let dir = dir_with_config("[keys.content]\nnext_match = \"]\"\n[keys.outline]\nselect_next = \"J\"\n");
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("bound to both next_heading and next_match"), "{problems:?}");
    let defaults = Config::defaults();
    for action in [kan::reader::Action::NextMatch, kan::reader::Action::NextHeading] {
        assert_eq!(
            config.keymap.sequences(kan::reader::Mode::Content, action),
            defaults.keymap.sequences(kan::reader::Mode::Content, action)
        );
    }
    let select_next = config.keymap.sequences(kan::reader::Mode::Outline, kan::reader::Action::SelectNext);
    assert_eq!(select_next.iter().map(ToString::to_string).collect::<Vec<_>>(), ["J"]);
    assert!(config.keymap.conflicts().is_empty());
}

#[test]
fn unbinding_every_quit_key_is_refused_and_the_default_quit_kept() {
    let dir = dir_with_config("[keys.content]\nquit = []\nline_down = \"x\"\n");
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(
        problems,
        [
            "config.toml: no key quits kan: [keys.content] leaves quit unbound (give it a key, like quit = \"q\"; \
          <C-c> always quits)"
        ]
    );
    let quit = config.keymap.sequences(kan::reader::Mode::Content, kan::reader::Action::Quit);
    assert_eq!(quit.iter().map(ToString::to_string).collect::<Vec<_>>(), ["q"]);
    let errors = Config::check(None, Some(dir.path())).expect_err("the check refuses it");
    assert_eq!(errors.0.len(), 1);
    // Quit moved to another key is fine.
    let moved = dir_with_config("[keys.content]\nquit = \"Q\"\n");
    assert_eq!(load_with_problems(moved.path()).1, Vec::<String>::new());
}

#[test]
fn ctrl_c_cannot_be_bound() {
    let dir = dir_with_config("[keys.content]\nline_down = [\"j\", \"<C-c>\"]\n");
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(problems, ["config.toml:2:19: 'line_down': <C-c> always quits kan and cannot be bound"]);
    assert_eq!(config.keymap, Config::defaults().keymap);
}

#[test]
fn a_config_toml_that_is_a_directory_is_a_problem_not_a_stop() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("config.toml")).expect("mkdir");
    let (config, problems) = load_with_problems(dir.path());
    assert_eq!(config, Config::defaults());
    assert_eq!(problems, ["config.toml: cannot read: is a directory"]);
    assert!(Config::check(None, Some(dir.path())).is_err(), "--check-config stays strict");
}

#[test]
fn a_config_dir_under_a_regular_file_is_no_config() {
    // XDG_CONFIG_HOME or HOME pointing at (or under) a file: the default file cannot exist.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-dir");
    fs::write(&file, "x").expect("write");
    let config_dir = file.join("kan");
    let (config, problems) = load_with_problems(&config_dir);
    assert_eq!((config, problems), (Config::defaults(), Vec::new()));
    assert_eq!(Config::check(None, Some(&config_dir)), Ok(None));
    // Asked for by name, the same file is an error.
    let named = config_dir.join("config.toml");
    assert!(Config::load(Some(&named), None, &LoadOptions::default()).is_err());
}

#[test]
fn the_status_bar_summary_names_one_problem_or_counts_them() {
    let one = dir_with_config("[layout]\nmax_width = 1\n");
    let loaded = Config::load(None, Some(one.path()), &LoadOptions::default()).expect("loads");
    assert_eq!(
        loaded.summary().as_deref(),
        Some("config: unknown setting 'max_width' (did you mean 'max_text_width'?); using the default")
    );
    let two = dir_with_config("[layout]\nmax_width = 1\ntab_width = 0\n");
    let loaded = Config::load(None, Some(two.path()), &LoadOptions::default()).expect("loads");
    assert_eq!(
        loaded.summary().as_deref(),
        Some("config: 2 problems, the defaults are used for them (listed on exit)")
    );
    let none = dir_with_config("");
    assert_eq!(
        Config::load(None, Some(none.path()), &LoadOptions::default()).expect("loads").summary(),
        None
    );
}
