//! kan's command line: parse arguments, load the document, then render headlessly or run the TUI.
//! The only place that chooses exit codes: 0 ok, 1 unreadable input, 2 bad usage.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use kan::config::{Config, ConfigErrors, LoadOptions, ThemeName, default_config_dir};
use kan::decode;
use kan::document::html::HtmlOptions;
use kan::document::{Document, Format};
use kan::layout::sanitize::sanitize;
use kan::layout::{self, LayoutOptions};
use kan::reader::input::Input;
use kan::reader::{Settings, State};
use kan::runtime::{self, KeymapHandler};
use kan::session::Session;
use kan::source::{Origin, Source, SourceError, cached_form, io_reason};
use kan::store::web_cache::{WebCache, age_text};
use kan::store::{BookmarkStore, bookmarks_listing};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use kan::web::{self, FetchOptions};

/// kan (看): a terminal reader for long articles, with CJK text laid out right.
#[derive(Parser, Debug)]
#[command(name = "kan", version, about)]
struct Cli {
    /// The article to read: a file (text, Markdown, HTML, EPUB), a directory, an http(s) URL, or
    /// - for stdin. With none, the welcome article (or stdin, when it is a pipe).
    file: Option<PathBuf>,

    /// Fetch a URL again instead of reading the copy kept in the cache.
    #[arg(long)]
    refresh: bool,

    /// Print the outline, one heading per line, and exit.
    #[arg(long, conflicts_with = "render")]
    outline: bool,

    /// Print the document as laid out at --width columns, and exit.
    #[arg(long)]
    render: bool,

    /// The width for --render.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=10000))]
    width: u16,

    /// Draw East Asian ambiguous-width characters two columns wide.
    #[arg(long)]
    ambiguous_wide: bool,

    /// Read the file in this encoding (a WHATWG label: gbk, big5, shift_jis, euc-kr, ...).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,

    /// Parse as this format instead of guessing from the file name.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,

    /// Read the configuration from this file instead of the config directory.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Check a configuration file (by default the one kan would read), print ok or the errors.
    #[arg(long, value_name = "PATH", num_args = 0..=1)]
    check_config: Option<Option<PathBuf>>,

    /// Print the effective configuration (defaults merged with the user file) as TOML.
    #[arg(long)]
    print_config: bool,

    /// Print every bookmark (path, section, percent, label; tab-separated) and exit.
    #[arg(long)]
    bookmarks: bool,

    /// Start at the top instead of where the document was left.
    #[arg(long)]
    from_start: bool,

