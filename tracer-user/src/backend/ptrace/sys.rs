//! Every ptrace, wait, process_vm_readv/writev and timer call of the ptrace backend: the one
//! place with `unsafe` system calls, each returning an `io::Result`.
use std::io;

use tracer_common::SIGINFO_SIZE;

/// `PTRACE_GET_SYSCALL_INFO`'s `op`.
pub mod op {
    pub const ENTRY: u8 = 1;
    pub const EXIT: u8 = 2;
    pub const SECCOMP: u8 = 3;
}

/// What `PTRACE_GET_SYSCALL_INFO` says about a syscall stop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyscallInfo {
    pub op: u8,
    pub nr: u64,
    pub args: [u64; 6],
    /// At exit: the return value (`-errno` when `is_error`).
    pub rval: i64,
    /// The user stack pointer (`stack_pointer`, at every stop).
    pub sp: u64,
    /// The instruction pointer (`instruction_pointer`, at every stop).
    pub ip: u64,
}

/// Size of `struct ptrace_syscall_info` as the running kernel may fill it: the seccomp variant
/// is the largest (24 bytes of head, nr, 6 args, ret_data).
const INFO_SIZE: usize = 24 + 8 * 7 + 8;

impl SyscallInfo {
    /// Parses the kernel's `struct ptrace_syscall_info` (little-endian, as on every architecture
    /// tracer traces) from the bytes it wrote. Too few bytes leave the fields at 0.
    pub fn parse(b: &[u8]) -> SyscallInfo {
        let u64_at = |off: usize| {
            b.get(off..off + 8)
                .and_then(|s| s.try_into().ok())
                .map_or(0, u64::from_le_bytes)
        };
        let op = b.first().copied().unwrap_or(0);
        let mut info = SyscallInfo {
            op,
            sp: u64_at(16),
            ip: u64_at(8),
            ..SyscallInfo::default()
        };
        match op {
            op::ENTRY | op::SECCOMP => {
                info.nr = u64_at(24);
                for (i, a) in info.args.iter_mut().enumerate() {
                    *a = u64_at(32 + 8 * i);
                }
            }
            op::EXIT => info.rval = u64_at(24) as i64,
            _ => {}
        }
        info
    }
}

fn check(r: libc::c_long) -> io::Result<libc::c_long> {
    if r == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// A ptrace request without a data pointer.
fn request(req: libc::c_uint, tid: u32, addr: usize, data: usize) -> io::Result<libc::c_long> {
    // SAFETY: the requests passed here (SEIZE, INTERRUPT, SYSCALL, CONT, LISTEN, DETACH,
    // SETOPTIONS, POKEDATA) take integers, not pointers of ours, in addr and data (POKEDATA's
    // addr is the tracee's).
    check(unsafe { libc::ptrace(req, tid as libc::pid_t, addr, data) })
}

/// `PTRACE_SEIZE` with `options`: the task is not stopped.
pub fn seize(tid: u32, options: i32) -> io::Result<()> {
    request(libc::PTRACE_SEIZE, tid, 0, options as usize).map(drop)
}

/// `PTRACE_INTERRUPT`: the task stops with `PTRACE_EVENT_STOP`.
pub fn interrupt(tid: u32) -> io::Result<()> {
    request(libc::PTRACE_INTERRUPT, tid, 0, 0).map(drop)
}

/// Restarts a stopped task: until its next syscall stop (`syscall`), else until the next event.
pub fn resume(tid: u32, syscall: bool, sig: i32) -> io::Result<()> {
    let req = if syscall {
        libc::PTRACE_SYSCALL
    } else {
        libc::PTRACE_CONT
    };
    request(req, tid, 0, sig as usize).map(drop)
}

/// `PTRACE_LISTEN`: a task in group-stop stays stopped, but its events are reported.
pub fn listen(tid: u32) -> io::Result<()> {
    request(libc::PTRACE_LISTEN, tid, 0, 0).map(drop)
}

/// `PTRACE_DETACH`, delivering `sig` (0: none).
pub fn detach(tid: u32, sig: i32) -> io::Result<()> {
    request(libc::PTRACE_DETACH, tid, 0, sig as usize).map(drop)
}

/// `PTRACE_GETEVENTMSG`: the new task's id after a fork event, the old id after exec.
pub fn event_msg(tid: u32) -> io::Result<u64> {
    let mut msg: libc::c_ulong = 0;
    // SAFETY: the kernel writes one unsigned long into `msg`, which we own.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETEVENTMSG,
            tid as libc::pid_t,
            0usize,
            &raw mut msg,
        )
    })?;
    Ok(msg as u64)
}

/// `PTRACE_GET_SYSCALL_INFO` at a syscall or seccomp stop.
pub fn syscall_info(tid: u32) -> io::Result<SyscallInfo> {
    let mut buf = [0u8; INFO_SIZE];
    // SAFETY: the kernel writes at most `addr` (= buf.len()) bytes into `buf`.
    let n = check(unsafe {
        libc::ptrace(
            libc::PTRACE_GET_SYSCALL_INFO,
            tid as libc::pid_t,
            buf.len(),
            buf.as_mut_ptr(),
        )
    })?;
    Ok(SyscallInfo::parse(&buf[..(n as usize).min(INFO_SIZE)]))
}

