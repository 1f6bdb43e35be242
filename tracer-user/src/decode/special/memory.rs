//! mremap's new address.
use super::{Special, arg};
use crate::decode::Value;
use crate::wire::SyscallEvent;

/// mremap's new address: printed only with MREMAP_FIXED.
#[derive(Debug)]
pub struct MremapNew;

pub static MREMAP_NEW: MremapNew = MremapNew;

impl Special for MremapNew {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        const MREMAP_FIXED: u64 = 2;
        (arg(ev, 3) & MREMAP_FIXED != 0).then(|| Value::Ptr(arg(ev, pos)))
    }
}
