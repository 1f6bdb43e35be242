//! Hand-written decoders for the real exceptions: calls whose arguments print according to
//! another argument (fcntl's command, ioctl's request, futex's op, clone's flags), arrays whose
//! length is another argument or the return value (poll, epoll_wait, getdents64), and calls
//! that add text after the return value. Each is one [`Custom`] kind that a row names at the
//! positions it decodes; it says what the kernel copies ([`Custom::capture`]), decodes one
//! position from the whole call ([`Custom::decode`]) and annotates the return value
//! ([`Custom::ret`]). Pure: everything comes from the record's bytes.
use std::fmt::Write as _;

use tracer_common::{CAPTURE_MAX, CaptureKind, array, when};

use super::misc;
use super::structs::{self, Struct, i32_at, u16_at, u32_at};
use super::{RetNote, Value, int};
use crate::format::flags::{print_flags, print_open_flags, print_xval};
use crate::format::signal::signal_name;
use crate::table::Xlat;
use crate::table::xlat::*;
use crate::wire::{Captured, SyscallEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Custom {
    /// fcntl's command (position 1) and its argument (2).
    Fcntl,
    /// ioctl's request (1) and its argument (2).
    Ioctl,
    /// futex's op (1) and the arguments the op uses (2–5).
    Futex,
    /// clone's arguments, named and ordered as strace prints them (0–4).
    Clone,
    /// poll's and ppoll's pollfd array (0), `nfds` in argument 1; the return value lists the
    /// pollfds with events.
    PollFds,
    /// ppoll's pollfds (0) and timeout (2, as given and as left): `= 1 ([…], left {…})`.
    Ppoll,
    /// epoll_wait's events, filled by the kernel (the return value counts them).
    EpollEvents,
    /// getdents/getdents64's buffer: its address and `/* N entries */`, counted by the kernel.
    Dirents,
    /// clone3's `struct clone_args` (0): as passed (copied at entry, as strace reads it), then
    /// after a successful call the child's id the kernel stored through `parent_tid`:
    /// `{…} => {parent_tid=[N]}`.
    Clone3,
    /// rt_sigreturn's one position: the signal mask the signal frame on the user stack restores
    /// (`{mask=[]}`), copied at entry.
    SigreturnMask,
    /// statx's flags: the sync type, then `AT_*` flags.
    StatxFlags,
    /// wait4's status (1) and rusage (3): printed only when a child was reaped.
    Wait,
    /// select's and pselect6's read set (1, as given and as returned), other sets (2, 3) and
    /// timeout (4, a timeval for select): `= 1 (in [3], left {…})`.
    Select { timeval: bool },
    /// prctl's option (0) and the arguments it uses (1–4).
    Prctl,
    /// A CPU set (sched_setaffinity's, as long as argument 1; sched_getaffinity's, as long as
    /// the return value): `[0 1]`.
    CpuSet { out: bool },
    /// A `gid_t` array (setgroups', argument 0 elements; getgroups', the return value's).
    Groups { out: bool },
    /// A System V IPC key: `IPC_PRIVATE` or hex.
    IpcKey,
    /// shmget's, semget's and msgget's flags and mode: `IPC_CREAT|0600`.
    IpcFlags { shm: bool },
    /// shmctl's, semctl's and msgctl's command, named by the table.
    IpcCmd(&'static Xlat),
    /// An I/O priority: ioprio_set's argument 2 (`set`), or ioprio_get's who (1) with the
    /// return value explained.
    Ioprio { set: bool },
    /// mknod's mode (`S_IFCHR|0600`) at position `mode`, and its device after it, printed
    /// only for devices.
    Mknod { mode: u8 },
    /// A 64-bit file offset read through a pointer: `[0]`, and with `out` `[0] => [16]` when
    /// the kernel moved it (sendfile, whose offset strace prints unsigned; splice's and
    /// copy_file_range's are signed).
    Offset { out: bool },
    /// sched_getscheduler's pid, with the policy named after the return value.
    SchedGetScheduler,
    /// nanosleep's time left: shown when a signal interrupted the sleep, else the address.
    SleepLeft,
    /// recvmmsg's timeout, as given (copied at entry: the kernel writes the time left over
    /// it); a return of 0 is `(Timeout)`.
    MmsgTimeout,
    /// personality's persona and flags, and the previous ones after the return value.
    Personality,
    /// mount's type (2), flags (3) and data (4): the type and data print as addresses when
    /// the flags say they are ignored. The data is not copied (the row's three copies go to
    /// the source, the target and the type).
    Mount,
    /// membarrier's command (0), flags (1) and CPU (2, with MEMBARRIER_CMD_FLAG_CPU only);
    /// MEMBARRIER_CMD_QUERY's answer named after the return value.
    Membarrier,
    /// arch_prctl's code (0) and address (1): what ARCH_GET_FS and ARCH_GET_GS stored there,
    /// nothing for ARCH_GET_CPUID.
    ArchPrctl,
    /// An unsigned argument, with the signal the return value is named after it
    /// (rt_sigtimedwait's sigsetsize: `= 10 (SIGUSR1)`).
    SignalRet,
    /// mremap's new address: printed only with MREMAP_FIXED.
    MremapNew,
    /// preadv2's and pwritev2's flags, printed fifth but passed in register 5 (register 4
    /// holds the offset's high half).
    RwfFlags,
    /// semop's and semtimedop's `struct sembuf` array; argument 2 is its length.
    Sembufs,
}

/// What the kernel copies for one position of a custom decoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cap {
    pub reg: u8,
    pub kind: CaptureKind,
    pub len_arg: u8,
    pub when: u8,
    pub max: u32,
}

const fn fixed(reg: u8, when: u8, max: u32) -> Option<Cap> {
    Some(Cap {
        reg,
        kind: CaptureKind::Fixed,
        len_arg: 0,
        when,
        max,
    })
}

/// clone's argument registers: flags, stack, parent tid, child tid, tls.
#[cfg(not(target_arch = "aarch64"))]
const CLONE_REGS: [usize; 5] = [0, 1, 2, 3, 4];
/// arm64 swaps the child tid and tls registers.
#[cfg(target_arch = "aarch64")]
const CLONE_REGS: [usize; 5] = [0, 1, 2, 4, 3];

/// The size of the kernel's `struct termios` (the largest struct an ioctl decoder reads).
const TERMIOS: u32 = 36;

/// The most bytes of a CPU set copied (4096 CPUs).
const CPU_SET_MAX: u32 = 512;

/// The most bytes of a group list copied (NGROUPS_MAX is 65536; strace shows them all, we
/// show the first 1024).
const GROUPS_MAX: u32 = 4096;

/// The size of `struct flock` (64-bit offsets).
const FLOCK: u32 = 32;

/// Where `d_reclen` is in a `struct linux_dirent64`, and in the old `struct linux_dirent` on
/// 64-bit targets (after two `unsigned long`s, d_ino and d_off).
const DIRENT_RECLEN: u32 = 16;

/// Where rt_sigreturn finds the signal mask to restore, from the user stack pointer at entry.
/// x86_64: the handler's `ret` popped `pretcode`, so the stack pointer is at the frame's
/// `struct ucontext`, whose uc_sigmask follows uc_flags, uc_link, uc_stack (24 bytes) and the
/// 256-byte `struct sigcontext` (arch/x86/include/asm/sigframe.h, uapi/asm/ucontext.h).
#[cfg(not(target_arch = "aarch64"))]
const SIGFRAME_MASK: u32 = 8 + 8 + 24 + 256;
/// arm64: the stack pointer is at the `struct rt_sigframe`: a 128-byte siginfo, then the
/// `struct ucontext`, whose uc_sigmask follows uc_flags, uc_link and uc_stack
/// (arch/arm64/kernel/signal.c, uapi/asm/ucontext.h).
#[cfg(target_arch = "aarch64")]
const SIGFRAME_MASK: u32 = 128 + 8 + 8 + 24;

/// The size of one `struct pollfd`.
const POLLFD: usize = 8;

const FUTEX_BITSET: Xlat = Xlat {
    entries: &[(0xffff_ffff, "FUTEX_BITSET_MATCH_ANY")],
    dflt: None,
    bits: 32,
};

fn cap<'a>(ev: &SyscallEvent<'a>, reg: usize) -> Option<&'a [u8]> {
    match ev.caps.get(reg).copied().flatten() {
        Some(Captured::Bytes(b)) => Some(b),
        _ => None,
    }
}

fn arg(ev: &SyscallEvent<'_>, reg: usize) -> u64 {
    ev.args.get(reg).copied().unwrap_or(0)
}

fn flags_str(v: u64, x: &Xlat) -> String {
    let mut s = String::new();
    print_flags(&mut s, v, x.entries, x.dflt);
    s
}

impl Custom {
    /// What the kernel copies for position `pos` (at most two copies).
    pub fn captures(self, pos: usize) -> [Option<Cap>; 2] {
        let select_sets = |when| Cap {
            reg: 1,
            kind: CaptureKind::Several,
            len_arg: 0,
            when,
            max: array::several_item(1, array::SIZE_FDSET)
                | array::several_item(2, array::SIZE_FDSET) << 8
                | array::several_item(3, array::SIZE_FDSET) << 16
                | array::several_item(4, 16 / 4) << 24,
        };
        match (self, pos) {
            // The three sets and the timeout in one copy each: at entry (what was asked) and
            // at exit (what is ready, and the time left).
            (Custom::Select { .. }, 1) => [
                Some(select_sets(when::ENTER)),
                Some(select_sets(when::EXIT)),
            ],
            // pselect6's `{sigmask, sigsetsize}`, with the mask it points to.
            (Custom::Select { timeval: false }, 5) => [
                Some(Cap {
                    reg: 5,
                    kind: CaptureKind::FixedDeref,
                    len_arg: 0,
                    when: when::ENTER,
                    max: 16 | array::DEREF_MAX << 16,
                }),
                None,
            ],
            (Custom::Ppoll, 0) => [Custom::PollFds.capture(0), None],
            (Custom::MmsgTimeout, _) => [fixed(pos as u8, when::ENTER, 16), None],
            (Custom::Clone3, 0) => [
                fixed(0, when::ENTER, Struct::CloneArgs.size()),
                self.capture(0),
            ],
            // The timeout and the signal mask as given, in one copy; the timeout left at exit.
            (Custom::Ppoll, 2) => [
                Some(Cap {
                    reg: 2,
                    kind: CaptureKind::Several,
                    len_arg: 0,
                    when: when::ENTER,
                    max: array::several_item(2, 16 / 4) | array::several_item(3, 8 / 4) << 8,
                }),
                fixed(2, when::EXIT, 16),
            ],
            (Custom::Offset { out }, _) => [
                fixed(pos as u8, when::ENTER, 8),
                if out {
                    fixed(pos as u8, when::EXIT_OK, 8)
                } else {
                    None
                },
            ],
            _ => [self.capture(pos), None],
        }
    }

