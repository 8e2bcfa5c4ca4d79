//! Everything a key can ask the reader to do. The doc comment of each variant is its help text.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, EnumString, IntoStaticStr};

/// The input mode decides which key table is consulted.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, EnumIter, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Mode {
    /// Reading in a content pane.
    Content,
    /// The outline pane has focus.
    Outline,
    /// The bookmarks pane is open.
    Bookmarks,
    /// The links pane is open.
    Links,
    /// The library: the documents of a folder, or the ones read lately.
    Library,
    /// Typing into a prompt (search, outline filter, bookmark label).
    Prompt,
    /// The key help is open over everything.
    Help,
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    EnumMessage,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// Scroll down one line
    LineDown,
    /// Scroll up one line
    LineUp,
    /// Scroll down one page
    PageDown,
    /// Scroll up one page
    PageUp,
    /// Scroll down half a page
    HalfPageDown,
    /// Scroll up half a page
    HalfPageUp,
    /// Go to the top of the document
    Top,
    /// Go to the bottom of the document
    Bottom,
    /// Next heading of any level
    NextHeading,
    /// Previous heading of any level
    PrevHeading,
    /// Next heading of this level or higher
    NextSection,
    /// Previous heading of this level or higher
    PrevSection,
    /// Search forward
    Search,
    /// Go to the next match
    NextMatch,
    /// Go to the previous match
    PrevMatch,
    /// Go back in the jump history
    Back,
    /// Go forward in the jump history
    Forward,
    /// Show or hide the outline
    ToggleOutline,
    /// Move focus to the next pane
    FocusNext,
    /// Split the content pane in two, or close the split
    ToggleSplit,
    /// Show or hide page furniture (navigation, share buttons, footers)
    ToggleAsides,
    /// Show the text in the next script: Simplified, Traditional, Taiwan, Hong Kong, original
    NextScript,
    /// Search exactly as typed, or folding case, width and Chinese script
    ToggleExactSearch,
    /// Show the keys
    Help,
    /// Bookmark the current place
    AddBookmark,
    /// Open the bookmarks list
    OpenBookmarks,
    /// List the document's links
    OpenLinks,
    /// Suspend to the shell
    Suspend,
    /// Quit kan
    Quit,
    /// Close the overlay or pane, or cancel
    Close,
    /// Move the selection down
    SelectNext,
    /// Move the selection up
    SelectPrev,
    /// Jump to the selected entry
    Open,
    /// Filter the outline
    Filter,
    /// Rename the selected bookmark
    Rename,
    /// Delete the selected bookmark
    Delete,
    /// Undo the last delete
    Undo,
    /// Point the selected bookmark here instead (for one whose file is missing)
    Repoint,
    /// Go back to the library, on the document you were reading
    Library,
    /// Sort the library by recent, title, path or progress, in turn
    CycleSort,
    /// Remove the selected document from the reading history
    Forget,
    /// Accept the prompt
    Confirm,
    /// Delete the character before the cursor
    Backspace,
}

impl Action {
    /// The action's config name, e.g. `next_heading`.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The help text: the variant's doc comment.
    pub fn help(self) -> &'static str {
        self.get_documentation().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_action_has_help_and_a_round_tripping_name() {
        for action in Action::iter() {
            assert!(!action.help().is_empty(), "{action:?} has no doc comment");
            assert_eq!(action.name().parse::<Action>().ok(), Some(action));
        }
        assert_eq!(Action::NextHeading.name(), "next_heading");
        assert_eq!(Action::NextHeading.help(), "Next heading of any level");
    }
}
