//! Validating JSON reader over borrowed text. [`parse`] checks a whole document once; a
//! [`Json`] is then a checked slice whose members and items are read on demand.

use std::borrow::Cow;

/// The bytes a JSON string cannot hold as they are: controls, `"` and `\`. A table lookup
/// is one load per byte where three comparisons were the scanners' main cost.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Nesting deeper than this is rejected: recursion must not exhaust the WebAssembly stack.
const MAX_DEPTH: usize = 128;

/// The kind of a JSON value, from its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// How a warning names the kind ("a number").
    pub fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What was wrong there.
    pub what: &'static str,
}

/// One checked JSON value, as its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Json<'a>(&'a str);

/// Checks that `text` is exactly one JSON value (with optional surrounding whitespace).
pub fn parse(text: &str) -> Result<Json<'_>, ParseError> {
    parse_top(text).map(|(v, _)| v)
}

/// The bounds of a top-level member's key (empty for an array's item) and of its value.
type Bounds = [usize; 4];

/// Like [`parse`], also giving the members (or items) of the top-level value, recorded while it
/// was checked: the parsers then do not walk the whole text a second time to find them. An
/// item's key is `""`.
#[allow(clippy::type_complexity)]
pub(crate) fn parse_top(
    text: &str,
) -> Result<(Json<'_>, Vec<(Cow<'_, str>, Json<'_>)>), ParseError> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        top: Vec::new(),
    };
    s.ws();
    let start = s.i;
    s.value(0)?;
    let end = s.i;
    s.ws();
    if s.i != s.b.len() {
        return Err(s.err("unexpected text after the JSON value"));
    }
    let entries = s
        .top
        .iter()
        .map(|&[ks, ke, vs, ve]| {
            let key = match ks == ke {
                true => Cow::Borrowed(""),
                false => Json(&text[ks..ke]).as_str().unwrap_or_default(),
            };
            (key, Json(&text[vs..ve]))
        })
        .collect();
    Ok((Json(&text[start..end]), entries))
}

