//! Drives the reader with key strings written as in the config, without spaces: "gg]]/AI<Enter>n".
#![allow(dead_code)]

use kan::config::Config;
use kan::keymap::Key;
use kan::reader::input::Input;
use kan::reader::{Effect, State};

/// The keys of a compact key string: `<...>` groups or single characters.
pub fn keys(text: &str) -> Vec<Key> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let token = if c == '<' && rest.len() > 1 {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            &rest[..end]
        } else {
            &rest[..c.len_utf8()]
        };
        rest = &rest[token.len()..];
        out.push(token.parse().unwrap_or_else(|e| panic!("bad key {token:?}: {e:?}")));
    }
    out
}

/// Presses keys through the default keymap and returns the effects.
pub fn press(state: &mut State, text: &str) -> Vec<Effect> {
    let config = Config::defaults();
    let mut input = Input::default();
    keys(text).into_iter().flat_map(|key| input.key(state, &config.keymap, key)).collect()
}

/// The text of the first content row of view `i`.
pub fn top_line(state: &State, i: usize) -> String {
    state.views[i].lines.first().map(|(_, l)| l.text.clone()).unwrap_or_default()
}
