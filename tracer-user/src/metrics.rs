//! `--metrics ADDR:PORT`: while tracing, serve the kernel's counters to Prometheus at `/metrics`.
//!
//! # Metric families
//!
//! - `tracer_syscalls_total{syscall, cgroup}` counter: calls that returned.
//! - `tracer_syscall_errors_total{syscall, cgroup}` counter: of those, the ones that returned
//!   -4095..-1.
//! - `tracer_syscall_duration_seconds{syscall, cgroup}` histogram: time from entry to exit.
//! - `tracer_syscall_errno_total{syscall, errno, cgroup}` counter: failed calls per errno; only
//!   counted with `--errors`, so otherwise empty.
//! - `tracer_events_lost_total` counter: events the kernel dropped with the ring buffer full.
//!
//! Labels and values:
//!
//! - `syscall` is strace's name, or `syscall_0x…` (as strace prints it) for a number without a
//!   row.
//! - `errno` is the errno's name (`ENOENT`), or its decimal number when it has none.
//! - `cgroup` is the caller's label for the group: a unit or container name, or the group id as
//!   text. Group 0 (counts not split by `--per`) is `""`, which Prometheus treats as no label, so
//!   `sum by (syscall)` reads the same either way. With `--per tgid|tid` the label carries the
//!   caller's name for the process or thread. Groups that get the same label are summed into one
//!   series (a container restarted in a new cgroup keeps its series, and no scrape ever holds two
//!   samples of one series).
//! - The histogram is the kernel's: bucket i of [`SyscallStats::hist`] counts calls of
//!   [2^i, 2^(i+1)) ns, so `le` is 2^(i+1) ns in seconds (2e-9 … 2.147483648), and the last,
//!   open bucket is `+Inf`. `_count` is the calls and `_sum` is `total_ns / 1e9`. A read that
//!   races the kernel's (unlocked, per-CPU) update can see a call counted but not yet bucketed,
//!   or the other way round: the buckets are clamped to the calls and `+Inf` takes the rest, so
//!   the series stay consistent and monotonic.
//!
//! # Format
//!
//! [`render`] uses the prometheus-client crate, whose text encoder writes OpenMetrics 1.0: a
//! counter's `# TYPE` line names the family without `_total`, a histogram with a unit has a
//! `# UNIT` line, and the text ends with `# EOF`. A classic (`text/plain; version=0.0.4`) parser
//! reads that too, but files each counter's samples under an untyped `…_total` family. So the
//! server answers OpenMetrics as it is when the scraper's `Accept` lists
//! `application/openmetrics-text` (Prometheus's does by default), and otherwise answers
//! `text/plain; version=0.0.4` with the text passed through [`classic`], which names counters'
//! `# HELP`/`# TYPE` lines `…_total` and drops `# UNIT` and `# EOF`.
//!
//! # Server
//!
//! A minimal HTTP/1.1 server on the tracer's own (current-thread) tokio runtime: one task per
//! connection, at most [`MAX_CONNECTIONS`] at once (more are closed at once); the request head is
//! read up to [`MAX_HEAD`] bytes within [`READ_TIMEOUT`]; one response, then the connection is
//! closed. `GET /metrics` answers 200, another path 404, another method on `/metrics` 405. The
//! metrics source runs on tokio's blocking pool, so reading the kernel maps and encoding never
//! holds up the task that drains the ring buffer.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};
use tokio::io::AsyncWrite;
use tokio::net::{TcpListener, TcpStream};
use tracer_common::HIST_BUCKETS;

use crate::summary::{Counts, SyscallStats};
use crate::table::Table;
use crate::table::errno::{errno_message, errno_name};

/// What one scrape shows: the counters merged over CPUs, and the events lost so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub counts: Counts,
    pub lost: u64,
}

