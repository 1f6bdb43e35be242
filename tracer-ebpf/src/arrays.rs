//! Arrays in user memory, copied element by element: string-pointer arrays (execve's argv and
//! envp), iovec arrays (readv, writev, …), msghdrs (sendmsg, recvmsg) and records counted in a
//! buffer (getdents). The layouts are `tracer_common::array`'s. The other kinds copied by the
//! global function live here too: bytes at the user stack pointer (a signal frame) and a struct
//! with the `u32` one of its pointers points to. Like capture.rs, this knows nothing about
//! particular syscalls.
//!
//! Each element is copied by a `bpf_loop` callback. The loop's state (where the next element
//! goes, how much room and data are left) lives in a per-CPU map rather than on the stack, so
//! the verifier sees the same state on every iteration (unknown offsets, bounded by masks) and
//! checks each callback once instead of once per element.
use core::ffi::c_void;

use aya_ebpf::{
    helpers::generated::{bpf_loop, bpf_probe_read_user, bpf_probe_read_user_str},
    macros::map,
    maps::PerCpuArray,
};
use tracer_common::{CaptureKind, DATA_AREA, Scratch, array};

use crate::{arch, emit::scratch};

/// Where a copy loop stands.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct LoopState {
    /// Address of the array in user memory.
    src: u64,
    /// Data bytes the buffers may still count (the return value, for kernel-filled buffers).
    budget: u64,
    /// Where the next element goes in the data area, and the offset not to pass.
    off: u32,
    end: u32,
    /// Index of the next element, and how many to copy at most.
    i: u32,
    n: u32,
    /// Bytes of one element's string or buffer copied at most.
    elem: u32,
    /// Elements copied (or counted).
    count: u32,
    /// `array::MORE`, `UNTERMINATED`, `FAULT`.
    flags: u32,
    /// Non-zero: the call failed, no buffer holds data (iovecs print their addresses).
    no_data: u32,
}

#[map]
static LOOP: PerCpuArray<LoopState> = PerCpuArray::with_max_entries(1, 0);

const CONTINUE: i64 = 0;
const STOP: i64 = 1;

fn state() -> Option<&'static mut LoopState> {
    // SAFETY: a per-CPU map value, used by one program run at a time on this CPU.
    LOOP.get_ptr_mut(0).map(|p| unsafe { &mut *p })
}

/// A pointer into the data area at `off`, masked so the verifier sees it in bounds: the data
/// area is DATA_AREA + CAPTURE_MAX bytes and nothing writes more than CAPTURE_MAX past `off`.
#[inline(always)]
fn data_at(s: &mut Scratch, off: u32) -> *mut u8 {
    // SAFETY: the masked offset is below DATA_AREA, inside `data`.
    unsafe { s.data.as_mut_ptr().add(off as usize & (DATA_AREA - 1)) }
}

#[inline(always)]
fn put_u32(p: *mut u8, v: u32) {
    // SAFETY: callers pass pointers from data_at with room for the value.
    unsafe { core::ptr::write_unaligned(p.cast::<u32>(), v) }
}

#[inline(always)]
fn put_u64(p: *mut u8, v: u64) {
    // SAFETY: as put_u32.
    unsafe { core::ptr::write_unaligned(p.cast::<u64>(), v) }
}

/// Reads a pointer-sized word of user memory.
#[inline(always)]
fn read_word(addr: u64) -> Option<u64> {
    let mut w = 0u64;
    // SAFETY: the helper writes 8 bytes into `w` and fails cleanly on unreadable memory.
    let r = unsafe { bpf_probe_read_user((&raw mut w).cast(), 8, addr as *const c_void) };
    if r == 0 { Some(w) } else { None }
}

/// Copies `size` bytes of user memory at `src` to `dst`; false when they are unreadable.
/// Callers bound `size` by the room they checked at `dst`.
#[inline(always)]
fn read_user(dst: *mut u8, size: u32, src: u64) -> bool {
    // SAFETY: the callers' `dst` has `size` bytes of room (data_at's CAPTURE_MAX, or a local
    // of that size); the helper fails cleanly on unreadable memory.
    unsafe { bpf_probe_read_user(dst.cast(), size, src as *const c_void) == 0 }
}

