//! `kan --man`: the manual page, built from the command-line definition and the default keymap,
//! so that neither the options nor the keys it lists can go stale.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::config::Config;
use crate::ui::Chrome;
use crate::ui::theme::Theme;

const DESCRIPTION: &str = "kan (看, \"to read\") shows plain text and Markdown in the terminal, one \
    screen at a time, for people who read Chinese, Japanese and Korean as well as English: wide \
    characters line up, no line starts with closing punctuation, and plain-text novels and news \
    articles get an outline though they have no markup. It remembers where each document was left, \
    keeps bookmarks that find their place again after the file is edited, and can print a \
    document's outline or its laid-out text for scripts.";

/// The man page (roff) for `cmd`: name, synopsis, description, the options under their help
/// headings, then KEYS from the default keymap, FILES, EXAMPLES (the help's closing text), EXIT
/// STATUS, VERSION and AUTHORS.
pub fn man_page(cmd: clap::Command) -> Vec<u8> {
    let cmd = cmd.disable_help_subcommand(true);
    let examples = cmd.get_after_help().map(ToString::to_string);
    let man = Man::new(cmd.long_about(DESCRIPTION)).section("1").manual("kan manual");
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let ok = "writing to memory";
    man.render_title(&mut out).expect(ok);
    man.render_name_section(&mut out).expect(ok);
    man.render_synopsis_section(&mut out).expect(ok);
    man.render_description_section(&mut out).expect(ok);
    man.render_options_section(&mut out).expect(ok);
    let mut roff = Roff::new();
    keys_section(&mut roff, &Config::defaults());
    files_section(&mut roff);
    if let Some(examples) = examples {
        examples_section(&mut roff, &examples);
    }
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman("0 ok, 1 unreadable input (kan: PATH: reason), 2 bad usage.")]);
    roff.to_writer(&mut out).expect(ok);
    man.render_version_section(&mut out).expect(ok);
    man.render_authors_section(&mut out).expect(ok);
    out
}

/// Every default binding, per mode, as the help overlay (`?`) lists them.
fn keys_section(roff: &mut Roff, config: &Config) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "The default bindings. A config file can change them (see FILES); ? in the reader lists \
         the bindings in force.",
    )]);
    let chrome = Chrome::new(Theme::from_config(config), &config.keymap);
    for (mode, rows) in chrome.help() {
        if rows.is_empty() {
            continue;
        }
        roff.control("SS", [mode.as_str()]);
        for (keys, help) in rows {
            roff.control("TP", []);
            roff.text([bold(keys.as_str())]);
            roff.text([roman(help.as_str())]);
        }
    }
}

fn files_section(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    let files = [
        (
            "$XDG_CONFIG_HOME/kan/config.toml",
            "Settings and keys (usually ~/.config/kan). kan --print-config prints every setting with its default.",
        ),
        (
            "$XDG_CONFIG_HOME/kan/bookmarks.toml",
            "Bookmarks: human-readable, written atomically under a lock.",
        ),
        ("$XDG_CONFIG_HOME/kan/positions.toml", "Where each document was left, to reopen it there."),
    ];
    for (path, what) in files {
        roff.control("TP", []);
        roff.text([bold(path)]);
        roff.text([roman(what)]);
    }
}

/// The help's closing examples, kept as laid out.
fn examples_section(roff: &mut Roff, examples: &str) {
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in examples.lines().skip_while(|l| !l.starts_with(' ')) {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
}
