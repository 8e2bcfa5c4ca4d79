//! Bookmark store speed: loading 1,000 to 100,000 bookmarks (10 per document), from the cache and
//! from the TOML file, adding one (appended under the lock) and renaming one (a locked
//! read-modify-write that rewrites the whole file atomically). The target: 10,000 bookmarks
//! across 1,000 documents load and add in under 30 ms.

#[path = "common/mod.rs"]
mod common;

use std::path::PathBuf;

use common::{Rng, chinese_paragraph};
use criterion::{Criterion, criterion_group, criterion_main};
use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId, Fingerprint, TextAnchor};

/// Bookmarks per document in every scale below.
const PER_DOCUMENT: usize = 10;

/// Bookmarks like real ones: CJK headings and quotes, a label on one in five.
fn bookmarks(documents: usize) -> Vec<Bookmark> {
    let mut rng = Rng::new(7);
    let mut out = Vec::with_capacity(documents * PER_DOCUMENT);
    for d in 0..documents {
        let doc = DocId {
            path: PathBuf::from(format!("/home/reader/books/shelf-{}/novel-{d:05}.txt", d % 37)),
            fingerprint: Fingerprint { len: 1_000_000 + rng.below(9_000_000) as u64, hash: rng.next() },
        };
        for b in 0..PER_DOCUMENT {
            let text = chinese_paragraph(&mut rng, 60);
            let chars: Vec<char> = text.chars().collect();
            let before: String = chars[..12].iter().collect();
            let quote: String = chars[12..44].iter().collect();
            out.push(Bookmark {
                id: format!("19d1f0a2b3c-{:08x}", rng.next() as u32),
                doc: doc.clone(),
                anchor: TextAnchor {
                    offset: rng.below(doc.fingerprint.len as usize),
                    heading: vec![format!("第{}卷", d % 7 + 1), format!("第{}章 风起", b * 3 + 1)],
                    before,
                    quote,
                },
                label: if b % 5 == 0 { "重读这一段".into() } else { String::new() },
                created: jiff::Timestamp::from_second(1_775_000_000 + rng.below(10_000_000) as i64)
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                moved: false,
                extra: String::new(),
            });
        }
    }
    out
}

/// Loading, and adding one bookmark, with `documents` × [`PER_DOCUMENT`] bookmarks in the file.
fn at_scale(c: &mut Criterion, documents: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let all = bookmarks(documents);
    let ops: Vec<BookmarkOp> = all.iter().cloned().map(BookmarkOp::Add).collect();
    store.apply(&ops).expect("write the fixture");
    let size = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
    eprintln!("bookmarks.toml with {} bookmarks: {:.2} MB", all.len(), size as f64 / 1e6);

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function(format!("load_{}_bookmarks_{documents}_documents", all.len()), |b| {
        b.iter(|| {
            let loaded = store.load();
            assert_eq!(loaded.value.len(), all.len());
            loaded
        })
    });
    // After a hand edit the cache is stale: the TOML file is parsed, entry by entry.
    let cache = store.path().with_extension("cache");
    group.bench_function(format!("load_{}_bookmarks_from_toml", all.len()), |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&cache);
            let loaded = store.load();
            assert_eq!(loaded.value.len(), all.len());
            loaded
        })
    });
    // Adding appends the new bookmark (and fsyncs only that); every 32nd document table
    // appended, an add rewrites the file to compact them, which the median hides but the mean
    // carries.
    let mut n = 0u32;
    let template = all[0].clone();
    group.bench_function(format!("add_one_to_{}", all.len()), |b| {
        b.iter(|| {
            n += 1;
            let mut added = template.clone();
            added.id = format!("bench-{n}");
            store.apply(&[BookmarkOp::Add(added)]).expect("add")
        })
    });
    // Anything but an add rewrites the whole file atomically.
    let mut n = 0u32;
    group.bench_function(format!("rename_one_in_{}_full_rewrite", all.len()), |b| {
        b.iter(|| {
            n += 1;
            let id = all[n as usize % all.len()].id.clone();
            store.apply(&[BookmarkOp::Rename { id, label: format!("bench {n}") }]).expect("rename")
        })
    });
    // The floors under both: the disk's share. The same bytes written atomically (temp file,
    // fsync, rename, directory fsync) with nothing else done, and one bookmark's worth of text
    // appended and fsynced.
    let text = std::fs::read(store.path()).expect("read the file");
    let target = dir.path().join("fsync-floor.toml");
    group.bench_function(format!("write_and_fsync_{:.0}_MB", size as f64 / 1e6), |b| {
        b.iter(|| kan::store::atomic::write_atomic(&target, &text).expect("write"))
    });
    let line = &text[text.len().saturating_sub(600)..];
    std::fs::write(&target, &text).expect("write");
    let mut appended = std::fs::OpenOptions::new().append(true).open(&target).expect("open");
    group.bench_function(format!("append_600_bytes_and_fsync_to_{:.0}_MB", size as f64 / 1e6), |b| {
        b.iter(|| {
            std::io::Write::write_all(&mut appended, line).expect("append");
            appended.sync_data().expect("fsync")
        })
    });
    group.finish();
}

fn store(c: &mut Criterion) {
    for documents in [100, 1_000, 10_000] {
        at_scale(c, documents);
    }
}

criterion_group!(benches, store);
criterion_main!(benches);
