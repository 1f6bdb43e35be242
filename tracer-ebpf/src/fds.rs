//! `-y`: what a descriptor a call just created is, read from the kernel's own tables while the
//! call returns (user space would read `/proc` too late: the descriptor may be closed, the
//! process gone). Only pipes, sockets and anonymous inodes are sent; files have their paths
//! from the calls that opened them.
use aya_ebpf::helpers::{
    bpf_get_current_task, bpf_probe_read_kernel, bpf_probe_read_kernel_str_bytes,
    bpf_probe_read_user,
};
use tracer_common::{Config, FdRecord, RecordKind, newfds};

use crate::emit::{header, send_fixed};

/// The type bits of `i_mode`, and the types sent.
const S_IFMT: u32 = 0o170000;
const S_IFIFO: u32 = 0o010000;
const S_IFSOCK: u32 = 0o140000;
const S_IFREG: u32 = 0o100000;
/// The magic of pidfs, whose regular files are pidfds (`anon_inode:[pidfd]` to `/proc`).
const PID_FS_MAGIC: u64 = 0x5049_4446;

/// Sends an [`FdRecord`] for each descriptor the call (`new_fds`, returning `ret`) created.
#[inline(always)]
pub fn records(cfg: &Config, new_fds: u32, args: &[u64; 6], ret: i64, ts: u64, pid_tgid: u64) {
    if new_fds == newfds::RET {
        record(cfg, ret as i32, ts, pid_tgid);
        return;
    }
    let ptr = match new_fds.wrapping_sub(newfds::PAIR_AT) {
        0 => args[0],
        3 => args[3],
        _ => return,
    };
    // SAFETY: a user pointer read through the helper, which fails cleanly.
    let Ok(pair) = (unsafe { bpf_probe_read_user(ptr as *const [i32; 2]) }) else {
        return;
    };
    record(cfg, pair[0], ts, pid_tgid);
    record(cfg, pair[1], ts, pid_tgid);
}

/// `*(base + off)` as a kernel word.
#[inline(always)]
fn word(base: u64, off: u64) -> Option<u64> {
    // SAFETY: bpf_probe_read_kernel fails cleanly on a bad pointer.
    unsafe { bpf_probe_read_kernel((base + off) as *const u64) }.ok()
}

/// task->files->fdt->fd[fd]->f_inode and ->f_path.dentry->d_name.name.
#[inline(always)]
fn record(cfg: &Config, fd: i32, ts: u64, pid_tgid: u64) {
    if fd < 0 {
        return;
    }
    let o = &cfg.fd_offs;
    // SAFETY: a helper without arguments.
    let task = unsafe { bpf_get_current_task() };
    let Some(file) = word(task, o[0] as u64)
        .and_then(|files| word(files, o[1] as u64))
        .and_then(|fdt| word(fdt, o[2] as u64))
        .and_then(|fdarr| word(fdarr, 8 * (fd as u64 & 0xf_ffff)))
    else {
        return;
    };
    let Some(inode) = word(file, o[3] as u64) else {
        return;
    };
    // SAFETY: as `word`.
    let Ok(mode) = (unsafe { bpf_probe_read_kernel((inode + o[4] as u64) as *const u16) }) else {
        return;
    };
    let mut mode = mode as u32;
    let kind = mode & S_IFMT;
    // A pidfd (a pidfs file since Linux 6.9) is sent as the anonymous inode it once was.
    let pidfd = kind == S_IFREG
        && word(inode, o[8] as u64)
            .and_then(|sb| word(sb, o[9] as u64))
            .is_some_and(|magic| magic as u32 as u64 == PID_FS_MAGIC);
    if pidfd {
        mode &= !S_IFMT;
    } else if kind != S_IFIFO && kind != S_IFSOCK && kind != 0 {
        return;
    }
    let ino = if pidfd {
        // The pidfs inode's i_private is the struct pid; its first number is the initial
        // namespace's.
        word(inode, o[10] as u64)
            .and_then(|pid| word(pid, o[11] as u64))
            .map_or(0, |nr| u64::from(nr as u32))
    } else {
        word(inode, o[5] as u64).unwrap_or(0)
    };
    let name = word(file, o[6] as u64).and_then(|dentry| word(dentry, o[7] as u64));
    send_fixed::<FdRecord>(|r, dropped| {
        r.hdr = header(RecordKind::Fd, FdRecord::SIZE, ts, dropped, pid_tgid);
        r.fd = fd;
        r.mode = mode;
        r.ino = ino;
        if pidfd {
            r.name[..8].copy_from_slice(b"[pidfd]\0");
        } else if let Some(p) = name {
            // SAFETY: a kernel string read through the helper, bounded by `r.name`.
            let _ = unsafe { bpf_probe_read_kernel_str_bytes(p as *const u8, &mut r.name) };
        }
    });
}
