//! Arrays the kernel copied element by element (layouts: `tracer_common::array`): execve's argv
//! and envp, iovec arrays (readv, writev, …) and msghdrs (sendmsg, recvmsg). Pure: bytes →
//! [`Value`]; anything short or garbled prints as the address, as strace prints memory it
//! cannot read.
use tracer_common::array;

use super::Value;
use crate::table::xlat::MSG_FLAGS;
use crate::wire::Captured;

/// Little-endian reader over captured bytes; every read is checked.
struct Rd<'a> {
    b: &'a [u8],
    off: usize,
}

impl<'a> Rd<'a> {
    fn new(b: &'a [u8]) -> Self {
        Rd { b, off: 0 }
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.off..self.off.checked_add(n)?)?;
        self.off += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }
    /// An array head: element count and flags.
    fn head(&mut self) -> Option<(u32, u32)> {
        Some((self.u32()?, self.u32()?))
    }
}

/// The captured bytes, if the capture succeeded and the pointer is not NULL.
fn bytes_of<'a>(cap: Option<Captured<'a>>, ptr: u64) -> Option<&'a [u8]> {
    match cap {
        Some(Captured::Bytes(b)) if ptr != 0 => Some(b),
        _ => None,
    }
}

/// A NULL-terminated array of strings (argv; envp with `-v`): `["a", "b", ...]`. envp without
/// `-v` is only counted: `0x7ffc… /* 3 vars */`.
pub fn strings<'a>(cap: Option<Captured<'a>>, ptr: u64) -> Value<'a> {
    bytes_of(cap, ptr)
        .and_then(|b| parse_strings(b, ptr))
        .unwrap_or(Value::Ptr(ptr))
}

fn parse_strings(b: &[u8], ptr: u64) -> Option<Value<'_>> {
    let mut r = Rd::new(b);
    let (count, flags) = r.head()?;
    if flags & array::COUNT_ONLY != 0 {
        let unterminated = if flags & array::UNTERMINATED != 0 {
            ", unterminated"
        } else {
            ""
        };
        let mut note = vec![Value::Count {
            n: count.into(),
            one: "var",
            many: "vars",
        }];
        if !unterminated.is_empty() {
            note.push(Value::Word(unterminated));
        }
        return Some(Value::Comment(
            Box::new(Value::Hex(ptr)),
            Box::new(Value::Seq(note)),
        ));
    }
    let mut items = Vec::with_capacity(count.min(1024) as usize);
    for _ in 0..count {
        let w = r.u32()?;
        let len = (w & 0xffff) as usize;
        let status = (w >> 16) as u8;
        let bytes = r.bytes(len)?;
        items.push(match status {
            array::ELEM_FAULT => Value::Ptr(u64::from_le_bytes(bytes.try_into().ok()?)),
            _ => Value::Str {
                bytes,
                truncated: status == array::ELEM_TRUNC,
                path: false,
            },
        });
    }
    Some(array_end(items, flags, ptr, count, 8))
}

/// The array's elements and its end: `...` when `-s` cut it; where reading stopped when it
/// became unreadable (`... /* 0x7f… */`, the address of the element that could not be read).
fn array_end(mut items: Vec<Value<'_>>, flags: u32, ptr: u64, count: u32, size: u64) -> Value<'_> {
    if flags & array::UNTERMINATED != 0 {
        let at = ptr.wrapping_add(u64::from(count).wrapping_mul(size));
        items.push(Value::Comment(
            Box::new(Value::Word("...")),
            Box::new(Value::Hex(at)),
        ));
        return Value::Array { items, more: false };
    }
    Value::Array {
        items,
        more: flags & array::MORE != 0,
    }
}

/// An iovec array: `[{iov_base="…", iov_len=5}, …]`.
pub fn iovecs<'a>(cap: Option<Captured<'a>>, ptr: u64) -> Value<'a> {
    bytes_of(cap, ptr)
        .and_then(|b| parse_iovecs(&mut Rd::new(b), ptr, false))
        .unwrap_or(Value::Ptr(ptr))
}

