//! `-e inject=` and `-e fault=` (strace 6.1's tampering), which only the ptrace backend does:
//! the same command under strace and under tracer gives the same lines (the injected results,
//! strace's `(INJECTED)` notes, the signal after the call, poked memory), `-c` counts the
//! injected results, a delay holds only its own tracee, and `--backend ebpf` refuses in one line
//! before anything runs.
//!
//! The `tamper` and `hold` scenarios (src/bin/tracee.rs) make the calls. The dynamic loader and
//! the Rust runtime make some of the same calls (close, read) before the marker, and strace
//! counts every traced call for `when=`: [`Before`] counts them once, under strace, so that each
//! rule names the calls after the marker.
mod common;

use std::collections::BTreeMap;

use common::{Normalise, Run, Scratch, Tool, after_marker, assert_lines, by_pid, run};

/// The calls the scenarios tamper with.
const NAMES: &[&str] = &["close", "read", "write", "getpid", "getppid", "getuid"];

/// How many calls of each of [`NAMES`] the tracee makes before its marker.
struct Before(BTreeMap<String, u64>);

impl Before {
    fn count(s: &Scratch, scenario: &str) -> Before {
        let trace = format!("-etrace=access,{}", NAMES.join(","));
        let r = ok(run(Tool::Strace, &[&trace], &[scenario], s, "before"));
        let marker = r
            .lines
            .iter()
            .position(|l| l.starts_with("access(\"/tracee-marker-start\""))
            .unwrap_or_else(|| panic!("no marker\n{}", r.dump()));
        let mut n = BTreeMap::new();
        for l in &r.lines[..marker] {
            if let Some((name, _)) = l.split_once('(') {
                *n.entry(name.to_owned()).or_insert(0) += 1;
            }
        }
        Before(n)
    }

    /// `when=` for the `k`th (from 1) call of `name` after the marker, to the `k2`th.
    fn when(&self, name: &str, k: u64, k2: Option<u64>) -> String {
        let n = self.0.get(name).copied().unwrap_or(0);
        match k2 {
            Some(k2) => format!("when={}..{}", n + k, n + k2),
            None => format!("when={}", n + k),
        }
    }

    /// `when=` for every call of `name` from the `k`th after the marker on.
    fn from(&self, name: &str, k: u64) -> String {
        format!("when={}+", self.0.get(name).copied().unwrap_or(0) + k)
    }
}

fn ok(r: Run) -> Run {
    assert!(r.status.success(), "{}", r.dump());
    r
}

/// `TOOL -f FLAGS -o FILE -- tracee SCENARIO` (`-f`: lines carry pids, which getpid's
/// results are compared by): its lines from the marker on, by process, and the run.
fn traced(
    tool: Tool,
    flags: &[&str],
    scenario: &str,
    s: &Scratch,
    name: &str,
) -> (Vec<String>, Run) {
    let mut all = vec!["-f"];
    all.extend_from_slice(flags);
    let r = ok(run(tool, &all, &[scenario], s, name));
    if tool == Tool::Tracer {
        // No "tracing with ptrace" line: choosing ptrace for tampering is the documented way.
        assert_eq!(r.stderr, "", "{name} wrote on stderr\n{}", r.dump());
    }
    let norm = Normalise {
        pid_prefix: true,
        timestamps: flags.contains(&"-ttt"),
        durations: flags.contains(&"-T"),
        ..Normalise::default()
    };
    let lines = by_pid(&after_marker(norm.lines(&r.lines)));
    (lines.iter().map(|l| parent_pid_masked(l)).collect(), r)
}

/// getppid's result is the tool's pid: `= PPID`.
fn parent_pid_masked(line: &str) -> String {
    match line.split_once("getppid() ") {
        Some((head, rest)) => match rest.split_once("= ") {
            Some((pad, result)) => {
                let tail = result.trim_start_matches(|c: char| c.is_ascii_digit());
                format!("{head}getppid() {pad}= PPID{tail}")
            }
            None => line.to_owned(),
        },
        None => line.to_owned(),
    }
}

