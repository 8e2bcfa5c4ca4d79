//! Plain-text fixtures under tests/docs/: exact outlines, titles and paragraph texts.
use kan::document::{BlockKind, Document, Format};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/docs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str) -> Document {
    Document::parse(fixture(&format!("{name}.txt")), Format::Text)
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(content) => Some(content.rich(&doc.text).text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_fixture_outline_is_exact() {
    for name in ["news", "novel", "english", "headings"] {
        let doc = parse(name);
        assert_eq!(doc.outline.to_text(), fixture(&format!("{name}.outline")), "{name}.txt");
    }
}

#[test]
fn news_title_skips_the_preamble_and_keeps_metadata_as_text() {
    let doc = parse("news");
    assert_eq!(doc.title.as_deref(), Some("山城夜市十年：一条老街的烟火气"));
    let paragraphs = paragraphs(&doc);
    assert_eq!(paragraphs[..3], ["点击上方蓝字关注我们", "每天清晨，陪你读一篇好文章", "转发给需要的朋友"]);
    assert!(paragraphs.contains(&"原创 记者 林晓雨 山城晚报 2024-03-01 08:30".to_string()));
    assert!(paragraphs.contains(&"来源：山城晚报".to_string()));
    assert_eq!(
        paragraphs[paragraphs.len() - 4..],
        ["老街夜市", "山城区老街88号", "每晚18:00至次日1:00", "责任编辑：周明"]
    );
}

#[test]
fn novel_paragraphs_split_at_indentation_and_keep_it() {
    let doc = parse("novel");
    assert_eq!(doc.title.as_deref(), Some("长夜灯下"));
    let paragraphs = paragraphs(&doc);
    let first_chapter =
        paragraphs.iter().position(|p| p.starts_with("　　雪下到第三天夜里")).expect("chapter one");
    assert_eq!(paragraphs[first_chapter + 1], "　　“店家，还有空房吗？”少年的声音有些发抖，却说得很客气。");
    assert_eq!(paragraphs[first_chapter + 3], "　　那天夜里，整个客栈只亮着一盏灯。");
    // The poem is four lines of its own, not joined and not headings.
    let poem = paragraphs.iter().position(|p| p == "灯火照旧雪").expect("poem");
    assert_eq!(paragraphs[poem..poem + 4], ["灯火照旧雪", "雪落无人渡", "渡口十年客", "客去不归途"]);
    assert!(paragraphs.contains(&"10:30 渡口见".to_string()));
}

#[test]
fn english_hard_wraps_join_with_one_space() {
    let doc = parse("english");
    assert_eq!(doc.title.as_deref(), Some("THE LANTERN ROAD"));
    let paragraphs = paragraphs(&doc);
    assert_eq!(paragraphs[0], "By Mara Ellison");
    assert_eq!(
        paragraphs[1],
        "The train came into the valley an hour after dark, and the station master was already asleep \
         in his chair by the stove. Nobody else was waiting on the platform."
    );
    assert!(paragraphs.contains(&"Mrs. Hale".to_string()));
}

#[test]
fn render_joins_hard_wrapped_lines() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kan"))
        .args(["--render", "--width", "40"])
        .arg(format!("{}/tests/docs/english.txt", env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run kan");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 40), "{text}");
    let start = lines.iter().position(|l| l.starts_with("The train came")).expect("paragraph");
    let end = start + lines[start..].iter().position(|l| l.is_empty()).expect("end");
    // The paragraph is one block, its source line breaks gone (spaces are compared away: where
    // the layout breaks a line is the layout's business).
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(
        squeeze(&lines[start..end].concat()),
        squeeze(
            "The train came into the valley an hour after dark, and the station master was already \
             asleep in his chair by the stove. Nobody else was waiting on the platform."
        )
    );
}

#[test]
fn outline_cli_prints_the_fixture_outline() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kan"))
        .arg("--outline")
        .arg(format!("{}/tests/docs/novel.txt", env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run kan");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), fixture("novel.outline"));
}
