//! The only code that sends requests: the global `fetch` (its answer wrapped by gloo-net), so the
//! same build runs in windows, workers, Node, Deno and workerd. Everything it decides — what an
//! answer means, when to retry, how long to wait — comes from the pure modules beside it.

use gloo_net::http::Response;
use js_sys::{Date, Function, Math, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, ReadableStreamDefaultReader, RequestInit};

use super::classify::{classify, Answer};
use super::retry::{backoff_ms, is_retryable_status, retry_after_ms};
use crate::error::{ErrorCode, JobglassError};
use crate::normalize::number::parse_digits;

/// Error bodies are read only this far: enough for any server's message.
const ERROR_BODY_LIMIT: f64 = 64.0 * 1024.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    // The global `fetch` with a URL and options. gloo-net's request builder constructs two
    // `Request` objects and a `URL` per call, which in Node costs more than the request itself
    // on loopback.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Promise;
}

/// How requests are sent and retried (CONTRACT §2).
#[derive(Clone)]
pub struct Policy {
    /// Per attempt; 0 disables.
    pub timeout_ms: f64,
    /// Attempts after the first.
    pub retries: u32,
    /// The largest body accepted.
    pub max_body_bytes: f64,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
    /// The page's origin, where there is one, to explain a blocked cross-origin call.
    pub page_origin: Option<String>,
    /// Values that must never show in an error (tokens, header values).
    pub secrets: Vec<String>,
}

/// A successful answer.
pub struct Success {
    /// The body, at most `max_body_bytes` long.
    pub body: Vec<u8>,
    /// Its HTTP status.
    pub status: u16,
    /// How many requests were sent.
    pub attempts: u32,
}

/// GETs `url`, retrying what the contract retries, and returns the 2xx body.
pub async fn get(
    url: &str,
    headers: &[(String, String)],
    policy: &Policy,
) -> Result<Success, JobglassError> {
    let mut attempt = 0;
    loop {
        if is_aborted(policy) {
            return Err(aborted(url, attempt));
        }
        attempt += 1;
        let failure = match send(url, headers, policy).await {
            Ok((status, body)) => {
                return Ok(Success {
                    body,
                    status,
                    attempts: attempt,
                })
            }
            Err(f) => f,
        };
        let error = failure.error.at(url, attempt).redact(&policy.secrets);
        if !error.is_retryable() || attempt > policy.retries {
            return Err(error);
        }
        let wait = failure
            .retry_after_ms
            .unwrap_or_else(|| backoff_ms(attempt, Math::random()));
        if sleep(wait, policy.signal.as_ref()).await.is_err() {
            return Err(aborted(url, attempt));
        }
    }
}

/// Waits `ms`, or fails at once when `signal` aborts.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Err(());
    };
    let timer = set_timeout(&resolve, ms);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &reject);
    }
    let outcome = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", &reject);
    }
    outcome.map(|_| ()).map_err(|_| ())
}

/// The current time in epoch milliseconds.
pub fn now_ms() -> f64 {
    Date::now()
}

fn is_aborted(policy: &Policy) -> bool {
    policy.signal.as_ref().is_some_and(AbortSignal::aborted)
}

fn aborted(url: &str, attempts: u32) -> JobglassError {
    JobglassError::new(
        ErrorCode::Aborted,
        format!("the request for {url} was aborted"),
    )
    .at(url, attempts)
}

struct Failure {
    error: JobglassError,
    retry_after_ms: Option<f64>,
}

impl From<JobglassError> for Failure {
    fn from(error: JobglassError) -> Self {
        Failure {
            error,
            retry_after_ms: None,
        }
    }
}

