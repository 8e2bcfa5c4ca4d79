//! Bookmarks and positions through the public store API, in temp directories: round trips,
//! re-anchoring after edits, moved files, corrupt files and unwritable directories.

mod store_support;

use std::fs;
use std::path::Path;

use kan::store::{
    Bookmark, BookmarkOp, BookmarkStore, DocId, Placement, PositionStore, StoreError, StoreWarning,
    bookmarks_listing,
};
use store_support::{NOVEL, at, document};
use tempfile::TempDir;

fn write_doc(dir: &Path, name: &str, text: &str) -> DocId {
    let path = dir.join(name);
    fs::write(&path, text).expect("write the document");
    DocId::new(&path, text)
}

#[test]
fn bookmarks_round_trip_through_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(&dir.path().join("kan"));
    assert!(store.load().value.is_empty(), "no file yet means no bookmarks");
    let doc = write_doc(dir.path(), "novel.md", NOVEL);
    let document = document(NOVEL);
    let first = Bookmark::new(&doc, &document, at(NOVEL, "想起"), "他明白了");
    let second = Bookmark::new(&doc, &document, at(NOVEL, "黄昏"), "");
    let saved =
        store.apply(&[BookmarkOp::Add(first.clone()), BookmarkOp::Add(second.clone())]).expect("save");
    assert!(saved.warning.is_none());
    let loaded = store.load();
    assert!(loaded.warning.is_none());
    assert_eq!(loaded.value, vec![first.clone(), second.clone()]);
    assert_eq!(loaded.value[0].section(), "第二章 归途");
    assert!(loaded.value[0].snippet().starts_with("想起城门外的消息"));

    store
        .apply(&[
            BookmarkOp::Rename { id: first.id.clone(), label: "改名".into() },
            BookmarkOp::Delete(second.id.clone()),
        ])
        .expect("rename and delete");
    let loaded = store.load().value;
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].label, "改名");
    // Undo of a delete: adding the same bookmark back restores it as it was.
    store.apply(&[BookmarkOp::Add(second.clone())]).expect("undo");
    assert_eq!(store.load().value.len(), 2);
    // An update never resurrects a deleted bookmark.
    store.apply(&[BookmarkOp::Delete(second.id.clone()), BookmarkOp::Update(second)]).expect("update");
    assert_eq!(store.load().value.len(), 1);

    let text = fs::read_to_string(store.path()).expect("read the file");
    assert!(text.contains("version = 1"), "{text}");
    assert!(text.contains("想起城门外"), "quotes are readable, not escaped: {text}");
}

#[test]
fn listing_prints_path_section_percent_label() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "novel.md", NOVEL);
    let document = document(NOVEL);
    let marks = [("黄昏", "渡口"), ("书生", "")];
    let ops: Vec<BookmarkOp> = marks
        .iter()
        .map(|(place, label)| BookmarkOp::Add(Bookmark::new(&doc, &document, at(NOVEL, place), label)))
        .collect();
    store.apply(&ops).expect("save");
    let all = store.load().value;
    let path = doc.path.display();
    let late = at(NOVEL, "黄昏") * 100 / NOVEL.len();
    let early = at(NOVEL, "书生") * 100 / NOVEL.len();
    assert_eq!(
        bookmarks_listing(&all),
        format!("{path}\t第一章 风起\t{early}%\t\n{path}\t第三章 渡口\t{late}%\t渡口\n")
    );
}

/// Re-opens `old` (bookmarked at `needle`) as `new` and returns where the bookmark landed.
fn reopen(old: &str, new: &str, needle: &str) -> (usize, Placement, Bookmark, BookmarkStore, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "novel.md", old);
    let bookmark = Bookmark::new(&doc, &document(old), at(old, needle), "here");
    store.apply(&[BookmarkOp::Add(bookmark)]).expect("save");
    let edited = write_doc(dir.path(), "novel.md", new);
    let (placed, error) = store.open_document(&edited, &document(new));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(placed.value.len(), 1, "the bookmark is never dropped");
    let p = placed.value.into_iter().next().expect("one bookmark");
    // The new place is saved, so the next open is exact.
    let (again, _) = store.open_document(&edited, &document(new));
    assert_eq!(again.value[0].placement, Placement::Exact);
    assert_eq!(again.value[0].bookmark.anchor.offset, p.bookmark.anchor.offset);
    (p.bookmark.anchor.offset, p.placement, p.bookmark, store, dir)
}

