//! `-e read=SET` and `-e write=SET`: the data a call moved through a descriptor, found in its
//! decoded arguments (the buffers and iovecs the rows say it has), for strace's hex dump after
//! the call's line.
use super::Value;
use crate::table::{Arg, Row};
use crate::wire::SyscallEvent;

/// One piece of a dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dump<'a> {
    /// A message of sendmmsg or recvmmsg: ` = 2 buffers in vector 0`.
    Vector { buffers: u64, index: usize },
    /// Bytes moved: with `index`, those of one buffer of an iovec (` * 3 bytes in buffer 0`).
    /// `len` is how many the call moved; `bytes` what was copied of them.
    Buffer {
        index: Option<usize>,
        len: u64,
        bytes: &'a [u8],
    },
}

/// What to dump of `ev`: writes when the descriptor (argument 0) is in `write` (whatever the
/// call returned: strace dumps what was asked to be written), reads when it is in `read` and
/// the call succeeded.
pub fn io_dump<'a>(
    row: &Row,
    ev: &SyscallEvent<'a>,
    args: &[Value<'a>],
    read: impl Fn(i64) -> bool,
    write: impl Fn(i64) -> bool,
) -> Vec<Dump<'a>> {
    if row.args.first() != Some(&Arg::Fd) {
        return Vec::new();
    }
    let fd = i64::from(ev.args[0] as u32 as i32);
    let mut out = Vec::new();
    for (arg, v) in row.args.iter().zip(args) {
        let wanted = match arg {
            Arg::BufIn(_) | Arg::IovIn(_) | Arg::MsgIn | Arg::MmsgIn => write(fd),
            Arg::BufOut | Arg::BufOutMax(_) | Arg::IovOut(_) | Arg::MsgOut | Arg::MmsgOut => {
                read(fd) && ev.ret >= 0
            }
            _ => false,
        };
        if !wanted {
            continue;
        }
        match arg {
            Arg::BufIn(_) | Arg::BufOut | Arg::BufOutMax(_) => {
                if let Value::Buf { bytes, len, .. } = v {
                    out.push(Dump::Buffer {
                        index: None,
                        len: *len,
                        bytes,
                    });
                }
            }
            Arg::IovIn(_) | Arg::IovOut(_) => iovecs(v, &mut out),
            Arg::MsgIn | Arg::MsgOut => {
                if let Some(iov) = field(v, "msg_iov") {
                    iovecs(iov, &mut out);
                }
            }
            _ => {
                if let Value::Array { items, .. } = v {
                    let done = usize::try_from(ev.ret).unwrap_or(0);
                    for (index, m) in items.iter().take(done).enumerate() {
                        let Some(hdr) = field(m, "msg_hdr") else {
                            break;
                        };
                        let buffers = match field(hdr, "msg_iovlen") {
                            Some(Value::Uint(n)) => *n,
                            _ => 0,
                        };
                        out.push(Dump::Vector { buffers, index });
                        if let Some(iov) = field(hdr, "msg_iov") {
                            iovecs(iov, &mut out);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Each buffer of an iovec array, up to the first empty one.
fn iovecs<'a>(v: &Value<'a>, out: &mut Vec<Dump<'a>>) {
    let Value::Array { items, .. } = v else {
        return;
    };
    for (index, iov) in items.iter().enumerate() {
        match field(iov, "iov_base") {
            Some(Value::Buf { bytes, len, .. }) if *len > 0 => out.push(Dump::Buffer {
                index: Some(index),
                len: *len,
                bytes,
            }),
            _ => break,
        }
    }
}

fn field<'v, 'a>(v: &'v Value<'a>, name: &str) -> Option<&'v Value<'a>> {
    match v {
        Value::Struct { fields, .. } => fields.iter().find(|(n, _)| *n == name).map(|(_, f)| f),
        _ => None,
    }
}
