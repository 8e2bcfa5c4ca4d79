//! Sets `KAN_VERSION` for `kan --version`: the package version, plus the commit when built from a
//! git checkout of kan itself. Without git, or outside a checkout, it is the version alone.

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
