//! Ray's state API and cluster status answers → what `client::inside` reasons with
//! (docs/api.md §15). Like every parser here they never panic: a field of the wrong type is read
//! as unknown (`null`), and only a body that is not the state API's JSON envelope is
//! `INVALID_RESPONSE`.
//!
//! Every state API list answers `{"result": true, "msg": "", "data": {"result": {"total",
//! "num_after_truncation", "num_filtered", "result": [rows], …}}}`; `total` counts what the data
//! source had, `num_after_truncation` what it sent after its own cap, `num_filtered` what passed
//! the filters, and `result` what is left after `limit` (Ray's `ListApiResponse`).

use std::borrow::Cow;

use super::document;
use super::time;
use crate::error::JobglassError;
use crate::json::{Json, Kind, Object};
use crate::model::{JobTask, Resources};

/// One state API list: its rows, and whether Ray returned fewer than it has.
#[derive(Debug, Default)]
pub(crate) struct StateList<T> {
    pub rows: Vec<T>,
    pub total: u64,
    pub truncated: bool,
}

/// An actor of the job, as `/api/v0/actors` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Actor {
    pub actor_id: Option<String>,
    pub node_id: Option<String>,
    pub pid: Option<i64>,
}

/// What `/api/cluster_status` says about resources.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ClusterResources {
    /// Every resource the cluster has, with its total.
    pub total: Resources,
    /// What is free now (total − used).
    pub available: Resources,
    /// Ray's pending resource demands: shape and count.
    pub demands: Vec<(Resources, u64)>,
}

fn text(v: Option<Json>) -> Option<String> {
    v.and_then(Json::as_str)
        .map(Cow::into_owned)
        .filter(|s| !s.is_empty())
}

fn integer(v: Option<Json>) -> Option<i64> {
    let n = match v?.kind() {
        Kind::Number => v?.as_f64()?,
        Kind::String => crate::base::digits::parse_decimal(v?.as_str()?.trim())?,
        _ => return None,
    };
    (n.is_finite() && n.fract() == 0.0 && n.abs() < 9e15).then_some(n as i64)
}

fn count(v: Option<Json>) -> u64 {
    integer(v).map_or(0, |n| n.max(0) as u64)
}

fn millis(v: Option<Json>) -> Option<i64> {
    v.and_then(|v| time::parse_raw(v).ok().flatten())
}

/// `{"CPU": 1.0, "GPU": 0.5}` by name, whatever order Ray sent (its maps have none, so one
/// task's resources come in either order); entries that are not finite numbers are left out.
pub(crate) fn resources(v: Option<Json>) -> Resources {
    let mut out: Resources = Vec::new();
    for (k, v) in v
        .and_then(Object::of)
        .map(|o| o.members)
        .unwrap_or_default()
    {
        let Some(n) = v.as_f64().filter(|n| n.is_finite()) else {
            continue;
        };
        // Put in place as read: a handful of names, and no sort's code in the module.
        let at = out.partition_point(|(name, _)| name.as_str() < k.as_ref());
        out.insert(at, (k.into_owned(), n));
    }
    out
}

/// The rows of a state API list answer (`what` names it in errors).
fn state_list<'a>(
    input: &'a [u8],
    what: &str,
) -> Result<(Vec<Json<'a>>, u64, bool), JobglassError> {
    let top = document::top_object(input, what)?;
    let inner = top
        .get("data")
        .and_then(Object::of)
        .and_then(|d| d.get("result"))
        .and_then(Object::of)
        .ok_or_else(|| {
            JobglassError::invalid_response(format!(
                "expected {what} as Ray's state API answer ({{\"data\": {{\"result\": …}}}})"
            ))
        })?;
    let rows = inner
        .get("result")
        .and_then(Json::items)
        .ok_or_else(|| JobglassError::invalid_response(format!("{what} has no list of rows")))?;
    let total = count(inner.get("total")).max(rows.len() as u64);
    let after_cap = integer(inner.get("num_after_truncation")).map_or(total, |n| n.max(0) as u64);
    let filtered =
        integer(inner.get("num_filtered")).map_or(rows.len() as u64, |n| n.max(0) as u64);
    // Cut at the source (its cap, or task events the GCS dropped) or by `limit`.
    let truncated = total > after_cap || filtered > rows.len() as u64;
    Ok((rows, total, truncated))
}