    fn capture(self, pos: usize) -> Option<Cap> {
        match (self, pos) {
            (Custom::Ioctl, 2) => fixed(2, when::EXIT, TERMIOS),
            (Custom::Futex, 3) => fixed(3, when::EXIT, 16),
            (Custom::Clone, 2) => fixed(CLONE_REGS[2] as u8, when::EXIT_OK, 4),
            (Custom::PollFds, 0) => Some(Cap {
                reg: 0,
                kind: CaptureKind::BufLenArg,
                len_arg: 1 | (POLLFD as u8) << 4,
                when: when::EXIT,
                max: CAPTURE_MAX,
            }),
            (Custom::EpollEvents, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenRet,
                len_arg: (structs::EPOLL_EVENT_SIZE as u8) << 4,
                when: when::EXIT_OK,
                max: CAPTURE_MAX,
            }),
            (Custom::Dirents, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::RecordCount,
                len_arg: 0,
                when: when::EXIT_OK,
                max: DIRENT_RECLEN,
            }),
            (Custom::Clone3, 0) => Some(Cap {
                reg: 0,
                kind: CaptureKind::FixedDeref,
                len_arg: CLONE_ARGS_PARENT_TID as u8,
                when: when::EXIT_OK,
                max: Struct::CloneArgs.size() | 4 << 16,
            }),
            (Custom::SigreturnMask, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::UserStack,
                len_arg: 0,
                when: when::ENTER,
                max: (SIGFRAME_MASK << 16) | 8,
            }),
            (Custom::Wait, 1) => fixed(1, when::EXIT_OK, 4),
            // PR_SET_NAME's and PR_GET_NAME's name (other options' numbers fail to copy).
            (Custom::Prctl, 1) => Some(Cap {
                reg: 1,
                kind: CaptureKind::CStr,
                len_arg: 0,
                when: when::EXIT,
                max: 17,
            }),
            (Custom::Wait, 3) => fixed(3, when::EXIT_OK, Struct::Rusage.size()),
            (Custom::CpuSet { out: false }, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenArg,
                len_arg: 1,
                when: when::EXIT,
                max: CPU_SET_MAX,
            }),
            (Custom::CpuSet { out: true }, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenRet,
                len_arg: 0,
                when: when::EXIT_OK,
                max: CPU_SET_MAX,
            }),
            (Custom::Groups { out: false }, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenArg,
                len_arg: 4 << 4,
                when: when::EXIT,
                max: GROUPS_MAX,
            }),
            (Custom::Groups { out: true }, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenRet,
                len_arg: 4 << 4,
                when: when::EXIT_OK,
                max: GROUPS_MAX,
            }),
            (Custom::SleepLeft, _) => fixed(pos as u8, when::EXIT, 16),
            (Custom::Sembufs, _) => Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenArg,
                len_arg: 2 | (misc::SEMBUF as u8) << 4,
                when: when::EXIT,
                max: CAPTURE_MAX,
            }),
            // ARCH_GET_FS's and ARCH_GET_GS's answer (other codes' values fail to copy or
            // go unused).
            (Custom::ArchPrctl, 1) => fixed(1, when::EXIT_OK, 8),
            (Custom::Mount, 2) => Some(Cap {
                reg: 2,
                kind: CaptureKind::CStr,
                len_arg: 0,
                when: when::EXIT,
                max: CAPTURE_MAX,
            }),
            // A `struct flock` for the lock commands (other commands' numbers fail to copy).
            (Custom::Fcntl, 2) => fixed(2, when::EXIT, FLOCK),
            _ => None,
        }
    }

    /// Whether the position is filled by the kernel (left out of `<unfinished ...>` lines).
    pub fn is_out(self) -> bool {
        matches!(
            self,
            Custom::EpollEvents
                | Custom::Dirents
                | Custom::Wait
                | Custom::CpuSet { out: true }
                | Custom::Groups { out: true }
                | Custom::SleepLeft
        )
    }

    /// Whether the copy of position `pos` made at exit is of something the kernel only reads
    /// (futex's timeout): with split lines it is made at entry, for the `<unfinished ...>`
    /// part.
    pub fn input_at(self, pos: usize) -> bool {
        matches!((self, pos), (Custom::Futex, 3))
    }

    /// Whether strace ends the entry part of a split line after this position, and prints
    /// what the kernel changed in it (a [`Value::Changed`]'s new value) after `resumed>`.
    pub fn ends_entry(self) -> bool {
        self == Custom::Clone3
    }

    /// Position `pos` of the call; None when strace prints nothing there.
    pub fn decode<'a>(
        self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        match self {
            Custom::Select { timeval } => Some(match pos {
                1..=4 => match several_item(enter.and_then(|e| cap(e, 1)), pos - 1) {
                    Some(b) if pos == 4 => select_timeout(b, timeval).unwrap_or(Value::Ptr(v)),
                    // No descriptors to show: strace prints the set's address.
                    Some(b) if nfds(ev) > 0 => fdset(b, arg(ev, 0)),
                    _ => Value::Ptr(v),
                },
                5 => match enter.and_then(|e| cap(e, 5)) {
                    Some(b) if v != 0 => pselect_mask(b).unwrap_or(Value::Ptr(v)),
                    _ => Value::Ptr(v),
                },
                _ => Value::Ptr(v),
            }),
            Custom::CpuSet { out } => Some(match cap(ev, pos) {
                Some(b) if v != 0 && (!out || ev.ret >= 0) => misc::cpu_set(b),
                _ => Value::Ptr(v),
            }),
            Custom::Groups { out } => {
                let n = if out { ev.ret as u64 } else { arg(ev, 0) };
                Some(match cap(ev, pos) {
                    Some(b) if v != 0 && (!out || ev.ret > 0) => misc::groups(b, n),
                    _ if v != 0 && n == 0 && ev.ret >= 0 => Value::array(Vec::new()),
                    _ => Value::Ptr(v),
                })
            }
            Custom::IpcKey => Some(misc::ipc_key(v)),
            Custom::Personality => Some(Value::Sym(misc::personality(v))),
            Custom::Mount => {
                let flags = arg(ev, 3);
                // The data is not copied: an address whether mount ignores it or not.
                let (no_type, _) = misc::mount_ignores(flags);
                Some(match (pos, cap(ev, 2)) {
                    (2, Some(b)) if v != 0 && !no_type => Value::Str {
                        bytes: b,
                        truncated: b.len() as u32 >= CAPTURE_MAX - 1,
                        path: false,
                    },
                    (3, _) => Value::Sym(misc::mount_flags(flags)),
                    _ => Value::Ptr(v),
                })
            }
            Custom::SignalRet => Some(Value::Uint(v)),
            Custom::Sembufs => Some(match cap(ev, pos) {
                Some(b) if v != 0 => misc::sembufs(b, arg(ev, 2)),
                _ => Value::Ptr(v),
            }),
            Custom::RwfFlags => Some(Value::Flags(arg(ev, 5) & 0xffff_ffff, &RWF_FLAGS)),
            // MREMAP_FIXED
            Custom::MremapNew if arg(ev, 3) & 2 != 0 => Some(Value::Ptr(v)),
            Custom::MremapNew => None,
            Custom::ArchPrctl => match (pos, arg(ev, 0) as u32) {
                (0, code) => Some(Value::Val(code.into(), &ARCH_PRCTL)),
                // ARCH_GET_FS, ARCH_GET_GS
                (_, 0x1003 | 0x1004) => {
                    Some(match cap(ev, 1).and_then(|b| structs::u64_at(b, 0)) {
                        Some(a) if v != 0 && ev.ret >= 0 => Value::array(vec![Value::Ptr(a)]),
                        _ => Value::Ptr(v),
                    })
                }
                // ARCH_GET_CPUID
                (_, 0x1011) => None,
                _ => Some(Value::Hex(v)),
            },
            Custom::Membarrier => match pos {
                0 => Some(Value::Val(v & 0xffff_ffff, &MEMBARRIER_CMDS)),
                1 => Some(Value::Flags(v & 0xffff_ffff, &MEMBARRIER_FLAGS)),
                _ if arg(ev, 1) & 1 != 0 => Some(Value::Int(int(v))),
                _ => None,
            },
            Custom::IpcFlags { shm } => Some(misc::ipc_flags(v, shm)),
            Custom::IpcCmd(x) => Some(misc::ipc_cmd(v, x)),
            Custom::Ioprio { set: true } => Some(Value::Sym(misc::ioprio(v))),
            Custom::Ioprio { set: false } | Custom::SchedGetScheduler => Some(Value::Int(int(v))),
            Custom::Mknod { mode } if pos == usize::from(mode) => {
                Some(Value::Sym(structs::file_mode(v as u32)))
            }
            Custom::Mknod { mode } => misc::device(arg(ev, mode.into()), v),
            Custom::Offset { out } => {
                let at_entry = enter.and_then(|e| cap(e, pos));
                let at_exit = if out { cap(ev, pos) } else { None };
                Some(misc::offset(at_entry, at_exit, v, out))
            }
            Custom::SleepLeft => Some(match cap(ev, pos) {
                // EINTR, or ERESTART_RESTARTBLOCK that a handler's return restarts.
                Some(b) if v != 0 && matches!(ev.ret, -4 | -516) => {
                    structs::decode(Struct::Timespec, b).unwrap_or(Value::Ptr(v))
                }
                _ => Value::Ptr(v),
            }),
            Custom::Fcntl => fcntl(pos, ev),
            Custom::Prctl => prctl(pos, ev),
            Custom::Ioctl => ioctl(pos, ev),
            Custom::Futex => futex(pos, ev),
            Custom::Clone => clone(pos, ev),
            Custom::Clone3 => Some(clone3(ev, enter)),
            Custom::MmsgTimeout => Some(
                enter
                    .and_then(|e| cap(e, pos))
                    .filter(|_| v != 0)
                    .and_then(|b| structs::decode(Struct::Timespec, b))
                    .unwrap_or(Value::Ptr(v)),
            ),
            Custom::Ppoll if pos == 2 || pos == 3 => {
                let kind = if pos == 2 {
                    Struct::Timespec
                } else {
                    Struct::SigSet
                };
                Some(
                    several_item(enter.and_then(|e| cap(e, 2)), pos - 2)
                        // A mask of another size than the kernel's prints as its address.
                        .filter(|_| pos == 2 || arg(ev, 4) == SIGSET_SIZE)
                        .and_then(|b| structs::decode(kind, b))
                        .unwrap_or(Value::Ptr(v)),
                )
            }
            Custom::PollFds | Custom::Ppoll => Some(match cap(ev, 0) {
                Some(b) => pollfds(b, arg(ev, 1), false),
                None => Value::Ptr(v),
            }),
            Custom::EpollEvents => Some(match cap(ev, pos) {
                Some(b) if ev.ret >= 0 => Value::array(
                    b.chunks_exact(structs::EPOLL_EVENT_SIZE)
                        .take(ev.ret as usize)
                        .filter_map(structs::epoll_event)
                        .collect(),
                ),
                _ => Value::Ptr(v),
            }),
            Custom::Dirents => Some(match cap(ev, pos).and_then(record_count) {
                Some(n) if ev.ret >= 0 => Value::Sym(format!("{v:#x} /* {n} entries */")),
                _ => Value::Ptr(v),
            }),
            Custom::SigreturnMask => {
                let b = enter.and_then(|e| cap(e, pos)).or_else(|| cap(ev, pos))?;
                Some(Value::Struct {
                    fields: vec![("mask", Value::Sym(structs::sigset(b.get(..8)?)))],
                    more: false,
                })
            }
            Custom::StatxFlags => {
                let f = v & 0xffff_ffff;
                let mut s = String::new();
                let sync = &STATX_SYNC_TYPES;
                print_flags(&mut s, f & 0x6000, sync.entries, sync.dflt);
                let rest = f & !0x6000;
                if rest != 0 {
                    s.push('|');
                    print_flags(&mut s, rest, AT_FLAGS.entries, None);
                }
                Some(Value::Sym(s))
            }
            Custom::Wait => Some(match (pos, cap(ev, pos)) {
                (1, Some(b)) if ev.ret > 0 => match i32_at(b, 0) {
                    Some(st) => Value::Sym(wait_status(st as u32)),
                    None => Value::Ptr(v),
                },
                (3, Some(b)) if ev.ret > 0 => structs::decode(Struct::Rusage, b)?,
                _ => Value::Ptr(v),
            }),
        }
    }

    /// What follows the return value, if anything.
    pub fn ret<'a>(
        self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        let r = ev.ret;
        match (self, pos) {
            (Custom::Fcntl, 1) => {
                let (hex, note) = match arg(ev, 1) as u32 {
                    // F_GETFD
                    1 if r != 0 => (true, format!("flags {}", flags_str(r as u64, &FD_FLAGS))),
                    // F_GETFL
                    3 => {
                        let mut s = String::from("flags ");
                        print_open_flags(&mut s, r as u64);
                        (true, s)
                    }
                    // F_GETLEASE
                    1025 => {
                        let mut s = String::new();
                        print_xval(&mut s, r as u64, LEASE_TYPES.entries, LEASE_TYPES.dflt);
                        (false, s)
                    }
                    // F_GET_SEALS
                    1034 if r != 0 => (true, format!("seals {}", flags_str(r as u64, &SEALS))),
                    _ => return None,
                };
                Some(RetNote {
                    hex,
                    note: Some(Value::Sym(note)),
                })
            }
            (Custom::Select { timeval }, 1) => {
                let note = if r == 0 {
                    "Timeout".to_owned()
                } else {
                    // strace 6.1's text, quirks included: at most the return value's
                    // descriptors, and a `]` after every readable set once anything was
                    // written (`in [3]], except [5]` when the set between has none ready).
                    let mut s = String::new();
                    let mut sep = "";
                    let mut ready = r;
                    let sets = cap(ev, 1).filter(|_| nfds(ev) > 0);
                    for (i, name) in ["in", "out", "except"].into_iter().enumerate() {
                        if ready <= 0 {
                            break;
                        }
                        let Some(b) = several_item(sets, i) else {
                            continue;
                        };
                        let mut first = true;
                        for fd in set_bits(b, arg(ev, 0)) {
                            if first {
                                let _ = write!(s, "{sep}{name} [{fd}");
                                first = false;
                                sep = ", ";
                            } else {
                                let _ = write!(s, " {fd}");
                            }
                            ready -= 1;
                            if ready == 0 {
                                break;
                            }
                        }
                        if !s.is_empty() {
                            s.push(']');
                        }
                    }
                    if let Some(t) =
                        several_item(cap(ev, 1), 3).and_then(|b| select_timeout(b, timeval))
                    {
                        s.push_str(sep);
                        s.push_str("left ");
                        s.push_str(&crate::format::text::value_text(&t, Default::default()));
                    }
                    if s.is_empty() {
                        return None;
                    }
                    s
                };
                Some(RetNote {
                    hex: false,
                    note: Some(Value::Sym(note)),
                })
            }
            // PR_GET_DUMPABLE
            (Custom::Prctl, 0) if arg(ev, 0) as u32 == 3 => {
                let x = &PR_DUMPABLE;
                x.entries
                    .iter()
                    .find(|e| e.0 == r as u64)
                    .map(|&(_, name)| RetNote {
                        hex: false,
                        note: Some(Value::Sym(name.to_owned())),
                    })
            }
            (Custom::Ppoll, 0) => {
                let mut s = match (r, cap(ev, 0)) {
                    (0, _) => "Timeout".to_owned(),
                    (_, Some(b)) => match pollfds(b, arg(ev, 1), true) {
                        Value::Array { items: l, .. } if l.is_empty() => String::new(),
                        v => crate::format::text::value_text(&v, Default::default()),
                    },
                    _ => String::new(),
                };
                if r > 0
                    && arg(ev, 2) != 0
                    && let Some(t) = cap(ev, 2).and_then(|b| structs::decode(Struct::Timespec, b))
                {
                    if !s.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str("left ");
                    s.push_str(&crate::format::text::value_text(&t, Default::default()));
                }
                (!s.is_empty()).then_some(RetNote {
                    hex: false,
                    note: Some(Value::Sym(s)),
                })
            }
            (Custom::Membarrier, 0) if arg(ev, 0) as u32 == 0 && r > 0 => Some(RetNote {
                hex: true,
                note: Some(Value::Sym(flags_str(r as u64, &MEMBARRIER_CMDS))),
            }),
            (Custom::SignalRet, _) if (1..=64).contains(&r) => Some(RetNote {
                hex: false,
                note: Some(Value::Signal(r)),
            }),
            (Custom::Personality, _) => Some(RetNote {
                hex: true,
                note: Some(Value::Sym(misc::personality(r as u64))),
            }),
            (Custom::Ioprio { set: false }, _) => Some(RetNote {
                hex: false,
                note: Some(Value::Sym(misc::ioprio(r as u64))),
            }),
            (Custom::SchedGetScheduler, _) => {
                let x = &SCHED_POLICY;
                x.entries
                    .iter()
                    .find(|e| e.0 == r as u64)
                    .map(|&(_, name)| RetNote {
                        hex: false,
                        note: Some(Value::Sym(name.to_owned())),
                    })
            }
            (Custom::MmsgTimeout, _) if r == 0 => Some(RetNote {
                hex: false,
                note: Some(Value::Sym("Timeout".into())),
            }),
            (Custom::PollFds, 0) => Some(RetNote {
                hex: false,
                note: Some(match (r, cap(ev, 0)) {
                    (0, _) => Value::Sym("Timeout".into()),
                    (_, Some(b)) => pollfds(b, arg(ev, 1), true),
                    _ => return None,
                }),
            }),
            _ => None,
        }
    }
}

