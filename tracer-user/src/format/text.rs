//! strace's text lines.
use std::io::Write;

use super::quote::{QuoteOpts, quote_buf, quote_cstr, quote_cstr_bounded};
use super::{
    Ending, Part, SignalLine, Sink, SyscallLine, TimeFormat, TimeSpec, Who, XlatStyle, errno, flags,
};
use crate::decode::Value;
use crate::decode::dump::Dump;
use crate::table::Ret;
use crate::table::signals::signal_name;
use tracer_common::sysflags;

/// strace's default `-a`: results start at this column.
pub const DEFAULT_COLUMNS: usize = 40;

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

#[derive(Clone, Copy, Debug)]
pub struct TextOpts {
    pub quote: QuoteOpts,
    pub pid_prefix: PidPrefix,
    /// `-t`, `--timestamps`: the time of day or since the epoch.
    pub timestamps: Option<TimeSpec>,
    /// `-r`: the time since the previous line, with this many digits after the point.
    pub relative: Option<u8>,
    /// `-T`: time spent in each syscall, with this many digits after the point.
    pub syscall_times: Option<u8>,
    /// `-n`: the syscall number.
    pub syscall_number: bool,
    /// `-i`: the instruction pointer at entry.
    pub ip: bool,
    /// `-qq`: no `+++ exited with` lines.
    pub quiet_exit: bool,
    /// `--quiet=thread-execve`: no `+++ superseded by execve in pid N +++` lines.
    pub quiet_superseded: bool,
    /// `-c`: no `+++ exited` or `+++ killed` lines either.
    pub quiet_all_exits: bool,
    /// Add to a CLOCK_MONOTONIC timestamp to get CLOCK_REALTIME.
    pub mono_to_real_ns: i64,
    /// ANSI colours on the syscall name, the return value and errors (a terminal only).
    pub color: bool,
    /// `-v`: arrays whole; without it, `-s` elements of an array, then `...`.
    pub verbose: bool,
    /// `-a`: a call shorter than this is padded so that `= ` starts here; a longer one is
    /// followed by ` = `.
    pub columns: usize,
    /// `-X`: how constants and flags are spelled.
    pub xlat: XlatStyle,
}

impl TextOpts {
    /// Bare lines: no prefix, no times, no colour; only quoting as `quote` says.
    pub fn plain(quote: QuoteOpts) -> Self {
        TextOpts {
            quote,
            pid_prefix: PidPrefix::Never,
            timestamps: None,
            relative: None,
            syscall_times: None,
            syscall_number: false,
            ip: false,
            quiet_exit: false,
            quiet_superseded: false,
            quiet_all_exits: false,
            mono_to_real_ns: 0,
            color: false,
            verbose: false,
            columns: DEFAULT_COLUMNS,
            xlat: XlatStyle::Abbrev,
        }
    }
}

/// ANSI colours of `--color`: the syscall name, a successful result, an error.
const COLOR_NAME: &str = "\x1b[1;34m";
const COLOR_RET: &str = "\x1b[32m";
const COLOR_ERR: &str = "\x1b[31m";
const COLOR_OFF: &str = "\x1b[0m";

/// How strace shows one decoded value (`O_RDONLY|O_CLOEXEC`, `"/etc/hostname"`, `{st_mode=…}`):
/// what other formats fall back on for values they have no structure for.
pub fn value_text(v: &Value<'_>, quote: QuoteOpts) -> String {
    value_text_with(v, TextOpts::plain(quote))
}

/// [`value_text`] with all of the text options (`-v`).
pub fn value_text_with(v: &Value<'_>, opts: TextOpts) -> String {
    let mut t = TextSink::new(std::io::sink(), opts);
    t.value(v);
    std::mem::take(&mut t.line)
}

/// A syscall's whole strace line, without prefix, padding or newline.
pub fn line_text(line: &SyscallLine<'_, '_>, quote: QuoteOpts) -> String {
    // No column to pad ` = ` to.
    let opts = TextOpts {
        columns: 0,
        ..TextOpts::plain(quote)
    };
    let mut t = TextSink::new(Vec::new(), opts);
    let _ = t.syscall(line);
    let s = String::from_utf8_lossy(&t.out).into_owned();
    s.trim_end_matches('\n').to_owned()
}

