//! The links pane: the document's links, numbered, each with its text and its target.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Chrome;
use super::overlay::{self, Boxed};
use crate::config::Element;
use crate::layout::sanitize::sanitize;
use crate::reader::geometry::Rect;
use crate::reader::state::LinksPane;

/// Draws the pane into its box (none on too small a screen), scrolled as its list says.
pub fn draw(buf: &mut Buffer, area: Option<Rect>, pane: &LinksPane, chrome: &Chrome, ambiguous: bool) {
    let theme = &chrome.theme;
    let base = theme.style(Element::Text);
    let dim = theme.style(Element::Dim);
    let title = format!(" Links ({}) — {} ", pane.links.len(), chrome.link_hints);
    let digits = pane.links.len().to_string().len();
    let mut rows: Vec<(String, Style)> = Vec::new();
    for (k, link) in pane.links.iter().enumerate() {
        let selected = k == pane.list.selected();
        let style = if selected { base.patch(theme.style(Element::Selection)) } else { base };
        let text = if link.text.trim().is_empty() { "(no text)" } else { link.text.trim() };
        rows.push((format!("{:>digits$}. {}", k + 1, one_line(text)), style));
        rows.push((
            format!("{:digits$}  {}", "", one_line(&link.target)),
            if selected { style } else { dim },
        ));
    }
    overlay::draw(
        buf,
        area,
        &Boxed {
            title: &title,
            rows: &rows,
            scroll: pane.list.offset() * LinksPane::ENTRY_ROWS,
            frame: theme.style(Element::Frame),
            fill: base,
            ambiguous_wide: ambiguous,
        },
    );
}

/// Page text made safe for one row: controls shown, not sent, and no line breaks.
fn one_line(text: &str) -> String {
    sanitize(text, 4, false).text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::links::Link;
    use crate::reader::{Action, Mode};
    use crate::ui::theme::Theme;

    fn drawn(pane: &LinksPane, chrome: &Chrome) -> Vec<String> {
        let screen = Rect { x: 0, y: 0, width: 100, height: 12 };
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 100, 12));
        let area = crate::reader::geometry::overlay_box(screen, crate::reader::geometry::BOOKMARKS_WIDTH);
        draw(&mut buf, area, pane, chrome, false);
        (0..12)
            .map(|y| {
                let mut line = String::new();
                let mut x = 0;
                while x < 100 {
                    let symbol = buf[(x, y)].symbol();
                    line.push_str(symbol);
                    x += crate::layout::width::str_width(symbol, false).max(1) as u16;
                }
                line
            })
            .collect()
    }

    #[test]
    fn links_are_numbered_with_their_targets_and_the_hints_come_from_the_keymap() {
        let link = |text: &str, target: &str| Link { text: text.into(), target: target.into(), offset: 0 };
        let mut pane = LinksPane {
            links: vec![link("第二页", "second.html"), link("bad\u{1b}[31m", "https://example.org/\u{1b}x")],
            ..LinksPane::default()
        };
        pane.list.select(1, 2);
        let mut config = Config::defaults();
        let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
        let screen = drawn(&pane, &chrome);
        let text = screen.join("\n");
        assert!(text.contains("Links (2) — <Enter> open, <Esc> close "), "{text}");
        let first = screen.iter().position(|r| r.contains("1. 第二页")).expect("first link");
        assert!(screen[first + 1].contains("   second.html"), "{text}");
        assert!(text.contains("2. bad^[[31m") && text.contains("https://example.org/^[x"), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape reaches the screen: {text}");

        let remapped = "o".parse().map(|keys| vec![keys]).unwrap_or_default();
        config.keymap.bind(Mode::Links, Action::Open, remapped);
        let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
        assert!(drawn(&pane, &chrome).join("\n").contains("— o open, <Esc> close "));
    }
}
