//! The fetch exports: each reads its arguments synchronously into the client core's terms
//! (a rejected argument rejects the promise and sends nothing), then performs the conversation.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::glue::{has_web_socket, now_ms, page_origin};
use super::logs::{self, LogCall};
use super::options::Options;
use super::perform::{self, parsed};
use super::results::ToJs;
use crate::client::auth::Auth;
use crate::client::exchange::{Exchange, Method};
use crate::client::logs::LogConversation;
use crate::client::options::{RequestSettings, WatchSettings};
use crate::error::{ErrorCode, JobglassError};
use crate::http::url::Endpoint;
use crate::normalize;

fn string_arg(value: &JsValue, name: &str) -> Result<String, JobglassError> {
    value
        .as_string()
        .ok_or_else(|| JobglassError::invalid_argument(format!("{name} must be a string")))
}

/// The arguments every fetch export shares, read and checked.
struct Call {
    endpoint: Endpoint,
    options: Options,
    headers: Vec<(String, String)>,
    settings: RequestSettings,
    signal: Option<AbortSignal>,
}

impl Call {
    fn new(endpoint: &JsValue, options: &JsValue) -> Result<Call, JobglassError> {
        let endpoint =
            Endpoint::parse(&string_arg(endpoint, "endpoint")?, page_origin().as_deref())?;
        let options = Options::new(options, "options")?;
        Ok(Call {
            endpoint,
            headers: options.headers()?,
            settings: options.request_settings()?,
            signal: options.signal()?,
            options,
        })
    }

    /// ModelArts authorization: `authToken` or `credentials`.
    fn dev_server_auth(&self, project_id: &str) -> Result<Auth, JobglassError> {
        Auth::choose(
            self.options.auth_token()?,
            self.options.credentials()?,
            project_id,
        )
    }

    fn exchange(&self, method: Method, urls: Vec<String>, auth: Auth) -> Exchange {
        Exchange::new(
            method,
            urls,
            self.headers.clone(),
            auth,
            self.settings.clone(),
            page_origin(),
        )
    }

    fn watch_settings(&self) -> Result<WatchSettings, JobglassError> {
        self.options.watch_settings()
    }

    /// A log conversation's requests for job `id`: the job, its log (streamed), its tail.
    fn log_call(
        &self,
        id: &str,
        on_text: Option<js_sys::Function>,
    ) -> Result<LogCall, JobglassError> {
        let exchange = |url: String, streaming: bool| {
            let (headers, settings) = (self.headers.clone(), self.settings.clone());
            move || {
                let ex = Exchange::new(
                    Method::Get,
                    vec![url.clone()],
                    headers.clone(),
                    Auth::Headers,
                    settings.clone(),
                    page_origin(),
                );
                if streaming {
                    ex.streaming()
                } else {
                    ex
                }
            }
        };
        Ok(LogCall {
            job: Box::new(exchange(self.endpoint.job(id)?, false)),
            log: Box::new(exchange(self.endpoint.job_logs(id)?, true)),
            tail_url: self.endpoint.job_log_tail(id)?,
            on_text,
            signal: self.signal.clone(),
            plain: false,
        })
    }
}

/// The work of one call, boxed so that every export shares one copy of the promise glue.
type Work = Pin<Box<dyn Future<Output = Result<JsValue, JobglassError>>>>;

/// The promise of `work`, or a rejected one when the arguments were refused.
fn start(work: Result<Work, JobglassError>) -> Promise {
    match work {
        Err(e) => Promise::reject(&e.into()),
        Ok(work) => future_to_promise(async move { work.await.map_err(JsValue::from) }),
    }
}

/// A body read by one parser and handed to JavaScript.
type Reader = fn(&[u8]) -> Result<JsValue, JobglassError>;

fn job(body: &[u8]) -> Result<JsValue, JobglassError> {
    normalize::parse_job(body)?.to_js()
}

fn job_list(body: &[u8]) -> Result<JsValue, JobglassError> {
    normalize::parse_job_list(body)?.to_js()
}

fn dev_server_job(body: &[u8]) -> Result<JsValue, JobglassError> {
    normalize::parse_dev_server_job(body)?.to_js()
}

fn dev_server_job_page(body: &[u8]) -> Result<JsValue, JobglassError> {
    normalize::parse_dev_server_job_list(body)?.to_js()
}

