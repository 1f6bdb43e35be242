//! Decoders for the smaller families the custom kinds dispatch to: CPU sets and group lists,
//! System V IPC keys and flags, I/O priorities, device numbers, in/out file offsets,
//! capabilities and `struct sigevent`. Pure functions of the bytes and argument values.
use super::Value;
use super::structs::{i16_at, i32_at, u32_at, u64_at};
use crate::table::Xlat;
use crate::table::xlat::*;

/// A CPU set: the numbers of the set bits, `[0 1]`.
pub fn cpu_set(b: &[u8]) -> Value<'static> {
    Value::Set(
        (0..b.len() * 8)
            .filter(|&i| b.get(i / 8).is_some_and(|byte| byte & (1 << (i % 8)) != 0))
            .map(|i| Value::Uint(i as u64))
            .collect(),
    )
}

/// A `gid_t` array of `n` elements: `[0, 1]`.
pub fn groups(b: &[u8], n: u64) -> Value<'static> {
    Value::array(
        b.chunks_exact(4)
            .take(usize::try_from(n).unwrap_or(usize::MAX))
            .filter_map(|g| u32_at(g, 0).map(|g| Value::Uint(g.into())))
            .collect(),
    )
}

/// An IPC key: `IPC_PRIVATE` or its value in hex.
pub fn ipc_key(v: u64) -> Value<'static> {
    Value::Val(u64::from(v as u32), &IPC_KEYS)
}

/// shmget's, semget's and msgget's flags: `IPC_CREAT|IPC_EXCL|0600` (shmget adds its own
/// `SHM_*` flags).
pub fn ipc_flags(v: u64, shm: bool) -> Value<'static> {
    let v = v as u32;
    let x = if shm { &SHMGET_FLAGS } else { &IPC_GET_FLAGS };
    let mut parts = Vec::new();
    if v & !0o777 != 0 {
        parts.push(Value::Flags((v & !0o777).into(), x));
    }
    parts.push(Value::Mode((v & 0o777).into()));
    Value::Or(parts)
}

/// An IPC control command: `IPC_RMID`, with `IPC_64|` when that bit is set.
pub fn ipc_cmd(v: u64, x: &'static Xlat) -> Value<'static> {
    const IPC_64_BIT: u32 = 0x100;
    let v = v as u32;
    let cmd = Value::Val((v & !IPC_64_BIT).into(), x);
    if v & IPC_64_BIT == 0 {
        return cmd;
    }
    Value::Or(vec![Value::Val(IPC_64_BIT.into(), &IPC_64), cmd])
}

/// An I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
pub fn ioprio_value(v: u64) -> Value<'static> {
    let v = v as u32;
    let (class, data) = (v >> 13, v & 0x1fff);
    Value::Call(
        "IOPRIO_PRIO_VALUE",
        vec![
            Value::Val(class.into(), &IOPRIO_CLASS),
            Value::Uint(data.into()),
        ],
    )
}

/// An I/O priority argument: [`ioprio_value`], or the number with `-X raw`.
pub fn ioprio(v: u64) -> Value<'static> {
    Value::Coded {
        raw: Box::new(Value::Int(i64::from(v as u32 as i32))),
        sym: Box::new(ioprio_value(v)),
    }
}

/// mknod's device, printed only for character and block devices: `makedev(0x1, 0x3)`.
pub fn device(mode: u64, dev: u64) -> Option<Value<'static>> {
    let kind = mode as u32 & libc::S_IFMT;
    if kind != libc::S_IFCHR && kind != libc::S_IFBLK {
        return None;
    }
    // The kernel's new_decode_dev on the 32-bit dev_t mknod takes.
    let dev = dev as u32;
    let major = (dev & 0xfff00) >> 8;
    let minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    Some(Value::Coded {
        raw: Box::new(Value::Hex(dev.into())),
        sym: Box::new(Value::Call(
            "makedev",
            vec![Value::Hex(major.into()), Value::Hex(minor.into())],
        )),
    })
}

