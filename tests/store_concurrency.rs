//! Two writers at once (threads and processes) keep all their changes, a reader never sees half
//! an append, and a writer killed with SIGKILL mid-save never leaves a broken or partial file.
//!
//! The child processes are this test binary itself, started with `KAN_STORE_WORKER` set: the
//! `worker` test then plays the child's part instead of being a test.

mod store_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId, Fingerprint};
use store_support::{NOVEL, document};

const WORKER: &str = "KAN_STORE_WORKER";
const WORKER_DIR: &str = "KAN_STORE_WORKER_DIR";
const WORKER_START: &str = "KAN_STORE_WORKER_START";
/// Adds per writer; every fourth is deleted again right after, every fifth renamed.
const ADDS: usize = 200;

fn bookmark(id: String, offset: usize) -> Bookmark {
    let doc = DocId { path: PathBuf::from("/books/novel.md"), fingerprint: Fingerprint::of(NOVEL) };
    let mut b = Bookmark::new(&doc, &document(NOVEL), offset % NOVEL.len(), "");
    b.id = id;
    b
}

/// One writer's share: each add, delete and rename is its own locked read-modify-write.
fn run_writer(dir: &Path, prefix: &str) {
    let store = BookmarkStore::new(dir);
    for i in 0..ADDS {
        let id = format!("{prefix}-{i}");
        store.apply(&[BookmarkOp::Add(bookmark(id.clone(), i * 7))]).expect("add");
        if i % 4 == 0 {
            store.apply(&[BookmarkOp::Delete(id)]).expect("delete");
        } else if i % 5 == 0 {
            store.apply(&[BookmarkOp::Rename { id, label: format!("{prefix} renamed") }]).expect("rename");
        }
    }
}

/// What one writer must leave behind.
fn expected(prefix: &str) -> BTreeSet<(String, String)> {
    (0..ADDS)
        .filter(|i| i % 4 != 0)
        .map(|i| {
            let label = if i % 5 == 0 { format!("{prefix} renamed") } else { String::new() };
            (format!("{prefix}-{i}"), label)
        })
        .collect()
}

fn left(dir: &Path) -> BTreeSet<(String, String)> {
    let loaded = BookmarkStore::new(dir).load();
    assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
    loaded.value.into_iter().map(|b| (b.id, b.label)).collect()
}

fn spawn_worker(role: &str, dir: &Path, start: usize) -> Child {
    let exe = std::env::current_exe().expect("the test binary");
    Command::new(exe)
        .args(["--exact", "worker", "--nocapture", "--test-threads=1"])
        .env(WORKER, role)
        .env(WORKER_DIR, dir)
        .env(WORKER_START, start.to_string())
        .stdout(Stdio::null())
        .spawn()
        .expect("start a worker process")
}

/// The child's part; a no-op when run as an ordinary test.
#[test]
fn worker() {
    let Ok(role) = std::env::var(WORKER) else { return };
    let dir = PathBuf::from(std::env::var_os(WORKER_DIR).expect("worker dir"));
    if role == "saver" {
        // Adds saver-<n> one save at a time until killed.
        let start: usize = std::env::var(WORKER_START).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        let store = BookmarkStore::new(&dir);
        for n in start.. {
            store.apply(&[BookmarkOp::Add(bookmark(format!("saver-{n}"), n))]).expect("save");
        }
    } else {
        run_writer(&dir, &role);
    }
}

#[test]
fn two_threads_interleaving_adds_and_deletes_keep_both_sets() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::thread::scope(|s| {
        for prefix in ["left", "right"] {
            let dir = dir.path();
            s.spawn(move || run_writer(dir, prefix));
        }
    });
    let union: BTreeSet<_> = expected("left").union(&expected("right")).cloned().collect();
    assert_eq!(left(dir.path()), union);
}

#[cfg(unix)]
#[test]
fn a_reader_of_the_toml_file_never_sees_half_an_append() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    store.apply(&[BookmarkOp::Add(bookmark("first".into(), 0))]).expect("add");
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..ADDS {
                store.apply(&[BookmarkOp::Add(bookmark(format!("appended-{i}"), i))]).expect("add");
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        // A second view of the same file and lock, with no cache of its own: every load reads
        // the TOML file the writer is appending to.
        let view = tempfile::tempdir().expect("temp dir");
        for name in ["bookmarks.toml", "bookmarks.toml.lock"] {
            std::os::unix::fs::symlink(dir.path().join(name), view.path().join(name)).expect("link");
        }
        let reader = BookmarkStore::new(view.path());
        let mut seen = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            let loaded = reader.load_read_only();
            assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
            assert!(loaded.value.len() >= seen, "nothing read before is gone");
            seen = loaded.value.len();
        }
    });
    assert_eq!(store.load().value.len(), ADDS + 1);
}

#[test]
fn two_processes_interleaving_adds_and_deletes_keep_both_sets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut children: Vec<Child> = ["one", "two"].iter().map(|p| spawn_worker(p, dir.path(), 0)).collect();
    for child in &mut children {
        assert!(child.wait().expect("wait for the worker").success());
    }
    let union: BTreeSet<_> = expected("one").union(&expected("two")).cloned().collect();
    assert_eq!(left(dir.path()), union);
}

#[test]
fn a_writer_killed_mid_save_leaves_a_whole_file_with_a_prefix_of_its_saves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut saved = 0;
    let mut rng = 0x9e37_79b9_u64;
    for round in 0..12 {
        let mut child = spawn_worker("saver", dir.path(), saved);
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(40 + rng % 120));
        child.kill().expect("SIGKILL the worker");
        child.wait().expect("reap the worker");

        let ids: BTreeSet<String> = left(dir.path()).into_iter().map(|(id, _)| id).collect();
        let now = ids.len();
        let prefix: BTreeSet<String> = (0..now).map(|n| format!("saver-{n}")).collect();
        assert_eq!(ids, prefix, "round {round}: exactly the first {now} saves");
        assert!(now >= saved, "round {round}: nothing saved was lost");
        saved = now;
    }
    assert!(saved > 0, "the workers got to save something");
    // A killed writer's lock is released with its process: one more save goes through.
    BookmarkStore::new(dir.path()).apply(&[BookmarkOp::Delete("saver-0".into())]).expect("save after kills");
}
