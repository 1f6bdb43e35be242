//! `-ff -o PREFIX`: strace's lines, one file per task (PREFIX.TID, as strace names them: every
//! thread gets its own file), without pid prefixes.
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};

use super::text::{PidPrefix, TextOpts, TextSink};
use super::{Ending, SignalLine, Sink, SyscallLine};
use crate::wire::RawEvent;

pub struct FfSink {
    prefix: String,
    opts: TextOpts,
    open: HashMap<u32, TextSink<BufWriter<File>>>,
    /// Files made in this run: a task id seen again (reused) appends to its file.
    made: HashSet<u32>,
}

impl FfSink {
    pub fn new(prefix: String, opts: TextOpts) -> Self {
        FfSink {
            prefix,
            opts: TextOpts {
                pid_prefix: PidPrefix::Never,
                ..opts
            },
            open: HashMap::new(),
            made: HashSet::new(),
        }
    }

    fn file(&mut self, tid: u32) -> std::io::Result<&mut TextSink<BufWriter<File>>> {
        if !self.open.contains_key(&tid) {
            let path = format!("{}.{tid}", self.prefix);
            let f = if self.made.insert(tid) {
                File::create(&path)
            } else {
                OpenOptions::new().append(true).open(&path)
            }
            .map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))?;
            self.open
                .insert(tid, TextSink::new(BufWriter::new(f), self.opts));
        }
        self.open
            .get_mut(&tid)
            .ok_or_else(|| std::io::Error::other("no file"))
    }
}

impl Sink for FfSink {
    /// One file per task: its calls are never split by another task's line.
    fn syscall(&mut self, line: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        match line.as_whole() {
            Some(whole) => self.file(line.ev.hdr.tid)?.syscall(&whole),
            None => Ok(()),
        }
    }

    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()> {
        self.file(line.tid)?.signal(line)
    }

    fn ended(
        &mut self,
        tid: u32,
        ts_ns: u64,
        how: Ending,
        who: super::Who<'_>,
    ) -> std::io::Result<()> {
        self.file(tid)?.ended(tid, ts_ns, how, who)?;
        // The task is gone: close its file.
        match self.open.remove(&tid) {
            Some(mut s) => s.flush(),
            None => Ok(()),
        }
    }

    /// In the leader's file, as strace writes it there.
    fn superseded(
        &mut self,
        tid: u32,
        ts_ns: u64,
        old: u32,
        who: super::Who<'_>,
    ) -> std::io::Result<()> {
        self.file(tid)?.superseded(tid, ts_ns, old, who)
    }

    /// Where the loss happened is not known per task: every open file gets the marker.
    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        self.open.values_mut().try_for_each(|s| s.lost(n))
    }

    /// A `-c` summary belongs to no task: it goes to stderr, as strace's does.
    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        std::io::stderr().write_all(text.as_bytes())
    }

    fn tasks(&mut self, _live: usize) {}

    fn dump(&mut self, tid: u32, parts: &[crate::decode::dump::Dump<'_>]) -> std::io::Result<()> {
        self.file(tid)?.dump(tid, parts)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.open.values_mut().try_for_each(|s| s.flush())
    }

    fn process(&mut self, ev: &RawEvent<'_>) -> std::io::Result<()> {
        // A thread that execs takes over the leader's id: its lines go on in the leader's file.
        if let RawEvent::Exec { hdr, old_tid, .. } = ev
            && *old_tid != hdr.tid
            && let Some(mut s) = self.open.remove(old_tid)
        {
            s.flush()?;
        }
        Ok(())
    }
}
