//! Draws the reader state with ratatui, never mutates it. (`runtime` also imports ratatui, for
//! the terminal it draws on; nothing else does.)

pub mod bookmarks;
pub mod content;
pub mod help;
pub mod library;
pub mod links;
pub mod outline;
pub mod overlay;
pub mod status;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect as TuiRect;
use ratatui::style::Style;

use strum::IntoEnumIterator;

use crate::config::Element;
use crate::keymap::{KeyHints, Keymap};
use crate::reader::state::Overlay;
use crate::reader::{Action, Mode};
use theme::Theme;

use crate::reader::State;

/// The help overlay's rows: per mode heading, `(keys, help)` for each bound action.
pub type Help = Vec<(String, Vec<(String, String)>)>;

/// What the screen shows besides the state: styles and key help from the configuration.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub theme: Theme,
    /// The keymap the help is built from, when it is first shown: spelling out every binding
    /// cost a start as much as laying out its first screen.
    keymap: Keymap,
    help: std::cell::OnceCell<Help>,
    /// One-line key hints for the status bar.
    pub hints: String,
    /// Key hints for the bookmarks pane's title.
    pub bookmark_hints: String,
    /// Key hints for the links pane's title.
    pub link_hints: String,
    /// The help's title, with its keys.
    pub help_title: String,
    /// The keys in force, for every other hint.
    pub keys: KeyHints,
}

impl Chrome {
    /// The chrome for a theme and the keymap in force: help and hints are built from the keymap,
    /// so they always tell the truth.
    pub fn new(theme: Theme, keymap: &Keymap) -> Chrome {
        let hints = [
            (Action::Help, "help"),
            (Action::ToggleOutline, "outline"),
            (Action::Search, "search"),
            (Action::Quit, "quit"),
        ];
        let bookmark_hints = [
            (Action::Open, "jump"),
            (Action::Rename, "rename"),
            (Action::Delete, "delete"),
            (Action::Repoint, "point here"),
            (Action::Undo, "undo"),
            (Action::Close, "close"),
        ];
        let link_hints = [(Action::Open, "open"), (Action::Close, "close")];
        let keys = KeyHints::new(keymap);
        Chrome {
            theme,
            keymap: keymap.clone(),
            help: std::cell::OnceCell::new(),
            hints: keys.line(Mode::Content, &hints, "  "),
            bookmark_hints: keys.line(Mode::Bookmarks, &bookmark_hints, ", "),
            link_hints: keys.line(Mode::Links, &link_hints, ", "),
            help_title: help_title(&keys),
            keys,
        }
    }

    /// The help overlay's rows, per mode heading: every bound action with its keys.
    pub fn help(&self) -> &Help {
        self.help.get_or_init(|| {
            Mode::iter()
                .map(|mode| {
                    let rows = self
                        .keymap
                        .bindings(mode)
                        .into_iter()
                        .map(|(action, keys)| (keys.join(" "), action.help().to_string()))
                        .collect();
                    (mode_title(mode).to_string(), rows)
                })
                .collect()
        })
    }

    /// The number of rows the help overlay lists: a heading and the bindings per mode, with a
    /// blank row between modes. Counted without spelling the keys out.
    pub fn help_rows(&self) -> usize {
        let modes = Mode::iter().count();
        Mode::iter().map(|mode| self.keymap.bound_actions(mode) + 1).sum::<usize>() + modes.saturating_sub(1)
    }
}

/// " kan — keys (j k scroll, <Esc> closes) ", naming the help's own keys.
fn help_title(keys: &KeyHints) -> String {
    let scroll = [Action::LineDown, Action::LineUp]
        .iter()
        .filter_map(|&action| keys.key(Mode::Help, action))
        .collect::<Vec<_>>()
        .join(" ");
    let scroll = (!scroll.is_empty()).then(|| format!("{scroll} scroll"));
    let close = keys.hint(Mode::Help, Action::Close, "closes");
    let how = [scroll, close].into_iter().flatten().collect::<Vec<_>>().join(", ");
    if how.is_empty() { " kan — keys ".to_string() } else { format!(" kan — keys ({how}) ") }
}

fn mode_title(mode: Mode) -> &'static str {
    match mode {
        Mode::Content => "Reading",
        Mode::Outline => "Outline",
        Mode::Bookmarks => "Bookmarks",
        Mode::Links => "Links",
        Mode::Library => "Library",
        Mode::Prompt => "Typing a search or label",
        Mode::Help => "This help",
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &State, chrome: &Chrome) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render(buf, area, state, chrome);
}

