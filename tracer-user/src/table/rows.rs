//! The syscall rows: one line per syscall. Names are the kernel's (as strace prints them);
//! numbers come from the `syscalls` crate per architecture.
//!
//! Every syscall strace 6.1 knows on x86_64 or aarch64 has a row. The argument count is the
//! number strace prints; kinds say how each argument prints: flags and values name a table in
//! `xlat.rs`, and `Raw` stays where a decoder doesn't exist yet (structs, arrays, arguments
//! strace prints only for some values). At most three arguments per row are copied from the
//! tracee (`Path`, `Str`, `BufIn`, `BufOut`). Classes are strace's `%file`, `%desc`, … sets.
use super::class::*;
use super::xlat::*;
use super::{Arg::*, Ret, Row};
use crate::decode::special as sp;
use crate::decode::structs::Struct::{
    CapData, CapHeader, EpollEvent, IntBox, IntPair, Itimerspec, Itimerval, OpenHow, Rlimit,
    Rusage, SigAction, SigEvent, SigInfo, SigSet, Stack, Stat, Statfs, Statx, Sysinfo, Timespec,
    TimespecPair, Timeval, Tms, Utsname,
};

const fn row(name: &'static str, args: &'static [super::Arg], ret: Ret, class: u32) -> Row {
    Row {
        name,
        args,
        ret,
        class,
    }
}

use Ret::{Addr, Fd as RFd, Hex as RHex, Int as RInt, NoReturn, Pid as RPid};

const SELECT: super::Arg = Special(&sp::SELECT);
const PSELECT: super::Arg = Special(&sp::PSELECT);
const OFFSET: super::Arg = Special(&sp::OFFSET);
const OFFSET_INOUT: super::Arg = Special(&sp::OFFSET_INOUT);
const MKNOD1: super::Arg = Special(&sp::MKNOD1);
const MKNOD2: super::Arg = Special(&sp::MKNOD2);
const IPC_KEY: super::Arg = Special(&sp::IPC_KEY);
const IPC_FLAGS: super::Arg = Special(&sp::IPC_FLAGS);
const SLEEP_LEFT: super::Arg = Special(&sp::SLEEP_LEFT);

