//! The library screen on 10,000 documents at 80×24: the first frame once the folder is listed,
//! the titles arriving one message each, and one keystroke of the filter (key → drawn frame);
//! with KAN_LIBRARY_DIR set, also listing a real folder and its first frame.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::config::Config;
use kan::document::{Document, Format};
use kan::library::{Found, Summary};
use kan::reader::{Action, Msg, Settings, State, update};
use kan::ui::Chrome;
use kan::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const DOCUMENTS: usize = 10_000;

/// 10,000 documents in 100 folders, half with Chinese titles, half English.
fn shelf() -> Vec<(PathBuf, Summary)> {
    let mut rng = common::Rng::new(11);
    let words = ["river", "night", "harbour", "letters", "winter", "garden", "signal", "atlas"];
    (0..DOCUMENTS)
        .map(|i| {
            let folder = format!("/shelf/section-{:02}/{}", i % 100, common::chinese_number(i % 7 + 1));
            let title = if i % 2 == 0 {
                format!("第{}章 {}", common::chinese_number(i), common::chinese_paragraph(&mut rng, 12))
            } else {
                format!("The {} of the {} {i}", rng.pick(&words), rng.pick(&words))
            };
            let path = PathBuf::from(format!("{folder}/article-{i:05}.md"));
            (path, Summary { title: Some(title), minutes: (i % 90) as u32, text_len: 10_000, problem: None })
        })
        .collect()
}

fn empty_state() -> State {
    State::new(Document::parse(String::new(), Format::Text), "library", Settings::default(), 80, 24)
}

fn listed(docs: &[(PathBuf, Summary)]) -> State {
    let mut state = empty_state();
    update(&mut state, Msg::ShowLibrary(Some("/shelf".into())));
    update(&mut state, Msg::LibraryListed(docs.iter().map(|(p, _)| Found::ok(p)).collect()));
    state
}

fn library(c: &mut Criterion) {
    let docs = shelf();
    let config = Config::defaults();
    let chrome = Chrome::new(Theme::from_config(&config), &config.keymap);
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    let mut draw = |state: &State| {
        buf.reset();
        kan::ui::render(&mut buf, area, state, &chrome);
        black_box(&buf);
    };

    let mut group = c.benchmark_group("library_10000_80x24");
    group.sample_size(20);
    // From the listing's message to the first frame: the rows built, sorted and drawn.
    group.bench_function("first_frame_after_listing", |b| {
        b.iter(|| {
            let state = listed(&docs);
            draw(&state);
        })
    });
    // Every title arriving as its own message, sorted by title (each moves one row), and a
    // frame at the end.
    group.bench_function("10000_titles_one_message_each_by_title", |b| {
        b.iter_batched(
            || {
                let mut state = listed(&docs);
                update(&mut state, Action::CycleSort);
                state
            },
            |mut state| {
                for (path, summary) in &docs {
                    update(&mut state, Msg::Summarised(path.clone(), summary.clone()));
                }
                draw(&state);
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // The same in the default order (recent): no row moves.
    group.bench_function("10000_titles_one_message_each_by_recent", |b| {
        b.iter_batched(
            || listed(&docs),
            |mut state| {
                for (path, summary) in &docs {
                    update(&mut state, Msg::Summarised(path.clone(), summary.clone()));
                }
                draw(&state);
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let mut state = listed(&docs);
    for (path, summary) in &docs {
        update(&mut state, Msg::Summarised(path.clone(), summary.clone()));
    }
    update(&mut state, Action::Filter);
    update(&mut state, Msg::Typed("th".into()));
    // One keystroke of the filter on every title and path (folded), then the frame: a letter
    // typed, then taken back.
    group.bench_function("filter_keystroke", |b| {
        b.iter(|| {
            update(&mut state, Msg::Typed("e".into()));
            draw(&state);
            update(&mut state, Action::Backspace);
            draw(&state);
        })
    });
    update(&mut state, Action::Backspace);
    update(&mut state, Action::Backspace);
    group.bench_function("filter_keystroke_cjk", |b| {
        b.iter(|| {
            update(&mut state, Msg::Typed("章".into()));
            draw(&state);
            update(&mut state, Action::Backspace);
            draw(&state);
        })
    });
    // A real folder (libcore's generated articles, `cargo run --release --example library`),
    // when KAN_LIBRARY_DIR names one: listing it with `library::scan`, then the first frame.
    if let Some(dir) = std::env::var_os("KAN_LIBRARY_DIR").map(PathBuf::from) {
        group.bench_function("scan_and_first_frame_of_a_real_folder", |b| {
            b.iter(|| {
                let mut state = empty_state();
                update(&mut state, Msg::ShowLibrary(Some(dir.clone())));
                update(&mut state, Msg::LibraryListed(kan::library::scan(&dir)));
                draw(&state);
            })
        });
    }
    group.finish();

    // Once, outside criterion: the wall time of the first frame, as a user starting kan sees it.
    let start = Instant::now();
    let state = listed(&docs);
    draw(&state);
    println!("first frame after listing 10,000 documents: {:?}", start.elapsed());
}

criterion_group!(benches, library);
criterion_main!(benches);
