//! `cargo xtask fidelity`: how much of strace's output tracer reproduces, on real programs.
//!
//! Each program of the list (xtask/fidelity.txt, or `--list FILE`) runs under `strace -o A FLAGS --
//! ARGV` and under `tracer -o B FLAGS -- ARGV`, in the same freshly set up work dir with the same
//! environment. Both traces are normalised the same way ([`normalise`]: split per process, split
//! lines joined, values that differ from run to run masked), each process's two sequences are
//! aligned (a longest common subsequence, [`align`]), and the table shows per program the lines that
//! are identical and the syscall names that are identical, as a share of the longer side, so that
//! missing and extra lines both count. `--self` runs strace twice instead, which should give 100%,
//! and shows for each normalisation rule what strace-vs-strace would look like without it.

mod align;
pub(crate) mod list;
mod normalise;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use crate::build;
use crate::cmd::{self, say};
use align::Step;
use list::Program;
use normalise::{Line, Rule, TaskName, Trace};

/// The committed list of programs.
const DEFAULT_LIST: &str = include_str!("../fidelity.txt");

/// Where programs run: `WORK_ROOT/NAME`, the same path for both tracers.
const WORK_ROOT: &str = "/tmp/tracer-fidelity";

/// The environment of every setup and traced run, and nothing else.
const ENV: &[(&str, &str)] = &[
    ("PATH", "/usr/local/bin:/usr/bin:/bin"),
    ("LC_ALL", "C"),
    ("TZ", "UTC"),
    ("PYTHONHASHSEED", "0"),
    ("PYTHONDONTWRITEBYTECODE", "1"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_AUTHOR_NAME", "fidelity"),
    ("GIT_AUTHOR_EMAIL", "fidelity@example.invalid"),
    ("GIT_AUTHOR_DATE", "1700000000 +0000"),
    ("GIT_COMMITTER_NAME", "fidelity"),
    ("GIT_COMMITTER_EMAIL", "fidelity@example.invalid"),
    ("GIT_COMMITTER_DATE", "1700000000 +0000"),
];

#[derive(clap::Args)]
pub struct Options {
    /// Only this program of the list (repeat for several).
    #[arg(long = "program", value_name = "NAME")]
    programs: Vec<String>,
    /// Flags for both tracers instead of each program's own, e.g. `--flags='-f -T'`.
    #[arg(long, value_name = "FLAGS", allow_hyphen_values = true)]
    flags: Option<String>,
    /// Print each program's differing lines (after normalisation) as a unified diff.
    #[arg(long)]
    show_diff: bool,
    /// Print the differing lines counted by syscall: arguments/result differ, missing, extra.
    #[arg(long)]
    by_syscall: bool,
    /// Compare strace with strace (two runs), to check the normalisation: every program should
    /// reach 100%, and each rule is shown to be needed.
    #[arg(long = "self")]
    self_check: bool,
    /// The strace to compare with.
    #[arg(long, value_name = "PATH", default_value = "strace")]
    strace: PathBuf,
    /// A tracer binary to use instead of building target/release/tracer.
    #[arg(long, value_name = "PATH")]
    tracer: Option<PathBuf>,
    /// A list of programs instead of xtask/fidelity.txt (same format).
    #[arg(long, value_name = "FILE")]
    list: Option<PathBuf>,
    /// Seconds a traced run may take before it is killed.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    timeout: u64,
}

/// One traced run: the raw trace, and a note when strace or tracer exited unsuccessfully (they
/// pass on the program's exit status, so this is usually the program's failure).
struct Run {
    trace: String,
    note: Option<String>,
}

/// A program and its score with notes (a tracer's exit status), or why it couldn't be traced.
type Row = (Program, Result<(Score, Vec<String>)>);

/// The comparison of one program's two traces.
#[derive(Default)]
struct Score {
    /// Lines on each side (a: strace, b: tracer or strace's second run).
    lines_a: usize,
    lines_b: usize,
    same_lines: usize,
    same_names: usize,
    /// Per syscall name: [arguments or result differ, missing in b, extra in b].
    by_name: BTreeMap<String, [usize; 3]>,
    /// Per syscall name, the first pair whose names align but whose text differs.
    examples: BTreeMap<String, (String, String)>,
    diff: String,
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.lines_a += other.lines_a;
        self.lines_b += other.lines_b;
        self.same_lines += other.same_lines;
        self.same_names += other.same_names;
        for (name, counts) in &other.by_name {
            let mine = self.by_name.entry(name.clone()).or_default();
            for (m, o) in mine.iter_mut().zip(counts) {
                *m += o;
            }
        }
        for (name, example) in &other.examples {
            self.examples
                .entry(name.clone())
                .or_insert_with(|| example.clone());
        }
    }

    fn share(same: usize, a: usize, b: usize) -> f64 {
        match a.max(b) {
            0 => 100.0,
            n => 100.0 * same as f64 / n as f64,
        }
    }
}

