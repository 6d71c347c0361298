//! One error type for every failure, keeping what the server said.

use std::fmt;

/// What went wrong, as the contract's `JobglassError.code` names it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// An argument or option was rejected before any request was sent.
    InvalidArgument,
    /// The request could not be sent or its answer could not be read.
    Network,
    /// An attempt, or a whole watch, ran past its time.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The job (or project, or server instance) does not exist.
    NotFound,
    /// HTTP 401: credentials missing or not accepted.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// Any other HTTP 4xx.
    BadRequest,
    /// HTTP 429 after the last retry.
    RateLimited,
    /// HTTP 5xx after the last retry.
    ServerError,
    /// A non-2xx status outside 4xx and 5xx.
    HttpError,
    /// The answer was larger than `maxBodyBytes`.
    TooLarge,
    /// A 2xx answer, or a parser's input, that is not the expected JSON.
    InvalidResponse,
}

impl ErrorCode {
    /// The code as JavaScript sees it, e.g. `"NOT_FOUND"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::HttpError => "HTTP_ERROR",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::InvalidResponse => "INVALID_RESPONSE",
        }
    }
}

/// A failure with everything a caller may branch on or show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobglassError {
    /// The taxonomy code.
    pub code: ErrorCode,
    /// One plain sentence for people; never holds a credential.
    pub message: String,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The server's own error code (`ModelArts.6404`, `APIG.0301`, …).
    pub server_code: Option<String>,
    /// The server's own words, at most 2 KiB.
    pub server_message: Option<String>,
    /// `X-Request-Id` or the body's `request_id`.
    pub request_id: Option<String>,
    /// The URL requested.
    pub url: Option<String>,
    /// How many requests were sent.
    pub attempts: u32,
}

impl JobglassError {
    /// An error with a code and message and nothing else known.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        JobglassError {
            code,
            message: message.into(),
            status: None,
            server_code: None,
            server_message: None,
            request_id: None,
            url: None,
            attempts: 0,
        }
    }

    /// Shorthand for [`ErrorCode::InvalidArgument`].
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    /// Shorthand for [`ErrorCode::InvalidResponse`].
    pub fn invalid_response(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidResponse, message)
    }

    /// The same error, tied to the URL it came from.
    pub fn at(mut self, url: &str, attempts: u32) -> Self {
        self.url = Some(url.to_owned());
        self.attempts = attempts;
        self
    }

    /// Whether another attempt may succeed (network failures, 429, 502, 503, 504).
    pub fn is_retryable(&self) -> bool {
        self.code == ErrorCode::Network
            || self
                .status
                .is_some_and(crate::http::retry::is_retryable_status)
    }

    /// Removes every occurrence of the given secrets from the message and the server's words,
    /// so that a server echoing a token back cannot leak it through us.
    pub fn redact(mut self, secrets: &[String]) -> Self {
        for secret in secrets.iter().filter(|s| s.len() >= 4) {
            if self.message.contains(secret.as_str()) {
                self.message = self.message.replace(secret.as_str(), "[redacted]");
            }
            if let Some(m) = self.server_message.as_mut() {
                if m.contains(secret.as_str()) {
                    *m = m.replace(secret.as_str(), "[redacted]");
                }
            }
        }
        self
    }
}

impl fmt::Display for JobglassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for JobglassError {}
