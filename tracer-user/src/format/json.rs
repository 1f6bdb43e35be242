//! JSON Lines (`--json`): one object per record, fields documented in docs/json.md. Another
//! formatter of the same decoded values as the text lines, never another decoder.
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use super::quote::QuoteOpts;
use super::{Ending, SignalLine, Sink, SyscallLine, errno, text};
use crate::decode::Value;
use crate::table::Ret;
use crate::table::signals::signal_name;
use crate::wire::RawEvent;
use tracer_common::sysflags;

/// The version of the record layout in docs/json.md. Bump it whenever a field is renamed,
/// removed or changes its meaning or type (adding a record type or an optional field too).
pub const SCHEMA_VERSION: u32 = 3;

/// `s` as a JSON string literal.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Bytes as a JSON string: UTF-8 as it is, invalid sequences as U+FFFD.
pub fn bytes_string(out: &mut String, b: &[u8]) {
    string(out, &String::from_utf8_lossy(b));
}

/// Writes `{"k":v,…}` one key at a time.
pub struct Obj<'s> {
    out: &'s mut String,
    first: bool,
}

impl<'s> Obj<'s> {
    pub fn new(out: &'s mut String) -> Self {
        out.push('{');
        Obj { out, first: true }
    }
    /// Starts a field; the caller writes its value into the returned string.
    pub fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, k);
        self.out.push(':');
        self.out
    }
    pub fn str(&mut self, k: &str, v: &str) -> &mut Self {
        let o = self.key(k);
        string(o, v);
        self
    }
    pub fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }
    pub fn num(&mut self, k: &str, v: impl std::fmt::Display) -> &mut Self {
        let o = self.key(k);
        let _ = write!(o, "{v}");
        self
    }
    pub fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.raw(k, if v { "true" } else { "false" })
    }
    /// A value already in JSON.
    pub fn raw(&mut self, k: &str, json: &str) -> &mut Self {
        self.key(k).push_str(json);
        self
    }
    pub fn end(self) {
        self.out.push('}');
    }
}

/// One decoded value as `{"kind":…,"value":…,"text":…}` (and `"raw"`, the register, when
/// given). The single place that knows how each [`Value`] looks in JSON; a variant it doesn't
/// know yet is written with kind `"other"` and strace's text as its value.
pub fn value(out: &mut String, orig: &Value<'_>, raw: Option<u64>, quote: QuoteOpts) {
    // A struct strace abbreviates without -v: JSON always has every field.
    if let Value::Brief { full, .. } = orig {
        return value(out, full, raw, quote);
    }
    // -y: the descriptor itself, with its path beside it (and in the text).
    let (v, path) = match orig {
        Value::WithPath(inner, desc) => (&**inner, Some(desc.text())),
        // -Y: the pid alone (JSON lines carry no process names of other pids yet).
        Value::WithPid(inner, _) => (&**inner, None),
        _ => (orig, None),
    };
    let mut o = Obj::new(out);
    let kind = match v {
        Value::Int(_) => "int",
        Value::Uint(_) => "uint",
        Value::Hex(_) => "hex",
        Value::Fd(_) => "fd",
        Value::DirFd(_) => "dirfd",
        Value::Ptr(_) => "ptr",
        Value::Str { path: true, .. } => "path",
        Value::Str { path: false, .. } => "str",
        Value::Buf { .. } => "buf",
        Value::OpenFlags(_) | Value::Mode(_) | Value::AccessMode(_) | Value::Flags(..) => "flags",
        Value::Val(..) => "const",
        Value::Signal(_) => "signal",
        Value::Struct { .. } => "struct",
        Value::Array { .. } | Value::Set(_) => "array",
        Value::Call(..) => "call",
        Value::Quoted { .. } => "bytes",
        Value::Changed(..) => "changed",
        Value::IfIndex(_) => "ifindex",
        Value::Named(..) => "named",
        #[allow(unreachable_patterns)]
        _ => "other",
    };
    o.str("kind", kind);
    match v {
        Value::Int(i) | Value::Fd(i) | Value::DirFd(i) | Value::Signal(i) => {
            o.num("value", i);
        }
        Value::Uint(u)
        | Value::Hex(u)
        | Value::Ptr(u)
        | Value::OpenFlags(u)
        | Value::Mode(u)
        | Value::AccessMode(u)
        | Value::Flags(u, _)
        | Value::Val(u, _) => {
            o.num("value", u);
        }
        Value::Str {
            bytes, truncated, ..
        } => {
            bytes_string(o.key("value"), bytes);
            o.bool("truncated", *truncated);
        }
        Value::Buf { bytes, len, .. } => {
            bytes_string(o.key("value"), bytes);
            o.num("len", len);
            o.bool("truncated", (bytes.len() as u64) < *len);
        }
        Value::Struct { fields, more } => {
            let f = o.key("value");
            let mut fo = Obj::new(f);
            for (name, fv) in fields {
                value(fo.key(name), fv, None, quote);
            }
            fo.end();
            o.bool("more", *more);
        }
        Value::Array { items, more } => {
            list(o.key("value"), items, quote);
            o.bool("more", *more);
        }
        Value::Set(items) => {
            list(o.key("value"), items, quote);
            o.bool("more", false);
        }
        Value::Call(name, args) => {
            list(o.key("value"), args, quote);
            o.str("function", name);
        }
        Value::Quoted { bytes, .. } => {
            bytes_string(o.key("value"), bytes);
        }
        Value::Changed(before, after) => {
            let mut c = Obj::new(o.key("value"));
            value(c.key("before"), before, None, quote);
            value(c.key("after"), after, None, quote);
            c.end();
        }
        Value::IfIndex(i) => {
            o.num("value", i);
        }
        Value::Named(name, inner) => {
            value(o.key("value"), inner, None, quote);
            o.str("name", name);
        }
        #[allow(unreachable_patterns)]
        _ => {
            o.str("value", &text::value_text(v, quote));
        }
    }
    o.str("text", &text::value_text(orig, quote));
    if let Some(r) = raw {
        o.num("raw", r);
    }
    if let Some(p) = &path {
        o.str("path", p);
    }
    o.end();
}

