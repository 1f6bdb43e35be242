//! The kernel side's capture loop, in user space: copies the arguments a [`SyscallSpec`] asks
//! for from the tracee with `process_vm_readv` and lays them out exactly as the eBPF programs
//! do (tracer-ebpf/src/capture.rs), so the same wire parser, decoders and formatters read them.
//! It knows nothing about particular syscalls; one match arm per [`CaptureKind`].
use tracer_common::{
    CAPTURE_MAX, Capture, CaptureKind, ExecRecord, ExitRecord, ForkRecord, Header, MAX_CAPTURES,
    RecordKind, SignalRecord, SyscallRecord, SyscallSpec, WIRE_VERSION, capstatus, when,
};

use super::sys;

/// Which moment a capture pass runs at (as in the kernel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// Syscall entry: only `when::ENTER` captures.
    Enter,
    /// Syscall exit with the return value; `done_at_enter` has a bit per capture already sent.
    Exit { ret: i64, done_at_enter: u32 },
    /// The task died inside the syscall: only what the caller passed in.
    Died { done_at_enter: u32 },
}

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

/// Copies what `spec` asks for at `moment` into `data` (appended), describing each capture in
/// `caps`. Returns a bit per capture that succeeded.
pub fn capture_args(
    mem: &impl Memory,
    spec: &SyscallSpec,
    args: &[u64; 6],
    moment: Moment,
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
        let wanted = match moment {
            Moment::Enter => a.when == when::ENTER,
            Moment::Exit { ret, done_at_enter } => {
                done_at_enter & (1 << i) == 0 && (a.when != when::EXIT_OK || ret >= 0)
            }
            Moment::Died { done_at_enter } => {
                done_at_enter & (1 << i) == 0
                    && a.when != when::EXIT_OK
                    && kind != CaptureKind::BufLenRet
            }
        };
        if !wanted {
            continue;
        }
        let arg = |n: u8| args.get(n as usize).copied().unwrap_or(0);
        let ptr = arg(a.arg);
        let max = a.max.min(CAPTURE_MAX) as u64;
        caps[i].arg = a.arg;
        caps[i].kind = a.kind;
        if ptr == 0 {
            caps[i].status = capstatus::FAULT;
            continue;
        }
        // How many bytes to copy, for the kinds that copy a length; None for strings.
        let len: Option<u64> = match kind {
            CaptureKind::CStr => None,
            CaptureKind::Fixed => Some(max),
            CaptureKind::BufLenArg => Some(arg(a.len_arg)),
            CaptureKind::BufLenRet => Some(match moment {
                Moment::Exit { ret, .. } if ret > 0 => ret as u64,
                _ => 0,
            }),
            CaptureKind::BufLenPtr => {
                let mut l = [0u8; 4];
                Some(if read_exact(mem, arg(a.len_arg), &mut l) {
                    u64::from(u32::from_le_bytes(l))
                } else {
                    0
                })
            }
            CaptureKind::None => Some(0),
        };
        let got = match len {
            None => read_cstr(mem, ptr, max as usize, data),
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
    e.u64(rec.ret as u64).u64(rec.duration);
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

pub fn exit_record(mut hdr: Header, exit_code: u32, flags: u32) -> Vec<u8> {
    hdr.len = ExitRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(ExitRecord::SIZE));
    e.header(&hdr).u32(exit_code).u32(flags);
    e.pad_to(ExitRecord::SIZE);
    e.0
}

pub fn signal_record(mut hdr: Header, signo: u32, flags: u32, info: &[u8]) -> Vec<u8> {
    hdr.len = SignalRecord::SIZE as u32;
    let mut e = Enc(Vec::with_capacity(SignalRecord::SIZE));
    e.header(&hdr).u32(signo).u32(flags);
    let info = &info[..info.len().min(tracer_common::SIGINFO_SIZE)];
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
            Moment::Exit {
                ret,
                done_at_enter: 0,
            },
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
