//! End-to-end tests of the interactive reader: the real kan binary in a pseudo-terminal, its
//! screen read back through vt100.

use crate::helpers::pty;

use pty::Kan;
use tempfile::TempDir;

const NOVEL: &str = "tests/docs/e2e_novel.txt";
const COLS: u16 = 100;
const ROWS: u16 = 30;

fn home() -> TempDir {
    TempDir::new().expect("temporary config home")
}

/// Starts kan on the novel at 100×30 and waits for its whole first screen.
fn open_novel(home: &TempDir) -> Kan {
    let kan = Kan::spawn(&[NOVEL], COLS, ROWS, home.path());
    wait_first_screen(&kan);
    kan
}

/// Frames arrive row by row and the status bar comes last: once it shows, the frame is whole.
fn wait_first_screen(kan: &Kan) {
    kan.wait_until("the first screen", |rows| {
        rows.iter().any(|r| r.contains("第三章 灯火")) && status_bar(rows).ends_with('%')
    });
}

/// The content pane's rows (everything right of the outline separator, above the status bar).
fn content(kan: &Kan) -> Vec<String> {
    let (cols, rows) = kan.size();
    // Right of the outline (30 columns, less on narrow screens, where it keeps 31 for the
    // content, and hidden when that leaves it under 12) and its separator.
    let outline = 30.min(cols.saturating_sub(31));
    let content_col = if outline >= 12 { outline + 1 } else { 0 };
    let mut lines = kan.rows_in(content_col, cols - content_col);
    lines.truncate(rows as usize - 1);
    lines
}

/// The first row of the content pane, without the margin.
fn top_row(kan: &Kan) -> String {
    content(kan).first().map(|r| r.trim().to_string()).unwrap_or_default()
}

fn status_bar(rows: &[String]) -> &str {
    rows.last().map(String::as_str).unwrap_or("")
}

fn quit(kan: &mut Kan) {
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0, "kan exits with 0 on q");
}

#[test]
fn opens_a_cjk_article_with_its_outline_and_status_bar() {
    let home = home();
    let mut kan = open_novel(&home);
    let rows = kan.rows();
    let outline: Vec<String> = kan.rows_in(0, 30).into_iter().map(|r| r.trim().to_string()).collect();
    for title in ["灯塔守夜人", "第一章 潮声", "第二章 来客", "第三章 灯火"] {
        assert!(outline.iter().any(|r| r.starts_with(title)), "outline lacks {title}: {outline:#?}");
    }
    assert!(rows[0].contains('│'), "a separator follows the outline: {:?}", rows[0]);
    assert_eq!(top_row(&kan), "灯塔守夜人", "the title is on the first content row");
    assert!(content(&kan).iter().any(|r| r.contains("海边的小镇")), "the text shows");
    let status = status_bar(&rows);
    assert!(status.contains("e2e_novel.txt"), "status bar names the file: {status:?}");
    assert!(status.contains("? help") && status.trim_end().ends_with("0%"), "hints, percent: {status:?}");
    assert!(kan.alternate_screen(), "the reader runs on the alternate screen");
    assert!(kan.cursor_hidden(), "the cursor is hidden while reading");
    quit(&mut kan);
}

#[test]
fn heading_jump_puts_the_heading_on_the_first_content_row() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("]");
    kan.wait_until("第一章 on the top row", |_| top_row(&kan) == "第一章 潮声");
    kan.send("]");
    kan.wait_until("第二章 on the top row", |_| top_row(&kan) == "第二章 来客");
    kan.wait_until("the section in the status bar", |rows| status_bar(rows).contains("│ 第二章 来客"));
    kan.send("[");
    kan.wait_until("back to 第一章 with [", |_| top_row(&kan) == "第一章 潮声");
    // Ctrl-o goes back through the jump history.
    kan.send("\x0f");
    kan.wait_until("Ctrl-o back to 第二章", |_| top_row(&kan) == "第二章 来客");
    quit(&mut kan);
}

