//! The `kan --bookmarks` listing.

use super::Bookmark;

/// The `kan --bookmarks` output: one line per bookmark, `path<TAB>section<TAB>percent<TAB>label`,
/// sorted by path, then position. Every field is made safe for a terminal (control characters
/// shown as `^[`, never sent), and a tab, line break or backslash inside a field is written `\t`,
/// `\n` or `\\`, so each line splits into exactly four fields.
pub fn bookmarks_listing(bookmarks: &[Bookmark]) -> String {
    let mut sorted: Vec<&Bookmark> = bookmarks.iter().collect();
    sorted.sort_by(|a, b| (&a.doc.path, a.anchor.offset).cmp(&(&b.doc.path, b.anchor.offset)));
    let mut out = String::new();
    for b in sorted {
        field(&mut out, &b.doc.path.to_string_lossy());
        out.push('\t');
        field(&mut out, b.section());
        out.push('\t');
        out.push_str(&format!("{}%", b.percent()));
        out.push('\t');
        field(&mut out, &b.label);
        out.push('\n');
    }
    out
}

/// One TSV field: `\`, tab and line breaks escaped, then every other control character made
/// visible by the same sanitizer the reader draws text with (a line separator it turns into a
/// line break is escaped too).
fn field(out: &mut String, text: &str) {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c => escaped.push(c),
        }
    }
    out.push_str(&crate::layout::sanitize::sanitize(&escaped, 1, false).text.replace('\n', "\\n"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DocId;
    use crate::store::bookmarks::tests::sample;

    #[test]
    fn listing_is_sorted_by_path_then_position() {
        let (doc, document) = sample();
        let other = DocId { path: "/books/a.md".into(), ..doc.clone() };
        let late = Bookmark::new(&doc, &document, document.text.find("少年").unwrap_or(0), "late");
        let early = Bookmark::new(&doc, &document, 0, "early\tone");
        let first = Bookmark::new(&other, &document, 0, "");
        let listing = bookmarks_listing(&[late, early, first]);
        let lines: Vec<&str> = listing.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("/books/a.md\t"));
        assert!(lines[1].ends_with("\t0%\tearly\\tone"), "{}", lines[1]);
        assert!(lines[2].starts_with("/books/novel.md\t第二章 归途\t"), "{}", lines[2]);
        assert!(lines[2].ends_with("\tlate"));
    }

    #[test]
    fn hostile_fields_are_escaped_and_sanitized() {
        let (doc, document) = sample();
        let hostile = DocId { path: "/in/esc\u{1b}]0;PWN\u{7}name\tx\nmd".into(), ..doc };
        let mut mark = Bookmark::new(&hostile, &document, 0, "a\\b\u{1b}[2J");
        mark.anchor.heading = vec!["T\u{1b}]0;PWNED\u{7}itle".into()];
        let listing = bookmarks_listing(&[mark]);
        assert!(!listing.chars().any(|c| c.is_control() && c != '\t' && c != '\n'), "{listing:?}");
        assert_eq!(listing, "/in/esc^[]0;PWN^Gname\\tx\\nmd\tT^[]0;PWNED^Gitle\t0%\ta\\\\b^[[2J\n");
    }
}
