//! Hexadecimal digits, for percent-encoding (upper case), JSON `\u00XX` escapes and the
//! signer's digests (lower case).

pub(crate) const UPPER: &[u8; 16] = b"0123456789ABCDEF";
pub(crate) const LOWER: &[u8; 16] = b"0123456789abcdef";

/// The two digits of `b` from `table`.
#[inline]
pub(crate) fn pair(b: u8, table: &[u8; 16]) -> [u8; 2] {
    [table[usize::from(b >> 4)], table[usize::from(b & 15)]]
}

/// `bytes` as lower-case hex text.
pub(crate) fn lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        let [h, l] = pair(b, LOWER);
        out.push(h as char);
        out.push(l as char);
    }
    out
}

/// The value of one hex digit.
pub(crate) fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}
