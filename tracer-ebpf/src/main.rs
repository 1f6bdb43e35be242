//! tracer's kernel programs: syscall entry and exit, and the process lifecycle.
//!
//! sys_enter saves the syscall number, arguments and entry time of traced threads; sys_exit emits
//! one complete record with the return value and the arguments the capture spec asks for. The
//! fork program registers children of traced tasks in the kernel, before they first run, so their
//! first syscall is seen; exit removes tasks and reports how they ended.
#![no_std]
#![no_main]

mod arch;
mod arrays;
mod capture;
mod count;
mod emit;
mod fds;
mod filter;
mod maps;
mod signal;

use aya_ebpf::{
    helpers::{
        bpf_get_current_comm, bpf_get_current_pid_tgid, bpf_probe_read_kernel,
        bpf_probe_read_kernel_str_bytes,
    },
    macros::raw_tracepoint,
    programs::RawTracePointContext,
};
use capture::capture_args;
use emit::{header, now, scratch, send_fixed, send_syscall};
use filter::{NONE, comm_matches, in_cgroup, task, traced_task};
use maps::{CONFIG, INFLIGHT, SPECS, TRACED};
use tracer_common::{
    Config, EXEC_FILENAME_MAX, ExecRecord, ExitRecord, ForkRecord, Moment, RecordKind,
    RenameRecord, SyscallSpec, TaskState, cfgflags, exitflags, specflags, sysflags, targetmode,
    taskflags, taskstate,
};

fn config() -> Option<&'static Config> {
    CONFIG.get(0)
}

fn spec(nr: u32) -> Option<&'static SyscallSpec> {
    SPECS.get(nr)
}

#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn sys_enter(ctx: RawTracePointContext) -> i32 {
    match try_sys_enter::<false>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

/// sys_enter for `-c` alone (attached instead of sys_enter): the same program without the
/// captures, which are most of what the verifier checks at start-up.
#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn count_enter(ctx: RawTracePointContext) -> i32 {
    match try_sys_enter::<true>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

