//! End-to-end opening time of kan against `less`, as a user sees it (issue 14, "How to measure").
//!
//! Each program runs in a 120×40 pseudo-terminal read back through vt100. For every file it times
//! spawn → the first screen that shows the document's first text, then `G` → the screen that shows
//! its last text, and reads the peak RSS (`VmHWM`) of the program before quitting. kan and less run
//! interleaved, `--runs` times each; the table gives medians and the ratios kan/less.
//!
//! ```text
//! cargo run --release --example open_bench -- --generate /tmp/kan-bench   # write + measure all
//! cargo run --release --example open_bench -- FILE [FILE…] [--runs 5] [--kan PATH]
//! ```
//!
//! Without `--kan`, the release kan binary is built first (`cargo build --release --bin kan`) and
//! taken from beside this example's own executable. kan runs with a fresh HOME and XDG directories
//! each time, so no saved position or configuration interferes.

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use kan::document::{Block, BlockKind, Document};
use kan::source::{ReadOptions, Source};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

#[derive(Parser, Debug)]
#[command(about = "Time kan against less: first screen, jump to the end, peak memory")]
struct Args {
    /// The files to open. With none, the files written by --generate.
    files: Vec<PathBuf>,
    /// Write the benchmark files (10/50/100 MB novels, a 10 MB Markdown article, a 10 MB single
    /// line) into this directory.
    #[arg(long, value_name = "DIR")]
    generate: Option<PathBuf>,
    /// Runs of each program per file (medians are reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// The kan binary (default: build and use target/release/kan).
    #[arg(long, value_name = "PATH")]
    kan: Option<PathBuf>,
    /// Extra arguments for kan, e.g. --kan-arg=--from-start (repeatable).
    #[arg(long = "kan-arg", value_name = "ARG", allow_hyphen_values = true)]
    kan_args: Vec<String>,
    /// The text whose appearance counts as the first screen (default: the document's first text).
    #[arg(long, value_name = "TEXT")]
    expect: Option<String>,
    /// The text whose appearance counts as the end after G (default: the document's last text).
    #[arg(long, value_name = "TEXT")]
    expect_last: Option<String>,
    /// Give up waiting for a screen after this many seconds (the time is then shown as "> N s").
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Print the screen when a wait times out.
    #[arg(long)]
    show_timeouts: bool,
    /// Skip less (measure kan alone).
    #[arg(long)]
    no_less: bool,
    #[arg(long, default_value_t = 120)]
    cols: u16,
    #[arg(long, default_value_t = 40)]
    rows: u16,
    /// Print the first and last text of the one file given, a line each, and exit (run as a
    /// child process by the benchmark itself, see [`Marks::in_child`]).
    #[arg(long, hide = true)]
    print_marks: bool,
}

