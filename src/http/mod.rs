//! Talking to the servers: URLs, error classification and retry timing are pure and tested
//! natively; only `fetch` (WebAssembly builds with the `fetch` feature) touches JavaScript.

pub mod classify;
#[cfg(all(target_arch = "wasm32", feature = "fetch"))]
pub mod fetch;
pub mod retry;
pub mod url;
