//! `-yy`: a socket's protocol and addresses, asked of the kernel through `NETLINK_SOCK_DIAG` by
//! inode, the way strace 6.1 asks (`TCP:[127.0.0.1:8080->127.0.0.1:45678]`,
//! `UNIX-STREAM:[12345->12346,"/tmp/sock"]`, `NETLINK:[ROUTE:1234]`).
//!
//! The protocol name (the kernel's `system.sockprotoname` of `/proc/PID/fd/N`) says which
//! family to ask; without one every family strace knows is asked in turn. The layers are
//! apart: [`request`] builds the bytes of a query, [`parse`] reads the kernel's answer into a
//! [`Details`], [`Details::text`] prints it; only [`Diag`] does I/O.
use std::cell::RefCell;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::format::quote::{QuoteOpts, quote_cstr};
use crate::table::xlat::NETLINK_PROTOCOLS;

/// `SOCK_DIAG_BY_FAMILY` (linux/sock_diag.h): the request and answer type.
const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLMSG_HDRLEN: usize = 16;
/// `sizeof(struct inet_diag_msg)`, `struct unix_diag_msg`, `struct netlink_diag_msg`.
const INET_DIAG_MSG: usize = 72;
const UNIX_DIAG_MSG: usize = 16;
const NETLINK_DIAG_MSG: usize = 28;
/// linux/unix_diag.h: what a unix query asks to be shown, and the attributes answering it.
const UDIAG_SHOW_NAME: u32 = 1;
const UDIAG_SHOW_PEER: u32 = 4;
const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
/// linux/netlink_diag.h: every netlink protocol.
const NDIAG_PROTO_ALL: u8 = 255;
/// `sizeof(((struct sockaddr_un *) 0)->sun_path)`.
const UNIX_PATH_MAX: usize = 108;
/// IPPROTO_L2TP (netinet/in.h has it; libc does not).
const IPPROTO_L2TP: u8 = 115;

/// How a protocol's sockets are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// `unix_diag`, by inode.
    Unix,
    /// `inet_diag`, a dump of one family and protocol in every state.
    Inet { family: u8, protocol: u8 },
    /// `netlink_diag`, a dump of every netlink socket.
    Netlink,
}

const fn inet(family: i32, protocol: i32) -> Query {
    Query::Inet {
        family: family as u8,
        protocol: protocol as u8,
    }
}

/// The protocols strace resolves, by the kernel's name for them, in the order strace tries
/// them when the name is unknown.
pub const PROTOCOLS: &[(&str, Query)] = &[
    ("UNIX", Query::Unix),
    ("UNIX-STREAM", Query::Unix),
    ("TCP", inet(libc::AF_INET, libc::IPPROTO_TCP)),
    ("UDP", inet(libc::AF_INET, libc::IPPROTO_UDP)),
    ("UDPLITE", inet(libc::AF_INET, libc::IPPROTO_UDPLITE)),
    ("DCCP", inet(libc::AF_INET, libc::IPPROTO_DCCP)),
    ("SCTP", inet(libc::AF_INET, libc::IPPROTO_SCTP)),
    ("L2TP/IP", inet(libc::AF_INET, IPPROTO_L2TP as i32)),
    ("PING", inet(libc::AF_INET, libc::IPPROTO_ICMP)),
    ("RAW", inet(libc::AF_INET, libc::IPPROTO_RAW)),
    ("TCPv6", inet(libc::AF_INET6, libc::IPPROTO_TCP)),
    ("UDPv6", inet(libc::AF_INET6, libc::IPPROTO_UDP)),
    ("UDPLITEv6", inet(libc::AF_INET6, libc::IPPROTO_UDPLITE)),
    ("DCCPv6", inet(libc::AF_INET6, libc::IPPROTO_DCCP)),
    ("SCTPv6", inet(libc::AF_INET6, libc::IPPROTO_SCTP)),
    ("L2TP/IPv6", inet(libc::AF_INET6, IPPROTO_L2TP as i32)),
    ("PINGv6", inet(libc::AF_INET6, libc::IPPROTO_ICMP)),
    ("RAWv6", inet(libc::AF_INET6, libc::IPPROTO_RAW)),
    ("NETLINK", Query::Netlink),
];

