//! `cargo xtask build`, `run` and `test`.

use std::ffi::OsString;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::cmd::{self, say};
use crate::setup;

/// Setup, then `cargo build --release -p tracer-user`; returns the path of the `tracer` binary.
pub fn build() -> Result<PathBuf> {
    setup::setup()?;
    let mut build = cmd::cargo();
    build.args(["build", "--release", "-p", "tracer-user"]);
    say!("build: `{}`", cmd::display(&build));
    cmd::run(&mut build)?;
    let bin = cmd::target_dir()?.join("release/tracer");
    if !bin.is_file() {
        bail!("the build succeeded but {} is missing", bin.display());
    }
    say!("build: tracer is {}", bin.display());
    Ok(bin)
}

/// Build, then replace this process with `tracer ARGS`: stdio, signals (Ctrl-C) and the exit code
/// are tracer's own. Without root it is run anyway; tracer says what it is missing.
pub fn run(args: &[OsString]) -> Result<()> {
    let bin = build()?;
    let mut tracer = Command::new(&bin);
    tracer.args(args);
    let err = tracer.exec();
    Err(err).with_context(|| format!("could not start {}", bin.display()))
}

/// Build, then `cargo test --release --workspace --exclude tracer-ebpf ARGS` with TRACER_BIN set:
/// unit tests of every host crate and the integration tests in tests/ (tracer-tests).
pub fn test(args: &[OsString]) -> Result<()> {
    let bin = build()?;
    let mut test = cmd::cargo();
    test.env("TRACER_BIN", &bin)
        .args([
            "test",
            "--release",
            "--workspace",
            "--exclude",
            "tracer-ebpf",
        ])
        .args(args);
    say!("test: `{}`", cmd::display(&test));
    cmd::run(&mut test).context("tests failed")
}
