//! The kernel side's capture loop, in user space: copies the arguments a [`SyscallSpec`] asks
//! for from the tracee with `process_vm_readv` and lays them out exactly as the eBPF programs
//! do (tracer-ebpf/src/capture.rs), so the same wire parser, decoders and formatters read them.
//! It knows nothing about particular syscalls; one match arm per [`CaptureKind`].
use tracer_common::{
    CAPTURE_MAX, Capture, CaptureKind, ExecRecord, ExitRecord, ForkRecord, Header, LEN_ARG_MASK,
    MAX_CAPTURES, RecordKind, SignalRecord, SyscallRecord, SyscallSpec, WIRE_VERSION, capstatus,
    len_count, len_elem_size,
};

use super::sys;
use crate::table::DEEP_BYTES_MAX;

pub use tracer_common::Moment;

/// Reads tracee memory: the live tracee through `process_vm_readv`, or a fixture in tests.
pub trait Memory {
    /// Reads up to `buf.len()` bytes at `addr`; how many were read (0 or an error: none).
    fn read(&self, addr: u64, buf: &mut [u8]) -> std::io::Result<usize>;
}

/// A traced thread's memory.
pub struct Tracee(pub u32);

impl Memory for Tracee {
    fn read(&self, addr: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        sys::read_mem(self.0, addr, buf)
    }
}

const PAGE: u64 = 4096;

/// Reads exactly `buf.len()` bytes, going on after short reads; false if some byte can't be
/// read (the kernel side's copy fails as a whole then too).
fn read_exact(mem: &impl Memory, addr: u64, buf: &mut [u8]) -> bool {
    let mut done = 0;
    while done < buf.len() {
        match mem.read(addr.wrapping_add(done as u64), &mut buf[done..]) {
            Ok(0) | Err(_) => return false,
            Ok(n) => done += n,
        }
    }
    true
}

/// A NUL-terminated string of at most `max - 1` bytes (as `bpf_probe_read_user_str`: the last
/// byte of the buffer is for the NUL). Read page by page, so a string ending just before an
/// unmapped page is read whole. None if memory before the NUL (or the limit) is unreadable.
fn read_cstr(mem: &impl Memory, addr: u64, max: usize, out: &mut Vec<u8>) -> Option<usize> {
    let limit = max.saturating_sub(1);
    let start = out.len();
    let mut at = addr;
    let mut chunk = [0u8; PAGE as usize];
    while out.len() - start < limit {
        let to_page_end = (PAGE - at % PAGE) as usize;
        let want = to_page_end.min(limit - (out.len() - start));
        let n = match mem.read(at, &mut chunk[..want]) {
            Ok(n) if n > 0 => n,
            _ => {
                out.truncate(start);
                return None;
            }
        };
        if let Some(z) = chunk[..n].iter().position(|&c| c == 0) {
            out.extend_from_slice(&chunk[..z]);
            return Some(out.len() - start);
        }
        out.extend_from_slice(&chunk[..n]);
        at = at.wrapping_add(n as u64);
    }
    Some(out.len() - start)
}

/// Argument `i` as the kernel side picks it (an index past the last names the last).
fn arg_at(args: &[u64; 6], i: u8) -> u64 {
    args[usize::from(i).min(5)]
}

/// A length or count capped at the most any capture copies (as the kernel side bounds it
/// before scaling it by an element size; the ptrace backend's own specs go further).
fn bounded(n: u64, deep: bool) -> u64 {
    n.min(u64::from(if deep { DEEP_BYTES_MAX } else { CAPTURE_MAX }))
}

/// How far the ptrace backend copies the array captures, where the kernel side stops at its
/// bounded copies (`array::BYTES_MAX` per array, `ELEM_BYTES_MASK` per element,
/// `VERBOSE_ELEMS` elements): as strace prints them, `-s` elements (all with `-v`), each up
/// to `-s` bytes (+1 to know it goes on; +2 for strings, with the NUL). The layout's length
/// fields bound them: a string element's `u16` ([`Deep::STR_MAX`]), an iovec element's 24 bits
/// ([`DEEP_BYTES_MAX`]); and one array capture uses at most [`Deep::AREA`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deep {
    /// Elements copied at most.
    pub elems: u32,
    /// Bytes of one string element's buffer (the string is at most one less).
    pub str_bytes: u32,
    /// Bytes of one iovec buffer.
    pub buf_bytes: u32,
}

impl Deep {
    /// A string element's length is a `u16`: its buffer holds at most this much (NUL
    /// included).
    pub const STR_MAX: u32 = 1 << 16;
    /// Bytes one array capture may use.
    pub const AREA: usize = 1 << 26;

    pub fn new(max_str: usize, verbose: bool) -> Self {
        let s = u32::try_from(max_str).unwrap_or(u32::MAX);
        Deep {
            elems: if verbose { u32::MAX } else { s },
            str_bytes: s.saturating_add(2).min(Self::STR_MAX),
            buf_bytes: s.saturating_add(1).min(DEEP_BYTES_MAX),
        }
    }
}