/// The exposition of `snap`: the families in the module doc, ending with `# EOF`. `label` names
/// a group for the `cgroup` label; it is not called for group 0, which is `""`.
pub fn render(table: &Table, snap: &Snapshot, label: &dyn Fn(u64) -> String) -> String {
    let mut names: BTreeMap<u64, String> = BTreeMap::new();
    let mut name_of = |group: u64| -> String {
        if group == 0 {
            return String::new();
        }
        names.entry(group).or_insert_with(|| label(group)).clone()
    };

    let mut rows: BTreeMap<(String, u32), SyscallStats> = BTreeMap::new();
    for (&group, by_nr) in &snap.counts.groups {
        let cgroup = name_of(group);
        for (&nr, st) in by_nr {
            match rows.get_mut(&(cgroup.clone(), nr)) {
                Some(sum) => add(sum, st),
                None => {
                    rows.insert((cgroup.clone(), nr), *st);
                }
            }
        }
    }
    let mut errnos: BTreeMap<(String, u32, u32), u64> = BTreeMap::new();
    for (&(group, nr, errno), &n) in &snap.counts.errors {
        let sum = errnos.entry((name_of(group), nr, errno)).or_default();
        *sum = sum.saturating_add(n);
    }

    let exposition = Exposition {
        rows: rows
            .into_iter()
            .map(|((cgroup, nr), st)| {
                let labels = [
                    ("syscall", syscall_name(table, nr)),
                    ("cgroup", Cow::Owned(cgroup)),
                ];
                (labels, st)
            })
            .collect(),
        errnos: errnos
            .into_iter()
            .map(|((cgroup, nr, errno), n)| {
                let labels = [
                    ("syscall", syscall_name(table, nr)),
                    ("errno", errno_label(errno)),
                    ("cgroup", Cow::Owned(cgroup)),
                ];
                (labels, n)
            })
            .collect(),
        lost: snap.lost,
    };
    let mut registry = Registry::default();
    registry.register_collector(Box::new(exposition));
    let mut out = String::new();
    // Writing to a String cannot fail, and the collector returns no errors of its own.
    let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
    out
}

fn syscall_name(table: &Table, nr: u32) -> Cow<'static, str> {
    match table.name(nr) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(format!("syscall_{nr:#x}")),
    }
}

fn errno_label(errno: u32) -> Cow<'static, str> {
    match i32::try_from(errno).ok().and_then(errno_name) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(errno.to_string()),
    }
}

/// Adds `b` to `a`, saturating: the counters come from the kernel.
fn add(a: &mut SyscallStats, b: &SyscallStats) {
    a.calls = a.calls.saturating_add(b.calls);
    a.errors = a.errors.saturating_add(b.errors);
    a.total_ns = a.total_ns.saturating_add(b.total_ns);
    a.min_ns = a.min_ns.min(b.min_ns);
    a.max_ns = a.max_ns.max(b.max_ns);
    for (x, y) in a.hist.iter_mut().zip(b.hist.iter()) {
        *x = x.saturating_add(*y);
    }
}

/// The upper bound of log2 bucket `i`, in seconds: 2^(i+1) ns; the last bucket is open.
fn upper_bound(i: usize) -> f64 {
    if i + 1 >= HIST_BUCKETS {
        f64::INFINITY
    } else {
        (1u64 << (i + 1)) as f64 / 1e9
    }
}

/// `(upper bound, calls in this bucket)` per bucket, as prometheus-client wants them (it adds
/// them up). The buckets hold exactly `st.calls`: clamped to it, the shortfall in `+Inf`.
fn buckets(st: &SyscallStats) -> [(f64, u64); HIST_BUCKETS] {
    let mut out = [(0.0, 0); HIST_BUCKETS];
    let mut left = st.calls;
    for (i, (slot, &n)) in out.iter_mut().zip(st.hist.iter()).enumerate() {
        let n = if i + 1 == HIST_BUCKETS {
            left
        } else {
            n.min(left)
        };
        left -= n;
        *slot = (upper_bound(i), n);
    }
    out
}

type Label = (&'static str, Cow<'static, str>);

/// One scrape's worth of data, encoded through prometheus-client's [`Collector`] interface: the
/// kernel already counted and bucketed, so nothing here is a live metric.
#[derive(Debug)]
struct Exposition {
    rows: Vec<([Label; 2], SyscallStats)>,
    errnos: Vec<([Label; 3], u64)>,
    lost: u64,
}

impl Collector for Exposition {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        {
            let mut m = enc.encode_descriptor(
                "tracer_syscalls",
                "Syscalls that returned, by syscall and cgroup",
                None,
                MetricType::Counter,
            )?;
            for (labels, st) in &self.rows {
                m.encode_family(labels)?
                    .encode_counter::<NoLabelSet, _, u64>(&st.calls, None)?;
            }
        }
        {
            let mut m = enc.encode_descriptor(
                "tracer_syscall_errors",
                "Syscalls that returned an error, by syscall and cgroup",
                None,
                MetricType::Counter,
            )?;
            for (labels, st) in &self.rows {
                m.encode_family(labels)?
                    .encode_counter::<NoLabelSet, _, u64>(&st.errors, None)?;
            }
        }
        {
            let unit = Unit::Seconds;
            let mut m = enc.encode_descriptor(
                "tracer_syscall_duration",
                "Time from syscall entry to exit, by syscall and cgroup",
                Some(&unit),
                MetricType::Histogram,
            )?;
            for (labels, st) in &self.rows {
                let sum = st.total_ns as f64 / 1e9;
                m.encode_family(labels)?.encode_histogram::<NoLabelSet>(
                    sum,
                    st.calls,
                    &buckets(st),
                    None,
                )?;
            }
        }
        {
            let mut m = enc.encode_descriptor(
                "tracer_syscall_errno",
                "Failed syscalls by errno, syscall and cgroup (counted with --errors)",
                None,
                MetricType::Counter,
            )?;
            for (labels, n) in &self.errnos {
                m.encode_family(labels)?
                    .encode_counter::<NoLabelSet, _, u64>(n, None)?;
            }
        }
        let mut m = enc.encode_descriptor(
            "tracer_events_lost",
            "Events dropped because the ring buffer was full",
            None,
            MetricType::Counter,
        )?;
        m.encode_counter::<NoLabelSet, _, u64>(&self.lost, None)
    }
}

