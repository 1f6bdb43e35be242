//! `cargo xtask conformance`: strace's own test suite, run with tracer in strace's place.
//!
//! strace 6.1's source is fetched and built once into ~/.cache/tracer/strace ([`source`]). Of its
//! tests/gen_tests.in, the tests that diff strace's output against what the test program says it
//! must be ([`suite`]) run by their generated scripts, `tests/NAME.gen.test`, with `$STRACE` set
//! to tracer with a backend (or to the installed strace, the ceiling), two at a time; each
//! script's output is kept in target/conformance/TOOL/NAME.log and judged PASS, SKIP or FAIL with
//! a reason ([`outcome`]). The backends run one after the other, because the scripts of one test
//! share their directory. At the end, xtask/conformance-pass.txt ([`ratchet`]) says which tests
//! must still pass.

mod outcome;
mod ratchet;
mod source;
mod suite;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::build;
use crate::cmd::{self, say};
use outcome::{Outcome, Status, TIMEOUT_SECS};
use ratchet::PassList;
use suite::{Category, Level, Test};

/// The ratchet, relative to the workspace root.
const PASS_LIST: &str = "xtask/conformance-pass.txt";
/// Scripts run at the same time.
const JOBS: usize = 2;
/// The ceiling's binary.
const STRACE: &str = "/usr/bin/strace";
/// Progress is reported every this many tests.
const PROGRESS_EVERY: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Backends {
    Ebpf,
    Ptrace,
    Both,
}

#[derive(clap::Args)]
pub struct Options {
    /// The tracer backends to run the tests with, one after the other.
    #[arg(long, value_enum, default_value_t = Backends::Both)]
    backend: Backends,
    /// Also run the installed /usr/bin/strace the same way: the ceiling.
    #[arg(long)]
    strace: bool,
    /// Only these tests: names, or patterns with `*` and `?` (e.g. `--only 'dup*' accept`).
    #[arg(long, num_args = 1.., value_name = "NAME")]
    only: Vec<String>,
    /// Leave out the inject tests (those with `inject=` or `fault=`).
    #[arg(long)]
    no_inject: bool,
    /// Print this test's captured output (its diff) from the last run, running it first on the
    /// tools that have no log of it.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["only", "update"])]
    show: Option<String>,
    /// Print PASS and SKIP lines too (by default only FAIL lines and the totals).
    #[arg(short, long)]
    verbose: bool,
    /// Rewrite xtask/conformance-pass.txt: the listed tests that did not fail, and every test
    /// that passed on all the backends run.
    #[arg(long)]
    update: bool,
    /// What CI runs: both backends, without strace, the ratchet applied.
    #[arg(long, conflicts_with_all = ["backend", "strace", "only", "no_inject", "show", "update"])]
    ci: bool,
}

/// What runs in strace's place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Ebpf,
    Ptrace,
    /// The installed strace.
    Strace,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ebpf => "ebpf",
            Tool::Ptrace => "ptrace",
            Tool::Strace => "strace",
        }
    }

    /// A tracer backend, which the ratchet applies to.
    fn is_backend(self) -> bool {
        self != Tool::Strace
    }

    /// `$STRACE` for the scripts, which split it into words. tracer runs as `strace` (a link
    /// in the output directory): the suite takes the tracer's process name to be strace's
    /// (`-Y` tests print the tracee's parent as `PID<strace>`).
    fn command(self, tracer: &Path, output: &Output) -> Result<String> {
        let tracer = match self {
            Tool::Strace => tracer.to_owned(),
            Tool::Ebpf | Tool::Ptrace => output.strace_named(tracer)?,
        };
        let tracer = tracer.display().to_string();
        if tracer.contains(char::is_whitespace) {
            bail!("the scripts split $STRACE into words: {tracer} must not contain spaces");
        }
        Ok(match self {
            Tool::Ebpf => format!("{tracer} --backend ebpf"),
            Tool::Ptrace => format!("{tracer} --backend ptrace"),
            Tool::Strace => STRACE.to_owned(),
        })
    }
}

/// The tools to run, in order.
fn tools(options: &Options) -> Vec<Tool> {
    let (backend, strace) = if options.ci {
        (Backends::Both, false)
    } else {
        (options.backend, options.strace)
    };
    let mut tools = match backend {
        Backends::Ebpf => vec![Tool::Ebpf],
        Backends::Ptrace => vec![Tool::Ptrace],
        Backends::Both => vec![Tool::Ebpf, Tool::Ptrace],
    };
    if strace {
        tools.push(Tool::Strace);
    }
    tools
}

