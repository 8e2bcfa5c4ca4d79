//! Reads a TOML config over a `Config`, setting by setting, keeping every key's position so each
//! error names its file, line and column, and collecting all errors rather than the first.

use std::cell::OnceCell;
use std::fmt::Display;
use std::ops::Range;

use strum::IntoEnumIterator;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::error::{ConfigError, Location, Locator};
use super::style::{Colour, Element, STYLE_ATTRIBUTES, StyleSpec, ThemeName};
use super::{BehaviourSettings, Config, LayoutSettings, WebSettings};
use crate::action::{Action, Mode};
use crate::keymap::{ALWAYS_QUIT, KeySequence, Keymap};
use crate::text::script::Script;

type Key<'a> = Spanned<DeString<'a>>;
type Value<'a> = Spanned<DeValue<'a>>;

/// What reading one file found, besides the settings it wrote into the config.
pub(super) struct Reading<'t> {
    pub errors: Vec<ConfigError>,
    /// Where the file wrote its key bindings, in file order, so that a conflict can point at them.
    bindings: Vec<Binding>,
    /// The file set `theme.name` itself (so `NO_COLOR` does not override it).
    pub names_theme: bool,
    /// The key tables of the modes the file binds keys in, as they were before it: what a mode
    /// it leaves unusable falls back to. Copied per mode, as copying the whole keymap for every
    /// file cost more than reading a small one.
    base_keys: Keymap,
    /// The modes in `base_keys`.
    bound_modes: Vec<Mode>,
    file: &'t str,
    text: &'t str,
    /// Built at the first error: a file without errors (the defaults) never needs it.
    locator: OnceCell<Locator<'t>>,
}

/// Where one action's keys were written: the keys the action was given, as the keymap keeps
/// them (each once, in order), and the byte offset of the last place each was written.
struct Binding {
    mode: Mode,
    action: Action,
    offsets: Vec<usize>,
}

impl<'t> Reading<'t> {
    pub fn location(&self, offset: usize) -> Location {
        self.locator.get_or_init(|| Locator::new(self.file, self.text)).locate(offset)
    }

    /// Gives `mode` in `keymap` the keys it had before this file, which left it unusable.
    pub fn restore_keys(&self, keymap: &mut Keymap, mode: Mode) {
        // A mode the file bound nothing in is as it was.
        if self.bound_modes.contains(&mode) {
            keymap.copy_mode(mode, &self.base_keys);
        }
    }

    /// Where this file wrote `keys` for `action` in `mode`, if it did and they are still bound
    /// in `keymap`, the keymap the file was read into.
    pub fn key_location(
        &self,
        keymap: &Keymap,
        mode: Mode,
        action: Action,
        keys: &KeySequence,
    ) -> Option<Location> {
        // A later binding of the action replaced every earlier one.
        let binding =
            self.bindings.iter().rev().find(|binding| binding.mode == mode && binding.action == action)?;
        let at = keymap.sequences(mode, action).iter().position(|bound| bound == keys)?;
        binding.offsets.get(at).map(|&offset| self.location(offset))
    }
}

/// Reads `text` (named `file` in messages) over `config`.
pub(super) fn read_over<'t>(config: &mut Config, file: &'t str, text: &'t str) -> Reading<'t> {
    let mut reader = Reader {
        reading: Reading {
            errors: Vec::new(),
            bindings: Vec::new(),
            names_theme: false,
            base_keys: Keymap::empty(),
            bound_modes: Vec::new(),
            file,
            text,
            locator: OnceCell::new(),
        },
    };
    match DeTable::parse(text) {
        Ok(root) => reader.root(config, root.get_ref()),
        Err(error) => {
            let offset = error.span().map_or(0, |span| span.start);
            let message = error.message().trim().to_string();
            reader.reading.errors.push(ConfigError::at(reader.location(offset), message));
        }
    }
    reader.reading
}

const SECTIONS: &[&str] = &["layout", "behaviour", "web", "theme", "themes", "keys"];

struct Reader<'t> {
    reading: Reading<'t>,
}

