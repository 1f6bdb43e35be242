//! A failed call's result as strace prints it: `-1 ENOENT (No such file or directory)`.
use std::fmt::Write as _;

use crate::table::errno::{RESTART_CODES, errno_message, errno_name};

/// Writes what strace prints after `= ` for a call that failed with errno `e`:
/// `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (To be restarted if SA_RESTART is
/// set)` for the restart codes, or `-1 (errno 4000)` for a number without a name.
pub fn format_error_return(out: &mut String, e: i32) {
    let restart = RESTART_CODES.iter().any(|&(n, _)| n == e);
    out.push_str(if restart { "? " } else { "-1 " });
    // Writing to a String cannot fail.
    let _ = match errno_name(e) {
        Some(name) => write!(out, "{name} ({})", errno_message(e)),
        None => write!(out, "(errno {e})"),
    };
}

#[cfg(test)]
mod tests {
    //! Expected strings were printed by strace 6.1 on x86_64 (Debian glibc 2.36) for
    //! `strace -qq -e trace=chdir -e signal=none -e inject=chdir:error=N /bin/sh -c 'cd /'`
    //! (the ` (INJECTED)` note strace adds after them is left out).
    use super::*;

    fn ret(e: i32) -> String {
        let mut out = String::new();
        format_error_return(&mut out, e);
        out
    }

    #[test]
    fn error_returns() {
        for (e, want) in [
            (1, "-1 EPERM (Operation not permitted)"),
            (2, "-1 ENOENT (No such file or directory)"),
            (5, "-1 EIO (Input/output error)"),
            (11, "-1 EAGAIN (Resource temporarily unavailable)"),
            (35, "-1 EDEADLK (Resource deadlock avoided)"),
            (41, "-1 (errno 41)"),
            (58, "-1 (errno 58)"),
            (95, "-1 EOPNOTSUPP (Operation not supported)"),
            (132, "-1 ERFKILL (Operation not possible due to RF-kill)"),
            (133, "-1 EHWPOISON (Memory page has hardware error)"),
            (134, "-1 (errno 134)"),
            (511, "-1 (errno 511)"),
            (512, "? ERESTARTSYS (To be restarted if SA_RESTART is set)"),
            (513, "? ERESTARTNOINTR (To be restarted)"),
            (514, "? ERESTARTNOHAND (To be restarted if no handler)"),
            (515, "-1 ENOIOCTLCMD (Unknown error 515)"),
            (516, "? ERESTART_RESTARTBLOCK (Interrupted by signal)"),
            (517, "-1 EPROBE_DEFER (Unknown error 517)"),
            (518, "-1 EOPENSTALE (Unknown error 518)"),
            (519, "-1 (errno 519)"),
            (520, "-1 (errno 520)"),
            (521, "-1 EBADHANDLE (Unknown error 521)"),
            (524, "-1 ENOTSUPP (Unknown error 524)"),
            (529, "-1 EIOCBQUEUED (Unknown error 529)"),
            (530, "-1 ERECALLCONFLICT (Unknown error 530)"),
            (531, "-1 (errno 531)"),
            (4000, "-1 (errno 4000)"),
            (4095, "-1 (errno 4095)"),
        ] {
            assert_eq!(ret(e), want, "{e}");
        }
    }
}
