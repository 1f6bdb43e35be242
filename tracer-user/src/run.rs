//! One tracing run: start the command, drain the ring buffer until every traced task is gone,
//! report losses, and return the command's wait status.
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::signal::unix::{SignalKind, signal};

use crate::backend::Backend;
use crate::backend::ebpf::{CountSettings, EbpfBackend, EmptyHooks, Settings, Targets};
use crate::cli::{BackendChoice, Cli};
use crate::command;
use crate::filter::{Filter, Status};
use crate::format::ff::FfSink;
use crate::format::json::JsonSink;
use crate::format::perfetto::PerfettoSink;
use crate::format::quote::{HexMode, QuoteOpts};
use crate::format::text::{PidPrefix, TextOpts, TextSink, Timestamps};
use crate::format::{Sink, Tee};
use crate::session::Session;
use crate::session::{Labels, Origin};
use crate::summary::{self, Counts, SortBy, SummaryOpts, SyscallStats};
use crate::table::{Arch, Table};
use std::sync::Arc;
use tracer_common::countper;

/// How the run ended, for the exit status.
pub enum Outcome {
    /// The command's wait status.
    Command(i32),
    /// Stopped by SIGINT/SIGTERM before the command ended.
    Interrupted,
    /// A `-p`, cgroup or system-wide trace ended (its processes exited, or a stop signal came).
    Detached,
}

/// A user error that gets exactly this line (prefixed `tracer: `) and exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

fn clock_ns(clock: libc::clockid_t) -> i64 {
    // SAFETY: clock_gettime writes into a local timespec.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// An I/O error as strace words it: the C library's message, without Rust's "(os error N)".
fn io_message(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => crate::format::errno::errno_message(n),
        None => e.to_string(),
    }
}

/// What to trace.
enum Target {
    /// Start this program and trace it from its execve.
    Command {
        path: std::path::PathBuf,
        argv: Vec<String>,
    },
    /// `-p`: these processes, every thread of each.
    Pids(Vec<u32>),
    /// `--cgroup`, `--unit`, `--container`: a cgroup's subtree.
    Cgroup(crate::target::Cgroup),
    /// No command and no target: the whole system.
    All,
}

fn user<E: std::fmt::Display>(e: E) -> UserError {
    UserError(e.to_string())
}

