//! The options of docs/api.md §2, §9 and §11 as plain settings: defaults, ranges and the
//! sentences that explain a rejected value. The JavaScript layer reads numbers; these rules
//! decide what they mean.

use std::time::Duration;

use crate::error::JobglassError;
use crate::logs::{TailOptions, DEFAULT_MAX_LOG_BYTES};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_RETRIES: u32 = 2;
const MAX_RETRIES: u32 = 100;
const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;
/// Larger limits are refused: nothing here needs a gigabyte in memory, and wasm32 cannot
/// address much more.
const MAX_BODY_BYTES_LIMIT: usize = 1 << 30;
const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);
const MIN_INTERVAL: Duration = Duration::from_millis(100);

fn invalid(key: &str, rule: &str) -> JobglassError {
    JobglassError::invalid_argument(format!("{key} must be {rule}"))
}

/// A number given for `key`, checked against `valid`.
fn checked(
    value: Option<f64>,
    key: &str,
    valid: impl Fn(f64) -> bool,
    rule: &str,
) -> Result<Option<f64>, JobglassError> {
    match value {
        Some(n) if !(n.is_finite() && valid(n)) => Err(invalid(key, rule)),
        other => Ok(other),
    }
}

fn millis(n: f64) -> Duration {
    Duration::from_micros((n * 1000.0) as u64)
}

/// How each request is sent (`FetchOptions`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RequestSettings {
    /// Per attempt; `None` when the caller disabled it with `0`.
    pub timeout: Option<Duration>,
    /// Attempts after the first.
    pub retries: u32,
    /// The largest success body accepted.
    pub max_body_bytes: usize,
}