/// A 64-bit offset read through a pointer: `[0]`, and `[0] => [16]` when the kernel changed it;
/// `unsigned` prints it as strace's `printnum_ulong` does (sendfile's), else signed (splice's
/// and copy_file_range's `PRId64`).
pub fn offset(
    at_entry: Option<&[u8]>,
    at_exit: Option<&[u8]>,
    ptr: u64,
    unsigned: bool,
) -> Value<'static> {
    let num = |b: Option<&[u8]>| b.and_then(|b| u64_at(b, 0));
    let val = |n: u64| {
        let v = if unsigned {
            Value::Uint(n)
        } else {
            Value::Int(n as i64)
        };
        Value::array(vec![v])
    };
    match (num(at_entry), num(at_exit)) {
        _ if ptr == 0 => Value::Ptr(0),
        (Some(a), Some(b)) if a != b => Value::Changed(Box::new(val(a)), Box::new(val(b))),
        (Some(a), _) | (None, Some(a)) => val(a),
        (None, None) => Value::Ptr(ptr),
    }
}

/// A capability number: `CAP_SYS_ADMIN`.
pub fn capability(v: u64) -> Value<'static> {
    Value::Val(v & 0xffff_ffff, &CAPABILITIES)
}

/// `struct sigevent` (timer_create, mq_notify): the value when set, the signal for the kinds
/// that send one, the notification kind and its fields.
pub fn sigevent(b: &[u8]) -> Option<Value<'static>> {
    const SIGEV_SIGNAL: i32 = 0;
    const SIGEV_THREAD: i32 = 2;
    const SIGEV_THREAD_ID: i32 = 4;
    let ptr = u64_at(b, 0)?;
    let signo = i32_at(b, 8)?;
    let notify = i32_at(b, 12)?;
    let mut fields = Vec::new();
    if ptr != 0 {
        fields.push((
            "sigev_value",
            Value::Struct {
                fields: vec![
                    ("sival_int", Value::Int((ptr as u32 as i32).into())),
                    ("sival_ptr", Value::Ptr(ptr)),
                ],
                more: false,
            },
        ));
    }
    if matches!(notify, SIGEV_SIGNAL | SIGEV_THREAD_ID) {
        fields.push(("sigev_signo", Value::Signal(signo.into())));
    }
    fields.push((
        "sigev_notify",
        Value::Val(u64::from(notify as u32), &SIGEV_NOTIFY),
    ));
    match notify {
        SIGEV_THREAD => {
            fields.push(("sigev_notify_function", Value::Ptr(u64_at(b, 16)?)));
            fields.push(("sigev_notify_attributes", Value::Ptr(u64_at(b, 24)?)));
        }
        SIGEV_THREAD_ID => {
            fields.push(("sigev_notify_thread_id", Value::Int(i32_at(b, 16)?.into())));
        }
        _ => {}
    }
    Some(Value::Struct {
        fields,
        more: false,
    })
}

/// `struct flock` (fcntl's F_SETLK, F_GETLK…): `l_pid` only for the kernel's answer to a
/// GETLK.
pub fn flock(b: &[u8], getlk: bool) -> Option<Value<'static>> {
    let mut fields = vec![
        (
            "l_type",
            Value::Val(u64::from(i16_at(b, 0)? as u16), &FLOCK_TYPES),
        ),
        (
            "l_whence",
            Value::Val(u64::from(i16_at(b, 2)? as u16), &SEEK_WHENCE),
        ),
        ("l_start", Value::Int(u64_at(b, 8)? as i64)),
        ("l_len", Value::Int(u64_at(b, 16)? as i64)),
    ];
    if getlk {
        fields.push(("l_pid", Value::Int(i32_at(b, 24)?.into())));
    }
    Some(Value::Struct {
        fields,
        more: false,
    })
}

/// capget's and capset's header: `{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`.
pub fn cap_header(b: &[u8]) -> Option<Value<'static>> {
    Some(Value::Struct {
        fields: vec![
            ("version", Value::Val(u32_at(b, 0)?.into(), &CAP_VERSIONS)),
            ("pid", Value::Int(i32_at(b, 4)?.into())),
        ],
        more: false,
    })
}

