//! `-Y` / `--decode-pids=comm`: process names beside pids, as strace prints them (`1234<bash>
//! getppid() = 1200<sh>`).
//!
//! strace keeps each tracee's name from when it first saw it, and reads it again at the exit of
//! the calls that change it (execve, prctl's PR_SET_NAME), after their line began; a pid in an
//! argument or a return value gets the name `/proc` has when the line prints. tracer prints a
//! little after the fact, so it learns the names traced tasks take from the stream (exec and
//! rename records) and applies each after the line of the call that took it; `/proc` is asked
//! only for tasks the stream never named (the tracer's parent, a process not traced, a task at
//! first sight). Like the descriptor table, this runs between decoding and formatting.
use std::collections::HashMap;

use crate::decode::{PidInfo, Value};
use crate::table::{Arg, Row};

/// Where names of tasks the stream never named come from. `/proc` in real use; a table in tests.
pub trait Source {
    /// `/proc/PID/comm`, without its newline.
    fn comm(&self, pid: u32) -> Option<Vec<u8>>;
}

/// The live system.
pub struct LiveSource;

impl Source for LiveSource {
    fn comm(&self, pid: u32) -> Option<Vec<u8>> {
        let mut c = std::fs::read(format!("/proc/{pid}/comm")).ok()?;
        if c.last() == Some(&b'\n') {
            c.pop();
        }
        Some(c)
    }
}

/// The names of the traced tasks.
pub struct Comms<S: Source = LiveSource> {
    /// What each task's lines show.
    names: HashMap<u32, Vec<u8>>,
    /// A name a task took and its lines do not show yet, with the traced call it took it in
    /// (whose line is the last with the old name).
    pending: HashMap<u32, (Vec<u8>, Option<u32>)>,
    source: S,
}

impl Default for Comms<LiveSource> {
    fn default() -> Self {
        Self::with_source(LiveSource)
    }
}

impl<S: Source> Comms<S> {
    pub fn with_source(source: S) -> Self {
        Comms {
            names: HashMap::new(),
            pending: HashMap::new(),
            source,
        }
    }

    /// The name task `tid`'s lines show: the one it had when first seen, or took since.
    pub fn of_task(&mut self, tid: u32) -> &[u8] {
        let source = &self.source;
        self.names
            .entry(tid)
            .or_insert_with(|| source.comm(tid).unwrap_or_default())
    }

    /// The name of the process `pid` refers to, for a pid printed in a call: the latest name a
    /// traced task took, else what `/proc` says now (nothing for a process that is gone).
    pub fn of_pid(&self, pid: i64) -> Option<Vec<u8>> {
        let pid = u32::try_from(pid).ok().filter(|&p| p > 0)?;
        let known = self
            .pending
            .get(&pid)
            .map(|(n, _)| n)
            .or_else(|| self.names.get(&pid));
        known
            .cloned()
            .or_else(|| self.source.comm(pid))
            .filter(|c| !c.is_empty())
    }

    /// Task `tid` took the name `comm`, in its traced call `nr` (`None`: in a call not
    /// traced, or another thread renamed it).
    pub fn renamed(&mut self, tid: u32, comm: &[u8], nr: Option<u32>) {
        self.pending.insert(tid, (comm.to_vec(), nr));
    }

    /// Task `child` was created by `parent`, whose name it starts with (the latest: one the
    /// parent's lines do not show yet is the child's already).
    pub fn forked(&mut self, parent: u32, child: u32) {
        let name = match self.pending.get(&parent) {
            Some((n, _)) => n.clone(),
            None => self.of_task(parent).to_vec(),
        };
        self.names.insert(child, name);
    }

    /// Task `tid` exec'd (as `old_tid` before, a thread that was not the leader) in call `nr`
    /// (`None` if not traced), and is now called `comm`, from the end of that call's line.
    pub fn exec(&mut self, old_tid: u32, tid: u32, comm: &[u8], nr: Option<u32>) {
        if old_tid != tid {
            if let Some(n) = self.names.remove(&old_tid) {
                self.names.insert(tid, n);
            }
            self.pending.remove(&old_tid);
        }
        self.renamed(tid, comm, nr);
    }

