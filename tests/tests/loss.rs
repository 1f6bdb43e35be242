//! Nothing is lost silently: when the ring buffer overflows, every lost record is counted, marked
//! in the stream where it happened, and reported on stderr at exit.
mod common;

use common::{Scratch, Tool, run};

/// `tracer: R records, L lost` from `--stats`.
fn stats(stderr: &str) -> (u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("tracer: ") && l.ends_with(" lost") && l.contains(" records, "))
        .unwrap_or_else(|| panic!("no --stats line in stderr:\n{stderr}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a number"))
        .collect();
    assert_eq!(nums.len(), 2, "{line}");
    (nums[0], nums[1])
}

/// Losses reported in the stream: `!!! tracer: N events lost here (ring buffer full) !!!`.
fn marked_losses(lines: &[String]) -> u64 {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("!!! tracer: "))
        .map(|l| {
            let n = l.split(' ').next().unwrap_or("");
            n.parse::<u64>()
                .unwrap_or_else(|_| panic!("bad loss marker: {l}"))
        })
        .sum()
}

const STORM: &str = "200000";

#[test]
fn every_lost_record_is_counted_marked_and_reported() {
    let s = Scratch::new("every_lost_record_is_counted_marked_and_reported");
    // The same deterministic program twice: with room for everything, then with a 1 MiB ring
    // that the storm overflows between two drains of the reader.
    let full = run(Tool::Tracer, &["--stats"], &["storm", STORM], &s, "full");
    assert_eq!(full.status.code(), Some(0), "{}", full.dump());
    let (all, lost) = stats(&full.stderr);
    assert_eq!(
        lost, 0,
        "a 64 MiB ring must hold this storm:\n{}",
        full.stderr
    );
    assert!(all > 200_000, "{all} records for 200000 syscalls");
    assert_eq!(marked_losses(&full.lines), 0);

    let small = run(
        Tool::Tracer,
        &["--stats", "--buffer-size", "1"],
        &["storm", STORM],
        &s,
        "small",
    );
    assert_eq!(small.status.code(), Some(0), "{}", small.dump());
    let (got, lost) = stats(&small.stderr);
    assert!(lost > 0, "a 1 MiB ring should overflow:\n{}", small.stderr);
    assert_eq!(
        got + lost,
        all,
        "received + lost must be every record the program caused"
    );
    assert_eq!(
        marked_losses(&small.lines),
        lost,
        "every loss is marked in the stream"
    );
    // One line per record received, but for execve's entry record (it joins its line) and the
    // exec record (no line of its own).
    let printed = small.lines.iter().filter(|l| !l.starts_with("!!!")).count() as u64;
    assert_eq!(printed + 2, got, "lines printed vs records received");
    assert!(
        small.stderr.lines().any(|l| l
            == format!(
                "tracer: {lost} events lost (ring buffer full); a larger --buffer-size may help"
            )),
        "no loss warning at exit:\n{}",
        small.stderr
    );
}
