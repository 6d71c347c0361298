//! The shared JavaScript-side tests in Node (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod common;

shared_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_path_endpoint_needs_a_page() {
    let e = jobglass::js::fetch_job(
        "/proxy/job".into(),
        "x".into(),
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(common::code_of(&e), "INVALID_ARGUMENT");
}
