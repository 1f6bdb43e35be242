//! Turns the stream of records into output: pairs entry captures with their syscall, decodes,
//! tracks which tasks are alive, and places loss markers where records went missing.
use std::collections::{HashMap, HashSet};

use tracer_common::{exitflags, sysflags};

use crate::decode::{decode_args, raw_args};
use crate::format::{Ending, Sink, SyscallLine};
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
            self.sink.lost(n)?;
        }
        match ev {
            RawEvent::SyscallEnter(_) => {
                self.pending_enter.insert(hdr.tid, bytes.to_vec());
            }
            RawEvent::Syscall(s) => {
                let enter_bytes = if s.has(sysflags::HAS_ENTER) {
                    self.pending_enter.remove(&hdr.tid)
                } else {
                    None
                };
                let enter = match enter_bytes.as_deref().map(wire::parse) {
                    Some(Ok(RawEvent::SyscallEnter(e))) if e.nr == s.nr => Some(e),
                    _ => None,
                };
                let row = self.table.row(s.nr);
                let args = match row {
                    Some(r) => decode_args(&s, enter.as_ref(), r, s.has(sysflags::UNFINISHED)),
                    None => raw_args(&s),
                };
                let label = self.label(hdr.tid, hdr.tgid, None);
                let line = SyscallLine {
                    ev: &s,
                    name: self.table.name(s.nr),
                    row,
                    args,
                    label: label.as_deref(),
                };
                self.sink.syscall(&line)?;
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
                    let label = self.label(hdr.tid, hdr.tgid, None);
                    let how = Ending::from_wait_status(code);
                    self.sink.ended(hdr.tid, hdr.ts, how, label.as_deref())?;
                }
                self.label_cache.remove(&hdr.tid);
                self.live.remove(&hdr.tid);
                self.pending_enter.remove(&hdr.tid);
                self.sink.tasks(self.live.len());
            }
            RawEvent::Signal {
                hdr,
                signo,
                flags,
                info,
            } => {
                let label = self.label(hdr.tid, hdr.tgid, None);
                let text = crate::format::siginfo::describe(signo, flags, info);
                self.sink.signal(hdr.tid, hdr.ts, &text, label.as_deref())?;
            }
        }
        Ok(())
    }
}
