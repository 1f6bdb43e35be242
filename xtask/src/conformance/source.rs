//! strace's source and its test programs, fetched and built once into ~/.cache/tracer/strace.
//!
//! The source is Debian's source package of the strace that is installed, fetched with apt-get
//! through a private sources list, lists directory and cache (the machine's apt configuration and
//! state are left alone); only its orig tarball is used. Each step leaves a marker, and a step
//! whose marker exists is skipped: `strace-V/.xtask-built` (configure, make, the test programs),
//! `strace-V/.xtask-extracted` (and with it the download), `fetched` (the download).

use std::env;
use std::fs::{self, File};
use std::io::ErrorKind;
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use crate::cmd::{self, say};

/// The kernel header whose `struct nexthop_grp` newer kernels changed.
const NEXTHOP_HEADER: &str = "/usr/include/linux/nexthop.h";
/// strace's files that use the field under its old name.
const NEXTHOP_USERS: [&str; 2] = ["src/rtnl_nh.c", "tests/nlattr_nhmsg.c"];
/// Maps the old name onto the new one.
const NEXTHOP_DEFINE: &str = "#define resvd1 weight_high";
/// Markers in the source tree: unpacked completely, built completely.
const EXTRACTED: &str = ".xtask-extracted";
const BUILT: &str = ".xtask-built";

/// Fetches, extracts and builds strace's source as needed; returns the source tree, whose
/// `tests/` holds the built test programs and their scripts.
pub fn prepare() -> Result<PathBuf> {
    let cache = cache_dir()?;
    fs::create_dir_all(&cache).with_context(|| format!("creating {}", cache.display()))?;
    let version = installed_version()?;
    let upstream = upstream_version(&version);
    let src = cache.join(format!("strace-{upstream}"));
    if src.join(EXTRACTED).is_file() {
        say!("conformance: strace {version} source: {}", src.display());
    } else {
        let tarball = fetch(&cache, &version, upstream)?;
        extract(&cache, &tarball, &src)?;
    }
    build(&cache, &src)?;
    Ok(src)
}

/// Holds `~/.cache/tracer/strace/lock` until the returned file is dropped, so that two runs
/// don't build the tree at once or run the same test's script (its directory is shared).
pub fn lock() -> Result<File> {
    let cache = cache_dir()?;
    fs::create_dir_all(&cache).with_context(|| format!("creating {}", cache.display()))?;
    let path = cache.join("lock");
    let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    if file.try_lock().is_err() {
        say!(
            "conformance: waiting for another run to release {}",
            path.display()
        );
        file.lock()
            .with_context(|| format!("locking {}", path.display()))?;
    }
    Ok(file)
}

/// `~/.cache/tracer/strace`.
fn cache_dir() -> Result<PathBuf> {
    let home = env::var_os("HOME").context("HOME is not set; it is needed for ~/.cache/tracer")?;
    Ok(Path::new(&home).join(".cache/tracer/strace"))
}

/// The Debian version of the installed strace, e.g. `6.1-0.1`.
fn installed_version() -> Result<String> {
    let version = cmd::output(Command::new("dpkg-query").args(["-W", "-f=${Version}", "strace"]))
        .context("the strace package must be installed (its version picks the source)")?;
    let version = version.trim();
    if version.is_empty() {
        bail!("strace is not installed (dpkg-query knows the package but no version)");
    }
    Ok(version.to_owned())
}

/// The upstream part of a Debian version: `1:6.1-0.1` → `6.1`.
fn upstream_version(debian: &str) -> &str {
    let without_epoch = debian.split_once(':').map_or(debian, |(_, v)| v);
    without_epoch
        .rsplit_once('-')
        .map_or(without_epoch, |(v, _)| v)
}

/// Step 1: `apt-get update` and `apt-get source --download-only strace=VERSION` with a private
/// list; returns the orig tarball.
fn fetch(cache: &Path, version: &str, upstream: &str) -> Result<PathBuf> {
    let tarball = cache.join(format!("strace_{upstream}.orig.tar.xz"));
    let marker = cache.join("fetched");
    if marker.is_file() && tarball.is_file() {
        say!(
            "conformance: strace {version} source: cached ({})",
            tarball.display()
        );
        return Ok(tarball);
    }
    let line = machine_deb_src()?;
    say!("conformance: strace {version} source: fetching with apt-get from `{line}`");
    let apt = PrivateApt::create(&cache.join("apt"), &line)?;
    let log = cache.join("apt.log");
    let _ = fs::remove_file(&log);
    let mut update = apt.command();
    update.arg("update");
    run_logged(&mut update, &log)?;
    let mut source = apt.command();
    source
        .args(["source", "--download-only"])
        .arg(format!("strace={version}"))
        .current_dir(cache);
    run_logged(&mut source, &log)?;
    if !tarball.is_file() {
        bail!(
            "`{}` did not leave {}; see {}",
            cmd::display(&source),
            tarball.display(),
            log.display()
        );
    }
    fs::write(&marker, "").with_context(|| format!("writing {}", marker.display()))?;
    Ok(tarball)
}

