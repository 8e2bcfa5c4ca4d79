//! Tables: columns aligned in display columns (CJK cells count two per character), cells wrapped
//! within their column, the widest columns shrunk first when the table is too wide.

use super::block::{clean_rich, decoration, frame_char, from_segments};
use super::width::str_width;
use super::wrap::wrap_prose;
use super::{LayoutOptions, Line, Role, Run};
use crate::document::{Align, Anchor, RichText, Style, Table};

/// Lays out a table that starts at document offset `offset`.
pub(super) fn lay_out(table: &Table, offset: usize, options: LayoutOptions, out: &mut Vec<Line>) {
    let columns = table.rows.iter().map(Vec::len).chain([table.header.len()]).max().unwrap_or(0).max(1);
    let (bar, _) = frame_char('│', '|', options);
    let separator = format!(" {bar} ");
    let separator_width = str_width(&separator, options.ambiguous_wide);
    let has_header = table.header.iter().any(|c| !c.text.trim().is_empty());
    let rows: Vec<&[RichText]> = if has_header {
        [table.header.as_slice()].into_iter().chain(table.rows.iter().map(Vec::as_slice)).collect()
    } else {
        table.rows.iter().map(Vec::as_slice).collect()
    };

    let mut natural = vec![1usize; columns];
    for row in &rows {
        for (c, cell) in row.iter().enumerate() {
            natural[c] = natural[c].max(natural_width(cell, options));
        }
    }
    let room = options.width.checked_sub(separator_width * (columns - 1)).filter(|&r| r >= columns);
    let Some(room) = room else {
        stacked(&rows, offset, options, out);
        return;
    };
    let widths = shrink(natural, room);

    for (r, row) in rows.iter().enumerate() {
        row_lines(row, &widths, &table.align, &separator, offset, options, out);
        if r == 0 && has_header {
            let (rule, _) = frame_char('─', '-', options);
            let (cross, _) = frame_char('┼', '+', options);
            let mut text = String::new();
            for (c, w) in widths.iter().enumerate() {
                // "─┼─" is as wide as the separator " │ ".
                if c > 0 {
                    text.extend([rule, cross, rule]);
                }
                text.extend(std::iter::repeat_n(rule, *w));
            }
            let anchor = out.last().map_or(Anchor(offset), |l| l.anchor);
            out.push(decoration(text, options, Role::Frame, anchor));
        }
    }
}

/// The width a cell would take on one line.
fn natural_width(cell: &RichText, options: LayoutOptions) -> usize {
    let clean = clean_rich(cell, 0, options);
    wrap_prose(&clean.text, &clean.hints, LayoutOptions { width: usize::MAX / 4, ..options })
        .iter()
        .map(|s| s.width)
        .max()
        .unwrap_or(0)
}

/// Column widths that fit `room`: the widest columns give up a column each in turn.
fn shrink(mut widths: Vec<usize>, room: usize) -> Vec<usize> {
    let mut total: usize = widths.iter().sum();
    while total > room {
        let widest = widths.iter().copied().max().unwrap_or(1);
        let next = widths.iter().copied().filter(|&w| w < widest).max().unwrap_or(1).max(1);
        // Bring every widest column down towards the next width, as far as needed.
        let count = widths.iter().filter(|&&w| w == widest).count();
        let step = (widest - next).min((total - room).div_ceil(count)).max(1);
        for w in widths.iter_mut().filter(|w| **w == widest) {
            if total <= room {
                break;
            }
            let cut = step.min(*w - 1).min(total - room);
            *w -= cut;
            total -= cut;
        }
    }
    widths
}

fn row_lines(
    row: &[RichText],
    widths: &[usize],
    align: &[Align],
    separator: &str,
    offset: usize,
    options: LayoutOptions,
    out: &mut Vec<Line>,
) {
    let cells: Vec<Vec<Line>> = widths
        .iter()
        .enumerate()
        .map(|(c, &w)| {
            let mut lines = Vec::new();
            if let Some(cell) = row.get(c) {
                let clean = clean_rich(cell, offset, options);
                let cell_options = LayoutOptions { width: w, ..options };
                let segments = wrap_prose(&clean.text, &clean.hints, cell_options);
                from_segments(&clean, &segments, Role::Body, cell_options, &mut lines);
            }
            lines
        })
        .collect();
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let row_anchor = row.first().map_or(offset, |cell| cell.source_of(0));
    for i in 0..height {
        let mut line = Line { text: String::new(), width: 0, runs: Vec::new(), anchor: Anchor(row_anchor) };
        let mut anchored = false;
        for (c, &w) in widths.iter().enumerate() {
            if c > 0 {
                push_decoration(&mut line, separator, options);
            }
            let cell = cells[c].get(i);
            let cell_width = cell.map_or(0, |l| l.width);
            let slack = w.saturating_sub(cell_width);
            let before = match align.get(c) {
                Some(Align::Right) => slack,
                Some(Align::Center) => slack / 2,
                _ => 0,
            };
            push_decoration(&mut line, &" ".repeat(before), options);
            if let Some(cell) = cell {
                if !anchored && !cell.text.is_empty() {
                    line.anchor = cell.anchor;
                    anchored = true;
                }
                let base = line.text.len();
                line.runs.extend(cell.runs.iter().map(|r| Run { start: r.start + base, ..*r }));
                line.text.push_str(&cell.text);
                line.width += cell.width;
            }
            push_decoration(&mut line, &" ".repeat(slack - before), options);
        }
        let kept = line.text.trim_end_matches(' ').len();
        line.width -= line.text.len() - kept;
        line.text.truncate(kept);
        line.runs.retain(|r| r.start < kept);
        out.push(line);
    }
}

fn push_decoration(line: &mut Line, text: &str, options: LayoutOptions) {
    if text.is_empty() {
        return;
    }
    let merges = line.runs.last().is_some_and(|r| r.role == Role::Frame && r.source.is_none());
    if !merges {
        line.runs.push(Run {
            start: line.text.len(),
            role: Role::Frame,
            style: Style::default(),
            source: None,
        });
    }
    line.text.push_str(text);
    line.width += str_width(text, options.ambiguous_wide);
}

/// A table too wide for even one column per cell: each cell on lines of its own, rows
/// separated by a rule.
fn stacked(rows: &[&[RichText]], offset: usize, options: LayoutOptions, out: &mut Vec<Line>) {
    let (rule, _) = frame_char('─', '-', options);
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            let anchor = row.first().map_or(offset, |c| c.source_of(0));
            out.push(decoration(
                rule.to_string().repeat(options.width),
                options,
                Role::Frame,
                Anchor(anchor),
            ));
        }
        for cell in row.iter() {
            super::block::rich(cell, offset, options, Role::Body, &mut |line| out.push(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widest_columns_shrink_first() {
        assert_eq!(shrink(vec![10, 4, 8], 22), vec![10, 4, 8]);
        assert_eq!(shrink(vec![10, 4, 8], 20), vec![8, 4, 8]);
        assert_eq!(shrink(vec![10, 4, 8], 15), vec![5, 4, 6]);
        assert_eq!(shrink(vec![10, 4, 8], 3), vec![1, 1, 1]);
    }
}
