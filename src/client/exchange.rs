//! One request as a conversation with a server, without I/O: which request to send next, how
//! long to wait before retrying, and what the answer means (docs/api.md §2, §7). The JavaScript
//! layer performs each [`Step`] and reports what happened; every decision is made here.

use std::time::Duration;

use super::auth::{Auth, Secrets};
use super::options::RequestSettings;
use crate::error::{ErrorCode, JobglassError};
use crate::http::classify::{classify, Answer};
use crate::http::retry;

/// Error bodies are read only this far: enough for any server's message.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// An HTTP method this client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// Reads.
    Get,
    /// Stops a job.
    Post,
    /// Deletes a job.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// How long this attempt may take; `None`: no limit.
    pub timeout: Option<Duration>,
    /// The largest success body accepted.
    max_body_bytes: usize,
    /// A success body goes to the caller's reader as it arrives, unlimited (a log of any size).
    pub streams_body: bool,
}

impl Request {
    /// How much of a body with `status` to read: a success up to the caller's limit (a larger
    /// one is refused), an error page only as far as a message needs.
    pub fn body_limit(&self, status: u16) -> usize {
        if (200..300).contains(&status) {
            self.max_body_bytes
        } else {
            ERROR_BODY_LIMIT
        }
    }
}

/// What came back for a request.
#[derive(Debug, Default)]
pub(crate) struct Received {
    pub status: u16,
    pub content_type: Option<String>,
    pub request_id: Option<String>,
    pub retry_after: Option<String>,
    /// At most `body_limit(status)` bytes.
    pub body: Vec<u8>,
    /// Whether the body was longer than `body_limit(status)` (it was cut there).
    pub overflowed: bool,
}

/// Why no answer came back.
#[derive(Debug, PartialEq)]
pub(crate) enum Failure {
    /// The connection failed or broke; `cause` is the runtime's description.
    Network(String),
    /// The attempt's own timeout fired.
    TimedOut,
    /// The caller's signal fired.
    Aborted,
    /// The body's reader refused what arrived (a streamed body that is not the expected JSON).
    Rejected(JobglassError),
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Success {
    /// The URL that answered.
    pub url: String,
    pub status: u16,
    pub body: Vec<u8>,
    /// How many requests were sent in all.
    pub attempts: u32,
}

/// What the performer does next.
#[derive(Debug)]
pub(crate) enum Step {
    /// Send this request and report with [`Exchange::received`] or [`Exchange::failed`].
    Send(Request),
    /// Wait, then ask again (a retry's backoff).
    Wait(Duration),
    /// The conversation is over.
    Done(Result<Success, JobglassError>),
}

/// A request to the first of one or more URLs that exists, retried as docs/api.md §2 says.
pub(crate) struct Exchange {
    method: Method,
    /// Tried in turn, the next only after NOT_FOUND: Ray lists jobs only at `/api/jobs/`,
    /// openYuanrong only at `/api/jobs`, and a proxy may not redirect between them.
    urls: Vec<String>,
    current: usize,
    headers: Vec<(String, String)>,
    auth: Auth,
    settings: RequestSettings,
    secrets: Secrets,
    /// The page's origin, where there is one, to explain a blocked cross-origin call.
    page_origin: Option<String>,
    /// Requests sent to the current URL, and in all.
    tries_here: u32,
    sent: u32,
    next: Option<Step>,
    streams_body: bool,
}

impl Exchange {
    /// A conversation that sends `method` to `urls` with the caller's `headers`.
    pub fn new(
        method: Method,
        urls: Vec<String>,
        headers: Vec<(String, String)>,
        auth: Auth,
        settings: RequestSettings,
        page_origin: Option<String>,
    ) -> Exchange {
        Exchange {
            secrets: Secrets::of_headers(&headers),
            method,
            urls,
            current: 0,
            headers,
            auth,
            settings,
            page_origin,
            tries_here: 0,
            sent: 0,
            next: None,
            streams_body: false,
        }
    }

    /// The same exchange, its success body read as a stream by the performer (docs/api.md §9).
    pub fn streaming(self) -> Exchange {
        Exchange {
            streams_body: true,
            ..self
        }
    }

    /// The URL being tried.
    pub fn url(&self) -> &str {
        self.urls.get(self.current).map_or("", String::as_str)
    }

    /// The settings, for a caller that narrows the timeout of the next attempt.
    pub fn settings_mut(&mut self) -> &mut RequestSettings {
        &mut self.settings
    }

    /// The next step; `now_ms` dates a signature.
    pub fn poll(&mut self, now_ms: f64) -> Step {
        if let Some(step) = self.next.take() {
            return step;
        }
        let url = self.url().to_owned();
        let mut headers = self.headers.clone();
        let method = self.method.as_str();
        if let Err(e) = self
            .auth
            .apply(method, &url, &mut headers, now_ms, &mut self.secrets)
        {
            return Step::Done(Err(self.finish(e)));
        }
        self.tries_here += 1;
        self.sent += 1;
        Step::Send(Request {
            method: self.method,
            url,
            headers,
            timeout: self.settings.timeout,
            max_body_bytes: self.settings.max_body_bytes,
            streams_body: self.streams_body,
        })
    }

