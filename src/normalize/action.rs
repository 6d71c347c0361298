//! The answer to stop and delete (docs/api.md §10): Ray's `{"stopped": true}` /
//! `{"deleted": false}`, or openYuanrong's bare `true` / `false`.

use super::document;
use crate::error::JobglassError;
use crate::json::{Kind, Object};

/// Whether the server did it: a bare boolean, or the boolean under `key`.
pub(crate) fn parse_action(input: &[u8], key: &str) -> Result<bool, JobglassError> {
    let what = "the answer to an action";
    let v = document::top_value(input, what)?;
    let answer = match v.kind() {
        Kind::Bool => v.as_bool(),
        Kind::Object => Object::of(v)
            .and_then(|o| o.get(key))
            .and_then(|b| b.as_bool()),
        _ => None,
    };
    answer.ok_or_else(|| {
        JobglassError::invalid_response(format!(
            "expected {what} as true, false or {{\"{key}\": true|false}}, got {}",
            v.kind().described()
        ))
    })
}

/// Whether a failed delete is the server declining to delete a job that has not ended: Ray
/// answers HTTP 500 with its job manager's traceback instead of `{"deleted": false}`.
pub(crate) fn delete_declined(e: &JobglassError) -> bool {
    e.status == Some(500)
        && e.server_message
            .as_deref()
            .is_some_and(|m| m.contains("non-terminal state"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ray_refusing_to_delete_a_running_job_is_a_decline() {
        let mut e = JobglassError::new(crate::ErrorCode::ServerError, "x");
        e.status = Some(500);
        e.server_message = Some(
            "RuntimeError: Attempted to delete job 'a', but it is in a non-terminal state RUNNING."
                .into(),
        );
        assert!(delete_declined(&e));
        e.server_message = Some("Internal Server Error".into());
        assert!(!delete_declined(&e));
    }

    #[test]
    fn both_shapes() {
        assert_eq!(parse_action(b"true", "stopped"), Ok(true));
        assert_eq!(parse_action(b" false\n", "deleted"), Ok(false));
        assert_eq!(parse_action(br#"{"stopped": true}"#, "stopped"), Ok(true));
        assert_eq!(
            parse_action(br#"{"deleted":false,"x":1}"#, "deleted"),
            Ok(false)
        );
        for bad in [
            &b"{}"[..],
            b"{\"stopped\":1}",
            b"\"true\"",
            b"null",
            b"",
            b"tru",
        ] {
            let e = parse_action(bad, "stopped").unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidResponse, "{bad:?}");
        }
    }
}
