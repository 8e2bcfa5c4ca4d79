//! The only code that writes files: bookmarks and reading positions in the user config directory.
