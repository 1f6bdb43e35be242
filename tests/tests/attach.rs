//! `-p PID`: attaching to running processes without stopping them. Every thread is traced; on
//! SIGINT tracer detaches and exits 0, and the process runs on, not stopped, and still works;
//! when the traced processes exit, tracer ends by itself.
mod common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::process::{ChildStdin, Command, Stdio};

use common::{
    Guarded, LineReader, LiveTracer, MARKER_LINE, Normalise, Scratch, after_marker, assert_lines,
    output_deadline, proc_state, raw_pid, ready_pid, sys, texts, tracee_bin, tracer_bin,
    wait_blocked_in_read,
};

/// Threads of the `threads` scenario.
const THREADS: usize = 3;

/// What each thread of `threads` (and each child it forks) does on a byte, before its tick.
fn thread_marker_line() -> String {
    sys(
        r#"access("/tracee-marker-thread", F_OK)"#,
        "-1 ENOENT (No such file or directory)",
    )
}

/// A running tracee with its stdin and stdout in the test's hands.
struct Running {
    proc: Guarded,
    stdin: Option<ChildStdin>,
    stdout: LineReader,
    pid: i32,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut proc = Guarded::spawn(
            Command::new(tracee_bin())
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit()),
            &format!("tracee {}", args.join(" ")),
        );
        let stdin = proc.child().stdin.take();
        let mut stdout = LineReader::new(
            proc.child().stdout.take().expect("piped"),
            "the tracee's stdout",
        );
        let pid = ready_pid(&stdout.next_line().expect("a ready line"));
        assert_eq!(pid, proc.pid());
        Running {
            proc,
            stdin,
            stdout,
            pid,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).expect("write to the tracee");
        stdin.flush().expect("flush");
    }

    /// The ids in the next `n` `tick ID` lines.
    fn ticks(&mut self, n: usize) -> BTreeSet<u32> {
        (0..n)
            .map(|_| {
                let l = self.stdout.next_line().expect("a tick line");
                l.strip_prefix("tick ")
                    .and_then(|t| t.parse().ok())
                    .unwrap_or_else(|| panic!("the tracee said {l:?}, not `tick ID`"))
            })
            .collect()
    }

    /// Closes stdin (the tracee then exits 0) and waits for it.
    fn end(mut self) -> Option<i32> {
        drop(self.stdin.take());
        self.proc.wait().code()
    }
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("paths here are UTF-8")
}