pub static ROWS: &[Row] = &[
    // Reading and writing through a descriptor.
    row("read", &[Fd, BufOut, Ulong], RInt, DESC),
    row("write", &[Fd, BufIn(2), Ulong], RInt, DESC),
    row("pread64", &[Fd, BufOut, Ulong, Long], RInt, DESC),
    row("pwrite64", &[Fd, BufIn(2), Ulong, Long], RInt, DESC),
    row("readv", &[Fd, IovOut(2), Ulong], RInt, DESC),
    row("writev", &[Fd, IovIn(2), Ulong], RInt, DESC),
    row("preadv", &[Fd, IovOut(2), Ulong, Long], RInt, DESC),
    row("pwritev", &[Fd, IovIn(2), Ulong, Long], RInt, DESC),
    // strace prints five arguments; the fifth (flags) is register 5, register 4 is pos_h.
    row(
        "preadv2",
        &[Fd, IovOut(2), Ulong, Long, Special(&sp::RWF_FLAGS)],
        RInt,
        DESC,
    ),
    row(
        "pwritev2",
        &[Fd, IovIn(2), Ulong, Long, Special(&sp::RWF_FLAGS)],
        RInt,
        DESC,
    ),
    row("lseek", &[Fd, Long, Val(&SEEK_WHENCE)], RInt, DESC),
    row("readahead", &[Fd, Long, Ulong], RInt, DESC),
    row("fadvise64", &[Fd, Long, Ulong, Val(&FADVISE)], RInt, DESC),
    row(
        "fallocate",
        &[Fd, Flags(&FALLOC_FLAGS), Long, Long],
        RInt,
        DESC,
    ),
    row("ftruncate", &[Fd, Ulong], RInt, DESC),
    row("fsync", &[Fd], RInt, DESC),
    row("fdatasync", &[Fd], RInt, DESC),
    row("syncfs", &[Fd], RInt, DESC),
    row(
        "sync_file_range",
        &[Fd, Long, Long, Flags(&SYNC_FILE_RANGE_FLAGS)],
        RInt,
        DESC,
    ),
    row("sync", &[], RInt, 0),
    // Moving data between descriptors.
    row(
        "sendfile",
        &[Fd, Fd, OFFSET_INOUT, Ulong],
        RInt,
        DESC | NETWORK,
    ),
    row(
        "splice",
        &[Fd, OFFSET, Fd, OFFSET, Ulong, Flags(&SPLICE_FLAGS)],
        RInt,
        DESC,
    ),
    row("tee", &[Fd, Fd, Ulong, Flags(&SPLICE_FLAGS)], RInt, DESC),
    row(
        "vmsplice",
        &[Fd, Raw, Ulong, Flags(&SPLICE_FLAGS)],
        RInt,
        DESC,
    ),
    row(
        "copy_file_range",
        &[Fd, OFFSET, Fd, OFFSET, Ulong, Ulong],
        RInt,
        DESC,
    ),
    // Opening, duplicating and closing descriptors.
    row("open", &[Path, OpenFlags, Mode], RFd, DESC | FILE),
    row("openat", &[DirFd, Path, OpenFlags, Mode], RFd, DESC | FILE),
    row(
        "openat2",
        &[DirFd, Path, StructIn(OpenHow), Ulong],
        RFd,
        DESC | FILE,
    ),
    row("creat", &[Path, Mode], RFd, DESC | FILE),
    row("open_by_handle_at", &[Fd, Raw, OpenFlags], RInt, DESC),
    row(
        "name_to_handle_at",
        &[DirFd, Path, Raw, Raw, Flags(&NAME_TO_HANDLE_AT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("close", &[Fd], RInt, DESC),
    row(
        "close_range",
        &[Ulong, Ulong, Flags(&CLOSE_RANGE_FLAGS)],
        RInt,
        0,
    ),
    row("dup", &[Fd], RFd, DESC),
    row("dup2", &[Fd, Fd], RFd, DESC),
    row("dup3", &[Fd, Fd, Flags(&O_FLAGS)], RFd, DESC),
    row("pipe", &[StructOut(IntPair)], RInt, DESC),
    row("pipe2", &[StructOut(IntPair), Flags(&O_FLAGS)], RInt, DESC),
    row("memfd_create", &[Str, Flags(&MFD_FLAGS)], RFd, DESC),
    row("memfd_secret", &[Flags(&MEMFD_SECRET_FLAGS)], RFd, DESC),
    row("userfaultfd", &[Flags(&UFFD_FLAGS)], RFd, DESC),
    // Descriptor control.
    row(
        "fcntl",
        &[Fd, Special(&sp::FCNTL), Special(&sp::FCNTL)],
        RInt,
        DESC,
    ),
    row(
        "ioctl",
        &[Fd, Special(&sp::IOCTL), Special(&sp::IOCTL)],
        RInt,
        DESC,
    ),
    row("flock", &[Fd, Flags(&FLOCK_OPS)], RInt, DESC),
    // Paths: existence, links, names, directories.
    row("access", &[Path, AccessMode], RInt, FILE),
    row("faccessat", &[DirFd, Path, AccessMode], RInt, DESC | FILE),
    row(
        "faccessat2",
        &[DirFd, Path, AccessMode, Flags(&FACCESSAT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("link", &[Path, Path], RInt, FILE),
    row(
        "linkat",
        &[DirFd, Path, DirFd, Path, Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("symlink", &[Path, Path], RInt, FILE),
    row("symlinkat", &[Path, DirFd, Path], RInt, DESC | FILE),
    row("unlink", &[Path], RInt, FILE),
    row(
        "unlinkat",
        &[DirFd, Path, Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("rename", &[Path, Path], RInt, FILE),
    row("renameat", &[DirFd, Path, DirFd, Path], RInt, DESC | FILE),
    row(
        "renameat2",
        &[DirFd, Path, DirFd, Path, Flags(&RENAME_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("mkdir", &[Path, Mode], RInt, FILE),
    row("mkdirat", &[DirFd, Path, Mode], RInt, DESC | FILE),
    row("rmdir", &[Path], RInt, FILE),
    row("mknod", &[Path, MKNOD1, MKNOD1], RInt, FILE),
    row("mknodat", &[DirFd, Path, MKNOD2, MKNOD2], RInt, DESC | FILE),
    row("chdir", &[Path], RInt, FILE),
    row("fchdir", &[Fd], RInt, DESC),
    row("chroot", &[Path], RInt, FILE),
    row("getcwd", &[PathOut, Ulong], RInt, FILE),
    row("readlink", &[Path, BufOut, Ulong], RInt, FILE),
    row(
        "readlinkat",
        &[DirFd, Path, BufOut, Ulong],
        RInt,
        DESC | FILE,
    ),
    row("getdents", &[Fd, Special(&sp::DIRENTS), Ulong], RInt, DESC),
    row(
        "getdents64",
        &[Fd, Special(&sp::DIRENTS), Ulong],
        RInt,
        DESC,
    ),
    row("truncate", &[Path, Ulong], RInt, FILE),
    row("uselib", &[Path], RInt, FILE),
    row("acct", &[Path], RInt, FILE),
    // Ownership, permissions, times.
    row("chmod", &[Path, Mode], RInt, FILE),
    row("fchmod", &[Fd, Mode], RInt, DESC),
    row("fchmodat", &[DirFd, Path, Mode], RInt, DESC | FILE),
    row("chown", &[Path, Int, Int], RInt, FILE),
    row("lchown", &[Path, Int, Int], RInt, FILE),
    row("fchown", &[Fd, Int, Int], RInt, DESC),
    row(
        "fchownat",
        &[DirFd, Path, Int, Int, Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("umask", &[Mode], Ret::Octal, 0),
    row("utime", &[Path, Ptr], RInt, FILE),
    row("utimes", &[Path, Ptr], RInt, FILE),
    row("futimesat", &[DirFd, Path, Ptr], RInt, DESC | FILE),
    row(
        "utimensat",
        &[DirFd, Path, StructIn(TimespecPair), Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    // stat family.
    row(
        "stat",
        &[Path, StructOut(Stat)],
        RInt,
        FILE | STAT | STAT_LIKE,
    ),
    row(
        "lstat",
        &[Path, StructOut(Stat)],
        RInt,
        FILE | LSTAT | STAT_LIKE,
    ),
    row(
        "fstat",
        &[Fd, StructOut(Stat)],
        RInt,
        DESC | FSTAT | STAT_LIKE,
    ),
    row(
        "newfstatat",
        &[DirFd, Path, StructOut(Stat), Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE | FSTAT | STAT_LIKE,
    ),
    row(
        "statx",
        &[
            DirFd,
            Path,
            Special(&sp::STATX_FLAGS),
            Flags(&STATX_MASK),
            StructOut(Statx),
        ],
        RInt,
        DESC | FILE | FSTAT | STAT_LIKE,
    ),
    // statfs family.
    row(
        "statfs",
        &[Path, StructOut(Statfs)],
        RInt,
        FILE | STATFS | STATFS_LIKE,
    ),
    row(
        "fstatfs",
        &[Fd, StructOut(Statfs)],
        RInt,
        DESC | FSTATFS | STATFS_LIKE,
    ),
    row("ustat", &[Raw, Raw], RInt, STATFS_LIKE),
    // Extended attributes.
    row(
        "setxattr",
        &[Path, Str, BufIn(3), Ulong, Flags(&XATTR_FLAGS)],
        RInt,
        FILE,
    ),
    row(
        "lsetxattr",
        &[Path, Str, BufIn(3), Ulong, Flags(&XATTR_FLAGS)],
        RInt,
        FILE,
    ),
    row(
        "fsetxattr",
        &[Fd, Str, BufIn(3), Ulong, Flags(&XATTR_FLAGS)],
        RInt,
        DESC,
    ),
    row("getxattr", &[Path, Str, BufOut, Ulong], RInt, FILE),
    row("lgetxattr", &[Path, Str, BufOut, Ulong], RInt, FILE),
    row("fgetxattr", &[Fd, Str, BufOut, Ulong], RInt, DESC),
    row("listxattr", &[Path, BufOut, Ulong], RInt, FILE),
    row("llistxattr", &[Path, BufOut, Ulong], RInt, FILE),
    row("flistxattr", &[Fd, BufOut, Ulong], RInt, DESC),
    row("removexattr", &[Path, Str], RInt, FILE),
    row("lremovexattr", &[Path, Str], RInt, FILE),
    row("fremovexattr", &[Fd, Str], RInt, DESC),
    // Waiting for descriptors: select, poll, epoll.
    row("select", &[Int, SELECT, SELECT, SELECT, SELECT], RInt, DESC),
    row(
        "pselect6",
        &[Int, PSELECT, PSELECT, PSELECT, PSELECT, PSELECT],
        RInt,
        DESC,
    ),
    row("poll", &[Special(&sp::POLL_FDS), Uint, Int], RInt, DESC),
    row(
        "ppoll",
        &[
            Special(&sp::PPOLL),
            Uint,
            Special(&sp::PPOLL),
            Special(&sp::PPOLL),
            Ulong,
        ],
        RInt,
        DESC,
    ),
    row("epoll_create", &[Int], RFd, DESC),
    row("epoll_create1", &[Flags(&EPOLL_FLAGS)], RFd, DESC),
    row(
        "epoll_ctl",
        &[Fd, Val(&EPOLL_CTL_OPS), Fd, StructIn(EpollEvent)],
        RInt,
        DESC,
    ),
    row(
        "epoll_wait",
        &[Fd, Special(&sp::EPOLL_EVENTS), Int, Int],
        RInt,
        DESC,
    ),
    row(
        "epoll_pwait",
        &[
            Fd,
            Special(&sp::EPOLL_EVENTS),
            Int,
            Int,
            StructIn(SigSet),
            Ulong,
        ],
        RInt,
        DESC,
    ),
    row("epoll_pwait2", &[Fd, Ptr, Int, Ptr, Ptr, Ulong], RInt, DESC),
    // Descriptors for events: eventfd, signalfd, timerfd, inotify, fanotify.
    row("eventfd", &[Ulong], RFd, DESC),
    row("eventfd2", &[Ulong, Flags(&EFD_FLAGS)], RFd, DESC),
    row(
        "signalfd",
        &[Fd, StructIn(SigSet), Ulong],
        RFd,
        DESC | SIGNAL,
    ),
    row(
        "signalfd4",
        &[Fd, StructIn(SigSet), Ulong, Flags(&SFD_FLAGS)],
        RFd,
        DESC | SIGNAL,
    ),
    row(
        "timerfd_create",
        &[Val(&CLOCKS), Flags(&TFD_FLAGS)],
        RFd,
        DESC,
    ),
    row(
        "timerfd_settime",
        &[
            Fd,
            Flags(&TFD_FLAGS),
            StructIn(Itimerspec),
            StructOut(Itimerspec),
        ],
        RInt,
        DESC,
    ),
    row("timerfd_gettime", &[Fd, StructOut(Itimerspec)], RInt, DESC),
    row("inotify_init", &[], RFd, DESC),
    row("inotify_init1", &[Flags(&IN_INIT_FLAGS)], RFd, DESC),
    row(
        "inotify_add_watch",
        &[Fd, Path, Flags(&INOTIFY_MASK)],
        RInt,
        DESC | FILE,
    ),
    row("inotify_rm_watch", &[Fd, Int], RInt, DESC),
    row("fanotify_init", &[Raw, OpenFlags], RFd, DESC),
    row(
        "fanotify_mark",
        &[
            Fd,
            Flags(&FAN_MARK_FLAGS),
            Flags(&FAN_EVENT_FLAGS),
            DirFd,
            Path,
        ],
        RInt,
        DESC | FILE,
    ),
    // Asynchronous I/O and io_uring.
    row("io_setup", &[Ulong, Ptr], RInt, MEMORY),
    row("io_destroy", &[Ptr], RInt, MEMORY),
    row("io_submit", &[Ptr, Long, Ptr], RInt, 0),
    row("io_cancel", &[Ptr, Ptr, Ptr], RInt, 0),
    row("io_getevents", &[Ptr, Long, Long, Ptr, Ptr], RInt, 0),
    row("io_pgetevents", &[Ptr, Long, Long, Ptr, Ptr, Ptr], RInt, 0),
    row("io_uring_setup", &[Ulong, Ptr], RFd, DESC),
    row(
        "io_uring_enter",
        &[Fd, Ulong, Ulong, Flags(&IORING_ENTER_FLAGS), Raw, Ulong],
        RInt,
        DESC | SIGNAL,
    ),
    row(
        "io_uring_register",
        &[Fd, Raw, Raw, Ulong],
        RInt,
        DESC | MEMORY,
    ),
    // Memory mappings.
    row("brk", &[Ptr], Addr, MEMORY),
    row(
        "mmap",
        &[Ptr, Ulong, Flags(&MMAP_PROT), Flags(&MMAP_FLAGS), Fd, Hex],
        Addr,
        DESC | MEMORY,
    ),
    row("munmap", &[Ptr, Ulong], RInt, MEMORY),
    row(
        "mremap",
        &[
            Ptr,
            Ulong,
            Ulong,
            Flags(&MREMAP_FLAGS),
            Special(&sp::MREMAP_NEW),
        ],
        Addr,
        MEMORY,
    ),
    row("mprotect", &[Ptr, Ulong, Flags(&MMAP_PROT)], RInt, MEMORY),
    row(
        "pkey_mprotect",
        &[Ptr, Ulong, Flags(&MMAP_PROT), Int],
        RInt,
        MEMORY,
    ),
    row("pkey_alloc", &[Hex, Flags(&PKEY_ACCESS)], RInt, 0),
    row("pkey_free", &[Int], RInt, 0),
    row("msync", &[Ptr, Ulong, Flags(&MSYNC_FLAGS)], RInt, MEMORY),
    row("mincore", &[Ptr, Ulong, Ptr], RInt, MEMORY),
    row("madvise", &[Ptr, Ulong, Val(&MADVISE)], RInt, MEMORY),
    row(
        "process_madvise",
        &[Fd, Raw, Ulong, Val(&MADVISE), Hex],
        RInt,
        DESC,
    ),
    row("process_mrelease", &[Fd, Hex], RInt, DESC),
    row("mlock", &[Ptr, Ulong], RInt, MEMORY),
    row("mlock2", &[Ptr, Ulong, Flags(&MLOCK_FLAGS)], RInt, MEMORY),
    row("munlock", &[Ptr, Ulong], RInt, MEMORY),
    row("mlockall", &[Flags(&MCL_FLAGS)], RInt, MEMORY),
    row("munlockall", &[], RInt, MEMORY),
    row(
        "remap_file_pages",
        &[Ptr, Ulong, Raw, Ulong, Raw],
        RInt,
        MEMORY,
    ),
    // NUMA policy.
    row(
        "mbind",
        &[Ptr, Ulong, Raw, Raw, Ulong, Flags(&MBIND_FLAGS)],
        RInt,
        MEMORY,
    ),
    row("set_mempolicy", &[Raw, Raw, Ulong], RInt, MEMORY),
    row(
        "get_mempolicy",
        &[Raw, Raw, Ulong, Ptr, Flags(&GET_MEMPOLICY_FLAGS)],
        RInt,
        MEMORY,
    ),
    row(
        "set_mempolicy_home_node",
        &[Ptr, Ulong, Ulong, Hex],
        RInt,
        MEMORY,
    ),
    row("migrate_pages", &[Pid, Ulong, Raw, Raw], RInt, MEMORY),
    row(
        "move_pages",
        &[Pid, Ulong, Raw, Raw, Raw, Flags(&MOVE_PAGES_FLAGS)],
        RInt,
        MEMORY,
    ),
    // Processes: creation, execution, exit, waiting.
    row("clone", &[Special(&sp::CLONE); 5], RPid, PROCESS),
    row("clone3", &[Special(&sp::CLONE3), Ulong], RPid, PROCESS),
    row("fork", &[], RPid, PROCESS),
    row("vfork", &[], RPid, PROCESS),
    row("execve", &[Path, Argv, Envp], RInt, FILE | PROCESS),
    row(
        "execveat",
        &[DirFd, Path, Argv, Envp, Flags(&AT_FLAGS)],
        RInt,
        DESC | FILE | PROCESS,
    ),
    row("exit", &[Int], NoReturn, PROCESS),
    row("exit_group", &[Int], NoReturn, PROCESS),
    row(
        "wait4",
        &[
            Pid,
            Special(&sp::WAIT),
            Flags(&WAIT_OPTIONS),
            Special(&sp::WAIT),
        ],
        RPid,
        PROCESS,
    ),
    row(
        "waitid",
        &[
            Val(&WAITID_TYPE),
            // A pid with P_PID; also named with P_PGID and P_PIDFD, where strace prints a
            // process group's id or a descriptor bare (a difference).
            Pid,
            StructOut(SigInfo),
            Flags(&WAIT_OPTIONS),
            StructOut(Rusage),
        ],
        RInt,
        PROCESS,
    ),
    row("unshare", &[Flags(&UNSHARE_FLAGS)], RInt, 0),
    row("setns", &[Fd, Flags(&SETNS_TYPES)], RInt, DESC),
    row("set_tid_address", &[Ptr], RInt, 0),
    row("set_robust_list", &[Ptr, Ulong], RInt, 0),
    row("get_robust_list", &[Pid, Ptr, Ptr], RInt, 0),
    row("rseq", &[Ptr, Hex, Hex, Hex], RInt, 0),
    row("restart_syscall", &[], RInt, 0),
    row("pidfd_open", &[Pid, Flags(&PIDFD_OPEN_FLAGS)], RFd, DESC),
    row("pidfd_getfd", &[Fd, Int, Hex], RFd, DESC),
    row("kcmp", &[Pid, Pid, Val(&KCMP_TYPES), Raw, Raw], RInt, 0),
    row(
        "process_vm_readv",
        &[Pid, IovOut(2), Ulong, IovAddrs(4), Ulong, Ulong],
        RInt,
        0,
    ),
    row(
        "process_vm_writev",
        &[Pid, IovIn(2), Ulong, IovAddrs(4), Ulong, Ulong],
        RInt,
        0,
    ),
    row("ptrace", &[Raw, Pid, Raw, Raw], RInt, 0),
    // Process ids, groups and sessions.
    row("getpid", &[], RPid, PURE),
    row("getppid", &[], RPid, PURE),
    row("gettid", &[], RPid, PURE),
    row("getpgrp", &[], RInt, PURE),
    row("getpgid", &[Pid], RInt, 0),
    row("setpgid", &[Pid, Int], RInt, 0),
    row("getsid", &[Pid], RInt, 0),
    row("setsid", &[], RInt, 0),
    // Credentials.
    row("getuid", &[], RInt, CREDS | PURE),
    row("geteuid", &[], RInt, CREDS | PURE),
    row("getgid", &[], RInt, CREDS | PURE),
    row("getegid", &[], RInt, CREDS | PURE),
    row("setuid", &[Int], RInt, CREDS),
    row("setgid", &[Int], RInt, CREDS),
    row("setreuid", &[Int, Int], RInt, CREDS),
    row("setregid", &[Int, Int], RInt, CREDS),
    row("setresuid", &[Int, Int, Int], RInt, CREDS),
    row("setresgid", &[Int, Int, Int], RInt, CREDS),
    row(
        "getresuid",
        &[StructOut(IntBox), StructOut(IntBox), StructOut(IntBox)],
        RInt,
        CREDS,
    ),
    row(
        "getresgid",
        &[StructOut(IntBox), StructOut(IntBox), StructOut(IntBox)],
        RInt,
        CREDS,
    ),
    row("setfsuid", &[Int], RInt, CREDS),
    row("setfsgid", &[Int], RInt, CREDS),
    row("getgroups", &[Int, Special(&sp::GROUPS_OUT)], RInt, CREDS),
    row("setgroups", &[Int, Special(&sp::GROUPS_IN)], RInt, CREDS),
    row(
        "capget",
        &[StructIn(CapHeader), StructOut(CapData)],
        RInt,
        CREDS,
    ),
    row(
        "capset",
        &[StructIn(CapHeader), StructIn(CapData)],
        RInt,
        CREDS,
    ),
    // Process control and personality.
    row("prctl", &[Special(&sp::PRCTL); 5], RInt, CREDS),
    row("arch_prctl", &[Special(&sp::ARCH_PRCTL); 2], RInt, 0),
    row("personality", &[Special(&sp::PERSONALITY)], RHex, 0),
    row(
        "seccomp",
        &[Val(&SECCOMP_OPS), Flags(&SECCOMP_FLAGS), Ptr],
        RInt,
        0,
    ),
    row("membarrier", &[Special(&sp::MEMBARRIER); 3], RInt, 0),
    row("getcpu", &[Ptr, Ptr, Ptr], RInt, 0),
    row(
        "getrandom",
        &[BufOutBinary, Ulong, Flags(&GRND_FLAGS)],
        RInt,
        0,
    ),
    // Scheduling and priorities.
    row("sched_yield", &[], RInt, 0),
    row("sched_setparam", &[Pid, StructIn(IntBox)], RInt, 0),
    row("sched_getparam", &[Pid, StructOut(IntBox)], RInt, 0),
    row(
        "sched_setscheduler",
        &[Pid, Val(&SCHED_POLICY), StructIn(IntBox)],
        RInt,
        0,
    ),
    row(
        "sched_getscheduler",
        &[Special(&sp::SCHED_GETSCHEDULER)],
        RInt,
        0,
    ),
    row("sched_get_priority_max", &[Val(&SCHED_POLICY)], RInt, 0),
    row("sched_get_priority_min", &[Val(&SCHED_POLICY)], RInt, 0),
    row(
        "sched_rr_get_interval",
        &[Pid, StructOut(Timespec)],
        RInt,
        0,
    ),
    row(
        "sched_setaffinity",
        &[Pid, Ulong, Special(&sp::CPU_SET_IN)],
        RInt,
        0,
    ),
    row(
        "sched_getaffinity",
        &[Pid, Ulong, Special(&sp::CPU_SET_OUT)],
        RInt,
        0,
    ),
    row("sched_setattr", &[Pid, Ptr, Ulong], RInt, 0),
    row("sched_getattr", &[Pid, Ptr, Ulong, Ulong], RInt, 0),
    row("getpriority", &[Val(&PRIO_WHICH), Int], RInt, 0),
    row("setpriority", &[Val(&PRIO_WHICH), Int, Int], RInt, 0),
    row(
        "ioprio_get",
        &[Val(&IOPRIO_WHO), Special(&sp::IOPRIO_GET)],
        RInt,
        0,
    ),
    row(
        "ioprio_set",
        &[Val(&IOPRIO_WHO), Int, Special(&sp::IOPRIO_SET)],
        RInt,
        0,
    ),
    // Resource limits, usage and system information.
    row("getrlimit", &[Val(&RLIMIT), StructOut(Rlimit)], RInt, 0),
    row("setrlimit", &[Val(&RLIMIT), StructIn(Rlimit)], RInt, 0),
    row(
        "prlimit64",
        &[Pid, Val(&RLIMIT), StructIn(Rlimit), StructOut(Rlimit)],
        RInt,
        0,
    ),
    row("getrusage", &[Val(&RUSAGE_WHO), StructOut(Rusage)], RInt, 0),
    row("times", &[StructOut(Tms)], RInt, 0),
    row("sysinfo", &[StructOut(Sysinfo)], RInt, 0),
    row("uname", &[StructOut(Utsname)], RInt, 0),
    row("sethostname", &[BufIn(1), Ulong], RInt, 0),
    row("setdomainname", &[BufIn(1), Ulong], RInt, 0),
    row("syslog", &[Raw, BufOut, Int], RInt, 0),
    row("_sysctl", &[Raw], RInt, 0),
    // Signals.
    row("kill", &[Pid, Signal], RInt, SIGNAL | PROCESS),
    row("tkill", &[Pid, Signal], RInt, SIGNAL | PROCESS),
    row("tgkill", &[Pid, Pid, Signal], RInt, SIGNAL | PROCESS),
    row(
        "rt_sigaction",
        &[Signal, StructIn(SigAction), StructOut(SigAction), Ulong],
        RInt,
        SIGNAL,
    ),
    row(
        "rt_sigprocmask",
        &[
            Val(&SIGPROCMASK_HOW),
            StructIn(SigSet),
            StructOut(SigSet),
            Ulong,
        ],
        RInt,
        SIGNAL,
    ),
    row(
        "rt_sigreturn",
        &[Special(&sp::SIGRETURN_MASK)],
        RInt,
        SIGNAL,
    ),
    row("rt_sigpending", &[StructOut(SigSet), Ulong], RInt, SIGNAL),
    row(
        "rt_sigtimedwait",
        &[
            StructIn(SigSet),
            StructOut(SigInfo),
            StructIn(Timespec),
            Special(&sp::SIGNAL_RET),
        ],
        RInt,
        SIGNAL,
    ),
    row(
        "rt_sigqueueinfo",
        &[Pid, Signal, Ptr],
        RInt,
        SIGNAL | PROCESS,
    ),
    row(
        "rt_tgsigqueueinfo",
        &[Pid, Pid, Signal, Ptr],
        RInt,
        SIGNAL | PROCESS,
    ),
    row("rt_sigsuspend", &[StructIn(SigSet), Ulong], RInt, SIGNAL),
    row(
        "sigaltstack",
        &[StructIn(Stack), StructOut(Stack)],
        RInt,
        SIGNAL,
    ),
    row("pause", &[], RInt, SIGNAL),
    row(
        "pidfd_send_signal",
        &[Fd, Signal, Ptr, Hex],
        RInt,
        DESC | SIGNAL | PROCESS,
    ),
    // Clocks, sleeping and timers.
    row("time", &[Ptr], RInt, CLOCK),
    row("gettimeofday", &[StructOut(Timeval), Ptr], RInt, CLOCK),
    row("settimeofday", &[StructIn(Timeval), Ptr], RInt, CLOCK),
    row("adjtimex", &[Raw], RInt, CLOCK),
    row(
        "clock_gettime",
        &[Val(&CLOCKS), StructOut(Timespec)],
        RInt,
        CLOCK,
    ),
    row(
        "clock_settime",
        &[Val(&CLOCKS), StructIn(Timespec)],
        RInt,
        CLOCK,
    ),
    row(
        "clock_getres",
        &[Val(&CLOCKS), StructOut(Timespec)],
        RInt,
        CLOCK,
    ),
    row("clock_adjtime", &[Val(&CLOCKS), Raw], RInt, CLOCK),
    row(
        "clock_nanosleep",
        &[
            Val(&CLOCKS),
            Flags(&TIMER_FLAGS),
            StructIn(Timespec),
            SLEEP_LEFT,
        ],
        RInt,
        0,
    ),
    row("nanosleep", &[StructIn(Timespec), SLEEP_LEFT], RInt, 0),
    row("alarm", &[Ulong], RInt, 0),
    row(
        "getitimer",
        &[Val(&ITIMER_WHICH), StructOut(Itimerval)],
        RInt,
        0,
    ),
    row(
        "setitimer",
        &[
            Val(&ITIMER_WHICH),
            StructIn(Itimerval),
            StructOut(Itimerval),
        ],
        RInt,
        0,
    ),
    row(
        "timer_create",
        &[Val(&CLOCKS), StructIn(SigEvent), StructOut(IntBox)],
        RInt,
        0,
    ),
    row(
        "timer_settime",
        &[
            Int,
            Flags(&TIMER_FLAGS),
            StructIn(Itimerspec),
            StructOut(Itimerspec),
        ],
        RInt,
        0,
    ),
    row("timer_gettime", &[Int, StructOut(Itimerspec)], RInt, 0),
    row("timer_getoverrun", &[Int], RInt, 0),
    row("timer_delete", &[Int], RInt, 0),
    // Futexes.
    row(
        "futex",
        &[
            Ptr,
            Special(&sp::FUTEX),
            Special(&sp::FUTEX),
            Special(&sp::FUTEX),
            Special(&sp::FUTEX),
            Special(&sp::FUTEX),
        ],
        RInt,
        0,
    ),
    row("futex_waitv", &[Ptr, Ulong, Hex, Ptr, Int], RInt, 0),
    // Sockets.
    row(
        "socket",
        &[Val(&ADDRESS_FAMILIES), SockType, SockProto],
        RFd,
        NETWORK,
    ),
    row(
        "socketpair",
        &[Val(&ADDRESS_FAMILIES), SockType, Ulong, FdPair],
        RInt,
        NETWORK,
    ),
    row("bind", &[Fd, SockAddr(2), Int], RInt, NETWORK),
    row("connect", &[Fd, SockAddr(2), Int], RInt, NETWORK),
    row("listen", &[Fd, Int], RInt, NETWORK),
    row("accept", &[Fd, SockAddrOut(2), SockLenInOut], RFd, NETWORK),
    row(
        "accept4",
        &[Fd, SockAddrOut(2), SockLenInOut, Flags(&SOCK_FLAGS)],
        RFd,
        NETWORK,
    ),
    row(
        "getsockname",
        &[Fd, SockAddrOut(2), SockLenInOut],
        RInt,
        NETWORK,
    ),
    row(
        "getpeername",
        &[Fd, SockAddrOut(2), SockLenInOut],
        RInt,
        NETWORK,
    ),
    row(
        "sendto",
        &[Fd, BufIn(2), Ulong, Flags(&MSG_FLAGS), SockAddr(5), Int],
        RInt,
        NETWORK,
    ),
    row(
        "recvfrom",
        &[
            Fd,
            BufOutMax(2),
            Ulong,
            Flags(&MSG_FLAGS),
            SockAddrOut(5),
            SockLenInOut,
        ],
        RInt,
        NETWORK,
    ),
    row("sendmsg", &[Fd, MsgIn, Flags(&MSG_FLAGS)], RInt, NETWORK),
    row("recvmsg", &[Fd, MsgOut, Flags(&MSG_FLAGS)], RInt, NETWORK),
    row(
        "sendmmsg",
        &[Fd, MmsgIn, Ulong, Flags(&MSG_FLAGS)],
        RInt,
        NETWORK,
    ),
    row(
        "recvmmsg",
        &[
            Fd,
            MmsgOut,
            Ulong,
            Flags(&MSG_FLAGS),
            Special(&sp::MMSG_TIMEOUT),
        ],
        RInt,
        NETWORK,
    ),
    row("shutdown", &[Fd, Val(&SHUTDOWN_HOW)], RInt, NETWORK),
    row(
        "setsockopt",
        &[
            Fd,
            Val(&SOCKET_LEVELS),
            SockOptName(false),
            SockOptIn(4),
            Int,
        ],
        RInt,
        NETWORK,
    ),
    row(
        "getsockopt",
        &[
            Fd,
            Val(&SOCKET_LEVELS),
            SockOptName(true),
            SockOptOut(4),
            SockLenInOut,
        ],
        RInt,
        NETWORK,
    ),
    // System V IPC.
    row(
        "shmget",
        &[IPC_KEY, Ulong, Special(&sp::SHM_FLAGS)],
        RInt,
        IPC,
    ),
    row("shmat", &[Int, Ptr, Raw], Addr, IPC | MEMORY),
    row("shmdt", &[Ptr], RInt, IPC | MEMORY),
    row("shmctl", &[Int, Special(&sp::SHMCTL_CMD), Ptr], RInt, IPC),
    row("semget", &[IPC_KEY, Int, IPC_FLAGS], RInt, IPC),
    row("semop", &[Int, Special(&sp::SEMBUFS), Ulong], RInt, IPC),
    row(
        "semtimedop",
        &[Int, Special(&sp::SEMBUFS), Ulong, StructIn(Timespec)],
        RInt,
        IPC,
    ),
    row(
        "semctl",
        &[Int, Int, Special(&sp::SEMCTL_CMD), Ptr],
        RInt,
        IPC,
    ),
    row("msgget", &[IPC_KEY, IPC_FLAGS], RInt, IPC),
    row(
        "msgsnd",
        &[Int, Ptr, Ulong, Flags(&MSG_IPC_FLAGS)],
        RInt,
        IPC,
    ),
    row(
        "msgrcv",
        &[Int, Ptr, Ulong, Long, Flags(&MSG_IPC_FLAGS)],
        RInt,
        IPC,
    ),
    row("msgctl", &[Int, Special(&sp::MSGCTL_CMD), Ptr], RInt, IPC),
    // POSIX message queues.
    row("mq_open", &[Path, OpenFlags, Mode, Raw], RFd, DESC),
    row("mq_unlink", &[Path], RInt, 0),
    row(
        "mq_timedsend",
        &[Fd, BufIn(2), Ulong, Ulong, Raw],
        RInt,
        DESC,
    ),
    row(
        "mq_timedreceive",
        &[Fd, BufOut, Ulong, Raw, Raw],
        RInt,
        DESC,
    ),
    row("mq_notify", &[Fd, Raw], RInt, DESC),
    row("mq_getsetattr", &[Fd, Raw, Raw], RInt, DESC),
    // Mounts and filesystems.
    row(
        "mount",
        &[
            Path,
            Path,
            Special(&sp::MOUNT),
            Special(&sp::MOUNT),
            Special(&sp::MOUNT),
        ],
        RInt,
        FILE,
    ),
    row("umount2", &[Path, Flags(&UMOUNT_FLAGS)], RInt, FILE),
    row("pivot_root", &[Path, Path], RInt, FILE),
    row("swapon", &[Path, Raw], RInt, FILE),
    row("swapoff", &[Path], RInt, FILE),
    row("quotactl", &[Raw, Path, Raw, Raw], RInt, FILE),
    row("quotactl_fd", &[Fd, Raw, Raw, Raw], RInt, DESC),
    row(
        "open_tree",
        &[DirFd, Path, Flags(&OPEN_TREE_FLAGS)],
        RFd,
        DESC | FILE,
    ),
    row(
        "move_mount",
        &[DirFd, Path, DirFd, Path, Flags(&MOVE_MOUNT_FLAGS)],
        RInt,
        DESC | FILE,
    ),
    row("fsopen", &[Str, Flags(&FSOPEN_FLAGS)], RFd, DESC),
    row("fsconfig", &[Fd, Raw, Str, Str, Int], RInt, DESC | FILE),
    row(
        "fsmount",
        &[Fd, Flags(&FSMOUNT_FLAGS), Flags(&MOUNT_ATTR_FLAGS)],
        RFd,
        DESC,
    ),
    row(
        "fspick",
        &[DirFd, Path, Flags(&FSPICK_FLAGS)],
        RFd,
        DESC | FILE,
    ),
    // strace marks mount_setattr's return value as an fd.
    row(
        "mount_setattr",
        &[DirFd, Path, Flags(&MOUNT_SETATTR_FLAGS), Raw, Ulong],
        RFd,
        DESC | FILE,
    ),
    // Modules, kexec, reboot.
    row("init_module", &[Ptr, Ulong, Str], RInt, 0),
    row(
        "finit_module",
        &[Fd, Str, Flags(&MODULE_INIT_FLAGS)],
        RInt,
        DESC,
    ),
    row(
        "delete_module",
        &[Str, Flags(&DELETE_MODULE_FLAGS)],
        RInt,
        0,
    ),
    row("kexec_load", &[Ptr, Ulong, Raw, Raw], RInt, 0),
    row(
        "kexec_file_load",
        &[Fd, Fd, Ulong, BufIn(2), Raw],
        RInt,
        DESC,
    ),
    row("reboot", &[Raw, Raw, Raw, Str], RInt, 0),
    // Kernel keys.
    row("add_key", &[Str, Str, BufIn(3), Ulong, Raw], RInt, 0),
    row("request_key", &[Str, Str, Str, Raw], RInt, 0),
    row("keyctl", &[Raw, Raw, Raw, Raw, Raw], RInt, 0),
    // BPF, perf, Landlock.
    row("bpf", &[Raw, Raw, Ulong], RInt, DESC),
    row("perf_event_open", &[Raw, Int, Int, Fd, Raw], RFd, DESC),
    row(
        "landlock_create_ruleset",
        &[Raw, Ulong, Flags(&LANDLOCK_CREATE_RULESET_FLAGS)],
        RFd,
        DESC,
    ),
    row(
        "landlock_add_rule",
        &[Fd, Val(&LANDLOCK_RULE_TYPES), Raw, Hex],
        RInt,
        DESC,
    ),
    row("landlock_restrict_self", &[Fd, Hex], RInt, DESC),
    row("lookup_dcookie", &[Ulong, BufOut, Ulong], RInt, 0),
    // x86 specifics: I/O ports, LDT and TLS.
    row("iopl", &[Int], RInt, 0),
    row("ioperm", &[Hex, Hex, Int], RInt, 0),
    row("modify_ldt", &[Int, Raw, Ulong], RInt, 0),
    row("set_thread_area", &[Raw], RInt, 0),
    row("get_thread_area", &[Raw], RInt, 0),
    // Obsolete or unimplemented: strace prints every argument in hex.
    row("vhangup", &[], RInt, 0),
    row("sysfs", &[Hex, Hex, Hex], RInt, 0),
    row("create_module", &[Hex, Hex], RInt, 0),
    row("get_kernel_syms", &[Hex], RInt, 0),
    row("query_module", &[Hex, Hex, Hex, Hex, Hex], RInt, 0),
    row("nfsservctl", &[Hex, Hex, Hex], RInt, 0),
    row("getpmsg", &[Hex, Hex, Hex, Hex, Hex], RInt, NETWORK),
    row("putpmsg", &[Hex, Hex, Hex, Hex, Hex], RInt, NETWORK),
    row("afs_syscall", &[Hex, Hex, Hex, Hex, Hex], RInt, 0),
    row("tuxcall", &[Hex, Hex, Hex], RInt, 0),
    row("security", &[Hex, Hex, Hex], RInt, 0),
    row("vserver", &[Hex, Hex, Hex, Hex, Hex], RInt, 0),
    row("epoll_ctl_old", &[Hex, Hex, Hex, Hex], RInt, 0),
    row("epoll_wait_old", &[Hex, Hex, Hex, Hex], RInt, 0),
];

#[cfg(test)]
mod tests {
    use super::super::Arg;
    use super::*;

    /// Syscalls added to Linux after strace 6.1: it prints them as `syscall_0x…(…)` with every
    /// argument in hex, so they have no row.
    const NEWER_THAN_STRACE: &[&str] = &[
        "uprobe",
        "uretprobe",
        "cachestat",
        "fchmodat2",
        "map_shadow_stack",
        "futex_wake",
        "futex_wait",
        "futex_requeue",
        "statmount",
        "listmount",
        "lsm_get_self_attr",
        "lsm_set_self_attr",
        "lsm_list_modules",
        "mseal",
        "setxattrat",
        "getxattrat",
        "listxattrat",
        "removexattrat",
        "open_tree_attr",
        "file_getattr",
        "file_setattr",
    ];

    /// Numbers 403–423 of the generic table exist only for 32-bit ABIs; the `syscalls` crate
    /// lists them for aarch64 too, but the 64-bit kernel doesn't implement them and strace's
    /// aarch64 table doesn't name them.
    const AARCH64_COMPAT_TIME64: &[&str] = &[
        "clock_gettime64",
        "clock_settime64",
        "clock_adjtime64",
        "clock_getres_time64",
        "clock_nanosleep_time64",
        "timer_gettime64",
        "timer_settime64",
        "timerfd_gettime64",
        "timerfd_settime64",
        "utimensat_time64",
        "pselect6_time64",
        "ppoll_time64",
        "io_pgetevents_time64",
        "recvmmsg_time64",
        "mq_timedsend_time64",
        "mq_timedreceive_time64",
        "semtimedop_time64",
        "rt_sigtimedwait_time64",
        "futex_time64",
        "sched_rr_get_interval_time64",
    ];

    /// aarch64 number 79 is `fstatat` in the `syscalls` crate but `newfstatat` in strace (and in
    /// the kernel's table); the `newfstatat` row describes it once the name is mapped.
    const AARCH64_RENAMED: &[&str] = &["fstatat"];

    // `Sysno::iter()` of syscalls 0.8.1 stops before the last syscall (`next()` never yields
    // `last()`), so enumerate by number.
    fn x86_64_names() -> Vec<&'static str> {
        use syscalls::x86_64::Sysno;
        (0..=Sysno::last().id())
            .filter_map(|nr| Sysno::new(nr as usize))
            .map(|s| s.name())
            .collect()
    }

    fn aarch64_names() -> Vec<&'static str> {
        use syscalls::aarch64::Sysno;
        (0..=Sysno::last().id())
            .filter_map(|nr| Sysno::new(nr as usize))
            .map(|s| s.name())
            .collect()
    }

    fn find(name: &str) -> Option<&'static Row> {
        ROWS.iter().find(|r| r.name == name)
    }

    fn missing(
        names: impl Iterator<Item = &'static str>,
        exceptions: &[&[&str]],
    ) -> Vec<&'static str> {
        names
            .filter(|n| find(n).is_none() && !exceptions.iter().any(|e| e.contains(n)))
            .collect()
    }

    #[test]
    fn every_x86_64_syscall_has_a_row() {
        let names = x86_64_names().into_iter();
        assert_eq!(missing(names, &[NEWER_THAN_STRACE]), Vec::<&str>::new());
    }

    #[test]
    fn every_aarch64_syscall_has_a_row() {
        let names = aarch64_names().into_iter();
        let exceptions = [NEWER_THAN_STRACE, AARCH64_COMPAT_TIME64, AARCH64_RENAMED];
        assert_eq!(missing(names, &exceptions), Vec::<&str>::new());
    }

    #[test]
    fn exceptions_are_syscalls_without_rows() {
        let (x86, arm) = (x86_64_names(), aarch64_names());
        for name in NEWER_THAN_STRACE {
            assert!(x86.contains(name) || arm.contains(name), "{name}");
            assert!(find(name).is_none(), "{name} has a row");
        }
        for name in AARCH64_COMPAT_TIME64.iter().chain(AARCH64_RENAMED) {
            assert!(arm.contains(name) && !x86.contains(name), "{name}");
            assert!(find(name).is_none(), "{name} has a row");
        }
        assert!(find("newfstatat").is_some());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = ROWS.iter().map(|r| r.name).collect();
        names.sort_unstable();
        for pair in names.windows(2) {
            assert_ne!(pair[0], pair[1]);
        }
    }

    #[test]
    fn at_most_three_captures_per_row() {
        for row in ROWS {
            let n = row
                .args
                .iter()
                .filter(|a| matches!(a, Arg::Path | Arg::Str | Arg::BufIn(_) | Arg::BufOut))
                .count();
            assert!(n <= tracer_common::MAX_CAPTURES, "{} copies {n}", row.name);
        }
    }

    /// Every copy a row asks for fits in the kernel's capture slots (none is dropped).
    #[test]
    fn every_wanted_copy_fits() {
        for row in ROWS {
            let n: usize = row
                .args
                .iter()
                .enumerate()
                .map(|(i, a)| match a {
                    Arg::Path
                    | Arg::Str
                    | Arg::BufIn(_)
                    | Arg::BufOut
                    | Arg::BufOutBinary
                    | Arg::StructIn(_)
                    | Arg::StructOut(_) => 1,
                    Arg::Special(c) => c.captures(i).iter().flatten().count(),
                    _ => 0,
                })
                .sum();
            assert!(n <= tracer_common::MAX_CAPTURES, "{} copies {n}", row.name);
        }
    }

    #[test]
    fn buffer_lengths_name_a_size_argument() {
        for row in ROWS {
            for arg in row.args {
                if let Arg::BufIn(len) = *arg {
                    let len_kind = row.args.get(usize::from(len));
                    assert!(
                        matches!(len_kind, Some(Arg::Ulong | Arg::Int)),
                        "{}: BufIn({len})",
                        row.name
                    );
                }
            }
        }
    }

    /// The rows whose flag, value and signal arguments are named: the argument counts are those
    /// of strace's lines for the calls in xlat.rs's tests (strace prints mremap's fifth argument
    /// and kcmp's last two only for some flags and types), and each named argument sits where
    /// strace prints it.
    #[test]
    fn named_arguments_sit_where_strace_prints_them() {
        /// A syscall, its argument count, and its named arguments by position.
        type Named = (&'static str, usize, &'static [(usize, Arg)]);
        const NAMED: &[Named] = &[
            ("lseek", 3, &[(2, Val(&SEEK_WHENCE))]),
            ("fadvise64", 4, &[(3, Val(&FADVISE))]),
            ("fallocate", 4, &[(1, Flags(&FALLOC_FLAGS))]),
            ("sync_file_range", 4, &[(3, Flags(&SYNC_FILE_RANGE_FLAGS))]),
            ("splice", 6, &[(5, Flags(&SPLICE_FLAGS))]),
            ("tee", 4, &[(3, Flags(&SPLICE_FLAGS))]),
            ("vmsplice", 4, &[(3, Flags(&SPLICE_FLAGS))]),
            ("close_range", 3, &[(2, Flags(&CLOSE_RANGE_FLAGS))]),
            ("dup3", 3, &[(2, Flags(&O_FLAGS))]),
            ("pipe2", 2, &[(1, Flags(&O_FLAGS))]),
            ("memfd_create", 2, &[(1, Flags(&MFD_FLAGS))]),
            ("memfd_secret", 1, &[(0, Flags(&MEMFD_SECRET_FLAGS))]),
            ("userfaultfd", 1, &[(0, Flags(&UFFD_FLAGS))]),
            ("flock", 2, &[(1, Flags(&FLOCK_OPS))]),
            ("faccessat2", 4, &[(3, Flags(&FACCESSAT_FLAGS))]),
            ("linkat", 5, &[(4, Flags(&AT_FLAGS))]),
            ("unlinkat", 3, &[(2, Flags(&AT_FLAGS))]),
            ("renameat2", 5, &[(4, Flags(&RENAME_FLAGS))]),
            ("fchownat", 5, &[(4, Flags(&AT_FLAGS))]),
            ("utimensat", 4, &[(3, Flags(&AT_FLAGS))]),
            ("newfstatat", 4, &[(3, Flags(&AT_FLAGS))]),
            ("statx", 5, &[(3, Flags(&STATX_MASK))]),
            ("setxattr", 5, &[(4, Flags(&XATTR_FLAGS))]),
            ("lsetxattr", 5, &[(4, Flags(&XATTR_FLAGS))]),
            ("fsetxattr", 5, &[(4, Flags(&XATTR_FLAGS))]),
            ("epoll_create1", 1, &[(0, Flags(&EPOLL_FLAGS))]),
            ("epoll_ctl", 4, &[(1, Val(&EPOLL_CTL_OPS))]),
            ("eventfd2", 2, &[(1, Flags(&EFD_FLAGS))]),
            ("signalfd4", 4, &[(3, Flags(&SFD_FLAGS))]),
            (
                "timerfd_create",
                2,
                &[(0, Val(&CLOCKS)), (1, Flags(&TFD_FLAGS))],
            ),
            ("timerfd_settime", 4, &[(1, Flags(&TFD_FLAGS))]),
            ("inotify_init1", 1, &[(0, Flags(&IN_INIT_FLAGS))]),
            ("inotify_add_watch", 3, &[(2, Flags(&INOTIFY_MASK))]),
            (
                "fanotify_mark",
                5,
                &[(1, Flags(&FAN_MARK_FLAGS)), (2, Flags(&FAN_EVENT_FLAGS))],
            ),
            ("io_uring_enter", 6, &[(3, Flags(&IORING_ENTER_FLAGS))]),
            (
                "mmap",
                6,
                &[(2, Flags(&MMAP_PROT)), (3, Flags(&MMAP_FLAGS))],
            ),
            ("mremap", 5, &[(3, Flags(&MREMAP_FLAGS))]),
            ("mprotect", 3, &[(2, Flags(&MMAP_PROT))]),
            ("pkey_mprotect", 4, &[(2, Flags(&MMAP_PROT))]),
            ("pkey_alloc", 2, &[(1, Flags(&PKEY_ACCESS))]),
            ("msync", 3, &[(2, Flags(&MSYNC_FLAGS))]),
            ("madvise", 3, &[(2, Val(&MADVISE))]),
            ("process_madvise", 5, &[(3, Val(&MADVISE))]),
            ("mlock2", 3, &[(2, Flags(&MLOCK_FLAGS))]),
            ("mlockall", 1, &[(0, Flags(&MCL_FLAGS))]),
            ("mbind", 6, &[(5, Flags(&MBIND_FLAGS))]),
            ("get_mempolicy", 5, &[(4, Flags(&GET_MEMPOLICY_FLAGS))]),
            ("move_pages", 6, &[(5, Flags(&MOVE_PAGES_FLAGS))]),
            ("execveat", 5, &[(4, Flags(&AT_FLAGS))]),
            ("wait4", 4, &[(2, Flags(&WAIT_OPTIONS))]),
            (
                "waitid",
                5,
                &[(0, Val(&WAITID_TYPE)), (3, Flags(&WAIT_OPTIONS))],
            ),
            ("unshare", 1, &[(0, Flags(&UNSHARE_FLAGS))]),
            ("setns", 2, &[(1, Flags(&SETNS_TYPES))]),
            ("pidfd_open", 2, &[(1, Flags(&PIDFD_OPEN_FLAGS))]),
            ("kcmp", 5, &[(2, Val(&KCMP_TYPES))]),
            ("msgsnd", 4, &[(3, Flags(&MSG_IPC_FLAGS))]),
            ("msgrcv", 5, &[(4, Flags(&MSG_IPC_FLAGS))]),
            (
                "seccomp",
                3,
                &[(0, Val(&SECCOMP_OPS)), (1, Flags(&SECCOMP_FLAGS))],
            ),
            ("getrandom", 3, &[(2, Flags(&GRND_FLAGS))]),
            ("sched_setscheduler", 3, &[(1, Val(&SCHED_POLICY))]),
            ("sched_get_priority_max", 1, &[(0, Val(&SCHED_POLICY))]),
            ("sched_get_priority_min", 1, &[(0, Val(&SCHED_POLICY))]),
            ("getpriority", 2, &[(0, Val(&PRIO_WHICH))]),
            ("setpriority", 3, &[(0, Val(&PRIO_WHICH))]),
            ("ioprio_get", 2, &[(0, Val(&IOPRIO_WHO))]),
            ("ioprio_set", 3, &[(0, Val(&IOPRIO_WHO))]),
            ("getrlimit", 2, &[(0, Val(&RLIMIT))]),
            ("setrlimit", 2, &[(0, Val(&RLIMIT))]),
            ("prlimit64", 4, &[(1, Val(&RLIMIT))]),
            ("getrusage", 2, &[(0, Val(&RUSAGE_WHO))]),
            ("kill", 2, &[(1, Signal)]),
            ("tkill", 2, &[(1, Signal)]),
            ("tgkill", 3, &[(2, Signal)]),
            ("rt_sigaction", 4, &[(0, Signal)]),
            ("rt_sigprocmask", 4, &[(0, Val(&SIGPROCMASK_HOW))]),
            ("rt_sigqueueinfo", 3, &[(1, Signal)]),
            ("rt_tgsigqueueinfo", 4, &[(2, Signal)]),
            ("pidfd_send_signal", 4, &[(1, Signal)]),
            ("clock_gettime", 2, &[(0, Val(&CLOCKS))]),
            ("clock_settime", 2, &[(0, Val(&CLOCKS))]),
            ("clock_getres", 2, &[(0, Val(&CLOCKS))]),
            ("clock_adjtime", 2, &[(0, Val(&CLOCKS))]),
            (
                "clock_nanosleep",
                4,
                &[(0, Val(&CLOCKS)), (1, Flags(&TIMER_FLAGS))],
            ),
            ("getitimer", 2, &[(0, Val(&ITIMER_WHICH))]),
            ("setitimer", 3, &[(0, Val(&ITIMER_WHICH))]),
            ("timer_create", 3, &[(0, Val(&CLOCKS))]),
            ("timer_settime", 4, &[(1, Flags(&TIMER_FLAGS))]),
            ("socket", 3, &[(0, Val(&ADDRESS_FAMILIES))]),
            ("socketpair", 4, &[(0, Val(&ADDRESS_FAMILIES))]),
            ("accept4", 4, &[(3, Flags(&SOCK_FLAGS))]),
            ("sendto", 6, &[(3, Flags(&MSG_FLAGS))]),
            ("recvfrom", 6, &[(3, Flags(&MSG_FLAGS))]),
            ("sendmsg", 3, &[(2, Flags(&MSG_FLAGS))]),
            ("recvmsg", 3, &[(2, Flags(&MSG_FLAGS))]),
            ("sendmmsg", 4, &[(3, Flags(&MSG_FLAGS))]),
            ("recvmmsg", 5, &[(3, Flags(&MSG_FLAGS))]),
            ("shutdown", 2, &[(1, Val(&SHUTDOWN_HOW))]),
            ("setsockopt", 5, &[(1, Val(&SOCKET_LEVELS))]),
            ("getsockopt", 5, &[(1, Val(&SOCKET_LEVELS))]),
            ("umount2", 2, &[(1, Flags(&UMOUNT_FLAGS))]),
            ("open_tree", 3, &[(2, Flags(&OPEN_TREE_FLAGS))]),
            ("move_mount", 5, &[(4, Flags(&MOVE_MOUNT_FLAGS))]),
            ("fsopen", 2, &[(1, Flags(&FSOPEN_FLAGS))]),
            (
                "fsmount",
                3,
                &[(1, Flags(&FSMOUNT_FLAGS)), (2, Flags(&MOUNT_ATTR_FLAGS))],
            ),
            ("fspick", 3, &[(2, Flags(&FSPICK_FLAGS))]),
            ("mount_setattr", 5, &[(2, Flags(&MOUNT_SETATTR_FLAGS))]),
            ("finit_module", 3, &[(2, Flags(&MODULE_INIT_FLAGS))]),
            ("delete_module", 2, &[(1, Flags(&DELETE_MODULE_FLAGS))]),
            (
                "landlock_create_ruleset",
                3,
                &[(2, Flags(&LANDLOCK_CREATE_RULESET_FLAGS))],
            ),
            ("landlock_add_rule", 4, &[(1, Val(&LANDLOCK_RULE_TYPES))]),
            (
                "name_to_handle_at",
                5,
                &[(4, Flags(&NAME_TO_HANDLE_AT_FLAGS))],
            ),
        ];
        for &(name, argc, named) in NAMED {
            let row = find(name).unwrap_or_else(|| panic!("{name} has no row"));
            assert_eq!(row.args.len(), argc, "{name}");
            for &(i, arg) in named {
                assert_eq!(row.args.get(i), Some(&arg), "{name} argument {i}");
            }
        }
        // Every Flags/Val/Signal argument of every row is covered above.
        for row in ROWS {
            for (i, arg) in row.args.iter().enumerate() {
                if matches!(arg, Arg::Flags(_) | Arg::Val(_) | Arg::Signal) {
                    let listed = NAMED
                        .iter()
                        .any(|&(n, _, named)| n == row.name && named.iter().any(|&(j, _)| j == i));
                    assert!(listed, "{} argument {i} is not checked", row.name);
                }
            }
        }
    }

    #[test]
    fn shapes_match_strace() {
        let shape = |name| find(name).map(|r| (r.args.len(), r.ret, r.class));
        assert_eq!(shape("read"), Some((3, Ret::Int, DESC)));
        assert_eq!(shape("mmap"), Some((6, Ret::Addr, DESC | MEMORY)));
        assert_eq!(shape("socket"), Some((3, Ret::Fd, NETWORK)));
        assert_eq!(shape("personality"), Some((1, Ret::Hex, 0)));
        assert_eq!(
            shape("newfstatat"),
            Some((4, Ret::Int, DESC | FILE | FSTAT | STAT_LIKE))
        );
        assert_eq!(
            shape("statfs"),
            Some((2, Ret::Int, FILE | STATFS | STATFS_LIKE))
        );
        assert_eq!(shape("getuid"), Some((0, Ret::Int, CREDS | PURE)));
        assert_eq!(shape("clock_gettime"), Some((2, Ret::Int, CLOCK)));
        assert_eq!(shape("exit_group"), Some((1, Ret::NoReturn, PROCESS)));
        // strace prints five of preadv2's six registers (pos_h is skipped).
        assert_eq!(shape("preadv2"), Some((5, Ret::Int, DESC)));
    }
}
