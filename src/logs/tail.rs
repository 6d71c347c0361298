//! The bounded tail of a log: the last `max_bytes` bytes, and optionally the last lines.

use super::LogSink;

/// The default for [`TailOptions::max_bytes`]: 8 MiB, the contract's `maxLogBytes` default.
pub const DEFAULT_MAX_LOG_BYTES: usize = 8 << 20;

/// How much of a log to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TailOptions {
    /// Keep at most the last this many bytes of text (never half a character).
    pub max_bytes: usize,
    /// Keep only the last this many lines; a last line without `\n` counts as a line.
    pub tail_lines: Option<usize>,
}

impl Default for TailOptions {
    fn default() -> Self {
        TailOptions {
            max_bytes: DEFAULT_MAX_LOG_BYTES,
            tail_lines: None,
        }
    }
}

/// What was kept of a log: the contract's `JobLogs` without `complete`, which only the caller
/// can know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TailedLog {
    /// The kept end of the log, `\r\n` as sent.
    pub text: String,
    /// Lines in `text`; a last line without `\n` counts.
    pub line_count: usize,
    /// Whether `max_bytes` or `tail_lines` dropped the beginning.
    pub truncated: bool,
    /// Bytes of the log before `text` (`total_bytes - text.len()`).
    pub dropped_bytes: u64,
    /// Bytes of decoded text seen in all.
    pub total_bytes: u64,
}

/// A [`LogSink`] that keeps the last [`TailOptions::max_bytes`] of everything pushed.
///
/// The buffer grows up to twice `max_bytes` and is then cut back to the last `max_bytes`
/// (moving one `max_bytes` for every `max_bytes` pushed), so memory stays within about
/// `2 × max_bytes` whatever the log's size, and a small log costs only its size.
///
/// ```
/// use jobglass::logs::{LogSink, LogTail, TailOptions};
///
/// let mut tail = LogTail::new(TailOptions { max_bytes: 8, tail_lines: None });
/// tail.push("first line\n");
/// tail.push("second\n");
/// let log = tail.into_result();
/// assert_eq!(log.text, "\nsecond\n");
/// assert_eq!((log.dropped_bytes, log.total_bytes, log.line_count), (10, 18, 2));
/// ```
#[derive(Clone, Debug)]
pub struct LogTail {
    options: TailOptions,
    buf: String,
    total: u64,
}

impl LogTail {
    /// An empty tail.
    pub fn new(options: TailOptions) -> Self {
        LogTail {
            options,
            buf: String::new(),
            total: 0,
        }
    }

    /// The options it keeps by.
    pub fn options(&self) -> TailOptions {
        self.options
    }

    /// Bytes of text pushed in all.
    pub fn total_bytes(&self) -> u64 {
        self.total
    }

    /// Bytes the buffer holds reserved: at most about `2 × max_bytes`.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// The kept text and its counts, leaving the tail as it is.
    pub fn result(&self) -> TailedLog {
        let kept = self.kept();
        self.summary(kept.to_owned())
    }

    /// The kept text and its counts, reusing the buffer.
    pub fn into_result(mut self) -> TailedLog {
        let start = self.buf.len() - self.kept().len();
        self.buf.drain(..start);
        let text = std::mem::take(&mut self.buf);
        self.summary(text)
    }

    /// The suffix that `max_bytes` and `tail_lines` keep, as a slice of the buffer.
    fn kept(&self) -> &str {
        let tail = suffix_within(&self.buf, self.options.max_bytes);
        match self.options.tail_lines {
            Some(lines) => last_lines(tail, lines),
            None => tail,
        }
    }

    fn summary(&self, text: String) -> TailedLog {
        let dropped_bytes = self.total - text.len() as u64;
        TailedLog {
            line_count: count_lines(&text),
            truncated: dropped_bytes > 0,
            dropped_bytes,
            total_bytes: self.total,
            text,
        }
    }

    /// Grows the buffer for `extra` more bytes without going past `2 × max_bytes`: the usual
    /// doubling could otherwise reserve nearly four times the bound.
    fn reserve(&mut self, extra: usize) {
        let need = self.buf.len() + extra;
        if need > self.buf.capacity() {
            let limit = self.options.max_bytes.saturating_mul(2);
            let want = self.buf.capacity().saturating_mul(2).min(limit).max(need);
            self.buf.reserve_exact(want - self.buf.len());
        }
    }
}

impl LogSink for LogTail {
    fn push(&mut self, text: &str) {
        self.total += text.len() as u64;
        let max = self.options.max_bytes;
        if text.len() >= max {
            // The piece alone fills the tail: nothing before it survives.
            let kept = suffix_within(text, max);
            self.buf.clear();
            self.reserve(kept.len());
            self.buf.push_str(kept);
            return;
        }
        if self.buf.len() + text.len() > max.saturating_mul(2) {
            let cut = self.buf.len() - suffix_within(&self.buf, max).len();
            self.buf.drain(..cut);
        }
        self.reserve(text.len());
        self.buf.push_str(text);
    }
}

