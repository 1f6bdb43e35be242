//! Formatting: decoded values → text. The text printer writes strace's lines; other printers
//! (JSON…) implement the same [`Sink`].
pub mod errno;
pub mod ff;
pub mod flags;
pub mod json;
pub mod perfetto;
pub mod quote;
#[cfg(test)]
mod special_tests;
pub mod text;

use crate::decode::{RetNote, Value};

/// What a timestamp column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    /// `-t`: the time of day.
    Time,
    /// `-ttt`: seconds since the epoch.
    Unix,
}

/// A time column: its format (for `-t`) and how many digits after the point (0, 3, 6, 9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSpec {
    pub format: TimeFormat,
    pub digits: u8,
}

/// `-X`: how constants and flags are spelled (strace's `XLAT_STYLE_*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XlatStyle {
    /// Names (`O_RDONLY|O_CLOEXEC`), numbers only where no name fits.
    #[default]
    Abbrev,
    /// Numbers only (`0x80000`).
    Raw,
    /// Numbers, then the names in a comment (`0x80000 /* O_RDONLY|O_CLOEXEC */`).
    Verbose,
}
use crate::table::Row;
use crate::wire::{RawEvent, SyscallEvent};

/// Who a line is about, beside its pid.
#[derive(Clone, Copy, Debug, Default)]
pub struct Who<'a> {
    /// `-Y`: the task's name, printed right after the pid (`1234<bash>`).
    pub comm: Option<&'a [u8]>,
    /// What to print next to the pid in multi-process traces (comm, unit or container).
    pub label: Option<&'a str>,
}

/// A syscall ready to print: the record, its row (if the syscall has one) and decoded arguments.
pub struct SyscallLine<'e, 'a> {
    pub ev: &'e SyscallEvent<'a>,
    pub name: Option<&'static str>,
    pub row: Option<&'static Row>,
    pub args: Vec<Value<'a>>,
    /// What decoders add to the return value.
    pub ret: RetNote<'a>,
    pub who: Who<'e>,
    /// `-y`: what a returned descriptor refers to.
    pub ret_path: Option<&'e crate::decode::FdDesc>,
    /// `-Y`, `--decode-pids=pidns`: what is known of a returned pid (`= 1234<bash>`).
    pub ret_pid: Option<&'e crate::decode::PidInfo>,
    /// Whole, or one half of a call split by another task's line.
    pub part: Part,
    /// Whether the call's structures and arrays are abbreviated (`-e abbrev=`; not with `-v`).
    pub abbrev: bool,
}

/// Which part of a syscall a line shows. strace prints a call at entry and finishes the line at
/// exit; when another task's line comes in between, the call is split in two lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The whole call (or, with `UNFINISHED`, a call its task died in).
    Whole,
    /// The entry, interrupted by another task's line: `NAME(in-args <unfinished ...>`.
    Entry,
    /// The exit of a call whose entry was printed before: `<... NAME resumed>` and the arguments
    /// from `args[skip]` on.
    Resumed { skip: usize },
    /// The entry of a call that is taking a while, written as strace does while it waits:
    /// `NAME(in-args, ` with no end, so a live viewer sees what the task is blocked in. The
    /// line ends with [`Part::Rest`] or with [`Sink::close_open`].
    Open,
    /// The end of the [`Part::Open`] line: the arguments from `args[skip]` on and the result.
    Rest { skip: usize },
    /// The entry of a call whose thread exec'd and took its leader's id, as strace ends it:
    /// `NAME(in-args <pid changed to LEADER ...>`; the exit comes under the leader's id as
    /// [`Part::Resumed`].
    PidChanged(u32),
    /// The entry of a call its task was detached in (`-b execve` at a successful execve):
    /// `NAME(in-args <detached ...>`, a whole line.
    Detached,
}

impl<'e, 'a> SyscallLine<'e, 'a> {
    /// The call as one line, for outputs where lines never interleave (one file per task,
    /// JSON, Perfetto): None for an entry shown before its exit (the exit brings the whole call),
    /// the line itself for an exit.
    pub fn as_whole(&self) -> Option<SyscallLine<'e, 'a>> {
        match self.part {
            Part::Entry | Part::Open | Part::PidChanged(_) => None,
            _ => Some(SyscallLine {
                ev: self.ev,
                name: self.name,
                row: self.row,
                args: self.args.clone(),
                ret: self.ret.clone(),
                who: self.who,
                ret_path: self.ret_path,
                ret_pid: self.ret_pid,
                part: match self.part {
                    Part::Detached => Part::Detached,
                    _ => Part::Whole,
                },
                abbrev: self.abbrev,
            }),
        }
    }
}

