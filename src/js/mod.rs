//! Every `#[wasm_bindgen]` export, and nothing else: arguments are read and checked here, the
//! work is done by the pure modules and `http::fetch`, and results cross back as plain objects.

mod error;
mod options;
mod types;

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{ErrorCode, JobglassError};
use crate::http::fetch::{self, now_ms, Policy};
use crate::http::url::Endpoint;
use crate::model::{Job, ToJson};
use crate::normalize;
use crate::sign::{self, SignableRequest};
use options::Options;

type JsResult = Result<JsValue, JsValue>;

/// Hands a result to JavaScript in one crossing: JSON text parsed by the engine's `JSON.parse`,
/// which measured faster than building the object field by field from wasm.
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

fn string_arg(value: &JsValue, name: &str) -> Result<String, JobglassError> {
    value
        .as_string()
        .ok_or_else(|| JobglassError::invalid_argument(format!("{name} must be a string")))
}

fn endpoint_arg(value: &JsValue) -> Result<Endpoint, JobglassError> {
    Endpoint::parse(
        &string_arg(value, "endpoint")?,
        options::page_origin().as_deref(),
    )
}

/// A 2xx body parsed by `parse`; a body it rejects is `INVALID_RESPONSE` tied to the request.
/// Kept apart from the (non-generic) fetch, so each parser does not get a copy of it.
fn parsed<T>(
    ok: &fetch::Success,
    url: &str,
    parse: impl Fn(&[u8]) -> Result<T, JobglassError>,
) -> Result<T, JobglassError> {
    parse(&ok.body).map_err(|mut e| {
        e.message = format!("{} from {url}", e.message);
        e.status = Some(ok.status);
        e.at(url, ok.attempts)
    })
}

/// Fetches and normalizes one job from an openYuanrong or Ray endpoint.
#[wasm_bindgen(js_name = fetchJob, unchecked_return_type = "Job")]
pub async fn fetch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> JsResult {
    let run = async {
        let url = endpoint_arg(&endpoint)?.job(&string_arg(&submission_id, "submissionId")?)?;
        let (headers, policy) = options::fetch_options(&Options::new(&options, "options")?)?;
        let ok = fetch::get(&url, &headers, &policy).await?;
        parsed(&ok, &url, normalize::parse_job_bytes)
    };
    done(run.await)
}

/// Fetches and normalizes every job an openYuanrong or Ray endpoint lists.
#[wasm_bindgen(js_name = listJobs, unchecked_return_type = "Job[]")]
pub async fn list_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> JsResult {
    let run = async {
        let [with_slash, without] = endpoint_arg(&endpoint)?.job_list();
        let (headers, policy) = options::fetch_options(&Options::new(&options, "options")?)?;
        let (url, ok) = match fetch::get(&with_slash, &headers, &policy).await {
            Ok(ok) => (with_slash, ok),
            // openYuanrong routes only `/api/jobs` (gin usually redirects; a proxy may not).
            Err(e) if e.code == ErrorCode::NotFound => {
                let first = e.attempts;
                let mut ok =
                    fetch::get(&without, &headers, &policy)
                        .await
                        .map_err(|e| JobglassError {
                            attempts: first + e.attempts,
                            ..e
                        })?;
                ok.attempts += first;
                (without, ok)
            }
            Err(e) => return Err(e),
        };
        parsed(&ok, &url, normalize::parse_job_list_bytes)
    };
    done(run.await)
}

/// What `onUpdate` watches for changes.
fn watched(job: &Job) -> impl PartialEq {
    (
        job.status,
        job.end_time,
        job.driver_exit_code,
        job.error_type.clone(),
        job.message.clone(),
    )
}

/// Polls a job until it is terminal and resolves with its last state.
#[wasm_bindgen(js_name = watchJob, unchecked_return_type = "Job")]
pub async fn watch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WatchOptions")] options: JsValue,
) -> JsResult {
    let run = async {
        let url = endpoint_arg(&endpoint)?.job(&string_arg(&submission_id, "submissionId")?)?;
        let o = Options::new(&options, "options")?;
        let (headers, policy) = options::fetch_options(&o)?;
        let watch = options::watch_options(&o)?;
        let started = now_ms();
        let mut attempts = 0;
        let mut last = None;
        loop {
            let left = watch.deadline_ms.map(|d| d - (now_ms() - started));
            let mut this_poll = policy.clone();
            if let Some(left) = left {
                if left <= 0.0 {
                    return Err(deadline_passed(
                        &url,
                        attempts,
                        watch.deadline_ms,
                        last.is_some(),
                    ));
                }
                if this_poll.timeout_ms == 0.0 || this_poll.timeout_ms > left {
                    this_poll.timeout_ms = left.max(1.0);
                }
            }
            let with_total = |e: JobglassError| JobglassError {
                attempts: attempts + e.attempts,
                ..e
            };
            let ok = fetch::get(&url, &headers, &this_poll)
                .await
                .map_err(with_total)?;
            let job = parsed(&ok, &url, normalize::parse_job_bytes).map_err(with_total)?;
            attempts += ok.attempts;
            let now = watched(&job);
            let changed = last.as_ref() != Some(&now);
            if changed || job.terminal {
                let value = to_js(&job)?;
                if changed {
                    if let Some(f) = &watch.on_update {
                        notify(f, &value);
                    }
                }
                if job.terminal {
                    return Ok(value);
                }
            }
            last = Some(now);
            let wait = match watch.deadline_ms {
                Some(d) => watch.interval_ms.min((d - (now_ms() - started)).max(0.0)),
                None => watch.interval_ms,
            };
            if fetch::sleep(wait, policy.signal.as_ref()).await.is_err() {
                return Err(JobglassError::new(
                    ErrorCode::Aborted,
                    format!("watching {url} was aborted"),
                )
                .at(&url, attempts));
            }
        }
    };
    run.await.map_err(error::to_js)
}

