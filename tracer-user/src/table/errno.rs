//! Errno facts: names (strace's, for the generic Linux numbering used by x86_64 and aarch64)
//! and their messages.

/// Errno numbers and the names strace gives them, ascending. Where the kernel has two names for a
/// number strace picks one (`EAGAIN`, not `EWOULDBLOCK`; `EDEADLK`, not `EDEADLOCK`; `EOPNOTSUPP`,
/// not `ENOTSUP`); 41, 58, 519, 520 and everything above 530 have none. 512 and up are the
/// kernel's internal codes, which a traced program can see only through a tracer.
const NAMES: &[(i32, &str)] = &[
    (1, "EPERM"),
    (2, "ENOENT"),
    (3, "ESRCH"),
    (4, "EINTR"),
    (5, "EIO"),
    (6, "ENXIO"),
    (7, "E2BIG"),
    (8, "ENOEXEC"),
    (9, "EBADF"),
    (10, "ECHILD"),
    (11, "EAGAIN"),
    (12, "ENOMEM"),
    (13, "EACCES"),
    (14, "EFAULT"),
    (15, "ENOTBLK"),
    (16, "EBUSY"),
    (17, "EEXIST"),
    (18, "EXDEV"),
    (19, "ENODEV"),
    (20, "ENOTDIR"),
    (21, "EISDIR"),
    (22, "EINVAL"),
    (23, "ENFILE"),
    (24, "EMFILE"),
    (25, "ENOTTY"),
    (26, "ETXTBSY"),
    (27, "EFBIG"),
    (28, "ENOSPC"),
    (29, "ESPIPE"),
    (30, "EROFS"),
    (31, "EMLINK"),
    (32, "EPIPE"),
    (33, "EDOM"),
    (34, "ERANGE"),
    (35, "EDEADLK"),
    (36, "ENAMETOOLONG"),
    (37, "ENOLCK"),
    (38, "ENOSYS"),
    (39, "ENOTEMPTY"),
    (40, "ELOOP"),
    (42, "ENOMSG"),
    (43, "EIDRM"),
    (44, "ECHRNG"),
    (45, "EL2NSYNC"),
    (46, "EL3HLT"),
    (47, "EL3RST"),
    (48, "ELNRNG"),
    (49, "EUNATCH"),
    (50, "ENOCSI"),
    (51, "EL2HLT"),
    (52, "EBADE"),
    (53, "EBADR"),
    (54, "EXFULL"),
    (55, "ENOANO"),
    (56, "EBADRQC"),
    (57, "EBADSLT"),
    (59, "EBFONT"),
    (60, "ENOSTR"),
    (61, "ENODATA"),
    (62, "ETIME"),
    (63, "ENOSR"),
    (64, "ENONET"),
    (65, "ENOPKG"),
    (66, "EREMOTE"),
    (67, "ENOLINK"),
    (68, "EADV"),
    (69, "ESRMNT"),
    (70, "ECOMM"),
    (71, "EPROTO"),
    (72, "EMULTIHOP"),
    (73, "EDOTDOT"),
    (74, "EBADMSG"),
    (75, "EOVERFLOW"),
    (76, "ENOTUNIQ"),
    (77, "EBADFD"),
    (78, "EREMCHG"),
    (79, "ELIBACC"),
    (80, "ELIBBAD"),
    (81, "ELIBSCN"),
    (82, "ELIBMAX"),
    (83, "ELIBEXEC"),
    (84, "EILSEQ"),
    (85, "ERESTART"),
    (86, "ESTRPIPE"),
    (87, "EUSERS"),
    (88, "ENOTSOCK"),
    (89, "EDESTADDRREQ"),
    (90, "EMSGSIZE"),
    (91, "EPROTOTYPE"),
    (92, "ENOPROTOOPT"),
    (93, "EPROTONOSUPPORT"),
    (94, "ESOCKTNOSUPPORT"),
    (95, "EOPNOTSUPP"),
    (96, "EPFNOSUPPORT"),
    (97, "EAFNOSUPPORT"),
    (98, "EADDRINUSE"),
    (99, "EADDRNOTAVAIL"),
    (100, "ENETDOWN"),
    (101, "ENETUNREACH"),
    (102, "ENETRESET"),
    (103, "ECONNABORTED"),
    (104, "ECONNRESET"),
    (105, "ENOBUFS"),
    (106, "EISCONN"),
    (107, "ENOTCONN"),
    (108, "ESHUTDOWN"),
    (109, "ETOOMANYREFS"),
    (110, "ETIMEDOUT"),
    (111, "ECONNREFUSED"),
    (112, "EHOSTDOWN"),
    (113, "EHOSTUNREACH"),
    (114, "EALREADY"),
    (115, "EINPROGRESS"),
    (116, "ESTALE"),
    (117, "EUCLEAN"),
    (118, "ENOTNAM"),
    (119, "ENAVAIL"),
    (120, "EISNAM"),
    (121, "EREMOTEIO"),
    (122, "EDQUOT"),
    (123, "ENOMEDIUM"),
    (124, "EMEDIUMTYPE"),
    (125, "ECANCELED"),
    (126, "ENOKEY"),
    (127, "EKEYEXPIRED"),
    (128, "EKEYREVOKED"),
    (129, "EKEYREJECTED"),
    (130, "EOWNERDEAD"),
    (131, "ENOTRECOVERABLE"),
    (132, "ERFKILL"),
    (133, "EHWPOISON"),
    (512, "ERESTARTSYS"),
    (513, "ERESTARTNOINTR"),
    (514, "ERESTARTNOHAND"),
    (515, "ENOIOCTLCMD"),
    (516, "ERESTART_RESTARTBLOCK"),
    (517, "EPROBE_DEFER"),
    (518, "EOPENSTALE"),
    (521, "EBADHANDLE"),
    (522, "ENOTSYNC"),
    (523, "EBADCOOKIE"),
    (524, "ENOTSUPP"),
    (525, "ETOOSMALL"),
    (526, "ESERVERFAULT"),
    (527, "EBADTYPE"),
    (528, "EJUKEBOX"),
    (529, "EIOCBQUEUED"),
    (530, "ERECALLCONFLICT"),
];

