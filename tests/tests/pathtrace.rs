//! `-P PATH` (`--trace-path`): only the calls that use the path, by name or through a
//! descriptor, compared with strace 6.1 run with the same options on the `files` scenario, on
//! both backends.
mod common;

use std::path::{Path, PathBuf};

use common::{Normalise, Run, Scratch, Tool, assert_lines, run, sys, texts};

const BACKENDS: [&str; 2] = ["ebpf", "ptrace"];

/// A directory for one run of `tracee files DIR`, canonical (so that what `realpath` makes of
/// a path in it is that path), with `f` there already and `lnk` a symbolic link to it.
fn files_dir(s: &Scratch, name: &str) -> PathBuf {
    let dir = s
        .subdir(name)
        .canonicalize()
        .expect("the scratch dir exists");
    std::fs::write(dir.join("f"), "old\n").expect("write DIR/f");
    std::os::unix::fs::symlink("f", dir.join("lnk")).expect("symlink DIR/lnk");
    dir
}

/// `TOOL -f FLAGS -o FILE -- tracee files DIR`, where FLAGS may name `DIR`: the run, its
/// lines and its stderr with DIR written `DIR` (and `strace: ` as `tracer: `).
fn traced(tool: Tool, flags: &[&str], s: &Scratch, name: &str) -> (Run, Vec<String>, Vec<String>) {
    let dir = files_dir(s, name);
    let dir_s = dir.to_str().expect("temp dir path is UTF-8");
    let flags: Vec<String> = flags.iter().map(|f| f.replace("DIR", dir_s)).collect();
    let mut all = vec!["-f"];
    all.extend(flags.iter().map(String::as_str));
    let r = run(tool, &all, &["files", dir_s], s, name);
    let lines = texts(&Normalise::follow().sub(dir_s, "DIR").lines(&r.lines));
    let stderr = r
        .stderr
        .lines()
        .map(|l| {
            // strace names itself as it was called.
            let l = l
                .strip_prefix(common::STRACE)
                .map_or(l.to_owned(), |r| format!("strace{r}"));
            l.replacen("strace: ", "tracer: ", 1).replace(dir_s, "DIR")
        })
        .collect();
    (r, lines, stderr)
}

/// The same `-P` options under strace and under tracer on each backend: the same lines, the
/// same stderr, the same exit status.
fn parity(flags: &[&str], test: &str) -> Vec<String> {
    let s = Scratch::new(test);
    let (sr, want, want_err) = traced(Tool::Strace, flags, &s, "strace");
    assert_eq!(sr.status.code(), Some(0), "{}", sr.dump());
    for backend in BACKENDS {
        let mut with = vec!["--backend", backend];
        with.extend_from_slice(flags);
        let (tr, got, got_err) = traced(Tool::Tracer, &with, &s, backend);
        let what = format!("-f {} --backend {backend}, files", flags.join(" "));
        assert_lines(&format!("{what}: lines (expected: strace)"), &want, &got);
        assert_lines(
            &format!("{what}: stderr (expected: strace)"),
            &want_err,
            &got_err,
        );
        assert_eq!(tr.status.code(), sr.status.code(), "{what}\n{}", tr.dump());
    }
    want
}

/// What strace prints for `-P DIR/f`: the calls naming the file, and those on its descriptor
/// while it is open.
fn golden_f() -> Vec<String> {
    vec![
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
        sys(r#"access("DIR/f", R_OK|W_OK)"#, "0"),
        sys(r#"unlinkat(AT_FDCWD, "DIR/f", 0)"#, "0"),
        "+++ exited with 0 +++".to_owned(),
    ]
}

/// The golden is strace's: if this fails, the golden (not tracer) is wrong.
#[test]
fn trace_path_by_name_and_descriptor() {
    let want = parity(&["-P", "DIR/f"], "trace_path_by_name_and_descriptor");
    assert_lines("strace -P DIR/f (the golden)", &golden_f(), &want);
}

/// A symbolic link is resolved at start (stderr says so) and both names are traced; `-y`
/// shows the paths as usual.
#[test]
fn trace_path_through_a_symbolic_link_with_y() {
    parity(
        &["-y", "-P", "DIR/lnk"],
        "trace_path_through_a_symbolic_link",
    );
}

/// `--quiet=path-resolution` leaves out the note; a path given twice is traced once.
#[test]
fn trace_path_quiet_and_repeated() {
    parity(
        &[
            "--quiet=path-resolution",
            "--trace-path=DIR/lnk",
            "--trace-path=DIR/lnk",
        ],
        "trace_path_quiet_and_repeated",
    );
}

/// A descriptor duplicated from one on the path is on the path: open, dup, dup2 and close of
/// /dev/null, with the calls of the other file left out.
#[test]
fn trace_path_follows_duplicated_descriptors() {
    let want = parity(
        &["-P", "/dev/null"],
        "trace_path_follows_duplicated_descriptors",
    );
    for call in ["dup(3)", "dup2(4, 10)", "close(10)"] {
        assert!(
            want.iter().any(|l| l.starts_with(call)),
            "strace shows {call}: {want:?}"
        );
    }
}

/// A relative path matches only a call that names it so, not the file under another name.
#[test]
fn trace_path_matches_names_literally() {
    let s = Scratch::new("trace_path_matches_names_literally");
    let nowhere = Path::new("/nonexistent-dir/f");
    assert!(!nowhere.exists());
    for backend in BACKENDS {
        let (r, lines, stderr) = traced(
            Tool::Tracer,
            &["--backend", backend, "-P", "f", "-P", "/nonexistent-dir/f"],
            &s,
            backend,
        );
        assert_eq!(r.status.code(), Some(0), "{}", r.dump());
        assert_lines(
            &format!("--backend {backend} -P f: nothing but the exit"),
            &["+++ exited with 0 +++".to_owned()],
            &lines,
        );
        assert_eq!(stderr, Vec::<String>::new(), "no resolution note");
    }
}

/// With -c, -P is refused: the kernel counts every call.
#[test]
fn trace_path_with_summary_is_refused() {
    let s = Scratch::new("trace_path_with_summary_is_refused");
    let (r, _, stderr) = traced(Tool::Tracer, &["-c", "-P", "DIR/f"], &s, "run");
    assert_eq!(r.status.code(), Some(1), "{}", r.dump());
    assert_eq!(stderr.len(), 1, "{stderr:?}");
    assert!(stderr[0].starts_with("tracer: -P/--trace-path with -c"));
}
