//! Ring-buffer bytes → [`RawEvent`]. Every read is bounds-checked: a short, foreign or garbled
//! record yields an error value, never a panic.
use tracer_common::{
    Capture, ExecRecord, ExitRecord, FdRecord, ForkRecord, Header, MAX_CAPTURES, RecordKind,
    SIGINFO_SIZE, SignalRecord, SyscallRecord, WIRE_VERSION, capstatus,
};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WireError {
    #[error("record of {0} bytes is too short")]
    Short(usize),
    #[error("record has wire version {0}, expected {WIRE_VERSION}")]
    Version(u8),
    #[error("unknown record kind {0}")]
    Kind(u8),
}

/// One captured argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Captured<'a> {
    /// The bytes copied (possibly fewer than the argument's real length).
    Bytes(&'a [u8]),
    /// The memory could not be read.
    Fault,
}

/// A syscall as captured: number, raw arguments, return value and copied argument memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyscallEvent<'a> {
    pub hdr: Header,
    pub nr: u32,
    pub flags: u32,
    pub args: [u64; 6],
    pub ret: i64,
    pub duration_ns: u64,
    /// `-i`: the instruction pointer at entry (0 when not asked for).
    pub ip: u64,
    /// Captured memory by argument index.
    pub caps: [Option<Captured<'a>>; 6],
}

