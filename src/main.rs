//! kan's command line: parse arguments, load the document, then render headlessly or run the TUI.
//! The only place that chooses exit codes: 0 ok, 1 unreadable input, 2 bad usage.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use clap::{CommandFactory, Parser, ValueEnum};
use kan::config::{Config, ConfigErrors, LoadOptions, Loaded, ThemeName, default_config_dir};
use kan::decode;
use kan::document::html::HtmlOptions;
use kan::document::links::Location;
use kan::document::{Document, Format};
use kan::layout::sanitize::sanitize;
use kan::layout::{self, LayoutOptions};
use kan::progressive;
use kan::reader::input::Input;
use kan::reader::loading::Loading;
use kan::reader::{Msg, Settings, State, Status, update};
use kan::runtime::{self, Exit, KeymapHandler, ReadDocument};
use kan::session::{Session, run_effects};
use kan::source::{Origin, ReadOptions, Source, SourceError};
use kan::store::{BookmarkStore, bookmarks_listing};
use kan::text::script::{self, Script};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use kan::web::{self, FetchOptions};
use strum::IntoEnumIterator;

/// kan (看): a terminal reader for long articles, with CJK text laid out right.
#[derive(Parser, Debug)]
#[command(
    name = "kan",
    version = env!("KAN_VERSION"),
    author = "The kan developers",
    max_term_width = 80,
    after_help = EXAMPLES
)]
struct Cli {
    /// The article to read: a file (text, Markdown, HTML, EPUB), an http(s) URL, or - for
    /// stdin; a folder opens the library of the documents below it. With none, the documents
    /// read lately (the welcome article on a first run, or stdin when it is a pipe).
    #[arg(help_heading = READING)]
    file: Option<PathBuf>,

    /// Show the welcome article, even when there is a reading history.
    #[arg(long, conflicts_with = "file", help_heading = READING)]
    welcome: bool,

    /// Fetch a URL again instead of reading the copy kept in the cache.
    #[arg(long, help_heading = READING)]
    refresh: bool,

    /// Print the outline, one heading per line, and exit.
    #[arg(long, conflicts_with = "render", help_heading = HEADLESS)]
    outline: bool,

    /// Print the document as laid out at --width columns, and exit.
    #[arg(long, help_heading = HEADLESS)]
    render: bool,

    /// The width for --render.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=10000), help_heading = HEADLESS)]
    width: u16,

    /// Draw East Asian ambiguous-width characters two columns wide.
    #[arg(long, help_heading = READING)]
    ambiguous_wide: bool,

    /// Show Chinese text in this script: hans, hant, tw, hk or original. Also for --render and
    /// --outline, which otherwise print the document as written.
    #[arg(long, value_name = "SCRIPT", value_parser = parse_script, help_heading = READING)]
    script: Option<Script>,

    /// Read the file in this encoding (a WHATWG label: gbk, big5, shift_jis, euc-kr, ...).
    #[arg(long, value_name = "NAME", help_heading = READING)]
    encoding: Option<String>,

    /// Parse as this format instead of guessing from the file name.
    #[arg(long, value_enum, help_heading = READING)]
    format: Option<FormatArg>,

    /// Read the configuration from this file instead of the config directory.
    #[arg(long, value_name = "PATH", help_heading = CONFIG)]
    config: Option<PathBuf>,

    /// Check a configuration file (by default the one kan would read), print ok or the errors.
    #[arg(long, value_name = "PATH", num_args = 0..=1, help_heading = CONFIG)]
    check_config: Option<Option<PathBuf>>,

    /// Print the effective configuration (defaults merged with the user file) as TOML.
    #[arg(long, help_heading = CONFIG)]
    print_config: bool,

    /// Print every bookmark (path, section, percent, label; tab-separated) and exit.
    #[arg(long, help_heading = BOOKMARKS)]
    bookmarks: bool,

