//! The only code that imports ratatui: draws the reader state, never mutates it.

pub mod theme;
