//! The only code that sends requests: a `fetch` — the caller's `options.fetch`, else the one the
//! package's entry chose for its runtime (Node's sends no browser headers), else the global one —
//! so the same build runs in windows, workers, Node, Deno and workerd. It performs one
//! [`Request`] the client core decided on and reports what happened; what that means is decided
//! in `client::exchange`.

use std::cell::RefCell;

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStreamDefaultReader, RequestInit, Response};

use super::glue::{fetch_with_init, AbortListener, Controller, Timeout};
use crate::base::digits::parse_digits;
use crate::client::exchange::{Failure, Received, Request};
use crate::error::JobglassError;

#[wasm_bindgen]
extern "C" {
    /// What `ReadableStreamDefaultReader.read()` resolves with.
    type ReadResult;
    #[wasm_bindgen(method, getter)]
    fn done(this: &ReadResult) -> bool;
    #[wasm_bindgen(method, getter)]
    fn value(this: &ReadResult) -> Option<Uint8Array>;
}

thread_local! {
    /// The runtime's default `fetch`, when its entry set one (`npm/node.js`).
    static DEFAULT_FETCH: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Sets the `fetch` used when a call's options name none; `undefined` or `null` returns to the
/// global `fetch`. For the package's own entry points, which set it once as they load: Node's
/// entry sets a fetch on `node:http` (docs/api.md §10).
#[wasm_bindgen(js_name = __setDefaultFetch, skip_typescript)]
pub fn set_default_fetch(fetch: JsValue) -> Result<(), JobglassError> {
    let fetch = match fetch {
        f if f.is_undefined() || f.is_null() => None,
        f => Some(f.dyn_into::<Function>().map_err(|_| {
            JobglassError::invalid_argument("the default fetch must be a function")
        })?),
    };
    DEFAULT_FETCH.with(|d| *d.borrow_mut() = fetch);
    Ok(())
}

/// The `fetch` a call sends with: its own `options.fetch`, else the default, else the global.
#[derive(Clone, Default)]
pub(crate) struct Fetcher(Option<Function>);

impl Fetcher {
    /// The caller's `fetch` when given, else the runtime's default.
    pub fn choose(given: Option<Function>) -> Fetcher {
        Fetcher(given.or_else(|| DEFAULT_FETCH.with(|d| d.borrow().clone())))
    }

    /// Calls the chosen `fetch` as the global one is called: `fetch(url, init)`. A function that
    /// throws instead of rejecting fails the same way.
    fn call(&self, url: &str, init: &RequestInit) -> Promise {
        match &self.0 {
            None => fetch_with_init(url, init),
            Some(f) => match f.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init) {
                Ok(answer) => Promise::resolve(&answer),
                Err(e) => Promise::reject(&e),
            },
        }
    }
}

/// Reads a success body as it arrives, when the request streams it (a job's log).
pub(crate) trait BodyReader {
    /// A new attempt: forget what an earlier one read.
    fn restart(&mut self);
    /// The next bytes of the body.
    fn feed(&mut self, chunk: &[u8]) -> Result<(), JobglassError>;
    /// The body ended.
    fn finish(&mut self) -> Result<(), JobglassError>;
}

/// Sends `request` with its own timeout, aborted too when the caller's `signal` fires; a
/// streamed success body goes to `reader`.
pub(crate) async fn send(
    request: &Request,
    fetcher: &Fetcher,
    signal: Option<&AbortSignal>,
    reader: Option<&mut dyn BodyReader>,
) -> Result<Received, Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    let controller = Controller::new().map_err(|_| cannot_send("AbortController is missing"))?;
    let abort = controller.abort_function();
    let _timer = request.timeout.map(|t| Timeout::start(t, &abort));
    let _listener = signal.map(|s| AbortListener::add(s, &abort));
    exchange(request, fetcher, &controller, reader)
        .await
        .map_err(|failure| {
            // A transport failure after our own abort is the timeout's or the caller's doing.
            match failure {
                Failure::Network(_) if controller.signal().aborted() => {
                    if signal.is_some_and(AbortSignal::aborted) {
                        Failure::Aborted
                    } else {
                        Failure::TimedOut
                    }
                }
                other => other,
            }
        })
}