/// How strace asks for a protocol it knows by name.
pub fn query_of(name: &str) -> Option<Query> {
    PROTOCOLS.iter().find(|(n, _)| *n == name).map(|&(_, q)| q)
}

/// The kernel's name for the protocol of a socket made by `socket(family, type, protocol)`,
/// among those strace knows: what `system.sockprotoname` will say of it.
pub fn proto_of_socket(family: u64, ty: u64, protocol: u64) -> Option<&'static str> {
    const SOCK_TYPE_MASK: u64 = 0xf;
    let ty = (ty & SOCK_TYPE_MASK) as i32;
    let protocol = protocol as u32 as i32;
    let v6 = match family as u32 as i32 {
        libc::AF_UNIX => {
            return match ty {
                libc::SOCK_STREAM => Some("UNIX-STREAM"),
                libc::SOCK_DGRAM | libc::SOCK_SEQPACKET => Some("UNIX"),
                _ => None,
            };
        }
        libc::AF_NETLINK => return Some("NETLINK"),
        libc::AF_INET => false,
        libc::AF_INET6 => true,
        _ => return None,
    };
    let name = match (ty, protocol) {
        (libc::SOCK_STREAM, 0 | libc::IPPROTO_TCP) => "TCP",
        (libc::SOCK_DGRAM, 0 | libc::IPPROTO_UDP) => "UDP",
        (libc::SOCK_DGRAM, libc::IPPROTO_ICMP) if !v6 => "PING",
        (libc::SOCK_DGRAM, libc::IPPROTO_ICMPV6) if v6 => "PING",
        (libc::SOCK_RAW, _) => "RAW",
        (libc::SOCK_STREAM | libc::SOCK_SEQPACKET, libc::IPPROTO_SCTP) => "SCTP",
        (libc::SOCK_DCCP, 0 | libc::IPPROTO_DCCP) => "DCCP",
        _ => return None,
    };
    Some(match (name, v6) {
        (n, false) => n,
        ("TCP", true) => "TCPv6",
        ("UDP", true) => "UDPv6",
        ("PING", true) => "PINGv6",
        ("RAW", true) => "RAWv6",
        ("SCTP", true) => "SCTPv6",
        (_, true) => "DCCPv6",
    })
}

/// One query: a netlink header and the family's request (`inet_diag_req_v2`,
/// `unix_diag_req`, `netlink_diag_req`), in host byte order but for the ports and addresses.
pub fn request(q: Query, ino: u64, seq: u32) -> Vec<u8> {
    let (flags, body): (u16, Vec<u8>) = match q {
        Query::Inet { family, protocol } => {
            // family, protocol, ext, pad, states = all, then an all-zero inet_diag_sockid.
            let mut b = vec![family, protocol, 0, 0];
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            b.resize(56, 0);
            (dump_flags(), b)
        }
        Query::Unix => {
            // family, protocol, pad, states = all, inode, what to show, cookie = none.
            let mut b = vec![libc::AF_UNIX as u8, 0, 0, 0];
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            b.extend_from_slice(&(ino as u32).to_ne_bytes());
            b.extend_from_slice(&(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER).to_ne_bytes());
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            (libc::NLM_F_REQUEST as u16, b)
        }
        Query::Netlink => {
            let mut b = vec![libc::AF_NETLINK as u8, NDIAG_PROTO_ALL];
            b.resize(24, 0);
            (dump_flags(), b)
        }
    };
    let mut m = Vec::with_capacity(NLMSG_HDRLEN + body.len());
    m.extend_from_slice(&((NLMSG_HDRLEN + body.len()) as u32).to_ne_bytes());
    m.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    m.extend_from_slice(&flags.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(&body);
    m
}

fn dump_flags() -> u16 {
    (libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16
}

/// What the kernel said of a socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Details {
    /// Its local address and, when connected, the peer's (addresses as the kernel stores
    /// them, 4 bytes used of 16 for IPv4; ports in host order).
    Inet {
        v6: bool,
        src: [u8; 16],
        sport: u16,
        dst: [u8; 16],
        dport: u16,
    },
    /// Its peer's inode (0: none) and the name it is bound to (a leading NUL: abstract).
    Unix { peer: u32, name: Vec<u8> },
    /// Its netlink protocol and port id.
    Netlink { protocol: u8, portid: u32 },
}

/// What one batch of answers says of the socket asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Found.
    Found(Details),
    /// Not among these; the next batch of the dump may have it.
    More,
    /// The answer ended (the dump's end, an error) or made no sense: not found.
    End,
}