impl<'a> Json<'a> {
    /// The value's JSON text.
    pub fn text(self) -> &'a str {
        self.0
    }

    /// Its kind.
    pub fn kind(self) -> Kind {
        match self.0.as_bytes().first() {
            Some(b'n') => Kind::Null,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'"') => Kind::String,
            Some(b'[') => Kind::Array,
            Some(b'{') => Kind::Object,
            _ => Kind::Number,
        }
    }

    /// The decoded string, if it is one.
    pub fn as_str(self) -> Option<Cow<'a, str>> {
        if self.kind() != Kind::String {
            return None;
        }
        let inner = &self.0[1..self.0.len() - 1];
        // A checked string's only special bytes are its escapes.
        if plain_len(inner.as_bytes()) == inner.len() {
            return Some(Cow::Borrowed(inner));
        }
        Some(Cow::Owned(unescape(inner)))
    }

    /// The number, if it is one.
    pub fn as_f64(self) -> Option<f64> {
        match self.kind() {
            Kind::Number => crate::base::digits::parse_decimal(self.0),
            _ => None,
        }
    }

    /// `true` or `false`, if it is a boolean.
    pub fn as_bool(self) -> Option<bool> {
        match self.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The members of an object, in order (a repeated key appears twice).
    pub fn members(self) -> Option<Vec<(Cow<'a, str>, Json<'a>)>> {
        // A job has about twenty members: room for them at once rather than four regrowths.
        let mut out = Vec::with_capacity(16);
        self.entries(Kind::Object, |s| {
            let key = s.skip_string()?;
            s.ws();
            s.expect(b':').ok()?;
            s.ws();
            let value = s.skip_value(self.0)?;
            out.push((Json(self.0.get(key.0..key.1)?).as_str()?, value));
            Some(())
        })?;
        Some(out)
    }

    /// The items of an array, in order.
    pub fn items(self) -> Option<Vec<Json<'a>>> {
        let mut out = Vec::new();
        self.entries(Kind::Array, |s| {
            out.push(s.skip_value(self.0)?);
            Some(())
        })?;
        Some(out)
    }

    /// Walks a checked object or array, calling `entry` at the start of each member or item.
    fn entries(
        self,
        kind: Kind,
        mut entry: impl FnMut(&mut Scanner<'a>) -> Option<()>,
    ) -> Option<()> {
        if self.kind() != kind {
            return None;
        }
        let close = if kind == Kind::Object { b'}' } else { b']' };
        let mut s = Scanner {
            b: self.0.as_bytes(),
            i: 1,
            top: Vec::new(),
        };
        s.ws();
        if s.peek() == Some(close) {
            return Some(());
        }
        loop {
            s.ws();
            entry(&mut s)?;
            s.ws();
            match s.next() {
                Some(b',') => continue,
                Some(c) if c == close => return Some(()),
                _ => return None,
            }
        }
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// The top-level value's members or items, as [`parse_top`] records them.
    top: Vec<Bounds>,
}

impl Scanner<'_> {
    fn err(&self, what: &'static str) -> ParseError {
        ParseError { at: self.i, what }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }

    /// Moves past the bytes a string holds as they are.
    fn run_past_plain(&mut self) {
        self.i += plain_len(self.b.get(self.i..).unwrap_or_default());
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), ParseError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(match c {
                b':' => "expected ':'",
                _ => "unexpected character",
            }))
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string_slice().map(|_| ()),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a value")),
            None => Err(self.err("unexpected end of text")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), ParseError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), ParseError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(())
    }

    /// A string's bounds, quotes included.
    fn string_slice(&mut self) -> Result<(usize, usize), ParseError> {
        let start = self.i;
        self.expect(b'"')?;
        loop {
            // Most bytes need no look: run past them first.
            self.run_past_plain();
            match self.next() {
                Some(b'"') => return Ok((start, self.i)),
                Some(b'\\') => match self.next() {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                    Some(b'u') => {
                        for _ in 0..4 {
                            if !self.next().is_some_and(|c| c.is_ascii_hexdigit()) {
                                return Err(self.err("invalid \\u escape"));
                            }
                        }
                    }
                    _ => return Err(self.err("invalid escape")),
                },
                Some(0..=0x1f) => return Err(self.err("control character in a string")),
                Some(_) => {}
                None => return Err(self.err("unterminated string")),
            }
        }
    }

    /// Moves past one value of text already checked by [`parse`], without checking it again.
    fn skip(&mut self) {
        match self.peek() {
            Some(b'"') => {
                self.skip_string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.skip_string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.i += 1;
                }
            }
        }
    }

    /// The checked value starting here in `text`, moving past it.
    fn skip_value<'t>(&mut self, text: &'t str) -> Option<Json<'t>> {
        let start = self.i;
        self.skip();
        text.get(start..self.i).map(Json)
    }

    /// Moves past a checked string; its bounds, quotes included.
    fn skip_string(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        if self.next() != Some(b'"') {
            return None;
        }
        loop {
            self.run_past_plain();
            match self.next()? {
                b'"' => return Some((start, self.i)),
                b'\\' => self.i += 1,
                _ => {}
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), ParseError> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a key"));
            }
            let (ks, ke) = self.string_slice()?;
            self.ws();
            self.expect(b':')?;
            self.ws();
            let vs = self.i;
            self.value(depth + 1)?;
            if depth == 0 {
                self.top.push([ks, ke, vs, self.i]);
            }
            self.ws();
            match self.next() {
                Some(b',') => {}
                Some(b'}') => return Ok(()),
                _ => {
                    return Err(ParseError {
                        at: self.i - 1,
                        what: "expected ',' or '}'",
                    })
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), ParseError> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let vs = self.i;
            self.value(depth + 1)?;
            if depth == 0 {
                self.top.push([0, 0, vs, self.i]);
            }
            self.ws();
            match self.next() {
                Some(b',') => {}
                Some(b']') => return Ok(()),
                _ => {
                    return Err(ParseError {
                        at: self.i - 1,
                        what: "expected ',' or ']'",
                    })
                }
            }
        }
    }
}

