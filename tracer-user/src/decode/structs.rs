//! Structs read from the tracee, decoded from their bytes: what strace prints between braces.
//! Layouts are the kernel's for the traced architecture; every read is bounds-checked, and a
//! short copy decodes as the address (the caller's fallback).
use super::Value;

/// The structs the kernel side copies whole (a fixed number of bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Struct {
    /// `struct stat` (stat, fstat, lstat, newfstatat).
    Stat,
    /// `struct rlimit64` (prlimit64, getrlimit, setrlimit).
    Rlimit,
    /// `struct timespec` (nanosleep, clock_gettime, clock_nanosleep…).
    Timespec,
    /// The kernel's `struct sigaction` (rt_sigaction).
    SigAction,
    /// A `sigset_t` of 8 bytes (rt_sigprocmask…): `[INT CHLD]`, `~[RTMIN RT_1]`.
    SigSet,
    /// Two ints: pipe's and socketpair's descriptors, `[3, 4]`.
    IntPair,
    /// `struct utsname` (uname).
    Utsname,
    /// `struct sysinfo`.
    Sysinfo,
    /// `struct statx`.
    Statx,
    /// `struct rusage` (wait4, getrusage).
    Rusage,
    /// `struct timeval` (gettimeofday, settimeofday).
    Timeval,
    /// `struct epoll_event` (epoll_ctl).
    EpollEvent,
    /// `stack_t` (sigaltstack).
    Stack,
    /// Two `struct timespec` (utimensat), with UTIME_NOW and UTIME_OMIT named.
    TimespecPair,
    /// `struct statfs` (statfs, fstatfs).
    Statfs,
    /// `struct clone_args` as clone3 takes it (its first 88 bytes).
    CloneArgs,
    /// An `int` read through a pointer, `[0]` (`struct sched_param`, a `timer_t`).
    IntBox,
    /// `struct itimerspec` (timer_settime, timerfd_settime).
    Itimerspec,
    /// `struct itimerval` (setitimer, getitimer).
    Itimerval,
    /// `struct sigevent` (timer_create).
    SigEvent,
    /// capget's and capset's `struct __user_cap_header_struct`.
    CapHeader,
    /// capget's and capset's two `struct __user_cap_data_struct`.
    CapData,
    /// `struct tms` (times).
    Tms,
    /// openat2's `struct open_how`.
    OpenHow,
    /// A `siginfo_t` the kernel fills (rt_sigtimedwait): its first 64 bytes, all strace shows.
    SigInfo,
}

/// The one home of architecture-specific struct layouts.
mod layout {
    /// `struct stat`: size and field offsets.
    #[cfg(not(target_arch = "aarch64"))]
    pub mod stat {
        pub const SIZE: usize = 144;
        pub const MODE: usize = 24;
        pub const RDEV: usize = 40;
        pub const SIZE_FIELD: usize = 48;
        /// `st_nlink` is 8 bytes wide here.
        pub const NLINK: (usize, usize) = (16, 8);
        pub const UID: usize = 28;
        pub const GID: usize = 32;
    }
    /// `struct epoll_event` is packed on x86_64.
    #[cfg(not(target_arch = "aarch64"))]
    pub const EPOLL_EVENT: usize = 12;
    #[cfg(target_arch = "aarch64")]
    pub const EPOLL_EVENT: usize = 16;
    /// Where `data` sits in `struct epoll_event`.
    #[cfg(not(target_arch = "aarch64"))]
    pub const EPOLL_DATA: usize = 4;
    #[cfg(target_arch = "aarch64")]
    pub const EPOLL_DATA: usize = 8;
    /// The generic `struct stat` of arm64.
    #[cfg(target_arch = "aarch64")]
    pub mod stat {
        pub const SIZE: usize = 128;
        pub const MODE: usize = 16;
        pub const RDEV: usize = 32;
        pub const SIZE_FIELD: usize = 48;
        /// `st_nlink` is 4 bytes wide here.
        pub const NLINK: (usize, usize) = (20, 4);
        pub const UID: usize = 24;
        pub const GID: usize = 28;
    }
}

impl Struct {
    /// Bytes the kernel side copies.
    pub const fn size(self) -> u32 {
        match self {
            Struct::Stat => layout::stat::SIZE as u32,
            Struct::Rlimit | Struct::Timespec | Struct::Timeval => 16,
            Struct::SigAction | Struct::TimespecPair => 32,
            Struct::SigSet | Struct::IntPair => 8,
            Struct::Utsname => 6 * 65,
            Struct::Sysinfo => 112,
            Struct::Statx => 256,
            Struct::Rusage => 144,
            Struct::EpollEvent => layout::EPOLL_EVENT as u32,
            Struct::Stack => 24,
            Struct::Statfs => 120,
            Struct::CloneArgs => 88,
            Struct::IntBox => 4,
            Struct::Itimerspec | Struct::Itimerval => 32,
            Struct::SigEvent => 64,
            Struct::CapHeader => 8,
            Struct::CapData => 24,
            Struct::Tms => 32,
            Struct::OpenHow => 24,
            Struct::SigInfo => 64,
        }
    }
}

