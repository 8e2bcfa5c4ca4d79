//! The library screen: a header, one row per document (title, folder, reading time, progress,
//! last read, bookmarks), and a status line with the counts, the filter and the sort order.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::Chrome;
use super::text::{fill, fit, put};
use crate::config::Element;
use crate::reader::State;
use crate::reader::library::{Library, Row, shown_path};
use crate::reader::{Mode, Severity};

/// Columns of the fixed fields: reading time ("12 min", "2h05", "missing"), progress ("100%"),
/// last read ("2026-12-06") and bookmarks ("*12").
const TIME: usize = 7;
const PERCENT: usize = 4;
const DATE: usize = 10;
const MARKS: usize = 3;
const GAP: usize = 2;

/// Which columns fit a width, and how wide the title and folder are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Columns {
    title: usize,
    /// 0 when the folder is left out (a narrow screen).
    folder: usize,
    date: bool,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        let date = width >= 60;
        let fixed = 1 + TIME + GAP + PERCENT + GAP + MARKS + if date { DATE + GAP } else { 0 };
        let free = width.saturating_sub(fixed + GAP);
        if width >= 50 {
            let folder = free * 2 / 5;
            Columns { title: free - folder - GAP, folder, date }
        } else {
            Columns { title: free, folder: 0, date }
        }
    }
}

pub fn draw(buf: &mut Buffer, state: &State, library: &Library, chrome: &Chrome) {
    let screen = state.geometry.screen;
    let (x0, y0, width) = (screen.x, screen.y, screen.width as usize);
    if screen.height < 3 || width == 0 {
        return;
    }
    let theme = &chrome.theme;
    let ambiguous = state.settings.ambiguous_wide;
    let base = theme.style(Element::Text);
    let dim = base.patch(theme.style(Element::Dim));
    let columns = Columns::for_width(width);
    for y in y0..y0 + screen.height {
        fill(buf, x0, y, width, base);
    }
    let header = Fields {
        title: "Title".into(),
        folder: "Folder".into(),
        time: "Time".into(),
        percent: "Read".into(),
        date: "Last read".into(),
        marks: String::new(),
    };
    header.put(buf, x0, y0, columns, [dim; 3], ambiguous);

    let height = state.library_height();
    let first = library.list.offset();
    if library.shown.is_empty() {
        let text = empty_text(library);
        let (text, _) = fit(&text, width.saturating_sub(2), ambiguous);
        put(buf, x0 + 1, y0 + 1, &text, width.saturating_sub(2), dim, ambiguous);
    }
    for (k, &r) in library.shown.iter().enumerate().skip(first).take(height) {
        let y = y0 + 1 + (k - first) as u16;
        let row = &library.rows[r];
        let selected = k == library.list.selected();
        let mut style = base;
        if selected {
            style = style.patch(theme.style(Element::Selection));
            fill(buf, x0, y, width, style);
        }
        let faint = if selected { style } else { dim };
        let fields = row_fields(row, library, state.settings.script);
        match row.problem() {
            Some(problem) => {
                // Unreadable: the name, then why, dim, over the other columns.
                let (title, _) = fit(&fields.title, columns.title, ambiguous);
                put(buf, x0 + 1, y, &title, columns.title, faint, ambiguous);
                let at = 1 + columns.title + GAP;
                let room = width.saturating_sub(at + 1);
                let (why, _) = fit(&format!("unreadable: {problem}"), room, ambiguous);
                put(buf, x0 + at as u16, y, &why, room, faint, ambiguous);
            }
            None => {
                let time_style = if row.missing && !selected {
                    style.patch(theme.style(Element::Error))
                } else if row.summary.is_none() {
                    faint
                } else {
                    style
                };
                fields.put(buf, x0, y, columns, [style, faint, time_style], ambiguous);
            }
        }
    }
    draw_status(buf, state, library, chrome);
}

/// What one row shows, as text.
struct Fields {
    title: String,
    folder: String,
    time: String,
    percent: String,
    date: String,
    marks: String,
}

impl Fields {
    /// Puts the fields into row `y`; `styles` are for the title, the folder and date, and the
    /// reading time.
    fn put(&self, buf: &mut Buffer, x0: u16, y: u16, columns: Columns, styles: [Style; 3], ambiguous: bool) {
        let [style, faint, time_style] = styles;
        let mut x = 1;
        let (title, _) = fit(&self.title, columns.title, ambiguous);
        put(buf, x0 + x as u16, y, &title, columns.title, style, ambiguous);
        x += columns.title + GAP;
        if columns.folder > 0 {
            let (folder, _) = fit(&self.folder, columns.folder, ambiguous);
            put(buf, x0 + x as u16, y, &folder, columns.folder, faint, ambiguous);
            x += columns.folder + GAP;
        }
        let right = |buf: &mut Buffer, x: usize, text: &str, w: usize, s: Style| {
            let (text, used) = fit(text, w, ambiguous);
            put(buf, x0 + (x + w - used) as u16, y, &text, w, s, ambiguous);
        };
        right(buf, x, &self.time, TIME, time_style);
        x += TIME + GAP;
        right(buf, x, &self.percent, PERCENT, style);
        x += PERCENT + GAP;
        if columns.date {
            let (date, _) = fit(&self.date, DATE, ambiguous);
            put(buf, x0 + x as u16, y, &date, DATE, faint, ambiguous);
            x += DATE + GAP;
        }
        right(buf, x, &self.marks, MARKS, style);
    }
}

