//! setgroups and getgroups: `gid_t` arrays.
use tracer_common::{CaptureKind, when};

use super::{Cap, Special, arg, cap};
use crate::decode::{Value, misc};
use crate::wire::SyscallEvent;

/// The most bytes of a group list copied (NGROUPS_MAX is 65536; strace shows them all, we
/// show the first 1024).
const GROUPS_MAX: u32 = 4096;

/// A `gid_t` array (setgroups', argument 0 elements; getgroups', the return value's).
#[derive(Debug)]
pub struct Groups {
    out: bool,
}

pub static GROUPS_IN: Groups = Groups { out: false };
pub static GROUPS_OUT: Groups = Groups { out: true };

impl Special for Groups {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        let (kind, when) = if self.out {
            (CaptureKind::BufLenRet, when::EXIT_OK)
        } else {
            (CaptureKind::BufLenArg, when::EXIT)
        };
        [
            Some(Cap {
                reg: pos as u8,
                kind,
                len_arg: 4 << 4,
                when,
                max: GROUPS_MAX,
            }),
            None,
        ]
    }

    fn is_out(&self) -> bool {
        self.out
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        let n = if self.out { ev.ret as u64 } else { arg(ev, 0) };
        Some(match cap(ev, pos) {
            Some(b) if v != 0 && (!self.out || ev.ret > 0) => misc::groups(b, n),
            _ if v != 0 && n == 0 && ev.ret >= 0 => Value::array(Vec::new()),
            _ => Value::Ptr(v),
        })
    }
}
