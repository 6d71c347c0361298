//! Jobs written as a tape that the package's JavaScript glue (`src/js/tape.js`) turns into
//! objects: counts, flags and string positions in `ops`, numbers in `nums`, and the text of every
//! string in one buffer that the glue decodes once. Building each job as an object literal from
//! it costs an engine about half what `JSON.parse` of the same job as text costs, and nothing
//! needs quoting here (docs/performance.md).
//!
//! The layout follows `Job`'s members in the order `to_json` writes them:
//! - a string is two words, its start and end in UTF-16 units of the decoded text, or [`NULL`]
//!   twice for null;
//! - an integer is the next number in `nums`, NaN for null;
//! - a map of strings is its length, then each key and value as strings;
//! - a list of strings is its length, then the strings;
//! - a map of JSON values (`extra`, `runtimeEnv.other`) is one string holding it as JSON text,
//!   null when it is empty;
//! - `terminal`, and whether there is a `driver`, are one word each, 0 or 1.

use super::{Extra, Job, Map};
use crate::json::Writer;

/// The word that stands for null where a string's start would be.
pub(crate) const NULL: u32 = u32::MAX;

/// A tape of jobs (the module comment gives its layout).
#[derive(Debug, Default)]
pub(crate) struct Tape {
    pub ops: Vec<u32>,
    pub nums: Vec<f64>,
    /// UTF-8: only whole `str`s are appended.
    pub text: Vec<u8>,
    /// `text`'s length in UTF-16 units, which is where the next string starts once decoded.
    units: u32,
}

impl Tape {
    /// The tape of `jobs`, one after the other.
    pub(crate) fn of_jobs<'a>(jobs: impl ExactSizeIterator<Item = &'a Job>) -> Tape {
        // About forty words, six numbers and 300 bytes of text a job.
        let n = jobs.len();
        let mut tape = Tape {
            ops: Vec::with_capacity(n * 48),
            nums: Vec::with_capacity(n * 6),
            text: Vec::with_capacity(n * 320),
            units: 0,
        };
        for job in jobs {
            tape.job(job);
        }
        tape
    }

    fn job(&mut self, job: &Job) {
        self.str(job.kind);
        self.str(match job.dialect {
            super::Dialect::Openyuanrong => "openyuanrong",
            super::Dialect::Ray => "ray",
        });
        self.str(&job.job_type);
        self.opt_str(job.submission_id.as_deref());
        self.opt_str(job.job_id.as_deref());
        self.opt_str(job.entrypoint.as_deref());
        self.str(job.status.as_str());
        self.opt_str(job.raw_status.as_deref());
        self.flag(job.terminal);
        self.opt_str(job.message.as_deref());
        self.opt_str(job.error_type.as_deref());
        self.int(job.start_time);
        self.int(job.end_time);
        self.int(job.duration_ms);
        self.flag(job.driver.is_some());
        if let Some(d) = &job.driver {
            self.opt_str(d.id.as_deref());
            self.opt_str(d.node_ip_address.as_deref());
            self.int(d.pid);
        }
        self.opt_str(job.driver_node_id.as_deref());
        self.opt_str(job.driver_agent_http_address.as_deref());
        self.int(job.driver_exit_code);
        self.map(&job.metadata);
        let env = &job.runtime_env;
        self.opt_str(env.working_dir.as_deref());
        self.map(&env.env_vars);
        self.strs(&env.pip);
        self.opt_str(env.pip_command.as_deref());
        self.json(&env.other);
        self.strs(&job.warnings);
        self.json(&job.extra);
    }

    fn str(&mut self, s: &str) {
        let start = self.units;
        self.text.extend_from_slice(s.as_bytes());
        self.units += utf16_len(s);
        self.ops.extend([start, self.units]);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.ops.extend([NULL, NULL]),
        }
    }

    fn int(&mut self, n: Option<i64>) {
        // As `JSON.parse` reads the integer's digits: the nearest double.
        self.nums.push(n.map_or(f64::NAN, |n| n as f64));
    }

    fn flag(&mut self, b: bool) {
        self.ops.push(u32::from(b));
    }

    fn map(&mut self, map: &Map) {
        self.ops.push(map.len() as u32);
        for (k, v) in map.iter() {
            self.str(k);
            self.str(v);
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.ops.push(list.len() as u32);
        for s in list {
            self.str(s);
        }
    }

    fn json(&mut self, values: &Extra) {
        if values.is_empty() {
            return self.opt_str(None);
        }
        let mut w = Writer::default();
        w.raw_map(values.iter());
        self.str(&w.finish());
    }
}

/// How many UTF-16 units `s` takes in JavaScript.
fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() {
        return s.len() as u32;
    }
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings of a tape, read back as the glue reads them (by UTF-16 positions).
    fn string_at(tape: &Tape, word: usize) -> Option<String> {
        let (start, end) = (tape.ops[word], tape.ops[word + 1]);
        if start == NULL {
            return None;
        }
        let units: Vec<u16> = std::str::from_utf8(&tape.text)
            .unwrap()
            .encode_utf16()
            .collect();
        Some(String::from_utf16(&units[start as usize..end as usize]).unwrap())
    }

    #[test]
    fn strings_are_found_by_utf16_position() {
        let job = crate::parse_job(
            r#"{"type":"SUBMISSION","submission_id":"é😀\"x","job_id":null,"status":"RUNNING"}"#,
        )
        .unwrap();
        let tape = Tape::of_jobs([&job].into_iter());
        let strings: Vec<_> = (0..8).map(|i| string_at(&tape, 2 * i)).collect();
        assert_eq!(
            strings[..6],
            [
                Some("job".into()),
                Some("ray".into()),
                Some("SUBMISSION".into()),
                Some("é😀\"x".into()),
                None,
                None,
            ]
        );
        // "é" is one unit and "😀" two, though they are two and four bytes.
        assert_eq!(tape.ops[6] + 5, tape.ops[7]);
    }

    #[test]
    fn numbers_flags_maps_and_json_values() {
        let job = crate::parse_job(
            r#"{"status":"SUCCEEDED","start_time":1755484077000,"end_time":1755484079000,
                "metadata":{"b":"2","a":"1"},"driver_info":{"id":"d","pid":"7"},"x":[1]}"#,
        )
        .unwrap();
        let tape = Tape::of_jobs([&job, &job].into_iter());
        // startTime, endTime, durationMs, pid, driverExitCode (null: no exit code given).
        assert_eq!(
            tape.nums[..4],
            [1_755_484_077_000.0, 1_755_484_079_000.0, 2000.0, 7.0]
        );
        assert!(tape.nums[4].is_nan());
        assert_eq!(tape.nums.len(), 10, "two jobs");
        let text = String::from_utf8(tape.text.clone()).unwrap();
        assert!(text.contains(r#"{"x":[1]}"#), "extra as JSON text: {text}");
        assert!(text.contains("b2a1"), "the map in order: {text}");
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len("中文"), 2);
    }
}