/// `[{fd=3, events=POLLIN}]`, or with `revents` only the pollfds that have some.
fn pollfds<'a>(b: &[u8], nfds: u64, revents: bool) -> Value<'a> {
    let items = b
        .chunks_exact(POLLFD)
        .take(usize::try_from(nfds).unwrap_or(usize::MAX))
        .filter_map(|p| {
            let fd = i32_at(p, 0)?;
            let ev = u16_at(p, if revents { 6 } else { 4 })?;
            if revents && ev == 0 {
                return None;
            }
            Some(Value::Struct {
                fields: vec![
                    ("fd", Value::Int(fd.into())),
                    (
                        if revents { "revents" } else { "events" },
                        Value::Flags(ev.into(), &POLL_EVENTS),
                    ),
                ],
                more: false,
            })
        })
        .collect();
    Value::array(items)
}

/// The descriptors of an fd_set below `nfds` (at most 1024: what was copied), as
/// descriptors (`-y` names them).
fn fdset<'a>(b: &[u8], nfds: u64) -> Value<'a> {
    Value::Set(set_bits(b, nfds).map(|fd| Value::Fd(fd as i64)).collect())
}

/// The bits set in an fd_set below `nfds`.
fn set_bits(b: &[u8], nfds: u64) -> impl Iterator<Item = usize> + '_ {
    let nfds = (nfds as u32 as i32).max(0) as usize;
    (0..nfds.min(b.len() * 8))
        .filter(|&i| b.get(i / 8).is_some_and(|byte| byte & (1 << (i % 8)) != 0))
}

/// Item `i` of a `Several` capture, when its memory was read (not NULL, not unreadable).
fn several_item(b: Option<&[u8]>, i: usize) -> Option<&[u8]> {
    let b = b?;
    let count = u32_at(b, 0)? as usize;
    if i >= count {
        return None;
    }
    let mut at = array::HEAD_SIZE;
    for k in 0..=i {
        let word = u32_at(b, at)?;
        let len = (word & 0xffff) as usize;
        let item = b.get(at + array::ITEM_HEAD_SIZE..at + array::ITEM_HEAD_SIZE + len)?;
        if k == i {
            return ((word >> 16) as u8 == array::ELEM_OK).then_some(item);
        }
        at += array::ITEM_HEAD_SIZE + len;
    }
    None
}

/// pselect6's sixth argument: `{sigmask=[…], sigsetsize=8}` from a `FixedDeref` copy (the
/// `{const sigset_t *, size_t}` pair, then the mask), or the pointer it holds when the mask
/// could not be read.
fn pselect_mask<'a>(b: &[u8]) -> Option<Value<'a>> {
    let ptr = structs::u64_at(b, 0)?;
    let size = structs::u64_at(b, 8)?;
    let mask = match b.get(16..) {
        _ if ptr == 0 => Value::Ptr(0),
        // A mask of another size than the kernel's prints as its address.
        Some(m) if size == SIGSET_SIZE && m.len() >= 8 => Value::Sym(structs::sigset(&m[..8])),
        _ => Value::Ptr(ptr),
    };
    Some(Value::Struct {
        fields: vec![("sigmask", mask), ("sigsetsize", Value::Uint(size))],
        more: false,
    })
}

/// The kernel's `sigset_t` size: the only size strace decodes a mask of.
const SIGSET_SIZE: u64 = 8;

/// select's `nfds` as the C `int` it is.
fn nfds(ev: &SyscallEvent<'_>) -> i32 {
    arg(ev, 0) as u32 as i32
}

/// select's timeval or pselect6's timespec.
fn select_timeout<'a>(b: &'a [u8], timeval: bool) -> Option<Value<'a>> {
    let kind = if timeval {
        Struct::Timeval
    } else {
        Struct::Timespec
    };
    structs::decode(kind, b)
}

/// How many directory entries a getdents buffer holds (each says its own length).
/// Where `parent_tid` is in a `struct clone_args`.
const CLONE_ARGS_PARENT_TID: usize = 24;

/// clone3's arguments as given and, after a successful call, `=> {parent_tid=[N]}` from the
/// `FixedDeref` copy at exit (the struct, then the `u32` behind its `parent_tid`).
fn clone3<'a>(ev: &SyscallEvent<'a>, enter: Option<&SyscallEvent<'a>>) -> Value<'a> {
    const PARENT_SETTID: u64 = 0x100000;
    let v = arg(ev, 0);
    let size = Struct::CloneArgs.size() as usize;
    let at_exit = cap(ev, 0);
    let given = enter.and_then(|e| cap(e, 0)).or(at_exit);
    let Some(args) = given.and_then(|b| structs::decode(Struct::CloneArgs, b.get(..size)?)) else {
        return Value::Ptr(v);
    };
    let flags = given.and_then(|b| structs::u64_at(b, 0)).unwrap_or(0);
    let tid = at_exit.and_then(|b| u32_at(b, size));
    match tid {
        Some(tid) if ev.ret > 0 && flags & PARENT_SETTID != 0 => {
            let after = Value::Struct {
                fields: vec![(
                    "parent_tid",
                    Value::array(vec![Value::Int(i64::from(tid as i32))]),
                )],
                more: false,
            };
            Value::Changed(Box::new(args), Box::new(after))
        }
        _ => args,
    }
}

