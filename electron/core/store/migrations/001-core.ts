/** Experiments, runs, checkpoints, evaluations, datasets and jobs. */
export const sql = /* sql */ `
CREATE TABLE experiments (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  schedule    TEXT CHECK (schedule IS NULL OR json_valid(schedule)),
  created_at  INTEGER NOT NULL
);

CREATE TABLE runs (
  id                   INTEGER PRIMARY KEY,
  experiment_id        INTEGER REFERENCES experiments(id) ON DELETE CASCADE,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('pretrain', 'finetune', 'continual', 'evaluate')),
  status               TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted')),
  config               TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  parent_checkpoint_id INTEGER REFERENCES checkpoints(id) ON DELETE SET NULL,
  backend              TEXT,
  seed                 INTEGER NOT NULL DEFAULT 0,
  tags                 TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  notes                TEXT NOT NULL DEFAULT '',
  created_at           INTEGER NOT NULL,
  started_at           INTEGER,
  finished_at          INTEGER,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX runs_experiment ON runs(experiment_id);
CREATE INDEX runs_parent ON runs(parent_checkpoint_id);

CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step       INTEGER NOT NULL CHECK (step >= 0),
  tokens     INTEGER NOT NULL CHECK (tokens >= 0),
  path       TEXT NOT NULL,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at INTEGER NOT NULL,
  UNIQUE (run_id, step)
);

CREATE TABLE evaluations (
  id            INTEGER PRIMARY KEY,
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
  task          TEXT NOT NULL,
  split         TEXT NOT NULL DEFAULT 'test',
  prompt_format TEXT NOT NULL CHECK (prompt_format IN ('default', 'instruct', 'input-only')),
  shots         INTEGER NOT NULL CHECK (shots >= 0),
  metric        TEXT NOT NULL,
  value         REAL NOT NULL,
  ci_low        REAL,
  ci_high       REAL,
  n             INTEGER NOT NULL CHECK (n >= 0),
  created_at    INTEGER NOT NULL,
  UNIQUE (checkpoint_id, task, split, prompt_format, shots, metric)
);

CREATE TABLE datasets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('corpus', 'task')),
  source     TEXT NOT NULL,
  path       TEXT NOT NULL,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  meta       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
  created_at INTEGER NOT NULL
);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
  status      TEXT NOT NULL DEFAULT 'queued'
              CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted')),
  depends_on  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(depends_on)),
  attempts    INTEGER NOT NULL DEFAULT 0,
  pid         INTEGER,
  error       TEXT CHECK (error IS NULL OR json_valid(error)),
  stderr_tail TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX jobs_status ON jobs(status);
`
