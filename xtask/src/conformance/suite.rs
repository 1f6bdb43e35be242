//! strace's table of generated tests, tests/gen_tests.in: which of them the task runs, and how
//! each one is classified.
//!
//! A line is `NAME ARGS…`. gen_tests.sh turns a line whose arguments are empty or start with `-`
//! into a `run_strace_match_diff ARGS` script (or, for a first argument `-einject=…`/`--inject=…`,
//! a scno_tampering.sh script that diffs the same way); the others (`+script.sh …`, plain shell
//! commands) are tests of other shapes, which this task leaves out.

use anyhow::{Context as _, Result};

use crate::fidelity::list::split_words;

/// How much of strace's command line a test needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Only `-a`, `-e trace=` (`-etrace=`, `--trace=`), `-s`, `-q`, `-qq` and `-f`.
    Basic,
    /// Any other option.
    Other,
}

/// Whether a test tampers with syscalls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Plain,
    /// Its arguments use `inject=` or `fault=`.
    Inject,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Basic, Level::Other];

    pub fn name(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Other => "other",
        }
    }
}

impl Category {
    pub const ALL: [Category; 2] = [Category::Plain, Category::Inject];

    pub fn name(self) -> &'static str {
        match self {
            Category::Plain => "plain",
            Category::Inject => "inject",
        }
    }
}

/// One selected line of gen_tests.in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub name: String,
    /// The arguments as written in the table (the script is what runs them).
    pub args: String,
    pub level: Level,
    pub category: Category,
}

/// The tests of gen_tests.in that diff strace's output against the program's: every line whose
/// arguments are empty or start with `-`, in the table's order.
pub fn parse(table: &str) -> Result<Vec<Test>> {
    let mut tests = Vec::new();
    for (i, line) in table.lines().enumerate() {
        let Some((name, args)) = split_line(line) else {
            continue;
        };
        if !(args.is_empty() || args.starts_with('-')) {
            continue;
        }
        let words =
            split_words(args).with_context(|| format!("gen_tests.in line {}: `{line}`", i + 1))?;
        tests.push(Test {
            name: name.to_owned(),
            args: args.to_owned(),
            level: level(&words),
            category: category(args),
        });
    }
    Ok(tests)
}

/// A line's name and the rest (trimmed), as `read -r name args` splits it; `None` for blank lines
/// and `#` comments.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    match line.split_once([' ', '\t']) {
        Some((name, args)) => Some((name, args.trim())),
        None => Some((line, "")),
    }
}

/// `inject` when the arguments tamper with syscalls anywhere (`-einject=`, `-e fault=`, …).
fn category(args: &str) -> Category {
    if args.contains("inject=") || args.contains("fault=") {
        Category::Inject
    } else {
        Category::Plain
    }
}

/// `basic` when every option is one of the basic ones; shell redirections and `QUIRK:` words
/// (instructions to run_strace_match_diff) are not options.
fn level(words: &[String]) -> Level {
    let mut words = words.iter().map(String::as_str);
    while let Some(word) = words.next() {
        if let Some(target_attached) = redirection(word) {
            if !target_attached {
                words.next();
            }
            continue;
        }
        if word.starts_with("QUIRK:") || !word.starts_with('-') {
            continue;
        }
        let basic = match word {
            "-q" | "-qq" | "-f" => true,
            "-a" | "-s" | "--trace" => words.next().is_some(),
            "-e" => words.next().is_some_and(|w| w.starts_with("trace=")),
            _ => {
                attached_number(word, "-a")
                    || attached_number(word, "-s")
                    || word.starts_with("-etrace=")
                    || word.starts_with("--trace=")
            }
        };
        if !basic {
            return Level::Other;
        }
    }
    Level::Basic
}

/// `-a22` for option `-a`.
fn attached_number(word: &str, option: &str) -> bool {
    word.strip_prefix(option)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// For a shell redirection (`9>>/dev/full`, `7>/dev/null`, `</dev/null`, `7>`), whether its
/// target is in the same word; `None` for any other word.
fn redirection(word: &str) -> Option<bool> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let target = rest
        .strip_prefix(">>")
        .or_else(|| rest.strip_prefix('>'))
        .or_else(|| rest.strip_prefix('<'))?;
    Some(!target.is_empty())
}

