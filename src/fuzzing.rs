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

/// Reads a body as each of Ray's state API and cluster status answers (docs/api.md §15), and
/// puts what they give through the rules that use them; the count of what was read.
pub fn inside_answers(body: &[u8]) -> usize {
    use crate::normalize::inside as parse;
    let tasks = parse::parse_tasks(body).map(|l| l.rows).unwrap_or_default();
    let actors = parse::parse_actors(body)
        .map(|l| l.rows)
        .unwrap_or_default();
    let listing = parse::parse_log_list(body).unwrap_or_default();
    let cluster = parse::parse_cluster_status(body).unwrap_or_default();
    let job = crate::parse_job(br#"{"type":"SUBMISSION","status":"PENDING","job_id":"01000000"}"#)
        .expect("a fixed job");
    let nodes = crate::client::inside::nodes_to_list(&tasks, &actors);
    let listings = nodes.into_iter().map(|n| (n, listing.clone())).collect();
    let files = crate::client::inside::log_files(&job, &tasks, &actors, &listings);
    let reason = crate::client::inside::pending_reason(&job, &tasks, &cluster);
    let summary = crate::client::inside::job_tasks(crate::normalize::inside::StateList {
        rows: tasks,
        total: 0,
        truncated: false,
    });
    files.len() + reason.map_or(0, |r| r.demands.len()) + summary.summary.len()
}
