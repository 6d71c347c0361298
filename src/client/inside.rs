//! The rules of looking inside a Ray job (docs/api.md §15), without I/O. Each export is a short,
//! fixed conversation the `js` layer performs in order:
//!
//! 1. read the job (`/api/jobs/{id}`): [`job_id_of`] tells which job id Ray's state API knows it
//!    by (a submission id is not one), or that the server is openYuanrong, which has no state
//!    API (`UNSUPPORTED`);
//! 2. read the state API lists filtered by that id; a 404 there means the server has none
//!    ([`no_state_api`]);
//! 3. put the answers together: [`job_tasks`], [`log_files`], [`pending_reason`].
//!
//! Log file names ([`LogFileName`]) carry the node id with Ray's own file name, so reading a file
//! later needs no second listing.

use std::collections::BTreeMap;

use crate::error::{ErrorCode, JobglassError};
use crate::model::{
    Demand, Dialect, Job, JobLogFile, JobTask, JobTasks, LogFileKind, PendingReason, Resources,
};
use crate::normalize::inside::{Actor, ClusterResources, StateList};

/// Rows asked of Ray by default: its own most (`RAY_MAX_LIMIT_FROM_API_SERVER`, 10,000).
pub(crate) const DEFAULT_LIMIT: u64 = 10_000;

/// The most `limit` accepted: a server whose operator raised Ray's cap may send this many.
pub(crate) const MAX_LIMIT: u64 = 1_000_000;

/// The name of the driver's log, read from `/api/jobs/{id}/logs`.
pub(crate) const DRIVER: &str = "driver";

/// The job id the state API knows a job by; `None` when the job has none yet (a submission
/// whose driver has not started, so it has no tasks). openYuanrong has no state API.
pub(crate) fn job_id_of(job: &Job, url: &str) -> Result<Option<String>, JobglassError> {
    if job.dialect == Dialect::Openyuanrong {
        return Err(unsupported(
            url,
            "openYuanrong's job API has no task, actor or worker log routes (docs/api.md §15)",
        ));
    }
    Ok(job.job_id.clone())
}

/// A state API route answered 404: the server is not a Ray dashboard with the state API.
pub(crate) fn no_state_api(e: JobglassError) -> JobglassError {
    if e.code != ErrorCode::NotFound {
        return e;
    }
    let url = e.url.clone().unwrap_or_default();
    let mut out = unsupported(&url, "this server has no Ray state API (/api/v0)");
    out.attempts = e.attempts;
    out.status = e.status;
    out
}

fn unsupported(url: &str, why: &str) -> JobglassError {
    JobglassError::new(ErrorCode::Unsupported, format!("{why}: {url}")).at(url, 0)
}

/// `options.limit`: 1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`].
pub(crate) fn limit(given: Option<f64>) -> Result<u64, JobglassError> {
    match given {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if n.fract() == 0.0 && (1.0..=MAX_LIMIT as f64).contains(&n) => Ok(n as u64),
        // The value is not echoed: float formatting is left out of the module.
        Some(_) => Err(JobglassError::invalid_argument(format!(
            "limit must be a whole number from 1 to {MAX_LIMIT}"
        ))),
    }
}

/// `searchJobLogs`' settings (docs/api.md §15), checked before anything is sent.
#[derive(Clone, Debug)]
pub(crate) struct SearchSettings {
    pub matcher: crate::logs::Matcher,
    pub concurrency: usize,
    pub max_matches: usize,
    /// Bytes of text read from each file at most.
    pub max_bytes: u64,
}

impl SearchSettings {
    /// `text` or `regex` (exactly one), `caseSensitive`, `concurrency` (1–16, default 4),
    /// `maxMatches` (1–100,000, default 1,000) and `maxLogBytes` (the per-file bound).
    pub fn new(
        text: Option<&str>,
        regex: Option<&str>,
        case_sensitive: bool,
        concurrency: Option<f64>,
        max_matches: Option<f64>,
        max_bytes: usize,
    ) -> Result<SearchSettings, JobglassError> {
        let whole = |v: Option<f64>, name: &str, lo: u32, hi: u32, default: usize| match v {
            None => Ok(default),
            Some(n) if n.fract() == 0.0 && (lo as f64..=hi as f64).contains(&n) => Ok(n as usize),
            Some(_) => Err(JobglassError::invalid_argument(format!(
                "{name} must be a whole number from {lo} to {hi}"
            ))),
        };
        let matcher = match (text, regex) {
            (Some(t), None) => crate::logs::Matcher::text(t, case_sensitive)?,
            (None, Some(r)) => crate::logs::Matcher::regex(r, case_sensitive)?,
            _ => {
                return Err(JobglassError::invalid_argument(
                    "query must be a string or {regex: string}",
                ))
            }
        };
        Ok(SearchSettings {
            matcher,
            concurrency: whole(concurrency, "concurrency", 1, 16, 4)?,
            max_matches: whole(max_matches, "maxMatches", 1, 100_000, 1000)?,
            max_bytes: max_bytes as u64,
        })
    }
}

