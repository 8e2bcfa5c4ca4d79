//! The headless command line through the real binary: exit codes, error lines, encodings,
//! formats, stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn kan(args: &[&str]) -> Output {
    kan_with_stdin(args, None)
}

fn kan_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    crate::helpers::run_kan(args, stdin)
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
    assert!(stderr(&o).ends_with(": a folder: kan FOLDER lists its documents to read\n"), "{}", stderr(&o));
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
    assert_eq!(version.status.code(), Some(0));
    // The commit that may follow is checked in tests/cli_install.rs.
    assert!(stdout(&version).starts_with(&format!("kan {}", env!("CARGO_PKG_VERSION"))));
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
fn a_directory_is_a_library_for_the_reader_and_no_document_headlessly() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("README.md"), "# The readme\n\ntext\n").unwrap();
    let o = kan(&["--outline", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).ends_with(": a folder: kan FOLDER lists its documents to read\n"), "{}", stderr(&o));
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

#[cfg(unix)]
#[test]
fn bookmarks_listing_is_safe_for_the_terminal_and_never_writes() {
    use kan::document::{Document, Format};
    use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId};
    use std::os::unix::ffi::OsStrExt;
    let home = TempDir::new().unwrap();
    let store = BookmarkStore::new(&home.path().join("kan"));
    let text = "# T\u{1b}]0;PWNED\u{7}itle\twith\ttabs\n\nbody\n";
    let doc = Document::parse(text.to_string(), Format::Markdown);
    let path = home.path().join(std::ffi::OsStr::from_bytes(b"esc\x1b]0;PWN\x07name.md"));
    std::fs::write(&path, text).unwrap();
    let mark = Bookmark::new(&DocId::new(&path, text), &doc, text.find("body").unwrap(), "a\\b\nc");
    store.apply(&[BookmarkOp::Add(mark)]).unwrap();
    // One bad entry beside it: reported, not hiding the good one, and left where it is.
    let mut file = std::fs::read(store.path()).unwrap();
    file.extend_from_slice(b"\n[[document]]\npath = \"/gone.md\"\nhash = \"zz\"\nbookmarks = [\n]\n");
    std::fs::write(store.path(), &file).unwrap();
    std::fs::remove_file(store.path().with_extension("cache")).ok();
    let listed = || {
        Command::new(env!("CARGO_BIN_EXE_kan"))
            .arg("--bookmarks")
            .env("XDG_CONFIG_HOME", home.path())
            .env("HOME", home.path())
            .output()
            .unwrap()
    };
    let o = listed();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    let fields: Vec<&str> = out.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 4, "{out:?}");
    assert!(fields[0].ends_with("/esc^[]0;PWN^Gname.md"), "{out:?}");
    assert_eq!(fields[1], "T^[]0;PWNED^Gitle\\twith\\ttabs");
    assert_eq!(fields[3], "a\\\\b\\nc");
    let err = stderr(&o);
    assert!(err.contains("1 entry could not be read") && !err.contains('\u{1b}'), "{err}");
    assert_eq!(std::fs::read(store.path()).unwrap(), file, "the listing never writes the file");
    let names: Vec<String> = std::fs::read_dir(home.path().join("kan"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".bad")), "nothing is moved aside: {names:?}");
    assert_eq!(stdout(&listed()), out);
}

/// Every file in `dir` with a hash of its bytes and its modification time.
fn snapshot(dir: &std::path::Path) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let path = e.path();
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            let mut bytes = DefaultHasher::new();
            std::fs::read(&path).unwrap().hash(&mut bytes);
            (e.file_name().to_string_lossy().into_owned(), bytes.finish(), modified)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn bookmarks_listing_writes_nothing_not_even_the_cache_or_the_lock() {
    use kan::document::{Document, Format};
    use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId};
    let home = TempDir::new().unwrap();
    let config = home.path().join("kan");
    let store = BookmarkStore::new(&config);
    let text = "第一章 开始\n\n　　正文。\n";
    let doc = Document::parse(text.to_string(), Format::Text);
    let mark = Bookmark::new(&DocId::new(&home.path().join("a.txt"), text), &doc, 0, "");
    store.apply(&[BookmarkOp::Add(mark)]).unwrap();
    let cache = store.path().with_extension("cache");
    // No cache and no lock file; then a stale cache (the file rewritten since) beside the lock
    // file: a load that refreshed the cache, or took the lock for writing, would write.
    let setups: [&dyn Fn(); 2] = [
        &|| {
            std::fs::remove_file(&cache).unwrap();
            std::fs::remove_file(config.join("bookmarks.toml.lock")).unwrap();
        },
        &|| {
            store.apply(&[BookmarkOp::Rename { id: "none".into(), label: String::new() }]).unwrap();
            let bytes = std::fs::read(store.path()).unwrap();
            std::fs::remove_file(store.path()).unwrap();
            std::fs::write(store.path(), bytes).unwrap();
            assert!(cache.exists() && config.join("bookmarks.toml.lock").exists());
        },
    ];
    for setup in setups {
        setup();
        let before = snapshot(&config);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let o = kan_at_home(home.path(), &["--bookmarks"]);
        assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
        assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
        assert_eq!(snapshot(&config), before, "kan --bookmarks wrote nothing");
    }
}

