//! A server's JSON object read lazily: keys in order, values left as checked JSON text, so a
//! normalizer reads only the fields it uses and passes the others through untouched.

use std::borrow::Cow;

use crate::error::JobglassError;
use crate::json::{self, Json};

/// The members of one JSON object, in the order received.
pub struct Fields<'a> {
    pub fields: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Fields<'a> {
    /// The members of `v`, if it is an object.
    pub fn of(v: Json<'a>) -> Option<Fields<'a>> {
        v.members().map(|fields| Fields { fields })
    }

    /// No members.
    pub fn empty() -> Fields<'a> {
        Fields { fields: Vec::new() }
    }

    /// The value of `key`; a repeated key's last value wins, as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<Json<'a>> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| same(k, key))
            .map(|(_, v)| *v)
    }
}

/// `a == b`, with the lengths compared in line first: most keys differ in length, and
/// comparing bytes is an out-of-line call in a module optimized for size.
#[inline(always)]
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a == b
}

/// Top-level input: a JSON object, or the contract's `INVALID_RESPONSE`.
pub fn object<'a>(input: &'a [u8], what: &str) -> Result<Fields<'a>, JobglassError> {
    let v = document(input, what)?;
    Fields::of(v).ok_or_else(|| wrong_kind(v, "object", what))
}

/// Top-level input: a JSON array, or the contract's `INVALID_RESPONSE`.
pub fn array<'a>(input: &'a [u8], what: &str) -> Result<Vec<Json<'a>>, JobglassError> {
    let v = document(input, what)?;
    v.items().ok_or_else(|| wrong_kind(v, "array", what))
}

fn document<'a>(input: &'a [u8], what: &str) -> Result<Json<'a>, JobglassError> {
    let text = std::str::from_utf8(input).map_err(|e| {
        JobglassError::invalid_response(format!(
            "expected {what} as JSON, got bytes that are not UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    json::parse(text).map_err(|e| {
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
