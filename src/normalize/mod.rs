//! Server JSON → the normalized [`crate::model`] types (docs/api.md §4–§6).
//!
//! Parsers throw only when the input is not JSON, or not an object (an array for the list
//! parsers). Every other surprise — a wrong type, an unknown status, an unreadable timestamp —
//! is repaired, and the repair is described in the result's `warnings`; a value that could not
//! be used is kept, as received, in `extra` under its own key, so nothing is lost.

pub(crate) mod action;
mod devserver;
mod document;
pub(crate) mod inside;
mod job;
mod pip;
mod reader;
mod time;

pub(crate) use devserver::{parse_dev_server_job, parse_dev_server_job_list};
pub(crate) use job::{parse_job, parse_job_list};

/// The inner rules the fuzz targets and property tests reach through `crate::fuzzing`.
pub(crate) mod fuzzing {
    pub(crate) fn pip_requirements(line: &str) -> Vec<String> {
        super::pip::requirements(line)
    }
    pub(crate) fn timestamp_text(s: &str) -> Option<i64> {
        let _ = super::time::rfc3339(s);
        super::time::from_str(s).ok().flatten()
    }
    pub(crate) fn timestamp_count(n: f64) -> Option<i64> {
        super::time::from_count(n).ok().flatten()
    }
}