impl Reader<'_> {
    fn location(&self, offset: usize) -> Location {
        self.reading.location(offset)
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let location = self.location(span.start);
        self.reading.errors.push(ConfigError::at(location, message));
    }

    /// "unknown setting 'max_width' (did you mean 'max_text_width'?)", or the list of known ones.
    fn unknown(&mut self, what: &str, key: &Key<'_>, known: &[&str]) {
        let name = key.get_ref().as_ref();
        let message = match closest(name, known.iter().copied()) {
            Some(best) => format!("unknown {what} '{name}' (did you mean '{best}'?)"),
            None => format!("unknown {what} '{name}' (expected {})", one_of(known)),
        };
        self.error(key.span(), message);
    }

    fn table<'v, 'i>(&mut self, key: &Key<'_>, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            let name = key.get_ref();
            self.error(value.span(), format!("'{name}' must be a table, not {}", a(value.get_ref())));
        }
        table
    }

    fn root(&mut self, config: &mut Config, root: &DeTable<'_>) {
        for (key, value) in root {
            let section = key.get_ref().as_ref();
            if !SECTIONS.contains(&section) {
                self.unknown("section", key, SECTIONS);
                continue;
            }
            let Some(table) = self.table(key, value) else { continue };
            match section {
                "layout" => self.layout(&mut config.layout, table),
                "behaviour" => self.behaviour(&mut config.behaviour, table),
                "web" => self.web(&mut config.web, table),
                "theme" => self.theme(config, table),
                "themes" => self.themes(config, table),
                _ => self.keys(config, table),
            }
        }
    }

    fn layout(&mut self, layout: &mut LayoutSettings, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &[
            "max_text_width",
            "outline_width",
            "show_outline",
            "ambiguous_wide",
            "tab_width",
            "script",
            "ruby_readings",
        ];
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "max_text_width" => set(&mut layout.max_text_width, self.number(key, value, 10, 10000)),
                "outline_width" => set(&mut layout.outline_width, self.number(key, value, 10, 200)),
                "show_outline" => set(&mut layout.show_outline, self.boolean(key, value)),
                "ambiguous_wide" => set(&mut layout.ambiguous_wide, self.boolean(key, value)),
                "tab_width" => set(&mut layout.tab_width, self.number(key, value, 1, 16)),
                "script" => set(&mut layout.script, self.script(value)),
                "ruby_readings" => set(&mut layout.ruby_readings, self.boolean(key, value)),
                _ => self.unknown("setting", key, KNOWN),
            }
        }
    }

    fn web(&mut self, web: &mut WebSettings, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &["timeout_seconds", "max_megabytes"];
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "timeout_seconds" => set(&mut web.timeout_seconds, self.number(key, value, 1, 3600)),
                "max_megabytes" => set(&mut web.max_megabytes, self.number(key, value, 1, 4096)),
                _ => self.unknown("setting", key, KNOWN),
            }
        }
    }

    fn behaviour(&mut self, behaviour: &mut BehaviourSettings, table: &DeTable<'_>) {
        const KNOWN: &[&str] = &[
            "restore_position",
            "mouse",
            "scroll_lines",
            "search_wrap",
            "search_exact",
            "max_file_size_mib",
        ];
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "restore_position" => set(&mut behaviour.restore_position, self.boolean(key, value)),
                "mouse" => set(&mut behaviour.mouse, self.boolean(key, value)),
                "scroll_lines" => set(&mut behaviour.scroll_lines, self.number(key, value, 1, 100)),
                "search_wrap" => set(&mut behaviour.search_wrap, self.boolean(key, value)),
                "search_exact" => set(&mut behaviour.search_exact, self.boolean(key, value)),
                "max_file_size_mib" => {
                    set(&mut behaviour.max_file_size_mib, self.number(key, value, 1, 1 << 20))
                }
                _ => self.unknown("setting", key, KNOWN),
            }
        }
    }

    fn theme(&mut self, config: &mut Config, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name == "name" {
                if let Some(theme) = self.theme_name(value) {
                    config.theme.name = theme;
                    self.reading.names_theme = true;
                }
            } else if let Ok(element) = name.parse::<Element>() {
                if let Some(style) = self.style(key, value) {
                    config.theme.overrides.insert(element, style);
                }
            } else {
                let known: Vec<&str> =
                    std::iter::once("name").chain(Element::iter().map(Element::name)).collect();
                self.unknown("setting", key, &known);
            }
        }
    }

    fn script(&mut self, value: &Value<'_>) -> Option<Script> {
        let script = value.get_ref().as_str().and_then(|name| name.parse::<Script>().ok());
        if script.is_none() {
            let names: Vec<&str> = Script::iter().map(Script::name).collect();
            self.error(
                value.span(),
                format!("'script' must be one of {}, not {}", one_of(&names), a(value.get_ref())),
            );
        }
        script
    }

    fn theme_name(&mut self, value: &Value<'_>) -> Option<ThemeName> {
        let Some(name) = value.get_ref().as_str() else {
            self.error(value.span(), format!("'name' must be a theme name, not {}", a(value.get_ref())));
            return None;
        };
        let theme = name.parse::<ThemeName>().ok();
        if theme.is_none() {
            self.error(value.span(), unknown_theme(name));
        }
        theme
    }

    fn themes(&mut self, config: &mut Config, table: &DeTable<'_>) {
        for (key, value) in table {
            let Ok(theme) = key.get_ref().parse::<ThemeName>() else {
                self.error(key.span(), unknown_theme(key.get_ref()));
                continue;
            };
            let Some(elements) = self.table(key, value) else { continue };
            for (element_key, style_value) in elements {
                let Ok(element) = element_key.get_ref().parse::<Element>() else {
                    let known: Vec<&str> = Element::iter().map(Element::name).collect();
                    self.unknown("theme element", element_key, &known);
                    continue;
                };
                if let Some(style) = self.style(element_key, style_value) {
                    config.themes.get_mut(theme).insert(element, style);
                }
            }
        }
    }

    /// A style: a bare colour (the foreground) or a table of fg, bg and attributes.
    fn style(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<StyleSpec> {
        let element = key.get_ref().as_ref();
        let Some(table) = value.get_ref().as_table() else {
            return Some(StyleSpec { fg: Some(self.colour(element, value)?), ..StyleSpec::default() });
        };
        let mut style = StyleSpec::default();
        let mut ok = true;
        for (attribute, setting) in table {
            let flag = match attribute.get_ref().as_ref() {
                "fg" => {
                    style.fg = self.colour(element, setting);
                    ok &= style.fg.is_some();
                    continue;
                }
                "bg" => {
                    style.bg = self.colour(element, setting);
                    ok &= style.bg.is_some();
                    continue;
                }
                "bold" => &mut style.bold,
                "italic" => &mut style.italic,
                "underline" => &mut style.underline,
                "reverse" => &mut style.reverse,
                "dim" => &mut style.dim,
                _ => {
                    self.unknown("style attribute", attribute, STYLE_ATTRIBUTES);
                    ok = false;
                    continue;
                }
            };
            match self.boolean(attribute, setting) {
                Some(set) => *flag = set,
                None => ok = false,
            }
        }
        ok.then_some(style)
    }

    fn colour(&mut self, element: &str, value: &Value<'_>) -> Option<Colour> {
        const EXPECTED: &str = "a colour is a name such as red or light_blue, \"#rrggbb\", or 0 to 255";
        let colour = match value.get_ref() {
            DeValue::String(text) => {
                let colour = Colour::from_name(text);
                if colour.is_none() {
                    let hint = match Colour::suggest(text) {
                        Some(best) => format!("did you mean '{best}'?"),
                        None => EXPECTED.to_string(),
                    };
                    self.error(value.span(), format!("'{element}': unknown colour '{text}' ({hint})"));
                }
                return colour;
            }
            DeValue::Integer(integer) => {
                i64::from_str_radix(integer.as_str(), integer.radix()).ok().and_then(|n| u8::try_from(n).ok())
            }
            _ => None,
        };
        if colour.is_none() {
            let found = a(value.get_ref());
            self.error(value.span(), format!("'{element}': unknown colour {found} ({EXPECTED})"));
        }
        colour.map(Colour::Indexed)
    }

    /// `[keys.MODE]` tables of bindings, and `[keys]` entries that name an action directly,
    /// which bind in the content mode (`[keys] next_heading = "n"`).
    fn keys(&mut self, config: &mut Config, table: &DeTable<'_>) {
        let modes: Vec<&str> = Mode::iter().map(<&str>::from).collect();
        for (key, value) in table {
            if !matches!(value.get_ref(), DeValue::Table(_)) {
                self.bind(config, Mode::Content, key, value);
                continue;
            }
            let Some(mode) = Mode::iter().find(|&mode| <&str>::from(mode) == key.get_ref().as_ref()) else {
                self.unknown("key table", key, &modes);
                continue;
            };
            let Some(bindings) = self.table(key, value) else { continue };
            for (action_key, keys_value) in bindings {
                self.bind(config, mode, action_key, keys_value);
            }
        }
    }

    fn bind(&mut self, config: &mut Config, mode: Mode, action_key: &Key<'_>, keys_value: &Value<'_>) {
        let Ok(action) = action_key.get_ref().parse::<Action>() else {
            let known: Vec<&str> = Action::iter().map(Action::name).collect();
            self.unknown("action", action_key, &known);
            return;
        };
        if let Some(sequences) = self.sequences(action, keys_value) {
            // Each sequence once, as the keymap keeps it, located where it was written last.
            let mut bound: Vec<KeySequence> = Vec::with_capacity(sequences.len());
            let mut offsets = Vec::with_capacity(sequences.len());
            for (sequence, span) in sequences {
                match bound.iter().position(|earlier| *earlier == sequence) {
                    Some(at) => offsets[at] = span.start,
                    None => {
                        bound.push(sequence);
                        offsets.push(span.start);
                    }
                }
            }
            self.reading.bindings.push(Binding { mode, action, offsets });
            if !self.reading.bound_modes.contains(&mode) {
                self.reading.bound_modes.push(mode);
                self.reading.base_keys.copy_mode(mode, &config.keymap);
            }
            config.keymap.bind(mode, action, bound);
        }
    }

    /// One key sequence or a list of them; an empty list unbinds.
    fn sequences(&mut self, action: Action, value: &Value<'_>) -> Option<Vec<(KeySequence, Range<usize>)>> {
        let items: Vec<&Value<'_>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(array) => array.iter().collect(),
            other => {
                let name = action.name();
                self.error(
                    value.span(),
                    format!("'{name}' must be a key or a list of keys, not {}", a(other)),
                );
                return None;
            }
        };
        let mut sequences = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let Some(text) = item.get_ref().as_str() else {
                let name = action.name();
                self.error(
                    item.span(),
                    format!("'{name}': a key is a string like \"<C-d>\", not {}", a(item.get_ref())),
                );
                ok = false;
                continue;
            };
            match text.parse::<KeySequence>() {
                Ok(sequence) if sequence.0.contains(&ALWAYS_QUIT) => {
                    let message =
                        format!("'{}': {ALWAYS_QUIT} always quits kan and cannot be bound", action.name());
                    self.error(item.span(), message);
                    ok = false;
                }
                Ok(sequence) => sequences.push((sequence, item.span())),
                Err(error) => {
                    self.error(item.span(), format!("'{}': {error}", action.name()));
                    ok = false;
                }
            }
        }
        ok.then_some(sequences)
    }

    fn boolean(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<bool> {
        let flag = value.get_ref().as_bool();
        if flag.is_none() {
            let name = key.get_ref();
            self.error(value.span(), format!("'{name}' must be true or false, not {}", a(value.get_ref())));
        }
        flag
    }

    /// A whole number in `min..=max`.
    fn number<T>(&mut self, key: &Key<'_>, value: &Value<'_>, min: T, max: T) -> Option<T>
    where
        T: TryFrom<i64> + Into<i64> + Copy + Display,
    {
        let parsed = match value.get_ref() {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix()).ok(),
            _ => None,
        };
        let in_range =
            parsed.filter(|n| (min.into()..=max.into()).contains(n)).and_then(|n| T::try_from(n).ok());
        if in_range.is_none() {
            let name = key.get_ref();
            let found = match parsed {
                Some(n) => n.to_string(),
                None => a(value.get_ref()),
            };
            self.error(
                value.span(),
                format!("'{name}' must be a whole number from {min} to {max}, not {found}"),
            );
        }
        in_range
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

fn unknown_theme(name: &str) -> String {
    let names: Vec<&str> = ThemeName::iter().map(ThemeName::name).collect();
    match closest(name, names.iter().copied()) {
        Some(best) => format!("unknown theme '{name}' (did you mean '{best}'?)"),
        None => format!("unknown theme '{name}' (expected {})", one_of(&names)),
    }
}

/// The known name most like `name`, if any is close enough to be a likely typo.
pub(crate) fn closest<'k>(name: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// "a, b or c".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A value as named in a message: `a string "wide"`, `a table`, `true`.
fn a(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("a string \"{text}\""),
        DeValue::Integer(integer) => format!("the number {}", integer.as_str()),
        DeValue::Float(float) => format!("the number {}", float.as_str()),
        DeValue::Boolean(flag) => flag.to_string(),
        DeValue::Datetime(_) => "a date".to_string(),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}
