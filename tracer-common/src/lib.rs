//! The wire between tracer's kernel programs and its user space.
//!
//! Everything here is `#[repr(C)]` with explicit padding and a size assertion, so both sides agree
//! byte for byte. Records travel through one BPF ring buffer; each starts with a [`Header`] whose
//! `kind` says what follows. User space parses records with bounds checks only (never a cast of
//! the raw bytes), so a short or garbled record cannot panic it.
#![no_std]

/// Bumped whenever a record layout changes.
pub const WIRE_VERSION: u8 = 6;

/// Upper bound on syscall numbers the kernel side keeps a capture spec for.
pub const MAX_SYSCALLS: u32 = 512;
/// At most this many arguments of one syscall are copied from user memory.
pub const MAX_CAPTURES: usize = 3;
/// Hard cap on the bytes copied for one argument (PATH_MAX).
pub const CAPTURE_MAX: u32 = 4096;
/// Size of the data area of a syscall record: room for all captures at their hard cap.
/// A power of two, so offsets into it can be masked for the verifier.
pub const DATA_AREA: usize = 16384;
/// The maximum size of one record.
pub const RECORD_MAX: usize = SyscallRecord::SIZE + DATA_AREA;

/// What a record is.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// A finished (or never-returning, or interrupted) syscall: [`SyscallRecord`] + capture data.
    Syscall = 1,
    /// A syscall's entry: [`SyscallRecord`] with only the entry captures; the matching `Syscall`
    /// record (flag `HAS_ENTER`) follows. Sent when some argument is gone at exit (execve's
    /// path), and for every syscall when several tasks are traced ([`cfgflags::SPLIT`]), so the
    /// ring's order shows how the tasks' calls interleave (strace's `<unfinished ...>`).
    SyscallEnter = 2,
    /// A new task: [`ForkRecord`].
    Fork = 3,
    /// A successful exec: [`ExecRecord`].
    Exec = 4,
    /// A task ended: [`ExitRecord`].
    Exit = 5,
    /// A signal for a traced task: [`SignalRecord`] (from the kernel's signal tracepoints, or
    /// the ptrace backend's signal-delivery-stops and group-stops, in the same layout).
    Signal = 6,
    /// `-y`: what a descriptor a call just created refers to, when only the kernel can say (a
    /// pipe, a socket, an anonymous inode): [`FdRecord`], sent before the call's record.
    Fd = 7,
    /// `-Y`: a traced task took a new name (prctl's PR_SET_NAME, a write to /proc/PID/comm):
    /// [`RenameRecord`], sent before the record of the call that renamed it.
    Rename = 8,
}

impl RecordKind {
    pub fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            1 => Self::Syscall,
            2 => Self::SyscallEnter,
            3 => Self::Fork,
            4 => Self::Exec,
            5 => Self::Exit,
            6 => Self::Signal,
            7 => Self::Fd,
            8 => Self::Rename,
            _ => return None,
        })
    }
}

/// The start of every record.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// A [`RecordKind`].
    pub kind: u8,
    /// [`WIRE_VERSION`].
    pub version: u8,
    /// The CPU that emitted the record (drop counters are per CPU).
    pub cpu: u16,
    /// Length of the whole record in bytes, header included.
    pub len: u32,
    /// Thread id (the kernel's pid) and process id (the kernel's tgid).
    pub tid: u32,
    pub tgid: u32,
    /// CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns) when the record's event began.
    pub ts: u64,
    /// How many records this CPU had failed to emit, in total, before this one.
    pub dropped: u64,
}

impl Header {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// Flags of a [`SyscallRecord`].
pub mod sysflags {
    /// The syscall has no return value: it never returns (exit, exit_group) or the task died in it.
    pub const NO_RETURN: u32 = 1;
    /// The task ended inside the syscall (strace's `<unfinished ...>`).
    pub const UNFINISHED: u32 = 2;
    /// A `SyscallEnter` record with entry captures was emitted for this syscall.
    pub const HAS_ENTER: u32 = 4;
    /// `-e inject=…:error=`/`retval=`, `-e fault=`: the call was skipped and its return value
    /// is the injected one (strace's ` (INJECTED)`). Only the ptrace backend sets the
    /// tampering bits.
    pub const INJECTED: u32 = 8;
    /// `poke_enter=`/`poke_exit=`: bytes were written into the memory of an argument
    /// (` (INJECTED: args)`).
    pub const INJECTED_ARGS: u32 = 16;
    /// `delay_enter=`/`delay_exit=`: the task was held at the call's entry or exit
    /// (` (DELAYED)`).
    pub const DELAYED: u32 = 32;

    /// The flag for an exit record, from a task's `enter_caps` (non-zero once an entry record
    /// was sent for the call).
    #[inline(always)]
    pub const fn with_enter(enter_caps: u32) -> u32 {
        if enter_caps != 0 { HAS_ENTER } else { 0 }
    }
}

/// Status of one captured argument.
pub mod capstatus {
    /// Nothing captured for this slot.
    pub const NONE: u8 = 0;
    /// Bytes copied; `len` of them are in the data area.
    pub const OK: u8 = 1;
    /// The user memory could not be read (prints as the address).
    pub const FAULT: u8 = 2;
}

/// One captured argument inside a record.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capture {
    /// Which argument (0..6).
    pub arg: u8,
    /// A [`capstatus`] value.
    pub status: u8,
    /// The [`CaptureKind`] that produced it.
    pub kind: u8,
    pub _pad: u8,
    /// Number of bytes in the data area (for strings: without the NUL).
    pub len: u32,
}

