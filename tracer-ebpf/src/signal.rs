//! Signals for traced tasks (strace's `--- SIGCHLD {...} ---` lines).
//!
//! `signal_deliver` runs in the receiving task when it dequeues a signal, right where a ptraced
//! task would stop for strace: the record it sends is the line. `signal_generate` runs in the
//! sender; it reports two cases the delivery hook never sees: signals the kernel drops at once
//! because the task ignores them (strace sees those, since ptraced tasks get ignored signals
//! queued), and fatal signals that the kernel turns into a group kill on the way (the threads
//! then dequeue only SIGKILL, while strace shows the original signal).
use aya_ebpf::{
    helpers::{bpf_get_current_pid_tgid, bpf_get_current_uid_gid, bpf_probe_read_kernel},
    macros::raw_tracepoint,
    programs::RawTracePointContext,
};
use tracer_common::{RecordKind, SIGINFO_SIZE, SignalRecord, cfgflags, sigflags, taskstate};

use crate::emit::{header, now, send_fixed};
use crate::filter::{NONE, task};
use crate::{config, read_kernel_u32};

/// The kernel's `SEND_SIG_NOINFO` and `SEND_SIG_PRIV`: "pointers" that stand for a siginfo the
/// kernel fills itself (from the sender: SI_USER; from the kernel: SI_KERNEL).
const SEND_SIG_NOINFO: u64 = 0;
const SEND_SIG_PRIV: u64 = 1;
/// `signal_generate`'s result values (include/trace/events/signal.h).
const TRACE_SIGNAL_DELIVERED: i64 = 0;
const TRACE_SIGNAL_IGNORED: i64 = 1;
const SIGKILL: u32 = 9;
/// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: the stop signals.
const SIGSTOP: u32 = 19;
const SIGTTOU: u32 = 22;
const SI_USER: i32 = 0;
const SI_KERNEL: i32 = 0x80;

#[raw_tracepoint(tracepoint = "signal_deliver")]
pub fn signal_deliver(ctx: RawTracePointContext) -> i32 {
    match try_deliver(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

fn try_deliver(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    if cfg.flags & cfgflags::SIGNALS == 0 {
        return Ok(0);
    }
    let sig: u64 = ctx.arg(0);
    let sig = sig as u32;
    if sig == SIGKILL {
        // Never reported by strace: a ptraced task doesn't stop for it.
        return Ok(0);
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    let t = task(pid_tgid as u32).ok_or(0)?;
    if t.state != taskstate::ACTIVE {
        return Ok(0);
    }
    let info: u64 = ctx.arg(1);
    let mut flags = sigflags::DELIVERED;
    if (SIGSTOP..=SIGTTOU).contains(&sig) {
        // The handler is the first field of the k_sigaction; SIG_DFL (0) stops the task.
        let ka: *const u64 = ctx.arg(2);
        // SAFETY: a kernel pointer from the tracepoint; the helper fails cleanly.
        if unsafe { bpf_probe_read_kernel(ka) } == Ok(0) {
            flags |= sigflags::STOPS;
        }
    }
    send(sig, flags, info, pid_tgid);
    Ok(0)
}

#[raw_tracepoint(tracepoint = "signal_generate")]
pub fn signal_generate(ctx: RawTracePointContext) -> i32 {
    match try_generate(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

fn try_generate(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    if cfg.flags & cfgflags::SIGNALS == 0 {
        return Ok(0);
    }
    let sig: u64 = ctx.arg(0);
    let sig = sig as u32;
    let result: u64 = ctx.arg(4);
    let result = result as i32 as i64;
    let ignored = result == TRACE_SIGNAL_IGNORED;
    if sig == SIGKILL || !(ignored || result == TRACE_SIGNAL_DELIVERED) {
        // Already pending, or not queued for lack of memory: nothing new to show.
        return Ok(0);
    }
    let target: *const u8 = ctx.arg(2);
    let tid = read_kernel_u32(target, cfg.task_pid_off)?;
    let t = task(tid).ok_or(0)?;
    if t.state != taskstate::ACTIVE {
        return Ok(0);
    }
    let tgid = read_kernel_u32(target, cfg.task_tgid_off)?;
    let mut flags = sigflags::GENERATED;
    if ignored {
        flags |= sigflags::IGNORED;
    }
    if t.nr != NONE {
        flags |= sigflags::IN_SYSCALL;
    }
    let info: u64 = ctx.arg(1);
    send(sig, flags, info, (u64::from(tgid) << 32) | u64::from(tid));
    Ok(0)
}

/// Sends a signal record for task `pid_tgid`, with the siginfo at `info` (or the one the kernel
/// makes for its two special values).
#[inline(always)]
fn send(sig: u32, flags: u32, info: u64, pid_tgid: u64) {
    let ts = now();
    send_fixed::<SignalRecord>(|r, dropped| {
        r.hdr = header(
            RecordKind::Signal,
            SignalRecord::SIZE,
            ts,
            dropped,
            pid_tgid,
        );
        r.sig = sig;
        r.flags = flags;
        match info {
            SEND_SIG_NOINFO | SEND_SIG_PRIV => {
                let (code, pid, uid) = if info == SEND_SIG_NOINFO {
                    let sender = (bpf_get_current_pid_tgid() >> 32) as u32;
                    (SI_USER, sender, bpf_get_current_uid_gid() as u32)
                } else {
                    (SI_KERNEL, 0, 0)
                };
                put_u32(&mut r.info, 0, sig);
                put_u32(&mut r.info, 8, code as u32);
                put_u32(&mut r.info, 16, pid);
                put_u32(&mut r.info, 20, uid);
                r.flags |= sigflags::HAS_INFO;
            }
            _ => {
                // SAFETY: a kernel pointer from the tracepoint; the helper fails cleanly.
                if let Ok(b) = unsafe { bpf_probe_read_kernel(info as *const [u8; SIGINFO_SIZE]) } {
                    r.info = b;
                    r.flags |= sigflags::HAS_INFO;
                }
            }
        }
    });
}

#[inline(always)]
fn put_u32(b: &mut [u8; SIGINFO_SIZE], off: usize, v: u32) {
    let v = v.to_le_bytes();
    b[off] = v[0];
    b[off + 1] = v[1];
    b[off + 2] = v[2];
    b[off + 3] = v[3];
}
