//! Reading one field at a time with the contract's repairs: a value of the wrong type is
//! described in a warning and kept, as received, in `extra` under its own key.

use super::time;
use crate::json::{key_eq, Object};
use crate::json::{Json, Kind};
use crate::model::{Extra, Map};

/// The most fields a reader's `known` list may name.
const MAX_KNOWN: usize = 16;

/// One object being normalized: its fields, the warnings so far, and what goes to `extra`.
pub struct Reader<'a> {
    pub obj: Object<'a>,
    pub warnings: Vec<String>,
    pub extra: Extra,
    /// The fields named in `known`, by position there (the last value of a repeated key), found
    /// in the one walk that fills `extra`: a field is then read without searching the members.
    known: &'static [&'static str],
    found: [Option<Json<'a>>; MAX_KNOWN],
}

impl<'a> Reader<'a> {
    /// Starts reading `obj`; every field not named in `known` goes to `extra` as received.
    pub fn new(obj: Object<'a>, known: &'static [&'static str]) -> Self {
        debug_assert!(known.len() <= MAX_KNOWN);
        let mut extra = Extra::new();
        let mut found = [None; MAX_KNOWN];
        for (k, v) in &obj.members {
            match known.iter().position(|name| key_eq(name, k)) {
                Some(i) => found[i] = Some(*v),
                None => extra.keep(k.as_ref(), *v),
            }
        }
        Reader {
            obj,
            warnings: Vec::new(),
            extra,
            known,
            found,
        }
    }

    pub fn warn(&mut self, sentence: String) {
        self.warnings.push(sentence);
    }

    /// Records that `key` held something unusable: a warning, and the value kept in `extra`.
    pub fn reject(&mut self, key: &str, v: Json, expected: &str) {
        self.warn(format!(
            "`{key}` was {} instead of {expected}; it was ignored and kept in `extra`",
            v.kind().described()
        ));
        self.extra.keep(key, v);
    }

    /// The field's value, unless missing or null.
    pub fn value(&self, key: &str) -> Option<Json<'a>> {
        let v = match self.known.iter().position(|name| key_eq(name, key)) {
            Some(i) => self.found.get(i).copied().flatten(),
            None => self.obj.get(key),
        };
        v.filter(|v| v.kind() != Kind::Null)
    }

    /// A text field: `""` → null; a number or boolean becomes its JSON text, with a warning.
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.text_keeping_empty(key).filter(|s| !s.is_empty())
    }

    /// A text field where `""` is kept as received.
    pub fn text_keeping_empty(&mut self, key: &str) -> Option<String> {
        let v = self.value(key)?;
        match v.kind() {
            Kind::String => v.as_str().map(|s| s.into_owned()),
            Kind::Number | Kind::Bool => {
                self.warn(format!(
                    "`{key}` was {} instead of a string; its JSON text was used",
                    v.kind().described()
                ));
                Some(v.text().to_owned())
            }
            _ => {
                self.reject(key, v, "a string");
                None
            }
        }
    }

    /// A timestamp field (docs/api.md §6), in epoch milliseconds.
    pub fn time(&mut self, key: &str) -> Option<i64> {
        let v = self.value(key)?;
        match time::parse_raw(v) {
            Ok(ms) => ms,
            Err(why) => {
                self.warn(format!("`{key}` {why}; it was read as unknown"));
                self.extra.keep(key, v);
                None
            }
        }
    }

    /// An integer field: a number, or a decimal string (with a warning).
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let v = self.value(key)?;
        let n = integer_of(v);
        match n {
            Some(_) if v.kind() == Kind::String => self.warn(format!(
                "`{key}` was a string instead of a number; its digits were used"
            )),
            Some(_) => {}
            None => self.reject(key, v, "an integer"),
        }
        n
    }

    /// A map of strings: null → empty; non-string values become their JSON text.
    pub fn string_map(&mut self, key: &str) -> Map {
        let Some(v) = self.value(key) else {
            return Map::new();
        };
        match string_map_of(v) {
            Some(m) => m,
            None => {
                self.reject(key, v, "an object");
                Map::new()
            }
        }
    }

    /// A nested object, or a warning and `None` when it is something else.
    pub fn object(&mut self, key: &str) -> Option<Object<'a>> {
        let v = self.value(key)?;
        let fields = Object::of(v);
        if fields.is_none() {
            self.reject(key, v, "an object");
        }
        fields
    }

    /// A nested array, or a warning and an empty list when it is something else.
    pub fn array(&mut self, key: &str) -> Vec<Json<'a>> {
        let Some(v) = self.value(key) else {
            return Vec::new();
        };
        v.items().unwrap_or_else(|| {
            self.reject(key, v, "an array");
            Vec::new()
        })
    }
}

/// Normalizes each entry of a list. An entry that is not an object still yields a result, so
/// indexes keep their meaning: its only warning says so, and `extra.item` holds the entry.
pub fn list_entries<'a, T>(
    entries: Vec<Json<'a>>,
    from: impl Fn(Object<'a>) -> T,
    repairs: impl Fn(&mut T) -> (&mut Vec<String>, &mut Extra),
) -> Vec<T> {
    let mut out = Vec::with_capacity(entries.len());
    for (index, v) in entries.into_iter().enumerate() {
        out.push(match Object::of(v) {
            Some(fields) => from(fields),
            None => {
                let mut t = from(Object::empty());
                let (warnings, extra) = repairs(&mut t);
                *warnings = vec![format!(
                    "item {index} of the list was {} instead of a job object; it is kept in `extra.item`",
                    v.kind().described()
                )];
                extra.keep("item", v);
                t
            }
        });
    }
    out
}

/// An integer from a JSON integer or a decimal string of one.
pub fn integer_of(v: Json) -> Option<i64> {
    let n = match v.kind() {
        Kind::String => crate::base::digits::parse_decimal(v.as_str()?.trim())?,
        _ => v.as_f64()?,
    };
    (n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64)
}

/// A JSON object of strings; other values become their JSON text.
pub fn string_map_of(v: Json) -> Option<Map> {
    let obj = Object::of(v)?;
    Some(
        obj.members
            .into_iter()
            .map(|(k, v)| {
                let text = match v.kind() {
                    Kind::String => v.as_str().map(|s| s.into_owned()).unwrap_or_default(),
                    _ => crate::json::compact(v.text()),
                };
                (k.into_owned(), text)
            })
            .collect(),
    )
}
