//! Just enough of a BTF reader to find field offsets and tracepoint signatures in the running
//! kernel's type information (/sys/kernel/btf/vmlinux), so the kernel programs read task fields
//! at the right place on any kernel version.
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum BtfError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("kernel BTF is malformed ({0})")]
    Malformed(&'static str),
    #[error("kernel BTF has no {0}")]
    Missing(String),
}

const KIND_STRUCT: u32 = 4;
const KIND_UNION: u32 = 5;
const KIND_TYPEDEF: u32 = 8;
const KIND_PTR: u32 = 2;
const KIND_FUNC_PROTO: u32 = 13;

struct Type {
    name_off: u32,
    kind: u32,
    kind_flag: bool,
    /// size or referenced type
    size_type: u32,
    /// Byte offset of the kind-specific data that follows the common header.
    extra: usize,
    vlen: usize,
}

/// Parsed kernel BTF.
pub struct Btf {
    data: Vec<u8>,
    str_start: usize,
    str_len: usize,
    types: Vec<Type>,
    by_name: HashMap<(u32, String), u32>,
}

fn u32_at(d: &[u8], off: usize) -> Result<u32, BtfError> {
    d.get(off..off + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(BtfError::Malformed("truncated"))
}

impl Btf {
    /// Reads the running kernel's BTF.
    pub fn from_sys_fs() -> Result<Self, BtfError> {
        let path = "/sys/kernel/btf/vmlinux";
        let data = std::fs::read(path).map_err(|source| BtfError::Read {
            path: path.into(),
            source,
        })?;
        Self::parse(data)
    }

    pub fn parse(data: Vec<u8>) -> Result<Self, BtfError> {
        if data.get(0..2) != Some(&[0x9f, 0xeb][..]) {
            return Err(BtfError::Malformed("bad magic (not little-endian BTF)"));
        }
        let hdr_len = u32_at(&data, 4)? as usize;
        let type_off = u32_at(&data, 8)? as usize;
        let type_len = u32_at(&data, 12)? as usize;
        let str_off = u32_at(&data, 16)? as usize;
        let str_len = u32_at(&data, 20)? as usize;
        let t0 = hdr_len + type_off;
        let t_end = t0 + type_len;
        let mut types = vec![Type {
            name_off: 0,
            kind: 0,
            kind_flag: false,
            size_type: 0,
            extra: 0,
            vlen: 0,
        }];
        let mut off = t0;
        while off < t_end {
            let name_off = u32_at(&data, off)?;
            let info = u32_at(&data, off + 4)?;
            let size_type = u32_at(&data, off + 8)?;
            let vlen = (info & 0xffff) as usize;
            let kind = (info >> 24) & 0x1f;
            let extra = off + 12;
            let extra_len = match kind {
                1 => 4,                    // INT
                3 => 12,                   // ARRAY
                4 | 5 => 12 * vlen,        // STRUCT, UNION
                6 => 8 * vlen,             // ENUM
                13 => 8 * vlen,            // FUNC_PROTO
                14 => 4,                   // VAR
                15 => 12 * vlen,           // DATASEC
                17 => 4,                   // DECL_TAG
                19 => 12 * vlen,           // ENUM64
                2 | 7..=12 | 16 | 18 => 0, // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
                _ => return Err(BtfError::Malformed("unknown type kind")),
            };
            types.push(Type {
                name_off,
                kind,
                kind_flag: info >> 31 == 1,
                size_type,
                extra,
                vlen,
            });
            off = extra + extra_len;
        }
        let mut btf = Btf {
            data,
            str_start: hdr_len + str_off,
            str_len,
            types,
            by_name: HashMap::new(),
        };
        let mut by_name = HashMap::new();
        for (id, t) in btf.types.iter().enumerate() {
            if t.name_off != 0 && matches!(t.kind, KIND_STRUCT | KIND_UNION | KIND_TYPEDEF) {
                by_name
                    .entry((t.kind, btf.name(t.name_off).to_owned()))
                    .or_insert(id as u32);
            }
        }
        btf.by_name = by_name;
        Ok(btf)
    }

    fn name(&self, off: u32) -> &str {
        let start = self.str_start + off as usize;
        let end = (self.str_start + self.str_len).min(self.data.len());
        let bytes = self.data.get(start..end).unwrap_or_default();
        let n = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        std::str::from_utf8(&bytes[..n]).unwrap_or("")
    }

    /// Byte offset of `field` in `struct name`, looking through anonymous structs and unions.
    pub fn member_offset(&self, name: &str, field: &str) -> Result<u32, BtfError> {
        let id = self
            .by_name
            .get(&(KIND_STRUCT, name.to_owned()))
            .ok_or_else(|| BtfError::Missing(format!("struct {name}")))?;
        self.find_member(*id, field, 0)?
            .ok_or_else(|| BtfError::Missing(format!("field {name}.{field}")))
    }

    fn find_member(&self, id: u32, field: &str, base_bits: u32) -> Result<Option<u32>, BtfError> {
        let t = self
            .types
            .get(id as usize)
            .ok_or(BtfError::Malformed("bad type id"))?;
        for i in 0..t.vlen {
            let m = t.extra + 12 * i;
            let name_off = u32_at(&self.data, m)?;
            let ty = u32_at(&self.data, m + 4)?;
            let raw = u32_at(&self.data, m + 8)?;
            let bits = base_bits + if t.kind_flag { raw & 0xff_ffff } else { raw };
            if name_off == 0 {
                let inner = self
                    .types
                    .get(ty as usize)
                    .ok_or(BtfError::Malformed("bad type id"))?;
                if matches!(inner.kind, KIND_STRUCT | KIND_UNION)
                    && let Some(o) = self.find_member(ty, field, bits)?
                {
                    return Ok(Some(o));
                }
            } else if self.name(name_off) == field {
                return Ok(Some(bits / 8));
            }
        }
        Ok(None)
    }

    /// Number of arguments of a raw tracepoint (`btf_trace_<name>` is a pointer to a function
    /// prototype whose first parameter is the context), or None when the kernel lacks it.
    pub fn tracepoint_args(&self, tp: &str) -> Option<usize> {
        let id = *self
            .by_name
            .get(&(KIND_TYPEDEF, format!("btf_trace_{tp}")))?;
        let ptr = self
            .types
            .get(self.types.get(id as usize)?.size_type as usize)?;
        if ptr.kind != KIND_PTR {
            return None;
        }
        let proto = self.types.get(ptr.size_type as usize)?;
        (proto.kind == KIND_FUNC_PROTO).then(|| proto.vlen.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running kernel's BTF has what the kernel programs need.
    #[test]
    fn task_struct_offsets_from_running_kernel() {
        let btf = Btf::from_sys_fs().expect("kernel BTF");
        let pid = btf.member_offset("task_struct", "pid").unwrap();
        let tgid = btf.member_offset("task_struct", "tgid").unwrap();
        assert_eq!(tgid, pid + 4, "pid and tgid are adjacent pid_t fields");
        assert!(btf.member_offset("linux_binprm", "filename").is_ok());
        assert!(btf.member_offset("task_struct", "no_such_field").is_err());
        assert_eq!(btf.tracepoint_args("sched_process_fork"), Some(2));
        assert_eq!(btf.tracepoint_args("sys_enter"), Some(2));
    }
}
