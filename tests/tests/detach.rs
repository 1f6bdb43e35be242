//! `-b execve` (`--detach-on=execve`): a traced process is let go at its successful execve
//! (the command's first excepted), its line ending in ` <detached ...>`; compared with strace
//! 6.1 on both backends.
mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    Guarded, LiveTracer, Normalise, Scratch, Tool, assert_lines, output_deadline, texts,
    wait_blocked_in_read,
};

const BACKENDS: [&str; 2] = ["ebpf", "ptrace"];

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp path is UTF-8")
}

/// `TOOL FLAGS -o FILE -- /bin/sh -c SCRIPT`: its exit code and its normalised lines.
fn traced(tool: Tool, flags: &[&str], script: &str, s: &Scratch, name: &str) -> (i32, Vec<String>) {
    let out = s.path().join(format!("{name}.out"));
    let (status, _, stderr) = output_deadline(
        Command::new(tool.bin())
            .args(flags)
            .arg("-o")
            .arg(&out)
            .args(["--", "/bin/sh", "-c", script]),
        tool.name(),
    );
    assert_eq!(stderr, "", "{name}: -o FILE PROG says nothing on stderr");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{name}: no trace: {e}"));
    let raw: Vec<String> = text.lines().map(str::to_owned).collect();
    let lines = Normalise::follow().lines(&raw);
    (status.code().unwrap_or(-1), texts(&lines))
}

/// The same run under strace and under tracer on each backend: same lines, same exit code.
fn parity(flags: &[&str], script: &str, test: &str) -> Vec<String> {
    let s = Scratch::new(test);
    let (want_code, want) = traced(Tool::Strace, flags, script, &s, "strace");
    for backend in BACKENDS {
        let mut with = vec!["--backend", backend];
        with.extend_from_slice(flags);
        let (code, got) = traced(Tool::Tracer, &with, script, &s, backend);
        let what = format!(
            "{} -- sh -c {script:?} --backend {backend}",
            flags.join(" ")
        );
        assert_lines(&format!("{what} (expected: strace)"), &want, &got);
        assert_eq!(code, want_code, "{what}: exit code (expected: strace's)");
    }
    want
}

/// A child is let go at its first exec, the command at its second; what the child and the
/// command do after their exec is not traced.
#[test]
fn children_and_the_command_are_let_go_at_exec() {
    let want = parity(
        &["-f", "-b", "execve", "-e", "trace=execve,exit_group"],
        "/bin/true; exec /bin/echo hi",
        "children_and_the_command_are_let_go_at_exec",
    );
    let detached: Vec<&String> = want
        .iter()
        .filter(|l| l.ends_with(" <detached ...>"))
        .collect();
    assert_eq!(detached.len(), 2, "strace detaches twice: {want:?}");
}

/// Without -f, the command's first exec is traced (its result shown), its second one is
/// where it is let go.
#[test]
fn the_command_is_let_go_at_its_second_exec() {
    parity(
        &[
            "--detach-on=execve",
            "-e",
            "trace=!getpid,getppid,getrandom,set_tid_address",
        ],
        "exec /bin/true",
        "the_command_is_let_go_at_its_second_exec",
    );
}

/// strace waits for the command it let go, and exits 0 whatever the command's status.
#[test]
fn a_detached_command_is_waited_for_and_the_status_is_0() {
    let s = Scratch::new("a_detached_command_is_waited_for");
    for tool in [Tool::Strace, Tool::Tracer] {
        for backend in BACKENDS {
            let mark = s.path().join(format!("{}-{backend}.done", tool.name()));
            let script = format!("exec /bin/sh -c 'echo done > {}; exit 5'", path_str(&mark));
            let mut flags = vec!["-qq", "-b", "execve"];
            if tool == Tool::Tracer {
                flags.extend(["--backend", backend]);
            }
            let name = format!("{}-{backend}", tool.name());
            let (code, _) = traced(tool, &flags, &script, &s, &name);
            assert_eq!(code, 0, "{name}: exits 0");
            assert!(mark.exists(), "{name}: exited before the command it let go");
        }
    }
}

/// `-p`: the process is let go at its first exec, with strace's notice.
#[test]
fn an_attached_process_is_let_go_at_its_first_exec() {
    let s = Scratch::new("an_attached_process_is_let_go_at_its_first_exec");
    for backend in BACKENDS {
        let mut p = Guarded::spawn(
            Command::new("/bin/sh")
                .args(["-c", "read x; exec /bin/true"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null()),
            "sh",
        );
        let pid = p.pid();
        wait_blocked_in_read(pid, 0);
        let out = s.path().join(format!("{backend}.out"));
        let pid_arg = pid.to_string();
        let mut t = LiveTracer::start(&[
            "--backend",
            backend,
            "-b",
            "execve",
            "-e",
            "trace=execve",
            "-o",
            path_str(&out),
            "-p",
            &pid_arg,
        ]);
        let attached = format!("tracer: Process {pid} attached");
        t.stderr
            .wait_for(&format!("{attached:?}"), |l| l == attached);
        let mut stdin = p.child().stdin.take().expect("stdin is piped");
        stdin.write_all(b"x\n").expect("write to sh");
        drop(stdin);
        assert_eq!(p.wait().code(), Some(0));
        let ended = t.finish();
        assert_eq!(ended.status.code(), Some(0), "{}", ended.dump());
        let notices: Vec<&String> = ended
            .stderr
            .iter()
            .filter(|l| !l.ends_with(" attached"))
            .collect();
        assert_eq!(
            notices,
            [&format!("tracer: Process {pid} detached")],
            "{backend}: the notice, once"
        );
        let text = std::fs::read_to_string(&out).expect("the trace");
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        assert_lines(
            &format!("-b execve -p PID --backend {backend}"),
            &[
                r#"execve("/bin/true", ["/bin/true"], 0xPTR /* N vars */ <detached ...>"#
                    .to_owned(),
            ],
            &texts(&Normalise::default().lines(&lines))
                .iter()
                .map(|l| vars(l))
                .collect::<Vec<_>>(),
        );
    }
}

/// `/* 35 vars */` → `/* N vars */`: the environment differs from one machine to another.
fn vars(line: &str) -> String {
    match (line.find("/* "), line.find(" vars */")) {
        (Some(a), Some(b)) if a < b => format!("{}/* N{}", &line[..a], &line[b..]),
        _ => line.to_owned(),
    }
}
