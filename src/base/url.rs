//! Splitting an absolute http(s) URL into the parts requests are built and signed from.

/// The parts of `scheme://authority/path?query#fragment`, borrowed from the URL.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// `http` or `https`, as written.
    pub scheme: &'a str,
    /// `host[:port]`, as written.
    pub authority: &'a str,
    /// From the first `/` after the authority, up to `?` or `#`; may be empty.
    pub path: &'a str,
    /// After `?`, up to `#`; empty when there is none.
    pub query: &'a str,
}

/// The parts of an absolute `http:` or `https:` URL (scheme in any case), or `None`.
pub(crate) fn split(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    Some(UrlParts {
        scheme,
        authority,
        path,
        query,
    })
}

/// The host as `fetch` sends it in `Host`: lower-cased, without the scheme's default port.
pub(crate) fn host_as_sent(parts: &UrlParts) -> String {
    let host = parts.authority.to_ascii_lowercase();
    let default_port = if parts.scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else {
        ":80"
    };
    match host.strip_suffix(default_port) {
        Some(bare) if !bare.is_empty() => bare.to_owned(),
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let p = split("HTTPS://H:1/a/b?x=1#f").unwrap();
        assert_eq!(
            (p.scheme, p.authority, p.path, p.query),
            ("HTTPS", "H:1", "/a/b", "x=1")
        );
        let p = split("http://h?q").unwrap();
        assert_eq!((p.authority, p.path, p.query), ("h", "", "q"));
        assert_eq!(split("ftp://h/"), None);
        assert_eq!(split("h/x"), None);
    }

    #[test]
    fn host_is_what_fetch_sends() {
        let host = |u: &str| host_as_sent(&split(u).unwrap());
        assert_eq!(
            host("HTTPS://ModelArts.Example.COM:443/x"),
            "modelarts.example.com"
        );
        assert_eq!(host("http://h:80/"), "h");
        assert_eq!(host("http://h:443/"), "h:443");
        assert_eq!(host("https://h:8443/"), "h:8443");
        assert_eq!(host("http://[::1]:80/"), "[::1]");
        assert_eq!(host("http://[::1]:8080/"), "[::1]:8080");
    }
}
