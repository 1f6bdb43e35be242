//! Turning a trace into per-process sequences of comparable lines.
//!
//! Two runs of the same program differ in values that no tracer controls: addresses (ASLR), pids,
//! random bytes, times, the inodes of freshly made files, ephemeral ports, and how threads race.
//! Each [`Rule`] masks one such kind of value, the same way on both sides; `cargo xtask fidelity
//! --self` traces every program with strace twice and shows, rule by rule, that strace differs from
//! itself without it. Nothing else is touched: whatever is left must be printed identically.
//!
//! Structure that is not a value is undone first: a `-f` trace is split per process (the
//! interleaving of processes is scheduling), strace's `<unfinished ...>` / `<... resumed>` halves are
//! joined into the one line they stand for, and processes are named by their place in the process
//! tree (`P1`, its second child `P1.2`, …) instead of by pid.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// One kind of value that legitimately differs from run to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Pids,
    Addresses,
    RandomBytes,
    Timestamps,
    ClockValues,
    FutexResults,
    Inodes,
    Ports,
    SystemState,
    Padding,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::Pids,
        Rule::Addresses,
        Rule::RandomBytes,
        Rule::Timestamps,
        Rule::ClockValues,
        Rule::FutexResults,
        Rule::Inodes,
        Rule::Ports,
        Rule::SystemState,
        Rule::Padding,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Pids => "pids",
            Rule::Addresses => "addresses",
            Rule::RandomBytes => "random bytes",
            Rule::Timestamps => "timestamps",
            Rule::ClockValues => "clock values",
            Rule::FutexResults => "futex results",
            Rule::Inodes => "inodes",
            Rule::Ports => "ports",
            Rule::SystemState => "system state",
            Rule::Padding => "padding",
        }
    }

    /// What the rule masks and why it varies, for `--self` and the docs.
    pub fn what(self) -> &'static str {
        match self {
            Rule::Pids => {
                "pids (numbers >= 300 that are a traced task's pid, in any argument, return value or \
                 string) become the task's place in the process tree, P1, P1.1…; the tracer's own \
                 pid (getppid) becomes PPID"
            }
            Rule::Addresses => {
                "hex numbers above 4 GiB (0x100000000) or inside the heap (from a brk(NULL) result \
                 to the highest brk result above it) become 0xADDR: with ASLR every mapping, the \
                 stack and the heap move each run; other hex values (offsets, flags, rseq's \
                 signature, a non-PIE program's code) are kept. /proc/PID/maps ranges read into \
                 a buffer (hex-hex) become ADDR-ADDR; the lengths of the (up to 2) munmaps right \
                 after a PROT_NONE|MAP_NORESERVE mmap become LEN (glibc trims an arena's \
                 reservation to an aligned address, so the lengths follow the address)"
            }
            Rule::RandomBytes => {
                "getrandom's buffer and what is read from an fd open on /dev/urandom or \
                 /dev/random become \"RANDOM\"; mkstemp's random name part (a file made with \
                 O_CREAT|O_EXCL) becomes XXXXXX"
            }
            Rule::Timestamps => "-t/-tt/-ttt/-r prefixes become TIME, -T's <secs> becomes <T>",
            Rule::ClockValues => {
                "tv_sec/tv_nsec/tv_usec on lines of clock_gettime, gettimeofday, nanosleep, \
                 clock_nanosleep, futex (absolute timeouts), getrusage, times, wait4, and \
                 after `left `; time()'s and times()'s results; si_utime/si_stime; stat's \
                 st_[amc]time(_nsec) and statx's stx_[abcm]time become T"
            }
            Rule::FutexResults => {
                "futex's result (0, woken count, EAGAIN, ETIMEDOUT) becomes RET: it says how threads \
                 raced"
            }
            Rule::Inodes => {
                "d_ino, st_ino and stx_ino become INO: the setup makes the work dir's files anew \
                 for every run"
            }
            Rule::Ports => {
                "sin_port/sin6_port in the ephemeral range 32768..=60999 become htons(EPHEMERAL)"
            }
            Rule::SystemState => {
                "what other processes change: statfs's f_bfree/f_bavail/f_ffree and sysinfo's \
                 uptime, loads, freeram, sharedram, bufferram, procs become N"
            }
            Rule::Padding => {
                "a line padded to strace's column 40 before ` = ` is padded again after masking \
                 changed its length; with -f the padding becomes one space (strace pads the \
                 resumed half of a split line to its own column, which depends on the \
                 interleaving)"
            }
        }
    }
}

/// One line of a process's sequence: its normalised text and its syscall (or event) name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub name: String,
}

/// A trace as sequences of lines per process, keyed by the process's place in the tree.
pub type Trace = BTreeMap<TaskName, Vec<Line>>;

