//! HTML pages through the real binary: `--outline`, `--render`, stdin, and the ruby setting.

use std::process::Output;

use tempfile::TempDir;

use crate::helpers::run_kan as kan;

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
