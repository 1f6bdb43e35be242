//! Syscall facts as data: one [`Row`] per syscall, keyed by name. Everything else — what the
//! kernel copies ([`capture_spec`]), the decoders' dispatch, the `%class` filters — is derived
//! from the rows. Numbers come from the `syscalls` crate for the architecture being traced.
mod rows;
pub mod xlat;

use tracer_common::{
    ArgSpec, CAPTURE_MAX, CaptureKind, MAX_CAPTURES, SyscallSpec, specflags, when,
};

pub use rows::ROWS;

/// How one argument is decoded and printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Signed int (C `int`: the low 32 bits, sign-extended).
    Int,
    /// Signed long.
    Long,
    /// Unsigned long in decimal (sizes, counts).
    Ulong,
    /// Unsigned value in hex.
    Hex,
    /// A file descriptor.
    Fd,
    /// A directory fd for *at() calls: `AT_FDCWD` or an fd.
    DirFd,
    /// A NUL-terminated path read from the tracee.
    Path,
    /// A NUL-terminated string that is not a path (printed with `-s` applied).
    Str,
    /// A pointer printed as an address (`NULL` when 0).
    Ptr,
    /// A buffer the tracee passes in; its length is argument N.
    BufIn(u8),
    /// A buffer the kernel fills; its length is the return value.
    BufOut,
    /// Like `BufOut`, for binary data strace always prints in hex (getrandom's bytes).
    BufOutBinary,
    /// open()'s flags.
    OpenFlags,
    /// A file mode in octal (with O_CREAT/O_TMPFILE only, for open).
    Mode,
    /// access()'s mode: F_OK or R_OK|W_OK|X_OK.
    AccessMode,
    /// Bit flags named by a table (strace's printflags): `PROT_READ|PROT_WRITE`.
    Flags(&'static Xlat),
    /// One value named by a table (strace's printxval): `SEEK_SET`, `ARCH_SET_FS`.
    Val(&'static Xlat),
    /// A signal number: `SIGKILL`.
    Signal,
    /// A struct the tracee passes in, copied whole.
    StructIn(crate::decode::structs::Struct),
    /// A struct the kernel fills, copied whole when the call succeeds.
    StructOut(crate::decode::structs::Struct),
    /// A hand-written decoder for the real exceptions (fcntl, ioctl, futex, clone, poll…): it
    /// sees the whole call, may print nothing at this position, and says what the kernel copies.
    Custom(crate::decode::custom::Custom),
    /// Anything the decoders don't know yet: printed as strace prints an undecoded argument.
    Raw,
}

/// A name table for flag or value arguments, one constant per entry, in strace's order.
#[derive(Debug, PartialEq, Eq)]
pub struct Xlat {
    pub entries: &'static [(u64, &'static str)],
    /// What strace prints in a comment after an unknown value (`0x8 /* SEEK_??? */`), and for
    /// flags: `Some` prints a zero value as `0`.
    pub dflt: Option<&'static str>,
    /// How many low bits of the argument count (32 for C `int` and `unsigned int`).
    pub bits: u32,
}

/// How the return value prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    /// Decimal, or `-1 ERRNO (message)` on error.
    Int,
    /// A new file descriptor.
    Fd,
    /// An address in hex (mmap, brk).
    Addr,
    /// Hex.
    Hex,
    /// Octal with a leading zero (umask).
    Octal,
    /// Never returns: `= ?`.
    NoReturn,
}

/// strace's syscall classes (`-e trace=%file` …).
pub mod class {
    pub const FILE: u32 = 1 << 0;
    pub const DESC: u32 = 1 << 1;
    pub const NETWORK: u32 = 1 << 2;
    pub const PROCESS: u32 = 1 << 3;
    pub const SIGNAL: u32 = 1 << 4;
    pub const IPC: u32 = 1 << 5;
    pub const MEMORY: u32 = 1 << 6;
    pub const CREDS: u32 = 1 << 7;
    pub const CLOCK: u32 = 1 << 8;
    pub const STAT: u32 = 1 << 9;
    pub const LSTAT: u32 = 1 << 10;
    pub const FSTAT: u32 = 1 << 11;
    pub const STAT_LIKE: u32 = 1 << 12;
    pub const STATFS: u32 = 1 << 13;
    pub const FSTATFS: u32 = 1 << 14;
    pub const STATFS_LIKE: u32 = 1 << 15;
    pub const PURE: u32 = 1 << 16;
}

/// The facts about one syscall.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub name: &'static str,
    pub args: &'static [Arg],
    pub ret: Ret,
    pub class: u32,
}

/// Which syscall numbering to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Aarch64,
}

impl Arch {
    /// The architecture tracer runs on (and traces).
    pub const fn native() -> Self {
        #[cfg(target_arch = "aarch64")]
        {
            Arch::Aarch64
        }
        #[cfg(not(target_arch = "aarch64"))]
        {
            Arch::X86_64
        }
    }

    /// The syscall's name as strace prints it, if the number is known on this arch.
    pub fn name(self, nr: u32) -> Option<&'static str> {
        match self {
            Arch::X86_64 => syscalls::x86_64::Sysno::new(nr as usize).map(|s| s.name()),
            Arch::Aarch64 => syscalls::aarch64::Sysno::new(nr as usize).map(|s| s.name()),
        }
    }

    /// The number of a syscall by name, if this arch has it.
    pub fn number(self, name: &str) -> Option<u32> {
        match self {
            Arch::X86_64 => name
                .parse::<syscalls::x86_64::Sysno>()
                .ok()
                .map(|s| s.id() as u32),
            Arch::Aarch64 => name
                .parse::<syscalls::aarch64::Sysno>()
                .ok()
                .map(|s| s.id() as u32),
        }
    }
}

