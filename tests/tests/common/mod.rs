//! The harness shared by the integration tests: run the tracee under tracer or strace, turn
//! their output into comparable lines, and fail with expected and actual side by side.
//!
//! Each test binary uses only part of this module.
#![allow(dead_code)]

use std::ffi::CString;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStringExt as _;
use std::os::unix::process::{CommandExt as _, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

/// strace, the contract.
pub const STRACE: &str = "/usr/bin/strace";

/// The first syscall of every tracee scenario (see src/bin/tracee.rs).
pub const MARKER_LINE: &str =
    "access(\"/tracee-marker-start\", F_OK)    = -1 ENOENT (No such file or directory)";

/// strace pads the call with spaces up to this column (counting the pid and time prefix),
/// then prints ` = ` and the result.
pub const RESULT_COLUMN: usize = 39;

/// No run of the tracee takes more than a second; this only turns a hang into a failure.
const DEADLINE: Duration = Duration::from_secs(60);

/// The syscalls tracer already decodes like strace; only their lines are compared with strace.
pub const DECODED: &[&str] = &[
    "open",
    "openat",
    "read",
    "write",
    "pread64",
    "pwrite64",
    "close",
    "access",
    "faccessat",
    "unlink",
    "unlinkat",
    "rmdir",
    "mkdir",
    "chdir",
    "dup",
    "dup2",
    "getpid",
    "getppid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "fork",
    "exit_group",
];

/// The tracer binary: `TRACER_BIN`, else the workspace's `target/release/tracer`.
pub fn tracer_bin() -> PathBuf {
    let bin = match std::env::var_os("TRACER_BIN") {
        Some(b) => PathBuf::from(b),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the tests package is inside the workspace")
            .join("target/release/tracer"),
    };
    assert!(
        bin.is_file(),
        "no tracer binary at {} (build it: cargo build --release -p tracer-user, or set TRACER_BIN)",
        bin.display()
    );
    bin
}

pub fn tracee_bin() -> &'static str {
    env!("CARGO_BIN_EXE_tracee")
}

/// A directory of its own for one test, removed when dropped. Tests run in parallel, so the
/// name holds the test binary's pid and the test's name.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("tracer-tests-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        Scratch { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new empty directory inside, e.g. one per traced run of the `files` scenario.
    pub fn subdir(&self, name: &str) -> PathBuf {
        let p = self.path.join(name);
        std::fs::create_dir(&p).unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()));
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Tracer,
    Strace,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Tracer => "tracer",
            Tool::Strace => "strace",
        }
    }

    pub fn bin(self) -> PathBuf {
        match self {
            Tool::Tracer => tracer_bin(),
            Tool::Strace => PathBuf::from(STRACE),
        }
    }
}

/// What one traced run left: the tool's exit status, the trace file's lines, its stderr.
#[derive(Debug)]
pub struct Run {
    pub tool: Tool,
    pub status: ExitStatus,
    pub lines: Vec<String>,
    pub stderr: String,
}

impl Run {
    /// The exit code as a shell shows it: the code, or 128 + the signal.
    pub fn shell_status(&self) -> i32 {
        match (self.status.code(), self.status.signal()) {
            (Some(c), _) => c,
            (None, Some(s)) => 128 + s,
            (None, None) => -1,
        }
    }

    /// The whole run, for failure messages.
    pub fn dump(&self) -> String {
        format!(
            "{} exited with {:?}\n--- trace ---\n{}\n--- stderr ---\n{}",
            self.tool.name(),
            self.status,
            self.lines.join("\n"),
            self.stderr
        )
    }
}

/// `TOOL FLAGS -o SCRATCH/NAME.out -- tracee ARGS`, started with stdout piped.
pub struct Started {
    pub tool: Tool,
    pub child: Child,
    pub out: PathBuf,
}

pub fn start(tool: Tool, flags: &[&str], args: &[&str], scratch: &Scratch, name: &str) -> Started {
    let out = scratch.path().join(format!("{name}.{}.out", tool.name()));
    let child = Command::new(tool.bin())
        .args(flags)
        .arg("-o")
        .arg(&out)
        .arg("--")
        .arg(tracee_bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", tool.bin().display()));
    Started { tool, child, out }
}

impl Started {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    pub fn take_stdout(&mut self) -> ChildStdout {
        self.child.stdout.take().expect("stdout is piped")
    }

    /// Waits for the tool (killing it after [`DEADLINE`]) and reads its trace.
    pub fn finish(self) -> Run {
        let Started {
            tool,
            mut child,
            out,
        } = self;
        let stderr = read_to_end(child.stderr.take());
        let status = wait_deadline(child, tool.name());
        let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
            panic!(
                "{} left no trace in {} ({e}); status {status:?}, stderr:\n{}",
                tool.name(),
                out.display(),
                stderr.recv().unwrap_or_default()
            )
        });
        Run {
            tool,
            status,
            lines: text.lines().map(str::to_owned).collect(),
            stderr: stderr.recv().unwrap_or_default(),
        }
    }
}

