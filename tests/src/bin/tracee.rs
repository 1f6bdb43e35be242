//! The program the integration tests trace. `tracee SCENARIO [ARGS]` makes a known sequence of
//! syscalls, each through `libc::syscall` with an explicit number so that the exact syscall (and
//! so the exact strace line) is known, not whatever the C library prefers.
//!
//! Every scenario first calls `access("/tracee-marker-start", F_OK)`, which fails with ENOENT:
//! the tests keep only what comes after that line, so the Rust runtime's start-up syscalls don't
//! matter. Everything the measured part needs (paths, buffers) is prepared before the marker, and
//! nothing after it allocates or uses std's I/O.
//!
//! Scenarios (the tests in `tests/tests/` hold the lines strace prints for each):
//! - `files DIR`: open, write, read, pread64, pwrite64, close, dup, dup2, access, faccessat, mkdir,
//!   chdir, unlink, unlinkat, rmdir, getpid, getuid under DIR (which must exist and be empty),
//!   with successes and failures; exits 0.
//! - `fork`: forks; the child's first syscall is `write(99, "child\n", 6)` (EBADF), from a stack
//!   buffer (the fork copies its page mapping, so it is readable at once), and it exits with 7;
//!   the parent waits for it and exits 0 if the child's status was 7, else 1.
//! - `untouched FILE`: maps FILE (at most 64 bytes are used) and, without touching the mapping,
//!   writes its first bytes to fd 99 (EBADF: the kernel doesn't read them either) and to
//!   /dev/null (which doesn't read them); exits 0. The buffers are in pages the process has never
//!   faulted in, as is a fresh child's view of a string constant.
//! - `deep`: arguments deeper than the kernel side's bounded copies: `write(99, …, 8000)` of
//!   8000 bytes (`x` then `y`s), `writev(99, …, 100)` of 100 iovecs of 40 bytes each (both
//!   EBADF), then `execve("/bin/true", ["true"], env)` with 400 variables of 40 bytes.
//! - `exit N`: exits with code N.
//! - `kill`: sends itself SIGKILL.
//! - `storm N`: calls getppid N times, then exits 0 (a syscall storm with a known count).
//! - `sleep-read`: writes `ready PID\n` on stdout, then blocks in `read(3, …, 64)` on an empty pipe
//!   until it is killed.
//! - `files-child DIR`: after the marker, forks; the child makes exactly the syscalls of `files DIR`
//!   (the same lines, exit_group(0) included) and the parent waits for it and exits 0 if the child
//!   exited 0, else 1. The child's lines are all "after the marker", whatever a filter keeps.
//! - `wait-stdin`: writes `ready PID\n` on stdout, blocks in `read(0, …, 1)` until a byte (or EOF)
//!   comes, and only then makes the marker syscall, `getpid()` and `exit_group(0)`: the marker
//!   comes last here, so that what a tracer sees after it was made after the read returned.
//! - `wait-fifo FIFO`: after the marker, forks; the child opens FIFO for reading (blocking until
//!   a writer opens it), reads one byte (blocking until one comes) and exits with 7; the parent
//!   blocks in `wait4` meanwhile and exits 0 if the child's status was 7, else 1.
//! - `threads N`: starts N threads (1 to 16), each with a pipe of its own, then writes
//!   `ready PID\n` on stdout. Each thread loops on `read(PIPE, …, 1)`; on each byte it makes
//!   [`THREAD_MARKER`]'s access (ENOENT) and writes `tick TID\n` on stdout. The main thread loops
//!   on `read(0, …, 1)`: a `+` forks a child that calls getpid, makes the same two syscalls (its
//!   pid in the tick) and exits 0, and is waited for; any other byte goes to every thread's pipe;
//!   EOF closes the pipes, joins the threads and exits 0.
//! - `tamper`: the calls the `-e inject=` tests tamper with. Before the marker it opens
//!   /dev/null (descriptor 3, read from below) and dups it (4, closed below), and ignores
//!   SIGUSR1; after it: `getpid()` three times, `close(4)` three times, `getppid()`,
//!   `read(3, buf, 4)`, `write(99, "abc", 3)` (EBADF), `getuid()`; exits 0.
//! - `hold`: after the marker, calls `getpid()` and forks; the parent calls `getuid()`, waits
//!   for the child and exits 0 if it exited 0, else 1. The child reads `/proc/PARENT/syscall`
//!   (open, read, close) until the parent is in getuid (102) or wait4 (61), then calls
//!   `getpid()` and exits 0: held in getuid's entry, the parent is seen there.
//! - `net DIR`: socket calls on loopback and on local sockets (TCP and UDP over IPv4, IPv6,
//!   AF_UNIX with a path under DIR and an abstract name, socketpair, AF_NETLINK), with their
//!   options and addresses, successes and failures; exits 0.
//!
//! The syscall numbers are x86_64's (strace's lines, the contract, are taken on x86_64); on other
//! architectures the tracee only reports that it can't run.

