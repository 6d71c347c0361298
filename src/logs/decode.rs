//! A streaming decoder for Ray's logs answer, `{"logs": "<the whole file>"}`.
//!
//! The body is read in chunks split at any byte: inside a key, an escape, a `\uD83D\uDE00`
//! surrogate pair or a multi-byte character. The `logs` string is decoded straight to a
//! [`LogSink`]; every other member is checked as JSON and skipped without being kept, so memory
//! does not depend on the body's size.
//!
//! The text is what `JSON.parse` and then `TextEncoder` make of the body in JavaScript (where
//! `Response.json()` decodes the bytes with a non-fatal UTF-8 decoder first):
//! - a lone surrogate escape (`\ud83d` not followed by a low-surrogate escape, or a lone
//!   `\ude00`) becomes U+FFFD, as `TextEncoder` writes it;
//! - bytes that are not UTF-8 become U+FFFD, one for each maximal invalid sequence, as
//!   `TextDecoder` does (Python's `json.dumps`, which Ray uses, escapes everything outside ASCII,
//!   so this only matters for answers from elsewhere);
//! - a leading UTF-8 byte order mark is skipped, as `TextDecoder` does.
//!
//! What `JSON.parse` rejects is rejected as `INVALID_RESPONSE`: an unknown escape (`\x`), a
//! `\u` without four hex digits, a raw control character inside a string, a structure error,
//! text after the object. So is a body whose top value is not an object, whose `logs` is missing
//! or not a string, or that has two `logs` members (where `JSON.parse` would silently keep the
//! second, after the first was already handed on).

use super::LogSink;
use crate::error::JobglassError;

/// Decoded text is handed on once this much has gathered, so a chunk of any size costs a
/// bounded buffer, and a sink sees few, large pieces rather than one per escape.
const FLUSH_AT: usize = 32 * 1024;
/// A plain run at least this long goes to the sink as it is, without a copy through the buffer.
const DIRECT_RUN: usize = 4 * 1024;
/// Deeper nesting is rejected, as the crate's JSON reader does; the skipped members need no
/// more and the container stack is one `u128`.
const MAX_DEPTH: u32 = 128;
/// What a key longer than `logs`, or not ASCII, is marked with: it cannot be `logs`.
const KEY_OTHER: u8 = u8::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the very start: this many bytes of a byte order mark seen.
    Bom(u8),
    /// Before the top-level value.
    Start,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` in an object: a key.
    Key,
    /// After a key.
    Colon,
    /// After `:`, or `,` in an array.
    Value,
    /// After `[`: a value or `]`.
    FirstItem,
    /// After a value: `,` or the closing bracket.
    After,
    /// Inside a string; `mode` says what it is.
    Str,
    /// Inside `true`, `false` or `null`, at byte `at`.
    Literal { word: &'static [u8], at: u8 },
    /// Inside a number.
    Number(Num),
    /// After the top-level object: only whitespace may follow.
    Done,
}

/// Where a number is, after the bytes seen so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

/// What the current string is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The `logs` text: decoded to the sink.
    Logs,
    /// A key of the top-level object: decoded far enough to tell whether it is `logs`.
    TopKey,
    /// Anything else: checked and dropped.
    Skip,
}

/// An escape that a chunk's end cut short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Esc {
    None,
    /// After `\`.
    Backslash,
    /// After `\u` and this many hex digits.
    Hex {
        digits: u8,
        value: u16,
    },
}

/// Decodes a logs answer fed in chunks, handing the `logs` text to a [`LogSink`].
///
/// [`feed`](Self::feed) each chunk as it arrives, then [`finish`](Self::finish) once the body
/// has ended. Text reaches the sink in order, in pieces of whole characters, by the end of each
/// `feed` (an escape or character cut by the chunk's end waits for the next chunk). After an
/// error every call returns that error again.
///
/// ```
/// use jobglass::logs::{LogTail, LogsDecoder, TailOptions};
///
/// let body = r#"{"other": [1, {"x": null}], "logs": "caf\u00e9 \ud83d\ude00\n"}"#.as_bytes();
/// let mut decoder = LogsDecoder::new(String::new());
/// // Split in the middle of both the `\u00e9` escape and the surrogate pair.
/// for chunk in [&body[..42], &body[42..52], &body[52..]] {
///     decoder.feed(chunk).unwrap();
/// }
/// decoder.finish().unwrap();
/// assert_eq!(decoder.sink(), "café 😀\n");
///
/// // Over a bounded tail, for a body of any size:
/// let mut decoder = LogsDecoder::new(LogTail::new(TailOptions::default()));
/// decoder.feed(br#"{"logs": ""}"#).unwrap();
/// decoder.finish().unwrap();
/// assert_eq!(decoder.into_sink().into_result().text, "");
/// ```
#[derive(Clone, Debug)]
pub struct LogsDecoder<S> {
    sink: S,
    state: State,
    /// Open containers; bit `d` is set when the one at depth `d + 1` is an object.
    depth: u32,
    objects: u128,
    mode: Mode,
    is_key: bool,
    esc: Esc,
    /// A high surrogate waiting for its low half (0: none).
    high: u16,
    /// The start of a character a chunk's end cut short (`logs` only).
    utf8: [u8; 4],
    utf8_len: u8,
    /// The current top-level key so far, or `KEY_OTHER`.
    key: [u8; 4],
    key_len: u8,
    /// The value being read next is the `logs` member.
    logs_next: bool,
    seen_logs: bool,
    /// Decoded text not yet handed to the sink: UTF-8 by construction, checked once per flush
    /// (in bulk, cheaper than a check per short run between escapes, and with no `unsafe`).
    out: Vec<u8>,
    /// Bytes of earlier chunks, for error positions.
    consumed: u64,
    failed: Option<JobglassError>,
}