/// The matches of every file (each in line order, the files in their order), cut at `max`:
/// whether any were left out.
pub(crate) fn merge_matches(
    per_file: Vec<Vec<crate::model::LogSearchMatch>>,
    max: usize,
) -> (Vec<crate::model::LogSearchMatch>, bool) {
    let mut found: Vec<_> = per_file.into_iter().flatten().collect();
    let cut = found.len() > max;
    found.truncate(max);
    (found, cut)
}

/// The tasks with their summary by state.
pub(crate) fn job_tasks(list: StateList<JobTask>) -> JobTasks {
    let mut summary = BTreeMap::<String, u64>::new();
    for t in &list.rows {
        let state = t.state.clone().unwrap_or_else(|| "UNKNOWN".into());
        *summary.entry(state).or_default() += 1;
    }
    JobTasks {
        total: list.total.max(list.rows.len() as u64),
        truncated: list.truncated,
        summary: summary.into_iter().collect(),
        tasks: list.rows,
    }
}

/// A log file's name as `options.file` takes it: `{nodeId}.{file}`, both of characters that
/// need no escaping in a URL (`[A-Za-z0-9._-]`, the node id hex), so it survives `&file=` as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LogFileName {
    /// The driver's log.
    Driver,
    /// A file Ray lists on a node.
    Node { node_id: String, file: String },
}

impl LogFileName {
    /// The name of `file` on `node_id`, if both can be named.
    pub fn name_of(node_id: &str, file: &str) -> Option<String> {
        let name = format!("{node_id}.{file}");
        Self::parse(&name).ok().map(|_| name)
    }

    /// Reads `options.file`; anything `listJobLogFiles` cannot have made is `INVALID_ARGUMENT`.
    pub fn parse(name: &str) -> Result<LogFileName, JobglassError> {
        if name == DRIVER {
            return Ok(LogFileName::Driver);
        }
        let bad = || {
            JobglassError::invalid_argument(format!(
                "file \"{name}\" is not a log file name from listJobLogFiles"
            ))
        };
        let (node, file) = name.split_once('.').ok_or_else(bad)?;
        let node_ok =
            !node.is_empty() && node.len() <= 128 && node.bytes().all(|b| b.is_ascii_hexdigit());
        let file_ok = !file.is_empty()
            && file.len() <= 255
            && !file.starts_with('.')
            && file
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if node_ok && file_ok {
            Ok(LogFileName::Node {
                node_id: node.to_owned(),
                file: file.to_owned(),
            })
        } else {
            Err(bad())
        }
    }
}

/// A worker process of the job, gathered from its tasks and actors.
#[derive(Default)]
struct Worker {
    node_id: String,
    worker_id: Option<String>,
    pid: Option<i64>,
    actor_id: Option<String>,
    task_ids: Vec<String>,
    /// File names the tasks' `task_log_info` gave, used when the node's listing lacks them.
    known_files: Vec<String>,
}

/// The nodes whose log listings [`log_files`] needs.
pub(crate) fn nodes_to_list(tasks: &[JobTask], actors: &[Actor]) -> Vec<String> {
    // A set, not a sort: each sort is a sizeable copy of code in the module.
    let nodes: std::collections::BTreeSet<String> = tasks
        .iter()
        .filter(|t| t.worker_id.is_some())
        .filter_map(|t| t.node_id.clone())
        .chain(actors.iter().filter_map(|a| a.node_id.clone()))
        .collect();
    nodes.into_iter().collect()
}

