//! A panic inside WebAssembly kills the module, so no input may make a parser panic: arbitrary
//! JSON values and arbitrary bytes go through every parser and the signer.
#![cfg(not(target_arch = "wasm32"))]

use jobglass::fuzzing;
use jobglass::{parse_dev_server_job, parse_dev_server_job_list, parse_job, parse_job_list};
use proptest::prelude::*;

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("1755484077"),
            Just(""),
            Just("2025-08-18T02:27:57Z"),
            Just("RUNNING"),
            Just("FINISHED"),
            Just("pip install a 'b")
        ]
        .prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        Just("status".to_owned()),
        Just("start_time".to_owned()),
        Just("end_time".to_owned()),
        Just("metadata".to_owned()),
        Just("runtime_env".to_owned()),
        Just("driver_info".to_owned()),
        Just("pid".to_owned()),
        Just("envVars".to_owned()),
        Just("env_vars".to_owned()),
        Just("pip".to_owned()),
        Just("tasks".to_owned()),
        Just("items".to_owned()),
        Just("spec".to_owned()),
        Just("data".to_owned()),
        Just("create_at".to_owned()),
        Just("abnormal_count".to_owned()),
        Just("driver_exit_code".to_owned()),
        Just("packages".to_owned()),
        ".{0,6}",
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn all_parsers(input: &[u8]) {
    if let Ok(text) = std::str::from_utf8(input) {
        let _ = parse_job(text);
        let _ = parse_job_list(text);
        let _ = parse_dev_server_job(text);
        let _ = parse_dev_server_job_list(text);
    }
    let _ = parse_job(input);
    let _ = parse_job_list(input);
    let _ = parse_dev_server_job(input);
    let _ = parse_dev_server_job_list(input);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_json_never_panics(v in json_value()) {
        all_parsers(v.to_string().as_bytes());
        all_parsers(serde_json::json!([v.clone(), v.clone()]).to_string().as_bytes());
        all_parsers(serde_json::json!({"data": [v.clone()], "tasks": [v.clone()], "runtime_env": v}).to_string().as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        all_parsers(&bytes);
    }

    #[test]
    fn arbitrary_pip_commands_never_panic(line in ".{0,80}") {
        let _ = fuzzing::pip_requirements(&line);
    }

    #[test]
    fn arbitrary_response_headers_never_panic(value in ".{0,60}", digits in "[0-9]{0,30}", now in any::<f64>(), status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = fuzzing::retry_after(&value, now);
        let _ = fuzzing::retry_after(&format!("Sun, 06 Nov {digits} 08:49:37 GMT"), now);
        let _ = fuzzing::classify(status, Some(&value), Some(&value), &body);
    }

    #[test]
    fn arbitrary_times_never_panic(s in ".{0,40}", n in any::<f64>()) {
        let _ = fuzzing::timestamp_text(&s);
        let _ = fuzzing::timestamp_count(n);
    }

    #[test]
    fn arbitrary_sign_inputs_never_panic(url in ".{0,60}", method in "[A-Za-z]{0,6}", k in ".{0,8}", v in ".{0,8}", body in prop::collection::vec(any::<u8>(), 0..32)) {
        let creds = jobglass::sign::AkSk { access_key: "ak".into(), secret_key: "sk".into(), security_token: None, project_id: None };
        let headers = [(k, v)];
        let req = jobglass::sign::SignableRequest { method: &method, url: &url, headers: &headers, body: &body };
        let _ = jobglass::sign::sign(&req, &creds, "20200608T023900Z");
        let _ = fuzzing::job_url(&url, &method);
    }
}
