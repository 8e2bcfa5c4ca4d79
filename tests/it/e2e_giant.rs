//! A file that is one giant line, in the reader: the first screen, a search hit deep inside the
//! line, the end and back, each drawn from a segment or two of the paragraph.

use crate::helpers::pty::Kan;
use tempfile::TempDir;

/// About `bytes` of words and ideographs in one line, with `START` first, `MIDDLEMARK` at 90 %
/// and `THEEND` last.
fn giant_line(bytes: usize) -> String {
    let words = ["山路", "雨夜", "灯火，", "lantern ", "light ", "。", "river "];
    let mut text = String::from("START ");
    let mut i = 0;
    let mut marked = false;
    while text.len() < bytes {
        if text.len() >= bytes / 10 * 9 && !marked {
            text.push_str(" MIDDLEMARK ");
            marked = true;
        }
        text.push_str(words[i % words.len()]);
        i = (i * 31 + 7) % 1009;
    }
    text.push_str(" THEEND");
    text
}

fn status_bar(rows: &[String]) -> &str {
    rows.last().map(String::as_str).unwrap_or("")
}

fn shows(rows: &[String], text: &str) -> bool {
    rows[..rows.len() - 1].iter().any(|r| r.contains(text))
}

#[test]
fn a_one_line_file_opens_searches_and_jumps_to_its_end() {
    let home = TempDir::new().expect("temporary config home");
    let file = home.path().join("one-line.txt");
    std::fs::write(&file, giant_line(3 << 20)).expect("write the file");
    let mut kan = Kan::spawn(&[file.to_str().expect("a UTF-8 path")], 100, 30, home.path());
    kan.wait_until("the first screen", |rows| shows(rows, "START") && status_bar(rows).ends_with('%'));

    kan.send("/MIDDLEMARK\r");
    kan.wait_until("the match at 90 %", |rows| {
        shows(rows, "MIDDLEMARK") && status_bar(rows).contains("match 1/1")
    });
    kan.send("G");
    kan.wait_until("the end of the line", |rows| shows(rows, "THEEND") && status_bar(rows).ends_with("100%"));
    kan.send("gg");
    kan.wait_until("the start again", |rows| shows(rows, "START") && !shows(rows, "THEEND"));
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
}
