//! Counting mode (`-c`, `-C`): the counters the kernel aggregated, merged over CPUs, and
//! strace's summary table.
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::{self, Write};

use tracer_common::HIST_BUCKETS;

use crate::table::Table;
use crate::table::errno::errno_name;

/// Counters of one syscall (in one group), summed over CPUs: the kernel's own counter type,
/// which knows how to merge and subtract.
pub use tracer_common::StatVal as SyscallStats;

/// Everything counted so far: per group (0 when not split, else a cgroup id, tgid or tid), per
/// syscall number; and, with `--errors`, calls per (group, syscall, errno).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub groups: BTreeMap<u64, BTreeMap<u32, SyscallStats>>,
    pub errors: BTreeMap<(u64, u32, u32), u64>,
}

impl Counts {
    /// What happened since `earlier` (`--interval`).
    pub fn since(&self, earlier: &Counts) -> Counts {
        let mut d = Counts::default();
        for (g, m) in &self.groups {
            let old = earlier.groups.get(g);
            let dm = d.groups.entry(*g).or_default();
            for (nr, st) in m {
                let delta = match old.and_then(|o| o.get(nr)) {
                    Some(o) => st.since(o),
                    None => *st,
                };
                if delta.calls > 0 {
                    dm.insert(*nr, delta);
                }
            }
        }
        d.groups.retain(|_, m| !m.is_empty());
        for (k, n) in &self.errors {
            let delta = n.saturating_sub(earlier.errors.get(k).copied().unwrap_or(0));
            if delta > 0 {
                d.errors.insert(*k, delta);
            }
        }
        d
    }
}

/// Sums every group's counters: the one table printed when the counts are not split.
pub fn merge_groups(counts: &Counts) -> BTreeMap<u32, SyscallStats> {
    let mut all: BTreeMap<u32, SyscallStats> = BTreeMap::new();
    for stats in counts.groups.values() {
        for (&nr, s) in stats {
            all.entry(nr).or_default().merge(s);
        }
    }
    all
}

/// A bad `-S` or `-U` value; Display is strace's message after `strace: `.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SummaryError {
    #[error("invalid sortby: '{value}'")]
    InvalidSortBy { value: String },
    #[error("unknown column name: '{name}'")]
    UnknownColumn { name: String },
    #[error(
        "call summary column has been provided more than once: '{name}' (-U option residual: '{residual}')"
    )]
    DuplicateColumn { name: String, residual: String },
}

/// The order of the table's rows (`-S`). Every order but `Name` is descending; ties keep
/// syscall number order, as strace's (stable, in glibc) `qsort` does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Time,
    Calls,
    Errors,
    Name,
    AvgTime,
    MinTime,
    MaxTime,
    /// Syscall number order.
    Nothing,
}

/// A column of the table (`-U`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// `% time`: share of the total time.
    TimePercent,
    /// `seconds`.
    TotalTime,
    /// `shortest` (seconds).
    MinTime,
    /// `longest` (seconds).
    MaxTime,
    /// `usecs/call`.
    AvgTime,
    Calls,
    Errors,
    /// `syscall`; always shown.
    Name,
}

/// strace's columns without `-U`.
pub const DEFAULT_COLUMNS: &[Column] = &[
    Column::TimePercent,
    Column::TotalTime,
    Column::AvgTime,
    Column::Calls,
    Column::Errors,
    Column::Name,
];

/// The names `-S` and `-U` accept (strace's `column_aliases`); `None` is "no column", which
/// only `-S` takes.
const ALIASES: &[(&str, Option<Column>)] = &[
    ("time", Some(Column::TimePercent)),
    ("time_percent", Some(Column::TimePercent)),
    ("time-percent", Some(Column::TimePercent)),
    ("time_total", Some(Column::TotalTime)),
    ("time-total", Some(Column::TotalTime)),
    ("total_time", Some(Column::TotalTime)),
    ("total-time", Some(Column::TotalTime)),
    ("min_time", Some(Column::MinTime)),
    ("min-time", Some(Column::MinTime)),
    ("shortest", Some(Column::MinTime)),
    ("time_min", Some(Column::MinTime)),
    ("time-min", Some(Column::MinTime)),
    ("longest", Some(Column::MaxTime)),
    ("max_time", Some(Column::MaxTime)),
    ("max-time", Some(Column::MaxTime)),
    ("time_max", Some(Column::MaxTime)),
    ("time-max", Some(Column::MaxTime)),
    ("avg_time", Some(Column::AvgTime)),
    ("avg-time", Some(Column::AvgTime)),
    ("time_avg", Some(Column::AvgTime)),
    ("time-avg", Some(Column::AvgTime)),
    ("calls", Some(Column::Calls)),
    ("count", Some(Column::Calls)),
    ("error", Some(Column::Errors)),
    ("errors", Some(Column::Errors)),
    ("name", Some(Column::Name)),
    ("syscall", Some(Column::Name)),
    ("syscall_name", Some(Column::Name)),
    ("syscall-name", Some(Column::Name)),
    ("none", None),
    ("nothing", None),
];

/// `-S KEY`: any column name (sorting by `% time` or `seconds` is sorting by time), or
/// `none`/`nothing`. Case matters, as in strace.
pub fn parse_sortby(s: &str) -> Result<SortBy, SummaryError> {
    let (_, col) = ALIASES
        .iter()
        .find(|&&(name, _)| name == s)
        .ok_or_else(|| SummaryError::InvalidSortBy {
            value: s.to_owned(),
        })?;
    Ok(match col {
        Some(Column::TimePercent | Column::TotalTime) => SortBy::Time,
        Some(Column::MinTime) => SortBy::MinTime,
        Some(Column::MaxTime) => SortBy::MaxTime,
        Some(Column::AvgTime) => SortBy::AvgTime,
        Some(Column::Calls) => SortBy::Calls,
        Some(Column::Errors) => SortBy::Errors,
        Some(Column::Name) => SortBy::Name,
        None => SortBy::Nothing,
    })
}

/// `-U COL,COL,…`: in the order given, each at most once; the syscall name is appended when
/// not listed. Empty items are unknown columns, as in strace.
pub fn parse_columns(s: &str) -> Result<Vec<Column>, SummaryError> {
    let mut columns: Vec<Column> = Vec::new();
    let mut start = 0;
    for item in s.split(',') {
        let residual = s.get(start..).unwrap_or_default();
        start += item.len() + 1;
        let Some(&(name, Some(col))) = ALIASES
            .iter()
            .find(|&&(name, col)| name == item && col.is_some())
        else {
            return Err(SummaryError::UnknownColumn {
                name: item.to_owned(),
            });
        };
        if columns.contains(&col) {
            return Err(SummaryError::DuplicateColumn {
                name: name.to_owned(),
                residual: residual.to_owned(),
            });
        }
        columns.push(col);
    }
    if !columns.contains(&Column::Name) {
        columns.push(Column::Name);
    }
    Ok(columns)
}

/// How to print the table (`-S`, `-U`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryOpts {
    pub sort: SortBy,
    pub columns: Vec<Column>,
    /// `-O`: nanoseconds taken off each call's time (at 0 a call's time stays 0). strace takes
    /// it off each call as it is counted; the kernel keeps sums, so here it comes off the total
    /// once per call and off the minimum and maximum, which is the same unless a call was
    /// shorter than the overhead.
    pub overhead_ns: u64,
}

impl Default for SummaryOpts {
    fn default() -> Self {
        SummaryOpts {
            sort: SortBy::Time,
            columns: DEFAULT_COLUMNS.to_vec(),
            overhead_ns: 0,
        }
    }
}

const NS_PER_SEC: u64 = 1_000_000_000;

/// strace's `struct timespec`: its summary does its arithmetic (and its rounding) in these.
/// The derived order is strace's `ts_cmp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Ts {
    sec: u64,
    nsec: u64,
}

impl Ts {
    const ZERO: Ts = Ts { sec: 0, nsec: 0 };
    const MAX: Ts = Ts {
        sec: u64::MAX,
        nsec: NS_PER_SEC - 1,
    };

    fn from_ns(ns: u64) -> Ts {
        Ts {
            sec: ns / NS_PER_SEC,
            nsec: ns % NS_PER_SEC,
        }
    }

    /// `ts_float`.
    fn float(self) -> f64 {
        self.sec as f64 + self.nsec as f64 / 1e9
    }

    /// `ts_div`: the quotient rounded to the nearest nanosecond (in C's unsigned arithmetic).
    fn div(self, n: u64) -> Ts {
        let n = n.max(1);
        let nsec = (self.sec % n)
            .wrapping_mul(NS_PER_SEC)
            .wrapping_add(self.nsec)
            .wrapping_add(n / 2)
            / n;
        Ts {
            sec: self.sec / n + nsec / NS_PER_SEC,
            nsec: nsec % NS_PER_SEC,
        }
    }