/// `[arg, …]`: values without raw registers.
fn list(out: &mut String, items: &[Value<'_>], quote: QuoteOpts) {
    out.push('[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        value(out, v, None, quote);
    }
    out.push(']');
}

/// What a record says about its task, beyond its ids.
#[derive(Clone, Default)]
struct Task {
    tgid: u32,
    comm: Option<String>,
    cgroup: Option<String>,
}

/// Names and cgroups of the tasks seen: from exec records, inherited at fork, else read from
/// /proc at first sight (None when the task is already gone).
#[derive(Default)]
pub struct Tasks {
    by_tid: HashMap<u32, Task>,
    cgroup_by_id: HashMap<u64, Option<String>>,
}

impl Tasks {
    fn get(&mut self, tid: u32, tgid: u32) -> &Task {
        self.by_tid.entry(tid).or_insert_with(|| Task {
            tgid,
            comm: std::fs::read_to_string(format!("/proc/{tid}/comm"))
                .ok()
                .map(|c| c.trim_end().to_owned()),
            cgroup: crate::target::cgroup_of_pid(tgid),
        })
    }

    /// Comm and cgroup of `tid` (process `tgid`).
    pub fn describe(&mut self, tid: u32, tgid: u32) -> (Option<String>, Option<String>) {
        let t = self.get(tid, tgid);
        (t.comm.clone(), t.cgroup.clone())
    }

    /// Follows fork and exec records.
    pub fn process(&mut self, ev: &RawEvent<'_>) {
        match ev {
            RawEvent::Fork {
                hdr,
                child_tid,
                child_tgid,
            } => {
                let mut child = self.get(hdr.tid, hdr.tgid).clone();
                child.tgid = *child_tgid;
                self.by_tid.insert(*child_tid, child);
            }
            RawEvent::Exec {
                hdr,
                old_tid,
                comm,
                cgroup_id,
                ..
            } => {
                self.by_tid.remove(old_tid);
                let cgroup = self
                    .cgroup_by_id
                    .entry(*cgroup_id)
                    .or_insert_with(|| crate::target::cgroup_path_of_id(*cgroup_id))
                    .clone();
                self.by_tid.insert(
                    hdr.tid,
                    Task {
                        tgid: hdr.tgid,
                        comm: Some(String::from_utf8_lossy(comm).into_owned()),
                        cgroup,
                    },
                );
            }
            _ => {}
        }
    }

    /// The process of thread `tid`: as seen in its records, else from /proc, else itself.
    pub fn tgid(&self, tid: u32) -> u32 {
        match self.by_tid.get(&tid) {
            Some(t) => t.tgid,
            None => crate::target::tgid_of(tid).unwrap_or(tid),
        }
    }

    pub fn forget(&mut self, tid: u32) {
        self.by_tid.remove(&tid);
    }
}

/// The kernel release, as `uname -r` prints it.
pub fn kernel_release() -> String {
    // SAFETY: uname writes only into `u`, which we own.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::uname(&mut u) } != 0 {
        return String::new();
    }
    let bytes: Vec<u8> = u
        .release
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// UTC time of `epoch_ns` as RFC 3339 with microseconds.
pub fn rfc3339(epoch_ns: i64) -> String {
    let secs = epoch_ns.div_euclid(1_000_000_000);
    let micros = epoch_ns.rem_euclid(1_000_000_000) / 1000;
    let t = secs as libc::time_t;
    // SAFETY: gmtime_r writes only into `tm`, which we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call.
    if unsafe { libc::gmtime_r(&t, &mut tm) }.is_null() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec
    )
}