impl<S: LogSink> LogsDecoder<S> {
    /// A decoder at the start of a body.
    pub fn new(sink: S) -> Self {
        LogsDecoder {
            sink,
            state: State::Bom(0),
            depth: 0,
            objects: 0,
            mode: Mode::Skip,
            is_key: false,
            esc: Esc::None,
            high: 0,
            utf8: [0; 4],
            utf8_len: 0,
            key: [0; 4],
            key_len: 0,
            logs_next: false,
            seen_logs: false,
            out: Vec::new(),
            consumed: 0,
            failed: None,
        }
    }

    /// Reads the next chunk of the body, handing the text it completes to the sink.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JobglassError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.run(chunk);
        // Text decoded before an error is right as far as it goes: hand it on either way.
        self.flush();
        self.consumed += chunk.len() as u64;
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// Checks that the body ended where a complete answer ends and had a `logs` string.
    pub fn finish(&mut self) -> Result<(), JobglassError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.flush();
        let result = match self.state {
            State::Done if self.seen_logs => Ok(()),
            State::Done => Err(JobglassError::invalid_response(
                "the logs answer has no `logs` member",
            )),
            State::Bom(_) | State::Start => Err(JobglassError::invalid_response(
                "the logs answer is empty, expected {\"logs\": \"…\"}",
            )),
            _ => Err(JobglassError::invalid_response(format!(
                "the logs answer ended after {} bytes, before its JSON object was complete",
                self.consumed
            ))),
        };
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// Starts over for a new body, keeping the sink (e.g. for the next poll).
    pub fn reset(&mut self) {
        self.state = State::Bom(0);
        self.depth = 0;
        self.objects = 0;
        self.mode = Mode::Skip;
        self.is_key = false;
        self.esc = Esc::None;
        self.high = 0;
        self.utf8_len = 0;
        self.key_len = 0;
        self.logs_next = false;
        self.seen_logs = false;
        self.out.clear();
        self.consumed = 0;
        self.failed = None;
    }

    /// The sink.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// The sink, to change (e.g. to take what a follower has to hand out).
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// The sink, with everything decoded so far.
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// Bytes the decoder itself holds reserved (its text buffer; the sink's are its own).
    pub fn buffer_capacity(&self) -> usize {
        self.out.capacity()
    }

