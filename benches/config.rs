//! Reading configs: the built-in defaults (from TOML, and as a start builds them), a small user
//! file over them, and a file with very many errors (40,000 unknown keys, one per line and all on
//! one line; locating every error from the start of the file once made this quadratic: 11.6 s).
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kan::config::{Config, LoadOptions};

/// A typical user file: a setting, a theme colour and two remapped keys.
const SMALL_USER_FILE: &str = r##"
[layout]
max_text_width = 100

[theme]
name = "light"
heading1 = { fg = "#d75f00", bold = true }

[keys.content]
next_heading = "n"
next_match = ["<C-n>", "<F3>"]
"##;

fn config_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("config_load");
    // What every start did until the defaults were compiled in.
    group.bench_function("built-in defaults read from TOML", |b| b.iter(Config::read_defaults));
    // A start without a user file: the compiled defaults, built afresh each time.
    group.bench_function("no user file", |b| {
        b.iter(|| Config::load(None, None, black_box(&LoadOptions::default())).expect("no file"))
    });
    group.bench_function("small user file over the defaults", |b| {
        b.iter(|| Config::parse(black_box(SMALL_USER_FILE), "config.toml").expect("valid"))
    });
    group.finish();
}

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

criterion_group!(benches, config_load, many_unknown_keys);
criterion_main!(benches);
