//! Key notation ("<C-d>", "g g") and resolving key sequences to actions per mode.
//!
//! Terminal-free: the runtime turns terminal events into [`Key`]s, and the help overlay and
//! status hints read the same tables that resolve keys, so they are never stale.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use strum::IntoEnumIterator;

use crate::action::{Action, Mode};

/// Modifier keys held with a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Modifiers {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Modifiers {
    pub const NONE: Modifiers = Modifiers { ctrl: false, alt: false, shift: false };
    pub const CTRL: Modifiers = Modifiers { ctrl: true, alt: false, shift: false };
    pub const ALT: Modifiers = Modifiers { ctrl: false, alt: true, shift: false };
    pub const SHIFT: Modifiers = Modifiers { ctrl: false, alt: false, shift: true };

    fn is_empty(self) -> bool {
        self == Modifiers::NONE
    }
}

/// A key without its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A character, in the case it was typed (`G` is shift+g).
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// A function key, F1 to F24.
    F(u8),
}

/// One key press: a code and the modifiers held with it.
///
/// Built with [`Key::new`], which folds shift into characters, so that `G` from a terminal that
/// reports shift+`G` and from one that reports plain `G` are the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCode,
    modifiers: Modifiers,
}

impl Key {
    /// A key from a code and modifiers. For characters shift is dropped (the character's case
    /// already says it), and shift with a lowercase ASCII letter gives the uppercase letter.
    pub const fn new(code: KeyCode, modifiers: Modifiers) -> Key {
        match code {
            KeyCode::Char(c) if modifiers.shift => Key {
                code: KeyCode::Char(c.to_ascii_uppercase()),
                modifiers: Modifiers { shift: false, ..modifiers },
            },
            _ => Key { code, modifiers },
        }
    }

    /// A character typed without ctrl or alt.
    pub fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c), Modifiers::NONE)
    }

    pub fn code(self) -> KeyCode {
        self.code
    }

    pub fn modifiers(self) -> Modifiers {
        self.modifiers
    }
}

/// Ctrl-C quits in every mode, whatever the config says: a config can never leave the reader
/// without a way out. It cannot be bound to anything else.
pub const ALWAYS_QUIT: Key = Key { code: KeyCode::Char('c'), modifiers: Modifiers::CTRL };

/// Named keys as written between angle brackets; the first spelling of each is the one shown.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("CR", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BS", KeyCode::Backspace),
    ("Backspace", KeyCode::Backspace),
    ("Del", KeyCode::Delete),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Ins", KeyCode::Insert),
    ("Space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

/// Why a key could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key")]
    Empty,
    #[error("unknown key '{name}'{}", suggestion_text(.suggestion))]
    UnknownName { name: String, suggestion: Option<String> },
    #[error("unknown modifier '{modifier}' in '{key}' (expected C-, A-, M- or S-)")]
    UnknownModifier { modifier: String, key: String },
    #[error("'{0}' is not one key; write a sequence with spaces, like '{1}'")]
    NotOneKey(String, String),
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean '{s}'?)"),
        None => String::new(),
    }
}

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(token: &str) -> Result<Key, KeyParseError> {
        let mut chars = token.chars();
        match (chars.next(), chars.next()) {
            (None, _) => return Err(KeyParseError::Empty),
            (Some(c), None) => return Ok(Key::char(c)),
            _ => {}
        }
        let Some(inner) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
            if token.starts_with('<') {
                return Err(unknown_name(token));
            }
            let spaced: Vec<String> = token.chars().map(|c| c.to_string()).collect();
            return Err(KeyParseError::NotOneKey(token.to_string(), spaced.join(" ")));
        };
        let mut modifiers = Modifiers::NONE;
        let mut rest = inner;
        // "X-" prefixes are modifiers as long as something follows: "<C-->" is ctrl and '-'.
        while let Some((prefix, tail)) = rest.split_once('-') {
            if tail.is_empty() || prefix.chars().count() != 1 {
                break;
            }
            match prefix {
                "C" | "c" => modifiers.ctrl = true,
                "A" | "a" | "M" | "m" => modifiers.alt = true,
                "S" | "s" => modifiers.shift = true,
                _ => {
                    return Err(KeyParseError::UnknownModifier {
                        modifier: format!("{prefix}-"),
                        key: token.to_string(),
                    });
                }
            }
            rest = tail;
        }
        let mut rest_chars = rest.chars();
        let code = match (rest_chars.next(), rest_chars.next()) {
            (None, _) => return Err(unknown_name(token)),
            (Some(c), None) => KeyCode::Char(c),
            _ => named_code(rest).ok_or_else(|| unknown_name(token))?,
        };
        Ok(Key::new(code, modifiers))
    }
}

