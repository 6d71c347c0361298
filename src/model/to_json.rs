//! The normalized types written as JSON text. Each key here must match the TypeScript
//! declarations generated from `super`; `tests/js/types.test.mjs` checks that they agree.

use super::*;
use crate::json::Writer;

/// A normalized result as JSON text, with the keys and value types of the package's TypeScript
/// declarations (docs/api.md §4–§5), in the order the npm package's objects have them. Jobs reach
/// JavaScript as a tape (`tape.rs`); the other results as this text, read by one `JSON.parse`.
///
/// ```
/// use jobglass::model::ToJson;
/// let job = jobglass::parse_job(r#"{"status":"RUNNING"}"#).unwrap();
/// assert!(job.to_json().starts_with(r#"{"kind":"job","dialect":"ray""#));
/// ```
pub trait ToJson {
    /// `self` as JSON text.
    fn to_json(&self) -> String;
}

/// `key!(w, "name")` writes the member name `"name":`, quoted at compile time.
macro_rules! key {
    ($w:expr, $name:literal) => {
        $w.quoted_key(concat!("\"", $name, "\":"))
    };
}

/// Writing one value into a [`Writer`], for results nested in others.
pub(crate) trait WriteJson {
    fn write(&self, w: &mut Writer);
}

macro_rules! to_json_by_writing {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> String {
                let mut w = Writer::default();
                self.write(&mut w);
                w.finish()
            }
        }
    )*};
}

to_json_by_writing!(Job, Vec<Job>, DevServerJob, DevServerJobPage, JobLogs);

impl JobStatus {
    /// The status as JavaScript sees it (docs/api.md §4).
    ///
    /// ```
    /// assert_eq!(jobglass::model::JobStatus::Succeeded.as_str(), "SUCCEEDED");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "PENDING",
            JobStatus::Running => "RUNNING",
            JobStatus::Stopped => "STOPPED",
            JobStatus::Succeeded => "SUCCEEDED",
            JobStatus::Failed => "FAILED",
            JobStatus::Unknown => "UNKNOWN",
        }
    }
}

impl TaskStatus {
    /// The status as JavaScript sees it (docs/api.md §5).
    ///
    /// ```
    /// assert_eq!(jobglass::model::TaskStatus::Skipped.as_str(), "SKIPPED");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Running => "RUNNING",
            TaskStatus::Succeeded => "SUCCEEDED",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Skipped => "SKIPPED",
            TaskStatus::Unknown => "UNKNOWN",
        }
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write(&self, w: &mut Writer) {
        w.open_list();
        for item in self {
            item.write(w);
        }
        w.close_list();
    }
}

impl WriteJson for Job {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "kind").str(self.kind);
        key!(w, "dialect").str(match self.dialect {
            Dialect::Openyuanrong => "openyuanrong",
            Dialect::Ray => "ray",
        });
        key!(w, "type").str(&self.job_type);
        key!(w, "submissionId").opt_str(self.submission_id.as_deref());
        key!(w, "jobId").opt_str(self.job_id.as_deref());
        key!(w, "entrypoint").opt_str(self.entrypoint.as_deref());
        key!(w, "status").str(self.status.as_str());
        key!(w, "rawStatus").opt_str(self.raw_status.as_deref());
        key!(w, "terminal").bool(self.terminal);
        key!(w, "message").opt_str(self.message.as_deref());
        key!(w, "errorType").opt_str(self.error_type.as_deref());
        key!(w, "startTime").opt_int(self.start_time);
        key!(w, "endTime").opt_int(self.end_time);
        key!(w, "durationMs").opt_int(self.duration_ms);
        key!(w, "driver");
        match &self.driver {
            None => {
                w.raw("null");
            }
            Some(d) => {
                w.open();
                key!(w, "id").opt_str(d.id.as_deref());
                key!(w, "nodeIpAddress").opt_str(d.node_ip_address.as_deref());
                key!(w, "pid").opt_int(d.pid);
                w.close();
            }
        }
        key!(w, "driverNodeId").opt_str(self.driver_node_id.as_deref());
        key!(w, "driverAgentHttpAddress").opt_str(self.driver_agent_http_address.as_deref());
        key!(w, "driverExitCode").opt_int(self.driver_exit_code);
        key!(w, "metadata").str_map(self.metadata.iter());
        let env = &self.runtime_env;
        key!(w, "runtimeEnv").open();
        key!(w, "workingDir").opt_str(env.working_dir.as_deref());
        key!(w, "envVars").str_map(env.env_vars.iter());
        key!(w, "pip").strs(&env.pip);
        key!(w, "pipCommand").opt_str(env.pip_command.as_deref());
        key!(w, "other").raw_map(env.other.iter());
        w.close();
        key!(w, "warnings").strs(&self.warnings);
        key!(w, "extra").raw_map(self.extra.iter());
        w.close();
    }
}