/// A task's name: `P1`, `P1.2`, … (sorted by their numbers), or `P?N` for a task whose creation
/// wasn't seen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskName(pub String);

impl TaskName {
    fn key(&self) -> (bool, Vec<u64>, &str) {
        let known = self.0.strip_prefix('P').filter(|s| !s.starts_with('?'));
        match known {
            Some(path) => (
                false,
                path.split('.').filter_map(|n| n.parse().ok()).collect(),
                "",
            ),
            None => (true, Vec::new(), &self.0),
        }
    }
}

impl Ord for TaskName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for TaskName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Splits, joins, names and masks a trace. `follow_forks`: the lines carry pid prefixes.
pub fn normalise(text: &str, follow_forks: bool, rules: &[Rule]) -> Trace {
    let on = |r: Rule| rules.contains(&r);
    // 1. pid prefix, timestamps, -T; join split lines per pid. Lines keep file order.
    let mut lines: Vec<(u32, Option<String>, usize, String)> = Vec::new();
    let mut pending: HashMap<u32, usize> = HashMap::new();
    for raw in text.lines() {
        if raw.trim().is_empty() {
            continue;
        }
        let (pid, rest) = if follow_forks {
            split_pid(raw)
        } else {
            (0, raw)
        };
        let (stamp, rest) = split_timestamp(rest);
        let width = stamp.map_or(0, |s| s.len() + 1);
        let stamp = stamp.map(|s| if on(Rule::Timestamps) { "TIME" } else { s }.to_owned());
        let rest = if on(Rule::Timestamps) {
            mask_duration(rest)
        } else {
            rest.to_owned()
        };
        if let Some(head) = rest.strip_suffix(" <unfinished ...>") {
            pending.insert(pid, lines.len());
            lines.push((pid, stamp, width, head.to_owned()));
            continue;
        }
        if let Some(tail) = resumed_tail(&rest)
            && let Some(at) = pending.remove(&pid)
        {
            lines[at].3.push_str(tail);
            continue;
        }
        lines.push((pid, stamp, width, rest));
    }
    for at in pending.into_values() {
        lines[at].3.push_str(" <unfinished ...>");
    }

    // 2. Sequences per pid, in order of first appearance.
    let mut order: Vec<u32> = Vec::new();
    let mut by_pid: HashMap<u32, Vec<Raw>> = HashMap::new();
    for (pid, stamp, width, text) in lines {
        by_pid
            .entry(pid)
            .or_insert_with(|| {
                order.push(pid);
                Vec::new()
            })
            .push(Raw { stamp, width, text });
    }

    // 3. Names from the process tree; where the heaps are.
    let names = task_names(&order, &by_pid, follow_forks);
    let all = || by_pid.values().flatten().map(|r| r.text.as_str());
    let heaps = heap_ranges(all());
    let temp_names = if on(Rule::RandomBytes) {
        mkstemp_names(all())
    } else {
        Vec::new()
    };

    // 4. Mask values.
    let mut trace = Trace::new();
    let mut unknown = 0;
    for pid in &order {
        let name = match names.get(pid) {
            Some(n) if *pid != 0 || !follow_forks => n.clone(),
            _ => {
                unknown += 1;
                format!("P?{unknown}")
            }
        };
        let seq = by_pid.remove(pid).unwrap_or_default();
        let mut context = Context::default();
        let mut out: Vec<Line> = Vec::with_capacity(seq.len());
        for raw in &seq {
            let name = line_name(&raw.text);
            let mut text = mask(&raw.text, &name, rules, &names, &heaps, &mut context);
            for token in &temp_names {
                text = text.replace(token.as_str(), "XXXXXX");
            }
            if on(Rule::Padding) {
                text = pad(&raw.text, &text, follow_forks, raw.width);
            }
            let text = match &raw.stamp {
                Some(stamp) => format!("{stamp} {text}"),
                None => text,
            };
            out.push(Line { text, name });
        }
        trace.entry(TaskName(name)).or_default().extend(out);
    }
    trace
}

/// A line as read: its timestamp (masked or not), the original timestamp's width with its space,
/// and the rest, split halves joined.
struct Raw {
    stamp: Option<String>,
    width: usize,
    text: String,
}

/// What the masks remember along one task's sequence.
#[derive(Default)]
struct Context {
    /// fds open on /dev/urandom or /dev/random.
    random_fds: Vec<String>,
    /// munmaps to come that trim an aligned reservation (glibc's arenas).
    trims_left: usize,
}

/// `1234 rest` → (1234, rest) (strace left-aligns the pid in 5 columns: `123   rest`); a line
/// without a pid goes with pid 0.
fn split_pid(line: &str) -> (u32, &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && line.as_bytes().get(digits) == Some(&b' ')
        && let Ok(pid) = line[..digits].parse()
    {
        return (pid, line[digits..].trim_start_matches(' '));
    }
    (0, line)
}

