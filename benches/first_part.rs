//! The parse behind a big file's first screen (issue 14): the first part of a generated 10 MB
//! Markdown article, cut as the reader cuts it, parsed into a Document; pulldown-cmark's events
//! alone over the same text, to tell its share from ours; and a novel's first part beside it.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kan::document::{Document, Format, markdown};
use kan::progressive::{FIRST_PART, cut_at_paragraph_end};
use pulldown_cmark::Parser;

/// The text of the first part of `whole`, as `progressive::first_part_of` cuts it.
fn first_part(whole: &str) -> String {
    let head = &whole.as_bytes()[..FIRST_PART.min(whole.len())];
    let cut = cut_at_paragraph_end(head).expect("the head has a line break");
    std::str::from_utf8(&head[..cut]).expect("cut at a line break").to_owned()
}

fn bench(c: &mut Criterion) {
    let article = first_part(&common::chinese_markdown_article(10 << 20));
    let novel = first_part(&common::chinese_novel(10 << 20));
    let kib = FIRST_PART >> 10;

    let mut group = c.benchmark_group("first_part_parse");
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function(format!("markdown_10MB_first_{kib}KiB"), |b| {
        b.iter(|| black_box(Document::parse(article.clone(), Format::Markdown)))
    });
    group.bench_function(format!("markdown_10MB_first_{kib}KiB_pulldown_events_only"), |b| {
        b.iter(|| {
            let parser = Parser::new_ext(&article, markdown::options()).into_offset_iter();
            black_box(parser.map(|(_, range)| range.end).sum::<usize>())
        })
    });
    group.throughput(Throughput::Bytes(novel.len() as u64));
    group.bench_function(format!("novel_10MB_first_{kib}KiB"), |b| {
        b.iter(|| black_box(Document::parse(novel.clone(), Format::Text)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