/// An iovec array in another process: `[{iov_base=0x7f…, iov_len=12}]`.
pub fn iovec_addrs<'a>(cap: Option<Captured<'a>>, ptr: u64) -> Value<'a> {
    bytes_of(cap, ptr)
        .and_then(|b| parse_iovecs(&mut Rd::new(b), ptr, true))
        .unwrap_or(Value::Ptr(ptr))
}

fn parse_iovecs<'a>(r: &mut Rd<'a>, ptr: u64, addrs_only: bool) -> Option<Value<'a>> {
    let (count, flags) = r.head()?;
    if flags & array::FAULT != 0 {
        return Some(Value::Ptr(ptr));
    }
    let mut items = Vec::with_capacity(count.min(1024) as usize);
    for _ in 0..count {
        let base = r.u64()?;
        let len = r.u64()?;
        let avail = r.u64()?;
        let w = r.u32()?;
        r.bytes(array::IOV_HEAD_SIZE - 28)?;
        let got = (w & 0xff_ffff) as usize;
        let status = (w >> 24) as u8;
        let data = r.bytes(got)?;
        let iov_base = if base != 0 && status == array::ELEM_OK && !addrs_only {
            Value::Buf {
                bytes: data,
                len: avail,
                hex: false,
            }
        } else {
            Value::Ptr(base)
        };
        items.push(Value::Struct {
            fields: vec![("iov_base", iov_base), ("iov_len", Value::Uint(len))],
            more: false,
        });
    }
    Some(array_end(items, flags, ptr, count, 16))
}

/// A `struct msghdr`: `{msg_name=NULL, msg_namelen=0, msg_iov=[…], msg_iovlen=1,
/// msg_controllen=0, msg_flags=0}`. `enter` is the start of the msghdr as the call got it
/// (recvmsg: `msg_namelen=64 => 0` when the kernel changed it); `failed` prints only that, as
/// strace prints a recvmsg that failed.
pub fn msghdr<'a>(
    cap: Option<Captured<'a>>,
    enter: Option<Captured<'a>>,
    ptr: u64,
    failed: bool,
) -> Value<'a> {
    let namelen_in = bytes_of(enter, ptr)
        .and_then(|b| b.get(8..12))
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes);
    if failed {
        return match namelen_in {
            Some(n) => Value::Struct {
                fields: vec![("msg_namelen", Value::Uint(n.into()))],
                more: false,
            },
            None => Value::Ptr(ptr),
        };
    }
    bytes_of(cap, ptr)
        .and_then(|b| parse_msghdr(b, namelen_in))
        .unwrap_or(Value::Ptr(ptr))
}

/// sendmmsg's and recvmmsg's messages: `[{msg_hdr={…}, msg_len=5}, …]`. `msg_len` shows for
/// the messages the call handled (the return value); recvmmsg shows only those, and nothing
/// but the address when it failed. `enter` is recvmmsg's copy at entry (each `msg_namelen`
/// as passed in).
pub fn mmsghdrs<'a>(
    cap: Option<Captured<'a>>,
    enter: Option<Captured<'a>>,
    ptr: u64,
    ret: i64,
    recv: bool,
) -> Value<'a> {
    if recv && ret < 0 {
        return Value::Ptr(ptr);
    }
    let Some((msgs, more)) = bytes_of(cap, ptr).and_then(parse_mmsg) else {
        return Value::Ptr(ptr);
    };
    let given = enter
        .and_then(|c| bytes_of(Some(c), ptr))
        .and_then(parse_mmsg)
        .map(|(m, _)| m)
        .unwrap_or_default();
    let done = usize::try_from(ret.max(0)).unwrap_or(usize::MAX);
    let items = msgs
        .iter()
        .enumerate()
        .map(|(i, &(len, body))| {
            let namelen_in = given
                .get(i)
                .and_then(|(_, b)| b.get(8..12))
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes);
            let addr = ptr.wrapping_add((array::MMSGHDR_SIZE * i) as u64);
            let hdr = parse_msghdr(body, namelen_in).unwrap_or(Value::Ptr(addr));
            let mut fields = vec![("msg_hdr", hdr)];
            if i < done {
                fields.push(("msg_len", Value::Uint(len.into())));
            }
            Value::Struct {
                fields,
                more: false,
            }
        })
        .collect();
    Value::Array { items, more }
}

