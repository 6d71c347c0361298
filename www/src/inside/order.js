// The Tasks tab's data, without the DOM: the order tasks are listed in (failures first), the
// chips' order, and which log file each task's link opens. Pure functions.

/** Ray's task states, in the chips' order: failures first, then what is still going on. */
export const STATE_ORDER = ['FAILED', 'RUNNING', 'RUNNING_IN_RAY_GET', 'RUNNING_IN_RAY_WAIT', 'PENDING_NODE_ASSIGNMENT',
  'PENDING_ARGS_AVAIL', 'PENDING_OBJ_STORE_MEM_AVAIL', 'PENDING_ARGS_FETCH', 'SUBMITTED_TO_WORKER', 'PENDING_ACTOR_TASK_ARGS_FETCH',
  'PENDING_ACTOR_TASK_ORDERING_OR_CONCURRENCY', 'NIL', 'FINISHED'];
const rank = (state) => { const i = STATE_ORDER.indexOf(state); return i < 0 ? STATE_ORDER.length - 1 : i; };

/** The summary's states in the chips' order: `[[state, count]]`. */
export const chips = (summary) => Object.entries(summary).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));

/** The tasks of `states` (all when empty), failures first, then by state, then by start. */
export function orderTasks(tasks, states) {
  const kept = states.size ? tasks.filter((t) => states.has(t.state ?? 'UNKNOWN')) : tasks.slice();
  return kept.sort((a, b) => rank(a.state) - rank(b.state) || (a.startTime ?? Infinity) - (b.startTime ?? Infinity)
    || a.taskId.localeCompare(b.taskId));
}

/**
 * Each task's log file: `taskId` → the name of its worker's `.out` (else `.err`) among `files`
 * (listJobLogFiles), found by the task ids a file lists or, for an actor's tasks, its actor id.
 */
export function fileOfTask(tasks, files) {
  const rankFile = (f) => (f.name.endsWith('.out') ? 0 : 1);
  const byTask = new Map();
  const byActor = new Map();
  for (const f of files.filter((x) => x.kind !== 'driver').sort((a, b) => rankFile(a) - rankFile(b))) {
    for (const id of f.taskIds) if (!byTask.has(id)) byTask.set(id, f.name);
    if (f.actorId && !byActor.has(f.actorId)) byActor.set(f.actorId, f.name);
  }
  const out = new Map();
  for (const t of tasks) {
    const name = byTask.get(t.taskId) ?? (t.actorId ? byActor.get(t.actorId) : undefined);
    if (name) out.set(t.taskId, name);
  }
  return out;
}

/** The line of a task's error its row shows: the last (a Python traceback ends with the exception). */
export const errorLine = (text) => (text ?? "").split("\n").filter((l) => l.trim()).pop() ?? "";
