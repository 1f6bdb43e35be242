//! Flag and small-number arguments as strace prints them: bit sets against a name table (strace's
//! `printflags`), `open` flags and mode, `access` modes and the directory fd of the `*at` calls.
//!
//! Values come from traced programs, so any bit pattern is valid input: bits without a name print
//! in hex next to the names.

use std::fmt::Write as _;

use super::XlatStyle;
use crate::table::fileflags::OPEN_ACCESS_MODES;
pub use crate::table::fileflags::{
    ACCESS_MODES, AT_FDCWD, FlagTable, OPEN_FLAGS, open, open_flags_have_mode,
};
use crate::table::{NumFmt, Xlat};

/// A number as strace shows a constant's: `%#x` (`0` for zero), or decimal.
pub fn push_num(out: &mut String, value: u64, fmt: NumFmt, bits: u32) {
    // Writing to a String cannot fail.
    let _ = match fmt {
        NumFmt::Hex if value == 0 => write!(out, "0"),
        NumFmt::Hex => write!(out, "{value:#x}"),
        NumFmt::Udec => write!(out, "{value}"),
        NumFmt::Dec if bits <= 32 => write!(out, "{}", value as u32 as i32),
        NumFmt::Dec => write!(out, "{}", value as i64),
    };
}

fn comment(out: &mut String, text: &str) {
    out.push_str(" /* ");
    out.push_str(text);
    out.push_str(" */");
}

/// The names of the table entries whose bits are all set in `value`, in table order, joined
/// by `|`, then any bits left over in hex (`R_OK|W_OK|0x8`); None when no name matches. A
/// zero value matches only an entry of value zero.
fn flag_names(value: u64, table: &[(u64, &str)]) -> Option<String> {
    let mut left = value;
    let mut names = String::new();
    for &(bits, name) in table {
        if left == bits || (bits != 0 && left & bits == bits) {
            if !names.is_empty() {
                names.push('|');
            }
            names.push_str(name);
            left &= !bits;
        }
        if left == 0 {
            break;
        }
    }
    if names.is_empty() {
        return None;
    }
    if left != 0 {
        names.push('|');
        push_hex(&mut names, left);
    }
    Some(names)
}

/// Prints `value` as strace's `printflags` does in `style`: the names of the table entries
/// whose bits are all set, in table order, joined by `|`, then any bits left over in hex
/// (`R_OK|W_OK|0x8`); with `-X raw` the number; with `-X verbose` the number and the names in
/// a comment.
///
/// When no name matches, the value prints in hex followed by `dflt` as a comment
/// (`0x8 /* ?_OK */`). Zero prints as the name of the table's first entry if that entry's value
/// is zero, otherwise as `0` when `dflt` is given and as nothing at all when it is not (strace
/// does the same; its callers that can see zero pass a `dflt`).
pub fn print_flags(
    out: &mut String,
    value: u64,
    table: &[(u64, &str)],
    dflt: Option<&str>,
    style: XlatStyle,
) {
    if style == XlatStyle::Raw {
        if value != 0 || dflt.is_some() {
            push_hex(out, value);
        }
        return;
    }
    match flag_names(value, table) {
        Some(names) if style == XlatStyle::Verbose => {
            push_hex(out, value);
            comment(out, &names);
        }
        Some(names) => out.push_str(&names),
        None if value != 0 => {
            push_hex(out, value);
            if let Some(c) = dflt.filter(|c| !c.is_empty()) {
                comment(out, c);
            }
        }
        None if dflt.is_some() => out.push('0'),
        None => {}
    }
}

/// Prints a value that is one of a table's (strace's printxval) in `style`: its name, else the
/// number (in the table's format) with `dflt` as a comment (`0x10 /* SEEK_??? */`); `-X raw`:
/// the number; `-X verbose`: the number and the name in a comment.
pub fn print_xval(out: &mut String, value: u64, x: &Xlat, style: XlatStyle) {
    let name = x.name(value);
    if style != XlatStyle::Abbrev || name.is_none() {
        push_num(out, value, x.fmt, x.bits);
    }
    if style == XlatStyle::Raw {
        return;
    }
    match (name, style) {
        (Some(n), XlatStyle::Verbose) => comment(out, n),
        (Some(n), _) => out.push_str(n),
        (None, _) => {
            if let Some(c) = x.dflt {
                comment(out, c);
            }
        }
    }
}

/// A constant strace prints with `print_xlat_ex`: `name`, `-X raw` the number, `-X verbose`
/// the number and the name in a comment.
pub fn print_named(out: &mut String, number: &str, name: &str, style: XlatStyle) {
    match style {
        XlatStyle::Abbrev => out.push_str(name),
        XlatStyle::Raw => out.push_str(number),
        XlatStyle::Verbose => {
            out.push_str(number);
            comment(out, name);
        }
    }
}

/// The text of `open`/`openat` flags: the access mode (`O_RDONLY`, `O_WRONLY`, `O_RDWR`, or
/// `O_ACCMODE` when both bits are set), then the other flags' names and any unknown bits in
/// hex. Like strace, only the low 32 bits count: the kernel takes an `int`.
fn open_flag_names(flags: u64) -> String {
    let mut out = String::new();
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
        push_hex(&mut out, left);
    }
    out
}

/// Prints `open`/`openat` flags in `style` (strace's `tprint_open_modes`).
pub fn print_open_flags(out: &mut String, flags: u64, style: XlatStyle) {
    let flags = u64::from(flags as u32);
    let mut number = String::new();
    push_num(&mut number, flags, NumFmt::Hex, 32);
    print_named(out, &number, &open_flag_names(flags), style);
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

/// Prints the directory fd of an `*at` call: `AT_FDCWD` (`-100` with `-X raw`), or the number.
/// The kernel takes an `int`, so only the low 32 bits count (0xffffff9c is `AT_FDCWD` too).
pub fn print_dirfd(out: &mut String, fd: i64, style: XlatStyle) {
    let fd = fd as i32;
    if fd == AT_FDCWD {
        print_named(out, "-100", "AT_FDCWD", style);
    } else {
        // Writing to a String cannot fail.
        let _ = write!(out, "{fd}");
    }
}

/// Prints the mode of `access`/`faccessat`/`faccessat2`: `F_OK`, or `R_OK|W_OK|X_OK` and
/// unknown bits in hex (`0x8 /* ?_OK */` when none is known). Only the low 32 bits count.
pub fn print_access_mode(out: &mut String, mode: u64, style: XlatStyle) {
    print_flags(
        out,
        u64::from(mode as u32),
        ACCESS_MODES,
        Some("?_OK"),
        style,
    );
}

fn push_hex(out: &mut String, value: u64) {
    push_num(out, value, NumFmt::Hex, 64);
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
        print_flags(&mut out, value, table, dflt, XlatStyle::Abbrev);
        out
    }

    fn open_flags(value: u64) -> String {
        let mut out = String::new();
        print_open_flags(&mut out, value, XlatStyle::Abbrev);
        out
    }

    fn mode(value: u64) -> String {
        let mut out = String::new();
        print_open_mode(&mut out, value);
        out
    }

    fn dirfd(value: i64) -> String {
        let mut out = String::new();
        print_dirfd(&mut out, value, XlatStyle::Abbrev);
        out
    }

    fn access(value: u64) -> String {
        let mut out = String::new();
        print_access_mode(&mut out, value, XlatStyle::Abbrev);
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
