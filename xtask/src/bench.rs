//! `cargo xtask bench`: wall time of a syscall storm, untraced and under tracers.
//!
//! The workload is `dd if=/dev/zero of=/dev/null bs=1 count=N`: one read and one write per byte, so
//! about 2·N syscalls. Every case runs it `--runs` times (default 5) and reports the median wall time
//! of the whole command, tracer start-up and shutdown included, and dd's own time for the storm alone. A case is a row in `CASES`; new rows
//! (empty hooks, cgroup-filtered storms, …) are added there.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Result, bail};

use crate::build;
use crate::cmd::say;

#[derive(clap::Args)]
pub struct Options {
    /// dd's count: bytes copied one at a time, about 2 × COUNT syscalls.
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    count: u64,
    /// Runs per case; the table shows the median.
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
}

/// What the cases' commands need.
struct Env {
    tracer: PathBuf,
}

/// Where a case's event and drop counts come from.
#[derive(Clone, Copy)]
enum Counters {
    /// Nothing to count (untraced) or no way to (strace -o /dev/null).
    None,
    /// tracer's `--stats` line on stderr: `tracer: N records, M lost`.
    TracerStats,
}

struct Case {
    name: &'static str,
    /// Something to run around the workload (a tracer of another cgroup), started before each
    /// run and stopped after it.
    around: Option<StartAround>,
    /// The workload runs `count / scale` times and the time is multiplied back, for tracers too slow
    /// to run the full count in reasonable time.
    scale: u64,
    counters: Counters,
    /// The command for a workload of `count`, or why this case can't run here.
    command: fn(&Env, u64) -> Result<Command, String>,
}

