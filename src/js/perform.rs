//! Performs the client core's decisions: sends what an [`Exchange`] asks for, sleeps when it
//! says wait, polls again when a [`Watch`] says so, and calls the caller back.

use js_sys::{Function, Math};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::fetch::{self, BodyReader, Fetcher};
use super::glue::{call_back, now_ms, sleep};
use super::results::ToJs;
use crate::client::exchange::{Exchange, Step, Success};
use crate::client::options::WatchSettings;
use crate::client::watch::{Watch, Watched};
use crate::error::{ErrorCode, JobglassError};

/// Runs one exchange to its end.
pub(crate) async fn exchange(
    ex: Exchange,
    fetcher: &Fetcher,
    signal: Option<&AbortSignal>,
) -> Result<Success, JobglassError> {
    exchange_reading(ex, fetcher, signal, None).await
}

/// Runs one exchange to its end, a streamed success body going to `reader`.
pub(crate) async fn exchange_reading(
    mut ex: Exchange,
    fetcher: &Fetcher,
    signal: Option<&AbortSignal>,
    mut reader: Option<&mut dyn BodyReader>,
) -> Result<Success, JobglassError> {
    loop {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(ex.aborted());
        }
        match ex.poll(now_ms()) {
            Step::Send(request) => match fetch::send(
                &request,
                fetcher,
                signal,
                reader.as_mut().map(|r| &mut **r as &mut dyn BodyReader),
            )
            .await
            {
                Ok(received) => ex.received(received, now_ms(), Math::random()),
                Err(failure) => ex.failed(failure, Math::random()),
            },
            Step::Wait(delay) => {
                if sleep(delay, signal).await.is_err() {
                    return Err(ex.aborted());
                }
            }
            Step::Done(result) => return result,
        }
    }
}

/// A 2xx body read by `parse`; a body it rejects is `INVALID_RESPONSE` tied to the request.
pub(crate) fn parsed<T>(
    ok: &Success,
    parse: impl Fn(&[u8]) -> Result<T, JobglassError>,
) -> Result<T, JobglassError> {
    parse(&ok.body).map_err(|mut e| {
        e.message = format!("{} from {}", e.message, ok.url);
        e.status = Some(ok.status);
        e.at(&ok.url, ok.attempts)
    })
}

/// Polls with a fresh exchange from `next` until the job is terminal; resolves with it.
pub(crate) async fn watch<T: Watched + ToJs>(
    next: impl Fn() -> Exchange,
    parse: fn(&[u8]) -> Result<T, JobglassError>,
    settings: WatchSettings,
    on_update: Option<Function>,
    fetcher: Fetcher,
    signal: Option<AbortSignal>,
) -> Result<JsValue, JobglassError> {
    let signal = signal.as_ref();
    let mut watch = Watch::new(settings, now_ms());
    loop {
        let mut ex = next();
        let timeout = watch.poll_timeout(ex.settings_mut().timeout, now_ms(), ex.url())?;
        ex.settings_mut().timeout = timeout;
        let url = ex.url().to_owned();
        let ok = exchange(ex, &fetcher, signal)
            .await
            .map_err(|e| watch.failed(e))?;
        let job = parsed(&ok, parse).map_err(|e| watch.failed(e))?;
        watch.count(ok.attempts);
        let seen = watch.seen(job.snapshot(), job.is_terminal(), now_ms());
        let value = job.to_js()?;
        if let Some(f) = on_update.as_ref().filter(|_| seen.notify) {
            call_back(f, &value);
        }
        let Some(delay) = seen.wait else {
            return Ok(value);
        };
        if sleep(delay, signal).await.is_err() {
            return Err(JobglassError::new(
                ErrorCode::Aborted,
                format!("watching {url} was aborted"),
            )
            .at(&url, watch.attempts()));
        }
    }
}
