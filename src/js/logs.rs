//! `fetchJobLogs` and `followJobLogs` (docs/api.md §9): performs what `client::logs` decides —
//! reads the job, streams the log's body through the decoder of `crate::logs`, or opens Ray's
//! tail socket — and hands new text to `onText`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::fetch::{BodyReader, Fetcher};
use super::glue::{call_back, now_ms, sleep, AbortListener};
use super::perform::{self, parsed};
use super::results::ToJs;
use crate::client::exchange::Exchange;
use crate::client::logs::{LogConversation, LogStep};
use crate::error::{ErrorCode, JobglassError};
use crate::logs::{LogFollower, LogSink, LogsDecoder, PlainText, TailOptions, TailedLog};
use crate::model::JobLogs;
use crate::normalize;

#[wasm_bindgen]
extern "C" {
    /// A client WebSocket, seen through the members used.
    #[wasm_bindgen(js_name = WebSocket)]
    type Socket;
    #[wasm_bindgen(constructor, js_class = WebSocket, catch)]
    fn new(url: &str) -> Result<Socket, JsValue>;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &Socket, handler: Option<&Function>);
    #[wasm_bindgen(method, setter)]
    fn set_onclose(this: &Socket, handler: Option<&Function>);
    #[wasm_bindgen(method)]
    fn close(this: &Socket);

    /// A `message` event.
    type MessageEvent;
    #[wasm_bindgen(method, getter)]
    fn data(this: &MessageEvent) -> JsValue;

    /// A `close` event.
    type CloseEvent;
    #[wasm_bindgen(method, getter)]
    fn code(this: &CloseEvent) -> u16;
}

/// The decoder as a streamed body's reader. Its follower hands each piece of new text to
/// `onText`, or, reading once, lets it go: the follower keeps the bounded tail either way, so
/// both calls share one copy of the decoder in the module.
struct Reader {
    decoder: Decoder,
    on_text: Option<Function>,
}

/// The driver's log comes as Ray's `{"logs": "…"}`; a worker's file as its plain text. Also
/// what `searchJobLogs` reads with (`js::inside`), so the module holds one copy of each decoder.
pub(crate) enum Decoder {
    Json(LogsDecoder<LogFollower>),
    Plain(PlainText<LogFollower>),
}

impl Decoder {
    /// A decoder of Ray's JSON answer (`json`) or of plain text, into `follower`.
    pub(crate) fn new(json: bool, follower: LogFollower) -> Self {
        match json {
            true => Decoder::Json(LogsDecoder::new(follower)),
            false => Decoder::Plain(PlainText::new(follower)),
        }
    }

    pub(crate) fn sink_mut(&mut self) -> &mut LogFollower {
        match self {
            Decoder::Json(d) => d.sink_mut(),
            Decoder::Plain(d) => d.sink_mut(),
        }
    }

    pub(crate) fn into_sink(self) -> LogFollower {
        match self {
            Decoder::Json(d) => d.into_sink(),
            Decoder::Plain(d) => d.into_sink(),
        }
    }

    pub(crate) fn reset(&mut self) {
        match self {
            Decoder::Json(d) => d.reset(),
            Decoder::Plain(d) => d.reset(),
        }
    }

    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Result<(), JobglassError> {
        match self {
            Decoder::Json(d) => d.feed(chunk),
            Decoder::Plain(d) => {
                d.feed(chunk);
                Ok(())
            }
        }
    }

    pub(crate) fn finish(&mut self) -> Result<(), JobglassError> {
        match self {
            Decoder::Json(d) => d.finish(),
            Decoder::Plain(d) => {
                d.finish();
                Ok(())
            }
        }
    }
}

impl Reader {
    fn deliver(&mut self) {
        let text = self.decoder.sink_mut().take_text();
        if let (Some(f), false) = (&self.on_text, text.is_empty()) {
            call_back(f, &JsValue::from_str(&text));
        }
    }
}

impl BodyReader for Reader {
    fn restart(&mut self) {
        self.decoder.reset();
        // A pass resent from the start: the follower skips what it already handed out, and
        // hands out everything new (docs/api.md §9: each byte once).
        let follower = self.decoder.sink_mut();
        follower.start_pass();
        follower.release();
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), JobglassError> {
        self.decoder.feed(chunk)?;
        self.deliver();
        Ok(())
    }

    fn finish(&mut self) -> Result<(), JobglassError> {
        self.decoder.finish()?;
        self.deliver();
        Ok(())
    }
}

fn job_logs(tail: TailedLog, complete: bool) -> JobLogs {
    JobLogs {
        text: tail.text,
        line_count: tail.line_count,
        truncated: tail.truncated,
        dropped_bytes: tail.dropped_bytes,
        complete,
    }
}

