//! What the library knows of each file (title, reading time, text length), kept in the user cache
//! directory so that a second start reads no document again. One binary file for every library,
//! keyed by path and stamped with each file's size and modification time: a file whose size or
//! time changed is read again. The cache is derived data: a damaged, truncated or foreign file is
//! ignored (and replaced on the next save), never an error to the user.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::atomic::write_atomic;
use super::cache::{Decoder, Encoder};
use super::web_cache::CACHE_DIR_ENV;
use crate::library::Summary;

/// Changes whenever the layout changes, so an old file is never misread.
const MAGIC: &[u8; 8] = b"kanlib01";
/// The file's name in the cache directory.
pub const LIBRARY_CACHE_FILE: &str = "library.cache";
/// Entries kept at most; past this, those not asked for in this run are forgotten first.
pub const MAX_ENTRIES: usize = 200_000;

/// Where the summaries are kept: a file, read and written whole.
#[derive(Clone, Debug)]
pub struct LibraryCache {
    path: PathBuf,
}

/// What one version of a file is known by: its length and modification time (nanoseconds since
/// the epoch). Cheap to get from the `stat` the listing needs anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeAndTime {
    pub len: u64,
    pub modified: u64,
}

impl SizeAndTime {
    pub fn of(metadata: &Metadata) -> SizeAndTime {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        SizeAndTime { len: metadata.len(), modified }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    stamp: SizeAndTime,
    summary: Summary,
    /// Asked for or added since loading: kept first when the file is too full.
    used: bool,
}

/// The summaries loaded from a [`LibraryCache`], looked up and added to in memory.
#[derive(Clone, Debug, Default)]
pub struct Summaries {
    /// What the summaries were read with (a forced encoding changes the text); entries made with
    /// anything else are not loaded.
    tag: String,
    entries: HashMap<PathBuf, Entry>,
    changed: bool,
}

impl Summaries {
    /// No summaries, for documents read with `tag`.
    pub fn empty(tag: &str) -> Summaries {
        Summaries { tag: tag.to_string(), ..Summaries::default() }
    }

    /// The summary of the file at `path` if it was made from the version with `stamp`.
    pub fn get(&mut self, path: &Path, stamp: SizeAndTime) -> Option<Summary> {
        let entry = self.entries.get_mut(path).filter(|e| e.stamp == stamp)?;
        entry.used = true;
        Some(entry.summary.clone())
    }

