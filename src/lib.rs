//! jobglass fetches job details from openYuanrong, Ray and Huawei Cloud ModelArts Lite Server
//! and turns each server's JSON into one normalized, typed object and one error taxonomy.
//!
//! The crate is built for WebAssembly and shipped as the npm package `jobglass`; its API
//! reference is `docs/api.md`. From Rust, the public surface is small and natively usable:
//!
//! - the four parsers ([`parse_job`], [`parse_job_list`], [`parse_dev_server_job`],
//!   [`parse_dev_server_job_list`]) and the types they return ([`model`]);
//! - [`JobglassError`] and [`ErrorCode`];
//! - the Huawei Cloud request signer ([`sign`]).
//!
//! ```
//! let job = jobglass::parse_job(r#"{"status":"RUNNING","start_time":"1755484077"}"#).unwrap();
//! assert_eq!(job.start_time, Some(1_755_484_077_000));
//! assert_eq!(job.dialect, jobglass::model::Dialect::Openyuanrong);
//! ```
//!
//! Inside, imports point one way: `js` (the WebAssembly exports) → `client` (the sans-IO rules
//! of each conversation) → `http`, `sign`, `normalize` → `model`, `json`, `error` → `base`.
#![deny(missing_docs)]
// Errors are rare and carry the server's own code, words and request id by design; boxing them
// would make every caller's field access clumsier to save bytes on a cold path.
#![allow(clippy::result_large_err)]
// Much of the crate serves only the WebAssembly exports with their fetch client: dead code is
// checked in that build (`make lint`), of which the native and parse-only builds are subsets.
#![cfg_attr(
    any(not(target_arch = "wasm32"), not(feature = "fetch")),
    allow(dead_code)
)]

mod base;
#[cfg(feature = "fetch")]
mod client;
mod error;
#[cfg(feature = "fetch")]
mod http;
mod json;
pub mod logs;
pub mod model;
mod normalize;
pub mod sign;

#[cfg(target_arch = "wasm32")]
pub mod js;

#[cfg(feature = "fetch")]
#[doc(hidden)]
pub mod fuzzing;

pub use error::{ErrorCode, JobglassError};
use model::{DevServerJob, DevServerJobPage, Job};

/// Normalizes one openYuanrong or Ray job, as `GET /api/jobs/{id}` returns it (docs/api.md §4).
///
/// Fails with `INVALID_RESPONSE` only when `input` is not UTF-8 JSON or not an object; any other
/// surprise is repaired and described in `warnings`.
///
/// ```
/// let job = jobglass::parse_job(br#"{"type":"SUBMISSION","status":"failed","start_time":1755484077000}"#).unwrap();
/// assert_eq!(job.status, jobglass::model::JobStatus::Failed);
/// assert!(job.terminal);
/// ```
pub fn parse_job(input: impl AsRef<[u8]>) -> Result<Job, JobglassError> {
    normalize::parse_job(input.as_ref())
}

/// Normalizes a list of openYuanrong or Ray jobs, as `GET /api/jobs/` returns it.
///
/// ```
/// let jobs = jobglass::parse_job_list(r#"[{"status":"PENDING"}, 7]"#).unwrap();
/// assert_eq!(jobs.len(), 2); // an entry that is not an object keeps its place, with a warning
/// assert_eq!(jobs[1].extra.get("item"), Some("7"));
/// ```
pub fn parse_job_list(input: impl AsRef<[u8]>) -> Result<Vec<Job>, JobglassError> {
    normalize::parse_job_list(input.as_ref())
}

/// Normalizes one ModelArts Lite Server job (docs/api.md §5).
///
/// ```
/// let job = jobglass::parse_dev_server_job(r#"{"id":"j1","status":"FINISHED","abnormal_count":1}"#).unwrap();
/// assert_eq!(job.status, jobglass::model::JobStatus::Failed);
/// ```
pub fn parse_dev_server_job(input: impl AsRef<[u8]>) -> Result<DevServerJob, JobglassError> {
    normalize::parse_dev_server_job(input.as_ref())
}

/// Normalizes a page of ModelArts Lite Server jobs (`{current, pages, size, total, data}`).
///
/// ```
/// let page = jobglass::parse_dev_server_job_list(r#"{"total":1,"data":[{"id":"j1"}]}"#).unwrap();
/// assert_eq!((page.total, page.jobs.len()), (Some(1), 1));
/// ```
pub fn parse_dev_server_job_list(
    input: impl AsRef<[u8]>,
) -> Result<DevServerJobPage, JobglassError> {
    normalize::parse_dev_server_job_list(input.as_ref())
}

// Talc instead of the default dlmalloc: faster and a few kilobytes smaller in the module.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
