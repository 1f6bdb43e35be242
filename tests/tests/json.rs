//! `--json`: every line of real traces is checked against the schema that docs/json.md documents
//! (its tables are read here, so the documentation is the schema), and the values of known
//! calls are checked: decoded value, kind, raw register, the same text as the text output.
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{MARKER_LINE, Run, Scratch, Tool, run};
use serde_json::Value as J;

/// A field of a documented record.
#[derive(Debug)]
struct Field {
    optional: bool,
    types: Vec<String>,
}

/// docs/json.md, read as a schema.
#[derive(Debug, Default)]
struct Schema {
    version: u64,
    /// Record type (and `arg`) → its fields.
    records: BTreeMap<String, BTreeMap<String, Field>>,
    /// Argument kind → the type of its `value`.
    kinds: BTreeMap<String, String>,
}

fn unquote(cell: &str) -> Option<&str> {
    cell.trim().strip_prefix('`')?.strip_suffix('`')
}

fn schema() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/json.md");
    let doc = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut s = Schema::default();
    let mut section: Option<String> = None;
    for line in doc.lines() {
        if let Some(v) = line.strip_prefix("Schema version: ") {
            s.version = v.trim().parse().expect("a schema version number");
        } else if let Some(h) = line.strip_prefix("### ") {
            section = Some(unquote(h).unwrap_or(h).to_owned());
        } else if line.starts_with("| `") {
            let cells: Vec<&str> = line.split(" | ").collect();
            let (Some(name), Some(ty)) = (
                cells
                    .first()
                    .and_then(|c| unquote(c.trim_start_matches('|'))),
                cells.get(1).and_then(|c| unquote(c)),
            ) else {
                continue;
            };
            match section.as_deref() {
                Some("Kinds") => {
                    s.kinds.insert(name.to_owned(), ty.to_owned());
                }
                Some(rec) => {
                    let (name, optional) = match name.strip_suffix('?') {
                        Some(n) => (n, true),
                        None => (name, false),
                    };
                    s.records.entry(rec.to_owned()).or_default().insert(
                        name.to_owned(),
                        Field {
                            optional,
                            types: ty.split(" or ").map(str::to_owned).collect(),
                        },
                    );
                }
                None => {}
            }
        }
    }
    assert!(s.version > 0, "no 'Schema version: N' line in docs/json.md");
    for rec in [
        "header", "syscall", "fork", "exec", "exit", "signal", "lost", "text", "arg",
    ] {
        assert!(
            s.records.contains_key(rec),
            "docs/json.md has no table for {rec}"
        );
    }
    assert!(s.kinds.len() > 10, "docs/json.md lists too few kinds");
    s
}

fn type_ok(ty: &str, v: &J) -> bool {
    match ty {
        "int" => v.is_i64() || v.is_u64(),
        "string" => v.is_string(),
        "bool" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "null" => v.is_null(),
        "any" => true,
        _ => panic!("docs/json.md uses an unknown type {ty:?}"),
    }
}

impl Schema {
    /// Problems of the object `v` as a `record`, each prefixed with `at`.
    fn check(&self, record: &str, v: &J, at: &str, errs: &mut Vec<String>) {
        let Some(obj) = v.as_object() else {
            errs.push(format!("{at}: not an object"));
            return;
        };
        let Some(fields) = self.records.get(record) else {
            errs.push(format!("{at}: record type {record:?} is not documented"));
            return;
        };
        for (name, f) in fields {
            match obj.get(name) {
                None if !f.optional => errs.push(format!("{at}: no field {name:?}")),
                None => {}
                Some(x) if !f.types.iter().any(|t| type_ok(t, x)) => {
                    errs.push(format!("{at}.{name}: {x} is not {}", f.types.join(" or ")))
                }
                Some(_) => {}
            }
        }
        for name in obj.keys() {
            if !fields.contains_key(name) {
                errs.push(format!(
                    "{at}: field {name:?} is not documented for {record}"
                ));
            }
        }
        if record == "arg" {
            self.check_arg(obj, at, errs);
        }
        if record == "syscall"
            && let Some(args) = obj.get("args").and_then(J::as_array)
        {
            for (i, a) in args.iter().enumerate() {
                let at = format!("{at}.args[{i}]");
                self.check("arg", a, &at, errs);
                if a.get("raw").is_none() {
                    errs.push(format!("{at}: a syscall argument without its raw register"));
                }
            }
        }
        if record == "signal"
            && let Some(info) = obj.get("info").filter(|i| !i.is_null())
        {
            self.check("arg", info, &format!("{at}.info"), errs);
        }
    }

