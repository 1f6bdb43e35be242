//! Turns the stream of records into output: pairs entry captures with their syscall, decodes,
//! tracks which tasks are alive, and places loss markers where records went missing.
use std::collections::{HashMap, HashSet};

use tracer_common::{exitflags, sigflags, sysflags};

use crate::comms::Comms;
use crate::decode::{decode_args, decode_ret, raw_args, siginfo};
use crate::fds::FdPaths;
use crate::filter::{FdSet, SyscallSet};
use crate::format::{Ending, Part, SignalLine, Sink, SyscallLine, Who};
use crate::pathtrace::{Match, PathSet};
use crate::table::Table;
use crate::wire::{self, RawEvent};

/// What labels lines carry next to the pid, in multi-process traces.
#[derive(Default)]
pub struct Labels {
    /// The task's name (from exec records, else /proc at first sight).
    pub comm: bool,
    /// The unit or container of a process: from the cgroup its exec record names, else from
    /// its pid at first sight.
    pub unit: Option<Box<dyn Fn(Origin) -> Option<String>>>,
}

/// Where a task's unit is looked up.
#[derive(Clone, Copy, Debug)]
pub enum Origin {
    Pid(u32),
    CgroupId(u64),
}

impl Labels {
    fn enabled(&self) -> bool {
        self.comm || self.unit.is_some()
    }
}

pub struct Session<'t, S: Sink> {
    table: &'t Table,
    sink: S,
    /// Threads believed alive and traced.
    live: HashSet<u32>,
    /// System-wide and cgroup traces don't end when their tasks do.
    endless: bool,
    labels: Labels,
    /// Label per thread, computed at first sight.
    label_cache: HashMap<u32, String>,
    /// Raw bytes of `SyscallEnter` records waiting for their syscall's exit record.
    pending_enter: HashMap<u32, Vec<u8>>,
    /// The task whose call has begun and whose line is not printed yet (strace's open line): its
    /// exit record, if it comes next, makes one whole line; any other line first prints this
    /// call's entry as `<unfinished ...>`, and its exit later as `<... NAME resumed>`.
    held: Option<u32>,
    /// The held call's start is on the output already (the call took a while: see
    /// [`Session::idle`]), as an open line.
    held_shown: bool,
    /// Entry records come for every call ([`Session::split_lines`]); otherwise only for calls
    /// with entry captures (execve), which are only paired with their exit, never printed alone.
    split: bool,
    /// Signals the task ignores, which the kernel discarded when they were sent: shown when the
    /// task would have dequeued them (before its next record, or after the exit of the syscall
    /// it was in), as strace sees them. Raw bytes and whether to wait for the syscall's exit.
    deferred: HashMap<u32, Vec<(Vec<u8>, bool)>>,
    /// Signals queued for a process (by tgid and number) and not dequeued yet: a fatal one
    /// that killed the whole group is shown before the `+++ killed by` line.
    queued: HashMap<(u32, u32), Vec<u8>>,
    /// `-e signal=`: which signals (bit n for signal n) get lines.
    signals: u128,
    /// Last drop count seen per CPU.
    dropped_seen: Vec<u64>,
    /// `-y`, `-P`: descriptor paths per process.
    fds: Option<FdPaths>,
    /// `-y`: lines show the descriptors' paths (else the table is only for `-P`).
    show_fd_paths: bool,
    /// `-P`: only the calls that use one of these paths print.
    paths: Option<PathSet>,
    /// `-P`: what the entry record of each thread's call in flight decided (`true`: it
    /// matched, and its entry may be printed; `false`: it did not). A call whose entry could
    /// not tell has no entry here and is decided at its exit.
    path_at_entry: HashMap<u32, bool>,
    /// `-b execve`: the tasks let go at their exec.
    detached: HashSet<u32>,
    /// `-b execve`: strace's `Process N detached` on stderr (not with `--quiet=attach`).
    detach_notices: bool,
    /// `-e status=` shows calls a task was detached in (`detached`, the default).
    detached_shown: bool,
    /// `-y` with `-e trace=`: calls traced only to keep `fds` right (opens, closes, dups left
    /// out of the trace set), by number. They feed the table and print nothing.
    silent: std::collections::HashSet<u32>,
    /// `-y` with `-e status=`: the kernel sends every ending so that the table sees them all;
    /// only (successful, failed) calls print.
    status_shown: Option<(bool, bool)>,
    /// `-e raw=`, `-e abbrev=`, `-e verbose=`: how each call prints.
    shape: Shape,
    /// `-Y`: the names of the tasks and of the pids lines show.
    comms: Option<Comms>,
    /// `-Y`, `--decode-pids=pidns`: pids of tracees in other pid namespaces, in tracer's
    /// (`-Y` names the process found, not the one tracer's namespace gives the number to).
    pidns: Option<crate::pidns::PidNs>,
    /// `--decode-pids=pidns`: lines show the translation.
    show_pidns: bool,
    pub records: u64,
    pub lost_seen: u64,
    pub malformed: u64,
}

/// How calls print, by syscall number: strace's `-e raw=`, `-e abbrev=` and `-e verbose=`.
#[derive(Clone, Debug)]
pub struct Shape {
    /// Printed undecoded, in hex.
    pub raw: SyscallSet,
    /// Structures and arrays abbreviated (all of them unless `-v`).
    pub abbrev: SyscallSet,
    /// Structures dereferenced (all of them by default).
    pub verbose: SyscallSet,
    /// `-e read=`: descriptors whose reads are dumped in hex after the line.
    pub read: FdSet,
    /// `-e write=`: descriptors whose writes are dumped.
    pub write: FdSet,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            raw: SyscallSet::none(),
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            read: FdSet::default(),
            write: FdSet::default(),
        }
    }
}

/// The entry event in `bytes`, when it is that of the syscall `s` ended.
fn entry_of<'b>(
    bytes: Option<&'b [u8]>,
    s: &wire::SyscallEvent<'_>,
) -> Option<wire::SyscallEvent<'b>> {
    match bytes.map(wire::parse) {
        Some(Ok(RawEvent::SyscallEnter(e))) if e.nr == s.nr => Some(e),
        _ => None,
    }
}

/// Moves `old`'s entry of a per-thread map to `new`, whose own goes.
fn rekey<V>(map: &mut HashMap<u32, V>, old: u32, new: u32) {
    map.remove(&new);
    if let Some(v) = map.remove(&old) {
        map.insert(new, v);
    }
}

/// What [`Session::who`] found, owned while the line is built.
struct WhoOwned {
    label: Option<String>,
    comm: Option<Vec<u8>>,
}

impl WhoOwned {
    fn as_who(&self) -> Who<'_> {
        Who {
            comm: self.comm.as_deref(),
            label: self.label.as_deref(),
        }
    }
}

impl<'t, S: Sink> Session<'t, S> {
    /// A session over the tasks `live` (the command, or `-p`'s threads); with `endless`, over
    /// whatever the kernel side picks up, until stopped.
    pub fn new(table: &'t Table, sink: S, live: &[u32], endless: bool, labels: Labels) -> Self {
        let mut sink = sink;
        sink.tasks(live.len());
        Session {
            table,
            sink,
            live: live.iter().copied().collect(),
            endless,
            labels,
            label_cache: HashMap::new(),
            pending_enter: HashMap::new(),
            held: None,
            held_shown: false,
            split: false,
            deferred: HashMap::new(),
            queued: HashMap::new(),
            signals: !0,
            dropped_seen: Vec::new(),
            fds: None,
            show_fd_paths: false,
            paths: None,
            path_at_entry: HashMap::new(),
            detached: HashSet::new(),
            detach_notices: false,
            detached_shown: true,
            silent: Default::default(),
            status_shown: None,
            shape: Shape::default(),
            comms: None,
            pidns: None,
            show_pidns: false,
            records: 0,
            lost_seen: 0,
            malformed: 0,
        }
    }

