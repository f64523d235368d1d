/** Why a checkpoint was saved (planned by the run, or by a pause to resume from) and whether a user keeps it. */
export const sql = /* sql */ `
ALTER TABLE checkpoints ADD COLUMN kind TEXT NOT NULL DEFAULT 'planned' CHECK (kind IN ('planned', 'pause'));
ALTER TABLE checkpoints ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
`
