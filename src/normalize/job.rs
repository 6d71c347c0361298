//! openYuanrong and Ray jobs → [`Job`] (docs/api.md §4).

use super::document;
use super::pip;
use super::reader::{integer_of, list_entries, string_map_of, Reader};
use crate::error::JobglassError;
use crate::json::Object;
use crate::json::{Json, Kind};
use crate::model::{Dialect, Driver, Job, JobStatus, Map, RuntimeEnv};

const KNOWN: &[&str] = &[
    "type",
    "job_id",
    "submission_id",
    "driver_info",
    "status",
    "entrypoint",
    "message",
    "error_type",
    "start_time",
    "end_time",
    "metadata",
    "runtime_env",
    "driver_agent_http_address",
    "driver_node_id",
    "driver_exit_code",
];

/// One job, as `GET /api/jobs/{id}` returns it.
pub(crate) fn parse_job(input: &[u8]) -> Result<Job, JobglassError> {
    document::top_object(input, "a job").map(job_from)
}

/// A job list, as `GET /api/jobs/` returns it.
pub(crate) fn parse_job_list(input: &[u8]) -> Result<Vec<Job>, JobglassError> {
    let items = document::top_array(input, "a job list")?;
    Ok(list_entries(items, job_from, |job| {
        (&mut job.warnings, &mut job.extra)
    }))
}

fn job_from(obj: Object) -> Job {
    // Read once, for the dialect and for the runtime environment.
    let env = obj.get("runtime_env").and_then(Object::of);
    let dialect = dialect_of(&obj, env.as_ref());
    let mut r = Reader::new(obj, KNOWN);

    let job_type = match r.text("type") {
        Some(t) => t,
        None => {
            r.warn("`type` was missing; SUBMISSION was assumed".into());
            "SUBMISSION".into()
        }
    };
    let raw_status = r.text_keeping_empty("status");
    let status = job_status(raw_status.as_deref(), &mut r);
    let terminal = status.is_terminal();
    let start_time = r.time("start_time");
    let end_time = r.time("end_time");
    let exit_code = r.integer("driver_exit_code");

    Job {
        kind: "job",
        dialect,
        job_type,
        submission_id: r.text("submission_id"),
        job_id: r.text("job_id"),
        entrypoint: r.text("entrypoint"),
        status,
        raw_status,
        terminal,
        message: r.text("message"),
        error_type: r.text("error_type"),
        start_time,
        end_time,
        duration_ms: match (start_time, end_time) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            _ => None,
        },
        driver: driver(&mut r),
        driver_node_id: r.text("driver_node_id"),
        driver_agent_http_address: r.text("driver_agent_http_address"),
        // openYuanrong reports 0 while the driver still runs: only a finished job has one.
        driver_exit_code: exit_code.filter(|_| terminal),
        metadata: r.string_map("metadata"),
        runtime_env: runtime_env(&mut r, env, dialect),
        warnings: r.warnings,
        extra: r.extra,
    }
}

fn dialect_of(obj: &Object, env: Option<&Object>) -> Dialect {
    let is_string = |key| obj.get(key).is_some_and(|v| v.kind() == Kind::String);
    let env_vars_as_string = env
        .and_then(|env| env.get("envVars"))
        .is_some_and(|v| v.kind() == Kind::String);
    if is_string("start_time")
        || is_string("end_time")
        || obj.get("key").is_some()
        || env_vars_as_string
    {
        Dialect::Openyuanrong
    } else {
        Dialect::Ray
    }
}

/// A server status (any case) → one of the six of docs/api.md §4.
fn status_from(raw: &str) -> Option<JobStatus> {
    const NAMES: [(&str, JobStatus); 5] = [
        ("PENDING", JobStatus::Pending),
        ("RUNNING", JobStatus::Running),
        ("STOPPED", JobStatus::Stopped),
        ("SUCCEEDED", JobStatus::Succeeded),
        ("FAILED", JobStatus::Failed),
    ];
    let raw = raw.trim();
    NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(raw))
        .map(|(_, s)| *s)
}