/// `COUNT_ONLY`: the program of `-c` alone (`cfgflags::NO_LINES` is set).
#[inline(always)]
fn try_sys_enter<const COUNT_ONLY: bool>(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let nr: u64 = ctx.arg(1);
    let nr = nr as u32;
    let spec = spec(nr).ok_or(0)?;
    if spec.flags & (specflags::SELECTED | specflags::IS_EXEC) == 0 {
        // Not selected by -e trace=: nothing to keep, whoever the task is.
        return Ok(0);
    }
    let cfg = config().ok_or(0)?;
    let no_lines = COUNT_ONLY || cfg.flags & cfgflags::NO_LINES != 0;
    if no_lines && spec.flags & specflags::SELECTED != 0 {
        // -c: a task with a value in INFLIGHT is traced and active; only the number and the
        // time count. (A cgroup's task stops being traced when it leaves.)
        if cfg.target == targetmode::CGROUP && !in_cgroup(cfg) {
            return Ok(0);
        }
        if let Some(f) = INFLIGHT.current(false)
            && f.traced != 0
        {
            f.nr = nr as i32;
            f.ts = now();
            return Ok(0);
        }
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    let t = traced_task(cfg, pid_tgid).ok_or(0)?;
    if t.state == taskstate::PENDING_EXEC {
        // A command we started: it is traced from its execve on, as strace shows it.
        if spec.flags & specflags::IS_EXEC == 0 {
            return Ok(0);
        }
        t.state = taskstate::ACTIVE;
    }
    if spec.flags & specflags::SELECTED == 0 {
        return Ok(0);
    }
    t.nr = nr as i32;
    t.ts = if cfg.flags & cfgflags::TIMES != 0 {
        now()
    } else {
        0
    };
    t.enter_caps = 0;
    if no_lines {
        // -c: nothing to read or send at entry. The task's first counted call gives it its
        // INFLIGHT value; if that fails, TRACED keeps the call.
        if let Some(f) = INFLIGHT.current(true) {
            f.nr = t.nr;
            f.traced = 1;
            f.ts = t.ts;
            t.nr = NONE;
        }
        return Ok(0);
    }
    let regs: *const u64 = ctx.arg(0);
    t.args = arch::syscall_args(regs)?;
    if cfg.flags & cfgflags::IP != 0 {
        arch::read_user_ip(regs, &mut t.ip);
    }
    let no_return = spec.flags & specflags::NO_RETURN != 0;
    if no_return && cfg.flags & cfgflags::STATUS_UNFINISHED == 0 {
        // -z, -Z: a call that never returns counts as unfinished, as in strace.
        t.nr = NONE;
        return Ok(0);
    }
    let (kind, moment, flags) = if no_return {
        // exit/exit_group: there is no sys_exit to wait for.
        (
            RecordKind::Syscall,
            Moment::Died { done_at_enter: 0 },
            sysflags::NO_RETURN,
        )
    } else if spec.flags & specflags::ENTER_CAPTURES != 0 || cfg.flags & cfgflags::SPLIT != 0 {
        // Memory that is gone at exit (execve's) is copied now, in a record of its own; with
        // several tasks traced every call gets one, so their order in the ring is the order in
        // which calls began (strace's `<unfinished ...>` lines).
        (RecordKind::SyscallEnter, Moment::Enter, 0)
    } else {
        return Ok(0);
    };
    let ok = emit_syscall(t, spec, regs, pid_tgid, kind, moment, flags, 0);
    if no_return {
        t.nr = NONE;
    } else {
        t.enter_caps = ok;
    }
    Ok(0)
}

/// A bit of `TaskState::enter_caps` beside the capture bits: a `SyscallEnter` record was sent
/// (its exit record then carries `HAS_ENTER`, even when no entry capture succeeded).
const ENTER_SENT: u32 = 1 << 31;

#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn sys_exit(ctx: RawTracePointContext) -> i32 {
    match try_sys_exit::<false>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

/// sys_exit for `-c` alone, as [`count_enter`].
#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn count_exit(ctx: RawTracePointContext) -> i32 {
    match try_sys_exit::<true>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

#[inline(always)]
fn try_sys_exit<const COUNT_ONLY: bool>(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    if cfg.flags & cfgflags::SOME_SELECTED != 0 {
        let regs: *const u64 = ctx.arg(0);
        let nr = arch::syscall_nr_at_exit(regs).ok_or(0)?;
        // rt_sigreturn restores orig_ax to -1 (no number: the task's own state says which
        // call returns), so only a number with an unselected spec skips the lookup. A
        // successful execveat returns as execve (x86_64's orig_ax says 59 then): an exec's
        // number never skips it.
        if spec(nr).is_some_and(|s| s.flags & (specflags::SELECTED | specflags::IS_EXEC) == 0) {
            // Never kept in flight: nothing to look up.
            return Ok(0);
        }
    }
    let no_lines = COUNT_ONLY || cfg.flags & cfgflags::NO_LINES != 0;
    if no_lines && let Some(f) = INFLIGHT.current(false) {
        // -c, and the task keeps its call in INFLIGHT: no lookup in TRACED needed.
        if f.nr == NONE {
            return Ok(0);
        }
        let (nr, ts) = (f.nr as u32, f.ts);
        f.nr = NONE;
        let ret: i64 = ctx.arg(1);
        if let Some(spec) = spec(nr)
            && !dies_in_call(cfg, spec, ret)
            && status_wanted(cfg, ret)
        {
            count::account(cfg, nr, ret, now() - ts);
        }
        return Ok(0);
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    if cfg.target == targetmode::CGROUP && !in_cgroup(cfg) {
        return Ok(0);
    }
    let t = task(pid_tgid as u32).ok_or(0)?;
    if t.nr == NONE {
        return Ok(0);
    }
    let ret: i64 = ctx.arg(1);
    let spec = spec(t.nr as u32).ok_or(0)?;
    let done = t.enter_caps;
    let with_enter = sysflags::with_enter(done);
    if dies_in_call(cfg, spec, ret) {
        if !COUNT_ONLY {
            emit_unfinished(cfg, t, spec, pid_tgid);
        }
    } else {
        if !status_wanted(cfg, ret) {
            t.nr = NONE;
            return Ok(0);
        }
        if cfg.flags & cfgflags::COUNT != 0 {
            count::account(cfg, t.nr as u32, ret, now() - t.ts);
        }
        if !no_lines {
            if cfg.flags & cfgflags::FD_RECORDS != 0 && ret >= 0 && spec.new_fds != 0 {
                // Before the call's record: user space names the descriptors when it prints it.
                // Stamped at exit, as the call's record sorts by its end where streams merge.
                fds::records(cfg, spec.new_fds, &t.args, ret, now(), pid_tgid);
            }
            emit_syscall(
                t,
                spec,
                core::ptr::null(),
                pid_tgid,
                RecordKind::Syscall,
                Moment::Exit {
                    ret,
                    done_at_enter: done,
                },
                with_enter,
                ret,
            );
        }
    }
    t.nr = NONE;
    Ok(0)
}

/// A task returning with SIGKILL pending dies before user space sees the result: strace prints
/// such a call as `<unfinished ...>` (and `-c` doesn't count it). Only interrupted calls and
/// signal senders can be in that state, so only they pay for the check.
#[inline(always)]
fn dies_in_call(cfg: &Config, spec: &SyscallSpec, ret: i64) -> bool {
    let interrupted = ret == -EINTR || (-ERESTART_RESTARTBLOCK..=-ERESTARTSYS).contains(&ret);
    (interrupted || spec.flags & specflags::MAY_SIGNAL != 0)
        && sigkill_pending()
        && !killed_by_fatal_signal(cfg)
}

/// `-e status=`, `-z`, `-Z`, decided here so that a call left out sends (and counts) nothing.
#[inline(always)]
fn status_wanted(cfg: &Config, ret: i64) -> bool {
    let wanted = if (-4095..0).contains(&ret) {
        cfgflags::STATUS_FAILED
    } else {
        cfgflags::STATUS_SUCCESSFUL
    };
    cfg.flags & wanted != 0
}

/// Sends the syscall in flight in `t` as strace's `<unfinished ...>`: its task died in it.
/// Not with `-c` alone, nor when `-e status=` leaves unfinished calls out.
#[inline(always)]
fn emit_unfinished(cfg: &Config, t: &TaskState, spec: &SyscallSpec, pid_tgid: u64) {
    if cfg.flags & cfgflags::STATUS_UNFINISHED == 0 || cfg.flags & cfgflags::NO_LINES != 0 {
        return;
    }
    let done = t.enter_caps;
    let with_enter = sysflags::with_enter(done);
    emit_syscall(
        t,
        spec,
        core::ptr::null(),
        pid_tgid,
        RecordKind::Syscall,
        Moment::Died {
            done_at_enter: done,
        },
        sysflags::NO_RETURN | sysflags::UNFINISHED | with_enter,
        0,
    );
}

/// Assembles and sends a syscall record for the syscall in flight in `t`. `regs` is sys_enter's
/// `struct pt_regs *`, null at exit. Returns the bits of the captures that succeeded.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn emit_syscall(
    t: &TaskState,
    spec: &SyscallSpec,
    regs: *const u64,
    pid_tgid: u64,
    kind: RecordKind,
    moment: Moment,
    flags: u32,
    ret: i64,
) -> u32 {
    let Some(s) = scratch() else { return 0 };
    // Before the captures: `Several` reads its pointers from here.
    s.rec.args = t.args;
    let (used, ok) = capture_args(spec, &t.args, regs, moment, &mut s.rec.caps, &mut s.data);
    if kind == RecordKind::SyscallEnter
        && ok == 0
        && config().is_none_or(|c| c.flags & cfgflags::SPLIT == 0)
    {
        // Nothing could be read at entry (a NULL pointer: recvfrom's without an address): no
        // record; the exit retries those captures. With split lines the record itself counts:
        // it places the call's start among other tasks' lines.
        return 0;
    }
    let end = if kind == RecordKind::Syscall && flags & sysflags::NO_RETURN == 0 {
        now()
    } else {
        t.ts
    };
    s.rec.hdr = header(kind, 0, t.ts, s.dropped, pid_tgid);
    s.rec.nr = t.nr as u32;
    s.rec.flags = flags;
    s.rec.ret = ret;
    s.rec.duration = end - t.ts;
    s.rec.ip = t.ip;
    send_syscall(s, used);
    if kind == RecordKind::SyscallEnter {
        ok | ENTER_SENT
    } else {
        ok
    }
}

#[raw_tracepoint(tracepoint = "sched_process_fork")]
pub fn sched_process_fork(ctx: RawTracePointContext) -> i32 {
    match try_fork(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

fn try_fork(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    if cfg.flags & cfgflags::FOLLOW_FORKS == 0 || cfg.target != targetmode::TASKS {
        // System-wide and cgroup targets pick up new tasks at their first syscall.
        return Ok(0);
    }
    let pid_tgid = bpf_get_current_pid_tgid();
    let parent = task(pid_tgid as u32).ok_or(0)?;
    if parent.state != taskstate::ACTIVE {
        return Ok(0);
    }
    let child: *const u8 = ctx.arg(1);
    let child_tid = read_kernel_u32(child, cfg.task_pid_off)?;
    let child_tgid = read_kernel_u32(child, cfg.task_tgid_off)?;
    let st = TaskState {
        state: taskstate::ACTIVE,
        nr: NONE,
        ..TaskState::default()
    };
    if TRACED.insert(child_tid, st, 0).is_err() {
        aya_log_ebpf::warn!(ctx, "traced-task map full: task {} not traced", child_tid);
    }
    let ts = now();
    send_fixed::<ForkRecord>(|r, dropped| {
        r.hdr = header(RecordKind::Fork, ForkRecord::SIZE, ts, dropped, pid_tgid);
        r.child_tid = child_tid;
        r.child_tgid = child_tgid;
    });
    Ok(0)
}

#[raw_tracepoint(tracepoint = "sched_process_exec")]
pub fn sched_process_exec(ctx: RawTracePointContext) -> i32 {
    match try_exec(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

fn try_exec(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    let pid_tgid = bpf_get_current_pid_tgid();
    let tid = pid_tgid as u32;
    let old_tid: u64 = ctx.arg(1);
    let old_tid = old_tid as u32;
    if old_tid != tid {
        // A non-leader thread exec'd and took over the leader's id: move its state.
        // SAFETY: see task().
        if let Some(old) = TRACED.get_ptr(old_tid).map(|p| unsafe { *p }) {
            let _ = TRACED.insert(tid, old, 0);
            let _ = TRACED.remove(old_tid);
        }
    }
    let t = if cfg.target == targetmode::TASKS {
        task(tid)
    } else if !comm_matches(cfg) {
        // --comm: the task took another name; it is traced again if it takes the name back.
        let _ = TRACED.remove(tid);
        if let Some(f) = INFLIGHT.current(false) {
            // Its execve still counts: it was called under the name.
            f.traced = 0;
        }
        return Ok(0);
    } else {
        // System-wide and cgroup targets: the task may have just taken the --comm name.
        traced_task(cfg, pid_tgid)
    };
    let t = t.ok_or(0)?;
    if t.state != taskstate::ACTIVE {
        return Ok(0);
    }
    let bprm: *const u8 = ctx.arg(2);
    // SAFETY: reads a kernel pointer field at an offset from the running kernel's BTF.
    let filename: u64 =
        unsafe { bpf_probe_read_kernel(bprm.add(cfg.bprm_filename_off as usize).cast::<u64>()) }?;
    let ts = now();
    let comm = bpf_get_current_comm().unwrap_or_default();
    send_fixed::<ExecRecord>(|r, dropped| {
        r.hdr = header(RecordKind::Exec, ExecRecord::SIZE, ts, dropped, pid_tgid);
        r.old_tid = old_tid;
        r.comm = comm;
        // SAFETY: a helper on the current task, without pointers.
        r.cgroup_id = unsafe { aya_ebpf::helpers::generated::bpf_get_current_cgroup_id() };
        // SAFETY: a kernel string pointer; the helper bounds the copy and fails cleanly.
        let n = unsafe { bpf_probe_read_kernel_str_bytes(filename as *const u8, &mut r.filename) }
            .map(|s| s.len())
            .unwrap_or(0);
        r.filename_len = (n as u32).min(EXEC_FILENAME_MAX as u32);
    });
    if cfg.flags & cfgflags::DETACH_ON_EXEC != 0 && cfg.target == targetmode::TASKS {
        if t.flags & taskflags::SKIP_DETACH_ON_FIRST_EXEC != 0 {
            t.flags &= !taskflags::SKIP_DETACH_ON_FIRST_EXEC;
        } else {
            detach(tid, pid_tgid);
        }
    }
    Ok(0)
}

/// `-b execve`: stops tracing the current task, in the middle of its execve (whose exit is
/// then not seen), and its children to come (the fork program finds no parent), and tells
/// user space with an exit record that says it is no end.
#[inline(always)]
fn detach(tid: u32, pid_tgid: u64) {
    let _ = TRACED.remove(tid);
    if let Some(f) = INFLIGHT.current(false) {
        // -c: the execve in flight is not counted, as strace does not count it.
        f.nr = NONE;
        f.traced = 0;
    }
    let ts = now();
    send_fixed::<ExitRecord>(|r, dropped| {
        r.hdr = header(RecordKind::Exit, ExitRecord::SIZE, ts, dropped, pid_tgid);
        r.exit_code = 0;
        // Other threads are gone by the time a process execs: the process is detached.
        r.flags = exitflags::DETACHED | exitflags::GROUP_DEAD;
    });
}

/// `-Y`: a traced task took a new name (prctl's PR_SET_NAME, a write to /proc/PID/comm, and
/// exec, whose record also says it). Attached only with `-Y`.
#[raw_tracepoint(tracepoint = "task_rename")]
pub fn task_rename(ctx: RawTracePointContext) -> i32 {
    match try_rename(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

fn try_rename(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    // strace reads a task's name again only after its own calls (prctl, exec): a name another
    // thread gives it through /proc/TID/comm is not followed.
    let renamed: *const u8 = ctx.arg(0);
    let tid = read_kernel_u32(renamed, cfg.task_pid_off)?;
    let pid_tgid = bpf_get_current_pid_tgid();
    if tid != pid_tgid as u32 {
        return Ok(0);
    }
    let t = task(tid).ok_or(0)?;
    if t.state != taskstate::ACTIVE {
        return Ok(0);
    }
    // The traced call the task renamed itself in (NONE between traced calls).
    let nr = if t.nr != NONE {
        t.nr as u32
    } else {
        RenameRecord::NO_CALL
    };
    let name: *const u8 = ctx.arg(1);
    let ts = now();
    send_fixed::<RenameRecord>(|r, dropped| {
        r.hdr = header(
            RecordKind::Rename,
            RenameRecord::SIZE,
            ts,
            dropped,
            pid_tgid,
        );
        r.nr = nr;
        // SAFETY: a kernel string pointer; the helper bounds the copy and fails cleanly (the
        // name stays empty then).
        let _ = unsafe { bpf_probe_read_kernel_str_bytes(name, &mut r.comm) };
    });
    Ok(0)
}

#[raw_tracepoint(tracepoint = "sched_process_exit")]
pub fn sched_process_exit(ctx: RawTracePointContext) -> i32 {
    match try_exit::<false>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

/// sched_process_exit for `-c` alone, as [`count_enter`]: no `<unfinished ...>` record to send.
#[raw_tracepoint(tracepoint = "sched_process_exit")]
pub fn count_process_exit(ctx: RawTracePointContext) -> i32 {
    match try_exit::<true>(&ctx) {
        Ok(r) | Err(r) => r,
    }
}

#[inline(always)]
fn try_exit<const COUNT_ONLY: bool>(ctx: &RawTracePointContext) -> Result<i32, i32> {
    let cfg = config().ok_or(0)?;
    let pid_tgid = bpf_get_current_pid_tgid();
    let tid = pid_tgid as u32;
    let t = task(tid).ok_or(0)?;
    if !COUNT_ONLY
        && t.nr != NONE
        && let Some(spec) = spec(t.nr as u32)
    {
        // Died inside a syscall.
        emit_unfinished(cfg, t, spec, pid_tgid);
    }
    let state = t.state;
    let _ = TRACED.remove(tid);
    if state != taskstate::ACTIVE {
        return Ok(0);
    }
    let task_ptr: *const u8 = ctx.arg(0);
    let leader = tid == (pid_tgid >> 32) as u32;
    // A leader killed by another thread's exec: the process lives on under the exec'ing thread.
    let superseded = leader && replaced(cfg, task_ptr);
    let group_dead = if cfg.flags & cfgflags::EXIT_HAS_GROUP_DEAD != 0 {
        let g: u64 = ctx.arg(1);
        g & 0xff != 0
    } else {
        leader && !superseded
    };
    let code = read_kernel_u32(task_ptr, cfg.task_exit_code_off);
    let ts = now();
    send_fixed::<ExitRecord>(|r, dropped| {
        r.hdr = header(RecordKind::Exit, ExitRecord::SIZE, ts, dropped, pid_tgid);
        r.exit_code = code.unwrap_or(0);
        r.flags = if group_dead { exitflags::GROUP_DEAD } else { 0 }
            | if code.is_ok() {
                exitflags::CODE_KNOWN
            } else {
                0
            }
            | if superseded { exitflags::SUPERSEDED } else { 0 };
    });
    Ok(0)
}

/// Whether exiting task `task` dies because another thread of its process is exec'ing (the
/// kernel's de_thread kills the others, and the exec'ing thread takes the leader's id).
#[inline(always)]
fn replaced(cfg: &Config, task: *const u8) -> bool {
    if cfg.signal_exec_task_off == 0 {
        return false;
    }
    // SAFETY: reads pointer fields at offsets from the running kernel's BTF; fails cleanly.
    let Ok(signal) =
        (unsafe { bpf_probe_read_kernel(task.add(cfg.task_signal_off as usize).cast::<u64>()) })
    else {
        return false;
    };
    // SAFETY: as above.
    let exec_task = unsafe {
        bpf_probe_read_kernel(
            (signal as *const u8)
                .add(cfg.signal_exec_task_off as usize)
                .cast::<u64>(),
        )
    };
    exec_task.is_ok_and(|p| p != 0 && p != task as u64)
}

const EINTR: i64 = 4;
const ERESTARTSYS: i64 = 512;
const ERESTART_RESTARTBLOCK: i64 = 516;
/// SIGKILL's bit in a sigset word.
const SIGKILL_BIT: u64 = 1 << (9 - 1);

/// Whether the current thread has SIGKILL pending (the kernel adds it to every thread of a
/// group that is being killed).
#[inline(always)]
fn sigkill_pending() -> bool {
    let Some(cfg) = config() else { return false };
    // SAFETY: a helper without arguments returning the current task pointer.
    let task = unsafe { aya_ebpf::helpers::generated::bpf_get_current_task() } as *const u8;
    // SAFETY: reads a field at an offset from the running kernel's BTF; fails cleanly.
    let pending =
        unsafe { bpf_probe_read_kernel(task.add(cfg.task_pending_off as usize).cast::<u64>()) };
    pending.is_ok_and(|w| w & SIGKILL_BIT != 0)
}

/// Whether the current thread group is being killed by a fatal signal other than SIGKILL that
/// dumps no core (SIGTERM to a process without a handler): the kernel then kills every thread
/// with SIGKILL at once, where a ptraced group would dequeue the signal itself, so strace shows
/// the call's return, the signal and the kill.
#[inline(always)]
fn killed_by_fatal_signal(cfg: &Config) -> bool {
    // SAFETY: a helper without arguments returning the current task pointer.
    let task = unsafe { aya_ebpf::helpers::generated::bpf_get_current_task() } as *const u8;
    // SAFETY: reads a pointer field at an offset from the running kernel's BTF; fails cleanly.
    let Ok(signal) =
        (unsafe { bpf_probe_read_kernel(task.add(cfg.task_signal_off as usize).cast::<u64>()) })
    else {
        return false;
    };
    let Ok(code) = read_kernel_u32(signal as *const u8, cfg.signal_exit_code_off) else {
        return false;
    };
    let sig = code & 0x7f;
    sig != 0 && sig != 9 && COREDUMP_SIGNALS & (1 << sig) == 0
}

/// SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS: a group
/// dumping core has its other threads killed as by SIGKILL, under ptrace too.
const COREDUMP_SIGNALS: u64 = (1 << 3)
    | (1 << 4)
    | (1 << 5)
    | (1 << 6)
    | (1 << 7)
    | (1 << 8)
    | (1 << 11)
    | (1 << 24)
    | (1 << 25)
    | (1 << 31);

/// Reads a 32-bit field of a kernel struct at an offset taken from BTF.
#[inline(always)]
fn read_kernel_u32(base: *const u8, off: u32) -> Result<u32, i32> {
    // SAFETY: bpf_probe_read_kernel fails cleanly on a bad pointer.
    unsafe { bpf_probe_read_kernel(base.add(off as usize).cast::<u32>()) }.map_err(|_| 0)
}

#[cfg(not(test))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    // SAFETY: the verifier rejects programs that could reach a panic, so this is never reached.
    unsafe { core::hint::unreachable_unchecked() }
}

#[unsafe(link_section = "license")]
#[unsafe(no_mangle)]
static LICENSE: [u8; 13] = *b"Dual MIT/GPL\0";

/// Empty programs on the syscall hooks, attached alone by `tracer --bench-empty-hooks`: the
/// benchmark's measure of what the hooks themselves cost.
#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn empty_enter(_ctx: RawTracePointContext) -> i32 {
    0
}

#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn empty_exit(_ctx: RawTracePointContext) -> i32 {
    0
}

/// The least `-c` can do per call, attached alone by `tracer --bench-count-floor`: find the
/// task's slot, read the clock at entry and at exit, add the time to the syscall's counters.
/// The benchmark's floor for `tracer -c` (no filtering, no --per, no histogram).
#[raw_tracepoint(tracepoint = "sys_enter")]
pub fn floor_enter(ctx: RawTracePointContext) -> i32 {
    let nr: u64 = ctx.arg(1);
    if let Some(f) = INFLIGHT.current(true) {
        f.nr = nr as i32;
        f.ts = now();
    }
    0
}

#[raw_tracepoint(tracepoint = "sys_exit")]
pub fn floor_exit(ctx: RawTracePointContext) -> i32 {
    if let Some(f) = INFLIGHT.current(false)
        && f.nr != NONE
    {
        let dur_ns = now() - f.ts;
        let ret: i64 = ctx.arg(1);
        if let Some(v) = count::TOTALS.get_ptr_mut(f.nr as u32) {
            // SAFETY: this CPU's value of a per-CPU array entry, valid for the program run.
            unsafe { (*v).add_call(dur_ns, (-4095..0).contains(&ret)) };
        }
        f.nr = NONE;
    }
    0
}