/// How many bytes at the start of `b` a JSON string holds as they are (no escape needed).
///
/// Eight bytes at a time (docs/performance.md): one 64-bit word flags any control,
/// quote or backslash among them in a dozen operations, where a table lookup costs a load and a
/// branch per byte. The flags are exact up to the first special byte, which is all this needs.
pub(crate) fn plain_len(b: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let mut i = 0;
    // Eight single-byte loads the compiler fuses into one 64-bit load (a slice copy would be
    // a call per word in a module optimized for size).
    while let Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) = b.get(i..i + 8) {
        let x = u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let special = ((x.wrapping_sub(ONES * 0x20) & !x)
            | (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash))
            & HIGH;
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + run(&b[i..], |c| !SPECIAL[usize::from(c)])
}

/// How many bytes at the start of `b` are `plain`.
#[inline(always)]
fn run(b: &[u8], plain: impl Fn(u8) -> bool) -> usize {
    b.iter().position(|&c| !plain(c)).unwrap_or(b.len())
}

/// Decodes the escapes of a checked string's contents; a lone surrogate becomes U+FFFD.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    let hex4 = |chars: &mut std::str::Chars| -> u32 {
        (0..4).fold(0, |acc, _| {
            acc * 16 + chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0)
        })
    };
    loop {
        // Copy the run up to the next escape at once.
        let rest = chars.as_str();
        let plain = plain_len(rest.as_bytes());
        out.push_str(&rest[..plain]);
        chars = rest[plain..].chars();
        if chars.next().is_none() {
            break;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let code = if (0xD800..0xDC00).contains(&hi) && chars.as_str().starts_with("\\u") {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.next();
                    let lo = hex4(&mut ahead);
                    if (0xDC00..0xE000).contains(&lo) {
                        chars = ahead;
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        0xFFFD
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_json_parse_accepts() {
        for ok in [
            "0",
            "-0",
            "1.5e-3",
            "-12E+2",
            "true",
            "false",
            "null",
            "\"\"",
            "\"a\\u00e9\\n\"",
            "[]",
            "{}",
            " [1, [2, {\"a\": [null]}]] ",
            "{\"a\":1,\"a\":2}",
            "\"\u{1F600}\"",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_what_json_parse_rejects() {
        for bad in [
            "",
            " ",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "-",
            "tru",
            "nul",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "[1 2]",
            "\"\\x\"",
            "\"\\u12g4\"",
            "\"a\nb\"",
            "\"open",
            "[",
            "{",
            "1 2",
            "NaN",
            "'a'",
            "\u{feff}{}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn members_items_and_strings() {
        let v = parse(r#" {"a" : "x\"y", "b":[1, {"c":null}], "\u00e9": true} "#).unwrap();
        let m = v.members().unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].0, "a");
        assert_eq!(m[0].1.as_str().unwrap(), "x\"y");
        assert_eq!(m[1].1.items().unwrap()[1].text(), r#"{"c":null}"#);
        assert_eq!(m[2].0, "é");
        assert_eq!(m[2].1.as_bool(), Some(true));
        assert!(v.items().is_none() && v.as_str().is_none());
    }

    #[test]
    fn plain_len_finds_the_first_special_byte() {
        let table = |b: &[u8]| run(b, |c| !SPECIAL[usize::from(c)]);
        let fill = [b'a', 0xC3, 0x7F, 0x80, 0xFF, b'!', b'#', b'[', b']', 0x20];
        for special in [0u8, 0x1F, b'"', b'\\', 0x0A] {
            for len in 0..20 {
                for at in 0..=len {
                    let mut b: Vec<u8> = (0..len).map(|i| fill[i % fill.len()]).collect();
                    if at < len {
                        b[at] = special;
                    }
                    assert_eq!(plain_len(&b), table(&b), "{b:?}");
                }
            }
        }
        for c in 0..=255u8 {
            let b = [b'x', b'x', b'x', b'x', b'x', b'x', c, c, b'"', 0];
            assert_eq!(plain_len(&b), table(&b), "{c}");
        }
    }

    #[test]
    fn surrogates() {
        let s = |t: &str| parse(t).unwrap().as_str().unwrap().into_owned();
        assert_eq!(s(r#""\ud83d\ude00""#), "\u{1F600}");
        assert_eq!(s(r#""\ud800x""#), "\u{FFFD}x");
        assert_eq!(s(r#""\udc00""#), "\u{FFFD}");
    }
}