/// A `clock_t` in clock ticks (USER_HZ, 100 a second), with the seconds they make when not
/// zero: `1 /* 0.01 s */`.
pub(crate) fn clock_ticks(t: u64) -> Value<'static> {
    Value::Ticks(t)
}

pub(crate) fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(off..off + 2)?.try_into().ok()?))
}

pub(crate) fn i16_at(b: &[u8], off: usize) -> Option<i16> {
    Some(i16::from_le_bytes(b.get(off..off + 2)?.try_into().ok()?))
}

pub(crate) fn i32_at(b: &[u8], off: usize) -> Option<i32> {
    Some(i32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

pub(crate) fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

/// Decodes `bytes` as `kind`; None when the copy is too short.
pub fn decode<'a>(kind: Struct, bytes: &'a [u8]) -> Option<Value<'a>> {
    match kind {
        Struct::Stat => stat(bytes),
        Struct::Rlimit => {
            let f = |off| u64_at(bytes, off).map(rlim);
            Some(Value::Struct {
                fields: vec![("rlim_cur", f(0)?), ("rlim_max", f(8)?)],
                more: false,
            })
        }
        Struct::Timespec => timespec(bytes, 0, false),
        Struct::Timeval => Some(Value::Struct {
            fields: vec![
                ("tv_sec", Value::Int(u64_at(bytes, 0)? as i64)),
                ("tv_usec", Value::Int(u64_at(bytes, 8)? as i64)),
            ],
            more: false,
        }),
        Struct::SigAction => sigaction(bytes),
        Struct::SigSet => Some(sigset(bytes.get(..8)?)),
        Struct::IntPair => Some(Value::array(vec![
            Value::Fd(i32_at(bytes, 0)?.into()),
            Value::Fd(i32_at(bytes, 4)?.into()),
        ])),
        Struct::Utsname => {
            let field = |i: usize| {
                let f = bytes.get(i * 65..(i + 1) * 65)?;
                let end = f.iter().position(|&c| c == 0).unwrap_or(f.len());
                Some(Value::Str {
                    bytes: &f[..end],
                    truncated: false,
                    path: true,
                })
            };
            Some(Value::brief(
                Value::Struct {
                    fields: vec![("sysname", field(0)?), ("nodename", field(1)?)],
                    more: true,
                },
                Value::Struct {
                    fields: vec![
                        ("sysname", field(0)?),
                        ("nodename", field(1)?),
                        ("release", field(2)?),
                        ("version", field(3)?),
                        ("machine", field(4)?),
                        ("domainname", field(5)?),
                    ],
                    more: false,
                },
            ))
        }
        Struct::Sysinfo => sysinfo(bytes),
        Struct::Statx => statx(bytes),
        Struct::Rusage => {
            let tv = |off| {
                Some(Value::Struct {
                    fields: vec![
                        ("tv_sec", Value::Int(u64_at(bytes, off)? as i64)),
                        ("tv_usec", Value::Int(u64_at(bytes, off + 8)? as i64)),
                    ],
                    more: false,
                })
            };
            let mut full = vec![("ru_utime", tv(0)?), ("ru_stime", tv(16)?)];
            for (i, name) in [
                "ru_maxrss",
                "ru_ixrss",
                "ru_idrss",
                "ru_isrss",
                "ru_minflt",
                "ru_majflt",
                "ru_nswap",
                "ru_inblock",
                "ru_oublock",
                "ru_msgsnd",
                "ru_msgrcv",
                "ru_nsignals",
                "ru_nvcsw",
                "ru_nivcsw",
            ]
            .into_iter()
            .enumerate()
            {
                full.push((name, Value::Int(u64_at(bytes, 32 + 8 * i)? as i64)));
            }
            Some(Value::brief(
                Value::Struct {
                    fields: vec![("ru_utime", tv(0)?), ("ru_stime", tv(16)?)],
                    more: true,
                },
                Value::Struct {
                    fields: full,
                    more: false,
                },
            ))
        }
        Struct::EpollEvent => epoll_event(bytes),
        Struct::Stack => Some(Value::Struct {
            fields: vec![
                ("ss_sp", Value::Ptr(u64_at(bytes, 0)?)),
                (
                    "ss_flags",
                    Value::Flags(
                        u64::from(u32_at(bytes, 8)?),
                        &crate::table::xlat::SIGALTSTACK_FLAGS,
                    ),
                ),
                ("ss_size", Value::Uint(u64_at(bytes, 16)?)),
            ],
            more: false,
        }),
        Struct::TimespecPair => Some(Value::array(vec![
            timespec(bytes, 0, true)?,
            timespec(bytes, 16, true)?,
        ])),
        Struct::Statfs => statfs(bytes),
        Struct::CloneArgs => clone_args(bytes),
        Struct::IntBox => Some(Value::array(vec![Value::Int(i32_at(bytes, 0)?.into())])),
        Struct::Itimerspec => Some(Value::Struct {
            fields: vec![
                ("it_interval", timespec(bytes, 0, false)?),
                ("it_value", timespec(bytes, 16, false)?),
            ],
            more: false,
        }),
        Struct::Itimerval => {
            let tv = |off| {
                Some(Value::Struct {
                    fields: vec![
                        ("tv_sec", Value::Int(u64_at(bytes, off)? as i64)),
                        ("tv_usec", Value::Int(u64_at(bytes, off + 8)? as i64)),
                    ],
                    more: false,
                })
            };
            Some(Value::Struct {
                fields: vec![("it_interval", tv(0)?), ("it_value", tv(16)?)],
                more: false,
            })
        }
        Struct::SigEvent => super::misc::sigevent(bytes),
        Struct::CapHeader => super::misc::cap_header(bytes),
        Struct::OpenHow => super::misc::open_how(bytes),
        Struct::SigInfo => Some(super::siginfo::decode(bytes)),
        Struct::CapData => super::misc::cap_data(bytes),
        Struct::Tms => {
            let ticks = |off| Some(clock_ticks(u64_at(bytes, off)?));
            Some(Value::Struct {
                fields: vec![
                    ("tms_utime", ticks(0)?),
                    ("tms_stime", ticks(8)?),
                    ("tms_cutime", ticks(16)?),
                    ("tms_cstime", ticks(24)?),
                ],
                more: false,
            })
        }
    }
}