/// Reads a batch of netlink messages for socket `ino` (strace's `receive_responses` with the
/// family's parser): the first message of another type, or one that does not parse, ends the
/// search.
pub fn parse(q: Query, ino: u64, buf: &[u8]) -> Parsed {
    let mut rest = buf;
    if !msg_ok(rest) {
        return Parsed::End;
    }
    while msg_ok(rest) {
        let len = u32_at(rest, 0).unwrap_or(0) as usize;
        let Some(msg) = rest.get(..len) else {
            return Parsed::End;
        };
        if u16_at(msg, 4) != Some(SOCK_DIAG_BY_FAMILY) {
            return Parsed::End;
        }
        match parse_one(q, ino, msg) {
            Some(Some(d)) => return Parsed::Found(d),
            Some(None) => {}
            None => return Parsed::End,
        }
        rest = rest.get(align4(len)..).unwrap_or(&[]);
    }
    Parsed::More
}

/// A whole netlink message is there (`NLMSG_OK`).
fn msg_ok(b: &[u8]) -> bool {
    b.len() >= NLMSG_HDRLEN
        && u32_at(b, 0).is_some_and(|l| l as usize >= NLMSG_HDRLEN && l as usize <= b.len())
}

fn align4(n: usize) -> usize {
    n.saturating_add(3) & !3
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn addr_at(b: &[u8], at: usize) -> Option<[u8; 16]> {
    b.get(at..at + 16)?.try_into().ok()
}

/// One message (header included): `Some(Some(_))` it is the socket, `Some(None)` another one,
/// `None` it does not parse.
fn parse_one(q: Query, ino: u64, msg: &[u8]) -> Option<Option<Details>> {
    let body = msg.get(NLMSG_HDRLEN..)?;
    match q {
        Query::Inet { .. } => {
            if msg.len() < NLMSG_HDRLEN + INET_DIAG_MSG {
                return None;
            }
            if u64::from(u32_at(body, 68)?) != ino {
                return Some(None);
            }
            let v6 = match i32::from(body[0]) {
                libc::AF_INET => false,
                libc::AF_INET6 => true,
                _ => return None,
            };
            Some(Some(Details::Inet {
                v6,
                sport: be16_at(body, 4)?,
                dport: be16_at(body, 6)?,
                src: addr_at(body, 8)?,
                dst: addr_at(body, 24)?,
            }))
        }
        Query::Unix => {
            if msg.len() < NLMSG_HDRLEN + UNIX_DIAG_MSG {
                return None;
            }
            if u64::from(u32_at(body, 4)?) != ino {
                return Some(None);
            }
            if i32::from(body[0]) != libc::AF_UNIX {
                return None;
            }
            let (mut peer, mut name) = (0, None);
            let mut attrs = body.get(UNIX_DIAG_MSG..)?;
            // RTA_OK / RTA_NEXT.
            while let Some(len) = u16_at(attrs, 0).map(usize::from) {
                if len < 4 || len > attrs.len() {
                    break;
                }
                let data = attrs.get(4..len)?;
                match u16_at(attrs, 2) {
                    Some(UNIX_DIAG_NAME) if name.is_none() => {
                        name = Some(data.get(..UNIX_PATH_MAX).unwrap_or(data).to_vec());
                    }
                    Some(UNIX_DIAG_PEER) => {
                        if let Some(p) = u32_at(data, 0) {
                            peer = p;
                        }
                    }
                    _ => {}
                }
                attrs = attrs.get(align4(len)..).unwrap_or(&[]);
            }
            let name = name.unwrap_or_default();
            if peer == 0 && name.is_empty() {
                return None;
            }
            Some(Some(Details::Unix { peer, name }))
        }
        Query::Netlink => {
            if msg.len() < NLMSG_HDRLEN + NETLINK_DIAG_MSG {
                return None;
            }
            if u64::from(u32_at(body, 16)?) != ino {
                return Some(None);
            }
            if i32::from(body[0]) != libc::AF_NETLINK {
                return None;
            }
            Some(Some(Details::Netlink {
                protocol: body[2],
                portid: u32_at(body, 4)?,
            }))
        }
    }
}

impl Details {
    /// What strace prints between `<` and `>` for socket `ino` of protocol `proto`.
    pub fn text(&self, proto: &str, ino: u64) -> String {
        match self {
            Details::Inet {
                v6,
                src,
                sport,
                dst,
                dport,
            } => {
                let addr = |a: &[u8; 16]| {
                    if *v6 {
                        format!("[{}]", ntop6(a))
                    } else {
                        format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
                    }
                };
                let size = if *v6 { 16 } else { 4 };
                if *dport != 0 || dst[..size].iter().any(|&b| b != 0) {
                    format!("{proto}:[{}:{sport}->{}:{dport}]", addr(src), addr(dst))
                } else {
                    format!("{proto}:[{}:{sport}]", addr(src))
                }
            }
            Details::Unix { peer, name } => {
                let mut s = format!("{proto}:[{ino}");
                if *peer != 0 {
                    s.push_str(&format!("->{peer}"));
                }
                if !name.is_empty() {
                    s.push(',');
                    let shown = match name.split_first() {
                        Some((0, abstract_name)) => {
                            s.push('@');
                            abstract_name
                        }
                        _ => name,
                    };
                    quote_cstr(&mut s, shown, false, QuoteOpts::default());
                }
                s.push(']');
                s
            }
            Details::Netlink { protocol, portid } => {
                match NETLINK_PROTOCOLS
                    .entries
                    .iter()
                    .find(|(v, _)| *v == u64::from(*protocol))
                {
                    Some((_, n)) => {
                        let n = n.strip_prefix("NETLINK_").unwrap_or(n);
                        format!("{proto}:[{n}:{portid}]")
                    }
                    None => format!("{proto}:[{protocol}]"),
                }
            }
        }
    }
}

/// An IPv6 address as glibc's `inet_ntop` writes it: the first longest run of two or more zero
/// groups as `::`, and the IPv4-compatible and -mapped forms with a dotted tail.
pub fn ntop6(a: &[u8; 16]) -> String {
    let w: Vec<u16> = a
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    // The first longest run of zero groups.
    let (mut best, mut best_len, mut cur, mut cur_len) = (0, 0, 0, 0);
    for (i, &g) in w.iter().enumerate() {
        if g == 0 {
            if cur_len == 0 {
                cur = i;
            }
            cur_len += 1;
            if cur_len > best_len {
                best = cur;
                best_len = cur_len;
            }
        } else {
            cur_len = 0;
        }
    }
    if best_len < 2 {
        best_len = 0;
    }
    let mut s = String::new();
    let mut i = 0;
    while i < 8 {
        if best_len > 0 && i == best {
            s.push(':');
            i += best_len;
            if i == 8 {
                s.push(':');
            }
            continue;
        }
        if i != 0 {
            s.push(':');
        }
        let dotted_tail = i == 6
            && best == 0
            && (best_len == 6 || (best_len == 7 && w[7] != 1) || (best_len == 5 && w[5] == 0xffff));
        if dotted_tail {
            s.push_str(&format!("{}.{}.{}.{}", a[12], a[13], a[14], a[15]));
            break;
        }
        s.push_str(&format!("{:x}", w[i]));
        i += 1;
    }
    s
}

/// The kernel's diag interface: one netlink socket, opened at the first query and kept; a
/// query that fails closes it, the next opens another.
#[derive(Default)]
pub struct Diag {
    sock: RefCell<Option<OwnedFd>>,
    seq: std::cell::Cell<u32>,
}

impl Diag {
    /// What the kernel says of socket `ino` of protocol `proto` (the kernel's name for it), as
    /// strace prints it; with no protocol, or one strace has no query for, every family is
    /// asked in turn.
    pub fn lookup(&self, ino: u64, proto: Option<&str>) -> Option<String> {
        let asks: Vec<(&str, Query)> = match proto.and_then(|p| Some((p, query_of(p)?))) {
            Some(ask) => vec![ask],
            None => PROTOCOLS.to_vec(),
        };
        asks.into_iter().find_map(|(name, q)| {
            let d = self.ask(q, ino)?;
            Some(d.text(name, ino))
        })
    }

    fn ask(&self, q: Query, ino: u64) -> Option<Details> {
        let mut slot = self.sock.borrow_mut();
        if slot.is_none() {
            *slot = open();
        }
        let fd = slot.as_ref()?.as_raw_fd();
        let seq = self.seq.get().wrapping_add(1);
        self.seq.set(seq);
        match exchange(fd, q, ino, seq) {
            Ok(found) => found,
            Err(()) => {
                *slot = None;
                None
            }
        }
    }
}

fn open() -> Option<OwnedFd> {
    // SAFETY: socket takes no pointers; a non-negative result is a descriptor we own.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_SOCK_DIAG,
        )
    };
    // SAFETY: fd is a fresh descriptor nothing else owns.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Sends one query and reads the whole answer (a dump must end before the socket can take
