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
        Ok(config) => config,
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
    assert_eq!(Config::load(None, None, &LoadOptions::default()), Ok(Config::defaults()));
}

#[test]
fn an_explicit_path_wins_over_the_config_dir() {
    let dir = dir_with_config("[layout]\nmax_text_width = 66\n");
    let other = dir.path().join("other.toml");
    fs::write(&other, "[layout]\nmax_text_width = 99\n").expect("write");
    let config = Config::load(Some(&other), Some(dir.path()), &LoadOptions::default()).expect("loads");
    assert_eq!(config.layout.max_text_width, 99);
}

#[test]
fn errors_name_the_file_in_the_config_dir() {
    let dir = dir_with_config("[layout]\nmax_width = 66\n");
    let errors = Config::load(None, Some(dir.path()), &LoadOptions::default()).expect_err("bad");
    let expected = format!(
        "{}:2:1: unknown setting 'max_width' (did you mean 'max_text_width'?)",
        dir.path().join("config.toml").display()
    );
    assert_eq!(errors.to_string(), expected);
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