/// Copies what `spec` asks for at `moment` into `data` (appended), describing each capture in
/// `caps`. `sp` is the user stack pointer at entry (0 at exit): only `UserStack` reads it.
/// Returns a bit per capture that succeeded. With `deep`, the ptrace backend's limits replace
/// the kernel side's (whose layout is kept exactly otherwise).
#[allow(clippy::too_many_arguments)]
pub fn capture_args(
    mem: &impl Memory,
    spec: &SyscallSpec,
    args: &[u64; 6],
    sp: u64,
    moment: Moment,
    deep: Option<&Deep>,
    caps: &mut [Capture; MAX_CAPTURES],
    data: &mut Vec<u8>,
) -> u32 {
    let mut ok_bits = 0;
    *caps = [Capture::default(); MAX_CAPTURES];
    for (i, a) in spec.args.iter().enumerate() {
        let kind = CaptureKind::from_u8(a.kind);
        if kind == CaptureKind::None {
            break;
        }
        let wanted = a.wanted(i, moment);
        if !wanted {
            continue;
        }
        let ptr = if kind == CaptureKind::UserStack {
            sp
        } else {
            arg_at(args, a.arg)
        };
        caps[i].arg = a.arg;
        caps[i].kind = a.kind;
        if kind == CaptureKind::Several {
            let n = arrays::several(mem, args, a.len_arg, a.max, data);
            caps[i].status = capstatus::OK;
            caps[i].len = n as u32;
            ok_bits |= 1 << i;
            continue;
        }
        if ptr == 0 {
            caps[i].status = capstatus::FAULT;
            continue;
        }
        let got = if a.kind >= CaptureKind::FIRST_ARRAY as u8 {
            let ret = match moment {
                Moment::Exit { ret, .. } => ret,
                _ => -1,
            };
            let count = arg_at(args, a.len_arg);
            arrays::capture(mem, kind, ptr, (count, a.len_arg), a.max, ret, deep, data)
        } else {
            let max = u64::from(a.max.min(if deep.is_some() {
                DEEP_BYTES_MAX
            } else {
                CAPTURE_MAX
            }));
            let deep = deep.is_some();
            // How many bytes to copy, for the kinds that copy a length; None for strings.
            let len: Option<u64> = match kind {
                CaptureKind::CStr => None,
                CaptureKind::Fixed => Some(max),
                CaptureKind::BufLenArg => Some(
                    bounded(
                        len_count(a.len_arg, arg_at(args, a.len_arg & LEN_ARG_MASK)),
                        deep,
                    ) * len_elem_size(a.len_arg),
                ),
                CaptureKind::BufLenRet => Some(match moment {
                    Moment::Exit { ret, .. } if ret > 0 => {
                        bounded(ret as u64, deep) * len_elem_size(a.len_arg)
                    }
                    _ => 0,
                }),
                CaptureKind::BufLenPtr => {
                    let mut l = [0u8; 4];
                    Some(if read_exact(mem, arg_at(args, a.len_arg), &mut l) {
                        u64::from(u32::from_le_bytes(l))
                    } else {
                        0
                    })
                }
                _ => Some(0),
            };
            match len {
                None => {
                    let got = read_cstr(mem, ptr, max as usize, data);
                    // A whole string as long as the kernel side's longest, which the decoder
                    // would take for a cut one: its NUL goes with it, to show it ended (the
                    // decoder drops it).
                    match got {
                        Some(n) if n + 1 < max as usize && n + 1 >= CAPTURE_MAX as usize => {
                            data.push(0);
                            Some(n + 1)
                        }
                        got => got,
                    }
                }
                Some(len) => {
                    let len = len.min(max) as usize;
                    let start = data.len();
                    data.resize(start + len, 0);
                    if read_exact(mem, ptr, &mut data[start..]) {
                        Some(len)
                    } else {
                        data.truncate(start);
                        None
                    }
                }
            }
        };
        match got {
            Some(n) => {
                caps[i].status = capstatus::OK;
                caps[i].len = n as u32;
                ok_bits |= 1 << i;
            }
            None => caps[i].status = capstatus::FAULT,
        }
    }
    ok_bits
}

/// The array captures (argv, envp counts, iovecs, msghdrs), element by element, in the layout
/// of tracer-common's `mod array` — what tracer-ebpf/src/arrays.rs writes, including where it
/// stops for lack of room and which elements it reads only to know the array goes on.
mod arrays {
    use tracer_common::{CaptureKind, array};

    use super::{Deep, Memory, read_cstr, read_exact};

    /// Where a copy stands (the kernel side's `LoopState`, less what Rust's control flow
    /// keeps).
    struct Loop {
        /// Bytes the capture may use at most (from its start).
        end: usize,
        /// Bytes of one string or buffer copied at most.
        elem: u32,
        /// Data bytes the buffers may still count (the return value, for kernel-filled ones).
        budget: u64,
        /// The call failed: no buffer holds data.
        no_data: bool,
    }

