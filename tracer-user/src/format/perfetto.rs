//! `--perfetto FILE`: the trace as Chrome trace-event JSON, which ui.perfetto.dev (and
//! chrome://tracing) open. One track per thread, grouped by process; one complete slice
//! (`"ph":"X"`) per syscall, named after it, with strace's line in its args; instants for fork,
//! exec, exit, signals and losses.
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;

use super::json::{Obj, Tasks};
use super::quote::QuoteOpts;
use super::{Ending, SignalLine, Sink, SyscallLine, text};
use crate::decode::Value;
use crate::table::signals::signal_name;
use crate::wire::RawEvent;
use tracer_common::sysflags;

pub struct PerfettoSink<W: Write> {
    out: W,
    quote: QuoteOpts,
    tasks: Tasks,
    /// Processes and threads whose name was written (again after an exec).
    named: HashSet<u32>,
    events: u64,
    /// The latest time seen: where a loss marker goes.
    last_ts: u64,
    ev: String,
    finished: bool,
}

/// Nanoseconds as the format's microseconds, exactly.
fn micros(out: &mut String, ns: u64) {
    let _ = write!(out, "{}.{:03}", ns / 1000, ns % 1000);
}

impl<W: Write> PerfettoSink<W> {
    pub fn new(mut out: W, quote: QuoteOpts, mono_to_real_ns: i64) -> std::io::Result<Self> {
        let mut head = String::new();
        let mut o = Obj::new(&mut head);
        o.str("displayTimeUnit", "ns");
        let m = o.key("metadata");
        let mut mo = Obj::new(m);
        mo.str("tracer", env!("CARGO_PKG_VERSION"))
            .str("kernel", &super::json::kernel_release())
            .str("clock", "CLOCK_MONOTONIC")
            .num("realtime_offset_ns", mono_to_real_ns);
        mo.end();
        o.key("traceEvents").push('[');
        // The object stays open until finish().
        out.write_all(head.as_bytes())?;
        Ok(PerfettoSink {
            out,
            quote,
            tasks: Tasks::default(),
            named: HashSet::new(),
            events: 0,
            last_ts: 0,
            ev: String::with_capacity(512),
            finished: false,
        })
    }

    /// Writes the event in `self.ev`.
    fn emit(&mut self) -> std::io::Result<()> {
        if self.events > 0 {
            self.out.write_all(b",\n")?;
        } else {
            self.out.write_all(b"\n")?;
        }
        self.events += 1;
        let r = self.out.write_all(self.ev.as_bytes());
        self.ev.clear();
        r
    }

    /// Names the process and thread tracks of `tid` the first time they are seen.
    fn name_tracks(&mut self, tid: u32, tgid: u32) -> std::io::Result<()> {
        if self.named.contains(&tid) {
            return Ok(());
        }
        self.named.insert(tid);
        let (comm, _) = self.tasks.describe(tid, tgid);
        let comm = comm.unwrap_or_else(|| "?".to_owned());
        let what: &[(&str, u32)] = if tid == tgid {
            &[("process_name", tgid), ("thread_name", tid)]
        } else {
            &[("thread_name", tid)]
        };
        for &(meta, id) in what {
            let name = if meta == "process_name" {
                format!("{comm} {tgid}")
            } else {
                format!("{comm} {id}")
            };
            let mut o = Obj::new(&mut self.ev);
            o.str("ph", "M")
                .str("name", meta)
                .num("pid", tgid)
                .num("tid", tid);
            let mut a = Obj::new(o.key("args"));
            a.str("name", &name);
            a.end();
            o.end();
            self.emit()?;
        }
        Ok(())
    }

    /// An instant on the thread's track (`scope` "t") or across the trace ("g").
    fn instant(
        &mut self,
        name: &str,
        tid: u32,
        tgid: u32,
        ts: u64,
        scope: &str,
        args: impl FnOnce(&mut Obj<'_>),
    ) -> std::io::Result<()> {
        let mut o = Obj::new(&mut self.ev);
        o.str("ph", "i")
            .str("s", scope)
            .str("name", name)
            .str("cat", "process")
            .num("pid", tgid)
            .num("tid", tid);
        micros(o.key("ts"), ts);
        let mut a = Obj::new(o.key("args"));
        args(&mut a);
        a.end();
        o.end();
        self.emit()
    }

    /// A signal delivered to `tid` (for the sink's `signal` event).
    pub fn signal_record(
        &mut self,
        tid: u32,
        ts: u64,
        sig: u32,
        info: Option<&Value<'_>>,
    ) -> std::io::Result<()> {
        let tgid = self.tasks.tgid(tid);
        self.name_tracks(tid, tgid)?;
        let name = signal_name(sig);
        let quote = self.quote;
        let info = info.map(|v| text::value_text(v, quote));
        self.instant(&name, tid, tgid, ts, "t", |a| {
            a.opt_str("siginfo", info.as_deref());
        })
    }
}

impl<W: Write> Sink for PerfettoSink<W> {
    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()> {
        if line.stop_only {
            // The signal's own record came at its delivery.
            return Ok(());
        }
        self.signal_record(line.tid, line.ts, line.sig, line.info.as_ref())
    }