/// Where the logs and results go: target/conformance.
struct Output {
    dir: PathBuf,
}

impl Output {
    /// A link named `strace` to `tracer`, in `bin/` of the output directory.
    fn strace_named(&self, tracer: &Path) -> Result<PathBuf> {
        let bin = self.dir.join("bin");
        fs::create_dir_all(&bin).with_context(|| format!("creating {}", bin.display()))?;
        let link = bin.join("strace");
        let target =
            fs::canonicalize(tracer).with_context(|| format!("resolving {}", tracer.display()))?;
        if fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink(&target, &link)
                .with_context(|| format!("linking {} to {}", link.display(), target.display()))?;
        }
        Ok(link)
    }

    fn logs(&self, tool: Tool) -> PathBuf {
        self.dir.join(tool.name())
    }

    fn log(&self, tool: Tool, test: &str) -> PathBuf {
        self.logs(tool).join(format!("{test}.log"))
    }

    fn results(&self, tool: Tool) -> PathBuf {
        self.dir.join(format!("{}.results", tool.name()))
    }

    /// The latest status of every test this tool has run.
    fn previous_results(&self, tool: Tool) -> BTreeMap<String, Status> {
        fs::read_to_string(self.results(tool))
            .map(|text| outcome::parse_results(&text))
            .unwrap_or_default()
    }

    /// Merges `statuses` into the tool's results file (a run with `--only` updates its tests'
    /// lines only); returns the results as they were.
    fn record(
        &self,
        tool: Tool,
        statuses: &BTreeMap<String, Status>,
    ) -> Result<BTreeMap<String, Status>> {
        let before = self.previous_results(tool);
        let mut merged = before.clone();
        merged.extend(statuses.iter().map(|(n, s)| (n.clone(), *s)));
        let path = self.results(tool);
        let text = outcome::render_results(merged.iter().map(|(n, s)| (n.as_str(), *s)));
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        Ok(before)
    }
}

/// One tool's run of the selected tests.
struct ToolRun {
    tool: Tool,
    /// In the order of the tests.
    outcomes: Vec<Outcome>,
    elapsed: Duration,
}

impl ToolRun {
    fn statuses(&self, tests: &[Test]) -> BTreeMap<String, Status> {
        tests
            .iter()
            .zip(&self.outcomes)
            .map(|(t, o)| (t.name.clone(), o.status))
            .collect()
    }
}

pub fn conformance(options: &Options) -> Result<()> {
    let started = Instant::now();
    let output = Output {
        dir: cmd::target_dir()?.join("conformance"),
    };
    let tools = tools(options);
    if let Some(name) = &options.show {
        return show(name, &tools, &output);
    }
    let _lock = source::lock()?;
    let src = source::prepare()?;
    let tracer = build::build()?;
    let tests_dir = src.join("tests");
    let all = read_suite(&tests_dir)?;
    let tests = select(&all, options)?;
    ensure_scripts(&tests_dir, &tests)?;

    let mut runs = Vec::new();
    for &tool in &tools {
        let run = run_tool(tool, &tracer, &tests_dir, &tests, &output)?;
        report_tool(&run, &tests, &output, options.verbose)?;
        runs.push(run);
    }
    let path = cmd::workspace_root().join(PASS_LIST);
    let list = read_pass_list(&path)?;
    if !options.update {
        recheck_listed_failures(&list, &mut runs, &tracer, &tests_dir, &tests, &output)?;
    }
    print_totals(&runs, &tests);
    let ratchet = apply_ratchet(list, &path, &runs, &tests, &all, options.update);
    println!(
        "time: {:.1} s in all (strace and tracer builds included)",
        started.elapsed().as_secs_f64()
    );
    ratchet
}

/// The lines of a failed test's log that [`recheck_listed_failures`] prints.
const LOG_LINES_SHOWN: usize = 40;

