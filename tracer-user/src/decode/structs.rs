//! Structs read from the tracee, decoded from their bytes: what strace prints between braces.
//! Layouts are the kernel's for the traced architecture; every read is bounds-checked, and a
//! short copy decodes as the address (the caller's fallback).
use super::Value;

/// The structs the kernel side copies whole (a fixed number of bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Struct {
    /// `struct stat` (stat, fstat, lstat, newfstatat).
    Stat,
    /// `struct rlimit64` (prlimit64, getrlimit, setrlimit).
    Rlimit,
    /// `struct timespec` (nanosleep, clock_gettime, clock_nanosleep…).
    Timespec,
}

/// The one home of architecture-specific struct layouts.
mod layout {
    /// `struct stat`: size and field offsets.
    #[cfg(not(target_arch = "aarch64"))]
    pub mod stat {
        pub const SIZE: usize = 144;
        pub const MODE: usize = 24;
        pub const RDEV: usize = 40;
        pub const SIZE_FIELD: usize = 48;
    }
    /// The generic `struct stat` of arm64.
    #[cfg(target_arch = "aarch64")]
    pub mod stat {
        pub const SIZE: usize = 128;
        pub const MODE: usize = 16;
        pub const RDEV: usize = 32;
        pub const SIZE_FIELD: usize = 48;
    }
}

impl Struct {
    /// Bytes the kernel side copies.
    pub const fn size(self) -> u32 {
        match self {
            Struct::Stat => layout::stat::SIZE as u32,
            Struct::Rlimit | Struct::Timespec => 16,
        }
    }
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

/// Decodes `bytes` as `kind`; None when the copy is too short.
pub fn decode(kind: Struct, bytes: &[u8]) -> Option<Value<'static>> {
    match kind {
        Struct::Stat => stat(bytes),
        Struct::Rlimit => {
            let f = |off| u64_at(bytes, off).map(|v| Value::Sym(rlim(v)));
            Some(Value::Struct {
                fields: vec![("rlim_cur", f(0)?), ("rlim_max", f(8)?)],
                more: false,
            })
        }
        Struct::Timespec => Some(Value::Struct {
            fields: vec![
                ("tv_sec", Value::Int(u64_at(bytes, 0)? as i64)),
                ("tv_nsec", Value::Int(u64_at(bytes, 8)? as i64)),
            ],
            more: false,
        }),
    }
}

/// strace's abbreviated stat: the mode, then the device numbers of a device or the size of
/// anything else, then `...`.
fn stat(b: &[u8]) -> Option<Value<'static>> {
    use layout::stat::*;
    let mode = u32_at(b, MODE)?;
    let mut fields = vec![("st_mode", Value::Sym(file_mode(mode)))];
    let kind = mode & libc::S_IFMT;
    if kind == libc::S_IFCHR || kind == libc::S_IFBLK {
        let dev = u64_at(b, RDEV)?;
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
        let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
        fields.push((
            "st_rdev",
            Value::Sym(format!("makedev({major:#x}, {minor:#x})")),
        ));
    } else {
        fields.push(("st_size", Value::Int(u64_at(b, SIZE_FIELD)? as i64)));
    }
    Some(Value::Struct { fields, more: true })
}

/// A file mode as strace prints it: `S_IFDIR|S_ISVTX|0777`.
pub fn file_mode(mode: u32) -> String {
    const TYPES: [(u32, &str); 7] = [
        (libc::S_IFREG, "S_IFREG"),
        (libc::S_IFDIR, "S_IFDIR"),
        (libc::S_IFLNK, "S_IFLNK"),
        (libc::S_IFCHR, "S_IFCHR"),
        (libc::S_IFBLK, "S_IFBLK"),
        (libc::S_IFIFO, "S_IFIFO"),
        (libc::S_IFSOCK, "S_IFSOCK"),
    ];
    let mut s = String::new();
    let kind = mode & libc::S_IFMT;
    match TYPES.iter().find(|(v, _)| *v == kind) {
        Some((_, name)) => {
            s.push_str(name);
            s.push('|');
        }
        None if kind != 0 => s.push_str(&format!("{kind:#o}|")),
        None => {}
    }
    for (bit, name) in [
        (libc::S_ISUID, "S_ISUID"),
        (libc::S_ISGID, "S_ISGID"),
        (libc::S_ISVTX, "S_ISVTX"),
    ] {
        if mode & bit != 0 {
            s.push_str(name);
            s.push('|');
        }
    }
    crate::format::flags::print_open_mode(&mut s, u64::from(mode & 0o777));
    s
}

/// An rlimit value as strace prints it: `RLIM64_INFINITY`, `8192*1024`, or the number.
fn rlim(v: u64) -> String {
    if v == u64::MAX {
        "RLIM64_INFINITY".to_owned()
    } else if v > 1024 && v.is_multiple_of(1024) {
        format!("{}*1024", v / 1024)
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_as_strace_prints_them() {
        // strace -e trace=newfstatat stat /tmp /etc/hostname
        assert_eq!(file_mode(0o41777), "S_IFDIR|S_ISVTX|0777");
        assert_eq!(file_mode(0o100644), "S_IFREG|0644");
        assert_eq!(file_mode(0o20666), "S_IFCHR|0666");
        assert_eq!(file_mode(0o100000), "S_IFREG|000");
    }

    #[test]
    fn rlimits() {
        // strace sh -c 'ulimit -s': prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})
        assert_eq!(rlim(8192 * 1024), "8192*1024");
        assert_eq!(rlim(u64::MAX), "RLIM64_INFINITY");
        assert_eq!(rlim(1024), "1024");
        assert_eq!(rlim(0), "0");
    }

    #[test]
    fn short_copies_do_not_decode() {
        assert_eq!(decode(Struct::Stat, &[0; 20]), None);
        assert_eq!(decode(Struct::Rlimit, &[0; 15]), None);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn stat_of_a_device_shows_rdev() {
        let mut b = vec![0u8; Struct::Stat.size() as usize];
        b[24..28].copy_from_slice(&0o20666u32.to_le_bytes());
        b[40..48].copy_from_slice(&0x103u64.to_le_bytes());
        let v = decode(Struct::Stat, &b).unwrap();
        let Value::Struct { fields, more } = v else {
            panic!("not a struct")
        };
        assert!(more);
        assert_eq!(
            fields[1],
            ("st_rdev", Value::Sym("makedev(0x1, 0x3)".into()))
        );
    }
}
