//! A long reading history must not slow every start: opening any document looks its place up in
//! `positions.toml`, which holds up to `MAX_POSITIONS` (1,000) entries. Loading and restoring with
//! 10, 100 and 1,000 positions against none, and reading 1,000 bookmarks from `bookmarks.toml`
//! (its binary cache gone, as after a hand edit). The target: a 1,000-entry history adds under
//! 1 ms to an open.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use common::{Rng, chinese_paragraph};
use criterion::{Criterion, criterion_group, criterion_main};
use kan::document::{Document, Format};
use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId, Fingerprint, PositionStore, TextAnchor};

/// The 12-byte Markdown file opened in every case.
const NOTE: &str = "# Note\n\nhi.\n";

/// `s` as a TOML basic string, escaped as kan escapes it.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A history of `count` documents, as kan writes it: CJK paths, headings and quotes (the quote
/// spans a paragraph break, so it has escapes), about 340 bytes an entry.
fn history(count: usize) -> String {
    let mut rng = Rng::new(14);
    let mut out = String::from("version = 1\n");
    for i in 0..count {
        let paragraph = chinese_paragraph(&mut rng, 40);
        let chars: Vec<char> = paragraph.chars().collect();
        let before: String = chars[2..10].iter().collect();
        let quote = format!("第{}章 远行渡口\n\n{}", i % 40 + 1, chars[10..34].iter().collect::<String>());
        let _ = write!(
            out,
            "\n[[position]]\npath = {}\nlength = {}\nhash = \"{:016x}\"\noffset = {}\nheading = [{}, {}]\n\
             before = {}\nquote = {}\nupdated = 2026-12-{:02}T05:14:{:02}Z\n",
            quoted(&format!("/home/user/books/第{i}本书/novel-{i}.txt")),
            1_000_000 + rng.below(60_000_000),
            rng.next(),
            rng.below(1_000_000),
            quoted("山路雨夜"),
            quoted(&format!("第{}章 远行渡口", i % 40 + 1)),
            quoted(&before),
            quoted(&quote),
            i % 28 + 1,
            i % 60,
        );
    }
    out
}

/// A config directory whose history has `count` documents, the last of them `note` (saved through
/// the store, so the whole file is then as kan writes it).
fn directory_with_history(count: usize, note: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = PositionStore::new(dir.path());
    if count > 0 {
        std::fs::write(store.path(), history(count - 1)).expect("write the history");
        let document = Document::parse(NOTE.to_string(), Format::Markdown);
        store.save(&DocId::new(note, NOTE), &document, 8).expect("save one position");
        let loaded = store.load();
        assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
        assert_eq!(loaded.value.len(), count);
    }
    dir
}

fn positions(c: &mut Criterion) {
    let files = tempfile::tempdir().expect("a temporary directory");
    let note = files.path().join("note.md");
    std::fs::write(&note, NOTE).expect("write the note");
    let document = Document::parse(NOTE.to_string(), Format::Markdown);
    let doc = DocId::new(&note, NOTE);
    let elsewhere = DocId::new(&files.path().join("new.md"), "# New\n");

    let mut group = c.benchmark_group("positions");
    for count in [0, 10, 100, 1000] {
        let dir = directory_with_history(count, &note);
        let store = PositionStore::new(dir.path());
        let size = std::fs::metadata(store.path()).map_or(0, |m| m.len());
        eprintln!("positions.toml with {count} entries: {size} bytes");
        group.bench_function(format!("load_{count}"), |b| b.iter(|| black_box(store.load())));
        // Found by its path, as when a document is opened again.
        group.bench_function(format!("restore_{count}"), |b| {
            b.iter(|| {
                let restored = store.restore(&doc, &document);
                assert_eq!(restored.value.map(|r| r.offset), (count > 0).then_some(8));
                restored
            })
        });
        // Not there: every entry's fingerprint is looked at, as when a new document is opened.
        group.bench_function(format!("restore_absent_{count}"), |b| {
            b.iter(|| black_box(store.restore(&elsewhere, &document)))
        });
    }
    group.finish();
}

/// `documents` × 10 bookmarks like real ones: CJK headings and quotes, a label on one in five.
fn bookmarks(documents: usize) -> Vec<Bookmark> {
    let mut rng = Rng::new(7);
    let mut out = Vec::new();
    for d in 0..documents {
        let doc = DocId {
            path: PathBuf::from(format!("/home/reader/books/shelf-{}/novel-{d:05}.txt", d % 37)),
            fingerprint: Fingerprint { len: 1_000_000 + rng.below(9_000_000) as u64, hash: rng.next() },
        };
        for b in 0..10 {
            let chars: Vec<char> = chinese_paragraph(&mut rng, 60).chars().collect();
            out.push(Bookmark {
                id: format!("19d1f0a2b3c-{:08x}", rng.next() as u32),
                doc: doc.clone(),
                anchor: TextAnchor {
                    offset: rng.below(doc.fingerprint.len as usize),
                    heading: vec![format!("第{}卷", d % 7 + 1), format!("第{}章 风起", b * 3 + 1)],
                    before: chars[..12].iter().collect(),
                    quote: chars[12..44].iter().collect(),
                },
                label: if b % 5 == 0 { "重读这一段".into() } else { String::new() },
                created: jiff::Timestamp::from_second(1_775_000_000 + rng.below(10_000_000) as i64)
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                moved: b == 3,
                extra: String::new(),
            });
        }
    }
    out
}

fn bookmarks_from_toml(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = BookmarkStore::new(dir.path());
    let all = bookmarks(100);
    let ops: Vec<BookmarkOp> = all.into_iter().map(BookmarkOp::Add).collect();
    store.apply(&ops).expect("write the bookmarks");
    // A rename rewrites the whole file, as kan writes it (adds are appended in tables of their own).
    let id = store.load().value[0].id.clone();
    store.apply(&[BookmarkOp::Rename { id, label: "改".into() }]).expect("rewrite");
    let _ = std::fs::remove_file(store.path().with_extension("cache"));
    let size = std::fs::metadata(store.path()).map_or(0, |m| m.len());
    eprintln!("bookmarks.toml with 1000 bookmarks: {size} bytes");

    let mut group = c.benchmark_group("bookmarks");
    group.bench_function("load_1000_from_toml", |b| {
        b.iter(|| {
            let loaded = store.load_read_only();
            assert_eq!(loaded.value.len(), 1000);
            assert!(loaded.warning.is_none());
            loaded
        })
    });
    group.finish();
}

criterion_group!(benches, positions, bookmarks_from_toml);
criterion_main!(benches);
