//! The ptrace backend (`--backend ptrace`): the same tracee programs as the eBPF tests give the
//! same lines under both backends; an unprivileged user gets ptrace by itself; tracees are never
//! left stopped (Ctrl-C, SIGKILL of tracer); `--seccomp-bpf` stops only at the selected syscalls.
mod common;

use std::io::Write as _;
use std::os::unix::process::{CommandExt as _, ExitStatusExt as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    DECODED, Guarded, LineReader, LiveTracer, Normalise, STRACE, Scratch, Tool, after_marker,
    assert_lines, by_pid, output_deadline, proc_state, ready_pid, run, sys, tracee_bin, tracer_bin,
    wait_blocked_in_read,
};

/// The tracee scenarios that exercise each decoded family (files and descriptors, buffers,
/// processes, exits, deaths), with a DIR argument where the scenario takes one.
const SCENARIOS: &[&[&str]] = &[
    &["files", "DIR"],
    &["files-child", "DIR"],
    &["fork"],
    &["exit", "5"],
    &["kill"],
];

/// Flags the parity runs are repeated with: string size, hex, filters, status, durations.
const FLAG_SETS: &[&[&str]] = &[
    &[],
    &["-s", "10"],
    &["-xx"],
    &["-T"],
    &["-e", "trace=%file,%process"],
    &["-Z"],
];

/// `tool --backend BACKEND -f FLAGS -- tracee SCENARIO`: its exit status and its lines after
/// the marker, grouped by process (processes' lines interleave differently from run to run).
fn lines_of(
    tool: Tool,
    backend: Option<&str>,
    flags: &[&str],
    scenario: &[&str],
    s: &Scratch,
    name: &str,
) -> (Option<i32>, Option<i32>, Vec<String>) {
    let dir = s.subdir(name);
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let args: Vec<&str> = scenario
        .iter()
        .map(|a| if *a == "DIR" { dir } else { *a })
        .collect();
    let mut all = Vec::new();
    if let Some(b) = backend {
        all.extend(["--backend", b]);
    }
    all.push("-f");
    all.extend_from_slice(flags);
    let r = run(tool, &all, &args, s, name);
    if tool == Tool::Tracer {
        // (strace notes on stderr that --seccomp-bpf without -e trace= filters nothing.)
        assert_eq!(r.stderr, "", "{name} wrote on stderr\n{}", r.dump());
    }
    let norm = Normalise {
        durations: flags.contains(&"-T"),
        ..Normalise::follow()
    }
    .sub(dir, "DIR")
    .sub(common::xx(dir), "DIR");
    let lines = norm.lines(&r.lines);
    // With -Z (failed calls only) the marker (a failing access) is still there.
    (
        r.status.code(),
        r.status.signal(),
        by_pid(&after_marker(lines)),
    )
}

/// Lines split into the calls and exits, in their order, and the signal lines, sorted: where a
/// signal lands among a process's calls depends on the schedule (a SIGCHLD before or after the
/// parent enters wait4), which signals come does not.
fn calls_and_signals(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut signals, calls): (Vec<String>, Vec<String>) =
        lines.iter().cloned().partition(|l| l.contains("> ---"));
    signals.sort();
    (calls, signals)
}

/// Both backends' lines are the same; signal lines may land elsewhere among a process's calls.
fn assert_same_lines(what: &str, expected: &[String], actual: &[String]) {
    let (ec, es) = calls_and_signals(expected);
    let (ac, as_) = calls_and_signals(actual);
    assert_lines(what, &ec, &ac);
    assert_lines(&format!("{what}: signals"), &es, &as_);
}

#[test]
fn same_lines_under_both_backends() {
    let s = Scratch::new("same_lines_under_both_backends");
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        for (j, flags) in FLAG_SETS.iter().enumerate() {
            let what = format!("tracee {} with -f {}", scenario.join(" "), flags.join(" "));
            let (ec, es, ebpf) = lines_of(
                Tool::Tracer,
                Some("ebpf"),
                flags,
                scenario,
                &s,
                &format!("e{i}-{j}"),
            );
            let (pc, ps, ptrace) = lines_of(
                Tool::Tracer,
                Some("ptrace"),
                flags,
                scenario,
                &s,
                &format!("p{i}-{j}"),
            );
            assert_eq!((pc, ps), (ec, es), "{what}: exit status");
            assert_same_lines(
                &format!("{what} (expected: --backend ebpf, actual: --backend ptrace)"),
                &ebpf,
                &ptrace,
            );
        }
    }
}

