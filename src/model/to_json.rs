//! The normalized types written as JSON text. Each key here must match the TypeScript
//! declarations generated from `super`; `tests/js/types.test.mjs` checks that they agree.

use super::*;
use crate::json::Writer;

/// A normalized result as JSON text, with the keys and value types of the package's TypeScript
/// declarations (docs/api.md §4–§5); JavaScript reads it with one `JSON.parse`.
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
        w.key("kind").str(self.kind);
        w.key("dialect").str(match self.dialect {
            Dialect::Openyuanrong => "openyuanrong",
            Dialect::Ray => "ray",
        });
        w.key("type").str(&self.job_type);
        w.key("submissionId").opt_str(self.submission_id.as_deref());
        w.key("jobId").opt_str(self.job_id.as_deref());
        w.key("entrypoint").opt_str(self.entrypoint.as_deref());
        w.key("status").str(self.status.as_str());
        w.key("rawStatus").opt_str(self.raw_status.as_deref());
        w.key("terminal").bool(self.terminal);
        w.key("message").opt_str(self.message.as_deref());
        w.key("errorType").opt_str(self.error_type.as_deref());
        w.key("startTime").opt_int(self.start_time);
        w.key("endTime").opt_int(self.end_time);
        w.key("durationMs").opt_int(self.duration_ms);
        w.key("driver");
        match &self.driver {
            None => {
                w.raw("null");
            }
            Some(d) => {
                w.open();
                w.key("id").opt_str(d.id.as_deref());
                w.key("nodeIpAddress").opt_str(d.node_ip_address.as_deref());
                w.key("pid").opt_int(d.pid);
                w.close();
            }
        }
        w.key("driverNodeId")
            .opt_str(self.driver_node_id.as_deref());
        w.key("driverAgentHttpAddress")
            .opt_str(self.driver_agent_http_address.as_deref());
        w.key("driverExitCode").opt_int(self.driver_exit_code);
        w.key("metadata").str_map(self.metadata.iter());
        let env = &self.runtime_env;
        w.key("runtimeEnv").open();
        w.key("workingDir").opt_str(env.working_dir.as_deref());
        w.key("envVars").str_map(env.env_vars.iter());
        w.key("pip").strs(&env.pip);
        w.key("pipCommand").opt_str(env.pip_command.as_deref());
        w.key("other").raw_map(env.other.iter());
        w.close();
        w.key("warnings").strs(&self.warnings);
        w.key("extra").raw_map(self.extra.iter());
        w.close();
    }
}

impl WriteJson for DevServerTask {
    fn write(&self, w: &mut Writer) {
        w.open();
        w.key("id").opt_str(self.id.as_deref());
        w.key("serverId").opt_str(self.server_id.as_deref());
        w.key("serverName").opt_str(self.server_name.as_deref());
        w.key("rawStatus").opt_str(self.raw_status.as_deref());
        w.key("status").str(self.status.as_str());
        w.key("cloudServer").str_map(self.cloud_server.iter());
        w.key("message").opt_str(self.message.as_deref());
        w.key("createdAt").opt_int(self.created_at);
        w.key("updatedAt").opt_int(self.updated_at);
        w.close();
    }
}

impl WriteJson for DevServerItem {
    fn write(&self, w: &mut Writer) {
        w.open();
        w.key("type").opt_str(self.item_type.as_deref());
        w.key("spec").str_map(self.spec.iter());
        w.close();
    }
}

impl WriteJson for DevServerJob {
    fn write(&self, w: &mut Writer) {
        w.open();
        w.key("kind").str(self.kind);
        w.key("id").str(&self.id);
        w.key("name").opt_str(self.name.as_deref());
        w.key("description").opt_str(self.description.as_deref());
        w.key("type").opt_str(self.job_type.as_deref());
        w.key("templateId").opt_str(self.template_id.as_deref());
        w.key("userName").opt_str(self.user_name.as_deref());
        w.key("rawStatus").opt_str(self.raw_status.as_deref());
        w.key("status").str(self.status.as_str());
        w.key("terminal").bool(self.terminal);
        w.key("createdAt").opt_int(self.created_at);
        w.key("updatedAt").opt_int(self.updated_at);
        w.key("abnormalCount").int(self.abnormal_count);
        w.key("items");
        self.items.write(w);
        w.key("tasks");
        self.tasks.write(w);
        let s = &self.task_summary;
        w.key("taskSummary").open();
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
        w.key("warnings").strs(&self.warnings);
        w.key("extra").raw_map(self.extra.iter());
        w.close();
    }
}

impl WriteJson for DevServerJobPage {
    fn write(&self, w: &mut Writer) {
        w.open();
        w.key("jobs");
        self.jobs.write(w);
        w.key("total").opt_int(self.total);
        w.key("current").opt_int(self.current);
        w.key("pages").opt_int(self.pages);
        w.key("size").opt_int(self.size);
        w.close();
    }
}

impl WriteJson for JobLogs {
    fn write(&self, w: &mut Writer) {
        w.open();
        w.key("text").str(&self.text);
        w.key("lineCount").int(self.line_count as i64);
        w.key("truncated").bool(self.truncated);
        w.key("droppedBytes").int(self.dropped_bytes as i64);
        w.key("complete").bool(self.complete);
        w.close();
    }
}
