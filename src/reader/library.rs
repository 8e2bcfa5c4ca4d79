//! The library mode's state: one row per document (what listing found, its summary when the
//! background thread has read it, what the reading history says of it), a filter and a sort
//! order, and the selection, which stays on the same document whatever arrives or changes.
//!
//! Rows are never re-sorted as a whole when one of them learns something: a summary or a visit
//! moves that one row, so ten thousand summaries arriving one by one cost ten thousand binary
//! searches, not ten thousand sorts.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::list::ListState;
use super::search::Query;
use crate::library::{Found, Summary};
use crate::text::fold::fold_chars;

/// The order of the rows; the sort key cycles through them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most recently read first, then the others by path.
    #[default]
    Recent,
    Title,
    Path,
    /// Furthest read first.
    Progress,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Recent => Sort::Title,
            Sort::Title => Sort::Path,
            Sort::Path => Sort::Progress,
            Sort::Progress => Sort::Recent,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Sort::Recent => "recent",
            Sort::Title => "title",
            Sort::Path => "path",
            Sort::Progress => "progress",
        }
    }
}

/// What the reading history says of one document: how far it was read and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub path: PathBuf,
    /// The saved position, a byte offset into the text, and the text's length then.
    pub offset: usize,
    pub text_len: usize,
    pub read: jiff::Timestamp,
    /// Whether the file is gone.
    pub missing: bool,
}

impl Visit {
    /// How far into the document, 0 to 100.
    pub fn percent(&self) -> u8 {
        match self.text_len {
            0 => 0,
            len => (self.offset as u128 * 100 / len as u128).min(100) as u8,
        }
    }
}

/// What the stores know of the documents: the reading history, newest first, and how many
/// bookmarks each document has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub visits: Vec<Visit>,
    pub bookmarks: Vec<(PathBuf, usize)>,
}

/// One document of the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub found: Found,
    /// `None` until the background thread has read it.
    pub summary: Option<Summary>,
    /// Progress in % and the last time it was read, from the reading history.
    pub percent: Option<u8>,
    pub read: Option<jiff::Timestamp>,
    pub bookmarks: usize,
    /// The file is gone (a document of the history moved or deleted, or one that vanished).
    pub missing: bool,
    /// What the filter looks in: the title and the path, shown as text.
    haystack: String,
    /// The title folded, for sorting by title.
    title_key: String,
}

impl Row {
    fn new(found: Found, root: Option<&Path>) -> Row {
        let mut row = Row {
            summary: None,
            percent: None,
            read: None,
            bookmarks: 0,
            haystack: String::new(),
            title_key: String::new(),
            missing: found.is_missing(),
            found,
        };
        row.rekey(root);
        row
    }

    /// The title to show: the document's own, else its file name (lossy: U+FFFD for what is
    /// not UTF-8).
    pub fn title(&self) -> String {
        match self.summary.as_ref().and_then(|s| s.title.as_deref()) {
            Some(title) if !title.trim().is_empty() => title.to_string(),
            _ => file_name(&self.found.path),
        }
    }

    /// Why it can't be read, from listing or from reading it (a missing file is `missing`).
    pub fn problem(&self) -> Option<&str> {
        let listed = self.found.problem.as_deref().filter(|_| !self.found.is_missing());
        listed.or_else(|| self.summary.as_ref()?.problem.as_deref())
    }

    fn rekey(&mut self, root: Option<&Path>) {
        let title = self.title();
        self.title_key = fold_chars(&title).into_iter().collect();
        let path = shown_path(&self.found.path, root);
        self.haystack = format!("{title}\n{path}");
    }
}

/// The file name of `path`, or the whole path when it has none.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// `path` relative to `root` when it is below it, as text.
pub fn shown_path(path: &Path, root: Option<&Path>) -> String {
    let relative = root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path);
    relative.to_string_lossy().into_owned()
}

