//! What a test's exit status and captured output say: PASS, SKIP or FAIL, and why it failed.
//!
//! The scripts report through init.sh: `NAME.gen.test: skipped test: …` (exit 77), `NAME.gen.test:
//! failed test: MESSAGE` (exit 1). When the traced run itself exits non-zero, MESSAGE is `$STRACE
//! ARGS failed with code N`, and the tracer's stderr and its `-o` log come before it; when the
//! output differs, `diff -u` printed a unified diff before it.

use std::collections::BTreeMap;
use std::fmt;

/// The verdict on one test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pass, Status::Fail, Status::Skip];

    fn word(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }

    fn parse(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.word() == word)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A test's status, with a one-line reason for FAIL and SKIP when the output gives one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub reason: Option<String>,
}

/// The seconds `timeout` gives each script (its `-k` grace comes on top).
pub const TIMEOUT_SECS: u32 = 60;

/// Judges a script run by `timeout`'s exit code (`None`: killed by a signal) and the script's
/// captured stdout and stderr. `program` is the basename of the tool under test (`tracer`,
/// `strace`), `command` the `$STRACE` it was run as.
pub fn judge(code: Option<i32>, output: &str, program: &str, command: &str) -> Outcome {
    let (status, reason) = match code {
        Some(0) => (Status::Pass, None),
        Some(77) => (
            Status::Skip,
            message_after(output, ": skipped test: ")
                .or_else(|| message_after(output, ": framework skip: ")),
        ),
        Some(124 | 137) => (
            Status::Fail,
            Some(format!("timed out after {TIMEOUT_SECS} s")),
        ),
        None => (Status::Fail, Some("killed by a signal".to_owned())),
        Some(code) => (Status::Fail, Some(failure(code, output, program, command))),
    };
    Outcome { status, reason }
}

/// Why a script exited with `code`: the tool's exit status and first line on stderr, the size of
/// the output mismatch, or the script's own message.
fn failure(code: i32, output: &str, program: &str, command: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let failed_at = lines.iter().position(|l| l.contains(": failed test: "));
    let message = failed_at
        .and_then(|i| lines[i].split_once(": failed test: "))
        .map(|(_, m)| m.trim());
    if let Some(message) = message
        && message.starts_with(command)
        && let Some(status) = exit_code(message)
    {
        let before = &lines[..failed_at.unwrap_or(0)];
        let first = first_stderr_line(before, program);
        return match first {
            Some(first) => format!("{program} exited with {status}: {first}"),
            None => format!("{program} exited with {status}"),
        };
    }
    match (diff_lines(output), message) {
        // run_prog: the program failed before anything traced it.
        (0, Some(message)) if exit_code(message).is_some() => {
            format!("the test program alone: {message}")
        }
        (0, Some(message)) => message.to_owned(),
        (0, None) => match lines.iter().rev().find(|l| !l.trim().is_empty()) {
            Some(last) => format!("exit status {code}: {}", last.trim()),
            None => format!("exit status {code}, no output"),
        },
        (1, _) => "output differs in 1 line".to_owned(),
        (n, _) => format!("output differs in {n} lines"),
    }
}

/// N of a message ending in `failed with code N`.
fn exit_code(message: &str) -> Option<i32> {
    let (_, code) = message.rsplit_once(" failed with code ")?;
    code.trim().parse().ok()
}

/// The first line that `program` wrote on stderr (`tracer: …`), else the first non-empty line.
fn first_stderr_line<'a>(lines: &[&'a str], program: &str) -> Option<&'a str> {
    let prefix = format!("{program}:");
    lines
        .iter()
        .find(|l| l.starts_with(&prefix))
        .or_else(|| lines.iter().find(|l| !l.trim().is_empty()))
        .map(|l| l.trim())
}

/// What follows `marker` on the first line that has it.
fn message_after(output: &str, marker: &str) -> Option<String> {
    output
        .lines()
        .find_map(|l| l.split_once(marker))
        .map(|(_, m)| m.trim().to_owned())
}

/// The lines removed and added in the unified diffs of `output`. Each hunk header
/// (`@@ -A,B +C,D @@`) says how many old and new lines follow, so a changed line that itself
/// starts with `---` or `+++` (`+++ exited with 0 +++`) is told apart from a file header.
pub fn diff_lines(output: &str) -> usize {
    let mut changed = 0;
    let (mut old, mut new) = (0usize, 0usize);
    for line in output.lines() {
        if old > 0 || new > 0 {
            match line.as_bytes().first() {
                Some(b'-') => (old, changed) = (old.saturating_sub(1), changed + 1),
                Some(b'+') => (new, changed) = (new.saturating_sub(1), changed + 1),
                Some(b' ') | None => (old, new) = (old.saturating_sub(1), new.saturating_sub(1)),
                Some(b'\\') => {}
                // Not a hunk line: the hunk was cut short.
                Some(_) => (old, new) = (0, 0),
            }
        } else if let Some((o, n)) = hunk_header(line) {
            (old, new) = (o, n);
        }
    }
    changed
}

/// The old and new line counts of `@@ -A[,B] +C[,D] @@…` (a missing count is 1).
fn hunk_header(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let (ranges, _) = rest.split_once(" @@")?;
    let (old, new) = ranges.split_once(" +")?;
    let count = |range: &str| match range.split_once(',') {
        Some((_, n)) => n.parse().ok(),
        None => range.parse::<usize>().ok().map(|_| 1),
    };
    Some((count(old)?, count(new)?))
}