/// Size of the user-space `siginfo_t` `PTRACE_GETSIGINFO` writes.
const USER_SIGINFO_SIZE: usize = 128;

/// `PTRACE_GETSIGINFO` at a signal-delivery-stop: the start of the `siginfo_t`, which is the
/// kernel's own siginfo (signo, errno, code, the union) — the bytes the eBPF side's signal
/// records carry.
pub fn siginfo(tid: u32) -> io::Result<[u8; SIGINFO_SIZE]> {
    let mut buf = [0u8; USER_SIGINFO_SIZE];
    // SAFETY: the kernel writes one siginfo_t (128 bytes) into `buf`, which has that room.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETSIGINFO,
            tid as libc::pid_t,
            0usize,
            buf.as_mut_ptr(),
        )
    })?;
    let mut info = [0u8; SIGINFO_SIZE];
    info.copy_from_slice(&buf[..SIGINFO_SIZE]);
    Ok(info)
}

/// `waitpid(pid, __WALL)`: (task, wait status), or None when interrupted by a signal.
pub fn wait(pid: i32) -> io::Result<Option<(u32, i32)>> {
    let mut status = 0;
    // SAFETY: waitpid writes the status into a local.
    let r = unsafe { libc::waitpid(pid, &mut status, libc::__WALL) };
    if r < 0 {
        let e = io::Error::last_os_error();
        return if e.raw_os_error() == Some(libc::EINTR) {
            Ok(None)
        } else {
            Err(e)
        };
    }
    Ok(Some((r as u32, status)))
}

/// Reads up to `buf.len()` bytes of task `tid`'s memory at `addr`; returns how many were read
/// (fewer when the range runs into unmapped memory). An error means nothing could be read.
pub fn read_mem(tid: u32, addr: u64, buf: &mut [u8]) -> io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    let local = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as usize as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: the local iovec covers `buf`, which we own mutably; the remote one is only read
    // by the kernel, in the other process, with its permission checks.
    let n = unsafe { libc::process_vm_readv(tid as libc::pid_t, &local, 1, &remote, 1, 0) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// `PTRACE_GETREGSET`: the register set `nt` (`NT_PRSTATUS`…) of a stopped task into `buf`;
/// returns how many bytes the kernel wrote.
pub fn get_regset(tid: u32, nt: u32, buf: &mut [u8]) -> io::Result<usize> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: the kernel writes at most `iov_len` bytes into `buf` (which the iovec covers and
    // we own mutably) and updates `iov_len`, a local.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETREGSET,
            tid as libc::pid_t,
            nt as usize,
            &raw mut iov,
        )
    })?;
    Ok(iov.iov_len)
}

/// `PTRACE_SETREGSET`: sets the register set `nt` of a stopped task from `buf`.
pub fn set_regset(tid: u32, nt: u32, buf: &[u8]) -> io::Result<()> {
    let mut iov = libc::iovec {
        iov_base: buf.as_ptr().cast_mut().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: the kernel only reads `iov_len` bytes from `buf`, which the iovec covers.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_SETREGSET,
            tid as libc::pid_t,
            nt as usize,
            &raw mut iov,
        )
    })
    .map(drop)
}

/// Writes `data` into task `tid`'s memory at `addr`; returns how many bytes were written.
/// `process_vm_writev` first; where it can't write (a read-only page, say), word by word with
/// `PTRACE_POKEDATA` as strace's `upoken` does.
pub fn write_mem(tid: u32, addr: u64, data: &[u8]) -> io::Result<usize> {
    if data.is_empty() {
        return Ok(0);
    }
    let local = libc::iovec {
        iov_base: data.as_ptr().cast_mut().cast(),
        iov_len: data.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as usize as *mut libc::c_void,
        iov_len: data.len(),
    };
    // SAFETY: the local iovec covers `data`, which the kernel only reads; the remote one is
    // written in the other process, with its permission checks.
    let n = unsafe { libc::process_vm_writev(tid as libc::pid_t, &local, 1, &remote, 1, 0) };
    if n >= 0 {
        return Ok(n as usize);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EPERM | libc::EFAULT | libc::EIO) => poke_mem(tid, addr, data),
        _ => Err(e),
    }
}

/// [`write_mem`] with `PTRACE_PEEKDATA`/`PTRACE_POKEDATA`, one aligned word at a time (the
/// bytes of a word that are not written are read back first).
fn poke_mem(tid: u32, addr: u64, data: &[u8]) -> io::Result<usize> {
    const W: u64 = std::mem::size_of::<libc::c_long>() as u64;
    let mut done = 0usize;
    let mut word_addr = addr & !(W - 1);
    while done < data.len() {
        let skip = if done == 0 {
            (addr - word_addr) as usize
        } else {
            0
        };
        let take = (W as usize - skip).min(data.len() - done);
        let mut word = if skip == 0 && take == W as usize {
            0
        } else {
            match peek_word(tid, word_addr) {
                Ok(w) => w,
                Err(e) if done == 0 => return Err(e),
                Err(_) => return Ok(done),
            }
        }
        .to_ne_bytes();
        word[skip..skip + take].copy_from_slice(&data[done..done + take]);
        if let Err(e) = poke_word(tid, word_addr, libc::c_long::from_ne_bytes(word)) {
            return if done == 0 { Err(e) } else { Ok(done) };
        }
        done += take;
        word_addr += W;
    }
    Ok(done)
}