    /// The descriptor table, for `-y` (`show`: lines say what descriptors refer to) and for
    /// `-P` (which descriptors refer to its paths).
    pub fn with_fd_table(mut self, fds: FdPaths, show: bool) -> Self {
        self.fds = Some(fds);
        self.show_fd_paths = show;
        self
    }

    /// `-P`: print only the calls that use one of `paths`, by name or through a descriptor
    /// (what the descriptor table says they refer to).
    pub fn with_path_trace(mut self, paths: PathSet) -> Self {
        self.paths = Some(paths);
        self
    }

    /// `-y`: calls (by number) that only feed the descriptor table: the user did not select
    /// them, so they print nothing and split no other task's line.
    pub fn with_silent(mut self, nrs: impl IntoIterator<Item = u32>) -> Self {
        self.silent = nrs.into_iter().collect();
        self
    }

    /// `-Y`: names beside pids. The tasks traced from the start are named as they are now
    /// (a command not yet exec'd by tracer's name, as strace's tracee by strace's).
    pub fn with_comms(mut self, mut comms: Comms) -> Self {
        for &tid in &self.live {
            comms.of_task(tid);
        }
        self.comms = Some(comms);
        self
    }

    /// `-Y`, `--decode-pids=pidns` (`show`: pids are printed in tracer's pid namespace too).
    pub fn with_pidns(mut self, mut ns: crate::pidns::PidNs, show: bool) -> Self {
        self.show_pidns = show;
        for &tid in &self.live {
            ns.seen(crate::target::tgid_of(tid).unwrap_or(tid));
        }
        self.pidns = Some(ns);
        self
    }

    /// What `-Y` and `--decode-pids=pidns` print beside pid `pid` of a call of process `tgid`:
    /// its number in tracer's namespace, and the name of that process.
    fn pid_info(&mut self, tgid: u32, pid: i64) -> Option<crate::decode::PidInfo> {
        use crate::pidns::Translation;
        let (here, outer) = match self.pidns.as_mut().map(|n| n.translate(tgid, pid)) {
            None | Some(Translation::Same) => (pid, None),
            Some(Translation::Found(p)) => (p, (p != pid && self.show_pidns).then_some(p)),
            Some(Translation::NotFound) => return None,
        };
        let comm = self.comms.as_ref().and_then(|c| c.of_pid(here));
        (comm.is_some() || outer.is_some()).then_some(crate::decode::PidInfo { comm, outer })
    }

    /// Who a line of task `tid` (of process `tgid`) is about: its label and, with `-Y`, its
    /// name.
    fn who(&mut self, tid: u32, tgid: u32) -> WhoOwned {
        WhoOwned {
            label: self.label(tid, tgid, None),
            comm: self.comms.as_mut().map(|c| c.of_task(tid).to_vec()),
        }
    }

    /// `-e raw=`, `-e abbrev=`, `-e verbose=`.
    pub fn with_shape(mut self, shape: Shape) -> Self {
        self.shape = shape;
        self
    }

    /// `-b execve`: say `Process N detached` on stderr when a task is let go (`notices`), and
    /// print the call it was let go in (`shown`: `-e status=` has `detached`).
    pub fn with_detaching(mut self, notices: bool, shown: bool) -> Self {
        self.detach_notices = notices;
        self.detached_shown = shown;
        self
    }

    /// Whether `-b execve` let task `tid` go.
    pub fn was_detached(&self, tid: u32) -> bool {
        self.detached.contains(&tid)
    }

    /// `-y` with `-e status=`: which endings print, the kernel sending them all.
    pub fn with_status_shown(mut self, successful: bool, failed: bool) -> Self {
        self.status_shown = Some((successful, failed));
        self
    }

    /// Whether a call prints: not one traced only for the descriptor table, nor one whose
    /// ending `-e status=` leaves out (decided here only with `-y`, else in the kernel).
    fn shown(&self, s: &wire::SyscallEvent<'_>) -> bool {
        if self.silent.contains(&s.nr) {
            return false;
        }
        match self.status_shown {
            Some((successful, failed))
                if !s.has(sysflags::UNFINISHED) && !s.has(sysflags::NO_RETURN) =>
            {
                if (-4095..0).contains(&s.ret) {
                    failed
                } else {
                    successful
                }
            }
            _ => true,
        }
    }

    /// True when no traced task is left.
    pub fn done(&self) -> bool {
        !self.endless && self.live.is_empty()
    }

    /// The label of thread `tid` of process `tgid`: its name (from its last exec, else /proc at
    /// first sight) and its unit or container, computed once.
    fn label(&mut self, tid: u32, tgid: u32, exec: Option<(&[u8], u64)>) -> Option<String> {
        if !self.labels.enabled() {
            return None;
        }
        if exec.is_none()
            && let Some(l) = self.label_cache.get(&tid)
        {
            return Some(l.clone());
        }
        let mut parts = Vec::new();
        if self.labels.comm {
            parts.push(match exec {
                Some((c, _)) => String::from_utf8_lossy(c).into_owned(),
                None => std::fs::read_to_string(format!("/proc/{tid}/comm"))
                    .map(|c| c.trim_end().to_owned())
                    .unwrap_or_else(|_| "?".to_owned()),
            });
        }
        let origin = match exec {
            Some((_, cgroup)) => Origin::CgroupId(cgroup),
            None => Origin::Pid(tgid),
        };
        if let Some(unit) = &self.labels.unit
            && let Some(u) = unit(origin)
        {
            parts.push(u);
        }
        let l = parts.join(" ");
        self.label_cache.insert(tid, l.clone());
        Some(l)
    }

    /// Forgets tasks that are gone without an exit record (lost, or never seen).
    pub fn forget_dead(&mut self, alive: impl Fn(u32) -> bool) {
        self.live.retain(|&t| alive(t));
        self.sink.tasks(self.live.len());
    }

    pub fn sink(&mut self) -> &mut S {
        &mut self.sink
    }