/// clone3's `struct clone_args`: the fields its flags use, as strace prints them.
fn clone_args(b: &[u8]) -> Option<Value<'_>> {
    const PIDFD: u64 = 0x1000;
    const CHILD_TID: u64 = 0x1000000 | 0x200000;
    const PARENT_SETTID: u64 = 0x100000;
    const SETTLS: u64 = 0x80000;
    const INTO_CGROUP: u64 = 0x2_0000_0000;
    let flags = u64_at(b, 0)?;
    let mut fields = vec![(
        "flags",
        Value::Flags(flags, &crate::table::xlat::CLONE3_FLAGS),
    )];
    if flags & PIDFD != 0 {
        fields.push(("pidfd", Value::Ptr(u64_at(b, 8)?)));
    }
    if flags & CHILD_TID != 0 {
        fields.push(("child_tid", Value::Ptr(u64_at(b, 16)?)));
    }
    if flags & PARENT_SETTID != 0 {
        fields.push(("parent_tid", Value::Ptr(u64_at(b, 24)?)));
    }
    let sig = u64_at(b, 32)?;
    fields.push((
        "exit_signal",
        if sig < i32::MAX as u64 {
            Value::Signal(sig as i64)
        } else {
            Value::Uint(sig)
        },
    ));
    fields.push(("stack", Value::Ptr(u64_at(b, 40)?)));
    fields.push(("stack_size", Value::Hex(u64_at(b, 48)?)));
    if flags & SETTLS != 0 {
        fields.push(("tls", Value::Ptr(u64_at(b, 56)?)));
    }
    let (set_tid, set_tid_size) = (u64_at(b, 64)?, u64_at(b, 72)?);
    if set_tid != 0 || set_tid_size != 0 {
        fields.push(("set_tid", Value::Ptr(set_tid)));
        fields.push(("set_tid_size", Value::Uint(set_tid_size)));
    }
    let cgroup = u64_at(b, 80)?;
    if cgroup != 0 || flags & INTO_CGROUP != 0 {
        fields.push(("cgroup", Value::Uint(cgroup)));
    }
    Some(Value::Struct {
        fields,
        more: false,
    })
}

/// `{tv_sec=1, tv_nsec=0}`; with `utime` (utimensat), UTIME_NOW and UTIME_OMIT alone and
/// other times followed by the date they mean.
fn timespec(b: &[u8], off: usize, utime: bool) -> Option<Value<'static>> {
    const UTIME_NOW: i64 = (1 << 30) - 1;
    const UTIME_OMIT: i64 = (1 << 30) - 2;
    let sec = u64_at(b, off)? as i64;
    let nsec = u64_at(b, off + 8)? as i64;
    let plain = Value::Struct {
        fields: vec![
            ("tv_sec", Value::Int(sec)),
            ("tv_nsec", Value::Uint(nsec as u64)),
        ],
        more: false,
    };
    if !utime {
        return Some(plain);
    }
    Some(match nsec {
        UTIME_NOW | UTIME_OMIT => Value::Coded {
            raw: Box::new(plain),
            sym: Box::new(Value::Word(if nsec == UTIME_NOW {
                "UTIME_NOW"
            } else {
                "UTIME_OMIT"
            })),
        },
        _ => Value::Dated {
            value: Box::new(plain),
            sec,
            nsec,
        },
    })
}

