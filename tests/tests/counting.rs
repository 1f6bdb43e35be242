//! Counting mode: `-c` and `-C` (counted in the kernel) and their companions `-S`, `-U`,
//! `-e trace=`, `-z`, `-Z`, `--per`, `--histogram`, `--errors`, `--interval`, `--duration` and
//! `--metrics`, on the real kernel.
//!
//! strace 6.1 is the contract for what both print: the calls and errors of each syscall (times
//! differ from run to run, so they are never compared). Every output is read by one parser,
//! [`parse_output`], which splits it into the tables, the `--per` headings, the `--histogram`
//! blocks, the `--errors` tables and whatever else was printed (trace lines, with `-C`).
//!
//! The cgroups are real ones, made under the real cgroup2 mount with names unique to the test
//! and removed afterwards; tracer is attached once it prints `tracer: tracing cgroup /REL and
//! below`. Nothing here waits by sleeping: the tests wait for lines, for processes, or for a
//! task to block in a known syscall.
mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{
    Guarded, LineReader, LiveTracer, Normalise, Run, Scratch, TestCgroup, Tool, assert_lines,
    output_deadline, proc_state, ready_pid, run, tracee_bin, tracer_bin, wait_blocked_in_read,
};

// ---------------------------------------------------------------------------------------------
// The parser: one for strace's and tracer's summaries
// ---------------------------------------------------------------------------------------------

/// One row of a summary table, or its `total` line: the parts that don't depend on timing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    name: String,
    calls: u64,
    /// 0 when the cell is blank, as strace leaves it.
    errors: u64,
}

/// One `-c` table.
#[derive(Clone, Debug)]
struct Table {
    /// The column headers, in order (`% time`, `seconds`, …, `syscall`).
    headers: Vec<String>,
    /// The syscall rows, in printed order.
    rows: Vec<Row>,
    total: Row,
}

impl Table {
    fn row(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.name == name)
    }

    /// `NAME calls N errors E` per syscall by name, then the total: what two tables of the same
    /// run must share whatever the times were.
    fn calls_errors(&self) -> Vec<String> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        rows.into_iter()
            .chain([&self.total])
            .map(row_text)
            .collect()
    }
}

fn row_text(r: &Row) -> String {
    format!("{:<20} calls {:>6} errors {:>6}", r.name, r.calls, r.errors)
}

/// One syscall's `--histogram` block.
#[derive(Clone, Debug)]
struct Histogram {
    name: String,
    calls: u64,
    errors: u64,
    /// (`[lo, hi)`, count) per bucket line.
    buckets: Vec<(String, u64)>,
}

/// One row of an `--errors` table.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrnoRow {
    syscall: String,
    errno: String,
    calls: u64,
}

/// What belongs to one group: its `--per` heading (none without `--per`), its table, its
/// histograms and its errno table.
#[derive(Clone, Debug, Default)]
struct Section {
    heading: Option<String>,
    table: Option<Table>,
    histograms: Vec<Histogram>,
    errnos: Vec<ErrnoRow>,
}

impl Section {
    fn is_empty(&self) -> bool {
        self.heading.is_none()
            && self.table.is_none()
            && self.histograms.is_empty()
            && self.errnos.is_empty()
    }
}

/// A whole output: the sections in order, and the lines that are part of none (trace lines,
/// `+++` lines).
#[derive(Clone, Debug, Default)]
struct Output {
    sections: Vec<Section>,
    other: Vec<String>,
}

impl Output {
    fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().filter_map(|s| s.table.as_ref())
    }
}

/// A column's bytes in a line: `[start, end)`.
type Span = (usize, usize);

fn is_dashes(line: &str) -> bool {
    line.starts_with('-') && line.bytes().all(|b| b == b'-' || b == b' ')
}

