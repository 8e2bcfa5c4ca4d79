//! kan (看): a terminal reader for long articles, with CJK text laid out correctly.
//!
//! The layers: `source` → `decode` → `document` (parse, outline) → `layout` form a pure core
//! that knows nothing of terminals. `reader` is the terminal-free state machine: every input
//! (a key's action through `keymap`, typed or pasted text, the mouse, a resize, what an effect
//! found) is one `reader::Msg`, and `update(&mut State, Msg)` is the only writer of the state;
//! it returns effects as data. `session` runs the effects that touch files through `store`,
//! which alone writes them, and returns what they found as messages; `ui` alone imports ratatui
//! and only draws; `runtime` owns the terminal, signals and the event loop. `manual` writes the
//! man page from the command line's definition and the default keymap.
#![forbid(unsafe_code)]

pub mod config;
pub mod decode;
pub mod document;
pub mod keymap;
pub mod layout;
pub mod manual;
pub mod reader;
pub mod runtime;
pub mod session;
pub mod source;
pub mod store;
pub mod text;
pub mod ui;
