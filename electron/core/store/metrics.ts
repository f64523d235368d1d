import type { MetricPoint } from '../../../shared'
import type { Db } from './database'
import { BLOCK_LEVELS, blockWidth, type Aggregate } from './metric-blocks'

/** Points are written in multi-row statements of this many rows: far fewer calls into SQLite. */
const CHUNK = 64

export function metricsRepo(db: Db) {
  const seriesId = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM metric_series WHERE run_id = ? AND key = ?',
  )
  const insertSeries = db.prepare<[number, string]>('INSERT INTO metric_series (run_id, key) VALUES (?, ?)')
  const lastStep = db.prepare<[number], { step: number }>(
    'SELECT step FROM metrics WHERE series_id = ? ORDER BY step DESC LIMIT 1',
  )
  const upsertSql = (rows: number) =>
    `INSERT INTO metrics (series_id, step, tokens, wall_time, value) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (series_id, step) DO UPDATE SET tokens = excluded.tokens, wall_time = excluded.wall_time, value = excluded.value`
  const upsertChunk = db.prepare(upsertSql(CHUNK))
  const upsertOne = db.prepare(upsertSql(1))
  // Appending after the series' last step: blocks merge with what they already hold.
  const mergeBlock = db.prepare(
    `INSERT INTO metric_blocks (series_id, level, block, count, min, max, last_step, last_value, last_tokens, last_wall_time)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (series_id, level, block) DO UPDATE SET
       count = count + excluded.count, min = min(min, excluded.min), max = max(max, excluded.max),
       last_step = excluded.last_step, last_value = excluded.last_value,
       last_tokens = excluded.last_tokens, last_wall_time = excluded.last_wall_time`,
  )
  // Rewriting earlier steps (a resumed job): the touched blocks are rebuilt from the points.
  const rebuildBlock = db.prepare(
    `INSERT OR REPLACE INTO metric_blocks (series_id, level, block, count, min, max, last_step, last_value, last_tokens, last_wall_time)
     SELECT @series, @level, @block, a.count, a.min, a.max, l.step, l.value, l.tokens, l.wall_time
     FROM (SELECT count(*) AS count, min(value) AS min, max(value) AS max FROM metrics
           WHERE series_id = @series AND step BETWEEN @lo AND @hi) a,
          (SELECT step, value, tokens, wall_time FROM metrics
           WHERE series_id = @series AND step BETWEEN @lo AND @hi ORDER BY step DESC LIMIT 1) l`,
  )
  const keys = db.prepare<[number], { key: string }>('SELECT key FROM metric_series WHERE run_id = ? ORDER BY key')

  function seriesFor(runId: number, key: string): number {
    const row = seriesId.get(runId, key)
    if (row) return row.id
    return Number(insertSeries.run(runId, key).lastInsertRowid)
  }

  function writePoints(series: number, points: MetricPoint[]): void {
    let i = 0
    const args: number[] = []
    for (; i + CHUNK <= points.length; i += CHUNK) {
      args.length = 0
      for (let j = i; j < i + CHUNK; j++) {
        const p = points[j]!
        args.push(series, p.step, p.tokens, p.wallTime, p.value)
      }
      upsertChunk.run(args)
    }
    for (; i < points.length; i++) {
      const p = points[i]!
      upsertOne.run(series, p.step, p.tokens, p.wallTime, p.value)
    }
  }

  /** Points must be sorted by step, unique, and all after the series' previous last step. */
  function mergeBlocks(series: number, points: MetricPoint[]): void {
    for (const level of BLOCK_LEVELS) {
      const width = blockWidth(level)
      let block = -1
      let agg: Aggregate | undefined
      const flush = () => {
        if (agg)
          mergeBlock.run(series, level, block, agg.count, agg.min, agg.max, agg.lastStep, agg.last, agg.lastTokens, agg.lastWallTime)
      }
      for (const p of points) {
        const b = Math.floor(p.step / width)
        if (b !== block) {
          flush()
          block = b
          agg = { count: 0, min: p.value, max: p.value, lastStep: p.step, last: p.value, lastTokens: p.tokens, lastWallTime: p.wallTime }
        }
        agg!.count++
        if (p.value < agg!.min) agg!.min = p.value
        if (p.value > agg!.max) agg!.max = p.value
        agg!.lastStep = p.step
        agg!.last = p.value
        agg!.lastTokens = p.tokens
        agg!.lastWallTime = p.wallTime
      }
      flush()
    }
  }

  function rebuildBlocks(series: number, points: MetricPoint[]): void {
    for (const level of BLOCK_LEVELS) {
      const width = blockWidth(level)
      const blocks = new Set(points.map((p) => Math.floor(p.step / width)))
      for (const block of blocks)
        rebuildBlock.run({ series, level, block, lo: block * width, hi: (block + 1) * width - 1 })
    }
  }

  const append = db.transaction((runId: number, points: MetricPoint[]) => {
    const byKey = new Map<string, MetricPoint[]>()
    for (const p of points) {
      const list = byKey.get(p.key)
      if (list) list.push(p)
      else byKey.set(p.key, [p])
    }
    for (const [key, list] of byKey) {
      const series = seriesFor(runId, key)
      const previousLast = lastStep.get(series)?.step ?? -1
      // A batch may repeat a step; the later point wins, as in the upsert.
      const sorted = dedupeByStep(list)
      writePoints(series, sorted)
      if (sorted[0]!.step > previousLast) mergeBlocks(series, sorted)
      else rebuildBlocks(series, sorted)
    }
    return points.length
  })

  return {
    /** Inserts or replaces points, in one transaction. Returns how many points were given. */
    append(runId: number, points: MetricPoint[]): number {
      if (points.length === 0) return 0
      return append.immediate(runId, points)
    },
    keys(runId: number): string[] {
      return keys.all(runId).map((r) => r.key)
    },
  }
}

function dedupeByStep(points: MetricPoint[]): MetricPoint[] {
  let ordered = true
  for (let i = 1; i < points.length; i++) if (points[i]!.step <= points[i - 1]!.step) ordered = false
  if (ordered) return points
  const last = new Map<number, MetricPoint>()
  for (const p of points) last.set(p.step, p)
  return [...last.values()].sort((a, b) => a.step - b.step)
}
