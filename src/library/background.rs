//! Summaries on other threads: one thread answers from the cache first (every cached file in one
//! quick pass, a `stat` each), then a few workers read the rest, and each summary is sent as it
//! is ready. The cache is saved every few seconds and at the end, so a library closed half way
//! keeps what was read. Sending stops, and the workers with it, as soon as `send` says the
//! receiver is gone.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Summary, one_line, summarize};
use crate::source::{ReadOptions, io_reason};
use crate::store::library_cache::{LibraryCache, SizeAndTime, Summaries};

/// How often the cache is saved while summaries are being read.
const SAVE_EVERY: Duration = Duration::from_secs(3);
/// Files larger than this are read by one worker at a time.
#[cfg(not(test))]
const BIG_FILE: u64 = 8 << 20;
/// Small in unit tests, so that the path for big files is taken with files quick to read.
#[cfg(test)]
const BIG_FILE: u64 = 4 << 10;

/// What a finished run did, for tests and benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Summaries answered from the cache without reading the file.
    pub from_cache: usize,
    /// Files read (parsed) to summarise them.
    pub read: usize,
    /// Why the cache could not be saved, if it could not; the library works on without it.
    pub save_error: Option<String>,
    /// Whether `send` stopped the run before every path had its summary.
    pub stopped: bool,
}

/// A run of summaries on other threads. Dropping it lets the run go on to its end (or until
/// `send` returns false); [`Summarising::stop`] ends it sooner.
pub struct Summarising {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Report>,
}

impl Summarising {
    /// Asks the run to stop after the files being read now; returns at once.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Waits for the run to end (every summary sent, or stopped) and the cache to be saved.
    pub fn join(self) -> Report {
        self.thread.join().unwrap_or_default()
    }
}

/// How many files are read at once: every core, up to 4 (reading is mostly parsing, and the
/// reader's own thread needs a core now and then anyway).
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// Summarises `paths` on other threads, sending `(path, summary)` for each, cached ones first,
/// the rest in the order given as they are read. `send` returns false when nobody listens any
/// more: the run then stops and saves what it read. `cache` is loaded on the background thread,
/// so calling this costs nothing to the caller.
pub fn spawn_summaries<F>(
    paths: Vec<PathBuf>,
    cache: Option<LibraryCache>,
    options: ReadOptions,
    send: F,
) -> Summarising
where
    F: FnMut(PathBuf, Summary) -> bool + Send + 'static,
{
    spawn_with(paths, cache, options, default_workers(), send)
}

/// [`spawn_summaries`] with a chosen number of workers (at least one).
pub fn spawn_with<F>(
    paths: Vec<PathBuf>,
    cache: Option<LibraryCache>,
    options: ReadOptions,
    workers: usize,
    send: F,
) -> Summarising
where
    F: FnMut(PathBuf, Summary) -> bool + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let run = Run { cache, options, workers: workers.max(1), stop: Arc::clone(&stop) };
    let thread = std::thread::Builder::new()
        .name("kan-library".into())
        .spawn(move || run.run(paths, send))
        .expect("a thread for the library's summaries");
    Summarising { stop, thread }
}

/// The tag the cache keeps summaries under: what changes the text a file decodes to.
fn cache_tag(options: &ReadOptions) -> &'static str {
    options.encoding.map_or("", |e| e.name())
}

struct Run {
    cache: Option<LibraryCache>,
    options: ReadOptions,
    workers: usize,
    stop: Arc<AtomicBool>,
}

impl Run {
    fn run<F>(self, paths: Vec<PathBuf>, mut send: F) -> Report
    where
        F: FnMut(PathBuf, Summary) -> bool,
    {
        let tag = cache_tag(&self.options);
        let mut summaries = match &self.cache {
            Some(cache) => cache.load(tag),
            None => Summaries::empty(tag),
        };
        let mut report = Report::default();
        // First every answer the cache has, so that a second start fills in at once.
        let mut to_read = Vec::new();
        for path in paths {
            if self.stop.load(Ordering::Relaxed) {
                break;
            }
            let stamp = match std::fs::metadata(&path) {
                Ok(metadata) => SizeAndTime::of(&metadata),
                Err(e) => {
                    let gone = Summary { problem: Some(one_line(&io_reason(&e))), ..Summary::default() };
                    if !send(path, gone) {
                        self.stop.store(true, Ordering::Relaxed);
                    }
                    continue;
                }
            };
            match summaries.get(&path, stamp) {
                Some(summary) => {
                    report.from_cache += 1;
                    if !send(path, summary) {
                        self.stop.store(true, Ordering::Relaxed);
                    }
                }
                // Stamped before reading: if the file changes while it is read, the entry
                // matches no version and the next start reads it again.
                None => to_read.push((path, stamp)),
            }
        }
        if !self.stop.load(Ordering::Relaxed) && !to_read.is_empty() {
            report.read = self.read_all(to_read, &mut summaries, &mut send);
        }
        report.stopped = self.stop.load(Ordering::Relaxed);
        if let Some(cache) = &self.cache
            && summaries.changed()
        {
            report.save_error = cache.save(&mut summaries).err().map(|e| io_reason(&e));
        }
        report
    }

