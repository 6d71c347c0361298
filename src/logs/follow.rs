//! Following a growing log: every byte handed out once, in order, across reconnects and polls.

use super::tail::{LogTail, TailOptions, TailedLog};
use super::LogSink;

/// The state behind `followJobLogs`.
///
/// Ray's WebSocket tail sends the log from its first byte on every (re)connect, then new text as
/// it is written; each poll of `/logs` returns the whole log again. Both are *passes* over the
/// log from offset 0. The follower counts how many bytes of the log it has handed out (or
/// deliberately skipped), and in every pass skips that many and hands out only what comes after,
/// so nothing is missing or repeated however often the connection drops.
///
/// The first pass is held back rather than handed out as it comes: a running job may already have
/// written a gigabyte, and the caller should get only its bounded tail ([`TailOptions`]'s last
/// `max_bytes`, then last `tail_lines`; the rest counts as skipped). That first emission is made
/// by [`release`](Self::release), which [`end_pass`](Self::end_pass) implies: a poll's body has a
/// clear end, while a socket's backlog does not, so a WebSocket caller releases once the burst of
/// existing text is over (when frames pause, say). After the first emission everything new is
/// handed out whole.
///
/// Use: [`start_pass`](Self::start_pass) on each connect or poll; [`push`](LogSink::push) each
/// WebSocket frame, or feed each poll body through a [`LogsDecoder`](super::LogsDecoder) over
/// the follower; [`end_pass`](Self::end_pass) when a poll's body is complete. After each push or
/// fed chunk, [`take_text`](Self::take_text) what is new and hand it on: memory then stays within
/// about `2 × max_bytes` plus one chunk. [`logs`](Self::logs) is the final bounded tail.
///
/// ```
/// use jobglass::logs::{LogFollower, LogSink, TailOptions};
///
/// let mut follow = LogFollower::new(TailOptions::default());
/// follow.start_pass(); // WebSocket connected: the server resends the log from its start
/// follow.push("line 1\n");
/// follow.push("line 2\n");
/// follow.release(); // the backlog is in
/// assert_eq!(follow.take_text(), "line 1\nline 2\n");
/// follow.push("line ");
/// assert_eq!(follow.take_text(), "line ");
///
/// follow.start_pass(); // reconnected: everything again, and more
/// follow.push("line 1\nline 2\nline 3\n");
/// assert_eq!(follow.take_text(), "3\n");
/// assert_eq!(follow.logs().text, "line 1\nline 2\nline 3\n");
/// ```
#[derive(Clone, Debug)]
pub struct LogFollower {
    /// The log's bounded tail: the held first pass, then everything handed out.
    tail: LogTail,
    /// Bytes of the log handed out or skipped.
    delivered: u64,
    /// Bytes of the current pass seen.
    pos: u64,
    released: bool,
    skipped: u64,
    /// Text to hand out.
    out: String,
}

impl LogFollower {
    /// A follower that has handed out nothing.
    pub fn new(options: TailOptions) -> Self {
        LogFollower {
            tail: LogTail::new(options),
            delivered: 0,
            pos: 0,
            released: false,
            skipped: 0,
            out: String::new(),
        }
    }

    /// A new pass over the log from its first byte begins: a WebSocket (re)connected or a poll
    /// was sent. Before the first emission, what the last pass held is dropped, since this one
    /// sends it again.
    pub fn start_pass(&mut self) {
        if !self.released {
            self.tail = LogTail::new(self.tail.options());
        }
        self.pos = 0;
    }

    /// The current pass is complete (a poll's body was read to its end): releases the first
    /// emission if that has not happened yet.
    pub fn end_pass(&mut self) {
        self.release();
    }

    /// Makes the first emission: the bounded tail of what the current pass has sent so far.
    /// Does nothing after the first time.
    pub fn release(&mut self) {
        if self.released {
            return;
        }
        self.released = true;
        let first = self.tail.result();
        self.out.push_str(&first.text);
        self.skipped = first.dropped_bytes;
        self.delivered = self.pos;
    }

    /// Whether the first emission was made.
    pub fn is_released(&self) -> bool {
        self.released
    }

    /// The text to hand on now (often empty), leaving none.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// Bytes of text waiting for [`take_text`](Self::take_text).
    pub fn pending_bytes(&self) -> usize {
        self.out.len()
    }

    /// Bytes of the log handed out or skipped so far: the offset the next pass resumes after.
    pub fn delivered_bytes(&self) -> u64 {
        self.delivered
    }

    /// Bytes the first emission left out (the beginning of a log longer than the tail bounds).
    pub fn skipped_bytes(&self) -> u64 {
        self.skipped
    }

    /// The log's bounded tail so far, as the caller resolves with at the end.
    pub fn logs(&self) -> TailedLog {
        self.tail.result()
    }

