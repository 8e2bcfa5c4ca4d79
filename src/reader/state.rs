//! The reader's state: the document, its views, focus, outline, search, history and mode.
//! Terminal-free; `update` changes it and `ui` draws it.

use super::Mode;
use super::geometry::{Geometry, PaneSettings, Rect};
use super::history::{Jump, JumpList};
use super::list::ListState;
use super::msg::Status;
use super::search::{Match, Query};
use crate::document::links::{Link, Location};
use crate::document::{Anchor, Document};
use crate::keymap::KeyHints;
use crate::layout::{Layout, LayoutOptions, Line, Pos};
use crate::text::script::Script;

/// The settings the reader needs from the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub max_text_width: u16,
    pub outline_width: u16,
    pub show_outline: bool,
    pub ambiguous_wide: bool,
    pub tab_width: usize,
    /// Lines per mouse wheel step.
    pub scroll_lines: u16,
    /// Whether `n` past the last match wraps to the first.
    pub search_wrap: bool,
    /// Whether search and filters match exactly, without folding.
    pub search_exact: bool,
    /// The script the text is shown in.
    pub script: Script,
    /// The largest document that may be opened (from a bookmark), in bytes.
    pub max_file_bytes: u64,
    /// The keys in force, for the hints in status messages.
    pub keys: KeyHints,
}

impl Settings {
    pub fn from_config(config: &crate::config::Config) -> Settings {
        let (layout, behaviour) = (&config.layout, &config.behaviour);
        Settings {
            max_text_width: layout.max_text_width,
            outline_width: layout.outline_width,
            show_outline: layout.show_outline,
            ambiguous_wide: layout.ambiguous_wide,
            tab_width: layout.tab_width as usize,
            scroll_lines: behaviour.scroll_lines,
            search_wrap: behaviour.search_wrap,
            search_exact: behaviour.search_exact,
            script: layout.script,
            max_file_bytes: u64::from(behaviour.max_file_size_mib) << 20,
            keys: KeyHints::new(&config.keymap),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_text_width: 80,
            outline_width: 30,
            show_outline: true,
            ambiguous_wide: false,
            tab_width: 4,
            scroll_lines: 3,
            search_wrap: true,
            search_exact: false,
            script: Script::Original,
            max_file_bytes: crate::source::DEFAULT_MAX_BYTES,
            keys: KeyHints::new(&crate::config::Config::defaults().keymap),
        }
    }
}

/// Which pane keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Outline,
    View(usize),
}

/// One content view. `anchor` is the truth across relayouts (resizes); `pos` is the truth for
/// scrolling. Only scrolling and jumps move the anchor, so any number of resizes never drifts.
#[derive(Clone, Debug, Default)]
pub struct View {
    pub pos: Pos,
    pub anchor: Anchor,
    /// The lines on screen, refreshed after every change.
    pub lines: Vec<(Pos, Line)>,
    /// Whether the last line of the document is on screen.
    pub at_end: bool,
}

#[derive(Clone, Debug, Default)]
pub struct OutlineState {
    /// Section indices shown, after filtering.
    pub entries: Vec<usize>,
    /// The selected entry and the first shown, as indices into `entries`.
    pub list: ListState,
    pub filter: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Filter,
    BookmarkLabel,
    Rename,
    LibraryFilter,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

/// Where a view was before an incremental search, to return there on cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub pos: Pos,
    pub anchor: Anchor,
}

#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub query: String,
    /// Matches as source ranges, in order (compact: a search can match millions of times).
    pub matches: Vec<Match>,
    pub current: Option<usize>,
    pub origin: Option<Origin>,
}

/// One row of the bookmarks pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookmarkEntry {
    pub bookmark: crate::store::Bookmark,
    /// Whether it belongs to the open document (those are listed first).
    pub here: bool,
    /// Its file is gone (renamed and edited, or deleted): it can be deleted or re-pointed.
    pub missing: bool,
}

/// The bookmarks pane: this document's bookmarks, then all the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookmarksPane {
    pub entries: Vec<BookmarkEntry>,
    /// The selected entry and the first shown; each entry takes [`BookmarksPane::ENTRY_ROWS`].
    pub list: ListState,
    /// Deleted while the pane is open, with the row they were on, for undo.
    pub deleted: Vec<(usize, BookmarkEntry)>,
}