fn deadline_passed(url: &str, attempts: u32, deadline: Option<f64>, seen: bool) -> JobglassError {
    let state = if seen {
        "was not terminal"
    } else {
        "could not be read"
    };
    JobglassError::new(
        ErrorCode::Timeout,
        format!(
            "the job at {url} {state} when the watch's deadline of {} ms passed",
            deadline.unwrap_or(0.0) as u64
        ),
    )
    .at(url, attempts)
}

/// Calls `onUpdate`; an exception it throws is reported as uncaught, as an event listener's
/// would be, and does not stop the watch.
fn notify(on_update: &Function, job: &JsValue) {
    if let Err(e) = on_update.call1(&JsValue::UNDEFINED, job) {
        let rethrow = Closure::once_into_js(move || -> Result<(), JsValue> { Err(e) });
        let _ = Reflect::get(&js_sys::global(), &"queueMicrotask".into())
            .ok()
            .and_then(|q| q.dyn_into::<Function>().ok())
            .map(|q| q.call1(&JsValue::UNDEFINED, &rethrow));
    }
}

/// Headers and policy for ModelArts: `authToken` as `X-Auth-Token`, or AK/SK signing.
fn dev_server_request(
    o: &Options,
    url: &str,
    project_id: &str,
) -> Result<(Vec<(String, String)>, Policy), JobglassError> {
    let (mut headers, mut policy) = options::fetch_options(o)?;
    let token = o.string("authToken")?.filter(|t| !t.is_empty());
    let credentials = o
        .get("credentials")
        .map(|_| options::credentials(&o.nested("credentials")?))
        .transpose()?;
    match (token, credentials) {
        (Some(_), Some(_)) => {
            return Err(JobglassError::invalid_argument(
                "give authToken or credentials, not both",
            ))
        }
        (Some(token), None) => {
            headers.push(("X-Auth-Token".into(), token.clone()));
            policy.secrets.push(token);
        }
        (None, Some(mut creds)) => {
            creds.project_id = Some(project_id.to_owned());
            let date = sign::sdk_date(now_ms())?;
            let request = SignableRequest {
                method: "GET",
                url,
                headers: &headers,
                body: b"",
            };
            let signed = sign::sign(&request, &creds, &date)?;
            policy
                .secrets
                .extend([creds.secret_key.clone(), creds.access_key.clone()]);
            policy.secrets.extend(creds.security_token.clone());
            policy.secrets.extend(signed.iter().map(|(_, v)| v.clone()));
            headers.extend(signed);
        }
        (None, None) => {}
    }
    Ok((headers, policy))
}

/// Fetches and normalizes one ModelArts Lite Server job.
#[wasm_bindgen(js_name = fetchDevServerJob, unchecked_return_type = "DevServerJob")]
pub async fn fetch_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(js_name = jobId, unchecked_param_type = "string")] job_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerOptions")] options: JsValue,
) -> JsResult {
    let run = async {
        let project_id = string_arg(&project_id, "projectId")?;
        let url =
            endpoint_arg(&endpoint)?.dev_server_job(&project_id, &string_arg(&job_id, "jobId")?)?;
        let (headers, policy) =
            dev_server_request(&Options::new(&options, "options")?, &url, &project_id)?;
        let ok = fetch::get(&url, &headers, &policy).await?;
        parsed(&ok, &url, normalize::parse_dev_server_job_bytes)
    };
    done(run.await)
}

/// Fetches and normalizes one page of ModelArts Lite Server jobs.
#[wasm_bindgen(js_name = listDevServerJobs, unchecked_return_type = "DevServerJobPage")]
pub async fn list_dev_server_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerListOptions")] options: JsValue,
) -> JsResult {
    let run = async {
        let project_id = string_arg(&project_id, "projectId")?;
        let o = Options::new(&options, "options")?;
        let filter = options::filter(&o.nested("filter")?)?;
        let url = endpoint_arg(&endpoint)?.dev_server_jobs(&project_id, &filter)?;
        let (headers, policy) = dev_server_request(&o, &url, &project_id)?;
        let ok = fetch::get(&url, &headers, &policy).await?;
        parsed(&ok, &url, normalize::parse_dev_server_job_list_bytes)
    };
    done(run.await)
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
            None => now_ms(),
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