/// A syscall record. Capture data follows it: capture i's bytes come right after capture i-1's.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyscallRecord {
    pub hdr: Header,
    pub nr: u32,
    /// [`sysflags`].
    pub flags: u32,
    pub args: [u64; 6],
    pub ret: i64,
    /// Nanoseconds from entry to exit (0 when there was no exit).
    pub duration: u64,
    /// `-i`: the instruction pointer at entry (0 unless [`cfgflags::IP`]).
    pub ip: u64,
    pub caps: [Capture; MAX_CAPTURES],
    pub _pad: u32,
}

impl SyscallRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// A new task: thread or process. `hdr.tid`/`hdr.tgid` are the parent's.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ForkRecord {
    pub hdr: Header,
    pub child_tid: u32,
    pub child_tgid: u32,
}

impl ForkRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// Bytes of a dentry name an [`FdRecord`] holds (`[eventfd]`, `inotify`).
pub const FD_NAME_MAX: usize = 32;

/// `-y`: the file behind descriptor `fd` of the task in `hdr`, just created by the call whose
/// record follows: its inode's mode and number (`pipe:[N]`, `socket:[N]`) and its dentry's
/// name, NUL-padded (`anon_inode:[eventfd]`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FdRecord {
    pub hdr: Header,
    pub fd: i32,
    pub mode: u32,
    /// The inode number; for a pidfd (`[pidfd]`), the process id it refers to.
    pub ino: u64,
    pub name: [u8; FD_NAME_MAX],
}

impl FdRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// `-Y`: task `hdr.tid` (of process `hdr.tgid`) is now called `comm` (NUL-padded), renamed in
/// the traced call `nr` (strace reads the name at that call's exit), or [`RenameRecord::NO_CALL`]
/// (renamed in a call not traced, or by another thread).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenameRecord {
    pub hdr: Header,
    pub nr: u32,
    pub _pad: u32,
    pub comm: [u8; 16],
}

impl RenameRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
    pub const NO_CALL: u32 = u32::MAX;
}

/// Length of the file name field of an [`ExecRecord`].
pub const EXEC_FILENAME_MAX: usize = 256;

/// A successful exec, in the new image. `hdr.tid` is the task's id after exec.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecRecord {
    pub hdr: Header,
    /// The thread id before exec (differs when a non-leader thread execs).
    pub old_tid: u32,
    /// Bytes of `filename` used (no NUL).
    pub filename_len: u32,
    /// The cgroup (v2 id) the task runs in, for labels.
    pub cgroup_id: u64,
    pub comm: [u8; 16],
    pub filename: [u8; EXEC_FILENAME_MAX],
}

impl ExecRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// Flags of an [`ExitRecord`].
pub mod exitflags {
    /// The last thread of the process: the process is gone.
    pub const GROUP_DEAD: u32 = 1;
    /// `exit_code` was read from the task (else unknown).
    pub const CODE_KNOWN: u32 = 2;
    /// Not an end: the task is no longer traced (`-b execve` detached it at its exec; the
    /// process runs on). `exit_code` means nothing.
    pub const DETACHED: u32 = 4;
    /// Not an end either: the thread group leader was killed because another thread of its
    /// process exec'd, which takes its id (strace's `+++ superseded by execve +++`).
    pub const SUPERSEDED: u32 = 8;
}

/// A task ended. `exit_code` is a wait status (`code << 8`, or the killing signal | 0x80 core).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExitRecord {
    pub hdr: Header,
    pub exit_code: u32,
    /// [`exitflags`].
    pub flags: u32,
}

impl ExitRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// Bytes of the kernel's `siginfo` a [`SignalRecord`] carries (`struct kernel_siginfo` on 64-bit
/// architectures: signo, errno, code, and the 32-byte union).
pub const SIGINFO_SIZE: usize = 48;

/// Flags of a [`SignalRecord`].
pub mod sigflags {
    /// Dequeued by the task (tracepoint `signal_deliver`): the task is about to act on it.
    pub const DELIVERED: u32 = 1;
    /// Sent to the task (tracepoint `signal_generate`) and queued: a `DELIVERED` record
    /// follows unless the signal kills the whole group on the way (SIGTERM to a process without
    /// a handler: its threads then see only SIGKILL).
    pub const GENERATED: u32 = 2;
    /// Sent, and discarded at once because the task ignores it (SIG_IGN, or SIG_DFL with an
    /// ignoring default such as SIGCHLD's). Under ptrace such signals are queued and reported,
    /// so strace shows them.
    pub const IGNORED: u32 = 4;
    /// The target had a syscall in flight when the signal was sent: strace sees the signal after
    /// that syscall returns.
    pub const IN_SYSCALL: u32 = 8;
    /// `info` could be read (else the kernel passed no siginfo or it was unreadable).
    pub const HAS_INFO: u32 = 16;
    /// A stop signal with its default action: the task stops (strace's `--- stopped by SIG ---`).
    pub const STOPS: u32 = 32;
    /// The task entered group-stop (ptrace backend, which hears of it once per thread): only
    /// strace's `--- stopped by SIG ---`; `info` is unused. (The eBPF side says `STOPS` on the
    /// delivery instead.)
    pub const GROUP_STOP: u32 = 64;
}

/// A signal for a traced task. `hdr.tid`/`hdr.tgid` are the *receiving* task's (for a generated
/// signal, that is not the running task).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignalRecord {
    pub hdr: Header,
    pub sig: u32,
    /// [`sigflags`].
    pub flags: u32,
    /// The start of the kernel's siginfo, as the kernel laid it out.
    pub info: [u8; SIGINFO_SIZE],
}

impl SignalRecord {
    pub const SIZE: usize = core::mem::size_of::<Self>();
}

