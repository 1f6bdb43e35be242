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
use crate::cli::{BackendChoice, Daemonize, Options, Quiet, SummaryMode};
use crate::command;
use crate::filter::Status;
use crate::format::ff::FfSink;
use crate::format::json::JsonSink;
use crate::format::perfetto::PerfettoSink;
use crate::format::quote::{HexMode, QuoteOpts};
use crate::format::text::{PidPrefix, TextOpts, TextSink};
use crate::format::{Sink, Tee};
use crate::pathtrace::PathSet;
use crate::session::Session;
use crate::session::{Labels, Origin};
use crate::summary::{self, Counts, SortBy, SummaryOpts, SyscallStats};
use crate::table::Table;
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
        Some(n) => crate::table::errno::errno_message(n),
        None => e.to_string(),
    }
}

/// What to trace.
enum Target {
    /// Start this program and trace it from its execve.
    Command {
        path: std::path::PathBuf,
        argv: Vec<std::ffi::OsString>,
    },
    /// `-p`: these processes, every thread of each.
    Pids(Vec<u32>),
    /// `--cgroup`, `--unit`, `--container`: a cgroup's subtree.
    Cgroup(crate::target::Cgroup),
    /// `--system-wide`: every process.
    All,
}

fn user<E: std::fmt::Display>(e: E) -> UserError {
    UserError(e.to_string())
}

/// `-o '|CMD'` or `-o '!CMD'`: the command to pipe the trace into.
fn output_pipe(f: &std::ffi::OsStr) -> Option<&std::ffi::OsStr> {
    use std::os::unix::ffi::OsStrExt;
    match f.as_bytes().first() {
        Some(b'|' | b'!') => Some(std::ffi::OsStr::from_bytes(&f.as_bytes()[1..])),
        _ => None,
    }
}

/// `-o FILE` (`-A`: appended to), as strace's `fopen` opens it.
fn open_output(f: &std::ffi::OsStr, append: bool) -> Result<File, UserError> {
    let mut opts = std::fs::OpenOptions::new();
    if append {
        opts.append(true).create(true);
    } else {
        opts.write(true).create(true).truncate(true);
    }
    opts.open(f).map_err(|e| {
        UserError(format!(
            "Can't fopen '{}': {}",
            f.to_string_lossy(),
            io_message(&e)
        ))
    })
}

/// `sh -c CMD` reading the trace on its stdin; waited for at the end.
fn pipe_to(
    cmd: &std::ffi::OsStr,
) -> Result<(std::process::Child, std::process::ChildStdin), UserError> {
    let mut child = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| UserError(format!("fork: {}", io_message(&e))))?;
    let stdin = child
        .stdin
        .take()
        .ok_or_else(|| UserError("the -o command has no stdin".into()))?;
    Ok((child, stdin))
}

