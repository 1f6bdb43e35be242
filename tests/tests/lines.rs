//! strace's lines beyond one whole line per call: calls split by other tasks' lines
//! (`<unfinished ...>` / `<... NAME resumed>`) and signal lines (`--- SIGCHLD {...} ---`).
//!
//! How concurrent tasks interleave differs from run to run (and between a ptrace tracer and an
//! eBPF one), so each task's own sequence is compared with strace's, with split calls joined,
//! and the split lines themselves are checked for form: a task's `<unfinished ...>` is followed
//! by another task's line, and the task prints nothing until its `<... NAME resumed>`. Every
//! check runs under strace too, to prove the expectation right.
mod common;

use std::collections::HashMap;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{
    MARKER_LINE, Normalise, Run, Scratch, Tool, after_marker, assert_lines, by_pid, decoded_only,
    run, start, sys, wait_deadline,
};

/// No step of these tests waits longer than this for a process to get somewhere.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// A child of process `pid` running the tracee, once there is one (strace forks short-lived
/// children of its own to probe ptrace first, with strace's command line).
fn tracee_child_of(pid: i32) -> i32 {
    child_running(pid, b"tracee")
}

/// A child of process `pid` whose program (first argument) ends with `prog`, once there is one.
fn child_running(pid: i32, prog: &[u8]) -> i32 {
    let path = format!("/proc/{pid}/task/{pid}/children");
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let found = text
            .split_whitespace()
            .filter_map(|w| w.parse::<i32>().ok())
            .find(|c| {
                std::fs::read(format!("/proc/{c}/cmdline")).is_ok_and(|cmd| {
                    cmd.split(|&b| b == 0)
                        .next()
                        .is_some_and(|a| a.ends_with(prog))
                })
            });
        if let Some(c) = found {
            return c;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "process {pid} has no child running {} after {PATIENCE:?}",
            String::from_utf8_lossy(prog)
        );
        std::thread::yield_now();
    }
}

/// Waits, without sleeping, until task `pid` is blocked in syscall `nr` (/proc/PID/syscall).
fn wait_in_syscall(pid: i32, nr: i64) {
    let want = format!("{nr} ");
    let path = format!("/proc/{pid}/syscall");
    let start = Instant::now();
    loop {
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        if now.starts_with(&want) {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "task {pid} not blocked in syscall {nr} after {PATIENCE:?}: {path} says {now:?}"
        );
        std::thread::yield_now();
    }
}

/// A raw `-f -o` line: its pid and the rest.
fn split_pid(line: &str) -> (u32, &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let pid = line[..digits].parse().unwrap_or(0);
    (pid, line[digits..].trim_start_matches(' '))
}

/// The call's name in an `<unfinished ...>` line (`read(3,  <unfinished ...>`), or in a
/// `<... read resumed>` line.
fn unfinished_name(body: &str) -> Option<&str> {
    body.strip_suffix(" <unfinished ...>")?;
    body.split_once('(').map(|(n, _)| n)
}

fn resumed_name(body: &str) -> Option<&str> {
    body.strip_prefix("<... ")?
        .split_once(" resumed>")
        .map(|(n, _)| n)
}

/// Checks strace's rules for split calls in raw `-f -o` lines: an `<unfinished ...>` line is
/// followed by another task's line; a task with a split call prints nothing until the matching
/// `<... NAME resumed>`, which follows another task's line; nothing stays open at the end.
/// Returns how many calls were split.
#[track_caller]
fn assert_well_formed(r: &Run) -> usize {
    let lines: Vec<(u32, &str)> = r.lines.iter().map(|l| split_pid(l)).collect();
    let mut open: HashMap<u32, &str> = HashMap::new();
    let mut splits = 0;
    let fail = |i: usize, why: &str| -> ! {
        panic!(
            "{}: line {} ({:?}): {why}\n{}",
            r.tool.name(),
            i + 1,
            r.lines[i],
            r.dump()
        )
    };
    for (i, &(pid, body)) in lines.iter().enumerate() {
        if let Some(name) = unfinished_name(body) {
            if open.contains_key(&pid) {
                fail(i, "a second call of a task with one open");
            }
            if lines.get(i + 1).is_some_and(|&(p, _)| p == pid) {
                fail(i, "split, but the next line is the same task's");
            }
            open.insert(pid, name);
            splits += 1;
        } else if let Some(name) = resumed_name(body) {
            if open.remove(&pid) != Some(name) {
                fail(i, "resumes a call the task didn't begin");
            }
            if i == 0 || lines[i - 1].0 == pid {
                fail(i, "resumed right after the same task's line");
            }
        } else if open.contains_key(&pid) {
            fail(i, "a line of a task whose call is open");
        }
    }
    if !open.is_empty() {
        panic!(
            "{}: calls never resumed: {open:?}\n{}",
            r.tool.name(),
            r.dump()
        );
    }
    splits
}