    /// Use this colour theme.
    #[arg(long, value_name = "NAME", value_parser = parse_theme)]
    theme: Option<ThemeName>,
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
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "kan: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
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
    let config =
        Config::load(cli.config.as_deref(), config_dir.as_deref(), &LoadOptions::from_env(cli.theme))
            .map_err(|errors| config_errors(&errors))?;
    if cli.print_config {
        print!("{}", config.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    if cli.bookmarks {
        let store = BookmarkStore::in_config_dir().map_err(|e| format!("bookmarks: {e}"))?;
        let loaded = store.load();
        if let Some(warning) = loaded.warning {
            eprintln!("kan: {warning}");
        }
        write_or_exit(std::io::stdout().lock().write_all(bookmarks_listing(&loaded.value).as_bytes()));
        return Ok(ExitCode::SUCCESS);
    }
    let forced = match &cli.encoding {
        Some(label) => Some(decode::encoding_for_label(label).map_err(|e| e.to_string())?),
        None => None,
    };
    let format = cli.format.map(|f| match f {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html(HtmlOptions { ruby_readings: config.layout.ruby_readings }),
    });
    let (mut source, status) = match cli.file.as_deref().and_then(|f| f.to_str()).filter(|f| web::is_url(f)) {
        Some(url) => load_url(url, &config, cli.refresh)?,
        None => (load_source(&cli).map_err(|e| e.to_string())?, None),
    };
    source.html.ruby_readings = config.layout.ruby_readings;
    let url = cli.file.as_deref().and_then(|f| f.to_str()).filter(|f| web::is_url(f));
    let name = url.map_or_else(|| source.short_name(), str::to_string);
    let path = match &source.origin {
        Origin::Path(p) => Some(p.clone()),
        _ => None,
    };
    let doc = source.into_document(forced, format).map_err(|e| e.to_string())?;

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if cli.outline {
        // Titles are document text: printed sanitised, like everything kan shows.
        for line in doc.outline.to_text().lines() {
            write_or_exit(writeln!(out, "{}", sanitize(line, 4, false).text.replace('\n', " ")));
        }
    } else if cli.render {
        let mut options = LayoutOptions::new(cli.width as usize);
        options.ambiguous_wide = cli.ambiguous_wide || config.layout.ambiguous_wide;
        for line in layout::render(&doc, options) {
            write_or_exit(writeln!(out, "{}", line.trim_end()));
        }
    } else {
        drop(out);
        let restore = config.behaviour.restore_position && !cli.from_start;
        return run_reader(doc, name, path.as_deref(), &config, cli.ambiguous_wide, restore, status);
    }
    write_or_exit(out.flush());
    Ok(ExitCode::SUCCESS)
}

/// The interactive reader, until the user quits.
fn run_reader(
    doc: Document,
    name: String,
    path: Option<&Path>,
    config: &Config,
    ambiguous_wide: bool,
    restore: bool,
    status: Option<String>,
) -> Result<ExitCode, String> {
    let mut settings = Settings::from_config(config);
    settings.ambiguous_wide |= ambiguous_wide;
    let mut state = State::new(doc, name, settings, 80, 24);
    let chrome = Chrome::new(Theme::from_config(config), &config.keymap);
    state.help_rows = chrome.help_rows();
    let mut keys = KeymapHandler { keymap: &config.keymap, input: Input::default() };
    let mut session = Session::new(kan::store::paths::config_dir());
    session.attach(&mut state, path, restore);
    if status.is_some() {
        state.message = status;
    }
    let result = runtime::run(&mut state, &mut session, &chrome, &mut keys, config.behaviour.mouse);
    for warning in &session.warnings {
        eprintln!("kan: {warning}");
    }
    result.map_err(|e| {
        format!("terminal: {} (without one, use --render or --outline)", kan::source::io_reason(&e))
    })?;
    Ok(ExitCode::SUCCESS)
}

/// All config errors, one per line, each after the first prefixed like the first.
fn config_errors(errors: &ConfigErrors) -> String {
    errors.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nkan: ")
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

/// A web page: the copy in the cache unless `refresh`, else fetched and kept there. Its source
/// is the cached file, so positions and bookmarks follow the URL and work offline. The status
/// line says when the page is an old copy.
fn load_url(url: &str, config: &Config, refresh: bool) -> Result<(Source, Option<String>), String> {
    let cache = WebCache::in_cache_dir().ok_or_else(|| format!("{url}: no cache directory"))?;
    let open = |path: &Path| Source::from_path(path).map_err(|e| format!("{url}: {}", e.reason));
    if !refresh && let Some(cached) = cache.lookup(url) {
        let status = format!("cached copy, fetched {} ago (--refresh fetches again)", age_text(cached.age));
        return Ok((open(&cached.path)?, Some(status)));
    }
    let options = FetchOptions {
        timeout: Duration::from_secs(config.web.timeout_seconds.into()),
        max_bytes: u64::from(config.web.max_megabytes) << 20,
    };
    let fetched = web::fetch(url, options).map_err(|reason| format!("{url}: {reason}"))?;
    let (bytes, extension) = cached_form(&fetched).map_err(|reason| format!("{url}: {reason}"))?;
    let path = cache.store(url, &bytes, extension).map_err(|e| format!("{url}: cache: {}", io_reason(&e)))?;
    Ok((open(&path)?, None))
}

fn load_source(cli: &Cli) -> Result<Source, SourceError> {
    match cli.file.as_deref() {
        Some(p) if p.as_os_str() == "-" => Source::from_reader(std::io::stdin().lock()),
        Some(p) => Source::from_path(p),
        None if !std::io::stdin().is_terminal() => Source::from_reader(std::io::stdin().lock()),
        None => Ok(Source::welcome()),
    }
}
