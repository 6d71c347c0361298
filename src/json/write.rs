//! Writing results as JSON text: for Rust callers (`ToJson`), and for the results that reach
//! JavaScript as text, which it turns into objects with one `JSON.parse`.

use super::read::plain_len;
use crate::base::hex;

/// Appends JSON to a buffer; the caller keeps the structure balanced.
pub struct Writer {
    /// Only ever extended with whole `str`s and ASCII bytes, so it stays UTF-8.
    out: Vec<u8>,
    /// Whether the next member or item needs a comma before it.
    comma: bool,
}

impl Default for Writer {
    fn default() -> Self {
        // A normalized job is about a kilobyte: start there rather than grow into it.
        Writer {
            out: Vec::with_capacity(1024),
            comma: false,
        }
    }
}

impl Writer {
    /// The text written.
    pub fn finish(self) -> String {
        // Always valid (see `out`); the check costs less than a copy and needs no `unsafe`.
        String::from_utf8(self.out).unwrap_or_default()
    }

    #[inline(always)]
    fn sep(&mut self) {
        if self.comma {
            self.out.push(b',');
        }
        self.comma = true;
    }

    /// Starts an object (as a value).
    pub fn open(&mut self) -> &mut Self {
        self.sep();
        self.out.push(b'{');
        self.comma = false;
        self
    }

    /// Ends an object.
    pub fn close(&mut self) -> &mut Self {
        self.out.push(b'}');
        self.comma = true;
        self
    }

    /// Starts an array (as a value).
    pub fn open_list(&mut self) -> &mut Self {
        self.sep();
        self.out.push(b'[');
        self.comma = false;
        self
    }

    /// Ends an array.
    pub fn close_list(&mut self) -> &mut Self {
        self.out.push(b']');
        self.comma = true;
        self
    }

    /// Writes a member's name, one of ours that needs no escaping; its value follows.
    pub fn key(&mut self, name: &'static str) -> &mut Self {
        self.sep();
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.comma = false;
        self
    }

    /// Writes a member's name already quoted with its colon (`"name":`, see `model::to_json`'s
    /// `key!`): one copy where [`Writer::key`] makes three.
    pub fn quoted_key(&mut self, quoted: &'static str) -> &mut Self {
        self.sep();
        self.out.extend_from_slice(quoted.as_bytes());
        self.comma = false;
        self
    }

    /// Writes a key received from a server; its value follows.
    pub(crate) fn key_text(&mut self, key: &str) -> &mut Self {
        self.sep();
        quote(&mut self.out, key);
        self.out.push(b':');
        self.comma = false;
        self
    }

    /// A string value.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        quote(&mut self.out, s);
        self
    }

    /// A string or `null`.
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// An integer.
    pub fn int(&mut self, n: i64) -> &mut Self {
        self.sep();
        itoa(&mut self.out, n);
        self
    }

    /// An integer or `null`.
    pub fn opt_int(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.int(n),
            None => self.raw("null"),
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.raw(if b { "true" } else { "false" })
    }

    /// JSON text written as it is (already checked JSON).
    pub fn raw(&mut self, json: &str) -> &mut Self {
        self.sep();
        self.out.extend_from_slice(json.as_bytes());
        self
    }

    /// A list of strings.
    pub fn strs(&mut self, list: &[String]) -> &mut Self {
        self.open_list();
        for s in list {
            self.str(s);
        }
        self.close_list()
    }

    /// An object of strings.
    pub fn str_map<'m>(&mut self, map: impl IntoIterator<Item = (&'m str, &'m str)>) -> &mut Self {
        self.open();
        for (k, v) in map {
            self.key_text(k).str(v);
        }
        self.close()
    }

    /// An object of JSON values kept as text.
    pub fn raw_map<'m>(&mut self, map: impl IntoIterator<Item = (&'m str, &'m str)>) -> &mut Self {
        self.open();
        for (k, v) in map {
            self.key_text(k).raw(v);
        }
        self.close()
    }
}

/// Appends the decimal digits of `n`.
fn itoa(out: &mut Vec<u8>, n: i64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[i..]);
}

/// `s` as a JSON string literal.
fn quote(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    // Copy runs of bytes that need no escape at once.
    loop {
        let i = start + plain_len(&bytes[start..]);
        out.extend_from_slice(&bytes[start..i]);
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b => {
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&hex::pair(b, hex::LOWER));
            }
        }
        start = i + 1;
    }
    out.push(b'"');
}

/// JSON text without the whitespace between tokens, as `JSON.stringify` writes it.
pub fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_values_with_escapes() {
        let mut w = Writer::default();
        w.open()
            .key("a")
            .str("x\"\\\n\u{1}é")
            .key("b")
            .opt_int(None)
            .key("c");
        w.open_list()
            .int(-42)
            .int(0)
            .bool(true)
            .raw("{\"k\":1}")
            .close_list();
        w.key("d").strs(&["p".into(), "q".into()]).close();
        assert_eq!(
            w.finish(),
            r#"{"a":"x\"\\\n\u0001é","b":null,"c":[-42,0,true,{"k":1}],"d":["p","q"]}"#
        );
    }

    #[test]
    fn integers() {
        let written = |n| {
            let mut s = Vec::new();
            itoa(&mut s, n);
            String::from_utf8(s).unwrap()
        };
        assert_eq!(written(i64::MIN), "-9223372036854775808");
        assert_eq!(written(1_755_484_077_000), "1755484077000");
    }

    #[test]
    fn compact_keeps_strings_intact() {
        assert_eq!(
            compact("[ 1, {\"a b\" : \" x\\\" y \"} ]"),
            "[1,{\"a b\":\" x\\\" y \"}]"
        );
    }
}