#[test]
fn text_inserted_before_the_bookmark() {
    let new = NOVEL.replace("# 第一卷 江湖\n\n", "# 第一卷 江湖\n\n作者的话：这是新加的一段很长的前言。\n\n");
    let (offset, placement, bookmark, _, _dir) = reopen(NOVEL, &new, "想起");
    assert_eq!((offset, placement), (at(&new, "想起"), Placement::Quote));
    assert!(!bookmark.moved);
}

#[test]
fn the_bookmarked_paragraph_edited() {
    let new = NOVEL.replace("想起城门外的消息，终于明白了一切", "忽然想到了那封没有寄出的信");
    let (offset, placement, bookmark, _, _dir) = reopen(NOVEL, &new, "想起");
    assert_eq!(placement, Placement::PartOfQuote);
    assert_eq!(offset, at(&new, "忽然想到"));
    assert!(bookmark.moved, "less than the whole quote found is marked moved");
    assert!(bookmark.anchor.quote.starts_with("想起城门外"), "the saved quote is never rewritten");
}

#[test]
fn the_section_renamed() {
    let new = NOVEL.replace("## 第二章 归途", "## 第二章 回家的路");
    let (offset, placement, bookmark, _, _dir) = reopen(NOVEL, &new, "清晨");
    assert_eq!((offset, placement), (at(&new, "清晨"), Placement::Quote));
    assert!(!bookmark.moved);
    assert_eq!(bookmark.section(), "第二章 归途", "what was saved stays as saved");
}

#[test]
fn the_section_rewritten_leaves_a_moved_bookmark_at_its_heading() {
    let start = at(NOVEL, "少年");
    let end = at(NOVEL, "# 第二卷");
    let new = format!("{}全部重写了。\n\n{}", &NOVEL[..start], &NOVEL[end..]);
    let (offset, placement, bookmark, store, _dir) = reopen(NOVEL, &new, "清晨");
    assert_eq!((offset, placement), (at(&new, "## 第二章"), Placement::Heading));
    assert!(bookmark.moved, "a rough place is marked moved");
    assert!(bookmark.anchor.quote.starts_with("清晨"), "the old quote says what was bookmarked");
    assert!(store.load().value[0].moved, "and the mark is saved");
}

#[test]
fn a_moved_file_finds_its_bookmarks_by_fingerprint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(&dir.path().join("config"));
    let doc = write_doc(dir.path(), "old-name.md", NOVEL);
    let bookmark = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "黄昏"), "");
    store.apply(&[BookmarkOp::Add(bookmark.clone())]).expect("save");
    fs::create_dir(dir.path().join("shelf")).expect("mkdir");
    fs::rename(&doc.path, dir.path().join("shelf/new-name.md")).expect("move the file");
    let moved = DocId::new(&dir.path().join("shelf/new-name.md"), NOVEL);
    let (placed, error) = store.open_document(&moved, &document(NOVEL));
    assert!(error.is_none());
    assert_eq!(placed.value.len(), 1);
    assert_eq!(placed.value[0].placement, Placement::Exact);
    assert_eq!(placed.value[0].bookmark.anchor.offset, bookmark.anchor.offset);
    assert_eq!(store.load().value[0].doc.path, moved.path, "the new path is saved");

    // A copy elsewhere, while the original still exists, does not take the bookmarks over.
    fs::write(dir.path().join("copy.md"), NOVEL).expect("copy");
    let copy = DocId::new(&dir.path().join("copy.md"), NOVEL);
    assert!(store.open_document(&copy, &document(NOVEL)).0.value.is_empty());
}

#[test]
fn a_corrupt_file_is_read_as_far_as_it_can_be_and_never_loses_a_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "a.md", NOVEL);
    let good = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "想起"), "好");
    store.apply(&[BookmarkOp::Add(good.clone())]).expect("save");
    let mut text = fs::read(store.path()).expect("read");
    let garbage: &[u8] = b"\n[[document]\npath = \"unterminated\n\x00\xff not toml\n";
    text.extend_from_slice(garbage);
    fs::write(store.path(), &text).expect("write garbage");

    let loaded = store.load();
    assert_eq!(loaded.value, vec![good.clone()], "the good bookmark still loads");
    let Some(StoreWarning::Unread { summary, .. }) = &loaded.warning else {
        panic!("expected a warning, got {:?}", loaded.warning);
    };
    assert!(summary.contains("could not be read"), "{summary}");
    assert_eq!(fs::read(store.path()).expect("read"), text, "loading never writes");
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".bad-")), "nothing is moved aside: {names:?}");

    // A save keeps the garbage, byte for byte, and still warns.
    let second = Bookmark::new(&doc, &document(NOVEL), 0, "");
    let saved = store.apply(&[BookmarkOp::Add(second)]).expect("save");
    assert!(saved.warning.is_some());
    let after = fs::read(store.path()).expect("read");
    assert!(
        after.windows(garbage.len() - 1).any(|w| w == &garbage[1..]),
        "{}",
        String::from_utf8_lossy(&after)
    );
    assert_eq!(store.load().value.len(), 2);
}

