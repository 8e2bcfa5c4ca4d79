//! A file that is one 10 MB line (issue 14), at 120×40: the reader's state built over its first
//! part (what the first screen waits for), the first keys pressed there while the rest is read,
//! and steps inside the whole paragraph once it is complete, cold (a fresh layout, as after a
//! jump or a resume) and in a row. Each should cost about the lines it shows, not a segment.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kan::document::{Anchor, Document, Format};
use kan::layout::Layout;
use kan::progressive::{self, FIRST_PART};
use kan::reader::loading::Loading;
use kan::reader::{Action, Msg, Settings, State, update};

const SIZE: usize = 10 << 20;
const COLS: u16 = 120;
const ROWS: u16 = 40;

/// The reader's state over the first part of the one-line text, as the reader opens it: the
/// rest still to be read.
fn first_part_state(head: &[u8]) -> State {
    let doc = progressive::first_part_of(head.to_vec(), Format::Text, None).expect("a first part");
    let mut state = State::new(doc, "one-line.txt", Settings::default(), COLS, ROWS);
    let loading = Loading::new(SIZE as u64, "one-line.txt".into(), false);
    update(&mut state, Msg::ReadingRest(Box::new(loading)));
    state
}

fn bench(c: &mut Criterion) {
    let text = common::single_line(SIZE);
    let head = text.as_bytes()[..FIRST_PART].to_vec();

    let mut group = c.benchmark_group("one_line_first_part_120x40");
    group.bench_function("state_new", |b| {
        b.iter_batched(
            || progressive::first_part_of(head.clone(), Format::Text, None).expect("a first part"),
            |doc| black_box(State::new(doc, "one-line.txt", Settings::default(), COLS, ROWS)),
            BatchSize::SmallInput,
        )
    });
    for (name, action) in [("j", Action::LineDown), ("C-d", Action::HalfPageDown), ("C-f", Action::PageDown)]
    {
        group.bench_function(format!("first_{name}"), |b| {
            b.iter_batched(
                || first_part_state(&head),
                |mut state| {
                    update(&mut state, action);
                    black_box(state)
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    // The whole paragraph, once complete: 160 segments of 64 KiB.
    let doc = Document::parse(text, Format::Text);
    assert_eq!(doc.blocks.len(), 1, "one paragraph");
    let mut state = State::new(doc, "one-line.txt", Settings::default(), COLS, ROWS);
    let options = state.layout.options();
    let at_90 = Anchor(state.doc.text.len() / 10 * 9);
    let mut group = c.benchmark_group("one_line_10MB_120x40");
    for (name, action) in [("j", Action::LineDown), ("C-d", Action::HalfPageDown), ("C-f", Action::PageDown)]
    {
        // A fresh layout with the screen at 90 % (a resumed position): the first key there.
        group.bench_function(format!("cold_{name}_at_90pct"), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    state.layout = Layout::new(options);
                    update(&mut state, Msg::Resumed(at_90));
                    let start = Instant::now();
                    update(&mut state, action);
                    spent += start.elapsed();
                }
                black_box(&state.views[0]);
                spent
            })
        });
    }
    // Keys in a row from the top, through segment after segment (back to the top at 50 %: far
    // more segments than the layout keeps, so each pass lays them out again).
    let near_end = state.doc.text.len() / 2;
    update(&mut state, Action::Top);
    for (name, action) in [("j", Action::LineDown), ("C-f", Action::PageDown)] {
        group.bench_function(format!("{name}_in_a_row"), |b| {
            b.iter(|| {
                if state.views[0].anchor.0 > near_end {
                    update(&mut state, Action::Top);
                }
                update(&mut state, action);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
