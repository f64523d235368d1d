/**
 * How many of an evaluation's prompts were longer than the model's context and lost their
 * beginning before scoring (the classifiers' and the generator's `truncated`). The built-in
 * study's model reads 96 tokens and its instruct NLI prompts are 147–200 bytes, so every one
 * of them is cut: a score that must say so. NULL: not counted — rows written before this
 * version, majority baselines and held-out corpus losses, which score no prompts.
 */
export const sql = /* sql */ `
ALTER TABLE evaluations ADD COLUMN truncated INTEGER CHECK (truncated IS NULL OR (truncated >= 0 AND truncated <= n));
`
