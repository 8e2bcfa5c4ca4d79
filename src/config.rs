//! Configuration from TOML, merged over the defaults embedded from config.example.toml.