    fn run(&mut self, b: &[u8]) -> Result<(), JobglassError> {
        let mut i = 0;
        while i < b.len() {
            match self.state {
                State::Str => i = self.string(b, i)?,
                State::Number(n) => i = self.number(n, b, i)?,
                State::Literal { word, at } => i = self.literal(word, at, b, i)?,
                State::Bom(seen) => {
                    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
                    if b[i] == BOM[usize::from(seen)] {
                        self.state = if seen == 2 {
                            State::Start
                        } else {
                            State::Bom(seen + 1)
                        };
                        i += 1;
                    } else if seen == 0 {
                        self.state = State::Start;
                    } else {
                        return Err(self.syntax("expected a JSON object", i));
                    }
                }
                _ => {
                    self.structural(b[i], i)?;
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// One byte outside strings, numbers and literals.
    fn structural(&mut self, c: u8, i: usize) -> Result<(), JobglassError> {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            return Ok(());
        }
        match self.state {
            State::Start => {
                if c != b'{' {
                    return Err(JobglassError::invalid_response(format!(
                        "the logs answer is {}, expected a JSON object {{\"logs\": \"…\"}}",
                        describe(c)
                    )));
                }
                self.open(true, i)?;
                self.state = State::FirstKey;
            }
            State::FirstKey | State::Key => match c {
                b'"' => {
                    let mode = if self.depth == 1 {
                        Mode::TopKey
                    } else {
                        Mode::Skip
                    };
                    self.begin_string(mode, true);
                }
                b'}' if self.state == State::FirstKey => self.close(),
                _ => return Err(self.syntax("expected a key", i)),
            },
            State::Colon => {
                if c != b':' {
                    return Err(self.syntax("expected ':'", i));
                }
                self.state = State::Value;
            }
            State::Value => self.begin_value(c, i)?,
            State::FirstItem => {
                if c == b']' {
                    self.close();
                } else {
                    self.begin_value(c, i)?;
                }
            }
            State::After => {
                let object = self.in_object();
                match c {
                    b',' => self.state = if object { State::Key } else { State::Value },
                    b'}' if object => self.close(),
                    b']' if !object => self.close(),
                    _ if object => return Err(self.syntax("expected ',' or '}'", i)),
                    _ => return Err(self.syntax("expected ',' or ']'", i)),
                }
            }
            State::Done => return Err(self.syntax("unexpected text after the JSON object", i)),
            // `run` hands these to their own readers.
            State::Bom(_) | State::Str | State::Literal { .. } | State::Number(_) => {}
        }
        Ok(())
    }

    fn begin_value(&mut self, c: u8, i: usize) -> Result<(), JobglassError> {
        if self.logs_next {
            self.logs_next = false;
            if c != b'"' {
                return Err(JobglassError::invalid_response(format!(
                    "`logs` in the logs answer is {}, expected a string",
                    describe(c)
                )));
            }
            if self.seen_logs {
                return Err(JobglassError::invalid_response(
                    "the logs answer has more than one `logs` member",
                ));
            }
            self.seen_logs = true;
            self.begin_string(Mode::Logs, false);
            return Ok(());
        }
        self.state = match c {
            b'"' => {
                self.begin_string(Mode::Skip, false);
                return Ok(());
            }
            b'{' => {
                self.open(true, i)?;
                State::FirstKey
            }
            b'[' => {
                self.open(false, i)?;
                State::FirstItem
            }
            b't' => State::Literal {
                word: b"true",
                at: 1,
            },
            b'f' => State::Literal {
                word: b"false",
                at: 1,
            },
            b'n' => State::Literal {
                word: b"null",
                at: 1,
            },
            b'-' => State::Number(Num::Minus),
            b'0' => State::Number(Num::Zero),
            b'1'..=b'9' => State::Number(Num::Int),
            _ => return Err(self.syntax("expected a value", i)),
        };
        Ok(())
    }

    fn open(&mut self, object: bool, i: usize) -> Result<(), JobglassError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.syntax("nested too deeply", i));
        }
        let bit = 1u128 << self.depth;
        if object {
            self.objects |= bit;
        } else {
            self.objects &= !bit;
        }
        self.depth += 1;
        Ok(())
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.state = if self.depth == 0 {
            State::Done
        } else {
            State::After
        };
    }

    fn in_object(&self) -> bool {
        self.depth > 0 && (self.objects >> (self.depth - 1)) & 1 == 1
    }

    fn literal(
        &mut self,
        word: &'static [u8],
        mut at: u8,
        b: &[u8],
        mut i: usize,
    ) -> Result<usize, JobglassError> {
        while i < b.len() {
            if word.get(usize::from(at)) != Some(&b[i]) {
                return Err(self.syntax("expected a value", i));
            }
            at += 1;
            i += 1;
            if usize::from(at) == word.len() {
                self.state = State::After;
                return Ok(i);
            }
        }
        self.state = State::Literal { word, at };
        Ok(i)
    }