/// The rows indexed by syscall number for one architecture.
pub struct Table {
    pub arch: Arch,
    by_nr: Vec<Option<&'static Row>>,
}

impl Table {
    pub fn new(arch: Arch) -> Self {
        let mut by_nr = vec![None; tracer_common::MAX_SYSCALLS as usize];
        for row in ROWS {
            if let Some(nr) = arch.number(row.name)
                && let Some(slot) = by_nr.get_mut(nr as usize)
            {
                *slot = Some(row);
            }
        }
        Table { arch, by_nr }
    }

    pub fn row(&self, nr: u32) -> Option<&'static Row> {
        self.by_nr.get(nr as usize).copied().flatten()
    }

    /// The name strace prints: that of the row. Numbers without a row are syscalls strace does
    /// not know either; it prints them as `syscall_0x…`.
    pub fn name(&self, nr: u32) -> Option<&'static str> {
        self.row(nr).map(|r| r.name)
    }

    /// Specs for every number, to load into the kernel's SPECS map: what to copy (from the row)
    /// and whether `-e trace=` selected it. Numbers without a row are traced with raw arguments.
    pub fn capture_specs(
        &self,
        max_str: usize,
        selected: impl Fn(u32) -> bool,
    ) -> Vec<(u32, SyscallSpec)> {
        (0..tracer_common::MAX_SYSCALLS)
            .map(|nr| {
                let mut spec = self
                    .row(nr)
                    .map(|row| capture_spec(row, max_str))
                    .unwrap_or_default();
                if selected(nr) {
                    spec.flags |= specflags::SELECTED;
                }
                (nr, spec)
            })
            .collect()
    }
}

/// What the kernel copies for a syscall: derived from its row alone. `max_str` is `-s`: buffers
/// are copied up to one byte more, so the printer knows whether to add `...`.
pub fn capture_spec(row: &Row, max_str: usize) -> SyscallSpec {
    let is_exec = matches!(row.name, "execve" | "execveat");
    let buf_max = (max_str as u32).saturating_add(1).min(CAPTURE_MAX);
    let mut spec = SyscallSpec::default();
    let mut n = 0;
    for (i, arg) in row.args.iter().enumerate() {
        let (kind, len_arg, w, max) = match *arg {
            Arg::Path | Arg::Str => (
                CaptureKind::CStr,
                0,
                if is_exec { when::ENTER } else { when::EXIT },
                CAPTURE_MAX,
            ),
            Arg::BufIn(len) => (CaptureKind::BufLenArg, len, when::EXIT, buf_max),
            Arg::BufOut | Arg::BufOutBinary => (CaptureKind::BufLenRet, 0, when::EXIT_OK, buf_max),
            Arg::StructIn(k) => (CaptureKind::Fixed, 0, when::EXIT, k.size()),
            Arg::StructOut(k) => (CaptureKind::Fixed, 0, when::EXIT_OK, k.size()),
            Arg::Custom(c) => {
                for cap in c.captures(i).into_iter().flatten() {
                    if n == MAX_CAPTURES {
                        break;
                    }
                    spec.args[n] = ArgSpec {
                        kind: cap.kind as u8,
                        arg: cap.reg,
                        len_arg: cap.len_arg,
                        when: cap.when,
                        max: cap.max,
                    };
                    if cap.when == when::ENTER {
                        spec.flags |= specflags::ENTER_CAPTURES;
                    }
                    n += 1;
                }
                continue;
            }
            _ => continue,
        };
        if n == MAX_CAPTURES {
            break;
        }
        spec.args[n] = ArgSpec {
            kind: kind as u8,
            arg: i as u8,
            len_arg,
            when: w,
            max,
        };
        if w == when::ENTER {
            spec.flags |= specflags::ENTER_CAPTURES;
        }
        n += 1;
    }
    if row.ret == Ret::NoReturn {
        spec.flags |= specflags::NO_RETURN;
    }
    if is_exec {
        spec.flags |= specflags::IS_EXEC;
    }
    if row.class & class::SIGNAL != 0 && row.class & class::PROCESS != 0 {
        // kill, tkill, tgkill, rt_sigqueueinfo…: %signal and %process at once.
        spec.flags |= specflags::MAY_SIGNAL;
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_syscall_of_some_arch() {
        for row in ROWS {
            assert!(
                Arch::X86_64.number(row.name).is_some() || Arch::Aarch64.number(row.name).is_some(),
                "{} is no syscall",
                row.name
            );
            assert!(row.args.len() <= 6, "{}", row.name);
        }
    }

    #[test]
    fn rows_are_unique() {
        let mut names: Vec<_> = ROWS.iter().map(|r| r.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }

    #[test]
    fn spec_derived_from_row() {
        let t = Table::new(Arch::X86_64);
        let openat = t.row(257).unwrap();
        let s = capture_spec(openat, 32);
        assert_eq!(s.args[0].kind, CaptureKind::CStr as u8);
        assert_eq!(s.args[0].arg, 1);
        let write = capture_spec(t.row(1).unwrap(), 32);
        assert_eq!(
            (write.args[0].kind, write.args[0].len_arg, write.args[0].max),
            (CaptureKind::BufLenArg as u8, 2, 33)
        );
        let exit_group = capture_spec(t.row(231).unwrap(), 32);
        assert_eq!(exit_group.flags, specflags::NO_RETURN);
        let execve = capture_spec(t.row(59).unwrap(), 32);
        assert_eq!(execve.flags, specflags::ENTER_CAPTURES | specflags::IS_EXEC);
    }
}