/// Whether `name` matches a pattern of `--only`: the name itself, or a glob with `*` (any run of
/// characters) and `?` (one character).
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // The classic two-pointer glob match, backtracking to the last `*`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        match p.get(i) {
            Some('*') => {
                star = Some((i, j));
                i += 1;
            }
            Some(&c) if c == '?' || c == n[j] => (i, j) = (i + 1, j + 1),
            _ => match star {
                Some((si, sj)) => {
                    (i, j) = (si + 1, sj + 1);
                    star = Some((si, sj + 1));
                }
                None => return false,
            },
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(args: &str) -> (Level, Category) {
        let words = split_words(args).unwrap();
        (level(&words), category(args))
    }

    #[test]
    fn lines_are_name_and_arguments() {
        assert_eq!(split_line("accept\t-a22"), Some(("accept", "-a22")));
        assert_eq!(
            split_line("_newselect-P\t -e trace=_newselect -P /dev/full 9>>/dev/full"),
            Some((
                "_newselect-P",
                "-e trace=_newselect -P /dev/full 9>>/dev/full"
            ))
        );
        assert_eq!(split_line("_newselect"), Some(("_newselect", "")));
        assert_eq!(split_line("# Input for gen_tests.sh"), None);
        assert_eq!(split_line("   "), None);
    }

    #[test]
    fn only_diffing_tests_are_selected() {
        let table = "\
# Input for gen_tests.sh
#
_newselect
accept\t-a22
arch_prctl\t\t\t+arch_prctl.sh -a27
bpf-success\t-einject=bpf:retval=42 -etrace=bpf -a20
btrfs\t+ioctl.test
fork-f\t-a26 -qq -f -e signal=none -e trace=chdir
getrlimit\t-a27 'QUIRK:START-OF-TEST-OUTPUT:getrlimit(0x10 /* RLIMIT_??? */, NULL)'

kill_child\t-f -qq -e signal=none -e trace=none
";
        let tests = parse(table).unwrap();
        let names: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "_newselect",
                "accept",
                "bpf-success",
                "fork-f",
                "getrlimit",
                "kill_child"
            ]
        );
        assert_eq!(tests[0].args, "");
        assert_eq!(tests[2].category, Category::Inject);
        assert_eq!(tests[4].level, Level::Basic);
        assert!(parse("x\t-a1 'unterminated\n").is_err());
    }

    #[test]
    fn levels_and_categories() {
        use Category::*;
        use Level::*;
        assert_eq!(classify(""), (Basic, Plain));
        assert_eq!(classify("-a22"), (Basic, Plain));
        assert_eq!(classify("-a30 --trace-path=access_sample"), (Other, Plain));
        assert_eq!(
            classify("-e trace=_newselect -P /dev/full 9>>/dev/full"),
            (Other, Plain)
        );
        assert_eq!(
            classify("-a13 -e trace=select -e fault=select:error=EBADF"),
            (Other, Inject)
        );
        assert_eq!(
            classify("-einject=bpf:retval=42 -etrace=bpf -a20"),
            (Other, Inject)
        );
        assert_eq!(classify("-a21 7>>/dev/full"), (Basic, Plain));
        assert_eq!(
            classify("-a16 -etrace=memfd_secret 7> /dev/null"),
            (Basic, Plain)
        );
        assert_eq!(
            classify("-a22 -s3 \"QUIRK:START-OF-TEST-OUTPUT:getrandom(NULL, 0, 0)\""),
            (Basic, Plain)
        );
        assert_eq!(
            classify("-f -qq -s 10 -a 5 --trace=chdir -q"),
            (Basic, Plain)
        );
        assert_eq!(classify("--trace chdir"), (Basic, Plain));
        assert_eq!(classify("-a26 -qq -f -e signal=none"), (Other, Plain));
        assert_eq!(classify("-a10 -y"), (Other, Plain));
        assert_eq!(classify("-ff"), (Other, Plain));
        assert_eq!(classify("-ax"), (Other, Plain));
    }

    #[test]
    fn only_patterns() {
        assert!(matches("dup", "dup"));
        assert!(!matches("dup", "dup2"));
        assert!(matches("dup*", "dup2-yy"));
        assert!(matches("*-yy", "dup2-yy"));
        assert!(matches("d?p*y", "dup2-yy"));
        assert!(matches("*", ""));
        assert!(!matches("dup?", "dup"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
    }
}
