//! prctl, arch_prctl and personality: an option or code, the arguments it uses, and what the
//! `GET` operations return.
use tracer_common::{CaptureKind, when};

use super::{Cap, Special, arg, cap, copy_at, fixed};
use crate::decode::{RetNote, Value, misc, structs};
use crate::table::xlat::{ARCH_PRCTL as ARCH_PRCTL_CODES, PR_DUMPABLE, PRCTL_OPTIONS};
use crate::wire::SyscallEvent;

/// prctl's option (0) and the arguments it uses (1–4).
#[derive(Debug)]
pub struct Prctl;

pub static PRCTL: Prctl = Prctl;

/// arch_prctl's code (0) and address (1): what ARCH_GET_FS and ARCH_GET_GS stored there,
/// nothing for ARCH_GET_CPUID.
#[derive(Debug)]
pub struct ArchPrctl;

pub static ARCH_PRCTL: ArchPrctl = ArchPrctl;

/// personality's persona and flags, and the previous ones after the return value.
#[derive(Debug)]
pub struct Personality;

pub static PERSONALITY: Personality = Personality;

/// prctl's options (uapi linux/prctl.h).
mod opt {
    pub const PR_SET_PDEATHSIG: u32 = 1;
    pub const PR_GET_DUMPABLE: u32 = 3;
    pub const PR_SET_DUMPABLE: u32 = 4;
    pub const PR_GET_KEEPCAPS: u32 = 7;
    pub const PR_GET_TIMING: u32 = 13;
    pub const PR_SET_NAME: u32 = 15;
    pub const PR_GET_NAME: u32 = 16;
    pub const PR_GET_SECCOMP: u32 = 21;
    pub const PR_CAPBSET_READ: u32 = 23;
    pub const PR_CAPBSET_DROP: u32 = 24;
    pub const PR_SET_TIMERSLACK: u32 = 29;
    pub const PR_GET_TIMERSLACK: u32 = 30;
    pub const PR_SET_NO_NEW_PRIVS: u32 = 38;
    pub const PR_SET_THP_DISABLE: u32 = 41;
    pub const PR_SET_IO_FLUSHER: u32 = 57;
}

impl Special for Prctl {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        // PR_SET_NAME's and PR_GET_NAME's name (other options' numbers fail to copy).
        let name = Cap {
            reg: 1,
            kind: CaptureKind::CStr,
            len_arg: 0,
            when: when::EXIT,
            max: 17,
        };
        [(pos == 1).then_some(name), None]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        use opt::*;
        /// The kernel's TASK_COMM_LEN less the NUL.
        const COMM: usize = 15;
        let option = arg(ev, 0) as u32;
        let v = arg(ev, pos);
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
            (
                PR_GET_DUMPABLE | PR_GET_KEEPCAPS | PR_GET_TIMING | PR_GET_SECCOMP
                | PR_GET_TIMERSLACK,
                _,
            ) => None,
            (PR_SET_PDEATHSIG, 1) if v > 128 => Some(Value::Uint(v)),
            (PR_SET_PDEATHSIG, 1) => Some(Value::Signal(v as i64)),
            (PR_SET_DUMPABLE, 1) => Some(Value::Val(v, &PR_DUMPABLE)),
            (PR_SET_NAME, 1) => Some(name()),
            (PR_GET_NAME, 1) if ev.ret >= 0 => Some(name()),
            (PR_GET_NAME, 1) => Some(Value::Ptr(v)),
            (PR_SET_TIMERSLACK, 1) => Some(Value::Int(v as i64)),
            (
                PR_SET_PDEATHSIG | PR_SET_DUMPABLE | PR_SET_NAME | PR_GET_NAME | PR_SET_TIMERSLACK,
                _,
            ) => None,
            (PR_CAPBSET_READ | PR_CAPBSET_DROP, 1) => Some(misc::capability(v)),
            (PR_CAPBSET_READ | PR_CAPBSET_DROP, _) => None,
            (PR_SET_NO_NEW_PRIVS | PR_SET_THP_DISABLE | PR_SET_IO_FLUSHER, 1) => {
                Some(Value::Uint(v))
            }
            _ => Some(Value::Hex(v)),
        }
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        if pos != 0 || arg(ev, 0) as u32 != opt::PR_GET_DUMPABLE {
            return None;
        }
        // strace's auxiliary text: the name alone, whatever -X says.
        PR_DUMPABLE.name(ev.ret as u64).map(|name| RetNote {
            hex: false,
            note: Some(Value::Word(name)),
        })
    }
}

impl Special for ArchPrctl {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        // ARCH_GET_FS's and ARCH_GET_GS's answer (other codes' values fail to copy or go
        // unused).
        copy_at(pos, 1, fixed(1, when::EXIT_OK, 8))
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const ARCH_GET_FS: u32 = 0x1003;
        const ARCH_GET_GS: u32 = 0x1004;
        const ARCH_GET_CPUID: u32 = 0x1011;
        let v = arg(ev, pos);
        match (pos, arg(ev, 0) as u32) {
            (0, code) => Some(Value::Val(code.into(), &ARCH_PRCTL_CODES)),
            (_, ARCH_GET_FS | ARCH_GET_GS) => {
                Some(match cap(ev, 1).and_then(|b| structs::u64_at(b, 0)) {
                    Some(a) if v != 0 && ev.ret >= 0 => Value::array(vec![Value::Ptr(a)]),
                    _ => Value::Ptr(v),
                })
            }
            (_, ARCH_GET_CPUID) => None,
            _ => Some(Value::Hex(v)),
        }
    }
}

impl Special for Personality {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(misc::personality(arg(ev, pos)))
    }

    fn ret<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        Some(RetNote {
            hex: true,
            note: Some(misc::personality(ev.ret as u64)),
        })
    }
}
