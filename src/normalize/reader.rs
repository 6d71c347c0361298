//! Reading one field at a time with the contract's repairs: a value of the wrong type is
//! described in a warning and kept, as received, in `extra` under its own key.

use serde_json::value::RawValue;
use std::collections::BTreeMap;

use super::raw::{number_of, string_of, Kind, RawObject};
use super::time;
use crate::model::Extra;

/// One object being normalized: its fields, the warnings so far, and what goes to `extra`.
pub struct Reader<'a> {
    pub obj: RawObject<'a>,
    pub warnings: Vec<String>,
    pub extra: Extra,
}

impl<'a> Reader<'a> {
    /// Starts reading `obj`; every field not named in `known` goes to `extra` as received.
    pub fn new(obj: RawObject<'a>, known: &[&str]) -> Self {
        let mut extra = Extra::new();
        for (k, v) in &obj.fields {
            if !known.contains(&k.as_ref()) {
                extra.insert(k.to_string(), (*v).to_owned());
            }
        }
        Reader {
            obj,
            warnings: Vec::new(),
            extra,
        }
    }

    pub fn warn(&mut self, sentence: String) {
        self.warnings.push(sentence);
    }

    /// Records that `key` held something unusable: a warning, and the value kept in `extra`.
    pub fn reject(&mut self, key: &str, v: &RawValue, expected: &str) {
        self.warn(format!(
            "`{key}` was {} instead of {expected}; it was ignored and kept in `extra`",
            Kind::of(v).described()
        ));
        self.extra.insert(key.to_owned(), v.to_owned());
    }

    /// The field's value, unless missing or null.
    pub fn value(&self, key: &str) -> Option<&'a RawValue> {
        self.obj.get(key).filter(|v| Kind::of(v) != Kind::Null)
    }

    /// A text field: `""` → null; a number or boolean becomes its JSON text, with a warning.
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.text_keeping_empty(key).filter(|s| !s.is_empty())
    }

    /// A text field where `""` is kept as received.
    pub fn text_keeping_empty(&mut self, key: &str) -> Option<String> {
        let v = self.value(key)?;
        match Kind::of(v) {
            Kind::String => string_of(v).map(|s| s.into_owned()),
            Kind::Number | Kind::Bool => {
                self.warn(format!(
                    "`{key}` was {} instead of a string; its JSON text was used",
                    Kind::of(v).described()
                ));
                Some(v.get().to_owned())
            }
            _ => {
                self.reject(key, v, "a string");
                None
            }
        }
    }

    /// A timestamp field (CONTRACT §6), in epoch milliseconds.
    pub fn time(&mut self, key: &str) -> Option<i64> {
        let v = self.value(key)?;
        match time::parse_raw(v) {
            Ok(ms) => ms,
            Err(why) => {
                self.warn(format!("`{key}` {why}; it was read as unknown"));
                self.extra.insert(key.to_owned(), v.to_owned());
                None
            }
        }
    }

    /// An integer field: a number, or a decimal string (with a warning).
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let v = self.value(key)?;
        let n = integer_of(v);
        match n {
            Some(_) if Kind::of(v) == Kind::String => self.warn(format!(
                "`{key}` was a string instead of a number; its digits were used"
            )),
            Some(_) => {}
            None => self.reject(key, v, "an integer"),
        }
        n
    }

    /// A map of strings: null → empty; non-string values become their JSON text.
    pub fn string_map(&mut self, key: &str) -> BTreeMap<String, String> {
        let Some(v) = self.value(key) else {
            return BTreeMap::new();
        };
        match string_map_of(v) {
            Some(m) => m,
            None => {
                self.reject(key, v, "an object");
                BTreeMap::new()
            }
        }
    }

    /// A nested object, or a warning and `None` when it is something else.
    pub fn object(&mut self, key: &str) -> Option<RawObject<'a>> {
        let v = self.value(key)?;
        match serde_json::from_str::<RawObject>(v.get()) {
            Ok(o) => Some(o),
            Err(_) => {
                self.reject(key, v, "an object");
                None
            }
        }
    }

    /// A nested array, or a warning and an empty list when it is something else.
    pub fn array(&mut self, key: &str) -> Vec<&'a RawValue> {
        let Some(v) = self.value(key) else {
            return Vec::new();
        };
        match serde_json::from_str::<Vec<&RawValue>>(v.get()) {
            Ok(a) => a,
            Err(_) => {
                self.reject(key, v, "an array");
                Vec::new()
            }
        }
    }
}

/// An integer from a JSON integer or a decimal string of one.
pub fn integer_of(v: &RawValue) -> Option<i64> {
    let n = match Kind::of(v) {
        Kind::String => string_of(v)?.trim().parse::<f64>().ok()?,
        _ => number_of(v)?,
    };
    (n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64)
}

/// A JSON object of strings; other values become their JSON text.
pub fn string_map_of(v: &RawValue) -> Option<BTreeMap<String, String>> {
    let obj = serde_json::from_str::<RawObject>(v.get()).ok()?;
    Some(
        obj.fields
            .into_iter()
            .map(|(k, v)| {
                let text = match Kind::of(v) {
                    Kind::String => string_of(v).map(|s| s.into_owned()).unwrap_or_default(),
                    _ => compact(v.get()),
                };
                (k.into_owned(), text)
            })
            .collect(),
    )
}

/// JSON text without the whitespace between tokens, as `JSON.stringify` writes it.
pub fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn compact_keeps_strings_intact() {
        assert_eq!(compact("[ 1, {\"a b\" : \" x\\\" y \"} ]"), "[1,{\"a b\":\" x\\\" y \"}]");
    }
}
