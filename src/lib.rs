//! kan (看): a terminal reader for long articles, with CJK text laid out correctly.
//!
//! The layers: `source` → `decode` → `document` (parse, outline) → `layout` form a pure core
//! that knows nothing of terminals, on the leaf module `text` (CJK classes, folding, scripts).
//! `reader` is the terminal-free state machine: every input (a key's action through `keymap`,
//! typed or pasted text, the mouse, a resize, what an effect found) is one `reader::Msg`, and
//! `update(&mut State, Msg)` is the only writer of the state; it returns effects as data.
//! `action` (the actions and modes) is a leaf that `keymap`, `config` and `reader` share.
//! `session` runs the effects that touch files through `store`, which alone writes them, and
//! returns what they found as messages; `ui` only draws (with ratatui); `runtime` owns the
//! ratatui terminal (on `backend`), signals and the event loop. `manual` writes the man page from
//! the command line's definition and the default keymap. ARCHITECTURE.md is the map.
#![forbid(unsafe_code)]

pub mod action;
pub mod config;
pub mod decode;
pub mod document;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod manual;
pub mod progressive;
pub mod reader;
pub mod runtime;
pub mod screen;
pub mod session;
pub mod source;
pub mod store;
pub mod text;
pub mod ui;
pub mod web;
