//! Fetching a page from an http(s) URL: ureq with rustls, bounded redirects, time and size;
//! every failure said in one plain line.

use std::io::{IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

/// How pages are fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Connect and read timeout.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions { timeout: Duration::from_secs(20), max_bytes: 50 << 20 }
    }
}

/// A fetched page.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Where the page was found, after redirects.
    pub url: String,
}

const MAX_REDIRECTS: u32 = 10;
/// A progress line appears when a page takes longer than this.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

/// Whether `arg` names a web page rather than a file.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url`. The error is the reason, for `kan: URL: reason`.
pub fn fetch(url: &str, options: FetchOptions) -> Result<Fetched, String> {
    let (done, waiting) = mpsc::channel::<()>();
    let shown = url.to_string();
    let progress = std::thread::spawn(move || {
        let slow = waiting.recv_timeout(PROGRESS_AFTER).is_err();
        let terminal = std::io::stderr().is_terminal();
        if slow && terminal {
            let _ = write!(std::io::stderr(), "kan: fetching {shown} …");
            let _ = waiting.recv();
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    });
    let result = get(url, options);
    let _ = done.send(());
    let _ = progress.join();
    result
}

fn get(url: &str, options: FetchOptions) -> Result<Fetched, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(options.timeout))
        .timeout_recv_response(Some(options.timeout))
        .timeout_recv_body(Some(options.timeout))
        .timeout_per_read(Some(options.timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(concat!("kan/", env!("CARGO_PKG_VERSION")))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| reason(&e, options))?;
    let status = response.status();
    if !status.is_success() {
        let text = status.canonical_reason().map(|r| format!(" {r}")).unwrap_or_default();
        return Err(format!("HTTP {}{text}", status.as_u16()));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    if !is_url(&final_url) {
        return Err(format!("redirected to {final_url}, which is not http(s)"));
    }
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_bytes)
        .read_to_vec()
        .map_err(|e| reason(&e, options))?;
    Ok(Fetched { bytes, content_type, url: final_url })
}

/// A ureq error said plainly.
fn reason(error: &ureq::Error, options: FetchOptions) -> String {
    use ureq::Error;
    match error {
        Error::StatusCode(code) => format!("HTTP {code}"),
        Error::HostNotFound => "host not found (DNS)".into(),
        Error::Timeout(_) => format!("timed out after {} s", options.timeout.as_secs_f32()),
        Error::BodyExceedsLimit(_) => format!("too large (over {})", megabytes(options.max_bytes)),
        Error::TooManyRedirects => {
            format!("too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)")
        }
        Error::RedirectFailed => "a redirect that could not be followed".into(),
        Error::BadUri(uri) => format!("not a usable URL ({uri})"),
        Error::ConnectionFailed => "could not connect".into(),
        Error::Tls(what) => format!("TLS failure: {what}"),
        Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            format!("timed out after {} s", options.timeout.as_secs_f32())
        }
        Error::Io(e) => crate::source::io_reason(e),
        other => other.to_string().lines().next().unwrap_or("failed").to_string(),
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1 << 20 { format!("{} MB", bytes >> 20) } else { format!("{bytes} bytes") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_urls() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("ftp://example.org"));
        assert!(!is_url("notes/https.md"));
    }
}
