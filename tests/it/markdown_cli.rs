//! `kan --outline` on Markdown fixtures, end to end through the binary.

use std::process::Command;

#[test]
fn outline_command_prints_the_markdown_outline() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/docs");
    for name in ["markdown_structure", "markdown_cjk_news"] {
        let output = Command::new(env!("CARGO_BIN_EXE_kan"))
            .arg("--outline")
            .arg(format!("{dir}/{name}.md"))
            .output()
            .expect("kan runs");
        assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let expected = std::fs::read_to_string(format!("{dir}/{name}.outline")).expect("outline fixture");
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "{name}");
    }
}
