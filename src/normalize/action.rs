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

#[cfg(test)]
mod tests {
    use super::*;

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
