//! `struct sockaddr` → [`Value`], as strace prints it: `{sa_family=AF_INET, sin_port=htons(80),
//! sin_addr=inet_addr("127.0.0.1")}`. Pure: the caller passes the bytes the tracee's address
//! holds (as many as its length says, at most [`STORAGE`]); [`decode_at`] adds strace's rules for
//! the pointer and the length around them.
//!
//! Families strace 6.1 decodes and this module doesn't yet (AF_BLUETOOTH, AF_VSOCK, AF_AX25…)
//! print as strace prints an unknown family: their bytes as `sa_data`.
use std::borrow::Cow;

use super::Value;
use crate::table::xlat::{ADDRESS_FAMILIES, ARP_HARDWARE_TYPES, ETHERNET_PROTOCOLS, PACKET_TYPES};

/// `sizeof(struct sockaddr_storage)`: strace reads no more of an address.
pub const STORAGE: usize = 128;

const AF_UNIX: u16 = libc::AF_UNIX as u16;
const AF_INET: u16 = libc::AF_INET as u16;
const AF_INET6: u16 = libc::AF_INET6 as u16;
const AF_NETLINK: u16 = libc::AF_NETLINK as u16;
const AF_PACKET: u16 = libc::AF_PACKET as u16;
/// `sizeof(struct sockaddr_ll)`.
const SLL_LEN: usize = 20;

/// `sizeof(struct sockaddr_un)`.
const SUN_LEN: usize = 110;
/// `offsetof(struct sockaddr_in6, sin6_scope_id)`: shorter IPv6 addresses are not decoded,
/// longer ones show the scope.
const SIN6_MIN_LEN: usize = 24;

/// The address at `ptr`, `addrlen` bytes long as the tracee says, of which `bytes` were copied
/// (`None`: unreadable). strace prints the pointer when the length is below 2 or the memory
/// can't be read, and reads at most [`STORAGE`] bytes.
pub fn decode_at<'a>(ptr: u64, addrlen: i64, bytes: Option<&'a [u8]>) -> Value<'a> {
    if addrlen < 2 || ptr == 0 {
        return Value::Ptr(ptr);
    }
    let want = (addrlen as u64).min(STORAGE as u64) as usize;
    match bytes.and_then(|b| b.get(..want)) {
        Some(b) => decode(b),
        None => Value::Ptr(ptr),
    }
}

/// Decodes an address of `bytes.len()` bytes (the length the tracee or kernel gave, at most
/// [`STORAGE`]; more are ignored). Bytes past the length read as zero, as in strace.
pub fn decode(bytes: &[u8]) -> Value<'static> {
    let len = bytes.len().min(STORAGE);
    // strace's buffer: the address, then zeros (one more byte than sockaddr_storage).
    let mut b = [0u8; STORAGE + 1];
    b[..len].copy_from_slice(&bytes[..len]);
    let family = u16::from_ne_bytes([b[0], b[1]]);
    let mut fields = vec![(
        "sa_family",
        Value::Val(u64::from(family), &ADDRESS_FAMILIES),
    )];
    if len > 2 {
        match family {
            AF_UNIX if len > 2 => unix(&b, len, &mut fields),
            AF_INET if len >= 16 => inet(&b, &mut fields),
            AF_INET6 if len >= SIN6_MIN_LEN => inet6(&b, len, &mut fields),
            AF_NETLINK if len >= 12 => netlink(&b, &mut fields),
            AF_PACKET if len >= SLL_LEN => packet(&b, len, &mut fields),
            _ => fields.push(("sa_data", quoted(&b[2..len], false, ""))),
        }
    }
    Value::Struct {
        fields,
        more: false,
    }
}

fn quoted(bytes: &[u8], nul: bool, prefix: &'static str) -> Value<'static> {
    Value::Quoted {
        bytes: Cow::Owned(bytes.to_vec()),
        nul,
        prefix,
    }
}

type Fields = Vec<(&'static str, Value<'static>)>;

fn be16(b: &[u8], off: usize) -> u16 {
    u16::from_be_bytes([b[off], b[off + 1]])
}

fn ne32(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}

/// `htons(PORT)`.
fn port(b: &[u8], off: usize) -> Value<'static> {
    Value::Call("htons", vec![Value::Uint(u64::from(be16(b, off)))])
}

/// `sun_path="/path"`, or `sun_path=@"name"` for the abstract namespace (every byte counts
/// there, NULs too).
fn unix(b: &[u8; STORAGE + 1], len: usize, fields: &mut Fields) {
    let path_len = len.min(SUN_LEN) - 2;
    let path = &b[2..2 + path_len + 1];
    let v = if path[0] != 0 {
        quoted(path, true, "")
    } else {
        quoted(&path[1..path_len], false, "@")
    };
    fields.push(("sun_path", v));
}