fn named_code(name: &str) -> Option<KeyCode> {
    if let Some(number) = name.strip_prefix(['F', 'f'])
        && let Ok(n) = number.parse::<u8>()
        && (1..=24).contains(&n)
    {
        return Some(KeyCode::F(n));
    }
    NAMED_KEYS.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|&(_, code)| code)
}

fn unknown_name(token: &str) -> KeyParseError {
    let inner = token.trim_start_matches('<').trim_end_matches('>');
    let suggestion = NAMED_KEYS
        .iter()
        .map(|(name, _)| {
            (strsim::jaro_winkler(&name.to_ascii_lowercase(), &inner.to_ascii_lowercase()), name)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!("<{name}>"));
    KeyParseError::UnknownName { name: token.to_string(), suggestion }
}

/// The name a key is written by between angle brackets, if it has one; a function key's number
/// follows its name.
fn code_name(code: KeyCode) -> Option<&'static str> {
    match code {
        KeyCode::F(_) => Some("F"),
        KeyCode::Char(c) if c != ' ' && c != '<' => None,
        _ => NAMED_KEYS.iter().find(|(_, known)| *known == code).map(|&(name, _)| name),
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = code_name(self.code);
        if self.modifiers.is_empty()
            && name.is_none()
            && let KeyCode::Char(c) = self.code
        {
            return f.write_char(c);
        }
        f.write_str("<")?;
        if self.modifiers.ctrl {
            f.write_str("C-")?;
        }
        if self.modifiers.alt {
            f.write_str("A-")?;
        }
        if self.modifiers.shift {
            f.write_str("S-")?;
        }
        match (name, self.code) {
            (Some(name), KeyCode::F(n)) => write!(f, "{name}{n}")?,
            (Some(name), _) => f.write_str(name)?,
            (None, KeyCode::Char(c)) => f.write_char(c)?,
            (None, _) => {}
        }
        f.write_str(">")
    }
}

/// One or more keys pressed in turn, written with spaces between them: "g g".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySequence(pub Vec<Key>);

impl FromStr for KeySequence {
    type Err = KeyParseError;

    fn from_str(text: &str) -> Result<KeySequence, KeyParseError> {
        let keys = text.split_whitespace().map(str::parse).collect::<Result<Vec<Key>, _>>()?;
        if keys.is_empty() {
            // A lone " " is a space typed in the config; name it instead.
            return Err(if text.is_empty() { KeyParseError::Empty } else { unknown_name(text) });
        }
        Ok(KeySequence(keys))
    }
}

impl fmt::Display for KeySequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_keys(f, &self.0)
    }
}

/// Keys in notation, separated by spaces: for the pending keys in the status bar.
pub fn display_keys(keys: &[Key]) -> String {
    let mut text = String::new();
    let _ = write_keys(&mut text, keys);
    text
}

fn write_keys(out: &mut impl fmt::Write, keys: &[Key]) -> fmt::Result {
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        write!(out, "{key}")?;
    }
    Ok(())
}

