//! Tampering: strace's `-e inject=SET:…` and `-e fault=SET:…` (src/filter_qualify.c), as rules
//! the ptrace backend applies. eBPF here cannot change a syscall's result (no kprobes, no
//! fmod_ret), so a run with rules traces with ptrace.
use std::time::Duration;

use crate::args::{duration, strace_uint};

/// Why `--backend ebpf` refuses `-e inject=`/`-e fault=` (one line, exit 1, before anything
/// starts).
pub const NEEDS_PTRACE: &str = "-e inject= and -e fault= need the ptrace backend (eBPF cannot \
                                change a syscall's result here: no kprobes, no fmod_ret); use \
                                --backend ptrace or auto";

/// Why a target other than a command or `-p` refuses them.
pub const NEEDS_TASKS: &str = "-e inject= and -e fault= need the ptrace backend, which traces \
                               a command or -p PIDs";

/// What happens to a call a rule selects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Action {
    /// `error=`: the call is skipped and fails with this errno.
    pub error: Option<u16>,
    /// `retval=`: the call is skipped and returns this.
    pub retval: Option<u64>,
    /// `signal=`: delivered to the task at the call's entry.
    pub signal: Option<u8>,
    /// `syscall=`: the call made instead of the skipped one (a pure syscall's number).
    pub syscall: Option<u32>,
    pub delay_enter: Option<Duration>,
    pub delay_exit: Option<Duration>,
    /// `poke_enter=@argN=HEX,…`: bytes written to the memory argument N points to at entry.
    pub poke_enter: Vec<Poke>,
    /// `poke_exit=`: the same at exit.
    pub poke_exit: Vec<Poke>,
}

/// One `@argN=HEX`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poke {
    /// 1 to 7 (strace's range; a syscall has six arguments).
    pub arg: u8,
    pub data: Vec<u8>,
}

/// `when=`: which of the matching calls (counted per task from 1) are tampered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    pub first: u16,
    /// None: no last one.
    pub last: Option<u16>,
    /// 0: only the first.
    pub step: u16,
}

impl Default for When {
    fn default() -> Self {
        When {
            first: 1,
            last: None,
            step: 1,
        }
    }
}

impl When {
    /// Whether the `n`th matching call (from 1) is tampered with.
    pub fn fires(self, n: u64) -> bool {
        let first = u64::from(self.first);
        if n < first || self.last.is_some_and(|l| n > u64::from(l)) {
            return false;
        }
        match self.step {
            0 => n == first,
            s => (n - first).is_multiple_of(u64::from(s)),
        }
    }
}

/// One `inject=`/`fault=` expression, for the syscalls it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub action: Action,
    pub when: When,
}

impl Action {
    /// The call is skipped and its result replaced: `error=` or `retval=`.
    pub fn replaces_result(&self) -> bool {
        self.error.is_some() || self.retval.is_some()
    }

    /// The return value the caller sees: `-errno` or the `retval=` (as the register holds it).
    pub fn result(&self) -> Option<i64> {
        match (self.error, self.retval) {
            (Some(e), _) => Some(-i64::from(e)),
            (None, Some(v)) => Some(v as i64),
            (None, None) => None,
        }
    }
}

/// The rule of each syscall number that is tampered with (traced and named by a rule).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    by_nr: Vec<Option<Rule>>,
}

impl Rules {
    /// The rules of syscalls `0..count`, `rule_of` giving each one's (or none).
    pub fn new(count: u32, rule_of: impl Fn(u32) -> Option<Rule>) -> Self {
        let mut by_nr: Vec<Option<Rule>> = (0..count).map(rule_of).collect();
        while by_nr.last().is_some_and(Option::is_none) {
            by_nr.pop();
        }
        Rules { by_nr }
    }

    /// No syscall is tampered with.
    pub fn is_empty(&self) -> bool {
        self.by_nr.is_empty()
    }

    pub fn get(&self, nr: u32) -> Option<&Rule> {
        self.by_nr.get(nr as usize).and_then(Option::as_ref)
    }
}

/// A task's count of the traced calls of each syscall, which `when=` is matched against. As
/// strace's per-tcb copy of its table (syscall.c, `tamper_with_syscall_entering`), a new task
/// counts from zero.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    calls: std::collections::HashMap<u32, u64>,
}

impl Counter {
    /// Counts a traced call of `nr` and says whether `when` selects it.
    pub fn count(&mut self, nr: u32, when: When) -> bool {
        let n = self.calls.entry(nr).or_insert(0);
        *n += 1;
        when.fires(*n)
    }
}

/// Why a spec is refused: strace says only `invalid inject argument 'SPEC'`.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid;