#[cfg(target_arch = "x86_64")]
fn main() {
    scenarios::main()
}

#[cfg(not(target_arch = "x86_64"))]
fn main() {
    eprintln!("tracee: the scenarios use x86_64 syscall numbers");
    std::process::exit(2)
}

/// The marker path; see the module documentation.
pub const MARKER: &str = "/tracee-marker-start";

/// The path `threads`' threads (and forked children) access on each byte; see the module
/// documentation.
pub const THREAD_MARKER: &str = "/tracee-marker-thread";

#[cfg(target_arch = "x86_64")]
mod scenarios {
    use std::ffi::CString;

    use libc::{c_long, syscall};

    /// The 100 bytes written by `files`: printable letters, then characters strace escapes, then
    /// padding. With the default `-s 32` strace shows the first 32 bytes.
    pub fn long_buffer() -> [u8; 100] {
        let mut b = [b'.'; 100];
        let head = b"abcdefghijklmnopqrstuvwxyz\t\n\r\x01\x7f\xc3\xa90123";
        b[..head.len()].copy_from_slice(head);
        b
    }

    fn cstr(s: &str) -> CString {
        match CString::new(s) {
            Ok(c) => c,
            Err(_) => fail("argument contains a NUL byte"),
        }
    }

    /// Usage errors, before the marker: std's I/O is fine here.
    fn fail(msg: &str) -> ! {
        eprintln!("tracee: {msg}");
        std::process::exit(2)
    }

    fn marker(path: &CString) {
        // SAFETY: access reads a NUL-terminated path that outlives the call.
        unsafe { syscall(libc::SYS_access, path.as_ptr(), libc::F_OK) };
    }

    fn exit_group(code: c_long) -> ! {
        // SAFETY: exit_group takes no pointers and doesn't return.
        unsafe { syscall(libc::SYS_exit_group, code) };
        // exit_group can't fail; this only satisfies the type.
        std::process::abort()
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().collect();
        let marker_path = cstr(super::MARKER);
        match args.get(1).map(String::as_str) {
            Some("files") => match args.get(2) {
                Some(dir) => files(dir, &marker_path),
                None => fail("usage: tracee files DIR"),
            },
            Some("fork") => fork(&marker_path),
            Some("exit") => match args.get(2).map(|n| n.parse::<c_long>()) {
                Some(Ok(n)) => {
                    marker(&marker_path);
                    exit_group(n)
                }
                _ => fail("usage: tracee exit N"),
            },
            Some("kill") => {
                marker(&marker_path);
                // SAFETY: getpid and kill take no pointers.
                unsafe {
                    let pid = syscall(libc::SYS_getpid);
                    syscall(libc::SYS_kill, pid, libc::SIGKILL);
                }
                fail("still alive after SIGKILL")
            }
            Some("sleep-read") => sleep_read(&marker_path),
            Some("storm") => match args.get(2).map(|n| n.parse::<u64>()) {
                Some(Ok(n)) => {
                    marker(&marker_path);
                    for _ in 0..n {
                        // SAFETY: getppid takes no arguments.
                        unsafe { syscall(libc::SYS_getppid) };
                    }
                    exit_group(0)
                }
                _ => fail("usage: tracee storm N"),
            },
            Some("deep") => deep(&marker_path),
            Some("untouched") => match args.get(2) {
                Some(file) => untouched(file, &marker_path),
                None => fail("usage: tracee untouched FILE"),
            },
            Some("files-child") => match args.get(2) {
                Some(dir) => files_child(dir, &marker_path),
                None => fail("usage: tracee files-child DIR"),
            },
            Some("wait-stdin") => wait_stdin(&marker_path),
            Some("net") => match args.get(2) {
                Some(dir) => net::run(dir, &marker_path),
                None => fail("usage: tracee net DIR"),
            },
            Some("wait-fifo") => match args.get(2) {
                Some(fifo) => wait_fifo(&cstr(fifo), &marker_path),
                None => fail("usage: tracee wait-fifo FIFO"),
            },
            Some("tamper") => tamper(&marker_path),
            Some("hold") => hold(&marker_path),
            Some("threads") => match args.get(2).map(|n| n.parse::<usize>()) {
                Some(Ok(n)) if (1..=16).contains(&n) => threads(n, &marker_path),
                _ => fail("usage: tracee threads N (1 to 16)"),
            },
            _ => fail(
                "usage: tracee files DIR | fork | exit N | kill | sleep-read | storm N | \
                 untouched FILE | files-child DIR | wait-stdin | wait-fifo FIFO | threads N | \
                 net DIR | deep | tamper | hold",
            ),
        }
    }