/// The one target the command line names.
fn target_of(cli: &Cli) -> Result<Target, UserError> {
    let named = [
        !cli.pids.is_empty(),
        cli.cgroup.is_some(),
        cli.unit.is_some(),
        cli.container.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if named > 1 || (named == 1 && !cli.command.is_empty()) {
        return Err(UserError(
            "use one of: a command, -p, --cgroup, --unit, --container".into(),
        ));
    }
    if !cli.pids.is_empty() {
        let mut pids = Vec::new();
        for p in &cli.pids {
            pids.extend(crate::target::parse_pids(p).map_err(user)?);
        }
        return Ok(Target::Pids(pids));
    }
    if let Some(c) = &cli.cgroup {
        return crate::target::cgroup(c).map(Target::Cgroup).map_err(user);
    }
    if let Some(u) = &cli.unit {
        return crate::target::unit(u).map(Target::Cgroup).map_err(user);
    }
    if let Some(c) = &cli.container {
        return crate::target::container(c)
            .map(Target::Cgroup)
            .map_err(user);
    }
    let Some(prog) = cli.command.first() else {
        return Ok(Target::All);
    };
    match command::resolve(prog) {
        Some(path) => Ok(Target::Command {
            path,
            argv: cli.command.clone(),
        }),
        None => Err(UserError(format!(
            "Can't stat '{prog}': No such file or directory"
        ))),
    }
}

/// `-e`, `--trace`, `--status`, `-z`, `-Z`, in strace's meaning.
fn filter_of(cli: &Cli, table: &Table) -> Result<Filter, UserError> {
    let mut f = Filter::default();
    for e in cli.exprs.iter().filter(|e| deep_expr(e).is_none()) {
        f.apply_expr(table, e).map_err(user)?;
    }
    for t in &cli.trace {
        f.apply_trace(table, t).map_err(user)?;
    }
    for st in &cli.status {
        f.apply_status(st).map_err(user)?;
    }
    for sig in &cli.signal {
        f.apply_signal(sig).map_err(user)?;
    }
    if cli.successful_only && cli.failed_only {
        eprintln!("tracer: {}", crate::filter::Z_FLAGS_WARNING);
    }
    if cli.successful_only {
        f.successful_only();
    }
    if cli.failed_only {
        f.failed_only();
    }
    Ok(f)
}

/// What `--top`'s title says is traced.
fn top_title(target: &Target) -> String {
    match target {
        Target::Command { argv, .. } => argv.join(" "),
        Target::Pids(p) => format!(
            "pid {}",
            p.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
        ),
        Target::Cgroup(cg) => format!("cgroup {}", cg.rel),
        Target::All => "whole system".to_owned(),
    }
}

/// `--color`: colours only on a terminal (stderr, the trace's default output), never into a file
/// (`-o`) or JSON, whatever was asked; `auto` also respects NO_COLOR.
fn color_of(cli: &Cli) -> Result<bool, UserError> {
    let possible = cli.output.is_none() && !cli.json;
    match cli.color.as_str() {
        "always" => Ok(possible),
        "never" => Ok(false),
        "auto" => Ok(possible
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            // SAFETY: isatty only reads the descriptor's state.
            && unsafe { libc::isatty(libc::STDERR_FILENO) } == 1),
        c => Err(UserError(format!(
            "--color '{c}': use auto, always or never"
        ))),
    }
}

/// The set of `-e deep=SET` (also `--deep SET`).
fn deep_expr(e: &str) -> Option<&str> {
    e.strip_prefix("deep=")
}

/// The syscalls to decode deeply (with ptrace), if any were asked for.
fn deep_of(cli: &Cli, table: &Table) -> Result<Option<crate::filter::SyscallSet>, UserError> {
    let sets: Vec<&str> = cli
        .exprs
        .iter()
        .filter_map(|e| deep_expr(e))
        .chain(cli.deep.iter().map(String::as_str))
        .collect();
    if sets.is_empty() {
        return Ok(None);
    }
    let mut f = Filter::default();
    for set in sets {
        f.apply_trace(table, set).map_err(user)?;
    }
    Ok(Some(f.trace))
}

/// `-c`, `-C`, `-S`, `-U`, `--per`, `--histogram`, `--errors`, `--metrics`: counting in the
/// kernel, or None.
fn counting_of(cli: &Cli) -> Result<Option<Counting>, UserError> {
    let wanted = cli.summary_only
        || cli.summary
        || cli.metrics.is_some()
        || cli.histogram
        || cli.errors
        || cli.per.is_some()
        || cli.top;
    if !wanted {
        return Ok(None);
    }
    let per = match cli.per.as_deref() {
        // --top shows processes, and their cgroups from them.
        _ if cli.top => countper::PROCESS,
        None => countper::TOTAL,
        Some("cgroup") => countper::CGROUP,
        Some("process") => countper::PROCESS,
        Some("thread") => countper::THREAD,
        Some(p) => {
            return Err(UserError(format!(
                "--per '{p}': use cgroup, process or thread"
            )));
        }
    };
    let opts = SummaryOpts {
        sort: match &cli.sortby {
            Some(s) => summary::parse_sortby(s).map_err(user)?,
            None => SortBy::Time,
        },
        columns: match &cli.columns {
            Some(c) => summary::parse_columns(c).map_err(user)?,
            None => summary::DEFAULT_COLUMNS.to_vec(),
        },
    };
    Ok(Some(Counting {
        // -c alone prints no lines; -C, or --metrics etc. without -c, print them too.
        settings: CountSettings {
            lines: !cli.summary_only && !cli.top,
            per,
            errors: cli.errors,
            // /metrics serves the latency histogram.
            histogram: cli.histogram || cli.metrics.is_some(),
        },
        opts,
        histogram: cli.histogram,
        errors: cli.errors,
    }))
}

pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    let target = target_of(cli)?;
    if !cli.buffer_size.is_power_of_two() {
        return Err(UserError(format!(
            "--buffer-size {} is not a power of two",
            cli.buffer_size
        ))
        .into());
    }
    let comm = match &cli.comm {
        Some(c) if c.is_empty() || c.len() > 15 => {
            return Err(UserError(format!("--comm '{c}': a task name has 1 to 15 bytes")).into());
        }
        Some(c) => {
            let mut b = [0u8; 16];
            b[..c.len()].copy_from_slice(c.as_bytes());
            Some(b)
        }
        None => None,
    };
    let table = Table::new(Arch::native());
    let filter = filter_of(cli, &table)?;
    let color = color_of(cli)?;
    // -ff -o PREFIX: one file per task, PREFIX itself is not written.
    let per_task_files = cli.follow >= 2 && cli.output.is_some() && !cli.json;
    let out: Box<dyn Write> = match &cli.output {
        Some(_) if per_task_files => Box::new(io::sink()),
        // The live view owns the terminal.
        _ if cli.top => Box::new(io::sink()),
        Some(f) => Box::new(
            File::create(f)
                .map_err(|e| UserError(format!("Can't fopen '{f}': {}", io_message(&e))))?,
        ),
        None => Box::new(io::stderr()),
    };
    let perfetto_out = match &cli.perfetto {
        Some(f) => Some(
            File::create(f)
                .map_err(|e| UserError(format!("Can't fopen '{f}': {}", io_message(&e))))?,
        ),
        None => None,
    };
    if cli.bench_empty_hooks || cli.bench_count_floor {
        let Target::Command { path, argv } = &target else {
            return Err(UserError("--bench-empty-hooks needs a command".into()).into());
        };
        let hooks = EmptyHooks::attach(cli.bench_count_floor).map_err(user)?;
        let child = command::spawn_suspended(path, argv).context("fork")?;
        let pid = child.pid;
        child
            .release()
            .map_err(|e| UserError(format!("exec: {}", io_message(&e))))?;
        let status = command::wait(pid).context("waitpid")?;
        drop(hooks);
        return Ok(Outcome::Command(status));
    }
    let counting = counting_of(cli)?;
    let metrics_listener = match &cli.metrics {
        Some(addr) => Some(crate::metrics::bind(addr).map_err(user)?),
        None => None,
    };
    // -y learns descriptors from the calls that open, dup and close them: those `-e trace=`
    // leaves out are traced all the same and print nothing (not with -c, whose counts they
    // would change). `traced` is what the backends trace; `filter`, what prints.
    let silent: Vec<u32> = if cli.decode_fds > 0 && counting.is_none() {
        (0..tracer_common::MAX_SYSCALLS)
            .filter(|&nr| {
                !filter.trace.contains(nr) && table.row(nr).is_some_and(crate::fds::feeds_table)
            })
            .collect()
    } else {
        Vec::new()
    };
    // With -y and `-e status=` (-z, -Z) leaving out successful or failed calls: the kernel
    // sends both, and the session prints (successful, failed) ones.
    let show_status = (cli.decode_fds > 0
        && counting.is_none()
        && !(filter.status.contains(Status::Successful) && filter.status.contains(Status::Failed)))
    .then(|| {
        (
            filter.status.contains(Status::Successful),
            filter.status.contains(Status::Failed),
        )
    });
    let mut traced = filter;
    for &nr in &silent {
        traced.trace.insert(nr);
    }
    let selected = traced.trace;
    // strace splits a call into `<unfinished ...>` and `<... resumed>` when another task's line
    // comes between its entry and exit; with a partial status set it holds lines until they end.
    let several = cli.follow > 0
        || matches!(target, Target::All | Target::Cgroup(_))
        || match &target {
            Target::Pids(pids) => {
                pids.len() > 1
                    || pids
                        .iter()
                        .any(|&p| crate::target::threads(p).is_ok_and(|t| t.len() > 1))
            }
            _ => false,
        };
    let settings = Settings {
        follow_forks: cli.follow > 0,
        // JSON and Perfetto records carry start times and durations.
        durations: cli.syscall_times || cli.json || cli.perfetto.is_some(),
        times: cli.timestamps > 0 || cli.json || cli.perfetto.is_some(),
        max_str: cli.strsize,
        verbose: cli.verbose,
        ring_bytes: cli.buffer_size.saturating_mul(1024 * 1024),
        targets: match &target {
            Target::Command { .. } | Target::Pids(_) => Targets::Tasks,
            Target::All => Targets::All,
            Target::Cgroup(cg) => Targets::Cgroup {
                id: cg.id,
                level: cg.level,
            },
        },
        comm,
        selected: Box::new(move |nr| selected.contains(nr)),
        fd_records: cli.decode_fds > 0 && counting.is_none(),
        // -y: calls that change descriptors must reach the table whatever their ending; the
        // session then prints only the endings asked for.
        status: if show_status.is_some() {
            filter.status.kernel_flags()
                | tracer_common::cfgflags::STATUS_SUCCESSFUL
                | tracer_common::cfgflags::STATUS_FAILED
        } else {
            filter.status.kernel_flags()
        },
        count: counting.as_ref().map(|c| c.settings),
        split_lines: several && filter.status.is_all(),
    };
    let split_lines = settings.split_lines;
    let mut backend = choose_backend(cli, &table, settings, &target, &traced)?;
    // Stop signals are caught from here on: a Ctrl-C right after "attached" must detach
    // cleanly, not kill tracer. (A current-thread runtime starts no thread: forking the command
    // below stays safe.)
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let stops = {
        let _in_rt = rt.enter();
        Stops {
            int: signal(SignalKind::interrupt())?,
            term: signal(SignalKind::terminate())?,
        }
    };
    let quiet = cli.quiet > 0;
    // -y: the descriptors and directory of the tasks traced from the start, read before they
    // run on (they may be gone by the time their lines print).
    let mut fd_paths = (cli.decode_fds > 0).then(crate::fds::FdPaths::new);
    let (live, child) = match &target {
        Target::Command { path, argv } => {
            let child = command::spawn_suspended_filtered(path, argv, backend.seccomp_filter())
                .context("fork")?;
            let pid = child.pid;
            if let Some(f) = &mut fd_paths {
                f.seed(pid);
            }
            backend.trace_from_exec(pid).map_err(user)?;
            if let Err(e) = child.release() {
                let _ = command::wait(pid);
                bail!(UserError(format!(
                    "exec '{}': {}",
                    path.display(),
                    io_message(&e)
                )));
            }
            (vec![pid], Some(pid))
        }
        Target::Pids(pids) => {
            let mut live = Vec::new();
            for &pid in pids {
                let tids = crate::target::threads(pid).map_err(user)?;
                if let Some(f) = &mut fd_paths {
                    f.seed(pid);
                }
                for &tid in &tids {
                    backend.trace_now(tid).map_err(user)?;
                }
                if !quiet {
                    match tids.len() {
                        1 => eprintln!("tracer: Process {pid} attached"),
                        n => eprintln!("tracer: Process {pid} attached with {n} threads"),
                    }
                }
                live.extend(tids);
            }
            (live, None)
        }
        Target::Cgroup(cg) => {
            if !quiet {
                eprintln!("tracer: tracing cgroup {} and below", cg.rel);
            }
            (Vec::new(), None)
        }
        Target::All => {
            if !quiet {
                eprintln!("tracer: tracing the whole system");
            }
            (Vec::new(), None)
        }
    };
    let many = matches!(target, Target::All | Target::Cgroup(_));
    let opts = TextOpts {
        quote: QuoteOpts {
            max: cli.strsize,
            hex: match cli.hex {
                0 => HexMode::None,
                1 => HexMode::NonAscii,
                _ => HexMode::All,
            },
        },
        pid_prefix: match (many, cli.follow, &cli.output) {
            (true, _, Some(_)) => PidPrefix::Always,
            (true, _, None) => PidPrefix::Bracket,
            (false, 0, _) if live.len() <= 1 => PidPrefix::Never,
            (false, _, Some(_)) => PidPrefix::Always,
            (false, _, None) => PidPrefix::WhenSeveral,
        },
        timestamps: match cli.timestamps {
            0 => Timestamps::None,
            1 => Timestamps::Seconds,
            2 => Timestamps::Micros,
            _ => Timestamps::Epoch,
        },
        syscall_times: cli.syscall_times,
        // -c prints the summary only, as strace does.
        quiet_exit: cli.quiet >= 2,
        quiet_all_exits: cli.summary_only,
        mono_to_real_ns: clock_ns(libc::CLOCK_REALTIME) - clock_ns(libc::CLOCK_MONOTONIC),
        color: color && !per_task_files,
        verbose: cli.verbose,
    };
    let main_sink: Box<dyn Sink> = if cli.json {
        Box::new(JsonSink::new(
            BufWriter::with_capacity(1 << 16, out),
            opts.quote,
            opts.mono_to_real_ns,
        )?)
    } else if per_task_files {
        let prefix = cli.output.clone().unwrap_or_default();
        Box::new(FfSink::new(prefix, opts))
    } else {
        Box::new(TextSink::new(BufWriter::with_capacity(1 << 16, out), opts))
    };
    let sink: Box<dyn Sink> = match perfetto_out {
        Some(f) => Box::new(Tee(vec![
            main_sink,
            Box::new(PerfettoSink::new(
                BufWriter::with_capacity(1 << 16, f),
                opts.quote,
                opts.mono_to_real_ns,
            )?),
        ])),
        None => main_sink,
    };
    let labels = Labels {
        // System-wide lines always say which program; cgroup lines with --decode-cgroup.
        comm: matches!(target, Target::All) || cli.decode_cgroup,
        unit: cli.decode_cgroup.then(|| {
            let by_id = std::cell::RefCell::new(std::collections::HashMap::new());
            Box::new(move |origin: Origin| {
                let rel = match origin {
                    Origin::Pid(pid) => crate::target::cgroup_of_pid(pid),
                    // Cached: finding a cgroup by id walks the hierarchy.
                    Origin::CgroupId(id) => by_id
                        .borrow_mut()
                        .entry(id)
                        .or_insert_with(|| crate::target::cgroup_path_of_id(id))
                        .clone(),
                };
                rel.and_then(|p| crate::target::unit_or_container_label(&p))
            }) as Box<dyn Fn(Origin) -> Option<String>>
        }),
    };
    let mut session = Session::new(&table, sink, &live, many, labels);
    if let Some(fds) = fd_paths {
        session = session.with_fd_paths(fds).with_silent(silent);
        if let Some((successful, failed)) = show_status {
            session = session.with_status_shown(successful, failed);
        }
    }
    session.set_signals(filter.signals.bits());
    session.split_lines(split_lines && counting.as_ref().is_none_or(|c| c.settings.lines));
    let counters = match &counting {
        Some(_) => Some(Arc::new(backend.take_counters().map_err(user)?)),
        None => None,
    };
    if let (Some(listener), Some(counters)) = (metrics_listener, &counters) {
        let counters = Arc::clone(counters);
        let table = Table::new(Arch::native());
        let per = counting
            .as_ref()
            .map_or(countper::TOTAL, |c| c.settings.per);
        let source: Arc<dyn Fn() -> String + Send + Sync> = Arc::new(move || {
            let snap = crate::metrics::Snapshot {
                counts: counters.read().unwrap_or_default(),
                lost: counters.lost(),
            };
            crate::metrics::render(&table, &snap, &|g| group_label(per, g))
        });
        let _guard = rt.enter();
        let listener = tokio::net::TcpListener::from_std(listener)?;
        rt.spawn(async move {
            if let Err(e) = crate::metrics::serve(listener, source).await {
                eprintln!("tracer: --metrics: {e}");
            }
        });
    }
    let mut previous = Counts::default();
    let mut top_view = cli.top.then(|| crate::top::Top::new(top_title(&target)));
    let mut on_interval = || -> anyhow::Result<String> {
        let (Some(c), Some(counters)) = (&counting, &counters) else {
            return Ok(String::new());
        };
        if let Some(view) = top_view.as_mut() {
            view.frame(&table, counters.read().map_err(user)?, counters.lost())?;
            return Ok(String::new());
        }
        let now = counters.read().map_err(user)?;
        let text = summary_text(&table, &now.since(&previous), c);
        previous = now;
        Ok(text)
    };
    // --top: the screen is the view's until this guard is dropped (on every way out of run).
    let screen = match cli.top {
        true => Some(crate::top::Screen::enter()?),
        false => None,
    };
    if cli.top {
        on_interval()?;
    }
    let timers = Timers {
        interval: match cli.top {
            true => Some(Duration::from_secs(1)),
            false => cli.interval.map(Duration::from_secs_f64),
        },
        on_interval: &mut on_interval,
        duration: cli.duration.map(Duration::from_secs_f64),
    };
    let end = rt.block_on(drain(&mut backend, &mut session, timers, stops))?;
    drop(screen);
    // A call still open when tracing stops (a -p trace detached) shows as `<unfinished ...>`.
    session.finish()?;
    backend.flush_log();
    let lost = backend.lost();
    let unseen = lost.saturating_sub(session.lost_seen);
    if unseen > 0 {
        session.sink().lost(unseen)?;
    }
    if let (Some(c), Some(counters)) = (&counting, &counters)
        && !cli.top
    {
        let all = counters.read().map_err(user)?;
        let counts = if cli.interval.is_some() {
            all.since(&previous)
        } else {
            all
        };
        session.sink().raw(&summary_text(&table, &counts, c))?;
    }
    session.sink().finish()?;
    if cli.stats {
        eprintln!("tracer: {} records, {} lost", session.records, lost);
    }
    if lost > 0 {
        eprintln!("tracer: {lost} events lost (ring buffer full); a larger --buffer-size may help");
    }
    if session.malformed > 0 {
        eprintln!(
            "tracer: {} records could not be read (a tracer bug: please report it)",
            session.malformed
        );
    }
    let untracked = backend.untracked();
    if untracked > 0 {
        eprintln!("tracer: {untracked} tasks not traced (traced-task map full)");
    }
    let status = match (child, end) {
        (Some(pid), End::TasksGone) => Some(backend.command_status(pid).context("waitpid")?),
        _ => None,
    };
    // Detaching: the programs go (or ptrace lets go), the traced processes run on untouched.
    drop(backend);
    if let Target::Pids(pids) = &target
        && end != End::TasksGone
        && !quiet
    {
        for pid in pids {
            eprintln!("tracer: Process {pid} detached");
        }
    }
    match (child, end, status) {
        // `q` in --top: the command runs on, untraced.
        (_, End::Signal, _) if crate::top::quit_requested() => Ok(Outcome::Detached),
        (Some(_), End::TasksGone, Some(status)) => Ok(Outcome::Command(status)),
        (Some(_), End::Signal, _) => Ok(Outcome::Interrupted),
        _ => Ok(Outcome::Detached),
    }
}