/// The path of the derived binary cache beside `bookmarks.toml`.
fn cache_path(store: &BookmarkStore) -> std::path::PathBuf {
    store.path().with_extension("cache")
}

/// Two bookmarks in one document and one in another, saved; returns the store and its contents.
fn saved_store(dir: &Path) -> (BookmarkStore, Vec<Bookmark>) {
    let store = BookmarkStore::new(dir);
    let doc = write_doc(dir, "novel.md", NOVEL);
    let other = write_doc(dir, "other.md", "# 另一本\n\n短短的一段。\n");
    let document = document(NOVEL);
    let mut moved = Bookmark::new(&doc, &document, at(NOVEL, "黄昏"), "渡口 \"引号\"\t");
    moved.moved = true;
    let ops = [
        BookmarkOp::Add(Bookmark::new(&doc, &document, at(NOVEL, "想起"), "他明白了")),
        BookmarkOp::Add(moved),
        BookmarkOp::Add(Bookmark::new(&other, &store_support::document("# 另一本\n\n短短的一段。\n"), 0, "")),
    ];
    store.apply(&ops).expect("save");
    let loaded = store.load();
    assert!(loaded.warning.is_none());
    (store, loaded.value)
}

#[test]
fn the_cache_gives_exactly_what_the_toml_file_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, from_cache) = saved_store(dir.path());
    assert!(cache_path(&store).exists(), "a write leaves a cache beside the file");
    assert_eq!(from_cache.len(), 3);
    fs::remove_file(cache_path(&store)).expect("remove the cache");
    let from_toml = store.load().value;
    assert_eq!(from_toml, from_cache);
    assert!(cache_path(&store).exists(), "a load that parsed the file caches it again");
    assert_eq!(store.load().value, from_toml);
}

#[test]
fn a_hand_edit_of_the_toml_file_wins_over_the_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, before) = saved_store(dir.path());
    let text = fs::read_to_string(store.path()).expect("read");
    // Same length, edited in place (same inode): only the file's times tell the change.
    let edited = text.replace("他明白了", "她明白了");
    assert_eq!(edited.len(), text.len());
    let mut file = fs::OpenOptions::new().write(true).open(store.path()).expect("open");
    std::io::Write::write_all(&mut file, edited.as_bytes()).expect("edit in place");
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(2)).expect("touch");
    drop(file);
    let loaded = store.load().value;
    assert_eq!(loaded.len(), before.len());
    assert!(loaded.iter().any(|b| b.label == "她明白了"), "{loaded:?}");
    assert!(!loaded.iter().any(|b| b.label == "他明白了"));
    // A write after the edit starts from the edited file, not from the stale cache.
    let doomed = before.iter().find(|b| b.label.is_empty()).expect("an unlabelled one").id.clone();
    store.apply(&[BookmarkOp::Delete(doomed)]).expect("delete");
    let written = store.load().value;
    assert!(written.iter().any(|b| b.label == "她明白了"));
    assert_eq!(written.len(), 2);

    // Removing the file by hand removes the bookmarks, whatever the cache says.
    fs::remove_file(store.path()).expect("remove");
    assert!(store.load().value.is_empty());
}

#[test]
fn a_broken_or_foreign_cache_is_ignored_and_rebuilt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, before) = saved_store(dir.path());
    let cache = fs::read(cache_path(&store)).expect("read the cache");
    for broken in [b"garbage".to_vec(), cache[..cache.len() / 2].to_vec(), {
        let mut flipped = cache.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x20;
        flipped
    }] {
        fs::write(cache_path(&store), &broken).expect("break the cache");
        let loaded = store.load();
        assert!(loaded.warning.is_none(), "a bad cache is no problem of the user's");
        assert_eq!(loaded.value, before);
        assert_eq!(fs::read(cache_path(&store)).expect("rebuilt"), cache, "rebuilt as it was");
    }
    // A cache copied from another directory belongs to another file.
    let other = tempfile::tempdir().expect("temp dir");
    let (other_store, _) = saved_store(other.path());
    other_store.apply(&[BookmarkOp::Delete(before[0].id.clone())]).ok();
    fs::copy(cache_path(&other_store), cache_path(&store)).expect("copy a foreign cache");
    assert_eq!(store.load().value, before);
}