pub struct TextSink<W: Write> {
    out: W,
    opts: TextOpts,
    live: usize,
    line: String,
    /// The columns of a call's start written without its end (strace's open line), if any.
    open_width: Option<usize>,
    /// `-r`: when the previous line began.
    last_line_ts: Option<u64>,
    /// `-n`: each task's last syscall, for its signal and exit lines.
    last_nr: std::collections::HashMap<u32, u32>,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, opts: TextOpts) -> Self {
        TextSink {
            out,
            opts,
            live: 1,
            line: String::with_capacity(256),
            open_width: None,
            last_line_ts: None,
            last_nr: std::collections::HashMap::new(),
        }
    }

    /// What starts a line: the pid, the times, the syscall number and the instruction
    /// pointer (strace's `printleader`), in strace's order. `nr` and `ip` are the call's: other
    /// lines show the task's last call's number and an unknown instruction pointer.
    fn leader(&mut self, tid: u32, ts_ns: u64, who: Who<'_>, call: Option<(u32, u64)>) {
        use std::fmt::Write as _;
        if let Some((nr, _)) = call {
            self.last_nr.insert(tid, nr);
        }
        let l = &mut self.line;
        l.clear();
        let label = who.label.unwrap_or("");
        let sep = if label.is_empty() { "" } else { " " };
        // -Y: the name right after the pid (strace pads no pid followed by one).
        let comm = who.comm.filter(|c| !c.is_empty());
        let bracket = match self.opts.pid_prefix {
            PidPrefix::Always => {
                match comm {
                    Some(c) => {
                        let _ = write!(l, "{tid}");
                        push_angled(l, c);
                    }
                    None => {
                        let _ = write!(l, "{tid:<5}");
                    }
                }
                let _ = write!(l, " {label}{sep}");
                false
            }
            PidPrefix::Bracket => true,
            PidPrefix::WhenSeveral => self.live > 1,
            _ => false,
        };
        if bracket {
            let _ = write!(l, "[pid {tid:>5}");
            if let Some(c) = comm {
                push_angled(l, c);
            }
            let _ = write!(l, "{sep}{label}] ");
        }
        if let Some(t) = self.opts.timestamps {
            let real = ts_ns as i64 + self.opts.mono_to_real_ns;
            let (secs, nsec) = (
                real.div_euclid(1_000_000_000),
                real.rem_euclid(1_000_000_000),
            );
            match t.format {
                TimeFormat::Unix => {
                    let _ = write!(l, "{secs}");
                }
                TimeFormat::Time => {
                    let (h, m, s) = local_hms(secs);
                    let _ = write!(l, "{h:02}:{m:02}:{s:02}");
                }
            }
            push_fraction(l, nsec as u64, t.digits);
            l.push(' ');
        }
        if let Some(digits) = self.opts.relative {
            let delta = match self.last_line_ts {
                Some(prev) => ts_ns.saturating_sub(prev),
                None => 0,
            };
            self.last_line_ts = Some(ts_ns);
            let with_t = self.opts.timestamps.is_some();
            if with_t {
                l.push_str("(+");
            }
            let _ = write!(l, "{:6}", delta / 1_000_000_000);
            push_fraction(l, delta % 1_000_000_000, digits);
            l.push_str(if with_t { ") " } else { " " });
        }
        if self.opts.syscall_number {
            match call
                .map(|(nr, _)| nr)
                .or_else(|| self.last_nr.get(&tid).copied())
            {
                Some(nr) => {
                    let _ = write!(l, "[{nr:4}] ");
                }
                None => l.push_str("[????] "),
            }
        }
        if self.opts.ip {
            match call {
                Some((_, ip)) => {
                    let _ = write!(l, "[{ip:016x}] ");
                }
                None => l.push_str("[????????????????] "),
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
            Value::DirFd(fd) => flags::print_dirfd(l, fd, self.opts.xlat),
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
            Value::OpenFlags(f) => flags::print_open_flags(l, f, self.opts.xlat),
            Value::Mode(m) => flags::print_open_mode(l, m),
            Value::AccessMode(m) => flags::print_access_mode(l, m, self.opts.xlat),
            Value::Flags(v, x) => flags::print_flags(l, v, x.entries, x.dflt, self.opts.xlat),
            Value::Val(v, x) => flags::print_xval(l, v, x, self.opts.xlat),
            Value::Or(ref parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        self.line.push('|');
                    }
                    self.value(p);
                }
            }
            Value::Coded { ref raw, ref sym } => match self.opts.xlat {
                XlatStyle::Abbrev => self.value(sym),
                XlatStyle::Raw => self.value(raw),
                XlatStyle::Verbose => {
                    self.value(raw);
                    self.line.push_str(" /* ");
                    self.value(sym);
                    self.line.push_str(" */");
                }
            },
            Value::SigSet { mask, nbits } => self.sigset(mask, nbits),
            Value::Word(w) => l.push_str(w),
            Value::Comment(ref v, ref c) => {
                self.value(v);
                self.line.push_str(" /* ");
                self.value(c);
                self.line.push_str(" */");
            }
            Value::Count { n, one, many } => {
                let _ = write!(l, "{n} {}", if n == 1 { one } else { many });
            }
            Value::Dated {
                ref value,
                sec,
                nsec,
            } => {
                self.value(value);
                if let Some(d) = date(sec, nsec) {
                    self.line.push_str(" /* ");
                    self.line.push_str(&d);
                    self.line.push_str(" */");
                }
            }
            Value::Ticks(t) => {
                let _ = write!(l, "{t}");
                if t != 0 && self.opts.xlat != XlatStyle::Raw {
                    let _ = write!(l, " /* {}.{:02} s */", t / 100, t % 100);
                }
            }
            Value::Kib(k) => {
                let _ = write!(l, "{k}*1024");
            }
            Value::Seq(ref parts) => {
                for p in parts {
                    self.value(p);
                }
            }
            Value::WaitStatus(st) => wait_status(l, st),
            Value::HexPad(v, width) => {
                let width = usize::from(width);
                if v == 0 {
                    l.extend(std::iter::repeat_n('0', width));
                } else {
                    let _ = write!(l, "{v:#0width$x}");
                }
            }
            Value::Struct { ref fields, more } => {
                l.push('{');
                for (i, (name, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.line.push_str(", ");
                    }
                    if !name.is_empty() {
                        self.line.push_str(name);
                        self.line.push('=');
                    }
                    self.value(v);
                }
                self.line.push_str(if more { ", ...}" } else { "}" });
            }
            Value::WithPath(ref inner, ref desc) => {
                self.value(inner);
                push_fd_desc(&mut self.line, desc);
            }
            Value::WithPid(ref inner, ref info) => {
                self.value(inner);
                push_pid_info(&mut self.line, info);
            }
            Value::Call(name, ref args) => {
                l.push_str(name);
                l.push('(');
                self.values(args);
                self.line.push(')');
            }
            Value::Quoted {
                ref bytes,
                nul,
                prefix,
            } => {
                l.push_str(prefix);
                if nul {
                    quote_cstr(l, bytes, false, self.opts.quote);
                } else {
                    let q = QuoteOpts {
                        max: usize::MAX,
                        ..self.opts.quote
                    };
                    quote_buf(l, bytes, bytes.len() as u64, q);
                }
            }
            Value::Changed(ref before, ref after) => {
                self.value(before);
                self.line.push_str(" => ");
                self.value(after);
            }
            Value::IfIndex(i) => match if_name(i) {
                Some(name) => {
                    l.push_str("if_nametoindex(");
                    quote_cstr(l, &name, false, self.opts.quote);
                    l.push(')');
                }
                None => {
                    let _ = write!(l, "{i}");
                }
            },
            Value::Set(ref items) => {
                l.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        self.line.push(' ');
                    }
                    self.value(v);
                }
                self.line.push(']');
            }
            Value::Array { ref items, more } => {
                // strace shows `-s` elements of an array without -v (decoders that copy a
                // whole array leave the cut to here).
                let limit = if self.opts.verbose {
                    usize::MAX
                } else {
                    self.opts.quote.max
                };
                let more = more || items.len() > limit;
                l.push('[');
                for (i, v) in items.iter().take(limit).enumerate() {
                    if i > 0 {
                        self.line.push_str(", ");
                    }
                    self.value(v);
                }
                if more {
                    self.line.push_str(if items.is_empty() || limit == 0 {
                        "..."
                    } else {
                        ", ..."
                    });
                }
                self.line.push(']');
            }
            Value::Named(name, ref v) => {
                l.push_str(name);
                l.push('=');
                self.value(v);
            }
            Value::Brief {
                ref brief,
                ref full,
            } => {
                if self.opts.verbose {
                    self.value(full);
                } else {
                    self.value(brief);
                }
            }
            Value::Signal(sig) => match u32::try_from(sig) {
                Ok(n @ 1..=64) => {
                    flags::print_named(l, &n.to_string(), &signal_name(n), self.opts.xlat)
                }
                _ => {
                    let _ = write!(l, "{sig}");
                }
            },
        }
    }
}