/// capget's and capset's two `__user_cap_data_struct`s, as three 64-bit masks.
pub fn cap_data(b: &[u8]) -> Option<Value<'static>> {
    let mask = |off| -> Option<Value<'static>> {
        let lo = u64::from(u32_at(b, off)?);
        let hi = u64::from(u32_at(b, off + 12)?);
        Some(Value::Flags(lo | hi << 32, &CAP_MASK))
    };
    Some(Value::Struct {
        fields: vec![
            ("effective", mask(0)?),
            ("permitted", mask(4)?),
            ("inheritable", mask(8)?),
        ],
        more: false,
    })
}

/// personality's argument: the persona and its flags, `PER_LINUX|ADDR_NO_RANDOMIZE`; the
/// query 0xffffffff in hex.
pub fn personality(v: u64) -> Value<'static> {
    let v = v as u32;
    if v == u32::MAX {
        return Value::Hex(v.into());
    }
    let persona = Value::Val((v & 0xff).into(), &PERSONALITY_TYPES);
    let rest = v & !0xff;
    if rest == 0 {
        return persona;
    }
    Value::Or(vec![persona, Value::Flags(rest.into(), &PERSONALITY_FLAGS)])
}

/// mount's flags: `MS_MGC_VAL|` when the old magic is in the high bits, then the flags.
pub fn mount_flags(v: u64) -> Value<'static> {
    const MGC_MSK: u64 = 0xffff_0000;
    const MGC_VAL: u64 = 0xc0ed_0000;
    let v = v & 0xffff_ffff;
    if v & MGC_MSK != MGC_VAL {
        return Value::Flags(v, &MOUNT_FLAGS);
    }
    let magic = Value::Val(MGC_VAL, &MS_MGC);
    match v & !MGC_MSK {
        0 => magic,
        rest => Value::Or(vec![magic, Value::Flags(rest, &MOUNT_FLAGS)]),
    }
}

/// Whether mount ignores its type (then printed as an address) and its data.
pub fn mount_ignores(flags: u64) -> (bool, bool) {
    const MS_REMOUNT: u64 = 32;
    // MS_BIND, MS_MOVE, MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED
    const OTHER: u64 = 4096 | 8192 | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20);
    if flags & MS_REMOUNT != 0 {
        (true, false)
    } else if flags & OTHER != 0 {
        (true, true)
    } else {
        (false, false)
    }
}

/// openat2's `struct open_how`: `{flags=O_RDONLY, resolve=0}`, the mode only with O_CREAT
/// or O_TMPFILE.
pub fn open_how(b: &[u8]) -> Option<Value<'static>> {
    let flags = u64_at(b, 0)?;
    let mut fields = vec![("flags", Value::OpenFlags(flags))];
    if crate::table::fileflags::open_flags_have_mode(flags) {
        fields.push(("mode", Value::Mode(u64_at(b, 8)?)));
    }
    fields.push(("resolve", Value::Flags(u64_at(b, 16)?, &RESOLVE_FLAGS)));
    Some(Value::Struct {
        fields,
        more: false,
    })
}

/// The size of `struct sembuf`.
pub const SEMBUF: usize = 6;