    fn check_arg(&self, obj: &serde_json::Map<String, J>, at: &str, errs: &mut Vec<String>) {
        let kind = obj.get("kind").and_then(J::as_str).unwrap_or("");
        let Some(ty) = self.kinds.get(kind) else {
            errs.push(format!("{at}: kind {kind:?} is not documented"));
            return;
        };
        let value = obj.get("value").unwrap_or(&J::Null);
        if !type_ok(ty, value) {
            errs.push(format!("{at}: a {kind}'s value {value} is not {ty}"));
        }
        if kind == "struct"
            && let Some(fields) = value.as_object()
        {
            for (name, f) in fields {
                let at = format!("{at}.{name}");
                self.check("arg", f, &at, errs);
                if f.get("raw").is_some() {
                    errs.push(format!("{at}: a struct field with a raw register"));
                }
            }
        }
    }
}

/// Parses every line of a `--json` run and checks it against the schema; returns the objects.
fn validated(schema: &Schema, r: &Run) -> Vec<J> {
    assert!(!r.lines.is_empty(), "no output\n{}", r.dump());
    let mut errs = Vec::new();
    let mut out = Vec::new();
    for (n, line) in r.lines.iter().enumerate() {
        let at = format!("line {}", n + 1);
        let v: J = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                errs.push(format!("{at}: not JSON ({e}): {line}"));
                continue;
            }
        };
        let ty = v.get("type").and_then(J::as_str).unwrap_or("").to_owned();
        if n == 0 && ty != "header" {
            errs.push(format!("{at}: the first line is a {ty:?}, not the header"));
        }
        if n > 0 && ty == "header" {
            errs.push(format!("{at}: a second header"));
        }
        schema.check(&ty, &v, &at, &mut errs);
        out.push(v);
    }
    assert!(
        errs.is_empty(),
        "{} lines break docs/json.md:\n{}\n--- run ---\n{}",
        errs.len(),
        errs.iter().take(40).cloned().collect::<Vec<_>>().join("\n"),
        r.dump()
    );
    out
}

#[test]
fn every_line_of_real_traces_follows_docs_json_md() {
    let schema = schema();
    let s = Scratch::new("json-schema");
    let dir = s.subdir("files");
    let dir = dir.to_str().expect("a UTF-8 path");
    let scenarios: &[(&str, &[&str])] = &[
        ("files", &["files", dir]),
        ("fork", &["fork"]),
        ("threads", &["threads", "3"]),
        ("kill", &["kill"]),
        ("exit", &["exit", "3"]),
    ];
    let mut seen = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for (name, args) in scenarios {
        let r = run(Tool::Tracer, &["--json", "-f"], args, &s, name);
        let recs = validated(&schema, &r);
        let header = &recs[0];
        assert_eq!(
            header["schema"].as_u64(),
            Some(schema.version),
            "the header's schema version is not the one docs/json.md documents"
        );
        for rec in &recs {
            seen.insert(rec["type"].as_str().unwrap_or("").to_owned());
            for a in rec["args"].as_array().into_iter().flatten() {
                kinds.insert(a["kind"].as_str().unwrap_or("").to_owned());
            }
        }
    }
    for ty in ["header", "syscall", "fork", "exec", "exit"] {
        assert!(seen.contains(ty), "no {ty} record in any trace: {seen:?}");
    }
    for kind in ["int", "fd", "dirfd", "ptr", "path", "buf", "flags"] {
        assert!(
            kinds.contains(kind),
            "no argument of kind {kind} in any trace: {kinds:?}"
        );
    }
}

/// The syscall records of a trace, from the marker on.
fn syscalls_from_marker(recs: &[J]) -> Vec<&J> {
    let all: Vec<&J> = recs.iter().filter(|r| r["type"] == "syscall").collect();
    let i = all
        .iter()
        .position(|r| r["text"] == MARKER_LINE.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| panic!("no marker syscall in {all:#?}"));
    all[i..].to_vec()
}

