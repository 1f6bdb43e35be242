//! The ptrace thread: seizes tracees, waits for their stops, turns each stop into the records
//! the kernel programs would send, and restarts the tracee. Every ptrace call of tracer is made
//! here (ptrace requests are only accepted from the tracing thread).
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

use tracer_common::{
    Capture, MAX_CAPTURES, RecordKind, RenameRecord, SIGINFO_SIZE, SyscallRecord, SyscallSpec,
    cfgflags, countper, exitflags, newfds, sigflags, specflags, sysflags,
};

use super::capture::{self, Memory, Moment, Tracee};
use super::hold::Held;
use super::sys::{self, op};
use super::tamper::{Live, Restart, Tampered};
use super::{EngineConfig, KICK, Request, Shared};
use crate::inject::Counter;

const SYSCALL_STOP: i32 = libc::SIGTRAP | 0x80;

/// A bit of `InFlight::enter_caps` beside the capture bits: a `SyscallEnter` record was sent
/// (its exit record then carries `HAS_ENTER`, even when no entry capture succeeded), as in the
/// kernel side.
const ENTER_SENT: u32 = 1 << 31;

/// A syscall between its entry and exit stops.
#[derive(Clone, Copy, Debug)]
struct InFlight {
    nr: u32,
    args: [u64; 6],
    /// The user stack pointer at entry (`UserStack` captures).
    sp: u64,
    /// The instruction pointer at entry (`-i`).
    ip: u64,
    ts: u64,
    /// Bits of the captures sent at entry (a `SyscallEnter` record).
    enter_caps: u32,
    /// What `-e inject=` did at entry, for the exit to finish.
    tampered: Option<Tampered>,
}

#[derive(Debug)]
struct Task {
    tgid: u32,
    /// False for a command that has not exec'd yet: traced from its execve on.
    active: bool,
    /// `-b execve`: its next exec is no detach (the command's first, the program asked for).
    skip_detach: bool,
    inflight: Option<InFlight>,
    /// `-Y`: it is in prctl(PR_SET_NAME), traced or not: its name is read at the exit.
    renaming: bool,
    /// Its traced calls per syscall, for `-e inject=`'s `when=`.
    counter: Counter,
}

/// How often a held tracee's timer fires again once due, until the ptrace thread has seen it
/// (a signal that lands just before `waitpid` starts is not lost).
const TIMER_REPEAT_NS: u64 = 1_000_000;

pub(super) struct Engine {
    cfg: EngineConfig,
    shared: Arc<Shared>,
    tasks: HashMap<u32, Task>,
    /// Children announced by a fork event whose first stop has not come yet.
    expected: HashSet<u32>,
    /// Scratch space for capture data.
    data: Vec<u8>,
    /// `--per cgroup`: cgroup id per process.
    cgroup_ids: HashMap<u32, u64>,
    /// The tasks attached on request (the command, `-p`'s threads): their wait statuses are
    /// kept for the caller.
    roots: HashSet<u32>,
    /// Tracees held in a syscall stop by `delay_enter=`/`delay_exit=`.
    held: Held,
    /// Interrupts `waitpid` when a held tracee is due (made at the first delay).
    timer: Option<sys::ThreadTimer>,
    /// Tracing is ending: no call is tampered with at its entry any more.
    detaching: bool,
}

fn options(cfg: &EngineConfig) -> i32 {
    let mut o = libc::PTRACE_O_TRACESYSGOOD | libc::PTRACE_O_TRACEEXEC | libc::PTRACE_O_TRACEEXIT;
    if cfg.follow_forks {
        o |= libc::PTRACE_O_TRACEFORK | libc::PTRACE_O_TRACEVFORK | libc::PTRACE_O_TRACECLONE;
    }
    if cfg.seccomp {
        o |= libc::PTRACE_O_TRACESECCOMP;
    }
    o
}

/// The process a thread belongs to, from /proc (the thread itself if unknown).
fn tgid_of(tid: u32) -> u32 {
    crate::target::tgid_of(tid).unwrap_or(tid)
}

fn is_stop_signal(sig: i32) -> bool {
    matches!(
        sig,
        libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU
    )
}

