//! Percent-encoding as URLs and the signer's canonical forms need it.

use super::hex;

/// RFC 3986 unreserved punctuation: with ASCII alphanumerics, all a segment leaves unencoded.
pub(crate) const UNRESERVED: &[u8] = b"-._~";

/// Percent-encodes `s` as one path segment or query value: everything but unreserved characters.
pub(crate) fn segment(s: &str) -> String {
    encode(s, UNRESERVED)
}

/// Percent-encodes the UTF-8 of `s`, leaving ASCII alphanumerics and `safe` as they are.
pub(crate) fn encode(s: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || safe.contains(&b) {
            out.push(b as char);
        } else {
            let [h, l] = hex::pair(b, hex::UPPER);
            out.push('%');
            out.push(h as char);
            out.push(l as char);
        }
    }
    out
}

/// Decodes `%XX` escapes; a malformed one is kept as it is.
pub(crate) fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match escape_at(b, i) {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escape_at(b: &[u8], i: usize) -> Option<u8> {
    if b[i] != b'%' {
        return None;
    }
    let h = hex::digit(*b.get(i + 1)?)?;
    let l = hex::digit(*b.get(i + 2)?)?;
    Some(h * 16 + l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_is_the_inverse_of_encode() {
        for s in ["a b/c", "j%C3%B6b", "100%", "ü~"] {
            assert_eq!(decode(&encode(s, b"")), s);
        }
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(segment("../a b"), "..%2Fa%20b");
    }
}
