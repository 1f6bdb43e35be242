//! clone, clone3 and wait4: the new task's arguments, and what a reaped child left.
use tracer_common::{CaptureKind, when};

use super::{Cap, Special, arg, cap, copy_at, fixed};
use crate::decode::Value;
use crate::decode::structs::{self, Struct, i32_at, u32_at};
use crate::table::xlat::CLONE_FLAGS;
use crate::wire::SyscallEvent;

/// clone's argument registers: flags, stack, parent tid, child tid, tls.
#[cfg(not(target_arch = "aarch64"))]
const CLONE_REGS: [usize; 5] = [0, 1, 2, 3, 4];
/// arm64 swaps the child tid and tls registers.
#[cfg(target_arch = "aarch64")]
const CLONE_REGS: [usize; 5] = [0, 1, 2, 4, 3];

/// Where `parent_tid` is in a `struct clone_args`.
const CLONE_ARGS_PARENT_TID: usize = 24;

/// clone's arguments, named and ordered as strace prints them (0–4).
#[derive(Debug)]
pub struct Clone;

pub static CLONE: Clone = Clone;

/// clone3's `struct clone_args` (0): as passed (copied at entry, as strace reads it), then
/// after a successful call the child's id the kernel stored through `parent_tid`:
/// `{…} => {parent_tid=[N]}`.
#[derive(Debug)]
pub struct Clone3;

pub static CLONE3: Clone3 = Clone3;

/// wait4's status (1) and rusage (3): printed only when a child was reaped.
#[derive(Debug)]
pub struct Wait;

pub static WAIT: Wait = Wait;

impl Special for Clone {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        copy_at(pos, 2, fixed(CLONE_REGS[2] as u8, when::EXIT_OK, 4))
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const CSIGNAL: u64 = 0xff;
        const PARENT_TID: u64 = 0x100000 | 0x1000;
        const SETTLS: u64 = 0x80000;
        const CHILD_TID: u64 = 0x1000000 | 0x200000;
        let reg = |i: usize| arg(ev, CLONE_REGS[i]);
        let raw = reg(0);
        let flags = raw & !CSIGNAL;
        let sig = (raw & CSIGNAL) as i64;
        let named = |name, v| Some(Value::Named(name, Box::new(v)));
        match pos {
            0 => named("child_stack", Value::Ptr(reg(1))),
            1 => {
                let mut parts = Vec::new();
                if flags != 0 {
                    parts.push(Value::Flags(flags, &CLONE_FLAGS));
                }
                if sig != 0 || flags == 0 {
                    parts.push(Value::Signal(sig));
                }
                named("flags", Value::Or(parts))
            }
            2 if flags & PARENT_TID != 0 => {
                let v = match cap(ev, CLONE_REGS[2]).and_then(|b| i32_at(b, 0)) {
                    Some(t) => Value::array(vec![Value::Int(t.into())]),
                    None => Value::Ptr(reg(2)),
                };
                named("parent_tid", v)
            }
            3 if flags & SETTLS != 0 => named("tls", Value::Ptr(reg(4))),
            4 if flags & CHILD_TID != 0 => named("child_tidptr", Value::Ptr(reg(3))),
            _ => None,
        }
    }
}

impl Special for Clone3 {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        if pos != 0 {
            return [None, None];
        }
        [
            fixed(0, when::ENTER, Struct::CloneArgs.size()),
            Some(Cap {
                reg: 0,
                kind: CaptureKind::FixedDeref,
                len_arg: CLONE_ARGS_PARENT_TID as u8,
                when: when::EXIT_OK,
                max: Struct::CloneArgs.size() | 4 << 16,
            }),
        ]
    }

    fn ends_entry(&self) -> bool {
        true
    }

    fn decode<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const PARENT_SETTID: u64 = 0x100000;
        let v = arg(ev, 0);
        let size = Struct::CloneArgs.size() as usize;
        let at_exit = cap(ev, 0);
        let given = enter.and_then(|e| cap(e, 0)).or(at_exit);
        let Some(args) = given.and_then(|b| structs::decode(Struct::CloneArgs, b.get(..size)?))
        else {
            return Some(Value::Ptr(v));
        };
        let flags = given.and_then(|b| structs::u64_at(b, 0)).unwrap_or(0);
        let tid = at_exit.and_then(|b| u32_at(b, size));
        Some(match tid {
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
        })
    }
}

impl Special for Wait {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        match pos {
            1 => [fixed(1, when::EXIT_OK, 4), None],
            3 => [fixed(3, when::EXIT_OK, Struct::Rusage.size()), None],
            _ => [None, None],
        }
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
        Some(match (pos, cap(ev, pos)) {
            (1, Some(b)) if ev.ret > 0 => match i32_at(b, 0) {
                Some(st) => Value::array(vec![Value::WaitStatus(st as u32)]),
                None => Value::Ptr(v),
            },
            (3, Some(b)) if ev.ret > 0 => structs::decode(Struct::Rusage, b)?,
            _ => Value::Ptr(v),
        })
    }
}
