//! Reading and following a job's log (docs/api.md §9), without I/O: when to read the job, when
//! to read the log or open its tail, how long to wait, and when everything has been read.
//!
//! The job is read first: it tells a DRIVER job (which has no log to read) from a missing one, and
//! a log read after the job was seen terminal is the whole log. A log route that answers 404 for
//! a job that exists means the server has no logs (openYuanrong's frontend).

use std::time::Duration;

use super::options::WatchSettings;
use super::watch::Watch;
use crate::error::{ErrorCode, JobglassError};

/// What the performer does next.
#[derive(Debug, PartialEq)]
pub(crate) enum LogStep {
    /// Read the job, then report [`LogConversation::job_read`].
    ReadJob,
    /// Read the whole log over HTTP as one pass, then report [`LogConversation::log_read`].
    ReadLog,
    /// Open the log tail's WebSocket as one pass, then report [`LogConversation::tail_closed`].
    OpenTail,
    /// Wait, then ask again.
    Wait(Duration),
    /// Everything there is has been read; `complete` when the job had ended before the last pass.
    Done { complete: bool },
}

/// One `fetchJobLogs` or `followJobLogs` conversation.
pub(crate) struct LogConversation {
    /// `None`: read once (`fetchJobLogs`); otherwise follow, over the tail socket when `true`.
    follow: Option<bool>,
    watch: Watch<bool>,
    next: LogStep,
    /// The step that follows a wait.
    pending: Option<LogStep>,
    /// The job was terminal when last read: the pass under way is the last.
    terminal: bool,
    /// The tail socket was opened before: a new one waits an interval first.
    reopening: bool,
    /// A worker's file is read (docs/api.md §15), which a DRIVER job has too.
    worker_file: bool,
}

impl LogConversation {
    /// Reads the log once.
    pub fn once(now_ms: f64) -> Self {
        Self::new(
            None,
            WatchSettings {
                interval: Duration::ZERO,
                deadline: None,
            },
            now_ms,
        )
    }

    /// Follows the log until the job ends, over the tail socket when `socket`.
    pub fn follow(socket: bool, settings: WatchSettings, now_ms: f64) -> Self {
        Self::new(Some(socket), settings, now_ms)
    }

    fn new(follow: Option<bool>, settings: WatchSettings, now_ms: f64) -> Self {
        LogConversation {
            follow,
            watch: Watch::new(settings, now_ms),
            next: LogStep::ReadJob,
            pending: None,
            terminal: false,
            reopening: false,
            worker_file: false,
        }
    }

    /// The same conversation over one of the job's worker files (`options.file`, docs/api.md
    /// §15): those are polled (Ray has no tail socket for them), and a DRIVER job has them too.
    pub fn of_worker_file(mut self) -> Self {
        self.worker_file = true;
        if self.follow.is_some() {
            self.follow = Some(false);
        }
        self
    }

    /// The next step.
    pub fn next(&mut self) -> LogStep {
        let step = std::mem::replace(&mut self.next, LogStep::ReadJob);
        match step {
            LogStep::Wait(_) => self.next = self.pending.take().unwrap_or(LogStep::ReadJob),
            LogStep::OpenTail => self.reopening = true,
            _ => {}
        }
        step
    }

    /// How long the next request may take, or the deadline's error (`url` names the job).
    pub fn timeout(
        &self,
        own: Option<Duration>,
        now_ms: f64,
        url: &str,
    ) -> Result<Option<Duration>, JobglassError> {
        self.watch.poll_timeout(own, now_ms, url)
    }

    /// Records requests sent, so an error counts every request of the conversation.
    pub fn count(&mut self, attempts: u32) {
        self.watch.count(attempts);
    }

    /// An error of one step, as the conversation's.
    pub fn failed(&self, e: JobglassError) -> JobglassError {
        self.watch.failed(e)
    }

    /// The job was read: its type and whether it has ended.
    pub fn job_read(
        &mut self,
        job_type: &str,
        terminal: bool,
        url: &str,
        now_ms: f64,
    ) -> Result<(), JobglassError> {
        if !self.worker_file && job_type.eq_ignore_ascii_case("DRIVER") {
            return Err(unsupported(
                url,
                "it is a DRIVER job: only submitted jobs have a log to read",
            ));
        }
        self.terminal = terminal;
        self.next = match self.follow {
            Some(true) if !terminal && self.reopening => self.wait_then(LogStep::OpenTail, now_ms),
            Some(true) if !terminal => LogStep::OpenTail,
            _ => LogStep::ReadLog,
        };
        Ok(())
    }

    /// A pass over HTTP ended.
    pub fn log_read(&mut self, now_ms: f64) {
        self.next = match (self.follow, self.terminal) {
            (None, _) | (_, true) => LogStep::Done {
                complete: self.terminal,
            },
            _ => self.wait_then(LogStep::ReadJob, now_ms),
        };
    }

    /// The tail socket closed (the server closes it when the job ends; a network may too): the
    /// job is read again; one that ended is finished with a read over HTTP, which delivers
    /// whatever the socket did not, and one still running gets a new socket after an interval.
    /// A socket the server closed in good order without any text, while the job runs, is not
    /// tried again: the log is polled from then on (Ray 2.60 sends nothing to a client that
    /// offers compression, as browsers do, and closes the socket a second later). A broken
    /// connection is just reopened.
    pub fn tail_closed(&mut self, got_text: bool, clean: bool) {
        if clean && !got_text {
            self.follow = Some(false);
        }
        self.next = LogStep::ReadJob;
    }