/// What a key press means, given the keys already pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The keys so far begin a sequence: keep them pending and wait for the next key.
    Pending,
    /// The keys complete a binding: clear the pending keys and run the action.
    Action(Action),
    /// Nothing is bound to these keys: clear the pending keys.
    Unbound,
}

/// How two bindings in one mode collide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// The same keys are bound to two actions.
    SameKeys,
    /// The first binding's keys begin the second's, so the second could never be typed.
    Prefix,
}

/// Two bindings that cannot both hold in one mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub mode: Mode,
    pub kind: ConflictKind,
    pub first: (Action, KeySequence),
    pub second: (Action, KeySequence),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode: &'static str = self.mode.into();
        let (first_action, first_keys) = &self.first;
        let (second_action, second_keys) = &self.second;
        match self.kind {
            ConflictKind::SameKeys => write!(
                f,
                "'{first_keys}' is bound to both {} and {} in [keys.{mode}]",
                first_action.name(),
                second_action.name()
            ),
            ConflictKind::Prefix => write!(
                f,
                "'{first_keys}' ({}) is the start of '{second_keys}' ({}) in [keys.{mode}]; \
                 a key cannot both act and begin a sequence",
                first_action.name(),
                second_action.name()
            ),
        }
    }
}

/// The keys bound in one mode.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Table {
    /// The sequences of each action, at the action's place in `Action` order; empty if unbound.
    by_action: Vec<Vec<KeySequence>>,
    /// Every bound sequence and its action, sorted by keys (a sequence sorts right after its
    /// prefixes).
    by_keys: Vec<Lookup>,
}

/// One bound sequence in the lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Lookup {
    keys: KeySequence,
    /// Where conflicting bindings share the keys, the first action in `Action` order, which
    /// keeps the lookup deterministic until the config rejects the conflict.
    action: Action,
    /// How many actions are bound to the keys: more than one is a conflict.
    holders: usize,
}

impl Default for Table {
    fn default() -> Table {
        Table { by_action: vec![Vec::new(); Action::iter().len()], by_keys: Vec::new() }
    }
}

impl Table {
    fn lookup(&self, keys: &KeySequence) -> Result<usize, usize> {
        self.by_keys.binary_search_by(|bound| bound.keys.cmp(keys))
    }

    /// Adds `keys` of `action` to the lookup. Updated binding by binding rather than rebuilt:
    /// the defaults make ~100 bindings, and rebuilding for each was most of their cost.
    fn link(&mut self, keys: &KeySequence, action: Action) {
        match self.lookup(keys) {
            Ok(at) => {
                let bound = &mut self.by_keys[at];
                bound.holders += 1;
                if (action as usize) < (bound.action as usize) {
                    bound.action = action;
                }
            }
            Err(at) => self.by_keys.insert(at, Lookup { keys: keys.clone(), action, holders: 1 }),
        }
    }

    /// Takes `keys` of `action` out of the lookup, once `action` no longer holds them: another
    /// action bound to the same keys (a conflict) takes them over.
    fn unlink(&mut self, keys: &KeySequence, action: Action) {
        let Ok(at) = self.lookup(keys) else { return };
        let bound = &mut self.by_keys[at];
        bound.holders -= 1;
        if bound.holders == 0 {
            self.by_keys.remove(at);
        } else if bound.action == action {
            let next = Action::iter().zip(&self.by_action).find(|(_, bound)| bound.contains(keys));
            if let Some((other, _)) = next {
                self.by_keys[at].action = other;
            }
        }
    }
}

/// One key table per mode. Built by the config, which rejects conflicts before handing it out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    tables: BTreeMap<Mode, Table>,
}

impl Keymap {
    /// A keymap with nothing bound.
    pub fn empty() -> Keymap {
        Keymap::default()
    }

    /// Whether nothing is bound in any mode.
    pub fn is_empty(&self) -> bool {
        self.tables.values().all(|table| table.by_keys.is_empty())
    }

