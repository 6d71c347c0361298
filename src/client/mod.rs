//! The client core: every rule of a conversation with a server, as plain state machines that take
//! what happened and return what to do next. Nothing here sends, sleeps or calls JavaScript; the
//! `js` layer performs the steps, so each rule runs and is tested natively.
//!
//! - [`options`]: the caller's options as settings, with their defaults and ranges;
//! - [`auth`]: a token or an AK/SK signature per request, and the secrets no error may show;
//! - [`exchange`]: one request — URL fallback, retries, backoff, what an answer means;
//! - [`watch`]: polling until terminal — change detection, intervals, the deadline;
//! - [`logs`]: reading a job's log once, or following it over a socket or by polling;
//! - [`inside`]: a job's tasks, log files and why it waits, from Ray's state API.

pub(crate) mod auth;
pub(crate) mod exchange;
pub(crate) mod inside;
pub(crate) mod logs;
pub(crate) mod options;
pub(crate) mod watch;
