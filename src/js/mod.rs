//! Every `#[wasm_bindgen]` export, and nothing else: values are converted here and the decisions
//! made by the pure modules are performed. The parsers, `isJobglassError` and `signRequest` are
//! in this file; the fetch exports are in `fetching`, left out of the parse-only build
//! (`--no-default-features`).

mod error;
#[cfg(feature = "fetch")]
mod fetch;
#[cfg(feature = "fetch")]
mod fetching;
#[cfg(feature = "fetch")]
mod glue;
#[cfg(feature = "fetch")]
mod logs;
mod options;
#[cfg(feature = "fetch")]
mod perform;
mod results;
mod types;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::JobglassError;
use crate::sign::{self, SignableRequest};
#[cfg(feature = "fetch")]
pub use fetching::{
    delete_job, fetch_dev_server_job, fetch_job, fetch_job_logs, follow_job_logs, is_retryable,
    list_dev_server_jobs, list_jobs, stop_job, watch_dev_server_job, watch_job,
};
#[cfg(feature = "fetch")]
pub use fetching::{fetch_job_tasks, fetch_pending_reason, list_job_log_files, search_job_logs};
use options::Options;
use results::ToJs;

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder`.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, s: &js_sys::JsString, into: &Uint8Array) -> Encoded;
    /// What `encodeInto` did: UTF-16 units read, bytes written.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

/// A JavaScript string as UTF-8, written by the engine's `encodeInto` straight into wasm memory.
/// wasm-bindgen's own conversion copies ASCII one character at a time in JavaScript, which was
/// a sixth of `parseJobList`'s time (docs/performance.md).
fn utf8_of(s: &js_sys::JsString) -> Vec<u8> {
    let units = s.length() as usize;
    // One byte per UTF-16 unit is exact for ASCII; anything else is encoded from where it stopped.
    let mut out = vec![0u8; units];
    let (mut read, mut written) = (0usize, 0usize);
    // Made once: Chromium takes about half a microsecond to make one.
    thread_local!(static ENCODER: TextEncoder = TextEncoder::new());
    loop {
        let rest = if read == 0 {
            s.clone()
        } else {
            s.slice(read as u32, units as u32)
        };
        // The memory's buffer is taken after `out` has its room: growing it detaches old views.
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let view = Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            out.as_ptr() as u32 + written as u32,
            (out.len() - written) as u32,
        );
        let done = ENCODER.with(|e| e.encode_into(&rest, &view));
        read += done.read() as usize;
        written += done.written() as usize;
        if read >= units {
            break;
        }
        // At most three bytes for each unit left (a surrogate pair makes four from two).
        out.resize(written + (units - read) * 3, 0);
    }
    out.truncate(written);
    out
}

/// The UTF-8 JSON a parser reads: a string, bytes, or an already parsed object.
fn input_bytes(raw: &JsValue) -> Result<Vec<u8>, JobglassError> {
    if let Some(s) = raw.dyn_ref::<js_sys::JsString>() {
        return Ok(utf8_of(s));
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

/// Normalizes one openYuanrong or Ray job (docs/api.md §4), as `GET {endpoint}/api/jobs/{id}`
/// answers it. Which of the two servers sent it is told from its shape (`job.dialect`).
///
/// @param raw - the answer: JSON text, its UTF-8 bytes, or the object `JSON.parse` made of it.
/// @returns the normalized job.
/// @throws {JobglassError} `INVALID_RESPONSE` when `raw` is not JSON, or its top level is not an object.
///   Wrong field types are repaired and described in `warnings`, never thrown.
///
/// @example
/// ```ts
/// const job = parseJob('{"status":"running","start_time":"1755484077","end_time":""}');
/// job.status;    // "RUNNING"
/// job.startTime; // 1755484077000: openYuanrong's seconds, as epoch milliseconds
/// job.dialect;   // "openyuanrong"
/// ```
#[wasm_bindgen(js_name = parseJob, unchecked_return_type = "Job")]
pub fn parse_job(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] raw: JsValue,
) -> Result<JsValue, JobglassError> {
    crate::parse_job(input_bytes(&raw)?)?.to_js()
}

/// Normalizes a list of openYuanrong or Ray jobs (docs/api.md §4), as `GET {endpoint}/api/jobs/`
/// answers it. An item that is not an object becomes a job whose `extra.item` holds it, so
/// indexes keep their meaning.
///
/// @param raw - the answer: JSON text of an array, its UTF-8 bytes, or the array `JSON.parse` made.
/// @returns one normalized job per item, in the server's order.
/// @throws {JobglassError} `INVALID_RESPONSE` when `raw` is not JSON, or its top level is not an array.
///   Wrong field types are repaired and described in `warnings`, never thrown.
///
/// @example
/// ```ts
/// const jobs = parseJobList(await (await fetch('/proxy/job/api/jobs/')).text());
/// const failed = jobs.filter((job) => job.status === 'FAILED');
/// ```
#[wasm_bindgen(js_name = parseJobList, unchecked_return_type = "Job[]")]
pub fn parse_job_list(
    #[wasm_bindgen(unchecked_param_type = "JsonListInput")] raw: JsValue,
) -> Result<JsValue, JobglassError> {
    crate::parse_job_list(input_bytes(&raw)?)?.to_js()
}

