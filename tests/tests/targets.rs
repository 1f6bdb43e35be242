//! Cgroup, unit, container and system-wide targets: only the processes inside are traced, from
//! the moment they are inside, cgroups made after the start included; the lines carry the pid
//! (and with `--decode-cgroup` or system-wide, the process name and its unit or container).
//!
//! The cgroups are real ones, made under the real cgroup2 mount with names unique to the test
//! (`tracer-test-<pid>-<name>`) and removed afterwards. tracer is attached once it prints
//! `tracer: tracing cgroup /REL and below`: the tests start their processes after that line.
mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    Ended, Guarded, Leader, LineReader, LiveTracer, MARKER_LINE, Normalise, Scratch, TestCgroup,
    Tool, after_marker, assert_lines, output_deadline, raw_pid, ready_pid, run, sys, texts,
    tracee_bin, unique_name, wait_blocked_in_read,
};

/// What strace -f prints for `tracee files DIR` after the marker, DIR written `DIR`: the lines a
/// traced `files` run must print.
fn files_by_strace(s: &Scratch) -> Vec<String> {
    let dir = s.subdir("strace");
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let r = run(Tool::Strace, &["-f"], &["files", dir], s, "strace");
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    texts(&after_marker(
        Normalise::follow().sub(dir, "DIR").lines(&r.lines),
    ))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("paths here are UTF-8")
}

