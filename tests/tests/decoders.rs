//! Arguments decoded as strace 6.1 prints them, family by family: real programs (python3 scripts
//! and `ls`) run under strace and under tracer, and the lines of the syscalls each family
//! decodes are compared after the marker syscall. Addresses, pids and times are normalised
//! (see common::Normalise and `times`); everything else must be the same text.
mod common;

use std::process::{Command, Stdio};

use common::{Normalise, Scratch, Tool, after_marker, assert_lines, wait_deadline};

/// Runs `CMD ARGS` under `tool -f -o FILE` and returns the normalised lines after the marker
/// whose syscall is one of `names`.
fn traced(tool: Tool, cmd: &[&str], s: &Scratch, names: &[&str]) -> Vec<String> {
    traced_with(tool, &[], cmd, s, names)
}

/// [`traced`] with more flags for the tool (`-v`).
fn traced_with(
    tool: Tool,
    flags: &[&str],
    cmd: &[&str],
    s: &Scratch,
    names: &[&str],
) -> Vec<String> {
    traced_norm(tool, flags, cmd, s, names, times)
}

/// [`traced_with`], with `norm` for what varies between runs instead of [`times`].
fn traced_norm(
    tool: Tool,
    flags: &[&str],
    cmd: &[&str],
    s: &Scratch,
    names: &[&str],
    norm: fn(&str) -> String,
) -> Vec<String> {
    let out = s.path().join(format!("{}.out", tool.name()));
    let child = Command::new(tool.bin())
        .arg("-f")
        .args(flags)
        .arg("-o")
        .arg(&out)
        .arg("--")
        .args(cmd)
        .current_dir(s.path().join("work"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", tool.name()));
    let status = wait_deadline(child, tool.name());
    assert!(status.success(), "{} failed: {status:?}", tool.name());
    let text = std::fs::read_to_string(&out).expect("trace file");
    let raw: Vec<String> = text.lines().map(str::to_owned).collect();
    let dir = s.path().join("work").to_string_lossy().into_owned();
    let lines = after_marker(Normalise::follow().sub(dir, "DIR").lines(&raw));
    lines
        .into_iter()
        .filter(|l| l.syscall().is_some_and(|n| names.contains(&n)))
        .map(|l| norm(&l.with_pid()))
        .collect()
}

/// Times vary from run to run: the digits after `tv_sec=`, `tv_nsec=`, `tv_usec=` become `N`.
fn times(line: &str) -> String {
    digits_after(line, &["tv_sec=", "tv_nsec=", "tv_usec="])
}

/// The digits right after any of `keys` become `N`.
fn digits_after(line: &str, keys: &[&str]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = keys
        .iter()
        .filter_map(|k| rest.find(k).map(|i| i + k.len()))
        .min()
    {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push('N');
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// Only the time a call leaves (`left {…}`) varies when the script passes fixed timeouts: its
/// digits become `N`, as [`times`] does everywhere.
fn times_left(line: &str) -> String {
    match line.find("left {") {
        Some(i) => format!("{}{}", &line[..i], times(&line[i..])),
        None => line.to_owned(),
    }
}

/// A python3 script's lines of `names` under strace and tracer must be the same.
fn same_as_strace(test: &str, script: &str, names: &[&str]) {
    compared(test, &[], &[], script, names, times);
}

/// [`same_as_strace`] with more flags for both tools.
fn same_as_strace_with(test: &str, flags: &[&str], script: &str, names: &[&str]) {
    compared(test, &[], flags, script, names, times);
}

/// [`same_as_strace`] with the script started by `prefix` (`unshare -i` for a fresh IPC
/// namespace, whose ids start over).
fn same_as_strace_in(test: &str, prefix: &[&str], script: &str, names: &[&str]) {
    compared(test, prefix, &[], script, names, times);
}

/// Runs `PREFIX python3 -c SCRIPT` (the marker call first) under strace and under tracer, both
/// with `flags`, and normalises their lines of `names` with `norm`: they must be the same.
/// Returns strace's, for the test's own checks that the script did what it meant to.
fn compared(
    test: &str,
    prefix: &[&str],
    flags: &[&str],
    script: &str,
    names: &[&str],
    norm: fn(&str) -> String,
) -> Vec<String> {
    let s = Scratch::new(test);
    s.subdir("work");
    let full = format!("import os\nos.access('/tracee-marker-start', os.F_OK)\n{script}");
    let mut cmd: Vec<&str> = prefix.to_vec();
    cmd.extend(["python3", "-c", full.as_str()]);
    let theirs = traced_norm(Tool::Strace, flags, &cmd, &s, names, norm);
    let ours = traced_norm(Tool::Tracer, flags, &cmd, &s, names, norm);
    assert!(!theirs.is_empty(), "strace printed none of {names:?}");
    assert_lines(test, &theirs, &ours);
    theirs
}

#[test]
fn signals() {
    same_as_strace(
        "decoders_signals",
        r#"
import signal
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD, signal.SIGINT, signal.SIGTERM})
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
signal.pthread_sigmask(signal.SIG_SETMASK, [])
signal.sigpending()
os.kill(os.getpid(), 0)
os.kill(os.getpid(), signal.SIGWINCH)
"#,
        &["rt_sigaction", "rt_sigprocmask", "rt_sigpending", "kill"],
    );
}

#[test]
fn processes() {
    same_as_strace(
        "decoders_processes",
        r#"
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
pid = os.fork()
if pid == 0:
    os._exit(3)
os.wait4(pid, 0)
os.waitpid(-1, os.WNOHANG) if False else None
try:
    os.wait4(-1, os.WNOHANG)
except ChildProcessError:
    pass
os.uname()
os.umask(0o27)
os.umask(0o22)
libc.prctl(15, b"dectest", 0, 0, 0)
name = ctypes.create_string_buffer(16)
libc.prctl(16, name, 0, 0, 0)
libc.prctl(1, 9, 0, 0, 0)
libc.prctl(3, 0, 0, 0, 0)
word = ctypes.c_int(0)
libc.syscall(202, ctypes.byref(word), 129, 1, 0, 0, 0)
"#,
        &["clone", "wait4", "uname", "umask", "prctl", "futex"],
    );
}

#[test]
fn files() {
    same_as_strace(
        "decoders_files",
        r#"
import fcntl
r, w = os.pipe2(os.O_CLOEXEC)
fcntl.fcntl(r, fcntl.F_GETFL)
fcntl.fcntl(r, fcntl.F_SETFL, os.O_NONBLOCK)
fcntl.fcntl(r, fcntl.F_GETFD)
fcntl.fcntl(r, fcntl.F_SETFD, 0)
fcntl.fcntl(r, fcntl.F_GETFD)
d = fcntl.fcntl(r, fcntl.F_DUPFD_CLOEXEC, 10)
os.dup2(r, 20)
os.dup2(r, 21, inheritable=False)
os.write(w, b"xy")
fcntl.ioctl(r, 0x541b, b"\0\0\0\0")
try:
    fcntl.ioctl(r, 0x5401, b"\0" * 60)
except OSError:
    pass
import pty, termios
m, sl = pty.openpty()
termios.tcgetattr(sl)
fcntl.ioctl(sl, termios.TIOCGWINSZ, b"\0" * 8)
fcntl.ioctl(sl, termios.TIOCSWINSZ, b"\x18\0\x50\0\0\0\0\0")
fcntl.ioctl(sl, termios.TIOCGWINSZ, b"\0" * 8)
os.mkdir("sub", 0o750)
open("sub/f", "w").close()
os.chmod("sub/f", 0o600)
os.utime("sub/f", ns=(1000000001, 2000000002))
os.rename("sub/f", "sub/g")
os.symlink("g", "sub/l")
os.readlink("sub/l")
os.listdir("sub")
os.statvfs("/proc")
os.truncate("sub/g", 5)
os.unlink("sub/l")
os.unlink("sub/g")
os.rmdir("sub")
os.getcwd()
"#,
        &[
            "pipe2",
            "fcntl",
            "dup2",
            "dup3",
            "ioctl",
            "mkdir",
            "chmod",
            "utimensat",
            "rename",
            "symlink",
            "readlink",
            "getdents64",
            "statfs",
            "truncate",
            "unlink",
            "rmdir",
            "getcwd",
        ],
    );
}

#[test]
fn polling_and_time() {
    same_as_strace(
        "decoders_polling",
        r#"
import select, time
r, w = os.pipe2(os.O_CLOEXEC)
p = select.poll()
p.register(r, select.POLLIN)
p.poll(0)
os.write(w, b"x")
p.register(w, select.POLLOUT)
p.poll(1000)
e = select.epoll()
e.register(r, select.EPOLLIN | select.EPOLLET)
e.poll(1)
select.select([r], [], [], 1)
select.select([r], [], [], 0)
select.select([], [], [], 0)
time.sleep(0.001)
"#,
        &[
            "poll",
            "epoll_create1",
            "epoll_ctl",
            "epoll_wait",
            "pselect6",
            "clock_nanosleep",
        ],
    );
}

/// select's three sets and the timeout it was given at entry; what is ready and the time left at
/// exit. pselect6's and ppoll's signal masks. The timeouts given are fixed, so only the time
/// left is masked.
#[test]
fn select_sets_timeouts_and_masks() {
    let theirs = compared(
        "decoders_select",
        &[],
        &[],
        r#"
import os, select, ctypes, signal
libc = ctypes.CDLL(None, use_errno=True)
r, w = os.pipe()
select.select([r], [w], [r], 0.5)
os.write(w, b"x")
select.select([r], [w], [], 2)
select.select([], [], [], 0)
class TV(ctypes.Structure):
    _fields_ = [("s", ctypes.c_long), ("f", ctypes.c_long)]
class PFD(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("ev", ctypes.c_short), ("rev", ctypes.c_short)]
sets = (ctypes.c_ulong * 16)()
sets[0] = 1 << r
libc.syscall(23, r + 1, sets, None, sets, ctypes.byref(TV(3, 250)))
libc.syscall(23, r + 1, 8, None, None, None)
mask = (ctypes.c_ulong * 1)((1 << (signal.SIGHUP - 1)) | (1 << (signal.SIGRTMIN + 1)))
sets[0] = 1 << r
libc.pselect(r + 1, sets, None, None, ctypes.byref(TV(1, 5)), mask)
fds = (PFD * 1)(PFD(r, 1, 0))
libc.ppoll(fds, 1, ctypes.byref(TV(2, 0)), mask)
libc.ppoll(fds, 1, None, None)
"#,
        &["select", "pselect6", "ppoll"],
        times_left,
    );
    assert!(
        theirs.iter().any(|l| l.contains("out [")) && theirs.iter().any(|l| l.contains("[HUP")),
        "{theirs:?}"
    );
}

/// sendmsg's and recvmsg's control messages: descriptors passed (SCM_RIGHTS) and credentials
/// (SCM_CREDENTIALS), as strace prints `msg_control=[{cmsg_len=…, …}]`.
#[test]
fn control_messages() {
    same_as_strace(
        "decoders_cmsg",
        r#"
import socket, array
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
r, w = os.pipe()
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r, w]))])
b.recvmsg(10, socket.CMSG_SPACE(8))
a.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
b.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
a.sendmsg([b"y"])
b.recvmsg(10, socket.CMSG_SPACE(12))
"#,
        &["sendmsg", "recvmsg"],
    );
}