impl<'a> SyscallEvent<'a> {
    /// A call with a default header, no flags and no duration (decoder tests).
    pub fn new(nr: u32, args: [u64; 6], ret: i64, caps: [Option<Captured<'a>>; 6]) -> Self {
        SyscallEvent {
            hdr: Header::default(),
            nr,
            flags: 0,
            args,
            ret,
            duration_ns: 0,
            ip: 0,
            caps,
        }
    }

    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawEvent<'a> {
    Syscall(SyscallEvent<'a>),
    SyscallEnter(SyscallEvent<'a>),
    Fork {
        hdr: Header,
        child_tid: u32,
        child_tgid: u32,
    },
    Exec {
        hdr: Header,
        old_tid: u32,
        cgroup_id: u64,
        comm: &'a [u8],
        filename: &'a [u8],
    },
    Exit {
        hdr: Header,
        code: u32,
        flags: u32,
    },
    /// A signal for task `hdr.tid`: [`tracer_common::sigflags`] say how it was seen; `info` is
    /// the kernel's siginfo (meaningful with `HAS_INFO`).
    Signal {
        hdr: Header,
        sig: u32,
        flags: u32,
        info: &'a [u8],
    },
    /// `-y`: descriptor `fd` of task `hdr.tid`, just created, is this inode (`mode`, `ino`)
    /// with this dentry name (no NUL).
    Fd {
        hdr: Header,
        fd: i32,
        mode: u32,
        ino: u64,
        name: &'a [u8],
    },
    /// `-Y`: task `hdr.tid` took the name `comm` (no NUL), in its traced call `nr` if any.
    Rename {
        hdr: Header,
        nr: Option<u32>,
        comm: &'a [u8],
    },
}

impl RawEvent<'_> {
    pub fn header(&self) -> &Header {
        match self {
            RawEvent::Syscall(s) | RawEvent::SyscallEnter(s) => &s.hdr,
            RawEvent::Fork { hdr, .. }
            | RawEvent::Exec { hdr, .. }
            | RawEvent::Exit { hdr, .. }
            | RawEvent::Signal { hdr, .. }
            | RawEvent::Fd { hdr, .. }
            | RawEvent::Rename { hdr, .. } => hdr,
        }
    }
}

/// Little reader over a byte slice.
struct Rd<'a> {
    b: &'a [u8],
    off: usize,
}

impl<'a> Rd<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let s = self
            .b
            .get(self.off..self.off + n)
            .ok_or(WireError::Short(self.b.len()))?;
        self.off += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.bytes(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, WireError> {
        Ok(u16::from_le_bytes(self.arr()?))
    }
    fn u32(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        self.bytes(N)?
            .try_into()
            .map_err(|_| WireError::Short(self.b.len()))
    }
    fn skip_to(&mut self, off: usize) {
        self.off = off;
    }
}

fn header(r: &mut Rd<'_>) -> Result<Header, WireError> {
    Ok(Header {
        kind: r.u8()?,
        version: r.u8()?,
        cpu: r.u16()?,
        len: r.u32()?,
        tid: r.u32()?,
        tgid: r.u32()?,
        ts: r.u64()?,
        dropped: r.u64()?,
    })
}

/// Parses one ring-buffer record.
pub fn parse(b: &[u8]) -> Result<RawEvent<'_>, WireError> {
    let mut r = Rd { b, off: 0 };
    let hdr = header(&mut r)?;
    if hdr.version != WIRE_VERSION {
        return Err(WireError::Version(hdr.version));
    }
    let kind = RecordKind::from_u8(hdr.kind).ok_or(WireError::Kind(hdr.kind))?;
    Ok(match kind {
        RecordKind::Syscall | RecordKind::SyscallEnter => {
            if b.len() < SyscallRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            let nr = r.u32()?;
            let flags = r.u32()?;
            let mut args = [0u64; 6];
            for a in &mut args {
                *a = r.u64()?;
            }
            let ret = r.u64()? as i64;
            let duration_ns = r.u64()?;
            let ip = r.u64()?;
            let mut descs = [Capture::default(); MAX_CAPTURES];
            for d in &mut descs {
                d.arg = r.u8()?;
                d.status = r.u8()?;
                d.kind = r.u8()?;
                d._pad = r.u8()?;
                d.len = r.u32()?;
            }
            r.skip_to(SyscallRecord::SIZE);
            let mut caps = [None; 6];
            for d in descs {
                let slot = caps.get_mut(d.arg as usize);
                match (d.status, slot) {
                    (capstatus::OK, Some(slot)) => {
                        *slot = Some(Captured::Bytes(r.bytes(d.len as usize)?))
                    }
                    (capstatus::FAULT, Some(slot)) => *slot = Some(Captured::Fault),
                    _ => {}
                }
            }
            let ev = SyscallEvent {
                hdr,
                nr,
                flags,
                args,
                ret,
                duration_ns,
                ip,
                caps,
            };
            if kind == RecordKind::Syscall {
                RawEvent::Syscall(ev)
            } else {
                RawEvent::SyscallEnter(ev)
            }
        }
        RecordKind::Fd => {
            if b.len() < FdRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            let fd = r.u32()? as i32;
            let mode = r.u32()?;
            let ino = r.u64()?;
            let name = r.bytes(tracer_common::FD_NAME_MAX)?;
            let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
            RawEvent::Fd {
                hdr,
                fd,
                mode,
                ino,
                name: &name[..end],
            }
        }
        RecordKind::Rename => {
            if b.len() < tracer_common::RenameRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            let nr = r.u32()?;
            r.u32()?;
            let comm = r.bytes(16)?;
            RawEvent::Rename {
                hdr,
                nr: (nr != tracer_common::RenameRecord::NO_CALL).then_some(nr),
                comm: &comm[..comm.iter().position(|&c| c == 0).unwrap_or(16)],
            }
        }
        RecordKind::Fork => {
            if b.len() < ForkRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            RawEvent::Fork {
                hdr,
                child_tid: r.u32()?,
                child_tgid: r.u32()?,
            }
        }
        RecordKind::Exec => {
            if b.len() < ExecRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            let old_tid = r.u32()?;
            let len = r.u32()? as usize;
            let cgroup_id = r.u64()?;
            let comm = r.bytes(16)?;
            let comm = &comm[..comm.iter().position(|&c| c == 0).unwrap_or(16)];
            let name = r.bytes(tracer_common::EXEC_FILENAME_MAX)?;
            let filename = name.get(..len).unwrap_or(name);
            RawEvent::Exec {
                hdr,
                old_tid,
                cgroup_id,
                comm,
                filename,
            }
        }
        RecordKind::Signal => {
            if b.len() < SignalRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            RawEvent::Signal {
                hdr,
                sig: r.u32()?,
                flags: r.u32()?,
                info: r.bytes(SIGINFO_SIZE)?,
            }
        }
        RecordKind::Exit => {
            if b.len() < ExitRecord::SIZE {
                return Err(WireError::Short(b.len()));
            }
            RawEvent::Exit {
                hdr,
                code: r.u32()?,
                flags: r.u32()?,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::{CaptureKind, ExitRecord, exitflags};

    fn bytes_of<T>(v: &T) -> Vec<u8> {
        // SAFETY: test-only view of a #[repr(C)] plain-data record as bytes.
        unsafe { std::slice::from_raw_parts((v as *const T).cast::<u8>(), size_of::<T>()) }.to_vec()
    }

    fn hdr(kind: RecordKind, len: usize) -> Header {
        Header {
            kind: kind as u8,
            version: WIRE_VERSION,
            cpu: 1,
            len: len as u32,
            tid: 7,
            tgid: 5,
            ts: 99,
            dropped: 3,
        }
    }

    #[test]
    fn syscall_record_with_captures_round_trips() {
        let mut rec = SyscallRecord {
            hdr: hdr(RecordKind::Syscall, 0),
            nr: 257,
            ret: 3,
            duration: 1000,
            ..Default::default()
        };
        rec.args = [0xffff_ff9c, 0x1000, 0, 0, 0, 0];
        rec.caps[0] = Capture {
            arg: 1,
            status: capstatus::OK,
            kind: CaptureKind::CStr as u8,
            _pad: 0,
            len: 4,
        };
        rec.caps[1] = Capture {
            arg: 3,
            status: capstatus::FAULT,
            kind: CaptureKind::CStr as u8,
            _pad: 0,
            len: 0,
        };
        let mut b = bytes_of(&rec);
        b.extend_from_slice(b"/etc");
        let RawEvent::Syscall(ev) = parse(&b).unwrap() else {
            panic!("not a syscall")
        };
        assert_eq!(ev.nr, 257);
        assert_eq!(ev.ret, 3);
        assert_eq!(ev.hdr.dropped, 3);
        assert_eq!(ev.caps[1], Some(Captured::Bytes(b"/etc")));
        assert_eq!(ev.caps[3], Some(Captured::Fault));
        assert_eq!(ev.caps[0], None);
    }

    #[test]
    fn garbage_never_panics() {
        let rec = SyscallRecord {
            hdr: hdr(RecordKind::Syscall, 0),
            ..Default::default()
        };
        let full = bytes_of(&rec);
        for n in 0..full.len() {
            assert!(parse(&full[..n]).is_err());
        }
        let mut bad = full.clone();
        bad[0] = 77;
        assert_eq!(parse(&bad), Err(WireError::Kind(77)));
        let mut lying = SyscallRecord {
            hdr: hdr(RecordKind::Syscall, 0),
            ..Default::default()
        };
        lying.caps[0] = Capture {
            arg: 9,
            status: capstatus::OK,
            kind: 1,
            _pad: 0,
            len: 4000,
        };
        assert!(
            parse(&bytes_of(&lying)).is_ok(),
            "capture of an impossible argument is ignored"
        );
        lying.caps[0].arg = 0;
        assert!(
            parse(&bytes_of(&lying)).is_err(),
            "capture longer than the record"
        );
    }

    #[test]
    fn signal_record() {
        let mut rec = SignalRecord {
            hdr: hdr(RecordKind::Signal, SignalRecord::SIZE),
            sig: 17,
            flags: tracer_common::sigflags::DELIVERED,
            info: [0; SIGINFO_SIZE],
        };
        rec.info[0] = 17;
        let b = bytes_of(&rec);
        let RawEvent::Signal { hdr, sig, info, .. } = parse(&b).unwrap() else {
            panic!("not a signal")
        };
        assert_eq!(
            (hdr.tid, sig, info.len(), info[0]),
            (7, 17, SIGINFO_SIZE, 17)
        );
        for n in 0..b.len() {
            assert!(parse(&b[..n]).is_err());
        }
    }

    #[test]
    fn rename_record_round_trips_from_both_backends() {
        let mut rec = tracer_common::RenameRecord {
            hdr: hdr(RecordKind::Rename, tracer_common::RenameRecord::SIZE),
            nr: 157,
            ..Default::default()
        };
        rec.comm[..8].copy_from_slice(b"foo<bar>");
        let kernel = bytes_of(&rec);
        let ptrace = crate::backend::ptrace::capture::rename_record(rec.hdr, 157, b"foo<bar>");
        assert_eq!(
            kernel, ptrace,
            "the ptrace backend's bytes are the kernel's"
        );
        let RawEvent::Rename { nr, comm, .. } = parse(&kernel).unwrap() else {
            panic!("not a rename")
        };
        assert_eq!((nr, comm), (Some(157), &b"foo<bar>"[..]));
        rec.nr = tracer_common::RenameRecord::NO_CALL;
        let RawEvent::Rename { nr, .. } = parse(&bytes_of(&rec)).unwrap() else {
            panic!("not a rename")
        };
        assert_eq!(nr, None);
        assert!(parse(&kernel[..kernel.len() - 1]).is_err());
    }

    #[test]
    fn exit_record() {
        let rec = ExitRecord {
            hdr: hdr(RecordKind::Exit, ExitRecord::SIZE),
            exit_code: 9,
            flags: exitflags::GROUP_DEAD,
        };
        assert_eq!(
            parse(&bytes_of(&rec)),
            Ok(RawEvent::Exit {
                hdr: rec.hdr,
                code: 9,
                flags: exitflags::GROUP_DEAD
            })
        );
    }
}
