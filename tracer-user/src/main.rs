//! The `tracer` binary: parse the command line, run, exit as the traced command did.
use std::process::ExitCode;

use clap::Parser;
use tracer::cli::Cli;
use tracer::run::{Outcome, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Outcome::Command(status)) => exit_like(status),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Ok(Outcome::Detached) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tracer: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Exits as strace does: with the command's exit code, or by the signal that killed it.
fn exit_like(status: i32) -> ExitCode {
    if libc::WIFSIGNALED(status) {
        let sig = libc::WTERMSIG(status);
        // SAFETY: resetting a disposition and raising a signal on ourselves; core dumps are
        // disabled first so tracer doesn't dump core for the command.
        unsafe {
            let lim = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &lim);
            libc::signal(sig, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, sig);
            libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::raise(sig);
        }
        return ExitCode::from(128 + sig as u8);
    }
    ExitCode::from(libc::WEXITSTATUS(status) as u8)
}