    /// Keeps what was found in the version of `path` with `stamp`. Only summaries of documents
    /// that could be read: a problem (permission denied, a file gone) may not last.
    pub fn insert(&mut self, path: PathBuf, stamp: SizeAndTime, summary: Summary) {
        if summary.problem.is_none() {
            self.entries.insert(path, Entry { stamp, summary, used: true });
            self.changed = true;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether there is anything new to save.
    pub fn changed(&self) -> bool {
        self.changed
    }

    fn encode(&self) -> Vec<u8> {
        let mut kept: Vec<(&PathBuf, &Entry)> = self.entries.iter().collect();
        if kept.len() > MAX_ENTRIES {
            kept.sort_by_key(|(_, e)| !e.used);
            kept.truncate(MAX_ENTRIES);
        }
        let mut out = Encoder::with_capacity(64 + kept.len() * 96);
        out.str(&self.tag);
        out.u64(kept.len() as u64);
        for (path, entry) in kept {
            let Some(bytes) = path_bytes(path) else { continue };
            out.u32(bytes.len() as u32);
            out.bytes(bytes);
            out.u64(entry.stamp.len);
            out.u64(entry.stamp.modified);
            out.u32(entry.summary.minutes);
            out.u64(entry.summary.text_len as u64);
            match &entry.summary.title {
                Some(title) => {
                    out.u8(1);
                    out.str(title);
                }
                None => out.u8(0),
            }
        }
        out.0
    }

    /// `None` for anything that is not a whole payload of this layout.
    fn decode(payload: &[u8], tag: &str) -> Option<Summaries> {
        let mut input = Decoder::new(payload);
        if input.str()? != tag {
            return None;
        }
        let count = input.u64()?;
        // Each entry takes at least 33 bytes: a count beyond that is damage, not a reason to
        // reserve gigabytes.
        let mut entries = HashMap::with_capacity(usize::try_from(count).ok()?.min(payload.len() / 33));
        for _ in 0..count {
            let len = input.u32()? as usize;
            let path = path_from_bytes(input.bytes(len)?)?;
            let stamp = SizeAndTime { len: input.u64()?, modified: input.u64()? };
            let minutes = input.u32()?;
            let text_len = usize::try_from(input.u64()?).ok()?;
            let title = match input.u8()? {
                0 => None,
                1 => Some(input.str()?.to_string()),
                _ => return None,
            };
            let summary = Summary { title, minutes, text_len, problem: None };
            entries.insert(path, Entry { stamp, summary, used: false });
        }
        input.is_empty().then(|| Summaries { tag: tag.to_string(), entries, changed: false })
    }
}

impl LibraryCache {
    pub fn at(path: impl Into<PathBuf>) -> LibraryCache {
        LibraryCache { path: path.into() }
    }

    /// `$KAN_CACHE_DIR/library.cache`, else the file in the user cache directory
    /// (`$XDG_CACHE_HOME/kan` on Linux); never the config directory.
    pub fn in_cache_dir() -> Option<LibraryCache> {
        let dir = match std::env::var_os(CACHE_DIR_ENV).filter(|d| !d.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "kan")?.cache_dir().to_path_buf(),
        };
        Some(LibraryCache::at(dir.join(LIBRARY_CACHE_FILE)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The summaries kept for documents read with `tag`; none when there is no file yet or it
    /// can't be used (damaged, from another layout, made with another tag).
    pub fn load(&self, tag: &str) -> Summaries {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| {
                let mut input = Decoder::new(&bytes);
                if input.bytes(MAGIC.len())? != MAGIC {
                    return None;
                }
                let hash = input.u64()?;
                let payload = &bytes[MAGIC.len() + 8..];
                (xxhash_rust::xxh3::xxh3_64(payload) == hash).then_some(())?;
                Summaries::decode(payload, tag)
            })
            .unwrap_or_else(|| Summaries::empty(tag))
    }

    /// Writes `summaries` whole, atomically (creating the cache directory).
    pub fn save(&self, summaries: &mut Summaries) -> io::Result<()> {
        std::fs::create_dir_all(super::atomic::parent_dir(&self.path))?;
        let payload = summaries.encode();
        let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        write_atomic(&self.path, &bytes)?;
        summaries.changed = false;
        Ok(())
    }
}

/// A path as bytes: exactly as the OS has it on Unix (names need not be UTF-8); elsewhere only
/// paths that are Unicode are kept.
#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    path.to_str().map(str::as_bytes)
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(title: Option<&str>, minutes: u32) -> Summary {
        Summary { title: title.map(str::to_string), minutes, text_len: 1234, problem: None }
    }

    #[test]
    fn summaries_come_back_for_the_same_size_and_time_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = LibraryCache::at(dir.path().join("sub/library.cache"));
        let mut summaries = cache.load("");
        assert!(summaries.is_empty());
        let stamp = SizeAndTime { len: 10, modified: 99 };
        summaries.insert("/a/山.md".into(), stamp, summary(Some("山路"), 3));
        summaries.insert("/a/b.txt".into(), stamp, summary(None, 1));
        summaries.insert(
            "/a/bad.txt".into(),
            stamp,
            Summary { problem: Some("binary".into()), ..Summary::default() },
        );
        assert!(summaries.changed());
        cache.save(&mut summaries).unwrap();
        assert!(!summaries.changed());

        let mut loaded = cache.load("");
        assert_eq!(loaded.len(), 2, "problems are not kept");
        assert_eq!(loaded.get(Path::new("/a/山.md"), stamp), Some(summary(Some("山路"), 3)));
        assert_eq!(loaded.get(Path::new("/a/b.txt"), stamp), Some(summary(None, 1)));
        assert_eq!(loaded.get(Path::new("/a/b.txt"), SizeAndTime { len: 11, modified: 99 }), None);
        assert_eq!(loaded.get(Path::new("/a/b.txt"), SizeAndTime { len: 10, modified: 98 }), None);
        assert!(cache.load("shift_jis").is_empty(), "made with another encoding");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_name_that_is_not_utf8_is_kept_as_the_os_has_it() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = LibraryCache::at(dir.path().join("library.cache"));
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"/a/caf\xe9.txt"));
        let stamp = SizeAndTime { len: 1, modified: 2 };
        let mut summaries = cache.load("");
        summaries.insert(path.clone(), stamp, summary(Some("x"), 1));
        cache.save(&mut summaries).unwrap();
        assert_eq!(cache.load("").get(&path, stamp), Some(summary(Some("x"), 1)));
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = LibraryCache::at(dir.path().join("library.cache"));
        let mut summaries = cache.load("");
        let stamp = SizeAndTime { len: 1, modified: 2 };
        for i in 0..50 {
            summaries.insert(format!("/a/{i}.md").into(), stamp, summary(Some("t"), i));
        }
        cache.save(&mut summaries).unwrap();
        let whole = std::fs::read(cache.path()).unwrap();
        for cut in [0, 3, 8, 16, whole.len() / 2, whole.len() - 1] {
            std::fs::write(cache.path(), &whole[..cut]).unwrap();
            assert!(cache.load("").is_empty(), "cut at {cut}");
        }
        let mut flipped = whole.clone();
        flipped[whole.len() / 2] ^= 0x40;
        std::fs::write(cache.path(), &flipped).unwrap();
        assert!(cache.load("").is_empty());
        std::fs::write(cache.path(), b"kanlib01\0\0\0\0\0\0\0\0 not a cache at all").unwrap();
        assert!(cache.load("").is_empty());
        // A payload whose hash is right but whose count lies is refused too.
        let mut lying = Encoder::with_capacity(32);
        lying.str("");
        lying.u64(u64::MAX);
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&lying.0).to_le_bytes());
        bytes.extend_from_slice(&lying.0);
        std::fs::write(cache.path(), &bytes).unwrap();
        assert!(cache.load("").is_empty());
        // And saving over a damaged file works.
        cache.save(&mut summaries).unwrap();
        assert_eq!(cache.load("").len(), 50);
    }
}
