//! poll, ppoll, select, pselect6 and epoll_wait: descriptor sets and arrays, their timeouts,
//! and the ready descriptors after the return value.
use tracer_common::{CAPTURE_MAX, CaptureKind, array, when};

use super::{Cap, SIGSET_SIZE, Special, arg, cap, fixed, several_item};
use crate::decode::structs::{self, Struct, i32_at, u16_at};
use crate::decode::{RetNote, Value};
use crate::table::xlat::POLL_EVENTS;
use crate::wire::{Captured, SyscallEvent};

/// The size of one `struct pollfd`.
const POLLFD: usize = 8;

/// select's and pselect6's read set (1, as given and as returned), other sets (2, 3) and
/// timeout (4, a timeval for select): `= 1 (in [3], left {…})`; pselect6's signal mask (5).
#[derive(Debug)]
pub struct Select {
    timeval: bool,
}

pub static SELECT: Select = Select { timeval: true };
pub static PSELECT: Select = Select { timeval: false };

/// poll's pollfd array (0), `nfds` in argument 1; the return value lists the pollfds with
/// events.
#[derive(Debug)]
pub struct PollFds;

pub static POLL_FDS: PollFds = PollFds;

/// ppoll's pollfds (0), timeout (2, as given and as left) and signal mask (3):
/// `= 1 ([…], left {…})`.
#[derive(Debug)]
pub struct Ppoll;

pub static PPOLL: Ppoll = Ppoll;

/// epoll_wait's events, filled by the kernel (the return value counts them).
#[derive(Debug)]
pub struct EpollEvents;

pub static EPOLL_EVENTS: EpollEvents = EpollEvents;

impl Special for Select {
    fn names_descriptors(&self) -> bool {
        true
    }

    fn descriptors(
        &self,
        ev: &SyscallEvent<'_>,
        enter: Option<&SyscallEvent<'_>>,
    ) -> Option<Vec<i64>> {
        if nfds(ev) <= 0 {
            return Some(Vec::new());
        }
        let Captured::Bytes(b) = enter.and_then(|e| e.caps[1])? else {
            return Some(Vec::new());
        };
        Some(
            (0..3)
                .filter_map(|i| several_item(Some(b), i))
                .flat_map(|set| set_bits(set, arg(ev, 0)).map(|fd| fd as i64))
                .collect(),
        )
    }

    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        // The three sets and the timeout in one copy each: at entry (what was asked) and at
        // exit (what is ready, and the time left).
        let sets = |when| Cap {
            reg: 1,
            kind: CaptureKind::Several,
            len_arg: 0,
            when,
            max: array::several_item(1, array::SIZE_FDSET)
                | array::several_item(2, array::SIZE_FDSET) << 8
                | array::several_item(3, array::SIZE_FDSET) << 16
                | array::several_item(4, 16 / 4) << 24,
        };
        match pos {
            1 => [Some(sets(when::ENTER)), Some(sets(when::EXIT))],
            // pselect6's `{sigmask, sigsetsize}`, with the mask it points to.
            5 if !self.timeval => [
                Some(Cap {
                    reg: 5,
                    kind: CaptureKind::FixedDeref,
                    len_arg: 0,
                    when: when::ENTER,
                    max: 16 | array::DEREF_MAX << 16,
                }),
                None,
            ],
            _ => [None, None],
        }
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(match pos {
            1..=4 => match several_item(enter.and_then(|e| cap(e, 1)), pos - 1) {
                Some(b) if pos == 4 => timeout(b, self.timeval).unwrap_or(Value::Ptr(v)),
                // No descriptors to show: strace prints the set's address.
                Some(b) if nfds(ev) > 0 => fdset(b, arg(ev, 0)),
                _ => Value::Ptr(v),
            },
            5 => match enter.and_then(|e| cap(e, 5)) {
                Some(b) if v != 0 => pselect_mask(b).unwrap_or(Value::Ptr(v)),
                _ => Value::Ptr(v),
            },
            _ => Value::Ptr(v),
        })
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        if pos != 1 {
            return None;
        }
        let r = ev.ret;
        let note = if r == 0 {
            Value::Word("Timeout")
        } else {
            let parts = ready_sets(ev, self.timeval);
            if parts.is_empty() {
                return None;
            }
            Value::Seq(parts)
        };
        Some(RetNote {
            hex: false,
            note: Some(note),
        })
    }
}

