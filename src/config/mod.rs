//! Configuration from TOML, merged over the defaults embedded from config.example.toml.
//!
//! config.example.toml is the one source of the defaults: it is read like a user file, over a
//! blank config, and a user file is then read over the result, so a user file only names what it
//! changes. So that starting does not parse TOML, the defaults it gives are compiled into Rust
//! (compiled.rs, generated and checked by the tests). Every error names its file, line and column.

mod compiled;
mod error;
mod read;
mod style;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Serialize;
use strum::IntoEnumIterator;

pub use error::{ConfigError, ConfigErrors, Location};
pub use style::{Colour, Element, Palette, StyleSpec, ThemeName};

use crate::action::{Action, Mode};
use crate::keymap::{ConflictKind, KeySequence, Keymap};

/// The documented example config, embedded: it is the defaults.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// The name the embedded defaults go by in messages.
const EXAMPLE_NAME: &str = "config.example.toml";

/// The file kan reads from the config directory.
pub const FILE_NAME: &str = "config.toml";

/// How text is laid out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayoutSettings {
    /// The widest a line of text may be, in columns.
    pub max_text_width: u16,
    /// The width of the outline pane, in columns.
    pub outline_width: u16,
    /// Show the outline pane when a document with headings opens.
    pub show_outline: bool,
    /// Draw East Asian ambiguous-width characters two columns wide.
    pub ambiguous_wide: bool,
    /// Columns per tab stop.
    pub tab_width: u8,
    /// Show `<ruby>` readings after their base text in web pages and books: 漢字(かんじ).
    pub ruby_readings: bool,
    /// The script Chinese text is shown in.
    pub script: crate::text::script::Script,
}

/// How kan behaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BehaviourSettings {
    /// Reopen a document where it was left.
    pub restore_position: bool,
    /// Use the mouse wheel and clicks.
    pub mouse: bool,
    /// Lines one mouse-wheel step scrolls.
    pub scroll_lines: u16,
    /// Searching past the last match starts again from the top.
    pub search_wrap: bool,
    /// Search finds only text written exactly as typed: no folding of case, width or script.
    pub search_exact: bool,
    /// The largest document kan reads, in MiB.
    pub max_file_size_mib: u32,
}

/// How web pages are fetched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebSettings {
    /// Connect and read timeout, in seconds.
    pub timeout_seconds: u16,
    /// The largest page accepted, in megabytes.
    pub max_megabytes: u16,
}

/// The theme in use and the user's changes to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThemeSettings {
    pub name: ThemeName,
    /// Element styles that replace the named theme's, whichever theme that is.
    #[serde(flatten)]
    pub overrides: Palette,
}

/// The built-in themes, each naming every element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Themes {
    pub dark: Palette,
    pub light: Palette,
    pub plain: Palette,
}

impl Themes {
    pub fn get(&self, name: ThemeName) -> &Palette {
        match name {
            ThemeName::Dark => &self.dark,
            ThemeName::Light => &self.light,
            ThemeName::Plain => &self.plain,
        }
    }

    pub fn get_mut(&mut self, name: ThemeName) -> &mut Palette {
        match name {
            ThemeName::Dark => &mut self.dark,
            ThemeName::Light => &mut self.light,
            ThemeName::Plain => &mut self.plain,
        }
    }
}

/// Everything a user can configure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub layout: LayoutSettings,
    pub behaviour: BehaviourSettings,
    pub web: WebSettings,
    pub theme: ThemeSettings,
    pub themes: Themes,
    /// The key tables; free of conflicts in any `Config` this module hands out.
    pub keymap: Keymap,
}

/// What besides the config file decides the config: the environment and the command line.
/// Passed in so that nothing here reads the real environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `NO_COLOR` is set (and not empty): use the plain theme unless the file names a theme.
    pub no_color: bool,
    /// `--theme NAME`: wins over the file and `NO_COLOR`.
    pub theme: Option<ThemeName>,
}

impl LoadOptions {
    /// The options from this process's environment, with the `--theme` given on the command line.
    pub fn from_env(theme: Option<ThemeName>) -> LoadOptions {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        LoadOptions { no_color, theme }
    }
}

