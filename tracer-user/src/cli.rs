//! The command line: strace's flags and their meanings.
use clap::{ArgAction, Parser, ValueEnum};

/// `--backend`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BackendChoice {
    /// eBPF when its programs load, else ptrace (with a note on stderr saying why).
    #[default]
    Auto,
    /// eBPF programs on the syscall tracepoints (root or CAP_BPF + CAP_PERFMON).
    Ebpf,
    /// ptrace, for a command or -p PIDs of one's own.
    Ptrace,
}

#[derive(Parser, Debug, Clone)]
#[command(
    name = "tracer",
    version,
    about = "strace's lines from eBPF: trace syscalls without stopping the traced processes",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Follow forks: trace children and threads (-ff: one file per process, with -o)
    #[arg(short = 'f', action = ArgAction::Count)]
    pub follow: u8,
    /// Write the trace to FILE instead of stderr
    #[arg(short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Maximum string size to print (default 32)
    #[arg(short = 's', value_name = "STRSIZE", default_value_t = 32)]
    pub strsize: usize,
    /// Verbose: print arrays, structs (stat, uname, ...) and execve's environment whole
    #[arg(short = 'v', long = "no-abbrev")]
    pub verbose: bool,
    /// Print the time of day (-tt with microseconds, -ttt as seconds since the epoch)
    #[arg(short = 't', action = ArgAction::Count)]
    pub timestamps: u8,
    /// Print the time spent in each syscall
    #[arg(short = 'T')]
    pub syscall_times: bool,
    /// Suppress messages about attaching and detaching (-qq: also about process exits)
    #[arg(short = 'q', action = ArgAction::Count)]
    pub quiet: u8,
    /// Print hex for non-ASCII strings (-xx: for all strings)
    #[arg(short = 'x', action = ArgAction::Count)]
    pub hex: u8,
    /// Print paths of file descriptors: `3</etc/hostname>` (-yy: the same; socket details are not
    /// decoded)
    #[arg(short = 'y', long = "decode-fds", action = ArgAction::Count)]
    pub decode_fds: u8,
    /// Trace the process with this PID, all its threads (several -p, or PID,PID…); never stopped
    #[arg(short = 'p', value_name = "PID")]
    pub pids: Vec<String>,
    /// Trace a cgroup v2 and everything below it (absolute, or relative to the cgroup2 mount)
    #[arg(long, value_name = "PATH")]
    pub cgroup: Option<String>,
    /// Trace a systemd unit, slice or scope by its cgroup (`.service` may be left out)
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// Trace a container (docker, podman, containerd, cri-o) by id or id prefix
    #[arg(long, value_name = "ID")]
    pub container: Option<String>,
    /// Only tasks with this name (with --cgroup, --unit, --container or system-wide)
    #[arg(long, value_name = "NAME")]
    pub comm: Option<String>,
    /// A qualifying expression: trace=SET, status=SET, signal=SET (strace's -e)
    #[arg(short = 'e', value_name = "EXPR")]
    pub exprs: Vec<String>,
    /// Trace only these syscalls (strace's -e trace=SET)
    #[arg(long = "trace", value_name = "SET")]
    pub trace: Vec<String>,
    /// Show only these signals (strace's -e signal=SET)
    #[arg(long = "signal", value_name = "SET")]
    pub signal: Vec<String>,
    /// Show only syscalls with these results (strace's -e status=SET)
    #[arg(long = "status", value_name = "SET")]
    pub status: Vec<String>,
    /// Show only syscalls that succeeded
    #[arg(short = 'z', long = "successful-only")]
    pub successful_only: bool,
    /// Show only syscalls that failed
    #[arg(short = 'Z', long = "failed-only")]
    pub failed_only: bool,
    /// Label lines with the process name and its unit or container
    #[arg(long)]
    pub decode_cgroup: bool,
    /// Count time, calls and errors per syscall (in the kernel) and print a summary at the end
    #[arg(short = 'c', long = "summary-only")]
    pub summary_only: bool,
    /// Like -c, and print the lines too
    #[arg(short = 'C', long = "summary")]
    pub summary: bool,
    /// Sort the summary by: time, calls, errors, name, avg-time, min-time, max-time, nothing
    #[arg(short = 'S', long = "summary-sort-by", value_name = "SORTBY")]
    pub sortby: Option<String>,
    /// Summary columns (time-percent,total-time,avg-time,calls,errors,name,min-time,max-time)
    #[arg(short = 'U', long = "summary-columns", value_name = "COLUMNS")]
    pub columns: Option<String>,
    /// Summarise syscall latency (tracer always measures latency: wall time in the syscall)
    #[arg(short = 'w', long = "summary-wall-clock")]
    pub wall_clock: bool,
    /// With -c: print a summary every SECS seconds (what happened since the last one)
    #[arg(long, value_name = "SECS")]
    pub interval: Option<f64>,
    /// Stop tracing after SECS seconds
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
    /// With -c: one table per cgroup, process or thread
    #[arg(long, value_name = "WHAT")]
    pub per: Option<String>,
    /// With -c: a log2 latency histogram per syscall
    #[arg(long)]
    pub histogram: bool,
    /// With -c: calls per errno per syscall
    #[arg(long)]
    pub errors: bool,
    /// Serve Prometheus metrics (calls, errors, latency by syscall and cgroup) at ADDR:PORT/metrics
    #[arg(long, value_name = "ADDR:PORT")]
    pub metrics: Option<String>,
    /// At exit, print how many records were received and lost, on stderr
    #[arg(long)]
    pub stats: bool,
    /// Size of the kernel ring buffer in MiB (a power of two)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub buffer_size: u32,
    /// Write the trace as JSON Lines, one object per record (see docs/json.md)
    #[arg(long)]
    pub json: bool,
    /// Also write the trace to FILE in Chrome trace-event JSON, for ui.perfetto.dev
    #[arg(long, value_name = "FILE")]
    pub perfetto: Option<String>,
    /// A live full-screen view of the busiest syscalls, processes and cgroups (q quits)
    #[arg(long)]
    pub top: bool,
    /// Colour the syscall name, the result and errors: auto (on a terminal), always, never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: String,
    /// Where events come from: eBPF, ptrace, or auto (eBPF when it can load, else ptrace)
    #[arg(long, value_enum, default_value_t = BackendChoice::Auto, value_name = "BACKEND")]
    pub backend: BackendChoice,
    /// ptrace: a seccomp filter stops the command only at the syscalls -e trace= selects (needs -f)
    #[arg(long = "seccomp-bpf")]
    pub seccomp_bpf: bool,
    /// Deep decoding: ptrace stops the command at these syscalls only and reads their arguments
    /// at leisure; eBPF traces the rest (also -e deep=SET; needs -f)
    #[arg(long = "deep", value_name = "SET")]
    pub deep: Vec<String>,
    /// Benchmark baseline: run PROG with empty programs on the syscall hooks, print nothing
    #[arg(long, hide = true)]
    pub bench_empty_hooks: bool,
    /// Benchmark floor of -c: run PROG with the least per-call work counting needs (the clock
    /// at entry and exit, the counters), print nothing
    #[arg(long, hide = true)]
    pub bench_count_floor: bool,
    /// The command to trace, and its arguments
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "PROG"
    )]
    pub command: Vec<String>,
}