/// `PTRACE_PEEKDATA`: one word of a stopped task's memory.
fn peek_word(tid: u32, addr: u64) -> io::Result<libc::c_long> {
    // SAFETY: errno is thread-local; it is cleared so that a word of -1 can be told from an
    // error.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: PEEKDATA takes integers and returns the word; it writes no memory of ours.
    let w = unsafe { libc::ptrace(libc::PTRACE_PEEKDATA, tid as libc::pid_t, addr as usize, 0) };
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(0) | None => Ok(w),
        Some(_) => Err(e),
    }
}

/// `PTRACE_POKEDATA`: writes one word of a stopped task's memory.
fn poke_word(tid: u32, addr: u64, word: libc::c_long) -> io::Result<()> {
    request(libc::PTRACE_POKEDATA, tid, addr as usize, word as usize).map(drop)
}

/// The calling thread's id.
pub fn gettid() -> u32 {
    // SAFETY: gettid takes nothing and cannot fail.
    unsafe { libc::gettid() as u32 }
}

/// A POSIX timer on CLOCK_MONOTONIC that sends a signal to one thread: it interrupts the ptrace
/// thread's `waitpid` when a held tracee is due.
pub struct ThreadTimer(libc::timer_t);

impl ThreadTimer {
    /// A timer that sends `sig` to thread `tid` of this process.
    pub fn new(tid: u32, sig: i32) -> io::Result<Self> {
        // SAFETY: an all-zero sigevent is valid; the fields that matter are set below.
        let mut ev: libc::sigevent = unsafe { std::mem::zeroed() };
        ev.sigev_notify = libc::SIGEV_THREAD_ID;
        ev.sigev_signo = sig;
        ev.sigev_notify_thread_id = tid as libc::c_int;
        let mut id: libc::timer_t = std::ptr::null_mut();
        // SAFETY: the kernel reads `ev` and writes the new timer's id into `id`, both locals.
        let r = unsafe { libc::timer_create(libc::CLOCK_MONOTONIC, &mut ev, &mut id) };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(ThreadTimer(id))
    }

    /// Fires at `at_ns` (CLOCK_MONOTONIC, as [`now_ns`]), then every `every_ns` until re-armed
    /// (a signal that comes just before the wait starts is followed by another); `at_ns` 0
    /// disarms it.
    pub fn arm(&self, at_ns: u64, every_ns: u64) -> io::Result<()> {
        let ts = |ns: u64| libc::timespec {
            tv_sec: (ns / 1_000_000_000) as libc::time_t,
            tv_nsec: (ns % 1_000_000_000) as libc::c_long,
        };
        let spec = libc::itimerspec {
            it_interval: ts(if at_ns == 0 { 0 } else { every_ns }),
            it_value: ts(at_ns),
        };
        // SAFETY: the timer is ours (created by `new`, not deleted); the kernel reads `spec`.
        let r = unsafe {
            libc::timer_settime(self.0, libc::TIMER_ABSTIME, &spec, std::ptr::null_mut())
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

impl Drop for ThreadTimer {
    fn drop(&mut self) {
        // SAFETY: the timer is ours and deleted once.
        unsafe { libc::timer_delete(self.0) };
    }
}

/// Sends `sig` to thread `tid` of this process (to interrupt a blocking wait).
pub fn kick_thread(thread: libc::pthread_t, sig: i32) {
    // SAFETY: pthread_kill on a thread of ours that is alive until it is joined.
    unsafe { libc::pthread_kill(thread, sig) };
}

/// CLOCK_MONOTONIC in ns: the clock of the kernel side's records (bpf_ktime_get_ns).
pub fn now_ns() -> u64 {
    // SAFETY: clock_gettime writes into a local timespec.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscall_info_entry_and_exit() {
        let mut b = vec![0u8; INFO_SIZE];
        b[0] = op::ENTRY;
        b[24..32].copy_from_slice(&257u64.to_le_bytes());
        b[40..48].copy_from_slice(&0x1000u64.to_le_bytes());
        let i = SyscallInfo::parse(&b);
        assert_eq!((i.op, i.nr, i.args[1]), (op::ENTRY, 257, 0x1000));
        let mut b = vec![0u8; 33];
        b[0] = op::EXIT;
        b[24..32].copy_from_slice(&(-2i64).to_le_bytes());
        assert_eq!(SyscallInfo::parse(&b).rval, -2);
        // Short or empty: no panic, zeroes.
        assert_eq!(SyscallInfo::parse(&b[..10]).rval, 0);
        assert_eq!(SyscallInfo::parse(&[]).op, 0);
    }
}
