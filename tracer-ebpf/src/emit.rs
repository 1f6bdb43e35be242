//! Everything that goes into the ring buffer, and the per-CPU count of what could not.
use aya_ebpf::bindings::BPF_RB_NO_WAKEUP;
use aya_ebpf::helpers::{bpf_get_smp_processor_id, bpf_ktime_get_ns};
use tracer_common::{Header, RECORD_MAX, RecordKind, Scratch, SyscallRecord, WIRE_VERSION};

use crate::maps::{EVENTS, SCRATCH};

/// This CPU's scratch space.
#[inline(always)]
pub fn scratch() -> Option<&'static mut Scratch> {
    // SAFETY: a per-CPU map value; BPF programs on one CPU do not preempt each other for the
    // tracepoints we attach to, and the pointer is valid for the whole program run.
    SCRATCH.get_ptr_mut(0).map(|p| unsafe { &mut *p })
}

/// Fills a record header for the current task.
#[inline(always)]
pub fn header(kind: RecordKind, len: usize, ts: u64, dropped: u64, pid_tgid: u64) -> Header {
    Header {
        kind: kind as u8,
        version: WIRE_VERSION,
        // SAFETY: plain helper call without arguments.
        cpu: unsafe { bpf_get_smp_processor_id() } as u16,
        len: len as u32,
        tid: pid_tgid as u32,
        tgid: (pid_tgid >> 32) as u32,
        ts,
        dropped,
    }
}

/// Sends the syscall record assembled in `s` with `data_len` bytes of captures.
#[inline(always)]
pub fn send_syscall(s: &mut Scratch, data_len: usize) {
    let mut len = SyscallRecord::SIZE + data_len;
    if len > RECORD_MAX {
        len = RECORD_MAX;
    }
    s.rec.hdr.len = len as u32;
    // SAFETY: `rec` is followed by `data` in the #[repr(C)] Scratch, and len ≤ RECORD_MAX ≤
    // size_of(rec) + size_of(data), so the slice stays inside the map value.
    let bytes = unsafe { core::slice::from_raw_parts((&raw const s.rec).cast::<u8>(), len) };
    if EVENTS.output::<[u8]>(bytes, SYSCALL_SUBMIT_FLAGS).is_err() {
        s.dropped += 1;
    }
}

/// Syscall records never wake the reader: a wakeup per syscall would cost more than the record
/// itself. The reader drains on a short timer (and is woken by the rare process records).
const SYSCALL_SUBMIT_FLAGS: u64 = BPF_RB_NO_WAKEUP as u64;

/// Reserves, fills and submits a fixed-size record; counts it as dropped when there is no room.
#[inline(always)]
pub fn send_fixed<T: 'static>(fill: impl FnOnce(&mut T, u64)) {
    let Some(s) = scratch() else { return };
    match EVENTS.reserve::<T>(0) {
        Some(mut entry) => {
            // SAFETY: the reservation is size_of::<T>() bytes; `fill` writes every field of a
            // #[repr(C)] record (all plain integers), starting from zeroed memory.
            let rec = unsafe {
                let p = entry.as_mut_ptr();
                core::ptr::write_bytes(p, 0, 1);
                &mut *p
            };
            fill(rec, s.dropped);
            entry.submit(0);
        }
        None => s.dropped += 1,
    }
}

/// Monotonic time in ns.
#[inline(always)]
pub fn now() -> u64 {
    // SAFETY: plain helper call without arguments.
    unsafe { bpf_ktime_get_ns() }
}
