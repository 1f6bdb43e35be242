//! System V IPC: keys, the `*get` calls' flags, the `*ctl` commands and semop's operations.
use tracer_common::{CAPTURE_MAX, CaptureKind, when};

use super::{Cap, Special, arg, cap};
use crate::decode::{Value, misc};
use crate::table::Xlat;
use crate::table::xlat::{MSGCTL_CMDS, SEMCTL_CMDS, SHMCTL_CMDS};
use crate::wire::SyscallEvent;

/// A System V IPC key: `IPC_PRIVATE` or hex.
#[derive(Debug)]
pub struct IpcKey;

pub static IPC_KEY: IpcKey = IpcKey;

/// shmget's, semget's and msgget's flags and mode: `IPC_CREAT|0600`.
#[derive(Debug)]
pub struct IpcFlags {
    shm: bool,
}

pub static IPC_FLAGS: IpcFlags = IpcFlags { shm: false };
pub static SHM_FLAGS: IpcFlags = IpcFlags { shm: true };

/// shmctl's, semctl's and msgctl's command, named by the table.
#[derive(Debug)]
pub struct IpcCmd(&'static Xlat);

pub static SHMCTL_CMD: IpcCmd = IpcCmd(&SHMCTL_CMDS);
pub static SEMCTL_CMD: IpcCmd = IpcCmd(&SEMCTL_CMDS);
pub static MSGCTL_CMD: IpcCmd = IpcCmd(&MSGCTL_CMDS);

/// semop's and semtimedop's `struct sembuf` array; argument 2 is its length.
#[derive(Debug)]
pub struct Sembufs;

pub static SEMBUFS: Sembufs = Sembufs;

impl Special for IpcKey {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(misc::ipc_key(arg(ev, pos)))
    }
}

impl Special for IpcFlags {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(misc::ipc_flags(arg(ev, pos), self.shm))
    }
}

impl Special for IpcCmd {
    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        Some(misc::ipc_cmd(arg(ev, pos), self.0))
    }
}

impl Special for Sembufs {
    fn captures(&self, pos: usize) -> [Option<Cap>; 2] {
        [
            Some(Cap {
                reg: pos as u8,
                kind: CaptureKind::BufLenArg,
                len_arg: 2 | (misc::SEMBUF as u8) << 4,
                when: when::EXIT,
                max: CAPTURE_MAX,
            }),
            None,
        ]
    }

    fn decode<'a>(
        &self,
        pos: usize,
        ev: &SyscallEvent<'a>,
        _enter: Option<&SyscallEvent<'a>>,
    ) -> Option<Value<'a>> {
        let v = arg(ev, pos);
        Some(match cap(ev, pos) {
            Some(b) if v != 0 => misc::sembufs(b, arg(ev, 2)),
            _ => Value::Ptr(v),
        })
    }
}