/// select's note after a positive return: strace 6.1's text, quirks included: at most the
/// return value's descriptors, and a `]` after every readable set once anything was written
/// (`in [3]], except [5]` when the set between has none ready), then the time left.
fn ready_sets<'a>(ev: &SyscallEvent<'a>, timeval: bool) -> Vec<Value<'a>> {
    let mut parts = Vec::new();
    let mut ready = ev.ret;
    let sets = cap(ev, 1).filter(|_| nfds(ev) > 0);
    let mut written = false;
    for (i, name) in ["in [", "out [", "except ["].into_iter().enumerate() {
        if ready <= 0 {
            break;
        }
        let Some(b) = several_item(sets, i) else {
            continue;
        };
        let mut first = true;
        for fd in set_bits(b, arg(ev, 0)) {
            if first {
                if written {
                    parts.push(Value::Word(", "));
                }
                parts.push(Value::Word(name));
                first = false;
                written = true;
            } else {
                parts.push(Value::Word(" "));
            }
            parts.push(Value::Int(fd as i64));
            ready -= 1;
            if ready == 0 {
                break;
            }
        }
        if written {
            parts.push(Value::Word("]"));
        }
    }
    if let Some(t) = several_item(cap(ev, 1), 3).and_then(|b| timeout(b, timeval)) {
        if written {
            parts.push(Value::Word(", "));
        }
        parts.push(Value::Word("left "));
        parts.push(t);
    }
    parts
}

impl Special for PollFds {
    fn names_descriptors(&self) -> bool {
        true
    }

    fn descriptors(
        &self,
        ev: &SyscallEvent<'_>,
        enter: Option<&SyscallEvent<'_>>,
    ) -> Option<Vec<i64>> {
        pollfd_descriptors(ev, enter)
    }

    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [pollfds_copy(pos), None]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(match cap(ev, 0) {
            Some(b) => pollfds(b, nfds_u(ev), false),
            None => Value::Ptr(arg(ev, pos)),
        })
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        if pos != 0 {
            return None;
        }
        Some(RetNote {
            hex: false,
            note: Some(match (ev.ret, cap(ev, 0)) {
                (0, _) => Value::Word("Timeout"),
                (_, Some(b)) => pollfds(b, nfds_u(ev), true),
                _ => return None,
            }),
        })
    }
}

/// poll's and ppoll's pollfd array, copied at exit (`nfds` of them, in argument 1).
fn pollfds_copy(pos: usize) -> Option<Cap> {
    (pos == 0).then_some(Cap {
        reg: 0,
        kind: CaptureKind::BufLenArg,
        len_arg: 1 | (POLLFD as u8) << 4,
        when: when::EXIT,
        max: CAPTURE_MAX,
    })
}

impl Special for Ppoll {
    fn names_descriptors(&self) -> bool {
        true
    }

    fn descriptors(
        &self,
        ev: &SyscallEvent<'_>,
        enter: Option<&SyscallEvent<'_>>,
    ) -> Option<Vec<i64>> {
        pollfd_descriptors(ev, enter)
    }

    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        match pos {
            0 => [pollfds_copy(0), None],
            // The timeout and the signal mask as given, in one copy; the timeout left at exit.
            2 => [
                Some(Cap {
                    reg: 2,
                    kind: CaptureKind::Several,
                    len_arg: 0,
                    when: when::ENTER,
                    max: array::several_item(2, 16 / 4) | array::several_item(3, 8 / 4) << 8,
                }),
                fixed(2, when::EXIT, 16),
            ],
            _ => [None, None],
        }
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        if pos == 2 || pos == 3 {
            let kind = if pos == 2 {
                Struct::Timespec
            } else {
                Struct::SigSet
            };
            return Some(
                several_item(enter.and_then(|e| cap(e, 2)), pos - 2)
                    // A mask of another size than the kernel's prints as its address.
                    .filter(|_| pos == 2 || arg(ev, 4) == SIGSET_SIZE)
                    .and_then(|b| structs::decode(kind, b))
                    .unwrap_or(Value::Ptr(v)),
            );
        }
        Some(match cap(ev, 0) {
            Some(b) => pollfds(b, nfds_u(ev), false),
            None => Value::Ptr(v),
        })
    }

    fn ret<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<RetNote<'a>> {
        if pos != 0 {
            return None;
        }
        let r = ev.ret;
        let mut parts = Vec::new();
        match (r, cap(ev, 0)) {
            (0, _) => parts.push(Value::Word("Timeout")),
            (_, Some(b)) => match pollfds(b, nfds_u(ev), true) {
                Value::Array { items, .. } if items.is_empty() => {}
                v => parts.push(v),
            },
            _ => {}
        }
        if r > 0
            && arg(ev, 2) != 0
            && let Some(t) = cap(ev, 2).and_then(|b| structs::decode(Struct::Timespec, b))
        {
            if !parts.is_empty() {
                parts.push(Value::Word(", "));
            }
            parts.push(Value::Word("left "));
            parts.push(t);
        }
        (!parts.is_empty()).then_some(RetNote {
            hex: false,
            note: Some(Value::Seq(parts)),
        })
    }
}