/// A listed test that failed is the one result CI acts on, so its log is printed (CI keeps
/// nothing else) and it runs once more: a second failure stands; a pass is reported as flaky,
/// by name, and counted as a pass, so an intermittent bug is seen without turning CI red.
fn recheck_listed_failures(
    list: &PassList,
    runs: &mut [ToolRun],
    tracer: &Path,
    tests_dir: &Path,
    tests: &[Test],
    output: &Output,
) -> Result<()> {
    for run in runs.iter_mut().filter(|r| r.tool.is_backend()) {
        let failed: Vec<usize> = tests
            .iter()
            .zip(&run.outcomes)
            .enumerate()
            .filter(|(_, (t, o))| o.status == Status::Fail && list.names.contains(&t.name))
            .map(|(i, _)| i)
            .collect();
        for i in failed {
            let name = &tests[i].name;
            let log = fs::read(output.log(run.tool, name)).unwrap_or_default();
            let log = String::from_utf8_lossy(&log);
            println!(
                "=== {}: {name} (listed) failed; its log, then a second run ===",
                run.tool.name()
            );
            for line in log.lines().take(LOG_LINES_SHOWN) {
                println!("  {line}");
            }
            let again = run_tool(
                run.tool,
                tracer,
                tests_dir,
                std::slice::from_ref(&tests[i]),
                output,
            )?;
            if let Some(second) = again.outcomes.into_iter().next()
                && second.status == Status::Pass
            {
                println!(
                    "FLAKY {} {name}: failed, then passed on a second run (the log above is the failure)",
                    run.tool.name()
                );
                run.outcomes[i] = second;
            }
        }
    }
    Ok(())
}

/// The diffing tests of the built tree's gen_tests.in.
fn read_suite(tests_dir: &Path) -> Result<Vec<Test>> {
    let table = tests_dir.join("gen_tests.in");
    let text =
        fs::read_to_string(&table).with_context(|| format!("reading {}", table.display()))?;
    let mut tests = suite::parse(&text).with_context(|| table.display().to_string())?;
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tests)
}

/// The tests `--only` and `--no-inject` leave.
fn select(all: &[Test], options: &Options) -> Result<Vec<Test>> {
    let only = if options.ci {
        &[][..]
    } else {
        &options.only[..]
    };
    for pattern in only {
        if !all.iter().any(|t| suite::matches(pattern, &t.name)) {
            bail!(
                "--only {pattern}: no such test among the {} of gen_tests.in that this task runs",
                all.len()
            );
        }
    }
    let tests: Vec<Test> = all
        .iter()
        .filter(|t| only.is_empty() || only.iter().any(|p| suite::matches(p, &t.name)))
        .filter(|t| options.ci || !options.no_inject || t.category != Category::Inject)
        .cloned()
        .collect();
    if tests.is_empty() {
        bail!("no tests left to run (--only and --no-inject leave none)");
    }
    Ok(tests)
}

/// Generates the scripts the build did not (`gen_tests.sh gen_tests.in NAME.gen.test` writes
/// that one script only).
fn ensure_scripts(tests_dir: &Path, tests: &[Test]) -> Result<()> {
    for test in tests {
        let script = format!("{}.gen.test", test.name);
        if tests_dir.join(&script).is_file() {
            continue;
        }
        say!("conformance: generating tests/{script}");
        cmd::output(
            Command::new("sh")
                .args(["./gen_tests.sh", "./gen_tests.in"])
                .arg(format!("./{script}"))
                .current_dir(tests_dir),
        )?;
    }
    Ok(())
}

/// How one tool runs the test scripts.
struct Job<'a> {
    tests_dir: &'a Path,
    logs: PathBuf,
    /// `$STRACE`.
    command: String,
    /// The tool's program name, which starts its own stderr lines (`tracer`, `strace`).
    program: String,
}

impl Job<'_> {
    /// `timeout -k 5 60 sh ./NAME.gen.test < /dev/null` in tests/, its stdout and stderr in the
    /// test's log, judged.
    fn run(&self, name: &str) -> Result<Outcome> {
        let log_path = self.logs.join(format!("{name}.log"));
        let log =
            File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
        let mut script = Command::new("timeout");
        script
            .args(["-k", "5", &TIMEOUT_SECS.to_string(), "sh"])
            .arg(format!("./{name}.gen.test"))
            .current_dir(self.tests_dir)
            .env_clear()
            .envs(script_env(&self.command))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let status = script
            .status()
            .with_context(|| format!("could not start `{}`", cmd::display(&script)))?;
        let captured =
            fs::read(&log_path).with_context(|| format!("reading {}", log_path.display()))?;
        Ok(outcome::judge(
            status.code(),
            &String::from_utf8_lossy(&captured),
            &self.program,
            &self.command,
        ))
    }
}