#[test]
fn search_for_cjk_then_next_match_counts_in_the_status_bar() {
    let home = home();
    let mut kan = open_novel(&home);
    let total = std::fs::read_to_string(NOVEL).expect("fixture").matches("灯笼").count();
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("灯笼");
    kan.wait_until("the typed query", |rows| status_bar(rows).starts_with("/灯笼█"));
    kan.send("\r");
    let first = format!("match 1/{total}");
    kan.wait_until(&first, |rows| status_bar(rows).contains(&first));
    kan.send("n");
    let second = format!("match 2/{total}");
    kan.wait_until(&second, |rows| status_bar(rows).contains(&second));
    assert!(content(&kan).iter().any(|r| r.contains("灯笼")), "the match is in view");
    kan.send("N");
    kan.wait_until(&first, |rows| status_bar(rows).contains(&first));
    quit(&mut kan);
}

#[test]
fn escape_cancels_a_search_and_returns_to_where_it_was() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("]");
    kan.wait_until("第一章 on the top row", |_| top_row(&kan) == "第一章 潮声");
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    // Only in 第三章: the incremental search moves the view there.
    kan.send("归人");
    kan.wait_until("the view at the match", |_| content(&kan).iter().any(|r| r.contains("归人不迷")));
    assert_ne!(top_row(&kan), "第一章 潮声");
    kan.send("\x1b");
    kan.wait_until("the view back at 第一章", |_| top_row(&kan) == "第一章 潮声");
    kan.wait_until("the search gone from the status bar", |rows| {
        status_bar(rows).contains("第一章 潮声") && !status_bar(rows).contains("match")
    });
    quit(&mut kan);
}

#[test]
fn split_view_and_help_overlay_open_and_close() {
    let home = home();
    let mut kan = open_novel(&home);
    let separator = "─".repeat(20);
    kan.send("s");
    kan.wait_until("a split separator row", |rows| {
        content(&kan).iter().any(|r| r.contains(&separator)) && status_bar(rows).ends_with('%')
    });
    let rows = content(&kan);
    let at = rows.iter().position(|r| r.contains(&separator)).expect("separator row");
    assert!(at > 3 && at < rows.len() - 3, "the separator splits the pane: row {at}");
    // Both views show the article from its top.
    assert_eq!(rows[0].trim(), "灯塔守夜人");
    assert_eq!(rows[at + 1].trim(), "灯塔守夜人");
    // The active view scrolls on its own.
    kan.send("]");
    kan.wait_until("one view jumps", |_| {
        let rows = content(&kan);
        rows.iter().filter(|r| r.trim() == "灯塔守夜人").count() == 1
    });

    kan.send("?");
    kan.wait_for("kan — keys (j k scroll, <Esc> closes)");
    kan.wait_for("Next heading of any level");
    kan.send("\x1b");
    kan.wait_until("the help overlay closed", |rows| !rows.iter().any(|r| r.contains("<Esc> closes")));

    kan.send("s");
    kan.wait_until("the split closed", |_| !content(&kan).iter().any(|r| r.contains(&separator)));
    quit(&mut kan);
}

#[test]
fn resizing_keeps_the_same_text_at_the_top() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("]]");
    kan.wait_until("第二章 on the top row", |_| top_row(&kan) == "第二章 来客");
    // Scroll into the body so the top row is a wrapped paragraph line, not a heading.
    for _ in 0..4 {
        let was = top_row(&kan);
        kan.send("j");
        kan.wait_until("a line scrolled", |_| top_row(&kan) != was);
    }
    let before = top_row(&kan);
    let start: Vec<char> = before.trim_start_matches('　').chars().take(2).collect();
    assert_eq!(start.len(), 2, "text on the top row: {before:?}");

    // A narrower column wraps the paragraph differently; its top line is the one holding the
    // old top line's first character.
    for (cols, rows) in [(60, 20), (70, 25), (41, 12)] {
        kan.resize(cols, rows);
        kan.wait_until(&format!("the old top text at the top at {cols}x{rows}"), |rows| {
            let top = content(&kan).first().cloned().unwrap_or_default();
            status_bar(rows).ends_with('%')
                && (top.contains(&String::from_iter(&start)) || top.ends_with(start[0]))
        });
        kan.resize(COLS, ROWS);
        kan.wait_until("the same top row again, no drift", |_| top_row(&kan) == before);
    }
    quit(&mut kan);
}

