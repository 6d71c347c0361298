//! The decoder, tail and follower together, against serde_json and plain reference functions.

use super::*;
use proptest::prelude::*;
use std::fmt::Write as _;

/// The reference tail: the last `max` bytes (from the first whole character), then the last
/// `lines` lines, by `split_inclusive` rather than the crate's own scan.
fn reference_tail(s: &str, max: usize, lines: Option<usize>) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    let t = &s[start..];
    match lines {
        None => t,
        Some(n) => {
            let parts: Vec<&str> = t.split_inclusive('\n').collect();
            let skip: usize = parts[..parts.len().saturating_sub(n)]
                .iter()
                .map(|p| p.len())
                .sum();
            &t[skip..]
        }
    }
}

/// A JSON string as Python's `json.dumps` writes it (Ray's server): everything outside
/// printable ASCII as `\uXXXX`, astral characters as surrogate pairs.
fn ascii_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

/// Cuts `body` at the given places (taken modulo its length).
fn chunks<'a>(body: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for c in cuts {
        out.push(&body[at..c]);
        at = c;
    }
    out.push(&body[at..]);
    out
}

fn log_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        2 => Just('\n'),
        1 => prop::sample::select(vec!['\r', '\t', '\u{1b}', '\0', '\u{7f}', '"', '\\', '/']),
        1 => prop::sample::select(vec!['é', '中', '文', '😀', '🚀', '\u{FFFD}', '\u{2028}']),
        1 => any::<char>(),
    ]
}

fn log_text() -> impl Strategy<Value = String> {
    prop::collection::vec(log_char(), 0..120).prop_map(|v| v.into_iter().collect())
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        log_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z\u{e9}\"]{0,5}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn options() -> impl Strategy<Value = TailOptions> {
    (
        prop_oneof![Just(DEFAULT_MAX_LOG_BYTES), 0usize..300],
        prop::option::of(0usize..12),
    )
        .prop_map(|(max_bytes, tail_lines)| TailOptions {
            max_bytes,
            tail_lines,
        })
}

