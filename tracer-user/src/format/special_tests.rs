//! The special decoders (decode/special/) through the text formatter: expected strings are
//! strace 6.1's lines for the same calls (python3 scripts in tests/tests/decoders.rs and
//! `strace -f python3 …`).
#![cfg(test)]
use crate::decode::special::termios;
use crate::decode::{Value, decode_args, decode_ret};
use crate::format::quote::QuoteOpts;
use crate::format::text::{TextOpts, TextSink};
use crate::format::{Sink, SyscallLine};
use crate::table::{Arch, Table};
use crate::wire::{Captured, SyscallEvent};
use tracer_common::array;

/// The whole line tracer prints for `e`, without the padding before ` = `.
fn line(e: &SyscallEvent<'_>) -> String {
    line_entered(e, None)
}

fn line_entered(e: &SyscallEvent<'_>, enter: Option<&SyscallEvent<'_>>) -> String {
    let t = Table::new(Arch::X86_64);
    let row = t.row(e.nr).unwrap();
    let opts = TextOpts::plain(QuoteOpts::default());
    let mut out = Vec::new();
    let mut sink = TextSink::new(&mut out, opts);
    let l = SyscallLine {
        ev: e,
        name: Some(row.name),
        row: Some(row),
        args: decode_args(e, enter, row, false),
        ret: decode_ret(e, enter, row),
        who: Default::default(),
        ret_pid: None,
        ret_path: None,
        part: crate::format::Part::Whole,
        abbrev: true,
    };
    sink.syscall(&l).unwrap();
    drop(sink);
    let s = String::from_utf8(out).unwrap();
    let (call, ret) = s.trim_end().split_once(" = ").unwrap();
    format!("{} = {ret}", call.trim_end())
}

/// The line tracer prints for one part of a split call: the entry (`e` is the entry
/// record) or the resumed rest.
fn part_line(
    e: &SyscallEvent<'_>,
    enter: Option<&SyscallEvent<'_>>,
    part: crate::format::Part,
) -> String {
    let t = Table::new(Arch::X86_64);
    let row = t.row(e.nr).unwrap();
    let at_entry = matches!(part, crate::format::Part::Entry);
    let mut out = Vec::new();
    let mut sink = TextSink::new(&mut out, TextOpts::plain(QuoteOpts::default()));
    let l = SyscallLine {
        ev: e,
        name: Some(row.name),
        row: Some(row),
        args: decode_args(e, enter, row, at_entry),
        ret: if at_entry {
            Default::default()
        } else {
            decode_ret(e, enter, row)
        },
        who: Default::default(),
        ret_pid: None,
        ret_path: None,
        part,
        abbrev: true,
    };
    sink.syscall(&l).unwrap();
    drop(sink);
    let s = String::from_utf8(out).unwrap();
    match s.trim_end().split_once(" = ") {
        Some((call, ret)) => format!("{} = {ret}", call.trim_end()),
        None => s.trim_end().to_owned(),
    }
}

fn t_row(nr: u32) -> &'static crate::table::Row {
    Table::new(Arch::X86_64).row(nr).unwrap()
}

fn caps1(reg: usize, b: &[u8]) -> [Option<Captured<'_>>; 6] {
    let mut c = [None; 6];
    c[reg] = Some(Captured::Bytes(b));
    c
}

#[cfg(target_arch = "x86_64")]
#[test]
fn fcntl_commands_and_returns() {
    assert_eq!(
        line(&SyscallEvent::new(72, [3, 3, 0, 0, 0, 0], 0, [None; 6])),
        "fcntl(3, F_GETFL) = 0 (flags O_RDONLY)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            72,
            [255, 3, 0, 0, 0, 0],
            0x8000,
            [None; 6]
        )),
        "fcntl(255, F_GETFL) = 0x8000 (flags O_RDONLY|O_LARGEFILE)"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [3, 1, 0, 0, 0, 0], 1, [None; 6])),
        "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [2, 1, 0, 0, 0, 0], 0, [None; 6])),
        "fcntl(2, F_GETFD) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [3, 2, 0, 0, 0, 0], 0, [None; 6])),
        "fcntl(3, F_SETFD, 0) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [11, 2, 1, 0, 0, 0], 0, [None; 6])),
        "fcntl(11, F_SETFD, FD_CLOEXEC) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            72,
            [3, 4, 0o4000, 0, 0, 0],
            0,
            [None; 6]
        )),
        "fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            72,
            [3, 1030, 10, 0, 0, 0],
            11,
            [None; 6]
        )),
        "fcntl(3, F_DUPFD_CLOEXEC, 10) = 11"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [2, 0, 10, 0, 0, 0], 11, [None; 6])),
        "fcntl(2, F_DUPFD, 10) = 11"
    );
    assert_eq!(
        line(&SyscallEvent::new(72, [255, 1, 0, 0, 0, 0], -9, [None; 6])),
        "fcntl(255, F_GETFD) = -1 EBADF (Bad file descriptor)"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn ioctl_requests() {
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [1, 0x5401, 0x7ffc_1000, 0, 0, 0],
            -25,
            [None; 6]
        )),
        "ioctl(1, TCGETS, 0x7ffc1000) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [2, 0x540f, 0x7ffc_1000, 0, 0, 0],
            -25,
            [None; 6]
        )),
        "ioctl(2, TIOCGPGRP, 0x7ffc1000) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    let ws = [24, 0, 80, 0, 0, 0, 0, 0];
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [1, 0x5413, 0x7ffc_1000, 0, 0, 0],
            0,
            caps1(2, &ws)
        )),
        "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0"
    );
    let n = 5i32.to_le_bytes();
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [3, 0x541b, 0x7ffc_1000, 0, 0, 0],
            0,
            caps1(2, &n)
        )),
        "ioctl(3, FIONREAD, [5]) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [3, 0x5451, 0, 0, 0, 0],
            0,
            [None; 6]
        )),
        "ioctl(3, FIOCLEX) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [3, 0x8008_1234, 0, 0, 0, 0],
            -25,
            [None; 6]
        )),
        "ioctl(3, _IOC(_IOC_READ, 0x12, 0x34, 0x8), 0) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn termios_of_a_terminal() {
    // script -qc 'strace -e trace=ioctl stty -a' /dev/null
    let mut t = [0u8; 36];
    t[0..4].copy_from_slice(&0o2400u32.to_le_bytes());
    t[4..8].copy_from_slice(&0o5u32.to_le_bytes());
    t[8..12].copy_from_slice(&0o277u32.to_le_bytes());
    t[12..16].copy_from_slice(&0o105073u32.to_le_bytes());
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [0, 0x5401, 0x7ffc_1000, 0, 0, 0],
            0,
            caps1(2, &t)
        )),
        "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, \
             c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, \
             ...}) = 0"
    );
}

