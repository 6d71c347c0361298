//! `parse_job_list_bytes` on arbitrary bytes: it may reject them, never panic. Its output must be JSON.
#![no_main]

use jobglass::model::ToJson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(result) = jobglass::parse_job_list(data) {
        let json = result.to_json();
        assert!(jobglass::fuzzing::is_json(&json), "output is not JSON: {json}");
    }
});