#[test]
fn a_file_from_a_newer_kan_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let newer = "version = 7\nshape = \"different\"\n";
    fs::write(store.path(), newer).expect("write");
    assert!(matches!(store.load().warning, Some(StoreWarning::Unusable { .. })));
    let doc = write_doc(dir.path(), "a.md", NOVEL);
    let err = store.apply(&[BookmarkOp::Add(Bookmark::new(&doc, &document(NOVEL), 0, ""))]);
    assert!(matches!(err, Err(StoreError::NewerVersion { found: 7, .. })));
    assert_eq!(fs::read_to_string(store.path()).expect("read"), newer);
}

#[test]
fn a_config_dir_that_cannot_be_created_gives_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blocker = dir.path().join("not-a-dir");
    fs::write(&blocker, "a file where the config dir should be").expect("write");
    let store = BookmarkStore::new(&blocker.join("kan"));
    let loaded = store.load();
    assert!(loaded.value.is_empty(), "reading goes on with no bookmarks");
    let warning = loaded.warning.map(|w| w.to_string()).unwrap_or_default();
    assert_eq!(
        warning,
        format!(
            "bookmarks: no config directory {}: {} is not a directory",
            blocker.join("kan").display(),
            blocker.display()
        )
    );
    let itself = BookmarkStore::new(&blocker).load().warning.map(|w| w.to_string()).unwrap_or_default();
    assert_eq!(itself, format!("bookmarks: config directory {} is not a directory", blocker.display()));
    let doc = write_doc(dir.path(), "a.md", NOVEL);
    let result = store.apply(&[BookmarkOp::Add(Bookmark::new(&doc, &document(NOVEL), 0, ""))]);
    let Err(err @ StoreError::CreateDir { .. }) = result else {
        panic!("expected CreateDir, got {result:?}")
    };
    assert!(err.to_string().starts_with("can't create "), "{err}");
    assert!(store.check_writable().is_err());
    let positions = PositionStore::new(&blocker.join("kan"));
    assert!(positions.save(&doc, &document(NOVEL), 0).is_err());
}

