//! The command line against strace 6.1's: what each spelling means and what each refusal says.
//! (tests/tests/cli.rs runs the same refusals under strace itself.)
use super::*;
use crate::table::Arch;

fn table() -> Table {
    Table::new(Arch::X86_64)
}

fn parse_args(args: &[&str]) -> Result<Parsed, CliError> {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    parse(&args, &table())
}

fn ok(args: &[&str]) -> Options {
    match parse_args(args) {
        Ok(Parsed::Run(o)) => *o,
        Ok(other) => panic!("{args:?}: not a run: {other:?}"),
        Err(e) => panic!("{args:?}: {}", e.text()),
    }
}

fn err(args: &[&str]) -> String {
    match parse_args(args) {
        Err(e) => e.text(),
        Ok(_) => panic!("{args:?} was accepted"),
    }
}

const HINT: &str = "Try 'tracer -h' for more information.\n";

#[test]
fn attached_and_separate_values() {
    for args in [
        &["-s3", "-a20", "-etrace=openat", "-oLOG", "true"][..],
        &[
            "-s",
            "3",
            "-a",
            "20",
            "-e",
            "trace=openat",
            "-o",
            "LOG",
            "true",
        ],
        &[
            "--string-limit=3",
            "--columns",
            "20",
            "--trace=openat",
            "--output=LOG",
            "true",
        ],
        &[
            "--string-l=3",
            "--col=20",
            "--trace=openat",
            "--output",
            "LOG",
            "true",
        ],
    ] {
        let o = ok(args);
        assert_eq!(o.strsize, 3, "{args:?}");
        assert_eq!(o.columns, 20, "{args:?}");
        assert_eq!(o.output.as_deref(), Some(std::ffi::OsStr::new("LOG")));
        let openat = table().arch.number("openat").unwrap();
        assert!(o.filter.trace.contains(openat) && o.filter.trace.len() == 1);
        assert_eq!(o.command, [OsString::from("true")]);
    }
}

#[test]
fn bundles() {
    let o = ok(&["-fvqyy", "-xx", "true"]);
    assert!(o.follow && o.verbose());
    assert_eq!(o.decode_fds, DecodeFds(DecodeFds::ALL));
    assert_eq!(o.hex, 2);
    // -q: attach and personality messages go.
    assert_eq!(o.quiet, Quiet(Quiet::ATTACH | Quiet::PERSONALITY));
    let o = ok(&["-ffo", "out", "-qq", "true"]);
    assert!(o.follow && o.output_separately);
    assert!(o.quiet.has(Quiet::EXIT));
    assert_eq!(ok(&["-qqq", "true"]).quiet, Quiet(Quiet::ALL));
}

#[test]
fn options_end_at_the_command() {
    let o = ok(&["-f", "ls", "-l", "-s3"]);
    assert_eq!(o.command, ["ls", "-l", "-s3"].map(OsString::from));
    assert_eq!(o.strsize, 32);
    let o = ok(&["--", "-weird-name"]);
    assert_eq!(o.command, [OsString::from("-weird-name")]);
}

#[test]
fn unknown_options_in_getopts_words() {
    assert_eq!(err(&["-k9", "true"]).lines().count(), 1);
    assert_eq!(
        err(&["-j", "true"]),
        format!("tracer: invalid option -- 'j'\n{HINT}")
    );
    assert_eq!(
        err(&["--x", "true"]),
        format!("tracer: unrecognized option '--x'\n{HINT}")
    );
    assert_eq!(
        err(&["-s"]),
        format!("tracer: option requires an argument -- 's'\n{HINT}")
    );
    assert!(err(&["--s", "true"]).starts_with(
        "tracer: option '--s' is ambiguous; possibilities: '--summary-only' '--summary'"
    ));
    assert_eq!(
        err(&["--follow-forks=1", "true"]),
        format!("tracer: option '--follow-forks' doesn't allow an argument\n{HINT}")
    );
}