/// The columns a dash line marks: `(start, end)` per run of dashes; the last one runs to the
/// end of the line (the syscall name is left-aligned and may be longer than its dashes).
fn spans(dashes: &str) -> Vec<Span> {
    let b = dashes.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'-' {
            let start = i;
            while i < b.len() && b[i] == b'-' {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    if let Some(last) = out.last_mut() {
        last.1 = usize::MAX;
    }
    out
}

fn cell(line: &str, (start, end): Span) -> &str {
    let end = end.min(line.len());
    line.get(start.min(end)..end).unwrap_or("").trim()
}

/// A table's header and its columns, if `lines[i + 1]` is a dash line under `lines[i]`.
fn header_at(lines: &[String], i: usize) -> Option<(Vec<String>, Vec<Span>)> {
    let head = lines.get(i)?;
    let dashes = lines.get(i + 1)?;
    if head.is_empty() || is_dashes(head) || !is_dashes(dashes) {
        return None;
    }
    let sp = spans(dashes);
    let headers = sp.iter().map(|&s| cell(head, s).to_owned()).collect();
    Some((headers, sp))
}

/// A `-c` table whose header is at `lines[i]`; the table and the index after its total line.
fn parse_table(lines: &[String], i: usize, headers: Vec<String>, sp: &[Span]) -> (Table, usize) {
    let col = |name: &str| headers.iter().position(|h| h == name);
    let name_col = col("syscall")
        .unwrap_or_else(|| panic!("a summary table without a syscall column: {headers:?}"));
    let calls_col = col("calls")
        .unwrap_or_else(|| panic!("a summary table without a calls column: {headers:?}"));
    let errors_col = col("errors");
    let row = |line: &str| -> Row {
        let num = |c: usize| -> u64 {
            let text = cell(line, sp[c]);
            if text.is_empty() {
                0
            } else {
                text.parse()
                    .unwrap_or_else(|_| panic!("not a count: {text:?} in the row {line:?}"))
            }
        };
        Row {
            name: cell(line, sp[name_col]).to_owned(),
            calls: num(calls_col),
            errors: errors_col.map_or(0, num),
        }
    };
    let mut j = i + 2;
    let mut rows = Vec::new();
    while let Some(l) = lines.get(j)
        && !is_dashes(l)
    {
        rows.push(row(l));
        j += 1;
    }
    let total = lines.get(j + 1).unwrap_or_else(|| {
        panic!(
            "a summary table without its total line:\n{}",
            lines.join("\n")
        )
    });
    let total = row(total);
    assert_eq!(total.name, "total", "the line after the second dashes");
    (
        Table {
            headers,
            rows,
            total,
        },
        j + 2,
    )
}

/// `NAME: N calls, min …, avg …, max …[, E errors]`.
fn histogram_header(line: &str) -> Option<Histogram> {
    let (name, rest) = line.split_once(": ")?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let (calls, rest) = rest.split_once(" calls, min ")?;
    let errors = match rest.rsplit_once(", ") {
        Some((_, e)) if e.ends_with(" errors") => e.trim_end_matches(" errors").parse().ok()?,
        _ => 0,
    };
    Some(Histogram {
        name: name.to_owned(),
        calls: calls.parse().ok()?,
        errors,
        buckets: Vec::new(),
    })
}

/// `  [LO, HI)  COUNT |@@@…|`.
fn histogram_bucket(line: &str) -> Option<(String, u64)> {
    let rest = line.strip_prefix("  [")?;
    let close = rest.find(')')?;
    let label = format!("[{}", &rest[..=close]);
    let (count, bar) = rest[close + 1..].trim_start().split_once(' ')?;
    (bar.starts_with('|') && bar.ends_with('|')).then_some(())?;
    Some((label, count.parse().ok()?))
}

/// `cgroup /REL:`, `cgroup /REL (LABEL):`, `process PID (COMM):`, `thread TID:` … → the text
/// before the colon.
fn heading(line: &str) -> Option<String> {
    let text = line.strip_suffix(':')?;
    ["cgroup ", "process ", "thread "]
        .iter()
        .any(|p| text.starts_with(p))
        .then(|| text.to_owned())
}

/// Splits a `-o` file of strace or tracer into what it holds; see [`Output`].
fn parse_output(lines: &[String]) -> Output {
    let mut out = Output::default();
    let mut cur = Section::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(h) = heading(line) {
            if !cur.is_empty() {
                out.sections.push(std::mem::take(&mut cur));
            }
            cur.heading = Some(h);
            i += 1;
        } else if let Some((headers, sp)) = header_at(lines, i) {
            if headers == ["syscall", "errno", "calls"] {
                i += 2;
                while let Some(l) = lines.get(i) {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    let [syscall, errno, calls] = f[..] else {
                        break;
                    };
                    let Ok(calls) = calls.parse() else { break };
                    cur.errnos.push(ErrnoRow {
                        syscall: syscall.to_owned(),
                        errno: errno.to_owned(),
                        calls,
                    });
                    i += 1;
                }
            } else {
                if cur.table.is_some() {
                    out.sections.push(std::mem::take(&mut cur));
                }
                let (t, next) = parse_table(lines, i, headers, &sp);
                cur.table = Some(t);
                i = next;
            }
        } else if let Some(mut h) = histogram_header(line) {
            i += 1;
            while let Some(b) = lines.get(i).and_then(|l| histogram_bucket(l)) {
                h.buckets.push(b);
                i += 1;
            }
            cur.histograms.push(h);
        } else {
            if !line.is_empty() {
                out.other.push(line.clone());
            }
            i += 1;
        }
    }
    if !cur.is_empty() {
        out.sections.push(cur);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running things
// ---------------------------------------------------------------------------------------------

/// Runs `TOOL FLAGS -o SCRATCH/NAME.TOOL.out -- CMD` to its end.
fn run_command(tool: Tool, flags: &[&str], cmd: &[&str], s: &Scratch, name: &str) -> Run {
    let out = s.path().join(format!("{name}.{}.out", tool.name()));
    let (status, _, stderr) = output_deadline(
        Command::new(tool.bin())
            .args(flags)
            .arg("-o")
            .arg(&out)
            .arg("--")
            .args(cmd),
        tool.name(),
    );
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "{} left no output in {} ({e}); status {status:?}, stderr:\n{stderr}",
            tool.name(),
            out.display()
        )
    });
    Run {
        tool,
        status,
        lines: text.lines().map(str::to_owned).collect(),
        stderr,
    }
}

/// `tracee files DIR` under `tool` with `flags`, in a new empty DIR of its own.
fn run_files(tool: Tool, flags: &[&str], s: &Scratch, name: &str) -> Run {
    let dir = s.subdir(&format!("{name}.{}", tool.name()));
    run(tool, flags, &["files", path_str(&dir)], s, name)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("paths here are UTF-8")
}

/// The run must have exited 0.
#[track_caller]
fn ok(r: Run) -> Run {
    assert_eq!(r.status.code(), Some(0), "{}", r.dump());
    r
}