/// The library: the documents below a folder, or the ones read lately.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// The folder listed; `None` for the recent list.
    pub root: Option<PathBuf>,
    pub rows: Vec<Row>,
    by_path: HashMap<PathBuf, usize>,
    /// Every row in sort order, so that filtering never sorts.
    order: Vec<usize>,
    /// The rows shown, after the filter, in sort order: indices into `rows`.
    pub shown: Vec<usize>,
    /// The selection, as an index into `shown`.
    pub list: ListState,
    pub filter: String,
    /// Whether the filter matches exactly, without folding.
    exact: bool,
    pub sort: Sort,
    /// Whether the library is on screen; a document opened from it keeps it for the way back.
    pub visible: bool,
    /// How many rows have a summary.
    pub summarised: usize,
    /// Whether listing (or the history, for the recent list) has said anything yet.
    pub listed: bool,
    /// Whether the user has moved the selection: until then it stays on the first row, whatever
    /// arrives, and after that on the document chosen.
    pub chosen: bool,
}

impl Library {
    /// An empty library of `root` (`None`: the recent list), on screen.
    pub fn new(root: Option<PathBuf>) -> Library {
        Library { root, visible: true, ..Library::default() }
    }

    /// Whether this is the list of recently read documents.
    pub fn is_recent(&self) -> bool {
        self.root.is_none()
    }

    /// The selected row, if any is shown.
    pub fn selected(&self) -> Option<&Row> {
        self.shown.get(self.list.selected()).map(|&r| &self.rows[r])
    }

    pub fn row_of(&self, path: &Path) -> Option<&Row> {
        self.by_path.get(path).map(|&r| &self.rows[r])
    }

    /// Adds documents that listing found; ones already listed are kept as they are.
    pub fn add(&mut self, found: Vec<Found>) {
        self.listed = true;
        let keep = self.selected_row();
        for f in found {
            if self.by_path.contains_key(&f.path) {
                continue;
            }
            let r = self.rows.len();
            self.by_path.insert(f.path.clone(), r);
            self.rows.push(Row::new(f, self.root.as_deref()));
        }
        self.reshow(keep);
    }

    /// A document's summary arrived: only its row moves.
    pub fn summarised(&mut self, path: &Path, summary: Summary) {
        let Some(&r) = self.by_path.get(path) else { return };
        let keep = self.selected_row();
        let row = &mut self.rows[r];
        if row.summary.is_none() {
            self.summarised += 1;
        }
        row.summary = Some(summary);
        row.rekey(self.root.as_deref());
        // Only the title moves a row, in the title order or through the filter.
        if self.sort == Sort::Title || !self.filter.is_empty() {
            self.place(r);
            self.select_row(keep);
        }
    }

    /// What the reading history says: progress, last read and bookmarks for the rows it knows.
    /// The recent list takes its rows from it, newest first.
    pub fn history(&mut self, history: History) {
        let keep = self.selected_row();
        if self.is_recent() {
            self.listed = true;
            let new: Vec<Found> = history
                .visits
                .iter()
                .filter(|v| !self.by_path.contains_key(&v.path))
                .map(|v| Found { path: v.path.clone(), problem: None })
                .collect();
            for f in new {
                let r = self.rows.len();
                self.by_path.insert(f.path.clone(), r);
                self.rows.push(Row::new(f, None));
            }
        }
        for row in &mut self.rows {
            row.bookmarks = 0;
        }
        for visit in &history.visits {
            if let Some(&r) = self.by_path.get(&visit.path) {
                let row = &mut self.rows[r];
                row.percent = Some(visit.percent());
                row.read = Some(visit.read);
                row.missing = visit.missing;
            }
        }
        for (path, count) in &history.bookmarks {
            if let Some(&r) = self.by_path.get(path) {
                self.rows[r].bookmarks = *count;
            }
        }
        self.reshow(keep);
    }

    /// A document could not be opened because it is gone.
    pub fn mark_missing(&mut self, path: &Path) {
        if let Some(&r) = self.by_path.get(path) {
            self.rows[r].missing = true;
        }
    }

    /// Removes the selected row (from the recent list, whose rows are the history) and returns
    /// its path.
    pub fn remove_selected(&mut self) -> Option<PathBuf> {
        let k = self.list.selected();
        let &r = self.shown.get(k)?;
        let removed = self.rows.remove(r);
        if removed.summary.is_some() {
            self.summarised -= 1;
        }
        self.by_path = self.rows.iter().enumerate().map(|(i, row)| (row.found.path.clone(), i)).collect();
        self.shown.remove(k);
        self.order.retain(|&s| s != r);
        for s in self.shown.iter_mut().chain(self.order.iter_mut()) {
            if *s > r {
                *s -= 1;
            }
        }
        self.list.select(k, self.shown.len());
        Some(removed.found.path)
    }

