//! `fetchJobTasks`, `listJobLogFiles`, `searchJobLogs` and `fetchPendingReason` (docs/api.md
//! §15), and the `file` of the log exports: performs the
//! requests `client::inside` names, in its order, and hands the answers to its rules.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::{start, string_arg, Call, Work};

#[wasm_bindgen(typescript_custom_section)]
const DECLARATIONS: &'static str = r#"

/** Options of `fetchJobTasks`. */
export type JobTaskOptions = FetchOptions & {
  /** Tasks asked of Ray; default 10000 (Ray's own cap, `RAY_MAX_LIMIT_FROM_API_SERVER`), at most 1000000. */
  limit?: number;
};

/** Resource amounts by name: `{CPU: 1, GPU: 0.5}`. */
export type Resources = Record<string, number>;

/** One task (one attempt of it) of a Ray job, from Ray's state API. Unknown values are null. */
export interface JobTask {
  taskId: string;
  /** 0 for the first attempt. */
  attemptNumber: number;
  name: string | null;
  /** Ray's state name: `PENDING_NODE_ASSIGNMENT`, `RUNNING`, `FINISHED`, `FAILED`, … */
  state: string | null;
  /** `NORMAL_TASK`, `ACTOR_TASK`, `ACTOR_CREATION_TASK` or `DRIVER_TASK`. */
  kind: string | null;
  actorId: string | null;
  nodeId: string | null;
  workerId: string | null;
  pid: number | null;
  /** Epoch milliseconds. */
  startTime: number | null;
  /** Epoch milliseconds. */
  endTime: number | null;
  errorType: string | null;
  errorMessage: string | null;
  requiredResources: Resources;
}

/** A job's tasks, their count by state, and whether Ray left some out. */
export interface JobTasks {
  tasks: JobTask[];
  summary: Record<string, number>;
  /** Tasks Ray knows of for the job, including those it did not return. */
  total: number;
  /** True when `limit`, Ray's own cap or task events Ray dropped left tasks out. */
  truncated: boolean;
}

/** One log file of a job; `name` is what `options.file` takes. */
export interface JobLogFile {
  name: string;
  kind: "driver" | "worker" | "actor";
  nodeId: string | null;
  workerId: string | null;
  actorId: string | null;
  pid: number | null;
  taskIds: string[];
}

/** Options of `searchJobLogs`. */
export type LogSearchOptions = FetchOptions & {
  /** Default false: text and regex match in any case. */
  caseSensitive?: boolean;
  /** Files read at once; default 4, at most 16. */
  concurrency?: number;
  /** Matches kept; default 1000, at most 100000. */
  maxMatches?: number;
  /** Bytes of text read from each file at most; default 8 MiB. */
  maxLogBytes?: number;
  /** Called after each file. */
  onProgress?: (progress: { filesRead: number; files: number; bytesRead: number }) => void;
  /**
   * Called with each file's matches as soon as that file is read (files finish in any order;
   * the result's `matches` has them in order), not called for a file without matches.
   */
  onMatches?: (matches: { file: string; line: number; text: string }[]) => void;
};

/** What `searchJobLogs` found. */
export interface LogSearch {
  /** In the order of `listJobLogFiles`, then of the lines; `line` is 1-based. */
  matches: { file: string; line: number; text: string }[];
  files: number;
  filesRead: number;
  bytesRead: number;
  /** True when `maxMatches` or `maxLogBytes` left something unsearched. */
  truncated: boolean;
  /** True when every file was read to its end. */
  complete: boolean;
}

/** Why a job or its tasks wait. */
export interface PendingReason {
  demands: { resources: Resources; count: number }[];
  /** Free now, for each resource the demands name (0 when the cluster has none). */
  available: Resources;
  /** One sentence. */
  text: string;
}

