//! The `tracer` binary: parse the command line, run, exit as the traced command did.
use std::io::Write;
use std::process::ExitCode;

use tracer::cli::{self, Parsed};
use tracer::run::{Outcome, run};
use tracer::table::{Arch, Table};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let table = Table::new(Arch::native());
    let options = match cli::parse(&args, &table) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help(text)) | Ok(Parsed::Version(text)) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Generate(what)) => return generate(&what),
        Err(e) => {
            let _ = std::io::stderr().write_all(e.text().as_bytes());
            return ExitCode::from(1);
        }
    };
    for w in &options.warnings {
        eprintln!("tracer: {w}");
    }
    if options.debug {
        tracer::debug::enable();
    }
    match run(&options, &table) {
        Ok(Outcome::Command(status)) => exit_like(status),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Ok(Outcome::Detached) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tracer: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// `--generate=man|bash|zsh|fish|elvish|powershell`: the man page or a completion script, on
/// stdout.
fn generate(what: &str) -> ExitCode {
    let mut cmd = cli::command();
    let mut out = std::io::stdout();
    let shell = match what {
        "man" => {
            return match clap_mangen::Man::new(cmd).render(&mut out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tracer: {e}");
                    ExitCode::from(1)
                }
            };
        }
        "bash" => clap_complete::Shell::Bash,
        "zsh" => clap_complete::Shell::Zsh,
        "fish" => clap_complete::Shell::Fish,
        "elvish" => clap_complete::Shell::Elvish,
        "powershell" => clap_complete::Shell::PowerShell,
        _ => {
            eprintln!("tracer: invalid --generate argument: '{what}'");
            eprintln!("Try 'tracer -h' for more information.");
            return ExitCode::from(1);
        }
    };
    clap_complete::generate(shell, &mut cmd, "tracer", &mut out);
    ExitCode::SUCCESS
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