    /// Start at the top instead of where the document was left.
    #[arg(long, help_heading = BOOKMARKS)]
    from_start: bool,

    /// Use this colour theme.
    #[arg(long, value_name = "NAME", value_parser = parse_theme, help_heading = READING)]
    theme: Option<ThemeName>,

    /// Print a completion script for SHELL and exit.
    #[arg(long, value_name = "SHELL", help_heading = INSTALL)]
    completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit.
    #[arg(long, help_heading = INSTALL)]
    man: bool,
}

// Option groups in --help and sections of the man page.
const READING: &str = "Reading";
const HEADLESS: &str = "Headless (print and exit)";
const BOOKMARKS: &str = "Bookmarks";
const CONFIG: &str = "Configuration";
const INSTALL: &str = "Installation";

const EXAMPLES: &str = "\
Examples:
  kan novel.txt                     read; ? lists the keys, q quits
  kan --render --width 40 a.md      print as laid out at 40 columns
  kan --completions bash > ~/.local/share/bash-completion/completions/kan";

impl Cli {
    /// Whether kan prints something and exits instead of opening the reader.
    fn headless(&self) -> bool {
        self.print_config || self.bookmarks || self.outline || self.render
    }
}

fn parse_script(name: &str) -> Result<Script, String> {
    name.parse().map_err(|_| {
        let names: Vec<&str> = Script::iter().map(Script::name).collect();
        format!("unknown script '{name}' (expected {})", names.join(", "))
    })
}

