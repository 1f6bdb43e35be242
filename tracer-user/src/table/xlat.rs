//! Name tables for flag and value arguments, one constant per line, in the order strace 6.1
//! prints them (its `src/xlat/*.in`). Values come from `libc` where it defines them (so
//! architecture differences follow the target); the others are written out with the uapi
//! header that defines them. `bits` is 32 where strace takes the argument as a C `int` or
//! `unsigned int`, 64 where it takes the whole register.
//!
//! Where strace prints a field and flags together (mmap's `MAP_TYPE`, socket types,
//! fanotify_init classes, statx sync types, `MAP_HUGE_*` shifts) a plain table can only
//! approximate it; each such table says what differs.
use super::fileflags::{OPEN_FLAGS, open};
use super::{NumFmt, Xlat};

const fn flags(entries: &'static [(u64, &'static str)], dflt: &'static str, bits: u32) -> Xlat {
    Xlat {
        entries,
        dflt: Some(dflt),
        bits,
        fmt: NumFmt::Hex,
    }
}

/// `int` values without a name print in hex with `dflt` as a comment, like flags.
const fn vals(entries: &'static [(u64, &'static str)], dflt: &'static str) -> Xlat {
    flags(entries, dflt, 32)
}

// ---- Memory: mmap, mprotect, madvise, mremap, msync, mlock ----

/// `PROT_*` of mmap, mprotect and pkey_mprotect (the whole register). `PROT_NONE` is zero.
pub static MMAP_PROT: Xlat = flags(
    &[
        (libc::PROT_NONE as u64, "PROT_NONE"),
        (libc::PROT_READ as u64, "PROT_READ"),
        (libc::PROT_WRITE as u64, "PROT_WRITE"),
        (libc::PROT_EXEC as u64, "PROT_EXEC"),
        (0x8, "PROT_SEM"), // asm-generic/mman-common.h
        (libc::PROT_GROWSDOWN as u64, "PROT_GROWSDOWN"),
        (libc::PROT_GROWSUP as u64, "PROT_GROWSUP"),
    ],
    "PROT_???",
    64,
);

/// mmap's flags. strace prints the `MAP_TYPE` field (the low four bits) by value, then the
/// other flags, then `MAP_HUGE_*` as `N<<MAP_HUGE_SHIFT`, from the low 32 bits only. With the
/// three types ahead of the flags (the two-bit one first), every valid combination prints as
/// strace does; only a zero type (strace adds `MAP_FILE|`), an unknown type and huge-page size
/// bits print otherwise. A zero value is `MAP_FILE`, as in strace.
pub static MMAP_FLAGS: Xlat = flags(
    &[
        (libc::MAP_FILE as u64, "MAP_FILE"),
        (libc::MAP_SHARED_VALIDATE as u64, "MAP_SHARED_VALIDATE"),
        (libc::MAP_SHARED as u64, "MAP_SHARED"),
        (libc::MAP_PRIVATE as u64, "MAP_PRIVATE"),
        (libc::MAP_FIXED as u64, "MAP_FIXED"),
        (libc::MAP_ANONYMOUS as u64, "MAP_ANONYMOUS"),
        #[cfg(target_arch = "x86_64")]
        (libc::MAP_32BIT as u64, "MAP_32BIT"),
        (libc::MAP_NORESERVE as u64, "MAP_NORESERVE"),
        (libc::MAP_POPULATE as u64, "MAP_POPULATE"),
        (libc::MAP_NONBLOCK as u64, "MAP_NONBLOCK"),
        (libc::MAP_GROWSDOWN as u64, "MAP_GROWSDOWN"),
        (libc::MAP_DENYWRITE as u64, "MAP_DENYWRITE"),
        (libc::MAP_EXECUTABLE as u64, "MAP_EXECUTABLE"),
        (libc::MAP_LOCKED as u64, "MAP_LOCKED"),
        (libc::MAP_STACK as u64, "MAP_STACK"),
        (libc::MAP_HUGETLB as u64, "MAP_HUGETLB"),
        (libc::MAP_SYNC as u64, "MAP_SYNC"),
        (0x10_0000, "MAP_FIXED_NOREPLACE"), // asm-generic/mman-common.h
    ],
    "MAP_???",
    32,
);

/// madvise's and process_madvise's advice.
pub static MADVISE: Xlat = vals(
    &[
        (libc::MADV_NORMAL as u64, "MADV_NORMAL"),
        (libc::MADV_RANDOM as u64, "MADV_RANDOM"),
        (libc::MADV_SEQUENTIAL as u64, "MADV_SEQUENTIAL"),
        (libc::MADV_WILLNEED as u64, "MADV_WILLNEED"),
        (libc::MADV_DONTNEED as u64, "MADV_DONTNEED"),
        (libc::MADV_FREE as u64, "MADV_FREE"),
        (libc::MADV_REMOVE as u64, "MADV_REMOVE"),
        (libc::MADV_DONTFORK as u64, "MADV_DONTFORK"),
        (libc::MADV_DOFORK as u64, "MADV_DOFORK"),
        (libc::MADV_MERGEABLE as u64, "MADV_MERGEABLE"),
        (libc::MADV_UNMERGEABLE as u64, "MADV_UNMERGEABLE"),
        (libc::MADV_HUGEPAGE as u64, "MADV_HUGEPAGE"),
        (libc::MADV_NOHUGEPAGE as u64, "MADV_NOHUGEPAGE"),
        (libc::MADV_DONTDUMP as u64, "MADV_DONTDUMP"),
        (libc::MADV_DODUMP as u64, "MADV_DODUMP"),
        (libc::MADV_WIPEONFORK as u64, "MADV_WIPEONFORK"),
        (libc::MADV_KEEPONFORK as u64, "MADV_KEEPONFORK"),
        (20, "MADV_COLD"),            // asm-generic/mman-common.h
        (21, "MADV_PAGEOUT"),         // asm-generic/mman-common.h
        (22, "MADV_POPULATE_READ"),   // asm-generic/mman-common.h
        (23, "MADV_POPULATE_WRITE"),  // asm-generic/mman-common.h
        (24, "MADV_DONTNEED_LOCKED"), // asm-generic/mman-common.h
        (25, "MADV_COLLAPSE"),        // asm-generic/mman-common.h
    ],
    "MADV_???",
);

/// mremap's flags (the whole register).
pub static MREMAP_FLAGS: Xlat = flags(
    &[
        (libc::MREMAP_MAYMOVE as u64, "MREMAP_MAYMOVE"),
        (libc::MREMAP_FIXED as u64, "MREMAP_FIXED"),
        (4, "MREMAP_DONTUNMAP"), // linux/mman.h
    ],
    "MREMAP_???",
    64,
);

/// msync's flags.
pub static MSYNC_FLAGS: Xlat = flags(
    &[
        (libc::MS_SYNC as u64, "MS_SYNC"),
        (libc::MS_ASYNC as u64, "MS_ASYNC"),
        (libc::MS_INVALIDATE as u64, "MS_INVALIDATE"),
    ],
    "MS_???",
    32,
);

/// mlock2's flags.
pub static MLOCK_FLAGS: Xlat = flags(
    &[(1, "MLOCK_ONFAULT")], // asm-generic/mman-common.h
    "MLOCK_???",
    32,
);

/// mlockall's flags.
pub static MCL_FLAGS: Xlat = flags(
    &[
        (libc::MCL_CURRENT as u64, "MCL_CURRENT"),
        (libc::MCL_FUTURE as u64, "MCL_FUTURE"),
        (libc::MCL_ONFAULT as u64, "MCL_ONFAULT"),
    ],
    "MCL_???",
    32,
);

/// pkey_alloc's access rights (the whole register).
pub static PKEY_ACCESS: Xlat = flags(
    &[
        (0x1, "PKEY_DISABLE_ACCESS"),  // asm-generic/mman-common.h
        (0x2, "PKEY_DISABLE_WRITE"),   // asm-generic/mman-common.h
        (0x4, "PKEY_DISABLE_EXECUTE"), // powerpc's asm/mman.h; strace names it everywhere
    ],
    "PKEY_???",
    64,
);

/// mbind's flags.
pub static MBIND_FLAGS: Xlat = flags(
    &[
        (1, "MPOL_MF_STRICT"),   // linux/mempolicy.h
        (2, "MPOL_MF_MOVE"),     // linux/mempolicy.h
        (4, "MPOL_MF_MOVE_ALL"), // linux/mempolicy.h
    ],
    "MPOL_???",
    32,
);

/// move_pages's flags.
pub static MOVE_PAGES_FLAGS: Xlat = flags(
    &[
        (2, "MPOL_MF_MOVE"),     // linux/mempolicy.h
        (4, "MPOL_MF_MOVE_ALL"), // linux/mempolicy.h
    ],
    "MPOL_???",
    32,
);

/// get_mempolicy's flags (the whole register).
pub static GET_MEMPOLICY_FLAGS: Xlat = flags(
    &[
        (1, "MPOL_F_NODE"),         // linux/mempolicy.h
        (2, "MPOL_F_ADDR"),         // linux/mempolicy.h
        (4, "MPOL_F_MEMS_ALLOWED"), // linux/mempolicy.h
    ],
    "MPOL_???",
    64,
);

// ---- Files and descriptors ----

/// lseek's whence.
pub static SEEK_WHENCE: Xlat = vals(
    &[
        (libc::SEEK_SET as u64, "SEEK_SET"),
        (libc::SEEK_CUR as u64, "SEEK_CUR"),
        (libc::SEEK_END as u64, "SEEK_END"),
        (libc::SEEK_DATA as u64, "SEEK_DATA"),
        (libc::SEEK_HOLE as u64, "SEEK_HOLE"),
    ],
    "SEEK_???",
);

/// fadvise64's advice.
pub static FADVISE: Xlat = vals(
    &[
        (libc::POSIX_FADV_NORMAL as u64, "POSIX_FADV_NORMAL"),
        (libc::POSIX_FADV_RANDOM as u64, "POSIX_FADV_RANDOM"),
        (libc::POSIX_FADV_SEQUENTIAL as u64, "POSIX_FADV_SEQUENTIAL"),
        (libc::POSIX_FADV_WILLNEED as u64, "POSIX_FADV_WILLNEED"),
        (libc::POSIX_FADV_DONTNEED as u64, "POSIX_FADV_DONTNEED"),
        (libc::POSIX_FADV_NOREUSE as u64, "POSIX_FADV_NOREUSE"),
    ],
    "POSIX_FADV_???",
);

/// fallocate's mode.
pub static FALLOC_FLAGS: Xlat = flags(
    &[
        (libc::FALLOC_FL_KEEP_SIZE as u64, "FALLOC_FL_KEEP_SIZE"),
        (libc::FALLOC_FL_PUNCH_HOLE as u64, "FALLOC_FL_PUNCH_HOLE"),
        (0x04, "FALLOC_FL_NO_HIDE_STALE"), // linux/falloc.h
        (
            libc::FALLOC_FL_COLLAPSE_RANGE as u64,
            "FALLOC_FL_COLLAPSE_RANGE",
        ),
        (libc::FALLOC_FL_ZERO_RANGE as u64, "FALLOC_FL_ZERO_RANGE"),
        (
            libc::FALLOC_FL_INSERT_RANGE as u64,
            "FALLOC_FL_INSERT_RANGE",
        ),
        (
            libc::FALLOC_FL_UNSHARE_RANGE as u64,
            "FALLOC_FL_UNSHARE_RANGE",
        ),
    ],
    "FALLOC_FL_???",
    32,
);

/// flock's operation. `LOCK_RW` (both of `LOCK_READ` and `LOCK_WRITE`) goes first.
pub static FLOCK_OPS: Xlat = flags(
    &[
        (libc::LOCK_SH as u64, "LOCK_SH"),
        (libc::LOCK_EX as u64, "LOCK_EX"),
        (libc::LOCK_NB as u64, "LOCK_NB"),
        (libc::LOCK_UN as u64, "LOCK_UN"),
        (32, "LOCK_MAND"),   // asm-generic/fcntl.h
        (192, "LOCK_RW"),    // asm-generic/fcntl.h
        (64, "LOCK_READ"),   // asm-generic/fcntl.h
        (128, "LOCK_WRITE"), // asm-generic/fcntl.h
    ],
    "LOCK_???",
    32,
);

/// The `AT_*` flags of newfstatat, unlinkat, linkat, fchownat, utimensat and execveat: one
/// table for all, so 0x200 is `AT_REMOVEDIR` everywhere (and `AT_EACCESS` only in faccessat2).
pub static AT_FLAGS: Xlat = flags(
    &[
        (libc::AT_SYMLINK_NOFOLLOW as u64, "AT_SYMLINK_NOFOLLOW"),
        (libc::AT_REMOVEDIR as u64, "AT_REMOVEDIR"),
        (libc::AT_SYMLINK_FOLLOW as u64, "AT_SYMLINK_FOLLOW"),
        (libc::AT_NO_AUTOMOUNT as u64, "AT_NO_AUTOMOUNT"),
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
        (libc::AT_RECURSIVE as u64, "AT_RECURSIVE"),
    ],
    "AT_???",
    32,
);

