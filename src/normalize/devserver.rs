//! ModelArts Lite Server jobs → [`DevServerJob`] (docs/api.md §5).

use super::document;
use super::reader::{list_entries, string_map_of, Reader};
use crate::error::JobglassError;
use crate::json::Object;
use crate::json::{Json, Kind};
use crate::model::{
    DevServerItem, DevServerJob, DevServerJobPage, DevServerTask, JobStatus, TaskStatus,
    TaskSummary,
};

const KNOWN: &[&str] = &[
    "id",
    "name",
    "description",
    "type",
    "status",
    "create_at",
    "update_at",
    "abnormal_count",
    "items",
    "tasks",
    "template_id",
    "user_name",
];

const PAGE_KNOWN: &[&str] = &["data", "total", "current", "pages", "size"];

/// One job, as `GET /v1/{project_id}/dev-servers/jobs/{id}` returns it.
pub(crate) fn parse_dev_server_job(input: &[u8]) -> Result<DevServerJob, JobglassError> {
    document::top_object(input, "a Lite Server job").map(job_from)
}

/// A page of jobs, as `GET /v1/{project_id}/dev-servers/jobs` returns it.
pub(crate) fn parse_dev_server_job_list(input: &[u8]) -> Result<DevServerJobPage, JobglassError> {
    let obj = document::top_object(input, "a page of Lite Server jobs")?;
    let mut r = Reader::new(obj, PAGE_KNOWN);
    let mut jobs = list_entries(r.array("data"), job_from, |job| {
        (&mut job.warnings, &mut job.extra)
    });
    // A page has nowhere of its own to show warnings, so they travel with its first job.
    if let Some(first) = jobs.first_mut() {
        first.warnings.splice(0..0, r.warnings.drain(..));
    }
    Ok(DevServerJobPage {
        total: r.integer("total"),
        current: r.integer("current"),
        pages: r.integer("pages"),
        size: r.integer("size"),
        jobs,
    })
}

fn job_from(obj: Object) -> DevServerJob {
    let mut r = Reader::new(obj, KNOWN);
    let id = r.text_keeping_empty("id").unwrap_or_else(|| {
        r.warn("`id` was missing".into());
        String::new()
    });
    let abnormal_count = r.integer("abnormal_count").unwrap_or(0);
    let tasks: Vec<DevServerTask> = r
        .array("tasks")
        .into_iter()
        .filter_map(|v| task_from(v, &mut r))
        .collect();
    let raw_status = r.text_keeping_empty("status");
    let status = job_status(raw_status.as_deref(), abnormal_count, &tasks, &mut r);
    let items = r
        .array("items")
        .into_iter()
        .filter_map(|v| item_from(v, &mut r))
        .collect();
    DevServerJob {
        kind: "devServerJob",
        id,
        name: r.text("name"),
        description: r.text("description"),
        job_type: r.text("type"),
        template_id: r.text("template_id"),
        user_name: r.text("user_name"),
        raw_status,
        status,
        terminal: status.is_terminal(),
        created_at: r.time("create_at"),
        updated_at: r.time("update_at"),
        abnormal_count,
        items,
        task_summary: summary(&tasks),
        tasks,
        warnings: r.warnings,
        extra: r.extra,
    }
}

fn job_status(
    raw: Option<&str>,
    abnormal_count: i64,
    tasks: &[DevServerTask],
    r: &mut Reader,
) -> JobStatus {
    let upper = raw.map(|s| s.trim().to_ascii_uppercase());
    match upper.as_deref() {
        Some("PROCESSING" | "ACTIVE" | "RUNNING") => JobStatus::Running,
        Some("PENDING" | "CREATING") => JobStatus::Pending,
        Some("FINISHED")
            if abnormal_count > 0 || tasks.iter().any(|t| t.status == TaskStatus::Failed) =>
        {
            JobStatus::Failed
        }
        Some("FINISHED") => JobStatus::Succeeded,
        Some("DELETED") => JobStatus::Stopped,
        None => {
            r.warn("`status` was missing; the status is UNKNOWN".into());
            JobStatus::Unknown
        }
        Some(_) => {
            r.warn(format!(
                "`status` \"{}\" is not a known Lite Server job status; the status is UNKNOWN",
                raw.unwrap_or_default()
            ));
            JobStatus::Unknown
        }
    }
}

fn task_status(raw: Option<&str>) -> TaskStatus {
    match raw.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
        Some("PROCESSING" | "RUNNING") => TaskStatus::Running,
        Some("SUCCESS" | "SUCCEEDED") => TaskStatus::Succeeded,
        Some("FAILED") => TaskStatus::Failed,
        Some("SKIPPED") => TaskStatus::Skipped,
        _ => TaskStatus::Unknown,
    }
}

fn task_from(v: Json, job: &mut Reader) -> Option<DevServerTask> {
    let Some(obj) = Object::of(v) else {
        job.warn(format!(
            "a task was {} instead of an object; it was left out",
            v.kind().described()
        ));
        return None;
    };
    let mut r = Reader::new(obj, &[]);
    let raw_status = r.text_keeping_empty("status");
    let status = task_status(raw_status.as_deref());
    if status == TaskStatus::Unknown {
        r.warn(format!(
            "task status \"{}\" is not a known task status; it is UNKNOWN",
            raw_status.as_deref().unwrap_or("(missing)")
        ));
    }
    let task = DevServerTask {
        id: r.text("id"),
        server_id: r.text("server_id"),
        server_name: r.text("server_name"),
        raw_status,
        status,
        cloud_server: r.string_map("cloud_server"),
        message: r.text("message"),
        created_at: r.time("create_at"),
        updated_at: r.time("update_at"),
    };
    let who = task.id.as_deref().unwrap_or("?");
    job.warnings
        .extend(r.warnings.into_iter().map(|w| format!("task {who}: {w}")));
    Some(task)
}

fn item_from(v: Json, job: &mut Reader) -> Option<DevServerItem> {
    let Some(obj) = Object::of(v) else {
        job.warn(format!(
            "an item was {} instead of an object; it was left out",
            v.kind().described()
        ));
        return None;
    };
    let spec = match obj.get("spec").filter(|s| s.kind() != Kind::Null) {
        None => Default::default(),
        Some(s) => string_map_of(s).unwrap_or_else(|| {
            job.warn("an item's `spec` was not an object; it was left out".into());
            Default::default()
        }),
    };
    Some(DevServerItem {
        item_type: obj
            .get("type")
            .and_then(Json::as_str)
            .filter(|t| !t.is_empty())
            .map(|t| t.into_owned()),
        spec,
    })
}

fn summary(tasks: &[DevServerTask]) -> TaskSummary {
    let mut s = TaskSummary {
        total: tasks.len() as u32,
        ..TaskSummary::default()
    };
    for t in tasks {
        match t.status {
            TaskStatus::Running => s.running += 1,
            TaskStatus::Succeeded => s.succeeded += 1,
            TaskStatus::Failed => s.failed += 1,
            TaskStatus::Skipped => s.skipped += 1,
            TaskStatus::Unknown => s.unknown += 1,
        }
    }
    s
}
