//! GNU `getopt_long` as strace 6.1 calls it (optstring starting with `+`): options end at the
//! first operand or at `--`; short options bundle (`-fvq`) and take their value attached or as
//! the next argument (`-s3`, `-s 3`); long options take `--name=VALUE`, `--name VALUE` when the
//! value is required, and may be abbreviated to any unambiguous prefix. Errors are glibc's
//! words. Pure: argv in, options and operands out.
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// Whether an option takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HasArg {
    No,
    Required,
    /// Long form only, and only attached (`--quiet=exit`); the short form then takes none.
    Optional,
}

/// One option as getopt sees it.
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    pub short: Option<u8>,
    /// The long names: the option's own first, then its aliases.
    pub longs: &'a [&'a str],
    pub arg: HasArg,
    /// Abbreviations resolve among tier 0 first, then among tier 1 (tracer's own options never
    /// make one of strace's abbreviations ambiguous).
    pub tier: u8,
}

/// How an option was written: its message names it the same way (`-s`, `--string-limit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spelled {
    Short(u8),
    /// The long name matched (in full, even when abbreviated on the command line).
    Long(String),
}

impl std::fmt::Display for Spelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spelled::Short(c) => write!(f, "-{}", *c as char),
            Spelled::Long(name) => write!(f, "--{name}"),
        }
    }
}

/// One option found, in command-line order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Index into the spec table.
    pub spec: usize,
    pub value: Option<OsString>,
    pub spelled: Spelled,
}

/// What getopt reports, in glibc's words (after `PROGRAM: `).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GetoptError {
    #[error("invalid option -- '{}'", *.0 as char)]
    InvalidShort(u8),
    #[error("option requires an argument -- '{}'", *.0 as char)]
    ShortNeedsValue(u8),
    #[error("unrecognized option '--{0}'")]
    Unrecognized(String),
    #[error("option '--{given}' is ambiguous; possibilities:{}", possibilities(.candidates))]
    Ambiguous {
        given: String,
        candidates: Vec<String>,
    },
    #[error("option '--{0}' doesn't allow an argument")]
    NoValueAllowed(String),
    #[error("option '--{0}' requires an argument")]
    LongNeedsValue(String),
}

fn possibilities(candidates: &[String]) -> String {
    candidates.iter().map(|c| format!(" '--{c}'")).collect()
}

/// The options before the first error (if any), the error, and the operands (the command)
/// when there was none.
#[derive(Debug, Default)]
pub struct Parsed {
    pub found: Vec<Found>,
    pub error: Option<GetoptError>,
    pub operands: Vec<OsString>,
}

/// Parses `args` (without the program name) against `specs`.
pub fn getopt(specs: &[Spec<'_>], args: &[OsString]) -> Parsed {
    let mut out = Parsed::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let bytes = arg.as_bytes();
        i += 1;
        if bytes == b"--" {
            break;
        }
        if bytes.len() < 2 || bytes[0] != b'-' {
            // The first operand: options end here.
            i -= 1;
            break;
        }
        let step = if let Some(long) = bytes.strip_prefix(b"--") {
            long_option(specs, long, args.get(i)).map(|(found, took_next)| {
                i += usize::from(took_next);
                vec![found]
            })
        } else {
            short_cluster(specs, &bytes[1..], args.get(i)).map(|(found, took_next)| {
                i += usize::from(took_next);
                found
            })
        };
        match step {
            Ok(found) => out.found.extend(found),
            Err((found, e)) => {
                out.found.extend(found);
                out.error = Some(e);
                return out;
            }
        }
    }
    out.operands = args.get(i..).unwrap_or_default().to_vec();
    out
}

