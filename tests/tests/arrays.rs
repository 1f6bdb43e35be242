//! Arrays in user memory, printed as strace 6.1 prints them: execve's argv and `/* N vars */`
//! (the environment with `-v`), iovec arrays of writev/readv, and sendmsg/recvmsg msghdrs.
//! Each run is compared with strace's own lines for the same command; addresses (which differ
//! from run to run) are written `ADDR` on both sides.
mod common;

use std::path::Path;
use std::process::Command;

use common::{Scratch, Tool, assert_lines, output_deadline, without_addresses};

/// `TOOL -o FILE FLAGS -- CMD…`: the trace's lines, addresses written `ADDR`.
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
    text.lines().map(without_addresses).collect()
}

/// Both tools on the same command: the same lines.
fn parity(flags: &[&str], cmd: &[&str], test: &str) -> Vec<String> {
    let s = Scratch::new(test);
    let want = trace(Tool::Strace, flags, cmd, &s, "run");
    let got = trace(Tool::Tracer, flags, cmd, &s, "run");
    assert_lines(
        &format!("{flags:?} {cmd:?} (expected: strace)"),
        &want,
        &got,
    );
    got
}

/// The system's python3 (not a shim that re-executes itself through shells).
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").is_file() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

#[test]
fn execve_argv_and_env_count() {
    let got = parity(
        &["-e", "trace=execve"],
        &["/bin/echo", "a", "b c", "d\"e"],
        "execve_argv_and_env_count",
    );
    let vars = std::env::vars_os().count();
    let s = if vars == 1 { "" } else { "s" };
    assert_eq!(
        got.first().map(String::as_str),
        Some(
            format!(
                r#"execve("/bin/echo", ["/bin/echo", "a", "b c", "d\"e"], ADDR /* {vars} var{s} */) = 0"#
            )
            .as_str()
        )
    );
}

fn forty() -> Vec<String> {
    let mut v = vec!["/bin/true".to_owned()];
    v.extend((1..=40).map(|i| format!("arg{i}")));
    v
}

