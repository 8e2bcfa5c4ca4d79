//! Turns the configured theme into ratatui styles, one per element.

use ratatui::style::{Color, Modifier, Style};
use strum::{EnumCount, IntoEnumIterator};

use crate::config::{Colour, Config, Element, Palette, StyleSpec};

/// A ratatui style for every element of the theme in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    styles: [Style; Element::COUNT],
}

impl Theme {
    /// The theme the config chose, with its overrides. The plain theme carries no colours.
    pub fn from_config(config: &Config) -> Theme {
        Theme::from_palette(&config.palette())
    }

    /// A theme from element styles; elements the palette leaves out get the default style.
    pub fn from_palette(palette: &Palette) -> Theme {
        let mut styles = [Style::new(); Element::COUNT];
        for element in Element::iter() {
            if let Some(spec) = palette.get(&element) {
                styles[element as usize] = style(spec);
            }
        }
        Theme { styles }
    }

    pub fn style(&self, element: Element) -> Style {
        self.styles[element as usize]
    }

    /// The style of a heading of `level` (1 to 6; deeper levels look like 6).
    pub fn heading(&self, level: u8) -> Style {
        self.style(Element::heading(level))
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::from_config(&Config::defaults())
    }
}

fn style(spec: &StyleSpec) -> Style {
    let mut style = Style::new();
    if let Some(fg) = spec.fg {
        style = style.fg(color(fg));
    }
    if let Some(bg) = spec.bg {
        style = style.bg(color(bg));
    }
    for (set, modifier) in [
        (spec.bold, Modifier::BOLD),
        (spec.italic, Modifier::ITALIC),
        (spec.underline, Modifier::UNDERLINED),
        (spec.reverse, Modifier::REVERSED),
        (spec.dim, Modifier::DIM),
    ] {
        if set {
            style = style.add_modifier(modifier);
        }
    }
    style
}

fn color(colour: Colour) -> Color {
    match colour {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Indexed(index) => Color::Indexed(index),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ThemeName;

    #[test]
    fn the_dark_theme_colours_headings() {
        let theme = Theme::default();
        assert_eq!(theme.heading(1), Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD));
        assert_eq!(theme.style(Element::Selection), Style::new().add_modifier(Modifier::REVERSED));
    }

    #[test]
    fn plain_carries_no_colour_even_with_coloured_overrides() {
        let mut config =
            Config::parse("[theme]\nname = \"plain\"\nlink = { fg = \"red\", underline = true }\n", "t.toml")
                .expect("valid config");
        config
            .themes
            .plain
            .insert(Element::Code, StyleSpec { bg: Some(Colour::Blue), ..StyleSpec::default() });
        let theme = Theme::from_config(&config);
        for element in Element::iter() {
            let style = theme.style(element);
            assert_eq!((style.fg, style.bg), (None, None), "{element:?} has a colour");
        }
        assert!(theme.style(Element::Link).add_modifier.contains(Modifier::UNDERLINED));
        assert!(theme.style(Element::Selection).add_modifier.contains(Modifier::REVERSED));
        assert_eq!(config.theme.name, ThemeName::Plain);
    }

    #[test]
    fn colours_map_one_to_one() {
        assert_eq!(color(Colour::Rgb(1, 2, 3)), Color::Rgb(1, 2, 3));
        assert_eq!(color(Colour::Indexed(208)), Color::Indexed(208));
        assert_eq!(color(Colour::Default), Color::Reset);
    }
}
