//! Credentials: which header a request carries (a token, or an AK/SK signature made for exactly
//! the request that goes out), and the secrets no error may show (docs/api.md §7, §8).

use crate::error::JobglassError;
use crate::sign::{self, AkSk, SignableRequest};

/// How requests to one server are authorized.
#[derive(Clone)]
pub(crate) enum Auth {
    /// Only the caller's own headers.
    Headers,
    /// An IAM token, sent as `X-Auth-Token`.
    Token(String),
    /// Every request signed with `SDK-HMAC-SHA256`, `X-Project-Id` set to the project.
    Keys(AkSk),
}

impl Auth {
    /// The caller's choice for ModelArts: `authToken` or `credentials`, not both.
    pub fn choose(
        token: Option<String>,
        keys: Option<AkSk>,
        project_id: &str,
    ) -> Result<Auth, JobglassError> {
        match (token.filter(|t| !t.is_empty()), keys) {
            (Some(_), Some(_)) => Err(JobglassError::invalid_argument(
                "give authToken or credentials, not both",
            )),
            (Some(token), None) => Ok(Auth::Token(token)),
            (None, Some(mut keys)) => {
                keys.project_id = Some(project_id.to_owned());
                Ok(Auth::Keys(keys))
            }
            (None, None) => Ok(Auth::Headers),
        }
    }

    /// Adds this authorization to a request about to be sent at `now_ms`, and the values it
    /// adds to `secrets`.
    pub fn apply(
        &self,
        method: &str,
        url: &str,
        headers: &mut Vec<(String, String)>,
        now_ms: f64,
        secrets: &mut Secrets,
    ) -> Result<(), JobglassError> {
        match self {
            Auth::Headers => {}
            Auth::Token(token) => {
                secrets.add(token);
                headers.push(("X-Auth-Token".into(), token.clone()));
            }
            Auth::Keys(keys) => {
                secrets.add(&keys.secret_key);
                secrets.add(&keys.access_key);
                if let Some(t) = &keys.security_token {
                    secrets.add(t);
                }
                let request = SignableRequest {
                    method,
                    url,
                    headers,
                    body: b"",
                };
                let signed = sign::sign(&request, keys, &sign::sdk_date(now_ms)?)?;
                for (name, value) in &signed {
                    if is_credential_header(name) {
                        secrets.add(value);
                    }
                }
                headers.extend(signed);
            }
        }
        Ok(())
    }
}

/// Whether a header carries a credential: the named ones, and any whose name says so.
pub(crate) fn is_credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "cookie" | "proxy-authorization"
    ) || ["token", "auth", "secret", "key", "password", "signature"]
        .iter()
        .any(|word| n.contains(word))
}

/// The text put where a secret was.
const REDACTED: &str = "[redacted]";
/// Shorter values are not searched for: blanking every `a` of a message would hide everything
/// and protect nothing.
const MIN_SECRET_LEN: usize = 4;

/// Values that must never show in an error: tokens, keys, signatures and credential headers.
#[derive(Clone, Default)]
pub(crate) struct Secrets(Vec<String>);

impl Secrets {
    /// The secrets among the caller's headers.
    pub fn of_headers(headers: &[(String, String)]) -> Secrets {
        let mut secrets = Secrets::default();
        for (name, value) in headers {
            if is_credential_header(name) {
                secrets.add(value);
            }
        }
        secrets
    }

