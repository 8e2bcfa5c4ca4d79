//! The reader's state machine, still terminal-free: state, actions, update, search.

pub mod action;

pub use action::{Action, Mode};
