//! Which tasks and syscalls are traced, decided here so that everything else costs the tracee
//! only the hook: an unselected syscall or an untraced task returns after a check or two.
use aya_ebpf::helpers::{bpf_get_current_comm, generated::bpf_get_current_ancestor_cgroup_id};
use tracer_common::{Config, TaskState, cfgflags, targetmode};

use crate::emit::scratch;
use crate::maps::TRACED;

/// `nr` value of a task with no syscall in flight.
pub const NONE: i32 = -1;

/// The map value of a task newly traced.
static NEW_TASK: TaskState = TaskState::NEW;

/// The traced-task entry of thread `tid`.
#[inline(always)]
pub fn task(tid: u32) -> Option<&'static mut TaskState> {
    // SAFETY: a hash map value pointer is valid for the program run; only this thread's own
    // programs write its entry (sys_enter/sys_exit/exit run in the thread's context).
    TRACED.get_ptr_mut(tid).map(|p| unsafe { &mut *p })
}

/// Whether the current task is in the traced cgroup or below it.
#[inline(always)]
pub fn in_cgroup(cfg: &Config) -> bool {
    // SAFETY: a helper on the current task, without pointers.
    let id = unsafe { bpf_get_current_ancestor_cgroup_id(cfg.cgroup_level as i32) };
    id == cfg.cgroup_id
}

/// Whether the current task's name is the one `--comm` asks for (true without `--comm`).
#[inline(always)]
pub fn comm_matches(cfg: &Config) -> bool {
    cfg.flags & cfgflags::COMM == 0 || bpf_get_current_comm().is_ok_and(|c| c == cfg.comm)
}

/// The current thread's entry, if it is traced. For system-wide and cgroup targets, entries are
/// made at a task's first syscall (and a task that left the cgroup is no longer traced).
#[inline(always)]
pub fn traced_task(cfg: &Config, pid_tgid: u64) -> Option<&'static mut TaskState> {
    let tid = pid_tgid as u32;
    match cfg.target {
        targetmode::CGROUP => {
            if !in_cgroup(cfg) {
                return None;
            }
        }
        targetmode::ALL => {
            if (pid_tgid >> 32) as u32 == cfg.self_tgid {
                return None;
            }
        }
        _ => return task(tid),
    }
    if let Some(t) = task(tid) {
        return Some(t);
    }
    if !comm_matches(cfg) {
        return None;
    }
    // From a constant, not the stack: sys_enter's stack is close to the verifier's limit.
    if TRACED.insert(tid, &NEW_TASK, 0).is_err() {
        if let Some(s) = scratch() {
            s.untracked += 1;
        }
        return None;
    }
    task(tid)
}
