//! Every read of user memory, bounded by the capture spec that user space derived from the syscall
//! row. This module knows nothing about particular syscalls.
use crate::arrays;
use aya_ebpf::helpers::{
    bpf_probe_read_user, bpf_probe_read_user_buf, bpf_probe_read_user_str_bytes,
};
use tracer_common::{
    CAPTURE_MAX, Capture, CaptureKind, DATA_AREA, LEN_ARG_MASK, MAX_CAPTURES, Moment, SyscallSpec,
    capstatus, len_count, len_elem_size,
};

/// Copies the arguments `spec` asks for at this moment into `data`, describing them in `caps`.
/// `regs` is sys_enter's `struct pt_regs *` (null at exit): only `UserStack` captures read it.
/// Returns the number of data bytes used and a bit per capture that succeeded.
#[inline(always)]
pub fn capture_args(
    spec: &SyscallSpec,
    args: &[u64; 6],
    regs: *const u64,
    moment: Moment,
    caps: &mut [Capture; MAX_CAPTURES],
    data: &mut [u8; DATA_AREA + CAPTURE_MAX as usize],
) -> (usize, u32) {
    let mut used: usize = 0;
    let mut ok_bits = 0u32;
    // Every slot is cleared: the scratch space holds the previous record's captures.
    *caps = [Capture::default(); MAX_CAPTURES];
    for i in 0..MAX_CAPTURES {
        let a = spec.args[i];
        let kind = CaptureKind::from_u8(a.kind);
        if kind == CaptureKind::None {
            break;
        }
        let wanted = a.wanted(i, moment);
        if !wanted {
            continue;
        }
        let ptr = if a.kind == CaptureKind::UserStack as u8 {
            // The global function reads the stack pointer from it.
            regs as u64
        } else if a.kind == CaptureKind::Several as u8 {
            // Its items' pointers come from the record's arguments; any of them may be NULL.
            1
        } else {
            arg_at(args, a.arg)
        };
        if a.kind >= CaptureKind::FIRST_ARRAY as u8 {
            // Arrays: one compare here, everything else in a function the verifier checks once.
            let off = used & (DATA_AREA - 1);
            caps[i].arg = a.arg;
            caps[i].kind = a.kind;
            caps[i].status = capstatus::FAULT;
            if ptr == 0 {
                continue;
            }
            let ret = match moment {
                Moment::Exit { ret, .. } => ret,
                _ => -1,
            };
            let kind_off = ((a.len_arg as u64) << 40) | ((a.kind as u64) << 32) | off as u64;
            let count = arg_at(args, a.len_arg);
            let n = if a.kind >= CaptureKind::Mmsghdr as u8 {
                arrays::tracer_mmsg_capture(kind_off, ptr, count, a.max as u64, ret)
            } else {
                arrays::tracer_array_capture(kind_off, ptr, count, a.max as u64, ret)
            };
            if n >= 0 {
                caps[i].status = capstatus::OK;
                caps[i].len = n as u32;
                used = off + n as usize;
                ok_bits |= 1 << i;
            }
            continue;
        }
        let max = if a.max > CAPTURE_MAX {
            CAPTURE_MAX
        } else {
            a.max
        } as u64;
        let len: u64 = match kind {
            CaptureKind::CStr | CaptureKind::Fixed => max,
            // Counts are bounded before they are scaled by the element size, so the product
            // cannot overflow; it is bounded by `max` below.
            CaptureKind::BufLenArg => {
                let n = len_count(a.len_arg, arg_at(args, a.len_arg & LEN_ARG_MASK));
                bounded(n) * len_elem_size(a.len_arg)
            }
            CaptureKind::BufLenRet => match moment {
                Moment::Exit { ret, .. } if ret > 0 => {
                    bounded(ret as u64) * len_elem_size(a.len_arg)
                }
                _ => 0,
            },
            CaptureKind::BufLenPtr => {
                let lp = arg_at(args, a.len_arg) as *const u32;
                // SAFETY: a user pointer read through bpf_probe_read_user, which fails cleanly.
                match unsafe { bpf_probe_read_user(lp) } {
                    Ok(l) => l as u64,
                    Err(_) => 0,
                }
            }
            CaptureKind::None => 0,
            _ => 0,
        };
        let len = if len > max { max } else { len } as usize;
        let off = used & (DATA_AREA - 1);
        caps[i].arg = a.arg;
        caps[i].kind = a.kind;
        if ptr == 0 {
            caps[i].status = capstatus::FAULT;
            continue;
        }
        let dst = &mut data[off..off + CAPTURE_MAX as usize];
        let got = if kind == CaptureKind::CStr {
            // SAFETY: user pointer from the syscall's arguments; the helper bounds the copy by
            // `dst` and fails cleanly on unreadable memory.
            match unsafe { bpf_probe_read_user_str_bytes(ptr as *const u8, &mut dst[..len]) } {
                Ok(s) => Ok(s.len()),
                Err(e) => Err(e),
            }
        } else if len == 0 {
            Ok(0)
        } else {
            // SAFETY: as above; `len` ≤ CAPTURE_MAX = dst.len().
            unsafe { bpf_probe_read_user_buf(ptr as *const u8, &mut dst[..len]) }.map(|()| len)
        };
        match got {
            Ok(n) => {
                caps[i].status = capstatus::OK;
                caps[i].len = n as u32;
                used = off + n;
                ok_bits |= 1 << i;
            }
            Err(_) => caps[i].status = capstatus::FAULT,
        }
    }
    (used, ok_bits)
}

/// A length or count capped at the most any capture copies.
#[inline(always)]
fn bounded(n: u64) -> u64 {
    if n > CAPTURE_MAX as u64 {
        CAPTURE_MAX as u64
    } else {
        n
    }
}

/// Argument `i`, selected by branches rather than a computed index so the verifier sees every
/// access in bounds.
#[inline(always)]
fn arg_at(args: &[u64; 6], i: u8) -> u64 {
    match i {
        0 => args[0],
        1 => args[1],
        2 => args[2],
        3 => args[3],
        4 => args[4],
        _ => args[5],
    }
}
