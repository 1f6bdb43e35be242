//! One tracing run: start the command, drain the ring buffer until every traced task is gone,
//! report losses, and return the command's wait status.
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::signal::unix::{SignalKind, signal};

use crate::backend::ebpf::{EbpfBackend, EmptyHooks, Settings};
use crate::cli::Cli;
use crate::command;
use crate::format::Sink;
use crate::format::quote::{HexMode, QuoteOpts};
use crate::format::text::{PidPrefix, TextOpts, TextSink, Timestamps};
use crate::session::Session;
use crate::table::{Arch, Table};

/// How the run ended, for the exit status.
pub enum Outcome {
    /// The command's wait status.
    Command(i32),
    /// Stopped by SIGINT/SIGTERM before the command ended.
    Interrupted,
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

pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    let Some(prog) = cli.command.first() else {
        return Err(UserError("must have PROG [ARGS]".into()).into());
    };
    let Some(path) = command::resolve(prog) else {
        return Err(UserError(format!("Can't stat '{prog}': No such file or directory")).into());
    };
    if !cli.buffer_size.is_power_of_two() {
        return Err(UserError(format!(
            "--buffer-size {} is not a power of two",
            cli.buffer_size
        ))
        .into());
    }
    let out: Box<dyn Write> = match &cli.output {
        Some(f) => Box::new(
            File::create(f)
                .map_err(|e| UserError(format!("Can't fopen '{f}': {}", io_message(&e))))?,
        ),
        None => Box::new(io::stderr()),
    };
    if cli.bench_empty_hooks {
        let hooks = EmptyHooks::attach().map_err(|e| UserError(e.to_string()))?;
        let child = command::spawn_suspended(&path, &cli.command).context("fork")?;
        let pid = child.pid;
        child.release().map_err(|e| UserError(format!("exec: {}", io_message(&e))))?;
        let status = command::wait(pid).context("waitpid")?;
        drop(hooks);
        return Ok(Outcome::Command(status));
    }
    let table = Table::new(Arch::native());
    let settings = Settings {
        follow_forks: cli.follow > 0,
        durations: cli.syscall_times,
        times: cli.timestamps > 0,
        max_str: cli.strsize,
        ring_bytes: cli.buffer_size.saturating_mul(1024 * 1024),
        targets: crate::backend::ebpf::Targets::Tasks,
        comm: None,
        selected: Box::new(|_| true),
        status: tracer_common::cfgflags::STATUS_ALL,
    };
    let mut backend = EbpfBackend::load(&table, &settings).map_err(|e| UserError(e.to_string()))?;
    let child = command::spawn_suspended(&path, &cli.command).context("fork")?;
    let pid = child.pid;
    backend
        .trace_from_exec(pid)
        .map_err(|e| UserError(e.to_string()))?;
    if let Err(e) = child.release() {
        let _ = command::wait(pid);
        bail!(UserError(format!(
            "exec '{}': {}",
            path.display(),
            io_message(&e)
        )));
    }
    let opts = TextOpts {
        quote: QuoteOpts {
            max: cli.strsize,
            hex: match cli.hex {
                0 => HexMode::None,
                1 => HexMode::NonAscii,
                _ => HexMode::All,
            },
        },
        pid_prefix: match (cli.follow, &cli.output) {
            (0, _) => PidPrefix::Never,
            (_, Some(_)) => PidPrefix::Always,
            (_, None) => PidPrefix::WhenSeveral,
        },
        timestamps: match cli.timestamps {
            0 => Timestamps::None,
            1 => Timestamps::Seconds,
            2 => Timestamps::Micros,
            _ => Timestamps::Epoch,
        },
        syscall_times: cli.syscall_times,
        quiet_exit: cli.quiet >= 2,
        mono_to_real_ns: clock_ns(libc::CLOCK_REALTIME) - clock_ns(libc::CLOCK_MONOTONIC),
    };
    let sink = TextSink::new(BufWriter::with_capacity(1 << 16, out), opts);
    let mut session = Session::new(&table, sink, pid);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let interrupted = rt.block_on(drain(&mut backend, &mut session))?;
    backend.flush_log();
    let lost = backend.lost();
    let unseen = lost.saturating_sub(session.lost_seen);
    if unseen > 0 {
        session.sink().lost(unseen)?;
    }
    session.sink().flush()?;
    if cli.stats {
        eprintln!("tracer: {} records, {} lost", session.records, lost);
    }
    if lost > 0 {
        eprintln!("tracer: {lost} events lost (ring buffer full); a larger --buffer-size may help");
    }
    drop(backend);
    if interrupted {
        return Ok(Outcome::Interrupted);
    }
    Ok(Outcome::Command(command::wait(pid).context("waitpid")?))
}

/// How often the ring buffer is drained when nothing wakes us, in milliseconds.
const POLL_MS: u64 = 10;

/// Reads records until every traced task is gone or a stop signal comes. Returns whether it
/// was interrupted.
async fn drain<S: Sink>(
    backend: &mut EbpfBackend,
    session: &mut Session<'_, S>,
) -> anyhow::Result<bool> {
    let ring = backend.take_ring()?;
    // SAFETY: the RingBuf owns its map fd and keeps it open, unchanged, until it is dropped,
    // which happens only when this AsyncFd is dropped.
    let mut ring = unsafe { AsyncFd::register_with_interest(ring, Interest::READABLE) }
        .map_err(|e| anyhow::anyhow!("cannot poll the ring buffer: {e}"))?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    // Syscall records don't wake us (see the kernel's wakeup policy): drain on a short timer.
    let mut poll = tokio::time::interval(Duration::from_millis(POLL_MS));
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            guard = ring.readable_mut() => {
                let mut guard = guard?;
                guard.get_inner_mut().drain(|r| session.record(r))?;
                guard.clear_ready();
            }
            _ = poll.tick() => {
                ring.get_mut().drain(|r| session.record(r))?;
            }
            _ = sigint.recv() => return Ok(true),
            _ = sigterm.recv() => return Ok(true),
            _ = tick.tick() => {
                backend.flush_log();
                // Exit records can be lost with a full ring: don't wait for tasks that are gone.
                session.forget_dead(|tid| std::path::Path::new(&format!("/proc/{tid}")).exists());
            }
        }
        if session.done() {
            // Everything the kernel emitted before the last exit is already in the ring.
            ring.get_mut().drain(|r| session.record(r))?;
            return Ok(false);
        }
    }
}