/// The count of a `RecordCount` capture (`count: u32`, `flags: u32`), unless the walk could
/// not read every record.
fn record_count(b: &[u8]) -> Option<u32> {
    let flags = u32_at(b, 4)?;
    if flags & (array::FAULT | array::UNTERMINATED) != 0 {
        return None;
    }
    u32_at(b, 0)
}

/// A wait status as strace prints it: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn wait_status(st: u32) -> String {
    let sig = |n: u32| signal_name(n);
    let (mut s, rest) = if st & 0xff == 0x7f {
        let n = (st >> 8) & 0xff;
        let extra = if n & 0x80 != 0 { " | 0x80" } else { "" };
        (
            format!(
                "[{{WIFSTOPPED(s) && WSTOPSIG(s) == {}{extra}}}",
                sig(n & 0x7f)
            ),
            st & !0xff7f,
        )
    } else if st & 0x7f != 0 && st & 0x7f != 0x7f {
        let core = if st & 0x80 != 0 {
            " && WCOREDUMP(s)"
        } else {
            ""
        };
        (
            format!(
                "[{{WIFSIGNALED(s) && WTERMSIG(s) == {}{core}}}",
                sig(st & 0x7f)
            ),
            st & !0xff,
        )
    } else if st & 0x7f == 0 {
        (
            format!(
                "[{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}",
                (st >> 8) & 0xff
            ),
            st & !0xff00,
        )
    } else if st & 0xffff == 0xffff {
        ("[{WIFCONTINUED(s)}".to_owned(), st & !0xffff)
    } else {
        return format!("[{st:#x}]");
    };
    if rest >> 16 != 0 {
        s.push_str(&format!(" | {:#x} << 16", rest >> 16));
    }
    if rest & 0xffff != 0 {
        s.push_str(&format!(" | {:#x}", rest & 0xffff));
    }
    s.push(']');
    s
}

fn fcntl<'a>(pos: usize, ev: &SyscallEvent<'a>) -> Option<Value<'a>> {
    let cmd = arg(ev, 1) as u32;
    let v = arg(ev, 2);
    if pos == 1 {
        return Some(Value::Val(cmd.into(), &FCNTL_CMDS));
    }
    Some(match cmd {
        // F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS
        1 | 3 | 9 | 11 | 1025 | 1032 | 1034 => return None,
        2 => Value::Flags(v & 0xffff_ffff, &FD_FLAGS),
        4 => Value::OpenFlags(v),
        // F_DUPFD, F_SETOWN, F_DUPFD_CLOEXEC, F_SETPIPE_SZ
        0 | 8 | 1030 | 1031 => Value::Int(int(v)),
        10 => Value::Signal(int(v)),
        1024 => Value::Val(v & 0xffff_ffff, &LEASE_TYPES),
        1033 => Value::Flags(v & 0xffff_ffff, &SEALS),
        // F_GETLK, F_OFD_GETLK: the kernel's answer.
        5 | 36 if ev.ret >= 0 => cap(ev, 2)
            .and_then(|b| misc::flock(b, true))
            .unwrap_or(Value::Ptr(v)),
        // F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW
        6 | 7 | 37 | 38 => cap(ev, 2)
            .and_then(|b| misc::flock(b, false))
            .unwrap_or(Value::Ptr(v)),
        // Owners: not decoded yet.
        5 | 15 | 16 | 36 => Value::Ptr(v),
        _ => Value::Hex(v),
    })
}

fn prctl<'a>(pos: usize, ev: &SyscallEvent<'a>) -> Option<Value<'a>> {
    /// The kernel's TASK_COMM_LEN less the NUL.
    const COMM: usize = 15;
    let option = arg(ev, 0) as u32;
    let v = arg(ev, pos);
    let hex = Some(Value::Hex(v));
    if pos == 0 {
        return Some(Value::Val(option.into(), &PRCTL_OPTIONS));
    }
    let name = || match cap(ev, 1) {
        Some(b) => Value::Str {
            bytes: &b[..b.len().min(COMM)],
            truncated: b.len() > COMM,
            path: true,
        },
        None => Value::Ptr(v),
    };
    match (option, pos) {
        // PR_GET_DUMPABLE, PR_GET_KEEPCAPS, PR_GET_TIMING, PR_GET_SECCOMP, PR_GET_TIMERSLACK
        (3 | 7 | 13 | 21 | 30, _) => None,
        // PR_SET_PDEATHSIG
        (1, 1) if v > 128 => Some(Value::Uint(v)),
        (1, 1) => Some(Value::Signal(v as i64)),
        // PR_SET_DUMPABLE
        (4, 1) => Some(Value::Val(v, &PR_DUMPABLE)),
        // PR_SET_NAME
        (15, 1) => Some(name()),
        // PR_GET_NAME
        (16, 1) if ev.ret >= 0 => Some(name()),
        (16, 1) => Some(Value::Ptr(v)),
        // PR_SET_TIMERSLACK
        (29, 1) => Some(Value::Int(v as i64)),
        (1 | 4 | 15 | 16 | 29, _) => None,
        // PR_CAPBSET_READ, PR_CAPBSET_DROP
        (23 | 24, 1) => Some(misc::capability(v)),
        (23 | 24, _) => None,
        // PR_SET_NO_NEW_PRIVS, PR_SET_THP_DISABLE, PR_SET_IO_FLUSHER
        (38 | 41 | 57, 1) => Some(Value::Uint(v)),
        _ => hex,
    }
}

fn ioctl<'a>(pos: usize, ev: &SyscallEvent<'a>) -> Option<Value<'a>> {
    let req = arg(ev, 1) as u32;
    let v = arg(ev, 2);
    if pos == 1 {
        return Some(
            match IOCTL_REQUESTS.entries.iter().find(|e| e.0 == req.into()) {
                Some(&(_, name)) => Value::Sym(name.to_owned()),
                None => Value::Sym(ioc(req)),
            },
        );
    }
    let ok = ev.ret >= 0;
    let b = cap(ev, 2);
    let int_at = |b: Option<&[u8]>| b.and_then(|b| i32_at(b, 0));
    Some(match req {
        // FIONCLEX, FIOCLEX, TIOCNOTTY
        0x5450 | 0x5451 | 0x5422 => return None,
        // TCGETS (filled), TCSETS, TCSETSW, TCSETSF (given)
        0x5401..=0x5404 if ok || req != 0x5401 => match b.and_then(termios) {
            Some(t) => t,
            None => Value::Ptr(v),
        },
        // TIOCGWINSZ (filled), TIOCSWINSZ (given)
        0x5413 | 0x5414 if ok || req == 0x5414 => match b.and_then(winsize) {
            Some(w) => w,
            None => Value::Ptr(v),
        },
        // TIOCGPGRP, FIONREAD, TIOCGPTN (filled)
        0x540f | 0x541b | 0x8004_5430 if ok => match int_at(b) {
            Some(n) => Value::array(vec![Value::Int(n.into())]),
            None => Value::Ptr(v),
        },
        // TIOCSPGRP, FIONBIO, FIOASYNC, TIOCSPTLCK (given)
        0x5410 | 0x5421 | 0x5452 | 0x4004_5431 => match int_at(b) {
            Some(n) => Value::array(vec![Value::Int(n.into())]),
            None => Value::Ptr(v),
        },
        0x540e | 0x5409 | 0x540b => Value::Int(int(v)),
        // TIOCGPTPEER's open flags
        0x5441 => Value::Hex(v),
        // FS_IOC_GETFLAGS (filled), FS_IOC_SETFLAGS (given): an int of inode flags
        0x8008_6601 if ok => match int_at(b) {
            Some(n) => Value::array(vec![Value::Flags(u64::from(n as u32), &FS_INODE_FLAGS)]),
            None => Value::Ptr(v),
        },
        0x4008_6602 => match int_at(b) {
            Some(n) => Value::array(vec![Value::Flags(u64::from(n as u32), &FS_INODE_FLAGS)]),
            None => Value::Ptr(v),
        },
        // FICLONE's source descriptor
        0x4004_9409 => Value::Fd(int(v)),
        _ if IOCTL_REQUESTS.entries.iter().any(|e| e.0 == req.into()) => Value::Ptr(v),
        _ => Value::Hex(v),
    })
}

/// `struct termios`: strace's abbreviated form has the four flag words, then `...`; with `-v`
/// also the line discipline and the control characters (`[VINTR]=0x3`, …).
fn termios<'a>(b: &[u8]) -> Option<Value<'a>> {
    const CC_NAMES: [&str; 17] = [
        "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP",
        "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
    ];
    /// The kernel's NCCS.
    const NCCS: usize = 19;
    const CBAUD: u64 = 0o10017;
    const CIBAUD: u64 = 0o2003600000;
    const IBSHIFT: u32 = 16;
    const CSIZE: u64 = 0o60;
    let word = |off| u32_at(b, off).map(u64::from);
    let (i, o, c, l) = (word(0)?, word(4)?, word(8)?, word(12)?);
    let xval = |s: &mut String, v: u64, x: &Xlat| print_xval(s, v, x.entries, x.dflt);
    let mut oflag = String::new();
    let mut rest = o;
    for &(mask, names, dflt) in TERM_ODELAYS {
        print_xval(&mut oflag, o & mask, names, Some(dflt));
        oflag.push('|');
        rest &= !mask;
    }
    print_flags(&mut oflag, rest, TERM_OFLAGS.entries, None);
    let mut cflag = String::new();
    xval(&mut cflag, c & CBAUD, &BAUD_RATES);
    cflag.push('|');
    if c & CIBAUD != 0 {
        xval(&mut cflag, (c & CIBAUD) >> IBSHIFT, &BAUD_RATES);
        cflag.push_str("<<IBSHIFT|");
    }
    xval(&mut cflag, c & CSIZE, &TERM_CSIZE);
    cflag.push('|');
    print_flags(
        &mut cflag,
        c & !(CBAUD | CIBAUD | CSIZE),
        TERM_CFLAGS.entries,
        None,
    );
    let flags = vec![
        ("c_iflag", Value::Sym(flags_str(i, &TERM_IFLAGS))),
        ("c_oflag", Value::Sym(oflag)),
        ("c_cflag", Value::Sym(cflag)),
        ("c_lflag", Value::Sym(flags_str(l, &TERM_LFLAGS))),
    ];
    let line = *b.get(16)?;
    let cc = b.get(17..17 + NCCS)?;
    let cc_items = cc
        .iter()
        .enumerate()
        .map(|(n, &c)| {
            let index = match CC_NAMES.get(n) {
                Some(name) => format!("[{name}]"),
                None => format!("[{n}]"),
            };
            Value::Sym(format!("{index}={}", structs::c_hex(c.into())))
        })
        .collect();
    let mut full = flags.clone();
    full.push(("c_line", Value::Val(line.into(), &TERM_LINE_DISCS)));
    full.push((
        "c_cc",
        Value::Array {
            items: cc_items,
            more: false,
        },
    ));
    Some(Value::brief(
        Value::Struct {
            fields: flags,
            more: true,
        },
        Value::Struct {
            fields: full,
            more: false,
        },
    ))
}

