//! `fetchJobTasks`, `listJobLogFiles` and `fetchPendingReason` (docs/api.md §15): performs the
//! requests `client::inside` names, in its order, and hands the answers to its rules.

use std::collections::BTreeMap;

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
use crate::client::exchange::{Exchange, Method};
use crate::client::inside::{self, LogFileName};
use crate::client::logs::LogConversation;
use crate::error::JobglassError;
use crate::js::glue::page_origin;
use crate::js::logs::LogCall;
use crate::js::perform::{self, parsed};
use crate::model::{Job, ToJson};
use crate::normalize::{self, inside as parse};

impl Call {
    /// A GET of `url`, its body read by `read`; a 404 from the state API is `UNSUPPORTED`.
    async fn read<T>(
        &self,
        url: String,
        read: fn(&[u8]) -> Result<T, JobglassError>,
    ) -> Result<T, JobglassError> {
        let ex = self.exchange(Method::Get, vec![url], Auth::Headers);
        let ok = perform::exchange(ex, self.signal.as_ref())
            .await
            .map_err(inside::no_state_api)?;
        parsed(&ok, read)
    }

    /// The job, and the job id the state API knows it by.
    async fn resolve(&self, id: &str) -> Result<(Job, Option<String>), JobglassError> {
        let url = self.endpoint.job(id)?;
        let ex = self.exchange(Method::Get, vec![url], Auth::Headers);
        let ok = perform::exchange(ex, self.signal.as_ref()).await?;
        let job = parsed(&ok, normalize::parse_job)?;
        let job_id = inside::job_id_of(&job, &ok.url)?;
        Ok((job, job_id))
    }
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

/// A job's tasks from Ray's state API, with a summary by state.
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

/// The driver's log and every worker and actor log of a job.
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

/// Why a job or its tasks wait, from the cluster status and the job's pending tasks; `null`
/// when nothing waits.
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
