"""Submits the comparison jobs to a real Ray head and records what Ray's own Python client
reports about them (the ground truth for tests/js/ray.test.mjs), plus the raw HTTP answers.

Usage: truth.py <dashboard url> <output dir>
Jobs: one that succeeds with metadata and env_vars, one that exits with 3, a long one that is
stopped, one whose script calls ray.init() (driver_info and job_id filled), and a DRIVER job
from a script that connects with ray.init(address="auto")."""

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid

from ray.job_submission import JobStatus, JobSubmissionClient

address, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
client = JobSubmissionClient(address)
tag = uuid.uuid4().hex[:6]
TERMINAL = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.STOPPED}


def wait(submission_id, statuses, limit=120):
    deadline = time.time() + limit
    while time.time() < deadline:
        status = client.get_job_status(submission_id)
        if status in statuses:
            return status
        time.sleep(0.5)
    raise SystemExit(f"{submission_id} did not reach {statuses} in {limit}s (is {status})")


def agent_ready(limit=120):
    """Waits until the head's job agent takes submissions: on a busy machine the dashboard answers
    before its agent has registered, and a submission then fails with "No available agent". The
    probe job (`true`) stays in the list, like every other test job."""
    deadline = time.time() + limit
    probe = f"jg-probe-{tag}"
    while True:
        try:
            client.submit_job(entrypoint="true", submission_id=probe)
            break
        except RuntimeError as e:
            if "No available agent" not in str(e) or time.time() > deadline:
                raise
            time.sleep(1)


agent_ready()
submitted = {
    "succeeds": client.submit_job(
        entrypoint="python -c \"print('hello from jobglass')\"",
        submission_id=f"jg-succeeds-{tag}",
        metadata={"team": "glass", "owner": "ci"},
        runtime_env={"env_vars": {"GREETING": "hi", "LEVEL": "3"}},
    ),
    "exits-3": client.submit_job(
        entrypoint="python -c \"import sys; print('about to fail'); sys.exit(3)\"",
        submission_id=f"jg-exits-3-{tag}",
        metadata={"expect": "exit 3"},
    ),
    "stopped": client.submit_job(
        entrypoint="python -c \"import time; time.sleep(600)\"",
        submission_id=f"jg-stopped-{tag}",
    ),
    "ray-init": client.submit_job(
        # The venv's python: the one with ray installed.
        entrypoint=f"{sys.executable} -c \"import ray; ray.init(); print(ray.get(ray.remote(lambda: 7).remote()))\"",
        submission_id=f"jg-ray-init-{tag}",
        metadata={"uses": "ray.init"},
    ),
}

wait(submitted["stopped"], {JobStatus.RUNNING})
client.stop_job(submitted["stopped"])

# A DRIVER job: a script that connects to the cluster itself, outside the job API.
driver = subprocess.run(
    [sys.executable, "-c",
     "import ray; ray.init(address='auto'); print(ray.get_runtime_context().get_job_id()); ray.shutdown()"],
    capture_output=True, text=True, timeout=120, check=True,
)
driver_job_id = driver.stdout.strip().splitlines()[-1]

for submission_id in submitted.values():
    wait(submission_id, TERMINAL)


def details(d):
    return json.loads(d.model_dump_json())


truth = {}
listed = {(j.submission_id or j.job_id): details(j) for j in client.list_jobs()}
for name, submission_id in submitted.items():
    truth[name] = {"id": submission_id, "info": details(client.get_job_info(submission_id)), "listed": listed[submission_id]}
# The DRIVER job is found by its job id, in the list and directly.
truth["driver"] = {"id": driver_job_id, "info": details(client.get_job_info(driver_job_id)), "listed": listed[driver_job_id]}

for name, entry in truth.items():
    # What the dashboard sends, for the parser fixtures (curl-like: no browser headers).
    with urllib.request.urlopen(f"{address}/api/jobs/{entry['id']}") as res:
        entry["raw"] = json.loads(res.read())

with open(os.path.join(out, "truth.json"), "w") as f:
    json.dump(truth, f, indent=2)
print(f"recorded {len(truth)} jobs")
