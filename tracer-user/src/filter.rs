//! strace's syscall and status qualifiers: `-e trace=SET` (`-e t=`, `--trace=`, a bare `-e SET`),
//! `-e status=SET` (`--status=`), `-z` and `-Z`. Sets are built from the syscall rows — names,
//! numbers and class bits — so a `%class` is whatever the rows say, never a second list.
//!
//! strace 6.1's rules (src/basic_filters.c, src/filter_qualify.c), checked against the installed
//! strace where a test says so:
//! - Each `-e trace=` (or `-z`, `-Z`, `-e status=`) replaces what an earlier one chose; nothing
//!   accumulates: `strace -e trace=openat -e trace=close cat /etc/hostname` prints only `close`.
//! - Leading `!`s each invert the whole set. `all` and `none` are special only as the whole set;
//!   as a list item `all` is the class of every known syscall and `none` is an unknown name.
//! - Items are comma separated (empty items are skipped). Each is `?`s, then a number, a
//!   `/regex`, a class or a name, then optionally `@personality`. An item that selects nothing is
//!   an error unless it starts with `?`. Class names are case-sensitive, status names are not.
//!
//! Where tracer differs, because it traces one personality (the native 64-bit one):
//! - `@64` restricts an item to that personality, as in strace; `@32` and `@x32` are errors.
//! - Without a designator strace accepts a name any of its personalities knows (x86_64's strace
//!   takes `open` on aarch64 through the compat personality). tracer accepts a name with a row on
//!   any architecture it supports, selecting nothing here; names only a 32-bit personality knows
//!   (`waitpid`, `socketcall`) are errors, and numbers must have a row on this architecture.
//! - Regexes use the `regex` crate rather than the C library's POSIX extended syntax. Both search
//!   anywhere in the name, and the same patterns work for anything a syscall name can match, but:
//!   `\d` is a digit here and a literal `d` in glibc; Perl classes (`\w`, `\s`) and inline flags
//!   (`(?i)`) are accepted; back-references (`\1`) and `{,n}` are not. Error texts are the
//!   crate's, in strace's `regcomp: PATTERN: MESSAGE` frame.
use regex::Regex;
use tracer_common::{MAX_SYSCALLS, cfgflags};

use crate::table::{Arch, ROWS, Table, class};

/// What went wrong in a qualifier. `Display` is the text after `tracer: `, worded as strace's.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    /// A name, number, class or regex that selects nothing (without `?`), or an empty set.
    #[error("invalid system call '{token}'")]
    InvalidSyscall { token: String },
    /// A `/regex` that does not compile. strace's message is the C library's `regerror`.
    #[error("regcomp: {pattern}: {message}")]
    Regex { pattern: String, message: String },
    /// `name@foo` where this architecture has no personality `foo`. (strace adds a second line,
    /// `Try 'strace -h' for more information.`)
    #[error("incorrect personality designator '{designator}' in qualification '{token}'")]
    Personality { designator: String, token: String },
    /// `name@32`: a personality strace has here but tracer does not trace.
    #[error("personality '{designator}' in qualification '{token}' is not supported yet")]
    PersonalityNotSupported { designator: String, token: String },
    /// A status that is not one of [`Status::ALL`]'s names, or an empty set.
    #[error("invalid status '{token}'")]
    InvalidStatus { token: String },
    /// A signal name or number that is no signal, or an empty set (`-e signal=`).
    #[error("invalid signal '{token}'")]
    InvalidSignal { token: String },
    /// A descriptor of `-e read=`/`-e write=` that is no number, or an empty set.
    #[error("invalid descriptor '{token}'")]
    InvalidDescriptor { token: String },
    /// A bad `-e inject=`/`-e fault=` expression (the whole of it).
    #[error("invalid {what} argument '{spec}'")]
    InvalidInject { what: &'static str, spec: String },
    /// A qualifier strace has that tracer does not implement.
    #[error("qualifier '{qualifier}' is not supported yet")]
    UnsupportedQualifier { qualifier: String },
}

/// strace prints this (as a warning, after the options are parsed) when `-z`/`-Z` are given more
/// than once: each one replaces the status set.
pub const Z_FLAGS_WARNING: &str = "Only the last of -z/--successful-only/-Z/--failed-only \
                                   options will take effect. See status qualifier for more \
                                   complex filters.";

const WORDS: usize = (MAX_SYSCALLS as usize).div_ceil(64);

/// A set of syscall numbers `0..MAX_SYSCALLS` of one architecture (that of the [`Table`] it was
/// built with). Numbers outside the range are never members.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SyscallSet {
    words: [u64; WORDS],
}

impl SyscallSet {
    /// No syscall.
    pub const fn none() -> Self {
        SyscallSet { words: [0; WORDS] }
    }

    /// Every number, including those without a row (strace traces them as `syscall_0x…`).
    pub fn all() -> Self {
        let mut set = Self::none();
        set.invert();
        set
    }

    pub fn contains(&self, nr: u32) -> bool {
        self.words
            .get((nr / 64) as usize)
            .is_some_and(|w| w & (1 << (nr % 64)) != 0)
    }

    /// Adds `nr`; false (and no change) when it is out of range.
    pub fn insert(&mut self, nr: u32) -> bool {
        match self.words.get_mut((nr / 64) as usize) {
            Some(w) if nr < MAX_SYSCALLS => {
                *w |= 1 << (nr % 64);
                true
            }
            _ => false,
        }
    }

    pub fn remove(&mut self, nr: u32) {
        if let Some(w) = self.words.get_mut((nr / 64) as usize) {
            *w &= !(1 << (nr % 64));
        }
    }