"#;
use crate::client::auth::Auth;
use crate::client::exchange::{Exchange, Method, Success};
use crate::client::inside::{self, LogFileName, SearchSettings};
use crate::client::logs::LogConversation;
use crate::error::{ErrorCode, JobglassError};
use crate::js::fetch::BodyReader;
use crate::js::glue::call_back;
use crate::js::glue::page_origin;
use crate::js::logs::Decoder;
use crate::js::logs::LogCall;
use crate::js::perform::{self, parsed};
use crate::logs::{LineSearch, LogFollower, LogSink, TailOptions};
use crate::model::{Job, JobLogFile, LogSearch, LogSearchMatch, ToJson};
use crate::normalize::{self, inside as parse};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

impl Call {
    /// A GET of `url`, its body read by `read`; a 404 from the state API is `UNSUPPORTED`.
    async fn read<T>(
        &self,
        url: String,
        read: fn(&[u8]) -> Result<T, JobglassError>,
    ) -> Result<T, JobglassError> {
        let ok = self.get(url).await.map_err(inside::no_state_api)?;
        parsed(&ok, read)
    }

    /// One GET, boxed: every request of these exports shares one copy of the exchange's
    /// performing, which would otherwise be inlined into each caller's state machine.
    fn get(
        &self,
        url: String,
    ) -> Pin<Box<dyn Future<Output = Result<Success, JobglassError>> + '_>> {
        let ex = self.exchange(Method::Get, vec![url], Auth::Headers);
        Box::pin(perform::exchange(ex, &self.fetch, self.signal.as_ref()))
    }

    /// The job, and the job id the state API knows it by.
    async fn resolve(&self, id: &str) -> Result<(Job, Option<String>), JobglassError> {
        let ok = self.get(self.endpoint.job(id)?).await?;
        let job = parsed(&ok, normalize::parse_job)?;
        let job_id = inside::job_id_of(&job, &ok.url)?;
        Ok((job, job_id))
    }
}

/// The job's log files, as `listJobLogFiles` finds them.
async fn job_log_files(call: &Call, id: &str) -> Result<Vec<JobLogFile>, JobglassError> {
    let (job, job_id) = call.resolve(id).await?;
    let (mut tasks, mut actors) = (Vec::new(), Vec::new());
    if let Some(job_id) = job_id {
        let limit = inside::DEFAULT_LIMIT;
        let url = call.endpoint.job_tasks(&job_id, limit);
        tasks = call.read(url, parse::parse_tasks).await?.rows;
        let url = call.endpoint.job_actors(&job_id, limit);
        actors = call.read(url, parse::parse_actors).await?.rows;
    }
    let mut listings = BTreeMap::new();
    for node in inside::nodes_to_list(&tasks, &actors) {
        let url = call.endpoint.node_logs(&node, "worker-*");
        listings.insert(node, call.read(url, parse::parse_log_list).await?);
    }
    Ok(inside::log_files(&job, &tasks, &actors, &listings))
}

/// One file's text through the search, as its body arrives; it stops the body once the file's
/// byte bound is reached or no more matches can be kept. The text is decoded by the log exports'
/// own decoders, into a follower that keeps almost nothing and hands every piece on at once.
struct SearchReader {
    decoder: Decoder,
    search: LineSearch,
    max_bytes: u64,
    /// The reader itself ended the body early (not a failure).
    stopped: bool,
}

/// A follower that hands out everything from the first byte and keeps a few bytes of tail.
fn pass_through() -> LogFollower {
    let mut follower = LogFollower::new(TailOptions {
        max_bytes: 4,
        tail_lines: None,
    });
    follower.start_pass();
    follower.release();
    follower
}