/// One message of an `Mmsghdr` capture: `msg_len` and the msghdr's capture bytes.
type Mmsg<'a> = (u32, &'a [u8]);

/// The messages of an `Mmsghdr` capture (the bytes empty when the msghdr could not be read)
/// and whether more were left out.
fn parse_mmsg(b: &[u8]) -> Option<(Vec<Mmsg<'_>>, bool)> {
    let mut r = Rd::new(b);
    let (count, flags) = r.head()?;
    let mut msgs = Vec::with_capacity(count.min(array::MMSG_MAX) as usize);
    for _ in 0..count {
        let len = r.u32()?;
        let got = r.u32()? as usize;
        msgs.push((len, r.bytes(got)?));
    }
    Some((msgs, flags & array::MORE != 0))
}

fn parse_msghdr(b: &[u8], namelen_in: Option<u32>) -> Option<Value<'_>> {
    let mut r = Rd::new(b);
    let name = r.u64()?;
    let namelen = r.u64()? as u32;
    let iov = r.u64()?;
    let iovlen = r.u64()?;
    let control = r.u64()?;
    let controllen = r.u64()?;
    let flags = r.u64()? as u32;
    let name_got = r.u32()? as usize;
    let name_status = r.u32()?;
    let name_bytes = r.bytes(name_got)?;
    let msg_name = if name_status == u32::from(array::ELEM_OK) {
        super::sockaddr::decode_at(name, namelen.into(), Some(name_bytes))
    } else {
        Value::Ptr(name)
    };
    let msg_iov = parse_iovecs(&mut r, iov, false)?;
    let namelen_v = match namelen_in {
        Some(n) if n != namelen => Value::Changed(
            Box::new(Value::Uint(n.into())),
            Box::new(Value::Uint(namelen.into())),
        ),
        _ => Value::Uint(namelen.into()),
    };
    let mut fields = vec![
        ("msg_name", msg_name),
        ("msg_namelen", namelen_v),
        ("msg_iov", if iov == 0 { Value::Ptr(0) } else { msg_iov }),
        ("msg_iovlen", Value::Uint(iovlen)),
    ];
    if controllen != 0 {
        // The copy after the iovecs: its length, status and bytes.
        let copied = (|| {
            let got = r.u32()? as usize;
            let status = r.u32()?;
            let bytes = r.bytes(got)?;
            (status == u32::from(array::ELEM_OK)).then_some(bytes)
        })();
        let v = copied
            .and_then(|b| super::cmsg::cmsgs(b, controllen, control))
            .unwrap_or(Value::Ptr(control));
        fields.push(("msg_control", v));
    }
    fields.push(("msg_controllen", Value::Uint(controllen)));
    fields.push(("msg_flags", Value::Flags(u64::from(flags), &MSG_FLAGS)));
    Some(Value::Struct {
        fields,
        more: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(count: u32, flags: u32) -> Vec<u8> {
        let mut v = count.to_le_bytes().to_vec();
        v.extend_from_slice(&flags.to_le_bytes());
        v
    }

    fn str_elem(v: &mut Vec<u8>, s: &[u8], status: u8) {
        v.extend_from_slice(&((s.len() as u32) | (status as u32) << 16).to_le_bytes());
        v.extend_from_slice(s);
    }

    fn iov_elem(v: &mut Vec<u8>, base: u64, len: u64, avail: u64, data: &[u8], status: u8) {
        for x in [base, len, avail] {
            v.extend_from_slice(&x.to_le_bytes());
        }
        v.extend_from_slice(&((data.len() as u32) | (status as u32) << 24).to_le_bytes());
        v.extend_from_slice(&[0; 4]);
        v.extend_from_slice(data);
    }

    fn s(b: &[u8]) -> Value<'_> {
        Value::Str {
            bytes: b,
            truncated: false,
            path: false,
        }
    }

    #[test]
    fn argv_strings_and_a_bad_pointer() {
        let mut b = head(3, 0);
        str_elem(&mut b, b"ls", array::ELEM_OK);
        str_elem(&mut b, &1u64.to_le_bytes(), array::ELEM_FAULT);
        str_elem(&mut b, b"abcdefgh", array::ELEM_TRUNC);
        let v = strings(Some(Captured::Bytes(&b)), 0x1000);
        assert_eq!(
            v,
            Value::Array {
                items: vec![
                    s(b"ls"),
                    Value::Ptr(1),
                    Value::Str {
                        bytes: b"abcdefgh",
                        truncated: true,
                        path: false
                    }
                ],
                more: false
            }
        );
    }

    #[test]
    fn argv_more_empty_null_and_unreadable() {
        let mut b = head(1, array::MORE);
        str_elem(&mut b, b"x", array::ELEM_OK);
        assert_eq!(
            strings(Some(Captured::Bytes(&b)), 0x10),
            Value::Array {
                items: vec![s(b"x")],
                more: true
            }
        );
        let b = head(0, 0);
        assert_eq!(
            strings(Some(Captured::Bytes(&b)), 0x10),
            Value::Array {
                items: vec![],
                more: false
            }
        );
        assert_eq!(strings(Some(Captured::Fault), 0), Value::Ptr(0));
        assert_eq!(strings(Some(Captured::Fault), 8), Value::Ptr(8));
        assert_eq!(strings(None, 8), Value::Ptr(8));
    }

    #[test]
    fn env_count() {
        let b = head(35, array::COUNT_ONLY);
        assert_eq!(
            crate::format::text::value_text(
                &strings(Some(Captured::Bytes(&b)), 0x7ffc_0000_1000),
                Default::default()
            ),
            "0x7ffc00001000 /* 35 vars */"
        );
        let b = head(1, array::COUNT_ONLY);
        assert_eq!(
            crate::format::text::value_text(
                &strings(Some(Captured::Bytes(&b)), 0x10),
                Default::default()
            ),
            "0x10 /* 1 var */"
        );
    }

    #[test]
    fn unreadable_in_the_middle() {
        let mut b = head(2, array::UNTERMINATED);
        str_elem(&mut b, b"a", array::ELEM_OK);
        str_elem(&mut b, b"b", array::ELEM_OK);
        assert_eq!(
            strings(Some(Captured::Bytes(&b)), 0x1000),
            Value::Array {
                items: vec![
                    s(b"a"),
                    s(b"b"),
                    Value::Comment(Box::new(Value::Word("...")), Box::new(Value::Hex(0x1010)))
                ],
                more: false
            }
        );
        let b = head(2, array::COUNT_ONLY | array::UNTERMINATED);
        assert_eq!(
            crate::format::text::value_text(
                &strings(Some(Captured::Bytes(&b)), 0x1000),
                Default::default()
            ),
            "0x1000 /* 2 vars, unterminated */"
        );
        let mut b = head(1, array::UNTERMINATED);
        iov_elem(&mut b, 0x100, 0, 0, b"", array::ELEM_OK);
        let Value::Array { items, more } = iovecs(Some(Captured::Bytes(&b)), 0x2000) else {
            panic!()
        };
        assert!(!more);
        assert_eq!(
            items[1],
            Value::Comment(Box::new(Value::Word("...")), Box::new(Value::Hex(0x2010)))
        );
    }

    #[test]
    fn truncated_records_print_the_address() {
        let mut b = head(2, 0);
        str_elem(&mut b, b"ok", array::ELEM_OK);
        for n in 0..b.len() {
            assert_eq!(
                strings(Some(Captured::Bytes(&b[..n])), 0x20),
                Value::Ptr(0x20)
            );
        }
        let mut b = head(1, 0);
        iov_elem(&mut b, 0x100, 5, 5, b"hello", array::ELEM_OK);
        for n in 0..b.len() {
            assert_eq!(
                iovecs(Some(Captured::Bytes(&b[..n])), 0x30),
                Value::Ptr(0x30)
            );
        }
        // A length that claims more than the record holds.
        let mut b = head(1, 0);
        b.extend_from_slice(&[0xff; 32]);
        assert_eq!(iovecs(Some(Captured::Bytes(&b)), 0x30), Value::Ptr(0x30));
    }

    fn iov<'a>(base: Value<'a>, len: u64) -> Value<'a> {
        Value::Struct {
            fields: vec![("iov_base", base), ("iov_len", Value::Uint(len))],
            more: false,
        }
    }

    #[test]
    fn iovecs_with_data_nulls_and_failed_reads() {
        let mut b = head(4, array::MORE);
        iov_elem(&mut b, 0x100, 100, 42, b"efgh", array::ELEM_OK);
        iov_elem(&mut b, 0, 0, 0, b"", array::ELEM_OK);
        iov_elem(&mut b, 0x8, 3, 3, b"", array::ELEM_FAULT);
        iov_elem(&mut b, 0x200, 4, 0, b"", array::ELEM_NONE);
        assert_eq!(
            iovecs(Some(Captured::Bytes(&b)), 0x50),
            Value::Array {
                items: vec![
                    iov(
                        Value::Buf {
                            bytes: b"efgh",
                            len: 42,
                            hex: false
                        },
                        100
                    ),
                    iov(Value::Ptr(0), 0),
                    iov(Value::Ptr(8), 3),
                    iov(Value::Ptr(0x200), 4),
                ],
                more: true
            }
        );
    }

    #[test]
    fn remote_iovecs_are_addresses() {
        let mut b = head(1, 0);
        iov_elem(&mut b, 0x100, 12, 12, b"", array::ELEM_OK);
        assert_eq!(
            iovec_addrs(Some(Captured::Bytes(&b)), 0x50),
            Value::Array {
                items: vec![iov(Value::Ptr(0x100), 12)],
                more: false
            }
        );
    }

    fn msg(name: u64, namelen: u32, iov: u64, iovlen: u64, controllen: u64, flags: u32) -> Vec<u8> {
        let mut b = Vec::new();
        for x in [
            name,
            namelen as u64,
            iov,
            iovlen,
            0x9000,
            controllen,
            flags as u64,
        ] {
            b.extend_from_slice(&x.to_le_bytes());
        }
        b
    }

    #[test]
    fn msghdr_fields_as_strace_names_them() {
        let mut b = msg(0x500, 16, 0x600, 1, 24, libc::MSG_TRUNC as u32);
        b.extend_from_slice(&4u32.to_le_bytes());
        b.extend_from_slice(&(array::ELEM_OK as u32).to_le_bytes());
        b.extend_from_slice(&[1, 0, 0, 0]);
        b.extend_from_slice(&head(1, 0));
        iov_elem(&mut b, 0x700, 1, 1, b"x", array::ELEM_OK);
        let mut enter = 0x500u64.to_le_bytes().to_vec();
        enter.extend_from_slice(&64u64.to_le_bytes());
        let v = msghdr(
            Some(Captured::Bytes(&b)),
            Some(Captured::Bytes(&enter)),
            0x400,
            false,
        );
        let Value::Struct { fields, more } = v else {
            panic!("{v:?}")
        };
        assert!(!more);
        let names: Vec<_> = fields.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "msg_name",
                "msg_namelen",
                "msg_iov",
                "msg_iovlen",
                "msg_control",
                "msg_controllen",
                "msg_flags"
            ]
        );
        assert_eq!(fields[0].1, Value::Ptr(0x500));
        assert_eq!(
            fields[1].1,
            Value::Changed(Box::new(Value::Uint(64)), Box::new(Value::Uint(16)))
        );
        assert_eq!(
            fields[2].1,
            Value::Array {
                items: vec![iov(
                    Value::Buf {
                        bytes: b"x",
                        len: 1,
                        hex: false
                    },
                    1
                )],
                more: false
            }
        );
        assert_eq!(fields[4].1, Value::Ptr(0x9000));
        assert_eq!(
            fields[6].1,
            Value::Flags(libc::MSG_TRUNC as u64, &MSG_FLAGS)
        );
        // A failed recvmsg shows msg_namelen as it went in.
        assert_eq!(
            msghdr(None, Some(Captured::Bytes(&enter)), 0x400, true),
            Value::Struct {
                fields: vec![("msg_namelen", Value::Uint(64))],
                more: false
            }
        );
        assert_eq!(msghdr(Some(Captured::Fault), None, 0, false), Value::Ptr(0));
    }

    #[test]
    fn msghdr_without_iov_or_control() {
        let mut b = msg(0, 0, 0, 0, 0, 0);
        b.extend_from_slice(&[0; 8]);
        b.extend_from_slice(&head(0, array::FAULT));
        let Value::Struct { fields, .. } = msghdr(Some(Captured::Bytes(&b)), None, 0x10, false)
        else {
            panic!()
        };
        assert_eq!(fields.len(), 6, "no msg_control when msg_controllen is 0");
        assert_eq!(fields[2].1, Value::Ptr(0));
    }

    /// One message of an `Mmsghdr` capture: `msg_len`, then its msghdr layout (no name, one
    /// iovec of `data`, no control messages).
    fn mmsg_elem(v: &mut Vec<u8>, msg_len: u32, namelen: u32, data: &[u8]) {
        let mut m = msg(0, namelen, 0x600, 1, 0, 0);
        m.extend_from_slice(&[0; 8]);
        m.extend_from_slice(&head(1, 0));
        iov_elem(&mut m, 0x700, 16, data.len() as u64, data, array::ELEM_OK);
        m.extend_from_slice(&[0; 8]);
        v.extend_from_slice(&msg_len.to_le_bytes());
        v.extend_from_slice(&(m.len() as u32).to_le_bytes());
        v.extend_from_slice(&m);
    }

    #[test]
    fn mmsghdrs_with_msg_len_for_the_messages_handled() {
        let mut b = head(2, array::MORE);
        mmsg_elem(&mut b, 2, 0, b"hi");
        mmsg_elem(&mut b, 0, 0, b"");
        let text = |v: &Value<'_>| crate::format::text::value_text(v, Default::default());
        // sendmmsg that sent one message of more than two: msg_len on the first only.
        let v = mmsghdrs(Some(Captured::Bytes(&b)), None, 0x400, 1, false);
        assert_eq!(
            text(&v),
            "[{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi\", iov_len=16}], \
             msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}, {msg_hdr={msg_name=NULL, \
             msg_namelen=0, msg_iov=[{iov_base=\"\", iov_len=16}], msg_iovlen=1, msg_controllen=0, \
             msg_flags=0}}, ...]"
        );
        // recvmmsg: msg_namelen as given at entry; a failed call is its address.
        let mut given = head(1, 0);
        mmsg_elem(&mut given, 0, 128, b"");
        let mut got = head(1, 0);
        mmsg_elem(&mut got, 2, 0, b"hi");
        let v = mmsghdrs(
            Some(Captured::Bytes(&got)),
            Some(Captured::Bytes(&given)),
            0x400,
            1,
            true,
        );
        assert!(text(&v).contains("msg_namelen=128 => 0"), "{}", text(&v));
        assert_eq!(
            mmsghdrs(Some(Captured::Bytes(&got)), None, 0x400, -11, true),
            Value::Ptr(0x400)
        );
    }
}