#[cfg(unix)]
#[test]
fn a_read_only_dir_gives_a_warning_not_a_crash() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "a.md", NOVEL);
    store.apply(&[BookmarkOp::Add(Bookmark::new(&doc, &document(NOVEL), 0, ""))]).expect("save");
    fs::remove_file(dir.path().join("bookmarks.toml.lock")).expect("remove the lock file");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    if fs::write(dir.path().join("probe"), "").is_ok() {
        // Root ignores permissions; the not-a-directory test covers the failure path there.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
        return;
    }
    let loaded = store.load();
    assert_eq!(loaded.value.len(), 1, "bookmarks are still read");
    let result = store.apply(&[BookmarkOp::Add(Bookmark::new(&doc, &document(NOVEL), 5, ""))]);
    assert!(matches!(result, Err(StoreError::Lock { .. } | StoreError::Write { .. })), "{result:?}");
    assert!(store.check_writable().is_err());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn reading_positions_round_trip_and_follow_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PositionStore::new(dir.path());
    let doc = write_doc(dir.path(), "novel.md", NOVEL);
    assert_eq!(store.restore(&doc, &document(NOVEL)).value, None);
    store.save(&doc, &document(NOVEL), at(NOVEL, "老人")).expect("save");
    store.save(&doc, &document(NOVEL), at(NOVEL, "清晨")).expect("save again: replaces");
    assert_eq!(store.load().value.len(), 1);
    let restored = store.restore(&doc, &document(NOVEL)).value.expect("a position");
    assert_eq!((restored.offset, restored.placement), (at(NOVEL, "清晨"), Placement::Exact));

    let new = NOVEL.replace("# 第一卷 江湖\n\n", "# 第一卷 江湖\n\n序。\n\n");
    let edited = write_doc(dir.path(), "novel.md", &new);
    let restored = store.restore(&edited, &document(&new)).value.expect("a position");
    assert_eq!((restored.offset, restored.placement), (at(&new, "清晨"), Placement::Quote));

    let other = write_doc(dir.path(), "other.md", "别的书。");
    store.save(&other, &document("别的书。"), 3).expect("save another");
    assert_eq!(store.load().value.len(), 2);
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_written_through_the_link_and_keeps_its_mode() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().expect("temp dir");
    let dotfiles = dir.path().join("dotfiles");
    let config = dir.path().join("config");
    fs::create_dir_all(&dotfiles).expect("mkdir");
    fs::create_dir_all(&config).expect("mkdir");
    let store = BookmarkStore::new(&config);
    let doc = write_doc(dir.path(), "a.md", NOVEL);
    // One file kept in a dotfiles repository and linked relatively, one linked to a file that is
    // not there yet.
    fs::write(dotfiles.join("bookmarks.toml"), "version = 1\n").expect("write");
    fs::set_permissions(dotfiles.join("bookmarks.toml"), fs::Permissions::from_mode(0o644)).expect("chmod");
    symlink("../dotfiles/bookmarks.toml", store.path()).expect("link");
    let positions = PositionStore::new(&config);
    symlink(dotfiles.join("positions.toml"), positions.path()).expect("link");

    let bookmark = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "想起"), "链接");
    store.apply(&[BookmarkOp::Add(bookmark.clone())]).expect("save through the link");
    // The second add is appended to the file: through the link too.
    let appended = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "黄昏"), "追加");
    store.apply(&[BookmarkOp::Add(appended.clone())]).expect("append through the link");
    positions.save(&doc, &document(NOVEL), at(NOVEL, "老人")).expect("save through a dangling link");

    for (link, target) in [(store.path(), "bookmarks.toml"), (positions.path(), "positions.toml")] {
        assert!(fs::symlink_metadata(link).expect("link").file_type().is_symlink(), "{link:?} stays a link");
        assert!(fs::metadata(dotfiles.join(target)).expect("target").is_file());
    }
    let mode = fs::metadata(dotfiles.join("bookmarks.toml")).expect("target").permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "the mode is kept");
    let text = fs::read_to_string(dotfiles.join("bookmarks.toml")).expect("read");
    assert!(text.contains("链接") && text.contains("追加"), "{text}");
    assert_eq!(store.load().value, vec![bookmark, appended]);
    assert!(positions.restore(&doc, &document(NOVEL)).value.is_some());
    for dir in [&dotfiles, &config] {
        let temps: Vec<_> = fs::read_dir(dir)
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(temps.is_empty(), "no temp file is left: {temps:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_keeps_its_bookmarks_after_an_edit() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let name = std::ffi::OsStr::from_bytes(b"nonutf8-\xff\xfe.md");
    let path = dir.path().join(name);
    if fs::write(&path, NOVEL).is_err() {
        return; // A file system that only takes UTF-8 names has nothing to lose.
    }
    let store = BookmarkStore::new(&dir.path().join("kan"));
    let doc = DocId::new(&path, NOVEL);
    let bookmark = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "黄昏"), "");
    store.apply(&[BookmarkOp::Add(bookmark.clone())]).expect("save");
    fs::remove_file(store.path().with_extension("cache")).expect("read from the TOML file");
    assert_eq!(store.load().value[0].doc.path, doc.path, "the name reads back byte for byte");

    let edited = NOVEL.replace("# 第一卷 江湖\n\n", "# 第一卷 江湖\n\n序。\n\n");
    fs::write(&path, &edited).expect("edit");
    let (placed, _) = store.open_document(&DocId::new(&path, &edited), &document(&edited));
    assert_eq!(placed.value.len(), 1, "the bookmark still belongs to its document");
    assert_eq!(placed.value[0].bookmark.anchor.offset, at(&edited, "黄昏"));
}

/// The document tables in the file.
fn tables(store: &BookmarkStore) -> usize {
    let text = fs::read_to_string(store.path()).expect("read");
    text.lines().filter(|l| *l == "[[document]]").count()
}

/// The bookmarks as the TOML file gives them, without the cache.
fn from_toml(store: &BookmarkStore) -> kan::store::Outcome<Vec<Bookmark>> {
    let _ = fs::remove_file(store.path().with_extension("cache"));
    store.load_read_only()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).expect("metadata"))
}

