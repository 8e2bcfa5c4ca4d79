//! The headless command line through the real binary: exit codes, error lines, encodings,
//! formats, stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn kan(args: &[&str]) -> Output {
    kan_with_stdin(args, None)
}

fn kan_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let home = TempDir::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", home.path())
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
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn an_unreadable_path_is_one_line_and_exit_1() {
    let o = kan(&["--outline", "/no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "kan: /no/such/file.txt: no such file or directory\n");
    let dir = TempDir::new().unwrap();
    let o = kan(&["--outline", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).ends_with(": no text or Markdown file in directory\n"), "{}", stderr(&o));
}

#[test]
fn a_binary_file_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("image.txt");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let o = kan(&["--render", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), format!("kan: {}: binary file\n", path.display()));
}

#[test]
fn bad_usage_exits_2_and_help_and_version_exit_0() {
    assert_eq!(kan(&["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(kan(&["--render", "--width", "0", "x.txt"]).status.code(), Some(2));
    assert_eq!(kan(&["--outline", "--render", "x.txt"]).status.code(), Some(2));
    let help = kan(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--render"));
    let version = kan(&["--version"]);
    assert_eq!(stdout(&version), format!("kan {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn legacy_encodings_render_as_their_text_and_encoding_overrides() {
    let o = kan(&["--render", "--width", "200", "tests/fixtures/encodings/zh-hant.big5.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("第一章 山路\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("書生走進客棧"));
    let o = kan(&["--outline", "--encoding", "shift_jis", "tests/fixtures/encodings/ja.shift_jis.txt"]);
    assert_eq!(stdout(&o), "第一章 山の道\n");
    let o = kan(&["--outline", "--encoding", "klingon", "tests/fixtures/encodings/ja.shift_jis.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "kan: unknown encoding 'klingon'\n");
}

#[test]
fn stdin_is_read_and_its_format_sniffed() {
    let o = kan_with_stdin(&["--outline", "-"], Some("# 标题\n\n正文。\n\n## 小节\n\n更多。\n".as_bytes()));
    assert_eq!(stdout(&o), "标题\n  小节\n");
    let o = kan_with_stdin(
        &["--outline"],
        Some("第一章 开始\n\n　　正文。\n\n第二章 结束\n\n　　正文。\n".as_bytes()),
    );
    assert_eq!(stdout(&o), "第一章 开始\n第二章 结束\n");
}

#[test]
fn format_overrides_the_extension() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "# Heading\n\ntext\n").unwrap();
    let o = kan(&["--outline", "--format", "markdown", path.to_str().unwrap()]);
    assert_eq!(stdout(&o), "Heading\n");
}

#[test]
fn the_outline_never_prints_escape_sequences_from_the_document() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("evil.md");
    std::fs::write(&path, "# Red \u{1b}[31mtitle\u{7}\u{202E}\n\ntext\n").unwrap();
    let o = kan(&["--outline", path.to_str().unwrap()]);
    assert_eq!(stdout(&o), "Red ^[[31mtitle^G\n");
}

#[test]
fn empty_files_print_nothing_and_succeed() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "").unwrap();
    for flag in ["--outline", "--render"] {
        let o = kan(&[flag, path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn a_directory_opens_its_readme() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a.txt"), "not this one\n").unwrap();
    std::fs::write(dir.path().join("README.md"), "# The readme\n\ntext\n").unwrap();
    let o = kan(&["--outline", dir.path().to_str().unwrap()]);
    assert_eq!(stdout(&o), "The readme\n");
}

#[test]
fn no_terminal_and_no_headless_flag_is_a_clear_error() {
    // stdin is a pipe with a document and there is no terminal to draw on.
    let o = kan_with_stdin(&[], Some(b"hello\n"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("kan: ") && err.lines().count() == 1, "{err}");
}

#[test]
fn bookmarks_prints_every_bookmark_sorted_by_path_then_position() {
    use kan::document::{Document, Format};
    use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId};
    let home = TempDir::new().unwrap();
    let store = BookmarkStore::new(&home.path().join("kan"));
    let text = "第一章 开始\n\n　　正文。\n\n第二章 结束\n\n　　更多正文。\n";
    let doc = Document::parse(text.to_string(), Format::Text);
    let b_path = home.path().join("b.txt");
    let a_path = home.path().join("a.txt");
    let late = Bookmark::new(&DocId::new(&b_path, text), &doc, text.find("第二章").unwrap(), "后");
    let early = Bookmark::new(&DocId::new(&b_path, text), &doc, 0, "前");
    let other = Bookmark::new(&DocId::new(&a_path, text), &doc, 0, "");
    store.apply(&[BookmarkOp::Add(late), BookmarkOp::Add(early), BookmarkOp::Add(other)]).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kan"))
        .arg("--bookmarks")
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    let canonical = |p: &std::path::Path| kan::store::identity::canonical_path(p).display().to_string();
    assert_eq!(
        lines,
        [
            format!("{}\t第一章 开始\t0%\t", canonical(&a_path)),
            format!("{}\t第一章 开始\t0%\t前", canonical(&b_path)),
            format!(
                "{}\t第二章 结束\t{}%\t后",
                canonical(&b_path),
                text.find("第二章").unwrap() * 100 / text.len()
            ),
        ]
    );
}

#[test]
fn check_config_says_ok_or_names_the_key_line_and_column() {
    let o = kan(&["--check-config", "tests/fixtures/config/valid.toml"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "ok\n"));
    let o = kan(&["--check-config", "tests/fixtures/config/unknown_setting.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("kan: tests/fixtures/config/unknown_setting.toml:"), "{err}");
    assert!(err.contains("unknown setting 'max_width' (did you mean 'max_text_width'?)"), "{err}");
    // A bad config stops kan before it reads anything.
    let o =
        kan(&["--config", "tests/fixtures/config/unknown_setting.toml", "--outline", "assets/welcome.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
}

#[test]
fn print_config_shows_the_merged_configuration() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[layout]\nmax_text_width = 66\n").unwrap();
    let o = kan(&["--config", path.to_str().unwrap(), "--print-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed = stdout(&o);
    assert!(printed.contains("max_text_width = 66"), "{printed}");
    assert!(printed.contains("outline_width = 30"), "the defaults are merged in");
}

#[test]
fn render_lays_out_a_line_of_a_hundred_thousand_tabs_at_visual_tab_stops() {
    let text = "x\t".repeat(100_000);
    let o = kan_with_stdin(&["--render", "--width", "80"], Some(text.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let full = format!("{}x", "x   ".repeat(19));
    assert_eq!(out.lines().count(), 5_000);
    assert!(out.lines().all(|l| l == full), "{:?}", out.lines().next());
}

#[test]
fn render_streams_a_long_line_at_width_one() {
    let text = "ab 中文 ".repeat(10_000);
    let o = kan_with_stdin(&["--render", "--width", "1"], Some(text.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.by_ref().take(4).collect::<Vec<_>>(), ["a", "b", "?", "?"]);
    assert_eq!(out.lines().count(), 40_000);
}
