//! Fuzzes sanitising and wrapping: any text at any width never panics, never gives a line wider
//! than the width, never lets a control character through, and loses no text.
#![no_main]

use kan::layout::LayoutOptions;
use kan::layout::sanitize::sanitize;
use kan::layout::width::str_width;
use kan::layout::wrap::{wrap_code, wrap_prose};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, bool, &str)| {
    let (width, wide, text) = input;
    let width = usize::from(width).max(1);
    let clean = sanitize(text, 4, wide);
    for segments in [
        wrap_prose(&clean.text, &clean.hints, width, wide),
        wrap_code(&clean.text, width, wide),
    ] {
        let mut at = 0;
        for seg in &segments {
            let drawn = seg.draw(&clean.text);
            assert!(str_width(&drawn, wide) <= width, "{drawn:?} wider than {width}");
            assert!(!drawn.chars().any(char::is_control), "control in {drawn:?}");
            assert!(seg.start >= at, "segments out of order");
            assert!(clean.text[at..seg.start].chars().all(|c| c == ' ' || c == '\u{3000}' || c == '\n'));
            at = seg.end;
        }
    }
    let _ = LayoutOptions::new(width);
});
