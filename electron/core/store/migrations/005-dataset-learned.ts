/**
 * The researcher's mark on an imported task: learned in pre-training (1), not (0), or unmarked
 * (NULL, the findings then infer it from the base evaluation).
 */
export const sql = /* sql */ `
ALTER TABLE datasets ADD COLUMN learned INTEGER CHECK (learned IS NULL OR learned IN (0, 1));
`