    /// The answer to the last request; `random` in `[0, 1)` jitters a backoff.
    pub fn received(&mut self, r: Received, now_ms: f64, random: f64) {
        let url = self.url().to_owned();
        if (200..300).contains(&r.status) {
            self.next = Some(Step::Done(if r.overflowed {
                Err(self.finish(JobglassError::new(
                    ErrorCode::TooLarge,
                    format!(
                        "the answer from {url} is larger than maxBodyBytes ({} bytes)",
                        self.settings.max_body_bytes
                    ),
                )))
            } else {
                Ok(Success {
                    url,
                    status: r.status,
                    body: r.body,
                    attempts: self.sent,
                })
            }));
            return;
        }
        let answer = Answer {
            status: r.status,
            content_type: r.content_type.as_deref(),
            request_id: r.request_id.as_deref(),
            body: &r.body,
        };
        let error = classify(&answer, &url, 0);
        let retry_after = r
            .retry_after
            .filter(|_| retry::is_retryable_status(r.status))
            .and_then(|v| retry::retry_after(&v, now_ms));
        self.after_error(error, retry_after, random);
    }

    /// The last request got no answer.
    pub fn failed(&mut self, failure: Failure, random: f64) {
        let url = self.url().to_owned();
        let error = match failure {
            Failure::Aborted => {
                self.next = Some(Step::Done(Err(self.aborted())));
                return;
            }
            Failure::TimedOut => JobglassError::new(
                ErrorCode::Timeout,
                format!(
                    "no complete answer from {url} within {} ms",
                    self.settings.timeout.map_or(0, |t| t.as_millis() as u64)
                ),
            ),
            Failure::Network(cause) => network_error(&url, &cause, self.page_origin.as_deref()),
            Failure::Rejected(e) => {
                let mut e = e;
                e.message = format!("{} from {url}", e.message);
                self.next = Some(Step::Done(Err(self.finish(e))));
                return;
            }
        };
        self.after_error(error, None, random);
    }

    /// The caller's signal fired while waiting or sending.
    pub fn aborted(&self) -> JobglassError {
        let url = self.url();
        self.finish(JobglassError::new(
            ErrorCode::Aborted,
            format!("the request for {url} was aborted"),
        ))
    }

    fn after_error(&mut self, error: JobglassError, retry_after: Option<Duration>, random: f64) {
        if error.code == ErrorCode::NotFound && self.current + 1 < self.urls.len() {
            self.current += 1;
            self.tries_here = 0;
            return;
        }
        if retry::is_retryable(&error) && self.tries_here <= self.settings.retries {
            let wait = retry_after.unwrap_or_else(|| retry::backoff(self.tries_here, random));
            self.next = Some(Step::Wait(wait));
            return;
        }
        self.next = Some(Step::Done(Err(self.finish(error))));
    }