fn row_fields(row: &Row, library: &Library, script: crate::text::script::Script) -> Fields {
    let relative = shown_path(&row.found.path, library.root.as_deref());
    let folder = match relative.rfind(std::path::MAIN_SEPARATOR) {
        Some(end) => relative[..end].to_string(),
        None => String::new(),
    };
    let time = if row.missing {
        "missing".to_string()
    } else {
        row.summary.as_ref().map_or_else(String::new, |s| reading_time(s.minutes))
    };
    Fields {
        // In the script the text is shown in, as the outline shows its titles.
        title: crate::text::script::convert(script, &row.title()),
        folder,
        time,
        percent: row.percent.map_or_else(String::new, |p| format!("{p}%")),
        date: row.read.map_or_else(String::new, date),
        marks: match row.bookmarks {
            0 => String::new(),
            n if n > 99 => "*99".to_string(),
            n => format!("*{n}"),
        },
    }
}

/// "<1 min", "12 min", "2h05": at most seven columns, no word a key could be named by.
pub fn reading_time(minutes: u32) -> String {
    match minutes {
        0 => "<1 min".to_string(),
        m if m < 100 => format!("{m} min"),
        m if m < 6000 => format!("{}h{:02}", m / 60, m % 60),
        m => format!("{}h", (m / 60).min(99_999)),
    }
}

/// The local date of a timestamp, `YYYY-MM-DD`.
fn date(at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d").to_string()
}

fn empty_text(library: &Library) -> String {
    let root = library.root.as_ref().map(|r| r.to_string_lossy().into_owned());
    match (&root, library.listed, library.rows.is_empty()) {
        (_, _, false) => format!("No document matches “{}”.", library.filter),
        (Some(root), false, _) => format!("Listing {root}…"),
        (Some(root), true, _) => format!("No document kan reads below {root}."),
        (None, _, _) => "No document read yet.".to_string(),
    }
}

/// The last row: what the library is, counts, the filter and the sort order, or a message, or
/// the filter prompt.
fn draw_status(buf: &mut Buffer, state: &State, library: &Library, chrome: &Chrome) {
    let area = state.geometry.status;
    if state.prompt.is_some() {
        super::status::draw(buf, area, state, chrome);
        return;
    }
    let ambiguous = state.settings.ambiguous_wide;
    let style = chrome.theme.style(Element::StatusBar);
    let width = area.width as usize;
    fill(buf, area.x, area.y, width, style);
    let total = library.rows.len();
    let right = format!("by {} ", library.sort.name());
    let left = match &state.message {
        Some(message) => message.text.clone(),
        None => {
            let what = match &library.root {
                Some(root) => root.to_string_lossy().into_owned(),
                None => "Recently read".to_string(),
            };
            let mut counts = if library.filter.is_empty() {
                format!("{total} documents")
            } else {
                format!("“{}” {} of {total}", library.filter, library.shown.len())
            };
            let readable = library.rows.iter().filter(|r| r.found.problem.is_none()).count();
            if library.summarised < readable {
                counts.push_str(&format!(" · titles {}/{readable}", library.summarised));
            }
            format!("{what} · {counts}")
        }
    };
    let right_width = right.len();
    let mut left_room = width.saturating_sub(right_width + 1);
    let left_style = match state.message.as_ref().map(|m| m.severity) {
        Some(Severity::Warning | Severity::Error) => style.patch(chrome.theme.style(Element::Error)),
        _ => style,
    };
    let (left, left_width) = fit(&format!(" {left}"), left_room, ambiguous);
    put(buf, area.x, area.y, &left, left_room, left_style, ambiguous);
    left_room -= left_width;
    let hints = chrome.keys.line(
        Mode::Library,
        &[
            (crate::action::Action::Open, "open"),
            (crate::action::Action::Filter, "filter"),
            (crate::action::Action::CycleSort, "sort"),
            (crate::action::Action::Help, "help"),
        ],
        "  ",
    );
    if state.message.is_none() && !hints.is_empty() && left_room > 10 {
        let (hints, _) = fit(&format!("  {hints}"), left_room, ambiguous);
        let dim = style.patch(chrome.theme.style(Element::Dim));
        put(buf, area.x + left_width as u16, area.y, &hints, left_room, dim, ambiguous);
    }
    if right_width <= width {
        buf.set_stringn(area.x + (width - right_width) as u16, area.y, &right, right.len(), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width_and_drop_folder_and_date_when_narrow() {
        for width in [20, 41, 49, 50, 59, 60, 80, 200] {
            let c = Columns::for_width(width);
            let used = 1
                + c.title
                + GAP
                + if c.folder > 0 { c.folder + GAP } else { 0 }
                + TIME
                + GAP
                + PERCENT
                + GAP
                + if c.date { DATE + GAP } else { 0 }
                + MARKS;
            assert!(used <= width || width < 30, "{width}: {c:?} uses {used}");
        }
        assert_eq!(Columns::for_width(41).folder, 0);
        assert!(!Columns::for_width(41).date);
        assert!(Columns::for_width(80).date && Columns::for_width(80).folder > 10);
    }

    #[test]
    fn reading_times_stay_within_their_column() {
        for (minutes, shown) in
            [(0, "<1 min"), (7, "7 min"), (99, "99 min"), (125, "2h05"), (u32::MAX, "99999h")]
        {
            assert_eq!(reading_time(minutes), shown);
            assert!(shown.len() <= TIME);
        }
    }
}