/// What a log conversation needs besides its decisions.
pub(crate) struct LogCall {
    /// A fresh exchange for the job, and one for its log.
    pub job: Box<dyn Fn() -> Exchange>,
    pub log: Box<dyn Fn() -> Exchange>,
    /// Ray's tail socket, when it is to be used.
    pub tail_url: String,
    pub on_text: Option<Function>,
    pub fetch: Fetcher,
    pub signal: Option<AbortSignal>,
    /// The log is a worker's file, sent as plain text (docs/api.md §15).
    pub plain: bool,
}

/// Reads the job, then the log: `fetchJobLogs`, or `followJobLogs` with `conversation` following.
pub(crate) async fn run(
    call: LogCall,
    mut conversation: LogConversation,
    options: TailOptions,
) -> Result<JsValue, JobglassError> {
    let signal = call.signal.as_ref();
    let mut reader = Rc::new(RefCell::new(Reader {
        decoder: Decoder::new(!call.plain, LogFollower::new(options)),
        on_text: call.on_text.clone(),
    }));
    loop {
        match conversation.next() {
            LogStep::ReadJob => {
                let mut ex = (call.job)();
                let timeout =
                    conversation.timeout(ex.settings_mut().timeout, now_ms(), ex.url())?;
                ex.settings_mut().timeout = timeout;
                let ok = perform::exchange(ex, &call.fetch, signal)
                    .await
                    .map_err(|e| conversation.failed(e))?;
                conversation.count(ok.attempts);
                let job = parsed(&ok, normalize::parse_job).map_err(|e| conversation.failed(e))?;
                conversation.job_read(&job.job_type, job.terminal, &ok.url, now_ms())?;
            }
            LogStep::ReadLog => {
                let mut ex = (call.log)();
                let timeout =
                    conversation.timeout(ex.settings_mut().timeout, now_ms(), ex.url())?;
                ex.settings_mut().timeout = timeout;
                let url = ex.url().to_owned();
                // Only the tail's message handler shares the reader, and it is gone by now.
                let only = Rc::get_mut(&mut reader).ok_or_else(busy)?.get_mut();
                let read = perform::exchange_reading(ex, &call.fetch, signal, Some(only)).await;
                match read {
                    Ok(ok) => conversation.count(ok.attempts),
                    Err(e) if e.code == ErrorCode::NotFound => {
                        return Err(conversation.no_log_route(&url))
                    }
                    Err(e) => return Err(conversation.failed(e)),
                }
                conversation.log_read(now_ms());
            }
            LogStep::OpenTail => {
                let (got_text, clean) = tail(&call.tail_url, &reader, signal).await?;
                conversation.tail_closed(got_text, clean);
            }
            LogStep::Wait(delay) => {
                if sleep(delay, signal).await.is_err() {
                    return Err(conversation.failed(JobglassError::new(
                        ErrorCode::Aborted,
                        "reading the log was aborted",
                    )));
                }
            }
            LogStep::Done { complete } => {
                let reader = Rc::try_unwrap(reader).map_err(|_| busy())?.into_inner();
                return job_logs(reader.decoder.into_sink().into_logs(), complete).to_js();
            }
        }
    }
}

fn busy() -> JobglassError {
    JobglassError::new(ErrorCode::Network, "the log is still being read")
}

/// One pass over Ray's tail socket: its text frames go to the follower until it closes.
/// Whether any text arrived, and whether the server closed the socket with a close frame (any
/// code but 1006, which browsers report for a connection that broke without one: `wasClean`
/// also depends on the closing handshake's timing, which differs between browsers).
async fn tail(
    url: &str,
    reader: &Rc<RefCell<Reader>>,
    signal: Option<&AbortSignal>,
) -> Result<(bool, bool), JobglassError> {
    let socket = Socket::new(url).map_err(|_| {
        JobglassError::new(
            ErrorCode::Network,
            format!("could not open the log tail at {url}"),
        )
    })?;
    reader.borrow_mut().restart();
    let got_text = Rc::new(std::cell::Cell::new(false));
    let on_message = {
        let reader = reader.clone();
        let got_text = got_text.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                got_text.set(got_text.get() || !text.is_empty());
                let mut r = reader.borrow_mut();
                r.decoder.sink_mut().push(&text);
                r.deliver();
            }
        })
    };
    let mut settle = None;
    let closed = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) =
        settle.ok_or_else(|| JobglassError::new(ErrorCode::Network, "no promise"))?;
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(&resolve));
    let _listener = signal.map(|s| AbortListener::add(s, &reject));
    let outcome = JsFuture::from(closed).await;
    socket.set_onmessage(None);
    socket.set_onclose(None);
    match outcome {
        Ok(event) => Ok((
            got_text.get(),
            event.unchecked_into::<CloseEvent>().code() != 1006,
        )),
        Err(_) => {
            socket.close();
            Err(JobglassError::new(ErrorCode::Aborted, "reading the log was aborted").at(url, 0))
        }
    }
}