/// `12:34:56 `, `12:34:56.123456 `, `1700000000.123456 ` or -r's `0.000123 ` at the start.
fn split_timestamp(line: &str) -> (Option<&str>, &str) {
    let end = line.find(' ').unwrap_or(0);
    let word = &line[..end];
    let stamp = !word.is_empty()
        && word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        && (word.contains(':') || word.contains('.'));
    if stamp {
        (Some(word), &line[end + 1..])
    } else {
        (None, line)
    }
}

/// -T's trailing ` <0.000123>` → ` <T>`.
fn mask_duration(line: &str) -> String {
    if let Some(open) = line.rfind(" <")
        && let Some(inner) = line[open + 2..].strip_suffix('>')
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return format!("{} <T>", &line[..open]);
    }
    line.to_owned()
}

/// The text after `<... name resumed>`.
fn resumed_tail(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("<... ")?;
    let end = rest.find(" resumed>")?;
    Some(&rest[end + " resumed>".len()..])
}

/// The syscall's name, or the kind of event: `--- SIGCHLD`, `+++ exited`, `+++ killed`, `!!!`.
pub fn line_name(text: &str) -> String {
    if let Some(rest) = text.strip_prefix("--- ") {
        let sig = rest.split([' ', '{']).next().unwrap_or("");
        return format!("--- {sig}");
    }
    if let Some(rest) = text.strip_prefix("+++ ") {
        return format!("+++ {}", rest.split(' ').next().unwrap_or(""));
    }
    if text.starts_with("!!!") {
        return "!!!".to_owned();
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '?'))
        .unwrap_or(text.len());
    if end == 0 {
        return text.split(' ').next().unwrap_or("").to_owned();
    }
    text[..end].to_owned()
}

/// The return value's text: what follows the last ` = ` outside strings.
fn return_part(text: &str) -> Option<(usize, &str)> {
    let at = last_return_sep(text)?;
    Some((at, &text[at + 3..]))
}

/// The position of the ` = ` before the return value: the last one after the last quote.
fn last_return_sep(text: &str) -> Option<usize> {
    let after_quotes = text.rfind('"').map_or(0, |q| q + 1);
    text[after_quotes..].rfind(" = ").map(|p| p + after_quotes)
}

fn return_number(text: &str) -> Option<i64> {
    let (_, ret) = return_part(text)?;
    let num: String = ret
        .chars()
        .enumerate()
        .take_while(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '-'))
        .map(|(_, c)| c)
        .collect();
    num.parse().ok()
}

/// Names tasks by the process tree: the first task is P1, the k-th task that P1 creates (its
/// clone/fork/vfork/clone3 returns) is P1.k, and so on. Without -f the only sequence is P1 and its
/// pid is learnt from set_tid_address/getpid/gettid. getppid's result is PPID.
fn task_names(
    order: &[u32],
    by_pid: &HashMap<u32, Vec<Raw>>,
    follow_forks: bool,
) -> HashMap<u32, String> {
    let mut names: HashMap<u32, String> = HashMap::new();
    let Some(&root) = order.first() else {
        return names;
    };
    names.insert(root, "P1".to_owned());
    if !follow_forks && let Some(seq) = by_pid.get(&root) {
        let own = seq.iter().find_map(|Raw { text: l, .. }| {
            matches!(
                line_name(l).as_str(),
                "set_tid_address" | "getpid" | "gettid"
            )
            .then(|| return_number(l))
            .flatten()
        });
        if let Some(pid) = own.and_then(|p| u32::try_from(p).ok()) {
            names.insert(pid, "P1".to_owned());
        }
    }
    let mut queue = VecDeque::from([root]);
    while let Some(pid) = queue.pop_front() {
        let Some(parent) = names.get(&pid).cloned() else {
            continue;
        };
        let mut children = 0;
        for Raw { text: line, .. } in by_pid.get(&pid).into_iter().flatten() {
            let name = line_name(line);
            let ret = return_number(line).and_then(|r| u32::try_from(r).ok());
            match (name.as_str(), ret) {
                ("clone" | "clone3" | "fork" | "vfork", Some(child)) if child > 0 => {
                    children += 1;
                    if let Entry::Vacant(slot) = names.entry(child) {
                        slot.insert(format!("{parent}.{children}"));
                        queue.push_back(child);
                    }
                }
                ("getppid", Some(ppid)) if !names.contains_key(&ppid) => {
                    names.insert(ppid, "PPID".to_owned());
                }
                _ => {}
            }
        }
    }
    names
}

