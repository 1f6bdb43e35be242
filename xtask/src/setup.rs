//! `cargo xtask setup`: what building the eBPF side needs, checked and installed idempotently.
//!
//! aya-build (in tracer-user's build.rs) runs `rustup run nightly cargo build -Z build-std=core
//! --target bpfel-unknown-none`, which needs the nightly toolchain, its rust-src component and
//! `bpf-linker` on PATH. bpf-linker needs a shared libLLVM of a version it supports; the distribution's
//! LLVM is usually too old, so we build it against the copy that ships inside the nightly toolchain.

use std::env;
use std::fs;
use std::io::{BufRead as _, BufReader, ErrorKind};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use crate::cmd::{self, say};

const NIGHTLY: &str = "nightly";

pub fn setup() -> Result<()> {
    check_nightly()?;
    ensure_rust_src()?;
    ensure_bpf_linker()?;
    Ok(())
}

/// Step 1: the nightly toolchain must exist; we don't install a whole toolchain behind the user's back.
fn check_nightly() -> Result<()> {
    let list = cmd::output(Command::new("rustup").args(["toolchain", "list"]))
        .context("rustup is needed to find the nightly toolchain")?;
    let found = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .find(|name| *name == NIGHTLY || name.starts_with("nightly-"));
    match found {
        Some(name) => {
            say!("setup: nightly toolchain: found ({name})");
            Ok(())
        }
        None => bail!(
            "no nightly toolchain (building the eBPF programs needs one); \
             install it with `rustup toolchain install nightly --profile minimal`"
        ),
    }
}

/// Step 2: `-Z build-std=core` needs nightly's rust-src.
fn ensure_rust_src() -> Result<()> {
    let installed = cmd::output(Command::new("rustup").args([
        "component",
        "list",
        "--toolchain",
        NIGHTLY,
        "--installed",
    ]))?;
    if installed.lines().any(|l| l.trim() == "rust-src") {
        say!("setup: rust-src for nightly: installed");
        return Ok(());
    }
    say!("setup: rust-src for nightly: missing, installing it (about 80 MB)");
    cmd::run(Command::new("rustup").args(["component", "add", "rust-src", "--toolchain", NIGHTLY]))
}

/// Step 3: bpf-linker on PATH; if it is missing (or can't start, e.g. its libLLVM went away when
/// nightly was updated), build it against nightly's own libLLVM.
fn ensure_bpf_linker() -> Result<()> {
    if let Some(version) = bpf_linker_version() {
        say!("setup: bpf-linker: found ({version})");
        return Ok(());
    }
    let llvm = NightlyLlvm::find()?;
    say!(
        "setup: bpf-linker: not found, building it against nightly's LLVM {} ({}) — about a minute",
        llvm.major,
        llvm.lib.display()
    );
    let prefix = llvm_prefix(&llvm)?;
    install_bpf_linker(&prefix, llvm.major)?;
    match bpf_linker_version() {
        Some(version) => {
            say!("setup: bpf-linker: installed ({version})");
            Ok(())
        }
        None => bail!(
            "`cargo install bpf-linker` succeeded but `bpf-linker --version` still fails; \
             is cargo's bin directory (~/.cargo/bin) on PATH?"
        ),
    }
}

fn bpf_linker_version() -> Option<String> {
    let out = Command::new("bpf-linker")
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The shared libLLVM inside the nightly toolchain.
struct NightlyLlvm {
    /// e.g. `<sysroot>/lib/libLLVM.so.22.1-rust-1.97.0-nightly`
    lib: PathBuf,
    /// e.g. 22, from `rustc +nightly -vV`'s `LLVM version: 22.1.4`
    major: u32,
}

impl NightlyLlvm {
    fn find() -> Result<Self> {
        let sysroot = cmd::output(Command::new("rustc").args(["+nightly", "--print", "sysroot"]))?;
        let lib = find_libllvm(&Path::new(sysroot.trim()).join("lib"))?;
        let version = cmd::output(Command::new("rustc").args(["+nightly", "-vV"]))?;
        let major = parse_llvm_major(&version)
            .context("`rustc +nightly -vV` printed no `LLVM version: <major>.…` line")?;
        Ok(Self { lib, major })
    }
}

/// Picks the real shared library among `libLLVM*` files in `dir`. The sysroot also holds a tiny
/// linker script (`libLLVM-22-rust-….so`, 43 bytes) that must not be used; among the regular
/// `libLLVM*.so*` files the largest one is the library.
fn find_libllvm(dir: &Path) -> Result<PathBuf> {
    const MIN_SIZE: u64 = 1 << 20;
    let entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("libLLVM") && name.contains(".so")) {
            continue;
        }
        let path = entry.path();
        // Follow symlinks: the size that matters is the library's.
        let meta = fs::metadata(&path).with_context(|| format!("stat {}", path.display()))?;
        if meta.is_file() && best.as_ref().is_none_or(|(size, _)| meta.len() > *size) {
            best = Some((meta.len(), path));
        }
    }
    match best {
        Some((size, path)) if size >= MIN_SIZE => Ok(path),
        _ => bail!(
            "no shared libLLVM (libLLVM.so.<version>-rust-…) in {}; bpf-linker needs the nightly \
             toolchain's LLVM",
            dir.display()
        ),
    }
}