/// `-y` on pipes, sockets and anonymous inodes, closed before the process exits: the kernel
/// says what they are as they are created (`/proc` would no longer have them by the time the
/// lines print).
#[test]
fn descriptor_paths_of_pipes_sockets_and_anon_inodes() {
    let theirs = compared(
        "decoders_y_anon",
        &[],
        &["-y"],
        r#"
import os, socket, select
r, w = os.pipe()
a, b = socket.socketpair()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
e = select.epoll()
f = os.eventfd(0)
for fd in (r, w, a.fileno(), b.fileno(), u.fileno(), e.fileno(), f):
    os.close(fd) if fd not in (a.fileno(), b.fileno(), u.fileno(), e.fileno()) else None
for o in (a, b, u, e):
    o.close()
"#,
        &[
            "pipe2",
            "socketpair",
            "socket",
            "epoll_create1",
            "eventfd2",
            "close",
        ],
        inodes,
    );
    assert!(
        theirs.iter().any(|l| l.contains("anon_inode:[eventfd]")),
        "{theirs:?}"
    );
}

/// Inode numbers (`pipe:[1234]`) differ from run to run: `pipe:[N]`.
fn inodes(line: &str) -> String {
    digits_after(line, &[":["])
}

/// `-y` names the descriptors in select's sets (files: their paths are known from their opens).
#[test]
fn select_sets_with_paths() {
    same_as_strace_with(
        "decoders_select_y",
        &["-y"],
        r#"
import select
f = open("f", "w")
g = open("g", "w")
select.select([f], [g], [], 1)
"#,
        &["pselect6"],
    );
}