/// `-v`: the line discipline and every control character; an unknown discipline in hex.
#[test]
fn termios_verbose_whole() {
    use crate::format::text::value_text_with;
    // python3: pty.openpty(), then TCSETS of its settings with c_line 99 and c_cc[18] 7.
    let mut t = [0u8; 36];
    t[0..4].copy_from_slice(&0o2400u32.to_le_bytes());
    t[4..8].copy_from_slice(&0o5u32.to_le_bytes());
    t[8..12].copy_from_slice(&0o277u32.to_le_bytes());
    t[12..16].copy_from_slice(&0o105073u32.to_le_bytes());
    t[17..34].copy_from_slice(&[
        3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0,
    ]);
    let flags = "c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, \
                     c_cflag=B38400|CS8|CREAD, \
                     c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE";
    let cc = "[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, \
                  [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, \
                  [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, \
                  [17]=0";
    let mut opts = TextOpts::plain(QuoteOpts::default());
    opts.verbose = true;
    let v = termios(&t).unwrap();
    assert_eq!(
        value_text_with(&v, opts),
        format!("{{{flags}, c_line=N_TTY, c_cc=[{cc}, [18]=0]}}")
    );
    opts.verbose = false;
    assert_eq!(value_text_with(&v, opts), format!("{{{flags}, ...}}"));
    t[16] = 99;
    t[35] = 7;
    opts.verbose = true;
    assert_eq!(
        value_text_with(&termios(&t).unwrap(), opts),
        format!("{{{flags}, c_line=0x63 /* N_??? */, c_cc=[{cc}, [18]=0x7]}}")
    );
    assert_eq!(termios(&t[..35]), None);
}