    /// Handles one ring-buffer record.
    pub fn record(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.records += 1;
        let ev = match wire::parse(bytes) {
            Ok(ev) => ev,
            Err(e) => {
                log::debug!("unreadable record: {e}");
                if std::env::var_os("TRACER_DEBUG_WIRE").is_some() {
                    eprintln!(
                        "tracer: unreadable record ({e}): {:02x?}",
                        &bytes[..bytes.len().min(64)]
                    );
                }
                self.malformed += 1;
                return Ok(());
            }
        };
        let hdr = *ev.header();
        let cpu = hdr.cpu as usize;
        if self.dropped_seen.len() <= cpu {
            self.dropped_seen.resize(cpu + 1, 0);
        }
        if hdr.dropped > self.dropped_seen[cpu] {
            let n = hdr.dropped - self.dropped_seen[cpu];
            self.dropped_seen[cpu] = hdr.dropped;
            self.lost_seen += n;
            log::debug!("record stream: {n} record(s) lost on CPU {cpu}");
            self.close_held()?;
            self.sink.lost(n)?;
        }
        let tid = hdr.tid;
        if !self.deferred.is_empty() && !matches!(ev, RawEvent::Signal { .. } | RawEvent::Fd { .. })
        {
            self.flush_deferred(tid, false)?;
        }
        match ev {
            RawEvent::Fd {
                fd,
                mode,
                ino,
                name,
                ..
            } => {
                if let Some(fds) = &mut self.fds {
                    fds.created(hdr.tid, fd.into(), mode, ino, name);
                }
            }
            RawEvent::Rename { comm, nr, .. } => {
                if let Some(c) = &mut self.comms {
                    c.renamed(tid, comm, nr);
                }
            }
            RawEvent::SyscallEnter(e) => {
                self.lost_exit(tid)?;
                if let Some(c) = &mut self.comms {
                    c.call_begins(tid, None);
                }
                // A call that only feeds the descriptor table, or that -P leaves out (or
                // can't tell yet), is not held: nothing of it prints before its exit.
                let hold = self.split && !self.silent.contains(&e.nr) && self.path_entry(&e);
                self.pending_enter.insert(tid, bytes.to_vec());
                if hold {
                    self.close_held()?;
                    self.held = Some(tid);
                }
            }
            RawEvent::Syscall(s) => {
                let enter_bytes = self.take_enter(tid, &s);
                let enter = entry_of(enter_bytes.as_deref(), &s);
                let at_entry = self.path_at_entry.remove(&tid).filter(|_| enter.is_some());
                let on_path = match at_entry {
                    Some(decided) => decided,
                    None => self.path_match(&s, enter.as_ref()) == Match::Yes,
                };
                if !self.shown(&s) || !on_path {
                    self.learn_fds(&s, enter.as_ref());
                    if let Some(c) = &mut self.comms {
                        c.call_done(tid);
                    }
                    // Signals that came during the call show after it, as after a printed one.
                    if !self.deferred.is_empty() {
                        self.flush_deferred(tid, true)?;
                    }
                    return Ok(());
                }
                // With split lines every entry is printed, but those -P decided only now.
                let entry_printed = self.paths.is_none() || at_entry == Some(true);
                let skip = || match (self.table.row(s.nr), enter.as_ref()) {
                    (Some(r), Some(e)) => decode_args(e, None, r, true).len(),
                    _ => 6,
                };
                let part = if enter.is_some() && self.held == Some(tid) {
                    // Nothing came between entry and exit: one line.
                    let skip = skip();
                    self.held = None;
                    if std::mem::take(&mut self.held_shown) {
                        Part::Rest { skip }
                    } else {
                        Part::Whole
                    }
                } else if enter.is_some() && self.split && entry_printed {
                    // Its entry was printed as `<unfinished ...>`.
                    let skip = skip();
                    self.close_held()?;
                    Part::Resumed { skip }
                } else {
                    self.close_held()?;
                    Part::Whole
                };
                if let Some(c) = &mut self.comms {
                    // A name taken in an earlier call shows now; one taken in this call after
                    // its line began, but strace reads it at the exit, before a resumed line.
                    let resumed = matches!(part, Part::Resumed { .. });
                    c.call_begins(tid, (!resumed).then_some(s.nr));
                }
                self.print_syscall(&s, enter.as_ref(), part)?;
                if let Some(c) = &mut self.comms {
                    c.call_done(tid);
                }
                if !self.deferred.is_empty() {
                    self.flush_deferred(tid, true)?;
                }
            }
            RawEvent::Fork {
                child_tid,
                child_tgid,
                ..
            } => {
                log::debug!(
                    "task {tid} (process {}) created task {child_tid} (process {child_tgid})",
                    hdr.tgid
                );
                if let Some(fds) = &mut self.fds {
                    fds.fork(hdr.tgid, child_tgid);
                }
                if let Some(c) = &mut self.comms {
                    c.forked(tid, child_tid);
                }
                if let Some(n) = &mut self.pidns {
                    n.seen(child_tgid);
                }
                self.live.insert(child_tid);
                self.sink.tasks(self.live.len());
                self.sink.process(&ev)?;
            }
            RawEvent::Exec {
                hdr,
                old_tid,
                comm,
                cgroup_id,
                filename,
            } => {
                log::debug!(
                    "task {old_tid} exec'd {:?} as task {tid}",
                    String::from_utf8_lossy(filename)
                );
                if let Some(fds) = &mut self.fds {
                    fds.exec(hdr.tgid);
                }
                // thread_exec ends the old thread's lines under its old name, and moves its
                // entry record to the leader's id: the name changes after.
                if old_tid != hdr.tid {
                    self.live.remove(&old_tid);
                    self.live.insert(hdr.tid);
                    self.thread_exec(old_tid, &hdr)?;
                }
                if let Some(c) = &mut self.comms {
                    // The execve it is in, if traced (its entry record came).
                    let nr = self
                        .pending_enter
                        .get(&hdr.tid)
                        .and_then(|b| match wire::parse(b) {
                            Ok(RawEvent::SyscallEnter(e)) => Some(e.nr),
                            _ => None,
                        });
                    c.exec(old_tid, hdr.tid, comm, nr);
                }
                // The new program's name labels the task from now on.
                self.label_cache.remove(&old_tid);
                let _ = self.label(hdr.tid, hdr.tgid, Some((comm, cgroup_id)));
                self.sink.process(&ev)?;
            }
            RawEvent::Exit { hdr, code, flags } => {
                log::debug!("task {tid} ended: wait status {code:#x}, flags {flags:#x}");
                if !self.deferred.is_empty() {
                    // Signals held for the end of a call whose exit record never came (`-Z`
                    // left it out): the task dequeued them before it ended.
                    self.flush_deferred(tid, true)?;
                }
                if flags & exitflags::DETACHED != 0 {
                    self.detach(tid)?;
                }
                // A leader another thread's exec replaced has no end: the thread's exec
                // prints strace's `superseded` line.
                if flags & exitflags::CODE_KNOWN != 0 && flags & exitflags::SUPERSEDED == 0 {
                    let how = Ending::from_wait_status(code);
                    if let Ending::Killed { sig, .. } = how
                        && let Some(b) = self.queued.remove(&(hdr.tgid, sig))
                    {
                        // A fatal signal the kernel turned into a group kill: its threads
                        // dequeued only SIGKILL, strace shows the signal itself.
                        self.print_signal_bytes(&b, Some(tid))?;
                    }
                    self.close_held()?;
                    if let Some(c) = &mut self.comms {
                        c.call_done(tid);
                    }
                    let who = self.who(hdr.tid, hdr.tgid);
                    self.sink.ended(hdr.tid, hdr.ts, how, who.as_who())?;
                }
                if self.held == Some(tid) {
                    self.close_held()?;
                }
                if flags & exitflags::GROUP_DEAD != 0
                    && let Some(fds) = &mut self.fds
                {
                    fds.exit(hdr.tgid);
                }
                if let Some(fds) = &mut self.fds {
                    fds.task_ended(hdr.tid);
                }
                self.label_cache.remove(&hdr.tid);
                if let Some(c) = &mut self.comms {
                    c.ended(tid);
                }
                self.live.remove(&hdr.tid);
                self.pending_enter.remove(&hdr.tid);
                self.path_at_entry.remove(&hdr.tid);
                self.deferred.remove(&hdr.tid);
                if flags & exitflags::GROUP_DEAD != 0
                    && let Some(n) = &mut self.pidns
                {
                    n.ended(hdr.tgid);
                }
                if flags & exitflags::GROUP_DEAD != 0 {
                    self.queued.retain(|&(tgid, _), _| tgid != hdr.tgid);
                }
                self.sink.tasks(self.live.len());
            }
            RawEvent::Signal {
                hdr, sig, flags, ..
            } => {
                if flags & sigflags::GROUP_STOP != 0 {
                    self.print_signal_bytes(bytes, None)?;
                } else if flags & sigflags::DELIVERED != 0 {
                    self.queued.remove(&(hdr.tgid, sig));
                    self.print_signal_bytes(bytes, None)?;
                } else if flags & sigflags::IGNORED != 0 {
                    let after_syscall = flags & sigflags::IN_SYSCALL != 0;
                    self.deferred
                        .entry(tid)
                        .or_default()
                        .push((bytes.to_vec(), after_syscall));
                } else {
                    self.queued.insert((hdr.tgid, sig), bytes.to_vec());
                }
            }
        }
        Ok(())
    }