    /// Adds a value, and for `Scheme value` credentials (`Bearer abc`) the value alone, which
    /// a server may echo without its scheme.
    pub fn add(&mut self, value: &str) {
        // Kept longest first, so that a secret containing another is replaced whole; inserted
        // in place, as the standard sorts cost kilobytes of WebAssembly.
        let mut push = |v: &str| {
            let v = v.trim();
            if v.len() >= MIN_SECRET_LEN && !self.0.iter().any(|s| s == v) {
                let at = self
                    .0
                    .iter()
                    .position(|s| s.len() < v.len())
                    .unwrap_or(self.0.len());
                self.0.insert(at, v.to_owned());
            }
        };
        push(value);
        if let Some((_, rest)) = value.trim().split_once(' ') {
            push(rest);
            // `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`: the signature alone.
            if let Some((_, signature)) = rest.rsplit_once("Signature=") {
                push(signature);
            }
        }
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.0 {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// The error with every secret removed from every property a caller can read.
    pub fn redact(&self, mut e: JobglassError) -> JobglassError {
        if self.0.is_empty() {
            return e;
        }
        e.message = self.scrub(&e.message);
        for field in [
            &mut e.server_message,
            &mut e.server_code,
            &mut e.request_id,
            &mut e.url,
        ] {
            if let Some(v) = field.as_mut() {
                *v = self.scrub(v);
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_credential_headers_are_secret() {
        for name in [
            "Authorization",
            "X-Auth",
            "X-Auth-Token",
            "x-security-token",
            "Cookie",
            "X-Api-Key",
            "My-Password",
            "X-Signature",
            "x-client-secret",
        ] {
            assert!(is_credential_header(name), "{name}");
        }
        for name in [
            "Content-Type",
            "X-Project-Id",
            "X-Sdk-Date",
            "Accept",
            "X-Request-Id",
        ] {
            assert!(!is_credential_header(name), "{name}");
        }
    }

    #[test]
    fn every_property_is_redacted_and_the_rest_stays_readable() {
        let secrets = Secrets::of_headers(&headers(&[
            ("Authorization", "Bearer s3cr3t-token"),
            ("X-Project-Id", "proj-1"),
            ("Content-Type", "application/json"),
        ]));
        let mut e = JobglassError::new(
            ErrorCode::Unauthorized,
            "HTTP 401 from http://h/v1/proj-1/x: bad token s3cr3t-token (application/json)",
        );
        e.server_code = Some("s3cr3t-token".into());
        e.server_message = Some("you sent Bearer s3cr3t-token".into());
        e.request_id = Some("req-s3cr3t-token".into());
        e.url = Some("http://h/v1/proj-1/x?t=s3cr3t-token".into());
        let e = secrets.redact(e);
        for text in [
            &e.message,
            e.server_code.as_ref().unwrap(),
            e.server_message.as_ref().unwrap(),
            e.request_id.as_ref().unwrap(),
            e.url.as_ref().unwrap(),
        ] {
            assert!(!text.contains("s3cr3t"), "{text}");
        }
        assert!(e.message.contains("/v1/proj-1/") && e.message.contains("application/json"));
        assert_eq!(e.server_message.as_deref(), Some("you sent [redacted]"));
    }

    #[test]
    fn the_choice_of_auth() {
        let keys = AkSk {
            access_key: "ak-123".into(),
            secret_key: "sk-456".into(),
            security_token: None,
            project_id: None,
        };
        assert!(Auth::choose(Some("t".into()), Some(keys.clone()), "p").is_err());
        assert!(matches!(
            Auth::choose(Some(String::new()), None, "p"),
            Ok(Auth::Headers)
        ));
        assert!(matches!(
            Auth::choose(Some("tok".into()), None, "p"),
            Ok(Auth::Token(_))
        ));
        let Ok(Auth::Keys(k)) = Auth::choose(None, Some(keys), "p-9") else {
            panic!()
        };
        assert_eq!(k.project_id.as_deref(), Some("p-9"));
    }

    #[test]
    fn signing_signs_the_request_as_sent_and_keeps_its_values_secret() {
        let keys = AkSk {
            access_key: "AccessKey".into(),
            secret_key: "SecretKey".into(),
            security_token: None,
            project_id: None,
        };
        let auth = Auth::Keys(keys);
        let mut h = Vec::new();
        let mut secrets = Secrets::default();
        let url = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
        auth.apply("GET", url, &mut h, 1_591_583_940_000.0, &mut secrets)
            .unwrap();
        let authorization = &h.iter().find(|(k, _)| k == "Authorization").unwrap().1;
        assert!(authorization.ends_with(
            "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
        ));
        let leaked = secrets
            .scrub("cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842 SecretKey");
        assert_eq!(leaked, "[redacted] [redacted]");
        assert_eq!(secrets.scrub("20200608T023900Z"), "20200608T023900Z");
    }
}
