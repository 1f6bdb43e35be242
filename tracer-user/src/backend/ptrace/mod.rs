//! The ptrace backend: for users who can't load eBPF programs (no root, CAP_BPF, or kernel
//! support), and for arguments that need reading at leisure.
//!
//! It produces the records the kernel programs produce (tracer-common's wire layout), so the
//! same [`crate::session::Session`] decodes and prints them: one dedicated thread makes every
//! ptrace call ([`engine`]), copies arguments per the syscall's capture spec ([`capture`]) and
//! appends the records to a queue that the main thread drains like the ring buffer — syscall
//! records are picked up on the drain timer, process records wake the reader at once.
pub mod capture;
mod engine;
mod hold;
pub mod merge;
mod regs;
pub mod seccomp;
mod sys;
mod tamper;

use std::collections::BTreeMap;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};

use tracer_common::{SyscallSpec, cfgflags};

use super::ebpf::CountSettings;
use crate::summary::Counts;
use crate::table::Table;

#[derive(Debug, thiserror::Error)]
pub enum PtraceError {
    #[error("attach: ptrace(PTRACE_SEIZE, {tid}): {msg}")]
    Attach { tid: u32, msg: String },
    #[error("ptrace thread: {0}")]
    Thread(String),
}

/// What the ptrace backend traces and how.
pub struct Settings {
    pub follow_forks: bool,
    /// `--seccomp-bpf`: stop only at the selected syscalls (the command only).
    pub seccomp: bool,
    /// `-e trace=`: the selected syscall numbers.
    pub selected: Box<dyn Fn(u32) -> bool>,
    /// `-s`.
    pub max_str: usize,
    /// `-v`: arrays copied in full.
    /// `-v`, `-e abbrev=`: the syscalls shown whole (arrays copied whole, execve's environment
    /// as strings).
    pub verbose: crate::filter::SyscallSet,
    /// Several tasks are traced and lines are split as strace splits them: an entry record
    /// is sent for every call, as the kernel side does with `cfgflags::SPLIT`.
    pub split_lines: bool,
    /// `-e status=`, `-z`, `-Z`: [`cfgflags::STATUS_ALL`] or a part of it.
    pub status: u32,
    /// `-c`/`-C`.
    pub count: Option<CountSettings>,
    /// Send fork, exec and exit records (not when the eBPF side sends them: deep decoding).
    pub process_records: bool,
    /// `-y`: say what new pipe, socket and anonymous-inode descriptors are, read from `/proc`
    /// while the tracee is stopped ([`tracer_common::FdRecord`]).
    pub fd_records: bool,
    /// `-Y`: say what name a task takes with prctl(PR_SET_NAME) ([`tracer_common::RenameRecord`]).
    pub renames: bool,
    /// `-b execve`: detach a tracee at its exec (not the command's first).
    pub detach_on_exec: bool,
    /// `-e inject=`, `-e fault=`: the rules of the traced syscalls.
    pub inject: crate::inject::Rules,
}

/// What the engine needs, owned by its thread.
struct EngineConfig {
    follow_forks: bool,
    seccomp: bool,
    specs: Vec<SyscallSpec>,
    status: u32,
    count: Option<CountSettings>,
    process_records: bool,
    /// An entry record for every call (the kernel side's `cfgflags::SPLIT`).
    split: bool,
    /// How far arrays are copied (tracee memory is read at leisure: as far as strace prints).
    deep: capture::Deep,
    /// [`Settings::fd_records`].
    fd_records: bool,
    /// [`Settings::renames`].
    renames: bool,
    /// [`Settings::detach_on_exec`].
    detach_on_exec: bool,
    /// [`Settings::inject`], with what it needs of the table.
    tamper: tamper::Tamperer,
}

/// Requests to the ptrace thread before tracing starts.
enum Request {
    /// Seize a thread: a command not exec'd yet (traced from its execve), or a running thread.
    Seize {
        tid: u32,
        pending_exec: bool,
        reply: mpsc::Sender<io::Result<()>>,
    },
    /// Start waiting for the tracees.
    Go,
}

/// Bytes of records the queue holds before the ptrace thread waits for the reader.
const QUEUE_MAX: usize = 64 << 20;