#[cfg(unix)]
#[test]
fn adds_are_appended_with_the_cache_kept_in_step_and_a_rewrite_compacts_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let novel = write_doc(dir.path(), "novel.md", NOVEL);
    let other = write_doc(dir.path(), "other.md", NOVEL);
    let mark = |doc: &DocId, needle: &str| Bookmark::new(doc, &document(NOVEL), at(NOVEL, needle), "");
    let (late, early, elsewhere) = (mark(&novel, "黄昏"), mark(&novel, "书生"), mark(&other, "老人"));
    store.apply(&[BookmarkOp::Add(late.clone())]).expect("first add writes the file");
    let written = fs::read(store.path()).expect("read");
    let cache = store.path().with_extension("cache");
    let cache_inode = inode(&cache);

    store.apply(&[BookmarkOp::Add(early.clone())]).expect("add");
    store.apply(&[BookmarkOp::Add(elsewhere.clone())]).expect("add");
    let appended = fs::read(store.path()).expect("read");
    assert!(appended.starts_with(&written), "an add only appends");
    assert_eq!(tables(&store), 3, "{}", String::from_utf8_lossy(&appended));
    // The cache was extended in place, and is used as it is: a load refreshes nothing.
    assert_eq!(inode(&cache), cache_inode);
    let loaded = store.load();
    assert_eq!(inode(&cache), cache_inode, "the cache matched the file");
    assert!(loaded.warning.is_none());
    assert_eq!(loaded.value, vec![late.clone(), early.clone(), elsewhere.clone()], "in the file's order");
    assert_eq!(from_toml(&store).value, loaded.value, "the cache gives what the file gives");

    // Anything else rewrites the file, one table per document again.
    store.apply(&[BookmarkOp::Rename { id: late.id.clone(), label: "渡口".into() }]).expect("rename");
    assert_eq!(tables(&store), 2);
    let renamed = Bookmark { label: "渡口".into(), ..late };
    let loaded = store.load().value;
    assert_eq!(loaded, vec![early, renamed, elsewhere]);
    assert_eq!(from_toml(&store).value, loaded);
}

#[test]
fn an_add_whose_id_is_there_replaces_it_by_a_rewrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "novel.md", NOVEL);
    let first = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "书生"), "");
    store.apply(&[BookmarkOp::Add(first.clone())]).expect("add");
    store.apply(&[BookmarkOp::Add(Bookmark::new(&doc, &document(NOVEL), 0, ""))]).expect("add");
    let relabelled = Bookmark { label: "又一次".into(), ..first };
    store.apply(&[BookmarkOp::Add(relabelled.clone())]).expect("add again");
    let loaded = store.load().value;
    assert_eq!(loaded.len(), 2);
    assert!(loaded.contains(&relabelled));
    assert_eq!(tables(&store), 1, "replaced in place, not appended beside");
}

#[test]
fn a_torn_append_is_kept_as_written_and_loses_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let doc = write_doc(dir.path(), "novel.md", NOVEL);
    let kept = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "书生"), "留下");
    store.apply(&[BookmarkOp::Add(kept.clone())]).expect("add");
    let before = fs::read(store.path()).expect("read");
    let torn = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "黄昏"), "一半");
    store.apply(&[BookmarkOp::Add(torn)]).expect("append");
    let whole = fs::read(store.path()).expect("read");
    let fragment = &whole[before.len()..];
    let find = |needle: &str| {
        fragment.windows(needle.len()).position(|w| w == needle.as_bytes()).expect("in the fragment")
    };
    // A crash can leave any prefix of the append: cut inside the header, the path, the bookmark,
    // and just before the list's end.
    for cut in [find("[[doc") + 4, find("path = ") + 12, find("{ id = ") + 20, fragment.len() - 2] {
        let damaged = whole[..before.len() + cut].to_vec();
        fs::write(store.path(), &damaged).expect("tear");
        let loaded = store.load();
        assert_eq!(loaded.value, vec![kept.clone()], "cut at {cut}");
        let warning = loaded.warning.map(|w| w.to_string()).unwrap_or_default();
        assert!(warning.contains("1 entry could not be read"), "cut at {cut}: {warning}");
        // The next write (a rewrite: the file has an unread entry) keeps the torn bytes as they
        // are, and everything else.
        let next = Bookmark::new(&doc, &document(NOVEL), at(NOVEL, "老人"), "");
        store.apply(&[BookmarkOp::Add(next.clone())]).expect("add after the tear");
        let rewritten = fs::read(store.path()).expect("read");
        let torn_text = damaged[before.len()..].trim_ascii();
        assert!(rewritten.windows(torn_text.len()).any(|w| w == torn_text), "cut at {cut}: kept verbatim");
        let loaded = store.load().value;
        assert!(loaded.contains(&kept) && loaded.contains(&next) && loaded.len() == 2, "cut at {cut}");
        fs::write(store.path(), &before).expect("start again");
    }
}
