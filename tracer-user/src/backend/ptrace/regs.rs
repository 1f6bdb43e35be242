//! The registers tampering changes, the one place that knows each architecture's layout: the
//! syscall number at entry (to skip the call or make another) and the return value at exit.
//! Both go through `PTRACE_GETREGSET`/`PTRACE_SETREGSET` ([`super::sys`]).
use std::io;

use super::sys;

/// `NT_PRSTATUS`: the general registers (`struct user_regs_struct`, `struct user_pt_regs`).
const NT_PRSTATUS: u32 = 1;

/// Room for the general registers of every architecture traced (aarch64's 34 words are the
/// most; x86_64 has 27).
const GP_WORDS: usize = 34;

#[cfg(target_arch = "x86_64")]
mod layout {
    /// `orig_rax`: the syscall number the kernel runs (`struct user_regs_struct`, word 15).
    pub const NR_WORD: Option<usize> = Some(15);
    /// `rax`: the return value (word 10).
    pub const RET_WORD: usize = 10;
}

#[cfg(target_arch = "aarch64")]
mod layout {
    /// The syscall number lives in a register set of its own (`NT_ARM_SYSTEM_CALL`).
    pub const NR_WORD: Option<usize> = None;
    /// `x0`: the return value (`struct user_pt_regs`, `regs[0]`).
    pub const RET_WORD: usize = 0;
    /// `NT_ARM_SYSTEM_CALL`: the syscall number, an `int`.
    pub const NT_ARM_SYSTEM_CALL: u32 = 0x404;
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("tampering with syscalls knows the registers of x86_64 and aarch64 only");

/// Reads the general registers, lets `f` change them, writes them back.
fn change_gp(tid: u32, f: impl FnOnce(&mut [u64])) -> io::Result<()> {
    let mut buf = [0u8; GP_WORDS * 8];
    let len = sys::get_regset(tid, NT_PRSTATUS, &mut buf)?;
    let bytes = buf.get_mut(..len).unwrap_or_default();
    let mut words: Vec<u64> = bytes
        .chunks_exact(8)
        .map(|c| u64::from_ne_bytes(c.try_into().unwrap_or_default()))
        .collect();
    f(&mut words);
    for (chunk, w) in bytes.chunks_exact_mut(8).zip(&words) {
        chunk.copy_from_slice(&w.to_ne_bytes());
    }
    sys::set_regset(tid, NT_PRSTATUS, bytes)
}

/// Sets one word of the general registers (an error if the kernel's set is shorter).
fn set_gp_word(tid: u32, index: usize, value: u64) -> io::Result<()> {
    let mut found = false;
    change_gp(tid, |w| {
        if let Some(slot) = w.get_mut(index) {
            *slot = value;
            found = true;
        }
    })?;
    if found {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(libc::EIO))
    }
}

/// At a syscall-entry stop: the kernel runs syscall `nr` instead (-1: none, the call is
/// skipped and fails with ENOSYS unless its result is set at exit).
pub fn set_syscall_nr(tid: u32, nr: i64) -> io::Result<()> {
    match layout::NR_WORD {
        Some(word) => set_gp_word(tid, word, nr as u64),
        None => set_nr_regset(tid, nr),
    }
}

#[cfg(target_arch = "aarch64")]
fn set_nr_regset(tid: u32, nr: i64) -> io::Result<()> {
    sys::set_regset(tid, layout::NT_ARM_SYSTEM_CALL, &(nr as i32).to_ne_bytes())
}

#[cfg(not(target_arch = "aarch64"))]
fn set_nr_regset(_tid: u32, _nr: i64) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::ENOSYS))
}

/// At a syscall-exit stop: the call returns `value` (`-errno` for a failure).
pub fn set_return(tid: u32, value: i64) -> io::Result<()> {
    set_gp_word(tid, layout::RET_WORD, value as u64)
}