fn read_trace(out: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(out)
        .unwrap_or_else(|e| panic!("no trace in {} ({e})", out.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The tasks of process `pid` that /proc shows stopped (`t`, `T`) or gone, with their state.
fn stopped_tasks(pid: i32) -> Vec<(i32, Option<char>)> {
    let tasks: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(!tasks.is_empty(), "process {pid} is gone");
    tasks
        .into_iter()
        .map(|t| (t, proc_state(t)))
        .filter(|(_, s)| !matches!(s, Some('R' | 'S' | 'D')))
        .collect()
}

/// In the `-o` trace, the ids whose lines hold a thread marker followed (in that task's lines)
/// by its `tick ID` write; fails on a marker without its write.
fn ticking_tasks(lines: &[String]) -> BTreeSet<u32> {
    let marker = thread_marker_line();
    let mut found = BTreeSet::new();
    let tasks: BTreeSet<u32> = lines.iter().filter_map(|l| raw_pid(l)).collect();
    for t in tasks {
        let mine: Vec<String> = lines
            .iter()
            .filter(|l| raw_pid(l) == Some(t))
            .cloned()
            .collect();
        // One task's lines: its id is `<pid1>` in them.
        let own = texts(&Normalise::follow().lines(&mine));
        let len = format!("tick {t}\n").len();
        let write = sys(
            &format!(r#"write(1, "tick <pid1>\n", {len})"#),
            &len.to_string(),
        );
        for (i, l) in own.iter().enumerate() {
            if *l == marker {
                assert_lines(
                    &format!("task {t}: the write after its thread marker"),
                    std::slice::from_ref(&write),
                    own.get(i + 1).map(std::slice::from_ref).unwrap_or(&[]),
                );
                found.insert(t);
            }
        }
    }
    found
}

#[test]
fn attach_to_threads_then_detach_leaves_them_running() {
    let s = Scratch::new("attach_to_threads_then_detach_leaves_them_running");
    let n = THREADS.to_string();
    let mut p = Running::start(&["threads", &n]);
    let pid = p.pid;
    let out = s.path().join("trace");
    let pid_arg = pid.to_string();
    let mut t = LiveTracer::start(&["-o", path_str(&out), "-p", &pid_arg]);
    let attached = format!(
        "tracer: Process {pid} attached with {} threads",
        THREADS + 1
    );
    t.stderr
        .wait_for(&format!("{attached:?}"), |l| l == attached);

    p.send(b"a");
    let tids = p.ticks(THREADS);
    assert_eq!(
        tids.len(),
        THREADS,
        "ticks from {THREADS} threads: {tids:?}"
    );
    // A child forked now is not traced without -f.
    p.send(b"+");
    let child = p.ticks(1);

    let ended = t.stop();
    let detached = format!("tracer: Process {pid} detached");
    assert!(
        ended.stderr.contains(&detached),
        "no {detached:?}\n{}",
        ended.dump()
    );

    // Still running, not stopped, and working.
    assert_eq!(
        stopped_tasks(pid),
        [],
        "tasks of {pid} not running or sleeping after the detach"
    );
    p.send(b"b");
    assert_eq!(
        p.ticks(THREADS),
        tids,
        "the threads' ticks after the detach"
    );
    assert_eq!(p.end(), Some(0), "the tracee's exit after the detach");

    let lines = read_trace(&out);
    let child_pid = child.first().copied().unwrap_or(0);
    assert!(
        !lines.iter().any(|l| raw_pid(l) == Some(child_pid)),
        "without -f the child {child_pid} was traced:\n{}",
        lines.join("\n")
    );
    assert_eq!(
        ticking_tasks(&lines),
        tids,
        "threads whose marker and tick were traced (want every thread's)\n{}",
        lines.join("\n")
    );
}

#[test]
fn attach_with_f_follows_new_children() {
    let s = Scratch::new("attach_with_f_follows_new_children");
    let mut p = Running::start(&["threads", "2"]);
    let pid = p.pid;
    let out = s.path().join("trace");
    let pid_arg = pid.to_string();
    let mut t = LiveTracer::start(&["-f", "-o", path_str(&out), "-p", &pid_arg]);
    let attached = format!("tracer: Process {pid} attached with 3 threads");
    t.stderr
        .wait_for(&format!("{attached:?}"), |l| l == attached);

    p.send(b"+");
    let child = p.ticks(1);
    p.send(b"a");
    let tids = p.ticks(2);
    let ended = t.stop();
    let detached = format!("tracer: Process {pid} detached");
    assert!(
        ended.stderr.contains(&detached),
        "no {detached:?}\n{}",
        ended.dump()
    );
    assert_eq!(stopped_tasks(pid), [], "tasks of {pid} after the detach");
    assert_eq!(p.end(), Some(0));

    let lines = read_trace(&out);
    let mut want: BTreeSet<u32> = tids;
    want.extend(&child);
    assert_eq!(
        ticking_tasks(&lines),
        want,
        "tasks whose marker and tick were traced (the threads and the new child)\n{}",
        lines.join("\n")
    );
    let child_pid = child.first().copied().unwrap_or(0);
    let exit = format!("{child_pid:<5} +++ exited with 0 +++");
    assert!(lines.contains(&exit), "no {exit:?}\n{}", lines.join("\n"));
}

#[test]
fn attached_trace_ends_when_the_process_exits() {
    let s = Scratch::new("attached_trace_ends_when_the_process_exits");
    let (mut p, t, out) = attach_to_waiting_tracee(&s);
    let pid = p.pid;

    p.send(b"x");
    assert_eq!(p.end(), Some(0));
    // No signal: tracer ends by itself.
    let ended = t.finish();
    assert_eq!(ended.status.code(), Some(0), "{}", ended.dump());
    assert!(
        !ended.stderr.iter().any(|l| l.contains("detached")),
        "{}",
        ended.dump()
    );
    let lines = read_trace(&out);
    let want = [
        MARKER_LINE.to_owned(),
        sys("getpid()", &pid.to_string()),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ];
    assert_lines(
        "tracer -p PID (one task: no pid prefix)",
        &want,
        &texts(&after_marker(Normalise::default().lines(&lines))),
    );
}

#[test]
fn sigterm_detaches_too() {
    let s = Scratch::new("sigterm_detaches_too");
    let (mut p, t, _) = attach_to_waiting_tracee(&s);
    let pid = p.pid;
    let ended = t.stop_with(libc::SIGTERM);
    let detached = format!("tracer: Process {pid} detached");
    assert!(
        ended.stderr.contains(&detached),
        "no {detached:?}\n{}",
        ended.dump()
    );
    assert_eq!(stopped_tasks(pid), [], "tasks of {pid} after the detach");
    // Still blocked in its read, and it still works: a byte lets it finish.
    wait_blocked_in_read(pid, 0);
    p.send(b"x");
    assert_eq!(p.end(), Some(0));
}

#[test]
fn several_pids_in_one_and_several_p() {
    let s = Scratch::new("several_pids_in_one_and_several_p");
    let mut ps: Vec<Running> = (0..3).map(|_| Running::start(&["wait-stdin"])).collect();
    let pids: Vec<i32> = ps.iter().map(|p| p.pid).collect();
    for &pid in &pids {
        wait_blocked_in_read(pid, 0);
    }
    let out = s.path().join("trace");
    let two = format!("{},{}", pids[0], pids[1]);
    let third = pids[2].to_string();
    let mut t = LiveTracer::start(&["-o", path_str(&out), "-p", &two, "-p", &third]);
    for &pid in &pids {
        let attached = format!("tracer: Process {pid} attached");
        t.stderr
            .wait_for(&format!("{attached:?}"), |l| l == attached);
    }
    for p in &mut ps {
        p.send(b"x");
    }
    for p in ps {
        assert_eq!(p.end(), Some(0));
    }
    let ended = t.finish();
    assert_eq!(ended.status.code(), Some(0), "{}", ended.dump());
    let lines = read_trace(&out);
    for pid in pids {
        let mine: Vec<String> = lines
            .iter()
            .filter(|l| raw_pid(l) == Some(pid as u32))
            .cloned()
            .collect();
        let want = [
            MARKER_LINE.to_owned(),
            sys("getpid()", "<pid1>"),
            sys("exit_group(0)", "?"),
            "+++ exited with 0 +++".to_owned(),
        ];
        assert_lines(
            &format!("tracer -p A,B -p C: the lines of {pid}"),
            &want,
            &texts(&after_marker(Normalise::follow().lines(&mine))),
        );
    }
}

#[test]
fn missing_pid_is_one_line_and_exit_1() {
    // A pid that was just used and reaped: nothing has it now.
    let gone = Guarded::spawn(
        Command::new(tracee_bin())
            .args(["exit", "0"])
            .stdin(Stdio::null()),
        "tracee exit 0",
    );
    let pid = gone.pid();
    assert_eq!(gone.wait().code(), Some(0));
    let arg = pid.to_string();
    let (status, stdout, stderr) =
        output_deadline(Command::new(tracer_bin()).args(["-p", &arg]), "tracer -p");
    assert_eq!(status.code(), Some(1), "tracer -p {pid}: stderr:\n{stderr}");
    assert_eq!(stdout, "");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() == 1 && lines[0].starts_with("tracer: ") && lines[0].contains(&arg),
        "want one line `tracer: …{pid}…` on stderr, got:\n{stderr}"
    );
}

/// A `wait-stdin` tracee blocked in its read, and `tracer -o SCRATCH/trace -p PID` attached to it
/// (its "attached" line seen).
fn attach_to_waiting_tracee(s: &Scratch) -> (Running, LiveTracer, std::path::PathBuf) {
    let p = Running::start(&["wait-stdin"]);
    let pid = p.pid;
    wait_blocked_in_read(pid, 0);
    let out = s.path().join("trace");
    let pid_arg = pid.to_string();
    let mut t = LiveTracer::start(&["-o", path_str(&out), "-p", &pid_arg]);
    let attached = format!("tracer: Process {pid} attached");
    t.stderr
        .wait_for(&format!("{attached:?}"), |l| l == attached);
    (p, t, out)
}
