//! Test bodies shared by every JavaScript environment (`tests/node.rs`, `tests/browser.rs`):
//! the exported functions called as JavaScript calls them, against the server doubles
//! (`tests/servers/doubles.mjs`) whose address `make test` passes in `JOBGLASS_DOUBLES`.

#![allow(dead_code)]

/// One `#[wasm_bindgen_test]` per shared body; each environment's file expands it once.
macro_rules! shared_tests {
    () => {
        shared_tests!(
            parsers_accept_strings_and_objects,
            jobs_cross_as_their_json_text,
            parser_errors_are_jobglass_errors,
            fetches_an_openyuanrong_job,
            not_found_in_each_dialect,
            ids_are_one_path_segment_and_headers_are_sent,
            invalid_arguments_send_nothing,
            retries_transient_failures,
            timeouts_and_limits,
            abort_rejects_at_once,
            lists_jobs_on_both_servers,
            model_arts_auth_and_not_found,
            signs_the_official_vector,
            watches_until_terminal,
            watches_a_dev_server_job,
            stops_and_deletes_openyuanrong_jobs,
            untrusted_sizes_cost_no_memory,
            echoed_secrets_are_redacted_everywhere,
            retryable_errors_are_told_apart,
            reads_a_log_whole_or_its_tail,
            follows_a_log_each_byte_once,
            a_tail_socket_that_brings_nothing_gives_way_to_polling,
            pages_through_a_model_arts_list,
            every_call_sends_through_options_fetch,
            a_bad_options_fetch_is_refused_or_fails_as_fetch_would,
        );
    };
    ($($name:ident),* $(,)?) => {$(
        #[wasm_bindgen_test::wasm_bindgen_test]
        async fn $name() {
            common::$name().await
        }
    )*};
}

use jobglass::js;
use jobglass::model::ToJson;
use jobglass::JobglassError;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn doubles() -> String {
    option_env!("JOBGLASS_DOUBLES")
        .expect(
            "build with JOBGLASS_DOUBLES=http://127.0.0.1:<port> (make test starts the doubles)",
        )
        .to_owned()
}

fn ep(prefix: &str) -> JsValue {
    format!("{}{prefix}", doubles()).into()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |v, k| Reflect::get(&v, &k.into()).unwrap())
}

fn text(v: &JsValue, path: &str) -> Option<String> {
    get(v, path).as_string()
}

