/** What the report says about where the study ran: the app, the platform, each backend its runs used. */
import type { RunSummary, SystemInfo } from '../../../shared'

export function environmentOf(system: SystemInfo | undefined, runs: RunSummary[]): [string, string][] {
  const rows: [string, string][] = []
  if (system) rows.push(['Continuum', system.appVersion], ['platform', system.platform], ['database schema', String(system.schemaVersion)], ['transport', system.transport])
  const backends = new Map<string, number>()
  const runtimes = new Map<string, number>()
  const count = (m: Map<string, number>, label: string) => m.set(label, (m.get(label) ?? 0) + 1)
  for (const r of runs) {
    if (!r.backend) continue
    const d = r.backendDetail
    count(backends, d ? `${r.backend} (SIMD ${d.simd === null ? 'n/a' : d.simd ? 'on' : 'off'}, ${d.threads} thread${d.threads === 1 ? '' : 's'})` : r.backend)
    count(runtimes, d?.runtime ? `Node ${d.runtime.node}, TF.js ${d.runtime.tfjs}` : 'not recorded (run started by an older version)')
  }
  const plural = (n: number) => `${n} run${n === 1 ? '' : 's'}`
  for (const [label, n] of backends) rows.push(['backend', `${label}: ${plural(n)}`])
  for (const [label, n] of runtimes) rows.push(['runtime', `${label}: ${plural(n)}`])
  if (backends.size === 0) rows.push(['backend', 'not recorded (no run of this experiment has started)'])
  rows.push(['runs', String(runs.length)])
  return rows
}
