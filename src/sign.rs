//! Huawei Cloud `SDK-HMAC-SHA256` request signing (docs/api.md §8), as `huaweicloudsdkcore`'s
//! `signer.py` does it, so that ModelArts accepts requests signed with an AK/SK pair.

use sha2::{Digest, Sha256};

use crate::base::url::{self, UrlParts};
use crate::base::{civil, hex, percent};
use crate::error::JobglassError;

const ALGORITHM: &str = "SDK-HMAC-SHA256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const EMPTY_BODY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// An access key pair, with the optional temporary-credential token and project.
#[derive(Clone)]
pub struct AkSk {
    /// Access key id.
    pub access_key: String,
    /// Secret access key.
    pub secret_key: String,
    /// Security token of temporary credentials (`X-Security-Token`).
    pub security_token: Option<String>,
    /// Project id (`X-Project-Id`).
    pub project_id: Option<String>,
}

/// What gets signed.
pub struct SignableRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Absolute URL, with its query.
    pub url: &'a str,
    /// Headers the request will carry.
    pub headers: &'a [(String, String)],
    /// The body (empty for GET).
    pub body: &'a [u8],
}

/// The headers to add to `request` so that it carries a valid signature made at `sdk_date`
/// (`YYYYMMDDTHHMMSSZ`): `X-Sdk-Date`, `Authorization`, and `X-Project-Id` and
/// `X-Security-Token` when the credentials hold them. Never `Host`: the runtime sets it, and it
/// is signed as the runtime will send it (docs/api.md §8).
///
/// ```
/// use jobglass::sign::{sign, AkSk, SignableRequest};
/// let keys = AkSk { access_key: "AccessKey".into(), secret_key: "SecretKey".into(),
///                   security_token: None, project_id: None };
/// let request = SignableRequest { method: "GET", headers: &[], body: b"",
///     url: "https://service.endpoint.myhuaweicloud.com/resources?size=1" };
/// let headers = sign(&request, &keys, "20200608T023900Z").unwrap();
/// assert_eq!(headers[1].1, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
///     Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
/// ```
pub fn sign(
    request: &SignableRequest,
    credentials: &AkSk,
    sdk_date: &str,
) -> Result<Vec<(String, String)>, JobglassError> {
    if credentials.access_key.is_empty() || credentials.secret_key.is_empty() {
        return Err(JobglassError::invalid_argument(
            "credentials need both accessKey and secretKey",
        ));
    }
    let url = url::split(request.url)
        .filter(|u| !u.authority.is_empty() && !u.authority.contains('@'))
        .ok_or_else(|| {
            JobglassError::invalid_argument("request.url must be an absolute http(s) URL")
        })?;
    let unsigned_payload = is_unsigned_payload(request.headers);
    let mut added = added_headers(credentials, sdk_date, unsigned_payload);
    let host = url::host_as_sent(&url);
    let signed = signed_headers(request.headers, &added, &host);
    let payload_hash = if request.body.is_empty() {
        EMPTY_BODY_SHA256.to_owned()
    } else if unsigned_payload {
        UNSIGNED_PAYLOAD.to_owned()
    } else {
        hex::lower(&Sha256::digest(request.body))
    };
    let canonical = canonical_request(request.method, &url, &signed, &payload_hash);
    let string_to_sign = format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::lower(&Sha256::digest(canonical.as_bytes()))
    );
    let signature = hex::lower(&hmac_sha256(
        credentials.secret_key.as_bytes(),
        string_to_sign.as_bytes(),
    ));
    added.push((
        "Authorization".into(),
        format!(
            "{ALGORITHM} Access={}, SignedHeaders={}, Signature={signature}",
            credentials.access_key,
            signed_names(&signed)
        ),
    ));
    Ok(added)
}

/// The SDK marks bodies it cannot hash reliably (anything but JSON) as unsigned.
fn is_unsigned_payload(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type")
            && !v.starts_with("application/json")
            && !v.starts_with("application/bson")
    })
}