impl BodyReader for SearchReader {
    fn restart(&mut self) {
        self.decoder.reset();
        *self.decoder.sink_mut() = pass_through();
        self.search.restart();
        self.stopped = false;
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), JobglassError> {
        self.decoder.feed(chunk)?;
        self.search.push(&self.decoder.sink_mut().take_text());
        if self.search.bytes >= self.max_bytes || self.search.is_full() {
            self.stopped = true;
            return Err(JobglassError::new(
                ErrorCode::Aborted,
                "enough of this file was read",
            ));
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), JobglassError> {
        self.decoder.finish()?;
        self.search.push(&self.decoder.sink_mut().take_text());
        self.search.finish();
        Ok(())
    }
}

/// What the searchers share.
#[derive(Default)]
struct Shared {
    next: usize,
    /// The matches of each file, by the file's place in the list.
    found: Vec<Vec<LogSearchMatch>>,
    kept: usize,
    files_read: u64,
    bytes_read: u64,
    truncated: bool,
    complete: bool,
    /// The first failure that ends the whole search (the caller's abort).
    error: Option<JobglassError>,
}

/// One searcher: takes the next file until none is left or enough matches were found.
async fn searcher(
    call: Rc<Call>,
    id: Rc<str>,
    files: Rc<Vec<JobLogFile>>,
    settings: Rc<SearchSettings>,
    shared: Rc<RefCell<Shared>>,
    on_progress: Option<js_sys::Function>,
    on_matches: Option<js_sys::Function>,
) -> Result<(), JobglassError> {
    loop {
        let index = {
            let mut s = shared.borrow_mut();
            if s.kept >= settings.max_matches {
                s.truncated = true;
                s.complete = false;
                return Ok(());
            }
            s.next += 1;
            s.next - 1
        };
        let Some(file) = files.get(index) else {
            return Ok(());
        };
        let (url, json) = match LogFileName::parse(&file.name)? {
            LogFileName::Driver => (call.endpoint.job_logs(&id)?, true),
            LogFileName::Node { node_id, file } => {
                (call.endpoint.node_log_file(&node_id, &file), false)
            }
        };
        let mut reader = SearchReader {
            decoder: Decoder::new(json, pass_through()),
            search: LineSearch::new(settings.matcher.clone(), settings.max_matches),
            max_bytes: settings.max_bytes,
            stopped: false,
        };
        let ex = call
            .exchange(Method::Get, vec![url], Auth::Headers)
            .streaming();
        let reading: Pin<Box<dyn Future<Output = _>>> = Box::pin(perform::exchange_reading(
            ex,
            &call.fetch,
            call.signal.as_ref(),
            Some(&mut reader),
        ));
        let result = reading.await;
        let failed = match result {
            Ok(_) => false,
            Err(_) if reader.stopped => false,
            Err(e) if e.code == ErrorCode::Aborted => return Err(e),
            // A file that cannot be read (gone since it was listed) leaves the search incomplete.
            Err(_) => true,
        };
        let stopped = reader.stopped;
        let search = &mut reader.search;
        let mut s = shared.borrow_mut();
        s.files_read += 1;
        s.bytes_read += search.bytes;
        s.truncated |= stopped;
        s.complete &= !(stopped || failed);
        let name = &file.name;
        s.kept += search.matches.len();
        let matches = search.matches.drain(..).map(|m| LogSearchMatch {
            file: name.clone(),
            line: m.line,
            text: m.text,
        });
        // This file's matches, for `onMatches` (built before the borrow ends, called after).
        let mut streamed = None;
        if let Some(bucket) = s.found.get_mut(index) {
            bucket.extend(matches);
            if on_matches.is_some() && !bucket.is_empty() {
                let list = js_sys::Array::new();
                for m in bucket.iter() {
                    let one = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&one, &"file".into(), &m.file.as_str().into());
                    let _ = js_sys::Reflect::set(&one, &"line".into(), &(m.line as f64).into());
                    let _ = js_sys::Reflect::set(&one, &"text".into(), &m.text.as_str().into());
                    list.push(&one);
                }
                streamed = Some(list);
            }
        }
        let progress = (s.files_read, s.bytes_read);
        drop(s);
        if let (Some(f), Some(list)) = (&on_matches, &streamed) {
            call_back(f, list);
        }
        if let Some(f) = &on_progress {
            let value = js_sys::Object::new();
            let set = |k: &str, v: f64| {
                let _ = js_sys::Reflect::set(&value, &k.into(), &v.into());
            };
            set("filesRead", progress.0 as f64);
            set("files", files.len() as f64);
            set("bytesRead", progress.1 as f64);
            call_back(f, &value);
        }
    }
}