#[test]
fn bad_values_in_straces_words() {
    assert_eq!(
        err(&["-s", "abc", "true"]),
        format!("tracer: invalid -s argument: 'abc'\n{HINT}")
    );
    assert_eq!(
        err(&["--string-limit=-1", "true"]),
        format!("tracer: invalid --string-limit argument: '-1'\n{HINT}")
    );
    assert_eq!(
        err(&["-a", "x", "true"]),
        format!("tracer: invalid -a argument: 'x'\n{HINT}")
    );
    assert_eq!(
        err(&["-X", "fancy", "true"]),
        format!("tracer: invalid -X argument: 'fancy'\n{HINT}")
    );
    assert_eq!(
        err(&["-I", "5", "true"]),
        format!("tracer: invalid -I argument: '5'\n{HINT}")
    );
    assert_eq!(
        err(&["-O", "1h", "true"]),
        format!("tracer: invalid -O argument: '1h'\n{HINT}")
    );
    assert_eq!(
        err(&["--timestamps=weekday", "true"]),
        format!("tracer: invalid --timestamps argument: 'weekday'\n{HINT}")
    );
    assert_eq!(err(&["-p", "x"]), "tracer: Invalid process id: 'x'\n");
    assert_eq!(
        err(&["-b", "clone", "true"]),
        "tracer: Syscall 'clone' for -b isn't supported\n"
    );
    assert_eq!(
        err(&["-e", "trace=nosuch", "true"]),
        "tracer: invalid system call 'nosuch'\n"
    );
    assert_eq!(
        err(&["-e", "signal=SIGFOO", "true"]),
        "tracer: invalid signal 'SIGFOO'\n"
    );
    assert_eq!(
        err(&["-e", "quiet=loud", "true"]),
        "tracer: invalid quiet 'loud'\n"
    );
    assert_eq!(
        err(&["-e", "read=x", "true"]),
        "tracer: invalid descriptor 'x'\n"
    );
    assert_eq!(
        err(&["-e", "inject=open:bogus", "true"]),
        "tracer: invalid inject argument 'open:bogus'\n"
    );
    assert_eq!(
        err(&["--duration", "nan", "true"]),
        format!("tracer: invalid --duration argument: 'nan'\n{HINT}")
    );
    for (opt, v) in [
        ("--interval", "1e-12"),
        ("--duration", "1e-10"),
        ("--interval", "-0"),
    ] {
        assert_eq!(
            err(&["-c", opt, v, "true"]),
            format!("tracer: invalid {opt} argument: '{v}'\n{HINT}")
        );
    }
    // A nanosecond is the least period the timers take.
    ok(&["-c", "--interval", "1e-9", "true"]);
}

#[test]
fn the_first_problem_is_reported() {
    // strace dies at the first bad value, before getopt reaches a later unknown option.
    assert_eq!(
        err(&["-s", "abc", "-j"]),
        format!("tracer: invalid -s argument: 'abc'\n{HINT}")
    );
    assert_eq!(
        err(&["-j", "-s", "abc"]),
        format!("tracer: invalid option -- 'j'\n{HINT}")
    );
}

#[test]
fn a_target_is_required() {
    assert_eq!(
        err(&[]),
        format!("tracer: must have PROG [ARGS] or -p PID\n{HINT}")
    );
    assert_eq!(
        err(&["-f"]),
        format!("tracer: must have PROG [ARGS] or -p PID\n{HINT}")
    );
    // An empty -p list names no process.
    assert_eq!(
        err(&["-p", ""]),
        format!("tracer: must have PROG [ARGS] or -p PID\n{HINT}")
    );
    assert!(ok(&["--system-wide"]).system_wide);
    assert_eq!(ok(&["-p", "1,2 3", "-p", "2"]).pids, [1, 2, 3]);
}

