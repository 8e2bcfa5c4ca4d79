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
    /// The location of byte `offset` in `text`.
    pub fn at(file: &str, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            file: file.to_string(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
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
    }
}