/// A signal set as strace prints it: `[HUP INT]`, or the complement `~[…]` (the formatter
/// decides); as many signals as the set's bytes hold (32 per four bytes, at most 64).
pub fn sigset(b: &[u8]) -> Value<'static> {
    let mut mask = 0u64;
    for (i, byte) in b.iter().take(8).enumerate() {
        mask |= u64::from(*byte) << (8 * i);
    }
    Value::SigSet {
        mask,
        nbits: (b.len().min(8) as u32).div_ceil(4) * 32,
    }
}

/// A signal handler: `SIG_DFL`, `SIG_IGN`, `SIG_ERR` or its address.
pub fn sa_handler(h: u64) -> Value<'static> {
    match h {
        0 | 1 | u64::MAX => Value::Val(h, &crate::table::xlat::SA_HANDLERS),
        a => Value::Ptr(a),
    }
}

/// The kernel's `struct sigaction`: handler, flags, restorer, mask.
fn sigaction(b: &[u8]) -> Option<Value<'static>> {
    const SA_RESTORER: u64 = 0x0400_0000;
    let flags = u64_at(b, 8)?;
    let mut fields = vec![
        ("sa_handler", sa_handler(u64_at(b, 0)?)),
        ("sa_mask", sigset(b.get(24..32)?)),
        (
            "sa_flags",
            Value::Flags(flags, &crate::table::xlat::SIGACT_FLAGS),
        ),
    ];
    if flags & SA_RESTORER != 0 {
        fields.push(("sa_restorer", Value::Ptr(u64_at(b, 16)?)));
    }
    Some(Value::Struct {
        fields,
        more: false,
    })
}

fn sysinfo(b: &[u8]) -> Option<Value<'static>> {
    let u = |off| u64_at(b, off).map(Value::Uint);
    Some(Value::Struct {
        fields: vec![
            ("uptime", Value::Int(u64_at(b, 0)? as i64)),
            ("loads", Value::array(vec![u(8)?, u(16)?, u(24)?])),
            ("totalram", u(32)?),
            ("freeram", u(40)?),
            ("sharedram", u(48)?),
            ("bufferram", u(56)?),
            ("totalswap", u(64)?),
            ("freeswap", u(72)?),
            ("procs", Value::Uint(u16_at(b, 80)?.into())),
            ("totalhigh", u(88)?),
            ("freehigh", u(96)?),
            ("mem_unit", Value::Uint(u32_at(b, 104)?.into())),
        ],
        more: false,
    })
}

/// strace's abbreviated statx: mask, attributes, mode and size (when the mask has them), `...`.
fn statx(b: &[u8]) -> Option<Value<'static>> {
    use crate::table::xlat::{STATX_ATTRS, STATX_MASK};
    const STATX_TYPE: u32 = 1;
    const STATX_MODE: u32 = 2;
    const STATX_SIZE: u32 = 0x200;
    let mask = u32_at(b, 0)?;
    let mut fields = vec![
        ("stx_mask", Value::Flags(mask.into(), &STATX_MASK)),
        ("stx_attributes", Value::Flags(u64_at(b, 8)?, &STATX_ATTRS)),
    ];
    if mask & (STATX_TYPE | STATX_MODE) != 0 {
        fields.push(("stx_mode", file_mode(u16_at(b, 28)?.into())));
    }
    if mask & STATX_SIZE != 0 {
        fields.push(("stx_size", Value::Uint(u64_at(b, 40)?)));
    }
    let u32f = |off| u32_at(b, off).map(|v| Value::Uint(v.into()));
    let full = vec![
        ("stx_mask", Value::Flags(mask.into(), &STATX_MASK)),
        ("stx_blksize", u32f(4)?),
        ("stx_attributes", Value::Flags(u64_at(b, 8)?, &STATX_ATTRS)),
        ("stx_nlink", u32f(16)?),
        ("stx_uid", u32f(20)?),
        ("stx_gid", u32f(24)?),
        ("stx_mode", file_mode(u16_at(b, 28)?.into())),
        ("stx_ino", Value::Uint(u64_at(b, 32)?)),
        ("stx_size", Value::Uint(u64_at(b, 40)?)),
        ("stx_blocks", Value::Uint(u64_at(b, 48)?)),
        (
            "stx_attributes_mask",
            Value::Flags(u64_at(b, 56)?, &STATX_ATTRS),
        ),
        ("stx_atime", statx_time(b, 64)?),
        ("stx_btime", statx_time(b, 80)?),
        ("stx_ctime", statx_time(b, 96)?),
        ("stx_mtime", statx_time(b, 112)?),
        ("stx_rdev_major", u32f(128)?),
        ("stx_rdev_minor", u32f(132)?),
        ("stx_dev_major", u32f(136)?),
        ("stx_dev_minor", u32f(140)?),
        ("stx_mnt_id", Value::Hex(u64_at(b, 144)?)),
    ];
    Some(Value::brief(
        Value::Struct { fields, more: true },
        Value::Struct {
            fields: full,
            more: false,
        },
    ))
}

