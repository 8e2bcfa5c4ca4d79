//! What packagers and installers use, through the real binary: `--version`, `--completions`,
//! `--man` and `--help`. That each names every flag and key is checked beside the clap definition
//! (src/main.rs), where the flag list comes from clap itself.

use std::process::{Command, Output, Stdio};

fn kan(args: &[&str]) -> Output {
    let home = tempfile::TempDir::new().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(args)
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .env("COLUMNS", "200")
        .stdin(Stdio::null())
        .output()
        .expect("run kan")
}

fn stdout(args: &[&str]) -> String {
    let out = kan(args);
    assert!(out.status.success(), "kan {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "kan {args:?} wrote to stderr");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn version_is_the_package_version_and_the_commit_when_there_is_one() {
    let version = stdout(&["--version"]);
    let rest = version
        .strip_prefix(&format!("kan {}", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{version:?}"));
    // Built from a checkout: " (commit <12 hex digits>)"; from a packaged copy: nothing.
    let commit = rest.trim_end().strip_prefix(" (commit ").and_then(|r| r.strip_suffix(')'));
    match commit {
        Some(hash) => assert!(hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{version:?}"),
        None => assert_eq!(rest, "\n", "{version:?}"),
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef kan"),
        ("fish", "complete -c kan"),
        ("elvish", "edit:completion:arg-completer[kan]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&["--completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        assert!(script.contains("completions") && script.contains("render"), "{shell} lacks flags");
    }
    let unknown = kan(&["--completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn man_page_is_roff_with_keys() {
    let page = stdout(&["--man"]);
    assert!(page.contains(".TH kan 1"), "{}", &page[..page.len().min(300)]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH READING", ".SH KEYS", ".SH FILES", ".SH EXAMPLES"] {
        assert!(page.contains(section), "no {section}");
    }
}

#[test]
fn help_fits_80_columns_even_in_a_wide_terminal() {
    let help = stdout(&["--help"]);
    assert!(help.lines().all(|l| l.chars().count() <= 80), "{help}");
    assert!(help.trim_end().lines().last().is_some_and(|l| l.starts_with("  kan ")), "{help}");
}