/// Runs `flags` under strace and under tracer (both backends' choice: `auto` and `ptrace`)
/// and compares their lines; returns strace's.
fn same_as_strace(flags: &[&str], scenario: &str, s: &Scratch, name: &str) -> Vec<String> {
    let (expected, _) = traced(Tool::Strace, flags, scenario, s, &format!("{name}-strace"));
    for backend in ["auto", "ptrace"] {
        let mut all = vec!["--backend", backend];
        all.extend_from_slice(flags);
        let (actual, _) = traced(
            Tool::Tracer,
            &all,
            scenario,
            s,
            &format!("{name}-{backend}"),
        );
        assert_lines(
            &format!("{} (--backend {backend})", flags.join(" ")),
            &expected,
            &actual,
        );
    }
    expected
}

#[test]
fn results_errors_and_notes_as_strace() {
    let s = Scratch::new("inject_results");
    let b = Before::count(&s, "tamper");
    // The brief's example: getppid is not traced, so it is not tampered with (no signal).
    let getpid = format!("inject=getpid:retval=42:{}", b.from("getpid", 2));
    let close = format!("fault=close:error=EBADF:{}", b.when("close", 1, Some(2)));
    let flags = [
        "-e",
        "trace=access,getpid,close",
        "-e",
        &getpid,
        "-e",
        &close,
        "-e",
        "inject=getppid:signal=SIGUSR1",
    ];
    let lines = same_as_strace(&flags, "tamper", &s, "example");
    let ends = |call: &str, end: &str| {
        lines
            .iter()
            .filter(|l| l.contains(&format!("> {call}")) && l.ends_with(end))
            .count()
    };
    let all = lines.join("\n");
    assert_eq!(ends("getpid()", "= <pid1>"), 1, "{all}");
    assert_eq!(ends("getpid()", "= 42 (INJECTED)"), 2, "{all}");
    let ebadf = "= -1 EBADF (Bad file descriptor) (INJECTED)";
    assert_eq!(ends("close(4)", ebadf), 2, "{all}");
    assert_eq!(ends("close(4)", "= 0"), 1, "{all}");
    assert!(!all.contains("SIGUSR1"), "{all}");
    // fault='s default (ENOSYS), a later rule replacing an earlier one, syscall=, and an
    // error that is not a failure of the kernel's (close's success replaced).
    let getpid = format!("inject=getpid:error=EPERM:{}", b.when("getpid", 3, None));
    let getuid = format!(
        "inject=getuid:retval=7:syscall=getpid:{}",
        b.from("getuid", 1)
    );
    let close = format!("inject=close:retval=0:{}", b.from("close", 1));
    same_as_strace(
        &[
            "-e",
            "trace=access,getpid,close,getuid",
            "-e",
            "fault=getpid",
            "-e",
            &getpid,
            "-e",
            &getuid,
            "-e",
            &close,
        ],
        "tamper",
        &s,
        "more",
    );
}

#[test]
fn signal_after_the_call_and_poked_memory_as_strace() {
    let s = Scratch::new("inject_signal_poke");
    let b = Before::count(&s, "tamper");
    // read(3, "hi!", 4) = 3 (INJECTED: args, retval); write(99, "XXX", 3) = -1 EBADF
    // (INJECTED: args); getppid's line, then --- SIGUSR1 {…, si_code=SI_KERNEL} ---.
    let read = format!(
        "inject=read:retval=3:poke_exit=@arg2=686921:{}",
        b.when("read", 1, None)
    );
    let write = format!(
        "inject=write:poke_enter=@arg2=585858:{}",
        b.when("write", 1, None)
    );
    let lines = same_as_strace(
        &[
            "-e",
            "trace=access,getppid,read,write",
            "-e",
            "inject=getppid:signal=SIGUSR1",
            "-e",
            &read,
            "-e",
            &write,
        ],
        "tamper",
        &s,
        "signal",
    );
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} line in\n{}", lines.join("\n")))
    };
    assert_eq!(
        at("<pid1> --- SIGUSR1"),
        at("<pid1> getppid()") + 1,
        "{}",
        lines.join("\n")
    );
    assert!(lines[at("<pid1> read(3, \"hi!\", 4)")].ends_with("= 3 (INJECTED: args, retval)"));
    assert!(lines[at("<pid1> write(99, \"XXX\", 3)")].ends_with("(INJECTED: args)"));
    // -y and -Z: the descriptor named, only the failures shown.
    let read = format!("inject=read:error=EIO:{}", b.when("read", 1, None));
    let lines = same_as_strace(
        &["-y", "-Z", "-e", "trace=access,read", "-e", &read],
        "tamper",
        &s,
        "fds",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("<pid1> read(3</dev/null>, ")
                && l.ends_with("= -1 EIO (Input/output error) (INJECTED)")),
        "{}",
        lines.join("\n")
    );
}