    fn number(&mut self, mut n: Num, b: &[u8], mut i: usize) -> Result<usize, JobglassError> {
        while i < b.len() {
            let next = match (n, b[i]) {
                (Num::Minus, b'0') => Num::Zero,
                (Num::Minus | Num::Int, b'0'..=b'9') => Num::Int,
                (Num::Zero | Num::Int, b'.') => Num::Dot,
                (Num::Dot | Num::Frac, b'0'..=b'9') => Num::Frac,
                (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::Exp,
                (Num::Exp, b'+' | b'-') => Num::ExpSign,
                (Num::Exp | Num::ExpSign | Num::ExpDigits, b'0'..=b'9') => Num::ExpDigits,
                _ if matches!(n, Num::Zero | Num::Int | Num::Frac | Num::ExpDigits) => {
                    // The number ended; this byte belongs to what follows it.
                    self.state = State::After;
                    return Ok(i);
                }
                _ => return Err(self.syntax("invalid number", i)),
            };
            n = next;
            i += 1;
        }
        self.state = State::Number(n);
        Ok(i)
    }

    fn begin_string(&mut self, mode: Mode, is_key: bool) {
        self.state = State::Str;
        self.mode = mode;
        self.is_key = is_key;
        self.esc = Esc::None;
        self.high = 0;
        self.key_len = 0;
    }

    fn end_string(&mut self) {
        if self.high != 0 {
            self.lone_surrogate();
        }
        if self.is_key {
            self.state = State::Colon;
            self.logs_next = self.mode == Mode::TopKey && self.key_len == 4 && self.key == *b"logs";
        } else {
            self.state = State::After;
        }
    }

    /// Reads string bytes from `b[i..]`; returns where it stopped (after the closing quote, or
    /// at the chunk's end).
    fn string(&mut self, b: &[u8], mut i: usize) -> Result<usize, JobglassError> {
        if self.utf8_len > 0 {
            i = self.resume_utf8(b, i);
            if self.utf8_len > 0 {
                return Ok(i);
            }
        }
        while i < b.len() {
            if self.esc != Esc::None {
                self.escape_byte(b[i], i)?;
                i += 1;
                continue;
            }
            let (n, ascii) = plain_len(&b[i..]);
            if n > 0 {
                if self.high != 0 {
                    self.lone_surrogate();
                }
                let end = i + n;
                let run = &b[i..end];
                match self.mode {
                    Mode::Logs if ascii => self.put_bytes(run),
                    Mode::Logs => self.plain_logs(run, end == b.len()),
                    Mode::TopKey => self.key_bytes(run),
                    Mode::Skip => {}
                }
                i = end;
                if i == b.len() {
                    break;
                }
            }
            match b[i] {
                b'"' => {
                    self.end_string();
                    return Ok(i + 1);
                }
                b'\\' => match self.whole_escape(&b[i..], i)? {
                    Some(len) => i += len,
                    None => {
                        self.esc = Esc::Backslash;
                        i += 1;
                    }
                },
                _ => return Err(self.syntax("control character inside a string", i)),
            }
            if self.out.len() >= FLUSH_AT {
                self.flush();
            }
        }
        Ok(i)
    }

    fn plain_logs(&mut self, mut run: &[u8], at_chunk_end: bool) {
        loop {
            match std::str::from_utf8(run) {
                Ok(text) => return self.put_bytes(text.as_bytes()),
                Err(e) => {
                    let (valid, rest) = run.split_at(e.valid_up_to());
                    self.put_bytes(valid);
                    match e.error_len() {
                        Some(bad) => {
                            self.put('\u{FFFD}');
                            run = rest.get(bad..).unwrap_or_default();
                        }
                        // A character the chunk's end cut short: wait for the rest.
                        None if at_chunk_end && rest.len() < 4 => {
                            self.utf8[..rest.len()].copy_from_slice(rest);
                            self.utf8_len = rest.len() as u8;
                            return;
                        }
                        // Cut short by a quote, escape or control byte: it never ends.
                        None => return self.put('\u{FFFD}'),
                    }
                }
            }
        }
    }

    /// Completes the character the last chunk's end cut short, with the first bytes of `b[i..]`;
    /// returns where the string goes on.
    fn resume_utf8(&mut self, b: &[u8], i: usize) -> usize {
        let have = usize::from(self.utf8_len);
        let take = (4 - have).min(b.len() - i);
        let mut bytes = self.utf8;
        bytes[have..have + take].copy_from_slice(&b[i..i + take]);
        let bytes = &bytes[..have + take];
        let (valid, bad) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => (
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
                e.error_len(),
            ),
        };
        if let Some(c) = valid.chars().next() {
            self.utf8_len = 0;
            self.put(c);
            return i + c.len_utf8().saturating_sub(have);
        }
        match bad {
            Some(len) => {
                // What was held is a valid start, so the invalid sequence covers all of it.
                self.utf8_len = 0;
                self.put('\u{FFFD}');
                i + len.saturating_sub(have)
            }
            None => {
                // Still short, and this chunk is used up.
                self.utf8 = [0; 4];
                self.utf8[..bytes.len()].copy_from_slice(bytes);
                self.utf8_len = bytes.len() as u8;
                b.len()
            }
        }
    }

