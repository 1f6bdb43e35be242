//! The `files` scenario: file syscalls that tracer decodes, compared line by line with the lines
//! strace 6.1 prints (the golden below), and with strace itself.
mod common;

use common::{
    MARKER_LINE, Normalise, Scratch, Tool, after_marker, assert_lines, decoded_only, run, sys,
    texts, xx,
};

const ENOENT: &str = "-1 ENOENT (No such file or directory)";

/// What strace prints for `tracee files DIR` after the marker, with DIR written `DIR` and the
/// tracee's pid `<pid1>`. `strsize` is `-s`: only the 100-byte write is longer than 10.
fn golden(strsize: usize) -> Vec<String> {
    let long_write = match strsize {
        32 => r#"write(3, "abcdefghijklmnopqrstuvwxyz\t\n\r\1\177\303"..., 100)"#,
        10 => r#"write(3, "abcdefghij"..., 100)"#,
        _ => panic!("no golden for -s {strsize}"),
    };
    // SAFETY: getuid takes no arguments and can't fail.
    let uid = unsafe { libc::getuid() }.to_string();
    vec![
        MARKER_LINE.to_owned(),
        sys(
            r#"openat(AT_FDCWD, "DIR/f", O_WRONLY|O_CREAT|O_TRUNC, 0644)"#,
            "3",
        ),
        sys(r#"write(3, "hello\n", 6)"#, "6"),
        sys("close(3)", "0"),
        sys(r#"openat(AT_FDCWD, "DIR/f", O_RDONLY)"#, "3"),
        sys(r#"read(3, "hello\n", 64)"#, "6"),
        sys(r#"read(3, "", 64)"#, "0"),
        sys("close(3)", "0"),
        sys(
            r#"openat(AT_FDCWD, "DIR/long", O_RDWR|O_CREAT|O_EXCL, 0600)"#,
            "3",
        ),
        sys(long_write, "100"),
        sys(r#"pwrite64(3, "XYZ", 3, 200)"#, "3"),
        sys(r#"pread64(3, "\0\0XYZ", 8, 198)"#, "5"),
        sys("close(3)", "0"),
        sys(r#"openat(AT_FDCWD, "DIR/missing", O_RDONLY)"#, ENOENT),
        sys(r#"access("DIR/missing", F_OK)"#, ENOENT),
        sys(r#"access("DIR/f", R_OK|W_OK)"#, "0"),
        sys(r#"faccessat(AT_FDCWD, "DIR/missing", W_OK)"#, ENOENT),
        sys(r#"mkdir("DIR/sub", 0755)"#, "0"),
        sys(r#"mkdir("DIR/sub", 0755)"#, "-1 EEXIST (File exists)"),
        sys(r#"chdir("DIR/sub")"#, "0"),
        sys(r#"open("/dev/null", O_WRONLY)"#, "3"),
        sys("dup(3)", "4"),
        sys("dup2(4, 10)", "10"),
        sys("close(10)", "0"),
        sys("close(4)", "0"),
        sys("close(3)", "0"),
        sys("close(99)", "-1 EBADF (Bad file descriptor)"),
        sys(r#"chdir("..")"#, "0"),
        sys(r#"unlink("DIR/long")"#, "0"),
        sys(r#"unlinkat(AT_FDCWD, "DIR/f", 0)"#, "0"),
        sys(r#"rmdir("DIR/sub")"#, "0"),
        sys("getpid()", "<pid1>"),
        sys("getuid()", &uid),
        sys("exit_group(0)", "?"),
        "+++ exited with 0 +++".to_owned(),
    ]
}

/// Runs `TOOL -f FLAGS -o FILE -- tracee files DIR` and returns the normalised lines after the
/// marker (DIR written `DIR`), having checked that the tool exited as the tracee did (0) and
/// printed nothing on stderr.
fn files_lines(tool: Tool, flags: &[&str], scratch: &Scratch, name: &str) -> Vec<String> {
    let dir = scratch.subdir(name);
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let mut all = vec!["-f"];
    all.extend_from_slice(flags);
    let r = run(tool, &all, &["files", dir], scratch, name);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{} must exit as the tracee (0)\n{}",
        tool.name(),
        r.dump()
    );
    assert_eq!(r.stderr, "", "{} wrote on stderr", tool.name());
    let lines = Normalise::follow().sub(dir, "DIR").lines(&r.lines);
    texts(&after_marker(lines))
}

/// The golden is what strace 6.1 prints: if this fails, the golden (not tracer) is wrong.
#[test]
fn strace_prints_the_files_golden() {
    let s = Scratch::new("strace_prints_the_files_golden");
    assert_lines(
        "strace -f, files",
        &golden(32),
        &files_lines(Tool::Strace, &[], &s, "run"),
    );
    assert_lines(
        "strace -f -s 10, files",
        &golden(10),
        &files_lines(Tool::Strace, &["-s", "10"], &s, "run-s10"),
    );
}

#[test]
fn files_exact_lines() {
    let s = Scratch::new("files_exact_lines");
    assert_lines(
        "tracer -f, files",
        &golden(32),
        &files_lines(Tool::Tracer, &[], &s, "run"),
    );
}

#[test]
fn files_s10_truncates_the_long_write() {
    let s = Scratch::new("files_s10_truncates_the_long_write");
    assert_lines(
        "tracer -f -s 10, files",
        &golden(10),
        &files_lines(Tool::Tracer, &["-s", "10"], &s, "run"),
    );
}

/// Both tools with the same flags; only the syscalls tracer decodes are compared.
fn parity(flags: &[&str], test: &str) {
    let s = Scratch::new(test);
    let norm = |tool: Tool, name: &str| {
        let dir = s.subdir(name);
        let dir = dir.to_str().expect("temp dir path is UTF-8");
        let mut all = vec!["-f"];
        all.extend_from_slice(flags);
        let r = run(tool, &all, &["files", dir], &s, name);
        assert_eq!(r.status.code(), Some(0), "{}", r.dump());
        // With -xx, paths are printed in hex too.
        let lines = Normalise::follow()
            .sub(dir, "DIR")
            .sub(xx(dir), "DIR")
            .lines(&r.lines);
        (texts(&decoded_only(after_marker(lines))), r.status)
    };
    let (want, want_status) = norm(Tool::Strace, "strace");
    let (got, got_status) = norm(Tool::Tracer, "tracer");
    assert_lines(
        &format!("files with -f {} (expected: strace)", flags.join(" ")),
        &want,
        &got,
    );
    assert_eq!(got_status.code(), want_status.code());
}

#[test]
fn files_parity_with_strace() {
    parity(&[], "files_parity_with_strace");
}

#[test]
fn files_parity_with_strace_s10() {
    parity(&["-s", "10"], "files_parity_with_strace_s10");
}

#[test]
fn files_parity_with_strace_s0() {
    parity(&["-s", "0"], "files_parity_with_strace_s0");
}

#[test]
fn files_parity_with_strace_x() {
    parity(&["-x"], "files_parity_with_strace_x");
}

#[test]
fn files_parity_with_strace_xx() {
    parity(&["-xx"], "files_parity_with_strace_xx");
}

/// `-y`: every descriptor with what it refers to, as strace reads it from /proc while the tracee
/// is stopped, although tracer prints after the fact (closed and reused descriptors, a changed
/// working directory, `dup2` onto an open descriptor, `EBADF`).
#[test]
fn files_parity_with_strace_y() {
    parity(&["-y"], "files_parity_with_strace_y");
}

/// `-y` with a trace set that leaves out the calls opening, duplicating and closing the
/// descriptors: they are still followed (and not printed), so what is printed names the right
/// files, as strace's reading of /proc does.
#[test]
fn files_parity_with_strace_y_partial_set() {
    parity(
        &["-y", "-e", "trace=read,write,lseek,fstat,access"],
        "files_parity_with_strace_y_partial",
    );
}
