//! The parsers throw only for input that is not JSON, or not the right kind of JSON value
//! (docs/api.md §7); everything else is repaired.
#![cfg(not(target_arch = "wasm32"))]

use jobglass::ErrorCode;
use jobglass::{parse_dev_server_job, parse_dev_server_job_list, parse_job, parse_job_list};

#[test]
fn not_json_is_invalid_response() {
    for input in [
        "",
        "   ",
        "{",
        "not json",
        "{\"a\":1,}",
        "\u{feff}{}",
        "{\"a\":\"\\ud800\"}x",
    ] {
        for result in [
            parse_job(input).err(),
            parse_job_list(input).err(),
            parse_dev_server_job(input).err(),
            parse_dev_server_job_list(input).err(),
        ] {
            let e = result.unwrap_or_else(|| panic!("{input:?} was accepted"));
            assert_eq!(e.code, ErrorCode::InvalidResponse, "{input:?}");
            assert_eq!(e.url, None);
        }
    }
}

#[test]
fn wrong_top_level_kind_is_invalid_response_and_says_what_came() {
    let e = parse_job("[]").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidResponse);
    assert!(e.message.contains("an array"), "{}", e.message);
    let e = parse_job_list("{}").unwrap_err();
    assert!(e.message.contains("an object"), "{}", e.message);
    let e = parse_job("\"not found app, submissionId: x\"").unwrap_err();
    assert!(e.message.contains("a string"), "{}", e.message);
    assert!(parse_dev_server_job("null").is_err());
    assert!(parse_dev_server_job_list("[]").is_err());
}

#[test]
fn empty_objects_are_repaired_not_rejected() {
    let job = parse_job("{}").unwrap();
    assert_eq!(job.status, jobglass::model::JobStatus::Unknown);
    assert!(job
        .warnings
        .iter()
        .any(|w| w.contains("`status` was missing")));
    let job = parse_dev_server_job("{}").unwrap();
    assert_eq!(job.id, "");
    assert_eq!(job.abnormal_count, 0);
    let page = parse_dev_server_job_list("{}").unwrap();
    assert!(page.jobs.is_empty() && page.total.is_none());
}

#[test]
fn duplicate_keys_keep_the_last_value_like_json_parse() {
    let job = parse_job(r#"{"status":"RUNNING","status":"FAILED"}"#).unwrap();
    assert_eq!(job.raw_status.as_deref(), Some("FAILED"));
}

#[test]
fn exit_code_is_unknown_until_terminal() {
    let running =
        parse_job(r#"{"type":"SUBMISSION","status":"RUNNING","driver_exit_code":0}"#).unwrap();
    assert_eq!(running.driver_exit_code, None);
    let failed =
        parse_job(r#"{"type":"SUBMISSION","status":"FAILED","driver_exit_code":3}"#).unwrap();
    assert_eq!(failed.driver_exit_code, Some(3));
}

#[test]
fn dialect_detection() {
    use jobglass::model::Dialect;
    for (input, dialect) in [
        (r#"{"start_time":"1755484077"}"#, Dialect::Openyuanrong),
        (r#"{"end_time":""}"#, Dialect::Openyuanrong),
        (r#"{"key":"/sn/app/x"}"#, Dialect::Openyuanrong),
        (r#"{"runtime_env":{"envVars":""}}"#, Dialect::Openyuanrong),
        (r#"{"start_time":1795454150112}"#, Dialect::Ray),
        (r#"{}"#, Dialect::Ray),
    ] {
        assert_eq!(parse_job(input).unwrap().dialect, dialect, "{input}");
    }
}

#[test]
fn duration_needs_ordered_times() {
    let job = parse_job(r#"{"start_time":2000000000000,"end_time":1000000000000}"#).unwrap();
    assert_eq!(job.duration_ms, None);
}
