//! The signer on arbitrary requests: it may reject them, never panic.
#![no_main]

use jobglass::sign::{sign, AkSk, SignableRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Fields separated by NUL: method, url, header name, header value, secret key; then the body.
    let mut parts = data.splitn(6, |&b| b == 0);
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (method, url, name, value, secret) = (text(), text(), text(), text(), text());
    let body = parts.next().unwrap_or_default();
    let creds = AkSk { access_key: "ak".into(), secret_key: secret, security_token: None, project_id: Some("p".into()) };
    let headers = [(name, value)];
    let request = SignableRequest { method: &method, url: &url, headers: &headers, body };
    if let Ok(added) = sign(&request, &creds, "20261124T101500Z") {
        assert!(added.iter().any(|(k, _)| k == "Authorization"));
    }
});