    /// Makes `mode`'s bindings those of `mode` in `other`: a config falls back to the defaults'
    /// table for a mode it left unusable.
    pub fn copy_mode(&mut self, mode: Mode, other: &Keymap) {
        match other.tables.get(&mode) {
            Some(table) => self.tables.insert(mode, table.clone()),
            None => self.tables.remove(&mode),
        };
    }

    /// Binds `action` in `mode` to exactly these sequences, replacing what it had. An empty list
    /// unbinds it. Repeated sequences are kept once.
    pub fn bind(&mut self, mode: Mode, action: Action, sequences: Vec<KeySequence>) {
        let mut unique: Vec<KeySequence> = Vec::with_capacity(sequences.len());
        for keys in sequences {
            if !unique.contains(&keys) {
                unique.push(keys);
            }
        }
        let table = self.tables.entry(mode).or_default();
        // Out of the table while the lookup is updated, so that `unlink` finds other holders only.
        let old = std::mem::take(&mut table.by_action[action as usize]);
        for keys in &old {
            table.unlink(keys, action);
        }
        for keys in &unique {
            table.link(keys, action);
        }
        table.by_action[action as usize] = unique;
    }

    /// What `key` means in `mode` after the `pending` keys; [`ALWAYS_QUIT`] always quits. No
    /// timeout: a pending sequence waits until the next key completes it or proves it unbound.
    pub fn resolve(&self, mode: Mode, pending: &[Key], key: Key) -> Resolution {
        if key == ALWAYS_QUIT {
            return Resolution::Action(Action::Quit);
        }
        let Some(table) = self.tables.get(&mode) else {
            return Resolution::Unbound;
        };
        let mut typed = Vec::with_capacity(pending.len() + 1);
        typed.extend_from_slice(pending);
        typed.push(key);
        let typed = KeySequence(typed);
        let next = match table.lookup(&typed) {
            Ok(at) => return Resolution::Action(table.by_keys[at].action),
            Err(next) => next,
        };
        // Sequences sort right after their prefixes, so the next one tells.
        match table.by_keys.get(next) {
            Some(bound) if bound.keys.0.starts_with(&typed.0) => Resolution::Pending,
            _ => Resolution::Unbound,
        }
    }

    /// The sequences bound to `action` in `mode`, in the order the config gave them.
    pub fn sequences(&self, mode: Mode, action: Action) -> &[KeySequence] {
        self.tables.get(&mode).map_or(&[], |table| table.by_action[action as usize].as_slice())
    }

    /// Every bound action in `mode`, in `Action` order, with its keys in notation: for the help.
    /// Quit is in every mode, with [`ALWAYS_QUIT`] after its configured keys.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        Action::iter()
            .filter_map(|action| {
                let mut keys: Vec<String> =
                    self.sequences(mode, action).iter().map(ToString::to_string).collect();
                if action == Action::Quit {
                    keys.push(ALWAYS_QUIT.to_string());
                }
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect()
    }

    /// How many actions [`Keymap::bindings`] lists for `mode`.
    pub fn bound_actions(&self, mode: Mode) -> usize {
        Action::iter()
            .filter(|&action| action == Action::Quit || !self.sequences(mode, action).is_empty())
            .count()
    }

    /// The first key bound to `action` in `mode`, for status-bar hints ("? help").
    pub fn hint(&self, mode: Mode, action: Action) -> Option<String> {
        self.sequences(mode, action).first().map(ToString::to_string)
    }

    /// Every pair of bindings that collide, per mode: the same keys for two actions, or keys that
    /// begin a longer sequence.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        for (&mode, table) in &self.tables {
            let mut all: Vec<(&KeySequence, Action)> = Vec::new();
            for (action, bound) in Action::iter().zip(&table.by_action) {
                for keys in bound {
                    all.push((keys, action));
                }
            }
            // Stable sort keeps action order among equal keys.
            all.sort_by(|a, b| a.0.cmp(b.0));
            for (i, &(keys, action)) in all.iter().enumerate() {
                for &(later_keys, later_action) in &all[i + 1..] {
                    let kind = if later_keys == keys {
                        ConflictKind::SameKeys
                    } else if later_keys.0.starts_with(&keys.0) {
                        ConflictKind::Prefix
                    } else {
                        break;
                    };
                    conflicts.push(Conflict {
                        mode,
                        kind,
                        first: (action, keys.clone()),
                        second: (later_action, later_keys.clone()),
                    });
                }
            }
        }
        conflicts
    }
}

