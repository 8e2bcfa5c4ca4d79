//! Layout speed: wrap throughput (CJK, English with textwrap as the yardstick, mixed), one
//! screen at a random position of a 50 MB novel, a resize, one screen inside a 10 MB paragraph
//! (at its start and after a jump to 90 %), and a line of 100,000 tabs.

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kan::document::{Anchor, Document, Format};
use kan::layout::{Layout, LayoutOptions, wrap};
use std::hint::black_box;

const WIDTH: usize = 80;
const SCREEN: usize = 50;

fn wrap_throughput(c: &mut Criterion) {
    let texts = [
        ("cjk", common::chinese_novel(1 << 20)),
        ("english", common::english_prose(1 << 20)),
        ("mixed", common::mixed_prose(1 << 20)),
    ];
    let mut group = c.benchmark_group("wrap_80");
    for (name, text) in &texts {
        let paragraphs: Vec<&str> = text.split("\n\n").filter(|p| !p.is_empty()).collect();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("kan", name), &paragraphs, |b, ps| {
            b.iter(|| {
                let mut lines = 0;
                for p in ps {
                    lines += wrap::wrap_str(p, LayoutOptions::new(WIDTH)).len();
                }
                black_box(lines)
            })
        });
        if *name == "english" {
            group.bench_with_input(BenchmarkId::new("textwrap", name), &paragraphs, |b, ps| {
                b.iter(|| {
                    let mut lines = 0;
                    for p in ps {
                        lines += textwrap::wrap(p, WIDTH).len();
                    }
                    black_box(lines)
                })
            });
        }
    }
    group.finish();
}

fn novel() -> Document {
    Document::parse(common::chinese_novel(50 << 20), Format::Text)
}

fn screen_and_resize(c: &mut Criterion) {
    let doc = novel();
    let mut rng = common::Rng::new(7);
    c.bench_function("screen_at_random_position_50MB", |b| {
        b.iter(|| {
            let anchor = Anchor(rng.below(doc.text.len()));
            // A cold layout: nothing cached, as after a jump.
            let mut layout = Layout::new(LayoutOptions::new(WIDTH));
            let pos = layout.position_of(&doc, anchor);
            black_box(layout.lines_from(&doc, pos, SCREEN))
        })
    });
    c.bench_function("resize_50MB", |b| {
        let mut layout = Layout::new(LayoutOptions::new(WIDTH));
        let start = layout.position_of(&doc, Anchor(doc.text.len() / 2));
        let top = layout.anchor_of(&doc, start);
        let mut width = WIDTH;
        b.iter(|| {
            width = if width == WIDTH { WIDTH - 13 } else { WIDTH };
            layout.set_options(LayoutOptions::new(width));
            let pos = layout.position_of(&doc, top);
            black_box(layout.lines_from(&doc, pos, SCREEN))
        })
    });
}

/// One screen of a 10 MB paragraph (a novel's text with its line breaks taken out, and English
/// prose in one line), laid out cold as when the file opens: at its start, and after a jump to
/// 90 % of it.
fn giant_paragraph(c: &mut Criterion) {
    let texts = [
        ("cjk", common::chinese_novel(10 << 20).replace('\n', "")),
        ("english", common::english_prose(10 << 20).replace('\n', " ")),
    ];
    let mut group = c.benchmark_group("screen_in_10MB_paragraph");
    for (name, text) in texts {
        let doc = Document::parse(text, Format::Text);
        assert_eq!(doc.blocks.len(), 1, "one paragraph");
        for (at, percent) in [("start", 0), ("jump_90pct", 90)] {
            let anchor = Anchor(doc.text.len() / 100 * percent);
            group.bench_function(BenchmarkId::new(at, name), |b| {
                b.iter(|| {
                    let mut layout = Layout::new(LayoutOptions::new(WIDTH));
                    let pos = layout.position_of(&doc, anchor);
                    black_box(layout.lines_from(&doc, pos, SCREEN))
                })
            });
        }
    }
    group.finish();
}

/// One line of 100,000 tabs, as prose and as code (34 s when each tab measured its line).
fn tabs(c: &mut Criterion) {
    let prose = Document::parse("x\t".repeat(100_000), Format::Text);
    let code = Document::parse(format!("```\n{}x\n```", "\t".repeat(100_000)), Format::Markdown);
    let mut group = c.benchmark_group("render_100k_tabs_80");
    group.bench_function("prose", |b| {
        b.iter(|| black_box(kan::layout::render(&prose, LayoutOptions::new(WIDTH))))
    });
    group.bench_function("code", |b| {
        b.iter(|| black_box(kan::layout::render(&code, LayoutOptions::new(WIDTH))))
    });
    group.finish();
}

criterion_group!(benches, wrap_throughput, screen_and_resize, giant_paragraph, tabs);
criterion_main!(benches);