/// faccessat2's flags.
pub static FACCESSAT_FLAGS: Xlat = flags(
    &[
        (libc::AT_SYMLINK_NOFOLLOW as u64, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_EACCESS"), // linux/fcntl.h
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
    ],
    "AT_???",
    32,
);

/// name_to_handle_at's flags.
pub static NAME_TO_HANDLE_AT_FLAGS: Xlat = flags(
    &[
        (libc::AT_SYMLINK_FOLLOW as u64, "AT_SYMLINK_FOLLOW"),
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
    ],
    "AT_???",
    32,
);

/// mount_setattr's flags.
pub static MOUNT_SETATTR_FLAGS: Xlat = flags(
    &[
        (libc::AT_SYMLINK_NOFOLLOW as u64, "AT_SYMLINK_NOFOLLOW"),
        (libc::AT_NO_AUTOMOUNT as u64, "AT_NO_AUTOMOUNT"),
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
        (libc::AT_RECURSIVE as u64, "AT_RECURSIVE"),
    ],
    "AT_???",
    32,
);

/// renameat2's flags (strace's comment has two question marks).
pub static RENAME_FLAGS: Xlat = flags(
    &[
        (libc::RENAME_NOREPLACE as u64, "RENAME_NOREPLACE"),
        (libc::RENAME_EXCHANGE as u64, "RENAME_EXCHANGE"),
        (libc::RENAME_WHITEOUT as u64, "RENAME_WHITEOUT"),
    ],
    "RENAME_??",
    32,
);

/// statx's mask. `STATX_ALL` and `STATX_BASIC_STATS` go before the bits they cover.
pub static STATX_MASK: Xlat = flags(
    &[
        (libc::STATX_ALL as u64, "STATX_ALL"),
        (libc::STATX_BASIC_STATS as u64, "STATX_BASIC_STATS"),
        (libc::STATX_TYPE as u64, "STATX_TYPE"),
        (libc::STATX_MODE as u64, "STATX_MODE"),
        (libc::STATX_NLINK as u64, "STATX_NLINK"),
        (libc::STATX_UID as u64, "STATX_UID"),
        (libc::STATX_GID as u64, "STATX_GID"),
        (libc::STATX_ATIME as u64, "STATX_ATIME"),
        (libc::STATX_MTIME as u64, "STATX_MTIME"),
        (libc::STATX_CTIME as u64, "STATX_CTIME"),
        (libc::STATX_INO as u64, "STATX_INO"),
        (libc::STATX_SIZE as u64, "STATX_SIZE"),
        (libc::STATX_BLOCKS as u64, "STATX_BLOCKS"),
        (libc::STATX_BTIME as u64, "STATX_BTIME"),
        (libc::STATX_MNT_ID as u64, "STATX_MNT_ID"),
        (libc::STATX_DIOALIGN as u64, "STATX_DIOALIGN"),
    ],
    "STATX_???",
    32,
);

/// dup3's and pipe2's flags: open's flags without the access mode.
pub static O_FLAGS: Xlat = flags(OPEN_FLAGS, "O_???", 32);

/// delete_module's flags.
pub static DELETE_MODULE_FLAGS: Xlat = flags(
    &[(open::O_NONBLOCK, "O_NONBLOCK"), (open::O_TRUNC, "O_TRUNC")],
    "O_???",
    32,
);

/// memfd_secret's flags (strace prints unknown bits without a comment).
pub static MEMFD_SECRET_FLAGS: Xlat = flags(&[(open::O_CLOEXEC, "O_CLOEXEC")], "", 32);

/// eventfd2's flags.
pub static EFD_FLAGS: Xlat = flags(
    &[
        (libc::EFD_SEMAPHORE as u64, "EFD_SEMAPHORE"),
        (libc::EFD_CLOEXEC as u64, "EFD_CLOEXEC"),
        (libc::EFD_NONBLOCK as u64, "EFD_NONBLOCK"),
    ],
    "EFD_???",
    32,
);

/// epoll_create1's flags.
pub static EPOLL_FLAGS: Xlat = flags(
    &[(libc::EPOLL_CLOEXEC as u64, "EPOLL_CLOEXEC")],
    "EPOLL_???",
    32,
);

/// epoll_ctl's operation.
pub static EPOLL_CTL_OPS: Xlat = vals(
    &[
        (libc::EPOLL_CTL_ADD as u64, "EPOLL_CTL_ADD"),
        (libc::EPOLL_CTL_DEL as u64, "EPOLL_CTL_DEL"),
        (libc::EPOLL_CTL_MOD as u64, "EPOLL_CTL_MOD"),
    ],
    "EPOLL_CTL_???",
);

/// inotify_init1's flags.
pub static IN_INIT_FLAGS: Xlat = flags(
    &[
        (libc::IN_NONBLOCK as u64, "IN_NONBLOCK"),
        (libc::IN_CLOEXEC as u64, "IN_CLOEXEC"),
    ],
    "IN_???",
    32,
);

/// inotify_add_watch's mask.
pub static INOTIFY_MASK: Xlat = flags(
    &[
        (libc::IN_ACCESS as u64, "IN_ACCESS"),
        (libc::IN_MODIFY as u64, "IN_MODIFY"),
        (libc::IN_ATTRIB as u64, "IN_ATTRIB"),
        (libc::IN_CLOSE_WRITE as u64, "IN_CLOSE_WRITE"),
        (libc::IN_CLOSE_NOWRITE as u64, "IN_CLOSE_NOWRITE"),
        (libc::IN_OPEN as u64, "IN_OPEN"),
        (libc::IN_MOVED_FROM as u64, "IN_MOVED_FROM"),
        (libc::IN_MOVED_TO as u64, "IN_MOVED_TO"),
        (libc::IN_CREATE as u64, "IN_CREATE"),
        (libc::IN_DELETE as u64, "IN_DELETE"),
        (libc::IN_DELETE_SELF as u64, "IN_DELETE_SELF"),
        (libc::IN_MOVE_SELF as u64, "IN_MOVE_SELF"),
        (libc::IN_UNMOUNT as u64, "IN_UNMOUNT"),
        (libc::IN_Q_OVERFLOW as u64, "IN_Q_OVERFLOW"),
        (libc::IN_IGNORED as u64, "IN_IGNORED"),
        (libc::IN_ONLYDIR as u64, "IN_ONLYDIR"),
        (libc::IN_DONT_FOLLOW as u64, "IN_DONT_FOLLOW"),
        (libc::IN_EXCL_UNLINK as u64, "IN_EXCL_UNLINK"),
        (libc::IN_MASK_CREATE as u64, "IN_MASK_CREATE"),
        (libc::IN_MASK_ADD as u64, "IN_MASK_ADD"),
        (libc::IN_ISDIR as u64, "IN_ISDIR"),
        (libc::IN_ONESHOT as u64, "IN_ONESHOT"),
    ],
    "IN_???",
    32,
);

/// fanotify_mark's flags.
pub static FAN_MARK_FLAGS: Xlat = flags(
    &[
        (libc::FAN_MARK_ADD as u64, "FAN_MARK_ADD"),
        (libc::FAN_MARK_REMOVE as u64, "FAN_MARK_REMOVE"),
        (libc::FAN_MARK_DONT_FOLLOW as u64, "FAN_MARK_DONT_FOLLOW"),
        (libc::FAN_MARK_ONLYDIR as u64, "FAN_MARK_ONLYDIR"),
        (libc::FAN_MARK_MOUNT as u64, "FAN_MARK_MOUNT"),
        (libc::FAN_MARK_IGNORED_MASK as u64, "FAN_MARK_IGNORED_MASK"),
        (
            libc::FAN_MARK_IGNORED_SURV_MODIFY as u64,
            "FAN_MARK_IGNORED_SURV_MODIFY",
        ),
        (libc::FAN_MARK_FLUSH as u64, "FAN_MARK_FLUSH"),
        (libc::FAN_MARK_FILESYSTEM as u64, "FAN_MARK_FILESYSTEM"),
        (0x200, "FAN_MARK_EVICTABLE"), // linux/fanotify.h
        (0x400, "FAN_MARK_IGNORE"),    // linux/fanotify.h
    ],
    "FAN_MARK_???",
    32,
);

/// fanotify_mark's event mask (the whole register on 64-bit arches).
pub static FAN_EVENT_FLAGS: Xlat = flags(
    &[
        (libc::FAN_ACCESS, "FAN_ACCESS"),
        (libc::FAN_MODIFY, "FAN_MODIFY"),
        (libc::FAN_ATTRIB, "FAN_ATTRIB"),
        (libc::FAN_CLOSE_WRITE, "FAN_CLOSE_WRITE"),
        (libc::FAN_CLOSE_NOWRITE, "FAN_CLOSE_NOWRITE"),
        (libc::FAN_OPEN, "FAN_OPEN"),
        (libc::FAN_MOVED_FROM, "FAN_MOVED_FROM"),
        (libc::FAN_MOVED_TO, "FAN_MOVED_TO"),
        (libc::FAN_CREATE, "FAN_CREATE"),
        (libc::FAN_DELETE, "FAN_DELETE"),
        (libc::FAN_DELETE_SELF, "FAN_DELETE_SELF"),
        (libc::FAN_MOVE_SELF, "FAN_MOVE_SELF"),
        (libc::FAN_OPEN_EXEC, "FAN_OPEN_EXEC"),
        (libc::FAN_Q_OVERFLOW, "FAN_Q_OVERFLOW"),
        (libc::FAN_FS_ERROR, "FAN_FS_ERROR"),
        (libc::FAN_OPEN_PERM, "FAN_OPEN_PERM"),
        (libc::FAN_ACCESS_PERM, "FAN_ACCESS_PERM"),
        (libc::FAN_OPEN_EXEC_PERM, "FAN_OPEN_EXEC_PERM"),
        (0x0008_0000, "FAN_DIR_MODIFY"), // linux/fanotify.h (v5.7 only)
        (libc::FAN_ONDIR, "FAN_ONDIR"),
        (libc::FAN_EVENT_ON_CHILD, "FAN_EVENT_ON_CHILD"),
        (libc::FAN_RENAME, "FAN_RENAME"),
    ],
    "FAN_???",
    64,
);

/// signalfd4's flags.
pub static SFD_FLAGS: Xlat = flags(
    &[
        (libc::SFD_CLOEXEC as u64, "SFD_CLOEXEC"),
        (libc::SFD_NONBLOCK as u64, "SFD_NONBLOCK"),
    ],
    "SFD_???",
    32,
);

/// timerfd_create's and timerfd_settime's flags.
pub static TFD_FLAGS: Xlat = flags(
    &[
        (libc::TFD_TIMER_ABSTIME as u64, "TFD_TIMER_ABSTIME"),
        (
            libc::TFD_TIMER_CANCEL_ON_SET as u64,
            "TFD_TIMER_CANCEL_ON_SET",
        ),
        (libc::TFD_CLOEXEC as u64, "TFD_CLOEXEC"),
        (libc::TFD_NONBLOCK as u64, "TFD_NONBLOCK"),
    ],
    "TFD_???",
    32,
);

/// memfd_create's flags. strace prints `MFD_HUGE_*` sizes as `N<<MFD_HUGE_SHIFT`; here they
/// are unknown bits in hex.
pub static MFD_FLAGS: Xlat = flags(
    &[
        (1, "MFD_CLOEXEC"),       // linux/memfd.h
        (2, "MFD_ALLOW_SEALING"), // linux/memfd.h
        (4, "MFD_HUGETLB"),       // linux/memfd.h
    ],
    "MFD_???",
    32,
);

/// close_range's flags.
pub static CLOSE_RANGE_FLAGS: Xlat = flags(
    &[
        (libc::CLOSE_RANGE_UNSHARE as u64, "CLOSE_RANGE_UNSHARE"),
        (libc::CLOSE_RANGE_CLOEXEC as u64, "CLOSE_RANGE_CLOEXEC"),
    ],
    "CLOSE_RANGE_???",
    32,
);

/// userfaultfd's flags.
pub static UFFD_FLAGS: Xlat = flags(
    &[
        (1, "UFFD_USER_MODE_ONLY"), // linux/userfaultfd.h
        (open::O_NONBLOCK, "O_NONBLOCK"),
        (open::O_CLOEXEC, "O_CLOEXEC"),
    ],
    "UFFD_???",
    32,
);

/// pidfd_open's flags.
pub static PIDFD_OPEN_FLAGS: Xlat = flags(
    &[(open::O_NONBLOCK, "PIDFD_NONBLOCK")], // linux/pidfd.h: PIDFD_NONBLOCK is O_NONBLOCK
    "PIDFD_???",
    32,
);

/// tee's, splice's and vmsplice's flags.
pub static SPLICE_FLAGS: Xlat = flags(
    &[
        (libc::SPLICE_F_MOVE as u64, "SPLICE_F_MOVE"),
        (libc::SPLICE_F_NONBLOCK as u64, "SPLICE_F_NONBLOCK"),
        (libc::SPLICE_F_MORE as u64, "SPLICE_F_MORE"),
        (libc::SPLICE_F_GIFT as u64, "SPLICE_F_GIFT"),
    ],
    "SPLICE_F_???",
    32,
);

/// sync_file_range's flags.
pub static SYNC_FILE_RANGE_FLAGS: Xlat = flags(
    &[
        (
            libc::SYNC_FILE_RANGE_WAIT_BEFORE as u64,
            "SYNC_FILE_RANGE_WAIT_BEFORE",
        ),
        (libc::SYNC_FILE_RANGE_WRITE as u64, "SYNC_FILE_RANGE_WRITE"),
        (
            libc::SYNC_FILE_RANGE_WAIT_AFTER as u64,
            "SYNC_FILE_RANGE_WAIT_AFTER",
        ),
    ],
    "SYNC_FILE_RANGE_???",
    32,
);

/// preadv2's and pwritev2's flags. Their rows leave the flags `Raw` for now: strace prints
/// register 5 there (register 4 is `pos_h`), and a row's position is its register.
pub static RWF_FLAGS: Xlat = flags(
    &[
        (0x01, "RWF_HIPRI"),  // linux/fs.h
        (0x02, "RWF_DSYNC"),  // linux/fs.h
        (0x04, "RWF_SYNC"),   // linux/fs.h
        (0x08, "RWF_NOWAIT"), // linux/fs.h
        (0x10, "RWF_APPEND"), // linux/fs.h
    ],
    "RWF_???",
    32,
);

/// setxattr's, lsetxattr's and fsetxattr's flags.
pub static XATTR_FLAGS: Xlat = flags(
    &[
        (libc::XATTR_CREATE as u64, "XATTR_CREATE"),
        (libc::XATTR_REPLACE as u64, "XATTR_REPLACE"),
    ],
    "XATTR_???",
    32,
);

/// io_uring_enter's flags.
pub static IORING_ENTER_FLAGS: Xlat = flags(
    &[
        (1, "IORING_ENTER_GETEVENTS"),        // linux/io_uring.h
        (2, "IORING_ENTER_SQ_WAKEUP"),        // linux/io_uring.h
        (4, "IORING_ENTER_SQ_WAIT"),          // linux/io_uring.h
        (8, "IORING_ENTER_EXT_ARG"),          // linux/io_uring.h
        (16, "IORING_ENTER_REGISTERED_RING"), // linux/io_uring.h
    ],
    "IORING_ENTER_???",
    32,
);

// ---- Mounts and modules ----

/// umount2's flags.
pub static UMOUNT_FLAGS: Xlat = flags(
    &[
        (libc::MNT_FORCE as u64, "MNT_FORCE"),
        (libc::MNT_DETACH as u64, "MNT_DETACH"),
        (libc::MNT_EXPIRE as u64, "MNT_EXPIRE"),
        (libc::UMOUNT_NOFOLLOW as u64, "UMOUNT_NOFOLLOW"),
    ],
    "MNT_???",
    32,
);

/// open_tree's flags: its own two, then the `AT_*` ones.
pub static OPEN_TREE_FLAGS: Xlat = flags(
    &[
        (libc::OPEN_TREE_CLONE as u64, "OPEN_TREE_CLONE"),
        (libc::OPEN_TREE_CLOEXEC as u64, "OPEN_TREE_CLOEXEC"),
        (libc::AT_SYMLINK_NOFOLLOW as u64, "AT_SYMLINK_NOFOLLOW"),
        (libc::AT_REMOVEDIR as u64, "AT_REMOVEDIR"),
        (libc::AT_SYMLINK_FOLLOW as u64, "AT_SYMLINK_FOLLOW"),
        (libc::AT_NO_AUTOMOUNT as u64, "AT_NO_AUTOMOUNT"),
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
        (libc::AT_RECURSIVE as u64, "AT_RECURSIVE"),
    ],
    "OPEN_TREE_???",
    32,
);

/// move_mount's flags.
pub static MOVE_MOUNT_FLAGS: Xlat = flags(
    &[
        (libc::MOVE_MOUNT_F_SYMLINKS as u64, "MOVE_MOUNT_F_SYMLINKS"),
        (
            libc::MOVE_MOUNT_F_AUTOMOUNTS as u64,
            "MOVE_MOUNT_F_AUTOMOUNTS",
        ),
        (
            libc::MOVE_MOUNT_F_EMPTY_PATH as u64,
            "MOVE_MOUNT_F_EMPTY_PATH",
        ),
        (libc::MOVE_MOUNT_T_SYMLINKS as u64, "MOVE_MOUNT_T_SYMLINKS"),
        (
            libc::MOVE_MOUNT_T_AUTOMOUNTS as u64,
            "MOVE_MOUNT_T_AUTOMOUNTS",
        ),
        (
            libc::MOVE_MOUNT_T_EMPTY_PATH as u64,
            "MOVE_MOUNT_T_EMPTY_PATH",
        ),
        (libc::MOVE_MOUNT_SET_GROUP as u64, "MOVE_MOUNT_SET_GROUP"),
    ],
    "MOVE_MOUNT_???",
    32,
);

/// fsopen's flags.
pub static FSOPEN_FLAGS: Xlat = flags(
    &[(libc::FSOPEN_CLOEXEC as u64, "FSOPEN_CLOEXEC")],
    "FSOPEN_???",
    32,
);

/// fsmount's flags.
pub static FSMOUNT_FLAGS: Xlat = flags(
    &[(libc::FSMOUNT_CLOEXEC as u64, "FSMOUNT_CLOEXEC")],
    "FSMOUNT_???",
    32,
);

/// fsmount's mount attributes. `MOUNT_ATTR_RELATIME` is zero and never printed.
pub static MOUNT_ATTR_FLAGS: Xlat = flags(
    &[
        (libc::MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY"),
        (libc::MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID"),
        (libc::MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV"),
        (libc::MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC"),
        (libc::MOUNT_ATTR_NOATIME, "MOUNT_ATTR_NOATIME"),
        (libc::MOUNT_ATTR_STRICTATIME, "MOUNT_ATTR_STRICTATIME"),
        (libc::MOUNT_ATTR_NODIRATIME, "MOUNT_ATTR_NODIRATIME"),
    ],
    "MOUNT_ATTR_???",
    32,
);

/// fspick's flags.
pub static FSPICK_FLAGS: Xlat = flags(
    &[
        (libc::FSPICK_CLOEXEC as u64, "FSPICK_CLOEXEC"),
        (
            libc::FSPICK_SYMLINK_NOFOLLOW as u64,
            "FSPICK_SYMLINK_NOFOLLOW",
        ),
        (libc::FSPICK_NO_AUTOMOUNT as u64, "FSPICK_NO_AUTOMOUNT"),
        (libc::FSPICK_EMPTY_PATH as u64, "FSPICK_EMPTY_PATH"),
    ],
    "FSPICK_???",
    32,
);

/// finit_module's flags.
pub static MODULE_INIT_FLAGS: Xlat = flags(
    &[
        (1, "MODULE_INIT_IGNORE_MODVERSIONS"), // linux/module.h
        (2, "MODULE_INIT_IGNORE_VERMAGIC"),    // linux/module.h
        (4, "MODULE_INIT_COMPRESSED_FILE"),    // linux/module.h
    ],
    "MODULE_INIT_???",
    32,
);

// ---- Processes, namespaces, resources ----

/// arch_prctl's code (x86 only: asm/prctl.h).
pub static ARCH_PRCTL: Xlat = vals(
    &[
        (0x1001, "ARCH_SET_GS"),
        (0x1002, "ARCH_SET_FS"),
        (0x1003, "ARCH_GET_FS"),
        (0x1004, "ARCH_GET_GS"),
        (0x1011, "ARCH_GET_CPUID"),
        (0x1012, "ARCH_SET_CPUID"),
        (0x1021, "ARCH_GET_XCOMP_SUPP"),
        (0x1022, "ARCH_GET_XCOMP_PERM"),
        (0x1023, "ARCH_REQ_XCOMP_PERM"),
        (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
        (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
        (0x2001, "ARCH_MAP_VDSO_X32"),
        (0x2002, "ARCH_MAP_VDSO_32"),
        (0x2003, "ARCH_MAP_VDSO_64"),
    ],
    "ARCH_???",
);

/// The resource of getrlimit, setrlimit and prlimit64.
pub static RLIMIT: Xlat = vals(
    &[
        (libc::RLIMIT_CPU as u64, "RLIMIT_CPU"),
        (libc::RLIMIT_FSIZE as u64, "RLIMIT_FSIZE"),
        (libc::RLIMIT_DATA as u64, "RLIMIT_DATA"),
        (libc::RLIMIT_STACK as u64, "RLIMIT_STACK"),
        (libc::RLIMIT_CORE as u64, "RLIMIT_CORE"),
        (libc::RLIMIT_RSS as u64, "RLIMIT_RSS"),
        (libc::RLIMIT_NPROC as u64, "RLIMIT_NPROC"),
        (libc::RLIMIT_NOFILE as u64, "RLIMIT_NOFILE"),
        (libc::RLIMIT_MEMLOCK as u64, "RLIMIT_MEMLOCK"),
        (libc::RLIMIT_AS as u64, "RLIMIT_AS"),
        (libc::RLIMIT_LOCKS as u64, "RLIMIT_LOCKS"),
        (libc::RLIMIT_SIGPENDING as u64, "RLIMIT_SIGPENDING"),
        (libc::RLIMIT_MSGQUEUE as u64, "RLIMIT_MSGQUEUE"),
        (libc::RLIMIT_NICE as u64, "RLIMIT_NICE"),
        (libc::RLIMIT_RTPRIO as u64, "RLIMIT_RTPRIO"),
        (libc::RLIMIT_RTTIME as u64, "RLIMIT_RTTIME"),
    ],
    "RLIMIT_???",
);

/// getrusage's who; the negative ones as the kernel's `int`.
pub static RUSAGE_WHO: Xlat = vals(
    &[
        (libc::RUSAGE_SELF as u32 as u64, "RUSAGE_SELF"),
        (libc::RUSAGE_CHILDREN as u32 as u64, "RUSAGE_CHILDREN"),
        (-2i32 as u32 as u64, "RUSAGE_BOTH"), // linux/resource.h
        (libc::RUSAGE_THREAD as u32 as u64, "RUSAGE_THREAD"),
    ],
    "RUSAGE_???",
);

/// getpriority's and setpriority's which.
pub static PRIO_WHICH: Xlat = vals(
    &[
        (libc::PRIO_PROCESS as u64, "PRIO_PROCESS"),
        (libc::PRIO_PGRP as u64, "PRIO_PGRP"),
        (libc::PRIO_USER as u64, "PRIO_USER"),
    ],
    "PRIO_???",
);

/// ioprio_get's and ioprio_set's which.
pub static IOPRIO_WHO: Xlat = vals(
    &[
        (1, "IOPRIO_WHO_PROCESS"), // linux/ioprio.h
        (2, "IOPRIO_WHO_PGRP"),    // linux/ioprio.h
        (3, "IOPRIO_WHO_USER"),    // linux/ioprio.h
    ],
    "IOPRIO_WHO_???",
);

/// Scheduling policies (sched_setscheduler, sched_get_priority_max/min).
pub static SCHED_POLICY: Xlat = vals(
    &[
        (libc::SCHED_OTHER as u64, "SCHED_OTHER"),
        (libc::SCHED_FIFO as u64, "SCHED_FIFO"),
        (libc::SCHED_RR as u64, "SCHED_RR"),
        (libc::SCHED_BATCH as u64, "SCHED_BATCH"),
        (4, "SCHED_ISO"), // linux/sched.h: reserved
        (libc::SCHED_IDLE as u64, "SCHED_IDLE"),
        (6, "SCHED_DEADLINE"), // linux/sched.h
    ],
    "SCHED_???",
);

/// kcmp's type.
pub static KCMP_TYPES: Xlat = vals(
    &[
        (0, "KCMP_FILE"),      // linux/kcmp.h
        (1, "KCMP_VM"),        // linux/kcmp.h
        (2, "KCMP_FILES"),     // linux/kcmp.h
        (3, "KCMP_FS"),        // linux/kcmp.h
        (4, "KCMP_SIGHAND"),   // linux/kcmp.h
        (5, "KCMP_IO"),        // linux/kcmp.h
        (6, "KCMP_SYSVSEM"),   // linux/kcmp.h
        (7, "KCMP_EPOLL_TFD"), // linux/kcmp.h
    ],
    "KCMP_???",
);

/// wait4's and waitid's options. `WUNTRACED` equals `WSTOPPED` and strace names it so.
pub static WAIT_OPTIONS: Xlat = flags(
    &[
        (libc::WNOHANG as u64, "WNOHANG"),
        (libc::WEXITED as u64, "WEXITED"),
        (libc::WSTOPPED as u64, "WSTOPPED"),
        (libc::WCONTINUED as u64, "WCONTINUED"),
        (libc::WNOWAIT as u64, "WNOWAIT"),
        (libc::__WCLONE as u32 as u64, "__WCLONE"),
        (libc::__WALL as u32 as u64, "__WALL"),
        (libc::__WNOTHREAD as u32 as u64, "__WNOTHREAD"),
    ],
    "W???",
    32,
);

/// waitid's idtype.
pub static WAITID_TYPE: Xlat = vals(
    &[
        (libc::P_ALL as u64, "P_ALL"),
        (libc::P_PID as u64, "P_PID"),
        (libc::P_PGID as u64, "P_PGID"),
        (3, "P_PIDFD"), // linux/wait.h
    ],
    "P_???",
);

/// setns's namespace type.
pub static SETNS_TYPES: Xlat = flags(
    &[
        (libc::CLONE_NEWTIME as u64, "CLONE_NEWTIME"),
        (libc::CLONE_NEWNS as u64, "CLONE_NEWNS"),
        (libc::CLONE_NEWCGROUP as u64, "CLONE_NEWCGROUP"),
        (libc::CLONE_NEWUTS as u64, "CLONE_NEWUTS"),
        (libc::CLONE_NEWIPC as u64, "CLONE_NEWIPC"),
        (libc::CLONE_NEWUSER as u64, "CLONE_NEWUSER"),
        (libc::CLONE_NEWPID as u64, "CLONE_NEWPID"),
        (libc::CLONE_NEWNET as u64, "CLONE_NEWNET"),
    ],
    "CLONE_NEW???",
    32,
);

/// unshare's flags (the whole register).
pub static UNSHARE_FLAGS: Xlat = flags(
    &[
        (libc::CLONE_NEWTIME as u64, "CLONE_NEWTIME"),
        (libc::CLONE_VM as u64, "CLONE_VM"),
        (libc::CLONE_FS as u64, "CLONE_FS"),
        (libc::CLONE_FILES as u64, "CLONE_FILES"),
        (libc::CLONE_SIGHAND as u64, "CLONE_SIGHAND"),
        (libc::CLONE_THREAD as u64, "CLONE_THREAD"),
        (libc::CLONE_NEWNS as u64, "CLONE_NEWNS"),
        (libc::CLONE_SYSVSEM as u64, "CLONE_SYSVSEM"),
        (libc::CLONE_NEWCGROUP as u64, "CLONE_NEWCGROUP"),
        (libc::CLONE_NEWUTS as u64, "CLONE_NEWUTS"),
        (libc::CLONE_NEWIPC as u64, "CLONE_NEWIPC"),
        (libc::CLONE_NEWUSER as u64, "CLONE_NEWUSER"),
        (libc::CLONE_NEWPID as u64, "CLONE_NEWPID"),
        (libc::CLONE_NEWNET as u64, "CLONE_NEWNET"),
    ],
    "CLONE_???",
    64,
);

/// getrandom's flags.
pub static GRND_FLAGS: Xlat = flags(
    &[
        (libc::GRND_NONBLOCK as u64, "GRND_NONBLOCK"),
        (libc::GRND_RANDOM as u64, "GRND_RANDOM"),
        (libc::GRND_INSECURE as u64, "GRND_INSECURE"),
    ],
    "GRND_???",
    32,
);

/// landlock_create_ruleset's flags.
pub static LANDLOCK_CREATE_RULESET_FLAGS: Xlat = flags(
    &[(1, "LANDLOCK_CREATE_RULESET_VERSION")], // linux/landlock.h
    "LANDLOCK_CREATE_RULESET_???",
    32,
);

/// landlock_add_rule's rule type.
pub static LANDLOCK_RULE_TYPES: Xlat = vals(
    &[(1, "LANDLOCK_RULE_PATH_BENEATH")], // linux/landlock.h
    "LANDLOCK_RULE_???",
);

// ---- Signals, clocks, timers ----

/// rt_sigprocmask's how.
pub static SIGPROCMASK_HOW: Xlat = vals(
    &[
        (libc::SIG_BLOCK as u64, "SIG_BLOCK"),
        (libc::SIG_UNBLOCK as u64, "SIG_UNBLOCK"),
        (libc::SIG_SETMASK as u64, "SIG_SETMASK"),
    ],
    "SIG_???",
);

/// Clock ids (clock_gettime, clock_settime, clock_getres, clock_nanosleep, clock_adjtime,
/// timer_create, timerfd_create). strace 6.1 as built here prints negative (CPU-clock) ids in
/// hex too.
pub static CLOCKS: Xlat = vals(
    &[
        (libc::CLOCK_REALTIME as u64, "CLOCK_REALTIME"),
        (libc::CLOCK_MONOTONIC as u64, "CLOCK_MONOTONIC"),
        (
            libc::CLOCK_PROCESS_CPUTIME_ID as u64,
            "CLOCK_PROCESS_CPUTIME_ID",
        ),
        (
            libc::CLOCK_THREAD_CPUTIME_ID as u64,
            "CLOCK_THREAD_CPUTIME_ID",
        ),
        (libc::CLOCK_MONOTONIC_RAW as u64, "CLOCK_MONOTONIC_RAW"),
        (libc::CLOCK_REALTIME_COARSE as u64, "CLOCK_REALTIME_COARSE"),
        (
            libc::CLOCK_MONOTONIC_COARSE as u64,
            "CLOCK_MONOTONIC_COARSE",
        ),
        (libc::CLOCK_BOOTTIME as u64, "CLOCK_BOOTTIME"),
        (libc::CLOCK_REALTIME_ALARM as u64, "CLOCK_REALTIME_ALARM"),
        (libc::CLOCK_BOOTTIME_ALARM as u64, "CLOCK_BOOTTIME_ALARM"),
        (10, "CLOCK_SGI_CYCLE"), // linux/time.h
        (libc::CLOCK_TAI as u64, "CLOCK_TAI"),
    ],
    "CLOCK_???",
);

/// clock_nanosleep's and timer_settime's flags.
pub static TIMER_FLAGS: Xlat = flags(
    &[(libc::TIMER_ABSTIME as u64, "TIMER_ABSTIME")],
    "TIMER_???",
    32,
);

/// getitimer's and setitimer's which.
pub static ITIMER_WHICH: Xlat = vals(
    &[
        (libc::ITIMER_REAL as u64, "ITIMER_REAL"),
        (libc::ITIMER_VIRTUAL as u64, "ITIMER_VIRTUAL"),
        (libc::ITIMER_PROF as u64, "ITIMER_PROF"),
    ],
    "ITIMER_???",
);

// ---- Sockets ----

/// socket's and socketpair's domain.
pub static ADDRESS_FAMILIES: Xlat = vals(
    &[
        (libc::AF_UNSPEC as u64, "AF_UNSPEC"),
        (libc::AF_UNIX as u64, "AF_UNIX"),
        (libc::AF_INET as u64, "AF_INET"),
        (libc::AF_AX25 as u64, "AF_AX25"),
        (libc::AF_IPX as u64, "AF_IPX"),
        (libc::AF_APPLETALK as u64, "AF_APPLETALK"),
        (libc::AF_NETROM as u64, "AF_NETROM"),
        (libc::AF_BRIDGE as u64, "AF_BRIDGE"),
        (libc::AF_ATMPVC as u64, "AF_ATMPVC"),
        (libc::AF_X25 as u64, "AF_X25"),
        (libc::AF_INET6 as u64, "AF_INET6"),
        (libc::AF_ROSE as u64, "AF_ROSE"),
        (libc::AF_DECnet as u64, "AF_DECnet"),
        (libc::AF_NETBEUI as u64, "AF_NETBEUI"),
        (libc::AF_SECURITY as u64, "AF_SECURITY"),
        (libc::AF_KEY as u64, "AF_KEY"),
        (libc::AF_NETLINK as u64, "AF_NETLINK"),
        (libc::AF_PACKET as u64, "AF_PACKET"),
        (libc::AF_ASH as u64, "AF_ASH"),
        (libc::AF_ECONET as u64, "AF_ECONET"),
        (libc::AF_ATMSVC as u64, "AF_ATMSVC"),
        (libc::AF_RDS as u64, "AF_RDS"),
        (libc::AF_SNA as u64, "AF_SNA"),
        (libc::AF_IRDA as u64, "AF_IRDA"),
        (libc::AF_PPPOX as u64, "AF_PPPOX"),
        (libc::AF_WANPIPE as u64, "AF_WANPIPE"),
        (libc::AF_LLC as u64, "AF_LLC"),
        (libc::AF_IB as u64, "AF_IB"),
        (libc::AF_MPLS as u64, "AF_MPLS"),
        (libc::AF_CAN as u64, "AF_CAN"),
        (libc::AF_TIPC as u64, "AF_TIPC"),
        (libc::AF_BLUETOOTH as u64, "AF_BLUETOOTH"),
        (libc::AF_IUCV as u64, "AF_IUCV"),
        (libc::AF_RXRPC as u64, "AF_RXRPC"),
        (libc::AF_ISDN as u64, "AF_ISDN"),
        (libc::AF_PHONET as u64, "AF_PHONET"),
        (libc::AF_IEEE802154 as u64, "AF_IEEE802154"),
        (libc::AF_CAIF as u64, "AF_CAIF"),
        (libc::AF_ALG as u64, "AF_ALG"),
        (libc::AF_NFC as u64, "AF_NFC"),
        (libc::AF_VSOCK as u64, "AF_VSOCK"),
        (41, "AF_KCM"),     // linux/socket.h
        (42, "AF_QIPCRTR"), // linux/socket.h
        (43, "AF_SMC"),     // linux/socket.h
        (libc::AF_XDP as u64, "AF_XDP"),
        (45, "AF_MCTP"), // linux/socket.h
    ],
    "AF_???",
);

/// accept4's flags.
pub static SOCK_FLAGS: Xlat = flags(
    &[
        (libc::SOCK_CLOEXEC as u64, "SOCK_CLOEXEC"),
        (libc::SOCK_NONBLOCK as u64, "SOCK_NONBLOCK"),
    ],
    "SOCK_???",
    32,
);

/// shutdown's how.
pub static SHUTDOWN_HOW: Xlat = vals(
    &[
        (libc::SHUT_RD as u64, "SHUT_RD"),
        (libc::SHUT_WR as u64, "SHUT_WR"),
        (libc::SHUT_RDWR as u64, "SHUT_RDWR"),
    ],
    "SHUT_???",
);

/// The `MSG_*` flags of sendto, recvfrom, sendmsg, recvmsg, sendmmsg and recvmmsg.
pub static MSG_FLAGS: Xlat = flags(
    &[
        (libc::MSG_OOB as u64, "MSG_OOB"),
        (libc::MSG_PEEK as u64, "MSG_PEEK"),
        (libc::MSG_DONTROUTE as u64, "MSG_DONTROUTE"),
        (libc::MSG_CTRUNC as u64, "MSG_CTRUNC"),
        (0x10, "MSG_PROBE"), // the kernel's linux/socket.h (not uapi)
        (libc::MSG_TRUNC as u64, "MSG_TRUNC"),
        (libc::MSG_DONTWAIT as u64, "MSG_DONTWAIT"),
        (libc::MSG_EOR as u64, "MSG_EOR"),
        (libc::MSG_WAITALL as u64, "MSG_WAITALL"),
        (libc::MSG_FIN as u64, "MSG_FIN"),
        (libc::MSG_SYN as u64, "MSG_SYN"),
        (libc::MSG_CONFIRM as u64, "MSG_CONFIRM"),
        (libc::MSG_RST as u64, "MSG_RST"),
        (libc::MSG_ERRQUEUE as u64, "MSG_ERRQUEUE"),
        (libc::MSG_NOSIGNAL as u64, "MSG_NOSIGNAL"),
        (libc::MSG_MORE as u64, "MSG_MORE"),
        (libc::MSG_WAITFORONE as u64, "MSG_WAITFORONE"),
        (0x2_0000, "MSG_SENDPAGE_NOTLAST"), // linux/socket.h
        (0x4_0000, "MSG_BATCH"),            // linux/socket.h
        (0x8_0000, "MSG_NO_SHARED_FRAGS"),  // linux/socket.h
        (libc::MSG_ZEROCOPY as u64, "MSG_ZEROCOPY"),
        (libc::MSG_FASTOPEN as u64, "MSG_FASTOPEN"),
        (libc::MSG_CMSG_CLOEXEC as u64, "MSG_CMSG_CLOEXEC"),
        (0x8000_0000, "MSG_CMSG_COMPAT"), // linux/socket.h
    ],
    "MSG_???",
    32,
);

// ---- Network: socket types and protocols, socket option levels and names ----
// (strace 6.1's socktypes, inet_protocols, netlink_protocols, socketlayers, sock_*_options;
// the generic values, which x86_64 and aarch64 share.)

/// socket's type: the kind (the low four bits; flags above them are `SOCK_FLAGS`).
pub static SOCK_TYPES: Xlat = vals(
    &[
        (1, "SOCK_STREAM"),
        (2, "SOCK_DGRAM"),
        (3, "SOCK_RAW"),
        (4, "SOCK_RDM"),
        (5, "SOCK_SEQPACKET"),
        (6, "SOCK_DCCP"),
        (10, "SOCK_PACKET"),
    ],
    "SOCK_???",
);

/// socket's protocol for AF_INET and AF_INET6.
pub static INET_PROTOCOLS: Xlat = vals(
    &[
        (0, "IPPROTO_IP"),
        (1, "IPPROTO_ICMP"),
        (2, "IPPROTO_IGMP"),
        (4, "IPPROTO_IPIP"),
        (6, "IPPROTO_TCP"),
        (8, "IPPROTO_EGP"),
        (12, "IPPROTO_PUP"),
        (17, "IPPROTO_UDP"),
        (22, "IPPROTO_IDP"),
        (29, "IPPROTO_TP"),
        (33, "IPPROTO_DCCP"),
        (41, "IPPROTO_IPV6"),
        (43, "IPPROTO_ROUTING"),
        (44, "IPPROTO_FRAGMENT"),
        (46, "IPPROTO_RSVP"),
        (47, "IPPROTO_GRE"),
        (50, "IPPROTO_ESP"),
        (51, "IPPROTO_AH"),
        (58, "IPPROTO_ICMPV6"),
        (59, "IPPROTO_NONE"),
        (60, "IPPROTO_DSTOPTS"),
        (92, "IPPROTO_MTP"),
        (94, "IPPROTO_BEETPH"),
        (98, "IPPROTO_ENCAP"),
        (103, "IPPROTO_PIM"),
        (108, "IPPROTO_COMP"),
        (115, "IPPROTO_L2TP"),
        (132, "IPPROTO_SCTP"),
        (135, "IPPROTO_MH"),
        (136, "IPPROTO_UDPLITE"),
        (137, "IPPROTO_MPLS"),
        (143, "IPPROTO_ETHERNET"),
        (255, "IPPROTO_RAW"),
        (262, "IPPROTO_MPTCP"),
    ],
    "IPPROTO_???",
);

/// socket's protocol for AF_NETLINK.
pub static NETLINK_PROTOCOLS: Xlat = vals(
    &[
        (0, "NETLINK_ROUTE"),
        (1, "NETLINK_UNUSED"),
        (2, "NETLINK_USERSOCK"),
        (3, "NETLINK_FIREWALL"),
        (4, "NETLINK_SOCK_DIAG"),
        (5, "NETLINK_NFLOG"),
        (6, "NETLINK_XFRM"),
        (7, "NETLINK_SELINUX"),
        (8, "NETLINK_ISCSI"),
        (9, "NETLINK_AUDIT"),
        (10, "NETLINK_FIB_LOOKUP"),
        (11, "NETLINK_CONNECTOR"),
        (12, "NETLINK_NETFILTER"),
        (13, "NETLINK_IP6_FW"),
        (14, "NETLINK_DNRTMSG"),
        (15, "NETLINK_KOBJECT_UEVENT"),
        (16, "NETLINK_GENERIC"),
        // 17 is kept for NETLINK_DM (linux/netlink.h).
        (18, "NETLINK_SCSITRANSPORT"),
        (19, "NETLINK_ECRYPTFS"),
        (20, "NETLINK_RDMA"),
        (21, "NETLINK_CRYPTO"),
        (22, "NETLINK_SMC"),
    ],
    "NETLINK_???",
);

/// Control message types of level SOL_SOCKET (strace's `scmvals`).
pub static SCM_TYPES: Xlat = vals(
    &[
        (1, "SCM_RIGHTS"),
        (2, "SCM_CREDENTIALS"),
        (3, "SCM_SECURITY"),
        (29, "SO_TIMESTAMP_OLD"),
        (35, "SO_TIMESTAMPNS_OLD"),
        (37, "SO_TIMESTAMPING_OLD"),
        (41, "SO_WIFI_STATUS"),
        (0x36, "SCM_TIMESTAMPING_OPT_STATS"),
        (0x3a, "SCM_TIMESTAMPING_PKTINFO"),
        (61, "SO_TXTIME"),
        (63, "SO_TIMESTAMP_NEW"),
        (64, "SO_TIMESTAMPNS_NEW"),
        (65, "SO_TIMESTAMPING_NEW"),
    ],
    "SCM_???",
);

/// Control message types of level SOL_IP.
pub static IP_CMSG_TYPES: Xlat = vals(
    &[
        (1, "IP_TOS"),
        (2, "IP_TTL"),
        (3, "SCM_SECURITY"),
        (6, "IP_RECVOPTS"),
        (7, "IP_RETOPTS"),
        (8, "IP_PKTINFO"),
        (11, "IP_RECVERR"),
        (20, "IP_ORIGDSTADDR"),
        (23, "IP_CHECKSUM"),
    ],
    "IP_???",
);

/// setsockopt's and getsockopt's level.
pub static SOCKET_LEVELS: Xlat = vals(
    &[
        (0, "SOL_IP"),
        (1, "SOL_SOCKET"),
        (6, "SOL_TCP"),
        (17, "SOL_UDP"),
        (40, "AF_VSOCK"),
        (41, "SOL_IPV6"),
        (58, "SOL_ICMPV6"),
        (100, "SOL_CAN_BASE"),
        (101, "SOL_CAN_RAW"),
        (132, "SOL_SCTP"),
        (136, "SOL_UDPLITE"),
        (255, "SOL_RAW"),
        (256, "SOL_IPX"),
        (257, "SOL_AX25"),
        (258, "SOL_ATALK"),
        (259, "SOL_NETROM"),
        (260, "SOL_ROSE"),
        (261, "SOL_DECNET"),
        (262, "SOL_X25"),
        (263, "SOL_PACKET"),
        (264, "SOL_ATM"),
        (265, "SOL_AAL"),
        (266, "SOL_IRDA"),
        (267, "SOL_NETBEUI"),
        (268, "SOL_LLC"),
        (269, "SOL_DCCP"),
        (270, "SOL_NETLINK"),
        (271, "SOL_TIPC"),
        (272, "SOL_RXRPC"),
        (273, "SOL_PPPOL2TP"),
        (274, "SOL_BLUETOOTH"),
        (275, "SOL_PNPIPE"),
        (276, "SOL_RDS"),
        (277, "SOL_IUCV"),
        (278, "SOL_CAIF"),
        (279, "SOL_ALG"),
        (280, "SOL_NFC"),
        (281, "SOL_KCM"),
        (282, "SOL_TLS"),
        (283, "SOL_XDP"),
    ],
    "SOL_??",
);

/// SOL_SOCKET options, as getsockopt and setsockopt both name them.
pub static SOCK_OPTIONS: Xlat = vals(
    &[
        (1, "SO_DEBUG"),
        (2, "SO_REUSEADDR"),
        (3, "SO_TYPE"),
        (4, "SO_ERROR"),
        (5, "SO_DONTROUTE"),
        (6, "SO_BROADCAST"),
        (7, "SO_SNDBUF"),
        (8, "SO_RCVBUF"),
        (9, "SO_KEEPALIVE"),
        (10, "SO_OOBINLINE"),
        (11, "SO_NO_CHECK"),
        (12, "SO_PRIORITY"),
        (13, "SO_LINGER"),
        (14, "SO_BSDCOMPAT"),
        (15, "SO_REUSEPORT"),
        (16, "SO_PASSCRED"),
        (17, "SO_PEERCRED"),
        (18, "SO_RCVLOWAT"),
        (19, "SO_SNDLOWAT"),
        (20, "SO_RCVTIMEO_OLD"),
        (21, "SO_SNDTIMEO_OLD"),
        (22, "SO_SECURITY_AUTHENTICATION"),
        (23, "SO_SECURITY_ENCRYPTION_TRANSPORT"),
        (24, "SO_SECURITY_ENCRYPTION_NETWORK"),
        (25, "SO_BINDTODEVICE"),
        (27, "SO_DETACH_FILTER"),
        (28, "SO_PEERNAME"),
        (29, "SO_TIMESTAMP_OLD"),
        (30, "SO_ACCEPTCONN"),
        (31, "SO_PEERSEC"),
        (32, "SO_SNDBUFFORCE"),
        (33, "SO_RCVBUFFORCE"),
        (34, "SO_PASSSEC"),
        (35, "SO_TIMESTAMPNS_OLD"),
        (36, "SO_MARK"),
        (37, "SO_TIMESTAMPING_OLD"),
        (38, "SO_PROTOCOL"),
        (39, "SO_DOMAIN"),
        (40, "SO_RXQ_OVFL"),
        (41, "SO_WIFI_STATUS"),
        (42, "SO_PEEK_OFF"),
        (43, "SO_NOFCS"),
        (44, "SO_LOCK_FILTER"),
        (45, "SO_SELECT_ERR_QUEUE"),
        (46, "SO_BUSY_POLL"),
        (47, "SO_MAX_PACING_RATE"),
        (48, "SO_BPF_EXTENSIONS"),
        (49, "SO_INCOMING_CPU"),
        (50, "SO_ATTACH_BPF"),
        (51, "SO_ATTACH_REUSEPORT_CBPF"),
        (52, "SO_ATTACH_REUSEPORT_EBPF"),
        (53, "SO_CNX_ADVICE"),
        (55, "SO_MEMINFO"),
        (56, "SO_INCOMING_NAPI_ID"),
        (57, "SO_COOKIE"),
        (59, "SO_PEERGROUPS"),
        (60, "SO_ZEROCOPY"),
        (61, "SO_TXTIME"),
        (62, "SO_BINDTOIFINDEX"),
        (63, "SO_TIMESTAMP_NEW"),
        (64, "SO_TIMESTAMPNS_NEW"),
        (65, "SO_TIMESTAMPING_NEW"),
        (66, "SO_RCVTIMEO_NEW"),
        (67, "SO_SNDTIMEO_NEW"),
        (68, "SO_DETACH_REUSEPORT_BPF"),
        (69, "SO_PREFER_BUSY_POLL"),
        (70, "SO_BUSY_POLL_BUDGET"),
        (71, "SO_NETNS_COOKIE"),
        (72, "SO_BUF_LOCK"),
        (73, "SO_RESERVE_MEM"),
        (74, "SO_TXREHASH"),
        (75, "SO_RCVMARK"),
    ],
    "SO_???",
);

/// SOL_SOCKET options only getsockopt names (looked up before [`SOCK_OPTIONS`]).
pub static SOCK_OPTIONS_GET: Xlat = vals(&[(26, "SO_GET_FILTER")], "SO_???");

/// SOL_SOCKET options only setsockopt names (looked up before [`SOCK_OPTIONS`]).
pub static SOCK_OPTIONS_SET: Xlat = vals(&[(26, "SO_ATTACH_FILTER")], "SO_???");

/// SOL_IP options.
pub static SOCK_IP_OPTIONS: Xlat = vals(
    &[
        (1, "IP_TOS"),
        (2, "IP_TTL"),
        (3, "IP_HDRINCL"),
        (4, "IP_OPTIONS"),
        (5, "IP_ROUTER_ALERT"),
        (6, "IP_RECVOPTS"),
        (7, "IP_RETOPTS"),
        (8, "IP_PKTINFO"),
        (9, "IP_PKTOPTIONS"),
        (10, "IP_MTU_DISCOVER"),
        (11, "IP_RECVERR"),
        (12, "IP_RECVTTL"),
        (13, "IP_RECVTOS"),
        (14, "IP_MTU"),
        (15, "IP_FREEBIND"),
        (16, "IP_IPSEC_POLICY"),
        (17, "IP_XFRM_POLICY"),
        (18, "IP_PASSSEC"),
        (19, "IP_TRANSPARENT"),
        (20, "IP_ORIGDSTADDR"),
        (21, "IP_MINTTL"),
        (22, "IP_NODEFRAG"),
        (23, "IP_CHECKSUM"),
        (24, "IP_BIND_ADDRESS_NO_PORT"),
        (25, "IP_RECVFRAGSIZE"),
        (26, "IP_RECVERR_RFC4884"),
        (32, "IP_MULTICAST_IF"),
        (33, "IP_MULTICAST_TTL"),
        (34, "IP_MULTICAST_LOOP"),
        (35, "IP_ADD_MEMBERSHIP"),
        (36, "IP_DROP_MEMBERSHIP"),
        (37, "IP_UNBLOCK_SOURCE"),
        (38, "IP_BLOCK_SOURCE"),
        (39, "IP_ADD_SOURCE_MEMBERSHIP"),
        (40, "IP_DROP_SOURCE_MEMBERSHIP"),
        (41, "IP_MSFILTER"),
        (42, "MCAST_JOIN_GROUP"),
        (43, "MCAST_BLOCK_SOURCE"),
        (44, "MCAST_UNBLOCK_SOURCE"),
        (45, "MCAST_LEAVE_GROUP"),
        (46, "MCAST_JOIN_SOURCE_GROUP"),
        (47, "MCAST_LEAVE_SOURCE_GROUP"),
        (48, "MCAST_MSFILTER"),
        (49, "IP_MULTICAST_ALL"),
        (50, "IP_UNICAST_IF"),
    ],
    "IP_???",
);

/// SOL_IPV6 options, as getsockopt and setsockopt both name them.
pub static SOCK_IPV6_OPTIONS: Xlat = vals(
    &[
        (1, "IPV6_ADDRFORM"),
        (2, "IPV6_2292PKTINFO"),
        (3, "IPV6_2292HOPOPTS"),
        (4, "IPV6_2292DSTOPTS"),
        (5, "IPV6_2292RTHDR"),
        (6, "IPV6_2292PKTOPTIONS"),
        (7, "IPV6_CHECKSUM"),
        (8, "IPV6_2292HOPLIMIT"),
        (9, "IPV6_NEXTHOP"),
        (10, "IPV6_AUTHHDR"),
        (11, "IPV6_FLOWINFO"),
        (16, "IPV6_UNICAST_HOPS"),
        (17, "IPV6_MULTICAST_IF"),
        (18, "IPV6_MULTICAST_HOPS"),
        (19, "IPV6_MULTICAST_LOOP"),
        (20, "IPV6_ADD_MEMBERSHIP"),
        (21, "IPV6_DROP_MEMBERSHIP"),
        (22, "IPV6_ROUTER_ALERT"),
        (23, "IPV6_MTU_DISCOVER"),
        (24, "IPV6_MTU"),
        (25, "IPV6_RECVERR"),
        (26, "IPV6_V6ONLY"),
        (27, "IPV6_JOIN_ANYCAST"),
        (28, "IPV6_LEAVE_ANYCAST"),
        (29, "IPV6_MULTICAST_ALL"),
        (30, "IPV6_ROUTER_ALERT_ISOLATE"),
        (31, "IPV6_RECVERR_RFC4884"),
        (32, "IPV6_FLOWLABEL_MGR"),
        (33, "IPV6_FLOWINFO_SEND"),
        (34, "IPV6_IPSEC_POLICY"),
        (35, "IPV6_XFRM_POLICY"),
        (36, "IPV6_HDRINCL"),
        (42, "MCAST_JOIN_GROUP"),
        (43, "MCAST_BLOCK_SOURCE"),
        (44, "MCAST_UNBLOCK_SOURCE"),
        (45, "MCAST_LEAVE_GROUP"),
        (46, "MCAST_JOIN_SOURCE_GROUP"),
        (47, "MCAST_LEAVE_SOURCE_GROUP"),
        (48, "MCAST_MSFILTER"),
        (49, "IPV6_RECVPKTINFO"),
        (50, "IPV6_PKTINFO"),
        (51, "IPV6_RECVHOPLIMIT"),
        (52, "IPV6_HOPLIMIT"),
        (53, "IPV6_RECVHOPOPTS"),
        (54, "IPV6_HOPOPTS"),
        (55, "IPV6_RTHDRDSTOPTS"),
        (56, "IPV6_RECVRTHDR"),
        (57, "IPV6_RTHDR"),
        (58, "IPV6_RECVDSTOPTS"),
        (59, "IPV6_DSTOPTS"),
        (60, "IPV6_RECVPATHMTU"),
        (61, "IPV6_PATHMTU"),
        (62, "IPV6_DONTFRAG"),
        (63, "IPV6_USE_MIN_MTU"),
        (66, "IPV6_RECVTCLASS"),
        (67, "IPV6_TCLASS"),
        (70, "IPV6_AUTOFLOWLABEL"),
        (72, "IPV6_ADDR_PREFERENCES"),
        (73, "IPV6_MINHOPCOUNT"),
        (74, "IPV6_ORIGDSTADDR"),
        (75, "IPV6_TRANSPARENT"),
        (76, "IPV6_UNICAST_IF"),
        (77, "IPV6_RECVFRAGSIZE"),
        (78, "IPV6_FREEBIND"),
    ],
    "IPV6_???",
);

/// SOL_IPV6 options only getsockopt names (looked up before [`SOCK_IPV6_OPTIONS`]).
pub static SOCK_IPV6_OPTIONS_GET: Xlat = vals(
    &[
        (64, "IP6T_SO_GET_INFO"),
        (65, "IP6T_SO_GET_ENTRIES"),
        (68, "IP6T_SO_GET_REVISION_MATCH"),
        (69, "IP6T_SO_GET_REVISION_TARGET"),
    ],
    "IPV6_???",
);

/// SOL_IPV6 options only setsockopt names (looked up before [`SOCK_IPV6_OPTIONS`]).
pub static SOCK_IPV6_OPTIONS_SET: Xlat = vals(
    &[
        (64, "IP6T_SO_SET_REPLACE"),
        (65, "IP6T_SO_SET_ADD_COUNTERS"),
    ],
    "IPV6_???",
);

/// SOL_TCP options.
pub static SOCK_TCP_OPTIONS: Xlat = vals(
    &[
        (1, "TCP_NODELAY"),
        (2, "TCP_MAXSEG"),
        (3, "TCP_CORK"),
        (4, "TCP_KEEPIDLE"),
        (5, "TCP_KEEPINTVL"),
        (6, "TCP_KEEPCNT"),
        (7, "TCP_SYNCNT"),
        (8, "TCP_LINGER2"),
        (9, "TCP_DEFER_ACCEPT"),
        (10, "TCP_WINDOW_CLAMP"),
        (11, "TCP_INFO"),
        (12, "TCP_QUICKACK"),
        (13, "TCP_CONGESTION"),
        (14, "TCP_MD5SIG"),
        (15, "TCP_COOKIE_TRANSACTIONS"),
        (16, "TCP_THIN_LINEAR_TIMEOUTS"),
        (17, "TCP_THIN_DUPACK"),
        (18, "TCP_USER_TIMEOUT"),
        (19, "TCP_REPAIR"),
        (20, "TCP_REPAIR_QUEUE"),
        (21, "TCP_QUEUE_SEQ"),
        (22, "TCP_REPAIR_OPTIONS"),
        (23, "TCP_FASTOPEN"),
        (24, "TCP_TIMESTAMP"),
        (25, "TCP_NOTSENT_LOWAT"),
        (26, "TCP_CC_INFO"),
        (27, "TCP_SAVE_SYN"),
        (28, "TCP_SAVED_SYN"),
        (29, "TCP_REPAIR_WINDOW"),
        (30, "TCP_FASTOPEN_CONNECT"),
        (31, "TCP_ULP"),
        (32, "TCP_MD5SIG_EXT"),
        (33, "TCP_FASTOPEN_KEY"),
        (34, "TCP_FASTOPEN_NO_COOKIE"),
        (35, "TCP_ZEROCOPY_RECEIVE"),
        (36, "TCP_INQ"),
        (37, "TCP_TX_DELAY"),
    ],
    "TCP_???",
);

/// SOL_UDP options.
pub static SOCK_UDP_OPTIONS: Xlat = vals(
    &[
        (1, "UDP_CORK"),
        (100, "UDP_ENCAP"),
        (101, "UDP_NO_CHECK6_TX"),
        (102, "UDP_NO_CHECK6_RX"),
        (103, "UDP_SEGMENT"),
        (104, "UDP_GRO"),
    ],
    "UDP_???",
);

/// SOL_NETLINK options.
pub static SOCK_NETLINK_OPTIONS: Xlat = vals(
    &[
        (1, "NETLINK_ADD_MEMBERSHIP"),
        (2, "NETLINK_DROP_MEMBERSHIP"),
        (3, "NETLINK_PKTINFO"),
        (4, "NETLINK_BROADCAST_ERROR"),
        (5, "NETLINK_NO_ENOBUFS"),
        (6, "NETLINK_RX_RING"),
        (7, "NETLINK_TX_RING"),
        (8, "NETLINK_LISTEN_ALL_NSID"),
        (9, "NETLINK_LIST_MEMBERSHIPS"),
        (10, "NETLINK_CAP_ACK"),
        (11, "NETLINK_EXT_ACK"),
        (12, "NETLINK_GET_STRICT_CHK"),
    ],
    "NETLINK_???",
);

/// AF_PACKET's protocol, in host order (socket prints `htons(ETH_P_ALL)`).
pub static ETHERNET_PROTOCOLS: Xlat = vals(
    &[
        (0x0001, "ETH_P_802_3"),
        (0x0002, "ETH_P_AX25"),
        (0x0003, "ETH_P_ALL"),
        (0x0004, "ETH_P_802_2"),
        (0x0005, "ETH_P_SNAP"),
        (0x0006, "ETH_P_DDCMP"),
        (0x0007, "ETH_P_WAN_PPP"),
        (0x0008, "ETH_P_PPP_MP"),
        (0x0009, "ETH_P_LOCALTALK"),
        (0x000C, "ETH_P_CAN"),
        (0x000D, "ETH_P_CANFD"),
        (0x000E, "ETH_P_CANXL"),
        (0x0010, "ETH_P_PPPTALK"),
        (0x0011, "ETH_P_TR_802_2"),
        (0x0015, "ETH_P_MOBITEX"),
        (0x0016, "ETH_P_CONTROL"),
        (0x0017, "ETH_P_IRDA"),
        (0x0018, "ETH_P_ECONET"),
        (0x0019, "ETH_P_HDLC"),
        (0x001A, "ETH_P_ARCNET"),
        (0x001B, "ETH_P_DSA"),
        (0x001C, "ETH_P_TRAILER"),
        (0x0060, "ETH_P_LOOP"),
        (0x00F5, "ETH_P_PHONET"),
        (0x00F6, "ETH_P_IEEE802154"),
        (0x00F7, "ETH_P_CAIF"),
        (0x00F8, "ETH_P_XDSA"),
        (0x00F9, "ETH_P_MAP"),
        (0x00FA, "ETH_P_MCTP"),
        (0x0200, "ETH_P_PUP"),
        (0x0201, "ETH_P_PUPAT"),
        (0x0600, "ETH_P_802_3_MIN"),
        (0x0800, "ETH_P_IP"),
        (0x0805, "ETH_P_X25"),
        (0x0806, "ETH_P_ARP"),
        (0x08FF, "ETH_P_BPQ"),
        (0x0a00, "ETH_P_IEEEPUP"),
        (0x0a01, "ETH_P_IEEEPUPAT"),
        (0x22EB, "ETH_P_ERSPAN2"),
        (0x22F0, "ETH_P_TSN"),
        (0x4305, "ETH_P_BATMAN"),
        (0x6000, "ETH_P_DEC"),
        (0x6001, "ETH_P_DNA_DL"),
        (0x6002, "ETH_P_DNA_RC"),
        (0x6003, "ETH_P_DNA_RT"),
        (0x6004, "ETH_P_LAT"),
        (0x6005, "ETH_P_DIAG"),
        (0x6006, "ETH_P_CUST"),
        (0x6007, "ETH_P_SCA"),
        (0x6558, "ETH_P_TEB"),
        (0x8035, "ETH_P_RARP"),
        (0x809B, "ETH_P_ATALK"),
        (0x80F3, "ETH_P_AARP"),
        (0x8100, "ETH_P_8021Q"),
        (0x8137, "ETH_P_IPX"),
        (0x86DD, "ETH_P_IPV6"),
        (0x8808, "ETH_P_PAUSE"),
        (0x8809, "ETH_P_SLOW"),
        (0x883E, "ETH_P_WCCP"),
        (0x8847, "ETH_P_MPLS_UC"),
        (0x8848, "ETH_P_MPLS_MC"),
        (0x884c, "ETH_P_ATMMPOA"),
        (0x8863, "ETH_P_PPP_DISC"),
        (0x8864, "ETH_P_PPP_SES"),
        (0x886c, "ETH_P_LINK_CTL"),
        (0x8884, "ETH_P_ATMFATE"),
        (0x888E, "ETH_P_PAE"),
        (0x8899, "ETH_P_REALTEK"),
        (0x88A2, "ETH_P_AOE"),
        (0x88A8, "ETH_P_8021AD"),
        (0x88B5, "ETH_P_802_EX1"),
        (0x88BE, "ETH_P_ERSPAN"),
        (0x88C7, "ETH_P_PREAUTH"),
        (0x88CA, "ETH_P_TIPC"),
        (0x88CC, "ETH_P_LLDP"),
        (0x88E3, "ETH_P_MRP"),
        (0x88E5, "ETH_P_MACSEC"),
        (0x88E7, "ETH_P_8021AH"),
        (0x88F5, "ETH_P_MVRP"),
        (0x88F7, "ETH_P_1588"),
        (0x88F8, "ETH_P_NCSI"),
        (0x88FB, "ETH_P_PRP"),
        (0x8902, "ETH_P_CFM"),
        (0x8906, "ETH_P_FCOE"),
        (0x890D, "ETH_P_TDLS"),
        (0x8914, "ETH_P_FIP"),
        (0x8915, "ETH_P_IBOE"),
        (0x8917, "ETH_P_80221"),
        (0x892F, "ETH_P_HSR"),
        (0x894F, "ETH_P_NSH"),
        (0x9000, "ETH_P_LOOPBACK"),
        (0x9100, "ETH_P_QINQ1"),
        (0x9200, "ETH_P_QINQ2"),
        (0x9300, "ETH_P_QINQ3"),
        (0xDADA, "ETH_P_EDSA"),
        (0xDADB, "ETH_P_DSA_8021Q"),
        (0xE001, "ETH_P_DSA_A5PSW"),
        (0xED3E, "ETH_P_IFE"),
        (0xFBFB, "ETH_P_AF_IUCV"),
    ],
    "ETH_P_???",
);

/// `sll_hatype` of an AF_PACKET address.
pub static ARP_HARDWARE_TYPES: Xlat = vals(
    &[
        (0, "ARPHRD_NETROM"),
        (1, "ARPHRD_ETHER"),
        (2, "ARPHRD_EETHER"),
        (3, "ARPHRD_AX25"),
        (4, "ARPHRD_PRONET"),
        (5, "ARPHRD_CHAOS"),
        (6, "ARPHRD_IEEE802"),
        (7, "ARPHRD_ARCNET"),
        (8, "ARPHRD_APPLETLK"),
        (15, "ARPHRD_DLCI"),
        (19, "ARPHRD_ATM"),
        (23, "ARPHRD_METRICOM"),
        (24, "ARPHRD_IEEE1394"),
        (27, "ARPHRD_EUI64"),
        (32, "ARPHRD_INFINIBAND"),
        (256, "ARPHRD_SLIP"),
        (257, "ARPHRD_CSLIP"),
        (258, "ARPHRD_SLIP6"),
        (259, "ARPHRD_CSLIP6"),
        (260, "ARPHRD_RSRVD"),
        (264, "ARPHRD_ADAPT"),
        (270, "ARPHRD_ROSE"),
        (271, "ARPHRD_X25"),
        (272, "ARPHRD_HWX25"),
        (280, "ARPHRD_CAN"),
        (290, "ARPHRD_MCTP"),
        (512, "ARPHRD_PPP"),
        (513, "ARPHRD_CISCO"),
        (516, "ARPHRD_LAPB"),
        (517, "ARPHRD_DDCMP"),
        (518, "ARPHRD_RAWHDLC"),
        (519, "ARPHRD_RAWIP"),
        (768, "ARPHRD_TUNNEL"),
        (769, "ARPHRD_TUNNEL6"),
        (770, "ARPHRD_FRAD"),
        (771, "ARPHRD_SKIP"),
        (772, "ARPHRD_LOOPBACK"),
        (773, "ARPHRD_LOCALTLK"),
        (774, "ARPHRD_FDDI"),
        (775, "ARPHRD_BIF"),
        (776, "ARPHRD_SIT"),
        (777, "ARPHRD_IPDDP"),
        (778, "ARPHRD_IPGRE"),
        (779, "ARPHRD_PIMREG"),
        (780, "ARPHRD_HIPPI"),
        (781, "ARPHRD_ASH"),
        (782, "ARPHRD_ECONET"),
        (783, "ARPHRD_IRDA"),
        (784, "ARPHRD_FCPP"),
        (785, "ARPHRD_FCAL"),
        (786, "ARPHRD_FCPL"),
        (787, "ARPHRD_FCFABRIC"),
        (800, "ARPHRD_IEEE802_TR"),
        (801, "ARPHRD_IEEE80211"),
        (802, "ARPHRD_IEEE80211_PRISM"),
        (803, "ARPHRD_IEEE80211_RADIOTAP"),
        (804, "ARPHRD_IEEE802154"),
        (805, "ARPHRD_IEEE802154_MONITOR"),
        (820, "ARPHRD_PHONET"),
        (821, "ARPHRD_PHONET_PIPE"),
        (822, "ARPHRD_CAIF"),
        (823, "ARPHRD_IP6GRE"),
        (824, "ARPHRD_NETLINK"),
        (825, "ARPHRD_6LOWPAN"),
        (826, "ARPHRD_VSOCKMON"),
        (0xFFFE, "ARPHRD_NONE"),
        (0xFFFF, "ARPHRD_VOID"),
    ],
    "ARPHRD_???",
);

/// `sll_pkttype` of an AF_PACKET address.
pub static PACKET_TYPES: Xlat = vals(
    &[
        (0, "PACKET_HOST"),
        (1, "PACKET_BROADCAST"),
        (2, "PACKET_MULTICAST"),
        (3, "PACKET_OTHERHOST"),
        (4, "PACKET_OUTGOING"),
        (5, "PACKET_LOOPBACK"),
        (6, "PACKET_USER"),
        (7, "PACKET_KERNEL"),
    ],
    "PACKET_???",
);

// ---- Decoders of structs and operations (signals, fcntl, futex, clone, poll, epoll, statx) ----

/// `f_type` of `struct statfs`: the filesystem magic numbers (uapi linux/magic.h and the
/// filesystems' own headers). Unknown ones print in hex.
pub static FS_MAGICS: Xlat = Xlat {
    entries: &[
        (0x0000002f, "QNX4_SUPER_MAGIC"),
        (0x00000033, "Z3FOLD_MAGIC"),
        (0x00000187, "AUTOFS_SUPER_MAGIC"),
        (0x00001373, "DEVFS_SUPER_MAGIC"),
        (0x0000137d, "EXT_SUPER_MAGIC"),
        (0x0000137f, "MINIX_SUPER_MAGIC"),
        (0x0000138f, "MINIX_SUPER_MAGIC2"),
        (0x00001cd1, "DEVPTS_SUPER_MAGIC"),
        (0x00002468, "MINIX2_SUPER_MAGIC"),
        (0x00002478, "MINIX2_SUPER_MAGIC2"),
        (0x00003434, "NILFS_SUPER_MAGIC"),
        (0x00004244, "HFS_SUPER_MAGIC"),
        (0x0000482b, "HFSPLUS_SUPER_MAGIC"),
        (0x00004d44, "MSDOS_SUPER_MAGIC"),
        (0x00004d5a, "MINIX3_SUPER_MAGIC"),
        (0x0000517b, "SMB_SUPER_MAGIC"),
        (0x0000564c, "NCP_SUPER_MAGIC"),
        (0x00005df5, "EXOFS_SUPER_MAGIC"),
        (0x00006969, "NFS_SUPER_MAGIC"),
        (0x00007275, "ROMFS_MAGIC"),
        (0x000072b6, "JFFS2_SUPER_MAGIC"),
        (0x00009660, "ISOFS_SUPER_MAGIC"),
        (0x00009fa0, "PROC_SUPER_MAGIC"),
        (0x00009fa1, "OPENPROM_SUPER_MAGIC"),
        (0x00009fa2, "USBDEVICE_SUPER_MAGIC"),
        (0x0000adf5, "ADFS_SUPER_MAGIC"),
        (0x0000adff, "AFFS_SUPER_MAGIC"),
        (0x0000ef51, "EXT2_OLD_SUPER_MAGIC"),
        (0x0000ef53, "EXT2_SUPER_MAGIC"),
        (0x0000f15f, "ECRYPTFS_SUPER_MAGIC"),
        (0x00011954, "UFS_MAGIC"),
        (0x0027e0eb, "CGROUP_SUPER_MAGIC"),
        (0x00414a53, "EFS_SUPER_MAGIC"),
        (0x00c0ffee, "HOSTFS_SUPER_MAGIC"),
        (0x00c36400, "CEPH_SUPER_MAGIC"),
        (0x01021994, "TMPFS_MAGIC"),
        (0x01021997, "V9FS_MAGIC"),
        (0x01161970, "GFS2_MAGIC"),
        (0x012fd16d, "XIAFS_SUPER_MAGIC"),
        (0x012ff7b4, "XENIX_SUPER_MAGIC"),
        (0x012ff7b5, "SYSV4_SUPER_MAGIC"),
        (0x012ff7b6, "SYSV2_SUPER_MAGIC"),
        (0x012ff7b7, "COH_SUPER_MAGIC"),
        (0x02011994, "SHMFS_SUPER_MAGIC"),
        (0x09041934, "ANON_INODE_FS_MAGIC"),
        (0x0bad1dea, "FUTEXFS_SUPER_MAGIC"),
        (0x11307854, "MTD_INODE_FS_MAGIC"),
        (0x13661366, "BALLOON_KVM_MAGIC"),
        (0x15013346, "UDF_SUPER_MAGIC"),
        (0x1badface, "BFS_MAGIC"),
        (0x2011bab0, "EXFAT_SUPER_MAGIC"),
        (0x24051905, "UBIFS_SUPER_MAGIC"),
        (0x28cd3d45, "CRAMFS_MAGIC"),
        (0x2fc12fc1, "ZFS_SUPER_MAGIC"),
        (0x3153464a, "JFS_SUPER_MAGIC"),
        (0x42465331, "BEFS_SUPER_MAGIC"),
        (0x42494e4d, "BINFMTFS_MAGIC"),
        (0x43415d53, "SMACK_MAGIC"),
        (0x444d4142, "DMA_BUF_MAGIC"),
        (0x453dcd28, "CRAMFS_MAGIC_WEND"),
        (0x454d444d, "DEVMEM_MAGIC"),
        (0x47504653, "GPFS_SUPER_MAGIC"),
        (0x50495045, "PIPEFS_MAGIC"),
        (0x52654973, "REISERFS_SUPER_MAGIC"),
        (0x5345434d, "SECRETMEM_MAGIC"),
        (0x5346414f, "AFS_SUPER_MAGIC"),
        (0x5346544e, "NTFS_SB_MAGIC"),
        (0x534f434b, "SOCKFS_MAGIC"),
        (0x54190100, "UFS_CIGAM"),
        (0x565a4653, "VZFS_SUPER_MAGIC"),
        (0x57ac6e9d, "STACK_END_MAGIC"),
        (0x58295829, "ZSMALLOC_MAGIC"),
        (0x58465342, "XFS_SUPER_MAGIC"),
        (0x5a3c69f0, "AAFS_MAGIC"),
        (0x5a4f4653, "ZONEFS_MAGIC"),
        (0x6165676c, "PSTOREFS_MAGIC"),
        (0x61756673, "AUFS_SUPER_MAGIC"),
        (0x62646576, "BDEVFS_MAGIC"),
        (0x62656570, "CONFIGFS_MAGIC"),
        (0x62656572, "SYSFS_MAGIC"),
        (0x63677270, "CGROUP2_SUPER_MAGIC"),
        (0x64626720, "DEBUGFS_MAGIC"),
        (0x64646178, "DAXFS_MAGIC"),
        (0x65735543, "FUSE_CTL_SUPER_MAGIC"),
        (0x65735546, "FUSE_SUPER_MAGIC"),
        (0x68191122, "QNX6_SUPER_MAGIC"),
        (0x6b414653, "AFS_FS_MAGIC"),
        (0x6c6f6f70, "BINDERFS_SUPER_MAGIC"),
        (0x6e736673, "NSFS_MAGIC"),
        (0x73636673, "SECURITYFS_MAGIC"),
        (0x73717368, "SQUASHFS_MAGIC"),
        (0x73727279, "BTRFS_TEST_MAGIC"),
        (0x73757245, "CODA_SUPER_MAGIC"),
        (0x7461636f, "OCFS2_SUPER_MAGIC"),
        (0x74726163, "TRACEFS_MAGIC"),
        (0x794c7630, "OVERLAYFS_SUPER_MAGIC"),
        (0x858458f6, "RAMFS_MAGIC"),
        (0x9123683e, "BTRFS_SUPER_MAGIC"),
        (0x958458f6, "HUGETLBFS_MAGIC"),
        (0xa501fcf5, "VXFS_SUPER_MAGIC"),
        (0xabba1974, "XENFS_SUPER_MAGIC"),
        (0xc7571590, "PPC_CMM_MAGIC"),
        (0xc97e8168, "LOGFS_MAGIC"),
        (0xcafe4a11, "BPF_FS_MAGIC"),
        (0xde5e81e4, "EFIVARFS_MAGIC"),
        (0xe0f5e1e2, "EROFS_SUPER_MAGIC_V1"),
        (0xf2f52010, "F2FS_SUPER_MAGIC"),
        (0xf97cff8c, "SELINUX_MAGIC"),
        (0xf995e849, "HPFS_SUPER_MAGIC"),
        (0xfe534d42, "SMB2_SUPER_MAGIC"),
        (0xff534d42, "CIFS_SUPER_MAGIC"),
    ],
    dflt: None,
    bits: 64,
    fmt: NumFmt::Hex,
};

/// A signal handler that is no address: `SIG_DFL`, `SIG_IGN`, `SIG_ERR`.
pub static SA_HANDLERS: Xlat = Xlat {
    entries: &[(0, "SIG_DFL"), (1, "SIG_IGN"), (u64::MAX, "SIG_ERR")],
    dflt: None,
    bits: 64,
    fmt: NumFmt::Hex,
};

/// `sa_flags` of `struct sigaction`.
pub static SIGACT_FLAGS: Xlat = flags(
    &[
        (0x0400_0000, "SA_RESTORER"),
        (0x0800_0000, "SA_ONSTACK"),
        (0x1000_0000, "SA_RESTART"),
        (0x2000_0000, "SA_INTERRUPT"),
        (0x4000_0000, "SA_NODEFER"),
        (0x8000_0000, "SA_RESETHAND"),
        (0x4, "SA_SIGINFO"),
        (0x1, "SA_NOCLDSTOP"),
        (0x2, "SA_NOCLDWAIT"),
    ],
    "SA_???",
    64,
);

/// `ss_flags` of `stack_t` (sigaltstack).
pub static SIGALTSTACK_FLAGS: Xlat = flags(
    &[
        (1, "SS_ONSTACK"),
        (2, "SS_DISABLE"),
        (0x8000_0000, "SS_AUTODISARM"),
    ],
    "SS_???",
    32,
);

/// fcntl's commands.
pub static FCNTL_CMDS: Xlat = vals(
    &[
        (0, "F_DUPFD"),
        (1, "F_GETFD"),
        (2, "F_SETFD"),
        (3, "F_GETFL"),
        (4, "F_SETFL"),
        (5, "F_GETLK"),
        (6, "F_SETLK"),
        (7, "F_SETLKW"),
        (8, "F_SETOWN"),
        (9, "F_GETOWN"),
        (10, "F_SETSIG"),
        (11, "F_GETSIG"),
        (15, "F_SETOWN_EX"),
        (16, "F_GETOWN_EX"),
        (17, "F_GETOWNER_UIDS"),
        (36, "F_OFD_GETLK"),
        (37, "F_OFD_SETLK"),
        (38, "F_OFD_SETLKW"),
        (1024, "F_SETLEASE"),
        (1025, "F_GETLEASE"),
        (1026, "F_NOTIFY"),
        (1029, "F_CANCELLK"),
        (1030, "F_DUPFD_CLOEXEC"),
        (1031, "F_SETPIPE_SZ"),
        (1032, "F_GETPIPE_SZ"),
        (1033, "F_ADD_SEALS"),
        (1034, "F_GET_SEALS"),
    ],
    "F_???",
);

/// Descriptor flags (F_GETFD/F_SETFD).
pub static FD_FLAGS: Xlat = flags(&[(1, "FD_CLOEXEC")], "FD_???", 32);

/// Lease types (F_SETLEASE/F_GETLEASE).
pub static LEASE_TYPES: Xlat = vals(&[(0, "F_RDLCK"), (1, "F_WRLCK"), (2, "F_UNLCK")], "F_???");

/// File seals (F_ADD_SEALS/F_GET_SEALS).
pub static SEALS: Xlat = flags(
    &[
        (1, "F_SEAL_SEAL"),
        (2, "F_SEAL_SHRINK"),
        (4, "F_SEAL_GROW"),
        (8, "F_SEAL_WRITE"),
        (0x10, "F_SEAL_FUTURE_WRITE"),
    ],
    "F_SEAL_???",
    32,
);

/// futex's operations: the command, `_PRIVATE` (128) and `FUTEX_CLOCK_REALTIME` (256) where
/// strace names the combination.
pub static FUTEX_OPS: Xlat = vals(
    &[
        (0, "FUTEX_WAIT"),
        (1, "FUTEX_WAKE"),
        (2, "FUTEX_FD"),
        (3, "FUTEX_REQUEUE"),
        (4, "FUTEX_CMP_REQUEUE"),
        (5, "FUTEX_WAKE_OP"),
        (6, "FUTEX_LOCK_PI"),
        (7, "FUTEX_UNLOCK_PI"),
        (8, "FUTEX_TRYLOCK_PI"),
        (9, "FUTEX_WAIT_BITSET"),
        (10, "FUTEX_WAKE_BITSET"),
        (11, "FUTEX_WAIT_REQUEUE_PI"),
        (12, "FUTEX_CMP_REQUEUE_PI"),
        (13, "FUTEX_LOCK_PI2"),
        (128, "FUTEX_WAIT_PRIVATE"),
        (129, "FUTEX_WAKE_PRIVATE"),
        (130, "FUTEX_FD|FUTEX_PRIVATE_FLAG"),
        (131, "FUTEX_REQUEUE_PRIVATE"),
        (132, "FUTEX_CMP_REQUEUE_PRIVATE"),
        (133, "FUTEX_WAKE_OP_PRIVATE"),
        (134, "FUTEX_LOCK_PI_PRIVATE"),
        (135, "FUTEX_UNLOCK_PI_PRIVATE"),
        (136, "FUTEX_TRYLOCK_PI_PRIVATE"),
        (137, "FUTEX_WAIT_BITSET_PRIVATE"),
        (138, "FUTEX_WAKE_BITSET_PRIVATE"),
        (139, "FUTEX_WAIT_REQUEUE_PI_PRIVATE"),
        (140, "FUTEX_CMP_REQUEUE_PI_PRIVATE"),
        (141, "FUTEX_LOCK_PI2_PRIVATE"),
        (256, "FUTEX_WAIT|FUTEX_CLOCK_REALTIME"),
        (384, "FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME"),
        (265, "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME"),
        (393, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME"),
        (267, "FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME"),
        (395, "FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME"),
    ],
    "FUTEX_???",
);

/// clone's flags (without the exit signal in the low byte).
pub static CLONE_FLAGS: Xlat = flags(
    &[
        (0x100, "CLONE_VM"),
        (0x200, "CLONE_FS"),
        (0x400, "CLONE_FILES"),
        (0x800, "CLONE_SIGHAND"),
        (0x1000, "CLONE_PIDFD"),
        (0x2000, "CLONE_PTRACE"),
        (0x4000, "CLONE_VFORK"),
        (0x8000, "CLONE_PARENT"),
        (0x10000, "CLONE_THREAD"),
        (0x20000, "CLONE_NEWNS"),
        (0x40000, "CLONE_SYSVSEM"),
        (0x80000, "CLONE_SETTLS"),
        (0x100000, "CLONE_PARENT_SETTID"),
        (0x200000, "CLONE_CHILD_CLEARTID"),
        (0x800000, "CLONE_UNTRACED"),
        (0x1000000, "CLONE_CHILD_SETTID"),
        (0x2000000, "CLONE_NEWCGROUP"),
        (0x4000000, "CLONE_NEWUTS"),
        (0x8000000, "CLONE_NEWIPC"),
        (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"),
        (0x40000000, "CLONE_NEWNET"),
        (0x80000000, "CLONE_IO"),
    ],
    "CLONE_???",
    64,
);

/// clone3's flags: clone's, then the ones only clone3 takes.
pub static CLONE3_FLAGS: Xlat = flags(
    &[
        (0x100, "CLONE_VM"),
        (0x200, "CLONE_FS"),
        (0x400, "CLONE_FILES"),
        (0x800, "CLONE_SIGHAND"),
        (0x1000, "CLONE_PIDFD"),
        (0x2000, "CLONE_PTRACE"),
        (0x4000, "CLONE_VFORK"),
        (0x8000, "CLONE_PARENT"),
        (0x10000, "CLONE_THREAD"),
        (0x20000, "CLONE_NEWNS"),
        (0x40000, "CLONE_SYSVSEM"),
        (0x80000, "CLONE_SETTLS"),
        (0x100000, "CLONE_PARENT_SETTID"),
        (0x200000, "CLONE_CHILD_CLEARTID"),
        (0x800000, "CLONE_UNTRACED"),
        (0x1000000, "CLONE_CHILD_SETTID"),
        (0x2000000, "CLONE_NEWCGROUP"),
        (0x4000000, "CLONE_NEWUTS"),
        (0x8000000, "CLONE_NEWIPC"),
        (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"),
        (0x40000000, "CLONE_NEWNET"),
        (0x80000000, "CLONE_IO"),
        (0x80, "CLONE_NEWTIME"),
        (0x1_0000_0000, "CLONE_CLEAR_SIGHAND"),
        (0x2_0000_0000, "CLONE_INTO_CGROUP"),
    ],
    "CLONE_???",
    64,
);

/// poll's events (the generic values: x86_64 and arm64).
pub static POLL_EVENTS: Xlat = flags(
    &[
        (0x1, "POLLIN"),
        (0x2, "POLLPRI"),
        (0x4, "POLLOUT"),
        (0x8, "POLLERR"),
        (0x10, "POLLHUP"),
        (0x20, "POLLNVAL"),
        (0x40, "POLLRDNORM"),
        (0x80, "POLLRDBAND"),
        (0x100, "POLLWRNORM"),
        (0x200, "POLLWRBAND"),
        (0x400, "POLLMSG"),
        (0x1000, "POLLREMOVE"),
        (0x2000, "POLLRDHUP"),
    ],
    "POLL???",
    16,
);

/// epoll_event's events.
pub static EPOLL_EVENTS: Xlat = flags(
    &[
        (0x1, "EPOLLIN"),
        (0x2, "EPOLLPRI"),
        (0x4, "EPOLLOUT"),
        (0x8, "EPOLLERR"),
        (0x10, "EPOLLHUP"),
        (0x20, "EPOLLNVAL"),
        (0x40, "EPOLLRDNORM"),
        (0x80, "EPOLLRDBAND"),
        (0x100, "EPOLLWRNORM"),
        (0x200, "EPOLLWRBAND"),
        (0x400, "EPOLLMSG"),
        (0x2000, "EPOLLRDHUP"),
        (0x1000_0000, "EPOLLEXCLUSIVE"),
        (0x2000_0000, "EPOLLWAKEUP"),
        (0x4000_0000, "EPOLLONESHOT"),
        (0x8000_0000, "EPOLLET"),
    ],
    "EPOLL???",
    32,
);

/// statx's sync types (a two-bit field of its flags; `AT_STATX_SYNC_AS_STAT` is zero).
pub static STATX_SYNC_TYPES: Xlat = Xlat {
    entries: &[
        (0, "AT_STATX_SYNC_AS_STAT"),
        (0x2000, "AT_STATX_FORCE_SYNC"),
        (0x4000, "AT_STATX_DONT_SYNC"),
    ],
    dflt: None,
    bits: 32,
    fmt: crate::table::NumFmt::Udec,
};

/// `stx_attributes` of struct statx.
pub static STATX_ATTRS: Xlat = flags(
    &[
        (0x4, "STATX_ATTR_COMPRESSED"),
        (0x10, "STATX_ATTR_IMMUTABLE"),
        (0x20, "STATX_ATTR_APPEND"),
        (0x40, "STATX_ATTR_NODUMP"),
        (0x800, "STATX_ATTR_ENCRYPTED"),
        (0x1000, "STATX_ATTR_AUTOMOUNT"),
        (0x2000, "STATX_ATTR_MOUNT_ROOT"),
        (0x10_0000, "STATX_ATTR_VERITY"),
        (0x20_0000, "STATX_ATTR_DAX"),
    ],
    "STATX_ATTR_???",
    64,
);

/// `f_flags` of struct statfs.
pub static STATFS_FLAGS: Xlat = flags(
    &[
        (0x20, "ST_VALID"),
        (0x1, "ST_RDONLY"),
        (0x2, "ST_NOSUID"),
        (0x4, "ST_NODEV"),
        (0x8, "ST_NOEXEC"),
        (0x10, "ST_SYNCHRONOUS"),
        (0x40, "ST_MANDLOCK"),
        (0x400, "ST_NOATIME"),
        (0x800, "ST_NODIRATIME"),
        (0x1000, "ST_RELATIME"),
        (0x2000, "ST_NOSYMFOLLOW"),
    ],
    "ST_???",
    64,
);

/// prctl's options.
pub static PRCTL_OPTIONS: Xlat = vals(
    &[
        (1, "PR_SET_PDEATHSIG"),
        (2, "PR_GET_PDEATHSIG"),
        (3, "PR_GET_DUMPABLE"),
        (4, "PR_SET_DUMPABLE"),
        (5, "PR_GET_UNALIGN"),
        (6, "PR_SET_UNALIGN"),
        (7, "PR_GET_KEEPCAPS"),
        (8, "PR_SET_KEEPCAPS"),
        (9, "PR_GET_FPEMU"),
        (10, "PR_SET_FPEMU"),
        (11, "PR_GET_FPEXC"),
        (12, "PR_SET_FPEXC"),
        (13, "PR_GET_TIMING"),
        (14, "PR_SET_TIMING"),
        (15, "PR_SET_NAME"),
        (16, "PR_GET_NAME"),
        (19, "PR_GET_ENDIAN"),
        (20, "PR_SET_ENDIAN"),
        (21, "PR_GET_SECCOMP"),
        (22, "PR_SET_SECCOMP"),
        (23, "PR_CAPBSET_READ"),
        (24, "PR_CAPBSET_DROP"),
        (25, "PR_GET_TSC"),
        (26, "PR_SET_TSC"),
        (27, "PR_GET_SECUREBITS"),
        (28, "PR_SET_SECUREBITS"),
        (29, "PR_SET_TIMERSLACK"),
        (30, "PR_GET_TIMERSLACK"),
        (31, "PR_TASK_PERF_EVENTS_DISABLE"),
        (32, "PR_TASK_PERF_EVENTS_ENABLE"),
        (33, "PR_MCE_KILL"),
        (34, "PR_MCE_KILL_GET"),
        (35, "PR_SET_MM"),
        (36, "PR_SET_CHILD_SUBREAPER"),
        (37, "PR_GET_CHILD_SUBREAPER"),
        (38, "PR_SET_NO_NEW_PRIVS"),
        (39, "PR_GET_NO_NEW_PRIVS"),
        (40, "PR_GET_TID_ADDRESS"),
        (41, "PR_SET_THP_DISABLE"),
        (42, "PR_GET_THP_DISABLE"),
        (43, "PR_MPX_ENABLE_MANAGEMENT"),
        (44, "PR_MPX_DISABLE_MANAGEMENT"),
        (45, "PR_SET_FP_MODE"),
        (46, "PR_GET_FP_MODE"),
        (47, "PR_CAP_AMBIENT"),
        (50, "PR_SVE_SET_VL"),
        (51, "PR_SVE_GET_VL"),
        (52, "PR_GET_SPECULATION_CTRL"),
        (53, "PR_SET_SPECULATION_CTRL"),
        (54, "PR_PAC_RESET_KEYS"),
        (55, "PR_SET_TAGGED_ADDR_CTRL"),
        (56, "PR_GET_TAGGED_ADDR_CTRL"),
        (57, "PR_SET_IO_FLUSHER"),
        (58, "PR_GET_IO_FLUSHER"),
        (59, "PR_SET_SYSCALL_USER_DISPATCH"),
        (60, "PR_PAC_SET_ENABLED_KEYS"),
        (61, "PR_PAC_GET_ENABLED_KEYS"),
        (62, "PR_SCHED_CORE"),
        (63, "PR_SME_SET_VL"),
        (64, "PR_SME_GET_VL"),
        (0x53564d41, "PR_SET_VMA"),
        (0x59616d61, "PR_SET_PTRACER"),
    ],
    "PR_???",
);

/// `SUID_DUMP_*` (PR_GET_DUMPABLE, PR_SET_DUMPABLE).
pub static PR_DUMPABLE: Xlat = vals(
    &[
        (0, "SUID_DUMP_DISABLE"),
        (1, "SUID_DUMP_USER"),
        (2, "SUID_DUMP_ROOT"),
    ],
    "SUID_DUMP_???",
);

/// Terminal input flags (`c_iflag`).
pub static TERM_IFLAGS: Xlat = Xlat {
    entries: &[
        (0o1, "IGNBRK"),
        (0o2, "BRKINT"),
        (0o4, "IGNPAR"),
        (0o10, "PARMRK"),
        (0o20, "INPCK"),
        (0o40, "ISTRIP"),
        (0o100, "INLCR"),
        (0o200, "IGNCR"),
        (0o400, "ICRNL"),
        (0o1000, "IUCLC"),
        (0o2000, "IXON"),
        (0o4000, "IXANY"),
        (0o10000, "IXOFF"),
        (0o20000, "IMAXBEL"),
        (0o40000, "IUTF8"),
    ],
    dflt: None,
    bits: 32,
    fmt: crate::table::NumFmt::Udec,
};

/// Terminal output flags (`c_oflag`) other than the delay fields.
pub static TERM_OFLAGS: Xlat = Xlat {
    entries: &[
        (0o1, "OPOST"),
        (0o2, "OLCUC"),
        (0o4, "ONLCR"),
        (0o10, "OCRNL"),
        (0o20, "ONOCR"),
        (0o40, "ONLRET"),
        (0o100, "OFILL"),
        (0o200, "OFDEL"),
    ],
    dflt: None,
    bits: 32,
    fmt: crate::table::NumFmt::Udec,
};

/// The delay fields of `c_oflag`: each field's mask and the names of its values.
pub static TERM_ODELAYS: [(u64, Xlat); 6] = [
    (0o400, vals(&[(0, "NL0"), (0o400, "NL1")], "NL?")),
    (
        0o3000,
        vals(
            &[
                (0, "CR0"),
                (0o1000, "CR1"),
                (0o2000, "CR2"),
                (0o3000, "CR3"),
            ],
            "CR?",
        ),
    ),
    (
        0o14000,
        vals(
            &[
                (0, "TAB0"),
                (0o4000, "TAB1"),
                (0o10000, "TAB2"),
                (0o14000, "TAB3"),
            ],
            "TAB?",
        ),
    ),
    (0o20000, vals(&[(0, "BS0"), (0o20000, "BS1")], "BS?")),
    (0o40000, vals(&[(0, "VT0"), (0o40000, "VT1")], "VT?")),
    (0o100000, vals(&[(0, "FF0"), (0o100000, "FF1")], "FF?")),
];

/// Baud rates (`c_cflag & CBAUD`).
pub static BAUD_RATES: Xlat = vals(
    &[
        (0, "B0"),
        (1, "B50"),
        (2, "B75"),
        (3, "B110"),
        (4, "B134"),
        (5, "B150"),
        (6, "B200"),
        (7, "B300"),
        (8, "B600"),
        (9, "B1200"),
        (10, "B1800"),
        (11, "B2400"),
        (12, "B4800"),
        (13, "B9600"),
        (14, "B19200"),
        (15, "B38400"),
        (0o10001, "B57600"),
        (0o10002, "B115200"),
        (0o10003, "B230400"),
        (0o10004, "B460800"),
        (0o10005, "B500000"),
        (0o10006, "B576000"),
        (0o10007, "B921600"),
        (0o10010, "B1000000"),
        (0o10011, "B1152000"),
        (0o10012, "B1500000"),
        (0o10013, "B2000000"),
        (0o10014, "B2500000"),
        (0o10015, "B3000000"),
        (0o10016, "B3500000"),
        (0o10017, "B4000000"),
    ],
    "B???",
);

/// Terminal line disciplines (`c_line`).
pub static TERM_LINE_DISCS: Xlat = vals(
    &[
        (0, "N_TTY"),
        (1, "N_SLIP"),
        (2, "N_MOUSE"),
        (3, "N_PPP"),
        (4, "N_STRIP"),
        (5, "N_AX25"),
        (6, "N_X25"),
        (7, "N_6PACK"),
        (8, "N_MASC"),
        (9, "N_R3964"),
        (10, "N_PROFIBUS_FDL"),
        (11, "N_IRDA"),
        (12, "N_SMSBLOCK"),
        (13, "N_HDLC"),
        (14, "N_SYNC_PPP"),
        (15, "N_HCI"),
        (16, "N_GIGASET_M101"),
        (17, "N_SLCAN"),
        (18, "N_PPS"),
        (19, "N_V253"),
        (20, "N_CAIF"),
        (21, "N_GSM0710"),
        (22, "N_TI_WL"),
        (23, "N_TRACESINK"),
        (24, "N_TRACEROUTER"),
        (25, "N_NCI"),
        (26, "N_SPEAKUP"),
        (27, "N_NULL"),
        (28, "N_MCTP"),
        (29, "N_DEVELOPMENT"),
        (30, "N_CAN327"),
    ],
    "N_???",
);

/// Character sizes (`c_cflag & CSIZE`).
pub static TERM_CSIZE: Xlat = vals(
    &[(0, "CS5"), (0o20, "CS6"), (0o40, "CS7"), (0o60, "CS8")],
    "CS?",
);

/// Terminal control flags (`c_cflag`) other than speed and size.
pub static TERM_CFLAGS: Xlat = Xlat {
    entries: &[
        (0o100, "CSTOPB"),
        (0o200, "CREAD"),
        (0o400, "PARENB"),
        (0o1000, "PARODD"),
        (0o2000, "HUPCL"),
        (0o4000, "CLOCAL"),
        (0o10000000000, "CMSPAR"),
        (0o20000000000, "CRTSCTS"),
    ],
    dflt: None,
    bits: 32,
    fmt: crate::table::NumFmt::Udec,
};

/// Terminal local flags (`c_lflag`).
pub static TERM_LFLAGS: Xlat = Xlat {
    entries: &[
        (0o1, "ISIG"),
        (0o2, "ICANON"),
        (0o4, "XCASE"),
        (0o10, "ECHO"),
        (0o20, "ECHOE"),
        (0o40, "ECHOK"),
        (0o100, "ECHONL"),
        (0o200, "NOFLSH"),
        (0o100000, "IEXTEN"),
        (0o1000, "ECHOCTL"),
        (0o2000, "ECHOPRT"),
        (0o4000, "ECHOKE"),
        (0o10000, "FLUSHO"),
        (0o40000, "PENDIN"),
        (0o400, "TOSTOP"),
        (0o200000, "EXTPROC"),
    ],
    dflt: None,
    bits: 32,
    fmt: crate::table::NumFmt::Udec,
};

/// ioctl requests strace names by number (the terminal ones programs call most).
pub static IOCTL_REQUESTS: Xlat = vals(
    &[
        (0x5401, "TCGETS"),
        (0x5402, "TCSETS"),
        (0x5403, "TCSETSW"),
        (0x5404, "TCSETSF"),
        (0x5409, "TCSBRK"),
        (0x540b, "TCFLSH"),
        (0x540e, "TIOCSCTTY"),
        (0x540f, "TIOCGPGRP"),
        (0x5410, "TIOCSPGRP"),
        (0x5413, "TIOCGWINSZ"),
        (0x5414, "TIOCSWINSZ"),
        (0x541b, "FIONREAD"),
        (0x5421, "FIONBIO"),
        (0x5422, "TIOCNOTTY"),
        (0x5450, "FIONCLEX"),
        (0x5451, "FIOCLEX"),
        (0x5452, "FIOASYNC"),
        (0x5441, "TIOCGPTPEER"),
        (0x8004_5430, "TIOCGPTN"),
        (0x4004_5431, "TIOCSPTLCK"),
        (0x4004_9409, "BTRFS_IOC_CLONE or FICLONE"),
        (0x8008_6601, "FS_IOC_GETFLAGS"),
        (0x4008_6602, "FS_IOC_SETFLAGS"),
    ],
    "",
);

// ---- System V IPC, I/O priorities, capabilities, sigevent ----

/// msgget's and semget's flags (besides the mode bits; linux/ipc.h).
pub static IPC_GET_FLAGS: Xlat = flags(
    &[
        (0o1000, "IPC_CREAT"),
        (0o2000, "IPC_EXCL"),
        (0o4000, "IPC_NOWAIT"),
    ],
    "IPC_???",
    32,
);

/// msgsnd's and msgrcv's flags (linux/ipc.h, linux/msg.h).
pub static MSG_IPC_FLAGS: Xlat = flags(
    &[
        (0o10000, "MSG_NOERROR"),
        (0o20000, "MSG_EXCEPT"),
        (0o40000, "MSG_COPY"),
        (0o4000, "IPC_NOWAIT"),
    ],
    "MSG_???",
    32,
);

/// `sem_flg` of `struct sembuf` (linux/ipc.h, linux/sem.h).
pub static SEMOP_FLAGS: Xlat = flags(
    &[(0o4000, "IPC_NOWAIT"), (0x1000, "SEM_UNDO")],
    "SEM_???",
    32,
);

/// shmget's flags (besides the mode bits; linux/ipc.h, linux/shm.h).
pub static SHMGET_FLAGS: Xlat = flags(
    &[
        (0o1000, "IPC_CREAT"),
        (0o2000, "IPC_EXCL"),
        (0o4000, "SHM_HUGETLB"),
        (0o10000, "SHM_NORESERVE"),
    ],
    "SHM_???",
    32,
);

/// shmctl's commands (linux/ipc.h, linux/shm.h).
pub static SHMCTL_CMDS: Xlat = vals(
    &[
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "SHM_LOCK"),
        (12, "SHM_UNLOCK"),
        (13, "SHM_STAT"),
        (14, "SHM_INFO"),
        (15, "SHM_STAT_ANY"),
    ],
    "SHM_???",
);

/// msgctl's commands (linux/ipc.h, linux/msg.h).
pub static MSGCTL_CMDS: Xlat = vals(
    &[
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "MSG_STAT"),
        (12, "MSG_INFO"),
        (13, "MSG_STAT_ANY"),
    ],
    "MSG_???",
);

/// semctl's commands (linux/ipc.h, linux/sem.h).
pub static SEMCTL_CMDS: Xlat = vals(
    &[
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "GETPID"),
        (12, "GETVAL"),
        (13, "GETALL"),
        (14, "GETNCNT"),
        (15, "GETZCNT"),
        (16, "SETVAL"),
        (17, "SETALL"),
        (18, "SEM_STAT"),
        (19, "SEM_INFO"),
        (20, "SEM_STAT_ANY"),
    ],
    "SEM_???",
);

/// I/O priority classes (linux/ioprio.h).
pub static IOPRIO_CLASS: Xlat = vals(
    &[
        (0, "IOPRIO_CLASS_NONE"),
        (1, "IOPRIO_CLASS_RT"),
        (2, "IOPRIO_CLASS_BE"),
        (3, "IOPRIO_CLASS_IDLE"),
    ],
    "IOPRIO_CLASS_???",
);

/// Capabilities (linux/capability.h).
pub static CAPABILITIES: Xlat = vals(
    &[
        (0, "CAP_CHOWN"),
        (1, "CAP_DAC_OVERRIDE"),
        (2, "CAP_DAC_READ_SEARCH"),
        (3, "CAP_FOWNER"),
        (4, "CAP_FSETID"),
        (5, "CAP_KILL"),
        (6, "CAP_SETGID"),
        (7, "CAP_SETUID"),
        (8, "CAP_SETPCAP"),
        (9, "CAP_LINUX_IMMUTABLE"),
        (10, "CAP_NET_BIND_SERVICE"),
        (11, "CAP_NET_BROADCAST"),
        (12, "CAP_NET_ADMIN"),
        (13, "CAP_NET_RAW"),
        (14, "CAP_IPC_LOCK"),
        (15, "CAP_IPC_OWNER"),
        (16, "CAP_SYS_MODULE"),
        (17, "CAP_SYS_RAWIO"),
        (18, "CAP_SYS_CHROOT"),
        (19, "CAP_SYS_PTRACE"),
        (20, "CAP_SYS_PACCT"),
        (21, "CAP_SYS_ADMIN"),
        (22, "CAP_SYS_BOOT"),
        (23, "CAP_SYS_NICE"),
        (24, "CAP_SYS_RESOURCE"),
        (25, "CAP_SYS_TIME"),
        (26, "CAP_SYS_TTY_CONFIG"),
        (27, "CAP_MKNOD"),
        (28, "CAP_LEASE"),
        (29, "CAP_AUDIT_WRITE"),
        (30, "CAP_AUDIT_CONTROL"),
        (31, "CAP_SETFCAP"),
        (32, "CAP_MAC_OVERRIDE"),
        (33, "CAP_MAC_ADMIN"),
        (34, "CAP_SYSLOG"),
        (35, "CAP_WAKE_ALARM"),
        (36, "CAP_BLOCK_SUSPEND"),
        (37, "CAP_AUDIT_READ"),
        (38, "CAP_PERFMON"),
        (39, "CAP_BPF"),
        (40, "CAP_CHECKPOINT_RESTORE"),
    ],
    "CAP_???",
);

/// The direction of an ioctl request number strace has no name for (`_IOC(_IOC_READ, …)`).
pub static IOC_DIRS: Xlat = flags(
    &[(0, "_IOC_NONE"), (2, "_IOC_READ"), (1, "_IOC_WRITE")],
    "",
    32,
);

/// futex's val3 of the bitset operations.
pub static FUTEX_BITSET: Xlat = Xlat {
    entries: &[(0xffff_ffff, "FUTEX_BITSET_MATCH_ANY")],
    dflt: None,
    bits: 32,
    fmt: NumFmt::Udec,
};

/// Capability masks (capget, capset): one bit per capability, `1<<CAP_CHOWN|1<<CAP_KILL`;
/// an empty mask is `0`.
pub static CAP_MASK: Xlat = flags(
    &[
        (1 << 0, "1<<CAP_CHOWN"),
        (1 << 1, "1<<CAP_DAC_OVERRIDE"),
        (1 << 2, "1<<CAP_DAC_READ_SEARCH"),
        (1 << 3, "1<<CAP_FOWNER"),
        (1 << 4, "1<<CAP_FSETID"),
        (1 << 5, "1<<CAP_KILL"),
        (1 << 6, "1<<CAP_SETGID"),
        (1 << 7, "1<<CAP_SETUID"),
        (1 << 8, "1<<CAP_SETPCAP"),
        (1 << 9, "1<<CAP_LINUX_IMMUTABLE"),
        (1 << 10, "1<<CAP_NET_BIND_SERVICE"),
        (1 << 11, "1<<CAP_NET_BROADCAST"),
        (1 << 12, "1<<CAP_NET_ADMIN"),
        (1 << 13, "1<<CAP_NET_RAW"),
        (1 << 14, "1<<CAP_IPC_LOCK"),
        (1 << 15, "1<<CAP_IPC_OWNER"),
        (1 << 16, "1<<CAP_SYS_MODULE"),
        (1 << 17, "1<<CAP_SYS_RAWIO"),
        (1 << 18, "1<<CAP_SYS_CHROOT"),
        (1 << 19, "1<<CAP_SYS_PTRACE"),
        (1 << 20, "1<<CAP_SYS_PACCT"),
        (1 << 21, "1<<CAP_SYS_ADMIN"),
        (1 << 22, "1<<CAP_SYS_BOOT"),
        (1 << 23, "1<<CAP_SYS_NICE"),
        (1 << 24, "1<<CAP_SYS_RESOURCE"),
        (1 << 25, "1<<CAP_SYS_TIME"),
        (1 << 26, "1<<CAP_SYS_TTY_CONFIG"),
        (1 << 27, "1<<CAP_MKNOD"),
        (1 << 28, "1<<CAP_LEASE"),
        (1 << 29, "1<<CAP_AUDIT_WRITE"),
        (1 << 30, "1<<CAP_AUDIT_CONTROL"),
        (1 << 31, "1<<CAP_SETFCAP"),
        (1 << 32, "1<<CAP_MAC_OVERRIDE"),
        (1 << 33, "1<<CAP_MAC_ADMIN"),
        (1 << 34, "1<<CAP_SYSLOG"),
        (1 << 35, "1<<CAP_WAKE_ALARM"),
        (1 << 36, "1<<CAP_BLOCK_SUSPEND"),
        (1 << 37, "1<<CAP_AUDIT_READ"),
        (1 << 38, "1<<CAP_PERFMON"),
        (1 << 39, "1<<CAP_BPF"),
        (1 << 40, "1<<CAP_CHECKPOINT_RESTORE"),
    ],
    "",
    64,
);

/// `IPC_64`, the flag of the System V IPC control commands.
pub static IPC_64: Xlat = vals(&[(0x100, "IPC_64")], "");

/// An IPC key that names no object: `IPC_PRIVATE`; other keys print in hex.
pub static IPC_KEYS: Xlat = Xlat {
    entries: &[(0, "IPC_PRIVATE")],
    dflt: None,
    bits: 32,
    fmt: NumFmt::Hex,
};

/// The magic that old mount callers put in the high half of the flags.
pub static MS_MGC: Xlat = vals(&[(0xc0ed_0000, "MS_MGC_VAL")], "");

/// `sigev_notify` of `struct sigevent` (asm-generic/siginfo.h).
pub static SIGEV_NOTIFY: Xlat = vals(
    &[
        (0, "SIGEV_SIGNAL"),
        (1, "SIGEV_NONE"),
        (2, "SIGEV_THREAD"),
        (4, "SIGEV_THREAD_ID"),
    ],
    "SIGEV_???",
);

/// `l_type` of `struct flock` (fcntl's locks).
pub static FLOCK_TYPES: Xlat = vals(
    &[
        (libc::F_RDLCK as u64, "F_RDLCK"),
        (libc::F_WRLCK as u64, "F_WRLCK"),
        (libc::F_UNLCK as u64, "F_UNLCK"),
    ],
    "F_???",
);

/// `struct __user_cap_header_struct`'s version (linux/capability.h).
pub static CAP_VERSIONS: Xlat = vals(
    &[
        (0x1998_0330, "_LINUX_CAPABILITY_VERSION_1"),
        (0x2007_1026, "_LINUX_CAPABILITY_VERSION_2"),
        (0x2008_0522, "_LINUX_CAPABILITY_VERSION_3"),
    ],
    "_LINUX_CAPABILITY_VERSION_???",
);

/// personality's flags above the persona byte (linux/personality.h).
pub static PERSONALITY_FLAGS: Xlat = flags(
    &[
        (0x0020000, "UNAME26"),
        (0x0040000, "ADDR_NO_RANDOMIZE"),
        (0x0080000, "FDPIC_FUNCPTRS"),
        (0x0100000, "MMAP_PAGE_ZERO"),
        (0x0200000, "ADDR_COMPAT_LAYOUT"),
        (0x0400000, "READ_IMPLIES_EXEC"),
        (0x0800000, "ADDR_LIMIT_32BIT"),
        (0x1000000, "SHORT_INODE"),
        (0x2000000, "WHOLE_SECONDS"),
        (0x4000000, "STICKY_TIMEOUTS"),
        (0x8000000, "ADDR_LIMIT_3GB"),
    ],
    "",
    32,
);

/// personality's persona, its low byte (linux/personality.h).
pub static PERSONALITY_TYPES: Xlat = vals(
    &[
        (0x00, "PER_LINUX"),
        (0x01, "PER_SVR4"),
        (0x02, "PER_SVR3"),
        (0x03, "PER_SCOSVR3"),
        (0x04, "PER_WYSEV386"),
        (0x05, "PER_ISCR4"),
        (0x06, "PER_BSD"),
        (0x07, "PER_XENIX"),
        (0x08, "PER_LINUX32"),
        (0x09, "PER_IRIX32"),
        (0x0a, "PER_IRIXN32"),
        (0x0b, "PER_IRIX64"),
        (0x0c, "PER_RISCOS"),
        (0x0d, "PER_SOLARIS"),
        (0x0e, "PER_UW7"),
        (0x0f, "PER_OSF4"),
        (0x10, "PER_HPUX"),
    ],
    "PER_???",
);

/// mount's flags (linux/mount.h), without the `MS_MGC_VAL` magic in the high 16 bits.
pub static MOUNT_FLAGS: Xlat = flags(
    &[
        (1, "MS_RDONLY"),
        (2, "MS_NOSUID"),
        (4, "MS_NODEV"),
        (8, "MS_NOEXEC"),
        (16, "MS_SYNCHRONOUS"),
        (32, "MS_REMOUNT"),
        (64, "MS_MANDLOCK"),
        (128, "MS_DIRSYNC"),
        (256, "MS_NOSYMFOLLOW"),
        (1024, "MS_NOATIME"),
        (2048, "MS_NODIRATIME"),
        (4096, "MS_BIND"),
        (8192, "MS_MOVE"),
        (16384, "MS_REC"),
        (32768, "MS_SILENT"),
        (1 << 16, "MS_POSIXACL"),
        (1 << 17, "MS_UNBINDABLE"),
        (1 << 18, "MS_PRIVATE"),
        (1 << 19, "MS_SLAVE"),
        (1 << 20, "MS_SHARED"),
        (1 << 21, "MS_RELATIME"),
        (1 << 22, "MS_KERNMOUNT"),
        (1 << 23, "MS_I_VERSION"),
        (1 << 24, "MS_STRICTATIME"),
        (1 << 25, "MS_LAZYTIME"),
        (1 << 26, "MS_SUBMOUNT"),
        (1 << 27, "MS_NOREMOTELOCK"),
        (1 << 28, "MS_NOSEC"),
        (1 << 29, "MS_BORN"),
        (1 << 30, "MS_ACTIVE"),
        (1 << 31, "MS_NOUSER"),
    ],
    "MS_???",
    64,
);

/// openat2's `resolve` (linux/openat2.h).
pub static RESOLVE_FLAGS: Xlat = flags(
    &[
        (0x01, "RESOLVE_NO_XDEV"),
        (0x02, "RESOLVE_NO_MAGICLINKS"),
        (0x04, "RESOLVE_NO_SYMLINKS"),
        (0x08, "RESOLVE_BENEATH"),
        (0x10, "RESOLVE_IN_ROOT"),
        (0x20, "RESOLVE_CACHED"),
    ],
    "RESOLVE_???",
    64,
);

/// membarrier's commands (linux/membarrier.h), also the bits of MEMBARRIER_CMD_QUERY's answer.
pub static MEMBARRIER_CMDS: Xlat = flags(
    &[
        (0, "MEMBARRIER_CMD_QUERY"),
        (1, "MEMBARRIER_CMD_GLOBAL"),
        (2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"),
        (4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"),
        (8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"),
        (16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"),
        (32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"),
        (64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"),
        (128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"),
        (256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"),
    ],
    "MEMBARRIER_CMD_???",
    32,
);

/// membarrier's flags (linux/membarrier.h).
pub static MEMBARRIER_FLAGS: Xlat = flags(
    &[(1, "MEMBARRIER_CMD_FLAG_CPU")],
    "MEMBARRIER_CMD_FLAG_???",
    32,
);

/// seccomp's operations (linux/seccomp.h).
pub static SECCOMP_OPS: Xlat = vals(
    &[
        (0, "SECCOMP_SET_MODE_STRICT"),
        (1, "SECCOMP_SET_MODE_FILTER"),
        (2, "SECCOMP_GET_ACTION_AVAIL"),
        (3, "SECCOMP_GET_NOTIF_SIZES"),
    ],
    "SECCOMP_SET_MODE_???",
);

/// seccomp's flags (linux/seccomp.h).
pub static SECCOMP_FLAGS: Xlat = flags(
    &[
        (1, "SECCOMP_FILTER_FLAG_TSYNC"),
        (2, "SECCOMP_FILTER_FLAG_LOG"),
        (4, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
        (8, "SECCOMP_FILTER_FLAG_NEW_LISTENER"),
        (16, "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"),
        (32, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
    ],
    "SECCOMP_FILTER_FLAG_???",
    32,
);

/// Inode flags of FS_IOC_GETFLAGS and FS_IOC_SETFLAGS (linux/fs.h).
pub static FS_INODE_FLAGS: Xlat = flags(
    &[
        (0x0000_0001, "FS_SECRM_FL"),
        (0x0000_0002, "FS_UNRM_FL"),
        (0x0000_0004, "FS_COMPR_FL"),
        (0x0000_0008, "FS_SYNC_FL"),
        (0x0000_0010, "FS_IMMUTABLE_FL"),
        (0x0000_0020, "FS_APPEND_FL"),
        (0x0000_0040, "FS_NODUMP_FL"),
        (0x0000_0080, "FS_NOATIME_FL"),
        (0x0000_0100, "FS_DIRTY_FL"),
        (0x0000_0200, "FS_COMPRBLK_FL"),
        (0x0000_0400, "FS_NOCOMP_FL"),
        (0x0000_0800, "FS_ENCRYPT_FL"),
        (0x0000_1000, "FS_INDEX_FL"),
        (0x0000_2000, "FS_IMAGIC_FL"),
        (0x0000_4000, "FS_JOURNAL_DATA_FL"),
        (0x0000_8000, "FS_NOTAIL_FL"),
        (0x0001_0000, "FS_DIRSYNC_FL"),
        (0x0002_0000, "FS_TOPDIR_FL"),
        (0x0004_0000, "FS_HUGE_FILE_FL"),
        (0x0008_0000, "FS_EXTENT_FL"),
        (0x0010_0000, "FS_VERITY_FL"),
        (0x0020_0000, "FS_EA_INODE_FL"),
        (0x0040_0000, "FS_EOFBLOCKS_FL"),
        (0x0080_0000, "FS_NOCOW_FL"),
        (0x0200_0000, "FS_DAX_FL"),
        (0x1000_0000, "FS_INLINE_DATA_FL"),
        (0x2000_0000, "FS_PROJINHERIT_FL"),
        (0x4000_0000, "FS_CASEFOLD_FL"),
        (0x8000_0000, "FS_RESERVED_FL"),
    ],
    "FS_???",
    32,
);

#[cfg(test)]
#[cfg(target_arch = "x86_64")]
mod tests {
    //! Expected strings were printed by strace 6.1 on x86_64 for raw system calls made from
    //! Python with ctypes, one argument varied at a time:
    //! `strace -qq -e trace=NAME python3 -c 'import ctypes; ctypes.CDLL(None).syscall(NR, …)'`.
    //! Each test names the call: `V` is the value under test, strings are passed as C strings,
    //! `BIG` is 999999999 (no such process). arch_prctl, mlockall and unshare were run with
    //! `-e inject=NAME:error=EPERM` so that they had no effect.
    //!
    //! Not here, because a plain table prints them otherwise: mmap flags with a zero or unknown
    //! `MAP_TYPE` (`MAP_FILE|MAP_ANONYMOUS`, `0x4 /* MAP_??? */|…`) or `MAP_HUGE_*` bits
    //! (`21<<MAP_HUGE_SHIFT`), memfd_create's `MFD_HUGE_*` bits, and unknown values of zero
    //! (strace prints `0 /* EPOLL_CTL_??? */`).
    use super::*;
    use crate::format::XlatStyle;
    use crate::format::flags::{print_flags, print_xval};

    /// The low `bits` of `v`, as the decoder passes them.
    fn masked(x: &Xlat, v: u64) -> u64 {
        if x.bits >= 64 {
            v
        } else {
            v & ((1 << x.bits) - 1)
        }
    }

    fn check_flags(x: &Xlat, cases: &[(u64, &str)]) {
        for &(v, want) in cases {
            let mut out = String::new();
            print_flags(&mut out, masked(x, v), x.entries, x.dflt, XlatStyle::Abbrev);
            assert_eq!(out, want, "{v:#x}");
        }
    }

    fn check_vals(x: &Xlat, cases: &[(u64, &str)]) {
        for &(v, want) in cases {
            let mut out = String::new();
            print_xval(&mut out, masked(x, v), x, XlatStyle::Abbrev);
            assert_eq!(out, want, "{v:#x}");
        }
    }

    #[test]
    fn tables_are_well_formed() {
        // Every table: a comment for unknown values, 32 or 64 bits, no duplicate names, and
        // values within its bits.
        for x in [
            &MMAP_PROT,
            &MMAP_FLAGS,
            &MADVISE,
            &MREMAP_FLAGS,
            &MSYNC_FLAGS,
            &MLOCK_FLAGS,
            &MCL_FLAGS,
            &PKEY_ACCESS,
            &MBIND_FLAGS,
            &MOVE_PAGES_FLAGS,
            &GET_MEMPOLICY_FLAGS,
            &SEEK_WHENCE,
            &FADVISE,
            &FALLOC_FLAGS,
            &FLOCK_OPS,
            &AT_FLAGS,
            &FACCESSAT_FLAGS,
            &NAME_TO_HANDLE_AT_FLAGS,
            &MOUNT_SETATTR_FLAGS,
            &RENAME_FLAGS,
            &STATX_MASK,
            &O_FLAGS,
            &DELETE_MODULE_FLAGS,
            &MEMFD_SECRET_FLAGS,
            &EFD_FLAGS,
            &EPOLL_FLAGS,
            &EPOLL_CTL_OPS,
            &IN_INIT_FLAGS,
            &INOTIFY_MASK,
            &FAN_MARK_FLAGS,
            &FAN_EVENT_FLAGS,
            &SFD_FLAGS,
            &TFD_FLAGS,
            &MFD_FLAGS,
            &CLOSE_RANGE_FLAGS,
            &UFFD_FLAGS,
            &PIDFD_OPEN_FLAGS,
            &SPLICE_FLAGS,
            &SYNC_FILE_RANGE_FLAGS,
            &RWF_FLAGS,
            &XATTR_FLAGS,
            &IORING_ENTER_FLAGS,
            &UMOUNT_FLAGS,
            &OPEN_TREE_FLAGS,
            &MOVE_MOUNT_FLAGS,
            &FSOPEN_FLAGS,
            &FSMOUNT_FLAGS,
            &MOUNT_ATTR_FLAGS,
            &FSPICK_FLAGS,
            &MODULE_INIT_FLAGS,
            &ARCH_PRCTL,
            &RLIMIT,
            &RUSAGE_WHO,
            &PRIO_WHICH,
            &IOPRIO_WHO,
            &SCHED_POLICY,
            &KCMP_TYPES,
            &WAIT_OPTIONS,
            &WAITID_TYPE,
            &SETNS_TYPES,
            &UNSHARE_FLAGS,
            &GRND_FLAGS,
            &LANDLOCK_CREATE_RULESET_FLAGS,
            &LANDLOCK_RULE_TYPES,
            &SIGPROCMASK_HOW,
            &CLOCKS,
            &TIMER_FLAGS,
            &ITIMER_WHICH,
            &ADDRESS_FAMILIES,
            &SOCK_FLAGS,
            &SHUTDOWN_HOW,
            &MSG_FLAGS,
            &SOCK_TYPES,
            &INET_PROTOCOLS,
            &NETLINK_PROTOCOLS,
            &SOCKET_LEVELS,
            &SOCK_OPTIONS,
            &SOCK_OPTIONS_GET,
            &SOCK_OPTIONS_SET,
            &SOCK_IP_OPTIONS,
            &SOCK_IPV6_OPTIONS,
            &SOCK_IPV6_OPTIONS_GET,
            &SOCK_IPV6_OPTIONS_SET,
            &SOCK_TCP_OPTIONS,
            &SOCK_UDP_OPTIONS,
            &SOCK_NETLINK_OPTIONS,
            &ETHERNET_PROTOCOLS,
            &ARP_HARDWARE_TYPES,
            &PACKET_TYPES,
        ] {
            assert!(x.dflt.is_some());
            assert!(x.bits == 32 || x.bits == 64);
            for (i, &(v, name)) in x.entries.iter().enumerate() {
                assert!(x.bits == 64 || v >> x.bits == 0, "{name}");
                assert!(
                    x.entries[..i].iter().all(|&(_, n)| n != name),
                    "{name} twice"
                );
            }
        }
    }

    #[test]
    fn mmap_prot() {
        // mprotect: syscall(10, 0, 0, V)
        check_flags(
            &MMAP_PROT,
            &[
                (0x0, "PROT_NONE"),
                (0x10, "0x10 /* PROT_??? */"),
                (
                    0xffffffffffffffff,
                    "PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP|0xfffffffffcfffff0",
                ),
                (0x55555555, "PROT_READ|PROT_EXEC|PROT_GROWSDOWN|0x54555550"),
                (0xaaaaaaaa, "PROT_WRITE|PROT_SEM|PROT_GROWSUP|0xa8aaaaa0"),
                (0x3, "PROT_READ|PROT_WRITE"),
                (0x5, "PROT_READ|PROT_EXEC"),
                (0x7, "PROT_READ|PROT_WRITE|PROT_EXEC"),
                (0x1000003, "PROT_READ|PROT_WRITE|PROT_GROWSDOWN"),
            ],
        );
    }

    #[test]
    fn mmap_flags() {
        // mmap: syscall(9, 0, 0, 3, V, -1, 0)
        check_flags(
            &MMAP_FLAGS,
            &[
                (0x0, "MAP_FILE"),
                (0x4, "0x4 /* MAP_??? */"),
                (0x22, "MAP_PRIVATE|MAP_ANONYMOUS"),
                (0x802, "MAP_PRIVATE|MAP_DENYWRITE"),
                (0x812, "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE"),
                (0x32, "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS"),
                (0x20022, "MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK"),
                (0x3, "MAP_SHARED_VALIDATE"),
                (0x100022, "MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE"),
                (0x4022, "MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE"),
                (0x8002, "MAP_PRIVATE|MAP_POPULATE"),
            ],
        );
    }

    #[test]
    fn madvise() {
        // madvise: syscall(28, 0, 0, V)
        check_vals(
            &MADVISE,
            &[
                (0x0, "MADV_NORMAL"),
                (0x1, "MADV_RANDOM"),
                (0x19, "MADV_COLLAPSE"),
                (0x5, "0x5 /* MADV_??? */"),
                (0xffffffff, "0xffffffff /* MADV_??? */"),
            ],
        );
    }

    #[test]
    fn mremap_flags() {
        // mremap: syscall(25, 0, 0, 0, V, 0)
        check_flags(
            &MREMAP_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MREMAP_??? */"),
                (
                    0xffffffffffffffff,
                    "MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP|0xfffffffffffffff8",
                ),
                (0x55555555, "MREMAP_MAYMOVE|MREMAP_DONTUNMAP|0x55555550"),
                (0xaaaaaaaa, "MREMAP_FIXED|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn msync_flags() {
        // msync: syscall(26, 0, 0, V)
        check_flags(
            &MSYNC_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MS_??? */"),
                (0xffffffff, "MS_SYNC|MS_ASYNC|MS_INVALIDATE|0xfffffff8"),
                (0x55555555, "MS_SYNC|MS_ASYNC|0x55555550"),
                (0xaaaaaaaa, "MS_INVALIDATE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn mlock_flags() {
        // mlock2: syscall(325, 0, 0, V)
        check_flags(
            &MLOCK_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* MLOCK_??? */"),
                (0xffffffff, "MLOCK_ONFAULT|0xfffffffe"),
                (0x55555555, "MLOCK_ONFAULT|0x55555554"),
                (0xaaaaaaaa, "0xaaaaaaaa /* MLOCK_??? */"),
            ],
        );
    }

    #[test]
    fn seek_whence() {
        // lseek: syscall(8, -1, 0, V)
        check_vals(
            &SEEK_WHENCE,
            &[
                (0x0, "SEEK_SET"),
                (0x1, "SEEK_CUR"),
                (0x4, "SEEK_HOLE"),
                (0x5, "0x5 /* SEEK_??? */"),
                (0xffffffff, "0xffffffff /* SEEK_??? */"),
            ],
        );
    }

    #[test]
    fn fadvise() {
        // fadvise64: syscall(221, -1, 0, 0, V)
        check_vals(
            &FADVISE,
            &[
                (0x0, "POSIX_FADV_NORMAL"),
                (0x1, "POSIX_FADV_RANDOM"),
                (0x5, "POSIX_FADV_NOREUSE"),
                (0x6, "0x6 /* POSIX_FADV_??? */"),
                (0xffffffff, "0xffffffff /* POSIX_FADV_??? */"),
            ],
        );
    }

    #[test]
    fn falloc_flags() {
        // fallocate: syscall(285, -1, V, 0, 0)
        check_flags(
            &FALLOC_FLAGS,
            &[
                (0x0, "0"),
                (0x80, "0x80 /* FALLOC_FL_??? */"),
                (
                    0xffffffff,
                    "FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE|FALLOC_FL_NO_HIDE_STALE|FALLOC_FL_COLLAPSE_RANGE|FALLOC_FL_ZERO_RANGE|FALLOC_FL_INSERT_RANGE|FALLOC_FL_UNSHARE_RANGE|0xffffff80",
                ),
                (
                    0x55555555,
                    "FALLOC_FL_KEEP_SIZE|FALLOC_FL_NO_HIDE_STALE|FALLOC_FL_ZERO_RANGE|FALLOC_FL_UNSHARE_RANGE|0x55555500",
                ),
                (
                    0xaaaaaaaa,
                    "FALLOC_FL_PUNCH_HOLE|FALLOC_FL_COLLAPSE_RANGE|FALLOC_FL_INSERT_RANGE|0xaaaaaa80",
                ),
            ],
        );
    }

    #[test]
    fn flock_ops() {
        // flock: syscall(73, -1, V)
        check_flags(
            &FLOCK_OPS,
            &[
                (0x0, "0"),
                (0x10, "0x10 /* LOCK_??? */"),
                (
                    0xffffffff,
                    "LOCK_SH|LOCK_EX|LOCK_NB|LOCK_UN|LOCK_MAND|LOCK_RW|0xffffff10",
                ),
                (0x55555555, "LOCK_SH|LOCK_NB|LOCK_READ|0x55555510"),
                (
                    0xaaaaaaaa,
                    "LOCK_EX|LOCK_UN|LOCK_MAND|LOCK_WRITE|0xaaaaaa00",
                ),
            ],
        );
    }

    #[test]
    fn at_flags() {
        // newfstatat: syscall(262, -100, "/nonexistent/x", 0, V)
        check_flags(
            &AT_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* AT_??? */"),
                (
                    0xffffffff,
                    "AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff60ff",
                ),
                (
                    0x55555555,
                    "AT_SYMLINK_NOFOLLOW|AT_SYMLINK_FOLLOW|AT_EMPTY_PATH|0x55554055",
                ),
                (
                    0xaaaaaaaa,
                    "AT_REMOVEDIR|AT_NO_AUTOMOUNT|AT_RECURSIVE|0xaaaa20aa",
                ),
                (0x1100, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH"),
                (0x900, "AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT"),
            ],
        );
    }

    #[test]
    fn faccessat_flags() {
        // faccessat2: syscall(439, -100, "/nonexistent/x", 0, V)
        check_flags(
            &FACCESSAT_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* AT_??? */"),
                (
                    0xffffffff,
                    "AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH|0xffffecff",
                ),
                (0x55555555, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x55554455"),
                (0xaaaaaaaa, "AT_EACCESS|0xaaaaa8aa"),
            ],
        );
    }

    #[test]
    fn name_to_handle_at_flags() {
        // name_to_handle_at: syscall(303, -100, "/nonexistent/x", 0, 0, V)
        check_flags(
            &NAME_TO_HANDLE_AT_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* AT_??? */"),
                (0xffffffff, "AT_SYMLINK_FOLLOW|AT_EMPTY_PATH|0xffffebff"),
                (0x55555555, "AT_SYMLINK_FOLLOW|AT_EMPTY_PATH|0x55554155"),
                (0xaaaaaaaa, "0xaaaaaaaa /* AT_??? */"),
            ],
        );
    }

    #[test]
    fn rename_flags() {
        // renameat2: syscall(316, -100, "/nonexistent/x", -100, "/nonexistent/x", V)
        check_flags(
            &RENAME_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* RENAME_?? */"),
                (
                    0xffffffff,
                    "RENAME_NOREPLACE|RENAME_EXCHANGE|RENAME_WHITEOUT|0xfffffff8",
                ),
                (0x55555555, "RENAME_NOREPLACE|RENAME_WHITEOUT|0x55555550"),
                (0xaaaaaaaa, "RENAME_EXCHANGE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn statx_mask() {
        // statx: syscall(332, -100, "/nonexistent/x", 0, V, 0)
        check_flags(
            &STATX_MASK,
            &[
                (0x0, "0"),
                (0x4000, "0x4000 /* STATX_??? */"),
                (
                    0xffffffff,
                    "STATX_ALL|STATX_MNT_ID|STATX_DIOALIGN|0xffffc000",
                ),
                (
                    0x55555555,
                    "STATX_TYPE|STATX_NLINK|STATX_GID|STATX_MTIME|STATX_INO|STATX_BLOCKS|STATX_MNT_ID|0x55554000",
                ),
                (
                    0xaaaaaaaa,
                    "STATX_MODE|STATX_UID|STATX_ATIME|STATX_CTIME|STATX_SIZE|STATX_BTIME|STATX_DIOALIGN|0xaaaa8000",
                ),
            ],
        );
    }

    #[test]
    fn o_flags() {
        // dup3: syscall(292, -1, -1, V)
        check_flags(
            &O_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* O_??? */"),
                (
                    0xffffffff,
                    "O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0xff80003f",
                ),
                (
                    0x55555555,
                    "O_CREAT|O_NOCTTY|O_APPEND|O_SYNC|O_DIRECT|O_NOATIME|O_TMPFILE|0x55000015",
                ),
                (
                    0xaaaaaaaa,
                    "O_EXCL|O_TRUNC|O_NONBLOCK|O_LARGEFILE|O_NOFOLLOW|O_CLOEXEC|O_PATH|FASYNC|0xaa80002a",
                ),
                (0x80800, "O_NONBLOCK|O_CLOEXEC"),
            ],
        );
    }

    #[test]
    fn sock_flags() {
        // accept4: syscall(288, -1, 0, 0, V)
        check_flags(
            &SOCK_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* SOCK_??? */"),
                (0xffffffff, "SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff"),
                (0x55555555, "0x55555555 /* SOCK_??? */"),
                (0xaaaaaaaa, "SOCK_CLOEXEC|SOCK_NONBLOCK|0xaaa2a2aa"),
            ],
        );
    }

    #[test]
    fn efd_flags() {
        // eventfd2: syscall(290, 0, V)
        check_flags(
            &EFD_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* EFD_??? */"),
                (
                    0xffffffff,
                    "EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK|0xfff7f7fe",
                ),
                (0x55555555, "EFD_SEMAPHORE|0x55555554"),
                (0xaaaaaaaa, "EFD_CLOEXEC|EFD_NONBLOCK|0xaaa2a2aa"),
            ],
        );
    }

    #[test]
    fn epoll_flags() {
        // epoll_create1: syscall(291, V)
        check_flags(
            &EPOLL_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* EPOLL_??? */"),
                (0xffffffff, "EPOLL_CLOEXEC|0xfff7ffff"),
                (0x55555555, "0x55555555 /* EPOLL_??? */"),
                (0xaaaaaaaa, "EPOLL_CLOEXEC|0xaaa2aaaa"),
            ],
        );
    }

    #[test]
    fn in_init_flags() {
        // inotify_init1: syscall(294, V)
        check_flags(
            &IN_INIT_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* IN_??? */"),
                (0xffffffff, "IN_NONBLOCK|IN_CLOEXEC|0xfff7f7ff"),
                (0x55555555, "0x55555555 /* IN_??? */"),
                (0xaaaaaaaa, "IN_NONBLOCK|IN_CLOEXEC|0xaaa2a2aa"),
            ],
        );
    }

    #[test]
    fn sfd_flags() {
        // signalfd4: syscall(289, -1, 0, 8, V)
        check_flags(
            &SFD_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* SFD_??? */"),
                (0xffffffff, "SFD_CLOEXEC|SFD_NONBLOCK|0xfff7f7ff"),
                (0x55555555, "0x55555555 /* SFD_??? */"),
                (0xaaaaaaaa, "SFD_CLOEXEC|SFD_NONBLOCK|0xaaa2a2aa"),
            ],
        );
    }

    #[test]
    fn tfd_flags() {
        // timerfd_create: syscall(283, 0, V)
        check_flags(
            &TFD_FLAGS,
            &[
                (0x0, "0"),
                (0x4, "0x4 /* TFD_??? */"),
                (
                    0xffffffff,
                    "TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET|TFD_CLOEXEC|TFD_NONBLOCK|0xfff7f7fc",
                ),
                (0x55555555, "TFD_TIMER_ABSTIME|0x55555554"),
                (
                    0xaaaaaaaa,
                    "TFD_TIMER_CANCEL_ON_SET|TFD_CLOEXEC|TFD_NONBLOCK|0xaaa2a2a8",
                ),
            ],
        );
    }

    #[test]
    fn mfd_flags() {
        // memfd_create: syscall(319, "x", V)
        check_flags(&MFD_FLAGS, &[(0x0, "0"), (0x8, "0x8 /* MFD_??? */")]);
    }

    #[test]
    fn close_range_flags() {
        // close_range: syscall(436, 100000, 100000, V)
        check_flags(
            &CLOSE_RANGE_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* CLOSE_RANGE_??? */"),
                (
                    0xffffffff,
                    "CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC|0xfffffff9",
                ),
                (0x55555555, "CLOSE_RANGE_CLOEXEC|0x55555551"),
                (0xaaaaaaaa, "CLOSE_RANGE_UNSHARE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn grnd_flags() {
        // getrandom: syscall(318, 0, 0, V)
        check_flags(
            &GRND_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* GRND_??? */"),
                (
                    0xffffffff,
                    "GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE|0xfffffff8",
                ),
                (0x55555555, "GRND_NONBLOCK|GRND_INSECURE|0x55555550"),
                (0xaaaaaaaa, "GRND_RANDOM|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn arch_prctl() {
        // arch_prctl: syscall(158, V, 0)
        check_vals(
            &ARCH_PRCTL,
            &[
                (0x1001, "ARCH_SET_GS"),
                (0x1002, "ARCH_SET_FS"),
                (0x2003, "ARCH_MAP_VDSO_64"),
                (0x1, "0x1 /* ARCH_??? */"),
                (0xffffffff, "0xffffffff /* ARCH_??? */"),
            ],
        );
    }

    #[test]
    fn rlimit() {
        // prlimit64: syscall(302, 0, V, 0, 0)
        check_vals(
            &RLIMIT,
            &[
                (0x0, "RLIMIT_CPU"),
                (0x1, "RLIMIT_FSIZE"),
                (0xf, "RLIMIT_RTTIME"),
                (0x10, "0x10 /* RLIMIT_??? */"),
                (0xffffffff, "0xffffffff /* RLIMIT_??? */"),
            ],
        );
    }

    #[test]
    fn wait_options() {
        // wait4: syscall(61, BIG, 0, V, 0)
        check_flags(
            &WAIT_OPTIONS,
            &[
                (0x0, "0"),
                (0x10, "0x10 /* W??? */"),
                (
                    0xffffffff,
                    "WNOHANG|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|__WCLONE|__WALL|__WNOTHREAD|0x1efffff0",
                ),
                (0x55555555, "WNOHANG|WEXITED|WNOWAIT|__WALL|0x14555550"),
                (
                    0xaaaaaaaa,
                    "WSTOPPED|WCONTINUED|__WCLONE|__WNOTHREAD|0xaaaaaa0",
                ),
                (0x40000001, "WNOHANG|__WALL"),
                (0x3, "WNOHANG|WSTOPPED"),
                (0xa, "WSTOPPED|WCONTINUED"),
            ],
        );
    }

    #[test]
    fn waitid_type() {
        // waitid: syscall(247, V, BIG, 0, 4, 0)
        check_vals(
            &WAITID_TYPE,
            &[
                (0x0, "P_ALL"),
                (0x1, "P_PID"),
                (0x3, "P_PIDFD"),
                (0x4, "0x4 /* P_??? */"),
                (0xffffffff, "0xffffffff /* P_??? */"),
            ],
        );
    }

    #[test]
    fn sigprocmask_how() {
        // rt_sigprocmask: syscall(14, V, 0, 0, 8)
        check_vals(
            &SIGPROCMASK_HOW,
            &[
                (0x0, "SIG_BLOCK"),
                (0x1, "SIG_UNBLOCK"),
                (0x2, "SIG_SETMASK"),
                (0x3, "0x3 /* SIG_??? */"),
                (0xffffffff, "0xffffffff /* SIG_??? */"),
            ],
        );
    }

    #[test]
    fn clocks() {
        // clock_gettime: syscall(228, V, 0)
        check_vals(
            &CLOCKS,
            &[
                (0x0, "CLOCK_REALTIME"),
                (0x1, "CLOCK_MONOTONIC"),
                (0xb, "CLOCK_TAI"),
                (0xc, "0xc /* CLOCK_??? */"),
                (0xffffffff, "0xffffffff /* CLOCK_??? */"),
            ],
        );
    }

    #[test]
    fn timer_flags() {
        // clock_nanosleep: syscall(230, 0, V, 0, 0)
        check_flags(
            &TIMER_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* TIMER_??? */"),
                (0xffffffff, "TIMER_ABSTIME|0xfffffffe"),
                (0x55555555, "TIMER_ABSTIME|0x55555554"),
                (0xaaaaaaaa, "0xaaaaaaaa /* TIMER_??? */"),
            ],
        );
    }

    #[test]
    fn address_families() {
        // socket: syscall(41, V, 99, 0)
        check_vals(
            &ADDRESS_FAMILIES,
            &[
                (0x0, "AF_UNSPEC"),
                (0x1, "AF_UNIX"),
                (0x2d, "AF_MCTP"),
                (0x2e, "0x2e /* AF_??? */"),
                (0xffffffff, "0xffffffff /* AF_??? */"),
            ],
        );
    }

    #[test]
    fn shutdown_how() {
        // shutdown: syscall(48, -1, V)
        check_vals(
            &SHUTDOWN_HOW,
            &[
                (0x0, "SHUT_RD"),
                (0x1, "SHUT_WR"),
                (0x2, "SHUT_RDWR"),
                (0x3, "0x3 /* SHUT_??? */"),
                (0xffffffff, "0xffffffff /* SHUT_??? */"),
            ],
        );
    }

    #[test]
    fn epoll_ctl_ops() {
        // epoll_ctl: syscall(233, -1, V, -1, 0)
        check_vals(
            &EPOLL_CTL_OPS,
            &[
                (0x1, "EPOLL_CTL_ADD"),
                (0x2, "EPOLL_CTL_DEL"),
                (0x3, "EPOLL_CTL_MOD"),
                (0x4, "0x4 /* EPOLL_CTL_??? */"),
                (0xffffffff, "0xffffffff /* EPOLL_CTL_??? */"),
            ],
        );
    }

    #[test]
    fn msg_flags() {
        // sendto: syscall(44, -1, 0, 0, V, 0, 0)
        check_flags(
            &MSG_FLAGS,
            &[
                (0x0, "0"),
                (0x100000, "0x100000 /* MSG_??? */"),
                (
                    0xffffffff,
                    "MSG_OOB|MSG_PEEK|MSG_DONTROUTE|MSG_CTRUNC|MSG_PROBE|MSG_TRUNC|MSG_DONTWAIT|MSG_EOR|MSG_WAITALL|MSG_FIN|MSG_SYN|MSG_CONFIRM|MSG_RST|MSG_ERRQUEUE|MSG_NOSIGNAL|MSG_MORE|MSG_WAITFORONE|MSG_SENDPAGE_NOTLAST|MSG_BATCH|MSG_NO_SHARED_FRAGS|MSG_ZEROCOPY|MSG_FASTOPEN|MSG_CMSG_CLOEXEC|MSG_CMSG_COMPAT|0x1bf00000",
                ),
                (
                    0x55555555,
                    "MSG_OOB|MSG_DONTROUTE|MSG_PROBE|MSG_DONTWAIT|MSG_WAITALL|MSG_SYN|MSG_RST|MSG_NOSIGNAL|MSG_WAITFORONE|MSG_BATCH|MSG_ZEROCOPY|MSG_CMSG_CLOEXEC|0x11500000",
                ),
                (
                    0xaaaaaaaa,
                    "MSG_PEEK|MSG_CTRUNC|MSG_TRUNC|MSG_EOR|MSG_FIN|MSG_CONFIRM|MSG_ERRQUEUE|MSG_MORE|MSG_SENDPAGE_NOTLAST|MSG_NO_SHARED_FRAGS|MSG_FASTOPEN|MSG_CMSG_COMPAT|0xaa00000",
                ),
                (0x4040, "MSG_DONTWAIT|MSG_NOSIGNAL"),
                (0x40000040, "MSG_DONTWAIT|MSG_CMSG_CLOEXEC"),
            ],
        );
    }

    #[test]
    fn rusage_who() {
        // getrusage: syscall(98, V, 0)
        check_vals(
            &RUSAGE_WHO,
            &[
                (0x0, "RUSAGE_SELF"),
                (0x1, "RUSAGE_THREAD"),
                (0xffffffff, "RUSAGE_CHILDREN"),
                (0x2, "0x2 /* RUSAGE_??? */"),
                (0xfffffffe, "RUSAGE_BOTH"),
            ],
        );
    }

    #[test]
    fn prio_which() {
        // getpriority: syscall(140, V, BIG)
        check_vals(
            &PRIO_WHICH,
            &[
                (0x0, "PRIO_PROCESS"),
                (0x1, "PRIO_PGRP"),
                (0x2, "PRIO_USER"),
                (0x3, "0x3 /* PRIO_??? */"),
                (0xffffffff, "0xffffffff /* PRIO_??? */"),
            ],
        );
    }

    #[test]
    fn itimer_which() {
        // getitimer: syscall(36, V, 0)
        check_vals(
            &ITIMER_WHICH,
            &[
                (0x0, "ITIMER_REAL"),
                (0x1, "ITIMER_VIRTUAL"),
                (0x2, "ITIMER_PROF"),
                (0x3, "0x3 /* ITIMER_??? */"),
                (0xffffffff, "0xffffffff /* ITIMER_??? */"),
            ],
        );
    }

    #[test]
    fn ioprio_who() {
        // ioprio_get: syscall(252, V, BIG)
        check_vals(
            &IOPRIO_WHO,
            &[
                (0x1, "IOPRIO_WHO_PROCESS"),
                (0x2, "IOPRIO_WHO_PGRP"),
                (0x3, "IOPRIO_WHO_USER"),
                (0x4, "0x4 /* IOPRIO_WHO_??? */"),
                (0xffffffff, "0xffffffff /* IOPRIO_WHO_??? */"),
            ],
        );
    }

    #[test]
    fn sched_policy() {
        // sched_get_priority_max: syscall(146, V)
        check_vals(
            &SCHED_POLICY,
            &[
                (0x0, "SCHED_OTHER"),
                (0x1, "SCHED_FIFO"),
                (0x6, "SCHED_DEADLINE"),
                (0x7, "0x7 /* SCHED_??? */"),
                (0xffffffff, "0xffffffff /* SCHED_??? */"),
            ],
        );
    }

    #[test]
    fn setns_types() {
        // setns: syscall(308, -1, V)
        check_flags(
            &SETNS_TYPES,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* CLONE_NEW??? */"),
                (
                    0xffffffff,
                    "CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|0x81fdff7f",
                ),
                (
                    0x55555555,
                    "CLONE_NEWUTS|CLONE_NEWUSER|CLONE_NEWNET|0x1555555",
                ),
                (
                    0xaaaaaaaa,
                    "CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWIPC|CLONE_NEWPID|0x80a8aa2a",
                ),
            ],
        );
    }

    #[test]
    fn splice_flags() {
        // tee: syscall(276, -1, -1, 0, V)
        check_flags(
            &SPLICE_FLAGS,
            &[
                (0x0, "0"),
                (0x10, "0x10 /* SPLICE_F_??? */"),
                (
                    0xffffffff,
                    "SPLICE_F_MOVE|SPLICE_F_NONBLOCK|SPLICE_F_MORE|SPLICE_F_GIFT|0xfffffff0",
                ),
                (0x55555555, "SPLICE_F_MOVE|SPLICE_F_MORE|0x55555550"),
                (0xaaaaaaaa, "SPLICE_F_NONBLOCK|SPLICE_F_GIFT|0xaaaaaaa0"),
            ],
        );
    }

    #[test]
    fn sync_file_range_flags() {
        // sync_file_range: syscall(277, -1, 0, 0, V)
        check_flags(
            &SYNC_FILE_RANGE_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* SYNC_FILE_RANGE_??? */"),
                (
                    0xffffffff,
                    "SYNC_FILE_RANGE_WAIT_BEFORE|SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER|0xfffffff8",
                ),
                (
                    0x55555555,
                    "SYNC_FILE_RANGE_WAIT_BEFORE|SYNC_FILE_RANGE_WAIT_AFTER|0x55555550",
                ),
                (0xaaaaaaaa, "SYNC_FILE_RANGE_WRITE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn rwf_flags() {
        // preadv2: syscall(327, -1, 0, 0, 0, 0, V)
        check_flags(
            &RWF_FLAGS,
            &[
                (0x0, "0"),
                (0x20, "0x20 /* RWF_??? */"),
                (
                    0xffffffff,
                    "RWF_HIPRI|RWF_DSYNC|RWF_SYNC|RWF_NOWAIT|RWF_APPEND|0xffffffe0",
                ),
                (0x55555555, "RWF_HIPRI|RWF_SYNC|RWF_APPEND|0x55555540"),
                (0xaaaaaaaa, "RWF_DSYNC|RWF_NOWAIT|0xaaaaaaa0"),
            ],
        );
    }

    #[test]
    fn umount_flags() {
        // umount2: syscall(166, "/nonexistent/x", V)
        check_flags(
            &UMOUNT_FLAGS,
            &[
                (0x0, "0"),
                (0x10, "0x10 /* MNT_??? */"),
                (
                    0xffffffff,
                    "MNT_FORCE|MNT_DETACH|MNT_EXPIRE|UMOUNT_NOFOLLOW|0xfffffff0",
                ),
                (0x55555555, "MNT_FORCE|MNT_EXPIRE|0x55555550"),
                (0xaaaaaaaa, "MNT_DETACH|UMOUNT_NOFOLLOW|0xaaaaaaa0"),
            ],
        );
    }

    #[test]
    fn inotify_mask() {
        // inotify_add_watch: syscall(254, -1, "/nonexistent/x", V)
        check_flags(
            &INOTIFY_MASK,
            &[
                (0x0, "0"),
                (0x1000, "0x1000 /* IN_??? */"),
                (
                    0xffffffff,
                    "IN_ACCESS|IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|IN_CLOSE_NOWRITE|IN_OPEN|IN_MOVED_FROM|IN_MOVED_TO|IN_CREATE|IN_DELETE|IN_DELETE_SELF|IN_MOVE_SELF|IN_UNMOUNT|IN_Q_OVERFLOW|IN_IGNORED|IN_ONLYDIR|IN_DONT_FOLLOW|IN_EXCL_UNLINK|IN_MASK_CREATE|IN_MASK_ADD|IN_ISDIR|IN_ONESHOT|0x8ff1000",
                ),
                (
                    0x55555555,
                    "IN_ACCESS|IN_ATTRIB|IN_CLOSE_NOWRITE|IN_MOVED_FROM|IN_CREATE|IN_DELETE_SELF|IN_Q_OVERFLOW|IN_ONLYDIR|IN_EXCL_UNLINK|IN_MASK_CREATE|IN_ISDIR|0x551000",
                ),
                (
                    0xaaaaaaaa,
                    "IN_MODIFY|IN_CLOSE_WRITE|IN_OPEN|IN_MOVED_TO|IN_DELETE|IN_MOVE_SELF|IN_UNMOUNT|IN_IGNORED|IN_DONT_FOLLOW|IN_MASK_ADD|IN_ONESHOT|0x8aa0000",
                ),
            ],
        );
    }

    #[test]
    fn xattr_flags() {
        // setxattr: syscall(188, "/nonexistent/x", "user.x", 0, 0, V)
        check_flags(
            &XATTR_FLAGS,
            &[
                (0x0, "0"),
                (0x4, "0x4 /* XATTR_??? */"),
                (0xffffffff, "XATTR_CREATE|XATTR_REPLACE|0xfffffffc"),
                (0x55555555, "XATTR_CREATE|0x55555554"),
                (0xaaaaaaaa, "XATTR_REPLACE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn pkey_access() {
        // pkey_alloc: syscall(330, 0, V)
        check_flags(
            &PKEY_ACCESS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* PKEY_??? */"),
                (
                    0xffffffffffffffff,
                    "PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE|PKEY_DISABLE_EXECUTE|0xfffffffffffffff8",
                ),
                (
                    0x55555555,
                    "PKEY_DISABLE_ACCESS|PKEY_DISABLE_EXECUTE|0x55555550",
                ),
                (0xaaaaaaaa, "PKEY_DISABLE_WRITE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn uffd_flags() {
        // userfaultfd: syscall(323, V)
        check_flags(
            &UFFD_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* UFFD_??? */"),
                (
                    0xffffffff,
                    "UFFD_USER_MODE_ONLY|O_NONBLOCK|O_CLOEXEC|0xfff7f7fe",
                ),
                (0x55555555, "UFFD_USER_MODE_ONLY|0x55555554"),
                (0xaaaaaaaa, "O_NONBLOCK|O_CLOEXEC|0xaaa2a2aa"),
            ],
        );
    }

    #[test]
    fn pidfd_open_flags() {
        // pidfd_open: syscall(434, BIG, V)
        check_flags(
            &PIDFD_OPEN_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* PIDFD_??? */"),
                (0xffffffff, "PIDFD_NONBLOCK|0xfffff7ff"),
                (0x55555555, "0x55555555 /* PIDFD_??? */"),
                (0xaaaaaaaa, "PIDFD_NONBLOCK|0xaaaaa2aa"),
            ],
        );
    }

    #[test]
    fn open_tree_flags() {
        // open_tree: syscall(428, -100, "/nonexistent/x", V)
        check_flags(
            &OPEN_TREE_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* OPEN_TREE_??? */"),
                (
                    0xffffffff,
                    "OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC|AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xfff760fe",
                ),
                (
                    0x55555555,
                    "OPEN_TREE_CLONE|AT_SYMLINK_NOFOLLOW|AT_SYMLINK_FOLLOW|AT_EMPTY_PATH|0x55554054",
                ),
                (
                    0xaaaaaaaa,
                    "OPEN_TREE_CLOEXEC|AT_REMOVEDIR|AT_NO_AUTOMOUNT|AT_RECURSIVE|0xaaa220aa",
                ),
            ],
        );
    }

    #[test]
    fn move_mount_flags() {
        // move_mount: syscall(429, -100, "/nonexistent/x", -100, "/nonexistent/x", V)
        check_flags(
            &MOVE_MOUNT_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MOVE_MOUNT_??? */"),
                (
                    0xffffffff,
                    "MOVE_MOUNT_F_SYMLINKS|MOVE_MOUNT_F_AUTOMOUNTS|MOVE_MOUNT_F_EMPTY_PATH|MOVE_MOUNT_T_SYMLINKS|MOVE_MOUNT_T_AUTOMOUNTS|MOVE_MOUNT_T_EMPTY_PATH|MOVE_MOUNT_SET_GROUP|0xfffffe88",
                ),
                (
                    0x55555555,
                    "MOVE_MOUNT_F_SYMLINKS|MOVE_MOUNT_F_EMPTY_PATH|MOVE_MOUNT_T_SYMLINKS|MOVE_MOUNT_T_EMPTY_PATH|MOVE_MOUNT_SET_GROUP|0x55555400",
                ),
                (
                    0xaaaaaaaa,
                    "MOVE_MOUNT_F_AUTOMOUNTS|MOVE_MOUNT_T_AUTOMOUNTS|0xaaaaaa88",
                ),
            ],
        );
    }

    #[test]
    fn fsopen_flags() {
        // fsopen: syscall(430, "nofs", V)
        check_flags(
            &FSOPEN_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* FSOPEN_??? */"),
                (0xffffffff, "FSOPEN_CLOEXEC|0xfffffffe"),
                (0x55555555, "FSOPEN_CLOEXEC|0x55555554"),
                (0xaaaaaaaa, "0xaaaaaaaa /* FSOPEN_??? */"),
            ],
        );
    }

    #[test]
    fn fsmount_flags() {
        // fsmount: syscall(432, -1, V, 0)
        check_flags(
            &FSMOUNT_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* FSMOUNT_??? */"),
                (0xffffffff, "FSMOUNT_CLOEXEC|0xfffffffe"),
                (0x55555555, "FSMOUNT_CLOEXEC|0x55555554"),
                (0xaaaaaaaa, "0xaaaaaaaa /* FSMOUNT_??? */"),
            ],
        );
    }

    #[test]
    fn mount_attr_flags() {
        // fsmount: syscall(432, -1, 0, V)
        check_flags(
            &MOUNT_ATTR_FLAGS,
            &[
                (0x0, "0"),
                (0x40, "0x40 /* MOUNT_ATTR_??? */"),
                (
                    0xffffffff,
                    "MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID|MOUNT_ATTR_NODEV|MOUNT_ATTR_NOEXEC|MOUNT_ATTR_NOATIME|MOUNT_ATTR_STRICTATIME|MOUNT_ATTR_NODIRATIME|0xffffff40",
                ),
                (
                    0x55555555,
                    "MOUNT_ATTR_RDONLY|MOUNT_ATTR_NODEV|MOUNT_ATTR_NOATIME|0x55555540",
                ),
                (
                    0xaaaaaaaa,
                    "MOUNT_ATTR_NOSUID|MOUNT_ATTR_NOEXEC|MOUNT_ATTR_STRICTATIME|MOUNT_ATTR_NODIRATIME|0xaaaaaa00",
                ),
            ],
        );
    }

    #[test]
    fn fspick_flags() {
        // fspick: syscall(433, -100, "/nonexistent/x", V)
        check_flags(
            &FSPICK_FLAGS,
            &[
                (0x0, "0"),
                (0x10, "0x10 /* FSPICK_??? */"),
                (
                    0xffffffff,
                    "FSPICK_CLOEXEC|FSPICK_SYMLINK_NOFOLLOW|FSPICK_NO_AUTOMOUNT|FSPICK_EMPTY_PATH|0xfffffff0",
                ),
                (0x55555555, "FSPICK_CLOEXEC|FSPICK_NO_AUTOMOUNT|0x55555550"),
                (
                    0xaaaaaaaa,
                    "FSPICK_SYMLINK_NOFOLLOW|FSPICK_EMPTY_PATH|0xaaaaaaa0",
                ),
            ],
        );
    }

    #[test]
    fn mount_setattr_flags() {
        // mount_setattr: syscall(442, -100, "/nonexistent/x", V, 0, 0)
        check_flags(
            &MOUNT_SETATTR_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* AT_??? */"),
                (
                    0xffffffff,
                    "AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff66ff",
                ),
                (0x55555555, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x55554455"),
                (0xaaaaaaaa, "AT_NO_AUTOMOUNT|AT_RECURSIVE|0xaaaa22aa"),
            ],
        );
    }

    #[test]
    fn kcmp_types() {
        // kcmp: syscall(312, BIG, BIG, V, 0, 0)
        check_vals(
            &KCMP_TYPES,
            &[
                (0x0, "KCMP_FILE"),
                (0x1, "KCMP_VM"),
                (0x7, "KCMP_EPOLL_TFD"),
                (0x8, "0x8 /* KCMP_??? */"),
                (0xffffffff, "0xffffffff /* KCMP_??? */"),
            ],
        );
    }

    #[test]
    fn delete_module_flags() {
        // delete_module: syscall(176, "nomod", V)
        check_flags(
            &DELETE_MODULE_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* O_??? */"),
                (0xffffffff, "O_NONBLOCK|O_TRUNC|0xfffff5ff"),
                (0x55555555, "0x55555555 /* O_??? */"),
                (0xaaaaaaaa, "O_NONBLOCK|O_TRUNC|0xaaaaa0aa"),
            ],
        );
    }

    #[test]
    fn module_init_flags() {
        // finit_module: syscall(313, -1, "", V)
        check_flags(
            &MODULE_INIT_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MODULE_INIT_??? */"),
                (
                    0xffffffff,
                    "MODULE_INIT_IGNORE_MODVERSIONS|MODULE_INIT_IGNORE_VERMAGIC|MODULE_INIT_COMPRESSED_FILE|0xfffffff8",
                ),
                (
                    0x55555555,
                    "MODULE_INIT_IGNORE_MODVERSIONS|MODULE_INIT_COMPRESSED_FILE|0x55555550",
                ),
                (0xaaaaaaaa, "MODULE_INIT_IGNORE_VERMAGIC|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn ioring_enter_flags() {
        // io_uring_enter: syscall(426, -1, 0, 0, V, 0, 0)
        check_flags(
            &IORING_ENTER_FLAGS,
            &[
                (0x0, "0"),
                (0x20, "0x20 /* IORING_ENTER_??? */"),
                (
                    0xffffffff,
                    "IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAKEUP|IORING_ENTER_SQ_WAIT|IORING_ENTER_EXT_ARG|IORING_ENTER_REGISTERED_RING|0xffffffe0",
                ),
                (
                    0x55555555,
                    "IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAIT|IORING_ENTER_REGISTERED_RING|0x55555540",
                ),
                (
                    0xaaaaaaaa,
                    "IORING_ENTER_SQ_WAKEUP|IORING_ENTER_EXT_ARG|0xaaaaaaa0",
                ),
            ],
        );
    }

    #[test]
    fn mcl_flags() {
        // mlockall: syscall(151, V)
        check_flags(
            &MCL_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MCL_??? */"),
                (0xffffffff, "MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT|0xfffffff8"),
                (0x55555555, "MCL_CURRENT|MCL_ONFAULT|0x55555550"),
                (0xaaaaaaaa, "MCL_FUTURE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn unshare_flags() {
        // unshare: syscall(272, V)
        check_flags(
            &UNSHARE_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* CLONE_??? */"),
                (
                    0xffffffffffffffff,
                    "CLONE_NEWTIME|CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_NEWNS|CLONE_SYSVSEM|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|0xffffffff81f8f07f",
                ),
                (
                    0x55555555,
                    "CLONE_VM|CLONE_FILES|CLONE_THREAD|CLONE_SYSVSEM|CLONE_NEWUTS|CLONE_NEWUSER|CLONE_NEWNET|0x1505055",
                ),
                (
                    0xaaaaaaaa,
                    "CLONE_NEWTIME|CLONE_FS|CLONE_SIGHAND|CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWIPC|CLONE_NEWPID|0x80a8a02a",
                ),
            ],
        );
    }

    #[test]
    fn mbind_flags() {
        // mbind: syscall(237, 0, 0, 0, 0, 0, V)
        check_flags(
            &MBIND_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MPOL_??? */"),
                (
                    0xffffffff,
                    "MPOL_MF_STRICT|MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0xfffffff8",
                ),
                (0x55555555, "MPOL_MF_STRICT|MPOL_MF_MOVE_ALL|0x55555550"),
                (0xaaaaaaaa, "MPOL_MF_MOVE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn get_mempolicy_flags() {
        // get_mempolicy: syscall(239, 0, 0, 0, 0, V)
        check_flags(
            &GET_MEMPOLICY_FLAGS,
            &[
                (0x0, "0"),
                (0x8, "0x8 /* MPOL_??? */"),
                (
                    0xffffffffffffffff,
                    "MPOL_F_NODE|MPOL_F_ADDR|MPOL_F_MEMS_ALLOWED|0xfffffffffffffff8",
                ),
                (0x55555555, "MPOL_F_NODE|MPOL_F_MEMS_ALLOWED|0x55555550"),
                (0xaaaaaaaa, "MPOL_F_ADDR|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn fan_mark_flags() {
        // fanotify_mark: syscall(301, -1, V, 0, -100, "/nonexistent/x")
        check_flags(
            &FAN_MARK_FLAGS,
            &[
                (0x0, "0"),
                (0x800, "0x800 /* FAN_MARK_??? */"),
                (
                    0xffffffff,
                    "FAN_MARK_ADD|FAN_MARK_REMOVE|FAN_MARK_DONT_FOLLOW|FAN_MARK_ONLYDIR|FAN_MARK_MOUNT|FAN_MARK_IGNORED_MASK|FAN_MARK_IGNORED_SURV_MODIFY|FAN_MARK_FLUSH|FAN_MARK_FILESYSTEM|FAN_MARK_EVICTABLE|FAN_MARK_IGNORE|0xfffff800",
                ),
                (
                    0x55555555,
                    "FAN_MARK_ADD|FAN_MARK_DONT_FOLLOW|FAN_MARK_MOUNT|FAN_MARK_IGNORED_SURV_MODIFY|FAN_MARK_FILESYSTEM|FAN_MARK_IGNORE|0x55555000",
                ),
                (
                    0xaaaaaaaa,
                    "FAN_MARK_REMOVE|FAN_MARK_ONLYDIR|FAN_MARK_IGNORED_MASK|FAN_MARK_FLUSH|FAN_MARK_EVICTABLE|0xaaaaa800",
                ),
            ],
        );
    }

    #[test]
    fn landlock_rule_types() {
        // landlock_add_rule: syscall(445, -1, V, 0, 0)
        check_vals(
            &LANDLOCK_RULE_TYPES,
            &[
                (0x1, "LANDLOCK_RULE_PATH_BENEATH"),
                (0x2, "0x2 /* LANDLOCK_RULE_??? */"),
                (0xffffffff, "0xffffffff /* LANDLOCK_RULE_??? */"),
            ],
        );
    }

    #[test]
    fn move_pages_flags() {
        // move_pages: syscall(279, BIG, 0, 0, 0, 0, V)
        check_flags(
            &MOVE_PAGES_FLAGS,
            &[
                (0x0, "0"),
                (0x1, "0x1 /* MPOL_??? */"),
                (0xffffffff, "MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0xfffffff9"),
                (0x55555555, "MPOL_MF_MOVE_ALL|0x55555551"),
                (0xaaaaaaaa, "MPOL_MF_MOVE|0xaaaaaaa8"),
            ],
        );
    }

    #[test]
    fn memfd_secret_flags() {
        // memfd_secret: syscall(447, V)
        check_flags(
            &MEMFD_SECRET_FLAGS,
            &[
                (0x0, "0"),
                (0xffffffff, "O_CLOEXEC|0xfff7ffff"),
                (0x55555555, "0x55555555"),
                (0xaaaaaaaa, "O_CLOEXEC|0xaaa2aaaa"),
            ],
        );
    }

    #[test]
    fn landlock_create_ruleset_flags() {
        // landlock_create_ruleset: syscall(444, 0, 0, V)
        check_flags(
            &LANDLOCK_CREATE_RULESET_FLAGS,
            &[
                (0x0, "0"),
                (0x2, "0x2 /* LANDLOCK_CREATE_RULESET_??? */"),
                (0xffffffff, "LANDLOCK_CREATE_RULESET_VERSION|0xfffffffe"),
                (0x55555555, "LANDLOCK_CREATE_RULESET_VERSION|0x55555554"),
                (0xaaaaaaaa, "0xaaaaaaaa /* LANDLOCK_CREATE_RULESET_??? */"),
            ],
        );
    }

    #[test]
    fn fan_event_flags() {
        // fanotify_mark: syscall(301, -1, 0, V, -100, "/nonexistent/x")
        check_flags(
            &FAN_EVENT_FLAGS,
            &[
                (0x0, "0"),
                (0x2000, "0x2000 /* FAN_??? */"),
                (
                    0xffffffffffffffff,
                    "FAN_ACCESS|FAN_MODIFY|FAN_ATTRIB|FAN_CLOSE_WRITE|FAN_CLOSE_NOWRITE|FAN_OPEN|FAN_MOVED_FROM|FAN_MOVED_TO|FAN_CREATE|FAN_DELETE|FAN_DELETE_SELF|FAN_MOVE_SELF|FAN_OPEN_EXEC|FAN_Q_OVERFLOW|FAN_FS_ERROR|FAN_OPEN_PERM|FAN_ACCESS_PERM|FAN_OPEN_EXEC_PERM|FAN_DIR_MODIFY|FAN_ONDIR|FAN_EVENT_ON_CHILD|FAN_RENAME|0xffffffffa7f02000",
                ),
                (
                    0x55555555,
                    "FAN_ACCESS|FAN_ATTRIB|FAN_CLOSE_NOWRITE|FAN_MOVED_FROM|FAN_CREATE|FAN_DELETE_SELF|FAN_OPEN_EXEC|FAN_Q_OVERFLOW|FAN_OPEN_PERM|FAN_OPEN_EXEC_PERM|FAN_ONDIR|FAN_RENAME|0x5500000",
                ),
                (
                    0xaaaaaaaa,
                    "FAN_MODIFY|FAN_CLOSE_WRITE|FAN_OPEN|FAN_MOVED_TO|FAN_DELETE|FAN_MOVE_SELF|FAN_FS_ERROR|FAN_ACCESS_PERM|FAN_DIR_MODIFY|FAN_EVENT_ON_CHILD|0xa2a02000",
                ),
            ],
        );
    }
}
