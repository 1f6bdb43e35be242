//! Syscall facts as data: one [`Row`] per syscall, keyed by name. Everything else — what the
//! kernel copies ([`capture_spec`]), the decoders' dispatch, the `%class` filters — is derived
//! from the rows. Numbers come from the `syscalls` crate for the architecture being traced.
pub mod errno;
pub mod fileflags;
mod rows;
pub mod signals;
pub mod xlat;

use tracer_common::{
    ArgSpec, CAPTURE_MAX, CaptureKind, MAX_CAPTURES, SyscallSpec, array, specflags, when,
};

/// The start of a `struct msghdr` copied at recvmsg's entry: msg_name and msg_namelen.
pub const MSGHDR_NAME_PART: u32 = 16;

pub use rows::ROWS;

/// How one argument is decoded and printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Signed int (C `int`: the low 32 bits, sign-extended).
    Int,
    /// A process or thread id (a C `int`), named with `-Y` when positive (a negative one is
    /// a process group, never named).
    Pid,
    /// Signed long.
    Long,
    /// Unsigned long in decimal (sizes, counts).
    Ulong,
    /// Unsigned int in decimal (C `unsigned int` counts: the low 32 bits).
    Uint,
    /// Unsigned value in hex.
    Hex,
    /// A file descriptor.
    Fd,
    /// A directory fd for *at() calls: `AT_FDCWD` or an fd.
    DirFd,
    /// A NUL-terminated path read from the tracee.
    Path,
    /// A path the kernel writes (getcwd's buffer): read at exit, when the call succeeded.
    PathOut,
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
    /// A NULL-terminated array of strings (execve's argv): `["ls", "-l"]`, `-s` elements and
    /// `-s` bytes of each without `-v`.
    Argv,
    /// execve's envp: the address and `/* N vars */`; with `-v`, the strings like [`Arg::Argv`].
    Envp,
    /// An iovec array the tracee passes (writev); argument N is its element count.
    IovIn(u8),
    /// An iovec array the kernel fills (readv): the return value's worth of data is shown.
    IovOut(u8),
    /// An iovec array in another process (process_vm_readv's remote side): only addresses and
    /// lengths; argument N is its element count.
    IovAddrs(u8),
    /// A `struct msghdr` the tracee passes (sendmsg).
    MsgIn,
    /// A `struct msghdr` the kernel fills (recvmsg).
    MsgOut,
    /// sendmmsg's array of `struct mmsghdr` (argument 2 counts them), printed at exit with
    /// the `msg_len` of the messages sent.
    MmsgIn,
    /// recvmmsg's array of `struct mmsghdr`: the messages received (the return value).
    MmsgOut,
    /// A hand-written decoder for the real exceptions (fcntl, ioctl, futex, clone, poll…): it
    /// sees the whole call, may print nothing at this position, and says what the kernel copies.
    Special(&'static dyn crate::decode::special::Special),
    /// Anything the decoders don't know yet: printed as strace prints an undecoded argument.
    Raw,
    // ---- Network (decode/net.rs) ----
    /// socket's type: the kind and its flags, `SOCK_STREAM|SOCK_CLOEXEC`.
    SockType,
    /// socket's protocol, named as the domain in argument 0 says (`IPPROTO_TCP`, `NETLINK_ROUTE`).
    SockProto,
    /// A `struct sockaddr` the tracee passes in; its length is argument N (bind, connect, sendto).
    SockAddr(u8),
    /// A `struct sockaddr` the kernel fills; its length is the `socklen_t` argument N points to,
    /// read at entry (the room) and at exit (the size) (accept, getsockname, recvfrom).
    SockAddrOut(u8),
    /// The in/out length after a `SockAddrOut` or `SockOptOut`: `[16]`, or `[128 => 16]` when
    /// the kernel changed it.
    SockLenInOut,
    /// A socket option's name, named as the level in the argument before says; `true` for
    /// getsockopt (whose table differs a little from setsockopt's).
    SockOptName(bool),
    /// setsockopt's value; its length is argument N.
    SockOptIn(u8),
    /// getsockopt's value; its length is the `int` argument N points to (in and out).
    SockOptOut(u8),
    /// Two descriptors the kernel fills: `[3, 4]` (socketpair).
    FdPair,
    /// A buffer the kernel fills, as long as the return value but at most argument N: recvfrom
    /// with MSG_TRUNC returns the datagram's size, which may exceed the buffer.
    BufOutMax(u8),
}

