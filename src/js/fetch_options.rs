//! The options of the fetch exports (CONTRACT §2): timeouts, retries, body limit, signal,
//! watch settings and the ModelArts list filter.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::options::{header_record, invalid, Options};
use crate::error::JobglassError;
use crate::http::fetch::Policy;

const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
const DEFAULT_RETRIES: u32 = 2;
const DEFAULT_MAX_BODY_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
const DEFAULT_INTERVAL_MS: f64 = 2_000.0;
const MIN_INTERVAL_MS: f64 = 100.0;

impl Options {
    /// A finite number that passes `valid`; otherwise an error saying it must be `rule`.
    pub fn number(
        &self,
        key: &str,
        valid: impl Fn(f64) -> bool,
        rule: &str,
    ) -> Result<Option<f64>, JobglassError> {
        self.get(key)
            .map(|v| {
                v.as_f64()
                    .filter(|n| n.is_finite() && valid(*n))
                    .ok_or_else(|| invalid(format!("{key} must be {rule}")))
            })
            .transpose()
    }
}

/// `globalThis.location.origin`, where the runtime has a page location.
pub fn page_origin() -> Option<String> {
    let location = Reflect::get(&js_sys::global(), &"location".into()).ok()?;
    if location.is_undefined() || location.is_null() {
        return None;
    }
    Reflect::get(&location, &"origin".into())
        .ok()?
        .as_string()
        .filter(|o| o.starts_with("http"))
}

/// `FetchOptions`: the headers to send and how to send them.
pub fn fetch_options(o: &Options) -> Result<(Vec<(String, String)>, Policy), JobglassError> {
    let headers = header_record(&o.nested("headers")?)?;
    let signal = match o.get("signal") {
        None => None,
        Some(s) => Some(
            s.dyn_into::<AbortSignal>()
                .map_err(|_| invalid("signal must be an AbortSignal".into()))?,
        ),
    };
    let policy = Policy {
        timeout_ms: o
            .number(
                "timeoutMs",
                |n| n >= 0.0,
                "a number of milliseconds, 0 or more",
            )?
            .unwrap_or(DEFAULT_TIMEOUT_MS),
        retries: o
            .number(
                "retries",
                |n| n >= 0.0 && n.fract() == 0.0 && n <= 100.0,
                "a whole number from 0 to 100",
            )?
            .map_or(DEFAULT_RETRIES, |n| n as u32),
        max_body_bytes: o
            .number("maxBodyBytes", |n| n > 0.0, "a positive number of bytes")?
            .unwrap_or(DEFAULT_MAX_BODY_BYTES),
        signal,
        page_origin: page_origin(),
        secrets: headers.iter().map(|(_, v)| v.clone()).collect(),
    };
    Ok((headers, policy))
}

/// `WatchOptions` beyond `FetchOptions`: interval, deadline and the update callback.
pub struct Watch {
    pub interval_ms: f64,
    pub deadline_ms: Option<f64>,
    pub on_update: Option<Function>,
}

/// `WatchOptions`, with the defaults and the 100 ms floor of the interval.
pub fn watch_options(o: &Options) -> Result<Watch, JobglassError> {
    let on_update = match o.get("onUpdate") {
        None => None,
        Some(f) => Some(
            f.dyn_into::<Function>()
                .map_err(|_| invalid("onUpdate must be a function".into()))?,
        ),
    };
    Ok(Watch {
        interval_ms: o
            .number("intervalMs", |n| n >= 0.0, "a number of milliseconds")?
            .map_or(DEFAULT_INTERVAL_MS, |n| n.max(MIN_INTERVAL_MS)),
        deadline_ms: o.number(
            "deadlineMs",
            |n| n > 0.0,
            "a positive number of milliseconds",
        )?,
        on_update,
    })
}

/// `DevServerListOptions.filter` as query pairs, in the documented order.
pub fn filter(o: &Options) -> Result<Vec<(&'static str, String)>, JobglassError> {
    let mut pairs = Vec::new();
    for key in ["id", "name", "type", "status"] {
        if let Some(v) = o.string(key)? {
            pairs.push((key, v));
        }
    }
    if let Some(v) = o.get("visible") {
        let b = v
            .as_bool()
            .ok_or_else(|| invalid("filter.visible must be a boolean".into()))?;
        pairs.push(("visible", b.to_string()));
    }
    Ok(pairs)
}