/// A sources list, lists directory and cache of apt's own, under one directory.
struct PrivateApt {
    list: PathBuf,
    lists: PathBuf,
    cache: PathBuf,
}

impl PrivateApt {
    fn create(dir: &Path, line: &str) -> Result<Self> {
        let apt = PrivateApt {
            list: dir.join("sources.list"),
            lists: dir.join("lists"),
            cache: dir.join("cache"),
        };
        for sub in [
            apt.lists.join("partial"),
            apt.cache.join("archives/partial"),
        ] {
            fs::create_dir_all(&sub).with_context(|| format!("creating {}", sub.display()))?;
        }
        fs::write(&apt.list, format!("{line}\n"))
            .with_context(|| format!("writing {}", apt.list.display()))?;
        Ok(apt)
    }

    /// `apt-get` told to read only our list and to keep its state and caches in our directory.
    fn command(&self) -> Command {
        let mut apt = Command::new("apt-get");
        for (key, value) in [
            ("Dir::Etc::SourceList", self.list.as_path()),
            ("Dir::Etc::SourceParts", Path::new("/dev/null")),
            ("Dir::State::Lists", self.lists.as_path()),
            ("Dir::Cache", self.cache.as_path()),
        ] {
            apt.arg("-o").arg(format!("{key}={}", value.display()));
        }
        apt
    }
}

/// The `deb-src` line for the machine's own Debian mirror and release.
fn machine_deb_src() -> Result<String> {
    let os_release = fs::read_to_string("/etc/os-release").context("reading /etc/os-release")?;
    let codename = os_codename(&os_release)
        .context("/etc/os-release has no VERSION_CODENAME: which release is this?")?;
    let sources = machine_sources()?;
    deb_src_line(&sources, &codename).with_context(|| {
        format!(
            "no apt source for `{codename}` in /etc/apt/sources.list or /etc/apt/sources.list.d"
        )
    })
}

/// `VERSION_CODENAME=bookworm` → `bookworm`.
fn os_codename(os_release: &str) -> Option<String> {
    let value = os_release
        .lines()
        .find_map(|l| l.trim().strip_prefix("VERSION_CODENAME="))?;
    let value = value.trim().trim_matches(['"', '\'']);
    (!value.is_empty()).then(|| value.to_owned())
}

/// One entry of apt's sources, from either format.
#[derive(Debug, Default, PartialEq, Eq)]
struct AptSource {
    types: Vec<String>,
    uris: Vec<String>,
    suites: Vec<String>,
    /// A keyring path (not an inline key).
    signed_by: Option<String>,
}

/// The machine's sources in apt's order: sources.list, then sources.list.d's `*.list` and
/// `*.sources` files by name.
fn machine_sources() -> Result<Vec<AptSource>> {
    let mut sources = Vec::new();
    if let Some(text) = read_if_exists(Path::new("/etc/apt/sources.list"))? {
        sources.extend(parse_one_line(&text));
    }
    let dir = Path::new("/etc/apt/sources.list.d");
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    files.sort();
    for file in files {
        let parse = match file.extension().and_then(|e| e.to_str()) {
            Some("list") => parse_one_line,
            Some("sources") => parse_deb822,
            _ => continue,
        };
        if let Some(text) = read_if_exists(&file)? {
            sources.extend(parse(&text));
        }
    }
    Ok(sources)
}

fn read_if_exists(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// `deb [signed-by=K arch=…] URI SUITE COMPONENT…` lines; `#` starts a comment.
fn parse_one_line(text: &str) -> Vec<AptSource> {
    let mut sources = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        let Some(kind @ ("deb" | "deb-src")) = words.next() else {
            continue;
        };
        let mut source = AptSource {
            types: vec![kind.to_owned()],
            ..AptSource::default()
        };
        let mut rest: Vec<&str> = words.collect();
        if rest.first().is_some_and(|w| w.starts_with('[')) {
            let end = rest.iter().position(|w| w.ends_with(']')).unwrap_or(0);
            for option in rest.drain(..=end) {
                let option = option.trim_matches(['[', ']']);
                if let Some(key) = option.strip_prefix("signed-by=") {
                    source.signed_by = Some(key.to_owned());
                }
            }
        }
        if let [uri, suite, ..] = rest[..] {
            source.uris.push(uri.to_owned());
            source.suites.push(suite.to_owned());
            sources.push(source);
        }
    }
    sources
}

