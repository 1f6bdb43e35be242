//! Other outputs of the same trace: `-ff` (a file per task, as strace), `--perfetto` (a trace
//! ui.perfetto.dev opens), colours on a terminal, and the live `--top` view under a real terminal
//! (tmux).
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    MARKER_LINE, Normalise, Scratch, Tool, after_marker, assert_lines, decoded_only, texts,
    tracee_bin, tracer_bin, wait_deadline,
};
use serde_json::Value as J;

/// `TOOL -ff -o PREFIX -- tracee ARGS`; the files it wrote, as (task id, lines), by task id.
fn run_ff(tool: Tool, args: &[&str], s: &Scratch, name: &str) -> Vec<(u32, Vec<String>)> {
    let prefix = s.path().join(format!("{name}.{}", tool.name()));
    let child = Command::new(tool.bin())
        .arg("-ff")
        .arg("-o")
        .arg(&prefix)
        .arg("--")
        .arg(tracee_bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", tool.name()));
    let status = wait_deadline(child, tool.name());
    assert!(status.success(), "{} -ff: {status:?}", tool.name());
    assert!(
        !prefix.exists(),
        "{} -ff wrote the prefix itself, {}",
        tool.name(),
        prefix.display()
    );
    let stem = format!(
        "{}.",
        prefix.file_name().and_then(|f| f.to_str()).unwrap_or("")
    );
    let mut files: Vec<(u32, Vec<String>)> = std::fs::read_dir(s.path())
        .expect("scratch dir")
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let tid = name.strip_prefix(&stem)?.parse::<u32>().ok()?;
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((tid, text.lines().map(str::to_owned).collect()))
        })
        .collect();
    files.sort_by_key(|(tid, _)| *tid);
    files
}

/// `-ff -o PREFIX`: one file per process, named PREFIX.PID, each with that process's lines and
/// no pid prefix, as strace writes them.
#[test]
fn ff_writes_one_file_per_process_as_strace() {
    let s = Scratch::new("ff-fork");
    for tool in [Tool::Strace, Tool::Tracer] {
        let files = run_ff(tool, &["fork"], &s, "fork");
        assert_eq!(files.len(), 2, "{} -ff: {files:#?}", tool.name());
        let (parent, child) = (&files[0], &files[1]);
        let norm = Normalise::default().sub(child.0.to_string(), "<pid2>");
        let parent_lines = texts(&decoded_only(after_marker(norm.lines(&parent.1))));
        let child_lines = texts(&decoded_only(norm.lines(&child.1)));
        assert_lines(
            &format!("{} -ff: the parent's file", tool.name()),
            &[
                MARKER_LINE.to_owned(),
                common::sys("fork()", "<pid2>"),
                common::sys("exit_group(0)", "?"),
                "+++ exited with 0 +++".to_owned(),
            ],
            &parent_lines,
        );
        assert_lines(
            &format!("{} -ff: the child's file", tool.name()),
            &[
                common::sys(
                    r#"write(99, "child\n", 6)"#,
                    "-1 EBADF (Bad file descriptor)",
                ),
                common::sys("exit_group(7)", "?"),
                "+++ exited with 7 +++".to_owned(),
            ],
            &child_lines,
        );
    }
}

/// strace's -ff names files by task: each thread has its own file, ending with its exit.
#[test]
fn ff_gives_each_thread_its_file_as_strace() {
    let s = Scratch::new("ff-threads");
    let mut tails = Vec::new();
    for tool in [Tool::Strace, Tool::Tracer] {
        let files = run_ff(tool, &["threads", "2"], &s, "threads");
        let tail: Vec<String> = files
            .iter()
            .flat_map(|(_, lines)| {
                let n = lines.len().saturating_sub(2);
                texts(&Normalise::default().lines(&lines[n..]))
            })
            .collect();
        tails.push(tail);
    }
    assert_eq!(tails[0].len(), 6, "strace: {:?}", tails[0]);
    assert_lines(
        "the last two lines of each -ff file, strace vs tracer",
        &tails[0],
        &tails[1],
    );
}

