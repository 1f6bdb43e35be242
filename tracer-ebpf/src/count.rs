//! `-c`: calls, errors and latency per syscall, aggregated here in per-CPU maps, so no record
//! per syscall crosses the ring buffer. User space reads and merges the maps.
use aya_ebpf::{
    helpers::{bpf_get_current_pid_tgid, generated::bpf_get_current_cgroup_id},
    macros::map,
    maps::{PerCpuArray, PerCpuHashMap},
};
use tracer_common::{Config, ErrKey, MAX_SYSCALLS, StatKey, StatVal, cfgflags, countper};

/// Counters by syscall number, when calls are not split by group (`--per`): an array lookup,
/// which the verifier inlines, instead of hashing a key on every call.
#[map]
pub static TOTALS: PerCpuArray<StatVal> = PerCpuArray::with_max_entries(MAX_SYSCALLS, 0);

/// Counters by syscall and group (`--per cgroup|process|thread`).
#[map]
pub static STATS: PerCpuHashMap<StatKey, StatVal> = PerCpuHashMap::with_max_entries(16384, 0);

#[map]
pub static ERRS: PerCpuHashMap<ErrKey, u64> = PerCpuHashMap::with_max_entries(16384, 0);

/// A zeroed counter to insert from (too big for the stack).
static ZERO: StatVal = StatVal::ZERO;

/// The group a call is counted in, per `--per`.
#[inline(always)]
fn group(cfg: &Config) -> u64 {
    match cfg.count_per {
        // SAFETY: a helper on the current task, without pointers.
        countper::CGROUP => unsafe { bpf_get_current_cgroup_id() },
        countper::PROCESS => bpf_get_current_pid_tgid() >> 32,
        countper::THREAD => bpf_get_current_pid_tgid() & 0xffff_ffff,
        _ => 0,
    }
}

/// Counts one finished call of syscall `nr`.
#[inline(always)]
pub fn account(cfg: &Config, nr: u32, ret: i64, dur_ns: u64) {
    let failed = (-4095..0).contains(&ret);
    let group = group(cfg);
    let v = if cfg.count_per == countper::TOTAL {
        match TOTALS.get_ptr_mut(nr) {
            Some(v) => v,
            None => return,
        }
    } else {
        let key = StatKey { nr, _pad: 0, group };
        match STATS.get_ptr_mut(&key) {
            Some(v) => v,
            None => {
                let _ = STATS.insert(&key, &ZERO, 0);
                match STATS.get_ptr_mut(&key) {
                    Some(v) => v,
                    None => return,
                }
            }
        }
    };
    // SAFETY: this CPU's value of a per-CPU map entry, valid for the program run; nothing else
    // on this CPU runs while we update it.
    let v = unsafe { &mut *v };
    v.add_call(dur_ns, failed);
    if cfg.flags & cfgflags::HISTOGRAM != 0 {
        v.add_to_histogram(dur_ns);
    }
    if failed && cfg.flags & cfgflags::COUNT_ERRORS != 0 {
        let ekey = ErrKey {
            nr,
            errno: (-ret) as u32,
            group,
        };
        match ERRS.get_ptr_mut(&ekey) {
            // SAFETY: as above.
            Some(c) => unsafe { *c += 1 },
            None => {
                let _ = ERRS.insert(&ekey, &1, 0);
            }
        }
    }
}