/// The one table of a `-c` output that must hold nothing else.
#[track_caller]
fn only_table(r: &Run) -> Table {
    let out = parse_output(&r.lines);
    assert!(
        out.other.is_empty(),
        "{}: lines that are not part of the summary:\n{}\n{}",
        r.tool.name(),
        out.other.join("\n"),
        r.dump()
    );
    let tables: Vec<&Table> = out.tables().collect();
    assert_eq!(tables.len(), 1, "one table\n{}", r.dump());
    tables[0].clone()
}

/// What strace's trace (no `-c`) says each syscall did: (name → (calls, failures)), and the
/// failures per (name, errno). exit_group, which never returns, is left out, as strace's `-c`
/// leaves it out.
struct TraceCounts {
    calls: BTreeMap<String, (u64, u64)>,
    errnos: BTreeMap<(String, String), u64>,
}

fn trace_counts(lines: &[String]) -> TraceCounts {
    let mut calls: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut errnos = BTreeMap::new();
    for l in Normalise::default().lines(lines) {
        let Some(name) = l.syscall() else { continue };
        let Some((_, result)) = l.text.rsplit_once(" = ") else {
            continue;
        };
        if result == "?" {
            continue;
        }
        let c = calls.entry(name.to_owned()).or_default();
        c.0 += 1;
        if let Some(rest) = result.strip_prefix("-1 ") {
            c.1 += 1;
            let errno = rest.split(' ').next().unwrap_or("").to_owned();
            *errnos.entry((name.to_owned(), errno)).or_default() += 1;
        }
    }
    TraceCounts { calls, errnos }
}

/// Rows as [`Table::calls_errors`] prints them, from (name → (calls, errors)).
fn expected_rows(m: &BTreeMap<String, (u64, u64)>) -> Vec<String> {
    let (calls, errors) = m
        .values()
        .fold((0, 0), |(c, e), &(c1, e1)| (c + c1, e + e1));
    m.iter()
        .map(|(name, &(calls, errors))| Row {
            name: name.clone(),
            calls,
            errors,
        })
        .chain([Row {
            name: "total".into(),
            calls,
            errors,
        }])
        .map(|r| row_text(&r))
        .collect()
}

const DD: &[&str] = &["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=1000"];

// ---------------------------------------------------------------------------------------------
// -c against strace -c
// ---------------------------------------------------------------------------------------------

#[test]
fn dd_calls_and_errors_match_strace() {
    let s = Scratch::new("dd_calls_and_errors_match_strace");
    let want = only_table(&ok(run_command(Tool::Strace, &["-c"], DD, &s, "dd")));
    let got = only_table(&ok(run_command(Tool::Tracer, &["-c"], DD, &s, "dd")));
    assert!(
        want.row("read").is_some_and(|r| r.calls >= 1000),
        "strace counted dd's reads: {want:?}"
    );
    assert_lines(
        "tracer -c dd: calls and errors per syscall (expected: strace -c)",
        &want.calls_errors(),
        &got.calls_errors(),
    );
}

/// `-O 1s` takes more than any call took off every call: every time is 0, and the whole table,
/// sorted by name, is strace's text exactly.
#[test]
fn overhead_larger_than_every_call_zeroes_the_times_as_strace() {
    let s = Scratch::new("overhead_larger_than_every_call_zeroes_the_times_as_strace");
    let flags = ["-c", "-O1s", "-S", "name"];
    let want = ok(run_command(Tool::Strace, &flags, DD, &s, "dd"));
    let got = ok(run_command(Tool::Tracer, &flags, DD, &s, "dd"));
    assert!(
        want.lines.iter().any(|l| l.ends_with(" read")),
        "strace counted dd's reads:\n{}",
        want.dump()
    );
    assert_lines(
        "tracer -c -O1s -S name dd (expected: strace's table)",
        &want.lines,
        &got.lines,
    );
}

#[test]
fn files_calls_and_errors_match_strace() {
    let s = Scratch::new("files_calls_and_errors_match_strace");
    let want = only_table(&ok(run_files(Tool::Strace, &["-c"], &s, "files")));
    let got = only_table(&ok(run_files(Tool::Tracer, &["-c"], &s, "files")));
    assert!(want.total.errors > 0, "files has failures: {want:?}");
    assert_lines(
        "tracer -c files: calls and errors per syscall (expected: strace -c)",
        &want.calls_errors(),
        &got.calls_errors(),
    );
}

#[test]
fn trace_set_counts_only_those_syscalls_as_strace() {
    let s = Scratch::new("trace_set_counts_only_those_syscalls_as_strace");
    let flags = ["-c", "-e", "trace=openat,close,access"];
    let want = only_table(&ok(run_files(Tool::Strace, &flags, &s, "files")));
    let got = only_table(&ok(run_files(Tool::Tracer, &flags, &s, "files")));
    assert_lines(
        "tracer -c -e trace=openat,close,access files (expected: strace)",
        &want.calls_errors(),
        &got.calls_errors(),
    );
}