    /// A line of task `tid`'s call `nr` comes: a name it took in an earlier call shows from
    /// this line on. `None` (a call's entry, a resumed line) shows any name taken.
    pub fn call_begins(&mut self, tid: u32, nr: Option<u32>) {
        if let Some((_, renamed_in)) = self.pending.get(&tid)
            && (nr.is_none() || *renamed_in != nr)
        {
            self.call_done(tid);
        }
    }

    /// The line of task `tid`'s call is out: the name it took in it shows from now on.
    pub fn call_done(&mut self, tid: u32) {
        if let Some((n, _)) = self.pending.remove(&tid) {
            self.names.insert(tid, n);
        }
    }

    /// Task `tid` ended: its lines are over. A pid printed later is named by `/proc`, which
    /// has a zombie's name until it is reaped and none after, as strace sees it.
    pub fn ended(&mut self, tid: u32) {
        self.names.remove(&tid);
        self.pending.remove(&tid);
    }
}

/// Puts what `info` says of each pid argument of `row` ([`Arg::Pid`]) beside it (`-Y`,
/// `--decode-pids=pidns`).
pub fn decorate(row: &Row, args: &mut [Value<'_>], mut info: impl FnMut(i64) -> Option<PidInfo>) {
    for (kind, v) in row.args.iter().zip(args.iter_mut()) {
        if *kind != Arg::Pid {
            continue;
        }
        if let Value::Int(pid) = *v
            && let Some(i) = info(pid)
        {
            *v = Value::WithPid(Box::new(Value::Int(pid)), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Table(Vec<(u32, &'static str)>);

    impl Source for Table {
        fn comm(&self, pid: u32) -> Option<Vec<u8>> {
            self.0
                .iter()
                .find(|(p, _)| *p == pid)
                .map(|(_, c)| c.as_bytes().to_vec())
        }
    }

    fn comms() -> Comms<Table> {
        Comms::with_source(Table(vec![(1, "init"), (10, "sh"), (11, "sh")]))
    }

    #[test]
    fn a_name_taken_in_a_call_shows_after_its_line() {
        let mut c = comms();
        assert_eq!(c.of_task(10), b"sh");
        c.renamed(10, b"worker", Some(157));
        // The renaming call's own line still shows the old name; a pid printed by another
        // task's line shows the new one, as /proc would.
        c.call_begins(10, Some(157));
        assert_eq!(c.of_task(10), b"sh");
        assert_eq!(c.of_pid(10).as_deref(), Some(&b"worker"[..]));
        c.call_done(10);
        assert_eq!(c.of_task(10), b"worker");
    }

    #[test]
    fn a_name_taken_in_a_call_not_traced_shows_on_the_next_line() {
        let mut c = comms();
        c.renamed(10, b"worker", None);
        c.call_begins(10, Some(110));
        assert_eq!(c.of_task(10), b"worker");
        // Renamed in traced call 157, whose exit record never came: a new call's entry ends it.
        c.renamed(11, b"other", Some(157));
        c.call_begins(11, None);
        assert_eq!(c.of_task(11), b"other");
    }

    #[test]
    fn children_start_with_their_parents_name_and_exec_renames() {
        let mut c = comms();
        c.renamed(10, b"parent", None);
        c.call_done(10);
        c.forked(10, 12);
        assert_eq!(c.of_task(12), b"parent");
        // A non-leader thread 13 of process 12 execs: it becomes 12, named by the exec.
        c.forked(12, 13);
        c.exec(13, 12, b"exe", Some(59));
        assert_eq!(c.of_task(12), b"parent");
        c.call_done(12);
        assert_eq!(c.of_task(12), b"exe");
    }

    #[test]
    fn pids_not_traced_are_named_by_the_source_and_others_not_at_all() {
        let c = comms();
        assert_eq!(c.of_pid(1).as_deref(), Some(&b"init"[..]));
        assert_eq!(c.of_pid(0), None);
        assert_eq!(c.of_pid(-1), None);
        assert_eq!(c.of_pid(99), None);
        assert_eq!(c.of_pid(i64::from(u32::MAX) + 1), None);
    }
}
