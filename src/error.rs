//! One error type for every failure, keeping what the server said (docs/api.md §7).

use std::fmt;

/// Declares [`ErrorCode`] from one list: each variant with its JavaScript name, so the enum, its
/// names and the TypeScript union cannot drift apart.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// What went wrong, as `JobglassError.code` names it (docs/api.md §7).
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the reference.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as JavaScript sees it.
            ///
            /// ```
            /// assert_eq!(jobglass::ErrorCode::NotFound.as_str(), "NOT_FOUND");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }
        }

        /// The TypeScript union of every code, for the package's declarations.
        // Read by the wasm layer's `typescript_custom_section`, which rustc does not count as a use.
        #[allow(dead_code)]
        pub(crate) const TYPESCRIPT_UNION: &str = concat!(
            "/** The code of every failure (docs/api.md §7). */\nexport type JobglassErrorCode =",
            $("\n  | \"", $name, "\"",)*
            ";\n"
        );
    };
}

error_codes! {
    /// An argument or option was rejected before any request was sent.
    InvalidArgument = "INVALID_ARGUMENT",
    /// The request could not be sent or its answer could not be read.
    Network = "NETWORK",
    /// An attempt, or a whole watch, ran past its time.
    Timeout = "TIMEOUT",
    /// The caller's `AbortSignal` fired.
    Aborted = "ABORTED",
    /// The job (or project, or server instance) does not exist.
    NotFound = "NOT_FOUND",
    /// HTTP 401: credentials missing or not accepted.
    Unauthorized = "UNAUTHORIZED",
    /// HTTP 403.
    Forbidden = "FORBIDDEN",
    /// Any other HTTP 4xx.
    BadRequest = "BAD_REQUEST",
    /// HTTP 429 after the last retry.
    RateLimited = "RATE_LIMITED",
    /// HTTP 5xx after the last retry.
    ServerError = "SERVER_ERROR",
    /// A non-2xx status outside 4xx and 5xx.
    HttpError = "HTTP_ERROR",
    /// The answer was larger than `maxBodyBytes`.
    TooLarge = "TOO_LARGE",
    /// A 2xx answer, or a parser's input, that is not the expected JSON.
    InvalidResponse = "INVALID_RESPONSE",
    /// The server has no such operation for this job (logs or actions of a DRIVER job, logs on a server without them).
    Unsupported = "UNSUPPORTED",
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
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
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
    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    /// Shorthand for [`ErrorCode::InvalidResponse`].
    pub(crate) fn invalid_response(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidResponse, message)
    }

    /// The same error, tied to the URL it came from.
    pub(crate) fn at(mut self, url: &str, attempts: u32) -> Self {
        self.url = Some(url.to_owned());
        self.attempts = attempts;
        self
    }
}

impl fmt::Display for JobglassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for JobglassError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typescript_union_names_every_code_once() {
        for code in ErrorCode::ALL {
            let quoted = format!("\"{}\"", code.as_str());
            assert_eq!(TYPESCRIPT_UNION.matches(&quoted).count(), 1, "{quoted}");
        }
        assert_eq!(
            TYPESCRIPT_UNION.matches("| \"").count(),
            ErrorCode::ALL.len()
        );
    }
}