/// The defaults, built once from the example compiled into Rust: reading its TOML took ~1.4 M
/// instructions (~0.3 ms) at every start, and this takes a tenth of that.
static DEFAULTS: LazyLock<Config> = LazyLock::new(compiled::defaults);

impl Config {
    /// The defaults read from the TOML of the embedded example, which is what
    /// src/config/compiled.rs is generated from (the tests check that they agree); use
    /// [`Config::defaults`]. Public for the benches.
    #[doc(hidden)]
    pub fn read_defaults() -> Config {
        let read = read(Config::blank(), EXAMPLE_NAME, EXAMPLE);
        // The tests read the example; a broken one is a bug in kan, not in the user's setup.
        assert!(
            read.errors.is_empty(),
            "the built-in config.example.toml is invalid:\n{}",
            ConfigErrors(read.errors)
        );
        read.config
    }
}

/// A config file read over a base config.
struct Read {
    /// The base with every valid setting of the file applied. A key table the file left
    /// unusable (conflicting keys, no way to quit) is the base's table again.
    config: Config,
    /// The file set `theme.name` itself.
    names_theme: bool,
    /// Everything wrong with the file, in file order.
    errors: Vec<ConfigError>,
}

impl Read {
    /// The config only if the file had nothing wrong: for `--check-config` and [`Config::parse`].
    fn strict(self) -> Result<Config, ConfigErrors> {
        if self.errors.is_empty() { Ok(self.config) } else { Err(ConfigErrors(self.errors)) }
    }
}

/// Reads `text` over `base`, setting by setting, then checks the key tables for conflicts and
/// for a way to quit.
fn read(mut base: Config, file: &str, text: &str) -> Read {
    let base_has_keys = !base.keymap.is_empty();
    let mut reading = read::read_over(&mut base, file, text);
    let mut errors = std::mem::take(&mut reading.errors);
    let mut broken_modes = Vec::new();
    for conflict in base.keymap.conflicts() {
        // Point at the binding this file wrote (the later one if both), and suggest moving the other.
        let written = |(action, keys): &(Action, KeySequence)| {
            reading.key_location(&base.keymap, conflict.mode, *action, keys)
        };
        let (location, other) = match (written(&conflict.first), written(&conflict.second)) {
            (_, Some(location)) => (Some(location), conflict.first.0),
            (location, None) => (location, conflict.second.0),
        };
        let mut message = conflict.to_string();
        if conflict.kind == ConflictKind::SameKeys {
            let _ = write!(message, " (give {0} other keys, or unbind it with {0} = [])", other.name());
        }
        errors.push(match location {
            Some(location) => ConfigError::at(location, message),
            None => ConfigError::in_file(file, message),
        });
        broken_modes.push(conflict.mode);
    }
    // The blank base of the defaults has no keys yet; any real config must leave a way out.
    if base_has_keys && base.keymap.sequences(Mode::Content, Action::Quit).is_empty() {
        errors.push(ConfigError::in_file(
            file,
            format!(
                "no key quits kan: [keys.content] leaves quit unbound (give it a key, like quit = \"q\"; \
                 {} always quits)",
                crate::keymap::ALWAYS_QUIT
            ),
        ));
        broken_modes.push(Mode::Content);
    }
    for mode in broken_modes {
        reading.restore_keys(&mut base.keymap, mode);
    }
    errors.sort_by_key(|error| error.location.as_ref().map(|at| (at.line, at.column)));
    Read { config: base, names_theme: reading.names_theme, errors }
}

/// The config kan runs with, and what was wrong with the user's file: kan used the defaults in
/// place of each problem, which is reported but stops nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub config: Config,
    pub problems: Vec<ConfigError>,
}

impl Loaded {
    /// A one-line summary of the problems for the status bar, if there are any.
    pub fn summary(&self) -> Option<String> {
        match self.problems.len() {
            0 => None,
            1 => Some(format!("config: {}; using the default", self.problems[0].message)),
            n => Some(format!("config: {n} problems, the defaults are used for them (listed on exit)")),
        }
    }
}