/// `-T`'s `<seconds>` of the line where `call` returns.
fn seconds(r: &Run, call: &str) -> f64 {
    let line = r
        .lines
        .iter()
        .find(|l| l.contains(call) && l.contains(" = ") && l.ends_with('>'))
        .unwrap_or_else(|| panic!("no {call} line\n{}", r.dump()));
    let t = line.rsplit_once('<').and_then(|(_, t)| t.strip_suffix('>'));
    t.and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no duration in {line:?}"))
}

#[test]
fn delays_as_strace() {
    let s = Scratch::new("inject_delay");
    let b = Before::count(&s, "tamper");
    let getuid = format!(
        "inject=getuid:delay_enter=200ms:delay_exit=50ms:{}",
        b.when("getuid", 1, None)
    );
    let flags = ["-T", "-e", "trace=access,getuid", "-e", &getuid];
    let lines = same_as_strace(&flags, "tamper", &s, "delay");
    let all = lines.join("\n");
    assert!(lines.iter().any(|l| l.ends_with("= 0 (DELAYED)")), "{all}");
    // The entry's delay is inside the call's time, as strace measures it; the exit's after it.
    let mut all = vec!["--backend", "ptrace"];
    all.extend_from_slice(&flags);
    let (_, r) = traced(Tool::Tracer, &all, "tamper", &s, "delay-again");
    let t = seconds(&r, "getuid()");
    assert!(
        t >= 0.2,
        "getuid took {t} s, less than its delay_enter=200ms\n{}",
        r.dump()
    );
}

/// The `-ttt` time of a line (seconds since the epoch).
fn time_of(line: &str) -> f64 {
    line.split_whitespace()
        .nth(1)
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no -ttt time in {line:?}"))
}

#[test]
fn a_delay_holds_its_tracee_only_and_counts_are_per_task() {
    let s = Scratch::new("inject_hold");
    let b = Before::count(&s, "hold");
    // Each task counts from zero: the child's first getpid is its own first (strace's new tcb).
    let getpid = format!("inject=getpid:retval=42:{}", b.when("getpid", 1, None));
    let getuid = format!("inject=getuid:delay_enter=2s:{}", b.when("getuid", 1, None));
    let flags = [
        "-e",
        "trace=access,getpid,getuid,wait4,exit_group",
        "-e",
        &getpid,
        "-e",
        &getuid,
    ];
    let lines = same_as_strace(&flags, "hold", &s, "hold");
    let injected = lines
        .iter()
        .filter(|l| l.contains("> getpid() ") && l.ends_with("= 42 (INJECTED)"))
        .count();
    assert_eq!(injected, 2, "{}", lines.join("\n"));
    // While the parent is held in getuid, the child runs to its end: its exit comes before the
    // parent's getuid returns.
    let mut all = vec!["--backend", "ptrace", "-f", "-ttt", "-T"];
    all.extend_from_slice(&flags);
    let r = ok(run(Tool::Tracer, &all, &["hold"], &s, "hold-times"));
    let parent = r
        .lines
        .iter()
        .find(|l| l.contains("getuid("))
        .unwrap_or_else(|| panic!("no getuid line\n{}", r.dump()));
    let pid = parent.split_whitespace().next().unwrap_or_default();
    let child_exit = r
        .lines
        .iter()
        .find(|l| l.contains("+++ exited with 0 +++") && !l.starts_with(pid))
        .unwrap_or_else(|| panic!("no child exit\n{}", r.dump()));
    let resumed = r
        .lines
        .iter()
        .find(|l| l.starts_with(pid) && l.contains("getuid") && l.contains(" = "))
        .unwrap_or_else(|| panic!("no getuid return\n{}", r.dump()));
    let held = seconds(&r, "getuid");
    assert!(held >= 2.0, "getuid was held {held} s\n{}", r.dump());
    let returned = if resumed.contains("resumed>") {
        time_of(resumed)
    } else {
        time_of(resumed) + held
    };
    assert!(
        time_of(child_exit) < returned,
        "the child ended after its parent's delay\n{}",
        r.dump()
    );
}