/// How the kernel copies one argument from user memory.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureKind {
    None = 0,
    /// A NUL-terminated string (a path), up to `max` bytes.
    CStr = 1,
    /// A buffer whose length is argument `len_arg`, up to `max` bytes.
    BufLenArg = 2,
    /// A buffer filled by the kernel whose length is the return value, up to `max` bytes.
    BufLenRet = 3,
    /// A fixed-size object of `max` bytes (a struct).
    Fixed = 4,
    /// A buffer whose length is the `u32`/`u64` pointed to by argument `len_arg` (sockaddr + socklen).
    BufLenPtr = 5,
    /// A NULL-terminated array of string pointers (execve's argv): [`array::Head`], then per
    /// string an [`array::StrHead`] and its bytes. `max` is [`ArgSpec::array_max`].
    StrArray = 6,
    /// Only the number of pointers before the NULL of a pointer array (execve's envp, strace's
    /// `/* N vars */`): an [`array::Head`] with [`array::COUNT_ONLY`].
    PtrCount = 7,
    /// An iovec array whose element count is argument `len_arg`: [`array::Head`], then per
    /// element an [`array::IovHead`] and the start of its buffer. `max` is
    /// [`ArgSpec::array_max`].
    Iovec = 8,
    /// Like `Iovec`, for buffers the kernel filled: the data copied in total is the return value
    /// (none when the call failed).
    IovecRet = 9,
    /// A `struct msghdr`: its [`array::MSGHDR_SIZE`] bytes, an [`array::NameHead`] and up to
    /// [`array::NAME_MAX`] bytes of `msg_name`, then its iovec array as `Iovec` lays it out,
    /// then a head like the name's ([`array::NAME_HEAD_SIZE`]: bytes that follow, status) and
    /// up to [`array::CONTROL_MAX`] bytes of `msg_control` (`msg_controllen` of them).
    Msghdr = 10,
    /// Like `Msghdr`, with the iovec data limited by the return value (recvmsg).
    MsghdrRet = 11,
    /// Only the number of variable-length records in a buffer the kernel filled with the return
    /// value's bytes (getdents' `/* N entries */`): each record has its length as a `u16` at
    /// offset `max` (16 for `linux_dirent64` and, on 64-bit, `linux_dirent`). Records are
    /// walked while that field lies inside the buffer; a length of 0 stops the walk after
    /// counting its record. The data is an [`array::Head`] alone: `count` = records counted,
    /// `flags` = [`array::COUNT_ONLY`], plus [`array::MORE`] when [`array::COUNT_MAX`] records
    /// were counted and the walk stopped there, or [`array::UNTERMINATED`] when a later
    /// record's length could not be read (`count` = the records before it). When the first
    /// length cannot be read the capture's status is `FAULT`. A negative return value counts
    /// nothing (`count` 0).
    RecordCount = 12,
    /// `max & 0xffff` bytes (≤ [`array::ELEM_BYTES_MASK`]) at the user stack pointer plus
    /// `max >> 16`, copied raw: what a signal frame holds at rt_sigreturn's entry. Only at
    /// entry (`when::ENTER`): the stack pointer is not known at exit. `arg` only names the slot.
    UserStack = 13,
    /// A struct of `max & 0xffff` bytes (≤ [`array::ELEM_BYTES_MASK`]) copied like `Fixed`,
    /// then the `max >> 16` bytes (1 to [`array::DEREF_MAX`]) that the pointer at offset
    /// `len_arg` of the struct points to, when that pointer is not NULL and readable; otherwise
    /// the struct alone (clone3's `=> {parent_tid=[N]}`, pselect6's `{sigmask=[…], …}`).
    FixedDeref = 14,
    /// Several arguments in one copy (select's three fd sets and its timeout, ppoll's timeout
    /// and signal mask), for calls that have more to show than a record has slots. `max` holds
    /// up to [`array::SEVERAL_ITEMS`] items, one per byte from the low one
    /// ([`array::several_item`]); a zero byte ends them. The data is an [`array::Head`]
    /// (`count` = items) and per item a `u32` (bytes that follow in its low 16 bits, an
    /// `ELEM_*` status in bits 16..24: [`array::ELEM_NONE`] for a NULL pointer) and its bytes.
    /// `arg` only names the slot.
    Several = 15,
    /// An array of `struct mmsghdr` (sendmmsg) whose element count is argument `len_arg`: an
    /// [`array::Head`] (`count` = messages copied, [`array::MORE`] when there were more), then
    /// per message its `msg_len` (`u32`), the bytes of its msghdr capture that follow (`u32`,
    /// 0 when the msghdr could not be read) and that capture, laid out as `Msghdr`. At most
    /// [`array::MMSG_MAX`] messages and `max`'s element count; `max` bounds each msghdr's
    /// iovecs as it does `Msghdr`'s.
    Mmsghdr = 16,
    /// Like `Mmsghdr`, for messages the kernel filled (recvmmsg): as many as the return value
    /// (none when the call failed), each laid out as `MsghdrRet` with its `msg_len` as the data
    /// its iovecs hold.
    MmsghdrRet = 17,
}

impl CaptureKind {
    /// Kinds from this one on are copied by one global function (arrays, copied element by
    /// element, and the kinds after them).
    pub const FIRST_ARRAY: CaptureKind = CaptureKind::StrArray;

