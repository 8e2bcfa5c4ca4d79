//! What the integration tests share: a reader on a text or a file, key strings, the binary in a
//! pseudo-terminal, store documents and generated texts.
#![allow(dead_code)]

#[path = "../../../benches/common/mod.rs"]
pub mod generators;
pub mod keys;
pub mod pty;
pub mod store;

use std::path::Path;

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