/// Applies the value rules to one line of syscall `name`.
fn mask(
    text: &str,
    name: &str,
    rules: &[Rule],
    names: &HashMap<u32, String>,
    heaps: &[(u64, u64)],
    context: &mut Context,
) -> String {
    let on = |r: Rule| rules.contains(&r);
    let mut t = text.to_owned();
    if on(Rule::RandomBytes) {
        let fd = first_arg(&t).to_owned();
        if name == "getrandom" || (name == "read" && context.random_fds.contains(&fd)) {
            t = mask_first_string(&t);
        }
        let random_open = (t.contains("\"/dev/urandom\"") || t.contains("\"/dev/random\""))
            && matches!(name, "open" | "openat");
        match return_number(&t) {
            Some(fd) if random_open && fd >= 0 => context.random_fds.push(fd.to_string()),
            _ if name == "close" => context.random_fds.retain(|f| *f != fd),
            _ => {}
        }
    }
    if on(Rule::Addresses) {
        if name == "munmap" && context.trims_left > 0 {
            context.trims_left -= 1;
            if let Some(comma) = t.find(", ")
                && let Some(close) = t[comma..].find(')')
            {
                t = format!("{}, LEN{}", &t[..comma], &t[comma + close..]);
            }
        } else {
            context.trims_left = 0;
        }
        if name == "mmap" && t.contains("PROT_NONE") && t.contains("MAP_NORESERVE") {
            context.trims_left = 2;
        }
    }
    if on(Rule::Addresses) {
        t = mask_addresses(&t, heaps);
        t = mask_map_ranges(&t);
    }
    if on(Rule::SystemState) {
        for key in [
            "f_bfree=",
            "f_bavail=",
            "f_ffree=",
            "uptime=",
            "loads=",
            "freeram=",
            "sharedram=",
            "bufferram=",
            "procs=",
        ] {
            t = mask_values(&t, key, "N", 0);
        }
    }
    if on(Rule::ClockValues) {
        const CLOCKS: &[&str] = &[
            "clock_gettime",
            "clock_gettime64",
            "gettimeofday",
            "nanosleep",
            "clock_nanosleep",
            "futex",
            "getrusage",
            "times",
            "wait4",
        ];
        if CLOCKS.contains(&name) {
            for key in ["tv_sec=", "tv_nsec=", "tv_usec="] {
                t = mask_values(&t, key, "T", 0);
            }
        } else if let Some(left) = t.find(" left ") {
            let (head, tail) = t.split_at(left);
            let mut tail = tail.to_owned();
            for key in ["tv_sec=", "tv_nsec=", "tv_usec="] {
                tail = mask_values(&tail, key, "T", 0);
            }
            t = format!("{head}{tail}");
        }
        if matches!(name, "time" | "times") {
            t = replace_return(&t, "T");
        }
        for key in [
            "si_utime=",
            "si_stime=",
            "st_atime=",
            "st_atime_nsec=",
            "st_mtime=",
            "st_mtime_nsec=",
            "st_ctime=",
            "st_ctime_nsec=",
            "stx_atime=",
            "stx_btime=",
            "stx_ctime=",
            "stx_mtime=",
        ] {
            t = mask_values(&t, key, "T", 0);
        }
    }
    if on(Rule::FutexResults) && name == "futex" {
        t = replace_return(&t, "RET");
    }
    if on(Rule::Inodes) {
        for key in ["d_ino=", "st_ino=", "stx_ino="] {
            t = mask_values(&t, key, "INO", 0);
        }
    }
    if on(Rule::Ports) {
        for key in ["sin_port=htons(", "sin6_port=htons("] {
            t = mask_values(&t, key, "EPHEMERAL", 32768);
        }
    }
    if on(Rule::Pids) {
        t = replace_pids(&t, names);
    }
    t
}

/// The return value (and its errno or comment) becomes `with`; a -T duration stays.
fn replace_return(text: &str, with: &str) -> String {
    let Some((at, ret)) = return_part(text) else {
        return text.to_owned();
    };
    let duration = ret
        .rfind(" <")
        .filter(|_| ret.ends_with('>'))
        .map_or("", |d| &ret[d..]);
    format!("{} = {with}{duration}", &text[..at])
}

/// The first argument's text: `read(3, …` → `3`.
fn first_arg(text: &str) -> &str {
    let Some(open) = text.find('(') else {
        return "";
    };
    let rest = &text[open + 1..];
    let end = rest.find([',', ')']).unwrap_or(rest.len());
    &rest[..end]
}

