//! `kan URL` against a server the test runs on 127.0.0.1: charsets, redirects, errors, limits,
//! gzip and the offline cache. Never the internet.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::thread;
use std::time::Duration;

use tempfile::TempDir;

const PAGE: &str = "<!doctype html><html><head><title>遠方的信 | 測試站</title></head><body><article>\
    <h1>遠方的信</h1><p>這是一封從遠方寄來的信，字跡很工整，讀起來像是寫信的人花了很長的時間。</p>\
    <h2>第二段</h2><p>信的最後寫著：等春天來了，我們就在河邊見面。</p></article></body></html>";

/// A page whose one link is relative: `../page` from `/dir/links` is `/page`.
const LINKS_PAGE: &str = "<!doctype html><html><head><title>Index</title></head><body><article>\
    <h1>Index of letters</h1><p>The letter from far away is <a href='../page'>here to read</a>, \
    and it is worth the time it takes, as every long letter is.</p></article></body></html>";

/// Serves the routes below until the test ends; returns the base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || respond(stream));
        }
    });
    base
}

fn respond(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if line.to_ascii_lowercase().starts_with("user-agent:") {
            user_agent = line[11..].trim().to_string();
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let big5 = encoding_rs::BIG5.encode(PAGE).0.into_owned();
    let (status, headers, body): (&str, Vec<String>, Vec<u8>) = match path.as_str() {
        "/page" => ("200 OK", vec!["Content-Type: text/html; charset=utf-8".into()], PAGE.into()),
        "/dir/links" => ("200 OK", vec!["Content-Type: text/html; charset=utf-8".into()], LINKS_PAGE.into()),
        "/big5-header" => ("200 OK", vec!["Content-Type: text/html; charset=big5".into()], big5),
        "/big5-bare" => ("200 OK", vec!["Content-Type: text/html".into()], big5),
        "/notes.md" => {
            ("200 OK", vec!["Content-Type: text/markdown".into()], "# 筆記\n\n## 一\n\n文字。\n".into())
        }
        "/r1" => ("302 Found", vec!["Location: /r2".into()], Vec::new()),
        "/r2" => ("301 Moved Permanently", vec!["Location: /page".into()], Vec::new()),
        "/loop" => ("302 Found", vec!["Location: /loop".into()], Vec::new()),
        "/to-ftp" => ("302 Found", vec!["Location: ftp://127.0.0.1/file".into()], Vec::new()),
        "/slow" => {
            thread::sleep(Duration::from_secs(4));
            ("200 OK", vec!["Content-Type: text/html".into()], PAGE.into())
        }
        "/huge" => ("200 OK", vec!["Content-Type: text/html".into()], vec![b'a'; 3 << 20]),
        "/gzip" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(PAGE.as_bytes()).unwrap();
            let headers =
                vec!["Content-Type: text/html; charset=utf-8".into(), "Content-Encoding: gzip".into()];
            ("200 OK", headers, gz.finish().unwrap())
        }
        "/agent" => ("200 OK", vec!["Content-Type: text/plain".into()], user_agent.into_bytes()),
        _ => ("404 Not Found", vec!["Content-Type: text/plain".into()], b"no such page".to_vec()),
    };
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for h in headers {
        head.push_str(&h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    let mut rest = Vec::new();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.read_to_end(&mut rest);
}

struct Env {
    home: TempDir,
}

impl Env {
    fn new() -> Env {
        let home = TempDir::new().unwrap();
        std::fs::write(home.path().join("config.toml"), "[web]\ntimeout_seconds = 1\nmax_megabytes = 1\n")
            .unwrap();
        Env { home }
    }

    fn kan(&self, args: &[&str]) -> Output {
        let config = self.home.path().join("config.toml");
        Command::new(env!("CARGO_BIN_EXE_kan"))
            .arg("--config")
            .arg(&config)
            .args(args)
            .env("XDG_CONFIG_HOME", self.home.path())
            .env("KAN_CACHE_DIR", self.home.path().join("cache"))
            .env("HOME", self.home.path())
            .output()
            .unwrap()
    }

    fn cache(&self) -> &Path {
        self.home.path()
    }
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn error(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    let stderr = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

const OUTLINE: &str = "遠方的信\n  第二段\n";

#[test]
fn pages_read_with_and_without_a_charset_header() {
    let base = serve();
    for path in ["/page", "/big5-header", "/big5-bare", "/gzip"] {
        let env = Env::new();
        assert_eq!(stdout(&env.kan(&["--outline", &format!("{base}{path}")])), OUTLINE, "{path}");
    }
    let env = Env::new();
    assert_eq!(stdout(&env.kan(&["--outline", &format!("{base}/notes.md")])), "筆記\n  一\n");
}

#[test]
fn redirects_are_followed_but_loops_and_other_schemes_are_not() {
    let base = serve();
    let env = Env::new();
    assert_eq!(stdout(&env.kan(&["--outline", &format!("{base}/r1")])), OUTLINE);
    let url = format!("{base}/loop");
    let e = error(&env.kan(&["--outline", &url]));
    assert!(e.starts_with(&format!("kan: {url}: too many redirects")), "{e}");
    let url = format!("{base}/to-ftp");
    let e = error(&env.kan(&["--outline", &url]));
    assert!(e.starts_with(&format!("kan: {url}: ")), "{e}");
}

#[test]
fn http_errors_timeouts_and_size_caps_are_one_line() {
    let base = serve();
    let env = Env::new();
    let url = format!("{base}/missing");
    assert_eq!(error(&env.kan(&["--outline", &url])), format!("kan: {url}: HTTP 404 Not Found"));
    let url = format!("{base}/slow");
    assert_eq!(error(&env.kan(&["--outline", &url])), format!("kan: {url}: timed out after 1 s"));
    let url = format!("{base}/huge");
    assert_eq!(error(&env.kan(&["--outline", &url])), format!("kan: {url}: too large (over 1 MB)"));
    let url = "http://127.0.0.1:1/nothing-listens";
    let e = error(&env.kan(&["--outline", url]));
    assert!(e.starts_with(&format!("kan: {url}: ")), "{e}");
}

#[test]
fn the_user_agent_names_kan_and_its_version() {
    let base = serve();
    let env = Env::new();
    let agent = stdout(&env.kan(&["--render", &format!("{base}/agent")]));
    assert_eq!(agent.trim(), concat!("kan/", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_fetched_page_reopens_from_the_cache_offline() {
    let env = Env::new();
    // A server that answers once and is gone.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/page", listener.local_addr().unwrap());
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        respond(stream);
    });
    assert_eq!(stdout(&env.kan(&["--outline", &url])), OUTLINE);
    server.join().unwrap();
    assert_eq!(stdout(&env.kan(&["--outline", &url])), OUTLINE, "from the cache");
    let e = error(&env.kan(&["--outline", "--refresh", &url]));
    assert!(e.starts_with(&format!("kan: {url}: ")), "{e}");
    assert!(std::fs::read_dir(env.cache().join("cache")).unwrap().count() >= 2);
}

#[test]
fn a_relative_link_on_a_page_is_fetched_when_opened_and_ctrl_o_comes_back() {
    use crate::helpers::pty::Kan;
    let base = serve();
    let env = Env::new();
    let cache = env.cache().join("cache");
    let url = format!("{base}/dir/links");
    let mut kan =
        Kan::spawn_env(&[&url], 100, 30, env.cache(), &[("KAN_CACHE_DIR", cache.to_str().unwrap())]);
    kan.wait_until("the index page", |rows| rows.iter().any(|r| r.contains("The letter from far away")));
    let files = || std::fs::read_dir(&cache).map_or(0, |d| d.count());
    let one_page = files();
    assert!(one_page > 0, "the index is in the cache");
    kan.send("L");
    kan.wait_until("the links list", |rows| rows.iter().any(|r| r.contains("1. here to read")));
    assert_eq!(files(), one_page, "a link is not fetched before it is opened");
    kan.send("\r");
    let linked = format!("{base}/page");
    kan.wait_until("the linked page, its URL in the status bar", |rows| {
        rows.iter().any(|r| r.contains("這是一封從遠方寄來的信"))
            && rows.last().is_some_and(|r| r.contains(&linked))
    });
    kan.send("\x0f");
    kan.wait_until("back on the index", |rows| rows.iter().any(|r| r.contains("The letter from far away")));
    kan.send("q");
    assert_eq!(kan.wait_exit(), 0);
    assert_eq!(files(), 2 * one_page, "the linked page joined the cache when it was opened");
}