fn parse_theme(name: &str) -> Result<ThemeName, String> {
    name.parse().map_err(|_| format!("unknown theme '{name}' (themes: dark, light, plain)"))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Html,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(shell) = cli.completions {
        write_or_exit(std::io::stdout().lock().write_all(&completions(shell)));
        return ExitCode::SUCCESS;
    }
    if cli.man {
        write_or_exit(std::io::stdout().lock().write_all(&kan::manual::man_page(Cli::command())));
        return ExitCode::SUCCESS;
    }
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "kan: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let early = EarlyFirstPart::start(&cli);
    let config_dir = default_config_dir();
    if let Some(path) = &cli.check_config {
        let path = path.as_deref().or(cli.config.as_deref());
        return match Config::check(path, config_dir.as_deref()) {
            Ok(_) => {
                println!("ok");
                Ok(ExitCode::SUCCESS)
            }
            Err(errors) => Err(config_errors(&errors)),
        };
    }
    // A bad config never stops kan from opening a document: what is wrong is reported and the
    // defaults stand in for it. Only an explicit --config that cannot be read stops it.
    let loaded =
        Config::load(cli.config.as_deref(), config_dir.as_deref(), &LoadOptions::from_env(cli.theme))
            .map_err(|errors| config_errors(&errors))?;
    let headless = cli.headless();
    if headless {
        print_config_problems(&loaded);
    }
    let config = &loaded.config;
    if cli.print_config {
        print!("{}", config.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    if cli.bookmarks {
        let store =
            BookmarkStore::in_config_dir().map_err(|e| format!("bookmarks: {}", shown(&e.to_string())))?;
        let loaded = store.load_read_only();
        if let Some(warning) = loaded.warning {
            eprintln!("kan: {}", shown(&warning.to_string()));
        }
        write_or_exit(std::io::stdout().lock().write_all(bookmarks_listing(&loaded.value).as_bytes()));
        return Ok(ExitCode::SUCCESS);
    }
    // The reader lists config problems after it exits; if it never starts, they go before the error.
    let reading = how_to_read(&cli, config).inspect_err(|_| {
        if !headless {
            print_config_problems(&loaded);
        }
    })?;
    if !headless && let Some(root) = library_root(&cli) {
        let mut reader = Reader::new(&cli, &loaded);
        reader.fetch = reading.web;
        reader.html = reading.html;
        reader.library = Some((root, reading.options));
        let doc = Document::parse(String::new(), Format::Text);
        return reader.run(doc, "library".to_string(), None, None);
    }
    if !headless && !cli.welcome && input_may_block(cli.file.as_deref()) {
        return run_reader_on_slow_input(&cli, reading, &loaded);
    }
    let url = cli.file.as_deref().and_then(|f| f.to_str()).filter(|f| web::is_url(f));
    if let Some(file) = cli.file.as_deref()
        && let Some(first) = early.and_then(|early| early.opened(reading.options.max_bytes))
    {
        return run_reader_progressively(&cli, reading, &loaded, file, first);
    }
    let read = match url {
        Some(url) => read_url(url, &reading),
        None => read_document(cli.file.as_deref(), &reading).map(|read| (read, None)),
    };
    let (ReadDocument { doc, name, path }, notice) = read.inspect_err(|_| {
        if !headless {
            print_config_problems(&loaded);
        }
    })?;

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if cli.outline {
        // Titles are document text: printed sanitised, like everything kan shows.
        let outline = doc.outline.to_text();
        let outline = match cli.script {
            Some(script) => script::convert(script, &outline),
            None => outline,
        };
        for line in outline.lines() {
            write_or_exit(writeln!(out, "{}", sanitize(line, 4, false).text.replace('\n', " ")));
        }
    } else if cli.render {
        let mut options = LayoutOptions::new(cli.width as usize);
        options.ambiguous_wide = cli.ambiguous_wide || config.layout.ambiguous_wide;
        options.script = cli.script.unwrap_or_default();
        layout::render_each(&doc, options, |line| write_or_exit(writeln!(out, "{}", line.trim_end())));
    } else {
        drop(out);
        let mut reader = Reader::new(&cli, &loaded);
        reader.notice = notice;
        reader.fetch = reading.web;
        reader.html = reading.html;
        reader.location = match url {
            Some(url) => Some(Location::Url(url.to_string())),
            None => path.clone().map(Location::File),
        };
        return reader.run(doc, name, path.as_deref(), None);
    }
    write_or_exit(out.flush());
    Ok(ExitCode::SUCCESS)
}

/// The library the command line asks for: a folder's (`Some(folder)`), or the documents read
/// lately (`None`) when no file is named, stdin is no pipe, `--welcome` is not given and there
/// is a history.
fn library_root(cli: &Cli) -> Option<Option<PathBuf>> {
    match &cli.file {
        Some(dir) if dir.is_dir() => Some(Some(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone()))),
        Some(_) => None,
        None if cli.welcome || !std::io::stdin().is_terminal() => None,
        None => {
            let store = kan::store::PositionStore::in_config_dir().ok()?;
            (!store.load().value.is_empty()).then_some(None)
        }
    }
}

/// How the command line says to read its input: the size cap, a forced encoding and format.
#[derive(Clone, Copy)]
struct Reading {
    options: ReadOptions,
    format: Option<Format>,
    html: HtmlOptions,
    web: FetchOptions,
    refresh: bool,
    /// `--welcome`: the welcome article, whatever stdin is.
    welcome: bool,
}

fn how_to_read(cli: &Cli, config: &Config) -> Result<Reading, String> {
    let forced = match &cli.encoding {
        Some(label) => Some(decode::encoding_for_label(label).map_err(|e| shown(&e.to_string()))?),
        None => None,
    };
    let html = HtmlOptions { ruby_readings: config.layout.ruby_readings };
    let format = cli.format.map(|f| match f {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html(html),
    });
    let options =
        ReadOptions { max_bytes: u64::from(config.behaviour.max_file_size_mib) << 20, encoding: forced };
    let web = FetchOptions {
        timeout: Duration::from_secs(config.web.timeout_seconds.into()),
        max_bytes: u64::from(config.web.max_megabytes) << 20,
    };
    Ok(Reading { options, format, html, web, refresh: cli.refresh, welcome: cli.welcome })
}

/// The document the command line names, decoded and parsed, with its name for the status bar and
/// its path (if it has one).
fn read_document(file: Option<&Path>, reading: &Reading) -> Result<ReadDocument, String> {
    let source = if reading.welcome { Ok(Source::welcome()) } else { load_source(file, &reading.options) };
    let mut source = source.map_err(|e| shown(&e.to_string()))?;
    source.html = reading.html;
    let name = source.short_name();
    let path = match &source.origin {
        Origin::Path(p) => Some(p.clone()),
        _ => None,
    };
    let doc =
        source.into_document(reading.options.encoding, reading.format).map_err(|e| shown(&e.to_string()))?;
    Ok(ReadDocument { doc, name, path })
}

/// A web page through the cache (see [`kan::session::read_url`]), its name the URL.
fn read_url(url: &str, reading: &Reading) -> Result<(ReadDocument, Option<String>), String> {
    let page = kan::session::read_url(
        url,
        &reading.options,
        reading.format,
        reading.web,
        reading.refresh,
        reading.html,
    )
    .map_err(|e| shown(&e))?;
    Ok((ReadDocument { doc: page.doc, name: shown(url), path: Some(page.path) }, page.notice))
}

/// How long the first screen waits for a pipe or FIFO before it says it is waiting: long enough
/// that `cat file | kan` opens straight on the text.
const FIRST_SCREEN_WAIT: Duration = Duration::from_millis(300);

/// Whether reading the input may block for long: stdin, a FIFO, a device. Such input is read on a
/// thread, so the reader can show that it is waiting and still quit on a key.
fn input_may_block(file: Option<&Path>) -> bool {
    match file {
        Some(p) if p.as_os_str() == "-" => true,
        Some(p) => std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()),
        None => !std::io::stdin().is_terminal(),
    }
}