impl Config {
    /// Nothing set: what the example is read over. Deliberately not `Default`, which would read
    /// as "the defaults"; a setting missing from the example shows up as its zero here, and the
    /// tests catch that.
    fn blank() -> Config {
        Config {
            layout: LayoutSettings {
                max_text_width: 0,
                outline_width: 0,
                show_outline: false,
                ambiguous_wide: false,
                tab_width: 0,
                ruby_readings: false,
                script: crate::text::script::Script::Original,
            },
            behaviour: BehaviourSettings {
                restore_position: false,
                mouse: false,
                scroll_lines: 0,
                search_wrap: false,
                search_exact: false,
                max_file_size_mib: 0,
            },
            web: WebSettings { timeout_seconds: 0, max_megabytes: 0 },
            theme: ThemeSettings { name: ThemeName::Dark, overrides: Palette::new() },
            themes: Themes { dark: Palette::new(), light: Palette::new(), plain: Palette::new() },
            keymap: Keymap::empty(),
        }
    }

    /// The built-in defaults: config.example.toml.
    pub fn defaults() -> Config {
        DEFAULTS.clone()
    }

    /// The defaults for a start, which needs them once: built afresh, as that costs less than
    /// building the shared copy and cloning it.
    fn fresh_defaults() -> Config {
        compiled::defaults()
    }

    /// A config from the TOML `text` of a user file named `file` (for messages), merged over the
    /// defaults, if it has nothing wrong. The environment plays no part; see [`Config::load`].
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigErrors> {
        read(Config::fresh_defaults(), file, text).strict()
    }

    /// The effective config: the file at `path` or else `config.toml` in `config_dir` (if there
    /// is one), merged over the defaults, with the theme chosen by `options`. `config_dir` is
    /// normally [`default_config_dir`]; tests pass their own.
    ///
    /// Nothing in the file stops kan: each problem is reported in [`Loaded::problems`] and the
    /// default used in its place. Only a `path` that cannot be read is an error, since the user
    /// asked for that very file.
    pub fn load(
        path: Option<&Path>,
        config_dir: Option<&Path>,
        options: &LoadOptions,
    ) -> Result<Loaded, ConfigErrors> {
        let (mut read, problems) = match user_file(path, config_dir) {
            Ok(Some((file, text))) => {
                (read(Config::fresh_defaults(), &file.display().to_string(), &text), Vec::new())
            }
            Ok(None) => (
                Read { config: Config::fresh_defaults(), names_theme: false, errors: Vec::new() },
                Vec::new(),
            ),
            Err(error) if path.is_some() => return Err(ConfigErrors(vec![error])),
            Err(error) => (
                Read { config: Config::fresh_defaults(), names_theme: false, errors: Vec::new() },
                vec![error],
            ),
        };
        if let Some(theme) = options.theme {
            read.config.theme.name = theme;
        } else if options.no_color && !read.names_theme {
            read.config.theme.name = ThemeName::Plain;
        }
        let mut problems = problems;
        problems.append(&mut read.errors);
        Ok(Loaded { config: read.config, problems })
    }

    /// For `kan --check-config [PATH]`: validates the file at `path`, or else `config.toml` in
    /// `config_dir`, strictly. Gives the file checked, or `None` when there is none and the
    /// defaults apply.
    pub fn check(path: Option<&Path>, config_dir: Option<&Path>) -> Result<Option<PathBuf>, ConfigErrors> {
        match user_file(path, config_dir).map_err(|error| ConfigErrors(vec![error]))? {
            Some((file, text)) => read(Config::fresh_defaults(), &file.display().to_string(), &text)
                .strict()
                .map(|_| Some(file)),
            None => Ok(None),
        }
    }

    /// The element styles of the theme in use, with the user's overrides. The plain theme keeps
    /// no colours, whatever the overrides say.
    pub fn palette(&self) -> Palette {
        let mut palette = self.themes.get(self.theme.name).clone();
        palette.extend(self.theme.overrides.iter().map(|(&element, &style)| (element, style)));
        if self.theme.name == ThemeName::Plain {
            for style in palette.values_mut() {
                *style = style.without_colours();
            }
        }
        palette
    }

