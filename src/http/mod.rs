//! Talking to the servers: URLs, error classification and retry timing are pure and tested
//! natively; only `fetch` (WebAssembly builds) touches JavaScript.

pub mod classify;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod retry;
pub mod url;