/// The decoded lines and the signal lines are strace's, with or without `--seccomp-bpf`.
#[test]
fn ptrace_lines_are_straces() {
    let s = Scratch::new("ptrace_lines_are_straces");
    // `<pidN> text` lines: the syscalls tracer decodes, exits and signals.
    let keep = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| {
                let text = l.split_once(' ').map_or(l.as_str(), |(_, t)| t);
                let name = text.split('(').next().unwrap_or("");
                text.starts_with("+++") || text.starts_with("---") || DECODED.contains(&name)
            })
            .collect()
    };
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        for extra in [&[][..], &["--seccomp-bpf"][..]] {
            let what = format!("tracee {} {}", scenario.join(" "), extra.join(" "));
            let (sc, ss, strace) = lines_of(
                Tool::Strace,
                None,
                extra,
                scenario,
                &s,
                &format!("s{i}-{}", extra.len()),
            );
            let (pc, ps, ptrace) = lines_of(
                Tool::Tracer,
                Some("ptrace"),
                extra,
                scenario,
                &s,
                &format!("p{i}-{}", extra.len()),
            );
            assert_eq!((pc, ps), (sc, ss), "{what}: exit status");
            assert_lines(
                &format!("{what} (expected: strace)"),
                &keep(strace),
                &keep(ptrace),
            );
        }
    }
}

/// A user without privileges tracing its own command gets the ptrace backend, with one line
/// saying why, and the same lines and exit status.
#[test]
fn unprivileged_user_gets_ptrace_automatically() {
    let user = "tracer-unpriv";
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    if id("-u").is_none() {
        let (st, _, err) = output_deadline(
            Command::new("useradd").args(["--system", "--no-create-home", user]),
            "useradd",
        );
        // A test running in parallel may have made it first.
        assert!(st.success() || id("-u").is_some(), "useradd {user}: {err}");
    }
    let (uid, gid) = (
        id("-u").expect("the user exists"),
        id("-g").expect("the user exists"),
    );
    let s = Scratch::new("unprivileged_user_gets_ptrace_automatically");
    let dir = s.subdir("out");
    std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o777))
        .expect("chmod");
    let out = dir.join("trace");
    let mut cmd = Command::new(tracer_bin());
    cmd.args(["-o"])
        .arg(&out)
        .args(["--", tracee_bin(), "exit", "5"]);
    // SAFETY: runs in the forked child before exec; setgroups, setgid and setuid are
    // async-signal-safe and allocate nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(gid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    };
    let (status, _, stderr) = output_deadline(&mut cmd, "tracer as an unprivileged user");
    assert_eq!(status.code(), Some(5), "exit status\n{stderr}");
    let note: Vec<&str> = stderr.lines().collect();
    assert!(
        note.len() == 1
            && note[0].starts_with("tracer: eBPF unavailable (")
            && note[0].ends_with("); tracing with ptrace"),
        "one line saying why ptrace is used, got:\n{stderr}"
    );
    let text = std::fs::read_to_string(&out).expect("the trace");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.starts_with("execve(")),
        "the trace starts at execve:\n{text}"
    );
    assert_lines(
        "unprivileged: the end of the trace",
        &[
            sys("exit_group(5)", "?"),
            "+++ exited with 5 +++".to_owned(),
        ],
        &lines[lines.len().saturating_sub(2)..]
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>(),
    );
}

/// `/proc/PID/status` field `name`.
fn status_field(pid: i32, name: &str) -> Option<String> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(|v| v.trim().to_owned())
}

