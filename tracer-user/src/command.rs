//! Starting the traced command so that it is registered before its first syscall: fork, wait
//! for the go-ahead on a pipe while the parent registers the pid, then exec.
use std::ffi::{CString, OsStr};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// strace's lookup: a name with a slash is used as is, else searched in PATH.
pub fn resolve(prog: &OsStr) -> Option<PathBuf> {
    if prog.as_bytes().contains(&b'/') {
        return Path::new(prog).exists().then(|| PathBuf::from(prog));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
}

/// A forked child waiting to exec.
pub struct Suspended {
    pub pid: u32,
    go: OwnedFd,
    exec_err: OwnedFd,
}

fn pipe(flags: i32) -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two fds into the array we own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both fds were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn cstring(s: &OsStr) -> io::Result<CString> {
    CString::new(s.as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "argument contains a NUL byte"))
}

/// The user and groups `-u USER` runs the command as.
#[derive(Clone, Debug)]
pub struct Creds {
    pub uid: libc::uid_t,
    pub gid: libc::gid_t,
    pub groups: Vec<libc::gid_t>,
}

/// `-u USER`: the user's ids and groups, as strace's `getpwnam` and `initgroups` find them.
/// Errors are strace's words.
pub fn creds_of(user: &str) -> Result<Creds, String> {
    // SAFETY: getuid and geteuid only read tracer's credentials.
    if unsafe { libc::getuid() != 0 || libc::geteuid() != 0 } {
        return Err("You must be root to use the -u/--username option".into());
    }
    let missing = || format!("Cannot find user '{user}'");
    let name = CString::new(user).map_err(|_| missing())?;
    // SAFETY: getpwnam returns NULL or a pointer to a static record, read at once; tracer has
    // one thread here.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        return Err(missing());
    }
    // SAFETY: pw is non-null and points to the record getpwnam filled.
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    let mut groups = vec![0 as libc::gid_t; 64];
    loop {
        let mut n = groups.len() as libc::c_int;
        // SAFETY: getgrouplist writes at most `n` gids into `groups` and the count into `n`.
        let r = unsafe { libc::getgrouplist(name.as_ptr(), gid, groups.as_mut_ptr(), &mut n) };
        if r >= 0 {
            groups.truncate(n.max(0) as usize);
            break;
        }
        if n as usize <= groups.len() || groups.len() > 1 << 16 {
            groups = vec![gid];
            break;
        }
        groups.resize(n as usize, 0);
    }
    Ok(Creds { uid, gid, groups })
}

/// `-E VAR=VAL` and `-E VAR` (remove it), in order, applied to tracer's own environment.
pub fn environment(changes: &[std::ffi::OsString]) -> Vec<std::ffi::OsString> {
    let mut env: Vec<std::ffi::OsString> = std::env::vars_os()
        .map(|(k, v)| {
            let mut kv = k;
            kv.push("=");
            kv.push(v);
            kv
        })
        .collect();
    let key = |kv: &std::ffi::OsStr| -> Vec<u8> {
        let b = kv.as_bytes();
        b[..b.iter().position(|&c| c == b'=').unwrap_or(b.len())].to_vec()
    };
    for change in changes {
        let k = key(change);
        env.retain(|kv| key(kv) != k);
        if change.as_bytes().contains(&b'=') {
            env.push(change.clone());
        }
    }
    env
}

/// What to start: the program, its argv (argv[0] included), its environment (None: tracer's
/// own), its user, and a seccomp filter to install right before exec (`--seccomp-bpf`: it is
/// seized by then).
pub struct Launch<'a> {
    pub path: &'a Path,
    pub argv: &'a [std::ffi::OsString],
    pub env: Option<Vec<std::ffi::OsString>>,
    pub creds: Option<Creds>,
    pub seccomp: Option<&'a [libc::sock_filter]>,
}

/// Forks a child that will exec `path` with `argv` once [`Suspended::release`] is called.
/// Must be called before any other thread is started.
pub fn spawn_suspended(path: &Path, argv: &[std::ffi::OsString]) -> io::Result<Suspended> {
    spawn(&Launch {
        path,
        argv,
        env: None,
        creds: None,
        seccomp: None,
    })
}

/// What the process that becomes the command needs, made before the fork (the process only
/// makes async-signal-safe calls after it).
struct Prepared {
    cpath: CString,
    /// The strings `argv` and `envp` point into.
    _strings: (Vec<CString>, Option<Vec<CString>>),
    argv: Vec<*const libc::c_char>,
    envp: Option<Vec<*const libc::c_char>>,
    creds: Option<Creds>,
    seccomp: Option<libc::sock_fprog>,
}

