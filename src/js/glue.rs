//! Typed bindings to the few JavaScript globals the client uses, and guards that release what
//! they hold when dropped: a timer is cleared and a listener removed however its scope ends.

use std::time::Duration;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &Function);
    // The global `fetch` with a URL and options: a `Request` object per call costs more than
    // the request itself on loopback in Node.
    #[wasm_bindgen(js_name = fetch)]
    pub(crate) fn fetch_with_init(url: &str, init: &RequestInit) -> Promise;

    /// `globalThis`, for the properties a runtime may or may not have.
    type Global;
    #[wasm_bindgen(method, getter, structural)]
    fn location(this: &Global) -> Option<PageLocation>;
    #[wasm_bindgen(method, getter, structural, js_name = WebSocket)]
    fn web_socket(this: &Global) -> JsValue;

    /// A page's `location`.
    type PageLocation;
    #[wasm_bindgen(method, getter, structural)]
    fn origin(this: &PageLocation) -> Option<String>;

    /// An `AbortController`, seen through the two members used.
    #[wasm_bindgen(js_name = AbortController)]
    pub(crate) type Controller;
    #[wasm_bindgen(constructor, js_class = AbortController, catch)]
    pub(crate) fn new() -> Result<Controller, JsValue>;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn signal(this: &Controller) -> AbortSignal;
    #[wasm_bindgen(method, getter, js_name = abort)]
    fn abort_method(this: &Controller) -> Function;
}

/// `globalThis.location.origin`, where the runtime has a page location (browsers, workers).
pub(crate) fn page_origin() -> Option<String> {
    js_sys::global()
        .unchecked_into::<Global>()
        .location()?
        .origin()
        .filter(|o| o.starts_with("http"))
}

/// Whether the runtime has a global `WebSocket` (browsers, workers, Deno; not Node 20).
pub(crate) fn has_web_socket() -> bool {
    js_sys::global()
        .unchecked_into::<Global>()
        .web_socket()
        .is_function()
}

impl Controller {
    /// `abort` bound to this controller, for a timer or a listener to call.
    pub fn abort_function(&self) -> Function {
        self.abort_method().bind0(self)
    }
}

/// A pending `setTimeout`; dropping it clears the timer.
#[must_use = "the timer is cleared when this is dropped"]
pub(crate) struct Timeout(JsValue);

impl Timeout {
    /// Calls `handler` after `delay`.
    pub fn start(delay: Duration, handler: &Function) -> Timeout {
        Timeout(set_timeout(handler, delay.as_secs_f64() * 1000.0))
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.0);
    }
}

/// An `abort` listener on a signal; dropping it removes the listener.
#[must_use = "the listener is removed when this is dropped"]
pub(crate) struct AbortListener {
    signal: AbortSignal,
    callback: Function,
}

impl AbortListener {
    /// Calls `callback` when `signal` aborts.
    pub fn add(signal: &AbortSignal, callback: &Function) -> AbortListener {
        let _ = signal.add_event_listener_with_callback("abort", callback);
        AbortListener {
            signal: signal.clone(),
            callback: callback.clone(),
        }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.callback);
    }
}

/// The caller's signal fired.
#[derive(Debug)]
pub(crate) struct Aborted;

/// Waits `delay`, or ends early with [`Aborted`] when `signal` fires.
pub(crate) async fn sleep(delay: Duration, signal: Option<&AbortSignal>) -> Result<(), Aborted> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Aborted);
    }
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) = settle.ok_or(Aborted)?;
    let _timer = Timeout::start(delay, &resolve);
    let _listener = signal.map(|s| AbortListener::add(s, &reject));
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| Aborted)
}

/// Calls a user's callback; an exception it throws is reported as uncaught, as an event
/// listener's would be, and does not stop the work that called it.
pub(crate) fn call_back(callback: &Function, value: &JsValue) {
    if let Err(e) = callback.call1(&JsValue::UNDEFINED, value) {
        let rethrow = Closure::once_into_js(move || -> Result<(), JsValue> { Err(e) });
        queue_microtask(rethrow.unchecked_ref());
    }
}

/// The current time in epoch milliseconds.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}