fn inet(b: &[u8; STORAGE + 1], fields: &mut Fields) {
    fields.push(("sin_port", port(b, 2)));
    let text = ipv4_text(&b[4..8]);
    fields.push((
        "sin_addr",
        Value::Call("inet_addr", vec![quoted(text.as_bytes(), true, "")]),
    ));
}

fn inet6(b: &[u8; STORAGE + 1], len: usize, fields: &mut Fields) {
    fields.push(("sin6_port", port(b, 2)));
    fields.push((
        "sin6_flowinfo",
        Value::Call(
            "htonl",
            vec![Value::Uint(u64::from(u32::from_be_bytes([
                b[4], b[5], b[6], b[7],
            ])))],
        ),
    ));
    let mut addr = [0u8; 16];
    addr.copy_from_slice(&b[8..24]);
    fields.push((
        "",
        Value::Call(
            "inet_pton",
            vec![
                Value::Val(libc::AF_INET6 as u64, &crate::table::xlat::ADDRESS_FAMILIES),
                quoted(ipv6_text(&addr).as_bytes(), true, ""),
                Value::Word("&sin6_addr"),
            ],
        ),
    ));
    if len > SIN6_MIN_LEN {
        let scope = ne32(b, 24);
        let link_local = addr[0] == 0xfe && addr[1] & 0xc0 == 0x80;
        let mc_link_local = addr[0] == 0xff && addr[1] & 0x0f == 0x02;
        fields.push((
            "sin6_scope_id",
            if link_local || mc_link_local {
                Value::IfIndex(scope)
            } else {
                Value::Uint(u64::from(scope))
            },
        ));
    }
}

fn netlink(b: &[u8; STORAGE + 1], fields: &mut Fields) {
    let pad = u16::from_ne_bytes([b[2], b[3]]);
    if pad != 0 {
        fields.push(("nl_pad", Value::Hex(u64::from(pad))));
    }
    // strace prints the port id as a signed int (kernel-assigned ids are often negative).
    fields.push(("nl_pid", Value::Int(i64::from(ne32(b, 4) as i32))));
    let groups = ne32(b, 8);
    // C's `%#08x`: zero has no `0x`.
    fields.push(("nl_groups", Value::HexPad(groups.into(), 8)));
}

/// `struct sockaddr_ll`: protocol, interface, hardware type, packet type and address.
fn packet(b: &[u8; STORAGE + 1], len: usize, fields: &mut Fields) {
    fields.push((
        "sll_protocol",
        Value::Call(
            "htons",
            vec![Value::Val(u64::from(be16(b, 2)), &ETHERNET_PROTOCOLS)],
        ),
    ));
    fields.push(("sll_ifindex", Value::IfIndex(ne32(b, 4))));
    fields.push((
        "sll_hatype",
        Value::Val(
            u64::from(u16::from_ne_bytes([b[8], b[9]])),
            &ARP_HARDWARE_TYPES,
        ),
    ));
    fields.push(("sll_pkttype", Value::Val(u64::from(b[10]), &PACKET_TYPES)));
    let halen = usize::from(b[11]);
    fields.push(("sll_halen", Value::Uint(halen as u64)));
    if halen > 0 {
        // Bytes past the address's length are strace's `...`.
        let in_bounds = len.saturating_sub(12);
        let mut items = Vec::new();
        for i in 0..halen {
            if i >= in_bounds {
                items.push(Value::Word("..."));
                break;
            }
            let byte = b.get(12 + i).copied().unwrap_or(0);
            // C's `%#02x`: zero has no `0x`.
            items.push(Value::HexPad(byte.into(), 2));
        }
        fields.push(("sll_addr", Value::array(items)));
    }
}

/// Dotted quad, as inet_ntop writes it.
pub fn ipv4_text(a: &[u8]) -> String {
    match a {
        [x, y, z, w, ..] => format!("{x}.{y}.{z}.{w}"),
        _ => String::new(),
    }
}