fn num(v: &JsValue, path: &str) -> Option<f64> {
    get(v, path).as_f64()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// The error's `code`, after checking it is a real `JobglassError`.
pub fn code_of(e: &JsValue) -> String {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(text(e, "name").as_deref(), Some("JobglassError"));
    assert!(js::is_jobglass_error(e.clone()));
    text(e, "code").unwrap()
}

/// A parser called as JavaScript calls it: its error as the thrown `JobglassError`.
fn parse(
    parser: fn(JsValue) -> Result<JsValue, JobglassError>,
    input: JsValue,
) -> Result<JsValue, JsValue> {
    parser(input).map_err(JsValue::from)
}

const SEED: &str = include_str!("../fixtures/openyuanrong/seed-example.json");
const SEED_ID: &str = "app-fe4ee1e5-d24f-4236-be15-7654e3c2229b";

pub async fn parsers_accept_strings_and_objects() {
    let from_text = parse(js::parse_job, SEED.into()).unwrap();
    let parsed = js_sys::JSON::parse(SEED).unwrap();
    let from_object = parse(js::parse_job, parsed).unwrap();
    for job in [&from_text, &from_object] {
        assert_eq!(text(job, "kind").as_deref(), Some("job"));
        assert_eq!(text(job, "dialect").as_deref(), Some("openyuanrong"));
        assert_eq!(num(job, "startTime"), Some(1_755_484_077_000.0));
        assert_eq!(
            text(job, "runtimeEnv.envVars.DEPLOY_REGION").as_deref(),
            Some("suzhou_std")
        );
        assert!(get(job, "errorType").is_null());
    }
    let bytes = js_sys::Uint8Array::from(SEED.as_bytes());
    assert_eq!(
        text(&parse(js::parse_job, bytes.into()).unwrap(), "status").as_deref(),
        Some("SUCCEEDED")
    );
}

/// Every openYuanrong and Ray fixture (the Ray lists among them), for checks over all of them.
const JOB_FIXTURES: &[&str] = &[
    include_str!("../fixtures/openyuanrong/bad-env-vars.json"),
    include_str!("../fixtures/openyuanrong/failed.json"),
    include_str!("../fixtures/openyuanrong/pending-not-started.json"),
    include_str!("../fixtures/openyuanrong/running.json"),
    include_str!("../fixtures/openyuanrong/seed-example.json"),
    include_str!("../fixtures/openyuanrong/stopped.json"),
    include_str!("../fixtures/openyuanrong/unknown-status.json"),
    include_str!("../fixtures/openyuanrong/wrong-types.json"),
    include_str!("../fixtures/ray/demo-1.json"),
    include_str!("../fixtures/ray/driver-running.json"),
    include_str!("../fixtures/ray/fail-1.json"),
    include_str!("../fixtures/ray/legacy-seconds.json"),
    include_str!("../fixtures/ray/list-mixed.json"),
    include_str!("../fixtures/ray/microseconds.json"),
    include_str!("../fixtures/ray/not-a-status.json"),
    include_str!("../fixtures/ray/pip-list.json"),
    include_str!("../fixtures/ray/rfc3339-lowercase.json"),
    include_str!("../fixtures/ray/runtime-env.json"),
    include_str!("../fixtures/ray-live/driver.json"),
    include_str!("../fixtures/ray-live/exits-3.json"),
    include_str!("../fixtures/ray-live/ray-init.json"),
    include_str!("../fixtures/ray-live/stopped.json"),
    include_str!("../fixtures/ray-live/succeeds.json"),
];

/// Jobs reach JavaScript as a tape built into objects by the package's glue (`src/js/tape.js`);
/// they must be exactly what the crate's JSON text of them gives, member for member and in order,
/// for every fixture and for strings that UTF-16 positions, escapes and odd keys make hard.
pub async fn jobs_cross_as_their_json_text() {
    let tricky = [
        r#"{"submission_id":"\ufeffé中😀\u0000\"\\\n","status":"RUNNING","metadata":{"__proto__":"p","1":"one","é":"😀"},"runtime_env":{"env_vars":{"__proto__":2},"pip":["a","😀b"],"x":{"__proto__":[1]}},"driver_info":{"id":"","pid":"12"},"start_time":-5,"key":{"__proto__":null}}"#,
        r#"[{"status":7},{},{"entrypoint":"\ud800 lone","end_time":"2026-01-01T00:00:00Z","message":""}]"#,
        "{}",
        "[]",
    ];
    let stringify = |v: &JsValue| String::from(js_sys::JSON::stringify(v).unwrap());
    for input in JOB_FIXTURES.iter().chain(&tricky) {
        let (ours, expected) = if input.trim_start().starts_with('[') {
            let jobs = jobglass::parse_job_list(input).unwrap();
            (js::parse_job_list(JsValue::from_str(input)), jobs.to_json())
        } else {
            let job = jobglass::parse_job(input).unwrap();
            (js::parse_job(JsValue::from_str(input)), job.to_json())
        };
        let expected = js_sys::JSON::parse(&expected).unwrap();
        assert_eq!(stringify(&ours.unwrap()), stringify(&expected), "{input}");
    }
    // "__proto__" stays an own member, as JSON.parse leaves it, and no prototype changes.
    let job = parse(js::parse_job, tricky[0].into()).unwrap();
    let metadata: Object = get(&job, "metadata").unchecked_into();
    assert_eq!(text(&job, "metadata.__proto__").as_deref(), Some("p"));
    assert!(Object::has_own(&metadata, &"__proto__".into()));
    assert_eq!(
        Object::get_prototype_of(&metadata),
        Object::get_prototype_of(&Object::new())
    );
}

pub async fn parser_errors_are_jobglass_errors() {
    for bad in [
        JsValue::from("not json"),
        JsValue::from(42),
        JsValue::UNDEFINED,
        JsValue::from("[]"),
    ] {
        let e = parse(js::parse_job, bad).unwrap_err();
        assert_eq!(code_of(&e), "INVALID_RESPONSE");
        assert!(get(&e, "url").is_null());
        assert_eq!(num(&e, "attempts"), Some(0.0));
    }
    assert_eq!(
        code_of(&parse(js::parse_job_list, "{}".into()).unwrap_err()),
        "INVALID_RESPONSE"
    );
    assert!(!js::is_jobglass_error(js_sys::Error::new("other").into()));
    assert!(!js::is_jobglass_error(JsValue::NULL));
}

pub async fn fetches_an_openyuanrong_job() {
    let job = js::fetch_job(ep("/oyr"), SEED_ID.into(), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(text(&job, "submissionId").as_deref(), Some(SEED_ID));
    assert_eq!(text(&job, "status").as_deref(), Some("SUCCEEDED"));
    assert_eq!(num(&job, "endTime"), Some(1_755_484_140_000.0));
    assert_eq!(text(&job, "extra.key").map(|k| k.is_empty()), Some(false));
}

pub async fn not_found_in_each_dialect() {
    let e = js::fetch_job(ep("/oyr"), "app-missing".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    assert_eq!(num(&e, "status"), Some(404.0));
    assert_eq!(num(&e, "attempts"), Some(1.0));
    let said = text(&e, "serverMessage").unwrap();
    assert!(
        said.starts_with("not found app, submissionId: app-missing"),
        "{said}"
    );
    assert_eq!(
        text(&e, "url"),
        Some(format!("{}/oyr/api/jobs/app-missing", doubles()))
    );

    let e = js::fetch_job(
        ep("/oyr-dashboard"),
        "app-missing".into(),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    assert_eq!(num(&e, "status"), Some(400.0));

    let e = js::fetch_job(ep("/ray"), "nope".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    assert_eq!(
        text(&e, "serverMessage").as_deref(),
        Some("Job nope does not exist")
    );
}

pub async fn ids_are_one_path_segment_and_headers_are_sent() {
    let options = obj(&[("headers", obj(&[("X-Auth", "jwt-value".into())]))]);
    let job = js::fetch_job(ep("/f/echo"), "../x y".into(), options)
        .await
        .unwrap();
    assert_eq!(
        text(&job, "metadata.path").as_deref(),
        Some("/f/echo/api/jobs/..%2Fx%20y")
    );
    assert_eq!(
        text(&job, "metadata.h:x-auth").as_deref(),
        Some("jwt-value")
    );
}

pub async fn invalid_arguments_send_nothing() {
    let cases: [(JsValue, JsValue, JsValue); 6] = [
        ("ftp://h".into(), "x".into(), JsValue::UNDEFINED),
        (ep("/ray"), "".into(), JsValue::UNDEFINED),
        (ep("/ray"), "..".into(), JsValue::UNDEFINED),
        (ep("/ray"), JsValue::from(7), JsValue::UNDEFINED),
        (ep("/ray"), "x".into(), obj(&[("timeoutMs", (-1).into())])),
        (ep("/ray?x=1"), "x".into(), JsValue::UNDEFINED),
    ];
    for (endpoint, id, options) in cases {
        let e = js::fetch_job(endpoint, id, options).await.unwrap_err();
        assert_eq!(code_of(&e), "INVALID_ARGUMENT");
        assert_eq!(num(&e, "attempts"), Some(0.0));
    }
}

pub async fn retries_transient_failures() {
    let id = format!("flaky-{}", js_sys::Math::random());
    let options = obj(&[("retries", 3.into())]);
    let job = js::fetch_job(ep("/f/flaky-502-503-504"), id.clone().into(), options)
        .await
        .unwrap();
    assert_eq!(text(&job, "submissionId"), Some(id));

    let options = obj(&[("retries", 1.into())]);
    let e = js::fetch_job(ep("/f/always-429"), "x".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "RATE_LIMITED");
    assert_eq!(num(&e, "attempts"), Some(2.0));

    let e = js::fetch_job(ep("/f/html500"), "x".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "SERVER_ERROR");
    assert_eq!(num(&e, "attempts"), Some(1.0));
}

pub async fn timeouts_and_limits() {
    let options = obj(&[("timeoutMs", 150.into()), ("retries", 0.into())]);
    let e = js::fetch_job(ep("/f/slow-headers-2000"), "x".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "TIMEOUT");

    let options = obj(&[("maxBodyBytes", 1000.into())]);
    let e = js::fetch_job(ep("/f/big-50000"), "x".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "TOO_LARGE");

    let e = js::fetch_job(ep("/f/truncated"), "x".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "INVALID_RESPONSE");
    assert_eq!(num(&e, "status"), Some(200.0));
}

fn memory_bytes() -> f64 {
    num(&wasm_bindgen::memory(), "buffer.byteLength").unwrap()
}

pub async fn untrusted_sizes_cost_no_memory() {
    // A server that claims a gigabyte and sends ten bytes: nothing is reserved for the claim.
    let before = memory_bytes();
    let options = obj(&[("maxBodyBytes", (1u32 << 30).into()), ("retries", 0.into())]);
    let e = js::fetch_job(ep("/f/lying-length"), "x".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "NETWORK");
    assert!(memory_bytes() - before < 16.0 * 1024.0 * 1024.0);
    // A limit no runtime could hold is refused before anything is sent.
    let options = obj(&[("maxBodyBytes", 4_294_967_296u64.into())]);
    let e = js::fetch_job(ep("/ray"), "demo-1".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "INVALID_ARGUMENT");
    assert!(text(&e, "message").unwrap().contains("maxBodyBytes"));
    // And the module still answers.
    let job = js::fetch_job(ep("/ray"), "demo-1".into(), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(text(&job, "kind").as_deref(), Some("job"));
}

pub async fn echoed_secrets_are_redacted_everywhere() {
    let headers = obj(&[("Authorization", "Bearer s3cr3t-tok-9".into())]);
    let options = obj(&[("headers", headers), ("retries", 0.into())]);
    let e = js::fetch_job(ep("/f/echo-token"), "x".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "UNAUTHORIZED");
    for property in ["message", "serverCode", "serverMessage", "requestId", "url"] {
        let value = text(&e, property).unwrap_or_default();
        assert!(!value.contains("s3cr3t"), "{property}: {value}");
    }
    // What is not a secret stays readable.
    assert!(text(&e, "serverMessage").unwrap().contains("project p-42"));
    assert_eq!(text(&e, "serverCode").as_deref(), Some("bad:[redacted]"));
}

pub async fn retryable_errors_are_told_apart() {
    let once = || obj(&[("retries", 0.into())]);
    let busy = js::fetch_job(ep("/f/always-429"), "x".into(), once())
        .await
        .unwrap_err();
    // Nothing listens on port 9 of the loopback: the connection is refused.
    let refused = js::fetch_job("http://127.0.0.1:9".into(), "x".into(), once())
        .await
        .unwrap_err();
    let missing = js::fetch_job(ep("/ray"), "nope".into(), once())
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), "NETWORK");
    assert!(js::is_retryable(busy));
    assert!(js::is_retryable(refused));
    assert!(!js::is_retryable(missing));
    assert!(!js::is_retryable(js_sys::Error::new("NETWORK").into()));
}

/// A job of the log double (`tests/servers/logs.mjs`), made with `spec` (JSON).
async fn log_job(spec: &str) {
    let url = format!("{}/raylogs/_control/jobs", doubles());
    let response = send(&url, "POST", Some(spec)).await;
    assert_eq!(num(&response, "status"), Some(200.0));
}

/// What the log double knows of a job: `{status, bytes, lines, tails, …}`.
async fn log_job_state(id: &str) -> JsValue {
    let url = format!("{}/raylogs/_control/jobs/{id}", doubles());
    let response = send(&url, "GET", None).await;
    let json = response
        .unchecked_into::<web_sys::Response>()
        .json()
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(json).await.unwrap()
}

pub async fn reads_a_log_whole_or_its_tail() {
    let id = format!("log-{}", (js_sys::Math::random() * 1e9) as u64);
    let escaped = r#"one\ttab\n\u001b[31mred\u001b[0m\r\n日本語 🚀\nno newline"#;
    log_job(&format!(
        r#"{{"id":"{id}","status":"SUCCEEDED","text":"{escaped}"}}"#
    ))
    .await;
    let logs = js::fetch_job_logs(ep("/raylogs"), id.clone().into(), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(
        text(&logs, "text").as_deref(),
        Some("one\ttab\n\u{1b}[31mred\u{1b}[0m\r\n日本語 🚀\nno newline")
    );
    assert_eq!(num(&logs, "lineCount"), Some(4.0));
    assert_eq!(get(&logs, "complete"), JsValue::TRUE);
    assert_eq!(get(&logs, "truncated"), JsValue::FALSE);
    let options = obj(&[("tailLines", 2.into())]);
    let tail = js::fetch_job_logs(ep("/raylogs"), id.clone().into(), options)
        .await
        .unwrap();
    assert_eq!(
        text(&tail, "text").as_deref(),
        Some("日本語 🚀\nno newline")
    );
    assert_eq!(get(&tail, "truncated"), JsValue::TRUE);
    assert_eq!(num(&tail, "droppedBytes"), Some(22.0));
    // A DRIVER job has no log; a missing one is missing; openYuanrong's frontend has no log route.
    let driver = format!("driver-{id}");
    log_job(&format!(r#"{{"id":"{driver}","type":"DRIVER"}}"#)).await;
    let e = js::fetch_job_logs(ep("/raylogs"), driver.into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "UNSUPPORTED");
    let e = js::fetch_job_logs(ep("/raylogs"), "no-such-job".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    let e = js::fetch_job_logs(ep("/oyr"), SEED_ID.into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "UNSUPPORTED");
}

pub async fn follows_a_log_each_byte_once() {
    // Written 40 lines at a time while followed; where there is a WebSocket, the first two
    // sockets are cut mid-frame.
    let id = format!("follow-{}", (js_sys::Math::random() * 1e9) as u64);
    log_job(&format!(
        r#"{{"id":"{id}","drops":2,"feed":{{"lines":400,"batch":20,"everyMs":40,"status":"SUCCEEDED"}}}}"#
    ))
    .await;
    let seen = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let into = seen.clone();
    let on_text = Closure::<dyn FnMut(JsValue)>::new(move |t: JsValue| {
        into.borrow_mut().push_str(&t.as_string().unwrap());
    });
    let options = obj(&[
        ("intervalMs", 100.into()),
        ("deadlineMs", 20_000.into()),
        ("onText", on_text.as_ref().clone()),
    ]);
    let logs = js::follow_job_logs(ep("/raylogs"), id.clone().into(), options)
        .await
        .unwrap();
    let whole = js::fetch_job_logs(ep("/raylogs"), id.clone().into(), JsValue::UNDEFINED)
        .await
        .unwrap();
    let whole = text(&whole, "text").unwrap();
    // Over Ray's tail socket where the runtime has WebSocket (two sockets cut, then one kept),
    // else polled.
    let state = log_job_state(&id).await;
    let has_socket = get(&js_sys::global(), "WebSocket").is_function();
    let tails = num(&state, "tails").unwrap();
    assert!(
        if has_socket {
            tails >= 3.0
        } else {
            tails == 0.0
        },
        "{tails} tail sockets"
    );
    assert_eq!(whole.matches('\n').count(), 400);
    assert!(
        *seen.borrow() == whole,
        "followed text differs from the log"
    );
    assert_eq!(text(&logs, "text").as_deref(), Some(whole.as_str()));
    assert_eq!(get(&logs, "complete"), JsValue::TRUE);
}

pub async fn a_tail_socket_that_brings_nothing_gives_way_to_polling() {
    let id = format!("mute-{}", (js_sys::Math::random() * 1e9) as u64);
    log_job(&format!(
        r#"{{"id":"{id}","mute":1,"feed":{{"lines":60,"batch":20,"everyMs":50}}}}"#
    ))
    .await;
    let options = obj(&[("intervalMs", 100.into()), ("deadlineMs", 20_000.into())]);
    let logs = js::follow_job_logs(ep("/raylogs"), id.clone().into(), options)
        .await
        .unwrap();
    assert_eq!(num(&logs, "lineCount"), Some(60.0));
    assert_eq!(get(&logs, "complete"), JsValue::TRUE);
    let state = log_job_state(&id).await;
    // One socket at most (none where there is no WebSocket), then polling.
    assert!(num(&state, "tails").unwrap() <= 1.0);
}

pub async fn abort_rejects_at_once() {
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let options = obj(&[("signal", controller.signal().into())]);
    let e = js::fetch_job(ep("/ray"), "demo-1".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "ABORTED");
    assert_eq!(num(&e, "attempts"), Some(0.0));

    // Aborted while waiting for a retry: settles long before the backoff would end.
    let controller = web_sys::AbortController::new().unwrap();
    let options = obj(&[("signal", controller.signal().into())]);
    let id = format!("abort-{}", js_sys::Math::random());
    let call = js::fetch_job(ep("/f/retry-after-5"), id.into(), options);
    let abort_soon = Closure::once_into_js(move || controller.abort());
    let global = js_sys::global();
    let set_timeout: js_sys::Function = Reflect::get(&global, &"setTimeout".into())
        .unwrap()
        .unchecked_into();
    set_timeout.call2(&global, &abort_soon, &50.into()).unwrap();
    let started = js_sys::Date::now();
    let e = call.await.unwrap_err();
    assert_eq!(code_of(&e), "ABORTED");
    assert!(js_sys::Date::now() - started < 2000.0);
}

pub async fn lists_jobs_on_both_servers() {
    for prefix in ["/oyr", "/ray"] {
        let jobs = js::list_jobs(ep(prefix), JsValue::UNDEFINED).await.unwrap();
        let jobs: js_sys::Array = jobs.unchecked_into();
        assert!(jobs.length() >= 2, "{prefix}");
        assert_eq!(text(&jobs.get(0), "kind").as_deref(), Some("job"));
    }
}

pub async fn pages_through_a_model_arts_list() {
    let list = |filter: JsValue| {
        let options = obj(&[("authToken", "good-token".into()), ("filter", filter)]);
        js::list_dev_server_jobs(ep("/modelarts"), "p-1".into(), options)
    };
    let all = list(obj(&[])).await.unwrap();
    let total = num(&all, "total").unwrap();
    assert!(total >= 3.0, "{total}");
    let page = list(obj(&[("limit", 2.into()), ("offset", 1.into())]))
        .await
        .unwrap();
    assert_eq!(
        (num(&page, "size"), num(&page, "total")),
        (Some(2.0), Some(total))
    );
    let ids = |v: &JsValue, from: u32, n: u32| -> Vec<String> {
        (from..from + n)
            .map(|i| text(v, &format!("jobs.{i}.id")).unwrap())
            .collect()
    };
    assert_eq!(ids(&page, 0, 2), ids(&all, 1, 2));
    let e = list(obj(&[("limit", 0.into())])).await.unwrap_err();
    assert_eq!(
        (code_of(&e), num(&e, "attempts")),
        ("INVALID_ARGUMENT".into(), Some(0.0))
    );
}

pub async fn model_arts_auth_and_not_found() {
    let project = "proj-1";
    let seed = "0319470a-7fad-452e-bff0-d3ba3bd83955";
    let e = js::fetch_dev_server_job(
        ep("/modelarts"),
        project.into(),
        seed.into(),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&e), "UNAUTHORIZED");
    assert_eq!(text(&e, "serverCode").as_deref(), Some("APIG.0301"));
    assert!(text(&e, "requestId").is_some());

    let token = obj(&[("authToken", "good-token".into())]);
    let job = js::fetch_dev_server_job(ep("/modelarts"), project.into(), seed.into(), token)
        .await
        .unwrap();
    assert_eq!(text(&job, "status").as_deref(), Some("SUCCEEDED"));
    assert_eq!(num(&job, "taskSummary.succeeded"), Some(1.0));

    let creds = obj(&[(
        "credentials",
        obj(&[
            ("accessKey", "test-ak".into()),
            ("secretKey", "test-sk".into()),
        ]),
    )]);
    let job =
        js::fetch_dev_server_job(ep("/modelarts"), project.into(), seed.into(), creds.clone())
            .await
            .unwrap();
    assert_eq!(text(&job, "id").as_deref(), Some(seed));

    let e = js::fetch_dev_server_job(
        ep("/modelarts"),
        project.into(),
        "missing".into(),
        creds.clone(),
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    assert_eq!(text(&e, "serverCode").as_deref(), Some("ModelArts.6404"));
    let message = text(&e, "message").unwrap();
    assert!(!message.contains("test-sk") && !message.contains("Signature="));

    let wrong = obj(&[(
        "credentials",
        obj(&[
            ("accessKey", "test-ak".into()),
            ("secretKey", "wrong-sk".into()),
        ]),
    )]);
    let e = js::fetch_dev_server_job(ep("/modelarts"), project.into(), seed.into(), wrong)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "UNAUTHORIZED");

    let page = js::list_dev_server_jobs(ep("/modelarts"), project.into(), creds)
        .await
        .unwrap();
    assert!(num(&page, "total").unwrap() >= 1.0);
}

pub async fn signs_the_official_vector() {
    let request = obj(&[
        ("method", "GET".into()),
        (
            "url",
            "https://service.endpoint.myhuaweicloud.com/resources?size=1".into(),
        ),
    ]);
    let creds = obj(&[
        ("accessKey", "AccessKey".into()),
        ("secretKey", "SecretKey".into()),
    ]);
    let when = js_sys::Date::new(&"2020-06-08T02:39:00Z".into());
    let headers = js::sign_request(request, creds, Some(when.into())).unwrap();
    assert_eq!(
        text(&headers, "X-Sdk-Date").as_deref(),
        Some("20200608T023900Z")
    );
    assert!(text(&headers, "Authorization")
        .unwrap()
        .ends_with("Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"));
}

pub async fn watches_until_terminal() {
    let updates = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = updates.clone();
    let on_update = Closure::<dyn FnMut(JsValue)>::new(move |job: JsValue| {
        seen.borrow_mut().push(text(&job, "status").unwrap());
    });
    let id = format!("app-watch-{}", (js_sys::Math::random() * 1e9) as u64);
    submit_oyr_job(&id).await;
    let options = obj(&[
        ("intervalMs", 100.into()),
        ("deadlineMs", 10_000.into()),
        ("onUpdate", on_update.as_ref().clone()),
    ]);
    let job = js::watch_job(ep("/oyr"), id.into(), options).await.unwrap();
    assert_eq!(text(&job, "status").as_deref(), Some("SUCCEEDED"));
    let seen = updates.borrow().clone();
    assert_eq!(seen.last().map(String::as_str), Some("SUCCEEDED"));
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "{seen:?}");
    assert!(seen.contains(&"RUNNING".to_owned()), "{seen:?}");
}

async fn submit_oyr_job(id: &str) {
    let body = format!(
        r#"{{"entrypoint":"python ok.py","submission_id":"{id}","metadata":{{"pending_ms":"150","run_ms":"400"}}}}"#
    );
    let response = send(&format!("{}/oyr/api/jobs", doubles()), "POST", Some(&body)).await;
    assert_eq!(num(&response, "status"), Some(200.0));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &JsValue) -> js_sys::Promise;
}

/// A request of the test's own, outside the library.
async fn send(url: &str, method: &str, json: Option<&str>) -> JsValue {
    let headers = obj(&[("Content-Type", "application/json".into())]);
    let mut init = vec![("method", method.into()), ("headers", headers)];
    if let Some(body) = json {
        init.push(("body", body.into()));
    }
    wasm_bindgen_futures::JsFuture::from(global_fetch(url, &obj(&init)))
        .await
        .unwrap()
}

pub async fn watches_a_dev_server_job() {
    let updates = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = updates.clone();
    let on_update = Closure::<dyn FnMut(JsValue)>::new(move |job: JsValue| {
        let status = text(&job, "status").unwrap();
        let message = text(&get(&job, "tasks"), "0.message").unwrap_or_default();
        seen.borrow_mut().push(format!("{status} {message}"));
    });
    let id = format!("job-progress-{}", (js_sys::Math::random() * 1e9) as u64);
    let options = obj(&[
        ("authToken", "good-token".into()),
        ("intervalMs", 100.into()),
        ("deadlineMs", 10_000.into()),
        ("onUpdate", on_update.as_ref().clone()),
    ]);
    let job = js::watch_dev_server_job(ep("/modelarts"), "p-1".into(), id.into(), options)
        .await
        .unwrap();
    assert_eq!(text(&job, "status").as_deref(), Some("SUCCEEDED"));
    // Every read changed `updatedAt` and the task's message: one update per read.
    assert_eq!(
        *updates.borrow(),
        ["RUNNING step 1", "RUNNING step 2", "SUCCEEDED step 3"]
    );
    let e = js::watch_dev_server_job(
        ep("/modelarts"),
        "p-1".into(),
        "nope".into(),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert_eq!(code_of(&e), "UNAUTHORIZED");
}

pub async fn stops_and_deletes_openyuanrong_jobs() {
    let id = format!("app-stop-{}", (js_sys::Math::random() * 1e9) as u64);
    let body = format!(
        r#"{{"entrypoint":"sleep forever","submission_id":"{id}","metadata":{{"advance":"manual"}}}}"#
    );
    send(&format!("{}/oyr/api/jobs", doubles()), "POST", Some(&body)).await;
    let stop = || js::stop_job(ep("/oyr"), id.clone().into(), JsValue::UNDEFINED);
    let delete = || js::delete_job(ep("/oyr"), id.clone().into(), JsValue::UNDEFINED);
    // Running: delete is refused (a bare false), stop is accepted.
    assert_eq!(delete().await.unwrap(), JsValue::FALSE);
    assert_eq!(stop().await.unwrap(), JsValue::TRUE);
    let job = js::fetch_job(ep("/oyr"), id.clone().into(), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(text(&job, "status").as_deref(), Some("STOPPED"));
    assert_eq!(delete().await.unwrap(), JsValue::TRUE);
    let e = stop().await.unwrap_err();
    assert_eq!(code_of(&e), "NOT_FOUND");
    let e = js::stop_job(ep("/oyr"), "..".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        (code_of(&e), num(&e, "attempts")),
        ("INVALID_ARGUMENT".into(), Some(0.0))
    );
}

pub async fn path_endpoints_resolve_against_the_page() {
    let origin = text(&get(&js_sys::global(), "location"), "origin").unwrap();
    let e = js::fetch_job("/no-such-proxy".into(), "x".into(), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        text(&e, "url"),
        Some(format!("{origin}/no-such-proxy/api/jobs/x"))
    );
    assert_ne!(code_of(&e), "INVALID_ARGUMENT");
}

pub async fn blocked_cross_origin_calls_explain_cors() {
    let options = obj(&[("retries", 0.into())]);
    let e = js::fetch_job(ep("/oyr-nocors"), SEED_ID.into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "NETWORK");
    let message = text(&e, "message").unwrap();
    assert!(
        message.contains("CORS") && message.contains("proxy"),
        "{message}"
    );
}

/// A `fetch` that records how it is called and answers from `answers` (`"METHOD /path"` →
/// `[status, body]`) without any network; `calls` gets one `{url, method, headers, signal,
/// arity}` per call.
fn recording_fetch(calls: &js_sys::Array, answers: &JsValue) -> JsValue {
    let make = js_sys::Function::new_with_args(
        "calls, answers",
        "return function (url, init) { \
           calls.push({ url, arity: arguments.length, method: init.method, \
             headers: init.headers ? [...new Headers(init.headers)] : [], \
             signal: init.signal instanceof AbortSignal, stringUrl: typeof url === 'string' }); \
           const [status, body] = answers[`${init.method} ${new URL(url).pathname}`] ?? [404, 'no such answer']; \
           return Promise.resolve(new Response(body, { status, headers: { 'Content-Type': 'application/json' } })); \
         };",
    );
    make.call2(&JsValue::UNDEFINED, calls, answers).unwrap()
}

const RAY_JOB: &str = include_str!("../fixtures/ray/demo-1.json");
const RAY_LIST: &str = include_str!("../fixtures/ray/list-mixed.json");
const MA_JOB: &str = include_str!("../fixtures/modelarts/seed-example.json");
const MA_LIST: &str = include_str!("../fixtures/modelarts/list-page.json");

/// `options.fetch` is what sends every request of every call: the endpoint is a closed port,
/// so a request sent any other way would fail; each is called as the global `fetch` is.
pub async fn every_call_sends_through_options_fetch() {
    let answers = obj(&[
        (
            "GET /api/jobs/demo-1",
            js_sys::Array::of2(&200.into(), &RAY_JOB.into()).into(),
        ),
        (
            "GET /api/jobs/",
            js_sys::Array::of2(&200.into(), &RAY_LIST.into()).into(),
        ),
        (
            "POST /api/jobs/demo-1/stop",
            js_sys::Array::of2(&200.into(), &r#"{"stopped":true}"#.into()).into(),
        ),
        (
            "DELETE /api/jobs/demo-1",
            js_sys::Array::of2(&200.into(), &r#"{"deleted":true}"#.into()).into(),
        ),
        (
            "GET /api/jobs/demo-1/logs",
            js_sys::Array::of2(&200.into(), &r#"{"logs":"one\ntwo\n"}"#.into()).into(),
        ),
        (
            "GET /v1/p-1/dev-servers/jobs/j-1",
            js_sys::Array::of2(&200.into(), &MA_JOB.into()).into(),
        ),
        (
            "GET /v1/p-1/dev-servers/jobs",
            js_sys::Array::of2(&200.into(), &MA_LIST.into()).into(),
        ),
    ]);
    fn endpoint() -> JsValue {
        "http://127.0.0.1:9/".into()
    }
    fn id() -> JsValue {
        "demo-1".into()
    }
    fn p() -> JsValue {
        "p-1".into()
    }
    fn j() -> JsValue {
        "j-1".into()
    }
    // Each call, and the requests it must have sent: (method, path).
    type Call = fn(JsValue) -> js_sys::Promise;
    let runs: [(&str, Call, &[&str]); 10] = [
        (
            "fetchJob",
            |o| js::fetch_job(endpoint(), id(), o),
            &["GET /api/jobs/demo-1"],
        ),
        (
            "listJobs",
            |o| js::list_jobs(endpoint(), o),
            &["GET /api/jobs/"],
        ),
        (
            "watchJob",
            |o| js::watch_job(endpoint(), id(), o),
            &["GET /api/jobs/demo-1"],
        ),
        (
            "stopJob",
            |o| js::stop_job(endpoint(), id(), o),
            &["POST /api/jobs/demo-1/stop"],
        ),
        (
            "deleteJob",
            |o| js::delete_job(endpoint(), id(), o),
            &["DELETE /api/jobs/demo-1"],
        ),
        (
            "fetchJobLogs",
            |o| js::fetch_job_logs(endpoint(), id(), o),
            &["GET /api/jobs/demo-1", "GET /api/jobs/demo-1/logs"],
        ),
        (
            // A WebSocket cannot go through the caller's fetch: the log is polled through it.
            "followJobLogs",
            |o| js::follow_job_logs(endpoint(), id(), o),
            &["GET /api/jobs/demo-1", "GET /api/jobs/demo-1/logs"],
        ),
        (
            "fetchDevServerJob",
            |o| js::fetch_dev_server_job(endpoint(), p(), j(), o),
            &["GET /v1/p-1/dev-servers/jobs/j-1"],
        ),
        (
            "watchDevServerJob",
            |o| js::watch_dev_server_job(endpoint(), p(), j(), o),
            &["GET /v1/p-1/dev-servers/jobs/j-1"],
        ),
        (
            "listDevServerJobs",
            |o| js::list_dev_server_jobs(endpoint(), p(), o),
            &["GET /v1/p-1/dev-servers/jobs"],
        ),
    ];
    for (name, call, expected) in runs {
        let calls = js_sys::Array::new();
        let options = obj(&[
            ("fetch", recording_fetch(&calls, &answers)),
            ("headers", obj(&[("X-Test", "1".into())])),
            ("intervalMs", 100.into()),
        ]);
        let value = wasm_bindgen_futures::JsFuture::from(call(options))
            .await
            .unwrap_or_else(|e| panic!("{name}: {:?}", text(&e, "message")));
        assert!(!value.is_undefined(), "{name}");
        let seen: Vec<String> = calls
            .iter()
            .map(|c| {
                let url = text(&c, "url").unwrap();
                let path = url.strip_prefix("http://127.0.0.1:9").unwrap().to_owned();
                format!("{} {path}", text(&c, "method").unwrap())
            })
            .collect();
        assert_eq!(seen, expected, "{name}");
        for c in calls.iter() {
            // fetch(url, init): a string URL, the caller's headers, the call's own signal.
            assert_eq!(num(&c, "arity"), Some(2.0), "{name}");
            assert_eq!(get(&c, "stringUrl"), JsValue::TRUE, "{name}");
            assert_eq!(get(&c, "signal"), JsValue::TRUE, "{name}");
            let headers = js_sys::JSON::stringify(&get(&c, "headers")).unwrap();
            assert!(
                String::from(headers).contains(r#"["x-test","1"]"#),
                "{name}"
            );
        }
    }
}

/// A `fetch` option that is not a function is `INVALID_ARGUMENT` before anything is sent; one
/// that throws, rejects or answers something else fails as a failed `fetch` does (`NETWORK`),
/// and its signal carries the call's timeout.
pub async fn a_bad_options_fetch_is_refused_or_fails_as_fetch_would() {
    for bad in [
        JsValue::from("fetch"),
        JsValue::from(1),
        Object::new().into(),
        JsValue::TRUE,
    ] {
        let options = obj(&[("fetch", bad)]);
        let e = js::fetch_job(ep("/ray"), "demo-1".into(), options)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "INVALID_ARGUMENT");
        assert_eq!(num(&e, "attempts"), Some(0.0));
        assert!(text(&e, "message")
            .unwrap()
            .contains("fetch must be a function"));
    }
    let failing = [
        "return () => { throw new TypeError('thrown'); };",
        "return () => Promise.reject(new TypeError('rejected'));",
        "return () => Promise.resolve(42);",
    ];
    for source in failing {
        let f = js_sys::Function::new_no_args(source)
            .call0(&JsValue::UNDEFINED)
            .unwrap();
        let options = obj(&[("fetch", f), ("retries", 1.into())]);
        let e = js::fetch_job(ep("/ray"), "demo-1".into(), options)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "NETWORK", "{source}");
        assert_eq!(num(&e, "attempts"), Some(2.0), "{source}");
    }
    // A fetch that answers only when its signal aborts: the call's timeout fires through it.
    let hangs = js_sys::Function::new_no_args(
        "return (url, init) => new Promise((_, reject) => \
           init.signal.addEventListener('abort', () => reject(init.signal.reason)));",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap();
    let options = obj(&[
        ("fetch", hangs),
        ("timeoutMs", 100.into()),
        ("retries", 0.into()),
    ]);
    let e = js::fetch_job(ep("/ray"), "demo-1".into(), options)
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "TIMEOUT");
}