    /// The config as TOML, for `kan --print-config`: every setting, in the example's order. Read
    /// back with [`Config::parse`], it gives this config again.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        write_section(&mut out, "layout", &self.layout);
        write_section(&mut out, "behaviour", &self.behaviour);
        write_section(&mut out, "web", &self.web);
        let _ = writeln!(out, "\n[theme]\nname = {}", inline(&self.theme.name));
        for (element, style) in &self.theme.overrides {
            let _ = writeln!(out, "{} = {}", element.name(), inline(style));
        }
        for name in ThemeName::iter() {
            let _ = writeln!(out, "\n[themes.{name}]");
            for (element, style) in self.themes.get(name) {
                let _ = writeln!(out, "{} = {}", element.name(), inline(style));
            }
        }
        for mode in Mode::iter() {
            let _ = writeln!(out, "\n[keys.{}]", <&str>::from(mode));
            for action in Action::iter() {
                let sequences = self.keymap.sequences(mode, action);
                // Keep an unbound default visible as `= []`, so the output reads back the same.
                if sequences.is_empty() && DEFAULTS.keymap.sequences(mode, action).is_empty() {
                    continue;
                }
                let _ = writeln!(out, "{} = {}", action.name(), notation(sequences));
            }
        }
        out.trim_start().to_string()
    }
}

/// The user's config file and its text: `path` if given, else `config.toml` in `config_dir`.
/// A default file that is missing, or under something that is not a directory (`HOME` set to a
/// file), is no user config; any other failure to read is an error.
fn user_file(
    path: Option<&Path>,
    config_dir: Option<&Path>,
) -> Result<Option<(PathBuf, String)>, ConfigError> {
    let (file, required) = match (path, config_dir) {
        (Some(path), _) => (path.to_path_buf(), true),
        (None, Some(dir)) => (dir.join(FILE_NAME), false),
        (None, None) => return Ok(None),
    };
    match std::fs::read_to_string(&file) {
        Ok(text) => Ok(Some((file, text))),
        Err(error)
            if !required
                && matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
        {
            Ok(None)
        }
        Err(error) => Err(ConfigError::in_file(
            &file.display().to_string(),
            format!("cannot read: {}", crate::source::io_reason(&error)),
        )),
    }
}

/// kan's config directory: `$XDG_CONFIG_HOME/kan` (or `~/.config/kan`) on Linux, and the
/// platform's equivalent elsewhere.
pub fn default_config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kan").map(|dirs| dirs.config_dir().to_path_buf())
}

/// Keys as the example writes them: one key as a string, several (or none) as a list.
fn notation(sequences: &[KeySequence]) -> String {
    match sequences {
        [only] => inline(&only.to_string()),
        _ => inline(&sequences.iter().map(ToString::to_string).collect::<Vec<_>>()),
    }
}

/// A value in TOML's inline form: `"dark"`, `["j", "<Down>"]`, `{ fg = "yellow", bold = true }`.
fn inline<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    match value.serialize(toml::ser::ValueSerializer::new(&mut out)) {
        Ok(_) => out,
        // Our own types always serialize; an empty value still leaves a readable file.
        Err(_) => "{}".to_string(),
    }
}

