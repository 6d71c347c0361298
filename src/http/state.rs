//! The URLs of Ray's state API and cluster status (docs/api.md §15), built on an [`Endpoint`].
//! Every value is percent-encoded as one query value, so no id or file name can add a parameter.

use super::url::Endpoint;
use crate::base::percent::segment;

/// A state API list filtered to one job: `filter_keys=job_id&filter_predicates==&filter_values=…`
/// is how Ray's own client (`ray.util.state`) sends `filters=[("job_id", "=", id)]`.
fn job_list(endpoint: &Endpoint, resource: &str, job_id: &str, limit: u64) -> String {
    format!(
        "{}/api/v0/{resource}?limit={limit}&detail=1&filter_keys=job_id&filter_predicates=%3D&filter_values={}",
        endpoint.base(),
        segment(job_id)
    )
}

impl Endpoint {
    /// `GET /api/v0/tasks` for one job, with details (worker, resources, errors, log files).
    pub fn job_tasks(&self, job_id: &str, limit: u64) -> String {
        job_list(self, "tasks", job_id, limit)
    }

    /// `GET /api/v0/actors` for one job.
    pub fn job_actors(&self, job_id: &str, limit: u64) -> String {
        job_list(self, "actors", job_id, limit)
    }

    /// `GET /api/v0/logs?node_id=…&glob=…`: the log files of one node matching `glob`.
    pub fn node_logs(&self, node_id: &str, glob: &str) -> String {
        format!(
            "{}/api/v0/logs?node_id={}&glob={}",
            self.base(),
            segment(node_id),
            segment(glob)
        )
    }

    /// `GET /api/v0/logs/file?node_id=…&filename=…&lines=-1`: one whole file, streamed as its
    /// plain text (Ray sends only the last 1,000 lines unless `lines` says otherwise; `-1` is all).
    pub fn node_log_file(&self, node_id: &str, filename: &str) -> String {
        format!(
            "{}/api/v0/logs/file?node_id={}&filename={}&lines=-1",
            self.base(),
            segment(node_id),
            segment(filename)
        )
    }

    /// `GET /api/cluster_status`: the autoscaler's structured report.
    pub fn cluster_status(&self) -> String {
        format!("{}/api/cluster_status", self.base())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_one_query_value_each() {
        let e = Endpoint::parse("http://h:8265/p/", None).unwrap();
        assert_eq!(
            e.job_tasks("02000000", 10_000),
            "http://h:8265/p/api/v0/tasks?limit=10000&detail=1&filter_keys=job_id&filter_predicates=%3D&filter_values=02000000"
        );
        assert_eq!(
            e.node_logs("n#1", "worker-*"),
            "http://h:8265/p/api/v0/logs?node_id=n%231&glob=worker-%2A"
        );
        assert_eq!(
            e.node_log_file("n1", "worker-a&b=c.out"),
            "http://h:8265/p/api/v0/logs/file?node_id=n1&filename=worker-a%26b%3Dc.out&lines=-1"
        );
        assert_eq!(e.cluster_status(), "http://h:8265/p/api/cluster_status");
    }
}
