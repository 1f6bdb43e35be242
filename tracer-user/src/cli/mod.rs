//! The command line: strace 6.1's options, parsed as strace's getopt parses them, beside
//! tracer's own. [`OPTIONS`] is the one table of them: getopt reads its names and arities, and
//! clap renders `--help`, the man page and the shell completions from it. [`parse`] folds the
//! options, in command-line order, into [`Options`] as strace's option loop does, with strace's
//! messages for what it refuses.
mod getopt;
mod values;

use std::ffi::OsString;

pub use getopt::{GetoptError, HasArg};
pub use values::{
    Daemonize, DecodeFds, DecodePids, Quiet, SummaryMode, TimeFormat, TimeSpec, XlatStyle,
};

use crate::filter::Filter;
use crate::table::Table;

/// `--backend`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BackendChoice {
    /// eBPF when its programs load, else ptrace (with a note on stderr saying why).
    #[default]
    Auto,
    /// eBPF programs on the syscall tracepoints (root or CAP_BPF + CAP_PERFMON).
    Ebpf,
    /// ptrace, for a command or -p PIDs of one's own.
    Ptrace,
}

/// The sections of `--help`. The last ones hold tracer's own options, which never make one of
/// strace's abbreviations ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    General,
    Startup,
    Tracing,
    Filtering,
    Output,
    Statistics,
    Tampering,
    Misc,
    Targets,
    TracerOutput,
    Counting,
    Backends,
    Hidden,
}

impl Group {
    fn heading(self) -> &'static str {
        match self {
            Group::General => "General",
            Group::Startup => "Startup",
            Group::Tracing => "Tracing",
            Group::Filtering => "Filtering",
            Group::Output => "Output format",
            Group::Statistics => "Statistics",
            Group::Tampering => "Tampering (through the ptrace backend)",
            Group::Misc => "Miscellaneous",
            Group::Targets => "tracer's own: targets",
            Group::TracerOutput => "tracer's own: output",
            Group::Counting => "tracer's own: counting",
            Group::Backends => "tracer's own: backends",
            Group::Hidden => "",
        }
    }

    /// strace's options come first when an abbreviation is resolved.
    fn tier(self) -> u8 {
        match self {
            Group::Targets
            | Group::TracerOutput
            | Group::Counting
            | Group::Backends
            | Group::Hidden => 1,
            _ => 0,
        }
    }
}

/// What an option is, for the fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    Columns,
    Append,
    DetachOn,
    SummaryOnly,
    Summary,
    Debug,
    DaemonizeShort,
    Daemonize,
    Expr,
    Env,
    FollowShort,
    FollowForks,
    OutputSeparately,
    DeprecatedF,
    Help,
    InstructionPointer,
    Interruptible,
    StackTraces,
    SyscallNumber,
    Output,
    Overhead,
    Attach,
    TracePath,
    QuietShort,
    RelativeTimestamps,
    StringLimit,
    SortBy,
    TimestampsShort,
    Timestamps,
    SyscallTimes,
    User,
    SummaryColumns,
    NoAbbrev,
    Version,
    WallClock,
    HexShort,
    StringsInHex,
    ConstPrintStyle,
    DecodeFdsShort,
    DecodePidsComm,
    PidnsTranslation,
    SuccessfulOnly,
    FailedOnly,
    SeccompBpf,
    Tips,
    Argv0,
    /// `--trace=SET` and the like: `-e NAME=SET`.
    Qualifier(&'static str),
    // tracer's own.
    SystemWide,
    Cgroup,
    Unit,
    Container,
    Comm,
    DecodeCgroup,
    Interval,
    Duration,
    Per,
    Histogram,
    Errors,
    Metrics,
    Stats,
    BufferSize,
    Json,
    Perfetto,
    Top,
    Color,
    Backend,
    Deep,
    Generate,
    BenchEmptyHooks,
    BenchCountFloor,
}

/// One option: its names, whether it takes a value, and its line in `--help`.
#[derive(Clone, Copy, Debug)]
pub struct OptDef {
    pub id: Id,
    pub short: Option<u8>,
    /// Long names, the option's own first, then its aliases.
    pub longs: &'static [&'static str],
    pub arg: HasArg,
    pub value_name: &'static str,
    pub help: &'static str,
    pub group: Group,
}

