//! A [`JobglassError`] becomes a real JavaScript `Error` named `JobglassError`, with the
//! properties of docs/api.md §7 and a brand that `isJobglassError` checks. Exports return
//! `Result<_, JobglassError>` and the conversion happens at the boundary.

use js_sys::{Object, Reflect, Symbol};
use wasm_bindgen::prelude::*;

use crate::error::JobglassError;

/// The brand: `Symbol.for` makes it the same in every copy of the package in one realm.
fn brand() -> Symbol {
    Symbol::for_("jobglass.JobglassError")
}

fn opt_str(v: Option<String>) -> JsValue {
    v.map_or(JsValue::NULL, |s| JsValue::from_str(&s))
}

impl From<JobglassError> for JsValue {
    fn from(e: JobglassError) -> JsValue {
        to_error(e)
    }
}

/// The JavaScript `Error` for `e`.
fn to_error(e: JobglassError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("JobglassError");
    let props: [(&str, JsValue); 7] = [
        ("code", e.code.as_str().into()),
        (
            "status",
            e.status.map_or(JsValue::NULL, |s| f64::from(s).into()),
        ),
        ("serverCode", opt_str(e.server_code)),
        ("serverMessage", opt_str(e.server_message)),
        ("requestId", opt_str(e.request_id)),
        ("url", opt_str(e.url)),
        ("attempts", f64::from(e.attempts).into()),
    ];
    for (key, value) in props {
        let _ = Reflect::set(&err, &key.into(), &value);
    }
    let descriptor = Object::new();
    let _ = Reflect::set(&descriptor, &"value".into(), &JsValue::TRUE);
    Object::define_property(&err, &brand().into(), &descriptor);
    err.into()
}

/// Whether `e` is an error made from a [`JobglassError`].
pub(crate) fn is_jobglass_error(e: &JsValue) -> bool {
    e.is_instance_of::<js_sys::Error>()
        && Reflect::get(e, &brand().into()).is_ok_and(|b| b.is_truthy())
}
