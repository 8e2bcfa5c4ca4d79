//! The library over a generated folder of articles, timed once end to end: the listing, every
//! summary with no cache (cold), every summary again from the cache, and the process's peak
//! memory. `cargo run --release --example library -- [COUNT] [DIR]`: COUNT articles are
//! generated into DIR (default `target/library-COUNT`) unless DIR exists, in which case the
//! folder is measured as it is. `KAN_BY_FORMAT=1` adds the CPU time by kind of file.

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use kan::library::{self, Found, Summary, background};
use kan::source::ReadOptions;
use kan::store::library_cache::LibraryCache;

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let generated = PathBuf::from(format!("target/library-{count}"));
    let dir = args.next().map_or(generated.clone(), PathBuf::from);
    let marker = dir.join(common::LIBRARY_FOLDER_VERSION);
    // A folder of one's own is measured as it is; only a missing one, or the generated one of an
    // older version, is written.
    if !dir.exists() || (dir == generated && !marker.exists()) {
        let start = Instant::now();
        if dir == generated {
            let _ = std::fs::remove_dir_all(&dir);
        }
        common::library_folder(&dir, count);
        std::fs::write(&marker, "").expect("marker");
        eprintln!("generated {count} articles in {:.1} s", start.elapsed().as_secs_f64());
    }
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = LibraryCache::at(cache_dir.path().join("library.cache"));

    let start = Instant::now();
    let found = library::scan(&dir);
    let scanned = start.elapsed();
    let paths: Vec<PathBuf> = found.iter().map(|f: &Found| f.path.clone()).collect();
    println!("scan: {} documents in {:.1} ms", found.len(), scanned.as_secs_f64() * 1e3);

    if std::env::var_os("KAN_BY_FORMAT").is_some() {
        by_format(&paths);
    }
    for pass in ["cold", "cached"] {
        let rows: Arc<Mutex<Vec<(PathBuf, Summary)>>> = Arc::new(Mutex::new(Vec::with_capacity(paths.len())));
        let sink = Arc::clone(&rows);
        let start = Instant::now();
        let cpu = process_cpu();
        let report = library::spawn_summaries(
            paths.clone(),
            Some(cache.clone()),
            ReadOptions::default(),
            move |p, s| {
                sink.lock().expect("rows").push((p, s));
                true
            },
        )
        .join();
        let rows = rows.lock().expect("rows");
        let titled = rows.iter().filter(|(_, s)| s.title.is_some()).count();
        let problems = rows.iter().filter(|(_, s)| s.problem.is_some()).count();
        println!(
            "{pass}: {} summaries ({titled} titled, {problems} problems; {} read, {} from the cache) in {:.3} s wall, {:.2} s CPU, {} workers",
            rows.len(),
            report.read,
            report.from_cache,
            start.elapsed().as_secs_f64(),
            process_cpu() - cpu,
            background::default_workers(),
        );
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines().filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS")) {
        println!("{line}");
    }
}

/// CPU time (not wall time: the machine is shared) by kind of file, summarised one after the other on this thread.
fn by_format(paths: &[PathBuf]) {
    let mut kinds: std::collections::BTreeMap<String, (usize, u64, f64)> = Default::default();
    for path in paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let kind = match name.split_once(['-', '.']) {
            Some((head, _)) if head.is_ascii() => head.to_string(),
            _ => "札记".to_string(),
        };
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let start = thread_cpu();
        let summary = library::summarize(path, &ReadOptions::default());
        if !kinds.contains_key(&kind) {
            println!(
                "{kind:>8}: e.g. {:?}, {} min, {} bytes of text",
                summary.title, summary.minutes, summary.text_len
            );
        }
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += size;
        entry.2 += thread_cpu() - start;
    }
    for (kind, (count, bytes, seconds)) in kinds {
        println!(
            "{kind:>8}: {count:5} files, {:7.1} MB, {seconds:6.2} s, {:6.1} MB/s",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds
        );
    }
}

/// This thread's time on a CPU so far, in seconds (Linux; 0 elsewhere).
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()).map_or(0.0, |ns| ns / 1e9)
}

/// The process's CPU time so far (user + system), in seconds.
fn process_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: fields 14 and 15 (utime, stime) in clock ticks.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
