//! Sets `KAN_VERSION` for `kan --version`: the package version, plus the commit when built from a
//! git checkout of kan itself. Without git, or outside a checkout, it is the version alone.
//!
//! Links the `kan` binary at a fixed address where the toolchain can (see
//! [`links_position_dependent`]).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    match commit(&manifest_dir) {
        Some(commit) => println!("cargo:rustc-env=KAN_VERSION={version} (commit {commit})"),
        None => println!("cargo:rustc-env=KAN_VERSION={version}"),
    }
    if links_position_dependent() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Whether the C toolchain links, and the system runs, a position-dependent (non-PIE) program.
///
/// A position-independent kan carries some 31,000 relative relocations, spread over 580 KB of
/// read-only data (vtables, clap's tables, HTML entity names). The dynamic loader writes every
/// one at each start, so each of those ~145 pages is copied on first touch: 0.34 ms of a
/// 1.7 ms `kan --version`, and a fifth of what `less` takes to show a screen. Linked at a fixed
/// address there is nothing to apply. What this gives up is a random address for kan's own code
/// and statics; the heap, the stack, the mapped files and the shared libraries stay randomised,
/// as they are for Go's binaries, which link this way by default. Anywhere else (another OS, a
/// cross build, a compiler without `-no-pie`) kan links as usual.
fn links_position_dependent() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if !var("TARGET").ends_with("-linux-gnu") || var("TARGET") != var("HOST") {
        return false;
    }
    let dir = PathBuf::from(var("OUT_DIR"));
    let source = dir.join("no-pie-probe.c");
    let program = dir.join("no-pie-probe");
    // A pointer in data: a relocation the link must resolve at a fixed address.
    let probe = "static const char *text = \"x\";\nconst char **pointer = &text;\n\
                 int main(void) { return **pointer != 'x'; }\n";
    if std::fs::write(&source, probe).is_err() {
        return false;
    }
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    // PIC objects, as rustc makes them, linked with `-pie` first, as rustc asks: the later
    // `-no-pie` must win.
    let linked = Command::new(compiler)
        .arg(&source)
        .arg("-o")
        .arg(&program)
        .args(["-fPIC", "-pie", "-no-pie", "-Wl,--fatal-warnings"])
        .output()
        .is_ok_and(|out| out.status.success());
    linked && Command::new(&program).status().is_ok_and(|status| status.success())
}

/// The checked-out commit, when `dir` is the top of a git checkout. Watches HEAD and the branch
/// it points to, so a new commit rebuilds, and nothing else does.
fn commit(dir: &Path) -> Option<String> {
    // A packaged copy (`cargo package`, or a crate unpacked inside some other repository) must
    // not report that repository's commit.
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(dir, &["rev-parse", "--git-path", &branch])?);
    }
    // A branch whose loose ref was packed is only in packed-refs.
    watched.push(git(dir, &["rev-parse", "--git-path", "packed-refs"])?);
    for path in watched {
        let path = dir.join(path);
        // A path that does not exist would make cargo rerun this script on every build.
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}

/// One line of git's output, or `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).current_dir(dir).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.trim();
    (!line.is_empty()).then(|| line.to_owned())
}