    /// What `files DIR` needs, prepared before the marker.
    struct FilesPrep {
        f: CString,
        long: CString,
        missing: CString,
        sub: CString,
        dev_null: CString,
        dotdot: CString,
        big: [u8; 100],
        buf: [u8; 64],
    }

    impl FilesPrep {
        fn new(dir: &str) -> FilesPrep {
            FilesPrep {
                f: cstr(&format!("{dir}/f")),
                long: cstr(&format!("{dir}/long")),
                missing: cstr(&format!("{dir}/missing")),
                sub: cstr(&format!("{dir}/sub")),
                dev_null: cstr("/dev/null"),
                dotdot: cstr(".."),
                big: long_buffer(),
                buf: [0u8; 64],
            }
        }
    }

    /// See the module documentation; the expected lines are in tests/tests/files.rs.
    fn files(dir: &str, marker_path: &CString) -> ! {
        let mut p = FilesPrep::new(dir);
        marker(marker_path);
        files_body(&mut p)
    }

    /// The syscalls of `files` after the marker, exit_group(0) included.
    fn files_body(p: &mut FilesPrep) -> ! {
        let FilesPrep {
            f,
            long,
            missing,
            sub,
            dev_null,
            dotdot,
            big,
            buf,
        } = p;
        let at_fdcwd = libc::AT_FDCWD as c_long;
        // SAFETY: every pointer passed below is to a live local (NUL-terminated paths, byte
        // buffers with at least the length passed); the calls write at most that many bytes.
        unsafe {
            let fd = syscall(
                libc::SYS_openat,
                at_fdcwd,
                f.as_ptr(),
                libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC,
                0o644,
            );
            syscall(libc::SYS_write, fd, b"hello\n".as_ptr(), 6);
            syscall(libc::SYS_close, fd);
            let fd = syscall(libc::SYS_openat, at_fdcwd, f.as_ptr(), libc::O_RDONLY);
            syscall(libc::SYS_read, fd, buf.as_mut_ptr(), buf.len());
            syscall(libc::SYS_read, fd, buf.as_mut_ptr(), buf.len());
            syscall(libc::SYS_close, fd);

            let fd = syscall(
                libc::SYS_openat,
                at_fdcwd,
                long.as_ptr(),
                libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
                0o600,
            );
            syscall(libc::SYS_write, fd, big.as_ptr(), big.len());
            syscall(libc::SYS_pwrite64, fd, b"XYZ".as_ptr(), 3, 200);
            syscall(libc::SYS_pread64, fd, buf.as_mut_ptr(), 8, 198);
            syscall(libc::SYS_close, fd);

            syscall(libc::SYS_openat, at_fdcwd, missing.as_ptr(), libc::O_RDONLY);
            syscall(libc::SYS_access, missing.as_ptr(), libc::F_OK);
            syscall(libc::SYS_access, f.as_ptr(), libc::R_OK | libc::W_OK);
            syscall(libc::SYS_faccessat, at_fdcwd, missing.as_ptr(), libc::W_OK);
            syscall(libc::SYS_mkdir, sub.as_ptr(), 0o755);
            syscall(libc::SYS_mkdir, sub.as_ptr(), 0o755);
            syscall(libc::SYS_chdir, sub.as_ptr());
            let fd = syscall(libc::SYS_open, dev_null.as_ptr(), libc::O_WRONLY, 0);
            let fd2 = syscall(libc::SYS_dup, fd);
            syscall(libc::SYS_dup2, fd2, 10);
            syscall(libc::SYS_close, 10);
            syscall(libc::SYS_close, fd2);
            syscall(libc::SYS_close, fd);
            syscall(libc::SYS_close, 99);
            syscall(libc::SYS_chdir, dotdot.as_ptr());
            syscall(libc::SYS_unlink, long.as_ptr());
            syscall(libc::SYS_unlinkat, at_fdcwd, f.as_ptr(), 0);
            syscall(libc::SYS_rmdir, sub.as_ptr());
            syscall(libc::SYS_getpid);
            syscall(libc::SYS_getuid);
        }
        exit_group(0)
    }

