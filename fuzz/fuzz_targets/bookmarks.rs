//! Fuzzes the bookmarks file through the store, as kan reads it: any `bookmarks.toml` loads
//! without a panic, and a file that loads cleanly is written back and read again (through the
//! binary cache and through the TOML) to the same bookmarks. The listing stays one line per
//! bookmark.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use kan::store::{BookmarkStore, bookmarks_listing};
use libfuzzer_sys::fuzz_target;

/// One scratch directory for the whole run, emptied before each input.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kan-fuzz-bookmarks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    })
}

fn empty(dir: &PathBuf) {
    for entry in std::fs::read_dir(dir).expect("scratch directory").flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
}

fuzz_target!(|text: &[u8]| {
    let dir = scratch();
    empty(dir);
    let store = BookmarkStore::new(dir);
    std::fs::write(store.path(), text).expect("write bookmarks.toml");
    let loaded = store.load();
    let listing = bookmarks_listing(&loaded.value);
    assert_eq!(listing.lines().count(), loaded.value.len(), "listing is not one line each");
    assert!(!listing.chars().any(|c| c.is_control() && c != '\t' && c != '\n'), "control in listing");
    if loaded.warning.is_some() {
        return;
    }
    let written = store.apply(&[]).expect("rewrite").value;
    assert_eq!(written, loaded.value, "a rewrite changed the bookmarks");
    assert_eq!(store.load().value, written, "read back (cache) differs");
    for entry in std::fs::read_dir(dir).expect("scratch directory").flatten() {
        if entry.path() != store.path() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    assert_eq!(store.load().value, written, "read back (TOML) differs");
});
