//! kan (看): a terminal reader for long articles, with CJK text laid out correctly.
//!
//! The layers: `source` → `decode` → `document` (parse, outline) → `layout` form a pure core
//! that knows nothing of terminals. `reader` is the terminal-free state machine (keys resolve
//! to actions through `keymap`; `update` returns effects). `store` alone writes files, `ui`
//! alone imports ratatui, and `runtime` owns the terminal.
#![forbid(unsafe_code)]

pub mod config;
pub mod decode;
pub mod document;
pub mod keymap;
pub mod layout;
pub mod reader;
pub mod runtime;
pub mod session;
pub mod source;
pub mod store;
pub mod ui;