    /// Every number in range that was not in the set, and none that was.
    pub fn invert(&mut self) {
        for (i, w) in self.words.iter_mut().enumerate() {
            let bits_here = (MAX_SYSCALLS as usize).saturating_sub(i * 64).min(64);
            let mask = if bits_here == 64 {
                u64::MAX
            } else {
                (1u64 << bits_here) - 1
            };
            *w = !*w & mask;
        }
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The members in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut w = word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }

    /// The members' names in number order; numbers without a row are left out.
    pub fn names(&self, table: &Table) -> Vec<&'static str> {
        self.iter().filter_map(|nr| table.name(nr)).collect()
    }

    /// strace's `-e trace=` set syntax, against `table`'s rows.
    pub fn parse(table: &Table, spec: &str) -> Result<Self, FilterError> {
        let (mut set, inverted) = parse_set(
            spec,
            Self::none(),
            Self::all(),
            |set: &mut Self, token| {
                if set.add_item(table, token)? {
                    Ok(())
                } else {
                    Err(FilterError::InvalidSyscall {
                        token: token.to_owned(),
                    })
                }
            },
            || FilterError::InvalidSyscall {
                token: spec.to_owned(),
            },
        )?;
        if inverted {
            set.invert();
        }
        Ok(set)
    }

    /// Adds what one list item selects; whether it counts as found (`?` makes it so).
    fn add_item(&mut self, table: &Table, token: &str) -> Result<bool, FilterError> {
        let body = token.trim_start_matches('?');
        let optional = body.len() != token.len();
        let (body, any_personality) = match body.rsplit_once('@') {
            None => (body, true),
            Some((body, "64")) => (body, false),
            Some((_, designator)) => {
                // strace quotes the item without its `?`s.
                let (designator, token) = (designator.to_owned(), body.to_owned());
                return Err(
                    if other_personalities(table.arch).contains(&designator.as_str()) {
                        FilterError::PersonalityNotSupported { designator, token }
                    } else {
                        FilterError::Personality { designator, token }
                    },
                );
            }
        };
        let found = if body.starts_with(|c: char| c.is_ascii_digit()) {
            self.add_number(table, body)
        } else if let Some(pattern) = body.strip_prefix('/') {
            self.add_regex(table, pattern)?
        } else if let Some(bits) = class_bits(body) {
            self.add_rows(table, |row_class, _| row_class & bits == bits);
            true
        } else {
            let here = self.add_rows(table, |_, name| name == body);
            here || (any_personality && ROWS.iter().any(|r| r.name == body))
        };
        Ok(found || optional)
    }

    /// A decimal number with a row here. (strace's `string_to_uint`: digits only, up to INT_MAX.)
    fn add_number(&mut self, table: &Table, digits: &str) -> bool {
        match digits.parse::<u32>() {
            Ok(nr) if table.row(nr).is_some() => self.insert(nr),
            _ => false,
        }
    }

    fn add_regex(&mut self, table: &Table, pattern: &str) -> Result<bool, FilterError> {
        let re = Regex::new(pattern).map_err(|e| FilterError::Regex {
            pattern: pattern.to_owned(),
            message: regex_message(&e),
        })?;
        Ok(self.add_rows(table, |_, name| re.is_match(name)))
    }

    /// Adds every number whose row passes `keep(class, name)`; whether any did.
    fn add_rows(&mut self, table: &Table, keep: impl Fn(u32, &str) -> bool) -> bool {
        let mut found = false;
        for nr in 0..MAX_SYSCALLS {
            if let Some(row) = table.row(nr)
                && keep(row.class, row.name)
            {
                found |= self.insert(nr);
            }
        }
        found
    }
}

impl Default for SyscallSet {
    /// strace's default: `trace=all`.
    fn default() -> Self {
        Self::all()
    }
}

impl std::fmt::Debug for SyscallSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<u32> for SyscallSet {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut set = Self::none();
        for nr in iter {
            set.insert(nr);
        }
        set
    }
}

/// strace's class names (basic_filters.c), matched case-sensitively: a syscall is in a class when
/// its row has all of the class's bits, so `all` (no bits) is every row. The names without `%`
/// are the deprecated spellings strace still accepts; they win over a syscall of the same name.
const CLASSES: &[(&str, u32)] = &[
    ("%desc", class::DESC),
    ("%file", class::FILE),
    ("%memory", class::MEMORY),
    ("%process", class::PROCESS),
    ("%creds", class::CREDS),
    ("%signal", class::SIGNAL),
    ("%ipc", class::IPC),
    ("%net", class::NETWORK),
    ("%network", class::NETWORK),
    ("%stat", class::STAT),
    ("%lstat", class::LSTAT),
    ("%fstat", class::FSTAT),
    ("%%stat", class::STAT_LIKE),
    ("%statfs", class::STATFS),
    ("%fstatfs", class::FSTATFS),
    ("%%statfs", class::STATFS_LIKE),
    ("%pure", class::PURE),
    ("%clock", class::CLOCK),
    ("all", 0),
    ("desc", class::DESC),
    ("file", class::FILE),
    ("memory", class::MEMORY),
    ("process", class::PROCESS),
    ("signal", class::SIGNAL),
    ("ipc", class::IPC),
    ("network", class::NETWORK),
];

fn class_bits(name: &str) -> Option<u32> {
    CLASSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, bits)| bits)
}

/// Personality designators strace has on `arch` besides `64`, the one tracer traces.
fn other_personalities(arch: Arch) -> &'static [&'static str] {
    match arch {
        Arch::X86_64 => &["32", "x32"],
        Arch::Aarch64 => &["32"],
    }
}

/// One line from the regex crate's error, whose syntax errors draw the pattern over several.
fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or_default();
    last.strip_prefix("error: ").unwrap_or(last).to_owned()
}

