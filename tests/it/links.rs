//! The links pane through key strings: listing a document's links, following one into another
//! document through the session, a `#fragment` within the same one, and coming back with the
//! jump history.

use std::path::{Path, PathBuf};

use kan::document::Anchor;
use kan::document::links::Location;
use kan::reader::{Effect, Settings, State, update};
use kan::session::{Control, Session, run_effects};
use kan::source::Source;
use tempfile::TempDir;

use crate::helpers::keys::{press, top_line};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs/html").join(name)
}

/// A reader on an HTML fixture, knowing where it came from, with a session in `dir`.
fn open(dir: &Path, name: &str) -> (State, Session) {
    let path = fixture(name);
    let doc = Source::from_path(&path, &Default::default()).unwrap().into_document(None, None).unwrap();
    let mut state =
        State::new(doc, name, Settings::default(), 80, 12).located(Some(Location::File(path.clone())));
    let mut session = Session::new(Ok(dir.to_path_buf()));
    for msg in session.attach(&state.doc, Some(&path), false) {
        update(&mut state, msg);
    }
    (state, session)
}

fn drive(state: &mut State, session: &mut Session, keys: &str) {
    let effects = press(state, keys);
    assert_ne!(run_effects(state, session, effects), Control::Quit);
}

#[test]
fn the_pane_lists_the_links_and_enter_asks_to_open_the_linked_file() {
    let dir = TempDir::new().unwrap();
    let (mut state, _session) = open(dir.path(), "structure.html");
    assert!(press(&mut state, "L").is_empty());
    let pane = state.links.as_ref().expect("L opens the links pane");
    let targets: Vec<&str> = pane.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, ["second.html"]);
    assert_eq!(pane.links[0].text, "link to the second page");
    assert_eq!(state.mode(), kan::action::Mode::Links);
    // j past the end stays on the last link.
    press(&mut state, "jj");
    let effects = press(&mut state, "<Enter>");
    assert_eq!(
        effects,
        [Effect::OpenLocation { location: Location::File(fixture("second.html")), at: None, fragment: None }]
    );
    assert!(state.links.is_none(), "Enter closes the pane");
    assert_eq!(state.history.back_len(), 1, "the jump away is remembered");

    press(&mut state, "L");
    press(&mut state, "<Esc>");
    assert!(state.links.is_none(), "Esc closes the pane");
}

#[test]
fn a_link_opens_the_other_page_and_ctrl_o_comes_back_to_the_same_place() {
    let dir = TempDir::new().unwrap();
    let (mut state, mut session) = open(dir.path(), "structure.html");
    drive(&mut state, &mut session, "]");
    assert_eq!(top_line(&state, 0).trim(), "Lists");
    let place = state.views[0].anchor;
    drive(&mut state, &mut session, "L<Enter>");
    assert_eq!(state.doc.title.as_deref(), Some("The Second Page"));
    assert_eq!(state.location, Some(Location::File(fixture("second.html"))));
    assert_eq!(state.views[0].anchor, Anchor(0), "a linked page opens at its top");
    drive(&mut state, &mut session, "<C-o>");
    assert_eq!(state.doc.title.as_deref(), Some("Notes on Structure"));
    assert_eq!(state.views[0].anchor, place, "back at the same place");
    assert_eq!(top_line(&state, 0).trim(), "Lists");
    // And forward again to the second page.
    drive(&mut state, &mut session, "<A-Right>");
    assert_eq!(state.doc.title.as_deref(), Some("The Second Page"));
}

#[test]
fn a_fragment_link_jumps_to_its_heading_and_a_missing_file_is_one_status_line() {
    let text = "# Title\n\nGo to [part two](#part-two) or [nowhere](gone.md).\n\n# Part one\n\nText.\n\n# Part two\n\nMore.\n\nAnd more.\n\nAnd the end.\n";
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("doc.md");
    std::fs::write(&path, text).unwrap();
    let doc = Source::from_path(&path, &Default::default()).unwrap().into_document(None, None).unwrap();
    let mut state = State::new(doc, "doc.md", Settings::default(), 80, 5).located(Some(Location::File(path)));
    let mut session = Session::new(Ok(dir.path().to_path_buf()));
    drive(&mut state, &mut session, "L<Enter>");
    assert_eq!(top_line(&state, 0).trim(), "Part two");
    drive(&mut state, &mut session, "<C-o>");
    assert_eq!(state.views[0].anchor, Anchor(0));
    drive(&mut state, &mut session, "Lj<Enter>");
    let message = state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.starts_with("can't open") && message.contains("gone.md"), "{message}");
    assert_eq!(state.doc.title.as_deref(), Some("Title"), "the document stays open");
}

#[test]
fn a_document_without_links_says_so() {
    let mut state = crate::helpers::state(
        "Just text.\n",
        kan::document::Format::Text,
        "t.txt",
        Settings::default(),
        80,
        5,
    );
    press(&mut state, "L");
    assert!(state.links.is_none());
    let message = state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert_eq!(message, "this document has no links");
}

#[test]
fn a_link_into_another_documents_section_opens_it_at_that_heading() {
    let dir = TempDir::new().unwrap();
    let first = dir.path().join("first.md");
    std::fs::write(&first, "# First\n\nRead [the second part](other.md#part-two).\n").unwrap();
    let other = "# Other\n\nIntro.\n\n# Part one\n\nOne.\n\n# Part two\n\nTwo.\n\nMore.\n\nEnd.\n";
    std::fs::write(dir.path().join("other.md"), other).unwrap();
    let doc = Source::from_path(&first, &Default::default()).unwrap().into_document(None, None).unwrap();
    let mut state =
        State::new(doc, "first.md", Settings::default(), 80, 5).located(Some(Location::File(first)));
    let mut session = Session::new(Ok(dir.path().to_path_buf()));
    drive(&mut state, &mut session, "L<Enter>");
    assert_eq!(state.doc.title.as_deref(), Some("Other"));
    assert_eq!(top_line(&state, 0).trim(), "Part two");
    drive(&mut state, &mut session, "<C-o>");
    assert_eq!(state.doc.title.as_deref(), Some("First"));
}