impl Engine {
    pub(super) fn new(cfg: EngineConfig, shared: Arc<Shared>) -> Self {
        Engine {
            cfg,
            shared,
            tasks: HashMap::new(),
            expected: HashSet::new(),
            data: Vec::with_capacity(tracer_common::DATA_AREA),
            cgroup_ids: HashMap::new(),
            roots: HashSet::new(),
            held: Held::default(),
            timer: None,
            detaching: false,
        }
    }

    pub(super) fn run(mut self, requests: mpsc::Receiver<Request>) {
        loop {
            match requests.recv() {
                Ok(Request::Seize {
                    tid,
                    pending_exec,
                    reply,
                }) => {
                    let r = self.attach(tid, pending_exec);
                    let ok = r.is_ok();
                    let _ = reply.send(r);
                    if ok && pending_exec {
                        // A command: the caller lets it exec (and waits for that) next, so
                        // tracing must already run.
                        break;
                    }
                }
                Ok(Request::Go) => break,
                // The backend was dropped before tracing started.
                Err(_) => {
                    self.detach_all();
                    return;
                }
            }
        }
        loop {
            if self.shared.stop.load(Ordering::SeqCst) {
                self.detach_all();
                break;
            }
            self.release_due();
            if self.tasks.is_empty() && self.expected.is_empty() {
                // Every tracee is gone or detached; a child detached by `-b execve` is left
                // for the caller to reap.
                break;
            }
            match sys::wait(-1) {
                Ok(Some((tid, status))) => self.on_status(tid, status),
                Ok(None) => {}
                // ECHILD: no tracee is left.
                Err(_) => break,
            }
        }
        self.shared.wake_reader();
    }

    fn attach(&mut self, tid: u32, pending_exec: bool) -> std::io::Result<()> {
        sys::seize(tid, options(&self.cfg))?;
        self.roots.insert(tid);
        // The tracee is not stopped by SEIZE: stop it once, to restart it with syscall stops.
        sys::interrupt(tid)?;
        self.tasks.insert(
            tid,
            Task {
                tgid: if pending_exec { tid } else { tgid_of(tid) },
                active: !pending_exec,
                skip_detach: pending_exec,
                inflight: None,
                renaming: false,
                counter: Counter::default(),
            },
        );
        Ok(())
    }

    /// Restarts a stopped tracee, delivering `sig`. With seccomp, only a syscall in flight needs
    /// its exit stop; otherwise every syscall stops.
    fn resume(&self, tid: u32, sig: i32) {
        let syscall =
            !self.cfg.seccomp || self.tasks.get(&tid).is_some_and(|t| t.inflight.is_some());
        // ESRCH: the tracee was killed meanwhile; its exit status comes next.
        let _ = sys::resume(tid, syscall, sig);
    }

    /// Restarts a tracee after a syscall stop: now, or once its delay is over.
    fn restart(&mut self, tid: u32, r: Restart) {
        let Some(delay) = r.delay else {
            self.resume(tid, r.sig);
            return;
        };
        if self.timer.is_none() {
            match sys::ThreadTimer::new(sys::gettid(), KICK) {
                Ok(t) => self.timer = Some(t),
                Err(e) => {
                    eprintln!("tracer: delay_enter=/delay_exit= need a timer: {e}; not delayed");
                    self.resume(tid, r.sig);
                    return;
                }
            }
        }
        let deadline = sys::now_ns().saturating_add(delay.as_nanos() as u64);
        self.held.hold(tid, deadline, r.sig);
        self.arm_timer();
    }

    /// Restarts the held tracees whose time has come, and sets the timer for the next one.
    fn release_due(&mut self) {
        if self.held.next().is_none() {
            return;
        }
        for (tid, sig) in self.held.due(sys::now_ns()) {
            self.resume(tid, sig);
        }
        self.arm_timer();
    }

    /// The timer fires at the soonest deadline (and again every millisecond until seen), or
    /// not at all when nothing is held.
    fn arm_timer(&self) {
        if let Some(t) = &self.timer {
            let _ = t.arm(self.held.next().unwrap_or(0), TIMER_REPEAT_NS);
        }
    }

