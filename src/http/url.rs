//! Endpoint and id rules (docs/api.md §3) and the request URLs built from them.

use crate::base::percent::segment;
use crate::base::url;
use crate::error::JobglassError;

/// A validated endpoint: `scheme://authority[/prefix]`, without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
}

impl Endpoint {
    /// Validates an endpoint. `origin` is `globalThis.location.origin` where it exists; a path
    /// starting with `/` is resolved against it (a page calling its own same-origin proxy).
    pub fn parse(input: &str, origin: Option<&str>) -> Result<Endpoint, JobglassError> {
        let bad =
            |why: &str| JobglassError::invalid_argument(format!("endpoint \"{input}\" {why}"));
        if input.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad("contains spaces or control characters"));
        }
        if input.contains('?') || input.contains('#') {
            return Err(bad("has a query or fragment; give the base URL only"));
        }
        let absolute;
        let url = if input.starts_with('/') && !input.starts_with("//") {
            match origin {
                Some(o) => {
                    absolute = format!("{}{input}", o.trim_end_matches('/'));
                    absolute.as_str()
                }
                None => return Err(bad("is a path, and there is no page location to resolve it against; give an absolute http(s) URL")),
            }
        } else {
            input
        };
        let parts = url::split(url).ok_or_else(|| bad("is not an absolute http: or https: URL"))?;
        let authority = parts.authority;
        if authority.is_empty() {
            return Err(bad("has no host"));
        }
        if authority.contains('@') {
            // Not echoed: the endpoint holds a password.
            return Err(JobglassError::invalid_argument(
                "the endpoint carries credentials (user:password@host); pass them in headers instead",
            ));
        }
        // The scheme in lower case, as `fetch` sends it and as the WebSocket URL is derived.
        let rest = &url[parts.scheme.len()..];
        Ok(Endpoint {
            base: format!(
                "{}{}",
                parts.scheme.to_ascii_lowercase(),
                rest.trim_end_matches('/')
            ),
        })
    }

    /// The base URL, without a trailing slash, for the routes of other modules (`state`).
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// `{endpoint}/api/jobs/{id}`.
    pub fn job(&self, submission_id: &str) -> Result<String, JobglassError> {
        check_id("submissionId", submission_id, 512)?;
        Ok(format!("{}/api/jobs/{}", self.base, segment(submission_id)))
    }

    /// `{endpoint}/api/jobs/{id}/logs`.
    pub fn job_logs(&self, submission_id: &str) -> Result<String, JobglassError> {
        Ok(format!("{}/logs", self.job(submission_id)?))
    }

    /// `ws(s)://…/api/jobs/{id}/logs/tail`: Ray's log tail, a WebSocket on the same host.
    pub fn job_log_tail(&self, submission_id: &str) -> Result<String, JobglassError> {
        // `parse` keeps the scheme as `http` or `https`, in lower case.
        Ok(format!("ws{}/logs/tail", &self.job(submission_id)?[4..]))
    }

    /// `{endpoint}/api/jobs/{id}/stop`.
    pub fn job_stop(&self, submission_id: &str) -> Result<String, JobglassError> {
        Ok(format!("{}/stop", self.job(submission_id)?))
    }

    /// The job list URLs to try in turn: Ray serves only `/api/jobs/`; openYuanrong `/api/jobs`.
    pub fn job_list(&self) -> [String; 2] {
        [
            format!("{}/api/jobs/", self.base),
            format!("{}/api/jobs", self.base),
        ]
    }

    /// `{endpoint}/v1/{project}/dev-servers/jobs/{id}`.
    pub fn dev_server_job(&self, project_id: &str, job_id: &str) -> Result<String, JobglassError> {
        check_project(project_id)?;
        check_id("jobId", job_id, 64)?;
        Ok(format!(
            "{}/v1/{project_id}/dev-servers/jobs/{}",
            self.base,
            segment(job_id)
        ))
    }

    /// `{endpoint}/v1/{project}/dev-servers/jobs?{filter}`.
    pub fn dev_server_jobs(
        &self,
        project_id: &str,
        filter: &[(&str, String)],
    ) -> Result<String, JobglassError> {
        check_project(project_id)?;
        let mut url = format!("{}/v1/{project_id}/dev-servers/jobs", self.base);
        for (i, (key, value)) in filter.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(key);
            url.push('=');
            url.push_str(&segment(value));
        }
        Ok(url)
    }
}