impl Prepared {
    fn new(launch: &Launch<'_>) -> io::Result<Prepared> {
        let cpath = cstring(launch.path.as_os_str())?;
        let cargs = launch
            .argv
            .iter()
            .map(|a| cstring(a))
            .collect::<io::Result<Vec<_>>>()?;
        let mut argv: Vec<*const libc::c_char> = cargs.iter().map(|a| a.as_ptr()).collect();
        argv.push(std::ptr::null());
        let cenv = match &launch.env {
            Some(env) => Some(
                env.iter()
                    .map(|a| cstring(a))
                    .collect::<io::Result<Vec<_>>>()?,
            ),
            None => None,
        };
        let envp = cenv.as_ref().map(|e| {
            e.iter()
                .map(|a| a.as_ptr())
                .chain(std::iter::once(std::ptr::null()))
                .collect()
        });
        Ok(Prepared {
            cpath,
            _strings: (cargs, cenv),
            argv,
            envp,
            creds: launch.creds.clone(),
            seccomp: launch.seccomp.map(|f| libc::sock_fprog {
                len: f.len() as u16,
                filter: f.as_ptr().cast_mut(),
            }),
        })
    }

    /// In the process that becomes the command: waits for the go-ahead on `go`, sets itself
    /// up and execs; an error of that is written to `exec_err` (its errno) before `_exit`.
    /// Without the go-ahead (the tracer died or gave up), exits with `no_go`.
    ///
    /// # Safety
    /// Called after a fork, in a process with one thread: it only makes async-signal-safe
    /// calls (read, signal, sigprocmask, prctl, setgroups, setgid, setuid, execve, write,
    /// _exit) on memory prepared before the fork.
    unsafe fn exec_when_released(&self, go: i32, exec_err: i32, no_go: i32) -> ! {
        // SAFETY: see the function's contract.
        unsafe {
            let mut b = 0u8;
            if libc::read(go, (&raw mut b).cast(), 1) != 1 {
                libc::_exit(no_go);
            }
            let fail = || -> ! {
                let e = *libc::__errno_location();
                libc::write(exec_err, (&raw const e).cast(), size_of::<i32>());
                libc::_exit(127)
            };
            // Undo what the Rust runtime changed: the command gets default signal handling.
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
            if let Some(prog) = &self.seccomp {
                // Without CAP_SYS_ADMIN a filter needs no_new_privs (as strace sets it).
                let set = |p: &libc::sock_fprog| {
                    libc::prctl(
                        libc::PR_SET_SECCOMP,
                        libc::SECCOMP_MODE_FILTER,
                        p as *const _,
                    )
                };
                if set(prog) != 0
                    && (libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || set(prog) != 0)
                {
                    fail();
                }
            }
            if let Some(c) = &self.creds
                && (libc::setgroups(c.groups.len(), c.groups.as_ptr()) != 0
                    || libc::setgid(c.gid) != 0
                    || libc::setuid(c.uid) != 0)
            {
                fail();
            }
            match &self.envp {
                Some(envp) => libc::execve(self.cpath.as_ptr(), self.argv.as_ptr(), envp.as_ptr()),
                None => libc::execv(self.cpath.as_ptr(), self.argv.as_ptr()),
            };
            fail()
        }
    }
}

/// Forks a child that execs as `launch` says once [`Suspended::release`] is called. Must be
/// called before any other thread is started.
pub fn spawn(launch: &Launch<'_>) -> io::Result<Suspended> {
    let prep = Prepared::new(launch)?;
    let (go_r, go_w) = pipe(libc::O_CLOEXEC)?;
    let (err_r, err_w) = pipe(libc::O_CLOEXEC)?;
    // SAFETY: fork takes no pointers; the child only runs `exec_when_released`.
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        // SAFETY: a forked child of a process with one thread, as that function asks. Only
        // the parent writes the go-ahead and reads the exec error: if it dies (or gives up)
        // before the go-ahead, the child reads EOF and exits.
        0 => unsafe {
            libc::close(go_w.as_raw_fd());
            libc::close(err_r.as_raw_fd());
            prep.exec_when_released(go_r.as_raw_fd(), err_w.as_raw_fd(), 127)
        },
        pid => Ok(Suspended {
            pid: pid as u32,
            go: go_w,
            exec_err: err_r,
        }),
    }
}

