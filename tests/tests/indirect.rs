//! Values the kernel side reads beyond the argument's own memory, compared with strace 6.1 on
//! real programs: getdents' `/* N entries */` counted in the kernel when the directory takes more
//! than one copy, rt_sigreturn's `{mask=[…]}` from the signal frame on the user stack, and
//! clone3's `=> {parent_tid=[N]}` read through the pointer inside `struct clone_args`.
mod common;

use std::path::Path;
use std::process::Command;

use common::{Scratch, Tool, assert_lines, output_deadline, without_addresses};

/// `TOOL -o FILE FLAGS -- CMD…`: the trace's lines.
fn trace(tool: Tool, flags: &[&str], cmd: &[&str], s: &Scratch, name: &str) -> Vec<String> {
    let out = s.path().join(format!("{name}-{}.out", tool.name()));
    let mut c = Command::new(tool.bin());
    c.arg("-o").arg(&out).args(flags).arg("--").args(cmd);
    let (status, _, stderr) = output_deadline(&mut c, tool.name());
    assert!(
        status.success(),
        "{} {flags:?} {cmd:?} failed ({status:?}): {stderr}",
        tool.name()
    );
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("{} left no trace at {}: {e}", tool.name(), out.display()));
    text.lines().map(str::to_owned).collect()
}

/// tracer's two backends: the kernel side copies these values, and ptrace mirrors its copies.
const BACKENDS: [&str; 2] = ["ebpf", "ptrace"];

/// `flags` with `--backend NAME` in front.
fn with_backend<'a>(backend: &'a str, flags: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--backend", backend];
    v.extend_from_slice(flags);
    v
}

/// Every run of decimal digits written `N` (thread ids, which differ between the two runs).
fn without_numbers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    out
}

/// The system's python3 (not a shim that re-executes itself through shells).
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").is_file() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

/// The value of `= N` at the end of a line.
fn ret_of(line: &str) -> Option<i64> {
    line.rsplit_once(" = ")?.1.trim().parse().ok()
}

#[test]
fn getdents64_counts_entries_beyond_one_copy() {
    let s = Scratch::new("getdents64_counts_entries_beyond_one_copy");
    let dir = s.subdir("big");
    for i in 0..200 {
        let p = dir.join(format!("a_file_with_a_rather_long_name_{i:03}"));
        std::fs::write(&p, b"").unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    let dir = dir.to_str().expect("a UTF-8 scratch path");
    let flags = ["-e", "trace=getdents64,getdents"];
    let cmd = ["ls", dir];
    let want: Vec<String> = trace(Tool::Strace, &flags, &cmd, &s, "ls")
        .iter()
        .map(|l| without_addresses(l))
        .collect();
    for backend in BACKENDS {
        let got: Vec<String> = trace(
            Tool::Tracer,
            &with_backend(backend, &flags),
            &cmd,
            &s,
            backend,
        )
        .iter()
        .map(|l| without_addresses(l))
        .collect();
        assert_lines(
            &format!("ls on 200 files, {backend} (expected: strace)"),
            &want,
            &got,
        );
        // The first call returned more than one copy's worth: the count came from the kernel.
        let first = got.first().map(String::as_str).unwrap_or_default();
        assert!(
            first.contains("/* 202 entries */") && ret_of(first).is_some_and(|r| r > 4096),
            "{backend}: {first}"
        );
    }
}

#[test]
fn rt_sigreturn_prints_the_mask_the_frame_restores() {
    let s = Scratch::new("rt_sigreturn_prints_the_mask_the_frame_restores");
    // SIGUSR2 blocked when SIGUSR1's handler runs: the frame restores [USR2]. Then a handler
    // that runs with nothing blocked.
    let script = "import os, signal\n\
                  signal.signal(signal.SIGUSR1, lambda s, f: None)\n\
                  signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])\n\
                  os.kill(os.getpid(), signal.SIGUSR1)\n\
                  signal.pthread_sigmask(signal.SIG_SETMASK, [])\n\
                  os.kill(os.getpid(), signal.SIGUSR1)\n";
    let flags = ["-e", "trace=kill,rt_sigreturn"];
    let cmd = [python(), "-c", script];
    let want = trace(Tool::Strace, &flags, &cmd, &s, "sig");
    let calls = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.starts_with("rt_sigreturn(") || l.starts_with("--- SIGUSR1"))
            .map(|l| without_numbers(l))
            .collect()
    };
    for backend in BACKENDS {
        let got = trace(
            Tool::Tracer,
            &with_backend(backend, &flags),
            &cmd,
            &s,
            backend,
        );
        assert_lines(
            &format!("rt_sigreturn after SIGUSR1, {backend} (expected: strace)"),
            &calls(&want),
            &calls(&got),
        );
        let returns: Vec<&String> = got
            .iter()
            .filter(|l| l.starts_with("rt_sigreturn("))
            .collect();
        assert_eq!(returns.len(), 2, "{backend}: {got:#?}");
        assert!(
            returns[0].starts_with("rt_sigreturn({mask=[USR2]})"),
            "{got:#?}"
        );
        assert!(
            returns[1].starts_with("rt_sigreturn({mask=[]})"),
            "{got:#?}"
        );
        // The return value is the register the frame restored: kill's 0.
        assert_eq!(ret_of(returns[0]), Some(0), "{got:#?}");
    }
}

#[test]
fn clone3_prints_parent_tid_with_f() {
    let s = Scratch::new("clone3_prints_parent_tid_with_f");
    // The threads wait until all are started, so none ends while the next clone3 is in
    // progress: the lines are whole in both tools.
    let script = "import threading\n\
                  go = threading.Event()\n\
                  ts = [threading.Thread(target=go.wait) for _ in range(3)]\n\
                  for t in ts: t.start()\n\
                  go.set()\n\
                  for t in ts: t.join()\n";
    let flags = ["-f", "-e", "trace=clone3"];
    let cmd = [python(), "-c", script];
    let clone3 = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter_map(|l| {
                let call = l.split_once("  ").map(|(_, c)| c.trim_start())?;
                call.starts_with("clone3(")
                    .then(|| without_numbers(&without_addresses(call)))
            })
            .collect()
    };
    let want = trace(Tool::Strace, &flags, &cmd, &s, "threads");
    for backend in BACKENDS {
        let got = trace(
            Tool::Tracer,
            &with_backend(backend, &flags),
            &cmd,
            &s,
            backend,
        );
        assert_lines(
            &format!("clone3 of three threads, {backend} (expected: strace)"),
            &clone3(&want),
            &clone3(&got),
        );
        // parent_tid holds the id clone3 returned.
        let calls: Vec<&String> = got.iter().filter(|l| l.contains("clone3(")).collect();
        assert_eq!(calls.len(), 3, "{backend}: {got:#?}");
        for l in calls {
            let tid = l
                .split_once("=> {parent_tid=[")
                .and_then(|(_, r)| r.split_once(']'))
                .and_then(|(n, _)| n.parse::<i64>().ok());
            assert_eq!(tid, ret_of(l), "{backend}: {l}");
        }
    }
}