/// The backend `--backend` asks for. `auto` (the default) takes eBPF when its programs load,
/// else ptrace for a command or `-p`, saying why on one line; `--seccomp-bpf` is ptrace's.
fn choose_backend(
    cli: &Cli,
    table: &Table,
    settings: Settings,
    target: &Target,
    filter: &Filter,
) -> Result<Backend, UserError> {
    let ptrace_can = matches!(target, Target::Command { .. } | Target::Pids(_));
    let mut seccomp = cli.seccomp_bpf && matches!(target, Target::Command { .. });
    if seccomp && cli.follow == 0 {
        eprintln!("tracer: --seccomp-bpf cannot be used without -f/--follow-forks, disabling");
        seccomp = false;
    }
    let ptrace = |settings: &Settings| {
        if !ptrace_can {
            return Err(UserError(
                "the ptrace backend traces a command or -p PIDs".into(),
            ));
        }
        let selected = filter.trace;
        let s = crate::backend::ptrace::Settings {
            follow_forks: settings.follow_forks,
            seccomp,
            selected: Box::new(move |nr| selected.contains(nr)),
            max_str: settings.max_str,
            verbose: settings.verbose,
            split_lines: settings.split_lines,
            status: settings.status,
            count: settings.count,
            process_records: true,
            fd_records: settings.fd_records,
        };
        crate::backend::ptrace::PtraceBackend::start(table, &s)
            .map(Backend::Ptrace)
            .map_err(user)
    };
    if let Some(deep) = deep_of(cli, table)? {
        return deep_backend(cli, table, settings, target, filter, deep);
    }
    match cli.backend {
        BackendChoice::Ebpf => EbpfBackend::load(table, &settings)
            .map(Backend::Ebpf)
            .map_err(user),
        BackendChoice::Ptrace => ptrace(&settings),
        BackendChoice::Auto if cli.seccomp_bpf && ptrace_can => ptrace(&settings),
        BackendChoice::Auto => match EbpfBackend::load(table, &settings) {
            Ok(b) => Ok(Backend::Ebpf(b)),
            Err(e) if ptrace_can => {
                eprintln!("tracer: eBPF unavailable ({e}); tracing with ptrace");
                ptrace(&settings)
            }
            Err(e) => Err(user(e)),
        },
    }
}

