//! Our signer against Huawei's own (`huaweicloudsdkcore`, in the venv `scripts/setup.sh python`
//! makes), on requests with tricky paths, queries, headers and bodies.
#![cfg(not(target_arch = "wasm32"))]

use jobglass::sign::{sign, AkSk, SignableRequest};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

const DATE: &str = "20261124T101500Z";

fn cases() -> Value {
    json!([
        {"method": "GET", "url": "https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c-3d/dev-servers/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955", "projectId": "0a1b2c-3d"},
        {"method": "GET", "url": "https://modelarts.cn-north-4.myhuaweicloud.com/v1/p/dev-servers/jobs?name=a%20b&status=FINISHED&id=x&visible=true", "projectId": "p"},
        {"method": "GET", "url": "http://127.0.0.1:8443/proxy/v1/p/dev-servers/jobs/j%C3%B6b%2F..%3Fx~y", "projectId": "p", "securityToken": "temporary-token"},
        {"method": "GET", "url": "https://h.example/a:b/c@d/e%20f/", "headers": {"X-Custom": "  spaced value  ", "x_underscored": "skip", "Content-Type": "application/json"}},
        {"method": "get", "url": "https://h.example/?b=2&a=2&a=1&empty=&flag&u=%E4%B8%AD%E6%96%87&p=%2B1"},
        {"method": "POST", "url": "https://h.example/v1/p/dev-servers/jobs", "headers": {"Content-Type": "application/json;charset=UTF-8"}, "body": "{\"name\":\"test\",\"id\":1}"},
        {"method": "PUT", "url": "https://h.example/upload", "headers": {"Content-Type": "text/plain"}, "body": "raw text"},
        {"method": "DELETE", "url": "https://h.example", "headers": {"X-Auth-Extra": "1", "Accept": "application/json"}},
    ])
}

fn ours(case: &Value) -> Value {
    let headers: Vec<(String, String)> = case["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let creds = AkSk {
        access_key: "HPUAXXXXXXXXXXXXXXXX".into(),
        secret_key: "s3cr3t-K3y/with+chars".into(),
        security_token: case["securityToken"].as_str().map(Into::into),
        project_id: case["projectId"].as_str().map(Into::into),
    };
    let request = SignableRequest {
        method: case["method"].as_str().unwrap(),
        url: case["url"].as_str().unwrap(),
        headers: &headers,
        body: case["body"].as_str().unwrap_or("").as_bytes(),
    };
    let signed = sign(&request, &creds, DATE).unwrap();
    Value::Object(
        signed
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}

fn huawei(cases: &Value) -> Vec<Value> {
    let python = std::env::var("JOBGLASS_PYTHON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/python").into());
    let mut input = cases.clone();
    for case in input.as_array_mut().unwrap() {
        case["ak"] = "HPUAXXXXXXXXXXXXXXXX".into();
        case["sk"] = "s3cr3t-K3y/with+chars".into();
        case["date"] = DATE.into();
    }
    let mut child = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/sign/huawei_signer.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python} did not start ({e}); run scripts/setup.sh python"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the Huawei signer failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn matches_huaweicloudsdkcore() {
    let cases = cases();
    let theirs = huawei(&cases);
    for (case, expected) in cases.as_array().unwrap().iter().zip(theirs) {
        assert_eq!(ours(case), expected, "{case}");
    }
}
