//! Turns the stream of records into output: pairs entry captures with their syscall, decodes,
//! tracks which tasks are alive, and places loss markers where records went missing.
use std::collections::{HashMap, HashSet};

use tracer_common::{exitflags, sysflags};

use crate::decode::{decode_args, raw_args};
use crate::format::{Ending, Sink, SyscallLine};
use crate::table::Table;
use crate::wire::{self, RawEvent};

pub struct Session<'t, S: Sink> {
    table: &'t Table,
    sink: S,
    /// Threads believed alive and traced.
    live: HashSet<u32>,
    /// Raw bytes of `SyscallEnter` records waiting for their syscall's exit record.
    pending_enter: HashMap<u32, Vec<u8>>,
    /// Last drop count seen per CPU.
    dropped_seen: Vec<u64>,
    pub records: u64,
    pub lost_seen: u64,
    pub malformed: u64,
}

impl<'t, S: Sink> Session<'t, S> {
    pub fn new(table: &'t Table, sink: S, first: u32) -> Self {
        Session {
            table,
            sink,
            live: HashSet::from([first]),
            pending_enter: HashMap::new(),
            dropped_seen: Vec::new(),
            records: 0,
            lost_seen: 0,
            malformed: 0,
        }
    }

    /// True when no traced task is left.
    pub fn done(&self) -> bool {
        self.live.is_empty()
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
            Err(_) => {
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
                let line = SyscallLine {
                    ev: &s,
                    name: self.table.name(s.nr),
                    row,
                    args,
                };
                self.sink.syscall(&line)?;
            }
            RawEvent::Fork { child_tid, .. } => {
                self.live.insert(child_tid);
                self.sink.tasks(self.live.len());
            }
            RawEvent::Exec { hdr, old_tid, .. } => {
                if old_tid != hdr.tid {
                    self.live.remove(&old_tid);
                    self.live.insert(hdr.tid);
                }
            }
            RawEvent::Exit { hdr, code, flags } => {
                if flags & exitflags::CODE_KNOWN != 0 {
                    self.sink
                        .ended(hdr.tid, hdr.ts, Ending::from_wait_status(code))?;
                }
                self.live.remove(&hdr.tid);
                self.pending_enter.remove(&hdr.tid);
                self.sink.tasks(self.live.len());
            }
        }
        Ok(())
    }
}