/// The job's log files: the driver's (for a submitted job), then each worker's and actor's
/// `.out` and `.err`, found in the nodes' listings (`listings`: node id → `(category, name)`).
///
/// A worker is found by its id, not by the job id in its file name: a worker taken from the
/// pool was started before the job and its file carries job id `ffffffff`. An actor whose
/// tasks name no worker is found by its pid (`worker-{id}-{job}-{pid}.out`).
pub(crate) fn log_files(
    job: &Job,
    tasks: &[JobTask],
    actors: &[Actor],
    listings: &BTreeMap<String, Vec<(String, String)>>,
) -> Vec<JobLogFile> {
    let mut workers: Vec<Worker> = Vec::new();
    for t in tasks {
        let (Some(node), Some(wid)) = (&t.node_id, &t.worker_id) else {
            continue;
        };
        let i = match workers
            .iter()
            .position(|w| w.worker_id.as_ref() == Some(wid) && &w.node_id == node)
        {
            Some(i) => i,
            None => {
                workers.push(Worker {
                    node_id: node.clone(),
                    worker_id: Some(wid.clone()),
                    ..Worker::default()
                });
                workers.len() - 1
            }
        };
        let w = &mut workers[i];
        w.pid = w.pid.or(t.pid);
        if w.actor_id.is_none() {
            w.actor_id = t.actor_id.clone();
        }
        if !w.task_ids.contains(&t.task_id) {
            w.task_ids.push(t.task_id.clone());
        }
        for f in &t.log_files {
            if !w.known_files.contains(f) {
                w.known_files.push(f.clone());
            }
        }
    }
    for a in actors {
        let (Some(node), Some(pid)) = (&a.node_id, a.pid) else {
            continue;
        };
        match workers
            .iter_mut()
            .find(|w| &w.node_id == node && w.pid == Some(pid))
        {
            Some(w) => {
                if w.actor_id.is_none() {
                    w.actor_id = a.actor_id.clone();
                }
            }
            None => workers.push(Worker {
                node_id: node.clone(),
                pid: Some(pid),
                actor_id: a.actor_id.clone(),
                ..Worker::default()
            }),
        }
    }

    let mut out = Vec::new();
    if job.job_type.eq_ignore_ascii_case("SUBMISSION") {
        out.push(JobLogFile {
            name: DRIVER.into(),
            kind: LogFileKind::Driver,
            node_id: job.driver_node_id.clone(),
            worker_id: None,
            actor_id: None,
            pid: job.driver.as_ref().and_then(|d| d.pid),
            task_ids: Vec::new(),
        });
    }
    // Actors first (fewer, and usually what is looked for), then workers, each by name (so
    // `.err` before `.out`); kept in a map rather than sorted, as `nodes_to_list` says why.
    let mut found = BTreeMap::new();
    for w in &workers {
        let listed = listings.get(&w.node_id);
        let mut names: Vec<String> = listed
            .into_iter()
            .flatten()
            .filter(|(category, _)| category == "worker_out" || category == "worker_err")
            .map(|(_, name)| name)
            .filter(|name| is_workers_file(name, w))
            .cloned()
            .collect();
        if listed.is_none() {
            names = w.known_files.clone();
        }
        for file in names {
            let Some(name) = LogFileName::name_of(&w.node_id, &file) else {
                continue;
            };
            let kind = if w.actor_id.is_some() {
                LogFileKind::Actor
            } else {
                LogFileKind::Worker
            };
            found
                .entry((kind != LogFileKind::Actor, name.clone()))
                .or_insert(JobLogFile {
                    name,
                    kind,
                    node_id: Some(w.node_id.clone()),
                    worker_id: w.worker_id.clone().or_else(|| worker_id_in(&file)),
                    actor_id: w.actor_id.clone(),
                    // Ray's task rows do not always carry the worker's pid; its file name does.
                    pid: w.pid.or_else(|| pid_in(&file)),
                    task_ids: w.task_ids.clone(),
                });
        }
    }
    out.extend(found.into_values());
    out
}

/// Whether Ray's file `name` (`worker-{worker id}-{job id}-{pid}.out|.err`) is `w`'s.
fn is_workers_file(name: &str, w: &Worker) -> bool {
    let Some(stem) = name
        .strip_prefix("worker-")
        .and_then(|s| s.strip_suffix(".out").or_else(|| s.strip_suffix(".err")))
    else {
        return false;
    };
    match &w.worker_id {
        Some(id) => stem.starts_with(id.as_str()) && stem.as_bytes().get(id.len()) == Some(&b'-'),
        None => w
            .pid
            .is_some_and(|pid| stem.rsplit('-').next() == Some(pid.to_string().as_str())),
    }
}

/// The pid at the end of `worker-{worker id}-{job id}-{pid}.out|.err`.
fn pid_in(file: &str) -> Option<i64> {
    let stem = file
        .strip_suffix(".out")
        .or_else(|| file.strip_suffix(".err"))?;
    crate::base::digits::parse_digits(stem.rsplit('-').next()?).and_then(|n| i64::try_from(n).ok())
}