/// `NAME → (calls, errors)` of a `-c` table.
fn summary(r: &Run) -> BTreeMap<String, (u64, u64)> {
    r.lines
        .iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let name = *f.last()?;
            let num = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok());
            if !NAMES.contains(&name) {
                return None;
            }
            match f.len() {
                6 => Some((name.to_owned(), (num(3)?, num(4)?))),
                5 => Some((name.to_owned(), (num(3)?, 0))),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn summary_counts_the_injected_results() {
    let s = Scratch::new("inject_summary");
    let b = Before::count(&s, "tamper");
    let close = format!("fault=close:error=EBADF:{}", b.when("close", 1, Some(2)));
    let getpid = format!("inject=getpid:error=EPERM:{}", b.from("getpid", 1));
    let flags = [
        "-c",
        "-e",
        "trace=getpid,close",
        "-e",
        &close,
        "-e",
        &getpid,
    ];
    let strace = summary(&ok(run(Tool::Strace, &flags, &["tamper"], &s, "c-strace")));
    let mut all = vec!["--backend", "ptrace"];
    all.extend_from_slice(&flags);
    let r = ok(run(Tool::Tracer, &all, &["tamper"], &s, "c-tracer"));
    assert_eq!(summary(&r), strace, "{}", r.dump());
    assert_eq!(strace.get("getpid"), Some(&(3, 3)));
}

#[test]
fn json_has_the_notes_as_fields() {
    let s = Scratch::new("inject_json");
    let b = Before::count(&s, "tamper");
    let getpid = format!(
        "inject=getpid:retval=42:delay_exit=1ms:{}",
        b.when("getpid", 1, None)
    );
    let r = ok(run(
        Tool::Tracer,
        &["--json", "-e", "trace=getpid", "-e", &getpid],
        &["tamper"],
        &s,
        "json",
    ));
    let calls: Vec<serde_json::Value> = r
        .lines
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["name"] == "getpid")
        .collect();
    let injected: Vec<&serde_json::Value> =
        calls.iter().filter(|v| v["injected"] == true).collect();
    assert_eq!(injected.len(), 1, "{}", r.dump());
    let v = injected[0];
    assert_eq!(v["ret"], 42);
    assert_eq!(v["delayed"], true);
    assert_eq!(v["injected_args"], false);
    assert_eq!(v["text"], "getpid() = 42 (INJECTED) (DELAYED)");
}

#[test]
fn ebpf_refuses_in_one_line_before_anything_runs() {
    let s = Scratch::new("inject_ebpf");
    let out = s.path().join("never.out");
    let flag_file = s.path().join("ran");
    let o = std::process::Command::new(common::tracer_bin())
        .args(["--backend", "ebpf", "-e", "fault=close", "-o"])
        .arg(&out)
        .args(["--", "/bin/sh", "-c"])
        .arg(format!("touch {}", flag_file.display()))
        .output()
        .expect("tracer runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("tracer: -e inject= and -e fault= need the ptrace backend"),
        "{stderr}"
    );
    assert!(!out.exists() && !flag_file.exists(), "something started");
}
