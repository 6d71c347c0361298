//! What is inside a Ray job (docs/api.md §15): its tasks, its log files, why it waits.

use crate::json::Writer;

use super::ToJson;

/// Resource amounts by name, in the order received (`{CPU: 1, GPU: 0.5}`).
pub type Resources = Vec<(String, f64)>;

/// One task (one attempt of it) of a job, from Ray's state API.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobTask {
    /// Ray's task id (hex).
    pub task_id: String,
    /// Which attempt this is (0 for the first).
    pub attempt_number: i64,
    /// The function or `Class.method` name.
    pub name: Option<String>,
    /// Ray's state name: `PENDING_NODE_ASSIGNMENT`, `RUNNING`, `FINISHED`, `FAILED`, …
    pub state: Option<String>,
    /// `NORMAL_TASK`, `ACTOR_TASK`, `ACTOR_CREATION_TASK` or `DRIVER_TASK`.
    pub kind: Option<String>,
    /// The actor the task ran on.
    pub actor_id: Option<String>,
    /// The node it ran on.
    pub node_id: Option<String>,
    /// The worker process that ran it.
    pub worker_id: Option<String>,
    /// That worker's process id.
    pub pid: Option<i64>,
    /// Epoch milliseconds.
    pub start_time: Option<i64>,
    /// Epoch milliseconds.
    pub end_time: Option<i64>,
    /// Ray's error type (`TASK_EXECUTION_EXCEPTION`, …).
    pub error_type: Option<String>,
    /// Ray's error message, with the traceback.
    pub error_message: Option<String>,
    /// What the task asked for to be scheduled.
    pub required_resources: Resources,
    /// The names of its worker's log files, as Ray's `task_log_info` gives them (not in JS).
    pub log_files: Vec<String>,
}

/// A job's tasks (docs/api.md §15, `fetchJobTasks`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobTasks {
    /// The tasks Ray returned, in its order (by task id).
    pub tasks: Vec<JobTask>,
    /// How many tasks are in each state, by state name in alphabetical order.
    pub summary: Vec<(String, u64)>,
    /// How many tasks Ray knows of for this job, including those it did not return.
    pub total: u64,
    /// Whether Ray left some out: the `limit`, its own 10,000-row cap, or events it dropped.
    pub truncated: bool,
}

/// Which process wrote a log file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFileKind {
    /// The job's driver: the log `fetchJobLogs` reads without `file`.
    Driver,
    /// A worker that ran the job's tasks.
    Worker,
    /// A worker that hosted one of the job's actors.
    Actor,
}

impl LogFileKind {
    /// The kind as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogFileKind::Driver => "driver",
            LogFileKind::Worker => "worker",
            LogFileKind::Actor => "actor",
        }
    }
}

/// One log file of a job (docs/api.md §15, `listJobLogFiles`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLogFile {
    /// Stable and URL-safe; what `options.file` takes.
    pub name: String,
    /// Who wrote it.
    pub kind: LogFileKind,
    /// The node it is on.
    pub node_id: Option<String>,
    /// The worker that wrote it.
    pub worker_id: Option<String>,
    /// The actor its worker hosted.
    pub actor_id: Option<String>,
    /// The worker's process id.
    pub pid: Option<i64>,
    /// The job's tasks its worker ran.
    pub task_ids: Vec<String>,
}

/// A shape of resources some tasks wait for, and how many wait for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Demand {
    /// What each asks for.
    pub resources: Resources,
    /// How many wait.
    pub count: u64,
}

/// Why a job, or some of its tasks, wait (docs/api.md §15, `fetchPendingReason`).
#[derive(Clone, Debug, PartialEq)]
pub struct PendingReason {
    /// What waits.
    pub demands: Vec<Demand>,
    /// What the cluster has free now, for every resource the demands name and the cluster has.
    pub available: Resources,
    /// One sentence that says why.
    pub text: String,
}

fn write_resources(w: &mut Writer, r: &Resources) {
    w.open();
    for (k, v) in r {
        w.key_text(k).raw(&number(*v));
    }
    w.close();
}

