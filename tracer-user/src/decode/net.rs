//! The network family's arguments (socket, bind, accept, getsockopt…), as strace prints them.
//! Their meaning depends on other arguments (a protocol on the domain, an option's value on its
//! level and name) and, for in/out lengths, on the value at entry and at exit; so each decoder
//! here sees the whole call. Pure: everything comes from the records' bytes.
use super::{Value, int, sockaddr};
use crate::table::xlat::{
    ETHERNET_PROTOCOLS, INET_PROTOCOLS, NETLINK_PROTOCOLS, SOCK_FLAGS, SOCK_IP_OPTIONS,
    SOCK_IPV6_OPTIONS, SOCK_IPV6_OPTIONS_GET, SOCK_IPV6_OPTIONS_SET, SOCK_NETLINK_OPTIONS,
    SOCK_OPTIONS, SOCK_OPTIONS_GET, SOCK_OPTIONS_SET, SOCK_TCP_OPTIONS, SOCK_TYPES,
    SOCK_UDP_OPTIONS,
};
use crate::table::{Arg, Row, Xlat};
use crate::wire::{Captured, SyscallEvent};

/// Decodes argument `i` of `ev`, whose kind in `row` is one of the network kinds.
pub fn decode_arg<'a>(
    ev: &SyscallEvent<'a>,
    enter: Option<&SyscallEvent<'a>>,
    row: &Row,
    i: usize,
) -> Value<'a> {
    let arg = |n: usize| ev.args.get(n).copied().unwrap_or(0);
    let v = arg(i);
    let cap = |n: usize| match ev.caps.get(n).copied().flatten() {
        Some(Captured::Bytes(b)) => Some(b),
        _ => None,
    };
    match row.args.get(i).copied().unwrap_or(Arg::Raw) {
        Arg::SockType => sock_type(v as u32),
        Arg::SockProto => sock_proto(arg(0), v),
        Arg::SockAddr(len) => sockaddr::decode_at(v, int(arg(len.into())), cap(i)),
        Arg::SockAddrOut(len) => {
            let len = usize::from(len);
            match in_out(ev, enter, len, cap(i)) {
                Lens::Known { ulen, rlen } if ev.ret >= 0 && v != 0 => {
                    sockaddr::decode_at(v, i64::from(ulen.min(rlen)), cap(i))
                }
                _ => Value::Ptr(v),
            }
        }
        Arg::SockLenInOut => {
            let data = i.checked_sub(1);
            let data_ptr = data.map_or(0, arg);
            let data_kind = data.and_then(|d| row.args.get(d).copied());
            // strace reads the length only with an address to fill (getsockopt: always).
            if v == 0 || (data_ptr == 0 && matches!(data_kind, Some(Arg::SockAddrOut(_)))) {
                return Value::Ptr(v);
            }
            // An address's copy is as long as the size the kernel wrote; an option's may be cut.
            let data_cap = data
                .filter(|_| matches!(data_kind, Some(Arg::SockAddrOut(_))))
                .and_then(cap);
            match in_out(ev, enter, i, data_cap) {
                Lens::Unreadable => Value::Ptr(v),
                Lens::In(ulen) => Value::array(vec![Value::Int(ulen.into())]),
                Lens::Known { ulen, .. } if ev.ret < 0 => {
                    Value::array(vec![Value::Int(ulen.into())])
                }
                Lens::Known { ulen, rlen } if ulen == rlen => {
                    Value::array(vec![Value::Int(rlen.into())])
                }
                Lens::Known { ulen, rlen } => Value::array(vec![Value::Changed(
                    Box::new(Value::Int(ulen.into())),
                    Box::new(Value::Int(rlen.into())),
                )]),
            }
        }
        Arg::SockOptName(get) => {
            sock_opt_name(i.checked_sub(1).map_or(0, arg) as u32, v as u32, get)
        }
        Arg::SockOptIn(len) => {
            let len = int(arg(len.into()));
            set_opt(arg(1) as u32, arg(2) as u32, v, len, cap(i))
        }
        Arg::SockOptOut(len) => {
            let len = usize::from(len);
            match in_out(ev, enter, len, None) {
                Lens::Known { ulen, rlen } if ev.ret >= 0 => {
                    get_opt(arg(1) as u32, arg(2) as u32, v, ulen, rlen, cap(i))
                }
                _ => Value::Ptr(v),
            }
        }
        Arg::FdPair => match cap(i) {
            Some(b) if ev.ret >= 0 && b.len() >= 8 => {
                let fd = |o: usize| i32::from_ne_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
                Value::array(vec![Value::Fd(fd(0).into()), Value::Fd(fd(4).into())])
            }
            _ => Value::Ptr(v),
        },
        Arg::BufOutMax(len) => match cap(i) {
            Some(b) if ev.ret >= 0 => Value::Buf {
                bytes: b,
                len: (ev.ret as u64).min(arg(len.into())),
                hex: false,
            },
            _ => Value::Ptr(v),
        },
        _ => Value::Hex(v),
    }
}