/// `{events=EPOLLIN, data={u32=3, u64=3}}`.
pub fn epoll_event(b: &[u8]) -> Option<Value<'static>> {
    let data = u64_at(b, layout::EPOLL_DATA)?;
    Some(Value::Struct {
        fields: vec![
            (
                "events",
                Value::Flags(u32_at(b, 0)?.into(), &crate::table::xlat::EPOLL_EVENTS),
            ),
            (
                "data",
                Value::Struct {
                    fields: vec![
                        ("u32", Value::Uint(u64::from(data as u32))),
                        ("u64", Value::Uint(data)),
                    ],
                    more: false,
                },
            ),
        ],
        more: false,
    })
}

/// The size of one `struct epoll_event`.
pub const EPOLL_EVENT_SIZE: usize = layout::EPOLL_EVENT;

/// `struct statfs` (x86_64 and arm64 share the generic 64-bit layout).
fn statfs(b: &[u8]) -> Option<Value<'static>> {
    let u = |off| u64_at(b, off).map(Value::Uint);
    let fsid = |off| u32_at(b, off).map(|v| Value::Hex(v.into()));
    Some(Value::Struct {
        fields: vec![
            (
                "f_type",
                Value::Val(u64_at(b, 0)?, &crate::table::xlat::FS_MAGICS),
            ),
            ("f_bsize", u(8)?),
            ("f_blocks", u(16)?),
            ("f_bfree", u(24)?),
            ("f_bavail", u(32)?),
            ("f_files", u(40)?),
            ("f_ffree", u(48)?),
            (
                "f_fsid",
                Value::Struct {
                    fields: vec![("val", Value::array(vec![fsid(56)?, fsid(60)?]))],
                    more: false,
                },
            ),
            ("f_namelen", u(64)?),
            ("f_frsize", u(72)?),
            (
                "f_flags",
                Value::Flags(u64_at(b, 80)?, &crate::table::xlat::STATFS_FLAGS),
            ),
        ],
        more: false,
    })
}

/// strace's abbreviated stat: the mode, then the device numbers of a device or the size of
/// anything else, then `...`.
fn stat(b: &[u8]) -> Option<Value<'static>> {
    use layout::stat::*;
    let mode = u32_at(b, MODE)?;
    let kind = mode & libc::S_IFMT;
    // A device shows its number where other files show their size.
    let size_or_rdev = if kind == libc::S_IFCHR || kind == libc::S_IFBLK {
        ("st_rdev", dev_t(u64_at(b, RDEV)?))
    } else {
        ("st_size", Value::Int(u64_at(b, SIZE_FIELD)? as i64))
    };
    let brief = Value::Struct {
        fields: vec![("st_mode", file_mode(mode)), size_or_rdev.clone()],
        more: true,
    };
    let nlink = match NLINK {
        (off, 8) => u64_at(b, off)?,
        (off, _) => u32_at(b, off)?.into(),
    };
    let mut fields = vec![
        ("st_dev", dev_t(u64_at(b, 0)?)),
        ("st_ino", Value::Uint(u64_at(b, 8)?)),
        ("st_mode", file_mode(mode)),
        ("st_nlink", Value::Uint(nlink)),
        ("st_uid", Value::Uint(u32_at(b, UID)?.into())),
        ("st_gid", Value::Uint(u32_at(b, GID)?.into())),
        ("st_blksize", Value::Int(i32_at(b, 56)?.into())),
        ("st_blocks", Value::Int(u64_at(b, 64)? as i64)),
        size_or_rdev,
    ];
    for (off, sec, nsec) in [
        (72, "st_atime", "st_atime_nsec"),
        (88, "st_mtime", "st_mtime_nsec"),
        (104, "st_ctime", "st_ctime_nsec"),
    ] {
        let t = u64_at(b, off)? as i64;
        let ns = u64_at(b, off + 8)? as i64;
        fields.push((
            sec,
            Value::Dated {
                value: Box::new(Value::Int(t)),
                sec: t,
                nsec: ns,
            },
        ));
        fields.push((nsec, Value::Int(ns)));
    }
    Some(Value::brief(
        brief,
        Value::Struct {
            fields,
            more: false,
        },
    ))
}

/// A `dev_t` as strace prints it: `makedev(0xfe, 0)`; `-X raw` the number.
pub fn dev_t(dev: u64) -> Value<'static> {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    Value::Coded {
        raw: Box::new(Value::Hex(dev)),
        sym: Box::new(Value::Call(
            "makedev",
            vec![Value::Hex(major), Value::Hex(minor)],
        )),
    }
}

/// A `struct statx_timestamp` with its date: `{tv_sec=…, tv_nsec=…} /* … */`.
fn statx_time(b: &[u8], off: usize) -> Option<Value<'static>> {
    let sec = u64_at(b, off)? as i64;
    let nsec = i64::from(u32_at(b, off + 8)?);
    Some(Value::Dated {
        value: Box::new(Value::Struct {
            fields: vec![
                ("tv_sec", Value::Int(sec)),
                ("tv_nsec", Value::Uint(nsec as u64)),
            ],
            more: false,
        }),
        sec,
        nsec,
    })
}