/// Not stopped, not traced: as if tracer had never been there.
#[track_caller]
fn assert_running_untraced(pid: i32, what: &str) {
    let state = proc_state(pid);
    assert!(
        matches!(state, Some('R' | 'S' | 'D')),
        "{what}: tracee {pid} is in state {state:?}"
    );
    assert_eq!(
        status_field(pid, "TracerPid").as_deref(),
        Some("0"),
        "{what}: tracee {pid} is still traced"
    );
}

/// A `wait-stdin` tracee started by the test: it waits in read(0) for a byte.
fn waiting_tracee() -> (Guarded, i32) {
    let mut p = Guarded::spawn(
        Command::new(tracee_bin())
            .arg("wait-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped()),
        "tracee wait-stdin",
    );
    let mut out = LineReader::new(p.child().stdout.take().expect("piped"), "tracee's stdout");
    let pid = ready_pid(&out.next_line().expect("a ready line"));
    (p, pid)
}

#[test]
fn sigkill_of_tracer_leaves_a_p_tracee_running() {
    let s = Scratch::new("sigkill_of_tracer_leaves_a_p_tracee_running");
    let (mut p, pid) = waiting_tracee();
    let out = s.path().join("trace");
    let pid_arg = pid.to_string();
    let mut t = LiveTracer::start(&[
        "--backend",
        "ptrace",
        "-o",
        out.to_str().expect("UTF-8"),
        "-p",
        &pid_arg,
    ]);
    let attached = format!("tracer: Process {pid} attached");
    t.stderr
        .wait_for(&format!("{attached:?}"), |l| l == attached);
    // Traced: the attach's stop is over and the read restarted under tracer's eye.
    wait_blocked_in_read(pid, 0);
    assert_ne!(
        status_field(pid, "TracerPid").as_deref(),
        Some("0"),
        "traced before the SIGKILL"
    );
    t.proc.signal(libc::SIGKILL);
    let ended = t.finish();
    assert_eq!(
        ended.status.signal(),
        Some(libc::SIGKILL),
        "{}",
        ended.dump()
    );
    assert_running_untraced(pid, "after SIGKILL of tracer");
    // It still works: a byte lets it finish.
    p.child()
        .stdin
        .as_mut()
        .expect("piped")
        .write_all(b"x")
        .expect("write to the tracee");
    assert_eq!(p.wait().code(), Some(0));
}

#[test]
fn ctrl_c_detaches_a_command_which_runs_on() {
    let s = Scratch::new("ctrl_c_detaches_a_command_which_runs_on");
    let out = s.path().join("trace");
    let mut t = Guarded::spawn(
        Command::new(tracer_bin())
            // -I2: with `-o FILE PROG` strace's default (-I3) ignores SIGINT.
            .args(["--backend", "ptrace", "-I2", "-o"])
            .arg(&out)
            .args(["--", tracee_bin(), "wait-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
        "tracer",
    );
    let mut stdin = t.child().stdin.take().expect("piped");
    let mut stdout = LineReader::new(t.child().stdout.take().expect("piped"), "tracee's stdout");
    let pid = ready_pid(&stdout.next_line().expect("a ready line"));
    wait_blocked_in_read(pid, 0);
    t.signal(libc::SIGINT);
    let status = t.wait();
    assert_eq!(status.code(), Some(130), "tracer's status after SIGINT");
    assert_running_untraced(pid, "after SIGINT of tracer");
    let text = std::fs::read_to_string(&out).expect("the trace");
    assert!(
        text.contains("write(1, \"ready "),
        "the trace holds what happened before the detach:\n{text}"
    );
    // It runs on: given its byte, it finishes (reaped by init; it is no longer our child).
    stdin.write_all(b"x").expect("write to the tracee");
    drop(stdin);
    let start = Instant::now();
    while !matches!(proc_state(pid), None | Some('Z' | 'X')) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "tracee {pid} did not finish after its byte"
        );
        std::thread::yield_now();
    }
}

/// The signals of strace's `-I`, by name, as a `/proc/PID/status` SigIgn mask shows them.
const INTERRUPT_SIGNALS: [(i32, &str); 8] = [
    (libc::SIGHUP, "HUP"),
    (libc::SIGINT, "INT"),
    (libc::SIGQUIT, "QUIT"),
    (libc::SIGPIPE, "PIPE"),
    (libc::SIGTERM, "TERM"),
    (libc::SIGTSTP, "TSTP"),
    (libc::SIGTTIN, "TTIN"),
    (libc::SIGTTOU, "TTOU"),
];

/// Which of [`INTERRUPT_SIGNALS`] process `pid` ignores, by name.
fn ignored_signals(pid: i32) -> Vec<&'static str> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let mask = status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .map(|m| u64::from_str_radix(m.trim(), 16).expect("a hex mask"))
        .expect("a SigIgn line");
    INTERRUPT_SIGNALS
        .iter()
        .filter(|(sig, _)| mask & (1 << (sig - 1)) != 0)
        .map(|&(_, name)| name)
        .collect()
}