    /// One slice per call, at its exit: an entry shown apart by the text output is skipped.
    fn syscall(&mut self, s: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        let Some(whole) = s.as_whole() else {
            return Ok(());
        };
        let s = &whole;
        let ev = s.ev;
        let (tid, tgid) = (ev.hdr.tid, ev.hdr.tgid);
        self.last_ts = self.last_ts.max(ev.hdr.ts);
        self.name_tracks(tid, tgid)?;
        let line = text::line_text(s, self.quote);
        let name = match s.name {
            Some(n) => n.to_owned(),
            None => format!("syscall_{:#x}", ev.nr),
        };
        let no_return = ev.has(sysflags::NO_RETURN);
        let mut o = Obj::new(&mut self.ev);
        o.str("ph", "X")
            .str("name", &name)
            .str("cat", "syscall")
            .num("pid", tgid)
            .num("tid", tid);
        micros(o.key("ts"), ev.hdr.ts);
        micros(o.key("dur"), if no_return { 0 } else { ev.duration_ns });
        let mut a = Obj::new(o.key("args"));
        a.str("call", &line);
        if no_return {
            a.raw("ret", "null");
        } else {
            a.num("ret", ev.ret);
        }
        if !no_return && (-4095..0).contains(&ev.ret) {
            a.opt_str("errno", crate::table::errno::errno_name((-ev.ret) as i32));
        }
        a.end();
        o.end();
        self.emit()
    }

    fn ended(
        &mut self,
        tid: u32,
        ts_ns: u64,
        how: Ending,
        _who: super::Who<'_>,
    ) -> std::io::Result<()> {
        let tgid = self.tasks.tgid(tid);
        self.name_tracks(tid, tgid)?;
        let (name, sig) = match how {
            Ending::Exited(c) => (format!("exited with {c}"), None),
            Ending::Killed { sig, core } => (
                format!(
                    "killed by {}{}",
                    signal_name(sig),
                    if core { " (core dumped)" } else { "" }
                ),
                Some(sig),
            ),
        };
        let r = self.instant(&name, tid, tgid, ts_ns, "t", |a| {
            match how {
                Ending::Exited(c) => a.num("exit_code", c),
                Ending::Killed { .. } => a.raw("exit_code", "null"),
            };
            a.opt_str("signal", sig.map(signal_name).as_deref());
        });
        self.tasks.forget(tid);
        r
    }

    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        let mut o = Obj::new(&mut self.ev);
        o.str("ph", "i")
            .str("s", "g")
            .str("name", &format!("{n} events lost"))
            .str("cat", "tracer")
            .num("pid", 0)
            .num("tid", 0);
        // Losses have no time of their own: they show where the stream was.
        micros(o.key("ts"), self.last_ts);
        o.end();
        self.emit()
    }

    /// Summaries (`-c`) have no place on a timeline.
    fn raw(&mut self, _text: &str) -> std::io::Result<()> {
        Ok(())
    }

    fn tasks(&mut self, _live: usize) {}

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn process(&mut self, ev: &RawEvent<'_>) -> std::io::Result<()> {
        match ev {
            RawEvent::Fork {
                hdr,
                child_tid,
                child_tgid,
            } => {
                self.tasks.process(ev);
                self.name_tracks(hdr.tid, hdr.tgid)?;
                let what = if *child_tgid == hdr.tgid {
                    "thread"
                } else {
                    "fork"
                };
                let (ct, cp) = (*child_tid, *child_tgid);
                self.instant(
                    &format!("{what} {ct}"),
                    hdr.tid,
                    hdr.tgid,
                    hdr.ts,
                    "t",
                    |a| {
                        a.num("child_pid", cp).num("child_tid", ct);
                    },
                )
            }
            RawEvent::Exec {
                hdr,
                old_tid,
                filename,
                ..
            } => {
                self.tasks.process(ev);
                // The process has a new name: its tracks are named again.
                self.named.remove(&hdr.tid);
                self.named.remove(old_tid);
                self.name_tracks(hdr.tid, hdr.tgid)?;
                let file = String::from_utf8_lossy(filename).into_owned();
                let mut name = String::from("exec ");
                name.push_str(&file);
                self.instant(&name, hdr.tid, hdr.tgid, hdr.ts, "t", |a| {
                    a.str("filename", &file).num("old_tid", old_tid);
                })
            }
            _ => Ok(()),
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if !self.finished {
            self.finished = true;
            self.out.write_all(b"\n]}\n")?;
        }
        self.out.flush()
    }
}