    /// Several tasks are traced and the kernel sends an entry record for every call: print
    /// strace's split `<unfinished ...>` / `<... resumed>` lines where tasks interleave.
    pub fn split_lines(&mut self, on: bool) {
        self.split = on;
    }

    /// `-e signal=`: only these signals (bit n for signal n) are shown.
    pub fn set_signals(&mut self, set: u128) {
        self.signals = set;
    }

    /// The end of the trace: a call still open is printed as `<unfinished ...>`, as strace does
    /// when it detaches.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.close_held()
    }

    /// Nothing came for a while: a held call is shown as strace shows a call in progress,
    /// `NAME(in-args, ` without an end, so a live viewer sees what the task waits in. Returns
    /// whether anything was written.
    pub fn idle(&mut self) -> std::io::Result<bool> {
        let Some(tid) = self.held else {
            return Ok(false);
        };
        if self.held_shown {
            return Ok(false);
        }
        let Some(bytes) = self.pending_enter.get(&tid).cloned() else {
            return Ok(false);
        };
        if let Ok(RawEvent::SyscallEnter(e)) = wire::parse(&bytes) {
            self.print_syscall(&e, None, Part::Open)?;
            self.held_shown = true;
            return Ok(true);
        }
        Ok(false)
    }

    /// Ends the held call's line before other output: `NAME(in-args <unfinished ...>`; its
    /// entry record stays pending for the `resumed` line.
    pub fn close_held(&mut self) -> std::io::Result<()> {
        let Some(tid) = self.held.take() else {
            return Ok(());
        };
        if std::mem::take(&mut self.held_shown) {
            return self.sink.close_open();
        }
        let Some(bytes) = self.pending_enter.get(&tid).cloned() else {
            return Ok(());
        };
        if let Ok(RawEvent::SyscallEnter(e)) = wire::parse(&bytes) {
            self.print_syscall(&e, None, Part::Entry)?;
        }
        Ok(())
    }

    /// A new call of `tid` began while its previous one is held: that one's exit never came
    /// (lost), so its line is closed as it stands.
    fn lost_exit(&mut self, tid: u32) -> std::io::Result<()> {
        if self.held == Some(tid) {
            self.held = None;
            if std::mem::take(&mut self.held_shown) {
                self.sink.close_open()?;
            }
        }
        Ok(())
    }

    /// The entry record a syscall's exit says it had, if it came.
    fn take_enter(&mut self, tid: u32, s: &wire::SyscallEvent<'_>) -> Option<Vec<u8>> {
        if s.has(sysflags::HAS_ENTER) {
            self.pending_enter.remove(&tid)
        } else {
            None
        }
    }

    /// `-b execve`: task `tid` was let go in its execve. Its entry ends with ` <detached ...>`
    /// (held or left open with split lines; without, the entry record waiting for its exit),
    /// then strace's notice follows. An entry already printed as `<unfinished ...>` has nothing
    /// more, nor does one that does not print (-P, -e trace=, -e status=).
    fn detach(&mut self, tid: u32) -> std::io::Result<()> {
        self.detached.insert(tid);
        let entry = self.pending_enter.remove(&tid);
        let held = self.held == Some(tid);
        if held {
            self.held = None;
        }
        if held && std::mem::take(&mut self.held_shown) {
            self.sink.detach_open()?;
        } else if let Some(bytes) = entry.filter(|_| held || !self.split)
            && let Ok(RawEvent::SyscallEnter(mut e)) = wire::parse(&bytes)
            && self.detached_shown
            && !self.silent.contains(&e.nr)
            && (held || self.path_match(&e, Some(&e)) == Match::Yes)
        {
            self.close_held()?;
            // It never returns to the trace: no result.
            e.flags |= sysflags::NO_RETURN;
            self.print_syscall(&e, None, Part::Detached)?;
        }
        if self.detach_notices {
            self.sink.flush()?;
            eprintln!("tracer: Process {tid} detached");
        }
        Ok(())
    }

    /// Thread `old` of process `hdr.tgid`, not its leader, exec'd and took the leader's id
    /// `hdr.tid`, as strace shows it: its entry line, if still open, ends with ` <pid changed
    /// to LEADER ...>`; `LEADER +++ superseded by execve in pid OLD +++` ends the leader's
    /// lines; the call's exit comes under the leader's id as `<... NAME resumed>`. The comm
    /// table has moved the thread's name already.
    fn thread_exec(&mut self, old: u32, hdr: &tracer_common::Header) -> std::io::Result<()> {
        let tid = hdr.tid;
        if self.held == Some(old) {
            self.held = None;
            if std::mem::take(&mut self.held_shown) {
                self.sink.pid_changed_open(tid)?;
            } else if let Some(bytes) = self.pending_enter.get(&old).cloned()
                && let Ok(RawEvent::SyscallEnter(e)) = wire::parse(&bytes)
            {
                self.print_syscall(&e, None, Part::PidChanged(tid))?;
            }
        } else {
            self.close_held()?;
        }
        // The leader's calls are over (the kernel said how its last one ended); the thread's
        // go on under the leader's id.
        rekey(&mut self.pending_enter, old, tid);
        rekey(&mut self.path_at_entry, old, tid);
        rekey(&mut self.deferred, old, tid);
        if let Some(fds) = &mut self.fds {
            fds.task_ended(old);
        }
        let who = self.who(tid, hdr.tgid);
        self.sink.superseded(tid, hdr.ts, old, who.as_who())
    }

    /// `-P` at a call's entry (split lines): whether it uses one of the paths, so that its
    /// entry may print. The answer is kept for its exit; a call its entry can't decide (the
    /// copy comes at exit) is decided there.
    fn path_entry(&mut self, e: &wire::SyscallEvent<'_>) -> bool {
        if self.paths.is_none() {
            return true;
        }
        match self.path_match(e, Some(e)) {
            Match::Yes => {
                self.path_at_entry.insert(e.hdr.tid, true);
                true
            }
            Match::No => {
                self.path_at_entry.insert(e.hdr.tid, false);
                false
            }
            Match::NotYet => {
                self.path_at_entry.remove(&e.hdr.tid);
                false
            }
        }
    }

    /// `-P`: whether call `s` (with its entry record) uses one of the paths, its descriptors
    /// as the table has them now, before the call's own effect. Always, without `-P`.
    fn path_match(
        &mut self,
        s: &wire::SyscallEvent<'_>,
        enter: Option<&wire::SyscallEvent<'_>>,
    ) -> Match {
        let Some(paths) = &self.paths else {
            return Match::Yes;
        };
        let Some(row) = self.table.row(s.nr) else {
            return Match::No;
        };
        let tgid = s.hdr.tgid;
        let fds = &mut self.fds;
        paths.check(row, s, enter, &mut |fd| {
            fds.as_mut().and_then(|f| f.path(tgid, fd))
        })
    }

    /// A silent call's effect on the descriptor table.
    fn learn_fds(&mut self, s: &wire::SyscallEvent<'_>, enter: Option<&wire::SyscallEvent<'_>>) {
        let (Some(fds), Some(r)) = (&mut self.fds, self.table.row(s.nr)) else {
            return;
        };
        let mut args = decode_args(s, enter, r, s.has(sysflags::UNFINISHED));
        let ret = if s.has(sysflags::NO_RETURN) {
            -1
        } else {
            s.ret
        };
        fds.for_call(s.hdr.tid);
        fds.decorate(s.hdr.tgid, r.name, r, &s.args, ret, &mut args);
    }

    fn print_syscall(
        &mut self,
        s: &wire::SyscallEvent<'_>,
        enter: Option<&wire::SyscallEvent<'_>>,
        part: Part,
    ) -> std::io::Result<()> {
        let row = self.table.row(s.nr);
        let at_entry = matches!(part, Part::Entry | Part::Open | Part::Detached);
        // With split lines the inputs were copied at entry: decoders find them in the call.
        let merged;
        let s = match (enter, row) {
            (Some(e), Some(r)) => {
                let mut m = s.clone();
                for (i, c) in m.caps.iter_mut().enumerate() {
                    let input = r.args.get(i).is_some_and(|&a| !crate::decode::is_out(a));
                    if c.is_none() && input {
                        *c = e.caps[i];
                    }
                }
                merged = m;
                &merged
            }
            _ => s,
        };
        let raw = self.shape.raw.contains(s.nr);
        let deref = self.shape.verbose.contains(s.nr);
        let mut args = match row {
            Some(r) if raw => crate::decode::raw_row_args(s, r),
            Some(r) => crate::decode::decode_args_deref(
                s,
                enter,
                r,
                at_entry || s.has(sysflags::UNFINISHED),
                deref,
            ),
            None => raw_args(s),
        };
        // A raw call's descriptors are numbers: the table learns from a decoded copy.
        let mut decoded_for_table;
        let decorated = if raw {
            decoded_for_table = match row {
                Some(r) => decode_args(s, enter, r, at_entry),
                None => Vec::new(),
            };
            &mut decoded_for_table
        } else {
            &mut args
        };
        let ret_path = match (&mut self.fds, row) {
            (Some(fds), Some(r)) => {
                // Only a call that returned changes the descriptors, once, at its exit.
                let ret = if at_entry {
                    i64::MIN
                } else if s.has(sysflags::NO_RETURN) {
                    -1
                } else {
                    s.ret
                };
                fds.for_call(s.hdr.tid);
                if s.has(sysflags::INJECTED) {
                    fds.decorate_injected(s.hdr.tgid, r.name, r, &s.args, ret, decorated)
                        .filter(|_| self.show_fd_paths && !raw)
                } else if self.show_fd_paths && !raw {
                    fds.decorate(s.hdr.tgid, r.name, r, &s.args, ret, decorated)
                } else {
                    // -P alone, or -e raw=: the table learns the call, the line shows no paths.
                    fds.decorate(s.hdr.tgid, r.name, r, &s.args, ret, &mut decorated.clone());
                    None
                }
            }
            _ => None,
        };
        let ret = match row {
            _ if raw => crate::decode::RetNote {
                hex: true,
                note: None,
            },
            Some(r) if !at_entry && !s.has(sysflags::UNFINISHED) => decode_ret(s, enter, r),
            _ => Default::default(),
        };
        let who = self.who(s.hdr.tid, s.hdr.tgid);
        let ret_pid = match row {
            Some(r) if !raw && (self.comms.is_some() || self.pidns.is_some()) => {
                let tgid = s.hdr.tgid;
                crate::comms::decorate(r, &mut args, |pid| self.pid_info(tgid, pid));
                let returned = !at_entry && !s.has(sysflags::NO_RETURN | sysflags::UNFINISHED);
                (r.ret == crate::table::Ret::Pid && returned && s.ret > 0)
                    .then(|| self.pid_info(tgid, s.ret))
                    .flatten()
            }
            _ => None,
        };
        let line = SyscallLine {
            ev: s,
            name: self.table.name(s.nr),
            row,
            args,
            ret,
            who: who.as_who(),
            ret_path: ret_path.as_ref(),
            ret_pid: ret_pid.as_ref(),
            part,
            abbrev: self.shape.abbrev.contains(s.nr),
        };
        self.sink.syscall(&line)?;
        let dumps = !(self.shape.read.is_empty() && self.shape.write.is_empty());
        if let Some(r) = row
            && dumps
            && !at_entry
            && !s.has(sysflags::NO_RETURN)
        {
            let parts = crate::decode::dump::io_dump(
                r,
                s,
                &line.args,
                |fd| self.shape.read.contains(fd),
                |fd| self.shape.write.contains(fd),
            );
            if !parts.is_empty() {
                self.sink.dump(s.hdr.tid, &parts)?;
            }
        }
        Ok(())
    }

    /// Prints the signals held for `tid`: those due before its next record, or (`after_exit`)
    /// those due after the syscall it was in.
    fn flush_deferred(&mut self, tid: u32, after_exit: bool) -> std::io::Result<()> {
        let Some(list) = self.deferred.get_mut(&tid) else {
            return Ok(());
        };
        let due: Vec<Vec<u8>> = if after_exit {
            list.drain(..).map(|(b, _)| b).collect()
        } else {
            let (due, wait): (Vec<_>, Vec<_>) = list.drain(..).partition(|(_, after)| !after);
            *list = wait;
            due.into_iter().map(|(b, _)| b).collect()
        };
        if list.is_empty() {
            self.deferred.remove(&tid);
        }
        for b in due {
            self.print_signal_bytes(&b, None)?;
        }
        Ok(())
    }

    /// Prints a signal record as strace's `--- SIGNAME {...} ---` line, for its task or `tid`.
    fn print_signal_bytes(&mut self, bytes: &[u8], tid: Option<u32>) -> std::io::Result<()> {
        let Ok(RawEvent::Signal {
            hdr,
            sig,
            flags,
            info,
        }) = wire::parse(bytes)
        else {
            return Ok(());
        };
        if sig >= 128 || self.signals & (1u128 << sig) == 0 {
            return Ok(());
        }
        let tid = tid.unwrap_or(hdr.tid);
        if self.held.is_some() {
            self.close_held()?;
        }
        let who = self.who(tid, hdr.tgid);
        let line = SignalLine {
            tid,
            ts: hdr.ts,
            sig,
            info: (flags & sigflags::HAS_INFO != 0).then(|| siginfo::decode(info)),
            who: who.as_who(),
            stops: flags & sigflags::STOPS != 0,
            stop_only: flags & sigflags::GROUP_STOP != 0,
        };
        self.sink.signal(&line)
    }
}