/// Runs `sh -c CMD` under a pseudo-terminal (`script`), environment `env` added; its output.
fn on_a_terminal(cmd: &str, env: &[(&str, &str)]) -> String {
    let mut c = Command::new("script");
    c.args(["-qec", cmd, "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("script (util-linux) runs");
    assert!(out.status.success(), "{cmd}: {:?}", out.status);
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// Drops ANSI colour sequences.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' && it.peek() == Some(&'[') {
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

const BLUE_NAME: &str = "\x1b[1;34maccess\x1b[0m(";
const RED_ERROR: &str = "\x1b[31m-1 ENOENT (No such file or directory)\x1b[0m";

#[test]
fn colours_on_a_terminal_only() {
    let s = Scratch::new("colour");
    let tracer = tracer_bin();
    let run = format!("{} -- {} exit 0", tracer.display(), tracee_bin());
    // On a terminal: the name, the result and the error in colour; the padding as without.
    let out = on_a_terminal(&run, &[]);
    let line = out
        .lines()
        .find(|l| l.contains("tracee-marker-start"))
        .unwrap_or_else(|| panic!("no marker line in:\n{out}"));
    assert!(line.contains(BLUE_NAME), "name not coloured: {line:?}");
    assert!(line.contains(RED_ERROR), "error not coloured: {line:?}");
    assert_eq!(plain(line), MARKER_LINE, "colours moved the columns");
    let ok = out
        .lines()
        .find(|l| plain(l).starts_with("exit_group(0)"))
        .unwrap_or_else(|| panic!("no exit_group line in:\n{out}"));
    assert!(
        ok.contains("\x1b[32m?\x1b[0m"),
        "result not coloured: {ok:?}"
    );

    for (what, cmd, env) in [
        (
            "--color never",
            format!(
                "{} --color never -- {} exit 0",
                tracer.display(),
                tracee_bin()
            ),
            vec![],
        ),
        ("NO_COLOR", run.clone(), vec![("NO_COLOR", "1")]),
    ] {
        let out = on_a_terminal(&cmd, &env);
        assert!(
            out.contains(MARKER_LINE),
            "{what}: no marker line in:\n{out}"
        );
        assert!(!out.contains('\x1b'), "{what}: colours in:\n{out}");
    }

    // Written to a file: never, even from a terminal, even when asked for.
    let file = s.path().join("trace.txt");
    on_a_terminal(
        &format!(
            "{} -o {} -- {} exit 0",
            tracer.display(),
            file.display(),
            tracee_bin()
        ),
        &[],
    );
    let text = std::fs::read_to_string(&file).expect("the trace file");
    assert!(
        text.contains(MARKER_LINE) && !text.contains('\x1b'),
        "{text}"
    );
    on_a_terminal(
        &format!(
            "{} --color always -o {} -- {} exit 0",
            tracer.display(),
            file.display(),
            tracee_bin()
        ),
        &[],
    );
    let text = std::fs::read_to_string(&file).expect("the trace file");
    assert!(
        text.contains(MARKER_LINE) && !text.contains('\x1b'),
        "--color always -o FILE: {text}"
    );
}

/// The call of a text line without its padding and `-T` time; and that time in microseconds.
fn call_and_micros(line: &str) -> (String, Option<u64>) {
    let (body, micros) = match line.rfind(" <") {
        Some(i) if line.ends_with('>') => {
            let t = &line[i + 2..line.len() - 1];
            let (s, us) = t.split_once('.').unwrap_or((t, "0"));
            let us = s.parse::<u64>().ok().zip(us.parse::<u64>().ok());
            (&line[..i], us.map(|(s, us)| s * 1_000_000 + us))
        }
        _ => (line, None),
    };
    let pad = body.match_indices(')').rev().find(|&(i, _)| {
        let rest = &body[i + 1..];
        rest.starts_with(' ') && rest.trim_start().starts_with("= ")
    });
    let call = match pad {
        Some((i, _)) => format!("{} {}", &body[..=i], body[i + 1..].trim_start()),
        None => body.to_owned(),
    };
    (call, micros)
}

fn perfetto_run(args: &[&str], s: &Scratch, name: &str) -> (Vec<String>, J, PathBuf) {
    let trace = s.path().join(format!("{name}.perfetto.json"));
    let text = s.path().join(format!("{name}.txt"));
    let child = Command::new(tracer_bin())
        .args(["-f", "-T", "--perfetto"])
        .arg(&trace)
        .arg("-o")
        .arg(&text)
        .arg("--")
        .arg(tracee_bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("tracer starts");
    wait_deadline(child, "tracer");
    // -f -o FILE: lines start with the pid.
    let lines = std::fs::read_to_string(&text)
        .expect("the text trace")
        .lines()
        .map(|l| match l.split_once(' ') {
            Some((pid, rest)) if pid.parse::<u32>().is_ok() => rest.trim_start().to_owned(),
            _ => l.to_owned(),
        })
        .collect();
    let json: J = serde_json::from_str(&std::fs::read_to_string(&trace).expect("the trace"))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", trace.display()));
    (lines, json, trace)
}

/// The structure ui.perfetto.dev needs from Chrome trace-event JSON.
fn check_structure(json: &J, at: &Path) -> Vec<J> {
    let events = json["traceEvents"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no traceEvents array", at.display()))
        .clone();
    for e in &events {
        let ph = e["ph"].as_str().unwrap_or("");
        assert!(
            ["M", "X", "i"].contains(&ph),
            "unexpected phase in {e} ({})",
            at.display()
        );
        assert!(e["pid"].is_u64() && e["tid"].is_u64(), "no pid/tid: {e}");
        assert!(e["name"].is_string(), "no name: {e}");
        if ph != "M" {
            assert!(e["ts"].as_f64().is_some_and(|t| t >= 0.0), "no ts: {e}");
        }
        if ph == "X" {
            assert!(e["dur"].as_f64().is_some_and(|d| d >= 0.0), "no dur: {e}");
        }
        if ph == "i" {
            assert!(
                ["t", "p", "g"].contains(&e["s"].as_str().unwrap_or("")),
                "{e}"
            );
        }
    }
    events
}

/// Every syscall of a known program is a slice named after it, on its thread's track, with the
/// strace line in its args and the duration -T printed for it.
#[test]
fn perfetto_has_a_slice_per_syscall_with_its_duration() {
    let s = Scratch::new("perfetto");
    let dir = s.subdir("files");
    let (lines, json, at) = perfetto_run(&["files", dir.to_str().expect("UTF-8")], &s, "files");
    let events = check_structure(&json, &at);
    let slices: Vec<&J> = events.iter().filter(|e| e["ph"] == "X").collect();
    let calls: Vec<(String, Option<u64>)> = lines
        .iter()
        .filter(|l| !l.starts_with("+++"))
        .map(|l| call_and_micros(l))
        .collect();
    assert!(calls.len() > 30, "too few lines: {lines:#?}");
    let from_slices: Vec<String> = slices
        .iter()
        .map(|e| e["args"]["call"].as_str().unwrap_or("").to_owned())
        .collect();
    let want: Vec<String> = calls.iter().map(|(c, _)| c.clone()).collect();
    assert_lines("slices vs text lines", &want, &from_slices);
    for ((call, micros), e) in calls.iter().zip(&slices) {
        let name = &call[..call.find('(').unwrap_or(0)];
        assert_eq!(e["name"], *name, "{e}");
        let dur = e["dur"].as_f64().unwrap_or(-1.0);
        match micros {
            Some(us) => assert_eq!(dur.floor() as u64, *us, "duration of {call}: {e}"),
            None => assert_eq!(dur, 0.0, "a call that never returned: {e}"),
        }
    }
    let pid = slices[0]["pid"].as_u64().expect("pid");
    let named = |what: &str| {
        events
            .iter()
            .any(|e| e["ph"] == "M" && e["name"] == what && e["pid"] == pid)
    };
    assert!(
        named("process_name") && named("thread_name"),
        "tracks unnamed"
    );
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["name"] == "exited with 0" && e["pid"] == pid),
        "no exit instant"
    );
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["name"].as_str().is_some_and(|n| n.starts_with("exec "))),
        "no exec instant"
    );
}

/// Processes have tracks of their own; a fork is an instant on the parent's track.
#[test]
fn perfetto_groups_threads_by_process() {
    let s = Scratch::new("perfetto-fork");
    let (_, json, at) = perfetto_run(&["fork"], &s, "fork");
    let events = check_structure(&json, &at);
    let fork = events
        .iter()
        .find(|e| e["ph"] == "i" && e["name"].as_str().is_some_and(|n| n.starts_with("fork ")))
        .unwrap_or_else(|| panic!("no fork instant"));
    let child = fork["args"]["child_pid"].as_u64().expect("child pid");
    let child_slices: Vec<&J> = events
        .iter()
        .filter(|e| e["ph"] == "X" && e["pid"] == child)
        .collect();
    assert!(
        child_slices.iter().any(|e| e["name"] == "write"),
        "the child's write is not on its track"
    );
    assert!(child_slices.iter().all(|e| e["tid"] == child));
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["name"] == "exited with 7" && e["pid"] == child)
    );
}