#[test]
fn quitting_leaves_the_alternate_screen_and_shows_the_cursor() {
    let home = home();
    let mut kan = open_novel(&home);
    assert!(kan.alternate_screen() && kan.cursor_hidden());
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    assert!(!kan.alternate_screen(), "the alternate screen was left");
    assert!(!kan.cursor_hidden(), "the cursor is shown again");
}

#[test]
fn a_piped_document_reads_keys_from_the_terminal() {
    let home = home();
    let mut kan = Kan::spawn_shell(&format!("cat {NOVEL} | \"$KAN\""), COLS, ROWS, home.path());
    wait_first_screen(&kan);
    kan.send("]");
    kan.wait_until("第一章 on the top row", |_| top_row(&kan) == "第一章 潮声");
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    assert!(!kan.alternate_screen() && !kan.cursor_hidden());
}

/// Whether `needle` occurs in `haystack`.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn escape_sequences_in_the_document_never_reach_the_terminal() {
    let home = home();
    let dir = TempDir::new().expect("temporary directory");
    let path = dir.path().join("escapes.txt");
    std::fs::write(
        &path,
        "Escapes\n\nA link: \x1b]8;;http://x\x07here\x1b]8;;\x07 and \x1b[31mred\x1b[0m text.\n",
    )
    .expect("write fixture");
    let mut kan = Kan::spawn(&[path.to_str().expect("utf-8 path")], COLS, ROWS, home.path());
    // ESC and BEL show in caret notation.
    kan.wait_for("^[]8;;http://x^Ghere");
    kan.wait_for("^[[31mred^[[0m text.");
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    let raw = kan.raw_output();
    assert!(!contains_bytes(&raw, b"\x1b]8;;http://x"), "no OSC 8 hyperlink from the document");
    assert!(!contains_bytes(&raw, b"\x1b[31mred"), "no colour escape from the document");
    assert!(!contains_bytes(&raw, b"\x07"), "no BEL from the document");
}

#[test]
fn escapes_in_headings_never_reach_the_terminal_through_outline_or_status_bar() {
    let home = home();
    let dir = TempDir::new().expect("temporary directory");
    let path = dir.path().join("escapes.md");
    // A heading with a colour escape, an OSC 8 link and a right-to-left override.
    // Enough body below it for a heading jump to put it on the top row.
    let body = "Body text.\n\n".repeat(40);
    std::fs::write(
        &path,
        format!("# Top\n\nIntro.\n\n## Red \x1b[31mhead\x1b]8;;http://y\x07er \u{202E}txet\n\n{body}"),
    )
    .expect("write fixture");
    let mut kan = Kan::spawn(&[path.to_str().expect("utf-8 path")], COLS, ROWS, home.path());
    kan.wait_for("Body text.");
    kan.send("]");
    kan.wait_until("the heading's section in the status bar", |rows| status_bar(rows).contains("│ Red"));
    let outline = kan.rows_in(0, 30).join("\n");
    assert!(outline.contains("Red"), "the heading is in the outline: {outline}");
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    let raw = kan.raw_output();
    assert!(!contains_bytes(&raw, b"\x1b[31mhead"), "no colour escape from a heading");
    assert!(!contains_bytes(&raw, b"\x1b]8;;http://y"), "no OSC 8 from a heading");
    assert!(!contains_bytes(&raw, b"\x07"), "no BEL from a heading");
    assert!(!contains_bytes(&raw, "\u{202E}".as_bytes()), "no bidi override from a heading");
}

