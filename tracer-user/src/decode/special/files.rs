//! Files: getdents' entries, statx's flags, mknod's mode and device, offsets read through a
//! pointer (sendfile, copy_file_range), preadv2's flags and mount's arguments.
use tracer_common::{CAPTURE_MAX, CaptureKind, array, when};

use super::{Cap, Special, arg, cap, fixed};
use crate::decode::structs::{self, u32_at};
use crate::decode::{Value, misc};
use crate::table::xlat::{AT_FLAGS, RWF_FLAGS as RWF, STATX_SYNC_TYPES};
use crate::wire::SyscallEvent;

/// Where `d_reclen` is in a `struct linux_dirent64`, and in the old `struct linux_dirent` on
/// 64-bit targets (after two `unsigned long`s, d_ino and d_off).
const DIRENT_RECLEN: u32 = 16;

/// getdents/getdents64's buffer: its address and `/* N entries */`, counted by the kernel.
#[derive(Debug)]
pub struct Dirents;

pub static DIRENTS: Dirents = Dirents;

/// statx's flags: the sync type, then `AT_*` flags.
#[derive(Debug)]
pub struct StatxFlags;

pub static STATX_FLAGS: StatxFlags = StatxFlags;

/// mknod's mode (`S_IFCHR|0600`) at position `mode`, and its device after it, printed only
/// for devices.
#[derive(Debug)]
pub struct Mknod {
    mode: u8,
}

pub static MKNOD1: Mknod = Mknod { mode: 1 };
pub static MKNOD2: Mknod = Mknod { mode: 2 };

/// A 64-bit file offset read through a pointer: `[0]`, and with `out` `[0] => [16]` when the
/// kernel moved it (sendfile, whose offset strace prints unsigned; splice's and
/// copy_file_range's are signed).
#[derive(Debug)]
pub struct Offset {
    out: bool,
}

pub static OFFSET: Offset = Offset { out: false };
pub static OFFSET_INOUT: Offset = Offset { out: true };

/// preadv2's and pwritev2's flags, printed fifth but passed in register 5 (register 4 holds
/// the offset's high half).
#[derive(Debug)]
pub struct RwfFlags;

pub static RWF_FLAGS: RwfFlags = RwfFlags;

/// mount's type (2), flags (3) and data (4): the type and data print as addresses when the
/// flags say they are ignored. The data is not copied (the row's three copies go to the
/// source, the target and the type).
#[derive(Debug)]
pub struct Mount;

pub static MOUNT: Mount = Mount;

impl Special for Dirents {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [
            Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::RecordCount,
                len_arg: 0,
                when: when::EXIT_OK,
                max: DIRENT_RECLEN,
            }),
            None,
        ]
    }

    fn is_out(&self) -> bool {
        true
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(match cap(ev, pos).and_then(record_count) {
            Some(n) if ev.ret >= 0 => Value::Comment(
                Box::new(Value::Hex(v)),
                Box::new(Value::Count {
                    n: n.into(),
                    one: "entry",
                    many: "entries",
                }),
            ),
            _ => Value::Ptr(v),
        })
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

impl Special for StatxFlags {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const SYNC_TYPE: u64 = 0x6000;
        let f = arg(ev, pos) & 0xffff_ffff;
        let sync = Value::Flags(f & SYNC_TYPE, &STATX_SYNC_TYPES);
        Some(match f & !SYNC_TYPE {
            0 => sync,
            rest => Value::Or(vec![sync, Value::Flags(rest, &AT_FLAGS)]),
        })
    }
}

impl Special for Mknod {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        if pos == usize::from(self.mode) {
            return Some(structs::file_mode(v as u32));
        }
        misc::device(arg(ev, self.mode.into()), v)
    }
}

impl Special for Offset {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [
            fixed(pos as u8, when::ENTER, 8),
            if self.out {
                fixed(pos as u8, when::EXIT_OK, 8)
            } else {
                None
            },
        ]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let at_entry = enter.and_then(|e| cap(e, pos));
        let at_exit = if self.out { cap(ev, pos) } else { None };
        Some(misc::offset(at_entry, at_exit, arg(ev, pos), self.out))
    }
}

impl Special for RwfFlags {
    fn decode<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(Value::Flags(arg(ev, 5) & 0xffff_ffff, &RWF))
    }
}

impl Special for Mount {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        let fstype = Cap {
            reg: 2,
            kind: CaptureKind::CStr,
            len_arg: 0,
            when: when::EXIT,
            max: CAPTURE_MAX,
        };
        [(pos == 2).then_some(fstype), None]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        let flags = arg(ev, 3);
        // The data is not copied: an address whether mount ignores it or not.
        let (no_type, _) = misc::mount_ignores(flags);
        Some(match (pos, cap(ev, 2)) {
            (2, Some(b)) if v != 0 && !no_type => Value::Str {
                bytes: b,
                truncated: b.len() as u32 >= CAPTURE_MAX - 1,
                path: false,
            },
            (3, _) => misc::mount_flags(flags),
            _ => Value::Ptr(v),
        })
    }
}
