/**
 * Metric series. A series is one (run, key) pair; points are keyed by (series, step), which is
 * the (run, key, step) primary key with the key stored once, so a resumed job that rewrites a
 * step replaces the point instead of duplicating it.
 *
 * metric_blocks holds min / max / count / last for aligned step blocks at several levels
 * (block width 16^level). Charts read them so a 1,000-bucket query over a million points
 * touches a few thousand rows, and every bucket still carries its true min and max.
 */
export const sql = /* sql */ `
CREATE TABLE metric_series (
  id     INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  UNIQUE (run_id, key)
);

CREATE TABLE metrics (
  series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
  step      INTEGER NOT NULL CHECK (step >= 0),
  tokens    INTEGER NOT NULL CHECK (tokens >= 0),
  wall_time INTEGER NOT NULL,
  value     REAL NOT NULL,
  PRIMARY KEY (series_id, step)
) WITHOUT ROWID;

CREATE TABLE metric_blocks (
  series_id  INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
  level      INTEGER NOT NULL CHECK (level >= 1),
  block      INTEGER NOT NULL CHECK (block >= 0),
  count      INTEGER NOT NULL,
  min        REAL NOT NULL,
  max        REAL NOT NULL,
  last_step  INTEGER NOT NULL,
  last_value REAL NOT NULL,
  last_tokens INTEGER NOT NULL,
  last_wall_time INTEGER NOT NULL,
  PRIMARY KEY (series_id, level, block)
) WITHOUT ROWID;
`