const fn opt(
    id: Id,
    short: Option<u8>,
    longs: &'static [&'static str],
    arg: HasArg,
    value_name: &'static str,
    help: &'static str,
    group: Group,
) -> OptDef {
    OptDef {
        id,
        short,
        longs,
        arg,
        value_name,
        help,
        group,
    }
}

use Group as G;
use HasArg::{No, Optional as Opt, Required as Req};

/// Every option: strace 6.1's (`src/strace.c`: its optstring and `longopts`) and tracer's own.
#[rustfmt::skip]
pub const OPTIONS: &[OptDef] = &[
    // strace 6.1's, in the order of its `longopts` (glibc lists ambiguous abbreviations in
    // table order), then its short-only options.
    opt(Id::Columns, Some(b'a'), &["columns"], Req, "COLUMN",
        "Align results at COLUMN (default 40)", G::Output),
    opt(Id::Append, Some(b'A'), &["output-append-mode"], No, "",
        "Append to the -o file instead of truncating it", G::Output),
    opt(Id::DetachOn, Some(b'b'), &["detach-on"], Req, "SYSCALL",
        "Detach from a process when it makes SYSCALL (only execve)", G::Tracing),
    opt(Id::SummaryOnly, Some(b'c'), &["summary-only"], No, "",
        "Count time, calls and errors per syscall (in the kernel) and print only a summary",
        G::Statistics),
    opt(Id::Summary, Some(b'C'), &["summary"], No, "", "Like -c, and print the trace too",
        G::Statistics),
    opt(Id::Debug, Some(b'd'), &["debug"], No, "", "Print tracer's own debug messages",
        G::Misc),
    opt(Id::Daemonize, None, &["daemonize", "daemonised", "daemonized"], Opt,
        "grandchild|pgroup|session", "As -D, -DD, -DDD", G::Startup),
    opt(Id::Env, Some(b'E'), &["env"], Req, "VAR[=VAL]",
        "Put VAR=VAL into the command's environment, or remove VAR", G::Startup),
    opt(Id::FollowForks, None, &["follow-forks"], No, "", "Follow forks, as -f", G::Tracing),
    opt(Id::OutputSeparately, None, &["output-separately"], No, "",
        "With -o FILE and -f: one file FILE.PID per process", G::Tracing),
    opt(Id::Help, Some(b'h'), &["help"], No, "", "Print this help and exit", G::General),
    opt(Id::InstructionPointer, Some(b'i'), &["instruction-pointer"], No, "",
        "Print the instruction pointer at the time of the syscall", G::Output),
    opt(Id::Interruptible, Some(b'I'), &["interruptible"], Req,
        "1|2|3|4|anywhere|waiting|never|never_tstp",
        "Which signals tracer ignores: 1, 2 (HUP INT QUIT PIPE TERM detach), 3 (ignored; \
         the default for -o FILE PROG), 4 (and TSTP; the default for -D)", G::Tracing),
    opt(Id::StackTraces, Some(b'k'), &["stack-traces"], No, "",
        "Print the stack at each syscall (not supported yet)", G::Output),
    opt(Id::SyscallNumber, Some(b'n'), &["syscall-number"], No, "",
        "Print the syscall number", G::Output),
    opt(Id::Output, Some(b'o'), &["output"], Req, "FILE",
        "Write the trace to FILE (|CMD or !CMD: pipe it into CMD)", G::Output),
    opt(Id::Overhead, Some(b'O'), &["summary-syscall-overhead"], Req, "OVERHEAD",
        "Subtract OVERHEAD (e.g. 15us) from each syscall's time in the summary", G::Statistics),
    opt(Id::Attach, Some(b'p'), &["attach"], Req, "PID",
        "Trace the process PID (all its threads; PID,PID… or several -p); never stopped", G::Startup),
    opt(Id::TracePath, Some(b'P'), &["trace-path"], Req, "PATH",
        "Trace only the syscalls that use PATH (by name or through a descriptor)", G::Filtering),
    opt(Id::RelativeTimestamps, Some(b'r'), &["relative-timestamps"], Opt, "s|ms|us|ns",
        "Print the time since the previous syscall began", G::Output),
    opt(Id::StringLimit, Some(b's'), &["string-limit"], Req, "STRSIZE",
        "Print at most STRSIZE bytes of a string (default 32)", G::Output),
    opt(Id::SortBy, Some(b'S'), &["summary-sort-by"], Req, "SORTBY",
        "Sort the summary by time, calls, errors, name, avg-time, min-time, max-time, nothing",
        G::Statistics),
    opt(Id::Timestamps, None, &["timestamps", "absolute-timestamps"], Opt,
        "[format:]none|time|unix[,[precision:]s|ms|us|ns]", "Print timestamps", G::Output),
    opt(Id::SyscallTimes, Some(b'T'), &["syscall-times"], Opt, "s|ms|us|ns",
        "Print the time spent in each syscall", G::Output),
    opt(Id::User, Some(b'u'), &["user"], Req, "USERNAME",
        "Run the command with USERNAME's user and group ids and groups", G::Startup),
    opt(Id::SummaryColumns, Some(b'U'), &["summary-columns"], Req, "COLUMNS",
        "The summary's columns: time-percent, total-time, avg-time, calls, errors, name, \
         min-time, max-time", G::Statistics),
    opt(Id::NoAbbrev, Some(b'v'), &["no-abbrev"], No, "",
        "Print structures, arrays and the environment whole", G::Output),
    opt(Id::Version, Some(b'V'), &["version"], No, "", "Print the version and exit", G::General),
    opt(Id::WallClock, Some(b'w'), &["summary-wall-clock"], No, "",
        "Summarise wall-clock latency (tracer always measures it)", G::Statistics),
    opt(Id::StringsInHex, None, &["strings-in-hex"], Opt, "none|non-ascii-chars|non-ascii|all",
        "Which strings to print in hex", G::Output),
    opt(Id::ConstPrintStyle, Some(b'X'), &["const-print-style"], Req, "raw|abbrev|verbose",
        "Print constants and flags as numbers, names, or both", G::Output),
    opt(Id::PidnsTranslation, None, &["pidns-translation"], No, "",
        "Print pids also as tracer's pid namespace sees them", G::Output),
    opt(Id::SuccessfulOnly, Some(b'z'), &["successful-only"], No, "",
        "Show only syscalls that succeeded", G::Filtering),
    opt(Id::FailedOnly, Some(b'Z'), &["failed-only", "failing-only"], No, "",
        "Show only syscalls that failed", G::Filtering),
    opt(Id::SeccompBpf, None, &["seccomp-bpf"], No, "",
        "ptrace, with -f: a seccomp filter stops the command only at the traced syscalls",
        G::Misc),
    opt(Id::Tips, None, &["tips"], Opt, "[id:]ID|random[,format:none|compact|full]",
        "Accepted; tracer prints no tips", G::Misc),
    opt(Id::Qualifier("trace"), None, &["trace"], Req, "SET", "Trace only these syscalls",
        G::Filtering),
    opt(Id::Qualifier("abbrev"), None, &["abbrev"], Req, "SET",
        "Abbreviate the structures of these syscalls (default all)", G::Output),
    opt(Id::Qualifier("verbose"), None, &["verbose"], Req, "SET",
        "Dereference the structures of these syscalls (default all)", G::Output),
    opt(Id::Qualifier("raw"), None, &["raw"], Req, "SET",
        "Print these syscalls' arguments undecoded, in hex", G::Output),
    opt(Id::Qualifier("signal"), None, &["signals"], Req, "SET", "Show only these signals",
        G::Filtering),
    opt(Id::Qualifier("status"), None, &["status"], Req, "SET",
        "Show only syscalls with these endings: successful, failed, unfinished, unavailable, \
         detached", G::Filtering),
    opt(Id::Qualifier("read"), None, &["read"], Req, "SET",
        "Dump in hex and ASCII the data read from these descriptors", G::Output),
    opt(Id::Qualifier("write"), None, &["write"], Req, "SET",
        "Dump in hex and ASCII the data written to these descriptors", G::Output),
    opt(Id::Qualifier("fault"), None, &["fault"], Req, "SET:...",
        "Make these syscalls fail: error=, when= (uses the ptrace backend)", G::Tampering),
    opt(Id::Qualifier("inject"), None, &["inject"], Req, "SET:...",
        "Tamper with these syscalls: error=, retval=, signal=, delay_enter=, delay_exit=, \
         when= (uses the ptrace backend)", G::Tampering),
    opt(Id::Qualifier("kvm"), None, &["kvm"], Req, "vcpu",
        "Print the exit reason of KVM vcpus (not supported)", G::Tracing),
    opt(Id::Qualifier("quiet"), None, &["quiet", "silent", "silence"], Opt, "SET",
        "Suppress messages: attach, exit, path-resolution, personality, thread-execve \
         (default attach,personality)", G::Output),
    opt(Id::Qualifier("decode-fds"), None, &["decode-fds"], Opt, "SET",
        "Print what descriptors are: path, socket, dev, pidfd, all (default path)", G::Output),
    opt(Id::Qualifier("decode-pids"), None, &["decode-pids"], Req, "SET",
        "Print more about pids: comm, pidns", G::Output),
    opt(Id::Qualifier("secontext"), None, &["secontext"], Opt, "full|mismatch",
        "SELinux contexts (not supported)", G::Output),
    opt(Id::Argv0, None, &["argv0"], Req, "NAME",
        "Start the command with NAME as its argv[0]", G::Startup),
    opt(Id::DaemonizeShort, Some(b'D'), &[], No, "",
        "Run tracer apart from the command's process tree (-DD: in a new process group, \
         -DDD: in a new session)", G::Startup),
    opt(Id::FollowShort, Some(b'f'), &[], No, "",
        "Follow forks: trace children and threads (-ff: one file per process, with -o)", G::Tracing),
    opt(Id::DeprecatedF, Some(b'F'), &[], No, "", "Deprecated: as -f", G::Tracing),
    opt(Id::Expr, Some(b'e'), &[], Req, "EXPR",
        "A qualifying expression: [QUALIFIER=][!]VALUE[,VALUE]… with QUALIFIER one of trace, \
         abbrev, verbose, raw, signal, status, read, write, fault, inject, quiet, decode-fds, \
         decode-pids (and tracer's deep)", G::Filtering),
    opt(Id::QuietShort, Some(b'q'), &[], No, "",
        "Suppress messages about attaching and detaching (-qq: and exits, -qqq: all)", G::Output),
    opt(Id::TimestampsShort, Some(b't'), &[], No, "",
        "Print the time of day (-tt: with microseconds, -ttt: seconds since the epoch)",
        G::Output),
    opt(Id::HexShort, Some(b'x'), &[], No, "",
        "Print non-ASCII strings in hex (-xx: all strings)", G::Output),
    opt(Id::DecodeFdsShort, Some(b'y'), &[], No, "",
        "Print descriptors' paths (-yy: and socket, device and pidfd details)", G::Output),
    opt(Id::DecodePidsComm, Some(b'Y'), &[], No, "", "Print pids with their command names",
        G::Output),
    // tracer's own.
    opt(Id::SystemWide, None, &["system-wide"], No, "",
        "Trace every process of the machine (there is no command and no -p)", G::Targets),
    opt(Id::Cgroup, None, &["cgroup"], Req, "PATH",
        "Trace a cgroup v2 and everything below it (absolute, or relative to the cgroup2 mount)",
        G::Targets),
    opt(Id::Unit, None, &["unit"], Req, "NAME",
        "Trace a systemd unit, slice or scope by its cgroup (.service may be left out)",
        G::Targets),
    opt(Id::Container, None, &["container"], Req, "ID",
        "Trace a container (docker, podman, containerd, cri-o) by id or id prefix", G::Targets),
    opt(Id::Comm, None, &["comm"], Req, "NAME",
        "Only tasks with this name (with --cgroup, --unit, --container or --system-wide)",
        G::Targets),
    opt(Id::Duration, None, &["duration"], Req, "SECS", "Stop tracing after SECS seconds",
        G::Targets),
    opt(Id::DecodeCgroup, None, &["decode-cgroup"], No, "",
        "Label lines with the process name and its unit or container", G::TracerOutput),
    opt(Id::Json, None, &["json"], No, "",
        "Write the trace as JSON Lines, one object per record (see docs/json.md)",
        G::TracerOutput),
    opt(Id::Perfetto, None, &["perfetto"], Req, "FILE",
        "Also write the trace to FILE in Chrome trace-event JSON, for ui.perfetto.dev",
        G::TracerOutput),
    opt(Id::Color, None, &["color"], Req, "auto|always|never",
        "Colour the syscall name, the result and errors (default auto: on a terminal)",
        G::TracerOutput),
    opt(Id::Stats, None, &["stats"], No, "",
        "At exit, print how many records were received and lost, on stderr", G::TracerOutput),
    opt(Id::Interval, None, &["interval"], Req, "SECS",
        "With -c: print a summary every SECS seconds (what happened since the last one)",
        G::Counting),
    opt(Id::Per, None, &["per"], Req, "cgroup|process|thread",
        "With -c: one table per cgroup, process or thread", G::Counting),
    opt(Id::Histogram, None, &["histogram"], No, "",
        "With -c: a log2 latency histogram per syscall", G::Counting),
    opt(Id::Errors, None, &["errors"], No, "", "With -c: calls per errno per syscall",
        G::Counting),
    opt(Id::Metrics, None, &["metrics"], Req, "ADDR:PORT",
        "Serve Prometheus metrics (calls, errors, latency by syscall and cgroup) at \
         ADDR:PORT/metrics", G::Counting),
    opt(Id::Top, None, &["top"], No, "",
        "A live full-screen view of the busiest syscalls, processes and cgroups (q quits)",
        G::Counting),
    opt(Id::Backend, None, &["backend"], Req, "auto|ebpf|ptrace",
        "Where events come from (default auto: eBPF when its programs load, else ptrace; \
         ptrace with --seccomp-bpf, -e inject= and -e fault=, which eBPF cannot do)",
        G::Backends),
    opt(Id::BufferSize, None, &["buffer-size"], Req, "MIB",
        "Size of the kernel ring buffer in MiB, a power of two (default 64)", G::Backends),
    opt(Id::Deep, None, &["deep"], Req, "SET",
        "Deep decoding (needs -f): ptrace stops the command at these syscalls only and reads \
         their arguments at leisure; eBPF traces the rest (also -e deep=SET)", G::Backends),
    opt(Id::Generate, None, &["generate"], Req, "man|bash|zsh|fish|elvish|powershell",
        "Print the man page or a shell completion script", G::Hidden),
    opt(Id::BenchEmptyHooks, None, &["bench-empty-hooks"], No, "",
        "Benchmark baseline: empty programs on the syscall hooks", G::Hidden),
    opt(Id::BenchCountFloor, None, &["bench-count-floor"], No, "",
        "Benchmark floor of -c", G::Hidden),
];