/// Normalizes one ModelArts Lite Server job (docs/api.md §5), as
/// `GET {endpoint}/v1/{projectId}/dev-servers/jobs/{id}` answers it.
///
/// @param raw - the answer: JSON text, its UTF-8 bytes, or the object `JSON.parse` made of it.
/// @returns the normalized job, its tasks and their counts.
/// @throws {JobglassError} `INVALID_RESPONSE` when `raw` is not JSON, or its top level is not an object.
///   Wrong field types are repaired and described in `warnings`, never thrown.
///
/// @example
/// ```ts
/// const job = parseDevServerJob({ id: 'j1', status: 'FINISHED', abnormal_count: 1 });
/// job.status; // "FAILED": finished, but a node failed
/// ```
#[wasm_bindgen(js_name = parseDevServerJob, unchecked_return_type = "DevServerJob")]
pub fn parse_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] raw: JsValue,
) -> Result<JsValue, JobglassError> {
    crate::parse_dev_server_job(input_bytes(&raw)?)?.to_js()
}

/// Normalizes a page of ModelArts Lite Server jobs (docs/api.md §5), as
/// `GET {endpoint}/v1/{projectId}/dev-servers/jobs` answers it: `{current, pages, size, total, data}`.
///
/// @param raw - the answer: JSON text, its UTF-8 bytes, or the object `JSON.parse` made of it.
/// @returns the page's jobs and its paging numbers.
/// @throws {JobglassError} `INVALID_RESPONSE` when `raw` is not JSON, or its top level is not an object.
///   Wrong field types are repaired and described in `warnings`, never thrown.
///
/// @example
/// ```ts
/// const page = parseDevServerJobList({ current: 1, pages: 1, size: 10, total: 1, data: [{ id: 'j1' }] });
/// page.jobs[0].id; // "j1"
/// ```
#[wasm_bindgen(js_name = parseDevServerJobList, unchecked_return_type = "DevServerJobPage")]
pub fn parse_dev_server_job_list(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] raw: JsValue,
) -> Result<JsValue, JobglassError> {
    crate::parse_dev_server_job_list(input_bytes(&raw)?)?.to_js()
}

/// Whether `e` is an error thrown or rejected by jobglass (docs/api.md §7): an `Error` named
/// `JobglassError`, with a `code` to branch on. Never throws.
///
/// @param e - anything caught.
/// @returns true exactly for jobglass's errors; TypeScript then knows `e` is a `JobglassError`.
///
/// @example
/// ```ts
/// try {
///   await fetchJob(endpoint, id);
/// } catch (e) {
///   if (isJobglassError(e) && e.code === 'NOT_FOUND') console.log('no such job:', e.url);
///   else throw e;
/// }
/// ```
#[wasm_bindgen(js_name = isJobglassError, unchecked_return_type = "e is JobglassError")]
pub fn is_jobglass_error(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    error::is_jobglass_error(&e)
}

/// Signs a request for Huawei Cloud with `SDK-HMAC-SHA256` (docs/api.md §8), for callers that send
/// it themselves. Signs `host`, `x-sdk-date` and every given header whose name has no `_`.
///
/// @param request - what will be sent: method, absolute URL, headers, body.
/// @param credentials - the access key and secret key; a `securityToken` and `projectId` are sent
///   as `X-Security-Token` and `X-Project-Id` when given.
/// @param now - the signing time, a `Date` or epoch milliseconds; default the current time.
/// @returns the headers to add to the request: `X-Sdk-Date`, `Authorization`, and
///   `X-Project-Id` and `X-Security-Token` when the credentials carry them; never `Host`.
/// @throws {JobglassError} `INVALID_ARGUMENT` when the request has no method or no absolute
///   `http:`/`https:` URL, a header or the body cannot be sent as given, a key is missing, or
///   `now` is not a time. No message holds the secret key.
///
/// @example
/// ```ts
/// const url = 'https://modelarts.cn-north-4.myhuaweicloud.com/v1/my-project/dev-servers/jobs';
/// const added = signRequest({ method: 'GET', url }, { accessKey: 'AK', secretKey: 'SK' });
/// const answer = await fetch(url, { headers: added });
/// ```
#[wasm_bindgen(js_name = signRequest, unchecked_return_type = "Record<string, string>")]
pub fn sign_request(
    #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AkSk")] credentials: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] now: Option<JsValue>,
) -> Result<JsValue, JobglassError> {
    let request = Options::new(&request, "request")?.signable()?;
    let keys = options::credentials(&Options::new(&credentials, "credentials")?)?;
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
    let signable = SignableRequest {
        method: &request.method,
        url: &request.url,
        headers: &request.headers,
        body: &request.body,
    };
    let signed = sign::sign(&signable, &keys, &sign::sdk_date(at)?)?;
    let out = js_sys::Object::new();
    for (k, v) in signed {
        let _ = js_sys::Reflect::set(&out, &k.into(), &v.into());
    }
    Ok(out.into())
}