/// The scripts' environment, as strace's `make check` sets it for x86_64, and nothing else from
/// ours but PATH and HOME (cargo's LD_LIBRARY_PATH, say, would show in traces of the dynamic
/// loader).
fn script_env(command: &str) -> Vec<(String, String)> {
    let fixed = [
        ("STRACE_ARCH", "x86_64"),
        ("STRACE_NATIVE_ARCH", "x86_64"),
        ("SIZEOF_KERNEL_LONG_T", "8"),
        ("SIZEOF_LONG", "8"),
        ("MIPS_ABI", ""),
        ("srcdir", "."),
        ("LC_ALL", "C"),
        ("STRACE", command),
    ];
    let kept = ["PATH", "HOME"]
        .into_iter()
        .filter_map(|k| Some((k.to_owned(), std::env::var(k).ok()?)));
    fixed
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .chain(kept)
        .collect()
}

/// Runs every test with one tool, [`JOBS`] at a time; the outcomes come back in the tests' order.
fn run_tool(
    tool: Tool,
    tracer: &Path,
    tests_dir: &Path,
    tests: &[Test],
    output: &Output,
) -> Result<ToolRun> {
    let command = tool.command(tracer, output)?;
    if tool == Tool::Strace && !Path::new(STRACE).is_file() {
        bail!("--strace: {STRACE} is not installed");
    }
    // tracer names itself `tracer` in its messages, whatever it runs as.
    let program = match tool {
        Tool::Strace => "strace",
        Tool::Ebpf | Tool::Ptrace => "tracer",
    }
    .to_owned();
    let logs = output.logs(tool);
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    say!(
        "conformance: {}: {} test(s), {JOBS} at a time, STRACE='{command}'; logs in {}",
        tool.name(),
        tests.len(),
        logs.display()
    );
    let job = Job {
        tests_dir,
        logs,
        command,
        program,
    };
    let started = Instant::now();
    let outcomes = run_parallel(
        tests,
        |test| job.run(&test.name),
        |done| {
            if done % PROGRESS_EVERY == 0 {
                say!(
                    "conformance: {}: {done} of {} done",
                    tool.name(),
                    tests.len()
                );
            }
        },
    )?;
    let elapsed = started.elapsed();
    say!(
        "conformance: {}: done in {:.1} s",
        tool.name(),
        elapsed.as_secs_f64()
    );
    Ok(ToolRun {
        tool,
        outcomes,
        elapsed,
    })
}

/// `run` on every item by [`JOBS`] threads, results in the items' order; stops at the first error.
fn run_parallel<T: Sync, R: Send>(
    items: &[T],
    run: impl Fn(&T) -> Result<R> + Sync,
    progress: impl Fn(usize) + Sync,
) -> Result<Vec<R>> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let worker = || {
        let mut mine = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = run(item);
            stop.fetch_or(result.is_err(), Ordering::Relaxed);
            mine.push((i, result));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
        mine
    };
    let mut results: Vec<(usize, Result<R>)> = thread::scope(|s| {
        let workers: Vec<_> = (0..JOBS).map(|_| s.spawn(worker)).collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| anyhow!("a test runner thread panicked"))
            })
            .collect::<Result<Vec<_>>>()
    })?
    .into_iter()
    .flatten()
    .collect();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Prints a tool's FAIL lines (and PASS and SKIP lines with `--verbose`) and what changed since
/// its last run, and records its results.
fn report_tool(run: &ToolRun, tests: &[Test], output: &Output, verbose: bool) -> Result<()> {
    let name = run.tool.name();
    for (test, outcome) in tests.iter().zip(&run.outcomes) {
        let shown = outcome.status == Status::Fail || verbose;
        if shown {
            match &outcome.reason {
                Some(reason) => println!("{name} {} {}: {reason}", outcome.status, test.name),
                None => println!("{name} {} {}", outcome.status, test.name),
            }
        }
    }
    let statuses = run.statuses(tests);
    let (gained, lost) = changes(&output.record(run.tool, &statuses)?, &statuses);
    if !gained.is_empty() {
        println!("{name}: passing since the last run: {}", gained.join(" "));
    }
    if !lost.is_empty() {
        println!(
            "{name}: no longer passing since the last run: {}",
            lost.join(" ")
        );
    }
    Ok(())
}