/// The spaces before ` = `. strace pads the text before `= ` to column 40 (counting a timestamp
/// prefix) or leaves one space; a line padded so is padded again after masking changed its
/// length. With -f the column also counts the pid and a split line's resumed half is padded on
/// its own, so there the padding becomes one space.
fn pad(original: &str, masked: &str, follow_forks: bool, width: usize) -> String {
    fn spaces(text: &str) -> Option<(&str, usize, &str)> {
        last_return_sep(text).map(|at| {
            let head = text[..at].trim_end();
            let gap = at + 1 - head.len();
            (head, gap, &text[at + 3..])
        })
    }
    let expected = |head: &str| 40usize.saturating_sub(width + head.chars().count()).max(1);
    let Some((head, gap, ret)) = spaces(masked) else {
        return masked.to_owned();
    };
    if follow_forks {
        return format!("{head} = {ret}");
    }
    match spaces(original) {
        Some((orig_head, orig_gap, _))
            if orig_gap == expected(orig_head) && gap != expected(head) =>
        {
            format!("{head}{}= {ret}", " ".repeat(expected(head)))
        }
        _ => masked.to_owned(),
    }
}

/// The random part of names that mkstemp made (a file created with O_CREAT|O_EXCL whose name ends
/// in 6 letters and digits, other than a `.lock`): each becomes XXXXXX.
fn mkstemp_names<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut tokens = Vec::new();
    for line in lines {
        if !(line.contains("O_CREAT|O_EXCL")
            && matches!(line_name(line).as_str(), "open" | "openat"))
        {
            continue;
        }
        let Some(open) = line.find('"') else { continue };
        let Some(end) = string_end(line, open) else {
            continue;
        };
        let path = line[open + 1..end]
            .trim_end_matches("...")
            .trim_end_matches('"');
        let base = path.rsplit('/').next().unwrap_or("");
        if base.ends_with(".lock") || base.len() < 6 {
            continue;
        }
        let tail = &base[base.len() - 6..];
        let mixed = tail.chars().all(|c| c.is_ascii_alphanumeric())
            && tail
                .chars()
                .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if mixed && !tokens.iter().any(|t| t == tail) {
            tokens.push(tail.to_owned());
        }
    }
    tokens
}

/// The end (exclusive) of the quoted string starting at `open` (a `"`), with a trailing `...`.
fn string_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => {
                let end = i + 1;
                return Some(if text[end..].starts_with("...") {
                    end + 3
                } else {
                    end
                });
            }
            _ => i += 1,
        }
    }
    None
}

/// The first string argument becomes "RANDOM" (getrandom's or read's buffer).
fn mask_first_string(text: &str) -> String {
    if let Some(open) = text
        .find('(')
        .and_then(|p| text[p..].find('"').map(|q| p + q))
        && let Some(end) = string_end(text, open)
    {
        return format!("{}\"RANDOM\"{}", &text[..open], &text[end..]);
    }
    text.to_owned()
}

/// The heaps seen in a trace: from each `brk(NULL)` result to the highest brk result above it
/// (within 1 GiB).
fn heap_ranges<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(u64, u64)> {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for line in lines {
        if line_name(line) != "brk" {
            continue;
        }
        let Some(value) = return_part(line)
            .and_then(|(_, r)| r.strip_prefix("0x"))
            .and_then(|r| {
                let digits = r.bytes().take_while(u8::is_ascii_hexdigit).count();
                u64::from_str_radix(&r[..digits], 16).ok()
            })
        else {
            continue;
        };
        if line.starts_with("brk(NULL)") {
            starts.push(value);
        }
        ends.push(value);
    }
    starts
        .iter()
        .map(|&s| {
            let end = ends
                .iter()
                .copied()
                .filter(|&e| e >= s && e - s < 1 << 30)
                .max()
                .unwrap_or(s);
            (s, end)
        })
        .collect()
}

