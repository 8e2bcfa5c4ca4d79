//! Where each pane goes on a screen of a given size: computed here, drawn by `ui`.

/// A screen rectangle, in cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Rect {
    pub fn contains(&self, col: u16, row: u16) -> bool {
        col >= self.x && col < self.x + self.width && row >= self.y && row < self.y + self.height
    }

    /// The rows inside a frame drawn around this rectangle.
    pub fn framed_rows(&self) -> usize {
        self.height.saturating_sub(2) as usize
    }
}

/// The widest the help box gets, frame included.
pub const HELP_WIDTH: u16 = 72;
/// The widest the bookmarks pane gets, frame included.
pub const BOOKMARKS_WIDTH: u16 = 90;

/// A framed box centred on the screen, at most `max_width` wide, with a row free above and below
/// it: the help and the bookmarks pane. `None` when the screen is too small for one.
pub(crate) fn overlay_box(screen: Rect, max_width: u16) -> Option<Rect> {
    let width = screen.width.saturating_sub(4).min(max_width);
    let height = screen.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return None;
    }
    Some(Rect { x: screen.x + (screen.width - width) / 2, y: screen.y + 1, width, height })
}

/// The smallest screen that shows panes; anything smaller says "terminal too small".
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// One content view: the whole pane, and the centred column the text is laid out in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewArea {
    pub pane: Rect,
    pub text: Rect,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Geometry {
    pub screen: Rect,
    /// The outline pane, when shown and when there is room for it.
    pub outline: Option<Rect>,
    /// Content views, top to bottom; two in a split.
    pub views: Vec<ViewArea>,
    pub status: Rect,
    /// The help's box over the screen.
    pub help: Option<Rect>,
    /// The bookmarks pane's box over the screen.
    pub bookmarks: Option<Rect>,
    pub too_small: bool,
}

/// What the geometry depends on besides the screen size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaneSettings {
    pub show_outline: bool,
    pub outline_width: u16,
    pub split: bool,
    pub max_text_width: u16,
}

impl Geometry {
    pub fn compute(cols: u16, rows: u16, s: PaneSettings) -> Geometry {
        let screen = Rect { x: 0, y: 0, width: cols, height: rows };
        if cols < MIN_WIDTH || rows < MIN_HEIGHT {
            return Geometry { screen, too_small: true, ..Geometry::default() };
        }
        let body_height = rows - 1;
        let status = Rect { x: 0, y: rows - 1, width: cols, height: 1 };
        // The outline keeps at least 30 columns for the text; a separator column follows it.
        let outline_width = s.outline_width.min(cols.saturating_sub(31));
        let outline = (s.show_outline && outline_width >= 12).then_some(Rect {
            x: 0,
            y: 0,
            width: outline_width,
            height: body_height,
        });
        let content_x = outline.map_or(0, |o| o.width + 1);
        let content = Rect { x: content_x, y: 0, width: cols - content_x, height: body_height };
        // The smallest screen still has 4 body rows: room for two views and a separator.
        let panes = if s.split {
            let top = (content.height - 1) / 2;
            vec![
                Rect { height: top, ..content },
                Rect { y: top + 1, height: content.height - top - 1, ..content },
            ]
        } else {
            vec![content]
        };
        let views = panes
            .into_iter()
            .map(|pane| ViewArea { pane, text: text_column(pane, s.max_text_width) })
            .collect();
        Geometry {
            screen,
            outline,
            views,
            status,
            help: overlay_box(screen, HELP_WIDTH),
            bookmarks: overlay_box(screen, BOOKMARKS_WIDTH),
            too_small: false,
        }
    }
}

/// The text column of a pane: one column of margin each side, at most `max` wide, centred.
fn text_column(pane: Rect, max: u16) -> Rect {
    let room = pane.width.saturating_sub(2).max(1);
    let width = room.min(max.max(1));
    let x = pane.x + (pane.width - width) / 2;
    Rect { x, width, ..pane }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: PaneSettings =
        PaneSettings { show_outline: true, outline_width: 30, split: false, max_text_width: 80 };

    #[test]
    fn wide_screen_centres_the_text_beside_the_outline() {
        let g = Geometry::compute(200, 60, S);
        assert_eq!(g.outline, Some(Rect { x: 0, y: 0, width: 30, height: 59 }));
        let v = g.views[0];
        assert_eq!(v.pane, Rect { x: 31, y: 0, width: 169, height: 59 });
        assert_eq!(v.text.width, 80);
        assert_eq!(v.text.x, 31 + (169 - 80) / 2);
        assert_eq!(g.status, Rect { x: 0, y: 59, width: 200, height: 1 });
    }

    #[test]
    fn narrow_screens_drop_the_outline_and_tiny_ones_are_too_small() {
        let g = Geometry::compute(45, 12, S);
        assert_eq!(g.outline, Some(Rect { x: 0, y: 0, width: 14, height: 11 }));
        let g = Geometry::compute(41, 12, S);
        assert_eq!(g.outline, None, "an outline of 10 columns would show nothing useful");
        let g = Geometry::compute(35, 12, S);
        assert_eq!(g.outline, None);
        assert_eq!(g.views[0].text.width, 33);
        assert!(Geometry::compute(19, 12, S).too_small);
        assert!(Geometry::compute(80, 4, S).too_small);
        assert!(Geometry::compute(1, 1, S).too_small);
    }

    #[test]
    fn split_stacks_two_views_with_a_separator() {
        let g = Geometry::compute(80, 24, PaneSettings { split: true, ..S });
        assert_eq!(g.views.len(), 2);
        assert_eq!(g.views[0].pane.height + g.views[1].pane.height + 1, 23);
        assert_eq!(g.views[1].pane.y, g.views[0].pane.height + 1);
    }

    #[test]
    fn overlays_are_centred_boxes_with_a_row_free_above_and_below() {
        let g = Geometry::compute(200, 30, S);
        assert_eq!(g.help, Some(Rect { x: 64, y: 1, width: 72, height: 28 }));
        assert_eq!(g.help.map(|b| b.framed_rows()), Some(26));
        assert_eq!(g.bookmarks.map(|b| b.width), Some(90));
        let g = Geometry::compute(20, 5, S);
        assert_eq!(g.help, Some(Rect { x: 2, y: 1, width: 16, height: 3 }));
        assert_eq!(overlay_box(Rect { x: 0, y: 0, width: 13, height: 30 }, 72), None);
        assert_eq!(overlay_box(Rect { x: 0, y: 0, width: 80, height: 4 }, 72), None);
    }
}
