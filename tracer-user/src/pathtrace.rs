//! `-P PATH` (`--trace-path=PATH`): only the calls that use one of the paths, by name or
//! through a descriptor, as strace 6.1 decides it (src/pathtrace.c).
//!
//! strace's rules:
//! - Each path is kept as given and, when `realpath` makes something else of it, in that
//!   canonical form too (with a `Requested path "…" resolved into "…"` note).
//! - Only calls of the classes `%file`, `%desc` and `%network` can match. A path argument
//!   matches when it is one of the paths, byte for byte (`openat(AT_FDCWD, "tgt", …)` does not
//!   match `-P /tmp/tgt`); a descriptor argument matches when it refers to one of them at the
//!   call's entry (strace reads `/proc/PID/fd/N`; tracer asks its descriptor table,
//!   [`crate::fds::FdPaths`]). Negative descriptors, `AT_FDCWD` among them, never match.
//! - Which arguments are looked at: the rows say where the paths and descriptors are
//!   ([`Arg::Path`], [`Arg::Fd`], [`Arg::DirFd`], and the descriptors inside select's sets and
//!   poll's array); [`EXCEPTIONS`] lists where strace looks elsewhere.
//! - A call that does not match prints nothing at all; signals and exits still do.
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use crate::table::{Arg, Row, class};
use crate::wire::{Captured, SyscallEvent};

/// The paths `-P` asked for: each as given, and its canonical form when that differs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathSet {
    paths: Vec<Vec<u8>>,
}

/// A requested path that `realpath` resolved into another: strace says so on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub requested: Vec<u8>,
    pub canonical: Vec<u8>,
}

impl PathSet {
    /// strace's `pathtrace_select_set` for each `-P PATH`, in order: the path as given, and
    /// what `realpath` makes of it when that differs (a path that does not exist is kept as
    /// given only). Duplicates are kept once.
    pub fn new(
        requested: &[OsString],
        realpath: impl Fn(&OsStr) -> Option<PathBuf>,
    ) -> (PathSet, Vec<Resolved>) {
        let mut set = PathSet::default();
        let mut resolved = Vec::new();
        for path in requested {
            let given = path.as_bytes().to_vec();
            set.store(given.clone());
            let Some(canonical) = realpath(path) else {
                continue;
            };
            let canonical = canonical.into_os_string().into_vec();
            if canonical != given {
                resolved.push(Resolved {
                    requested: given,
                    canonical: canonical.clone(),
                });
                set.store(canonical);
            }
        }
        (set, resolved)
    }

    fn store(&mut self, path: Vec<u8>) {
        if !self.contains(&path) {
            self.paths.push(path);
        }
    }

    /// Whether `path` is one of the paths, byte for byte.
    pub fn contains(&self, path: &[u8]) -> bool {
        self.paths.iter().any(|p| p == path)
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Whether the call `ev` uses one of the paths. `enter` is its entry record (`ev` itself
    /// while the call is only entered), `fd_path` what a descriptor of the calling process
    /// refers to now. [`Match::NotYet`] when nothing matched but some argument's memory is not
    /// in these records (a call seen at its entry whose exit brings the copy).
    pub fn check(
        &self,
        row: &Row,
        ev: &SyscallEvent<'_>,
        enter: Option<&SyscallEvent<'_>>,
        fd_path: &mut dyn FnMut(i64) -> Option<String>,
    ) -> Match {
        let places = places(row, &ev.args);
        let mut unknown = false;
        for i in bits(places.paths) {
            match ev.caps[i].or_else(|| enter.and_then(|e| e.caps[i])) {
                Some(Captured::Bytes(b)) => {
                    let path = b.strip_suffix(&[0]).unwrap_or(b);
                    if self.contains(path) {
                        return Match::Yes;
                    }
                }
                Some(Captured::Fault) => {}
                None => unknown = true,
            }
        }
        let mut fd_matches = |fd: i64| {
            fd >= 0
                && fd_path(fd).is_some_and(|p| {
                    self.contains(p.as_bytes())
                        || p.strip_suffix(DELETED)
                            .is_some_and(|p| self.contains(p.as_bytes()))
                })
        };
        for i in bits(places.fds) {
            if fd_matches(i64::from(ev.args[i] as u32 as i32)) {
                return Match::Yes;
            }
        }
        if places.sets {
            let sets = row.args.iter().find_map(|a| match a {
                Arg::Special(c) => c.descriptors(ev, enter),
                _ => None,
            });
            match sets {
                Some(fds) if fds.iter().any(|&fd| fd_matches(fd)) => return Match::Yes,
                Some(_) => {}
                None => unknown = true,
            }
        }
        if unknown { Match::NotYet } else { Match::No }
    }
}

/// What `/proc/PID/fd/N` appends to the path of a file that was unlinked, and strace removes.
const DELETED: &str = " (deleted)";

/// Whether a call uses one of the paths: [`PathSet::check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    Yes,
    No,
    /// Not decided by what these records hold: ask again with the call's exit.
    NotYet,
}

/// Where in a call `-P` looks: bit `i` of `paths` for a path in argument `i`, of `fds` for a
/// descriptor; `sets` for the descriptors in select's sets or poll's array.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Places {
    pub paths: u8,
    pub fds: u8,
    pub sets: bool,
}

