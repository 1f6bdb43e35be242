//! The harness shared by the integration tests: run the tracee under tracer or strace, turn
//! their output into comparable lines, and fail with expected and actual side by side.
//!
//! Each test binary uses only part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
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
        let status = wait_deadline(child, tool);
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

fn wait_deadline(mut child: Child, tool: Tool) -> ExitStatus {
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => panic!("waiting for {}: {e}", tool.name()),
        Err(_) => {
            // SAFETY: kill takes no pointers; the pid is our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{} did not end within {DEADLINE:?}", tool.name())
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
        if now.starts_with(&want) {
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
        let parsed: Vec<Parsed> = raw.iter().map(|l| self.parse(l)).collect();
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

    fn parse(&self, raw: &str) -> Parsed {
        let mut rest = raw;
        let mut pid = None;
        if self.pid_prefix {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(p) = rest[..digits].parse::<u32>()
                && rest[digits..].starts_with(' ')
            {
                pid = Some(p);
                rest = rest[digits..].trim_start_matches(' ');
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
        let replace = |s: &str| {
            let mut s = s.to_owned();
            for (from, to) in &self.subs {
                s = s.replace(from.as_str(), to);
            }
            replace_pids(&replace_pointers(&s), pids)
        };
        let text = match split_result(body) {
            Some((call, spaces, result)) => {
                let want = RESULT_COLUMN.saturating_sub(p.prefix_len + call.len());
                let call = replace(call);
                let result = replace(result);
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
            time: p.time,
            duration,
            text,
        }
    }
}

struct Parsed {
    pid: Option<u32>,
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
            let next_ok = b.get(i + n).is_none_or(|c| !c.is_ascii_alphanumeric());
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