/// What is known of an in/out length.
#[derive(Debug, PartialEq, Eq)]
enum Lens {
    /// Not readable at entry: strace prints the pointers.
    Unreadable,
    /// The length at entry only.
    In(i32),
    /// At entry (`ulen`) and at exit (`rlen`).
    Known { ulen: i32, rlen: i32 },
}

/// The length argument `n` points to, at entry (the `SyscallEnter` record) and at exit (the
/// exit record's own copy, or else the size of the data copy whose length it gave: recvfrom
/// has no slot left for a second copy, and its address is never longer than the copy's cap).
fn in_out(
    ev: &SyscallEvent<'_>,
    enter: Option<&SyscallEvent<'_>>,
    n: usize,
    data: Option<&[u8]>,
) -> Lens {
    let read = |c: Option<Captured<'_>>| match c {
        Some(Captured::Bytes(b)) if b.len() >= 4 => {
            Some(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        }
        _ => None,
    };
    let Some(ulen) = enter.and_then(|e| read(e.caps.get(n).copied().flatten())) else {
        return Lens::Unreadable;
    };
    let exit = read(ev.caps.get(n).copied().flatten());
    match exit.or_else(|| data.map(|d| d.len() as i32)) {
        Some(rlen) => Lens::Known { ulen, rlen },
        None => Lens::In(ulen),
    }
}

/// socket's type: the kind's name, then the flags (strace's tprint_sock_type).
fn sock_type(t: u32) -> Value<'static> {
    let kind = u64::from(t & 0xf);
    if SOCK_TYPES.name(kind).is_none() {
        return Value::Flags(t.into(), &SOCK_FLAGS);
    }
    let kind = Value::Val(kind, &SOCK_TYPES);
    match u64::from(t & !0xf) {
        0 => kind,
        rest => Value::Or(vec![kind, Value::Flags(rest, &SOCK_FLAGS)]),
    }
}

fn xval(v: u64, x: &'static Xlat) -> Value<'static> {
    let v = if x.bits >= 64 {
        v
    } else {
        v & ((1u64 << x.bits) - 1)
    };
    Value::Val(v, x)
}

/// socket's protocol, as the domain says.
fn sock_proto(domain: u64, proto: u64) -> Value<'static> {
    match domain as i32 {
        libc::AF_INET | libc::AF_INET6 => xval(proto, &INET_PROTOCOLS),
        libc::AF_NETLINK => xval(proto, &NETLINK_PROTOCOLS),
        libc::AF_PACKET => Value::Call(
            "htons",
            vec![xval(
                u64::from((proto as u16).swap_bytes()),
                &ETHERNET_PROTOCOLS,
            )],
        ),
        _ => Value::Uint(proto),
    }
}

