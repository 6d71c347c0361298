//! The normalized shapes of docs/api.md §4–§5: what every parser and fetch function returns.
//!
//! These types are serialized to JavaScript as JSON-compatible objects (camelCase keys, `null`
//! for unknown values), and their TypeScript declarations are generated from them.

mod inside;
mod map;
mod tape;
mod to_json;

#[cfg(feature = "fetch")]
pub(crate) use inside::number as inside_number;
pub use inside::{
    Demand, JobLogFile, JobTask, JobTasks, LogFileKind, LogSearch, LogSearchMatch, PendingReason,
    Resources,
};
pub use map::{Extra, Map};
#[cfg(target_arch = "wasm32")]
pub(crate) use tape::Tape;
pub use to_json::ToJson;

use tsify::Tsify;

/// The status of a job, on every server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
#[serde(rename_all = "UPPERCASE")]
pub enum JobStatus {
    /// Accepted, not started.
    Pending,
    /// Started, not finished.
    Running,
    /// Stopped by a user (or deleted, on ModelArts).
    Stopped,
    /// Finished without error.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Missing or not recognised; a warning says which.
    Unknown,
}

impl JobStatus {
    /// Whether the job can no longer change.
    ///
    /// ```
    /// use jobglass::model::JobStatus;
    /// assert!(JobStatus::Stopped.is_terminal() && !JobStatus::Running.is_terminal());
    /// ```
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Stopped | JobStatus::Succeeded | JobStatus::Failed
        )
    }
}

/// Which server shape a job came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// openYuanrong: seconds as strings, `key`, `envVars` as a JSON string.
    Openyuanrong,
    /// Ray: milliseconds as numbers.
    Ray,
}

/// The process that runs a job's entrypoint.
#[derive(Clone, Debug, Default, PartialEq, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// Driver id.
    pub id: Option<String>,
    /// IP address of its node.
    pub node_ip_address: Option<String>,
    /// Its process id.
    pub pid: Option<i64>,
}

/// A job's runtime environment.
#[derive(Clone, Debug, Default, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeEnv {
    /// `working_dir`.
    pub working_dir: Option<String>,
    /// Environment variables.
    #[tsify(type = "Record<string, string>")]
    pub env_vars: Map,
    /// Requirement specs (`numpy==1.24`).
    pub pip: Vec<String>,
    /// openYuanrong's raw pip shell command.
    pub pip_command: Option<String>,
    /// Every other `runtime_env` key, as received.
    #[tsify(type = "Record<string, unknown>")]
    pub other: Extra,
}

/// A job on openYuanrong or Ray (docs/api.md §4).
#[derive(Clone, Debug, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Always `"job"`.
    #[tsify(type = "\"job\"")]
    pub kind: &'static str,
    /// The server shape it came in.
    pub dialect: Dialect,
    /// `SUBMISSION` (submitted through the job API: it has a submission id and logs) or `DRIVER`
    /// (a script that called `ray.init()` itself); another value as received. Missing is taken as
    /// `SUBMISSION`, with a warning.
    #[serde(rename = "type")]
    #[tsify(type = "\"SUBMISSION\" | \"DRIVER\" | (string & {})")]
    pub job_type: String,
    /// Submission id (null for Ray DRIVER jobs).
    pub submission_id: Option<String>,
    /// Ray job id (hex).
    pub job_id: Option<String>,
    /// The command the job runs.
    pub entrypoint: Option<String>,
    /// Normalized status.
    pub status: JobStatus,
    /// Status as received.
    pub raw_status: Option<String>,
    /// Whether the status can no longer change.
    pub terminal: bool,
    /// Ray's status message (holds the last logs on failure).
    pub message: Option<String>,
    /// Failure class or text.
    pub error_type: Option<String>,
    /// Start, epoch milliseconds.
    pub start_time: Option<i64>,
    /// End, epoch milliseconds.
    pub end_time: Option<i64>,
    /// `endTime - startTime`.
    pub duration_ms: Option<i64>,
    /// The driver process, when reported.
    pub driver: Option<Driver>,
    /// Node the driver runs on.
    pub driver_node_id: Option<String>,
    /// The driver agent's HTTP address.
    pub driver_agent_http_address: Option<String>,
    /// Exit code, once the job is terminal.
    pub driver_exit_code: Option<i64>,
    /// User metadata.
    #[tsify(type = "Record<string, string>")]
    pub metadata: Map,
    /// Runtime environment.
    pub runtime_env: RuntimeEnv,
    /// One plain sentence per repair that guessed or dropped information (an unknown status, an
    /// undecodable `envVars`, a field of the wrong type); empty when the answer was as expected.
    pub warnings: Vec<String>,
    /// What the answer held that no field above does, under its own name and as received, so
    /// nothing is lost: top-level fields outside docs/api.md §4's table (openYuanrong's `key`,
    /// Ray's `retry_policy` and `attempt_number`), and the original of a field whose value had
    /// the wrong type (`"metadata": "team=a"` gives `metadata: {}` and `extra.metadata: "team=a"`,
    /// with a warning). A list item that is not an object is kept as `extra.item`.
    #[tsify(type = "Record<string, unknown>")]
    pub extra: Extra,
}

