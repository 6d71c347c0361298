//! The shared JavaScript-side tests in a browser window (`wasm-pack test --headless --chrome`
//! or `--firefox`), where the doubles are another origin, as a real API server would be.
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

shared_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
async fn path_endpoints_resolve_against_the_page() {
    common::path_endpoints_resolve_against_the_page().await
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn blocked_cross_origin_calls_explain_cors() {
    common::blocked_cross_origin_calls_explain_cors().await
}
