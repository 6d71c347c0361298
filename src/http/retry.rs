//! When to try again (CONTRACT §2): exponential backoff from 200 ms with jitter, and the
//! server's `Retry-After` honoured up to 10 s.

use crate::normalize::number::parse_digits;
use crate::normalize::time::days_from_civil;

/// The first backoff delay.
pub const BASE_DELAY_MS: f64 = 200.0;
/// The longest wait taken for a `Retry-After`, and for backoff.
pub const MAX_DELAY_MS: f64 = 10_000.0;

/// Whether an HTTP status is worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The wait before attempt `attempt + 1` (the first retry has `attempt == 1`), with `random`
/// in `[0, 1)`: half the exponential step plus a random half, so that many clients that failed
/// together do not come back together.
pub fn backoff_ms(attempt: u32, random: f64) -> f64 {
    let step =
        (BASE_DELAY_MS * 2f64.powi(attempt.saturating_sub(1).min(16) as i32)).min(MAX_DELAY_MS);
    step / 2.0 + step / 2.0 * random.clamp(0.0, 1.0)
}

/// The wait a `Retry-After` value asks for, in ms, capped at 10 s; `None` when unreadable.
/// `now_ms` is the current epoch time, for the HTTP-date form.
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    let wait = if let Some(seconds) = parse_digits(v) {
        seconds as f64 * 1000.0
    } else {
        http_date_ms(v)? as f64 - now_ms
    };
    Some(wait.clamp(0.0, MAX_DELAY_MS))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) in epoch ms.
pub fn http_date_ms(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = s.split_ascii_whitespace();
    let (_weekday, day, month, year, clock, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let number = |s: &str| parse_digits(s).map(|n| n as i64);
    let (day, year) = (number(day)?, number(year)?);
    let mut hms = clock.split(':').map(number);
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter() {
        assert_eq!(backoff_ms(1, 0.0), 100.0);
        assert_eq!(backoff_ms(1, 1.0), 200.0);
        assert_eq!(backoff_ms(2, 0.5), 300.0);
        assert_eq!(backoff_ms(3, 1.0), 800.0);
        assert_eq!(backoff_ms(40, 1.0), MAX_DELAY_MS);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after_ms("1", 0.0), Some(1000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0.0));
        assert_eq!(retry_after_ms("3600", 0.0), Some(MAX_DELAY_MS));
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap() as f64;
        assert_eq!(now, 784_111_777_000.0);
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:39 GMT", now),
            Some(2000.0)
        );
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:30 GMT", now),
            Some(0.0)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(retry_after_ms(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 404, 500, 501, 505] {
            assert!(!is_retryable_status(s));
        }
    }
}