/// The status of one task of a ModelArts job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
#[serde(rename_all = "UPPERCASE")]
pub enum TaskStatus {
    /// `PROCESSING`.
    Running,
    /// `SUCCESS`.
    Succeeded,
    /// `FAILED`.
    Failed,
    /// `SKIPPED`.
    Skipped,
    /// Anything else.
    Unknown,
}

/// One entry of a ModelArts job's `items`.
#[derive(Clone, Debug, Default, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct DevServerItem {
    /// Fine-grained task type.
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// Its parameters.
    #[tsify(type = "Record<string, string>")]
    pub spec: Map,
}

/// One task of a ModelArts job: the job's work on one server.
#[derive(Clone, Debug, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
#[serde(rename_all = "camelCase")]
pub struct DevServerTask {
    /// Task id.
    pub id: Option<String>,
    /// Lite Server id.
    pub server_id: Option<String>,
    /// Lite Server name.
    pub server_name: Option<String>,
    /// Status as received.
    pub raw_status: Option<String>,
    /// Normalized status.
    pub status: TaskStatus,
    /// The underlying ECS/BMS/HPS (`{id, type}`).
    #[tsify(type = "Record<string, string>")]
    pub cloud_server: Map,
    /// Output.
    pub message: Option<String>,
    /// Creation, epoch milliseconds.
    pub created_at: Option<i64>,
    /// Last update, epoch milliseconds.
    pub updated_at: Option<i64>,
}

/// How many tasks are in each status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct TaskSummary {
    /// All tasks.
    pub total: u32,
    /// RUNNING.
    pub running: u32,
    /// SUCCEEDED.
    pub succeeded: u32,
    /// FAILED.
    pub failed: u32,
    /// SKIPPED.
    pub skipped: u32,
    /// UNKNOWN.
    pub unknown: u32,
}

/// A ModelArts Lite Server job (docs/api.md §5).
#[derive(Clone, Debug, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
#[serde(rename_all = "camelCase")]
pub struct DevServerJob {
    /// Always `"devServerJob"`.
    #[tsify(type = "\"devServerJob\"")]
    pub kind: &'static str,
    /// Job id.
    pub id: String,
    /// Job name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Template type (`COMMON`, `ASCEND_SOFTWARE_QUERY`, …).
    #[serde(rename = "type")]
    pub job_type: Option<String>,
    /// Template id.
    pub template_id: Option<String>,
    /// The user who submitted it.
    pub user_name: Option<String>,
    /// Status as received.
    pub raw_status: Option<String>,
    /// Normalized status.
    pub status: JobStatus,
    /// Whether the status can no longer change.
    pub terminal: bool,
    /// Creation, epoch milliseconds.
    pub created_at: Option<i64>,
    /// Last update, epoch milliseconds.
    pub updated_at: Option<i64>,
    /// Nodes where the task failed.
    pub abnormal_count: i64,
    /// Task instances.
    pub items: Vec<DevServerItem>,
    /// Per-server tasks.
    pub tasks: Vec<DevServerTask>,
    /// Task counts by status.
    pub task_summary: TaskSummary,
    /// One plain sentence per repair that guessed or dropped information; empty when the answer
    /// was as expected.
    pub warnings: Vec<String>,
    /// What the answer held that no field above does, under its own name and as received, so
    /// nothing is lost: top-level fields outside docs/api.md §5's table, and the original of a
    /// field whose value had the wrong type (with a warning).
    #[tsify(type = "Record<string, unknown>")]
    pub extra: Extra,
}

/// One page of ModelArts jobs.
#[derive(Clone, Debug, Tsify)]
#[tsify(missing_as_null, hashmap_as_object)]
pub struct DevServerJobPage {
    /// The jobs on this page.
    pub jobs: Vec<DevServerJob>,
    /// Jobs in all pages.
    pub total: Option<i64>,
    /// This page's number.
    pub current: Option<i64>,
    /// Number of pages.
    pub pages: Option<i64>,
    /// Page size.
    pub size: Option<i64>,
}

/// A job's log, or its last part (docs/api.md §9).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobLogs {
    /// The log as UTF-8 text, line endings as sent.
    pub text: String,
    /// Lines in `text`.
    pub line_count: usize,
    /// Whether `tailLines` or `maxLogBytes` dropped the beginning.
    pub truncated: bool,
    /// How many bytes were dropped from the beginning.
    pub dropped_bytes: u64,
    /// Whether the job had ended and all it wrote was read.
    pub complete: bool,
}
