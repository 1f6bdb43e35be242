//! A signal's siginfo → the fields strace prints between the braces of `--- SIGNAME {...} ---`.
//!
//! Pure: bytes in the kernel's layout (x86_64 and aarch64 share it: signo, errno, code, padding,
//! then the union at offset 16) → a [`Value::Struct`]. Which fields appear depends on the code
//! (sent by a process, a timer, the kernel) and the signal, as in strace's `printsiginfo`.
use super::Value;
use super::structs::clock_ticks;

/// Union member offsets inside the siginfo.
const PID: usize = 16;
const UID: usize = 20;
const ADDR: usize = 16;
const TIMERID: usize = 16;
const OVERRUN: usize = 20;
const SIGVAL: usize = 24;
const STATUS: usize = 24;
const UTIME: usize = 32;
const STIME: usize = 40;
const BAND: usize = 16;
const FD: usize = 24;
const CALL_ADDR: usize = 16;
const SYSCALL: usize = 24;
const ARCH: usize = 28;

const SIGILL: u32 = 4;
const SIGTRAP: u32 = 5;
const SIGBUS: u32 = 7;
const SIGFPE: u32 = 8;
const SIGSEGV: u32 = 11;
const SIGCHLD: u32 = 17;
const SIGPROF: u32 = 27;
const SIGIO: u32 = 29;
const SIGSYS: u32 = 31;

const SI_USER: i32 = 0;
const SI_TIMER: i32 = -2;
const SI_SIGIO: i32 = -5;
const SI_TKILL: i32 = -6;
const SI_NOINFO: i32 = 32767;
const CLD_EXITED: i32 = 1;

/// Codes any signal can carry (strace's `siginfo_codes`, x86_64 numbering).
const GENERIC_CODES: &[(i32, &str)] = &[
    (0, "SI_USER"),
    (0x80, "SI_KERNEL"),
    (-1, "SI_QUEUE"),
    (-2, "SI_TIMER"),
    (-3, "SI_MESGQ"),
    (-4, "SI_ASYNCIO"),
    (-5, "SI_SIGIO"),
    (-6, "SI_TKILL"),
    (-7, "SI_DETHREAD"),
    (-60, "SI_ASYNCNL"),
    (32767, "SI_NOINFO"),
];

/// Codes of one signal, looked up when the generic ones don't match.
fn codes_of(sig: u32) -> &'static [&'static str] {
    match sig {
        SIGTRAP => &[
            "TRAP_BRKPT",
            "TRAP_TRACE",
            "TRAP_BRANCH",
            "TRAP_HWBKPT",
            "TRAP_UNK",
            "TRAP_PERF",
        ],
        SIGCHLD => &[
            "CLD_EXITED",
            "CLD_KILLED",
            "CLD_DUMPED",
            "CLD_TRAPPED",
            "CLD_STOPPED",
            "CLD_CONTINUED",
        ],
        SIGIO => &[
            "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP",
        ],
        SIGPROF => &["PROF_SIG"],
        SIGILL => &[
            "ILL_ILLOPC",
            "ILL_ILLOPN",
            "ILL_ILLADR",
            "ILL_ILLTRP",
            "ILL_PRVOPC",
            "ILL_PRVREG",
            "ILL_COPROC",
            "ILL_BADSTK",
        ],
        SIGFPE => &[
            "FPE_INTDIV",
            "FPE_INTOVF",
            "FPE_FLTDIV",
            "FPE_FLTOVF",
            "FPE_FLTUND",
            "FPE_FLTRES",
            "FPE_FLTINV",
            "FPE_FLTSUB",
            "",
            "",
            "",
            "",
            "",
            "FPE_FLTUNK",
            "FPE_CONDTRAP",
        ],
        SIGSEGV => &[
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
        SIGBUS => &[
            "BUS_ADRALN",
            "BUS_ADRERR",
            "BUS_OBJERR",
            "BUS_MCEERR_AR",
            "BUS_MCEERR_AO",
        ],
        SIGSYS => &["SYS_SECCOMP", "SYS_USER_DISPATCH"],
        _ => &[],
    }
}

/// `si_code` as strace names it, or the number.
fn code_value(code: i32, sig: u32) -> Value<'static> {
    let generic = GENERIC_CODES.iter().find(|(c, _)| *c == code).map(|e| e.1);
    let specific = || {
        let i = usize::try_from(code).ok()?.checked_sub(1)?;
        codes_of(sig).get(i).copied().filter(|n| !n.is_empty())
    };
    match generic.or_else(specific) {
        Some(name) => Value::Coded {
            raw: Box::new(Value::Hex(u64::from(code as u32))),
            sym: Box::new(Value::Word(name)),
        },
        None => Value::Int(code.into()),
    }
}

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

