//! Markdown (pulldown-cmark events) → blocks.

use super::Document;

/// Parses a Markdown document.
pub fn parse(text: String) -> Document {
    super::plain::parse(text)
}
