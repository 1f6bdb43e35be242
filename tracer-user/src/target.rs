//! What to trace: the processes `-p` names, and the cgroup v2 subtrees `--cgroup`, `--unit` and
//! `--container` name; plus the unit or container labels `--decode-cgroup` prints.
//!
//! A cgroup target is its directory's inode number — the id `bpf_get_current_cgroup_id()`
//! returns (on 64-bit kernels the kernfs inode number is the whole 64-bit id) — and its depth below
//! the hierarchy's root. The kernel side compares `bpf_get_current_ancestor_cgroup_id(level)` with
//! the id, so the whole subtree is traced, cgroups created later included.
//!
//! The cgroup2 mount is found in /proc/self/mountinfo, never assumed (hybrid systems mount it at
//! /sys/fs/cgroup/unified). Parsing is done by pure functions tested on fixture text; resolution is
//! tested on real directories made under the real cgroup2 mount.

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

const MOUNTINFO: &str = "/proc/self/mountinfo";
/// systemd's own test for "booted with systemd" (`sd_booted()`).
const SYSTEMD_RUNNING: &str = "/run/systemd/system";
/// A tree walk stops after this many directories (a busy Kubernetes node has a few thousand)…
const WALK_MAX_DIRS: usize = 200_000;
/// …and does not go deeper than this below where it started.
const WALK_MAX_DEPTH: usize = 64;
/// Ambiguity errors list at most this many candidates.
const MAX_LISTED: usize = 5;

/// Why a target could not be resolved. Each message is one line for the user.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("no cgroup v2 mount in /proc/self/mountinfo")]
    NoCgroup2Mount,
    #[error("cannot read {}: {}", .path.display(), io_text(.source))]
    Read { path: PathBuf, source: io::Error },
    #[error("invalid cgroup path '{arg}': {why}")]
    BadCgroupPath { arg: String, why: &'static str },
    #[error("cgroup {arg} does not exist (looked in {})", .looked.display())]
    NoCgroup { arg: String, looked: PathBuf },
    #[error(
        "{arg} is not in the cgroup v2 hierarchy mounted at {} (and {} does not exist)",
        .mount.display(),
        .looked.display()
    )]
    OutsideCgroup2 {
        arg: String,
        mount: PathBuf,
        looked: PathBuf,
    },
    #[error("cgroup {arg} is not a cgroup v2 directory ({})", .path.display())]
    NotCgroupDir { arg: String, path: PathBuf },
    #[error("invalid unit name '{name}': {why}")]
    BadUnitName { name: String, why: &'static str },
    #[error(
        "no unit {name} ({why}; looked for {}, under user.slice/ and anywhere else in {})",
        .looked.join(", "),
        .mount.display()
    )]
    NoUnit {
        name: String,
        why: String,
        looked: Vec<String>,
        mount: PathBuf,
    },
    #[error("unit {name} matches {} cgroups: {}", .candidates.len(), listing(.candidates))]
    AmbiguousUnit {
        name: String,
        candidates: Vec<String>,
    },
    #[error("invalid container id '{id}': {why}")]
    BadContainerId { id: String, why: &'static str },
    #[error(
        "no container matching '{prefix}' (looked for docker-, libpod-, cri-containerd-, crio- scopes \
         and docker/, libpod_parent/, kubepods/ directories in {})",
        .mount.display()
    )]
    NoContainer { prefix: String, mount: PathBuf },
    #[error(
        "container prefix '{prefix}' matches {} containers: {}",
        .candidates.len(),
        listing(.candidates)
    )]
    AmbiguousContainer {
        prefix: String,
        candidates: Vec<String>,
    },
    /// strace's words for a `-p` argument that is not a positive number.
    #[error("Invalid process id: '{arg}'")]
    InvalidPid { arg: String },
    /// strace's words for `-p` naming the tracer itself.
    #[error("I'm sorry, I can't let you do that, Dave.")]
    OwnPid { pid: u32 },
    /// strace's words for `-p` naming a process that does not exist.
    #[error("attach: ptrace(PTRACE_SEIZE, {pid}): No such process")]
    NoProcess { pid: u32 },
}

/// The C library's text for an I/O error, without Rust's "(os error N)".
fn io_text(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => crate::table::errno::errno_message(n),
        None => e.to_string(),
    }
}

/// "a, b, c" — or the first few and "and N more".
fn listing(items: &[String]) -> String {
    let shown = items[..items.len().min(MAX_LISTED)].join(", ");
    match items.len().saturating_sub(MAX_LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// A cgroup v2 directory to trace, with everything below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cgroup {
    /// The directory, absolute (under the cgroup2 mount).
    pub path: PathBuf,
    /// The path below the mount: "/" for the root, e.g. "/system.slice/nginx.service".
    pub rel: String,
    /// The directory's inode number: the id `bpf_get_current_cgroup_id()` returns.
    pub id: u64,
    /// Depth below the hierarchy's root (root 0, /a 1, /a/b 2): the level to pass to
    /// `bpf_get_current_ancestor_cgroup_id()`.
    pub level: u32,
}

// ---------------------------------------------------------------------------------------------
// The cgroup2 mount
// ---------------------------------------------------------------------------------------------

/// Where the cgroup v2 hierarchy is mounted, from /proc/self/mountinfo.
pub fn cgroup2_mount() -> Result<PathBuf, TargetError> {
    let text = read_to_string(Path::new(MOUNTINFO))?;
    parse_mountinfo(&text)
        .map(|m| m.point)
        .ok_or(TargetError::NoCgroup2Mount)
}

/// A cgroup2 line of mountinfo.
#[derive(Debug, PartialEq, Eq)]
struct Cgroup2Mount {
    /// Mount point (field 5).
    point: PathBuf,
    /// The hierarchy's directory shown there (field 4): "/" unless a subtree is bind-mounted.
    root: PathBuf,
}

/// The cgroup2 mount in mountinfo text: the first one showing the whole hierarchy (root "/"),
/// else the first one. Lines are `ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL…] - FSTYPE …`;
/// ROOT and POINT escape space, tab, newline and backslash as `\ooo`.
fn parse_mountinfo(text: &str) -> Option<Cgroup2Mount> {
    let mut first = None;
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        // The optional fields end at a lone "-"; the fixed ones come before it.
        let Some(sep) = fields.iter().skip(6).position(|f| *f == "-").map(|i| i + 6) else {
            continue;
        };
        if fields.get(sep + 1) != Some(&"cgroup2") {
            continue;
        }
        let m = Cgroup2Mount {
            point: PathBuf::from(OsStr::from_bytes(&unescape_octal(fields[4]))),
            root: PathBuf::from(OsStr::from_bytes(&unescape_octal(fields[3]))),
        };
        if m.root == Path::new("/") {
            return Some(m);
        }
        first.get_or_insert(m);
    }
    first
}

