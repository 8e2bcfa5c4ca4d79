//! The reader's state machine, still terminal-free: state, actions, update, search.

pub mod action;
pub mod geometry;
pub mod input;
pub mod msg;
pub mod search;
pub mod state;
pub mod update;

pub use action::{Action, Mode};
pub use msg::{Msg, Severity, Status};
pub use state::{Settings, State};
pub use update::{Effect, update};
