//! Decoding: a captured syscall → values, driven by the syscall's row. Pure: no I/O, no tracee
//! access; everything comes from the record's bytes.
pub mod arrays;
pub mod cmsg;
pub mod dump;
pub mod misc;
pub mod net;
pub mod siginfo;
pub mod sockaddr;
pub mod special;
pub mod structs;

use crate::table::{Arg, Row};
use crate::wire::{Captured, SyscallEvent};

/// One decoded argument. Formatting (quoting, `-s`, `-x`, names of flags) is the formatter's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Int(i64),
    Uint(u64),
    Hex(u64),
    Fd(i64),
    DirFd(i64),
    /// A pointer: `NULL` or its address.
    Ptr(u64),
    /// A NUL-terminated string; `truncated` when the copy stopped before the NUL.
    Str {
        bytes: &'a [u8],
        truncated: bool,
        path: bool,
    },
    /// A buffer whose real length is `len` (`bytes` may be shorter); `hex` for binary data
    /// strace always shows in hex.
    Buf {
        bytes: &'a [u8],
        len: u64,
        hex: bool,
    },
    OpenFlags(u64),
    Mode(u64),
    AccessMode(u64),
    Flags(u64, &'static crate::table::Xlat),
    Val(u64, &'static crate::table::Xlat),
    Signal(i64),
    /// Parts joined by `|`: `CLONE_VM|SIGCHLD`, `IPC_CREAT|0600`, `MS_MGC_VAL|MS_RDONLY`.
    Or(Vec<Value<'a>>),
    /// A number and what it means: `sym` (the default), `raw` alone (`-X raw`), or
    /// `raw /* sym */` (`-X verbose`): `0100644 /* S_IFREG|0644 */`.
    Coded {
        raw: Box<Value<'a>>,
        sym: Box<Value<'a>>,
    },
    /// A signal mask (bit N is signal N+1) of `nbits` signals: `[HUP INT]`, or its complement
    /// `~[RTMIN RT_1]` when most are set.
    SigSet {
        mask: u64,
        nbits: u32,
    },
    /// A word strace prints as it is, whatever `-X` says (`Timeout`, `...`, `&sin6_addr`).
    Word(&'static str),
    /// A value with a comment: `0x7ffd… /* 3 entries */`, `... /* 0x7ffd… */`.
    Comment(Box<Value<'a>>, Box<Value<'a>>),
    /// `N thing` or `N things`: the text of a count in a comment (`3 entries`, `1 var`).
    Count {
        n: u64,
        one: &'static str,
        many: &'static str,
    },
    /// A time in seconds since the epoch, with its date in a comment (`1796649434 /*
    /// 2026-12-07T13:17:14.964017227+0000 */`); `value` is what prints before the comment
    /// (the seconds, or a whole `{tv_sec=…, tv_nsec=…}`). No comment for the epoch itself or an
    /// invalid nanosecond count.
    Dated {
        value: Box<Value<'a>>,
        sec: i64,
        nsec: i64,
    },
    /// Clock ticks (USER_HZ) with the seconds they make: `31 /* 0.31 s */` (`31` with `-X raw`).
    Ticks(u64),
    /// `N*1024`: an amount strace prints in KiB (rlimits).
    Kib(u64),
    /// Parts printed one after the other (`B38400<<IBSHIFT`, `flags FD_CLOEXEC`,
    /// `in [3], left {…}`).
    Seq(Vec<Value<'a>>),
    /// A wait status: `{WIFEXITED(s) && WEXITSTATUS(s) == 0}`.
    WaitStatus(u32),
    /// C's `%#0Nx`: hex with `0x`, zero-padded to `width` characters in all (`00000000` for
    /// zero, which has no `0x`).
    HexPad(u64, u8),
    /// `[a, b]`, or a value read through a pointer (`[16]`); `more` adds strace's `...` for
    /// elements left out.
    Array {
        items: Vec<Value<'a>>,
        more: bool,
    },
    /// `[3 4]`: the members of a bit set (select's descriptors), space-separated, never cut.
    Set(Vec<Value<'a>>),
    /// `{name=value, …}`; `more` adds strace's `...` for fields left out. A field with an
    /// empty name prints only its value (`inet_pton(AF_INET6, "::1", &sin6_addr)`).
    Struct {
        fields: Vec<(&'static str, Value<'a>)>,
        more: bool,
    },
    /// `-y`: a descriptor (or `AT_FDCWD`) with what it refers to: `3</etc/hostname>`.
    WithPath(Box<Value<'a>>, FdDesc),
    /// `-Y`, `--decode-pids=pidns`: a pid with the name of its process and its number in
    /// tracer's pid namespace: `1234<bash>`, `1 /* 3603 in tracer's PID NS */`.
    WithPid(Box<Value<'a>>, PidInfo),
    /// `name(arg, …)`: strace's notation for a value passed through a function
    /// (`htons(8080)`, `inet_addr("127.0.0.1")`).
    Call(&'static str, Vec<Value<'a>>),
    /// Bytes quoted whole, not cut at `-s` (`sun_path`, `sa_data`, an address as text); with
    /// `nul`, up to the first NUL. `prefix` goes before the opening quote (`@` of an abstract
    /// socket name).
    Quoted {
        bytes: std::borrow::Cow<'a, [u8]>,
        nul: bool,
        prefix: &'static str,
    },
    /// `before => after`: a value the kernel changed (an in/out length).
    Changed(Box<Value<'a>>, Box<Value<'a>>),
    /// A network interface index: `if_nametoindex("lo")` when such an interface exists here,
    /// else the number.
    IfIndex(u32),
    /// `name=value`: an argument strace names (clone's `flags=`).
    Named(&'static str, Box<Value<'a>>),
    /// A struct strace abbreviates unless `-v`: `brief` as printed without `-v`
    /// (`{st_mode=S_IFREG|0644, st_size=3, ...}`), `full` with it (every field).
    Brief {
        brief: Box<Value<'a>>,
        full: Box<Value<'a>>,
    },
}

impl<'a> Value<'a> {
    /// `[a, b]` with nothing left out.
    pub fn array(items: Vec<Value<'a>>) -> Self {
        Value::Array { items, more: false }
    }

    /// A struct printed as `brief` without `-v` and as `full` with it.
    pub fn brief(brief: Value<'a>, full: Value<'a>) -> Self {
        Value::Brief {
            brief: Box::new(brief),
            full: Box::new(full),
        }
    }
}

/// What a descriptor refers to, as `-y` and `--decode-fds=` print it (filled in after decoding,
/// from the descriptor table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FdDesc {
    /// What `/proc/PID/fd/N` links to: a path, `pipe:[N]`, `socket:[N]`, `anon_inode:[…]`.
    Path(String),
    /// `dev`: a device file and its numbers: `/dev/null<char 1:3>`.
    Device {
        path: String,
        block: bool,
        major: u32,
        minor: u32,
    },
    /// `pidfd`: the process a pidfd refers to: `pid:1234`.
    Pid(i64),
    /// `socket`: a socket's protocol and addresses as strace prints them, unescaped
    /// (`TCP:[127.0.0.1:80]`, `UNIX-STREAM:[12345,"/tmp/sock"]`), or its `socket:[N]` link.
    Socket(String),
}

impl FdDesc {
    /// The path or link text it was made from.
    pub fn text(&self) -> String {
        match self {
            FdDesc::Path(p) | FdDesc::Device { path: p, .. } => p.clone(),
            FdDesc::Pid(p) => format!("pid:{p}"),
            FdDesc::Socket(s) => s.clone(),
        }
    }
}

/// What `-Y` and `--decode-pids=pidns` say of a pid (enrichment, not decoding).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PidInfo {
    /// Its process's name.
    pub comm: Option<Vec<u8>>,
    /// Its number in tracer's pid namespace, when the tracee's is another one.
    pub outer: Option<i64>,
}

/// What decoders add to the return value: strace's `= 0x1 (flags FD_CLOEXEC)` or
/// `= 1 ([{fd=3, revents=POLLIN}])`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetNote<'a> {
    /// Print a successful value in hex.
    pub hex: bool,
    /// Printed in parentheses after the value.
    pub note: Option<Value<'a>>,
}

/// The return annotation of a call, from the custom decoders of its row.
pub fn decode_ret<'a>(
    ev: &SyscallEvent<'a>,
    enter: Option<&SyscallEvent<'a>>,
    row: &Row,
) -> RetNote<'a> {
    if ev.ret < 0 && ev.ret >= -4095 {
        return RetNote::default();
    }
    row.args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a {
            Arg::Special(c) => c.ret(i, ev, enter),
            _ => None,
        })
        .unwrap_or_default()
}

/// Whether an argument is filled by the kernel (printed at exit by strace; absent from an
/// `<unfinished ...>` line).
pub fn is_out(arg: Arg) -> bool {
    match arg {
        Arg::Special(c) => c.is_out(),
        _ => matches!(
            arg,
            Arg::BufOut
                | Arg::BufOutBinary
                | Arg::PathOut
                | Arg::StructOut(_)
                | Arg::SockAddrOut(_)
                | Arg::SockLenInOut
                | Arg::SockOptOut(_)
                | Arg::FdPair
                | Arg::BufOutMax(_)
                | Arg::IovOut(_)
                | Arg::MsgOut
                | Arg::MmsgIn
                | Arg::MmsgOut
        ),
    }
}

/// The low `bits` bits of an argument.
fn mask(v: u64, bits: u32) -> u64 {
    if bits >= 64 {
        v
    } else {
        v & ((1u64 << bits) - 1)
    }
}

/// The C `int` in a syscall argument register.
pub(crate) fn int(v: u64) -> i64 {
    v as u32 as i32 as i64
}

/// Whether an argument ends the part of a call printed at entry although the kernel changes it
/// only in place (clone3's struct: strace prints `{…} <unfinished ...>`, then
/// `<... clone3 resumed> => {parent_tid=[N]}, 88)`).
pub fn ends_entry(arg: Arg) -> bool {
    matches!(arg, Arg::Special(c) if c.ends_entry())
}

/// Decodes the arguments of `ev` per `row`. With `unfinished`, stops before the first argument
/// the kernel would have filled, or after one that [`ends_entry`].
pub fn decode_args<'a>(
    ev: &SyscallEvent<'a>,
    enter: Option<&SyscallEvent<'a>>,
    row: &Row,
    unfinished: bool,
) -> Vec<Value<'a>> {
    decode_args_deref(ev, enter, row, unfinished, true)
}