pub fn fidelity(options: &Options) -> Result<()> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        bail!("fidelity runs tracer and strace on real programs: run it as root");
    }
    let strace = find_program(&options.strace)?;
    let version = cmd::output(Command::new(&strace).arg("-V"))
        .with_context(|| format!("{} -V", strace.display()))?;
    let version = version.lines().next().unwrap_or("").trim().to_owned();
    let tracer = match (&options.tracer, options.self_check) {
        (_, true) => None,
        (Some(path), false) => Some(find_program(path)?),
        (None, false) => Some(build::build()?),
    };
    let text = match &options.list {
        Some(path) => {
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
        }
        None => DEFAULT_LIST.to_owned(),
    };
    let mut programs = list::parse(&text).context("the list of programs")?;
    if !options.programs.is_empty() {
        for name in &options.programs {
            if !programs.iter().any(|p| &p.name == name) {
                let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
                bail!("no program `{name}` in the list ({})", names.join(", "));
            }
        }
        programs.retain(|p| options.programs.contains(&p.name));
    }
    if let Some(flags) = &options.flags {
        let flags = list::split_words(flags).context("--flags")?;
        for p in &mut programs {
            p.flags.clone_from(&flags);
        }
    }
    let out_dir = cmd::target_dir()?.join("fidelity");
    fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let (side_a, side_b) = match &tracer {
        Some(_) => ("strace", "tracer"),
        None => ("strace", "again"),
    };
    say!(
        "fidelity: {} programs, {version} vs {}; traces in {}",
        programs.len(),
        tracer
            .as_ref()
            .map_or("strace itself".to_owned(), |t| t.display().to_string()),
        out_dir.display()
    );

    let timeout = Duration::from_secs(options.timeout);
    let mut rows: Vec<Row> = Vec::new();
    // For --self: raw trace pairs, to score again with each rule left out.
    let mut raw_pairs: Vec<(bool, String, String)> = Vec::new();
    for program in programs {
        say!("fidelity: {}", program.name);
        let trace = |tool: &Path, side: &str| -> Result<Run> {
            run_traced(tool, &program, &out_dir, side, timeout)
        };
        let result = (|| {
            let a = trace(&strace, side_a)?;
            let b = trace(tracer.as_deref().unwrap_or(&strace), side_b)?;
            let follow = program.follows_forks();
            let score = compare(
                &normalise::normalise(&a.trace, follow, &Rule::ALL),
                &normalise::normalise(&b.trace, follow, &Rule::ALL),
            );
            if options.self_check {
                raw_pairs.push((follow, a.trace, b.trace));
            }
            let notes = [a.note, b.note].into_iter().flatten().collect();
            Ok((score, notes))
        })();
        rows.push((program, result));
    }

    print_table(&rows, side_b);
    let mut total = Score::default();
    for (_, result) in &rows {
        if let Ok((score, _)) = result {
            total.add(score);
        }
    }
    if options.by_syscall {
        print_by_syscall(&total, side_b);
    }
    if options.show_diff {
        for (program, result) in &rows {
            if let Ok((score, _)) = result
                && !score.diff.is_empty()
            {
                println!("\n=== {} (--- {side_a}, +++ {side_b}) ===", program.name);
                print!("{}", score.diff);
            }
        }
    }
    if options.self_check {
        print_rules(&raw_pairs);
    }
    let failed: Vec<&str> = rows
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(p, _)| p.name.as_str())
        .collect();
    if !failed.is_empty() {
        bail!("could not trace: {}", failed.join(", "));
    }
    Ok(())
}