/// The reader on input that may take long to arrive: it opens on the document if it comes soon,
/// else on a waiting screen that the document replaces when it has all been read.
fn run_reader_on_slow_input(cli: &Cli, reading: Reading, loaded: &Loaded) -> Result<ExitCode, String> {
    let (tx, rx) = mpsc::channel();
    let file = cli.file.clone();
    std::thread::spawn(move || {
        let _ = tx.send(read_document(file.as_deref(), &reading));
    });
    let reader = Reader::new(cli, loaded);
    match rx.recv_timeout(FIRST_SCREEN_WAIT) {
        Ok(read) => {
            let read = read.inspect_err(|_| print_config_problems(loaded))?;
            reader.run(read.doc, read.name, read.path.as_deref(), None)
        }
        Err(_) => {
            let name = match cli.file.as_deref() {
                Some(p) if p.as_os_str() != "-" => p
                    .file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
                _ => "-".to_string(),
            };
            let waiting = Document::parse(
                "Waiting for input\n\nThe text shows here once all of it has been read.\n".to_string(),
                Format::Text,
            );
            let pending = runtime::Pending { document: rx, restore: reader.restore };
            reader.run(waiting, shown(&name), None, Some(pending))
        }
    }
}

/// The reader on a big file: it opens on the file's first part at once, and the whole replaces
/// it when a background thread has read and parsed it (see [`kan::progressive`]).
fn run_reader_progressively(
    cli: &Cli,
    reading: Reading,
    loaded: &Loaded,
    file: &Path,
    first: FirstPartOpened,
) -> Result<ExitCode, String> {
    let mut reader = Reader::new(cli, loaded);
    reader.fetch = reading.web;
    reader.html = reading.html;
    reader.location = Some(Location::File(file.to_path_buf()));
    reader.rest =
        Some(Rest { options: reading.options, format: first.format, total_bytes: first.total_bytes });
    let name =
        file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    reader.run(first.opening, shown(&name), Some(file), None)
}

