//! `--seccomp-bpf`: a classic BPF program, installed in the traced command before it execs,
//! that returns `SECCOMP_RET_TRACE` only for the selected syscalls (and execve, with which
//! tracing starts). The tracee then stops only at those; every other syscall runs at full speed.
use libc::sock_filter;

const BPF_LD_W_ABS: u16 = (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16;
const BPF_JEQ_K: u16 = (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16;
const BPF_RET_K: u16 = (libc::BPF_RET | libc::BPF_K) as u16;

/// Offsets in `struct seccomp_data`.
const NR_OFFSET: u32 = 0;
const ARCH_OFFSET: u32 = 4;

/// The audit architecture of the syscalls tracer decodes (seccomp sees every ABI a process
/// may use; a foreign one is always traced, so nothing is hidden).
fn audit_arch() -> u32 {
    #[cfg(target_arch = "aarch64")]
    {
        0xC000_00B7
    }
    #[cfg(not(target_arch = "aarch64"))]
    {
        0xC000_003E
    }
}

fn stmt(code: u16, k: u32) -> sock_filter {
    sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jeq(k: u32, jt: u8, jf: u8) -> sock_filter {
    sock_filter {
        code: BPF_JEQ_K,
        jt,
        jf,
        k,
    }
}

/// The filter: TRACE for each number in `traced`, ALLOW for the rest. Each number is tested by
/// a compare followed by its own return, so no jump is longer than one instruction (classic BPF
/// jumps reach at most 255 ahead).
pub fn filter(traced: &[u32]) -> Vec<sock_filter> {
    let trace = libc::SECCOMP_RET_TRACE;
    let mut p = vec![
        stmt(BPF_LD_W_ABS, ARCH_OFFSET),
        jeq(audit_arch(), 1, 0),
        stmt(BPF_RET_K, trace),
        stmt(BPF_LD_W_ABS, NR_OFFSET),
    ];
    for &nr in traced {
        p.push(jeq(nr, 0, 1));
        p.push(stmt(BPF_RET_K, trace));
    }
    p.push(stmt(BPF_RET_K, libc::SECCOMP_RET_ALLOW));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a classic BPF program of the shapes `filter` produces on (arch, nr).
    fn eval(p: &[sock_filter], arch: u32, nr: u32) -> u32 {
        let mut acc = 0;
        let mut pc = 0;
        loop {
            let i = p[pc];
            match i.code {
                BPF_LD_W_ABS => acc = if i.k == ARCH_OFFSET { arch } else { nr },
                BPF_JEQ_K => {
                    pc += usize::from(if acc == i.k { i.jt } else { i.jf });
                }
                BPF_RET_K => return i.k,
                c => panic!("unexpected opcode {c:#x}"),
            }
            pc += 1;
        }
    }

    #[test]
    fn traces_only_the_selected_numbers() {
        let p = filter(&[257, 59]);
        let arch = audit_arch();
        assert_eq!(eval(&p, arch, 257), libc::SECCOMP_RET_TRACE);
        assert_eq!(eval(&p, arch, 59), libc::SECCOMP_RET_TRACE);
        assert_eq!(eval(&p, arch, 0), libc::SECCOMP_RET_ALLOW);
        assert_eq!(eval(&p, 0x4000_0003, 0), libc::SECCOMP_RET_TRACE);
        let all: Vec<u32> = (0..512).collect();
        assert!(filter(&all).len() <= 4096, "the kernel's BPF_MAXINSNS");
    }
}