    pub const fn from_u8(v: u8) -> Self {
        match v {
            1 => Self::CStr,
            2 => Self::BufLenArg,
            3 => Self::BufLenRet,
            4 => Self::Fixed,
            5 => Self::BufLenPtr,
            6 => Self::StrArray,
            7 => Self::PtrCount,
            8 => Self::Iovec,
            9 => Self::IovecRet,
            10 => Self::Msghdr,
            11 => Self::MsghdrRet,
            12 => Self::RecordCount,
            13 => Self::UserStack,
            14 => Self::FixedDeref,
            15 => Self::Several,
            16 => Self::Mmsghdr,
            17 => Self::MmsghdrRet,
            _ => Self::None,
        }
    }
}

/// Layout of the array captures ([`CaptureKind::StrArray`], `PtrCount`, `Iovec`, `IovecRet`,
/// `Msghdr`, `MsghdrRet`, `RecordCount`) in the data area. All integers little-endian, packed (no alignment).
pub mod array {
    /// Starts every array: `count: u32` (elements that follow, or counted for
    /// [`COUNT_ONLY`]) and `flags: u32`.
    pub const HEAD_SIZE: usize = 8;
    /// `Head.flags`: the array has more elements than were copied (strace's `...`).
    pub const MORE: u32 = 1;
    /// `Head.flags`: only counted, no elements follow.
    pub const COUNT_ONLY: u32 = 2;
    /// `Head.flags`: reading the array failed after its first element (no NULL was seen).
    pub const UNTERMINATED: u32 = 4;
    /// `Head.flags`: the array itself could not be read (a msghdr's msg_iov).
    pub const FAULT: u32 = 8;

    /// Before each string of a `StrArray`: `len: u16` (bytes that follow, no NUL), `status: u8`
    /// ([`ELEM_OK`], [`ELEM_TRUNC`], or [`ELEM_FAULT`]: then the 8 bytes are the pointer), `pad`.
    pub const STR_HEAD_SIZE: usize = 4;
    pub const ELEM_NONE: u8 = 0;
    pub const ELEM_OK: u8 = 1;
    pub const ELEM_FAULT: u8 = 2;
    /// The string filled its buffer: it may go on.
    pub const ELEM_TRUNC: u8 = 3;

    /// Before each iovec element: `base: u64`, `len: u64`, `avail: u64` (bytes of the buffer
    /// that count: `len`, or what the return value leaves for it), a `u32` with the bytes that
    /// follow in its low 24 bits and the status in its high 8 ([`ELEM_NONE`]: no data was to be
    /// copied, the call failed), 4 bytes of padding.
    pub const IOV_HEAD_SIZE: usize = 32;

    /// `struct msghdr` on 64-bit targets (x86_64, aarch64).
    pub const MSGHDR_SIZE: usize = 56;
    /// After the msghdr: `got: u32` (bytes of msg_name that follow), `status: u32`.
    pub const NAME_HEAD_SIZE: usize = 8;
    /// At most this much of msg_name is copied (`sizeof(struct sockaddr_storage)`).
    pub const NAME_MAX: usize = 128;
    /// `struct mmsghdr` on 64-bit targets: a msghdr, then `msg_len` (and padding).
    pub const MMSGHDR_SIZE: usize = 64;
    /// Messages of an `Mmsghdr` capture copied at most.
    pub const MMSG_MAX: u32 = 16;
    /// Before each message of an `Mmsghdr` capture: `msg_len: u32`, `bytes: u32`.
    pub const MMSG_HEAD_SIZE: usize = 8;

    /// At most this much of msg_control is copied (control messages: 126 descriptors of
    /// SCM_RIGHTS).
    pub const CONTROL_MAX: usize = 512;

    /// Elements of one array copied at most with `-v` (without it, `-s` elements).
    pub const VERBOSE_ELEMS: u32 = 1024;
    /// Bytes one array capture may use of the data area.
    pub const BYTES_MAX: usize = 8192;
    /// Bytes of one string or buffer copied at most (a mask for the verifier: 2^k - 1).
    pub const ELEM_BYTES_MASK: u32 = 2047;
    /// Pointers counted at most for `PtrCount`.
    pub const COUNT_MAX: u32 = 1 << 16;

    /// Bytes behind a `FixedDeref` pointer at most (a 64-bit signal mask).
    pub const DEREF_MAX: u32 = 8;

    /// Items of one `Several` capture at most.
    pub const SEVERAL_ITEMS: usize = 4;
    /// Before each item of a `Several` capture: its length and status (see `Several`).
    pub const ITEM_HEAD_SIZE: usize = 4;
    /// A `Several` item's size code for an `fd_set`: as many bits as argument `len_arg` says
    /// (select's `nfds`), in whole bytes, at most [`FDSET_MAX`].
    pub const SIZE_FDSET: u8 = 31;
    /// Bytes of an `fd_set` copied at most (`FD_SETSIZE` bits).
    pub const FDSET_MAX: u32 = 128;
    /// Bytes of one `Several` item at most (a mask for the verifier: 2^k - 1).
    pub const ITEM_MAX: u32 = 255;

    /// One item of a `Several` capture: argument `arg` (0..6), `code` its size: `4 * code`
    /// bytes (1..=30), or [`SIZE_FDSET`].
    pub const fn several_item(arg: u8, code: u8) -> u32 {
        (((arg & 7) << 5) | (code & 31)) as u32
    }

    /// The argument and the size code of item `i` of a `Several` capture's `max` (code 0: no
    /// such item).
    pub const fn several_at(max: u32, i: usize) -> (u8, u8) {
        let b = (max >> (8 * (i & 3))) as u8;
        (b >> 5, b & 31)
    }

