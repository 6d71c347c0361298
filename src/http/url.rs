//! Endpoint and id rules (CONTRACT §3) and the request URLs built from them.

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
        let rest =
            strip_scheme(url).ok_or_else(|| bad("is not an absolute http: or https: URL"))?;
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(bad("has no host"));
        }
        if authority.contains('@') {
            // Not echoed: the endpoint holds a password.
            return Err(JobglassError::invalid_argument(
                "the endpoint carries credentials (user:password@host); pass them in headers instead",
            ));
        }
        Ok(Endpoint {
            base: url.trim_end_matches('/').to_owned(),
        })
    }

    /// `{endpoint}/api/jobs/{id}`.
    pub fn job(&self, submission_id: &str) -> Result<String, JobglassError> {
        check_id("submissionId", submission_id, 512)?;
        Ok(format!("{}/api/jobs/{}", self.base, segment(submission_id)))
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

fn strip_scheme(url: &str) -> Option<&str> {
    ["http://", "https://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    })
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

/// Percent-encodes `s` as one path segment: everything but RFC 3986 unreserved characters.
pub fn segment(s: &str) -> String {
    encode(s, b"-._~")
}

/// Percent-encodes the UTF-8 of `s`, leaving ASCII alphanumerics and `safe` as they are.
pub fn encode(s: &str, safe: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || safe.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes; anything malformed is kept as it is.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
            ("HTTPS://h/proxy/oyr//", "HTTPS://h/proxy/oyr/api/jobs/a"),
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

    #[test]
    fn decode_is_the_inverse_of_encode() {
        for s in ["a b/c", "j%C3%B6b", "100%", "ü~"] {
            assert_eq!(decode(&encode(s, b"")), s);
        }
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