#[test]
fn sort_and_columns_match_strace() {
    let s = Scratch::new("sort_and_columns_match_strace");
    let flags = ["-c", "-S", "name", "-U", "name,calls,errors"];
    let want = only_table(&ok(run_files(Tool::Strace, &flags, &s, "files")));
    let got = only_table(&ok(run_files(Tool::Tracer, &flags, &s, "files")));
    let ordered = |t: &Table| -> Vec<String> {
        std::iter::once(t.headers.join(" | "))
            .chain(t.rows.iter().chain([&t.total]).map(row_text))
            .collect()
    };
    assert_lines(
        "tracer -c -S name -U name,calls,errors: headers and rows in order (expected: strace)",
        &ordered(&want),
        &ordered(&got),
    );
}

// ---------------------------------------------------------------------------------------------
// -c and -C: what else is printed
// ---------------------------------------------------------------------------------------------

#[test]
fn summary_only_prints_no_lines() {
    let s = Scratch::new("summary_only_prints_no_lines");
    let r = ok(run_files(Tool::Tracer, &["-c"], &s, "c"));
    // only_table fails on any line that isn't the table: syscall lines, `+++ exited`.
    let t = only_table(&r);
    assert!(t.row("write").is_some(), "a write row:\n{}", r.dump());
}

#[test]
fn summary_prints_the_lines_and_the_table() {
    let s = Scratch::new("summary_prints_the_lines_and_the_table");
    let r = ok(run_files(Tool::Tracer, &["-C"], &s, "C"));
    let out = parse_output(&r.lines);
    let tables: Vec<&Table> = out.tables().collect();
    assert_eq!(tables.len(), 1, "one table after the lines\n{}", r.dump());
    assert!(
        out.other.iter().any(|l| l.starts_with("write(")),
        "a write( line\n{}",
        r.dump()
    );
    assert!(
        out.other.iter().any(|l| l == "+++ exited with 0 +++"),
        "the +++ exited line\n{}",
        r.dump()
    );
    assert!(
        r.lines.last().is_some_and(|l| l.starts_with("100.00 ")),
        "the table comes last\n{}",
        r.dump()
    );
    // Each syscall's lines and its row tell the same story.
    let seen = trace_counts(&out.other);
    assert_lines(
        "tracer -C files: the table's calls and errors (expected: counted from its lines)",
        &expected_rows(&seen.calls),
        &tables[0].calls_errors(),
    );
}

// ---------------------------------------------------------------------------------------------
// -z, -Z
// ---------------------------------------------------------------------------------------------

#[test]
fn failed_only_counts_only_failures() {
    let s = Scratch::new("failed_only_counts_only_failures");
    let r = ok(run_files(Tool::Tracer, &["-c", "-Z"], &s, "cZ"));
    let t = only_table(&r);
    assert!(!t.rows.is_empty(), "files has failures\n{}", r.dump());
    let not_failures: Vec<String> = t
        .rows
        .iter()
        .chain([&t.total])
        .filter(|r| r.errors != r.calls)
        .map(row_text)
        .collect();
    assert!(
        not_failures.is_empty(),
        "tracer -c -Z: rows with calls that didn't fail (errors != calls):\n{}",
        not_failures.join("\n")
    );
    // strace -c ignores -Z; its plain trace says what failed.
    let trace = ok(run_files(Tool::Strace, &[], &s, "trace"));
    let failed: BTreeMap<String, (u64, u64)> = trace_counts(&trace.lines)
        .calls
        .into_iter()
        .filter(|(_, (_, e))| *e > 0)
        .map(|(n, (_, e))| (n, (e, e)))
        .collect();
    assert_lines(
        "tracer -c -Z files (expected: the failures in strace's trace)",
        &expected_rows(&failed),
        &t.calls_errors(),
    );
}

#[test]
fn successful_only_counts_only_successes() {
    let s = Scratch::new("successful_only_counts_only_successes");
    let r = ok(run_files(Tool::Tracer, &["-c", "-z"], &s, "cz"));
    let t = only_table(&r);
    let trace = ok(run_files(Tool::Strace, &[], &s, "trace"));
    let succeeded: BTreeMap<String, (u64, u64)> = trace_counts(&trace.lines)
        .calls
        .into_iter()
        .filter(|(_, (c, e))| c > e)
        .map(|(n, (c, e))| (n, (c - e, 0)))
        .collect();
    assert_lines(
        "tracer -c -z files (expected: the successes in strace's trace)",
        &expected_rows(&succeeded),
        &t.calls_errors(),
    );
}

// ---------------------------------------------------------------------------------------------
// --histogram, --errors
// ---------------------------------------------------------------------------------------------

#[test]
fn histogram_buckets_add_up_to_the_calls() {
    let s = Scratch::new("histogram_buckets_add_up_to_the_calls");
    let r = ok(run_command(
        Tool::Tracer,
        &["-c", "--histogram"],
        DD,
        &s,
        "hist",
    ));
    let out = parse_output(&r.lines);
    assert!(out.other.is_empty(), "only the summary\n{}", r.dump());
    assert_eq!(out.sections.len(), 1, "one section\n{}", r.dump());
    let sec = &out.sections[0];
    let table = sec.table.as_ref().expect("a table");
    let mut problems = Vec::new();
    for h in &sec.histograms {
        let sum: u64 = h.buckets.iter().map(|b| b.1).sum();
        if h.buckets.is_empty() || sum != h.calls {
            problems.push(format!(
                "{}: header says {} calls, buckets hold {sum} ({:?})",
                h.name, h.calls, h.buckets
            ));
        }
        match table.row(&h.name) {
            Some(row) if row.calls == h.calls && row.errors == h.errors => {}
            Some(row) => problems.push(format!(
                "{}: header says {} calls, {} errors; the table {} calls, {} errors",
                h.name, h.calls, h.errors, row.calls, row.errors
            )),
            None => problems.push(format!("{}: has a histogram but no row", h.name)),
        }
    }
    let mut in_table: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
    let mut in_hist: Vec<&str> = sec.histograms.iter().map(|h| h.name.as_str()).collect();
    in_table.sort_unstable();
    in_hist.sort_unstable();
    if in_table != in_hist {
        problems.push(format!(
            "syscalls with a row: {in_table:?}\nsyscalls with a histogram: {in_hist:?}"
        ));
    }
    assert!(
        table.row("read").is_some_and(|r| r.calls >= 1000),
        "dd's reads\n{}",
        r.dump()
    );
    assert!(
        problems.is_empty(),
        "tracer -c --histogram dd:\n{}\n{}",
        problems.join("\n"),
        r.dump()
    );
}

