//! Job logs: Ray's `{"logs": "…"}` answer decoded as a stream, kept as a bounded tail, and
//! followed across reconnects and polls with every byte delivered once.
//!
//! Ray sends a job's whole driver log as one JSON string, however large the file is, and its
//! WebSocket tail and every poll of `/logs` start again from the log's first byte. So the three
//! parts here are built to work on a stream in bounded memory:
//!
//! - [`LogsDecoder`] reads the answer in chunks split at any byte and hands the decoded `logs`
//!   text to a [`LogSink`], in pieces that are always whole UTF-8 characters;
//! - [`LogTail`] is a sink that keeps only the last `max_bytes` bytes (and, when asked, the last
//!   `tail_lines` lines), so a 1 GB log costs about `max_bytes` of memory: [`TailedLog`] is the
//!   result;
//! - [`LogFollower`] is a sink for following a growing log: it remembers how much was delivered,
//!   skips that much of every new pass and hands out only what is new.
//!
//! [`decode_logs`] puts the first two together for a single answer.
//!
//! ```
//! use jobglass::logs::{decode_logs, TailOptions};
//!
//! let body = br#"{"logs": "step 1\nstep 2\n\u4e2d\u6587 \ud83d\ude00\n"}"#;
//! let log = decode_logs(body, TailOptions::default()).unwrap();
//! assert_eq!(log.text, "step 1\nstep 2\n中文 😀\n");
//! assert_eq!(log.line_count, 3);
//! assert!(!log.truncated);
//! ```

mod decode;
mod follow;
mod plain;
mod search;
mod tail;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use decode::LogsDecoder;
pub use follow::LogFollower;
pub use plain::PlainText;
pub use search::{LineMatch, LineSearch, Matcher, MAX_LINE_BYTES};
pub use tail::{LogTail, TailOptions, TailedLog, DEFAULT_MAX_LOG_BYTES};

use crate::error::JobglassError;

/// Where decoded log text goes. Every piece is whole UTF-8 characters, in order.
pub trait LogSink {
    /// Takes the next piece of the log.
    fn push(&mut self, text: &str);
}

/// Collects the whole text (for small logs and tests: it has no bound).
impl LogSink for String {
    fn push(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl<S: LogSink + ?Sized> LogSink for &mut S {
    fn push(&mut self, text: &str) {
        (**self).push(text);
    }
}

/// Decodes one whole logs answer into its bounded tail.
///
/// For an answer that arrives in chunks, feed a [`LogsDecoder`] over a [`LogTail`] instead:
/// the result is the same and the body need not be in memory at once.
///
/// ```
/// use jobglass::logs::{decode_logs, TailOptions};
///
/// let options = TailOptions { tail_lines: Some(2), ..TailOptions::default() };
/// let log = decode_logs(br#"{"logs": "a\nb\r\nc"}"#, options).unwrap();
/// assert_eq!(log.text, "b\r\nc");
/// assert_eq!((log.line_count, log.dropped_bytes, log.truncated), (2, 2, true));
///
/// let err = decode_logs(br#"{"logs": 42}"#, TailOptions::default()).unwrap_err();
/// assert_eq!(err.code, jobglass::ErrorCode::InvalidResponse);
/// ```
pub fn decode_logs(body: &[u8], options: TailOptions) -> Result<TailedLog, JobglassError> {
    let mut decoder = LogsDecoder::new(LogTail::new(options));
    decoder.feed(body)?;
    decoder.finish()?;
    Ok(decoder.into_sink().into_result())
}
