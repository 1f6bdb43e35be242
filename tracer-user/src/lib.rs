//! tracer: strace's lines from eBPF.
//!
//! Data flows one way: kernel capture ([`backend`]) → wire record ([`wire`]) → decode
//! ([`decode`], driven by the syscall rows in [`table`]) → format ([`format`]) → sink.
pub mod args;
pub mod backend;
pub mod btf;
pub mod cli;
pub mod command;
pub mod comms;
pub mod debug;
pub mod decode;
pub mod fds;
pub mod filter;
pub mod format;
pub mod inject;
pub mod metrics;
pub mod pathtrace;
pub mod pidns;
pub mod run;
pub mod session;
pub mod sockdiag;
pub mod summary;
pub mod table;
pub mod target;
pub mod top;
pub mod wire;