/// Parses the part after the syscall set (`error=ENOENT:when=2+`): the tokens between `:`
/// (empty ones skipped). `fault` takes only `error=` and `when=`, and without `error=` fails
/// with ENOSYS; `inject` needs an action. `errno` names errors, `signal` signals, `pure`
/// answers whether a syscall name is pure and gives its number.
pub fn parse_rule(
    tokens: &str,
    fault: bool,
    errno: impl Fn(&str) -> Option<u16>,
    signal: impl Fn(&str) -> Option<u8>,
    pure: impl Fn(&str) -> Option<u32>,
) -> Result<Rule, Invalid> {
    let mut a = Action::default();
    let mut when = When::default();
    for token in tokens.split(':').filter(|t| !t.is_empty()) {
        let (key, val) = token.split_once('=').ok_or(Invalid)?;
        match key {
            "when" => when = parse_when(val)?,
            "syscall" if a.syscall.is_none() => a.syscall = Some(pure(val).ok_or(Invalid)?),
            "error" if a.error.is_none() && a.retval.is_none() => {
                let n = match strace_uint(val, 4095) {
                    Some(n) => Some(n as u16),
                    None => errno(val),
                };
                a.error = Some(n.filter(|&n| n >= 1).ok_or(Invalid)?);
            }
            "retval" if !fault && a.error.is_none() && a.retval.is_none() => {
                a.retval = Some(c_ulong(val).ok_or(Invalid)?);
            }
            "signal" if !fault && a.signal.is_none() => {
                a.signal = Some(
                    signal(val)
                        .filter(|&s| (1..=64).contains(&s))
                        .ok_or(Invalid)?,
                );
            }
            "delay_enter" if !fault && a.delay_enter.is_none() => {
                a.delay_enter = Some(duration(val).ok_or(Invalid)?);
            }
            "delay_exit" if !fault && a.delay_exit.is_none() => {
                a.delay_exit = Some(duration(val).ok_or(Invalid)?);
            }
            "poke_enter" if !fault && a.poke_enter.is_empty() => a.poke_enter = pokes(val)?,
            "poke_exit" if !fault && a.poke_exit.is_empty() => a.poke_exit = pokes(val)?,
            _ => return Err(Invalid),
        }
    }
    let acts = a.error.is_some()
        || a.retval.is_some()
        || a.signal.is_some()
        || a.delay_enter.is_some()
        || a.delay_exit.is_some()
        || !a.poke_enter.is_empty()
        || !a.poke_exit.is_empty();
    if !acts {
        if !fault {
            return Err(Invalid);
        }
        a.error = Some(libc::ENOSYS as u16);
    }
    Ok(Rule { action: a, when })
}