    /// The bytes item `code` copies, given the value of the `len_arg` argument (for an fd set,
    /// select's `nfds`: a C `int`, whatever the register's upper half holds; none when
    /// negative).
    pub const fn several_bytes(code: u8, bits: u64) -> u32 {
        if code == SIZE_FDSET {
            let bits = bits as u32 as i32;
            let bits = if bits < 0 { 0 } else { bits as u64 };
            let n = if bits > FDSET_MAX as u64 * 8 {
                FDSET_MAX as u64 * 8
            } else {
                bits
            };
            n.div_ceil(8) as u32
        } else {
            4 * code as u32
        }
    }
}

impl ArgSpec {
    /// `max` of an array capture: at most `elems` elements, `bytes` bytes of each.
    pub const fn array_max(elems: u32, bytes: u32) -> u32 {
        let e = if elems > 0xffff { 0xffff } else { elems };
        let b = if bytes > array::ELEM_BYTES_MASK {
            array::ELEM_BYTES_MASK
        } else {
            bytes
        };
        (e << 16) | b
    }
    /// Elements to copy, of an array capture.
    pub const fn elems(&self) -> u32 {
        self.max >> 16
    }
    /// Bytes per element, of an array capture.
    pub const fn elem_bytes(&self) -> u32 {
        self.max & 0xffff
    }
}

/// The bits of [`ArgSpec::len_arg`] that name the length argument.
pub const LEN_ARG_MASK: u8 = 0x0f;

/// The element size packed into [`ArgSpec::len_arg`]'s high bits (1 when none).
pub const fn len_elem_size(len_arg: u8) -> u64 {
    match len_arg >> 4 {
        0 => 1,
        n => n as u64,
    }
}

/// A length argument's value as the kernel reads it: a count of elements (an element size is
/// packed in `len_arg`: poll's `nfds`, semop's `nsops`, setgroups' `size`) is a C `unsigned
/// int`, whatever the register's upper half holds; a count of bytes is a `size_t`.
pub const fn len_count(len_arg: u8, value: u64) -> u64 {
    if len_arg >> 4 == 0 {
        value
    } else {
        value & 0xffff_ffff
    }
}

/// Which moment a capture pass runs at (the kernel's and the ptrace backend's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// Syscall entry: only `when::ENTER` captures.
    Enter,
    /// Syscall exit with the return value; `done_at_enter` has a bit per capture already sent.
    Exit { ret: i64, done_at_enter: u32 },
    /// The task died inside the syscall: only what the caller passed in.
    Died { done_at_enter: u32 },
}

impl ArgSpec {
    /// Whether capture `i` (this spec) is copied at `moment`: entry captures at entry; at exit
    /// those not sent at entry (the kernel-filled ones only when the call succeeded); when the
    /// task died in the call, only what the caller passed in.
    #[inline(always)]
    pub fn wanted(&self, i: usize, moment: Moment) -> bool {
        match moment {
            Moment::Enter => self.when == when::ENTER,
            Moment::Exit { ret, done_at_enter } => {
                done_at_enter & (1 << i) == 0 && (self.when != when::EXIT_OK || ret >= 0)
            }
            Moment::Died { done_at_enter } => {
                done_at_enter & (1 << i) == 0
                    && self.when != when::EXIT_OK
                    && self.kind != CaptureKind::BufLenRet as u8
                    && self.kind != CaptureKind::IovecRet as u8
                    && self.kind != CaptureKind::MsghdrRet as u8
                    && self.kind != CaptureKind::MmsghdrRet as u8
            }
        }
    }
}

/// When to copy an argument.
pub mod when {
    /// At syscall exit (the default: the kernel has faulted the pages in by then).
    pub const EXIT: u8 = 0;
    /// At entry, because the memory is gone at exit (execve); retried at exit if the entry read fails.
    pub const ENTER: u8 = 1;
    /// Only when the syscall succeeded (buffers the kernel fills).
    pub const EXIT_OK: u8 = 2;
}

/// One argument to copy.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArgSpec {
    /// A [`CaptureKind`]; 0 ends the list.
    pub kind: u8,
    /// Which argument holds the pointer.
    pub arg: u8,
    /// For `BufLenArg`/`BufLenPtr`: which argument holds the length (the low four bits). For
    /// `BufLenArg`/`BufLenRet`, the high four bits are an element size the length counts in
    /// (poll's `nfds` pollfds of 8 bytes); 0 means bytes.
    pub len_arg: u8,
    /// A [`when`] value.
    pub when: u8,
    /// At most this many bytes (≤ [`CAPTURE_MAX`]); for array kinds, elements and bytes per
    /// element ([`ArgSpec::array_max`]).
    pub max: u32,
}

/// Flags of a [`SyscallSpec`].
pub mod specflags {
    /// Emit the record at entry: the syscall never returns (exit, exit_group).
    pub const NO_RETURN: u32 = 1;
    /// Some argument is copied at entry (a `SyscallEnter` record is sent).
    pub const ENTER_CAPTURES: u32 = 2;
    /// execve/execveat: a task registered before exec becomes traced here.
    pub const IS_EXEC: u32 = 4;
    /// The syscall sends signals (kill family): it may kill its caller before it returns.
    pub const MAY_SIGNAL: u32 = 8;
    /// Selected by `-e trace=` (all are, by default). An unselected syscall costs only this
    /// check: no state is kept and nothing is sent.
    pub const SELECTED: u32 = 16;
}

/// What the kernel does for one syscall number: derived in user space from the syscall's row.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyscallSpec {
    /// [`specflags`].
    pub flags: u32,
    /// Where a successful call leaves new descriptors, for `-y`: [`newfds`].
    pub new_fds: u32,
    pub args: [ArgSpec; MAX_CAPTURES],
}