    /// The error as the caller sees it: tied to the URL and the count of requests, no secret in it.
    fn finish(&self, e: JobglassError) -> JobglassError {
        self.secrets.redact(e.at(self.url(), self.sent))
    }
}

fn network_error(url: &str, cause: &str, page_origin: Option<&str>) -> JobglassError {
    let mut message = format!("could not reach {url}: {cause}");
    if page_origin.is_some_and(|origin| !url.starts_with(origin)) {
        message.push_str(
            ". This page calls another origin: if that server sends no CORS headers \
             (openYuanrong's frontend and Ray's dashboard send none), the browser blocks the \
             answer. Call it through a same-origin proxy (for example Vite's server.proxy, or \
             `/proxy/job` in jobglass's demo) and pass the proxy path as the endpoint.",
        );
    }
    JobglassError::new(ErrorCode::Network, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(urls: &[&str], retries: u32) -> Exchange {
        let settings = RequestSettings {
            retries,
            ..RequestSettings::default()
        };
        Exchange::new(
            Method::Get,
            urls.iter().map(|u| u.to_string()).collect(),
            vec![("Authorization".into(), "Bearer tok-123".into())],
            Auth::Headers,
            settings,
            None,
        )
    }

    fn answer(status: u16, body: &str) -> Received {
        Received {
            status,
            body: body.as_bytes().to_vec(),
            ..Received::default()
        }
    }

    fn send(ex: &mut Exchange) -> Request {
        match ex.poll(0.0) {
            Step::Send(r) => r,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    fn done(ex: &mut Exchange) -> Result<Success, JobglassError> {
        match ex.poll(0.0) {
            Step::Done(r) => r,
            other => panic!("expected the end, got {other:?}"),
        }
    }

    #[test]
    fn a_success_ends_it() {
        let mut ex = get(&["http://h/a"], 2);
        let r = send(&mut ex);
        assert_eq!((r.method, r.url.as_str()), (Method::Get, "http://h/a"));
        assert_eq!(r.headers[0].0, "Authorization");
        ex.received(answer(200, "{}"), 0.0, 0.0);
        let ok = done(&mut ex).unwrap();
        assert_eq!((ok.body, ok.attempts), (b"{}".to_vec(), 1));
    }

    #[test]
    fn retryable_answers_wait_then_retry_up_to_the_limit() {
        let mut ex = get(&["http://h/a"], 2);
        for wait_ms in [100, 200] {
            send(&mut ex);
            ex.received(answer(503, "busy"), 0.0, 0.0);
            assert!(matches!(ex.poll(0.0), Step::Wait(d) if d.as_millis() == wait_ms));
        }
        send(&mut ex);
        ex.received(answer(503, "busy"), 0.0, 0.0);
        let e = done(&mut ex).unwrap_err();
        assert_eq!(
            (e.code, e.attempts, e.status),
            (ErrorCode::ServerError, 3, Some(503))
        );
    }

    #[test]
    fn retry_after_is_honoured_and_network_failures_retried() {
        let mut ex = get(&["http://h/a"], 1);
        send(&mut ex);
        let mut r = answer(429, "");
        r.retry_after = Some("3".into());
        ex.received(r, 0.0, 0.0);
        assert!(matches!(ex.poll(0.0), Step::Wait(d) if d.as_secs() == 3));
        send(&mut ex);
        ex.failed(Failure::Network("TypeError: failed".into()), 0.0);
        let e = done(&mut ex).unwrap_err();
        assert_eq!((e.code, e.attempts), (ErrorCode::Network, 2));
        assert!(e.message.contains("TypeError: failed"));
    }

    #[test]
    fn not_retried_timeouts_aborts_and_client_errors() {
        for (failure, code) in [
            (Failure::TimedOut, ErrorCode::Timeout),
            (Failure::Aborted, ErrorCode::Aborted),
        ] {
            let mut ex = get(&["http://h/a"], 5);
            send(&mut ex);
            ex.failed(failure, 0.0);
            assert_eq!(done(&mut ex).unwrap_err().code, code);
        }
        let mut ex = get(&["http://h/a"], 5);
        send(&mut ex);
        ex.received(answer(401, "no"), 0.0, 0.0);
        assert_eq!(done(&mut ex).unwrap_err().attempts, 1);
    }

    #[test]
    fn not_found_moves_to_the_next_url_and_counts_every_attempt() {
        let mut ex = get(&["http://h/api/jobs/", "http://h/api/jobs"], 2);
        send(&mut ex);
        ex.received(answer(502, ""), 0.0, 0.0);
        assert!(matches!(ex.poll(0.0), Step::Wait(_)));
        send(&mut ex);
        ex.received(answer(404, "404 page not found"), 0.0, 0.0);
        assert_eq!(send(&mut ex).url, "http://h/api/jobs");
        ex.received(answer(404, "nope"), 0.0, 0.0);
        let e = done(&mut ex).unwrap_err();
        assert_eq!(
            (e.code, e.attempts, e.url.as_deref()),
            (ErrorCode::NotFound, 3, Some("http://h/api/jobs"))
        );
    }

    #[test]
    fn a_body_over_the_limit_is_too_large_and_error_pages_are_cut() {
        let mut ex = get(&["http://h/a"], 2);
        let r = send(&mut ex);
        assert_eq!(
            (r.body_limit(200), r.body_limit(500)),
            (16 << 20, 64 * 1024)
        );
        ex.received(
            Received {
                status: 200,
                overflowed: true,
                ..Received::default()
            },
            0.0,
            0.0,
        );
        assert_eq!(done(&mut ex).unwrap_err().code, ErrorCode::TooLarge);
    }

    #[test]
    fn a_streamed_body_it_cannot_read_ends_it_at_once() {
        let mut ex = get(&["http://h/logs"], 3).streaming();
        assert!(send(&mut ex).streams_body);
        ex.failed(
            Failure::Rejected(JobglassError::invalid_response("not a log")),
            0.0,
        );
        let e = done(&mut ex).unwrap_err();
        assert_eq!((e.code, e.attempts), (ErrorCode::InvalidResponse, 1));
        assert!(e.message.contains("from http://h/logs"));
    }

    #[test]
    fn an_echoed_token_is_redacted_everywhere() {
        let mut ex = get(&["http://h/a"], 0);
        send(&mut ex);
        ex.received(
            Received {
                status: 401,
                request_id: Some("tok-123".into()),
                body: br#"{"error_code":"tok-123","error_msg":"bad token tok-123"}"#.to_vec(),
                ..Received::default()
            },
            0.0,
            0.0,
        );
        let e = done(&mut ex).unwrap_err();
        let all = format!(
            "{} {:?} {:?} {:?} {:?}",
            e.message, e.server_code, e.server_message, e.request_id, e.url
        );
        assert!(!all.contains("tok-123"), "{all}");
    }

    #[test]
    fn cross_origin_failures_explain_cors() {
        let mut ex = Exchange::new(
            Method::Get,
            vec!["http://other/a".into()],
            vec![],
            Auth::Headers,
            RequestSettings::default().once(),
            Some("http://page".into()),
        );
        send(&mut ex);
        ex.failed(Failure::Network("TypeError".into()), 0.0);
        assert!(done(&mut ex)
            .unwrap_err()
            .message
            .contains("same-origin proxy"));
    }
}