fn parse_llvm_major(rustc_vv: &str) -> Option<u32> {
    rustc_vv
        .lines()
        .find_map(|l| l.strip_prefix("LLVM version:"))?
        .trim()
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// Makes `~/.cache/tracer/llvm-<major>/lib/{libLLVM.so, <file name>}` point at nightly's libLLVM and
/// returns `~/.cache/tracer/llvm-<major>`. bpf-linker keeps that lib directory as its rpath, so it
/// has to be a directory that stays (not a temporary one).
fn llvm_prefix(llvm: &NightlyLlvm) -> Result<PathBuf> {
    let home = env::var_os("HOME").context("HOME is not set; it is needed for ~/.cache/tracer")?;
    let prefix = Path::new(&home)
        .join(".cache/tracer")
        .join(format!("llvm-{}", llvm.major));
    let lib_dir = prefix.join("lib");
    fs::create_dir_all(&lib_dir).with_context(|| format!("creating {}", lib_dir.display()))?;
    let file_name = llvm
        .lib
        .file_name()
        .context("libLLVM path has no file name")?;
    for link in [lib_dir.join("libLLVM.so"), lib_dir.join(file_name)] {
        point_symlink(&link, &llvm.lib)?;
    }
    say!(
        "setup: LLVM prefix {} → {}",
        prefix.display(),
        llvm.lib.display()
    );
    Ok(prefix)
}

/// Makes `link` a symlink to `target`, replacing whatever was there.
fn point_symlink(link: &Path, target: &Path) -> Result<()> {
    match fs::read_link(link) {
        Ok(current) if current == target => return Ok(()),
        Ok(_) => fs::remove_file(link).with_context(|| format!("removing {}", link.display()))?,
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(_) => bail!(
            "{} exists and is not a symlink; remove it and run setup again",
            link.display()
        ),
    }
    symlink(target, link)
        .with_context(|| format!("symlinking {} → {}", link.display(), target.display()))
}

/// `LLVM_PREFIX=<prefix> cargo install bpf-linker --locked --force --no-default-features
/// --features llvm-<major>`. cargo's stderr is passed through and also scanned, so that a bpf-linker
/// release without support for this LLVM produces one clear error line.
fn install_bpf_linker(prefix: &Path, major: u32) -> Result<()> {
    let feature = format!("llvm-{major}");
    let mut install = cmd::cargo();
    install
        .env("LLVM_PREFIX", prefix)
        .args([
            "install",
            "bpf-linker",
            "--locked",
            "--no-default-features",
            "--features",
        ])
        .arg(&feature)
        // Reached only when bpf-linker can't run, so replace whatever is installed.
        .arg("--force")
        .stderr(Stdio::piped());
    say!("setup: running `{}`", cmd::display(&install));
    let mut child = install
        .spawn()
        .with_context(|| format!("could not start `{}`", cmd::display(&install)))?;
    let mut missing_feature = false;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line.context("reading cargo's output")?;
            eprintln!("{line}");
            missing_feature |= is_missing_feature(&line, &feature);
        }
    }
    let status = child.wait().context("waiting for cargo install")?;
    if status.success() {
        return Ok(());
    }
    if missing_feature {
        bail!(
            "this bpf-linker release has no `{feature}` feature: nightly's LLVM {major} is not \
             supported by it; use a nightly whose LLVM bpf-linker supports, or install a bpf-linker \
             release that has `{feature}` (`cargo install bpf-linker --version …`)"
        );
    }
    bail!(
        "`{}` failed ({status}); see cargo's messages above",
        cmd::display(&install)
    )
}

/// cargo's complaint about an unknown feature, e.g. "the package 'bpf-linker' does not contain
/// this feature: llvm-99" (older cargo: "Package `…` does not have the feature `llvm-99`").
fn is_missing_feature(cargo_line: &str, feature: &str) -> bool {
    (cargo_line.contains("does not contain") || cargo_line.contains("does not have"))
        && cargo_line.contains(feature)
}

#[cfg(test)]
mod tests {

    #[test]
    fn missing_feature_message() {
        let line = "  the package 'bpf-linker' does not contain this feature: llvm-99";
        assert!(is_missing_feature(line, "llvm-99"));
        assert!(!is_missing_feature(
            "   Compiling llvm-sys v221.0.1",
            "llvm-22"
        ));
    }
    use super::*;

    #[test]
    fn llvm_major_from_rustc_vv() {
        let vv = "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)\nbinary: rustc\n\
                  release: 1.97.0-nightly\nLLVM version: 22.1.4\n";
        assert_eq!(parse_llvm_major(vv), Some(22));
        assert_eq!(parse_llvm_major("rustc 1.0\n"), None);
    }

    #[test]
    fn libllvm_skips_linker_script() {
        let dir = env::temp_dir().join(format!("xtask-libllvm-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("libLLVM-22-rust-1.97.0-nightly.so"),
            "INPUT(libLLVM.so.22.1)\n",
        )
        .unwrap();
        let real = dir.join("libLLVM.so.22.1-rust-1.97.0-nightly");
        fs::write(&real, vec![0u8; 2 << 20]).unwrap();
        fs::write(dir.join("librustc_driver-x.so"), vec![0u8; 3 << 20]).unwrap();
        let found = find_libllvm(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.unwrap(), real);
    }
}