/// sendmmsg's and recvmmsg's message arrays: every message with its `msg_len` (those sent or
/// received), recvmmsg's source addresses, failed calls, an unreadable array.
#[test]
fn message_arrays() {
    let theirs = compared(
        "decoders_mmsg",
        &[],
        &[],
        r#"
import os, socket, ctypes
libc = ctypes.CDLL(None, use_errno=True)
class Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
class Msg(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint), ("iov", ctypes.c_void_p),
                ("iovlen", ctypes.c_size_t), ("control", ctypes.c_void_p),
                ("controllen", ctypes.c_size_t), ("flags", ctypes.c_int), ("pad", ctypes.c_int),
                ("len", ctypes.c_uint), ("pad2", ctypes.c_uint)]
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(("127.0.0.1", 0))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(r.getsockname())
bufs = [ctypes.create_string_buffer(b, len(b)) for b in (b"hello", b"world!", b"x")]
iovs = (Iov * 3)(*[Iov(ctypes.cast(b, ctypes.c_void_p), len(b)) for b in bufs])
msgs = (Msg * 3)()
for i in range(3):
    msgs[i].iov = ctypes.addressof(iovs[i])
    msgs[i].iovlen = 1
libc.sendmmsg(s.fileno(), msgs, 3, 0)
rbufs = [ctypes.create_string_buffer(16) for _ in range(4)]
riovs = (Iov * 4)(*[Iov(ctypes.cast(b, ctypes.c_void_p), 16) for b in rbufs])
names = [ctypes.create_string_buffer(128) for _ in range(4)]
rmsgs = (Msg * 4)()
for i in range(4):
    rmsgs[i].iov = ctypes.addressof(riovs[i])
    rmsgs[i].iovlen = 1
    rmsgs[i].name = ctypes.cast(names[i], ctypes.c_void_p)
    rmsgs[i].namelen = 128
# Blocks until the three datagrams are in: the same result whatever the timing.
libc.recvmmsg(r.fileno(), rmsgs, 3, 0, None)
libc.recvmmsg(r.fileno(), rmsgs, 4, socket.MSG_DONTWAIT, None)
libc.sendmmsg(-1, msgs, 2, 0)
libc.sendmmsg(s.fileno(), ctypes.c_void_p(8), 2, 0)
"#,
        &["sendmmsg", "recvmmsg"],
        common::ports,
    );
    assert!(theirs.iter().any(|l| l.contains("msg_len=6")), "{theirs:?}");
}