/// How a syscall ended, for `-e status=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Returned without an error code (`-z`, `--successful-only`).
    Successful,
    /// Returned an error code: `= -1 ENOENT (…)` (`-Z`, `--failed-only`).
    Failed,
    /// Did not return: the task ended inside it, e.g. `exit_group(0) = ?`, a `kill` that killed
    /// its caller, or a call cut short by `execve` in another thread.
    Unfinished,
    /// Returned, but its result could not be fetched: `= ? <unavailable>`.
    Unavailable,
    /// The tracer let go of the task (`-p` and Ctrl-C) before the call returned:
    /// `<detached ...>`.
    Detached,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Successful,
        Status::Failed,
        Status::Unfinished,
        Status::Unavailable,
        Status::Detached,
    ];

    /// The name `-e status=` takes (case-insensitively).
    pub fn name(self) -> &'static str {
        match self {
            Status::Successful => "successful",
            Status::Failed => "failed",
            Status::Unfinished => "unfinished",
            Status::Unavailable => "unavailable",
            Status::Detached => "detached",
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Which endings of a syscall are printed (`-e status=`, `-z`, `-Z`).
///
/// strace filters only syscall lines: signals (`--- SIGTERM … ---`) and exits (`+++ exited with 0
/// +++`) are printed whatever the set. So `strace -Z` still prints those, and hides calls that
/// never return (`exit_group(0) = ?` is unfinished, not failed). With anything but the full set,
/// strace holds each call's line until it ends, so calls of concurrent threads print whole in
/// the order they end, never split into `<unfinished ...>` and `resumed>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusSet {
    bits: u8,
}

impl StatusSet {
    pub const fn none() -> Self {
        StatusSet { bits: 0 }
    }

    pub const fn all() -> Self {
        StatusSet { bits: 0b1_1111 }
    }

    pub const fn only(status: Status) -> Self {
        StatusSet { bits: status.bit() }
    }

    pub fn contains(self, status: Status) -> bool {
        self.bits & status.bit() != 0
    }

    pub fn insert(&mut self, status: Status) {
        self.bits |= status.bit();
    }

    /// Whether every ending is shown (strace's `is_complete_set`): lines need not be held back.
    pub fn is_all(self) -> bool {
        self == Self::all()
    }

    /// The members in [`Status::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Status> {
        Status::ALL.into_iter().filter(move |&s| self.contains(s))
    }

    /// The [`cfgflags`] `STATUS_*` bits the kernel filters on at exit. It sees only the first
    /// three endings; unavailable and detached are decided in user space.
    pub fn kernel_flags(self) -> u32 {
        [
            (Status::Successful, cfgflags::STATUS_SUCCESSFUL),
            (Status::Failed, cfgflags::STATUS_FAILED),
            (Status::Unfinished, cfgflags::STATUS_UNFINISHED),
        ]
        .into_iter()
        .filter(|&(s, _)| self.contains(s))
        .fold(0, |flags, (_, bit)| flags | bit)
    }

    /// strace's `-e status=` syntax (its `qualify_tokens`).
    pub fn parse(spec: &str) -> Result<Self, FilterError> {
        let (mut set, inverted) = parse_set(
            spec,
            Self::none(),
            Self::all(),
            |set: &mut Self, token| {
                let status = Status::ALL
                    .into_iter()
                    .find(|s| s.name().eq_ignore_ascii_case(token))
                    .ok_or_else(|| FilterError::InvalidStatus {
                        token: token.to_owned(),
                    })?;
                set.insert(status);
                Ok(())
            },
            || FilterError::InvalidStatus {
                token: spec.to_owned(),
            },
        )?;
        if inverted {
            set.bits ^= Self::all().bits;
        }
        Ok(set)
    }
}

impl Default for StatusSet {
    /// strace's default: `status=all`.
    fn default() -> Self {
        Self::all()
    }
}

/// Which signals get `--- SIG… ---` lines (`-e signal=`): bit n for signal n (1 to 64).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SignalSet {
    bits: u128,
}

impl SignalSet {
    const ALL: u128 = ((1u128 << 65) - 1) & !1;

    pub fn contains(self, sig: u32) -> bool {
        sig < 128 && self.bits & (1 << sig) != 0
    }

    /// The set as a mask, bit n for signal n.
    pub fn bits(self) -> u128 {
        self.bits
    }

    /// strace's `-e signal=` syntax: names with or without `SIG`, any case, or numbers.
    pub fn parse(spec: &str) -> Result<Self, FilterError> {
        let (mut set, inverted) = parse_set(
            spec,
            SignalSet { bits: 0 },
            SignalSet { bits: Self::ALL },
            |set: &mut Self, token| {
                let sig = signal_number(token).ok_or_else(|| FilterError::InvalidSignal {
                    token: token.to_owned(),
                })?;
                set.bits |= 1 << sig;
                Ok(())
            },
            || FilterError::InvalidSignal {
                token: spec.to_owned(),
            },
        )?;
        if inverted {
            set.bits ^= Self::ALL;
        }
        Ok(set)
    }
}

impl Default for SignalSet {
    /// strace's default: `signal=all`.
    fn default() -> Self {
        SignalSet { bits: Self::ALL }
    }
}

/// A signal's number from its name (`SIGIO`, `io`, `SIGRT_2`) or number.
fn signal_number(token: &str) -> Option<u32> {
    if let Ok(n) = token.parse::<u32>() {
        // strace takes any number; only 1 to 64 are signals a task can get.
        return (n < 128).then_some(n);
    }
    let upper = token.to_ascii_uppercase();
    let name = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    (1..=64).find(|&n| crate::table::signals::signal_name(n) == name)
}

