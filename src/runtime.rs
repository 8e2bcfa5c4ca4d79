//! Terminal setup and restore, the panic hook, signals and the event loop.
//! The only crossterm user besides `ui`: it turns terminal events into reader calls.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEvent, KeyEventKind, MouseEventKind,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::keymap::{Key, KeyCode, Keymap, Modifiers};
use crate::reader::input::Input;
use crate::reader::{Effect, State};
use crate::session::Session;
use crate::ui::{self, Chrome};

/// Whether mouse capture is on, so every restore path knows to turn it off.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown. Safe to call more
/// than once and from a panic hook or a signal thread.
pub fn restore_terminal() {
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
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

/// Restores the terminal before a panic message prints, so the message is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// SIGTERM and SIGHUP restore the terminal and end the process.
fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Stops the process like Ctrl-Z in a shell; `fg` continues here and the screen is redrawn.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>, mouse: bool) -> io::Result<()> {
    restore_terminal();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter_terminal(mouse)?;
    // Redraw everything. Not `Terminal::clear`: it asks the terminal for the cursor position,
    // which some terminals never answer.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// What the loop asks of its caller for each key: the caller owns the keymap.
pub trait KeyHandler {
    fn key(&mut self, state: &mut State, key: KeyEvent) -> Vec<Effect>;
}

/// Runs the interactive reader until it quits.
pub fn run(
    state: &mut State,
    session: &mut Session,
    chrome: &Chrome,
    keys: &mut dyn KeyHandler,
    mouse: bool,
) -> io::Result<()> {
    install_panic_hook();
    install_signal_handlers()?;
    enter_terminal(mouse)?;
    let _guard = Guard;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    state.resize(size.width, size.height);
    loop {
        terminal.draw(|frame| ui::draw(frame, state, chrome))?;
        // Blocks until something happens: no tick, no CPU while idle.
        let effects = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => keys.key(state, key),
            Event::Resize(cols, rows) => {
                state.resize(cols, rows);
                Vec::new()
            }
            Event::Mouse(mouse) => {
                match mouse.kind {
                    MouseEventKind::ScrollDown => {
                        crate::reader::update::wheel(state, mouse.column, mouse.row, true)
                    }
                    MouseEventKind::ScrollUp => {
                        crate::reader::update::wheel(state, mouse.column, mouse.row, false)
                    }
                    MouseEventKind::Down(_) => {
                        if let Some(o) = state.geometry.outline
                            && o.contains(mouse.column, mouse.row)
                        {
                            crate::reader::update::click_outline(state, (mouse.row - o.y) as usize);
                        }
                    }
                    _ => {}
                }
                Vec::new()
            }
            Event::Paste(text) => {
                crate::reader::update::type_text(state, &text);
                Vec::new()
            }
            _ => Vec::new(),
        };
        for effect in effects {
            let suspending = effect == Effect::Suspend;
            if !session.run(state, effect) {
                return Ok(());
            }
            if suspending {
                suspend(&mut terminal, mouse)?;
            }
        }
        session.after_input(state);
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