/// Deep decoding: eBPF traces every selected syscall but the deep ones (and the processes);
/// ptrace stops the tracees only at the deep ones — a seccomp filter returns TRACE for those
/// alone — and reads their arguments at leisure. The two record streams are merged in order.
fn deep_backend(
    cli: &Cli,
    table: &Table,
    settings: Settings,
    target: &Target,
    filter: &Filter,
    deep: crate::filter::SyscallSet,
) -> Result<Backend, UserError> {
    if !matches!(target, Target::Command { .. } | Target::Pids(_)) {
        return Err(UserError(
            "deep decoding (-e deep=) traces a command or -p PIDs".into(),
        ));
    }
    if cli.follow == 0 {
        // The seccomp filter is inherited: every child must have a tracer.
        return Err(UserError("deep decoding (-e deep=) needs -f".into()));
    }
    if settings.count.is_some() {
        return Err(UserError(
            "deep decoding (-e deep=) does not count (-c)".into(),
        ));
    }
    let selected = filter.trace;
    let ptrace_settings = crate::backend::ptrace::Settings {
        follow_forks: true,
        seccomp: matches!(target, Target::Command { .. }),
        selected: Box::new(move |nr| selected.contains(nr) && deep.contains(nr)),
        max_str: settings.max_str,
        verbose: settings.verbose,
        split_lines: settings.split_lines,
        status: settings.status,
        count: None,
        process_records: false,
        fd_records: settings.fd_records,
    };
    let ebpf_settings = Settings {
        selected: Box::new(move |nr| selected.contains(nr) && !deep.contains(nr)),
        // Entry times and durations order the two streams.
        times: true,
        durations: true,
        ..settings
    };
    let ebpf = match cli.backend {
        BackendChoice::Ptrace => None,
        _ => match EbpfBackend::load(table, &ebpf_settings) {
            Ok(b) => Some(b),
            Err(e) if cli.backend == BackendChoice::Auto => {
                eprintln!("tracer: eBPF unavailable ({e}); tracing with ptrace");
                None
            }
            Err(e) => return Err(user(e)),
        },
    };
    let Some(ebpf) = ebpf else {
        // ptrace alone reads every syscall at leisure.
        let s = crate::backend::ptrace::Settings {
            selected: Box::new(move |nr| selected.contains(nr)),
            process_records: true,
            follow_forks: cli.follow > 0,
            seccomp: false,
            ..ptrace_settings
        };
        return crate::backend::ptrace::PtraceBackend::start(table, &s)
            .map(Backend::Ptrace)
            .map_err(user);
    };
    let ptrace =
        crate::backend::ptrace::PtraceBackend::start(table, &ptrace_settings).map_err(user)?;
    Ok(Backend::Deep { ebpf, ptrace })
}

