//! Every fetch export checks its arguments synchronously into a [`Plan`], then [`start`] runs
//! it: one shared async body, so the module carries one promise state machine, not one per
//! export. Invalid arguments reject the promise; nothing is sent.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::fetch_options::Watch;
use super::{error, to_js};
use crate::error::{ErrorCode, JobglassError};
use crate::http::fetch::{self, now_ms, Policy, Success};
use crate::model::Job;
use crate::normalize;

/// Which normalizer reads the body.
pub enum Parser {
    Job,
    JobList,
    DevServerJob,
    DevServerJobPage,
}

/// A checked request: URLs to try in turn (the next one only after NOT_FOUND), and how.
pub struct Plan {
    urls: Vec<String>,
    headers: Vec<(String, String)>,
    policy: Policy,
    parser: Parser,
    pub watch: Option<Watch>,
}

impl Plan {
    pub fn get(
        urls: Vec<String>,
        headers: Vec<(String, String)>,
        policy: Policy,
        parser: Parser,
    ) -> Plan {
        Plan {
            urls,
            headers,
            policy,
            parser,
            watch: None,
        }
    }
}

/// The promise of a planned request; a planning error rejects it. Not inlined: every export
/// shares this one copy of the promise machinery.
#[inline(never)]
pub fn start(plan: Result<Plan, JobglassError>) -> Promise {
    match plan {
        Err(e) => Promise::reject(&error::to_js(e)),
        Ok(plan) => future_to_promise(async move { execute(plan).await.map_err(error::to_js) }),
    }
}

async fn execute(plan: Plan) -> Result<JsValue, JobglassError> {
    if plan.watch.is_some() {
        return watch(plan).await;
    }
    let (url, ok) = get_first(&plan.urls, &plan.headers, &plan.policy).await?;
    match plan.parser {
        Parser::Job => to_js(&parsed(&ok, url, normalize::parse_job_bytes)?),
        Parser::JobList => to_js(&parsed(&ok, url, normalize::parse_job_list_bytes)?),
        Parser::DevServerJob => to_js(&parsed(&ok, url, normalize::parse_dev_server_job_bytes)?),
        Parser::DevServerJobPage => to_js(&parsed(
            &ok,
            url,
            normalize::parse_dev_server_job_list_bytes,
        )?),
    }
}

/// GETs the first URL that exists. Ray serves the job list only at `/api/jobs/`, openYuanrong
/// only at `/api/jobs` (gin usually redirects; a proxy may not): a 404 moves to the next URL.
async fn get_first<'a>(
    urls: &'a [String],
    headers: &[(String, String)],
    policy: &Policy,
) -> Result<(&'a str, Success), JobglassError> {
    let mut sent = 0;
    let mut last = None;
    for url in urls {
        match fetch::get(url, headers, policy).await {
            Ok(mut ok) => {
                ok.attempts += sent;
                return Ok((url, ok));
            }
            Err(e) if e.code == ErrorCode::NotFound => {
                sent += e.attempts;
                last = Some(e);
            }
            Err(e) => {
                return Err(JobglassError {
                    attempts: sent + e.attempts,
                    ..e
                })
            }
        }
    }
    Err(last
        .map(|e| JobglassError {
            attempts: sent,
            ..e
        })
        .unwrap_or_else(|| JobglassError::invalid_argument("no URL to request")))
}

/// A 2xx body parsed by `parse`; a body it rejects is `INVALID_RESPONSE` tied to the request.
fn parsed<T>(
    ok: &Success,
    url: &str,
    parse: impl Fn(&[u8]) -> Result<T, JobglassError>,
) -> Result<T, JobglassError> {
    parse(&ok.body).map_err(|mut e| {
        e.message = format!("{} from {url}", e.message);
        e.status = Some(ok.status);
        e.at(url, ok.attempts)
    })
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

async fn watch(plan: Plan) -> Result<JsValue, JobglassError> {
    let Some(watch) = &plan.watch else {
        return Err(JobglassError::invalid_argument("no watch options"));
    };
    let url = plan.urls.first().map(String::as_str).unwrap_or_default();
    let started = now_ms();
    let left = || watch.deadline_ms.map(|d| d - (now_ms() - started));
    let mut attempts = 0;
    let mut last = None;
    loop {
        let mut policy = plan.policy.clone();
        if let Some(left) = left() {
            if left <= 0.0 {
                let deadline = watch.deadline_ms.unwrap_or_default();
                return Err(deadline_passed(url, attempts, deadline, last.is_some()));
            }
            // An attempt may not outlive the watch.
            if policy.timeout_ms == 0.0 || policy.timeout_ms > left {
                policy.timeout_ms = left.max(1.0);
            }
        }
        let with_total = |e: JobglassError| JobglassError {
            attempts: attempts + e.attempts,
            ..e
        };
        let ok = fetch::get(url, &plan.headers, &policy)
            .await
            .map_err(with_total)?;
        let job = parsed(&ok, url, normalize::parse_job_bytes).map_err(with_total)?;
        attempts += ok.attempts;
        let now = watched(&job);
        let changed = last.as_ref() != Some(&now);
        if changed || job.terminal {
            let value = to_js(&job)?;
            if let Some(f) = watch.on_update.as_ref().filter(|_| changed) {
                notify(f, &value);
            }
            if job.terminal {
                return Ok(value);
            }
        }
        last = Some(now);
        let wait = left().map_or(watch.interval_ms, |l| watch.interval_ms.min(l.max(0.0)));
        if fetch::sleep(wait, policy.signal.as_ref()).await.is_err() {
            return Err(JobglassError::new(
                ErrorCode::Aborted,
                format!("watching {url} was aborted"),
            )
            .at(url, attempts));
        }
    }
}

fn deadline_passed(url: &str, attempts: u32, deadline: f64, seen: bool) -> JobglassError {
    let state = if seen {
        "was not terminal"
    } else {
        "could not be read"
    };
    JobglassError::new(
        ErrorCode::Timeout,
        format!(
            "the job at {url} {state} when the watch's deadline of {} ms passed",
            deadline as u64
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
