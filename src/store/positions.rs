//! Reading positions: where each document was left, in `positions.toml`, with the same
//! durability as bookmarks.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml_writer::{TomlStringBuilder, TomlWrite};

use super::anchor::{Placement, TextAnchor};
use super::atomic::{DurableFile, FileFormat, ParseError};
use super::paths::{POSITIONS_FILE, config_dir};
use super::{DocId, Fingerprint, Outcome, StoreError};
use crate::document::Document;

/// The version of `positions.toml` this kan reads and writes.
pub const POSITIONS_VERSION: u32 = 1;
/// Positions kept; the least recently read documents are forgotten past this.
pub const MAX_POSITIONS: usize = 1000;

/// Where a document was left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub doc: DocId,
    pub anchor: TextAnchor,
    pub updated: jiff::Timestamp,
}

/// A remembered position found again in the document as it is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestoredPosition {
    /// Byte offset into the open document's text.
    pub offset: usize,
    pub placement: Placement,
}

/// The positions file in one directory.
#[derive(Clone, Debug)]
pub struct PositionStore {
    file: DurableFile,
}

impl PositionStore {
    /// The store in `dir` (created on the first write).
    pub fn new(dir: &Path) -> PositionStore {
        PositionStore { file: DurableFile::new(dir, POSITIONS_FILE) }
    }

    /// The store in kan's config directory.
    pub fn in_config_dir() -> Result<PositionStore, StoreError> {
        config_dir().map(|dir| PositionStore::new(&dir))
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Every remembered position. Never fails (see [`super::BookmarkStore::load`]).
    pub fn load(&self) -> Outcome<Vec<Position>> {
        let outcome = self.file.load::<PositionsToml>();
        Outcome { value: outcome.value.0, warning: outcome.warning }
    }

    /// Where `doc` was left, found again in `document`: by its path, else (the file was moved or
    /// renamed) by a fingerprint whose file is gone.
    pub fn restore(&self, doc: &DocId, document: &Document) -> Outcome<Option<RestoredPosition>> {
        let loaded = self.load();
        let found = loaded.value.iter().find(|p| p.doc.path == doc.path).or_else(|| {
            loaded.value.iter().find(|p| {
                p.doc.fingerprint == doc.fingerprint && doc.fingerprint.len > 0 && !p.doc.path.exists()
            })
        });
        let restored = found.map(|p| {
            let (offset, placement) = p.anchor.place(p.doc.fingerprint, document, doc.fingerprint);
            RestoredPosition { offset, placement }
        });
        Outcome { value: restored, warning: loaded.warning }
    }

    /// Remembers that `doc` (open as `document`) was left at byte `offset`, merged under the lock
    /// with what other kan processes saved.
    pub fn save(&self, doc: &DocId, document: &Document, offset: usize) -> Result<Outcome<()>, StoreError> {
        let position = Position {
            doc: doc.clone(),
            anchor: TextAnchor::capture(document, offset),
            updated: super::now(),
        };
        let outcome = self.file.update::<PositionsToml>(|data| {
            data.0.retain(|p| p.doc.path != position.doc.path);
            data.0.push(position);
            if data.0.len() > MAX_POSITIONS {
                data.0.sort_by_key(|p| std::cmp::Reverse(p.updated));
                data.0.truncate(MAX_POSITIONS);
            }
        })?;
        Ok(Outcome { value: (), warning: outcome.warning })
    }

    /// Checks that positions can be saved here; the error says why not.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.file.check_writable()
    }
}

#[derive(Default)]
struct PositionsToml(Vec<Position>);

#[derive(Deserialize)]
struct FileRepr {
    #[serde(default = "first_version")]
    version: u32,
    #[serde(default)]
    position: Vec<PositionRepr>,
}

#[derive(Deserialize)]
struct VersionRepr {
    version: Option<u32>,
}

fn first_version() -> u32 {
    1
}