#[test]
fn conflicts_as_strace_reports_them() {
    assert_eq!(
        err(&["-c", "-C", "true"]),
        format!("tracer: -c/--summary-only and -C/--summary are mutually exclusive\n{HINT}")
    );
    assert_eq!(
        err(&["-f", "--follow-forks", "true"]),
        "tracer: -f and --follow-forks cannot be provided simultaneously\n"
    );
    assert_eq!(
        err(&["-y", "--decode-fds=socket", "true"]),
        "tracer: -y and --decode-fds cannot be provided simultaneously\n"
    );
    assert_eq!(
        err(&["-q", "--quiet=exit", "true"]),
        "tracer: -q and -e quiet/--quiet cannot be provided simultaneously\n"
    );
    assert_eq!(
        err(&["-w", "true"]),
        format!(
            "tracer: -w/--summary-wall-clock must be given with (-c/--summary-only or \
             -C/--summary)\n{HINT}"
        )
    );
    let o = ok(&["-S", "calls", "-z", "-Z", "true"]);
    assert_eq!(
        o.warnings,
        [
            "-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)",
            crate::filter::Z_FLAGS_WARNING,
        ]
    );
}

#[test]
fn seccomp_bpf_is_left_out_with_daemonize() {
    let o = ok(&["-f", "-D", "--seccomp-bpf", "true"]);
    assert!(!o.seccomp_bpf);
    assert_eq!(
        o.warnings,
        ["--seccomp-bpf is not enabled because tracer does not support it with -D/--daemonize"]
    );
    assert!(ok(&["-f", "--seccomp-bpf", "true"]).seccomp_bpf);
}

#[test]
fn qualifiers_replace_in_order() {
    let t = table();
    let nr = |n| t.arch.number(n).unwrap();
    // -v is -e abbrev=none, in its place among the -e's.
    assert!(ok(&["-e", "abbrev=open", "-v", "true"]).verbose());
    assert!(!ok(&["-v", "-e", "abbrev=open", "true"]).verbose());
    // -z is -e status=successful.
    let o = ok(&["-z", "-e", "status=failed", "true"]);
    assert!(o.filter.status.contains(crate::filter::Status::Failed));
    assert!(!o.filter.status.contains(crate::filter::Status::Successful));
    let o = ok(&["-e", "raw=read", "--read=0,3", "-e", "write=!1", "true"]);
    assert!(o.filter.raw.contains(nr("read")) && !o.filter.raw.contains(nr("write")));
    assert!(o.filter.read.contains(3) && !o.filter.read.contains(1));
    assert!(o.filter.write.contains(2) && !o.filter.write.contains(1));
    let o = ok(&[
        "-e",
        "inject=getpid:retval=42:when=2+",
        "--fault=close",
        "true",
    ]);
    let rule = o.filter.inject_rule(nr("getpid")).unwrap();
    assert_eq!(rule.action.retval, Some(42));
    assert_eq!(
        o.filter.inject_rule(nr("close")).unwrap().action.error,
        Some(38)
    );
    // Only traced syscalls are tampered with.
    let o = ok(&["-e", "trace=close", "--inject=all:signal=SIGUSR1", "true"]);
    let rules = o.filter.inject_rules();
    assert!(rules.get(nr("close")).is_some() && rules.get(nr("getpid")).is_none());
    // Tampering is the ptrace backend's: eBPF and targets ptrace can't trace refuse it.
    let needs = format!("tracer: {}\n", crate::inject::NEEDS_PTRACE);
    assert_eq!(
        err(&["--backend", "ebpf", "-e", "fault=close", "true"]),
        needs
    );
    assert_eq!(
        err(&["--inject=close:retval=1", "--backend=ebpf", "true"]),
        needs
    );
    assert!(needs.lines().count() == 1);
    assert_eq!(
        err(&["--system-wide", "-e", "fault=close"]),
        format!("tracer: {}\n", crate::inject::NEEDS_TASKS)
    );
    ok(&["--backend", "ptrace", "-e", "fault=close", "true"]);
    // --quiet and --decode-fds without a value take strace's defaults.
    assert_eq!(
        ok(&["--quiet", "true"]).quiet,
        Quiet(Quiet::ATTACH | Quiet::PERSONALITY)
    );
    assert_eq!(
        ok(&["--decode-fds", "true"]).decode_fds,
        DecodeFds(DecodeFds::PATH)
    );
    assert_eq!(
        ok(&["-Y", "true"]).decode_pids,
        DecodePids(DecodePids::COMM)
    );
    assert_eq!(
        ok(&["-e", "decode-fds=!path", "true"]).decode_fds,
        DecodeFds(DecodeFds::ALL & !DecodeFds::PATH)
    );
}