/// `/proc/PID/maps` ranges, `55e43c90c000-55e43c910000`, → `ADDR-ADDR`.
fn mask_map_ranges(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex_run = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count()
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let first = if boundary { hex_run(i) } else { 0 };
        if (8..=16).contains(&first) && bytes.get(i + first) == Some(&b'-') {
            let second = hex_run(i + first + 1);
            let end = i + first + 1 + second;
            let closed = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
            if (8..=16).contains(&second) && closed {
                out.push_str(&text[copied..i]);
                out.push_str("ADDR-ADDR");
                copied = end;
                i = end;
                continue;
            }
        }
        i += first.max(1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Hex numbers above 4 GiB or inside a heap → 0xADDR.
fn mask_addresses(text: &str, heaps: &[(u64, u64)]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i + 2 <= bytes.len() {
        let starts = bytes[i] == b'0'
            && bytes.get(i + 1) == Some(&b'x')
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'\\'));
        if !starts {
            i += 1;
            continue;
        }
        let digits = bytes[i + 2..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let end = i + 2 + digits;
        let big = digits > 0
            && u64::from_str_radix(&text[i + 2..end], 16).map_or(digits > 16, |v| {
                v > 0xffff_ffff || heaps.iter().any(|&(lo, hi)| lo <= v && v <= hi)
            });
        if big {
            out.push_str(&text[copied..i]);
            out.push_str("0xADDR");
            copied = end;
        }
        i = end.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// After each `key` (not part of a longer identifier), a number, a `{…}` group or a `[…]` group,
/// with an optional ` /* comment */`, becomes `with` — if it is a plain number, only when at least
/// `min`.
fn mask_values(text: &str, key: &str, with: &str, min: u64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        let before = rest[..at].chars().next_back();
        let (head, tail) = rest.split_at(at + key.len());
        out.push_str(head);
        rest = tail;
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let len = value_len(rest);
        if len == 0 {
            continue;
        }
        let value = &rest[..len];
        let numeric = value.parse::<u64>().ok();
        if numeric.is_some_and(|v| v < min) {
            continue;
        }
        out.push_str(with);
        rest = &rest[len..];
        if let Some(comment) = rest.strip_prefix(" /* ")
            && let Some(end) = comment.find(" */")
        {
            rest = &comment[end + 3..];
        }
    }
    out.push_str(rest);
    out
}

/// The length of a value at the start of `text`: digits (with `.`/`-`), or a bracketed group.
fn value_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(&open @ (b'{' | b'[')) => {
            let close = if open == b'{' { b'}' } else { b']' };
            let mut depth = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if b == open {
                    depth += 1;
                } else if b == close {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
            }
            0
        }
        _ => bytes
            .iter()
            .enumerate()
            .take_while(|&(i, b)| {
                b.is_ascii_digit() || (i > 0 && *b == b'.') || (i == 0 && *b == b'-')
            })
            .count(),
    }
}

