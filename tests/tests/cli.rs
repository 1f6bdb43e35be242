//! The command line: errors in strace's words, and the `-t`/`-tt`/`-ttt`/`-T` columns. Each
//! check runs under tracer, and under strace as well to prove the expectation right.
mod common;

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{Line, MARKER_LINE, Normalise, Scratch, Tool, after_marker, assert_lines, run, sys};

/// `TOOL -- CMD` for a command that doesn't exist: exit status 1 and exactly one line on stderr,
/// in strace's words with the tool's name (strace names itself by its argv[0]).
fn bad_command(tool: Tool) {
    for cmd in ["/nonexistent/cmd", "tracer-tests-no-such-command"] {
        let out = Command::new(tool.bin())
            .arg0(tool.name())
            .args(["--", cmd])
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.name()));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_lines(
            &format!("{} -- {cmd}: stderr", tool.name()),
            &[format!(
                "{}: Can't stat '{cmd}': No such file or directory",
                tool.name()
            )],
            &stderr.lines().map(str::to_owned).collect::<Vec<_>>(),
        );
        assert!(stderr.ends_with('\n'), "stderr must end with a newline");
        assert_eq!(out.status.code(), Some(1), "{} -- {cmd}", tool.name());
        assert!(
            out.stdout.is_empty(),
            "{} -- {cmd} wrote on stdout",
            tool.name()
        );
    }
}

#[test]
fn bad_command_one_line_exit_1() {
    bad_command(Tool::Tracer);
}

#[test]
fn strace_bad_command_one_line_exit_1() {
    bad_command(Tool::Strace);
}

/// What `exit 3` prints after the marker, without the time columns.
fn exit3_golden() -> Vec<String> {
    vec![
        MARKER_LINE.to_owned(),
        sys("exit_group(3)", "?"),
        "+++ exited with 3 +++".to_owned(),
    ]
}

/// Seconds since the epoch, now.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Local `HH:MM:SS` of a Unix time, as strace prints it.
fn local_hms(secs: i64) -> String {
    let t = secs as libc::time_t;
    // SAFETY: localtime_r writes only into `tm`, a local.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to locals, valid for the call.
    assert!(!unsafe { libc::localtime_r(&t, &mut tm) }.is_null());
    format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec)
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// The three `-t` forms, each checked for format and for being the time of the run.
#[derive(Clone, Copy, Debug)]
enum Stamp {
    /// `-t`: `HH:MM:SS`
    T,
    /// `-tt`: `HH:MM:SS.uuuuuu`
    Tt,
    /// `-ttt`: `SECONDS.uuuuuu`
    Ttt,
}

impl Stamp {
    fn flag(self) -> &'static str {
        match self {
            Stamp::T => "-t",
            Stamp::Tt => "-tt",
            Stamp::Ttt => "-ttt",
        }
    }

    /// Whether `time` has this form and lies in the seconds `from..=to`; returns its seconds
    /// since the epoch for `-ttt`.
    fn check(self, time: &str, from: i64, to: i64) -> Result<Option<f64>, String> {
        let seconds_ok = |hms: &str| {
            (from..=to)
                .map(local_hms)
                .any(|t| t == hms)
                .then_some(())
                .ok_or_else(|| format!("{hms} is not a time of the run"))
        };
        match self {
            Stamp::T => {
                let ok =
                    time.len() == 8 && time.as_bytes()[2] == b':' && time.as_bytes()[5] == b':';
                if !ok {
                    return Err(format!("{time:?} is not HH:MM:SS"));
                }
                seconds_ok(time).map(|()| None)
            }
            Stamp::Tt => match time.split_once('.') {
                Some((hms, us)) if hms.len() == 8 && all_digits(us, 6) => {
                    seconds_ok(hms).map(|()| None)
                }
                _ => Err(format!("{time:?} is not HH:MM:SS.uuuuuu")),
            },
            Stamp::Ttt => match time.split_once('.') {
                Some((s, us)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                    if !all_digits(us, 6) {
                        return Err(format!("{time:?} is not SECONDS.uuuuuu"));
                    }
                    let secs: i64 = s.parse().map_err(|e| format!("{time:?}: {e}"))?;
                    if !(from..=to).contains(&secs) {
                        return Err(format!("{time:?} is not a time of the run ({from}..={to})"));
                    }
                    time.parse().map(Some).map_err(|e| format!("{time:?}: {e}"))
                }
                _ => Err(format!("{time:?} is not SECONDS.uuuuuu")),
            },
        }
    }
}

fn run_exit3(tool: Tool, flags: &[&str], test: &str) -> (Vec<Line>, i64, i64) {
    let s = Scratch::new(test);
    let from = now() - 1;
    let r = run(tool, flags, &["exit", "3"], &s, "run");
    let to = now() + 1;
    assert_eq!(r.status.code(), Some(3), "{}", r.dump());
    assert!(!r.lines.is_empty(), "{}", r.dump());
    let norm = Normalise {
        pid_prefix: flags.contains(&"-f"),
        timestamps: flags.iter().any(|f| f.starts_with("-t")),
        durations: flags.contains(&"-T"),
        subs: Vec::new(),
    };
    (norm.lines(&r.lines), from, to)
}

