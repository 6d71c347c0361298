//! A JSON object read lazily: keys in order, values left as checked JSON text, so a reader
//! looks at only the fields it uses and passes the others through untouched.

use std::borrow::Cow;

use super::Json;

/// The members of one JSON object, in the order received.
pub(crate) struct Object<'a> {
    pub members: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Object<'a> {
    /// The members of `v`, if it is an object.
    pub fn of(v: Json<'a>) -> Option<Object<'a>> {
        v.members().map(|members| Object { members })
    }

    /// No members.
    pub fn empty() -> Object<'a> {
        Object {
            members: Vec::new(),
        }
    }

    /// The value of `key`; a repeated key's last value wins, as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<Json<'a>> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| key_eq(k, key))
            .map(|(_, v)| *v)
    }
}

/// `a == b`, with the lengths and first bytes compared in line first: most keys differ in one
/// of them, and comparing bytes is an out-of-line call in a module optimized for size.
#[inline(always)]
pub(crate) fn key_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}
