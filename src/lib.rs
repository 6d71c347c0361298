//! jobglass fetches job details from openYuanrong, Ray and Huawei Cloud ModelArts Lite Server
//! and turns each server's JSON into one normalized, typed object and one error taxonomy.
//!
//! The crate is built for WebAssembly and shipped as the npm package `jobglass`; everything
//! below [`js`] is plain Rust, usable and tested natively:
//!
//! - [`normalize`]: server JSON → [`model`] types ([`normalize::parse_job`] and friends);
//! - [`http::url`]: endpoint and id validation, request URLs;
//! - [`http::classify`]: an HTTP answer → [`JobglassError`];
//! - [`http::retry`]: backoff and `Retry-After`;
//! - [`sign`]: Huawei Cloud `SDK-HMAC-SHA256` request signing;
//! - `js` (WebAssembly builds only): the JavaScript exports, a thin layer over the above.
//!
//! ```
//! let job = jobglass::normalize::parse_job(r#"{"status":"RUNNING","start_time":"1755484077"}"#).unwrap();
//! assert_eq!(job.start_time, Some(1_755_484_077_000));
//! ```
#![deny(missing_docs)]
// Errors are rare and carry the server's own code, words and request id by design; boxing them
// would make every caller's field access clumsier to save bytes on a cold path.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod http;
pub mod json;
pub mod model;
pub mod normalize;
pub mod sign;

#[cfg(target_arch = "wasm32")]
pub mod js;

pub use error::{ErrorCode, JobglassError};

// Talc instead of the default dlmalloc: faster and a few kilobytes smaller in the module.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
