"""Ray's own view of one job, through its Python client, for the action tests.

Usage: client.py <dashboard url> status <id>   → {"status": "STOPPED"}  (get_job_status)
       client.py <dashboard url> listed <id>   → {"listed": false}      (list_jobs)"""

import json
import sys

from ray.job_submission import JobSubmissionClient

address, what, job = sys.argv[1:4]
client = JobSubmissionClient(address)
if what == "status":
    print(json.dumps({"status": client.get_job_status(job).value}))
elif what == "listed":
    print(json.dumps({"listed": any((j.submission_id or j.job_id) == job for j in client.list_jobs())}))
else:
    raise SystemExit(f"unknown question {what}")