    /// The log route answered 404 for a job that exists: this server has no logs.
    pub fn no_log_route(&self, url: &str) -> JobglassError {
        self.failed(unsupported(url, "this server has no job log route"))
    }

    fn wait_then(&mut self, after: LogStep, now_ms: f64) -> LogStep {
        match self.watch.seen(false, false, now_ms).wait {
            Some(wait) if !wait.is_zero() => {
                self.pending = Some(after);
                LogStep::Wait(wait)
            }
            _ => after,
        }
    }
}

fn unsupported(url: &str, why: &str) -> JobglassError {
    JobglassError::new(
        ErrorCode::Unsupported,
        format!("no log can be read at {url}: {why}"),
    )
    .at(url, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> WatchSettings {
        WatchSettings {
            interval: Duration::from_secs(2),
            deadline: Some(Duration::from_secs(60)),
        }
    }

    #[test]
    fn read_once_reads_the_job_then_the_log() {
        let mut c = LogConversation::once(0.0);
        assert_eq!(c.next(), LogStep::ReadJob);
        c.job_read("SUBMISSION", false, "u", 0.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(0.0);
        assert_eq!(c.next(), LogStep::Done { complete: false });
        let mut c = LogConversation::once(0.0);
        c.next();
        c.job_read("SUBMISSION", true, "u", 0.0).unwrap();
        c.next();
        c.log_read(0.0);
        assert_eq!(c.next(), LogStep::Done { complete: true });
    }

    #[test]
    fn driver_jobs_and_servers_without_logs_are_unsupported() {
        let mut c = LogConversation::once(0.0);
        c.next();
        let e = c
            .job_read("DRIVER", true, "http://h/api/jobs/x", 0.0)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Unsupported);
        assert_eq!(c.no_log_route("u").code, ErrorCode::Unsupported);
    }

    #[test]
    fn polling_reads_job_and_log_until_the_job_has_ended() {
        let mut c = LogConversation::follow(false, settings(), 0.0);
        assert_eq!(c.next(), LogStep::ReadJob);
        c.job_read("SUBMISSION", false, "u", 0.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(100.0);
        assert_eq!(c.next(), LogStep::Wait(Duration::from_secs(2)));
        assert_eq!(c.next(), LogStep::ReadJob);
        c.job_read("SUBMISSION", true, "u", 2100.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(2200.0);
        assert_eq!(c.next(), LogStep::Done { complete: true });
    }

    #[test]
    fn the_socket_is_reopened_after_an_interval_and_finished_over_http() {
        let mut c = LogConversation::follow(true, settings(), 0.0);
        c.next();
        c.job_read("SUBMISSION", false, "u", 0.0).unwrap();
        assert_eq!(c.next(), LogStep::OpenTail);
        c.tail_closed(true, true);
        assert_eq!(c.next(), LogStep::ReadJob);
        c.job_read("SUBMISSION", false, "u", 10.0).unwrap();
        assert_eq!(c.next(), LogStep::Wait(Duration::from_secs(2)));
        assert_eq!(c.next(), LogStep::OpenTail);
        c.tail_closed(true, true);
        c.next();
        c.job_read("SUBMISSION", true, "u", 3000.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(3100.0);
        assert_eq!(c.next(), LogStep::Done { complete: true });
    }

    #[test]
    fn a_socket_that_brings_nothing_gives_way_to_polling() {
        let mut c = LogConversation::follow(true, settings(), 0.0);
        c.next();
        c.job_read("SUBMISSION", false, "u", 0.0).unwrap();
        assert_eq!(c.next(), LogStep::OpenTail);
        c.tail_closed(false, false);
        c.next();
        c.job_read("SUBMISSION", false, "u", 500.0).unwrap();
        assert_eq!(c.next(), LogStep::Wait(Duration::from_secs(2)));
        assert_eq!(c.next(), LogStep::OpenTail);
        c.tail_closed(false, true);
        assert_eq!(c.next(), LogStep::ReadJob);
        c.job_read("SUBMISSION", false, "u", 1000.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(1100.0);
        assert_eq!(c.next(), LogStep::Wait(Duration::from_secs(2)));
    }

    #[test]
    fn a_worker_file_is_polled_and_read_for_driver_jobs_too() {
        let mut c = LogConversation::follow(true, settings(), 0.0).of_worker_file();
        c.next();
        c.job_read("DRIVER", false, "u", 0.0).unwrap();
        assert_eq!(c.next(), LogStep::ReadLog);
        c.log_read(100.0);
        assert_eq!(c.next(), LogStep::Wait(Duration::from_secs(2)));
    }

    #[test]
    fn the_deadline_ends_it() {
        let c = LogConversation::follow(false, settings(), 0.0);
        let e = c.timeout(None, 61_000.0, "u").unwrap_err();
        assert_eq!(e.code, ErrorCode::Timeout);
        assert_eq!(
            c.timeout(None, 59_000.0, "u").unwrap(),
            Some(Duration::from_secs(1))
        );
    }
}