impl WriteJson for DevServerTask {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "id").opt_str(self.id.as_deref());
        key!(w, "serverId").opt_str(self.server_id.as_deref());
        key!(w, "serverName").opt_str(self.server_name.as_deref());
        key!(w, "rawStatus").opt_str(self.raw_status.as_deref());
        key!(w, "status").str(self.status.as_str());
        key!(w, "cloudServer").str_map(self.cloud_server.iter());
        key!(w, "message").opt_str(self.message.as_deref());
        key!(w, "createdAt").opt_int(self.created_at);
        key!(w, "updatedAt").opt_int(self.updated_at);
        w.close();
    }
}

impl WriteJson for DevServerItem {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "type").opt_str(self.item_type.as_deref());
        key!(w, "spec").str_map(self.spec.iter());
        w.close();
    }
}

impl WriteJson for DevServerJob {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "kind").str(self.kind);
        key!(w, "id").str(&self.id);
        key!(w, "name").opt_str(self.name.as_deref());
        key!(w, "description").opt_str(self.description.as_deref());
        key!(w, "type").opt_str(self.job_type.as_deref());
        key!(w, "templateId").opt_str(self.template_id.as_deref());
        key!(w, "userName").opt_str(self.user_name.as_deref());
        key!(w, "rawStatus").opt_str(self.raw_status.as_deref());
        key!(w, "status").str(self.status.as_str());
        key!(w, "terminal").bool(self.terminal);
        key!(w, "createdAt").opt_int(self.created_at);
        key!(w, "updatedAt").opt_int(self.updated_at);
        key!(w, "abnormalCount").int(self.abnormal_count);
        key!(w, "items");
        self.items.write(w);
        key!(w, "tasks");
        self.tasks.write(w);
        let s = &self.task_summary;
        key!(w, "taskSummary").open();
        for (name, n) in [
            ("total", s.total),
            ("running", s.running),
            ("succeeded", s.succeeded),
            ("failed", s.failed),
            ("skipped", s.skipped),
            ("unknown", s.unknown),
        ] {
            w.key(name).int(i64::from(n));
        }
        w.close();
        key!(w, "warnings").strs(&self.warnings);
        key!(w, "extra").raw_map(self.extra.iter());
        w.close();
    }
}

impl WriteJson for DevServerJobPage {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "jobs");
        self.jobs.write(w);
        key!(w, "total").opt_int(self.total);
        key!(w, "current").opt_int(self.current);
        key!(w, "pages").opt_int(self.pages);
        key!(w, "size").opt_int(self.size);
        w.close();
    }
}

impl WriteJson for JobLogs {
    fn write(&self, w: &mut Writer) {
        w.open();
        key!(w, "text").str(&self.text);
        key!(w, "lineCount").int(self.line_count as i64);
        key!(w, "truncated").bool(self.truncated);
        key!(w, "droppedBytes").int(self.dropped_bytes as i64);
        key!(w, "complete").bool(self.complete);
        w.close();
    }
}