/// Whether an argument points to a structure or an array that strace dereferences only for
/// verbose calls (`-e verbose=`): strings and buffers are not of them.
pub fn is_struct_pointer(arg: Arg) -> bool {
    matches!(
        arg,
        Arg::StructIn(_)
            | Arg::StructOut(_)
            | Arg::Argv
            | Arg::Envp
            | Arg::IovIn(_)
            | Arg::IovOut(_)
            | Arg::IovAddrs(_)
            | Arg::MsgIn
            | Arg::MsgOut
            | Arg::MmsgIn
            | Arg::MmsgOut
            | Arg::SockAddr(_)
            | Arg::SockAddrOut(_)
            | Arg::SockOptIn(_)
            | Arg::SockOptOut(_)
            | Arg::FdPair
    )
}

/// [`decode_args`]; without `deref` (`-e verbose=` leaves the call out), structures and
/// arrays print as their addresses.
pub fn decode_args_deref<'a>(
    ev: &SyscallEvent<'a>,
    enter: Option<&SyscallEvent<'a>>,
    row: &Row,
    unfinished: bool,
    deref: bool,
) -> Vec<Value<'a>> {
    let mut out = Vec::with_capacity(row.args.len());
    for (i, &arg) in row.args.iter().enumerate() {
        if unfinished && is_out(arg) {
            break;
        }
        let v = ev.args[i];
        if !deref && is_struct_pointer(arg) {
            out.push(Value::Ptr(v));
            continue;
        }
        let cap = ev.caps[i].or_else(|| enter.and_then(|e| e.caps[i]));
        out.push(match arg {
            Arg::Int | Arg::Pid => Value::Int(int(v)),
            Arg::Long => Value::Int(v as i64),
            Arg::Ulong => Value::Uint(v),
            Arg::Uint => Value::Uint(v & 0xffff_ffff),
            Arg::Hex | Arg::Raw => Value::Hex(v),
            Arg::Fd => Value::Fd(int(v)),
            Arg::DirFd => Value::DirFd(int(v)),
            Arg::Ptr => Value::Ptr(v),
            Arg::PathOut if ev.ret < 0 => Value::Ptr(v),
            Arg::Path | Arg::Str | Arg::PathOut => match cap {
                // A copy that ends in its NUL (the ptrace backend's, of a whole string as long
                // as the kernel side's longest) is whole; otherwise one that filled the kernel
                // side's buffer may go on.
                Some(Captured::Bytes(b)) => match b.split_last() {
                    Some((0, whole)) => Value::Str {
                        bytes: whole,
                        truncated: false,
                        path: arg != Arg::Str,
                    },
                    _ => Value::Str {
                        bytes: b,
                        truncated: b.len() as u32 >= tracer_common::CAPTURE_MAX - 1,
                        path: arg != Arg::Str,
                    },
                },
                _ => Value::Ptr(v),
            },
            Arg::BufIn(len_arg) => {
                let len = ev.args.get(len_arg as usize).copied().unwrap_or(0);
                buf(cap, v, len, false)
            }
            Arg::BufOut | Arg::BufOutBinary => {
                if ev.ret < 0 {
                    Value::Ptr(v)
                } else {
                    buf(cap, v, ev.ret as u64, arg == Arg::BufOutBinary)
                }
            }
            Arg::OpenFlags => Value::OpenFlags(v),
            Arg::Mode => Value::Mode(v),
            Arg::AccessMode => Value::AccessMode(v),
            Arg::Flags(x) => Value::Flags(mask(v, x.bits), x),
            Arg::Val(x) => Value::Val(mask(v, x.bits), x),
            Arg::Signal => Value::Signal(int(v)),
            Arg::Argv | Arg::Envp => arrays::strings(cap, v),
            Arg::IovIn(_) | Arg::IovOut(_) => arrays::iovecs(cap, v),
            Arg::IovAddrs(_) => arrays::iovec_addrs(cap, v),
            Arg::MsgIn => arrays::msghdr(cap, None, v, false),
            Arg::MsgOut => arrays::msghdr(ev.caps[i], enter.and_then(|e| e.caps[i]), v, ev.ret < 0),
            Arg::MmsgIn => arrays::mmsghdrs(cap, None, v, ev.ret, false),
            Arg::MmsgOut => arrays::mmsghdrs(cap, enter.and_then(|e| e.caps[i]), v, ev.ret, true),
            Arg::Special(c) => match c.decode(i, ev, enter) {
                Some(v) => v,
                None => continue,
            },
            Arg::StructIn(k) => strukt(cap, v, k),
            Arg::StructOut(k) => {
                if ev.ret < 0 {
                    Value::Ptr(v)
                } else {
                    strukt(cap, v, k)
                }
            }
            Arg::SockType
            | Arg::SockProto
            | Arg::SockAddr(_)
            | Arg::SockAddrOut(_)
            | Arg::SockLenInOut
            | Arg::SockOptName(_)
            | Arg::SockOptIn(_)
            | Arg::SockOptOut(_)
            | Arg::FdPair
            | Arg::BufOutMax(_) => net::decode_arg(ev, enter, row, i),
        });
        if unfinished && ends_entry(arg) {
            break;
        }
    }
    // strace prints open's mode only with O_CREAT or O_TMPFILE.
    if let Some(pos) = row.args.iter().position(|a| *a == Arg::OpenFlags)
        && row.args.get(pos + 1) == Some(&Arg::Mode)
        && let Some(Value::OpenFlags(f)) = out.get(pos)
        && !crate::table::fileflags::open_flags_have_mode(*f)
    {
        out.truncate(pos + 1);
    }
    out
}