#[test]
fn a_remapped_key_shows_in_the_help_and_works() {
    let home = home();
    let config = home.path().join("remap.toml");
    std::fs::write(&config, "[keys.content]\nnext_heading = \"n\"\nnext_match = \"<C-n>\"\n")
        .expect("write config");
    let config = config.to_str().expect("utf-8 path");
    let mut kan = Kan::spawn(&["--config", config, NOVEL], COLS, ROWS, home.path());
    wait_first_screen(&kan);
    kan.send("?");
    kan.wait_for("Next heading of any level");
    kan.wait_for("Go to the next match");
    let rows = kan.rows();
    let row = rows.iter().find(|r| r.contains("Next heading of any level")).expect("help row");
    // The overlay's row between its borders: the keys, then the help text.
    let inside = row.split('│').find(|part| part.contains("Next heading")).unwrap_or_default();
    assert!(inside.trim_start().starts_with("n "), "the help shows n for next_heading: {row:?}");
    let next_match = rows.iter().find(|r| r.contains("Go to the next match")).expect("next_match row");
    assert!(next_match.contains("<C-n>"), "next_match moved to <C-n>: {next_match:?}");
    kan.send("\x1b");
    kan.wait_until("the help overlay closed", |rows| !rows.iter().any(|r| r.contains("<Esc> closes")));
    kan.send("n");
    kan.wait_until("n jumps to 第一章", |_| top_row(&kan) == "第一章 潮声");
    kan.send("n");
    kan.wait_until("n jumps to 第二章", |_| top_row(&kan) == "第二章 来客");
    quit(&mut kan);
}

#[test]
fn no_color_draws_no_colour_at_all() {
    let home = home();
    let mut kan = Kan::spawn_env(&[NOVEL], COLS, ROWS, home.path(), &[("NO_COLOR", "1")]);
    wait_first_screen(&kan);
    // Put a search match and the help overlay on screen: the most styled screen there is.
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("灯笼\r");
    kan.wait_until("a match", |rows| status_bar(rows).contains("match 1/"));
    let coloured = coloured_cells(&kan);
    assert!(coloured.is_empty(), "coloured cells with NO_COLOR=1: {coloured:?}");
    kan.send("?");
    kan.wait_for("<Esc> closes");
    // The overlay's bottom border is drawn last.
    kan.wait_until("the whole overlay", |rows| rows.iter().any(|r| r.contains('└')));
    let coloured = coloured_cells(&kan);
    assert!(coloured.is_empty(), "coloured help cells with NO_COLOR=1: {coloured:?}");
    quit(&mut kan);
}

#[test]
fn the_default_theme_does_colour_the_screen() {
    // The NO_COLOR test's control: the same screen without NO_COLOR has colours to find.
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("灯笼\r");
    kan.wait_until("a match", |rows| status_bar(rows).contains("match 1/"));
    assert!(!coloured_cells(&kan).is_empty(), "the default theme uses colour");
    quit(&mut kan);
}

/// Every cell whose foreground or background is not the terminal default.
fn coloured_cells(kan: &Kan) -> Vec<(u16, u16, String)> {
    let (cols, rows) = kan.size();
    let mut found = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let cell = kan.cell(row, col, |c| {
                (c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default)
                    .then(|| format!("{:?} {:?} {:?}", c.contents(), c.fgcolor(), c.bgcolor()))
            });
            if let Some(Some(what)) = cell {
                found.push((row, col, what));
            }
        }
    }
    found
}

#[test]
fn a_tiny_terminal_says_so_and_recovers() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.resize(19, 4);
    kan.wait_for("terminal too small");
    // Down to 1×1 it never panics: the message, cut to the one column.
    kan.resize(1, 1);
    kan.wait_until("the one-column message", |rows| rows == ["t"]);
    kan.resize(COLS, ROWS);
    wait_first_screen(&kan);
    assert_eq!(top_row(&kan), "灯塔守夜人");
    quit(&mut kan);
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = home();
    let mut kan = open_novel(&home);
    let pid = kan.process_id().expect("kan's process id");
    let status =
        std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("run kill");
    assert!(status.success());
    assert_eq!(kan.wait_exit(), 128 + 15, "kan ends as terminated by SIGTERM");
    assert!(!kan.alternate_screen(), "the alternate screen was left");
    assert!(!kan.cursor_hidden(), "the cursor is shown again");
}