/// Draws into `area` of a buffer (also used by tests). The panes are placed by the state's
/// geometry; should it be for another size than `area` (a resize not yet seen by the state), the
/// screen is drawn aside at the geometry's size and only what fits is copied, so that nothing is
/// ever written outside `area`.
pub fn render(buf: &mut Buffer, area: TuiRect, state: &State, chrome: &Chrome) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let s = state.geometry.screen;
    let screen = TuiRect::new(s.x, s.y, s.width, s.height);
    if screen == area {
        render_screen(buf, area, state, chrome);
        return;
    }
    let mut aside = Buffer::empty(screen);
    render_screen(&mut aside, screen, state, chrome);
    let fits = screen.intersection(area);
    for y in fits.top()..fits.bottom() {
        for x in fits.left()..fits.right() {
            buf[(x, y)] = aside[(x, y)].clone();
        }
    }
}

/// Draws the panes of the state's geometry into a buffer of exactly the geometry's screen.
fn render_screen(buf: &mut Buffer, area: TuiRect, state: &State, chrome: &Chrome) {
    if area.is_empty() {
        return;
    }
    let g = &state.geometry;
    if g.too_small {
        let msg = "terminal too small";
        let width = (msg.len() as u16).min(area.width);
        let x = area.x + (area.width - width) / 2;
        buf.set_stringn(x, area.y + area.height / 2, msg, width as usize, Style::new());
        return;
    }
    if let Some(library) = state.library.as_ref().filter(|l| l.visible) {
        library::draw(buf, state, library, chrome);
        if let Some(Overlay::Help(list)) = state.overlay {
            help::draw(buf, g.help, chrome, list.offset());
        }
        return;
    }
    let frame = chrome.theme.style(Element::Frame);
    let glyphs = text::glyphs(state.settings.ambiguous_wide);
    if let Some(o) = g.outline {
        outline::draw(buf, o, state, chrome);
        for y in o.y..o.y + o.height {
            buf.set_string(o.x + o.width, y, glyphs.vertical, frame);
        }
    }
    for (i, _) in state.views.iter().enumerate() {
        content::draw(buf, state, i, chrome);
    }
    if g.views.len() > 1 {
        let top = g.views[0].pane;
        let y = top.y + top.height;
        for x in top.x..top.x + top.width {
            buf.set_string(x, y, glyphs.horizontal, frame);
        }
    }
    status::draw(buf, g.status, state, chrome);
    if let Some(pane) = &state.bookmarks {
        bookmarks::draw(buf, g.bookmarks, pane, chrome, state.settings.ambiguous_wide);
    }
    if let Some(pane) = &state.links {
        // The links pane takes the bookmarks pane's box: only one of them is ever open.
        links::draw(buf, g.bookmarks, pane, chrome, state.settings.ambiguous_wide);
    }
    if let Some(Overlay::Help(list)) = state.overlay {
        help::draw(buf, g.help, chrome, list.offset());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::reader::{Settings, State};

    fn screen(text: &str, cols: u16, rows: u16, settings: Settings) -> Buffer {
        let doc = Document::parse(text.to_string(), Format::Text);
        let state = State::new(doc, "t.txt", settings, cols, rows);
        let area = TuiRect::new(0, 0, cols, rows);
        let mut buf = Buffer::empty(area);
        render(
            &mut buf,
            area,
            &state,
            &Chrome::new(Theme::from_config(&crate::config::Config::defaults()), &Keymap::empty()),
        );
        buf
    }

    fn unstyled(mut buf: Buffer) -> Buffer {
        buf.set_style(buf.area, Style::reset());
        buf
    }

    #[test]
    fn cjk_at_an_odd_width_leaves_the_last_column_blank() {
        let settings = Settings { show_outline: false, max_text_width: 7, ..Settings::default() };
        let buf = unstyled(screen("一二三四五六七八九十", 20, 5, settings));
        let mut expected = Buffer::with_lines([
            "      一二三        ",
            "      四五六        ",
            "      七八九        ",
            "      十            ",
            " t.txt         100% ",
        ]);
        expected.set_style(expected.area, Style::reset());
        assert_eq!(buf, expected);
    }

    #[test]
    fn outline_cuts_long_cjk_titles_at_the_exact_column() {
        let text = "第一章 很长很长很长的标题名字\n\n　　正文。\n\n第二章 短\n\n　　正文。";
        let settings = Settings { outline_width: 13, ..Settings::default() };
        let buf = screen(text, 45, 6, settings);
        // 13 columns: 8 for the title (3 wide characters, the space and the ellipsis), a column
        // for the bookmark mark, the share.
        let cells: Vec<&str> = [0, 2, 4, 6, 7, 8].iter().map(|&x| buf[(x, 0)].symbol()).collect();
        assert_eq!(cells, ["第", "一", "章", " ", "…", " "]);
        let share: String = (9..13).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(share.trim(), "67%");
        assert_eq!(buf[(13, 0)].symbol(), "│");
    }

    #[test]
    fn ambiguous_wide_mode_frames_in_ascii_and_forces_two_cell_quotes() {
        use ratatui::buffer::CellDiffOption;
        let text = "第一章 “引号”\n\n　　他说“好”。\n\n第二章 后来\n\n　　完。";
        let settings = Settings { ambiguous_wide: true, outline_width: 20, ..Settings::default() };
        let buf = screen(text, 60, 8, settings);
        // The outline separator is ASCII, so it stays one column in any terminal.
        assert_eq!(buf[(20, 0)].symbol(), "|");
        // In the content pane, “ is put in one cell that covers two columns.
        let quote = (21..60).find(|&x| buf[(x, 0)].symbol() == "“").expect("the heading's quote is drawn");
        assert_eq!(
            buf[(quote, 0)].diff_option,
            CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(2).unwrap())
        );
        assert_eq!(buf[(quote + 2, 0)].symbol(), "引");
        let status: String = (0..60).map(|x| buf[(x, 7)].symbol()).collect();
        assert!(status.contains(" | "), "{status:?}");
    }

    fn chrome() -> Chrome {
        Chrome::new(
            Theme::from_config(&crate::config::Config::defaults()),
            &crate::config::Config::defaults().keymap,
        )
    }

    /// The panic the adversarial pass found: the terminal shrank (100×30 → 60×15) and ratatui
    /// resized its buffer before the state heard of it, so the outline drew past the buffer.
    #[test]
    fn a_buffer_smaller_than_the_geometry_is_drawn_without_writing_past_it() {
        use ratatui::backend::TestBackend;
        let text = (1..=40).map(|i| format!("第{i}章 标题\n\n　　正文。\n\n")).collect::<String>();
        let doc = Document::parse(text, Format::Text);
        let state = State::new(doc, "t.txt", Settings::default(), 100, 30);
        let chrome = chrome();
        let mut terminal = ratatui::Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|frame| draw(frame, &state, &chrome)).unwrap();
        for (cols, rows) in [(60, 15), (1, 1), (100, 2), (3, 30), (150, 40)] {
            terminal.backend_mut().resize(cols, rows);
            let frame = terminal.draw(|frame| draw(frame, &state, &chrome)).unwrap();
            assert_eq!(frame.area, TuiRect::new(0, 0, cols, rows));
        }
        // What fits is the top-left corner of the screen the state was laid out for.
        terminal.backend_mut().resize(60, 15);
        let frame = terminal.draw(|frame| draw(frame, &state, &chrome)).unwrap();
        // (A wide character's second cell reads as a space.)
        let top: String = (0..30).map(|x| frame.buffer[(x, 0)].symbol()).collect::<String>().replace(' ', "");
        assert!(top.starts_with("第1章标题"), "{top:?}");
    }

    #[test]
    fn the_help_rows_are_counted_as_the_help_lists_them() {
        for keymap in [crate::config::Config::defaults().keymap, Keymap::empty()] {
            let chrome = Chrome::new(Theme::from_config(&crate::config::Config::defaults()), &keymap);
            let help = chrome.help();
            let listed = help.iter().map(|(_, rows)| rows.len() + 1).sum::<usize>() + help.len() - 1;
            assert_eq!(chrome.help_rows(), listed);
        }
    }

    #[test]
    fn an_empty_area_draws_nothing() {
        let doc = Document::parse("正文".to_string(), Format::Text);
        let state = State::new(doc, "t.txt", Settings::default(), 0, 0);
        let mut buf = Buffer::empty(TuiRect::new(0, 0, 0, 0));
        let area = buf.area;
        render(&mut buf, area, &state, &chrome());
    }

    #[test]
    fn too_small_screens_say_so_and_never_panic() {
        for (cols, rows) in [(1, 1), (2, 1), (19, 5), (20, 4), (5, 30)] {
            let buf = screen("第一章\n\n　　正文。", cols, rows, Settings::default());
            let all: String = buf.content.iter().map(|c| c.symbol()).collect();
            assert!(all.contains("terminal") || cols < 9, "{cols}x{rows}: {all:?}");
        }
    }
}