/// `-D`, `-DD`, `-DDD`: the roles of [`spawn`] swapped, as strace's `--daemonize` has them.
/// The calling process is the one that execs the command once released (so the command keeps
/// tracer's pid, and its parent waits for the command itself); this function returns in a
/// grandchild, which is the tracer, the command its [`Suspended`]. The child between them
/// exits at once, so the tracer is reparented to init (or a subreaper); `group` puts it in a
/// new process group (`-DD`), `session` in a new session (`-DDD`). Must be called before any
/// other thread is started.
pub fn daemonize(launch: &Launch<'_>, group: bool, session: bool) -> io::Result<Suspended> {
    let prep = Prepared::new(launch)?;
    let (go_r, go_w) = pipe(libc::O_CLOEXEC)?;
    let (err_r, err_w) = pipe(libc::O_CLOEXEC)?;
    // SAFETY: getpid and prctl take no pointers. Any process may trace the command (Yama's
    // ptrace_scope lets only ancestors otherwise), as strace allows it for -D.
    let command = unsafe {
        libc::prctl(libc::PR_SET_PTRACER, libc::PR_SET_PTRACER_ANY, 0, 0, 0);
        libc::getpid()
    };
    // SAFETY: fork takes no pointers; the parent only reaps the child and runs
    // `exec_when_released`.
    let middle = unsafe { libc::fork() };
    match middle {
        -1 => return Err(io::Error::last_os_error()),
        // SAFETY: this process has one thread (the function's contract), as
        // `exec_when_released` asks; waitpid writes into a local. The tracer holds the only
        // write end of the go-ahead: if it gives up, the command exits as tracer would (1).
        pid if pid > 0 => unsafe {
            libc::close(go_w.as_raw_fd());
            libc::close(err_r.as_raw_fd());
            let mut status = 0;
            while libc::waitpid(pid, &mut status, 0) < 0 && *libc::__errno_location() == libc::EINTR
            {
            }
            prep.exec_when_released(go_r.as_raw_fd(), err_w.as_raw_fd(), 1)
        },
        _ => {}
    }
    // The middle process: forks the tracer and exits (1 if it could not: the command then
    // reads no go-ahead and exits 1 too).
    // SAFETY: fork and _exit take no pointers.
    match unsafe { libc::fork() } {
        // SAFETY: as above.
        -1 => unsafe { libc::_exit(1) },
        // SAFETY: as above.
        pid if pid > 0 => unsafe { libc::_exit(0) },
        _ => {}
    }
    // SAFETY: setpgid and setsid take no pointers.
    let moved = unsafe {
        if session {
            libc::setsid() >= 0
        } else if group {
            libc::setpgid(0, 0) == 0
        } else {
            true
        }
    };
    if !moved {
        return Err(io::Error::last_os_error());
    }
    drop((go_r, err_w));
    Ok(Suspended {
        pid: command as u32,
        go: go_w,
        exec_err: err_r,
    })
}

impl Suspended {
    /// Lets the child exec. Returns the exec error, if exec failed.
    pub fn release(self) -> io::Result<()> {
        let b = 1u8;
        // SAFETY: writing one byte from a local to a pipe we own.
        if unsafe { libc::write(self.go.as_raw_fd(), (&raw const b).cast(), 1) } != 1 {
            return Err(io::Error::last_os_error());
        }
        drop(self.go);
        let mut e = 0i32;
        // SAFETY: reading at most 4 bytes into a local i32. EOF (exec succeeded) reads 0.
        let n = unsafe {
            libc::read(
                self.exec_err.as_raw_fd(),
                (&raw mut e).cast(),
                size_of::<i32>(),
            )
        };
        if n == size_of::<i32>() as isize {
            Err(io::Error::from_raw_os_error(e))
        } else {
            Ok(())
        }
    }
}

/// Waits for a child and returns its wait status.
pub fn wait(pid: u32) -> io::Result<i32> {
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes the status into a local.
        let r = unsafe { libc::waitpid(pid as i32, &mut status, 0) };
        if r == pid as i32 {
            return Ok(status);
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

/// strace's `-I`: which signals tracer itself ignores once the command is started (set after
/// the fork, so the command does not inherit them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interruptible {
    /// `-I1`, `anywhere`: only SIGTTOU and SIGTTIN are ignored.
    Anywhere,
    /// `-I2`, `waiting` (the default without `-o FILE PROG`): SIGHUP, SIGINT, SIGQUIT, SIGPIPE
    /// and SIGTERM detach and end the trace.
    Waiting,
    /// `-I3`, `never` (the default for `-o FILE PROG`): those signals are ignored.
    Never,
    /// `-I4`, `never_tstp` (the default with `-D`): SIGTSTP is ignored too.
    NeverTstp,
}

impl Interruptible {
    /// The mode of `-I N` (1 to 4), or strace's default for the command line.
    pub fn of(n: Option<u8>, daemonized: bool, output_and_command: bool) -> Self {
        match n {
            Some(1) => Self::Anywhere,
            Some(2) => Self::Waiting,
            Some(3) => Self::Never,
            Some(_) => Self::NeverTstp,
            None if daemonized => Self::NeverTstp,
            None if output_and_command => Self::Never,
            None => Self::Waiting,
        }
    }

    /// The signals that end the trace (tracer detaches) unless the mode ignores them.
    pub const STOPS: [i32; 5] = [
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGPIPE,
        libc::SIGTERM,
    ];

    /// The signals this mode ignores.
    pub fn ignored(self) -> Vec<i32> {
        let mut sigs = vec![libc::SIGTTOU, libc::SIGTTIN];
        if matches!(self, Self::Never | Self::NeverTstp) {
            sigs.extend(Self::STOPS);
        }
        if self == Self::NeverTstp {
            sigs.push(libc::SIGTSTP);
        }
        sigs
    }

    /// Ignores [`Self::ignored`] in this process (replacing the handlers tracer installed for
    /// the signals that would otherwise stop the trace).
    pub fn apply(self) {
        for sig in self.ignored() {
            // SAFETY: SIG_IGN is a valid disposition for these catchable signals; no pointer
            // is passed.
            unsafe { libc::signal(sig, libc::SIG_IGN) };
        }
    }
}
