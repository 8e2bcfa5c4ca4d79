//! Random key sequences and resizes never panic the reader, and its views stay in bounds.

use kan::document::{Document, Format};
use kan::reader::{Action, Msg, Settings, State, update};
use proptest::prelude::*;
use strum::IntoEnumIterator;

const DOCS: &[(&str, Format)] = &[
    (include_str!("docs/keys.md"), Format::Markdown),
    (include_str!("docs/e2e_novel.txt"), Format::Text),
    ("", Format::Text),
    ("一行", Format::Text),
];

#[derive(Clone, Debug)]
enum Step {
    Act(Action),
    Type(String),
    Resize(u16, u16),
    Paste(String),
    Wheel(u16, u16, bool),
    Click(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    let actions: Vec<Action> =
        Action::iter().filter(|a| !matches!(a, Action::Quit | Action::Suspend)).collect();
    prop_oneof![
        8 => prop::sample::select(actions).prop_map(Step::Act),
        2 => prop::sample::select(vec!["灯", "a", "第", "ＡＩ", " ", "章节"]).prop_map(|s| Step::Type(s.to_string())),
        1 => (1u16..220, 1u16..70).prop_map(|(c, r)| Step::Resize(c, r)),
        1 => (0u16..220, 0u16..70, any::<bool>()).prop_map(|(c, r, d)| Step::Wheel(c, r, d)),
        1 => prop::sample::select(vec!["灯\n火", "a\r\nb", "\t第\x1b[31m", ""]).prop_map(|s| Step::Paste(s.to_string())),
        1 => (0u16..220, 0u16..70).prop_map(|(c, r)| Step::Click(c, r)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_key_sequence_keeps_the_views_in_bounds(
        doc in 0..DOCS.len(),
        cols in 1u16..200,
        rows in 1u16..60,
        steps in prop::collection::vec(step(), 0..60),
    ) {
        let (text, format) = DOCS[doc];
        let mut state = State::new(Document::parse(text.to_string(), format), "doc", Settings::default(), cols, rows);
        for step in steps {
            match step {
                Step::Act(action) => {
                    update(&mut state, action);
                }
                Step::Type(text) => {
                    update(&mut state, Msg::Typed(text));
                }
                Step::Paste(text) => {
                    update(&mut state, Msg::Pasted(text));
                }
                Step::Resize(cols, rows) => {
                    update(&mut state, Msg::Resized { cols, rows });
                }
                Step::Wheel(col, row, down) => {
                    update(&mut state, Msg::Wheel { col, row, down });
                }
                Step::Click(col, row) => {
                    update(&mut state, Msg::Click { col, row });
                }
            }
            prop_assert!(state.geometry.too_small || state.geometry.views.len() == state.views.len());
            for (i, view) in state.views.iter().enumerate() {
                prop_assert!(view.lines.len() <= state.view_height(i));
                // A screen too small for panes draws no view at all.
                if let Some(area) = state.view_text_area(i) {
                    for (_, line) in &view.lines {
                        prop_assert!(line.width <= area.width as usize, "{line:?} wider than {area:?}");
                    }
                }
            }
            let o = &state.outline;
            prop_assert!(o.entries.is_empty() || o.selected < o.entries.len());
            prop_assert!(state.active_view < state.views.len());
            if let Some(c) = state.search.current {
                prop_assert!(c < state.search.matches.len());
            }
        }
    }
}