#[cfg(test)]
mod tests {
    //! The session on synthetic record sequences: which lines strace's rules give.
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;
    use crate::format::text::{PidPrefix, TextOpts, TextSink};
    use crate::table::Arch;
    use tracer_common::{
        ExitRecord, Header, RecordKind, SIGINFO_SIZE, SignalRecord, SyscallRecord, WIRE_VERSION,
    };

    const READ: u32 = 0;
    const CLOSE: u32 = 3;

    /// What the sink wrote, shared with the test.
    #[derive(Clone, Default)]
    struct Out(Rc<RefCell<Vec<u8>>>);

    impl std::io::Write for Out {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Out {
        fn lines(&self) -> Vec<String> {
            String::from_utf8_lossy(&self.0.borrow())
                .lines()
                .map(|l| {
                    // The padding before ` = ` is the text sink's business, tested there.
                    match l.split_once(" = ") {
                        Some((call, ret)) => format!("{} = {ret}", call.trim_end()),
                        None => l.to_owned(),
                    }
                })
                .collect()
        }
    }

    fn bytes_of<T>(v: &T) -> Vec<u8> {
        // SAFETY: test-only view of a #[repr(C)] plain-data record as bytes.
        unsafe { std::slice::from_raw_parts((v as *const T).cast::<u8>(), size_of::<T>()) }.to_vec()
    }