/// OpenMetrics text (as [`render`] writes it) in the classic Prometheus text format 0.0.4: a
/// counter family's `# HELP` and `# TYPE` lines take the samples' name (`…_total`), and the
/// `# UNIT` and `# EOF` lines, which that format lacks, go.
pub fn classic(openmetrics: &str) -> String {
    let counters: Vec<&str> = openmetrics
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" counter"))
        .collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let family = ["# HELP ", "# TYPE "].iter().find_map(|&p| {
            let rest = line.strip_prefix(p)?;
            let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            let renamed = counters.contains(&name) && !name.ends_with("_total");
            renamed.then_some((p, name, tail))
        });
        match family {
            Some((p, name, tail)) => {
                out.push_str(p);
                out.push_str(name);
                out.push_str("_total ");
                out.push_str(tail);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Why `--metrics` cannot serve.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("invalid --metrics address '{arg}': {why} (expected IP:PORT, [IPv6]:PORT or :PORT)")]
    BadAddress { arg: String, why: &'static str },
    #[error("cannot serve metrics on {addr}: the port is in use")]
    InUse { addr: SocketAddr },
    #[error("cannot serve metrics on {addr}: {}", io_text(.source))]
    Bind { addr: SocketAddr, source: io::Error },
}

fn io_text(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => errno_message(n),
        None => e.to_string(),
    }
}

/// Binds `--metrics ADDR:PORT`: `127.0.0.1:9090`, `[::1]:9090`, `localhost:9090` (127.0.0.1), or
/// `:9090` for every address (`[::]`, which takes IPv4 too unless `net.ipv6.bindv6only` is set;
/// `0.0.0.0` where the kernel has no IPv6). Host names are not looked up. Port 0 picks a free
/// port. The listener is non-blocking, ready for [`tokio::net::TcpListener::from_std`].
pub fn bind(addr: &str) -> Result<std::net::TcpListener, MetricsError> {
    let candidates = parse_addr(addr).map_err(|why| MetricsError::BadAddress {
        arg: addr.to_owned(),
        why,
    })?;
    let mut last = None;
    for a in candidates {
        match std::net::TcpListener::bind(a) {
            Ok(l) => {
                return l
                    .set_nonblocking(true)
                    .map(|()| l)
                    .map_err(|source| MetricsError::Bind { addr: a, source });
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                return Err(MetricsError::InUse { addr: a });
            }
            Err(source) => last = Some(MetricsError::Bind { addr: a, source }),
        }
    }
    Err(last.unwrap_or(MetricsError::BadAddress {
        arg: addr.to_owned(),
        why: "no address to bind",
    }))
}

/// The addresses `ADDR:PORT` means, to try in order.
fn parse_addr(arg: &str) -> Result<Vec<SocketAddr>, &'static str> {
    if let Ok(a) = arg.parse::<SocketAddr>() {
        return Ok(vec![a]);
    }
    let Some((host, port)) = arg.rsplit_once(':') else {
        return Err("no port");
    };
    let port: u16 = port
        .parse()
        .map_err(|_| "the port is not a number from 0 to 65535")?;
    match host {
        "" => Ok(vec![
            SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), port),
            SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port),
        ]),
        "localhost" => Ok(vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)]),
        h if h.starts_with('[') => Err("not an IPv6 address"),
        h if h.contains(':') => Err("an IPv6 address goes in brackets, as in [::1]:9090"),
        _ => Err("not an IP address (host names are not looked up)"),
    }
}

/// The most connections served at once; more are closed without an answer.
pub const MAX_CONNECTIONS: usize = 16;
/// The longest request head read.
pub const MAX_HEAD: usize = 8 * 1024;
/// How long a client has to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client has to take the response.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After the response, how long to wait for the client to close (see [`close`]).
const LINGER: Duration = Duration::from_millis(500);

