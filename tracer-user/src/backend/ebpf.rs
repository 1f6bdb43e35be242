//! Loads and attaches the kernel programs, fills their maps, and hands out the ring buffer.
use std::os::fd::AsFd;

use aya::{
    Ebpf, EbpfLoader,
    maps::{Array, HashMap, PerCpuArray, PerCpuHashMap},
    programs::RawTracePoint,
};
use tracer_common::{
    Config, ErrKey, Scratch, StatKey, StatVal, TaskState, cfgflags, targetmode, taskflags,
    taskstate,
};

use super::ring::RingReader;
use crate::btf::{Btf, BtfError};
use crate::summary::{Counts, SyscallStats};
use crate::table::Table;

/// The compiled kernel programs (built by build.rs).
static EBPF_OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/tracer-ebpf"));

const PROGRAMS: [(&str, &str); 5] = [
    ("sys_enter", "sys_enter"),
    ("sys_exit", "sys_exit"),
    ("sched_process_fork", "sched_process_fork"),
    ("sched_process_exec", "sched_process_exec"),
    ("sched_process_exit", "sched_process_exit"),
];

/// `-c` alone: the programs without captures, quicker to verify.
const COUNT_PROGRAMS: [(&str, &str); 5] = [
    ("count_enter", "sys_enter"),
    ("count_exit", "sys_exit"),
    ("sched_process_fork", "sched_process_fork"),
    ("sched_process_exec", "sched_process_exec"),
    ("count_process_exit", "sched_process_exit"),
];

/// Attached only when lines are printed (not with `-c` alone).
const SIGNAL_PROGRAMS: [(&str, &str); 2] = [
    ("signal_generate", "signal_generate"),
    ("signal_deliver", "signal_deliver"),
];

/// `-Y`: the names tasks take while traced.
const RENAME_PROGRAMS: [(&str, &str); 1] = [("task_rename", "task_rename")];

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "cannot load the eBPF programs: permission denied (run as root, or with CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE)"
    )]
    NoPrivilege,
    #[error("kernel BTF is needed to find task fields: {0}")]
    Btf(#[from] BtfError),
    #[error("this kernel has no raw tracepoint {tp}: {source}")]
    Tracepoint {
        tp: &'static str,
        source: aya::programs::ProgramError,
    },
    #[error("cannot load the eBPF programs: {0}")]
    Load(String),
}

/// Settings for the kernel side.
pub struct Settings {
    pub follow_forks: bool,
    /// Measure syscall durations (`-T`).
    pub durations: bool,
    /// Timestamp syscall entries (`-t`).
    pub times: bool,
    /// `-i`: keep each call's instruction pointer.
    pub ip: bool,
    /// `-s`: how many bytes of buffers to copy (one more is copied to detect truncation).
    pub max_str: usize,
    /// `-v`: arrays copied whole, execve's environment as strings.
    /// `-v`, `-e abbrev=`: the syscalls shown whole (arrays copied whole, execve's environment
    /// as strings).
    pub verbose: crate::filter::SyscallSet,
    /// Ring buffer size in bytes (a power of two, multiple of the page size).
    pub ring_bytes: u32,
    /// Which tasks: see [`Targets`].
    pub targets: Targets,
    /// `--comm`: only tasks with this name (system-wide and cgroup targets).
    pub comm: Option<[u8; 16]>,
    /// `-e trace=`: the selected syscall numbers.
    pub selected: Box<dyn Fn(u32) -> bool>,
    /// `-y`: say what each new pipe, socket or anonymous-inode descriptor is
    /// ([`tracer_common::FdRecord`]).
    pub fd_records: bool,
    /// `-Y`: say what names traced tasks take ([`tracer_common::RenameRecord`]).
    pub renames: bool,
    /// `-e status=`, `-z`, `-Z`: [`cfgflags::STATUS_ALL`] or a part of it.
    pub status: u32,
    /// `-c`/`-C`: count in the kernel; `lines` false for `-c` alone.
    pub count: Option<CountSettings>,
    /// Several tasks can be traced and lines are printed as they happen: send an entry record
    /// for every syscall, for strace's `<unfinished ...>` / `<... resumed>` pairs.
    pub split_lines: bool,
    /// `-b execve`: stop tracing a task at its exec (not the command's first).
    pub detach_on_exec: bool,
}

