//! Crash-safe files: atomic replacement, an exclusive lock around read-modify-write, and moving an
//! unreadable file aside instead of overwriting it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::cache::{self, FileStamp};
use super::{Outcome, StoreError, StoreWarning};

/// Replaces `path` with `bytes` so that a crash at any moment leaves either the old file or the
/// new one: a temp file in the same directory, fsync, rename over, fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let mut temp = tempfile::Builder::new().prefix(&temp_prefix(path)).suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Makes the rename itself durable. Directories can't be opened for fsync on every platform; where
/// they can't, the rename is as durable as the platform makes it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    if cfg!(unix) { File::open(dir)?.sync_all() } else { Ok(()) }
}

pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned())
}

pub(crate) fn temp_prefix(path: &Path) -> String {
    format!(".{}.", file_name(path))
}

/// An exclusive lock on a separate lock file (`<file>.lock`), held until dropped. A separate file
/// because the data file itself is replaced by rename, which would leave a lock on the old inode.
pub struct FileLock {
    file: File,
}

impl FileLock {
    /// Blocks until the lock is ours.
    pub fn exclusive(lock_path: &Path) -> io::Result<FileLock> {
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(lock_path)?;
        file.lock()?;
        Ok(FileLock { file })
    }

    /// The lock if it is free now; never blocks.
    pub fn try_exclusive(lock_path: &Path) -> io::Result<FileLock> {
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(lock_path)?;
        file.try_lock().map_err(io::Error::from)?;
        Ok(FileLock { file })
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first just makes it prompt.
        let _ = self.file.unlock();
    }
}

/// Renames `path` to `<path>.bad-<UTC timestamp>` (with `-2`, `-3`… if taken) and returns the new
/// name. Never replaces an existing file.
pub fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = super::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let base = format!("{}.bad-{stamp}", file_name(path));
    let dir = parent_dir(path);
    for n in 1..1000 {
        let name = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        let target = dir.join(name);
        if !target.exists() {
            fs::rename(path, &target)?;
            sync_dir(dir)?;
            return Ok(target);
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "too many files already moved aside"))
}

/// Why a file's text could not be turned into data.
#[derive(Debug)]
pub enum ParseError {
    /// Not valid: the file will be moved aside.
    Invalid(String),
    /// Written by a newer kan: left alone, neither read nor written.
    NewerVersion(u32),
}

/// How one kind of file is read and written.
pub trait FileFormat {
    type Data: Default;
    fn parse(text: &str) -> Result<Self::Data, ParseError>;
    fn render(data: &Self::Data) -> String;

    /// The data as [`FileFormat::parse`] would give it back from [`FileFormat::render`]'s text, in
    /// a binary form that loads fast; `None` for a format that keeps no cache (or data that
    /// can't be cached, which then is read from the file).
    fn encode_cache(_data: &Self::Data) -> Option<Vec<u8>> {
        None
    }

    /// Reads what [`FileFormat::encode_cache`] wrote; `None` if it doesn't make sense.
    fn decode_cache(_payload: &[u8]) -> Option<Self::Data> {
        None
    }
}

/// One data file with its lock file, read and updated with the guarantees above.
#[derive(Clone, Debug)]
pub struct DurableFile {
    pub path: PathBuf,
    pub lock_path: PathBuf,
    /// The derived binary copy (`<stem>.cache`), for formats that keep one.
    pub cache_path: PathBuf,
}

impl DurableFile {
    pub fn new(dir: &Path, name: &str) -> DurableFile {
        let path = dir.join(name);
        DurableFile {
            cache_path: path.with_extension("cache"),
            lock_path: dir.join(format!("{name}.lock")),
            path,
        }
    }

    fn dir(&self) -> &Path {
        parent_dir(&self.path)
    }

