//! Control messages (`msg_control` of sendmsg and recvmsg): `[{cmsg_len=20,
//! cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`. Pure: from the bytes the
//! msghdr capture copied.
use super::Value;
use super::structs::{self, Struct, i32_at, u32_at, u64_at};
use crate::table::xlat::{IP_CMSG_TYPES, SCM_TYPES, SOCKET_LEVELS};

/// `struct cmsghdr` on 64-bit targets: `cmsg_len` (a size_t), `cmsg_level`, `cmsg_type`.
const CMSG_HDR: usize = 16;
const SOL_SOCKET: i32 = 1;
const SOL_IP: i32 = 0;

/// The control messages in `b` (the first bytes of `controllen`, copied from `addr`), or None
/// when strace prints the address instead (less than one header).
pub fn cmsgs(b: &[u8], controllen: u64, addr: u64) -> Option<Value<'_>> {
    if b.len() < CMSG_HDR {
        return None;
    }
    let mut items = Vec::new();
    let mut rest = b;
    while rest.len() >= CMSG_HDR {
        let len = u64_at(rest, 0)?;
        let level = i32_at(rest, 8)?;
        let kind = i32_at(rest, 12)?;
        let have = len.min(rest.len() as u64) as usize;
        let data = rest.get(CMSG_HDR..have.max(CMSG_HDR)).unwrap_or(&[]);
        let mut fields = vec![
            ("cmsg_len", Value::Uint(len)),
            (
                "cmsg_level",
                Value::Val(level as u32 as u64, &SOCKET_LEVELS),
            ),
        ];
        let (ty, payload) = match level {
            SOL_SOCKET => (
                Value::Val(kind as u32 as u64, &SCM_TYPES),
                socket_data(kind, data),
            ),
            SOL_IP => (
                Value::Val(kind as u32 as u64, &IP_CMSG_TYPES),
                ip_data(kind, data),
            ),
            _ => (Value::Hex(kind as u32 as u64), None),
        };
        fields.push(("cmsg_type", ty));
        // Data strace has no decoder for (or too short for it) is not shown.
        if let Some(v) = payload {
            fields.push(("cmsg_data", v));
        }
        items.push(Value::Struct {
            fields,
            more: false,
        });
        if have < CMSG_HDR {
            // A length shorter than the header: nothing after it can be found.
            rest = &rest[CMSG_HDR..];
            break;
        }
        // The next header starts at the length rounded up to a word.
        let next = len.div_ceil(8).saturating_mul(8);
        if next >= rest.len() as u64 {
            rest = &[];
            break;
        }
        rest = &rest[next as usize..];
    }
    if !rest.is_empty() {
        // Bytes left that hold no header: strace's `...` with their address.
        let at = addr.wrapping_add((b.len() - rest.len()) as u64);
        items.push(Value::Comment(
            Box::new(Value::Word("...")),
            Box::new(Value::Hex(at)),
        ));
        return Some(Value::Array { items, more: false });
    }
    // A copy shorter than the messages: strace's `...`.
    Some(Value::Array {
        items,
        more: (b.len() as u64) < controllen,
    })
}

/// The data of a SOL_SOCKET message strace decodes, when it is long enough for it.
fn socket_data(kind: i32, d: &[u8]) -> Option<Value<'_>> {
    match kind {
        // SCM_RIGHTS: descriptors.
        1 if d.len() >= 4 => Some(Value::array(
            d.chunks_exact(4)
                .filter_map(|c| i32_at(c, 0))
                .map(|fd| Value::Fd(fd.into()))
                .collect(),
        )),
        // SCM_CREDENTIALS: a `struct ucred`.
        2 if d.len() >= 12 => Some(Value::Struct {
            fields: vec![
                ("pid", Value::Int(i32_at(d, 0)?.into())),
                ("uid", Value::Uint(u32_at(d, 4)?.into())),
                ("gid", Value::Uint(u32_at(d, 8)?.into())),
            ],
            more: false,
        }),
        // SCM_SECURITY: the label as a string.
        3 if !d.is_empty() => Some(Value::Quoted {
            bytes: std::borrow::Cow::Borrowed(d),
            nul: false,
            prefix: "",
        }),
        // SO_TIMESTAMP_OLD, SO_TIMESTAMP_NEW: a timeval (64-bit either way here).
        29 | 63 if d.len() >= 16 => structs::decode(Struct::Timeval, d),
        // SO_TIMESTAMPNS_OLD, SO_TIMESTAMPNS_NEW: a timespec.
        35 | 64 if d.len() >= 16 => structs::decode(Struct::Timespec, d),
        // SO_TIMESTAMPING_OLD, SO_TIMESTAMPING_NEW: three timespecs.
        37 | 65 if d.len() >= 48 => Some(Value::array(
            d.chunks_exact(16)
                .take(3)
                .filter_map(|t| structs::decode(Struct::Timespec, t))
                .collect(),
        )),
        _ => None,
    }
}

