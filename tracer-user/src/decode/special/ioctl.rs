//! ioctl: the request (position 1) and the argument it takes (2): terminal settings and
//! window sizes, ints, inode flags.
use tracer_common::when;

use super::{Cap, Special, arg, cap, copy_at, fixed};
use crate::decode::structs::{i32_at, u16_at, u32_at};
use crate::decode::{Value, int};
use crate::table::xlat::*;
use crate::wire::SyscallEvent;

/// The size of the kernel's `struct termios` (the largest struct an ioctl decoder reads).
const TERMIOS: u32 = 36;

#[derive(Debug)]
pub struct Ioctl;

pub static IOCTL: Ioctl = Ioctl;

impl Special for Ioctl {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        copy_at(pos, 2, fixed(2, when::EXIT, TERMIOS))
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let req = arg(ev, 1) as u32;
        let v = arg(ev, 2);
        if pos == 1 {
            return Some(request(req));
        }
        let ok = ev.ret >= 0;
        let b = cap(ev, 2);
        let int_at = |b: Option<&[u8]>| b.and_then(|b| i32_at(b, 0));
        let boxed_int = |b| match int_at(b) {
            Some(n) => Value::array(vec![Value::Int(n.into())]),
            None => Value::Ptr(v),
        };
        let inode_flags = |b| match int_at(b) {
            Some(n) => Value::array(vec![Value::Flags(u64::from(n as u32), &FS_INODE_FLAGS)]),
            None => Value::Ptr(v),
        };
        Some(match req {
            // FIONCLEX, FIOCLEX, TIOCNOTTY
            0x5450 | 0x5451 | 0x5422 => return None,
            // TCGETS (filled), TCSETS, TCSETSW, TCSETSF (given)
            0x5401..=0x5404 if ok || req != 0x5401 => b.and_then(termios).unwrap_or(Value::Ptr(v)),
            // TIOCGWINSZ (filled), TIOCSWINSZ (given)
            0x5413 | 0x5414 if ok || req == 0x5414 => b.and_then(winsize).unwrap_or(Value::Ptr(v)),
            // TIOCGPGRP, FIONREAD, TIOCGPTN (filled)
            0x540f | 0x541b | 0x8004_5430 if ok => boxed_int(b),
            // TIOCSPGRP, FIONBIO, FIOASYNC, TIOCSPTLCK (given)
            0x5410 | 0x5421 | 0x5452 | 0x4004_5431 => boxed_int(b),
            0x540e | 0x5409 | 0x540b => Value::Int(int(v)),
            // TIOCGPTPEER's open flags
            0x5441 => Value::Hex(v),
            // FS_IOC_GETFLAGS (filled), FS_IOC_SETFLAGS (given): an int of inode flags
            0x8008_6601 if ok => inode_flags(b),
            0x4008_6602 => inode_flags(b),
            // FICLONE's source descriptor
            0x4004_9409 => Value::Fd(int(v)),
            _ if IOCTL_REQUESTS.name(req.into()).is_some() => Value::Ptr(v),
            _ => Value::Hex(v),
        })
    }
}

/// An ioctl request: its name, or strace's `_IOC(_IOC_READ, 0x54, 0x99, 0x8)` for a number
/// it has no name for (`-X raw`: the number).
fn request(req: u32) -> Value<'static> {
    if IOCTL_REQUESTS.name(req.into()).is_some() {
        return Value::Val(req.into(), &IOCTL_REQUESTS);
    }
    let ioc = Value::Call(
        "_IOC",
        vec![
            Value::Flags(u64::from(req >> 30), &IOC_DIRS),
            Value::Hex(u64::from((req >> 8) & 0xff)),
            Value::Hex(u64::from(req & 0xff)),
            Value::Hex(u64::from((req >> 16) & 0x3fff)),
        ],
    );
    Value::Coded {
        raw: Box::new(Value::Hex(req.into())),
        sym: Box::new(ioc),
    }
}

/// `struct termios`: strace's abbreviated form has the four flag words, then `...`; with `-v`
/// also the line discipline and the control characters (`[VINTR]=0x3`, …).
pub(crate) fn termios<'a>(b: &[u8]) -> Option<Value<'a>> {
    const CC_NAMES: [&str; 17] = [
        "[VINTR]=",
        "[VQUIT]=",
        "[VERASE]=",
        "[VKILL]=",
        "[VEOF]=",
        "[VTIME]=",
        "[VMIN]=",
        "[VSWTC]=",
        "[VSTART]=",
        "[VSTOP]=",
        "[VSUSP]=",
        "[VEOL]=",
        "[VREPRINT]=",
        "[VDISCARD]=",
        "[VWERASE]=",
        "[VLNEXT]=",
        "[VEOL2]=",
    ];
    /// The kernel's NCCS.
    const NCCS: usize = 19;
    const CBAUD: u64 = 0o10017;
    const CIBAUD: u64 = 0o2003600000;
    const IBSHIFT: u32 = 16;
    const CSIZE: u64 = 0o60;
    let word = |off| u32_at(b, off).map(u64::from);
    let (i, o, c, l) = (word(0)?, word(4)?, word(8)?, word(12)?);
    let mut oflag = Vec::new();
    let mut rest = o;
    for (mask, names) in &TERM_ODELAYS {
        oflag.push(Value::Val(o & mask, names));
        rest &= !mask;
    }
    oflag.push(Value::Flags(rest, &TERM_OFLAGS));
    let mut cflag = vec![Value::Val(c & CBAUD, &BAUD_RATES)];
    if c & CIBAUD != 0 {
        cflag.push(Value::Seq(vec![
            Value::Val((c & CIBAUD) >> IBSHIFT, &BAUD_RATES),
            Value::Word("<<IBSHIFT"),
        ]));
    }
    cflag.push(Value::Val(c & CSIZE, &TERM_CSIZE));
    cflag.push(Value::Flags(c & !(CBAUD | CIBAUD | CSIZE), &TERM_CFLAGS));
    let flags = vec![
        ("c_iflag", Value::Flags(i, &TERM_IFLAGS)),
        ("c_oflag", Value::Or(oflag)),
        ("c_cflag", Value::Or(cflag)),
        ("c_lflag", Value::Flags(l, &TERM_LFLAGS)),
    ];
    let line = *b.get(16)?;
    let cc = b.get(17..17 + NCCS)?;
    let cc_items = cc
        .iter()
        .enumerate()
        .map(|(n, &c)| {
            let value = Value::Hex(c.into());
            match CC_NAMES.get(n) {
                Some(index) => Value::Seq(vec![Value::Word(index), value]),
                None => Value::Seq(vec![
                    Value::Word("["),
                    Value::Uint(n as u64),
                    Value::Word("]="),
                    value,
                ]),
            }
        })
        .collect();
    let mut full = flags.clone();
    full.push(("c_line", Value::Val(line.into(), &TERM_LINE_DISCS)));
    full.push((
        "c_cc",
        Value::Array {
            items: cc_items,
            more: false,
        },
    ));
    Some(Value::brief(
        Value::Struct {
            fields: flags,
            more: true,
        },
        Value::Struct {
            fields: full,
            more: false,
        },
    ))
}

/// `struct winsize`: `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`.
fn winsize<'a>(b: &[u8]) -> Option<Value<'a>> {
    let f = |off| u16_at(b, off).map(|v| Value::Uint(v.into()));
    Some(Value::Struct {
        fields: vec![
            ("ws_row", f(0)?),
            ("ws_col", f(2)?),
            ("ws_xpixel", f(4)?),
            ("ws_ypixel", f(6)?),
        ],
        more: false,
    })
}
