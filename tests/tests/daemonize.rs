//! `-D`, `-DD`, `-DDD` (`--daemonize`): the traced command is tracer's own process (its pid,
//! and its exit status is what the caller waits for) and tracer runs on as a grandchild, in
//! a new process group (`-DD`) or session (`-DDD`); on both backends, its lines compared with
//! strace 6.1's.
mod common;

use std::io::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Guarded, LineReader, Normalise, Scratch, Tool, assert_lines, output_deadline, texts};

const BACKENDS: [&str; 2] = ["ebpf", "ptrace"];

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp path is UTF-8")
}

/// `TOOL FLAGS -o OUT -- sh -c 'echo $$; exit 7'`, waited for with its output pipes read to
/// their end (the daemonized tracer holds them too: it has ended then): its exit code, the pid
/// the command printed, the started process's pid, and the normalised trace.
fn run_daemonized(
    tool: Tool,
    flags: &[&str],
    s: &Scratch,
    name: &str,
) -> (i32, i32, i32, Vec<String>) {
    let out = s.path().join(format!("{name}.out"));
    let mut cmd = Command::new(tool.bin());
    cmd.args(flags).arg("-o").arg(&out).args([
        "-e",
        "trace=execve,exit_group",
        "--",
        "/bin/sh",
        "-c",
        "echo $$; exit 7",
    ]);
    let mut p = Guarded::spawn(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
        name,
    );
    let started = p.pid();
    let stdout = LineReader::new(p.child().stdout.take().expect("piped"), "stdout").rest();
    let stderr = LineReader::new(p.child().stderr.take().expect("piped"), "stderr").rest();
    let status = p.wait();
    assert_eq!(
        stderr,
        Vec::<String>::new(),
        "{name}: -o FILE PROG is quiet"
    );
    let said: i32 = stdout
        .first()
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("{name}: the command printed {stdout:?}"));
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{name}: no trace: {e}"));
    let raw: Vec<String> = text.lines().map(str::to_owned).collect();
    let lines = texts(&Normalise::default().lines(&raw))
        .into_iter()
        .map(|l| vars(&l))
        .collect();
    (status.code().unwrap_or(-1), said, started, lines)
}

/// The command runs in the process that was started, exits with its own status, and is
/// traced as strace traces it.
#[test]
fn the_command_keeps_tracers_pid_and_status() {
    let s = Scratch::new("the_command_keeps_tracers_pid_and_status");
    for d in ["-D", "-DD", "-DDD", "--daemonize=session"] {
        let (code, said, started, want) = run_daemonized(Tool::Strace, &[d], &s, "strace");
        assert_eq!((code, said), (7, started), "strace {d}");
        for backend in BACKENDS {
            let name = format!("{backend}{d}");
            let (code, said, started, got) =
                run_daemonized(Tool::Tracer, &["--backend", backend, d], &s, &name);
            assert_eq!(code, 7, "{name}: the command's status");
            assert_eq!(said, started, "{name}: the command is the process started");
            assert_lines(&format!("tracer {name} (expected: strace)"), &want, &got);
        }
    }
}

/// What `/proc/PID/stat` says of a process: (ppid, pgid, sid).
fn stat_ids(pid: i32) -> (i32, i32, i32) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    let after = &stat[stat.rfind(')').expect("(comm)") + 2..];
    let f: Vec<i32> = after
        .split(' ')
        .skip(1)
        .take(3)
        .map(|v| v.parse().expect("a number"))
        .collect();
    (f[0], f[1], f[2])
}

/// The tracer: the process, other than `command`, whose command line holds `needle`. The
/// middle process of the double fork (the command's child, which forks the tracer and exits)
/// may not have exited yet when the tracer reports the attach, and a child the tracer forks
/// briefly has its command line too: the tracer is the one found whose parent is neither the
/// command nor another process found.
fn tracer_process(needle: &str, command: i32) -> i32 {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        if pid != command && cmdline.split(|&b| b == 0).any(|a| a == needle.as_bytes()) {
            found.push(pid);
        }
    }
    let parents: Vec<(i32, i32)> = found.iter().map(|&p| (p, stat_ids(p).0)).collect();
    let tracers: Vec<i32> = parents
        .iter()
        .filter(|(_, ppid)| *ppid != command && !found.contains(ppid))
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        tracers.len(),
        1,
        "processes with {needle:?} (pid, ppid): {parents:?}, command {command}"
    );
    tracers[0]
}

/// Where tracer runs: not the command's child; in the command's process group with `-D`, in
/// a group of its own with `-DD`, in a session of its own with `-DDD` (strace-DDD.test's
/// checks).
#[test]
fn the_tracer_runs_apart_from_the_command() {
    let s = Scratch::new("the_tracer_runs_apart_from_the_command");
    for backend in BACKENDS {
        for (d, group, session) in [
            ("-D", false, false),
            ("-DD", true, false),
            ("-DDD", true, true),
        ] {
            let out = s.path().join(format!("{backend}{d}.out"));
            let mut p = Guarded::spawn(
                Command::new(common::tracer_bin())
                    .args([
                        "--backend",
                        backend,
                        d,
                        "-e",
                        "quiet=none",
                        "-e",
                        "trace=none",
                    ])
                    .arg("-o")
                    .arg(&out)
                    .args(["--", "/bin/sh", "-c", "read x"])
                    // Its own group, as a shell's job would be.
                    .process_group(0)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped()),
                "tracer",
            );
            let command = p.pid();
            let mut stderr = LineReader::new(p.child().stderr.take().expect("piped"), "stderr");
            let attached = format!("tracer: Process {command} attached");
            stderr.wait_for(&format!("{attached:?}"), |l| l == attached);
            let tracer = tracer_process(path_str(&out), command);
            let (_, command_pgid, command_sid) = stat_ids(command);
            // tracer_process finds no tracer if it were the command's child.
            let (_, pgid, sid) = stat_ids(tracer);
            assert_eq!(
                pgid != command_pgid,
                group,
                "{backend} {d}: process group {pgid}"
            );
            assert_eq!(sid != command_sid, session, "{backend} {d}: session {sid}");
            if session {
                assert_eq!(sid, tracer, "{backend} {d}: tracer leads its session");
            }
            let mut stdin = p.child().stdin.take().expect("piped");
            stdin.write_all(b"\n").expect("write to the command");
            drop(stdin);
            assert_eq!(p.wait().code(), Some(0), "{backend} {d}");
            assert_eq!(stderr.rest(), [attached], "{backend} {d}: stderr");
        }
    }
}

/// `-D` needs a command, as strace says.
#[test]
fn daemonize_without_a_command_is_refused() {
    let (status, _, err) = output_deadline(
        Command::new(common::tracer_bin()).args(["-D", "-p", "1"]),
        "tracer",
    );
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        err,
        "tracer: PROG [ARGS] must be specified with -D/--daemonize\n\
         Try 'tracer -h' for more information.\n"
    );
}

/// `/* 35 vars */` → `/* N vars */`: the environment differs from one tool to the other.
fn vars(line: &str) -> String {
    match (line.find("/* "), line.find(" vars */")) {
        (Some(a), Some(b)) if a < b => format!("{}/* N{}", &line[..a], &line[b..]),
        _ => line.to_owned(),
    }
}
