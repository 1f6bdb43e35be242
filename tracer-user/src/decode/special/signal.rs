//! Signals and time left: rt_sigreturn's restored mask, the signal rt_sigtimedwait returns,
//! nanosleep's remaining time and recvmmsg's timeout.
use tracer_common::{CaptureKind, when};

use super::{Cap, Special, arg, cap, fixed};
use crate::decode::structs::{self, Struct};
use crate::decode::{RetNote, Value};
use crate::wire::SyscallEvent;

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

/// rt_sigreturn's one position: the signal mask the signal frame on the user stack restores
/// (`{mask=[]}`), copied at entry.
#[derive(Debug)]
pub struct SigreturnMask;

pub static SIGRETURN_MASK: SigreturnMask = SigreturnMask;

/// An unsigned argument, with the signal the return value is named after it
/// (rt_sigtimedwait's sigsetsize: `= 10 (SIGUSR1)`).
#[derive(Debug)]
pub struct SignalRet;

pub static SIGNAL_RET: SignalRet = SignalRet;

/// nanosleep's time left: shown when a signal interrupted the sleep, else the address.
#[derive(Debug)]
pub struct SleepLeft;

pub static SLEEP_LEFT: SleepLeft = SleepLeft;

/// recvmmsg's timeout, as given (copied at entry: the kernel writes the time left over it); a
/// return of 0 is `(Timeout)`.
#[derive(Debug)]
pub struct MmsgTimeout;

pub static MMSG_TIMEOUT: MmsgTimeout = MmsgTimeout;

impl Special for SigreturnMask {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [
            Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::UserStack,
                len_arg: 0,
                when: when::ENTER,
                max: (SIGFRAME_MASK << 16) | 8,
            }),
            None,
        ]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let b = enter.and_then(|e| cap(e, pos)).or_else(|| cap(ev, pos))?;
        Some(Value::Struct {
            fields: vec![("mask", structs::sigset(b.get(..8)?))],
            more: false,
        })
    }
}

impl Special for SignalRet {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(Value::Uint(arg(ev, pos)))
    }

    fn ret<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        (1..=64).contains(&ev.ret).then_some(RetNote {
            hex: false,
            note: Some(Value::Signal(ev.ret)),
        })
    }
}

impl Special for SleepLeft {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [fixed(pos as u8, when::EXIT, 16), None]
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
        const EINTR: i64 = -4;
        const ERESTART_RESTARTBLOCK: i64 = -516;
        let v = arg(ev, pos);
        Some(match cap(ev, pos) {
            // EINTR, or ERESTART_RESTARTBLOCK that a handler's return restarts.
            Some(b) if v != 0 && matches!(ev.ret, EINTR | ERESTART_RESTARTBLOCK) => {
                structs::decode(Struct::Timespec, b).unwrap_or(Value::Ptr(v))
            }
            _ => Value::Ptr(v),
        })
    }
}

impl Special for MmsgTimeout {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [fixed(pos as u8, when::ENTER, 16), None]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(
            enter
                .and_then(|e| cap(e, pos))
                .filter(|_| v != 0)
                .and_then(|b| structs::decode(Struct::Timespec, b))
                .unwrap_or(Value::Ptr(v)),
        )
    }

    fn ret<'a>(
        &self,
        _pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        (ev.ret == 0).then_some(RetNote {
            hex: false,
            note: Some(Value::Word("Timeout")),
        })
    }
}
