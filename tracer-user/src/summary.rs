//! Counting mode (`-c`, `-C`): the counters the kernel aggregated, merged over CPUs, and
//! strace's summary table.
use std::collections::BTreeMap;

use tracer_common::{HIST_BUCKETS, StatVal};

/// Counters of one syscall (in one group), summed over CPUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyscallStats {
    pub calls: u64,
    pub errors: u64,
    pub total_ns: u64,
    /// u64::MAX when there were no calls.
    pub min_ns: u64,
    pub max_ns: u64,
    /// Calls per log2 bucket of latency: bucket i is [2^i, 2^(i+1)) ns; the last one is open.
    pub hist: [u64; HIST_BUCKETS],
}

impl Default for SyscallStats {
    fn default() -> Self {
        Self::from(&StatVal::ZERO)
    }
}

impl From<&StatVal> for SyscallStats {
    fn from(v: &StatVal) -> Self {
        SyscallStats {
            calls: v.calls,
            errors: v.errors,
            total_ns: v.total_ns,
            min_ns: v.min_ns,
            max_ns: v.max_ns,
            hist: v.hist,
        }
    }
}

impl SyscallStats {
    /// Adds another CPU's (or group's) counters.
    pub fn merge(&mut self, o: &SyscallStats) {
        self.calls += o.calls;
        self.errors += o.errors;
        self.total_ns += o.total_ns;
        self.min_ns = self.min_ns.min(o.min_ns);
        self.max_ns = self.max_ns.max(o.max_ns);
        for (a, b) in self.hist.iter_mut().zip(o.hist.iter()) {
            *a += b;
        }
    }

    /// What happened since `earlier` (for `--interval`). Min and max can't be subtracted;
    /// they stay those of the whole run.
    pub fn since(&self, earlier: &SyscallStats) -> SyscallStats {
        let mut d = *self;
        d.calls = self.calls.saturating_sub(earlier.calls);
        d.errors = self.errors.saturating_sub(earlier.errors);
        d.total_ns = self.total_ns.saturating_sub(earlier.total_ns);
        for (i, h) in d.hist.iter_mut().enumerate() {
            *h = self.hist[i].saturating_sub(earlier.hist[i]);
        }
        d
    }
}

/// Everything counted so far: per group (0 when not split, else a cgroup id, tgid or tid), per
/// syscall number; and, with `--errors`, calls per (group, syscall, errno).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub groups: BTreeMap<u64, BTreeMap<u32, SyscallStats>>,
    pub errors: BTreeMap<(u64, u32, u32), u64>,
}
