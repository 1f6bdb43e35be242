//! `-e inject=`/`-e fault=` in the ptrace engine, as strace 6.1 does it (syscall.c
//! `tamper_with_syscall_entering`/`_exiting`, poke.c, delay.c): at the entry of a call its rule
//! selects, the syscall number is replaced (error=, retval=), argument memory is written
//! (poke_enter=) and the task may be held (delay_enter=) and given a signal when restarted
//! (signal=); at its exit, memory is written again (poke_exit=), the result is replaced and
//! the task may be held again (delay_exit=).
use std::io;
use std::time::Duration;

use tracer_common::sysflags;

use super::{regs, sys};
#[cfg(test)]
use crate::inject::Rule;
use crate::inject::{Counter, Poke, Rules};

/// What tampering does to a stopped tracee: its registers and memory. The engine's is
/// [`Live`]; tests record the calls.
pub(super) trait Hands {
    /// At entry: the syscall the kernel runs instead (-1: none).
    fn set_syscall_nr(&mut self, nr: i64) -> io::Result<()>;
    /// At exit: the value the call returns.
    fn set_return(&mut self, value: i64) -> io::Result<()>;
    /// Writes `data` at `addr` in the tracee; how many bytes were written.
    fn write(&mut self, addr: u64, data: &[u8]) -> io::Result<usize>;
}

/// A stopped tracee.
pub(super) struct Live(pub u32);

impl Hands for Live {
    fn set_syscall_nr(&mut self, nr: i64) -> io::Result<()> {
        regs::set_syscall_nr(self.0, nr)
    }

    fn set_return(&mut self, value: i64) -> io::Result<()> {
        regs::set_return(self.0, value)
    }

    fn write(&mut self, addr: u64, data: &[u8]) -> io::Result<usize> {
        sys::write_mem(self.0, addr, data)
    }
}

/// What was done to a call at its entry, for its exit to finish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Tampered {
    /// The result to set at exit (error=, retval=): the syscall number was replaced.
    pub result: Option<i64>,
    /// The [`sysflags`] tampering bits so far (`INJECTED_ARGS`, `DELAYED`).
    pub flags: u32,
}

/// How a tracee is restarted after a stop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Restart {
    /// The signal it is restarted with (signal=, delivered as the call returns).
    pub sig: i32,
    /// Held this long first.
    pub delay: Option<Duration>,
}