impl<W: Write> TextSink<W> {
    /// A signal set as strace prints it: names without `SIG`, space-separated; when two thirds
    /// or more of the bits are set, the complement after `~`. `-X raw` prints the numbers,
    /// `-X verbose` the numbers with the names in comments.
    fn sigset(&mut self, mask: u64, nbits: u32) {
        let nbits = nbits.min(64);
        let all = if nbits >= 64 {
            u64::MAX
        } else {
            (1u64 << nbits) - 1
        };
        let mut bits = mask & all;
        let l = &mut self.line;
        if bits.count_ones() >= nbits * 2 / 3 && nbits > 0 {
            l.push('~');
            bits = !bits & all;
        }
        l.push('[');
        let mut first = true;
        for i in 0..nbits {
            if bits & (1 << i) == 0 {
                continue;
            }
            if !first {
                l.push(' ');
            }
            first = false;
            let name = signal_name(i + 1);
            let short = name.strip_prefix("SIG").unwrap_or(&name);
            flags::print_named(l, &(i + 1).to_string(), short, self.opts.xlat);
        }
        l.push(']');
    }
}

/// A wait status as strace prints it: `{WIFEXITED(s) && WEXITSTATUS(s) == 0}`, with the bits
/// the macros leave out after it (`{…} | 0x80 << 16`); a status no macro explains in hex.
fn wait_status(l: &mut String, st: u32) {
    use std::fmt::Write as _;
    let rest = if st & 0xff == 0x7f {
        let n = (st >> 8) & 0xff;
        let extra = if n & 0x80 != 0 { " | 0x80" } else { "" };
        let _ = write!(
            l,
            "{{WIFSTOPPED(s) && WSTOPSIG(s) == {}{extra}}}",
            signal_name(n & 0x7f)
        );
        st & !0xff7f
    } else if st & 0x7f != 0 && st & 0x7f != 0x7f {
        let core = if st & 0x80 != 0 {
            " && WCOREDUMP(s)"
        } else {
            ""
        };
        let _ = write!(
            l,
            "{{WIFSIGNALED(s) && WTERMSIG(s) == {}{core}}}",
            signal_name(st & 0x7f)
        );
        st & !0xff
    } else if st & 0x7f == 0 {
        let _ = write!(
            l,
            "{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}",
            (st >> 8) & 0xff
        );
        st & !0xff00
    } else if st & 0xffff == 0xffff {
        l.push_str("{WIFCONTINUED(s)}");
        st & !0xffff
    } else {
        let _ = write!(l, "{st:#x}");
        return;
    };
    if rest >> 16 != 0 {
        let _ = write!(l, " | {:#x} << 16", rest >> 16);
    }
    if rest & 0xffff != 0 {
        let _ = write!(l, " | {:#x}", rest & 0xffff);
    }
}

