//! strace's text lines.
use std::io::Write;

use super::quote::{QuoteOpts, quote_buf, quote_cstr, quote_cstr_bounded};
use super::{Ending, Sink, SyscallLine, errno, flags, signal::signal_name};
use crate::decode::Value;
use crate::table::Ret;
use tracer_common::sysflags;

/// strace pads the call to this column before ` = `.
const RESULT_COLUMN: usize = 39;

/// When lines start with the pid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PidPrefix {
    /// One process: no prefix.
    Never,
    /// `-f -o FILE`: every line starts with `PID  `.
    Always,
    /// `-f` to stderr: `[pid  PID] ` while several tasks are traced.
    WhenSeveral,
    /// System-wide and cgroup traces on stderr: always `[pid  PID LABEL] `.
    Bracket,
}

/// strace's `-t`, `-tt`, `-ttt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Timestamps {
    #[default]
    None,
    Seconds,
    Micros,
    Epoch,
}

#[derive(Clone, Copy, Debug)]
pub struct TextOpts {
    pub quote: QuoteOpts,
    pub pid_prefix: PidPrefix,
    pub timestamps: Timestamps,
    /// `-T`: time spent in each syscall.
    pub syscall_times: bool,
    /// `-qq`: no `+++ exited with` lines.
    pub quiet_exit: bool,
    /// `-c`: no `+++ exited` or `+++ killed` lines either.
    pub quiet_all_exits: bool,
    /// Add to a CLOCK_MONOTONIC timestamp to get CLOCK_REALTIME.
    pub mono_to_real_ns: i64,
}

pub struct TextSink<W: Write> {
    out: W,
    opts: TextOpts,
    live: usize,
    line: String,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, opts: TextOpts) -> Self {
        TextSink {
            out,
            opts,
            live: 1,
            line: String::with_capacity(256),
        }
    }

    fn leader(&mut self, tid: u32, ts_ns: u64, label: Option<&str>) {
        use std::fmt::Write as _;
        let l = &mut self.line;
        l.clear();
        let label = label.unwrap_or("");
        let sep = if label.is_empty() { "" } else { " " };
        match self.opts.pid_prefix {
            PidPrefix::Always => {
                let _ = write!(l, "{tid:<5} {label}{sep}");
            }
            PidPrefix::Bracket => {
                let _ = write!(l, "[pid {tid:>5}{sep}{label}] ");
            }
            PidPrefix::WhenSeveral if self.live > 1 => {
                let _ = write!(l, "[pid {tid:>5}{sep}{label}] ");
            }
            _ => {}
        }
        if self.opts.timestamps != Timestamps::None {
            let real = ts_ns as i64 + self.opts.mono_to_real_ns;
            let (secs, micros) = (
                real.div_euclid(1_000_000_000),
                real.rem_euclid(1_000_000_000) / 1000,
            );
            match self.opts.timestamps {
                Timestamps::Epoch => {
                    let _ = write!(l, "{secs}.{micros:06} ");
                }
                ts => {
                    let (h, m, s) = local_hms(secs);
                    let _ = write!(l, "{h:02}:{m:02}:{s:02}");
                    if ts == Timestamps::Micros {
                        let _ = write!(l, ".{micros:06}");
                    }
                    l.push(' ');
                }
            }
        }
    }

    fn value(&mut self, v: &Value<'_>) {
        use std::fmt::Write as _;
        let l = &mut self.line;
        match *v {
            Value::Int(i) => {
                let _ = write!(l, "{i}");
            }
            Value::Uint(u) => {
                let _ = write!(l, "{u}");
            }
            Value::Hex(0) => l.push('0'),
            Value::Hex(h) => {
                let _ = write!(l, "{h:#x}");
            }
            Value::Fd(fd) => {
                let _ = write!(l, "{fd}");
            }
            Value::DirFd(fd) => flags::print_dirfd(l, fd),
            Value::Ptr(0) => l.push_str("NULL"),
            Value::Ptr(p) => {
                let _ = write!(l, "{p:#x}");
            }
            Value::Str {
                bytes,
                truncated,
                path: true,
            } => quote_cstr(l, bytes, truncated, self.opts.quote),
            Value::Str {
                bytes,
                truncated,
                path: false,
            } => quote_cstr_bounded(l, bytes, truncated, self.opts.quote),
            Value::Buf { bytes, len, hex } => {
                let mut q = self.opts.quote;
                if hex {
                    q.hex = super::quote::HexMode::All;
                }
                quote_buf(l, bytes, len, q)
            }
            Value::OpenFlags(f) => flags::print_open_flags(l, f),
            Value::Mode(m) => flags::print_open_mode(l, m),
            Value::AccessMode(m) => flags::print_access_mode(l, m),
            Value::Flags(v, x) => flags::print_flags(l, v, x.entries, x.dflt),
            Value::Val(v, x) => flags::print_xval(l, v, x.entries, x.dflt),
            Value::Sym(ref text) => l.push_str(text),
            Value::Struct { ref fields, more } => {
                l.push('{');
                for (i, (name, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.line.push_str(", ");
                    }
                    self.line.push_str(name);
                    self.line.push('=');
                    self.value(v);
                }
                self.line.push_str(if more { ", ...}" } else { "}" });
            }
            Value::Signal(sig) => match u32::try_from(sig) {
                Ok(n @ 1..=64) => l.push_str(&signal_name(n)),
                _ => {
                    let _ = write!(l, "{sig}");
                }
            },
        }
    }
}