#[test]
fn execve_long_argv_is_cut_after_s_elements() {
    let args = forty();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let got = parity(
        &["-e", "trace=execve"],
        &args,
        "execve_long_argv_is_cut_after_s_elements",
    );
    assert!(
        got[0].contains(r#""arg31", ...], ADDR /* "#),
        "32 elements, then ...: {}",
        got[0]
    );
}

#[test]
fn execve_s5_cuts_strings_and_elements() {
    let args = forty();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let got = parity(
        &["-s", "5", "-e", "trace=execve"],
        &args,
        "execve_s5_cuts_strings_and_elements",
    );
    assert!(
        got[0].starts_with(
            r#"execve("/bin/true", ["/bin/"..., "arg1", "arg2", "arg3", "arg4", ...], ADDR"#
        ),
        "{}",
        got[0]
    );
}

#[test]
fn execve_s0_prints_only_dots() {
    parity(
        &["-s", "0", "-e", "trace=execve"],
        &["/bin/true", "x"],
        "execve_s0_prints_only_dots",
    );
}

#[test]
fn execve_verbose_prints_the_environment() {
    let got = parity(
        &["-v", "-s", "10", "-e", "trace=execve"],
        &[
            "/usr/bin/env",
            "-i",
            "A=1",
            "BBBBBBBBBBBBBBBBBB=2",
            "/bin/true",
            "x",
        ],
        "execve_verbose_prints_the_environment",
    );
    assert!(
        got.contains(
            &r#"execve("/bin/true", ["/bin/true", "x"], ["A=1", "BBBBBBBBBB"...]) = 0"#.to_owned()
        ),
        "{got:#?}"
    );
}

/// execve with an empty argv, NULL, unreadable arrays, an unreadable element, and execveat.
const ODD_EXECS: &str = r#"
import ctypes
libc = ctypes.CDLL(None)
libc.syscall.argtypes = [ctypes.c_long] + [ctypes.c_void_p] * 4 + [ctypes.c_long]
keep = []
def arr(*items):
    a = (ctypes.c_void_p * (len(items) + 1))()
    for i, it in enumerate(items):
        if isinstance(it, bytes):
            s = ctypes.create_string_buffer(it)
            keep.append(s)
            a[i] = ctypes.addressof(s)
        else:
            a[i] = it
    keep.append(a)
    return ctypes.addressof(a)
path = ctypes.create_string_buffer(b"/nonexistent")
p = ctypes.addressof(path)
libc.syscall(59, p, arr(), arr(), None, 0)
libc.syscall(59, p, None, None, None, 0)
libc.syscall(59, p, 8, 8, None, 0)
libc.syscall(59, p, arr(b"ok", 1), arr(b"ok", 1), None, 0)
libc.syscall(59, p, arr(b"x"), arr(b"A=1"), None, 0)
libc.syscall(322, -100, p, arr(b"x"), arr(), 0)
"#;

#[test]
fn execve_odd_arrays() {
    let got = parity(
        &["-e", "trace=execve,execveat"],
        &[python(), "-c", ODD_EXECS],
        "execve_odd_arrays",
    );
    let enoent = "-1 ENOENT (No such file or directory)";
    let want = [
        format!(r#"execve("/nonexistent", [], ADDR /* 0 vars */) = {enoent}"#),
        format!(r#"execve("/nonexistent", NULL, NULL)      = {enoent}"#),
        format!(r#"execve("/nonexistent", 0x8, 0x8)        = {enoent}"#),
        format!(r#"execve("/nonexistent", ["ok", 0x1], ADDR /* 2 vars */) = {enoent}"#),
        format!(r#"execve("/nonexistent", ["x"], ADDR /* 1 var */) = {enoent}"#),
        format!(r#"execveat(AT_FDCWD, "/nonexistent", ["x"], ADDR /* 0 vars */, 0) = {enoent}"#),
    ];
    assert_lines("odd execs", &want, &got[1..7]);
}

/// A successful execveat traced alone: its exit (which x86_64 reports under execve's number)
/// is not taken for an unselected call's.
#[test]
fn execveat_traced_alone() {
    let script = r#"
import ctypes
libc = ctypes.CDLL(None)
libc.syscall.argtypes = [ctypes.c_long] + [ctypes.c_void_p] * 4 + [ctypes.c_long]
path = ctypes.create_string_buffer(b"/bin/true")
argv = (ctypes.c_void_p * 2)(ctypes.addressof(path), None)
envp = (ctypes.c_void_p * 1)(None)
libc.syscall(322, -100, ctypes.addressof(path), ctypes.addressof(argv), ctypes.addressof(envp), 0)
"#;
    let got = parity(
        &["-e", "trace=execveat"],
        &[python(), "-c", script],
        "execveat_traced_alone",
    );
    assert_lines(
        "execveat alone",
        &[
            r#"execveat(AT_FDCWD, "/bin/true", ["/bin/true"], ADDR /* 0 vars */, 0) = 0"#
                .to_owned(),
        ],
        &got[..1],
    );
}

#[test]
fn execve_odd_arrays_verbose() {
    parity(
        &["-v", "-e", "trace=execve,execveat"],
        &[python(), "-c", ODD_EXECS],
        "execve_odd_arrays_verbose",
    );
}

/// writev/readv on a pipe (also with an unreadable and a NULL array), sendmsg/recvmsg on a
/// socketpair (recvmsg's msg_namelen changes; the last one fails).
const IO: &str = r#"
import os, socket
r, w = os.pipe()
os.writev(w, [b"ab", b"cd\n"])
os.readv(r, [bytearray(1), bytearray(10)])
os.writev(w, [])
os.writev(w, [b"z" * 40, b"", b"tail"])
os.readv(r, [bytearray(3), bytearray(50), bytearray(5)])
os.writev(w, [b"q"] * 40)
import ctypes
libc = ctypes.CDLL(None)
libc.writev.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.writev(w, 8, 2)
libc.writev(w, None, 0)
a, b = socket.socketpair()
a.sendmsg([b"hello", b" world\n"])
b.recvmsg(64)
a.sendmsg([b"x"], [], socket.MSG_DONTWAIT)
b.recvmsg(1)
b.setblocking(False)
try:
    b.recvmsg(8)
except BlockingIOError:
    pass
"#;

const IO_CALLS: &str = "trace=readv,writev,sendmsg,recvmsg";

#[test]
fn iovecs_and_msghdrs() {
    let got = parity(
        &["-e", IO_CALLS],
        &[python(), "-c", IO],
        "iovecs_and_msghdrs",
    );
    for want in [
        r#"[{iov_base="ab", iov_len=2}, {iov_base="cd\n", iov_len=3}], 2) = 5"#,
        r#"[{iov_base="a", iov_len=1}, {iov_base="bcd\n", iov_len=10}], 2) = 5"#,
        r#"{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello", iov_len=5}, {iov_base=" world\n", iov_len=7}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 12"#,
        r#"msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 1"#,
        r#", 0x8, 2) "#,
        r#", NULL, 0) "#,
    ] {
        assert!(
            got.iter().any(|l| l.contains(want)),
            "no line with {want}: {got:#?}"
        );
    }
}

#[test]
fn iovecs_and_msghdrs_s3() {
    parity(
        &["-s", "3", "-e", IO_CALLS],
        &[python(), "-c", IO],
        "iovecs_and_msghdrs_s3",
    );
}

#[test]
fn iovecs_and_msghdrs_s0() {
    parity(
        &["-s", "0", "-e", IO_CALLS],
        &[python(), "-c", IO],
        "iovecs_and_msghdrs_s0",
    );
}

#[test]
fn iovecs_and_msghdrs_verbose() {
    parity(
        &["-v", "-e", IO_CALLS],
        &[python(), "-c", IO],
        "iovecs_and_msghdrs_verbose",
    );
}

#[test]
fn iovecs_in_hex() {
    parity(
        &["-xx", "-e", IO_CALLS],
        &[python(), "-c", IO],
        "iovecs_in_hex",
    );
}

/// process_vm_readv/writev on the process itself: local iovecs with data, remote ones as
/// addresses.
const PROCESS_VM: &str = r#"
import ctypes, os
libc = ctypes.CDLL(None)
class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
src = ctypes.create_string_buffer(b"remote data!")
dst = ctypes.create_string_buffer(32)
l = (iovec * 1)(iovec(ctypes.addressof(dst), 32))
r = (iovec * 1)(iovec(ctypes.addressof(src), 12))
libc.syscall.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_ulong,
                         ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
libc.syscall(310, os.getpid(), ctypes.addressof(l), 1, ctypes.addressof(r), 1, 0)
libc.syscall(311, os.getpid(), ctypes.addressof(r), 1, ctypes.addressof(l), 1, 0)
"#;

/// The first argument, a pid, written `PID`.
fn without_pid(line: &str) -> String {
    match line.split_once('(') {
        Some((name, rest)) => match rest.split_once(',') {
            Some((pid, tail)) if pid.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{name}(PID,{tail}")
            }
            _ => line.to_owned(),
        },
        None => line.to_owned(),
    }
}

#[test]
fn process_vm_iovecs() {
    let s = Scratch::new("process_vm_iovecs");
    let flags = ["-e", "trace=process_vm_readv,process_vm_writev"];
    let cmd = [python(), "-c", PROCESS_VM];
    let norm = |tool| -> Vec<String> {
        let lines = trace(tool, &flags, &cmd, &s, "run");
        lines.iter().map(|l| without_pid(l)).collect()
    };
    let want = norm(Tool::Strace);
    let got = norm(Tool::Tracer);
    assert_lines("process_vm_* (expected: strace)", &want, &got);
    assert!(
        got[0].contains(
            r#"[{iov_base="remote data!", iov_len=32}], 1, [{iov_base=ADDR, iov_len=12}], 1, 0) = 12"#
        ),
        "{got:#?}"
    );
}

/// Arrays that run into unmapped memory before their NULL: argv and envp of execve, and an
/// iovec array whose count goes past the page.
const UNTERMINATED: &str = r#"
import ctypes
libc = ctypes.CDLL(None)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                      ctypes.c_int, ctypes.c_long]
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
libc.syscall.argtypes = [ctypes.c_long] + [ctypes.c_void_p] * 5
libc.writev.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
base = libc.mmap(None, 8192, 3, 0x22, -1, 0)
libc.munmap(base + 4096, 4096)
s = ctypes.create_string_buffer(b"arg")
end = base + 4096 - 16
arr = (ctypes.c_void_p * 2).from_address(end)
arr[0] = ctypes.addressof(s)
arr[1] = ctypes.addressof(s)
path = ctypes.create_string_buffer(b"/nonexistent")
libc.syscall(59, ctypes.addressof(path), end, end, None, None)
arr[1] = 3
libc.writev(1, end, 3)
"#;

#[test]
fn arrays_without_end() {
    let flags = ["-e", "trace=execve,writev"];
    let got = parity(
        &flags,
        &[python(), "-c", UNTERMINATED],
        "arrays_without_end",
    );
    assert!(
        got[1].starts_with(
            r#"execve("/nonexistent", ["arg", "arg", ... /* ADDR */], ADDR /* 2 vars, unterminated */)"#
        ),
        "{got:#?}"
    );
    assert!(
        got[2].starts_with(r#"writev(1, [{iov_base="arg", iov_len=3}, ... /* ADDR */], 3)"#),
        "{got:#?}"
    );
}

#[test]
fn arrays_without_end_verbose() {
    let flags = ["-v", "-e", "trace=execve,writev"];
    parity(
        &flags,
        &[python(), "-c", UNTERMINATED],
        "arrays_without_end_verbose",
    );
}
