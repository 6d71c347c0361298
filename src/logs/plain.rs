//! A streaming decoder for a log sent as plain text: Ray's `/api/v0/logs/file` streams a worker's
//! file as its bytes (docs/api.md §15), where `/api/jobs/{id}/logs` wraps the driver's in JSON.

use super::LogSink;

/// Decodes UTF-8 text fed in chunks split at any byte, handing whole characters to a sink.
///
/// Bytes that are not UTF-8 become U+FFFD, one for each maximal invalid sequence, as
/// `TextDecoder` does; a character cut by a chunk's end waits for the next chunk, and one still
/// cut when the body ends becomes U+FFFD.
///
/// ```
/// use jobglass::logs::PlainText;
///
/// let mut text = PlainText::new(String::new());
/// let bytes = "café 😀\n".as_bytes();
/// text.feed(&bytes[..4]); // in the middle of `é`
/// text.feed(&bytes[4..8]); // in the middle of 😀
/// text.feed(&bytes[8..]);
/// text.finish();
/// assert_eq!(text.sink(), "café 😀\n");
/// ```
#[derive(Clone, Debug)]
pub struct PlainText<S> {
    sink: S,
    /// The start of a character the last chunk's end cut short (at most 3 bytes).
    carry: Vec<u8>,
}

impl<S: LogSink> PlainText<S> {
    /// A decoder at the start of a body.
    pub fn new(sink: S) -> Self {
        PlainText {
            sink,
            carry: Vec::new(),
        }
    }

    /// Reads the next chunk, handing the text it completes to the sink.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.carry.is_empty() {
            self.decode(chunk);
        } else {
            // A chunk copied only when the last one cut a character (at most 3 bytes wait).
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(chunk);
            self.decode(&joined);
        }
    }

    /// The body has ended: a character still cut becomes U+FFFD.
    pub fn finish(&mut self) {
        if !self.carry.is_empty() {
            self.carry.clear();
            self.sink.push("\u{FFFD}");
        }
    }

    /// Starts again at the start of a body (a request resent).
    pub fn reset(&mut self) {
        self.carry.clear();
    }

    /// The sink.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// The sink, to change.
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// The sink, with everything decoded so far.
    pub fn into_sink(self) -> S {
        self.sink
    }

    fn decode(&mut self, mut bytes: &[u8]) {
        loop {
            match std::str::from_utf8(bytes) {
                Ok(s) => {
                    if !s.is_empty() {
                        self.sink.push(s);
                    }
                    return;
                }
                Err(e) => {
                    let (valid, rest) = bytes.split_at(e.valid_up_to());
                    if let Ok(s) = std::str::from_utf8(valid) {
                        if !s.is_empty() {
                            self.sink.push(s);
                        }
                    }
                    match e.error_len() {
                        None => {
                            self.carry = rest.to_vec();
                            return;
                        }
                        Some(n) => {
                            self.sink.push("\u{FFFD}");
                            bytes = &rest[n..];
                        }
                    }
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn decoded(chunks: &[&[u8]]) -> String {
        let mut t = PlainText::new(String::new());
        for c in chunks {
            t.feed(c);
        }
        t.finish();
        t.into_sink()
    }

    #[test]
    fn invalid_and_cut_bytes_are_replaced_as_text_decoder_does() {
        assert_eq!(decoded(&[b"a\xffb"]), "a\u{FFFD}b");
        assert_eq!(decoded(&[b"a\xe4\xb8"]), "a\u{FFFD}");
        assert_eq!(decoded(&[b"\xe4", b"\xb8", b"\xad!"]), "\u{4E2D}!");
        assert_eq!(decoded(&[b"\xe4\xb8x"]), "\u{FFFD}x");
    }

    proptest::proptest! {
        #[test]
        fn any_split_gives_what_one_whole_read_gives(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64), cuts in proptest::collection::vec(0usize..64, 0..6)) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort();
            let mut chunks = Vec::new();
            let mut at = 0;
            for c in cuts {
                chunks.push(&bytes[at..c]);
                at = c;
            }
            chunks.push(&bytes[at..]);
            proptest::prop_assert_eq!(decoded(&chunks), String::from_utf8_lossy(&bytes).into_owned());
        }
    }
}