/// An IPv6 address as the C library's inet_ntop writes it: the first longest run of two or more
/// zero groups as `::`, and an IPv4 tail for `::a.b.c.d` and `::ffff:a.b.c.d`.
pub fn ipv6_text(a: &[u8; 16]) -> String {
    let words: [u16; 8] = std::array::from_fn(|i| u16::from_be_bytes([a[2 * i], a[2 * i + 1]]));
    // The first longest run of zeros, if at least two long.
    // (start, length) of runs of zero groups.
    type Run = Option<(usize, usize)>;
    let (mut best, mut cur): (Run, Run) = (None, None);
    for (i, &w) in words.iter().enumerate() {
        if w == 0 {
            cur = Some(cur.map_or((i, 1), |(b, l)| (b, l + 1)));
        } else {
            cur = None;
        }
        if let Some((_, l)) = cur
            && best.is_none_or(|(_, bl)| l > bl)
        {
            best = cur;
        }
    }
    let best = best.filter(|&(_, l)| l >= 2);
    let mut out = String::with_capacity(40);
    let mut i = 0;
    while i < 8 {
        if let Some((base, l)) = best
            && i >= base
            && i < base + l
        {
            if i == base {
                out.push(':');
            }
            i += 1;
            continue;
        }
        if i != 0 {
            out.push(':');
        }
        if i == 6
            && let Some((0, l)) = best
            && (l == 6 || (l == 5 && words[5] == 0xffff))
        {
            out.push_str(&ipv4_text(&a[12..16]));
            return out;
        }
        out.push_str(&format!("{:x}", words[i]));
        i += 1;
    }
    if let Some((base, l)) = best
        && base + l == 8
    {
        out.push(':');
    }
    out
}

#[cfg(test)]
mod tests {
    //! Expected lines were printed by strace 6.1 for Python's socket calls on loopback
    //! (`strace -e trace=%network python3 …`); addresses were captured with the same calls.
    use super::*;
    use crate::format::quote::{HexMode, QuoteOpts};
    use crate::format::text::value_text;

    fn text(v: &Value<'_>) -> String {
        value_text(v, QuoteOpts::default())
    }

    fn sin(port: u16, addr: [u8; 4]) -> Vec<u8> {
        let mut b = vec![0u8; 16];
        b[..2].copy_from_slice(&(libc::AF_INET as u16).to_ne_bytes());
        b[2..4].copy_from_slice(&port.to_be_bytes());
        b[4..8].copy_from_slice(&addr);
        b
    }

    #[test]
    fn inet() {
        assert_eq!(
            text(&decode(&sin(8080, [127, 0, 0, 1]))),
            r#"{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}"#
        );
        // Too short for sockaddr_in: the bytes.
        assert_eq!(
            text(&decode(&sin(1, [0, 0, 0, 0])[..8])),
            r#"{sa_family=AF_INET, sa_data="\0\1\0\0\0\0"}"#
        );
    }

    #[test]
    fn inet6() {
        let mut b = vec![0u8; 28];
        b[..2].copy_from_slice(&(libc::AF_INET6 as u16).to_ne_bytes());
        b[2..4].copy_from_slice(&51873u16.to_be_bytes());
        b[23] = 1;
        assert_eq!(
            text(&decode(&b)),
            r#"{sa_family=AF_INET6, sin6_port=htons(51873), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}"#
        );
        // Without the scope id.
        assert_eq!(
            text(&decode(&b[..24])),
            r#"{sa_family=AF_INET6, sin6_port=htons(51873), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr)}"#
        );
    }

    #[test]
    fn ipv6_texts_as_inet_ntop() {
        // python3 -c 'import socket; print(socket.inet_ntop(socket.AF_INET6, bytes.fromhex(H)))'
        let cases: &[(&str, &str)] = &[
            ("00000000000000000000000000000000", "::"),
            ("00000000000000000000000000000001", "::1"),
            ("00000000000000000000ffff7f000001", "::ffff:127.0.0.1"),
            ("00000000000000000000000001020304", "::1.2.3.4"),
            ("fe800000000000000000000000000001", "fe80::1"),
            ("00010000000000010000000000000001", "1:0:0:1::1"),
            ("00010000000000020000000000030004", "1::2:0:0:3:4"),
            ("20010db8000100000000000000000000", "2001:db8:1::"),
            ("20010db8000000010000000100000001", "2001:db8:0:1:0:1:0:1"),
        ];
        for (hex, want) in cases {
            let v: Vec<u8> = (0..32)
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            let a: [u8; 16] = v.try_into().unwrap();
            assert_eq!(ipv6_text(&a), *want, "{hex}");
        }
    }

    fn sun(path: &[u8]) -> Vec<u8> {
        let mut b = (libc::AF_UNIX as u16).to_ne_bytes().to_vec();
        b.extend_from_slice(path);
        b
    }