/// `-y` with `-Z`: the calls that opened the descriptors succeeded, so they are not printed,
/// but the failed calls on those descriptors still name what they refer to.
#[test]
fn descriptor_paths_of_failed_calls() {
    let theirs = compared(
        "decoders_y_failed",
        &[],
        &["-y", "-Z"],
        r#"
import os
d = os.open('.', os.O_RDONLY)
f = os.open('f', os.O_WRONLY | os.O_CREAT, 0o600)
for call in (lambda: os.read(d, 8), lambda: os.read(f, 8), lambda: os.write(d, b"x")):
    try:
        call()
    except OSError:
        pass
"#,
        &["read", "write", "openat"],
        times,
    );
    assert!(
        theirs.iter().filter(|l| l.contains("<DIR")).count() >= 3,
        "{theirs:?}"
    );
}

/// `ls -la` of a small directory: statx with its flags and struct, getdents64's entry count.
#[test]
fn ls_statx_and_getdents() {
    let s = Scratch::new("decoders_ls");
    let work = s.subdir("work");
    for f in ["a", "b"] {
        std::fs::write(work.join(f), b"abc").expect("scratch file");
    }
    let names = ["statx", "getdents64", "ioctl"];
    // ls makes no marker syscall: the script does, then execs ls.
    let script = "import os\nos.access('/tracee-marker-start', os.F_OK)\nos.execvp('ls', ['ls', '-la', '.'])";
    let cmd = ["python3", "-c", script];
    let theirs = traced(Tool::Strace, &cmd, &s, &names);
    let ours = traced(Tool::Tracer, &cmd, &s, &names);
    assert!(theirs.iter().any(|l| l.contains("statx(")), "{theirs:?}");
    assert_lines("ls -la", &theirs, &ours);
}