    fn nsecs(self) -> u64 {
        self.sec
            .saturating_mul(NS_PER_SEC)
            .saturating_add(self.nsec)
    }

    /// `usecs/call` of an average: truncated, through a double.
    fn usecs(self) -> u64 {
        (self.float() * 1e6) as u64
    }
}

/// strace's name for a syscall number; numbers it has no name for print as `syscall_0x…`.
fn syscall_name(table: &Table, nr: u32) -> Cow<'static, str> {
    match table.name(nr) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(format!("syscall_0x{nr:x}")),
    }
}

/// One syscall's row, in strace's terms.
struct Line {
    name: Cow<'static, str>,
    total_ns: u64,
    calls: u64,
    errors: u64,
    time: Ts,
    min: Ts,
    max: Ts,
    avg: Ts,
}

/// The rows of the syscalls that were called, in syscall number order.
fn lines(table: &Table, stats: &BTreeMap<u32, SyscallStats>, overhead_ns: u64) -> Vec<Line> {
    stats
        .iter()
        .filter(|(_, s)| s.calls > 0)
        .map(|(&nr, s)| {
            let total_ns = s
                .total_ns
                .saturating_sub(s.calls.saturating_mul(overhead_ns));
            let time = Ts::from_ns(total_ns);
            Line {
                name: syscall_name(table, nr),
                total_ns,
                calls: s.calls,
                errors: s.errors,
                time,
                min: Ts::from_ns(s.min_ns.saturating_sub(overhead_ns)),
                max: Ts::from_ns(s.max_ns.saturating_sub(overhead_ns)),
                avg: time.div(s.calls),
            }
        })
        .collect()
}

/// Orders rows as strace's `-S` does. The sort is stable, so ties stay in syscall number order.
/// (strace 6.1 compares calls and errors truncated to 32 bits; these compare all 64.)
fn sort_lines(lines: &mut [Line], sort: SortBy) {
    match sort {
        SortBy::Time => lines.sort_by_key(|l| Reverse(l.time)),
        SortBy::Calls => lines.sort_by_key(|l| Reverse(l.calls)),
        SortBy::Errors => lines.sort_by_key(|l| Reverse(l.errors)),
        SortBy::Name => lines.sort_by(|a, b| a.name.cmp(&b.name)),
        SortBy::AvgTime => lines.sort_by_key(|l| Reverse(l.avg)),
        SortBy::MinTime => lines.sort_by_key(|l| Reverse(l.min)),
        SortBy::MaxTime => lines.sort_by_key(|l| Reverse(l.max)),
        SortBy::Nothing => {}
    }
}

/// What a cell holds, and so how strace prints it.
enum Cell<'a> {
    /// `%*.Nf`.
    Fixed(f64, usize),
    /// `%*llu`.
    Int(u64),
    /// `%*.0llu`: blank when 0.
    Count(u64),
    /// `%-*s`, or `%s` in the last column.
    Text(&'a str),
    /// `%*s`: the headers of the numbers.
    Right(&'a str),
}

impl Column {
    /// The header and its minimum width.
    fn header(self) -> (&'static str, usize) {
        match self {
            Column::TimePercent => ("% time", 6),
            Column::TotalTime => ("seconds", 11),
            Column::MinTime => ("shortest", 8),
            Column::MaxTime => ("longest", 7),
            Column::AvgTime => ("usecs/call", 11),
            Column::Calls => ("calls", 9),
            Column::Errors => ("errors", 9),
            Column::Name => ("syscall", 16),
        }
    }
}

fn write_cell(out: &mut impl Write, cell: Cell<'_>, width: usize, last: bool) -> fmt::Result {
    match cell {
        Cell::Fixed(v, prec) => write!(out, "{v:>width$.prec$}"),
        Cell::Int(n) => write!(out, "{n:>width$}"),
        Cell::Count(0) => write!(out, "{:width$}", ""),
        Cell::Count(n) => write!(out, "{n:>width$}"),
        Cell::Text(s) if last => out.write_str(s),
        Cell::Text(s) => write!(out, "{s:<width$}"),
        Cell::Right(s) => write!(out, "{s:>width$}"),
    }
}

/// Writes one row: cells separated by a space.
fn write_row<'a>(
    out: &mut impl Write,
    columns: &[(Column, usize)],
    cell: impl Fn(Column) -> Cell<'a>,
) -> fmt::Result {
    for (i, &(col, width)) in columns.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        write_cell(out, cell(col), width, i + 1 == columns.len())?;
    }
    out.write_char('\n')
}

fn write_dashes(out: &mut impl Write, columns: &[(Column, usize)]) -> fmt::Result {
    for (i, &(_, width)) in columns.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        write!(out, "{:-<width$}", "")?;
    }
    out.write_char('\n')
}

/// strace's `-c` table for one group's counters, byte for byte (strace's `call_summary_pers`):
/// header, dashes, a row per syscall called, dashes, `total`. Nothing at all when no syscall
/// was called, as strace.
pub fn format_table(
    out: &mut String,
    table: &Table,
    stats: &BTreeMap<u32, SyscallStats>,
    opts: &SummaryOpts,
) {
    // Writing into a String cannot fail.
    let _ = write_table(out, table, stats, opts);
}

fn write_table(
    out: &mut impl Write,
    table: &Table,
    stats: &BTreeMap<u32, SyscallStats>,
    opts: &SummaryOpts,
) -> fmt::Result {
    let mut lines = lines(table, stats, opts.overhead_ns);
    if lines.is_empty() {
        return Ok(());
    }
    let mut cum_ns = 0u64;
    let (mut calls, mut errors) = (0u64, 0u64);
    let (mut min, mut max) = (Ts::MAX, Ts::ZERO);
    let (mut min_max, mut avg_max) = (Ts::ZERO, Ts::ZERO);
    let mut name_max = 0;
    for l in &lines {
        cum_ns = cum_ns.saturating_add(l.total_ns);
        calls = calls.saturating_add(l.calls);
        errors = errors.saturating_add(l.errors);
        min = min.min(l.min);
        min_max = min_max.max(l.min);
        max = max.max(l.max);
        avg_max = avg_max.max(l.avg);
        name_max = name_max.max(l.name.len());
    }
    let cum = Ts::from_ns(cum_ns).float();
    sort_lines(&mut lines, opts.sort);

    let columns: Vec<(Column, usize)> = opts
        .columns
        .iter()
        .map(|&col| {
            let wanted = match col {
                Column::TimePercent => "100.00".len(),
                Column::TotalTime => format!("{cum:.6}").len(),
                Column::MinTime => format!("{}.000000", min_max.sec).len(),
                Column::MaxTime => format!("{}.000000", max.sec).len(),
                // strace prints the unsigned number with a signed format.
                Column::AvgTime => (avg_max.usecs() as i64).to_string().len(),
                Column::Calls => calls.to_string().len(),
                Column::Errors => errors.to_string().len(),
                Column::Name => name_max + 1,
            };
            (col, col.header().1.max(wanted))
        })
        .collect();

    write_row(out, &columns, |col| match col {
        Column::Name => Cell::Text(col.header().0),
        _ => Cell::Right(col.header().0),
    })?;
    write_dashes(out, &columns)?;
    for l in &lines {
        let time = l.time.float();
        let mut percent = 100.0 * time;
        // Not 0/0 when every time is 0.
        if percent != 0.0 {
            percent /= cum;
        }
        write_row(out, &columns, |col| match col {
            Column::TimePercent => Cell::Fixed(percent, 2),
            Column::TotalTime => Cell::Fixed(time, 6),
            Column::MinTime => Cell::Fixed(l.min.float(), 6),
            Column::MaxTime => Cell::Fixed(l.max.float(), 6),
            Column::AvgTime => Cell::Int(l.avg.usecs()),
            Column::Calls => Cell::Int(l.calls),
            Column::Errors => Cell::Count(l.errors),
            Column::Name => Cell::Text(&l.name),
        })?;
    }
    write_dashes(out, &columns)?;
    write_row(out, &columns, |col| match col {
        Column::TimePercent => Cell::Fixed(100.0, 2),
        Column::TotalTime => Cell::Fixed(cum, 6),
        Column::MinTime => Cell::Fixed(min.float(), 6),
        Column::MaxTime => Cell::Fixed(max.float(), 6),
        Column::AvgTime => Cell::Int((cum / calls as f64 * 1e6) as u64),
        Column::Calls => Cell::Int(calls),
        Column::Errors => Cell::Count(errors),
        Column::Name => Cell::Text("total"),
    })
}