/// An element's bytes: (`size`, ELEM_OK) once copied to `dst` (nothing to copy is OK too),
/// (0, ELEM_FAULT) when unreadable.
#[inline(always)]
fn read_elem(dst: *mut u8, size: u32, src: u64) -> (u32, u8) {
    if size == 0 {
        (0, array::ELEM_OK)
    } else if read_user(dst, size, src) {
        (size, array::ELEM_OK)
    } else {
        (0, array::ELEM_FAULT)
    }
}

/// One string of a NULL-terminated pointer array.
extern "C" fn str_elem(_index: u64, _ctx: *mut c_void) -> i64 {
    let (Some(st), Some(s)) = (state(), scratch()) else {
        return STOP;
    };
    let Some(p) = read_word(st.src + 8 * st.i as u64) else {
        st.flags |= if st.i == 0 {
            array::FAULT
        } else {
            array::UNTERMINATED
        };
        return STOP;
    };
    if p == 0 {
        return STOP;
    }
    if st.i >= st.n {
        st.flags |= array::MORE;
        return STOP;
    }
    let size = st.elem & array::ELEM_BYTES_MASK;
    let room = if size < 8 { 8 } else { size };
    if st.off + array::STR_HEAD_SIZE as u32 + room > st.end {
        st.flags |= array::MORE;
        return STOP;
    }
    let dst = data_at(s, st.off);
    // SAFETY: `dst` has STR_HEAD_SIZE + ELEM_BYTES_MASK bytes of room (see data_at); the
    // helper stops at `size` bytes and fails cleanly on unreadable memory.
    let r = unsafe {
        bpf_probe_read_user_str(
            dst.add(array::STR_HEAD_SIZE).cast(),
            size,
            p as *const c_void,
        )
    };
    let (len, status) = if r > 0 {
        let status = if r as u32 >= size {
            array::ELEM_TRUNC
        } else {
            array::ELEM_OK
        };
        ((r - 1) as u32, status)
    } else if r == 0 {
        (0, array::ELEM_TRUNC)
    } else {
        // SAFETY: room for 8 bytes was checked above.
        put_u64(unsafe { dst.add(array::STR_HEAD_SIZE) }, p);
        (8, array::ELEM_FAULT)
    };
    put_u32(dst, (len & 0xffff) | (status as u32) << 16);
    st.off += array::STR_HEAD_SIZE as u32 + len;
    st.i += 1;
    st.count += 1;
    CONTINUE
}

/// One pointer of an array that is only counted.
extern "C" fn count_elem(_index: u64, _ctx: *mut c_void) -> i64 {
    let Some(st) = state() else { return STOP };
    match read_word(st.src + 8 * st.i as u64) {
        None => {
            st.flags |= if st.i == 0 {
                array::FAULT
            } else {
                array::UNTERMINATED
            };
            STOP
        }
        Some(0) => STOP,
        Some(_) => {
            st.i += 1;
            st.count += 1;
            CONTINUE
        }
    }
}

/// One element of an iovec array, with the start of its buffer.
extern "C" fn iov_elem(_index: u64, _ctx: *mut c_void) -> i64 {
    let (Some(st), Some(s)) = (state(), scratch()) else {
        return STOP;
    };
    let mut iov = [0u64; 2];
    // SAFETY: the helper writes 16 bytes into `iov` and fails cleanly.
    let r = unsafe {
        bpf_probe_read_user(
            iov.as_mut_ptr().cast(),
            16,
            (st.src + 16 * st.i as u64) as *const c_void,
        )
    };
    if r != 0 {
        st.flags |= if st.i == 0 {
            array::FAULT
        } else {
            array::UNTERMINATED
        };
        return STOP;
    }
    if st.i >= st.n {
        // Read only to know the array is readable (an unreadable one prints as its address).
        st.flags |= array::MORE;
        return STOP;
    }
    let (base, len) = (iov[0], iov[1]);
    let avail = if st.no_data != 0 {
        0
    } else if len < st.budget {
        len
    } else {
        st.budget
    };
    let take = if avail < st.elem as u64 {
        avail as u32
    } else {
        st.elem
    } & array::ELEM_BYTES_MASK;
    if st.off + array::IOV_HEAD_SIZE as u32 + take > st.end {
        st.flags |= array::MORE;
        return STOP;
    }
    let dst = data_at(s, st.off);
    let (got, status) = if st.no_data != 0 {
        (0, array::ELEM_NONE)
    } else if take != 0 && base == 0 {
        (0, array::ELEM_FAULT)
    } else {
        // SAFETY: `dst` has IOV_HEAD_SIZE + ELEM_BYTES_MASK bytes of room, and `take` ≤
        // ELEM_BYTES_MASK.
        read_elem(unsafe { dst.add(array::IOV_HEAD_SIZE) }, take, base)
    };
    put_u64(dst, base);
    // SAFETY (all three): inside the IOV_HEAD_SIZE bytes of room.
    put_u64(unsafe { dst.add(8) }, len);
    put_u64(unsafe { dst.add(16) }, avail);
    put_u32(unsafe { dst.add(24) }, got | (status as u32) << 24);
    st.budget -= avail;
    st.off += array::IOV_HEAD_SIZE as u32 + got;
    st.i += 1;
    st.count += 1;
    CONTINUE
}