/// An option's name, by level. Levels without a table here print the number, as strace prints
/// those it has none for.
fn sock_opt_name(level: u32, name: u32, get: bool) -> Value<'static> {
    // A few numbers mean one option to getsockopt and another to setsockopt.
    let pick = |both: &'static Xlat, get_only: &'static Xlat, set_only: &'static Xlat| {
        let own = if get { get_only } else { set_only };
        if own.entries.iter().any(|&(v, _)| v == u64::from(name)) {
            own
        } else {
            both
        }
    };
    let table: &'static Xlat = match level as i32 {
        libc::SOL_SOCKET => pick(&SOCK_OPTIONS, &SOCK_OPTIONS_GET, &SOCK_OPTIONS_SET),
        libc::SOL_IP => &SOCK_IP_OPTIONS,
        libc::SOL_IPV6 => pick(
            &SOCK_IPV6_OPTIONS,
            &SOCK_IPV6_OPTIONS_GET,
            &SOCK_IPV6_OPTIONS_SET,
        ),
        libc::SOL_TCP => &SOCK_TCP_OPTIONS,
        libc::SOL_UDP => &SOCK_UDP_OPTIONS,
        libc::SOL_NETLINK => &SOCK_NETLINK_OPTIONS,
        _ => return Value::Uint(name.into()),
    };
    Value::Val(name.into(), table)
}

/// SOL_SOCKET options whose value is an `int` (strace's list).
const INT_OPTIONS: &[i32] = &[
    libc::SO_DEBUG,
    libc::SO_REUSEADDR,
    libc::SO_DONTROUTE,
    libc::SO_BROADCAST,
    libc::SO_SNDBUF,
    libc::SO_RCVBUF,
    libc::SO_KEEPALIVE,
    libc::SO_OOBINLINE,
    libc::SO_NO_CHECK,
    libc::SO_PRIORITY,
    libc::SO_BSDCOMPAT,
    libc::SO_REUSEPORT,
    libc::SO_PASSCRED,
    libc::SO_RCVLOWAT,
    libc::SO_SNDLOWAT,
    libc::SO_DETACH_FILTER,
    libc::SO_TIMESTAMP,
    libc::SO_ACCEPTCONN,
    libc::SO_SNDBUFFORCE,
    libc::SO_RCVBUFFORCE,
    libc::SO_PASSSEC,
    libc::SO_TIMESTAMPNS,
    libc::SO_MARK,
    libc::SO_TIMESTAMPING,
    libc::SO_RXQ_OVFL,
    libc::SO_WIFI_STATUS,
    libc::SO_PEEK_OFF,
    libc::SO_NOFCS,
    libc::SO_LOCK_FILTER,
    libc::SO_SELECT_ERR_QUEUE,
    libc::SO_BUSY_POLL,
    libc::SO_INCOMING_CPU,
    53, // SO_CNX_ADVICE
    libc::SO_INCOMING_NAPI_ID,
    libc::SO_ZEROCOPY,
    63, // SO_TIMESTAMP_NEW
    64, // SO_TIMESTAMPNS_NEW
    65, // SO_TIMESTAMPING_NEW
    68, // SO_DETACH_REUSEPORT_BPF
    69, // SO_PREFER_BUSY_POLL
    70, // SO_BUSY_POLL_BUDGET
    73, // SO_RESERVE_MEM
    75, // SO_RCVMARK
];

fn ne_i32(b: &[u8], off: usize) -> Option<i32> {
    Some(i32::from_ne_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

/// `[N]`: an int through a pointer.
fn int_at(b: Option<&[u8]>, ptr: u64) -> Value<'_> {
    match b.and_then(|b| ne_i32(b, 0)) {
        Some(n) => Value::array(vec![Value::Int(n.into())]),
        None => Value::Ptr(ptr),
    }
}

/// `{l_onoff=1, l_linger=0}`.
fn linger(b: Option<&[u8]>, ptr: u64) -> Value<'_> {
    match b.and_then(|b| Some((ne_i32(b, 0)?, ne_i32(b, 4)?))) {
        Some((on, secs)) => Value::Struct {
            fields: vec![
                ("l_onoff", Value::Int(on.into())),
                ("l_linger", Value::Int(secs.into())),
            ],
            more: false,
        },
        None => Value::Ptr(ptr),
    }
}