    /// Decodes the escape at the start of `s` if `s` holds all of it; `None` when the chunk
    /// ends first.
    #[inline]
    fn whole_escape(&mut self, s: &[u8], i: usize) -> Result<Option<usize>, JobglassError> {
        let Some(&c) = s.get(1) else {
            return Ok(None);
        };
        if c != b'u' {
            self.simple_escape(c, i + 1)?;
            return Ok(Some(2));
        }
        let Some(hex) = s.get(2..6) else {
            return Ok(None);
        };
        let digits = hex.iter().map(|&h| HEX[usize::from(h)]);
        let unit = digits
            .clone()
            .fold(0u16, |unit, d| unit << 4 | u16::from(d));
        if digits.fold(0, |bad, d| bad | d) > 15 {
            let k = hex
                .iter()
                .take_while(|&&h| HEX[usize::from(h)] <= 15)
                .count();
            return Err(self.syntax("invalid \\u escape", i + 2 + k));
        }
        self.code_unit(unit);
        Ok(Some(6))
    }

    /// The next byte of an escape a chunk's end cut short.
    fn escape_byte(&mut self, c: u8, i: usize) -> Result<(), JobglassError> {
        match self.esc {
            Esc::Backslash if c == b'u' => {
                self.esc = Esc::Hex {
                    digits: 0,
                    value: 0,
                }
            }
            Esc::Backslash => {
                self.esc = Esc::None;
                self.simple_escape(c, i)?;
            }
            Esc::Hex { digits, value } => {
                let digit = HEX[usize::from(c)];
                if digit > 15 {
                    return Err(self.syntax("invalid \\u escape", i));
                }
                let value = value << 4 | u16::from(digit);
                if digits == 3 {
                    self.esc = Esc::None;
                    self.code_unit(value);
                } else {
                    self.esc = Esc::Hex {
                        digits: digits + 1,
                        value,
                    };
                }
            }
            Esc::None => {}
        }
        Ok(())
    }

    #[inline]
    fn simple_escape(&mut self, c: u8, i: usize) -> Result<(), JobglassError> {
        let decoded = match c {
            b'"' | b'\\' | b'/' => c,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            _ => return Err(self.syntax("invalid escape", i)),
        };
        if self.high != 0 {
            self.lone_surrogate();
        }
        if self.mode == Mode::Logs {
            self.out.push(decoded);
        } else {
            self.put(char::from(decoded));
        }
        Ok(())
    }

    /// One UTF-16 code unit from a `\u` escape: surrogates pair up, or become U+FFFD alone.
    #[inline]
    fn code_unit(&mut self, unit: u16) {
        if self.high != 0 {
            if (0xDC00..0xE000).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(self.high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                self.high = 0;
                self.put(char::from_u32(code).unwrap_or('\u{FFFD}'));
                return;
            }
            self.lone_surrogate();
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.high = unit;
        } else {
            self.put(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
        }
    }

    fn lone_surrogate(&mut self) {
        self.high = 0;
        self.put('\u{FFFD}');
    }

    #[inline]
    fn put(&mut self, c: char) {
        match self.mode {
            Mode::Logs => push_utf8(&mut self.out, c),
            Mode::TopKey => {
                let mut buf = [0; 4];
                self.key_bytes(c.encode_utf8(&mut buf).as_bytes());
            }
            Mode::Skip => {}
        }
    }

    /// Whole characters of `logs` text.
    #[inline]
    fn put_bytes(&mut self, text: &[u8]) {
        if text.len() >= DIRECT_RUN {
            // Long enough that a check of its own costs little next to the copy it saves.
            if let Ok(text) = std::str::from_utf8(text) {
                self.flush();
                self.sink.push(text);
                return;
            }
        }
        self.out.extend_from_slice(text);
        if self.out.len() >= FLUSH_AT {
            self.flush();
        }
    }

    fn key_bytes(&mut self, bytes: &[u8]) {
        let len = usize::from(self.key_len);
        match self.key.get_mut(len..len + bytes.len()) {
            Some(dest) if self.key_len != KEY_OTHER && bytes.is_ascii() => {
                dest.copy_from_slice(bytes);
                self.key_len += bytes.len() as u8;
            }
            _ => self.key_len = KEY_OTHER,
        }
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            match std::str::from_utf8(&self.out) {
                Ok(text) => self.sink.push(text),
                // Never: `out` only gets whole characters.
                Err(_) => self.sink.push(&String::from_utf8_lossy(&self.out)),
            }
            self.out.clear();
        }
    }

