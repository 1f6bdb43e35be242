//! The syscall rows: one line per syscall. Names are the kernel's (as strace prints them);
//! numbers come from the `syscalls` crate per architecture.
use super::class::*;
use super::{Arg::*, Ret, Row};

const fn row(name: &'static str, args: &'static [super::Arg], ret: Ret, class: u32) -> Row {
    Row {
        name,
        args,
        ret,
        class,
    }
}

use Ret::{Addr, Fd as RFd, Int as RInt, NoReturn};

pub static ROWS: &[Row] = &[
    row("read", &[Fd, BufOut, Ulong], RInt, DESC),
    row("write", &[Fd, BufIn(2), Ulong], RInt, DESC),
    row("pread64", &[Fd, BufOut, Ulong, Long], RInt, DESC),
    row("pwrite64", &[Fd, BufIn(2), Ulong, Long], RInt, DESC),
    row("open", &[Path, OpenFlags, Mode], RFd, DESC | FILE),
    row("openat", &[DirFd, Path, OpenFlags, Mode], RFd, DESC | FILE),
    row("creat", &[Path, Mode], RFd, DESC | FILE),
    row("close", &[Fd], RInt, DESC),
    row("lseek", &[Fd, Long, Raw], RInt, DESC),
    row("access", &[Path, AccessMode], RInt, FILE),
    row("faccessat", &[DirFd, Path, AccessMode], RInt, DESC | FILE),
    row(
        "faccessat2",
        &[DirFd, Path, AccessMode, Raw],
        RInt,
        DESC | FILE,
    ),
    row("unlink", &[Path], RInt, FILE),
    row("unlinkat", &[DirFd, Path, Raw], RInt, DESC | FILE),
    row("rmdir", &[Path], RInt, FILE),
    row("mkdir", &[Path, Mode], RInt, FILE),
    row("mkdirat", &[DirFd, Path, Mode], RInt, DESC | FILE),
    row("chdir", &[Path], RInt, FILE),
    row("fchdir", &[Fd], RInt, DESC),
    row("rename", &[Path, Path], RInt, FILE),
    row("renameat", &[DirFd, Path, DirFd, Path], RInt, DESC | FILE),
    row("truncate", &[Path, Long], RInt, FILE),
    row("ftruncate", &[Fd, Long], RInt, DESC),
    row("chmod", &[Path, Mode], RInt, FILE),
    row("fchmod", &[Fd, Mode], RInt, DESC),
    row("fchmodat", &[DirFd, Path, Mode], RInt, DESC | FILE),
    row("chown", &[Path, Int, Int], RInt, FILE),
    row("lchown", &[Path, Int, Int], RInt, FILE),
    row("fchown", &[Fd, Int, Int], RInt, DESC),
    row("symlink", &[Path, Path], RInt, FILE),
    row("link", &[Path, Path], RInt, FILE),
    row("fsync", &[Fd], RInt, DESC),
    row("fdatasync", &[Fd], RInt, DESC),
    row("dup", &[Fd], RFd, DESC),
    row("dup2", &[Fd, Fd], RFd, DESC),
    row("execve", &[Path, Raw, Raw], RInt, FILE | PROCESS),
    row("exit", &[Int], NoReturn, PROCESS),
    row("exit_group", &[Int], NoReturn, PROCESS),
    row("brk", &[Ptr], Addr, MEMORY),
    row("munmap", &[Ptr, Ulong], RInt, MEMORY),
    row("getpid", &[], RInt, PURE),
    row("getppid", &[], RInt, PURE),
    row("gettid", &[], RInt, PURE),
    row("getuid", &[], RInt, CREDS | PURE),
    row("geteuid", &[], RInt, CREDS | PURE),
    row("getgid", &[], RInt, CREDS | PURE),
    row("getegid", &[], RInt, CREDS | PURE),
    row("getpgrp", &[], RInt, PURE),
    row("setsid", &[], RInt, 0),
    row("sync", &[], RInt, 0),
    row("sched_yield", &[], RInt, 0),
    row("pause", &[], RInt, SIGNAL),
    row("fork", &[], RInt, PROCESS),
    row("vfork", &[], RInt, PROCESS),
];
