//! `--decode-pids=pidns`: a pid a tracee in another pid namespace prints (its own view, `1`)
//! gets its number in tracer's namespace beside it, as strace prints it (`getpid() = 1 /* 3603
//! in tracer's PID NS */`).
//!
//! The kernel says a process's ids in each namespace from its own outwards in the `NSpid:` line
//! of `/proc/PID/status`; a pid of the tracee's namespace is found among the processes of that
//! namespace (same `/proc/PID/ns/pid`), at the tracee's level. Answers are kept and checked
//! again before use (pids are reused). Like the names of `-Y`, this is enrichment: it reads
//! `/proc` between decoding and formatting.
use std::collections::HashMap;
use std::path::PathBuf;

/// Where namespaces and ids come from. `/proc` in real use; a table in tests.
pub trait Source {
    /// What `/proc/PID/ns/pid` links to (`pid:[4026531836]`).
    fn ns(&self, pid: i64) -> Option<PathBuf>;
    /// The `NSpid:` ids of process `pid`, from tracer's namespace inwards.
    fn nspid(&self, pid: i64) -> Option<Vec<i64>>;
    /// Every process tracer's `/proc` lists.
    fn pids(&self) -> Vec<i64>;
}

/// The live system.
pub struct LiveSource;

impl Source for LiveSource {
    fn ns(&self, pid: i64) -> Option<PathBuf> {
        std::fs::read_link(format!("/proc/{pid}/ns/pid")).ok()
    }
    fn nspid(&self, pid: i64) -> Option<Vec<i64>> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("NSpid:"))?;
        line.split_whitespace().map(|v| v.parse().ok()).collect()
    }
    fn pids(&self) -> Vec<i64> {
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect()
    }
}

/// Translates tracees' pids into tracer's namespace.
pub struct PidNs<S: Source = LiveSource> {
    /// tracer's own namespace.
    own: Option<PathBuf>,
    /// (namespace, pid there) → pid here, as last found.
    found: HashMap<(PathBuf, i64), i64>,
    /// Each tracee's namespace and NSpid ids, read as soon as it is seen: a process is often
    /// gone from `/proc` by the time its lines print.
    tracees: HashMap<u32, (PathBuf, Vec<i64>)>,
    source: S,
}

impl Default for PidNs<LiveSource> {
    fn default() -> Self {
        Self::with_source(LiveSource)
    }
}

impl<S: Source> PidNs<S> {
    pub fn with_source(source: S) -> Self {
        PidNs {
            own: source.ns(i64::from(std::process::id())),
            found: HashMap::new(),
            tracees: HashMap::new(),
            source,
        }
    }

    /// Process `tgid` (a tracee, by tracer's pid) was seen: its namespace and ids are read
    /// now, while it is there.
    pub fn seen(&mut self, tgid: u32) {
        if self.tracees.contains_key(&tgid) {
            return;
        }
        let p = i64::from(tgid);
        if let (Some(ns), Some(ids)) = (self.source.ns(p), self.source.nspid(p)) {
            self.tracees.insert(tgid, (ns, ids));
        }
    }

    /// Process `tgid` ended: the next one with its pid is another.
    pub fn ended(&mut self, tgid: u32) {
        self.tracees.remove(&tgid);
    }

    /// Pid `pid` as process `tgid` (a tracee, named by tracer's pid) sees it, in tracer's
    /// namespace.
    pub fn translate(&mut self, tgid: u32, pid: i64) -> Translation {
        self.seen(tgid);
        let Some((ns, ids)) = self.tracees.get(&tgid) else {
            // Gone before it was seen: taken to be in tracer's namespace, as most are.
            return Translation::Same;
        };
        if self.own.as_ref() == Some(ns) {
            return Translation::Same;
        }
        if pid <= 0 {
            return Translation::NotFound;
        }
        // The tracee's level: its own id is the last of its NSpid line.
        let Some(level) = ids.len().checked_sub(1) else {
            return Translation::NotFound;
        };
        // The tracees seen, the caller first, may be gone from /proc by now.
        if ids[level] == pid {
            return Translation::Found(i64::from(tgid));
        }
        let ns = ns.clone();
        if let Some((&t, _)) = self
            .tracees
            .iter()
            .find(|(_, (n, i))| *n == ns && i.get(level) == Some(&pid))
        {
            return Translation::Found(i64::from(t));
        }
        let at_level = |src: &S, p: i64| src.nspid(p).and_then(|ids| ids.get(level).copied());
        let key = (ns, pid);
        if let Some(&p) = self.found.get(&key)
            && at_level(&self.source, p) == Some(pid)
            && self.source.ns(p).as_ref() == Some(&key.0)
        {
            return Translation::Found(p);
        }
        let found = self.source.pids().into_iter().find(|&p| {
            self.source.ns(p).as_ref() == Some(&key.0) && at_level(&self.source, p) == Some(pid)
        });
        match found {
            Some(p) => {
                self.found.insert(key, p);
                Translation::Found(p)
            }
            None => Translation::NotFound,
        }
    }
}

/// What a tracee's pid is in tracer's namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Translation {
    /// The tracee is in tracer's namespace: the same number.
    Same,
    /// This number.
    Found(i64),
    /// No process has it (gone, or in a namespace below the tracee's): strace prints nothing
    /// beside it.
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Processes: (pid here, namespace, NSpid ids).
    struct Table(Vec<(i64, &'static str, Vec<i64>)>);

    impl Source for Table {
        fn ns(&self, pid: i64) -> Option<PathBuf> {
            let own = i64::from(std::process::id());
            if pid == own {
                return Some("pid:[1]".into());
            }
            self.0
                .iter()
                .find(|(p, ..)| *p == pid)
                .map(|(_, ns, _)| ns.into())
        }
        fn nspid(&self, pid: i64) -> Option<Vec<i64>> {
            self.0
                .iter()
                .find(|(p, ..)| *p == pid)
                .map(|(.., ids)| ids.clone())
        }
        fn pids(&self) -> Vec<i64> {
            self.0.iter().map(|(p, ..)| *p).collect()
        }
    }

    #[test]
    fn pids_of_another_namespace_are_found_at_the_tracees_level() {
        let mut ns = PidNs::with_source(Table(vec![
            (100, "pid:[1]", vec![100]),
            (3603, "pid:[2]", vec![3603, 1]),
            (3604, "pid:[2]", vec![3604, 2]),
            // A sibling namespace with the same inner ids.
            (3700, "pid:[3]", vec![3700, 2]),
        ]));
        use Translation::*;
        assert_eq!(ns.translate(3603, 1), Found(3603));
        assert_eq!(ns.translate(3603, 2), Found(3604));
        assert_eq!(ns.translate(3700, 2), Found(3700));
        assert_eq!(ns.translate(3603, 7), NotFound);
        assert_eq!(ns.translate(3603, 0), NotFound);
        // The tracee shares tracer's namespace.
        assert_eq!(ns.translate(100, 100), Same);
    }
}
