/**
 * Each evaluation's per-example scores (a JSON array in the test set's order; NULL for a
 * baseline and for rows written before this version). Two evaluations of the same examples
 * then compare paired (shared/findings/estimate.ts): on 80 questions the interval of a
 * difference narrows from the independent ±0.13 to what the models' disagreements warrant.
 */
export const sql = /* sql */ `
ALTER TABLE evaluations ADD COLUMN items TEXT CHECK (items IS NULL OR json_valid(items));
`
