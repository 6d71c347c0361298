//! Server JSON → the normalized [`crate::model`] types (CONTRACT §4–§6).
//!
//! Parsers throw only when the input is not JSON, or not an object (an array for the list
//! parsers). Every other surprise — a wrong type, an unknown status, an unreadable timestamp —
//! is repaired, and the repair is described in the result's `warnings`; a value that could not
//! be used is kept, as received, in `extra` under its own key, so nothing is lost.

mod devserver;
mod job;
pub mod number;
pub mod pip;
pub(crate) mod raw;
mod reader;
pub mod time;

pub use devserver::{
    parse_dev_server_job, parse_dev_server_job_bytes, parse_dev_server_job_list,
    parse_dev_server_job_list_bytes,
};
pub use job::{parse_job, parse_job_bytes, parse_job_list, parse_job_list_bytes, status_from};
