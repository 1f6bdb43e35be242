//! `-d`: tracer's own debug messages on stderr, as strace's `-d` prints its own (`tracer:
//! ` and the message; a kernel-side message also says `kernel:`). They come from the `log`
//! macros at the choke points of a run (the backend chosen and loaded, tasks added, process
//! records, loss, the end), never per syscall. Without `-d` no logger is installed and the
//! macros cost one comparison.

struct Stderr;

impl log::Log for Stderr {
    /// tracer's own messages, and the libraries' warnings (aya's debug output is many lines
    /// per run).
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target().starts_with("tracer") || m.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("tracer: {}", record.args());
        }
    }

    fn flush(&self) {}
}

static STDERR: Stderr = Stderr;

/// Prints every message from now on (once: a second call changes nothing).
pub fn enable() {
    if log::set_logger(&STDERR).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
}