/// The headers the signature adds besides `Authorization`, in the SDK's order.
fn added_headers(credentials: &AkSk, sdk_date: &str, unsigned: bool) -> Vec<(String, String)> {
    let mut added: Vec<(String, String)> = vec![("X-Sdk-Date".into(), sdk_date.into())];
    let present = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    if let Some(p) = present(&credentials.project_id) {
        added.push(("X-Project-Id".into(), p));
    }
    if let Some(t) = present(&credentials.security_token) {
        added.push(("X-Security-Token".into(), t));
    }
    if unsigned {
        added.push(("X-Sdk-Content-Sha256".into(), UNSIGNED_PAYLOAD.into()));
    }
    added
}

/// Lower-cased names and trimmed values of every header that is signed, sorted; names with `_`
/// are not signed. A name given twice in different cases is sent by `fetch` as one header with
/// both values joined by ", ", so that is what is signed.
fn signed_headers(
    given: &[(String, String)],
    added: &[(String, String)],
    host: &str,
) -> Vec<(String, String)> {
    let given_host = given.iter().any(|(k, _)| k.eq_ignore_ascii_case("host"));
    let host_header = (!given_host).then(|| ("host".to_owned(), host.to_owned()));
    let mut signed: Vec<(String, String)> = Vec::new();
    for (k, v) in given.iter().chain(added).chain(host_header.iter()) {
        if k.contains('_') {
            continue;
        }
        let name = k.to_ascii_lowercase();
        let value = v.trim();
        match signed.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => {
                entry.1.push_str(", ");
                entry.1.push_str(value);
            }
            None => signed.push((name, value.to_owned())),
        }
    }
    sort_pairs(&mut signed);
    signed
}

fn signed_names(signed: &[(String, String)]) -> String {
    let names: Vec<&str> = signed.iter().map(|(n, _)| n.as_str()).collect();
    names.join(";")
}

/// `METHOD\nURI\nQUERY\n` + `name:value\n` per signed header + `\n` + names + `\n` + body hash.
fn canonical_request(
    method: &str,
    url: &UrlParts,
    signed: &[(String, String)],
    payload_hash: &str,
) -> String {
    let mut canonical = format!(
        "{}\n{}\n{}\n",
        method.to_ascii_uppercase(),
        canonical_uri(url.path),
        canonical_query(url.query)
    );
    for (name, value) in signed {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&signed_names(signed));
    canonical.push('\n');
    canonical.push_str(payload_hash);
    canonical
}