/// The outline pane's non-empty rows, trimmed.
fn outline_rows(kan: &Kan) -> Vec<String> {
    let (_, rows) = kan.size();
    let mut lines: Vec<String> = kan.rows_in(0, 30).into_iter().map(|r| r.trim().to_string()).collect();
    lines.truncate(rows as usize - 1);
    lines.retain(|r| !r.is_empty());
    lines
}

#[test]
fn the_outline_takes_focus_filters_and_jumps() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("\t");
    // Focus selects the current section; j j moves to 第二章 and Enter jumps there.
    kan.send("jj\r");
    kan.wait_until("第二章 on the top row", |_| top_row(&kan) == "第二章 来客");
    kan.send("\t/");
    kan.wait_until("the filter prompt", |rows| status_bar(rows).starts_with("filter: █"));
    kan.send("第三");
    kan.wait_until("only 第三章 in the outline", |_| {
        let rows = outline_rows(&kan);
        rows.len() == 1 && rows[0].starts_with("第三章 灯火")
    });
    kan.send("\x1b");
    kan.wait_until("the whole outline again", |_| outline_rows(&kan).len() == 4);
    quit(&mut kan);
}

#[test]
fn the_mouse_clicks_outline_entries_and_scrolls_the_content() {
    let home = home();
    let mut kan = open_novel(&home);
    // SGR mouse reports, 1-based: a click on the outline's second row (第一章).
    kan.send("\x1b[<0;5;2M\x1b[<0;5;2m");
    kan.wait_until("第一章 on the top row", |_| top_row(&kan) == "第一章 潮声");
    // The wheel over the content pane scrolls it.
    kan.send("\x1b[<65;60;10M");
    kan.wait_until("the content scrolled", |_| !top_row(&kan).is_empty() && top_row(&kan) != "第一章 潮声");
    assert!(!content(&kan).iter().any(|r| r.trim() == "第一章 潮声"), "scrolled past the heading");
    quit(&mut kan);
}

#[test]
fn a_bookmark_survives_a_restart_and_lands_on_the_same_text_at_another_width() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("]]");
    kan.wait_until("第二章 on the top row", |_| top_row(&kan) == "第二章 来客");
    kan.send("m");
    kan.wait_for("bookmark label");
    kan.send("夜读\r");
    kan.wait_for("bookmarked: 第二章 来客");
    quit(&mut kan);

    let mut kan = Kan::spawn(&["--from-start", NOVEL], 60, 20, home.path());
    kan.wait_until("the first screen at 60×20", |rows| status_bar(rows).ends_with('%'));
    assert_eq!(top_row(&kan), "灯塔守夜人");
    kan.send("'");
    kan.wait_for("第二章 来客 — 夜读");
    kan.send("\r");
    kan.wait_until("the bookmarked heading on the top row", |_| top_row(&kan) == "第二章 来客");
    quit(&mut kan);
}

#[test]
fn a_bookmark_whose_file_was_renamed_and_edited_is_marked_missing() {
    let home = home();
    let shelf = TempDir::new().expect("temporary shelf");
    let path = shelf.path().join("harbour.txt");
    let text =
        "Harbour notes\n\nChapter 1\n\nThe tide came in slowly.\n\nChapter 2\n\nNobody saw the lantern.\n";
    std::fs::write(&path, text).expect("write the document");
    let path_arg = path.to_string_lossy().into_owned();
    let mut kan = Kan::spawn(&[path_arg.as_str()], COLS, ROWS, home.path());
    kan.wait_until("the first screen", |rows| status_bar(rows).ends_with('%'));
    kan.send("m");
    kan.wait_for("bookmark label");
    kan.send("潮水\r");
    kan.wait_for("bookmarked: Harbour notes");
    quit(&mut kan);
    std::fs::rename(&path, shelf.path().join("renamed.txt")).expect("rename");
    std::fs::write(shelf.path().join("renamed.txt"), format!("{text}\nA line added later.\n")).expect("edit");

    let mut kan = open_novel(&home);
    kan.send("'");
    kan.wait_for("harbour.txt (missing) · Harbour notes — 潮水");
    kan.wait_for("missing  ");
    kan.send("\r");
    kan.wait_until("Enter says the file is missing", |rows| status_bar(rows).contains("missing: "));
    assert!(kan.screen_text().contains("(missing)"), "the pane stays open");
    quit(&mut kan);
}

