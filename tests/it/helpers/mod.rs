//! What the integration tests share: a reader on a text or a file, key strings, the binary in a
//! pseudo-terminal, store documents and generated texts.
#![allow(dead_code)]

#[path = "../../../benches/common/mod.rs"]
pub mod generators;
pub mod keys;
pub mod pty;
pub mod store;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use kan::document::links::Location;
use kan::document::{Document, Format};
use kan::reader::{Settings, State, update};
use kan::session::Session;
use kan::source::Source;

/// A reader on `text` parsed as `format`, named `name` in the status bar, on a `cols`×`rows`
/// screen.
pub fn state(text: &str, format: Format, name: &str, settings: Settings, cols: u16, rows: u16) -> State {
    let doc = Document::parse(text.to_string(), format);
    State::new(doc, name, settings, cols, rows)
}

/// A reader on the file at `path` with a session keeping its files in `config_dir`, attached as
/// the binary attaches it: saved bookmarks marked and, with `restore`, the position resumed.
pub fn open(
    config_dir: &Path,
    path: &Path,
    name: &str,
    settings: Settings,
    (cols, rows): (u16, u16),
    restore: bool,
) -> (State, Session) {
    let doc = Source::from_path(path, &Default::default()).unwrap().into_document(None, None).unwrap();
    let mut state =
        State::new(doc, name, settings, cols, rows).located(Some(Location::File(path.to_path_buf())));
    let mut session = Session::new(Ok(config_dir.to_path_buf()));
    for msg in session.attach(&state.doc, Some(path), restore) {
        update(&mut state, msg);
    }
    (state, session)
}

/// The real binary run headlessly from the repository root, with `stdin` piped in (or none), and a
/// fresh temporary home so that no user config, bookmark or cache is read or written.
pub fn run_kan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let home = tempfile::TempDir::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env("HOME", home.path())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kan");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// The default theme and key hints, as the binary draws with them.
pub fn default_chrome() -> kan::ui::Chrome {
    let config = kan::config::Config::defaults();
    kan::ui::Chrome::new(kan::ui::theme::Theme::from_config(&config), &config.keymap)
}

/// Draws `state` through a TestBackend terminal as the runtime does, and returns the screen as
/// rows of text: wide characters once, trailing spaces trimmed.
pub fn screen_rows(state: &State, chrome: &kan::ui::Chrome) -> Vec<String> {
    let g = state.geometry.screen;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(g.width, g.height)).expect("test terminal");
    terminal.draw(|frame| kan::ui::draw(frame, state, chrome)).expect("draw");
    buffer_rows(terminal.backend().buffer())
}

/// A drawn buffer as rows of text: wide characters once, trailing spaces trimmed.
pub fn buffer_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < area.width {
                let symbol = buf[(x, y)].symbol();
                line.push_str(symbol);
                // The cell after a wide character is covered by it.
                x += symbol.width().max(1) as u16;
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// [`screen_rows`] with the default chrome, as one string.
pub fn screen_text(state: &State) -> String {
    screen_rows(state, &default_chrome()).join("\n")
}