#[test]
fn time_columns() {
    let t = |args: &[&str]| ok(args).timestamps;
    assert_eq!(t(&["true"]), None);
    assert_eq!(
        t(&["-t", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Time,
            digits: 0
        })
    );
    assert_eq!(
        t(&["-tt", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Time,
            digits: 6
        })
    );
    assert_eq!(
        t(&["-ttt", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Unix,
            digits: 6
        })
    );
    assert_eq!(
        t(&["--timestamps=unix,ns", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Unix,
            digits: 9
        })
    );
    assert_eq!(
        t(&["--timestamps", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Time,
            digits: 0
        })
    );
    assert_eq!(
        t(&["--timestamps=ms", "true"]),
        Some(TimeSpec {
            format: TimeFormat::Time,
            digits: 3
        })
    );
    assert_eq!(ok(&["-T", "true"]).syscall_times.map(|s| s.digits), Some(6));
    assert_eq!(
        ok(&["--syscall-times=ns", "true"])
            .syscall_times
            .map(|s| s.digits),
        Some(9)
    );
    assert_eq!(ok(&["-r", "true"]).relative.map(|s| s.digits), Some(6));
    assert_eq!(
        err(&["-t", "--timestamps", "true"]),
        "tracer: -t and --absolute-timestamps cannot be provided simultaneously\n"
    );
}

#[test]
fn output_defaults() {
    // -o FILE PROG is quiet about attaching, as in strace.
    assert!(ok(&["-o", "x", "true"]).quiet.has(Quiet::ATTACH));
    assert!(!ok(&["-o", "x", "-p", "1"]).quiet.has(Quiet::ATTACH));
    // -ff without -o is -f.
    let o = ok(&["-ff", "true"]);
    assert!(o.follow && !o.output_separately);
    assert_eq!(
        err(&["-ff", "-o", "|cat", "true"]),
        format!(
            "tracer: piping the output and -ff/--output-separately are mutually exclusive\n{HINT}"
        )
    );
}

#[test]
fn help_and_version() {
    let Ok(Parsed::Help(h)) = parse_args(&["-h"]) else {
        panic!("-h")
    };
    for needle in [
        "--system-wide",
        "--follow-forks",
        "-e <EXPR>",
        "--quiet[=<SET>]",
    ] {
        assert!(h.contains(needle), "help lacks {needle}:\n{h}");
    }
    assert!(matches!(parse_args(&["-V"]), Ok(Parsed::Version(_))));
    // Help wins over what follows it, as in strace.
    assert!(matches!(parse_args(&["-h", "-j"]), Ok(Parsed::Help(_))));
}

#[test]
fn tracer_options_beside_straces() {
    let o = ok(&[
        "--cgroup",
        "/x",
        "--json",
        "--buffer-size=8",
        "--backend",
        "ptrace",
    ]);
    assert_eq!(o.cgroup.as_deref(), Some("/x"));
    assert!(o.json);
    assert_eq!(o.buffer_size, 8);
    assert_eq!(o.backend, BackendChoice::Ptrace);
    // An abbreviation unique among strace's options is strace's, whatever tracer adds.
    assert!(
        ok(&["--stat=failed", "true"])
            .filter
            .status
            .contains(crate::filter::Status::Failed)
    );
    assert_eq!(
        err(&["--buffer-size=3", "true"]),
        "tracer: --buffer-size 3 is not a power of two\n"
    );
}

#[test]
fn every_option_has_a_unique_name() {
    let mut shorts = std::collections::HashSet::new();
    let mut longs = std::collections::HashSet::new();
    for o in OPTIONS {
        if let Some(s) = o.short {
            assert!(shorts.insert(s), "-{} twice", s as char);
        }
        for l in o.longs {
            assert!(longs.insert(*l), "--{l} twice");
        }
        assert!(o.short.is_some() || !o.longs.is_empty());
    }
    // clap agrees that the table is consistent.
    command().debug_assert();
}
