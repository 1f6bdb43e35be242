//! `-y`: what each file descriptor refers to, printed as strace does (`3</etc/hostname>`,
//! `AT_FDCWD</tmp>`, `= 4<pipe:[1234]>`).
//!
//! strace reads `/proc/PID/fd/N` while the tracee is stopped. tracer prints a little after the
//! fact, when the descriptor may already be closed or reused, so it keeps its own table per
//! process, fed by the syscalls it decodes: a descriptor's path is learnt when it is opened,
//! copied by dup and forks, and forgotten at close and exec. Descriptors it never saw opened
//! are read from `/proc` when first printed. Decoding stays pure: this runs between decoding
//! and formatting, like the labels.
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::decode::{FdDesc, Value};

/// `--decode-fds=`'s parts: what a descriptor is printed with.
pub mod show {
    /// Its path, or what `/proc` links it to.
    pub const PATH: u32 = 1;
    /// A socket's protocol and addresses.
    pub const SOCKET: u32 = 2;
    /// A device's type and numbers.
    pub const DEV: u32 = 4;
    /// A pidfd's process.
    pub const PIDFD: u32 = 8;
}
use crate::table::{Arg, Ret, Row};

/// `AT_FDCWD` as the C `int` the decoders produce.
const AT_FDCWD: i64 = -100;
/// fcntl commands that return a new descriptor.
const F_DUPFD: u64 = 0;
const F_DUPFD_CLOEXEC: u64 = 1030;
const F_SETFD: u64 = 2;
const FD_CLOEXEC: u64 = 1;
const O_CLOEXEC: u64 = 0o2000000;
const EBADF: i64 = 9;
/// Calls that return new descriptors through an argument.
const CREATE_IN_ARGS: &[&str] = &["pipe", "pipe2", "socketpair"];

/// Calls that change the table beside those returning a descriptor.
const CHANGE_TABLE: &[&str] = &[
    "close",
    "close_range",
    "dup",
    "dup2",
    "dup3",
    "fcntl",
    "chdir",
    "fchdir",
];

/// Whether a call changes what descriptors refer to (opens, closes, dups, the working
/// directory): `-y` must see it, selected or not, to keep its table right.
pub fn feeds_table(row: &Row) -> bool {
    row.ret == Ret::Fd || CREATE_IN_ARGS.contains(&row.name) || CHANGE_TABLE.contains(&row.name)
}

/// Where paths of descriptors nobody saw opened come from. `/proc` in real use; a table in tests.
pub trait Proc {
    /// What `/proc/TGID/fd/FD` links to.
    fn fd_link(&self, tgid: u32, fd: i64) -> Option<String>;
    /// What `/proc/TGID/cwd` links to.
    fn cwd(&self, tgid: u32) -> Option<String>;
    /// The process a thread belongs to.
    fn tgid(&self, tid: u32) -> Option<u32>;
    /// Every open descriptor of a process, what it links to and whether it is close-on-exec.
    fn fds(&self, tgid: u32) -> Vec<(i64, String, bool)>;
    /// The canonical form of an absolute path (symbolic links resolved), as the kernel would
    /// report it for a descriptor opened there.
    fn canonical(&self, path: &Path) -> Option<String>;
    /// A device file's kind (block or not) and numbers.
    fn device(&self, _path: &str) -> Option<(bool, u32, u32)> {
        None
    }
    /// The process pidfd `fd` of process `tgid` refers to.
    fn pidfd_pid(&self, _tgid: u32, _fd: i64) -> Option<i64> {
        None
    }
    /// The kernel's name for the protocol (`TCP`, `UNIX-STREAM`, `NETLINK`) of socket `ino`,
    /// while it is still descriptor `fd` of process `tgid`.
    fn socket_proto(&self, _tgid: u32, _fd: i64, _ino: u64) -> Option<String> {
        None
    }
    /// What the kernel's socket diagnostics say of socket `ino` of protocol `proto`, as strace
    /// prints it between the angle brackets (`TCP:[127.0.0.1:80]`); `None` when they say
    /// nothing (a socket without address, or gone).
    fn socket_details(&self, _ino: u64, _proto: Option<&str>) -> Option<String> {
        None
    }
}

/// The live system.
#[derive(Default)]
pub struct LiveProc {
    diag: crate::sockdiag::Diag,
}

impl Proc for LiveProc {
    fn fd_link(&self, tgid: u32, fd: i64) -> Option<String> {
        link(&format!("/proc/{tgid}/fd/{fd}"))
    }
    fn cwd(&self, tgid: u32) -> Option<String> {
        link(&format!("/proc/{tgid}/cwd"))
    }
    fn tgid(&self, tid: u32) -> Option<u32> {
        crate::target::tgid_of(tid)
    }
    fn fds(&self, tgid: u32) -> Vec<(i64, String, bool)> {
        let Ok(dir) = std::fs::read_dir(format!("/proc/{tgid}/fd")) else {
            return Vec::new();
        };
        dir.filter_map(|e| {
            let e = e.ok()?;
            let fd = e.file_name().to_str()?.parse().ok()?;
            // fdinfo's `flags:` is octal and includes O_CLOEXEC.
            let info = std::fs::read_to_string(format!("/proc/{tgid}/fdinfo/{fd}")).ok()?;
            let flags = info
                .lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|v| u64::from_str_radix(v.trim(), 8).ok())
                .unwrap_or(0);
            Some((fd, self.fd_link(tgid, fd)?, flags & O_CLOEXEC != 0))
        })
        .collect()
    }
    fn canonical(&self, path: &Path) -> Option<String> {
        std::fs::canonicalize(path)
            .ok()
            .map(|p| p.to_string_lossy().into_owned())
    }
    fn device(&self, path: &str) -> Option<(bool, u32, u32)> {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let m = std::fs::metadata(path).ok()?;
        let ft = m.file_type();
        if !(ft.is_char_device() || ft.is_block_device()) {
            return None;
        }
        let dev = m.rdev();
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
        let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
        Some((ft.is_block_device(), major as u32, minor as u32))
    }
    fn pidfd_pid(&self, tgid: u32, fd: i64) -> Option<i64> {
        let info = std::fs::read_to_string(format!("/proc/{tgid}/fdinfo/{fd}")).ok()?;
        info.lines()
            .find_map(|l| l.strip_prefix("Pid:"))
            .and_then(|v| v.trim().parse().ok())
    }
    fn socket_proto(&self, tgid: u32, fd: i64, ino: u64) -> Option<String> {
        // The descriptor may have been closed and reused since the call printed made it.
        if self.fd_link(tgid, fd)? != format!("socket:[{ino}]") {
            return None;
        }
        crate::sockdiag::proto_name(tgid, fd)
    }
    fn socket_details(&self, ino: u64, proto: Option<&str>) -> Option<String> {
        self.diag.lookup(ino, proto)
    }
}