/// The fields of the siginfo in `info` (the start of the kernel's siginfo; missing bytes read as
/// zero). An empty struct when `si_signo` is 0, as strace prints `{}`.
pub fn decode(info: &[u8]) -> Value<'static> {
    let mut fields: Vec<(&'static str, Value<'static>)> = Vec::new();
    let signo = i32_at(info, 0);
    if signo == 0 {
        return Value::Struct {
            fields,
            more: false,
        };
    }
    let signo_u = signo as u32;
    let errno = i32_at(info, 4);
    let code = i32_at(info, 8);
    fields.push(("si_signo", Value::Signal(signo.into())));
    fields.push(("si_code", code_value(code, signo_u)));
    if code == SI_NOINFO {
        return Value::Struct {
            fields,
            more: false,
        };
    }
    if errno != 0 {
        fields.push(("si_errno", Value::Int(errno.into())));
    }
    let source = |f: &mut Vec<(&'static str, Value<'static>)>| {
        f.push(("si_pid", Value::Int(i32_at(info, PID).into())));
        f.push(("si_uid", Value::Uint(u64::from(i32_at(info, UID) as u32))));
    };
    let sigval = |f: &mut Vec<(&'static str, Value<'static>)>| {
        f.push(("si_int", Value::Int(i32_at(info, SIGVAL).into())));
        f.push(("si_ptr", Value::Ptr(u64_at(info, SIGVAL))));
    };
    let addr = |f: &mut Vec<(&'static str, Value<'static>)>| {
        f.push(("si_addr", Value::Ptr(u64_at(info, ADDR))));
    };
    if code <= 0 {
        // Sent by a process (kill, sigqueue, tgkill), a timer, or the I/O layer.
        match code {
            SI_USER | SI_TKILL => source(&mut fields),
            SI_TIMER => {
                fields.push((
                    "si_timerid",
                    Value::Hex(i32_at(info, TIMERID) as u32 as u64),
                ));
                fields.push(("si_overrun", Value::Int(i32_at(info, OVERRUN).into())));
                sigval(&mut fields);
            }
            SI_SIGIO => {
                fields.push(("si_band", Value::Int(u64_at(info, BAND) as i64)));
                fields.push(("si_fd", Value::Fd(i32_at(info, FD).into())));
            }
            _ => {
                source(&mut fields);
                if u64_at(info, SIGVAL) != 0 {
                    sigval(&mut fields);
                }
            }
        }
    } else {
        match signo_u {
            SIGCHLD => {
                source(&mut fields);
                let status = i32_at(info, STATUS);
                fields.push((
                    "si_status",
                    if code == CLD_EXITED {
                        Value::Int(status.into())
                    } else {
                        Value::Signal(status.into())
                    },
                ));
                fields.push(("si_utime", clock_ticks(u64_at(info, UTIME))));
                fields.push(("si_stime", clock_ticks(u64_at(info, STIME))));
            }
            SIGILL | SIGFPE | SIGBUS | SIGSEGV | SIGTRAP => addr(&mut fields),
            SIGIO => {
                if (1..=6).contains(&code) {
                    fields.push(("si_band", Value::Int(u64_at(info, BAND) as i64)));
                    fields.push(("si_fd", Value::Fd(i32_at(info, FD).into())));
                }
            }
            SIGSYS => {
                fields.push(("si_call_addr", Value::Ptr(u64_at(info, CALL_ADDR))));
                fields.push(("si_syscall", Value::Int(i32_at(info, SYSCALL).into())));
                fields.push(("si_arch", Value::Hex(i32_at(info, ARCH) as u32 as u64)));
            }
            _ => {
                if i32_at(info, PID) != 0 || i32_at(info, UID) != 0 {
                    source(&mut fields);
                }
                if u64_at(info, SIGVAL) != 0 {
                    sigval(&mut fields);
                }
            }
        }
    }
    Value::Struct {
        fields,
        more: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A siginfo: signo, errno, code, then (offset, bytes) pieces of the union.
    fn info(signo: i32, code: i32, parts: &[(usize, &[u8])]) -> Vec<u8> {
        let mut b = vec![0u8; 48];
        b[0..4].copy_from_slice(&signo.to_le_bytes());
        b[8..12].copy_from_slice(&code.to_le_bytes());
        for (off, bytes) in parts {
            b[*off..*off + bytes.len()].copy_from_slice(bytes);
        }
        b
    }

    fn names(v: &Value<'_>) -> Vec<&'static str> {
        match v {
            Value::Struct { fields, .. } => fields.iter().map(|f| f.0).collect(),
            _ => panic!("not a struct"),
        }
    }

    fn field<'v>(v: &'v Value<'static>, name: &str) -> &'v Value<'static> {
        match v {
            Value::Struct { fields, .. } => &fields.iter().find(|f| f.0 == name).expect(name).1,
            _ => panic!("not a struct"),
        }
    }

    #[test]
    fn sigchld_exited() {
        let b = info(
            17,
            1,
            &[
                (16, &1234i32.to_le_bytes()),
                (24, &3i32.to_le_bytes()),
                (32, &5u64.to_le_bytes()),
            ],
        );
        let v = decode(&b);
        assert_eq!(
            names(&v),
            [
                "si_signo",
                "si_code",
                "si_pid",
                "si_uid",
                "si_status",
                "si_utime",
                "si_stime"
            ]
        );
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "CLD_EXITED"
        );
        assert_eq!(*field(&v, "si_pid"), Value::Int(1234));
        assert_eq!(*field(&v, "si_status"), Value::Int(3));
        // strace's clock_t: `si_utime=5 /* 0.05 s */`, and 0 alone.
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_utime"), Default::default()),
            "5 /* 0.05 s */"
        );
    }

    #[test]
    fn sigchld_killed_status_is_a_signal() {
        let b = info(17, 2, &[(24, &9i32.to_le_bytes())]);
        let v = decode(&b);
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "CLD_KILLED"
        );
        assert_eq!(*field(&v, "si_status"), Value::Signal(9));
    }

    #[test]
    fn kill_and_tkill_name_the_sender() {
        let b = info(
            10,
            0,
            &[(16, &77i32.to_le_bytes()), (20, &1000u32.to_le_bytes())],
        );
        let v = decode(&b);
        assert_eq!(names(&v), ["si_signo", "si_code", "si_pid", "si_uid"]);
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "SI_USER"
        );
        assert_eq!(*field(&v, "si_uid"), Value::Uint(1000));
        let v = decode(&info(10, -6, &[(16, &77i32.to_le_bytes())]));
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "SI_TKILL"
        );
    }

    #[test]
    fn sigqueue_adds_the_value() {
        let b = info(
            34,
            -1,
            &[(16, &5i32.to_le_bytes()), (24, &42u64.to_le_bytes())],
        );
        let v = decode(&b);
        assert_eq!(
            names(&v),
            [
                "si_signo", "si_code", "si_pid", "si_uid", "si_int", "si_ptr"
            ]
        );
        assert_eq!(*field(&v, "si_int"), Value::Int(42));
        assert_eq!(*field(&v, "si_ptr"), Value::Ptr(42));
        // Without a value, nothing after the sender.
        let v = decode(&info(34, -1, &[(16, &5i32.to_le_bytes())]));
        assert_eq!(names(&v), ["si_signo", "si_code", "si_pid", "si_uid"]);
    }

    #[test]
    fn timer() {
        let b = info(
            14,
            -2,
            &[(16, &3i32.to_le_bytes()), (20, &1i32.to_le_bytes())],
        );
        let v = decode(&b);
        assert_eq!(
            names(&v),
            [
                "si_signo",
                "si_code",
                "si_timerid",
                "si_overrun",
                "si_int",
                "si_ptr"
            ]
        );
        assert_eq!(*field(&v, "si_timerid"), Value::Hex(3));
    }

    #[test]
    fn faults_carry_the_address() {
        let v = decode(&info(11, 1, &[]));
        assert_eq!(names(&v), ["si_signo", "si_code", "si_addr"]);
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "SEGV_MAPERR"
        );
        assert_eq!(*field(&v, "si_addr"), Value::Ptr(0));
        let v = decode(&info(8, 1, &[(16, &0x401000u64.to_le_bytes())]));
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "FPE_INTDIV"
        );
        assert_eq!(*field(&v, "si_addr"), Value::Ptr(0x401000));
    }

    #[test]
    fn kernel_sent_without_sender() {
        let v = decode(&info(2, 0x80, &[]));
        assert_eq!(names(&v), ["si_signo", "si_code"]);
        assert_eq!(
            crate::format::text::value_text(field(&v, "si_code"), Default::default()),
            "SI_KERNEL"
        );
    }

    #[test]
    fn short_or_empty_info_never_panics() {
        for n in 0..48 {
            let b = info(17, 1, &[(16, &1i32.to_le_bytes())]);
            let _ = decode(&b[..n]);
        }
        assert_eq!(names(&decode(&[0; 48])), Vec::<&str>::new());
        // Unknown codes print as numbers.
        let v = decode(&info(11, 99, &[]));
        assert_eq!(*field(&v, "si_code"), Value::Int(99));
    }
}