/// One record of a buffer whose records carry their length (a `u16` at offset `elem`); `i` is
/// the record's offset, `budget` the buffer's length.
extern "C" fn record_elem(_index: u64, _ctx: *mut c_void) -> i64 {
    let Some(st) = state() else { return STOP };
    let at = st.i as u64 + st.elem as u64;
    if at + 2 > st.budget {
        return STOP;
    }
    let mut len = 0u16;
    // SAFETY: the helper writes 2 bytes into `len` and fails cleanly on unreadable memory.
    let r =
        unsafe { bpf_probe_read_user((&raw mut len).cast(), 2, (st.src + at) as *const c_void) };
    if r != 0 {
        st.flags |= if st.count == 0 {
            array::FAULT
        } else {
            array::UNTERMINATED
        };
        return STOP;
    }
    st.count += 1;
    if len == 0 {
        return STOP;
    }
    // At most COUNT_MAX records of at most 65535 bytes: below 2^32.
    st.i += len as u32;
    CONTINUE
}

/// Runs `cb` up to `n` times.
#[inline(always)]
fn run(n: u32, cb: extern "C" fn(u64, *mut c_void) -> i64) {
    // SAFETY: `cb` is a callback of the helper's type; it uses no context.
    unsafe { bpf_loop(n, cb as *mut c_void, core::ptr::null_mut(), 0) };
}

/// Copies the iovec array at `iov` (`count` elements) after a head at `head_off`; the loop
/// state's budget and `no_data` must be set. Returns the end offset.
#[inline(always)]
fn iovecs(st: &mut LoopState, iov: u64, count: u64, elems: u32, head_off: u32) -> u32 {
    st.src = iov;
    st.off = head_off + array::HEAD_SIZE as u32;
    st.i = 0;
    st.count = 0;
    st.flags = 0;
    st.n = if count < elems as u64 {
        count as u32
    } else {
        elems
    };
    // One more element than copied is read when the array goes on (see iov_elem).
    let loops = if count > st.n as u64 { st.n + 1 } else { st.n };
    if loops > 0 {
        run(loops, iov_elem);
    }
    st.off
}