#[test]
fn the_reading_position_is_restored_after_a_restart() {
    let home = home();
    let mut kan = open_novel(&home);
    kan.send("]]jj");
    kan.wait_until("scrolled below 第二章", |_| top_row(&kan).starts_with("半夜里"));
    let left_at = top_row(&kan);
    quit(&mut kan);

    let mut kan = Kan::spawn(&[NOVEL], COLS, ROWS, home.path());
    kan.wait_for("resumed at");
    kan.wait_until("the same top row", |_| top_row(&kan) == left_at);
    kan.send("gg");
    kan.wait_until("g g goes to the top", |_| top_row(&kan) == "灯塔守夜人");
    quit(&mut kan);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws() {
    let home = home();
    let mut shell = Kan::spawn_interactive_shell(COLS, ROWS, home.path());
    shell.wait_for("prompt>");
    shell.send(&format!("\"$KAN\" {NOVEL}\r"));
    wait_first_screen(&shell);
    shell.send("\x1a");
    shell.wait_for("Stopped");
    assert!(!shell.alternate_screen(), "the shell's screen is back while kan is stopped");
    assert!(!shell.cursor_hidden());
    shell.send("fg\r");
    wait_first_screen(&shell);
    assert!(shell.alternate_screen());
    shell.send("]");
    shell.wait_until("keys work after fg", |_| top_row(&shell) == "第一章 潮声");
    shell.send("q");
    shell.wait_until("back at the prompt", |rows| {
        rows.iter().filter(|r| r.starts_with("prompt>")).count() >= 3
    });
    assert!(!shell.alternate_screen());
    shell.send("exit\r");
}

#[test]
fn no_argument_opens_the_welcome_article() {
    let home = home();
    let mut kan = Kan::spawn(&[], COLS, ROWS, home.path());
    kan.wait_until("the welcome article", |rows| {
        rows.iter().any(|r| r.contains("Welcome to kan")) && status_bar(rows).ends_with('%')
    });
    assert!(status_bar(&kan.rows()).starts_with(" welcome"));
    quit(&mut kan);
}

#[test]
fn markdown_search_finds_what_is_shown_and_a_miss_quotes_the_query() {
    let home = home();
    let file = home.path().join("notes.md");
    std::fs::write(&file, "# Notes\n\nSome **bold** text, and [a link](https://example.com/secret) here.\n")
        .expect("fixture");
    let mut kan = Kan::spawn(&[file.to_str().expect("utf-8 path")], COLS, ROWS, home.path());
    kan.wait_until("the article", |rows| rows.iter().any(|r| r.contains("Some bold text")));
    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("bold text\r");
    kan.wait_until("one match", |rows| status_bar(rows).contains("match 1/1"));
    let mut marked = String::new();
    for row in 0..ROWS - 1 {
        for col in 0..COLS {
            if let Some(Some(shown)) = kan
                .cell(row, col, |c| (c.bgcolor() != vt100::Color::Default).then(|| c.contents().to_string()))
            {
                marked.push_str(&shown);
            }
        }
    }
    assert_eq!(marked, "bold text", "exactly the shown match is highlighted");
    // A word of the link's target is never shown, so never found.
    kan.send("/secret\r");
    kan.wait_until("the quoted miss", |rows| status_bar(rows).contains("not found: \"secret\""));
    kan.send("/  \r");
    kan.wait_until("a quoted query of spaces", |rows| status_bar(rows).contains("not found: \"  \""));
    quit(&mut kan);
}

#[test]
fn a_line_of_a_hundred_thousand_tabs_opens_at_once_with_visual_tab_stops() {
    let home = home();
    let file = home.path().join("tabs.txt");
    std::fs::write(&file, format!("{}\n\ntail", "x\t".repeat(100_000))).expect("fixture");
    let mut kan = Kan::spawn(&[file.to_str().expect("utf-8 path")], COLS, ROWS, home.path());
    // Every content row starts `x   x`: each tab goes to the next stop of its own row.
    kan.wait_until("rows of tabbed x", |_| {
        content(&kan).iter().filter(|r| r.trim_start().starts_with("x   x   x")).count() >= 10
    });
    kan.send("G");
    kan.wait_until("the end of the document", |_| content(&kan).iter().any(|r| r.trim() == "tail"));
    quit(&mut kan);
}

#[test]
fn a_broken_config_opens_the_document_and_says_so() {
    let home = home();
    std::fs::create_dir(home.path().join("kan")).expect("config dir");
    std::fs::write(
        home.path().join("kan/config.toml"),
        "[layout]\nmax_width = 1\n\"\\u001b]0;PWN\\u0007\" = 2\n",
    )
    .expect("write config");
    let mut kan = open_novel(&home);
    let status = status_bar(&kan.rows()).to_string();
    assert!(status.contains("config: 2 problems, the defaults are used for them"), "{status:?}");
    quit(&mut kan);
    // After the terminal is restored, stderr lists them, with nothing raw from the file.
    let screen = kan.screen_text();
    assert!(screen.contains("config.toml:2:1: unknown setting 'max_width'"), "{screen}");
    assert!(screen.contains("config.toml:3:1: unknown setting '^[]0;PWN^G'"), "{screen}");
    assert!(
        screen.contains("kan: the config has problems; the defaults are used in their place"),
        "{screen}"
    );
    assert!(
        !contains_bytes(&kan.raw_output(), b"\x1b]0;PWN"),
        "no escape from the config reached the terminal"
    );
}

#[test]
fn ctrl_c_quits_even_when_the_config_moves_quit_away() {
    let home = home();
    let config = home.path().join("quit.toml");
    std::fs::write(&config, "[keys.content]\nquit = \"Q\"\n[keys.outline]\nquit = []\n")
        .expect("write config");
    let config = config.to_str().expect("utf-8 path");
    let mut kan = Kan::spawn(&["--config", config, NOVEL], COLS, ROWS, home.path());
    wait_first_screen(&kan);
    kan.send("q");
    kan.send("]");
    kan.wait_until("] still moves: q did not quit", |_| top_row(&kan) == "第一章 潮声");
    // From the outline, where no key quits, in the middle of typing a filter.
    kan.send("\t/潮");
    kan.wait_for("filter: 潮");
    kan.send("\x03");
    assert_eq!(kan.wait_exit(), 0, "Ctrl-C quits");
    assert!(!kan.alternate_screen() && !kan.cursor_hidden());
}

#[test]
fn the_links_list_opens_a_second_local_page_and_ctrl_o_comes_back() {
    let home = home();
    let mut kan = Kan::spawn(&["tests/docs/html/structure.html"], COLS, ROWS, home.path());
    kan.wait_until("the first screen", |rows| {
        rows.iter().any(|r| r.contains("Notes on Structure")) && status_bar(rows).ends_with('%')
    });
    kan.send("]");
    kan.wait_until("the second heading on the top row", |_| top_row(&kan) == "Lists");
    kan.send("L");
    kan.wait_until("the links list", |rows| {
        rows.iter().any(|r| r.contains("1. link to the second page"))
            && rows.iter().any(|r| r.contains("second.html"))
    });
    kan.send("\r");
    kan.wait_until("the second page", |rows| {
        rows.iter().any(|r| r.contains("A second page that the first links to"))
            && status_bar(rows).contains("second.html")
    });
    kan.send("\x0f");
    kan.wait_until("Ctrl-o back on the second heading of the first page", |rows| {
        top_row(&kan) == "Lists" && status_bar(rows).contains("structure.html")
    });
    quit(&mut kan);
}