    #[test]
    fn unix() {
        // bind(8, {sa_family=AF_UNIX, sun_path="/tmp/net/sock"}, 16)
        assert_eq!(
            text(&decode(&sun(b"/tmp/net/sock\0"))),
            r#"{sa_family=AF_UNIX, sun_path="/tmp/net/sock"}"#
        );
        // An unnamed socket: accept4(8, {sa_family=AF_UNIX}, [110 => 2], SOCK_CLOEXEC)
        assert_eq!(text(&decode(&sun(b""))), "{sa_family=AF_UNIX}");
        // Abstract: bind(4, {sa_family=AF_UNIX, sun_path=@"abs\1x\0y"}, 10)
        assert_eq!(
            text(&decode(&sun(b"\0abs\x01x\0y"))),
            r#"{sa_family=AF_UNIX, sun_path=@"abs\1x\0y"}"#
        );
        let xx = QuoteOpts {
            hex: HexMode::All,
            ..QuoteOpts::default()
        };
        assert_eq!(
            value_text(&decode(&sun(b"\0abs\x01x\0y")), xx),
            r#"{sa_family=AF_UNIX, sun_path=@"\x61\x62\x73\x01\x78\x00\x79"}"#
        );
        // Not cut at -s.
        let long = [b'a'; 100];
        let short = QuoteOpts {
            max: 4,
            ..QuoteOpts::default()
        };
        let s = value_text(&decode(&sun(&long)), short);
        assert!(s.contains(&"a".repeat(100)), "{s}");
    }

    #[test]
    fn netlink() {
        let mut b = vec![0u8; 12];
        b[..2].copy_from_slice(&(libc::AF_NETLINK as u16).to_ne_bytes());
        assert_eq!(
            text(&decode(&b)),
            "{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}"
        );
        // Python leaves garbage in nl_pad: bind(15, {sa_family=AF_NETLINK, nl_pad=0xdaf4, nl_pid=0, nl_groups=00000000}, 12)
        b[2..4].copy_from_slice(&0xdaf4u16.to_ne_bytes());
        b[4..8].copy_from_slice(&28996u32.to_ne_bytes());
        b[8..12].copy_from_slice(&1u32.to_ne_bytes());
        assert_eq!(
            text(&decode(&b)),
            "{sa_family=AF_NETLINK, nl_pad=0xdaf4, nl_pid=28996, nl_groups=0x000001}"
        );
        // getsockname(4, {sa_family=AF_NETLINK, nl_pid=-1889419307, nl_groups=00000000}, [12])
        b[2..4].copy_from_slice(&0u16.to_ne_bytes());
        b[4..8].copy_from_slice(&(-1_889_419_307i32).to_ne_bytes());
        b[8..12].copy_from_slice(&0u32.to_ne_bytes());
        assert_eq!(
            text(&decode(&b)),
            "{sa_family=AF_NETLINK, nl_pid=-1889419307, nl_groups=00000000}"
        );
    }

    #[test]
    fn packet() {
        // python3: socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)).bind(("lo", 0)), getsockname
        let mut b = vec![0u8; 20];
        b[..2].copy_from_slice(&(libc::AF_PACKET as u16).to_ne_bytes());
        b[2..4].copy_from_slice(&3u16.to_be_bytes());
        b[4..8].copy_from_slice(&999_999u32.to_ne_bytes());
        b[8..10].copy_from_slice(&772u16.to_ne_bytes());
        b[11] = 6;
        b[12] = 0x12;
        assert_eq!(
            text(&decode(&b)),
            "{sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=999999, \
             sll_hatype=ARPHRD_LOOPBACK, sll_pkttype=PACKET_HOST, sll_halen=6, \
             sll_addr=[0x12, 00, 00, 00, 00, 00]}"
        );
    }

    #[test]
    fn unspec_and_unknown_families() {
        assert_eq!(
            text(&decode(&[0u8; 16])),
            r#"{sa_family=AF_UNSPEC, sa_data="\0\0\0\0\0\0\0\0\0\0\0\0\0\0"}"#
        );
        assert_eq!(
            text(&decode(&[200, 0, b'a', b'b'])),
            r#"{sa_family=0xc8 /* AF_??? */, sa_data="ab"}"#
        );
        assert_eq!(text(&decode(&[2, 0])), "{sa_family=AF_INET}");
    }

    #[test]
    fn pointer_rules() {
        let b = sin(80, [10, 0, 0, 1]);
        assert_eq!(decode_at(0x1000, 1, Some(&b)), Value::Ptr(0x1000));
        assert_eq!(decode_at(0, 16, None), Value::Ptr(0));
        assert_eq!(decode_at(0x1000, 16, None), Value::Ptr(0x1000));
        // A copy shorter than the length: unreadable.
        assert_eq!(decode_at(0x1000, 16, Some(&b[..8])), Value::Ptr(0x1000));
        // Longer than sockaddr_storage: strace reads 128 bytes.
        let mut big = b.clone();
        big.resize(STORAGE, 0);
        assert_eq!(
            decode_at(0x1000, 1000, Some(&big)),
            decode(&b[..16]).clone()
        );
    }
}
