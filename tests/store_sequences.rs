//! Random sequences of adds, deletes, renames and re-adds through the bookmark store reload to
//! the same bookmarks, from the cache and from the TOML file alike; and past 10,000 bookmarks,
//! appends and the rewrites that compact them lose nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use kan::store::{Bookmark, BookmarkOp, BookmarkStore, DocId, Fingerprint, TextAnchor};
use proptest::prelude::*;

/// A bookmark in document `doc` (one of a few) at `offset`, with a label.
fn bookmark(id: String, doc: usize, offset: usize, label: &str) -> Bookmark {
    Bookmark {
        id,
        doc: DocId {
            path: PathBuf::from(format!("/books/shelf/novel-{doc:04}.md")),
            fingerprint: Fingerprint { len: 1 << 20, hash: doc as u64 * 0x9e37_79b9 },
        },
        anchor: TextAnchor {
            offset,
            heading: vec![format!("第{}章", offset % 9)],
            before: "山路雨夜".into(),
            quote: "灯火未明，\"客人\"请坐。".into(),
        },
        label: label.to_owned(),
        created: jiff::Timestamp::from_second(1_775_000_000 + offset as i64).expect("a time"),
        moved: false,
        extra: String::new(),
    }
}

/// Checks the store holds exactly `model`, read through the cache and from the TOML file, and
/// that both give the same bookmarks in the same order.
fn check(store: &BookmarkStore, model: &BTreeMap<String, Bookmark>) -> Result<(), TestCaseError> {
    let cached = store.load();
    prop_assert!(cached.warning.is_none(), "{:?}", cached.warning);
    let _ = fs::remove_file(store.path().with_extension("cache"));
    let parsed = store.load_read_only();
    prop_assert!(parsed.warning.is_none(), "{:?}", parsed.warning);
    prop_assert_eq!(&cached.value, &parsed.value);
    let got: BTreeMap<String, Bookmark> = parsed.value.into_iter().map(|b| (b.id.clone(), b)).collect();
    prop_assert_eq!(got.len(), cached.value.len(), "ids are unique");
    prop_assert_eq!(&got, model);
    Ok(())
}

#[derive(Clone, Debug)]
enum Step {
    Add {
        doc: usize,
        offset: usize,
    },
    /// Two at once, in two documents.
    AddTwo {
        doc: usize,
        offset: usize,
    },
    Delete(proptest::sample::Index),
    Rename(proptest::sample::Index, String),
    /// Adds back the last bookmark deleted, as the pane's undo does.
    Undo,
    /// Reads and compares midway, which also rebuilds the cache from the TOML file.
    Check,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..5usize, 0..100_000usize).prop_map(|(doc, offset)| Step::Add { doc, offset }),
        1 => (0..5usize, 0..100_000usize).prop_map(|(doc, offset)| Step::AddTwo { doc, offset }),
        2 => any::<proptest::sample::Index>().prop_map(Step::Delete),
        2 => (any::<proptest::sample::Index>(), "[a-z山\"\\\\ ]{0,6}").prop_map(|(i, l)| Step::Rename(i, l)),
        1 => Just(Step::Undo),
        1 => Just(Step::Check),
    ]
}

proptest! {
    // Every step is an fsync: few cases, each a long sequence.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_sequence_of_changes_reloads_to_the_same_bookmarks(steps in proptest::collection::vec(step(), 1..60)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = BookmarkStore::new(dir.path());
        let mut model: BTreeMap<String, Bookmark> = BTreeMap::new();
        let mut deleted: Vec<Bookmark> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            let pick = |i: &proptest::sample::Index| {
                let ids: Vec<&String> = model.keys().collect();
                (!ids.is_empty()).then(|| ids[i.index(ids.len())].clone())
            };
            let ops = match step {
                Step::Add { doc, offset } => vec![BookmarkOp::Add(bookmark(format!("b{n}"), doc, offset, ""))],
                Step::AddTwo { doc, offset } => vec![
                    BookmarkOp::Add(bookmark(format!("b{n}"), doc, offset, "一")),
                    BookmarkOp::Add(bookmark(format!("c{n}"), doc + 1, offset / 2, "二")),
                ],
                Step::Delete(i) => match pick(&i) {
                    Some(id) => vec![BookmarkOp::Delete(id)],
                    None => continue,
                },
                Step::Rename(i, label) => match pick(&i) {
                    Some(id) => vec![BookmarkOp::Rename { id, label }],
                    None => continue,
                },
                Step::Undo => match deleted.pop() {
                    Some(b) => vec![BookmarkOp::Add(b)],
                    None => continue,
                },
                Step::Check => {
                    check(&store, &model)?;
                    continue;
                }
            };
            store.apply(&ops).expect("apply");
            for op in ops {
                match op {
                    BookmarkOp::Add(b) => {
                        model.insert(b.id.clone(), b);
                    }
                    BookmarkOp::Delete(id) => deleted.extend(model.remove(&id)),
                    BookmarkOp::Rename { id, label } => {
                        if let Some(b) = model.get_mut(&id) {
                            b.label = label;
                        }
                    }
                    BookmarkOp::Update(_) => unreachable!("not generated"),
                }
            }
        }
        check(&store, &model)?;
    }
}

#[test]
fn past_ten_thousand_appends_and_compactions_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BookmarkStore::new(dir.path());
    let mut model: BTreeMap<String, Bookmark> = (0..10_000)
        .map(|i| {
            bookmark(format!("m{i:05}"), i / 10, i * 97 % 1_000_000, if i % 5 == 0 { "重读" } else { "" })
        })
        .map(|b| (b.id.clone(), b))
        .collect();
    let ops: Vec<BookmarkOp> = model.values().cloned().map(BookmarkOp::Add).collect();
    store.apply(&ops).expect("write 10,000");
    // More adds than appends may pile up before a compaction, spread over the documents.
    for i in 0..40 {
        let added = bookmark(format!("n{i:02}"), i * 37 % 1_000, i * 1_234, "");
        store.apply(&[BookmarkOp::Add(added.clone())]).expect("add");
        model.insert(added.id.clone(), added);
    }
    let text = fs::read_to_string(store.path()).expect("read");
    let tables = text.lines().filter(|l| *l == "[[document]]").count();
    assert!(tables <= 1_000 + 32, "appended tables are compacted: {tables}");
    for id in ["m00000", "n39", "m09999"] {
        store.apply(&[BookmarkOp::Delete(id.into())]).expect("delete");
        model.remove(id);
    }
    store.apply(&[BookmarkOp::Rename { id: "n00".into(), label: "改".into() }]).expect("rename");
    if let Some(b) = model.get_mut("n00") {
        b.label = "改".into();
    }
    check(&store, &model).expect("the same bookmarks");
}