const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";
const OPENMETRICS_FORMAT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const PLAIN: &str = "text/plain; charset=utf-8";

/// Serves `/metrics` on `listener` until accepting fails for good (the listener itself broke).
/// Each scrape calls `source` on tokio's blocking pool. Must run inside a tokio runtime (it
/// spawns a task per connection); a current-thread runtime is fine.
pub async fn serve(
    listener: TcpListener,
    source: Arc<dyn Fn() -> String + Send + Sync>,
) -> io::Result<()> {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => match e.raw_os_error() {
                // The listener itself is unusable.
                Some(libc::EBADF | libc::EINVAL | libc::ENOTSOCK | libc::EFAULT) => return Err(e),
                // Out of descriptors or memory: give the connections in flight time to finish.
                Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
                // A connection that failed before we took it (ECONNABORTED, EPERM, network
                // errors accept(2) passes on): the next one may be fine.
                _ => continue,
            },
        };
        let Some(slot) = Slot::take(&active) else {
            continue; // dropping the stream closes it
        };
        let source = Arc::clone(&source);
        tokio::spawn(async move {
            handle(stream, source).await;
            drop(slot);
        });
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Slot> {
        if active.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        Some(Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn handle(stream: TcpStream, source: Arc<dyn Fn() -> String + Send + Sync>) {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&stream)).await {
        Ok(Head::Complete(head)) => head,
        Ok(Head::TooLarge) => {
            let r = response(
                "431 Request Header Fields Too Large",
                PLAIN,
                "",
                b"too large\n",
            );
            send(stream, &r).await;
            return;
        }
        Ok(Head::Gone) | Err(_) => return,
    };
    let r = match route(&head) {
        Route::Metrics { openmetrics } => {
            let body = tokio::task::spawn_blocking(move || {
                if openmetrics {
                    (OPENMETRICS_FORMAT, source())
                } else {
                    (TEXT_FORMAT, classic(&source()))
                }
            });
            match body.await {
                Ok((ty, body)) => response("200 OK", ty, "", body.as_bytes()),
                Err(_) => response(
                    "500 Internal Server Error",
                    PLAIN,
                    "",
                    b"metrics unavailable\n",
                ),
            }
        }
        Route::NotFound => response("404 Not Found", PLAIN, "", b"not found: try /metrics\n"),
        Route::MethodNotAllowed => response(
            "405 Method Not Allowed",
            PLAIN,
            "Allow: GET\r\n",
            b"method not allowed\n",
        ),
        Route::BadRequest => response("400 Bad Request", PLAIN, "", b"bad request\n"),
    };
    send(stream, &r).await;
}

enum Head {
    /// The head up to and including its blank line.
    Complete(Vec<u8>),
    TooLarge,
    /// Closed or failed before a whole head came.
    Gone,
}

async fn read_head(s: &TcpStream) -> Head {
    let mut buf = vec![0u8; MAX_HEAD];
    let mut len = 0;
    loop {
        if let Some(end) = head_end(buf.get(..len).unwrap_or_default()) {
            buf.truncate(end);
            return Head::Complete(buf);
        }
        let Some(free) = buf.get_mut(len..).filter(|f| !f.is_empty()) else {
            return Head::TooLarge;
        };
        if s.readable().await.is_err() {
            return Head::Gone;
        }
        match s.try_read(free) {
            Ok(0) => return Head::Gone,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return Head::Gone,
        }
    }
}

/// Where the head ends: after its blank line (CRLF CRLF, or a bare LF LF).
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Metrics { openmetrics: bool },
    NotFound,
    MethodNotAllowed,
    BadRequest,
}

/// What to answer to a request head.
fn route(head: &[u8]) -> Route {
    let Ok(text) = std::str::from_utf8(head) else {
        return Route::BadRequest;
    };
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Route::BadRequest;
    };
    if method.is_empty() || !version.starts_with("HTTP/1.") {
        return Route::BadRequest;
    }
    // The absolute form (`http://host:port/metrics`) that proxies send, too.
    let target = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/"),
        None => target,
    };
    let path = target.split('?').next().unwrap_or_default();
    if path != "/metrics" {
        return Route::NotFound;
    }
    if method != "GET" {
        return Route::MethodNotAllowed;
    }
    let openmetrics = lines
        .filter_map(|l| l.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("accept"))
        .any(|(_, value)| accepts_openmetrics(value));
    Route::Metrics { openmetrics }
}

/// Whether an `Accept` value lists OpenMetrics text with a q-value above 0.
fn accepts_openmetrics(value: &str) -> bool {
    value.split(',').any(|range| {
        let mut params = range.split(';');
        let ty = params.next().unwrap_or_default().trim();
        ty.eq_ignore_ascii_case("application/openmetrics-text")
            && params.all(|p| match p.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case("q") => {
                    v.trim().parse::<f32>().is_ok_and(|q| q > 0.0)
                }
                _ => true,
            })
    })
}