/// `-c` and its companions, as asked on the command line.
struct Counting {
    settings: CountSettings,
    opts: SummaryOpts,
    histogram: bool,
    errors: bool,
}

/// How a group of `--per` is named in a table's heading and in `/metrics`.
fn group_label(per: u32, group: u64) -> String {
    match per {
        countper::CGROUP => crate::target::cgroup_path_of_id(group)
            .map(|rel| match crate::target::unit_or_container_label(&rel) {
                Some(l) if !rel.ends_with(&l) => format!("{rel} ({l})"),
                _ => rel,
            })
            .unwrap_or_else(|| format!("cgroup id {group}")),
        countper::PROCESS | countper::THREAD => {
            let comm = std::fs::read_to_string(format!("/proc/{group}/comm"));
            match comm {
                Ok(c) => format!("{group} ({})", c.trim_end()),
                Err(_) => group.to_string(),
            }
        }
        _ => String::new(),
    }
}

/// The summary: one strace table (or one per group), with histograms and errno counts when
/// asked for.
fn summary_text(table: &Table, counts: &Counts, c: &Counting) -> String {
    let mut out = String::new();
    let per = c.settings.per;
    let groups: Vec<(u64, std::collections::BTreeMap<u32, SyscallStats>)> =
        if per == countper::TOTAL {
            vec![(0, summary::merge_groups(counts))]
        } else {
            counts.groups.iter().map(|(g, m)| (*g, m.clone())).collect()
        };
    for (group, stats) in &groups {
        if per != countper::TOTAL {
            let what = match per {
                countper::CGROUP => "cgroup",
                countper::PROCESS => "process",
                _ => "thread",
            };
            out.push_str(&format!("{what} {}:\n", group_label(per, *group)));
        }
        summary::format_table(&mut out, table, stats, &c.opts);
        if c.histogram {
            summary::format_histogram(&mut out, table, stats);
        }
        if c.errors {
            summary::format_errors(&mut out, table, &counts.errors, *group);
        }
        if per != countper::TOTAL {
            out.push('\n');
        }
    }
    out
}