/// One attempt, with its own timeout, aborted too when the caller's signal fires.
async fn send(
    url: &str,
    headers: &[(String, String)],
    policy: &Policy,
) -> Result<(u16, Vec<u8>), Failure> {
    let controller = AbortController::new().map_err(|_| internal("AbortController is missing"))?;
    let abort = Reflect::get(&controller, &"abort".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .map(|f| f.bind0(&controller))
        .ok_or_else(|| internal("AbortController.abort is missing"))?;
    let timer = (policy.timeout_ms > 0.0).then(|| set_timeout(&abort, policy.timeout_ms));
    if let Some(s) = &policy.signal {
        let _ = s.add_event_listener_with_callback("abort", &abort);
    }

    let outcome = exchange(url, headers, policy, &controller).await;

    if let Some(t) = &timer {
        clear_timeout(t);
    }
    if let Some(s) = &policy.signal {
        let _ = s.remove_event_listener_with_callback("abort", &abort);
    }
    outcome.map_err(|mut f| {
        // A transport failure after our own abort is the timeout's or the caller's doing.
        if f.error.code == ErrorCode::Network && controller.signal().aborted() {
            f.error = if is_aborted(policy) {
                aborted(url, 0)
            } else {
                JobglassError::new(
                    ErrorCode::Timeout,
                    format!(
                        "no complete answer from {url} within {} ms",
                        policy.timeout_ms as u64
                    ),
                )
            };
        }
        f
    })
}

async fn exchange(
    url: &str,
    headers: &[(String, String)],
    policy: &Policy,
    controller: &AbortController,
) -> Result<(u16, Vec<u8>), Failure> {
    let cannot_build = |e: JsValue| {
        JobglassError::invalid_argument(format!(
            "the request for {url} cannot be built: {}",
            describe(&e)
        ))
    };
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    if !headers.is_empty() {
        let list = Headers::new().map_err(cannot_build)?;
        for (name, value) in headers {
            list.append(name, value).map_err(cannot_build)?;
        }
        init.set_headers(&list);
    }
    let response: Response = JsFuture::from(fetch_with_init(url, &init))
        .await
        .map_err(|e| network_error(url, &describe(&e), policy))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| internal("fetch did not return a Response"))?
        .into();

    let status = response.status();
    let header = |name: &str| response.headers().get(name);
    if (200..300).contains(&status) {
        let body = read_body(&response, policy.max_body_bytes, true, url, policy).await?;
        return Ok((status, body));
    }
    let body = read_body(&response, ERROR_BODY_LIMIT, false, url, policy)
        .await
        .unwrap_or_default();
    let content_type = header("content-type");
    let request_id = header("x-request-id");
    let error = classify(
        &Answer {
            status,
            content_type: content_type.as_deref(),
            request_id: request_id.as_deref(),
            body: &body,
        },
        url,
        0,
    );
    let retry_after_ms = if is_retryable_status(status) {
        header("retry-after").and_then(|v| retry_after_ms(&v, now_ms()))
    } else {
        None
    };
    Err(Failure {
        error,
        retry_after_ms,
    })
}

/// Reads the body up to `limit` bytes. Over it: `TOO_LARGE` when `strict`, else the body is
/// cut there (an error page needs only its start).
async fn read_body(
    response: &Response,
    limit: f64,
    strict: bool,
    url: &str,
    policy: &Policy,
) -> Result<Vec<u8>, Failure> {
    let too_large = |size: f64| {
        Failure::from(
            JobglassError::new(
                ErrorCode::TooLarge,
                format!(
                    "the answer from {url} is larger than maxBodyBytes ({} bytes): {} bytes or more",
                    limit as u64,
                    size as u64
                ),
            )
            .at(url, 0),
        )
    };
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| parse_digits(v.trim()))
        .map(|n| n as f64);
    if strict && declared.is_some_and(|n| n > limit) {
        return Err(too_large(declared.unwrap_or(limit)));
    }
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| internal("the body cannot be read"))?;
    let mut body = Vec::with_capacity(declared.unwrap_or(0.0).min(limit) as usize);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| network_error(url, &describe(&e), policy))?;
        let done = Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            return Ok(body);
        }
        let Ok(value) =
            Reflect::get(&chunk, &"value".into()).and_then(|v| v.dyn_into::<Uint8Array>())
        else {
            continue;
        };
        let room = (limit - body.len() as f64).max(0.0) as u32;
        if value.length() > room {
            let _ = reader.cancel();
            if strict {
                return Err(too_large(body.len() as f64 + f64::from(value.length())));
            }
            let mut part = vec![0; room as usize];
            value.subarray(0, room).copy_to(&mut part);
            body.extend_from_slice(&part);
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + value.length() as usize, 0);
        value.copy_to(&mut body[start..]);
    }
}

fn network_error(url: &str, cause: &str, policy: &Policy) -> Failure {
    let mut message = format!("could not reach {url}: {cause}");
    let cross_origin = policy
        .page_origin
        .as_deref()
        .is_some_and(|origin| !url.starts_with(origin));
    if cross_origin {
        message.push_str(
            ". This page calls another origin: if that server sends no CORS headers \
             (openYuanrong's frontend and Ray's dashboard send none), the browser blocks the \
             answer. Call it through a same-origin proxy (for example Vite's server.proxy, or \
             `/proxy/job` in jobglass's demo) and pass the proxy path as the endpoint.",
        );
    }
    Failure::from(JobglassError::new(ErrorCode::Network, message))
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .unwrap_or_else(|| "the connection failed".into())
}

fn internal(what: &str) -> Failure {
    Failure::from(JobglassError::new(
        ErrorCode::Network,
        format!("this runtime cannot send requests: {what}"),
    ))
}
