//! Fuzzes sanitising and wrapping: any text at any width never panics, never gives a line wider
//! than the width, never lets a control character through, and loses no text.
#![no_main]

use kan::layout::LayoutOptions;
use kan::layout::sanitize::sanitize_for_wrapping;
use kan::layout::width::str_width;
use kan::layout::wrap::{wrap_code, wrap_prose};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, bool, &str)| {
    let (width, wide, text) = input;
    let width = usize::from(width).max(1);
    let clean = sanitize_for_wrapping(text, 4, wide);
    let mut options = LayoutOptions::new(width);
    options.ambiguous_wide = wide;
    for segments in [wrap_prose(&clean.text, &clean.hints, options), wrap_code(&clean.text, options)] {
        let mut at = 0;
        for seg in &segments {
            let drawn = seg.draw(&clean.text, options);
            assert!(str_width(&drawn, wide) <= width, "{drawn:?} wider than {width}");
            assert!(!drawn.chars().any(char::is_control), "control in {drawn:?}");
            assert!(seg.start >= at, "segments out of order");
            assert!(clean.text[at..seg.start].chars().all(|c| matches!(c, ' ' | '\u{3000}' | '\n' | '\t')));
            at = seg.end;
        }
    }
});
