//! The selection and scroll of a list shown `height` rows at a time, like ratatui's `ListState`:
//! the outline, the bookmarks pane and the help use it (the help only scrolls).

/// A selected row and the first row shown. The list itself lives elsewhere, so every call that
/// can move past its end is told its length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListState {
    selected: usize,
    offset: usize,
}

impl ListState {
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Selects row `index`, or the last of `len` rows.
    pub fn select(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }

    pub fn select_next(&mut self, len: usize) {
        self.select(self.selected + 1, len);
    }

    pub fn select_prev(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    /// Scrolls by `delta` rows, keeping the last page full, and moves the selection only as far as
    /// it takes to stay on screen (a mouse wheel).
    pub fn scroll_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(delta).min(last);
        let bottom = (self.offset + height).saturating_sub(1).max(self.offset);
        self.selected = self.selected.clamp(self.offset, bottom);
    }

    /// Scrolls as little as it takes to show the selection, after clamping it to `len` rows, and
    /// keeps the last page full.
    pub fn ensure_visible(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_in_the_list_and_on_screen() {
        let mut list = ListState::default();
        list.select_prev();
        assert_eq!(list.selected(), 0);
        for _ in 0..12 {
            list.select_next(10);
        }
        assert_eq!(list.selected(), 9);
        list.ensure_visible(10, 4);
        assert_eq!(list.offset(), 6);
        list.select(2, 10);
        list.ensure_visible(10, 4);
        assert_eq!(list.offset(), 2, "scrolls up just enough");
        list.ensure_visible(1, 4);
        assert_eq!((list.selected(), list.offset()), (0, 0), "a shorter list clamps both");
        list.ensure_visible(0, 4);
        assert_eq!((list.selected(), list.offset()), (0, 0));
    }

    #[test]
    fn scrolling_keeps_the_last_page_full_and_drags_the_selection_along() {
        let mut list = ListState::default();
        list.scroll_by(3, 10, 4);
        assert_eq!((list.offset(), list.selected()), (3, 3));
        list.scroll_by(100, 10, 4);
        assert_eq!((list.offset(), list.selected()), (6, 6));
        list.scroll_by(-5, 10, 4);
        assert_eq!((list.offset(), list.selected()), (1, 4));
        list.scroll_by(-5, 10, 4);
        assert_eq!(list.offset(), 0);
        list.scroll_by(3, 2, 4);
        assert_eq!(list.offset(), 0, "a list shorter than the screen does not scroll");
    }
}