fn response(status: &str, content_type: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {extra_headers}Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Writes the response within [`WRITE_TIMEOUT`], then closes.
async fn send(stream: TcpStream, response: &[u8]) {
    if let Ok(Ok(())) = tokio::time::timeout(WRITE_TIMEOUT, write_all(&stream, response)).await {
        close(stream).await;
    }
}

async fn write_all(s: &TcpStream, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        s.writable().await?;
        match s.try_write(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = buf.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Sends FIN, then reads what the client still sends until it closes (for at most [`LINGER`] and
/// 64 KiB): closing with unread bytes would make the kernel reset the connection, and a reset can
/// discard the response before the client has read it.
async fn close(mut stream: TcpStream) {
    let _ = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_shutdown(cx)).await;
    let drain = async {
        let mut buf = [0u8; 4096];
        let mut total = 0;
        while total < 64 * 1024 {
            if stream.readable().await.is_err() {
                return;
            }
            match stream.try_read(&mut buf) {
                Ok(0) => return,
                Ok(n) => total += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;
    use crate::table::Arch;

    /// Samples of an exposition: (metric name, labels) → value text.
    type Samples = BTreeMap<(String, BTreeMap<String, String>), String>;

    /// A parser for the sample lines of the text format: `name{k="v",…} value`.
    fn parse(text: &str) -> Samples {
        let mut out = Samples::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (series, value) = line.rsplit_once(' ').expect(line);
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => (name, parse_labels(rest.strip_suffix('}').expect(line))),
                None => (series, BTreeMap::new()),
            };
            let old = out.insert((name.to_owned(), labels), value.to_owned());
            assert!(old.is_none(), "duplicate sample: {line}");
        }
        out
    }

    fn parse_labels(s: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut chars = s.chars().peekable();
        while chars.peek().is_some() {
            let key: String = chars.by_ref().take_while(|&c| c != '=').collect();
            assert_eq!(chars.next(), Some('"'), "in {s}");
            let mut value = String::new();
            loop {
                match chars.next().expect(s) {
                    '"' => break,
                    '\\' => match chars.next().expect(s) {
                        'n' => value.push('\n'),
                        c => value.push(c),
                    },
                    c => value.push(c),
                }
            }
            out.insert(key, value);
            if chars.peek() == Some(&',') {
                chars.next();
            }
        }
        out
    }

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn get(samples: &Samples, name: &str, pairs: &[(&str, &str)]) -> String {
        let key = (name.to_owned(), labels(pairs));
        match samples.get(&key) {
            Some(v) => v.clone(),
            None => panic!("no sample {key:?} in {samples:#?}"),
        }
    }

    fn stats(hist: &[(usize, u64)], total_ns: u64, errors: u64) -> SyscallStats {
        let mut st = SyscallStats::default();
        for &(i, n) in hist {
            st.hist[i] = n;
            st.calls += n;
        }
        st.total_ns = total_ns;
        st.errors = errors;
        st
    }

    fn nr(table: &Table, name: &str) -> u32 {
        table.arch.number(name).expect(name)
    }

    /// Checks one (syscall, cgroup) histogram against its stats.
    fn check_histogram(samples: &Samples, syscall: &str, cgroup: &str, st: &SyscallStats) {
        let base = [("syscall", syscall), ("cgroup", cgroup)];
        let h = "tracer_syscall_duration_seconds";
        let count = get(samples, &format!("{h}_count"), &base);
        assert_eq!(count, st.calls.to_string());
        let sum: f64 = get(samples, &format!("{h}_sum"), &base).parse().unwrap();
        assert_eq!(sum, st.total_ns as f64 / 1e9);
        let mut cumulative = 0;
        let mut previous = 0;
        for i in 0..HIST_BUCKETS - 1 {
            cumulative += st.hist[i];
            let le = ((1u64 << (i + 1)) as f64 / 1e9).to_string();
            let bucket = samples
                .iter()
                .find(|((name, l), _)| {
                    name == &format!("{h}_bucket")
                        && l.get("syscall").map(String::as_str) == Some(syscall)
                        && l.get("cgroup").map(String::as_str) == Some(cgroup)
                        && l.get("le").and_then(|v| v.parse::<f64>().ok()) == le.parse::<f64>().ok()
                })
                .map(|(_, v)| v.parse::<u64>().unwrap())
                .unwrap_or_else(|| panic!("no bucket le={le} for {syscall}/{cgroup}"));
            assert_eq!(bucket, cumulative, "le={le} for {syscall}/{cgroup}");
            assert!(bucket >= previous);
            previous = bucket;
        }
        let inf = get(
            samples,
            &format!("{h}_bucket"),
            &[("syscall", syscall), ("cgroup", cgroup), ("le", "+Inf")],
        );
        assert_eq!(inf, st.calls.to_string());
    }

    fn sample_snapshot(table: &Table) -> (Snapshot, SyscallStats, SyscallStats, SyscallStats) {
        let read = stats(&[(0, 1), (9, 5), (12, 7), (31, 2)], 12_345_678_901, 3);
        let openat = stats(&[(10, 4), (11, 1)], 9_999, 5);
        let unknown = stats(&[(20, 1)], 1_500_000, 0);
        let mut snap = Snapshot {
            lost: 42,
            ..Default::default()
        };
        let g7 = snap.counts.groups.entry(7).or_default();
        g7.insert(nr(table, "read"), read);
        g7.insert(nr(table, "openat"), openat);
        let g9 = snap.counts.groups.entry(9).or_default();
        g9.insert(nr(table, "read"), read);
        g9.insert(1000, unknown);
        snap.counts.errors.insert((7, nr(table, "openat"), 2), 4);
        snap.counts.errors.insert((7, nr(table, "openat"), 13), 1);
        snap.counts.errors.insert((9, 1000, 4000), 6);
        (snap, read, openat, unknown)
    }

    fn label(g: u64) -> String {
        match g {
            7 => "web.service".to_owned(),
            _ => format!("odd \"name\" \\ {g}"),
        }
    }

    #[test]
    fn render_round_trips() {
        let table = Table::new(Arch::native());
        let (snap, read, openat, unknown) = sample_snapshot(&table);
        let text = render(&table, &snap, &label);
        assert!(text.ends_with("# EOF\n"), "{text}");
        let s = parse(&text);
        let g9 = label(9);
        let rows = [
            ("read", "web.service", read),
            ("openat", "web.service", openat),
            ("read", g9.as_str(), read),
            ("syscall_0x3e8", g9.as_str(), unknown),
        ];
        for (syscall, cgroup, st) in &rows {
            let l = [("syscall", *syscall), ("cgroup", *cgroup)];
            assert_eq!(get(&s, "tracer_syscalls_total", &l), st.calls.to_string());
            assert_eq!(
                get(&s, "tracer_syscall_errors_total", &l),
                st.errors.to_string()
            );
            check_histogram(&s, syscall, cgroup, st);
        }
        let errno = |syscall, errno, cgroup| {
            get(
                &s,
                "tracer_syscall_errno_total",
                &[("syscall", syscall), ("errno", errno), ("cgroup", cgroup)],
            )
        };
        assert_eq!(errno("openat", "ENOENT", "web.service"), "4");
        assert_eq!(errno("openat", "EACCES", "web.service"), "1");
        assert_eq!(errno("syscall_0x3e8", "4000", &g9), "6");
        assert_eq!(get(&s, "tracer_events_lost_total", &[]), "42");
        // 4 rows × (2 counters + sum + count + 32 buckets) + 3 errno + lost.
        assert_eq!(s.len(), 4 * (2 + 2 + HIST_BUCKETS) + 3 + 1);
        for family in [
            "# TYPE tracer_syscalls counter",
            "# TYPE tracer_syscall_errors counter",
            "# TYPE tracer_syscall_duration_seconds histogram",
            "# UNIT tracer_syscall_duration_seconds seconds",
            "# TYPE tracer_syscall_errno counter",
            "# TYPE tracer_events_lost counter",
        ] {
            assert!(
                text.lines().any(|l| l == family),
                "no {family:?} in\n{text}"
            );
        }
    }

    #[test]
    fn classic_format() {
        let table = Table::new(Arch::native());
        let (snap, ..) = sample_snapshot(&table);
        let om = render(&table, &snap, &label);
        let text = classic(&om);
        // The same samples, in the same order.
        let samples = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(samples(&text), samples(&om));
        let comments: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            comments,
            [
                "# HELP tracer_syscalls_total Syscalls that returned, by syscall and cgroup",
                "# TYPE tracer_syscalls_total counter",
                "# HELP tracer_syscall_errors_total Syscalls that returned an error, by syscall \
                 and cgroup",
                "# TYPE tracer_syscall_errors_total counter",
                "# HELP tracer_syscall_duration_seconds Time from syscall entry to exit, by \
                 syscall and cgroup",
                "# TYPE tracer_syscall_duration_seconds histogram",
                "# HELP tracer_syscall_errno_total Failed syscalls by errno, syscall and cgroup \
                 (counted with --errors)",
                "# TYPE tracer_syscall_errno_total counter",
                "# HELP tracer_events_lost_total Events dropped because the ring buffer was full",
                "# TYPE tracer_events_lost_total counter",
            ]
        );
    }

    #[test]
    fn bucket_bounds_are_log2_nanoseconds() {
        assert_eq!(upper_bound(0), 2e-9);
        assert_eq!(upper_bound(9), 1.024e-6);
        assert_eq!(upper_bound(30), 2.147483648);
        assert_eq!(upper_bound(HIST_BUCKETS - 1), f64::INFINITY);
    }

    #[test]
    fn group_zero_and_shared_labels() {
        let table = Table::new(Arch::native());
        let read = nr(&table, "read");
        let a = stats(&[(3, 2)], 20, 1);
        let b = stats(&[(5, 3)], 300, 0);
        let mut snap = Snapshot::default();
        snap.counts.groups.entry(0).or_default().insert(read, a);
        let text = render(&table, &snap, &|_| panic!("group 0 needs no label"));
        let s = parse(&text);
        let l = [("syscall", "read"), ("cgroup", "")];
        assert_eq!(get(&s, "tracer_syscalls_total", &l), "2");
        check_histogram(&s, "read", "", &a);

        // Two cgroups of one unit (a restart): one series, summed.
        let mut snap = Snapshot::default();
        snap.counts.groups.entry(11).or_default().insert(read, a);
        snap.counts.groups.entry(12).or_default().insert(read, b);
        let s = parse(&render(&table, &snap, &|_| "db.service".to_owned()));
        let mut both = a;
        add(&mut both, &b);
        let l = [("syscall", "read"), ("cgroup", "db.service")];
        assert_eq!(get(&s, "tracer_syscalls_total", &l), "5");
        assert_eq!(get(&s, "tracer_syscall_errors_total", &l), "1");
        check_histogram(&s, "read", "db.service", &both);
    }

    #[test]
    fn torn_reads_stay_consistent() {
        // Calls counted, not yet bucketed: +Inf takes the rest.
        let mut short = stats(&[(4, 3)], 50, 0);
        short.calls = 5;
        let b = buckets(&short);
        assert_eq!(b.iter().map(|&(_, n)| n).sum::<u64>(), 5);
        assert_eq!(b[4].1, 3);
        assert_eq!(b[HIST_BUCKETS - 1], (f64::INFINITY, 2));
        // Bucketed, not yet counted: clamped to the calls.
        let mut over = stats(&[(4, 3), (6, 4)], 50, 0);
        over.calls = 5;
        let b = buckets(&over);
        assert_eq!((b[4].1, b[6].1), (3, 2));
        assert_eq!(b.iter().map(|&(_, n)| n).sum::<u64>(), 5);
    }

    #[test]
    fn empty_snapshot() {
        let table = Table::new(Arch::native());
        let text = render(&table, &Snapshot::default(), &|g| g.to_string());
        let s = parse(&text);
        assert_eq!(s.len(), 1);
        assert_eq!(get(&s, "tracer_events_lost_total", &[]), "0");
    }

    #[test]
    fn addresses() {
        let v4 = |a: [u8; 4], p| SocketAddr::from((a, p));
        assert_eq!(
            parse_addr("127.0.0.1:9090"),
            Ok(vec![v4([127, 0, 0, 1], 9090)])
        );
        assert_eq!(
            parse_addr("[::1]:9090"),
            Ok(vec![SocketAddr::from((Ipv6Addr::LOCALHOST, 9090))])
        );
        assert_eq!(
            parse_addr(":9090"),
            Ok(vec![
                SocketAddr::from((Ipv6Addr::UNSPECIFIED, 9090)),
                v4([0, 0, 0, 0], 9090)
            ])
        );
        assert_eq!(parse_addr("localhost:0"), Ok(vec![v4([127, 0, 0, 1], 0)]));
        for bad in [
            "", "9090", ":", ":x", ":65536", "::1:9090", "[::1", "[zz]:1", "host:1", "1.2.3:4",
        ] {
            assert!(parse_addr(bad).is_err(), "{bad}");
        }
        let e = bind("prometheus:9090").unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid --metrics address 'prometheus:9090': not an IP address (host names are not \
             looked up) (expected IP:PORT, [IPv6]:PORT or :PORT)"
        );
    }

    #[test]
    fn port_in_use() {
        let first = bind("127.0.0.1:0").unwrap();
        let addr = first.local_addr().unwrap();
        let e = bind(&addr.to_string()).unwrap_err();
        assert!(matches!(e, MetricsError::InUse { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!("cannot serve metrics on {addr}: the port is in use")
        );
    }

    #[test]
    fn routes() {
        let m = |openmetrics| Route::Metrics { openmetrics };
        assert_eq!(route(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), m(false));
        assert_eq!(route(b"GET /metrics?x=1 HTTP/1.0\n\n"), m(false));
        assert_eq!(route(b"GET http://h:1/metrics HTTP/1.1\r\n\r\n"), m(false));
        let prom = b"GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text;version=1.0.0;\
                     q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2\r\n\r\n";
        assert_eq!(route(prom), m(true));
        let refused = b"GET /metrics HTTP/1.1\r\naccept: application/openmetrics-text;q=0\r\n\r\n";
        assert_eq!(route(refused), m(false));
        assert_eq!(route(b"GET / HTTP/1.1\r\n\r\n"), Route::NotFound);
        assert_eq!(route(b"POST / HTTP/1.1\r\n\r\n"), Route::NotFound);
        assert_eq!(
            route(b"POST /metrics HTTP/1.1\r\n\r\n"),
            Route::MethodNotAllowed
        );
        for bad in [
            &b""[..],
            b"\r\n\r\n",
            b"GET /metrics\r\n\r\n",
            b"GET /metrics HTTP/2\r\n\r\n",
            b"GET  /metrics HTTP/1.1\r\n\r\n",
            b"GET /metrics HTTP/1.1 x\r\n\r\n",
            b"\xff\xfe /metrics HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(
                route(bad),
                Route::BadRequest,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    /// Sends `request` and reads the whole answer (the server closes after it).
    fn fetch(addr: SocketAddr, request: &[u8]) -> (String, Vec<(String, String)>, String) {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request).unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8(answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").expect(&answer);
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().to_owned();
        let headers = lines
            .map(|l| {
                let (k, v) = l.split_once(": ").expect(l);
                (k.to_ascii_lowercase(), v.to_owned())
            })
            .collect();
        (status, headers, body.to_owned())
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {name} in {headers:?}"))
    }

    #[test]
    fn serves_over_http() {
        let table = Table::new(Arch::native());
        let (snap, ..) = sample_snapshot(&table);
        let text = render(&table, &snap, &label);
        let expected = text.clone();
        let listener = bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            let server = tokio::spawn(serve(listener, Arc::new(move || text.clone())));
            // The client blocks, so it runs on the blocking pool while the server runs here.
            let client = tokio::task::spawn_blocking(move || {
                // A client that connects and says nothing must not hold up the others.
                let mut idle = std::net::TcpStream::connect(addr).unwrap();
                idle.write_all(b"GET /metr").unwrap();

                let (status, headers, body) =
                    fetch(addr, b"GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                assert_eq!(status, "HTTP/1.1 200 OK");
                assert_eq!(header(&headers, "content-type"), TEXT_FORMAT);
                assert_eq!(header(&headers, "content-length"), body.len().to_string());
                assert_eq!(header(&headers, "connection"), "close");
                assert_eq!(body, classic(&expected));
                let s = parse(&body);
                assert_eq!(
                    get(
                        &s,
                        "tracer_syscalls_total",
                        &[("syscall", "openat"), ("cgroup", "web.service")]
                    ),
                    "5"
                );

                let om = b"GET /metrics HTTP/1.1\r\n\
                           Accept: application/openmetrics-text; version=1.0.0\r\n\r\n";
                let (status, headers, body) = fetch(addr, om);
                assert_eq!(status, "HTTP/1.1 200 OK");
                assert_eq!(header(&headers, "content-type"), OPENMETRICS_FORMAT);
                assert_eq!(body, expected);

                let (status, _, _) = fetch(addr, b"GET /other HTTP/1.1\r\n\r\n");
                assert_eq!(status, "HTTP/1.1 404 Not Found");
                let (status, headers, _) = fetch(
                    addr,
                    b"POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
                );
                assert_eq!(status, "HTTP/1.1 405 Method Not Allowed");
                assert_eq!(header(&headers, "allow"), "GET");
                let (status, _, _) = fetch(addr, b"garbage\r\n\r\n");
                assert_eq!(status, "HTTP/1.1 400 Bad Request");
                let mut huge = b"GET /metrics HTTP/1.1\r\nX: ".to_vec();
                huge.resize(MAX_HEAD + 10, b'a');
                let (status, _, _) = fetch(addr, &huge);
                assert_eq!(status, "HTTP/1.1 431 Request Header Fields Too Large");
                drop(idle);
            });
            let r = client.await;
            server.abort();
            if let Err(e) = r {
                std::panic::resume_unwind(e.into_panic());
            }
        });
    }
}
