/**
 * Finer downsampling levels. Blocks were 16^L steps wide (16, 256, 4,096, 65,536), so a chart
 * asking for a bucket a little narrower than 256 steps read up to 16 rows per bucket. Levels
 * now mean 4^L steps: the old levels become 2, 4, 6 and 8, and levels 3, 5 and 7 (64, 1,024
 * and 16,384 steps) are built from the level below, so a query reads at most a few rows per
 * bucket. Renumbered coarsest first, so no new level number meets an old one.
 */
const renumber = [4, 3, 2, 1].map((old) => `UPDATE metric_blocks SET level = ${old * 2} WHERE level = ${old};`).join('\n')

/** Level `level` from the four blocks of level `level - 1` under each of its blocks, with the last point of the latest. */
const build = (level: number) => /* sql */ `
INSERT INTO metric_blocks (series_id, level, block, count, min, max, last_step, last_value, last_tokens, last_wall_time)
SELECT g.series_id, ${level}, g.block, g.count, g.min, g.max, b.last_step, b.last_value, b.last_tokens, b.last_wall_time
FROM (SELECT series_id, block / 4 AS block, sum(count) AS count, min(min) AS min, max(max) AS max, max(block) AS latest
      FROM metric_blocks WHERE level = ${level - 1} GROUP BY series_id, block / 4) g
JOIN metric_blocks b ON b.series_id = g.series_id AND b.level = ${level - 1} AND b.block = g.latest;`

export const sql = [renumber, build(3), build(5), build(7)].join('\n')
