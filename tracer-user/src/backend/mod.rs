//! Where events come from: the eBPF programs ([`ebpf`]) or ptrace ([`ptrace`]). Both produce the
//! same wire records; [`Backend`] is what a run talks to, whichever it is.
pub mod ebpf;
pub mod ptrace;
pub mod ring;

use std::io;
use std::os::fd::{AsRawFd, RawFd};

use crate::summary::Counts;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Ebpf(#[from] ebpf::LoadError),
    #[error(transparent)]
    Ptrace(#[from] ptrace::PtraceError),
}

/// The backend a run uses.
pub enum Backend {
    Ebpf(ebpf::EbpfBackend),
    Ptrace(ptrace::PtraceBackend),
    /// Deep decoding: eBPF for everything but the deep syscalls, which ptrace stops at.
    Deep {
        ebpf: ebpf::EbpfBackend,
        ptrace: ptrace::PtraceBackend,
    },
}

impl Backend {
    /// Registers a command that has not exec'd yet: traced from its first execve.
    pub fn trace_from_exec(&mut self, pid: u32) -> Result<(), BackendError> {
        match self {
            Backend::Ebpf(b) => Ok(b.trace_from_exec(pid)?),
            Backend::Ptrace(b) => Ok(b.trace_from_exec(pid)?),
            Backend::Deep { ebpf, ptrace } => {
                ebpf.trace_from_exec(pid)?;
                Ok(ptrace.trace_from_exec(pid)?)
            }
        }
    }

    /// Traces a running thread (`-p`).
    pub fn trace_now(&mut self, tid: u32) -> Result<(), BackendError> {
        match self {
            Backend::Ebpf(b) => Ok(b.trace_now(tid)?),
            Backend::Ptrace(b) => Ok(b.trace_now(tid)?),
            Backend::Deep { ebpf, ptrace } => {
                ebpf.trace_now(tid)?;
                Ok(ptrace.trace_now(tid)?)
            }
        }
    }

    /// The records, to be drained by the caller.
    pub fn take_records(&mut self) -> Result<Records, BackendError> {
        match self {
            Backend::Ebpf(b) => Ok(Records::Ring(b.take_ring()?)),
            Backend::Ptrace(b) => Ok(Records::Queue(b.take_queue()?)),
            Backend::Deep { ebpf, ptrace } => Ok(Records::Merged(Box::new(
                ptrace::merge::Merge::new(ebpf.take_ring()?, ptrace.take_queue()?),
            ))),
        }
    }

    /// The counters of `-c`.
    pub fn take_counters(&mut self) -> Result<Counters, BackendError> {
        match self {
            Backend::Ebpf(b) | Backend::Deep { ebpf: b, .. } => {
                Ok(Counters::Ebpf(Box::new(b.take_counters()?)))
            }
            Backend::Ptrace(b) => Ok(Counters::Ptrace(b.counters())),
        }
    }

    /// Stops tracing before the last records are read: ptrace detaches here (what happened up
    /// to the detach is then in the queue); eBPF programs stay until the backend is dropped.
    pub fn stop(&mut self) {
        if let Backend::Ptrace(b) | Backend::Deep { ptrace: b, .. } = self {
            b.stop();
        }
    }

    pub fn flush_log(&mut self) {
        if let Backend::Ebpf(b) | Backend::Deep { ebpf: b, .. } = self {
            b.flush_log();
        }
    }

    /// Records lost (ptrace loses none: the tracee waits for us).
    pub fn lost(&self) -> u64 {
        match self {
            Backend::Ebpf(b) | Backend::Deep { ebpf: b, .. } => b.lost(),
            Backend::Ptrace(_) => 0,
        }
    }

    /// Tasks that could not be traced.
    pub fn untracked(&self) -> u64 {
        match self {
            Backend::Ebpf(b) | Backend::Deep { ebpf: b, .. } => b.untracked(),
            Backend::Ptrace(_) => 0,
        }
    }

    /// The wait status of the command `pid` once it has ended. The ptrace thread reaps it
    /// when it traces it to its end, maybe a little after the exit record was read (or after
    /// the eBPF side's, with deep decoding): its answer is awaited until the thread ends,
    /// which it does when no tracee is left (a command `-b execve` let go is reaped here).
    pub fn command_status(&self, pid: u32) -> io::Result<i32> {
        let ptrace = match self {
            Backend::Ebpf(_) => return crate::command::wait(pid),
            Backend::Ptrace(b) | Backend::Deep { ptrace: b, .. } => b,
        };
        loop {
            if let Some(s) = ptrace.command_status(pid) {
                return Ok(s);
            }
            if ptrace.ended() {
                return match ptrace.command_status(pid) {
                    Some(s) => Ok(s),
                    None => crate::command::wait(pid),
                };
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// `--seccomp-bpf`: the filter the command installs before exec.
    pub fn seccomp_filter(&self) -> Option<&[libc::sock_filter]> {
        match self {
            Backend::Ptrace(b) | Backend::Deep { ptrace: b, .. } => b.seccomp_filter(),
            Backend::Ebpf(_) => None,
        }
    }
}

/// With split lines, an `<unfinished ...>` line shows the input arguments as they were at entry,
/// as strace reads them then: the captures of input arguments move to sys_enter (and are retried
/// at exit when the entry read fails, for a line that is not split).
/// Arguments the kernel fills (readv's iovecs, recvmsg's msghdr, an in/out length's value at
/// exit) stay at exit: the row says which they are.
pub fn read_inputs_at_entry(
    spec: &mut tracer_common::SyscallSpec,
    row: Option<&crate::table::Row>,
) {
    use tracer_common::{CaptureKind, specflags, when};
    let Some(row) = row else { return };
    for a in &mut spec.args {
        // Custom decoders say themselves when each copy is made, and which copies at exit
        // are of inputs.
        let out = row.args.get(a.arg as usize).is_none_or(|&arg| match arg {
            crate::table::Arg::Special(c) => !c.input_at(a.arg as usize),
            arg => crate::decode::is_out(arg),
        });
        if a.kind != CaptureKind::None as u8 && a.when == when::EXIT && !out {
            a.when = when::ENTER;
            spec.flags |= specflags::ENTER_CAPTURES;
        }
    }
}

/// A backend's record stream.
pub enum Records {
    Ring(ring::RingReader),
    Queue(ptrace::QueueReader),
    Merged(Box<ptrace::merge::Merge>),
}

impl Records {
    /// Hands every available record to `f`; returns how many.
    pub fn drain(&mut self, f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<u64> {
        match self {
            Records::Ring(r) => r.drain(f),
            Records::Queue(q) => q.drain(f),
            Records::Merged(m) => m.drain(f),
        }
    }

    /// Whether records can be dropped on the way (a full kernel ring). The ptrace thread's
    /// queue never drops one: it holds the tracee until the reader catches up.
    pub fn can_lose(&self) -> bool {
        !matches!(self, Records::Queue(_))
    }

    /// The last drain follows: nothing is held back any more.
    pub fn finish(&mut self) {
        if let Records::Merged(m) = self {
            m.finish();
        }
    }
}

impl AsRawFd for Records {
    fn as_raw_fd(&self) -> RawFd {
        match self {
            Records::Ring(r) => r.as_raw_fd(),
            Records::Queue(q) => q.as_raw_fd(),
            // Drained on the timer too; the ring wakes us for process records.
            Records::Merged(m) => m.ring.as_raw_fd(),
        }
    }
}

/// `-c`'s counters, kept in kernel maps or by the ptrace thread.
pub enum Counters {
    Ebpf(Box<ebpf::Counters>),
    Ptrace(ptrace::Counters),
}

impl Counters {
    pub fn read(&self) -> Result<Counts, BackendError> {
        match self {
            Counters::Ebpf(c) => Ok(c.read()?),
            Counters::Ptrace(c) => Ok(c.read()),
        }
    }

    pub fn lost(&self) -> u64 {
        match self {
            Counters::Ebpf(c) => c.lost(),
            Counters::Ptrace(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use tracer_common::when;

    use crate::table::{Arch, Table, capture_spec};

    /// With split lines, what the kernel only reads is copied at entry (for the
    /// `<unfinished ...>` part); what it fills stays at exit.
    #[test]
    fn inputs_move_to_entry_outputs_stay() {
        let table = Table::new(Arch::native());
        let row = |name: &str| {
            let nr = Arch::native().number(name).expect("syscall of this arch");
            table.row(nr).expect("a row")
        };
        let when_of = |name: &str, arg: u8| {
            let mut spec = capture_spec(row(name), 32);
            super::read_inputs_at_entry(&mut spec, Some(row(name)));
            spec.args
                .iter()
                .find(|a| a.kind != 0 && a.arg == arg)
                .map(|a| a.when)
        };
        assert_eq!(when_of("futex", 3), Some(when::ENTER), "futex's timeout");
        assert_eq!(when_of("write", 1), Some(when::ENTER), "write's buffer");
        assert_eq!(when_of("read", 1), Some(when::EXIT_OK), "read's buffer");
        assert_eq!(
            when_of("poll", 0),
            Some(when::EXIT),
            "poll's fds and revents"
        );
    }
}