fn link(p: &str) -> Option<String> {
    std::fs::read_link(p)
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
}

/// An open descriptor: what it refers to, and whether exec closes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Open {
    path: String,
    cloexec: bool,
}

#[derive(Clone, Default)]
struct Process {
    cwd: Option<String>,
    fds: HashMap<i64, Open>,
    /// Every descriptor is known (the process was read from `/proc` when tracing began, or
    /// descends from one that was): a descriptor missing from `fds` is closed.
    complete: bool,
}

/// strace's socket cache: what diag said of an inode is kept in one of this many slots (by the
/// inode's low bits) until another inode takes the slot, and printed again without asking.
const SOCKET_SLOTS: u64 = 1024;

/// What is known of sockets, kept as strace keeps it: slot (inode's low bits) → (inode, text).
#[derive(Default)]
struct Sockets {
    /// diag's answers. strace prints a cached answer even when it is stale (a bound UDP
    /// socket connected later still shows its bound address), so tracer does too.
    details: HashMap<u64, (u64, String)>,
    /// Protocol names, which never change for an inode: the fallback `TCP:[N]` for a socket
    /// closed before its line prints.
    protos: HashMap<u64, (u64, String)>,
}

impl Sockets {
    fn get(map: &HashMap<u64, (u64, String)>, ino: u64) -> Option<String> {
        map.get(&(ino % SOCKET_SLOTS))
            .filter(|(i, _)| *i == ino)
            .map(|(_, t)| t.clone())
    }
    fn put(map: &mut HashMap<u64, (u64, String)>, ino: u64, text: String) {
        map.insert(ino % SOCKET_SLOTS, (ino, text));
    }
}

/// Calls whose socket arguments strace shows as they were before the call gave them an
/// address, when it looked them up at the call's entry: tracer looks after the fact and would
/// see the address.
const BEFORE_ADDRESS: &[&str] = &["bind", "connect"];

/// Descriptor paths per process.
pub struct FdPaths<P: Proc = LiveProc> {
    procs: HashMap<u32, Process>,
    /// What the kernel said the descriptors a task's call created are, by thread, until that
    /// call is decorated: better than `/proc`, which may no longer have them.
    created: HashMap<u32, Vec<(i64, String)>>,
    /// Those of the call being decorated ([`FdPaths::for_call`]).
    current: Vec<(i64, String)>,
    /// [`show`] bits: what a descriptor is printed with.
    mode: u32,
    /// The processes of the pidfds the kernel told of, by creating thread and descriptor (the
    /// pidfd may be closed before `/proc` can be asked).
    pidfds: HashMap<(u32, i64), i64>,
    sockets: Sockets,
    /// Sockets are being described as they were before any address (see [`BEFORE_ADDRESS`]).
    before_address: bool,
    source: P,
}

impl FdPaths<LiveProc> {
    pub fn new() -> Self {
        Self::with_source(LiveProc::default())
    }
}

impl Default for FdPaths<LiveProc> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: Proc> FdPaths<P> {
    pub fn with_source(source: P) -> Self {
        FdPaths {
            procs: HashMap::new(),
            created: HashMap::new(),
            current: Vec::new(),
            mode: show::PATH,
            pidfds: HashMap::new(),
            sockets: Sockets::default(),
            before_address: false,
            source,
        }
    }

