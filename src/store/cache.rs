//! A derived binary copy of a store file, for fast loading. The TOML file stays the truth: the
//! copy is stamped with the file's metadata and used only while the file is exactly the one it
//! was made from; anything else (a hand edit, an older kan's write, a torn cache) rebuilds it.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Changes whenever the layout of the cache changes, so an old cache is never misread.
const MAGIC: &[u8; 8] = b"kancach2";
/// Magic, stamp (6 × u64), payload length, payload hash.
const HEADER_LEN: usize = 8 + 6 * 8 + 8 + 8;

/// What identifies one version of a file without reading it: length, modification and change
/// times (nanoseconds), inode and device. An atomic replace gives a new inode, an edit in place a
/// new change time (which no program can set back), so a changed file never matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp([u64; 6]);

impl FileStamp {
    pub fn of(metadata: &Metadata) -> FileStamp {
        let nanos = |t: io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64)
        };
        #[cfg(unix)]
        let (changed, inode, device) = {
            use std::os::unix::fs::MetadataExt;
            let changed = (metadata.ctime() as u64)
                .wrapping_mul(1_000_000_000)
                .wrapping_add(metadata.ctime_nsec() as u64);
            (changed, metadata.ino(), metadata.dev())
        };
        #[cfg(not(unix))]
        let (changed, inode, device) = (nanos(metadata.created()), 0, 0);
        FileStamp([metadata.len(), nanos(metadata.modified()), changed, inode, device, 0])
    }

    /// The file's length in bytes.
    pub fn file_len(&self) -> u64 {
        self.0[0]
    }

    /// The stamp of the file at `path` now, `None` if there is none.
    pub fn of_path(path: &Path) -> Option<FileStamp> {
        fs::metadata(path).ok().map(|m| FileStamp::of(&m))
    }
}

/// The payload of the cache at `path` if it was made from the file with `stamp` and is whole.
pub fn read(path: &Path, stamp: FileStamp) -> Option<Vec<u8>> {
    let mut file = File::open(path).ok()?;
    let mut header = [0u8; HEADER_LEN];
    file.read_exact(&mut header).ok()?;
    let mut fields = Decoder::new(&header);
    if fields.bytes(8)? != MAGIC {
        return None;
    }
    for expected in stamp.0 {
        if fields.u64()? != expected {
            return None;
        }
    }
    let len = usize::try_from(fields.u64()?).ok()?;
    let hash = fields.u64()?;
    let mut payload = Vec::new();
    payload.try_reserve_exact(len).ok()?;
    file.take(len as u64 + 1).read_to_end(&mut payload).ok()?;
    // A cache is written without fsync: after a crash it may be torn, which the hash catches.
    (payload.len() == len && xxhash_rust::xxh3::xxh3_64(&payload) == hash).then_some(payload)
}

/// Writes the cache of the file with `stamp` at `path`: whole or not at all (temp file and
/// rename), but not fsynced, since a lost or torn cache is only rebuilt.
pub fn write(path: &Path, stamp: FileStamp, payload: &[u8]) -> io::Result<()> {
    let dir = super::atomic::parent_dir(path);
    let mut temp =
        tempfile::Builder::new().prefix(&super::atomic::temp_prefix(path)).suffix(".tmp").tempfile_in(dir)?;
    temp.write_all(&header(stamp, payload.len(), xxhash_rust::xxh3::xxh3_64(payload)))?;
    temp.write_all(payload)?;
    temp.persist(path).map_err(|e| e.error).map(drop)
}

/// Extends the cache at `path`, whose payload is `payload`, by `tail`, for the file now stamped
/// `stamp`: the tail is written after the payload, then the header, in place. Only the new bytes
/// are written, where a whole new copy would make the next fsync of the data file wait for
/// megabytes of cache on a journalling file system. A reader meanwhile sees a header that does
/// not fit the file or the bytes, and reads the TOML file instead; so does one after a crash.
pub fn append(path: &Path, stamp: FileStamp, payload: &[u8], tail: &[u8]) -> io::Result<()> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(payload);
    hasher.update(tail);
    let mut file = OpenOptions::new().write(true).open(path)?;
    file.seek(SeekFrom::Start((HEADER_LEN + payload.len()) as u64))?;
    file.write_all(tail)?;
    file.rewind()?;
    file.write_all(&header(stamp, payload.len() + tail.len(), hasher.digest()))
}