/// `-v`: stat, statx and uname structs whole. The file's times are fixed before either run (stat
/// changes none of them); `/dev/null` shows `st_rdev` where a file shows `st_size`; the
/// modification time is a whole second, whose date has no fraction.
#[test]
fn verbose_stat_statx_and_uname() {
    let s = Scratch::new("decoders_verbose_stat");
    let work = s.subdir("work");
    std::fs::write(work.join("f"), b"abc").expect("scratch file");
    let fixed = "import os\nos.utime('f', ns=(1795465516456786579, 1795463370000000000))";
    let ok = Command::new("python3")
        .args(["-c", fixed])
        .current_dir(&work)
        .status()
        .expect("python3");
    assert!(ok.success());
    let names = ["newfstatat", "statx", "uname"];
    let script = "import os\nos.access('/tracee-marker-start', os.F_OK)\nos.uname()\n\
                  os.stat('f')\nos.stat('/dev/null')\nos.lstat('f')\nos.stat(0)\n\
                  os.execvp('stat', ['stat', 'f', '/dev/null'])";
    let cmd = ["python3", "-c", script];
    let theirs = traced_with(Tool::Strace, &["-v"], &cmd, &s, &names);
    let ours = traced_with(Tool::Tracer, &["-v"], &cmd, &s, &names);
    assert!(
        theirs
            .iter()
            .any(|l| l.contains("st_rdev=makedev(0x1, 0x3), st_atime="))
            && theirs.iter().any(|l| l.contains("stx_mnt_id="))
            && theirs.iter().any(|l| l.contains("st_mtime=1795463370 /* "))
            && theirs.iter().any(|l| l.contains(", domainname=")),
        "{theirs:?}"
    );
    assert_lines("-v stat, statx and uname", &theirs, &ours);
}

/// Calls python makes only through ctypes: raw syscalls with NULL and filled pointers.
#[test]
fn raw_syscalls() {
    same_as_strace(
        "decoders_raw",
        r#"
import ctypes, resource
libc = ctypes.CDLL(None)
resource.getrusage(resource.RUSAGE_SELF)
libc.syscall(96, None, None)
libc.syscall(228, 1, (ctypes.c_long * 2)())
libc.syscall(35, ctypes.byref((ctypes.c_long * 2)(0, 1000)), None)
libc.syscall(131, None, (ctypes.c_char * 24)())
libc.syscall(200, os.getpid(), 0)
libc.syscall(234, os.getpid(), os.getpid(), 0)
libc.syscall(202, ctypes.byref(ctypes.c_int(1)), 128, 2, ctypes.byref((ctypes.c_long * 2)(0, 1000)), None, 0)
libc.syscall(202, ctypes.byref(ctypes.c_int(1)), 137, 2, None, None, 0xffffffff)
class PollFd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]
r, w = os.pipe()
fds = (PollFd * 1)(PollFd(r, 1, 0))
libc.ppoll(fds, 1, ctypes.byref((ctypes.c_long * 2)(0, 0)), None)
os.write(w, b"x")
libc.ppoll(fds, 1, ctypes.byref((ctypes.c_long * 2)(1, 0)), None)
libc.ppoll(fds, 1, None, None)
"#,
        &[
            "getrusage",
            "gettimeofday",
            "clock_gettime",
            "nanosleep",
            "sigaltstack",
            "tkill",
            "tgkill",
            "futex",
            "ppoll",
        ],
    );
}