/// How a constant's number prints where strace shows the number (no name for it, `-X raw`,
/// `-X verbose`): strace's `XLAT_STYLE_FMT_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumFmt {
    /// `%#x`: `0x1f`, and `0` for zero.
    Hex,
    /// Signed decimal of the value's `bits` (`-100`).
    Dec,
    /// Unsigned decimal.
    Udec,
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
    /// How the number prints.
    pub fmt: NumFmt,
}

impl Xlat {
    /// The same table, its numbers printed in (signed) decimal.
    pub const fn dec(self) -> Self {
        Xlat {
            fmt: NumFmt::Dec,
            ..self
        }
    }

    /// The same table, its numbers printed in unsigned decimal.
    pub const fn udec(self) -> Self {
        Xlat {
            fmt: NumFmt::Udec,
            ..self
        }
    }

    /// The name of `v`, if the table has one.
    pub fn name(&self, v: u64) -> Option<&'static str> {
        self.entries.iter().find(|(e, _)| *e == v).map(|&(_, n)| n)
    }
}

/// How the return value prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    /// Decimal, or `-1 ERRNO (message)` on error.
    Int,
    /// A process or thread id, named with `-Y`.
    Pid,
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
        verbose: impl Fn(u32) -> bool,
        selected: impl Fn(u32) -> bool,
    ) -> Vec<(u32, SyscallSpec)> {
        self.capture_specs_for(max_str, verbose, false, selected)
    }

    /// [`Table::capture_specs`], with `deep` the ptrace backend's: sizes not bounded by the
    /// kernel's limits ([`capture_spec_for`]).
    pub fn capture_specs_for(
        &self,
        max_str: usize,
        verbose: impl Fn(u32) -> bool,
        deep: bool,
        selected: impl Fn(u32) -> bool,
    ) -> Vec<(u32, SyscallSpec)> {
        (0..tracer_common::MAX_SYSCALLS)
            .map(|nr| {
                let mut spec = self
                    .row(nr)
                    .map(|row| capture_spec_for(row, max_str, verbose(nr), deep))
                    .unwrap_or_default();
                if selected(nr) {
                    spec.flags |= specflags::SELECTED;
                }
                (nr, spec)
            })
            .collect()
    }
}

/// Bytes of a `struct sockaddr` copied: `sizeof(struct sockaddr_storage)`, all strace reads.
const SOCKADDR_MAX: u32 = 128;

/// What the kernel copies for a syscall: derived from its row alone. `max_str` is `-s`: buffers
/// are copied up to one byte more, so the printer knows whether to add `...`.
pub fn capture_spec(row: &Row, max_str: usize) -> SyscallSpec {
    capture_spec_verbose(row, max_str, false)
}

/// [`capture_spec`] with `-v` (`verbose`): arrays are copied whole (up to
/// [`array::VERBOSE_ELEMS`] elements), envp as its strings.
pub fn capture_spec_verbose(row: &Row, max_str: usize, verbose: bool) -> SyscallSpec {
    capture_spec_for(row, max_str, verbose, false)
}

/// Bytes of one buffer or string the ptrace backend copies at most, whatever `-s` says (the
/// array layout's 24-bit iovec length bounds it).
pub const DEEP_BYTES_MAX: u32 = (1 << 24) - 1;