/// A time as strace comments it: local `2024-01-31T12:00:00.000000001+0100`; none for the
/// epoch itself or an invalid nanosecond count.
pub(crate) fn date(sec: i64, nsec: i64) -> Option<String> {
    if (sec == 0 && nsec == 0) || !(0..1_000_000_000).contains(&nsec) {
        return None;
    }
    let t = libc::time_t::try_from(sec).ok()?;
    // SAFETY: localtime_r writes only into `tm`, which we own; both pointers are valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return None;
    }
    let frac = if nsec > 0 {
        format!(".{nsec:09}")
    } else {
        String::new()
    };
    let off = tm.tm_gmtoff;
    let (sign, off) = if off < 0 { ('-', -off) } else { ('+', off) };
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{frac}{sign}{:02}{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        off / 3600,
        off / 60 % 60
    ))
}

/// What `-y` prints after a descriptor: `<path>`, `</dev/null<char 1:3>>`, `<pid:1234>`.
fn push_fd_desc(l: &mut String, desc: &crate::decode::FdDesc) {
    use crate::decode::FdDesc;
    use std::fmt::Write as _;
    match desc {
        FdDesc::Path(p) => push_fd_path(l, p),
        FdDesc::Device {
            path,
            block,
            major,
            minor,
        } => {
            push_fd_path(l, path);
            l.pop();
            let kind = if *block { "block" } else { "char" };
            let _ = write!(l, "<{kind} {major}:{minor}>>");
        }
        FdDesc::Pid(p) => {
            let _ = write!(l, "<pid:{p}>");
        }
        // strace prints socket details as they are: the quotes of a unix path are its own.
        FdDesc::Socket(s) => {
            let _ = write!(l, "<{s}>");
        }
    }
}

/// `-y`'s `<path>` after a descriptor, escaped as strace escapes it: C escapes for control
/// characters, octal for other unprintable bytes and for the `<` `>` that would end it early.
/// What strace prints after the return value of a call `-e inject=` tampered with
/// (`print_injected_note`): ` (INJECTED)` for a replaced result, ` (INJECTED: args)` for
/// written argument memory, both as ` (INJECTED: args, retval)`, then ` (DELAYED)`.
pub fn injected_note(flags: u32) -> &'static str {
    let retval = flags & sysflags::INJECTED != 0;
    let args = flags & sysflags::INJECTED_ARGS != 0;
    let delayed = flags & sysflags::DELAYED != 0;
    match (retval, args, delayed) {
        (false, false, false) => "",
        (true, false, false) => " (INJECTED)",
        (false, true, false) => " (INJECTED: args)",
        (true, true, false) => " (INJECTED: args, retval)",
        (false, false, true) => " (DELAYED)",
        (true, false, true) => " (INJECTED) (DELAYED)",
        (false, true, true) => " (INJECTED: args) (DELAYED)",
        (true, true, true) => " (INJECTED: args, retval) (DELAYED)",
    }
}