/// HMAC-SHA256 (RFC 2104), written out: the generic `hmac` crate costs more module bytes.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// `X-Sdk-Date` for an instant in epoch milliseconds.
///
/// ```
/// assert_eq!(jobglass::sign::sdk_date(1_591_583_940_000.0).unwrap(), "20200608T023900Z");
/// ```
pub fn sdk_date(epoch_ms: f64) -> Result<String, JobglassError> {
    if !epoch_ms.is_finite() || !(0.0..=253_402_300_799_000.0).contains(&epoch_ms) {
        return Err(JobglassError::invalid_argument(
            "the signing time is not a valid date",
        ));
    }
    let secs = (epoch_ms / 1000.0).floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil::civil_from_days(days);
    Ok(format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// Each path segment decoded and re-encoded with only unreserved characters left; always
/// ending in `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = percent::decode(path);
    let mut uri = decoded
        .split('/')
        .map(percent::segment)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// `key=value` pairs decoded, sorted, re-encoded and joined with `&`.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent::decode(k), percent::decode(v))
        })
        .collect();
    sort_pairs(&mut pairs);
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent::segment(k), percent::segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Sorts by name, then value. Insertion sort: a request has a handful of headers and query
/// pairs, and the standard sorts cost kilobytes of WebAssembly.
fn sort_pairs(pairs: &mut [(String, String)]) {
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && pairs[j - 1] > pairs[j] {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official(method: &str, body: &[u8]) -> String {
        let creds = AkSk {
            access_key: "AccessKey".into(),
            secret_key: "SecretKey".into(),
            security_token: None,
            project_id: None,
        };
        let headers = sign(
            &SignableRequest {
                method,
                url: "https://service.endpoint.myhuaweicloud.com/resources?size=1",
                headers: &[],
                body,
            },
            &creds,
            "20200608T023900Z",
        )
        .unwrap();
        assert_eq!(headers[0], ("X-Sdk-Date".into(), "20200608T023900Z".into()));
        headers
            .into_iter()
            .find(|(k, _)| k == "Authorization")
            .unwrap()
            .1
    }

    #[test]
    fn official_vectors() {
        assert_eq!(
            official("GET", b""),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
             Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
        );
        assert!(official("POST", br#"{"name":"test","id":1}"#).ends_with(
            "Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
        ));
    }

    #[test]
    fn project_and_token_are_added_and_signed() {
        let creds = AkSk {
            access_key: "ak".into(),
            secret_key: "sk".into(),
            security_token: Some("tok".into()),
            project_id: Some("p1".into()),
        };
        let headers = sign(
            &SignableRequest {
                method: "GET",
                url: "http://h:8080/v1",
                headers: &[("X_Skip".into(), "1".into())],
                body: b"",
            },
            &creds,
            "20200608T023900Z",
        )
        .unwrap();
        let names: Vec<_> = headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "X-Sdk-Date",
                "X-Project-Id",
                "X-Security-Token",
                "Authorization"
            ]
        );
        assert!(headers[3]
            .1
            .contains("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,"));
    }

    #[test]
    fn a_header_given_twice_is_signed_as_fetch_sends_it() {
        let creds = AkSk {
            access_key: "ak".into(),
            secret_key: "sk".into(),
            security_token: None,
            project_id: None,
        };
        let sign_with = |headers: &[(String, String)]| {
            let req = SignableRequest {
                method: "GET",
                url: "http://h/",
                headers,
                body: b"",
            };
            sign(&req, &creds, "20200608T023900Z")
                .unwrap()
                .pop()
                .unwrap()
                .1
        };
        let twice = sign_with(&[("X-A".into(), "1".into()), ("x-a".into(), "2".into())]);
        let joined = sign_with(&[("x-a".into(), "1, 2".into())]);
        assert_eq!(twice, joined);
    }

    #[test]
    fn the_host_is_signed_as_fetch_sends_it() {
        let creds = AkSk {
            access_key: "ak".into(),
            secret_key: "sk".into(),
            security_token: None,
            project_id: None,
        };
        let sign_url = |url| {
            let req = SignableRequest {
                method: "GET",
                url,
                headers: &[],
                body: b"",
            };
            sign(&req, &creds, "20200608T023900Z")
                .unwrap()
                .pop()
                .unwrap()
                .1
        };
        assert_eq!(
            sign_url("HTTPS://ModelArts.Example.COM:443/x"),
            sign_url("https://modelarts.example.com/x")
        );
        assert_ne!(
            sign_url("https://modelarts.example.com:8443/x"),
            sign_url("https://modelarts.example.com/x")
        );
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(
            canonical_uri("/v1/p/dev-servers/jobs/a%20b"),
            "/v1/p/dev-servers/jobs/a%20b/"
        );
        assert_eq!(canonical_uri("/a:b/c~d"), "/a%3Ab/c~d/");
        assert_eq!(canonical_query("b=2&a=%2F&a=1&c"), "a=%2F&a=1&b=2&c=");
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 1 and 6 (a key longer than the block).
        assert_eq!(
            hex::lower(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex::lower(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(sdk_date(1_591_583_940_000.0).unwrap(), "20200608T023900Z");
        assert_eq!(sdk_date(0.0).unwrap(), "19700101T000000Z");
        assert!(sdk_date(f64::NAN).is_err());
        assert!(sdk_date(-1.0).is_err());
    }

    #[test]
    fn bad_input() {
        let creds = AkSk {
            access_key: "".into(),
            secret_key: "s".into(),
            security_token: None,
            project_id: None,
        };
        let req = SignableRequest {
            method: "GET",
            url: "http://h/",
            headers: &[],
            body: b"",
        };
        assert!(sign(&req, &creds, "20200608T023900Z").is_err());
        let creds = AkSk {
            access_key: "a".into(),
            ..creds
        };
        for url in ["h/x", "ftp://h/", "http:///x", "http://u:p@h/"] {
            let req = SignableRequest { url, ..req };
            assert!(sign(&req, &creds, "20200608T023900Z").is_err(), "{url}");
        }
    }
}