/// `PATH` itself (made absolute: programs run in their work dir) if it names a file, else the
/// first match in $PATH.
fn find_program(path: &Path) -> Result<PathBuf> {
    if path.components().count() > 1 {
        if path.is_file() {
            return std::path::absolute(path).with_context(|| path.display().to_string());
        }
        bail!("{} not found", path.display());
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&dirs)
        .map(|d| d.join(path))
        .find(|p| p.is_file())
        .with_context(|| format!("{} not found in PATH", path.display()))
}

/// Sets up the work dir afresh and runs `tool -o OUT FLAGS -- ARGV` in it.
fn run_traced(
    tool: &Path,
    program: &Program,
    out_dir: &Path,
    side: &str,
    timeout: Duration,
) -> Result<Run> {
    let work = Path::new(WORK_ROOT).join(&program.name);
    match fs::remove_dir_all(&work) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("removing {}", work.display())),
    }
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    if let Some(setup) = &program.setup {
        let mut sh = Command::new("sh");
        sh.args(["-e", "-c", setup]);
        environment(&mut sh, &work);
        cmd::output(&mut sh).with_context(|| format!("setup of {}", program.name))?;
    }
    let trace_path = out_dir.join(format!("{}.{side}.txt", program.name));
    let output_path = out_dir.join(format!("{}.{side}.out", program.name));
    let _ = fs::remove_file(&trace_path);
    let output = File::create(&output_path)
        .with_context(|| format!("creating {}", output_path.display()))?;
    let mut traced = Command::new(tool);
    traced
        .arg("-o")
        .arg(&trace_path)
        .args(&program.flags)
        .arg("--")
        .args(&program.argv);
    let shown = cmd::display(&traced);
    environment(&mut traced, &work);
    traced
        .stdout(output.try_clone()?)
        .stderr(output)
        .stdin(Stdio::null());
    let mut child = traced
        .spawn()
        .with_context(|| format!("could not start `{shown}`"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            bail!("`{shown}` took more than {}s: killed", timeout.as_secs());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let trace = fs::read(&trace_path)
        .with_context(|| format!("`{shown}` wrote no trace to {}", trace_path.display()))?;
    let note = (!status.success()).then(|| format!("{side} {status}"));
    Ok(Run {
        trace: String::from_utf8_lossy(&trace).into_owned(),
        note,
    })
}

/// The fixed environment and work dir.
fn environment(cmd: &mut Command, work: &Path) {
    cmd.env_clear()
        .envs(ENV.iter().copied())
        .env("HOME", work)
        .current_dir(work);
}

/// Aligns each task's sequences (tasks missing on one side count as all lines differing).
fn compare(a: &Trace, b: &Trace) -> Score {
    let mut score = Score::default();
    let empty = Vec::new();
    let several = a.len().max(b.len()) > 1;
    let tasks: std::collections::BTreeSet<&TaskName> = a.keys().chain(b.keys()).collect();
    for task in tasks {
        let sa = a.get(task).unwrap_or(&empty);
        let sb = b.get(task).unwrap_or(&empty);
        compare_task(&task.0, sa, sb, &mut score, several);
    }
    score
}

fn compare_task(task: &str, a: &[Line], b: &[Line], score: &mut Score, label: bool) {
    let texts_a: Vec<&str> = a.iter().map(|l| l.text.as_str()).collect();
    let texts_b: Vec<&str> = b.iter().map(|l| l.text.as_str()).collect();
    let names_a: Vec<&str> = a.iter().map(|l| l.name.as_str()).collect();
    let names_b: Vec<&str> = b.iter().map(|l| l.name.as_str()).collect();
    let same = align::lcs(&texts_a, &texts_b);
    let names = align::lcs(&names_a, &names_b);
    score.lines_a += a.len();
    score.lines_b += b.len();
    score.same_lines += same.len();
    score.same_names += names.len();
    // Differing lines by syscall: within each gap between identical lines, lines are paired
    // up by name (`differ`); the rest are missing or extra.
    let steps = align::steps(&same, a.len(), b.len());
    let mut gap_a: Vec<usize> = Vec::new();
    let mut gap_b: Vec<usize> = Vec::new();
    for step in steps.iter().chain([&Step::Same(a.len(), b.len())]) {
        match *step {
            Step::OnlyA(i) => gap_a.push(i),
            Step::OnlyB(j) => gap_b.push(j),
            Step::Same(..) => {
                classify(&gap_a, &gap_b, a, b, score);
                gap_a.clear();
                gap_b.clear();
            }
        }
    }
    let diff = unified(
        &align::steps(&same, a.len(), b.len()),
        &texts_a,
        &texts_b,
        2,
    );
    if !diff.is_empty() {
        if label {
            let _ = writeln!(score.diff, "--- task {task}");
        }
        score.diff.push_str(&diff);
    }
}

/// Counts the lines of one gap by syscall name: pairs with the same name differ in their text,
/// the others are missing (only in `a`) or extra (only in `b`).
fn classify(gap_a: &[usize], gap_b: &[usize], a: &[Line], b: &[Line], score: &mut Score) {
    let names_a: Vec<&str> = gap_a.iter().map(|&i| a[i].name.as_str()).collect();
    let names_b: Vec<&str> = gap_b.iter().map(|&j| b[j].name.as_str()).collect();
    let pairs = align::lcs(&names_a, &names_b);
    for step in align::steps(&pairs, gap_a.len(), gap_b.len()) {
        let (name, slot) = match step {
            Step::Same(i, j) => {
                let (la, lb) = (&a[gap_a[i]], &b[gap_b[j]]);
                score
                    .examples
                    .entry(la.name.clone())
                    .or_insert_with(|| (la.text.clone(), lb.text.clone()));
                (&la.name, 0)
            }
            Step::OnlyA(i) => (&a[gap_a[i]].name, 1),
            Step::OnlyB(j) => (&b[gap_b[j]].name, 2),
        };
        score.by_name.entry(name.clone()).or_default()[slot] += 1;
    }
}

/// A unified diff of an alignment with `context` lines around each change.
fn unified(steps: &[Step], a: &[&str], b: &[&str], context: usize) -> String {
    let changed: Vec<bool> = steps.iter().map(|s| !matches!(s, Step::Same(..))).collect();
    let mut out = String::new();
    let mut last_shown: Option<usize> = None;
    // Lines of a and b before each step.
    let (mut i, mut j) = (0, 0);
    for (k, step) in steps.iter().enumerate() {
        let (before_a, before_b) = (i, j);
        match step {
            Step::Same(..) => (i, j) = (i + 1, j + 1),
            Step::OnlyA(_) => i += 1,
            Step::OnlyB(_) => j += 1,
        }
        let lo = k.saturating_sub(context);
        let hi = (k + context + 1).min(steps.len());
        if !changed[lo..hi].iter().any(|&c| c) {
            continue;
        }
        if last_shown.is_none_or(|l| l + 1 != k) {
            let _ = writeln!(out, "@@ -{} +{} @@", before_a + 1, before_b + 1);
        }
        last_shown = Some(k);
        let _ = match *step {
            Step::Same(i, _) => writeln!(out, " {}", a[i]),
            Step::OnlyA(i) => writeln!(out, "-{}", a[i]),
            Step::OnlyB(j) => writeln!(out, "+{}", b[j]),
        };
    }
    out
}

fn print_table(rows: &[Row], side_b: &str) {
    let width = rows
        .iter()
        .map(|(p, _)| p.name.len())
        .max()
        .unwrap_or(0)
        .max("program".len());
    println!(
        "{:<width$}  {:<6}  {:>7}  {:>7}  {:>10}  {:>7}  {:>10}  {:>7}",
        "program",
        "flags",
        "strace",
        truncate(side_b, 7),
        "same lines",
        "%",
        "same names",
        "%",
    );
    let mut total = Score::default();
    for (program, result) in rows {
        let flags = program.flags.join(" ");
        match result {
            Ok((score, notes)) => {
                total.add(score);
                print_row(&program.name, &flags, score, width, notes);
            }
            Err(err) => println!("{:<width$}  {flags:<6}  error: {err:#}", program.name),
        }
    }
    print_row("total", "", &total, width, &[]);
}

fn print_row(name: &str, flags: &str, s: &Score, width: usize, notes: &[String]) {
    let mut line = format!(
        "{name:<width$}  {flags:<6}  {:>7}  {:>7}  {:>10}  {:>6.1}%  {:>10}  {:>6.1}%",
        s.lines_a,
        s.lines_b,
        s.same_lines,
        Score::share(s.same_lines, s.lines_a, s.lines_b),
        s.same_names,
        Score::share(s.same_names, s.lines_a, s.lines_b),
    );
    if !notes.is_empty() {
        let _ = write!(line, "  ({})", notes.join(", "));
    }
    println!("{line}");
}

fn truncate(s: &str, n: usize) -> &str {
    s.get(..n).unwrap_or(s)
}

fn print_by_syscall(total: &Score, side_b: &str) {
    let mut rows: Vec<(&String, &[usize; 3])> = total.by_name.iter().collect();
    rows.sort_by_key(|(name, c)| (std::cmp::Reverse(c.iter().sum::<usize>()), name.as_str()));
    println!("\ndiffering lines by syscall (all programs): `differ` = same syscall, other text");
    println!(
        "{:<24}  {:>6}  {:>6}  {:>8}  {:>9}",
        "syscall", "total", "differ", "missing", "extra"
    );
    for (name, c) in &rows {
        println!(
            "{:<24}  {:>6}  {:>6}  {:>8}  {:>9}",
            name,
            c.iter().sum::<usize>(),
            c[0],
            c[1],
            c[2]
        );
    }
    let with_examples: Vec<_> = rows
        .iter()
        .filter_map(|(name, _)| Some((*name, total.examples.get(*name)?)))
        .collect();
    if !with_examples.is_empty() {
        println!("\nfirst differing line per syscall (- strace, + {side_b}):");
        for (name, (a, b)) in with_examples {
            println!("{name}:\n  - {}\n  + {}", clip(a, 200), clip(b, 200));
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// `--self`: strace vs strace again with all rules and with each rule left out.
fn print_rules(pairs: &[(bool, String, String)]) {
    let score = |rules: &[Rule]| {
        let mut total = Score::default();
        for (follow, a, b) in pairs {
            total.add(&compare(
                &normalise::normalise(a, *follow, rules),
                &normalise::normalise(b, *follow, rules),
            ));
        }
        total
    };
    let all = score(&Rule::ALL);
    println!("\nnormalisation rules: strace vs strace again, identical lines without each rule");
    println!("{:<14}  {:>10}  {:>7}  what", "left out", "same lines", "%");
    println!(
        "{:<14}  {:>10}  {:>6.1}%  (all rules on)",
        "nothing",
        all.same_lines,
        Score::share(all.same_lines, all.lines_a, all.lines_b)
    );
    for rule in Rule::ALL {
        let rules: Vec<Rule> = Rule::ALL.into_iter().filter(|r| *r != rule).collect();
        let s = score(&rules);
        let needed = if s.same_lines < all.same_lines {
            ""
        } else {
            " [not needed by these programs]"
        };
        println!(
            "{:<14}  {:>10}  {:>6.1}%  {}{needed}",
            rule.name(),
            s.same_lines,
            Score::share(s.same_lines, s.lines_a, s.lines_b),
            rule.what()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(text: &str, follow: bool) -> Trace {
        normalise::normalise(text, follow, &Rule::ALL)
    }

    #[test]
    fn identical_traces_score_100() {
        let t = "brk(NULL) = 0x55d78f086000\nclose(3) = 0\n+++ exited with 0 +++\n";
        let s = compare(&trace(t, false), &trace(t, false));
        assert_eq!(
            (s.lines_a, s.lines_b, s.same_lines, s.same_names),
            (3, 3, 3, 3)
        );
        assert!(s.diff.is_empty() && s.by_name.is_empty());
    }

    #[test]
    fn differing_missing_and_extra_lines_are_counted_by_syscall() {
        let strace = "\
execve(\"/bin/ls\", [\"ls\"], 0x7ffd00000000 /* 3 vars */) = 0
brk(NULL) = 0x55d78f086000
rt_sigaction(SIGINT, {sa_handler=SIG_DFL}, NULL, 8) = 0
--- SIGCHLD {si_signo=SIGCHLD} ---
close(3) = 0
";
        let tracer = "\
execve(\"/bin/ls\", 0x55d9f8e19f80, 0x7ffc890633a8) = 0
brk(NULL) = 0x55bd7a6c0000
rt_sigaction(SIGINT, 0x7ffc5fd6f900, 0, 8) = 0
close(3) = 0
close(4) = 0
";
        let s = compare(&trace(strace, false), &trace(tracer, false));
        assert_eq!((s.lines_a, s.lines_b), (5, 5));
        assert_eq!(s.same_lines, 2); // brk, close(3)
        assert_eq!(s.same_names, 4); // execve, brk, rt_sigaction, close
        assert_eq!(s.by_name["execve"], [1, 0, 0]);
        assert_eq!(s.by_name["rt_sigaction"], [1, 0, 0]);
        assert_eq!(s.by_name["--- SIGCHLD"], [0, 1, 0]);
        assert_eq!(s.by_name["close"], [0, 0, 1]);
        assert_eq!(
            s.examples["execve"].1,
            "execve(\"/bin/ls\", 0xADDR, 0xADDR)       = 0"
        );
        assert!((Score::share(s.same_lines, 5, 5) - 40.0).abs() < 1e-9);
        assert!(
            s.diff
                .contains("-execve(\"/bin/ls\", [\"ls\"], 0xADDR /* 3 vars */) = 0\n")
        );
        assert!(s.diff.contains("+close(4) = 0\n"));
        assert!(s.diff.starts_with("@@ -1 +1 @@\n-execve("), "{}", s.diff);
        assert!(s.diff.contains(" brk(NULL) = 0xADDR\n"));
    }

    #[test]
    fn tasks_are_compared_by_tree_position_whatever_the_pids_and_interleaving() {
        let strace = "\
1100 clone(child_stack=NULL, flags=SIGCHLD) = 1101
1101 write(1, \"x\", 1 <unfinished ...>
1100 wait4(-1, NULL, 0, NULL <unfinished ...>
1101 <... write resumed>)              = 1
1101 +++ exited with 0 +++
1100 <... wait4 resumed>)              = 1101
1100 +++ exited with 0 +++
";
        let tracer = "\
2900 clone(child_stack=NULL, flags=SIGCHLD) = 2901
2901 write(1, \"x\", 1)                   = 1
2901 +++ exited with 0 +++
2900 wait4(-1, NULL, 0, NULL)           = 2901
2900 +++ exited with 0 +++
";
        let s = compare(&trace(strace, true), &trace(tracer, true));
        assert_eq!(
            (s.lines_a, s.lines_b, s.same_lines, s.same_names),
            (5, 5, 5, 5)
        );
    }

    #[test]
    fn a_missing_task_counts_all_its_lines() {
        let strace = "1000 clone(child_stack=NULL, flags=SIGCHLD) = 1001\n1001 close(3) = 0\n";
        let tracer = "2000 clone(child_stack=NULL, flags=SIGCHLD) = 2001\n";
        let s = compare(&trace(strace, true), &trace(tracer, true));
        assert_eq!((s.lines_a, s.lines_b, s.same_lines), (2, 1, 1));
        assert_eq!(s.by_name["close"], [0, 1, 0]);
        assert!(s.diff.contains("--- task P1.1\n@@"));
    }
}