/// What counting mode aggregates.
#[derive(Clone, Copy, Debug)]
pub struct CountSettings {
    /// Also print lines (`-C`).
    pub lines: bool,
    /// A `countper` value (`--per`).
    pub per: u32,
    /// Count calls per errno too (`--errors`).
    pub errors: bool,
    /// Fill the latency histograms (`--histogram`, `--metrics`).
    pub histogram: bool,
}

/// Which tasks the kernel side traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Targets {
    /// Those registered with [`EbpfBackend::trace_from_exec`] / [`EbpfBackend::trace_now`].
    Tasks,
    /// Everything but tracer.
    All,
    /// A cgroup's subtree.
    Cgroup { id: u64, level: u32 },
}

pub struct EbpfBackend {
    ebpf: Ebpf,
    ring_bytes: u32,
    /// Kernel-side diagnostics (aya-log), off the per-syscall path; None if it failed to set up.
    logger: Option<aya_log::EbpfLogger<KernelLog>>,
}

/// Prints the kernel programs' diagnostics on stderr.
pub struct KernelLog;

impl log::Log for KernelLog {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        eprintln!("tracer: kernel: {}", record.args());
    }
    fn flush(&self) {}
}

/// Loads programs (by name) and attaches each to its raw tracepoint. Verification is most of
/// tracer's start-up, so the programs are loaded (and verified) in parallel.
fn attach(ebpf: &mut Ebpf, programs: &[(&str, &'static str)]) -> Result<(), LoadError> {
    let mut found: Vec<(&str, &'static str, &mut RawTracePoint)> = Vec::new();
    for (name, prog) in ebpf.programs_mut() {
        if let Some(&(_, tp)) = programs.iter().find(|(n, _)| *n == name) {
            let p: &mut RawTracePoint = prog
                .try_into()
                .map_err(|e: aya::programs::ProgramError| LoadError::Load(e.to_string()))?;
            found.push((name, tp, p));
        }
    }
    if let Some((prog, _)) = programs
        .iter()
        .find(|(n, _)| !found.iter().any(|(f, _, _)| f == n))
    {
        return Err(LoadError::Load(format!("no program {prog}")));
    }
    let loaded: Vec<Result<(), LoadError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = found
            .iter_mut()
            .map(|(name, _, p)| {
                let name = *name;
                scope.spawn(move || {
                    p.load().map_err(|e| {
                        if is_eperm(&e) {
                            LoadError::NoPrivilege
                        } else {
                            LoadError::Load(format!("{name}: {e}"))
                        }
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(LoadError::Load("a loading thread failed".into())))
            })
            .collect()
    });
    loaded.into_iter().collect::<Result<(), _>>()?;
    for (_, tp, p) in found {
        p.attach(tp)
            .map_err(|source| LoadError::Tracepoint { tp, source })?;
    }
    Ok(())
}

fn is_eperm(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.raw_os_error() == Some(libc::EPERM)
        {
            return true;
        }
        cur = err.source();
    }
    false
}

impl EbpfBackend {
    /// Loads, configures and attaches everything. Nothing is traced until tasks are added.
    pub fn load(table: &Table, s: &Settings) -> Result<Self, LoadError> {
        let started = std::time::Instant::now();
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let btf = Btf::from_sys_fs()?;
        let mut cfg = Config {
            flags: if s.follow_forks {
                cfgflags::FOLLOW_FORKS
            } else {
                0
            },
            task_pid_off: btf.member_offset("task_struct", "pid")?,
            task_tgid_off: btf.member_offset("task_struct", "tgid")?,
            task_exit_code_off: btf.member_offset("task_struct", "exit_code")?,
            bprm_filename_off: btf.member_offset("linux_binprm", "filename")?,
            task_pending_off: btf.member_offset("task_struct", "pending")?
                + btf.member_offset("sigpending", "signal")?,
            target: match s.targets {
                Targets::Tasks => targetmode::TASKS,
                Targets::All => targetmode::ALL,
                Targets::Cgroup { .. } => targetmode::CGROUP,
            },
            self_tgid: std::process::id(),
            cgroup_id: match s.targets {
                Targets::Cgroup { id, .. } => id,
                _ => 0,
            },
            cgroup_level: match s.targets {
                Targets::Cgroup { level, .. } => level,
                _ => 0,
            },
            count_per: s.count.map_or(0, |c| c.per),
            comm: s.comm.unwrap_or_default(),
            task_signal_off: btf.member_offset("task_struct", "signal")?,
            signal_exit_code_off: btf.member_offset("signal_struct", "group_exit_code")?,
            // Named group_exit_task before Linux 5.17.
            signal_exec_task_off: btf
                .member_offset("signal_struct", "group_exec_task")
                .or_else(|_| btf.member_offset("signal_struct", "group_exit_task"))
                .unwrap_or(0),
            _pad: 0,
            fd_offs: if s.fd_records {
                [
                    btf.member_offset("task_struct", "files")?,
                    btf.member_offset("files_struct", "fdt")?,
                    btf.member_offset("fdtable", "fd")?,
                    btf.member_offset("file", "f_inode")?,
                    btf.member_offset("inode", "i_mode")?,
                    btf.member_offset("inode", "i_ino")?,
                    btf.member_offset("file", "f_path")? + btf.member_offset("path", "dentry")?,
                    btf.member_offset("dentry", "d_name")? + btf.member_offset("qstr", "name")?,
                    btf.member_offset("inode", "i_sb")?,
                    btf.member_offset("super_block", "s_magic")?,
                    btf.member_offset("inode", "i_private")?,
                    btf.member_offset("pid", "numbers")? + btf.member_offset("upid", "nr")?,
                ]
            } else {
                [0; 12]
            },
        };
        if s.fd_records {
            cfg.flags |= cfgflags::FD_RECORDS;
        }
        cfg.flags |= s.status & cfgflags::STATUS_ALL;
        if let Some(c) = s.count {
            cfg.flags |= cfgflags::COUNT | cfgflags::TIMES;
            if !c.lines {
                cfg.flags |= cfgflags::NO_LINES;
            }
            if c.errors {
                cfg.flags |= cfgflags::COUNT_ERRORS;
            }
            if c.histogram {
                cfg.flags |= cfgflags::HISTOGRAM;
            }
        }
        if s.comm.is_some() {
            cfg.flags |= cfgflags::COMM;
        }
        if s.detach_on_exec {
            cfg.flags |= cfgflags::DETACH_ON_EXEC;
        }
        if s.durations {
            cfg.flags |= cfgflags::DURATIONS | cfgflags::TIMES;
        }
        if s.times {
            cfg.flags |= cfgflags::TIMES;
        }
        if s.ip {
            cfg.flags |= cfgflags::IP;
        }
        let lines = s.count.is_none_or(|c| c.lines);
        if lines {
            cfg.flags |= cfgflags::SIGNALS;
            if s.split_lines {
                cfg.flags |= cfgflags::SPLIT;
            }
        }
        if btf.tracepoint_args("sched_process_exit").unwrap_or(1) >= 2 {
            cfg.flags |= cfgflags::EXIT_HAS_GROUP_DEAD;
        }
        let mut ebpf = EbpfLoader::new()
            // Our programs need no CO-RE relocations (field offsets come from `btf` above), so
            // aya need not parse the kernel BTF a second time.
            .btf(None)
            // INFLIGHT is a task storage map, which aya creates but has no type for.
            .allow_unsupported_maps()
            .map_max_entries("EVENTS", s.ring_bytes)
            .load(EBPF_OBJECT)
            .map_err(|e| {
                if !root || is_eperm(&e) {
                    LoadError::NoPrivilege
                } else {
                    LoadError::Load(e.to_string())
                }
            })?;
        // Only rare conditions (a full task map) are logged from the kernel; without the logger
        // they go unreported but tracing works.
        let logger = aya_log::EbpfLogger::init_with_logger(&mut ebpf, KernelLog).ok();
        let map_err = |e: aya::maps::MapError| LoadError::Load(e.to_string());
        let mut spec_list =
            table.capture_specs(s.max_str, |nr| s.verbose.contains(nr), &s.selected);
        if cfg.flags & cfgflags::SPLIT != 0 {
            for (nr, spec) in &mut spec_list {
                super::read_inputs_at_entry(spec, table.row(*nr));
            }
        }
        if spec_list
            .iter()
            .any(|(_, sp)| sp.flags & tracer_common::specflags::SELECTED == 0)
        {
            cfg.flags |= cfgflags::SOME_SELECTED;
        }
        let mut config: Array<_, Config> = Array::try_from(
            ebpf.map_mut("CONFIG")
                .ok_or_else(|| LoadError::Load("no CONFIG map".into()))?,
        )
        .map_err(map_err)?;
        config.set(0, cfg, 0).map_err(map_err)?;
        let mut specs: Array<_, tracer_common::SyscallSpec> = Array::try_from(
            ebpf.map_mut("SPECS")
                .ok_or_else(|| LoadError::Load("no SPECS map".into()))?,
        )
        .map_err(map_err)?;
        for (nr, spec) in spec_list {
            specs.set(nr, spec, 0).map_err(map_err)?;
        }
        let programs: &[(&str, &str)] = if lines { &PROGRAMS } else { &COUNT_PROGRAMS };
        attach(&mut ebpf, programs)?;
        if lines {
            attach(&mut ebpf, &SIGNAL_PROGRAMS)?;
            if s.renames {
                attach(&mut ebpf, &RENAME_PROGRAMS)?;
            }
        }
        log::debug!(
            "eBPF: programs {:?}{}{} loaded and attached in {:.1} ms, config flags {:#x}",
            programs.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            if lines {
                " + signal_generate, signal_deliver"
            } else {
                ""
            },
            if lines && s.renames {
                " + task_rename"
            } else {
                ""
            },
            started.elapsed().as_secs_f64() * 1e3,
            cfg.flags
        );
        Ok(EbpfBackend {
            ebpf,
            ring_bytes: s.ring_bytes,
            logger,
        })
    }

    /// Registers a task that has not exec'd yet: it is traced from its first execve (which
    /// `-b execve` does not detach it at).
    pub fn trace_from_exec(&mut self, tid: u32) -> Result<(), LoadError> {
        self.add_task(
            tid,
            taskstate::PENDING_EXEC,
            taskflags::SKIP_DETACH_ON_FIRST_EXEC,
        )
    }

    /// Traces a running thread from its next syscall on (`-p`). It is not stopped.
    pub fn trace_now(&mut self, tid: u32) -> Result<(), LoadError> {
        self.add_task(tid, taskstate::ACTIVE, 0)
    }

    fn add_task(&mut self, tid: u32, state: u32, flags: u32) -> Result<(), LoadError> {
        log::debug!("eBPF: tracing task {tid} (state {state}, flags {flags:#x})");
        let map = self
            .ebpf
            .map_mut("TRACED")
            .ok_or_else(|| LoadError::Load("no TRACED map".into()))?;
        let mut traced: HashMap<_, u32, TaskState> =
            HashMap::try_from(map).map_err(|e| LoadError::Load(e.to_string()))?;
        let st = TaskState {
            state,
            nr: -1,
            flags,
            ..Default::default()
        };
        traced
            .insert(tid, st, 0)
            .map_err(|e| LoadError::Load(e.to_string()))
    }

    /// The ring buffer, to be drained by the caller.
    pub fn take_ring(&mut self) -> Result<RingReader, LoadError> {
        match self.ebpf.take_map("EVENTS") {
            Some(aya::maps::Map::RingBuf(data)) => RingReader::new(data, self.ring_bytes)
                .map_err(|e| LoadError::Load(format!("ring buffer: {e}"))),
            _ => Err(LoadError::Load("no EVENTS ring buffer".into())),
        }
    }

    /// Prints pending kernel-side diagnostics.
    pub fn flush_log(&mut self) {
        if let Some(l) = self.logger.as_mut() {
            l.flush();
        }
    }

    /// Records that could not be put into the ring buffer, in total over all CPUs.
    pub fn lost(&self) -> u64 {
        self.scratch_sum(|s| s.dropped)
    }

    /// The counting maps (`-c`), for readers that outlive borrows of the backend (the
    /// `--metrics` server, `--interval` tables).
    pub fn take_counters(&mut self) -> Result<Counters, LoadError> {
        let map_err = |e: aya::maps::MapError| LoadError::Load(e.to_string());
        let totals = self
            .ebpf
            .take_map("TOTALS")
            .ok_or_else(|| LoadError::Load("no TOTALS map".into()))?;
        let stats = self
            .ebpf
            .take_map("STATS")
            .ok_or_else(|| LoadError::Load("no STATS map".into()))?;
        let errs = self
            .ebpf
            .take_map("ERRS")
            .ok_or_else(|| LoadError::Load("no ERRS map".into()))?;
        // A second handle on the per-CPU scratch map, for the loss count in /metrics.
        let scratch = match self.ebpf.map("SCRATCH") {
            Some(aya::maps::Map::PerCpuArray(data)) => data
                .fd()
                .as_fd()
                .try_clone_to_owned()
                .map_err(|e| LoadError::Load(format!("SCRATCH map: {e}")))
                .and_then(|fd| aya::maps::MapData::from_fd(fd).map_err(map_err))
                .and_then(|data| {
                    PerCpuArray::try_from(aya::maps::Map::PerCpuArray(data)).map_err(map_err)
                })?,
            _ => return Err(LoadError::Load("no SCRATCH map".into())),
        };
        Ok(Counters {
            scratch,
            totals: PerCpuArray::try_from(totals).map_err(map_err)?,
            stats: PerCpuHashMap::try_from(stats).map_err(map_err)?,
            errs: PerCpuHashMap::try_from(errs).map_err(map_err)?,
        })
    }

    /// Tasks that were not traced because the traced-task map was full.
    pub fn untracked(&self) -> u64 {
        self.scratch_sum(|s| s.untracked)
    }

    fn scratch_sum(&self, field: impl Fn(&Scratch) -> u64) -> u64 {
        let Some(map) = self.ebpf.map("SCRATCH") else {
            return 0;
        };
        let Ok(scratch) = PerCpuArray::<_, Scratch>::try_from(map) else {
            return 0;
        };
        scratch
            .get(&0, 0)
            .map(|v| v.iter().map(&field).sum())
            .unwrap_or(0)
    }
}

/// Only the empty programs on sys_enter and sys_exit: the cost of the hooks alone, for
/// `cargo xtask bench`; or, with `floor`, the least `-c` does per call (floor_enter and
/// floor_exit). Detached when dropped.
pub struct EmptyHooks {
    _ebpf: Ebpf,
}

impl EmptyHooks {
    pub fn attach(floor: bool) -> Result<Self, LoadError> {
        let mut ebpf = EbpfLoader::new()
            .btf(None)
            .allow_unsupported_maps()
            .load(EBPF_OBJECT)
            .map_err(|e| {
                if is_eperm(&e) {
                    LoadError::NoPrivilege
                } else {
                    LoadError::Load(e.to_string())
                }
            })?;
        let programs = if floor {
            [("floor_enter", "sys_enter"), ("floor_exit", "sys_exit")]
        } else {
            [("empty_enter", "sys_enter"), ("empty_exit", "sys_exit")]
        };
        attach(&mut ebpf, &programs)?;
        Ok(EmptyHooks { _ebpf: ebpf })
    }
}

/// The kernel's counting maps.
pub struct Counters {
    scratch: PerCpuArray<aya::maps::MapData, Scratch>,
    totals: PerCpuArray<aya::maps::MapData, StatVal>,
    stats: PerCpuHashMap<aya::maps::MapData, StatKey, StatVal>,
    errs: PerCpuHashMap<aya::maps::MapData, ErrKey, u64>,
}

impl Counters {
    /// Records the ring buffer had no room for, so far.
    pub fn lost(&self) -> u64 {
        self.scratch
            .get(&0, 0)
            .map(|v| v.iter().map(|s| s.dropped).sum())
            .unwrap_or(0)
    }

    /// The counters so far, merged over CPUs.
    pub fn read(&self) -> Result<Counts, LoadError> {
        let map_err = |e: aya::maps::MapError| LoadError::Load(e.to_string());
        let mut counts = Counts::default();
        for nr in 0..tracer_common::MAX_SYSCALLS {
            let per_cpu = self.totals.get(&nr, 0).map_err(map_err)?;
            let mut sum = SyscallStats::default();
            for v in per_cpu.iter().filter(|v| v.calls > 0) {
                sum.merge(v);
            }
            if sum.calls > 0 {
                counts.groups.entry(0).or_default().insert(nr, sum);
            }
        }
        for item in self.stats.iter() {
            let (key, per_cpu) = item.map_err(map_err)?;
            let mut sum = SyscallStats::default();
            // CPUs that never counted this key hold zeroes (min 0): leave them out.
            for v in per_cpu.iter().filter(|v| v.calls > 0) {
                sum.merge(v);
            }
            counts
                .groups
                .entry(key.group)
                .or_default()
                .insert(key.nr, sum);
        }
        for item in self.errs.iter() {
            let (key, per_cpu) = item.map_err(map_err)?;
            counts
                .errors
                .insert((key.group, key.nr, key.errno), per_cpu.iter().sum());
        }
        Ok(counts)
    }
}