/// A buffer shown as strace's printstrn shows it (`-s` applies).
fn bytes(b: Option<&[u8]>, ptr: u64, len: u64) -> Value<'_> {
    match b {
        Some(b) if ptr != 0 => Value::Buf {
            bytes: b,
            len,
            hex: false,
        },
        _ => Value::Ptr(ptr),
    }
}

/// setsockopt's value, `len` bytes at `ptr`.
fn set_opt(level: u32, name: u32, ptr: u64, len: i64, b: Option<&[u8]>) -> Value<'_> {
    if ptr != 0 {
        match level as i32 {
            libc::SOL_SOCKET => match name as i32 {
                libc::SO_LINGER if len < 8 => return Value::Ptr(ptr),
                libc::SO_LINGER => return linger(b, ptr),
                libc::SO_ATTACH_FILTER | libc::SO_ATTACH_REUSEPORT_CBPF => return Value::Ptr(ptr),
                n if INT_OPTIONS.contains(&n) => {
                    return if len < 4 {
                        Value::Ptr(ptr)
                    } else {
                        int_at(b, ptr)
                    };
                }
                _ => {}
            },
            libc::SOL_IP => match name as i32 {
                libc::IP_ADD_MEMBERSHIP | libc::IP_DROP_MEMBERSHIP => return mreq(b, ptr, len),
                _ => {}
            },
            libc::SOL_IPV6 => match name as i32 {
                libc::IPV6_ADD_MEMBERSHIP
                | libc::IPV6_DROP_MEMBERSHIP
                | IPV6_JOIN_ANYCAST
                | IPV6_LEAVE_ANYCAST => return mreq6(b, ptr, len),
                _ => {}
            },
            libc::SOL_NETLINK if len < 4 => return Value::Ptr(ptr),
            libc::SOL_NETLINK => return int_at(b, ptr),
            _ => {}
        }
    }
    if len == 4 {
        int_at(b.filter(|_| ptr != 0), ptr)
    } else if len < 0 {
        Value::Ptr(ptr)
    } else {
        bytes(b, ptr, len as u64)
    }
}

const IPV6_JOIN_ANYCAST: i32 = 27;
const IPV6_LEAVE_ANYCAST: i32 = 28;

/// `struct ip_mreq`: `{imr_multiaddr=inet_addr("224.0.0.1"), imr_interface=inet_addr("0.0.0.0")}`.
fn mreq(b: Option<&[u8]>, ptr: u64, len: i64) -> Value<'_> {
    match b.and_then(|b| b.get(..8)) {
        Some(a) if len >= 8 => {
            let addr = |a: &[u8]| {
                Value::Call(
                    "inet_addr",
                    vec![quoted(sockaddr::ipv4_text(a).into_bytes())],
                )
            };
            Value::Struct {
                fields: vec![
                    ("imr_multiaddr", addr(&a[..4])),
                    ("imr_interface", addr(&a[4..8])),
                ],
                more: false,
            }
        }
        _ => Value::Ptr(ptr),
    }
}

/// `struct ipv6_mreq`: `{inet_pton(AF_INET6, "ff02::1", &ipv6mr_multiaddr), ipv6mr_interface=…}`.
fn mreq6(b: Option<&[u8]>, ptr: u64, len: i64) -> Value<'_> {
    match b.and_then(|b| b.get(..20)) {
        Some(a) if len >= 20 => {
            let mut addr = [0u8; 16];
            addr.copy_from_slice(&a[..16]);
            let index = u32::from_ne_bytes([a[16], a[17], a[18], a[19]]);
            Value::Struct {
                fields: vec![
                    (
                        "",
                        Value::Call(
                            "inet_pton",
                            vec![
                                Value::Val(
                                    libc::AF_INET6 as u64,
                                    &crate::table::xlat::ADDRESS_FAMILIES,
                                ),
                                quoted(sockaddr::ipv6_text(&addr).into_bytes()),
                                Value::Word("&ipv6mr_multiaddr"),
                            ],
                        ),
                    ),
                    ("ipv6mr_interface", Value::IfIndex(index)),
                ],
                more: false,
            }
        }
        _ => Value::Ptr(ptr),
    }
}

