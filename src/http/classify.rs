//! An HTTP answer that is not a success → [`JobglassError`] (docs/api.md §7).
//!
//! Each server words its errors differently: openYuanrong sends a JSON *string*, Ray plain
//! text, ModelArts `{error_code, error_msg}`, and a missing ModelArts job comes back as HTTP 400.

use crate::error::{ErrorCode, JobglassError};
use crate::json::{self, Json, Object};

fn string_value(v: Json) -> Option<String> {
    v.as_str().map(|s| s.into_owned())
}

/// The longest server message kept, in bytes.
pub const MAX_SERVER_MESSAGE: usize = 2048;

/// What arrived: enough of an answer to classify it.
pub struct Answer<'a> {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<&'a str>,
    /// `X-Request-Id`, if any.
    pub request_id: Option<&'a str>,
    /// The body (possibly cut short).
    pub body: &'a [u8],
}

/// The error for a non-2xx answer to a request for `url`.
pub fn classify(answer: &Answer, url: &str, attempts: u32) -> JobglassError {
    let said = ServerSaid::read(answer.body, answer.content_type);
    let status = answer.status;
    let code = code_for(status, said.code.as_deref(), said.message.as_deref());
    let what = match code {
        ErrorCode::NotFound => "not found",
        ErrorCode::Unauthorized => "not authorized (credentials missing or not accepted)",
        ErrorCode::Forbidden => "forbidden",
        ErrorCode::RateLimited => "rate limited",
        ErrorCode::ServerError => "a server error",
        ErrorCode::BadRequest => "a rejected request",
        ErrorCode::Unsupported => "not supported for this job",
        _ => "an unexpected answer",
    };
    let mut message = format!("{what}: HTTP {status} from {url}");
    if let Some(c) = &said.code {
        message.push_str(&format!(" ({c})"));
    }
    if let Some(m) = &said.message {
        message.push_str(": ");
        message.push_str(m);
        if status == 405 && m.contains("browser traffic") {
            message.push_str(
                ". Ray refuses this method from anything that looks like a browser: an Origin, \
                 Referer or Sec-Fetch-* header, or a Mozilla user agent (Node's own fetch sends \
                 Sec-Fetch-Mode; jobglass's Node entry, without options.fetch, sends none). \
                 Send it through a server that drops those headers, such as jobglass's demo \
                 proxy or edge worker (docs/api.md §10).",
            );
        }
    }
    JobglassError {
        code,
        message,
        status: Some(status),
        server_code: said.code,
        server_message: said.message,
        request_id: answer
            .request_id
            .map(str::to_owned)
            .filter(|s| !s.is_empty())
            .or(said.request_id),
        url: Some(url.to_owned()),
        attempts,
    }
}

fn code_for(status: u16, server_code: Option<&str>, message: Option<&str>) -> ErrorCode {
    match status {
        404 => ErrorCode::NotFound,
        400 if matches!(server_code, Some("ModelArts.6404" | "ModelArts.6309")) => {
            ErrorCode::NotFound
        }
        // The openYuanrong dashboard relays its frontend's 404 as a 400.
        400 if message.is_some_and(says_not_found) => ErrorCode::NotFound,
        // Ray: "Can only get logs of / stop / delete submission type jobs" for a DRIVER job.
        400 if message.is_some_and(|m| m.contains("submission type jobs")) => {
            ErrorCode::Unsupported
        }
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        429 => ErrorCode::RateLimited,
        400..=499 => ErrorCode::BadRequest,
        500..=599 => ErrorCode::ServerError,
        _ => ErrorCode::HttpError,
    }
}

fn says_not_found(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("not found app") || m.contains("does not exist") || m.contains("not exist")
}

/// The server's code, words and request id, from whichever shape its body has.
#[derive(Default)]
struct ServerSaid {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ServerSaid {
    fn read(body: &[u8], content_type: Option<&str>) -> ServerSaid {
        // A body that is not UTF-8 says nothing a person could read.
        let text = match std::str::from_utf8(body) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default(),
        }
        .trim();
        if text.is_empty() {
            return ServerSaid::default();
        }
        if let Ok(v) = json::parse(text) {
            if let Some(s) = string_value(v) {
                return ServerSaid {
                    message: shorten(&s),
                    ..ServerSaid::default()
                };
            }
            if let Some(obj) = Object::of(v) {
                // ModelArts sometimes sends numeric codes; they are kept as their digits.
                let pick = |keys: &[&str]| {
                    keys.iter().find_map(|k| {
                        obj.get(k).and_then(|v| {
                            string_value(v).or_else(|| {
                                v.text()
                                    .starts_with(|c: char| c.is_ascii_digit())
                                    .then(|| v.text().to_owned())
                            })
                        })
                    })
                };
                return ServerSaid {
                    code: pick(&["error_code", "errorCode", "code"]).filter(|c| !c.is_empty()),
                    message: pick(&["error_msg", "errorMsg", "message", "error", "detail"])
                        .and_then(|m: String| shorten(&m)),
                    request_id: pick(&["request_id", "requestId"]).filter(|r| !r.is_empty()),
                };
            }
        }
        let html = content_type.is_some_and(|c| c.contains("html")) || text.starts_with('<');
        ServerSaid {
            message: if html {
                html_title(text)
            } else {
                shorten(text)
            },
            ..ServerSaid::default()
        }
    }
}