/// The longest suffix of `s` of at most `max` bytes that starts on a character: a character cut
/// by the limit is dropped whole rather than split.
pub(super) fn suffix_within(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The last `n` lines of `s`. The `\n` ending the last line belongs to that line, so
/// `"a\nb\n"` and `"a\nb"` both hold two lines.
fn last_lines(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    let bytes = s.as_bytes();
    let end = bytes.len() - usize::from(bytes.last() == Some(&b'\n'));
    let mut seen = 0;
    for (i, &b) in bytes[..end].iter().enumerate().rev() {
        if b == b'\n' {
            seen += 1;
            if seen == n {
                return &s[i + 1..];
            }
        }
    }
    s
}

/// Lines in `s`, as [`last_lines`] counts them.
fn count_lines(s: &str) -> usize {
    let newlines = s.bytes().filter(|&b| b == b'\n').count();
    newlines + usize::from(!s.is_empty() && !s.ends_with('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail_of(pieces: &[&str], max_bytes: usize, tail_lines: Option<usize>) -> TailedLog {
        let mut tail = LogTail::new(TailOptions {
            max_bytes,
            tail_lines,
        });
        for p in pieces {
            tail.push(p);
        }
        let by_ref = tail.result();
        let owned = tail.into_result();
        assert_eq!(by_ref, owned);
        owned
    }

    #[test]
    fn keeps_everything_under_the_limit() {
        let log = tail_of(&["a\n", "b\n", "c"], 100, None);
        assert_eq!(log.text, "a\nb\nc");
        assert_eq!(log.line_count, 3);
        assert!(!log.truncated);
        assert_eq!((log.dropped_bytes, log.total_bytes), (0, 5));
    }

    #[test]
    fn empty_log() {
        let log = tail_of(&[], 100, Some(5));
        assert_eq!(log, TailedLog::default());
        let log = tail_of(&["", ""], 0, None);
        assert_eq!(log, TailedLog::default());
    }

    #[test]
    fn max_bytes_keeps_the_exact_suffix() {
        let log = tail_of(&["0123456789", "abcdef"], 4, None);
        assert_eq!(log.text, "cdef");
        assert_eq!((log.dropped_bytes, log.total_bytes), (12, 16));
        assert!(log.truncated);
        assert_eq!(log.line_count, 1);
    }

    #[test]
    fn a_cut_character_is_dropped_whole_and_counted() {
        // "中" is 3 bytes: a 5-byte limit over "中文" (6 bytes) keeps only "文".
        let log = tail_of(&["中文"], 5, None);
        assert_eq!(log.text, "文");
        assert_eq!(log.dropped_bytes, 3);
        // The same through compaction, one byte-sized piece at a time.
        let log = tail_of(&["x", "😀", "é", "\n", "😀"], 5, None);
        assert_eq!(log.text, "\n😀");
        assert_eq!(log.dropped_bytes, 7);
    }

    #[test]
    fn tail_lines() {
        let cases: [(&str, usize, &str); 9] = [
            ("a\nb\nc\n", 2, "b\nc\n"),
            ("a\nb\nc", 2, "b\nc"),
            ("a\nb\nc", 3, "a\nb\nc"),
            ("a\nb\nc", 9, "a\nb\nc"),
            ("a\r\nb\r\n", 1, "b\r\n"),
            ("a\n\n\n", 2, "\n\n"),
            ("\n", 1, "\n"),
            ("abc", 0, ""),
            ("a\tb\nc\td", 1, "c\td"),
        ];
        for (text, n, want) in cases {
            let log = tail_of(&[text], 100, Some(n));
            assert_eq!(log.text, want, "{text:?} {n}");
            assert_eq!(log.dropped_bytes, (text.len() - want.len()) as u64);
            assert_eq!(log.truncated, text.len() != want.len());
            assert_eq!(log.line_count, n.min(count_lines(text)));
        }
    }

    #[test]
    fn tail_lines_within_max_bytes() {
        // max_bytes cuts first (into the middle of "bbb"), then the last 2 lines are kept:
        // the cut first line counts as a line.
        let log = tail_of(&["aaa\nbbb\ncc\n"], 6, Some(2));
        assert_eq!(log.text, "bb\ncc\n");
        assert_eq!(log.line_count, 2);
        assert_eq!(log.dropped_bytes, 5);
    }

    #[test]
    fn counts_lines() {
        assert_eq!(count_lines(""), 0);
        assert_eq!(count_lines("a"), 1);
        assert_eq!(count_lines("a\n"), 1);
        assert_eq!(count_lines("a\r\nb"), 2);
        assert_eq!(count_lines("\n\n"), 2);
    }

    #[test]
    fn capacity_stays_within_twice_the_limit() {
        let max = 1000;
        let mut tail = LogTail::new(TailOptions {
            max_bytes: max,
            tail_lines: None,
        });
        let line = "0123456789abcdefghi\n";
        let mut whole = String::new();
        for i in 0..5000 {
            let piece = &line[..1 + i % line.len()];
            tail.push(piece);
            whole.push_str(piece);
            assert!(tail.capacity() <= 2 * max, "{}", tail.capacity());
        }
        let log = tail.into_result();
        assert_eq!(log.text, whole[whole.len() - max..]);
        assert_eq!(log.total_bytes, whole.len() as u64);
    }
}