/// A results file: one `NAME STATUS` line per test.
pub fn render_results<'a>(results: impl IntoIterator<Item = (&'a str, Status)>) -> String {
    results
        .into_iter()
        .map(|(name, status)| format!("{name} {status}\n"))
        .collect()
}

/// Reads a results file back; lines that aren't `NAME STATUS` are ignored.
pub fn parse_results(text: &str) -> BTreeMap<String, Status> {
    text.lines()
        .filter_map(|l| {
            let (name, status) = l.trim().split_once(' ')?;
            Some((name.to_owned(), Status::parse(status.trim())?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACER: &str = "/work/main/target/release/tracer --backend ebpf";

    fn reason(code: i32, output: &str) -> String {
        let outcome = judge(Some(code), output, "tracer", TRACER);
        assert_eq!(outcome.status, Status::Fail);
        outcome.reason.unwrap()
    }

    #[test]
    fn the_tracers_exit_status_and_first_stderr_line() {
        let output = "\
tracer: Can't stat '-a22': No such file or directory
accept.gen.test: failed test: /work/main/target/release/tracer --backend ebpf -e trace=accept -a22 ../accept failed with code 1
";
        assert_eq!(
            reason(1, output),
            "tracer exited with 1: tracer: Can't stat '-a22': No such file or directory"
        );
    }

    #[test]
    fn without_a_tracer_line_the_first_line_before_the_failure() {
        let output = "\
\n
thread 'main' panicked at src/main.rs:3:5
accept.gen.test: failed test: /work/main/target/release/tracer --backend ebpf -a22 ../accept failed with code 101
";
        assert_eq!(
            reason(1, output),
            "tracer exited with 101: thread 'main' panicked at src/main.rs:3:5"
        );
        let bare = "x.gen.test: failed test: /work/main/target/release/tracer --backend ebpf ../x failed with code 2\n";
        assert_eq!(reason(1, bare), "tracer exited with 2");
    }

    #[test]
    fn the_test_programs_own_failure_is_not_the_tracers() {
        let output = "x.gen.test: failed test: ../x failed with code 1\n";
        assert_eq!(
            reason(1, output),
            "the test program alone: ../x failed with code 1"
        );
    }

    #[test]
    fn a_mismatch_counts_the_differing_lines() {
        let output = "\
--- exp\t2026-12-07 15:10:49.624266298 +0000
+++ out\t2026-12-07 15:10:49.664266299 +0000
@@ -1,4 +1,4 @@
 io_pgetevents(0xface1e55deadbeef, NULL) = -1 EINVAL (Invalid argument)
-io_pgetevents(0xface1e55deadbeef, {sigmask=~[], sigsetsize=8}) = -1 EINVAL (Invalid argument)
-+++ exited with 0 +++
+io_pgetevents(0xface1e55deadbeef, 0x7fc66e2c7ff0) = -1 EINVAL (Invalid argument)
++++ exited with 1 +++
 close(3) = 0
aio_pgetevents.gen.test: failed test: /work/main/target/release/tracer --backend ebpf -e trace=io_pgetevents ../aio_pgetevents output mismatch
";
        assert_eq!(reason(1, output), "output differs in 4 lines");
    }

    #[test]
    fn hunks_with_default_counts_and_no_newline_markers() {
        let diff = "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n@@ -5,0 +6,2 @@\n+p\n+q\n";
        assert_eq!(diff_lines(diff), 4);
        assert_eq!(hunk_header("@@ -3,2 +3 @@ fn x"), Some((2, 1)));
        assert_eq!(hunk_header("@@ nonsense @@"), None);
        assert_eq!(diff_lines("-x\n+y\n"), 0);
    }

    #[test]
    fn other_statuses() {
        let skip = judge(
            Some(77),
            "undefined: __NR__newselect\n_newselect.gen.test: skipped test: ../_newselect exited with code 77\n",
            "tracer",
            TRACER,
        );
        assert_eq!(skip.status, Status::Skip);
        assert_eq!(
            skip.reason.as_deref(),
            Some("../_newselect exited with code 77")
        );
        let framework = judge(
            Some(77),
            "x.gen.test: framework skip: gawk is not available\n",
            "tracer",
            TRACER,
        );
        assert_eq!(framework.reason.as_deref(), Some("gawk is not available"));
        assert_eq!(judge(Some(0), "", "tracer", TRACER).status, Status::Pass);
        assert_eq!(reason(124, ""), "timed out after 60 s");
        assert_eq!(reason(137, ""), "timed out after 60 s");
        assert_eq!(
            reason(99, "x.gen.test: framework failure: no diff\n"),
            "exit status 99: x.gen.test: framework failure: no diff"
        );
        assert_eq!(reason(2, ""), "exit status 2, no output");
    }

    #[test]
    fn results_files_round_trip() {
        let text = render_results([("accept", Status::Fail), ("_newselect", Status::Skip)]);
        assert_eq!(text, "accept FAIL\n_newselect SKIP\n");
        let back = parse_results(&format!("{text}garbage\nx MAYBE\n"));
        assert_eq!(back.len(), 2);
        assert_eq!(back["accept"], Status::Fail);
    }
}
