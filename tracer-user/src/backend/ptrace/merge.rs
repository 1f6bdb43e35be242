//! Deep decoding mixes two record streams: the eBPF ring buffer (every syscall but the deep
//! ones, and the process records) and the ptrace queue (the deep syscalls, read at leisure).
//! Each stream is in completion order; this puts the two together in the order the events
//! completed, holding records back briefly so that a late record of the other stream can still
//! go before them.
use std::io;

use tracer_common::{RecordKind, SyscallRecord};

use super::QueueReader;
use crate::backend::ring::RingReader;

/// How long a record is held back for records of the other stream that completed earlier:
/// both are drained every few milliseconds.
const HOLD_NS: u64 = 50_000_000;

/// When the event a record describes was complete: a syscall's exit (entry time plus
/// duration), a process record's time.
pub fn completion_ns(rec: &[u8]) -> u64 {
    let u64_at = |off: usize| {
        rec.get(off..off + 8)
            .and_then(|s| s.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let ts = u64_at(16);
    match rec.first().copied().and_then(RecordKind::from_u8) {
        Some(RecordKind::Syscall) if rec.len() >= SyscallRecord::SIZE => {
            // hdr (32) + nr, flags (8) + args (48) + ret (8) → duration at 96.
            ts.saturating_add(u64_at(96))
        }
        _ => ts,
    }
}

pub struct Merge {
    pub ring: RingReader,
    pub queue: QueueReader,
    /// (completion time, arrival order, record) not yet handed on.
    held: Vec<(u64, u64, Vec<u8>)>,
    seq: u64,
    /// Set for the last drain: everything goes out.
    finishing: bool,
}

impl Merge {
    pub fn new(ring: RingReader, queue: QueueReader) -> Self {
        Merge {
            ring,
            queue,
            held: Vec::new(),
            seq: 0,
            finishing: false,
        }
    }

    /// The next drains hand on everything, held or not.
    pub fn finish(&mut self) {
        self.finishing = true;
    }

    pub fn drain(&mut self, mut f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<u64> {
        let (held, seq) = (&mut self.held, &mut self.seq);
        let mut take = |r: &[u8]| {
            held.push((completion_ns(r), *seq, r.to_vec()));
            *seq += 1;
            Ok(())
        };
        self.ring.drain(&mut take)?;
        self.queue.drain(&mut take)?;
        self.held.sort_by_key(|(t, s, _)| (*t, *s));
        let cut = if self.finishing {
            u64::MAX
        } else {
            super::sys::now_ns().saturating_sub(HOLD_NS)
        };
        let n = self.held.partition_point(|(t, _, _)| *t <= cut);
        for (_, _, r) in self.held.drain(..n) {
            f(&r)?;
        }
        Ok(n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::ptrace::capture::{exit_record, header, syscall_record};

    #[test]
    fn completion_of_syscalls_and_process_records() {
        let rec = SyscallRecord {
            hdr: header(RecordKind::Syscall, 1, 1, 1000),
            duration: 500,
            ..Default::default()
        };
        assert_eq!(completion_ns(&syscall_record(&rec, b"data")), 1500);
        assert_eq!(
            completion_ns(&exit_record(header(RecordKind::Exit, 1, 1, 7), 0, 0)),
            7
        );
        assert_eq!(completion_ns(&[1, 2, 3]), 0);
    }
}
