//! `delay_enter=`/`delay_exit=`: tracees held in their syscall stop until a deadline, while the
//! ptrace thread goes on serving the others (strace arms a timer the same way, delay.c).
use std::collections::{BTreeSet, HashMap};

/// The held tracees, by deadline.
#[derive(Debug, Default)]
pub struct Held {
    /// (deadline in CLOCK_MONOTONIC ns, tid), soonest first.
    queue: BTreeSet<(u64, u32)>,
    /// Per held tid: its deadline and the signal to restart it with.
    tasks: HashMap<u32, (u64, i32)>,
}

impl Held {
    /// Holds `tid` until `deadline`; it is then restarted with `sig`. A task held already keeps
    /// only the new hold.
    pub fn hold(&mut self, tid: u32, deadline: u64, sig: i32) {
        self.release(tid);
        self.queue.insert((deadline, tid));
        self.tasks.insert(tid, (deadline, sig));
    }

    /// Lets `tid` go before its time (it died, or tracing ends): its restart signal, if it was
    /// held.
    pub fn release(&mut self, tid: u32) -> Option<i32> {
        let (deadline, sig) = self.tasks.remove(&tid)?;
        self.queue.remove(&(deadline, tid));
        Some(sig)
    }

    /// The tasks whose deadline is at or before `now`, soonest first, with their restart
    /// signals; they are held no more.
    pub fn due(&mut self, now: u64) -> Vec<(u32, i32)> {
        let mut out = Vec::new();
        while let Some(&(deadline, tid)) = self.queue.first() {
            if deadline > now {
                break;
            }
            if let Some(sig) = self.release(tid) {
                out.push((tid, sig));
            }
        }
        out
    }

    /// The soonest deadline.
    pub fn next(&self) -> Option<u64> {
        self.queue.first().map(|&(d, _)| d)
    }

    /// Every held task (tracing ends).
    pub fn tids(&self) -> Vec<u32> {
        self.tasks.keys().copied().collect()
    }

    #[cfg(test)]
    fn is_held(&self, tid: u32) -> bool {
        self.tasks.contains_key(&tid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_in_deadline_order() {
        let mut h = Held::default();
        h.hold(7, 300, 0);
        h.hold(8, 100, 10);
        h.hold(9, 200, 0);
        assert_eq!(h.next(), Some(100));
        assert_eq!(h.due(50), []);
        assert_eq!(h.due(250), [(8, 10), (9, 0)]);
        assert_eq!(h.next(), Some(300));
        assert!(h.is_held(7) && !h.is_held(8));
        assert_eq!(h.due(1000), [(7, 0)]);
        assert_eq!(h.next(), None);
    }

    #[test]
    fn release_and_rehold() {
        let mut h = Held::default();
        h.hold(7, 300, 12);
        assert_eq!(h.release(7), Some(12));
        assert_eq!(h.release(7), None);
        assert_eq!(h.due(u64::MAX), []);
        h.hold(7, 300, 0);
        h.hold(7, 100, 0);
        assert_eq!(h.due(150), [(7, 0)]);
        assert_eq!(h.due(u64::MAX), []);
    }
}
