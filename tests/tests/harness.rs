//! The harness itself, on fixed lines: what the other tests rely on when they normalise traces.
mod common;

use common::{Normalise, assert_lines, by_pid, side_by_side, sys, texts};

fn owned(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| (*l).to_owned()).collect()
}

#[test]
fn pid_prefixes_become_tokens_and_padding_is_redone() {
    let raw = owned(&[
        "4242  getpid()                          = 4242",
        "4242  fork()                            = 4250",
        "4250  write(99, \"x\", 1)                 = -1 EBADF (Bad file descriptor)",
        "4250  +++ exited with 7 +++",
    ]);
    let lines = Normalise::follow().lines(&raw);
    let want = [
        "<pid1> ".to_owned() + &sys("getpid()", "<pid1>"),
        "<pid1> ".to_owned() + &sys("fork()", "<pid2>"),
        "<pid2> ".to_owned() + &sys("write(99, \"x\", 1)", "-1 EBADF (Bad file descriptor)"),
        "<pid2> +++ exited with 7 +++".to_owned(),
    ];
    assert_lines("normalised", &want, &by_pid(&lines));
}

#[test]
fn numbers_that_only_look_like_pids_stay() {
    // On a fresh machine pids are small: 644 and 1000 are pids as often as modes and nanoseconds.
    let raw = owned(&[
        "644   kill(644, SIGTERM)                = 0",
        "644   fork()                            = 1000",
        "1000  fchmod(3, 0644)                   = 0",
        "1000  nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0",
        "1000  read(3, \"\"..., 4096)              = 644",
        "1000  close(3</usr/lib/python3.11/x.cpython-644.pyc>) = 0",
        "644   --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1000, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
    ]);
    let lines = Normalise::follow().lines(&raw);
    let want = [
        "<pid1> ".to_owned() + &sys("kill(<pid1>, SIGTERM)", "0"),
        "<pid1> ".to_owned() + &sys("fork()", "<pid2>"),
        "<pid1> --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=<pid2>, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---".to_owned(),
        "<pid2> ".to_owned() + &sys("fchmod(3, 0644)", "0"),
        "<pid2> ".to_owned() + &sys("nanosleep({tv_sec=0, tv_nsec=1000}, NULL)", "0"),
        "<pid2> ".to_owned() + &sys("read(3, \"\"..., 4096)", "644"),
        "<pid2> ".to_owned() + &sys("close(3</usr/lib/python3.11/x.cpython-644.pyc>)", "0"),
    ];
    assert_lines("normalised", &want, &by_pid(&lines));
}

#[test]
fn wrong_padding_is_shown_not_hidden() {
    // The pid prefix counts towards strace's column: 6 + 8 characters, so 25 spaces before ` = `, not 30.
    let raw = owned(&["4242  getpid()                               = 4242"]);
    let got = texts(&Normalise::follow().lines(&raw));
    assert_eq!(got.len(), 1);
    assert!(
        got[0].contains("[padding: 30 spaces, strace prints 25]"),
        "{got:?}"
    );
}

#[test]
fn strace_unfinished_and_resumed_lines_are_joined() {
    let raw = owned(&[
        "100   wait4(101,  <unfinished ...>",
        "101   write(99, \"child\\n\", 6 <unfinished ...>",
        "100   <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 101",
        "101   <... write resumed>)              = -1 EBADF (Bad file descriptor)",
        "102   read(3,  <unfinished ...>)        = ?",
        "103   read(3, <unfinished ...>",
    ]);
    let got = texts(&Normalise::follow().lines(&raw));
    let want = [
        sys(
            "wait4(<pid2>, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL)",
            "<pid2>",
        ),
        sys(
            "write(99, \"child\\n\", 6)",
            "-1 EBADF (Bad file descriptor)",
        ),
        sys("read(3,  <unfinished ...>)", "?"),
        "read(3, <unfinished ...>".to_owned(),
    ];
    assert_lines("joined", &want, &got);
}

#[test]
fn pointers_times_durations_and_substitutions() {
    let raw = owned(&[
        "12:00:01.000002 openat(AT_FDCWD, \"/tmp/x/f\", O_RDONLY) = 3 <0.000010>",
        "12:00:01.000003 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f1f79552000 <0.000004>",
        "12:00:01.000004 write(1, \"\\x30x123456\", 8) = 8 <0.000004>",
        "12:00:01.000005 exit_group(0)           = ?",
    ]);
    let norm = Normalise {
        timestamps: true,
        durations: true,
        ..Normalise::default()
    }
    .sub("/tmp/x", "DIR");
    let lines = norm.lines(&raw);
    let want = [
        sys("openat(AT_FDCWD, \"DIR/f\", O_RDONLY)", "3"),
        sys("mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0)", "0xPTR"),
        sys("write(1, \"\\x30x123456\", 8)", "8"),
        sys("exit_group(0)", "?"),
    ];
    assert_lines("normalised", &want, &texts(&lines));
    assert_eq!(lines[0].time.as_deref(), Some("12:00:01.000002"));
    assert_eq!(lines[0].duration.as_deref(), Some("0.000010"));
    assert_eq!(lines[3].duration, None);
}

#[test]
fn side_by_side_aligns_on_common_lines() {
    let left = owned(&["a", "b", "c", "d"]);
    let right = owned(&["a", "c", "x", "d"]);
    let table = side_by_side(&left, &right, "expected", "actual");
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(
        rows,
        [
            "  expected | actual",
            "  a        | a",
            "! b        | ",
            "  c        | c",
            "!          | x",
            "  d        | d",
        ]
    );
}