/// `-I N` and its defaults: once the command runs, tracer ignores the signals strace 6.1 ignores
/// (SIGTTOU and SIGTTIN always; SIGHUP, SIGINT, SIGQUIT, SIGPIPE and SIGTERM with `-I3`, the
/// default for `-o FILE PROG`; SIGTSTP too with `-I4`), and the command inherits none of them.
/// With `-o FILE PROG` a SIGINT then leaves the trace going to the command's end and status.
#[test]
fn interruptible_modes_ignore_the_signals_strace_ignores() {
    let s = Scratch::new("interruptible_modes_ignore_the_signals_strace_ignores");
    let modes: [&[&str]; 6] = [
        &["-I1"],
        &["-I2"],
        &["-I3"],
        &["-I4"],
        &["-Inever_tstp"],
        &[],
    ];
    for (i, flags) in modes.iter().enumerate() {
        let mut seen = Vec::new();
        for (tool, backend) in [
            (Tool::Strace, None),
            (Tool::Tracer, Some("ebpf")),
            (Tool::Tracer, Some("ptrace")),
        ] {
            let out = s
                .path()
                .join(format!("{i}-{}", backend.unwrap_or("strace")));
            let what = format!("{} {} -o FILE", tool.name(), flags.join(" "));
            let mut cmd = Command::new(tool.bin());
            if let Some(b) = backend {
                cmd.args(["--backend", b]);
            }
            cmd.args(*flags)
                .arg("-o")
                .arg(&out)
                .args(["--", tracee_bin(), "wait-stdin"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut t = Guarded::spawn(&mut cmd, "tracer");
            let mut stdin = t.child().stdin.take().expect("piped");
            let mut stdout =
                LineReader::new(t.child().stdout.take().expect("piped"), "tracee's stdout");
            let pid = ready_pid(&stdout.next_line().expect("a ready line"));
            wait_blocked_in_read(pid, 0);
            // The command's own (the tracee, a Rust program, ignores SIGPIPE itself).
            let mine = (ignored_signals(t.pid()), ignored_signals(pid));
            let default_mode = flags.is_empty();
            if default_mode {
                // -I3: a Ctrl-C of tracer alone changes nothing; the trace goes on.
                t.signal(libc::SIGINT);
            }
            stdin.write_all(b"x").expect("write to the tracee");
            drop(stdin);
            let status = t.wait();
            assert_eq!(status.code(), Some(0), "{what}: the command's status");
            let text = std::fs::read_to_string(&out).expect("the trace");
            assert!(
                text.trim_end().ends_with("+++ exited with 0 +++"),
                "{what}: the trace goes to the command's end:\n{text}"
            );
            seen.push((what, mine));
        }
        let (want_what, want) = &seen[0];
        for (what, got) in &seen[1..] {
            assert_eq!(
                got, want,
                "{what}: signals ignored by the tool and the command (expected: {want_what})"
            );
        }
    }
}

/// `--seccomp-bpf`: the filter is in place in the command, and only the selected syscalls are
/// seen (and printed as strace prints them).
#[test]
fn seccomp_bpf_traces_only_the_selected_syscalls() {
    let s = Scratch::new("seccomp_bpf_traces_only_the_selected_syscalls");
    let out = s.path().join("trace");
    let mut t = Guarded::spawn(
        Command::new(tracer_bin())
            .args(["--seccomp-bpf", "-f", "-e", "trace=getpid", "-o"])
            .arg(&out)
            .args(["--", tracee_bin(), "wait-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
        "tracer",
    );
    let mut stdin = t.child().stdin.take().expect("piped");
    let mut stdout = LineReader::new(t.child().stdout.take().expect("piped"), "tracee's stdout");
    let pid = ready_pid(&stdout.next_line().expect("a ready line"));
    // Mode 2: a filter. (The tracer is attached, yet the tracee's read didn't stop it.)
    assert_eq!(status_field(pid, "Seccomp").as_deref(), Some("2"));
    stdin.write_all(b"x").expect("write to the tracee");
    drop(stdin);
    assert_eq!(t.wait().code(), Some(0));
    let text = std::fs::read_to_string(&out).expect("the trace");
    let raw: Vec<String> = text.lines().map(str::to_owned).collect();
    let got = by_pid(&Normalise::follow().lines(&raw));
    // std::process::id() and the scenario's own call.
    let getpid = "<pid1> ".to_owned() + &sys("getpid()", "<pid1>");
    assert_lines(
        "--seccomp-bpf -e trace=getpid",
        &[
            getpid.clone(),
            getpid,
            "<pid1> +++ exited with 0 +++".to_owned(),
        ],
        &got,
    );
    // And as strace prints it.
    let (st, _, _) = output_deadline(
        Command::new(STRACE)
            .args(["--seccomp-bpf", "-f", "-e", "trace=getpid", "-o"])
            .arg(s.path().join("strace"))
            .args(["--", tracee_bin(), "wait-stdin"]),
        "strace",
    );
    assert!(st.success());
    let strace: Vec<String> = std::fs::read_to_string(s.path().join("strace"))
        .expect("strace's trace")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_lines(
        "strace --seccomp-bpf -e trace=getpid",
        &by_pid(&Normalise::follow().lines(&strace)),
        &by_pid(&Normalise::follow().lines(&raw)),
    );
}

/// Without `-f`, `--seccomp-bpf` is turned off with strace's message, and tracing goes on.
#[test]
fn seccomp_bpf_needs_f() {
    let s = Scratch::new("seccomp_bpf_needs_f");
    let r = run(
        Tool::Tracer,
        &["--seccomp-bpf", "-e", "trace=exit_group"],
        &["exit", "3"],
        &s,
        "run",
    );
    assert_eq!(r.status.code(), Some(3));
    assert_eq!(
        r.stderr,
        "tracer: --seccomp-bpf cannot be used without -f/--follow-forks, disabling\n"
    );
    assert_eq!(
        r.lines,
        [
            sys("exit_group(3)", "?"),
            "+++ exited with 3 +++".to_owned()
        ]
    );
}

/// Deep decoding: ptrace stops only at the deep syscalls, eBPF reports the rest; the lines are
/// those of eBPF alone, in the same order within each process, each once.
#[test]
fn deep_decoding_mixes_both_streams_in_order() {
    let s = Scratch::new("deep_decoding_mixes_both_streams_in_order");
    for (i, scenario) in [
        &["files", "DIR"][..],
        &["files-child", "DIR"][..],
        &["fork"][..],
    ]
    .iter()
    .enumerate()
    {
        let what = format!(
            "tracee {} with -e deep=write,close,openat",
            scenario.join(" ")
        );
        let (ec, es, ebpf) = lines_of(
            Tool::Tracer,
            Some("ebpf"),
            &[],
            scenario,
            &s,
            &format!("e{i}"),
        );
        let (dc, ds, deep) = lines_of(
            Tool::Tracer,
            None,
            &["-e", "deep=write,close,openat"],
            scenario,
            &s,
            &format!("d{i}"),
        );
        assert_eq!((dc, ds), (ec, es), "{what}: exit status");
        assert_same_lines(&format!("{what} (expected: eBPF alone)"), &ebpf, &deep);
    }
}

#[test]
fn deep_decoding_needs_f() {
    let s = Scratch::new("deep_decoding_needs_f");
    let (status, _, stderr) = output_deadline(
        Command::new(tracer_bin())
            .args(["-e", "deep=openat", "-o"])
            .arg(s.path().join("trace"))
            .args(["--", tracee_bin(), "exit", "0"]),
        "tracer",
    );
    assert_eq!(status.code(), Some(1));
    assert_eq!(stderr, "tracer: deep decoding (-e deep=) needs -f\n");
}

/// `-c` under ptrace: the same summary code, the same calls and errors as the kernel counts.
#[test]
fn counting_under_both_backends() {
    let s = Scratch::new("counting_under_both_backends");
    let table = |backend: &str| {
        let dir = s.subdir(backend);
        let r = run(
            Tool::Tracer,
            &[
                "--backend",
                backend,
                "-f",
                "-c",
                "-U",
                "calls,errors,name",
                "-S",
                "name",
            ],
            &["files", dir.to_str().expect("UTF-8")],
            &s,
            backend,
        );
        assert_eq!(r.status.code(), Some(0), "{}", r.dump());
        r.lines
    };
    let ebpf = table("ebpf");
    assert!(ebpf.iter().any(|l| l.ends_with(" openat")), "{ebpf:?}");
    assert_lines("-c (expected: --backend ebpf)", &ebpf, &table("ptrace"));
}

/// A tracee killed inside a syscall: `<unfinished ...>`, then the death, and tracer dies of the
/// same signal (no hang).
#[test]
fn killed_inside_a_syscall() {
    let s = Scratch::new("killed_inside_a_syscall");
    let mut started = common::start(
        Tool::Tracer,
        &["--backend", "ptrace", "-f"],
        &["sleep-read"],
        &s,
        "run",
    );
    let ready = common::read_line_deadline(started.take_stdout());
    let pid = ready_pid(&ready);
    wait_blocked_in_read(pid, 3);
    // SAFETY: kill takes no pointers; `pid` is the tracee, blocked in read.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let r = started.finish();
    assert_eq!(r.status.signal(), Some(libc::SIGKILL), "{}", r.dump());
    let lines = Normalise::follow().lines(&r.lines);
    let tail: Vec<String> = common::texts(&lines[lines.len().saturating_sub(2)..]);
    assert_lines(
        "ptrace: read cut short by SIGKILL",
        &[
            sys("read(3,  <unfinished ...>)", "?"),
            "+++ killed by SIGKILL +++".to_owned(),
        ],
        &tail,
    );
}

/// When the command can't be seized (here: strace already traces it), tracer says so in one
/// line and exits 1, and the command it had forked ends too instead of waiting forever.
#[test]
fn refused_seize_leaves_no_command_behind() {
    let (status, _, stderr) = output_deadline(
        Command::new(STRACE)
            .args(["-f", "-qq", "-o", "/dev/null"])
            .arg(tracer_bin())
            .args(["--backend", "ptrace", "--", tracee_bin(), "exit", "0"]),
        "strace -f tracer --backend ptrace",
    );
    assert_eq!(status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() == 1
            && lines[0].starts_with("tracer: attach: ptrace(PTRACE_SEIZE, ")
            && lines[0].ends_with("): Operation not permitted"),
        "one line saying why, got:\n{stderr}"
    );
}

/// Group-stop: a command that stops itself stays stopped (PTRACE_LISTEN) until SIGCONT, as
/// without tracer, and the lines say so as strace's do.
#[test]
fn stopped_by_signal_until_sigcont() {
    let s = Scratch::new("stopped_by_signal_until_sigcont");
    let out = s.path().join("trace");
    let t = Guarded::spawn(
        Command::new(tracer_bin())
            .args(["--backend", "ptrace", "-e", "trace=kill,exit_group", "-o"])
            .arg(&out)
            .args(["--", "/bin/sh", "-c", "kill -STOP $$; exit 4"])
            .stdin(Stdio::null()),
        "tracer",
    );
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        if text.contains("--- stopped by SIGSTOP ---") {
            break text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no group-stop line:\n{text}"
        );
        std::thread::yield_now();
    };
    let pid: i32 = text
        .lines()
        .find_map(|l| l.strip_prefix("kill(")?.split(',').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no kill line:\n{text}"));
    // Stopped, and stays so: nothing but SIGCONT resumes it.
    assert!(
        matches!(proc_state(pid), Some('t' | 'T')),
        "{:?}",
        proc_state(pid)
    );
    // SAFETY: kill takes no pointers; `pid` is the stopped command, a child of tracer.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    assert_eq!(t.wait().code(), Some(4));
    let text = std::fs::read_to_string(&out).expect("the trace");
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            // The sender's uid is ours.
            l.replace(
                &format!("si_uid={}", unsafe { libc::getuid() }),
                "si_uid=UID",
            )
        })
        .collect();
    assert_lines(
        "sh stopping itself",
        &[
            sys(&format!("kill({pid}, SIGSTOP)"), "0"),
            format!(
                "--- SIGSTOP {{si_signo=SIGSTOP, si_code=SI_USER, si_pid={pid}, si_uid=UID}} ---"
            ),
            "--- stopped by SIGSTOP ---".to_owned(),
            format!(
                "--- SIGCONT {{si_signo=SIGCONT, si_code=SI_USER, si_pid={}, si_uid=UID}} ---",
                std::process::id()
            ),
            sys("exit_group(4)", "?"),
            "+++ exited with 4 +++".to_owned(),
        ],
        &lines,
    );
}

/// A tracee that execs a setuid program: traced through it, no hang, the right end.
#[test]
fn exec_of_a_setuid_program() {
    let s = Scratch::new("exec_of_a_setuid_program");
    let out = s.path().join("trace");
    let (status, _, stderr) = output_deadline(
        Command::new(tracer_bin())
            .args([
                "--backend",
                "ptrace",
                "-f",
                "-e",
                "trace=execve,exit_group",
                "-o",
            ])
            .arg(&out)
            .args([
                "--",
                "/bin/sh",
                "-c",
                "/usr/bin/passwd -S root >/dev/null; exit 3",
            ]),
        "tracer",
    );
    assert_eq!(status.code(), Some(3), "{stderr}");
    let text = std::fs::read_to_string(&out).expect("the trace");
    assert!(
        text.lines()
            .any(|l| l.contains("execve(\"/usr/bin/passwd\"") && l.ends_with("= 0")),
        "the setuid exec is traced:\n{text}"
    );
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.ends_with("+++ exited with 3 +++")),
        "{text}"
    );
}

