"""Ray's own view of a job's log, through its Python client: writes
`JobSubmissionClient.get_job_logs(id)` to <out file> as UTF-8 and prints its status.

Usage: logs_truth.py <dashboard url> <id> <out file>"""

import json
import sys

from ray.job_submission import JobSubmissionClient

address, job, path = sys.argv[1:4]
client = JobSubmissionClient(address)
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write(client.get_job_logs(job))
print(json.dumps({"status": client.get_job_status(job).value}))
