"""Ray's own view of what is inside a job, through its state API client (`ray.util.state`):
the job's tasks (`list_tasks`), its actors (`list_actors`), the worker log files of the nodes
(`list_logs`) and which of them hold the lines given (`get_log`, the whole file). The ground
truth of tests/js/ray-inside.test.mjs.

Usage: inside_truth.py <dashboard url> <job id> <line to find>..."""

import json
import sys

from ray.util.state import get_log, list_actors, list_logs, list_tasks

address, job_id, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
job = [("job_id", "=", job_id)]
tasks = [t.__dict__ if hasattr(t, "__dict__") else dict(t)
         for t in list_tasks(address=address, filters=job, detail=True, limit=10000, raise_on_missing_output=False)]
actors = [a.__dict__ if hasattr(a, "__dict__") else dict(a)
          for a in list_actors(address=address, filters=job, detail=True, limit=10000, raise_on_missing_output=False)]
nodes = sorted({t["node_id"] for t in tasks if t.get("node_id")} | {a["node_id"] for a in actors if a.get("node_id")})
files, found = [], {}
for node in nodes:
    listed = list_logs(node_id=node, glob_filter="worker-*")
    for category in ("worker_out", "worker_err"):
        for name in listed.get(category, []):
            files.append({"node_id": node, "filename": name})
            text = "".join(get_log(node_id=node, filename=name, tail=-1))
            for n, line in enumerate(text.split("\n"), 1):
                for w in wanted:
                    if w in line:
                        found.setdefault(w, []).append({"node_id": node, "filename": name, "line": n, "text": line})


def plain(row):
    return {k: row.get(k) for k in ("task_id", "attempt_number", "name", "state", "type", "actor_id", "node_id",
                                    "worker_id", "worker_pid", "start_time_ms", "end_time_ms", "error_type",
                                    "error_message", "required_resources", "pid")}


print(json.dumps({"tasks": [plain(t) for t in tasks], "actors": [plain(a) for a in actors], "files": files,
                  "found": found}))
