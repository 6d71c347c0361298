//! Every `#[wasm_bindgen]` export, and nothing else: arguments are read and checked here, the
//! work is done by the pure modules and `http::fetch`, and results cross back as plain objects.

mod error;
mod options;
mod requests;
mod types;

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::JobglassError;
use crate::http::fetch::{now_ms, Policy};
use crate::http::url::Endpoint;
use crate::model::ToJson;
use crate::normalize;
use crate::sign::{self, SignableRequest};
use options::Options;
use requests::{Parser, Plan};

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

/// Fetches and normalizes one job from an openYuanrong or Ray endpoint.
#[wasm_bindgen(js_name = fetchJob, unchecked_return_type = "Promise<Job>")]
pub fn fetch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    requests::start(job_plan(&endpoint, &submission_id, &options, false))
}

/// Fetches and normalizes every job an openYuanrong or Ray endpoint lists.
#[wasm_bindgen(js_name = listJobs, unchecked_return_type = "Promise<Job[]>")]
pub fn list_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    let plan = || {
        let urls = endpoint_arg(&endpoint)?.job_list().into();
        let (headers, policy) = options::fetch_options(&Options::new(&options, "options")?)?;
        Ok(Plan::get(urls, headers, policy, Parser::JobList))
    };
    requests::start(plan())
}

/// Polls a job until it is terminal and resolves with its last state.
#[wasm_bindgen(js_name = watchJob, unchecked_return_type = "Promise<Job>")]
pub fn watch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WatchOptions")] options: JsValue,
) -> Promise {
    requests::start(job_plan(&endpoint, &submission_id, &options, true))
}

/// The plan of `fetchJob`, or of `watchJob` when `watch`.
fn job_plan(
    endpoint: &JsValue,
    submission_id: &JsValue,
    options: &JsValue,
    watch: bool,
) -> Result<Plan, JobglassError> {
    let url = endpoint_arg(endpoint)?.job(&string_arg(submission_id, "submissionId")?)?;
    let o = Options::new(options, "options")?;
    let (headers, policy) = options::fetch_options(&o)?;
    let mut plan = Plan::get(vec![url], headers, policy, Parser::Job);
    if watch {
        plan.watch = Some(options::watch_options(&o)?);
    }
    Ok(plan)
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
#[wasm_bindgen(js_name = fetchDevServerJob, unchecked_return_type = "Promise<DevServerJob>")]
pub fn fetch_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(js_name = jobId, unchecked_param_type = "string")] job_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerOptions")] options: JsValue,
) -> Promise {
    let plan = || {
        let project_id = string_arg(&project_id, "projectId")?;
        let job_id = string_arg(&job_id, "jobId")?;
        let url = endpoint_arg(&endpoint)?.dev_server_job(&project_id, &job_id)?;
        let o = Options::new(&options, "options")?;
        let (headers, policy) = dev_server_request(&o, &url, &project_id)?;
        Ok(Plan::get(vec![url], headers, policy, Parser::DevServerJob))
    };
    requests::start(plan())
}

/// Fetches and normalizes one page of ModelArts Lite Server jobs.
#[wasm_bindgen(js_name = listDevServerJobs, unchecked_return_type = "Promise<DevServerJobPage>")]
pub fn list_dev_server_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerListOptions")] options: JsValue,
) -> Promise {
    let plan = || {
        let project_id = string_arg(&project_id, "projectId")?;
        let o = Options::new(&options, "options")?;
        let filter = options::filter(&o.nested("filter")?)?;
        let url = endpoint_arg(&endpoint)?.dev_server_jobs(&project_id, &filter)?;
        let (headers, policy) = dev_server_request(&o, &url, &project_id)?;
        Ok(Plan::get(
            vec![url],
            headers,
            policy,
            Parser::DevServerJobPage,
        ))
    };
    requests::start(plan())
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