/// The `-e` qualifiers (strace's `qual_options`, and tracer's own `deep`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Trace,
    Abbrev,
    Verbose,
    Raw,
    Signal,
    Status,
    Quiet,
    Read,
    Write,
    Fault,
    Inject,
    Kvm,
    DecodeFds,
    DecodePids,
    Secontext,
    /// tracer's: the syscalls decoded deeply, through ptrace.
    Deep,
}

/// Every qualifier name strace 6.1 accepts before `=` (filter_qualify.c `qual_options`).
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("trace", Qualifier::Trace),
    ("t", Qualifier::Trace),
    ("abbrev", Qualifier::Abbrev),
    ("a", Qualifier::Abbrev),
    ("verbose", Qualifier::Verbose),
    ("v", Qualifier::Verbose),
    ("raw", Qualifier::Raw),
    ("x", Qualifier::Raw),
    ("signal", Qualifier::Signal),
    ("signals", Qualifier::Signal),
    ("s", Qualifier::Signal),
    ("status", Qualifier::Status),
    ("quiet", Qualifier::Quiet),
    ("silent", Qualifier::Quiet),
    ("silence", Qualifier::Quiet),
    ("q", Qualifier::Quiet),
    ("read", Qualifier::Read),
    ("reads", Qualifier::Read),
    ("r", Qualifier::Read),
    ("write", Qualifier::Write),
    ("writes", Qualifier::Write),
    ("w", Qualifier::Write),
    ("fault", Qualifier::Fault),
    ("inject", Qualifier::Inject),
    ("kvm", Qualifier::Kvm),
    ("decode-fd", Qualifier::DecodeFds),
    ("decode-fds", Qualifier::DecodeFds),
    ("decode-pid", Qualifier::DecodePids),
    ("decode-pids", Qualifier::DecodePids),
    ("secontext", Qualifier::Secontext),
    ("deep", Qualifier::Deep),
];

/// An `-e EXPR`'s qualifier and value. Text before `=` that is no qualifier makes the whole
/// of `expr` a syscall set, as in strace: `-e foo=bar` is `invalid system call 'foo=bar'`.
pub fn split_qualifier(expr: &str) -> (Qualifier, &str) {
    expr.split_once('=')
        .and_then(|(name, value)| {
            QUALIFIERS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, q)| (q, value))
        })
        .unwrap_or((Qualifier::Trace, expr))
}

/// One `-e inject=SPEC` or `-e fault=SPEC`: the syscalls (before the first `:`) and the rule.
fn inject_rule(
    table: &Table,
    fault: bool,
    spec: &str,
) -> Result<(SyscallSet, crate::inject::Rule), FilterError> {
    let invalid = || FilterError::InvalidInject {
        what: if fault { "fault" } else { "inject" },
        spec: spec.to_owned(),
    };
    let (names, tokens) = spec.split_once(':').unwrap_or((spec, ""));
    let errno = |name: &str| {
        (1..4096).find_map(|e| {
            crate::table::errno::errno_name(e)
                .filter(|n| n.eq_ignore_ascii_case(name))
                .map(|_| e as u16)
        })
    };
    let signal = |s: &str| signal_number(s).and_then(|n| u8::try_from(n).ok());
    let pure = |name: &str| {
        table
            .arch
            .number(name)
            .filter(|&nr| table.row(nr).is_some_and(|r| r.class & class::PURE != 0))
    };
    let rule =
        crate::inject::parse_rule(tokens, fault, errno, signal, pure).map_err(|_| invalid())?;
    Ok((SyscallSet::parse(table, names)?, rule))
}

/// A set of descriptors (`-e read=`, `-e write=`), possibly inverted (`!3`, `all`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FdSet {
    fds: Vec<u32>,
    inverted: bool,
}

impl FdSet {
    pub fn contains(&self, fd: i64) -> bool {
        u32::try_from(fd).is_ok_and(|fd| self.fds.contains(&fd) != self.inverted)
    }

    /// Whether no descriptor is a member.
    pub fn is_empty(&self) -> bool {
        self.fds.is_empty() && !self.inverted
    }

    /// strace's `qualify_tokens` with `string_to_uint`: `invalid descriptor 'x'`.
    pub fn parse(spec: &str) -> Result<Self, FilterError> {
        let invalid = |token: &str| FilterError::InvalidDescriptor {
            token: token.to_owned(),
        };
        let (fds, inverted) = parse_set(
            spec,
            Some(Vec::new()),
            None,
            |fds: &mut Option<Vec<u32>>, token| {
                let fd = crate::args::strace_uint(token, i32::MAX as u64)
                    .ok_or_else(|| invalid(token))?;
                fds.get_or_insert_default().push(fd as u32);
                Ok(())
            },
            || invalid(spec),
        )?;
        Ok(match fds {
            // `all`.
            None => FdSet {
                fds: Vec::new(),
                inverted: !inverted,
            },
            Some(fds) => FdSet { fds, inverted },
        })
    }
}

/// Which syscalls are traced and how: which of their endings and which signals are printed,
/// which are shown whole (`abbrev`, `verbose`) or raw, whose data is dumped, which are
/// tampered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub trace: SyscallSet,
    pub status: StatusSet,
    pub signals: SignalSet,
    /// `-e abbrev=`: the syscalls whose structures and arrays are abbreviated (all; `-v`: none).
    pub abbrev: SyscallSet,
    /// `-e verbose=`: the syscalls whose structures are dereferenced (all).
    pub verbose: SyscallSet,
    /// `-e raw=`: the syscalls printed undecoded (none).
    pub raw: SyscallSet,
    /// `-e read=`: descriptors whose reads are dumped in hex.
    pub read: FdSet,
    /// `-e write=`: descriptors whose writes are dumped in hex.
    pub write: FdSet,
    /// `-e inject=`, `-e fault=`, in order (a later rule replaces an earlier one's syscalls).
    pub inject: Vec<(SyscallSet, crate::inject::Rule)>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            trace: SyscallSet::all(),
            status: StatusSet::default(),
            signals: SignalSet::default(),
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            raw: SyscallSet::none(),
            read: FdSet::default(),
            write: FdSet::default(),
            inject: Vec::new(),
        }
    }
}