/// A GET whose body `read` reads.
fn get(ex: Exchange, signal: Option<AbortSignal>, read: Reader) -> Work {
    Box::pin(async move {
        let ok = perform::exchange(ex, signal.as_ref()).await?;
        parsed(&ok, read)
    })
}

/// Fetches and normalizes one job from an openYuanrong or Ray endpoint.
#[wasm_bindgen(js_name = fetchJob, unchecked_return_type = "Promise<Job>")]
pub fn fetch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let url = call
            .endpoint
            .job(&string_arg(&submission_id, "submissionId")?)?;
        let ex = call.exchange(Method::Get, vec![url], Auth::Headers);
        Ok(get(ex, call.signal, job))
    })())
}

/// Fetches and normalizes every job an openYuanrong or Ray endpoint lists.
#[wasm_bindgen(js_name = listJobs, unchecked_return_type = "Promise<Job[]>")]
pub fn list_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let ex = call.exchange(Method::Get, call.endpoint.job_list().into(), Auth::Headers);
        Ok(get(ex, call.signal, job_list))
    })())
}

/// Polls a job until it is terminal and resolves with its last state.
#[wasm_bindgen(js_name = watchJob, unchecked_return_type = "Promise<Job>")]
pub fn watch_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WatchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let url = call
            .endpoint
            .job(&string_arg(&submission_id, "submissionId")?)?;
        let (settings, on_update) = (call.watch_settings()?, call.options.on_update()?);
        let signal = call.signal.clone();
        let next = move || call.exchange(Method::Get, vec![url.clone()], Auth::Headers);
        Ok(Box::pin(perform::watch(
            next,
            normalize::parse_job,
            settings,
            on_update,
            signal,
        )) as Work)
    })())
}

/// A call for one ModelArts job: its arguments checked, its URL and its authorization.
fn dev_server_job_call(
    endpoint: &JsValue,
    project_id: &JsValue,
    job_id: &JsValue,
    options: &JsValue,
) -> Result<(Call, String, Auth), JobglassError> {
    let project = string_arg(project_id, "projectId")?;
    let job = string_arg(job_id, "jobId")?;
    let call = Call::new(endpoint, options)?;
    let url = call.endpoint.dev_server_job(&project, &job)?;
    let auth = call.dev_server_auth(&project)?;
    Ok((call, url, auth))
}

/// Fetches and normalizes one ModelArts Lite Server job.
#[wasm_bindgen(js_name = fetchDevServerJob, unchecked_return_type = "Promise<DevServerJob>")]
pub fn fetch_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(js_name = jobId, unchecked_param_type = "string")] job_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, url, auth) = dev_server_job_call(&endpoint, &project_id, &job_id, &options)?;
        let ex = call.exchange(Method::Get, vec![url], auth);
        Ok(get(ex, call.signal, dev_server_job))
    })())
}

/// Polls a ModelArts Lite Server job until it is terminal and resolves with its last state.
#[wasm_bindgen(js_name = watchDevServerJob, unchecked_return_type = "Promise<DevServerJob>")]
pub fn watch_dev_server_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(js_name = jobId, unchecked_param_type = "string")] job_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerWatchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, url, auth) = dev_server_job_call(&endpoint, &project_id, &job_id, &options)?;
        let (settings, on_update) = (call.watch_settings()?, call.options.on_update()?);
        let signal = call.signal.clone();
        // Each poll is signed afresh: a signature is dated.
        let next = move || call.exchange(Method::Get, vec![url.clone()], auth.clone());
        Ok(Box::pin(perform::watch(
            next,
            normalize::parse_dev_server_job,
            settings,
            on_update,
            signal,
        )) as Work)
    })())
}

/// Fetches and normalizes one page of ModelArts Lite Server jobs.
#[wasm_bindgen(js_name = listDevServerJobs, unchecked_return_type = "Promise<DevServerJobPage>")]
pub fn list_dev_server_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = projectId, unchecked_param_type = "string")] project_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DevServerListOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let project = string_arg(&project_id, "projectId")?;
        let call = Call::new(&endpoint, &options)?;
        let url = call
            .endpoint
            .dev_server_jobs(&project, &call.options.filter()?)?;
        let ex = call.exchange(Method::Get, vec![url], call.dev_server_auth(&project)?);
        Ok(get(ex, call.signal, dev_server_job_page))
    })())
}

