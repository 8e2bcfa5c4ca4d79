//! Terminal-free theme data: colours, styles, the themed elements and the built-in theme names.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use strum::{EnumCount, EnumIter, EnumString, IntoStaticStr, VariantNames};

/// The built-in themes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr, VariantNames, Serialize,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ThemeName {
    Dark,
    Light,
    /// No colours at all: bold, italic, underline, dim and reverse only. Chosen by `NO_COLOR`.
    Plain,
}

impl ThemeName {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything the reader draws with a style of its own.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    EnumCount,
    EnumString,
    IntoStaticStr,
    Serialize,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Element {
    /// Body text; every other element is drawn over it.
    Text,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    Heading5,
    Heading6,
    Emphasis,
    Strong,
    Code,
    Link,
    Quote,
    /// List bullets, quote bars, rules.
    Marker,
    /// Search matches.
    Match,
    /// The search match the cursor is on.
    CurrentMatch,
    /// The selected entry in a list (outline, bookmarks).
    Selection,
    StatusBar,
    /// The outline entry of the section being read.
    OutlineCurrent,
    /// Pane borders and separators.
    Frame,
    /// Secondary text: hints, dates, pending keys.
    Dim,
    /// Page furniture around an article: navigation, share buttons, related links, footers.
    Aside,
    /// Error messages.
    Error,
}

impl Element {
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The element for a heading level; levels past 6 use heading6.
    pub fn heading(level: u8) -> Element {
        match level {
            0 | 1 => Element::Heading1,
            2 => Element::Heading2,
            3 => Element::Heading3,
            4 => Element::Heading4,
            5 => Element::Heading5,
            _ => Element::Heading6,
        }
    }
}

/// A terminal colour: one of the 16 named ones, the terminal's default, an index into the 256
/// colour palette, or true colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Colour {
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// Colour names as written in the config; the first spelling of each is the one printed.
pub(crate) const COLOUR_NAMES: &[(&str, Colour)] = &[
    ("default", Colour::Default),
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("grey", Colour::Gray),
    ("dark_gray", Colour::DarkGray),
    ("dark_grey", Colour::DarkGray),
    ("light_red", Colour::LightRed),
    ("light_green", Colour::LightGreen),
    ("light_yellow", Colour::LightYellow),
    ("light_blue", Colour::LightBlue),
    ("light_magenta", Colour::LightMagenta),
    ("light_cyan", Colour::LightCyan),
    ("white", Colour::White),
];

impl Colour {
    /// A colour from its name ("light_blue", also "LightBlue" or "light-blue") or "#rrggbb".
    pub fn from_name(text: &str) -> Option<Colour> {
        if let Some(hex) = text.strip_prefix('#') {
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return Some(Colour::Rgb(channel(0)?, channel(2)?, channel(4)?));
        }
        // Folded as compared, not into Strings: the defaults name ~100 colours.
        COLOUR_NAMES.iter().find(|(name, _)| folded(name).eq(folded(text))).map(|&(_, colour)| colour)
    }

    /// The closest colour name, for "did you mean".
    pub(crate) fn suggest(text: &str) -> Option<&'static str> {
        let wanted = fold_name(text);
        COLOUR_NAMES
            .iter()
            .map(|(name, _)| (strsim::jaro_winkler(&fold_name(name), &wanted), *name))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| name)
    }
}

fn fold_name(name: &str) -> String {
    folded(name).collect()
}

/// A name without case or separators: `LightBlue`, `light-blue` and `light_blue` are one.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).flat_map(char::to_lowercase)
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Colour::Indexed(index) => serializer.serialize_u8(index),
            Colour::Rgb(r, g, b) => serializer.serialize_str(&format!("#{r:02x}{g:02x}{b:02x}")),
            named => {
                let name = COLOUR_NAMES.iter().find(|(_, c)| *c == named).map_or("default", |(name, _)| name);
                serializer.serialize_str(name)
            }
        }
    }
}

/// How one element looks: optional colours and text attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StyleSpec {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub reverse: bool,
    pub dim: bool,
}

/// The attributes a style table may hold, as written in the config.
pub(crate) const STYLE_ATTRIBUTES: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reverse", "dim"];

impl StyleSpec {
    /// The same style with its colours taken away, as the plain theme draws it.
    pub fn without_colours(self) -> StyleSpec {
        StyleSpec { fg: None, bg: None, ..self }
    }
}

impl Serialize for StyleSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(fg) = &self.fg {
            map.serialize_entry("fg", fg)?;
        }
        if let Some(bg) = &self.bg {
            map.serialize_entry("bg", bg)?;
        }
        for (name, set) in [
            ("bold", self.bold),
            ("italic", self.italic),
            ("underline", self.underline),
            ("reverse", self.reverse),
            ("dim", self.dim),
        ] {
            if set {
                map.serialize_entry(name, &true)?;
            }
        }
        map.end()
    }
}

/// A style for each element. The built-in palettes name every element.
pub type Palette = BTreeMap<Element, StyleSpec>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_and_hex() {
        assert_eq!(Colour::from_name("light_blue"), Some(Colour::LightBlue));
        assert_eq!(Colour::from_name("LightBlue"), Some(Colour::LightBlue));
        assert_eq!(Colour::from_name("dark-grey"), Some(Colour::DarkGray));
        assert_eq!(Colour::from_name("#ff8700"), Some(Colour::Rgb(0xff, 0x87, 0)));
        assert_eq!(Colour::from_name("#ff870"), None);
        assert_eq!(Colour::from_name("#gg8700"), None);
        assert_eq!(Colour::from_name("purple"), None);
        assert_eq!(Colour::suggest("yelow"), Some("yellow"));
    }

    #[test]
    fn headings_past_six_share_the_last_style() {
        assert_eq!(Element::heading(1), Element::Heading1);
        assert_eq!(Element::heading(9), Element::Heading6);
    }
}
