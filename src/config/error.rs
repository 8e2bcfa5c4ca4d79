//! Config errors a user can act on: each names the file, line and column, and what is wrong.

use std::fmt;

/// A place in a config file, 1-based; columns count characters, not bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`. For many offsets in one text, use a [`Locator`].
    pub fn at(file: &str, text: &str, offset: usize) -> Location {
        Locator::new(file, text).locate(offset)
    }
}

/// Finds the locations of many offsets in one text, each in constant time after one pass over
/// the text, so a file with many errors is reported in linear time whatever their order.
#[derive(Debug)]
pub struct Locator<'t> {
    file: &'t str,
    text: &'t str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// How many characters come before each block of [`Locator::BLOCK`] bytes.
    chars_before_block: Vec<usize>,
}

impl<'t> Locator<'t> {
    const BLOCK: usize = 256;

    pub fn new(file: &'t str, text: &'t str) -> Locator<'t> {
        let line_starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        let chars_before_block = std::iter::once(0)
            .chain(text.as_bytes().chunks(Self::BLOCK).scan(0, |chars, block| {
                *chars += count_chars(block);
                Some(*chars)
            }))
            .collect();
        Locator { file, text, line_starts, chars_before_block }
    }

    /// The location of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn locate(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.chars_before(offset) - self.chars_before(self.line_starts[line]);
        Location { file: self.file.to_string(), line: line + 1, column: column + 1 }
    }

    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / Self::BLOCK;
        self.chars_before_block[block] + count_chars(&self.text.as_bytes()[block * Self::BLOCK..offset])
    }
}

/// The characters that start in `bytes`: every byte but UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem in a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where it is, or `None` when it is about the file as a whole (unreadable) or the command line.
    pub location: Option<Location>,
    /// A file name without a position, for errors about a whole file.
    pub file: Option<String>,
    pub message: String,
}

impl ConfigError {
    pub fn at(location: Location, message: impl Into<String>) -> ConfigError {
        ConfigError { location: Some(location), file: None, message: message.into() }
    }

    pub fn in_file(file: &str, message: impl Into<String>) -> ConfigError {
        ConfigError { location: None, file: Some(file.to_string()), message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location, &self.file) {
            (Some(location), _) => write!(f, "{location}: {}", self.message),
            (None, Some(file)) => write!(f, "{file}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// Every problem found in a config, in file order. Displayed one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "a = 1\n# 看看\nbad = 2";
        let at = |offset| Location::at("c.toml", text, offset);
        assert_eq!(at(0).to_string(), "c.toml:1:1");
        assert_eq!(at(text.find("bad").unwrap_or(0)).to_string(), "c.toml:3:1");
        let second_kan = text.rfind('看').unwrap_or(0);
        assert_eq!(at(second_kan).to_string(), "c.toml:2:4");
        assert_eq!(at(text.len() + 5).to_string(), "c.toml:3:8", "past the end is the end");
        assert_eq!(at(second_kan + 1).to_string(), "c.toml:2:4", "inside a character is that character");
    }

    #[test]
    fn a_locator_gives_the_same_locations_in_any_order() {
        let text = "a = 1\n# 看看 x\n\nbad = 2";
        let locator = Locator::new("c.toml", text);
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let alone: Vec<Location> = offsets.iter().map(|&i| Location::at("c.toml", text, i)).collect();
        let forward: Vec<Location> = offsets.iter().map(|&i| locator.locate(i)).collect();
        let backward: Vec<Location> = offsets.iter().rev().map(|&i| locator.locate(i)).collect();
        assert_eq!(forward, alone);
        assert_eq!(backward.into_iter().rev().collect::<Vec<_>>(), alone);
    }
}