/// Decimal words that are a named task's pid (>= 300, below which the kernel never hands out pids
/// once it wraps) become the task's name.
fn replace_pids(text: &str, names: &HashMap<u32, String>) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let word_start = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || matches!(bytes[i - 1], b'_' | b'.' | b'\\'));
        let word_end = end == bytes.len()
            || !(bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'_' | b'.'));
        if word_start
            && word_end
            && let Ok(n) = text[i..end].parse::<u32>()
            && n >= 300
            && let Some(name) = names.get(&n)
        {
            out.push_str(&text[copied..i]);
            out.push_str(name);
            copied = end;
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(trace: &Trace, task: &str) -> Vec<String> {
        trace[&TaskName(task.to_owned())]
            .iter()
            .map(|l| l.text.clone())
            .collect()
    }

    #[test]
    fn addresses_above_4gib_are_masked_and_constants_kept() {
        assert_eq!(
            mask_addresses(
                "mmap(0x7f70b3662000, 110592, PROT_READ, MAP_PRIVATE, 3, 0x7000) = 0x7f70b3662000",
                &[]
            ),
            "mmap(0xADDR, 110592, PROT_READ, MAP_PRIVATE, 3, 0x7000) = 0xADDR"
        );
        assert_eq!(
            mask_addresses("rseq(0x7f70b33de560, 0x20, 0, 0x53053053) = 0", &[]),
            "rseq(0xADDR, 0x20, 0, 0x53053053) = 0"
        );
        assert_eq!(
            mask_addresses("write(1, \"\\x0x7f70b33de560\", 3)", &[]),
            "write(1, \"\\x0x7f70b33de560\", 3)"
        );
        assert_eq!(
            mask_addresses("x0x7f70b33de560 0x", &[]),
            "x0x7f70b33de560 0x"
        );
    }

    #[test]
    fn heap_addresses_of_a_non_pie_program_are_masked() {
        let trace = normalise(
            "brk(NULL) = 0x1f5f4000\nbrk(0x1f615000) = 0x1f615000\ngetdents64(3, 0x1f6214c0 /* 3 entries */, 32768) = 96\nrt_sigaction(SIGINT, {sa_handler=0x678ec0}, NULL, 8) = 0\nbrk(0x1f636000) = 0x1f636000\nread(3, \"55e43c90c000-55e43c910000 r--p 0\"..., 8192) = 2868\n",
            false,
            &Rule::ALL,
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "brk(NULL) = 0xADDR",
                "brk(0xADDR) = 0xADDR",
                "getdents64(3, 0xADDR /* 3 entries */, 32768) = 96",
                "rt_sigaction(SIGINT, {sa_handler=0x678ec0}, NULL, 8) = 0",
                "brk(0xADDR) = 0xADDR",
                "read(3, \"ADDR-ADDR r--p 0\"..., 8192)    = 2868",
            ]
        );
    }

    #[test]
    fn urandom_reads_mkstemp_names_and_arena_trims_are_masked() {
        let trace = normalise(
            "openat(AT_FDCWD, \"/dev/urandom\", O_RDONLY|O_CLOEXEC) = 3
read(3, \"\\177\\373l\\17\", 4)              = 4
close(3)                                = 0
read(3, \"abc\", 4) = 3
openat(AT_FDCWD, \"/tmp/r/.git/t77C2l9\", O_RDWR|O_CREAT|O_EXCL, 0600) = 3
unlink(\"/tmp/r/.git/t77C2l9\") = 0
mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x7f0000000000
munmap(0x7f0000000000, 29360128) = 0
munmap(0x7f0000000000, 37748736) = 0
munmap(0x7f0000000000, 4096) = 0
",
            false,
            &Rule::ALL,
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "openat(AT_FDCWD, \"/dev/urandom\", O_RDONLY|O_CLOEXEC) = 3",
                "read(3, \"RANDOM\", 4)                    = 4",
                "close(3)                                = 0",
                "read(3, \"abc\", 4) = 3",
                "openat(AT_FDCWD, \"/tmp/r/.git/tXXXXXX\", O_RDWR|O_CREAT|O_EXCL, 0600) = 3",
                "unlink(\"/tmp/r/.git/tXXXXXX\") = 0",
                "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0xADDR",
                "munmap(0xADDR, LEN) = 0",
                "munmap(0xADDR, LEN) = 0",
                "munmap(0xADDR, 4096) = 0",
            ]
        );
    }

    #[test]
    fn padding_is_redone_after_masking_only_where_it_was_right() {
        // strace's column 40, before and after masking.
        assert_eq!(
            pad(
                "brk(0x1f615000)                         = 0x1f615000",
                "brk(0xADDR) = 0xADDR",
                false,
                0
            ),
            "brk(0xADDR)                             = 0xADDR"
        );
        assert_eq!(
            pad(
                "brk(0x1f615000)    = 0x1f615000",
                "brk(0xADDR)    = 0xADDR",
                false,
                0
            ),
            "brk(0xADDR)    = 0xADDR"
        );
        // Long lines keep one space; a timestamp prefix counts.
        assert_eq!(
            pad("close(3)       = 0", "close(3)       = 0", false, 9),
            "close(3)       = 0"
        );
        assert_eq!(
            pad("close(3)     = 0", "close(3)     = 0", true, 0),
            "close(3) = 0"
        );
    }

    #[test]
    fn getrandom_buffers_are_masked() {
        assert_eq!(
            mask_first_string("getrandom(\"\\x46\\x11\\\"\\x0f\", 8, GRND_NONBLOCK) = 8"),
            "getrandom(\"RANDOM\", 8, GRND_NONBLOCK) = 8"
        );
        assert_eq!(
            mask_first_string("getrandom(\"\\x46\"..., 8, 0) = 8"),
            "getrandom(\"RANDOM\", 8, 0) = 8"
        );
    }

    #[test]
    fn values_after_keys_are_masked() {
        assert_eq!(
            mask_values(
                "[{d_ino=1234, d_off=5, d_name=\".\"}, {d_ino=7, d_off=9}]",
                "d_ino=",
                "INO",
                0
            ),
            "[{d_ino=INO, d_off=5, d_name=\".\"}, {d_ino=INO, d_off=9}]"
        );
        assert_eq!(
            mask_values(
                "sin_port=htons(41234), x=htons(80), sin_port=htons(80)",
                "sin_port=htons(",
                "EPHEMERAL",
                32768
            ),
            "sin_port=htons(EPHEMERAL), x=htons(80), sin_port=htons(80)"
        );
        assert_eq!(
            mask_values(
                "{st_atime=1700000000 /* 2023-11-14T22:13:20+0000 */, stx_atime={tv_sec=1, tv_nsec=2}}",
                "st_atime=",
                "T",
                0
            ),
            "{st_atime=T, stx_atime={tv_sec=1, tv_nsec=2}}"
        );
        assert_eq!(
            mask_values("{stx_atime={tv_sec=1, tv_nsec=2}, x}", "stx_atime=", "T", 0),
            "{stx_atime=T, x}"
        );
        // A key inside a longer name is left alone.
        assert_eq!(mask_values("xd_ino=5", "d_ino=", "INO", 0), "xd_ino=5");
    }

    #[test]
    fn timestamps_and_durations_are_masked() {
        let trace = normalise(
            "12:34:56.123456 close(3)                   = 0 <0.000012>\n1700000000.5 close(4) = 0 <0.1>\n",
            false,
            &Rule::ALL,
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "TIME close(3)                   = 0 <T>",
                "TIME close(4) = 0 <T>"
            ]
        );
    }

    #[test]
    fn split_lines_are_joined_per_pid_and_tasks_named_by_the_tree() {
        let strace = "\
500 clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0x7fbf1bdc4a10) = 501
501 set_robust_list(0x7fbf1bdc4a20, 24 <unfinished ...>
500 clone(child_stack=NULL, flags=SIGCHLD) = 502
501 <... set_robust_list resumed>)    = 0
502 getppid()                         = 500
502 kill(501, SIGTERM <unfinished ...>
500 wait4(-1,  <unfinished ...>
502 <... kill resumed>)               = 0
501 +++ killed by SIGTERM +++
500 <... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = 501
500 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=501, si_uid=0, si_utime=3, si_stime=1} ---
502 exit_group(0 <unfinished ...>
";
        let trace = normalise(strace, true, &Rule::ALL);
        assert_eq!(
            trace.keys().map(|k| k.0.as_str()).collect::<Vec<_>>(),
            ["P1", "P1.1", "P1.2"]
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "clone(child_stack=NULL, flags=SIGCHLD, child_tidptr=0xADDR) = P1.1",
                "clone(child_stack=NULL, flags=SIGCHLD) = P1.2",
                "wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}], 0, NULL) = P1.1",
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=P1.1, si_uid=0, si_utime=T, si_stime=T} ---",
            ]
        );
        assert_eq!(
            texts(&trace, "P1.1"),
            [
                "set_robust_list(0xADDR, 24) = 0",
                "+++ killed by SIGTERM +++"
            ]
        );
        assert_eq!(
            texts(&trace, "P1.2"),
            [
                "getppid() = P1",
                "kill(P1.1, SIGTERM) = 0",
                "exit_group(0 <unfinished ...>"
            ]
        );
        let names: Vec<&str> = trace[&TaskName("P1".into())]
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names, ["clone", "clone", "wait4", "--- SIGCHLD"]);
    }

    #[test]
    fn short_pids_are_padded_and_timestamps_follow_them() {
        let trace = normalise(
            "5501  22:44:56.738622 close(3) = 0 <0.000115>\n5501  22:44:56.738622 brk(NULL) = 0x38f11000 <0.000003>\n5501  22:44:56.738622 futex(0x38f11000, FUTEX_WAKE_PRIVATE, 1) = 1 <0.000003>\n5501  22:44:56.738700 +++ exited with 0 +++\n",
            true,
            &Rule::ALL,
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "TIME close(3) = 0 <T>",
                "TIME brk(NULL) = 0xADDR <T>",
                "TIME futex(0xADDR, FUTEX_WAKE_PRIVATE, 1) = RET <T>",
                "TIME +++ exited with 0 +++"
            ]
        );
        assert_eq!(trace[&TaskName("P1".into())][3].name, "+++ exited");
    }

    #[test]
    fn without_f_the_pid_comes_from_set_tid_address() {
        let trace = normalise(
            "set_tid_address(0x7f70b33ddf10)         = 28185\ngetppid()                               = 28180\nopenat(AT_FDCWD, \"/proc/28185/stat\", O_RDONLY) = 3\nread(3, \"28185 (cat)\", 1024) = 11\n",
            false,
            &Rule::ALL,
        );
        assert_eq!(
            texts(&trace, "P1"),
            [
                "set_tid_address(0xADDR)                 = P1",
                "getppid()                               = PPID",
                "openat(AT_FDCWD, \"/proc/P1/stat\", O_RDONLY) = 3",
                "read(3, \"P1 (cat)\", 1024) = 11",
            ]
        );
    }

    #[test]
    fn rules_that_are_off_leave_values_alone() {
        let line = "getrandom(\"\\x46\", 1, 0) = 1\n";
        let trace = normalise(line, false, &[]);
        assert_eq!(texts(&trace, "P1"), ["getrandom(\"\\x46\", 1, 0) = 1"]);
        let futex = "futex(0x7f00000000, FUTEX_WAIT_BITSET_PRIVATE, 0, {tv_sec=5, tv_nsec=6}, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)\n";
        assert_eq!(
            texts(&normalise(futex, false, &Rule::ALL), "P1"),
            [
                "futex(0xADDR, FUTEX_WAIT_BITSET_PRIVATE, 0, {tv_sec=T, tv_nsec=T}, FUTEX_BITSET_MATCH_ANY) = RET"
            ]
        );
    }

    #[test]
    fn names_of_lines() {
        assert_eq!(line_name("openat(AT_FDCWD, \"x\", O_RDONLY) = 3"), "openat");
        assert_eq!(
            line_name("--- SIGCHLD {si_signo=SIGCHLD} ---"),
            "--- SIGCHLD"
        );
        assert_eq!(line_name("+++ exited with 0 +++"), "+++ exited");
        assert_eq!(line_name("!!! tracer: 3 events lost here !!!"), "!!!");
    }

    #[test]
    fn task_names_sort_by_tree_position() {
        let mut names = [
            TaskName("P1.10".into()),
            TaskName("P?1".into()),
            TaskName("P1.2".into()),
            TaskName("P1".into()),
        ];
        names.sort();
        let names: Vec<&str> = names.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(names, ["P1", "P1.2", "P1.10", "P?1"]);
    }
}