    /// The file's text and the stamp of the version read, `None` when there is no file yet.
    fn read(&self) -> io::Result<Option<(String, FileStamp)>> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        // Stamped before reading: a change made while reading then can't match the stamp.
        let stamp = FileStamp::of(&file.metadata()?);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        String::from_utf8(bytes)
            .map(|text| Some((text, stamp)))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))
    }

    /// The data from the cache, if there is one made from the file as it is now.
    fn load_cached<F: FileFormat>(&self) -> Option<F::Data> {
        let stamp = FileStamp::of_path(&self.path)?;
        F::decode_cache(&cache::read(&self.cache_path, stamp)?)
    }

    /// Writes the cache of `data`, just read from or written to the file version `stamp`. Best
    /// effort: a cache that can't be written is simply not used.
    fn store_cache<F: FileFormat>(&self, data: &F::Data, stamp: FileStamp) {
        match F::encode_cache(data) {
            Some(payload) => {
                if cache::write(&self.cache_path, stamp, &payload).is_err() {
                    let _ = fs::remove_file(&self.cache_path);
                }
            }
            None => {
                let _ = fs::remove_file(&self.cache_path);
            }
        }
    }

    /// After a load that had to parse the file: caches it for the next load, if no writer holds
    /// the lock (never waiting for one) and the file is still the version parsed.
    fn refresh_cache<F: FileFormat>(&self, data: &F::Data, stamp: FileStamp) {
        let Ok(_lock) = FileLock::try_exclusive(&self.lock_path) else { return };
        if FileStamp::of_path(&self.path) == Some(stamp) {
            self.store_cache::<F>(data, stamp);
        }
    }

    /// Reads the data without taking the lock (an atomic rename means a reader sees a whole file).
    /// Never fails: a problem gives empty data and a warning. An unparsable file is moved aside
    /// under the lock, after checking it wasn't just replaced by a good one.
    pub fn load<F: FileFormat>(&self) -> Outcome<F::Data> {
        if let Some(data) = self.load_cached::<F>() {
            return Outcome { value: data, warning: None };
        }
        match self.read() {
            Ok(None) => return Outcome { value: F::Data::default(), warning: None },
            Ok(Some((text, stamp))) => match F::parse(&text) {
                Ok(data) => {
                    self.refresh_cache::<F>(&data, stamp);
                    return Outcome { value: data, warning: None };
                }
                Err(ParseError::NewerVersion(v)) => {
                    return self.unusable(format!("written by a newer kan (version {v})"));
                }
                Err(ParseError::Invalid(_)) => {}
            },
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {}
            Err(e) => return self.unusable(e.to_string()),
        }
        match self.repair::<F>() {
            Ok(outcome) => outcome,
            Err(e) => self.unusable(e.to_string()),
        }
    }

    fn unusable<T: Default>(&self, reason: String) -> Outcome<T> {
        Outcome {
            value: T::default(),
            warning: Some(StoreWarning::Unusable { path: self.path.clone(), reason }),
        }
    }

    /// Re-reads under the lock and moves the file aside if it still doesn't parse.
    fn repair<F: FileFormat>(&self) -> Result<Outcome<F::Data>, StoreError> {
        let _lock = self.lock()?;
        let (data, warning) = self.read_locked::<F>()?;
        Ok(Outcome { value: data, warning })
    }

    fn lock(&self) -> Result<FileLock, StoreError> {
        FileLock::exclusive(&self.lock_path)
            .map_err(|source| StoreError::Lock { path: self.lock_path.clone(), source })
    }

    /// Reads and parses while the lock is held; an unparsable file is moved aside here.
    fn read_locked<F: FileFormat>(&self) -> Result<(F::Data, Option<StoreWarning>), StoreError> {
        if let Some(data) = self.load_cached::<F>() {
            return Ok((data, None));
        }
        let (text, invalid_utf8) = match self.read() {
            Ok(Some((text, _))) => (text, None),
            Ok(None) => return Ok((F::Data::default(), None)),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => (String::new(), Some(e.to_string())),
            Err(source) => return Err(StoreError::Read { path: self.path.clone(), source }),
        };
        let reason = match invalid_utf8 {
            Some(reason) => reason,
            None => match F::parse(&text) {
                Ok(data) => return Ok((data, None)),
                Err(ParseError::NewerVersion(found)) => {
                    return Err(StoreError::NewerVersion { path: self.path.clone(), found });
                }
                Err(ParseError::Invalid(reason)) => reason,
            },
        };
        let moved_to = move_aside(&self.path)
            .map_err(|source| StoreError::MoveAside { path: self.path.clone(), source })?;
        let warning = StoreWarning::MovedAside { path: self.path.clone(), moved_to, reason };
        Ok((F::Data::default(), Some(warning)))
    }

    /// Read-modify-write under the exclusive lock: `modify` applies this process's operations to
    /// what is on disk now, never to a stale copy. Returns the data as written.
    pub fn update<F: FileFormat>(
        &self,
        modify: impl FnOnce(&mut F::Data),
    ) -> Result<Outcome<F::Data>, StoreError> {
        let dir = self.dir();
        fs::create_dir_all(dir)
            .map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        let _lock = self.lock()?;
        self.remove_stale_temps();
        let (mut data, warning) = self.read_locked::<F>()?;
        modify(&mut data);
        let text = F::render(&data);
        write_atomic(&self.path, text.as_bytes())
            .map_err(|source| StoreError::Write { path: self.path.clone(), source })?;
        // Still under the lock, so no other writer can have replaced the file since.
        if let Some(stamp) = FileStamp::of_path(&self.path) {
            self.store_cache::<F>(&data, stamp);
        }
        Ok(Outcome { value: data, warning })
    }

    /// Temp files of this data file left by a writer that was killed. Only writers holding the
    /// lock create them, so while we hold it every one is stale.
    fn remove_stale_temps(&self) {
        let prefixes = [temp_prefix(&self.path), temp_prefix(&self.cache_path)];
        let Ok(entries) = fs::read_dir(self.dir()) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if prefixes.iter().any(|p| name.starts_with(p.as_str())) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Checks that the directory can be created and written, so the UI can say early that saving
    /// won't work, and why.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let dir = self.dir();
        fs::create_dir_all(dir)
            .map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        let _lock = self.lock()?;
        let probe = tempfile::Builder::new().prefix(&temp_prefix(&self.path)).suffix(".tmp").tempfile_in(dir);
        probe.map(drop).map_err(|source| StoreError::Write { path: dir.to_path_buf(), source })
    }
}