/// deb822 stanzas (`Types:`, `URIs:`, `Suites:`, `Signed-By:`, `Enabled:`), separated by blank
/// lines; `#` lines are comments, lines starting with a space continue the previous field.
fn parse_deb822(text: &str) -> Vec<AptSource> {
    let mut sources = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines().chain([""]) {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            sources.extend(stanza_source(&fields));
            fields.clear();
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push('\n');
                value.push_str(line.trim());
            }
        } else if let Some((key, value)) = line.split_once(':') {
            fields.push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    sources
}

/// The source a stanza describes, unless it is empty or `Enabled: no`.
fn stanza_source(fields: &[(String, String)]) -> Option<AptSource> {
    let field = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let words = |key: &str| -> Vec<String> {
        field(key)
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    if field("enabled").is_some_and(|v| v.eq_ignore_ascii_case("no")) {
        return None;
    }
    let source = AptSource {
        types: words("types"),
        uris: words("uris"),
        suites: words("suites"),
        signed_by: field("signed-by")
            .filter(|v| !v.contains(char::is_whitespace))
            .map(str::to_owned),
    };
    (!source.types.is_empty()).then_some(source)
}

/// `deb-src [signed-by=K] URI CODENAME main` for the first source of the running release (the
/// suite that is the codename itself, not `-updates` or `-security`).
fn deb_src_line(sources: &[AptSource], codename: &str) -> Option<String> {
    let source = sources.iter().find(|s| {
        s.types.iter().any(|t| t == "deb" || t == "deb-src")
            && s.suites.iter().any(|s| s == codename)
            && !s.uris.is_empty()
    })?;
    let uri = source.uris.first()?;
    let options = match &source.signed_by {
        Some(key) => format!("[signed-by={key}] "),
        None => String::new(),
    };
    Some(format!("deb-src {options}{uri} {codename} main"))
}

/// Step 2: the tarball unpacked into `src` (through a scratch directory, so that an interrupted
/// extraction is redone).
fn extract(cache: &Path, tarball: &Path, src: &Path) -> Result<()> {
    say!(
        "conformance: extracting {} into {}",
        tarball.display(),
        src.display()
    );
    let scratch = cache.join("extract.tmp");
    remove_dir_if_exists(&scratch)?;
    remove_dir_if_exists(src)?;
    fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
    cmd::run(
        Command::new("tar")
            .arg("-xf")
            .arg(tarball)
            .arg("-C")
            .arg(&scratch),
    )?;
    let top = only_entry(&scratch)?;
    fs::rename(&top, src)
        .with_context(|| format!("renaming {} to {}", top.display(), src.display()))?;
    fs::remove_dir(&scratch).with_context(|| format!("removing {}", scratch.display()))?;
    let marker = src.join(EXTRACTED);
    fs::write(&marker, "").with_context(|| format!("writing {}", marker.display()))
}

/// The one directory a source tarball unpacks into.
fn only_entry(dir: &Path) -> Result<PathBuf> {
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    match &entries[..] {
        [top] if top.is_dir() => Ok(top.clone()),
        _ => bail!(
            "the tarball did not unpack into one directory ({} entries in {})",
            entries.len(),
            dir.display()
        ),
    }
}

fn remove_dir_if_exists(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing {}", dir.display())),
    }
}

/// Step 3: configure (once), make, and make the test programs without running them.
fn build(cache: &Path, src: &Path) -> Result<()> {
    let marker = src.join(BUILT);
    if marker.is_file() {
        say!(
            "conformance: strace build: done already ({})",
            src.display()
        );
        return Ok(());
    }
    adapt_to_kernel_headers(src)?;
    let log = cache.join("build.log");
    let _ = fs::remove_file(&log);
    let jobs = format!(
        "-j{}",
        std::thread::available_parallelism().map_or(1, NonZero::get)
    );
    say!(
        "conformance: building strace and its test programs in {} (a few minutes; log in {})",
        src.display(),
        log.display()
    );
    if !src.join("config.status").is_file() {
        let mut configure = Command::new("./configure");
        configure.args(["--enable-mpers=no", "--disable-gcc-Werror"]);
        run_logged(configure.current_dir(src), &log)?;
    }
    let mut make = Command::new("make");
    make.arg(&jobs);
    run_logged(make.current_dir(src), &log)?;
    let mut programs = Command::new("make");
    programs.args([&jobs, "-k", "-C", "tests", "check", "TESTS="]);
    if let Err(err) = run_logged(programs.current_dir(src), &log) {
        // -k built every program it could; the tests of the others fail when run. No marker,
        // so the next run tries again.
        say!("conformance: warning: some test programs did not build: {err:#}");
        return Ok(());
    }
    fs::write(&marker, "").with_context(|| format!("writing {}", marker.display()))?;
    say!("conformance: strace build: done");
    Ok(())
}

