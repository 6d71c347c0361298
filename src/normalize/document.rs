//! A whole server answer as a parser receives it: UTF-8 JSON whose top level must be an object
//! (an array for the list parsers), or the `INVALID_RESPONSE` of docs/api.md §7.

use crate::error::JobglassError;
use std::borrow::Cow;

use crate::json::{self, Json, Kind, Object};

/// Top-level input: a JSON object, or `INVALID_RESPONSE`.
pub(crate) fn top_object<'a>(input: &'a [u8], what: &str) -> Result<Object<'a>, JobglassError> {
    let (v, members) = top_entries(input, what)?;
    match v.kind() {
        Kind::Object => Ok(Object { members }),
        _ => Err(wrong_kind(v, "object", what)),
    }
}

/// Top-level input: a JSON array, or `INVALID_RESPONSE`.
pub(crate) fn top_array<'a>(input: &'a [u8], what: &str) -> Result<Vec<Json<'a>>, JobglassError> {
    let (v, items) = top_entries(input, what)?;
    match v.kind() {
        Kind::Array => Ok(items.into_iter().map(|(_, item)| item).collect()),
        _ => Err(wrong_kind(v, "array", what)),
    }
}

/// Top-level input: any JSON value, or `INVALID_RESPONSE`.
pub(crate) fn top_value<'a>(input: &'a [u8], what: &str) -> Result<Json<'a>, JobglassError> {
    top_entries(input, what).map(|(v, _)| v)
}

/// The top-level value and its members or items, found in the one pass that checks the text.
#[allow(clippy::type_complexity)]
fn top_entries<'a>(
    input: &'a [u8],
    what: &str,
) -> Result<(Json<'a>, Vec<(Cow<'a, str>, Json<'a>)>), JobglassError> {
    let text = std::str::from_utf8(input).map_err(|e| {
        JobglassError::invalid_response(format!(
            "expected {what} as JSON, got bytes that are not UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    json::parse_top(text).map_err(|e| {
        JobglassError::invalid_response(if text.trim().is_empty() {
            format!("expected {what} as JSON, got an empty body")
        } else {
            format!(
                "expected {what} as JSON, got text that is not JSON ({} at byte {})",
                e.what, e.at
            )
        })
    })
}

fn wrong_kind(v: Json, noun: &str, what: &str) -> JobglassError {
    JobglassError::invalid_response(format!(
        "expected {what} as a JSON {noun}, got {}",
        v.kind().described()
    ))
}
