//! Reading options objects from JavaScript, rejecting bad values with `INVALID_ARGUMENT`
//! before anything is done: the reader, headers and credentials, shared by `signRequest` and the
//! fetch exports (whose own options are in `fetch_options`).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::JobglassError;
use crate::sign::AkSk;

pub(super) fn invalid(message: String) -> JobglassError {
    JobglassError::invalid_argument(message)
}

/// An options argument: `undefined`/`null` read as `{}`.
pub struct Options(pub(super) Option<Object>);

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

    pub fn nested(&self, key: &str) -> Result<Options, JobglassError> {
        Options::new(&self.get(key).unwrap_or(JsValue::UNDEFINED), key)
    }
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