    /// Reads `to_read` on the workers; sends and caches each summary here, on one thread.
    /// Returns how many files were read.
    fn read_all<F>(
        &self,
        to_read: Vec<(PathBuf, SizeAndTime)>,
        summaries: &mut Summaries,
        send: &mut F,
    ) -> usize
    where
        F: FnMut(PathBuf, Summary) -> bool,
    {
        let to_read = Arc::new(to_read);
        let next = Arc::new(AtomicUsize::new(0));
        let big = Arc::new(Mutex::new(()));
        let (done, results) = mpsc::channel::<(usize, Summary)>();
        let workers: Vec<_> = (0..self.workers.min(to_read.len()))
            .map(|_| {
                let (to_read, next, done, stop, big) = (
                    Arc::clone(&to_read),
                    Arc::clone(&next),
                    done.clone(),
                    Arc::clone(&self.stop),
                    Arc::clone(&big),
                );
                let options = self.options;
                std::thread::Builder::new().name("kan-summary".into()).spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, stamp)) = to_read.get(index) else { break };
                        // Big files one at a time: each costs its size a few times over while
                        // it is read, and two long novels at once would double the peak.
                        let _one_at_a_time = (stamp.len > BIG_FILE).then(|| big.lock());
                        if done.send((index, summarize(path, &options))).is_err() {
                            break;
                        }
                    }
                })
            })
            .filter_map(Result::ok)
            .collect();
        drop(done);
        let mut read = 0;
        let mut saved = Instant::now();
        // Ends when every worker has ended and dropped its sender.
        for (index, summary) in results {
            read += 1;
            let (path, stamp) = &to_read[index];
            summaries.insert(path.clone(), *stamp, summary.clone());
            if !send(path.clone(), summary) {
                self.stop.store(true, Ordering::Relaxed);
                break;
            }
            if saved.elapsed() >= SAVE_EVERY
                && let Some(cache) = &self.cache
            {
                let _ = cache.save(summaries);
                saved = Instant::now();
            }
        }
        for worker in workers {
            let _ = worker.join();
        }
        read
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn every_path_gets_one_summary_and_the_second_run_reads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..20 {
            let path = dir.path().join(format!("{i}.md"));
            fs::write(&path, format!("# Title {i}\n\ntext\n")).unwrap();
            paths.push(path);
        }
        paths.push(dir.path().join("gone.md"));
        let cache = LibraryCache::at(dir.path().join("cache/library.cache"));
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        let report =
            spawn_with(paths.clone(), Some(cache.clone()), ReadOptions::default(), 2, move |p, s| {
                sink.lock().unwrap().push((p, s));
                true
            })
            .join();
        assert_eq!(report, Report { from_cache: 0, read: 20, save_error: None, stopped: false });
        let mut got = std::mem::take(&mut *got.lock().unwrap());
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got.len(), 21);
        let gone = got.iter().find(|(p, _)| p.ends_with("gone.md")).unwrap();
        assert_eq!(gone.1.problem.as_deref(), Some("no such file or directory"));
        let seven = got.iter().find(|(p, _)| p.ends_with("7.md")).unwrap();
        assert_eq!(seven.1.title.as_deref(), Some("Title 7"));

        let report = spawn_with(paths, Some(cache), ReadOptions::default(), 2, |_, _| true).join();
        assert_eq!(report.from_cache, 20);
        assert_eq!(report.read, 0);
    }

    #[test]
    fn big_files_are_summarised_one_at_a_time_and_all_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let line = "a long line of words that goes on ".repeat(30) + "\n";
        let big = line.repeat((BIG_FILE as usize).div_ceil(line.len()) + 1);
        let paths: Vec<PathBuf> = (0..3)
            .map(|i| {
                let path = dir.path().join(format!("big{i}.txt"));
                fs::write(&path, format!("Big {i}\n\n{big}")).unwrap();
                path
            })
            .collect();
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        let report = spawn_with(paths, None, ReadOptions::default(), 2, move |p, s| {
            sink.lock().unwrap().push((p, s.problem, s.text_len));
            true
        })
        .join();
        assert_eq!(report.read, 3);
        let got = got.lock().unwrap();
        assert!(got.iter().all(|(_, problem, len)| problem.is_none() && *len as u64 > BIG_FILE), "{got:?}");
    }

    #[test]
    fn a_send_that_fails_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..200)
            .map(|i| {
                let path = dir.path().join(format!("{i}.txt"));
                fs::write(&path, "words and words\n").unwrap();
                path
            })
            .collect();
        let mut sent = 0;
        let report = spawn_with(paths, None, ReadOptions::default(), 2, move |_, _| {
            sent += 1;
            sent < 3
        })
        .join();
        assert!(report.stopped);
        assert!(report.read < 200, "{report:?}");
    }
}
