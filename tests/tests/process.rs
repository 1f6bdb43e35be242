//! Processes: following forks, exit codes, deaths by signal, a syscall cut short by SIGKILL.
//! Each check runs under tracer, and under strace as well to prove the expected lines right.
mod common;

use std::os::unix::process::ExitStatusExt;

use common::{
    MARKER_LINE, Normalise, Run, Scratch, Tool, after_marker, assert_lines, by_pid, decoded_only,
    read_line_deadline, run, start, sys, texts, wait_blocked_in_read,
};

fn ebadf_child_write() -> String {
    sys(
        r#"write(99, "child\n", 6)"#,
        "-1 EBADF (Bad file descriptor)",
    )
}

/// `-f`: the child's lines come with the child's pid, its first syscall included.
fn fork_followed(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = run(tool, &["-f"], &["fork"], &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    let lines = after_marker(Normalise::follow().lines(&r.lines));
    let first_of_child = lines
        .iter()
        .find(|l| l.pid == "<pid2>")
        .unwrap_or_else(|| panic!("no line of the child\n{}", r.dump()));
    assert_lines(
        &format!("{} -f, fork: the child's first syscall", tool.name()),
        &[ebadf_child_write()],
        std::slice::from_ref(&first_of_child.text),
    );
    let want: Vec<String> = [
        ("<pid1>", MARKER_LINE.to_owned()),
        ("<pid1>", sys("fork()", "<pid2>")),
        ("<pid1>", sys("exit_group(0)", "?")),
        ("<pid1>", "+++ exited with 0 +++".to_owned()),
        ("<pid2>", ebadf_child_write()),
        ("<pid2>", sys("exit_group(7)", "?")),
        ("<pid2>", "+++ exited with 7 +++".to_owned()),
    ]
    .into_iter()
    .map(|(p, t)| format!("{p} {t}"))
    .collect();
    assert_lines(
        &format!("{} -f, fork (lines by process)", tool.name()),
        &want,
        &by_pid(&decoded_only(lines)),
    );
}

#[test]
fn fork_followed_with_f() {
    fork_followed(Tool::Tracer, "fork_followed_with_f");
}

#[test]
fn strace_fork_followed_with_f() {
    fork_followed(Tool::Strace, "strace_fork_followed_with_f");
}

/// Without `-f` the child isn't traced: no line of it, no pid prefixes.
fn fork_not_followed(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = run(tool, &[], &["fork"], &s, "run");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    // fork's result is the child's pid, unknown here without prefixes.
    let got: Vec<String> = texts(&decoded_only(after_marker(
        Normalise::default().lines(&r.lines),
    )))
    .into_iter()
    .map(|t| match t.strip_prefix("fork()") {
        Some(rest)
            if rest
                .trim_start()
                .strip_prefix("= ")
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            sys("fork()", "CHILD")
        }
        _ => t,
    })
    .collect();
    let want = [
        MARKER_LINE.to_owned(),
        sys("fork()", "CHILD"),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(&format!("{} without -f, fork", tool.name()), &want, &got);
    assert!(
        !r.lines
            .iter()
            .any(|l| l.contains("write(99") || l.contains("exited with 7")),
        "{} without -f traced the child\n{}",
        tool.name(),
        r.dump()
    );
}

#[test]
fn fork_not_followed_without_f() {
    fork_not_followed(Tool::Tracer, "fork_not_followed_without_f");
}

#[test]
fn strace_fork_not_followed_without_f() {
    fork_not_followed(Tool::Strace, "strace_fork_not_followed_without_f");
}

/// The pid of the trace's first line (`-f -o`: every line has it), checking all lines have it.
fn only_pid(r: &Run) -> String {
    let pid: String = r
        .lines
        .first()
        .map(|l| l.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    assert!(!pid.is_empty(), "no pid prefix\n{}", r.dump());
    let prefix = format!("{pid:<5} ");
    assert!(
        r.lines.iter().all(|l| l.starts_with(&prefix)),
        "a line doesn't start with {prefix:?}\n{}",
        r.dump()
    );
    pid
}

fn last_lines(r: &Run, n: usize) -> Vec<String> {
    r.lines[r.lines.len().saturating_sub(n)..].to_vec()
}

/// `exit N`: the tool exits with N; the trace ends with exit_group, padded to strace's column,
/// and the exit line. Checked on the raw lines, with and without `-f` (the pid prefix counts
/// towards the column).
fn exit_code(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    for n in [0, 5, 255] {
        let arg = n.to_string();
        let r = run(tool, &["-f"], &["exit", &arg], &s, &format!("f-{n}"));
        assert_eq!(r.status.code(), Some(n), "{}", r.dump());
        let pid = only_pid(&r);
        let call = format!("{pid:<5} exit_group({n})");
        let want = [
            format!("{call:<39} = ?"),
            format!("{pid:<5} +++ exited with {n} +++"),
        ];
        assert_lines(
            &format!("{} -f, exit {n}", tool.name()),
            &want,
            &last_lines(&r, 2),
        );
    }
    let r = run(tool, &[], &["exit", "5"], &s, "no-f");
    assert_eq!(r.status.code(), Some(5), "{}", r.dump());
    let want = [
        "exit_group(5)                           = ?".to_owned(),
        "+++ exited with 5 +++".to_owned(),
    ];
    assert_lines(
        &format!("{} without -f, exit 5", tool.name()),
        &want,
        &last_lines(&r, 2),
    );
}

#[test]
fn exit_code_and_exit_lines() {
    exit_code(Tool::Tracer, "exit_code_and_exit_lines");
}

#[test]
fn strace_exit_code_and_exit_lines() {
    exit_code(Tool::Strace, "strace_exit_code_and_exit_lines");
}

/// `kill`: the trace ends with the death; the tool kills itself with the same signal, so a
/// shell sees 137.
fn killed(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let r = run(tool, &["-f"], &["kill"], &s, "run");
    assert_eq!(
        r.status.signal(),
        Some(libc::SIGKILL),
        "{} must die of SIGKILL like the tracee\n{}",
        tool.name(),
        r.dump()
    );
    assert_eq!(r.shell_status(), 137);
    let pid = only_pid(&r);
    assert_lines(
        &format!("{} -f, kill: last line", tool.name()),
        &[format!("{pid:<5} +++ killed by SIGKILL +++")],
        &last_lines(&r, 1),
    );
    let lines = decoded_only(after_marker(Normalise::follow().lines(&r.lines)));
    let want = [
        MARKER_LINE.to_owned(),
        sys("getpid()", "<pid1>"),
        "+++ killed by SIGKILL +++".to_owned(),
    ];
    assert_lines(&format!("{} -f, kill", tool.name()), &want, &texts(&lines));
}

#[test]
fn killed_by_sigkill() {
    killed(Tool::Tracer, "killed_by_sigkill");
}

#[test]
fn strace_killed_by_sigkill() {
    killed(Tool::Strace, "strace_killed_by_sigkill");
}

/// `sleep-read`: the tracee blocks in read(3); once /proc shows it blocked there, the test kills
/// it. strace prints the read as unfinished, with `= ?`, then the death.
fn unfinished(tool: Tool, test: &str) {
    let s = Scratch::new(test);
    let mut started = start(tool, &["-f"], &["sleep-read"], &s, "run");
    let ready = read_line_deadline(started.take_stdout());
    let Some(pid) = ready
        .strip_prefix("ready ")
        .and_then(|p| p.trim_end().parse::<i32>().ok())
    else {
        // SAFETY: kill takes no pointers; the pid is our own child.
        unsafe { libc::kill(started.pid(), libc::SIGKILL) };
        panic!(
            "tracee said {ready:?}, not `ready PID`\n{}",
            started.finish().dump()
        );
    };
    wait_blocked_in_read(pid, 3);
    // SAFETY: kill takes no pointers; `pid` is the tracee we started, blocked in read.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let r = started.finish();
    assert_eq!(
        r.status.signal(),
        Some(libc::SIGKILL),
        "{} must die of SIGKILL like the tracee\n{}",
        tool.name(),
        r.dump()
    );
    let lines = decoded_only(after_marker(Normalise::follow().lines(&r.lines)));
    let want = [
        MARKER_LINE.to_owned(),
        sys(
            &format!(r#"write(1, "ready <pid1>\n", {})"#, ready.len()),
            &ready.len().to_string(),
        ),
        sys("read(3,  <unfinished ...>)", "?"),
        "+++ killed by SIGKILL +++".to_owned(),
    ];
    assert_lines(
        &format!("{} -f, read cut short by SIGKILL", tool.name()),
        &want,
        &texts(&lines),
    );
}

#[test]
fn unfinished_read_killed() {
    unfinished(Tool::Tracer, "unfinished_read_killed");
}

#[test]
fn strace_unfinished_read_killed() {
    unfinished(Tool::Strace, "strace_unfinished_read_killed");
}

/// `--decode-pids=pidns`, `-Y`: a process in a fresh pid namespace (`unshare -p -f`) sees
/// itself as pid 1; its pids are printed with their number in tracer's namespace, as strace
/// prints them in its own (`1 /* 3603 in strace's PID NS */`), on both backends.
#[test]
fn pids_of_another_pid_namespace() {
    let script = "import os\nos.getpid(); os.kill(os.getpid(), 0); os.getppid()\n";
    // Pids differ between runs: numbers of three digits or more are numbered (`#1`).
    let lines = |tool: Tool, flags: &[&str]| -> Vec<String> {
        let mut c = std::process::Command::new(tool.bin());
        c.args(flags).args([
            "-f",
            "-e",
            "trace=getpid,kill,getppid",
            "-e",
            "signal=none",
            "--decode-pids=pidns",
            "--",
            "unshare",
            "-p",
            "-f",
            "/usr/bin/python3",
            "-S",
            "-c",
            script,
        ]);
        let (status, _, stderr) = common::output_deadline(&mut c, tool.name());
        assert!(status.success(), "{}: {status:?}: {stderr}", tool.name());
        let lines = stderr
            .lines()
            .filter(|l| !l.contains("+++") && !l.contains("attached"))
            .map(|l| l.replace("strace's PID NS", "tracer's PID NS"))
            .collect();
        common::numbered(lines, 3)
    };
    let want = lines(Tool::Strace, &[]);
    assert!(
        want.iter()
            .any(|l| l.contains("getpid()") && l.ends_with("= 1 /* #1 in tracer's PID NS */")),
        "strace's own lines: {want:?}"
    );
    for backend in ["ebpf", "ptrace"] {
        let got = lines(Tool::Tracer, &["--backend", backend]);
        assert_lines(
            &format!("--backend {backend} (expected: strace)"),
            &want,
            &got,
        );
    }
}