/// The options of one `-abc` argument. `next` is the argument after it, taken as the value of
/// a last option that needs one. On error, the options before the bad one come with it.
#[allow(clippy::type_complexity)]
fn short_cluster(
    specs: &[Spec<'_>],
    cluster: &[u8],
    next: Option<&OsString>,
) -> Result<(Vec<Found>, bool), (Vec<Found>, GetoptError)> {
    let mut found = Vec::new();
    for (at, &c) in cluster.iter().enumerate() {
        let Some(spec) = specs.iter().position(|s| s.short == Some(c)) else {
            return Err((found, GetoptError::InvalidShort(c)));
        };
        let spelled = Spelled::Short(c);
        if specs[spec].arg != HasArg::Required {
            found.push(Found {
                spec,
                value: None,
                spelled,
            });
            continue;
        }
        let rest = &cluster[at + 1..];
        let (value, took_next) = if !rest.is_empty() {
            (OsStr::from_bytes(rest).to_owned(), false)
        } else if let Some(next) = next {
            (next.clone(), true)
        } else {
            return Err((found, GetoptError::ShortNeedsValue(c)));
        };
        found.push(Found {
            spec,
            value: Some(value),
            spelled,
        });
        return Ok((found, took_next));
    }
    Ok((found, false))
}

/// One `--name[=value]` (without its `--`).
#[allow(clippy::type_complexity)]
fn long_option(
    specs: &[Spec<'_>],
    text: &[u8],
    next: Option<&OsString>,
) -> Result<(Found, bool), (Vec<Found>, GetoptError)> {
    let fail = |e| Err((Vec::new(), e));
    let (name, attached) = match text.iter().position(|&b| b == b'=') {
        Some(eq) => (&text[..eq], Some(&text[eq + 1..])),
        None => (text, None),
    };
    let (spec, long) = match resolve_long(specs, name) {
        Ok(hit) => hit,
        Err(Some(candidates)) => {
            return fail(GetoptError::Ambiguous {
                given: String::from_utf8_lossy(name).into_owned(),
                candidates,
            });
        }
        Err(None) => {
            return fail(GetoptError::Unrecognized(
                String::from_utf8_lossy(text).into_owned(),
            ));
        }
    };
    let spelled = Spelled::Long(long.to_owned());
    let (value, took_next) = match (specs[spec].arg, attached) {
        (HasArg::No, Some(_)) => return fail(GetoptError::NoValueAllowed(long.to_owned())),
        (HasArg::No, None) | (HasArg::Optional, None) => (None, false),
        (_, Some(v)) => (Some(OsStr::from_bytes(v).to_owned()), false),
        (HasArg::Required, None) => match next {
            Some(n) => (Some(n.clone()), true),
            None => return fail(GetoptError::LongNeedsValue(long.to_owned())),
        },
    };
    Ok((
        Found {
            spec,
            value,
            spelled,
        },
        took_next,
    ))
}

/// The option a long name (or an abbreviation of one) means: an exact name first, else the
/// options of the first tier with names it begins. `Err(Some(names))` when those are several
/// different options (glibc lists every matching name but the first option's aliases).
fn resolve_long<'a>(
    specs: &[Spec<'a>],
    name: &[u8],
) -> Result<(usize, &'a str), Option<Vec<String>>> {
    let names = || {
        specs
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.longs.iter().map(move |&l| (i, s.tier, l)))
    };
    if let Some((i, _, l)) = names().find(|(_, _, l)| l.as_bytes() == name) {
        return Ok((i, l));
    }
    let mut tiers: Vec<u8> = specs.iter().map(|s| s.tier).collect();
    tiers.sort_unstable();
    tiers.dedup();
    for tier in tiers {
        let matches: Vec<(usize, &str)> = names()
            .filter(|&(_, t, l)| t == tier && l.as_bytes().starts_with(name))
            .map(|(i, _, l)| (i, l))
            .collect();
        let Some(&(first, first_name)) = matches.first() else {
            continue;
        };
        if matches.iter().all(|&(i, _)| i == first) {
            return Ok((first, first_name));
        }
        let candidates = matches
            .iter()
            .enumerate()
            .filter(|&(k, &(i, _))| k == 0 || i != first)
            .map(|(_, &(_, l))| l.to_owned())
            .collect();
        return Err(Some(candidates));
    }
    Err(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[Spec<'static>] = &[
        Spec {
            short: Some(b'f'),
            longs: &[],
            arg: HasArg::No,
            tier: 0,
        },
        Spec {
            short: Some(b's'),
            longs: &["string-limit"],
            arg: HasArg::Required,
            tier: 0,
        },
        Spec {
            short: None,
            longs: &["summary"],
            arg: HasArg::No,
            tier: 0,
        },
        Spec {
            short: None,
            longs: &["quiet", "silent", "silence"],
            arg: HasArg::Optional,
            tier: 0,
        },
        Spec {
            short: Some(b'e'),
            longs: &[],
            arg: HasArg::Required,
            tier: 0,
        },
        Spec {
            short: None,
            longs: &["status"],
            arg: HasArg::Required,
            tier: 0,
        },
        Spec {
            short: None,
            longs: &["stats"],
            arg: HasArg::No,
            tier: 1,
        },
        Spec {
            short: Some(b'T'),
            longs: &["syscall-times"],
            arg: HasArg::Optional,
            tier: 0,
        },
    ];

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    /// What [`parse`] gives: `(spelling, value)` per option, the operands, the error.
    type Parse = (Vec<(String, Option<String>)>, Vec<String>, Option<String>);

    /// `(spelling, value)` per option, then the operands.
    fn parse(a: &[&str]) -> Parse {
        let p = getopt(SPECS, &args(a));
        (
            p.found
                .iter()
                .map(|f| {
                    (
                        f.spelled.to_string(),
                        f.value.as_ref().map(|v| v.to_string_lossy().into_owned()),
                    )
                })
                .collect(),
            p.operands
                .iter()
                .map(|o| o.to_string_lossy().into_owned())
                .collect(),
            p.error.map(|e| e.to_string()),
        )
    }

    fn opt(s: &str, v: Option<&str>) -> (String, Option<String>) {
        (s.to_owned(), v.map(str::to_owned))
    }

    #[test]
    fn bundles_and_attached_values() {
        let (found, ops, err) = parse(&["-ffs3", "-etrace=open", "-s", "-x", "ls", "-l"]);
        assert_eq!(
            found,
            [
                opt("-f", None),
                opt("-f", None),
                opt("-s", Some("3")),
                opt("-e", Some("trace=open")),
                // A required value is the next argument, whatever it looks like.
                opt("-s", Some("-x")),
            ]
        );
        assert_eq!(ops, ["ls", "-l"]);
        assert_eq!(err, None);
    }

    #[test]
    fn options_end_at_double_dash_and_lone_dash() {
        assert_eq!(parse(&["-f", "--", "-f"]).1, ["-f"]);
        assert_eq!(parse(&["-f", "-", "-f"]).1, ["-", "-f"]);
        assert!(parse(&["-f"]).1.is_empty());
    }

    #[test]
    fn long_values_and_abbreviations() {
        let (found, ops, err) = parse(&[
            "--string-limit=5",
            "--string-limit",
            "6",
            "--str=7",
            "--quiet",
            "--quiet=exit",
            "--sile",
            "cmd",
        ]);
        assert_eq!(
            found,
            [
                opt("--string-limit", Some("5")),
                opt("--string-limit", Some("6")),
                opt("--string-limit", Some("7")),
                opt("--quiet", None),
                opt("--quiet", Some("exit")),
                // Two aliases of one option are no ambiguity.
                opt("--silent", None),
            ]
        );
        assert_eq!(ops, ["cmd"]);
        assert_eq!(err, None);
    }

    #[test]
    fn optional_values_only_attach() {
        // `--quiet exit`: exit is the command.
        let (found, ops, _) = parse(&["--quiet", "exit"]);
        assert_eq!(found, [opt("--quiet", None)]);
        assert_eq!(ops, ["exit"]);
        // The short form of an option whose long form has an optional value takes none.
        let (found, ops, _) = parse(&["-Tf", "us"]);
        assert_eq!(found, [opt("-T", None), opt("-f", None)]);
        assert_eq!(ops, ["us"]);
    }

    #[test]
    fn glibc_errors() {
        let err = |a: &[&str]| parse(a).2.unwrap();
        assert_eq!(err(&["-k"]), "invalid option -- 'k'");
        assert_eq!(err(&["-fk"]), "invalid option -- 'k'");
        assert_eq!(err(&["-s"]), "option requires an argument -- 's'");
        assert_eq!(err(&["--x=1"]), "unrecognized option '--x=1'");
        assert_eq!(
            err(&["--string-limit"]),
            "option '--string-limit' requires an argument"
        );
        assert_eq!(
            err(&["--summ=1"]),
            "option '--summary' doesn't allow an argument"
        );
        assert_eq!(
            err(&["--s"]),
            "option '--s' is ambiguous; possibilities: '--string-limit' '--summary' \
             '--silent' '--silence' '--status' '--syscall-times'"
        );
        // The options before the error are kept, in order.
        let (found, _, _) = parse(&["-f", "-s", "1", "-k"]);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn later_tiers_never_make_an_abbreviation_ambiguous() {
        // strace's --stat is --status; tracer's --stats takes only its full name.
        assert_eq!(parse(&["--stat=all"]).0, [opt("--status", Some("all"))]);
        assert_eq!(parse(&["--stats"]).0, [opt("--stats", None)]);
    }
}
