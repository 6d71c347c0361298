//! Ray's state API and cluster status parsers (docs/api.md §15) and the rules over them on
//! arbitrary bytes: they may reject a body, never panic; every file name made is one
//! `options.file` accepts back. The search matcher on an arbitrary pattern and line: a pattern
//! is refused or run, never a panic.
#![no_main]

use jobglass::logs::{LineSearch, LogSink, Matcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jobglass::fuzzing::inside_answers(data);
    let text = String::from_utf8_lossy(data);
    let (pattern, line) = text.split_once('\n').unwrap_or((&text, ""));
    for fold in [false, true] {
        if let Ok(m) = Matcher::regex(pattern, fold) {
            let mut search = LineSearch::new(m, 4);
            search.push(line);
            search.finish();
        }
    }
});