/// What the ptrace thread and the main thread share.
struct Shared {
    /// Records not yet drained, back to back (each says its length in its header).
    queue: Mutex<Vec<u8>>,
    /// Signalled when the reader has taken the queue (a full queue makes the writer wait).
    drained: Condvar,
    /// Readable when a process record (fork, exec, exit, signal) or the end is queued.
    wake: OwnedFd,
    /// Set by the main thread: detach everything and end.
    stop: AtomicBool,
    /// Set by the ptrace thread once it has seen `stop` (the main thread stops kicking).
    stopping: AtomicBool,
    /// `-c`: counters kept by the ptrace thread.
    counts: Mutex<Counts>,
    /// The command's wait status, reaped by the ptrace thread.
    command_status: Mutex<BTreeMap<u32, i32>>,
}

impl Shared {
    fn push(&self, rec: &[u8], wake: bool) {
        let Ok(mut q) = self.queue.lock() else {
            return;
        };
        // The reader is behind (a slow output): the tracee waits, stopped, rather than tracer
        // growing without bound — nothing is lost. Not once a stop is asked for: then the
        // reader is waiting for this thread.
        while q.len() >= QUEUE_MAX && !self.stop.load(Ordering::SeqCst) {
            self.wake_reader();
            q = match self
                .drained
                .wait_timeout(q, std::time::Duration::from_millis(10))
            {
                Ok((q, _)) => q,
                Err(_) => return,
            };
        }
        q.extend_from_slice(rec);
        drop(q);
        if wake {
            self.wake_reader();
        }
    }

    fn wake_reader(&self) {
        let one = 1u64;
        // SAFETY: writes 8 bytes from a local to our eventfd.
        unsafe { libc::write(self.wake.as_raw_fd(), (&raw const one).cast(), 8) };
    }
}

/// The main thread's end of the queue: drained like the ring buffer.
pub struct QueueReader {
    shared: Arc<Shared>,
    spare: Vec<u8>,
}

impl AsRawFd for QueueReader {
    fn as_raw_fd(&self) -> RawFd {
        self.shared.wake.as_raw_fd()
    }
}