/// The one target the command line names.
fn target_of(o: &Options) -> Result<Target, UserError> {
    let named = [
        !o.pids.is_empty(),
        o.cgroup.is_some(),
        o.unit.is_some(),
        o.container.is_some(),
        o.system_wide,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if named > 1 || (named == 1 && !o.command.is_empty() && o.pids.is_empty()) {
        return Err(UserError(
            "use one of: a command, -p, --cgroup, --unit, --container, --system-wide".into(),
        ));
    }
    if !o.pids.is_empty() {
        if !o.command.is_empty() {
            // strace traces both; tracer traces one target.
            return Err(UserError(
                "use one of: a command, -p, --cgroup, --unit, --container, --system-wide".into(),
            ));
        }
        return Ok(Target::Pids(o.pids.clone()));
    }
    if let Some(c) = &o.cgroup {
        return crate::target::cgroup(c).map(Target::Cgroup).map_err(user);
    }
    if let Some(u) = &o.unit {
        return crate::target::unit(u).map(Target::Cgroup).map_err(user);
    }
    if let Some(c) = &o.container {
        return crate::target::container(c)
            .map(Target::Cgroup)
            .map_err(user);
    }
    if o.system_wide {
        return Ok(Target::All);
    }
    let Some(prog) = o.command.first() else {
        return Err(UserError("must have PROG [ARGS] or -p PID".into()));
    };
    match command::resolve(prog) {
        Some(path) => Ok(Target::Command {
            path,
            argv: match &o.argv0 {
                Some(argv0) => std::iter::once(argv0.clone())
                    .chain(o.command[1..].iter().cloned())
                    .collect(),
                None => o.command.clone(),
            },
        }),
        None => Err(UserError(format!(
            "Can't stat '{}': No such file or directory",
            prog.to_string_lossy()
        ))),
    }
}

/// What `--top`'s title says is traced.
fn top_title(target: &Target) -> String {
    match target {
        Target::Command { argv, .. } => argv
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
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
fn color_of(o: &Options) -> bool {
    let possible = o.output.is_none() && !o.json;
    match o.color.as_str() {
        "always" => possible,
        "never" => false,
        _ => {
            possible
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                // SAFETY: isatty only reads the descriptor's state.
                && unsafe { libc::isatty(libc::STDERR_FILENO) } == 1
        }
    }
}

/// `-c`, `-C`, `-S`, `-U`, `--per`, `--histogram`, `--errors`, `--metrics`: counting in the
/// kernel, or None.
fn counting_of(o: &Options) -> Result<Option<Counting>, UserError> {
    let wanted = o.summary.is_some()
        || o.metrics.is_some()
        || o.histogram
        || o.errors
        || o.per.is_some()
        || o.top;
    if !wanted {
        return Ok(None);
    }
    let per = match o.per.as_deref() {
        // --top shows processes, and their cgroups from them.
        _ if o.top => countper::PROCESS,
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
        sort: match &o.sortby {
            Some(s) => summary::parse_sortby(s).map_err(user)?,
            None => SortBy::Time,
        },
        columns: match &o.summary_columns {
            Some(c) => summary::parse_columns(c).map_err(user)?,
            None => summary::DEFAULT_COLUMNS.to_vec(),
        },
        overhead_ns: o
            .overhead
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
    };
    Ok(Some(Counting {
        // -c alone prints no lines; -C, or --metrics etc. without -c, print them too.
        settings: CountSettings {
            lines: o.summary != Some(SummaryMode::Only) && !o.top,
            per,
            errors: o.errors,
            // /metrics serves the latency histogram.
            histogram: o.histogram || o.metrics.is_some(),
        },
        opts,
        histogram: o.histogram,
        errors: o.errors,
    }))
}

pub fn run(o: &Options, table: &Table) -> anyhow::Result<Outcome> {
    let target = target_of(o)?;
    let comm = o.comm.as_ref().map(|c| {
        let mut b = [0u8; 16];
        b[..c.len()].copy_from_slice(c.as_bytes());
        b
    });
    let filter = &o.filter;
    let color = color_of(o);
    let mut creds = match &o.user {
        Some(u) => Some(command::creds_of(u).map_err(UserError)?),
        None => None,
    };
    let mut env = (!o.env.is_empty()).then(|| command::environment(&o.env));
    // -ff -o PREFIX: one file per task, PREFIX itself is not written.
    let per_task_files = o.output_separately && !o.json;
    let mut pipe_child = None;
    let out: Box<dyn Write> = match &o.output {
        Some(_) if per_task_files => Box::new(io::sink()),
        // The live view owns the terminal.
        _ if o.top => Box::new(io::sink()),
        Some(f) => match output_pipe(f) {
            Some(cmd) => {
                let (child, stdin) = pipe_to(cmd)?;
                pipe_child = Some(child);
                Box::new(stdin)
            }
            None => Box::new(open_output(f, o.append)?),
        },
        None => Box::new(io::stderr()),
    };
    let perfetto_out = match &o.perfetto {
        Some(f) => Some(open_output(std::ffi::OsStr::new(f), false)?),
        None => None,
    };
    if o.bench_empty_hooks || o.bench_count_floor {
        let Target::Command { path, argv } = &target else {
            return Err(UserError("--bench-empty-hooks needs a command".into()).into());
        };
        let hooks = EmptyHooks::attach(o.bench_count_floor).map_err(user)?;
        let child = command::spawn_suspended(path, argv).context("fork")?;
        let pid = child.pid;
        child
            .release()
            .map_err(|e| UserError(format!("exec: {}", io_message(&e))))?;
        let status = command::wait(pid).context("waitpid")?;
        drop(hooks);
        return Ok(Outcome::Command(status));
    }
    let counting = counting_of(o)?;
    let path_trace = path_trace_of(o, counting.is_some())?;
    let metrics_listener = match &o.metrics {
        Some(addr) => Some(crate::metrics::bind(addr).map_err(user)?),
        None => None,
    };
    // -y and -P learn descriptors from the calls that open, dup and close them: those
    // `-e trace=` (or -P) leaves out are traced all the same and print nothing (not with -c,
    // whose counts they would change). `traced` is what the backends trace; `shown`, what may
    // print: with -P, only the calls that can name a path (the session decides which do).
    let decode_fds = o.decode_fds.0 != 0;
    let fd_table = (decode_fds || path_trace.is_some()) && counting.is_none();
    let mut shown = filter.trace;
    if path_trace.is_some() {
        for nr in 0..tracer_common::MAX_SYSCALLS {
            if !table.row(nr).is_some_and(crate::pathtrace::may_match) {
                shown.remove(nr);
            }
        }
    }
    let silent: Vec<u32> = if fd_table {
        (0..tracer_common::MAX_SYSCALLS)
            .filter(|&nr| !shown.contains(nr) && table.row(nr).is_some_and(crate::fds::feeds_table))
            .collect()
    } else {
        Vec::new()
    };
    // With -y or -P and `-e status=` (-z, -Z) leaving out successful or failed calls: the
    // kernel sends both, and the session prints (successful, failed) ones.
    let show_status = (fd_table
        && !(filter.status.contains(Status::Successful) && filter.status.contains(Status::Failed)))
    .then(|| {
        (
            filter.status.contains(Status::Successful),
            filter.status.contains(Status::Failed),
        )
    });
    let mut traced = filter.clone();
    traced.trace = shown;
    for &nr in &silent {
        traced.trace.insert(nr);
    }
    let selected = traced.trace;
    // strace splits a call into `<unfinished ...>` and `<... resumed>` when another task's line
    // comes between its entry and exit; with a partial status set it holds lines until they end.
    let several = o.follow
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
        follow_forks: o.follow,
        // JSON and Perfetto records carry start times and durations.
        durations: o.syscall_times.is_some() || o.json || o.perfetto.is_some(),
        times: o.timestamps.is_some() || o.relative.is_some() || o.json || o.perfetto.is_some(),
        ip: o.instruction_pointer,
        // -e read=, -e write=: buffers are dumped whole, so copied as far as the backend can.
        max_str: if o.filter.read.is_empty() && o.filter.write.is_empty() {
            o.strsize
        } else {
            o.strsize.max(1 << 16)
        },
        verbose: {
            let mut whole = o.filter.abbrev;
            whole.invert();
            whole
        },
        ring_bytes: o.buffer_size.saturating_mul(1024 * 1024),
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
        fd_records: fd_table,
        renames: o.decode_pids.has(crate::cli::DecodePids::COMM),
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
        detach_on_exec: o.detach_on_execve,
    };
    let split_lines = settings.split_lines;
    // -D: tracer's process becomes the command, and tracer goes on in a grandchild; forked
    // here, before any thread starts (the backends start theirs).
    let mut daemonized = daemonize(o, &target, &mut env, &mut creds)?;
    let mut backend = choose_backend(o, table, settings, &target, &traced)?;
    // Stop signals are caught from here on: a Ctrl-C right after "attached" must detach
    // cleanly, not kill tracer. (A current-thread runtime starts no thread: forking the command
    // below stays safe.)
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let stops = {
        let _in_rt = rt.enter();
        // (SIGPIPE among them: the Rust runtime ignores it, strace's -I2 detaches on it.)
        let caught = command::Interruptible::STOPS.map(|sig| signal(SignalKind::from_raw(sig)));
        Stops(caught.into_iter().collect::<io::Result<_>>()?)
    };
    let quiet = o.quiet.has(Quiet::ATTACH);
    // -y: the descriptors and directory of the tasks traced from the start, read before they
    // run on (they may be gone by the time their lines print).
    let mut fd_paths = (decode_fds || path_trace.is_some())
        .then(|| crate::fds::FdPaths::new().with_mode(o.decode_fds.0));
    // -I: the signals tracer ignores, set once the command is forked (it must not inherit
    // SIG_IGN) and before it runs, as strace does.
    let interruptible = command::Interruptible::of(
        o.interruptible,
        o.daemonize != Daemonize::None,
        o.output.is_some() && matches!(target, Target::Command { .. }),
    );
    if !matches!(target, Target::Command { .. }) {
        // Nothing is forked: now.
        interruptible.apply();
    }
    let (live, child) = match &target {
        Target::Command { path, argv } => {
            let own = daemonized.is_none();
            let child = match daemonized.take() {
                Some(command) => command,
                None => command::spawn(&command::Launch {
                    path,
                    argv,
                    env: env.take(),
                    creds: creds.take(),
                    seccomp: backend.seccomp_filter(),
                })
                .context("fork")?,
            };
            let pid = child.pid;
            log::debug!("command {} forked as pid {pid}", path.display());
            interruptible.apply();
            if let Some(f) = &mut fd_paths {
                f.seed(pid);
            }
            backend.trace_from_exec(pid).map_err(user)?;
            if !own && !quiet {
                // -D attaches to the command as -p does.
                eprintln!("tracer: Process {pid} attached");
            }
            if let Err(e) = child.release() {
                if own {
                    let _ = command::wait(pid);
                }
                bail!(UserError(format!(
                    "exec '{}': {}",
                    path.display(),
                    io_message(&e)
                )));
            }
            // With -D the command is not tracer's child: its parent waits for it.
            (vec![pid], own.then_some(pid))
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
            max: o.strsize,
            hex: hex_mode(o.hex),
        },
        pid_prefix: match (many, o.follow, &o.output) {
            (true, _, Some(_)) => PidPrefix::Always,
            (true, _, None) => PidPrefix::Bracket,
            (false, false, _) if live.len() <= 1 => PidPrefix::Never,
            (false, _, Some(_)) => PidPrefix::Always,
            (false, _, None) => PidPrefix::WhenSeveral,
        },
        timestamps: o.timestamps,
        relative: o.relative.map(|r| r.digits),
        syscall_times: o.syscall_times.map(|t| t.digits),
        syscall_number: o.syscall_number,
        ip: o.instruction_pointer,
        // -c prints the summary only, as strace does.
        quiet_exit: o.quiet.has(Quiet::EXIT),
        quiet_superseded: o.quiet.has(Quiet::THREAD_EXECVE),
        quiet_all_exits: o.summary == Some(SummaryMode::Only),
        mono_to_real_ns: clock_ns(libc::CLOCK_REALTIME) - clock_ns(libc::CLOCK_MONOTONIC),
        color: color && !per_task_files,
        verbose: o.verbose(),
        columns: o.columns,
        xlat: o.xlat,
    };
    let main_sink: Box<dyn Sink> = if o.json {
        Box::new(JsonSink::new(
            BufWriter::with_capacity(1 << 16, out),
            opts.quote,
            opts.mono_to_real_ns,
        )?)
    } else if per_task_files {
        let prefix = o
            .output
            .as_ref()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
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
        comm: matches!(target, Target::All) || o.decode_cgroup,
        unit: o.decode_cgroup.then(|| {
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
    let mut session = Session::new(table, sink, &live, many, labels);
    if let Some(paths) = path_trace {
        session = session.with_path_trace(paths);
    }
    if let Some(fds) = fd_paths {
        session = session.with_fd_table(fds, decode_fds).with_silent(silent);
        if let Some((successful, failed)) = show_status {
            session = session.with_status_shown(successful, failed);
        }
    }
    session = session.with_shape(crate::session::Shape {
        raw: filter.raw,
        abbrev: filter.abbrev,
        verbose: filter.verbose,
        read: filter.read.clone(),
        write: filter.write.clone(),
    });
    if o.decode_pids.has(crate::cli::DecodePids::COMM) {
        session = session.with_comms(crate::comms::Comms::default());
    }
    if o.decode_pids.0 != 0 {
        session = session.with_pidns(
            crate::pidns::PidNs::default(),
            o.decode_pids.has(crate::cli::DecodePids::PIDNS),
        );
    }
    if o.detach_on_execve {
        session = session.with_detaching(!quiet, filter.status.contains(Status::Detached));
    }
    session.set_signals(filter.signals.bits());
    session.split_lines(split_lines && counting.as_ref().is_none_or(|c| c.settings.lines));
    let counters = match &counting {
        Some(_) => Some(Arc::new(backend.take_counters().map_err(user)?)),
        None => None,
    };
    if let (Some(listener), Some(counters)) = (metrics_listener, &counters) {
        let counters = Arc::clone(counters);
        let table = Table::new(table.arch);
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
    let mut top_view = o.top.then(|| crate::top::Top::new(top_title(&target)));
    let mut on_interval = || -> anyhow::Result<String> {
        let (Some(c), Some(counters)) = (&counting, &counters) else {
            return Ok(String::new());
        };
        if let Some(view) = top_view.as_mut() {
            view.frame(table, counters.read().map_err(user)?, counters.lost())?;
            return Ok(String::new());
        }
        let now = counters.read().map_err(user)?;
        let text = summary_text(table, &now.since(&previous), c);
        previous = now;
        Ok(text)
    };
    // --top: the screen is the view's until this guard is dropped (on every way out of run).
    let screen = match o.top {
        true => Some(crate::top::Screen::enter()?),
        false => None,
    };
    if o.top {
        on_interval()?;
    }
    let timers = Timers {
        interval: match o.top {
            true => Some(Duration::from_secs(1)),
            false => o.interval.map(Duration::from_secs_f64),
        },
        on_interval: &mut on_interval,
        duration: o.duration.map(Duration::from_secs_f64),
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
        && !o.top
    {
        let all = counters.read().map_err(user)?;
        let counts = if o.interval.is_some() {
            all.since(&previous)
        } else {
            all
        };
        session.sink().raw(&summary_text(table, &counts, c))?;
    }
    session.sink().finish()?;
    if o.stats {
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
    // `-b execve` let the command go: tracer still waits for it, and exits 0, as strace does.
    let command_detached = child.is_some_and(|pid| session.was_detached(pid));
    // `-o |CMD`: the command sees the end of the trace, and tracer waits for it, as strace does.
    drop(session);
    if let Some(mut child) = pipe_child {
        let _ = child.wait();
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
        (Some(_), End::TasksGone, Some(_)) if command_detached => Ok(Outcome::Detached),
        (Some(_), End::TasksGone, Some(status)) => Ok(Outcome::Command(status)),
        (Some(_), End::Signal, _) => Ok(Outcome::Interrupted),
        _ => Ok(Outcome::Detached),
    }
}

/// `-D`, `-DD`, `-DDD` with a command: the command, forked as [`command::daemonize`] does
/// (this process becomes it; the caller goes on in the tracer, a grandchild). None otherwise.
fn daemonize(
    o: &Options,
    target: &Target,
    env: &mut Option<Vec<std::ffi::OsString>>,
    creds: &mut Option<command::Creds>,
) -> anyhow::Result<Option<command::Suspended>> {
    let Target::Command { path, argv } = target else {
        return Ok(None);
    };
    let (group, session) = match o.daemonize {
        Daemonize::None => return Ok(None),
        Daemonize::Grandchild => (false, false),
        Daemonize::NewProcessGroup => (true, false),
        Daemonize::NewSession => (false, true),
    };
    let launch = command::Launch {
        path,
        argv,
        env: env.take(),
        creds: creds.take(),
        seccomp: None,
    };
    let command = command::daemonize(&launch, group, session).context("fork")?;
    Ok(Some(command))
}

/// `-P`: the paths to trace, as strace resolves them when it starts, saying on stderr what
/// a path resolved into unless `--quiet=path-resolution`. Not with the kernel's counting,
/// which counts every call.
fn path_trace_of(o: &Options, counting: bool) -> Result<Option<PathSet>, UserError> {
    if o.paths.is_empty() {
        return Ok(None);
    }
    if counting {
        return Err(UserError(
            "-P/--trace-path with -c, -C, --metrics or --top is not supported: the kernel \
             counts every call"
                .into(),
        ));
    }
    let (set, resolved) = PathSet::new(&o.paths, |p| std::fs::canonicalize(p).ok());
    if !o.quiet.has(Quiet::PATH_RESOLUTION) {
        let quote = |b: &[u8]| {
            let mut s = String::new();
            let opts = QuoteOpts {
                max: usize::MAX,
                hex: hex_mode(o.hex),
            };
            crate::format::quote::quote_cstr(&mut s, b, false, opts);
            s
        };
        for r in resolved {
            eprintln!(
                "tracer: Requested path {} resolved into {}",
                quote(&r.requested),
                quote(&r.canonical)
            );
        }
    }
    Ok(Some(set))
}

/// `-x`, `-xx`, `--strings-in-hex`.
fn hex_mode(hex: u8) -> HexMode {
    match hex {
        0 => HexMode::None,
        1 => HexMode::NonAscii,
        3 => HexMode::NonAsciiChars,
        _ => HexMode::All,
    }
}

/// The backend `--backend` asks for. `auto` (the default) takes eBPF when its programs load,
/// else ptrace for a command or `-p`, saying why on one line; `--seccomp-bpf` and
/// `-e inject=`/`-e fault=` are ptrace's (silently: it is the documented behaviour).
fn choose_backend(
    o: &Options,
    table: &Table,
    settings: Settings,
    target: &Target,
    filter: &crate::filter::Filter,
) -> Result<Backend, UserError> {
    let ptrace_can = matches!(target, Target::Command { .. } | Target::Pids(_));
    // With -D the command is forked before the filter is made: no seccomp (see the options).
    let seccomp =
        o.seccomp_bpf && matches!(target, Target::Command { .. }) && o.daemonize == Daemonize::None;
    let inject = o.filter.inject_rules();
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
            renames: settings.renames,
            detach_on_exec: settings.detach_on_exec,
            inject: inject.clone(),
        };
        crate::backend::ptrace::PtraceBackend::start(table, &s)
            .map(Backend::Ptrace)
            .map_err(user)
    };
    if !o.filter.inject.is_empty() {
        // eBPF cannot change a syscall's result here (no kprobes, no fmod_ret): tampering is
        // ptrace's, which alone reads every call at leisure (deep decoding needs no eBPF half).
        return match o.backend {
            BackendChoice::Ebpf => Err(UserError(crate::inject::NEEDS_PTRACE.into())),
            _ if !ptrace_can => Err(UserError(crate::inject::NEEDS_TASKS.into())),
            _ => ptrace(&settings),
        };
    }
    if let Some(deep) = o.deep {
        return deep_backend(o, table, settings, target, filter, deep);
    }
    log::debug!(
        "backend: {:?}, ring buffer {} MiB, -s {}",
        o.backend,
        o.buffer_size,
        settings.max_str
    );
    match o.backend {
        BackendChoice::Ebpf => EbpfBackend::load(table, &settings)
            .map(Backend::Ebpf)
            .map_err(user),
        BackendChoice::Ptrace => ptrace(&settings),
        BackendChoice::Auto if o.seccomp_bpf && ptrace_can => ptrace(&settings),
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
    o: &Options,
    table: &Table,
    settings: Settings,
    target: &Target,
    filter: &crate::filter::Filter,
    deep: crate::filter::SyscallSet,
) -> Result<Backend, UserError> {
    if !matches!(target, Target::Command { .. } | Target::Pids(_)) {
        return Err(UserError(
            "deep decoding (-e deep=) traces a command or -p PIDs".into(),
        ));
    }
    if !o.follow {
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
        seccomp: matches!(target, Target::Command { .. }) && o.daemonize == Daemonize::None,
        selected: Box::new(move |nr| selected.contains(nr) && deep.contains(nr)),
        max_str: settings.max_str,
        verbose: settings.verbose,
        split_lines: settings.split_lines,
        status: settings.status,
        count: None,
        process_records: false,
        fd_records: settings.fd_records,
        // The kernel side says what names tasks take.
        renames: false,
        detach_on_exec: settings.detach_on_exec,
        inject: crate::inject::Rules::default(),
    };
    let ebpf_settings = Settings {
        selected: Box::new(move |nr| selected.contains(nr) && !deep.contains(nr)),
        // Entry times and durations order the two streams.
        times: true,
        durations: true,
        ..settings
    };
    let ebpf = match o.backend {
        BackendChoice::Ptrace => None,
        _ => match EbpfBackend::load(table, &ebpf_settings) {
            Ok(b) => Some(b),
            Err(e) if o.backend == BackendChoice::Auto => {
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
            follow_forks: o.follow,
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
struct Stops(Vec<tokio::signal::unix::Signal>);

impl Stops {
    /// Waits for the first of the signals.
    async fn recv(&mut self) {
        std::future::poll_fn(|cx| {
            // Every stream is polled while none is ready, so that each can wake us.
            match self.0.iter_mut().any(|s| s.poll_recv(cx).is_ready()) {
                true => std::task::Poll::Ready(()),
                false => std::task::Poll::Pending,
            }
        })
        .await
    }
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
            _ = stops.recv() => break End::Signal,
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
                // Not with ptrace's queue, which loses nothing: there a task is gone from /proc
                // once the ptrace thread has reaped it, a moment before it queues the exit
                // record, and forgetting the task then ended the trace without its last line.
                if ring.get_ref().can_lose() {
                    session.forget_dead(|tid| {
                        std::path::Path::new(&format!("/proc/{tid}")).exists()
                    });
                }
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