/// A tmux server of its own, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        let t = Tmux {
            socket: format!("tracer-test-{}-{name}", std::process::id()),
        };
        t.cmd(&["new-session", "-d", "-x", "120", "-y", "40", "sh"]);
        // Keys typed before the prompt would be echoed before it, on the same lines as output.
        t.wait_for("the shell's prompt", |p| !p.trim().is_empty());
        t
    }

    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn pane(&self) -> String {
        self.cmd(&["capture-pane", "-p"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut a = vec!["send-keys"];
        a.extend_from_slice(keys);
        self.cmd(&a);
    }

    /// Polls the pane until `want` holds (a minute at most).
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let p = self.pane();
            if want(&p) {
                return p;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}; the pane:\n{p}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal is in its normal mode: canonical input, echo and signal keys on.
    fn assert_sane(&self) {
        self.keys(&[
            r#"clear; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e echo -e isig | tr '\n' ' '; echo "=st""ty""#,
            "Enter",
        ]);
        let answer = |l: &str| l.trim_end().ends_with("=stty") && !l.contains('"');
        let p = self.wait_for("stty's answer", |p| p.lines().any(answer));
        let line = p.lines().find(|l| answer(l)).unwrap_or_default();
        for mode in ["icanon", "echo", "isig"] {
            assert!(
                line.split_whitespace().any(|w| w == mode),
                "{mode} is off: the terminal was not restored:\n{p}"
            );
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

/// `--top` system-wide under a real terminal: the view shows the three tables and the
/// counters, `q` quits with status 0, and the terminal is back as it was (main screen, line
/// mode, echo).
#[test]
fn top_shows_the_busiest_and_q_restores_the_terminal() {
    let t = Tmux::new("top-q");
    t.keys(&[
        &format!(
            "{} --system-wide --top; echo \"stat\"\"us=$?\"",
            tracer_bin().display()
        ),
        "Enter",
    ]);
    let p = t.wait_for("the view with rows", |p| {
        p.contains("SYSCALL") && p.contains("PROCESS") && p.contains("CGROUP") && {
            // A syscall row under the SYSCALL heading.
            let mut l = p.lines().skip_while(|l| !l.starts_with("SYSCALL"));
            l.nth(1).is_some_and(|r| r.split_whitespace().count() == 4)
        }
    });
    assert!(p.contains("errors/s") && p.contains("events lost"), "{p}");
    t.keys(&["q"]);
    let p = t.wait_for("tracer to quit", |p| {
        p.lines().any(|l| l.contains("status="))
    });
    assert!(p.lines().any(|l| l.ends_with("status=0")), "{p}");
    assert!(
        !p.contains("CALLS/s"),
        "the view is still on the screen:\n{p}"
    );
    t.assert_sane();
}

/// `--top -- CMD`: the view ends when the command does, with its exit status, and the
/// terminal is restored.
#[test]
fn top_of_a_command_ends_with_it() {
    let t = Tmux::new("top-cmd");
    t.keys(&[
        &format!(
            "{} --top -- {} exit 3; echo \"stat\"\"us=$?\"",
            tracer_bin().display(),
            tracee_bin()
        ),
        "Enter",
    ]);
    let p = t.wait_for("tracer to end", |p| {
        p.lines().any(|l| l.contains("status="))
    });
    assert!(p.lines().any(|l| l.ends_with("status=3")), "{p}");
    t.assert_sane();
}

/// SIGTERM while the view is up: tracer ends normally and restores the terminal.
#[test]
fn top_restores_the_terminal_on_sigterm() {
    let t = Tmux::new("top-term");
    let s = Scratch::new("top-term");
    let pidfile = s.path().join("pid");
    t.keys(&[
        &format!(
            "sh -c 'echo $$ > {}; exec {} --system-wide --top'; echo \"stat\"\"us=$?\"",
            pidfile.display(),
            tracer_bin().display()
        ),
        "Enter",
    ]);
    t.wait_for("the view", |p| p.contains("SYSCALL"));
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .expect("pid file")
        .trim()
        .parse()
        .expect("a pid");
    // SAFETY: signals the tracer this test started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let p = t.wait_for("tracer to end", |p| {
        p.lines().any(|l| l.contains("status="))
    });
    assert!(
        !p.contains("CALLS/s"),
        "the view is still on the screen:\n{p}"
    );
    t.assert_sane();
}