fn main() {
    let args = Args::parse();
    if args.print_marks {
        let file = args.files.first().expect("a file");
        match Marks::of(file, &args) {
            Ok(marks) => println!("{}\n{}", marks.first, marks.last),
            Err(e) => {
                eprintln!("open_bench: {}: {e}", file.display());
                std::process::exit(1);
            }
        }
        return;
    }
    let mut files = args.files.clone();
    if let Some(dir) = &args.generate {
        let written = generate(dir);
        if files.is_empty() {
            files = written;
        }
    }
    if files.is_empty() || args.runs == 0 {
        return;
    }
    let kan = args.kan.clone().unwrap_or_else(build_kan);
    // The programs run in the temporary HOME: paths must not depend on the current directory.
    let kan = std::fs::canonicalize(&kan).unwrap_or_else(|e| panic!("{}: {e}", kan.display()));
    let files: Vec<PathBuf> = files
        .iter()
        .map(|f| std::fs::canonicalize(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
        .collect();
    println!("kan: {}  less: {}", kan.display(), less_version());
    println!("load average before: {}", load_average());

    let mut results = Vec::new();
    for file in &files {
        let Some(marks) = Marks::in_child(file, &args) else { std::process::exit(1) };
        eprintln!("{}: first {:?}, last {:?}", file.display(), marks.first, marks.last);
        let mut kan_runs = Vec::new();
        let mut less_runs = Vec::new();
        for run in 0..args.runs {
            let home = tempfile::tempdir().expect("a temporary HOME");
            let mut cmd = CommandBuilder::new(&kan);
            cmd.args(&args.kan_args);
            cmd.arg(file);
            let k = measure(cmd, home.path(), &marks, &args);
            eprintln!("  run {}: kan  {k}", run + 1);
            kan_runs.push(k);
            if !args.no_less {
                let mut cmd = CommandBuilder::new("less");
                cmd.arg(file);
                let l = measure(cmd, home.path(), &marks, &args);
                eprintln!("  run {}: less {l}", run + 1);
                less_runs.push(l);
            }
        }
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        results.push((file.clone(), size, Median::of(&kan_runs), Median::of(&less_runs)));
    }
    println!("load average after: {}", load_average());
    print_table(&results, args.timeout);
}

/// The texts that mark the first screen and the end of the document on screen.
struct Marks {
    first: String,
    last: String,
}

impl Marks {
    /// [`Marks::of`] in a child process. Parsing a big file leaves this process's heap large
    /// even once freed, and every spawn forks it: a 100 MB novel's parse made each spawn ~6 ms
    /// slower, for kan and less alike.
    fn in_child(file: &Path, args: &Args) -> Option<Marks> {
        let mut cmd = Command::new(std::env::current_exe().expect("this program"));
        cmd.arg("--print-marks").arg(file);
        if let Some(text) = &args.expect {
            cmd.arg("--expect").arg(text);
        }
        if let Some(text) = &args.expect_last {
            cmd.arg("--expect-last").arg(text);
        }
        let output = cmd.stderr(std::process::Stdio::inherit()).output().ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        let mut lines = text.lines();
        let (first, last) = (lines.next()?.to_string(), lines.next()?.to_string());
        output.status.success().then_some(Marks { first, last })
    }

    /// The document's first and last text as kan parses it: a few characters of one styled piece,
    /// which `less` shows the same (markup such as `#` or `**` is never inside a piece).
    fn of(file: &Path, args: &Args) -> Result<Marks, String> {
        let source = Source::from_path(file, &ReadOptions::default()).map_err(|e| e.to_string())?;
        let doc = source.into_document(None, None).map_err(|e| e.to_string())?;
        let mut pieces = Vec::new();
        for block in &doc.blocks {
            texts_of(&doc, block, &mut pieces);
        }
        let pieces: Vec<String> = pieces.iter().map(|p| squeeze(p)).filter(|p| !p.is_empty()).collect();
        let first = match &args.expect {
            Some(text) => squeeze(text),
            None => pieces.first().ok_or("no text")?.chars().take(8).collect(),
        };
        let last = match &args.expect_last {
            Some(text) => squeeze(text),
            None => unique_tail(&squeeze(&doc.text), pieces.last().ok_or("no text")?),
        };
        Ok(Marks { first, last })
    }
}

/// The shortest tail (8 characters or more) of `piece` that occurs once in `text`, so that no
/// earlier screen shows it.
fn unique_tail(text: &str, piece: &str) -> String {
    let chars: Vec<char> = piece.chars().collect();
    let mut take = 8.min(chars.len());
    loop {
        let tail: String = chars[chars.len() - take..].iter().collect();
        if take == chars.len() || text.matches(&tail).nth(1).is_none() {
            return tail;
        }
        take = (take * 2).min(chars.len());
    }
}

/// The display texts of a block, in order: one string per styled piece, code line or cell.
fn texts_of(doc: &Document, block: &Block, out: &mut Vec<String>) {
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) | BlockKind::Note(content) => {
            out.extend(content.rich(&doc.text).pieces().map(|(text, _)| text.to_string()));
        }
        BlockKind::List(list) => {
            for item in &list.items {
                for block in &item.blocks {
                    texts_of(doc, block, out);
                }
            }
        }
        BlockKind::Quote(blocks) => {
            for block in blocks {
                texts_of(doc, block, out);
            }
        }
        BlockKind::Code(code) => out.extend(code.text.lines().map(str::to_string)),
        BlockKind::Table(table) => {
            for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                out.extend(cell.pieces().map(|(text, _)| text.to_string()));
            }
        }
        BlockKind::Image { alt } => out.push(alt.to_string()),
        BlockKind::Rule => {}
    }
}

