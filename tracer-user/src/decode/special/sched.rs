//! Scheduling: CPU sets (sched_setaffinity, sched_getaffinity), the policy sched_getscheduler
//! returns, I/O priorities and membarrier's commands.
use tracer_common::{CaptureKind, when};

use super::{Cap, Special, arg, cap};
use crate::decode::{RetNote, Value, int, misc};
use crate::table::xlat::{MEMBARRIER_CMDS, MEMBARRIER_FLAGS, SCHED_POLICY};
use crate::wire::SyscallEvent;

/// The most bytes of a CPU set copied (4096 CPUs).
const CPU_SET_MAX: u32 = 512;

/// A CPU set (sched_setaffinity's, as long as argument 1; sched_getaffinity's, as long as the
/// return value): `[0 1]`.
#[derive(Debug)]
pub struct CpuSet {
    out: bool,
}

pub static CPU_SET_IN: CpuSet = CpuSet { out: false };
pub static CPU_SET_OUT: CpuSet = CpuSet { out: true };

/// sched_getscheduler's pid, with the policy named after the return value.
#[derive(Debug)]
pub struct SchedGetScheduler;

pub static SCHED_GETSCHEDULER: SchedGetScheduler = SchedGetScheduler;

/// An I/O priority: ioprio_set's argument 2 (`set`), or ioprio_get's who (1) with the return
/// value explained.
#[derive(Debug)]
pub struct Ioprio {
    set: bool,
}

pub static IOPRIO_GET: Ioprio = Ioprio { set: false };
pub static IOPRIO_SET: Ioprio = Ioprio { set: true };

/// membarrier's command (0), flags (1) and CPU (2, with MEMBARRIER_CMD_FLAG_CPU only);
/// MEMBARRIER_CMD_QUERY's answer named after the return value.
#[derive(Debug)]
pub struct Membarrier;

pub static MEMBARRIER: Membarrier = Membarrier;

impl Special for CpuSet {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        let (kind, len_arg, when) = if self.out {
            (CaptureKind::BufLenRet, 0, when::EXIT_OK)
        } else {
            (CaptureKind::BufLenArg, 1, when::EXIT)
        };
        [
            Some(Cap {
                reg: pos as u8,
                kind,
                len_arg,
                when,
                max: CPU_SET_MAX,
            }),
            None,
        ]
    }

    fn is_out(&self) -> bool {
        self.out
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(match cap(ev, pos) {
            Some(b) if v != 0 && (!self.out || ev.ret >= 0) => misc::cpu_set(b),
            _ => Value::Ptr(v),
        })
    }
}

impl Special for SchedGetScheduler {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(Value::Int(int(arg(ev, pos))))
    }

    fn ret<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        // strace's auxiliary text: the name alone, whatever -X says.
        SCHED_POLICY.name(ev.ret as u64).map(|name| RetNote {
            hex: false,
            note: Some(Value::Word(name)),
        })
    }
}

impl Special for Ioprio {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(if self.set {
            misc::ioprio(v)
        } else {
            Value::Int(int(v))
        })
    }

    fn ret<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        (!self.set).then_some(RetNote {
            hex: false,
            note: Some(misc::ioprio_value(ev.ret as u64)),
        })
    }
}

impl Special for Membarrier {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const MEMBARRIER_CMD_FLAG_CPU: u64 = 1;
        let v = arg(ev, pos);
        match pos {
            0 => Some(Value::Val(v & 0xffff_ffff, &MEMBARRIER_CMDS)),
            1 => Some(Value::Flags(v & 0xffff_ffff, &MEMBARRIER_FLAGS)),
            _ if arg(ev, 1) & MEMBARRIER_CMD_FLAG_CPU != 0 => Some(Value::Int(int(v))),
            _ => None,
        }
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        const MEMBARRIER_CMD_QUERY: u32 = 0;
        (pos == 0 && arg(ev, 0) as u32 == MEMBARRIER_CMD_QUERY && ev.ret > 0).then_some(RetNote {
            hex: true,
            note: Some(Value::Flags(ev.ret as u64, &MEMBARRIER_CMDS)),
        })
    }
}