#[test]
fn scheduling_and_credentials() {
    same_as_strace(
        "decoders_scheduling",
        r#"
import ctypes, resource
libc = ctypes.CDLL(None, use_errno=True)
cpus = os.sched_getaffinity(0)
os.sched_setaffinity(0, {0})
os.sched_setaffinity(0, cpus)
os.sched_getscheduler(0)
os.sched_getparam(0)
os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
os.getresuid()
os.getresgid()
os.getgroups()
os.setgroups(os.getgroups())
libc.syscall(252, 1, 0)
libc.syscall(251, 1, 0, (2 << 13) | 4)
libc.syscall(251, 1, 0, (3 << 13) | 7)
libc.prctl(23, 32, 0, 0, 0)
libc.prctl(23, 21, 0, 0, 0)
hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)
data = (ctypes.c_uint32 * 6)()
libc.capget(hdr, data)
libc.personality(0xffffffff)
"#,
        &[
            "sched_getaffinity",
            "sched_setaffinity",
            "sched_getscheduler",
            "sched_getparam",
            "sched_setscheduler",
            "getresuid",
            "getresgid",
            "getgroups",
            "setgroups",
            "ioprio_get",
            "ioprio_set",
            "prctl",
            "capget",
            "personality",
        ],
    );
}

#[test]
fn system_v_ipc() {
    // A fresh IPC namespace: the ids are the same in both runs.
    same_as_strace_in(
        "decoders_sysv_ipc",
        &["unshare", "-i"],
        r#"
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
m = libc.shmget(0, 4096, 0o1600)
libc.shmctl(m, 0, None)
q = libc.msgget(0, 0o1600)
libc.msgctl(q, 0, None)
s = libc.semget(0, 2, 0o1600)
ops = (ctypes.c_short * 6)(0, 1, 0x1000, 1, 2, 0o4000)
libc.semop(s, ops, 2)
libc.semtimedop(s, ops, 1, (ctypes.c_long * 2)(0, 1000))
libc.semctl(s, 0, 0)
libc.shmget(0x1234abcd, 0, 0)
libc.semget(0x1234abcd, 1, 0o2600)
libc.shmctl(-1, 2, None)
"#,
        &[
            "shmget",
            "shmctl",
            "msgget",
            "msgctl",
            "semget",
            "semctl",
            "semop",
            "semtimedop",
        ],
    );
}

#[test]
fn offsets_devices_locks_and_timers() {
    same_as_strace(
        "decoders_offsets",
        r#"
import ctypes, fcntl, signal
libc = ctypes.CDLL(None, use_errno=True)
f = os.open('data', os.O_RDWR | os.O_CREAT, 0o600)
os.write(f, b'0123456789' * 4)
r, w = os.pipe()
os.sendfile(w, f, 4, 8)
os.read(r, 8)
off = ctypes.c_longlong(2)
libc.sendfile(w, f, ctypes.byref(off), 5)
libc.sendfile(w, f, None, 3)
os.read(r, 64)
os.splice(f, w, 6, offset_src=10)
os.read(r, 64)
g = os.open('copy', os.O_RDWR | os.O_CREAT, 0o600)
os.copy_file_range(f, g, 7, 3, 0)
os.mknod('fifo', 0o10640)
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 1)
fcntl.lockf(f, fcntl.LOCK_UN, 5, 1)
signal.setitimer(signal.ITIMER_REAL, 100, 0)
signal.setitimer(signal.ITIMER_REAL, 0, 0)
for name in ('data', 'copy', 'fifo'):
    os.unlink(name)
"#,
        &[
            "sendfile",
            "splice",
            "copy_file_range",
            "mknodat",
            "mknod",
            "fcntl",
            "setitimer",
        ],
    );
}
