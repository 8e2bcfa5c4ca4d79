//! Key → drawn frame on a 50 MB Chinese novel at 200×60: the work one keypress costs.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::config::Config;
use kan::document::{Document, Format};
use kan::reader::{Action, Settings, State, update};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZE: usize = 50 * 1024 * 1024;

fn frame(c: &mut Criterion) {
    let text = common::chinese_novel(SIZE);
    let doc = Document::parse(text, Format::Text);
    println!("novel: {} bytes, {} chapters", doc.text.len(), doc.outline.len());
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let mut state = State::new(doc, "novel.txt", Settings::default(), 200, 60);
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);

    let mut press = |state: &mut State, action: Action| {
        update(state, action);
        buf.reset();
        kan::ui::render(&mut buf, area, state, &chrome);
        black_box(&buf);
    };

    let mut group = c.benchmark_group("key_to_frame_50MB_200x60");
    group.bench_function("j", |b| b.iter(|| press(&mut state, Action::LineDown)));
    group.bench_function("G_then_gg", |b| {
        b.iter(|| {
            press(&mut state, Action::Bottom);
            press(&mut state, Action::Top);
        })
    });
    group.bench_function("next_heading", |b| {
        b.iter(|| {
            if state.views[0].at_end {
                press(&mut state, Action::Top);
            }
            press(&mut state, Action::NextHeading)
        })
    });
    // One keystroke of an incremental search: the whole 50 MB is searched again, folded (灯 also
    // finds 燈).
    group.bench_function("search_keystroke", |b| {
        b.iter(|| {
            update(&mut state, Action::Search);
            update(&mut state, kan::reader::Msg::Typed("灯".into()));
            update(&mut state, Action::Close);
        })
    });
    // The same keystroke matching exactly: no folding of case, width or script.
    state.settings.search_exact = true;
    group.bench_function("search_keystroke_exact", |b| {
        b.iter(|| {
            update(&mut state, Action::Search);
            update(&mut state, kan::reader::Msg::Typed("灯".into()));
            update(&mut state, Action::Close);
        })
    });
    state.settings.search_exact = false;
    // A search with matches all through the novel, then n.
    update(&mut state, Action::Search);
    update(&mut state, kan::reader::Msg::Typed("灯火".into()));
    update(&mut state, Action::Confirm);
    println!("matches for 灯火: {}", state.search.matches.len());
    group.bench_function("n", |b| b.iter(|| press(&mut state, Action::NextMatch)));
    group.finish();
}

/// One incremental-search keystroke on 20 MB of Markdown, searched block by block as displayed.
fn markdown_search(c: &mut Criterion) {
    let text = common::english_prose(20 * 1024 * 1024).replace(" river ", " **river** ");
    let doc = Document::parse(text, Format::Markdown);
    println!("markdown: {} bytes, {} blocks", doc.text.len(), doc.blocks.len());
    let mut state = State::new(doc, "prose.md", Settings::default(), 200, 60);
    c.bench_function("markdown_20MB_search_keystroke", |b| {
        b.iter(|| {
            update(&mut state, Action::Search);
            update(&mut state, kan::reader::Msg::Typed("river t".into()));
            update(&mut state, Action::Close);
        })
    });
}

/// Bytes in memory → the first frame at 120×40: decode, parse, a reader state, one drawn frame.
/// What opening a file costs besides reading it.
fn first_frame(c: &mut Criterion) {
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let area = Rect::new(0, 0, 120, 40);
    let mut group = c.benchmark_group("first_frame_120x40");
    group.sample_size(10);
    let files: [(common::Generated, Format); 4] = [
        (("novel_10MB", || common::chinese_novel(10 << 20)), Format::Text),
        (("novel_50MB", || common::chinese_novel(50 << 20)), Format::Text),
        (("markdown_10MB", || common::chinese_markdown_article(10 << 20)), Format::Markdown),
        (("one_line_10MB", || common::single_line(10 << 20)), Format::Text),
    ];
    for ((name, make), format) in files {
        let bytes = make().into_bytes();
        group.bench_function(name, |b| {
            b.iter_batched(
                || bytes.clone(),
                |bytes| {
                    let text = kan::decode::decode(bytes, None).expect("generated text decodes").text;
                    let doc = Document::parse(text, format);
                    let state = State::new(doc, name, Settings::default(), area.width, area.height);
                    let mut buf = Buffer::empty(area);
                    kan::ui::render(&mut buf, area, &state, &chrome);
                    black_box((buf, state))
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, frame, markdown_search, first_frame);
criterion_main!(benches);
