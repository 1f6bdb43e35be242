//! Declares the cfg that aya-build sets, and rebuilds the kernel programs when bpf-linker changes
//! (it is not a cargo dependency).
fn main() {
    println!("cargo::rustc-check-cfg=cfg(bpf_target_arch, values(\"x86_64\", \"aarch64\"))");
    if let Ok(linker) = which::which("bpf-linker") {
        println!("cargo:rerun-if-changed={}", linker.display());
    }
}