/// Stop (POST, retried like a GET) or delete (DELETE, never retried) a job: its boolean answer.
fn action(endpoint: JsValue, submission_id: JsValue, options: JsValue, stop: bool) -> Promise {
    start((|| {
        let mut call = Call::new(&endpoint, &options)?;
        let id = string_arg(&submission_id, "submissionId")?;
        let (method, url, key) = if stop {
            (Method::Post, call.endpoint.job_stop(&id)?, "stopped")
        } else {
            call.settings = call.settings.clone().once();
            (Method::Delete, call.endpoint.job(&id)?, "deleted")
        };
        let ex = call.exchange(method, vec![url], Auth::Headers);
        Ok(Box::pin(async move {
            let ok = match perform::exchange(ex, call.signal.as_ref()).await {
                Err(e) if !stop && normalize::action::delete_declined(&e) => {
                    return Ok(JsValue::FALSE)
                }
                answer => answer?,
            };
            parsed(&ok, |body| normalize::action::parse_action(body, key)).map(JsValue::from_bool)
        }) as Work)
    })())
}

/// Asks the server to stop a job; resolves with whether it accepted.
#[wasm_bindgen(js_name = stopJob, unchecked_return_type = "Promise<boolean>")]
pub fn stop_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    action(endpoint, submission_id, options, true)
}

/// Asks the server to delete a finished job; resolves with whether it did.
#[wasm_bindgen(js_name = deleteJob, unchecked_return_type = "Promise<boolean>")]
pub fn delete_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    action(endpoint, submission_id, options, false)
}

/// Reads a job's log, or its last part.
#[wasm_bindgen(js_name = fetchJobLogs, unchecked_return_type = "Promise<JobLogs>")]
pub fn fetch_job_logs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LogOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let id = string_arg(&submission_id, "submissionId")?;
        let options = call.options.tail_options()?;
        let logs = call.log_call(&id, None)?;
        let conversation = LogConversation::once(now_ms());
        let (logs, conversation) = inside::with_file(&call, logs, conversation)?;
        Ok(Box::pin(logs::run(logs, conversation, options)) as Work)
    })())
}

/// Hands a job's log to `onText` as it grows, each byte once, until the job has ended.
#[wasm_bindgen(js_name = followJobLogs, unchecked_return_type = "Promise<JobLogs>")]
pub fn follow_job_logs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FollowLogOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let id = string_arg(&submission_id, "submissionId")?;
        let options = call.options.tail_options()?;
        // A WebSocket cannot carry headers: with headers to send, the log is polled.
        let socket = has_web_socket() && call.headers.is_empty();
        let conversation = LogConversation::follow(socket, call.watch_settings()?, now_ms());
        let logs = call.log_call(&id, call.options.on_text()?)?;
        let (logs, conversation) = inside::with_file(&call, logs, conversation)?;
        Ok(Box::pin(logs::run(logs, conversation, options)) as Work)
    })())
}

#[wasm_bindgen]
extern "C" {
    /// The two properties of a `JobglassError` the retry rule reads.
    type ErrorFields;
    #[wasm_bindgen(method, getter, structural)]
    fn code(this: &ErrorFields) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn status(this: &ErrorFields) -> JsValue;
}

/// Whether trying again later may succeed: the rule the client itself retries by (a network
/// failure, HTTP 429, 502, 503 or 504), for code that retries on its own schedule.
#[wasm_bindgen(js_name = isRetryable)]
pub fn is_retryable(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    if !super::error::is_jobglass_error(&e) {
        return false;
    }
    let fields: ErrorFields = e.unchecked_into();
    let code = fields.code().as_string();
    let code = ErrorCode::ALL
        .iter()
        .find(|c| Some(c.as_str()) == code.as_deref());
    let status = fields.status().as_f64().map(|s| s as u16);
    code.is_some_and(|c| crate::http::retry::is_retryable_failure(*c, status))
}

// docs/api.md §15, a child module so that it shares `Call` and `start`.
#[path = "inside.rs"]
mod inside;
pub use inside::{fetch_job_tasks, fetch_pending_reason, list_job_log_files, search_job_logs};
