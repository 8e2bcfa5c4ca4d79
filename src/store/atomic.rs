//! Crash-safe files: atomic replacement (through symlinks, keeping permissions) and an exclusive
//! lock around read-modify-write.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::cache::{self, FileStamp};
use super::{Outcome, StoreError, StoreWarning};

/// Replaces `path` with `bytes` so that a crash at any moment leaves either the old file or the
/// new one: a temp file in the same directory, fsync, rename over, fsync the directory. A symlink
/// is written through (the temp file goes beside its target, so the link stays), and an existing
/// file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = follow_links(path)?;
    let dir = parent_dir(&target);
    let mut temp = tempfile::Builder::new().prefix(&temp_prefix(&target)).suffix(".tmp").tempfile_in(dir)?;
    if let Ok(metadata) = fs::metadata(&target) {
        temp.as_file().set_permissions(metadata.permissions())?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// The file `path` names once every symlink is followed; it may not exist yet (a dangling link
/// names the file to create).
pub fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as Linux follows before it gives up with ELOOP.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = parent_dir(&path).join(link);
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
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

    /// A shared lock, for reading while no writer is part way through an append; waits for one
    /// that is. Creates nothing: where there is no lock file yet, no writer has written.
    pub fn shared_if_present(lock_path: &Path) -> Option<FileLock> {
        let file = File::open(lock_path).ok()?;
        file.lock_shared().ok()?;
        Some(FileLock { file })
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first just makes it prompt.
        let _ = self.file.unlock();
    }
}

/// Why a file could not be read at all. Anything else that can't be read is kept as written
/// and reported by [`ReadFormat::unread`], and the rest is read.
#[derive(Debug)]
pub enum ParseError {
    /// Written by a newer kan: left alone, neither read nor written.
    NewerVersion(u32),
}

/// How one kind of file is read.
pub trait ReadFormat {
    type Data: Default;
    fn parse(bytes: &[u8]) -> Result<Self::Data, ParseError>;

    /// What in the file could not be read (and is kept as written), said in one line.
    fn unread(_data: &Self::Data) -> Option<String> {
        None
    }

    /// The data as [`ReadFormat::parse`] would give it back from [`FileFormat::render`]'s text, in
    /// a binary form that loads fast; `None` for a format that keeps no cache (or data that
    /// can't be cached, which then is read from the file).
    fn encode_cache(_data: &Self::Data) -> Option<Vec<u8>> {
        None
    }

    /// Reads what [`ReadFormat::encode_cache`] wrote; `None` if it doesn't make sense.
    fn decode_cache(_payload: &[u8]) -> Option<Self::Data> {
        None
    }
}

/// How one kind of file is read and written. A format only read (a quicker view of a file that
/// another format writes) is a [`ReadFormat`] alone.
pub trait FileFormat: ReadFormat {
    fn render(data: &Self::Data) -> Vec<u8>;
}

/// What an append adds: text for the end of the data file, and the same in the cache's form for
/// the end of the cache's payload.
pub struct Addition {
    pub text: Vec<u8>,
    pub cache_tail: Vec<u8>,
}

