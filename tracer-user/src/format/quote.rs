//! String quoting as strace prints it: buffers (`read`/`write` data, cut at `-s`), NUL-terminated
//! strings, and pathnames (not cut at `-s`), with strace's escapes and its `-x`/`-xx` hex modes.
//!
//! Every function here takes bytes straight from a traced program and never panics on them.

/// How strace's `-x` option family says to show bytes in strings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HexMode {
    /// No `-x`: escapes for `\t\n\v\f\r"\`, octal for other non-printable bytes.
    #[default]
    None,
    /// `-x` (`--strings-in-hex=non-ascii`): the whole string in `\xNN` as soon as one shown
    /// byte is neither printable ASCII nor one of `\t\n\v\f\r`; otherwise as [`HexMode::None`].
    NonAscii,
    /// `-xx` (`--strings-in-hex=all`): every byte as `\xNN`.
    All,
    /// `--strings-in-hex=non-ascii-chars`: like [`HexMode::None`], but `\xNN` instead of octal.
    NonAsciiChars,
}

/// Options that shape every quoted string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteOpts {
    /// `-s N`: how many bytes of a buffer or a non-path string are shown.
    pub max: usize,
    /// `-x`, `-xx` and `--strings-in-hex`.
    pub hex: HexMode,
}

impl Default for QuoteOpts {
    fn default() -> Self {
        QuoteOpts {
            max: DEFAULT_MAX,
            hex: HexMode::None,
        }
    }
}

/// strace's default `-s`.
pub const DEFAULT_MAX: usize = 32;

/// How many bytes of a pathname strace shows, whatever `-s` says (`PATH_MAX - 1`).
pub const PATH_SHOWN_MAX: usize = 4095;

/// What strace appends after the closing quote when it did not show the whole string.
const MORE: &str = "...";

/// Quotes a buffer argument (not NUL-terminated), like `write`'s data.
///
/// `data` holds the bytes captured from the tracee, `total_len` the buffer's real length. At most
/// `opts.max` bytes are shown; `...` follows the closing quote when fewer than `total_len` bytes
/// were shown. A NUL inside the buffer is just another byte.
pub fn quote_buf(out: &mut String, data: &[u8], total_len: u64, opts: QuoteOpts) {
    let shown_len = data
        .len()
        .min(opts.max)
        .min(usize::try_from(total_len).unwrap_or(usize::MAX));
    let shown = data.get(..shown_len).unwrap_or(data);
    push_quoted(out, shown, opts.hex);
    if total_len > shown_len as u64 {
        out.push_str(MORE);
    }
}

/// Quotes a pathname argument. strace does not cut paths at `-s`: it shows up to
/// [`PATH_SHOWN_MAX`] bytes.
///
/// `data` is the string as captured, with or without its NUL (anything after a first NUL is
/// ignored). `truncated` says the capture stopped before the NUL was seen; then, as when the path
/// is longer than strace shows, `...` follows the closing quote.
pub fn quote_cstr(out: &mut String, data: &[u8], truncated: bool, opts: QuoteOpts) {
    quote_terminated(out, data, truncated, PATH_SHOWN_MAX, opts.hex);
}

/// Quotes a NUL-terminated string argument that is not a path (an `execve` argument, a `mount`
/// type, …): like [`quote_cstr`] but cut at `opts.max` bytes, as strace's `-s` cuts such strings.
pub fn quote_cstr_bounded(out: &mut String, data: &[u8], truncated: bool, opts: QuoteOpts) {
    quote_terminated(out, data, truncated, opts.max, opts.hex);
}

fn quote_terminated(out: &mut String, data: &[u8], truncated: bool, limit: usize, hex: HexMode) {
    let (string, nul_seen) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (data.get(..nul).unwrap_or(data), true),
        None => (data, false),
    };
    let shown = string.get(..limit).unwrap_or(string);
    push_quoted(out, shown, hex);
    if shown.len() < string.len() || (truncated && !nul_seen) {
        out.push_str(MORE);
    }
}