    /// The log's bounded tail, reusing the buffer.
    pub fn into_logs(self) -> TailedLog {
        self.tail.into_result()
    }

    /// Bytes the follower holds reserved (its tail and its waiting text).
    pub fn capacity(&self) -> usize {
        self.tail.capacity() + self.out.capacity()
    }
}

impl LogSink for LogFollower {
    /// The next text of the current pass.
    fn push(&mut self, text: &str) {
        let end = self.pos + text.len() as u64;
        if !self.released {
            self.tail.push(text);
        } else if end > self.delivered {
            let mut from = self.delivered.saturating_sub(self.pos) as usize;
            // Only a pass that differs from the last one puts the resume point inside a
            // character; hand out from the next whole one rather than half of it.
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let new = &text[from..];
            self.out.push_str(new);
            self.tail.push(new);
            self.delivered = end;
        }
        self.pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(max_bytes: usize, tail_lines: Option<usize>) -> TailOptions {
        TailOptions {
            max_bytes,
            tail_lines,
        }
    }

    #[test]
    fn polls_hand_out_only_what_is_new() {
        let mut f = LogFollower::new(TailOptions::default());
        for (body, new) in [
            ("", ""),
            ("a\n", "a\n"),
            ("a\n", ""),
            ("a\nb", "b"),
            ("a\nb\n中", "\n中"),
        ] {
            f.start_pass();
            f.push(body);
            f.end_pass();
            assert_eq!(f.take_text(), new, "{body:?}");
        }
        assert_eq!(f.delivered_bytes(), 7);
        let logs = f.into_logs();
        assert_eq!(logs.text, "a\nb\n中");
        assert_eq!((logs.line_count, logs.dropped_bytes), (3, 0));
    }

    #[test]
    fn websocket_reconnects_repeat_nothing() {
        let mut f = LogFollower::new(TailOptions::default());
        let mut got = String::new();
        f.start_pass();
        for frame in ["one\n", "two\n"] {
            f.push(frame);
        }
        f.release();
        got += &f.take_text();
        f.push("thr");
        got += &f.take_text();
        // Dropped; the next connection resends from the start, in other frame sizes.
        f.start_pass();
        for frame in ["on", "e\ntwo\nt", "hree\n", "four\n"] {
            f.push(frame);
            got += &f.take_text();
        }
        // A connection that drops before catching up hands out nothing.
        f.start_pass();
        f.push("one\n");
        assert_eq!(f.take_text(), "");
        assert_eq!(got, "one\ntwo\nthree\nfour\n");
        assert_eq!(f.logs().text, got);
    }

    #[test]
    fn first_pass_is_bounded_then_everything_new_flows() {
        let mut f = LogFollower::new(options(6, None));
        f.start_pass();
        f.push("0123456789");
        f.push("abc");
        assert_eq!(f.take_text(), "", "held until released");
        f.end_pass();
        assert_eq!(f.take_text(), "789abc");
        assert_eq!((f.skipped_bytes(), f.delivered_bytes()), (7, 13));
        // Later text is handed out whole, even past max_bytes.
        f.start_pass();
        f.push("0123456789abcdefghijkl");
        f.end_pass();
        assert_eq!(f.take_text(), "defghijkl");
        let logs = f.logs();
        assert_eq!(logs.text, "ghijkl");
        assert_eq!((logs.dropped_bytes, logs.total_bytes), (16, 22));
        assert!(logs.truncated);
    }

    #[test]
    fn tail_lines_apply_to_the_first_emission_only() {
        let mut f = LogFollower::new(options(1 << 20, Some(2)));
        f.start_pass();
        f.push("a\nb\nc\nd");
        f.end_pass();
        assert_eq!(f.take_text(), "c\nd");
        assert_eq!(f.skipped_bytes(), 4);
        f.push("\ne\nf\n");
        assert_eq!(f.take_text(), "\ne\nf\n");
        assert_eq!(f.logs().text, "e\nf\n");
    }

    #[test]
    fn a_dropped_first_pass_is_forgotten() {
        let mut f = LogFollower::new(options(4, None));
        f.start_pass();
        f.push("abcdefgh");
        // Reconnected before the backlog was released: the new pass sends it all again.
        f.start_pass();
        f.push("abcdefghij");
        f.release();
        assert_eq!(f.take_text(), "ghij");
        assert_eq!(f.logs().total_bytes, 10);
    }

    #[test]
    fn a_changed_pass_never_splits_a_character() {
        let mut f = LogFollower::new(TailOptions::default());
        f.start_pass();
        f.push("ab");
        f.end_pass();
        assert_eq!(f.take_text(), "ab");
        // Offset 2 falls inside "中" of a log that changed under us.
        f.start_pass();
        f.push("a中x");
        assert_eq!(f.take_text(), "x");
        assert_eq!(f.delivered_bytes(), 5);
    }
}
