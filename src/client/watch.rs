//! Watching a job until it is terminal (docs/api.md §2, §11), without I/O: when to poll, how long
//! each poll may take, when the caller hears of a change, and when the deadline has passed.

use std::time::Duration;

use super::options::WatchSettings;
use crate::error::{ErrorCode, JobglassError};
use crate::model::{DevServerJob, Job, JobStatus, TaskStatus};

/// What a watch compares between polls: a change in it is reported to `onUpdate`.
pub(crate) trait Watched {
    /// The fields whose change the caller hears of.
    type Snapshot: PartialEq;
    /// This state's snapshot.
    fn snapshot(&self) -> Self::Snapshot;
    /// Whether the job can no longer change.
    fn is_terminal(&self) -> bool;
}

impl Watched for Job {
    type Snapshot = (
        JobStatus,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    fn snapshot(&self) -> Self::Snapshot {
        (
            self.status,
            self.end_time,
            self.driver_exit_code,
            self.error_type.clone(),
            self.message.clone(),
        )
    }
    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

impl Watched for DevServerJob {
    type Snapshot = (
        JobStatus,
        Option<i64>,
        i64,
        Vec<(TaskStatus, Option<String>)>,
    );
    fn snapshot(&self) -> Self::Snapshot {
        let tasks = self
            .tasks
            .iter()
            .map(|t| (t.status, t.message.clone()))
            .collect();
        (self.status, self.updated_at, self.abnormal_count, tasks)
    }
    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

/// What to do with a state just read.
#[derive(Debug, PartialEq)]
pub(crate) struct Seen {
    /// Call `onUpdate` with it.
    pub notify: bool,
    /// `None`: it is terminal, resolve with it; otherwise poll again after this wait.
    pub wait: Option<Duration>,
}

/// The state of one watch.
pub(crate) struct Watch<S> {
    settings: WatchSettings,
    started_ms: f64,
    last: Option<S>,
    attempts: u32,
}

impl<S: PartialEq> Watch<S> {
    /// A watch that starts at `now_ms`.
    pub fn new(settings: WatchSettings, now_ms: f64) -> Self {
        Watch {
            settings,
            started_ms: now_ms,
            last: None,
            attempts: 0,
        }
    }

    fn left(&self, now_ms: f64) -> Option<Duration> {
        let deadline = self.settings.deadline?;
        let spent = Duration::from_micros(((now_ms - self.started_ms).max(0.0) * 1000.0) as u64);
        Some(deadline.saturating_sub(spent))
    }

    /// The timeout of the next poll: its own, but never past the deadline; or the deadline's
    /// error when it has passed. `url` names the job in that error.
    pub fn poll_timeout(
        &self,
        timeout: Option<Duration>,
        now_ms: f64,
        url: &str,
    ) -> Result<Option<Duration>, JobglassError> {
        match self.left(now_ms) {
            None => Ok(timeout),
            Some(left) if left.is_zero() => Err(self.deadline_passed(url)),
            Some(left) => Ok(Some(timeout.map_or(left, |t| t.min(left)))),
        }
    }

    /// Records a poll's requests, so errors count every request of the watch.
    pub fn count(&mut self, attempts: u32) {
        self.attempts += attempts;
    }

    /// An error of one poll, as the watch's: with the requests of every poll counted.
    pub fn failed(&self, e: JobglassError) -> JobglassError {
        JobglassError {
            attempts: self.attempts + e.attempts,
            ..e
        }
    }

    /// A state read at `now_ms`.
    pub fn seen(&mut self, snapshot: S, terminal: bool, now_ms: f64) -> Seen {
        let notify = self.last.as_ref() != Some(&snapshot);
        self.last = Some(snapshot);
        let wait = (!terminal).then(|| {
            self.left(now_ms).map_or(self.settings.interval, |left| {
                self.settings.interval.min(left)
            })
        });
        Seen { notify, wait }
    }

    /// Requests sent by the watch so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    fn deadline_passed(&self, url: &str) -> JobglassError {
        let state = if self.last.is_some() {
            "was not terminal"
        } else {
            "could not be read"
        };
        let deadline = self.settings.deadline.unwrap_or_default().as_millis() as u64;
        JobglassError::new(
            ErrorCode::Timeout,
            format!("the job at {url} {state} when the watch's deadline of {deadline} ms passed"),
        )
        .at(url, self.attempts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(interval_ms: u64, deadline_ms: Option<u64>) -> WatchSettings {
        WatchSettings {
            interval: Duration::from_millis(interval_ms),
            deadline: deadline_ms.map(Duration::from_millis),
        }
    }

    #[test]
    fn notifies_the_first_state_and_each_change_and_ends_when_terminal() {
        let mut w = Watch::new(settings(2000, None), 0.0);
        let two_s = Some(Duration::from_secs(2));
        assert_eq!(
            w.seen("PENDING", false, 0.0),
            Seen {
                notify: true,
                wait: two_s
            }
        );
        assert_eq!(
            w.seen("PENDING", false, 2.0),
            Seen {
                notify: false,
                wait: two_s
            }
        );
        assert_eq!(
            w.seen("RUNNING", false, 4.0),
            Seen {
                notify: true,
                wait: two_s
            }
        );
        assert_eq!(
            w.seen("SUCCEEDED", true, 6.0),
            Seen {
                notify: true,
                wait: None
            }
        );
    }

    #[test]
    fn a_terminal_state_seen_again_still_ends_it_silently() {
        let mut w = Watch::new(settings(100, None), 0.0);
        w.seen("X", false, 0.0);
        assert_eq!(
            w.seen("X", true, 1.0),
            Seen {
                notify: false,
                wait: None
            }
        );
    }

    #[test]
    fn the_deadline_clamps_timeouts_and_waits_then_ends_the_watch() {
        let mut w = Watch::new(settings(2000, Some(5000)), 1000.0);
        let ten_s = Some(Duration::from_secs(10));
        assert_eq!(
            w.poll_timeout(ten_s, 1000.0, "u").unwrap(),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            w.poll_timeout(None, 2000.0, "u").unwrap(),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            w.poll_timeout(Some(Duration::from_secs(1)), 2000.0, "u")
                .unwrap(),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            w.seen(1, false, 4500.0).wait,
            Some(Duration::from_millis(1500))
        );
        w.count(3);
        let e = w
            .poll_timeout(ten_s, 6000.0, "http://h/api/jobs/a")
            .unwrap_err();
        assert_eq!((e.code, e.attempts), (ErrorCode::Timeout, 3));
        assert!(e.message.contains("was not terminal") && e.message.contains("5000 ms"));
    }

    #[test]
    fn without_a_deadline_timeouts_are_the_requests_own() {
        let w: Watch<u8> = Watch::new(settings(2000, None), 0.0);
        assert_eq!(w.poll_timeout(None, 1e12, "u").unwrap(), None);
    }

    #[test]
    fn errors_count_the_requests_of_every_poll() {
        let mut w: Watch<u8> = Watch::new(settings(2000, None), 0.0);
        w.count(4);
        let e = JobglassError {
            attempts: 2,
            ..JobglassError::new(ErrorCode::NotFound, "x")
        };
        assert_eq!(w.failed(e).attempts, 6);
    }

    #[test]
    fn dev_server_snapshots_see_task_changes() {
        let job = crate::parse_dev_server_job(
            r#"{"id":"j","status":"PROCESSING","tasks":[{"status":"PROCESSING","message":"a"}]}"#,
        )
        .unwrap();
        let mut later = job.clone();
        later.tasks[0].message = Some("b".into());
        assert!(job.snapshot() != later.snapshot());
        assert!(!job.is_terminal());
    }
}