/// Writes `bytes` between double quotes, escaped; every byte given is shown.
fn push_quoted(out: &mut String, bytes: &[u8], hex: HexMode) {
    out.push('"');
    let whole_in_hex = match hex {
        HexMode::All => true,
        HexMode::NonAscii => bytes.iter().any(|&b| !is_print(b) && !is_space(b)),
        HexMode::None | HexMode::NonAsciiChars => false,
    };
    if whole_in_hex {
        for &b in bytes {
            push_hex(out, b);
        }
    } else {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\t' => out.push_str("\\t"),
                b'\n' => out.push_str("\\n"),
                b'\x0b' => out.push_str("\\v"),
                b'\x0c' => out.push_str("\\f"),
                b'\r' => out.push_str("\\r"),
                _ if is_print(b) => out.push(char::from(b)),
                _ if hex == HexMode::NonAsciiChars => push_hex(out, b),
                _ => {
                    // An octal digit right after the escape would be read as part of it, so
                    // then the escape keeps all three digits; otherwise strace drops the
                    // leading zeros.
                    let next_is_octal = bytes.get(i + 1).is_some_and(|n| (b'0'..=b'7').contains(n));
                    push_octal(out, b, next_is_octal);
                }
            }
        }
    }
    out.push('"');
}

/// Printable ASCII, space included, DEL excluded.
fn is_print(b: u8) -> bool {
    (b' '..0x7f).contains(&b)
}

/// The whitespace controls `\t\n\v\f\r`.
fn is_space(b: u8) -> bool {
    (b'\t'..=b'\r').contains(&b)
}

fn push_hex(out: &mut String, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\x");
    out.push(char::from(DIGITS[usize::from(b >> 4)]));
    out.push(char::from(DIGITS[usize::from(b & 0xf)]));
}

fn push_octal(out: &mut String, b: u8, full: bool) {
    out.push('\\');
    let digit = |d: u8| char::from(b'0' + (d & 7));
    if full || b >= 0o100 {
        out.push(digit(b >> 6));
    }
    if full || b >= 0o10 {
        out.push(digit(b >> 3));
    }
    out.push(digit(b));
}

#[cfg(test)]
mod tests {
    //! Expected strings were printed by strace 6.1 on x86_64. `./w HEX...` is a small C program
    //! that, for each argument, decodes the hex into bytes, `write(1, bytes, n)`s them and then
    //! `open(bytes, O_RDONLY)`s them as a path; it ran as
    //! `strace -qq -e signal=none -e trace=write,openat [OPTS] ./w HEX...`.

    use super::*;

    fn hex_bytes(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .filter_map(|i| s.get(i..i + 2))
            .filter_map(|h| u8::from_str_radix(h, 16).ok())
            .collect()
    }

    fn opts(max: usize, hex: HexMode) -> QuoteOpts {
        QuoteOpts { max, hex }
    }

    /// A whole buffer of known length, as `write` passes it.
    fn buf(hex: &str, o: QuoteOpts) -> String {
        let data = hex_bytes(hex);
        let mut out = String::new();
        quote_buf(&mut out, &data, data.len() as u64, o);
        out
    }

    fn path(data: &[u8], truncated: bool, o: QuoteOpts) -> String {
        let mut out = String::new();
        quote_cstr(&mut out, data, truncated, o);
        out
    }

    fn bounded(data: &[u8], truncated: bool, o: QuoteOpts) -> String {
        let mut out = String::new();
        quote_cstr_bounded(&mut out, data, truncated, o);
        out
    }

    #[test]
    fn defaults() {
        assert_eq!(
            QuoteOpts::default(),
            QuoteOpts {
                max: 32,
                hex: HexMode::None
            }
        );
    }