/// The keys of every bound action, per mode, as the user sees them ("g g", "<Enter>"): the one
/// place every user-facing hint takes key names from, so hints follow a remapped key. Built from
/// the keymap in force; the reader keeps a copy for its status messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHints {
    /// Per mode, in `Mode` order, the first keys of each action, at its place in `Action` order.
    keys: Vec<Vec<Option<String>>>,
}

impl KeyHints {
    pub fn new(keymap: &Keymap) -> KeyHints {
        let keys = Mode::iter()
            .map(|mode| Action::iter().map(|action| keymap.hint(mode, action)).collect())
            .collect();
        KeyHints { keys }
    }

    /// The first key bound to `action` in `mode`, if any: every hint names keys through this.
    pub fn key(&self, mode: Mode, action: Action) -> Option<&str> {
        self.keys[mode as usize][action as usize].as_deref()
    }

    /// "`key` `what`" ("? help"), or nothing when `action` has no key in `mode`.
    pub fn hint(&self, mode: Mode, action: Action, what: &str) -> Option<String> {
        self.key(mode, action).map(|key| format!("{key} {what}"))
    }

    /// Hints for several actions, joined by `separator`; unbound actions are left out.
    pub fn line(&self, mode: Mode, hints: &[(Action, &str)], separator: &str) -> String {
        hints
            .iter()
            .filter_map(|&(action, what)| self.hint(mode, action, what))
            .collect::<Vec<_>>()
            .join(separator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().expect("valid key")
    }

    fn seq(text: &str) -> KeySequence {
        text.parse().expect("valid sequence")
    }

    #[test]
    fn ctrl_c_quits_in_every_mode_whatever_is_bound() {
        let mut keymap = Keymap::empty();
        keymap.bind(Mode::Content, Action::Top, vec![seq("g g")]);
        for mode in Mode::iter() {
            assert_eq!(keymap.resolve(mode, &[], key("<C-c>")), Resolution::Action(Action::Quit));
            assert_eq!(keymap.resolve(mode, &[key("g")], key("<C-c>")), Resolution::Action(Action::Quit));
            // The help says so, in every mode.
            assert!(keymap.bindings(mode).contains(&(Action::Quit, vec!["<C-c>".to_string()])), "{mode:?}");
        }
        keymap.bind(Mode::Content, Action::Quit, vec![seq("q")]);
        let help = keymap.bindings(Mode::Content);
        assert!(help.contains(&(Action::Quit, vec!["q".to_string(), "<C-c>".to_string()])));
    }

    #[test]
    fn parses_named_and_modified_keys() {
        assert_eq!(key("<C-x>"), Key::new(KeyCode::Char('x'), Modifiers::CTRL));
        assert_eq!(key("<A-x>"), Key::new(KeyCode::Char('x'), Modifiers::ALT));
        assert_eq!(key("<M-x>"), key("<A-x>"));
        assert_eq!(key("<S-Tab>"), Key::new(KeyCode::Tab, Modifiers::SHIFT));
        assert_eq!(key("<enter>"), Key::new(KeyCode::Enter, Modifiers::NONE));
        assert_eq!(key("<BS>"), key("<Backspace>"));
        assert_eq!(key("<Space>"), Key::char(' '));
        assert_eq!(key("<F12>"), Key::new(KeyCode::F(12), Modifiers::NONE));
        assert_eq!(key("<C-->"), Key::new(KeyCode::Char('-'), Modifiers::CTRL));
        assert_eq!(
            key("<C-A-Right>"),
            Key::new(KeyCode::Right, Modifiers { ctrl: true, alt: true, shift: false })
        );
    }

    #[test]
    fn parses_single_characters_including_cjk_and_brackets() {
        for c in ['?', '[', ']', '{', '}', '\'', '/', '看', 'G', '<', '>', '-'] {
            assert_eq!(key(&c.to_string()), Key::char(c));
        }
    }

    #[test]
    fn shift_folds_into_characters() {
        assert_eq!(key("<S-g>"), key("G"));
        assert_eq!(Key::new(KeyCode::Char('G'), Modifiers::SHIFT), key("G"));
        assert_ne!(key("<S-Enter>"), key("<Enter>"));
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "j",
            "G",
            "?",
            "看",
            "<Space>",
            "<lt>",
            "<C-x>",
            "<A-Right>",
            "<S-Tab>",
            "<Enter>",
            "<Esc>",
            "<BS>",
            "<PageDown>",
            "<F1>",
            "<C-A-x>",
            "<C-Space>",
        ] {
            assert_eq!(key(text).to_string(), text);
        }
        assert_eq!(key("<CR>").to_string(), "<Enter>");
        assert_eq!(seq("g   g").to_string(), "g g");
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        assert_eq!(key_err("gg"), KeyParseError::NotOneKey("gg".into(), "g g".into()));
        assert!(matches!(key_err("<Foo>"), KeyParseError::UnknownName { suggestion: None, .. }));
        assert_eq!(
            key_err("<PageDwn>"),
            KeyParseError::UnknownName { name: "<PageDwn>".into(), suggestion: Some("<PageDown>".into()) }
        );
        assert!(matches!(key_err("<X-a>"), KeyParseError::UnknownModifier { .. }));
        assert_eq!(key_err(""), KeyParseError::Empty);
        assert!(matches!(key_err("<F25>"), KeyParseError::UnknownName { .. }));
        assert!(" ".parse::<KeySequence>().is_err());
    }