/// A file mode as strace prints it (`print_symbolic_mode_t`): `S_IFDIR|S_ISVTX|0777`; the
/// octal number with `-X raw` or when the file type has no name.
pub fn file_mode(mode: u32) -> Value<'static> {
    const TYPES: [(u32, &str); 7] = [
        (libc::S_IFREG, "S_IFREG"),
        (libc::S_IFDIR, "S_IFDIR"),
        (libc::S_IFLNK, "S_IFLNK"),
        (libc::S_IFCHR, "S_IFCHR"),
        (libc::S_IFBLK, "S_IFBLK"),
        (libc::S_IFIFO, "S_IFIFO"),
        (libc::S_IFSOCK, "S_IFSOCK"),
    ];
    let kind = mode & libc::S_IFMT;
    let mut parts = Vec::new();
    if kind != 0 {
        match TYPES.iter().find(|(v, _)| *v == kind) {
            Some(&(_, name)) => parts.push(Value::Word(name)),
            None => return Value::Mode(mode.into()),
        }
    }
    for (bit, name) in [
        (libc::S_ISUID, "S_ISUID"),
        (libc::S_ISGID, "S_ISGID"),
        (libc::S_ISVTX, "S_ISVTX"),
    ] {
        if mode & bit != 0 {
            parts.push(Value::Word(name));
        }
    }
    parts.push(Value::Mode(u64::from(
        mode & !(libc::S_IFMT | libc::S_ISUID | libc::S_ISGID | libc::S_ISVTX),
    )));
    Value::Coded {
        raw: Box::new(Value::Mode(mode.into())),
        sym: Box::new(Value::Or(parts)),
    }
}