/// The internal codes after which the kernel restarts or fails the call once a signal has been
/// handled; strace prints `?` for their return value and its own explanation.
pub(crate) const RESTART_CODES: &[(i32, &str)] = &[
    (ERESTARTSYS, "To be restarted if SA_RESTART is set"),
    (ERESTARTNOINTR, "To be restarted"),
    (ERESTARTNOHAND, "To be restarted if no handler"),
    (ERESTART_RESTARTBLOCK, "Interrupted by signal"),
];

/// The last number the C library has a message for; the numbers above it are the kernel's own.
const LAST_LIBC_ERRNO: i32 = 133;

/// Restart the call after the handler if it has `SA_RESTART`, else fail it with `EINTR`.
pub const ERESTARTSYS: i32 = 512;
/// Restart the call after the handler, always.
pub const ERESTARTNOINTR: i32 = 513;
/// Restart the call if the signal had no handler, else fail it with `EINTR`.
pub const ERESTARTNOHAND: i32 = 514;
/// Restart through `restart_syscall`, with arguments the kernel adjusted.
pub const ERESTART_RESTARTBLOCK: i32 = 516;

/// strace's name for errno `e` (`2` → `ENOENT`), if it has one.
pub fn errno_name(e: i32) -> Option<&'static str> {
    NAMES
        .binary_search_by_key(&e, |&(n, _)| n)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map(|&(_, name)| name)
}

/// The message strace prints in parentheses for errno `e`: the C library's `strerror` text
/// (`No such file or directory`; `Unknown error 515` for numbers it does not know), or strace's
/// own explanation for the restart codes.
pub fn errno_message(e: i32) -> String {
    if let Some(&(_, text)) = RESTART_CODES.iter().find(|&&(n, _)| n == e) {
        return text.to_owned();
    }
    if (1..=LAST_LIBC_ERRNO).contains(&e) {
        let text = errno::Errno(e).to_string();
        // The errno crate words its own failure to get a text as "OS error …".
        if !text.starts_with("OS error") {
            return text;
        }
    }
    format!("Unknown error {e}")
}

#[cfg(test)]
mod tests {
    //! Expected names and messages are strace 6.1's on x86_64 (Debian glibc 2.36).

    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(NAMES.len(), 148);
    }

    #[test]
    fn names() {
        assert_eq!(errno_name(2), Some("ENOENT"));
        assert_eq!(errno_name(11), Some("EAGAIN"));
        assert_eq!(errno_name(35), Some("EDEADLK"));
        assert_eq!(errno_name(95), Some("EOPNOTSUPP"));
        assert_eq!(errno_name(524), Some("ENOTSUPP"));
        assert_eq!(errno_name(530), Some("ERECALLCONFLICT"));
        for e in [
            i32::MIN,
            -1,
            0,
            41,
            58,
            134,
            511,
            519,
            520,
            531,
            4095,
            i32::MAX,
        ] {
            assert_eq!(errno_name(e), None, "{e}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(errno_message(2), "No such file or directory");
        assert_eq!(errno_message(41), "Unknown error 41");
        assert_eq!(errno_message(515), "Unknown error 515");
        assert_eq!(errno_message(-3), "Unknown error -3");
        assert_eq!(
            errno_message(ERESTARTSYS),
            "To be restarted if SA_RESTART is set"
        );
    }
}