/// Reads a pipe to its end on a thread of its own, so a full pipe can't block the tool.
fn read_to_end(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_string(&mut s);
        }
        let _ = tx.send(s);
    });
    rx
}

/// Waits for `child`, killing it and failing the test after [`DEADLINE`].
pub fn wait_deadline(mut child: Child, what: &str) -> ExitStatus {
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => panic!("waiting for {what}: {e}"),
        Err(_) => {
            // SAFETY: kill takes no pointers; the pid is our own child, not yet reaped (the
            // waiting thread still waits for it).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{what} did not end within {DEADLINE:?}")
        }
    }
}

/// Runs `TOOL FLAGS -o FILE -- tracee ARGS` to its end.
pub fn run(tool: Tool, flags: &[&str], args: &[&str], scratch: &Scratch, name: &str) -> Run {
    start(tool, flags, args, scratch, name).finish()
}

/// Reads one line of the tracee's stdout, failing after [`DEADLINE`].
pub fn read_line_deadline(stdout: ChildStdout) -> String {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("no line from the tracee within {DEADLINE:?}"))
}

/// Waits, without sleeping, until task `pid` is blocked in `read(fd, …)`: /proc/PID/syscall
/// shows the number and arguments of the syscall a task is blocked in.
pub fn wait_blocked_in_read(pid: i32, fd: u32) {
    let want = format!("{} {fd:#x} ", libc::SYS_read);
    let path = format!("/proc/{pid}/syscall");
    let start = Instant::now();
    loop {
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        // Asleep in it: a ptraced task stopped at the call's entry ('t') shows the call too,
        // before its tracer has seen it.
        if now.starts_with(&want) && proc_state(pid) == Some('S') {
            return;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "task {pid} not blocked in read({fd}) after {DEADLINE:?}: {path} says {now:?}"
        );
        std::thread::yield_now();
    }
}

/// One trace line made comparable: the pid replaced by `<pidN>` (N in order of first
/// appearance), the time and duration split off, the padding before ` = ` redone as strace would
/// do it with no prefix, pointers replaced by `0xPTR`, and the test's substitutions made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// `<pidN>`, or empty without a pid prefix.
    pub pid: String,
    /// The words between the pid and the line (`COMM`, `COMM LABEL`) of system-wide and cgroup
    /// traces (see [`Leader`]); empty otherwise.
    pub label: String,
    /// `-t`/`-tt`/`-ttt` time, as printed.
    pub time: Option<String>,
    /// `-T` duration, as printed without the angle brackets.
    pub duration: Option<String>,
    pub text: String,
}

impl Line {
    /// The syscall's name, for syscall lines.
    pub fn syscall(&self) -> Option<&str> {
        let name = &self.text[..self.text.find('(')?];
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .then_some(name)
    }

    /// `<pidN> text`, for comparing lines of several processes.
    pub fn with_pid(&self) -> String {
        format!("{} {}", self.pid, self.text)
    }
}

/// What prefixes and suffixes the lines have, and what to replace in them.
#[derive(Clone, Debug, Default)]
pub struct Normalise {
    /// Lines start with `PID ` (`-f -o FILE`).
    pub pid_prefix: bool,
    /// Lines have a `-t`, `-tt` or `-ttt` time after the pid.
    pub timestamps: bool,
    /// Completed syscalls end with a `-T` duration.
    pub durations: bool,
    /// (from, to) replacements in the line text, e.g. a scratch path by `DIR`.
    pub subs: Vec<(String, String)>,
}

impl Normalise {
    /// Lines of `-f -o FILE`.
    pub fn follow() -> Normalise {
        Normalise {
            pid_prefix: true,
            ..Normalise::default()
        }
    }

    pub fn sub(mut self, from: impl Into<String>, to: impl Into<String>) -> Normalise {
        self.subs.push((from.into(), to.into()));
        self
    }

    pub fn lines(&self, raw: &[String]) -> Vec<Line> {
        self.lines_led(raw, Leader::Standard)
    }

    /// [`Normalise::lines`] for lines that start as `leader` says.
    pub fn lines_led(&self, raw: &[String], leader: Leader) -> Vec<Line> {
        let parsed: Vec<Parsed> = raw.iter().map(|l| self.parse(l, leader)).collect();
        let merged = merge_resumed(parsed);
        let mut pids: Vec<u32> = Vec::new();
        for p in &merged {
            if let Some(pid) = p.pid
                && !pids.contains(&pid)
            {
                pids.push(pid);
            }
        }
        merged.into_iter().map(|p| self.finish(p, &pids)).collect()
    }

