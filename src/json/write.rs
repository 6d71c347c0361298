//! Writing results as JSON text, which JavaScript turns into objects with one `JSON.parse`.

use crate::model::Map;

/// Appends JSON to a string; the caller keeps the structure balanced.
pub struct Writer {
    out: String,
    /// Whether the next member or item needs a comma before it.
    comma: bool,
}

impl Default for Writer {
    fn default() -> Self {
        // A normalized job is about a kilobyte: start there rather than grow into it.
        Writer {
            out: String::with_capacity(1024),
            comma: false,
        }
    }
}

impl Writer {
    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Starts an object (as a value).
    pub fn open(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }

    /// Ends an object.
    pub fn close(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }

    /// Starts an array (as a value).
    pub fn open_list(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }

    /// Ends an array.
    pub fn close_list(&mut self) -> &mut Self {
        self.out.push(']');
        self.comma = true;
        self
    }

    /// Writes a member's key; its value follows.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.sep();
        quote(&mut self.out, key);
        self.out.push(':');
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
        self.out.push_str(itoa(n).as_str());
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
        self.out.push_str(json);
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
    pub fn str_map(&mut self, map: &Map) -> &mut Self {
        self.open();
        for (k, v) in map.iter() {
            self.key(k).str(v);
        }
        self.close()
    }

    /// An object of JSON values kept as text.
    pub fn raw_map(&mut self, map: &Map) -> &mut Self {
        self.open();
        for (k, v) in map.iter() {
            self.key(k).raw(v);
        }
        self.close()
    }
}

fn itoa(n: i64) -> String {
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
    let mut s = String::with_capacity(21);
    if n < 0 {
        s.push('-');
    }
    s.extend(digits[i..].iter().map(|&d| d as char));
    s
}

/// `s` as a JSON string literal.
fn quote(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    // Copy runs of bytes that need no escape at once.
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
    {
        let i = start + offset;
        out.push_str(&s[start..i]);
        match bytes[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => {
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
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
        assert_eq!(itoa(i64::MIN), "-9223372036854775808");
        assert_eq!(itoa(1_755_484_077_000), "1755484077000");
    }

    #[test]
    fn compact_keeps_strings_intact() {
        assert_eq!(
            compact("[ 1, {\"a b\" : \" x\\\" y \"} ]"),
            "[1,{\"a b\":\" x\\\" y \"}]"
        );
    }
}
