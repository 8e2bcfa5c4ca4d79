//! Runs the real kan binary in a pseudo-terminal and reads its screen back through vt100.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a test waits for the screen to show what it expects before failing.
const PATIENCE: Duration = Duration::from_secs(10);

pub struct Kan {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for checks on the raw byte stream.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader thread has seen the end of the program's output.
    output_closed: Arc<AtomicBool>,
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Kan {
    /// Starts `kan ARGS` in a `cols`×`rows` terminal with its config directory in `config_home`.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, config_home: &Path) -> Kan {
        Kan::spawn_env(args, cols, rows, config_home, &[])
    }

    /// Like `spawn`, with extra environment variables (`NO_COLOR` is removed unless given here).
    pub fn spawn_env(args: &[&str], cols: u16, rows: u16, config_home: &Path, env: &[(&str, &str)]) -> Kan {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kan"));
        cmd.args(args);
        Kan::start(cmd, cols, rows, config_home, env)
    }

    /// Runs `sh -c SCRIPT` in the terminal, with `$KAN` naming the kan binary: for pipes such as
    /// `cat FILE | "$KAN"`.
    pub fn spawn_shell(script: &str, cols: u16, rows: u16, config_home: &Path) -> Kan {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        Kan::start(cmd, cols, rows, config_home, &[("KAN", env!("CARGO_BIN_EXE_kan"))])
    }

    /// An interactive bash with job control, so that Ctrl-Z and `fg` work as in a real shell.
    /// `$KAN` names the binary.
    pub fn spawn_interactive_shell(cols: u16, rows: u16, config_home: &Path) -> Kan {
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        Kan::start(cmd, cols, rows, config_home, &[("KAN", env!("CARGO_BIN_EXE_kan")), ("PS1", "prompt> ")])
    }

    fn start(mut cmd: CommandBuilder, cols: u16, rows: u16, config_home: &Path, env: &[(&str, &str)]) -> Kan {
        let pty = native_pty_system();
        let pair = pty.openpty(size(rows, cols)).expect("open a pseudo-terminal");
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", config_home);
        cmd.env("HOME", config_home);
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn kan");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let output_closed = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (p, r, closed) = (parser.clone(), raw.clone(), output_closed.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            closed.store(true, Ordering::SeqCst);
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Kan { master: pair.master, writer, child, parser, raw, output_closed }
    }

    /// Types bytes as a user would (escape sequences included).
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// The screen's text, one string per row, trailing spaces trimmed.
    pub fn rows(&self) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        let (_, cols) = parser.screen().size();
        parser.screen().rows(0, cols.get()).map(|r| r.trim_end().to_string()).collect()
    }

    /// The text of columns `first_col..first_col + cols` of every row, trailing spaces trimmed:
    /// one pane of the screen.
    pub fn rows_in(&self, first_col: u16, cols: u16) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        parser.screen().rows(first_col, cols).map(|r| r.trim_end().to_string()).collect()
    }

    /// The screen's size as (cols, rows).
    pub fn size(&self) -> (u16, u16) {
        let parser = self.parser.lock().unwrap();
        let (rows, cols) = parser.screen().size();
        (cols.get(), rows.get())
    }

    pub fn screen_text(&self) -> String {
        self.rows().join("\n")
    }

    /// Waits until `check` holds for the screen rows; panics with the screen if it never does.
    pub fn wait_until(&self, what: &str, check: impl Fn(&[String]) -> bool) {
        let start = Instant::now();
        loop {
            let rows = self.rows();
            if check(&rows) {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!("timed out waiting for {what}; screen:\n{}", rows.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen contains `text`.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |rows| rows.iter().any(|r| r.contains(text)));
    }

    /// Waits until the screen has been the same for a moment (the program is idle).
    pub fn settle(&self) {
        let mut last = self.screen_text();
        let mut stable_since = Instant::now();
        let start = Instant::now();
        while stable_since.elapsed() < Duration::from_millis(150) && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(25));
            let now = self.screen_text();
            if now != last {
                last = now;
                stable_since = Instant::now();
            }
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .set_size(NonZeroU16::new(rows).expect("rows"), NonZeroU16::new(cols).expect("cols"));
        self.master.resize(size(rows, cols)).expect("resize pty");
    }

    /// Resizes the pseudo-terminal to `cols`×`rows` and the screen the test reads to
    /// `screen_cols`×`screen_rows`: for sizes too large for the test's own screen buffer
    /// (65535×65535), of which the program is expected to use only a part.
    pub fn resize_terminal_beyond_screen(
        &mut self,
        cols: u16,
        rows: u16,
        screen_cols: u16,
        screen_rows: u16,
    ) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(screen_rows).expect("rows"),
            NonZeroU16::new(screen_cols).expect("cols"),
        );
        self.master.resize(size(rows, cols)).expect("resize pty");
    }

    /// Whether the program asked the terminal to report the mouse.
    pub fn mouse_reporting(&self) -> bool {
        self.parser.lock().unwrap().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// Whether the program asked the terminal to mark pastes.
    pub fn bracketed_paste(&self) -> bool {
        self.parser.lock().unwrap().screen().bracketed_paste()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().unwrap().screen().hide_cursor()
    }

    /// The cell at a screen position, to check colours and attributes.
    pub fn cell<T>(&self, row: u16, col: u16, f: impl Fn(&vt100::Cell) -> T) -> Option<T> {
        self.parser.lock().unwrap().screen().cell(row, col).map(f)
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Let the reader thread take in the last bytes: it stops at the end of output.
                let drained = Instant::now();
                while !self.output_closed.load(Ordering::SeqCst) && drained.elapsed() < Duration::from_secs(2)
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("kan did not exit; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Kan {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
