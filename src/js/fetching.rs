//! The fetch exports: each checks its arguments into a [`Plan`] synchronously, and
//! [`requests::start`] runs it.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::fetch_options::{fetch_options, filter, page_origin, watch_options};
use super::options::{credentials, Options};
use super::requests::{self, Parser, Plan};
use crate::error::JobglassError;
use crate::http::fetch::{now_ms, Policy};
use crate::http::url::Endpoint;
use crate::sign::{self, SignableRequest};

fn string_arg(value: &JsValue, name: &str) -> Result<String, JobglassError> {
    value
        .as_string()
        .ok_or_else(|| JobglassError::invalid_argument(format!("{name} must be a string")))
}

fn endpoint_arg(value: &JsValue) -> Result<Endpoint, JobglassError> {
    Endpoint::parse(&string_arg(value, "endpoint")?, page_origin().as_deref())
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
        let (headers, policy) = fetch_options(&Options::new(&options, "options")?)?;
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
    let (headers, policy) = fetch_options(&o)?;
    let mut plan = Plan::get(vec![url], headers, policy, Parser::Job);
    if watch {
        plan.watch = Some(watch_options(&o)?);
    }
    Ok(plan)
}

/// Headers and policy for ModelArts: `authToken` as `X-Auth-Token`, or AK/SK signing.
fn dev_server_request(
    o: &Options,
    url: &str,
    project_id: &str,
) -> Result<(Vec<(String, String)>, Policy), JobglassError> {
    let (mut headers, mut policy) = fetch_options(o)?;
    let token = o.string("authToken")?.filter(|t| !t.is_empty());
    let credentials = o
        .get("credentials")
        .map(|_| credentials(&o.nested("credentials")?))
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
        let filter = filter(&o.nested("filter")?)?;
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
