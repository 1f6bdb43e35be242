//! `-yy` on sockets: TCP over IPv4 and IPv6, UDP, AF_UNIX (a path, an abstract name, a pair)
//! and netlink sockets of a Python program print their protocol and addresses as strace 6.1
//! prints them (`3<TCP:[127.0.0.1:PORT->127.0.0.1:PORT]>`), on both backends.
//!
//! tracer asks the kernel after the fact, so the program keeps its sockets open (blocked
//! reading its stdin) until tracer has printed its last socket line. Ports, inodes and pids
//! differ between the runs: every number of four digits or more is compared as `#N`, N in the
//! order of first appearance, so a socket's peer still has to be the right socket.
mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Guarded, Normalise, Scratch, Tool, assert_lines, numbered, output_deadline, texts};

const PYTHON: &str = "/usr/bin/python3";

/// Only calls whose socket states strace and tracer can agree on: no line of a socket comes
/// between a change of its address and the call that made it but bind's and connect's own
/// (tracer looks after the fact; see fds.rs). The last line is the netlink getsockname.
const PROGRAM: &str = r#"
import os, socket, sys
d = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(5)
s.getsockname()
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(s.getsockname())
a, _ = s.accept()
c.send(b"x")
a.recv(1)
six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
six.bind(("::1", 0))
six.listen(1)
six.getsockname()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 0))
u.getsockname()
p = os.path.join(d, "sock")
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
x.bind(p)
x.listen(1)
y = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
y.connect(p)
z, _ = x.accept()
z.getsockname()
ab = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
ab.bind("\0tracer-yy-%07d" % os.getpid())
ab.getsockname()
pair = socket.socketpair()
pair[0].send(b"x")
n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
n.bind((0, 0))
n.getsockname()
sys.stdin.read(1)
os._exit(0)
"#;

const CALLS: &str =
    "trace=socket,bind,listen,connect,accept4,getsockname,sendto,recvfrom,socketpair";

fn normalised(raw: &str, dir: &str) -> Vec<String> {
    let raw: Vec<String> = raw.lines().map(str::to_owned).collect();
    numbered(texts(&Normalise::default().sub(dir, "DIR").lines(&raw)), 4)
}

/// strace -yy on the program (its stdin empty: it looks up each socket at the time).
fn strace_lines(s: &Scratch) -> Vec<String> {
    let dir = s.subdir("strace");
    let dir = dir.to_str().expect("UTF-8 temp dir");
    let out = s.path().join("strace.out");
    let (status, _, stderr) = output_deadline(
        Command::new(Tool::Strace.bin())
            .args(["-yy", "-e", CALLS, "-o"])
            .arg(&out)
            .args(["--", PYTHON, "-c", PROGRAM, dir]),
        "strace",
    );
    assert!(status.success(), "strace failed: {stderr}");
    normalised(&std::fs::read_to_string(&out).expect("trace"), dir)
}

/// tracer -yy on the program, which is let go once tracer has printed its last socket line.
fn tracer_lines(s: &Scratch, backend: &str) -> Vec<String> {
    // As long a name as strace's directory: the AF_UNIX address lengths hold it.
    let dir = s.subdir("tracer");
    let dir = dir.to_str().expect("UTF-8 temp dir");
    let out = s.path().join(format!("{backend}.out"));
    let mut p = Guarded::spawn(
        Command::new(Tool::Tracer.bin())
            .args(["--backend", backend, "-yy", "-e", CALLS, "-o"])
            .arg(&out)
            .args(["--", PYTHON, "-c", PROGRAM, dir])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
        "tracer",
    );
    let start = Instant::now();
    loop {
        let now = std::fs::read_to_string(&out).unwrap_or_default();
        if now
            .lines()
            .any(|l| l.starts_with("getsockname(") && l.contains("NETLINK"))
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "tracer --backend {backend} never printed the last socket line:\n{now}"
        );
        std::thread::yield_now();
    }
    let _ = p.child().stdin.take().map(|mut i| i.write_all(b"."));
    let status = p.wait();
    assert!(status.success(), "tracer --backend {backend} failed");
    normalised(&std::fs::read_to_string(&out).expect("trace"), dir)
}

fn parity(backend: &str, test: &str) {
    if !std::path::Path::new(PYTHON).exists() {
        eprintln!("skipped: no {PYTHON}");
        return;
    }
    let s = Scratch::new(test);
    let want = strace_lines(&s);
    assert!(
        want.iter().any(|l| l.contains("<TCP:[127.0.0.1:#")),
        "strace printed no socket details:\n{}",
        want.join("\n")
    );
    let got = tracer_lines(&s, backend);
    assert_lines(
        &format!("-yy sockets, --backend {backend} (expected: strace)"),
        &want,
        &got,
    );
}

#[test]
fn yy_sockets_as_strace_prints_them_ebpf() {
    parity("ebpf", "yy_sockets_as_strace_prints_them_ebpf");
}

#[test]
fn yy_sockets_as_strace_prints_them_ptrace() {
    parity("ptrace", "yy_sockets_as_strace_prints_them_ptrace");
}

#[test]
fn numbers_are_named_in_order() {
    assert_eq!(
        numbered(vec!["a 12345 b 80 c 12345 d 99999".into()], 4),
        ["a #1 b 80 c #1 d #2"]
    );
}
