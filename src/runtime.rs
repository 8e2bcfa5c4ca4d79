//! Terminal setup and restore, the panic hook, signals and the event loop: terminal events,
//! signals and a document still being read become messages for `update`, and effects run through
//! the session. It owns the ratatui `Terminal` on a crossterm backend; drawing itself is `ui`'s.

use std::io::{self, BufWriter, Stdout, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEvent, KeyEventKind, MouseEventKind,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute, queue};
use ratatui::layout::Rect as TuiRect;

use crate::document::Document;
use crate::keymap::{Key, KeyCode, Keymap, Modifiers};
use crate::reader::input::Input;
use crate::reader::{Effect, Msg, State, update};
use crate::screen;
use crate::session::{Control, Session, run_effects};
use crate::ui::{self, Chrome};

/// The largest screen kan draws on. A terminal may claim any size up to 65535×65535, and ratatui
/// keeps two buffers of the whole screen: at that size they would take hundreds of gigabytes.
/// No screen has more than 1000 columns or rows of readable text (an 8K display at a 7-pixel
/// font is about 1100 columns), and two buffers of 1000×1000 cells take about 100 MB. A larger
/// terminal shows kan in its top-left 1000×1000 cells.
pub const MAX_SCREEN: u16 = 1000;

/// How long the loop has to save the reading position after a terminating signal before the
/// signal thread restores the terminal and ends the process itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// Whether mouse capture is on, so every restore path knows to turn it off.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was: mouse capture and bracketed paste off, main screen, cursor
/// shown, raw mode off. Safe to call more than once and from a panic hook or a signal thread.
pub fn restore_terminal() {
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Asks for the alternate screen, a hidden cursor, bracketed paste and the mouse in what goes out
/// with the next frame, so the terminal gets them in the same write (and a terminal emulator is
/// woken once, not twice, before the first screen). Raw mode is the caller's, first.
fn enter_screen<W: Write>(screen: &mut screen::Screen<W>, mouse: bool) -> io::Result<()> {
    let out = screen.writer();
    queue!(out, EnterAlternateScreen, cursor::Hide, EnableBracketedPaste)?;
    if mouse {
        queue!(out, EnableMouseCapture)?;
    }
    MOUSE.store(mouse, Ordering::SeqCst);
    Ok(())
}

/// Restores the terminal when dropped, whatever way the loop ends.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// A panic anywhere (also on the input thread) restores the terminal, then prints its message on
/// the main screen, then ends the process.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
        std::process::exit(101);
    }));
}

/// The screen size kan draws on: the terminal's, within `MAX_SCREEN`.
pub fn clamp_screen(cols: u16, rows: u16) -> (u16, u16) {
    (cols.min(MAX_SCREEN), rows.min(MAX_SCREEN))
}

fn screen_area() -> io::Result<TuiRect> {
    let (cols, rows) = crossterm::terminal::size()?;
    let (cols, rows) = clamp_screen(cols, rows);
    Ok(TuiRect::new(0, 0, cols, rows))
}

/// A document read on another thread (a pipe or a FIFO may take forever) and what it is.
pub struct ReadDocument {
    pub doc: Document,
    pub name: String,
    pub path: Option<PathBuf>,
}

/// A document still being read: the reader shows a waiting screen until it comes.
pub struct Pending {
    pub document: Receiver<Result<ReadDocument, String>>,
    /// Whether to reopen it where it was left.
    pub restore: bool,
}

/// How the reader ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// A terminating signal, after the reading position was saved.
    Signal(i32),
    /// The document could not be read after all: `kan: PATH: reason`.
    Failed(String),
}

/// What reaches the loop, from the input thread, the signal thread and a document reader.
enum Incoming {
    Terminal(Event),
    InputFailed(io::Error),
    Signal(i32),
    Document(Result<ReadDocument, String>),
    /// What work on another thread found, sent through [`Session::messenger`].
    Background(Msg),
}

/// Every terminating signal is routed to the loop, which saves the reading position and leaves
/// through the normal restore. Should the loop be stuck, the terminal is restored anyway.
/// The handlers are in place from here on; what they catch waits for [`route_signals`].
fn install_signal_handlers() -> io::Result<signal_hook::iterator::Signals> {
    use signal_hook::consts::{SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2};
    signal_hook::iterator::Signals::new([
        SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
    ])
}

