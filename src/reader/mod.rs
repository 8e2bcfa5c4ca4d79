//! The reader's state machine, still terminal-free: state, actions, update, search.

pub mod geometry;
pub mod input;
pub mod msg;
pub mod search;
pub mod state;
pub mod update;

// `Action` and `Mode` live in a leaf module that `keymap` and `config` share without a cycle.
pub use crate::action::{self, Action, Mode};
pub use msg::{Msg, Severity, Status};
pub use state::{Settings, State};
pub use update::{Effect, update};
