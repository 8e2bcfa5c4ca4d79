//! Where kan keeps its files: the user config directory (`$XDG_CONFIG_HOME/kan` on Linux), the
//! one [`crate::config::default_config_dir`] finds for `config.toml` too.

use std::path::PathBuf;

use super::StoreError;

/// The bookmarks file's name inside the config directory.
pub const BOOKMARKS_FILE: &str = "bookmarks.toml";
/// The reading positions file's name inside the config directory.
pub const POSITIONS_FILE: &str = "positions.toml";

/// kan's config directory, or why there is none. It is not created here: the stores create it
/// when they first write.
pub fn config_dir() -> Result<PathBuf, StoreError> {
    crate::config::default_config_dir().ok_or(StoreError::NoConfigDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn honours_xdg_config_home() {
        // Only read here: ProjectDirs reads the variable, so compare against it when it is set.
        let dir = config_dir().expect("a home directory in the test environment");
        match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
            Some(xdg) if std::path::Path::new(&xdg).is_absolute() => {
                assert_eq!(dir, PathBuf::from(xdg).join("kan"))
            }
            _ => assert!(dir.ends_with(".config/kan"), "{}", dir.display()),
        }
    }
}
