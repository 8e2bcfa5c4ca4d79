//! Text in other forms: folding for search (case, width, Simplified/Traditional Chinese) and
//! script conversion for the view. Pure; the Chinese dictionaries load on first use.

pub mod fold;
pub mod script;