/// Sends the first signal caught to the loop, from a thread of its own.
fn route_signals(mut signals: signal_hook::iterator::Signals, tx: Sender<Incoming>) {
    std::thread::spawn(move || {
        let Some(signal) = signals.forever().next() else { return };
        let _ = tx.send(Incoming::Signal(signal));
        std::thread::sleep(SIGNAL_GRACE);
        restore_terminal();
        std::process::exit(128 + signal);
    });
}

/// Reads terminal events on their own thread, so the loop can take every waiting event before it
/// draws, and signals and a late document can wake it too.
fn spawn_input(tx: Sender<Incoming>) {
    std::thread::spawn(move || {
        loop {
            let incoming = match event::read() {
                Ok(event) => Incoming::Terminal(event),
                Err(e) => Incoming::InputFailed(e),
            };
            let failed = matches!(incoming, Incoming::InputFailed(_));
            if tx.send(incoming).is_err() || failed {
                return;
            }
        }
    });
}

/// Stops the process like Ctrl-Z in a shell; `fg` continues here. The terminal may have been
/// resized meanwhile: the size is read again and the whole screen redrawn.
fn suspend(screen: &mut Screen, mouse: bool) -> io::Result<()> {
    restore_terminal();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    enter_screen(screen, mouse)?;
    screen.clear(screen_area()?)
}

/// What the loop asks of its caller for each key: the caller owns the keymap.
pub trait KeyHandler {
    fn key(&mut self, state: &mut State, key: KeyEvent) -> Vec<Effect>;
}

/// The terminal, taken over for the reader: raw mode, the alternate screen, the panic hook and
/// the signal handlers in place. Dropped, it is put back as it was.
pub struct Terminal {
    screen: Screen,
    signals: signal_hook::iterator::Signals,
    mouse: bool,
    /// What the input thread, the signal thread and the session send the loop.
    incoming: (Sender<Incoming>, Receiver<Incoming>),
    /// Dropped after the screen.
    _guard: Guard,
}

impl Terminal {
    /// The size the reader draws at: the terminal's, within `MAX_SCREEN`.
    pub fn size(&self) -> (u16, u16) {
        let area = self.screen.area();
        (area.width, area.height)
    }
}

/// Takes over the terminal. Nothing here needs the document, so a big file's first part may
/// still be parsing meanwhile.
pub fn enter(mouse: bool) -> io::Result<Terminal> {
    install_panic_hook();
    let signals = install_signal_handlers()?;
    let area = screen_area()?;
    // Stdout writes every KiB: a frame went out in eight pieces, each one a chance for the
    // terminal to show half a frame. Buffered here, a frame is one write.
    let screen = Screen::new(BufWriter::with_capacity(FRAME_BUFFER, io::stdout()), area);
    enable_raw_mode()?;
    let (tx, rx) = mpsc::channel();
    // From here on, dropping the terminal puts it back: the screen's fields drop first, so what
    // it holds still goes out before the guard restores.
    let mut terminal = Terminal { screen, signals, mouse, incoming: (tx.clone(), rx), _guard: Guard };
    enter_screen(&mut terminal.screen, mouse)?;
    // crossterm's event reader is made here, not lazily on the input thread, so it listens for
    // resizes before the first frame: a resize right after it is never missed.
    event::poll(Duration::ZERO)?;
    // The input thread starts now, not after the first frame: a thread started then may wait a
    // whole time slice on a busy machine before it first runs, and a key pressed at once (`G`)
    // with it. One that is already waiting for input is woken at once.
    spawn_input(tx);
    Ok(terminal)
}

