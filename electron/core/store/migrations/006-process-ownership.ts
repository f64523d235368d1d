/**
 * Process ownership of the data folder. `jobs.pid_start` pins a worker's pid to its kernel
 * start time so recovery can tell a live orphan from a reused pid. `control_requests` carries
 * pause / resume / cancel / "new jobs queued" from reader processes to the folder's owner,
 * which polls it; `outcome` and `error` are the owner's answer.
 */
export const sql = /* sql */ `
ALTER TABLE jobs ADD COLUMN pid_start TEXT;

CREATE TABLE control_requests (
  id          INTEGER PRIMARY KEY,
  action      TEXT NOT NULL CHECK (action IN ('pause', 'resume', 'cancel', 'wake')),
  run_id      INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  from_pid    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  handled_at  INTEGER,
  error       TEXT CHECK (error IS NULL OR json_valid(error)),
  CHECK ((action = 'wake') = (run_id IS NULL))
);
CREATE INDEX control_requests_pending ON control_requests(handled_at) WHERE handled_at IS NULL;
`