    fn put_u32(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn put_u64(out: &mut Vec<u8>, v: u64) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn read_word(mem: &impl Memory, addr: u64) -> Option<u64> {
        let mut w = [0u8; 8];
        read_exact(mem, addr, &mut w).then(|| u64::from_le_bytes(w))
    }

    /// Writes an array head (`count`, `flags`) at `at` of `out`.
    fn set_head(out: &mut [u8], at: usize, count: u32, flags: u32) {
        if let Some(h) = out.get_mut(at..at + array::HEAD_SIZE) {
            h[..4].copy_from_slice(&count.to_le_bytes());
            h[4..].copy_from_slice(&flags.to_le_bytes());
        }
    }

    /// Copies an array capture of `kind` at `ptr` onto `data`; `count` is the element count
    /// argument (iovecs) and `len_arg` the spec's field of that name (FixedDeref's pointer
    /// offset), `max` the spec's `ArgSpec::array_max`, `ret` the return value (-1 before the
    /// exit). The bytes appended, or None (and nothing appended) when the array (or msghdr)
    /// itself is unreadable. Also the other kinds the kernel side copies in the same global
    /// function (RecordCount, UserStack, FixedDeref, and Several beside it). `deep`: the ptrace backend's limits
    /// for the strings and iovecs (not for the kinds whose `max` means something else).
    #[allow(clippy::too_many_arguments)]
    pub fn capture(
        mem: &impl Memory,
        kind: CaptureKind,
        ptr: u64,
        (count, len_arg): (u64, u8),
        max: u32,
        ret: i64,
        deep: Option<&Deep>,
        data: &mut Vec<u8>,
    ) -> Option<usize> {
        if matches!(kind, CaptureKind::Mmsghdr | CaptureKind::MmsghdrRet) {
            return mmsg(mem, kind, ptr, count, max, ret, deep, data);
        }
        capture_in(
            mem,
            kind,
            ptr,
            (count, len_arg),
            max,
            ret,
            deep,
            data,
            usize::MAX,
        )
    }

    /// Room a msghdr capture needs at least (the kernel side's `MSGHDR_MIN_ROOM`).
    const MSGHDR_MIN_ROOM: usize = array::MSGHDR_SIZE + array::NAME_HEAD_SIZE + array::HEAD_SIZE;

    /// An `Mmsghdr`/`MmsghdrRet` capture, as the kernel side's `tracer_mmsg_capture` copies
    /// it: each message's msghdr with the room left, after its `msg_len`. The bytes appended,
    /// or None (nothing appended) when the first message is unreadable.
    #[allow(clippy::too_many_arguments)]
    fn mmsg(
        mem: &impl Memory,
        kind: CaptureKind,
        ptr: u64,
        count: u64,
        max: u32,
        ret: i64,
        deep: Option<&Deep>,
        data: &mut Vec<u8>,
    ) -> Option<usize> {
        let recv = kind == CaptureKind::MmsghdrRet;
        let start = data.len();
        let off = start % tracer_common::DATA_AREA;
        let end = (off + array::BYTES_MAX).min(tracer_common::DATA_AREA) - off;
        let n = if !recv { count } else { ret.max(0) as u64 };
        let limit = n.min(u64::from(max >> 16)).min(u64::from(array::MMSG_MAX));
        let mut flags = if n > limit { array::MORE } else { 0 };
        data.extend_from_slice(&[0; array::HEAD_SIZE]);
        let inner = if recv {
            CaptureKind::MsghdrRet
        } else {
            CaptureKind::Msghdr
        };
        let mut copied = 0;
        for i in 0..limit {
            let at = data.len() - start;
            if deep.is_none() && at + array::MMSG_HEAD_SIZE + MSGHDR_MIN_ROOM > end {
                flags |= array::MORE;
                break;
            }
            let elem = ptr.wrapping_add(array::MMSGHDR_SIZE as u64 * i);
            let mut l = [0u8; 4];
            let len = if read_exact(mem, elem + array::MSGHDR_SIZE as u64, &mut l) {
                u32::from_le_bytes(l)
            } else {
                0
            };
            let head = data.len();
            data.extend_from_slice(&[0; array::MMSG_HEAD_SIZE]);
            let room = end.saturating_sub(at + array::MMSG_HEAD_SIZE);
            let Some(got) = capture_in(
                mem,
                inner,
                elem,
                (0, 0),
                max,
                i64::from(len),
                deep,
                data,
                room,
            ) else {
                // An unreadable message: the array is its address when it is the first, else
                // it stops here.
                data.truncate(head);
                if i == 0 {
                    data.truncate(start);
                    return None;
                }
                flags |= array::MORE;
                break;
            };
            data[head..head + 4].copy_from_slice(&len.to_le_bytes());
            data[head + 4..head + 8].copy_from_slice(&(got as u32).to_le_bytes());
            copied += 1;
        }
        set_head(&mut data[start..], 0, copied, flags);
        Some(data.len() - start)
    }

    /// [`capture`] with at most `room` bytes from its start (an mmsghdr's message).
    #[allow(clippy::too_many_arguments)]
    fn capture_in(
        mem: &impl Memory,
        kind: CaptureKind,
        ptr: u64,
        (count, len_arg): (u64, u8),
        max: u32,
        ret: i64,
        deep: Option<&Deep>,
        data: &mut Vec<u8>,
        room: usize,
    ) -> Option<usize> {
        let start = data.len();
        // The data area as the kernel side masks offsets into it: the start wraps, the end
        // is bounded by the area.
        let off = start % tracer_common::DATA_AREA;
        let end = ((off + array::BYTES_MAX).min(tracer_common::DATA_AREA) - off).min(room);
        if deep.is_none() && array::MSGHDR_SIZE + array::NAME_HEAD_SIZE + array::HEAD_SIZE > end {
            return None;
        }
        let mut out = Vec::with_capacity(array::HEAD_SIZE + 256);
        let mut elems = max >> 16;
        let mut st = Loop {
            end,
            elem: max & array::ELEM_BYTES_MASK,
            budget: u64::MAX,
            no_data: false,
        };
        if let Some(d) = deep {
            let widened = match kind {
                CaptureKind::StrArray => Some(d.str_bytes),
                // An iovec array copied without its buffers (process_vm_readv's) stays so.
                CaptureKind::Iovec
                | CaptureKind::IovecRet
                | CaptureKind::Msghdr
                | CaptureKind::MsghdrRet => Some(if st.elem == 0 { 0 } else { d.buf_bytes }),
                _ => None,
            };
            if let Some(bytes) = widened {
                st.end = Deep::AREA;
                st.elem = bytes;
                elems = d.elems;
            }
        }
        let head_flags = match kind {
            CaptureKind::StrArray => {
                out.resize(array::HEAD_SIZE, 0);
                let (n, flags) = strings(mem, &st, ptr, elems, &mut out);
                set_head(&mut out, 0, n, flags);
                flags
            }
            CaptureKind::PtrCount => {
                let (n, mut flags) = count_ptrs(mem, ptr);
                flags |= array::COUNT_ONLY;
                out.resize(array::HEAD_SIZE, 0);
                set_head(&mut out, 0, n, flags);
                flags
            }
            CaptureKind::Iovec | CaptureKind::IovecRet => {
                if kind == CaptureKind::IovecRet {
                    set_budget(&mut st, ret);
                }
                let (n, flags) = iovecs(mem, &mut st, ptr, count, elems, &mut out);
                set_head(&mut out, 0, n, flags);
                flags
            }
            CaptureKind::Msghdr | CaptureKind::MsghdrRet => {
                let mut m = [0u8; array::MSGHDR_SIZE];
                if !read_exact(mem, ptr, &mut m) {
                    return None;
                }
                out.extend_from_slice(&m);
                let word = |k: usize| {
                    m.get(8 * k..8 * k + 8)
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u64::from_le_bytes)
                };
                // msg_namelen is a u32: the padding after it is not part of it.
                let namelen = u64::from(word(1) as u32);
                read_headed(mem, &mut out, word(0), namelen, array::NAME_MAX, st.end);
                if kind == CaptureKind::MsghdrRet {
                    set_budget(&mut st, ret);
                }
                let head = out.len();
                let (mut n, flags) = if word(2) == 0 {
                    out.resize(head + array::HEAD_SIZE, 0);
                    (0, array::FAULT)
                } else {
                    iovecs(mem, &mut st, word(2), word(3), elems, &mut out)
                };
                if flags & array::FAULT != 0 {
                    // The msghdr was read: its iovec array alone prints as an address.
                    n = 0;
                }
                set_head(&mut out, head, n, flags);
                // The control messages, as the kernel side's `control` copies them (nothing
                // without room for their head).
                if out.len() + array::NAME_HEAD_SIZE <= st.end {
                    read_headed(mem, &mut out, word(4), word(5), array::CONTROL_MAX, st.end);
                }
                // Only the msghdr itself failing fails the capture.
                0
            }
            CaptureKind::RecordCount => {
                set_budget(&mut st, ret);
                let (n, mut flags) = count_records(mem, ptr, st.budget, max & 0xffff);
                flags |= array::COUNT_ONLY;
                if n >= array::COUNT_MAX {
                    flags |= array::MORE;
                }
                out.resize(array::HEAD_SIZE, 0);
                set_head(&mut out, 0, n, flags);
                flags
            }
            // Raw bytes, no head.
            CaptureKind::UserStack => {
                out.resize((max & array::ELEM_BYTES_MASK) as usize, 0);
                if !read_exact(mem, ptr.wrapping_add(u64::from(max >> 16)), &mut out) {
                    return None;
                }
                0
            }
            CaptureKind::FixedDeref => {
                out.resize((max & 0xffff & array::ELEM_BYTES_MASK) as usize, 0);
                if !read_exact(mem, ptr, &mut out) {
                    return None;
                }
                let size = (max >> 16) as usize;
                if !out.is_empty()
                    && (1..=array::DEREF_MAX as usize).contains(&size)
                    && out.len() + size <= st.end
                    && let Some(p) = read_word(mem, ptr.wrapping_add(u64::from(len_arg)))
                    && p != 0
                {
                    let mut v = [0u8; array::DEREF_MAX as usize];
                    if read_exact(mem, p, &mut v[..size]) {
                        out.extend_from_slice(&v[..size]);
                    }
                }
                0
            }
            _ => return None,
        };
        if head_flags & array::FAULT != 0 {
            return None;
        }
        data.extend_from_slice(&out);
        Some(data.len() - start)
    }