    fn fork(marker_path: &CString) -> ! {
        let child_msg = *b"child\n";
        marker(marker_path);
        // SAFETY: the raw fork syscall; the child makes only raw syscalls on its own copy of
        // this stack and exits, so the C library's state after the fork doesn't matter.
        let pid = unsafe { syscall(libc::SYS_fork) };
        if pid == 0 {
            // SAFETY: the buffer is a local of the length passed.
            unsafe { syscall(libc::SYS_write, 99, child_msg.as_ptr(), child_msg.len()) };
            exit_group(7);
        }
        let mut status = 0i32;
        // SAFETY: wait4 writes the status into a local; the rusage pointer is NULL.
        unsafe {
            syscall(
                libc::SYS_wait4,
                pid,
                &raw mut status,
                0,
                std::ptr::null_mut::<libc::rusage>(),
            )
        };
        let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 7;
        exit_group(if ok { 0 } else { 1 })
    }

    /// See the module documentation; the tests are in tests/tests/inject.rs.
    fn tamper(marker_path: &CString) -> ! {
        let dev_null = cstr("/dev/null");
        let mut buf = [0u8; 4];
        // SAFETY: open reads a NUL-terminated path that outlives the call; dup and signal take
        // no pointers of ours.
        let (fd, dup) = unsafe {
            let fd = syscall(libc::SYS_open, dev_null.as_ptr(), libc::O_RDONLY, 0);
            let dup = syscall(libc::SYS_dup, fd);
            libc::signal(libc::SIGUSR1, libc::SIG_IGN);
            (fd, dup)
        };
        if (fd, dup) != (3, 4) {
            fail("descriptors 3 and 4 were not the first free ones");
        }
        marker(marker_path);
        // SAFETY: read and write use a local buffer and a constant of at least the lengths
        // passed; the other calls take no pointers.
        unsafe {
            for _ in 0..3 {
                syscall(libc::SYS_getpid);
            }
            for _ in 0..3 {
                syscall(libc::SYS_close, dup);
            }
            syscall(libc::SYS_getppid);
            syscall(libc::SYS_read, fd, buf.as_mut_ptr(), buf.len());
            syscall(libc::SYS_write, 99, b"abc".as_ptr(), 3);
            syscall(libc::SYS_getuid);
        }
        exit_group(0)
    }

