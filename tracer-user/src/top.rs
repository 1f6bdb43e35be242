//! `--top`: a full-screen view, redrawn every second, of the in-kernel counters of the counting
//! mode (counted per process): the busiest syscalls, processes and cgroups by calls and time,
//! errors per second and events lost. `q` (or Ctrl-C) quits.
//!
//! The terminal is put back as it was on every way out: a normal end, `q`, SIGINT/SIGTERM (they
//! end the run normally), an error (the [`Screen`] guard is dropped) and a panic (a panic hook).
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::summary::{Counts, SyscallStats};
use crate::table::Table;

/// The terminal's settings before the view took it, while the view has it.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);
/// The user asked to quit (`q`).
static QUIT: AtomicBool = AtomicBool::new(false);

const ENTER: &str = "\x1b[?1049h\x1b[?25l";
const LEAVE: &str = "\x1b[?25h\x1b[?1049l";

/// The terminal in full-screen mode; dropping it puts the terminal back.
pub struct Screen {
    _private: (),
}

impl Screen {
    /// Takes the terminal: alternate screen, no cursor, keys unbuffered and unechoed (Ctrl-C
    /// arrives as a key). Starts a thread that reads keys.
    pub fn enter() -> std::io::Result<Screen> {
        // SAFETY: tcgetattr writes only into `t`, which we own.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: as above; fd 0 stays open for the whole run.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut t) } == 0 {
            if let Ok(mut saved) = SAVED.lock() {
                *saved = Some(t);
            }
            let mut raw = t;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            // SAFETY: sets fd 0's attributes from a termios we filled.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) };
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        let mut out = std::io::stdout().lock();
        out.write_all(ENTER.as_bytes())?;
        out.flush()?;
        std::thread::Builder::new()
            .name("top-keys".into())
            .spawn(read_keys)?;
        Ok(Screen { _private: () })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back if the view has it (once: later calls do nothing).
fn restore() {
    let saved = SAVED.lock().ok().and_then(|mut s| s.take());
    if let Some(t) = saved {
        // SAFETY: restores fd 0's attributes to the ones read before.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t) };
        let mut out = std::io::stdout();
        let _ = out.write_all(LEAVE.as_bytes());
        let _ = out.flush();
    }
}

/// True once the user pressed `q`.
pub fn quit_requested() -> bool {
    QUIT.load(Ordering::SeqCst)
}

/// Reads keys until `q`, Ctrl-C or Ctrl-\; then stops the run as SIGTERM does.
fn read_keys() {
    let mut b = [0u8; 1];
    loop {
        // SAFETY: reads at most one byte into `b`.
        let n = unsafe { libc::read(libc::STDIN_FILENO, b.as_mut_ptr().cast(), 1) };
        if n == 0 {
            return;
        }
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if matches!(b[0], b'q' | b'Q' | 0x03 | 0x1c) {
            QUIT.store(true, Ordering::SeqCst);
            // The run stops on SIGTERM (caught: it ends the drain loop cleanly).
            // SAFETY: sends a signal to ourselves.
            unsafe { libc::kill(libc::getpid(), libc::SIGTERM) };
            return;
        }
    }
}

/// The terminal's size (rows, columns), 24×80 when unknown.
fn size() -> (usize, usize) {
    // SAFETY: TIOCGWINSZ writes only into `w`.
    let mut w: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut w) } == 0;
    if ok && w.ws_row > 0 && w.ws_col > 0 {
        (w.ws_row as usize, w.ws_col as usize)
    } else {
        (24, 80)
    }
}

/// Calls, time and errors of one row.
#[derive(Clone, Copy, Default)]
struct Tally {
    calls: u64,
    errors: u64,
    ns: u64,
}

impl Tally {
    fn add(&mut self, s: &SyscallStats) {
        self.calls += s.calls;
        self.errors += s.errors;
        self.ns += s.total_ns;
    }
}

/// The view's state between frames.
pub struct Top {
    what: String,
    previous: Counts,
    at: Instant,
    lost_before: u64,
    cgroup_of: HashMap<u64, String>,
    comm_of: HashMap<u64, String>,
}

impl Top {
    /// `what` names the target in the title line.
    pub fn new(what: String) -> Self {
        Top {
            what,
            previous: Counts::default(),
            at: Instant::now(),
            lost_before: 0,
            cgroup_of: HashMap::new(),
            comm_of: HashMap::new(),
        }
    }

