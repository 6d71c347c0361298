//! Reading the options objects of CONTRACT §2 from JavaScript, rejecting bad values with
//! `INVALID_ARGUMENT` before anything is sent.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::error::JobglassError;
use crate::http::fetch::Policy;
use crate::sign::AkSk;

const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
const DEFAULT_RETRIES: u32 = 2;
const DEFAULT_MAX_BODY_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
const DEFAULT_INTERVAL_MS: f64 = 2_000.0;
const MIN_INTERVAL_MS: f64 = 100.0;

fn invalid(message: String) -> JobglassError {
    JobglassError::invalid_argument(message)
}

/// An options argument: `undefined`/`null` read as `{}`.
pub struct Options(Option<Object>);

impl Options {
    pub fn new(value: &JsValue, name: &str) -> Result<Options, JobglassError> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options(None));
        }
        value
            .dyn_ref::<Object>()
            .filter(|_| !value.is_function())
            .map(|o| Options(Some(o.clone())))
            .ok_or_else(|| invalid(format!("{name} must be an object")))
    }

    /// The property, unless missing or `undefined`.
    pub fn get(&self, key: &str) -> Option<JsValue> {
        let obj = self.0.as_ref()?;
        Reflect::get(obj, &key.into())
            .ok()
            .filter(|v| !v.is_undefined())
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, JobglassError> {
        self.get(key)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| invalid(format!("{key} must be a string")))
            })
            .transpose()
    }

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

    pub fn nested(&self, key: &str) -> Result<Options, JobglassError> {
        Options::new(&self.get(key).unwrap_or(JsValue::UNDEFINED), key)
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

/// A `Record<string, string>` of headers, checked the way `fetch` would check them, so that a
/// bad header is an argument error instead of a network failure.
pub fn header_record(o: &Options) -> Result<Vec<(String, String)>, JobglassError> {
    let Some(obj) = &o.0 else {
        return Ok(Vec::new());
    };
    let mut headers = Vec::new();
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(obj, &key)
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| invalid(format!("header \"{name}\" must have a string value")))?;
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            return Err(invalid(format!("\"{name}\" is not a valid header name")));
        }
        if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
            // The value is not echoed: it may be a credential.
            return Err(invalid(format!(
                "the value of header \"{name}\" contains a line break"
            )));
        }
        headers.push((name, value));
    }
    Ok(headers)
}

/// `WatchOptions` beyond `FetchOptions`: interval, deadline and the update callback.
pub struct Watch {
    pub interval_ms: f64,
    pub deadline_ms: Option<f64>,
    pub on_update: Option<Function>,
}

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

/// An `AkSk` object.
pub fn credentials(o: &Options) -> Result<AkSk, JobglassError> {
    let required = |key: &str| {
        o.string(key)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid(format!("credentials.{key} is required")))
    };
    Ok(AkSk {
        access_key: required("accessKey")?,
        secret_key: required("secretKey")?,
        security_token: o.string("securityToken")?,
        project_id: o.string("projectId")?,
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