    #[test]
    fn escapes_and_octal() {
        // python3 -c 'import os; os.write(1, b"\x00\x01" b"1\x08" b"8\x7f\x80\xff\t\n\v\f\r\"\\ ~\x00")'
        // → write(1, "\0\0011\108\177\200\377\t\n\v\f\r\"\\ ~\0", 18) = 18
        assert_eq!(
            buf("0001310838" /* \0 \1 1 \b 8 */, QuoteOpts::default()),
            r#""\0\0011\108""#
        );
        assert_eq!(
            buf("7f80ff090a0b0c0d225c207e00", QuoteOpts::default()),
            r#""\177\200\377\t\n\v\f\r\"\\ ~\0""#
        );
        // ./w 00013108 → write(1, "\0\0011\10", 4): no look-ahead past the last byte.
        assert_eq!(buf("00013108", QuoteOpts::default()), r#""\0\0011\10""#);
        // ./w 5c22273f → write(1, "\\\"'?", 4)
        assert_eq!(buf("5c22273f", QuoteOpts::default()), r#""\\\"'?""#);
        // ./w 01313131 → write(1, "\001111", 4)
        assert_eq!(buf("01313131", QuoteOpts::default()), r#""\001111""#);
    }

    #[test]
    fn buffers_cut_at_max() {
        // -s 4 ./w 61626364 6162636465 0131
        assert_eq!(buf("61626364", opts(4, HexMode::None)), r#""abcd""#);
        assert_eq!(buf("6162636465", opts(4, HexMode::None)), r#""abcd"..."#);
        assert_eq!(buf("0131", opts(4, HexMode::None)), r#""\0011""#);
        // -s 1 ./w 0131 → "\1"...: the byte after the cut does not count for the look-ahead.
        assert_eq!(buf("0131", opts(1, HexMode::None)), r#""\1"..."#);
        // -s 0 ./w 6162 "" → ""..., then ""
        assert_eq!(buf("6162", opts(0, HexMode::None)), r#"""..."#);
        assert_eq!(buf("", opts(0, HexMode::None)), r#""""#);
        // Only max+1 bytes captured of a 4096-byte buffer.
        let mut out = String::new();
        quote_buf(&mut out, b"abcde", 4096, opts(4, HexMode::None));
        assert_eq!(out, r#""abcd"..."#);
    }

    #[test]
    fn short_capture_is_marked() {
        // Fewer bytes captured than the buffer holds and than -s allows: show them, then `...`.
        let mut out = String::new();
        quote_buf(&mut out, b"ab", 10, QuoteOpts::default());
        assert_eq!(out, r#""ab"..."#);
    }

    #[test]
    fn hex_non_ascii() {
        // -x ./w 616209 6162010a 61628062 610a62
        let x = opts(32, HexMode::NonAscii);
        assert_eq!(buf("616209", x), r#""ab\t""#);
        assert_eq!(buf("6162010a", x), r#""\x61\x62\x01\x0a""#);
        assert_eq!(buf("61628062", x), r#""\x61\x62\x80\x62""#);
        assert_eq!(buf("610a62", x), r#""a\nb""#);
        // -x -s 2 ./w 6162ff 7f → "ab"..., "\x7f": only the shown bytes decide.
        assert_eq!(buf("6162ff", opts(2, HexMode::NonAscii)), r#""ab"..."#);
        assert_eq!(buf("7f", x), r#""\x7f""#);
        // -x -s 3 ./w 2f746d702f80 → openat(AT_FDCWD, "\x2f\x74\x6d\x70\x2f\x80", O_RDONLY)
        assert_eq!(
            path(b"/tmp/\x80\0", false, opts(3, HexMode::NonAscii)),
            r#""\x2f\x74\x6d\x70\x2f\x80""#
        );
        // -x ./w 610a62 → openat(AT_FDCWD, "a\nb", O_RDONLY)
        assert_eq!(path(b"a\nb", false, x), r#""a\nb""#);
    }

    #[test]
    fn hex_all() {
        // -xx ./w 616209 "" 0a
        let xx = opts(32, HexMode::All);
        assert_eq!(buf("616209", xx), r#""\x61\x62\x09""#);
        assert_eq!(buf("", xx), r#""""#);
        assert_eq!(buf("0a", xx), r#""\x0a""#);
        // -xx -s 3: openat(AT_FDCWD, "\x2f\x65\x74\x63\x2f\x6c\x64\x2e\x73\x6f\x2e\x63\x61\x63\x68\x65", …)
        assert_eq!(
            path(b"/etc/ld.so.cache\0", false, opts(3, HexMode::All)),
            r#""\x2f\x65\x74\x63\x2f\x6c\x64\x2e\x73\x6f\x2e\x63\x61\x63\x68\x65""#
        );
    }

    #[test]
    fn hex_non_ascii_chars() {
        // --strings-in-hex=non-ascii-chars ./w 61620962 6162800a 00310037
        let o = opts(32, HexMode::NonAsciiChars);
        assert_eq!(buf("61620962", o), r#""ab\tb""#);
        assert_eq!(buf("6162800a", o), r#""ab\x80\n""#);
        assert_eq!(buf("00310037", o), r#""\x001\x007""#);
    }

    #[test]
    fn paths_ignore_max() {
        // -s 5 ./w 2f746d702f6162636465666768 0131 → "/tmp/abcdefgh", "\0011"
        let s5 = opts(5, HexMode::None);
        assert_eq!(path(b"/tmp/abcdefgh\0", false, s5), r#""/tmp/abcdefgh""#);
        assert_eq!(path(b"\x011", false, s5), r#""\0011""#);
        // ./w 00013108 → openat(AT_FDCWD, "", O_RDONLY): the leading NUL ends the path.
        assert_eq!(path(b"\0\x01\x31", false, s5), r#""""#);
    }

    #[test]
    fn long_paths() {
        // ./w with 4094, 4095, 4096 and 5000 'a's: strace shows 4094, 4095, 4095 and 4095 of
        // them, with `...` after the last two.
        for (len, shown, more) in [
            (4094, 4094, false),
            (4095, 4095, false),
            (4096, 4095, true),
            (5000, 4095, true),
        ] {
            let mut data = vec![b'a'; len];
            data.push(0);
            let want = format!("\"{}\"{}", "a".repeat(shown), if more { "..." } else { "" });
            assert_eq!(path(&data, false, QuoteOpts::default()), want, "{len}");
        }
        // A capture that stopped before the NUL.
        assert_eq!(
            path(b"/very/lo", true, QuoteOpts::default()),
            r#""/very/lo"..."#
        );
        // A capture that stopped before the NUL but not before the string's end is fine.
        assert_eq!(path(b"/a\0", true, QuoteOpts::default()), r#""/a""#);
    }

    #[test]
    fn bounded_strings() {
        // -s 3 /bin/true abc abcd ab → execve("/bin/true", ["/bi"..., "abc", "abc"..., ...], …)
        let s3 = opts(3, HexMode::None);
        assert_eq!(bounded(b"/bin/true\0", false, s3), r#""/bi"..."#);
        assert_eq!(bounded(b"abc\0", false, s3), r#""abc""#);
        assert_eq!(bounded(b"abcd\0", false, s3), r#""abc"..."#);
        assert_eq!(bounded(b"abc", true, s3), r#""abc"..."#);
        assert_eq!(bounded(b"", false, opts(0, HexMode::None)), r#""""#);
        assert_eq!(bounded(b"a", false, opts(0, HexMode::None)), r#"""..."#);
    }

    #[test]
    fn every_byte_is_safe() {
        let all: Vec<u8> = (0..=255).collect();
        for hex in [
            HexMode::None,
            HexMode::NonAscii,
            HexMode::All,
            HexMode::NonAsciiChars,
        ] {
            for max in [0, 1, 255, 256, 1000, usize::MAX] {
                let o = opts(max, hex);
                let mut out = String::new();
                quote_buf(&mut out, &all, u64::MAX, o);
                quote_buf(&mut out, &all, 3, o);
                quote_cstr(&mut out, &all, true, o);
                quote_cstr_bounded(&mut out, &all[1..], false, o);
                assert!(out.is_ascii());
            }
        }
    }
}