fn check_id(name: &str, id: &str, max: usize) -> Result<(), JobglassError> {
    let len = id.chars().count();
    if len == 0 || len > max {
        return Err(JobglassError::invalid_argument(format!(
            "{name} must be 1 to {max} characters long, got {len}"
        )));
    }
    // URL parsers collapse `.` and `..` (even encoded) as dot-segments: no URL can carry them.
    if id == "." || id == ".." {
        return Err(JobglassError::invalid_argument(format!(
            "{name} \"{id}\" cannot be sent: URLs treat it as a relative path"
        )));
    }
    Ok(())
}

fn check_project(project_id: &str) -> Result<(), JobglassError> {
    let valid = (1..=64).contains(&project_id.len())
        && project_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(JobglassError::invalid_argument(format!(
            "projectId \"{project_id}\" must be 1 to 64 letters, digits or hyphens"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(s: &str) -> Result<Endpoint, JobglassError> {
        Endpoint::parse(s, None)
    }

    #[test]
    fn endpoints_with_and_without_slash_or_prefix() {
        for (input, url) in [
            ("http://h:8888", "http://h:8888/api/jobs/a"),
            ("http://h:8888/", "http://h:8888/api/jobs/a"),
            ("https://h/proxy/oyr", "https://h/proxy/oyr/api/jobs/a"),
            ("HTTPS://h/proxy/oyr//", "https://h/proxy/oyr/api/jobs/a"),
        ] {
            assert_eq!(ep(input).unwrap().job("a").unwrap(), url);
        }
    }

    #[test]
    fn bad_endpoints_are_invalid_arguments() {
        for bad in [
            "",
            "h:8888",
            "ftp://h",
            "http://",
            "http:///x",
            "http://h/?a=1",
            "http://h/#x",
            "http://user:pw@h",
            "http://h /x",
            "/proxy/job",
            "//h/x",
        ] {
            let e = ep(bad).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidArgument, "{bad}");
        }
        assert!(!ep("http://user:pw@h").unwrap_err().message.contains("pw@"));
    }

    #[test]
    fn paths_resolve_against_the_page_origin() {
        let e = Endpoint::parse("/proxy/job/", Some("http://127.0.0.1:8080")).unwrap();
        assert_eq!(
            e.job("x").unwrap(),
            "http://127.0.0.1:8080/proxy/job/api/jobs/x"
        );
    }

    #[test]
    fn ids_are_one_encoded_segment() {
        let e = ep("http://h").unwrap();
        assert_eq!(e.job("../x").unwrap(), "http://h/api/jobs/..%2Fx");
        assert_eq!(
            e.job("a b?c#d%2E").unwrap(),
            "http://h/api/jobs/a%20b%3Fc%23d%252E"
        );
        assert_eq!(e.job("jöb").unwrap(), "http://h/api/jobs/j%C3%B6b");
        assert_eq!(e.job("...").unwrap(), "http://h/api/jobs/...");
    }

    #[test]
    fn action_urls() {
        let e = ep("HTTPS://h/p").unwrap();
        assert_eq!(
            e.job_stop("a/b").unwrap(),
            "https://h/p/api/jobs/a%2Fb/stop"
        );
        assert!(e.job_stop("..").is_err());
        assert_eq!(e.job_logs("a").unwrap(), "https://h/p/api/jobs/a/logs");
        assert_eq!(
            e.job_log_tail("a b").unwrap(),
            "wss://h/p/api/jobs/a%20b/logs/tail"
        );
        let plain = ep("http://h:1").unwrap();
        assert_eq!(
            plain.job_log_tail("a").unwrap(),
            "ws://h:1/api/jobs/a/logs/tail"
        );
    }

    #[test]
    fn id_rules() {
        let e = ep("http://h").unwrap();
        for bad in ["", ".", ".."] {
            assert!(e.job(bad).is_err(), "{bad:?}");
        }
        assert!(e.job(&"x".repeat(512)).is_ok());
        assert!(e.job(&"x".repeat(513)).is_err());
        assert!(e.dev_server_job("p", &"x".repeat(64)).is_ok());
        assert!(e.dev_server_job("p", &"x".repeat(65)).is_err());
        for bad in ["", "a_b", "a/b", &"p".repeat(65)] {
            assert!(e.dev_server_job(bad, "j").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn list_urls_and_filters() {
        let e = ep("http://h/x/").unwrap();
        assert_eq!(
            e.job_list(),
            ["http://h/x/api/jobs/", "http://h/x/api/jobs"]
        );
        assert_eq!(
            e.dev_server_jobs("p-1", &[("name", "a b".into()), ("visible", "true".into())])
                .unwrap(),
            "http://h/x/v1/p-1/dev-servers/jobs?name=a%20b&visible=true"
        );
    }
}
