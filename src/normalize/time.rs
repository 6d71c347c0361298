//! Timestamps (docs/api.md §6): numbers, decimal strings and RFC 3339 strings → epoch ms.
//!
//! Servers disagree on units (openYuanrong: seconds as strings; Ray: milliseconds; older Ray:
//! seconds), so the magnitude decides: a reading in the wrong unit would put a job in the year
//! 54593 (kuberay#480).

use crate::base::civil;
use crate::json::{Json, Kind};

/// The latest instant a JavaScript `Date` can hold, in ms.
const MAX_DATE_MS: f64 = 8.64e15;

/// Epoch milliseconds from a count in an unknown unit; `None` for 0 and negatives.
pub(crate) fn from_count(n: f64) -> Result<Option<i64>, String> {
    if !n.is_finite() {
        return Err("is not a finite number".into());
    }
    if n <= 0.0 {
        return Ok(None);
    }
    let ms = if n < 1e11 {
        n * 1e3
    } else if n < 1e14 {
        n
    } else if n < 1e17 {
        n / 1e3
    } else {
        n / 1e6
    };
    if ms > MAX_DATE_MS {
        return Err("is later than any date JavaScript can hold".into());
    }
    Ok(Some(ms.round() as i64))
}

/// Epoch milliseconds from a string: `""` → `None`; a decimal count; or RFC 3339.
pub(crate) fn from_str(s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(n) = crate::base::digits::parse_decimal(t) {
        return from_count(n);
    }
    rfc3339(t)
        .map(Some)
        .ok_or_else(|| format!("(\"{s}\") is neither a number nor an RFC 3339 date"))
}

/// A raw JSON timestamp of any accepted kind.
pub(crate) fn parse_raw(v: Json) -> Result<Option<i64>, String> {
    match v.kind() {
        Kind::Null => Ok(None),
        Kind::Number => from_count(v.as_f64().ok_or("is not a readable number")?),
        Kind::String => from_str(&v.as_str().ok_or("is not a readable string")?),
        k => Err(format!("was {} instead of a time", k.described())),
    }
}

/// `YYYY-MM-DD[T ]hh:mm:ss[.frac](Z|±hh:mm)` → epoch ms.
pub(crate) fn rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            millis *= 10;
        }
    }
    let offset_min = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let m = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    let secs = civil::epoch_seconds((year, month, day), (hour, minute, second))?;
    Some((secs - offset_min * 60) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_magnitude() {
        assert_eq!(from_count(1_755_484_077.0), Ok(Some(1_755_484_077_000)));
        assert_eq!(from_count(1_795_454_150_112.0), Ok(Some(1_795_454_150_112)));
        assert_eq!(
            from_count(1_795_454_150_112_345.0),
            Ok(Some(1_795_454_150_112))
        );
        assert_eq!(
            from_count(1_795_454_150_112_345_678.0),
            Ok(Some(1_795_454_150_112))
        );
        assert_eq!(from_count(1_755_484_077.5), Ok(Some(1_755_484_077_500)));
    }

    #[test]
    fn zero_negative_and_empty_are_unknown() {
        assert_eq!(from_count(0.0), Ok(None));
        assert_eq!(from_count(-5.0), Ok(None));
        assert_eq!(from_str(""), Ok(None));
        assert_eq!(from_str("-1"), Ok(None));
    }

    #[test]
    fn decimal_strings_are_counts() {
        assert_eq!(from_str("1755484077"), Ok(Some(1_755_484_077_000)));
        assert_eq!(from_str("1757558550702"), Ok(Some(1_757_558_550_702)));
    }

    #[test]
    fn rfc3339_with_zones_and_fractions() {
        assert_eq!(rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339("2025-08-18T02:27:57Z"), Some(1_755_484_077_000));
        assert_eq!(
            rfc3339("2025-08-18T10:27:57+08:00"),
            Some(1_755_484_077_000)
        );
        assert_eq!(
            rfc3339("2025-08-18 02:27:57.123456Z"),
            Some(1_755_484_077_123)
        );
        assert_eq!(
            rfc3339("2025-08-18T02:27:57.1-00:30"),
            Some(1_755_485_877_100)
        );
        assert_eq!(rfc3339("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in [
            "2025-08-18",
            "2025-08-18T02:27:57",
            "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-08-18T02:27:57.Z",
            "2025-08-18T02:27:57+0800",
            "yesterday",
            "१२३४-०८-१८T02:27:57Z",
        ] {
            assert_eq!(rfc3339(bad), None, "{bad}");
            assert!(from_str(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn too_far_in_the_future_is_an_error() {
        assert!(from_count(1e300).is_err());
    }
}
