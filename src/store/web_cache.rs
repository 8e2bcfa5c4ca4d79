//! Copies of fetched web pages in the user cache directory, one body file per URL (named by the
//! URL's hash) and a sidecar naming the URL. Reading positions and bookmarks key on the body
//! file, so they follow the URL, and a cached page reopens offline.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::atomic::write_atomic;

/// Overrides the cache directory (tests use it; so can users with an unusual layout).
pub const CACHE_DIR_ENV: &str = "KAN_CACHE_DIR";

/// The cache of fetched pages.
#[derive(Clone, Debug)]
pub struct WebCache {
    dir: PathBuf,
}

/// A page found in the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedPage {
    pub path: PathBuf,
    /// How long ago it was fetched.
    pub age: Duration,
}

impl WebCache {
    pub fn at(dir: impl Into<PathBuf>) -> WebCache {
        WebCache { dir: dir.into() }
    }

    /// `$KAN_CACHE_DIR`, else the user cache directory (`$XDG_CACHE_HOME/kan` on Linux).
    pub fn in_cache_dir() -> Option<WebCache> {
        if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
            return Some(WebCache::at(dir));
        }
        directories::ProjectDirs::from("", "", "kan").map(|dirs| WebCache::at(dirs.cache_dir().join("pages")))
    }

    fn key(url: &str) -> String {
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_bytes()))
    }

    fn sidecar(&self, url: &str) -> PathBuf {
        self.dir.join(format!("{}.url", Self::key(url)))
    }

    /// The cached copy of `url`, if there is one.
    pub fn lookup(&self, url: &str) -> Option<CachedPage> {
        let sidecar = std::fs::read_to_string(self.sidecar(url)).ok()?;
        let mut lines = sidecar.lines();
        if lines.next()? != url {
            return None;
        }
        let path = self.dir.join(lines.next()?);
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
        let age = SystemTime::now().duration_since(modified).unwrap_or_default();
        Some(CachedPage { path, age })
    }

    /// Keeps `body` as the copy of `url`; `extension` tells how it is to be read back.
    pub fn store(&self, url: &str, body: &[u8], extension: &str) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let name = format!("{}.{extension}", Self::key(url));
        let path = self.dir.join(&name);
        write_atomic(&path, body)?;
        write_atomic(&self.sidecar(url), format!("{url}\n{name}\n").as_bytes())?;
        Ok(path)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// An age in the largest whole unit: "5 s", "3 min", "2 h", "4 days".
pub fn age_text(age: Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86400 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_page_is_found_by_its_url_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = WebCache::at(dir.path());
        assert_eq!(cache.lookup("https://a.example/x"), None);
        let path = cache.store("https://a.example/x", b"<html>", "html").unwrap();
        let found = cache.lookup("https://a.example/x").unwrap();
        assert_eq!(found.path, path);
        assert!(found.age < Duration::from_secs(60));
        assert_eq!(cache.lookup("https://a.example/y"), None);
        assert_eq!(age_text(Duration::from_secs(7200)), "2 h");
    }
}
