//! Turns the stream of records into output: pairs entry captures with their syscall, decodes,
//! tracks which tasks are alive, and places loss markers where records went missing.
use std::collections::{HashMap, HashSet};

use tracer_common::{exitflags, sigflags, sysflags};

use crate::decode::{decode_args, raw_args, siginfo};
use crate::format::{Ending, Part, SignalLine, Sink, SyscallLine};
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
    pub records: u64,
    pub lost_seen: u64,
    pub malformed: u64,
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
            deferred: HashMap::new(),
            queued: HashMap::new(),
            signals: !0,
            dropped_seen: Vec::new(),
            records: 0,
            lost_seen: 0,
            malformed: 0,
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
            self.close_held()?;
            self.sink.lost(n)?;
        }
        let tid = hdr.tid;
        if !matches!(ev, RawEvent::Signal { .. }) {
            self.flush_deferred(tid, false)?;
        }
        match ev {
            RawEvent::SyscallEnter(_) => {
                self.close_held()?;
                self.pending_enter.insert(tid, bytes.to_vec());
                self.held = Some(tid);
            }
            RawEvent::Syscall(s) => {
                let enter_bytes = if s.has(sysflags::HAS_ENTER) {
                    self.pending_enter.remove(&tid)
                } else {
                    None
                };
                let enter = match enter_bytes.as_deref().map(wire::parse) {
                    Some(Ok(RawEvent::SyscallEnter(e))) if e.nr == s.nr => Some(e),
                    _ => None,
                };
                let part = if enter.is_none() || self.held == Some(tid) {
                    if self.held == Some(tid) {
                        self.held = None;
                    }
                    self.close_held()?;
                    Part::Whole
                } else {
                    // Its entry was printed as `<unfinished ...>`.
                    self.close_held()?;
                    let skip = match (self.table.row(s.nr), enter.as_ref()) {
                        (Some(r), Some(e)) => decode_args(e, None, r, true).len(),
                        _ => 6,
                    };
                    Part::Resumed { skip }
                };
                self.print_syscall(&s, enter.as_ref(), part)?;
                self.flush_deferred(tid, true)?;
            }
            RawEvent::Fork { child_tid, .. } => {
                self.live.insert(child_tid);
                self.sink.tasks(self.live.len());
            }
            RawEvent::Exec {
                hdr,
                old_tid,
                comm,
                cgroup_id,
                ..
            } => {
                if old_tid != hdr.tid {
                    self.live.remove(&old_tid);
                    self.live.insert(hdr.tid);
                }
                // The new program's name labels the task from now on.
                self.label_cache.remove(&old_tid);
                let _ = self.label(hdr.tid, hdr.tgid, Some((comm, cgroup_id)));
            }
            RawEvent::Exit { hdr, code, flags } => {
                if flags & exitflags::CODE_KNOWN != 0 {
                    let how = Ending::from_wait_status(code);
                    if let Ending::Killed { sig, .. } = how
                        && let Some(b) = self.queued.remove(&(hdr.tgid, sig))
                    {
                        // A fatal signal the kernel turned into a group kill: its threads
                        // dequeued only SIGKILL, strace shows the signal itself.
                        self.print_signal_bytes(&b, Some(tid))?;
                    }
                    self.close_held()?;
                    let label = self.label(hdr.tid, hdr.tgid, None);
                    self.sink.ended(hdr.tid, hdr.ts, how, label.as_deref())?;
                }
                if self.held == Some(tid) {
                    self.held = None;
                }
                self.label_cache.remove(&hdr.tid);
                self.live.remove(&hdr.tid);
                self.pending_enter.remove(&hdr.tid);
                self.deferred.remove(&hdr.tid);
                if flags & exitflags::GROUP_DEAD != 0 {
                    self.queued.retain(|&(tgid, _), _| tgid != hdr.tgid);
                }
                self.sink.tasks(self.live.len());
            }
            RawEvent::Signal {
                hdr, sig, flags, ..
            } => {
                if flags & sigflags::DELIVERED != 0 {
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

    /// `-e signal=`: only these signals (bit n for signal n) are shown.
    pub fn set_signals(&mut self, set: u128) {
        self.signals = set;
    }

    /// The end of the trace: a call still open is printed as `<unfinished ...>`, as strace does
    /// when it detaches.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.close_held()
    }

    /// Prints the held call's entry as `NAME(in-args <unfinished ...>`; its entry record stays
    /// pending for the `resumed` line.
    fn close_held(&mut self) -> std::io::Result<()> {
        let Some(tid) = self.held.take() else {
            return Ok(());
        };
        let Some(bytes) = self.pending_enter.get(&tid).cloned() else {
            return Ok(());
        };
        if let Ok(RawEvent::SyscallEnter(e)) = wire::parse(&bytes) {
            self.print_syscall(&e, None, Part::Entry)?;
        }
        Ok(())
    }

    fn print_syscall(
        &mut self,
        s: &wire::SyscallEvent<'_>,
        enter: Option<&wire::SyscallEvent<'_>>,
        part: Part,
    ) -> std::io::Result<()> {
        let row = self.table.row(s.nr);
        let args = match row {
            Some(r) => decode_args(
                s,
                enter,
                r,
                part == Part::Entry || s.has(sysflags::UNFINISHED),
            ),
            None => raw_args(s),
        };
        let label = self.label(s.hdr.tid, s.hdr.tgid, None);
        let line = SyscallLine {
            ev: s,
            name: self.table.name(s.nr),
            row,
            args,
            label: label.as_deref(),
            part,
        };
        self.sink.syscall(&line)
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
        let label = self.label(tid, hdr.tgid, None);
        let line = SignalLine {
            tid,
            ts: hdr.ts,
            sig,
            info: (flags & sigflags::HAS_INFO != 0).then(|| siginfo::decode(info)),
            label: label.as_deref(),
        };
        self.sink.signal(&line)
    }
}
