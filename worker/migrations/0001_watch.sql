-- The watch round's memory (docs/notifications.md): each job's last state as the round saw it,
-- and one row per announcement claimed, so that no (rule, cluster, job, state) is posted twice.

-- One row per job the round has seen. `raw` is the upstream's own JSON of the job, so a job the
-- cluster has forgotten (`gone_at` set) can still be shown as it was last seen.
CREATE TABLE jobs (
  cluster TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  name TEXT,
  start_time INTEGER,
  end_time INTEGER,
  error_type TEXT,
  raw TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  changed_at INTEGER NOT NULL,
  gone_at INTEGER,
  -- Ray's driver log: its length in bytes and when it last grew (HUNG).
  log_bytes INTEGER,
  log_grew_at INTEGER,
  PRIMARY KEY (cluster, id)
) WITHOUT ROWID;

CREATE INDEX jobs_gone ON jobs (gone_at) WHERE gone_at IS NOT NULL;

-- Claimed before the POST: the primary key is the "exactly once".
CREATE TABLE deliveries (
  rule TEXT NOT NULL,
  cluster TEXT NOT NULL,
  id TEXT NOT NULL,
  state TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  outcome TEXT,
  PRIMARY KEY (rule, cluster, id, state)
) WITHOUT ROWID;