/// How often the ring buffer is drained when nothing wakes us, in milliseconds.
const POLL_MS: u64 = 10;

/// Why draining stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// Every traced task is gone.
    TasksGone,
    /// SIGINT or SIGTERM.
    Signal,
    /// `--duration` ran out.
    Duration,
}

/// The stop signals, caught from before tracing starts.
struct Stops {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

/// What else happens while draining: text (a summary) every `interval`, an end after
/// `duration`.
struct Timers<'a> {
    interval: Option<Duration>,
    on_interval: &'a mut dyn FnMut() -> anyhow::Result<String>,
    duration: Option<Duration>,
}

/// Reads records until every traced task is gone, a stop signal comes or the duration ends;
/// what is in the ring then is read too.
async fn drain<S: Sink>(
    backend: &mut Backend,
    session: &mut Session<'_, S>,
    timers: Timers<'_>,
    mut stops: Stops,
) -> anyhow::Result<End> {
    let ring = backend.take_records()?;
    // SAFETY: the RingReader owns its map fd and keeps it open, unchanged, until it is
    // dropped, which happens only when this AsyncFd is dropped.
    let mut ring = unsafe { AsyncFd::register_with_interest(ring, Interest::READABLE) }
        .map_err(|e| anyhow::anyhow!("cannot poll the ring buffer: {e}"))?;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    // Syscall records don't wake us (see the kernel's wakeup policy): drain on a short timer.
    let mut poll = tokio::time::interval(Duration::from_millis(POLL_MS));
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let forever = Duration::from_secs(u64::from(u32::MAX));
    let mut every = tokio::time::interval_at(
        tokio::time::Instant::now() + timers.interval.unwrap_or(forever),
        timers.interval.unwrap_or(forever),
    );
    let deadline = tokio::time::sleep(timers.duration.unwrap_or(forever));
    tokio::pin!(deadline);
    let on_interval = timers.on_interval;
    let end = loop {
        tokio::select! {
            guard = ring.readable_mut() => {
                let mut guard = guard?;
                if guard.get_inner_mut().drain(|r| session.record(r))? > 0 {
                    // Woken for a process (or signal) record: shown at once, like the rest.
                    session.sink().flush()?;
                }
                guard.clear_ready();
            }
            _ = poll.tick() => {
                // What was read goes out now: someone may be watching the trace live.
                if ring.get_mut().drain(|r| session.record(r))? > 0 || session.idle()? {
                    session.sink().flush()?;
                }
            }
            _ = stops.int.recv() => break End::Signal,
            _ = stops.term.recv() => break End::Signal,
            _ = &mut deadline => break End::Duration,
            _ = every.tick() => {
                ring.get_mut().drain(|r| session.record(r))?;
                session.close_held()?;
                let text = on_interval()?;
                session.sink().raw(&text)?;
                session.sink().flush()?;
            }
            _ = tick.tick() => {
                backend.flush_log();
                // Exit records can be lost with a full ring: don't wait for tasks that are gone.
                session.forget_dead(|tid| std::path::Path::new(&format!("/proc/{tid}")).exists());
            }
        }
        if session.done() {
            break End::TasksGone;
        }
    };
    if end != End::TasksGone {
        backend.stop();
    }
    // Everything the kernel emitted before now is in the ring: print it too.
    ring.get_mut().finish();
    ring.get_mut().drain(|r| session.record(r))?;
    Ok(end)
}
