//! EPUB books built by the test itself: spine order, the table of contents as the outline (EPUB 3
//! nav and EPUB 2 NCX), metadata, and broken books.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use kan::document::Document;
use kan::layout::{self, LayoutOptions};
use kan::source::Source;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn chapter(title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{title}</title></head>\
         <body>{body}</body></html>"
    )
}

/// Writes an EPUB with `mimetype` first and stored, as the format requires.
fn write_epub(path: &Path, files: &[(&str, String)]) {
    let mut zip = ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(CONTAINER.as_bytes()).unwrap();
    for (name, text) in files {
        zip.start_file(format!("OEBPS/{name}"), deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn chapters() -> Vec<(&'static str, String)> {
    vec![
        (
            "one.xhtml",
            chapter(
                "一",
                "<h1>第一章 出发</h1><p>清晨，她背起行囊走出了村子。</p><h2 id=\"river\">河边</h2><p>河水很急，她沿着河岸一直往下走。</p>",
            ),
        ),
        (
            "two.xhtml",
            chapter(
                "二",
                "<h1>第二章 山城</h1><p>山城的<ruby>石段<rt>せきだん</rt></ruby>很长，她走了整整一个下午。</p>",
            ),
        ),
    ]
}

fn opf(version: &str, toc: &str, manifest_extra: &str, spine_extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:kan:test</dc:identifier>
    <dc:title>远行记</dc:title>
    <dc:creator>林远</dc:creator>
    <dc:language>zh</dc:language>
  </metadata>
  <manifest>
    <item id="one" href="one.xhtml" media-type="application/xhtml+xml"/>
    <item id="two" href="two.xhtml" media-type="application/xhtml+xml"/>
    {manifest_extra}
  </manifest>
  <spine{toc}>
    <itemref idref="one"/>
    <itemref idref="two"/>
    {spine_extra}
  </spine>
</package>"#
    )
}

fn epub3(dir: &Path) -> PathBuf {
    let nav = chapter(
        "目录",
        r#"<nav epub:type="toc" xmlns:epub="http://www.idpf.org/2007/ops"><ol>
        <li><a href="one.xhtml">出发</a><ol><li><a href="one.xhtml#river">河边</a></li></ol></li>
        <li><a href="two.xhtml">山城</a></li></ol></nav>"#,
    );
    let mut files = chapters();
    files.push(("nav.xhtml", nav));
    files.push((
        "content.opf",
        opf(
            "3.0",
            "",
            r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>"#,
            "",
        ),
    ));
    let path = dir.join("book3.epub");
    write_epub(&path, &files);
    path
}

fn epub2(dir: &Path) -> PathBuf {
    let ncx = r#"<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="urn:kan:test"/></head>
  <docTitle><text>远行记</text></docTitle>
  <navMap>
    <navPoint id="n1" playOrder="1"><navLabel><text>卷一 出发</text></navLabel><content src="one.xhtml"/></navPoint>
    <navPoint id="n2" playOrder="2"><navLabel><text>卷二 山城</text></navLabel><content src="two.xhtml"/></navPoint>
  </navMap>
</ncx>"#
        .to_string();
    let mut files = chapters();
    files.push(("toc.ncx", ncx));
    files.push((
        "content.opf",
        opf(
            "2.0",
            r#" toc="ncx""#,
            r#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#,
            "",
        ),
    ));
    let path = dir.join("book2.epub");
    write_epub(&path, &files);
    path
}

fn open(path: &Path) -> Result<Document, String> {
    Source::from_path(path, &Default::default())
        .map_err(|e| e.to_string())?
        .into_document(None, None)
        .map_err(|e| e.to_string())
}

fn render(doc: &Document) -> String {
    layout::render(doc, LayoutOptions::new(80)).join("\n")
}

#[test]
fn an_epub3_reads_its_spine_in_order_with_the_nav_as_outline() {
    let dir = tempfile::tempdir().unwrap();
    let doc = open(&epub3(dir.path())).unwrap();
    assert_eq!(doc.title.as_deref(), Some("远行记"));
    assert_eq!(doc.outline.to_text(), "远行记\n  出发\n    河边\n  山城\n");
    let text = render(&doc);
    assert!(text.starts_with("远行记\n\n林远\n"), "{text}");
    let first = text.find("清晨").unwrap();
    let second = text.find("山城的石段(せきだん)很长").unwrap();
    assert!(first < second, "{text}");
    // The river section starts at its own heading, not at the chapter's start.
    let river = &doc.outline.sections[2];
    assert!(doc.text[river.start..].starts_with("河边"), "{:?}", &doc.text[river.start..]);
}

#[test]
fn an_epub2_uses_its_ncx_as_outline() {
    let dir = tempfile::tempdir().unwrap();
    let doc = open(&epub2(dir.path())).unwrap();
    assert_eq!(doc.outline.to_text(), "远行记\n  卷一 出发\n  卷二 山城\n");
    let second = &doc.outline.sections[2];
    assert!(doc.text[second.start..].starts_with("第二章 山城"));
}

#[test]
fn a_book_without_a_table_of_contents_is_outlined_by_its_headings() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = chapters();
    files.push(("content.opf", opf("2.0", "", "", "")));
    let path = dir.path().join("plain.epub");
    write_epub(&path, &files);
    let doc = open(&path).unwrap();
    assert_eq!(doc.outline.to_text(), "远行记\n  第一章 出发\n    河边\n  第二章 山城\n");
}

#[test]
fn a_missing_spine_item_is_said_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = chapters();
    files.push((
        "content.opf",
        opf(
            "2.0",
            "",
            r#"<item id="three" href="three.xhtml" media-type="application/xhtml+xml"/>"#,
            r#"<itemref idref="three"/><itemref idref="ghost"/>"#,
        ),
    ));
    let path = dir.path().join("holes.epub");
    write_epub(&path, &files);
    let text = render(&open(&path).unwrap());
    assert!(text.contains("[missing from the book: OEBPS/three.xhtml]"), "{text}");
    assert!(text.contains("[missing from the book: ghost]"), "{text}");
    assert!(text.contains("山城的石段"));
}

#[test]
fn a_zip_bomb_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.epub");
    let mut zip = ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    zip.start_file("OEBPS/zeros.xhtml", deflated).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let error = open(&path).unwrap_err();
    assert!(error.ends_with("bomb.epub: archive unpacks to too much (a zip bomb?)"), "{error}");
}

#[test]
fn a_broken_book_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.epub");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kan"))
        .arg("--outline")
        .arg(&path)
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("kan: ") && stderr.contains("broken.epub: not a readable EPUB"), "{stderr}");
}
