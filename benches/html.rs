//! A 1 MB web page from the file to the first drawn frame: decode, Readability, blocks, layout
//! of one screen, drawing.

mod common;

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::config::Config;
use kan::reader::{Settings, State};
use kan::source::Source;
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZE: usize = 1024 * 1024;

/// A page shaped like a saved news page: head scripts and styles, navigation, an article of
/// sections, a sidebar, comments and a footer.
fn news_page(bytes: usize) -> String {
    let mut rng = common::Rng::new(7);
    let mut page = String::from("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    page.push_str("<title>城市更新的十年 _专题 _新闻网</title><style>");
    page.push_str(&".nav a{color:#333;margin:0 4px}\n".repeat(2000));
    page.push_str("</style><script>");
    page.push_str(
        &"window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}\n".repeat(1500),
    );
    page.push_str("</script></head><body><header><nav class=\"nav\">");
    for i in 0..200 {
        let _ = write!(page, "<a href=\"/channel/{i}\">频道{i}</a>");
    }
    page.push_str("</nav></header><div class=\"main\"><article><h1>城市更新的十年</h1>");
    let mut section = 0;
    while page.len() < bytes * 8 / 10 {
        section += 1;
        let _ = write!(
            page,
            "<h2>{}、{}</h2>",
            common::chinese_number(section),
            common::chinese_paragraph(&mut rng, 8)
        );
        for _ in 0..6 {
            let _ = write!(
                page,
                "<p>{}<a href=\"/n/{section}\">{}</a>{}</p>",
                common::chinese_paragraph(&mut rng, 60),
                common::chinese_paragraph(&mut rng, 6),
                common::chinese_paragraph(&mut rng, 80)
            );
        }
    }
    page.push_str("</article><aside class=\"sidebar\"><ul>");
    while page.len() < bytes * 9 / 10 {
        let _ = write!(page, "<li><a href=\"/hot\">{}</a></li>", common::chinese_paragraph(&mut rng, 14));
    }
    page.push_str("</ul></aside><section class=\"comments\">");
    while page.len() < bytes {
        let _ =
            write!(page, "<div class=\"comment\"><p>{}</p></div>", common::chinese_paragraph(&mut rng, 30));
    }
    page.push_str("</section></div><footer>版权所有</footer></body></html>");
    page
}

fn first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, news_page(SIZE)).unwrap();
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let area = Rect::new(0, 0, 120, 40);
    let doc = Source::from_path(&path, &Default::default()).unwrap().into_document(None, None).unwrap();
    println!("page: {} bytes → {} bytes of article, {} sections", SIZE, doc.text.len(), doc.outline.len());

    c.bench_function("html_1MB_file_to_first_frame_120x40", |b| {
        b.iter(|| {
            let doc =
                Source::from_path(&path, &Default::default()).unwrap().into_document(None, None).unwrap();
            let state = State::new(doc, "page.html", Settings::default(), 120, 40);
            let mut buf = Buffer::empty(area);
            kan::ui::render(&mut buf, area, &state, &chrome);
            black_box(&buf);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = first_frame
}
criterion_main!(benches);