    fn parse(&self, raw: &str, leader: Leader) -> Parsed {
        let mut rest = raw;
        let mut pid = None;
        let mut label = String::new();
        match leader {
            Leader::Standard if self.pid_prefix => {
                if let Some((p, r)) = split_pid(rest) {
                    pid = Some(p);
                    rest = r;
                }
            }
            Leader::Standard => {}
            Leader::Labelled { words } => {
                if let Some((p, r)) = split_pid(rest) {
                    pid = Some(p);
                    rest = r;
                    let mut taken = Vec::new();
                    for _ in 0..words {
                        let Some((w, r)) = rest.split_once(' ') else {
                            break;
                        };
                        taken.push(w);
                        rest = r;
                    }
                    label = taken.join(" ");
                }
            }
            Leader::Bracket => {
                if let Some(inner) = rest.strip_prefix("[pid ")
                    && let Some(end) = inner.find("] ")
                {
                    let mut words = inner[..end].split_whitespace();
                    if let Some(p) = words.next().and_then(|w| w.parse::<u32>().ok()) {
                        pid = Some(p);
                        label = words.collect::<Vec<_>>().join(" ");
                        rest = &inner[end + 2..];
                    }
                }
            }
        }
        let mut time = None;
        if self.timestamps
            && let Some((t, r)) = rest.split_once(' ')
        {
            time = Some(t.to_owned());
            rest = r;
        }
        Parsed {
            pid,
            label,
            time,
            prefix_len: raw.len() - rest.len(),
            body: rest.to_owned(),
            merged: false,
        }
    }

    fn finish(&self, p: Parsed, pids: &[u32]) -> Line {
        let pid = p
            .pid
            .and_then(|x| pids.iter().position(|&y| y == x))
            .map_or_else(String::new, |i| format!("<pid{}>", i + 1));
        let mut body = p.body.as_str();
        let mut duration = None;
        if self.durations
            && let Some(d) = split_duration(body)
        {
            duration = Some(body[d + 2..body.len() - 1].to_owned());
            body = &body[..d];
        }
        let replace_with = |s: &str, pids: &[u32]| {
            let mut s = s.to_owned();
            for (from, to) in &self.subs {
                s = s.replace(from.as_str(), to);
            }
            replace_pids(&replace_pointers(&s), pids)
        };
        let replace = |s: &str| replace_with(s, pids);
        let text = match split_result(body) {
            Some((call, spaces, result)) => {
                let want = RESULT_COLUMN.saturating_sub(p.prefix_len + call.len());
                // A result is a pid only for the calls that return one: `read(…) = 832` is a size
                // even in a run where 832 is a pid.
                let name = match call.strip_prefix("<... ") {
                    Some(resumed) => resumed.split(' ').next(),
                    None => call.split('(').next(),
                };
                let result = if name.is_some_and(|n| PID_RESULTS.contains(&n)) {
                    replace(result)
                } else {
                    replace_with(result, &[])
                };
                let call = replace(call);
                if p.merged || spaces == want {
                    pad_result(&call, &result)
                } else {
                    format!(
                        "{call}{} = {result}    [padding: {spaces} spaces, strace prints {want}]",
                        " ".repeat(spaces)
                    )
                }
            }
            None => replace(body),
        };
        Line {
            pid,
            label: p.label,
            time: p.time,
            duration,
            text,
        }
    }
}

/// How trace lines start, before the time and the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leader {
    /// As [`Normalise::pid_prefix`] says: `PID ` (`-f -o FILE`), or nothing.
    Standard,
    /// `PID ` and then `words` words, each followed by a space: system-wide and cgroup traces
    /// with `-o` (`PID  COMM `, with `--decode-cgroup` `PID  COMM LABEL `).
    Labelled { words: usize },
    /// On stderr, traces of several processes: `[pid  PID] `, or `[pid  PID LABEL…] `. Other
    /// lines (tracer's own messages) are kept as they are.
    Bracket,
}

/// A leading `PID` and the spaces after it, and what follows.
fn split_pid(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let pid = s[..digits].parse::<u32>().ok()?;
    s[digits..]
        .starts_with(' ')
        .then(|| (pid, s[digits..].trim_start_matches(' ')))
}

struct Parsed {
    pid: Option<u32>,
    label: String,
    time: Option<String>,
    /// Bytes of pid and time before the body: strace counts them when padding.
    prefix_len: usize,
    body: String,
    /// Joined from strace's `<unfinished ...>` and `<... resumed>` lines.
    merged: bool,
}