    /// `--decode-fds=`: what descriptors are printed with ([`show`] bits).
    pub fn with_mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }

    /// What to print for descriptor `fd` of process `tgid` that links to `link`, as strace's
    /// `printfd_pid` chooses: a socket's protocol and addresses, a device's numbers, a pidfd's
    /// process, else the path, each only when asked for.
    fn describe(&mut self, tgid: u32, fd: i64, link: String) -> Option<FdDesc> {
        if self.mode & show::SOCKET != 0
            && let Some(ino) = socket_inode(&link)
        {
            return Some(FdDesc::Socket(self.socket(tgid, fd, ino)));
        }
        if self.mode & show::DEV != 0
            && link.starts_with('/')
            && let Some((block, major, minor)) = self.source.device(&link)
        {
            return Some(FdDesc::Device {
                path: link,
                block,
                major,
                minor,
            });
        }
        if self.mode & show::PIDFD != 0
            && link == "anon_inode:[pidfd]"
            && let Some(pid) = self
                .pidfds
                .iter()
                .find(|((t, f), _)| *f == fd && self.source.tgid(*t).unwrap_or(*t) == tgid)
                .map(|(_, &p)| p)
                .or_else(|| self.source.pidfd_pid(tgid, fd))
        {
            return Some(FdDesc::Pid(pid));
        }
        (self.mode & show::PATH != 0).then_some(FdDesc::Path(link))
    }

    /// What strace prints for socket `ino`, descriptor `fd` of process `tgid` (its
    /// `printsocket`): the cached answer, else diag's (cached), else `PROTO:[N]` for a protocol
    /// strace knows, else the link.
    fn socket(&mut self, tgid: u32, fd: i64, ino: u64) -> String {
        if let Some(text) = Sockets::get(&self.sockets.details, ino) {
            return text;
        }
        let proto = match self.source.socket_proto(tgid, fd, ino) {
            Some(p) => {
                Sockets::put(&mut self.sockets.protos, ino, p.clone());
                Some(p)
            }
            None => Sockets::get(&self.sockets.protos, ino),
        };
        if !self.before_address
            && let Some(text) = self.source.socket_details(ino, proto.as_deref())
        {
            Sockets::put(&mut self.sockets.details, ino, text.clone());
            return text;
        }
        match proto.filter(|p| crate::sockdiag::query_of(p).is_some()) {
            Some(p) => format!("{p}:[{ino}]"),
            None => format!("socket:[{ino}]"),
        }
    }

    /// What the kernel says descriptor `fd`, just created by thread `tid`'s call (whose record
    /// comes next), refers to: its inode's mode and number and its dentry's name, as
    /// `/proc/PID/fd` would link it (`pipe:[N]`, `socket:[N]`, `anon_inode:[eventfd]`).
    pub fn created(&mut self, tid: u32, fd: i64, mode: u32, ino: u64, name: &[u8]) {
        const S_IFMT: u32 = 0o170000;
        let path = match mode & S_IFMT {
            0o010000 => format!("pipe:[{ino}]"),
            0o140000 => format!("socket:[{ino}]"),
            0 if name == b"[pidfd]" => {
                self.pidfds.insert((tid, fd), ino as i64);
                "anon_inode:[pidfd]".to_owned()
            }
            0 if !name.is_empty() => format!("anon_inode:{}", String::from_utf8_lossy(name)),
            _ => return,
        };
        self.created.entry(tid).or_default().push((fd, path));
    }

    /// The next call decorated is thread `tid`'s: what the kernel said of the descriptors it
    /// created (nothing of an earlier call carries over).
    pub fn for_call(&mut self, tid: u32) {
        self.current = self.created.remove(&tid).unwrap_or_default();
    }

    /// Thread `tid` ended: whatever the kernel said for a call of it that never printed goes.
    pub fn task_ended(&mut self, tid: u32) {
        self.created.remove(&tid);
    }

    /// A new descriptor's path: what the kernel said, else `/proc`.
    fn new_fd_path(&mut self, tgid: u32, fd: i64) -> Option<String> {
        match self.current.iter().position(|(f, _)| *f == fd) {
            Some(i) => Some(self.current.swap_remove(i).1),
            None => self.source.fd_link(tgid, fd),
        }
    }

    /// The path of `fd` in process `tgid`: from the table, else from `/proc`.
    pub fn path(&mut self, tgid: u32, fd: i64) -> Option<String> {
        self.lookup(tgid, fd, true)
    }

    fn lookup(&mut self, tgid: u32, fd: i64, ask_proc: bool) -> Option<String> {
        if fd == AT_FDCWD {
            return self.cwd(tgid);
        }
        if fd < 0 {
            return None;
        }
        let known = self.procs.get(&tgid);
        if let Some(o) = known.and_then(|p| p.fds.get(&fd)) {
            return Some(o.path.clone());
        }
        if known.is_some_and(|p| p.complete) {
            return None;
        }
        // Pipes, sockets and descriptors passed in from outside were never seen opened.
        if ask_proc {
            self.source.fd_link(tgid, fd)
        } else {
            None
        }
    }

    /// Reads the working directory and open descriptors of a process now: for the tasks traced
    /// from the start, whose state may have changed (or which may be gone) by the time their
    /// lines print. `tid` may be any thread of the process.
    pub fn seed(&mut self, tid: u32) {
        let tgid = self.source.tgid(tid).unwrap_or(tid);
        let cwd = self.source.cwd(tgid);
        let fds = self.source.fds(tgid);
        let p = self.procs.entry(tgid).or_default();
        p.cwd = cwd;
        p.complete = true;
        p.fds.extend(
            fds.into_iter()
                .map(|(fd, path, cloexec)| (fd, Open { path, cloexec })),
        );
    }

    fn cwd(&mut self, tgid: u32) -> Option<String> {
        let p = self.procs.entry(tgid).or_default();
        if p.cwd.is_none() {
            p.cwd = self.source.cwd(tgid);
        }
        p.cwd.clone()
    }

    /// Adds paths to the descriptors among `args` (as they were when the call began), applies the
    /// call's effect on the table, and returns the path to print after a descriptor it returned.
    pub fn decorate(
        &mut self,
        tgid: u32,
        name: &str,
        row: &Row,
        raw: &[u64; 6],
        ret: i64,
        args: &mut [Value<'_>],
    ) -> Option<FdDesc> {
        self.before_address = BEFORE_ADDRESS.contains(&name);
        let path = self.learn(tgid, name, row, raw, ret, args);
        // A new socket has no address yet.
        self.before_address = name == "socket";
        let desc = path.and_then(|path| self.describe(tgid, ret, path));
        self.before_address = false;
        desc
    }

    /// [`FdPaths::decorate`]'s work: the path of the descriptor the call returned.
    fn learn(
        &mut self,
        tgid: u32,
        name: &str,
        row: &Row,
        raw: &[u64; 6],
        ret: i64,
        args: &mut [Value<'_>],
    ) -> Option<String> {
        // EBADF: the descriptor is not open, whatever /proc says by now.
        let ask_proc = ret != -EBADF;
        if CREATE_IN_ARGS.contains(&name) && ret >= 0 {
            // pipe2([3, 4], 0): new descriptors that only /proc can name.
            for v in args.iter_mut() {
                self.annotate_from_proc(tgid, v);
            }
            if name == "socketpair"
                && let Some(proto) = crate::sockdiag::proto_of_socket(raw[0], raw[1], raw[2])
            {
                let mut fds = Vec::new();
                for v in args.iter() {
                    fds_in(v, &mut fds);
                }
                for fd in fds {
                    self.learn_proto(tgid, fd, proto);
                }
            }
        }
        for v in args.iter_mut() {
            self.annotate(tgid, v, ask_proc);
        }
        if ret < 0 {
            return None;
        }
        let fd_arg = |i: usize| raw[i] as u32 as i32 as i64;
        let returns_fd = returns_fd(name, row, raw);
        match name {
            "close" => {
                self.forget(tgid, fd_arg(0));
            }
            "close_range" => {
                let (lo, hi) = (raw[0] as u32 as i64, raw[1] as u32 as i64);
                if let Some(p) = self.procs.get_mut(&tgid) {
                    p.fds.retain(|&fd, _| fd < lo || fd > hi);
                }
            }
            "fcntl" if raw[1] & 0xffff_ffff == F_SETFD => {
                if let Some(o) = self
                    .procs
                    .get_mut(&tgid)
                    .and_then(|p| p.fds.get_mut(&fd_arg(0)))
                {
                    o.cloexec = raw[2] & FD_CLOEXEC != 0;
                }
            }
            "chdir" | "fchdir" => {
                let cwd = if name == "chdir" {
                    self.opened_path(tgid, row, raw, args)
                } else {
                    self.path(tgid, fd_arg(0))
                };
                self.procs.entry(tgid).or_default().cwd = cwd;
            }
            _ => {}
        }
        if !returns_fd {
            return None;
        }
        let path = if row.args.contains(&Arg::Path) {
            self.opened_path(tgid, row, raw, args)
        } else if matches!(name, "dup" | "dup2" | "dup3" | "fcntl") {
            self.path(tgid, fd_arg(0))
        } else {
            // Sockets, pipes, event and timer descriptors: the kernel said, or /proc knows.
            self.new_fd_path(tgid, ret)
        };
        // What a new socket's protocol is, should it be gone before its lines print: what
        // socket's arguments say, or the listening socket's for an accepted one.
        let new_proto = match name {
            "socket" => crate::sockdiag::proto_of_socket(raw[0], raw[1], raw[2]).map(str::to_owned),
            "accept" | "accept4" => self
                .path(tgid, fd_arg(0))
                .as_deref()
                .and_then(socket_inode)
                .and_then(|ino| Sockets::get(&self.sockets.protos, ino)),
            _ => None,
        };
        if let Some(ino) = path.as_deref().and_then(socket_inode)
            && let Some(proto) = new_proto
        {
            Sockets::put(&mut self.sockets.protos, ino, proto);
        }
        let cloexec = match name {
            "dup3" => raw[2] & O_CLOEXEC != 0,
            "fcntl" => raw[1] & 0xffff_ffff == F_DUPFD_CLOEXEC,
            _ => row
                .args
                .iter()
                .position(|a| *a == Arg::OpenFlags)
                .is_some_and(|i| raw[i] & O_CLOEXEC != 0),
        };
        let p = self.procs.entry(tgid).or_default();
        match &path {
            Some(path) => {
                p.fds.insert(
                    ret,
                    Open {
                        path: path.clone(),
                        cloexec,
                    },
                );
            }
            None => {
                p.fds.remove(&ret);
            }
        }
        path
    }

    /// [`FdPaths::decorate`] for a call whose result `-e inject=` made up: the kernel skipped
    /// it, so the table stays as it was, and a descriptor it "returned" is one the process may
    /// already have (`memfd_secret(0) = 7</dev/null> (INJECTED)`).
    pub fn decorate_injected(
        &mut self,
        tgid: u32,
        name: &str,
        row: &Row,
        raw: &[u64; 6],
        ret: i64,
        args: &mut [Value<'_>],
    ) -> Option<FdDesc> {
        for v in args.iter_mut() {
            self.annotate(tgid, v, true);
        }
        let path = (ret >= 0 && returns_fd(name, row, raw))
            .then(|| self.path(tgid, ret))
            .flatten()?;
        self.describe(tgid, ret, path)
    }

    /// Where the path argument of an open (or chdir) call leads: absolute, or relative to its
    /// directory descriptor or the working directory; symbolic links resolved when the file is
    /// there to ask.
    fn opened_path(
        &mut self,
        tgid: u32,
        row: &Row,
        raw: &[u64; 6],
        args: &[Value<'_>],
    ) -> Option<String> {
        let i = row.args.iter().position(|a| *a == Arg::Path)?;
        let rel = match strip(args.get(i)?) {
            Value::Str {
                bytes,
                truncated: false,
                ..
            } => String::from_utf8_lossy(bytes).into_owned(),
            _ => return None,
        };
        let base = if rel.starts_with('/') {
            String::new()
        } else {
            match row.args.iter().position(|a| *a == Arg::DirFd) {
                Some(d) => self.path(tgid, raw[d] as u32 as i32 as i64)?,
                None => self.cwd(tgid)?,
            }
        };
        let joined = normalise(&Path::new(&base).join(&rel));
        Some(
            self.source
                .canonical(&joined)
                .unwrap_or_else(|| joined.to_string_lossy().into_owned()),
        )
    }

    /// Descriptor `fd` of process `tgid`, if a socket, is of protocol `proto`.
    fn learn_proto(&mut self, tgid: u32, fd: i64, proto: &str) {
        if let Some(ino) = self
            .procs
            .get(&tgid)
            .and_then(|p| p.fds.get(&fd))
            .and_then(|o| socket_inode(&o.path))
        {
            Sockets::put(&mut self.sockets.protos, ino, proto.to_owned());
        }
    }

    fn forget(&mut self, tgid: u32, fd: i64) {
        if let Some(p) = self.procs.get_mut(&tgid) {
            p.fds.remove(&fd);
        }
    }

    /// Learns the descriptors among `v` from `/proc`.
    fn annotate_from_proc(&mut self, tgid: u32, v: &Value<'_>) {
        match v {
            Value::Fd(fd) if *fd >= 0 => {
                if let Some(path) = self.new_fd_path(tgid, *fd) {
                    let open = Open {
                        path,
                        cloexec: false,
                    };
                    self.procs.entry(tgid).or_default().fds.insert(*fd, open);
                }
            }
            Value::Struct { fields, .. } => {
                for (_, f) in fields {
                    self.annotate_from_proc(tgid, f);
                }
            }
            Value::Array { items, .. } | Value::Set(items) => {
                for f in items {
                    self.annotate_from_proc(tgid, f);
                }
            }
            Value::Brief { full, .. } => self.annotate_from_proc(tgid, full),
            _ => {}
        }
    }

    /// Adds the path to a descriptor value (and to descriptors inside structs).
    fn annotate(&mut self, tgid: u32, v: &mut Value<'_>, ask_proc: bool) {
        match v {
            Value::Fd(fd) | Value::DirFd(fd) => {
                if let Some(desc) = self
                    .lookup(tgid, *fd, ask_proc)
                    .and_then(|path| self.describe(tgid, *fd, path))
                {
                    let inner = std::mem::replace(v, Value::Int(0));
                    *v = Value::WithPath(Box::new(inner), desc);
                }
            }
            Value::Struct { fields, .. } => {
                for (_, f) in fields.iter_mut() {
                    self.annotate(tgid, f, ask_proc);
                }
            }
            Value::Array { items, .. } | Value::Set(items) => {
                for f in items.iter_mut() {
                    self.annotate(tgid, f, ask_proc);
                }
            }
            Value::Brief { brief, full } => {
                self.annotate(tgid, brief, ask_proc);
                self.annotate(tgid, full, ask_proc);
            }
            _ => {}
        }
    }

    /// A new process: a copy of its parent's table (or the same one for threads, which share
    /// the parent's entry by tgid anyway).
    pub fn fork(&mut self, parent_tgid: u32, child_tgid: u32) {
        if parent_tgid != child_tgid
            && let Some(p) = self.procs.get(&parent_tgid).cloned()
        {
            self.procs.insert(child_tgid, p);
        }
    }

    /// A successful exec closes the close-on-exec descriptors.
    pub fn exec(&mut self, tgid: u32) {
        if let Some(p) = self.procs.get_mut(&tgid) {
            p.fds.retain(|_, o| !o.cloexec);
        }
    }

    /// The process is gone.
    pub fn exit(&mut self, tgid: u32) {
        self.procs.remove(&tgid);
    }
}

/// Whether a successful call of `name` returns a descriptor (fcntl's F_DUPFD ones do).
fn returns_fd(name: &str, row: &Row, raw: &[u64; 6]) -> bool {
    row.ret == Ret::Fd
        || name == "fcntl" && matches!(raw[1] & 0xffff_ffff, F_DUPFD | F_DUPFD_CLOEXEC)
}

/// The descriptors among `v` (socketpair's pair).
fn fds_in(v: &Value<'_>, out: &mut Vec<i64>) {
    match v {
        Value::Fd(fd) => out.push(*fd),
        Value::WithPath(inner, _) => fds_in(inner, out),
        Value::Array { items, .. } | Value::Set(items) => items.iter().for_each(|i| fds_in(i, out)),
        Value::Struct { fields, .. } => fields.iter().for_each(|(_, f)| fds_in(f, out)),
        _ => {}
    }
}

/// The inode of a `socket:[N]` link.
fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
        .filter(|&n| n != 0)
}

fn strip<'v, 'a>(v: &'v Value<'a>) -> &'v Value<'a> {
    match v {
        Value::WithPath(inner, _) => inner,
        v => v,
    }
}

/// `a/./b/../c` → `a/c`, without asking the file system (the tracee's view may differ from ours
/// only when the path is gone, when this is the best there is).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Arch, Table};

    /// A `/proc` that knows a few links, and canonicalises `/lib` to `/usr/lib`.
    struct Fake;

    impl Proc for Fake {
        fn fd_link(&self, _tgid: u32, fd: i64) -> Option<String> {
            match fd {
                1 => Some("/dev/pts/0".into()),
                5 => Some("pipe:[77]".into()),
                _ => None,
            }
        }
        fn cwd(&self, _tgid: u32) -> Option<String> {
            Some("/tmp".into())
        }
        fn tgid(&self, tid: u32) -> Option<u32> {
            Some(tid)
        }
        fn fds(&self, _tgid: u32) -> Vec<(i64, String, bool)> {
            vec![(9, "/dev/null".into(), false)]
        }
        fn canonical(&self, path: &Path) -> Option<String> {
            let s = path.to_string_lossy();
            s.strip_prefix("/lib/")
                .map(|rest| format!("/usr/lib/{rest}"))
        }
    }

    fn row(t: &Table, name: &str) -> &'static Row {
        t.row(Arch::X86_64.number(name).unwrap()).unwrap()
    }

    fn path(p: &[u8]) -> Value<'_> {
        Value::Str {
            bytes: p,
            truncated: false,
            path: true,
        }
    }

    fn with(v: Value<'static>, p: &str) -> Value<'static> {
        Value::WithPath(Box::new(v), FdDesc::Path(p.into()))
    }

    #[test]
    fn an_injected_result_names_what_the_process_has_and_changes_nothing() {
        let t = Table::new(Arch::X86_64);
        let mut f = FdPaths::with_source(Fake);
        f.seed(1);
        // memfd_secret(0) = 9</dev/null> (INJECTED): descriptor 9 was there already.
        let mut args = vec![Value::Uint(0)];
        let r = f.decorate_injected(
            1,
            "memfd_secret",
            row(&t, "memfd_secret"),
            &[0; 6],
            9,
            &mut args,
        );
        assert_eq!(r.as_ref().map(|d| d.text()).as_deref(), Some("/dev/null"));
        // close(9) = 0 (INJECTED): the kernel closed nothing; close(9) = -1 EBADF (INJECTED)
        // names it all the same.
        let mut args = vec![Value::Fd(9)];
        let r = f.decorate_injected(
            1,
            "close",
            row(&t, "close"),
            &[9, 0, 0, 0, 0, 0],
            -9,
            &mut args,
        );
        assert_eq!(r, None);
        assert_eq!(args, [with(Value::Fd(9), "/dev/null")]);
        f.decorate_injected(
            1,
            "close",
            row(&t, "close"),
            &[9, 0, 0, 0, 0, 0],
            0,
            &mut args,
        );
        assert_eq!(f.path(1, 9).as_deref(), Some("/dev/null"));
    }

    #[test]
    fn what_the_kernel_says_of_a_new_descriptor_is_for_its_call_only() {
        let t = Table::new(Arch::X86_64);
        let mut f = FdPaths::with_source(Fake);
        // eventfd2(0, 0) = 6<anon_inode:[eventfd]>: the kernel's word, not /proc's (none).
        f.created(1, 6, 0o600, 12, b"[eventfd]");
        f.for_call(1);
        let mut args = vec![Value::Uint(0), Value::Int(0)];
        let r = f.decorate(1, "eventfd2", row(&t, "eventfd2"), &[0; 6], 6, &mut args);
        assert_eq!(
            r.as_ref().map(|d| d.text()).as_deref(),
            Some("anon_inode:[eventfd]")
        );
        // A pipe said of a dup2's result is not used for it (the dup names its source), and
        // not carried over: the next new descriptor 5 is /proc's.
        f.created(1, 5, 0o010600, 88, b"");
        f.for_call(1);
        let mut args = vec![Value::Fd(6), Value::Fd(5)];
        f.decorate(
            1,
            "dup2",
            row(&t, "dup2"),
            &[6, 5, 0, 0, 0, 0],
            5,
            &mut args,
        );
        f.for_call(1);
        let mut args = vec![Value::Uint(0), Value::Int(0)];
        let r = f.decorate(1, "eventfd2", row(&t, "eventfd2"), &[0; 6], 5, &mut args);
        assert_eq!(
            r.as_ref().map(|d| d.text()).as_deref(),
            Some("pipe:[77]"),
            "from Fake's /proc"
        );
        f.created(1, 7, 0o140777, 99, b"");
        f.for_call(1);
        let mut args = vec![Value::Uint(0), Value::Int(0)];
        let r = f.decorate(1, "eventfd2", row(&t, "eventfd2"), &[0; 6], 7, &mut args);
        assert_eq!(r.as_ref().map(|d| d.text()).as_deref(), Some("socket:[99]"));
    }

    #[test]
    fn open_read_close_dup_and_chdir() {
        let t = Table::new(Arch::X86_64);
        let mut f = FdPaths::with_source(Fake);
        // openat(AT_FDCWD</tmp>, "/lib/libc.so.6", …) = 3</usr/lib/libc.so.6>
        let mut args = vec![Value::DirFd(AT_FDCWD), path(b"/lib/libc.so.6")];
        let raw = [AT_FDCWD as u64, 0, 0, 0, 0, 0];
        let r = f.decorate(1, "openat", row(&t, "openat"), &raw, 3, &mut args);
        assert_eq!(
            r.as_ref().map(|d| d.text()).as_deref(),
            Some("/usr/lib/libc.so.6")
        );
        assert_eq!(args[0], with(Value::DirFd(AT_FDCWD), "/tmp"));
        // read(3</usr/lib/libc.so.6>, …)
        let mut args = vec![Value::Fd(3)];
        f.decorate(
            1,
            "read",
            row(&t, "read"),
            &[3, 0, 0, 0, 0, 0],
            10,
            &mut args,
        );
        assert_eq!(args[0], with(Value::Fd(3), "/usr/lib/libc.so.6"));
        // dup2(3, 1</dev/pts/0>) = 1</usr/lib/libc.so.6>: arguments as they were at entry
        let mut args = vec![Value::Fd(3), Value::Fd(1)];
        let r = f.decorate(
            1,
            "dup2",
            row(&t, "dup2"),
            &[3, 1, 0, 0, 0, 0],
            1,
            &mut args,
        );
        assert_eq!(args[1], with(Value::Fd(1), "/dev/pts/0"));
        assert_eq!(
            r.as_ref().map(|d| d.text()).as_deref(),
            Some("/usr/lib/libc.so.6")
        );
        // close(3</usr/lib/libc.so.6>) = 0, then 3 is unknown
        let mut args = vec![Value::Fd(3)];
        f.decorate(
            1,
            "close",
            row(&t, "close"),
            &[3, 0, 0, 0, 0, 0],
            0,
            &mut args,
        );
        assert_eq!(args[0], with(Value::Fd(3), "/usr/lib/libc.so.6"));
        assert_eq!(f.path(1, 3), None);
        // chdir("sub/..//x") from /tmp, then a relative open
        let mut args = vec![path(b"sub/../x")];
        f.decorate(1, "chdir", row(&t, "chdir"), &[0; 6], 0, &mut args);
        let mut args = vec![Value::DirFd(AT_FDCWD), path(b"f")];
        let r = f.decorate(1, "openat", row(&t, "openat"), &raw, 4, &mut args);
        assert_eq!(args[0], with(Value::DirFd(AT_FDCWD), "/tmp/x"));
        assert_eq!(r.as_ref().map(|d| d.text()).as_deref(), Some("/tmp/x/f"));
    }

    #[test]
    fn failed_calls_change_nothing_and_unknown_fds_come_from_proc() {
        let t = Table::new(Arch::X86_64);
        let mut f = FdPaths::with_source(Fake);
        let mut args = vec![Value::Fd(5)];
        let r = f.decorate(
            1,
            "close",
            row(&t, "close"),
            &[9, 0, 0, 0, 0, 0],
            -1,
            &mut args,
        );
        assert_eq!(r, None);
        assert_eq!(args[0], with(Value::Fd(5), "pipe:[77]"));
        let mut args = vec![Value::Fd(42)];
        f.decorate(
            1,
            "read",
            row(&t, "read"),
            &[42, 0, 0, 0, 0, 0],
            -9,
            &mut args,
        );
        assert_eq!(args[0], Value::Fd(42));
    }

    #[test]
    fn children_inherit_and_exec_forgets() {
        let t = Table::new(Arch::X86_64);
        let mut f = FdPaths::with_source(Fake);
        let mut args = vec![Value::DirFd(AT_FDCWD), path(b"/etc/passwd")];
        let raw = [AT_FDCWD as u64, 0, O_CLOEXEC, 0, 0, 0];
        f.decorate(1, "openat", row(&t, "openat"), &raw, 7, &mut args);
        let mut args = vec![Value::DirFd(AT_FDCWD), path(b"/etc/group")];
        let raw = [AT_FDCWD as u64, 0, 0, 0, 0, 0];
        f.decorate(1, "openat", row(&t, "openat"), &raw, 8, &mut args);
        f.fork(1, 2);
        assert_eq!(f.path(2, 7).as_deref(), Some("/etc/passwd"));
        // A process traced from the start: its descriptors as they were then.
        f.seed(3);
        assert_eq!(f.path(3, 9).as_deref(), Some("/dev/null"));
        // … and every other descriptor is closed, whatever /proc says later.
        assert_eq!(f.path(3, 1), None);
        f.exec(2);
        assert_eq!(f.lookup(2, 7, false), None);
        assert_eq!(f.path(2, 8).as_deref(), Some("/etc/group"));
        assert_eq!(f.path(1, 7).as_deref(), Some("/etc/passwd"));
        // F_SETFD FD_CLOEXEC marks a descriptor for closing at exec.
        let mut args = vec![Value::Fd(8)];
        f.decorate(
            2,
            "fcntl",
            row(&t, "fcntl"),
            &[8, F_SETFD, 1, 0, 0, 0],
            0,
            &mut args,
        );
        f.exec(2);
        assert_eq!(f.lookup(2, 8, false), None);
    }

    /// A system with sockets: what `/proc` links descriptors to and what diag says of each
    /// inode, changed as the test goes.
    #[derive(Default)]
    struct Net {
        links: std::cell::RefCell<HashMap<i64, String>>,
        protos: HashMap<u64, &'static str>,
        diag: std::cell::RefCell<HashMap<u64, String>>,
        asked: std::cell::Cell<u32>,
    }

    impl Proc for Net {
        fn fd_link(&self, _tgid: u32, fd: i64) -> Option<String> {
            self.links.borrow().get(&fd).cloned()
        }
        fn cwd(&self, _tgid: u32) -> Option<String> {
            Some("/".into())
        }
        fn tgid(&self, tid: u32) -> Option<u32> {
            Some(tid)
        }
        fn fds(&self, _tgid: u32) -> Vec<(i64, String, bool)> {
            Vec::new()
        }
        fn canonical(&self, _path: &Path) -> Option<String> {
            None
        }
        fn socket_proto(&self, _tgid: u32, fd: i64, ino: u64) -> Option<String> {
            (self.fd_link(1, fd)? == format!("socket:[{ino}]"))
                .then(|| self.protos.get(&ino).map(|p| p.to_string()))
                .flatten()
        }
        fn socket_details(&self, ino: u64, _proto: Option<&str>) -> Option<String> {
            self.asked.set(self.asked.get() + 1);
            self.diag.borrow().get(&ino).cloned()
        }
    }

    fn sock_call(
        f: &mut FdPaths<Net>,
        t: &Table,
        name: &str,
        raw: [u64; 6],
        ret: i64,
    ) -> (Vec<Value<'static>>, Option<String>) {
        let mut args = vec![Value::Fd(raw[0] as i64)];
        let r = f.decorate(1, name, row(t, name), &raw, ret, &mut args);
        (args, r.map(|d| d.text()))
    }

    fn sock(v: &Value<'_>) -> Option<String> {
        match v {
            Value::WithPath(_, d @ FdDesc::Socket(_)) => Some(d.text()),
            _ => None,
        }
    }

    #[test]
    fn sockets_print_as_strace_saw_them_and_stay_cached() {
        let t = Table::new(Arch::X86_64);
        let net = Net {
            protos: HashMap::from([(100, "UDP"), (200, "UNIX-STREAM"), (300, "PACKET")]),
            ..Net::default()
        };
        net.links.borrow_mut().insert(3, "socket:[100]".into());
        let mut f = FdPaths::with_source(net).with_mode(show::PATH | show::SOCKET);
        // socket(AF_INET, SOCK_DGRAM, 0) = 3<UDP:[100]>: new, no address whatever diag says
        // by the time tracer prints it.
        f.source
            .diag
            .borrow_mut()
            .insert(100, "UDP:[0.0.0.0:53]".into());
        f.created(1, 3, 0o140777, 100, b"");
        f.for_call(1);
        let (_, r) = sock_call(&mut f, &t, "socket", [2, 2, 0, 0, 0, 0], 3);
        assert_eq!(r.as_deref(), Some("UDP:[100]"));
        // bind(3<UDP:[100]>, …): as before the bind.
        let (args, _) = sock_call(&mut f, &t, "bind", [3, 0, 16, 0, 0, 0], 0);
        assert_eq!(sock(&args[0]).as_deref(), Some("UDP:[100]"));
        // sendto(3<UDP:[0.0.0.0:53]>, …): asked, and kept.
        let (args, _) = sock_call(&mut f, &t, "sendto", [3, 0, 0, 0, 0, 0], 1);
        assert_eq!(sock(&args[0]).as_deref(), Some("UDP:[0.0.0.0:53]"));
        // Connected since: strace still prints what it cached, and so does tracer.
        f.source
            .diag
            .borrow_mut()
            .insert(100, "UDP:[1.2.3.4:53->5.6.7.8:53]".into());
        let asked = f.source.asked.get();
        let (args, _) = sock_call(&mut f, &t, "sendto", [3, 0, 0, 0, 0, 0], 1);
        assert_eq!(sock(&args[0]).as_deref(), Some("UDP:[0.0.0.0:53]"));
        assert_eq!(f.source.asked.get(), asked, "answered from the cache");
        // Another inode in the same slot replaces it.
        f.source
            .links
            .borrow_mut()
            .insert(4, "socket:[1124]".into());
        f.source
            .diag
            .borrow_mut()
            .insert(1124, "UDP:[0.0.0.0:54]".into());
        let (args, _) = sock_call(&mut f, &t, "sendto", [4, 0, 0, 0, 0, 0], 1);
        assert_eq!(sock(&args[0]).as_deref(), Some("UDP:[0.0.0.0:54]"));
        let (args, _) = sock_call(&mut f, &t, "sendto", [3, 0, 0, 0, 0, 0], 1);
        assert_eq!(
            sock(&args[0]).as_deref(),
            Some("UDP:[1.2.3.4:53->5.6.7.8:53]")
        );
    }

    #[test]
    fn sockets_diag_has_nothing_of_fall_back_to_the_protocol_or_the_link() {
        let t = Table::new(Arch::X86_64);
        let net = Net {
            protos: HashMap::from([(200, "UNIX-STREAM"), (300, "PACKET")]),
            ..Net::default()
        };
        net.links.borrow_mut().insert(5, "socket:[200]".into());
        net.links.borrow_mut().insert(6, "socket:[300]".into());
        net.links.borrow_mut().insert(7, "/dev/null".into());
        let mut f = FdPaths::with_source(net).with_mode(show::SOCKET);
        // A protocol strace knows: `PROTO:[N]`; one it does not: the link.
        let (args, _) = sock_call(&mut f, &t, "listen", [5, 1, 0, 0, 0, 0], 0);
        assert_eq!(sock(&args[0]).as_deref(), Some("UNIX-STREAM:[200]"));
        let (args, _) = sock_call(&mut f, &t, "getsockname", [6, 0, 0, 0, 0, 0], 0);
        assert_eq!(sock(&args[0]).as_deref(), Some("socket:[300]"));
        // --decode-fds=socket alone: other descriptors print bare.
        let (args, _) = sock_call(&mut f, &t, "read", [7, 0, 0, 0, 0, 0], 0);
        assert_eq!(args[0], Value::Fd(7));
        // accept4(5<UNIX-STREAM:[200]>, …) = 8: the listener's protocol, even once 8 is gone
        // from /proc (a late print).
        f.created(1, 8, 0o140777, 201, b"");
        f.for_call(1);
        let (_, r) = sock_call(&mut f, &t, "accept4", [5, 0, 0, 0, 0, 0], 8);
        assert_eq!(r.as_deref(), Some("UNIX-STREAM:[201]"));
        let (args, _) = sock_call(&mut f, &t, "close", [8, 0, 0, 0, 0, 0], 0);
        assert_eq!(sock(&args[0]).as_deref(), Some("UNIX-STREAM:[201]"));
        // Descriptors that only /proc names and `socket:[0]` are not sockets to ask about.
        assert_eq!(socket_inode("socket:[0]"), None);
        assert_eq!(socket_inode("socket:[x]"), None);
        assert_eq!(socket_inode("pipe:[5]"), None);
    }

    #[test]
    fn socketpair_sockets_take_their_protocol_from_the_call() {
        let t = Table::new(Arch::X86_64);
        let net = Net::default();
        net.links.borrow_mut().insert(3, "socket:[10]".into());
        net.links.borrow_mut().insert(4, "socket:[11]".into());
        let mut f = FdPaths::with_source(net).with_mode(show::PATH | show::SOCKET);
        let mut args = vec![
            Value::Int(1),
            Value::Int(1),
            Value::Int(0),
            Value::Array {
                items: vec![Value::Fd(3), Value::Fd(4)],
                more: false,
            },
        ];
        f.decorate(
            1,
            "socketpair",
            row(&t, "socketpair"),
            &[1, 1, 0, 0, 0, 0],
            0,
            &mut args,
        );
        let Value::Array { items, .. } = &args[3] else {
            panic!("{args:?}")
        };
        let texts: Vec<_> = items.iter().map(sock).collect();
        assert_eq!(
            texts,
            [
                Some("UNIX-STREAM:[10]".to_owned()),
                Some("UNIX-STREAM:[11]".to_owned())
            ]
        );
    }
}