/// Searches every log file of a job: the driver's and each worker's and actor's, each read as a
/// stream, a few at once (docs/api.md §15).
///
/// @param endpoint - the Ray dashboard's base URL, `http://ray-head:8265`, or a path such as
///   `/c/prod` in a page (docs/api.md §3).
/// @param jobOrSubmissionId - the job's submission id or its Ray job id; one path segment.
/// @param query - text (case-insensitive unless `caseSensitive`) or `{ regex }`; a regex that is
///   not valid or would cost too much is `BAD_REQUEST` before any request.
/// @param options - those of `fetchJob`, and `concurrency`, `maxLogBytes` (per file),
///   `maxMatches`, `caseSensitive`, `onProgress` and `onMatches` (each file's matches as soon as
///   it is read).
/// @returns the matches with their file and 1-based line, and how much was read.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a server without Ray's state API (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer, an attempt ran past `timeoutMs`, or `signal`
///     aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const found = await searchJobLogs('http://ray-head:8265', 'raysubmit_XYZ', { regex: 'Error|Traceback' });
/// for (const m of found.matches) console.log(`${m.file}#L${m.line}: ${m.text}`);
/// ```
#[wasm_bindgen(js_name = searchJobLogs, unchecked_return_type = "Promise<LogSearch>")]
pub fn search_job_logs(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = jobOrSubmissionId, unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | { regex: string }")] query: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LogSearchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, id) = call(&endpoint, &id, &options)?;
        let settings = Rc::new(call.options.search_settings(&query)?);
        let on_progress = call.options.on_progress()?;
        let on_matches = call.options.on_matches()?;
        let call = Rc::new(call);
        Ok(Box::pin(async move {
            let files = Rc::new(job_log_files(&call, &id).await?);
            let shared = Rc::new(RefCell::new(Shared {
                complete: true,
                found: vec![Vec::new(); files.len()],
                ..Shared::default()
            }));
            let id: Rc<str> = id.into();
            let searchers = js_sys::Array::new();
            for _ in 0..settings.concurrency.min(files.len().max(1)) {
                let work = searcher(
                    call.clone(),
                    id.clone(),
                    files.clone(),
                    settings.clone(),
                    shared.clone(),
                    on_progress.clone(),
                    on_matches.clone(),
                );
                let shared = shared.clone();
                searchers.push(&future_to_promise(async move {
                    if let Err(e) = work.await {
                        shared.borrow_mut().error.get_or_insert(e);
                    }
                    Ok(JsValue::UNDEFINED)
                }));
            }
            // Each searcher resolves, its failure kept in `shared`.
            let _ = JsFuture::from(Promise::all(&searchers)).await;
            let s = std::mem::take(&mut *shared.borrow_mut());
            if let Some(e) = s.error {
                return Err(e);
            }
            let (matches, cut) = inside::merge_matches(s.found, settings.max_matches);
            let result = LogSearch {
                matches,
                files: files.len() as u64,
                files_read: s.files_read,
                bytes_read: s.bytes_read,
                truncated: s.truncated || cut,
                complete: s.complete && !cut && s.files_read == files.len() as u64,
            };
            json_to_js(&result)
        }) as Work)
    })())
}

