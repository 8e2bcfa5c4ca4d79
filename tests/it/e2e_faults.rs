//! End-to-end tests of the faults an adversarial pass found in the terminal side (issue 13):
//! resizes racing keys, Ctrl-Z with a resize, pastes, floods of keys, absurd terminal sizes,
//! signals, panics and input that never ends. The real binary in a pseudo-terminal, read back
//! through vt100.

use crate::helpers::pty;

use std::path::{Path, PathBuf};

use kan::store::BookmarkStore;
use pty::Kan;
use tempfile::TempDir;

const NOVEL: &str = "tests/docs/e2e_novel.txt";

fn home() -> TempDir {
    TempDir::new().expect("temporary config home")
}

fn status_bar(rows: &[String]) -> &str {
    rows.last().map(String::as_str).unwrap_or("")
}

/// The first screen of the novel, whole: the status bar comes last.
fn wait_novel(kan: &Kan) {
    kan.wait_until("the first screen", |rows| {
        rows.iter().any(|r| r.contains("第三章 灯火")) && status_bar(rows).ends_with('%')
    });
}

/// Waits until the screen is laid out for `cols`×`rows`: the status bar on the last row, and the
/// outline separator where a screen of that width puts it.
fn wait_laid_out_for(kan: &Kan, cols: u16, rows: u16) {
    let outline = 30.min(cols - 31);
    kan.wait_until(&format!("a {cols}×{rows} layout"), |screen| {
        screen.len() == rows as usize
            && status_bar(screen).ends_with('%')
            && kan.cell(0, outline, |c| c.contents() == "│").unwrap_or(false)
    });
}

/// The first content row at 100 columns (right of the 30-column outline and its separator).
fn top_content_row(kan: &Kan) -> String {
    kan.rows_in(31, 69).first().map(|r| r.trim().to_string()).unwrap_or_default()
}

fn quit(kan: &mut Kan) {
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0, "kan exits with 0 on q");
}

