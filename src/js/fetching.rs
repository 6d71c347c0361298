//! The fetch exports: each reads its arguments synchronously into the client core's terms
//! (a rejected argument rejects the promise and sends nothing), then performs the conversation.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::fetch::Fetcher;
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
    /// Whether the caller gave its own `fetch`.
    own_fetch: bool,
    fetch: Fetcher,
}

impl Call {
    fn new(endpoint: &JsValue, options: &JsValue) -> Result<Call, JobglassError> {
        let endpoint =
            Endpoint::parse(&string_arg(endpoint, "endpoint")?, page_origin().as_deref())?;
        let options = Options::new(options, "options")?;
        let fetch = options.fetch()?;
        Ok(Call {
            endpoint,
            headers: options.headers()?,
            settings: options.request_settings()?,
            signal: options.signal()?,
            own_fetch: fetch.is_some(),
            fetch: Fetcher::choose(fetch),
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
            fetch: self.fetch.clone(),
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
fn get(ex: Exchange, call: Call, read: Reader) -> Work {
    Box::pin(async move {
        let ok = perform::exchange(ex, &call.fetch, call.signal.as_ref()).await?;
        parsed(&ok, read)
    })
}

/// Fetches and normalizes one job from an openYuanrong frontend or dashboard, or a Ray dashboard
/// (docs/api.md §2–§4): `GET {endpoint}/api/jobs/{submissionId}`, retried on network failures
/// and HTTP 429, 502, 503 and 504.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - headers (`X-Auth`, `Authorization`), `timeoutMs`, `retries`, `signal`,
///   `maxBodyBytes`.
/// @returns the normalized job, as `parseJob` makes it.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected.
///
/// @example
/// ```ts
/// const job = await fetchJob('http://ray-head:8265', 'raysubmit_XYZ', { timeoutMs: 5000 });
/// console.log(job.status, job.durationMs, job.driverExitCode);
/// ```
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
        Ok(get(ex, call, job))
    })())
}

/// Fetches and normalizes every job an openYuanrong or Ray endpoint lists (docs/api.md §3):
/// `GET {endpoint}/api/jobs/`, then `/api/jobs` when that is 404.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param options - as for `fetchJob`; a long list may need a larger `maxBodyBytes`.
/// @returns every job, as `parseJobList` makes them, in the server's order.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no job list;
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected.
///
/// @example
/// ```ts
/// const jobs = await listJobs('/proxy/job', { headers: { 'X-Auth': token } });
/// const running = jobs.filter((job) => job.status === 'RUNNING');
/// ```
#[wasm_bindgen(js_name = listJobs, unchecked_return_type = "Promise<Job[]>")]
pub fn list_jobs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let call = Call::new(&endpoint, &options)?;
        let ex = call.exchange(Method::Get, call.endpoint.job_list().into(), Auth::Headers);
        Ok(get(ex, call, job_list))
    })())
}

/// Polls a job until it is terminal and resolves with its last state (docs/api.md §11), calling
/// `onUpdate` with the first state and each change of `status`, `endTime`, `driverExitCode`,
/// `errorType` or `message`.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - those of `fetchJob`, and `intervalMs` (default 2000), `deadlineMs` for the
///   whole watch, `onUpdate`.
/// @returns the job once `terminal` is true.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected;
///   - `TIMEOUT` also when `deadlineMs` passes; a poll that fails after its retries ends the watch.
///
/// @example
/// ```ts
/// const last = await watchJob('/proxy/job', 'app-1234', {
///   onUpdate: (job) => console.log(job.status),
///   deadlineMs: 600_000,
/// });
/// ```
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
        let (fetch, signal) = (call.fetch.clone(), call.signal.clone());
        let next = move || call.exchange(Method::Get, vec![url.clone()], Auth::Headers);
        Ok(Box::pin(perform::watch(
            next,
            normalize::parse_job,
            settings,
            on_update,
            fetch,
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

/// Fetches and normalizes one ModelArts Lite Server job (docs/api.md §5):
/// `GET {endpoint}/v1/{projectId}/dev-servers/jobs/{jobId}`, with an IAM token or signed with AK/SK.
///
/// @param endpoint - the server's base URL: `https://modelarts.cn-north-4.myhuaweicloud.com`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param projectId - the ModelArts project id.
/// @param jobId - the Lite Server job id.
/// @param options - those of `fetchJob`, and `authToken` (sent as `X-Auth-Token`) or
///   `credentials` (AK/SK: each request is signed), not both.
/// @returns the normalized job, as `parseDevServerJob` makes it.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job (`ModelArts.6404`, `ModelArts.6309`);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected.
///
/// @example
/// ```ts
/// const job = await fetchDevServerJob('https://modelarts.cn-north-4.myhuaweicloud.com', projectId,
///   jobId, { credentials: { accessKey, secretKey } });
/// console.log(job.status, job.taskSummary.failed);
/// ```
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
        Ok(get(ex, call, dev_server_job))
    })())
}

/// Polls a ModelArts Lite Server job until it is terminal and resolves with its last state
/// (docs/api.md §11), calling `onUpdate` with the first state and each change of `status`,
/// `updatedAt`, `abnormalCount` or a task's `status` or `message`.
///
/// @param endpoint - the server's base URL: `https://modelarts.cn-north-4.myhuaweicloud.com`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param projectId - the ModelArts project id.
/// @param jobId - the Lite Server job id.
/// @param options - those of `fetchDevServerJob`, and `intervalMs`, `deadlineMs`, `onUpdate`.
/// @returns the job once `terminal` is true.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected;
///   - `TIMEOUT` also when `deadlineMs` passes.
///
/// @example
/// ```ts
/// const done = await watchDevServerJob(endpoint, projectId, jobId, { authToken, deadlineMs: 600_000 });
/// ```
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
        let (fetch, signal) = (call.fetch.clone(), call.signal.clone());
        // Each poll is signed afresh: a signature is dated.
        let next = move || call.exchange(Method::Get, vec![url.clone()], auth.clone());
        Ok(Box::pin(perform::watch(
            next,
            normalize::parse_dev_server_job,
            settings,
            on_update,
            fetch,
            signal,
        )) as Work)
    })())
}

