//! The library over a generated folder of 10,000 articles (1–200 KB, mixed formats and
//! encodings; see `common::library_folder`): listing it, every summary from the cache, and
//! summaries with no cache. Targets: every title in under 5 s cold and 200 ms from the cache.
//! The cold bench reads 1,000 of the articles per iteration (summarising is linear in the files
//! read); `cargo run --release --example library` times all 10,000 once, with peak memory.

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::library::{self, Found};
use kan::source::ReadOptions;
use kan::store::library_cache::LibraryCache;

const ARTICLES: usize = 10_000;
/// The articles the cold bench reads per iteration.
const COLD: usize = 1_000;

/// The generated folder, kept in target/ between runs (writing it takes seconds).
fn folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/library-{ARTICLES}"));
    let marker = dir.join(common::LIBRARY_FOLDER_VERSION);
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        common::library_folder(&dir, ARTICLES);
        std::fs::write(&marker, "").expect("marker");
    }
    dir
}

/// Summarises `paths` on the background threads with `cache` and waits for every summary.
fn summarise(paths: &[PathBuf], cache: Option<LibraryCache>) -> library::Report {
    let report = library::spawn_summaries(paths.to_vec(), cache, ReadOptions::default(), |_, summary| {
        std::hint::black_box(summary);
        true
    })
    .join();
    assert_eq!(report.from_cache + report.read, paths.len());
    report
}

fn library(c: &mut Criterion) {
    let dir = folder();
    let paths: Vec<PathBuf> = library::scan(&dir).into_iter().map(|f: Found| f.path).collect();
    assert_eq!(paths.len(), ARTICLES);
    let mut group = c.benchmark_group("library");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));

    group.bench_function("scan 10000", |b| b.iter(|| library::scan(&dir)));

    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = LibraryCache::at(cache_dir.path().join("library.cache"));
    let filled = summarise(&paths, Some(cache.clone()));
    assert_eq!(filled.save_error, None);
    group.bench_function("every summary from the cache, 10000", |b| {
        b.iter(|| assert_eq!(summarise(&paths, Some(cache.clone())).from_cache, ARTICLES))
    });

    let sample: Vec<PathBuf> = paths.iter().step_by(ARTICLES / COLD).cloned().collect();
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("cold summaries, 1000 of them", |b| {
        b.iter(|| assert_eq!(summarise(&sample, None).read, COLD))
    });
    group.finish();
}

criterion_group!(benches, library);
criterion_main!(benches);
