//! The jump list: where jumps left from, to go back and forward, like helix's `JumpList`.

use crate::document::Anchor;
use crate::document::links::Location;

/// Places to go back and forward to (anchors, or [`Jump`]s that also say which document), at
/// most `capacity` back. Private, so every change keeps
/// the rules: a new jump forgets the way forward, and the same place is never pushed twice in a
/// row.
#[derive(Clone, Debug)]
pub struct JumpList<T = Anchor> {
    back: Vec<T>,
    forward: Vec<T>,
    capacity: usize,
}

/// A place in a document: which one (`None` for stdin or the welcome article) and where in it.
/// Going back to another document opens it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jump {
    pub location: Option<Location>,
    pub anchor: Anchor,
}

impl<T: PartialEq> Default for JumpList<T> {
    fn default() -> Self {
        Self::with_capacity(Self::CAPACITY)
    }
}

impl<T: PartialEq> JumpList<T> {
    /// How many jumps back the reader remembers.
    pub const CAPACITY: usize = 100;

    pub fn with_capacity(capacity: usize) -> JumpList<T> {
        JumpList { back: Vec::new(), forward: Vec::new(), capacity: capacity.max(1) }
    }

    /// Remembers a jump away from `from`; the oldest is forgotten past the capacity.
    pub fn push(&mut self, from: T) {
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > self.capacity {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    /// Goes back from `here`: where to, if anywhere. `here` becomes the way forward.
    pub fn back(&mut self, here: T) -> Option<T> {
        let target = self.back.pop()?;
        self.forward.push(here);
        Some(target)
    }

    /// Goes forward from `here`: where to, if anywhere. `here` becomes the way back.
    pub fn forward(&mut self, here: T) -> Option<T> {
        let target = self.forward.pop()?;
        self.back.push(here);
        Some(target)
    }

    /// Every remembered place, both ways, for `f` to change (its document's text moved).
    pub fn for_each_mut(&mut self, f: impl FnMut(&mut T)) {
        self.back.iter_mut().chain(self.forward.iter_mut()).for_each(f);
    }

    /// How many jumps back are remembered.
    pub fn back_len(&self) -> usize {
        self.back.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_retrace_the_jumps_and_a_new_jump_forgets_forward() {
        let mut list: JumpList = JumpList::default();
        list.push(Anchor(1));
        list.push(Anchor(1));
        list.push(Anchor(2));
        assert_eq!(list.back_len(), 2, "the same place twice in a row is one entry");
        assert_eq!(list.back(Anchor(3)), Some(Anchor(2)));
        assert_eq!(list.back(Anchor(2)), Some(Anchor(1)));
        assert_eq!(list.back(Anchor(1)), None);
        assert_eq!(list.forward(Anchor(1)), Some(Anchor(2)));
        list.push(Anchor(9));
        assert_eq!(list.forward(Anchor(9)), None);
    }

    #[test]
    fn the_oldest_jump_goes_past_the_capacity() {
        let mut list: JumpList = JumpList::with_capacity(3);
        for k in 0..5 {
            list.push(Anchor(k));
        }
        assert_eq!(list.back_len(), 3);
        let mut seen = Vec::new();
        let mut here = Anchor(99);
        while let Some(to) = list.back(here) {
            seen.push(to.0);
            here = to;
        }
        assert_eq!(seen, [4, 3, 2]);
    }
}