/// the next), returning what it said of `ino`. `Err` when the socket is no longer usable.
fn exchange(fd: i32, q: Query, ino: u64, seq: u32) -> Result<Option<Details>, ()> {
    let req = request(q, ino, seq);
    loop {
        // SAFETY: req is a live buffer of req.len() bytes; netlink sends to the kernel.
        let n = unsafe { libc::send(fd, req.as_ptr().cast(), req.len(), 0) };
        if n >= 0 {
            break;
        }
        if errno::errno().0 != libc::EINTR {
            return Err(());
        }
    }
    let mut buf = vec![0u8; 32 * 1024];
    let mut found = None;
    loop {
        // SAFETY: buf is a live, writable buffer of buf.len() bytes.
        let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 {
            if errno::errno().0 == libc::EINTR {
                continue;
            }
            return Err(());
        }
        let got = buf.get(..n as usize).unwrap_or(&[]);
        // Left-overs of an earlier query (there should be none) are skipped.
        if u32_at(got, 8).is_some_and(|s| s != seq) {
            continue;
        }
        if found.is_none() {
            match parse(q, ino, got) {
                Parsed::Found(d) => found = Some(d),
                Parsed::More => {}
                Parsed::End => return Ok(None),
            }
        }
        if q == Query::Unix || ends(got) {
            return Ok(found);
        }
    }
}