    /// Filters by `filter` (exactly as typed when `exact`), keeping the selection on the same
    /// document when it still matches, else on the first row.
    pub fn set_filter(&mut self, filter: &str, exact: bool) {
        let keep = self.selected_row();
        // A letter typed at the end only narrows: what did not match before cannot match now.
        let narrows =
            exact == self.exact && !self.filter.is_empty() && filter.starts_with(self.filter.as_str());
        self.filter = filter.to_string();
        self.exact = exact;
        if narrows {
            let query = self.query();
            let searcher = query.searcher();
            let rows = &self.rows;
            self.shown.retain(|&r| searcher.find_iter(&rows[r].haystack).next().is_some());
            self.select_row(keep);
        } else {
            self.refilter(keep);
        }
    }

    /// The next sort order, the selection staying on its document.
    pub fn cycle_sort(&mut self) {
        let keep = self.selected_row();
        self.sort = self.sort.next();
        self.reshow(keep);
    }

    fn query(&self) -> Query {
        if self.exact { Query::exact(&self.filter) } else { Query::new(&self.filter) }
    }

    fn selected_row(&self) -> Option<usize> {
        self.shown.get(self.list.selected()).copied()
    }

    fn select_row(&mut self, row: Option<usize>) {
        let row = row.filter(|_| self.chosen);
        let at = row.and_then(|r| self.shown.iter().position(|&s| s == r)).unwrap_or(0);
        self.list.select(at, self.shown.len());
    }