/// Tests run both times that pass now but did not before, and the other way round.
fn changes(
    before: &BTreeMap<String, Status>,
    now: &BTreeMap<String, Status>,
) -> (Vec<String>, Vec<String>) {
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    for (name, &status) in now {
        match (before.get(name), status) {
            (Some(&old), Status::Pass) if old != Status::Pass => gained.push(name.clone()),
            (Some(Status::Pass), new) if new != Status::Pass => lost.push(name.clone()),
            _ => {}
        }
    }
    (gained, lost)
}

/// PASS, FAIL and SKIP counts.
#[derive(Clone, Copy, Default)]
struct Counts {
    pass: usize,
    fail: usize,
    skip: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Skip => self.skip += 1,
        }
    }

    fn of(run: &ToolRun, tests: &[Test], keep: impl Fn(&Test) -> bool) -> Counts {
        let mut counts = Counts::default();
        for (test, outcome) in tests.iter().zip(&run.outcomes) {
            if keep(test) {
                counts.add(outcome.status);
            }
        }
        counts
    }

    fn row(&self, label: &str, time: &str) -> String {
        let Counts { pass, fail, skip } = *self;
        let row = format!(
            "{label:<10} {pass:>6} {fail:>6} {skip:>6} {:>6} {time:>8}",
            pass + fail + skip
        );
        row.trim_end().to_owned()
    }
}

/// The totals per tool, by level and by category, and how many of strace's passes each backend
/// shares.
fn print_totals(runs: &[ToolRun], tests: &[Test]) {
    println!();
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "", "pass", "fail", "skip", "total", "time"
    );
    for run in runs {
        let time = format!("{:.1} s", run.elapsed.as_secs_f64());
        println!(
            "{}",
            Counts::of(run, tests, |_| true).row(run.tool.name(), &time)
        );
        for level in Level::ALL {
            let counts = Counts::of(run, tests, |t| t.level == level);
            println!("{}", counts.row(&format!("  {}", level.name()), ""));
        }
        for category in Category::ALL {
            let counts = Counts::of(run, tests, |t| t.category == category);
            println!("{}", counts.row(&format!("  {}", category.name()), ""));
        }
    }
    let Some(strace) = runs.iter().find(|r| r.tool == Tool::Strace) else {
        return;
    };
    let strace_passes = strace.statuses(tests);
    let ceiling: Vec<&String> = strace_passes
        .iter()
        .filter(|(_, s)| **s == Status::Pass)
        .map(|(n, _)| n)
        .collect();
    for run in runs.iter().filter(|r| r.tool.is_backend()) {
        let statuses = run.statuses(tests);
        let shared = ceiling
            .iter()
            .filter(|n| statuses.get(n.as_str()) == Some(&Status::Pass))
            .count();
        println!(
            "{}: tracer passes {shared} of the {} tests strace passes",
            run.tool.name(),
            ceiling.len()
        );
    }
}

/// Checks the backends' results against xtask/conformance-pass.txt (or rewrites it with
/// `update`); fails when a listed test failed.
fn apply_ratchet(
    mut list: PassList,
    path: &Path,
    runs: &[ToolRun],
    tests: &[Test],
    all: &[Test],
    update: bool,
) -> Result<()> {
    let unknown: Vec<String> = list
        .names
        .iter()
        .filter(|n| !all.iter().any(|t| &t.name == *n))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        println!(
            "listed in {PASS_LIST} but not a test this task runs: {}",
            unknown.join(" ")
        );
    }
    let statuses: Vec<(&str, BTreeMap<String, Status>)> = runs
        .iter()
        .filter(|r| r.tool.is_backend())
        .map(|r| (r.tool.name(), r.statuses(tests)))
        .collect();
    let verdict = ratchet::check(&list, &statuses);
    for (backend, names) in &verdict.skipped {
        println!(
            "listed in {PASS_LIST} but skipped on {backend} (not counted as a failure): {}",
            names.join(" ")
        );
    }
    if update {
        list.names.retain(|n| !unknown.contains(n));
        return update_pass_list(path, &list, &verdict);
    }
    if !verdict.newly_passing.is_empty() {
        println!(
            "newly passing, add to {PASS_LIST} (or run with --update): {}",
            verdict.newly_passing.join(" ")
        );
    }
    if verdict.is_failure() {
        let lines: Vec<String> = verdict
            .failed
            .iter()
            .map(|(backend, names)| {
                format!(
                    "  listed in {PASS_LIST} but failed on {backend}: {}",
                    names.join(" ")
                )
            })
            .collect();
        bail!("the ratchet failed:\n{}", lines.join("\n"));
    }
    println!(
        "ratchet: the {} tests listed in {PASS_LIST} passed (or were skipped or not run)",
        list.names.len()
    );
    Ok(())
}

