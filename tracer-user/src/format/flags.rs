//! Flag and small-number arguments as strace prints them: bit sets against a name table (strace's
//! `printflags`), `open` flags and mode, `access` modes and the directory fd of the `*at` calls.
//!
//! Values come from traced programs, so any bit pattern is valid input: bits without a name print
//! in hex next to the names.

use std::fmt::Write as _;

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
const OPEN_ACCESS_MODES: [&str; 4] = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

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

/// Prints `value` as strace's `printflags` does: the names of the table entries whose bits are
/// all set, in table order, joined by `|`, then any bits left over in hex (`R_OK|W_OK|0x8`).
///
/// When no name matches, the value prints in hex followed by `dflt` as a comment
/// (`0x8 /* ?_OK */`). Zero prints as the name of the table's first entry if that entry's value
/// is zero, otherwise as `0` when `dflt` is given and as nothing at all when it is not (strace
/// does the same; its callers that can see zero pass a `dflt`).
pub fn print_flags(out: &mut String, value: u64, table: &[(u64, &str)], dflt: Option<&str>) {
    let mut left = value;
    let mut printed = 0usize;
    for &(bits, name) in table {
        if left == bits || (bits != 0 && left & bits == bits) {
            if printed > 0 {
                out.push('|');
            }
            out.push_str(name);
            printed += 1;
            left &= !bits;
        }
        if left == 0 {
            break;
        }
    }
    if printed > 0 {
        if left != 0 {
            out.push('|');
            push_hex(out, left);
        }
    } else if left != 0 {
        push_hex(out, left);
        if let Some(comment) = dflt.filter(|c| !c.is_empty()) {
            out.push_str(" /* ");
            out.push_str(comment);
            out.push_str(" */");
        }
    } else if dflt.is_some() {
        out.push('0');
    }
}

/// Prints a value that is one of a table's (strace's printxval): its name, else the number in
/// hex with `dflt` as a comment (`0x10 /* SEEK_??? */`), or in decimal when there is no `dflt`.
pub fn print_xval(out: &mut String, value: u64, table: &[(u64, &str)], dflt: Option<&str>) {
    match table.iter().find(|(v, _)| *v == value) {
        Some((_, name)) => out.push_str(name),
        None => match dflt {
            // strace prints an unnamed zero as `0`, not `0x0`.
            Some(comment) if value == 0 => {
                out.push_str("0 /* ");
                out.push_str(comment);
                out.push_str(" */");
            }
            Some(comment) => {
                push_hex(out, value);
                out.push_str(" /* ");
                out.push_str(comment);
                out.push_str(" */");
            }
            None => {
                let _ = write!(out, "{value}");
            }
        },
    }
}

/// Prints `open`/`openat` flags: the access mode (`O_RDONLY`, `O_WRONLY`, `O_RDWR`, or
/// `O_ACCMODE` when both bits are set), then the other flags' names and any unknown bits in hex.
/// Like strace, only the low 32 bits count: the kernel takes an `int`.
pub fn print_open_flags(out: &mut String, flags: u64) {
    let flags = u64::from(flags as u32);
    let mode = usize::try_from(flags & open::O_ACCMODE).unwrap_or(0);
    out.push_str(OPEN_ACCESS_MODES.get(mode).copied().unwrap_or("O_RDONLY"));
    let mut left = flags & !open::O_ACCMODE;
    for &(bits, name) in OPEN_FLAGS {
        if left == 0 {
            break;
        }
        if left & bits == bits {
            out.push('|');
            out.push_str(name);
            left &= !bits;
        }
    }
    if left != 0 {
        out.push('|');
        push_hex(out, left);
    }
}

/// Whether `open`/`openat` flags make strace print the third argument, the mode: when `O_CREAT`
/// or `__O_TMPFILE` is set.
pub fn open_flags_have_mode(flags: u64) -> bool {
    flags & (open::O_CREAT | open::__O_TMPFILE) != 0
}