/// Runs the interactive reader on the terminal until it quits, a signal ends it, or the document
/// it waits for can't be read.
pub fn run(
    terminal: Terminal,
    state: &mut State,
    session: &mut Session,
    chrome: &Chrome,
    keys: &mut dyn KeyHandler,
    pending: Option<Pending>,
) -> io::Result<Exit> {
    let Terminal { mut screen, signals, mouse, incoming: (tx, rx), _guard } = terminal;
    let restore = pending.as_ref().is_some_and(|p| p.restore);
    if let Some(pending) = pending {
        let tx = tx.clone();
        std::thread::spawn(move || {
            if let Ok(loaded) = pending.document.recv() {
                let _ = tx.send(Incoming::Document(loaded));
            }
        });
    }
    // Signals and background messages wait (in the signal pipe and the inbox) until the threads
    // that bring them start, after the first frame: starting a thread costs it some 60 µs.
    let inbox = session.take_inbox();
    let start_threads: Box<dyn FnOnce()> = Box::new(move || {
        route_signals(signals, tx.clone());
        if let Some(inbox) = inbox {
            // What is in the inbox already (a big file's end, read right after the first frame)
            // goes to the loop from here: a new thread may wait a time slice before it first
            // runs, and `G` would wait with it.
            while let Ok(msg) = inbox.try_recv() {
                let _ = tx.send(Incoming::Background(msg));
            }
            std::thread::spawn(move || {
                for msg in inbox {
                    if tx.send(Incoming::Background(msg)).is_err() {
                        return;
                    }
                }
            });
        }
    });
    update(state, Msg::HelpRows(chrome.help_rows()));
    let mut looper = Loop {
        state,
        session,
        keys,
        mouse,
        restore,
        panic_key: debug_panic_key(),
        exit: None,
        start_threads: Some(start_threads),
    };
    let result = looper.run(&mut screen, &rx, chrome);
    if result.is_err() {
        // The terminal went away (hung up, say): still keep the reading position.
        run_effects(looper.state, looper.session, vec![Effect::Quit]);
    }
    // Anything the screen still holds (a clear) goes to the alternate screen, before the guard
    // puts the terminal back.
    drop(screen);
    result
}

/// The terminal as the loop draws on it.
type Screen = screen::Screen<BufWriter<Stdout>>;

/// Room for a whole frame's output (a full 300×100 screen of CJK text is about 100 KB).
const FRAME_BUFFER: usize = 128 << 10;

/// The loop's state between draws.
struct Loop<'a> {
    state: &'a mut State,
    session: &'a mut Session,
    keys: &'a mut dyn KeyHandler,
    mouse: bool,
    restore: bool,
    panic_key: Option<char>,
    exit: Option<Exit>,
    /// Started after the first draw.
    start_threads: Option<Box<dyn FnOnce()>>,
}

impl Loop<'_> {
    /// Draws, waits for input, takes all that is waiting, draws again; until the reader ends.
    fn run(&mut self, screen: &mut Screen, rx: &Receiver<Incoming>, chrome: &Chrome) -> io::Result<Exit> {
        // The screen was sized when the terminal was entered, and crossterm has listened for
        // resizes since: the first draw needs no size of its own.
        let mut sized = true;
        loop {
            // The size is read at every other draw: a resize event may be lost (while suspended,
            // say).
            let area = if std::mem::take(&mut sized) { screen.area() } else { screen_area()? };
            if area != screen.area() {
                screen.clear(area)?;
            }
            let state = &mut *self.state;
            screen.draw(|buf| {
                let area = buf.area;
                if (area.width, area.height) != (state.geometry.screen.width, state.geometry.screen.height) {
                    update(state, Msg::Resized { cols: area.width, rows: area.height });
                }
                ui::render(buf, area, state, chrome);
            })?;
            // The deferred work first: what it sends at once is then passed on at once.
            self.session.start_deferred();
            if let Some(start) = self.start_threads.take() {
                start();
            }
            // Block until something happens (no tick, no CPU while idle), then take everything
            // already waiting before drawing again.
            let mut next = rx.recv().map_err(|_| io::Error::other("terminal input ended"))?;
            loop {
                match self.handle(next)? {
                    Control::Continue => {}
                    Control::Suspend => suspend(screen, self.mouse)?,
                    Control::Quit => return Ok(self.exit.take().unwrap_or(Exit::Quit)),
                }
                match rx.try_recv() {
                    Ok(incoming) => next = incoming,
                    Err(_) => break,
                }
            }
            let msgs = self.session.after_input(self.state);
            self.feed(msgs);
        }
    }

    fn handle(&mut self, incoming: Incoming) -> io::Result<Control> {
        let effects = match incoming {
            Incoming::Terminal(event) => self.event(event),
            Incoming::InputFailed(e) => return Err(e),
            Incoming::Signal(signal) => {
                run_effects(self.state, self.session, vec![Effect::Quit]);
                self.exit = Some(Exit::Signal(signal));
                return Ok(Control::Quit);
            }
            Incoming::Document(Ok(loaded)) => {
                update(
                    self.state,
                    Msg::Opened { doc: Box::new(loaded.doc), name: loaded.name, location: None },
                );
                let msgs = self.session.attach(&self.state.doc, loaded.path.as_deref(), self.restore);
                self.feed(msgs);
                Vec::new()
            }
            Incoming::Background(msg) => update(self.state, msg),
            Incoming::Document(Err(message)) => {
                self.exit = Some(Exit::Failed(message));
                return Ok(Control::Quit);
            }
        };
        Ok(run_effects(self.state, self.session, effects))
    }

    fn event(&mut self, event: Event) -> Vec<Effect> {
        let msg = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                if let (Some(c), crossterm::event::KeyCode::Char(pressed)) = (self.panic_key, key.code)
                    && c == pressed
                {
                    panic!("panic on request: {PANIC_KEY_VARIABLE}={c}");
                }
                return self.keys.key(self.state, key);
            }
            Event::Resize(cols, rows) => {
                let (cols, rows) = clamp_screen(cols, rows);
                Msg::Resized { cols, rows }
            }
            Event::Mouse(m) if self.mouse => match m.kind {
                MouseEventKind::ScrollDown => Msg::Wheel { col: m.column, row: m.row, down: true },
                MouseEventKind::ScrollUp => Msg::Wheel { col: m.column, row: m.row, down: false },
                MouseEventKind::Down(_) => Msg::Click { col: m.column, row: m.row },
                _ => return Vec::new(),
            },
            Event::Paste(text) => Msg::Pasted(text),
            _ => return Vec::new(),
        };
        update(self.state, msg)
    }

    fn feed(&mut self, msgs: Vec<Msg>) {
        for msg in msgs {
            let effects = update(self.state, msg);
            run_effects(self.state, self.session, effects);
        }
    }
}