#[cfg(unix)]
#[test]
fn bookmarks_with_a_config_home_under_a_regular_file_says_so_in_one_plain_line() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let file = dir.path().join(std::ffi::OsStr::from_bytes(b"esc\x1b]0;PWN\x07file"));
    std::fs::write(&file, "not a directory").unwrap();
    let o = kan_at_home(&file, &["--bookmarks"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    let shown = |p: &std::path::Path| p.display().to_string().replace('\u{1b}', "^[").replace('\u{7}', "^G");
    assert_eq!(
        stderr(&o),
        format!(
            "kan: bookmarks: no config directory {}: {} is not a directory\n",
            shown(&file.join("kan")),
            shown(&file)
        )
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
    // A bad config stops nothing but the check: kan says what is wrong and uses the defaults.
    let o =
        kan(&["--config", "tests/fixtures/config/unknown_setting.toml", "--outline", "assets/welcome.md"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("Welcome to kan"), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "kan: tests/fixtures/config/unknown_setting.toml:4:1: unknown setting 'max_width' \
         (did you mean 'max_text_width'?)\nkan: the config has problems; the defaults are used in their place\n"
    );
    // When the reader cannot start, the problems come before the error that stops it.
    let o = kan(&["--config", "tests/fixtures/config/unknown_setting.toml", "/no/such.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "kan: tests/fixtures/config/unknown_setting.toml:4:1: unknown setting 'max_width' \
         (did you mean 'max_text_width'?)\nkan: the config has problems; the defaults are used in their place\n\
         kan: /no/such.txt: no such file or directory\n"
    );
    // A file asked for by name that cannot be read still stops kan.
    let o = kan(&["--config", "tests/fixtures/config/no_such.toml", "--outline", "assets/welcome.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "kan: tests/fixtures/config/no_such.toml: cannot read: no such file or directory\n"
    );
}

/// Runs kan with `home` as both HOME and XDG_CONFIG_HOME.
fn kan_at_home(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", home)
        .env("HOME", home)
        .stdin(Stdio::null())
        .output()
        .expect("run kan")
}

#[test]
fn no_config_problem_stops_a_headless_run() {
    let home = TempDir::new().unwrap();
    std::fs::create_dir(home.path().join("kan")).unwrap();
    let config = home.path().join("kan/config.toml");
    let broken: [(&str, &dyn Fn()); 3] = [
        ("a typo", &|| std::fs::write(&config, "[layout]\nmax_text_width = 66\ntab_widht = 2\n").unwrap()),
        ("a syntax error", &|| std::fs::write(&config, "[layout\n").unwrap()),
        ("a directory", &|| {
            let _ = std::fs::remove_file(&config);
            std::fs::create_dir(&config).unwrap();
        }),
    ];
    for (what, break_it) in broken {
        break_it();
        for args in [
            &["--outline", "assets/welcome.md"][..],
            &["--render", "assets/welcome.md"],
            &["--bookmarks"],
            &["--print-config"],
        ] {
            let o = kan_at_home(home.path(), args);
            assert_eq!(o.status.code(), Some(0), "{what} {args:?}: {}", stderr(&o));
            assert!(
                stderr(&o).ends_with("kan: the config has problems; the defaults are used in their place\n"),
                "{what}: {}",
                stderr(&o)
            );
        }
        let o = kan_at_home(home.path(), &["--check-config"]);
        assert_eq!(o.status.code(), Some(1), "{what}: the check stays strict");
    }
    // The good settings of a file with a typo still apply.
    std::fs::remove_dir(&config).unwrap();
    std::fs::write(&config, "[layout]\nmax_text_width = 66\ntab_widht = 2\n").unwrap();
    let o = kan_at_home(home.path(), &["--print-config"]);
    assert!(stdout(&o).contains("max_text_width = 66\n"), "{}", stdout(&o));
}

#[test]
fn a_config_home_under_a_regular_file_is_no_config() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "not a directory").unwrap();
    let o = kan_at_home(&file, &["--outline", "assets/welcome.md"]);
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
    let o = kan_at_home(&file, &["--check-config"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "ok\n"));
}

#[test]
fn error_messages_never_print_escape_sequences_from_names_or_config() {
    let dir = TempDir::new().unwrap();
    let hostile = dir.path().join("esc\u{1b}]0;PWN\u{7}name\nkan: X.md");
    let o = kan(&["--outline", hostile.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!("kan: {}/esc^[]0;PWN^Gname^Jkan: X.md: no such file or directory\n", dir.path().display())
    );

    std::fs::write(&hostile, b"binary\0").unwrap();
    let o = kan(&["--render", hostile.to_str().unwrap()]);
    assert_eq!(
        stderr(&o),
        format!("kan: {}/esc^[]0;PWN^Gname^Jkan: X.md: binary file\n", dir.path().display())
    );

    let o = kan(&["--outline", "--encoding", "\u{1b}[2J", "assets/welcome.md"]);
    assert_eq!(stderr(&o), "kan: unknown encoding '^[[2J'\n");

    let config = dir.path().join("c\u{1b}[31m.toml");
    std::fs::write(&config, "[layout]\n\"max\\u001b]0;PWN\\u0007\" = 1\n[\"\\u009b31m\"]\n").unwrap();
    for args in [
        &["--check-config", config.to_str().unwrap()][..],
        &["--config", config.to_str().unwrap(), "--outline", "assets/welcome.md"],
    ] {
        let o = kan(args);
        let err = stderr(&o);
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{9b}'), "{err:?}");
        assert!(err.contains("c^[[31m.toml:2:1: unknown setting 'max^[]0;PWN^G'"), "{err}");
        assert!(err.contains("unknown section '<U+009B>31m'"), "{err}");
    }
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

#[test]
fn endless_special_files_are_refused_without_eating_memory() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let o = kan(&["--render", device]);
        assert_eq!((o.status.code(), stderr(&o)), (Some(1), format!("kan: {device}: binary file\n")));
    }
    let o = kan(&["--render", "--encoding", "utf-8", "/dev/zero"]);
    assert_eq!(stderr(&o), "kan: /dev/zero: binary file\n", "forced UTF-8 agrees with the others");
}

#[test]
fn input_past_the_size_limit_is_refused() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("small.toml");
    std::fs::write(&config, "[behaviour]\nmax_file_size_mib = 1\n").unwrap();
    let config = config.to_str().unwrap();
    let message = "larger than 1 MiB (set [behaviour] max_file_size_mib to read more)";

    let big = dir.path().join("big.txt");
    std::fs::write(&big, "y\n".repeat((1 << 19) + 1)).unwrap();
    let o = kan(&["--config", config, "--render", big.to_str().unwrap()]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(1), format!("kan: {}: {message}\n", big.display())));
    // A file big enough to open progressively is refused by the reader the same way.
    let bigger = dir.path().join("bigger.txt");
    std::fs::write(&bigger, "y\n".repeat(1 << 20)).unwrap();
    let o = kan(&["--config", config, bigger.to_str().unwrap()]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(1), format!("kan: {}: {message}\n", bigger.display())));
    let exact = dir.path().join("exact.txt");
    std::fs::write(&exact, "y\n".repeat(1 << 19)).unwrap();
    assert_eq!(kan(&["--config", config, "--outline", exact.to_str().unwrap()]).status.code(), Some(0));

    // `yes | kan --render`: an endless pipe stops at the limit.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(["--config", config, "--render"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || while stdin.write_all(&[b'y', b'\n'].repeat(4096)).is_ok() {});
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!((o.status.code(), stderr(&o)), (Some(1), format!("kan: -: {message}\n")));
}

#[test]
fn utf16_without_a_bom_renders() {
    let o = kan(&["--outline", "tests/fixtures/encodings/zh-en.utf16le-nobom.txt"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "第一章 山路\n"), "{}", stderr(&o));
}

#[test]
fn script_converts_render_and_outline_and_the_outline_stays_original_without_it() {
    let article = "tests/docs/e2e_traditional.txt";
    let out = kan(&["--render", "--width", "37", "--script", "hans", article]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("灯塔与头发\n"), "{text}");
    assert!(text.contains("黄仁勋在台北说，软体的发展很快"), "{text}");
    assert!(!text.contains('髮'), "nothing Traditional is left: {text}");

    let out = kan(&["--outline", "--script", "hans", article]);
    assert_eq!(stdout(&out), "灯塔与头发\n  第一章 台北\n  第二章 后来\n  第三章 灯火\n");
    let out = kan(&["--outline", article]);
    assert_eq!(stdout(&out), "燈塔與頭髮\n  第一章 臺北\n  第二章 後來\n  第三章 燈火\n");

    let out = kan(&["--render", "--script", "simplified", article]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown script 'simplified' (expected original, hans, hant, tw, hk)"));
}