    /// A `Several` capture, as the kernel side's `several` copies it: each item's argument,
    /// fd sets sized by the `len_arg` argument. Returns the bytes appended.
    pub fn several(
        mem: &impl Memory,
        args: &[u64; 6],
        len_arg: u8,
        max: u32,
        data: &mut Vec<u8>,
    ) -> usize {
        let start = data.len();
        // The room the kernel side has from where this capture starts.
        let off = start % tracer_common::DATA_AREA;
        let end = (off + array::BYTES_MAX).min(tracer_common::DATA_AREA) - off;
        let bits = super::arg_at(args, len_arg);
        data.extend_from_slice(&[0; array::HEAD_SIZE]);
        let mut n = 0;
        for i in 0..array::SEVERAL_ITEMS {
            let (arg, code) = array::several_at(max, i);
            if code == 0 {
                break;
            }
            let ptr = super::arg_at(args, arg);
            let want = (array::several_bytes(code, bits) & array::ITEM_MAX) as usize;
            if data.len() - start + array::ITEM_HEAD_SIZE + want > end {
                break;
            }
            let mut item = vec![0u8; want];
            let (len, status) = if ptr == 0 {
                (0, array::ELEM_NONE)
            } else if read_exact(mem, ptr, &mut item) {
                (want, array::ELEM_OK)
            } else {
                (0, array::ELEM_FAULT)
            };
            put_u32(data, len as u32 | u32::from(status) << 16);
            data.extend_from_slice(&item[..len]);
            n += 1;
        }
        set_head(&mut data[start..], 0, n, 0);
        data.len() - start
    }

    /// Appends a head (bytes copied, `ELEM_*` status) and up to `max` of the `len` bytes at
    /// `ptr`, as the kernel side's `read_headed` does (nothing when they would pass `end`).
    fn read_headed(
        mem: &impl Memory,
        out: &mut Vec<u8>,
        ptr: u64,
        len: u64,
        max: usize,
        end: usize,
    ) {
        let want = if ptr == 0 {
            0
        } else {
            len.min(max as u64) as usize
        };
        let at = out.len();
        out.resize(at + array::NAME_HEAD_SIZE, 0);
        let (mut got, mut status) = (0u32, u32::from(array::ELEM_NONE));
        if want > 0 && at + array::NAME_HEAD_SIZE + want <= end {
            let mut b = vec![0u8; want];
            if read_exact(mem, ptr, &mut b) {
                out.extend_from_slice(&b);
                got = want as u32;
                status = u32::from(array::ELEM_OK);
            } else {
                status = u32::from(array::ELEM_FAULT);
            }
        }
        out[at..at + 4].copy_from_slice(&got.to_le_bytes());
        out[at + 4..at + 8].copy_from_slice(&status.to_le_bytes());
    }

    /// Kernel-filled buffers hold the return value's worth of data; none when the call failed.
    /// Counts the records of a buffer of `len` bytes whose records carry their length as a
    /// `u16` at offset `field`, as the kernel side's `record_elem` loop does. Returns (records,
    /// head flags).
    fn count_records(mem: &impl Memory, src: u64, len: u64, field: u32) -> (u32, u32) {
        let (mut at, mut n) = (0u64, 0u32);
        while n < array::COUNT_MAX {
            let pos = at + u64::from(field);
            if pos + 2 > len {
                return (n, 0);
            }
            let mut l = [0u8; 2];
            if !read_exact(mem, src.wrapping_add(pos), &mut l) {
                return (
                    n,
                    if n == 0 {
                        array::FAULT
                    } else {
                        array::UNTERMINATED
                    },
                );
            }
            n += 1;
            let l = u16::from_le_bytes(l);
            if l == 0 {
                return (n, 0);
            }
            at += u64::from(l);
        }
        (n, 0)
    }

    fn set_budget(st: &mut Loop, ret: i64) {
        if ret < 0 {
            st.no_data = true;
            st.budget = 0;
        } else {
            st.budget = ret as u64;
        }
    }

    /// The strings of a NULL-terminated pointer array, at most `n`; appended to `out` (whose
    /// head is at 0). Returns (strings copied, head flags).
    fn strings(mem: &impl Memory, st: &Loop, src: u64, n: u32, out: &mut Vec<u8>) -> (u32, u32) {
        let size = st.elem;
        let room = size.max(8) as usize;
        let mut i: u32 = 0;
        loop {
            let Some(p) = read_word(mem, src.wrapping_add(8 * u64::from(i))) else {
                let f = if i == 0 {
                    array::FAULT
                } else {
                    array::UNTERMINATED
                };
                return (i, f);
            };
            if p == 0 {
                return (i, 0);
            }
            if i >= n {
                return (i, array::MORE);
            }
            if out.len() + array::STR_HEAD_SIZE + room > st.end {
                return (i, array::MORE);
            }
            let at = out.len();
            out.resize(at + array::STR_HEAD_SIZE, 0);
            // As bpf_probe_read_user_str into `size` bytes: at most size - 1 of the string,
            // and a string that fills them may go on.
            let (len, status) = if size == 0 {
                (0, array::ELEM_TRUNC)
            } else {
                match read_cstr(mem, p, size as usize, out) {
                    Some(len) if len + 1 >= size as usize => (len, array::ELEM_TRUNC),
                    Some(len) => (len, array::ELEM_OK),
                    None => {
                        put_u64(out, p);
                        (8, array::ELEM_FAULT)
                    }
                }
            };
            let head = (len as u32 & 0xffff) | u32::from(status) << 16;
            out[at..at + 4].copy_from_slice(&head.to_le_bytes());
            i += 1;
        }
    }

