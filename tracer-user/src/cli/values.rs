//! The fold of the options into [`Options`]: strace 6.1's option loop and the checks after it
//! (src/strace.c `init`), with its value rules and its messages.
use std::ffi::OsString;

use super::getopt::Found;
use super::{BackendChoice, CliError, Id, OptDef, Options, Parsed};
use crate::args::strace_uint;
use crate::filter::{FilterError, Qualifier, SyscallSet};
use crate::table::Table;

/// `-c` or `-C`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryMode {
    /// `-c`: the summary alone.
    Only,
    /// `-C`: the trace and the summary.
    Both,
}

/// `-D`, `--daemonize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Daemonize {
    #[default]
    None,
    Grandchild,
    NewProcessGroup,
    NewSession,
}

pub use crate::format::XlatStyle;

pub use crate::format::{TimeFormat, TimeSpec};

/// A set of named bits, as strace's `qualify_tokens` reads them.
macro_rules! bitset {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident = $bit:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name(pub u32);
        impl $name {
            $($(#[$fm])* pub const $field: u32 = $bit;)*
            pub const ALL: u32 = 0 $(| $bit)*;
            pub fn has(self, bit: u32) -> bool {
                self.0 & bit != 0
            }
        }
    };
}

bitset!(
    /// `--quiet=`: which of tracer's messages are left out.
    Quiet {
        ATTACH = 1,
        EXIT = 2,
        PATH_RESOLUTION = 4,
        PERSONALITY = 8,
        THREAD_EXECVE = 16,
    }
);

bitset!(
    /// `--decode-fds=`: what a descriptor is printed with.
    DecodeFds {
        PATH = crate::fds::show::PATH,
        SOCKET = crate::fds::show::SOCKET,
        DEV = crate::fds::show::DEV,
        PIDFD = crate::fds::show::PIDFD,
    }
);

bitset!(
    /// `--decode-pids=`.
    DecodePids {
        PIDNS = 1,
        COMM = 2,
    }
);

const QUIET_NAMES: &[(&str, u32)] = &[
    ("attach", Quiet::ATTACH),
    ("exit", Quiet::EXIT),
    ("exits", Quiet::EXIT),
    ("path-resolution", Quiet::PATH_RESOLUTION),
    ("personality", Quiet::PERSONALITY),
    ("superseded", Quiet::THREAD_EXECVE),
    ("thread-execve", Quiet::THREAD_EXECVE),
];
const DECODE_FD_NAMES: &[(&str, u32)] = &[
    ("path", DecodeFds::PATH),
    ("socket", DecodeFds::SOCKET),
    ("dev", DecodeFds::DEV),
    ("pidfd", DecodeFds::PIDFD),
];
const DECODE_PID_NAMES: &[(&str, u32)] =
    &[("pidns", DecodePids::PIDNS), ("comm", DecodePids::COMM)];

/// A precision name (`s`, `ms`, `us`, `ns`) as digits after the point.
fn precision(s: &str) -> Option<u8> {
    match s.to_ascii_lowercase().as_str() {
        "s" => Some(0),
        "ms" => Some(3),
        "us" => Some(6),
        "ns" => Some(9),
        _ => None,
    }
}

/// `--timestamps=`'s value: comma-separated `[format:]none|time|unix` and
/// `[precision:]s|ms|us|ns`. `None` (the column off) for `none`; an error for anything else.
fn timestamps_arg(s: &str, before: Option<TimeSpec>) -> Result<Option<TimeSpec>, ()> {
    let mut format: Option<Option<TimeFormat>> = None;
    let mut digits = None;
    for token in s.split(',').filter(|t| !t.is_empty()) {
        let lower = token.to_ascii_lowercase();
        let (as_format, as_precision, value) = if let Some(v) = lower.strip_prefix("format:") {
            (true, false, v)
        } else if let Some(v) = lower.strip_prefix("precision:") {
            (false, true, v)
        } else {
            (true, true, lower.as_str())
        };
        if as_format {
            let f = match value {
                "none" => Some(None),
                "time" => Some(Some(TimeFormat::Time)),
                "unix" => Some(Some(TimeFormat::Unix)),
                _ => None,
            };
            if let Some(f) = f {
                format = Some(f);
                continue;
            }
        }
        match precision(value) {
            Some(d) if as_precision => digits = Some(d),
            _ => return Err(()),
        }
    }
    let format = match format {
        Some(f) => f,
        None => Some(before.map_or(TimeFormat::Time, |b| b.format)),
    };
    Ok(format.map(|format| TimeSpec {
        format,
        digits: digits.unwrap_or(before.map_or(0, |b| b.digits)),
    }))
}

/// strace's `qualify_tokens` for a set of named bits: leading `!`s invert, `all` and `none`,
/// else comma-separated names (case-insensitive).
fn token_bits(spec: &str, names: &[(&str, u32)], all: u32, what: &str) -> Result<u32, CliError> {
    let rest = spec.trim_start_matches('!');
    let invert = (spec.len() - rest.len()) % 2 == 1;
    let bits = match rest {
        "none" => 0,
        "all" => all,
        _ => {
            let mut bits = 0;
            for token in rest.split(',').filter(|t| !t.is_empty()) {
                let Some(&(_, b)) = names.iter().find(|(n, _)| n.eq_ignore_ascii_case(token))
                else {
                    return Err(CliError::die(format!("invalid {what} '{token}'")));
                };
                bits |= b;
            }
            bits
        }
    };
    Ok(if invert { !bits & all } else { bits })
}

/// A qualifier's error: strace adds the hint only to a bad personality designator.
fn filter_error(e: FilterError) -> CliError {
    match e {
        FilterError::Personality { .. } => CliError::help(e.to_string()),
        _ => CliError::die(e.to_string()),
    }
}

/// The state of strace's option loop.
pub(super) struct Fold<'t> {
    table: &'t Table,
    o: Options,
    follow_short: u32,
    follow_long: bool,
    deprecated_f: bool,
    daemonize_short: u32,
    daemonize_long: Daemonize,
    quiet_short: u32,
    quiet_set: Option<u32>,
    fds_short: u32,
    fds_set: Option<u32>,
    timestamps_short: u32,
    timestamps_long: bool,
    hex_long: Option<u8>,
    zflags: u32,
    columns_set: bool,
    sortby_set: bool,
    version: bool,
    deep: Option<SyscallSet>,
    generate: Option<String>,
}