/// [`capture_spec_verbose`]; with `deep` (the ptrace backend, which reads tracee memory at
/// leisure), buffers and non-path strings are copied up to `-s` (+1, or +2 with the NUL) even
/// past [`CAPTURE_MAX`], up to [`DEEP_BYTES_MAX`]. Paths stay at [`CAPTURE_MAX`] (PATH_MAX,
/// all strace shows). Arrays keep their packed `max`: the ptrace capture widens them itself.
pub fn capture_spec_for(row: &Row, max_str: usize, verbose: bool, deep: bool) -> SyscallSpec {
    let is_exec = matches!(row.name, "execve" | "execveat");
    let bytes_max = if deep { DEEP_BYTES_MAX } else { CAPTURE_MAX };
    let s = u32::try_from(max_str).unwrap_or(u32::MAX);
    let buf_max = s.saturating_add(1).min(bytes_max);
    let str_max = s.saturating_add(2).clamp(CAPTURE_MAX, bytes_max);
    // Without -v, strace shows `-s` elements of an array, then `...`.
    let elems = if verbose {
        array::VERBOSE_ELEMS
    } else {
        u32::try_from(max_str).unwrap_or(u32::MAX)
    };
    // Two bytes more than `-s` for strings: the copy's NUL, and one byte to know it goes on.
    let strings = ArgSpec::array_max(elems, (max_str as u32).saturating_add(2));
    let buffers = ArgSpec::array_max(elems, buf_max);
    let in_or_exit = if is_exec { when::ENTER } else { when::EXIT };
    let mut spec = SyscallSpec::default();
    let mut n = 0;
    let mut push =
        |spec: &mut SyscallSpec, kind: CaptureKind, arg: usize, len_arg: u8, w: u8, max: u32| {
            if n == MAX_CAPTURES {
                return;
            }
            spec.args[n] = ArgSpec {
                kind: kind as u8,
                arg: arg as u8,
                len_arg,
                when: w,
                max,
            };
            if w == when::ENTER {
                spec.flags |= specflags::ENTER_CAPTURES;
            }
            n += 1;
        };
    for (i, arg) in row.args.iter().enumerate() {
        let (kind, len_arg, w, max) = match *arg {
            Arg::Argv => (CaptureKind::StrArray, 0, in_or_exit, strings),
            Arg::Envp if verbose => (CaptureKind::StrArray, 0, in_or_exit, strings),
            Arg::Envp => (CaptureKind::PtrCount, 0, in_or_exit, 0),
            Arg::IovIn(c) => (CaptureKind::Iovec, c, when::EXIT, buffers),
            Arg::IovOut(c) => (CaptureKind::IovecRet, c, when::EXIT, buffers),
            Arg::IovAddrs(c) => (
                CaptureKind::Iovec,
                c,
                when::EXIT,
                ArgSpec::array_max(elems, 0),
            ),
            Arg::MsgIn => (CaptureKind::Msghdr, 0, when::EXIT, buffers),
            Arg::MsgOut => {
                // msg_namelen as passed in: strace shows `in => out` when the kernel changed it.
                push(
                    &mut spec,
                    CaptureKind::Fixed,
                    i,
                    0,
                    when::ENTER,
                    MSGHDR_NAME_PART,
                );
                (CaptureKind::MsghdrRet, 0, when::EXIT, buffers)
            }
            Arg::MmsgIn => (CaptureKind::Mmsghdr, 2, when::EXIT, buffers),
            Arg::MmsgOut => {
                // The msghdrs as passed in, without data: each msg_namelen's `in => out`.
                push(
                    &mut spec,
                    CaptureKind::Mmsghdr,
                    i,
                    2,
                    when::ENTER,
                    ArgSpec::array_max(elems, 0),
                );
                (CaptureKind::MmsghdrRet, 2, when::EXIT, buffers)
            }
            Arg::PathOut => (CaptureKind::CStr, 0, when::EXIT_OK, CAPTURE_MAX),
            Arg::Path => (
                CaptureKind::CStr,
                0,
                if is_exec { when::ENTER } else { when::EXIT },
                CAPTURE_MAX,
            ),
            Arg::Str => (
                CaptureKind::CStr,
                0,
                if is_exec { when::ENTER } else { when::EXIT },
                str_max,
            ),
            Arg::BufIn(len) => (CaptureKind::BufLenArg, len, when::EXIT, buf_max),
            Arg::BufOut | Arg::BufOutBinary => (CaptureKind::BufLenRet, 0, when::EXIT_OK, buf_max),
            Arg::StructIn(k) => (CaptureKind::Fixed, 0, when::EXIT, k.size()),
            Arg::StructOut(k) => (CaptureKind::Fixed, 0, when::EXIT_OK, k.size()),
            Arg::SockAddr(len) => (CaptureKind::BufLenArg, len, when::EXIT, SOCKADDR_MAX),
            Arg::SockAddrOut(len) => (CaptureKind::BufLenPtr, len, when::EXIT_OK, SOCKADDR_MAX),
            // The length at entry here; the one at exit below, when a slot is left (recvfrom's
            // is the size of its sockaddr's copy instead).
            Arg::SockLenInOut => (CaptureKind::Fixed, 0, when::ENTER, 4),
            Arg::SockOptIn(len) => (CaptureKind::BufLenArg, len, when::EXIT, buf_max.max(32)),
            Arg::SockOptOut(len) => (CaptureKind::BufLenPtr, len, when::EXIT_OK, buf_max.max(32)),
            Arg::FdPair => (CaptureKind::Fixed, 0, when::EXIT_OK, 8),
            // The return value's length, as BufOut (those bytes were written, so their pages
            // are there); the decoder cuts it at argument N.
            Arg::BufOutMax(_) => (CaptureKind::BufLenRet, 0, when::EXIT_OK, buf_max),
            Arg::Special(c) => {
                for cap in c.captures(i).into_iter().flatten() {
                    let reg = usize::from(cap.reg);
                    push(&mut spec, cap.kind, reg, cap.len_arg, cap.when, cap.max);
                }
                continue;
            }
            _ => continue,
        };
        push(&mut spec, kind, i, len_arg, w, max);
        if *arg == Arg::SockLenInOut {
            push(&mut spec, CaptureKind::Fixed, i, 0, when::EXIT, 4);
        }
    }
    if row.ret == Ret::NoReturn {
        spec.flags |= specflags::NO_RETURN;
    }
    // -y: where the call leaves the descriptors it creates.
    spec.new_fds = match row.args.iter().position(|a| {
        matches!(
            a,
            Arg::FdPair | Arg::StructOut(crate::decode::structs::Struct::IntPair)
        )
    }) {
        Some(i) => tracer_common::newfds::PAIR_AT + i as u32,
        None if row.ret == Ret::Fd => tracer_common::newfds::RET,
        None => tracer_common::newfds::NONE,
    };
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

    #[test]
    fn in_out_lengths_are_read_at_entry_and_exit() {
        let t = Table::new(Arch::X86_64);
        let slots = |name| {
            let s = capture_spec(t.row(Arch::X86_64.number(name).unwrap()).unwrap(), 32);
            let slots: Vec<_> = s
                .args
                .iter()
                .map(|a| (a.kind, a.arg, a.len_arg, a.when, a.max))
                .collect();
            (s.flags, slots)
        };
        let (ptr, fixed) = (CaptureKind::BufLenPtr as u8, CaptureKind::Fixed as u8);
        // The address (its size through argument 2), the room at entry, the size at exit.
        assert_eq!(
            slots("accept4"),
            (
                specflags::ENTER_CAPTURES,
                vec![
                    (ptr, 1, 2, when::EXIT_OK, 128),
                    (fixed, 2, 0, when::ENTER, 4),
                    (fixed, 2, 0, when::EXIT, 4)
                ]
            )
        );
        // recvfrom has no slot left for the size at exit: the address's copy gives it.
        let (flags, s) = slots("recvfrom");
        assert_eq!(flags, specflags::ENTER_CAPTURES);
        assert_eq!(s[1], (ptr, 4, 5, when::EXIT_OK, 128));
        assert_eq!(s[2], (fixed, 5, 0, when::ENTER, 4));
        // bind: the address, as long as argument 2 says, at exit.
        let (flags, s) = slots("bind");
        assert_eq!(flags, 0);
        assert_eq!(s[0], (CaptureKind::BufLenArg as u8, 1, 2, when::EXIT, 128));
    }

    fn slots(s: &SyscallSpec) -> Vec<(CaptureKind, u8, u8, u8)> {
        s.args
            .iter()
            .map(|a| (CaptureKind::from_u8(a.kind), a.arg, a.len_arg, a.when))
            .filter(|a| a.0 != CaptureKind::None)
            .collect()
    }

    #[test]
    fn array_specs_derived_from_rows() {
        let t = Table::new(Arch::X86_64);
        let row = |name| t.row(Arch::X86_64.number(name).unwrap()).unwrap();
        let execve = capture_spec(row("execve"), 32);
        assert_eq!(
            slots(&execve),
            [
                (CaptureKind::CStr, 0, 0, when::ENTER),
                (CaptureKind::StrArray, 1, 0, when::ENTER),
                (CaptureKind::PtrCount, 2, 0, when::ENTER),
            ]
        );
        // -s 32: 32 elements, 34 bytes of each string (NUL, and one byte to see it goes on).
        assert_eq!(
            (execve.args[1].elems(), execve.args[1].elem_bytes()),
            (32, 34)
        );
        let verbose = capture_spec_verbose(row("execveat"), 5, true);
        assert_eq!(
            slots(&verbose),
            [
                (CaptureKind::CStr, 1, 0, when::ENTER),
                (CaptureKind::StrArray, 2, 0, when::ENTER),
                (CaptureKind::StrArray, 3, 0, when::ENTER),
            ]
        );
        assert_eq!(verbose.args[2].elems(), array::VERBOSE_ELEMS);
        assert_eq!(
            slots(&capture_spec(row("readv"), 32)),
            [(CaptureKind::IovecRet, 1, 2, when::EXIT)]
        );
        assert_eq!(
            slots(&capture_spec(row("pwritev2"), 32)),
            [(CaptureKind::Iovec, 1, 2, when::EXIT)]
        );
        let pvm = capture_spec(row("process_vm_readv"), 32);
        assert_eq!(
            slots(&pvm),
            [
                (CaptureKind::IovecRet, 1, 2, when::EXIT),
                (CaptureKind::Iovec, 3, 4, when::EXIT),
            ]
        );
        assert_eq!(pvm.args[1].elem_bytes(), 0, "the remote side is not read");
        assert_eq!(
            slots(&capture_spec(row("sendmsg"), 32)),
            [(CaptureKind::Msghdr, 1, 0, when::EXIT)]
        );
        let recvmsg = capture_spec(row("recvmsg"), 32);
        assert_eq!(
            slots(&recvmsg),
            [
                (CaptureKind::Fixed, 1, 0, when::ENTER),
                (CaptureKind::MsghdrRet, 1, 0, when::EXIT),
            ]
        );
        assert_eq!(recvmsg.args[0].max, MSGHDR_NAME_PART);
        assert_eq!(recvmsg.flags, specflags::ENTER_CAPTURES);
        // Huge -s: bounded by what the kernel side copies per element.
        let big = capture_spec(row("writev"), 1 << 20);
        assert_eq!(big.args[0].elems(), 0xffff);
        assert_eq!(big.args[0].elem_bytes(), array::ELEM_BYTES_MASK);
    }
}