/// An amount as JSON (`1`, `0.5`), to six decimals: Ray keeps resources to four
/// (`MIN_RESOURCE_GRANULARITY = 0.0001` in Ray's `ray_constants.py`). Written by hand, as the
/// crate's JSON writer does, so that the module carries no float formatting (README,
/// "Performance and size").
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 9e15 {
        return "0".into();
    }
    let micro = (v.abs() * 1e6).round() as u64;
    let (int, mut frac) = (micro / 1_000_000, micro % 1_000_000);
    let mut out = String::new();
    if v < 0.0 && micro > 0 {
        out.push('-');
    }
    out.push_str(&int.to_string());
    if frac > 0 {
        let mut digits = 6;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let f = frac.to_string();
        out.push('.');
        out.extend(std::iter::repeat_n('0', digits - f.len()));
        out.push_str(&f);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn amounts_are_written_as_javascript_would() {
        for (v, s) in [
            (1.0, "1"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (-2.25, "-2.25"),
            (14429284352.0, "14429284352"),
            (0.0, "0"),
            (f64::NAN, "0"),
            (1.05, "1.05"),
        ] {
            assert_eq!(super::number(v), s);
        }
    }
}

impl ToJson for JobTasks {
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.open().key("tasks").open_list();
        for t in &self.tasks {
            w.open();
            w.key("taskId").str(&t.task_id);
            w.key("attemptNumber").int(t.attempt_number);
            w.key("name").opt_str(t.name.as_deref());
            w.key("state").opt_str(t.state.as_deref());
            w.key("kind").opt_str(t.kind.as_deref());
            w.key("actorId").opt_str(t.actor_id.as_deref());
            w.key("nodeId").opt_str(t.node_id.as_deref());
            w.key("workerId").opt_str(t.worker_id.as_deref());
            w.key("pid").opt_int(t.pid);
            w.key("startTime").opt_int(t.start_time);
            w.key("endTime").opt_int(t.end_time);
            w.key("errorType").opt_str(t.error_type.as_deref());
            w.key("errorMessage").opt_str(t.error_message.as_deref());
            w.key("requiredResources");
            write_resources(&mut w, &t.required_resources);
            w.close();
        }
        w.close_list().key("summary").open();
        for (state, n) in &self.summary {
            w.key_text(state).int(*n as i64);
        }
        w.close();
        w.key("total").int(self.total as i64);
        w.key("truncated").bool(self.truncated);
        w.close();
        w.finish()
    }
}

impl ToJson for Vec<JobLogFile> {
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.open_list();
        for f in self {
            w.open();
            w.key("name").str(&f.name);
            w.key("kind").str(f.kind.as_str());
            w.key("nodeId").opt_str(f.node_id.as_deref());
            w.key("workerId").opt_str(f.worker_id.as_deref());
            w.key("actorId").opt_str(f.actor_id.as_deref());
            w.key("pid").opt_int(f.pid);
            w.key("taskIds").strs(&f.task_ids);
            w.close();
        }
        w.close_list();
        w.finish()
    }
}

impl ToJson for PendingReason {
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.open().key("demands").open_list();
        for d in &self.demands {
            w.open().key("resources");
            write_resources(&mut w, &d.resources);
            w.key("count").int(d.count as i64);
            w.close();
        }
        w.close_list().key("available");
        write_resources(&mut w, &self.available);
        w.key("text").str(&self.text);
        w.close();
        w.finish()
    }
}

/// One line found by `searchJobLogs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogSearchMatch {
    /// The file's `name` (as `listJobLogFiles` gives it).
    pub file: String,
    /// 1-based.
    pub line: u64,
    /// The line, without its ending.
    pub text: String,
}

/// What `searchJobLogs` found (docs/api.md §15).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogSearch {
    /// In the order of the files, then of the lines.
    pub matches: Vec<LogSearchMatch>,
    /// Files to search.
    pub files: u64,
    /// Files read (to their end, to `maxLogBytes`, or to the last match kept).
    pub files_read: u64,
    /// Bytes of text read in all.
    pub bytes_read: u64,
    /// Whether `maxMatches` or `maxLogBytes` left something unsearched.
    pub truncated: bool,
    /// Whether every file was read to its end.
    pub complete: bool,
}

impl ToJson for LogSearch {
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.open().key("matches").open_list();
        for m in &self.matches {
            w.open();
            w.key("file").str(&m.file);
            w.key("line").int(m.line as i64);
            w.key("text").str(&m.text);
            w.close();
        }
        w.close_list();
        w.key("files").int(self.files as i64);
        w.key("filesRead").int(self.files_read as i64);
        w.key("bytesRead").int(self.bytes_read as i64);
        w.key("truncated").bool(self.truncated);
        w.key("complete").bool(self.complete);
        w.close();
        w.finish()
    }
}
