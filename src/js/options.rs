//! Reading the options objects JavaScript passes: each property through a typed getter, each
//! value checked for its JavaScript type here and for its range by `client::options`, so a bad
//! value is `INVALID_ARGUMENT` before anything is sent (docs/api.md §2).

use js_sys::{Function, Object, Uint8Array};
use wasm_bindgen::prelude::*;

#[cfg(feature = "fetch")]
use crate::client::options::{RequestSettings, WatchSettings};
use crate::error::JobglassError;
use crate::sign::AkSk;

#[wasm_bindgen]
extern "C" {
    /// Any options object of docs/api.md §2, §9, §11; also `AkSk`, the list filter and
    /// `SignableRequest`. Every getter returns what is there, `undefined` included.
    pub(crate) type Bag;
    #[wasm_bindgen(method, getter, structural)]
    fn headers(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = timeoutMs)]
    fn timeout_ms(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn retries(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn signal(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn fetch(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = maxBodyBytes)]
    fn max_body_bytes(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = intervalMs)]
    fn interval_ms(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = deadlineMs)]
    fn deadline_ms(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = onUpdate)]
    fn on_update(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = onText)]
    fn on_text(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = tailLines)]
    fn tail_lines(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = maxLogBytes)]
    fn max_log_bytes(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = authToken)]
    fn auth_token(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn credentials(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn filter(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = accessKey)]
    fn access_key(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = secretKey)]
    fn secret_key(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = securityToken)]
    fn security_token(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = projectId)]
    fn project_id(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn id(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn name(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = type)]
    fn type_(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn status(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn visible(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn limit(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn offset(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn method(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn url(this: &Bag) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn body(this: &Bag) -> JsValue;
}

/// One of [`Bag`]'s getters.
type Getter = fn(&Bag) -> JsValue;

/// A `SignableRequest`, read.
pub(crate) struct Signable {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn invalid(message: String) -> JobglassError {
    JobglassError::invalid_argument(message)
}

/// An options argument; `undefined` and `null` read as `{}`.
pub(crate) struct Options(Option<Bag>);

/// A value that is present: neither `undefined` nor `null`.
fn present(v: JsValue) -> Option<JsValue> {
    (!v.is_undefined() && !v.is_null()).then_some(v)
}

impl Options {
    /// Reads `value`, which must be an object when present; `name` names it in errors.
    pub fn new(value: &JsValue, name: &str) -> Result<Options, JobglassError> {
        match present(value.clone()) {
            None => Ok(Options(None)),
            Some(v) if v.is_object() && !v.is_function() => Ok(Options(Some(v.unchecked_into()))),
            Some(_) => Err(invalid(format!("{name} must be an object"))),
        }
    }

    fn read(&self, get: fn(&Bag) -> JsValue) -> Option<JsValue> {
        self.0.as_ref().map(get).and_then(present)
    }

    /// A number, or an error naming `key`.
    fn number(&self, get: Getter, key: &str) -> Result<Option<f64>, JobglassError> {
        self.read(get)
            .map(|v| {
                v.as_f64()
                    .ok_or_else(|| invalid(format!("{key} must be a number")))
            })
            .transpose()
    }

    fn string(&self, get: Getter, key: &str) -> Result<Option<String>, JobglassError> {
        self.read(get)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| invalid(format!("{key} must be a string")))
            })
            .transpose()
    }

    fn function(
        &self,
        get: fn(&Bag) -> JsValue,
        key: &str,
    ) -> Result<Option<Function>, JobglassError> {
        self.read(get)
            .map(|v| {
                v.dyn_into()
                    .map_err(|_| invalid(format!("{key} must be a function")))
            })
            .transpose()
    }

    fn nested(&self, get: Getter, key: &str) -> Result<Options, JobglassError> {
        Options::new(&self.read(get).unwrap_or(JsValue::UNDEFINED), key)
    }

    /// `timeoutMs`, `retries`, `maxBodyBytes`.
    #[cfg(feature = "fetch")]
    pub fn request_settings(&self) -> Result<RequestSettings, JobglassError> {
        RequestSettings::new(
            self.number(Bag::timeout_ms, "timeoutMs")?,
            self.number(Bag::retries, "retries")?,
            self.number(Bag::max_body_bytes, "maxBodyBytes")?,
        )
    }

    /// `intervalMs`, `deadlineMs`.
    #[cfg(feature = "fetch")]
    pub fn watch_settings(&self) -> Result<WatchSettings, JobglassError> {
        WatchSettings::new(
            self.number(Bag::interval_ms, "intervalMs")?,
            self.number(Bag::deadline_ms, "deadlineMs")?,
        )
    }

    /// `tailLines`, `maxLogBytes`.
    #[cfg(feature = "fetch")]
    pub fn tail_options(&self) -> Result<crate::logs::TailOptions, JobglassError> {
        crate::client::options::tail_options(
            self.number(Bag::tail_lines, "tailLines")?,
            self.number(Bag::max_log_bytes, "maxLogBytes")?,
        )
    }

    /// `onText`.
    pub fn on_text(&self) -> Result<Option<Function>, JobglassError> {
        self.function(Bag::on_text, "onText")
    }

    /// `signal`.
    pub fn signal(&self) -> Result<Option<web_sys::AbortSignal>, JobglassError> {
        self.read(Bag::signal)
            .map(|v| {
                v.dyn_into()
                    .map_err(|_| invalid("signal must be an AbortSignal".into()))
            })
            .transpose()
    }

    /// `fetch`: the caller's own, used instead of the global one.
    #[cfg(feature = "fetch")]
    pub fn fetch(&self) -> Result<Option<Function>, JobglassError> {
        self.function(Bag::fetch, "fetch")
    }

    /// `onUpdate`.
    pub fn on_update(&self) -> Result<Option<Function>, JobglassError> {
        self.function(Bag::on_update, "onUpdate")
    }

    /// `authToken`.
    pub fn auth_token(&self) -> Result<Option<String>, JobglassError> {
        self.string(Bag::auth_token, "authToken")
    }

    /// `credentials`, when given.
    pub fn credentials(&self) -> Result<Option<AkSk>, JobglassError> {
        if self.read(Bag::credentials).is_none() {
            return Ok(None);
        }
        credentials(&self.nested(Bag::credentials, "credentials")?).map(Some)
    }

    /// `headers`: a `Record<string, string>`, checked the way `fetch` would check it, so that
    /// a bad header is an argument error instead of a network failure.
    pub fn headers(&self) -> Result<Vec<(String, String)>, JobglassError> {
        header_record(&self.nested(Bag::headers, "headers")?)
    }

    /// `filter` of `DevServerListOptions`, as query pairs in the documented order.
    pub fn filter(&self) -> Result<Vec<(&'static str, String)>, JobglassError> {
        let f = self.nested(Bag::filter, "filter")?;
        let mut pairs = Vec::new();
        let texts: [(&'static str, Getter); 4] = [
            ("id", Bag::id),
            ("name", Bag::name),
            ("type", Bag::type_),
            ("status", Bag::status),
        ];
        for (key, get) in texts {
            if let Some(v) = f.string(get, key)? {
                pairs.push((key, v));
            }
        }
        if let Some(v) = f.read(Bag::visible) {
            let b = v
                .as_bool()
                .ok_or_else(|| invalid("filter.visible must be a boolean".into()))?;
            pairs.push(("visible", b.to_string()));
        }
        #[cfg(feature = "fetch")]
        pairs.extend(crate::client::options::page_window(
            f.number(Bag::limit, "filter.limit")?,
            f.number(Bag::offset, "filter.offset")?,
        )?);
        Ok(pairs)
    }

    /// `SignableRequest`: method, url, headers and body.
    pub fn signable(&self) -> Result<Signable, JobglassError> {
        let (Some(method), Some(url)) = (
            self.string(Bag::method, "method")?,
            self.string(Bag::url, "url")?,
        ) else {
            return Err(invalid("request needs a method and a url".into()));
        };
        let body = match self.read(Bag::body) {
            None => Vec::new(),
            Some(b) => match (b.as_string(), b.dyn_ref::<Uint8Array>()) {
                (Some(s), _) => s.into_bytes(),
                (None, Some(bytes)) => bytes.to_vec(),
                _ => {
                    return Err(invalid(
                        "request.body must be a string or a Uint8Array".into(),
                    ))
                }
            },
        };
        Ok(Signable {
            method,
            url,
            headers: self.headers()?,
            body,
        })
    }
}

fn header_record(o: &Options) -> Result<Vec<(String, String)>, JobglassError> {
    let Some(obj) = &o.0 else {
        return Ok(Vec::new());
    };
    let mut headers = Vec::new();
    for entry in Object::entries(obj.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair
            .get(1)
            .as_string()
            .ok_or_else(|| invalid(format!("header \"{name}\" must have a string value")))?;
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            return Err(invalid(format!("\"{name}\" is not a valid header name")));
        }
        if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
            // The value is not echoed: it may be a credential.
            return Err(invalid(format!(
                "the value of header \"{name}\" contains a line break"
            )));
        }
        headers.push((name, value));
    }
    Ok(headers)
}

/// An `AkSk` object.
pub(crate) fn credentials(o: &Options) -> Result<AkSk, JobglassError> {
    let required = |get, key: &str| {
        o.string(get, key)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid(format!("credentials.{key} is required")))
    };
    Ok(AkSk {
        access_key: required(Bag::access_key, "accessKey")?,
        secret_key: required(Bag::secret_key, "secretKey")?,
        security_token: o.string(Bag::security_token, "securityToken")?,
        project_id: o.string(Bag::project_id, "projectId")?,
    })
}

/// The options of docs/api.md §15: `fetchJobTasks`' `limit`, the logs' `file`.
#[cfg(feature = "fetch")]
mod inside {
    use super::{Bag, Options};
    use crate::error::JobglassError;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(method, getter, structural)]
        fn file(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural)]
        fn regex(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural, js_name = caseSensitive)]
        fn case_sensitive(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural)]
        fn concurrency(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural, js_name = maxMatches)]
        fn max_matches(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural, js_name = onProgress)]
        fn on_progress(this: &Bag) -> JsValue;
        #[wasm_bindgen(method, getter, structural, js_name = onMatches)]
        fn on_matches(this: &Bag) -> JsValue;
    }

    impl Options {
        /// `limit`: rows asked of Ray's state API.
        pub fn task_limit(&self) -> Result<u64, JobglassError> {
            crate::client::inside::limit(self.number(Bag::limit, "limit")?)
        }

        /// `searchJobLogs`' query (a string, or `{regex}` read from `query` as an options
        /// object) and options.
        pub fn search_settings(
            &self,
            query: &wasm_bindgen::JsValue,
        ) -> Result<crate::client::inside::SearchSettings, JobglassError> {
            let text = query.as_string();
            let regex = match text {
                Some(_) => None,
                None => Options::new(query, "query")?.string(Bag::regex, "regex")?,
            };
            let case_sensitive = match self.read(Bag::case_sensitive) {
                None => false,
                Some(v) => v.as_bool().ok_or_else(|| {
                    JobglassError::invalid_argument("caseSensitive must be a boolean")
                })?,
            };
            crate::client::inside::SearchSettings::new(
                text.as_deref(),
                regex.as_deref(),
                case_sensitive,
                self.number(Bag::concurrency, "concurrency")?,
                self.number(Bag::max_matches, "maxMatches")?,
                self.tail_options()?.max_bytes,
            )
        }

        /// `onProgress`.
        pub fn on_progress(&self) -> Result<Option<js_sys::Function>, JobglassError> {
            self.function(Bag::on_progress, "onProgress")
        }

        /// `searchJobLogs`' `onMatches`: each file's matches as soon as it is read.
        pub fn on_matches(&self) -> Result<Option<js_sys::Function>, JobglassError> {
            self.function(Bag::on_matches, "onMatches")
        }

        /// `file`: a name from `listJobLogFiles`; absent, the driver's log.
        pub fn log_file(&self) -> Result<crate::client::inside::LogFileName, JobglassError> {
            match self.string(Bag::file, "file")? {
                None => Ok(crate::client::inside::LogFileName::Driver),
                Some(name) => crate::client::inside::LogFileName::parse(&name),
            }
        }
    }
}