/// The data of a SOL_IP message strace decodes, when it is long enough for it.
fn ip_data(kind: i32, d: &[u8]) -> Option<Value<'_>> {
    let uints = |d: &[u8]| {
        Value::array(
            d.chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
                .map(|v| Value::Uint(v.into()))
                .collect(),
        )
    };
    match kind {
        // IP_TOS, IP_RECVOPTS, IP_RETOPTS: bytes in hex.
        1 | 6 | 7 if !d.is_empty() => Some(Value::array(
            d.iter().map(|&b| Value::Hex(b.into())).collect(),
        )),
        // IP_TTL, IP_CHECKSUM: unsigned ints.
        2 | 23 if d.len() >= 4 => Some(uints(d)),
        // IP_PKTINFO: a `struct in_pktinfo`.
        8 if d.len() >= 12 => {
            let addr = |at: usize| {
                let text = super::sockaddr::ipv4_text(d.get(at..at + 4).unwrap_or(&[]));
                Value::Call(
                    "inet_addr",
                    vec![Value::Quoted {
                        bytes: std::borrow::Cow::Owned(text.into_bytes()),
                        nul: false,
                        prefix: "",
                    }],
                )
            };
            Some(Value::Struct {
                fields: vec![
                    ("ipi_ifindex", Value::IfIndex(u32_at(d, 0)?)),
                    ("ipi_spec_dst", addr(4)),
                    ("ipi_addr", addr(8)),
                ],
                more: false,
            })
        }
        // IP_RECVERR: a `struct sock_extended_err` and the offender's sockaddr_in.
        11 if d.len() >= 32 => Some(Value::Struct {
            fields: vec![
                ("ee_errno", Value::Uint(u32_at(d, 0)?.into())),
                ("ee_origin", Value::Uint(d[4].into())),
                ("ee_type", Value::Uint(d[5].into())),
                ("ee_code", Value::Uint(d[6].into())),
                ("ee_info", Value::Uint(u32_at(d, 8)?.into())),
                ("ee_data", Value::Uint(u32_at(d, 12)?.into())),
                ("offender", super::sockaddr::decode(&d[16..32])),
            ],
            more: false,
        }),
        // IP_ORIGDSTADDR: a sockaddr.
        20 if d.len() >= 16 => Some(super::sockaddr::decode(&d[..d.len().min(128)])),
        // SCM_SECURITY at this level too: the label as a string.
        3 if !d.is_empty() => Some(Value::Quoted {
            bytes: std::borrow::Cow::Borrowed(d),
            nul: false,
            prefix: "",
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::text::value_text;

    fn cmsg(level: i32, kind: i32, data: &[u8]) -> Vec<u8> {
        let len = (CMSG_HDR + data.len()) as u64;
        let mut b = len.to_le_bytes().to_vec();
        b.extend_from_slice(&level.to_le_bytes());
        b.extend_from_slice(&kind.to_le_bytes());
        b.extend_from_slice(data);
        b.resize(b.len().div_ceil(8) * 8, 0);
        b
    }

    fn text(b: &[u8], controllen: u64) -> String {
        value_text(
            &cmsgs(b, controllen, 0x1000).expect("decoded"),
            Default::default(),
        )
    }

    #[test]
    fn rights_and_credentials_as_strace_prints_them() {
        let fds: Vec<u8> = [5i32, 6].iter().flat_map(|f| f.to_le_bytes()).collect();
        let b = cmsg(1, 1, &fds);
        assert_eq!(
            text(&b, 24),
            "[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 6]}]"
        );
        let cred: Vec<u8> = [42u32, 0, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let b = cmsg(1, 2, &cred);
        assert_eq!(
            text(&b, 32),
            "[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=42, \
             uid=0, gid=0}}]"
        );
    }

    #[test]
    fn two_messages_unknown_types_and_short_copies() {
        let mut b = cmsg(0, 2, &64u32.to_le_bytes());
        b.extend(cmsg(1, 99, &[1, 2]));
        // strace 6.1 shows no data it has no decoder for.
        assert_eq!(
            text(&b, b.len() as u64),
            "[{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]}, {cmsg_len=18, \
             cmsg_level=SOL_SOCKET, cmsg_type=0x63 /* SCM_??? */}]"
        );
        // A copy shorter than msg_controllen ends in `...`; less than a header is no decode.
        let b = cmsg(1, 1, &5i32.to_le_bytes());
        assert!(text(&b, 4096).ends_with("cmsg_data=[5]}, ...]"));
        assert_eq!(cmsgs(&b[..8], 8, 0x1000), None);
        // A length shorter than a header ends the list; bytes after it show as their address.
        let mut b = cmsg(0, 0, &[]);
        b[..8].copy_from_slice(&0u64.to_le_bytes());
        assert_eq!(
            text(&b, 16),
            "[{cmsg_len=0, cmsg_level=SOL_IP, cmsg_type=0 /* IP_??? */}]"
        );
        b.extend_from_slice(&[0; 8]);
        assert_eq!(
            text(&b, 24),
            "[{cmsg_len=0, cmsg_level=SOL_IP, cmsg_type=0 /* IP_??? */}, ... /* 0x1010 */]"
        );
    }
}