/// Text without whitespace: how it is compared with the screen, where wrapping and margins add and
/// remove spaces.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// One run of one program on one file.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// Spawn → first screen; `None` if it never came.
    first: Option<Duration>,
    /// `G` → the last text on screen.
    end: Option<Duration>,
    /// Peak resident memory in KiB.
    peak_kib: Option<u64>,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Option<Duration>| d.map_or("timeout".to_string(), |d| format!("{:.1} ms", millis(d)));
        let rss = self.peak_kib.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        write!(f, "first {}, G {}, peak {rss}", ms(self.first), ms(self.end))
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A check of the screen, run by the output thread after every chunk it feeds to vt100; when it
/// holds, the thread sends the instant.
type Check = Box<dyn Fn(&vt100::Screen) -> bool + Send>;

struct Terminal {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    check: Arc<Mutex<Option<Check>>>,
    hits: Receiver<Instant>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Terminal {
    /// Installs `check` (before the input that should satisfy it).
    fn expect(&self, check: Check) {
        while self.hits.try_recv().is_ok() {}
        *self.check.lock().unwrap() = Some(check);
    }

    /// Waits for the installed check to hold; on a timeout, shows the screen (when asked to) for
    /// what was expected.
    fn wait(&self, timeout: Duration, what: &str, show: bool) -> Option<Instant> {
        let hit = self.hits.recv_timeout(timeout).ok();
        *self.check.lock().unwrap() = None;
        if hit.is_none() && show {
            let parser = self.parser.lock().unwrap();
            let (_, cols) = parser.screen().size();
            eprintln!("    timed out waiting for {what:?}; the screen:");
            for row in parser.screen().rows(0, cols.get()) {
                eprintln!("    |{}", row.trim_end());
            }
        }
        hit
    }

    fn send(&mut self, keys: &str) {
        let _ = self.writer.write_all(keys.as_bytes());
        let _ = self.writer.flush();
    }

    /// Quits with `q`, killing the program if it does not exit soon.
    fn quit(mut self) {
        self.send("q");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the screen shows `text` (whitespace ignored): on one row, or wrapped across rows of
/// the whole screen or of a pane (the columns right of a `│` border, such as kan's outline pane).
fn shows(screen: &vt100::Screen, text: &str) -> bool {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let whole: Vec<String> = screen.rows(0, cols).map(|r| squeeze(&r)).collect();
    if whole.iter().any(|r| r.contains(text)) || whole.concat().contains(text) {
        return true;
    }
    let middle = rows / 2;
    (0..cols).filter(|&col| screen.cell(middle, col).is_some_and(|c| c.contents() == "│")).any(|border| {
        let pane: String = screen.rows(border + 1, cols - border - 1).map(|r| squeeze(&r)).collect();
        pane.contains(text)
    })
}

fn measure(mut cmd: CommandBuilder, home: &Path, marks: &Marks, args: &Args) -> Run {
    let timeout = Duration::from_secs(args.timeout);
    cmd.cwd(home);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("LC_ALL", "C.UTF-8");
    cmd.env("HOME", home);
    for dir in ["XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"] {
        cmd.env(dir, home);
    }
    cmd.env("LESSHISTFILE", "-");
    for var in ["LESS", "LESSOPEN", "LESSCLOSE", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    let pair = native_pty_system()
        .openpty(PtySize { rows: args.rows, cols: args.cols, pixel_width: 0, pixel_height: 0 })
        .expect("open a pseudo-terminal");
    let check: Arc<Mutex<Option<Check>>> = Arc::new(Mutex::new(None));
    let (hit, hits) = mpsc::channel();
    let first = marks.first.clone();
    *check.lock().unwrap() = Some(Box::new(move |s| shows(s, &first)));
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(args.rows).expect("rows"),
        NonZeroU16::new(args.cols).expect("cols"),
        0,
    )));
    let (thread_check, thread_parser) = (check.clone(), parser.clone());
    let start = Instant::now();
    let child = pair.slave.spawn_command(cmd).expect("spawn the program");
    drop(pair.slave);
    std::thread::spawn(move || watch(&mut reader, &thread_parser, &thread_check, &hit));
    let writer = pair.master.take_writer().expect("pty writer");
    let pid = child.process_id();
    let mut term = Terminal { _master: pair.master, writer, child, check, hits, parser };

    let first = term.wait(timeout, &marks.first, args.show_timeouts).map(|at| at - start);
    let mut end = None;
    if first.is_some() {
        let last = marks.last.clone();
        term.expect(Box::new(move |s| shows(s, &last)));
        let sent = Instant::now();
        term.send("G");
        end = term.wait(timeout, &marks.last, args.show_timeouts).map(|at| at - sent);
    }
    let peak_kib = pid.and_then(peak_rss_kib);
    term.quit();
    Run { first, end, peak_kib }
}

/// Feeds the program's output to vt100 and runs the installed check after every chunk.
fn watch(
    reader: &mut dyn Read,
    parser: &Mutex<vt100::Parser>,
    check: &Mutex<Option<Check>>,
    hit: &Sender<Instant>,
) {
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        let mut parser = parser.lock().unwrap();
        parser.process(&buf[..n]);
        let now = Instant::now();
        let mut check = check.lock().unwrap();
        if check.as_ref().is_some_and(|c| c(parser.screen())) {
            *check = None;
            let _ = hit.send(now);
        }
    }
}