impl<'t> Fold<'t> {
    pub(super) fn new(table: &'t Table) -> Self {
        Fold {
            table,
            o: Options {
                columns: 40,
                strsize: 32,
                color: "auto".to_owned(),
                buffer_size: 64,
                ..Options::default()
            },
            follow_short: 0,
            follow_long: false,
            deprecated_f: false,
            daemonize_short: 0,
            daemonize_long: Daemonize::None,
            quiet_short: 0,
            quiet_set: None,
            fds_short: 0,
            fds_set: None,
            timestamps_short: 0,
            timestamps_long: false,
            hex_long: None,
            zflags: 0,
            columns_set: false,
            sortby_set: false,
            version: false,
            deep: None,
            generate: None,
        }
    }

    /// One option, in command-line order. `Some` ends the parse there (`-h`).
    pub(super) fn option(
        &mut self,
        def: &OptDef,
        found: &Found,
    ) -> Result<Option<Parsed>, CliError> {
        let raw = found.value.clone().unwrap_or_default();
        let value = raw.to_string_lossy().into_owned();
        let bad = || CliError::help(format!("invalid {} argument: '{value}'", found.spelled));
        let uint = |max: u64| strace_uint(&value, max).ok_or_else(bad);
        let secs = || -> Result<f64, CliError> {
            value
                .parse::<f64>()
                .ok()
                // Also not below a nanosecond: the timers take whole nanoseconds, and a
                // period of 0 is no period.
                .filter(|s| s.is_finite() && *s >= 1e-9 && *s < 1e9)
                .ok_or_else(bad)
        };
        let o = &mut self.o;
        match def.id {
            Id::Columns => o.columns = uint(i32::MAX as u64)? as usize,
            Id::Append => o.append = true,
            Id::DetachOn => {
                if value != "execve" {
                    return Err(CliError::die(format!(
                        "Syscall '{value}' for -b isn't supported"
                    )));
                }
                o.detach_on_execve = true;
            }
            Id::SummaryOnly | Id::Summary => {
                let mode = if def.id == Id::SummaryOnly {
                    SummaryMode::Only
                } else {
                    SummaryMode::Both
                };
                if o.summary.is_some_and(|m| m != mode) {
                    return Err(CliError::help(
                        "-c/--summary-only and -C/--summary are mutually exclusive",
                    ));
                }
                o.summary = Some(mode);
            }
            Id::Debug => o.debug = true,
            Id::DaemonizeShort => self.daemonize_short += 1,
            Id::Daemonize => {
                self.daemonize_long = match found.value.as_ref().map(|_| value.to_lowercase()) {
                    None => Daemonize::Grandchild,
                    Some(v) => match v.as_str() {
                        "grandchild" => Daemonize::Grandchild,
                        "pgroup" | "pgrp" => Daemonize::NewProcessGroup,
                        "session" => Daemonize::NewSession,
                        _ => return Err(bad()),
                    },
                }
            }
            Id::Expr => self.qualify(&value)?,
            Id::Qualifier(name) => {
                let value = match (found.value.is_some(), name) {
                    (true, _) => value,
                    (false, "quiet") => "attach,personality".to_owned(),
                    (false, "decode-fds") => "path".to_owned(),
                    (false, _) => "!full,mismatch".to_owned(),
                };
                self.qualify(&format!("{name}={value}"))?;
            }
            Id::Env => o.env.push(raw),
            Id::FollowShort => self.follow_short += 1,
            Id::FollowForks => self.follow_long = true,
            Id::OutputSeparately => o.output_separately = true,
            Id::DeprecatedF => self.deprecated_f = true,
            Id::Help => {
                return Ok(Some(Parsed::Help(
                    super::command().render_help().to_string(),
                )));
            }
            Id::InstructionPointer => o.instruction_pointer = true,
            Id::Interruptible => {
                let n = match value.to_ascii_lowercase().as_str() {
                    "anywhere" | "always" => 1,
                    "waiting" => 2,
                    "never" => 3,
                    "never_tstp" => 4,
                    _ => uint(4)? as u8,
                };
                if n == 0 {
                    return Err(bad());
                }
                o.interruptible = Some(n);
            }
            Id::StackTraces => {
                return Err(CliError::die(
                    "Stack traces (-k/--stack-traces option) are not supported by this build \
                     of tracer yet",
                ));
            }
            Id::SyscallNumber => o.syscall_number = true,
            Id::Output => o.output = Some(raw),
            Id::Overhead => o.overhead = Some(crate::args::duration(&value).ok_or_else(bad)?),
            Id::Attach => {
                // strace's loop: items end at a blank or a comma; an empty list has none.
                let mut rest = value.as_str();
                while !rest.is_empty() {
                    let end = rest.find(['\n', '\t', ' ', ',']).unwrap_or(rest.len());
                    let item = &rest[..end];
                    let pid = strace_uint(item, i32::MAX as u64)
                        .filter(|&p| p > 0)
                        .ok_or_else(|| CliError::die(format!("Invalid process id: '{item}'")))?
                        as u32;
                    if pid == std::process::id() {
                        return Err(CliError::die("I'm sorry, I can't let you do that, Dave."));
                    }
                    if !o.pids.contains(&pid) {
                        o.pids.push(pid);
                    }
                    rest = rest.get(end + 1..).unwrap_or_default();
                }
            }
            Id::TracePath => o.paths.push(raw),
            Id::QuietShort => self.quiet_short += 1,
            Id::RelativeTimestamps | Id::SyscallTimes => {
                let digits = match &found.value {
                    None => 6,
                    Some(_) => precision(&value).ok_or_else(bad)?,
                };
                let spec = Some(TimeSpec {
                    format: TimeFormat::Unix,
                    digits,
                });
                if def.id == Id::SyscallTimes {
                    o.syscall_times = spec;
                } else {
                    o.relative = spec;
                }
            }
            Id::StringLimit => o.strsize = uint(u64::from(u32::MAX / 4))? as usize,
            Id::SortBy => {
                crate::summary::parse_sortby(&value).map_err(|e| CliError::die(e.to_string()))?;
                o.sortby = Some(value);
                self.sortby_set = true;
            }
            Id::TimestampsShort => self.timestamps_short += 1,
            Id::Timestamps => {
                self.timestamps_long = true;
                let arg = found
                    .value
                    .as_ref()
                    .map_or("format:time", |_| value.as_str());
                o.timestamps = timestamps_arg(arg, o.timestamps).map_err(|()| bad())?;
            }
            Id::User => o.user = Some(value),
            Id::SummaryColumns => {
                crate::summary::parse_columns(&value).map_err(|e| CliError::die(e.to_string()))?;
                o.summary_columns = Some(value);
                self.columns_set = true;
            }
            Id::NoAbbrev => self.qualify("abbrev=none")?,
            Id::Version => self.version = true,
            Id::WallClock => o.wall_clock = true,
            Id::HexShort => o.hex = (o.hex + 1).min(2),
            Id::StringsInHex => {
                self.hex_long = Some(match found.value.as_ref().map(|_| value.to_lowercase()) {
                    None => 2,
                    Some(v) => match v.as_str() {
                        "none" => 0,
                        "non-ascii" => 1,
                        "all" => 2,
                        "non-ascii-chars" => 3,
                        _ => return Err(bad()),
                    },
                })
            }
            Id::ConstPrintStyle => {
                o.xlat = match value.as_str() {
                    "raw" => XlatStyle::Raw,
                    "abbrev" => XlatStyle::Abbrev,
                    "verbose" => XlatStyle::Verbose,
                    _ => return Err(bad()),
                }
            }
            Id::DecodeFdsShort => self.fds_short += 1,
            Id::DecodePidsComm => self.qualify("decode-pids=comm")?,
            Id::PidnsTranslation => self.qualify("decode-pids=pidns")?,
            Id::SuccessfulOnly | Id::FailedOnly => {
                let status = if def.id == Id::SuccessfulOnly {
                    "successful"
                } else {
                    "failed"
                };
                self.qualify(&format!("status={status}"))?;
                self.zflags += 1;
            }
            Id::SeccompBpf => o.seccomp_bpf = true,
            Id::Tips => {
                if found.value.is_some() && !tips_arg(&value) {
                    return Err(bad());
                }
            }
            Id::Argv0 => o.argv0 = Some(raw),
            Id::SystemWide => o.system_wide = true,
            Id::Cgroup => o.cgroup = Some(value),
            Id::Unit => o.unit = Some(value),
            Id::Container => o.container = Some(value),
            Id::Comm => {
                if value.is_empty() || value.len() > 15 {
                    return Err(CliError::die(format!(
                        "--comm '{value}': a task name has 1 to 15 bytes"
                    )));
                }
                o.comm = Some(value);
            }
            Id::DecodeCgroup => o.decode_cgroup = true,
            Id::Interval => o.interval = Some(secs()?),
            Id::Duration => o.duration = Some(secs()?),
            Id::Per => {
                if !["cgroup", "process", "thread"].contains(&value.as_str()) {
                    return Err(CliError::die(format!(
                        "--per '{value}': use cgroup, process or thread"
                    )));
                }
                o.per = Some(value);
            }
            Id::Histogram => o.histogram = true,
            Id::Errors => o.errors = true,
            Id::Metrics => o.metrics = Some(value),
            Id::Stats => o.stats = true,
            Id::BufferSize => {
                let mib = uint(1 << 20)? as u32;
                if !mib.is_power_of_two() {
                    return Err(CliError::die(format!(
                        "--buffer-size {mib} is not a power of two"
                    )));
                }
                o.buffer_size = mib;
            }
            Id::Json => o.json = true,
            Id::Perfetto => o.perfetto = Some(value),
            Id::Top => o.top = true,
            Id::Color => {
                if !["auto", "always", "never"].contains(&value.as_str()) {
                    return Err(CliError::die(format!(
                        "--color '{value}': use auto, always or never"
                    )));
                }
                o.color = value;
            }
            Id::Backend => {
                o.backend = match value.as_str() {
                    "auto" => BackendChoice::Auto,
                    "ebpf" => BackendChoice::Ebpf,
                    "ptrace" => BackendChoice::Ptrace,
                    _ => return Err(bad()),
                }
            }
            Id::Deep => self.qualify(&format!("deep={value}"))?,
            Id::Generate => self.generate = Some(value),
            Id::BenchEmptyHooks => o.bench_empty_hooks = true,
            Id::BenchCountFloor => o.bench_count_floor = true,
        }
        Ok(None)
    }

