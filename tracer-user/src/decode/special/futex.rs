//! futex: the operation (position 1) and the arguments it uses (2–5: val, timeout or val2,
//! uaddr2, val3), in the order strace prints them.
use tracer_common::when;

use super::{Cap, Special, arg, cap, copy_at, fixed};
use crate::decode::Value;
use crate::decode::structs::{self, Struct};
use crate::table::xlat::{FUTEX_BITSET, FUTEX_OPS};
use crate::wire::SyscallEvent;

#[derive(Debug)]
pub struct Futex;

pub static FUTEX: Futex = Futex;

/// futex's operation numbers (uapi linux/futex.h), without the private and clock flags.
mod op {
    pub const WAIT: u32 = 0;
    pub const WAKE: u32 = 1;
    pub const FD: u32 = 2;
    pub const REQUEUE: u32 = 3;
    pub const CMP_REQUEUE: u32 = 4;
    pub const WAKE_OP: u32 = 5;
    pub const LOCK_PI: u32 = 6;
    pub const WAIT_BITSET: u32 = 9;
    pub const WAKE_BITSET: u32 = 10;
    pub const WAIT_REQUEUE_PI: u32 = 11;
    pub const CMP_REQUEUE_PI: u32 = 12;
    pub const LOCK_PI2: u32 = 13;
    /// The commands strace knows (it prints every argument of the others).
    pub const LAST: u32 = 13;
}

impl Special for Futex {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        copy_at(pos, 3, fixed(3, when::EXIT, 16))
    }

    fn input_at(&self, pos: usize) -> bool {
        // The timeout is the caller's: with split lines it is copied at entry.
        pos == 3
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let opv = arg(ev, 1) as u32;
        let cmd = opv & 127;
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
            return Some(Value::Val(opv.into(), &FUTEX_OPS));
        }
        use op::*;
        match (cmd, pos) {
            (WAIT | WAIT_BITSET | WAKE_BITSET | WAIT_REQUEUE_PI, 2) => Some(val),
            (WAIT | LOCK_PI | LOCK_PI2 | WAIT_BITSET | WAIT_REQUEUE_PI, 3) => Some(timeout()),
            (WAIT_BITSET | WAKE_BITSET, 5) => Some(val3),
            (REQUEUE | CMP_REQUEUE | CMP_REQUEUE_PI | WAKE_OP, 2) => Some(val),
            (REQUEUE | CMP_REQUEUE | CMP_REQUEUE_PI | WAKE_OP, 3) => Some(val2),
            (REQUEUE | CMP_REQUEUE | CMP_REQUEUE_PI | WAKE_OP | WAIT_REQUEUE_PI, 4) => Some(uaddr2),
            (CMP_REQUEUE | CMP_REQUEUE_PI, 5) => Some(Value::Uint(arg(ev, 5) & 0xffff_ffff)),
            // FUTEX_WAKE_OP: the encoded operation is printed raw.
            (WAKE_OP, 5) => Some(Value::Hex(arg(ev, 5) & 0xffff_ffff)),
            (WAKE | FD, 2) => Some(val),
            (0..=LAST, _) => None,
            // Unknown: every argument.
            (_, 2) => Some(val),
            (_, 3) => Some(Value::Ptr(arg(ev, 3))),
            (_, 4) => Some(uaddr2),
            (_, 5) => Some(Value::Hex(arg(ev, 5) & 0xffff_ffff)),
            _ => None,
        }
    }
}