impl Places {
    const NONE: Places = Places {
        paths: 0,
        fds: 0,
        sets: false,
    };

    const fn at(paths: &[usize], fds: &[usize]) -> Places {
        let mut p = Places::NONE;
        let mut i = 0;
        while i < paths.len() {
            p.paths |= 1 << paths[i];
            i += 1;
        }
        let mut i = 0;
        while i < fds.len() {
            p.fds |= 1 << fds[i];
            i += 1;
        }
        p
    }

    pub fn is_empty(self) -> bool {
        self == Places::NONE
    }
}

/// Where strace looks elsewhere than at every path and descriptor argument of the row
/// (pathtrace.c's `switch`): the calls whose descriptor or path it leaves out, and those it
/// never matches although they take a descriptor.
const EXCEPTIONS: &[(&str, Places)] = &[
    // Only the descriptor added, changed or removed, not the epoll instance.
    ("epoll_ctl", Places::at(&[], &[2])),
    // The old name only.
    ("rename", Places::at(&[0], &[])),
    // The link's name (and its directory), not what it points to.
    ("symlink", Places::at(&[1], &[])),
    ("symlinkat", Places::at(&[2], &[1])),
    // The marked object, not the fanotify group.
    ("fanotify_mark", Places::at(&[4], &[3])),
    // fs_fd and a path or a descriptor, per command: see `places`.
    ("fsconfig", Places::at(&[3], &[4])),
    // Descriptors of other kinds than files, never matched.
    ("accept", Places::NONE),
    ("accept4", Places::NONE),
    ("fsmount", Places::NONE),
    ("io_uring_enter", Places::NONE),
    ("io_uring_register", Places::NONE),
    ("landlock_add_rule", Places::NONE),
    ("landlock_restrict_self", Places::NONE),
    ("mq_getsetattr", Places::NONE),
    ("mq_notify", Places::NONE),
    ("mq_open", Places::NONE),
    ("mq_timedreceive", Places::NONE),
    ("mq_timedreceive_time64", Places::NONE),
    ("mq_timedsend", Places::NONE),
    ("mq_timedsend_time64", Places::NONE),
    ("perf_event_open", Places::NONE),
    ("signalfd", Places::NONE),
    ("signalfd4", Places::NONE),
    ("timerfd_gettime", Places::NONE),
    ("timerfd_gettime64", Places::NONE),
    ("timerfd_settime", Places::NONE),
    ("timerfd_settime64", Places::NONE),
];

/// fsconfig's commands that name a path (and a descriptor it is relative to) or a descriptor.
const FSCONFIG_SET_PATH: u64 = 3;
const FSCONFIG_SET_PATH_EMPTY: u64 = 4;
const FSCONFIG_SET_FD: u64 = 5;