/// A big file's first part, read as soon as the command line names it and parsed on another
/// thread while the configuration loads and the terminal is set up (see
/// [`progressive::first_text`]).
struct EarlyFirstPart {
    total_bytes: u64,
    format: Format,
    parsing: Stealable<Document>,
}

/// A big file opened on its first part, which may still be parsing.
struct FirstPartOpened {
    total_bytes: u64,
    format: Format,
    opening: Opening,
}

impl EarlyFirstPart {
    /// Starts when the command line names a regular file over [`progressive::THRESHOLD`] for the
    /// reader that opens progressively: all else (a folder, a pipe, a URL, a small file, a
    /// legacy encoding, a headless run) reads as it always has. The size limit comes from the
    /// configuration, so it is applied in [`Self::opened`].
    fn start(cli: &Cli) -> Option<EarlyFirstPart> {
        let reads = !cli.headless() && cli.check_config.is_none() && !cli.welcome;
        let path = cli.file.as_deref().filter(|_| reads)?;
        if path.as_os_str() == "-" || path.to_str().is_some_and(web::is_url) {
            return None;
        }
        let encoding = match &cli.encoding {
            Some(label) => Some(decode::encoding_for_label(label).ok()?),
            None => None,
        };
        let format = match cli.format {
            None => None,
            Some(FormatArg::Text) => Some(Format::Text),
            Some(FormatArg::Markdown) => Some(Format::Markdown),
            Some(FormatArg::Html) => return None,
        };
        let options = ReadOptions { max_bytes: u64::MAX, encoding };
        let first = progressive::first_text(path, &options, format)?;
        let (total_bytes, format) = (first.total_bytes, first.format);
        let parsing = Stealable::start("kan-first-part", move || first.parse().doc);
        Some(EarlyFirstPart { total_bytes, format, parsing })
    }

    /// The first part, unless the file is over `max_bytes`.
    fn opened(self, max_bytes: u64) -> Option<FirstPartOpened> {
        (self.total_bytes <= max_bytes).then(|| FirstPartOpened {
            total_bytes: self.total_bytes,
            format: self.format,
            opening: Opening::Parsing(self.parsing),
        })
    }
}

/// Work handed to another thread that the caller takes back and does itself if that thread has
/// not begun it when the result is wanted: on a busy machine a new thread may wait a whole time
/// slice (milliseconds) before it first runs, and the first screen must never wait for that.
struct Stealable<T> {
    work: Work<T>,
    done: mpsc::Receiver<T>,
}

/// The work of a [`Stealable`], until one side takes it.
type Work<T> = std::sync::Arc<std::sync::Mutex<Option<Box<dyn FnOnce() -> T + Send>>>>;

impl<T: Send + 'static> Stealable<T> {
    fn start(name: &str, work: impl FnOnce() -> T + Send + 'static) -> Stealable<T> {
        let (stealable, thread) = Stealable::new(work);
        // Without a thread the work is simply done when it is wanted.
        let _ = std::thread::Builder::new().name(name.into()).spawn(thread);
        stealable
    }

    /// The work to hand out, and what the other thread runs: it does the work unless it was
    /// taken back first.
    fn new(work: impl FnOnce() -> T + Send + 'static) -> (Stealable<T>, impl FnOnce() + Send + 'static) {
        let work: Work<T> = std::sync::Arc::new(std::sync::Mutex::new(Some(Box::new(work))));
        let (tell, done) = mpsc::sync_channel(1);
        let shared = std::sync::Arc::clone(&work);
        let thread = move || {
            let work = shared.lock().ok().and_then(|mut work| work.take());
            if let Some(work) = work {
                let _ = tell.send(work());
            }
        };
        (Stealable { work, done }, thread)
    }

    /// The result: done here if the thread has not taken the work, else waited for.
    fn get(self) -> T {
        let work = self.work.lock().ok().and_then(|mut work| work.take());
        match work {
            Some(work) => work(),
            // The thread took the work; should it panic, the panic hook has already ended the
            // process with the terminal restored.
            None => self.done.recv().expect("the thread that took the work gives its result"),
        }
    }
}