#[test]
fn errors_table_matches_strace_failures() {
    let s = Scratch::new("errors_table_matches_strace_failures");
    let r = ok(run_files(Tool::Tracer, &["-c", "--errors"], &s, "errors"));
    let out = parse_output(&r.lines);
    assert!(out.other.is_empty(), "only the summary\n{}", r.dump());
    assert_eq!(out.sections.len(), 1, "one section\n{}", r.dump());
    let sec = &out.sections[0];
    let errno_text = |syscall: &str, errno: &str, calls: u64| format!("{syscall} {errno} {calls}");
    let mut got: Vec<String> = sec
        .errnos
        .iter()
        .map(|e| errno_text(&e.syscall, &e.errno, e.calls))
        .collect();
    got.sort();
    let trace = ok(run_files(Tool::Strace, &[], &s, "trace"));
    let want: Vec<String> = trace_counts(&trace.lines)
        .errnos
        .iter()
        .map(|((n, e), c)| errno_text(n, e, *c))
        .collect();
    assert!(
        want.iter().any(|l| l.starts_with("openat ENOENT ")),
        "files fails an openat with ENOENT: {want:?}"
    );
    assert_lines(
        "tracer -c --errors files: syscall errno calls (expected: failures in strace's trace)",
        &want,
        &got,
    );
    // And the errno table adds up to the errors column.
    let table = sec.table.as_ref().expect("a table");
    let mut per_syscall: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for e in &sec.errnos {
        let row = table.row(&e.syscall).map_or(0, |r| r.calls);
        let v = per_syscall.entry(e.syscall.clone()).or_insert((row, 0));
        v.1 += e.calls;
    }
    let failing: BTreeMap<String, (u64, u64)> = table
        .rows
        .iter()
        .filter(|r| r.errors > 0)
        .map(|r| (r.name.clone(), (r.calls, r.errors)))
        .collect();
    assert_lines(
        "tracer -c --errors files: rows with errors (expected: summed from its errno table)",
        &expected_rows(&per_syscall),
        &expected_rows(&failing),
    );
}

// ---------------------------------------------------------------------------------------------
// --per
// ---------------------------------------------------------------------------------------------