/// `--help`, the man page and the completions: [`OPTIONS`] as a clap command.
pub fn command() -> clap::Command {
    use clap::{Arg, ArgAction, Command};
    let mut cmd = Command::new("tracer")
        .version(env!("CARGO_PKG_VERSION"))
        .about("strace's lines from eBPF: trace syscalls without stopping the traced processes")
        .override_usage(
            "tracer [OPTIONS] PROG [ARGS]...\n       tracer [OPTIONS] -p PID...\n       \
             tracer [OPTIONS] --cgroup PATH | --unit NAME | --container ID | --system-wide",
        )
        .after_help(
            "strace's options are parsed as strace parses them: bundled (-fvq), with values \
             attached or apart (-s3, -s 3, -etrace=open), --long=VALUE or --long VALUE, \
             abbreviated long options (--follow). Options end at PROG or at --.",
        )
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true);
    let groups = [
        Group::General,
        Group::Startup,
        Group::Tracing,
        Group::Filtering,
        Group::Output,
        Group::Statistics,
        Group::Tampering,
        Group::Misc,
        Group::Targets,
        Group::TracerOutput,
        Group::Counting,
        Group::Backends,
        Group::Hidden,
    ];
    let in_help_order = groups.iter().flat_map(|&g| {
        OPTIONS
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.group == g)
    });
    for (i, o) in in_help_order {
        let mut a = Arg::new(format!("opt{i}"))
            .help(o.help)
            .hide(o.group == Group::Hidden)
            .help_heading(o.group.heading());
        if let Some(s) = o.short {
            a = a.short(s as char);
        }
        if let Some((first, aliases)) = o.longs.split_first() {
            a = a.long(*first).aliases(aliases.iter().copied());
        }
        a = match o.arg {
            No => a.action(ArgAction::SetTrue),
            Req => a.action(ArgAction::Append).value_name(o.value_name),
            Opt => a
                .action(ArgAction::Append)
                .value_name(o.value_name)
                .num_args(0..=1)
                .require_equals(true),
        };
        cmd = cmd.arg(a);
    }
    cmd.arg(
        Arg::new("command")
            .value_name("PROG [ARGS]")
            .help("The command to trace, and its arguments")
            .num_args(1..)
            .trailing_var_arg(true),
    )
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Options>),
    /// `-h`: the help text, for stdout; exit 0.
    Help(String),
    /// `-V`: the version text; exit 0.
    Version(String),
    /// `--generate=WHAT`.
    Generate(String),
}