/// `fetchJobLogs` and `followJobLogs` with `options.file` naming a worker's file: the log is
/// read from Ray's `/api/v0/logs/file` as plain text, polled when followed.
pub(super) fn with_file(
    call: &Call,
    mut logs: LogCall,
    conversation: LogConversation,
) -> Result<(LogCall, LogConversation), JobglassError> {
    let LogFileName::Node { node_id, file } = call.options.log_file()? else {
        return Ok((logs, conversation));
    };
    let url = call.endpoint.node_log_file(&node_id, &file);
    let (headers, settings) = (call.headers.clone(), call.settings.clone());
    logs.log = Box::new(move || {
        Exchange::new(
            Method::Get,
            vec![url.clone()],
            headers.clone(),
            Auth::Headers,
            settings.clone(),
            page_origin(),
        )
        .streaming()
    });
    logs.plain = true;
    Ok((logs, conversation.of_worker_file()))
}

/// The arguments of the three exports, checked before anything is sent.
fn call(
    endpoint: &JsValue,
    id: &JsValue,
    options: &JsValue,
) -> Result<(Call, String), JobglassError> {
    let call = Call::new(endpoint, options)?;
    let id = string_arg(id, "jobOrSubmissionId")?;
    call.endpoint.job(&id)?;
    Ok((call, id))
}

fn json_to_js(value: &impl ToJson) -> Result<JsValue, JobglassError> {
    js_sys::JSON::parse(&value.to_json())
        .map_err(|_| JobglassError::invalid_response("the result cannot be decoded"))
}

/// A job's tasks from Ray's state API, with a summary by state (docs/api.md §15): the job
/// first, for the job id Ray's state API knows it by, then `GET {endpoint}/api/v0/tasks`.
///
/// @param endpoint - the Ray dashboard's base URL, `http://ray-head:8265`, or a path such as
///   `/c/prod` in a page (docs/api.md §3).
/// @param jobOrSubmissionId - the job's submission id or its Ray job id; one path segment.
/// @param options - those of `fetchJob`, and `limit` (default 10,000, Ray's own maximum).
/// @returns the tasks, a count by state, Ray's total, and `truncated` when Ray cut the list.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a server without Ray's state API (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer, an attempt ran past `timeoutMs`, or `signal`
///     aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const { tasks, summary, truncated } = await fetchJobTasks('http://ray-head:8265', 'raysubmit_XYZ');
/// console.log(summary, tasks.filter((t) => t.state === 'FAILED').map((t) => t.errorType), truncated);
/// ```
#[wasm_bindgen(js_name = fetchJobTasks, unchecked_return_type = "Promise<JobTasks>")]
pub fn fetch_job_tasks(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = jobOrSubmissionId, unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JobTaskOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, id) = call(&endpoint, &id, &options)?;
        let limit = call.options.task_limit()?;
        Ok(Box::pin(async move {
            let list = match call.resolve(&id).await?.1 {
                Some(job_id) => {
                    let url = call.endpoint.job_tasks(&job_id, limit);
                    call.read(url, parse::parse_tasks).await?
                }
                None => Default::default(),
            };
            json_to_js(&inside::job_tasks(list))
        }) as Work)
    })())
}