    fn hdr(kind: RecordKind, tid: u32) -> Header {
        Header {
            kind: kind as u8,
            version: WIRE_VERSION,
            tid,
            tgid: tid,
            ..Header::default()
        }
    }

    fn enter(tid: u32, nr: u32, args: [u64; 6]) -> Vec<u8> {
        bytes_of(&SyscallRecord {
            hdr: hdr(RecordKind::SyscallEnter, tid),
            nr,
            args,
            ..SyscallRecord::default()
        })
    }

    fn exit(tid: u32, nr: u32, args: [u64; 6], ret: i64, flags: u32) -> Vec<u8> {
        bytes_of(&SyscallRecord {
            hdr: hdr(RecordKind::Syscall, tid),
            nr,
            args,
            ret,
            flags,
            ..SyscallRecord::default()
        })
    }

    fn ended(tid: u32, status: u32) -> Vec<u8> {
        bytes_of(&ExitRecord {
            hdr: hdr(RecordKind::Exit, tid),
            exit_code: status,
            flags: exitflags::CODE_KNOWN | exitflags::GROUP_DEAD,
        })
    }

    /// A signal record for `tid`: `sig` sent by process 99 with kill().
    fn signal(tid: u32, sig: u32, flags: u32) -> Vec<u8> {
        let mut info = [0u8; SIGINFO_SIZE];
        info[0..4].copy_from_slice(&sig.to_le_bytes());
        info[16..20].copy_from_slice(&99u32.to_le_bytes());
        bytes_of(&SignalRecord {
            hdr: hdr(RecordKind::Signal, tid),
            sig,
            flags: flags | sigflags::HAS_INFO,
            info,
        })
    }

    fn session(table: &Table) -> (Session<'_, TextSink<Out>>, Out) {
        let out = Out::default();
        let opts = TextOpts {
            pid_prefix: PidPrefix::Always,
            ..TextOpts::plain(Default::default())
        };
        let sink = TextSink::new(out.clone(), opts);
        let mut s = Session::new(table, sink, &[1, 2], false, Labels::default());
        s.split_lines(true);
        (s, out)
    }

    fn feed(records: &[Vec<u8>]) -> Vec<String> {
        let table = Table::new(Arch::X86_64);
        let (mut s, out) = session(&table);
        for r in records {
            s.record(r).unwrap();
        }
        s.finish().unwrap();
        out.lines()
    }

    const RD: [u64; 6] = [3, 0x1000, 10, 0, 0, 0];
    const CL: [u64; 6] = [4, 0, 0, 0, 0, 0];
    const HAS: u32 = sysflags::HAS_ENTER;

    #[test]
    fn entry_then_its_exit_is_one_line() {
        assert_eq!(
            feed(&[enter(1, CLOSE, CL), exit(1, CLOSE, CL, 0, HAS)]),
            ["1     close(4) = 0"]
        );
    }

    #[test]
    fn another_tasks_line_splits_the_call() {
        assert_eq!(
            feed(&[
                enter(1, READ, RD),
                enter(2, CLOSE, CL),
                exit(2, CLOSE, CL, 0, HAS),
                exit(1, READ, RD, -11, HAS),
            ]),
            [
                "1     read(3,  <unfinished ...>",
                "2     close(4) = 0",
                "1     <... read resumed>0x1000, 10) = -1 EAGAIN (Resource temporarily unavailable)",
            ]
        );
    }

    #[test]
    fn a_call_with_only_input_arguments_resumes_with_nothing() {
        assert_eq!(
            feed(&[
                enter(1, CLOSE, CL),
                enter(2, CLOSE, CL),
                exit(2, CLOSE, CL, 0, HAS),
                exit(1, CLOSE, CL, 0, HAS),
            ]),
            [
                "1     close(4 <unfinished ...>",
                "2     close(4) = 0",
                "1     <... close resumed>) = 0",
            ]
        );
    }

    #[test]
    fn signal_and_exit_lines_of_others_split_too() {
        assert_eq!(
            feed(&[
                enter(1, READ, RD),
                ended(2, 0),
                signal(1, 17, sigflags::DELIVERED),
                exit(1, READ, RD, -4, HAS),
            ]),
            [
                "1     read(3,  <unfinished ...>",
                "2     +++ exited with 0 +++",
                "1     --- SIGCHLD {si_signo=SIGCHLD, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     <... read resumed>0x1000, 10) = -1 EINTR (Interrupted system call)",
            ]
        );
    }

    #[test]
    fn records_that_print_nothing_do_not_split() {
        let fork = bytes_of(&tracer_common::ForkRecord {
            hdr: hdr(RecordKind::Fork, 1),
            child_tid: 3,
            child_tgid: 3,
        });
        assert_eq!(
            feed(&[enter(1, CLOSE, CL), fork, exit(1, CLOSE, CL, 0, HAS)]),
            ["1     close(4) = 0"]
        );
    }

    #[test]
    fn a_task_killed_in_a_split_call_resumes_with_a_question_mark() {
        let died = sysflags::HAS_ENTER | sysflags::UNFINISHED | sysflags::NO_RETURN;
        assert_eq!(
            feed(&[
                enter(1, READ, RD),
                exit(2, CLOSE, CL, 0, 0),
                exit(1, READ, RD, 0, died),
                ended(1, 9),
            ]),
            [
                "1     read(3,  <unfinished ...>",
                "2     close(4) = 0",
                "1     <... read resumed>) = ?",
                "1     +++ killed by SIGKILL +++",
            ]
        );
        // Not split: one line.
        assert_eq!(
            feed(&[enter(1, READ, RD), exit(1, READ, RD, 0, died)]),
            ["1     read(3,  <unfinished ...>) = ?"]
        );
    }

    /// A non-leader thread (2) execs: the leader (1) is killed without an end of its own, the
    /// thread's entry ends with strace's note, and its exit comes under the leader's id.
    #[test]
    fn a_thread_exec_supersedes_the_leader() {
        let mut leader_gone = ended(1, 0);
        leader_gone[32 + 4..32 + 8]
            .copy_from_slice(&(exitflags::CODE_KNOWN | exitflags::SUPERSEDED).to_le_bytes());
        let exec = bytes_of(&tracer_common::ExecRecord {
            hdr: hdr(RecordKind::Exec, 1),
            old_tid: 2,
            filename_len: 0,
            cgroup_id: 0,
            comm: [0; 16],
            filename: [0; tracer_common::EXEC_FILENAME_MAX],
        });
        assert_eq!(
            feed(&[
                enter(2, CLOSE, CL),
                leader_gone,
                exec,
                exit(1, CLOSE, CL, 0, HAS)
            ]),
            [
                "2     close(4 <pid changed to 1 ...>",
                "1     +++ superseded by execve in pid 2 +++",
                "1     <... close resumed>) = 0",
            ]
        );
    }

    #[test]
    fn the_end_closes_an_open_call() {
        assert_eq!(
            feed(&[enter(1, READ, RD)]),
            ["1     read(3,  <unfinished ...>"]
        );
    }