    fn key_err(text: &str) -> KeyParseError {
        text.parse::<Key>().expect_err("should not parse")
    }

    fn sample() -> Keymap {
        let mut keymap = Keymap::empty();
        keymap.bind(Mode::Content, Action::Top, vec![seq("g g"), seq("<Home>")]);
        keymap.bind(Mode::Content, Action::LineDown, vec![seq("j")]);
        keymap.bind(Mode::Content, Action::NextHeading, vec![seq("] ]")]);
        keymap
    }

    #[test]
    fn sequences_wait_without_a_timeout() {
        let keymap = sample();
        assert_eq!(keymap.resolve(Mode::Content, &[], key("g")), Resolution::Pending);
        assert_eq!(keymap.resolve(Mode::Content, &[key("g")], key("g")), Resolution::Action(Action::Top));
        assert_eq!(keymap.resolve(Mode::Content, &[key("g")], key("j")), Resolution::Unbound);
        assert_eq!(keymap.resolve(Mode::Content, &[], key("j")), Resolution::Action(Action::LineDown));
        assert_eq!(keymap.resolve(Mode::Content, &[], key("x")), Resolution::Unbound);
        assert_eq!(keymap.resolve(Mode::Outline, &[], key("j")), Resolution::Unbound);
    }

    #[test]
    fn rebinding_replaces_and_the_help_follows() {
        let mut keymap = sample();
        assert_eq!(keymap.hint(Mode::Content, Action::NextHeading).as_deref(), Some("] ]"));
        keymap.bind(Mode::Content, Action::NextHeading, vec![seq("n")]);
        assert_eq!(keymap.hint(Mode::Content, Action::NextHeading).as_deref(), Some("n"));
        assert_eq!(keymap.resolve(Mode::Content, &[], key("]")), Resolution::Unbound);
        assert_eq!(keymap.resolve(Mode::Content, &[], key("n")), Resolution::Action(Action::NextHeading));
        let help = keymap.bindings(Mode::Content);
        assert_eq!(help[0], (Action::LineDown, vec!["j".to_string()]));
        assert!(help.contains(&(Action::NextHeading, vec!["n".to_string()])));
        keymap.bind(Mode::Content, Action::NextHeading, vec![]);
        assert_eq!(keymap.hint(Mode::Content, Action::NextHeading), None);
    }

