//! strace's signal lines: a raw `siginfo_t` (x86_64/aarch64 layout) → `SIGCHLD {si_signo=…}`.
//! Pure: bytes in, text out; fields that aren't there read as 0.
use std::fmt::Write as _;

use super::signal::signal_name;
use tracer_common::sigflags;

fn i32_at(b: &[u8], off: usize) -> i32 {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, i32::from_le_bytes)
}

fn u64_at(b: &[u8], off: usize) -> u64 {
    b.get(off..off + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

fn ptr(p: u64) -> String {
    if p == 0 {
        "NULL".to_owned()
    } else {
        format!("{p:#x}")
    }
}

/// `si_code` values that say who sent the signal (≤ 0: a process).
fn user_code(code: i32) -> Option<&'static str> {
    Some(match code {
        0 => "SI_USER",
        -1 => "SI_QUEUE",
        -2 => "SI_TIMER",
        -3 => "SI_MESGQ",
        -4 => "SI_ASYNCIO",
        -5 => "SI_SIGIO",
        -6 => "SI_TKILL",
        -7 => "SI_DETHREAD",
        -60 => "SI_ASYNCNL",
        0x80 => "SI_KERNEL",
        _ => return None,
    })
}

/// `si_code` names that depend on the signal.
fn signal_code(signo: u32, code: i32) -> Option<&'static str> {
    let names: &[&str] = match signo as i32 {
        libc::SIGCHLD => &[
            "CLD_EXITED",
            "CLD_KILLED",
            "CLD_DUMPED",
            "CLD_TRAPPED",
            "CLD_STOPPED",
            "CLD_CONTINUED",
        ],
        libc::SIGSEGV => &[
            "SEGV_MAPERR",
            "SEGV_ACCERR",
            "SEGV_BNDERR",
            "SEGV_PKUERR",
            "SEGV_ACCADI",
            "SEGV_ADIDERR",
            "SEGV_ADIPERR",
            "SEGV_MTEAERR",
            "SEGV_MTESERR",
            "SEGV_CPERR",
        ],
        libc::SIGBUS => &[
            "BUS_ADRALN",
            "BUS_ADRERR",
            "BUS_OBJERR",
            "BUS_MCEERR_AR",
            "BUS_MCEERR_AO",
        ],
        libc::SIGILL => &[
            "ILL_ILLOPC",
            "ILL_ILLOPN",
            "ILL_ILLADR",
            "ILL_ILLTRP",
            "ILL_PRVOPC",
            "ILL_PRVREG",
            "ILL_COPROC",
            "ILL_BADSTK",
            "ILL_BADIADDR",
        ],
        libc::SIGFPE => &[
            "FPE_INTDIV",
            "FPE_INTOVF",
            "FPE_FLTDIV",
            "FPE_FLTOVF",
            "FPE_FLTUND",
            "FPE_FLTRES",
            "FPE_FLTINV",
            "FPE_FLTSUB",
            "FPE_FLTUNK",
            "FPE_CONDTRAP",
        ],
        libc::SIGTRAP => &[
            "TRAP_BRKPT",
            "TRAP_TRACE",
            "TRAP_BRANCH",
            "TRAP_HWBKPT",
            "TRAP_UNK",
            "TRAP_PERF",
        ],
        libc::SIGIO => &[
            "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP",
        ],
        libc::SIGSYS => &["SYS_SECCOMP", "SYS_USER_DISPATCH"],
        _ => &[],
    };
    usize::try_from(code)
        .ok()
        .and_then(|c| c.checked_sub(1))
        .and_then(|i| names.get(i).copied())
}