/// Copies an array capture (`kind` in bits 32..40 of `kind_off`, the data area offset in its
/// low bits) of the user pointer `ptr`; `count` is the element count argument (iovecs), `max`
/// the spec's `ArgSpec::array_max`, `ret` the return value (or -1 at entry). Returns the bytes
/// used, or -1 when the array (or msghdr) itself is unreadable.
///
/// A global function: the verifier checks it once, with unknown arguments, instead of once per
/// call site (three capture slots in each of the places a record is assembled).
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_array_capture(
    kind_off: u64,
    ptr: u64,
    count: u64,
    max: u64,
    ret: i64,
) -> i64 {
    let max = max as u32;
    let kind = CaptureKind::from_u8((kind_off >> 32) as u8);
    let off = (kind_off as u32) & (DATA_AREA as u32 - 1);
    let (Some(st), Some(s)) = (state(), scratch()) else {
        return -1;
    };
    // Bits 48..64: the room left by the caller (an mmsghdr array's message), if less.
    let limit = (kind_off >> 48) as u32;
    let span = if limit != 0 && limit < array::BYTES_MAX as u32 {
        limit
    } else {
        array::BYTES_MAX as u32
    };
    let mut end = off + span;
    if end > DATA_AREA as u32 {
        end = DATA_AREA as u32;
    }
    if off + MSGHDR_MIN_ROOM > end {
        return -1;
    }
    let elems = max >> 16;
    st.elem = max & array::ELEM_BYTES_MASK;
    st.end = end;
    st.src = ptr;
    st.off = off + array::HEAD_SIZE as u32;
    st.i = 0;
    st.n = elems;
    st.count = 0;
    st.flags = 0;
    st.budget = u64::MAX;
    st.no_data = 0;
    let mut head = off;
    match kind {
        CaptureKind::StrArray => run(elems + 1, str_elem),
        CaptureKind::PtrCount => {
            run(array::COUNT_MAX, count_elem);
            st.flags |= array::COUNT_ONLY;
            if st.i >= array::COUNT_MAX {
                st.flags |= array::MORE;
            }
        }
        CaptureKind::Iovec | CaptureKind::IovecRet => {
            if kind == CaptureKind::IovecRet {
                set_budget(st, ret);
            }
            iovecs(st, ptr, count, elems, off);
        }
        CaptureKind::Msghdr | CaptureKind::MsghdrRet => {
            let mut m = [0u64; 7];
            // SAFETY: the helper writes MSGHDR_SIZE bytes into `m` and fails cleanly.
            let r = unsafe {
                bpf_probe_read_user(
                    m.as_mut_ptr().cast(),
                    array::MSGHDR_SIZE as u32,
                    ptr as *const c_void,
                )
            };
            if r != 0 {
                return -1;
            }
            let dst = data_at(s, off);
            let mut k = 0;
            while k < 7 {
                // SAFETY: MSGHDR_SIZE bytes of room were checked above.
                put_u64(unsafe { dst.add(8 * k) }, m[k]);
                k += 1;
            }
            let name_head = off + array::MSGHDR_SIZE as u32;
            // msg_namelen is a u32: the padding after it is not part of it.
            let got = read_headed(s, name_head, m[0], m[1] as u32, array::NAME_MAX as u32, end);
            head = name_head + array::NAME_HEAD_SIZE as u32 + got;
            if kind == CaptureKind::MsghdrRet {
                set_budget(st, ret);
            }
            if m[2] == 0 {
                st.off = head + array::HEAD_SIZE as u32;
                st.flags = array::FAULT;
            } else {
                iovecs(st, m[2], m[3], elems, head);
            }
            if st.flags & array::FAULT != 0 {
                // The msghdr was read: its iovec array alone prints as an address.
                st.count = 0;
            }
            control(s, st, m[4], m[5], end);
        }
        CaptureKind::RecordCount => {
            set_budget(st, ret);
            st.elem = max & 0xffff;
            run(array::COUNT_MAX, record_elem);
            st.flags |= array::COUNT_ONLY;
            if st.count >= array::COUNT_MAX {
                st.flags |= array::MORE;
            }
        }
        // Raw bytes, no head.
        CaptureKind::UserStack => {
            let Some(sp) = arch::user_sp(ptr as *const u64) else {
                return -1;
            };
            return read_raw(s, off, sp + (max >> 16) as u64, max);
        }
        CaptureKind::FixedDeref => {
            let n = read_raw(s, off, ptr, max & 0xffff);
            if n <= 0 {
                return n;
            }
            let k = (kind_off >> 40) & 0xff;
            let Some(p) = read_word(ptr + k) else {
                return n;
            };
            let size = (max >> 16) & (2 * array::DEREF_MAX - 1);
            if p == 0 || size == 0 || size > array::DEREF_MAX || off + n as u32 + size > end {
                return n;
            }
            let dst = data_at(s, off + n as u32);
            // SAFETY: `dst` has CAPTURE_MAX bytes of room (see data_at); the helper writes at
            // most DEREF_MAX and fails cleanly.
            let r = unsafe { bpf_probe_read_user(dst.cast(), size, p as *const c_void) };
            return if r == 0 { n + size as i64 } else { n };
        }
        CaptureKind::Several => return several(s, off, (kind_off >> 40) as u8, max, end),
        _ => return -1,
    }
    let hd = data_at(s, head);
    put_u32(hd, st.count);
    // SAFETY: inside HEAD_SIZE.
    put_u32(unsafe { hd.add(4) }, st.flags);
    let fault = st.flags & array::FAULT != 0;
    if fault && head == off {
        return -1;
    }
    (st.off - off) as i64
}

