//! Where events come from. The eBPF backend is the only one so far; the ptrace backend will
//! produce the same records.
pub mod ebpf;
pub mod ring;