/// [`SyscallSpec::new_fds`]: where a call leaves the descriptors it creates.
pub mod newfds {
    /// None.
    pub const NONE: u32 = 0;
    /// The return value (open, socket, accept, eventfd…).
    pub const RET: u32 = 1;
    /// `PAIR_AT + k`: two `int`s the pointer in argument `k` points to (pipe2's at argument 0,
    /// socketpair's at argument 3).
    pub const PAIR_AT: u32 = 2;
}

/// Flags of [`Config`].
pub mod cfgflags {
    /// Trace the children (processes and threads) of traced tasks (`-f`).
    pub const FOLLOW_FORKS: u32 = 1;
    /// The exit tracepoint carries `group_dead` as its second argument.
    pub const EXIT_HAS_GROUP_DEAD: u32 = 2;
    /// Measure each syscall's duration (`-T`); otherwise records carry 0 and the exit skips
    /// reading the clock.
    pub const DURATIONS: u32 = 4;
    /// Read the clock at syscall entry (`-t`, `-T`, JSON): otherwise records carry 0.
    pub const TIMES: u32 = 8;
    /// Only tasks whose name is `Config::comm` (`--comm`).
    pub const COMM: u32 = 16;
    /// `-e trace=` leaves some syscalls out: sys_exit checks the returning syscall's number
    /// first, so the unselected ones skip the task lookup.
    pub const SOME_SELECTED: u32 = 256;
    /// `-c`/`-C`: count calls, errors and latency per syscall in the STATS map.
    pub const COUNT: u32 = 512;
    /// `-c` without `-C`: no syscall records at all (process records still flow).
    pub const NO_LINES: u32 = 1024;
    /// `--errors`: also count calls per errno in the ERRS map.
    pub const COUNT_ERRORS: u32 = 2048;
    /// Several tasks can be traced (`-f`, several `-p` tasks, cgroup and system-wide targets),
    /// and lines are wanted: sys_enter sends a `SyscallEnter` record for every selected syscall,
    /// so user space can print strace's `<unfinished ...>` / `<... resumed>` pairs.
    pub const SPLIT: u32 = 4096;
    /// Signal records are wanted (not with `-c` alone).
    pub const SIGNALS: u32 = 8192;
    /// Fill the log2 latency buckets of the counters (`--histogram`, `--metrics`): without it
    /// `-c` skips them (a few ns per call).
    pub const HISTOGRAM: u32 = 16384;
    /// `-y`: send an [`super::FdRecord`] for each pipe, socket or anonymous-inode descriptor
    /// a call creates ([`super::SyscallSpec::new_fds`]).
    pub const FD_RECORDS: u32 = 32768;
    /// `-i`: keep the instruction pointer of each call's entry ([`super::SyscallRecord::ip`]).
    pub const IP: u32 = 1 << 17;
    /// `-b execve`: a traced task that execs is traced no more, nor are its children to come
    /// (an [`super::ExitRecord`] with [`super::exitflags::DETACHED`] says so), unless its
    /// [`super::taskflags::SKIP_DETACH_ON_FIRST_EXEC`] is set (then cleared).
    pub const DETACH_ON_EXEC: u32 = 65536;
    /// Show successful calls (`-e status=successful`; all three status bits are set by default).
    pub const STATUS_SUCCESSFUL: u32 = 32;
    /// Show calls that returned an error.
    pub const STATUS_FAILED: u32 = 64;
    /// Show calls whose task died in them.
    pub const STATUS_UNFINISHED: u32 = 128;
    /// All three.
    pub const STATUS_ALL: u32 = STATUS_SUCCESSFUL | STATUS_FAILED | STATUS_UNFINISHED;
}

/// What `-c` counts per (`Config::count_per`, `--per`).
pub mod countper {
    /// One total.
    pub const TOTAL: u32 = 0;
    /// Per cgroup (id).
    pub const CGROUP: u32 = 1;
    /// Per process (tgid).
    pub const PROCESS: u32 = 2;
    /// Per thread (tid).
    pub const THREAD: u32 = 3;
}

/// Buckets of the latency histogram: bucket i counts calls of [2^i, 2^(i+1)) ns; the last one
/// also everything longer.
pub const HIST_BUCKETS: usize = 32;

/// Key of the STATS map: a syscall in a group (0, a cgroup id, a tgid or a tid, per `--per`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatKey {
    pub nr: u32,
    pub _pad: u32,
    pub group: u64,
}

/// Per-CPU counters of one syscall in one group.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatVal {
    pub calls: u64,
    pub errors: u64,
    pub total_ns: u64,
    pub min_ns: u64,
    pub max_ns: u64,
    pub hist: [u64; HIST_BUCKETS],
}

impl StatVal {
    /// No calls yet (the minimum starts at `u64::MAX`).
    pub const ZERO: StatVal = StatVal {
        calls: 0,
        errors: 0,
        total_ns: 0,
        min_ns: u64::MAX,
        max_ns: 0,
        hist: [0; HIST_BUCKETS],
    };

    /// Counts one finished call that took `dur_ns`, in the histogram too (the kernel's counters
    /// and the ptrace backend's alike). A zeroed value (an array slot) counts as no calls yet.
    #[inline(always)]
    pub fn add(&mut self, dur_ns: u64, failed: bool) {
        self.add_call(dur_ns, failed);
        self.add_to_histogram(dur_ns);
    }

    /// [`StatVal::add`] without the histogram.
    #[inline(always)]
    pub fn add_call(&mut self, dur_ns: u64, failed: bool) {
        if self.calls == 0 || dur_ns < self.min_ns {
            self.min_ns = dur_ns;
        }
        self.calls += 1;
        if failed {
            self.errors += 1;
        }
        self.total_ns += dur_ns;
        if dur_ns > self.max_ns {
            self.max_ns = dur_ns;
        }
    }