/// The pass list; a missing file is an empty list.
fn read_pass_list(path: &Path) -> Result<PassList> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(PassList::parse(&text)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(PassList::parse("")),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// `--update`: writes the list without the tests that failed, with the new passes.
fn update_pass_list(path: &Path, list: &PassList, verdict: &ratchet::Verdict) -> Result<()> {
    let new = ratchet::updated(list, verdict);
    fs::write(path, new.render()).with_context(|| format!("writing {}", path.display()))?;
    for (backend, names) in &verdict.failed {
        println!(
            "removed from {PASS_LIST} (failed on {backend}): {}",
            names.join(" ")
        );
    }
    println!(
        "wrote {PASS_LIST}: {} tests ({} added)",
        new.names.len(),
        verdict.newly_passing.len()
    );
    Ok(())
}

/// `--show NAME`: the test's log from each tool's last run, after running it on the tools that
/// have none.
fn show(name: &str, tools: &[Tool], output: &Output) -> Result<()> {
    let missing: Vec<Tool> = tools
        .iter()
        .copied()
        .filter(|t| !output.log(*t, name).is_file())
        .collect();
    if !missing.is_empty() {
        run_one(name, &missing, output)?;
    }
    for &tool in tools {
        let path = output.log(tool, name);
        let text = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let status = output
            .previous_results(tool)
            .get(name)
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        println!(
            "=== {}: {name}{status} ({}) ===",
            tool.name(),
            path.display()
        );
        print!("{}", String::from_utf8_lossy(&text));
    }
    Ok(())
}

/// Runs one test with each of `tools` and records the results.
fn run_one(name: &str, tools: &[Tool], output: &Output) -> Result<()> {
    let _lock = source::lock()?;
    let src = source::prepare()?;
    let tracer = build::build()?;
    let tests_dir = src.join("tests");
    let all = read_suite(&tests_dir)?;
    let Some(test) = all.iter().find(|t| t.name == name) else {
        bail!(
            "no test `{name}` among the {} of gen_tests.in that this task runs",
            all.len()
        );
    };
    let tests = std::slice::from_ref(test);
    ensure_scripts(&tests_dir, tests)?;
    for &tool in tools {
        let run = run_tool(tool, &tracer, &tests_dir, tests, output)?;
        output.record(tool, &run.statuses(tests))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        options: Options,
    }

    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        Cli::try_parse_from(std::iter::once("conformance").chain(args.iter().copied()))
            .map(|c| c.options)
    }

    #[test]
    fn options_pick_the_tools() {
        assert_eq!(tools(&parse(&[]).unwrap()), [Tool::Ebpf, Tool::Ptrace]);
        assert_eq!(
            tools(&parse(&["--backend", "ebpf", "--strace"]).unwrap()),
            [Tool::Ebpf, Tool::Strace]
        );
        assert_eq!(
            tools(&parse(&["--ci"]).unwrap()),
            [Tool::Ebpf, Tool::Ptrace]
        );
        assert!(parse(&["--ci", "--strace"]).is_err());
        assert!(parse(&["--ci", "--backend", "ptrace"]).is_err());
        let only = parse(&["--only", "dup*", "accept", "-v"]).unwrap();
        assert_eq!(only.only, ["dup*", "accept"]);
        assert!(only.verbose);
    }

    #[test]
    fn changes_since_the_last_run() {
        let map = |pairs: &[(&str, Status)]| -> BTreeMap<String, Status> {
            pairs.iter().map(|(n, s)| ((*n).to_owned(), *s)).collect()
        };
        let before = map(&[
            ("a", Status::Fail),
            ("b", Status::Pass),
            ("c", Status::Pass),
        ]);
        let now = map(&[
            ("a", Status::Pass),
            ("b", Status::Skip),
            ("c", Status::Pass),
            ("d", Status::Pass),
        ]);
        assert_eq!(
            changes(&before, &now),
            (vec!["a".to_owned()], vec!["b".to_owned()])
        );
    }

    #[test]
    fn the_committed_pass_list_parses() {
        let list = PassList::parse(include_str!("../conformance-pass.txt"));
        assert!(list.header.starts_with('#'));
    }
}