/// The trace file's lines.
fn read_trace(out: &Path, ended: &Ended) -> Vec<String> {
    std::fs::read_to_string(out)
        .unwrap_or_else(|e| panic!("no trace in {} ({e})\n{}", out.display(), ended.dump()))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every line of the trace is from `pid`.
#[track_caller]
fn only_pid(lines: &[String], pid: i32) {
    assert!(
        lines.iter().any(|l| raw_pid(l) == Some(pid as u32)),
        "no line of {pid}:\n{}",
        lines.join("\n")
    );
    let others: Vec<&String> = lines
        .iter()
        .filter(|l| raw_pid(l) != Some(pid as u32))
        .collect();
    assert!(
        others.is_empty(),
        "lines that are not from {pid} (the only process in the cgroup):\n{}",
        others
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn tracee(args: &[&str]) -> Command {
    let mut c = Command::new(tracee_bin());
    c.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// `exit N` after the marker.
fn exit_lines(n: i32) -> Vec<String> {
    vec![
        MARKER_LINE.to_owned(),
        sys(&format!("exit_group({n})"), "?"),
        format!("+++ exited with {n} +++"),
    ]
}

#[test]
fn cgroup_traces_only_the_processes_inside() {
    let s = Scratch::new("cgroup_traces_only_the_processes_inside");
    let want = files_by_strace(&s);
    let cg = TestCgroup::new("inside");
    let out = s.path().join("trace");
    // The absolute form of the path.
    let mut t = LiveTracer::start(&["-o", path_str(&out), "--cgroup", path_str(cg.path())]);
    t.wait_cgroup_line(&cg.rel());

    let din = s.subdir("in");
    let dout = s.subdir("out");
    let inside = Guarded::spawn_in(
        &mut tracee(&["files", path_str(&din)]),
        cg.path(),
        "tracee inside",
    );
    let outside = Guarded::spawn(&mut tracee(&["files", path_str(&dout)]), "tracee outside");
    let (pin, pout) = (inside.pid(), outside.pid());
    assert_eq!(inside.wait().code(), Some(0));
    assert_eq!(outside.wait().code(), Some(0));
    let ended = t.stop();
    let lines = read_trace(&out, &ended);

    assert!(
        !lines.iter().any(|l| raw_pid(l) == Some(pout as u32)),
        "the process outside the cgroup ({pout}) was traced:\n{}",
        lines.join("\n")
    );
    only_pid(&lines, pin);
    let got = texts(&after_marker(
        Normalise::follow().sub(path_str(&din), "DIR").lines(&lines),
    ));
    assert_lines(
        "tracer --cgroup, files inside (expected: strace)",
        &want,
        &got,
    );
}

#[test]
fn process_moved_into_the_cgroup_is_traced_from_then_on() {
    let cg = TestCgroup::new("moved");
    let s = Scratch::new("process_moved_into_the_cgroup_is_traced_from_then_on");
    let out = s.path().join("trace");
    // The relative form of the path (below the cgroup2 mount).
    let rel = cg.rel();
    let mut t = LiveTracer::start(&["-o", path_str(&out), "--cgroup", &rel[1..]]);
    t.wait_cgroup_line(&rel);

    let mut p = Guarded::spawn(
        tracee(&["wait-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped()),
        "tracee wait-stdin",
    );
    let mut stdout = LineReader::new(
        p.child().stdout.take().expect("piped"),
        "the tracee's stdout",
    );
    let pid = ready_pid(&stdout.next_line().expect("a ready line"));
    wait_blocked_in_read(pid, 0);
    TestCgroup::move_into(cg.path(), pid);
    {
        use std::io::Write as _;
        let stdin = p.child().stdin.as_mut().expect("piped");
        stdin.write_all(b"x").expect("write to the tracee");
    }
    assert_eq!(p.wait().code(), Some(0));
    let ended = t.stop();
    let lines = read_trace(&out, &ended);

    only_pid(&lines, pid);
    assert!(
        !lines.iter().any(|l| l.contains("ready")),
        "a syscall made before the process entered the cgroup was traced:\n{}",
        lines.join("\n")
    );
    let want = [
        MARKER_LINE.to_owned(),
        sys("getpid()", "<pid1>"),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ];
    let got = texts(&after_marker(Normalise::follow().lines(&lines)));
    assert_lines("tracer --cgroup, process moved in", &want, &got);
}

#[test]
fn cgroup_made_after_the_start_is_traced() {
    let mut cg = TestCgroup::new("nested");
    // No -o: the lines go to stderr as `[pid  PID] …`.
    let mut t = LiveTracer::start(&["--cgroup", path_str(cg.path())]);
    t.wait_cgroup_line(&cg.rel());
    let deep = cg.mkdir("late/deeper");
    let p = Guarded::spawn_in(&mut tracee(&["exit", "7"]), &deep, "tracee exit 7");
    let pid = p.pid();
    assert_eq!(p.wait().code(), Some(7));
    let ended = t.stop();

    let trace: Vec<String> = ended
        .stderr
        .iter()
        .filter(|l| !l.starts_with("tracer: "))
        .cloned()
        .collect();
    let prefix = format!("[pid {pid:>5}] ");
    let foreign: Vec<&String> = trace.iter().filter(|l| !l.starts_with(&prefix)).collect();
    assert!(
        foreign.is_empty(),
        "lines without {prefix:?} (the only process in the cgroup):\n{}",
        ended.dump()
    );
    let got = texts(&after_marker(
        Normalise::default().lines_led(&trace, Leader::Bracket),
    ));
    assert_lines(
        "tracer --cgroup, process in a cgroup made after the start",
        &exit_lines(7),
        &got,
    );
}

/// From the marker on (before, the process was not yet the tracee: its name was another),
/// every line of process `pid` has, after `PID  `, a label `want` accepts (`want` gets the rest
/// of the line, label and call).
#[track_caller]
fn assert_labels(lines: &[String], pid: i32, what: &str, want: impl Fn(&str) -> bool) {
    let prefix = format!("{pid:<5} ");
    let from = lines
        .iter()
        .position(|l| l.contains(r#"access("/tracee-marker-start", F_OK)"#))
        .unwrap_or_else(|| panic!("no marker line in:\n{}", lines.join("\n")));
    let bad: Vec<&String> = lines[from..]
        .iter()
        .filter(|l| !l.strip_prefix(&prefix).is_some_and(&want))
        .collect();
    assert!(
        bad.is_empty(),
        "lines without `{prefix}{what} `:\n{}\n--- the whole trace ---\n{}",
        bad.iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        lines.join("\n")
    );
}

/// Starts `tracer ARGS -o FILE`, checks that it resolved to `cg`, runs `exit N` in `cg`, stops
/// tracer and returns the tracee's pid and the trace's lines, having checked they are all the
/// tracee's.
fn trace_exit_in(
    cg: &TestCgroup,
    args: &[&str],
    n: i32,
    s: &Scratch,
    name: &str,
) -> (i32, Vec<String>) {
    let out = s.path().join(name);
    let mut all = vec!["-o", path_str(&out)];
    all.extend_from_slice(args);
    let mut t = LiveTracer::start(&all);
    t.wait_cgroup_line(&cg.rel());
    let arg = n.to_string();
    let p = Guarded::spawn_in(&mut tracee(&["exit", &arg]), cg.path(), "tracee exit N");
    let pid = p.pid();
    assert_eq!(p.wait().code(), Some(n));
    let ended = t.stop();
    let lines = read_trace(&out, &ended);
    only_pid(&lines, pid);
    (pid, lines)
}

#[test]
fn unit_resolves_by_the_standard_layout() {
    let s = Scratch::new("unit_resolves_by_the_standard_layout");
    let name = unique_name("unit");
    let cg = TestCgroup::at(&format!("system.slice/{name}.service"));

    // `.service` left out; with --decode-cgroup the lines say `PID  COMM UNIT `.
    let (pid, lines) = trace_exit_in(&cg, &["--unit", &name, "--decode-cgroup"], 3, &s, "short");
    let label = format!("tracee {name}.service");
    assert_labels(&lines, pid, &label, |rest| {
        rest.starts_with(&format!("{label} "))
    });
    let after = after_marker(Normalise::follow().lines_led(&lines, Leader::Labelled { words: 2 }));
    assert_lines(
        "tracer --unit NAME --decode-cgroup",
        &exit_lines(3),
        &texts(&after),
    );

    // The full name; without --decode-cgroup, `PID  ` alone.
    let full = format!("{name}.service");
    let (_, lines) = trace_exit_in(&cg, &["--unit", &full], 4, &s, "full");
    assert_lines(
        "tracer --unit NAME.service",
        &exit_lines(4),
        &texts(&after_marker(Normalise::follow().lines(&lines))),
    );
}

/// A docker container id (64 hex digits) unique to this test binary, starting with `tag`.
fn container_id(tag: &str) -> String {
    let head = format!("{:08x}{tag}", std::process::id());
    format!("{head}{}", "0123456789abcdef".repeat(4))[..64].to_owned()
}

#[test]
fn container_prefix_resolves_to_its_scope() {
    let s = Scratch::new("container_prefix_resolves_to_its_scope");
    let id = container_id("7e57");
    let cg = TestCgroup::at(&format!("system.slice/docker-{id}.scope"));

    let (pid, lines) = trace_exit_in(
        &cg,
        &["--container", &id[..12], "--decode-cgroup"],
        5,
        &s,
        "prefix",
    );
    let short = &id[..12];
    assert_labels(&lines, pid, &format!("tracee LABEL-WITH-{short}"), |rest| {
        rest.strip_prefix("tracee ")
            .and_then(|r| r.split_once(' '))
            .is_some_and(|(label, _)| label.contains(short))
    });
    let after = after_marker(Normalise::follow().lines_led(&lines, Leader::Labelled { words: 2 }));
    assert_lines(
        "tracer --container PREFIX --decode-cgroup",
        &exit_lines(5),
        &texts(&after),
    );

    let (_, lines) = trace_exit_in(&cg, &["--container", &id], 6, &s, "full");
    assert_lines(
        "tracer --container ID",
        &exit_lines(6),
        &texts(&after_marker(Normalise::follow().lines(&lines))),
    );
}

/// `tracer ARGS` must fail at once: exit 1, one line on stderr, nothing on stdout.
fn one_line_error(args: &[&str]) -> String {
    let what = format!("tracer {}", args.join(" "));
    let (status, stdout, stderr) =
        output_deadline(Command::new(common::tracer_bin()).args(args), &what);
    assert_eq!(status.code(), Some(1), "{what}: status; stderr:\n{stderr}");
    assert_eq!(stdout, "", "{what} wrote on stdout");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() == 1 && lines[0].starts_with("tracer: ") && stderr.ends_with('\n'),
        "{what}: want one line `tracer: …` on stderr, got:\n{stderr}"
    );
    lines[0].to_owned()
}

#[test]
fn missing_unit_or_container_is_one_line_and_exit_1() {
    let unit = unique_name("nosuch");
    let line = one_line_error(&["--unit", &unit]);
    assert!(line.contains(&unit), "{line:?} doesn't name the unit");
    let id = container_id("dead");
    let line = one_line_error(&["--container", &id[..12]]);
    assert!(
        line.contains(&id[..12]),
        "{line:?} doesn't name the container"
    );
    let cg = format!("/{}", unique_name("nosuch"));
    one_line_error(&["--cgroup", &cg]);
}

#[test]
fn system_wide_comm_traces_only_that_program() {
    let s = Scratch::new("system_wide_comm_traces_only_that_program");
    let want = files_by_strace(&s);
    // A name of its own (at most 15 bytes, the kernel's comm): a symlink's name becomes the comm.
    let comm = format!("tt-{}-sw", std::process::id());
    assert!(comm.len() <= 15);
    let link = s.path().join(&comm);
    std::os::unix::fs::symlink(tracee_bin(), &link).expect("symlink the tracee");

    let out = s.path().join("trace");
    let mut t = LiveTracer::start(&["-o", path_str(&out), "--system-wide", "--comm", &comm]);
    // Nothing but a target-less run: tracer's first line says it is tracing.
    t.stderr
        .wait_for("tracer's start line", |l| l.starts_with("tracer: "));

    let dmine = s.subdir("mine");
    let dother = s.subdir("other");
    let mut cmd = Command::new(&link);
    cmd.args(["files", path_str(&dmine)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mine = Guarded::spawn(&mut cmd, "the renamed tracee");
    let other = Guarded::spawn(&mut tracee(&["files", path_str(&dother)]), "tracee");
    let (pmine, pother) = (mine.pid(), other.pid());
    assert_eq!(mine.wait().code(), Some(0));
    assert_eq!(other.wait().code(), Some(0));
    let ended = t.stop();
    let lines = read_trace(&out, &ended);

    assert!(
        !lines.iter().any(|l| raw_pid(l) == Some(pother as u32)),
        "--comm {comm} traced `tracee` ({pother})"
    );
    only_pid(&lines, pmine);
    assert_labels(&lines, pmine, &comm, |rest| {
        rest.starts_with(&format!("{comm} "))
    });
    let after = after_marker(
        Normalise::follow()
            .sub(path_str(&dmine), "DIR")
            .lines_led(&lines, Leader::Labelled { words: 1 }),
    );
    assert_lines(
        &format!("tracer --comm {comm}, files (expected: strace)"),
        &want,
        &texts(&after),
    );
}

/// The harness: labelled and bracketed leaders are split off, and count towards the padding.
#[test]
fn leaders_are_split_off() {
    // strace pads to column 39 counting whatever comes before the call.
    let padded = |head: &str, result: &str| format!("{head:<39} = {result}");
    let raw = [
        padded("4242  tracee x.service getpid()", "4242"),
        "4242  tracee x.service +++ exited with 0 +++".to_owned(),
    ];
    let l = Normalise::follow().lines_led(&raw, Leader::Labelled { words: 2 });
    assert_eq!(l[0].label, "tracee x.service");
    assert_eq!(l[0].pid, "<pid1>");
    assert_eq!(l[0].text, sys("getpid()", "<pid1>"));
    assert_eq!(l[1].text, "+++ exited with 0 +++");

    let raw = [
        padded("[pid  4242] getpid()", "4242"),
        padded("[pid  4243 tt-1-sw] getpid()", "4243"),
    ];
    let l = Normalise::default().lines_led(&raw, Leader::Bracket);
    assert_eq!((l[0].pid.as_str(), l[0].label.as_str()), ("<pid1>", ""));
    assert_eq!(l[0].text, sys("getpid()", "<pid1>"));
    assert_eq!(l[1].label, "tt-1-sw");
    assert_eq!(l[1].text, sys("getpid()", "<pid2>"));
}