/// Room a msghdr capture needs at least: the msghdr, its name's head and its iovecs' head.
const MSGHDR_MIN_ROOM: u32 = (array::MSGHDR_SIZE + array::NAME_HEAD_SIZE + array::HEAD_SIZE) as u32;

/// Copies an `Mmsghdr` or `MmsghdrRet` capture (arguments as [`tracer_array_capture`]'s):
/// each message's msghdr through [`tracer_array_capture`], with the room that is left, and
/// its `msg_len` (for recvmmsg, the data its iovecs hold). Returns the bytes used.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_mmsg_capture(
    kind_off: u64,
    ptr: u64,
    count: u64,
    max: u64,
    ret: i64,
) -> i64 {
    let recv = (kind_off >> 32) as u8 == CaptureKind::MmsghdrRet as u8;
    let off = (kind_off as u32) & (DATA_AREA as u32 - 1);
    let mut end = off + array::BYTES_MAX as u32;
    if end > DATA_AREA as u32 {
        end = DATA_AREA as u32;
    }
    let n = if !recv {
        count
    } else if ret > 0 {
        ret as u64
    } else {
        0
    };
    let elems = (max >> 16) & 0xffff;
    let mut limit = if n < elems { n } else { elems };
    let mut flags = 0;
    if limit > array::MMSG_MAX as u64 {
        limit = array::MMSG_MAX as u64;
    }
    if n > limit {
        flags |= array::MORE;
    }
    let inner = if recv {
        CaptureKind::MsghdrRet
    } else {
        CaptureKind::Msghdr
    } as u64;
    let mut at = off + array::HEAD_SIZE as u32;
    let mut copied = 0u32;
    let mut i = 0u32;
    while i < array::MMSG_MAX {
        if i as u64 >= limit {
            break;
        }
        if at + (array::MMSG_HEAD_SIZE as u32) + MSGHDR_MIN_ROOM > end {
            flags |= array::MORE;
            break;
        }
        let elem = ptr + (array::MMSGHDR_SIZE as u64) * i as u64;
        let mut len = 0u32;
        // SAFETY: the helper writes 4 bytes into `len` and fails cleanly.
        let r = unsafe {
            bpf_probe_read_user(
                (&raw mut len).cast(),
                4,
                (elem + array::MSGHDR_SIZE as u64) as *const c_void,
            )
        };
        if r != 0 {
            len = 0;
        }
        let body = at + array::MMSG_HEAD_SIZE as u32;
        let room = (end - body) as u64;
        let k = (room << 48) | (inner << 32) | body as u64;
        let got = tracer_array_capture(k, elem, 0, max, len as i64);
        if got <= 0 {
            // An unreadable message: the array is its address when it is the first, else it
            // stops here.
            if i == 0 {
                return -1;
            }
            flags |= array::MORE;
            break;
        }
        let got = got as u32;
        let Some(s) = scratch() else {
            return -1;
        };
        let hd = data_at(s, at);
        put_u32(hd, len);
        // SAFETY: inside MMSG_HEAD_SIZE.
        put_u32(unsafe { hd.add(4) }, got);
        at = body + got;
        copied += 1;
        i += 1;
    }
    let Some(s) = scratch() else {
        return -1;
    };
    let hd = data_at(s, off);
    put_u32(hd, copied);
    // SAFETY: inside HEAD_SIZE.
    put_u32(unsafe { hd.add(4) }, flags);
    (at - off) as i64
}