/// Undoes the kernel's `\ooo` escapes (`\040` is a space); anything else is kept as it is.
fn unescape_octal(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(&[b'\\', d0, d1, d2]) = b.get(i..i + 4)
            && [d0, d1, d2].iter().all(|d| (b'0'..=b'7').contains(d))
            && d0 <= b'3'
        {
            out.push((d0 - b'0') * 64 + (d1 - b'0') * 8 + (d2 - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// The cgroup v2 hierarchy as this process sees it.
struct Hierarchy {
    mount: PathBuf,
    /// `mount` with symlinks resolved, to recognise paths that reach it another way.
    mount_canonical: PathBuf,
    /// The filesystem's device: a directory on another one is not a cgroup.
    dev: u64,
    /// Depth of the mounted directory in the hierarchy: 0 unless a subtree is bind-mounted.
    /// (Inside a cgroup namespace, depths are counted from the namespace's root — the kernel's
    /// ancestor levels are not, so cgroup targets are meant for the initial namespace.)
    root_depth: u32,
}

/// What is at a path below the mount.
enum Lookup {
    Found(Cgroup),
    Missing(PathBuf),
    /// Exists, but is not a directory of the cgroup2 filesystem (e.g. `cgroup.procs`).
    NotCgroup(PathBuf),
}

impl Hierarchy {
    fn open() -> Result<Self, TargetError> {
        let text = read_to_string(Path::new(MOUNTINFO))?;
        let m = parse_mountinfo(&text).ok_or(TargetError::NoCgroup2Mount)?;
        let meta = fs::metadata(&m.point).map_err(|source| TargetError::Read {
            path: m.point.clone(),
            source,
        })?;
        let root_depth = m
            .root
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count();
        Ok(Hierarchy {
            mount_canonical: fs::canonicalize(&m.point).unwrap_or_else(|_| m.point.clone()),
            mount: m.point,
            dev: meta.dev(),
            root_depth: u32::try_from(root_depth).unwrap_or(u32::MAX),
        })
    }

    /// An absolute path's part below the mount, if it lies under it.
    fn below(&self, p: &Path) -> Option<PathBuf> {
        if let Ok(rel) = p.strip_prefix(&self.mount) {
            return Some(rel.to_path_buf());
        }
        let canonical = fs::canonicalize(p).ok()?;
        canonical
            .strip_prefix(&self.mount_canonical)
            .ok()
            .map(Path::to_path_buf)
    }

    fn lookup(&self, comps: &[String]) -> Result<Lookup, TargetError> {
        let mut path = self.mount.clone();
        path.extend(comps);
        self.at(path, comps)
    }

    /// The cgroup at `path`, which is the mount joined with `comps`.
    fn at(&self, path: PathBuf, comps: &[String]) -> Result<Lookup, TargetError> {
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e)
                if e.kind() == io::ErrorKind::NotFound
                    || e.raw_os_error() == Some(libc::ENOTDIR) =>
            {
                return Ok(Lookup::Missing(path));
            }
            Err(source) => return Err(TargetError::Read { path, source }),
        };
        if !meta.is_dir() || meta.dev() != self.dev {
            return Ok(Lookup::NotCgroup(path));
        }
        let depth = u32::try_from(comps.len()).unwrap_or(u32::MAX);
        Ok(Lookup::Found(Cgroup {
            path,
            rel: rel_string(comps),
            id: meta.ino(),
            level: self.root_depth.saturating_add(depth),
        }))
    }

    /// Every directory below `start` (not `start` itself) whose components `want` accepts,
    /// shallowest first. Symlinks are not followed; the walk is bounded.
    fn walk(
        &self,
        start: &[String],
        mut want: impl FnMut(&[String]) -> bool,
    ) -> Vec<(PathBuf, Vec<String>)> {
        let mut top = self.mount.clone();
        top.extend(start);
        let mut queue = VecDeque::from([(top, start.to_vec())]);
        let mut found = Vec::new();
        let mut seen = 0usize;
        while let Some((dir, comps)) = queue.pop_front() {
            // A directory that vanished or that we may not read is skipped.
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            // Sorted, so that lists of candidates come out the same every time.
            let mut subdirs: Vec<fs::DirEntry> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .collect();
            subdirs.sort_by_key(fs::DirEntry::file_name);
            for entry in subdirs {
                seen += 1;
                if seen > WALK_MAX_DIRS {
                    log::warn!(
                        "stopped searching {} after {WALK_MAX_DIRS} cgroups",
                        self.mount.display()
                    );
                    return found;
                }
                let mut child = comps.clone();
                child.push(entry.file_name().to_string_lossy().into_owned());
                if want(&child) {
                    found.push((entry.path(), child.clone()));
                }
                if child.len() - start.len() < WALK_MAX_DEPTH {
                    queue.push_back((entry.path(), child));
                }
            }
        }
        found
    }

    /// Cgroups for walk results; ones that vanished meanwhile are dropped.
    fn found(&self, hits: Vec<(PathBuf, Vec<String>)>) -> Result<Vec<Cgroup>, TargetError> {
        let mut out = Vec::new();
        for (path, comps) in hits {
            if let Lookup::Found(cg) = self.at(path, &comps)? {
                out.push(cg);
            }
        }
        Ok(out)
    }
}

fn read_to_string(path: &Path) -> Result<String, TargetError> {
    fs::read_to_string(path).map_err(|source| TargetError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn rel_string(comps: &[String]) -> String {
    format!("/{}", comps.join("/"))
}

/// A relative path's names; `None` if it climbs with "..".
fn names(p: &Path) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// --cgroup
// ---------------------------------------------------------------------------------------------

/// The cgroup `arg` names, for `--cgroup`.
///
/// The rule: a relative path is below the cgroup2 mount. An absolute path under the mount is used
/// as it is. Any other absolute path is also taken as below the mount — the form /proc/PID/cgroup
/// and systemd print (`/system.slice/nginx.service`). ".." is refused, so a path never leaves the
/// hierarchy.
pub fn cgroup(arg: &str) -> Result<Cgroup, TargetError> {
    cgroup_in(&Hierarchy::open()?, arg)
}

fn cgroup_in(h: &Hierarchy, arg: &str) -> Result<Cgroup, TargetError> {
    if arg.is_empty() {
        return Err(TargetError::BadCgroupPath {
            arg: arg.into(),
            why: "the path is empty",
        });
    }
    let p = Path::new(arg);
    let under = if p.is_absolute() { h.below(p) } else { None };
    let outside = p.is_absolute() && under.is_none();
    let rel = under.unwrap_or_else(|| p.to_path_buf());
    let Some(comps) = names(&rel) else {
        return Err(TargetError::BadCgroupPath {
            arg: arg.into(),
            why: "'..' is not allowed",
        });
    };
    match h.lookup(&comps)? {
        Lookup::Found(cg) => Ok(cg),
        Lookup::Missing(looked) if outside && p.is_dir() => Err(TargetError::OutsideCgroup2 {
            arg: arg.into(),
            mount: h.mount.clone(),
            looked,
        }),
        Lookup::Missing(looked) => Err(TargetError::NoCgroup {
            arg: arg.into(),
            looked,
        }),
        Lookup::NotCgroup(path) => Err(TargetError::NotCgroupDir {
            arg: arg.into(),
            path,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// --unit
// ---------------------------------------------------------------------------------------------

/// Unit types; a name without one of these suffixes gets ".service", as systemctl does.
const UNIT_TYPES: [&str; 11] = [
    "service",
    "socket",
    "device",
    "mount",
    "automount",
    "swap",
    "target",
    "path",
    "timer",
    "slice",
    "scope",
];

/// Unit types that own a cgroup, for labels.
const CGROUP_UNIT_TYPES: [&str; 6] = ["service", "scope", "slice", "socket", "mount", "swap"];

/// What systemd said about a unit's cgroup.
#[derive(Debug)]
enum Systemd {
    NotRunning,
    /// `ControlGroup`, relative to the cgroup2 mount.
    Cgroup(String),
    /// Why it gave no cgroup.
    NoAnswer(String),
}

/// The cgroup of a systemd unit, slice or scope, for `--unit`: `nginx.service`, `nginx`
/// (".service" is added), `foo.slice`, `bar.scope`.
///
/// When systemd runs, its `ControlGroup` property decides. Otherwise (or if that cgroup is missing)
/// the standard layout is searched, in three tiers, the first tier with a match deciding, more than
/// one match in it being an error: (1) where the system manager puts units — system.slice/NAME,
/// a slice by the nesting rule (a-b.slice in a.slice/a-b.slice), machine.slice/NAME, NAME at the
/// root (init.scope); (2) anywhere under user.slice/ (user managers' units, session scopes);
/// (3) anywhere in the tree.
pub fn unit(name: &str) -> Result<Cgroup, TargetError> {
    let h = Hierarchy::open()?;
    let name = unit_name(name)?;
    let systemd = systemd_cgroup(&name);
    unit_in(&h, &name, systemd)
}

/// The full unit name systemctl would use.
fn unit_name(name: &str) -> Result<String, TargetError> {
    let bad = |why| {
        Err(TargetError::BadUnitName {
            name: name.into(),
            why,
        })
    };
    if name.is_empty() {
        return bad("the name is empty");
    }
    if name.contains('/') {
        return bad("a unit name has no '/' (--cgroup takes a path)");
    }
    if name.chars().any(char::is_whitespace) {
        return bad("a unit name has no spaces");
    }
    match name.rsplit_once('.') {
        Some((stem, ty)) if !stem.is_empty() && UNIT_TYPES.contains(&ty) => Ok(name.to_owned()),
        _ => Ok(format!("{name}.service")),
    }
}

/// Where the nesting rule puts a slice: "a-b-c.slice" → "a.slice/a-b.slice/a-b-c.slice",
/// "-.slice" (the root slice) → "". `None` for names that are not slices.
fn slice_path(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".slice")?;
    if stem == "-" {
        return Some(String::new());
    }
    // systemd refuses such names; they can only be a single directory.
    if stem.is_empty() || stem.starts_with('-') || stem.ends_with('-') || stem.contains("--") {
        return Some(name.to_owned());
    }
    let mut parts = Vec::new();
    for (i, c) in stem.char_indices() {
        if c == '-' {
            parts.push(format!("{}.slice", &stem[..i]));
        }
    }
    parts.push(name.to_owned());
    Some(parts.join("/"))
}

fn systemd_cgroup(name: &str) -> Systemd {
    if !Path::new(SYSTEMD_RUNNING).is_dir() {
        return Systemd::NotRunning;
    }
    let out = Command::new("systemctl")
        .args(["show", "--property=ControlGroup", "--value", "--", name])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match out {
        Err(e) => Systemd::NoAnswer(format!("cannot run systemctl: {}", io_text(&e))),
        Ok(o) if !o.status.success() => {
            let err = String::from_utf8_lossy(&o.stderr);
            let line = err.lines().next().unwrap_or("").trim();
            Systemd::NoAnswer(format!("systemctl show failed: {line}"))
        }
        Ok(o) => match String::from_utf8_lossy(&o.stdout).trim() {
            "" => Systemd::NoAnswer("systemd knows no cgroup for it".into()),
            cg => Systemd::Cgroup(cg.to_owned()),
        },
    }
}

fn unit_in(h: &Hierarchy, name: &str, systemd: Systemd) -> Result<Cgroup, TargetError> {
    let why = match systemd {
        Systemd::Cgroup(rel) => match cgroup_in(h, &rel) {
            Ok(cg) => return Ok(cg),
            Err(_) => format!("systemd says {rel}, which is missing"),
        },
        Systemd::NotRunning => "systemd is not running".to_owned(),
        Systemd::NoAnswer(why) => why,
    };
    let looked = match slice_path(name) {
        Some(p) => vec![p],
        None => vec![
            format!("system.slice/{name}"),
            format!("machine.slice/{name}"),
            name.to_owned(),
        ],
    };
    let mut direct = Vec::new();
    for rel in &looked {
        let comps: Vec<String> = rel
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if let Lookup::Found(cg) = h.lookup(&comps)? {
            direct.push(cg);
        }
    }
    let named = |c: &[String]| c.last().is_some_and(|n| n == name);
    // Each tier is searched only if the ones before found nothing.
    if let Some(cg) = only_unit(name, direct)? {
        return Ok(cg);
    }
    if let Some(cg) = only_unit(name, h.found(h.walk(&["user.slice".to_owned()], named))?)? {
        return Ok(cg);
    }
    if let Some(cg) = only_unit(name, h.found(h.walk(&[], named))?)? {
        return Ok(cg);
    }
    let looked = looked
        .into_iter()
        .map(|p| if p.is_empty() { "/".to_owned() } else { p })
        .collect();
    Err(TargetError::NoUnit {
        name: name.to_owned(),
        why,
        looked,
        mount: h.mount.clone(),
    })
}

/// The one cgroup of a search tier; `None` if it found none.
fn only_unit(name: &str, mut tier: Vec<Cgroup>) -> Result<Option<Cgroup>, TargetError> {
    match tier.len() {
        0 => Ok(None),
        1 => Ok(Some(tier.remove(0))),
        _ => Err(TargetError::AmbiguousUnit {
            name: name.to_owned(),
            candidates: tier.into_iter().map(|cg| cg.rel).collect(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// --container
// ---------------------------------------------------------------------------------------------

/// The runtime a container cgroup's name shows; `label` is its word in labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    Docker,
    Podman,
    Containerd,
    Crio,
    /// A bare id in a kubepods pod directory (cgroupfs driver): any CRI runtime.
    Kubernetes,
}

impl Runtime {
    fn label(self) -> &'static str {
        match self {
            Runtime::Docker => "docker",
            Runtime::Podman => "podman",
            Runtime::Containerd => "containerd",
            Runtime::Crio => "crio",
            Runtime::Kubernetes => "container",
        }
    }
}

/// systemd-driver container scopes: `<prefix><ID>.scope`.
const SCOPE_PREFIXES: [(&str, Runtime); 4] = [
    ("docker-", Runtime::Docker),
    ("libpod-", Runtime::Podman),
    ("cri-containerd-", Runtime::Containerd),
    ("crio-", Runtime::Crio),
];

/// Container ids are long hex (docker, containerd, CRI-O and podman use 64 digits).
fn is_id(s: &str) -> bool {
    (12..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn strip_runtime_prefix(name: &str) -> Option<(Runtime, &str)> {
    SCOPE_PREFIXES
        .iter()
        .find_map(|&(prefix, rt)| Some((rt, name.strip_prefix(prefix).filter(|id| is_id(id))?)))
}

/// The container whose cgroup is the last of `comps` (names below the mount), if it is one:
/// `docker-ID.scope`, `libpod-ID.scope`, `cri-containerd-ID.scope`, `crio-ID.scope` anywhere;
/// podman's `libpod-payload-ID`; `docker/ID`; `libpod_parent/libpod-ID`; and `ID` (or a
/// runtime-prefixed ID) in a `pod…` directory of a kubepods hierarchy. Conmon scopes
/// (`libpod-conmon-ID.scope`) are not containers.
fn container_at<S: AsRef<str>>(comps: &[S]) -> Option<(Runtime, &str)> {
    let (name, ancestors) = comps.split_last()?;
    let name = name.as_ref();
    let parent = ancestors.last().map_or("", AsRef::as_ref);
    if let Some(stem) = name.strip_suffix(".scope") {
        return strip_runtime_prefix(stem);
    }
    if let Some(id) = name.strip_prefix("libpod-payload-")
        && is_id(id)
    {
        return Some((Runtime::Podman, id));
    }
    match parent {
        "docker" if is_id(name) => return Some((Runtime::Docker, name)),
        "libpod_parent" => {
            return name
                .strip_prefix("libpod-")
                .filter(|id| is_id(id))
                .map(|id| (Runtime::Podman, id));
        }
        _ => {}
    }
    let in_kubepods = ancestors.iter().any(|a| a.as_ref().starts_with("kubepods"));
    if in_kubepods && parent.starts_with("pod") {
        if is_id(name) {
            return Some((Runtime::Kubernetes, name));
        }
        return strip_runtime_prefix(name);
    }
    None
}

/// A container's cgroup, for `--container`: a full id or a prefix of one (Kubernetes'
/// `containerd://ID` form is accepted too). Exactly one container must match, except that an
/// exact id wins over longer ones it prefixes. A container seen at several depths (podman's
/// payload inside its scope) is its outermost cgroup.
pub fn container(id: &str) -> Result<Cgroup, TargetError> {
    container_in(&Hierarchy::open()?, id)
}

fn container_in(h: &Hierarchy, id: &str) -> Result<Cgroup, TargetError> {
    let bad = |why| Err(TargetError::BadContainerId { id: id.into(), why });
    let want = id
        .rsplit_once("://")
        .map_or(id, |(_, rest)| rest)
        .to_ascii_lowercase();
    if want.is_empty() {
        return bad("the id is empty");
    }
    if want.contains('/') || want.chars().any(char::is_whitespace) {
        return bad("an id has no '/' or spaces");
    }
    let matches = |c: &[String]| {
        container_at(c).is_some_and(|(_, cid)| cid.to_ascii_lowercase().starts_with(&want))
    };
    // Shallowest first, so a container's outer cgroup comes before its inner ones.
    let mut hits: Vec<(Runtime, String, Vec<String>, PathBuf)> = Vec::new();
    for (path, comps) in h.walk(&[], matches) {
        let Some((rt, cid)) = container_at(&comps) else {
            continue;
        };
        let cid = cid.to_ascii_lowercase();
        if hits
            .iter()
            .any(|(_, seen, outer, _)| *seen == cid && comps.starts_with(outer))
        {
            continue;
        }
        hits.push((rt, cid, comps, path));
    }
    let exact: Vec<usize> = (0..hits.len()).filter(|&i| hits[i].1 == want).collect();
    if exact.len() == 1 {
        hits = vec![hits.swap_remove(exact[0])];
    }
    match hits.len() {
        0 => Err(TargetError::NoContainer {
            prefix: id.into(),
            mount: h.mount.clone(),
        }),
        1 => {
            let (_, _, comps, path) = hits.remove(0);
            match h.at(path, &comps)? {
                Lookup::Found(cg) => Ok(cg),
                // It went away between the walk and now.
                Lookup::Missing(_) | Lookup::NotCgroup(_) => Err(TargetError::NoContainer {
                    prefix: id.into(),
                    mount: h.mount.clone(),
                }),
            }
        }
        _ => Err(TargetError::AmbiguousContainer {
            prefix: id.into(),
            candidates: hits
                .iter()
                .map(|(rt, cid, comps, _)| {
                    format!("{}:{} ({})", rt.label(), short_id(cid), rel_string(comps))
                })
                .collect(),
        }),
    }
}

/// Docker's short form of an id: its first 12 characters.
fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// The most specific unit or container a cgroup path (below the mount) belongs to, to label
/// lines: the deepest component that is a container ("docker:0123456789ab", "container:…" for a
/// bare kubepods id) or a unit with a cgroup ("nginx.service", "session-3.scope"); else the last
/// component; `None` for the root.
pub fn unit_or_container_label(rel: &str) -> Option<String> {
    let comps: Vec<&str> = rel
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    for i in (0..comps.len()).rev() {
        if let Some((rt, id)) = container_at(&comps[..=i]) {
            return Some(format!("{}:{}", rt.label(), short_id(id)));
        }
        let name = comps[i];
        if let Some((stem, ty)) = name.rsplit_once('.')
            && !stem.is_empty()
            && CGROUP_UNIT_TYPES.contains(&ty)
        {
            return Some(name.to_owned());
        }
    }
    comps.last().map(|c| (*c).to_owned())
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/// The path below the mount of the cgroup with this id (its directory's inode number), for
/// naming the groups of `-c --per cgroup`; None if it is gone (or beyond the walk's bounds).
pub fn cgroup_path_of_id(id: u64) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let h = Hierarchy::open().ok()?;
    if fs::metadata(&h.mount).ok()?.ino() == id {
        return Some("/".to_owned());
    }
    let hits = h.walk(&[], |comps| {
        let mut p = h.mount.clone();
        p.extend(comps);
        fs::symlink_metadata(&p).is_ok_and(|m| m.ino() == id)
    });
    hits.into_iter().next().map(|(_, comps)| rel_string(&comps))
}

/// The process a thread belongs to (its `Tgid:` in /proc); `None` if it is gone.
pub fn tgid_of(tid: u32) -> Option<u32> {
    std::fs::read_to_string(format!("/proc/{tid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("Tgid:"))
        .and_then(|v| v.trim().parse().ok())
}

/// A process's cgroup v2 path (below the mount, as in its "0::/path" line of /proc/PID/cgroup);
/// `None` if it is gone or in no v2 cgroup.
pub fn cgroup_of_pid(pid: u32) -> Option<String> {
    parse_proc_cgroup(&fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?)
}

fn parse_proc_cgroup(text: &str) -> Option<String> {
    let path = text.lines().find_map(|l| l.strip_prefix("0::"))?;
    // The kernel marks a cgroup removed while the process is in it.
    Some(path.strip_suffix(" (deleted)").unwrap_or(path).to_owned())
}

/// Every thread of the process `pid`, ascending.
///
/// `pid` may also be a thread id: like `strace -f -p TID`, that gives the whole thread group
/// (/proc/TID/task lists it). Without -f strace attaches to the named task alone, whichever it
/// is; callers wanting that need only this function's existence check.
pub fn threads(pid: u32) -> Result<Vec<u32>, TargetError> {
    let dir = PathBuf::from(format!("/proc/{pid}/task"));
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound || e.raw_os_error() == Some(libc::ESRCH) => {
            return Err(TargetError::NoProcess { pid });
        }
        Err(source) => return Err(TargetError::Read { path: dir, source }),
    };
    let mut tids: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    if tids.is_empty() {
        // It exited while we looked.
        return Err(TargetError::NoProcess { pid });
    }
    tids.sort_unstable();
    Ok(tids)
}

/// The process ids in one `-p` argument, as strace reads it: separated by commas, spaces, tabs or
/// newlines (`-p "$(pidof foo)"`, `-p "$(pgrep foo)"`), each a decimal number from 1 to
/// 2147483647 with an optional '+'. An empty item is invalid, except after a single final
/// separator. An empty argument names no process (strace then wants a command or another -p).
/// Repeats are dropped.
pub fn parse_pids(arg: &str) -> Result<Vec<u32>, TargetError> {
    let mut pids = Vec::new();
    let mut items: Vec<&str> = arg.split(['\n', '\t', ' ', ',']).collect();
    if items.len() > 1 && items.last() == Some(&"") {
        items.pop();
    }
    if arg.is_empty() {
        items.clear();
    }
    let me = std::process::id();
    for item in items {
        let pid = parse_pid(item).ok_or_else(|| TargetError::InvalidPid { arg: item.into() })?;
        if pid == me {
            return Err(TargetError::OwnPid { pid });
        }
        if !pids.contains(&pid) {
            pids.push(pid);
        }
    }
    Ok(pids)
}

/// One positive pid, as strace's `string_to_uint_upto(s, INT_MAX)` reads it.
fn parse_pid(s: &str) -> Option<u32> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (1..=i32::MAX.unsigned_abs()).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    // --- pure parsing ---------------------------------------------------------------------

    const HYBRID: &str = "\
25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
31 23 0:28 / /sys/fs/cgroup rw,relatime shared:9 - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:10 - cgroup cgroup rw,cpu
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime shared:18 - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:19 - cgroup2 cgroup2 rw
";

    #[test]
    fn mountinfo_hybrid_layout() {
        let m = parse_mountinfo(HYBRID).unwrap();
        assert_eq!(m.point, Path::new("/sys/fs/cgroup/unified"));
        assert_eq!(m.root, Path::new("/"));
    }

    #[test]
    fn mountinfo_unified_layout_without_optional_fields() {
        let m = parse_mountinfo(
            "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n",
        )
        .unwrap();
        assert_eq!(m.point, Path::new("/sys/fs/cgroup"));
    }

    #[test]
    fn mountinfo_several_optional_fields() {
        let text = "30 23 0:26 / /cg rw shared:4 master:2 propagate_from:1 - cgroup2 none rw\n";
        assert_eq!(parse_mountinfo(text).unwrap().point, Path::new("/cg"));
    }

    #[test]
    fn mountinfo_octal_escapes() {
        let text = "30 23 0:26 / /mnt/my\\040cgroups\\011x\\134y rw - cgroup2 cgroup2 rw\n";
        assert_eq!(
            parse_mountinfo(text).unwrap().point,
            Path::new("/mnt/my cgroups\tx\\y")
        );
        // Not an escape: kept as written.
        assert_eq!(unescape_octal("a\\09b\\"), b"a\\09b\\");
        assert_eq!(unescape_octal("\\012"), b"\n");
    }

    #[test]
    fn mountinfo_prefers_the_whole_hierarchy() {
        let text = "\
50 25 0:38 /system.slice /srv/cg rw - cgroup2 cgroup2 rw
41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
";
        assert_eq!(
            parse_mountinfo(text).unwrap().point,
            Path::new("/sys/fs/cgroup")
        );
        let only_subtree = text.lines().next().unwrap();
        let m = parse_mountinfo(only_subtree).unwrap();
        assert_eq!(
            (m.point.as_path(), m.root.as_path()),
            (Path::new("/srv/cg"), Path::new("/system.slice"))
        );
    }

    #[test]
    fn mountinfo_without_cgroup2() {
        let v1_only: String = HYBRID
            .lines()
            .filter(|l| !l.contains("cgroup2"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(parse_mountinfo(&v1_only), None);
        assert_eq!(parse_mountinfo(""), None);
        // Truncated or odd lines are skipped, not trusted.
        assert_eq!(
            parse_mountinfo("1 2 3\n- cgroup2\n41 31 0:38 / /x - cgroup2\n"),
            None
        );
        assert_eq!(parse_mountinfo("41 31 0:38 / /x rw -\n"), None);
    }

    #[test]
    fn unit_names_like_systemctl() {
        assert_eq!(unit_name("nginx").unwrap(), "nginx.service");
        assert_eq!(unit_name("nginx.service").unwrap(), "nginx.service");
        assert_eq!(unit_name("getty@tty1").unwrap(), "getty@tty1.service");
        assert_eq!(unit_name("foo.slice").unwrap(), "foo.slice");
        assert_eq!(unit_name("session-3.scope").unwrap(), "session-3.scope");
        assert_eq!(unit_name("my.app").unwrap(), "my.app.service");
        assert_eq!(unit_name(".scope").unwrap(), ".scope.service");
        assert_eq!(
            unit_name("system.slice/nginx.service")
                .unwrap_err()
                .to_string(),
            "invalid unit name 'system.slice/nginx.service': a unit name has no '/' (--cgroup takes a path)"
        );
        assert!(unit_name("").is_err());
    }

    #[test]
    fn slice_nesting() {
        assert_eq!(slice_path("user.slice").unwrap(), "user.slice");
        assert_eq!(
            slice_path("user-1000.slice").unwrap(),
            "user.slice/user-1000.slice"
        );
        assert_eq!(
            slice_path("a-b-c.slice").unwrap(),
            "a.slice/a-b.slice/a-b-c.slice"
        );
        assert_eq!(slice_path("-.slice").unwrap(), "");
        assert_eq!(slice_path("a--b.slice").unwrap(), "a--b.slice");
        assert_eq!(slice_path("nginx.service"), None);
    }

    const ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn split(rel: &str) -> Vec<&str> {
        rel.split('/').filter(|c| !c.is_empty()).collect()
    }

    #[test]
    fn container_names() {
        let at = |rel: &str| container_at(&split(rel)).map(|(rt, id)| (rt.label(), id.to_owned()));
        let id = ID.to_owned();
        assert_eq!(
            at(&format!("/system.slice/docker-{ID}.scope")),
            Some(("docker", id.clone()))
        );
        assert_eq!(
            at(&format!("/machine.slice/libpod-{ID}.scope")),
            Some(("podman", id.clone()))
        );
        assert_eq!(
            at(&format!(
                "/machine.slice/libpod-{ID}.scope/libpod-payload-{ID}"
            )),
            Some(("podman", id.clone()))
        );
        assert_eq!(
            at(&format!("/machine.slice/libpod-conmon-{ID}.scope")),
            None
        );
        assert_eq!(
            at(&format!("/libpod_parent/libpod-{ID}")),
            Some(("podman", id.clone()))
        );
        assert_eq!(at(&format!("/docker/{ID}")), Some(("docker", id.clone())));
        assert_eq!(at(&format!("/elsewhere/{ID}")), None);
        assert_eq!(at("/docker/not-an-id"), None);
        assert_eq!(
            at(&format!(
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice/cri-containerd-{ID}.scope"
            )),
            Some(("containerd", id.clone()))
        );
        assert_eq!(
            at(&format!("/kubepods/burstable/pod1f2e-33/{ID}")),
            Some(("container", id.clone()))
        );
        assert_eq!(
            at(&format!("/kubepods/pod1f2e-33/crio-{ID}")),
            Some(("crio", id.clone()))
        );
        assert_eq!(at("/kubepods/burstable/pod1f2e-33"), None);
        assert_eq!(at(&format!("/system.slice/crio-conmon-{ID}.scope")), None);
        assert_eq!(at("/system.slice/docker-abc.scope"), None);
    }

    #[test]
    fn labels() {
        let l = unit_or_container_label;
        assert_eq!(
            l("/system.slice/nginx.service").as_deref(),
            Some("nginx.service")
        );
        assert_eq!(
            l("/system.slice/nginx.service/worker").as_deref(),
            Some("nginx.service")
        );
        assert_eq!(
            l(&format!("/system.slice/docker-{ID}.scope")).as_deref(),
            Some("docker:0123456789ab")
        );
        assert_eq!(
            l(&format!("/system.slice/docker-{ID}.scope/init.scope")).as_deref(),
            Some("init.scope")
        );
        assert_eq!(
            l(&format!("/kubepods/burstable/pod7-8/{ID}")).as_deref(),
            Some("container:0123456789ab")
        );
        assert_eq!(
            l(&format!(
                "/kubepods.slice/kubepods-pod7.slice/cri-containerd-{ID}.scope"
            ))
            .as_deref(),
            Some("containerd:0123456789ab")
        );
        assert_eq!(
            l(&format!("/machine.slice/libpod-{ID}.scope/container")).as_deref(),
            Some("podman:0123456789ab")
        );
        assert_eq!(
            l("/user.slice/user-1000.slice/user@1000.service/app.slice/app-x.scope").as_deref(),
            Some("app-x.scope")
        );
        assert_eq!(
            l("/user.slice/user-1000.slice/session-3.scope").as_deref(),
            Some("session-3.scope")
        );
        assert_eq!(l("/mygroup/sub").as_deref(), Some("sub"));
        assert_eq!(l("/"), None);
        assert_eq!(l(""), None);
    }

    #[test]
    fn long_candidate_lists_are_cut() {
        let items: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(listing(&items[..2]), "1, 2");
        assert_eq!(listing(&items), "1, 2, 3, 4, 5 and 2 more");
    }

    #[test]
    fn proc_cgroup_lines() {
        let hybrid = "9:name=systemd:/user.slice\n4:memory:/x\n0::/user.slice/session-3.scope\n";
        assert_eq!(
            parse_proc_cgroup(hybrid).as_deref(),
            Some("/user.slice/session-3.scope")
        );
        assert_eq!(parse_proc_cgroup("0::/\n").as_deref(), Some("/"));
        assert_eq!(
            parse_proc_cgroup("0::/gone (deleted)\n").as_deref(),
            Some("/gone")
        );
        assert_eq!(parse_proc_cgroup("4:memory:/x\n"), None);
    }

    #[test]
    fn pids_like_strace() {
        assert_eq!(parse_pids("123").unwrap(), [123]);
        assert_eq!(parse_pids("123,456").unwrap(), [123, 456]);
        assert_eq!(parse_pids("123 456\t789\n10").unwrap(), [123, 456, 789, 10]);
        assert_eq!(parse_pids("+5").unwrap(), [5]);
        assert_eq!(parse_pids("5,").unwrap(), [5]);
        assert_eq!(parse_pids("5,5").unwrap(), [5]);
        assert_eq!(parse_pids("2147483647").unwrap(), [2_147_483_647]);
        assert_eq!(parse_pids("").unwrap(), Vec::<u32>::new());
        let err = |s| parse_pids(s).unwrap_err().to_string();
        assert_eq!(err("abc"), "Invalid process id: 'abc'");
        assert_eq!(err("0"), "Invalid process id: '0'");
        assert_eq!(err("-5"), "Invalid process id: '-5'");
        assert_eq!(err("1 2x"), "Invalid process id: '2x'");
        assert_eq!(err("1,,2"), "Invalid process id: ''");
        assert_eq!(err("5,,"), "Invalid process id: ''");
        assert_eq!(err(" 12"), "Invalid process id: ''");
        assert_eq!(err("2147483648"), "Invalid process id: '2147483648'");
        assert_eq!(err("4294967296"), "Invalid process id: '4294967296'");
        assert_eq!(
            err(&std::process::id().to_string()),
            "I'm sorry, I can't let you do that, Dave."
        );
    }

    #[test]
    fn threads_of_processes() {
        let me = std::process::id();
        let tids = threads(me).unwrap();
        assert!(tids.contains(&me));
        assert!(tids.windows(2).all(|w| w[0] < w[1]));
        // A thread id gives its whole group, as strace -f -p TID does.
        let (tx, rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let t = std::thread::spawn(move || {
            // SAFETY: gettid has no preconditions.
            tx.send(u32::try_from(unsafe { libc::gettid() }).unwrap())
                .unwrap();
            let _ = done_rx.recv();
        });
        let tid = rx.recv().unwrap();
        let group = threads(tid).unwrap();
        assert!(group.contains(&me) && group.contains(&tid));
        drop(done_tx);
        t.join().unwrap();
        // pid_max is at most 2^22, so this one never exists.
        assert_eq!(
            threads(999_999_999).unwrap_err().to_string(),
            "attach: ptrace(PTRACE_SEIZE, 999999999): No such process"
        );
    }

    // --- real cgroup directories ----------------------------------------------------------

    /// Real-filesystem tests run one at a time, so that one test's cleanup never finds a shared
    /// parent (system.slice, docker, …) still holding another test's directories.
    static REAL_FS: Mutex<()> = Mutex::new(());

    /// Directories a test made under the real cgroup2 mount; removed deepest first on drop.
    /// Parents that existed before are left alone; a shared parent this test made is removed only
    /// if nothing else is left in it.
    struct Made {
        h: Hierarchy,
        dirs: Vec<PathBuf>,
        _serial: std::sync::MutexGuard<'static, ()>,
    }

    impl Made {
        /// Fails the test where cgroups cannot be made (no cgroup2, not root): tests run as root
        /// on a kernel with cgroup v2, here and in CI, and must not pass by doing nothing.
        fn new() -> Made {
            let serial = REAL_FS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let h = Hierarchy::open().unwrap_or_else(|e| panic!("no cgroup v2 hierarchy: {e}"));
            let probe = h.mount.join(unique("probe"));
            match fs::create_dir(&probe) {
                Ok(()) => fs::remove_dir(&probe).unwrap(),
                Err(e) => panic!("cannot make cgroups ({}): {e}", probe.display()),
            }
            Made {
                h,
                dirs: Vec::new(),
                _serial: serial,
            }
        }

        /// mkdir -p of `rel` below the mount; returns the cgroup's directory.
        fn mkdir(&mut self, rel: &str) -> PathBuf {
            let mut path = self.h.mount.clone();
            for c in rel.split('/').filter(|c| !c.is_empty()) {
                path.push(c);
                match fs::create_dir(&path) {
                    Ok(()) => self.dirs.push(path.clone()),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => panic!("mkdir {}: {e}", path.display()),
                }
            }
            path
        }
    }

    impl Drop for Made {
        fn drop(&mut self) {
            for d in self.dirs.iter().rev() {
                // ENOTEMPTY/EBUSY: someone else's cgroup is still in a shared parent.
                let _ = fs::remove_dir(d);
            }
        }
    }

    /// A name no other test or test run uses.
    fn unique(name: &str) -> String {
        format!("tracer-test-{}-{name}", std::process::id())
    }

    /// A 64-digit container id: `tag` and this process in the first 16 digits, `n` in the rest.
    fn hex_id(tag: u32, n: u128) -> String {
        format!("{:08x}{tag:08x}{n:048x}", std::process::id())
    }

    fn check(cg: &Cgroup, h: &Hierarchy, rel: &str) {
        let path = h.mount.join(rel.trim_start_matches('/'));
        assert_eq!(cg.path, path);
        assert_eq!(cg.rel, rel);
        assert_eq!(cg.id, fs::metadata(&path).unwrap().ino());
        let depth = rel.split('/').filter(|c| !c.is_empty()).count();
        assert_eq!(cg.level, u32::try_from(depth).unwrap());
    }

    #[test]
    fn cgroup2_mount_is_found() {
        let made = Made::new();
        assert_eq!(cgroup2_mount().unwrap(), made.h.mount);
    }

    #[test]
    fn cgroup_paths() {
        let mut made = Made::new();
        let rel = format!("/system.slice/{}", unique("web.service"));
        let dir = made.mkdir(&rel);
        let h = &made.h;
        // Absolute under the mount, relative to it, and absolute as /proc/PID/cgroup prints it.
        check(&cgroup(dir.to_str().unwrap()).unwrap(), h, &rel);
        check(&cgroup(&rel[1..]).unwrap(), h, &rel);
        check(&cgroup(&rel).unwrap(), h, &rel);
        check(&cgroup(&format!("{rel}/")).unwrap(), h, &rel);
        check(&cgroup(&format!("./{}", &rel[1..])).unwrap(), h, &rel);
        // The root.
        let root = cgroup("/").unwrap();
        check(&root, h, "/");
        assert_eq!(root.level, 0);
        check(&cgroup(h.mount.to_str().unwrap()).unwrap(), h, "/");

        let missing = format!("/{}", unique("nope"));
        assert_eq!(
            cgroup(&missing).unwrap_err().to_string(),
            format!(
                "cgroup {missing} does not exist (looked in {}{missing})",
                h.mount.display()
            )
        );
        let err = cgroup(&format!("{rel}/../..")).unwrap_err();
        assert!(matches!(err, TargetError::BadCgroupPath { .. }), "{err}");
        let err = cgroup(&format!("{rel}/cgroup.procs")).unwrap_err();
        assert!(matches!(err, TargetError::NotCgroupDir { .. }), "{err}");
        assert!(cgroup("").is_err());
        // An existing directory outside the hierarchy.
        assert_eq!(
            cgroup("/proc/self").unwrap_err().to_string(),
            format!(
                "/proc/self is not in the cgroup v2 hierarchy mounted at {0} (and {0}/proc/self does not exist)",
                h.mount.display()
            )
        );
    }

    #[test]
    fn units_in_the_standard_layout() {
        let mut made = Made::new();
        let svc = unique("svc");
        let svc_rel = format!("/system.slice/{svc}.service");
        made.mkdir(&svc_rel);
        let app = unique("app.scope");
        let app_rel = format!("/user.slice/user-1000.slice/user@1000.service/app.slice/{app}");
        made.mkdir(&app_rel);
        let session = unique("session.scope");
        let session_rel = format!("/user.slice/user-1000.slice/{session}");
        made.mkdir(&session_rel);
        // A slice where the nesting rule puts it: tracer-test-PID-web.slice.
        let slice = unique("web.slice");
        let pid = std::process::id();
        let slice_rel = format!("/tracer.slice/tracer-test.slice/tracer-test-{pid}.slice/{slice}");
        made.mkdir(&slice_rel);
        // A service in a custom slice: found by the walk.
        let far = unique("far.service");
        let far_rel = format!("/{}/inner/{far}", unique("custom.slice"));
        made.mkdir(&far_rel);
        let machine = unique("machine.scope");
        let machine_rel = format!("/machine.slice/{machine}");
        made.mkdir(&machine_rel);
        let h = &made.h;

        check(&unit(&svc).unwrap(), h, &svc_rel);
        check(&unit(&format!("{svc}.service")).unwrap(), h, &svc_rel);
        check(&unit(&app).unwrap(), h, &app_rel);
        check(&unit(&session).unwrap(), h, &session_rel);
        check(&unit(&slice).unwrap(), h, &slice_rel);
        check(&unit(&far).unwrap(), h, &far_rel);
        check(&unit(&machine).unwrap(), h, &machine_rel);
        check(
            &unit("user-1000.slice").unwrap(),
            h,
            "/user.slice/user-1000.slice",
        );

        let nope = unique("nope");
        assert_eq!(
            unit_in(h, &unit_name(&nope).unwrap(), Systemd::NotRunning)
                .unwrap_err()
                .to_string(),
            format!(
                "no unit {nope}.service (systemd is not running; looked for system.slice/{nope}.service, \
                 machine.slice/{nope}.service, {nope}.service, under user.slice/ and anywhere else in {})",
                h.mount.display()
            )
        );
    }

    #[test]
    fn units_system_before_user_and_ambiguity() {
        let mut made = Made::new();
        // The same name in the system manager's slice and a user manager's: the system one wins.
        let both = unique("both.service");
        made.mkdir(&format!("/system.slice/{both}"));
        made.mkdir(&format!(
            "/user.slice/user-1000.slice/user@1000.service/app.slice/{both}"
        ));
        // The same scope in two users' managers: ambiguous.
        let dup = unique("dup.scope");
        let a = format!("/user.slice/user-1000.slice/user@1000.service/app.slice/{dup}");
        let b = format!("/user.slice/user-1001.slice/user@1001.service/app.slice/{dup}");
        made.mkdir(&a);
        made.mkdir(&b);
        let h = &made.h;

        check(&unit(&both).unwrap(), h, &format!("/system.slice/{both}"));
        assert_eq!(
            unit(&dup).unwrap_err().to_string(),
            format!("unit {dup} matches 2 cgroups: {a}, {b}")
        );
    }

    #[test]
    fn units_through_systemd() {
        let mut made = Made::new();
        let rel = format!("/system.slice/{}", unique("sd.service"));
        made.mkdir(&rel);
        let h = &made.h;
        // systemd's answer is used as it is, whatever the name.
        check(
            &unit_in(h, "x.service", Systemd::Cgroup(rel.clone())).unwrap(),
            h,
            &rel,
        );
        // A cgroup systemd names that is missing: the layout is searched, the message says why.
        let name = rel.rsplit('/').next().unwrap();
        check(
            &unit_in(h, name, Systemd::Cgroup("/gone.service".into())).unwrap(),
            h,
            &rel,
        );
        let err = unit_in(h, "gone.service", Systemd::Cgroup("/gone.service".into()))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("no unit gone.service (systemd says /gone.service, which is missing; "),
            "{err}"
        );
    }

    #[test]
    fn containers_in_each_layout() {
        let mut made = Made::new();
        let docker_scope = hex_id(1, 1);
        let docker_scope_rel = format!("/system.slice/docker-{docker_scope}.scope");
        made.mkdir(&docker_scope_rel);
        let docker_dir = hex_id(2, 1);
        let docker_dir_rel = format!("/docker/{docker_dir}");
        made.mkdir(&docker_dir_rel);
        let kube_systemd = hex_id(3, 1);
        let kube_systemd_rel = format!(
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{0}.slice/cri-containerd-{kube_systemd}.scope",
            unique("uid").replace('-', "_")
        );
        made.mkdir(&kube_systemd_rel);
        let kube_fs = hex_id(4, 1);
        let kube_fs_rel = format!("/kubepods/burstable/pod{}/{kube_fs}", unique("uid"));
        made.mkdir(&kube_fs_rel);
        // Podman: the scope holds a payload cgroup of the same container; the scope is the answer.
        let podman = hex_id(5, 1);
        let podman_rel = format!("/machine.slice/libpod-{podman}.scope");
        made.mkdir(&format!("{podman_rel}/libpod-payload-{podman}"));
        made.mkdir(&format!("/machine.slice/libpod-conmon-{podman}.scope"));
        let h = &made.h;

        for (id, rel) in [
            (&docker_scope, &docker_scope_rel),
            (&docker_dir, &docker_dir_rel),
            (&kube_systemd, &kube_systemd_rel),
            (&kube_fs, &kube_fs_rel),
            (&podman, &podman_rel),
        ] {
            check(&container(id).unwrap(), h, rel);
            check(&container(&id[..20]).unwrap(), h, rel);
            check(&container(&id.to_ascii_uppercase()).unwrap(), h, rel);
        }
        check(
            &container(&format!("containerd://{kube_systemd}")).unwrap(),
            h,
            &kube_systemd_rel,
        );
        assert_eq!(
            unit_or_container_label(&docker_scope_rel),
            Some(format!("docker:{}", &docker_scope[..12]))
        );
        assert_eq!(
            unit_or_container_label(&kube_fs_rel),
            Some(format!("container:{}", &kube_fs[..12]))
        );
    }

    #[test]
    fn container_prefixes_and_ambiguity() {
        let mut made = Made::new();
        let a = hex_id(6, 0xa << 124 | 1);
        let b = hex_id(6, 0xb << 124 | 1);
        let a_rel = format!("/system.slice/docker-{a}.scope");
        let b_rel = format!("/docker/{b}");
        made.mkdir(&a_rel);
        made.mkdir(&b_rel);
        let h = &made.h;
        // The same first 32 digits, then a and b.
        let shared = &a[..32];
        assert_eq!(&b[..32], shared);

        assert_eq!(
            container(shared).unwrap_err().to_string(),
            format!(
                "container prefix '{shared}' matches 2 containers: docker:{} ({b_rel}), docker:{} ({a_rel})",
                &b[..12],
                &a[..12]
            )
        );
        check(&container(&a[..33]).unwrap(), h, &a_rel);
        check(&container(&b).unwrap(), h, &b_rel);

        let nope = hex_id(7, 0);
        assert_eq!(
            container(&nope[..20]).unwrap_err().to_string(),
            format!(
                "no container matching '{}' (looked for docker-, libpod-, cri-containerd-, crio- scopes \
                 and docker/, libpod_parent/, kubepods/ directories in {})",
                &nope[..20],
                h.mount.display()
            )
        );
        assert!(matches!(
            container(""),
            Err(TargetError::BadContainerId { .. })
        ));
        assert!(matches!(
            container("a/b"),
            Err(TargetError::BadContainerId { .. })
        ));
    }

    #[test]
    fn cgroup_of_this_process() {
        let rel = cgroup_of_pid(std::process::id()).unwrap();
        assert!(rel.starts_with('/'), "{rel}");
        assert_eq!(cgroup_of_pid(999_999_999), None);
    }
}