#[derive(Deserialize)]
struct PositionRepr {
    path: PathBuf,
    #[serde(default)]
    length: u64,
    #[serde(default)]
    hash: String,
    #[serde(default)]
    offset: usize,
    #[serde(default)]
    heading: Vec<String>,
    #[serde(default)]
    before: String,
    #[serde(default)]
    quote: String,
    updated: Option<toml::value::Datetime>,
}

impl FileFormat for PositionsToml {
    type Data = PositionsToml;

    fn parse(text: &str) -> Result<PositionsToml, ParseError> {
        let file: FileRepr = match toml::from_str(text) {
            Ok(file) => file,
            Err(e) => {
                if let Ok(VersionRepr { version: Some(v) }) = toml::from_str::<VersionRepr>(text)
                    && v > POSITIONS_VERSION
                {
                    return Err(ParseError::NewerVersion(v));
                }
                return Err(ParseError::Invalid(e.message().to_owned()));
            }
        };
        if file.version > POSITIONS_VERSION {
            return Err(ParseError::NewerVersion(file.version));
        }
        let mut list = Vec::with_capacity(file.position.len());
        for p in file.position {
            let hash = match p.hash.as_str() {
                "" => 0,
                hex => Fingerprint::parse_hash(hex)
                    .ok_or_else(|| ParseError::Invalid(format!("hash {hex:?} is not 16 hex digits")))?,
            };
            list.push(Position {
                doc: DocId { path: p.path, fingerprint: Fingerprint { len: p.length, hash } },
                anchor: TextAnchor { offset: p.offset, heading: p.heading, before: p.before, quote: p.quote },
                updated: p
                    .updated
                    .as_ref()
                    .and_then(super::parse_time)
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            });
        }
        Ok(PositionsToml(list))
    }

    fn render(data: &PositionsToml) -> String {
        let mut sorted: Vec<&Position> = data.0.iter().collect();
        sorted.sort_by(|a, b| a.doc.cmp(&b.doc));
        let mut out = String::new();
        out.push_str(
            "# Where kan left each document. Safe to edit while kan is closed.\n\
             # offset: byte offset into the decoded text; length, hash (XXH3-64): the text it was in.\n",
        );
        out.push_str(&format!("version = {POSITIONS_VERSION}\n"));
        for p in sorted {
            out.push_str("\n[[position]]\npath = ");
            string(&mut out, &p.doc.path.to_string_lossy());
            out.push_str(&format!(
                "\nlength = {}\nhash = \"{}\"\noffset = {}\nheading = [",
                p.doc.fingerprint.len,
                p.doc.fingerprint.hash_hex(),
                p.anchor.offset
            ));
            for (i, title) in p.anchor.heading.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                string(&mut out, title);
            }
            out.push_str("]\nbefore = ");
            string(&mut out, &p.anchor.before);
            out.push_str("\nquote = ");
            string(&mut out, &p.anchor.quote);
            out.push_str("\nupdated = ");
            out.push_str(&super::format_time(p.updated));
            out.push('\n');
        }
        out
    }
}

fn string(out: &mut String, s: &str) {
    // Writing into a String can't fail.
    let _ = out.value(TomlStringBuilder::new(s).as_basic());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::anchor::test_document;

    #[test]
    fn render_then_parse_gives_the_same_positions() {
        let text = "# 卷一\n\n山路雨夜，\"灯火\"未明。\n";
        let document = test_document(text);
        let doc = DocId { path: "/books/a.md".into(), fingerprint: Fingerprint::of(text) };
        let position =
            Position { doc, anchor: TextAnchor::capture(&document, 10), updated: crate::store::now() };
        let written = PositionsToml::render(&PositionsToml(vec![position.clone()]));
        let parsed = PositionsToml::parse(&written).map(|d| d.0).unwrap_or_default();
        assert_eq!(parsed, vec![position], "{written}");
    }
}