/// The first of `dir` and the folders above it that exists and is not a directory: why `dir`
/// can't be one.
fn not_a_directory(dir: &Path) -> PathBuf {
    dir.ancestors().find(|p| fs::metadata(p).is_ok_and(|m| !m.is_dir())).unwrap_or(dir).to_path_buf()
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

    /// The file's bytes and the stamp of the version read, `None` when there is no file yet.
    fn read(&self) -> io::Result<Option<(Vec<u8>, FileStamp)>> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        // Stamped before reading: a change made while reading then can't match the stamp.
        let stamp = FileStamp::of(&file.metadata()?);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(Some((bytes, stamp)))
    }

    /// The data from the cache, if there is one made from the file as it is now.
    fn load_cached<F: ReadFormat>(&self) -> Option<F::Data> {
        let stamp = FileStamp::of_path(&self.path)?;
        F::decode_cache(&cache::read(&self.cache_path, stamp)?)
    }

    /// Writes the cache of `data`, just read from or written to the file version `stamp`. Best
    /// effort: a cache that can't be written is simply not used.
    fn store_cache<F: ReadFormat>(&self, data: &F::Data, stamp: FileStamp) {
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
    fn refresh_cache<F: ReadFormat>(&self, data: &F::Data, stamp: FileStamp) {
        let Ok(_lock) = FileLock::try_exclusive(&self.lock_path) else { return };
        if FileStamp::of_path(&self.path) == Some(stamp) {
            self.store_cache::<F>(data, stamp);
        }
    }

    /// Reads the data, refreshing the derived cache when the file had to be parsed. Never fails:
    /// a file that can't be used gives empty data and a warning; entries that can't be read give
    /// a warning and the rest. Reads of the file itself wait for a writer part way through an
    /// append (appends are not atomic as a rename is).
    pub fn load<F: ReadFormat>(&self) -> Outcome<F::Data> {
        self.load_with::<F>(true)
    }

    /// [`DurableFile::load`] that writes nothing at all, not even the cache or the lock file:
    /// `kan --bookmarks` uses it.
    pub fn load_read_only<F: ReadFormat>(&self) -> Outcome<F::Data> {
        self.load_with::<F>(false)
    }

    fn load_with<F: ReadFormat>(&self, refresh: bool) -> Outcome<F::Data> {
        if let Some(data) = self.load_cached::<F>() {
            return Outcome { value: data, warning: None };
        }
        let read = {
            let _shared = FileLock::shared_if_present(&self.lock_path);
            self.read()
        };
        match read {
            Ok(None) => Outcome { value: F::Data::default(), warning: None },
            Ok(Some((bytes, stamp))) => match F::parse(&bytes) {
                Ok(data) => {
                    if refresh {
                        self.refresh_cache::<F>(&data, stamp);
                    }
                    let warning = self.unread::<F>(&data);
                    Outcome { value: data, warning }
                }
                Err(ParseError::NewerVersion(v)) => {
                    self.unusable(format!("written by a newer kan (version {v})"))
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => Outcome {
                value: F::Data::default(),
                warning: Some(StoreWarning::NoDirectory {
                    path: self.path.clone(),
                    file: not_a_directory(self.dir()),
                }),
            },
            Err(e) => self.unusable(e.to_string()),
        }
    }

    fn unusable<T: Default>(&self, reason: String) -> Outcome<T> {
        Outcome {
            value: T::default(),
            warning: Some(StoreWarning::Unusable { path: self.path.clone(), reason }),
        }
    }

    fn unread<F: ReadFormat>(&self, data: &F::Data) -> Option<StoreWarning> {
        F::unread(data).map(|summary| StoreWarning::Unread { path: self.path.clone(), summary })
    }

    /// Takes the exclusive lock for a write, creating the directory first.
    fn lock_for_writing(&self) -> Result<FileLock, StoreError> {
        let dir = self.dir();
        fs::create_dir_all(dir)
            .map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        let lock = FileLock::exclusive(&self.lock_path)
            .map_err(|source| StoreError::Lock { path: self.lock_path.clone(), source })?;
        self.remove_stale_temps();
        Ok(lock)
    }

    /// Reads and parses while the lock is held.
    fn read_locked<F: FileFormat>(&self) -> Result<(F::Data, Option<StoreWarning>), StoreError> {
        if let Some(data) = self.load_cached::<F>() {
            return Ok((data, None));
        }
        let bytes = match self.read() {
            Ok(Some((bytes, _))) => bytes,
            Ok(None) => return Ok((F::Data::default(), None)),
            Err(source) => return Err(StoreError::Read { path: self.path.clone(), source }),
        };
        match F::parse(&bytes) {
            Ok(data) => {
                let warning = self.unread::<F>(&data);
                Ok((data, warning))
            }
            Err(ParseError::NewerVersion(found)) => {
                Err(StoreError::NewerVersion { path: self.path.clone(), found })
            }
        }
    }

    /// Read-modify-write under the exclusive lock: `modify` applies this process's operations to
    /// what is on disk now, never to a stale copy. Returns the data as written.
    pub fn update<F: FileFormat>(
        &self,
        modify: impl FnOnce(&mut F::Data),
    ) -> Result<Outcome<F::Data>, StoreError> {
        let _lock = self.lock_for_writing()?;
        self.rewrite_locked::<F>(modify)
    }

    /// Like [`DurableFile::update`], but where the cache matches the file, `append` is first
    /// shown the cache's payload and may answer with an [`Addition`]: then only its text is
    /// written, at the end of the file, and fsynced, and the cache is extended to match. Otherwise
    /// `modify` rewrites the whole file, which also compacts what earlier appends added.
    pub fn append_or_update<F: FileFormat>(
        &self,
        append: impl FnOnce(&[u8]) -> Option<Addition>,
        modify: impl FnOnce(&mut F::Data),
    ) -> Result<Option<StoreWarning>, StoreError> {
        let _lock = self.lock_for_writing()?;
        if let Some(stamp) = FileStamp::of_path(&self.path)
            && let Some(payload) = cache::read(&self.cache_path, stamp)
            && let Some(addition) = append(&payload)
        {
            self.append_locked(stamp, &payload, &addition)
                .map_err(|source| StoreError::Write { path: self.path.clone(), source })?;
            return Ok(None);
        }
        self.rewrite_locked::<F>(modify).map(|outcome| outcome.warning)
    }

    fn rewrite_locked<F: FileFormat>(
        &self,
        modify: impl FnOnce(&mut F::Data),
    ) -> Result<Outcome<F::Data>, StoreError> {
        let (mut data, warning) = self.read_locked::<F>()?;
        modify(&mut data);
        let bytes = F::render(&data);
        write_atomic(&self.path, &bytes)
            .map_err(|source| StoreError::Write { path: self.path.clone(), source })?;
        // Still under the lock, so no other writer can have replaced the file since.
        if let Some(stamp) = FileStamp::of_path(&self.path) {
            self.store_cache::<F>(&data, stamp);
        }
        Ok(Outcome { value: data, warning })
    }

    /// Appends `addition` to the file (version `stamp`, cached as `payload`) under the lock. A
    /// write that fails part way is cut off again, so the file is as it was.
    fn append_locked(&self, stamp: FileStamp, payload: &[u8], addition: &Addition) -> io::Result<()> {
        // Opening follows a symlink, and an append keeps the file's mode.
        let mut file = OpenOptions::new().append(true).open(&self.path)?;
        let written = file.write_all(&addition.text).and_then(|()| file.sync_data());
        if let Err(e) = written {
            let _ = file.set_len(stamp.file_len()).and_then(|()| file.sync_data());
            return Err(e);
        }
        let stamp = FileStamp::of(&file.metadata()?);
        if cache::append(&self.cache_path, stamp, payload, &addition.cache_tail).is_err() {
            let _ = fs::remove_file(&self.cache_path);
        }
        Ok(())
    }

    /// Temp files of this data file left by a writer that was killed. Only writers holding the
    /// lock create them, so while we hold it every one is stale.
    fn remove_stale_temps(&self) {
        let target = follow_links(&self.path).unwrap_or_else(|_| self.path.clone());
        let places =
            [(self.dir(), temp_prefix(&self.cache_path)), (parent_dir(&target), temp_prefix(&target))];
        for (dir, prefix) in places {
            let Ok(entries) = fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with(prefix.as_str()) && name.ends_with(".tmp") {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Checks that the directory can be created and written, so the UI can say early that saving
    /// won't work, and why.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let _lock = self.lock_for_writing()?;
        let target = follow_links(&self.path).unwrap_or_else(|_| self.path.clone());
        let dir = parent_dir(&target);
        let probe = tempfile::Builder::new().prefix(&temp_prefix(&target)).suffix(".tmp").tempfile_in(dir);
        probe.map(drop).map_err(|source| StoreError::Write { path: dir.to_path_buf(), source })
    }
}