/// semop's operations: `[{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}]`.
pub fn sembufs(b: &[u8], n: u64) -> Value<'static> {
    Value::array(
        b.chunks_exact(SEMBUF)
            .take(usize::try_from(n).unwrap_or(usize::MAX))
            .filter_map(|op| {
                Some(Value::Struct {
                    fields: vec![
                        (
                            "sem_num",
                            Value::Uint(u16::from_le_bytes([op[0], op[1]]).into()),
                        ),
                        ("sem_op", Value::Int(i16_at(op, 2)?.into())),
                        (
                            "sem_flg",
                            Value::Flags(u64::from(i16_at(op, 4)? as u16), &SEMOP_FLAGS),
                        ),
                    ],
                    more: false,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::text::value_text;

    fn text(v: &Value<'_>) -> String {
        value_text(v, Default::default())
    }

    #[test]
    fn cpu_sets_list_their_bits() {
        assert_eq!(text(&cpu_set(&[3, 0, 0, 0, 0, 0, 0, 0])), "[0 1]");
        assert_eq!(text(&cpu_set(&[0, 1])), "[8]");
        assert_eq!(text(&cpu_set(&[])), "[]");
    }

    #[test]
    fn group_lists() {
        assert_eq!(text(&groups(&[0, 0, 0, 0, 1, 0, 0, 0], 2)), "[0, 1]");
        assert_eq!(text(&groups(&[0, 0, 0, 0, 1, 0, 0, 0], 1)), "[0]");
        assert_eq!(text(&groups(&[], 0)), "[]");
    }

    #[test]
    fn ipc_keys_flags_and_commands() {
        assert_eq!(text(&ipc_key(0)), "IPC_PRIVATE");
        assert_eq!(text(&ipc_key(0x1234_abcd)), "0x1234abcd");
        assert_eq!(text(&ipc_flags(0o1600, false)), "IPC_CREAT|0600");
        assert_eq!(text(&ipc_flags(0o3600, true)), "IPC_CREAT|IPC_EXCL|0600");
        assert_eq!(text(&ipc_flags(0, false)), "000");
        assert_eq!(
            text(&ipc_flags(0o4000 | 0o1000 | 0o644, true)),
            "IPC_CREAT|SHM_HUGETLB|0644"
        );
        assert_eq!(text(&ipc_cmd(0, &SHMCTL_CMDS)), "IPC_RMID");
        assert_eq!(text(&ipc_cmd(0x102, &MSGCTL_CMDS)), "IPC_64|IPC_STAT");
        assert_eq!(text(&ipc_cmd(19, &SEMCTL_CMDS)), "SEM_INFO");
        assert_eq!(text(&ipc_cmd(99, &SEMCTL_CMDS)), "0x63 /* SEM_??? */");
    }

    #[test]
    fn io_priorities_and_devices() {
        assert_eq!(
            text(&ioprio(0x6007)),
            "IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 7)"
        );
        assert_eq!(
            text(&ioprio(2 << 13 | 4)),
            "IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)"
        );
        assert_eq!(
            text(&ioprio(7 << 13)),
            "IOPRIO_PRIO_VALUE(0x7 /* IOPRIO_CLASS_??? */, 0)"
        );
        assert_eq!(
            device(0o20600, 0x103).map(|v| text(&v)).as_deref(),
            Some("makedev(0x1, 0x3)")
        );
        assert_eq!(device(0o10666, 0), None);
    }

    #[test]
    fn offsets_in_and_out() {
        let zero = 0u64.to_le_bytes();
        let sixteen = 16u64.to_le_bytes();
        let minus = (-1i64).to_le_bytes();
        assert_eq!(
            text(&offset(Some(&zero), Some(&sixteen), 0x1000, true)),
            "[0] => [16]"
        );
        assert_eq!(text(&offset(Some(&zero), Some(&zero), 0x1000, true)), "[0]");
        assert_eq!(text(&offset(Some(&sixteen), None, 0x1000, false)), "[16]");
        assert_eq!(text(&offset(None, None, 0, false)), "NULL");
        assert_eq!(text(&offset(None, None, 0x1000, false)), "0x1000");
        // poke-sendfile: sendfile's offset is unsigned, splice's signed.
        assert_eq!(
            text(&offset(Some(&zero), Some(&minus), 0x1000, true)),
            "[0] => [18446744073709551615]"
        );
        assert_eq!(text(&offset(Some(&minus), None, 0x1000, false)), "[-1]");
    }

    #[test]
    fn sigevents() {
        let mut b = [0u8; 64];
        b[8..12].copy_from_slice(&14i32.to_le_bytes());
        assert_eq!(
            text(&sigevent(&b).unwrap()),
            "{sigev_signo=SIGALRM, sigev_notify=SIGEV_SIGNAL}"
        );
        b[12..16].copy_from_slice(&4i32.to_le_bytes());
        b[16..20].copy_from_slice(&1234i32.to_le_bytes());
        b[0..8].copy_from_slice(&0x7fu64.to_le_bytes());
        assert_eq!(
            text(&sigevent(&b).unwrap()),
            "{sigev_value={sival_int=127, sival_ptr=0x7f}, sigev_signo=SIGALRM, \
             sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=1234}"
        );
        b[12..16].copy_from_slice(&1i32.to_le_bytes());
        b[0..8].copy_from_slice(&0u64.to_le_bytes());
        assert_eq!(text(&sigevent(&b).unwrap()), "{sigev_notify=SIGEV_NONE}");
        assert_eq!(sigevent(&b[..8]), None);
        assert_eq!(text(&capability(32)), "CAP_MAC_OVERRIDE");
        assert_eq!(text(&capability(99)), "0x63 /* CAP_??? */");
    }

    #[test]
    fn locks_capabilities_and_personas() {
        let mut b = [0u8; 32];
        b[8..16].copy_from_slice(&1_073_741_824u64.to_le_bytes());
        b[16..24].copy_from_slice(&1u64.to_le_bytes());
        assert_eq!(
            text(&flock(&b, false).unwrap()),
            "{l_type=F_RDLCK, l_whence=SEEK_SET, l_start=1073741824, l_len=1}"
        );
        b[0] = 2;
        assert_eq!(
            text(&flock(&b, true).unwrap()),
            "{l_type=F_UNLCK, l_whence=SEEK_SET, l_start=1073741824, l_len=1, l_pid=0}"
        );
        let mut h = [0u8; 8];
        h[..4].copy_from_slice(&0x2008_0522u32.to_le_bytes());
        assert_eq!(
            text(&cap_header(&h).unwrap()),
            "{version=_LINUX_CAPABILITY_VERSION_3, pid=0}"
        );
        let mut d = [0u8; 24];
        d[0] = 0b101;
        d[12] = 1; // bit 32
        d[4] = 1;
        assert_eq!(
            text(&cap_data(&d).unwrap()),
            "{effective=1<<CAP_CHOWN|1<<CAP_DAC_READ_SEARCH|1<<CAP_MAC_OVERRIDE, \
             permitted=1<<CAP_CHOWN, inheritable=0}"
        );
        assert_eq!(text(&personality(0x40000)), "PER_LINUX|ADDR_NO_RANDOMIZE");
        assert_eq!(text(&personality(0)), "PER_LINUX");
        assert_eq!(text(&personality(0xffff_ffff)), "0xffffffff");
        assert_eq!(
            device(0o60600, 0x700).map(|v| text(&v)).as_deref(),
            Some("makedev(0x7, 0)")
        );
    }

    #[test]
    fn mounts_and_open_how() {
        assert_eq!(text(&mount_flags(0x44000)), "MS_REC|MS_PRIVATE");
        assert_eq!(text(&mount_flags(0)), "0");
        assert_eq!(text(&mount_flags(0xc0ed_0002)), "MS_MGC_VAL|MS_NOSUID");
        assert_eq!(text(&mount_flags(0xc0ed_0000)), "MS_MGC_VAL");
        assert_eq!(mount_ignores(0x44000), (true, true));
        assert_eq!(mount_ignores(0x200023), (true, false));
        assert_eq!(mount_ignores(2), (false, false));
        let mut b = [0u8; 24];
        b[..8].copy_from_slice(&0o2000000u64.to_le_bytes());
        b[16] = 4;
        assert_eq!(
            text(&open_how(&b).unwrap()),
            "{flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}"
        );
        b[..8].copy_from_slice(&0o101u64.to_le_bytes());
        b[8..16].copy_from_slice(&0o600u64.to_le_bytes());
        b[16] = 0;
        assert_eq!(
            text(&open_how(&b).unwrap()),
            "{flags=O_WRONLY|O_CREAT, mode=0600, resolve=0}"
        );
    }
}
