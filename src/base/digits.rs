//! JSON-style decimal numbers read without the standard float parser, whose tables cost more
//! WebAssembly bytes than the rest of a normalizer. Exact for integers below 2^53 (every
//! timestamp and count a server sends); fractions and exponents are rounded like `Number()`
//! would round them to well within a millisecond.

/// `-?digits(.digits)?([eE][+-]?digits)?`, or `None`.
pub(crate) fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let mut mantissa: u64 = 0;
    let mut scale: i32 = 0;
    let mut digits = 0usize;
    let mut push = |d: u8, scale_change: i32, scale: &mut i32| {
        if mantissa < (1 << 60) {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            *scale += scale_change;
        } else {
            // Digits past u64 precision only shift the magnitude.
            *scale += 1 + scale_change;
        }
    };
    while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
        push(d, 0, &mut scale);
        digits += 1;
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            push(d, -1, &mut scale);
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut exp: i32 = 0;
        while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            exp = exp.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        scale = scale.saturating_add(sign * exp);
    }
    if i != b.len() {
        return None;
    }
    let magnitude = if scale >= 0 {
        mantissa as f64 * 10f64.powi(scale)
    } else {
        mantissa as f64 / 10f64.powi(-scale)
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A run of 1 to 18 ASCII digits, as a header's count or a date's field carries it.
pub(crate) fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_decimal, parse_digits};

    #[test]
    fn digits() {
        assert_eq!(parse_digits("0"), Some(0));
        assert_eq!(parse_digits("16777216"), Some(16_777_216));
        for bad in ["", "-1", "+1", "1.0", " 1", "1234567890123456789"] {
            assert_eq!(parse_digits(bad), None, "{bad}");
        }
    }

    #[test]
    fn integers_are_exact() {
        assert_eq!(parse_decimal("1755484077"), Some(1_755_484_077.0));
        assert_eq!(parse_decimal("1795454150112"), Some(1_795_454_150_112.0));
        assert_eq!(parse_decimal("-15"), Some(-15.0));
        assert_eq!(parse_decimal("0"), Some(0.0));
    }

    #[test]
    fn fractions_and_exponents() {
        assert_eq!(parse_decimal("1655484140.5"), Some(1_655_484_140.5));
        assert_eq!(parse_decimal("1.7e12"), Some(1.7e12));
        assert_eq!(parse_decimal("2E-3"), Some(0.002));
        let big = parse_decimal("1795454158068123999").unwrap();
        assert!((big - 1.795_454_158_068_124e18).abs() < 1e4);
        assert!(parse_decimal("1e999").unwrap().is_infinite());
    }

    #[test]
    fn not_numbers() {
        for bad in [
            "", "-", ".", "1.", ".5", "1e", "1e+", "0x10", "1 ", " 1", "1,5", "NaN", "--1",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }
}