/// `strtoull(s, 0)`: decimal, 0x hex or 0 octal, the whole string.
fn c_ulong(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if t.len() > 1 && t.starts_with('0') {
        u64::from_str_radix(&t[1..], 8).ok()?
    } else {
        t.parse().ok()?
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

/// `when=F`, `F+`, `F+S`, `F..L`, `F..L+`, `F..L+S` (numbers up to 65535).
fn parse_when(val: &str) -> Result<When, Invalid> {
    let (range, step) = match val.split_once('+') {
        Some((r, s)) => (r, Some(s)),
        None => (val, None),
    };
    let (first, last) = match range.split_once("..") {
        Some((f, l)) => (f, Some(l)),
        None => (range, None),
    };
    let num = |s: &str| strace_uint(s, 0xffff).map(|n| n as u16).ok_or(Invalid);
    let first = num(first)?;
    if first < 1 {
        return Err(Invalid);
    }
    let last = match last {
        Some(l) => {
            let l = num(l)?;
            if l < first || l == 0xffff {
                return Err(Invalid);
            }
            Some(l)
        }
        None => None,
    };
    let step = match step {
        Some("") => 1,
        Some(s) => {
            let s = num(s)?;
            if s < 1 {
                return Err(Invalid);
            }
            s
        }
        None if last.is_none() => 0,
        None => 1,
    };
    Ok(When { first, last, step })
}

/// `@argN=HEX[,@argN=HEX]…`.
fn pokes(val: &str) -> Result<Vec<Poke>, Invalid> {
    if val.is_empty() {
        return Err(Invalid);
    }
    val.split(',')
        .filter(|t| !t.is_empty())
        .map(|token| {
            let rest = token.strip_prefix("@arg").ok_or(Invalid)?;
            let (n, hex) = rest.split_once('=').ok_or(Invalid)?;
            let arg = match n.as_bytes() {
                [d @ b'1'..=b'7'] => d - b'0',
                _ => return Err(Invalid),
            };
            if hex.is_empty() || hex.len() % 2 != 0 || hex.len() > 2048 {
                return Err(Invalid);
            }
            let data = (0..hex.len() / 2)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| Invalid))
                .collect::<Result<Vec<u8>, Invalid>>()?;
            Ok(Poke { arg, data })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(s: &str, fault: bool) -> Result<Rule, Invalid> {
        parse_rule(
            s,
            fault,
            |e| (e == "ENOENT").then_some(2),
            |s| (s == "SIGUSR1" || s == "usr1").then_some(10),
            |n| (n == "getpid").then_some(39),
        )
    }

    #[test]
    fn when_grammar() {
        let w = |s| parse_when(s).unwrap();
        assert_eq!(
            w("3"),
            When {
                first: 3,
                last: None,
                step: 0
            }
        );
        assert_eq!(
            w("3+"),
            When {
                first: 3,
                last: None,
                step: 1
            }
        );
        assert_eq!(
            w("3+2"),
            When {
                first: 3,
                last: None,
                step: 2
            }
        );
        assert_eq!(
            w("3..5"),
            When {
                first: 3,
                last: Some(5),
                step: 1
            }
        );
        assert_eq!(
            w("3..9+3"),
            When {
                first: 3,
                last: Some(9),
                step: 3
            }
        );
        for bad in ["0", "", "3..2", "x", "3+0", "3..65535", "3.5"] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
        let fired: Vec<u64> = (1..=12).filter(|&n| w("3..9+3").fires(n)).collect();
        assert_eq!(fired, [3, 6, 9]);
        assert!(w("2").fires(2) && !w("2").fires(3));
        assert!(When::default().fires(1) && When::default().fires(100));
    }

    #[test]
    fn counts_per_syscall_from_one() {
        let when = parse_when("2..3").unwrap();
        let mut c = Counter::default();
        let fired: Vec<bool> = (0..4).map(|_| c.count(39, when)).collect();
        assert_eq!(fired, [false, true, true, false]);
        // Another syscall has its own count; a new task (a fresh counter) starts again.
        assert!(!c.count(3, when) && c.count(3, when));
        let mut child = Counter::default();
        assert!(!child.count(39, when) && child.count(39, when));
        // `when=1` fires once, `1+2` every other call.
        let once = parse_when("1").unwrap();
        let mut c = Counter::default();
        assert_eq!(
            (0..3).map(|_| c.count(1, once)).collect::<Vec<_>>(),
            [true, false, false]
        );
        let odd = parse_when("1+2").unwrap();
        let mut c = Counter::default();
        assert_eq!(
            (0..5).map(|_| c.count(1, odd)).collect::<Vec<_>>(),
            [true, false, true, false, true]
        );
    }

    #[test]
    fn results_and_rules() {
        let r = rule("error=ENOENT", false).unwrap();
        assert_eq!(r.action.result(), Some(-2));
        assert!(r.action.replaces_result());
        let r = rule("retval=0xffffffffffffffff", false).unwrap();
        assert_eq!(r.action.result(), Some(-1));
        let r = rule("signal=usr1", false).unwrap();
        assert_eq!(
            (r.action.result(), r.action.replaces_result()),
            (None, false)
        );
        let rules = Rules::new(100, |nr| (nr == 39).then(|| r.clone()));
        assert_eq!(rules.get(39), Some(&r));
        assert_eq!((rules.get(38), rules.get(1000)), (None, None));
        assert!(!rules.is_empty() && Rules::new(100, |_| None).is_empty());
    }

    #[test]
    fn actions() {
        assert_eq!(rule("error=ENOENT", false).unwrap().action.error, Some(2));
        assert_eq!(rule("error=22", false).unwrap().action.error, Some(22));
        assert_eq!(rule("retval=0x2a", false).unwrap().action.retval, Some(42));
        assert_eq!(rule("signal=usr1", false).unwrap().action.signal, Some(10));
        assert_eq!(
            rule("delay_enter=1ms:delay_exit=5", false)
                .unwrap()
                .action
                .delay_enter,
            Some(Duration::from_millis(1))
        );
        let p = rule("poke_enter=@arg2=00ff", false)
            .unwrap()
            .action
            .poke_enter;
        assert_eq!(
            p,
            [Poke {
                arg: 2,
                data: vec![0, 0xff]
            }]
        );
        assert_eq!(
            rule("retval=1:syscall=getpid", false)
                .unwrap()
                .action
                .syscall,
            Some(39)
        );
        // fault= defaults to ENOSYS and takes no retval.
        assert_eq!(
            rule("", true).unwrap().action.error,
            Some(libc::ENOSYS as u16)
        );
        assert!(rule("retval=1", true).is_err());
        // inject= needs an action; duplicates and unknown keys are refused.
        for bad in [
            "",
            "when=2",
            "error=1:retval=2",
            "error=0",
            "bogus=1",
            "poke_enter=@arg8=00",
        ] {
            assert!(rule(bad, false).is_err(), "{bad}");
        }
    }
}