/// Every place a call of `row` may be looked at, whatever its arguments.
fn widest(row: &Row) -> Places {
    if row.class & (class::FILE | class::DESC | class::NETWORK) == 0 {
        return Places::NONE;
    }
    if let Some(&(_, p)) = EXCEPTIONS.iter().find(|(n, _)| *n == row.name) {
        return p;
    }
    let mut p = Places::NONE;
    for (i, a) in row.args.iter().enumerate() {
        match a {
            Arg::Path => p.paths |= 1 << i,
            Arg::Fd | Arg::DirFd => p.fds |= 1 << i,
            Arg::Special(c) if c.names_descriptors() => p.sets = true,
            _ => {}
        }
    }
    p
}

/// Where `-P` looks in this call of `row`.
pub fn places(row: &Row, args: &[u64; 6]) -> Places {
    let p = widest(row);
    if row.name != "fsconfig" {
        return p;
    }
    match args[1] & 0xffff_ffff {
        FSCONFIG_SET_PATH | FSCONFIG_SET_PATH_EMPTY => p,
        FSCONFIG_SET_FD => Places { paths: 0, ..p },
        _ => Places::NONE,
    }
}

/// Whether some call of `row` can match: the others need not be traced at all.
pub fn may_match(row: &Row) -> bool {
    !widest(row).is_empty()
}