/// `-p` of a process with threads under ptrace: every thread is seized and, on SIGINT,
/// released: none is left stopped or traced, and the process still works.
#[test]
fn attach_to_threads_and_detach() {
    let mut p = Guarded::spawn(
        Command::new(tracee_bin())
            .args(["threads", "3"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped()),
        "tracee threads 3",
    );
    let mut out = LineReader::new(p.child().stdout.take().expect("piped"), "tracee's stdout");
    let pid = ready_pid(&out.next_line().expect("a ready line"));
    let pid_arg = pid.to_string();
    let mut t = LiveTracer::start(&["--backend", "ptrace", "-o", "/dev/null", "-p", &pid_arg]);
    let attached = format!("tracer: Process {pid} attached with 4 threads");
    t.stderr
        .wait_for(&format!("{attached:?}"), |l| l == attached);
    let mut stdin = p.child().stdin.take().expect("piped");
    stdin.write_all(b"a").expect("write to the tracee");
    stdin.flush().expect("flush");
    for _ in 0..3 {
        out.next_line().expect("a tick");
    }
    let ended = t.stop();
    assert!(
        ended
            .stderr
            .contains(&format!("tracer: Process {pid} detached")),
        "{}",
        ended.dump()
    );
    let tasks: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the process is alive")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    assert_eq!(tasks.len(), 4);
    for tid in tasks {
        assert_running_untraced(tid, "after the detach");
    }
    // Still working: a byte gives 3 ticks, EOF ends it with 0.
    stdin.write_all(b"b").expect("write to the tracee");
    stdin.flush().expect("flush");
    for _ in 0..3 {
        out.next_line().expect("a tick");
    }
    drop(stdin);
    assert_eq!(p.wait().code(), Some(0));
}

/// Memory the tracee never touched can't be read from eBPF (the write's buffer prints as its
/// address); ptrace reads it, alone or as deep decoding of `write`: strace's lines.
#[test]
fn deep_reads_what_ebpf_cannot() {
    let s = Scratch::new("deep_reads_what_ebpf_cannot");
    let file = s.path().join("file");
    std::fs::write(&file, "hello untouched\n").expect("write the file");
    let file = file.to_str().expect("UTF-8");
    let run_with = |tool: Tool, backend: Option<&str>, flags: &[&str], name: &str| {
        let (code, _, lines) = lines_of(tool, backend, flags, &["untouched", file], &s, name);
        assert_eq!(code, Some(0), "{name}");
        lines
            .into_iter()
            .filter(|l| l.contains("write(99, "))
            .collect::<Vec<_>>()
    };
    let strace = run_with(Tool::Strace, None, &[], "strace");
    assert_lines(
        "strace",
        &["<pid1> ".to_owned()
            + &sys(
                r#"write(99, "hello untouched\n", 16)"#,
                "-1 EBADF (Bad file descriptor)",
            )],
        &strace,
    );
    let ebpf = run_with(Tool::Tracer, Some("ebpf"), &[], "ebpf");
    assert!(
        !ebpf.is_empty() && ebpf.iter().all(|l| l.contains("write(99, 0x")),
        "eBPF can't read the untouched page: {ebpf:?}"
    );
    let deep = run_with(Tool::Tracer, None, &["-e", "deep=write"], "deep");
    assert_lines("-e deep=write (expected: strace)", &strace, &deep);
    let ptrace = run_with(Tool::Tracer, Some("ptrace"), &[], "ptrace");
    assert_lines("--backend ptrace (expected: strace)", &strace, &ptrace);
}

/// Arguments deeper than the kernel side's bounded copies (a buffer past 4096 bytes with
/// `-s 10000`, a 400-variable environment and 100 iovecs with `-v`): ptrace reads them as far
/// as strace prints them, alone and as deep decoding.
#[test]
fn ptrace_copies_as_deep_as_strace_prints() {
    let s = Scratch::new("ptrace_copies_as_deep_as_strace_prints");
    let run_with = |tool: Tool, backend: Option<&str>, flags: &[&str], name: &str| {
        let (code, _, lines) = lines_of(tool, backend, flags, &["deep"], &s, name);
        assert_eq!(code, Some(0), "{name}");
        lines
            .into_iter()
            .filter(|l| {
                ["write(", "writev(", "execve("]
                    .iter()
                    .any(|c| l.contains(c))
            })
            // The environment's address differs from run to run.
            .map(|l| addresses_as_addr(&l))
            .collect::<Vec<_>>()
    };
    for (i, flags) in [&["-s", "10000"][..], &["-v"], &["-v", "-s", "10000"]]
        .iter()
        .enumerate()
    {
        let strace = run_with(Tool::Strace, None, flags, &format!("strace{i}"));
        assert_eq!(strace.len(), 3, "strace {flags:?}: {strace:?}");
        let ptrace = run_with(Tool::Tracer, Some("ptrace"), flags, &format!("ptrace{i}"));
        assert_lines(
            &format!("--backend ptrace {flags:?} (expected: strace)"),
            &strace,
            &ptrace,
        );
        let mut deep = flags.to_vec();
        deep.extend(["-e", "deep=write,writev,execve"]);
        let deep_lines = run_with(Tool::Tracer, None, &deep, &format!("deep{i}"));
        assert_lines(
            &format!("-e deep= {flags:?} (expected: strace)"),
            &strace,
            &deep_lines,
        );
    }
}

/// `line` with every hexadecimal address of 8 digits or more as `ADDR`.
fn addresses_as_addr(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        let digits = rest[at + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        if digits >= 8 {
            out.push_str("ADDR");
        } else {
            out.push_str(&rest[at..at + 2 + digits]);
        }
        rest = &rest[at + 2 + digits..];
    }
    out.push_str(rest);
    out
}