impl Special for EpollEvents {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [
            Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenRet,
                len_arg: (structs::EPOLL_EVENT_SIZE as u8) << 4,
                when: when::EXIT_OK,
                max: CAPTURE_MAX,
            }),
            None,
        ]
    }

    fn is_out(&self) -> bool {
        true
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(match cap(ev, pos) {
            Some(b) if ev.ret >= 0 => Value::array(
                b.chunks_exact(structs::EPOLL_EVENT_SIZE)
                    .take(ev.ret as usize)
                    .filter_map(structs::epoll_event)
                    .collect(),
            ),
            _ => Value::Ptr(arg(ev, pos)),
        })
    }
}

/// poll's and ppoll's `nfds`: a C `unsigned int`, whatever the upper half holds.
fn nfds_u(ev: &SyscallEvent<'_>) -> u64 {
    arg(ev, 1) & 0xffff_ffff
}

/// The descriptors of the pollfds, from whichever record copied them.
fn pollfd_descriptors(ev: &SyscallEvent<'_>, enter: Option<&SyscallEvent<'_>>) -> Option<Vec<i64>> {
    let Captured::Bytes(b) = ev.caps[0].or_else(|| enter.and_then(|e| e.caps[0]))? else {
        return Some(Vec::new());
    };
    Some(
        b.chunks_exact(POLLFD)
            .take(usize::try_from(nfds_u(ev)).unwrap_or(usize::MAX))
            .filter_map(|p| i32_at(p, 0).map(i64::from))
            .collect(),
    )
}

/// `[{fd=3, events=POLLIN}]`, or with `revents` only the pollfds that have some.
fn pollfds<'a>(b: &[u8], nfds: u64, revents: bool) -> Value<'a> {
    let items = b
        .chunks_exact(POLLFD)
        .take(usize::try_from(nfds).unwrap_or(usize::MAX))
        .filter_map(|p| {
            let fd = i32_at(p, 0)?;
            let ev = u16_at(p, if revents { 6 } else { 4 })?;
            if revents && ev == 0 {
                return None;
            }
            Some(Value::Struct {
                fields: vec![
                    ("fd", Value::Int(fd.into())),
                    (
                        if revents { "revents" } else { "events" },
                        Value::Flags(ev.into(), &POLL_EVENTS),
                    ),
                ],
                more: false,
            })
        })
        .collect();
    Value::array(items)
}

/// The descriptors of an fd_set below `nfds` (at most 1024: what was copied), as
/// descriptors (`-y` names them).
fn fdset<'a>(b: &[u8], nfds: u64) -> Value<'a> {
    Value::Set(set_bits(b, nfds).map(|fd| Value::Fd(fd as i64)).collect())
}

/// The bits set in an fd_set below `nfds`.
fn set_bits(b: &[u8], nfds: u64) -> impl Iterator<Item = usize> + '_ {
    let nfds = (nfds as u32 as i32).max(0) as usize;
    (0..nfds.min(b.len() * 8))
        .filter(|&i| b.get(i / 8).is_some_and(|byte| byte & (1 << (i % 8)) != 0))
}

/// pselect6's sixth argument: `{sigmask=[…], sigsetsize=8}` from a `FixedDeref` copy (the
/// `{const sigset_t *, size_t}` pair, then the mask), or the pointer it holds when the mask
/// could not be read.
fn pselect_mask<'a>(b: &[u8]) -> Option<Value<'a>> {
    let ptr = structs::u64_at(b, 0)?;
    let size = structs::u64_at(b, 8)?;
    let mask = match b.get(16..) {
        _ if ptr == 0 => Value::Ptr(0),
        // A mask of another size than the kernel's prints as its address.
        Some(m) if size == SIGSET_SIZE && m.len() >= 8 => structs::sigset(&m[..8]),
        _ => Value::Ptr(ptr),
    };
    Some(Value::Struct {
        fields: vec![("sigmask", mask), ("sigsetsize", Value::Uint(size))],
        more: false,
    })
}

/// select's `nfds` as the C `int` it is.
fn nfds(ev: &SyscallEvent<'_>) -> i32 {
    arg(ev, 0) as u32 as i32
}

/// select's timeval or pselect6's timespec.
fn timeout<'a>(b: &'a [u8], timeval: bool) -> Option<Value<'a>> {
    let kind = if timeval {
        Struct::Timeval
    } else {
        Struct::Timespec
    };
    structs::decode(kind, b)
}
