//! The library end to end: the real binary in a pseudo-terminal on a folder, and on the history.

use std::path::Path;

use crate::helpers::pty::Kan;
use tempfile::TempDir;

const COLS: u16 = 80;
const ROWS: u16 = 24;

/// A long Markdown article titled `title`, so that paging down moves the progress.
fn article(title: &str) -> String {
    let body: String = (1..=60).map(|i| format!("Paragraph {i} of {title}, with some words.\n\n")).collect();
    format!("# {title}\n\n{body}")
}

fn spawn(args: &[&str], home: &Path) -> Kan {
    let cache = home.join("cache");
    Kan::spawn_env(args, COLS, ROWS, home, &[("XDG_CACHE_HOME", cache.to_str().expect("utf-8"))])
}

fn status_bar(rows: &[String]) -> String {
    rows.last().cloned().unwrap_or_default()
}

/// The screen row that shows `text`.
fn row_with(kan: &Kan, text: &str) -> String {
    kan.rows().into_iter().find(|r| r.contains(text)).unwrap_or_default()
}

/// A folder of three articles, one in a subfolder.
fn shelf() -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    std::fs::write(dir.path().join("lighthouse.md"), article("The Lighthouse")).unwrap();
    std::fs::write(dir.path().join("tides.md"), article("Tides and Moons")).unwrap();
    std::fs::create_dir(dir.path().join("日本")).unwrap();
    std::fs::write(dir.path().join("日本/kana.md"), article("ひらがなの話")).unwrap();
    dir
}

#[test]
fn a_folder_lists_filters_opens_and_comes_back_with_the_progress_changed() {
    let home = TempDir::new().unwrap();
    let dir = shelf();
    let mut kan = spawn(&[dir.path().to_str().unwrap()], home.path());
    kan.wait_until("the titles", |rows| {
        rows.iter().any(|r| r.contains("The Lighthouse")) && rows.iter().any(|r| r.contains("ひらがなの話"))
    });
    assert!(row_with(&kan, "ひらがなの話").contains("日本"), "the folder is shown: {}", kan.screen_text());
    assert!(status_bar(&kan.rows()).contains("3 documents"), "{}", kan.screen_text());

    // Kana typed straight into the filter.
    kan.send("/ひら");
    kan.wait_until("the filter", |rows| status_bar(rows).contains("filter: ひら"));
    kan.wait_until("only the kana title", |rows| !rows.iter().any(|r| r.contains("The Lighthouse")));
    kan.send("\x1b");
    kan.wait_until("the filter cleared", |rows| status_bar(rows).contains("3 documents"));
    kan.send("/tides\r");
    kan.wait_until("one row", |rows| !rows.iter().any(|r| r.contains("The Lighthouse")));
    kan.send("\r");
    kan.wait_until("the article", |rows| rows.iter().any(|r| r.contains("Paragraph 1 of Tides")));
    kan.wait_until("the way back in the status bar", |rows| status_bar(rows).contains("h library"));
    kan.send("    ");
    kan.wait_until("read on", |rows| !rows.iter().any(|r| r.contains("Paragraph 1 of Tides")));
    kan.send("h");
    kan.wait_until("the library with the progress", |rows| {
        status_bar(rows).contains("“tides” 1 of 3")
            && rows.iter().any(|r| r.contains("Tides and Moons") && r.contains('%') && !r.contains(" 0%"))
    });
    let row = row_with(&kan, "Tides and Moons");
    assert!(row.contains("min"), "the reading time: {row}");
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);

    // Without a file, the documents read lately: this one.
    let mut kan = spawn(&[], home.path());
    kan.wait_until("the recent list", |rows| status_bar(rows).contains("Recently read"));
    kan.wait_until("its title", |rows| rows.iter().any(|r| r.contains("Tides and Moons")));
    assert!(!kan.screen_text().contains("The Lighthouse"), "only what was read: {}", kan.screen_text());
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);

    // --welcome shows the welcome article all the same.
    let mut kan = spawn(&["--welcome"], home.path());
    kan.wait_until("the welcome article", |rows| {
        !status_bar(rows).contains("Recently read") && rows.iter().any(|r| r.contains("kan"))
    });
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}

#[test]
fn a_document_gone_from_the_history_is_marked_missing_and_can_be_forgotten() {
    let home = TempDir::new().unwrap();
    let dir = shelf();
    let path = dir.path().join("lighthouse.md");
    let mut kan = spawn(&[path.to_str().unwrap()], home.path());
    kan.wait_for("Paragraph 1 of The Lighthouse");
    kan.send("    ");
    kan.wait_until("read on", |rows| !rows.iter().any(|r| r.contains("Paragraph 1 of")));
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    std::fs::remove_file(&path).unwrap();

    let mut kan = spawn(&[], home.path());
    kan.wait_until("the missing row", |rows| {
        rows.iter().any(|r| r.contains("lighthouse.md") && r.contains("missing"))
    });
    kan.send("\r");
    kan.wait_until("why it does not open", |rows| status_bar(rows).contains("was moved or deleted"));
    kan.send("d");
    kan.wait_until("forgotten", |rows| status_bar(rows).contains("removed from the reading history"));
    assert!(!kan.screen_text().contains("lighthouse.md"), "{}", kan.screen_text());
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);

    // With no history left, the welcome article again.
    let mut kan = spawn(&[], home.path());
    kan.wait_until("the welcome article", |rows| status_bar(rows).contains('%'));
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_an_unreadable_file_leave_everything_else_listed() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new().unwrap();
    let dir = shelf();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let locked = dir.path().join("locked.md");
    std::fs::write(&locked, article("Locked away")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root every file can be read: the unreadable part proves nothing there.
    let root = std::fs::read(&locked).is_ok();
    let mut kan = spawn(&[dir.path().to_str().unwrap()], home.path());
    kan.wait_until("every readable title", |rows| {
        ["The Lighthouse", "Tides and Moons", "ひらがなの話"]
            .iter()
            .all(|t| rows.iter().any(|r| r.contains(t)))
    });
    kan.wait_until("the loop, unreadable", |rows| {
        rows.iter().any(|r| r.contains("loop") && r.contains("unreadable"))
    });
    if !root {
        kan.wait_until("the locked file, unreadable", |rows| {
            rows.iter().any(|r| r.contains("locked.md") && r.contains("unreadable"))
        });
    }
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}