fn worker_id_in(file: &str) -> Option<String> {
    let id = file.strip_prefix("worker-")?.split('-').next()?;
    (!id.is_empty()).then(|| id.to_owned())
}

/// Whether a task waits to be placed: Ray's `PENDING_NODE_ASSIGNMENT`, the one pending state
/// that waits for resources (the others wait for arguments or object store memory).
fn waits_for_resources(t: &JobTask) -> bool {
    t.state.as_deref() == Some("PENDING_NODE_ASSIGNMENT")
}

fn same_shape(a: &Resources, b: &Resources) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
}

fn amount(r: &Resources, name: &str) -> Option<f64> {
    r.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

fn shape_text(r: &Resources) -> String {
    let parts: Vec<String> = r
        .iter()
        .map(|(k, v)| format!("{k}: {}", crate::model::inside_number(*v)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Why the job or its tasks wait: what the job's tasks waiting to be placed ask for, against
/// what the cluster has free; for a job that has not started (its driver waits, so it has no
/// tasks yet), the cluster's own pending demands, since Ray does not say whose they are.
/// `None` when nothing waits.
pub(crate) fn pending_reason(
    job: &Job,
    tasks: &[JobTask],
    cluster: &ClusterResources,
) -> Option<PendingReason> {
    let mut demands: Vec<Demand> = Vec::new();
    for t in tasks.iter().filter(|t| waits_for_resources(t)) {
        match demands
            .iter_mut()
            .find(|d| same_shape(&d.resources, &t.required_resources))
        {
            Some(d) => d.count += 1,
            None => demands.push(Demand {
                resources: t.required_resources.clone(),
                count: 1,
            }),
        }
    }
    let from_cluster = demands.is_empty();
    if from_cluster {
        if job.status != crate::model::JobStatus::Pending {
            return None;
        }
        demands = cluster
            .demands
            .iter()
            .map(|(resources, count)| Demand {
                resources: resources.clone(),
                count: *count,
            })
            .collect();
    }
    let mut available: Resources = Vec::new();
    for d in &demands {
        for (k, _) in &d.resources {
            if amount(&available, k).is_none() {
                available.push((k.clone(), amount(&cluster.available, k).unwrap_or(0.0)));
            }
        }
    }
    let text = explain(&demands, cluster, from_cluster);
    Some(PendingReason {
        demands,
        available,
        text,
    })
}

fn explain(demands: &[Demand], cluster: &ClusterResources, from_cluster: bool) -> String {
    let fmt = crate::model::inside_number;
    if demands.is_empty() {
        return "The job has not started, and Ray reports no resource demand it cannot meet: \
                its runtime environment may still be being set up."
            .into();
    }
    let mut parts = Vec::new();
    for d in demands {
        let mut why = Vec::new();
        for (k, want) in &d.resources {
            let total = amount(&cluster.total, k).unwrap_or(0.0);
            let free = amount(&cluster.available, k).unwrap_or(0.0);
            if total <= 0.0 && *want > 0.0 {
                why.push(format!("the cluster has no {k}"));
            } else if *want > total {
                why.push(format!("the cluster has only {} {k} in all", fmt(total)));
            } else if *want > free {
                why.push(format!("only {} of {} {k} is free", fmt(free), fmt(total)));
            }
        }
        let who = match (from_cluster, d.count) {
            (true, _) => format!("{}× {}", d.count, shape_text(&d.resources)),
            (false, 1) => format!("1 task waits for {}", shape_text(&d.resources)),
            (false, n) => format!("{n} tasks wait for {}", shape_text(&d.resources)),
        };
        parts.push(if why.is_empty() {
            format!("{who}, which the cluster has free: Ray has not placed it yet")
        } else {
            format!("{who}: {}", why.join(", "))
        });
    }
    if from_cluster {
        format!(
            "The job has not started; the cluster waits to place {}.",
            parts.join("; ")
        )
    } else {
        format!("{}.", parts.join("; "))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::normalize::inside::{
        parse_actors, parse_cluster_status, parse_log_list, parse_tasks,
    };

    const LIVE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ray-live/inside/"
    );

    fn live(name: &str) -> Vec<u8> {
        std::fs::read(format!("{LIVE}{name}")).unwrap()
    }

    fn job(name: &str) -> Job {
        crate::parse_job(live(name)).unwrap()
    }

    #[test]
    fn a_submission_resolves_to_its_job_id_and_openyuanrong_is_unsupported() {
        assert_eq!(
            job_id_of(&job("job.json"), "u").unwrap().as_deref(),
            Some("02000000")
        );
        assert_eq!(job_id_of(&job("gpu_entry_job.json"), "u").unwrap(), None);
        let oyr = crate::parse_job(r#"{"key":"/k","type":"SUBMISSION","start_time":"1755484077"}"#)
            .unwrap();
        assert_eq!(
            job_id_of(&oyr, "u").unwrap_err().code,
            ErrorCode::Unsupported
        );
        let e = JobglassError::new(ErrorCode::NotFound, "x").at("http://h/api/v0/tasks", 1);
        assert_eq!(no_state_api(e).code, ErrorCode::Unsupported);
    }

    #[test]
    fn search_settings_are_checked_before_anything_is_sent() {
        let s = SearchSettings::new(Some("x"), None, false, None, None, 8 << 20).unwrap();
        assert_eq!(
            (s.concurrency, s.max_matches, s.max_bytes),
            (4, 1000, 8 << 20)
        );
        let bad = |t, r, c, m| SearchSettings::new(t, r, false, c, m, 1).unwrap_err().code;
        assert_eq!(
            bad(Some("x"), None, Some(0.0), None),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            bad(Some("x"), None, None, Some(0.5)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(bad(None, None, None, None), ErrorCode::InvalidArgument);
        assert_eq!(bad(None, Some("(a"), None, None), ErrorCode::BadRequest);
        assert_eq!(bad(Some(""), None, None, None), ErrorCode::BadRequest);
        let m = |file: &str, line| crate::model::LogSearchMatch {
            file: file.into(),
            line,
            text: String::new(),
        };
        let (kept, cut) = merge_matches(vec![vec![m("a", 2), m("a", 9)], vec![m("b", 1)]], 2);
        assert_eq!(kept, vec![m("a", 2), m("a", 9)]);
        assert!(cut);
    }

    #[test]
    fn limits() {
        assert_eq!(limit(None).unwrap(), 10_000);
        assert_eq!(limit(Some(5.0)).unwrap(), 5);
        for bad in [0.0, -1.0, 1.5, 2e6, f64::NAN] {
            assert_eq!(
                limit(Some(bad)).unwrap_err().code,
                ErrorCode::InvalidArgument
            );
        }
    }

    #[test]
    fn the_summary_counts_states() {
        let tasks = job_tasks(parse_tasks(&live("tasks.json")).unwrap());
        assert_eq!(
            tasks.summary,
            vec![("FAILED".to_owned(), 1), ("FINISHED".to_owned(), 8)]
        );
        assert_eq!((tasks.total, tasks.truncated), (9, false));
    }

    #[test]
    fn log_files_are_every_worker_and_actor_of_the_job() {
        let tasks = parse_tasks(&live("tasks.json")).unwrap().rows;
        let actors = parse_actors(&live("actors.json")).unwrap().rows;
        let nodes = nodes_to_list(&tasks, &actors);
        assert_eq!(nodes.len(), 1);
        let listing = parse_log_list(&live("logs_list.json")).unwrap();
        let listings = BTreeMap::from([(nodes[0].clone(), listing)]);
        let files = log_files(&job("job.json"), &tasks, &actors, &listings);
        let names: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (f.kind.as_str(), f.name.as_str()))
            .collect();
        assert_eq!(files[0].name, "driver");
        // Three workers ran the job (one hosted the actor), each with .out and .err.
        assert_eq!(files.len(), 1 + 6, "{names:?}");
        let actor: Vec<_> = files
            .iter()
            .filter(|f| f.kind == LogFileKind::Actor)
            .collect();
        assert_eq!(actor.len(), 2);
        assert!(actor[0].name.ends_with("-23382.err") && actor[1].name.ends_with("-23382.out"));
        assert_eq!(
            actor[0].actor_id.as_deref(),
            Some("dba283ac18b96270cc65bf0602000000")
        );
        let boom = files
            .iter()
            .find(|f| f.name.ends_with("-23873.out"))
            .unwrap();
        assert_eq!(boom.kind, LogFileKind::Worker);
        assert_eq!(boom.task_ids.len(), 4); // three `work` and `boom`
                                            // A pool worker's file carries job id ffffffff: found by its worker id all the same.
        assert!(files
            .iter()
            .any(|f| f.name.ends_with("-ffffffff-23381.out")));
        for f in &files {
            assert!(LogFileName::parse(&f.name).is_ok(), "{}", f.name);
        }
        // Every file says its worker's pid, even where Ray's task rows left it out.
        let mut no_pids = tasks.clone();
        for t in &mut no_pids {
            t.pid = None;
        }
        let unpidded = log_files(&job("job.json"), &no_pids, &actors, &listings);
        assert_eq!(unpidded.len(), files.len());
        for f in &unpidded[1..] {
            let pid = f
                .name
                .rsplit('-')
                .next()
                .unwrap()
                .split('.')
                .next()
                .unwrap();
            assert_eq!(
                f.pid.map(|p| p.to_string()).as_deref(),
                Some(pid),
                "{}",
                f.name
            );
        }
        // Without a listing, the tasks' own log file names are used.
        let fallback = log_files(&job("job.json"), &tasks, &actors, &BTreeMap::new());
        assert!(fallback
            .iter()
            .any(|f| f.name.ends_with("-02000000-23873.err")));
    }

    #[test]
    fn file_names_round_trip_and_refuse_paths() {
        let name = LogFileName::name_of("d81f70", "worker-ab-02000000-1.out").unwrap();
        assert_eq!(
            LogFileName::parse(&name).unwrap(),
            LogFileName::Node {
                node_id: "d81f70".into(),
                file: "worker-ab-02000000-1.out".into()
            }
        );
        assert_eq!(LogFileName::parse("driver").unwrap(), LogFileName::Driver);
        for bad in [
            "",
            "x",
            "ab./etc/passwd",
            "ab...",
            "zz.worker.out",
            "ab.a/b",
            "ab.a%2Fb",
            ".x",
        ] {
            assert!(LogFileName::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(LogFileName::name_of("node", "a/b"), None);
    }

    #[test]
    fn a_task_asking_for_a_gpu_the_cluster_lacks_is_explained() {
        let tasks = parse_tasks(&live("gpu_tasks.json")).unwrap().rows;
        let cluster = parse_cluster_status(&live("gpu_cluster_status.json")).unwrap();
        let r = pending_reason(&job("gpu_job.json"), &tasks, &cluster).unwrap();
        assert_eq!(r.demands.len(), 1);
        assert_eq!(r.demands[0].count, 1);
        assert_eq!(amount(&r.demands[0].resources, "GPU"), Some(1.0));
        assert_eq!(amount(&r.available, "GPU"), Some(0.0));
        assert_eq!(amount(&r.available, "CPU"), Some(2.0));
        assert_eq!(
            r.text,
            "1 task waits for {CPU: 1, GPU: 1}: the cluster has no GPU."
        );
        // Nothing waits in a finished job.
        let done = parse_tasks(&live("tasks.json")).unwrap().rows;
        assert_eq!(pending_reason(&job("job.json"), &done, &cluster), None);
    }

    #[test]
    fn a_job_that_has_not_started_shows_the_cluster_s_demands() {
        let cluster = parse_cluster_status(&live("gpu_cluster_status.json")).unwrap();
        let r = pending_reason(&job("gpu_entry_job.json"), &[], &cluster).unwrap();
        assert_eq!(r.demands.len(), 2);
        assert!(r.text.starts_with("The job has not started; the cluster waits to place 1× {CPU: 1, GPU: 1}: the cluster has no GPU"), "{}", r.text);
        let idle = ClusterResources::default();
        let r = pending_reason(&job("gpu_entry_job.json"), &[], &idle).unwrap();
        assert!(r.demands.is_empty() && r.text.contains("no resource demand"));
    }

    #[test]
    fn shortages_are_told_apart() {
        let cluster = ClusterResources {
            total: vec![("CPU".into(), 4.0), ("GPU".into(), 1.0)],
            available: vec![("CPU".into(), 0.5), ("GPU".into(), 1.0)],
            demands: vec![],
        };
        let task = |cpu: f64, gpu: f64| JobTask {
            state: Some("PENDING_NODE_ASSIGNMENT".into()),
            required_resources: vec![("CPU".into(), cpu), ("GPU".into(), gpu)],
            ..JobTask::default()
        };
        let r = pending_reason(
            &job("job.json"),
            &[task(1.0, 2.0), task(1.0, 2.0), task(0.5, 1.0)],
            &cluster,
        )
        .unwrap();
        assert_eq!(
            r.text,
            "2 tasks wait for {CPU: 1, GPU: 2}: only 0.5 of 4 CPU is free, the cluster has only 1 GPU in all; 1 task waits for {CPU: 0.5, GPU: 1}, which the cluster has free: Ray has not placed it yet."
        );
    }
}
