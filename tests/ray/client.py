"""Ray's own view of one job, through its Python client, for the action tests.

Usage: client.py <dashboard url> status <id>   → {"status": "STOPPED"}  (get_job_status)
       client.py <dashboard url> listed <id>   → {"listed": false}      (list_jobs)
       client.py <dashboard url> supervisor <id> → {"supervisor": "DEAD"} (its supervisor actor's
                                                   state, null when Ray has none)"""

import json
import sys

from ray.job_submission import JobSubmissionClient

address, what, job = sys.argv[1:4]
client = JobSubmissionClient(address)
if what == "status":
    print(json.dumps({"status": client.get_job_status(job).value}))
elif what == "listed":
    print(json.dumps({"listed": any((j.submission_id or j.job_id) == job for j in client.list_jobs())}))
elif what == "supervisor":
    from ray.util.state import list_actors

    # The name Ray's job manager gives the actor that runs the job's entrypoint.
    name = f"_ray_internal_job_actor_{job}"
    actors = list_actors(address=address, filters=[("name", "=", name)], raise_on_missing_output=False)
    print(json.dumps({"supervisor": actors[0].state if actors else None}))
else:
    raise SystemExit(f"unknown question {what}")