/// `--json`: one JSON object per line.
pub struct JsonSink<W: Write> {
    out: W,
    quote: QuoteOpts,
    mono_to_real_ns: i64,
    tasks: Tasks,
    line: String,
}

impl<W: Write> JsonSink<W> {
    /// Writes the header line at once.
    pub fn new(out: W, quote: QuoteOpts, mono_to_real_ns: i64) -> std::io::Result<Self> {
        let mut s = JsonSink {
            out,
            quote,
            mono_to_real_ns,
            tasks: Tasks::default(),
            line: String::with_capacity(512),
        };
        let mut o = Obj::new(&mut s.line);
        o.str("type", "header")
            .num("schema", SCHEMA_VERSION)
            .str("tracer", env!("CARGO_PKG_VERSION"))
            .str("kernel", &kernel_release())
            .str("arch", std::env::consts::ARCH)
            .num("wire", tracer_common::WIRE_VERSION)
            .num("realtime_offset_ns", mono_to_real_ns);
        o.end();
        s.emit()?;
        Ok(s)
    }

    fn emit(&mut self) -> std::io::Result<()> {
        self.line.push('\n');
        let r = self.out.write_all(self.line.as_bytes());
        self.line.clear();
        r
    }

    /// The fields every task record starts with.
    fn task_fields(&mut self, kind: &str, ts: u64, tid: u32, tgid: u32) -> String {
        let (comm, cgroup) = self.tasks.describe(tid, tgid);
        let mut s = String::with_capacity(256);
        let mut o = Obj::new(&mut s);
        o.str("type", kind)
            .num("ts", ts)
            .str("time", &rfc3339(ts as i64 + self.mono_to_real_ns))
            .num("pid", tgid)
            .num("tid", tid)
            .opt_str("comm", comm.as_deref())
            .opt_str("cgroup", cgroup.as_deref());
        // Left open (no end()): the caller adds its own fields.
        s
    }

    /// A signal delivered to `tid`: `{"type":"signal",…}` (for the sink's `signal` event).
    pub fn signal_record(
        &mut self,
        tid: u32,
        ts: u64,
        sig: u32,
        info: Option<&Value<'_>>,
    ) -> std::io::Result<()> {
        let tgid = self.tasks.tgid(tid);
        let head = self.task_fields("signal", ts, tid, tgid);
        let quote = self.quote;
        self.line = join(head, |o| {
            o.str("signal", &signal_name(sig));
            match info {
                Some(v) => value(o.key("info"), v, None, quote),
                None => {
                    o.raw("info", "null");
                }
            }
        });
        self.emit()
    }
}

