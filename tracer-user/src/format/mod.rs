//! Formatting: decoded values → text. The text printer writes strace's lines; other printers
//! (JSON…) implement the same [`Sink`].
pub mod errno;
pub mod flags;
pub mod quote;
pub mod siginfo;
pub mod signal;
pub mod text;

use crate::decode::Value;
use crate::table::Row;
use crate::wire::SyscallEvent;

/// A syscall ready to print: the record, its row (if the syscall has one) and decoded arguments.
pub struct SyscallLine<'e, 'a> {
    pub ev: &'e SyscallEvent<'a>,
    pub name: Option<&'static str>,
    pub row: Option<&'static Row>,
    pub args: Vec<Value<'a>>,
    /// What to print next to the pid in multi-process traces (comm, unit or container).
    pub label: Option<&'e str>,
}

/// How a process (or thread) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Killed { sig: u32, core: bool },
}

impl Ending {
    /// From a wait status.
    pub fn from_wait_status(status: u32) -> Self {
        if status & 0x7f == 0 {
            Ending::Exited(((status >> 8) & 0xff) as i32)
        } else {
            Ending::Killed {
                sig: status & 0x7f,
                core: status & 0x80 != 0,
            }
        }
    }
}

/// Where the events go: one implementation per output format.
pub trait Sink {
    fn syscall(&mut self, line: &SyscallLine<'_, '_>) -> std::io::Result<()>;
    fn ended(
        &mut self,
        tid: u32,
        ts_ns: u64,
        how: Ending,
        label: Option<&str>,
    ) -> std::io::Result<()>;
    /// A signal line's text (`SIGCHLD {...}`, `stopped by SIGSTOP`), printed between `---`.
    fn signal(
        &mut self,
        tid: u32,
        ts_ns: u64,
        text: &str,
        label: Option<&str>,
    ) -> std::io::Result<()>;
    /// `n` events were lost at this point of the stream.
    fn lost(&mut self, n: u64) -> std::io::Result<()>;
    /// Text that is not a record (a `-c` summary), written as it is.
    fn raw(&mut self, text: &str) -> std::io::Result<()>;
    /// The number of live traced tasks changed (strace prefixes pids only when there are several).
    fn tasks(&mut self, live: usize);
    fn flush(&mut self) -> std::io::Result<()>;
}
