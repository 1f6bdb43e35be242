//! The command line: strace's flags and their meanings.
use clap::{ArgAction, Parser};

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
    /// At exit, print how many records were received and lost, on stderr
    #[arg(long)]
    pub stats: bool,
    /// Size of the kernel ring buffer in MiB (a power of two)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub buffer_size: u32,
    /// Benchmark baseline: run PROG with empty programs on the syscall hooks, print nothing
    #[arg(long, hide = true)]
    pub bench_empty_hooks: bool,
    /// The command to trace, and its arguments
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "PROG"
    )]
    pub command: Vec<String>,
}
