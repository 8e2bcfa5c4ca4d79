//! End to end: a Traditional article in the real binary, searched in Simplified and shown in
//! Simplified, read back through vt100.

#[path = "common/pty.rs"]
mod pty;

use kan::text::script::{Script, convert};
use pty::Kan;
use tempfile::TempDir;

const ARTICLE: &str = "tests/docs/e2e_traditional.txt";
const COLS: u16 = 80;
const ROWS: u16 = 16;
/// The outline pane and its separator.
const CONTENT_COL: u16 = 31;

fn status_bar(rows: &[String]) -> &str {
    rows.last().map(String::as_str).unwrap_or("")
}

fn content(kan: &Kan) -> Vec<String> {
    let mut lines = kan.rows_in(CONTENT_COL, COLS - CONTENT_COL);
    lines.truncate(ROWS as usize - 1);
    lines
}

fn top_row(kan: &Kan) -> String {
    content(kan).first().map(|r| r.trim().to_string()).unwrap_or_default()
}

/// The text of the cells drawn with a background colour in the content pane: the matches.
fn highlighted(kan: &Kan) -> Vec<String> {
    let mut found = Vec::new();
    for row in 0..ROWS - 1 {
        let mut run = String::new();
        for col in CONTENT_COL..COLS {
            let cell = kan.cell(row, col, |c| {
                (c.bgcolor() != vt100::Color::Default, c.contents().to_string(), c.is_wide_continuation())
            });
            match cell {
                // The second column of a wide character: it goes with the first.
                Some((_, _, true)) => {}
                Some((true, text, _)) => run.push_str(&text),
                _ if !run.is_empty() => found.push(std::mem::take(&mut run)),
                _ => {}
            }
        }
        if !run.is_empty() {
            found.push(run);
        }
    }
    found
}

#[test]
fn a_simplified_search_highlights_traditional_text_and_the_view_keeps_its_place() {
    let home = TempDir::new().expect("config home");
    let mut kan = Kan::spawn(&[ARTICLE], COLS, ROWS, home.path());
    kan.wait_until("the first screen", |rows| {
        rows.iter().any(|r| r.contains("第一章 臺北")) && status_bar(rows).ends_with('%')
    });
    let total = std::fs::read_to_string(ARTICLE).expect("fixture").matches("頭髮").count();
    assert_eq!(total, 3);

    kan.send("/");
    kan.wait_until("the search prompt", |rows| status_bar(rows).starts_with("/█"));
    kan.send("头发\r");
    let first = format!("match 1/{total}");
    kan.wait_until(&first, |rows| status_bar(rows).contains(&first));
    kan.wait_until("the matches highlighted", |_| !highlighted(&kan).is_empty());
    let marks = highlighted(&kan);
    assert!(marks.iter().all(|m| m == "頭髮"), "exactly the two original characters are marked: {marks:?}");

    // Show it in Simplified: the same sentence stays on the top row, drawn converted.
    let top = top_row(&kan);
    assert!(!top.is_empty());
    kan.send("c");
    kan.wait_until("the Simplified view", |rows| status_bar(rows).contains("hans"));
    let converted = convert(Script::Hans, &top);
    assert_ne!(converted, top, "the top row has something to convert: {top:?}");
    kan.wait_until("the converted top row", |_| top_row(&kan) == converted);
    kan.wait_until("the matches highlighted in the converted text", |_| {
        let marks = highlighted(&kan);
        !marks.is_empty() && marks.iter().all(|m| m == "头发")
    });
    assert!(content(&kan).iter().all(|r| !r.contains('髮')), "no Traditional 髮 is drawn");

    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}
