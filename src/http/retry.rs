//! When to try again (docs/api.md §2): exponential backoff from 200 ms with jitter, and the
//! server's `Retry-After` honoured up to 10 s.

use std::time::Duration;

use crate::base::civil;
use crate::base::digits::parse_digits;
use crate::error::{ErrorCode, JobglassError};

/// The first backoff delay.
const BASE_DELAY: Duration = Duration::from_millis(200);
/// The longest wait taken for a `Retry-After`, and for backoff.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(10);

/// Whether an HTTP status is worth another attempt.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Whether another attempt may succeed: network failures, 429, 502, 503, 504.
pub(crate) fn is_retryable(e: &JobglassError) -> bool {
    is_retryable_failure(e.code, e.status)
}

/// [`is_retryable`] from an error's code and HTTP status.
pub(crate) fn is_retryable_failure(code: ErrorCode, status: Option<u16>) -> bool {
    code == ErrorCode::Network || status.is_some_and(is_retryable_status)
}

/// The wait before attempt `attempt + 1` (the first retry has `attempt == 1`), with `random`
/// in `[0, 1)`: half the exponential step plus a random half, so that many clients that failed
/// together do not come back together.
pub(crate) fn backoff(attempt: u32, random: f64) -> Duration {
    let step_ms = (BASE_DELAY.as_millis() as u64 * (1 << attempt.saturating_sub(1).min(16)))
        .min(MAX_DELAY.as_millis() as u64);
    let jitter_ms = (step_ms as f64 / 2.0 * random.clamp(0.0, 1.0)) as u64;
    Duration::from_millis(step_ms / 2 + jitter_ms)
}

/// The wait a `Retry-After` value asks for, capped at [`MAX_DELAY`]; `None` when unreadable.
/// `now_ms` is the current epoch time, for the HTTP-date form.
pub(crate) fn retry_after(value: &str, now_ms: f64) -> Option<Duration> {
    let v = value.trim();
    let wait_ms = if let Some(seconds) = parse_digits(v) {
        seconds as f64 * 1000.0
    } else {
        http_date_ms(v)? as f64 - now_ms
    };
    Some(Duration::from_millis(
        wait_ms.clamp(0.0, MAX_DELAY.as_millis() as f64) as u64,
    ))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) in epoch ms.
pub(crate) fn http_date_ms(s: &str) -> Option<i64> {
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
    Some(civil::epoch_seconds((year, month, day), (h, m, sec))? * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(d: Option<Duration>) -> Option<u128> {
        d.map(|d| d.as_millis())
    }

    #[test]
    fn backoff_doubles_with_jitter() {
        assert_eq!(backoff(1, 0.0).as_millis(), 100);
        assert_eq!(backoff(1, 1.0).as_millis(), 200);
        assert_eq!(backoff(2, 0.5).as_millis(), 300);
        assert_eq!(backoff(3, 1.0).as_millis(), 800);
        assert_eq!(backoff(40, 1.0), MAX_DELAY);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(ms(retry_after("1", 0.0)), Some(1000));
        assert_eq!(ms(retry_after(" 0 ", 0.0)), Some(0));
        assert_eq!(retry_after("3600", 0.0), Some(MAX_DELAY));
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap() as f64;
        assert_eq!(now, 784_111_777_000.0);
        assert_eq!(
            ms(retry_after("Sun, 06 Nov 1994 08:49:39 GMT", now)),
            Some(2000)
        );
        assert_eq!(
            ms(retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now)),
            Some(0)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 999999999999999999 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Sun, 06 Nov 1994 99:49:37 GMT",
        ] {
            assert_eq!(retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn retryable_statuses_and_errors() {
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 404, 500, 501, 505] {
            assert!(!is_retryable_status(s));
        }
        assert!(is_retryable(&JobglassError::new(ErrorCode::Network, "x")));
        assert!(!is_retryable(&JobglassError::new(ErrorCode::Timeout, "x")));
    }
}