/// The text between strace's `--- ` and ` ---` for a signal `signo` with `info`.
pub fn describe(signo: u32, flags: u32, info: &[u8]) -> String {
    let name = signal_name(signo);
    if flags & sigflags::GROUP_STOP != 0 {
        return format!("stopped by {name}");
    }
    let mut s = format!("{name} {{si_signo={}", signal_name(i32_at(info, 0) as u32));
    let errno = i32_at(info, 4);
    if errno != 0 {
        let _ = write!(s, ", si_errno={errno}");
    }
    let code = i32_at(info, 8);
    let pid = i32_at(info, 16);
    let uid = i32_at(info, 20) as u32;
    let from_user = code <= 0;
    let code_name = if from_user || code == 0x80 {
        user_code(code)
    } else {
        signal_code(signo, code)
    };
    match code_name {
        Some(n) => {
            let _ = write!(s, ", si_code={n}");
        }
        None => {
            let _ = write!(s, ", si_code={code}");
        }
    }
    let value = |s: &mut String| {
        let _ = write!(
            s,
            ", si_int={}, si_ptr={}",
            i32_at(info, 24),
            ptr(u64_at(info, 24))
        );
    };
    if from_user {
        match code {
            0 | -6 => {
                let _ = write!(s, ", si_pid={pid}, si_uid={uid}");
            }
            -2 => {
                let _ = write!(s, ", si_timerid={pid:#x}, si_overrun={}", uid as i32);
                value(&mut s);
            }
            _ => {
                let _ = write!(s, ", si_pid={pid}, si_uid={uid}");
                value(&mut s);
            }
        }
    } else {
        match signo as i32 {
            libc::SIGCHLD => {
                let status = i32_at(info, 24);
                let _ = write!(s, ", si_pid={pid}, si_uid={uid}, si_status=");
                if code == 1 {
                    let _ = write!(s, "{status}");
                } else {
                    s.push_str(&signal_name(status as u32));
                }
                let _ = write!(
                    s,
                    ", si_utime={}, si_stime={}",
                    u64_at(info, 32) as i64,
                    u64_at(info, 40) as i64
                );
            }
            libc::SIGILL | libc::SIGFPE | libc::SIGSEGV | libc::SIGBUS => {
                let _ = write!(s, ", si_addr={}", ptr(u64_at(info, 16)));
            }
            libc::SIGIO => {
                let _ = write!(
                    s,
                    ", si_band={}, si_fd={}",
                    u64_at(info, 16) as i64,
                    i32_at(info, 24)
                );
            }
            _ => {
                if pid != 0 || uid != 0 {
                    let _ = write!(s, ", si_pid={pid}, si_uid={uid}");
                }
            }
        }
    }
    s.push('}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(fields: &[(usize, i64, usize)]) -> Vec<u8> {
        let mut b = vec![0u8; 128];
        for &(off, v, n) in fields {
            b[off..off + n].copy_from_slice(&v.to_le_bytes()[..n]);
        }
        b
    }

    #[test]
    fn strace_forms() {
        // What strace 6.1 printed for `sh -c 'kill -STOP $$'` and a child's exit.
        let stop = info(&[(0, 19, 4), (8, 0, 4), (16, 29376, 4), (20, 0, 4)]);
        assert_eq!(
            describe(19, 0, &stop),
            "SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=29376, si_uid=0}"
        );
        let chld = info(&[(0, 17, 4), (8, 1, 4), (16, 42, 4), (24, 7, 4)]);
        assert_eq!(
            describe(17, 0, &chld),
            "SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, si_status=7, \
             si_utime=0, si_stime=0}"
        );
        let killed = info(&[(0, 17, 4), (8, 2, 4), (16, 42, 4), (24, 9, 4)]);
        assert!(
            describe(17, 0, &killed)
                .contains("si_code=CLD_KILLED, si_pid=42, si_uid=0, si_status=SIGKILL")
        );
        let segv = info(&[(0, 11, 4), (8, 1, 4)]);
        assert_eq!(
            describe(11, 0, &segv),
            "SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}"
        );
        assert_eq!(
            describe(19, sigflags::GROUP_STOP, &[]),
            "stopped by SIGSTOP"
        );
        // Garbage and short input: no panic.
        let _ = describe(200, 0, &[1, 2, 3]);
    }
}