/// A `[name]` section of plain settings, in field order.
fn write_section<T: Serialize>(out: &mut String, name: &str, settings: &T) {
    let body = toml::to_string(settings).unwrap_or_default();
    let _ = write!(out, "\n[{name}]\n{body}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Modifiers;

    /// The file the defaults are compiled into.
    const COMPILED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/config/compiled.rs");

    #[test]
    fn the_compiled_defaults_are_the_example_read() {
        let read = Config::read_defaults();
        if std::env::var_os("KAN_UPDATE_DEFAULTS").is_some() {
            std::fs::write(COMPILED, compiled_source(&read)).expect("src/config/compiled.rs is writable");
            return;
        }
        assert!(
            compiled::defaults() == read,
            "src/config/compiled.rs is not config.example.toml: run \
             `KAN_UPDATE_DEFAULTS=1 cargo test --lib config::tests` and `cargo fmt`\n\
             compiled: {:#?}\nexample: {read:#?}",
            compiled::defaults()
        );
    }

    /// compiled.rs for these defaults. Settings and styles are written as their `Debug` form,
    /// which is Rust given the enums' variants in scope, so a new setting needs nothing here.
    fn compiled_source(defaults: &Config) -> String {
        let mut out = String::from(
            "//! The defaults of config.example.toml as Rust, so that starting kan does not parse TOML.\n\
             //! @generated by `config::tests::the_compiled_defaults_are_the_example_read` from the\n\
             //! example read as a user file: do not edit. After changing config.example.toml, run\n\
             //! `KAN_UPDATE_DEFAULTS=1 cargo test --lib config::tests` and `cargo fmt`.\n\n\
             #[allow(unused_imports)]\n\
             use super::style::Colour::*;\n\
             #[allow(unused_imports)]\n\
             use super::style::Element::*;\n\
             use super::{\n    BehaviourSettings, Config, Element, LayoutSettings, Palette, StyleSpec, ThemeName, \
             ThemeSettings, Themes,\n    WebSettings,\n};\n\
             use crate::action::{Action, Mode};\n\
             use crate::keymap::{Key, KeyCode, KeySequence, Keymap, Modifiers};\n\
             #[allow(unused_imports)]\n\
             use crate::text::script::Script::*;\n\n\
             pub(super) fn defaults() -> Config {\n    Config {\n",
        );
        let _ = writeln!(out, "layout: {:?},", defaults.layout);
        let _ = writeln!(out, "behaviour: {:?},", defaults.behaviour);
        let _ = writeln!(out, "web: {:?},", defaults.web);
        let _ = writeln!(
            out,
            "theme: ThemeSettings {{ name: ThemeName::{:?}, overrides: palette(&[{}]) }},",
            defaults.theme.name,
            entries(&defaults.theme.overrides)
        );
        let _ = writeln!(out, "themes: Themes {{");
        for name in ThemeName::iter() {
            let _ = writeln!(out, "{name}: palette(&[{}]),", entries(defaults.themes.get(name)));
        }
        let _ = writeln!(out, "}},\nkeymap: keymap(&[");
        for mode in Mode::iter() {
            for action in Action::iter() {
                let sequences = defaults.keymap.sequences(mode, action);
                if !sequences.is_empty() {
                    let _ = writeln!(out, "// {}", notation(sequences));
                    let keys: Vec<String> = sequences.iter().map(sequence_source).collect();
                    let _ = writeln!(out, "(Mode::{mode:?}, Action::{action:?}, &[{}]),", keys.join(", "));
                }
            }
        }
        out.push_str(
            "]),\n    }\n}\n\n\
             fn palette(styles: &[(Element, StyleSpec)]) -> Palette {\n    styles.iter().copied().collect()\n}\n\n\
             fn keymap(bindings: &[(Mode, Action, &[&[Key]])]) -> Keymap {\n\
             let mut keymap = Keymap::empty();\n\
             for &(mode, action, sequences) in bindings {\n\
             keymap.bind(mode, action, sequences.iter().map(|keys| KeySequence(keys.to_vec())).collect());\n\
             }\n    keymap\n}\n",
        );
        out
    }

    /// A key sequence as Rust: `&[Key::new(KeyCode::Char('g'), Modifiers { .. })]`.
    fn sequence_source(keys: &KeySequence) -> String {
        let modifiers = |modifiers| match modifiers {
            Modifiers::NONE => "Modifiers::NONE".to_string(),
            Modifiers::CTRL => "Modifiers::CTRL".to_string(),
            Modifiers::ALT => "Modifiers::ALT".to_string(),
            Modifiers::SHIFT => "Modifiers::SHIFT".to_string(),
            other => format!("{other:?}"),
        };
        let keys: Vec<String> = keys
            .0
            .iter()
            .map(|key| format!("Key::new(KeyCode::{:?}, {})", key.code(), modifiers(key.modifiers())))
            .collect();
        format!("&[{}]", keys.join(", "))
    }

    fn entries(palette: &Palette) -> String {
        palette
            .iter()
            .map(|(element, style)| format!("({element:?}, {style:?})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