/// The rules and what they need to know of each syscall.
pub(super) struct Tamperer {
    rules: Rules,
    /// Name and argument count by syscall number (for poke's checks).
    calls: Vec<(&'static str, usize)>,
}

impl Tamperer {
    /// `calls[nr]`: syscall `nr`'s name and argument count.
    pub fn new(rules: Rules, calls: Vec<(&'static str, usize)>) -> Self {
        Tamperer { rules, calls }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn call(&self, nr: u32) -> (&'static str, usize) {
        self.calls.get(nr as usize).copied().unwrap_or(("?", 6))
    }

    /// At the entry of a traced call of `nr`: counts it for the task (`counter`) and, when its
    /// rule's `when=` selects it, tampers with it.
    pub fn entry(
        &self,
        hands: &mut impl Hands,
        tid: u32,
        counter: &mut Counter,
        nr: u32,
        args: &[u64; 6],
    ) -> Option<(Tampered, Restart)> {
        let rule = self.rules.get(nr)?;
        if !counter.count(nr, rule.when) {
            return None;
        }
        let a = &rule.action;
        let mut t = Tampered::default();
        if let Some(result) = a.result() {
            let nr = a.syscall.map_or(-1, i64::from);
            // As strace: a number that could not be set leaves the call as it is.
            if hands.set_syscall_nr(nr).is_ok() {
                t.result = Some(result);
            }
        }
        if self.poke(hands, tid, nr, args, &a.poke_enter) {
            t.flags |= sysflags::INJECTED_ARGS;
        }
        if a.delay_enter.is_some() {
            t.flags |= sysflags::DELAYED;
        }
        let restart = Restart {
            sig: a.signal.map_or(0, i32::from),
            delay: a.delay_enter,
        };
        Some((t, restart))
    }

    /// At the exit of a call [`Tamperer::entry`] tampered with, whose kernel result is `ret`:
    /// the result the call returns, its [`sysflags`] tampering bits, and how long to hold the
    /// task.
    pub fn exit(
        &self,
        hands: &mut impl Hands,
        tid: u32,
        nr: u32,
        args: &[u64; 6],
        t: Tampered,
        ret: i64,
    ) -> (i64, u32, Option<Duration>) {
        let Some(rule) = self.rules.get(nr) else {
            return (ret, t.flags, None);
        };
        let mut flags = t.flags;
        if self.poke(hands, tid, nr, args, &rule.action.poke_exit) {
            flags |= sysflags::INJECTED_ARGS;
        }
        let delay = rule.action.delay_exit;
        if delay.is_some() {
            flags |= sysflags::DELAYED;
        }
        let ret = match t.result {
            Some(v) if hands.set_return(v).is_ok() => {
                flags |= sysflags::INJECTED;
                v
            }
            _ => ret,
        };
        (ret, flags, delay)
    }

    /// Writes each poke's bytes where its argument points; true when one was written. A poke
    /// of an argument the call does not have, or that could not be written, is said on stderr
    /// (strace's poke_tcb).
    fn poke(
        &self,
        hands: &mut impl Hands,
        tid: u32,
        nr: u32,
        args: &[u64; 6],
        pokes: &[Poke],
    ) -> bool {
        let (name, nargs) = self.call(nr);
        let mut poked = false;
        for p in pokes {
            let arg = usize::from(p.arg);
            let addr = match args.get(arg.wrapping_sub(1)) {
                Some(&addr) if arg <= nargs => addr,
                _ => {
                    eprintln!(
                        "tracer: Failed to tamper with process {tid}: requested to tamper with \
                         argument #{arg}, but system call '{name}' has only {nargs} arguments"
                    );
                    continue;
                }
            };
            match hands.write(addr, &p.data) {
                Ok(n) if n > 0 => poked = true,
                _ => eprintln!("tracer: Failed to tamper with process {tid}: couldn't poke"),
            }
        }
        poked
    }
}

/// The rules of the syscalls `rules` names, with each one's name and argument count from the
/// table.
pub(super) fn tamperer(rules: Rules, table: &crate::table::Table) -> Tamperer {
    let calls = (0..tracer_common::MAX_SYSCALLS)
        .map(|nr| match table.row(nr) {
            Some(r) => (r.name, r.args.len()),
            None => ("?", 6),
        })
        .collect();
    Tamperer::new(rules, calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_for_tests(tokens: &str) -> Rule {
        crate::inject::parse_rule(
            tokens,
            false,
            |e| (e == "EBADF").then_some(9),
            |s| (s == "SIGUSR1").then_some(10),
            |n| (n == "getpid").then_some(39),
        )
        .expect("a valid rule")
    }

    /// Records what tampering did; `fail` makes register writes fail.
    #[derive(Default)]
    struct Recorder {
        nr: Option<i64>,
        ret: Option<i64>,
        writes: Vec<(u64, Vec<u8>)>,
        fail: bool,
    }

    impl Hands for Recorder {
        fn set_syscall_nr(&mut self, nr: i64) -> io::Result<()> {
            if self.fail {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            self.nr = Some(nr);
            Ok(())
        }
        fn set_return(&mut self, value: i64) -> io::Result<()> {
            self.ret = Some(value);
            Ok(())
        }
        fn write(&mut self, addr: u64, data: &[u8]) -> io::Result<usize> {
            if addr == 0 {
                return Err(io::Error::from_raw_os_error(libc::EFAULT));
            }
            self.writes.push((addr, data.to_vec()));
            Ok(data.len())
        }
    }

    fn tamperer_with(nr: u32, tokens: &str) -> Tamperer {
        let rule = rule_for_tests(tokens);
        let rules = Rules::new(64, |n| (n == nr).then(|| rule.clone()));
        Tamperer::new(rules, vec![("sendfile", 4); 64])
    }

    #[test]
    fn error_skips_the_call_and_sets_the_result_at_exit() {
        let t = tamperer_with(3, "error=EBADF:when=2");
        let mut h = Recorder::default();
        let mut c = Counter::default();
        let args = [0; 6];
        assert_eq!(t.entry(&mut h, 1, &mut c, 3, &args), None);
        let (tampered, restart) = t.entry(&mut h, 1, &mut c, 3, &args).unwrap();
        assert_eq!(h.nr, Some(-1));
        assert_eq!(restart, Restart::default());
        let (ret, flags, delay) = t.exit(&mut h, 1, 3, &args, tampered, -38);
        assert_eq!((ret, flags, delay), (-9, sysflags::INJECTED, None));
        assert_eq!(h.ret, Some(-9));
        // Another syscall is left alone.
        assert_eq!(t.entry(&mut h, 1, &mut c, 4, &args), None);
    }

    #[test]
    fn retval_with_a_substitute_syscall() {
        let t = tamperer_with(3, "retval=42:syscall=getpid");
        let mut h = Recorder::default();
        let (tampered, _) = t
            .entry(&mut h, 1, &mut Counter::default(), 3, &[0; 6])
            .unwrap();
        assert_eq!((h.nr, tampered.result), (Some(39), Some(42)));
    }

    #[test]
    fn a_number_not_set_leaves_the_result() {
        let t = tamperer_with(3, "retval=42");
        let mut h = Recorder {
            fail: true,
            ..Recorder::default()
        };
        let (tampered, _) = t
            .entry(&mut h, 1, &mut Counter::default(), 3, &[0; 6])
            .unwrap();
        assert_eq!(tampered.result, None);
        assert_eq!(t.exit(&mut h, 1, 3, &[0; 6], tampered, 5), (5, 0, None));
    }

    #[test]
    fn signal_delay_and_pokes() {
        let t = tamperer_with(
            3,
            "signal=SIGUSR1:delay_enter=2ms:delay_exit=1s:poke_enter=@arg3=00:poke_exit=@arg3=ff",
        );
        let mut h = Recorder::default();
        let args = [1, 2, 0x1000, 4, 0, 0];
        let (tampered, restart) = t
            .entry(&mut h, 1, &mut Counter::default(), 3, &args)
            .unwrap();
        assert_eq!(h.nr, None, "no error= or retval=: the call runs");
        assert_eq!(restart.sig, 10);
        assert_eq!(restart.delay, Some(Duration::from_millis(2)));
        assert_eq!(tampered.flags, sysflags::INJECTED_ARGS | sysflags::DELAYED);
        let (ret, flags, delay) = t.exit(&mut h, 1, 3, &args, tampered, 7);
        assert_eq!(ret, 7);
        assert_eq!(flags, sysflags::INJECTED_ARGS | sysflags::DELAYED);
        assert_eq!(delay, Some(Duration::from_secs(1)));
        assert_eq!(h.writes, [(0x1000, vec![0]), (0x1000, vec![0xff])]);
    }

    #[test]
    fn pokes_that_fail_set_no_flag() {
        // Argument 5 of a 4-argument call, and a NULL pointer.
        let t = tamperer_with(3, "poke_enter=@arg5=00,@arg1=00");
        let mut h = Recorder::default();
        let (tampered, _) = t
            .entry(&mut h, 1, &mut Counter::default(), 3, &[0; 6])
            .unwrap();
        assert_eq!(tampered.flags, 0);
        assert!(h.writes.is_empty());
    }
}
