//! A library: the readable documents below a folder, and what kan knows of each (title,
//! reading time) without keeping the documents. Finding files and summarising them is I/O
//! but no state: the reader's library mode (`reader::library`) holds the rows, and work on
//! another thread sends summaries to it as messages.
//!
//! This file holds the types the reader and the scanner share; the scanning, summarising and
//! the summary cache (in the user cache directory, through `store`) live in its submodules.

use std::path::PathBuf;

/// One document found below a library's folder (or remembered from the reading history).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The path to open it by: kept as the OS gave it, so a name that is not UTF-8 still opens.
    pub path: PathBuf,
    /// Why it can't be read, found while listing (an unreadable folder, a symlink loop); `None`
    /// when listing found nothing wrong.
    pub problem: Option<String>,
}

/// What kan knows of one document without keeping it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The title its outline finds; `None` when it has none (the file name is shown instead).
    pub title: Option<String>,
    /// Reading time in minutes: 400 CJK characters a minute, 230 words a minute, mixed text
    /// counted per script.
    pub minutes: u32,
    /// The length of its decoded text in bytes, which reading positions are offsets into.
    pub text_len: usize,
    /// Why it could not be read (one line), when it could not.
    pub problem: Option<String>,
}