impl QueueReader {
    /// Hands every queued record to `f`, in order; returns how many there were.
    pub fn drain(&mut self, mut f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<u64> {
        let mut n = 0u64;
        // SAFETY: reads 8 bytes into a local from our non-blocking eventfd (resets it).
        unsafe {
            let mut v = 0u64;
            libc::read(self.shared.wake.as_raw_fd(), (&raw mut v).cast(), 8);
        }
        self.spare.clear();
        if let Ok(mut q) = self.shared.queue.lock() {
            std::mem::swap(&mut *q, &mut self.spare);
        }
        self.shared.drained.notify_all();
        let mut rest = &self.spare[..];
        while rest.len() >= 8 {
            let len = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
            let Some(rec) = rest.get(..len).filter(|_| len >= 8) else {
                break;
            };
            f(rec)?;
            n += 1;
            rest = &rest[len..];
        }
        Ok(n)
    }
}

/// The counters of `-c` under ptrace: readable from any thread (`--metrics`, `--interval`).
#[derive(Clone)]
pub struct Counters(Arc<Shared>);

impl Counters {
    pub fn read(&self) -> Counts {
        self.0.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

pub struct PtraceBackend {
    shared: Arc<Shared>,
    requests: mpsc::Sender<Request>,
    thread: Option<std::thread::JoinHandle<()>>,
    seccomp: Option<Vec<libc::sock_filter>>,
}

/// The signal that interrupts the ptrace thread's wait (its handler does nothing).
const KICK: i32 = libc::SIGURG;

extern "C" fn on_kick(_: libc::c_int) {}

impl PtraceBackend {
    /// Starts the ptrace thread. Nothing is traced until tasks are added.
    pub fn start(table: &Table, s: &Settings) -> Result<Self, PtraceError> {
        let split = s.split_lines && s.count.is_none_or(|c| c.lines);
        let specs: Vec<SyscallSpec> = table
            .capture_specs_for(s.max_str, |nr| s.verbose.contains(nr), true, &s.selected)
            .into_iter()
            .map(|(nr, mut spec)| {
                if split {
                    super::read_inputs_at_entry(&mut spec, table.row(nr));
                }
                spec
            })
            .collect();
        let seccomp = s.seccomp.then(|| {
            let traced: Vec<u32> = (0..tracer_common::MAX_SYSCALLS)
                .filter(|&nr| {
                    specs.get(nr as usize).is_some_and(|sp| {
                        sp.flags
                            & (tracer_common::specflags::SELECTED
                                | tracer_common::specflags::IS_EXEC)
                            != 0
                    })
                })
                .collect();
            seccomp::filter(&traced)
        });
        let cfg = EngineConfig {
            follow_forks: s.follow_forks,
            seccomp: s.seccomp,
            specs,
            status: s.status & cfgflags::STATUS_ALL,
            count: s.count,
            process_records: s.process_records,
            split,
            deep: capture::Deep::new(s.max_str, !s.verbose.is_empty()),
            fd_records: s.fd_records,
            renames: s.renames,
            detach_on_exec: s.detach_on_exec,
            tamper: tamper::tamperer(s.inject.clone(), table),
        };
        // SAFETY: eventfd takes no pointers; the new fd is owned by nobody else.
        let efd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if efd < 0 {
            return Err(PtraceError::Thread(io::Error::last_os_error().to_string()));
        }
        // SAFETY: as above: a fresh fd.
        let wake = unsafe { OwnedFd::from_raw_fd(efd) };
        // SAFETY: a handler that does nothing, installed without SA_RESTART so that it
        // interrupts the ptrace thread's waitpid.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_kick as *const () as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(KICK, &sa, std::ptr::null_mut());
        }
        let shared = Arc::new(Shared {
            queue: Mutex::new(Vec::with_capacity(1 << 16)),
            drained: Condvar::new(),
            wake,
            stop: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            counts: Mutex::new(Counts::default()),
            command_status: Mutex::new(BTreeMap::new()),
        });
        let (tx, rx) = mpsc::channel();
        let sh = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("ptrace".into())
            .spawn(move || engine::Engine::new(cfg, sh).run(rx))
            .map_err(|e| PtraceError::Thread(e.to_string()))?;
        Ok(PtraceBackend {
            shared,
            requests: tx,
            thread: Some(thread),
            seccomp,
        })
    }

    fn seize(&mut self, tid: u32, pending_exec: bool) -> Result<(), PtraceError> {
        log::debug!(
            "ptrace: seizing task {tid}{}",
            if pending_exec {
                " (traced from its execve)"
            } else {
                ""
            }
        );
        let (reply, answer) = mpsc::channel();
        let gone = || PtraceError::Thread("the ptrace thread ended".into());
        self.requests
            .send(Request::Seize {
                tid,
                pending_exec,
                reply,
            })
            .map_err(|_| gone())?;
        answer
            .recv()
            .map_err(|_| gone())?
            .map_err(|e| PtraceError::Attach {
                tid,
                msg: match e.raw_os_error() {
                    Some(n) => crate::table::errno::errno_message(n),
                    None => e.to_string(),
                },
            })
    }

    /// Seizes a command that has not exec'd yet: it is traced from its first execve.
    pub fn trace_from_exec(&mut self, pid: u32) -> Result<(), PtraceError> {
        self.seize(pid, true)
    }

    /// Seizes a running thread (`-p`); it is stopped only for as long as each stop takes.
    pub fn trace_now(&mut self, tid: u32) -> Result<(), PtraceError> {
        self.seize(tid, false)
    }

    /// `--seccomp-bpf`: the filter the command installs before it execs.
    pub fn seccomp_filter(&self) -> Option<&[libc::sock_filter]> {
        self.seccomp.as_deref()
    }

    /// Starts tracing; the records come through the returned reader.
    pub fn take_queue(&mut self) -> Result<QueueReader, PtraceError> {
        // A command is traced from its seizure on: the thread may even be done with it already
        // (its records are queued), and then no longer listens.
        let _ = self.requests.send(Request::Go);
        Ok(QueueReader {
            shared: Arc::clone(&self.shared),
            spare: Vec::with_capacity(1 << 16),
        })
    }

    pub fn counters(&self) -> Counters {
        Counters(Arc::clone(&self.shared))
    }

    /// True once the ptrace thread has ended (no tracee left, or stopped).
    pub fn ended(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// The wait status of `pid`, a child the ptrace thread reaped.
    pub fn command_status(&self, pid: u32) -> Option<i32> {
        self.shared
            .command_status
            .lock()
            .ok()
            .and_then(|m| m.get(&pid).copied())
    }
}

impl Drop for PtraceBackend {
    fn drop(&mut self) {
        self.stop();
    }
}

impl PtraceBackend {
    /// Detaches every tracee (they run on as if never traced) and ends the ptrace thread; what
    /// the tracees did up to then is queued.
    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // A thread still waiting for requests ends when the channel closes.
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        let Some(t) = self.thread.take() else { return };
        let pthread = t.as_pthread_t();
        // The thread may be blocked in waitpid: interrupt it until it has seen the request.
        while !t.is_finished() && !self.shared.stopping.load(Ordering::SeqCst) {
            sys::kick_thread(pthread, KICK);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = t.join();
    }
}