fn storm(n: u64) -> Command {
    let mut c = Command::new(tracee_bin());
    c.args(["storm", &n.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn per_cgroup_one_table_per_child_cgroup() {
    let s = Scratch::new("per_cgroup_one_table_per_child_cgroup");
    let mut cg = TestCgroup::new("per-cgroup");
    let a = cg.mkdir("a");
    let b = cg.mkdir("b");
    let rel = cg.rel();
    let out = s.path().join("per.out");
    let mut t = LiveTracer::start(&[
        "-c",
        "--per",
        "cgroup",
        "-o",
        path_str(&out),
        "--cgroup",
        &rel,
    ]);
    t.wait_cgroup_line(&rel);
    let (na, nb) = (1234u64, 2345u64);
    let pa = Guarded::spawn_in(&mut storm(na), &a, "storm in a");
    let pb = Guarded::spawn_in(&mut storm(nb), &b, "storm in b");
    assert_eq!(pa.wait().code(), Some(0), "storm in a");
    assert_eq!(pb.wait().code(), Some(0), "storm in b");
    t.interrupt();
    let ended = t.finish();
    assert_eq!(
        ended.status.code(),
        Some(0),
        "tracer must exit 0 after SIGINT\n{}",
        ended.dump()
    );
    let lines: Vec<String> = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("no output in {} ({e})\n{}", out.display(), ended.dump()))
        .lines()
        .map(str::to_owned)
        .collect();
    let dump = format!("--- output ---\n{}\n{}", lines.join("\n"), ended.dump());
    let parsed = parse_output(&lines);
    assert!(parsed.other.is_empty(), "only headings and tables\n{dump}");
    // `cgroup /REL` or `cgroup /REL (LABEL)` → `/REL`.
    let path_of = |h: &str| -> String {
        let p = h.strip_prefix("cgroup ").unwrap_or(h);
        match p.find(" (") {
            Some(i) if p.ends_with(')') => p[..i].to_owned(),
            _ => p.to_owned(),
        }
    };
    let headings: Vec<String> = parsed
        .sections
        .iter()
        .map(|s| s.heading.clone().unwrap_or_default())
        .collect();
    let mut paths: Vec<String> = headings.iter().map(|h| path_of(h)).collect();
    paths.sort();
    assert_eq!(
        paths,
        [format!("{rel}/a"), format!("{rel}/b")],
        "one section per child cgroup, headed `cgroup PATH:` (headings: {headings:?})\n{dump}"
    );
    for (sub, n) in [("a", na), ("b", nb)] {
        let want = format!("{rel}/{sub}");
        let sec = parsed
            .sections
            .iter()
            .find(|s| s.heading.as_deref().is_some_and(|h| path_of(h) == want))
            .expect("checked above");
        let table = sec
            .table
            .as_ref()
            .unwrap_or_else(|| panic!("no table under {want}\n{dump}"));
        assert_eq!(
            table.row("getppid").map(|r| (r.calls, r.errors)),
            Some((n, 0)),
            "getppid calls in {want} (storm {n})\n{dump}"
        );
    }
}

#[test]
fn per_process_splits_parent_and_child() {
    let s = Scratch::new("per_process_splits_parent_and_child");
    let r = ok(run(
        Tool::Tracer,
        &["-c", "-f", "--per", "process"],
        &["fork"],
        &s,
        "fork",
    ));
    let out = parse_output(&r.lines);
    assert!(
        out.other.is_empty(),
        "only headings and tables\n{}",
        r.dump()
    );
    assert_eq!(out.sections.len(), 2, "two processes\n{}", r.dump());
    let find = |syscall: &str| {
        out.sections
            .iter()
            .find(|s| s.table.as_ref().is_some_and(|t| t.row(syscall).is_some()))
            .unwrap_or_else(|| panic!("no table with {syscall}\n{}", r.dump()))
    };
    let parent = find("wait4");
    let child = out
        .sections
        .iter()
        .find(|s| s.heading != parent.heading)
        .expect("two sections");
    for sec in [parent, child] {
        let h = sec.heading.as_deref().unwrap_or("");
        let pid = h
            .strip_prefix("process ")
            .and_then(|p| p.split(' ').next())
            .and_then(|p| p.parse::<u32>().ok());
        assert!(
            pid.is_some(),
            "heading {h:?}: `process PID:` or `process PID (COMM):`\n{}",
            r.dump()
        );
    }
    let ptable = parent.table.as_ref().expect("checked");
    let ctable = child.table.as_ref().expect("a table for the child");
    assert_eq!(
        ptable.row("fork").map(|r| (r.calls, r.errors)),
        Some((1, 0)),
        "the parent's fork\n{}",
        r.dump()
    );
    assert_eq!(
        ctable.calls_errors(),
        [
            row_text(&Row {
                name: "write".into(),
                calls: 1,
                errors: 1
            }),
            row_text(&Row {
                name: "total".into(),
                calls: 1,
                errors: 1
            }),
        ],
        "the child makes one write (EBADF) and exit_group, which isn't counted\n{}",
        r.dump()
    );
}

// ---------------------------------------------------------------------------------------------
// --interval, --duration
// ---------------------------------------------------------------------------------------------

/// Sums tables' rows: name → (calls, errors).
fn sum_rows<'a>(tables: impl IntoIterator<Item = &'a Table>) -> BTreeMap<String, (u64, u64)> {
    let mut sum: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for t in tables {
        for row in &t.rows {
            let v = sum.entry(row.name.clone()).or_default();
            v.0 += row.calls;
            v.1 += row.errors;
        }
    }
    sum
}

/// Waits, without sleeping, until the tables in the file at `out` (read only when it ends with
/// a whole table) satisfy `done`; returns how many tables there are then.
fn wait_for_tables(out: &Path, what: &str, done: impl Fn(&[&Table]) -> bool) -> usize {
    let start = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(out).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        if text.ends_with('\n') && lines.last().is_some_and(|l| l.starts_with("100.00 ")) {
            let parsed = parse_output(&lines);
            let tables: Vec<&Table> = parsed.tables().collect();
            if done(&tables) {
                return tables.len();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no {what} in {} after 60s; it holds:\n{text}",
            out.display()
        );
        std::thread::yield_now();
    }
}

#[test]
fn interval_tables_are_deltas_that_add_up_to_strace_counts() {
    let s = Scratch::new("interval_tables_are_deltas_that_add_up_to_strace_counts");
    // strace's stdin is /dev/null: the read returns 0 at once instead of 1 later, the same
    // syscalls.
    let want = only_table(&ok(run(
        Tool::Strace,
        &["-c"],
        &["wait-stdin"],
        &s,
        "strace",
    )));
    let out = s.path().join("interval.out");
    let (w, _) = Waiting::start(&["-c", "--interval", "0.05"], &out)
        .unwrap_or_else(|err| panic!("tracer ended at once:\n{}", err.join("\n")));
    // The tracee is blocked in its read, right after its `ready` write: once a table holds that
    // write, the tables hold everything before the read.
    let before = wait_for_tables(&out, "table with the `ready` write", |tables| {
        sum_rows(tables.iter().copied()).contains_key("write")
    });
    let (status, stderr) = w.release();
    let lines = read_lines(&out);
    let dump = format!(
        "--- output ---\n{}\ntracer exited with {status:?}\n--- stderr ---\n{}",
        lines.join("\n"),
        stderr.join("\n")
    );
    assert_eq!(status.code(), Some(0), "tracer\n{dump}");
    let parsed = parse_output(&lines);
    assert!(parsed.other.is_empty(), "only tables\n{dump}");
    let tables: Vec<&Table> = parsed.tables().collect();
    // What the tracee did after the byte came: the read returned, then the marker and getpid.
    let after = sum_rows(tables.iter().skip(before).copied());
    let want_after: BTreeMap<String, (u64, u64)> =
        [("read", (1, 0)), ("access", (1, 1)), ("getpid", (1, 0))]
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect();
    assert_lines(
        &format!(
            "tracer -c --interval wait-stdin: the tables after the first {before} (the \
             delta since the tracee blocked)\n{dump}\n"
        ),
        &expected_rows(&want_after),
        &expected_rows(&after),
    );
    assert_lines(
        &format!(
            "tracer -c --interval wait-stdin: its {} tables summed (expected: strace -c)",
            tables.len()
        ),
        &want.calls_errors(),
        &expected_rows(&sum_rows(tables.iter().copied())),
    );
}

/// `tracer ARGS -o OUT -- tracee wait-stdin` with its stdin and stdout piped: the tracee
/// inherits both, says `ready PID` on stdout and blocks reading stdin.
struct Waiting {
    tracer: Guarded,
    stdout: LineReader,
    stderr: LineReader,
}

impl Waiting {
    /// Starts it and waits until the tracee blocks; tracer's stderr if it ended before the
    /// tracee said `ready`.
    fn start(args: &[&str], out: &Path) -> Result<(Waiting, i32), Vec<String>> {
        let mut tracer = Guarded::spawn(
            Command::new(tracer_bin())
                .args(args)
                .arg("-o")
                .arg(out)
                .arg("--")
                .arg(tracee_bin())
                .arg("wait-stdin")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
            "tracer",
        );
        let stdout = tracer.child().stdout.take().expect("piped");
        let stderr = tracer.child().stderr.take().expect("piped");
        let mut w = Waiting {
            tracer,
            stdout: LineReader::new(stdout, "the tracee's stdout"),
            stderr: LineReader::new(stderr, "tracer's stderr"),
        };
        match w.stdout.next_line() {
            Some(l) => {
                let pid = ready_pid(&l);
                wait_blocked_in_read(pid, 0);
                Ok((w, pid))
            }
            None => Err(w.stderr.rest()),
        }
    }

    /// Lets the tracee read its byte and exit; waits for tracer.
    fn release(mut self) -> (std::process::ExitStatus, Vec<String>) {
        if let Some(mut stdin) = self.tracer.child().stdin.take() {
            let _ = stdin.write_all(b"x");
        }
        let status = self.tracer.wait();
        (status, self.stderr.rest())
    }
}

fn read_lines(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out)
        .unwrap_or_else(|e| panic!("no output in {} ({e})", out.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn duration_stops_tracing_a_running_command() {
    let s = Scratch::new("duration_stops_tracing_a_running_command");
    let out = s.path().join("duration.out");
    let (w, pid) = Waiting::start(&["-c", "--duration", "0.3"], &out)
        .unwrap_or_else(|err| panic!("tracer ended at once:\n{}", err.join("\n")));
    // tracer must end by itself while the tracee still waits for its byte.
    let Waiting {
        mut tracer,
        stdout: _stdout,
        stderr,
    } = w;
    let stdin = tracer.child().stdin.take();
    let status = tracer.wait();
    let still_there = proc_state(pid);
    drop(stdin);
    let dump = format!(
        "tracer exited with {status:?}\n--- stderr ---\n{}",
        stderr.rest().join("\n")
    );
    assert_eq!(status.code(), Some(0), "tracer after --duration\n{dump}");
    assert!(
        still_there.is_some(),
        "the tracee {pid} is still running when tracer stops\n{dump}"
    );
    let lines = read_lines(&out);
    let parsed = parse_output(&lines);
    let tables: Vec<&Table> = parsed.tables().collect();
    assert_eq!(
        tables.len(),
        1,
        "the table of what was counted\n{}\n{dump}",
        lines.join("\n")
    );
    assert!(
        tables[0].row("write").is_some_and(|r| r.calls >= 1),
        "the tracee's `ready` write is counted\n{}\n{dump}",
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// --metrics
// ---------------------------------------------------------------------------------------------

/// A port nobody listens on now (the kernel picks it; it is released at once).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// `GET PATH` over loopback: the status line and the body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    let mut sock = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    sock.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("read timeout");
    write!(
        sock,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut resp = Vec::new();
    sock.read_to_end(&mut resp)
        .unwrap_or_else(|e| panic!("read the response from {addr}: {e}"));
    let resp = String::from_utf8_lossy(&resp).into_owned();
    let (head, body) = resp
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of the head in {resp:?}"));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

/// One sample of the text format: `NAME{LABELS} VALUE`.
#[derive(Clone, Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// `k="v",…` with the format's escapes (`\\`, `\"`, `\n`).
fn parse_labels(s: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (key, r) = rest.split_once("=\"")?;
        let mut value = String::new();
        let mut chars = r.char_indices();
        let end = loop {
            let (i, c) = chars.next()?;
            match c {
                '\\' => match chars.next()?.1 {
                    'n' => value.push('\n'),
                    c => value.push(c),
                },
                '"' => break i,
                c => value.push(c),
            }
        };
        out.insert(key.trim().to_owned(), value);
        rest = r[end + 1..].trim_start_matches(',');
    }
    Some(out)
}

fn bad_sample<T>(line: &str) -> T {
    panic!("not a sample line: {line:?}")
}

fn parse_metrics(body: &str) -> Vec<Sample> {
    body.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').unwrap_or_else(|| bad_sample(l));
            let (name, labels) = match series.split_once('{') {
                Some((n, rest)) => (
                    n,
                    rest.strip_suffix('}')
                        .and_then(parse_labels)
                        .unwrap_or_else(|| bad_sample(l)),
                ),
                None => (series, BTreeMap::new()),
            };
            let value = match value {
                "+Inf" => f64::INFINITY,
                v => v.parse().unwrap_or_else(|_| bad_sample(l)),
            };
            Sample {
                name: name.to_owned(),
                labels,
                value,
            }
        })
        .collect()
}

/// The value of `name` with exactly `labels`.
fn sample(samples: &[Sample], name: &str, labels: &BTreeMap<String, String>) -> Option<f64> {
    samples
        .iter()
        .find(|s| s.name == name && s.labels == *labels)
        .map(|s| s.value)
}

#[test]
fn metrics_serves_the_counters_while_tracing() {
    let s = Scratch::new("metrics_serves_the_counters_while_tracing");
    let out = s.path().join("metrics.out");
    // The port is free when picked; another program may take it before tracer binds it, so
    // a failure to bind is retried with another one.
    let mut tries = Vec::new();
    let (w, addr) = loop {
        let addr = format!("127.0.0.1:{}", free_port());
        match Waiting::start(&["-c", "--metrics", &addr], &out) {
            Ok((w, _)) => break (w, addr),
            Err(stderr) => {
                tries.push(format!("{addr}: {}", stderr.join("\n")));
                assert!(
                    tries.len() < 5,
                    "tracer --metrics never started:\n{}",
                    tries.join("\n")
                );
            }
        }
    };
    let (status_line, body) = http_get(&addr, "/metrics");
    let samples = parse_metrics(&body);
    let mut problems = Vec::new();
    if !status_line.starts_with("HTTP/1.1 200") {
        problems.push(format!("status line {status_line:?}"));
    }
    let labels = |syscall: &str| -> BTreeMap<String, String> {
        [("syscall", syscall), ("cgroup", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };
    match sample(&samples, "tracer_syscalls_total", &labels("write")) {
        Some(v) if v >= 1.0 => {}
        v => problems.push(format!(
            "tracer_syscalls_total{{syscall=\"write\",cgroup=\"\"}}: expected >= 1 (the \
             tracee's `ready` write), got {v:?}"
        )),
    }
    let calls: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.name == "tracer_syscalls_total")
        .collect();
    for c in &calls {
        let series = format!("{:?}", c.labels);
        let count = sample(&samples, "tracer_syscall_duration_seconds_count", &c.labels);
        if count != Some(c.value) {
            problems.push(format!(
                "{series}: _count {count:?}, tracer_syscalls_total {}",
                c.value
            ));
        }
        let mut inf = c.labels.clone();
        inf.insert("le".into(), "+Inf".into());
        let top = sample(&samples, "tracer_syscall_duration_seconds_bucket", &inf);
        if top != count {
            problems.push(format!("{series}: +Inf bucket {top:?}, _count {count:?}"));
        }
        let errors = sample(&samples, "tracer_syscall_errors_total", &c.labels);
        if errors.is_none_or(|e| e > c.value) {
            problems.push(format!(
                "{series}: tracer_syscall_errors_total {errors:?}, calls {}",
                c.value
            ));
        }
        // Cumulative buckets never decrease as `le` grows.
        let mut buckets: Vec<(f64, f64)> = samples
            .iter()
            .filter(|s| s.name == "tracer_syscall_duration_seconds_bucket")
            .filter(|s| {
                let mut l = s.labels.clone();
                l.remove("le");
                l == c.labels
            })
            .map(|s| {
                let le = s.labels.get("le").map_or(f64::NAN, |v| match v.as_str() {
                    "+Inf" => f64::INFINITY,
                    v => v.parse().unwrap_or(f64::NAN),
                });
                (le, s.value)
            })
            .collect();
        buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        if buckets.windows(2).any(|w| w[1].1 < w[0].1) {
            problems.push(format!("{series}: buckets decrease: {buckets:?}"));
        }
    }
    let (status, stderr) = w.release();
    assert!(
        problems.is_empty(),
        "GET /metrics:\n{}\n--- body ---\n{body}\n--- tracer stderr ---\n{}",
        problems.join("\n"),
        stderr.join("\n")
    );
    assert_eq!(
        status.code(),
        Some(0),
        "tracer (the tracee exits 0)\n{}",
        stderr.join("\n")
    );
    // The final table counts at least what was served.
    let lines = read_lines(&out);
    let parsed = parse_output(&lines);
    let tables: Vec<&Table> = parsed.tables().collect();
    assert_eq!(tables.len(), 1, "one table\n{}", lines.join("\n"));
    let mut below = Vec::new();
    for c in &calls {
        let name = c.labels.get("syscall").map_or("", String::as_str);
        let at_end = tables[0].row(name).map_or(0, |r| r.calls);
        if (at_end as f64) < c.value {
            below.push(format!("{name}: served {}, table {at_end}", c.value));
        }
    }
    assert!(
        below.is_empty(),
        "the final table counts less than /metrics served:\n{}\n--- table ---\n{}",
        below.join("\n"),
        lines.join("\n")
    );
}
