//! Starting the traced command so that it is registered before its first syscall: fork, wait
//! for the go-ahead on a pipe while the parent registers the pid, then exec.
use std::ffi::{CString, OsStr};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// strace's lookup: a name with a slash is used as is, else searched in PATH.
pub fn resolve(prog: &str) -> Option<PathBuf> {
    if prog.contains('/') {
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

/// Forks a child that will exec `path` with `argv` once [`Suspended::release`] is called.
/// Must be called before any other thread is started.
pub fn spawn_suspended(path: &Path, argv: &[String]) -> io::Result<Suspended> {
    spawn_suspended_filtered(path, argv, None)
}

/// [`spawn_suspended`], and the child installs the seccomp filter `seccomp` (a classic BPF
/// program) right before it execs (`--seccomp-bpf`: it is seized by then).
pub fn spawn_suspended_filtered(
    path: &Path,
    argv: &[String],
    seccomp: Option<&[libc::sock_filter]>,
) -> io::Result<Suspended> {
    let prog = seccomp.map(|f| libc::sock_fprog {
        len: f.len() as u16,
        filter: f.as_ptr().cast_mut(),
    });
    let cpath = cstring(path.as_os_str())?;
    let cargs = argv
        .iter()
        .map(|a| cstring(OsStr::new(a)))
        .collect::<io::Result<Vec<_>>>()?;
    let mut ptrs: Vec<*const libc::c_char> = cargs.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    let (go_r, go_w) = pipe(libc::O_CLOEXEC)?;
    let (err_r, err_w) = pipe(libc::O_CLOEXEC)?;
    // SAFETY: the child only calls async-signal-safe functions (close, read, signal, sigprocmask, prctl,
    // execv, write, _exit) on memory prepared before the fork.
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        0 => unsafe {
            // Only the parent writes the go-ahead and reads the exec error: if it dies (or
            // gives up) before the go-ahead, the read below sees EOF and the child exits.
            libc::close(go_w.as_raw_fd());
            libc::close(err_r.as_raw_fd());
            let mut b = 0u8;
            if libc::read(go_r.as_raw_fd(), (&raw mut b).cast(), 1) != 1 {
                libc::_exit(127);
            }
            // Undo what the Rust runtime changed: the command gets default signal handling.
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
            if let Some(prog) = &prog {
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
                    let e = *libc::__errno_location();
                    libc::write(err_w.as_raw_fd(), (&raw const e).cast(), size_of::<i32>());
                    libc::_exit(127);
                }
            }
            libc::execv(cpath.as_ptr(), ptrs.as_ptr());
            let e = *libc::__errno_location();
            libc::write(err_w.as_raw_fd(), (&raw const e).cast(), size_of::<i32>());
            libc::_exit(127)
        },
        pid => Ok(Suspended {
            pid: pid as u32,
            go: go_w,
            exec_err: err_r,
        }),
    }
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