/// A refusal: strace's lines (each printed after `tracer: `), and whether the
/// `Try 'tracer -h' for more information.` hint follows them.
#[derive(Debug, PartialEq, Eq)]
pub struct CliError {
    pub message: String,
    pub hint: bool,
}

impl CliError {
    /// strace's `error_msg_and_help`: the line, then the hint.
    pub fn help(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: true,
        }
    }

    /// strace's `error_msg_and_die`: the line alone.
    pub fn die(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: false,
        }
    }

    /// The text for stderr, each line ending in a newline.
    pub fn text(&self) -> String {
        let mut s = format!("tracer: {}\n", self.message);
        if self.hint {
            s.push_str("Try 'tracer -h' for more information.\n");
        }
        s
    }
}

/// Everything the command line says, checked; what is left to the run is what needs the
/// system (the command's path, a cgroup, the kernel).
#[derive(Debug, Default)]
pub struct Options {
    // Targets.
    pub command: Vec<OsString>,
    pub pids: Vec<u32>,
    pub system_wide: bool,
    pub cgroup: Option<String>,
    pub unit: Option<String>,
    pub container: Option<String>,
    pub comm: Option<String>,
    pub duration: Option<f64>,
    // Startup.
    pub user: Option<String>,
    pub env: Vec<OsString>,
    pub argv0: Option<OsString>,
    pub daemonize: Daemonize,
    pub interruptible: Option<u8>,
    pub detach_on_execve: bool,
    pub follow: bool,
    pub output_separately: bool,
    pub seccomp_bpf: bool,
    pub debug: bool,
    // What is traced and shown.
    pub filter: Filter,
    /// `-e deep=SET`, `--deep SET`.
    pub deep: Option<crate::filter::SyscallSet>,
    pub paths: Vec<OsString>,
    // Output.
    pub output: Option<OsString>,
    pub append: bool,
    pub columns: usize,
    pub strsize: usize,
    pub hex: u8,
    pub xlat: XlatStyle,
    pub timestamps: Option<TimeSpec>,
    pub relative: Option<TimeSpec>,
    pub syscall_times: Option<TimeSpec>,
    pub instruction_pointer: bool,
    pub syscall_number: bool,
    pub stack_traces: bool,
    pub decode_fds: DecodeFds,
    pub decode_pids: DecodePids,
    pub quiet: Quiet,
    pub decode_cgroup: bool,
    pub json: bool,
    pub perfetto: Option<String>,
    pub color: String,
    pub stats: bool,
    // Statistics.
    pub summary: Option<SummaryMode>,
    pub sortby: Option<String>,
    pub summary_columns: Option<String>,
    pub wall_clock: bool,
    pub overhead: Option<std::time::Duration>,
    pub interval: Option<f64>,
    pub per: Option<String>,
    pub histogram: bool,
    pub errors: bool,
    pub metrics: Option<String>,
    pub top: bool,
    // Backends.
    pub backend: BackendChoice,
    pub buffer_size: u32,
    pub bench_empty_hooks: bool,
    pub bench_count_floor: bool,
    /// Warnings strace prints and goes on (`-S has no effect without -c`), in order.
    pub warnings: Vec<String>,
}

impl Options {
    /// `-v` everywhere: no syscall is abbreviated.
    pub fn verbose(&self) -> bool {
        self.filter.abbrev.is_empty()
    }
}

/// Parses `args` (without the program name), as strace 6.1 does.
pub fn parse(args: &[OsString], table: &Table) -> Result<Parsed, CliError> {
    let specs: Vec<getopt::Spec<'static>> = OPTIONS
        .iter()
        .map(|o| getopt::Spec {
            short: o.short,
            longs: o.longs,
            arg: o.arg,
            tier: o.group.tier(),
        })
        .collect();
    let got = getopt::getopt(&specs, args);
    let mut fold = values::Fold::new(table);
    for found in &got.found {
        let def = &OPTIONS[found.spec];
        if let Some(done) = fold.option(def, found)? {
            return Ok(done);
        }
    }
    if let Some(e) = got.error {
        return Err(CliError::help(e.to_string()));
    }
    fold.finish(got.operands)
}

#[cfg(test)]
mod tests;
