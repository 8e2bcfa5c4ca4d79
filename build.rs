//! Sets `KAN_VERSION` for `kan --version`: the package version, plus the commit when built from a
//! git checkout of kan itself. Without git, or outside a checkout, it is the version alone.
//!
//! Links the `kan` binary with packed relative relocations where the toolchain can (see
//! [`packs_relative_relocations`]).

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
    if packs_relative_relocations() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the C toolchain links, and the system runs, a program with packed relative
/// relocations (DT_RELR: GNU ld 2.38, glibc 2.36, also lld and mold). kan's binary has some
/// 31,000 relative relocations; packed, the dynamic loader applies them in a quarter of the time
/// (~0.3 ms of every start, a tenth of what `less` takes to show a screen). Anywhere else
/// (another OS, an older toolchain, a cross build) kan links as usual.
fn packs_relative_relocations() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if !var("TARGET").ends_with("-linux-gnu") || var("TARGET") != var("HOST") {
        return false;
    }
    let dir = PathBuf::from(var("OUT_DIR"));
    let source = dir.join("relr-probe.c");
    let program = dir.join("relr-probe");
    // A pointer in writable data: a relative relocation, so the link really packs one.
    let probe = "static const char *text = \"x\";\nconst char **pointer = &text;\n\
                 int main(void) { return **pointer != 'x'; }\n";
    if std::fs::write(&source, probe).is_err() {
        return false;
    }
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let linked = Command::new(compiler)
        .arg(&source)
        .arg("-o")
        .arg(&program)
        .args(["-pie", "-fPIE", "-Wl,-z,pack-relative-relocs", "-Wl,--fatal-warnings"])
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
