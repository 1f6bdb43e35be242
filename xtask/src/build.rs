//! `cargo xtask build`, `run` and `test`.

use std::ffi::OsString;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
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
    install_docs(&bin)?;
    Ok(bin)
}

/// The man page and the shell completions, each what `tracer --generate=WHAT` prints, installed
/// beside the binary (`target/release/share/…`) in the layout of a `/usr/local` prefix.
const DOCS: [(&str, &str); 6] = [
    ("man", "man/man1/tracer.1"),
    ("bash", "bash-completion/completions/tracer"),
    ("zsh", "zsh/site-functions/_tracer"),
    ("fish", "fish/vendor_completions.d/tracer.fish"),
    ("elvish", "elvish/lib/tracer.elv"),
    ("powershell", "powershell/tracer.ps1"),
];

fn install_docs(bin: &Path) -> Result<()> {
    let share = bin.with_file_name("share");
    for (what, relative) in DOCS {
        let text = cmd::output(Command::new(bin).arg(format!("--generate={what}")))?;
        let path = share.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    say!(
        "build: man page and completions in {} (`man -l {}`)",
        share.display(),
        share.join(DOCS[0].1).display()
    );
    Ok(())
}

/// Build, then replace this process with `tracer ARGS`: stdio, signals (Ctrl-C) and the exit code
/// are tracer's own. Without root it is run anyway; tracer says what it is missing.
pub fn run(args: &[OsString]) -> Result<()> {
    let bin = build()?;
    let mut tracer = Command::new(&bin);
    tracer.args(args);
    // `cargo xtask` runs under cargo, which adds its target directories and the toolchain's
    // libraries to LD_LIBRARY_PATH; the traced command would look for its libraries there too,
    // and its trace would show it.
    if let Some(paths) = std::env::var_os("LD_LIBRARY_PATH") {
        let target = bin.parent().and_then(Path::parent).map(Path::to_path_buf);
        let toolchain = std::env::var_os("CARGO")
            .map(PathBuf::from)
            .and_then(|c| c.parent()?.parent().map(Path::to_path_buf));
        let cargo_added = |p: &Path| {
            [&target, &toolchain]
                .iter()
                .any(|d| d.as_ref().is_some_and(|d| p.starts_with(d)))
        };
        let kept: Vec<PathBuf> = std::env::split_paths(&paths)
            .filter(|p| !cargo_added(p))
            .collect();
        if kept.is_empty() {
            tracer.env_remove("LD_LIBRARY_PATH");
        } else {
            tracer.env("LD_LIBRARY_PATH", std::env::join_paths(kept)?);
        }
    }
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