impl Filter {
    /// One `-e EXPR`: `trace=SET`, `t=SET`, `status=SET`, … or a bare `SET` (which is
    /// `trace=`). On error `self` is unchanged.
    pub fn apply_expr(&mut self, table: &Table, expr: &str) -> Result<(), FilterError> {
        let (q, value) = split_qualifier(expr);
        self.qualify(table, q, value)
    }

    /// The qualifiers that select syscalls, signals, endings, descriptors and tampering; the
    /// others (`quiet`, `decode-fds`, …) are the command line's.
    pub fn qualify(&mut self, table: &Table, q: Qualifier, value: &str) -> Result<(), FilterError> {
        match q {
            Qualifier::Trace => self.apply_trace(table, value),
            Qualifier::Status => self.apply_status(value),
            Qualifier::Signal => self.apply_signal(value),
            Qualifier::Abbrev => {
                self.abbrev = SyscallSet::parse(table, value)?;
                Ok(())
            }
            Qualifier::Verbose => {
                self.verbose = SyscallSet::parse(table, value)?;
                Ok(())
            }
            Qualifier::Raw => {
                self.raw = SyscallSet::parse(table, value)?;
                Ok(())
            }
            Qualifier::Read => {
                self.read = FdSet::parse(value)?;
                Ok(())
            }
            Qualifier::Write => {
                self.write = FdSet::parse(value)?;
                Ok(())
            }
            Qualifier::Inject | Qualifier::Fault => {
                let rule = inject_rule(table, q == Qualifier::Fault, value)?;
                self.inject.push(rule);
                Ok(())
            }
            _ => Err(FilterError::UnsupportedQualifier {
                qualifier: format!("{q:?}").to_lowercase(),
            }),
        }
    }

    /// The tampering rule for syscall `nr`, if any.
    pub fn inject_rule(&self, nr: u32) -> Option<&crate::inject::Rule> {
        self.inject
            .iter()
            .rev()
            .find(|(set, _)| set.contains(nr))
            .map(|(_, r)| r)
    }

    /// The rules the ptrace backend applies: only to traced syscalls (strace tampers with the
    /// calls that pass its trace filter, syscall.c `syscall_entering_trace`).
    pub fn inject_rules(&self) -> crate::inject::Rules {
        crate::inject::Rules::new(tracer_common::MAX_SYSCALLS, |nr| {
            self.trace
                .contains(nr)
                .then(|| self.inject_rule(nr).cloned())
                .flatten()
        })
    }

    /// `--trace=SET`: replaces the traced set.
    pub fn apply_trace(&mut self, table: &Table, set: &str) -> Result<(), FilterError> {
        self.trace = SyscallSet::parse(table, set)?;
        Ok(())
    }

    /// `--status=SET`: replaces the status set.
    pub fn apply_status(&mut self, set: &str) -> Result<(), FilterError> {
        self.status = StatusSet::parse(set)?;
        Ok(())
    }

    /// `--signal=SET`: replaces the set of signals shown.
    pub fn apply_signal(&mut self, set: &str) -> Result<(), FilterError> {
        self.signals = SignalSet::parse(set)?;
        Ok(())
    }

    /// `-z`, `--successful-only`: `status=successful`. The caller warns with
    /// [`Z_FLAGS_WARNING`] when `-z`/`-Z` come more than once.
    pub fn successful_only(&mut self) {
        self.status = StatusSet::only(Status::Successful);
    }

    /// `-Z`, `--failed-only`: `status=failed`.
    pub fn failed_only(&mut self) {
        self.status = StatusSet::only(Status::Failed);
    }

    /// The traced syscalls' names, in number order.
    pub fn names(&self, table: &Table) -> Vec<&'static str> {
        self.trace.names(table)
    }
}