fn quoted(text: Vec<u8>) -> Value<'static> {
    Value::Quoted {
        bytes: std::borrow::Cow::Owned(text),
        nul: true,
        prefix: "",
    }
}

/// getsockopt's value at `ptr`: `ulen` bytes of room, `rlen` written.
fn get_opt(level: u32, name: u32, ptr: u64, ulen: i32, rlen: i32, b: Option<&[u8]>) -> Value<'_> {
    if ulen <= 0 || rlen <= 0 {
        return Value::Ptr(ptr);
    }
    let hex = match b {
        Some(b) => Value::Buf {
            bytes: b,
            len: rlen as u64,
            hex: true,
        },
        None => Value::Ptr(ptr),
    };
    if ptr != 0 {
        match level as i32 {
            libc::SOL_SOCKET => match name as i32 {
                libc::SO_LINGER if rlen >= 8 => return linger(b, ptr),
                libc::SO_PEERCRED if rlen >= 12 => {
                    return match b.and_then(|b| Some((ne_i32(b, 0)?, ne_i32(b, 4)?, ne_i32(b, 8)?)))
                    {
                        Some((pid, uid, gid)) => Value::Struct {
                            fields: vec![
                                ("pid", Value::Int(pid.into())),
                                ("uid", id(uid)),
                                ("gid", id(gid)),
                            ],
                            more: false,
                        },
                        None => Value::Ptr(ptr),
                    };
                }
                libc::SO_ERROR if rlen < 4 => return hex,
                libc::SO_ERROR => {
                    return match b.and_then(|b| ne_i32(b, 0)) {
                        Some(e) => Value::array(vec![match crate::table::errno::errno_name(e)
                            .filter(|_| e != 0)
                        {
                            Some(name) => Value::Word(name),
                            None => Value::Uint(u64::from(e as u32)),
                        }]),
                        None => Value::Ptr(ptr),
                    };
                }
                n if INT_OPTIONS.contains(&n) => {
                    return if rlen >= 4 { int_at(b, ptr) } else { hex };
                }
                _ => {}
            },
            libc::SOL_NETLINK => return int_at(b, ptr),
            _ => {}
        }
    }
    if rlen == 4 {
        int_at(b.filter(|_| ptr != 0), ptr)
    } else {
        bytes(b, ptr, rlen as u64)
    }
}

/// A uid or gid: `-1` for the all-ones value.
fn id(v: i32) -> Value<'static> {
    if v == -1 {
        Value::Int(-1)
    } else {
        Value::Uint(u64::from(v as u32))
    }
}

/// The name strace gives an xlat-less value, for tests.
#[cfg(test)]
fn xval_text(v: u64, x: &Xlat) -> String {
    let mut s = String::new();
    crate::format::flags::print_xval(&mut s, v, x, crate::format::XlatStyle::Abbrev);
    s
}

#[cfg(test)]
mod tests {
    //! Expected lines were printed by strace 6.1 (x86_64) for Python's socket calls on loopback:
    //! `strace -e trace=%network python3 …`.
    use super::*;
    use crate::decode::decode_args;
    use crate::format::quote::QuoteOpts;
    use crate::format::text::value_text;
    use crate::table::{Arch, Table};