/// `VmHWM` of a process: its peak resident set, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Medians over runs; a time is `None` if any run timed out in the median's half.
struct Median {
    runs: usize,
    first: Option<Duration>,
    end: Option<Duration>,
    peak_kib: Option<u64>,
}

impl Median {
    fn of(runs: &[Run]) -> Median {
        fn median<T: Ord + Copy>(mut values: Vec<Option<T>>) -> Option<T> {
            // A timeout sorts after every time.
            values.sort_by(|a, b| match (a, b) {
                (Some(a), Some(b)) => a.cmp(b),
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
            });
            values.get(values.len() / 2).copied().flatten()
        }
        Median {
            runs: runs.len(),
            first: median(runs.iter().map(|r| r.first).collect()),
            end: median(runs.iter().map(|r| r.end).collect()),
            peak_kib: median(runs.iter().map(|r| r.peak_kib).collect()),
        }
    }
}

fn print_table(results: &[(PathBuf, u64, Median, Median)], timeout: u64) {
    let ms = |d: Option<Duration>| d.map_or(format!("> {timeout} s"), |d| format!("{:.1} ms", millis(d)));
    let ratio = |kan: Option<Duration>, less: Option<Duration>| match (kan, less) {
        (Some(k), Some(l)) => format!("{:.2}", k.as_secs_f64() / l.as_secs_f64()),
        (Some(k), None) => format!("< {:.3}", k.as_secs_f64() / timeout as f64),
        _ => "—".to_string(),
    };
    let mib = |kib: Option<u64>| kib.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!();
    println!(
        "| file | size | first screen: less | kan | kan/less | G: less | kan | kan/less | peak RSS: kan | less | target (1.3 × file + 20 MB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let none = "—".to_string();
    for (file, size, kan, less) in results {
        let skipped = less.runs == 0;
        let target = 1.3 * *size as f64 + 20e6;
        let verdict = match kan.peak_kib {
            Some(k) if (k * 1024) as f64 <= target => "ok",
            Some(_) => "**over**",
            None => "?",
        };
        println!(
            "| {} | {:.1} MB | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} MiB {verdict} |",
            file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned()),
            *size as f64 / 1e6,
            if skipped { none.clone() } else { ms(less.first) },
            ms(kan.first),
            if skipped { none.clone() } else { ratio(kan.first, less.first) },
            if skipped { none.clone() } else { ms(less.end) },
            ms(kan.end),
            if skipped { none.clone() } else { ratio(kan.end, less.end) },
            mib(kan.peak_kib),
            if skipped { none.clone() } else { mib(less.peak_kib) },
            target / (1024.0 * 1024.0),
        );
    }
}

/// Writes the generated benchmark files into `dir`; returns their paths.
fn generate(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    common::open_bench_files()
        .into_iter()
        .map(|(name, make)| {
            let path = dir.join(name);
            let text = make();
            std::fs::write(&path, text.as_bytes())
                .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            eprintln!("wrote {} ({} bytes)", path.display(), text.len());
            path
        })
        .collect()
}

/// Builds the release kan binary and returns its path: beside this example's directory
/// (target/release/examples/open_bench → target/release/kan).
fn build_kan() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "kan", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build --release --bin kan failed");
    let exe = std::env::current_exe().expect("this example's path");
    let release = exe.parent().and_then(Path::parent).expect("target/release");
    release.join(format!("kan{}", std::env::consts::EXE_SUFFIX))
}

fn less_version() -> String {
    Command::new("less")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.lines().next().map(str::to_string))
        .unwrap_or_else(|| "not found".to_string())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
