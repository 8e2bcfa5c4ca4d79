//! Fuzzes the config parser: any text gives a config or errors, never a panic, and a config that
//! parses prints (as `--print-config` does) to TOML that parses to the same config.
#![no_main]

use kan::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Config::parse(text, "config.toml") {
        Ok(config) => {
            let printed = config.to_toml();
            let again = Config::parse(&printed, "printed.toml")
                .unwrap_or_else(|e| panic!("printed config does not parse: {e}\n{printed}"));
            assert_eq!(again.to_toml(), printed, "printing is not stable");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an error without a message");
            let _ = errors.to_string();
        }
    }
});
