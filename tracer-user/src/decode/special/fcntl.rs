//! fcntl: the command (position 1), the argument it takes (2), and what the `F_GET*`
//! commands return.
use tracer_common::when;

use super::{Cap, Special, arg, cap, copy_at, fixed};
use crate::decode::{RetNote, Value, int, misc};
use crate::table::xlat::{FCNTL_CMDS, FD_FLAGS, LEASE_TYPES, SEALS};
use crate::wire::SyscallEvent;

/// The size of `struct flock` (64-bit offsets).
const FLOCK: u32 = 32;

/// fcntl's command numbers (uapi asm-generic/fcntl.h, linux/fcntl.h).
mod cmd {
    pub const F_DUPFD: u32 = 0;
    pub const F_GETFD: u32 = 1;
    pub const F_SETFD: u32 = 2;
    pub const F_GETFL: u32 = 3;
    pub const F_SETFL: u32 = 4;
    pub const F_GETLK: u32 = 5;
    pub const F_SETLK: u32 = 6;
    pub const F_SETLKW: u32 = 7;
    pub const F_SETOWN: u32 = 8;
    pub const F_GETOWN: u32 = 9;
    pub const F_SETSIG: u32 = 10;
    pub const F_GETSIG: u32 = 11;
    pub const F_SETOWN_EX: u32 = 15;
    pub const F_GETOWN_EX: u32 = 16;
    pub const F_OFD_GETLK: u32 = 36;
    pub const F_OFD_SETLK: u32 = 37;
    pub const F_OFD_SETLKW: u32 = 38;
    pub const F_SETLEASE: u32 = 1024;
    pub const F_GETLEASE: u32 = 1025;
    pub const F_DUPFD_CLOEXEC: u32 = 1030;
    pub const F_SETPIPE_SZ: u32 = 1031;
    pub const F_GETPIPE_SZ: u32 = 1032;
    pub const F_ADD_SEALS: u32 = 1033;
    pub const F_GET_SEALS: u32 = 1034;
}
use cmd::*;

#[derive(Debug)]
pub struct Fcntl;

pub static FCNTL: Fcntl = Fcntl;

impl Special for Fcntl {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        // A `struct flock` for the lock commands (other commands' numbers fail to copy).
        copy_at(pos, 2, fixed(2, when::EXIT, FLOCK))
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let cmd = arg(ev, 1) as u32;
        let v = arg(ev, 2);
        if pos == 1 {
            return Some(Value::Val(cmd.into(), &FCNTL_CMDS));
        }
        Some(match cmd {
            F_GETFD | F_GETFL | F_GETOWN | F_GETSIG | F_GETLEASE | F_GETPIPE_SZ | F_GET_SEALS => {
                return None;
            }
            F_SETFD => Value::Flags(v & 0xffff_ffff, &FD_FLAGS),
            F_SETFL => Value::OpenFlags(v),
            F_DUPFD | F_SETOWN | F_DUPFD_CLOEXEC | F_SETPIPE_SZ => Value::Int(int(v)),
            F_SETSIG => Value::Signal(int(v)),
            F_SETLEASE => Value::Val(v & 0xffff_ffff, &LEASE_TYPES),
            F_ADD_SEALS => Value::Flags(v & 0xffff_ffff, &SEALS),
            // The kernel's answer.
            F_GETLK | F_OFD_GETLK if ev.ret >= 0 => cap(ev, 2)
                .and_then(|b| misc::flock(b, true))
                .unwrap_or(Value::Ptr(v)),
            F_SETLK | F_SETLKW | F_OFD_SETLK | F_OFD_SETLKW => cap(ev, 2)
                .and_then(|b| misc::flock(b, false))
                .unwrap_or(Value::Ptr(v)),
            // Owners: not decoded yet.
            F_GETLK | F_SETOWN_EX | F_GETOWN_EX | F_OFD_GETLK => Value::Ptr(v),
            _ => Value::Hex(v),
        })
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        if pos != 1 {
            return None;
        }
        let r = ev.ret as u64;
        let (hex, note) = match arg(ev, 1) as u32 {
            F_GETFD if r != 0 => (
                true,
                Value::Seq(vec![Value::Word("flags "), Value::Flags(r, &FD_FLAGS)]),
            ),
            F_GETFL => (
                true,
                Value::Seq(vec![Value::Word("flags "), Value::OpenFlags(r)]),
            ),
            F_GETLEASE => (false, Value::Val(r, &LEASE_TYPES)),
            F_GET_SEALS if r != 0 => (
                true,
                Value::Seq(vec![Value::Word("seals "), Value::Flags(r, &SEALS)]),
            ),
            _ => return None,
        };
        Some(RetNote {
            hex,
            note: Some(note),
        })
    }
}