/// A signal for a task: `--- SIGNAME {siginfo} ---`.
pub struct SignalLine<'e> {
    pub tid: u32,
    pub ts: u64,
    pub sig: u32,
    /// The decoded siginfo (a struct), or None when the kernel gave none.
    pub info: Option<Value<'static>>,
    pub who: Who<'e>,
    /// The signal stops the task: `--- stopped by SIGNAME ---` follows.
    pub stops: bool,
    /// Only the stop (ptrace's group-stop, one per thread): `--- stopped by SIGNAME ---` alone;
    /// the signal itself was shown when it was delivered.
    pub stop_only: bool,
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
    fn ended(&mut self, tid: u32, ts_ns: u64, how: Ending, who: Who<'_>) -> std::io::Result<()>;
    /// Ends a line left open by [`Part::Open`] with ` <unfinished ...>` (another task's line
    /// comes); nothing if no line is open. Every other output ends an open line first.
    fn close_open(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    /// Ends a line left open by [`Part::Open`] with ` <detached ...>`: its task was let go
    /// in the call (`-b execve`). As [`Sink::close_open`] where lines are never left open.
    fn detach_open(&mut self) -> std::io::Result<()> {
        self.close_open()
    }
    /// Ends a line left open by [`Part::Open`] with ` <pid changed to TO ...>`: its thread
    /// exec'd and took the id `to` of its process's leader. As [`Sink::close_open`] where lines
    /// are never left open.
    fn pid_changed_open(&mut self, _to: u32) -> std::io::Result<()> {
        self.close_open()
    }
    /// strace's `LEADER +++ superseded by execve in pid OLD +++`: thread `old` exec'd and took
    /// the id of leader `tid`, whose lines end here. Nothing where no such line is written.
    fn superseded(
        &mut self,
        _tid: u32,
        _ts_ns: u64,
        _old: u32,
        _who: Who<'_>,
    ) -> std::io::Result<()> {
        Ok(())
    }
    /// A signal line.
    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()>;
    /// `n` events were lost at this point of the stream.
    fn lost(&mut self, n: u64) -> std::io::Result<()>;
    /// Text that is not a record (a `-c` summary), written as it is.
    fn raw(&mut self, text: &str) -> std::io::Result<()>;
    /// The number of live traced tasks changed (strace prefixes pids only when there are several).
    fn tasks(&mut self, live: usize);
    fn flush(&mut self) -> std::io::Result<()>;
    /// `-e read=`, `-e write=`: a hex dump of the data the call just printed moved.
    fn dump(&mut self, tid: u32, parts: &[crate::decode::dump::Dump<'_>]) -> std::io::Result<()> {
        let _ = (tid, parts);
        Ok(())
    }
    /// A fork or exec record (strace prints none; JSON and Perfetto show them).
    fn process(&mut self, ev: &RawEvent<'_>) -> std::io::Result<()> {
        let _ = ev;
        Ok(())
    }
    /// The trace is complete: close what the format needs closed, then flush.
    fn finish(&mut self) -> std::io::Result<()> {
        self.flush()
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn syscall(&mut self, line: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        (**self).syscall(line)
    }
    fn ended(&mut self, tid: u32, ts_ns: u64, how: Ending, who: Who<'_>) -> std::io::Result<()> {
        (**self).ended(tid, ts_ns, how, who)
    }
    fn close_open(&mut self) -> std::io::Result<()> {
        (**self).close_open()
    }
    fn detach_open(&mut self) -> std::io::Result<()> {
        (**self).detach_open()
    }
    fn pid_changed_open(&mut self, to: u32) -> std::io::Result<()> {
        (**self).pid_changed_open(to)
    }
    fn superseded(&mut self, tid: u32, ts_ns: u64, old: u32, who: Who<'_>) -> std::io::Result<()> {
        (**self).superseded(tid, ts_ns, old, who)
    }
    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()> {
        (**self).signal(line)
    }
    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        (**self).lost(n)
    }
    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        (**self).raw(text)
    }
    fn tasks(&mut self, live: usize) {
        (**self).tasks(live)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        (**self).flush()
    }
    fn process(&mut self, ev: &RawEvent<'_>) -> std::io::Result<()> {
        (**self).process(ev)
    }
    fn dump(&mut self, tid: u32, parts: &[crate::decode::dump::Dump<'_>]) -> std::io::Result<()> {
        (**self).dump(tid, parts)
    }
    fn finish(&mut self) -> std::io::Result<()> {
        (**self).finish()
    }
}

/// Several outputs at once (`--json` next to `--perfetto`): every event goes to each.
pub struct Tee(pub Vec<Box<dyn Sink>>);

impl Sink for Tee {
    fn syscall(&mut self, line: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.syscall(line))
    }
    fn ended(&mut self, tid: u32, ts_ns: u64, how: Ending, who: Who<'_>) -> std::io::Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.ended(tid, ts_ns, how, who))
    }
    fn close_open(&mut self) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.close_open())
    }
    fn detach_open(&mut self) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.detach_open())
    }
    fn pid_changed_open(&mut self, to: u32) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.pid_changed_open(to))
    }
    fn superseded(&mut self, tid: u32, ts_ns: u64, old: u32, who: Who<'_>) -> std::io::Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.superseded(tid, ts_ns, old, who))
    }
    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.signal(line))
    }
    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.lost(n))
    }
    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.raw(text))
    }
    fn tasks(&mut self, live: usize) {
        self.0.iter_mut().for_each(|s| s.tasks(live))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.flush())
    }
    fn process(&mut self, ev: &RawEvent<'_>) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.process(ev))
    }
    fn dump(&mut self, tid: u32, parts: &[crate::decode::dump::Dump<'_>]) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.dump(tid, parts))
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.finish())
    }
}