/// A `Several` capture at `off`: each item's argument as the record's arguments say (they are
/// in place before captures run), with the `len_arg` argument giving fd sets their size.
#[inline(always)]
fn several(s: &mut Scratch, off: u32, len_arg: u8, max: u32, end: u32) -> i64 {
    let args = s.rec.args;
    let bits = args[last_past(len_arg)];
    let mut at = off + array::HEAD_SIZE as u32;
    let mut n = 0u32;
    let mut i = 0;
    while i < array::SEVERAL_ITEMS {
        let (arg, code) = array::several_at(max, i);
        if code == 0 {
            break;
        }
        let ptr = args[last_past(arg)];
        let want = array::several_bytes(code, bits) & array::ITEM_MAX;
        if at + (array::ITEM_HEAD_SIZE as u32) + want > end {
            break;
        }
        let dst = data_at(s, at);
        let (len, status) = if ptr == 0 {
            (0, array::ELEM_NONE)
        } else {
            // SAFETY: `dst` has CAPTURE_MAX bytes of room (see data_at), more than
            // ITEM_HEAD_SIZE + ITEM_MAX.
            read_elem(unsafe { dst.add(array::ITEM_HEAD_SIZE) }, want, ptr)
        };
        put_u32(dst, len | (status as u32) << 16);
        at += array::ITEM_HEAD_SIZE as u32 + len;
        n += 1;
        i += 1;
    }
    let hd = data_at(s, off);
    put_u32(hd, n);
    // SAFETY: inside HEAD_SIZE.
    put_u32(unsafe { hd.add(4) }, 0);
    (at - off) as i64
}

/// A msghdr's control messages after its iovecs (at `st.off`, which moves past them): a head
/// (bytes copied, status) and up to CONTROL_MAX bytes of `msg_controllen`.
#[inline(always)]
fn control(s: &mut Scratch, st: &mut LoopState, ptr: u64, len: u64, end: u32) {
    let len = if len > array::CONTROL_MAX as u64 {
        array::CONTROL_MAX as u32
    } else {
        len as u32
    };
    // Without room for its head there is no copy at all (the decoder prints the address).
    if st.off + array::NAME_HEAD_SIZE as u32 > end {
        return;
    }
    let got = read_headed(s, st.off, ptr, len, array::CONTROL_MAX as u32, end);
    st.off += array::NAME_HEAD_SIZE as u32 + got;
}

/// Copies `len` bytes (at most `max`, a power of two) of user memory at `ptr` to `at` +
/// NAME_HEAD_SIZE, after a head of the bytes copied and an `ELEM_*` status (`ELEM_NONE`: a
/// NULL pointer, nothing to copy or no room before `end`). Returns the bytes copied.
#[inline(always)]
fn read_headed(s: &mut Scratch, at: u32, ptr: u64, len: u32, max: u32, end: u32) -> u32 {
    let mut want = if len < max { len } else { max };
    if ptr == 0 {
        want = 0;
    }
    let want = want & (max * 2 - 1);
    let dst = data_at(s, at);
    let mut got = 0;
    let mut status = array::ELEM_NONE as u32;
    if want > 0 && at + (array::NAME_HEAD_SIZE as u32) + want <= end {
        // SAFETY: `dst` has CAPTURE_MAX > NAME_HEAD_SIZE + 2 * max bytes of room (see
        // data_at).
        if read_user(unsafe { dst.add(array::NAME_HEAD_SIZE) }, want, ptr) {
            got = want;
            status = array::ELEM_OK as u32;
        } else {
            status = array::ELEM_FAULT as u32;
        }
    }
    put_u32(dst, got);
    // SAFETY: inside NAME_HEAD_SIZE.
    put_u32(unsafe { dst.add(4) }, status);
    got
}

/// An argument index, as capture.rs picks it: one past the last names the last.
#[inline(always)]
fn last_past(i: u8) -> usize {
    if i > 5 { 5 } else { i as usize }
}

/// Copies `max & ELEM_BYTES_MASK` bytes of user memory at `src` to the data area at `off`.
/// Returns the bytes copied, or -1 when the memory is unreadable.
#[inline(always)]
fn read_raw(s: &mut Scratch, off: u32, src: u64, max: u32) -> i64 {
    let size = max & array::ELEM_BYTES_MASK;
    if size == 0 {
        return 0;
    }
    let dst = data_at(s, off);
    // SAFETY: `dst` has CAPTURE_MAX > ELEM_BYTES_MASK bytes of room; the helper fails cleanly.
    let r = unsafe { bpf_probe_read_user(dst.cast(), size, src as *const c_void) };
    if r == 0 { size as i64 } else { -1 }
}

/// Kernel-filled buffers hold the return value's worth of data; none when the call failed.
#[inline(always)]
fn set_budget(st: &mut LoopState, ret: i64) {
    if ret < 0 {
        st.no_data = 1;
        st.budget = 0;
    } else {
        st.budget = ret as u64;
    }
}
