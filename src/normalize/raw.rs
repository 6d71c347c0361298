//! A JSON object read lazily: keys in order, values left as unparsed JSON text, so a
//! normalizer parses only the fields it uses and passes the others through untouched.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

use crate::error::JobglassError;

/// A string borrowed from the input when it has no escapes.
pub struct Text<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The fields of one JSON object, in the order received.
pub struct RawObject<'a> {
    pub fields: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> RawObject<'a> {
    /// The value of `key`; a repeated key's last value wins, as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }
}

impl<'de> Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(Text(k)) = map.next_key()? {
                    fields.push((k, map.next_value()?));
                }
                Ok(RawObject { fields })
            }
        }
        d.deserialize_map(V)
    }
}

/// The JSON kind of a raw value, read from its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub fn of(v: &RawValue) -> Kind {
        match v.get().as_bytes().first() {
            Some(b'n') => Kind::Null,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'"') => Kind::String,
            Some(b'[') => Kind::Array,
            Some(b'{') => Kind::Object,
            _ => Kind::Number,
        }
    }

    /// How a warning names the kind ("a number").
    pub fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// The string inside a raw JSON string value.
pub fn string_of(v: &RawValue) -> Option<Cow<'_, str>> {
    serde_json::from_str::<Text>(v.get()).ok().map(|t| t.0)
}

/// A raw JSON number (or a decimal string) as a float, when it is one.
pub fn number_of(v: &RawValue) -> Option<f64> {
    match Kind::of(v) {
        Kind::Number => serde_json::from_str::<f64>(v.get()).ok(),
        _ => None,
    }
}

/// Top-level input: a JSON object, or the contract's `INVALID_RESPONSE`.
pub fn object<'a>(input: &'a [u8], what: &str) -> Result<RawObject<'a>, JobglassError> {
    match serde_json::from_slice::<RawObject>(input) {
        Ok(o) => Ok(o),
        Err(_) => Err(not_expected(input, "object", what)),
    }
}

/// Top-level input: a JSON array, or the contract's `INVALID_RESPONSE`.
pub fn array<'a>(input: &'a [u8], what: &str) -> Result<Vec<&'a RawValue>, JobglassError> {
    match serde_json::from_slice::<Vec<&RawValue>>(input) {
        Ok(a) => Ok(a),
        Err(_) => Err(not_expected(input, "array", what)),
    }
}

fn not_expected(input: &[u8], noun: &str, what: &str) -> JobglassError {
    let message = match serde_json::from_slice::<&RawValue>(input) {
        Ok(v) => format!(
            "expected {what} as a JSON {noun}, got {}",
            Kind::of(v).described()
        ),
        Err(_) if input.iter().all(u8::is_ascii_whitespace) => {
            format!("expected {what} as JSON, got an empty body")
        }
        Err(e) => format!("expected {what} as JSON, got text that is not JSON ({e})"),
    };
    JobglassError::invalid_response(message)
}