    #[test]
    fn an_ignored_signal_shows_after_the_call_it_came_in() {
        let in_call = sigflags::GENERATED | sigflags::IGNORED | sigflags::IN_SYSCALL;
        assert_eq!(
            feed(&[
                signal(1, 17, in_call),
                exit(1, READ, RD, 5, 0),
                exit(1, CLOSE, CL, 0, 0),
            ]),
            [
                "1     read(3, 0x1000, 10) = 5",
                "1     --- SIGCHLD {si_signo=SIGCHLD, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     close(4) = 0",
            ]
        );
        // Sent while the task ran: shown before its next call.
        let running = sigflags::GENERATED | sigflags::IGNORED;
        assert_eq!(
            feed(&[signal(1, 28, running), exit(1, CLOSE, CL, 0, 0)]),
            [
                "1     --- SIGWINCH {si_signo=SIGWINCH, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     close(4) = 0",
            ]
        );
    }

    #[test]
    fn a_signal_held_for_a_call_left_out_shows_before_the_end() {
        // `-Z`: the call the signal came in succeeded, so its exit record never comes.
        let in_call = sigflags::GENERATED | sigflags::IGNORED | sigflags::IN_SYSCALL;
        assert_eq!(
            feed(&[signal(1, 17, in_call), ended(1, 0)]),
            [
                "1     --- SIGCHLD {si_signo=SIGCHLD, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     +++ exited with 0 +++",
            ]
        );
    }

    #[test]
    fn a_group_stop_is_the_stop_line_alone() {
        // ptrace: the delivery, then each thread's group-stop.
        assert_eq!(
            feed(&[
                signal(1, 19, sigflags::DELIVERED),
                signal(1, 19, sigflags::GROUP_STOP),
                signal(2, 19, sigflags::GROUP_STOP),
            ]),
            [
                "1     --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     --- stopped by SIGSTOP ---",
                "2     --- stopped by SIGSTOP ---",
            ]
        );
    }

    #[test]
    fn a_queued_signal_is_shown_once_delivered_or_when_it_kills() {
        // Delivered: the delivery is the line.
        assert_eq!(
            feed(&[
                signal(1, 10, sigflags::GENERATED),
                exit(1, CLOSE, CL, 0, 0),
                signal(1, 10, sigflags::DELIVERED),
            ]),
            [
                "1     close(4) = 0",
                "1     --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=99, si_uid=0} ---",
            ]
        );
        // Killed the group on the way (no delivery record): shown before the kill.
        assert_eq!(
            feed(&[
                signal(1, 15, sigflags::GENERATED),
                exit(1, CLOSE, CL, 0, 0),
                ended(1, 15),
            ]),
            [
                "1     close(4) = 0",
                "1     --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     +++ killed by SIGTERM +++",
            ]
        );
    }

    #[test]
    fn a_stop_signal_with_its_default_action_stops() {
        assert_eq!(
            feed(&[signal(1, 19, sigflags::DELIVERED | sigflags::STOPS)]),
            [
                "1     --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=99, si_uid=0} ---",
                "1     --- stopped by SIGSTOP ---",
            ]
        );
    }

    /// Records, with `idle` between those where `true` says so; the raw output.
    fn feed_idle(records: &[(Vec<u8>, bool)]) -> String {
        let table = Table::new(Arch::X86_64);
        let (mut s, out) = session(&table);
        for (r, idle) in records {
            s.record(r).unwrap();
            if *idle {
                s.idle().unwrap();
            }
        }
        s.finish().unwrap();
        String::from_utf8_lossy(&out.0.borrow()).into_owned()
    }

    #[test]
    fn a_call_taking_a_while_is_shown_open_then_completed_on_the_same_line() {
        let text = feed_idle(&[
            (enter(1, READ, RD), true),
            (exit(1, READ, RD, -11, HAS), false),
        ]);
        assert_eq!(
            text,
            "1     read(3, 0x1000, 10)               = -1 EAGAIN (Resource temporarily unavailable)\n"
        );
        // The same line as without the wait, padding included.
        let whole = feed_idle(&[
            (enter(1, READ, RD), false),
            (exit(1, READ, RD, -11, HAS), false),
        ]);
        assert_eq!(text, whole);
        let text = feed_idle(&[
            (enter(1, CLOSE, CL), true),
            (exit(1, CLOSE, CL, 0, HAS), false),
        ]);
        assert_eq!(text, "1     close(4)                          = 0\n");
    }