/// The document the reader opens on: parsed, or a first part being parsed.
enum Opening {
    Parsed(Document),
    Parsing(Stealable<Document>),
}

impl Opening {
    fn document(self) -> Document {
        match self {
            Opening::Parsed(doc) => doc,
            Opening::Parsing(parsing) => parsing.get(),
        }
    }
}

impl From<Document> for Opening {
    fn from(doc: Document) -> Opening {
        Opening::Parsed(doc)
    }
}

/// What the reader opens besides its document.
struct Opened<'p> {
    name: String,
    path: Option<&'p Path>,
    /// The document is still being read (from a pipe, say).
    waiting: bool,
    /// A big file's saved reading position, as [`Session::saved_position`] gives it.
    saved: Option<(usize, u64)>,
}

/// What reading the rest of a document opened from its first part needs.
struct Rest {
    options: ReadOptions,
    format: Format,
    total_bytes: u64,
}

/// The interactive reader's settings from the command line and the configuration.
struct Reader<'a> {
    loaded: &'a Loaded,
    ambiguous_wide: bool,
    script: Option<Script>,
    restore: bool,
    /// Said in the status bar when the reader opens (a page read from the cache).
    notice: Option<String>,
    /// Where the document came from, for its links.
    location: Option<Location>,
    /// How linked web pages are fetched.
    fetch: FetchOptions,
    /// How linked HTML is read.
    html: HtmlOptions,
    /// The document is the first part of `path`: the rest is read on another thread.
    rest: Option<Rest>,
    /// The library to show instead of the document (see [`library_root`]), and how its
    /// documents are read.
    library: Option<(Option<PathBuf>, ReadOptions)>,
}

