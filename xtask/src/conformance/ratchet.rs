//! The ratchet: xtask/conformance-pass.txt lists the tests that must keep passing on every tracer
//! backend that is run.

use std::collections::{BTreeMap, BTreeSet};

use super::outcome::Status;

/// The header written when the file has none.
pub const DEFAULT_HEADER: &str = "\
# Tests of strace's own suite (strace 6.1, tests/gen_tests.in) that must pass on every tracer
# backend `cargo xtask conformance` runs. One test name per line; `#` starts a comment.
";

/// The parsed pass list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassList {
    /// The comment lines (and blank lines) at the top, kept by `--update`.
    pub header: String,
    pub names: BTreeSet<String>,
}

impl PassList {
    /// Parses the file: names one per line, `#` comments (whole lines or after a name).
    pub fn parse(text: &str) -> PassList {
        let header_len: usize = text
            .split_inclusive('\n')
            .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            .map(str::len)
            .sum();
        let names = text
            .lines()
            .filter_map(|l| {
                let name = l.split('#').next().unwrap_or("").trim();
                (!name.is_empty()).then(|| name.to_owned())
            })
            .collect();
        let header = text.get(..header_len).unwrap_or("").trim_end().to_owned();
        let header = if header.is_empty() {
            DEFAULT_HEADER.trim_end().to_owned()
        } else {
            header
        };
        PassList { header, names }
    }

    /// The file's text: the header, a blank line and the names sorted (comments after the
    /// header are not kept).
    pub fn render(&self) -> String {
        let mut text = format!("{}\n", self.header);
        if !self.names.is_empty() {
            text.push('\n');
        }
        for name in &self.names {
            text.push_str(name);
            text.push('\n');
        }
        text
    }
}

/// Each backend's status per test name, in the order the backends ran.
pub type Runs<'a> = [(&'a str, BTreeMap<String, Status>)];

/// What a run says about the list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Per backend: listed tests that failed there (these fail the task).
    pub failed: Vec<(String, Vec<String>)>,
    /// Per backend: listed tests that were skipped there (reported only).
    pub skipped: Vec<(String, Vec<String>)>,
    /// Tests that passed on every backend and are not listed.
    pub newly_passing: Vec<String>,
    /// Tests that passed on every backend.
    pub passing: BTreeSet<String>,
}

impl Verdict {
    pub fn is_failure(&self) -> bool {
        !self.failed.is_empty()
    }
}

/// Compares the runs with the list. Tests not run (left out by `--only` or `--no-inject`) are
/// neither failures nor newly passing.
pub fn check(list: &PassList, runs: &Runs<'_>) -> Verdict {
    let listed_with = |wanted: Status| -> Vec<(String, Vec<String>)> {
        runs.iter()
            .filter_map(|(backend, statuses)| {
                let names: Vec<String> = list
                    .names
                    .iter()
                    .filter(|n| statuses.get(*n) == Some(&wanted))
                    .cloned()
                    .collect();
                (!names.is_empty()).then(|| ((*backend).to_owned(), names))
            })
            .collect()
    };
    let passing: BTreeSet<String> = match runs.first() {
        Some((_, first)) => first
            .keys()
            .filter(|n| {
                runs.iter()
                    .all(|(_, statuses)| statuses.get(*n) == Some(&Status::Pass))
            })
            .cloned()
            .collect(),
        None => BTreeSet::new(),
    };
    Verdict {
        failed: listed_with(Status::Fail),
        skipped: listed_with(Status::Skip),
        newly_passing: passing.difference(&list.names).cloned().collect(),
        passing,
    }
}

/// The list `--update` writes: the listed tests minus those that failed on some backend, plus
/// every test that passed on all of them.
pub fn updated(list: &PassList, verdict: &Verdict) -> PassList {
    let failed: BTreeSet<&String> = verdict.failed.iter().flat_map(|(_, n)| n).collect();
    let names = list
        .names
        .iter()
        .filter(|n| !failed.contains(n))
        .chain(&verdict.passing)
        .cloned()
        .collect();
    PassList {
        header: list.header.clone(),
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn statuses(pairs: &[(&str, Status)]) -> BTreeMap<String, Status> {
        pairs.iter().map(|(n, s)| ((*n).to_owned(), *s)).collect()
    }

    const FILE: &str = "\
# The header.
#
# More header.

accept
chdir   # since the new parser
# a comment in the middle
kill
";

    #[test]
    fn the_list_keeps_its_header_and_names() {
        let list = PassList::parse(FILE);
        assert_eq!(list.header, "# The header.\n#\n# More header.");
        let names: Vec<&str> = list.names.iter().map(String::as_str).collect();
        assert_eq!(names, ["accept", "chdir", "kill"]);
        assert_eq!(
            list.render(),
            "# The header.\n#\n# More header.\n\naccept\nchdir\nkill\n"
        );
        let empty = PassList::parse("");
        assert!(empty.names.is_empty());
        assert_eq!(empty.header, DEFAULT_HEADER.trim_end());
        assert_eq!(PassList::parse(&empty.render()), empty);
    }

    #[test]
    fn listed_failures_fail_skips_are_reported_new_passes_are_offered() {
        let list = PassList::parse(FILE);
        let runs = [
            (
                "ebpf",
                statuses(&[
                    ("accept", Pass),
                    ("chdir", Pass),
                    ("kill", Skip),
                    ("dup", Pass),
                ]),
            ),
            (
                "ptrace",
                statuses(&[
                    ("accept", Fail),
                    ("chdir", Pass),
                    ("kill", Pass),
                    ("dup", Pass),
                ]),
            ),
        ];
        let verdict = check(&list, &runs);
        assert!(verdict.is_failure());
        assert_eq!(
            verdict.failed,
            [("ptrace".to_owned(), vec!["accept".to_owned()])]
        );
        assert_eq!(
            verdict.skipped,
            [("ebpf".to_owned(), vec!["kill".to_owned()])]
        );
        assert_eq!(verdict.newly_passing, ["dup"]);

        let names: Vec<String> = updated(&list, &verdict).names.into_iter().collect();
        // accept failed on ptrace: dropped; kill skipped: kept; dup: added.
        assert_eq!(names, ["chdir", "dup", "kill"]);
    }

    #[test]
    fn tests_that_were_not_run_are_left_alone() {
        let list = PassList::parse(FILE);
        let runs = [("ebpf", statuses(&[("chdir", Pass)]))];
        let verdict = check(&list, &runs);
        assert_eq!(
            verdict,
            Verdict {
                passing: ["chdir".to_owned()].into(),
                ..Verdict::default()
            }
        );
        assert_eq!(updated(&list, &verdict).names, list.names);
    }
}