/// Every line (syscalls and the exit line) starts with the time; without it the lines are the
/// usual ones, padded as strace pads them with the time counted.
fn timestamps(tool: Tool, stamp: Stamp, test: &str) {
    let what = format!("{} -f {}", tool.name(), stamp.flag());
    let (lines, from, to) = run_exit3(tool, &["-f", stamp.flag()], test);
    let mut last = f64::MIN;
    for l in &lines {
        let time = l
            .time
            .as_deref()
            .unwrap_or_else(|| panic!("{what}: no time on {:?}", l.text));
        match stamp.check(time, from, to) {
            Ok(Some(t)) => {
                assert!(t >= last, "{what}: time goes back at {time} {:?}", l.text);
                last = t;
            }
            Ok(None) => {}
            Err(e) => panic!("{what}: {e} on line {:?}", l.text),
        }
    }
    let texts: Vec<String> = after_marker(lines).iter().map(|l| l.text.clone()).collect();
    assert_lines(&what, &exit3_golden(), &texts);
}

#[test]
fn timestamps_t() {
    timestamps(Tool::Tracer, Stamp::T, "timestamps_t");
}

#[test]
fn timestamps_tt() {
    timestamps(Tool::Tracer, Stamp::Tt, "timestamps_tt");
}

#[test]
fn timestamps_ttt() {
    timestamps(Tool::Tracer, Stamp::Ttt, "timestamps_ttt");
}

#[test]
fn strace_timestamps_t() {
    timestamps(Tool::Strace, Stamp::T, "strace_timestamps_t");
}

#[test]
fn strace_timestamps_tt() {
    timestamps(Tool::Strace, Stamp::Tt, "strace_timestamps_tt");
}

#[test]
fn strace_timestamps_ttt() {
    timestamps(Tool::Strace, Stamp::Ttt, "strace_timestamps_ttt");
}

/// `-T`: every completed syscall ends with ` <S.UUUUUU>`; `= ?` and `+++` lines don't.
fn syscall_times(tool: Tool, test: &str) {
    let what = format!("{} -f -T", tool.name());
    let (lines, _, _) = run_exit3(tool, &["-f", "-T"], test);
    for l in &lines {
        let completed = !l.text.starts_with("+++") && !l.text.ends_with(" = ?");
        match (&l.duration, completed) {
            (Some(d), true) => {
                let ok = d.split_once('.').is_some_and(|(s, us)| {
                    all_digits(us, 6) && s.parse::<u32>().is_ok_and(|s| s < 60)
                });
                assert!(ok, "{what}: bad duration <{d}> on {:?}", l.text);
            }
            (None, false) => {}
            (Some(d), false) => panic!("{what}: duration <{d}> on {:?}", l.text),
            (None, true) => panic!("{what}: no duration on {:?}", l.text),
        }
    }
    let texts: Vec<String> = after_marker(lines).iter().map(|l| l.text.clone()).collect();
    assert_lines(&what, &exit3_golden(), &texts);
}

#[test]
fn syscall_times_capital_t() {
    syscall_times(Tool::Tracer, "syscall_times_capital_t");
}

#[test]
fn strace_syscall_times_capital_t() {
    syscall_times(Tool::Strace, "strace_syscall_times_capital_t");
}

/// Every set of kernel programs loads here: the ones that copy arguments, `-c`'s, and `-c`
/// with `-C`'s lines. Without `--backend ebpf` a program the verifier refuses would only show
/// as a fallback to ptrace, whose lines are the same: the other tests could not tell.
#[test]
fn every_kernel_program_set_loads() {
    for flags in [
        &["-e", "trace=none"][..],
        &["-c"],
        &["-C", "-o", "/dev/null"],
    ] {
        let (status, _, stderr) = common::output_deadline(
            Command::new(common::tracer_bin())
                .args(["--backend", "ebpf"])
                .args(flags)
                .args(["--", "true"]),
            "tracer --backend ebpf",
        );
        assert_eq!(
            status.code(),
            Some(0),
            "tracer --backend ebpf {flags:?}: {stderr}"
        );
        assert!(
            !stderr.contains("eBPF") && !stderr.contains("verifier"),
            "tracer --backend ebpf {flags:?}: {stderr}"
        );
    }
}

/// `-d`: tracer's own debug messages on stderr (the backend loaded, the command forked, its
/// exec and its end), on both backends; the trace itself is the one without `-d`.
#[test]
fn debug_messages_on_stderr() {
    let s = Scratch::new("debug_messages_on_stderr");
    for backend in ["ebpf", "ptrace"] {
        let trace = |debug: bool| {
            let out = s.path().join(format!("{backend}-{debug}.out"));
            let mut c = Command::new(Tool::Tracer.bin());
            c.args(["--backend", backend, "-e", "trace=exit_group", "-o"])
                .arg(&out)
                .args(if debug { &["-d"][..] } else { &[] })
                .args(["--", "/bin/true"])
                .stdin(Stdio::null());
            let (status, _, stderr) = common::output_deadline(&mut c, backend);
            assert!(status.success(), "{backend} -d: {status:?}: {stderr}");
            let text = std::fs::read_to_string(&out).expect("no trace written");
            (text, stderr)
        };
        let (plain, quiet) = trace(false);
        let (debugged, messages) = trace(true);
        assert_eq!(plain, debugged, "{backend}: -d changed the trace");
        assert!(quiet.is_empty(), "{backend}: stderr without -d: {quiet}");
        for want in [
            "backend: ",
            "forked as pid",
            "true\" as task",
            "ended: wait status 0x0",
        ] {
            assert!(
                messages
                    .lines()
                    .any(|l| l.starts_with("tracer: ") && l.contains(want)),
                "{backend} -d: no debug line with {want:?} in:\n{messages}"
            );
        }
    }
}