pub(crate) fn strukt<'a>(cap: Option<Captured<'a>>, ptr: u64, kind: structs::Struct) -> Value<'a> {
    match cap {
        Some(Captured::Bytes(b)) if ptr != 0 => structs::decode(kind, b).unwrap_or(Value::Ptr(ptr)),
        _ => Value::Ptr(ptr),
    }
}

fn buf<'a>(cap: Option<Captured<'a>>, ptr: u64, len: u64, hex: bool) -> Value<'a> {
    match cap {
        Some(Captured::Bytes(b)) => Value::Buf { bytes: b, len, hex },
        _ => Value::Ptr(ptr),
    }
}

/// Arguments of a syscall without a row: strace prints them in hex; we don't know how many
/// there are, so all six.
pub fn raw_args<'a>(ev: &SyscallEvent<'a>) -> Vec<Value<'a>> {
    ev.args.iter().map(|&v| Value::Hex(v)).collect()
}

/// `-e raw=`: the row's arguments undecoded, as the registers hold them (`0x3`, `0`).
pub fn raw_row_args<'a>(ev: &SyscallEvent<'a>, row: &Row) -> Vec<Value<'a>> {
    ev.args
        .iter()
        .take(row.args.len())
        .map(|&v| Value::Hex(v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Arch, Table};

    #[test]
    fn openat_decodes_from_its_row() {
        let t = Table::new(Arch::X86_64);
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"/etc/hostname".as_slice()));
        let e = SyscallEvent::new(257, [0xffff_ff9c, 0x1000, 0o2000000, 0, 0, 0], 3, caps);
        let v = decode_args(&e, None, t.row(257).unwrap(), false);
        assert_eq!(
            v,
            vec![
                Value::DirFd(-100),
                Value::Str {
                    bytes: b"/etc/hostname",
                    truncated: false,
                    path: true
                },
                Value::OpenFlags(0o2000000),
            ]
        );
    }

    #[test]
    fn unreadable_path_is_the_address_and_failed_read_buffer_too() {
        let t = Table::new(Arch::X86_64);
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Fault);
        let e = SyscallEvent::new(257, [3, 0xdead, 0, 0, 0, 0], -14, caps);
        assert_eq!(
            decode_args(&e, None, t.row(257).unwrap(), false)[1],
            Value::Ptr(0xdead)
        );
        let e = SyscallEvent::new(0, [3, 0xbeef, 10, 0, 0, 0], -9, [None; 6]);
        assert_eq!(
            decode_args(&e, None, t.row(0).unwrap(), false),
            vec![Value::Fd(3), Value::Ptr(0xbeef), Value::Uint(10)]
        );
        assert_eq!(
            decode_args(&e, None, t.row(0).unwrap(), true),
            vec![Value::Fd(3)]
        );
    }
}
