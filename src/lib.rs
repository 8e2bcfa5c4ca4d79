//! kan (看): a terminal reader for long articles, with CJK text laid out correctly.
//!
//! The layers: `source` → `decode` → `document` (parse, outline) → `layout` form a pure core
//! that knows nothing of terminals. `reader` is the terminal-free state machine (keys resolve
//! to actions through `keymap`; `update` returns effects as data). `session` runs the effects
//! that touch files through `store`, which alone writes them; `ui` alone imports ratatui and
//! only draws; `runtime` owns the terminal and the event loop. `manual` writes the man page from
//! the command line's definition and the default keymap.
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
pub mod ui;