/// The batch holds the dump's last message (`NLMSG_DONE`) or an error.
fn ends(b: &[u8]) -> bool {
    let mut rest = b;
    while msg_ok(rest) {
        let ty = u16_at(rest, 4).map(i32::from);
        if ty == Some(libc::NLMSG_DONE) || ty == Some(libc::NLMSG_ERROR) {
            return true;
        }
        let len = u32_at(rest, 0).unwrap_or(0) as usize;
        rest = rest.get(align4(len)..).unwrap_or(&[]);
    }
    !msg_ok(b)
}

/// The kernel's name for the protocol of the socket behind `/proc/TGID/fd/FD`
/// (`system.sockprotoname`).
pub fn proto_name(tgid: u32, fd: i64) -> Option<String> {
    let path = std::ffi::CString::new(format!("/proc/{tgid}/fd/{fd}")).ok()?;
    let mut buf = [0u8; 256];
    // SAFETY: path and the attribute name are NUL-terminated; buf is writable for the size
    // passed (one byte kept back, as strace does).
    let n = unsafe {
        libc::getxattr(
            path.as_ptr(),
            c"system.sockprotoname".as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len() - 1,
        )
    };
    let got = buf.get(..usize::try_from(n).ok().filter(|&n| n > 0)?)?;
    let got = got.split(|&b| b == 0).next().unwrap_or(got);
    Some(String::from_utf8_lossy(got).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A netlink message of type `ty` with `body`, padded as the kernel pads it.
    fn msg(ty: u16, seq: u32, body: &[u8]) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&((NLMSG_HDRLEN + body.len()) as u32).to_ne_bytes());
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&2u16.to_ne_bytes());
        m.extend_from_slice(&seq.to_ne_bytes());
        m.extend_from_slice(&0u32.to_ne_bytes());
        m.extend_from_slice(body);
        while m.len() % 4 != 0 {
            m.push(0);
        }
        m
    }

    fn inet_msg(family: u8, src: &[u8], sport: u16, dst: &[u8], dport: u16, ino: u32) -> Vec<u8> {
        let mut b = vec![family, 1, 0, 0];
        b.extend_from_slice(&sport.to_be_bytes());
        b.extend_from_slice(&dport.to_be_bytes());
        let mut a = [0u8; 16];
        a[..src.len()].copy_from_slice(src);
        b.extend_from_slice(&a);
        let mut a = [0u8; 16];
        a[..dst.len()].copy_from_slice(dst);
        b.extend_from_slice(&a);
        b.resize(68, 0);
        b.extend_from_slice(&ino.to_ne_bytes());
        msg(SOCK_DIAG_BY_FAMILY, 1, &b)
    }

    fn attr(ty: u16, data: &[u8]) -> Vec<u8> {
        let mut a = Vec::new();
        a.extend_from_slice(&((4 + data.len()) as u16).to_ne_bytes());
        a.extend_from_slice(&ty.to_ne_bytes());
        a.extend_from_slice(data);
        while a.len() % 4 != 0 {
            a.push(0);
        }
        a
    }

    fn unix_msg(ino: u32, attrs: &[Vec<u8>]) -> Vec<u8> {
        let mut b = vec![libc::AF_UNIX as u8, 1, 1, 0];
        b.extend_from_slice(&ino.to_ne_bytes());
        b.extend_from_slice(&[0; 8]);
        for a in attrs {
            b.extend_from_slice(a);
        }
        msg(SOCK_DIAG_BY_FAMILY, 1, &b)
    }

    const TCP: Query = inet(libc::AF_INET, libc::IPPROTO_TCP);
    const TCP6: Query = inet(libc::AF_INET6, libc::IPPROTO_TCP);

    fn text(q: Query, ino: u64, buf: &[u8], proto: &str) -> String {
        match parse(q, ino, buf) {
            Parsed::Found(d) => d.text(proto, ino),
            other => panic!("not found: {other:?}"),
        }
    }

    #[test]
    fn requests_are_the_kernel_structs() {
        let r = request(TCP, 7, 3);
        assert_eq!(r.len(), 72);
        assert_eq!(&r[0..4], &72u32.to_ne_bytes());
        assert_eq!(&r[4..6], &20u16.to_ne_bytes());
        assert_eq!(&r[6..8], &0x301u16.to_ne_bytes());
        assert_eq!(&r[8..12], &3u32.to_ne_bytes());
        assert_eq!(&r[16..20], &[2, 6, 0, 0]);
        assert_eq!(&r[20..24], &[0xff; 4]);
        let r = request(Query::Unix, 0x1234, 1);
        assert_eq!(r.len(), 40);
        assert_eq!(&r[6..8], &1u16.to_ne_bytes(), "by inode, not a dump");
        assert_eq!(&r[24..28], &0x1234u32.to_ne_bytes());
        assert_eq!(&r[28..32], &5u32.to_ne_bytes());
        assert_eq!(&r[32..40], &[0xff; 8]);
        let r = request(Query::Netlink, 9, 1);
        assert_eq!(r.len(), 40);
        assert_eq!(&r[16..18], &[16, 255]);
    }

    #[test]
    fn inet_listening_connected_and_v6() {
        let mut dump = inet_msg(2, &[10, 0, 0, 1], 22, &[10, 0, 0, 2], 5000, 41);
        dump.extend(inet_msg(2, &[127, 0, 0, 1], 8080, &[], 0, 42));
        assert_eq!(text(TCP, 42, &dump, "TCP"), "TCP:[127.0.0.1:8080]");
        assert_eq!(
            text(TCP, 41, &dump, "TCP"),
            "TCP:[10.0.0.1:22->10.0.0.2:5000]"
        );
        assert_eq!(parse(TCP, 43, &dump), Parsed::More);
        let one = {
            let mut a = [0u8; 16];
            a[15] = 1;
            a
        };
        let six = inet_msg(10, &one, 80, &one, 4444, 50);
        assert_eq!(
            text(TCP6, 50, &six, "TCPv6"),
            "TCPv6:[[::1]:80->[::1]:4444]"
        );
        let any6 = inet_msg(10, &[0; 16], 53, &[], 0, 51);
        assert_eq!(text(TCP6, 51, &any6, "UDPv6"), "UDPv6:[[::]:53]");
    }

    #[test]
    fn the_end_of_a_dump_or_garbage_ends_the_search() {
        let mut dump = inet_msg(2, &[127, 0, 0, 1], 1, &[], 0, 1);
        dump.extend(msg(libc::NLMSG_DONE as u16, 1, &[0; 4]));
        assert_eq!(parse(TCP, 2, &dump), Parsed::End);
        assert!(ends(&dump));
        assert_eq!(parse(TCP, 2, &[1, 2, 3]), Parsed::End);
        // A message too short for an inet_diag_msg, and one of another family.
        let short = msg(SOCK_DIAG_BY_FAMILY, 1, &[2; 20]);
        assert_eq!(parse(TCP, 2, &short), Parsed::End);
        let odd = inet_msg(1, &[], 0, &[], 0, 2);
        assert_eq!(parse(TCP, 2, &odd), Parsed::End);
        // A length past the buffer.
        let mut cut = inet_msg(2, &[127, 0, 0, 1], 1, &[], 0, 2);
        cut.truncate(40);
        assert_eq!(parse(TCP, 2, &cut), Parsed::End);
    }

    #[test]
    fn unix_peer_path_and_abstract_names() {
        let peer = attr(UNIX_DIAG_PEER, &12346u32.to_ne_bytes());
        let path = attr(UNIX_DIAG_NAME, b"/tmp/sock");
        let m = unix_msg(12345, &[path.clone(), peer.clone()]);
        assert_eq!(
            text(Query::Unix, 12345, &m, "UNIX-STREAM"),
            r#"UNIX-STREAM:[12345->12346,"/tmp/sock"]"#
        );
        let m = unix_msg(12345, &[attr(UNIX_DIAG_NAME, b"\0ab\"s\n1")]);
        assert_eq!(
            text(Query::Unix, 12345, &m, "UNIX"),
            r#"UNIX:[12345,@"ab\"s\n1"]"#
        );
        let m = unix_msg(7, &[peer]);
        assert_eq!(text(Query::Unix, 7, &m, "UNIX"), "UNIX:[7->12346]");
        // Neither peer nor name: nothing to say, strace prints the fallback.
        assert_eq!(parse(Query::Unix, 7, &unix_msg(7, &[])), Parsed::End);
        assert_eq!(parse(Query::Unix, 8, &unix_msg(7, &[path])), Parsed::More);
        // An attribute longer than what is left stops the walk, not the program.
        let mut bad = unix_msg(7, &[attr(UNIX_DIAG_PEER, &5u32.to_ne_bytes())]);
        bad.extend_from_slice(&[0xff, 0x7f, 0, 0]);
        let len = bad.len() as u32;
        bad[..4].copy_from_slice(&len.to_ne_bytes());
        assert_eq!(text(Query::Unix, 7, &bad, "UNIX"), "UNIX:[7->5]");
    }

    #[test]
    fn netlink_by_protocol_name_or_number() {
        let nl = |proto: u8, portid: u32, ino: u32| {
            let mut b = vec![16, 3, proto, 0];
            b.extend_from_slice(&portid.to_ne_bytes());
            b.extend_from_slice(&[0; 8]);
            b.extend_from_slice(&ino.to_ne_bytes());
            b.extend_from_slice(&[0; 8]);
            msg(SOCK_DIAG_BY_FAMILY, 1, &b)
        };
        let mut dump = nl(0, 1234, 5);
        dump.extend(nl(4, 99, 6));
        dump.extend(nl(30, 1, 7));
        dump.extend(nl(22, 1, 8));
        assert_eq!(
            text(Query::Netlink, 5, &dump, "NETLINK"),
            "NETLINK:[ROUTE:1234]"
        );
        assert_eq!(
            text(Query::Netlink, 6, &dump, "NETLINK"),
            "NETLINK:[SOCK_DIAG:99]"
        );
        assert_eq!(text(Query::Netlink, 7, &dump, "NETLINK"), "NETLINK:[30]");
        assert_eq!(text(Query::Netlink, 8, &dump, "NETLINK"), "NETLINK:[SMC:1]");
    }

    #[test]
    fn ipv6_text_as_glibc_writes_it() {
        let a = |w: [u16; 8]| {
            let mut b = [0u8; 16];
            for (i, g) in w.iter().enumerate() {
                b[2 * i..2 * i + 2].copy_from_slice(&g.to_be_bytes());
            }
            ntop6(&b)
        };
        assert_eq!(a([0; 8]), "::");
        assert_eq!(a([0, 0, 0, 0, 0, 0, 0, 1]), "::1");
        assert_eq!(a([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]), "::ffff:127.0.0.1");
        assert_eq!(a([0, 0, 0, 0, 0, 0, 0x7f00, 1]), "::127.0.0.1");
        assert_eq!(a([0xfe80, 0, 0, 0, 1, 0, 0, 2]), "fe80::1:0:0:2");
        assert_eq!(a([1, 0, 2, 0, 0, 3, 0, 0]), "1:0:2::3:0:0");
        assert_eq!(a([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), "2001:db8:0:1:1:1:1:1");
        assert_eq!(a([1, 2, 3, 4, 5, 6, 7, 0]), "1:2:3:4:5:6:7:0");
    }

    #[test]
    fn protocols_of_new_sockets() {
        let (un, i4, i6, nl) = (1, 2, 10, 16);
        assert_eq!(proto_of_socket(un, 1 | 0o2000000, 0), Some("UNIX-STREAM"));
        assert_eq!(proto_of_socket(un, 5, 0), Some("UNIX"));
        assert_eq!(proto_of_socket(i4, 1, 0), Some("TCP"));
        assert_eq!(proto_of_socket(i6, 2 | 0o4000, 17), Some("UDPv6"));
        assert_eq!(proto_of_socket(i4, 2, 136), None, "the kernel's UDP-Lite");
        assert_eq!(proto_of_socket(i4, 3, 1), Some("RAW"));
        assert_eq!(proto_of_socket(nl, 3, 4), Some("NETLINK"));
        assert_eq!(proto_of_socket(17, 3, 0), None);
        assert_eq!(query_of("UNIX-STREAM"), Some(Query::Unix));
        assert_eq!(query_of("PACKET"), None);
    }
}