/// Joins strace's `call( <unfinished ...>` and `<... call resumed>rest` of one pid into the line
/// strace prints when nothing interleaves (tracer prints only such lines).
fn merge_resumed(lines: Vec<Parsed>) -> Vec<Parsed> {
    const UNFINISHED: &str = " <unfinished ...>";
    let mut out: Vec<Parsed> = Vec::with_capacity(lines.len());
    // (pid, index in `out`) of lines waiting for their resumption.
    let mut waiting: Vec<(Option<u32>, usize)> = Vec::new();
    for mut l in lines {
        if let Some(head) = l.body.strip_suffix(UNFINISHED) {
            l.body = head.to_owned();
            waiting.push((l.pid, out.len()));
            out.push(l);
            continue;
        }
        if l.body.starts_with("<... ")
            && let Some(end) = l.body.find(" resumed>")
            && let Some(w) = waiting.iter().position(|&(pid, _)| pid == l.pid)
        {
            let (_, i) = waiting.remove(w);
            let tail = &l.body[end + " resumed>".len()..];
            out[i].body.push_str(tail);
            out[i].merged = true;
            continue;
        }
        out.push(l);
    }
    // Calls that were never resumed (the process was killed) print as such.
    for (_, i) in waiting {
        out[i].body.push_str(UNFINISHED);
    }
    out
}

/// Where ` <S.UUUUUU>` starts at the end of a line, if it ends with one.
fn split_duration(body: &str) -> Option<usize> {
    let start = body.rfind(" <")?;
    let inner = body[start + 2..].strip_suffix('>')?;
    let (s, us) = inner.split_once('.')?;
    (!s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && us.len() == 6
        && us.bytes().all(|b| b.is_ascii_digit()))
    .then_some(start)
}

/// A syscall line's call, the number of padding spaces after it, and its result.
fn split_result(body: &str) -> Option<(&str, usize, &str)> {
    if body.starts_with("+++") || body.starts_with("---") || body.starts_with("!!!") {
        return None;
    }
    let sep = body.rfind(" = ")?;
    let call = body[..sep].trim_end_matches(' ');
    call.ends_with(')')
        .then(|| (call, sep - call.len(), &body[sep + 3..]))
}

/// `call = result` with strace's padding and no prefix.
pub fn pad_result(call: &str, result: &str) -> String {
    format!("{call:<RESULT_COLUMN$} = {result}")
}

/// Shorthand for expected lines: [`pad_result`].
pub fn sys(call: &str, result: &str) -> String {
    pad_result(call, result)
}

/// `0x` and at least 6 hex digits (an address) → `0xPTR`.
fn replace_pointers(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'\\');
        if boundary && b[i..].starts_with(b"0x") {
            let n = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if n >= 6 {
                out.push_str("0xPTR");
                i += 2 + n;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// The calls whose result is a pid (of a task, a process, a group or a session).
const PID_RESULTS: &[&str] = &[
    "fork",
    "vfork",
    "clone",
    "clone3",
    "getpid",
    "gettid",
    "getppid",
    "getpgid",
    "getpgrp",
    "getsid",
    "setsid",
    "wait4",
    "waitid",
    "waitpid",
    "set_tid_address",
];

/// Whole numbers that are pids of traced processes → `<pidN>`.
fn replace_pids(s: &str, pids: &[u32]) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'\\');
        if boundary && b[i].is_ascii_digit() {
            let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let word = &s[i..i + n];
            // Octal modes (`0644`) and fields other than pids (`tv_nsec=1000`, `st_size=644`) are
            // never pids, however their digits happen to fall in a run.
            let key = s[..i].strip_suffix('=').map(|k| {
                let start = k.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
                &k[start.map_or(0, |x| x + 1)..]
            });
            // Nor are numbers inside a name (`cpython-311.pyc`): joined to letters by `-`, `.`,
            // `_` or `/` on both sides (a name that ends in a pid, `tracer-net-4242`, keeps it).
            let joiner = |c: u8| matches!(c, b'-' | b'.' | b'_' | b'/');
            let in_name = (i >= 2 && joiner(b[i - 1]) && b[i - 2].is_ascii_alphanumeric())
                && (b.get(i + n).is_some_and(|&c| joiner(c))
                    && b.get(i + n + 1).is_some_and(u8::is_ascii_alphanumeric));
            let not_pid =
                (n > 1 && b[i] == b'0') || key.is_some_and(|k| !k.ends_with("pid")) || in_name;
            let next_ok = !not_pid && b.get(i + n).is_none_or(|c| !c.is_ascii_alphanumeric());
            match word
                .parse::<u32>()
                .ok()
                .and_then(|v| pids.iter().position(|&p| p == v))
            {
                Some(k) if next_ok => {
                    let _ = write!(out, "<pid{}>", k + 1);
                }
                _ => out.push_str(word),
            }
            i += n;
            continue;
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// Every byte as `\xNN`, as `-xx` prints strings.
pub fn xx(s: &str) -> String {
    s.bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "\\x{b:02x}");
        out
    })
}

/// The marker line as `-xx` prints it.
pub fn marker_line_xx() -> String {
    pad_result(
        &format!("access(\"{}\", F_OK)", xx("/tracee-marker-start")),
        "-1 ENOENT (No such file or directory)",
    )
}

