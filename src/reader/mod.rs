//! The reader's state machine, still terminal-free: state, messages, update, search, and the
//! list and jump-list types the state is made of.

pub mod geometry;
pub mod history;
pub mod input;
pub mod library;
pub mod list;
pub mod msg;
pub mod search;
pub mod state;
pub mod update;

// `Action` and `Mode` live in a leaf module that `keymap` and `config` share without a cycle.
pub use crate::action::{self, Action, Mode};
pub use msg::{Msg, Severity, Status};
pub use state::{Settings, State};
pub use update::{Effect, update};