/// A duration with three significant digits in the largest unit that keeps it at least 1:
/// `512ns`, `1.02us`, `16.4us`, `131ms`, `2.15s`.
fn human_ns(ns: u64) -> String {
    const UNITS: [(&str, f64); 3] = [("us", 1e3), ("ms", 1e6), ("s", 1e9)];
    if ns < 1000 {
        return format!("{ns}ns");
    }
    let mut shown = String::new();
    for (unit, scale) in UNITS {
        let v = ns as f64 / scale;
        // Digits after the point that leave three significant ones.
        let prec = match v {
            v if v < 9.995 => 2,
            v if v < 99.95 => 1,
            _ => 0,
        };
        shown = format!("{v:.prec$}{unit}");
        if v < 999.5 {
            break;
        }
    }
    shown
}

/// The label of latency bucket `i`: `[lo, hi)`; the first also holds 0 and the last is open.
fn bucket_label(i: usize) -> String {
    let lo = if i == 0 { 0 } else { 1u64 << i };
    let lo = if lo == 0 {
        "0".to_owned()
    } else {
        human_ns(lo)
    };
    if i + 1 >= HIST_BUCKETS {
        format!("[{lo}, ...)")
    } else {
        format!("[{lo}, {})", human_ns(1u64 << (i + 1)))
    }
}

/// Width of the histogram's bars for the fullest bucket.
const BAR_WIDTH: u64 = 40;

/// `--histogram`: per syscall called (in the table's default order, by total time), a line
/// with its calls and min/avg/max latency, then one line per log2 latency bucket from the
/// first non-empty to the last one, each with the exact count of that bucket and a bar scaled
/// to the syscall's fullest bucket:
///
/// ```text
/// read: 1003 calls, min 2.49us, avg 3.25us, max 100us
///   [2.05us, 4.10us)  950 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
/// ```
pub fn format_histogram(out: &mut String, table: &Table, stats: &BTreeMap<u32, SyscallStats>) {
    // Writing into a String cannot fail.
    let _ = write_histogram(out, table, stats);
}

fn write_histogram(
    out: &mut impl Write,
    table: &Table,
    stats: &BTreeMap<u32, SyscallStats>,
) -> fmt::Result {
    let mut called: Vec<(u32, &SyscallStats)> = stats
        .iter()
        .filter(|(_, s)| s.calls > 0)
        .map(|(&nr, s)| (nr, s))
        .collect();
    called.sort_by_key(|&(_, s)| Reverse(s.total_ns));
    // One alignment for every block, so they read as one table.
    let shown = |s: &SyscallStats| {
        let first = s.hist.iter().position(|&c| c > 0);
        let last = s.hist.iter().rposition(|&c| c > 0);
        first.zip(last).map(|(f, l)| f..=l)
    };
    let mut label_w = 0;
    let mut count_w = 0;
    for (_, s) in &called {
        for i in shown(s).into_iter().flatten() {
            label_w = label_w.max(bucket_label(i).len());
            count_w = count_w.max(s.hist[i].to_string().len());
        }
    }
    for (n, (nr, s)) in called.iter().enumerate() {
        if n > 0 {
            out.write_char('\n')?;
        }
        write!(
            out,
            "{}: {} calls, min {}, avg {}, max {}",
            syscall_name(table, *nr),
            s.calls,
            human_ns(s.min_ns),
            human_ns(Ts::from_ns(s.total_ns).div(s.calls).nsecs()),
            human_ns(s.max_ns),
        )?;
        if s.errors > 0 {
            write!(out, ", {} errors", s.errors)?;
        }
        out.write_char('\n')?;
        let fullest = s.hist.iter().copied().max().unwrap_or(0).max(1);
        for i in shown(s).into_iter().flatten() {
            let count = s.hist[i];
            let bar = (u128::from(count) * u128::from(BAR_WIDTH) / u128::from(fullest)) as usize;
            // A bucket with calls always shows some bar.
            let bar = if count > 0 { bar.max(1) } else { 0 };
            writeln!(
                out,
                "  {:<label_w$}  {count:>count_w$} |{:<bar_w$}|",
                bucket_label(i),
                "@".repeat(bar),
                bar_w = BAR_WIDTH as usize,
            )?;
        }
    }
    Ok(())
}

/// The name of errno `e` as strace prints it, or its number when strace has no name for it.
fn errno_label(e: u32) -> Cow<'static, str> {
    match i32::try_from(e).ok().and_then(errno_name) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(e.to_string()),
    }
}

/// `--errors`: the calls of `group` that failed, per syscall and errno:
///
/// ```text
/// syscall          errno      calls
/// ---------------- ------ ---------
/// openat           ENOENT        16
/// access           ENOENT         1
/// ```
///
/// Syscalls with the most failures first, and within one its most frequent errno first; ties
/// in syscall, then errno, number order. Nothing when nothing failed.
pub fn format_errors(
    out: &mut String,
    table: &Table,
    errors: &BTreeMap<(u64, u32, u32), u64>,
    group: u64,
) {
    // Writing into a String cannot fail.
    let _ = write_errors(out, table, errors, group);
}

