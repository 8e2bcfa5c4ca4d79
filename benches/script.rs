//! The script view and conversion: switching the view on the 50 MB novel at 200×60 (only the
//! screen is laid out again), and converting 10 MB fully as `--render --script` does.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kan::config::Config;
use kan::document::{Anchor, Document, Format};
use kan::layout::{LayoutOptions, render};
use kan::reader::{Action, Settings, State, update};
use kan::text::script::{Script, convert};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn switch_view(c: &mut Criterion) {
    let doc = Document::parse(common::chinese_novel(50 << 20), Format::Text);
    let len = doc.text.len();
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let mut state = State::new(doc, "novel.txt", Settings::default(), 200, 60);
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    // Load every conversion's dictionaries first: that happens once, on the first switch.
    for _ in 0..5 {
        update(&mut state, Action::NextScript);
    }
    let mut group = c.benchmark_group("switch_script_50MB_200x60");
    for (name, at) in [("middle", len / 2), ("near_end", len - len / 50)] {
        let pos = state.layout.position_of(&state.doc, Anchor(at));
        state.views[0].pos = pos;
        state.views[0].anchor = state.layout.anchor_of(&state.doc, pos);
        group.bench_function(name, |b| {
            b.iter(|| {
                update(&mut state, Action::NextScript);
                buf.reset();
                kan::ui::render(&mut buf, area, &state, &chrome);
                black_box(&buf);
            })
        });
    }
    group.finish();
}

fn convert_10mb(c: &mut Criterion) {
    let simplified = common::chinese_novel(10 << 20);
    let traditional = convert(Script::Hant, &simplified);
    let mut group = c.benchmark_group("convert_10MB");
    group.sample_size(10);
    for (name, text, script) in [
        ("traditional_to_hans", &traditional, Script::Hans),
        ("simplified_to_hant", &simplified, Script::Hant),
        ("simplified_to_tw", &simplified, Script::Tw),
        ("simplified_to_hk", &simplified, Script::Hk),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("text", name), text, |b, text| {
            b.iter(|| black_box(convert(script, text).len()))
        });
        let doc = Document::parse(text.clone(), Format::Text);
        group.bench_with_input(BenchmarkId::new("render_80", name), &doc, |b, doc| {
            let mut options = LayoutOptions::new(80);
            options.script = script;
            b.iter(|| black_box(render(doc, options).len()))
        });
    }
    let doc = Document::parse(traditional.clone(), Format::Text);
    group.throughput(Throughput::Bytes(traditional.len() as u64));
    group.bench_with_input(BenchmarkId::new("render_80", "original"), &doc, |b, doc| {
        b.iter(|| black_box(render(doc, LayoutOptions::new(80)).len()))
    });
    group.finish();
}

criterion_group!(benches, switch_view, convert_10mb);
criterion_main!(benches);