/// The indices of the bits set in `b`.
fn bits(b: u8) -> impl Iterator<Item = usize> {
    (0..8).filter(move |i| b & (1 << i) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Arch, ROWS, Table};

    /// strace 6.1's `pathtrace_match_set`, transcribed: the places it looks at by syscall
    /// name, and its fallback by class. The rows and [`EXCEPTIONS`] must give the same.
    fn strace_places(name: &str, class_bits: u32, args: &[u64; 6]) -> Places {
        if class_bits & (class::FILE | class::DESC | class::NETWORK) == 0 {
            return Places::NONE;
        }
        let at = Places::at;
        match name {
            "dup2" | "dup3" | "kexec_file_load" | "sendfile" | "sendfile64" | "tee" => {
                at(&[], &[0, 1])
            }
            "execveat" | "faccessat" | "faccessat2" | "fchmodat" | "fchownat" | "fspick"
            | "fstatat64" | "futimesat" | "inotify_add_watch" | "mkdirat" | "mknodat"
            | "mount_setattr" | "name_to_handle_at" | "newfstatat" | "open_tree" | "openat"
            | "openat2" | "readlinkat" | "statx" | "unlinkat" | "utimensat"
            | "utimensat_time64" => at(&[1], &[0]),
            "link" | "mount" | "pivot_root" => at(&[0, 1], &[]),
            "quotactl" | "symlink" => at(&[1], &[]),
            "linkat" | "move_mount" | "renameat2" | "renameat" => at(&[1, 3], &[0, 2]),
            "mmap" => at(&[], &[4]),
            "symlinkat" => at(&[2], &[1]),
            "copy_file_range" | "splice" => at(&[], &[0, 2]),
            "epoll_ctl" => at(&[], &[2]),
            // 64-bit: the mask is one argument.
            "fanotify_mark" => at(&[4], &[3]),
            "pselect6" | "pselect6_time64" | "select" | "poll" | "ppoll" | "ppoll_time64" => {
                Places {
                    sets: true,
                    ..Places::NONE
                }
            }
            "fsconfig" => match args[1] {
                3 | 4 => at(&[3], &[4]),
                5 => at(&[], &[4]),
                _ => Places::NONE,
            },
            "accept4"
            | "accept"
            | "bpf"
            | "epoll_create"
            | "epoll_create1"
            | "eventfd2"
            | "eventfd"
            | "fanotify_init"
            | "fsmount"
            | "fsopen"
            | "inotify_init"
            | "inotify_init1"
            | "io_uring_enter"
            | "io_uring_register"
            | "io_uring_setup"
            | "landlock_add_rule"
            | "landlock_create_ruleset"
            | "landlock_restrict_self"
            | "memfd_create"
            | "memfd_secret"
            | "mq_getsetattr"
            | "mq_notify"
            | "mq_open"
            | "mq_timedreceive"
            | "mq_timedreceive_time64"
            | "mq_timedsend"
            | "mq_timedsend_time64"
            | "perf_event_open"
            | "pidfd_open"
            | "pipe"
            | "pipe2"
            | "signalfd4"
            | "signalfd"
            | "socket"
            | "socketpair"
            | "timerfd_create"
            | "timerfd_gettime"
            | "timerfd_gettime64"
            | "timerfd_settime"
            | "timerfd_settime64"
            | "userfaultfd" => Places::NONE,
            _ if class_bits & class::FILE != 0 => at(&[0], &[]),
            _ => at(&[], &[0]),
        }
    }

    /// Where the rows say otherwise than strace and it makes no difference in practice:
    /// strace's fallback reads getcwd's buffer as a path at entry (before the kernel fills
    /// it), and argument 0 of getpmsg and putpmsg, which no kernel implements, as a descriptor.
    const NOT_A_PLACE: &[&str] = &["getcwd", "getpmsg", "putpmsg"];

    #[test]
    fn the_rows_and_the_exceptions_look_where_strace_looks() {
        let mut differ = Vec::new();
        for row in ROWS {
            if NOT_A_PLACE.contains(&row.name) {
                continue;
            }
            for cmd in [0, 3, 4, 5] {
                let args = [0, cmd, 0, 0, 0, 0];
                let (ours, strace) = (
                    places(row, &args),
                    strace_places(row.name, row.class, &args),
                );
                if ours != strace {
                    differ.push(format!(
                        "{} {:?}: {ours:?}, strace {strace:?}",
                        row.name, row.args
                    ));
                    break;
                }
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }

    fn set(paths: &[&str]) -> PathSet {
        let requested: Vec<OsString> = paths.iter().map(OsString::from).collect();
        PathSet::new(&requested, |_| None).0
    }

    fn row(name: &str) -> &'static Row {
        let t = Table::new(Arch::X86_64);
        t.row(Arch::X86_64.number(name).expect("x86_64 syscall"))
            .expect("a row")
    }

    fn call<'a>(name: &str, args: [u64; 6], caps: [Option<Captured<'a>>; 6]) -> SyscallEvent<'a> {
        SyscallEvent::new(
            Arch::X86_64.number(name).expect("x86_64 syscall"),
            args,
            0,
            caps,
        )
    }

    fn path_cap(p: &[u8]) -> Option<Captured<'_>> {
        Some(Captured::Bytes(p))
    }

    /// Descriptor 3 is /dev/full, 4 is /tmp/x, now deleted.
    fn fd_path(fd: i64) -> Option<String> {
        match fd {
            3 => Some("/dev/full".into()),
            4 => Some("/tmp/x (deleted)".into()),
            _ => None,
        }
    }

    #[test]
    fn paths_are_kept_as_given_and_canonical() {
        let requested = [
            OsString::from("lnk"),
            OsString::from("/a"),
            OsString::from("lnk"),
        ];
        let (s, resolved) = PathSet::new(&requested, |p| match p.as_bytes() {
            b"lnk" => Some(PathBuf::from("/tmp/tgt")),
            b"/a" => Some(PathBuf::from("/a")),
            _ => None,
        });
        assert!(s.contains(b"lnk") && s.contains(b"/tmp/tgt") && s.contains(b"/a"));
        assert_eq!(s.paths.len(), 3, "duplicates are kept once");
        let lnk = Resolved {
            requested: b"lnk".to_vec(),
            canonical: b"/tmp/tgt".to_vec(),
        };
        assert_eq!(resolved, [lnk.clone(), lnk], "each -P says so");
    }

    #[test]
    fn a_path_argument_matches_byte_for_byte() {
        let s = set(&["/dev/full"]);
        let mut caps = [None; 6];
        caps[1] = path_cap(b"/dev/full\0");
        let openat = call("openat", [(-100i64) as u64, 0x1000, 0, 0, 0, 0], caps);
        assert_eq!(
            s.check(row("openat"), &openat, None, &mut fd_path),
            Match::Yes
        );
        caps[1] = path_cap(b"full\0");
        let relative = call("openat", [(-100i64) as u64, 0x1000, 0, 0, 0, 0], caps);
        assert_eq!(
            s.check(row("openat"), &relative, None, &mut fd_path),
            Match::No,
            "not joined with the directory"
        );
        // The directory descriptor alone matches.
        let in_dir = call("openat", [3, 0x1000, 0, 0, 0, 0], caps);
        assert_eq!(
            s.check(row("openat"), &in_dir, None, &mut fd_path),
            Match::Yes
        );
    }

    #[test]
    fn descriptors_match_through_the_table() {
        let s = set(&["/dev/full", "/tmp/x"]);
        let read = |fd| call("read", [fd, 0, 0, 0, 0, 0], [None; 6]);
        assert_eq!(
            s.check(row("read"), &read(3), None, &mut fd_path),
            Match::Yes
        );
        assert_eq!(
            s.check(row("read"), &read(4), None, &mut fd_path),
            Match::Yes,
            "a deleted file is still its path"
        );
        assert_eq!(
            s.check(row("read"), &read(5), None, &mut fd_path),
            Match::No
        );
        // Only the descriptor an epoll_ctl is about.
        let ctl = |epfd, fd| call("epoll_ctl", [epfd, 1, fd, 0, 0, 0], [None; 6]);
        assert_eq!(
            s.check(row("epoll_ctl"), &ctl(3, 5), None, &mut fd_path),
            Match::No
        );
        assert_eq!(
            s.check(row("epoll_ctl"), &ctl(5, 3), None, &mut fd_path),
            Match::Yes
        );
        // mmap's descriptor is its fifth argument.
        let mmap = call("mmap", [0, 4096, 1, 1, 3, 0], [None; 6]);
        assert_eq!(s.check(row("mmap"), &mmap, None, &mut fd_path), Match::Yes);
        // Calls of other classes never match.
        let getpid = call("getpid", [3, 0, 0, 0, 0, 0], [None; 6]);
        assert_eq!(
            s.check(row("getpid"), &getpid, None, &mut fd_path),
            Match::No
        );
    }

    #[test]
    fn a_path_not_copied_yet_is_decided_at_exit() {
        let s = set(&["/dev/full"]);
        let at_entry = call("openat", [(-100i64) as u64, 0x1000, 0, 0, 0, 0], [None; 6]);
        assert_eq!(
            s.check(row("openat"), &at_entry, Some(&at_entry), &mut fd_path),
            Match::NotYet
        );
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Fault);
        let unreadable = call("openat", [(-100i64) as u64, 0x1000, 0, 0, 0, 0], caps);
        assert_eq!(
            s.check(row("openat"), &unreadable, None, &mut fd_path),
            Match::No
        );
    }

    #[test]
    fn poll_and_select_match_by_the_descriptors_they_wait_for() {
        let s = set(&["/dev/full"]);
        // poll([{fd=7, …}, {fd=3, …}], 2, 0)
        let pollfds = [7, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0];
        let mut caps = [None; 6];
        caps[0] = path_cap(&pollfds);
        let poll = call("poll", [0x1000, 2, 0, 0, 0, 0], caps);
        assert_eq!(s.check(row("poll"), &poll, None, &mut fd_path), Match::Yes);
        let one = call("poll", [0x1000, 1, 0, 0, 0, 0], caps);
        assert_eq!(
            s.check(row("poll"), &one, None, &mut fd_path),
            Match::No,
            "only nfds pollfds count"
        );
        let entered = call("poll", [0x1000, 2, 0, 0, 0, 0], [None; 6]);
        assert_eq!(
            s.check(row("poll"), &entered, Some(&entered), &mut fd_path),
            Match::NotYet
        );
    }

    #[test]
    fn fsconfig_looks_where_its_command_says() {
        let s = set(&["/dev/full"]);
        let fsconfig = |cmd| call("fsconfig", [3, cmd, 0, 0, 3, 0], [None; 6]);
        assert_eq!(
            s.check(row("fsconfig"), &fsconfig(5), None, &mut fd_path),
            Match::Yes
        );
        assert_eq!(
            s.check(row("fsconfig"), &fsconfig(0), None, &mut fd_path),
            Match::No,
            "FSCONFIG_SET_FLAG names no file"
        );
    }
}