    /// Draws a frame from the counters `now` (per process) and the total lost so far.
    pub fn frame(&mut self, table: &Table, now: Counts, lost: u64) -> std::io::Result<()> {
        let secs = self.at.elapsed().as_secs_f64().max(0.001);
        self.at = Instant::now();
        let d = now.since(&self.previous);
        self.previous = now;
        let lost_now = lost.saturating_sub(self.lost_before);
        self.lost_before = lost;
        let (rows, cols) = size();
        let text = self.render(table, &d, secs, lost_now, lost, rows, cols);
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    #[allow(clippy::too_many_arguments)]
    fn render(
        &mut self,
        table: &Table,
        d: &Counts,
        secs: f64,
        lost_now: u64,
        lost: u64,
        rows: usize,
        cols: usize,
    ) -> String {
        let mut by_nr: BTreeMap<u32, Tally> = BTreeMap::new();
        let mut by_pid: BTreeMap<u64, Tally> = BTreeMap::new();
        let mut total = Tally::default();
        for (&pid, m) in &d.groups {
            for (&nr, s) in m {
                by_nr.entry(nr).or_default().add(s);
                by_pid.entry(pid).or_default().add(s);
                total.add(s);
            }
        }
        let mut by_cg: BTreeMap<String, Tally> = BTreeMap::new();
        for (&pid, t) in &by_pid {
            let cg = self
                .cgroup_of
                .entry(pid)
                .or_insert_with(|| {
                    crate::target::cgroup_of_pid(pid as u32).unwrap_or_else(|| "?".into())
                })
                .clone();
            let e = by_cg.entry(cg).or_default();
            e.calls += t.calls;
            e.errors += t.errors;
            e.ns += t.ns;
        }
        let rate = |n: u64| n as f64 / secs;
        let mut lines: Vec<String> = Vec::new();
        lines.push(format!(
            "tracer --top  {}   calls/s {:.0}   errors/s {:.0}   events lost {} ({:.0}/s)   q quits",
            self.what,
            rate(total.calls),
            rate(total.errors),
            lost,
            rate(lost_now)
        ));
        lines.push(String::new());
        // The three tables share the rows left.
        let each = rows.saturating_sub(2 + 3 * 3).max(3) / 3;
        let header = |what: &str| {
            format!(
                "{what:<32} {:>10} {:>12} {:>10}",
                "CALLS/s", "TIME ms/s", "ERRORS/s"
            )
        };
        let row = |name: &str, t: &Tally| {
            format!(
                "{name:<32} {:>10.0} {:>12.3} {:>10.0}",
                rate(t.calls),
                t.ns as f64 / 1e6 / secs,
                rate(t.errors)
            )
        };
        let mut section = |title: &str, mut items: Vec<(String, Tally)>| {
            items.sort_by(|a, b| b.1.calls.cmp(&a.1.calls).then(b.1.ns.cmp(&a.1.ns)));
            lines.push(header(title));
            for (name, t) in items.iter().take(each) {
                lines.push(row(name, t));
            }
            lines.push(String::new());
        };
        section(
            "SYSCALL",
            by_nr
                .iter()
                .map(|(&nr, t)| {
                    let name = table
                        .name(nr)
                        .map_or_else(|| format!("syscall_{nr:#x}"), str::to_owned);
                    (name, *t)
                })
                .collect(),
        );
        let comm_of = &mut self.comm_of;
        section(
            "PROCESS",
            by_pid
                .iter()
                .map(|(&pid, t)| {
                    let comm = comm_of
                        .entry(pid)
                        .or_insert_with(|| {
                            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                                .map(|c| c.trim_end().to_owned())
                                .unwrap_or_else(|_| "?".into())
                        })
                        .clone();
                    (format!("{pid} {comm}"), *t)
                })
                .collect(),
        );
        section("CGROUP", by_cg.into_iter().collect());
        let mut s = String::with_capacity(rows * (cols + 8));
        s.push_str("\x1b[H\x1b[2J");
        for (i, l) in lines.iter().take(rows).enumerate() {
            if i > 0 {
                s.push_str("\r\n");
            }
            let cut: String = l.chars().take(cols).collect();
            let _ = write!(s, "{cut}");
        }
        s
    }
}