/// Appends the fields of `more` (an object) to `head` (an object left open).
fn join(head: String, more: impl FnOnce(&mut Obj<'_>)) -> String {
    let mut tail = String::with_capacity(512);
    let mut o = Obj::new(&mut tail);
    more(&mut o);
    o.end();
    let mut s = head;
    if tail.len() > 2 {
        s.push(',');
        s.push_str(&tail[1..]);
    } else {
        s.push('}');
    }
    s
}

impl<W: Write> Sink for JsonSink<W> {
    fn signal(&mut self, line: &SignalLine<'_>) -> std::io::Result<()> {
        if line.stop_only {
            // The signal's own record came at its delivery.
            return Ok(());
        }
        self.signal_record(line.tid, line.ts, line.sig, line.info.as_ref())
    }

    /// One record per call, at its exit: an entry shown apart by the text output is skipped.
    fn syscall(&mut self, s: &SyscallLine<'_, '_>) -> std::io::Result<()> {
        let Some(whole) = s.as_whole() else {
            return Ok(());
        };
        let s = &whole;
        let ev = s.ev;
        let head = self.task_fields("syscall", ev.hdr.ts, ev.hdr.tid, ev.hdr.tgid);
        let quote = self.quote;
        let no_return = ev.has(sysflags::NO_RETURN);
        let ret = ev.ret;
        let failed = !no_return && (-4095..0).contains(&ret);
        let mut ret_text = String::new();
        if no_return {
            ret_text.push('?');
        } else if failed {
            errno::format_error_return(&mut ret_text, (-ret) as i32);
        } else {
            match s.row.map_or(Ret::Int, |r| r.ret) {
                Ret::Addr | Ret::Hex => {
                    let _ = write!(ret_text, "{ret:#x}");
                }
                _ => {
                    let _ = write!(ret_text, "{ret}");
                }
            }
        }
        let name = match s.name {
            Some(n) => n.to_owned(),
            None => format!("syscall_{:#x}", ev.nr),
        };
        self.line = join(head, |o| {
            o.str("name", &name).num("nr", ev.nr);
            let a = o.key("args");
            a.push('[');
            for (i, v) in s.args.iter().enumerate() {
                if i > 0 {
                    a.push(',');
                }
                value(a, v, ev.args.get(i).copied(), quote);
            }
            a.push(']');
            if no_return {
                o.raw("ret", "null");
            } else {
                o.num("ret", ret);
            }
            o.str("ret_text", &ret_text);
            o.opt_str(
                "errno",
                if failed {
                    crate::table::errno::errno_name((-ret) as i32)
                } else {
                    None
                },
            );
            if no_return {
                o.raw("duration_ns", "null");
            } else {
                o.num("duration_ns", ev.duration_ns);
            }
            o.bool("unfinished", ev.has(sysflags::UNFINISHED));
            o.bool("injected", ev.has(sysflags::INJECTED));
            o.bool("injected_args", ev.has(sysflags::INJECTED_ARGS));
            o.bool("delayed", ev.has(sysflags::DELAYED));
            o.str("text", &text::line_text(s, quote));
        });
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
        let head = self.task_fields("exit", ts_ns, tid, tgid);
        self.line = join(head, |o| match how {
            Ending::Exited(c) => {
                o.num("exit_code", c).raw("signal", "null");
                o.bool("core_dumped", false);
            }
            Ending::Killed { sig, core } => {
                o.raw("exit_code", "null").str("signal", &signal_name(sig));
                o.bool("core_dumped", core);
            }
        });
        self.tasks.forget(tid);
        self.emit()
    }

    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        let mut o = Obj::new(&mut self.line);
        o.str("type", "lost").num("count", n);
        o.end();
        self.emit()
    }

    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let mut o = Obj::new(&mut self.line);
        o.str("type", "text").str("text", text);
        o.end();
        self.emit()
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
                let head = self.task_fields("fork", hdr.ts, hdr.tid, hdr.tgid);
                self.line = join(head, |o| {
                    o.num("child_pid", child_tgid)
                        .num("child_tid", child_tid)
                        .bool("thread", *child_tgid == hdr.tgid);
                });
                self.emit()
            }
            RawEvent::Exec {
                hdr,
                old_tid,
                filename,
                ..
            } => {
                self.tasks.process(ev);
                let head = self.task_fields("exec", hdr.ts, hdr.tid, hdr.tgid);
                let file = String::from_utf8_lossy(filename).into_owned();
                self.line = join(head, |o| {
                    o.num("old_tid", old_tid).str("filename", &file);
                });
                self.emit()
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\n\t\u{1}\u{7f}é");
        assert_eq!(s, r#""a\"b\\c\n\t\u0001\u007fé""#);
        let mut s = String::new();
        bytes_string(&mut s, b"x\xffy");
        assert_eq!(s, "\"x\u{fffd}y\"");
    }

    #[test]
    fn values_carry_kind_value_text_and_raw() {
        let q = QuoteOpts::default();
        let mut s = String::new();
        value(&mut s, &Value::DirFd(-100), Some(0xffff_ff9c), q);
        assert_eq!(
            s,
            r#"{"kind":"dirfd","value":-100,"text":"AT_FDCWD","raw":4294967196}"#
        );
        let mut s = String::new();
        let v = Value::Struct {
            fields: vec![("st_size", Value::Uint(5))],
            more: true,
        };
        value(&mut s, &v, Some(0x1000), q);
        assert_eq!(
            s,
            r#"{"kind":"struct","value":{"st_size":{"kind":"uint","value":5,"text":"5"}},"more":true,"text":"{st_size=5, ...}","raw":4096}"#
        );
        let mut s = String::new();
        let v = Value::Buf {
            bytes: b"ab\n",
            len: 10,
            hex: false,
        };
        value(&mut s, &v, Some(1), q);
        assert_eq!(
            s,
            r#"{"kind":"buf","value":"ab\n","len":10,"truncated":true,"text":"\"ab\\n\"...","raw":1}"#
        );
    }

    #[test]
    fn abbreviated_structs_are_whole() {
        let q = QuoteOpts::default();
        let v = Value::brief(
            Value::Struct {
                fields: vec![("a", Value::Int(1))],
                more: true,
            },
            Value::Struct {
                fields: vec![("a", Value::Int(1)), ("b", Value::Int(2))],
                more: false,
            },
        );
        let mut s = String::new();
        value(&mut s, &v, Some(7), q);
        assert_eq!(
            s,
            r#"{"kind":"struct","value":{"a":{"kind":"int","value":1,"text":"1"},"b":{"kind":"int","value":2,"text":"2"}},"more":false,"text":"{a=1, b=2}","raw":7}"#
        );
    }

    #[test]
    fn utc_times() {
        assert_eq!(rfc3339(1_000_000_123_456), "1970-01-01T00:16:40.000123Z");
    }
}