    fn syntax(&self, what: &str, i: usize) -> JobglassError {
        JobglassError::invalid_response(format!(
            "the logs answer is not valid JSON: {what} at byte {}",
            self.consumed + i as u64
        ))
    }
}

/// Appends `c` as UTF-8: written out because `char::encode_utf8` is not inlined at the size
/// optimization the WebAssembly build uses, and every `\u` escape comes through here.
#[inline]
fn push_utf8(out: &mut Vec<u8>, c: char) {
    let code = u32::from(c);
    // The casts keep the low bits on purpose.
    match code {
        0..=0x7F => out.push(code as u8),
        0x80..=0x7FF => {
            out.extend_from_slice(&[0xC0 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8])
        }
        0x800..=0xFFFF => out.extend_from_slice(&[
            0xE0 | (code >> 12) as u8,
            0x80 | ((code >> 6) & 0x3F) as u8,
            0x80 | (code & 0x3F) as u8,
        ]),
        _ => out.extend_from_slice(&[
            0xF0 | (code >> 18) as u8,
            0x80 | ((code >> 12) & 0x3F) as u8,
            0x80 | ((code >> 6) & 0x3F) as u8,
            0x80 | (code & 0x3F) as u8,
        ]),
    }
}

/// How an error names the value starting with `c`.
fn describe(c: u8) -> &'static str {
    match c {
        b'{' => "an object",
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        b'-' | b'0'..=b'9' => "a number",
        _ => "not JSON",
    }
}

/// Hex digit values; 0xFF for bytes that are not one.
const HEX: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'9' => c as u8 - b'0',
            b'a'..=b'f' => c as u8 - b'a' + 10,
            b'A'..=b'F' => c as u8 - b'A' + 10,
            _ => 0xFF,
        };
        c += 1;
    }
    t
};

