//! The shared JavaScript-side tests in a dedicated Web Worker (`wasm-pack test --headless
//! --chrome`), where there is no `window` but a `location` and the global `fetch`.
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

shared_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
async fn path_endpoints_resolve_against_the_page() {
    common::path_endpoints_resolve_against_the_page().await
}