    /// One `-e EXPR`: `QUALIFIER=VALUE`, or a bare syscall set.
    fn qualify(&mut self, expr: &str) -> Result<(), CliError> {
        let (q, value) = crate::filter::split_qualifier(expr);
        match q {
            Qualifier::Quiet => {
                self.quiet_set = Some(token_bits(value, QUIET_NAMES, Quiet::ALL, "quiet")?);
            }
            Qualifier::DecodeFds => {
                self.fds_set = Some(token_bits(
                    value,
                    DECODE_FD_NAMES,
                    DecodeFds::ALL,
                    "decode-fds",
                )?);
            }
            Qualifier::DecodePids => {
                self.o.decode_pids = DecodePids(token_bits(
                    value,
                    DECODE_PID_NAMES,
                    DecodePids::ALL,
                    "decode-pids",
                )?);
            }
            Qualifier::Kvm if value == "vcpu" => {
                return Err(CliError::die(
                    "-e kvm=vcpu (KVM vcpu exit reasons) is not supported by tracer",
                ));
            }
            Qualifier::Kvm => {
                return Err(CliError::die(format!(
                    "invalid -e kvm= argument: '{value}'"
                )));
            }
            Qualifier::Secontext => {
                return Err(CliError::die(
                    "SELinux context printing (--secontext option) is not supported by this \
                     build of tracer",
                ));
            }
            Qualifier::Deep => {
                let mut f = crate::filter::Filter::default();
                f.apply_trace(self.table, value).map_err(filter_error)?;
                self.deep = Some(f.trace);
            }
            q => self
                .o
                .filter
                .qualify(self.table, q, value)
                .map_err(filter_error)?,
        }
        Ok(())
    }

