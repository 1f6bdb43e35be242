//! The network family: the `net` scenario (raw socket syscalls on loopback and local sockets)
//! compared line by line with the lines strace 6.1 prints (the golden below) and with strace
//! itself, and a real client and server in Python traced by both.
//!
//! Ports the kernel picks differ from run to run: every `htons(N)` but `htons(0)` is compared
//! as `htons(PORT)`. Pointers are `0xPTR` and the tracee's pid `<pid1>` (the harness's
//! normalisation), the scenario's directory `DIR`.
mod common;

use std::process::Command;

use common::{
    MARKER_LINE, Normalise, Scratch, Tool, after_marker, assert_lines, output_deadline, ports, run,
    sys, texts, tracer_bin, xx,
};

const ENOTCONN: &str = "-1 ENOTCONN (Transport endpoint is not connected)";
const EBADF: &str = "-1 EBADF (Bad file descriptor)";

const LOOPBACK_PORT: &str =
    r#"{sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr("127.0.0.1")}"#;
const LOOPBACK_ANY: &str =
    r#"{sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}"#;

/// What strace prints for `tracee net DIR` after the marker.
fn golden() -> Vec<String> {
    let p = LOOPBACK_PORT;
    let any = LOOPBACK_ANY;
    vec![
        MARKER_LINE.to_owned(),
        sys(
            "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP)",
            "3",
        ),
        sys("setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4)", "0"),
        sys(&format!("bind(3, {any}, 16)"), "0"),
        sys("listen(3, 5)", "0"),
        sys(&format!("getsockname(3, {p}, [128 => 16])"), "0"),
        sys("socket(AF_INET, SOCK_STREAM, IPPROTO_IP)", "4"),
        sys("setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4)", "0"),
        sys(&format!("connect(4, {p}, 16)"), "0"),
        sys(&format!("accept4(3, {p}, [16], SOCK_CLOEXEC)"), "5"),
        sys(&format!("getpeername(4, {p}, [128 => 16])"), "0"),
        sys("getpeername(3, 0xPTR, [16])", ENOTCONN),
        sys(r#"sendto(4, "hello\n", 6, MSG_NOSIGNAL, NULL, 0)"#, "6"),
        sys(r#"recvfrom(5, "hello\n", 64, 0, NULL, NULL)"#, "6"),
        sys("getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4])", "0"),
        sys("getsockopt(4, SOL_SOCKET, SO_TYPE, [1], [8 => 4])", "0"),
        sys("getsockopt(99, SOL_SOCKET, SO_TYPE, 0xPTR, [4])", EBADF),
        sys("shutdown(4, SHUT_RDWR)", "0"),
        sys("close(5)", "0"),
        sys("close(4)", "0"),
        sys("close(3)", "0"),
        sys("socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)", "3"),
        sys(&format!("bind(3, {any}, 16)"), "0"),
        sys(&format!("getsockname(3, {p}, [16])"), "0"),
        sys("socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_IP)", "4"),
        sys(&format!(r#"sendto(4, "ping", 4, 0, {p}, 16)"#), "4"),
        sys(
            &format!(r#"recvfrom(3, "ping", 64, 0, {p}, [128 => 16])"#),
            "4",
        ),
        sys(
            "recvfrom(4, 0xPTR, 64, MSG_DONTWAIT, 0xPTR, [128])",
            "-1 EAGAIN (Resource temporarily unavailable)",
        ),
        sys("close(4)", "0"),
        sys("close(3)", "0"),
        sys("socket(AF_INET6, SOCK_STREAM, IPPROTO_IP)", "3"),
        sys("setsockopt(3, SOL_IPV6, IPV6_V6ONLY, [1], 4)", "0"),
        sys(
            r#"bind(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28)"#,
            "0",
        ),
        sys("close(3)", "0"),
        sys("socket(AF_UNIX, SOCK_STREAM, 0)", "3"),
        sys(
            r#"bind(3, {sa_family=AF_UNIX, sun_path="DIR/sock"}, LEN)"#,
            "0",
        ),
        sys(
            r#"getsockname(3, {sa_family=AF_UNIX, sun_path="DIR/sock"}, [128 => LEN1])"#,
            "0",
        ),
        sys("socket(AF_UNIX, SOCK_DGRAM, 0)", "4"),
        sys(
            r#"bind(4, {sa_family=AF_UNIX, sun_path=@"tracer-net-<pid1>"}, ABSLEN)"#,
            "0",
        ),
        sys(
            "socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [5, 6])",
            "0",
        ),
        sys(
            "socketpair(AF_INET, SOCK_STREAM, 0, 0xPTR)",
            "-1 EOPNOTSUPP (Operation not supported)",
        ),
        sys("close(4)", "0"),
        sys("close(3)", "0"),
        sys(r#"unlink("DIR/sock")"#, "0"),
        sys("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)", "3"),
        sys(
            "bind(3, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12)",
            "0",
        ),
        sys("close(3)", "0"),
        sys(&format!("connect(99, {any}, 16)"), EBADF),
        sys("accept(99, NULL, NULL)", EBADF),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ]
}

/// The lengths of the AF_UNIX addresses, which depend on DIR's length, as words.
fn unix_lengths(lines: Vec<String>, dir: &str) -> Vec<String> {
    let path = format!("{dir}/sock");
    let bind_len = (2 + path.len()).to_string();
    let name_len = (3 + path.len()).to_string();
    lines
        .into_iter()
        .map(|l| {
            if l.contains(r#"sun_path="DIR/sock"}, "#) {
                l.replace(&format!("}}, {bind_len})"), "}, LEN)")
                    .replace(&format!("[128 => {name_len}]"), "[128 => LEN1]")
            } else if l.contains("sun_path=@") {
                // With -xx, the pid in the name is in hex too: `\x2d` is its `-`.
                let l = match (l.rfind(r"\x2d"), l.find(r#""}, "#)) {
                    (Some(dash), Some(end)) if l.contains(r#"sun_path=@"\x"#) && dash < end => {
                        format!("{}\\x2dPID{}", &l[..dash], &l[end..])
                    }
                    _ => l,
                };
                // "\0tracer-net-PID": the pid's digits count.
                l.split_once("}, ")
                    .and_then(|(head, tail)| {
                        let (_, after) = tail.split_once(')')?;
                        Some(format!("{head}}}, ABSLEN){after}"))
                    })
                    .unwrap_or(l)
            } else {
                l
            }
        })
        .collect()
}

/// `TOOL -f FLAGS -o FILE -- tracee net DIR`, normalised, from the marker on.
fn net_lines(tool: Tool, flags: &[&str], scratch: &Scratch, name: &str) -> Vec<String> {
    let dir = scratch.subdir(name);
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let mut all = vec!["-f"];
    all.extend_from_slice(flags);
    let r = run(tool, &all, &["net", dir], scratch, name);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{} must exit as the tracee (0)\n{}",
        tool.name(),
        r.dump()
    );
    assert_eq!(r.stderr, "", "{} wrote on stderr", tool.name());
    let lines = Normalise::follow()
        .sub(dir, "DIR")
        .sub(xx(dir), "DIR")
        .lines(&r.lines);
    let lines = texts(&after_marker(lines))
        .into_iter()
        .map(|l| ports(&l))
        .collect();
    unix_lengths(lines, dir)
}

/// The golden is what strace 6.1 prints: if this fails, the golden (not tracer) is wrong.
#[test]
fn strace_prints_the_net_golden() {
    let s = Scratch::new("strace_prints_the_net_golden");
    assert_lines(
        "strace -f, net",
        &golden(),
        &net_lines(Tool::Strace, &[], &s, "run"),
    );
}

#[test]
fn net_exact_lines() {
    let s = Scratch::new("net_exact_lines");
    assert_lines(
        "tracer -f, net",
        &golden(),
        &net_lines(Tool::Tracer, &[], &s, "run"),
    );
}

/// Both tools with the same flags, every line compared.
fn parity(flags: &[&str], test: &str) {
    let s = Scratch::new(test);
    let want = net_lines(Tool::Strace, flags, &s, "strace");
    let got = net_lines(Tool::Tracer, flags, &s, "tracer");
    assert_lines(
        &format!("net with -f {} (expected: strace)", flags.join(" ")),
        &want,
        &got,
    );
}

#[test]
fn net_parity_with_strace_xx() {
    parity(&["-xx"], "net_parity_with_strace_xx");
}

#[test]
fn net_parity_with_strace_x_s2() {
    parity(&["-x", "-s", "2"], "net_parity_with_strace_x_s2");
}

/// A TCP server and client, a UDP exchange, IPv6 and AF_UNIX sockets in one Python process,
/// through the C library's own calls (accept4, recvfrom with NULL addresses, getsockopt…).
const PYTHON_CLIENT_SERVER: &str = r#"
import os, socket, struct, sys
d = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(5)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
c.connect(s.getsockname())
a, _ = s.accept()
c.sendall(b"GET / HTTP/1.0\r\n\r\n")
a.recv(100)
a.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello \x01\xff")
c.recv(4, socket.MSG_PEEK)
c.recv(100)
c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
c.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
c.shutdown(socket.SHUT_RDWR)
for x in (a, c, s):
    x.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.sendto(b"ping", u.getsockname())
u.recvfrom(100)
v.sendto(b"pingpong", u.getsockname())
u.recvfrom(2, socket.MSG_TRUNC)
six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
six.bind(("::1", 0))
six.listen(1)
p = os.path.join(d, "py.sock")
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
x.bind(p)
x.listen(1)
y = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
y.connect(p)
z, _ = x.accept()
z.getpeername()
pair = socket.socketpair()
n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
n.bind((0, 0))
n.getsockname()
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 5))
c.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16)
try:
    c.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton("224.0.0.251") + socket.inet_aton("127.0.0.1"))
except OSError:
    pass
try:
    pk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    pk.bind(("lo", 0x86dd, 0, 3, b"\x01\x02\x03"))
except OSError:
    pass
os._exit(0)
"#;

const PYTHON: &str = "/usr/bin/python3";

/// `%network` lines of the Python client and server under TOOL, normalised.
fn python_lines(tool: Tool, scratch: &Scratch, name: &str) -> Vec<String> {
    let dir = scratch.subdir(name);
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let out = scratch.path().join(format!("{name}.out"));
    let (status, _, stderr) = output_deadline(
        Command::new(match tool {
            Tool::Tracer => tracer_bin(),
            Tool::Strace => tool.bin(),
        })
        .args(["-e", "trace=%network", "-o"])
        .arg(&out)
        .args(["--", PYTHON, "-c", PYTHON_CLIENT_SERVER, dir]),
        tool.name(),
    );
    assert!(status.success(), "{} failed: {stderr}", tool.name());
    let raw = std::fs::read_to_string(&out).expect("trace file");
    let raw: Vec<String> = raw.lines().map(str::to_owned).collect();
    let lines = Normalise::default().sub(dir, "DIR").lines(&raw);
    texts(&lines)
        .into_iter()
        .map(|l| ports(&l))
        // The kernel's netlink port id is the process's pid; the pids differ between runs.
        .map(|l| match l.find("nl_pid=") {
            Some(i) => {
                let digits = l[i + 7..].bytes().take_while(u8::is_ascii_digit).count();
                format!("{}nl_pid=PID{}", &l[..i], &l[i + 7 + digits..])
            }
            None => l,
        })
        .collect()
}

#[test]
fn python_client_server_as_strace_prints_it() {
    if !std::path::Path::new(PYTHON).exists() {
        eprintln!("skipped: no {PYTHON}");
        return;
    }
    let s = Scratch::new("python_client_server_as_strace_prints_it");
    let want = python_lines(Tool::Strace, &s, "strace");
    let got = python_lines(Tool::Tracer, &s, "tracer");
    assert!(
        want.len() > 30,
        "strace saw too little:\n{}",
        want.join("\n")
    );
    assert_lines(
        "python client and server, %network (expected: strace)",
        &want,
        &got,
    );
}