#[test]
fn arguments_carry_decoded_value_kind_text_and_raw_register() {
    let schema = schema();
    let s = Scratch::new("json-args");
    let dir = s.subdir("files");
    let dir = dir.to_str().expect("a UTF-8 path");
    let r = run(Tool::Tracer, &["--json"], &["files", dir], &s, "files");
    let recs = validated(&schema, &r);
    let calls = syscalls_from_marker(&recs);
    let marker = calls[0];
    assert_eq!(marker["name"], "access");
    assert_eq!(marker["args"][0]["kind"], "path");
    assert_eq!(marker["args"][0]["value"], "/tracee-marker-start");
    assert_eq!(marker["args"][0]["text"], "\"/tracee-marker-start\"");
    assert_ne!(marker["args"][0]["raw"].as_u64(), Some(0));
    assert_eq!(marker["args"][1]["value"], 0);
    assert_eq!(marker["args"][1]["text"], "F_OK");
    assert_eq!(marker["ret"], -2);
    assert_eq!(marker["errno"], "ENOENT");
    assert_eq!(marker["ret_text"], "-1 ENOENT (No such file or directory)");

    let open = calls[1];
    assert_eq!(open["name"], "openat");
    assert_eq!(open["nr"], 257);
    let a = &open["args"];
    assert_eq!(a[0]["kind"], "dirfd");
    assert_eq!(a[0]["value"], -100);
    assert_eq!(a[0]["text"], "AT_FDCWD");
    // The tracee passes AT_FDCWD as a long: the register holds -100 sign-extended.
    assert_eq!(a[0]["raw"], -100i64 as u64);
    assert_eq!(a[1]["value"], format!("{dir}/f"));
    assert_eq!(a[2]["kind"], "flags");
    assert_eq!(a[2]["text"], "O_WRONLY|O_CREAT|O_TRUNC");
    assert_eq!(a[2]["value"], a[2]["raw"]);
    assert_eq!(a[3]["value"], 0o644);
    assert_eq!(a[3]["text"], "0644");
    assert_eq!(open["ret"], 3);
    assert!(open["errno"].is_null());
    assert!(open["duration_ns"].as_u64().is_some());

    let write = calls[2];
    assert_eq!(write["name"], "write");
    assert_eq!(write["args"][0]["kind"], "fd");
    assert_eq!(write["args"][1]["kind"], "buf");
    assert_eq!(write["args"][1]["value"], "hello\n");
    assert_eq!(write["args"][1]["len"], 6);
    assert_eq!(write["args"][1]["truncated"], false);
    assert_eq!(write["args"][2]["raw"], 6);

    let last = calls.last().expect("calls");
    assert_eq!(last["name"], "exit_group");
    assert!(last["ret"].is_null(), "exit_group never returns: {last}");
    assert!(last["duration_ns"].is_null());
    let exit = recs
        .iter()
        .find(|r| r["type"] == "exit")
        .expect("an exit record");
    assert_eq!(exit["exit_code"], 0);
    assert_eq!(exit["pid"], marker["pid"]);
    assert_eq!(exit["comm"], "tracee");
}

/// The JSON's `text` is the text output's line: JSON is another formatter of the same values.
#[test]
fn json_text_is_the_text_line() {
    let s = Scratch::new("json-text");
    let dir = s.subdir("files");
    let dir = dir.to_str().expect("a UTF-8 path");
    let text = run(Tool::Tracer, &[], &["files", dir], &s, "text");
    let json = run(Tool::Tracer, &["--json"], &["files", dir], &s, "json");
    let recs = validated(&schema(), &json);
    // The text pads the call to a column before ` = `; the JSON's text doesn't.
    let squeeze = |l: &str| {
        let pad = l.match_indices(')').rev().find(|&(i, _)| {
            let rest = &l[i + 1..];
            rest.starts_with(' ') && rest.trim_start().starts_with("= ")
        });
        let l = match pad {
            Some((i, _)) => format!("{} {}", &l[..=i], l[i + 1..].trim_start()),
            None => l.to_owned(),
        };
        // Two runs, two pids.
        match l.strip_prefix("getpid() = ") {
            Some(_) => "getpid() = <pid>".to_owned(),
            None => l,
        }
    };
    let from_json: Vec<String> = syscalls_from_marker(&recs)
        .iter()
        .map(|r| squeeze(r["text"].as_str().unwrap_or("")))
        .collect();
    let i = text
        .lines
        .iter()
        .position(|l| l == MARKER_LINE)
        .unwrap_or_else(|| panic!("no marker\n{}", text.dump()));
    let from_text: Vec<String> = text.lines[i..]
        .iter()
        .filter(|l| !l.starts_with("+++"))
        .map(|l| squeeze(l))
        .collect();
    common::assert_lines("--json's text vs the text lines", &from_text, &from_json);
}

#[test]
fn a_killed_process_has_its_signal_and_no_exit_code() {
    let schema = schema();
    let s = Scratch::new("json-kill");
    let r = run(Tool::Tracer, &["--json"], &["kill"], &s, "kill");
    let recs = validated(&schema, &r);
    let exit = recs
        .iter()
        .find(|r| r["type"] == "exit")
        .unwrap_or_else(|| panic!("no exit record\n{}", r.dump()));
    assert!(exit["exit_code"].is_null(), "{exit}");
    assert!(
        exit["signal"]
            .as_str()
            .is_some_and(|s| s.starts_with("SIG")),
        "{exit}"
    );
}

/// Losses are records of their own, and they add up to what tracer reports at exit.
#[test]
fn losses_are_lost_records_that_add_up() {
    let schema = schema();
    let s = Scratch::new("json-loss");
    let r = run(
        Tool::Tracer,
        &["--json", "--stats", "--buffer-size", "1"],
        &["storm", "200000"],
        &s,
        "storm",
    );
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    let recs = validated(&schema, &r);
    let marked: u64 = recs
        .iter()
        .filter(|r| r["type"] == "lost")
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum();
    let stats = r
        .stderr
        .lines()
        .find(|l| l.starts_with("tracer: ") && l.ends_with(" lost"))
        .unwrap_or_else(|| panic!("no --stats line:\n{}", r.stderr));
    let lost: u64 = stats
        .trim_end_matches(" lost")
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("bad --stats line {stats}"));
    assert!(lost > 0, "a 1 MiB ring should overflow:\n{}", r.stderr);
    assert_eq!(marked, lost, "every loss is a lost record");
}