/// Fetches and normalizes one page of ModelArts Lite Server jobs (docs/api.md §5):
/// `GET {endpoint}/v1/{projectId}/dev-servers/jobs`, filtered and paged by `options.filter`.
///
/// @param endpoint - the server's base URL: `https://modelarts.cn-north-4.myhuaweicloud.com`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param projectId - the ModelArts project id.
/// @param options - those of `fetchDevServerJob`, and `filter` (`id`, `name`, `type`, `status`,
///   `visible`; `limit` and `offset` to page).
/// @returns the page, as `parseDevServerJobList` makes it.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `TOO_LARGE`, `INVALID_RESPONSE`: a body over `maxBodyBytes`, or not the JSON expected.
///
/// @example
/// ```ts
/// const page = await listDevServerJobs(endpoint, projectId, { authToken, filter: { status: 'PROCESSING' } });
/// console.log(page.total, page.jobs.map((job) => job.name));
/// ```
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
        Ok(get(ex, call, dev_server_job_page))
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
            let ok = match perform::exchange(ex, &call.fetch, call.signal.as_ref()).await {
                Err(e) if !stop && normalize::action::delete_declined(&e) => {
                    return Ok(JsValue::FALSE)
                }
                answer => answer?,
            };
            parsed(&ok, |body| normalize::action::parse_action(body, key)).map(JsValue::from_bool)
        }) as Work)
    })())
}

/// Asks the server to stop a job (docs/api.md §10): `POST {endpoint}/api/jobs/{submissionId}/stop`,
/// retried like a read, since stopping twice does no harm.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - as for `fetchJob`.
/// @returns true when the server accepted; false when it declined (the job had already ended).
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a DRIVER job, or a server without the route (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// if (await stopJob('http://ray-head:8265', 'raysubmit_XYZ')) console.log('stopping');
/// ```
#[wasm_bindgen(js_name = stopJob, unchecked_return_type = "Promise<boolean>")]
pub fn stop_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    action(endpoint, submission_id, options, true)
}

/// Asks the server to delete a finished job (docs/api.md §10): `DELETE {endpoint}/api/jobs/{submissionId}`,
/// sent once and never retried.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - as for `fetchJob`.
/// @returns true when the job was deleted; false when the server declined (it has not ended).
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a DRIVER job, or a server without the route (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const deleted = await deleteJob('http://ray-head:8265', 'raysubmit_OLD');
/// ```
#[wasm_bindgen(js_name = deleteJob, unchecked_return_type = "Promise<boolean>")]
pub fn delete_job(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = submissionId, unchecked_param_type = "string")] submission_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    action(endpoint, submission_id, options, false)
}

/// Reads a Ray job's driver log, or its last part (docs/api.md §9): the job first, then
/// `GET {endpoint}/api/jobs/{submissionId}/logs`, read as a stream that keeps only the end, so a
/// log of any size costs about `maxLogBytes` of memory.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - those of `fetchJob`, and `tailLines` (keep the last N lines) and
///   `maxLogBytes` (default 8 MiB; `maxBodyBytes` does not apply to the log).
/// @returns the text and what was left out; `complete` when the job had ended.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a DRIVER job, or a server without the route (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const logs = await fetchJobLogs('http://ray-head:8265', 'raysubmit_XYZ', { tailLines: 50 });
/// console.log(logs.text, logs.truncated ? `(${logs.droppedBytes} bytes left out)` : '');
/// ```
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

/// Hands a Ray job's log to `onText` as it grows, in order and each byte once, until the job has
/// ended (docs/api.md §9): over Ray's tail WebSocket where the runtime has one and no `headers`
/// are given, otherwise by polling `/logs` every `intervalMs`.
///
/// @param endpoint - the server's base URL: `http://ray-head:8265`, `https://host/prefix`, or a
///   path such as `/proxy/job` in a page or worker (docs/api.md §3).
/// @param submissionId - the job's submission id (Ray also takes its job id); one path segment.
/// @param options - those of `fetchJobLogs`, and `onText`, `intervalMs` (default 2000) and
///   `deadlineMs` for the whole follow.
/// @returns the final log once the job has ended and all of it was read (`complete: true`).
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a DRIVER job, or a server without the route (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer (in a page, CORS is a likely cause), an
///     attempt ran past `timeoutMs`, or `signal` aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected;
///   - `TIMEOUT` also when `deadlineMs` passes.
///
/// @example
/// ```ts
/// const end = await followJobLogs('/proxy/job', 'raysubmit_XYZ', { onText: (text) => term.write(text) });
/// ```
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
        // A WebSocket cannot carry headers, nor go through the caller's own fetch: with either,
        // the log is polled.
        let socket = has_web_socket() && call.headers.is_empty() && !call.own_fetch;
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
/// failure, HTTP 429, 502, 503 or 504), for code that retries on its own schedule. Never throws.
///
/// @param e - anything caught.
/// @returns true for a `JobglassError` with code `NETWORK` or HTTP status 429, 502, 503 or 504;
///   false for anything else.
///
/// @example
/// ```ts
/// try { await fetchJob(endpoint, id); }
/// catch (e) { if (isRetryable(e)) setTimeout(poll, 30_000); else throw e; }
/// ```
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