async fn exchange(
    request: &Request,
    fetcher: &Fetcher,
    controller: &Controller,
    reader: Option<&mut dyn BodyReader>,
) -> Result<Received, Failure> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(Some(&controller.signal()));
    if !request.headers.is_empty() {
        let headers = Headers::new().map_err(|e| network(&e))?;
        for (name, value) in &request.headers {
            headers.append(name, value).map_err(|e| network(&e))?;
        }
        init.set_headers(&headers);
    }
    let answer = JsFuture::from(fetcher.call(&request.url, &init))
        .await
        .map_err(|e| network(&e))?;
    // Read by its members, not by class: a caller's fetch (undici's package, a test double) may
    // answer with a Response of another realm.
    if !js_sys::Reflect::get(&answer, &"status".into()).is_ok_and(|s| s.as_f64().is_some()) {
        return Err(Failure::Network(
            "fetch did not answer with a Response".into(),
        ));
    }
    let response: Response = answer.unchecked_into();
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let (body, overflowed) = match reader {
        Some(reader) if request.streams_body && (200..300).contains(&status) => {
            stream_body(&response, reader).await?;
            (Vec::new(), false)
        }
        _ => {
            read_body(
                &response,
                request.body_limit(status),
                header("content-length"),
            )
            .await?
        }
    };
    Ok(Received {
        status,
        content_type: header("content-type"),
        request_id: header("x-request-id"),
        retry_after: header("retry-after"),
        body,
        overflowed,
    })
}

/// Reads at most `limit` bytes of the body, and whether there was more. The buffer grows as
/// bytes arrive: a `Content-Length` is the server's claim, not a reason to reserve memory, but
/// one over the limit ends the read before it starts.
async fn read_body(
    response: &Response,
    limit: usize,
    declared: Option<String>,
) -> Result<(Vec<u8>, bool), Failure> {
    let Some(chunks) = body_chunks(response)? else {
        return Ok((Vec::new(), false));
    };
    let over = declared
        .and_then(|v| parse_digits(v.trim()))
        .is_some_and(|n| n > limit as u64);
    if over {
        let _ = chunks.cancel();
        return Ok((Vec::new(), true));
    }
    let mut body = Vec::new();
    while let Some(bytes) = next_chunk(&chunks).await? {
        let room = limit - body.len();
        let n = bytes.length() as usize;
        let take = n.min(room);
        let start = body.len();
        body.resize(start + take, 0);
        bytes.subarray(0, take as u32).copy_to(&mut body[start..]);
        if n > room {
            let _ = chunks.cancel();
            return Ok((body, true));
        }
    }
    Ok((body, false))
}

/// Hands every chunk of the body to `reader`, however long it is.
async fn stream_body(response: &Response, reader: &mut dyn BodyReader) -> Result<(), Failure> {
    reader.restart();
    if let Some(chunks) = body_chunks(response)? {
        let mut buffer = Vec::new();
        while let Some(bytes) = next_chunk(&chunks).await? {
            buffer.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut buffer);
            if let Err(e) = reader.feed(&buffer) {
                let _ = chunks.cancel();
                return Err(Failure::Rejected(e));
            }
        }
    }
    reader.finish().map_err(Failure::Rejected)
}

/// A reader of the body's chunks, when there is a body.
fn body_chunks(response: &Response) -> Result<Option<ReadableStreamDefaultReader>, Failure> {
    response
        .body()
        .map(|stream| {
            let reader = stream.get_reader();
            if reader.is_object() {
                Ok(reader.unchecked_into())
            } else {
                Err(cannot_send("the body cannot be read"))
            }
        })
        .transpose()
}

/// The next chunk, or `None` at the end of the body.
async fn next_chunk(chunks: &ReadableStreamDefaultReader) -> Result<Option<Uint8Array>, Failure> {
    loop {
        let chunk: ReadResult = JsFuture::from(chunks.read())
            .await
            .map_err(|e| network(&e))?
            .unchecked_into();
        if chunk.done() {
            return Ok(None);
        }
        if let Some(bytes) = chunk.value() {
            return Ok(Some(bytes));
        }
    }
}

/// A failed `fetch` or read, described as the runtime described it.
fn network(e: &JsValue) -> Failure {
    let cause = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .unwrap_or_else(|| "the connection failed".into());
    Failure::Network(cause)
}

fn cannot_send(what: &str) -> Failure {
    Failure::Network(format!("this runtime cannot send requests: {what}"))
}