/// `si_utime=N, si_stime=N` → `si_utime=T, si_stime=T`: CPU times vary.
fn times_out(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("time=") {
        out.push_str(&rest[..i + 5]);
        rest = rest[i + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('T');
    }
    out.push_str(rest);
    out
}

/// The decoded lines (see [`decoded_only`]) and the signal lines of a run after the marker.
fn decoded_and_signals(norm: &Normalise, r: &Run) -> Vec<common::Line> {
    let lines = after_marker(norm.lines(&r.lines));
    let signals: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.text.starts_with("--- "))
        .map(|(i, _)| i)
        .collect();
    lines
        .into_iter()
        .enumerate()
        .filter(|(i, l)| signals.contains(i) || !decoded_only(vec![l.clone()]).is_empty())
        .map(|(_, mut l)| {
            l.text = times_out(&l.text);
            l
        })
        .collect()
}

/// A parent blocked in wait4 while its child opens a FIFO, reads from it and exits: the
/// parent's wait4 is split around the child's lines, and the parent then gets SIGCHLD.
fn parent_waits(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let fifo = s.path().join("fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("no NUL");
    // SAFETY: mkfifo reads a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let fifo_arg = fifo.to_str().expect("UTF-8 scratch path");
    let started = start(tool, &["-f"], &["wait-fifo", fifo_arg], &s, "run");
    let parent = tracee_child_of(started.pid());
    let child = tracee_child_of(parent);
    wait_in_syscall(parent, libc::SYS_wait4);
    wait_in_syscall(child, libc::SYS_openat);
    // Opening for writing lets the child's open return; the byte lets its read return.
    let mut w = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the FIFO for writing");
    wait_in_syscall(child, libc::SYS_read);
    w.write_all(b"x").expect("write to the FIFO");
    drop(w);
    let r = started.finish();
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    assert!(assert_well_formed(&r) >= 1, "no split call\n{}", r.dump());

    // The parent's wait4 is split around the child's lines.
    let (p, ch) = (parent as u32, child as u32);
    let raw: Vec<(u32, &str)> = r.lines.iter().map(|l| split_pid(l)).collect();
    let begin = raw
        .iter()
        .position(|&(pid, b)| pid == p && unfinished_name(b) == Some("wait4"))
        .unwrap_or_else(|| panic!("{}: wait4 not split\n{}", tool.name(), r.dump()));
    let end = raw
        .iter()
        .position(|&(pid, b)| pid == p && resumed_name(b) == Some("wait4"))
        .unwrap_or_else(|| panic!("{}: wait4 not resumed\n{}", tool.name(), r.dump()));
    assert!(
        raw[end].1.ends_with(&format!("= {child}")),
        "{}: wait4 returns the child\n{}",
        tool.name(),
        r.dump()
    );
    let between: Vec<&str> = raw[begin + 1..end]
        .iter()
        .filter(|&&(pid, _)| pid == ch)
        .map(|&(_, b)| b)
        .collect();
    // The parent was in wait4 when the child ended: the signal shows once wait4 returned.
    let sig = raw
        .iter()
        .position(|&(pid, b)| pid == p && b.starts_with("--- SIGCHLD"));
    assert_eq!(
        sig,
        Some(end + 1),
        "{}: SIGCHLD after wait4\n{}",
        tool.name(),
        r.dump()
    );
    assert!(
        between.contains(&"+++ exited with 7 +++"),
        "{}: the child's lines come inside the parent's wait4\n{}",
        tool.name(),
        r.dump()
    );

    // Each task's own lines, split calls joined, are strace's.
    let dir = s.path().to_str().expect("UTF-8 scratch path").to_owned();
    let norm = Normalise::follow().sub(dir, "DIR");
    let want: Vec<String> = [
        ("<pid1>", MARKER_LINE.to_owned()),
        ("<pid1>", sys("fork()", "<pid2>")),
        (
            "<pid1>",
            "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=<pid2>, si_uid=0, \
             si_status=7, si_utime=T, si_stime=T} ---"
                .to_owned(),
        ),
        ("<pid1>", sys("exit_group(0)", "?")),
        ("<pid1>", "+++ exited with 0 +++".to_owned()),
        (
            "<pid2>",
            sys(r#"openat(AT_FDCWD, "DIR/fifo", O_RDONLY)"#, "3"),
        ),
        ("<pid2>", sys(r#"read(3, "x", 1)"#, "1")),
        ("<pid2>", sys("exit_group(7)", "?")),
        ("<pid2>", "+++ exited with 7 +++".to_owned()),
    ]
    .into_iter()
    .map(|(p, t)| format!("{p} {t}"))
    .collect();
    assert_lines(
        &format!("{} -f, parent in wait4 (lines by process)", tool.name()),
        &want,
        &by_pid(&decoded_and_signals(&norm, &r)),
    );
}

#[test]
fn parent_waits_while_child_runs() {
    parent_waits(Tool::Tracer, "parent_waits_while_child_runs");
}

#[test]
fn strace_parent_waits_while_child_runs() {
    parent_waits(Tool::Strace, "strace_parent_waits_while_child_runs");
}

/// Without `-f`: the child isn't traced, but the parent's SIGCHLD is shown (the signal is
/// ignored, so only strace's ptrace makes it visible; tracer shows it where the task would have
/// dequeued it). Whether before or after wait4 depends on whether the child ended first.
fn sigchld_without_f(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = run(tool, &[], &["fork"], &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let lines = after_marker(Normalise::default().lines(&r.lines));
    let child = lines
        .iter()
        .find_map(|l| l.text.strip_prefix("fork()"))
        .and_then(|rest| rest.rsplit(' ').next())
        .unwrap_or_else(|| panic!("no fork line\n{}", r.dump()))
        .to_owned();
    let texts: Vec<String> = lines
        .iter()
        .map(|l| times_out(&l.text).replace(&child, "CHILD"))
        .filter(|t| !t.starts_with("wait4("))
        .collect();
    let want = [
        MARKER_LINE.to_owned(),
        sys("fork()", "CHILD"),
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=CHILD, si_uid=0, \
         si_status=7, si_utime=T, si_stime=T} ---"
            .to_owned(),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(&format!("{} fork, no -f", tool.name()), &want, &texts);
}

#[test]
fn sigchld_without_f_after_wait4() {
    sigchld_without_f(Tool::Tracer, "sigchld_without_f_after_wait4");
}

#[test]
fn strace_sigchld_without_f_after_wait4() {
    sigchld_without_f(Tool::Strace, "strace_sigchld_without_f_after_wait4");
}

/// `TOOL FLAGS -o SCRATCH/NAME.TOOL.out -- /usr/bin/python3 -c CODE`, started.
fn python_start(
    tool: Tool,
    flags: &[&str],
    code: &str,
    s: &Scratch,
    name: &str,
) -> (std::process::Child, std::path::PathBuf) {
    let out = s.path().join(format!("{name}.{}.out", tool.name()));
    let child = Command::new(tool.bin())
        .args(flags)
        .arg("-o")
        .arg(&out)
        .args(["--", "/usr/bin/python3", "-c", code])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", tool.bin().display()));
    (child, out)
}

/// Waits for a run of [`python_start`] and reads its trace.
fn python_finish(tool: Tool, mut child: std::process::Child, out: &std::path::Path) -> Run {
    let stderr = child.stderr.take();
    let status = wait_deadline(child, tool.name());
    let mut err = String::new();
    if let Some(mut e) = stderr {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    let text = std::fs::read_to_string(out)
        .unwrap_or_else(|e| panic!("{} left no trace ({e}); stderr:\n{err}", tool.name()));
    Run {
        tool,
        status,
        lines: text.lines().map(str::to_owned).collect(),
        stderr: err,
    }
}

/// `TOOL FLAGS -o SCRATCH/NAME.TOOL.out -- /usr/bin/python3 -c CODE`, to its end.
fn python(tool: Tool, flags: &[&str], code: &str, s: &Scratch, name: &str) -> Run {
    let (child, out) = python_start(tool, flags, code, s, name);
    python_finish(tool, child, &out)
}

/// The lines about signals of a one-process run: calls that send signals (`kill`, `tgkill`,
/// `rt_sigqueueinfo`), `---` and `+++` lines, with the process's pid (the first argument of the
/// first such call: it signals itself) as `PID`.
fn signal_lines(r: &Run) -> Vec<String> {
    const SENDERS: [&str; 3] = ["kill(", "tgkill(", "rt_sigqueueinfo("];
    let sends = |l: &str| SENDERS.iter().any(|c| l.starts_with(c));
    let pid = r
        .lines
        .iter()
        .filter(|l| sends(l))
        .find_map(|l| l.split_once('(')?.1.split(',').next())
        .map(str::to_owned);
    r.lines
        .iter()
        .filter(|l| sends(l) || l.starts_with("---") || l.starts_with("+++"))
        .map(|l| {
            let l = match &pid {
                Some(p) => l.replace(p.as_str(), "PID"),
                None => l.clone(),
            };
            // The padding before ` = ` as strace would print it with the pid's new width.
            match l.rsplit_once(" = ") {
                Some((call, ret)) if !l.starts_with("---") => sys(call.trim_end(), ret),
                _ => l,
            }
        })
        .collect()
}

const HANDLER: &str = "import os, signal\n\
                       signal.signal(signal.SIGUSR1, lambda *a: None)\n\
                       os.kill(os.getpid(), signal.SIGUSR1)";

fn signal_to_handler(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = python(tool, &[], HANDLER, &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let want = [
        sys("kill(PID, SIGUSR1)", "0"),
        "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID, si_uid=0} ---".to_owned(),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(
        &format!("{}: kill to a handler", tool.name()),
        &want,
        &signal_lines(&r),
    );
    // The signal line comes right after the kill.
    let k = r.lines.iter().position(|l| l.starts_with("kill("));
    let g = r.lines.iter().position(|l| l.starts_with("--- SIGUSR1"));
    assert_eq!(k.map(|k| k + 1), g, "{}", r.dump());
}

#[test]
fn kill_to_a_handler() {
    signal_to_handler(Tool::Tracer, "kill_to_a_handler");
}

#[test]
fn strace_kill_to_a_handler() {
    signal_to_handler(Tool::Strace, "strace_kill_to_a_handler");
}

/// sigqueue (SI_QUEUE, with the value) and pthread_kill (SI_TKILL) to handlers. Only the
/// signal lines are compared: rt_sigqueueinfo's siginfo argument is not decoded yet.
const QUEUE_AND_TKILL: &str = "import ctypes, os, signal, threading\n\
                               signal.signal(signal.SIGUSR2, lambda *a: None)\n\
                               ctypes.CDLL(None).sigqueue(os.getpid(), signal.SIGUSR2, \
                               ctypes.c_long(42))\n\
                               signal.signal(signal.SIGUSR1, lambda *a: None)\n\
                               signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)";

fn queue_and_tkill(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = python(tool, &[], QUEUE_AND_TKILL, &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let want = [
        "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=PID, si_uid=0, si_int=42, \
         si_ptr=0x2a} ---",
        "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=PID, si_uid=0} ---",
        "+++ exited with 0 +++",
    ]
    .map(str::to_owned);
    let got: Vec<String> = signal_lines(&r)
        .into_iter()
        .filter(|l| !l.contains('('))
        .collect();
    assert_lines(
        &format!("{}: sigqueue, pthread_kill", tool.name()),
        &want,
        &got,
    );
}

#[test]
fn sigqueue_and_pthread_kill() {
    queue_and_tkill(Tool::Tracer, "sigqueue_and_pthread_kill");
}

#[test]
fn strace_sigqueue_and_pthread_kill() {
    queue_and_tkill(Tool::Strace, "strace_sigqueue_and_pthread_kill");
}

fn signal_filtered(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = python(tool, &["-e", "signal=!usr1"], HANDLER, &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let want = [
        sys("kill(PID, SIGUSR1)", "0"),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(
        &format!("{}: -e signal=!usr1", tool.name()),
        &want,
        &signal_lines(&r),
    );
}

#[test]
fn signal_set_leaves_signals_out() {
    signal_filtered(Tool::Tracer, "signal_set_leaves_signals_out");
}

#[test]
fn strace_signal_set_leaves_signals_out() {
    signal_filtered(Tool::Strace, "strace_signal_set_leaves_signals_out");
}

fn killed_by(tool: Tool, test: &str, code: &str, want: &[String], status: i32) {
    let s = Scratch::new(test);
    let r = python(tool, &[], code, &s, "run");
    assert_eq!(r.shell_status(), status, "{}", r.dump());
    assert_lines(&format!("{}: {code}", tool.name()), want, &signal_lines(&r));
}

const SEGV: &str = "import ctypes\nctypes.string_at(0)";

fn segv_lines() -> Vec<String> {
    vec![
        "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---".to_owned(),
        "+++ killed by SIGSEGV +++".to_owned(),
    ]
}

#[test]
fn sigsegv_kills() {
    killed_by(Tool::Tracer, "sigsegv_kills", SEGV, &segv_lines(), 128 + 11);
}

#[test]
fn strace_sigsegv_kills() {
    killed_by(
        Tool::Strace,
        "strace_sigsegv_kills",
        SEGV,
        &segv_lines(),
        128 + 11,
    );
}

/// SIGTERM without a handler: the kernel kills an untraced group at once (its threads see only
/// SIGKILL), a ptraced one dequeues SIGTERM first; strace's lines are those of the slow way.
const TERM: &str = "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)";

fn term_lines() -> Vec<String> {
    vec![
        sys("kill(PID, SIGTERM)", "0"),
        "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=PID, si_uid=0} ---".to_owned(),
        "+++ killed by SIGTERM +++".to_owned(),
    ]
}

#[test]
fn sigterm_to_itself() {
    killed_by(
        Tool::Tracer,
        "sigterm_to_itself",
        TERM,
        &term_lines(),
        128 + 15,
    );
}

#[test]
fn strace_sigterm_to_itself() {
    killed_by(
        Tool::Strace,
        "strace_sigterm_to_itself",
        TERM,
        &term_lines(),
        128 + 15,
    );
}

/// `-c` sends no syscall records at all, with `-f` neither (no entry records for split lines),
/// and prints no signal lines.
#[test]
fn counting_sends_no_entry_records_nor_signals() {
    let s = Scratch::new("counting_sends_no_entry_records_nor_signals");
    let r = run(
        Tool::Tracer,
        &["-c", "-f", "--stats"],
        &["storm", "2000"],
        &s,
        "run",
    );
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let records: u64 = r
        .stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("tracer: ")?
                .split_once(" records")?
                .0
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no --stats line\n{}", r.dump()));
    assert!(
        records < 100,
        "{records} records for 2000 syscalls with -c\n{}",
        r.dump()
    );
    let r = python(Tool::Tracer, &["-c"], HANDLER, &s, "handler");
    assert!(
        !r.lines.iter().any(|l| l.starts_with("--- SIG")),
        "a signal line with -c\n{}",
        r.dump()
    );
}

/// A process that stops itself with SIGSTOP and is continued by the test with SIGCONT.
fn stop_and_continue(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let code = "import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)";
    let (child, out) = python_start(tool, &[], code, &s, "run");
    let py = child_running(child.id() as i32, b"python3");
    // Stopped for good: the tool said so, and the task is stopped (for strace, not just in the
    // ptrace stop that reports SIGSTOP: a SIGCONT then would come before the stop).
    let start = Instant::now();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{py}/stat")).unwrap_or_default();
        let state = stat.rsplit_once(") ").and_then(|(_, r)| r.chars().next());
        let said =
            std::fs::read_to_string(&out).is_ok_and(|t| t.contains("--- stopped by SIGSTOP ---"));
        if said && matches!(state, Some('T' | 't')) {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "python never stopped: {stat}");
        std::thread::yield_now();
    }
    // SAFETY: kill takes no pointers; py is the traced python, alive and stopped.
    assert_eq!(unsafe { libc::kill(py, libc::SIGCONT) }, 0);
    let r = python_finish(tool, child, &out);
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let me = std::process::id().to_string();
    let got: Vec<String> = signal_lines(&r)
        .into_iter()
        .map(|l| l.replace(&format!("si_pid={me},"), "si_pid=TEST,"))
        .collect();
    let want = [
        sys("kill(PID, SIGSTOP)", "0"),
        "--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=PID, si_uid=0} ---".to_owned(),
        "--- stopped by SIGSTOP ---".to_owned(),
        "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=TEST, si_uid=0} ---".to_owned(),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(&format!("{}: SIGSTOP, SIGCONT", tool.name()), &want, &got);
}

#[test]
fn stopped_and_continued() {
    stop_and_continue(Tool::Tracer, "stopped_and_continued");
}

#[test]
fn strace_stopped_and_continued() {
    stop_and_continue(Tool::Strace, "strace_stopped_and_continued");
}