/// The first case is the baseline that ratios are computed against.
const CASES: &[Case] = &[
    Case {
        name: "untraced",
        around: None,
        scale: 1,
        counters: Counters::None,
        command: |_, count| Ok(dd(count)),
    },
    Case {
        name: "empty hooks",
        around: None,
        scale: 1,
        counters: Counters::None,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["--bench-empty-hooks", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "tracer",
        around: None,
        scale: 1,
        counters: Counters::TracerStats,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["-o", "/dev/null", "--stats", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "tracer -e trace=openat",
        around: None,
        scale: 1,
        counters: Counters::TracerStats,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["-e", "trace=openat", "-o", "/dev/null", "--stats", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        // What -c can't go below: the clock read at entry and at exit, the counters (hooks
        // included).
        name: "-c floor (clock ×2 + counters)",
        around: None,
        scale: 1,
        counters: Counters::None,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["--bench-count-floor", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "tracer -c",
        around: None,
        scale: 1,
        counters: Counters::None,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["-c", "-o", "/dev/null", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "untraced, another cgroup traced",
        around: Some(trace_other_cgroup),
        scale: 1,
        counters: Counters::None,
        command: |_, count| Ok(dd(count)),
    },
    Case {
        name: "tracer --backend ptrace",
        around: None,
        scale: 50,
        counters: Counters::None,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args(["--backend", "ptrace", "-o", "/dev/null", "--"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "tracer --backend ptrace --seccomp-bpf -f -e trace=openat",
        around: None,
        scale: 1,
        counters: Counters::None,
        command: |env, count| {
            let mut cmd = Command::new(&env.tracer);
            cmd.args([
                "--backend",
                "ptrace",
                "--seccomp-bpf",
                "-f",
                "-e",
                "trace=openat",
                "-o",
                "/dev/null",
                "--",
            ]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
    Case {
        name: "strace",
        around: None,
        scale: 50,
        counters: Counters::None,
        command: |_, count| {
            let strace = "/usr/bin/strace";
            if !std::path::Path::new(strace).exists() {
                return Err(format!("{strace} not found"));
            }
            let mut cmd = Command::new(strace);
            cmd.args(["-o", "/dev/null"]);
            append(&mut cmd, dd(count));
            Ok(cmd)
        },
    },
];

/// Starts what runs around a case's workload.
type StartAround = fn(&Env) -> Result<Around, String>;

/// A tracer of an empty cgroup, running while the workload runs outside it.
struct Around {
    tracer: std::process::Child,
    cgroup: PathBuf,
}

impl Drop for Around {
    fn drop(&mut self) {
        // SAFETY: kill takes no pointers; the pid is our own, not yet reaped, child.
        unsafe { libc::kill(self.tracer.id() as i32, libc::SIGINT) };
        let _ = self.tracer.wait();
        let _ = std::fs::remove_dir(&self.cgroup);
    }
}

/// The cgroup v2 mount point, from /proc/self/mountinfo.
fn cgroup2_mount() -> Result<PathBuf, String> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").map_err(|e| e.to_string())?;
    info.lines()
        .find_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let mount = left.split(' ').nth(4)?;
            (right.split(' ').next()? == "cgroup2").then(|| PathBuf::from(mount))
        })
        .ok_or_else(|| "no cgroup2 mount".to_owned())
}

/// Starts `tracer --cgroup` on a new, empty cgroup and waits until it says it is tracing.
fn trace_other_cgroup(env: &Env) -> Result<Around, String> {
    use std::io::BufRead;
    let name = format!("tracer-bench-{}", std::process::id());
    let cgroup = cgroup2_mount()?.join(&name);
    std::fs::create_dir_all(&cgroup).map_err(|e| format!("{}: {e}", cgroup.display()))?;
    let mut tracer = Command::new(&env.tracer)
        .args(["--cgroup", &name, "-o", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start tracer: {e}"))?;
    let stderr = tracer.stderr.take().ok_or("no stderr")?;
    let around = Around { tracer, cgroup };
    let mut first = String::new();
    std::io::BufReader::new(stderr)
        .read_line(&mut first)
        .map_err(|e| e.to_string())?;
    if !first.starts_with("tracer: tracing cgroup") {
        return Err(format!("tracer --cgroup did not start: {}", first.trim()));
    }
    Ok(around)
}

fn dd(count: u64) -> Command {
    let mut cmd = Command::new("dd");
    cmd.args(["if=/dev/zero", "of=/dev/null", "bs=1"])
        .arg(format!("count={count}"));
    cmd
}

/// Appends `inner`'s program and arguments to `outer` (`tracer … -- dd …`).
fn append(outer: &mut Command, inner: Command) {
    outer.arg(inner.get_program()).args(inner.get_args());
}

/// One run of a case.
struct Sample {
    secs: f64,
    /// The workload's own time as dd reports it ("copied, X s"): the storm's slowdown without
    /// the tracer's start-up and shutdown.
    dd_secs: Option<f64>,
    /// (events, lost) as the tracer reported them.
    counts: Option<(u64, u64)>,
}

/// A case's row: the median sample, its time scaled to the full count.
struct Row {
    name: String,
    outcome: Result<Sample, String>,
    counters: Counters,
}

pub fn bench(options: &Options) -> Result<()> {
    let env = Env {
        tracer: build::build()?,
    };
    let rows: Vec<Row> = CASES
        .iter()
        .map(|case| measure(case, &env, options))
        .collect();
    print_table(&rows, options);
    let failed = rows.iter().filter(|r| r.outcome.is_err()).count();
    if failed > 0 {
        bail!("{failed} of {} bench cases failed", rows.len());
    }
    Ok(())
}

fn measure(case: &Case, env: &Env, options: &Options) -> Row {
    let scale = case.scale.max(1);
    let count = (options.count / scale).max(1);
    let factor = options.count as f64 / count as f64;
    let name = if scale == 1 {
        case.name.to_owned()
    } else {
        format!("{} (count/{scale}, ×{scale})", case.name)
    };
    let outcome = (|| {
        let mut samples = Vec::new();
        for i in 1..=options.runs {
            say!("bench: {name}: run {i}/{}", options.runs);
            let mut cmd = (case.command)(env, count)?;
            let around = case.around.map(|f| f(env)).transpose()?;
            samples.push(run_once(&mut cmd, case.counters)?);
            drop(around);
        }
        samples.sort_by(|a, b| a.secs.total_cmp(&b.secs));
        let mut median = samples.swap_remove(samples.len() / 2);
        median.secs *= factor;
        median.dd_secs = median.dd_secs.map(|d| d * factor);
        Ok(median)
    })();
    Row {
        name,
        outcome,
        counters: case.counters,
    }
}

fn run_once(cmd: &mut Command, counters: Counters) -> Result<Sample, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", cmd.get_program().display()))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let mut reason = format!("{} ({})", cmd.get_program().display(), out.status);
        if let Some(last) = stderr.lines().rfind(|l| !l.trim().is_empty()) {
            reason.push_str(": ");
            reason.push_str(last.trim());
        }
        return Err(reason);
    }
    let counts = match counters {
        Counters::None => None,
        Counters::TracerStats => stderr.lines().find_map(parse_tracer_stats),
    };
    let dd_secs = stderr.lines().find_map(parse_dd_seconds);
    Ok(Sample {
        secs,
        dd_secs,
        counts,
    })
}

/// dd's `… bytes (…) copied, 0.65 s, 1.5 MB/s` → 0.65.
fn parse_dd_seconds(line: &str) -> Option<f64> {
    let (_, rest) = line.split_once(" copied, ")?;
    rest.split(' ').next()?.parse().ok()
}

/// `tracer: N records, M lost` → (N, M).
fn parse_tracer_stats(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("tracer: ")?;
    let (records, rest) = rest.split_once(" records, ")?;
    let lost = rest.strip_suffix(" lost")?;
    Some((records.parse().ok()?, lost.parse().ok()?))
}

fn print_table(rows: &[Row], options: &Options) {
    let baseline = rows
        .first()
        .and_then(|r| r.outcome.as_ref().ok())
        .map(|s| s.secs);
    // The cost of the hooks alone: what filtered-out work is compared with.
    let hooks_sample = rows
        .iter()
        .find(|r| r.name == "empty hooks")
        .and_then(|r| r.outcome.as_ref().ok());
    let hooks = hooks_sample.map(|s| s.secs);
    let hooks_dd = hooks_sample.and_then(|s| s.dd_secs);
    println!(
        "dd if=/dev/zero of=/dev/null bs=1 count={} (about {} syscalls); wall time, median of {} runs",
        options.count,
        options.count * 2,
        options.runs
    );
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(3);
    println!(
        "{:<width$}  {:>9}  {:>8}  {:>8}  {:>8}  {:>10}  {:>10}  {:>8}",
        "run", "seconds", "ratio", "÷ hooks", "dd s", "dd ÷ hooks", "events", "lost"
    );
    let mut notes = Vec::new();
    for row in rows {
        let cells = match &row.outcome {
            Err(reason) => {
                notes.push(format!("{}: failed: {reason}", row.name));
                [
                    "failed".to_owned(),
                    "-".to_owned(),
                    "-".to_owned(),
                    "-".to_owned(),
                    "-".to_owned(),
                    "-".to_owned(),
                    "-".to_owned(),
                ]
            }
            Ok(sample) => {
                let ratio = baseline.map_or("-".to_owned(), |b| format!("{:.2}×", sample.secs / b));
                let vs_hooks = hooks.map_or("-".to_owned(), |h| format!("{:.2}×", sample.secs / h));
                let (events, lost) = match (row.counters, sample.counts) {
                    (Counters::None, _) => ("-".to_owned(), "-".to_owned()),
                    (Counters::TracerStats, Some((events, lost))) => {
                        (events.to_string(), lost.to_string())
                    }
                    (Counters::TracerStats, None) => {
                        notes.push(format!(
                            "{}: no `tracer: N records, M lost` line on stderr; lost: unknown",
                            row.name
                        ));
                        ("unknown".to_owned(), "unknown".to_owned())
                    }
                };
                let dd = sample.dd_secs.map_or("-".to_owned(), |d| format!("{d:.3}"));
                let dd_vs_hooks = match (sample.dd_secs, hooks_dd) {
                    (Some(d), Some(h)) => format!("{:.2}×", d / h),
                    _ => "-".to_owned(),
                };
                [
                    format!("{:.3}", sample.secs),
                    ratio,
                    vs_hooks,
                    dd,
                    dd_vs_hooks,
                    events,
                    lost,
                ]
            }
        };
        let [secs, ratio, vs_hooks, dd, dd_vs_hooks, events, lost] = cells;
        println!(
            "{:<width$}  {secs:>9}  {ratio:>8}  {vs_hooks:>8}  {dd:>8}  {dd_vs_hooks:>10}  {events:>10}  {lost:>8}",
            row.name
        );
    }
    for note in notes {
        println!("note: {note}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dd_seconds() {
        assert_eq!(
            parse_dd_seconds("1000000 bytes (1.0 MB, 977 KiB) copied, 0.649201 s, 1.5 MB/s"),
            Some(0.649201)
        );
        assert_eq!(parse_dd_seconds("1000000+0 records in"), None);
    }

    #[test]
    fn tracer_stats_line() {
        assert_eq!(
            parse_tracer_stats("tracer: 2000034 records, 0 lost"),
            Some((2000034, 0))
        );
        assert_eq!(
            parse_tracer_stats("tracer: 5 records, 17 lost\n"),
            Some((5, 17))
        );
        assert_eq!(parse_tracer_stats("1000000+0 records in"), None);
        assert_eq!(parse_tracer_stats("tracer: x records, 0 lost"), None);
    }
}
