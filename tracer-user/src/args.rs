//! strace's rules for the numbers and times inside option values (src/string_to_uint.c,
//! src/util.c `parse_ts`), shared by the command line, the qualifiers and the tampering rules.
use std::time::Duration;

/// strace's `string_to_uint_ex(s, max)`: `strtoll` in base 10 (leading blanks and a sign
/// allowed), the whole string, from 0 to `max`.
pub fn strace_uint(s: &str, max: u64) -> Option<u64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        // `-0` is zero to strtoll.
        return match t.strip_prefix('-') {
            Some(z) if !z.is_empty() && z.bytes().all(|b| b == b'0') => Some(0),
            _ => None,
        };
    }
    let v: u64 = digits.parse().ok()?;
    (v <= max).then_some(v)
}

/// strace's `parse_ts`: a number (integer or decimal) with an optional unit s, ms, us (the
/// default) or ns (`-O 15us`, `delay_enter=1ms`).
pub fn duration(s: &str) -> Option<Duration> {
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || "eE.-+".contains(c)))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let ns_per_unit: f64 = match unit {
        "" | "us" => 1e3,
        "s" => 1e9,
        "ms" => 1e6,
        "ns" => 1.0,
        _ => return None,
    };
    let v: f64 = number.parse().ok()?;
    let ns = v * ns_per_unit;
    (v.is_finite() && v >= 0.0 && ns < 1e18).then(|| Duration::from_nanos(ns as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uints_as_strtoll_reads_them() {
        assert_eq!(strace_uint("42", 100), Some(42));
        assert_eq!(strace_uint(" +42", 100), Some(42));
        assert_eq!(strace_uint("-0", 100), Some(0));
        for bad in ["", "-1", "4x", "0x10", "101", " "] {
            assert_eq!(strace_uint(bad, 100), None, "{bad:?}");
        }
    }

    #[test]
    fn durations_default_to_microseconds() {
        assert_eq!(duration("15"), Some(Duration::from_micros(15)));
        assert_eq!(duration("1.5ms"), Some(Duration::from_micros(1500)));
        assert_eq!(duration("2s"), Some(Duration::from_secs(2)));
        assert_eq!(duration("7ns"), Some(Duration::from_nanos(7)));
        for bad in ["", "x", "1h", "-1", "nan", "1e30s"] {
            assert_eq!(duration(bad), None, "{bad:?}");
        }
    }
}