    /// Counts the pointers of a NULL-terminated array (at most `array::COUNT_MAX`), a page at
    /// a time. Returns (pointers, head flags).
    fn count_ptrs(mem: &impl Memory, src: u64) -> (u32, u32) {
        const WORDS: usize = 512;
        let mut i: u32 = 0;
        let mut chunk = [0u8; 8 * WORDS];
        while i < array::COUNT_MAX {
            let at = src.wrapping_add(8 * u64::from(i));
            // Up to the end of the page, so an unreadable page is found at its first word.
            let to_page_end = (super::PAGE - at % super::PAGE) as usize;
            let want = (to_page_end / 8)
                .clamp(1, WORDS)
                .min((array::COUNT_MAX - i) as usize);
            let mut got = match mem.read(at, &mut chunk[..8 * want]) {
                Ok(n) => n / 8,
                Err(_) => 0,
            };
            if got == 0
                && let Some(w) = read_word(mem, at)
            {
                // A short read (a word across pages): that word alone.
                chunk[..8].copy_from_slice(&w.to_le_bytes());
                got = 1;
            }
            if got == 0 {
                let f = if i == 0 {
                    array::FAULT
                } else {
                    array::UNTERMINATED
                };
                return (i, f);
            }
            for w in chunk[..8 * got].chunks_exact(8) {
                if w.iter().all(|&b| b == 0) {
                    return (i, 0);
                }
                i += 1;
            }
        }
        (i, array::MORE)
    }

    /// An iovec array of `count` elements at `src`, at most `elems` of them with the start of
    /// their buffers; the head goes at the end of `out` now. Returns (elements, head flags).
    fn iovecs(
        mem: &impl Memory,
        st: &mut Loop,
        src: u64,
        count: u64,
        elems: u32,
        out: &mut Vec<u8>,
    ) -> (u32, u32) {
        out.resize(out.len() + array::HEAD_SIZE, 0);
        let n = count.min(u64::from(elems)) as u32;
        // One more element than copied is read when the array goes on.
        let loops = if count > u64::from(n) { n + 1 } else { n };
        for i in 0..loops {
            let mut iov = [0u8; 16];
            if !read_exact(mem, src.wrapping_add(16 * u64::from(i)), &mut iov) {
                let f = if i == 0 {
                    array::FAULT
                } else {
                    array::UNTERMINATED
                };
                return (i, f);
            }
            if i >= n {
                return (i, array::MORE);
            }
            let base = u64::from_le_bytes(iov[..8].try_into().unwrap_or_default());
            let len = u64::from_le_bytes(iov[8..].try_into().unwrap_or_default());
            let avail = if st.no_data { 0 } else { len.min(st.budget) };
            // st.elem is at most 24 bits (the element's length field).
            let take = avail.min(u64::from(st.elem)) as usize;
            if out.len() + array::IOV_HEAD_SIZE + take > st.end {
                return (i, array::MORE);
            }
            let at = out.len();
            put_u64(out, base);
            put_u64(out, len);
            put_u64(out, avail);
            put_u32(out, 0);
            put_u32(out, 0);
            let (got, status) = if st.no_data {
                (0, array::ELEM_NONE)
            } else if take == 0 {
                (0, array::ELEM_OK)
            } else if base == 0 {
                (0, array::ELEM_FAULT)
            } else {
                let b = out.len();
                out.resize(b + take, 0);
                if read_exact(mem, base, &mut out[b..]) {
                    (take as u32, array::ELEM_OK)
                } else {
                    out.truncate(b);
                    (0, array::ELEM_FAULT)
                }
            };
            let w = got | u32::from(status) << 24;
            out[at + 24..at + 28].copy_from_slice(&w.to_le_bytes());
            st.budget -= avail;
        }
        (loops, 0)
    }
}

/// Record bytes, little-endian, field by field in the `#[repr(C)]` layouts of tracer-common
/// (whose explicit padding and size assertions make this layout the only one).
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn header(&mut self, h: &Header) -> &mut Self {
        self.u8(h.kind)
            .u8(h.version)
            .u16(h.cpu)
            .u32(h.len)
            .u32(h.tid)
            .u32(h.tgid)
            .u64(h.ts)
            .u64(h.dropped)
    }
    /// Zeroes up to `size` (a struct's tail padding).
    fn pad_to(&mut self, size: usize) -> &mut Self {
        if self.0.len() < size {
            self.0.resize(size, 0);
        }
        self
    }
}

/// A header for a record of `kind` about thread `tid` of process `tgid`.
pub fn header(kind: RecordKind, tid: u32, tgid: u32, ts: u64) -> Header {
    Header {
        kind: kind as u8,
        version: WIRE_VERSION,
        cpu: 0,
        len: 0,
        tid,
        tgid,
        ts,
        // Nothing is ever dropped: the tracee waits for us.
        dropped: 0,
    }
}

/// A syscall record: `rec` (whose `hdr.len` is set here) followed by `data`.
pub fn syscall_record(rec: &SyscallRecord, data: &[u8]) -> Vec<u8> {
    let mut hdr = rec.hdr;
    hdr.len = (SyscallRecord::SIZE + data.len()) as u32;
    let mut e = Enc(Vec::with_capacity(hdr.len as usize));
    e.header(&hdr).u32(rec.nr).u32(rec.flags);
    for a in rec.args {
        e.u64(a);
    }
    e.u64(rec.ret as u64).u64(rec.duration).u64(rec.ip);
    for c in rec.caps {
        e.u8(c.arg).u8(c.status).u8(c.kind).u8(c._pad).u32(c.len);
    }
    e.u32(rec._pad).pad_to(SyscallRecord::SIZE);
    e.0.extend_from_slice(data);
    e.0
}

pub fn fork_record(mut hdr: Header, child_tid: u32, child_tgid: u32) -> Vec<u8> {
    hdr.len = ForkRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(ForkRecord::SIZE));
    e.header(&hdr).u32(child_tid).u32(child_tgid);
    e.pad_to(ForkRecord::SIZE);
    e.0
}

pub fn exec_record(mut hdr: Header, old_tid: u32, comm: &[u8], filename: &[u8]) -> Vec<u8> {
    hdr.len = ExecRecord::SIZE as u32;
    let name = &filename[..filename.len().min(tracer_common::EXEC_FILENAME_MAX)];
    let mut e = Enc(Vec::with_capacity(ExecRecord::SIZE));
    e.header(&hdr).u32(old_tid).u32(name.len() as u32).u64(0);
    let mut c = [0u8; 16];
    let n = comm.len().min(15);
    c[..n].copy_from_slice(&comm[..n]);
    e.0.extend_from_slice(&c);
    e.0.extend_from_slice(name);
    e.pad_to(ExecRecord::SIZE);
    e.0
}

/// An fd record (`-y`): descriptor `fd` is this inode, with this dentry name (cut to
/// [`tracer_common::FD_NAME_MAX`] − 1 bytes, NUL-padded).
pub fn fd_record(mut hdr: Header, fd: i32, mode: u32, ino: u64, name: &[u8]) -> Vec<u8> {
    hdr.len = tracer_common::FdRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(tracer_common::FdRecord::SIZE));
    e.header(&hdr).u32(fd as u32).u32(mode).u64(ino);
    e.0.extend_from_slice(&name[..name.len().min(tracer_common::FD_NAME_MAX - 1)]);
    e.pad_to(tracer_common::FdRecord::SIZE);
    e.0
}