    /// Puts a call that took `dur_ns` into its histogram bucket.
    #[inline(always)]
    pub fn add_to_histogram(&mut self, dur_ns: u64) {
        // log2 buckets: bucket b counts calls of 2^b to 2^(b+1) - 1 ns.
        let bucket = (63 - (dur_ns | 1).leading_zeros()) as usize;
        let bucket = if bucket >= HIST_BUCKETS {
            HIST_BUCKETS - 1
        } else {
            bucket
        };
        self.hist[bucket] += 1;
    }

    /// Adds another CPU's (or group's) counters.
    pub fn merge(&mut self, o: &StatVal) {
        self.calls += o.calls;
        self.errors += o.errors;
        self.total_ns += o.total_ns;
        self.min_ns = if self.min_ns < o.min_ns {
            self.min_ns
        } else {
            o.min_ns
        };
        self.max_ns = if self.max_ns > o.max_ns {
            self.max_ns
        } else {
            o.max_ns
        };
        let mut i = 0;
        while i < HIST_BUCKETS {
            self.hist[i] += o.hist[i];
            i += 1;
        }
    }

    /// What happened since `earlier` (for `--interval`). Min and max can't be subtracted; they
    /// stay those of the whole run.
    pub fn since(&self, earlier: &StatVal) -> StatVal {
        let mut d = *self;
        d.calls = self.calls.saturating_sub(earlier.calls);
        d.errors = self.errors.saturating_sub(earlier.errors);
        d.total_ns = self.total_ns.saturating_sub(earlier.total_ns);
        let mut i = 0;
        while i < HIST_BUCKETS {
            d.hist[i] = self.hist[i].saturating_sub(earlier.hist[i]);
            i += 1;
        }
        d
    }
}

impl Default for StatVal {
    fn default() -> Self {
        Self::ZERO
    }
}

/// Key of the ERRS map (`--errors`): calls of a syscall that failed with an errno, in a group.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ErrKey {
    pub nr: u32,
    pub errno: u32,
    pub group: u64,
}

/// Which tasks are traced (`Config::target`).
pub mod targetmode {
    /// The tasks user space put into the traced-task map (a command, `-p`), and with `-f` their
    /// children.
    pub const TASKS: u32 = 0;
    /// Every task but tracer itself.
    pub const ALL: u32 = 1;
    /// Every task in the cgroup `Config::cgroup_id` (at `cgroup_level`) or below it.
    pub const CGROUP: u32 = 2;
}

/// Global settings, one entry in an array map. Offsets come from the running kernel's BTF.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// [`cfgflags`].
    pub flags: u32,
    /// Offsets of `task_struct.pid`, `.tgid`, `.exit_code`, and `linux_binprm.filename`.
    pub task_pid_off: u32,
    pub task_tgid_off: u32,
    pub task_exit_code_off: u32,
    pub bprm_filename_off: u32,
    /// Offset of the first word of `task_struct.pending.signal` (the thread's pending signals).
    pub task_pending_off: u32,
    /// A [`targetmode`] value.
    pub target: u32,
    /// tracer's own process, never traced.
    pub self_tgid: u32,
    /// `--cgroup`: the cgroup's id (its directory's inode) and depth below the root.
    pub cgroup_id: u64,
    pub cgroup_level: u32,
    /// `-c --per`: a [`countper`] value.
    pub count_per: u32,
    /// `--comm`: the task name, NUL-padded.
    pub comm: [u8; 16],
    /// Offsets of `task_struct.signal` and `signal_struct.group_exit_code`: a group killed by a
    /// fatal signal (not SIGKILL) has SIGKILL pending in every thread, but strace, whose
    /// tracees the kernel kills the slow way, shows their calls return.
    pub task_signal_off: u32,
    pub signal_exit_code_off: u32,
    /// `signal_struct.group_exec_task` (the thread execing while the others are killed), or 0
    /// where the kernel's BTF has no such field: the leader a non-leader's exec replaces is
    /// told apart from one that ends ([`exitflags::SUPERSEDED`]).
    pub signal_exec_task_off: u32,
    pub _pad: u32,
    /// `-y` ([`cfgflags::FD_RECORDS`]): offsets of `task_struct.files`, `files_struct.fdt`,
    /// `fdtable.fd`, `file.f_inode`, `inode.i_mode`, `inode.i_ino`, `file.f_path.dentry` and
    /// `dentry.d_name.name`.
    pub fd_offs: [u32; 12],
}

/// State of a traced thread (`TRACED` map value).
pub mod taskstate {
    /// Registered by user space before exec: becomes active at its first execve.
    pub const PENDING_EXEC: u32 = 1;
    /// Traced.
    pub const ACTIVE: u32 = 2;
}

impl TaskState {
    /// A task newly traced: active, no syscall in flight.
    pub const NEW: TaskState = TaskState {
        state: taskstate::ACTIVE,
        nr: -1,
        ts: 0,
        args: [0; 6],
        enter_caps: 0,
        flags: 0,
        ip: 0,
    };
}

/// Per-thread value of the traced-tasks map: state and the syscall in flight.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskState {
    /// A [`taskstate`] value.
    pub state: u32,
    /// Syscall in flight, or -1.
    pub nr: i32,
    /// Entry time (ns).
    pub ts: u64,
    pub args: [u64; 6],
    /// Bits of the captures already sent in a `SyscallEnter` record.
    pub enter_caps: u32,
    /// [`taskflags`] bits.
    pub flags: u32,
    /// `-i`: the instruction pointer at entry.
    pub ip: u64,
}

