//! What a server sends besides the body: `Retry-After` (seconds or an HTTP date with any year)
//! and an error answer's status, `Content-Type`, `X-Request-Id` and body. Read, never a panic.
#![no_main]

use jobglass::fuzzing::{classify, retry_after};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Fields separated by NUL: Retry-After, Content-Type, X-Request-Id; then the body.
    let mut parts = data.splitn(4, |&b| b == 0);
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (retry, content_type, request_id) = (text(), text(), text());
    let body = parts.next().unwrap_or_default();
    if let Some(wait) = retry_after(&retry, 1.7e12) {
        assert!(wait.as_secs() <= 10);
    }
    let status = u16::from_le_bytes([data.first().copied().unwrap_or(0), data.get(1).copied().unwrap_or(0)]);
    let e = classify(status, Some(&content_type), Some(&request_id), body);
    assert!(e.server_message.as_ref().is_none_or(|m| m.len() <= 2048));
});