fn write_errors(
    out: &mut impl Write,
    table: &Table,
    errors: &BTreeMap<(u64, u32, u32), u64>,
    group: u64,
) -> fmt::Result {
    // (syscall's failures, nr, count, errno), in number order.
    let mut rows: Vec<(u64, u32, u64, u32)> = errors
        .range((group, 0, 0)..=(group, u32::MAX, u32::MAX))
        .filter(|&(_, &count)| count > 0)
        .map(|(&(_, nr, errno), &count)| (0, nr, count, errno))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut per_nr: BTreeMap<u32, u64> = BTreeMap::new();
    for &(_, nr, count, _) in &rows {
        let total = per_nr.entry(nr).or_default();
        *total = total.saturating_add(count);
    }
    for row in &mut rows {
        row.0 = per_nr.get(&row.1).copied().unwrap_or(0);
    }
    // Stable: equal keys stay in (nr, errno) order.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)));
    let rows: Vec<(Cow<'static, str>, Cow<'static, str>, u64)> = rows
        .into_iter()
        .map(|(_, nr, count, errno)| (syscall_name(table, nr), errno_label(errno), count))
        .collect();
    let name_w = rows
        .iter()
        .map(|r| r.0.len() + 1)
        .fold("syscall".len().max(16), usize::max);
    let errno_w = rows
        .iter()
        .map(|r| r.1.len())
        .fold("errno".len(), usize::max);
    let count_w = rows
        .iter()
        .map(|r| r.2.to_string().len())
        .fold(9, usize::max);
    writeln!(
        out,
        "{:<name_w$} {:<errno_w$} {:>count_w$}",
        "syscall", "errno", "calls"
    )?;
    writeln!(out, "{:-<name_w$} {:-<errno_w$} {:-<count_w$}", "", "", "")?;
    for (name, errno, count) in &rows {
        writeln!(out, "{name:<name_w$} {errno:<errno_w$} {count:>count_w$}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Arch;

    /// One syscall's counters as a real strace 6.1 run measured them: (name, calls, errors,
    /// total ns, min ns, max ns), summed from `strace -C -w -T --syscall-times=ns`, whose `-T`
    /// times are the ones its `-c -w` adds up. Each `*_TABLE` is that run's summary, verbatim.
    type Row = (&'static str, u64, u64, u64, u64, u64);

    fn x86() -> Table {
        Table::new(Arch::X86_64)
    }

    fn nr_of(table: &Table, name: &str) -> u32 {
        (0..tracer_common::MAX_SYSCALLS)
            .find(|&nr| table.name(nr) == Some(name))
            .unwrap_or_else(|| panic!("no syscall named {name}"))
    }

    fn bucket(ns: u64) -> usize {
        ((63 - (ns | 1).leading_zeros()) as usize).min(HIST_BUCKETS - 1)
    }

    /// The counters the kernel would have: the histogram gets the min and max calls in their
    /// buckets and the others in the average's.
    fn stats(table: &Table, rows: &[Row]) -> BTreeMap<u32, SyscallStats> {
        rows.iter()
            .map(|&(name, calls, errors, total_ns, min_ns, max_ns)| {
                let mut hist = [0; HIST_BUCKETS];
                hist[bucket(min_ns)] += 1;
                if calls > 1 {
                    hist[bucket(max_ns)] += 1;
                    hist[bucket(total_ns / calls)] += calls - 2;
                }
                let s = SyscallStats {
                    calls,
                    errors,
                    total_ns,
                    min_ns,
                    max_ns,
                    hist,
                };
                (nr_of(table, name), s)
            })
            .collect()
    }

    /// Fails showing both texts, line by line, and the first line that differs.
    fn assert_text(actual: &str, expected: &str) {
        if actual == expected {
            return;
        }
        let mut report = String::new();
        let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
        for i in 0..a.len().max(e.len()) {
            let (al, el) = (a.get(i).copied(), e.get(i).copied());
            let mark = if al == el { ' ' } else { '!' };
            report += &format!(
                "{mark} {:<72?} | {:?}\n",
                el.unwrap_or("<none>"),
                al.unwrap_or("<none>")
            );
        }
        panic!("text differs (expected | actual):\n{report}");
    }

    /// Formats `rows` with `-S sort -U columns` and compares with strace's table.
    fn check(rows: &[Row], sort: Option<&str>, columns: Option<&str>, expected: &str) {
        let table = x86();
        let opts = SummaryOpts {
            sort: sort.map_or(Ok(SortBy::Time), parse_sortby).unwrap(),
            columns: columns
                .map_or(Ok(DEFAULT_COLUMNS.to_vec()), parse_columns)
                .unwrap(),
            overhead_ns: 0,
        };
        let mut out = String::new();
        format_table(&mut out, &table, &stats(&table, rows), &opts);
        assert_text(&out, expected.strip_prefix('\n').unwrap_or(expected));
    }

    // strace -c -O 1s true: every time is 0 (the overhead is subtracted, down to 0).
    const ZERO_ROWS: &[Row] = &[
        ("read", 1, 0, 0, 0, 0),
        ("close", 2, 0, 0, 0, 0),
        ("mmap", 8, 0, 0, 0, 0),
        ("mprotect", 3, 0, 0, 0, 0),
        ("munmap", 1, 0, 0, 0, 0),
        ("brk", 1, 0, 0, 0, 0),
        ("pread64", 2, 0, 0, 0, 0),
        ("access", 1, 1, 0, 0, 0),
        ("execve", 1, 0, 0, 0, 0),
        ("arch_prctl", 1, 0, 0, 0, 0),
        ("set_tid_address", 1, 0, 0, 0, 0),
        ("openat", 2, 0, 0, 0, 0),
        ("newfstatat", 2, 0, 0, 0, 0),
        ("set_robust_list", 1, 0, 0, 0, 0),
        ("prlimit64", 1, 0, 0, 0, 0),
        ("rseq", 1, 0, 0, 0, 0),
    ];
    const ZERO_TABLE: &str = "
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
  0.00    0.000000           0         1           read
  0.00    0.000000           0         2           close
  0.00    0.000000           0         8           mmap
  0.00    0.000000           0         3           mprotect
  0.00    0.000000           0         1           munmap
  0.00    0.000000           0         1           brk
  0.00    0.000000           0         2           pread64
  0.00    0.000000           0         1         1 access
  0.00    0.000000           0         1           execve
  0.00    0.000000           0         1           arch_prctl
  0.00    0.000000           0         1           set_tid_address
  0.00    0.000000           0         2           openat
  0.00    0.000000           0         2           newfstatat
  0.00    0.000000           0         1           set_robust_list
  0.00    0.000000           0         1           prlimit64
  0.00    0.000000           0         1           rseq
------ ----------- ----------- --------- --------- ----------------
100.00    0.000000           0        29         1 total
";

    #[test]
    fn strace_zero_times() {
        check(ZERO_ROWS, None, None, ZERO_TABLE);
    }

    // strace -c -O 1s -U name,errors true: a name not last is padded; blank errors too.
    const ZERO_NAME_ERRORS_TABLE: &str = "
syscall             errors
---------------- ---------
read                      
close                     
mmap                      
mprotect                  
munmap                    
brk                       
pread64                   
access                   1
execve                    
arch_prctl                
set_tid_address           
openat                    
newfstatat                
set_robust_list           
prlimit64                 
rseq                      
---------------- ---------
total                    1
";

    #[test]
    fn strace_name_first_blank_errors() {
        check(ZERO_ROWS, None, Some("name,errors"), ZERO_NAME_ERRORS_TABLE);
    }

    #[test]
    fn no_calls_prints_nothing() {
        // strace -c -e trace=getpid true: no table at all.
        let mut out = String::new();
        let mut stats = BTreeMap::new();
        stats.insert(39, SyscallStats::default());
        format_table(&mut out, &x86(), &stats, &SummaryOpts::default());
        format_table(&mut out, &x86(), &BTreeMap::new(), &SummaryOpts::default());
        assert_eq!(out, "");
    }

    // strace -C -w -T --syscall-times=ns dd if=/dev/zero of=/dev/null bs=1 count=1000
    const DD_ROWS: &[Row] = &[
        ("execve", 1, 0, 89341, 89341, 89341),
        ("brk", 3, 0, 10915, 3059, 4673),
        ("mmap", 21, 0, 109199, 3937, 7780),
        ("access", 1, 1, 4452, 4452, 4452),
        ("openat", 35, 16, 721374, 3273, 356751),
        ("newfstatat", 17, 0, 56432, 3004, 4079),
        ("close", 22, 0, 71296, 2917, 5517),
        ("read", 1003, 0, 3263432, 2492, 100472),
        ("pread64", 2, 0, 6840, 3063, 3777),
        ("arch_prctl", 1, 0, 3066, 3066, 3066),
        ("set_tid_address", 1, 0, 3083, 3083, 3083),
        ("set_robust_list", 1, 0, 3103, 3103, 3103),
        ("rseq", 1, 0, 3146, 3146, 3146),
        ("mprotect", 3, 0, 25571, 5767, 12766),
        ("prlimit64", 1, 0, 3627, 3627, 3627),
        ("munmap", 1, 0, 9667, 9667, 9667),
        ("rt_sigaction", 3, 0, 10064, 3078, 3550),
        ("getrandom", 1, 0, 3568, 3568, 3568),
        ("futex", 1, 0, 3821, 3821, 3821),
        ("dup2", 2, 0, 6913, 3332, 3581),
        ("lseek", 1, 0, 3366, 3366, 3366),
        ("write", 1003, 0, 3344989, 2477, 162379),
    ];
    const DD_TABLE: &str = "
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 43.12    0.003345           3      1003           write
 42.07    0.003263           3      1003           read
  9.30    0.000721          20        35        16 openat
  1.41    0.000109           5        21           mmap
  1.15    0.000089          89         1           execve
  0.92    0.000071           3        22           close
  0.73    0.000056           3        17           newfstatat
  0.33    0.000026           8         3           mprotect
  0.14    0.000011           3         3           brk
  0.13    0.000010           3         3           rt_sigaction
  0.12    0.000010           9         1           munmap
  0.09    0.000007           3         2           dup2
  0.09    0.000007           3         2           pread64
  0.06    0.000004           4         1         1 access
  0.05    0.000004           3         1           futex
  0.05    0.000004           3         1           prlimit64
  0.05    0.000004           3         1           getrandom
  0.04    0.000003           3         1           lseek
  0.04    0.000003           3         1           rseq
  0.04    0.000003           3         1           set_robust_list
  0.04    0.000003           3         1           set_tid_address
  0.04    0.000003           3         1           arch_prctl
------ ----------- ----------- --------- --------- ----------------
100.00    0.007757           3      2125        17 total
";

    #[test]
    fn strace_dd() {
        check(DD_ROWS, None, None, DD_TABLE);
    }

    // strace -C -w -T --syscall-times=ns -S calls -U name,calls,errors,min-time,max-time,avg-time,total-time,time-percent ls /nonexistent /tmp
    const CALLS_ROWS: &[Row] = &[
        ("execve", 1, 0, 98802, 98802, 98802),
        ("brk", 3, 0, 10049, 2997, 3962),
        ("mmap", 30, 0, 137614, 3681, 9349),
        ("access", 2, 2, 8337, 4133, 4204),
        ("openat", 40, 19, 149150, 3130, 7164),
        ("newfstatat", 22, 0, 67913, 2773, 3938),
        ("close", 23, 0, 71121, 2691, 6398),
        ("read", 7, 0, 31717, 2832, 11522),
        ("pread64", 2, 0, 6323, 3034, 3289),
        ("arch_prctl", 1, 0, 3041, 3041, 3041),
        ("set_tid_address", 1, 0, 2880, 2880, 2880),
        ("set_robust_list", 1, 0, 2906, 2906, 2906),
        ("rseq", 1, 0, 2890, 2890, 2890),
        ("mprotect", 5, 0, 30374, 5169, 7088),
        ("prlimit64", 1, 0, 3434, 3434, 3434),
        ("munmap", 1, 0, 9006, 9006, 9006),
        ("statfs", 2, 2, 13663, 4139, 9524),
        ("getrandom", 1, 0, 3258, 3258, 3258),
        ("futex", 1, 0, 3399, 3399, 3399),
        ("ioctl", 2, 2, 7291, 3032, 4259),
        ("statx", 3, 2, 11255, 3008, 4862),
        ("write", 5, 0, 14638, 2661, 3232),
        ("getdents64", 2, 0, 42598, 3299, 39299),
    ];
    const CALLS_TABLE: &str = "
syscall              calls    errors shortest  longest  usecs/call     seconds % time
---------------- --------- --------- -------- -------- ----------- ----------- ------
openat                  40        19 0.000003 0.000007           3    0.000149  20.39
mmap                    30           0.000004 0.000009           4    0.000138  18.81
close                   23           0.000003 0.000006           3    0.000071   9.72
newfstatat              22           0.000003 0.000004           3    0.000068   9.28
read                     7           0.000003 0.000012           4    0.000032   4.33
write                    5           0.000003 0.000003           2    0.000015   2.00
mprotect                 5           0.000005 0.000007           6    0.000030   4.15
brk                      3           0.000003 0.000004           3    0.000010   1.37
statx                    3         2 0.000003 0.000005           3    0.000011   1.54
ioctl                    2         2 0.000003 0.000004           3    0.000007   1.00
pread64                  2           0.000003 0.000003           3    0.000006   0.86
access                   2         2 0.000004 0.000004           4    0.000008   1.14
statfs                   2         2 0.000004 0.000010           6    0.000014   1.87
getdents64               2           0.000003 0.000039          21    0.000043   5.82
munmap                   1           0.000009 0.000009           9    0.000009   1.23
execve                   1           0.000099 0.000099          98    0.000099  13.50
arch_prctl               1           0.000003 0.000003           3    0.000003   0.42
futex                    1           0.000003 0.000003           3    0.000003   0.46
set_tid_address          1           0.000003 0.000003           2    0.000003   0.39
set_robust_list          1           0.000003 0.000003           2    0.000003   0.40
prlimit64                1           0.000003 0.000003           3    0.000003   0.47
getrandom                1           0.000003 0.000003           3    0.000003   0.45
rseq                     1           0.000003 0.000003           2    0.000003   0.39
---------------- --------- --------- -------- -------- ----------- ----------- ------
total                  157        27 0.000003 0.000099           4    0.000732 100.00
";

    #[test]
    fn strace_calls() {
        check(
            CALLS_ROWS,
            Some("calls"),
            Some("name,calls,errors,min-time,max-time,avg-time,total-time,time-percent"),
            CALLS_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns -S name -U time-percent,total-time,min-time,max-time,avg-time,calls,errors,name ls /nonexistent /tmp
    const NAME_ROWS: &[Row] = &[
        ("execve", 1, 0, 108794, 108794, 108794),
        ("brk", 3, 0, 10105, 2918, 4099),
        ("mmap", 30, 0, 150185, 3877, 10243),
        ("access", 2, 2, 8838, 4364, 4474),
        ("openat", 40, 19, 160275, 3252, 8343),
        ("newfstatat", 22, 0, 69985, 2896, 3714),
        ("close", 23, 0, 279026, 2683, 207222),
        ("read", 7, 0, 33009, 2941, 12203),
        ("pread64", 2, 0, 6343, 3077, 3266),
        ("arch_prctl", 1, 0, 3220, 3220, 3220),
        ("set_tid_address", 1, 0, 3134, 3134, 3134),
        ("set_robust_list", 1, 0, 6277, 6277, 6277),
        ("rseq", 1, 0, 178615, 178615, 178615),
        ("mprotect", 5, 0, 35645, 6144, 8609),
        ("prlimit64", 1, 0, 3839, 3839, 3839),
        ("munmap", 1, 0, 10398, 10398, 10398),
        ("statfs", 2, 2, 11811, 3584, 8227),
        ("getrandom", 1, 0, 3301, 3301, 3301),
        ("futex", 1, 0, 3744, 3744, 3744),
        ("ioctl", 2, 2, 6534, 2931, 3603),
        ("statx", 3, 2, 11072, 2997, 4067),
        ("write", 5, 0, 15677, 2946, 3431),
        ("getdents64", 2, 0, 36045, 3356, 32689),
    ];
    const NAME_TABLE: &str = "
% time     seconds shortest  longest  usecs/call     calls    errors syscall
------ ----------- -------- -------- ----------- --------- --------- ----------------
  0.76    0.000009 0.000004 0.000004           4         2         2 access
  0.28    0.000003 0.000003 0.000003           3         1           arch_prctl
  0.87    0.000010 0.000003 0.000004           3         3           brk
 24.14    0.000279 0.000003 0.000207          12        23           close
  9.41    0.000109 0.000109 0.000109         108         1           execve
  0.32    0.000004 0.000004 0.000004           3         1           futex
  3.12    0.000036 0.000003 0.000033          18         2           getdents64
  0.29    0.000003 0.000003 0.000003           3         1           getrandom
  0.57    0.000007 0.000003 0.000004           3         2         2 ioctl
 12.99    0.000150 0.000004 0.000010           5        30           mmap
  3.08    0.000036 0.000006 0.000009           7         5           mprotect
  0.90    0.000010 0.000010 0.000010          10         1           munmap
  6.05    0.000070 0.000003 0.000004           3        22           newfstatat
 13.87    0.000160 0.000003 0.000008           4        40        19 openat
  0.55    0.000006 0.000003 0.000003           3         2           pread64
  0.33    0.000004 0.000004 0.000004           3         1           prlimit64
  2.86    0.000033 0.000003 0.000012           4         7           read
 15.45    0.000179 0.000179 0.000179         178         1           rseq
  0.54    0.000006 0.000006 0.000006           6         1           set_robust_list
  0.27    0.000003 0.000003 0.000003           3         1           set_tid_address
  1.02    0.000012 0.000004 0.000008           5         2         2 statfs
  0.96    0.000011 0.000003 0.000004           3         3         2 statx
  1.36    0.000016 0.000003 0.000003           3         5           write
------ ----------- -------- -------- ----------- --------- --------- ----------------
100.00    0.001156 0.000003 0.000207           7       157        27 total
";

    #[test]
    fn strace_name() {
        check(
            NAME_ROWS,
            Some("name"),
            Some("time-percent,total-time,min-time,max-time,avg-time,calls,errors,name"),
            NAME_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns -S errors ls /nonexistent /tmp
    const ERRORS_ROWS: &[Row] = &[
        ("execve", 1, 0, 139022, 139022, 139022),
        ("brk", 3, 0, 10205, 2961, 4121),
        ("mmap", 30, 0, 154739, 3962, 14637),
        ("access", 2, 2, 8632, 4192, 4440),
        ("openat", 40, 19, 157045, 3387, 6649),
        ("newfstatat", 22, 0, 74573, 3045, 7901),
        ("close", 23, 0, 75213, 2892, 6731),
        ("read", 7, 0, 32395, 3100, 11007),
        ("pread64", 2, 0, 6447, 3060, 3387),
        ("arch_prctl", 1, 0, 3012, 3012, 3012),
        ("set_tid_address", 1, 0, 7070, 7070, 7070),
        ("set_robust_list", 1, 0, 3180, 3180, 3180),
        ("rseq", 1, 0, 3070, 3070, 3070),
        ("mprotect", 5, 0, 32505, 5588, 7299),
        ("prlimit64", 1, 0, 4236, 4236, 4236),
        ("munmap", 1, 0, 9794, 9794, 9794),
        ("statfs", 2, 2, 11295, 3491, 7804),
        ("getrandom", 1, 0, 3472, 3472, 3472),
        ("futex", 1, 0, 3712, 3712, 3712),
        ("ioctl", 2, 2, 6652, 2928, 3724),
        ("statx", 3, 2, 12585, 3613, 5057),
        ("write", 5, 0, 15324, 2832, 3446),
        ("getdents64", 2, 0, 36353, 3243, 33110),
    ];
    const ERRORS_TABLE: &str = "
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 19.38    0.000157           3        40        19 openat
  0.82    0.000007           3         2         2 ioctl
  1.06    0.000009           4         2         2 access
  1.39    0.000011           5         2         2 statfs
  1.55    0.000013           4         3         2 statx
  4.00    0.000032           4         7           read
  1.89    0.000015           3         5           write
  9.28    0.000075           3        23           close
 19.09    0.000155           5        30           mmap
  4.01    0.000033           6         5           mprotect
  1.21    0.000010           9         1           munmap
  1.26    0.000010           3         3           brk
  0.80    0.000006           3         2           pread64
 17.15    0.000139         139         1           execve
  0.37    0.000003           3         1           arch_prctl
  0.46    0.000004           3         1           futex
  4.49    0.000036          18         2           getdents64
  0.87    0.000007           7         1           set_tid_address
  9.20    0.000075           3        22           newfstatat
  0.39    0.000003           3         1           set_robust_list
  0.52    0.000004           4         1           prlimit64
  0.43    0.000003           3         1           getrandom
  0.38    0.000003           3         1           rseq
------ ----------- ----------- --------- --------- ----------------
100.00    0.000811           5       157        27 total
";

    #[test]
    fn strace_errors() {
        check(ERRORS_ROWS, Some("errors"), None, ERRORS_TABLE);
    }

    // strace -C -w -T --syscall-times=ns -S avg-time -U avg-time,calls,name ls /nonexistent /tmp
    const AVG_ROWS: &[Row] = &[
        ("execve", 1, 0, 107036, 107036, 107036),
        ("brk", 3, 0, 10540, 3003, 4385),
        ("mmap", 30, 0, 142377, 3545, 9476),
        ("access", 2, 2, 8412, 4111, 4301),
        ("openat", 40, 19, 149914, 2966, 6228),
        ("newfstatat", 22, 0, 65995, 2585, 3417),
        ("close", 23, 0, 70815, 2424, 6851),
        ("read", 7, 0, 28756, 2604, 9348),
        ("pread64", 2, 0, 6107, 3003, 3104),
        ("arch_prctl", 1, 0, 2919, 2919, 2919),
        ("set_tid_address", 1, 0, 2872, 2872, 2872),
        ("set_robust_list", 1, 0, 2948, 2948, 2948),
        ("rseq", 1, 0, 7720, 7720, 7720),
        ("mprotect", 5, 0, 31978, 5489, 7755),
        ("prlimit64", 1, 0, 3766, 3766, 3766),
        ("munmap", 1, 0, 9208, 9208, 9208),
        ("statfs", 2, 2, 10108, 3401, 6707),
        ("getrandom", 1, 0, 3459, 3459, 3459),
        ("futex", 1, 0, 3273, 3273, 3273),
        ("ioctl", 2, 2, 6323, 2879, 3444),
        ("statx", 3, 2, 10607, 3047, 3816),
        ("write", 5, 0, 15173, 2845, 3294),
        ("getdents64", 2, 0, 35083, 3253, 31830),
    ];
    const AVG_TABLE: &str = "
 usecs/call     calls syscall
----------- --------- ----------------
        107         1 execve
         17         2 getdents64
          9         1 munmap
          7         1 rseq
          6         5 mprotect
          5         2 statfs
          4        30 mmap
          4         2 access
          4         7 read
          3         1 prlimit64
          3        40 openat
          3         3 statx
          3         3 brk
          3         1 getrandom
          3         1 futex
          3         2 ioctl
          3        23 close
          3         2 pread64
          3         5 write
          3        22 newfstatat
          2         1 set_robust_list
          2         1 arch_prctl
          2         1 set_tid_address
----------- --------- ----------------
          4       157 total
";

    #[test]
    fn strace_avg() {
        check(
            AVG_ROWS,
            Some("avg-time"),
            Some("avg-time,calls,name"),
            AVG_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns -S min-time -U min-time,name,max-time ls /nonexistent /tmp
    const MIN_ROWS: &[Row] = &[
        ("execve", 1, 0, 167104, 167104, 167104),
        ("brk", 3, 0, 10070, 2963, 4000),
        ("mmap", 30, 0, 149800, 3622, 10757),
        ("access", 2, 2, 8414, 3921, 4493),
        ("openat", 40, 19, 150994, 3202, 6040),
        ("newfstatat", 22, 0, 67307, 2853, 3473),
        ("close", 23, 0, 73516, 2857, 6295),
        ("read", 7, 0, 28171, 3005, 8187),
        ("pread64", 2, 0, 6170, 3050, 3120),
        ("arch_prctl", 1, 0, 3112, 3112, 3112),
        ("set_tid_address", 1, 0, 2867, 2867, 2867),
        ("set_robust_list", 1, 0, 2892, 2892, 2892),
        ("rseq", 1, 0, 3004, 3004, 3004),
        ("mprotect", 5, 0, 31740, 5744, 7059),
        ("prlimit64", 1, 0, 3640, 3640, 3640),
        ("munmap", 1, 0, 8731, 8731, 8731),
        ("statfs", 2, 2, 9544, 3332, 6212),
        ("getrandom", 1, 0, 3530, 3530, 3530),
        ("futex", 1, 0, 3669, 3669, 3669),
        ("ioctl", 2, 2, 6277, 2939, 3338),
        ("statx", 3, 2, 10576, 2955, 3973),
        ("write", 5, 0, 14838, 2796, 3281),
        ("getdents64", 2, 0, 34992, 3086, 31906),
    ];
    const MIN_TABLE: &str = "
shortest syscall           longest
-------- ---------------- --------
0.000167 execve           0.000167
0.000009 munmap           0.000009
0.000006 mprotect         0.000007
0.000004 access           0.000004
0.000004 futex            0.000004
0.000004 prlimit64        0.000004
0.000004 mmap             0.000011
0.000004 getrandom        0.000004
0.000003 statfs           0.000006
0.000003 openat           0.000006
0.000003 arch_prctl       0.000003
0.000003 getdents64       0.000032
0.000003 pread64          0.000003
0.000003 read             0.000008
0.000003 rseq             0.000003
0.000003 brk              0.000004
0.000003 statx            0.000004
0.000003 ioctl            0.000003
0.000003 set_robust_list  0.000003
0.000003 set_tid_address  0.000003
0.000003 close            0.000006
0.000003 newfstatat       0.000003
0.000003 write            0.000003
-------- ---------------- --------
0.000003 total            0.000167
";

    #[test]
    fn strace_min() {
        check(
            MIN_ROWS,
            Some("min-time"),
            Some("min-time,name,max-time"),
            MIN_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns -S max-time -U max-time,min-time ls /nonexistent /tmp
    const MAX_ROWS: &[Row] = &[
        ("execve", 1, 0, 92065, 92065, 92065),
        ("brk", 3, 0, 10259, 2995, 4256),
        ("mmap", 30, 0, 142210, 3627, 9377),
        ("access", 2, 2, 8107, 3990, 4117),
        ("openat", 40, 19, 150737, 3120, 6085),
        ("newfstatat", 22, 0, 70554, 2896, 5595),
        ("close", 23, 0, 71669, 2586, 6257),
        ("read", 7, 0, 28523, 3015, 8551),
        ("pread64", 2, 0, 8551, 3008, 5543),
        ("arch_prctl", 1, 0, 2940, 2940, 2940),
        ("set_tid_address", 1, 0, 3010, 3010, 3010),
        ("set_robust_list", 1, 0, 2900, 2900, 2900),
        ("rseq", 1, 0, 2939, 2939, 2939),
        ("mprotect", 5, 0, 31124, 5480, 7240),
        ("prlimit64", 1, 0, 3809, 3809, 3809),
        ("munmap", 1, 0, 9629, 9629, 9629),
        ("statfs", 2, 2, 9786, 3486, 6300),
        ("getrandom", 1, 0, 3409, 3409, 3409),
        ("futex", 1, 0, 3671, 3671, 3671),
        ("ioctl", 2, 2, 6516, 2788, 3728),
        ("statx", 3, 2, 10371, 3067, 3671),
        ("write", 5, 0, 14340, 2731, 3131),
        ("getdents64", 2, 0, 31822, 2968, 28854),
    ];
    const MAX_TABLE: &str = "
 longest shortest syscall
-------- -------- ----------------
0.000092 0.000092 execve
0.000029 0.000003 getdents64
0.000010 0.000010 munmap
0.000009 0.000004 mmap
0.000009 0.000003 read
0.000007 0.000005 mprotect
0.000006 0.000003 statfs
0.000006 0.000003 close
0.000006 0.000003 openat
0.000006 0.000003 newfstatat
0.000006 0.000003 pread64
0.000004 0.000003 brk
0.000004 0.000004 access
0.000004 0.000004 prlimit64
0.000004 0.000003 ioctl
0.000004 0.000004 futex
0.000004 0.000003 statx
0.000003 0.000003 getrandom
0.000003 0.000003 write
0.000003 0.000003 set_tid_address
0.000003 0.000003 arch_prctl
0.000003 0.000003 rseq
0.000003 0.000003 set_robust_list
-------- -------- ----------------
0.000092 0.000003 total
";

    #[test]
    fn strace_max() {
        check(
            MAX_ROWS,
            Some("max-time"),
            Some("max-time,min-time"),
            MAX_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns -S nothing -U errors,calls ls /nonexistent /tmp
    const NOTHING_ROWS: &[Row] = &[
        ("execve", 1, 0, 92651, 92651, 92651),
        ("brk", 3, 0, 9977, 2885, 4040),
        ("mmap", 30, 0, 141495, 3768, 9100),
        ("access", 2, 2, 8000, 3621, 4379),
        ("openat", 40, 19, 154638, 3298, 6260),
        ("newfstatat", 22, 0, 70411, 2897, 5500),
        ("close", 23, 0, 72539, 2771, 6547),
        ("read", 7, 0, 28459, 3062, 8055),
        ("pread64", 2, 0, 6211, 3072, 3139),
        ("arch_prctl", 1, 0, 3033, 3033, 3033),
        ("set_tid_address", 1, 0, 2914, 2914, 2914),
        ("set_robust_list", 1, 0, 2926, 2926, 2926),
        ("rseq", 1, 0, 2901, 2901, 2901),
        ("mprotect", 5, 0, 30348, 5432, 7010),
        ("prlimit64", 1, 0, 3651, 3651, 3651),
        ("munmap", 1, 0, 9145, 9145, 9145),
        ("statfs", 2, 2, 9830, 3350, 6480),
        ("getrandom", 1, 0, 3342, 3342, 3342),
        ("futex", 1, 0, 3697, 3697, 3697),
        ("ioctl", 2, 2, 6532, 2889, 3643),
        ("statx", 3, 2, 10736, 3190, 3851),
        ("write", 5, 0, 15202, 2888, 3401),
        ("getdents64", 2, 0, 34334, 3080, 31254),
    ];
    const NOTHING_TABLE: &str = "
   errors     calls syscall
--------- --------- ----------------
                  7 read
                  5 write
                 23 close
                 30 mmap
                  5 mprotect
                  1 munmap
                  3 brk
        2         2 ioctl
                  2 pread64
        2         2 access
                  1 execve
        2         2 statfs
                  1 arch_prctl
                  1 futex
                  2 getdents64
                  1 set_tid_address
       19        40 openat
                 22 newfstatat
                  1 set_robust_list
                  1 prlimit64
                  1 getrandom
        2         3 statx
                  1 rseq
--------- --------- ----------------
       27       157 total
";

    #[test]
    fn strace_nothing() {
        check(
            NOTHING_ROWS,
            Some("nothing"),
            Some("errors,calls"),
            NOTHING_TABLE,
        );
    }

    // strace -C -w -T --syscall-times=ns nproc
    const LONG_NAME_ROWS: &[Row] = &[
        ("execve", 1, 0, 512208, 512208, 512208),
        ("brk", 3, 0, 10539, 2917, 4258),
        ("mmap", 21, 0, 165193, 3752, 64385),
        ("access", 1, 1, 968753, 968753, 968753),
        ("openat", 30, 13, 171659, 3336, 51422),
        ("newfstatat", 18, 0, 100880, 2880, 47683),
        ("close", 19, 0, 56011, 2727, 3676),
        ("read", 3, 0, 10353, 3142, 3693),
        ("pread64", 2, 0, 6286, 3111, 3175),
        ("arch_prctl", 1, 0, 3133, 3133, 3133),
        ("set_tid_address", 1, 0, 3004, 3004, 3004),
        ("set_robust_list", 1, 0, 2908, 2908, 2908),
        ("rseq", 1, 0, 2939, 2939, 2939),
        ("mprotect", 3, 0, 21425, 5699, 9274),
        ("prlimit64", 1, 0, 3753, 3753, 3753),
        ("munmap", 1, 0, 10320, 10320, 10320),
        ("getrandom", 1, 0, 3485, 3485, 3485),
        ("futex", 1, 0, 3651, 3651, 3651),
        ("sched_getaffinity", 1, 0, 3514, 3514, 3514),
        ("ioctl", 1, 1, 3448, 3448, 3448),
        ("write", 1, 0, 3064, 3064, 3064),
    ];
    const LONG_NAME_TABLE: &str = "
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ------------------
 46.88    0.000969         968         1         1 access
 24.79    0.000512         512         1           execve
  8.31    0.000172           5        30        13 openat
  7.99    0.000165           7        21           mmap
  4.88    0.000101           5        18           newfstatat
  2.71    0.000056           2        19           close
  1.04    0.000021           7         3           mprotect
  0.51    0.000011           3         3           brk
  0.50    0.000010           3         3           read
  0.50    0.000010          10         1           munmap
  0.30    0.000006           3         2           pread64
  0.18    0.000004           3         1           prlimit64
  0.18    0.000004           3         1           futex
  0.17    0.000004           3         1           sched_getaffinity
  0.17    0.000003           3         1           getrandom
  0.17    0.000003           3         1         1 ioctl
  0.15    0.000003           3         1           arch_prctl
  0.15    0.000003           3         1           write
  0.15    0.000003           3         1           set_tid_address
  0.14    0.000003           2         1           rseq
  0.14    0.000003           2         1           set_robust_list
------ ----------- ----------- --------- --------- ------------------
100.00    0.002067          18       112        15 total
";

    #[test]
    fn strace_long_name() {
        check(LONG_NAME_ROWS, None, None, LONG_NAME_TABLE);
    }

    // strace -C -w -T --syscall-times=ns -S min-time -U min-time,max-time,total-time,avg-time,time-percent sleep 10
    const SLEEP_ROWS: &[Row] = &[
        ("execve", 1, 0, 394463, 394463, 394463),
        ("brk", 3, 0, 10795, 3025, 4582),
        ("mmap", 21, 0, 102349, 3690, 9566),
        ("access", 1, 1, 4697, 4697, 4697),
        ("openat", 30, 13, 116091, 3238, 5220),
        ("newfstatat", 17, 0, 52753, 2912, 3426),
        ("close", 19, 0, 61048, 2701, 5077),
        ("read", 3, 0, 10640, 3101, 3879),
        ("pread64", 2, 0, 6160, 3011, 3149),
        ("arch_prctl", 1, 0, 3226, 3226, 3226),
        ("set_tid_address", 1, 0, 3012, 3012, 3012),
        ("set_robust_list", 1, 0, 2967, 2967, 2967),
        ("rseq", 1, 0, 3089, 3089, 3089),
        ("mprotect", 3, 0, 21431, 5772, 8834),
        ("prlimit64", 1, 0, 3513, 3513, 3513),
        ("munmap", 1, 0, 9206, 9206, 9206),
        ("getrandom", 1, 0, 4038, 4038, 4038),
        ("futex", 1, 0, 3874, 3874, 3874),
        (
            "clock_nanosleep",
            1,
            0,
            10000131176,
            10000131176,
            10000131176,
        ),
    ];
    const SLEEP_TABLE: &str = "
 shortest   longest     seconds  usecs/call % time syscall
--------- --------- ----------- ----------- ------ ----------------
10.000131 10.000131   10.000131    10000131  99.99 clock_nanosleep
 0.000394  0.000394    0.000394         394   0.00 execve
 0.000009  0.000009    0.000009           9   0.00 munmap
 0.000006  0.000009    0.000021           7   0.00 mprotect
 0.000005  0.000005    0.000005           4   0.00 access
 0.000004  0.000004    0.000004           4   0.00 getrandom
 0.000004  0.000004    0.000004           3   0.00 futex
 0.000004  0.000010    0.000102           4   0.00 mmap
 0.000004  0.000004    0.000004           3   0.00 prlimit64
 0.000003  0.000005    0.000116           3   0.00 openat
 0.000003  0.000003    0.000003           3   0.00 arch_prctl
 0.000003  0.000004    0.000011           3   0.00 read
 0.000003  0.000003    0.000003           3   0.00 rseq
 0.000003  0.000005    0.000011           3   0.00 brk
 0.000003  0.000003    0.000003           3   0.00 set_tid_address
 0.000003  0.000003    0.000006           3   0.00 pread64
 0.000003  0.000003    0.000003           2   0.00 set_robust_list
 0.000003  0.000003    0.000053           3   0.00 newfstatat
 0.000003  0.000005    0.000061           3   0.00 close
--------- --------- ----------- ----------- ------ ----------------
 0.000003 10.000131   10.000945       91751 100.00 total
";

    #[test]
    fn strace_sleep() {
        check(
            SLEEP_ROWS,
            Some("min-time"),
            Some("min-time,max-time,total-time,avg-time,time-percent"),
            SLEEP_TABLE,
        );
    }

    #[test]
    fn overhead_comes_off_each_call() {
        let table = x86();
        // 4 calls in 10 us, the shortest 1 us, the longest 4 us; -O 2us.
        let rows: &[Row] = &[("read", 4, 0, 10_000, 1_000, 4_000)];
        let got = lines(&table, &stats(&table, rows), 2_000);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].total_ns, 2_000);
        assert_eq!((got[0].min, got[0].max), (Ts::ZERO, Ts::from_ns(2_000)));
        assert_eq!(got[0].avg, Ts::from_ns(500));
        // More overhead than time: nothing left, never negative.
        let got = lines(&table, &stats(&table, rows), 1_000_000);
        assert_eq!((got[0].total_ns, got[0].max), (0, Ts::ZERO));
    }

    #[test]
    fn usecs_per_call_truncates_through_a_double() {
        // strace: (uint64_t) (ts_float(avg) * 1e6); 249000 ns is 248.99999… us as a double.
        assert_eq!(Ts::from_ns(249_000).usecs(), 248);
        assert_eq!(Ts::from_ns(219_975).usecs(), 219);
        assert_eq!(Ts::from_ns(3_000).usecs(), 3);
        // ts_div rounds to the nearest nanosecond, halves up.
        assert_eq!(Ts::from_ns(5).div(2), Ts::from_ns(3));
        assert_eq!(Ts::from_ns(10).div(3), Ts::from_ns(3));
        assert_eq!(
            Ts::from_ns(7 * NS_PER_SEC + 1).div(2),
            Ts::from_ns(3_500_000_001)
        );
    }

    #[test]
    fn sortby_names() {
        let cases = [
            ("time", SortBy::Time),
            ("time_percent", SortBy::Time),
            ("time-percent", SortBy::Time),
            ("total-time", SortBy::Time),
            ("time_total", SortBy::Time),
            ("calls", SortBy::Calls),
            ("count", SortBy::Calls),
            ("errors", SortBy::Errors),
            ("error", SortBy::Errors),
            ("name", SortBy::Name),
            ("syscall", SortBy::Name),
            ("syscall-name", SortBy::Name),
            ("avg-time", SortBy::AvgTime),
            ("time_avg", SortBy::AvgTime),
            ("min-time", SortBy::MinTime),
            ("shortest", SortBy::MinTime),
            ("max-time", SortBy::MaxTime),
            ("longest", SortBy::MaxTime),
            ("nothing", SortBy::Nothing),
            ("none", SortBy::Nothing),
        ];
        for (s, want) in cases {
            assert_eq!(parse_sortby(s), Ok(want), "{s}");
        }
        // strace: "strace: invalid sortby: 'foo'".
        for bad in ["foo", "", "Time", "time,calls", "%time"] {
            let err = parse_sortby(bad).unwrap_err();
            assert_eq!(err.to_string(), format!("invalid sortby: '{bad}'"));
        }
    }

    #[test]
    fn column_lists() {
        use Column::*;
        assert_eq!(parse_columns("calls"), Ok(vec![Calls, Name]));
        assert_eq!(parse_columns("name,calls"), Ok(vec![Name, Calls]));
        assert_eq!(
            parse_columns("shortest,longest,syscall,count,error,time_avg,time_total,time"),
            Ok(vec![
                MinTime,
                MaxTime,
                Name,
                Calls,
                Errors,
                AvgTime,
                TotalTime,
                TimePercent
            ])
        );
        assert_eq!(
            parse_columns("time-percent,total-time,avg-time,calls,errors,name"),
            Ok(DEFAULT_COLUMNS.to_vec())
        );
        // strace's messages, after "strace: ".
        let msg = |s: &str| parse_columns(s).unwrap_err().to_string();
        assert_eq!(msg("foo"), "unknown column name: 'foo'");
        assert_eq!(msg("none"), "unknown column name: 'none'");
        assert_eq!(msg("nothing"), "unknown column name: 'nothing'");
        assert_eq!(msg("Calls"), "unknown column name: 'Calls'");
        assert_eq!(msg(""), "unknown column name: ''");
        assert_eq!(msg("calls,"), "unknown column name: ''");
        assert_eq!(msg("calls,,name"), "unknown column name: ''");
        assert_eq!(
            msg("calls,count,name"),
            "call summary column has been provided more than once: 'count' \
             (-U option residual: 'count,name')"
        );
        assert_eq!(
            msg("time,time-percent,calls"),
            "call summary column has been provided more than once: 'time-percent' \
             (-U option residual: 'time-percent,calls')"
        );
        assert_eq!(
            msg("name,syscall"),
            "call summary column has been provided more than once: 'syscall' \
             (-U option residual: 'syscall')"
        );
    }

    #[test]
    fn merge_sums_groups() {
        let one = |calls, errors, ns: u64| {
            let mut hist = [0; HIST_BUCKETS];
            hist[bucket(ns)] = calls;
            SyscallStats {
                calls,
                errors,
                total_ns: ns * calls,
                min_ns: ns,
                max_ns: ns,
                hist,
            }
        };
        let mut counts = Counts::default();
        counts
            .groups
            .insert(1, BTreeMap::from([(0, one(2, 1, 100)), (1, one(1, 0, 50))]));
        counts
            .groups
            .insert(7, BTreeMap::from([(0, one(3, 0, 5000))]));
        let all = merge_groups(&counts);
        assert_eq!(all.len(), 2);
        let read = all[&0];
        assert_eq!((read.calls, read.errors, read.total_ns), (5, 1, 15_200));
        assert_eq!((read.min_ns, read.max_ns), (100, 5000));
        assert_eq!((read.hist[6], read.hist[12]), (2, 3));
        assert_eq!(all[&1], one(1, 0, 50));
        assert!(merge_groups(&Counts::default()).is_empty());
    }

    #[test]
    fn human_durations() {
        let cases = [
            (0, "0ns"),
            (999, "999ns"),
            (1000, "1.00us"),
            (1024, "1.02us"),
            (4096, "4.10us"),
            (16_384, "16.4us"),
            (131_072, "131us"),
            (999_499, "999us"),
            (999_500, "1.00ms"),
            (1 << 30, "1.07s"),
            (1 << 31, "2.15s"),
            (125 * NS_PER_SEC, "125s"),
        ];
        for (ns, want) in cases {
            assert_eq!(human_ns(ns), want, "{ns}");
        }
        assert_eq!(bucket_label(0), "[0, 2ns)");
        assert_eq!(bucket_label(1), "[2ns, 4ns)");
        assert_eq!(bucket_label(9), "[512ns, 1.02us)");
        assert_eq!(bucket_label(HIST_BUCKETS - 1), "[2.15s, ...)");
    }

    #[test]
    fn histogram_text() {
        let mut read = [0; HIST_BUCKETS];
        read[11] = 40;
        read[13] = 3;
        let mut nanosleep = [0; HIST_BUCKETS];
        nanosleep[HIST_BUCKETS - 1] = 1;
        let stats = BTreeMap::from([
            (
                0,
                SyscallStats {
                    calls: 43,
                    errors: 1,
                    total_ns: 100_000,
                    min_ns: 2100,
                    max_ns: 9000,
                    hist: read,
                },
            ),
            (
                35,
                SyscallStats {
                    calls: 1,
                    errors: 0,
                    total_ns: 3 * NS_PER_SEC,
                    min_ns: 3 * NS_PER_SEC,
                    max_ns: 3 * NS_PER_SEC,
                    hist: nanosleep,
                },
            ),
            (1, SyscallStats::default()),
        ]);
        let mut out = String::new();
        format_histogram(&mut out, &x86(), &stats);
        assert_text(
            &out,
            "\
nanosleep: 1 calls, min 3.00s, avg 3.00s, max 3.00s
  [2.15s, ...)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

read: 43 calls, min 2.10us, avg 2.33us, max 9.00us, 1 errors
  [2.05us, 4.10us)  40 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
  [4.10us, 8.19us)   0 |                                        |
  [8.19us, 16.4us)   3 |@@@                                     |
",
        );
    }

    /// Every call is in exactly one bucket line.
    #[test]
    fn histogram_counts_are_the_buckets() {
        let table = x86();
        let stats = stats(&table, DD_ROWS);
        let mut out = String::new();
        format_histogram(&mut out, &table, &stats);
        let mut sums: BTreeMap<String, u64> = BTreeMap::new();
        let mut current = String::new();
        for line in out.lines() {
            if let Some(bucket) = line.strip_prefix("  [") {
                let count = bucket.split(')').nth(1).unwrap().split('|').next().unwrap();
                *sums.entry(current.clone()).or_default() += count.trim().parse::<u64>().unwrap();
            } else if let Some((name, _)) = line.split_once(':') {
                current = name.to_owned();
            }
        }
        let want: BTreeMap<String, u64> = DD_ROWS
            .iter()
            .map(|&(name, calls, ..)| (name.to_owned(), calls))
            .collect();
        assert_eq!(sums, want);
    }

    #[test]
    fn errors_text() {
        let table = x86();
        let nr = |name| nr_of(&table, name);
        let errors = BTreeMap::from([
            ((1, nr("openat"), 2), 16),
            ((1, nr("openat"), 13), 2),
            ((1, nr("access"), 2), 1),
            ((1, nr("statfs"), 38), 2),
            ((1, nr("ioctl"), 4000), 1),
            ((2, nr("read"), 11), 5),
        ]);
        let mut out = String::new();
        format_errors(&mut out, &table, &errors, 1);
        assert_text(
            &out,
            "\
syscall          errno      calls
---------------- ------ ---------
openat           ENOENT        16
openat           EACCES         2
statfs           ENOSYS         2
ioctl            4000           1
access           ENOENT         1
",
        );
        out.clear();
        format_errors(&mut out, &table, &errors, 3);
        assert_eq!(out, "");
    }
}
