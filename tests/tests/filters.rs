//! strace's filters: `-e trace=SET` (names, `!`, `/regex`, `?name`, `%class`), `-e status=SET`,
//! `-z`, `-Z`; each compared with strace 6.1 run with the same options on the same program.
//!
//! A filter can hide the marker, so the measured syscalls run in a process of their own: the
//! `files-child` scenario makes the `files` syscalls in a child forked after the marker. The
//! child's lines are compared in full; the parent's (start-up included) by the names of its
//! syscalls, and in full from its marker (or, when the filter hides it, its fork) on.
mod common;

use std::os::unix::process::CommandExt as _;
use std::process::Command;

use common::{
    Line, MARKER_LINE, Normalise, Run, Scratch, Tool, assert_lines, decoded_only, output_deadline,
    run, texts,
};

/// One tool's filtered trace of a process and its child, split by role.
#[derive(Debug)]
struct Roles {
    /// The child's lines, in full.
    child: Vec<String>,
    /// The parent's syscall names and `+++`/`---` lines, start-up included.
    parent_names: Vec<String>,
    /// The parent's lines that tracer decodes, from the marker, or from the fork when the filter
    /// hides the marker, or else its exit.
    parent_from_marker: Vec<String>,
}

/// `<pidN>` tokens of the parent and the child → `<parent>`, `<child>`: the numbering follows
/// the first line of each, which a filter can change.
fn roles(r: &Run, lines: Vec<Line>) -> Roles {
    let parent = lines
        .last()
        .map(|l| l.pid.clone())
        .unwrap_or_else(|| panic!("an empty trace\n{}", r.dump()));
    let child = ["<pid1>", "<pid2>"]
        .into_iter()
        .find(|t| *t != parent)
        .expect("two tokens");
    assert!(
        lines.iter().all(|l| l.pid == parent || l.pid == child),
        "more than two processes\n{}",
        r.dump()
    );
    let rename = |l: &Line| {
        let mut l = l.clone();
        l.text = l
            .text
            .replace(&parent, "<parent>")
            .replace(child, "<child>");
        l
    };
    let (mine, theirs): (Vec<Line>, Vec<Line>) =
        lines.iter().map(rename).partition(|l| l.pid == parent);
    let parent_names = mine
        .iter()
        .filter_map(|l| match l.syscall() {
            Some(n) => Some(n.to_owned()),
            None if l.text.starts_with("+++") => Some(l.text.clone()),
            None => None,
        })
        .collect();
    let decoded = decoded_only(mine);
    let start = decoded
        .iter()
        .position(|l| l.text == MARKER_LINE)
        .or_else(|| decoded.iter().position(|l| l.syscall() == Some("fork")))
        .or_else(|| decoded.iter().position(|l| l.text.starts_with("+++")))
        .unwrap_or(decoded.len());
    Roles {
        child: texts(&theirs),
        parent_names,
        parent_from_marker: texts(&decoded[start..]),
    }
}

/// Runs `TOOL -f FLAGS -o FILE -- tracee ARGS…` where ARGS may name `DIR`, a new directory.
fn traced(tool: Tool, flags: &[&str], args: &[&str], s: &Scratch, name: &str) -> (Run, Roles) {
    let dir = s.subdir(name);
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "DIR" { dir } else { a })
        .collect();
    let mut all = vec!["-f"];
    all.extend_from_slice(flags);
    let r = run(tool, &all, &args, s, name);
    let lines = Normalise::follow().sub(dir, "DIR").lines(&r.lines);
    let roles = roles(&r, lines);
    (r, roles)
}

/// The same filter under strace and tracer: same exit status, same stderr (but for the tool's
/// name), same lines.
fn parity(flags: &[&str], args: &[&str], test: &str) {
    let s = Scratch::new(test);
    let what = format!("-f {} -- tracee {}", flags.join(" "), args.join(" "));
    let (sr, want) = traced(Tool::Strace, flags, args, &s, "strace");
    let (tr, got) = traced(Tool::Tracer, flags, args, &s, "tracer");
    assert_eq!(
        tr.status.code(),
        sr.status.code(),
        "{what}: exit status (expected: strace's)\n{}",
        tr.dump()
    );
    let stderr = |r: &Run| -> Vec<String> {
        r.stderr
            .lines()
            .map(|l| l.replacen("strace: ", "tracer: ", 1))
            .collect()
    };
    assert_lines(
        &format!("{what}: stderr (expected: strace's)"),
        &stderr(&sr),
        &stderr(&tr),
    );
    assert_lines(
        &format!("{what}: the child's lines (expected: strace)"),
        &want.child,
        &got.child,
    );
    assert_lines(
        &format!("{what}: the parent's lines from its marker (expected: strace)"),
        &want.parent_from_marker,
        &got.parent_from_marker,
    );
    assert_lines(
        &format!("{what}: the parent's syscalls, start-up included (expected: strace)"),
        &want.parent_names,
        &got.parent_names,
    );
}

fn files_parity(flags: &[&str], test: &str) {
    parity(flags, &["files-child", "DIR"], test);
}

#[test]
fn trace_file_class() {
    files_parity(&["-e", "trace=%file"], "trace_file_class");
}

#[test]
fn trace_desc_class() {
    files_parity(&["-e", "trace=%desc"], "trace_desc_class");
}

#[test]
fn trace_not_file_class() {
    files_parity(&["-e", "trace=!%file"], "trace_not_file_class");
}

#[test]
fn trace_regex() {
    files_parity(&["-e", "trace=/^open"], "trace_regex");
}

#[test]
fn trace_names() {
    files_parity(&["-e", "trace=close,read"], "trace_names");
}

#[test]
fn later_trace_replaces_earlier() {
    files_parity(
        &["-e", "trace=%file", "--trace=close,read"],
        "later_trace_replaces_earlier",
    );
}

#[test]
fn successful_only() {
    files_parity(&["-z"], "successful_only");
}

#[test]
fn failed_only() {
    files_parity(&["-Z"], "failed_only");
}

#[test]
fn status_failed() {
    files_parity(&["-e", "status=failed"], "status_failed");
}

#[test]
fn unknown_name_with_question_mark_is_ignored() {
    files_parity(
        &["-e", "trace=?nosuch"],
        "unknown_name_with_question_mark_is_ignored",
    );
}

#[test]
fn trace_process_class_on_fork() {
    parity(
        &["-e", "trace=%process"],
        &["fork"],
        "trace_process_class_on_fork",
    );
}

#[test]
fn unknown_syscall_name_is_an_error() {
    let s = Scratch::new("unknown_syscall_name_is_an_error");
    for tool in [Tool::Strace, Tool::Tracer] {
        let (status, _, stderr) = output_deadline(
            Command::new(tool.bin())
                .arg0(tool.name())
                .args(["-e", "trace=nosuch", "-o"])
                .arg(s.path().join(tool.name()))
                .args(["--", common::tracee_bin(), "exit", "0"]),
            tool.name(),
        );
        assert_eq!(status.code(), Some(1), "{} -e trace=nosuch", tool.name());
        assert_lines(
            &format!("{} -e trace=nosuch: stderr", tool.name()),
            &[format!("{}: invalid system call 'nosuch'", tool.name())],
            &stderr.lines().map(str::to_owned).collect::<Vec<_>>(),
        );
    }
}