/// A rename record (`-Y`): the task in `hdr` is now called `comm` (cut to 15 bytes), renamed
/// in call `nr` ([`tracer_common::RenameRecord::NO_CALL`] for one not traced).
pub fn rename_record(mut hdr: Header, nr: u32, comm: &[u8]) -> Vec<u8> {
    hdr.len = tracer_common::RenameRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(tracer_common::RenameRecord::SIZE));
    e.header(&hdr).u32(nr).u32(0);
    e.0.extend_from_slice(&comm[..comm.len().min(15)]);
    e.pad_to(tracer_common::RenameRecord::SIZE);
    e.0
}

pub fn exit_record(mut hdr: Header, exit_code: u32, flags: u32) -> Vec<u8> {
    hdr.len = ExitRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(ExitRecord::SIZE));
    e.header(&hdr).u32(exit_code).u32(flags);
    e.pad_to(ExitRecord::SIZE);
    e.0
}

/// A signal record: the receiving task's header, the signal, [`tracer_common::sigflags`] and
/// the kernel's siginfo bytes.
pub fn signal_record(
    mut hdr: Header,
    sig: u32,
    flags: u32,
    info: &[u8; tracer_common::SIGINFO_SIZE],
) -> Vec<u8> {
    hdr.len = SignalRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(SignalRecord::SIZE));
    e.header(&hdr).u32(sig).u32(flags);
    e.0.extend_from_slice(info);
    e.pad_to(SignalRecord::SIZE);
    e.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Arch, Table, capture_spec};
    use crate::wire::{Captured, RawEvent, parse};
    use tracer_common::exitflags;

    /// Fake tracee memory: `bytes` mapped at `base`, the rest unmapped; reads stop at page
    /// boundaries when `short` (as process_vm_readv does at an unmapped page).
    struct Fixture {
        base: u64,
        bytes: Vec<u8>,
        short: bool,
    }

    impl Memory for Fixture {
        fn read(&self, addr: u64, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(off) = addr.checked_sub(self.base) else {
                return Err(std::io::Error::from_raw_os_error(libc::EFAULT));
            };
            let off = off as usize;
            if off >= self.bytes.len() {
                return Err(std::io::Error::from_raw_os_error(libc::EFAULT));
            }
            let mut n = buf.len().min(self.bytes.len() - off);
            if self.short {
                n = n.min(7);
            }
            buf[..n].copy_from_slice(&self.bytes[off..off + n]);
            Ok(n)
        }
    }

    fn syscall(nr: u32, args: [u64; 6], ret: i64, mem: &Fixture, max_str: usize) -> Vec<u8> {
        let t = Table::new(Arch::X86_64);
        let spec = capture_spec(t.row(nr).unwrap(), max_str);
        let mut rec = SyscallRecord {
            hdr: header(RecordKind::Syscall, 9, 9, 1),
            nr,
            args,
            ret,
            ..Default::default()
        };
        let mut data = Vec::new();
        capture_args(
            mem,
            &spec,
            &args,
            0,
            Moment::Exit {
                ret,
                done_at_enter: 0,
            },
            None,
            &mut rec.caps,
            &mut data,
        );
        syscall_record(&rec, &data)
    }

    #[test]
    fn openat_path_round_trips_through_the_wire_parser() {
        let mem = Fixture {
            base: 0x1000,
            bytes: b"/etc/hostname\0junk".to_vec(),
            short: true,
        };
        let b = syscall(257, [0xffff_ff9c, 0x1000, 0, 0, 0, 0], 3, &mem, 32);
        let Ok(RawEvent::Syscall(ev)) = parse(&b) else {
            panic!("not a syscall record")
        };
        assert_eq!(ev.caps[1], Some(Captured::Bytes(b"/etc/hostname")));
        assert_eq!((ev.nr, ev.ret), (257, 3));
    }

    #[test]
    fn unreadable_and_null_pointers_are_faults() {
        let mem = Fixture {
            base: 0x1000,
            bytes: b"abc".to_vec(),
            short: false,
        };
        // write(1, <unmapped>, 5), and a buffer running past the mapping.
        for ptr in [0x9000, 0x1001, 0] {
            let b = syscall(1, [1, ptr, 5, 0, 0, 0], 5, &mem, 32);
            let Ok(RawEvent::Syscall(ev)) = parse(&b) else {
                panic!("not a syscall record")
            };
            assert_eq!(ev.caps[1], Some(Captured::Fault), "ptr {ptr:#x}");
        }
    }

    #[test]
    fn buffers_are_cut_at_s_plus_one_and_short_reads_continue() {
        let mem = Fixture {
            base: 0x1000,
            bytes: (0..100u8).collect(),
            short: true,
        };
        let b = syscall(1, [1, 0x1000, 100, 0, 0, 0], 100, &mem, 10);
        let Ok(RawEvent::Syscall(ev)) = parse(&b) else {
            panic!("not a syscall record")
        };
        let want: Vec<u8> = (0..11).collect();
        assert_eq!(ev.caps[1], Some(Captured::Bytes(&want)));
    }

    /// Tracee memory for the array tests: `parts` placed at their addresses in one mapping
    /// from 0x1000 (the rest zero), read whole or 7 bytes at a time.
    fn memory(parts: &[(u64, &[u8])], short: bool) -> Fixture {
        let mut bytes = vec![0u8; 0x200];
        for (at, b) in parts {
            let off = (*at - 0x1000) as usize;
            bytes[off..off + b.len()].copy_from_slice(b);
        }
        Fixture {
            base: 0x1000,
            bytes,
            short,
        }
    }

    fn words(w: &[u64]) -> Vec<u8> {
        w.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A call captured from `mem` as ptrace does it, decoded and printed as strace's arguments.
    fn args_text(name: &str, args: [u64; 6], ret: i64, mem: &Fixture) -> String {
        use crate::decode::decode_args;
        use crate::format::quote::QuoteOpts;
        use crate::format::text::value_text;
        let t = Table::new(Arch::X86_64);
        let nr = Arch::X86_64.number(name).unwrap();
        let b = syscall(nr, args, ret, mem, 32);
        let Ok(RawEvent::Syscall(ev)) = parse(&b) else {
            panic!("not a syscall record")
        };
        decode_args(&ev, None, t.row(nr).unwrap(), false)
            .iter()
            .map(|v| value_text(v, QuoteOpts::default()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    #[test]
    fn getdents_records_counted_as_the_kernel_counts_them() {
        // Three linux_dirent64 records (d_reclen at 16): 24, 24 and 32 bytes.
        let rec = |len: u16| {
            let mut r = vec![0u8; usize::from(len)];
            r[16..18].copy_from_slice(&len.to_le_bytes());
            r
        };
        let mem = memory(
            &[(0x1000, &rec(24)), (0x1018, &rec(24)), (0x1030, &rec(32))],
            true,
        );
        assert_eq!(
            args_text("getdents64", [3, 0x1000, 32768, 0, 0, 0], 80, &mem),
            "3, 0x1000 /* 3 entries */, 32768"
        );
        // A length of 0 ends the walk after its record.
        let mem = memory(&[(0x1000, &rec(24))], false);
        assert_eq!(
            args_text("getdents64", [3, 0x1000, 32768, 0, 0, 0], 80, &mem),
            "3, 0x1000 /* 2 entries */, 32768"
        );
        // The buffer runs into unmapped memory after its first record: the address.
        let mem = memory(&[(0x11e8, &rec(24))], false);
        assert_eq!(
            args_text("getdents64", [3, 0x11e8, 32768, 0, 0, 0], 4096, &mem),
            "3, 0x11e8, 32768"
        );
    }

    #[test]
    fn clone3_reads_parent_tid_through_its_pointer() {
        let mut st = vec![0u8; 88];
        st[0..8].copy_from_slice(&0x100000u64.to_le_bytes()); // CLONE_PARENT_SETTID
        st[24..32].copy_from_slice(&0x1100u64.to_le_bytes());
        let mem = memory(&[(0x1000, &st), (0x1100, &77u32.to_le_bytes())], true);
        assert_eq!(
            args_text("clone3", [0x1000, 88, 0, 0, 0, 0], 77, &mem),
            "{flags=CLONE_PARENT_SETTID, parent_tid=0x1100, exit_signal=0, stack=NULL, \
             stack_size=0} => {parent_tid=[77]}, 88"
        );
        // parent_tid unreadable: the struct alone.
        st[24..32].copy_from_slice(&0x9000u64.to_le_bytes());
        let mem = memory(&[(0x1000, &st)], false);
        assert_eq!(
            args_text("clone3", [0x1000, 88, 0, 0, 0, 0], 77, &mem),
            "{flags=CLONE_PARENT_SETTID, parent_tid=0x9000, exit_signal=0, stack=NULL, \
             stack_size=0}, 88"
        );
    }

    #[test]
    fn rt_sigreturn_mask_at_the_stack_pointer_at_entry() {
        let t = Table::new(Arch::X86_64);
        let spec = capture_spec(t.row(15).unwrap(), 32);
        // x86_64: uc_sigmask is 296 bytes above the stack pointer.
        let mem = memory(&[(0x1000 + 296, &(1u64 << 11).to_le_bytes())], false);
        let mut caps = [Capture::default(); MAX_CAPTURES];
        let mut data = Vec::new();
        let ok = capture_args(
            &mem,
            &spec,
            &[0; 6],
            0x1000,
            Moment::Enter,
            None,
            &mut caps,
            &mut data,
        );
        assert_eq!(ok, 1);
        assert_eq!((caps[0].status, caps[0].len), (capstatus::OK, 8));
        assert_eq!(data, (1u64 << 11).to_le_bytes());
        // At exit the stack pointer is not known: a fault, as in the kernel.
        let exit = Moment::Exit {
            ret: 0,
            done_at_enter: 0,
        };
        let ok = capture_args(&mem, &spec, &[0; 6], 0, exit, None, &mut caps, &mut data);
        assert_eq!((ok, caps[0].status), (0, capstatus::FAULT));
    }

    #[test]
    fn execve_argv_and_envp_count_as_the_kernel_lays_them_out() {
        for short in [false, true] {
            let mem = memory(
                &[
                    (0x1000, b"/bin/ls\0"),
                    (0x1010, b"ls\0"),
                    (0x1018, b"-l\0"),
                    (0x1020, &words(&[0x1010, 0x1018, 0])),
                    (0x1040, &words(&[0x1010, 0x1010, 0x1010, 0])),
                ],
                short,
            );
            assert_eq!(
                args_text("execve", [0x1000, 0x1020, 0x1040, 0, 0, 0], 0, &mem),
                r#""/bin/ls", ["ls", "-l"], 0x1040 /* 3 vars */"#
            );
        }
        // An argv whose pointer array runs into unmapped memory, and one that is unreadable.
        let mem = memory(&[(0x1000, b"x\0"), (0x11f8, &words(&[0x1000]))], false);
        assert_eq!(
            args_text("execve", [0x1000, 0x11f8, 0x9000, 0, 0, 0], 0, &mem),
            r#""x", ["x", ... /* 0x1200 */], 0x9000"#
        );
    }

    #[test]
    fn iovecs_with_their_buffers() {
        let mem = memory(
            &[
                (0x1000, b"hello"),
                (0x1008, b"world"),
                (0x1020, &words(&[0x1000, 5, 0x1008, 5])),
            ],
            true,
        );
        assert_eq!(
            args_text("writev", [1, 0x1020, 2, 0, 0, 0], 10, &mem),
            r#"1, [{iov_base="hello", iov_len=5}, {iov_base="world", iov_len=5}], 2"#
        );
        // readv: the data the return value covers.
        assert_eq!(
            args_text("readv", [1, 0x1020, 2, 0, 0, 0], 7, &mem),
            r#"1, [{iov_base="hello", iov_len=5}, {iov_base="wo", iov_len=5}], 2"#
        );
    }

    #[test]
    fn msghdr_with_its_iovec() {
        let mut msg = words(&[0, 0, 0x1040, 1, 0, 0]);
        msg.extend_from_slice(&[0; 8]);
        let mem = memory(
            &[
                (0x1000, b"hi"),
                (0x1040, &words(&[0x1000, 2])),
                (0x1080, &msg),
            ],
            false,
        );
        assert_eq!(
            args_text("sendmsg", [3, 0x1080, 0, 0, 0, 0], 2, &mem),
            r#"3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hi", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0"#
        );
    }

    #[test]
    fn lengths_count_elements_of_their_size() {
        // poll's nfds counts 8-byte pollfds.
        let mem = memory(
            &[(0x1000, &[3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0])],
            true,
        );
        assert_eq!(
            args_text("poll", [0x1000, 2, 0, 0, 0, 0], 0, &mem),
            "[{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0"
        );
    }

    /// A call captured from `mem` with the ptrace backend's own specs and limits (`-s
    /// max_str`, `-v` when `verbose`), printed as strace's arguments.
    fn deep_text(
        name: &str,
        args: [u64; 6],
        ret: i64,
        mem: &Fixture,
        (max_str, verbose): (usize, bool),
    ) -> String {
        use crate::decode::decode_args;
        use crate::format::quote::{HexMode, QuoteOpts};
        use crate::format::text::value_text;
        use crate::table::capture_spec_for;
        let t = Table::new(Arch::X86_64);
        let nr = Arch::X86_64.number(name).unwrap();
        let row = t.row(nr).unwrap();
        let spec = capture_spec_for(row, max_str, verbose, true);
        let mut rec = SyscallRecord {
            hdr: header(RecordKind::Syscall, 9, 9, 1),
            nr,
            args,
            ret,
            ..Default::default()
        };
        let mut data = Vec::new();
        let exit = Moment::Exit {
            ret,
            done_at_enter: 0,
        };
        let deep = Deep::new(max_str, verbose);
        capture_args(
            mem,
            &spec,
            &args,
            0,
            exit,
            Some(&deep),
            &mut rec.caps,
            &mut data,
        );
        let b = syscall_record(&rec, &data);
        let Ok(RawEvent::Syscall(ev)) = parse(&b) else {
            panic!("not a syscall record")
        };
        let q = QuoteOpts {
            max: max_str,
            hex: HexMode::None,
        };
        decode_args(&ev, None, row, false)
            .iter()
            .map(|v| value_text(v, q))
            .collect::<Vec<_>>()
            .join(", ")
    }

    #[test]
    fn deep_buffers_and_strings_go_past_the_kernel_limits() {
        let mut bytes = vec![b'y'; 0x6000];
        bytes[0x5000 - 0x1000 + 5000] = 0; // a string of 5000 bytes at 0x5000
        let mem = Fixture {
            base: 0x1000,
            bytes,
            short: true,
        };
        let y = |n: usize| "y".repeat(n);
        // A buffer of 8000 bytes, shown whole with -s 10000, cut at -s 6000.
        assert_eq!(
            deep_text(
                "write",
                [1, 0x1000, 8000, 0, 0, 0],
                8000,
                &mem,
                (10000, false)
            ),
            format!(r#"1, "{}", 8000"#, y(8000))
        );
        assert_eq!(
            deep_text(
                "write",
                [1, 0x1000, 8000, 0, 0, 0],
                8000,
                &mem,
                (6000, false)
            ),
            format!(r#"1, "{}"..., 8000"#, y(6000))
        );
        // A whole string longer than the kernel's longest: no `...` (its NUL was seen).
        assert_eq!(
            deep_text(
                "memfd_create",
                [0x5000, 0, 0, 0, 0, 0],
                3,
                &mem,
                (10000, false)
            ),
            format!(r#""{}", 0"#, y(5000))
        );
        assert_eq!(
            deep_text(
                "memfd_create",
                [0x5000, 0, 0, 0, 0, 0],
                3,
                &mem,
                (4999, false)
            ),
            format!(r#""{}"..., 0"#, y(4999))
        );
        // One that goes on past -s.
        assert_eq!(
            deep_text(
                "memfd_create",
                [0x1000, 0, 0, 0, 0, 0],
                3,
                &mem,
                (4500, false)
            ),
            format!(r#""{}"..., 0"#, y(4500))
        );
    }

    #[test]
    fn deep_arrays_hold_every_element_with_v() {
        // 400 strings of 40 bytes (an environment), and 100 iovecs of 40 bytes.
        let mut parts: Vec<(u64, Vec<u8>)> = Vec::new();
        let strs: Vec<u64> = (0..400).map(|i| 0x1000 + 48 * i).collect();
        for &p in &strs {
            let mut s = vec![b'v'; 40];
            s.push(0);
            parts.push((p, s));
        }
        let mut ptrs = strs.clone();
        ptrs.push(0);
        parts.push((0x8000, words(&ptrs)));
        let iov: Vec<u64> = strs[..100].iter().flat_map(|&p| [p, 40]).collect();
        parts.push((0x9000, words(&iov)));
        parts.push((0xa000, b"/bin/true\0".to_vec()));
        let mut bytes = vec![0u8; 0xa000];
        for (at, b) in &parts {
            let off = (*at - 0x1000) as usize;
            bytes[off..off + b.len()].copy_from_slice(b);
        }
        let mem = Fixture {
            base: 0x1000,
            bytes,
            short: false,
        };
        let v40 = format!(r#""{}""#, "v".repeat(40));
        let env = vec![v40.clone(); 400].join(", ");
        assert_eq!(
            // argv: its last string alone. (-s 500: value_text shows -s elements.)
            deep_text(
                "execve",
                [0xa000, 0x8000 + 8 * 399, 0x8000, 0, 0, 0],
                0,
                &mem,
                (500, true)
            ),
            format!(r#""/bin/true", [{v40}], [{env}]"#)
        );
        let iovs = vec![format!("{{iov_base={v40}, iov_len=40}}"); 100].join(", ");
        assert_eq!(
            deep_text("writev", [1, 0x9000, 100, 0, 0, 0], 4000, &mem, (500, true)),
            format!("1, [{iovs}], 100")
        );
        // Without -v, -s elements.
        let some = vec![format!("{{iov_base={v40}, iov_len=40}}"); 50].join(", ");
        assert_eq!(
            deep_text("writev", [1, 0x9000, 100, 0, 0, 0], 4000, &mem, (50, false)),
            format!("1, [{some}, ...], 100")
        );
    }

    #[test]
    fn process_records_round_trip() {
        let h = header(RecordKind::Exit, 5, 4, 77);
        let b = exit_record(h, 9, exitflags::CODE_KNOWN);
        let Ok(RawEvent::Exit { hdr, code, flags }) = parse(&b) else {
            panic!("not an exit record")
        };
        assert_eq!((hdr.tid, hdr.tgid, hdr.ts, code, flags), (5, 4, 77, 9, 2));
        let b = fork_record(header(RecordKind::Fork, 5, 4, 1), 6, 4);
        assert!(matches!(
            parse(&b),
            Ok(RawEvent::Fork {
                child_tid: 6,
                child_tgid: 4,
                ..
            })
        ));
        let b = exec_record(header(RecordKind::Exec, 5, 5, 1), 6, b"cat", b"/bin/cat");
        let Ok(RawEvent::Exec {
            old_tid,
            comm,
            filename,
            ..
        }) = parse(&b)
        else {
            panic!("not an exec record")
        };
        assert_eq!(
            (old_tid, comm, filename),
            (6, &b"cat"[..], &b"/bin/cat"[..])
        );
    }
}