fn push_fd_path(l: &mut String, path: &str) {
    push_angled(l, path.as_bytes());
}

/// What strace prints after a pid with `-Y` and `--decode-pids=pidns`: `<comm>`, then
/// ` /* N in tracer's PID NS */`.
fn push_pid_info(l: &mut String, info: &crate::decode::PidInfo) {
    use std::fmt::Write as _;
    if let Some(c) = &info.comm {
        push_angled(l, c);
    }
    if let Some(n) = info.outer {
        let _ = write!(l, " /* {n} in tracer's PID NS */");
    }
}

/// `<text>` after a descriptor or a pid (`-y`'s path, `-Y`'s process name), escaped as strace
/// escapes it: C escapes for control characters, octal for other unprintable bytes and for the
/// `<` `>` that would end it early.
fn push_angled(l: &mut String, b: &[u8]) {
    use std::fmt::Write as _;
    l.push('<');
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\t' => l.push_str("\\t"),
            b'\n' => l.push_str("\\n"),
            b'\r' => l.push_str("\\r"),
            b'\\' | b'"' => {
                l.push('\\');
                l.push(c as char);
            }
            b' '..=b'~' if c != b'<' && c != b'>' => l.push(c as char),
            _ => {
                // Three digits only when a digit follows, as strace does.
                if b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    let _ = write!(l, "\\{c:03o}");
                } else {
                    let _ = write!(l, "\\{c:o}");
                }
            }
        }
    }
    l.push('>');
}