/// strace's set syntax, shared by `trace=` and `status=`: leading `!`s (an odd number inverts,
/// which the caller applies), `none` or `all` on their own, else comma-separated items (empty
/// ones skipped) of which there must be at least one. Returns the set and whether to invert it.
fn parse_set<S>(
    spec: &str,
    none: S,
    all: S,
    mut add: impl FnMut(&mut S, &str) -> Result<(), FilterError>,
    empty: impl FnOnce() -> FilterError,
) -> Result<(S, bool), FilterError> {
    let rest = spec.trim_start_matches('!');
    let inverted = (spec.len() - rest.len()) % 2 == 1;
    let set = match rest {
        "none" => none,
        "all" => all,
        _ => {
            let mut set = none;
            let mut any = false;
            for token in rest.split(',').filter(|t| !t.is_empty()) {
                add(&mut set, token)?;
                any = true;
            }
            if !any {
                return Err(empty());
            }
            set
        }
    };
    Ok((set, inverted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x86() -> Table {
        Table::new(Arch::X86_64)
    }

    fn set(expr: &str) -> SyscallSet {
        let t = x86();
        let mut f = Filter::default();
        f.apply_expr(&t, expr)
            .unwrap_or_else(|e| panic!("{expr}: {e}"));
        f.trace
    }

    fn names(expr: &str) -> Vec<&'static str> {
        set(expr).names(&x86())
    }

    fn err(expr: &str) -> String {
        let t = x86();
        let mut f = Filter::default();
        let before = f.clone();
        let e = f.apply_expr(&t, expr).expect_err(expr).to_string();
        assert_eq!(f, before, "{expr}: a failed expression changed the filter");
        e
    }

    fn has(set: &SyscallSet, name: &str) -> bool {
        set.contains(Arch::X86_64.number(name).unwrap())
    }

    #[test]
    fn bitset_basics() {
        let mut s = SyscallSet::none();
        assert!(s.is_empty());
        assert!(s.insert(0) && s.insert(63) && s.insert(64) && s.insert(MAX_SYSCALLS - 1));
        assert!(!s.insert(MAX_SYSCALLS));
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 63, 64, MAX_SYSCALLS - 1]);
        assert_eq!(s.len(), 4);
        s.remove(63);
        assert!(!s.contains(63) && !s.contains(MAX_SYSCALLS) && !s.contains(u32::MAX));
        s.invert();
        assert_eq!(s.len(), MAX_SYSCALLS as usize - 3);
        assert!(s.contains(63) && !s.contains(MAX_SYSCALLS));
        assert_eq!(SyscallSet::all().len(), MAX_SYSCALLS as usize);
        assert_eq!(
            [1, 5, 700].into_iter().collect::<SyscallSet>(),
            [5, 1].into_iter().collect()
        );
    }

    #[test]
    fn default_traces_all_and_shows_all() {
        let f = Filter::default();
        assert_eq!(f.trace, SyscallSet::all());
        assert!(f.status.is_all());
        assert_eq!(f.status.kernel_flags(), cfgflags::STATUS_ALL);
    }

    #[test]
    fn names_and_numbers() {
        assert_eq!(names("trace=openat,close"), ["close", "openat"]);
        assert_eq!(names("t=close"), ["close"]);
        // `strace -e openat cat /etc/hostname`: a bare set is trace=.
        assert_eq!(names("openat"), ["openat"]);
        // `strace -e trace=0 cat /etc/hostname` traces read.
        assert_eq!(names("trace=0,003"), ["read", "close"]);
        // `strace -e trace=9999 true`: strace: invalid system call '9999'.
        assert_eq!(err("trace=9999"), "invalid system call '9999'");
        assert_eq!(err("trace=1x"), "invalid system call '1x'");
        // x86_64 has no syscall 335 (strace accepts it through i386).
        assert_eq!(err("trace=335"), "invalid system call '335'");
        // `strace -e trace=OPENAT true`: names are case-sensitive.
        assert_eq!(err("trace=OPENAT"), "invalid system call 'OPENAT'");
    }

    #[test]
    fn unknown_names() {
        // `strace -e trace=foo true`: strace: invalid system call 'foo'.
        assert_eq!(err("trace=foo"), "invalid system call 'foo'");
        assert_eq!(err("trace=openat,foo"), "invalid system call 'foo'");
        // `strace -e trace=?nosuch,?nosuch2 cat /etc/hostname` traces nothing, without error.
        assert!(set("trace=?nosuch,?nosuch2").is_empty());
        assert_eq!(names("trace=??openat,?nosuch"), ["openat"]);
        // `strace -e trace=? true` and `-e trace=?!openat`: accepted, select nothing.
        assert!(set("trace=?").is_empty());
        assert!(set("trace=?!openat").is_empty());
        // A name another architecture has selects nothing here, without error.
        assert!(Arch::Aarch64.number("open").is_none());
        let arm = Table::new(Arch::Aarch64);
        let s = SyscallSet::parse(&arm, "open,openat").unwrap();
        assert_eq!(s.names(&arm), ["openat"]);
        // ... but not with @64, which asks for this personality only.
        assert_eq!(
            SyscallSet::parse(&arm, "open@64").unwrap_err().to_string(),
            "invalid system call 'open@64'"
        );
    }

    #[test]
    fn empty_sets_are_errors() {
        // `strace -e trace= true`, `-e trace=!`, `-e trace=,`: the whole set is quoted.
        assert_eq!(err("trace="), "invalid system call ''");
        assert_eq!(err("trace=!"), "invalid system call '!'");
        assert_eq!(err("trace=,"), "invalid system call ','");
        assert_eq!(err(""), "invalid system call ''");
        // `strace -e trace=openat,, ...` skips empty items.
        assert_eq!(names("trace=,openat,,"), ["openat"]);
    }

    #[test]
    fn negation_all_none() {
        let not_open = set("trace=!openat");
        assert!(!has(&not_open, "openat") && has(&not_open, "read"));
        // Numbers without a row are traced too (as strace's syscall_0x…).
        assert!(x86().row(335).is_none() && not_open.contains(335));
        // `strace -e trace=!!openat`: two inversions cancel.
        assert_eq!(names("trace=!!openat"), ["openat"]);
        assert!(set("trace=none").is_empty());
        assert_eq!(set("trace=!none"), SyscallSet::all());
        assert!(set("trace=!all").is_empty());
        assert_eq!(set("trace=all"), SyscallSet::all());
        // As an item, `all` is every row (`strace -e trace=all,close`); `none` is no item
        // (`strace -e trace=none,close`: invalid system call 'none').
        let rows = set("trace=all,close");
        assert!(!rows.contains(335) && has(&rows, "read"));
        assert_eq!(
            rows.len(),
            (0..MAX_SYSCALLS)
                .filter(|&n| x86().row(n).is_some())
                .count()
        );
        assert_eq!(err("trace=none,close"), "invalid system call 'none'");
        // `strace -e trace=open,!close`: `!` only leads the set.
        assert_eq!(err("trace=open,!close"), "invalid system call '!close'");
    }

    #[test]
    fn classes() {
        let file = set("trace=%file");
        for name in ["open", "openat", "stat", "execve", "newfstatat", "unlink"] {
            assert!(has(&file, name), "%file lacks {name}");
        }
        assert!(!has(&file, "read") && !has(&file, "close"));
        let not_file = set("trace=!%file");
        assert!(!has(&not_file, "openat") && has(&not_file, "read"));
        assert_eq!(set("trace=file"), file);
        assert_eq!(set("trace=%net"), set("trace=%network"));
        assert_eq!(set("trace=network"), set("trace=%network"));
        assert!(has(&set("%network"), "connect"));
        assert!(has(&set("%process"), "clone") && has(&set("%process"), "exit_group"));
        assert!(has(&set("%memory"), "mmap") && has(&set("%signal"), "rt_sigaction"));
        assert!(has(&set("%desc"), "read") && has(&set("%creds"), "setuid"));
        assert!(has(&set("%clock"), "clock_gettime") && has(&set("%ipc"), "semop"));
        // `strace -e trace=%FILE true`: strace: invalid system call '%FILE'.
        assert_eq!(err("trace=%FILE"), "invalid system call '%FILE'");
        assert_eq!(err("trace=%nosuch"), "invalid system call '%nosuch'");
        assert!(set("trace=?%nosuch").is_empty());
    }

    #[test]
    fn stat_classes() {
        // x86_64's syscallent.h: TST stat, TLST lstat, TFST fstat/newfstatat/statx, and TSTA on
        // all five; TSF statfs, TFSF fstatfs, TSFA both and ustat.
        assert_eq!(names("%stat"), ["stat"]);
        assert_eq!(names("%lstat"), ["lstat"]);
        assert_eq!(names("%fstat"), ["fstat", "newfstatat", "statx"]);
        assert_eq!(
            names("%%stat"),
            ["stat", "fstat", "lstat", "newfstatat", "statx"]
        );
        assert_eq!(names("%statfs"), ["statfs"]);
        assert_eq!(names("%fstatfs"), ["fstatfs"]);
        assert_eq!(names("%%statfs"), ["ustat", "statfs", "fstatfs"]);
        // The man page: %%statfs is /statv?fs|fsstat|ustat.
        assert_eq!(names("%%statfs"), names("/statv?fs|fsstat|ustat"));
        assert_eq!(
            names("%pure"),
            [
                "getpid", "getuid", "getgid", "geteuid", "getegid", "getppid", "getpgrp", "gettid"
            ]
        );
    }

    #[test]
    fn every_class_bit_has_a_name() {
        let all_bits = [
            class::FILE,
            class::DESC,
            class::NETWORK,
            class::PROCESS,
            class::SIGNAL,
            class::IPC,
            class::MEMORY,
            class::CREDS,
            class::CLOCK,
            class::STAT,
            class::LSTAT,
            class::FSTAT,
            class::STAT_LIKE,
            class::STATFS,
            class::FSTATFS,
            class::STATFS_LIKE,
            class::PURE,
        ];
        let union = ROWS.iter().fold(0, |acc, r| acc | r.class);
        assert_eq!(union, all_bits.iter().fold(0, |acc, b| acc | b));
        for bit in all_bits {
            let (name, _) = CLASSES
                .iter()
                .find(|&&(n, b)| b == bit && n.starts_with('%'))
                .unwrap_or_else(|| panic!("class bit {bit:#x} has no %name"));
            assert!(!set(name).is_empty(), "{name} is empty on x86_64");
        }
    }

    #[test]
    fn regexes() {
        // `strace -e trace=/^open cat /etc/hostname`.
        assert_eq!(
            names("trace=/^open"),
            [
                "open",
                "openat",
                "open_by_handle_at",
                "open_tree",
                "openat2"
            ]
        );
        assert_eq!(names("/^(l|f)?stat$"), ["stat", "fstat", "lstat"]);
        // `strace -e trace=/nosuchxyz true`: strace: invalid system call '/nosuchxyz'.
        assert_eq!(err("trace=/nosuchxyz"), "invalid system call '/nosuchxyz'");
        assert!(set("trace=?/nosuchxyz").is_empty());
        // `strace -e trace=/ ...` traces everything with a name.
        assert_eq!(set("trace=/"), set("trace=all,close"));
        // `strace -e trace=/[ true`: strace: regcomp: [: Invalid regular expression. The
        // message is the regex crate's; `?` does not excuse a bad regex.
        for bad in ["/[", "?/[", "/(", "/*"] {
            let e = err(bad);
            let pattern = bad.trim_start_matches(['?', '/']);
            assert!(e.starts_with(&format!("regcomp: {pattern}: ")), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
        assert_eq!(err("/["), "regcomp: [: unclosed character class");
    }

    #[test]
    fn personalities() {
        assert_eq!(names("trace=openat@64"), ["openat"]);
        assert_eq!(names("trace=/^openat@64"), ["openat", "openat2"]);
        // `strace -e trace=open@foo true`: strace: incorrect personality designator 'foo' in
        // qualification 'open@foo'. A regex is checked too (`-e trace=/a@b`).
        assert_eq!(
            err("trace=open@foo"),
            "incorrect personality designator 'foo' in qualification 'open@foo'"
        );
        assert_eq!(
            err("trace=?/a@b"),
            "incorrect personality designator 'b' in qualification '/a@b'"
        );
        // strace accepts `-e trace=open@32` (i386); tracer traces 64-bit calls only.
        assert_eq!(
            err("trace=open@32"),
            "personality '32' in qualification 'open@32' is not supported yet"
        );
        assert!(err("trace=open@x32").contains("'x32'"));
        let arm = Table::new(Arch::Aarch64);
        assert!(matches!(
            SyscallSet::parse(&arm, "openat@x32"),
            Err(FilterError::Personality { .. })
        ));
    }

    #[test]
    fn later_trace_replaces_earlier() {
        // `strace -e trace=openat -e trace=close cat /etc/hostname` prints only close, and so
        // does `--trace=close` after `-e trace=openat`; `-e trace=close -e openat` only openat.
        let t = x86();
        let mut f = Filter::default();
        f.apply_expr(&t, "trace=openat").unwrap();
        f.apply_expr(&t, "trace=close").unwrap();
        assert_eq!(f.names(&t), ["close"]);
        f.apply_trace(&t, "openat").unwrap();
        assert_eq!(f.names(&t), ["openat"]);
        f.apply_expr(&t, "trace=close").unwrap();
        f.apply_expr(&t, "openat").unwrap();
        assert_eq!(f.names(&t), ["openat"]);
    }

    #[test]
    fn signal_sets() {
        let t = x86();
        let mut f = Filter::default();
        assert!((1..=64).all(|n| f.signals.contains(n)) && !f.signals.contains(0));
        for (expr, sig) in [("signal=SIGIO", 29), ("s=io", 29), ("signals=17", 17)] {
            f.apply_expr(&t, expr).unwrap();
            assert!(f.signals.contains(sig), "{expr}");
            assert_eq!(f.signals.bits().count_ones(), 1, "{expr}");
        }
        f.apply_expr(&t, "signal=!chld,SIGRT_2").unwrap();
        assert!(!f.signals.contains(17) && !f.signals.contains(34) && f.signals.contains(2));
        f.apply_expr(&t, "signal=none").unwrap();
        assert!(!f.signals.contains(2));
        // `strace -e signal=foo true`: strace: invalid signal 'foo'; an empty set likewise.
        assert_eq!(err("signal=foo"), "invalid signal 'foo'");
        assert_eq!(err("signal="), "invalid signal ''");
    }

    #[test]
    fn qualifiers() {
        // `strace -e foo=bar true`: strace: invalid system call 'foo=bar'.
        assert_eq!(err("foo=bar"), "invalid system call 'foo=bar'");
        // Qualifiers that name syscalls take strace's sets; those that don't filter are the
        // command line's.
        let t = x86();
        let mut f = Filter::default();
        f.apply_expr(&t, "abbrev=none").unwrap();
        f.apply_expr(&t, "x=%file").unwrap();
        f.apply_expr(&t, "v=!open").unwrap();
        assert!(f.abbrev.is_empty());
        assert!(has(&f.raw, "openat") && !has(&f.raw, "read"));
        assert!(!has(&f.verbose, "open") && has(&f.verbose, "read"));
        assert_eq!(err("raw=nosuch"), "invalid system call 'nosuch'");
        assert_eq!(err("write=1,x"), "invalid descriptor 'x'");
        assert_eq!(err("read="), "invalid descriptor ''");
        assert_eq!(
            err("fault=open:error=NOPE"),
            "invalid fault argument 'open:error=NOPE'"
        );
        for q in [
            "quiet",
            "kvm",
            "decode-fds",
            "decode-pids",
            "secontext",
            "deep",
        ] {
            assert!(matches!(
                Filter::default().apply_expr(&x86(), &format!("{q}=x")),
                Err(FilterError::UnsupportedQualifier { .. })
            ));
        }
    }

    #[test]
    fn status_sets() {
        let t = x86();
        let mut f = Filter::default();
        // `strace -e status=!failed cat /etc/hostname` shows the rest.
        f.apply_expr(&t, "status=!failed").unwrap();
        assert!(!f.status.contains(Status::Failed));
        assert!(f.status.contains(Status::Successful) && f.status.contains(Status::Detached));
        assert_eq!(
            f.status.kernel_flags(),
            cfgflags::STATUS_SUCCESSFUL | cfgflags::STATUS_UNFINISHED
        );
        // `strace -e status=FAILED ...`: status names are case-insensitive; a trailing comma
        // is fine.
        f.apply_status("FAILED,unfinished,").unwrap();
        assert_eq!(
            f.status.iter().collect::<Vec<_>>(),
            [Status::Failed, Status::Unfinished]
        );
        assert_eq!(StatusSet::parse("none").unwrap(), StatusSet::none());
        assert_eq!(StatusSet::parse("!none").unwrap(), StatusSet::all());
        assert_eq!(StatusSet::parse("!!all").unwrap(), StatusSet::all());
        let every = "successful,failed,unfinished,unavailable,detached";
        assert!(StatusSet::parse(every).unwrap().is_all());
        // `strace -e status=x true`: strace: invalid status 'x'; likewise '' and ','.
        assert_eq!(err("status=x"), "invalid status 'x'");
        assert_eq!(err("status="), "invalid status ''");
        assert_eq!(err("status=,"), "invalid status ','");
        // `strace -e status=failed,all true`: `all` is special only as the whole set.
        assert_eq!(err("status=failed,all"), "invalid status 'all'");
    }

    #[test]
    fn z_flags() {
        let t = x86();
        let mut f = Filter::default();
        f.successful_only();
        assert_eq!(f.status, StatusSet::only(Status::Successful));
        assert_eq!(f.status.kernel_flags(), cfgflags::STATUS_SUCCESSFUL);
        // `strace -z -Z true`: the last wins (with Z_FLAGS_WARNING).
        f.failed_only();
        assert_eq!(f.status, StatusSet::only(Status::Failed));
        assert!(!f.status.contains(Status::Unfinished));
        // `strace -Z -e status=successful true` shows successes, `-e status=successful -Z`
        // failures: whichever comes last replaces the set.
        f.apply_expr(&t, "status=successful").unwrap();
        assert_eq!(f.status, StatusSet::only(Status::Successful));
        f.failed_only();
        assert_eq!(f.status, StatusSet::only(Status::Failed));
        assert_eq!(f.trace, SyscallSet::all());
    }
}
