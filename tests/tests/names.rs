//! Every syscall is a line, with strace's name: a real program's trace has the same sequence of
//! syscall names under tracer and strace 6.1. Also guards against records that can't be read
//! (a capture left over from the previous record once made whole lines vanish silently).
mod common;

use std::process::Command;

use common::{Scratch, tracer_bin};

fn names(trace: &str) -> Vec<String> {
    trace
        .lines()
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| l.split('(').next().unwrap_or("").to_owned())
        .collect()
}

fn trace_with(bin: &std::path::Path, out: &std::path::Path) -> (String, String) {
    let r = Command::new(bin)
        .arg("-o")
        .arg(out)
        .args(["--", "cat", "/etc/hostname"])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert!(
        r.status.success(),
        "{} failed: {}",
        bin.display(),
        String::from_utf8_lossy(&r.stderr)
    );
    let trace = std::fs::read_to_string(out).expect("trace file");
    (trace, String::from_utf8_lossy(&r.stderr).into_owned())
}

#[test]
fn cat_has_straces_syscall_names_line_for_line() {
    let s = Scratch::new("cat_has_stracees_syscall_names_line_for_line");
    let (ours, stderr) = trace_with(&tracer_bin(), &s.path().join("tracer.out"));
    let (theirs, _) = trace_with(
        std::path::Path::new("/usr/bin/strace"),
        &s.path().join("strace.out"),
    );
    assert!(
        !stderr.contains("could not be read"),
        "unreadable records: {stderr}"
    );
    assert_eq!(
        names(&ours),
        names(&theirs),
        "tracer:\n{ours}\nstrace:\n{theirs}"
    );
}
