//! The library of recently read documents: the reading positions, newest first.

use super::Found;
use crate::store::Position;

/// The problem of a remembered document whose file is gone: the row stays, marked, until the
/// user removes it from the history.
pub const MISSING: &str = "missing";

/// The documents of `positions`, newest first (by when the position was saved); one whose file
/// no longer exists is [`Found::is_missing`]. Checks that each file exists, nothing more.
pub fn recent(positions: &[Position]) -> Vec<Found> {
    let mut newest: Vec<&Position> = positions.iter().collect();
    // Stable, so equal times keep the file's order; a path saved twice (a hand edit) is listed once.
    newest.sort_by_key(|p| std::cmp::Reverse(p.updated));
    let mut seen = std::collections::HashSet::new();
    newest
        .into_iter()
        .filter(|p| seen.insert(&p.doc.path))
        .map(|p| Found {
            path: p.doc.path.clone(),
            problem: (!p.doc.path.exists()).then(|| MISSING.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DocId, Fingerprint, TextAnchor};
    use std::path::Path;

    fn position(path: &Path, second: i64) -> Position {
        Position {
            doc: DocId { path: path.to_path_buf(), fingerprint: Fingerprint::default() },
            anchor: TextAnchor::default(),
            updated: jiff::Timestamp::from_second(second).unwrap(),
        }
    }

    #[test]
    fn newest_first_and_a_gone_file_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.md");
        let new = dir.path().join("new.md");
        let gone = dir.path().join("gone.md");
        std::fs::write(&old, "x").unwrap();
        std::fs::write(&new, "x").unwrap();
        let positions = [position(&old, 100), position(&gone, 200), position(&new, 300), position(&old, 50)];
        let found = recent(&positions);
        assert_eq!(
            found,
            vec![Found::ok(&new), Found { path: gone, problem: Some(MISSING.into()) }, Found::ok(&old)]
        );
        assert!(found[1].is_missing());
        assert!(!found[0].is_missing());
    }
}
