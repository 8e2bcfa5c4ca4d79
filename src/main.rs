//! kan's command line: parse arguments, load the document, then render headlessly or run the TUI.
//! The only place that chooses exit codes: 0 ok, 1 unreadable input, 2 bad usage.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use kan::decode;
use kan::document::Format;
use kan::layout::{self, LayoutOptions};
use kan::source::{Source, SourceError};

/// kan (看): a terminal reader for long articles, with CJK text laid out right.
#[derive(Parser, Debug)]
#[command(name = "kan", version, about)]
struct Cli {
    /// The article to read: a file, a directory, or - for stdin. With none, the welcome article
    /// (or stdin, when it is a pipe).
    file: Option<PathBuf>,

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
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
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
    let forced = match &cli.encoding {
        Some(label) => Some(decode::encoding_for_label(label).map_err(|e| e.to_string())?),
        None => None,
    };
    let format = cli.format.map(|f| match f {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
    });
    let source = load_source(&cli).map_err(|e| e.to_string())?;
    let doc = source.into_document(forced, format).map_err(|e| e.to_string())?;

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if cli.outline {
        write_or_exit(out.write_all(doc.outline.to_text().as_bytes()));
    } else if cli.render {
        let mut options = LayoutOptions::new(cli.width as usize);
        options.ambiguous_wide = cli.ambiguous_wide;
        for line in layout::render(&doc, options) {
            write_or_exit(writeln!(out, "{}", line.trim_end()));
        }
    } else {
        return Err("the interactive reader is not built yet; use --outline or --render".into());
    }
    write_or_exit(out.flush());
    Ok(ExitCode::SUCCESS)
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

fn load_source(cli: &Cli) -> Result<Source, SourceError> {
    match cli.file.as_deref() {
        Some(p) if p.as_os_str() == "-" => Source::from_reader(std::io::stdin().lock()),
        Some(p) => Source::from_path(p),
        None if !std::io::stdin().is_terminal() => Source::from_reader(std::io::stdin().lock()),
        None => Ok(Source::welcome()),
    }
}