impl<W: Write> TextSink<W> {
    /// Values separated by `, `.
    fn values(&mut self, vs: &[Value<'_>]) {
        for (i, v) in vs.iter().enumerate() {
            if i > 0 {
                self.line.push_str(", ");
            }
            self.value(v);
        }
    }
}

/// The name of network interface `index` in tracer's network namespace, as strace shows it.
fn if_name(index: u32) -> Option<Vec<u8>> {
    let mut buf = [0u8; libc::IF_NAMESIZE];
    // SAFETY: if_indextoname writes at most IF_NAMESIZE bytes into `buf`.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr().cast()) };
    if p.is_null() {
        return None;
    }
    let n = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Some(buf[..n].to_vec())
}

/// strace's hex dump of `b`: 16 bytes a line, ` | OFFSET  xx xx … xx  xx … xx  ASCII |`, the
/// offset in at least five hex digits.
fn hex_dump(out: &mut String, b: &[u8]) {
    use std::fmt::Write as _;
    let len = b.len();
    let width = if len > 1 << 20 {
        1 + (63 - (len as u64 - 1).leading_zeros() as usize) / 4
    } else {
        5
    };
    for (line, chunk) in b.chunks(16).enumerate() {
        let _ = write!(out, " | {:0width$x}  ", line * 16);
        for i in 0..16 {
            match chunk.get(i) {
                Some(c) => {
                    let _ = write!(out, "{c:02x} ");
                }
                None => out.push_str("   "),
            }
            if i == 7 || i == 15 {
                out.push(' ');
            }
        }
        for i in 0..16 {
            out.push(match chunk.get(i) {
                Some(&c) if (0x20..0x7f).contains(&c) => c as char,
                Some(_) => '.',
                None => ' ',
            });
        }
        out.push_str(" |\n");
    }
}

/// `.` and the first `digits` digits of `nsec` nanoseconds (none for 0 digits).
fn push_fraction(l: &mut String, nsec: u64, digits: u8) {
    use std::fmt::Write as _;
    if digits == 0 {
        return;
    }
    let digits = u32::from(digits.min(9));
    let v = nsec / 10u64.pow(9 - digits);
    let _ = write!(l, ".{v:0width$}", width = digits as usize);
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
        // `-e abbrev=`: arrays and structures whole for the calls left out.
        self.opts.verbose = !s.abbrev;
        let ev = s.ev;
        let unfinished = ev.has(sysflags::UNFINISHED);
        let color = self.opts.color;
        // Bytes of colour codes in the line: they take no column.
        let mut invisible = 0;
        // The end of an open line that something else closed meanwhile is a resumed line.
        let part = match s.part {
            Part::Rest { skip } if self.open_width.is_none() => Part::Resumed { skip },
            p => p,
        };
        // Columns already on the line: the start of a call shown while it was open.
        let mut shown = 0;
        match part {
            Part::Rest { .. } => {
                shown = self.open_width.take().unwrap_or(0);
                self.line.clear();
            }
            _ => {
                // A line left open can't be continued by another call's line.
                self.close_open()?;
                let resumed = matches!(part, Part::Resumed { .. });
                // A resumed line is printed at the call's exit, and strace stamps it with that
                // time.
                let ts = if resumed && !unfinished {
                    ev.hdr.ts.saturating_add(ev.duration_ns)
                } else {
                    ev.hdr.ts
                };
                self.leader(ev.hdr.tid, ts, s.who, Some((ev.nr, ev.ip)));
                if resumed {
                    self.line.push_str("<... ");
                }
                if color {
                    self.line.push_str(COLOR_NAME);
                    invisible += COLOR_NAME.len() + COLOR_OFF.len();
                }
                match s.name {
                    Some(n) => self.line.push_str(n),
                    None => {
                        let _ = write!(self.line, "syscall_{:#x}", ev.nr);
                    }
                }
                if color {
                    self.line.push_str(COLOR_OFF);
                }
                self.line.push_str(if resumed { " resumed>" } else { "(" });
            }
        }
        let args: &[Value<'_>] = match part {
            // A call its task died in shows nothing more after its entry.
            Part::Resumed { .. } | Part::Rest { .. } if unfinished => &[],
            Part::Resumed { skip } | Part::Rest { skip } => s.args.get(skip..).unwrap_or(&[]),
            _ => &s.args,
        };
        // The entry part ended inside the argument list (clone3's struct): the rest continues
        // it, after what the kernel changed in the last argument shown.
        let continued = match part {
            Part::Resumed { skip } | Part::Rest { skip } if !unfinished && skip > 0 => {
                let last = s.row.and_then(|r| r.args.get(skip - 1));
                if last.is_some_and(|&a| crate::decode::ends_entry(a)) {
                    if let Some(Value::Changed(_, after)) = s.args.get(skip - 1) {
                        self.line.push_str(" => ");
                        self.value(after);
                    }
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        for (i, v) in args.iter().enumerate() {
            if i > 0 || continued {
                self.line.push_str(", ");
            }
            self.value(v);
        }
        // strace prints the arguments known at entry, each followed by `, ` unless the call has
        // no more; `<unfinished ...>` then follows after a space.
        let more = s
            .row
            .is_some_and(|r| r.args.iter().any(|&a| crate::decode::is_out(a)))
            && !s.args.is_empty();
        match part {
            Part::Open => {
                if more {
                    self.line.push_str(", ");
                }
                self.open_width = Some(self.line.len() - invisible);
                return self.out.write_all(self.line.as_bytes());
            }
            Part::Entry => {
                self.line.push_str(if more {
                    ",  <unfinished ...>\n"
                } else {
                    " <unfinished ...>\n"
                });
                return self.out.write_all(self.line.as_bytes());
            }
            Part::Detached => {
                self.line.push_str(if more {
                    ",  <detached ...>\n"
                } else {
                    " <detached ...>\n"
                });
                return self.out.write_all(self.line.as_bytes());
            }
            Part::PidChanged(to) => {
                use std::fmt::Write as _;
                let _ = writeln!(
                    self.line,
                    "{} <pid changed to {to} ...>",
                    if more { "," } else { "" }
                );
                return self.out.write_all(self.line.as_bytes());
            }
            Part::Whole if unfinished => {
                self.line.push_str(if more {
                    ",  <unfinished ...>"
                } else {
                    " <unfinished ...>"
                });
            }
            Part::Rest { .. } if unfinished => self.line.push_str(" <unfinished ...>"),
            _ => {}
        }
        self.line.push(')');
        // Quoting escapes every non-ASCII byte, so bytes are columns.
        let width = shown + self.line.len() - invisible;
        let pad_to = self.opts.columns.saturating_sub(1);
        if width < pad_to {
            self.line.extend(std::iter::repeat_n(' ', pad_to - width));
        }
        self.line.push_str(" = ");
        let ret = ev.ret;
        let failed = (-4095..0).contains(&ret) && !ev.has(sysflags::NO_RETURN);
        if color {
            self.line
                .push_str(if failed { COLOR_ERR } else { COLOR_RET });
        }
        if ev.has(sysflags::NO_RETURN) {
            self.line.push('?');
        } else if failed {
            errno::format_error_return(&mut self.line, (-ret) as i32);
        } else {
            match s.row.map_or(Ret::Int, |r| r.ret) {
                _ if s.ret.hex && ret == 0 => self.line.push('0'),
                Ret::Addr | Ret::Hex => {
                    let _ = write!(self.line, "{ret:#x}");
                }
                _ if s.ret.hex => {
                    let _ = write!(self.line, "{ret:#x}");
                }
                Ret::Octal if ret != 0 => {
                    let _ = write!(self.line, "0{ret:o}");
                }
                _ => {
                    let _ = write!(self.line, "{ret}");
                }
            }
            if let Some(desc) = s.ret_path {
                push_fd_desc(&mut self.line, desc);
            }
            if let Some(info) = s.ret_pid {
                push_pid_info(&mut self.line, info);
            }
        }
        if color {
            self.line.push_str(COLOR_OFF);
        }
        // strace's note of tampering comes after a failure's error text but before the
        // decoder's note, and after a success's note (syscall.c, syscall_exiting_trace).
        let injected = if ev.has(sysflags::NO_RETURN) {
            ""
        } else {
            injected_note(ev.flags)
        };
        if failed {
            self.line.push_str(injected);
        }
        if let Some(note) = &s.ret.note {
            self.line.push_str(" (");
            self.value(note);
            self.line.push(')');
        }
        if !failed {
            self.line.push_str(injected);
        }
        if let Some(digits) = self.opts.syscall_times
            && !ev.has(sysflags::NO_RETURN)
        {
            let d = ev.duration_ns;
            let _ = write!(self.line, " <{}", d / 1_000_000_000);
            push_fraction(&mut self.line, d % 1_000_000_000, digits);
            self.line.push('>');
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    fn ended(&mut self, tid: u32, ts_ns: u64, how: Ending, who: Who<'_>) -> std::io::Result<()> {
        use std::fmt::Write as _;
        if self.opts.quiet_all_exits || self.opts.quiet_exit && matches!(how, Ending::Exited(_)) {
            return Ok(());
        }
        self.close_open()?;
        self.leader(tid, ts_ns, who, None);
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

    fn close_open(&mut self) -> std::io::Result<()> {
        if self.open_width.take().is_some() {
            self.out.write_all(b" <unfinished ...>\n")?;
        }
        Ok(())
    }

    fn detach_open(&mut self) -> std::io::Result<()> {
        if self.open_width.take().is_some() {
            self.out.write_all(b" <detached ...>\n")?;
        }
        Ok(())
    }

    fn pid_changed_open(&mut self, to: u32) -> std::io::Result<()> {
        if self.open_width.take().is_some() {
            writeln!(self.out, " <pid changed to {to} ...>")?;
        }
        Ok(())
    }

    fn superseded(&mut self, tid: u32, ts_ns: u64, old: u32, who: Who<'_>) -> std::io::Result<()> {
        use std::fmt::Write as _;
        if self.opts.quiet_superseded {
            return Ok(());
        }
        self.close_open()?;
        self.leader(tid, ts_ns, who, None);
        let _ = writeln!(self.line, "+++ superseded by execve in pid {old} +++");
        self.out.write_all(self.line.as_bytes())
    }

    fn signal(&mut self, l: &SignalLine<'_>) -> std::io::Result<()> {
        self.close_open()?;
        if !l.stop_only {
            self.leader(l.tid, l.ts, l.who, None);
            self.line.push_str("--- ");
            self.line.push_str(&signal_name(l.sig));
            self.line.push(' ');
            match &l.info {
                Some(v) => self.value(v),
                None => self.line.push_str("{}"),
            }
            self.line.push_str(" ---\n");
            self.out.write_all(self.line.as_bytes())?;
        }
        if l.stops || l.stop_only {
            self.leader(l.tid, l.ts, l.who, None);
            self.line.push_str("--- stopped by ");
            self.line.push_str(&signal_name(l.sig));
            self.line.push_str(" ---\n");
            self.out.write_all(self.line.as_bytes())?;
        }
        Ok(())
    }

    fn dump(&mut self, _tid: u32, parts: &[Dump<'_>]) -> std::io::Result<()> {
        use std::fmt::Write as _;
        let mut text = String::new();
        for part in parts {
            match *part {
                Dump::Vector { buffers, index } => {
                    let _ = writeln!(text, " = {buffers} buffers in vector {index}");
                }
                Dump::Buffer { index, len, bytes } => {
                    if let Some(i) = index {
                        let _ = writeln!(text, " * {len} bytes in buffer {i}");
                    }
                    hex_dump(&mut text, bytes.get(..len as usize).unwrap_or(bytes));
                }
            }
        }
        self.out.write_all(text.as_bytes())
    }

    fn lost(&mut self, n: u64) -> std::io::Result<()> {
        self.close_open()?;
        writeln!(
            self.out,
            "!!! tracer: {n} events lost here (ring buffer full) !!!"
        )
    }

    fn raw(&mut self, text: &str) -> std::io::Result<()> {
        self.close_open()?;
        self.out.write_all(text.as_bytes())
    }

    fn tasks(&mut self, live: usize) {
        self.live = live;
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(n: i64) -> Value<'static> {
        Value::array((0..n).map(Value::Int).collect())
    }

    fn text(v: &Value<'_>, max: usize, verbose: bool) -> String {
        let quote = QuoteOpts {
            max,
            ..Default::default()
        };
        let mut t = TextSink::new(
            std::io::sink(),
            TextOpts {
                verbose,
                ..TextOpts::plain(quote)
            },
        );
        t.value(v);
        std::mem::take(&mut t.line)
    }

    /// The line of syscall `nr` returning `ret` with `flags`, `note` as the decoder's note
    /// after the value, with `-T` when `times`.
    fn tampered_line(
        nr: u32,
        ret: i64,
        flags: u32,
        note: Option<Value<'_>>,
        times: bool,
    ) -> String {
        let table = crate::table::Table::new(crate::table::Arch::X86_64);
        let row = table.row(nr).unwrap();
        let mut ev = crate::wire::SyscallEvent::new(nr, [3, 0, 0, 0, 0, 0], ret, [None; 6]);
        ev.flags = flags;
        ev.duration_ns = 2_000;
        let args = if row.args.is_empty() {
            Vec::new()
        } else {
            vec![Value::Int(3)]
        };
        let line = SyscallLine {
            ev: &ev,
            name: Some(row.name),
            row: Some(row),
            args,
            ret: crate::decode::RetNote { hex: false, note },
            who: Who::default(),
            ret_pid: None,
            ret_path: None,
            part: Part::Whole,
            abbrev: true,
        };
        let mut out = Vec::new();
        let opts = TextOpts {
            syscall_times: times.then_some(6),
            ..TextOpts::plain(QuoteOpts::default())
        };
        TextSink::new(&mut out, opts).syscall(&line).unwrap();
        let s = String::from_utf8(out).unwrap();
        let (call, ret) = s.trim_end().split_once(" = ").unwrap();
        format!("{} = {ret}", call.trim_end())
    }

    #[test]
    fn injected_notes() {
        use sysflags::{DELAYED, INJECTED, INJECTED_ARGS};
        assert_eq!(injected_note(0), "");
        assert_eq!(injected_note(INJECTED), " (INJECTED)");
        assert_eq!(injected_note(INJECTED_ARGS), " (INJECTED: args)");
        assert_eq!(
            injected_note(INJECTED | INJECTED_ARGS | DELAYED),
            " (INJECTED: args, retval) (DELAYED)"
        );
        assert_eq!(injected_note(DELAYED), " (DELAYED)");
        // Other bits say nothing.
        assert_eq!(injected_note(sysflags::HAS_ENTER), "");
    }

    #[test]
    fn injected_notes_where_strace_puts_them() {
        use sysflags::{DELAYED, INJECTED};
        // close = 3, getpid = 39 on x86_64.
        assert_eq!(
            tampered_line(3, -9, INJECTED, None, false),
            "close(3) = -1 EBADF (Bad file descriptor) (INJECTED)"
        );
        assert_eq!(
            tampered_line(39, 7, INJECTED | DELAYED, None, true),
            "getpid() = 7 (INJECTED) (DELAYED) <0.000002>"
        );
        assert_eq!(
            tampered_line(39, 42, DELAYED, None, false),
            "getpid() = 42 (DELAYED)"
        );
        // A success's note comes before tampering's, a failure's after it.
        assert_eq!(
            tampered_line(3, 1, INJECTED, Some(Value::Int(5)), false),
            "close(3) = 1 (5) (INJECTED)"
        );
        assert_eq!(
            tampered_line(3, -2, INJECTED, Some(Value::Int(5)), false),
            "close(3) = -1 ENOENT (No such file or directory) (INJECTED) (5)"
        );
        // A call that never returned has no note.
        assert_eq!(
            tampered_line(3, 0, INJECTED | sysflags::NO_RETURN, None, false),
            "close(3) = ?"
        );
    }

    #[test]
    fn arrays_show_s_elements_without_verbose() {
        // poll([{fd=0, …}, … 32 of 64 …, ...], 64, 0): strace cuts every array at -s.
        assert_eq!(text(&ints(5), 3, false), "[0, 1, 2, ...]");
        assert_eq!(text(&ints(3), 3, false), "[0, 1, 2]");
        assert_eq!(text(&ints(5), 3, true), "[0, 1, 2, 3, 4]");
        assert_eq!(text(&ints(5), 0, false), "[...]");
    }
}