    /// See the module documentation.
    /// `/proc/PID/syscall` and a NUL in `out`, without allocating (the child of `hold` builds
    /// it after the marker).
    fn proc_syscall_path(pid: u64, out: &mut [u8; 64]) {
        let mut digits = [0u8; 20];
        let mut n = 0;
        let mut rest = pid;
        loop {
            digits[n] = b'0' + (rest % 10) as u8;
            n += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let mut at = 0;
        let mut push = |b: u8| {
            out[at] = b;
            at += 1;
        };
        b"/proc/".iter().for_each(|&b| push(b));
        digits[..n].iter().rev().for_each(|&b| push(b));
        b"/syscall\0".iter().for_each(|&b| push(b));
    }

    fn hold(marker_path: &CString) -> ! {
        let mut parent_syscall = [0u8; 64];
        let mut buf = [0u8; 64];
        marker(marker_path);
        // SAFETY: getpid takes no arguments; the raw fork syscall: the child makes only raw
        // syscalls and exits.
        let pid = unsafe {
            syscall(libc::SYS_getpid);
            syscall(libc::SYS_fork)
        };
        if pid == 0 {
            // SAFETY: getppid takes no arguments.
            proc_syscall_path(
                unsafe { syscall(libc::SYS_getppid) } as u64,
                &mut parent_syscall,
            );
            while !buf.starts_with(b"102 ") && !buf.starts_with(b"61 ") {
                // SAFETY: open reads a NUL-terminated path in a local that outlives the call;
                // read writes at most the buffer's length into a local.
                unsafe {
                    let fd = syscall(libc::SYS_open, parent_syscall.as_ptr(), libc::O_RDONLY, 0);
                    if fd < 0 {
                        fail("cannot open the parent's /proc/PID/syscall");
                    }
                    syscall(libc::SYS_read, fd, buf.as_mut_ptr(), buf.len());
                    syscall(libc::SYS_close, fd);
                }
            }
            // SAFETY: getpid takes no arguments.
            unsafe { syscall(libc::SYS_getpid) };
            exit_group(0);
        }
        let mut status = 0i32;
        // SAFETY: getuid takes no arguments; wait4 writes the status into a local, the rusage
        // pointer is NULL.
        unsafe {
            syscall(libc::SYS_getuid);
            syscall(
                libc::SYS_wait4,
                pid,
                &raw mut status,
                0,
                std::ptr::null_mut::<libc::rusage>(),
            );
        }
        let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
        exit_group(if ok { 0 } else { 1 })
    }

    fn sleep_read(marker_path: &CString) -> ! {
        // `ready PID\n`, formatted before the marker.
        let msg = format!("ready {}\n", std::process::id());
        let mut buf = [0u8; 64];
        let mut fds = [0i32; 2];
        marker(marker_path);
        // SAFETY: pipe2 writes two fds into a local array; write and read use local buffers
        // of at least the lengths passed.
        unsafe {
            syscall(libc::SYS_pipe2, fds.as_mut_ptr(), 0);
            syscall(libc::SYS_write, 1, msg.as_ptr(), msg.len());
            // The write end stays open, so this blocks until the process is killed.
            syscall(
                libc::SYS_read,
                c_long::from(fds[0]),
                buf.as_mut_ptr(),
                buf.len(),
            );
        }
        fail("read returned on a pipe nobody writes to")
    }

    fn files_child(dir: &str, marker_path: &CString) -> ! {
        let mut p = FilesPrep::new(dir);
        marker(marker_path);
        // SAFETY: the raw fork syscall; the child makes only raw syscalls on its own copy of
        // this stack (`p` included) and exits, so the C library's state after the fork doesn't
        // matter.
        let pid = unsafe { syscall(libc::SYS_fork) };
        if pid == 0 {
            files_body(&mut p);
        }
        exit_group(if wait_exit_code(pid) == Some(0) { 0 } else { 1 })
    }

    /// Waits for the child `pid` with a raw wait4; its exit code, or `None` if it didn't exit.
    fn wait_exit_code(pid: c_long) -> Option<i32> {
        let mut status = 0i32;
        // SAFETY: wait4 writes the status into a local; the rusage pointer is NULL.
        let r = unsafe {
            syscall(
                libc::SYS_wait4,
                pid,
                &raw mut status,
                0,
                std::ptr::null_mut::<libc::rusage>(),
            )
        };
        (r == pid && libc::WIFEXITED(status)).then(|| libc::WEXITSTATUS(status))
    }

    /// A parent blocked in wait4 while its child runs: the child opens FIFO (blocking until the
    /// test opens it for writing), reads a byte from it (blocking until the test writes one)
    /// and exits with 7; the parent waits for it and exits with 0 if it did.
    fn wait_fifo(fifo: &CString, marker_path: &CString) -> ! {
        let mut byte = [0u8; 1];
        marker(marker_path);
        // SAFETY: the raw fork syscall; the child makes only raw syscalls on its own copy of
        // this stack and exits, so the C library's state after the fork doesn't matter.
        let pid = unsafe { syscall(libc::SYS_fork) };
        if pid == 0 {
            // SAFETY: openat reads a NUL-terminated path; read writes into a local buffer of
            // the length passed.
            unsafe {
                let fd = syscall(
                    libc::SYS_openat,
                    libc::AT_FDCWD,
                    fifo.as_ptr(),
                    libc::O_RDONLY,
                );
                syscall(libc::SYS_read, fd, byte.as_mut_ptr(), 1);
            }
            exit_group(7);
        }
        exit_group(if wait_exit_code(pid) == Some(7) { 0 } else { 1 })
    }

    fn wait_stdin(marker_path: &CString) -> ! {
        let msg = format!("ready {}\n", std::process::id());
        let mut byte = [0u8; 1];
        // SAFETY: write and read use local buffers of the lengths passed; getpid takes no
        // pointers.
        unsafe {
            syscall(libc::SYS_write, 1, msg.as_ptr(), msg.len());
            syscall(libc::SYS_read, 0, byte.as_mut_ptr(), 1);
            marker(marker_path);
            syscall(libc::SYS_getpid);
        }
        exit_group(0)
    }

    /// `tick TID\n`, formatted before it is needed.
    fn tick_message() -> String {
        // SAFETY: gettid takes no arguments and can't fail.
        let tid = unsafe { syscall(libc::SYS_gettid) };
        format!("tick {tid}\n")
    }

    /// What a thread (or a forked child) of `threads` does for each byte.
    fn tick(thread_marker: &CString, msg: &str) {
        marker(thread_marker);
        // SAFETY: the message is a live string of the length passed.
        unsafe { syscall(libc::SYS_write, 1, msg.as_ptr(), msg.len()) };
    }

    fn threads(n: usize, marker_path: &CString) -> ! {
        let thread_marker = cstr(super::THREAD_MARKER);
        let ready = format!("ready {}\n", std::process::id());
        let mut write_ends = Vec::with_capacity(n);
        let mut handles = Vec::with_capacity(n);
        for _ in 0..n {
            let mut fds = [0i32; 2];
            // SAFETY: pipe2 writes two fds into a local array.
            if unsafe { syscall(libc::SYS_pipe2, fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
                fail("pipe2 failed");
            }
            write_ends.push(c_long::from(fds[1]));
            let read_end = c_long::from(fds[0]);
            let thread_marker = thread_marker.clone();
            handles.push(std::thread::spawn(move || {
                let msg = tick_message();
                let mut byte = [0u8; 1];
                // SAFETY: read writes at most one byte into a local.
                while unsafe { syscall(libc::SYS_read, read_end, byte.as_mut_ptr(), 1) } == 1 {
                    tick(&thread_marker, &msg);
                }
            }));
        }
        marker(marker_path);
        let mut byte = [0u8; 1];
        // SAFETY: write and read use local buffers of the lengths passed.
        unsafe { syscall(libc::SYS_write, 1, ready.as_ptr(), ready.len()) };
        // SAFETY: as above.
        while unsafe { syscall(libc::SYS_read, 0, byte.as_mut_ptr(), 1) } == 1 {
            if byte[0] == b'+' {
                // SAFETY: the raw fork syscall; the child makes only raw syscalls (gettid, access,
                // write, exit_group) on its copy of this thread's stack, so the state of the other
                // threads and of the C library doesn't matter.
                let pid = unsafe { syscall(libc::SYS_fork) };
                if pid == 0 {
                    let mut msg = *b"tick 0000000000\n";
                    // SAFETY: getpid takes no arguments.
                    let me = unsafe { syscall(libc::SYS_getpid) };
                    let len = format_tick(&mut msg, me);
                    marker(&thread_marker);
                    // SAFETY: the message is a local of at least `len` bytes.
                    unsafe { syscall(libc::SYS_write, 1, msg.as_ptr(), len) };
                    exit_group(0);
                }
                wait_exit_code(pid);
                continue;
            }
            for &w in &write_ends {
                // SAFETY: the byte is a local; `w` is a pipe's write end.
                unsafe { syscall(libc::SYS_write, w, byte.as_ptr(), 1) };
            }
        }
        for &w in &write_ends {
            // SAFETY: close takes no pointers.
            unsafe { syscall(libc::SYS_close, w) };
        }
        for h in handles {
            let _ = h.join();
        }
        exit_group(0)
    }

    /// Writes `tick PID\n` into `buf` without allocating (a forked child of a threaded process
    /// must not); returns its length.
    fn format_tick(buf: &mut [u8; 16], pid: c_long) -> usize {
        let mut digits = [0u8; 10];
        let mut n = 0;
        let mut v = pid.unsigned_abs();
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 || n == digits.len() {
                break;
            }
        }
        for i in 0..n {
            buf[5 + i] = digits[n - 1 - i];
        }
        buf[5 + n] = b'\n';
        6 + n
    }

    /// See the module documentation: `deep`.
    fn deep(marker_path: &CString) -> ! {
        let mut buf = vec![b'y'; 8000];
        buf[0] = b'x';
        let bufs: Vec<Vec<u8>> = (0..100u8)
            .map(|i| {
                let mut b = vec![b'a' + i % 26; 40];
                b[0] = b'0' + i % 10;
                b
            })
            .collect();
        let iov: Vec<libc::iovec> = bufs
            .iter()
            .map(|b| libc::iovec {
                iov_base: b.as_ptr() as *mut libc::c_void,
                iov_len: b.len(),
            })
            .collect();
        let path = cstr("/bin/true");
        let arg0 = cstr("true");
        let env: Vec<CString> = (0..400)
            .map(|i| cstr(&format!("VAR{i:03}={}", "v".repeat(33))))
            .collect();
        let argv = [arg0.as_ptr(), std::ptr::null()];
        let mut envp: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
        envp.push(std::ptr::null());
        marker(marker_path);
        // SAFETY: every pointer passed is to a live buffer of the length given (the iovecs'
        // buffers outlive the call); the path and the strings are NUL-terminated and the
        // arrays NULL-terminated.
        unsafe {
            syscall(libc::SYS_write, 99 as c_long, buf.as_ptr(), buf.len());
            syscall(libc::SYS_writev, 99 as c_long, iov.as_ptr(), iov.len());
            syscall(
                libc::SYS_execve,
                path.as_ptr(),
                argv.as_ptr(),
                envp.as_ptr(),
            );
        }
        fail("execve /bin/true failed")
    }

    fn untouched(file: &str, marker_path: &CString) -> ! {
        let file = cstr(file);
        let dev_null = cstr("/dev/null");
        let len: usize = match std::fs::metadata(file.to_str().unwrap_or_default()) {
            Ok(m) if (1..=64).contains(&m.len()) => m.len() as usize,
            _ => fail("untouched: FILE must hold 1 to 64 bytes"),
        };
        marker(marker_path);
        // SAFETY: the path is NUL-terminated; the mapping is checked before use and only its
        // address is passed on (the kernel reads it, or doesn't); nothing here dereferences it.
        unsafe {
            let fd = syscall(
                libc::SYS_openat,
                libc::AT_FDCWD as c_long,
                file.as_ptr(),
                libc::O_RDONLY,
            );
            let p = syscall(
                libc::SYS_mmap,
                0 as c_long,
                4096 as c_long,
                libc::PROT_READ as c_long,
                libc::MAP_PRIVATE as c_long,
                fd,
                0 as c_long,
            );
            if fd < 0 || p == -1 {
                exit_group(3);
            }
            syscall(libc::SYS_close, fd);
            syscall(libc::SYS_write, 99, p, len);
            let null = syscall(libc::SYS_open, dev_null.as_ptr(), libc::O_WRONLY, 0);
            syscall(libc::SYS_write, null, p, len);
            syscall(libc::SYS_close, null);
        }
        exit_group(0)
    }

    /// The `net` scenario; the expected lines are in tests/tests/network.rs.
    mod net {
        use std::ffi::CString;

        use libc::{c_long, syscall};

        use super::{exit_group, marker};

        const NULL: c_long = 0;

        /// A `struct sockaddr_storage`'s room, as libraries pass it.
        const STORAGE: u32 = 128;

        fn sin(port: u16, addr: [u8; 4]) -> libc::sockaddr_in {
            libc::sockaddr_in {
                sin_family: libc::AF_INET as u16,
                sin_port: port.to_be(),
                sin_addr: libc::in_addr {
                    s_addr: u32::from_ne_bytes(addr),
                },
                sin_zero: [0; 8],
            }
        }

        /// A path or an abstract name (leading NUL) as a `sockaddr_un` and its length.
        fn sun(path: &[u8]) -> (libc::sockaddr_un, c_long) {
            // SAFETY: sockaddr_un is plain data; all zeros is a valid value.
            let mut a: libc::sockaddr_un = unsafe { std::mem::zeroed() };
            a.sun_family = libc::AF_UNIX as u16;
            for (d, &s) in a.sun_path.iter_mut().zip(path) {
                *d = s as libc::c_char;
            }
            (a, (2 + path.len()) as c_long)
        }

        pub fn run(dir: &str, marker_path: &CString) -> ! {
            let any = sin(0, [127, 0, 0, 1]);
            // SAFETY: sockaddr_storage is plain data; zeros are valid.
            let mut got: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            // SAFETY: as above.
            let mut peer: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut len: u32;
            let one: i32 = 1;
            let mut val: i32 = -1;
            let mut fds = [-1i32; 2];
            let mut buf = [0u8; 64];
            let sp = |a: &libc::sockaddr_storage| a as *const _ as c_long;
            let mp = |a: &mut libc::sockaddr_storage| a as *mut _ as c_long;
            let (path, path_len) = sun(format!("{dir}/sock").as_bytes());
            // SAFETY: getpid takes no arguments.
            let pid = unsafe { syscall(libc::SYS_getpid) };
            let (abs, abs_len) = sun(format!("\0tracer-net-{pid}").as_bytes());
            // SAFETY: in6_addr and sockaddr_in6 are plain data; zeros are valid.
            let mut six: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            six.sin6_family = libc::AF_INET6 as u16;
            six.sin6_addr.s6_addr[15] = 1;
            // SAFETY: sockaddr_nl is plain data; zeros are valid.
            let mut nl: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
            nl.nl_family = libc::AF_NETLINK as u16;
            marker(marker_path);
            // SAFETY: every pointer passed points to a live local of the size passed with it
            // (or is NULL); the kernel writes only within those sizes.
            unsafe {
                let sock = |d: i32, t: i32, p: i32| syscall(libc::SYS_socket, d, t, p);
                // TCP over IPv4: a listener, a client, the accepted connection.
                let l = sock(
                    libc::AF_INET,
                    libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                    libc::IPPROTO_TCP,
                );
                syscall(
                    libc::SYS_setsockopt,
                    l,
                    libc::SOL_SOCKET,
                    libc::SO_REUSEADDR,
                    &one,
                    4,
                );
                syscall(libc::SYS_bind, l, &any as *const _ as c_long, 16);
                syscall(libc::SYS_listen, l, 5);
                len = STORAGE;
                syscall(libc::SYS_getsockname, l, mp(&mut got), &mut len);
                let c = sock(libc::AF_INET, libc::SOCK_STREAM, 0);
                syscall(
                    libc::SYS_setsockopt,
                    c,
                    libc::IPPROTO_TCP,
                    libc::TCP_NODELAY,
                    &one,
                    4,
                );
                syscall(libc::SYS_connect, c, sp(&got), 16);
                len = 16;
                let a = syscall(
                    libc::SYS_accept4,
                    l,
                    mp(&mut peer),
                    &mut len,
                    libc::SOCK_CLOEXEC,
                );
                len = STORAGE;
                syscall(libc::SYS_getpeername, c, mp(&mut peer), &mut len);
                len = 16;
                syscall(libc::SYS_getpeername, l, mp(&mut peer), &mut len);
                syscall(
                    libc::SYS_sendto,
                    c,
                    b"hello\n".as_ptr(),
                    6,
                    libc::MSG_NOSIGNAL,
                    0,
                    0,
                );
                syscall(
                    libc::SYS_recvfrom,
                    a,
                    buf.as_mut_ptr(),
                    buf.len(),
                    0,
                    NULL,
                    NULL,
                );
                len = 4;
                syscall(
                    libc::SYS_getsockopt,
                    c,
                    libc::SOL_SOCKET,
                    libc::SO_ERROR,
                    &mut val,
                    &mut len,
                );
                len = 8;
                syscall(
                    libc::SYS_getsockopt,
                    c,
                    libc::SOL_SOCKET,
                    libc::SO_TYPE,
                    &mut val,
                    &mut len,
                );
                len = 4;
                syscall(
                    libc::SYS_getsockopt,
                    99,
                    libc::SOL_SOCKET,
                    libc::SO_TYPE,
                    &mut val,
                    &mut len,
                );
                syscall(libc::SYS_shutdown, c, libc::SHUT_RDWR);
                syscall(libc::SYS_close, a);
                syscall(libc::SYS_close, c);
                syscall(libc::SYS_close, l);
                // UDP over IPv4.
                let u = sock(libc::AF_INET, libc::SOCK_DGRAM, 0);
                syscall(libc::SYS_bind, u, &any as *const _ as c_long, 16);
                len = 16;
                syscall(libc::SYS_getsockname, u, mp(&mut got), &mut len);
                let v = sock(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_NONBLOCK, 0);
                syscall(libc::SYS_sendto, v, b"ping".as_ptr(), 4, 0, sp(&got), 16);
                len = STORAGE;
                syscall(
                    libc::SYS_recvfrom,
                    u,
                    buf.as_mut_ptr(),
                    buf.len(),
                    0,
                    mp(&mut peer),
                    &mut len,
                );
                len = STORAGE;
                syscall(
                    libc::SYS_recvfrom,
                    v,
                    buf.as_mut_ptr(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                    mp(&mut peer),
                    &mut len,
                );
                syscall(libc::SYS_close, v);
                syscall(libc::SYS_close, u);
                // IPv6.
                let s6 = sock(libc::AF_INET6, libc::SOCK_STREAM, 0);
                syscall(
                    libc::SYS_setsockopt,
                    s6,
                    libc::IPPROTO_IPV6,
                    libc::IPV6_V6ONLY,
                    &one,
                    4,
                );
                syscall(libc::SYS_bind, s6, &six as *const _ as c_long, 28);
                syscall(libc::SYS_close, s6);
                // AF_UNIX: a path, an abstract name, a pair.
                let x = sock(libc::AF_UNIX, libc::SOCK_STREAM, 0);
                syscall(libc::SYS_bind, x, &path as *const _ as c_long, path_len);
                len = STORAGE;
                syscall(libc::SYS_getsockname, x, mp(&mut got), &mut len);
                let y = sock(libc::AF_UNIX, libc::SOCK_DGRAM, 0);
                syscall(libc::SYS_bind, y, &abs as *const _ as c_long, abs_len);
                syscall(
                    libc::SYS_socketpair,
                    libc::AF_UNIX,
                    libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                    0,
                    fds.as_mut_ptr(),
                );
                syscall(
                    libc::SYS_socketpair,
                    libc::AF_INET,
                    libc::SOCK_STREAM,
                    0,
                    fds.as_mut_ptr(),
                );
                syscall(libc::SYS_close, y);
                syscall(libc::SYS_close, x);
                syscall(libc::SYS_unlink, path.sun_path.as_ptr());
                // Netlink.
                let n = sock(libc::AF_NETLINK, libc::SOCK_RAW, libc::NETLINK_ROUTE);
                syscall(libc::SYS_bind, n, &nl as *const _ as c_long, 12);
                syscall(libc::SYS_close, n);
                // Failures.
                syscall(libc::SYS_connect, 99, &any as *const _ as c_long, 16);
                syscall(libc::SYS_accept, 99, NULL, NULL);
            }
            exit_group(0)
        }
    }
}