impl<'a> Reader<'a> {
    fn new(cli: &Cli, loaded: &'a Loaded) -> Reader<'a> {
        let restore = loaded.config.behaviour.restore_position && !cli.from_start;
        Reader {
            loaded,
            ambiguous_wide: cli.ambiguous_wide,
            script: cli.script,
            restore,
            notice: None,
            location: None,
            fetch: FetchOptions::default(),
            html: HtmlOptions::default(),
            rest: None,
            library: None,
        }
    }

    /// Runs the reader until the user quits (or a signal ends it, or the document it waits for
    /// turns out unreadable).
    fn run(
        &self,
        doc: impl Into<Opening>,
        name: String,
        path: Option<&Path>,
        pending: Option<runtime::Pending>,
    ) -> Result<ExitCode, String> {
        let config = &self.loaded.config;
        let chrome = Chrome::new(Theme::from_config(config), &config.keymap);
        let mut keys = KeymapHandler { keymap: &config.keymap, input: Input::default() };
        let mut session = Session::new(kan::store::paths::config_dir());
        session.fetch = self.fetch;
        session.html = self.html;
        session.restore = self.restore;
        // A big file's saved place is looked up while its first part may still be parsing.
        let saved = match (&self.rest, path) {
            (Some(_), Some(path)) if self.restore => session.saved_position(path),
            _ => None,
        };
        let mut settings = Settings::from_config(config);
        settings.ambiguous_wide |= self.ambiguous_wide;
        settings.script = self.script.unwrap_or(settings.script);
        let result = runtime::enter(config.behaviour.mouse).and_then(|terminal| {
            let opened = Opened { name, path, waiting: pending.is_some(), saved };
            // Laid out at the terminal's size from the start: a giant paragraph costs
            // milliseconds per layout.
            let size = terminal.size();
            let mut state = self.state(doc.into().document(), settings, size, opened, &mut session);
            runtime::run(terminal, &mut state, &mut session, &chrome, &mut keys, pending)
        });
        for warning in &session.warnings {
            eprintln!("kan: {}", shown(warning));
        }
        print_config_problems(self.loaded);
        match result {
            Ok(Exit::Quit) => Ok(ExitCode::SUCCESS),
            // As a shell reports a process ended by a signal.
            Ok(Exit::Signal(signal)) => Ok(ExitCode::from((128 + signal).clamp(0, 255) as u8)),
            Ok(Exit::Failed(message)) => Err(message),
            Err(e) => Err(format!(
                "terminal: {} (without one, use --render or --outline)",
                kan::source::io_reason(&e)
            )),
        }
    }

    /// The reader's state on `doc`, and what the session starts for it: a library's listing, the
    /// saved position, the rest of a big file.
    fn state(
        &self,
        doc: Document,
        settings: Settings,
        (cols, rows): (u16, u16),
        opened: Opened,
        session: &mut Session,
    ) -> State {
        let Opened { name, path, waiting, saved } = opened;
        let mut state = State::new(doc, name, settings, cols, rows).located(self.location.clone());
        if let Some((root, options)) = &self.library {
            update(&mut state, Msg::ShowLibrary(root.clone()));
            for msg in session.open_library(root.clone(), *options) {
                let effects = update(&mut state, msg);
                run_effects(&mut state, session, effects);
            }
        } else if waiting {
            update(&mut state, Status::info("waiting for input"));
        } else if let (Some(rest), Some(path)) = (&self.rest, path) {
            // Attached once complete: bookmarks and the saved position belong to the whole text.
            let loading = Loading::new(rest.total_bytes, path.to_path_buf(), self.restore);
            update(&mut state, Msg::ReadingRest(Box::new(loading)));
            // The end (and the saved place) first: G and resuming need only those.
            let (path, format, options, html) = (path.to_path_buf(), rest.format, rest.options, self.html);
            let to_reader = session.messenger();
            session.after_first_frame(move || {
                progressive::read_rest(path, options, (format, html), saved, to_reader);
            });
        } else {
            for msg in session.attach(&state.doc, path, self.restore) {
                update(&mut state, msg);
            }
        }
        if let Some(notice) = &self.notice {
            update(&mut state, Status::info(notice.clone()));
        }
        if let Some(summary) = self.loaded.summary() {
            update(&mut state, Status::warning(summary));
        }
        state
    }
}

/// The completion script for `shell`, from the same definition as the parser.
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kan", &mut out);
    out
}

/// All config errors, one per line, each after the first prefixed like the first.
fn config_errors(errors: &ConfigErrors) -> String {
    errors.0.iter().map(|error| shown(&error.to_string())).collect::<Vec<_>>().join("\nkan: ")
}

/// The problems of a config kan runs with anyway, on stderr, and what kan did about them.
fn print_config_problems(loaded: &Loaded) {
    if loaded.problems.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for problem in &loaded.problems {
        let _ = writeln!(err, "kan: {}", shown(&problem.to_string()));
    }
    let _ = writeln!(err, "kan: the config has problems; the defaults are used in their place");
}

/// Text from a file name, a config or a document made safe for one line of stderr: controls in
/// caret notation (a line break too), so an error message can send no escape sequence.
fn shown(text: &str) -> String {
    sanitize(text, 4, false).text.replace('\n', "^J")
}

/// A closed pipe (`kan --render big.txt | head`) ends the program quietly.
fn write_or_exit(result: std::io::Result<()>) {
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(std::io::stderr(), "kan: stdout: {e}");
        std::process::exit(1);
    }
}