/// `struct winsize`: `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`.
fn winsize<'a>(b: &[u8]) -> Option<Value<'a>> {
    let f = |off| u16_at(b, off).map(|v| Value::Uint(v.into()));
    Some(Value::Struct {
        fields: vec![
            ("ws_row", f(0)?),
            ("ws_col", f(2)?),
            ("ws_xpixel", f(4)?),
            ("ws_ypixel", f(6)?),
        ],
        more: false,
    })
}

/// An ioctl number strace has no name for: `_IOC(_IOC_READ, 0x54, 0x99, 0x8)`.
fn ioc(req: u32) -> String {
    let dir = match req >> 30 {
        0 => "_IOC_NONE",
        1 => "_IOC_WRITE",
        2 => "_IOC_READ",
        _ => "_IOC_READ|_IOC_WRITE",
    };
    let hex = |v: u32| {
        if v == 0 {
            "0".to_owned()
        } else {
            format!("{v:#x}")
        }
    };
    format!(
        "_IOC({dir}, {}, {}, {})",
        hex((req >> 8) & 0xff),
        hex(req & 0xff),
        hex((req >> 16) & 0x3fff)
    )
}

fn futex<'a>(pos: usize, ev: &SyscallEvent<'a>) -> Option<Value<'a>> {
    let op = arg(ev, 1) as u32;
    let cmd = op & 127;
    let val = Value::Uint(arg(ev, 2) & 0xffff_ffff);
    let val2 = Value::Uint(arg(ev, 3) & 0xffff_ffff);
    let uaddr2 = Value::Ptr(arg(ev, 4));
    let val3 = Value::Val(arg(ev, 5) & 0xffff_ffff, &FUTEX_BITSET);
    let timeout = || match cap(ev, 3) {
        Some(b) if arg(ev, 3) != 0 => {
            structs::decode(Struct::Timespec, b).unwrap_or(Value::Ptr(arg(ev, 3)))
        }
        _ => Value::Ptr(arg(ev, 3)),
    };
    if pos == 1 {
        return Some(Value::Val(op.into(), &FUTEX_OPS));
    }
    // The arguments each command uses, in the order strace prints them (positions 2–5 are
    // val, timeout or val2, uaddr2, val3).
    match (cmd, pos) {
        // FUTEX_WAIT
        (0, 2) => Some(val),
        (0, 3) => Some(timeout()),
        // FUTEX_LOCK_PI, FUTEX_LOCK_PI2
        (6 | 13, 3) => Some(timeout()),
        // FUTEX_WAIT_BITSET
        (9, 2) => Some(val),
        (9, 3) => Some(timeout()),
        (9, 5) => Some(val3),
        // FUTEX_WAKE_BITSET
        (10, 2) => Some(val),
        (10, 5) => Some(val3),
        // FUTEX_REQUEUE
        (3, 2) => Some(val),
        (3, 3) => Some(val2),
        (3, 4) => Some(uaddr2),
        // FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI
        (4 | 12, 2) => Some(val),
        (4 | 12, 3) => Some(val2),
        (4 | 12, 4) => Some(uaddr2),
        (4 | 12, 5) => Some(Value::Uint(arg(ev, 5) & 0xffff_ffff)),
        // FUTEX_WAKE_OP: the encoded operation is printed raw.
        (5, 2) => Some(val),
        (5, 3) => Some(val2),
        (5, 4) => Some(uaddr2),
        (5, 5) => Some(Value::Hex(arg(ev, 5) & 0xffff_ffff)),
        // FUTEX_WAIT_REQUEUE_PI
        (11, 2) => Some(val),
        (11, 3) => Some(timeout()),
        (11, 4) => Some(uaddr2),
        // FUTEX_FD, FUTEX_WAKE
        (1 | 2, 2) => Some(val),
        (0..=13, _) => None,
        // Unknown: every argument.
        (_, 2) => Some(val),
        (_, 3) => Some(Value::Ptr(arg(ev, 3))),
        (_, 4) => Some(uaddr2),
        (_, 5) => Some(Value::Hex(arg(ev, 5) & 0xffff_ffff)),
        _ => None,
    }
}

