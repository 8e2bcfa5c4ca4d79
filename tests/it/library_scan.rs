//! The library's core on a folder built by the test: nested folders, hidden files, a symlink
//! loop, unreadable files and folders, binary with a text name, a name that is not UTF-8, a file
//! gone between listing and reading, a sparse 2 GB file; the summary cache; reading times.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kan::library::background::spawn_with;
use kan::library::{Found, Summary, reading_minutes, scan, summarize};
use kan::source::ReadOptions;
use kan::store::library_cache::LibraryCache;

fn write(path: &Path, text: impl AsRef<[u8]>) -> PathBuf {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    path.to_path_buf()
}

fn relative(root: &Path, found: &[Found]) -> Vec<(String, Option<String>)> {
    found
        .iter()
        .map(|f| (f.path.strip_prefix(root).unwrap().to_string_lossy().into_owned(), f.problem.clone()))
        .collect()
}

/// Whether permissions stop this process from reading (not so for root, as in many CI runners).
#[cfg(unix)]
fn permissions_bite(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = write(&dir.join("probe"), "x");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let bites = fs::read(&probe).is_err();
    fs::remove_file(&probe).unwrap();
    bites
}

#[test]
fn a_folder_lists_every_document_below_it_sorted_and_skips_hidden_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("b/deep/er/notes.MD"), "# Notes\n");
    write(&root.join("a.txt"), "A\n");
    write(&root.join("b/page.html"), "<title>P</title><p>x</p>");
    write(&root.join("b/.hidden.md"), "# no\n");
    write(&root.join(".git/HEAD.md"), "# no\n");
    write(&root.join("b/.cache/x.txt"), "no\n");
    write(&root.join("b/image.png"), "no");
    write(&root.join("Makefile"), "no");
    let found = scan(root);
    assert_eq!(
        relative(root, &found),
        vec![("a.txt".into(), None), ("b/deep/er/notes.MD".into(), None), ("b/page.html".into(), None)]
    );
}

#[test]
#[cfg(unix)]
fn a_symlink_loop_is_one_entry_and_the_rest_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a/one.md"), "# One\n");
    write(&root.join("two.md"), "# Two\n");
    std::os::unix::fs::symlink(root, root.join("a/back")).unwrap();
    // A link to a file is followed like the file.
    std::os::unix::fs::symlink(root.join("two.md"), root.join("a/link.md")).unwrap();
    // A dangling link with a document's name is reported; one with another name is not.
    std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
    let found = scan(root);
    let rows = relative(root, &found);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[0].0, "a/back");
    assert!(rows[0].1.as_deref().is_some_and(|p| p.starts_with("symlink loop")), "{rows:?}");
    assert_eq!(rows[1], ("a/link.md".into(), None));
    assert_eq!(rows[2], ("a/one.md".into(), None));
    assert_eq!(rows[3], ("dangling.md".into(), Some("no such file or directory".into())));
    assert_eq!(rows[4], ("two.md".into(), None));
}

#[test]
#[cfg(unix)]
fn unreadable_files_and_folders_have_their_reason_and_the_rest_is_listed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bites = permissions_bite(root);
    write(&root.join("fine.md"), "# Fine\n");
    let locked_file = write(&root.join("locked.md"), "# Locked\n");
    write(&root.join("shut/inside.md"), "# Inside\n");
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(root.join("shut"), fs::Permissions::from_mode(0o000)).unwrap();
    let found = scan(root);
    let summary = summarize(&locked_file, &ReadOptions::default());
    fs::set_permissions(root.join("shut"), fs::Permissions::from_mode(0o755)).unwrap();
    let rows = relative(root, &found);
    assert_eq!(rows[0], ("fine.md".into(), None));
    // Listing reads no file: an unreadable one is listed and its summary says why.
    assert_eq!(rows[1], ("locked.md".into(), None));
    if bites {
        assert_eq!(rows[2], ("shut".into(), Some("permission denied".into())));
        assert_eq!(rows.len(), 3);
        assert_eq!(summary.problem.as_deref(), Some("permission denied"));
    } else {
        // As root, permissions don't stop reading: everything is listed and read.
        assert_eq!(rows[2], ("shut/inside.md".into(), None));
        assert_eq!(summary.title.as_deref(), Some("Locked"));
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_name_that_is_not_utf8_is_listed_as_the_os_has_it_and_still_opens() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff.md");
    let path = write(&dir.path().join(name), "# Café\n\nau lait\n");
    let found = scan(dir.path());
    assert_eq!(found, vec![Found::ok(&path)]);
    assert_eq!(found[0].path.as_os_str().as_bytes(), path.as_os_str().as_bytes());
    let summary = summarize(&found[0].path, &ReadOptions::default());
    assert_eq!(summary.title.as_deref(), Some("Café"));
    assert_eq!(summary.problem, None);
}

#[test]
fn bad_files_are_summarised_as_one_line_problems() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let binary =
        write(&root.join("program.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00");
    let vanishing = write(&root.join("soon gone.md"), "# Here\n");
    let broken_book = write(&root.join("book.epub"), b"PK\x03\x04 not really a zip");
    let found = scan(root);
    assert_eq!(found.len(), 3);
    fs::remove_file(&vanishing).unwrap();
    let options = ReadOptions::default();
    let problem = |path: &Path| summarize(path, &options).problem.unwrap_or_default();
    assert!(problem(&binary).starts_with("binary file"), "{}", problem(&binary));
    assert_eq!(problem(&vanishing), "no such file or directory");
    let book = problem(&broken_book);
    assert!(!book.is_empty() && !book.contains('\n'), "{book}");
}