/// Local wall-clock hours, minutes, seconds of a Unix time.
fn local_hms(secs: i64) -> (i32, i32, i32) {
    let t = secs as libc::time_t;
    // SAFETY: localtime_r writes only into `tm`, which we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        let s = secs.rem_euclid(86400) as i32;
        return (s / 3600, s / 60 % 60, s % 60);
    }
    (tm.tm_hour, tm.tm_min, tm.tm_sec)
}

impl<W: Write> Sink for TextSink<W> {
    fn syscall(&mut self, s: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        use std::fmt::Write as _;
        let ev = s.ev;
        self.leader(ev.hdr.tid, ev.hdr.ts, s.label);
        match s.name {
            Some(n) => self.line.push_str(n),
            None => {
                let _ = write!(self.line, "syscall_{:#x}", ev.nr);
            }
        }
        self.line.push('(');
        for (i, v) in s.args.iter().enumerate() {
            if i > 0 {
                self.line.push_str(", ");
            }
            self.value(v);
        }
        let unfinished = ev.has(sysflags::UNFINISHED);
        if unfinished {
            let all_in = s.row.is_some_and(|r| r.args.len() == s.args.len());
            self.line.push_str(if all_in || s.args.is_empty() {
                " <unfinished ...>)"
            } else {
                ",  <unfinished ...>)"
            });
        } else {
            self.line.push(')');
        }
        // Quoting escapes every non-ASCII byte, so bytes are columns.
        let width = self.line.len();
        if width < RESULT_COLUMN {
            self.line
                .extend(std::iter::repeat_n(' ', RESULT_COLUMN - width));
        }
        self.line.push_str(" = ");
        let ret = ev.ret;
        if ev.has(sysflags::NO_RETURN) {
            self.line.push('?');
        } else if (-4095..0).contains(&ret) {
            errno::format_error_return(&mut self.line, (-ret) as i32);
        } else {
            match s.row.map_or(Ret::Int, |r| r.ret) {
                Ret::Addr | Ret::Hex => {
                    let _ = write!(self.line, "{ret:#x}");
                }
                _ => {
                    let _ = write!(self.line, "{ret}");
                }
            }
        }
        if self.opts.syscall_times && !ev.has(sysflags::NO_RETURN) {
            let d = ev.duration_ns;
            let _ = write!(
                self.line,
                " <{}.{:06}>",
                d / 1_000_000_000,
                d % 1_000_000_000 / 1000
            );
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    fn ended(
        &mut self,
        tid: u32,
        ts_ns: u64,
        how: Ending,
        label: Option<&str>,
    ) -> std::io::Result<()> {
        use std::fmt::Write as _;
        if self.opts.quiet_all_exits || self.opts.quiet_exit && matches!(how, Ending::Exited(_)) {
            return Ok(());
        }
        self.leader(tid, ts_ns, label);
        let _ = match how {
            Ending::Exited(c) => writeln!(self.line, "+++ exited with {c} +++"),
            Ending::Killed { sig, core } => writeln!(
                self.line,
                "+++ killed by {}{} +++",
                signal_name(sig),
                if core { " (core dumped)" } else { "" }
            ),
        };
        self.out.write_all(self.line.as_bytes())
    }

    fn signal(
        &mut self,
        tid: u32,
        ts_ns: u64,
        text: &str,
        label: Option<&str>,
    ) -> std::io::Result<()> {
        if self.opts.quiet_all_exits {
            return Ok(());
        }
        self.leader(tid, ts_ns, label);
        self.line.push_str("--- ");
        self.line.push_str(text);
        self.line.push_str(" ---\n");
        self.out.write_all(self.line.as_bytes())
    }

    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        writeln!(
            self.out,
            "!!! tracer: {n} events lost here (ring buffer full) !!!"
        )
    }

    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    fn tasks(&mut self, live: usize) {
        self.live = live;
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