    /// The call's arguments as strace prints them between the parentheses.
    fn line(name: &str, e: &SyscallEvent<'_>, enter: Option<&SyscallEvent<'_>>) -> String {
        let t = Table::new(Arch::X86_64);
        let nr = Arch::X86_64.number(name).unwrap();
        let row = t.row(nr).unwrap();
        decode_args(e, enter, row, false)
            .iter()
            .map(|v| value_text(v, QuoteOpts::default()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn nr(name: &str) -> u32 {
        Arch::X86_64.number(name).unwrap()
    }

    #[test]
    fn socket_types_and_protocols() {
        let e = SyscallEvent::new(nr("socket"), [2, 0x80001, 6, 0, 0, 0], 3, [None; 6]);
        assert_eq!(
            line("socket", &e, None),
            "AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP"
        );
        let e = SyscallEvent::new(nr("socket"), [2, 0x80801, 0, 0, 0, 0], 3, [None; 6]);
        assert_eq!(
            line("socket", &e, None),
            "AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP"
        );
        let e = SyscallEvent::new(nr("socket"), [1, 2, 0, 0, 0, 0], 3, [None; 6]);
        assert_eq!(line("socket", &e, None), "AF_UNIX, SOCK_DGRAM, 0");
        let e = SyscallEvent::new(nr("socket"), [16, 0x80003, 0, 0, 0, 0], 3, [None; 6]);
        assert_eq!(
            line("socket", &e, None),
            "AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE"
        );
        assert_eq!(
            crate::format::text::value_text(&sock_type(0xf), Default::default()),
            "0xf /* SOCK_??? */"
        );
        // socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 8
        let e = SyscallEvent::new(nr("socket"), [17, 3, 0x300, 0, 0, 0], 8, [None; 6]);
        assert_eq!(
            line("socket", &e, None),
            "AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)"
        );
        assert_eq!(xval_text(99, &SOCK_TCP_OPTIONS), "0x63 /* TCP_??? */");
    }

    #[test]
    fn socketpair_fds() {
        let fds = [13i32.to_ne_bytes(), 14i32.to_ne_bytes()].concat();
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&fds));
        let e = SyscallEvent::new(nr("socketpair"), [1, 0x80001, 0, 0x7ff0, 0, 0], 0, caps);
        assert_eq!(
            line("socketpair", &e, None),
            "AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [13, 14]"
        );
        let e = SyscallEvent::new(nr("socketpair"), [2, 1, 0, 0x7ff0, 0, 0], -95, [None; 6]);
        assert_eq!(
            line("socketpair", &e, None),
            "AF_INET, SOCK_STREAM, 0, 0x7ff0"
        );
    }

    fn sin(port: u16) -> Vec<u8> {
        let mut b = vec![0u8; 16];
        b[..2].copy_from_slice(&2u16.to_ne_bytes());
        b[2..4].copy_from_slice(&port.to_be_bytes());
        b[4..8].copy_from_slice(&[127, 0, 0, 1]);
        b
    }

    const SIN: &str =
        r#"{sa_family=AF_INET, sin_port=htons(38553), sin_addr=inet_addr("127.0.0.1")}"#;

    #[test]
    fn connect_and_sendto() {
        let a = sin(38553);
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(&a));
        let e = SyscallEvent::new(nr("connect"), [4, 0x7ff0, 16, 0, 0, 0], 0, caps);
        assert_eq!(line("connect", &e, None), format!("4, {SIN}, 16"));
        // sendto(4, "hello", 5, 0, NULL, 0)
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"hello"));
        let e = SyscallEvent::new(nr("sendto"), [4, 0x7ff0, 5, 0, 0, 0], 5, caps);
        assert_eq!(line("sendto", &e, None), r#"4, "hello", 5, 0, NULL, 0"#);
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"ping"));
        caps[4] = Some(Captured::Bytes(&a));
        let e = SyscallEvent::new(nr("sendto"), [4, 0x7ff0, 4, 0, 0x7fe0, 16], 4, caps);
        assert_eq!(
            line("sendto", &e, None),
            format!(r#"4, "ping", 4, 0, {SIN}, 16"#)
        );
    }

    fn len_caps(n: usize, v: u32) -> (Vec<u8>, usize) {
        (v.to_ne_bytes().to_vec(), n)
    }

    #[test]
    fn sockname_lengths_in_and_out() {
        let a = sin(38553);
        let (room, _) = len_caps(2, 128);
        let (size, _) = len_caps(2, 16);
        let mut ecaps = [None; 6];
        ecaps[2] = Some(Captured::Bytes(&room));
        let enter = SyscallEvent::new(nr("getsockname"), [5, 0x7ff0, 0x7fe0, 0, 0, 0], 0, ecaps);
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(&a));
        caps[2] = Some(Captured::Bytes(&size));
        let e = SyscallEvent::new(nr("getsockname"), [5, 0x7ff0, 0x7fe0, 0, 0, 0], 0, caps);
        assert_eq!(
            line("getsockname", &e, Some(&enter)),
            format!("5, {SIN}, [128 => 16]")
        );
        // The same length: `[16]`.
        let mut ecaps = [None; 6];
        ecaps[2] = Some(Captured::Bytes(&size));
        let enter16 =
            SyscallEvent::new(nr("accept4"), [3, 0x7ff0, 0x7fe0, 0x80000, 0, 0], 0, ecaps);
        let e = SyscallEvent::new(nr("accept4"), [3, 0x7ff0, 0x7fe0, 0x80000, 0, 0], 5, caps);
        assert_eq!(
            line("accept4", &e, Some(&enter16)),
            format!("3, {SIN}, [16], SOCK_CLOEXEC")
        );
        // Failed: the address, and the length given. getpeername(4, 0x7ffe60756530, [16]) = -1 ENOTCONN
        let mut caps = [None; 6];
        caps[2] = Some(Captured::Bytes(&size));
        let e = SyscallEvent::new(nr("getpeername"), [4, 0x7ff0, 0x7fe0, 0, 0, 0], -107, caps);
        assert_eq!(line("getpeername", &e, Some(&enter16)), "4, 0x7ff0, [16]");
        // No address: both pointers.
        let e = SyscallEvent::new(nr("accept"), [3, 0, 0, 0, 0, 0], 5, [None; 6]);
        assert_eq!(line("accept", &e, None), "3, NULL, NULL");
    }

    #[test]
    fn recvfrom_out_length_from_the_address_copy() {
        let a = sin(45066);
        let room = 128u32.to_ne_bytes();
        let mut ecaps = [None; 6];
        ecaps[5] = Some(Captured::Bytes(&room));
        let enter = SyscallEvent::new(
            nr("recvfrom"),
            [3, 0x7ff0, 100, 0, 0x7fe0, 0x7fd0],
            0,
            ecaps,
        );
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"ping"));
        caps[4] = Some(Captured::Bytes(&a));
        let e = SyscallEvent::new(nr("recvfrom"), [3, 0x7ff0, 100, 0, 0x7fe0, 0x7fd0], 4, caps);
        assert_eq!(
            line("recvfrom", &e, Some(&enter)),
            r#"3, "ping", 100, 0, {sa_family=AF_INET, sin_port=htons(45066), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]"#
        );
        // MSG_TRUNC: the datagram's size is returned, the buffer's length shown.
        // recvfrom(3, "pi", 2, MSG_TRUNC, {…}, [16]) = 8
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"pi"));
        let e = SyscallEvent::new(nr("recvfrom"), [3, 0x7ff0, 2, 0x20, 0, 0], 8, caps);
        assert_eq!(
            line("recvfrom", &e, None),
            r#"3, "pi", 2, MSG_TRUNC, NULL, NULL"#
        );
        // recvfrom(5, "hello", 100, 0, NULL, NULL) = 5
        let mut caps = [None; 6];
        caps[1] = Some(Captured::Bytes(b"hello"));
        caps[4] = Some(Captured::Fault);
        caps[5] = Some(Captured::Fault);
        let e = SyscallEvent::new(nr("recvfrom"), [5, 0x7ff0, 100, 0, 0, 0], 5, caps);
        assert_eq!(
            line("recvfrom", &e, None),
            r#"5, "hello", 100, 0, NULL, NULL"#
        );
    }

    #[test]
    fn socket_options() {
        let one = 1i32.to_ne_bytes();
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&one));
        let e = SyscallEvent::new(nr("setsockopt"), [3, 1, 2, 0x7ff0, 4, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            "3, SOL_SOCKET, SO_REUSEADDR, [1], 4"
        );
        let e = SyscallEvent::new(nr("setsockopt"), [4, 6, 1, 0x7ff0, 4, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            "4, SOL_TCP, TCP_NODELAY, [1], 4"
        );
        let e = SyscallEvent::new(nr("setsockopt"), [5, 41, 26, 0x7ff0, 4, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            "5, SOL_IPV6, IPV6_V6ONLY, [1], 4"
        );
        let lg = [1i32.to_ne_bytes(), 0i32.to_ne_bytes()].concat();
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&lg));
        let e = SyscallEvent::new(nr("setsockopt"), [5, 1, 13, 0x7ff0, 8, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            "5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8"
        );

        // Multicast requests (python3: IP_ADD_MEMBERSHIP, IPV6_JOIN_GROUP).
        let m = [[224, 0, 0, 251], [127, 0, 0, 1]].concat();
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&m));
        let e = SyscallEvent::new(nr("setsockopt"), [3, 0, 35, 0x7ff0, 8, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            r#"3, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.251"), imr_interface=inet_addr("127.0.0.1")}, 8"#
        );
        let mut m6 = vec![0xffu8, 2];
        m6.resize(15, 0);
        m6.push(0xfb);
        m6.extend_from_slice(&77u32.to_ne_bytes());
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&m6));
        let e = SyscallEvent::new(nr("setsockopt"), [4, 41, 20, 0x7ff0, 20, 0], 0, caps);
        assert_eq!(
            line("setsockopt", &e, None),
            r#"4, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::fb", &ipv6mr_multiaddr), ipv6mr_interface=77}, 20"#
        );

        // getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
        let four = 4u32.to_ne_bytes();
        let zero = 0u32.to_ne_bytes();
        let mut ecaps = [None; 6];
        ecaps[4] = Some(Captured::Bytes(&four));
        let enter = SyscallEvent::new(nr("getsockopt"), [4, 1, 4, 0x7ff0, 0x7fe0, 0], 0, ecaps);
        let mut caps = [None; 6];
        caps[3] = Some(Captured::Bytes(&zero));
        caps[4] = Some(Captured::Bytes(&four));
        let e = SyscallEvent::new(nr("getsockopt"), [4, 1, 4, 0x7ff0, 0x7fe0, 0], 0, caps);
        assert_eq!(
            line("getsockopt", &e, Some(&enter)),
            "4, SOL_SOCKET, SO_ERROR, [0], [4]"
        );
        let refused = 111u32.to_ne_bytes();
        caps[3] = Some(Captured::Bytes(&refused));
        let e = SyscallEvent::new(nr("getsockopt"), [4, 1, 4, 0x7ff0, 0x7fe0, 0], 0, caps);
        assert_eq!(
            line("getsockopt", &e, Some(&enter)),
            "4, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]"
        );
        // A bigger room than the value: `[8 => 4]`.
        let eight = 8u32.to_ne_bytes();
        let mut ecaps = [None; 6];
        ecaps[4] = Some(Captured::Bytes(&eight));
        let enter = SyscallEvent::new(nr("getsockopt"), [4, 1, 8, 0x7ff0, 0x7fe0, 0], 0, ecaps);
        let rcvbuf = 131072u32.to_ne_bytes();
        caps[3] = Some(Captured::Bytes(&rcvbuf));
        let e = SyscallEvent::new(nr("getsockopt"), [4, 1, 8, 0x7ff0, 0x7fe0, 0], 0, caps);
        assert_eq!(
            line("getsockopt", &e, Some(&enter)),
            "4, SOL_SOCKET, SO_RCVBUF, [131072], [8 => 4]"
        );
        // Failed: the pointer and the room.
        let e = SyscallEvent::new(
            nr("getsockopt"),
            [99, 1, 8, 0x7ff0, 0x7fe0, 0],
            -9,
            [None; 6],
        );
        assert_eq!(
            line("getsockopt", &e, Some(&enter)),
            "99, SOL_SOCKET, SO_RCVBUF, 0x7ff0, [8]"
        );
    }
}