#[cfg(target_arch = "x86_64")]
#[test]
fn futex_ops() {
    // ls: futex(0x7f…, FUTEX_WAKE_PRIVATE, 2147483647) = 0
    assert_eq!(
        line(&SyscallEvent::new(
            202,
            [0x7f00_0000_1000, 0x81, 0x7fff_ffff, 0, 3, 0],
            0,
            [None; 6]
        )),
        "futex(0x7f0000001000, FUTEX_WAKE_PRIVATE, 2147483647) = 0"
    );
    let mut ts = [0u8; 16];
    ts[..8].copy_from_slice(&5u64.to_le_bytes());
    assert_eq!(
        line(&SyscallEvent::new(
            202,
            [0x1000, 393, 0, 0x2000, 0, 0xffff_ffff],
            -110,
            caps1(3, &ts)
        )),
        "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, {tv_sec=5, tv_nsec=0}, \
             FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            202,
            [0x1000, 128, 2, 0, 0, 0],
            0,
            [None; 6]
        )),
        "futex(0x1000, FUTEX_WAIT_PRIVATE, 2, NULL) = 0"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn clone_names_its_arguments() {
    // python3 os.fork(): clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f963c1fde50) = 32209
    assert_eq!(
        line(&SyscallEvent::new(
            56,
            [0x1200011, 0, 0, 0x7f96_3c1f_de50, 0, 0],
            32209,
            [None; 6]
        )),
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, \
             child_tidptr=0x7f963c1fde50) = 32209"
    );
    let tid = 77i32.to_le_bytes();
    assert_eq!(
        line(&SyscallEvent::new(
            56,
            [0x3d0f00, 0x7000, 0x8000, 0x9000, 0xa000, 0],
            77,
            caps1(2, &tid)
        )),
        "clone(child_stack=0x7000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|\
             CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=[77], \
             tls=0xa000, child_tidptr=0x9000) = 77"
    );
    assert_eq!(
        line(&SyscallEvent::new(56, [17, 0, 0, 0, 0, 0], 5, [None; 6])),
        "clone(child_stack=NULL, flags=SIGCHLD) = 5"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn poll_lists_events_and_revents() {
    // poll([{fd=3, events=POLLIN}], 1, 1000) = 1 ([{fd=3, revents=POLLIN}])
    let pfd = [3, 0, 0, 0, 1, 0, 1, 0];
    assert_eq!(
        line(&SyscallEvent::new(
            7,
            [0x1000, 1, 1000, 0, 0, 0],
            1,
            caps1(0, &pfd)
        )),
        "poll([{fd=3, events=POLLIN}], 1, 1000) = 1 ([{fd=3, revents=POLLIN}])"
    );
    let pfd = [3, 0, 0, 0, 1, 0, 0, 0];
    assert_eq!(
        line(&SyscallEvent::new(
            7,
            [0x1000, 1, 0, 0, 0, 0],
            0,
            caps1(0, &pfd)
        )),
        "poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)"
    );
}

/// A `Several` capture's bytes: `Some` items read, `None` NULL pointers.
fn several(items: &[Option<&[u8]>]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&(items.len() as u32).to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    for item in items {
        let (data, status): (&[u8], u8) = match item {
            Some(d) => (d, array::ELEM_OK),
            None => (&[], array::ELEM_NONE),
        };
        b.extend_from_slice(&(data.len() as u32 | u32::from(status) << 16).to_le_bytes());
        b.extend_from_slice(data);
    }
    b
}

#[test]
fn the_descriptors_select_and_poll_wait_for() {
    use crate::decode::special::{FCNTL, POLL_FDS, SELECT, Special};
    // select(10, [3], [9], NULL, NULL): the sets as given, from the entry's copy.
    let args = [10, 0x1000, 0x1080, 0, 0, 0];
    let at_entry = several(&[Some(&[0x08, 0]), Some(&[0, 0x02]), None, None]);
    let enter = SyscallEvent::new(23, args, 0, caps1(1, &at_entry));
    let exit = SyscallEvent::new(23, args, 1, [None; 6]);
    assert_eq!(SELECT.descriptors(&exit, Some(&enter)), Some(vec![3, 9]));
    assert_eq!(SELECT.descriptors(&exit, None), None, "not copied");
    let none = SyscallEvent::new(23, [0, 0x1000, 0, 0, 0, 0], 0, [None; 6]);
    assert_eq!(SELECT.descriptors(&none, None), Some(vec![]), "nfds 0");
    // poll([{fd=5, …}, {fd=-1, …}], 2, 0)
    let pfd = [5, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0];
    let poll = SyscallEvent::new(7, [0x2000, 2, 0, 0, 0, 0], 0, caps1(0, &pfd));
    assert_eq!(POLL_FDS.descriptors(&poll, None), Some(vec![5, -1]));
    assert_eq!(FCNTL.descriptors(&poll, None), None);
}

#[cfg(target_arch = "x86_64")]
#[test]
fn select_sets_at_entry_and_exit() {
    // select(5, [3], [4], NULL, {tv_sec=2, tv_usec=0}) = 2 (in [3], out [4], left {tv_sec=1, tv_usec=7})
    let mut given = [0u8; 16];
    given[..8].copy_from_slice(&2u64.to_le_bytes());
    let mut left = [0u8; 16];
    left[..8].copy_from_slice(&1u64.to_le_bytes());
    left[8..].copy_from_slice(&7u64.to_le_bytes());
    let args = [5, 0x1000, 0x1080, 0, 0x2000, 0];
    let at_entry = several(&[Some(&[0x08]), Some(&[0x10]), None, Some(&given)]);
    let enter = SyscallEvent::new(23, args, 0, caps1(1, &at_entry));
    let at_exit = several(&[Some(&[0x08]), Some(&[0x10]), None, Some(&left)]);
    assert_eq!(
        line_entered(
            &SyscallEvent::new(23, args, 2, caps1(1, &at_exit)),
            Some(&enter)
        ),
        "select(5, [3], [4], NULL, {tv_sec=2, tv_usec=0}) = 2 (in [3], out [4], left \
             {tv_sec=1, tv_usec=7})"
    );
    // strace 6.1 closes a bracket after every readable set once it has written anything:
    // `in [3]], except [5]` when the set between has nothing ready.
    let at_exit = several(&[Some(&[0x08]), Some(&[0x00]), Some(&[0x20]), Some(&left)]);
    let args3 = [6, 0x1000, 0x1080, 0x1100, 0x2000, 0];
    let at_entry3 = several(&[Some(&[0x08]), Some(&[0x10]), Some(&[0x20]), Some(&given)]);
    let enter3 = SyscallEvent::new(23, args3, 0, caps1(1, &at_entry3));
    assert_eq!(
        line_entered(
            &SyscallEvent::new(23, args3, 2, caps1(1, &at_exit)),
            Some(&enter3)
        ),
        "select(6, [3], [4], [5], {tv_sec=2, tv_usec=0}) = 2 (in [3]], except [5], left \
             {tv_sec=1, tv_usec=7})"
    );
    // No descriptors to look at (nfds 0): the sets print as their addresses.
    let args0 = [0, 0x1000, 0, 0, 0x2000, 0];
    let at_entry0 = several(&[Some(&[]), None, None, Some(&given)]);
    let enter0 = SyscallEvent::new(23, args0, 0, caps1(1, &at_entry0));
    assert_eq!(
        line_entered(
            &SyscallEvent::new(23, args0, 0, caps1(1, &at_entry0)),
            Some(&enter0)
        ),
        "select(0, 0x1000, NULL, NULL, {tv_sec=2, tv_usec=0}) = 0 (Timeout)"
    );
    // Only the sets that have descriptors ready are named; none at all is a timeout.
    let at_exit = several(&[Some(&[0x00]), Some(&[0x10]), None, Some(&left)]);
    assert!(
        line_entered(
            &SyscallEvent::new(23, args, 1, caps1(1, &at_exit)),
            Some(&enter)
        )
        .ends_with("= 1 (out [4], left {tv_sec=1, tv_usec=7})")
    );
    assert!(
        line_entered(
            &SyscallEvent::new(23, args, 0, caps1(1, &at_exit)),
            Some(&enter)
        )
        .ends_with("= 0 (Timeout)")
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn pselect6_and_ppoll_signal_masks() {
    // {sigmask=[HUP], sigsetsize=8}: the pair, then the mask it points to.
    let mut pair = Vec::new();
    pair.extend_from_slice(&0x3000u64.to_le_bytes());
    pair.extend_from_slice(&8u64.to_le_bytes());
    pair.extend_from_slice(&1u64.to_le_bytes());
    let sets = several(&[Some(&[0x08]), None, None, None]);
    let mut c = caps1(1, &sets);
    c[5] = Some(Captured::Bytes(&pair));
    let args = [4, 0x1000, 0, 0, 0, 0x2000];
    let enter = SyscallEvent::new(270, args, 0, c);
    assert_eq!(
        line_entered(
            &SyscallEvent::new(270, args, 1, caps1(1, &sets)),
            Some(&enter)
        ),
        "pselect6(4, [3], NULL, NULL, NULL, {sigmask=[HUP], sigsetsize=8}) = 1 (in [3])"
    );
    // ppoll's mask beside its timeout in one copy; a NULL timeout.
    let given = several(&[None, Some(&2u64.to_le_bytes())]);
    let args = [0x1000, 0, 0, 0x3000, 8, 0];
    let enter = SyscallEvent::new(271, args, 0, caps1(2, &given));
    assert_eq!(
        line_entered(
            &SyscallEvent::new(271, args, 0, caps1(2, &[])),
            Some(&enter)
        ),
        "ppoll(0x1000, 0, NULL, [INT], 8) = 0 (Timeout)"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn ppoll_time_left() {
    // ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999})
    let mut given = [0u8; 16];
    given[..8].copy_from_slice(&1u64.to_le_bytes());
    let given = several(&[Some(&given), None]);
    let enter = SyscallEvent::new(271, [0x1000, 1, 0x2000, 0, 8, 0], 0, caps1(2, &given));
    let mut left = [0u8; 16];
    left[8..].copy_from_slice(&999u64.to_le_bytes());
    let pfd = [3, 0, 0, 0, 1, 0, 1, 0];
    let mut c = caps1(0, &pfd);
    c[2] = Some(Captured::Bytes(&left));
    assert_eq!(
        line_entered(
            &SyscallEvent::new(271, [0x1000, 1, 0x2000, 0, 8, 0], 1, c),
            Some(&enter)
        ),
        "ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, \
             revents=POLLIN}], left {tv_sec=0, tv_nsec=999})"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn epoll_wait_prints_events() {
    let mut e = [0u8; 12];
    e[0] = 1;
    e[4] = 3;
    assert_eq!(
        line(&SyscallEvent::new(
            232,
            [5, 0x1000, 1023, 1000, 0, 0],
            1,
            caps1(1, &e)
        )),
        "epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}], 1023, 1000) = 1"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            233,
            [5, 1, 3, 0x1000, 0, 0],
            0,
            caps1(3, &e)
        )),
        "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn wait4_status_and_rusage() {
    let st = (3i32 << 8).to_le_bytes();
    let mut c = caps1(1, &st);
    let ru = [0u8; 144];
    c[3] = Some(Captured::Bytes(&ru));
    assert_eq!(
        line(&SyscallEvent::new(
            61,
            [32209, 0x1000, 0, 0x2000, 0, 0],
            32209,
            c
        )),
        "wait4(32209, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, tv_usec=0}, \
             ru_stime={tv_sec=0, tv_usec=0}, ...}) = 32209"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            61,
            [u64::MAX, 0x1000, 1, 0, 0, 0],
            -10,
            [None; 6]
        )),
        "wait4(-1, 0x1000, WNOHANG, NULL) = -1 ECHILD (No child processes)"
    );
    let wait_status = |st| {
        crate::format::text::value_text(
            &Value::array(vec![Value::WaitStatus(st)]),
            Default::default(),
        )
    };
    assert_eq!(
        wait_status(9),
        "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]"
    );
    assert_eq!(
        wait_status(0x8b),
        "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]"
    );
    assert_eq!(
        wait_status(0x137f),
        "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]"
    );
    assert_eq!(wait_status(0xffff), "[{WIFCONTINUED(s)}]");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getdents_counts_entries() {
    // The kernel's RecordCount capture: count, flags.
    let head = |count: u32, flags: u32| {
        let mut b = count.to_le_bytes().to_vec();
        b.extend_from_slice(&flags.to_le_bytes());
        b
    };
    let b = head(139, array::COUNT_ONLY);
    // ls on a directory whose entries take more than one copy (4416 bytes).
    assert_eq!(
        line(&SyscallEvent::new(
            217,
            [3, 0x1000, 32768, 0, 0, 0],
            4416,
            caps1(1, &b)
        )),
        "getdents64(3, 0x1000 /* 139 entries */, 32768) = 4416"
    );
    // The old getdents: the same count (d_reclen is at 16 in both layouts).
    assert_eq!(
        line(&SyscallEvent::new(
            78,
            [3, 0x1000, 32768, 0, 0, 0],
            4416,
            caps1(1, &b)
        )),
        "getdents(3, 0x1000 /* 139 entries */, 32768) = 4416"
    );
    let b = head(0, array::COUNT_ONLY);
    assert_eq!(
        line(&SyscallEvent::new(
            217,
            [3, 0x1000, 32768, 0, 0, 0],
            0,
            caps1(1, &b)
        )),
        "getdents64(3, 0x1000 /* 0 entries */, 32768) = 0"
    );
    // More records than counted: the count so far.
    let b = head(array::COUNT_MAX, array::COUNT_ONLY | array::MORE);
    assert_eq!(
        line(&SyscallEvent::new(
            217,
            [3, 0x1000, 1 << 22, 0, 0, 0],
            1 << 21,
            caps1(1, &b)
        )),
        "getdents64(3, 0x1000 /* 65536 entries */, 4194304) = 2097152"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getdents_prints_the_address_when_the_walk_failed() {
    for flags in [array::UNTERMINATED, array::FAULT] {
        let mut b = 3u32.to_le_bytes().to_vec();
        b.extend_from_slice(&(array::COUNT_ONLY | flags).to_le_bytes());
        assert_eq!(
            line(&SyscallEvent::new(
                217,
                [3, 0x1000, 32768, 0, 0, 0],
                96,
                caps1(1, &b)
            )),
            "getdents64(3, 0x1000, 32768) = 96"
        );
    }
    // A short capture (garbled record): the address.
    assert_eq!(
        line(&SyscallEvent::new(
            217,
            [3, 0x1000, 32768, 0, 0, 0],
            96,
            caps1(1, &[1, 0])
        )),
        "getdents64(3, 0x1000, 32768) = 96"
    );
    let mut c = [None; 6];
    c[1] = Some(Captured::Fault);
    assert_eq!(
        line(&SyscallEvent::new(217, [3, 0x1000, 32768, 0, 0, 0], 96, c)),
        "getdents64(3, 0x1000, 32768) = 96"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn rt_sigreturn_prints_the_restored_mask_and_register() {
    // The UserStack copy at entry: uc_sigmask of the frame.
    let mask = (1u64 << (12 - 1)).to_le_bytes();
    let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &mask));
    let exit = SyscallEvent::new(15, [0; 6], 61, [None; 6]);
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        "rt_sigreturn({mask=[USR2]}) = 61"
    );
    let zero = 0u64.to_le_bytes();
    let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &zero));
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        "rt_sigreturn({mask=[]}) = 61"
    );
    // The frame could not be read (or was not copied): no argument.
    let mut c = [None; 6];
    c[0] = Some(Captured::Fault);
    let enter = SyscallEvent::new(15, [0; 6], 0, c);
    assert_eq!(line_entered(&exit, Some(&enter)), "rt_sigreturn() = 61");
    assert_eq!(line(&exit), "rt_sigreturn() = 61");
    // A short copy: nothing to decode.
    let enter = SyscallEvent::new(15, [0; 6], 0, caps1(0, &zero[..4]));
    assert_eq!(line_entered(&exit, Some(&enter)), "rt_sigreturn() = 61");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn clone3_prints_parent_tid_after_the_struct() {
    // glibc's pthread_create (python3 threading), from strace -f.
    let mut b = vec![0u8; 88];
    let flags: u64 = 0x3d0f00;
    b[0..8].copy_from_slice(&flags.to_le_bytes());
    b[16..24].copy_from_slice(&0x7f0560c34990u64.to_le_bytes());
    b[24..32].copy_from_slice(&0x7f0560c34990u64.to_le_bytes());
    b[40..48].copy_from_slice(&0x7f0560434000u64.to_le_bytes());
    b[48..56].copy_from_slice(&0x7fff80u64.to_le_bytes());
    b[56..64].copy_from_slice(&0x7f0560c346c0u64.to_le_bytes());
    let mut out = b.clone();
    out.extend_from_slice(&1174u32.to_le_bytes());
    let args = [0x7ffd0000, 88, 0, 0, 0, 0];
    let enter = SyscallEvent::new(435, args, 0, caps1(0, &b));
    let exit = SyscallEvent::new(435, args, 1174, caps1(0, &out));
    let st = "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|\
                  CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0560c34990, \
                  parent_tid=0x7f0560c34990, exit_signal=0, stack=0x7f0560434000, \
                  stack_size=0x7fff80, tls=0x7f0560c346c0}";
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        format!("clone3({st} => {{parent_tid=[1174]}}, 88) = 1174")
    );
    // Without the entry copy (none was made): the struct of the exit copy.
    assert_eq!(
        line(&exit),
        format!("clone3({st} => {{parent_tid=[1174]}}, 88) = 1174")
    );
    // parent_tid was NULL or unreadable: the struct alone.
    let exit = SyscallEvent::new(435, args, 1174, caps1(0, &b));
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        format!("clone3({st}, 88) = 1174")
    );
    // Failed: no copy at exit, the struct as given.
    let exit = SyscallEvent::new(435, args, -11, [None; 6]);
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        format!("clone3({st}, 88) = -1 EAGAIN (Resource temporarily unavailable)")
    );
    // Split (strace -f when a thread's line comes between): the struct at entry, the
    // rest after `resumed>`.
    let exit = SyscallEvent::new(435, args, 1174, caps1(0, &out));
    let skip = decode_args(&enter, None, t_row(435), true).len();
    assert_eq!(skip, 1);
    assert_eq!(
        part_line(&enter, None, crate::format::Part::Entry),
        format!("clone3({st} <unfinished ...>")
    );
    assert_eq!(
        part_line(&exit, Some(&enter), crate::format::Part::Resumed { skip }),
        "<... clone3 resumed> => {parent_tid=[1174]}, 88) = 1174"
    );
    let failed = SyscallEvent::new(435, args, -11, [None; 6]);
    assert_eq!(
        part_line(&failed, Some(&enter), crate::format::Part::Resumed { skip }),
        "<... clone3 resumed>, 88) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    // Nothing copied: the address.
    assert_eq!(
        line(&failed),
        "clone3(0x7ffd0000, 88) = -1 EAGAIN (Resource temporarily unavailable)"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn statx_flags_and_struct() {
    // ls -la /etc
    let mut b = vec![0u8; 256];
    b[0..4].copy_from_slice(&0x17ffu32.to_le_bytes());
    b[28..30].copy_from_slice(&0o40755u16.to_le_bytes());
    b[40..48].copy_from_slice(&4096u64.to_le_bytes());
    let mut c = caps1(4, &b);
    c[1] = Some(Captured::Bytes(b"/etc"));
    assert_eq!(
        line(&SyscallEvent::new(
            332,
            [0xffff_ff9c, 0x1000, 0x900, 0x25e, 0x2000, 0],
            0,
            c
        )),
        "statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, \
             STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, {stx_mask=STATX_BASIC_STATS|\
             STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn pselect6_sets_and_time_left() {
    // python3 select.select([r], [], [], 1) with r readable:
    // pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=999998829})
    let mut given = [0u8; 16];
    given[..8].copy_from_slice(&1u64.to_le_bytes());
    let at_entry = several(&[Some(&[8]), None, None, Some(&given)]);
    let args = [4, 0x1000, 0, 0, 0x2000, 0];
    let enter = SyscallEvent::new(270, args, 0, caps1(1, &at_entry));
    let mut left = [0u8; 16];
    left[8..].copy_from_slice(&999_998_829u64.to_le_bytes());
    let at_exit = several(&[Some(&[8]), None, None, Some(&left)]);
    let exit = SyscallEvent::new(270, args, 1, caps1(1, &at_exit));
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        "pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, \
             tv_nsec=999998829})"
    );
    let at_exit = several(&[Some(&[0]), None, None, Some(&[0u8; 16])]);
    let exit = SyscallEvent::new(270, args, 0, caps1(1, &at_exit));
    assert_eq!(
        line_entered(&exit, Some(&enter)),
        "pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 0 (Timeout)"
    );
    // An unreadable set prints as its address.
    let mut unreadable = several(&[Some(&[8]), None, None, Some(&given)]);
    unreadable[8..12].copy_from_slice(&(u32::from(array::ELEM_FAULT) << 16).to_le_bytes());
    unreadable.drain(12..13);
    let enter = SyscallEvent::new(270, args, 0, caps1(1, &unreadable));
    assert!(
        line_entered(&exit, Some(&enter)).starts_with("pselect6(4, 0x1000, NULL, NULL, {tv_sec=1,")
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn umask_is_octal() {
    assert_eq!(
        line(&SyscallEvent::new(
            95,
            [0o22, 0, 0, 0, 0, 0],
            0o22,
            [None; 6]
        )),
        "umask(022) = 022"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn scheduling_groups_and_priorities() {
    // sched_getaffinity(0, 256, [0 1]) = 32
    let mut set = [0u8; 32];
    set[0] = 3;
    assert_eq!(
        line(&SyscallEvent::new(
            204,
            [0, 256, 0x1000, 0, 0, 0],
            32,
            caps1(2, &set)
        )),
        "sched_getaffinity(0, 256, [0 1]) = 32"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            204,
            [0, 1, 0x1000, 0, 0, 0],
            -22,
            [None; 6]
        )),
        "sched_getaffinity(0, 1, 0x1000) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            203,
            [0, 8, 0x1000, 0, 0, 0],
            0,
            caps1(2, &[1, 0, 0, 0, 0, 0, 0, 0])
        )),
        "sched_setaffinity(0, 8, [0]) = 0"
    );
    // getgroups(0, NULL) = 1; getgroups(1, [0]) = 1; setgroups(0, []) = 0
    assert_eq!(
        line(&SyscallEvent::new(115, [0, 0, 0, 0, 0, 0], 1, [None; 6])),
        "getgroups(0, NULL) = 1"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            115,
            [1, 0x1000, 0, 0, 0, 0],
            1,
            caps1(1, &[0, 0, 0, 0])
        )),
        "getgroups(1, [0]) = 1"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            116,
            [0, 0x1000, 0, 0, 0, 0],
            0,
            caps1(1, &[])
        )),
        "setgroups(0, []) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            116,
            [2, 0x1000, 0, 0, 0, 0],
            0,
            caps1(1, &[0, 0, 0, 0, 1, 0, 0, 0])
        )),
        "setgroups(2, [0, 1]) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(145, [0, 0, 0, 0, 0, 0], 0, [None; 6])),
        "sched_getscheduler(0) = 0 (SCHED_OTHER)"
    );
    assert_eq!(
        line(&SyscallEvent::new(252, [1, 0, 0, 0, 0, 0], 4, [None; 6])),
        "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 4 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 4))"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            251,
            [1, 0, 0x6007, 0, 0, 0],
            0,
            [None; 6]
        )),
        "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 7)) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(157, [23, 32, 0, 0, 0, 0], 1, [None; 6])),
        "prctl(PR_CAPBSET_READ, CAP_MAC_OVERRIDE) = 1"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn ipc_devices_offsets_and_sleeps() {
    assert_eq!(
        line(&SyscallEvent::new(
            29,
            [0, 4096, 0o1600, 0, 0, 0],
            1,
            [None; 6]
        )),
        "shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 1"
    );
    assert_eq!(
        line(&SyscallEvent::new(31, [1, 0, 0, 0, 0, 0], 0, [None; 6])),
        "shmctl(1, IPC_RMID, NULL) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            68,
            [0x1234_abcd, 0, 0, 0, 0, 0],
            -2,
            [None; 6]
        )),
        "msgget(0x1234abcd, 000) = -1 ENOENT (No such file or directory)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            259,
            [0xffff_ff9c, 0x1000, 0o10666, 0, 0, 0],
            0,
            caps1(1, b"fifo")
        )),
        "mknodat(AT_FDCWD, \"fifo\", S_IFIFO|0666) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            133,
            [0x1000, 0o20600, 0x103, 0, 0, 0],
            0,
            caps1(0, b"nod")
        )),
        "mknod(\"nod\", S_IFCHR|0600, makedev(0x1, 0x3)) = 0"
    );
    // sendfile(6, 4, [0] => [16], 16) = 16
    let (zero, sixteen) = (0u64.to_le_bytes(), 16u64.to_le_bytes());
    let enter = SyscallEvent::new(40, [6, 4, 0x1000, 16, 0, 0], 0, caps1(2, &zero));
    assert_eq!(
        line_entered(
            &SyscallEvent::new(40, [6, 4, 0x1000, 16, 0, 0], 16, caps1(2, &sixteen)),
            Some(&enter)
        ),
        "sendfile(6, 4, [0] => [16], 16) = 16"
    );
    assert_eq!(
        line(&SyscallEvent::new(40, [6, 4, 0, 16, 0, 0], 16, [None; 6])),
        "sendfile(6, 4, NULL, 16) = 16"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [4, 0x4004_9409, 3, 0, 0, 0],
            -95,
            [None; 6]
        )),
        "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)"
    );
    let mut lock = [0u8; 32];
    lock[8..16].copy_from_slice(&1_073_741_824u64.to_le_bytes());
    lock[16] = 1;
    assert_eq!(
        line(&SyscallEvent::new(
            72,
            [3, 6, 0x1000, 0, 0, 0],
            0,
            caps1(2, &lock)
        )),
        "fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=1073741824, l_len=1}) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            135,
            [0x40000, 0, 0, 0, 0, 0],
            0,
            [None; 6]
        )),
        "personality(PER_LINUX|ADDR_NO_RANDOMIZE) = 0 (PER_LINUX)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            135,
            [0xffff_ffff, 0, 0, 0, 0, 0],
            0x40000,
            [None; 6]
        )),
        "personality(0xffffffff) = 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            324,
            [0, 0, 0, 0, 0, 0],
            0x3ff,
            [None; 6]
        )),
        "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x3ff (MEMBARRIER_CMD_GLOBAL|\
             MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|\
             MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|\
             MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ|0x200)"
    );
    let mut c = caps1(0, b"none");
    c[1] = Some(Captured::Bytes(b"/mnt"));
    c[2] = Some(Captured::Bytes(b"tmpfs"));
    assert_eq!(
        line(&SyscallEvent::new(
            165,
            [0x1000, 0x2000, 0x3000, 2, 0x4000, 0],
            0,
            c
        )),
        "mount(\"none\", \"/mnt\", \"tmpfs\", MS_NOSUID, 0x4000) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            165,
            [0x1000, 0x2000, 0, 0x44000, 0, 0],
            0,
            c
        )),
        "mount(\"none\", \"/mnt\", NULL, MS_REC|MS_PRIVATE, NULL) = 0"
    );
    let fs = 0x7f33_b4de_cb80u64.to_le_bytes();
    assert_eq!(
        line(&SyscallEvent::new(
            158,
            [0x1003, 0x1000, 0, 0, 0, 0],
            0,
            caps1(1, &fs)
        )),
        "arch_prctl(ARCH_GET_FS, [0x7f33b4decb80]) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            158,
            [0x1004, 0x1000, 0, 0, 0, 0],
            0,
            caps1(1, &[0; 8])
        )),
        "arch_prctl(ARCH_GET_GS, [NULL]) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            158,
            [0x1011, 0, 0, 0, 0, 0],
            1,
            [None; 6]
        )),
        "arch_prctl(ARCH_GET_CPUID) = 1"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            158,
            [0x1002, 0x7f00_1000, 0, 0, 0, 0],
            0,
            [None; 6]
        )),
        "arch_prctl(ARCH_SET_FS, 0x7f001000) = 0"
    );
    let flags = 0x80000u32.to_le_bytes();
    assert_eq!(
        line(&SyscallEvent::new(
            16,
            [3, 0x8008_6601, 0x1000, 0, 0, 0],
            0,
            caps1(2, &flags)
        )),
        "ioctl(3, FS_IOC_GETFLAGS, [FS_EXTENT_FL]) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            25,
            [0x1000, 4096, 8192, 1, 0, 0],
            0x2000,
            [None; 6]
        )),
        "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE) = 0x2000"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            25,
            [0x1000, 4096, 8192, 3, 0x5000, 0],
            0x5000,
            [None; 6]
        )),
        "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x5000) = 0x5000"
    );
    // rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7313, si_uid=0}, NULL, 8) = 10 (SIGUSR1)
    let mut info = [0u8; 64];
    info[0] = 10;
    info[16..20].copy_from_slice(&7313u32.to_le_bytes());
    let set = (1u64 << 9).to_le_bytes();
    let mut c = caps1(0, &set);
    c[1] = Some(Captured::Bytes(&info));
    assert_eq!(
        line(&SyscallEvent::new(128, [0x1000, 0x2000, 0, 8, 0, 0], 10, c)),
        "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7313, si_uid=0}, NULL, 8) = 10 (SIGUSR1)"
    );
    // preadv2(3, [...], 1, 2, RWF_HIPRI|RWF_NOWAIT): the flags come from register 5.
    assert_eq!(
        line(&SyscallEvent::new(327, [3, 0, 0, 2, 0, 9], -22, [None; 6])),
        "preadv2(3, NULL, 0, 2, RWF_HIPRI|RWF_NOWAIT) = -1 EINVAL (Invalid argument)"
    );
    // semtimedop(0, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=2, sem_flg=IPC_NOWAIT}], 2, NULL) = 0
    let ops: Vec<u8> = [0u16, 1, 0x1000, 1, 2, 0o4000]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(
        line(&SyscallEvent::new(
            220,
            [0, 0x1000, 2, 0, 0, 0],
            0,
            caps1(1, &ops)
        )),
        "semtimedop(0, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=2, \
             sem_flg=IPC_NOWAIT}], 2, NULL) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            70,
            [0, 0x1000, 8, 0, 0o14000, 0],
            -42,
            [None; 6]
        )),
        "msgrcv(0, 0x1000, 8, 0, MSG_NOERROR|IPC_NOWAIT) = -1 ENOMSG (No message of desired type)"
    );
    // nanosleep's time left shows only when a signal cut the sleep short.
    let mut left = [0u8; 16];
    left[8..].copy_from_slice(&5u64.to_le_bytes());
    assert_eq!(
        line(&SyscallEvent::new(
            35,
            [0x1000, 0x2000, 0, 0, 0, 0],
            0,
            caps1(1, &left)
        )),
        "nanosleep(0x1000, 0x2000) = 0"
    );
    assert_eq!(
        line(&SyscallEvent::new(
            35,
            [0x1000, 0x2000, 0, 0, 0, 0],
            -4,
            caps1(1, &left)
        )),
        "nanosleep(0x1000, {tv_sec=0, tv_nsec=5}) = -1 EINTR (Interrupted system call)"
    );
}