fn clone<'a>(pos: usize, ev: &SyscallEvent<'a>) -> Option<Value<'a>> {
    const CSIGNAL: u64 = 0xff;
    const PARENT_TID: u64 = 0x100000 | 0x1000;
    const SETTLS: u64 = 0x80000;
    const CHILD_TID: u64 = 0x1000000 | 0x200000;
    let reg = |i: usize| arg(ev, CLONE_REGS[i]);
    let raw = reg(0);
    let flags = raw & !CSIGNAL;
    let sig = (raw & CSIGNAL) as u32;
    match pos {
        0 => Some(Value::Named("child_stack", Box::new(Value::Ptr(reg(1))))),
        1 => {
            let signame = || {
                if sig == 0 {
                    "0".to_owned()
                } else {
                    signal_name(sig)
                }
            };
            let s = if flags != 0 {
                let mut s = flags_str(flags, &CLONE_FLAGS);
                if sig != 0 {
                    s.push('|');
                    s.push_str(&signame());
                }
                s
            } else {
                signame()
            };
            Some(Value::Named("flags", Box::new(Value::Sym(s))))
        }
        2 if flags & PARENT_TID != 0 => {
            let v = match cap(ev, CLONE_REGS[2]).and_then(|b| i32_at(b, 0)) {
                Some(t) => Value::array(vec![Value::Int(t.into())]),
                None => Value::Ptr(reg(2)),
            };
            Some(Value::Named("parent_tid", Box::new(v)))
        }
        3 if flags & SETTLS != 0 => Some(Value::Named("tls", Box::new(Value::Ptr(reg(4))))),
        4 if flags & CHILD_TID != 0 => {
            Some(Value::Named("child_tidptr", Box::new(Value::Ptr(reg(3)))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    //! Expected strings are strace 6.1's lines for the same calls (python3 scripts in
    //! tests/tests/decoders.rs and `strace -f python3 …`).
    use super::*;
    use crate::decode::{decode_args, decode_ret};
    use crate::format::quote::QuoteOpts;
    use crate::format::text::{TextOpts, TextSink};
    use crate::format::{Sink, SyscallLine};
    use crate::table::{Arch, Table};

    /// The whole line tracer prints for `e`, without the padding before ` = `.
    fn line(e: &SyscallEvent<'_>) -> String {
        line_entered(e, None)
    }

    fn line_entered(e: &SyscallEvent<'_>, enter: Option<&SyscallEvent<'_>>) -> String {
        let t = Table::new(Arch::X86_64);
        let row = t.row(e.nr).unwrap();
        let opts = TextOpts::plain(QuoteOpts::default());
        let mut out = Vec::new();
        let mut sink = TextSink::new(&mut out, opts);
        let l = SyscallLine {
            ev: e,
            name: Some(row.name),
            row: Some(row),
            args: decode_args(e, enter, row, false),
            ret: decode_ret(e, enter, row),
            label: None,
            ret_path: None,
            part: crate::format::Part::Whole,
        };
        sink.syscall(&l).unwrap();
        drop(sink);
        let s = String::from_utf8(out).unwrap();
        let (call, ret) = s.trim_end().split_once(" = ").unwrap();
        format!("{} = {ret}", call.trim_end())
    }

    /// The line tracer prints for one part of a split call: the entry (`e` is the entry
    /// record) or the resumed rest.
    fn part_line(
        e: &SyscallEvent<'_>,
        enter: Option<&SyscallEvent<'_>>,
        part: crate::format::Part,
    ) -> String {
        let t = Table::new(Arch::X86_64);
        let row = t.row(e.nr).unwrap();
        let at_entry = matches!(part, crate::format::Part::Entry);
        let mut out = Vec::new();
        let mut sink = TextSink::new(&mut out, TextOpts::plain(QuoteOpts::default()));
        let l = SyscallLine {
            ev: e,
            name: Some(row.name),
            row: Some(row),
            args: decode_args(e, enter, row, at_entry),
            ret: if at_entry {
                Default::default()
            } else {
                decode_ret(e, enter, row)
            },
            label: None,
            ret_path: None,
            part,
        };
        sink.syscall(&l).unwrap();
        drop(sink);
        let s = String::from_utf8(out).unwrap();
        match s.trim_end().split_once(" = ") {
            Some((call, ret)) => format!("{} = {ret}", call.trim_end()),
            None => s.trim_end().to_owned(),
        }
    }

    fn t_row(nr: u32) -> &'static crate::table::Row {
        Table::new(Arch::X86_64).row(nr).unwrap()
    }

    fn caps1(reg: usize, b: &[u8]) -> [Option<Captured<'_>>; 6] {
        let mut c = [None; 6];
        c[reg] = Some(Captured::Bytes(b));
        c
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn fcntl_commands_and_returns() {
        assert_eq!(
            line(&SyscallEvent::new(72, [3, 3, 0, 0, 0, 0], 0, [None; 6])),
            "fcntl(3, F_GETFL) = 0 (flags O_RDONLY)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                72,
                [255, 3, 0, 0, 0, 0],
                0x8000,
                [None; 6]
            )),
            "fcntl(255, F_GETFL) = 0x8000 (flags O_RDONLY|O_LARGEFILE)"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [3, 1, 0, 0, 0, 0], 1, [None; 6])),
            "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [2, 1, 0, 0, 0, 0], 0, [None; 6])),
            "fcntl(2, F_GETFD) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [3, 2, 0, 0, 0, 0], 0, [None; 6])),
            "fcntl(3, F_SETFD, 0) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [11, 2, 1, 0, 0, 0], 0, [None; 6])),
            "fcntl(11, F_SETFD, FD_CLOEXEC) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                72,
                [3, 4, 0o4000, 0, 0, 0],
                0,
                [None; 6]
            )),
            "fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                72,
                [3, 1030, 10, 0, 0, 0],
                11,
                [None; 6]
            )),
            "fcntl(3, F_DUPFD_CLOEXEC, 10) = 11"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [2, 0, 10, 0, 0, 0], 11, [None; 6])),
            "fcntl(2, F_DUPFD, 10) = 11"
        );
        assert_eq!(
            line(&SyscallEvent::new(72, [255, 1, 0, 0, 0, 0], -9, [None; 6])),
            "fcntl(255, F_GETFD) = -1 EBADF (Bad file descriptor)"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn ioctl_requests() {
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [1, 0x5401, 0x7ffc_1000, 0, 0, 0],
                -25,
                [None; 6]
            )),
            "ioctl(1, TCGETS, 0x7ffc1000) = -1 ENOTTY (Inappropriate ioctl for device)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [2, 0x540f, 0x7ffc_1000, 0, 0, 0],
                -25,
                [None; 6]
            )),
            "ioctl(2, TIOCGPGRP, 0x7ffc1000) = -1 ENOTTY (Inappropriate ioctl for device)"
        );
        let ws = [24, 0, 80, 0, 0, 0, 0, 0];
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [1, 0x5413, 0x7ffc_1000, 0, 0, 0],
                0,
                caps1(2, &ws)
            )),
            "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0"
        );
        let n = 5i32.to_le_bytes();
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [3, 0x541b, 0x7ffc_1000, 0, 0, 0],
                0,
                caps1(2, &n)
            )),
            "ioctl(3, FIONREAD, [5]) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [3, 0x5451, 0, 0, 0, 0],
                0,
                [None; 6]
            )),
            "ioctl(3, FIOCLEX) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [3, 0x8008_1234, 0, 0, 0, 0],
                -25,
                [None; 6]
            )),
            "ioctl(3, _IOC(_IOC_READ, 0x12, 0x34, 0x8), 0) = -1 ENOTTY (Inappropriate ioctl for device)"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn termios_of_a_terminal() {
        // script -qc 'strace -e trace=ioctl stty -a' /dev/null
        let mut t = [0u8; 36];
        t[0..4].copy_from_slice(&0o2400u32.to_le_bytes());
        t[4..8].copy_from_slice(&0o5u32.to_le_bytes());
        t[8..12].copy_from_slice(&0o277u32.to_le_bytes());
        t[12..16].copy_from_slice(&0o105073u32.to_le_bytes());
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [0, 0x5401, 0x7ffc_1000, 0, 0, 0],
                0,
                caps1(2, &t)
            )),
            "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, \
             c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, \
             ...}) = 0"
        );
    }

    /// `-v`: the line discipline and every control character; an unknown discipline in hex.
    #[test]
    fn termios_verbose_whole() {
        use crate::format::text::value_text_with;
        // python3: pty.openpty(), then TCSETS of its settings with c_line 99 and c_cc[18] 7.
        let mut t = [0u8; 36];
        t[0..4].copy_from_slice(&0o2400u32.to_le_bytes());
        t[4..8].copy_from_slice(&0o5u32.to_le_bytes());
        t[8..12].copy_from_slice(&0o277u32.to_le_bytes());
        t[12..16].copy_from_slice(&0o105073u32.to_le_bytes());
        t[17..34].copy_from_slice(&[
            3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0,
        ]);
        let flags = "c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, \
                     c_cflag=B38400|CS8|CREAD, \
                     c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE";
        let cc = "[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, \
                  [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, \
                  [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, \
                  [17]=0";
        let mut opts = TextOpts::plain(QuoteOpts::default());
        opts.verbose = true;
        let v = termios(&t).unwrap();
        assert_eq!(
            value_text_with(&v, opts),
            format!("{{{flags}, c_line=N_TTY, c_cc=[{cc}, [18]=0]}}")
        );
        opts.verbose = false;
        assert_eq!(value_text_with(&v, opts), format!("{{{flags}, ...}}"));
        t[16] = 99;
        t[35] = 7;
        opts.verbose = true;
        assert_eq!(
            value_text_with(&termios(&t).unwrap(), opts),
            format!("{{{flags}, c_line=0x63 /* N_??? */, c_cc=[{cc}, [18]=0x7]}}")
        );
        assert_eq!(termios(&t[..35]), None);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn futex_ops() {
        // ls: futex(0x7f…, FUTEX_WAKE_PRIVATE, 2147483647) = 0
        assert_eq!(
            line(&SyscallEvent::new(
                202,
                [0x7f00_0000_1000, 0x81, 0x7fff_ffff, 0, 3, 0],
                0,
                [None; 6]
            )),
            "futex(0x7f0000001000, FUTEX_WAKE_PRIVATE, 2147483647) = 0"
        );
        let mut ts = [0u8; 16];
        ts[..8].copy_from_slice(&5u64.to_le_bytes());
        assert_eq!(
            line(&SyscallEvent::new(
                202,
                [0x1000, 393, 0, 0x2000, 0, 0xffff_ffff],
                -110,
                caps1(3, &ts)
            )),
            "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, {tv_sec=5, tv_nsec=0}, \
             FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                202,
                [0x1000, 128, 2, 0, 0, 0],
                0,
                [None; 6]
            )),
            "futex(0x1000, FUTEX_WAIT_PRIVATE, 2, NULL) = 0"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn clone_names_its_arguments() {
        // python3 os.fork(): clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f963c1fde50) = 32209
        assert_eq!(
            line(&SyscallEvent::new(
                56,
                [0x1200011, 0, 0, 0x7f96_3c1f_de50, 0, 0],
                32209,
                [None; 6]
            )),
            "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, \
             child_tidptr=0x7f963c1fde50) = 32209"
        );
        let tid = 77i32.to_le_bytes();
        assert_eq!(
            line(&SyscallEvent::new(
                56,
                [0x3d0f00, 0x7000, 0x8000, 0x9000, 0xa000, 0],
                77,
                caps1(2, &tid)
            )),
            "clone(child_stack=0x7000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|\
             CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=[77], \
             tls=0xa000, child_tidptr=0x9000) = 77"
        );
        assert_eq!(
            line(&SyscallEvent::new(56, [17, 0, 0, 0, 0, 0], 5, [None; 6])),
            "clone(child_stack=NULL, flags=SIGCHLD) = 5"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn poll_lists_events_and_revents() {
        // poll([{fd=3, events=POLLIN}], 1, 1000) = 1 ([{fd=3, revents=POLLIN}])
        let pfd = [3, 0, 0, 0, 1, 0, 1, 0];
        assert_eq!(
            line(&SyscallEvent::new(
                7,
                [0x1000, 1, 1000, 0, 0, 0],
                1,
                caps1(0, &pfd)
            )),
            "poll([{fd=3, events=POLLIN}], 1, 1000) = 1 ([{fd=3, revents=POLLIN}])"
        );
        let pfd = [3, 0, 0, 0, 1, 0, 0, 0];
        assert_eq!(
            line(&SyscallEvent::new(
                7,
                [0x1000, 1, 0, 0, 0, 0],
                0,
                caps1(0, &pfd)
            )),
            "poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)"
        );
    }

    /// A `Several` capture's bytes: `Some` items read, `None` NULL pointers.
    fn several(items: &[Option<&[u8]>]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&(items.len() as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        for item in items {
            let (data, status): (&[u8], u8) = match item {
                Some(d) => (d, array::ELEM_OK),
                None => (&[], array::ELEM_NONE),
            };
            b.extend_from_slice(&(data.len() as u32 | u32::from(status) << 16).to_le_bytes());
            b.extend_from_slice(data);
        }
        b
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn select_sets_at_entry_and_exit() {
        // select(5, [3], [4], NULL, {tv_sec=2, tv_usec=0}) = 2 (in [3], out [4], left {tv_sec=1, tv_usec=7})
        let mut given = [0u8; 16];
        given[..8].copy_from_slice(&2u64.to_le_bytes());
        let mut left = [0u8; 16];
        left[..8].copy_from_slice(&1u64.to_le_bytes());
        left[8..].copy_from_slice(&7u64.to_le_bytes());
        let args = [5, 0x1000, 0x1080, 0, 0x2000, 0];
        let at_entry = several(&[Some(&[0x08]), Some(&[0x10]), None, Some(&given)]);
        let enter = SyscallEvent::new(23, args, 0, caps1(1, &at_entry));
        let at_exit = several(&[Some(&[0x08]), Some(&[0x10]), None, Some(&left)]);
        assert_eq!(
            line_entered(
                &SyscallEvent::new(23, args, 2, caps1(1, &at_exit)),
                Some(&enter)
            ),
            "select(5, [3], [4], NULL, {tv_sec=2, tv_usec=0}) = 2 (in [3], out [4], left \
             {tv_sec=1, tv_usec=7})"
        );
        // strace 6.1 closes a bracket after every readable set once it has written anything:
        // `in [3]], except [5]` when the set between has nothing ready.
        let at_exit = several(&[Some(&[0x08]), Some(&[0x00]), Some(&[0x20]), Some(&left)]);
        let args3 = [6, 0x1000, 0x1080, 0x1100, 0x2000, 0];
        let at_entry3 = several(&[Some(&[0x08]), Some(&[0x10]), Some(&[0x20]), Some(&given)]);
        let enter3 = SyscallEvent::new(23, args3, 0, caps1(1, &at_entry3));
        assert_eq!(
            line_entered(
                &SyscallEvent::new(23, args3, 2, caps1(1, &at_exit)),
                Some(&enter3)
            ),
            "select(6, [3], [4], [5], {tv_sec=2, tv_usec=0}) = 2 (in [3]], except [5], left \
             {tv_sec=1, tv_usec=7})"
        );
        // No descriptors to look at (nfds 0): the sets print as their addresses.
        let args0 = [0, 0x1000, 0, 0, 0x2000, 0];
        let at_entry0 = several(&[Some(&[]), None, None, Some(&given)]);
        let enter0 = SyscallEvent::new(23, args0, 0, caps1(1, &at_entry0));
        assert_eq!(
            line_entered(
                &SyscallEvent::new(23, args0, 0, caps1(1, &at_entry0)),
                Some(&enter0)
            ),
            "select(0, 0x1000, NULL, NULL, {tv_sec=2, tv_usec=0}) = 0 (Timeout)"
        );
        // Only the sets that have descriptors ready are named; none at all is a timeout.
        let at_exit = several(&[Some(&[0x00]), Some(&[0x10]), None, Some(&left)]);
        assert!(
            line_entered(
                &SyscallEvent::new(23, args, 1, caps1(1, &at_exit)),
                Some(&enter)
            )
            .ends_with("= 1 (out [4], left {tv_sec=1, tv_usec=7})")
        );
        assert!(
            line_entered(
                &SyscallEvent::new(23, args, 0, caps1(1, &at_exit)),
                Some(&enter)
            )
            .ends_with("= 0 (Timeout)")
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn pselect6_and_ppoll_signal_masks() {
        // {sigmask=[HUP], sigsetsize=8}: the pair, then the mask it points to.
        let mut pair = Vec::new();
        pair.extend_from_slice(&0x3000u64.to_le_bytes());
        pair.extend_from_slice(&8u64.to_le_bytes());
        pair.extend_from_slice(&1u64.to_le_bytes());
        let sets = several(&[Some(&[0x08]), None, None, None]);
        let mut c = caps1(1, &sets);
        c[5] = Some(Captured::Bytes(&pair));
        let args = [4, 0x1000, 0, 0, 0, 0x2000];
        let enter = SyscallEvent::new(270, args, 0, c);
        assert_eq!(
            line_entered(
                &SyscallEvent::new(270, args, 1, caps1(1, &sets)),
                Some(&enter)
            ),
            "pselect6(4, [3], NULL, NULL, NULL, {sigmask=[HUP], sigsetsize=8}) = 1 (in [3])"
        );
        // ppoll's mask beside its timeout in one copy; a NULL timeout.
        let given = several(&[None, Some(&2u64.to_le_bytes())]);
        let args = [0x1000, 0, 0, 0x3000, 8, 0];
        let enter = SyscallEvent::new(271, args, 0, caps1(2, &given));
        assert_eq!(
            line_entered(
                &SyscallEvent::new(271, args, 0, caps1(2, &[])),
                Some(&enter)
            ),
            "ppoll(0x1000, 0, NULL, [INT], 8) = 0 (Timeout)"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn ppoll_time_left() {
        // ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999})
        let mut given = [0u8; 16];
        given[..8].copy_from_slice(&1u64.to_le_bytes());
        let given = several(&[Some(&given), None]);
        let enter = SyscallEvent::new(271, [0x1000, 1, 0x2000, 0, 8, 0], 0, caps1(2, &given));
        let mut left = [0u8; 16];
        left[8..].copy_from_slice(&999u64.to_le_bytes());
        let pfd = [3, 0, 0, 0, 1, 0, 1, 0];
        let mut c = caps1(0, &pfd);
        c[2] = Some(Captured::Bytes(&left));
        assert_eq!(
            line_entered(
                &SyscallEvent::new(271, [0x1000, 1, 0x2000, 0, 8, 0], 1, c),
                Some(&enter)
            ),
            "ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, \
             revents=POLLIN}], left {tv_sec=0, tv_nsec=999})"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn epoll_wait_prints_events() {
        let mut e = [0u8; 12];
        e[0] = 1;
        e[4] = 3;
        assert_eq!(
            line(&SyscallEvent::new(
                232,
                [5, 0x1000, 1023, 1000, 0, 0],
                1,
                caps1(1, &e)
            )),
            "epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}], 1023, 1000) = 1"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                233,
                [5, 1, 3, 0x1000, 0, 0],
                0,
                caps1(3, &e)
            )),
            "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn wait4_status_and_rusage() {
        let st = (3i32 << 8).to_le_bytes();
        let mut c = caps1(1, &st);
        let ru = [0u8; 144];
        c[3] = Some(Captured::Bytes(&ru));
        assert_eq!(
            line(&SyscallEvent::new(
                61,
                [32209, 0x1000, 0, 0x2000, 0, 0],
                32209,
                c
            )),
            "wait4(32209, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, tv_usec=0}, \
             ru_stime={tv_sec=0, tv_usec=0}, ...}) = 32209"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                61,
                [u64::MAX, 0x1000, 1, 0, 0, 0],
                -10,
                [None; 6]
            )),
            "wait4(-1, 0x1000, WNOHANG, NULL) = -1 ECHILD (No child processes)"
        );
        assert_eq!(
            wait_status(9),
            "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]"
        );
        assert_eq!(
            wait_status(0x8b),
            "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]"
        );
        assert_eq!(
            wait_status(0x137f),
            "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]"
        );
        assert_eq!(wait_status(0xffff), "[{WIFCONTINUED(s)}]");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn getdents_counts_entries() {
        // The kernel's RecordCount capture: count, flags.
        let head = |count: u32, flags: u32| {
            let mut b = count.to_le_bytes().to_vec();
            b.extend_from_slice(&flags.to_le_bytes());
            b
        };
        let b = head(139, array::COUNT_ONLY);
        // ls on a directory whose entries take more than one copy (4416 bytes).
        assert_eq!(
            line(&SyscallEvent::new(
                217,
                [3, 0x1000, 32768, 0, 0, 0],
                4416,
                caps1(1, &b)
            )),
            "getdents64(3, 0x1000 /* 139 entries */, 32768) = 4416"
        );
        // The old getdents: the same count (d_reclen is at 16 in both layouts).
        assert_eq!(
            line(&SyscallEvent::new(
                78,
                [3, 0x1000, 32768, 0, 0, 0],
                4416,
                caps1(1, &b)
            )),
            "getdents(3, 0x1000 /* 139 entries */, 32768) = 4416"
        );
        let b = head(0, array::COUNT_ONLY);
        assert_eq!(
            line(&SyscallEvent::new(
                217,
                [3, 0x1000, 32768, 0, 0, 0],
                0,
                caps1(1, &b)
            )),
            "getdents64(3, 0x1000 /* 0 entries */, 32768) = 0"
        );
        // More records than counted: the count so far.
        let b = head(array::COUNT_MAX, array::COUNT_ONLY | array::MORE);
        assert_eq!(
            line(&SyscallEvent::new(
                217,
                [3, 0x1000, 1 << 22, 0, 0, 0],
                1 << 21,
                caps1(1, &b)
            )),
            "getdents64(3, 0x1000 /* 65536 entries */, 4194304) = 2097152"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn getdents_prints_the_address_when_the_walk_failed() {
        for flags in [array::UNTERMINATED, array::FAULT] {
            let mut b = 3u32.to_le_bytes().to_vec();
            b.extend_from_slice(&(array::COUNT_ONLY | flags).to_le_bytes());
            assert_eq!(
                line(&SyscallEvent::new(
                    217,
                    [3, 0x1000, 32768, 0, 0, 0],
                    96,
                    caps1(1, &b)
                )),
                "getdents64(3, 0x1000, 32768) = 96"
            );
        }
        // A short capture (garbled record): the address.
        assert_eq!(
            line(&SyscallEvent::new(
                217,
                [3, 0x1000, 32768, 0, 0, 0],
                96,
                caps1(1, &[1, 0])
            )),
            "getdents64(3, 0x1000, 32768) = 96"
        );
        let mut c = [None; 6];
        c[1] = Some(Captured::Fault);
        assert_eq!(
            line(&SyscallEvent::new(217, [3, 0x1000, 32768, 0, 0, 0], 96, c)),
            "getdents64(3, 0x1000, 32768) = 96"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn rt_sigreturn_prints_the_restored_mask_and_register() {
        // The UserStack copy at entry: uc_sigmask of the frame.
        let mask = (1u64 << (12 - 1)).to_le_bytes();
        let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &mask));
        let exit = SyscallEvent::new(15, [0; 6], 61, [None; 6]);
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            "rt_sigreturn({mask=[USR2]}) = 61"
        );
        let zero = 0u64.to_le_bytes();
        let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &zero));
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            "rt_sigreturn({mask=[]}) = 61"
        );
        // The frame could not be read (or was not copied): no argument.
        let mut c = [None; 6];
        c[0] = Some(Captured::Fault);
        let enter = SyscallEvent::new(15, [0; 6], 0, c);
        assert_eq!(line_entered(&exit, Some(&enter)), "rt_sigreturn() = 61");
        assert_eq!(line(&exit), "rt_sigreturn() = 61");
        // A short copy: nothing to decode.
        let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &zero[..4]));
        assert_eq!(line_entered(&exit, Some(&enter)), "rt_sigreturn() = 61");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn clone3_prints_parent_tid_after_the_struct() {
        // glibc's pthread_create (python3 threading), from strace -f.
        let mut b = vec![0u8; 88];
        let flags: u64 = 0x3d0f00;
        b[0..8].copy_from_slice(&flags.to_le_bytes());
        b[16..24].copy_from_slice(&0x7f0560c34990u64.to_le_bytes());
        b[24..32].copy_from_slice(&0x7f0560c34990u64.to_le_bytes());
        b[40..48].copy_from_slice(&0x7f0560434000u64.to_le_bytes());
        b[48..56].copy_from_slice(&0x7fff80u64.to_le_bytes());
        b[56..64].copy_from_slice(&0x7f0560c346c0u64.to_le_bytes());
        let mut out = b.clone();
        out.extend_from_slice(&1174u32.to_le_bytes());
        let args = [0x7ffd0000, 88, 0, 0, 0, 0];
        let enter = SyscallEvent::new(435, args, 0, caps1(0, &b));
        let exit = SyscallEvent::new(435, args, 1174, caps1(0, &out));
        let st = "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|\
                  CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0560c34990, \
                  parent_tid=0x7f0560c34990, exit_signal=0, stack=0x7f0560434000, \
                  stack_size=0x7fff80, tls=0x7f0560c346c0}";
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            format!("clone3({st} => {{parent_tid=[1174]}}, 88) = 1174")
        );
        // Without the entry copy (none was made): the struct of the exit copy.
        assert_eq!(
            line(&exit),
            format!("clone3({st} => {{parent_tid=[1174]}}, 88) = 1174")
        );
        // parent_tid was NULL or unreadable: the struct alone.
        let exit = SyscallEvent::new(435, args, 1174, caps1(0, &b));
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            format!("clone3({st}, 88) = 1174")
        );
        // Failed: no copy at exit, the struct as given.
        let exit = SyscallEvent::new(435, args, -11, [None; 6]);
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            format!("clone3({st}, 88) = -1 EAGAIN (Resource temporarily unavailable)")
        );
        // Split (strace -f when a thread's line comes between): the struct at entry, the
        // rest after `resumed>`.
        let exit = SyscallEvent::new(435, args, 1174, caps1(0, &out));
        let skip = decode_args(&enter, None, t_row(435), true).len();
        assert_eq!(skip, 1);
        assert_eq!(
            part_line(&enter, None, crate::format::Part::Entry),
            format!("clone3({st} <unfinished ...>")
        );
        assert_eq!(
            part_line(&exit, Some(&enter), crate::format::Part::Resumed { skip }),
            "<... clone3 resumed> => {parent_tid=[1174]}, 88) = 1174"
        );
        let failed = SyscallEvent::new(435, args, -11, [None; 6]);
        assert_eq!(
            part_line(&failed, Some(&enter), crate::format::Part::Resumed { skip }),
            "<... clone3 resumed>, 88) = -1 EAGAIN (Resource temporarily unavailable)"
        );
        // Nothing copied: the address.
        assert_eq!(
            line(&failed),
            "clone3(0x7ffd0000, 88) = -1 EAGAIN (Resource temporarily unavailable)"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn statx_flags_and_struct() {
        // ls -la /etc
        let mut b = vec![0u8; 256];
        b[0..4].copy_from_slice(&0x17ffu32.to_le_bytes());
        b[28..30].copy_from_slice(&0o40755u16.to_le_bytes());
        b[40..48].copy_from_slice(&4096u64.to_le_bytes());
        let mut c = caps1(4, &b);
        c[1] = Some(Captured::Bytes(b"/etc"));
        assert_eq!(
            line(&SyscallEvent::new(
                332,
                [0xffff_ff9c, 0x1000, 0x900, 0x25e, 0x2000, 0],
                0,
                c
            )),
            "statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, \
             STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, {stx_mask=STATX_BASIC_STATS|\
             STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn pselect6_sets_and_time_left() {
        // python3 select.select([r], [], [], 1) with r readable:
        // pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=999998829})
        let mut given = [0u8; 16];
        given[..8].copy_from_slice(&1u64.to_le_bytes());
        let at_entry = several(&[Some(&[8]), None, None, Some(&given)]);
        let args = [4, 0x1000, 0, 0, 0x2000, 0];
        let enter = SyscallEvent::new(270, args, 0, caps1(1, &at_entry));
        let mut left = [0u8; 16];
        left[8..].copy_from_slice(&999_998_829u64.to_le_bytes());
        let at_exit = several(&[Some(&[8]), None, None, Some(&left)]);
        let exit = SyscallEvent::new(270, args, 1, caps1(1, &at_exit));
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            "pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, \
             tv_nsec=999998829})"
        );
        let at_exit = several(&[Some(&[0]), None, None, Some(&[0u8; 16])]);
        let exit = SyscallEvent::new(270, args, 0, caps1(1, &at_exit));
        assert_eq!(
            line_entered(&exit, Some(&enter)),
            "pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 0 (Timeout)"
        );
        // An unreadable set prints as its address.
        let mut unreadable = several(&[Some(&[8]), None, None, Some(&given)]);
        unreadable[8..12].copy_from_slice(&(u32::from(array::ELEM_FAULT) << 16).to_le_bytes());
        unreadable.drain(12..13);
        let enter = SyscallEvent::new(270, args, 0, caps1(1, &unreadable));
        assert!(
            line_entered(&exit, Some(&enter))
                .starts_with("pselect6(4, 0x1000, NULL, NULL, {tv_sec=1,")
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn umask_is_octal() {
        assert_eq!(
            line(&SyscallEvent::new(
                95,
                [0o22, 0, 0, 0, 0, 0],
                0o22,
                [None; 6]
            )),
            "umask(022) = 022"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn scheduling_groups_and_priorities() {
        // sched_getaffinity(0, 256, [0 1]) = 32
        let mut set = [0u8; 32];
        set[0] = 3;
        assert_eq!(
            line(&SyscallEvent::new(
                204,
                [0, 256, 0x1000, 0, 0, 0],
                32,
                caps1(2, &set)
            )),
            "sched_getaffinity(0, 256, [0 1]) = 32"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                204,
                [0, 1, 0x1000, 0, 0, 0],
                -22,
                [None; 6]
            )),
            "sched_getaffinity(0, 1, 0x1000) = -1 EINVAL (Invalid argument)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                203,
                [0, 8, 0x1000, 0, 0, 0],
                0,
                caps1(2, &[1, 0, 0, 0, 0, 0, 0, 0])
            )),
            "sched_setaffinity(0, 8, [0]) = 0"
        );
        // getgroups(0, NULL) = 1; getgroups(1, [0]) = 1; setgroups(0, []) = 0
        assert_eq!(
            line(&SyscallEvent::new(115, [0, 0, 0, 0, 0, 0], 1, [None; 6])),
            "getgroups(0, NULL) = 1"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                115,
                [1, 0x1000, 0, 0, 0, 0],
                1,
                caps1(1, &[0, 0, 0, 0])
            )),
            "getgroups(1, [0]) = 1"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                116,
                [0, 0x1000, 0, 0, 0, 0],
                0,
                caps1(1, &[])
            )),
            "setgroups(0, []) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                116,
                [2, 0x1000, 0, 0, 0, 0],
                0,
                caps1(1, &[0, 0, 0, 0, 1, 0, 0, 0])
            )),
            "setgroups(2, [0, 1]) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(145, [0, 0, 0, 0, 0, 0], 0, [None; 6])),
            "sched_getscheduler(0) = 0 (SCHED_OTHER)"
        );
        assert_eq!(
            line(&SyscallEvent::new(252, [1, 0, 0, 0, 0, 0], 4, [None; 6])),
            "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 4 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 4))"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                251,
                [1, 0, 0x6007, 0, 0, 0],
                0,
                [None; 6]
            )),
            "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 7)) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(157, [23, 32, 0, 0, 0, 0], 1, [None; 6])),
            "prctl(PR_CAPBSET_READ, CAP_MAC_OVERRIDE) = 1"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn ipc_devices_offsets_and_sleeps() {
        assert_eq!(
            line(&SyscallEvent::new(
                29,
                [0, 4096, 0o1600, 0, 0, 0],
                1,
                [None; 6]
            )),
            "shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 1"
        );
        assert_eq!(
            line(&SyscallEvent::new(31, [1, 0, 0, 0, 0, 0], 0, [None; 6])),
            "shmctl(1, IPC_RMID, NULL) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                68,
                [0x1234_abcd, 0, 0, 0, 0, 0],
                -2,
                [None; 6]
            )),
            "msgget(0x1234abcd, 000) = -1 ENOENT (No such file or directory)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                259,
                [0xffff_ff9c, 0x1000, 0o10666, 0, 0, 0],
                0,
                caps1(1, b"fifo")
            )),
            "mknodat(AT_FDCWD, \"fifo\", S_IFIFO|0666) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                133,
                [0x1000, 0o20600, 0x103, 0, 0, 0],
                0,
                caps1(0, b"nod")
            )),
            "mknod(\"nod\", S_IFCHR|0600, makedev(0x1, 0x3)) = 0"
        );
        // sendfile(6, 4, [0] => [16], 16) = 16
        let (zero, sixteen) = (0u64.to_le_bytes(), 16u64.to_le_bytes());
        let enter = SyscallEvent::new(40, [6, 4, 0x1000, 16, 0, 0], 0, caps1(2, &zero));
        assert_eq!(
            line_entered(
                &SyscallEvent::new(40, [6, 4, 0x1000, 16, 0, 0], 16, caps1(2, &sixteen)),
                Some(&enter)
            ),
            "sendfile(6, 4, [0] => [16], 16) = 16"
        );
        assert_eq!(
            line(&SyscallEvent::new(40, [6, 4, 0, 16, 0, 0], 16, [None; 6])),
            "sendfile(6, 4, NULL, 16) = 16"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [4, 0x4004_9409, 3, 0, 0, 0],
                -95,
                [None; 6]
            )),
            "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)"
        );
        let mut lock = [0u8; 32];
        lock[8..16].copy_from_slice(&1_073_741_824u64.to_le_bytes());
        lock[16] = 1;
        assert_eq!(
            line(&SyscallEvent::new(
                72,
                [3, 6, 0x1000, 0, 0, 0],
                0,
                caps1(2, &lock)
            )),
            "fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=1073741824, l_len=1}) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                135,
                [0x40000, 0, 0, 0, 0, 0],
                0,
                [None; 6]
            )),
            "personality(PER_LINUX|ADDR_NO_RANDOMIZE) = 0 (PER_LINUX)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                135,
                [0xffff_ffff, 0, 0, 0, 0, 0],
                0x40000,
                [None; 6]
            )),
            "personality(0xffffffff) = 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                324,
                [0, 0, 0, 0, 0, 0],
                0x3ff,
                [None; 6]
            )),
            "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x3ff (MEMBARRIER_CMD_GLOBAL|\
             MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|\
             MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ|0x200)"
        );
        let mut c = caps1(0, b"none");
        c[1] = Some(Captured::Bytes(b"/mnt"));
        c[2] = Some(Captured::Bytes(b"tmpfs"));
        assert_eq!(
            line(&SyscallEvent::new(
                165,
                [0x1000, 0x2000, 0x3000, 2, 0x4000, 0],
                0,
                c
            )),
            "mount(\"none\", \"/mnt\", \"tmpfs\", MS_NOSUID, 0x4000) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                165,
                [0x1000, 0x2000, 0, 0x44000, 0, 0],
                0,
                c
            )),
            "mount(\"none\", \"/mnt\", NULL, MS_REC|MS_PRIVATE, NULL) = 0"
        );
        let fs = 0x7f33_b4de_cb80u64.to_le_bytes();
        assert_eq!(
            line(&SyscallEvent::new(
                158,
                [0x1003, 0x1000, 0, 0, 0, 0],
                0,
                caps1(1, &fs)
            )),
            "arch_prctl(ARCH_GET_FS, [0x7f33b4decb80]) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                158,
                [0x1004, 0x1000, 0, 0, 0, 0],
                0,
                caps1(1, &[0; 8])
            )),
            "arch_prctl(ARCH_GET_GS, [NULL]) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                158,
                [0x1011, 0, 0, 0, 0, 0],
                1,
                [None; 6]
            )),
            "arch_prctl(ARCH_GET_CPUID) = 1"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                158,
                [0x1002, 0x7f00_1000, 0, 0, 0, 0],
                0,
                [None; 6]
            )),
            "arch_prctl(ARCH_SET_FS, 0x7f001000) = 0"
        );
        let flags = 0x80000u32.to_le_bytes();
        assert_eq!(
            line(&SyscallEvent::new(
                16,
                [3, 0x8008_6601, 0x1000, 0, 0, 0],
                0,
                caps1(2, &flags)
            )),
            "ioctl(3, FS_IOC_GETFLAGS, [FS_EXTENT_FL]) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                25,
                [0x1000, 4096, 8192, 1, 0, 0],
                0x2000,
                [None; 6]
            )),
            "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE) = 0x2000"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                25,
                [0x1000, 4096, 8192, 3, 0x5000, 0],
                0x5000,
                [None; 6]
            )),
            "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x5000) = 0x5000"
        );
        // rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7313, si_uid=0}, NULL, 8) = 10 (SIGUSR1)
        let mut info = [0u8; 64];
        info[0] = 10;
        info[16..20].copy_from_slice(&7313u32.to_le_bytes());
        let set = (1u64 << 9).to_le_bytes();
        let mut c = caps1(0, &set);
        c[1] = Some(Captured::Bytes(&info));
        assert_eq!(
            line(&SyscallEvent::new(128, [0x1000, 0x2000, 0, 8, 0, 0], 10, c)),
            "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7313, si_uid=0}, NULL, 8) = 10 (SIGUSR1)"
        );
        // preadv2(3, [...], 1, 2, RWF_HIPRI|RWF_NOWAIT): the flags come from register 5.
        assert_eq!(
            line(&SyscallEvent::new(327, [3, 0, 0, 2, 0, 9], -22, [None; 6])),
            "preadv2(3, NULL, 0, 2, RWF_HIPRI|RWF_NOWAIT) = -1 EINVAL (Invalid argument)"
        );
        // semtimedop(0, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=2, sem_flg=IPC_NOWAIT}], 2, NULL) = 0
        let ops: Vec<u8> = [0u16, 1, 0x1000, 1, 2, 0o4000]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            line(&SyscallEvent::new(
                220,
                [0, 0x1000, 2, 0, 0, 0],
                0,
                caps1(1, &ops)
            )),
            "semtimedop(0, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=2, \
             sem_flg=IPC_NOWAIT}], 2, NULL) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                70,
                [0, 0x1000, 8, 0, 0o14000, 0],
                -42,
                [None; 6]
            )),
            "msgrcv(0, 0x1000, 8, 0, MSG_NOERROR|IPC_NOWAIT) = -1 ENOMSG (No message of desired type)"
        );
        // nanosleep's time left shows only when a signal cut the sleep short.
        let mut left = [0u8; 16];
        left[8..].copy_from_slice(&5u64.to_le_bytes());
        assert_eq!(
            line(&SyscallEvent::new(
                35,
                [0x1000, 0x2000, 0, 0, 0, 0],
                0,
                caps1(1, &left)
            )),
            "nanosleep(0x1000, 0x2000) = 0"
        );
        assert_eq!(
            line(&SyscallEvent::new(
                35,
                [0x1000, 0x2000, 0, 0, 0, 0],
                -4,
                caps1(1, &left)
            )),
            "nanosleep(0x1000, {tv_sec=0, tv_nsec=5}) = -1 EINTR (Interrupted system call)"
        );
    }
}
