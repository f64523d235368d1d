/**
 * Where a job runs (issue 15). A cluster job is a batch job, not a process of this machine: the
 * store keeps the executor, the cluster's id for the job (Slurm's job id), the job's folder on
 * the shared file system, and the last event-log line applied. That seq is written in the same
 * transaction as what the line says, so a re-read after a restart or a crash mid-ingest applies
 * each line exactly once. Existing jobs ran locally.
 */
export const sql = /* sql */ `
ALTER TABLE jobs ADD COLUMN executor TEXT NOT NULL DEFAULT 'local' CHECK (executor IN ('local', 'slurm'));
ALTER TABLE jobs ADD COLUMN external_id TEXT;
ALTER TABLE jobs ADD COLUMN job_dir TEXT;
ALTER TABLE jobs ADD COLUMN ingested_seq INTEGER NOT NULL DEFAULT 0 CHECK (ingested_seq >= 0);
`
