//! Entry points for the fuzz targets in `fuzz/`, which need a few internal functions; not part
//! of the supported API.

/// Reads a `Retry-After` header value, as the retry rules do.
pub fn retry_after(value: &str, now_ms: f64) -> Option<std::time::Duration> {
    crate::http::retry::retry_after(value, now_ms)
}

/// Classifies a non-2xx answer with the given headers and body, as the client does.
pub fn classify(
    status: u16,
    content_type: Option<&str>,
    request_id: Option<&str>,
    body: &[u8],
) -> crate::JobglassError {
    let answer = crate::http::classify::Answer {
        status,
        content_type,
        request_id,
        body,
    };
    crate::http::classify::classify(&answer, "http://h/", 1)
}

/// Validates an endpoint and builds a job URL from it.
pub fn job_url(endpoint: &str, id: &str) -> Option<String> {
    crate::http::url::Endpoint::parse(endpoint, Some("http://h"))
        .ok()?
        .job(id)
        .ok()
}

/// Reads openYuanrong's pip command into requirement specs.
pub fn pip_requirements(line: &str) -> Vec<String> {
    crate::normalize::fuzzing::pip_requirements(line)
}

/// Reads a timestamp given as text.
pub fn timestamp_text(s: &str) -> Option<i64> {
    crate::normalize::fuzzing::timestamp_text(s)
}

/// Reads a timestamp given as a count in an unknown unit.
pub fn timestamp_count(n: f64) -> Option<i64> {
    crate::normalize::fuzzing::timestamp_count(n)
}

/// Whether `text` is one JSON value, as the package's results must be.
pub fn is_json(text: &str) -> bool {
    crate::json::parse(text).is_ok()
}