/// The environment variable that makes a key panic, to test that a real panic restores the
/// terminal. Read only in debug builds: a release build never panics on purpose.
const PANIC_KEY_VARIABLE: &str = "KAN_DEBUG_PANIC_KEY";

fn debug_panic_key() -> Option<char> {
    if cfg!(debug_assertions) {
        std::env::var(PANIC_KEY_VARIABLE).ok().and_then(|v| v.chars().next())
    } else {
        None
    }
}

/// Our key for a crossterm key event; `None` for keys kan has no name for.
pub fn key_from_event(event: KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    let code = match event.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => {
            return Some(Key::new(KeyCode::Tab, Modifiers { shift: true, ..modifiers(event.modifiers) }));
        }
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Insert => KeyCode::Insert,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mut mods = modifiers(event.modifiers);
    // A typed capital or symbol already carries its shift.
    if matches!(code, KeyCode::Char(_)) && !mods.ctrl && !mods.alt {
        mods.shift = false;
    }
    Some(Key::new(code, mods))
}

fn modifiers(m: crossterm::event::KeyModifiers) -> Modifiers {
    use crossterm::event::KeyModifiers as M;
    Modifiers { ctrl: m.contains(M::CONTROL), alt: m.contains(M::ALT), shift: m.contains(M::SHIFT) }
}

/// Resolves terminal keys through a keymap into reader updates.
pub struct KeymapHandler<'a> {
    pub keymap: &'a Keymap,
    pub input: Input,
}

impl KeyHandler for KeymapHandler<'_> {
    fn key(&mut self, state: &mut State, event: KeyEvent) -> Vec<Effect> {
        match key_from_event(event) {
            Some(key) => self.input.key(state, self.keymap, key),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that keeps each write apart.
    #[derive(Clone, Default)]
    struct Writes(std::rc::Rc<std::cell::RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_alternate_screen_is_entered_in_the_first_frame_s_one_write() {
        let writes = Writes::default();
        let mut screen = screen::Screen::new(BufWriter::new(writes.clone()), TuiRect::new(0, 0, 10, 2));
        enter_screen(&mut screen, false).unwrap();
        assert!(writes.0.borrow().is_empty());
        screen.draw(|buf| buf.set_string(0, 0, "hi", ratatui::style::Style::new())).unwrap();
        let writes = writes.0.take();
        assert_eq!(writes.len(), 1);
        let frame = String::from_utf8_lossy(&writes[0]);
        assert!(frame.starts_with("\u{1b}[?1049h"), "{frame:?}");
        assert!(frame.contains("hi"), "{frame:?}");
    }

    #[test]
    fn the_screen_is_clamped_to_what_kan_can_draw() {
        assert_eq!(clamp_screen(65535, 65535), (MAX_SCREEN, MAX_SCREEN));
        assert_eq!(clamp_screen(100, 30), (100, 30));
        assert_eq!(clamp_screen(0, 0), (0, 0));
    }
}
