//! Changes to the bookmarks, merged by id into whatever the file holds when they are applied.

use std::collections::HashMap;

use super::Bookmark;

/// A change to the bookmarks, merged by id into whatever the file holds when it is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookmarkOp {
    /// Adds the bookmark, or replaces the one with its id (so an undone delete comes back as it was).
    Add(Bookmark),
    /// Replaces the bookmark with this id if it is still there (a re-placed anchor, a bookmark
    /// re-pointed); never brings back one deleted meanwhile.
    Update(Bookmark),
    /// Deletes the bookmark with this id, if it is there.
    Delete(String),
    /// Sets the label of the bookmark with this id, if it is there.
    Rename { id: String, label: String },
}

/// Applies `ops` in order. A few are applied by scanning the list; many (an import, a first
/// save of many) through an index by id, so the work stays linear.
pub(super) fn apply_ops(list: &mut Vec<Bookmark>, ops: &[BookmarkOp]) {
    if ops.len() <= 16 {
        for op in ops {
            apply_op(list, op);
        }
        return;
    }
    let mut slots: Vec<Option<Bookmark>> = list.drain(..).map(Some).collect();
    let mut index: HashMap<String, usize> =
        slots.iter().enumerate().filter_map(|(i, b)| Some((b.as_ref()?.id.clone(), i))).collect();
    for op in ops {
        match op {
            BookmarkOp::Add(bookmark) => match index.get(&bookmark.id) {
                Some(&i) => slots[i] = Some(bookmark.clone()),
                None => {
                    index.insert(bookmark.id.clone(), slots.len());
                    slots.push(Some(bookmark.clone()));
                }
            },
            BookmarkOp::Update(bookmark) => {
                if let Some(&i) = index.get(&bookmark.id) {
                    slots[i] = Some(bookmark.clone());
                }
            }
            BookmarkOp::Delete(id) => {
                if let Some(i) = index.remove(id) {
                    slots[i] = None;
                }
            }
            BookmarkOp::Rename { id, label } => {
                if let Some(bookmark) = index.get(id).and_then(|&i| slots[i].as_mut()) {
                    bookmark.label.clone_from(label);
                }
            }
        }
    }
    list.extend(slots.into_iter().flatten());
}

fn apply_op(list: &mut Vec<Bookmark>, op: &BookmarkOp) {
    let position = |id: &str, list: &[Bookmark]| list.iter().position(|b| b.id == id);
    match op {
        BookmarkOp::Add(bookmark) => match position(&bookmark.id, list) {
            Some(i) => list[i] = bookmark.clone(),
            None => list.push(bookmark.clone()),
        },
        BookmarkOp::Update(bookmark) => {
            if let Some(i) = position(&bookmark.id, list) {
                list[i] = bookmark.clone();
            }
        }
        BookmarkOp::Delete(id) => list.retain(|b| &b.id != id),
        BookmarkOp::Rename { id, label } => {
            if let Some(i) = position(id, list) {
                list[i].label.clone_from(label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bookmarks::tests::sample;

    #[test]
    fn many_ops_at_once_give_what_one_at_a_time_gives() {
        let (doc, document) = sample();
        let marks: Vec<Bookmark> = (0..30).map(|i| Bookmark::new(&doc, &document, i, "")).collect();
        let mut ops: Vec<BookmarkOp> = marks.iter().cloned().map(BookmarkOp::Add).collect();
        ops.push(BookmarkOp::Delete(marks[3].id.clone()));
        ops.push(BookmarkOp::Update(marks[3].clone()));
        ops.push(BookmarkOp::Rename { id: marks[5].id.clone(), label: "五".into() });
        ops.push(BookmarkOp::Delete(marks[7].id.clone()));
        ops.push(BookmarkOp::Add(marks[7].clone()));
        ops.push(BookmarkOp::Add(Bookmark { label: "新".into(), ..marks[9].clone() }));
        let start = vec![marks[0].clone()];
        let mut bulk = start.clone();
        apply_ops(&mut bulk, &ops);
        let mut one_by_one = start;
        for op in &ops {
            apply_op(&mut one_by_one, op);
        }
        assert_eq!(bulk, one_by_one);
        assert_eq!(bulk.len(), 29);
        assert_eq!(bulk.iter().filter(|b| b.label == "五" || b.label == "新").count(), 2);
    }
}