/// The driver's log and every worker and actor log of a job (docs/api.md §15), each with the
/// `name` that `fetchJobLogs`, `followJobLogs` and `searchJobLogs` take as `options.file`.
///
/// @param endpoint - the Ray dashboard's base URL, `http://ray-head:8265`, or a path such as
///   `/c/prod` in a page (docs/api.md §3).
/// @param jobOrSubmissionId - the job's submission id or its Ray job id; one path segment.
/// @param options - those of `fetchJob`.
/// @returns the driver's log first, then each worker's and actor's files.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a server without Ray's state API (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer, an attempt ran past `timeoutMs`, or `signal`
///     aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const files = await listJobLogFiles('http://ray-head:8265', 'raysubmit_XYZ');
/// const actor = files.find((f) => f.kind === 'actor');
/// if (actor) console.log((await fetchJobLogs('http://ray-head:8265', 'raysubmit_XYZ', { file: actor.name })).text);
/// ```
#[wasm_bindgen(js_name = listJobLogFiles, unchecked_return_type = "Promise<JobLogFile[]>")]
pub fn list_job_log_files(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = jobOrSubmissionId, unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, id) = call(&endpoint, &id, &options)?;
        Ok(Box::pin(async move {
            let (job, job_id) = call.resolve(&id).await?;
            let (mut tasks, mut actors) = (Vec::new(), Vec::new());
            if let Some(job_id) = job_id {
                let limit = inside::DEFAULT_LIMIT;
                tasks = call
                    .read(call.endpoint.job_tasks(&job_id, limit), parse::parse_tasks)
                    .await?
                    .rows;
                actors = call
                    .read(
                        call.endpoint.job_actors(&job_id, limit),
                        parse::parse_actors,
                    )
                    .await?
                    .rows;
            }
            let mut listings = BTreeMap::new();
            for node in inside::nodes_to_list(&tasks, &actors) {
                let url = call.endpoint.node_logs(&node, "worker-*");
                listings.insert(node, call.read(url, parse::parse_log_list).await?);
            }
            json_to_js(&inside::log_files(&job, &tasks, &actors, &listings))
        }) as Work)
    })())
}

/// Why a job or its tasks wait, from the cluster status and the job's pending tasks (docs/api.md
/// §15): what they ask for against what is free, and one sentence that says it.
///
/// @param endpoint - the Ray dashboard's base URL, `http://ray-head:8265`, or a path such as
///   `/c/prod` in a page (docs/api.md §3).
/// @param jobOrSubmissionId - the job's submission id or its Ray job id; one path segment.
/// @param options - those of `fetchJob`.
/// @returns the demands, what is free, and the sentence; `null` when nothing waits.
/// @throws {JobglassError} as the promise's rejection (nothing is thrown synchronously):
///   - `INVALID_ARGUMENT`: a bad endpoint, id or option, found before anything is sent;
///   - `NOT_FOUND`: the server has no such job;
///   - `UNSUPPORTED`: a server without Ray's state API (openYuanrong);
///   - `UNAUTHORIZED`, `FORBIDDEN`: the server refused the credentials;
///   - `NETWORK`, `TIMEOUT`, `ABORTED`: no answer, an attempt ran past `timeoutMs`, or `signal`
///     aborted;
///   - `RATE_LIMITED`, `SERVER_ERROR`, `BAD_REQUEST`, `HTTP_ERROR`: other answers, after the
///     retries allowed;
///   - `INVALID_RESPONSE`: an answer that is not the JSON expected.
///
/// @example
/// ```ts
/// const why = await fetchPendingReason('http://ray-head:8265', 'raysubmit_XYZ');
/// if (why) console.log(why.text);
/// ```
#[wasm_bindgen(js_name = fetchPendingReason, unchecked_return_type = "Promise<PendingReason | null>")]
pub fn fetch_pending_reason(
    #[wasm_bindgen(unchecked_param_type = "string")] endpoint: JsValue,
    #[wasm_bindgen(js_name = jobOrSubmissionId, unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: JsValue,
) -> Promise {
    start((|| {
        let (call, id) = call(&endpoint, &id, &options)?;
        Ok(Box::pin(async move {
            let (job, job_id) = call.resolve(&id).await?;
            if job.terminal {
                return Ok(JsValue::NULL);
            }
            let tasks = match job_id {
                Some(job_id) => {
                    let url = call.endpoint.job_tasks(&job_id, inside::DEFAULT_LIMIT);
                    call.read(url, parse::parse_tasks).await?.rows
                }
                None => Vec::new(),
            };
            let cluster = call
                .read(call.endpoint.cluster_status(), parse::parse_cluster_status)
                .await?;
            match inside::pending_reason(&job, &tasks, &cluster) {
                Some(reason) => json_to_js(&reason),
                None => Ok(JsValue::NULL),
            }
        }) as Work)
    })())
}