fn header(stamp: FileStamp, len: usize, hash: u64) -> Vec<u8> {
    let mut header = Encoder::with_capacity(HEADER_LEN);
    header.bytes(MAGIC);
    for field in stamp.0 {
        header.u64(field);
    }
    header.u64(len as u64);
    header.u64(hash);
    header.0
}

/// Little-endian fields and length-prefixed strings.
pub struct Encoder(pub Vec<u8>);

impl Encoder {
    pub fn with_capacity(capacity: usize) -> Encoder {
        Encoder(Vec::with_capacity(capacity))
    }

    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub fn bytes(&mut self, v: &[u8]) {
        self.0.extend_from_slice(v);
    }

    /// A string of up to 4 GiB; longer ones don't occur in a bookmark (the caller checks).
    pub fn str(&mut self, v: &str) {
        self.u32(v.len() as u32);
        self.bytes(v.as_bytes());
    }
}

/// Reads what [`Encoder`] wrote; every read is checked, `None` past the end or on bad UTF-8.
pub struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { rest: bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.rest.len() {
            return None;
        }
        let (head, tail) = self.rest.split_at(len);
        self.rest = tail;
        Some(head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.bytes(1).map(|b| b[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.bytes(4)?.try_into().ok().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.bytes(8)?.try_into().ok().map(u64::from_le_bytes)
    }

    pub fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.bytes(len)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_is_read_back_only_with_its_stamp_and_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data.toml");
        fs::write(&data, "x = 1\n").expect("write");
        let stamp = FileStamp::of_path(&data).expect("stamp");
        let cache = dir.path().join("data.cache");
        write(&cache, stamp, b"payload").expect("write cache");
        assert_eq!(read(&cache, stamp).as_deref(), Some(&b"payload"[..]));

        // An edit in place of the same length, a second later: only the times tell.
        let file = fs::OpenOptions::new().write(true).open(&data).expect("open");
        (&file).write_all(b"x = 2\n").expect("edit");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
        file.set_modified(later).expect("set time");
        let edited = FileStamp::of_path(&data).expect("stamp");
        assert_ne!(edited, stamp, "an edit in place changes the stamp");
        assert_eq!(read(&cache, edited), None);
        // The same text written by another program, replacing the file: a new inode.
        let other = dir.path().join("other.toml");
        fs::write(&other, "x = 1\n").expect("write");
        fs::rename(&other, &data).expect("replace");
        assert_eq!(read(&cache, FileStamp::of_path(&data).expect("stamp")), None);

        let mut torn = fs::read(&cache).expect("read cache");
        let last = torn.len() - 1;
        torn[last] ^= 1;
        fs::write(&cache, &torn).expect("tear");
        assert_eq!(read(&cache, stamp), None, "a torn payload fails its hash");
        fs::write(&cache, &torn[..torn.len() - 2]).expect("truncate");
        assert_eq!(read(&cache, stamp), None, "a short payload is refused");
    }

    #[test]
    fn an_appended_cache_reads_back_whole_with_the_new_stamp_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data.toml");
        fs::write(&data, "x = 1\n").expect("write");
        let old = FileStamp::of_path(&data).expect("stamp");
        let cache = dir.path().join("data.cache");
        write(&cache, old, b"payload").expect("write cache");
        let mut file = OpenOptions::new().append(true).open(&data).expect("open");
        file.write_all(b"y = 2\n").expect("append");
        let new = FileStamp::of_path(&data).expect("stamp");
        append(&cache, new, b"payload", b"+tail").expect("append to the cache");
        assert_eq!(read(&cache, new).as_deref(), Some(&b"payload+tail"[..]));
        assert_eq!(read(&cache, old), None, "the old file version no longer matches");
        // The bytes written by an append are those a whole write of the same payload gives.
        let whole = dir.path().join("whole.cache");
        write(&whole, new, b"payload+tail").expect("write cache");
        assert_eq!(fs::read(&whole).ok(), fs::read(&cache).ok());
    }

    #[test]
    fn decoder_refuses_reads_past_the_end() {
        let mut enc = Encoder::with_capacity(16);
        enc.str("山路");
        enc.u64(7);
        let mut dec = Decoder::new(&enc.0);
        assert_eq!(dec.str(), Some("山路"));
        assert_eq!(dec.u64(), Some(7));
        assert!(dec.is_empty());
        assert_eq!(dec.u8(), None);
        let mut short = Decoder::new(&enc.0[..5]);
        assert_eq!(short.str(), None);
    }
}