    /// The checks strace makes after its option loop, in its order.
    pub(super) fn finish(mut self, operands: Vec<OsString>) -> Result<Parsed, CliError> {
        if let Some(what) = self.generate.take() {
            return Ok(Parsed::Generate(what));
        }
        if self.version {
            return Ok(Parsed::Version(format!(
                "tracer -- version {}\nstrace's command line and output, from eBPF (strace 6.1 \
                 compatible)\n",
                env!("CARGO_PKG_VERSION")
            )));
        }
        let o = &mut self.o;
        o.command = operands;
        o.deep = self.deep;
        let targets = o.cgroup.is_some() || o.unit.is_some() || o.container.is_some();
        if o.pids.is_empty() && o.command.is_empty() && !targets && !o.system_wide {
            return Err(CliError::help("must have PROG [ARGS] or -p PID"));
        }
        if self.daemonize_long != Daemonize::None {
            if self.daemonize_short > 0 {
                return Err(CliError::die(
                    "-D and --daemonize cannot be provided simultaneously",
                ));
            }
            o.daemonize = self.daemonize_long;
        } else {
            o.daemonize = match self.daemonize_short {
                0 => Daemonize::None,
                1 => Daemonize::Grandchild,
                2 => Daemonize::NewProcessGroup,
                3 => Daemonize::NewSession,
                n => {
                    return Err(CliError::help(format!(
                        "Too many -D's ({n}), maximum supported -D count is 3"
                    )));
                }
            };
        }
        if !o.filter.inject.is_empty() {
            // Tampering is the ptrace backend's.
            if o.backend == BackendChoice::Ebpf {
                return Err(CliError::die(crate::inject::NEEDS_PTRACE));
            }
            if o.command.is_empty() && o.pids.is_empty() {
                return Err(CliError::die(crate::inject::NEEDS_TASKS));
            }
        }
        if o.command.is_empty() && o.daemonize != Daemonize::None {
            return Err(CliError::help(
                "PROG [ARGS] must be specified with -D/--daemonize",
            ));
        }
        if self.timestamps_short > 0 {
            if self.timestamps_long {
                return Err(CliError::die(
                    "-t and --absolute-timestamps cannot be provided simultaneously",
                ));
            }
            o.timestamps = Some(match self.timestamps_short {
                1 => TimeSpec {
                    format: TimeFormat::Time,
                    digits: 0,
                },
                2 => TimeSpec {
                    format: TimeFormat::Time,
                    digits: 6,
                },
                _ => TimeSpec {
                    format: TimeFormat::Unix,
                    digits: 6,
                },
            });
        }
        if let Some(h) = self.hex_long {
            if o.hex > 0 {
                return Err(CliError::die(
                    "-x and --strings-in-hex cannot be provided simultaneously",
                ));
            }
            o.hex = h;
        }
        let fds = match (self.fds_short, self.fds_set) {
            (0, set) => set.unwrap_or(0),
            (_, Some(_)) => {
                return Err(CliError::die(
                    "-y and --decode-fds cannot be provided simultaneously",
                ));
            }
            (1, None) => DecodeFds::PATH,
            (_, None) => DecodeFds::ALL,
        };
        o.decode_fds = DecodeFds(fds);
        if o.seccomp_bpf && o.daemonize != Daemonize::None {
            // tracer forks the command before it makes the filter.
            o.warnings.push(
                "--seccomp-bpf is not enabled because tracer does not support it with \
                 -D/--daemonize"
                    .into(),
            );
            o.seccomp_bpf = false;
        }
        if o.seccomp_bpf && o.detach_on_execve {
            o.warnings
                .push("--seccomp-bpf is not enabled because it is not compatible with -b".into());
            o.seccomp_bpf = false;
        }
        if self.follow_short > 0 {
            if self.follow_long {
                return Err(CliError::die(
                    "-f and --follow-forks cannot be provided simultaneously",
                ));
            }
            if self.follow_short >= 2 && o.output_separately {
                return Err(CliError::die(
                    "-ff and --output-separately cannot be provided simultaneously",
                ));
            }
            o.follow = true;
            o.output_separately = self.follow_short >= 2;
        } else {
            o.follow = self.follow_long;
        }
        if o.seccomp_bpf {
            if !o.pids.is_empty() && (o.command.is_empty() || o.debug) {
                o.warnings
                    .push("--seccomp-bpf is not enabled for processes attached with -p".into());
            }
            if !o.follow {
                o.warnings.push(
                    "--seccomp-bpf cannot be used without -f/--follow-forks, disabling".into(),
                );
                o.seccomp_bpf = false;
            }
        }
        if self.deprecated_f {
            if o.follow {
                o.warnings.push("deprecated option -F ignored".into());
            } else {
                o.warnings
                    .push("option -F is deprecated, please use -f/--follow-forks instead".into());
                o.follow = true;
            }
        }
        if o.output_separately && o.summary.is_some() {
            return Err(CliError::help(
                "(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually \
                 exclusive",
            ));
        }
        if o.wall_clock && o.summary.is_none() {
            return Err(CliError::help(
                "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)",
            ));
        }
        if self.columns_set && o.summary.is_none() {
            return Err(CliError::help(
                "-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)",
            ));
        }
        if self.sortby_set && o.summary.is_none() {
            o.warnings.push(
                "-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)"
                    .into(),
            );
        }
        if o.summary == Some(SummaryMode::Only) {
            let ignored = [
                (o.instruction_pointer, "-i/--instruction-pointer"),
                (o.syscall_number, "-n/--syscall-number"),
                (o.relative.is_some(), "-r/--relative-timestamps"),
                (o.timestamps.is_some(), "-t/--absolute-timestamps"),
                (o.syscall_times.is_some(), "-T/--syscall-times"),
                (o.decode_fds.0 != 0, "-y/--decode-fds"),
            ];
            for (given, what) in ignored {
                if given {
                    o.warnings
                        .push(format!("{what} has no effect with -c/--summary-only"));
                }
            }
        }
        let piped = o
            .output
            .as_ref()
            .is_some_and(|f| f.to_string_lossy().starts_with(['|', '!']));
        match &o.output {
            None => {
                if o.output_separately && !o.follow {
                    o.warnings
                        .push("--output-separately has no effect without -o/--output".into());
                }
                if o.append {
                    o.warnings
                        .push("-A/--output-append-mode has no effect without -o/--output".into());
                }
                // -ff without -o is -f.
                o.output_separately = false;
            }
            Some(_) if piped && o.output_separately => {
                return Err(CliError::help(
                    "piping the output and -ff/--output-separately are mutually exclusive",
                ));
            }
            Some(_) => {}
        }
        if self.zflags > 1 {
            o.warnings.push(crate::filter::Z_FLAGS_WARNING.into());
        }
        // `-o FILE PROG` is quiet about attaching unless told otherwise.
        if o.output.is_some() && !o.command.is_empty() && self.quiet_short == 0 {
            self.quiet_short = u32::from(self.quiet_set.is_none());
        }
        o.quiet = Quiet(match (self.quiet_short, self.quiet_set) {
            (0, set) => set.unwrap_or(0),
            (_, Some(_)) => {
                return Err(CliError::die(
                    "-q and -e quiet/--quiet cannot be provided simultaneously",
                ));
            }
            (1, None) => Quiet::ATTACH | Quiet::PERSONALITY,
            (2, None) => Quiet::ATTACH | Quiet::PERSONALITY | Quiet::EXIT,
            (_, None) => Quiet::ALL,
        });
        Ok(Parsed::Run(Box::new(self.o)))
    }
}

/// `--tips=`'s value: `[id:]N|random` and `[format:]none|compact|full`, comma separated.
fn tips_arg(s: &str) -> bool {
    s.split(',').filter(|t| !t.is_empty()).all(|token| {
        let lower = token.to_ascii_lowercase();
        let (id, format, v) = if let Some(v) = lower.strip_prefix("id:") {
            (true, false, v.to_owned())
        } else if let Some(v) = lower.strip_prefix("format:") {
            (false, true, v.to_owned())
        } else {
            (true, true, lower.clone())
        };
        (id && (v == "random" || strace_uint(&v, i32::MAX as u64).is_some()))
            || (format && ["none", "compact", "full"].contains(&v.as_str()))
    })
}