    #[test]
    fn an_open_line_is_closed_by_another_tasks_line() {
        let text = feed_idle(&[
            (enter(1, READ, RD), true),
            (enter(2, CLOSE, CL), false),
            (exit(2, CLOSE, CL, 0, HAS), false),
            (exit(1, READ, RD, -11, HAS), false),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "1     read(3,  <unfinished ...>",
                "2     close(4)                          = 0",
                "1     <... read resumed>0x1000, 10)     = -1 EAGAIN (Resource temporarily unavailable)",
            ]
        );
        // A signal line and the end of the trace close it too.
        let text = feed_idle(&[
            (enter(1, READ, RD), true),
            (signal(2, 10, sigflags::DELIVERED), false),
        ]);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "1     read(3,  <unfinished ...>",
                "2     --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=99, si_uid=0} ---",
            ]
        );
        assert_eq!(
            feed_idle(&[(enter(1, READ, RD), true)]),
            "1     read(3,  <unfinished ...>\n"
        );
    }

    #[test]
    fn an_open_call_whose_task_dies_ends_unfinished() {
        let died = sysflags::HAS_ENTER | sysflags::UNFINISHED | sysflags::NO_RETURN;
        let text = feed_idle(&[
            (enter(1, READ, RD), true),
            (exit(1, READ, RD, 0, died), false),
        ]);
        assert_eq!(text, "1     read(3,  <unfinished ...>)        = ?\n");
    }

    #[test]
    fn without_split_lines_an_entry_is_never_printed_alone() {
        // -e status=failed: execve's entry record comes (for its path), its exit is filtered.
        let table = Table::new(Arch::X86_64);
        let (mut s, out) = session(&table);
        s.split_lines(false);
        s.record(&enter(1, 59, [0; 6])).unwrap();
        s.record(&exit(2, CLOSE, CL, -9, 0)).unwrap();
        s.record(&exit(1, CLOSE, CL, -9, 0)).unwrap();
        s.idle().unwrap();
        s.finish().unwrap();
        assert_eq!(
            out.lines(),
            [
                "2     close(4) = -1 EBADF (Bad file descriptor)",
                "1     close(4) = -1 EBADF (Bad file descriptor)",
            ]
        );
    }

    #[test]
    fn without_split_lines_an_entry_and_its_exit_are_one_line() {
        let table = Table::new(Arch::X86_64);
        let (mut s, out) = session(&table);
        s.split_lines(false);
        s.record(&enter(1, CLOSE, CL)).unwrap();
        s.record(&exit(2, CLOSE, CL, 0, 0)).unwrap();
        s.record(&exit(1, CLOSE, CL, 0, HAS)).unwrap();
        assert_eq!(out.lines(), ["2     close(4) = 0", "1     close(4) = 0"]);
    }

    #[test]
    fn a_lost_exit_leaves_no_call_open() {
        assert_eq!(
            feed(&[
                enter(1, READ, RD),
                enter(1, CLOSE, CL),
                exit(1, CLOSE, CL, 0, HAS)
            ]),
            ["1     close(4) = 0"]
        );
    }

    /// Processes no system has (above the largest pid_max): `/proc` knows nothing of them.
    const P1: u32 = 4_200_001;
    const P2: u32 = 4_200_002;
    const OPENAT: u32 = 257;
    const POLL: u32 = 7;

    /// A syscall record of `kind` without captures.
    fn rec(
        kind: RecordKind,
        tid: u32,
        nr: u32,
        args: [u64; 6],
        ret: i64,
        flags: u32,
    ) -> SyscallRecord {
        SyscallRecord {
            hdr: hdr(kind, tid),
            nr,
            args,
            ret,
            flags,
            ..SyscallRecord::default()
        }
    }

    /// `rec`'s bytes with one capture: `bytes` for argument `arg`.
    fn with_cap(mut rec: SyscallRecord, arg: u8, bytes: &[u8]) -> Vec<u8> {
        rec.caps[0] = tracer_common::Capture {
            arg,
            status: tracer_common::capstatus::OK,
            kind: tracer_common::CaptureKind::CStr as u8,
            _pad: 0,
            len: bytes.len() as u32,
        };
        crate::backend::ptrace::capture::syscall_record(&rec, bytes)
    }

    /// `openat(AT_FDCWD, path, O_RDONLY) = ret` as one exit record.
    fn openat(tid: u32, path: &[u8], ret: i64) -> Vec<u8> {
        let args = [(-100i64) as u64, 0x1000, 0, 0, 0, 0];
        with_cap(rec(RecordKind::Syscall, tid, OPENAT, args, ret, 0), 1, path)
    }

    /// The lines of `records` under `-P /nonexistent/traced` (several tasks, split lines).
    fn feed_path_traced(records: &[Vec<u8>]) -> Vec<String> {
        let table = Table::new(Arch::X86_64);
        let (s, out) = session(&table);
        let (paths, _) = crate::pathtrace::PathSet::new(&["/nonexistent/traced".into()], |_| None);
        let mut s = s
            .with_fd_table(FdPaths::new(), false)
            .with_path_trace(paths);
        for r in records {
            s.record(r).unwrap();
        }
        s.finish().unwrap();
        out.lines()
    }

    #[test]
    fn path_trace_shows_the_calls_on_the_path_and_its_descriptor_only() {
        let rd = |fd| [fd, 0x1000, 10, 0, 0, 0];
        let cl = |fd| [fd, 0, 0, 0, 0, 0];
        assert_eq!(
            feed_path_traced(&[
                openat(P1, b"/nonexistent/other\0", 4),
                openat(P1, b"/nonexistent/traced\0", 3),
                exit(P1, READ, rd(4), 0, 0),
                exit(P1, READ, rd(3), 0, 0),
                exit(P1, CLOSE, cl(3), 0, 0),
                exit(P1, READ, rd(3), -9, 0),
                ended(P1, 0),
            ]),
            [
                "4200001 openat(AT_FDCWD, \"/nonexistent/traced\", O_RDONLY) = 3",
                "4200001 read(3, 0x1000, 10) = 0",
                "4200001 close(3) = 0",
                "4200001 +++ exited with 0 +++",
            ]
        );
    }

    #[test]
    fn path_trace_holds_no_entry_of_a_call_it_leaves_out() {
        let rd = [5, 0x1000, 10, 0, 0, 0];
        let args = [(-100i64) as u64, 0x1000, 0, 0, 0, 0];
        let path = b"/nonexistent/traced\0";
        assert_eq!(
            feed_path_traced(&[
                enter(P1, READ, rd),
                with_cap(
                    rec(RecordKind::SyscallEnter, P2, OPENAT, args, 0, 0),
                    1,
                    path
                ),
                enter(P1, CLOSE, CL),
                with_cap(rec(RecordKind::Syscall, P2, OPENAT, args, 3, HAS), 1, path),
                exit(P1, READ, rd, 0, HAS),
            ]),
            ["4200002 openat(AT_FDCWD, \"/nonexistent/traced\", O_RDONLY) = 3"]
        );
    }

    #[test]
    fn path_trace_decides_poll_at_its_exit() {
        // poll([{fd=3, events=POLLIN}], 1, 0): the pollfds are copied at exit only.
        let pfd = [3, 0, 0, 0, 1, 0, 0, 0];
        let args = [0x2000, 1, 0, 0, 0, 0];
        let lines = feed_path_traced(&[
            openat(P1, b"/nonexistent/traced\0", 3),
            enter(P1, POLL, args),
            enter(P2, CLOSE, CL),
            exit(P2, CLOSE, CL, 0, HAS),
            with_cap(rec(RecordKind::Syscall, P1, POLL, args, 0, HAS), 0, &pfd),
        ]);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[1], "4200001 poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)",
            "whole: its entry was not printed"
        );
    }

    const EXECVE: u32 = 59;

    /// `-b execve` let `tid` go at its exec.
    fn detached(tid: u32) -> Vec<u8> {
        bytes_of(&ExitRecord {
            hdr: hdr(RecordKind::Exit, tid),
            exit_code: 0,
            flags: exitflags::DETACHED | exitflags::GROUP_DEAD,
        })
    }

    #[test]
    fn a_task_let_go_in_its_execve_ends_the_line_detached() {
        let table = Table::new(Arch::X86_64);
        let (s, out) = session(&table);
        let mut s = s.with_detaching(false, true);
        s.record(&enter(1, EXECVE, [0; 6])).unwrap();
        s.record(&detached(1)).unwrap();
        s.record(&exit(2, CLOSE, CL, 0, 0)).unwrap();
        s.finish().unwrap();
        assert_eq!(
            out.lines(),
            [
                "1     execve(NULL, NULL, NULL <detached ...>",
                "2     close(4) = 0",
            ]
        );
        assert!(s.was_detached(1) && !s.was_detached(2));
        assert!(!s.done(), "task 2 is still traced");
    }

    #[test]
    fn a_detached_call_already_shown_unfinished_has_nothing_more() {
        assert_eq!(
            feed(&[
                enter(1, EXECVE, [0; 6]),
                exit(2, CLOSE, CL, 0, 0),
                detached(1),
            ]),
            [
                "1     execve(NULL, NULL, NULL <unfinished ...>",
                "2     close(4) = 0",
            ]
        );
    }

    #[test]
    fn without_split_lines_the_waiting_entry_is_the_detached_line() {
        let table = Table::new(Arch::X86_64);
        let (s, out) = session(&table);
        let mut s = s.with_detaching(false, true);
        s.split_lines(false);
        s.record(&enter(1, EXECVE, [0; 6])).unwrap();
        s.record(&detached(1)).unwrap();
        assert_eq!(
            out.lines(),
            ["1     execve(NULL, NULL, NULL <detached ...>"]
        );
        // `-e status=` without `detached`: not shown.
        let (s, out) = session(&table);
        let mut s = s.with_detaching(false, false);
        s.split_lines(false);
        s.record(&enter(1, EXECVE, [0; 6])).unwrap();
        s.record(&detached(1)).unwrap();
        assert_eq!(out.lines(), Vec::<String>::new());
    }

    #[test]
    fn signal_filter() {
        let table = Table::new(Arch::X86_64);
        let (mut s, out) = session(&table);
        s.set_signals(!(1u128 << 17));
        s.record(&signal(1, 17, sigflags::DELIVERED)).unwrap();
        s.record(&signal(1, 10, sigflags::DELIVERED)).unwrap();
        assert_eq!(
            out.lines(),
            ["1     --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=99, si_uid=0} ---"]
        );
    }
}