    #[test]
    fn conflicts_name_both_actions() {
        let mut keymap = sample();
        assert!(keymap.conflicts().is_empty());
        keymap.bind(Mode::Content, Action::Bottom, vec![seq("j")]);
        keymap.bind(Mode::Content, Action::Quit, vec![seq("g")]);
        let conflicts = keymap.conflicts();
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        let messages: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
        assert!(
            messages.contains(&"'j' is bound to both line_down and bottom in [keys.content]".to_string())
        );
        assert!(
            messages.iter().any(|m| m.starts_with("'g' (quit) is the start of 'g g' (top)")),
            "{messages:?}"
        );
    }

    fn any_key() -> impl proptest::strategy::Strategy<Value = Key> {
        use proptest::prelude::*;
        let named = prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Char(' '),
            KeyCode::Char('<'),
            KeyCode::Char('-'),
            KeyCode::Char('>'),
        ]);
        let code = prop_oneof![
            named,
            (1u8..=24).prop_map(KeyCode::F),
            any::<char>()
                .prop_filter("printable", |c| !c.is_whitespace() && !c.is_control())
                .prop_map(KeyCode::Char),
        ];
        (code, any::<(bool, bool, bool)>())
            .prop_map(|(code, (ctrl, alt, shift))| Key::new(code, Modifiers { ctrl, alt, shift }))
    }

    proptest::proptest! {
        #[test]
        fn any_key_reads_back_from_its_notation(keys in proptest::collection::vec(any_key(), 1..4)) {
            let sequence = KeySequence(keys);
            let shown = sequence.to_string();
            proptest::prop_assert_eq!(shown.parse::<KeySequence>(), Ok(sequence), "{}", shown);
        }
    }

    /// The lookup as it was once rebuilt after every binding: each bound sequence, with the
    /// first of its actions in `Action` order.
    fn rebuilt_lookup(table: &Table) -> Vec<Lookup> {
        let mut by_keys: BTreeMap<KeySequence, Lookup> = BTreeMap::new();
        for (action, bound) in Action::iter().zip(&table.by_action) {
            for keys in bound {
                by_keys
                    .entry(keys.clone())
                    .or_insert(Lookup { keys: keys.clone(), action, holders: 0 })
                    .holders += 1;
            }
        }
        by_keys.into_values().collect()
    }

    proptest::proptest! {
        #[test]
        fn the_updated_lookup_is_the_rebuilt_one(
            binds in proptest::collection::vec(
                (0usize..5, proptest::collection::vec(proptest::sample::select(vec!["a", "b", "a b", "b a", "c"]), 0..4)),
                0..40,
            )
        ) {
            let actions: Vec<Action> = Action::iter().take(5).collect();
            let mut keymap = Keymap::empty();
            for (action, keys) in binds {
                keymap.bind(Mode::Content, actions[action], keys.iter().map(|text| seq(text)).collect());
                let table = &keymap.tables[&Mode::Content];
                proptest::prop_assert_eq!(&table.by_keys, &rebuilt_lookup(table));
            }
        }
    }

    #[test]
    fn a_sequence_and_its_own_prefix_conflict_within_one_action() {
        let mut keymap = Keymap::empty();
        keymap.bind(Mode::Content, Action::Top, vec![seq("g"), seq("g g")]);
        assert_eq!(keymap.conflicts().len(), 1);
    }
}