/// How many bytes at the start of `b` a JSON string holds as they are: up to the first `"`,
/// `\` or control byte; and whether they are all ASCII (then they need no UTF-8 check).
/// Eight bytes at a time, since this loop is most of the decoding time.
#[inline]
fn plain_len(b: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    let mut seen = 0u64;
    for word in b.chunks_exact(8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // A byte's high bit is set in each term when that byte is a zero of `x`, below 0x20
        // for the last; a false mark only ever sits above a true one, so the lowest mark is
        // the first special byte.
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let marks = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        let marks = marks & HIGH;
        if marks != 0 {
            let k = marks.trailing_zeros() / 8;
            seen |= w & ((1u64 << (8 * k)) - 1);
            return (n + k as usize, seen & HIGH == 0);
        }
        seen |= w;
        n += 8;
    }
    for &c in &b[n..] {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        seen |= u64::from(c);
        n += 1;
    }
    (n, seen & HIGH == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `body` whole, byte by byte, and split at every one and (for short bodies) every
    /// two places; all must agree.
    fn decode(body: &[u8]) -> Result<String, JobglassError> {
        let run = |chunks: &[&[u8]]| {
            let mut d = LogsDecoder::new(String::new());
            for c in chunks {
                d.feed(c)?;
            }
            d.finish()?;
            Ok(d.into_sink())
        };
        let whole = run(&[body]);
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(run(&bytes), whole, "byte by byte");
        for i in 0..=body.len() {
            let (a, b) = body.split_at(i);
            assert_eq!(run(&[a, b]), whole, "split at {i}");
            if body.len() <= 48 {
                for j in i..=body.len() {
                    let (b1, b2) = b.split_at(j - i);
                    assert_eq!(run(&[a, b1, b2]), whole, "split at {i} and {j}");
                }
            }
        }
        whole
    }

    fn text(body: &str) -> String {
        decode(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    fn error(body: &[u8]) -> String {
        let e = decode(body).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::InvalidResponse);
        e.message
    }

    #[test]
    fn escapes() {
        let cases = [
            (r#"\n"#, "\n"),
            (r#"\t"#, "\t"),
            (r#"\""#, "\""),
            (r#"\\"#, "\\"),
            (r#"\/"#, "/"),
            (r#"\b"#, "\u{8}"),
            (r#"\f"#, "\u{c}"),
            (r#"\r\n"#, "\r\n"),
            (r#"\u00e9"#, "é"),
            (r#"\u00E9"#, "é"),
            (r#"\u4e2d"#, "中"),
            (r#"\uD83D\uDE00"#, "😀"),
            (r#"\ud83d\ude00"#, "😀"),
            (r#"\u001b[31mred\u001b[0m"#, "\u{1b}[31mred\u{1b}[0m"),
            (r#"\u0000"#, "\0"),
        ];
        for (escaped, want) in cases {
            assert_eq!(
                text(&format!(r#"{{"logs":"{escaped}"}}"#)),
                want,
                "{escaped}"
            );
        }
    }

    #[test]
    fn raw_text() {
        for raw in [
            "",
            "plain",
            "中文日志",
            "emoji 😀 and é",
            "no trailing newline",
            "x/y",
        ] {
            let body = format!(r#"{{"logs": "{raw}"}}"#);
            assert_eq!(text(&body), raw);
        }
    }

    #[test]
    fn whitespace_and_other_members() {
        let body = " \r\n\t{ \"a\" : 1 , \"b\": [true, false, null, -1.5e+3, 0, {\"c\": \"\\\"}\"}, []],\n \"logs\" :\"x\\ny\" , \"z\": {} } \n";
        assert_eq!(text(body), "x\ny");
        // A key spelled with escapes is still `logs`; near misses are other members.
        assert_eq!(text(r#"{"\u006cogs": "a"}"#), "a");
        assert_eq!(
            text(r#"{"log": "x", "logs2": "y", "logs": "a", "Logs": 1}"#),
            "a"
        );
        // `logs` keys below the top level are data.
        assert_eq!(text(r#"{"x": {"logs": 1}, "logs": "a"}"#), "a");
        // A byte order mark is skipped.
        assert_eq!(decode(b"\xEF\xBB\xBF{\"logs\": \"a\"}").unwrap(), "a");
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let cases = [
            (r#"\ud83d"#, "\u{FFFD}"),
            (r#"\ude00"#, "\u{FFFD}"),
            (r#"\ud83dx"#, "\u{FFFD}x"),
            (r#"\ud83d\n"#, "\u{FFFD}\n"),
            (r#"\ud83d\ud83d\ude00"#, "\u{FFFD}😀"),
            (r#"\ud83d\u0041"#, "\u{FFFD}A"),
            (r#"\ude00\ud83d"#, "\u{FFFD}\u{FFFD}"),
        ];
        for (escaped, want) in cases {
            assert_eq!(
                text(&format!(r#"{{"logs":"{escaped}"}}"#)),
                want,
                "{escaped}"
            );
        }
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        let cases: [(&[u8], &str); 6] = [
            (b"a\xffb", "a\u{FFFD}b"),
            (b"\xe4\xb8", "\u{FFFD}"),
            (b"\xe4\xb8\\n", "\u{FFFD}\n"),
            (b"\xe4\xb8x\xe4\xb8\xad", "\u{FFFD}x中"),
            (b"\xf0\x9f\x98", "\u{FFFD}"),
            (b"\xc0\xaf", "\u{FFFD}\u{FFFD}"),
        ];
        for (raw, want) in cases {
            let body = [&b"{\"logs\":\""[..], raw, b"\"}"].concat();
            assert_eq!(decode(&body).unwrap(), want, "{raw:?}");
        }
    }

    #[test]
    fn bodies_that_are_not_a_logs_object() {
        let cases: [(&[u8], &str); 23] = [
            (b"", "empty"),
            (b"  \n", "empty"),
            (b"[]", "is an array"),
            (b"\"logs\"", "is a string"),
            (b"<html>", "is not JSON"),
            (b"{}", "no `logs` member"),
            (b"{\"x\": \"logs\"}", "no `logs` member"),
            (b"{\"logs\": 1}", "`logs` in the logs answer is a number"),
            (b"{\"logs\": null}", "is null"),
            (b"{\"logs\": [\"a\"]}", "is an array"),
            (b"{\"logs\": \"a\", \"logs\": \"b\"}", "more than one"),
            (b"{\"logs\": \"a\"", "ended after 12 bytes"),
            (b"{\"logs\": \"a", "ended after"),
            (b"{\"logs\": \"a\\u00", "ended after"),
            (
                b"{\"logs\": \"a\"} x",
                "unexpected text after the JSON object at byte 14",
            ),
            (b"{\"logs\": \"a\\x\"}", "invalid escape at byte 12"),
            (b"{\"logs\": \"\\u12g4\"}", "invalid \\u escape at byte 14"),
            (
                b"{\"logs\": \"a\nb\"}",
                "control character inside a string at byte 11",
            ),
            (
                b"{\"logs\": \"a\tb\"}",
                "control character inside a string at byte 11",
            ),
            (b"{\"logs\" \"a\"}", "expected ':'"),
            (b"{\"a\": 1 \"logs\": \"\"}", "expected ',' or '}'"),
            (b"{\"a\": [1 2], \"logs\": \"\"}", "expected ',' or ']'"),
            (b"{logs: \"\"}", "expected a key"),
        ];
        for (body, want) in cases {
            let message = error(body);
            assert!(
                message.contains(want),
                "{:?}: {message}",
                String::from_utf8_lossy(body)
            );
        }
        for bad_value in [
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            "falsey",
            "[1,]",
            "{\"a\":1,}",
            "'a'",
        ] {
            let body = format!("{{\"x\": {bad_value}, \"logs\": \"\"}}");
            error(body.as_bytes());
        }
        for good_value in [
            "0",
            "-0",
            "1.5e-3",
            "-12E+2",
            "[]",
            "{}",
            "[[[]]]",
            "\"\\u00e9\"",
        ] {
            let body = format!("{{\"x\": {good_value}, \"logs\": \"ok\"}}");
            assert_eq!(text(&body), "ok", "{good_value}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{{\"x\": {}", "[".repeat(10_000));
        assert!(error(deep.as_bytes()).contains("nested too deeply"));
        let ok = format!(
            "{{\"x\": {}{}, \"logs\": \"a\"}}",
            "[".repeat(120),
            "]".repeat(120)
        );
        assert_eq!(text(&ok), "a");
    }

    #[test]
    fn errors_stick_and_reset_starts_over() {
        let mut d = LogsDecoder::new(String::new());
        assert!(d.feed(b"{\"logs\": \"ab\\q").is_err());
        assert_eq!(d.sink(), "ab", "text before the error was handed on");
        assert!(d.feed(b"\"}").is_err());
        assert!(d.finish().is_err());
        d.reset();
        d.sink_mut().clear();
        d.feed(b"{\"logs\": \"cd\"}").unwrap();
        d.finish().unwrap();
        assert_eq!(d.into_sink(), "cd");
    }

    #[test]
    fn plain_len_stops_at_the_first_special_byte() {
        let mut body = vec![b'a'; 40];
        assert_eq!(plain_len(&body), (40, true));
        for special in [b'"', b'\\', 0, 0x1f, b'\n'] {
            for at in 0..40 {
                body.fill(b'a');
                body[at] = special;
                // Bytes the marks could be confused by: high bytes and specials after `at`.
                if at + 1 < 40 {
                    body[at + 1] = 0xff;
                }
                if at + 2 < 40 {
                    body[at + 2] = b'"';
                }
                assert_eq!(plain_len(&body), (at, true), "{special} at {at}");
                // A high byte counts only before the special one.
                if at > 0 {
                    body[at - 1] = 0xc3;
                    assert_eq!(plain_len(&body), (at, false), "{special} at {at}");
                }
            }
        }
        let text = "é中😀 ~\u{7f}";
        assert_eq!(plain_len(text.as_bytes()), (text.len(), false));
        assert_eq!(plain_len(b"abcdefgh\xffij"), (11, false));
    }
}