/// The base name of a path Ray gives (`/tmp/ray/session_…/logs/worker-….out`).
fn base_name(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

fn task(v: Json) -> Option<JobTask> {
    let o = Object::of(v)?;
    let task_id = text(o.get("task_id"))?;
    let logs = o.get("task_log_info").and_then(Object::of);
    let log_files = logs
        .map(|l| {
            ["stdout_file", "stderr_file"]
                .iter()
                .filter_map(|k| text(l.get(k)).as_deref().and_then(base_name))
                .collect()
        })
        .unwrap_or_default();
    Some(JobTask {
        task_id,
        attempt_number: integer(o.get("attempt_number")).unwrap_or(0),
        name: text(o.get("name")).or_else(|| text(o.get("func_or_class_name"))),
        state: text(o.get("state")),
        kind: text(o.get("type")),
        actor_id: text(o.get("actor_id")),
        node_id: text(o.get("node_id")),
        worker_id: text(o.get("worker_id")),
        pid: integer(o.get("worker_pid")),
        start_time: millis(o.get("start_time_ms")),
        end_time: millis(o.get("end_time_ms")),
        error_type: text(o.get("error_type")),
        error_message: text(o.get("error_message")),
        required_resources: resources(o.get("required_resources")),
        log_files,
    })
}

/// `GET /api/v0/tasks?detail=1`: the tasks; a row without a `task_id` is left out.
pub(crate) fn parse_tasks(input: &[u8]) -> Result<StateList<JobTask>, JobglassError> {
    let (rows, total, truncated) = state_list(input, "a task list")?;
    let rows: Vec<JobTask> = rows.into_iter().filter_map(task).collect();
    Ok(StateList {
        rows,
        total,
        truncated,
    })
}

/// `GET /api/v0/actors`: the actors.
pub(crate) fn parse_actors(input: &[u8]) -> Result<StateList<Actor>, JobglassError> {
    let (rows, total, truncated) = state_list(input, "an actor list")?;
    let rows = rows
        .into_iter()
        .filter_map(Object::of)
        .map(|o| Actor {
            actor_id: text(o.get("actor_id")),
            node_id: text(o.get("node_id")),
            pid: integer(o.get("pid")),
        })
        .collect();
    Ok(StateList {
        rows,
        total,
        truncated,
    })
}

/// `GET /api/v0/logs?node_id=…`: `{category: [file names]}` under `data.result`, every name
/// in the order received.
pub(crate) fn parse_log_list(input: &[u8]) -> Result<Vec<(String, String)>, JobglassError> {
    let top = document::top_object(input, "a log file list")?;
    let listing = top
        .get("data")
        .and_then(Object::of)
        .and_then(|d| d.get("result"))
        .and_then(Object::of)
        .ok_or_else(|| {
            JobglassError::invalid_response(
                "expected a log file list as {\"data\": {\"result\": {category: [names]}}}",
            )
        })?;
    let mut out = Vec::new();
    for (category, names) in listing.members {
        for name in names.items().unwrap_or_default() {
            if let Some(name) = text(Some(name)) {
                out.push((category.clone().into_owned(), name));
            }
        }
    }
    Ok(out)
}

/// `GET /api/cluster_status` (without `format`): the structured load metrics under
/// `data.clusterStatus.loadMetricsReport` — `usage: {name: [used, total]}` and
/// `resourceDemand: [[{shape}, count], …]` (Ray's `dashboard/modules/reporter`; the text form
/// of `?format=1` says the same in prose: "Pending Demands: {'GPU': 1.0}: 1+ pending").
pub(crate) fn parse_cluster_status(input: &[u8]) -> Result<ClusterResources, JobglassError> {
    let top = document::top_object(input, "a cluster status")?;
    let report = top
        .get("data")
        .and_then(Object::of)
        .and_then(|d| d.get("clusterStatus"))
        .and_then(Object::of)
        .and_then(|c| c.get("loadMetricsReport"))
        .and_then(Object::of);
    let Some(report) = report else {
        // No autoscaler report yet (the monitor has not written one): nothing is known.
        return Ok(ClusterResources::default());
    };
    let mut out = ClusterResources::default();
    if let Some(usage) = report.get("usage").and_then(Object::of) {
        for (name, pair) in usage.members {
            let pair = pair.items().unwrap_or_default();
            let num = |i: usize| {
                pair.get(i)
                    .and_then(|v| v.as_f64())
                    .filter(|n| n.is_finite())
            };
            if let (Some(used), Some(total)) = (num(0), num(1)) {
                out.total.push((name.clone().into_owned(), total));
                out.available
                    .push((name.into_owned(), (total - used).max(0.0)));
            }
        }
    }
    for entry in report
        .get("resourceDemand")
        .and_then(Json::items)
        .unwrap_or_default()
    {
        let pair = entry.items().unwrap_or_default();
        let shape = resources(pair.first().copied());
        if !shape.is_empty() {
            out.demands
                .push((shape, count(pair.get(1).copied()).max(1)));
        }
    }
    Ok(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const LIVE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ray-live/inside/"
    );

    fn live(name: &str) -> Vec<u8> {
        std::fs::read(format!("{LIVE}{name}")).unwrap()
    }

    #[test]
    fn ray_tasks_are_read_with_their_worker_and_log_files() {
        let list = parse_tasks(&live("tasks.json")).unwrap();
        assert_eq!((list.rows.len(), list.total, list.truncated), (9, 9, false));
        let boom = list
            .rows
            .iter()
            .find(|t| t.name.as_deref() == Some("boom"))
            .unwrap();
        assert_eq!(boom.state.as_deref(), Some("FAILED"));
        assert_eq!(boom.error_type.as_deref(), Some("TASK_EXECUTION_EXCEPTION"));
        assert!(boom
            .error_message
            .as_deref()
            .unwrap()
            .contains("jg-boom-fx raised on purpose"));
        assert_eq!(boom.required_resources, vec![("CPU".to_owned(), 1.0)]);
        assert_eq!(boom.pid, Some(23873));
        assert_eq!(boom.start_time, Some(1796328864771));
        assert_eq!(boom.log_files.len(), 2);
        assert!(
            boom.log_files[0].starts_with("worker-8182cf5d")
                && boom.log_files[0].ends_with("-23873.out")
        );
        let hello = list
            .rows
            .iter()
            .find(|t| t.kind.as_deref() == Some("ACTOR_TASK"))
            .unwrap();
        assert_eq!(
            hello.actor_id.as_deref(),
            Some("dba283ac18b96270cc65bf0602000000")
        );
        assert!(hello.required_resources.is_empty());
    }

    #[test]
    fn truncation_is_read_from_ray_s_counts() {
        let body = br#"{"result":true,"msg":"","data":{"result":{"total":12,"num_after_truncation":12,"num_filtered":12,"result":[{"task_id":"a"}]}}}"#;
        let list = parse_tasks(body).unwrap();
        assert_eq!((list.rows.len(), list.total, list.truncated), (1, 12, true));
        let dropped = br#"{"data":{"result":{"total":5,"num_after_truncation":3,"num_filtered":3,"result":[{"task_id":"a"},{"task_id":"b"},{"task_id":"c"}]}}}"#;
        assert!(parse_tasks(dropped).unwrap().truncated);
    }

    #[test]
    fn wrong_types_are_unknown_and_wrong_shapes_invalid() {
        let body = br#"{"data":{"result":{"total":"x","result":[{"task_id":"a","worker_pid":"12","start_time_ms":"soon","required_resources":{"CPU":"1","GPU":0.5},"task_log_info":7},3,{"name":"no id"}]}}}"#;
        let list = parse_tasks(body).unwrap();
        assert_eq!(list.rows.len(), 1);
        let t = &list.rows[0];
        assert_eq!((t.pid, t.start_time), (Some(12), None));
        assert_eq!(t.required_resources, vec![("GPU".to_owned(), 0.5)]);
        for bad in [&b"[]"[..], b"{}", b"{\"data\":{\"result\":{}}}", b"nope"] {
            let e = parse_tasks(bad).unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::InvalidResponse);
        }
    }

    #[test]
    fn actors_and_log_listings() {
        let actors = parse_actors(&live("actors.json")).unwrap();
        assert_eq!(actors.rows[0].pid, Some(23382));
        let files = parse_log_list(&live("logs_list.json")).unwrap();
        assert!(files
            .iter()
            .any(|(c, n)| c == "worker_err" && n.ends_with("-23873.err")));
    }

    #[test]
    fn the_cluster_status_gives_what_is_free_and_what_waits() {
        let c = parse_cluster_status(&live("gpu_cluster_status.json")).unwrap();
        assert!(c.available.contains(&("CPU".to_owned(), 2.0)));
        assert!(!c.total.iter().any(|(k, _)| k == "GPU"));
        assert_eq!(
            c.demands,
            vec![
                (vec![("CPU".to_owned(), 1.0), ("GPU".to_owned(), 1.0)], 1),
                (vec![("GPU".to_owned(), 1.0)], 1)
            ]
        );
        let idle = parse_cluster_status(&live("cluster_status.json")).unwrap();
        assert!(idle.demands.is_empty());
        assert_eq!(
            parse_cluster_status(b"{\"data\":{}}").unwrap(),
            ClusterResources::default()
        );
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_them_panic(s in ".{0,300}") {
            let _ = parse_tasks(s.as_bytes());
            let _ = parse_actors(s.as_bytes());
            let _ = parse_log_list(s.as_bytes());
            let _ = parse_cluster_status(s.as_bytes());
        }

        #[test]
        fn nor_any_json_shaped_like_theirs(total in proptest::num::f64::ANY, pid in ".{0,8}", res in proptest::num::f64::ANY, used in "[-0-9.e]{0,6}") {
            let body = format!(r#"{{"data":{{"result":{{"total":{total:?},"num_filtered":{res:?},"result":[{{"task_id":"t","worker_pid":{pid:?},"start_time_ms":{res:?},"required_resources":{{"CPU":{res:?}}}}}]}},"clusterStatus":{{"loadMetricsReport":{{"usage":{{"CPU":[{used},{res:?}]}},"resourceDemand":[[{{"GPU":{res:?}}},{total:?}]]}}}}}}}}"#);
            let _ = parse_tasks(body.as_bytes());
            let _ = parse_cluster_status(body.as_bytes());
        }
    }
}
