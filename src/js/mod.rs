//! Every `#[wasm_bindgen]` export, and nothing else: arguments are read and checked here, the
//! work is done by the pure modules and `http::fetch`, and results cross back as plain objects.
//! The parsers, `isJobglassError` and `signRequest` are here; the fetch exports are in
//! `fetching`, left out of the parse-only build (`--no-default-features`).

mod error;
#[cfg(feature = "fetch")]
mod fetch_options;
#[cfg(feature = "fetch")]
mod fetching;
mod options;
#[cfg(feature = "fetch")]
mod requests;
mod types;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::JobglassError;
use crate::model::ToJson;
use crate::normalize;
use crate::sign::{self, SignableRequest};
#[cfg(feature = "fetch")]
pub use fetching::{fetch_dev_server_job, fetch_job, list_dev_server_jobs, list_jobs, watch_job};
use options::Options;

type JsResult = Result<JsValue, JsValue>;

/// Hands a result to JavaScript in one crossing: JSON text read by the engine's `JSON.parse`,
/// instead of one boundary call per field (a job has about forty).
fn to_js<T: ToJson>(value: &T) -> Result<JsValue, JobglassError> {
    js_sys::JSON::parse(&value.to_json())
        .map_err(|_| JobglassError::invalid_response("the result cannot be decoded"))
}

fn done<T: ToJson>(result: Result<T, JobglassError>) -> JsResult {
    result.and_then(|v| to_js(&v)).map_err(error::to_js)
}

/// The UTF-8 JSON a parser reads: a string, bytes, or an already parsed object.
fn input_bytes(raw: &JsValue) -> Result<Vec<u8>, JobglassError> {
    if let Some(s) = raw.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(bytes) = raw.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = raw.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if raw.is_object() && !raw.is_function() {
        return js_sys::JSON::stringify(raw)
            .ok()
            .and_then(|s| s.as_string())
            .map(String::into_bytes)
            .ok_or_else(|| {
                JobglassError::invalid_response(
                    "the object cannot be read as JSON (a cycle, or a BigInt)",
                )
            });
    }
    Err(JobglassError::invalid_response(
        "expected a JSON string or a parsed object",
    ))
}

/// Normalizes one openYuanrong or Ray job.
#[wasm_bindgen(js_name = parseJob, unchecked_return_type = "Job")]
pub fn parse_job(
    #[wasm_bindgen(unchecked_param_type = "string | object")] raw: JsValue,
) -> JsResult {
    done(input_bytes(&raw).and_then(|b| normalize::parse_job_bytes(&b)))
}

/// Normalizes a list of openYuanrong or Ray jobs.
#[wasm_bindgen(js_name = parseJobList, unchecked_return_type = "Job[]")]
pub fn parse_job_list(
    #[wasm_bindgen(unchecked_param_type = "string | object")] raw: JsValue,
) -> JsResult {
    done(input_bytes(&raw).and_then(|b| normalize::parse_job_list_bytes(&b)))
}

/// Normalizes one ModelArts Lite Server job.
#[wasm_bindgen(js_name = parseDevServerJob, unchecked_return_type = "DevServerJob")]
pub fn parse_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "string | object")] raw: JsValue,
) -> JsResult {
    done(input_bytes(&raw).and_then(|b| normalize::parse_dev_server_job_bytes(&b)))
}

/// Normalizes a page of ModelArts Lite Server jobs.
#[wasm_bindgen(js_name = parseDevServerJobList, unchecked_return_type = "DevServerJobPage")]
pub fn parse_dev_server_job_list(
    #[wasm_bindgen(unchecked_param_type = "string | object")] raw: JsValue,
) -> JsResult {
    done(input_bytes(&raw).and_then(|b| normalize::parse_dev_server_job_list_bytes(&b)))
}

/// Whether `e` is an error thrown or rejected by jobglass.
#[wasm_bindgen(js_name = isJobglassError, unchecked_return_type = "e is JobglassError")]
pub fn is_jobglass_error(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    error::is_jobglass_error(&e)
}

/// Signs a request for Huawei Cloud (`SDK-HMAC-SHA256`) and returns the headers to add.
#[wasm_bindgen(js_name = signRequest, unchecked_return_type = "Record<string, string>")]
pub fn sign_request(
    #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AkSk")] credentials: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] now: Option<JsValue>,
) -> JsResult {
    let run = || {
        let r = Options::new(&request, "request")?;
        if r.get("method").is_none() || r.get("url").is_none() {
            return Err(JobglassError::invalid_argument(
                "request needs a method and a url",
            ));
        }
        let method = r.string("method")?.unwrap_or_default();
        let url = r.string("url")?.unwrap_or_default();
        let headers = options::header_record(&r.nested("headers")?)?;
        let body = match r.get("body") {
            None => Vec::new(),
            Some(b) => match (b.as_string(), b.dyn_ref::<Uint8Array>()) {
                (Some(s), _) => s.into_bytes(),
                (None, Some(bytes)) => bytes.to_vec(),
                _ => {
                    return Err(JobglassError::invalid_argument(
                        "request.body must be a string or a Uint8Array",
                    ))
                }
            },
        };
        let creds = options::credentials(&Options::new(&credentials, "credentials")?)?;
        let at = match now.filter(|n| !n.is_undefined() && !n.is_null()) {
            None => js_sys::Date::now(),
            Some(n) => n
                .dyn_ref::<js_sys::Date>()
                .map(|d| d.get_time())
                .or_else(|| n.as_f64())
                .ok_or_else(|| {
                    JobglassError::invalid_argument("now must be a Date or epoch milliseconds")
                })?,
        };
        let date = sign::sdk_date(at)?;
        let signed = sign::sign(
            &SignableRequest {
                method: &method,
                url: &url,
                headers: &headers,
                body: &body,
            },
            &creds,
            &date,
        )?;
        let out = js_sys::Object::new();
        for (k, v) in signed {
            let _ = Reflect::set(&out, &k.into(), &v.into());
        }
        Ok(JsValue::from(out))
    };
    run().map_err(error::to_js)
}