/// The lines from the tracee's marker syscall on (see src/bin/tracee.rs).
pub fn after_marker(lines: Vec<Line>) -> Vec<Line> {
    let xx_marker = marker_line_xx();
    let i = lines
        .iter()
        .position(|l| l.text == MARKER_LINE || l.text == xx_marker)
        .unwrap_or_else(|| {
            panic!(
                "no marker line {MARKER_LINE:?} in:\n{}",
                lines
                    .iter()
                    .map(Line::with_pid)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
    lines.into_iter().skip(i).collect()
}

/// Only the lines tracer already decodes like strace: syscalls in [`DECODED`] and `+++` lines.
pub fn decoded_only(lines: Vec<Line>) -> Vec<Line> {
    lines
        .into_iter()
        .filter(|l| l.text.starts_with("+++") || l.syscall().is_some_and(|n| DECODED.contains(&n)))
        .collect()
}

pub fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(|l| l.text.clone()).collect()
}

/// `<pidN> text` lines grouped by process (in order of first appearance), each process's lines
/// in their order: tracer prints concurrent processes' lines in completion order, strace in
/// another, but each process's own sequence is the same.
pub fn by_pid(lines: &[Line]) -> Vec<String> {
    let mut v: Vec<(usize, String)> = lines
        .iter()
        .map(|l| {
            let n = l
                .pid
                .trim_start_matches("<pid")
                .trim_end_matches('>')
                .parse::<usize>()
                .unwrap_or(0);
            (n, l.with_pid())
        })
        .collect();
    v.sort_by_key(|(n, _)| *n);
    v.into_iter().map(|(_, s)| s).collect()
}

/// Fails with expected and actual side by side (lines aligned by a longest-common-subsequence
/// diff; `!` marks the differences) unless they are equal.
#[track_caller]
pub fn assert_lines(what: &str, expected: &[String], actual: &[String]) {
    if expected == actual {
        return;
    }
    panic!(
        "{what}: lines differ\n{}",
        side_by_side(expected, actual, "expected", "actual")
    );
}

pub fn side_by_side(left: &[String], right: &[String], lname: &str, rname: &str) -> String {
    let (n, m) = (left.len(), right.len());
    // lcs[i][j]: longest common subsequence of left[i..] and right[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if left[i] == right[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut rows: Vec<(bool, &str, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && left[i] == right[j] {
            rows.push((true, &left[i], &right[j]));
            i += 1;
            j += 1;
        } else if i < n && j < m && lcs[i + 1][j + 1] == lcs[i][j] {
            // Neither line is in the common part: show them as a changed pair.
            rows.push((false, &left[i], &right[j]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            rows.push((false, &left[i], ""));
            i += 1;
        } else {
            rows.push((false, "", &right[j]));
            j += 1;
        }
    }
    let width = left
        .iter()
        .map(String::len)
        .chain([lname.len()])
        .max()
        .unwrap_or(0);
    let mut out = format!("  {lname:<width$} | {rname}\n");
    for (same, l, r) in rows {
        let mark = if same { ' ' } else { '!' };
        let _ = writeln!(out, "{mark} {l:<width$} | {r}");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Live processes: tracer running next to the test, tracees started by the test
// ---------------------------------------------------------------------------------------------

/// The lines of a pipe as they come, read on a thread of their own; every wait is bounded by
/// [`DEADLINE`].
pub struct LineReader {
    what: String,
    rx: mpsc::Receiver<String>,
    /// Every line received so far, without its newline.
    pub seen: Vec<String>,
    eof: bool,
}

impl LineReader {
    /// `what` names the pipe in failure messages, e.g. "tracer's stderr".
    pub fn new(pipe: impl Read + Send + 'static, what: &str) -> LineReader {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(pipe);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match r.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&b'\n') {
                            buf.pop();
                        }
                        if tx.send(String::from_utf8_lossy(&buf).into_owned()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        LineReader {
            what: what.to_owned(),
            rx,
            seen: Vec::new(),
            eof: false,
        }
    }

    /// The next line, or `None` at the end of the pipe; fails after [`DEADLINE`].
    pub fn next_line(&mut self) -> Option<String> {
        if self.eof {
            return None;
        }
        match self.rx.recv_timeout(DEADLINE) {
            Ok(l) => {
                self.seen.push(l.clone());
                Some(l)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.eof = true;
                None
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "no line on {} within {DEADLINE:?}; so far:\n{}",
                self.what,
                self.seen.join("\n")
            ),
        }
    }

    /// Reads up to the first line `want` accepts and returns it; fails at the end of the pipe or
    /// after [`DEADLINE`], showing what came.
    pub fn wait_for(&mut self, what: &str, want: impl Fn(&str) -> bool) -> String {
        if let Some(l) = self.seen.iter().find(|l| want(l)) {
            return l.clone();
        }
        loop {
            match self.next_line() {
                Some(l) if want(&l) => return l,
                Some(_) => {}
                None => panic!(
                    "{} ended without {what}; it said:\n{}",
                    self.what,
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Every line, the ones already seen included, up to the end of the pipe.
    pub fn rest(mut self) -> Vec<String> {
        while self.next_line().is_some() {}
        self.seen
    }
}

/// `ready PID` → PID.
pub fn ready_pid(line: &str) -> i32 {
    line.strip_prefix("ready ")
        .and_then(|p| p.trim_end().parse::<i32>().ok())
        .unwrap_or_else(|| panic!("the tracee said {line:?}, not `ready PID`"))
}

/// A process the test started, killed (SIGKILL) and reaped if the test ends without waiting for
/// it, so no tracee outlives a failed test or keeps a cgroup busy.
pub struct Guarded {
    child: Option<Child>,
    what: String,
}

impl Guarded {
    pub fn spawn(cmd: &mut Command, what: &str) -> Guarded {
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        Guarded {
            child: Some(child),
            what: what.to_owned(),
        }
    }

    /// Starts `cmd` inside the cgroup directory `cgroup`: the child writes its own pid to
    /// `cgroup.procs` before it execs, so the program runs in the cgroup from its first
    /// instruction.
    pub fn spawn_in(cmd: &mut Command, cgroup: &Path, what: &str) -> Guarded {
        let procs = CString::new(cgroup.join("cgroup.procs").into_os_string().into_vec())
            .expect("no NUL in a cgroup path");
        // SAFETY: the closure runs in the forked child before exec; it only makes
        // async-signal-safe calls (getpid, open, write, close) on memory it owns, and
        // allocates nothing (io::Error::last_os_error doesn't allocate).
        unsafe {
            cmd.pre_exec(move || {
                let mut digits = [0u8; 12];
                let n = decimal(libc::getpid().unsigned_abs(), &mut digits);
                let fd = libc::open(procs.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
                if fd < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let w = libc::write(fd, digits.as_ptr().cast(), n);
                let err = std::io::Error::last_os_error();
                libc::close(fd);
                if w == n as isize { Ok(()) } else { Err(err) }
            })
        };
        Guarded::spawn(cmd, what)
    }

    pub fn pid(&self) -> i32 {
        self.child.as_ref().map_or(0, |c| c.id() as i32)
    }

    pub fn child(&mut self) -> &mut Child {
        self.child.as_mut().expect("not waited for yet")
    }

    /// Waits for it, failing after [`DEADLINE`] (it is killed then).
    pub fn wait(mut self) -> ExitStatus {
        let mut child = self.child.take().expect("not waited for yet");
        drop(child.stdin.take());
        wait_deadline(child, &self.what)
    }

    /// Sends `sig`.
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill takes no pointers; the pid is our child, not yet reaped.
        let r = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(r, 0, "cannot signal {}", self.what);
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// `v` in decimal into `buf`, without allocating; returns the length.
fn decimal(mut v: u32, buf: &mut [u8; 12]) -> usize {
    let mut rev = [0u8; 12];
    let mut n = 0;
    loop {
        rev[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in 0..n {
        buf[i] = rev[n - 1 - i];
    }
    n
}

/// `tracer ARGS` running next to the test, stdin from /dev/null, its stderr read as it comes.
pub struct LiveTracer {
    pub proc: Guarded,
    pub stderr: LineReader,
}

/// How a [`LiveTracer`] ended.
#[derive(Debug)]
pub struct Ended {
    pub status: ExitStatus,
    pub stderr: Vec<String>,
}

impl Ended {
    /// The stderr lines and the status, for failure messages.
    pub fn dump(&self) -> String {
        format!(
            "tracer exited with {:?}\n--- stderr ---\n{}",
            self.status,
            self.stderr.join("\n")
        )
    }
}

impl LiveTracer {
    pub fn start(args: &[&str]) -> LiveTracer {
        let mut proc = Guarded::spawn(
            Command::new(tracer_bin())
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
            "tracer",
        );
        let stderr = proc.child().stderr.take().expect("stderr is piped");
        LiveTracer {
            proc,
            stderr: LineReader::new(stderr, "tracer's stderr"),
        }
    }

    /// Waits for `tracer: tracing cgroup REL and below`, printed once the programs are attached.
    pub fn wait_cgroup_line(&mut self, rel: &str) {
        let want = format!("tracer: tracing cgroup {rel} and below");
        self.stderr.wait_for(&format!("{want:?}"), |l| l == want);
    }

    /// SIGINT: tracer detaches and exits.
    pub fn interrupt(&self) {
        self.proc.signal(libc::SIGINT);
    }

    /// SIGINT, then tracer must exit 0 (having detached).
    #[track_caller]
    pub fn stop(self) -> Ended {
        self.stop_with(libc::SIGINT)
    }

    /// `sig` (SIGINT or SIGTERM), then tracer must exit 0 (having detached).
    #[track_caller]
    pub fn stop_with(self, sig: i32) -> Ended {
        self.proc.signal(sig);
        let ended = self.finish();
        let why = if ended.status.signal() == Some(sig) {
            " (it died of the signal: no handler yet, though it had said it was tracing)"
        } else {
            ""
        };
        assert_eq!(
            ended.status.code(),
            Some(0),
            "tracer must exit 0 after signal {sig}{why}\n{}",
            ended.dump()
        );
        ended
    }

    /// Waits for tracer to end (within [`DEADLINE`]).
    pub fn finish(self) -> Ended {
        let LiveTracer { proc, stderr } = self;
        let status = proc.wait();
        Ended {
            status,
            stderr: stderr.rest(),
        }
    }
}

/// Runs `cmd` to its end with stdin from /dev/null: (status, stdout, stderr). Fails after
/// [`DEADLINE`].
pub fn output_deadline(cmd: &mut Command, what: &str) -> (ExitStatus, String, String) {
    let mut p = Guarded::spawn(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
        what,
    );
    let out = read_to_end(p.child().stdout.take());
    let err = read_to_end(p.child().stderr.take());
    let status = p.wait();
    (
        status,
        out.recv().unwrap_or_default(),
        err.recv().unwrap_or_default(),
    )
}

/// The state letter of task `pid` (`R`, `S`, `t`, `T`, `Z`…) from /proc/PID/status.
pub fn proc_state(pid: i32) -> Option<char> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("State:"))
        .and_then(|v| v.trim_start().chars().next())
}

/// The pid at the start of a `-o` trace line (`PID  …`).
pub fn raw_pid(line: &str) -> Option<u32> {
    split_pid(line).map(|(p, _)| p)
}

// ---------------------------------------------------------------------------------------------
// Cgroups
// ---------------------------------------------------------------------------------------------

/// Where the cgroup v2 hierarchy is mounted, from /proc/self/mountinfo (on hybrid systems
/// /sys/fs/cgroup/unified, elsewhere /sys/fs/cgroup: never assumed).
pub fn cgroup2_mount() -> PathBuf {
    let text = std::fs::read_to_string("/proc/self/mountinfo").expect("/proc/self/mountinfo");
    text.lines()
        .find_map(|l| {
            let (head, tail) = l.split_once(" - ")?;
            (tail.split(' ').next() == Some("cgroup2"))
                .then(|| unescape_mount_field(head.split(' ').nth(4)?))
                .flatten()
        })
        .expect("no cgroup2 mount in /proc/self/mountinfo")
}

/// A mountinfo path with its `\ooo` escapes undone.
fn unescape_mount_field(f: &str) -> Option<PathBuf> {
    let b = f.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b.get(i..i + 4) {
            Some([b'\\', d @ ..]) if d.iter().all(|c| (b'0'..=b'7').contains(c)) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            _ => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
}

/// Parent cgroups this test binary made and shares between its tests (e.g. `system.slice`),
/// with how many live [`TestCgroup`]s use each: the last one removes it. Ones that existed
/// before are never removed.
static SHARED_PARENTS: Mutex<Vec<(PathBuf, usize)>> = Mutex::new(Vec::new());

/// Cgroups made for one test, removed when dropped: deepest first, after moving any process
/// still in them back to the test's own cgroup.
pub struct TestCgroup {
    mount: PathBuf,
    /// The test's cgroup, absolute.
    path: PathBuf,
    /// Directories made under `path` after it (by [`TestCgroup::mkdir`]), in order.
    made: Vec<PathBuf>,
    /// Shared parents this guard holds a count on.
    parents: Vec<PathBuf>,
}

impl TestCgroup {
    /// `tracer-test-<pid>-<name>` right below the cgroup2 root.
    pub fn new(name: &str) -> TestCgroup {
        TestCgroup::at(&unique_name(name))
    }

    /// The cgroup at `rel` (relative to the cgroup2 mount, e.g.
    /// `system.slice/tracer-test-1-x.service`), which must not exist; missing parents are made
    /// too, and shared with the binary's other tests.
    pub fn at(rel: &str) -> TestCgroup {
        let mount = cgroup2_mount();
        let path = mount.join(rel);
        let mut parents = Vec::new();
        {
            let mut shared = SHARED_PARENTS.lock().unwrap_or_else(|e| e.into_inner());
            let mut dir = mount.clone();
            let comps: Vec<_> = Path::new(rel).components().collect();
            for c in &comps[..comps.len().saturating_sub(1)] {
                dir.push(c);
                if let Some(entry) = shared.iter_mut().find(|(p, _)| *p == dir) {
                    entry.1 += 1;
                    parents.push(dir.clone());
                } else if !dir.exists() {
                    std::fs::create_dir(&dir)
                        .unwrap_or_else(|e| panic!("cannot make cgroup {}: {e}", dir.display()));
                    shared.push((dir.clone(), 1));
                    parents.push(dir.clone());
                }
            }
        }
        let cg = TestCgroup {
            mount,
            path: path.clone(),
            made: Vec::new(),
            parents,
        };
        if let Err(e) = std::fs::create_dir(&path) {
            panic!("cannot make cgroup {}: {e}", path.display());
        }
        cg
    }

    /// The directory, absolute.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path below the mount as tracer prints it: `/a/b`.
    pub fn rel(&self) -> String {
        let below = self
            .path
            .strip_prefix(&self.mount)
            .expect("the cgroup is under the mount");
        format!("/{}", below.display())
    }

    /// Makes `sub` (e.g. `late/deeper`, parents included) below this cgroup; returns its path.
    pub fn mkdir(&mut self, sub: &str) -> PathBuf {
        let mut dir = self.path.clone();
        for c in Path::new(sub).components() {
            dir.push(c);
            if !dir.exists() {
                std::fs::create_dir(&dir)
                    .unwrap_or_else(|e| panic!("cannot make cgroup {}: {e}", dir.display()));
                self.made.push(dir.clone());
            }
        }
        dir
    }

    /// Moves process `pid` (all its threads) into the cgroup at `dir`.
    pub fn move_into(dir: &Path, pid: i32) {
        let procs = dir.join("cgroup.procs");
        std::fs::write(&procs, pid.to_string())
            .unwrap_or_else(|e| panic!("cannot move {pid} into {}: {e}", dir.display()));
    }
}

impl Drop for TestCgroup {
    fn drop(&mut self) {
        let mut dirs: Vec<PathBuf> = self.made.clone();
        dirs.push(self.path.clone());
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in &dirs {
            remove_cgroup(&self.mount, d);
        }
        let mut shared = SHARED_PARENTS.lock().unwrap_or_else(|e| e.into_inner());
        let mut parents = self.parents.clone();
        parents.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for p in parents {
            if let Some(i) = shared.iter().position(|(d, _)| *d == p) {
                shared[i].1 -= 1;
                if shared[i].1 == 0 {
                    shared.remove(i);
                    remove_cgroup(&self.mount, &p);
                }
            }
        }
    }
}

/// `tracer-test-<pid>-<name>`: unique to this test binary and test.
pub fn unique_name(name: &str) -> String {
    format!("tracer-test-{}-{name}", std::process::id())
}

/// The test binary's own cgroup v2 directory, where leftover processes go back to.
fn own_cgroup(mount: &Path) -> PathBuf {
    let text = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let rel = text
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .unwrap_or("/")
        .trim_start_matches('/');
    mount.join(rel)
}

/// Removes an empty-of-children cgroup: moves its processes out, then rmdir, retrying for a
/// bounded time while the kernel still counts exiting tasks. Failures are reported, not fatal
/// (this runs in Drop).
fn remove_cgroup(mount: &Path, dir: &Path) {
    let home = own_cgroup(mount).join("cgroup.procs");
    let start = Instant::now();
    loop {
        let procs = std::fs::read_to_string(dir.join("cgroup.procs")).unwrap_or_default();
        for pid in procs.split_whitespace() {
            let _ = std::fs::write(&home, pid);
        }
        match std::fs::remove_dir(dir) {
            Ok(()) => return,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) if start.elapsed() > Duration::from_secs(10) => {
                eprintln!("warning: cannot remove cgroup {}: {e}", dir.display());
                return;
            }
            Err(_) => std::thread::yield_now(),
        }
    }
}

/// Writes every `0x` followed by at least 8 hex digits as `ADDR`.
pub fn without_addresses(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"0x") {
            let n = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if n >= 8 {
                out.push_str("ADDR");
                i += 2 + n;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// `htons(N)` with N ≠ 0 → `htons(PORT)`.
pub fn ports(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("htons(") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && rest.as_bytes().get(n) == Some(&b')') && &rest[..n] != "0" {
            out.push_str("PORT");
        } else {
            out.push_str(&rest[..n]);
        }
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

/// Each run of `min` or more digits as `#N`, N numbered in order of first appearance: numbers
/// that differ between runs (ports, inodes, pids) compare equal when they stand in the same
/// places.
pub fn numbered(lines: Vec<String>, min: usize) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    lines
        .into_iter()
        .map(|l| {
            let mut out = String::new();
            let mut digits = String::new();
            for ch in l.chars().chain(std::iter::once('\n')) {
                if ch.is_ascii_digit() {
                    digits.push(ch);
                    continue;
                }
                if digits.len() >= min {
                    let n = seen.len() + 1;
                    let n = *seen.entry(std::mem::take(&mut digits)).or_insert(n);
                    out.push_str(&format!("#{n}"));
                } else {
                    out.push_str(&std::mem::take(&mut digits));
                }
                if ch != '\n' {
                    out.push(ch);
                }
            }
            out
        })
        .collect()
}
