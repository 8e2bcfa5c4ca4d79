//! The links pane: moving through the document's links and following one, into this document
//! (a `#fragment`) or another (an effect the session opens).

use super::{Effect, jump_to_anchor};
use crate::action::Action;
use crate::document::links::{Target, fragment_of, resolve};
use crate::document::{Anchor, BlockKind};
use crate::reader::msg::Status;
use crate::reader::state::{LinksPane, Overlay, State};

/// Opens the pane on the document's links, or says there are none.
pub(super) fn open_pane(state: &mut State) {
    let links = state.doc.links();
    if links.is_empty() {
        state.message = Some(Status::info("this document has no links"));
    } else {
        state.links = Some(LinksPane { links, ..LinksPane::default() });
    }
}

pub(super) fn action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(pane) = state.links.as_mut() else { return Vec::new() };
    let n = pane.links.len();
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::SelectNext | Action::LineDown => pane.list.select_next(n),
        Action::SelectPrev | Action::LineUp => pane.list.select_prev(),
        Action::Close | Action::OpenLinks => state.links = None,
        Action::Help => state.overlay = Some(Overlay::Help(Default::default())),
        Action::Open => {
            let Some(link) = pane.selected().cloned() else { return Vec::new() };
            state.links = None;
            return follow(state, &link.target);
        }
        _ => {}
    }
    Vec::new()
}

/// Follows `href`: a fragment jumps within the document, another document is opened by the
/// session after the jump away is remembered.
fn follow(state: &mut State, href: &str) -> Vec<Effect> {
    match resolve(state.location.as_ref(), href) {
        Some(Target::Fragment(name)) => {
            match fragment_anchor(state, &name) {
                Some(anchor) => {
                    let i = state.active_view;
                    jump_to_anchor(state, i, anchor);
                }
                None => state.message = Some(Status::warning(format!("no heading #{name} in this document"))),
            }
            Vec::new()
        }
        Some(Target::Other(location)) => {
            let here = state.here();
            state.history.push(here);
            vec![Effect::OpenLocation { location, at: None, fragment: fragment_of(href) }]
        }
        None => {
            state.message = Some(Status::warning(format!("kan can't open {href}")));
            Vec::new()
        }
    }
}

/// The heading a fragment names. Pages name their sections with `id`s, which the document does
/// not keep; their headings' own words, as a slug (`#part-two` for "Part two"), are what is left.
pub(super) fn fragment_anchor(state: &State, name: &str) -> Option<Anchor> {
    let wanted = slug(name);
    state.doc.blocks.iter().find_map(|block| match block.kind {
        BlockKind::Heading { .. } => {
            let text = state.doc.heading_text(block)?;
            (slug(&text) == wanted).then_some(Anchor(block.offset))
        }
        _ => None,
    })
}

fn slug(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join("-")
}