impl BookmarksPane {
    /// Rows each entry takes: a title row and a detail row.
    pub const ENTRY_ROWS: usize = 2;

    /// The selected entry, if the pane lists any.
    pub fn selected(&self) -> Option<&BookmarkEntry> {
        self.entries.get(self.list.selected())
    }
}

/// The links pane: the document's links in text order, numbered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinksPane {
    pub links: Vec<Link>,
    pub list: ListState,
}

impl LinksPane {
    /// Rows each link takes: its number and text, then its target. The pane uses the bookmarks
    /// pane's box, with as many rows per entry, so one height serves both.
    pub const ENTRY_ROWS: usize = BookmarksPane::ENTRY_ROWS;

    pub fn selected(&self) -> Option<&Link> {
        self.links.get(self.list.selected())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The key help: only its offset is used, the rows it is scrolled down by.
    Help(ListState),
}

pub struct State {
    pub doc: Document,
    /// The document's name for the status bar.
    pub name: String,
    pub settings: Settings,
    pub layout: Layout,
    pub geometry: Geometry,
    pub views: Vec<View>,
    pub focus: Focus,
    /// The view that content actions go to, also while the outline has focus.
    pub active_view: usize,
    pub show_outline: bool,
    pub outline: OutlineState,
    pub overlay: Option<Overlay>,
    pub prompt: Option<Prompt>,
    pub search: SearchState,
    pub history: JumpList<Jump>,
    /// Where the open document came from, for its relative links and the jump history.
    pub location: Option<Location>,
    /// A one-shot message for the status bar.
    pub message: Option<Status>,
    /// The section the last heading jump went to, with the anchor it left the view at: near the
    /// end the heading can't reach the top row, and the next jump continues from it.
    pub heading_cursor: Option<(usize, Anchor)>,
    /// How many rows the help overlay has, so scrolling it stops at its end.
    pub help_rows: usize,
    /// The bookmarks pane, when open.
    pub bookmarks: Option<BookmarksPane>,
    /// The links pane, when open.
    pub links: Option<LinksPane>,
    /// Offsets of this document's bookmarks, sorted, for the outline's marks.
    pub bookmark_offsets: Vec<usize>,
    /// The document is its first part while the rest is read (a big file opened progressively).
    pub loading: Option<super::loading::Loading>,
    /// The library, when kan was started on one: on screen, or kept for the way back to it.
    pub library: Option<super::library::Library>,
}

impl State {
    pub fn new(doc: Document, name: impl Into<String>, settings: Settings, cols: u16, rows: u16) -> State {
        let mut options = LayoutOptions::new(80);
        options.ambiguous_wide = settings.ambiguous_wide;
        options.tab_width = settings.tab_width;
        options.script = settings.script;
        let mut state = State {
            doc,
            name: name.into(),
            show_outline: settings.show_outline,
            settings,
            layout: Layout::new(options),
            geometry: Geometry::default(),
            views: vec![View::default()],
            focus: Focus::View(0),
            active_view: 0,
            outline: OutlineState::default(),
            overlay: None,
            prompt: None,
            search: SearchState::default(),
            history: JumpList::default(),
            location: None,
            links: None,
            message: None,
            heading_cursor: None,
            help_rows: 0,
            bookmarks: None,
            bookmark_offsets: Vec::new(),
            loading: None,
            library: None,
        };
        state.refilter_outline();
        state.resize(cols, rows);
        state
    }

    /// The mode that decides which key table applies and which rules `update` follows: the
    /// topmost of prompt, help, bookmarks pane, outline and content.
    pub fn mode(&self) -> Mode {
        if self.prompt.is_some() {
            Mode::Prompt
        } else if self.overlay.is_some() {
            Mode::Help
        } else if self.library.as_ref().is_some_and(|l| l.visible) {
            Mode::Library
        } else if self.bookmarks.is_some() {
            Mode::Bookmarks
        } else if self.links.is_some() {
            Mode::Links
        } else if self.focus == Focus::Outline {
            Mode::Outline
        } else {
            Mode::Content
        }
    }

    pub(crate) fn pane_settings(&self) -> PaneSettings {
        PaneSettings {
            show_outline: self.show_outline,
            outline_width: self.settings.outline_width,
            split: self.views.len() > 1,
            max_text_width: self.settings.max_text_width,
        }
    }