impl Default for RequestSettings {
    fn default() -> Self {
        RequestSettings {
            timeout: Some(DEFAULT_TIMEOUT),
            retries: DEFAULT_RETRIES,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

impl RequestSettings {
    /// From `timeoutMs`, `retries` and `maxBodyBytes` as given (each may be absent).
    pub fn new(
        timeout_ms: Option<f64>,
        retries: Option<f64>,
        max_body_bytes: Option<f64>,
    ) -> Result<Self, JobglassError> {
        let timeout_ms = checked(
            timeout_ms,
            "timeoutMs",
            |n| n >= 0.0,
            "a number of milliseconds, 0 or more",
        )?;
        let retries = checked(
            retries,
            "retries",
            |n| n >= 0.0 && n.fract() == 0.0 && n <= f64::from(MAX_RETRIES),
            "a whole number from 0 to 100",
        )?;
        let max_body_bytes = checked(
            max_body_bytes,
            "maxBodyBytes",
            |n| n >= 1.0 && n <= MAX_BODY_BYTES_LIMIT as f64,
            "a number of bytes from 1 to 1 GiB (1073741824)",
        )?;
        let defaults = RequestSettings::default();
        Ok(RequestSettings {
            timeout: match timeout_ms {
                None => defaults.timeout,
                Some(0.0) => None,
                Some(n) => Some(millis(n)),
            },
            retries: retries.map_or(defaults.retries, |n| n as u32),
            max_body_bytes: max_body_bytes.map_or(defaults.max_body_bytes, |n| n as usize),
        })
    }

    /// The same settings without retries (for requests that must not be repeated).
    pub fn once(self) -> Self {
        RequestSettings { retries: 0, ..self }
    }
}

/// How a watch polls (`intervalMs`, `deadlineMs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct WatchSettings {
    /// Between the end of one poll and the next; at least 100 ms.
    pub interval: Duration,
    /// For the whole watch.
    pub deadline: Option<Duration>,
}

impl WatchSettings {
    /// From `intervalMs` and `deadlineMs` as given.
    pub fn new(interval_ms: Option<f64>, deadline_ms: Option<f64>) -> Result<Self, JobglassError> {
        let interval_ms = checked(
            interval_ms,
            "intervalMs",
            |n| n >= 0.0,
            "a number of milliseconds",
        )?;
        let deadline_ms = checked(
            deadline_ms,
            "deadlineMs",
            |n| n > 0.0,
            "a positive number of milliseconds",
        )?;
        Ok(WatchSettings {
            interval: interval_ms.map_or(DEFAULT_INTERVAL, |n| millis(n).max(MIN_INTERVAL)),
            deadline: deadline_ms.map(millis),
        })
    }
}

/// How much of a log is kept (`tailLines`, `maxLogBytes`).
pub(crate) fn tail_options(
    tail_lines: Option<f64>,
    max_log_bytes: Option<f64>,
) -> Result<TailOptions, JobglassError> {
    let whole = |n: f64| n.fract() == 0.0;
    let tail_lines = checked(
        tail_lines,
        "tailLines",
        |n| n >= 0.0 && whole(n),
        "a whole number, 0 or more",
    )?;
    let max_bytes = checked(
        max_log_bytes,
        "maxLogBytes",
        |n| n >= 1.0 && whole(n) && n <= MAX_BODY_BYTES_LIMIT as f64,
        "a whole number of bytes from 1 to 1 GiB (1073741824)",
    )?;
    Ok(TailOptions {
        tail_lines: tail_lines.map(|n| n as usize),
        max_bytes: max_bytes.map_or(DEFAULT_MAX_LOG_BYTES, |n| n as usize),
    })
}

/// The page window of a ModelArts list (`filter.limit`, `filter.offset`), as query pairs: the
/// keys ModelArts' other paged lists take, counted in records (docs/api.md §2).
pub(crate) fn page_window(
    limit: Option<f64>,
    offset: Option<f64>,
) -> Result<Vec<(&'static str, String)>, JobglassError> {
    let whole = |n: f64| n.fract() == 0.0 && n <= 1e9;
    let limit = checked(
        limit,
        "filter.limit",
        |n| n >= 1.0 && whole(n),
        "a whole number, 1 or more",
    )?;
    let offset = checked(
        offset,
        "filter.offset",
        |n| n >= 0.0 && whole(n),
        "a whole number, 0 or more",
    )?;
    Ok([("limit", limit), ("offset", offset)]
        .into_iter()
        .filter_map(|(key, n)| n.map(|n| (key, (n as u64).to_string())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_defaults_and_ranges() {
        let d = RequestSettings::new(None, None, None).unwrap();
        assert_eq!(d, RequestSettings::default());
        assert_eq!(d.timeout, Some(Duration::from_secs(10)));
        let s = RequestSettings::new(Some(0.0), Some(0.0), Some(1.0)).unwrap();
        assert_eq!((s.timeout, s.retries, s.max_body_bytes), (None, 0, 1));
        assert_eq!(
            RequestSettings::new(Some(1.5), None, None).unwrap().timeout,
            Some(Duration::from_micros(1500))
        );
        for (t, r, m) in [
            (Some(-1.0), None, None),
            (Some(f64::NAN), None, None),
            (None, Some(1.5), None),
            (None, Some(101.0), None),
            (None, None, Some(0.0)),
            (None, None, Some(4_294_967_296.0)),
            (None, None, Some(f64::INFINITY)),
        ] {
            let e = RequestSettings::new(t, r, m).unwrap_err();
            assert_eq!(
                e.code,
                crate::ErrorCode::InvalidArgument,
                "{t:?} {r:?} {m:?}"
            );
        }
        assert!(RequestSettings::new(None, None, Some(1_073_741_824.0)).is_ok());
        assert_eq!(RequestSettings::default().once().retries, 0);
    }

    #[test]
    fn watch_interval_floor_and_deadline() {
        let w = WatchSettings::new(None, None).unwrap();
        assert_eq!((w.interval, w.deadline), (Duration::from_secs(2), None));
        let w = WatchSettings::new(Some(5.0), Some(1000.0)).unwrap();
        assert_eq!(w.interval, Duration::from_millis(100));
        assert_eq!(w.deadline, Some(Duration::from_secs(1)));
        assert!(WatchSettings::new(Some(-1.0), None).is_err());
        assert!(WatchSettings::new(None, Some(0.0)).is_err());
    }

    #[test]
    fn log_options() {
        let t = tail_options(None, None).unwrap();
        assert_eq!((t.tail_lines, t.max_bytes), (None, 8 << 20));
        let t = tail_options(Some(0.0), Some(10.0)).unwrap();
        assert_eq!((t.tail_lines, t.max_bytes), (Some(0), 10));
        assert!(tail_options(Some(1.5), None).is_err());
        assert!(tail_options(None, Some(0.0)).is_err());
        assert!(tail_options(None, Some(2e9)).is_err());
    }

    #[test]
    fn page_windows() {
        assert_eq!(page_window(None, None).unwrap(), []);
        assert_eq!(
            page_window(Some(50.0), Some(100.0)).unwrap(),
            [("limit", "50".to_string()), ("offset", "100".to_string())]
        );
        for (l, o) in [
            (Some(0.0), None),
            (Some(1.5), None),
            (None, Some(-1.0)),
            (None, Some(f64::NAN)),
        ] {
            assert!(page_window(l, o).is_err(), "{l:?} {o:?}");
        }
    }
}
