//! Copied web pages and books as plain text (fixtures of our own under tests/docs/articles/):
//! the title, the exact outline, and which blocks are page furniture (asides).
use kan::document::{BlockKind, Document, Format};
use kan::layout::{Layout, LayoutOptions, Pos, render};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/docs/articles/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str) -> Document {
    Document::parse(fixture(&format!("{name}.txt")), Format::Text)
}

/// The text of every block marked as an aside.
fn asides(doc: &Document) -> Vec<String> {
    doc.blocks.iter().filter(|b| b.aside).map(|b| doc.text[b.offset..b.end].trim().to_string()).collect()
}

const FIXTURES: &[&str] =
    &["hk_nvidia", "furniture_zh", "ja_news", "ja_novel", "en_blog", "newsletter_zh", "interview_zh"];

#[test]
fn every_article_outline_is_exact() {
    for name in FIXTURES {
        let doc = parse(name);
        assert_eq!(doc.outline.to_text(), fixture(&format!("{name}.outline")), "{name}.txt");
    }
}

#[test]
fn the_project_article_opens_on_its_title_with_its_three_sections() {
    let doc = parse("hk_nvidia");
    assert_eq!(doc.title.as_deref(), Some("Nvidia CEO黃仁勳警告:美國出口禁令反而壯大中國AI企業"));
    assert_eq!(
        doc.outline.to_text(),
        "Nvidia CEO黃仁勳警告:美國出口禁令反而壯大中國AI企業\n\
         \x20 美國新出口管制如何推動中國AI產業崛起\n\
         \x20 黃仁勳:特朗普在部分AI政策上做得對\n\
         \x20 編輯評論:出口管制背後的地緣政治與AI競賽\n"
    );
    // The four promotional lines are kept, as furniture; so are the share buttons at the end.
    let asides = asides(&doc);
    assert_eq!(
        asides[..4],
        [
            "🎬 YouTube Premium 家庭 Plan成員一位 只需 HK$28",
            "不用提供密碼、不用VPN、無需轉區",
            "立即登記，名額有限",
            "Netflix、Disney+ 合租 一站搞掂",
        ]
    );
    assert_eq!(asides[4..], ["分享到 Facebook", "分享到 WhatsApp", "相關新聞"]);
    // The byline under the title is the article's, not furniture.
    assert!(!asides.iter().any(|a| a.contains("2025-05-21")));
}

#[test]
fn furniture_is_kept_dim_and_out_of_the_outline() {
    let doc = parse("furniture_zh");
    assert_eq!(doc.title.as_deref(), Some("老城区的最后一家书店"));
    let asides = asides(&doc);
    for furniture in [
        "首页 新闻 体育 财经 科技 关于",
        "首页 > 城市 > 正文",
        "收藏",
        "（完）",
        "【撰文：江小帆】",
        "开心",
        "板砖",
        "大哥晚安~",
        "转播到腾讯微博",
        "版权所有 江边晚报 | 关于我们 | 联系我们",
    ] {
        assert!(asides.iter().any(|a| a == furniture), "{furniture} is no aside: {asides:?}");
    }
    // Credits inside the article are furniture too; the quote's attribution is text, no heading.
    assert!(asides.iter().any(|a| a == "照片來源：江边晚报"));
    assert!(asides.iter().any(|a| a == "题图来自 林小舟"));
    assert!(!doc.outline.to_text().contains("城南旧事"));
    // Nothing is lost: every line of the file is still in some block.
    for line in fixture("furniture_zh.txt").lines().filter(|l| !l.trim().is_empty()) {
        assert!(doc.blocks.iter().any(|b| doc.text[b.offset..b.end].contains(line.trim())), "{line}");
    }
}

#[test]
fn render_prints_furniture() {
    let doc = parse("furniture_zh");
    let text: Vec<String> = render(&doc, LayoutOptions::new(60));
    assert_eq!(text[0], "首页 新闻 体育 财经 科技 关于");
    assert!(text.iter().any(|l| l == "转播到腾讯微博"));
}

#[test]
fn hidden_furniture_takes_no_lines() {
    let doc = parse("hk_nvidia");
    let mut options = LayoutOptions::new(60);
    options.hide_asides = true;
    let mut layout = Layout::new(options);
    let lines: Vec<String> =
        layout.lines_from(&doc, Pos::default(), 3).into_iter().map(|(_, l)| l.text).collect();
    assert_eq!(lines, ["Nvidia CEO黃仁勳警告:美國出口禁令反而壯大中國AI企業", "", "科技新聞 2025-05-21"]);
    // Moving down one line from the top lands on the title's blank separator, not on furniture.
    let pos = layout.advance(&doc, Pos::default(), 1);
    let title = doc.blocks.iter().position(|b| matches!(b.kind, BlockKind::Heading { .. })).unwrap();
    assert_eq!(pos, Pos::new(title, 1));
    assert_eq!(layout.advance(&doc, pos, -1), Pos::new(title, 0));
    // Shown, the furniture is laid out with its own role.
    let mut shown = Layout::new(LayoutOptions::new(60));
    let first = shown.lines_from(&doc, Pos::default(), 1);
    assert_eq!(first[0].1.runs[0].role, kan::layout::Role::Aside);
}

#[test]
fn japanese_dialogue_and_verse_are_no_headings() {
    let doc = parse("ja_novel");
    assert_eq!(doc.title.as_deref(), Some("雪の駅"));
    let outline = doc.outline.to_text();
    assert!(!outline.contains("「") && !outline.contains("川べり"), "{outline}");
    assert!(asides(&doc).contains(&"底本：「雪の駅」架空文庫".to_string()) || !outline.contains("底本"));
}

#[test]
fn code_lines_and_captions_are_no_headings_and_a_second_shape_nests() {
    let doc = parse("en_blog");
    assert_eq!(doc.title.as_deref(), Some("Why Small Tools Win"));
    let outline = doc.outline.to_text();
    assert!(!outline.contains("function") && !outline.contains("river banks") && !outline.contains("Share"));
    assert!(outline.contains("  A Good Tool: grep\n    Speed\n    Focus\n"), "{outline}");
}

#[test]
fn newsletter_items_are_a_list_and_questions_in_an_interview_are_headings() {
    let doc = parse("newsletter_zh");
    let outline = doc.outline.to_text();
    assert!(!outline.contains("1、") && !outline.contains("？"), "{outline}");
    let interview = parse("interview_zh");
    assert_eq!(interview.outline.sections.len(), 5);
    assert!(interview.outline.sections.iter().skip(1).all(|s| s.title.ends_with('？')));
}
