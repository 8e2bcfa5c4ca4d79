//! Keys → actions: resolves key sequences through the keymap for the state's mode, and sends
//! typed text to an open prompt.

use super::msg::Msg;
use super::state::State;
use super::update::{Effect, update};
use super::{Action, Mode};
use crate::keymap::{Key, KeyCode, Keymap, Resolution};

/// Keys typed so far of an unfinished sequence ("g" of "g g").
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub pending: Vec<Key>,
}

impl Input {
    /// Handles one key press.
    pub fn key(&mut self, state: &mut State, keymap: &Keymap, key: Key) -> Vec<Effect> {
        let mode = state.mode();
        match keymap.resolve(mode, &self.pending, key) {
            Resolution::Pending => {
                self.pending.push(key);
                Vec::new()
            }
            Resolution::Action(action) => {
                self.pending.clear();
                update(state, action)
            }
            Resolution::Unbound => {
                let was_pending = !self.pending.is_empty();
                self.pending.clear();
                if state.prompt.is_some() {
                    if let KeyCode::Char(c) = key.code()
                        && !key.modifiers().ctrl
                        && !key.modifiers().alt
                    {
                        return update(state, Msg::Typed(c.to_string()));
                    }
                    Vec::new()
                } else if was_pending {
                    // The key that broke a sequence may start one of its own.
                    self.key(state, keymap, key)
                } else if mode == Mode::Help {
                    // Any key the help does not use closes it.
                    update(state, Action::Close)
                } else {
                    Vec::new()
                }
            }
        }
    }
}
