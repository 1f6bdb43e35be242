//! Builds the kernel programs (tracer-ebpf) with nightly for bpfel-unknown-none and puts the
//! object into OUT_DIR, where src/backend/ebpf.rs includes it.
fn main() -> anyhow::Result<()> {
    let pkg = aya_build::Package {
        name: "tracer-ebpf",
        root_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/../tracer-ebpf"),
        ..Default::default()
    };
    aya_build::build_ebpf([pkg], aya_build::Toolchain::Nightly)
}
