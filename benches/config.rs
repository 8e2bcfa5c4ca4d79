//! Reading a config with very many errors: 40,000 unknown keys, one per line and all on one
//! line. Locating every error from the start of the file once made this quadratic (11.6 s).
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::config::Config;

fn many_unknown_keys(c: &mut Criterion) {
    let mut lines = String::from("[layout]\n");
    let mut one_line = String::from("layout = {");
    for i in 0..40_000 {
        lines.push_str(&format!("unknown_{i} = 1\n"));
        one_line.push_str(&format!("unknown_{i} = 1, "));
    }
    one_line.push_str("x = 1}\n");
    let mut group = c.benchmark_group("config");
    group.sample_size(10);
    group.bench_function("40k unknown keys, one per line", |b| {
        b.iter(|| Config::parse(black_box(&lines), "many.toml").expect_err("unknown keys"))
    });
    group.bench_function("40k unknown keys, one line", |b| {
        b.iter(|| Config::parse(black_box(&one_line), "many.toml").expect_err("unknown keys"))
    });
    group.finish();
}

criterion_group!(benches, many_unknown_keys);
criterion_main!(benches);