/// Flags of a traced task ([`TaskState::flags`]).
pub mod taskflags {
    /// `-b execve`: the task's next successful exec is not a detach (the command tracer
    /// started, whose first exec is that of the program asked for).
    pub const SKIP_DETACH_ON_FIRST_EXEC: u32 = 1;
}

/// Per-CPU assembly area for syscall records (`SCRATCH` map value). `dropped` counts the
/// records this CPU failed to put into the ring buffer.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Scratch {
    pub dropped: u64,
    /// Tasks that could not be traced because the traced-task map was full.
    pub untracked: u64,
    pub rec: SyscallRecord,
    pub data: [u8; DATA_AREA + CAPTURE_MAX as usize],
}

#[cfg(feature = "user")]
mod pod {
    unsafe impl aya::Pod for super::StatKey {}
    unsafe impl aya::Pod for super::StatVal {}
    unsafe impl aya::Pod for super::ErrKey {}
    unsafe impl aya::Pod for super::Scratch {}
    // SAFETY: all of these are #[repr(C)] plain data with explicit padding and no pointers.
    unsafe impl aya::Pod for super::Config {}
    unsafe impl aya::Pod for super::SyscallSpec {}
    unsafe impl aya::Pod for super::TaskState {}
}

const _: () = {
    assert!(Header::SIZE == 32);
    assert!(core::mem::size_of::<Capture>() == 8);
    assert!(SyscallRecord::SIZE == 32 + 8 + 48 + 8 + 8 + 8 + 24 + 4 + 4);
    assert!(ForkRecord::SIZE == 40);
    assert!(ExitRecord::SIZE == 40);
    assert!(SignalRecord::SIZE == 32 + 8 + SIGINFO_SIZE);
    assert!(ExecRecord::SIZE == 32 + 8 + 8 + 16 + EXEC_FILENAME_MAX);
    assert!(core::mem::size_of::<ArgSpec>() == 8);
    assert!(core::mem::size_of::<SyscallSpec>() == 8 + 8 * MAX_CAPTURES);
    assert!(core::mem::size_of::<Config>() == 80 + 48);
    assert!(RenameRecord::SIZE == 32 + 8 + 16);
    assert!(core::mem::size_of::<StatKey>() == 16);
    assert!(core::mem::size_of::<StatVal>() == 8 * (5 + HIST_BUCKETS));
    assert!(core::mem::size_of::<ErrKey>() == 16);
    assert!(core::mem::size_of::<TaskState>() == 80);
    assert!(DATA_AREA.is_power_of_two());
    assert!(DATA_AREA >= MAX_CAPTURES * CAPTURE_MAX as usize);
    assert!(2 * array::BYTES_MAX <= DATA_AREA);
    assert!((array::ELEM_BYTES_MASK + 1).is_power_of_two());
    assert!(array::IOV_HEAD_SIZE + array::ELEM_BYTES_MASK as usize <= CAPTURE_MAX as usize);
    // FixedDeref writes what its pointer points to right after a struct of at most
    // ELEM_BYTES_MASK bytes.
    assert!(array::ELEM_BYTES_MASK as usize + array::DEREF_MAX as usize <= CAPTURE_MAX as usize);
    // A Several capture's items at their largest fit one capture.
    assert!(
        array::HEAD_SIZE
            + array::SEVERAL_ITEMS * (array::ITEM_HEAD_SIZE + array::ITEM_MAX as usize)
            <= CAPTURE_MAX as usize
    );
    assert!(array::several_bytes(30, 0) <= array::ITEM_MAX);
    assert!(array::several_bytes(array::SIZE_FDSET, u64::MAX) <= array::ITEM_MAX);
    // Every kind comes back from its number; the first number after them is None.
    let mut k = 1;
    while k <= CaptureKind::MmsghdrRet as u8 {
        assert!(CaptureKind::from_u8(k) as u8 == k);
        k += 1;
    }
    assert!(CaptureKind::from_u8(k) as u8 == CaptureKind::None as u8);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_fd_set_is_as_long_as_nfds_says_in_its_low_half() {
        // select(0xffffffff0000000a, …): 10 descriptors, 2 bytes of each set.
        assert_eq!(
            array::several_bytes(array::SIZE_FDSET, 0xffff_ffff_0000_000a),
            2
        );
        assert_eq!(array::several_bytes(array::SIZE_FDSET, 0xffff_fffe), 0);
        assert_eq!(array::several_bytes(array::SIZE_FDSET, 5000), 128);
    }

    #[test]
    fn an_element_count_is_an_unsigned_int_a_byte_count_a_size_t() {
        // ppoll(fds, 0xffffffff00000004, …) waits for 4 pollfds.
        assert_eq!(len_count(1 | 8 << 4, 0xffff_ffff_0000_0004), 4);
        assert_eq!(len_count(2, 0x1_0000_0000), 0x1_0000_0000);
    }

    #[test]
    fn a_call_counts_in_its_log2_bucket_and_a_zeroed_slot_starts_fresh() {
        let mut v = StatVal {
            min_ns: 0,
            ..StatVal::ZERO
        };
        v.add(1000, false);
        v.add(3, true);
        v.add(1 << 40, false);
        assert_eq!((v.calls, v.errors), (3, 1));
        assert_eq!((v.min_ns, v.max_ns), (3, 1 << 40));
        assert_eq!(v.total_ns, 1003 + (1 << 40));
        assert_eq!(v.hist[9], 1, "1000 ns is in [512, 1024)");
        assert_eq!(v.hist[1], 1, "3 ns is in [2, 4)");
        assert_eq!(
            v.hist[HIST_BUCKETS - 1],
            1,
            "the last bucket takes the rest"
        );
    }
}
