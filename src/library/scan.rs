//! The documents below a folder: every file kan reads, recursively, sorted by path.
//!
//! walkdir does the walking: it follows symlinks and knows a loop by the (device, inode) of the
//! folders above (same-file), where a walk of our own would have to keep that set itself; the
//! `ignore` crate would add .gitignore rules and a parallel walker that a library of articles
//! does not want (an ignored file is still an article). Hidden files and folders (a name
//! starting with `.`) are skipped. What can't be walked (an unreadable folder, a symlink loop, a
//! dangling link with a document's name) is one [`Found`] with the reason, and the walk goes on.

use std::ffi::OsStr;
use std::path::Path;

use super::{Found, one_line};

/// The extensions of the documents a library lists, lowercase.
pub const EXTENSIONS: [&str; 7] = ["txt", "md", "markdown", "html", "htm", "xhtml", "epub"];

/// Whether the library lists a file of this name (by its extension, in any case).
pub fn is_document_name(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| EXTENSIONS.iter().any(|known| e.eq_ignore_ascii_case(known)))
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Every readable document below `dir`, and every place below it that could not be read, sorted
/// by path. Never fails: a `dir` that can't be read is one entry with the reason.
pub fn scan(dir: &Path) -> Vec<Found> {
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        // The folder asked for is listed even when its own name is hidden (`kan .notes`).
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    let mut found = Vec::new();
    for entry in walk {
        match entry {
            // Only regular files: a FIFO named `x.txt` would block the reader that opens it.
            Ok(entry) if entry.file_type().is_file() && is_document_name(entry.path()) => {
                found.push(Found::ok(entry.into_path()));
            }
            Ok(_) => {}
            Err(error) => {
                if let Some(problem) = problem_of(&error) {
                    found.push(problem);
                }
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The entry that reports a place the walk could not go, or `None` for one that does not matter
/// to a library (a dangling link named like no document).
fn problem_of(error: &walkdir::Error) -> Option<Found> {
    let path = error.path()?.to_path_buf();
    // Errors pass `filter_entry` by: a hidden name is skipped here (a dangling `.draft.md`).
    if error.depth() > 0 && path.file_name().is_some_and(is_hidden) {
        return None;
    }
    if let Some(ancestor) = error.loop_ancestor() {
        let reason = format!("symlink loop back to {}", ancestor.display());
        return Some(Found { path, problem: Some(one_line(&reason)) });
    }
    let io = error.io_error()?;
    // A folder that can't be read is always worth a row; any other error only if it has a
    // document's name (its metadata failed: a dangling link, a file gone meanwhile).
    let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
    if !is_dir && error.depth() > 0 && !is_document_name(&path) {
        return None;
    }
    Some(Found { path, problem: Some(one_line(&crate::source::io_reason(io))) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn lists_documents_by_extension_in_any_case_sorted_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        for name in ["z.TXT", "a.md", "b/c/d.Markdown", "b/e.html", "b/f.htm", "b/g.xhtml", "b/h.epub"] {
            fs::write(root.join(name), "x").unwrap();
        }
        for name in ["notes.rs", "README", "b/image.png"] {
            fs::write(root.join(name), "x").unwrap();
        }
        let paths: Vec<_> =
            scan(root).into_iter().map(|f| f.path.strip_prefix(root).unwrap().to_owned()).collect();
        let expected: Vec<_> =
            ["a.md", "b/c/d.Markdown", "b/e.html", "b/f.htm", "b/g.xhtml", "b/h.epub", "z.TXT"]
                .iter()
                .map(std::path::PathBuf::from)
                .collect();
        assert_eq!(paths, expected);
    }

    #[test]
    fn hidden_files_and_folders_are_skipped_but_a_hidden_root_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".notes");
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".git/x.md"), "x").unwrap();
        fs::write(root.join(".draft.md"), "x").unwrap();
        fs::write(root.join("kept.md"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("nowhere.md"), root.join(".dangling.md")).unwrap();
        assert_eq!(scan(&root), vec![Found::ok(root.join("kept.md"))]);
    }

    #[test]
    fn a_missing_folder_is_one_entry_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let found = scan(&gone);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, gone);
        assert_eq!(found[0].problem.as_deref(), Some("no such file or directory"));
    }
}
