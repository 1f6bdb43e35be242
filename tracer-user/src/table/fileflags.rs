//! The `open` family's flag values and names, and `access` modes: facts of the kernel's ABI
//! that decoders, filters and printers share.

/// A flag table: values and names, in the order strace prints them. A name whose value has
/// several bits goes before the names of its parts, so that it wins when all of them are set.
pub type FlagTable = [(u64, &'static str)];

/// The `dirfd` value meaning "the current directory".
pub const AT_FDCWD: i32 = -100;

/// The `open` flag values whose numbers differ between architectures; the rest are the same on
/// every architecture tracer supports. arm64 (and 32-bit arm) move these four.
#[cfg(any(target_arch = "aarch64", target_arch = "arm"))]
mod arch {
    pub const O_DIRECTORY: u64 = 0o40000;
    pub const O_NOFOLLOW: u64 = 0o100000;
    pub const O_DIRECT: u64 = 0o200000;
    pub const O_LARGEFILE: u64 = 0o400000;
}

/// The `open` flag values whose numbers differ between architectures: here the generic ones
/// (x86_64, riscv64, …).
#[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
mod arch {
    pub const O_DIRECT: u64 = 0o40000;
    pub const O_LARGEFILE: u64 = 0o100000;
    pub const O_DIRECTORY: u64 = 0o200000;
    pub const O_NOFOLLOW: u64 = 0o400000;
}

/// `open` flag values, as the kernel defines them.
pub mod open {
    pub use super::arch::{O_DIRECT, O_DIRECTORY, O_LARGEFILE, O_NOFOLLOW};

    /// The access-mode bits.
    pub const O_ACCMODE: u64 = 0o3;
    pub const O_CREAT: u64 = 0o100;
    pub const O_EXCL: u64 = 0o200;
    pub const O_NOCTTY: u64 = 0o400;
    pub const O_TRUNC: u64 = 0o1000;
    pub const O_APPEND: u64 = 0o2000;
    pub const O_NONBLOCK: u64 = 0o4000;
    pub const O_DSYNC: u64 = 0o10000;
    pub const FASYNC: u64 = 0o20000;
    pub const O_NOATIME: u64 = 0o1000000;
    pub const O_CLOEXEC: u64 = 0o2000000;
    /// The bit `O_SYNC` adds to `O_DSYNC`.
    pub const __O_SYNC: u64 = 0o4000000;
    pub const O_SYNC: u64 = __O_SYNC | O_DSYNC;
    pub const O_PATH: u64 = 0o10000000;
    /// The bit `O_TMPFILE` adds to `O_DIRECTORY`.
    pub const __O_TMPFILE: u64 = 0o20000000;
    pub const O_TMPFILE: u64 = __O_TMPFILE | O_DIRECTORY;
}

/// Names of the four access modes (`flags & O_ACCMODE`), by value.
pub const OPEN_ACCESS_MODES: [&str; 4] = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

/// The `open` flags other than the access mode, in strace's order: `O_SYNC` before `__O_SYNC`
/// and `O_DSYNC`, `O_TMPFILE` before `__O_TMPFILE` and `O_DIRECTORY`.
pub const OPEN_FLAGS: &FlagTable = {
    use open::*;
    &[
        (O_CREAT, "O_CREAT"),
        (O_EXCL, "O_EXCL"),
        (O_NOCTTY, "O_NOCTTY"),
        (O_TRUNC, "O_TRUNC"),
        (O_APPEND, "O_APPEND"),
        (O_NONBLOCK, "O_NONBLOCK"),
        (O_SYNC, "O_SYNC"),
        (__O_SYNC, "__O_SYNC"),
        (O_DSYNC, "O_DSYNC"),
        (O_DIRECT, "O_DIRECT"),
        (O_LARGEFILE, "O_LARGEFILE"),
        (O_NOFOLLOW, "O_NOFOLLOW"),
        (O_NOATIME, "O_NOATIME"),
        (O_CLOEXEC, "O_CLOEXEC"),
        (O_PATH, "O_PATH"),
        (O_TMPFILE, "O_TMPFILE"),
        (__O_TMPFILE, "__O_TMPFILE"),
        (O_DIRECTORY, "O_DIRECTORY"),
        (FASYNC, "FASYNC"),
    ]
};

/// `access`/`faccessat` modes. `F_OK` is zero, so it prints only when no other bit is set.
pub const ACCESS_MODES: &FlagTable = &[(0, "F_OK"), (4, "R_OK"), (2, "W_OK"), (1, "X_OK")];

/// Whether `open`/`openat` flags make strace print the third argument, the mode: when `O_CREAT`
/// or `__O_TMPFILE` is set.
pub fn open_flags_have_mode(flags: u64) -> bool {
    flags & (open::O_CREAT | open::__O_TMPFILE) != 0
}
