//! Decode + parse + outline of a generated 50 MB Chinese novel, a 10 MB Markdown article and a
//! million short lines:
//! throughput with criterion, and peak heap against the file size with a counting allocator.
//! Also the parse of a big novel's first part, which a progressive open does before its first
//! screen.
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use kan::document::{Document, Format};

/// Counts live heap bytes and their peak, so the bench can report peak heap / file size.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // A moving realloc briefly holds both blocks; count the worst case.
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const NOVEL_BYTES: usize = 50 << 20;

/// What a reader does with a file's bytes: decode, parse, build the outline.
fn load(bytes: Vec<u8>) -> Document {
    let decoded = kan::decode::decode(bytes, None).expect("generated text decodes");
    Document::parse(decoded.text, Format::Text)
}

fn million_lines() -> String {
    let mut text = String::with_capacity(16 << 20);
    for i in 0..1_000_000 {
        text.push_str(match i % 4 {
            0 => "第一章 风起\n",
            1 => "　　他走了。\n",
            2 => "\n",
            _ => "short line\n",
        });
    }
    text
}

/// Peak heap while loading `bytes` (which already count as live), as a multiple of their size.
fn peak_ratio(bytes: Vec<u8>) -> (f64, usize, usize) {
    let size = bytes.len();
    let base = LIVE.load(Ordering::Relaxed) - size;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let doc = load(bytes);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let sections = doc.outline.len();
    drop(doc);
    (peak as f64 / size as f64, peak, sections)
}

fn bench(c: &mut Criterion) {
    let novel = common::chinese_novel(NOVEL_BYTES).into_bytes();
    let lines = million_lines().into_bytes();

    let (ratio, peak, sections) = peak_ratio(novel.clone());
    eprintln!(
        "novel: {} bytes, {sections} sections, peak heap {peak} bytes = {ratio:.3} × file size",
        novel.len()
    );
    let article = common::chinese_markdown_article(10 << 20).into_bytes();
    let size = article.len();
    let base = LIVE.load(Ordering::Relaxed) - size;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let doc = Document::parse(
        kan::decode::decode(article, None).expect("generated text decodes").text,
        Format::Markdown,
    );
    let peak = PEAK.load(Ordering::Relaxed) - base;
    eprintln!(
        "markdown: {size} bytes, {} sections, peak heap {peak} bytes = {:.3} × file size",
        doc.outline.len(),
        peak as f64 / size as f64
    );
    drop(doc);
    let (ratio, peak, sections) = peak_ratio(lines.clone());
    eprintln!(
        "million lines: {} bytes, {sections} sections, peak heap {peak} bytes = {ratio:.3} × file size",
        lines.len()
    );

    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(novel.len() as u64));
    group.bench_function("chinese_novel_50MB", |b| {
        b.iter_batched(|| novel.clone(), |bytes| black_box(load(bytes)), BatchSize::PerIteration)
    });
    let novel_text = String::from_utf8(novel.clone()).expect("generated text is UTF-8");
    group.bench_function("chinese_novel_50MB_parse_only", |b| {
        b.iter_batched(
            || novel_text.clone(),
            |text| black_box(Document::parse(text, Format::Text)),
            BatchSize::PerIteration,
        )
    });
    drop(novel_text);
    // Markdown: the parse a background thread would run on a 10 MB article.
    let article = common::chinese_markdown_article(10 << 20);
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("chinese_markdown_10MB_parse_only", |b| {
        b.iter_batched(
            || article.clone(),
            |text| black_box(Document::parse(text, Format::Markdown)),
            BatchSize::PerIteration,
        )
    });
    drop(article);
    group.throughput(Throughput::Bytes(lines.len() as u64));
    group.bench_function("million_lines", |b| {
        b.iter_batched(|| lines.clone(), |bytes| black_box(load(bytes)), BatchSize::PerIteration)
    });
    group.finish();
}

/// The first part of the 10 MB novel as a progressive open cuts it, then parses it, and the
/// whole 10 MB novel for comparison.
fn first_part(c: &mut Criterion) {
    let novel = common::chinese_novel(10 << 20);
    let head = &novel.as_bytes()[..kan::progressive::FIRST_PART];
    let cut = kan::progressive::cut_at_paragraph_end(head).expect("the novel has blank lines");
    let part = novel[..cut].to_string();
    let mut group = c.benchmark_group("first_part");
    group.throughput(Throughput::Bytes(part.len() as u64));
    group.bench_function("chinese_novel_10MB_first_128KiB_parse", |b| {
        b.iter_batched(
            || part.clone(),
            |text| black_box(Document::parse(text, Format::Text)),
            BatchSize::SmallInput,
        )
    });
    group.sample_size(10);
    group.throughput(Throughput::Bytes(novel.len() as u64));
    group.bench_function("chinese_novel_10MB_parse", |b| {
        b.iter_batched(
            || novel.clone(),
            |text| black_box(Document::parse(text, Format::Text)),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_group!(first_part_benches, first_part);

fn main() {
    first_part_benches();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