/// An HTML error page's `<title>`, which is all of it a person needs.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    shorten(html.get(start..end)?.trim())
}

/// At most [`MAX_SERVER_MESSAGE`] bytes, cut on a character boundary.
fn shorten(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.len() <= MAX_SERVER_MESSAGE {
        return Some(s.to_owned());
    }
    let mut end = MAX_SERVER_MESSAGE - '…'.len_utf8();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Some(format!("{}…", &s[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> JobglassError {
        classify(
            &Answer {
                status,
                content_type: None,
                request_id: None,
                body: body.as_bytes(),
            },
            "http://h/api/jobs/x",
            1,
        )
    }

    #[test]
    fn openyuanrong_not_found_is_a_json_string() {
        let e = answer(
            404,
            r#""not found app, submissionId: x, err: failed to get appjobInfo, submissionID: x""#,
        );
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(
            e.server_message.as_deref(),
            Some("not found app, submissionId: x, err: failed to get appjobInfo, submissionID: x")
        );
    }

    #[test]
    fn dashboard_relays_not_found_as_400() {
        let e = answer(
            400,
            r#""request to fronted failed, err: not found app, submissionId: x""#,
        );
        assert_eq!(e.code, ErrorCode::NotFound);
        let e = answer(
            400,
            r#""request to fronted failed, err: dial tcp 127.0.0.1:8888: connect: connection refused""#,
        );
        assert_eq!(e.code, ErrorCode::BadRequest);
    }

    #[test]
    fn ray_not_found_is_text() {
        let e = answer(404, "Job x does not exist");
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(e.server_message.as_deref(), Some("Job x does not exist"));
        assert_eq!(e.status, Some(404));
    }

    #[test]
    fn ray_refuses_driver_jobs_as_unsupported() {
        for body in [
            "Can only get logs of submission type jobs",
            "Can only stop submission type jobs",
            "Can only delete submission type jobs",
        ] {
            assert_eq!(answer(400, body).code, ErrorCode::Unsupported, "{body}");
        }
    }

    #[test]
    fn ray_refusing_a_browser_says_why() {
        let e = answer(405, "'POST' method not allowed for browser traffic.");
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(e.message.contains("Sec-Fetch-Mode") && e.message.contains("drops those headers"));
    }

    #[test]
    fn modelarts_codes() {
        let e = answer(
            400,
            r#"{"error_code":"ModelArts.6404","error_msg":"DevServer job not found","request_id":"abc"}"#,
        );
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(e.server_code.as_deref(), Some("ModelArts.6404"));
        assert_eq!(e.request_id.as_deref(), Some("abc"));
        assert_eq!(
            answer(
                400,
                r#"{"error_code":"ModelArts.6309","error_msg":"The instance does not exist"}"#
            )
            .code,
            ErrorCode::NotFound
        );
        let e = answer(
            401,
            r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information"}"#,
        );
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert_eq!(
            e.server_message.as_deref(),
            Some("Incorrect IAM authentication information")
        );
        assert_eq!(
            answer(400, r#"{"errorCode":"ModelArts.0101","errorMsg":"bad"}"#)
                .server_code
                .as_deref(),
            Some("ModelArts.0101")
        );
        assert_eq!(
            answer(400, r#"{"code":"X.1","message":"m"}"#).code,
            ErrorCode::BadRequest
        );
    }

    #[test]
    fn header_request_id_wins() {
        let e = classify(
            &Answer {
                status: 500,
                content_type: None,
                request_id: Some("hdr"),
                body: br#"{"request_id":"body"}"#,
            },
            "u",
            2,
        );
        assert_eq!(e.request_id.as_deref(), Some("hdr"));
        assert_eq!(e.attempts, 2);
    }

    #[test]
    fn statuses_map_to_codes() {
        for (status, code) in [
            (401, ErrorCode::Unauthorized),
            (403, ErrorCode::Forbidden),
            (405, ErrorCode::BadRequest),
            (429, ErrorCode::RateLimited),
            (500, ErrorCode::ServerError),
            (503, ErrorCode::ServerError),
            (304, ErrorCode::HttpError),
            (600, ErrorCode::HttpError),
        ] {
            assert_eq!(answer(status, "").code, code, "{status}");
        }
    }

    #[test]
    fn html_pages_give_their_title() {
        let e = answer(
            500,
            "<html><head><TITLE>502 Bad Gateway</TITLE></head><body>…</body></html>",
        );
        assert_eq!(e.server_message.as_deref(), Some("502 Bad Gateway"));
        assert_eq!(
            answer(500, "<html><body>x</body></html>").server_message,
            None
        );
    }

    #[test]
    fn long_messages_are_cut_to_2_kib() {
        let e = answer(500, &"é".repeat(5000));
        let m = e.server_message.unwrap();
        assert!(m.len() <= MAX_SERVER_MESSAGE && m.ends_with('…'));
    }
}