/// Prints a file mode argument of `open` in octal with a leading zero and at least three digits
/// (`0644`, `000`, `007`). Like strace, only the low 16 bits count (`umode_t`).
pub fn print_open_mode(out: &mut String, mode: u64) {
    let mode = mode as u16;
    let digits = if mode == 0 {
        String::from("0")
    } else {
        format!("0{mode:o}")
    };
    for _ in digits.len()..3 {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Prints the directory fd of an `*at` call: `AT_FDCWD`, or the number. The kernel takes an
/// `int`, so only the low 32 bits count (0xffffff9c is `AT_FDCWD` too).
pub fn print_dirfd(out: &mut String, fd: i64) {
    let fd = fd as i32;
    if fd == AT_FDCWD {
        out.push_str("AT_FDCWD");
    } else {
        // Writing to a String cannot fail.
        let _ = write!(out, "{fd}");
    }
}

/// Prints the mode of `access`/`faccessat`/`faccessat2`: `F_OK`, or `R_OK|W_OK|X_OK` and
/// unknown bits in hex (`0x8 /* ?_OK */` when none is known). Only the low 32 bits count.
pub fn print_access_mode(out: &mut String, mode: u64) {
    print_flags(out, u64::from(mode as u32), ACCESS_MODES, Some("?_OK"));
}

fn push_hex(out: &mut String, value: u64) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{value:#x}");
}

#[cfg(test)]
mod tests {
    //! Expected strings were printed by strace 6.1 on x86_64 for raw system calls made from
    //! Python with ctypes, e.g. for open flags
    //! `strace -qq -e trace=openat python3 -c 'import ctypes; ctypes.CDLL(None).syscall(257,
    //! -100, b"/nonexistent/x", FLAGS, MODE)'`, and likewise faccessat (269) and faccessat2 (439).

    use super::*;

    fn flags(value: u64, table: &FlagTable, dflt: Option<&str>) -> String {
        let mut out = String::new();
        print_flags(&mut out, value, table, dflt);
        out
    }

    fn open_flags(value: u64) -> String {
        let mut out = String::new();
        print_open_flags(&mut out, value);
        out
    }

    fn mode(value: u64) -> String {
        let mut out = String::new();
        print_open_mode(&mut out, value);
        out
    }

    fn dirfd(value: i64) -> String {
        let mut out = String::new();
        print_dirfd(&mut out, value);
        out
    }

    fn access(value: u64) -> String {
        let mut out = String::new();
        print_access_mode(&mut out, value);
        out
    }

    /// faccessat2's flags table in strace.
    const AT_FLAGS: &FlagTable = &[
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_EACCESS"),
        (0x1000, "AT_EMPTY_PATH"),
    ];

    #[test]
    fn generic_flags() {
        // faccessat2(AT_FDCWD, "/nonexistent/x", F_OK, FLAGS)
        let at = |v| flags(v, AT_FLAGS, Some("AT_???"));
        assert_eq!(at(0), "0");
        assert_eq!(at(0x100), "AT_SYMLINK_NOFOLLOW");
        assert_eq!(at(0x1), "0x1 /* AT_??? */");
        assert_eq!(at(0x1300), "AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH");
        assert_eq!(
            at(0x1301),
            "AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH|0x1"
        );
        assert_eq!(
            at(0xffff_ffff),
            "AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH|0xffffecff"
        );
        // Not from strace runs: the cases its printflags handles without a `dflt`.
        assert_eq!(flags(0, AT_FLAGS, None), "");
        assert_eq!(flags(0x1, AT_FLAGS, None), "0x1");
        assert_eq!(flags(0x1, AT_FLAGS, Some("")), "0x1");
        assert_eq!(flags(u64::MAX, &[], None), "0xffffffffffffffff");
        // A zero entry that is not first is never printed.
        assert_eq!(flags(0, &[(1, "A"), (0, "Z")], Some("X_???")), "0");
    }

    #[test]
    fn access_modes() {
        // faccessat(AT_FDCWD, "/nonexistent/x", MODE)
        assert_eq!(access(0), "F_OK");
        assert_eq!(access(1), "X_OK");
        assert_eq!(access(6), "R_OK|W_OK");
        assert_eq!(access(7), "R_OK|W_OK|X_OK");
        assert_eq!(access(8), "0x8 /* ?_OK */");
        assert_eq!(access(0xf), "R_OK|W_OK|X_OK|0x8");
        assert_eq!(access(0x1_0000_0000), "F_OK");
        assert_eq!(access(0x1_0000_0004), "R_OK");
    }

    #[test]
    fn open_access_modes() {
        assert_eq!(open_flags(0), "O_RDONLY");
        assert_eq!(open_flags(1), "O_WRONLY");
        assert_eq!(open_flags(2), "O_RDWR");
        assert_eq!(open_flags(3), "O_ACCMODE");
        assert_eq!(open_flags(4), "O_RDONLY|0x4");
        assert_eq!(open_flags(7), "O_ACCMODE|0x4");
        // The kernel's flags are an int: bit 32 and up are dropped.
        assert_eq!(open_flags(0x1_0000_0000), "O_RDONLY");
        assert_eq!(open_flags(0x1_0000_0003), "O_ACCMODE");
    }

    #[test]
    fn open_flag_names() {
        for (value, want) in [
            (0o100, "O_RDONLY|O_CREAT"),
            (open::O_TMPFILE, "O_RDONLY|O_TMPFILE"),
            (0o20000000, "O_RDONLY|__O_TMPFILE"),
            (0o4010000, "O_RDONLY|O_SYNC"),
            (0o4000000, "O_RDONLY|__O_SYNC"),
            (0o10000, "O_RDONLY|O_DSYNC"),
            (0o20000, "O_RDONLY|FASYNC"),
            (0o1000000, "O_RDONLY|O_NOATIME"),
            (0o2000000, "O_RDONLY|O_CLOEXEC"),
            (0o10000000, "O_RDONLY|O_PATH"),
            (0x8000_0000, "O_RDONLY|0x80000000"),
            (0x4000_0000, "O_RDONLY|0x40000000"),
        ] {
            assert_eq!(open_flags(value), want, "{value:#o}");
        }
        // openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
        assert_eq!(open_flags(open::O_CLOEXEC), "O_RDONLY|O_CLOEXEC");
    }

    #[test]
    #[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
    fn open_flag_names_generic() {
        assert_eq!(open_flags(0o20200000), "O_RDONLY|O_TMPFILE");
        assert_eq!(open_flags(0o200000), "O_RDONLY|O_DIRECTORY");
        assert_eq!(open_flags(0o40000), "O_RDONLY|O_DIRECT");
        assert_eq!(open_flags(0o100000), "O_RDONLY|O_LARGEFILE");
        assert_eq!(open_flags(0o400000), "O_RDONLY|O_NOFOLLOW");
        assert_eq!(
            open_flags(0xffff_ffff),
            "O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|\
             O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0xff80003c"
        );
    }

    #[test]
    #[cfg(any(target_arch = "aarch64", target_arch = "arm"))]
    fn open_flag_names_arm() {
        // Not from a strace run: arm64's values with the same table.
        assert_eq!(open_flags(0o40000), "O_RDONLY|O_DIRECTORY");
        assert_eq!(open_flags(0o100000), "O_RDONLY|O_NOFOLLOW");
        assert_eq!(open_flags(0o200000), "O_RDONLY|O_DIRECT");
        assert_eq!(open_flags(0o400000), "O_RDONLY|O_LARGEFILE");
        assert_eq!(open_flags(0o20040000), "O_RDONLY|O_TMPFILE");
    }

    #[test]
    fn open_mode() {
        assert!(open_flags_have_mode(open::O_CREAT));
        assert!(open_flags_have_mode(open::__O_TMPFILE));
        assert!(!open_flags_have_mode(open::O_DIRECTORY | 2));
        // openat(…, O_RDONLY|O_CREAT, MODE)
        assert_eq!(mode(0), "000");
        assert_eq!(mode(0o7), "007");
        assert_eq!(mode(0o10), "010");
        assert_eq!(mode(0o644), "0644");
        assert_eq!(mode(0o104755), "0104755");
        assert_eq!(mode(0x10000), "000");
        assert_eq!(mode(u64::MAX), "0177777");
    }

    #[test]
    fn dirfds() {
        // openat(DIRFD, "/nonexistent/x", O_RDONLY)
        assert_eq!(dirfd(-100), "AT_FDCWD");
        assert_eq!(dirfd(0xffff_ff9c), "AT_FDCWD");
        assert_eq!(dirfd(0x1_ffff_ff9c), "AT_FDCWD");
        assert_eq!(dirfd(-1), "-1");
        assert_eq!(dirfd(0xffff_ffff), "-1");
        assert_eq!(dirfd(0x7fff_ffff), "2147483647");
        assert_eq!(dirfd(0x1_0000_0005), "5");
    }
}