fn job_status(raw: Option<&str>, r: &mut Reader) -> JobStatus {
    match raw {
        None => r.warn("`status` was missing; the status is UNKNOWN".into()),
        Some("") => r.warn("`status` was empty (the server did not recognise the job's state); the status is UNKNOWN".into()),
        Some(s) => match status_from(s) {
            Some(status) => return status,
            None => r.warn(format!("`status` \"{s}\" is not a known status; the status is UNKNOWN")),
        },
    }
    JobStatus::Unknown
}

fn driver(r: &mut Reader) -> Option<Driver> {
    let obj = r.object("driver_info")?;
    let text = |key| {
        obj.get(key)
            .and_then(Json::as_str)
            .filter(|s| !s.is_empty())
            .map(|s| s.into_owned())
    };
    let pid = match obj.get("pid").filter(|v| v.kind() != Kind::Null) {
        None => None,
        Some(v) if v.as_str().is_some_and(|s| s.is_empty()) => None,
        Some(v) => {
            let pid = integer_of(v);
            if pid.is_none() {
                r.warn(format!(
                    "`driver_info.pid` ({}) is not a process id; it was ignored",
                    v.text()
                ));
            }
            pid
        }
    };
    Some(Driver {
        id: text("id"),
        node_ip_address: text("node_ip_address"),
        pid,
    })
}

fn runtime_env(r: &mut Reader, read: Option<Object>, dialect: Dialect) -> RuntimeEnv {
    let mut env = RuntimeEnv::default();
    // Not an object: `Reader::object` says so in a warning and keeps it in `extra`.
    let Some(obj) = read.or_else(|| r.object("runtime_env")) else {
        return env;
    };
    for (key, v) in obj.members {
        let kind = v.kind();
        match (key.as_ref(), kind) {
            ("working_dir", Kind::String) => {
                env.working_dir = v.as_str().filter(|s| !s.is_empty()).map(|s| s.into_owned());
            }
            ("env_vars", Kind::Object) => env.env_vars = string_map_of(v).unwrap_or_default(),
            ("envVars", Kind::String) => match env_vars_from_text(v) {
                Some(vars) => env.env_vars = vars,
                None => {
                    r.warn("`runtime_env.envVars` is not a JSON object in a string; the environment variables are unknown and the text is kept in `runtimeEnv.other`".into());
                    env.other.keep(key, v);
                }
            },
            ("pip", Kind::String) if dialect == Dialect::Openyuanrong => {
                let command = v.as_str().unwrap_or_default();
                env.pip = pip::requirements(&command);
                env.pip_command = Some(command.into_owned()).filter(|c| !c.is_empty());
            }
            ("pip", Kind::Array) => env.pip = requirement_list(v, r),
            ("pip", Kind::Object) => {
                let packages = Object::of(v).and_then(|o| o.get("packages"));
                match packages {
                    Some(p) if p.kind() == Kind::Array => env.pip = requirement_list(p, r),
                    _ => r.warn("`runtime_env.pip` has no `packages` list; it is kept in `runtimeEnv.other`".into()),
                }
                // Options beside the packages (pip_check, pip_version) are kept whole.
                env.other.keep(key, v);
            }
            ("working_dir" | "env_vars" | "envVars", Kind::Null) => {}
            ("working_dir" | "env_vars" | "envVars", _) => {
                r.warn(format!(
                    "`runtime_env.{key}` was {}; it is kept in `runtimeEnv.other`",
                    kind.described()
                ));
                env.other.keep(key, v);
            }
            _ => {
                env.other.keep(key, v);
            }
        }
    }
    env
}

fn env_vars_from_text(v: Json) -> Option<Map> {
    let text = v.as_str()?;
    if text.trim().is_empty() {
        return Some(Map::new());
    }
    let inner = crate::json::parse(&text).ok()?;
    string_map_of(inner)
}

fn requirement_list(v: Json, r: &mut Reader) -> Vec<String> {
    let items = v.items().unwrap_or_default();
    let specs: Vec<String> = items
        .iter()
        .filter_map(|item| item.as_str().map(|s| s.into_owned()))
        .collect();
    if specs.len() != items.len() {
        r.warn("`runtime_env.pip` held entries that are not strings; they were ignored".into());
    }
    specs
}