    fn on_status(&mut self, tid: u32, status: i32) {
        // A held tracee heard from again was woken by something else (SIGKILL): it is held no
        // more.
        self.held.release(tid);
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            self.on_exit(tid, status);
            return;
        }
        if !libc::WIFSTOPPED(status) {
            return;
        }
        self.expected.remove(&tid);
        if !self.tasks.contains_key(&tid) {
            // A new child whose first stop came before (or without) its parent's fork event.
            self.new_task(tid, None, None);
        }
        let sig = libc::WSTOPSIG(status);
        let event = (status >> 16) & 0xff;
        if sig == SYSCALL_STOP {
            let r = self.on_syscall_stop(tid);
            self.restart(tid, r);
            return;
        }
        match event {
            0 => self.on_signal(tid, sig),
            libc::PTRACE_EVENT_STOP => {
                if is_stop_signal(sig) {
                    // Group-stop: it stays stopped as it would untraced, and we still hear of
                    // what happens to it.
                    self.on_group_stop(tid, sig);
                    let _ = sys::listen(tid);
                } else {
                    self.resume(tid, 0);
                }
            }
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                if let Ok(child) = sys::event_msg(tid) {
                    let child = child as u32;
                    if !self.tasks.contains_key(&child) {
                        let tgid = if event == libc::PTRACE_EVENT_CLONE {
                            None
                        } else {
                            Some(child)
                        };
                        self.new_task(child, tgid, Some(tid));
                        self.expected.insert(child);
                    }
                }
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXEC => {
                self.on_exec(tid);
                if self.detaches_at_exec(tid) {
                    self.detach_at_exec(tid);
                } else {
                    self.resume(tid, 0);
                }
            }
            libc::PTRACE_EVENT_SECCOMP => {
                let r = self.on_syscall_stop(tid);
                self.restart(tid, r);
            }
            libc::PTRACE_EVENT_EXIT => {
                // Still alive, memory mapped: a syscall it dies in is reported now, with its
                // arguments readable.
                self.unfinished(tid);
                self.resume(tid, 0);
            }
            _ => self.resume(tid, 0),
        }
    }

    /// Registers a task and sends its fork record (Session counts it as live from then on),
    /// from its parent as the kernel side's is (the parent's descriptors are the child's):
    /// `parent` when its fork event said so, else the one `/proc` names.
    fn new_task(&mut self, tid: u32, tgid: Option<u32>, parent: Option<u32>) {
        log::debug!("ptrace: new tracee {tid} (parent {parent:?})");
        let tgid = tgid.unwrap_or_else(|| tgid_of(tid));
        let parent = parent.or_else(|| {
            // A parent /proc names counts only when it is traced (not one the child was
            // reparented to).
            if tgid == tid {
                parent_of(tid).filter(|p| self.tasks.contains_key(p))
            } else {
                Some(tgid)
            }
        });
        self.tasks.insert(
            tid,
            Task {
                tgid,
                active: true,
                skip_detach: false,
                inflight: None,
                renaming: false,
                counter: Counter::default(),
            },
        );
        if !self.cfg.process_records {
            return;
        }
        let (ptid, ptgid) = match parent {
            Some(p) => (p, self.tasks.get(&p).map_or_else(|| tgid_of(p), |t| t.tgid)),
            None => (tid, tgid),
        };
        let hdr = capture::header(RecordKind::Fork, ptid, ptgid, sys::now_ns());
        self.shared
            .push(&capture::fork_record(hdr, tid, tgid), true);
    }

    fn spec(&self, nr: u32) -> SyscallSpec {
        self.cfg.specs.get(nr as usize).copied().unwrap_or_default()
    }

    fn lines(&self) -> bool {
        self.cfg.count.is_none_or(|c| c.lines)
    }

    /// A syscall-entry, -exit or seccomp stop: its records, and how the tracee goes on.
    fn on_syscall_stop(&mut self, tid: u32) -> Restart {
        let Ok(info) = sys::syscall_info(tid) else {
            return Restart::default();
        };
        match info.op {
            op::ENTRY | op::SECCOMP => self.on_entry(tid, &info),
            op::EXIT => self.on_exit_stop(tid, info.rval),
            _ => Restart::default(),
        }
    }

    fn on_entry(&mut self, tid: u32, info: &sys::SyscallInfo) -> Restart {
        let (nr, args, sp) = (info.nr as u32, info.args, info.sp);
        let spec = self.spec(nr);
        let status = self.cfg.status;
        let lines = self.lines();
        let Some(t) = self.tasks.get_mut(&tid) else {
            return Restart::default();
        };
        t.inflight = None;
        t.renaming = self.cfg.renames && t.active && renames(nr, &args);
        // The execve a command is traced from is never tampered with, nor counted (strace
        // hides the log until then).
        let mut first_exec = false;
        if !t.active {
            if spec.flags & specflags::IS_EXEC == 0 {
                return Restart::default();
            }
            t.active = true;
            first_exec = true;
        }
        if spec.flags & specflags::SELECTED == 0 {
            return Restart::default();
        }
        // Tampered with before the entry is copied: what poke_enter= wrote is what shows.
        let tamper = if first_exec || self.detaching || self.cfg.tamper.is_empty() {
            None
        } else {
            self.cfg
                .tamper
                .entry(&mut Live(tid), tid, &mut t.counter, nr, &args)
        };
        let (tampered, restart) = match tamper {
            Some((tampered, restart)) => (Some(tampered), restart),
            None => (None, Restart::default()),
        };
        let f = InFlight {
            nr,
            args,
            sp,
            ip: info.ip,
            ts: sys::now_ns(),
            enter_caps: 0,
            tampered,
        };
        t.inflight = Some(f);
        if !lines {
            return restart;
        }
        let tgid = t.tgid;
        // A call that never returns does when its result is injected.
        let returns = tampered.is_some_and(|t| t.result.is_some());
        if spec.flags & specflags::NO_RETURN != 0 && !returns {
            // exit, exit_group: there is no exit stop to wait for.
            t.inflight = None;
            if status & cfgflags::STATUS_UNFINISHED != 0 {
                self.emit(
                    tid,
                    tgid,
                    &f,
                    RecordKind::Syscall,
                    Moment::Died { done_at_enter: 0 },
                    sysflags::NO_RETURN,
                    0,
                    f.ts,
                );
            }
        } else if spec.flags & specflags::ENTER_CAPTURES != 0 || self.cfg.split {
            // Memory that is gone at exit (execve's): copied now, in a record of its own; with
            // several tasks traced every call gets one (strace's `<unfinished ...>` lines).
            let ok = self.emit(
                tid,
                tgid,
                &f,
                RecordKind::SyscallEnter,
                Moment::Enter,
                0,
                0,
                f.ts,
            );
            if let Some(fl) = self.tasks.get_mut(&tid).and_then(|t| t.inflight.as_mut()) {
                fl.enter_caps = ok;
            }
        }
        restart
    }

    fn on_exit_stop(&mut self, tid: u32, ret: i64) -> Restart {
        let Some(t) = self.tasks.get_mut(&tid) else {
            return Restart::default();
        };
        let renamed = std::mem::take(&mut t.renaming) && ret == 0;
        let inflight = t.inflight.take();
        let tgid = t.tgid;
        if renamed && self.lines() {
            let nr = inflight.as_ref().map_or(RenameRecord::NO_CALL, |f| f.nr);
            self.rename_record(tid, tgid, nr, sys::now_ns());
        }
        let Some(f) = inflight else {
            return Restart::default();
        };
        let now = sys::now_ns();
        // The result injected is the call's, for every use below (strace decodes the exit
        // after tampering).
        let (ret, tamper_flags, delay) = match f.tampered {
            Some(tampered) => {
                self.cfg
                    .tamper
                    .exit(&mut Live(tid), tid, f.nr, &f.args, tampered, ret)
            }
            None => (ret, 0, None),
        };
        let restart = Restart { sig: 0, delay };
        let failed = (-4095..0).contains(&ret);
        let wanted = if failed {
            cfgflags::STATUS_FAILED
        } else {
            cfgflags::STATUS_SUCCESSFUL
        };
        if self.cfg.status & wanted == 0 {
            return restart;
        }
        if self.cfg.count.is_some() {
            self.account(tid, tgid, f.nr, ret, now.saturating_sub(f.ts));
        }
        if self.lines() {
            if self.cfg.fd_records && ret >= 0 {
                self.fd_records(tid, tgid, &f, ret, now);
            }
            let with_enter = sysflags::with_enter(f.enter_caps);
            self.emit(
                tid,
                tgid,
                &f,
                RecordKind::Syscall,
                Moment::Exit {
                    ret,
                    done_at_enter: f.enter_caps,
                },
                with_enter | tamper_flags,
                ret,
                now,
            );
        }
        restart
    }

    /// `-y`: an [`tracer_common::FdRecord`] for each pipe, socket or anonymous-inode
    /// descriptor the call created, from `/proc` while the task is stopped (as the kernel side
    /// reads its own tables), before the call's record.
    fn fd_records(&mut self, tid: u32, tgid: u32, f: &InFlight, ret: i64, now: u64) {
        let new_fds = self.spec(f.nr).new_fds;
        let fds: Vec<i32> = if new_fds == newfds::RET {
            vec![ret as i32]
        } else if let Some(k) = new_fds.checked_sub(newfds::PAIR_AT) {
            let mut pair = [0u8; 8];
            let ptr = f.args.get(k as usize).copied().unwrap_or(0);
            match Tracee(tid).read(ptr, &mut pair) {
                Ok(8) => pair
                    .chunks_exact(4)
                    .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        for fd in fds.into_iter().filter(|&fd| fd >= 0) {
            use std::os::unix::fs::MetadataExt;
            let link = format!("/proc/{tid}/fd/{fd}");
            let Ok(meta) = std::fs::metadata(&link) else {
                continue;
            };
            // As the kernel side: pipes, sockets and anonymous inodes only.
            if !matches!(
                meta.mode() & libc::S_IFMT,
                libc::S_IFIFO | libc::S_IFSOCK | 0
            ) {
                continue;
            }
            let target = std::fs::read_link(&link).unwrap_or_default();
            let target = target.to_string_lossy();
            let name = target.strip_prefix("anon_inode:").unwrap_or("");
            // Stamped at exit, as the call's record sorts by its end where streams merge.
            let hdr = capture::header(RecordKind::Fd, tid, tgid, now);
            self.shared.push(
                &capture::fd_record(hdr, fd, meta.mode(), meta.ino(), name.as_bytes()),
                false,
            );
        }
    }

    /// `-Y`: the name a successful prctl(PR_SET_NAME) gave the task, from `/proc` while it is
    /// stopped, before the call's record if it is traced (strace reads it then too).
    fn rename_record(&mut self, tid: u32, tgid: u32, nr: u32, now: u64) {
        let Ok(comm) = std::fs::read(format!("/proc/{tid}/comm")) else {
            return;
        };
        let comm = comm.strip_suffix(b"\n").unwrap_or(&comm);
        let hdr = capture::header(RecordKind::Rename, tid, tgid, now);
        self.shared
            .push(&capture::rename_record(hdr, nr, comm), false);
    }

    /// Sends the syscall `tid` is in as `<unfinished ...>`: the task is dying in it.
    fn unfinished(&mut self, tid: u32) {
        let Some(t) = self.tasks.get_mut(&tid) else {
            return;
        };
        let Some(f) = t.inflight.take() else {
            return;
        };
        let tgid = t.tgid;
        if self.cfg.status & cfgflags::STATUS_UNFINISHED == 0 || !self.lines() {
            return;
        }
        let with_enter = sysflags::with_enter(f.enter_caps);
        self.emit(
            tid,
            tgid,
            &f,
            RecordKind::Syscall,
            Moment::Died {
                done_at_enter: f.enter_caps,
            },
            sysflags::NO_RETURN | sysflags::UNFINISHED | with_enter,
            0,
            f.ts,
        );
    }

    /// Assembles and queues a syscall record; returns the bits of the captures that succeeded.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        tid: u32,
        tgid: u32,
        f: &InFlight,
        kind: RecordKind,
        moment: Moment,
        flags: u32,
        ret: i64,
        end: u64,
    ) -> u32 {
        let spec = self.spec(f.nr);
        let mut caps = [Capture::default(); MAX_CAPTURES];
        self.data.clear();
        // As in the kernel, the stack pointer is known at entry only.
        let sp = if moment == Moment::Enter { f.sp } else { 0 };
        let ok = capture::capture_args(
            &Tracee(tid),
            &spec,
            &f.args,
            sp,
            moment,
            Some(&self.cfg.deep),
            &mut caps,
            &mut self.data,
        );
        let rec = SyscallRecord {
            hdr: capture::header(kind, tid, tgid, f.ts),
            nr: f.nr,
            flags,
            args: f.args,
            ret,
            duration: end.saturating_sub(f.ts),
            ip: f.ip,
            caps,
            _pad: 0,
        };
        if kind == RecordKind::SyscallEnter && ok == 0 && !self.cfg.split {
            // Nothing could be read at entry: no record; the exit retries those captures.
            // With split lines the record itself counts: it places the call's start.
            return 0;
        }
        self.shared
            .push(&capture::syscall_record(&rec, &self.data), false);
        if kind == RecordKind::SyscallEnter {
            ok | ENTER_SENT
        } else {
            ok
        }
    }

    fn on_exec(&mut self, tid: u32) {
        let old = sys::event_msg(tid).map_or(tid, |o| o as u32);
        log::debug!("ptrace: tracee {old} exec'd (now {tid})");
        if old != tid
            && let Some(mut t) = self.tasks.remove(&old)
        {
            // A non-leader thread exec'd and took over the leader's id.
            t.tgid = tid;
            self.tasks.insert(tid, t);
        }
        let Some(t) = self.tasks.get(&tid) else {
            return;
        };
        if !t.active || !self.cfg.process_records {
            return;
        }
        let comm = std::fs::read(format!("/proc/{tid}/comm")).unwrap_or_default();
        let comm = comm.strip_suffix(b"\n").unwrap_or(&comm);
        let exe = std::fs::read_link(format!("/proc/{tid}/exe"))
            .map(|p| p.into_os_string().into_encoded_bytes())
            .unwrap_or_default();
        let hdr = capture::header(RecordKind::Exec, tid, t.tgid, sys::now_ns());
        self.shared
            .push(&capture::exec_record(hdr, old, comm, &exe), true);
    }

    /// `-b execve`: whether `tid`'s exec (just reported) detaches it; the command's first
    /// exec does not (and is the last one that doesn't).
    fn detaches_at_exec(&mut self, tid: u32) -> bool {
        if !self.cfg.detach_on_exec {
            return false;
        }
        let Some(t) = self.tasks.get_mut(&tid) else {
            return false;
        };
        if !t.active {
            return false;
        }
        !std::mem::take(&mut t.skip_detach)
    }

    /// `-b execve`: lets `tid` go in the middle of its execve, as the kernel side stops
    /// tracing it: an exit record that says it is detached, then `PTRACE_DETACH`.
    fn detach_at_exec(&mut self, tid: u32) {
        let Some(t) = self.tasks.remove(&tid) else {
            return;
        };
        if self.cfg.process_records {
            let flags = exitflags::DETACHED | exitflags::GROUP_DEAD;
            let hdr = capture::header(RecordKind::Exit, tid, t.tgid, sys::now_ns());
            self.shared.push(&capture::exit_record(hdr, 0, flags), true);
        }
        // ESRCH: killed meanwhile; nothing to let go.
        let _ = sys::detach(tid, 0);
    }

    fn on_exit(&mut self, tid: u32, status: i32) {
        log::debug!("ptrace: tracee {tid} gone, wait status {status:#x}");
        self.expected.remove(&tid);
        if self.roots.contains(&tid)
            && let Ok(mut m) = self.shared.command_status.lock()
        {
            m.insert(tid, status);
        }
        self.unfinished(tid);
        let Some(t) = self.tasks.remove(&tid) else {
            return;
        };
        if !t.active || !self.cfg.process_records {
            return;
        }
        let flags = exitflags::CODE_KNOWN
            | if tid == t.tgid {
                exitflags::GROUP_DEAD
            } else {
                0
            };
        let hdr = capture::header(RecordKind::Exit, tid, t.tgid, sys::now_ns());
        self.shared
            .push(&capture::exit_record(hdr, status as u32, flags), true);
    }

    /// A signal-delivery-stop: the signal is reported, then delivered. The record is the one
    /// the kernel's `signal_deliver` hook sends, with the siginfo the tracee is about to get.
    fn on_signal(&mut self, tid: u32, sig: i32) {
        let (flags, info) = match sys::siginfo(tid) {
            Ok(info) => (sigflags::DELIVERED | sigflags::HAS_INFO, info),
            Err(_) => (sigflags::DELIVERED, [0; SIGINFO_SIZE]),
        };
        self.signal_record(tid, sig, flags, &info);
        self.resume(tid, sig);
    }

    /// Group-stop: strace's `--- stopped by SIGSTOP ---`, once per thread that stops.
    fn on_group_stop(&mut self, tid: u32, sig: i32) {
        self.signal_record(tid, sig, sigflags::GROUP_STOP, &[0; SIGINFO_SIZE]);
    }

    /// Queues a signal record, as the kernel side sends them: for active tasks, when lines are
    /// wanted, and not in deep decoding (the eBPF side reports the signals then).
    fn signal_record(&mut self, tid: u32, sig: i32, flags: u32, info: &[u8; SIGINFO_SIZE]) {
        if !self.cfg.process_records || !self.lines() {
            return;
        }
        let Some(t) = self.tasks.get(&tid) else {
            return;
        };
        if !t.active {
            return;
        }
        let hdr = capture::header(RecordKind::Signal, tid, t.tgid, sys::now_ns());
        self.shared
            .push(&capture::signal_record(hdr, sig as u32, flags, info), true);
    }

    /// `-c`: one finished call, as the kernel side counts it.
    fn account(&mut self, tid: u32, tgid: u32, nr: u32, ret: i64, dur_ns: u64) {
        let Some(c) = self.cfg.count else { return };
        let group = match c.per {
            countper::PROCESS => u64::from(tgid),
            countper::THREAD => u64::from(tid),
            countper::CGROUP => *self
                .cgroup_ids
                .entry(tgid)
                .or_insert_with(|| cgroup_id_of(tgid)),
            _ => 0,
        };
        let failed = (-4095..0).contains(&ret);
        let Ok(mut counts) = self.shared.counts.lock() else {
            return;
        };
        let v = counts
            .groups
            .entry(group)
            .or_default()
            .entry(nr)
            .or_default();
        v.add(dur_ns, failed);
        if failed && c.errors {
            *counts.errors.entry((group, nr, (-ret) as u32)).or_default() += 1;
        }
    }

    /// Detaches every tracee: each is stopped (PTRACE_INTERRUPT) and released where it stands,
    /// with the signal it was about to receive; a tracee in group-stop stays stopped, as it
    /// would be without us.
    fn detach_all(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.detaching = true;
        let mut remaining: HashSet<u32> = self.tasks.keys().copied().collect();
        remaining.extend(self.expected.iter().copied());
        // Held tracees are stopped already: let go at once, with the signal they were to get.
        for tid in self.held.tids() {
            let sig = self.held.release(tid).unwrap_or(0);
            let _ = sys::detach(tid, sig);
            remaining.remove(&tid);
        }
        self.arm_timer();
        for &tid in &remaining {
            let _ = sys::interrupt(tid);
        }
        while !remaining.is_empty() {
            let (tid, status) = match sys::wait(-1) {
                Ok(Some(s)) => s,
                Ok(None) => continue,
                Err(_) => break,
            };
            if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
                self.on_exit(tid, status);
                remaining.remove(&tid);
                continue;
            }
            if !libc::WIFSTOPPED(status) {
                continue;
            }
            let sig = libc::WSTOPSIG(status);
            let event = (status >> 16) & 0xff;
            if sig == SYSCALL_STOP {
                // A syscall that returned before the interrupt is still reported (its delay,
                // if any, is not waited for).
                let _ = self.on_syscall_stop(tid);
            }
            if matches!(
                event,
                libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE
            ) && let Ok(child) = sys::event_msg(tid)
            {
                // Auto-attached: it stops once more, then is released too.
                remaining.insert(child as u32);
            }
            let deliver = if event == 0 && sig != SYSCALL_STOP {
                sig
            } else {
                0
            };
            let _ = sys::detach(tid, deliver);
            remaining.remove(&tid);
        }
    }
}

/// The cgroup (v2) id of a process: the inode of its cgroup directory.
fn cgroup_id_of(pid: u32) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Some(rel) = crate::target::cgroup_of_pid(pid) else {
        return 0;
    };
    let Ok(mount) = crate::target::cgroup2_mount() else {
        return 0;
    };
    std::fs::metadata(mount.join(rel.trim_start_matches('/')))
        .map(|m| m.ino())
        .unwrap_or(0)
}

/// A process's parent, from `/proc/PID/status`.
fn parent_of(pid: u32) -> Option<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("PPid:"))?
        .trim()
        .parse()
        .ok()
}

/// Whether a call with these arguments renames its task: prctl(PR_SET_NAME) (exec's new name
/// comes in its exec record).
fn renames(nr: u32, args: &[u64; 6]) -> bool {
    nr == libc::SYS_prctl as u32 && args[0] == libc::PR_SET_NAME as u64
}