fn load_source(file: Option<&Path>, options: &ReadOptions) -> Result<Source, SourceError> {
    match file {
        Some(p) if p.as_os_str() == "-" => Source::from_reader(std::io::stdin().lock(), options),
        Some(p) => Source::from_path(p, options),
        None if !std::io::stdin().is_terminal() => Source::from_reader(std::io::stdin().lock(), options),
        None => Ok(Source::welcome()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stolen_work_is_done_once_by_whoever_takes_it_first() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        let counted = |runs: &std::sync::Arc<AtomicUsize>| {
            let runs = std::sync::Arc::clone(runs);
            move || runs.fetch_add(1, Ordering::SeqCst) + 40
        };
        // The other thread has not begun: the caller does the work, and the thread nothing.
        let (stealable, thread) = Stealable::new(counted(&runs));
        assert_eq!(stealable.get(), 40);
        thread();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // The other thread took it: the caller gets its result.
        let (stealable, thread) = Stealable::new(counted(&runs));
        thread();
        assert_eq!(stealable.get(), 41);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // And with a real thread, whichever way it falls.
        assert_eq!(Stealable::start("test", counted(&runs)).get(), 42);
    }
    use kan::reader::Mode;
    use strum::IntoEnumIterator;

    /// Every long flag the parser accepts, `--help` and `--version` included.
    fn long_flags() -> Vec<String> {
        let mut cmd = Cli::command();
        cmd.build();
        let flags: Vec<String> =
            cmd.get_arguments().filter_map(|a| a.get_long()).map(str::to_owned).collect();
        assert!(flags.len() > 10 && flags.iter().any(|f| f == "help"), "{flags:?}");
        flags
    }

    /// The roff text as a reader sees it: escapes undone, fonts dropped.
    fn unroff(page: &str) -> String {
        page.replace(r"\*(Aq", "'")
            .replace(r"\-", "-")
            .replace(r"\&", "")
            .replace(r"\fB", "")
            .replace(r"\fI", "")
            .replace(r"\fR", "")
            .replace(r"\fP", "")
            .replace(r"\\", r"\")
    }

    #[test]
    fn every_completion_script_names_every_flag() {
        for &shell in clap_complete::Shell::value_variants() {
            let script = String::from_utf8(completions(shell)).expect("UTF-8 script");
            for flag in long_flags() {
                // fish names long options as `-l NAME`; the others write them out.
                let written = match shell {
                    clap_complete::Shell::Fish => format!("-l {flag}"),
                    _ => format!("--{flag}"),
                };
                assert!(script.contains(&written), "{shell} completions lack {written}");
            }
        }
    }

    #[test]
    fn man_page_names_every_flag_and_every_default_key() {
        let page = unroff(&String::from_utf8(kan::manual::man_page(Cli::command())).expect("UTF-8 page"));
        for section in [".SH NAME", ".SH SYNOPSIS", ".SH KEYS", ".SH FILES", ".SH EXAMPLES", ".SH VERSION"] {
            assert!(page.contains(section), "no {section}");
        }
        for flag in long_flags() {
            assert!(page.contains(&format!("--{flag}")), "man page lacks --{flag}");
        }
        let keys = &page[page.find(".SH KEYS").expect("KEYS")..page.find(".SH FILES").expect("FILES")];
        let keymap = Config::defaults().keymap;
        let mut count = 0;
        for mode in Mode::iter() {
            for (action, sequences) in keymap.bindings(mode) {
                for sequence in sequences {
                    let line = keys.lines().find(|l| format!(" {l} ").contains(&format!(" {sequence} ")));
                    assert!(line.is_some(), "KEYS lacks {sequence} ({action:?} in {mode:?})");
                    count += 1;
                }
            }
        }
        assert!(count > 30, "only {count} default keys");
    }

    #[test]
    fn help_fits_80_columns_groups_options_and_ends_with_examples() {
        let help = Cli::command().render_help().to_string();
        for line in help.lines() {
            assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
        }
        for heading in [READING, HEADLESS, BOOKMARKS, CONFIG, INSTALL] {
            assert!(help.contains(&format!("{heading}:")), "no {heading} group in\n{help}");
        }
        let examples = help.rfind("Examples:").expect("examples");
        assert_eq!(help[examples..].lines().filter(|l| l.starts_with("  kan ")).count(), 3);
    }
}