/// An rlimit value as strace prints it: `RLIM64_INFINITY`, `8192*1024`, or the number.
fn rlim(v: u64) -> Value<'static> {
    let sym = if v == u64::MAX {
        Value::Word("RLIM64_INFINITY")
    } else if v > 1024 && v.is_multiple_of(1024) {
        Value::Kib(v / 1024)
    } else {
        return Value::Uint(v);
    };
    Value::Coded {
        raw: Box::new(Value::Uint(v)),
        sym: Box::new(sym),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::text::date;

    #[test]
    fn modes_as_strace_prints_them() {
        // strace -e trace=newfstatat stat /tmp /etc/hostname
        let m = |v| text(&file_mode(v), false);
        assert_eq!(m(0o41777), "S_IFDIR|S_ISVTX|0777");
        assert_eq!(m(0o100644), "S_IFREG|0644");
        assert_eq!(m(0o20666), "S_IFCHR|0666");
        assert_eq!(m(0o100000), "S_IFREG|000");
        assert_eq!(m(0o644), "0644");
        // A file type without a name: the number alone.
        assert_eq!(m(0o170644), "0170644");
    }

    #[test]
    fn rlimits() {
        // strace sh -c 'ulimit -s': prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})
        let r = |v| text(&rlim(v), false);
        assert_eq!(r(8192 * 1024), "8192*1024");
        assert_eq!(r(u64::MAX), "RLIM64_INFINITY");
        assert_eq!(r(1024), "1024");
        assert_eq!(r(0), "0");
    }

    #[test]
    fn short_copies_do_not_decode() {
        assert_eq!(decode(Struct::Stat, &[0; 20]), None);
        assert_eq!(decode(Struct::Rlimit, &[0; 15]), None);
    }

    fn text(v: &Value<'_>, verbose: bool) -> String {
        use crate::format::text::{TextOpts, value_text_with};
        let mut opts = TextOpts::plain(crate::format::quote::QuoteOpts::default());
        opts.verbose = verbose;
        value_text_with(v, opts)
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn stat_of_a_device_shows_rdev() {
        let mut b = vec![0u8; Struct::Stat.size() as usize];
        b[0..8].copy_from_slice(&6u64.to_le_bytes());
        b[8..16].copy_from_slice(&3u64.to_le_bytes());
        b[16..24].copy_from_slice(&1u64.to_le_bytes());
        b[24..28].copy_from_slice(&0o20666u32.to_le_bytes());
        b[40..48].copy_from_slice(&0x103u64.to_le_bytes());
        b[56..64].copy_from_slice(&4096u64.to_le_bytes());
        let v = decode(Struct::Stat, &b).unwrap();
        assert_eq!(
            text(&v, false),
            "{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}"
        );
        assert_eq!(
            text(&v, true),
            "{st_dev=makedev(0, 0x6), st_ino=3, st_mode=S_IFCHR|0666, st_nlink=1, st_uid=0, \
             st_gid=0, st_blksize=4096, st_blocks=0, st_rdev=makedev(0x1, 0x3), st_atime=0, \
             st_atime_nsec=0, st_mtime=0, st_mtime_nsec=0, st_ctime=0, st_ctime_nsec=0}"
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn stat_verbose_shows_every_field_with_dates() {
        let mut b = vec![0u8; Struct::Stat.size() as usize];
        b[0..8].copy_from_slice(&0xfe00u64.to_le_bytes());
        b[8..16].copy_from_slice(&611u64.to_le_bytes());
        b[16..24].copy_from_slice(&1u64.to_le_bytes());
        b[24..28].copy_from_slice(&0o100755u32.to_le_bytes());
        b[28..32].copy_from_slice(&1000u32.to_le_bytes());
        b[32..36].copy_from_slice(&100u32.to_le_bytes());
        b[48..56].copy_from_slice(&3u64.to_le_bytes());
        b[56..64].copy_from_slice(&4096u64.to_le_bytes());
        b[64..72].copy_from_slice(&8u64.to_le_bytes());
        b[72..80].copy_from_slice(&1795465516u64.to_le_bytes());
        b[80..88].copy_from_slice(&456786579u64.to_le_bytes());
        b[88..96].copy_from_slice(&1795463370u64.to_le_bytes());
        let v = decode(Struct::Stat, &b).unwrap();
        assert_eq!(text(&v, false), "{st_mode=S_IFREG|0755, st_size=3, ...}");
        let atime = date(1795465516, 456786579).unwrap();
        let mtime = date(1795463370, 0).unwrap();
        assert!(
            !mtime.contains('.'),
            "a whole second has no fraction: {mtime}"
        );
        assert_eq!(
            text(&v, true),
            format!(
                "{{st_dev=makedev(0xfe, 0), st_ino=611, st_mode=S_IFREG|0755, st_nlink=1, \
                 st_uid=1000, st_gid=100, st_blksize=4096, st_blocks=8, st_size=3, \
                 st_atime=1795465516 /* {atime} */, st_atime_nsec=456786579, \
                 st_mtime=1795463370 /* {mtime} */, st_mtime_nsec=0, st_ctime=0, \
                 st_ctime_nsec=0}}"
            )
        );
    }

    #[test]
    fn statx_verbose_shows_every_field() {
        let mut b = vec![0u8; Struct::Statx.size() as usize];
        let put32 =
            |b: &mut Vec<u8>, off: usize, v: u32| b[off..off + 4].copy_from_slice(&v.to_le_bytes());
        put32(&mut b, 0, 0x7ff); // STATX_BASIC_STATS
        put32(&mut b, 4, 4096);
        put32(&mut b, 16, 1);
        b[28..30].copy_from_slice(&0o100644u16.to_le_bytes());
        b[32..40].copy_from_slice(&611u64.to_le_bytes());
        b[40..48].copy_from_slice(&3u64.to_le_bytes());
        b[48..56].copy_from_slice(&8u64.to_le_bytes());
        b[64..72].copy_from_slice(&1795465516u64.to_le_bytes());
        put32(&mut b, 72, 456786579);
        put32(&mut b, 76, 0xffff_ffff); // padding, not part of the time
        put32(&mut b, 136, 254);
        b[144..152].copy_from_slice(&0x1bu64.to_le_bytes());
        let v = decode(Struct::Statx, &b).unwrap();
        assert_eq!(
            text(&v, false),
            "{stx_mask=STATX_BASIC_STATS, stx_attributes=0, stx_mode=S_IFREG|0644, \
             stx_size=3, ...}"
        );
        let atime = date(1795465516, 456786579).unwrap();
        assert_eq!(
            text(&v, true),
            format!(
                "{{stx_mask=STATX_BASIC_STATS, stx_blksize=4096, stx_attributes=0, \
                 stx_nlink=1, stx_uid=0, stx_gid=0, stx_mode=S_IFREG|0644, stx_ino=611, \
                 stx_size=3, stx_blocks=8, stx_attributes_mask=0, \
                 stx_atime={{tv_sec=1795465516, tv_nsec=456786579}} /* {atime} */, \
                 stx_btime={{tv_sec=0, tv_nsec=0}}, stx_ctime={{tv_sec=0, tv_nsec=0}}, \
                 stx_mtime={{tv_sec=0, tv_nsec=0}}, stx_rdev_major=0, stx_rdev_minor=0, \
                 stx_dev_major=254, stx_dev_minor=0, stx_mnt_id=0x1b}}"
            )
        );
    }

    #[test]
    fn sigsets_as_strace_prints_them() {
        // rt_sigprocmask(SIG_BLOCK, [CHLD], [], 8)
        assert_eq!(text(&sigset(&(1u64 << 16).to_le_bytes()), false), "[CHLD]");
        assert_eq!(text(&sigset(&0u64.to_le_bytes()), false), "[]");
        // SIGINT, SIGTERM, SIGCHLD
        let m: u64 = (1 << 1) | (1 << 14) | (1 << 16);
        assert_eq!(text(&sigset(&m.to_le_bytes()), false), "[INT TERM CHLD]");
        // glibc's "block all" leaves out its two internal signals (32 and 33).
        let all = !((1u64 << 31) | (1u64 << 32));
        assert_eq!(text(&sigset(&all.to_le_bytes()), false), "~[RTMIN RT_1]");
        assert_eq!(text(&sigset(&u64::MAX.to_le_bytes()), false), "~[]");
    }

    #[test]
    fn sigaction_with_and_without_restorer() {
        // rt_sigaction(SIGCHLD, {sa_handler=0x55d…, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f…}, …)
        let mut b = [0u8; 32];
        b[0..8].copy_from_slice(&0x55d0_0000_1000u64.to_le_bytes());
        b[8..16].copy_from_slice(&0x1400_0000u64.to_le_bytes());
        b[16..24].copy_from_slice(&0x7f00_0000_2000u64.to_le_bytes());
        let v = decode(Struct::SigAction, &b).unwrap();
        assert_eq!(
            v,
            Value::Struct {
                fields: vec![
                    ("sa_handler", Value::Ptr(0x55d0_0000_1000)),
                    ("sa_mask", Value::SigSet { mask: 0, nbits: 64 }),
                    (
                        "sa_flags",
                        Value::Flags(0x1400_0000, &crate::table::xlat::SIGACT_FLAGS)
                    ),
                    ("sa_restorer", Value::Ptr(0x7f00_0000_2000)),
                ],
                more: false
            }
        );
        // {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}
        let v = decode(Struct::SigAction, &[0u8; 32]).unwrap();
        let Value::Struct { fields, .. } = v else {
            panic!("not a struct")
        };
        assert_eq!(fields.len(), 3);
        assert_eq!(text(&fields[0].1, false), "SIG_DFL");
    }

    #[test]
    fn utime_pairs_name_now_and_omit() {
        // utimensat(AT_FDCWD, "f", [UTIME_NOW, UTIME_OMIT], 0)
        let mut b = [0u8; 32];
        b[8..16].copy_from_slice(&((1u64 << 30) - 1).to_le_bytes());
        b[24..32].copy_from_slice(&((1u64 << 30) - 2).to_le_bytes());
        assert_eq!(
            text(&decode(Struct::TimespecPair, &b).unwrap(), false),
            "[UTIME_NOW, UTIME_OMIT]"
        );
        // The epoch has no date comment.
        assert_eq!(date(0, 0), None);
        assert_eq!(date(1, 1_000_000_000), None);
    }

    #[test]
    fn utsname_shows_two_fields_or_all_six_with_verbose() {
        let mut b = vec![0u8; 390];
        for (i, f) in ["Linux", "vm", "6.18", "#1 SMP", "x86_64", "(none)"]
            .iter()
            .enumerate()
        {
            b[i * 65..i * 65 + f.len()].copy_from_slice(f.as_bytes());
        }
        let v = decode(Struct::Utsname, &b).unwrap();
        assert_eq!(text(&v, false), r#"{sysname="Linux", nodename="vm", ...}"#);
        assert_eq!(
            text(&v, true),
            r##"{sysname="Linux", nodename="vm", release="6.18", version="#1 SMP", machine="x86_64", domainname="(none)"}"##
        );
    }

    #[test]
    fn rusage_verbose_shows_every_counter() {
        let mut b = vec![0u8; Struct::Rusage.size() as usize];
        b[8..16].copy_from_slice(&20621u64.to_le_bytes());
        for i in 0..14u64 {
            let off = 32 + 8 * i as usize;
            b[off..off + 8].copy_from_slice(&(i + 1).to_le_bytes());
        }
        let v = decode(Struct::Rusage, &b).unwrap();
        assert_eq!(
            text(&v, false),
            "{ru_utime={tv_sec=0, tv_usec=20621}, ru_stime={tv_sec=0, tv_usec=0}, ...}"
        );
        assert_eq!(
            text(&v, true),
            "{ru_utime={tv_sec=0, tv_usec=20621}, ru_stime={tv_sec=0, tv_usec=0}, ru_maxrss=1, \
             ru_ixrss=2, ru_idrss=3, ru_isrss=4, ru_minflt=5, ru_majflt=6, ru_nswap=7, \
             ru_inblock=8, ru_oublock=9, ru_msgsnd=10, ru_msgrcv=11, ru_nsignals=12, \
             ru_nvcsw=13, ru_nivcsw=14}"
        );
    }

    #[test]
    fn new_structs_refuse_short_copies() {
        for k in [
            Struct::SigAction,
            Struct::Utsname,
            Struct::Sysinfo,
            Struct::Statx,
            Struct::Rusage,
            Struct::Stack,
            Struct::TimespecPair,
            Struct::Statfs,
            Struct::IntPair,
        ] {
            assert_eq!(decode(k, &[0; 7]), None, "{k:?}");
            assert!(decode(k, &vec![0; k.size() as usize]).is_some(), "{k:?}");
        }
    }
}