    /// Sorts all rows again, then filters.
    fn reshow(&mut self, keep: Option<usize>) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| self.compare(a, b));
        self.order = order;
        self.refilter(keep);
    }

    /// The rows in sort order that the filter matches: no sorting, one match per row.
    fn refilter(&mut self, keep: Option<usize>) {
        let query = self.query();
        self.shown = if query.is_empty() {
            self.order.clone()
        } else {
            let searcher = query.searcher();
            self.order
                .iter()
                .copied()
                .filter(|&r| searcher.find_iter(&self.rows[r].haystack).next().is_some())
                .collect()
        };
        self.select_row(keep);
    }

    /// Puts row `r` where it belongs in the order and in `shown` (or out of it) after it changed.
    fn place(&mut self, r: usize) {
        for list in [&mut self.order, &mut self.shown] {
            if let Some(k) = list.iter().position(|&s| s == r) {
                list.remove(k);
            }
        }
        let at = self.order.partition_point(|&s| self.compare(s, r) == Ordering::Less);
        self.order.insert(at, r);
        let query = self.query();
        if !query.is_empty() && !query.is_in(&self.rows[r].haystack) {
            return;
        }
        let at = self.shown.partition_point(|&s| self.compare(s, r) == Ordering::Less);
        self.shown.insert(at, r);
    }

    /// The sort order of two rows; the path breaks ties, so the order is total.
    fn compare(&self, a: usize, b: usize) -> Ordering {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        let by = match self.sort {
            // Newest first; never read last.
            Sort::Recent => y.read.cmp(&x.read),
            Sort::Title => x.title_key.cmp(&y.title_key),
            Sort::Path => Ordering::Equal,
            Sort::Progress => y.percent.cmp(&x.percent),
        };
        by.then_with(|| x.found.path.cmp(&y.found.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str) -> Found {
        Found { path: PathBuf::from(path), problem: None }
    }

    fn titled(title: &str) -> Summary {
        Summary { title: Some(title.to_string()), minutes: 1, text_len: 100, problem: None }
    }

    fn titles(library: &Library) -> Vec<String> {
        library.shown.iter().map(|&r| library.rows[r].title()).collect()
    }

    #[test]
    fn summaries_in_any_order_keep_the_selection_on_its_document() {
        let mut library = Library::new(Some("/lib".into()));
        library.add(vec![found("/lib/c.md"), found("/lib/a.md"), found("/lib/b.md")]);
        library.cycle_sort();
        assert_eq!(library.sort, Sort::Title);
        library.chosen = true;
        library.list.select(1, 3);
        assert_eq!(library.selected().unwrap().found.path, Path::new("/lib/b.md"));
        library.summarised(Path::new("/lib/b.md"), titled("Zebra"));
        library.summarised(Path::new("/lib/c.md"), titled("Apple"));
        library.summarised(Path::new("/lib/a.md"), titled("mango"));
        assert_eq!(titles(&library), ["Apple", "mango", "Zebra"]);
        assert_eq!(library.selected().unwrap().found.path, Path::new("/lib/b.md"));
        assert_eq!(library.summarised, 3);
    }

    #[test]
    fn the_filter_folds_case_width_and_script_and_keeps_the_selection() {
        let mut library = Library::new(Some("/lib".into()));
        library.add(vec![found("/lib/x/one.md"), found("/lib/two.md"), found("/lib/three.md")]);
        library.summarised(Path::new("/lib/two.md"), titled("黃仁勳的演講"));
        library.chosen = true;
        library.list.select(2, 3);
        let selected = library.selected().unwrap().found.path.clone();
        library.set_filter("黄仁勋", false);
        assert_eq!(titles(&library), ["黃仁勳的演講"]);
        library.set_filter("", false);
        library.set_filter("ＯＮＥ", false);
        assert_eq!(titles(&library), ["one.md"]);
        library.set_filter("x/", false);
        assert_eq!(titles(&library), ["one.md"], "the folder is matched too");
        library.set_filter("", false);
        assert_eq!(library.shown.len(), 3);
        assert_eq!(library.selected().unwrap().found.path, selected, "the last filter kept it");
        library.set_filter("黄仁勋", false);
        library.set_filter("", false);
        assert_eq!(
            library.selected().unwrap().found.path,
            Path::new("/lib/two.md"),
            "a filtered-out row gives way to the first that matches"
        );
    }

    #[test]
    fn typing_on_narrows_to_what_the_whole_filter_finds() {
        let names = ["The sea.md", "then.md", "th e.md", "other.md", "teh.md", "THE END.md", "ｔｈｅ.md"];
        let mut typed = Library::new(Some("/".into()));
        typed.add(names.iter().map(|n| found(&format!("/{n}"))).collect());
        let mut fresh = typed.clone();
        let mut so_far = String::new();
        for c in "the".chars() {
            so_far.push(c);
            typed.set_filter(&so_far, false);
            fresh.set_filter("", false);
            fresh.set_filter(&so_far, false);
            assert_eq!(typed.shown, fresh.shown, "{so_far:?}");
        }
        assert_eq!(typed.shown.len(), 5, "{:?}", titles(&typed));
    }

    #[test]
    fn the_recent_list_takes_its_rows_from_the_history_and_forgets_one() {
        let mut library = Library::new(None);
        let visit = |path: &str, second: i64, missing: bool| Visit {
            path: path.into(),
            offset: 50,
            text_len: 200,
            read: jiff::Timestamp::from_second(second).unwrap(),
            missing,
        };
        library.history(History {
            visits: vec![visit("/a.md", 10, false), visit("/b.md", 30, true), visit("/c.md", 20, false)],
            bookmarks: vec![("/c.md".into(), 2)],
        });
        assert_eq!(titles(&library), ["b.md", "c.md", "a.md"]);
        assert!(library.selected().unwrap().missing);
        assert_eq!(library.rows[library.shown[1]].bookmarks, 2);
        assert_eq!(library.rows[library.shown[1]].percent, Some(25));
        assert_eq!(library.remove_selected(), Some(PathBuf::from("/b.md")));
        assert_eq!(titles(&library), ["c.md", "a.md"]);
        assert!(library.row_of(Path::new("/a.md")).is_some());
        library.cycle_sort();
        library.cycle_sort();
        library.cycle_sort();
        assert_eq!(library.sort, Sort::Progress);
        library.cycle_sort();
        assert_eq!(library.sort, Sort::Recent);
    }
}