    /// Adapts to a new screen size, keeping the same text at the top of every view.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.geometry = Geometry::compute(cols, rows, self.pane_settings());
        self.relayout();
    }

    /// Recomputes the geometry after a pane change, then lays out again.
    pub(crate) fn regeometry(&mut self) {
        let screen = self.geometry.screen;
        self.resize(screen.width, screen.height);
    }

    fn relayout(&mut self) {
        if let Some(area) = self.geometry.views.first() {
            let mut options = self.layout.options();
            options.width = area.text.width.max(1) as usize;
            if options != self.layout.options() {
                self.layout.set_options(options);
                for view in &mut self.views {
                    view.pos = self.layout.position_of(&self.doc, view.anchor);
                }
            }
        }
        self.refresh();
    }

    /// Hides page furniture or shows it again, keeping the same text at the top of every view.
    pub fn toggle_asides(&mut self) {
        let mut options = self.layout.options();
        options.hide_asides = !options.hide_asides;
        self.layout.set_options(options);
        for view in &mut self.views {
            view.pos = self.layout.position_of(&self.doc, view.anchor);
        }
        self.refresh();
    }

    /// The text height of view `i`.
    pub fn view_height(&self, i: usize) -> usize {
        self.geometry.views.get(i).map_or(1, |v| v.text.height.max(1) as usize)
    }

    pub fn outline_height(&self) -> usize {
        let height = self.geometry.outline.map_or(0, |o| o.height as usize);
        // While the rest is read, the pane's last row says how many headings are known so far.
        if self.loading.is_some() { height.saturating_sub(1) } else { height }
    }

    /// The length of the whole text as far as it is known: the file's size while the rest is
    /// still being read.
    pub fn text_total(&self) -> usize {
        match &self.loading {
            Some(loading) => loading
                .whole_len
                .unwrap_or_else(|| usize::try_from(loading.total_bytes).unwrap_or(usize::MAX))
                .max(self.doc.text.len()),
            None => self.doc.text.len(),
        }
    }

    /// How many entries of the bookmarks pane are on screen at once.
    pub(crate) fn bookmarks_height(&self) -> usize {
        (self.geometry.bookmarks.map_or(0, |b| b.framed_rows()) / BookmarksPane::ENTRY_ROWS).max(1)
    }

    /// How many rows of the help are on screen at once.
    pub(crate) fn help_height(&self) -> usize {
        self.geometry.help.map_or(0, |b| b.framed_rows()).max(1)
    }

