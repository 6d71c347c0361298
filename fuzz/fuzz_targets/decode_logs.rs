//! The logs decoder on arbitrary bytes cut into arbitrary chunks: it may reject them, never
//! panic, and where the body is cut never changes the result. Followed as one poll, what is
//! handed out is the bounded tail of the same text.
#![no_main]
// The whole error is compared, as the library returns it.
#![allow(clippy::result_large_err)]

use jobglass::logs::{decode_logs, LogFollower, LogsDecoder, TailOptions};
use jobglass::JobglassError;
use libfuzzer_sys::fuzz_target;

fn decode<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Result<String, JobglassError> {
    let mut decoder = LogsDecoder::new(String::new());
    for chunk in chunks {
        decoder.feed(chunk)?;
    }
    decoder.finish()?;
    Ok(decoder.into_sink())
}

fuzz_target!(|data: &[u8]| {
    // The first byte says how long the chunks are.
    let Some((&step, body)) = data.split_first() else {
        return;
    };
    let step = usize::from(step % 16) + 1;
    let whole = decode([body]);
    assert_eq!(whole, decode(body.chunks(step)), "cut every {step} bytes");

    let options = TailOptions {
        max_bytes: 64,
        tail_lines: Some(3),
    };
    let mut decoder = LogsDecoder::new(LogFollower::new(options));
    decoder.sink_mut().start_pass();
    let fed = body.chunks(step).all(|chunk| decoder.feed(chunk).is_ok());
    if fed && decoder.finish().is_ok() {
        let text = whole.expect("the same body decoded whole");
        let mut follower = decoder.into_sink();
        follower.end_pass();
        let handed_out = follower.take_text();
        assert!(text.ends_with(&handed_out));
        let tail = decode_logs(body, options).expect("decoded above");
        assert_eq!(handed_out, tail.text);
        assert_eq!(follower.into_logs(), tail);
    }
});