/// `{"logs": …}` with other members around it, compact or pretty, `logs` escaped as serde_json
/// or as Python does.
fn body_for(
    log: &str,
    before: &[(String, serde_json::Value)],
    after: &[(String, serde_json::Value)],
    ascii: bool,
    pretty: bool,
) -> Vec<u8> {
    let mut object = serde_json::Map::new();
    for (k, v) in before.iter().filter(|(k, _)| k != "logs") {
        object.insert(k.clone(), v.clone());
    }
    object.insert("logs".into(), serde_json::Value::String(log.into()));
    for (k, v) in after.iter().filter(|(k, _)| k != "logs") {
        object.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let value = serde_json::Value::Object(object);
    let body = if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .unwrap();
    if !ascii {
        return body.into_bytes();
    }
    let serde_logs = serde_json::to_string(log).unwrap();
    body.replacen(
        &format!("\"logs\": {serde_logs}"),
        &format!("\"logs\": {}", ascii_json_string(log)),
        1,
    )
    .replacen(
        &format!("\"logs\":{serde_logs}"),
        &format!("\"logs\":{}", ascii_json_string(log)),
        1,
    )
    .into_bytes()
}

fn decode_chunks(parts: &[&[u8]], options: TailOptions) -> Result<TailedLog, JobglassError> {
    let mut d = LogsDecoder::new(LogTail::new(options));
    for p in parts {
        d.feed(p)?;
    }
    d.finish()?;
    Ok(d.into_sink().into_result())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decodes_what_serde_json_writes(
        log in log_text(),
        before in prop::collection::vec(("[a-z]{0,6}", json_value()), 0..3),
        after in prop::collection::vec(("[a-z]{0,6}", json_value()), 0..3),
        ascii in any::<bool>(),
        pretty in any::<bool>(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
        options in options(),
    ) {
        let body = body_for(&log, &before, &after, ascii, pretty);
        let got = decode_chunks(&chunks(&body, &cuts), options).unwrap();
        let want = reference_tail(&log, options.max_bytes, options.tail_lines);
        prop_assert_eq!(&got.text, want);
        prop_assert_eq!(got.line_count, want.split_inclusive('\n').count());
        prop_assert_eq!(got.total_bytes, log.len() as u64);
        prop_assert_eq!(got.dropped_bytes, (log.len() - want.len()) as u64);
        prop_assert_eq!(got.truncated, log.len() != want.len());
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_chunking_changes_nothing(
        body in prop::collection::vec(any::<u8>(), 0..200),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let whole = decode_chunks(&[&body], TailOptions::default());
        let split = decode_chunks(&chunks(&body, &cuts), TailOptions::default());
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn damaged_bodies_never_panic_and_chunking_changes_nothing(
        log in log_text(),
        ascii in any::<bool>(),
        damage in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut body = body_for(&log, &[], &[], ascii, false);
        for (at, byte) in damage {
            let at = at % body.len();
            body[at] = byte;
        }
        let whole = decode_chunks(&[&body], TailOptions::default());
        let split = decode_chunks(&chunks(&body, &cuts), TailOptions::default());
        prop_assert_eq!(&whole, &split);
        // What serde_json takes as a single-`logs` object with a string must agree with it.
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&body) {
            if let Some(serde_json::Value::String(text)) = map.get("logs") {
                if body.windows(6).filter(|w| w == b"\"logs\"").count() == 1 {
                    prop_assert_eq!(&whole.unwrap().text, text);
                }
            }
        }
    }

    #[test]
    fn tail_pieces_match_the_reference(
        pieces in prop::collection::vec(log_text(), 0..30),
        options in options(),
    ) {
        let mut tail = LogTail::new(options);
        for p in &pieces {
            tail.push(p);
            prop_assert!(tail.capacity() <= (2 * options.max_bytes).max(p.len()));
        }
        let whole: String = pieces.concat();
        let got = tail.into_result();
        prop_assert_eq!(&got.text, reference_tail(&whole, options.max_bytes, options.tail_lines));
    }

    /// Passes over a growing log, over WebSocket frames or polled bodies, some cut short by a
    /// dropped connection: what the follower hands out is the bounded tail of the first pass
    /// followed by everything after it, once.
    #[test]
    fn following_hands_out_each_byte_once(
        log in log_text(),
        passes in prop::collection::vec(
            (any::<usize>(), any::<bool>(), any::<bool>(), prop::collection::vec(any::<usize>(), 0..6)),
            0..6,
        ),
        release_early in prop::option::of(any::<usize>()),
        options in options(),
    ) {
        let boundary = |at: usize| {
            let mut at = at % (log.len() + 1);
            while !log.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        // Each pass: how much of the log it reaches, whether it is polled, whether it is
        // complete (the last always is, and reaches the end).
        let mut plan: Vec<(usize, bool, bool, Vec<usize>)> = passes
            .into_iter()
            .map(|(reach, polled, complete, cuts)| (boundary(reach), polled, complete, cuts))
            .collect();
        plan.push((log.len(), false, true, vec![1, 7, 30]));
        plan.push((log.len(), true, true, vec![3]));

        let mut f = LogFollower::new(options);
        let mut got = String::new();
        let mut released_at = None;
        for (reach, polled, complete, cuts) in plan {
            let seen = &log[..reach];
            f.start_pass();
            if polled {
                let body = body_for(seen, &[], &[], reach % 2 == 0, false);
                let mut d = LogsDecoder::new(&mut f);
                let parts = chunks(&body, &cuts);
                // An incomplete poll stops mid-body.
                let parts = if complete { &parts[..] } else { &parts[..parts.len() / 2] };
                for p in parts {
                    d.feed(p).unwrap();
                    got += &d.sink_mut().take_text();
                }
                if complete {
                    d.finish().unwrap();
                }
            } else {
                let mut at = 0;
                let mut cuts: Vec<usize> = cuts.iter().map(|&c| boundary(c).min(reach)).collect();
                cuts.sort_unstable();
                cuts.push(reach);
                for c in cuts {
                    let c = c.max(at);
                    f.push(&seen[at..c]);
                    at = c;
                    if released_at.is_none() && release_early.is_some_and(|r| r % (reach + 1) <= at) {
                        f.release();
                    }
                    if f.is_released() && released_at.is_none() {
                        released_at = Some(at);
                    }
                    got += &f.take_text();
                }
            }
            if complete {
                f.end_pass();
                if released_at.is_none() {
                    released_at = Some(reach);
                }
                got += &f.take_text();
            }
        }
        let released_at = released_at.unwrap();
        let first = reference_tail(&log[..released_at], options.max_bytes, options.tail_lines);
        let want = format!("{first}{}", &log[released_at..]);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(f.delivered_bytes(), log.len() as u64);
        prop_assert_eq!(f.skipped_bytes(), (released_at - first.len()) as u64);
        let logs = f.into_logs();
        prop_assert_eq!(&logs.text, reference_tail(&log, options.max_bytes, options.tail_lines));
        prop_assert_eq!(logs.total_bytes, log.len() as u64);
    }
}

/// A Ray-style body of about `size` bytes, written in pieces of about 64 KiB, with its log.
fn big_body(size: usize, line: &str) -> (Vec<Vec<u8>>, usize, String) {
    let escaped = ascii_json_string(line);
    let escaped = &escaped[1..escaped.len() - 1];
    let per_piece = (64 * 1024 / escaped.len()).max(1);
    let piece = escaped.repeat(per_piece);
    let mut pieces = vec![b"{\"job\": \"raysubmit_1\", \"logs\": \"".to_vec()];
    let mut lines = 0;
    let mut total = 0;
    while total < size {
        pieces.push(piece.clone().into_bytes());
        total += piece.len();
        lines += per_piece;
    }
    pieces.push(b"\"}".to_vec());
    (pieces, lines, line.to_owned())
}

#[test]
fn memory_stays_bounded_for_a_large_log() {
    let max = 64 * 1024;
    let line = "2025-01-01 12:00:00 INFO \u{1b}[32mworker\u{1b}[0m step 中文 😀\tok\r\n";
    let (pieces, lines, line) = big_body(50 << 20, line);
    let mut d = LogsDecoder::new(LogTail::new(TailOptions {
        max_bytes: max,
        tail_lines: None,
    }));
    for p in &pieces {
        // Cut each piece once more, off its natural boundaries.
        let (a, b) = p.split_at(p.len() / 3);
        d.feed(a).unwrap();
        d.feed(b).unwrap();
        assert!(d.sink().capacity() <= 2 * max, "{}", d.sink().capacity());
        assert!(d.buffer_capacity() <= 128 * 1024, "{}", d.buffer_capacity());
    }
    d.finish().unwrap();
    let log = d.into_sink().into_result();
    assert_eq!(log.total_bytes, (lines * line.len()) as u64);
    let whole_tail = line.repeat(max / line.len() + 2);
    assert_eq!(log.text, reference_tail(&whole_tail, max, None));
    assert!(log.truncated);

    // The follower too, with the whole log in one poll and then a few more lines.
    let options = TailOptions {
        max_bytes: max,
        tail_lines: Some(3),
    };
    let mut d = LogsDecoder::new(LogFollower::new(options));
    d.sink_mut().start_pass();
    for p in &pieces {
        d.feed(p).unwrap();
        assert!(d.sink().capacity() <= 3 * max, "{}", d.sink().capacity());
    }
    d.finish().unwrap();
    let mut f = d.into_sink();
    f.end_pass();
    assert_eq!(f.take_text(), line.repeat(3));
    f.push("more\n");
    assert_eq!(f.take_text(), "more\n");
}
