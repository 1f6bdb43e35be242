//! The maps shared with user space.
use aya_ebpf::{
    bindings::{BPF_F_NO_PREALLOC, BPF_LOCAL_STORAGE_GET_F_CREATE, bpf_map_type},
    helpers::generated::{bpf_get_current_task_btf, bpf_task_storage_get},
    macros::{btf_map, map},
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

/// `-c`: the syscall a traced task has in flight, kept in the task itself (BPF task storage), so
/// that its entry and exit find it without hashing the thread id into [`TRACED`]: a traced task
/// gets one at its first counted call, and it goes away with the task. `nr` is
/// [`crate::filter::NONE`] between calls. A task without one (the kernel could not allocate it)
/// keeps its call in [`TRACED`] as the other modes do.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct InFlight {
    pub nr: i32,
    /// Whether the task is traced: 0 once it is not (`--comm`: it exec'd under another name),
    /// so that its next entry asks [`TRACED`] again, while the call in flight still counts.
    pub traced: u32,
    pub ts: u64,
}

#[btf_map]
pub static INFLIGHT: TaskStorage<InFlight> = TaskStorage::new();

/// A task storage map definition in the BTF layout the loader reads (aya-ebpf has none): the
/// fields are never read, their types describe the map.
#[repr(C)]
pub struct TaskStorage<T> {
    r#type: *const [i32; bpf_map_type::BPF_MAP_TYPE_TASK_STORAGE as usize],
    key: *const i32,
    value: *const T,
    max_entries: *const [i32; 0],
    map_flags: *const [i32; BPF_F_NO_PREALLOC as usize],
}

// SAFETY: the fields are null placeholders that are never dereferenced; the kernel owns the map.
unsafe impl<T> Sync for TaskStorage<T> {}

impl<T> TaskStorage<T> {
    pub const fn new() -> Self {
        Self {
            r#type: core::ptr::null(),
            key: core::ptr::null(),
            value: core::ptr::null(),
            max_entries: core::ptr::null(),
            map_flags: core::ptr::null(),
        }
    }

    /// The current task's value, zeroed and created first if `create`.
    #[inline(always)]
    pub fn current(&self, create: bool) -> Option<&'static mut T> {
        let flags = if create {
            BPF_LOCAL_STORAGE_GET_F_CREATE as u64
        } else {
            0
        };
        // SAFETY: the helpers take the map definition's address (the loader turns it into the
        // map) and the current task's BTF pointer; the value pointer they return, or null, is
        // valid for the program run, and only the task's own programs use its value.
        unsafe {
            let task = bpf_get_current_task_btf();
            let v = bpf_task_storage_get(
                core::ptr::from_ref(self).cast_mut().cast(),
                task.cast(),
                core::ptr::null_mut(),
                flags,
            );
            v.cast::<T>().as_mut()
        }
    }
}

/// Per-CPU scratch space where a syscall record is assembled, and the CPU's drop counter.
#[map]
pub static SCRATCH: PerCpuArray<Scratch> = PerCpuArray::with_max_entries(1, 0);