/// A Markdown file of `n` sections in a temporary directory.
fn sections(dir: &Path, n: usize) -> PathBuf {
    let text: String =
        (1..=n).map(|i| format!("# Section {i}\n\nThe quick brown fox, part {i}.\n\n")).collect();
    let path = dir.join("sections.md");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn shrinking_the_terminal_while_keys_arrive_never_panics() {
    let home = home();
    let mut kan = Kan::spawn(&[NOVEL], 100, 30, home.path());
    wait_novel(&kan);
    for _ in 0..10 {
        kan.send("jjjj");
        kan.resize(60, 15);
        kan.send("jkjk");
        kan.resize(100, 30);
        kan.send("kkkk");
    }
    kan.resize(60, 15);
    kan.send("g");
    kan.send("g");
    wait_laid_out_for(&kan, 60, 15);
    kan.wait_until("the title on top at 60×15", |rows| rows[0].contains("灯塔守夜人"));
    quit(&mut kan);
}

#[test]
fn ctrl_z_then_a_resize_then_fg_draws_at_the_new_size() {
    let home = home();
    let mut shell = Kan::spawn_interactive_shell(100, 30, home.path());
    shell.wait_for("prompt>");
    shell.send(&format!("\"$KAN\" {NOVEL}\r"));
    wait_novel(&shell);
    shell.send("\x1a");
    shell.wait_for("Stopped");
    // The resize reaches the shell, not the stopped kan: kan must find the size itself.
    shell.resize(60, 15);
    shell.send("fg\r");
    wait_laid_out_for(&shell, 60, 15);
    shell.send("]");
    shell.wait_until("keys work after fg", |rows| status_bar(rows).contains("第一章 潮声"));
    shell.resize(100, 30);
    wait_laid_out_for(&shell, 100, 30);
    shell.send("q");
    shell.wait_until("back at the prompt", |_| !shell.alternate_screen());
    shell.send("exit\r");
}

#[test]
fn three_thousand_keys_in_one_write_are_all_taken() {
    let home = home();
    let doc = sections(home.path(), 3100);
    let mut kan = Kan::spawn(&[doc.to_str().unwrap()], 100, 30, home.path());
    kan.wait_until("the first screen", |rows| status_bar(rows).ends_with('%'));
    // One write: the terminal delivers it in one go, and nothing else comes after it.
    kan.send(&"]".repeat(3000));
    // The file opens on its first part: the keys past it wait for the rest, all of them, and the
    // status bar may then say the outline is complete instead of naming the section.
    kan.wait_until("the 3000th heading jump", |rows| {
        rows[0].split('│').nth(1).is_some_and(|text| text.trim() == "Section 3001")
    });
    quit(&mut kan);
}

#[test]
fn a_multi_line_paste_into_search_is_text_and_runs_no_commands() {
    let home = home();
    let doc = sections(home.path(), 3);
    let config = home.path().join("kan");
    let mut kan = Kan::spawn(&[doc.to_str().unwrap()], 100, 30, home.path());
    kan.wait_until("the first screen", |rows| status_bar(rows).ends_with('%'));
    assert!(kan.bracketed_paste(), "kan asks the terminal to mark pastes");
    kan.send("m");
    kan.wait_for("bookmark label");
    kan.send("\r");
    kan.wait_for("bookmarked");
    assert_eq!(BookmarkStore::new(&config).load().value.len(), 1);

    // Typed, these keys would confirm the search, open the bookmarks and delete the bookmark.
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("\x1b[200~the quick\n'd\x1b[201~");
    kan.wait_until("the whole paste in the prompt", |rows| status_bar(rows).starts_with("/the quick 'd█"));
    kan.send("\x1b");
    kan.wait_until("the prompt closed", |rows| !status_bar(rows).starts_with('/'));
    assert_eq!(BookmarkStore::new(&config).load().value.len(), 1, "the bookmark is still there");
    assert!(!kan.screen_text().contains("Bookmarks"), "the bookmarks pane never opened");

    // A paste where no prompt is open does nothing but say so.
    kan.send("\x1b[200~q\nd\x1b[201~");
    kan.wait_for("pasted text ignored");
    kan.send("/");
    kan.send("\x1b[200~brown fox, part 2\x1b[201~");
    kan.wait_until("the paste in the prompt", |rows| status_bar(rows).starts_with("/brown fox, part 2█"));
    kan.send("\r");
    kan.wait_until("the one match", |rows| status_bar(rows).contains("match 1/1"));
    quit(&mut kan);
    assert!(!kan.bracketed_paste(), "marked pastes are off again");
}

#[test]
fn a_terminal_of_65535_by_65535_does_not_abort() {
    let home = home();
    let mut kan = Kan::spawn(&[NOVEL], 100, 30, home.path());
    wait_novel(&kan);
    // kan draws on its top-left 1000×1000 cells: the screen the test reads is exactly that big,
    // so the whole frame, status bar on its last row, can be checked once it is complete.
    kan.resize_terminal_beyond_screen(65535, 65535, 1000, 1000);
    kan.send("j");
    // A million cells take a debug build a while to send and the emulator a while to read, so this
    // wait is longer than the usual one, and it looks at a few cells instead of copying the screen
    // (which would hold up the emulator): the outline's border at the top and the bottom, and the
    // status bar's percentage at the end of the last row.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let drawn =
        |row: u16, col: u16, text: &str| kan.cell(row, col, |c| c.contents() == text).unwrap_or(false);
    while !(drawn(0, 30, "│") && drawn(998, 30, "│") && (990..1000).any(|col| drawn(999, col, "%"))) {
        assert!(std::time::Instant::now() < deadline, "kan never drew its 1000×1000 frame");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    kan.resize(100, 30);
    kan.send("gg");
    wait_laid_out_for(&kan, 100, 30);
    quit(&mut kan);
}

/// Sends `signal` to kan and checks that it leaves the terminal as it found it.
fn kill(kan: &mut Kan, signal: &str) -> u32 {
    let pid = kan.process_id().expect("kan's process id");
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let code = kan.wait_exit();
    assert!(!kan.alternate_screen(), "{signal}: the alternate screen was left");
    assert!(!kan.cursor_hidden(), "{signal}: the cursor is shown again");
    assert!(!kan.mouse_reporting(), "{signal}: mouse reporting is off");
    assert!(!kan.bracketed_paste(), "{signal}: marked pastes are off");
    code
}

#[test]
fn every_terminating_signal_restores_the_terminal() {
    for (signal, number) in
        [("INT", 2), ("QUIT", 3), ("USR1", 10), ("USR2", 12), ("ALRM", 14), ("TERM", 15), ("HUP", 1)]
    {
        let home = home();
        let mut kan = Kan::spawn(&[NOVEL], 100, 30, home.path());
        wait_novel(&kan);
        assert!(kan.mouse_reporting() && kan.bracketed_paste());
        assert_eq!(kill(&mut kan, signal), 128 + number, "kan ends as ended by SIG{signal}");
    }
}

#[test]
fn sighup_and_sigterm_save_the_reading_position() {
    for signal in ["HUP", "TERM"] {
        let home = home();
        let mut kan = Kan::spawn(&[NOVEL], 100, 30, home.path());
        wait_novel(&kan);
        // The first move is saved at once, the next only after a while: the signal must save it.
        kan.send("]");
        kan.wait_until("on 第一章", |_| top_content_row(&kan) == "第一章 潮声");
        kan.send("]");
        kan.wait_until("on 第二章", |_| top_content_row(&kan) == "第二章 来客");
        kill(&mut kan, signal);

        let mut kan = Kan::spawn(&[NOVEL], 100, 30, home.path());
        kan.wait_for("resumed at");
        kan.wait_until(&format!("{signal}: back on 第二章"), |_| top_content_row(&kan) == "第二章 来客");
        quit(&mut kan);
    }
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    let home = home();
    let mut kan = Kan::spawn_env(&[NOVEL], 100, 30, home.path(), &[("KAN_DEBUG_PANIC_KEY", "x")]);
    wait_novel(&kan);
    kan.send("x");
    assert_eq!(kan.wait_exit(), 101, "a panic exits with 101");
    assert!(!kan.alternate_screen(), "the alternate screen was left");
    assert!(!kan.cursor_hidden(), "the cursor is shown again");
    assert!(!kan.mouse_reporting() && !kan.bracketed_paste());
    kan.wait_for("panic on request: KAN_DEBUG_PANIC_KEY=x");
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success());
}

#[test]
fn a_fifo_without_a_writer_shows_a_waiting_screen_that_q_quits() {
    let home = home();
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let mut kan = Kan::spawn(&[fifo.to_str().unwrap()], 100, 30, home.path());
    kan.wait_for("Waiting for input");
    kan.wait_until("the status bar", |rows| status_bar(rows).contains("waiting for input"));
    quit(&mut kan);
    assert!(!kan.alternate_screen());
}

#[test]
fn the_text_replaces_the_waiting_screen_when_its_writer_is_done() {
    let home = home();
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let mut kan = Kan::spawn(&[fifo.to_str().unwrap()], 100, 30, home.path());
    kan.wait_for("Waiting for input");
    std::fs::write(&fifo, "Late chapter\n\nIt came after all.\n").unwrap();
    kan.wait_for("It came after all.");
    quit(&mut kan);
}

#[test]
fn an_endless_pipe_shows_a_waiting_screen_that_q_quits() {
    let home = home();
    let file = home.path().join("log.txt");
    std::fs::write(&file, "a line\n").unwrap();
    // tail ends with the shell, which the test ends when it is dropped.
    let script = format!("tail --pid=$$ -f {} | \"$KAN\"", file.display());
    let mut kan = Kan::spawn_shell(&script, 100, 30, home.path());
    kan.wait_for("Waiting for input");
    kan.send("q");
    kan.wait_until("the terminal given back", |_| !kan.alternate_screen() && !kan.cursor_hidden());
}

#[test]
fn input_that_turns_out_unreadable_leaves_the_reader_with_an_error() {
    let home = home();
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let mut kan = Kan::spawn(&[fifo.to_str().unwrap()], 100, 30, home.path());
    kan.wait_for("Waiting for input");
    std::fs::write(&fifo, [0u8; 4096]).unwrap();
    assert_eq!(kan.wait_exit(), 1, "unreadable input exits with 1");
    assert!(!kan.alternate_screen() && !kan.cursor_hidden());
    kan.wait_until("the error after the restore", |rows| {
        rows.iter().any(|r| r.starts_with("kan: ") && r.contains("pipe"))
    });
}
