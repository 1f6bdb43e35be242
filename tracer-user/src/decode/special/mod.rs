//! Hand-written decoders for the real exceptions, by family: calls whose arguments print
//! according to another argument (fcntl's command, ioctl's request, futex's op, clone's
//! flags), arrays whose length is another argument or the return value (poll, epoll_wait,
//! getdents64), and calls that add text after the return value.
//!
//! Each decoder is one value implementing [`Special`], which a row names at the positions it
//! decodes: everything about it — what the kernel copies, which positions are the kernel's
//! output, how each position decodes and what follows the return value — is in its one
//! `impl`. Pure: everything comes from the record's bytes.
mod clone;
mod creds;
mod fcntl;
mod files;
mod futex;
mod ioctl;
mod ipc;
mod memory;
mod poll;
mod prctl;
mod sched;
mod signal;

pub use clone::{CLONE, CLONE3, WAIT};
pub use creds::{GROUPS_IN, GROUPS_OUT};
pub use fcntl::FCNTL;
pub use files::{DIRENTS, MKNOD1, MKNOD2, MOUNT, OFFSET, OFFSET_INOUT, RWF_FLAGS, STATX_FLAGS};
pub use futex::FUTEX;
pub use ioctl::IOCTL;
#[cfg(test)]
pub(crate) use ioctl::termios;
pub use ipc::{IPC_FLAGS, IPC_KEY, MSGCTL_CMD, SEMBUFS, SEMCTL_CMD, SHM_FLAGS, SHMCTL_CMD};
pub use memory::MREMAP_NEW;
pub use poll::{EPOLL_EVENTS, POLL_FDS, PPOLL, PSELECT, SELECT};
pub use prctl::{ARCH_PRCTL, PERSONALITY, PRCTL};
pub use sched::{CPU_SET_IN, CPU_SET_OUT, IOPRIO_GET, IOPRIO_SET, MEMBARRIER, SCHED_GETSCHEDULER};
pub use signal::{MMSG_TIMEOUT, SIGNAL_RET, SIGRETURN_MASK, SLEEP_LEFT};

use tracer_common::{CaptureKind, array};

use super::structs::u32_at;
use super::{RetNote, Value};
use crate::wire::{Captured, SyscallEvent};

/// What the kernel copies for one position of a special decoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cap {
    pub reg: u8,
    pub kind: CaptureKind,
    pub len_arg: u8,
    pub when: u8,
    pub max: u32,
}

/// A decoder for the arguments (some positions of them) of the calls a row names it for.
pub trait Special: Sync + std::fmt::Debug {
    /// What the kernel copies for position `pos` (at most two copies).
    fn captures(&self, _pos: usize) -> [Option<Cap>; 2] {
        [None, None]
    }

    /// Whether the positions it decodes are filled by the kernel (left out of
    /// `<unfinished ...>` lines).
    fn is_out(&self) -> bool {
        false
    }

    /// Whether the copy of position `pos` made at exit is of something the kernel only reads
    /// (futex's timeout): with split lines it is made at entry, for the `<unfinished ...>`
    /// part.
    fn input_at(&self, _pos: usize) -> bool {
        false
    }

    /// Whether strace ends the entry part of a split line after this position, and prints
    /// what the kernel changed in it (a [`Value::Changed`]'s new value) after `resumed>`.
    fn ends_entry(&self) -> bool {
        false
    }

    /// Position `pos` of the call; None when strace prints nothing there.
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>>;

    /// Whether the memory it reads names descriptors ([`Special::descriptors`]): what strace's
    /// `-P` checks besides descriptor arguments.
    fn names_descriptors(&self) -> bool {
        false
    }

    /// The descriptors the call names inside the memory this decoder reads, as passed in
    /// (select's three sets, poll's pollfds). `None` when that memory is not in these records
    /// (poll's array is copied at exit only). `enter` is the call's entry record, which may be
    /// `ev` itself.
    fn descriptors(
        &self,
        _ev: &SyscallEvent<'_>,
        _enter: Option<&SyscallEvent<'_>>,
    ) -> Option<Vec<i64>> {
        None
    }

    /// What follows the return value, if anything.
    fn ret<'a>(
        &self,
        _pos: usize,
        _ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        None
    }
}

/// Two rows name the same decoder when they name the same value.
impl PartialEq for dyn Special {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(self, other)
    }
}

impl Eq for dyn Special {}

/// The captures of a decoder that copies one buffer, `copy`, for the argument at `at` and
/// nothing for the others.
pub(crate) fn copy_at(pos: usize, at: usize, copy: Option<Cap>) -> [Option<Cap>; 2] {
    [if pos == at { copy } else { None }, None]
}

/// A copy of `max` bytes of the memory register `reg` points to, made `when`.
pub(crate) const fn fixed(reg: u8, when: u8, max: u32) -> Option<Cap> {
    Some(Cap {
        reg,
        kind: CaptureKind::Fixed,
        len_arg: 0,
        when,
        max,
    })
}

/// The bytes copied for register `reg`, when the copy succeeded.
pub(crate) fn cap<'a>(ev: &SyscallEvent<'a>, reg: usize) -> Option<&'a [u8]> {
    match ev.caps.get(reg).copied().flatten() {
        Some(Captured::Bytes(b)) => Some(b),
        _ => None,
    }
}

/// Argument register `reg`.
pub(crate) fn arg(ev: &SyscallEvent<'_>, reg: usize) -> u64 {
    ev.args.get(reg).copied().unwrap_or(0)
}

/// Item `i` of a `Several` capture, when its memory was read (not NULL, not unreadable).
pub(crate) fn several_item(b: Option<&[u8]>, i: usize) -> Option<&[u8]> {
    let b = b?;
    let count = u32_at(b, 0)? as usize;
    if i >= count {
        return None;
    }
    let mut at = array::HEAD_SIZE;
    for k in 0..=i {
        let word = u32_at(b, at)?;
        let len = (word & 0xffff) as usize;
        let item = b.get(at + array::ITEM_HEAD_SIZE..at + array::ITEM_HEAD_SIZE + len)?;
        if k == i {
            return ((word >> 16) as u8 == array::ELEM_OK).then_some(item);
        }
        at += array::ITEM_HEAD_SIZE + len;
    }
    None
}

/// The kernel's `sigset_t` size: the only size strace decodes a mask of.
pub(crate) const SIGSET_SIZE: u64 = 8;
