//! The maps shared with user space.
use aya_ebpf::{
    macros::map,
    maps::{Array, HashMap, PerCpuArray, RingBuf},
};
use tracer_common::{Config, MAX_SYSCALLS, Scratch, SyscallSpec, TaskState};

/// Global settings (one entry), written by user space before attaching.
#[map]
pub static CONFIG: Array<Config> = Array::with_max_entries(1, 0);

/// What to copy for each syscall number, derived by user space from the syscall rows.
#[map]
pub static SPECS: Array<SyscallSpec> = Array::with_max_entries(MAX_SYSCALLS, 0);

/// Traced threads by thread id, with the syscall each has in flight. Filled by user space for
/// the initial tasks and by the fork program for their children.
#[map]
pub static TRACED: HashMap<u32, TaskState> = HashMap::with_max_entries(65536, 0);

/// The one ring buffer all records go through. User space sets its size at load time.
#[map]
pub static EVENTS: RingBuf = RingBuf::with_byte_size(32 * 1024 * 1024, 0);

/// `-c`: the syscall this CPU's current task has in flight, so that its exit finds the number
/// and the start time without a lookup in [`TRACED`] (which still has them, for a task that
/// another task's syscall displaced from here: it blocked, or moved to another CPU).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct InFlight {
    pub tid: u32,
    pub nr: i32,
    pub ts: u64,
}

#[map]
pub static INFLIGHT: PerCpuArray<InFlight> = PerCpuArray::with_max_entries(1, 0);

/// Per-CPU scratch space where a syscall record is assembled, and the CPU's drop counter.
#[map]
pub static SCRATCH: PerCpuArray<Scratch> = PerCpuArray::with_max_entries(1, 0);