    /// How far the help is scrolled, when it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        let Some(Overlay::Help(list)) = self.overlay else { return None };
        Some(list.offset())
    }

    /// The last line that may be the top of view `i`: the first of the last page.
    pub(crate) fn max_top(&mut self, i: usize) -> Pos {
        let height = self.view_height(i);
        let last = self.layout.last(&self.doc);
        self.layout.advance(&self.doc, last, 1 - height as isize)
    }

    /// `pos`, or [`State::max_top`] when `pos` is below it. The end of the document is looked for
    /// only when `pos` is on the last page, so a step inside a giant paragraph costs the screen.
    pub(crate) fn clamp_top(&mut self, i: usize, pos: Pos) -> Pos {
        let height = self.view_height(i);
        self.layout.clamp_top(&self.doc, pos, height)
    }

    /// Refreshes what every view and the outline show. Work proportional to the screen.
    pub fn refresh(&mut self) {
        for i in 0..self.views.len() {
            let height = self.view_height(i);
            let view = &mut self.views[i];
            (view.pos, view.lines, view.at_end) = self.layout.page(&self.doc, view.pos, height);
        }
        let height = self.outline_height();
        self.outline.list.ensure_visible(self.outline.entries.len(), height);
        let height = self.bookmarks_height();
        if let Some(pane) = &mut self.bookmarks {
            pane.list.ensure_visible(pane.entries.len(), height);
        }
        if let Some(pane) = &mut self.links {
            pane.list.ensure_visible(pane.links.len(), height);
        }
        let height = self.library_height();
        if let Some(library) = &mut self.library {
            library.list.ensure_visible(library.shown.len(), height);
        }
    }

    /// How many rows of the library are on screen at once: all but its header and the status bar.
    pub fn library_height(&self) -> usize {
        (self.geometry.screen.height as usize).saturating_sub(2).max(1)
    }

    /// A query for `text`, folded or exact as the settings say.
    pub fn query(&self, text: &str) -> Query {
        if self.settings.search_exact { Query::exact(text) } else { Query::new(text) }
    }

    /// Shows the text in `script`: only the screen is laid out again, and every view keeps the
    /// text it showed at its top.
    pub fn set_script(&mut self, script: Script) {
        self.settings.script = script;
        let mut options = self.layout.options();
        options.script = script;
        if options != self.layout.options() {
            self.layout.set_options(options);
            for view in &mut self.views {
                view.pos = self.layout.position_of(&self.doc, view.anchor);
            }
        }
        self.refresh();
    }

    /// Recomputes the outline entries for the current filter.
    pub(crate) fn refilter_outline(&mut self) {
        let query = self.query(&self.outline.filter);
        let sections = &self.doc.outline.sections;
        self.outline.entries = if query.is_empty() {
            (0..sections.len()).collect()
        } else {
            (0..sections.len()).filter(|&i| query.is_in(&sections[i].title)).collect()
        };
        self.outline.list = ListState::default();
    }

    /// The section the active view is in: the one a heading jump just went to, even when the end
    /// of the document kept its heading from the top row.
    pub fn current_section(&self) -> Option<usize> {
        self.section_of_view(self.active_view)
    }

    /// The section view `i` is in, by the same rule: where relative heading jumps start from.
    pub(crate) fn section_of_view(&self, i: usize) -> Option<usize> {
        let view = self.views.get(i)?;
        match self.heading_cursor {
            Some((section, left_at)) if left_at == view.anchor => Some(section),
            _ => self.doc.outline.section_at(view.anchor),
        }
    }

    /// The active view's position as a percentage of the document.
    pub fn percent(&self, i: usize) -> u8 {
        let Some(view) = self.views.get(i) else { return 0 };
        let end_known = self.loading.as_ref().is_none_or(|l| l.end_known());
        if (view.at_end && end_known) || self.doc.text.is_empty() {
            return 100;
        }
        (self.whole_offset(view.anchor.0) as u128 * 100 / self.text_total() as u128).min(100) as u8
    }

    /// Where document offset `offset` is in the whole text: the same offset, except while the
    /// document holds only parts of a file being read.
    pub fn whole_offset(&self, offset: usize) -> usize {
        self.loading.as_ref().map_or(offset, |l| l.to_whole(offset))
    }

    /// The status bar message's text, if there is one.
    pub fn message_text(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }

    /// The "match 3/17" status text, when a search is active.
    pub fn match_status(&self) -> Option<String> {
        if self.search.query.is_empty() {
            return None;
        }
        Some(match (self.search.current, self.search.matches.len()) {
            (_, 0) => "no match".to_string(),
            (Some(c), n) => format!("match {}/{}", c + 1, n),
            (None, n) => format!("{n} matches"),
        })
    }

    /// Whether section `s` holds a bookmark of this document.
    pub fn section_bookmarked(&self, s: usize) -> bool {
        let Some(section) = self.doc.outline.sections.get(s) else { return false };
        let first = self.bookmark_offsets.partition_point(|&o| o < section.start);
        let next = self.doc.outline.sections.get(s + 1).map_or(section.end, |n| n.start.min(section.end));
        self.bookmark_offsets.get(first).is_some_and(|&o| o < next.max(section.start + 1))
    }

    /// Swaps in another document (a bookmark in another file, a link), keeping settings, screen
    /// and the jump history.
    pub fn replace_document(&mut self, doc: Document, name: impl Into<String>, location: Option<Location>) {
        let screen = self.geometry.screen;
        let settings = self.settings.clone();
        let help_rows = self.help_rows;
        let history = std::mem::take(&mut self.history);
        let library = self.library.take();
        *self = State::new(doc, name, settings, screen.width, screen.height);
        self.help_rows = help_rows;
        self.history = history;
        self.library = library;
        self.location = location;
    }

    /// The same state, knowing where its document came from.
    pub fn located(mut self, location: Option<Location>) -> State {
        self.location = location;
        self
    }

    /// Where the active view is, as the jump history keeps it.
    pub(crate) fn here(&self) -> Jump {
        Jump { location: self.location.clone(), anchor: self.views[self.active_view].anchor }
    }

    /// The screen rectangle of view `i`'s text.
    pub fn view_text_area(&self, i: usize) -> Option<Rect> {
        self.geometry.views.get(i).map(|v| v.text)
    }
}
