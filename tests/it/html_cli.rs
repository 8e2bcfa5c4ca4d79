//! HTML pages through the real binary: `--outline`, `--render`, stdin, and the ruby setting.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn kan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let home = TempDir::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env("HOME", home.path())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kan");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn outline_of_a_page_is_its_headline_and_headings() {
    let out = kan(&["--outline", "tests/docs/html/heavy-nav.html"], None);
    assert_eq!(
        stdout(&out),
        "How Tides Shape the Harbour Town\n  A town built around the water\n  What the future holds\n"
    );
}

#[test]
fn a_page_on_stdin_is_recognised() {
    let page = std::fs::read("tests/docs/html/second.html").unwrap();
    let out = kan(&["--outline", "-"], Some(&page));
    assert_eq!(stdout(&out), "The Second Page\n  Only section\n");
}

#[test]
fn the_ruby_setting_drops_readings() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[layout]\nruby_readings = false\n").unwrap();
    let with = stdout(&kan(&["--render", "--width", "200", "tests/docs/html/ja-ruby.html"], None));
    assert!(with.contains("漢字(かんじ)"));
    let config = config.to_str().unwrap();
    let without = stdout(&kan(
        &["--config", config, "--render", "--width", "200", "tests/docs/html/ja-ruby.html"],
        None,
    ));
    assert!(without.contains("難しい漢字にふりがな"), "{without}");
}
