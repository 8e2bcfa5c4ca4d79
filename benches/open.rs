//! Opening a big file progressively (issue 14): the first frame from a file's first bytes already
//! in memory, against parsing the whole first; and the background work that follows it, the
//! parts (first, last) and the whole parse, as throughput.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kan::config::Config;
use kan::document::{Document, Format};
use kan::progressive::{self, FIRST_PART};
use kan::reader::{Settings, State};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZE: usize = 50 << 20;

/// Lays out and draws the first screen of `doc` at 120×40, as the reader's first frame.
fn first_frame(doc: Document, chrome: &Chrome) -> Buffer {
    let state = State::new(doc, "novel.txt", Settings::default(), 120, 40);
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    kan::ui::render(&mut buf, area, &state, chrome);
    buf
}

fn open(c: &mut Criterion) {
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let novel = common::chinese_novel(SIZE);
    let article = common::chinese_markdown_article(10 << 20);

    let mut group = c.benchmark_group("first_frame_from_bytes");
    for (name, text, format) in
        [("novel_50MB", &novel, Format::Text), ("markdown_10MB", &article, Format::Markdown)]
    {
        let bytes = text.as_bytes();
        group.bench_function(format!("{name}_first_part"), |b| {
            b.iter(|| {
                let head = bytes[..FIRST_PART].to_vec();
                let doc = progressive::first_part_of(head, format, None).expect("a first part");
                black_box(first_frame(doc, &chrome))
            })
        });
        group.bench_function(format!("{name}_whole"), |b| {
            b.iter(|| black_box(first_frame(Document::parse(text.clone(), format), &chrome)))
        });
    }
    group.finish();

    // The background threads read from the file, as the reader does (from the page cache here).
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let mut group = c.benchmark_group("background_parse");
    group.sample_size(10);
    for (name, text, format) in
        [("novel_50MB.txt", &novel, Format::Text), ("markdown_10MB.md", &article, Format::Markdown)]
    {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write the file");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}_parts"), |b| {
            b.iter(|| {
                let parts = progressive::later_parts(&path, format, None).expect("parts");
                black_box(parts.messages(format, path.clone()).collect::<Vec<_>>())
            })
        });
        group.bench_function(format!("{name}_whole"), |b| {
            b.iter(|| {
                black_box(progressive::whole(&path, &Default::default(), format, Default::default()).unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, open);
criterion_main!(benches);