#[test]
fn a_sparse_2_gb_file_is_refused_by_its_size_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let file = fs::File::create(&path).unwrap();
    file.set_len(2 << 30).unwrap();
    drop(file);
    assert_eq!(scan(dir.path()), vec![Found::ok(&path)]);
    let summary = summarize(&path, &ReadOptions::default());
    // All zeros: had any of it been read, it would be called binary. It is refused by its size.
    let problem = summary.problem.unwrap();
    assert!(problem.starts_with("larger than 1 GiB"), "{problem}");
}

#[test]
fn reading_time_is_counted_per_script_in_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let zh = write(&dir.path().join("zh.txt"), format!("山路\n\n{}\n", "中文很好看。".repeat(400)));
    let en = write(&dir.path().join("en.md"), format!("# Road\n\n{}\n", "the quiet road ".repeat(230)));
    let options = ReadOptions::default();
    // 2000 characters + the title's 2: six minutes at 400 a minute.
    assert_eq!(summarize(&zh, &options).minutes, 6);
    assert_eq!(summarize(&zh, &options).title.as_deref(), Some("山路"));
    // 690 words + the title: four minutes at 230 a minute.
    assert_eq!(summarize(&en, &options).minutes, 4);
    assert_eq!(reading_minutes("나는 학교에 갑니다"), 1);
}

fn summarise_all(paths: &[PathBuf], cache: &LibraryCache) -> (Vec<(PathBuf, Summary)>, kan::library::Report) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&got);
    let report = spawn_with(paths.to_vec(), Some(cache.clone()), ReadOptions::default(), 2, move |p, s| {
        sink.lock().unwrap().push((p, s));
        true
    })
    .join();
    let mut got = std::mem::take(&mut *got.lock().unwrap());
    got.sort_by(|a, b| a.0.cmp(&b.0));
    (got, report)
}

#[test]
fn a_second_start_answers_from_the_cache_without_reading_any_document() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    for i in 0..30 {
        write(
            &root.join(format!("{}/{i:02}.md", i % 4)),
            format!("# 标题 {i}\n\n{}\n", "字".repeat(400 * (i + 1))),
        );
    }
    let binary = write(&root.join("bad.txt"), b"\x00\x01\x02\x03");
    let paths: Vec<PathBuf> = scan(&root).into_iter().map(|f| f.path).collect();
    assert_eq!(paths.len(), 31);
    let cache = LibraryCache::at(dir.path().join("cache/library.cache"));

    let (first, report) = summarise_all(&paths, &cache);
    assert_eq!((report.read, report.from_cache, report.save_error), (31, 0, None));
    assert!(cache.path().exists());

    // Empty every document but keep its size and modification time: only the cache can still
    // know the titles.
    for path in paths.iter().filter(|p| **p != binary) {
        let metadata = fs::metadata(path).unwrap();
        let file = fs::OpenOptions::new().write(true).open(path).unwrap();
        fs::write(path, vec![b' '; metadata.len() as usize]).unwrap();
        file.set_modified(metadata.modified().unwrap()).unwrap();
    }
    let (second, report) = summarise_all(&paths, &cache);
    assert_eq!(report.from_cache, 30);
    assert_eq!(report.read, 1, "only the binary file, whose problem is not cached, is read again");
    assert_eq!(first, second);
    let seventh = second.iter().find(|(p, _)| p.ends_with("06.md")).unwrap();
    assert_eq!(seventh.1.title.as_deref(), Some("标题 6"));
    assert_eq!(seventh.1.minutes, 8);

    // A changed file is read again.
    let changed = paths.iter().find(|p| p.ends_with("03.md")).unwrap();
    fs::write(changed, "# New title\n").unwrap();
    let (third, report) = summarise_all(&paths, &cache);
    assert_eq!(report.read, 2);
    let three = third.iter().find(|(p, _)| p == changed).unwrap();
    assert_eq!(three.1.title.as_deref(), Some("New title"));

    // A damaged cache is ignored and rebuilt.
    fs::write(cache.path(), b"garbage").unwrap();
    let (_, report) = summarise_all(&paths, &cache);
    assert_eq!((report.read, report.save_error), (31, None));
    let (_, report) = summarise_all(&paths, &cache);
    assert_eq!(report.from_cache, 30);
}

#[test]
fn the_generated_benchmark_library_lists_and_summarises_every_article_with_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let written = crate::helpers::generators::library_folder(dir.path(), 50);
    let mut listed: Vec<PathBuf> = scan(dir.path()).into_iter().map(|f| f.path).collect();
    let mut expected = written.clone();
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);
    let extensions: std::collections::BTreeSet<String> =
        written.iter().filter_map(|p| p.extension()).map(|e| e.to_string_lossy().to_lowercase()).collect();
    assert_eq!(extensions.into_iter().collect::<Vec<_>>(), ["epub", "htm", "html", "md", "txt"]);
    let titles: std::collections::BTreeSet<String> = written
        .iter()
        .map(|path| {
            let summary = summarize(path, &ReadOptions::default());
            assert_eq!(summary.problem, None, "{}", path.display());
            assert!(summary.minutes >= 1);
            summary.title.unwrap_or_else(|| panic!("no title in {}", path.display()))
        })
        .collect();
    assert_eq!(titles.len(), 50, "every article has a title of its own: {titles:?}");
}
