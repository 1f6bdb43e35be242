#![no_std]
//! The kernel programs are the `tracer-ebpf` binary (src/main.rs); this empty library lets
//! tracer-user name the crate as a build dependency so cargo rebuilds it when it changes.
