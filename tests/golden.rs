//! Every server payload in `tests/fixtures/<server>/` is normalized and compared with the
//! `.expected.json` file beside it: each contract rule is a pair of files anyone can read.
//! `UPDATE_GOLDEN=1 cargo test --test golden` writes missing or changed expectations, to be
//! reviewed in the diff like any other change.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The normalized output as pretty JSON, fields in the model's order.
fn normalize(server: &str, name: &str, input: &str) -> String {
    use jobglass::model::ToJson;
    use jobglass::{parse_dev_server_job, parse_dev_server_job_list, parse_job, parse_job_list};
    let list = name.starts_with("list");
    let json = match (server, list) {
        ("modelarts", false) => parse_dev_server_job(input).map(|v| v.to_json()),
        ("modelarts", true) => parse_dev_server_job_list(input).map(|v| v.to_json()),
        (_, false) => parse_job(input).map(|v| v.to_json()),
        (_, true) => parse_job_list(input).map(|v| v.to_json()),
    }
    .unwrap_or_else(|e| panic!("{server}/{name}: {e}"));
    // serde_json checks that the output is valid JSON; preserve_order keeps the model's order.
    let value: Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{server}/{name}: invalid JSON output: {e}"));
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found = Vec::new();
    for server in ["openyuanrong", "ray", "ray-live", "modelarts"] {
        let Ok(dir) = fs::read_dir(root.join(server)) else {
            continue;
        };
        for entry in dir.flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.ends_with(".expected.json") {
                found.push((server.to_owned(), path));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn fixtures_match_their_expectations() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let all = fixtures();
    assert!(
        all.len() >= 20,
        "expected the fixture set, found {} files",
        all.len()
    );
    let mut failures = Vec::new();
    for (server, path) in &all {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let input = fs::read_to_string(path).unwrap();
        let got_text = normalize(server, &name, &input);
        let got: Value = serde_json::from_str(&got_text).unwrap();
        let expected_path = path.with_extension("expected.json");
        match fs::read_to_string(&expected_path) {
            Ok(text) if serde_json::from_str::<Value>(&text).unwrap() == got => {}
            _ if update => {
                fs::write(&expected_path, &got_text).unwrap();
            }
            Ok(_) => failures.push(format!(
                "{server}/{name}: output differs from {}\n{}",
                expected_path.display(),
                got_text
            )),
            Err(_) => failures.push(format!(
                "{server}/{name}: no {} (run with UPDATE_GOLDEN=1 and review it)",
                expected_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
