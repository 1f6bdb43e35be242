//! Developer tasks for tracer, run as `cargo xtask <task>` (an alias in .cargo/config.toml).
//!
//! Progress goes to stderr as `xtask: ...` lines so that the stdout of `cargo xtask run` is tracer's own.

mod bench;
mod build;
mod cmd;
mod conformance;
mod fidelity;
mod setup;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Developer tasks for tracer"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Check and install what building tracer needs: nightly's rust-src and bpf-linker.
    Setup,
    /// Setup, then build the release binary target/release/tracer.
    Build,
    /// Build, then run target/release/tracer with ARGS (e.g. `-- -f -o trace.txt -- ls`).
    Run {
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<OsString>,
    },
    /// Build, then run every crate's tests except tracer-ebpf's, with TRACER_BIN set.
    Test {
        /// Passed on to `cargo test` as they are (e.g. a test name filter, `-- --nocapture`).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<OsString>,
    },
    /// Build, then time a syscall-heavy `dd` untraced, under tracer and under strace.
    Bench(bench::Options),
    /// Build, then trace real programs with strace and with tracer and show how many lines match.
    Fidelity(fidelity::Options),
    /// Fetch and build strace 6.1's test suite, run it with tracer in strace's place, apply the
    /// ratchet of xtask/conformance-pass.txt.
    Conformance(conformance::Options),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Setup => setup::setup(),
        Task::Build => build::build().map(|bin| println!("{}", bin.display())),
        Task::Run { args } => build::run(&args),
        Task::Test { args } => build::test(&args),
        Task::Bench(options) => bench::bench(&options),
        Task::Fidelity(options) => fidelity::fidelity(&options),
        Task::Conformance(options) => conformance::conformance(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trailing(argv: &[&str]) -> Vec<OsString> {
        match Cli::try_parse_from(argv).unwrap().task {
            Task::Run { args } | Task::Test { args } => args,
            _ => panic!("not run/test"),
        }
    }

    #[test]
    fn run_passes_everything_after_the_first_double_dash() {
        // `cargo xtask run -- -f -o trace.txt -- sh -c 'cat /etc/hostname'`
        let argv = [
            "xtask",
            "run",
            "--",
            "-f",
            "-o",
            "trace.txt",
            "--",
            "sh",
            "-c",
            "cat x",
        ];
        assert_eq!(trailing(&argv), argv[3..]);
        // and without the first `--`
        assert_eq!(
            trailing(&["xtask", "run", "-f", "--", "ls"]),
            ["-f", "--", "ls"]
        );
    }

    #[test]
    fn test_passes_extra_args_to_cargo_test() {
        let argv = ["xtask", "test", "--", "hostname", "--", "--nocapture"];
        assert_eq!(trailing(&argv), argv[3..]);
        assert!(trailing(&["xtask", "test"]).is_empty());
    }
}
