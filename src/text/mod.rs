//! Text in other forms: folding for search (case, width, Simplified/Traditional Chinese) and
//! script conversion for the view; and the CJK character classes that parsing and layout share.
//! Pure; the Chinese dictionaries load on first use.

pub mod cjk;
pub mod fold;
pub mod graphemes;
mod opencc;
pub mod script;