/// Where the kernel headers call `struct nexthop_grp`'s `resvd1` `weight_high`, makes strace's
/// two users of the field use the new name.
fn adapt_to_kernel_headers(src: &Path) -> Result<()> {
    let Some(header) = read_if_exists(Path::new(NEXTHOP_HEADER))? else {
        return Ok(());
    };
    if !header.contains("weight_high") {
        return Ok(());
    }
    for file in NEXTHOP_USERS {
        let path = src.join(file);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        if let Some(adapted) = with_nexthop_define(&text) {
            fs::write(&path, adapted).with_context(|| format!("writing {}", path.display()))?;
            say!(
                "conformance: {file}: added `{NEXTHOP_DEFINE}` ({NEXTHOP_HEADER} renamed the field)"
            );
        }
    }
    Ok(())
}

/// `source` with [`NEXTHOP_DEFINE`] after its last `#include` line; `None` if it has it already.
fn with_nexthop_define(source: &str) -> Option<String> {
    if source.lines().any(|l| l.trim() == NEXTHOP_DEFINE) {
        return None;
    }
    let mut lines: Vec<&str> = source.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("#include"))
        .map_or(0, |i| i + 1);
    lines.insert(at, NEXTHOP_DEFINE);
    let mut adapted = lines.join("\n");
    adapted.push('\n');
    Some(adapted)
}

/// Runs `cmd` with its stdout and stderr appended to `log`; on failure, the error names the
/// command and carries the log's last lines.
fn run_logged(cmd: &mut Command, log: &Path) -> Result<()> {
    let file = File::options()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("opening {}", log.display()))?;
    let shown = cmd::display(cmd);
    // A make running us would pass its jobserver on; these builds have their own -j.
    for var in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "LD_LIBRARY_PATH"] {
        cmd.env_remove(var);
    }
    let status = cmd
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if status.success() {
        return Ok(());
    }
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(15)..].join("\n");
    bail!(
        "`{shown}` failed ({status}); the end of {}:\n{tail}",
        log.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_versions() {
        assert_eq!(upstream_version("6.1-0.1"), "6.1");
        assert_eq!(upstream_version("1:6.1-2+deb12u1"), "6.1");
        assert_eq!(upstream_version("6.1"), "6.1");
    }

    #[test]
    fn codename_from_os_release() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
        assert_eq!(os_codename(text).as_deref(), Some("bookworm"));
        assert_eq!(
            os_codename("VERSION_CODENAME=\"trixie\"\n").as_deref(),
            Some("trixie")
        );
        assert_eq!(os_codename("ID=debian\n"), None);
    }

    const DEB822: &str = "\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
# http://snapshot.debian.org/archive/debian-security/20250520T000000Z
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

    #[test]
    fn deb822_stanzas() {
        let sources = parse_deb822(DEB822);
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].suites, ["bookworm", "bookworm-updates"]);
        assert_eq!(sources[1].uris, ["http://deb.debian.org/debian-security"]);
        assert_eq!(
            deb_src_line(&sources, "bookworm").as_deref(),
            Some(
                "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] \
                 http://deb.debian.org/debian bookworm main"
            )
        );
        let inline_key = "Types: deb\nURIs: http://x/debian\nSuites: trixie\nSigned-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n";
        let sources = parse_deb822(inline_key);
        assert_eq!(sources[0].signed_by, None);
        assert_eq!(
            deb_src_line(&sources, "trixie").as_deref(),
            Some("deb-src http://x/debian trixie main")
        );
        assert!(parse_deb822("Enabled: no\nTypes: deb\nURIs: http://x\nSuites: a\n").is_empty());
    }

    #[test]
    fn one_line_sources() {
        let text = "\
deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main
# deb http://old/debian bookworm main
deb [arch=amd64 signed-by=/k.gpg] http://deb.debian.org/debian bookworm main contrib
deb [ arch=amd64 ] http://mirror/debian bookworm main
";
        let sources = parse_one_line(text);
        assert_eq!(sources.len(), 3);
        assert_eq!(sources[1].signed_by.as_deref(), Some("/k.gpg"));
        assert_eq!(sources[2].uris, ["http://mirror/debian"]);
        assert_eq!(
            deb_src_line(&sources, "bookworm").as_deref(),
            Some("deb-src [signed-by=/k.gpg] http://deb.debian.org/debian bookworm main")
        );
        assert_eq!(deb_src_line(&sources, "sid"), None);
    }

    #[test]
    fn the_nexthop_define_goes_after_the_includes_once() {
        let source = "#include \"defs.h\"\n#include <linux/nexthop.h>\n\nstatic int x;\n";
        let adapted = with_nexthop_define(source).unwrap();
        assert_eq!(
            adapted,
            "#include \"defs.h\"\n#include <linux/nexthop.h>\n#define resvd1 weight_high\n\nstatic int x;\n"
        );
        assert_eq!(with_nexthop_define(&adapted), None);
    }
}
