/**
 * The study as one self-contained HTML file that opens offline: every finding's sentence and
 * verdict, its figure as inline SVG, its numbers as a table, then the experiment's schedule and
 * the environment it ran in. No script, no external resource.
 */
import { type Finding, num } from '../../../shared/findings'
import { figureSvg } from './figure-export'

export interface ReportInput {
  experiment: { id: number; name: string; description: string; schedule: unknown }
  findings: Finding[]
  environment: [string, string][]
  generatedAt: string
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const VERDICT: Record<Finding['verdict'], string> = { holds: 'holds', 'does-not-hold': 'does not hold', 'cannot-judge': 'cannot be judged' }

function numbersTable(f: Finding): string {
  if (f.numbers.length === 0) return '<p class="dim">No numbers: nothing to compute from.</p>'
  const rows = f.numbers
    .map((n) => `<tr><td>${escapeHtml(n.label)}</td><td class="n">${num(n.estimate.value)}</td><td class="n">${num(n.estimate.low)}</td><td class="n">${num(n.estimate.high)}</td><td class="n">${n.estimate.seeds}</td></tr>`)
    .join('\n')
  return `<table><thead><tr><th>quantity</th><th>value</th><th>95% low</th><th>95% high</th><th>seeds</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
}

export function reportHtml(r: ReportInput): string {
  const sections = r.findings
    .map((f) => {
      const svg = f.verdict === 'cannot-judge' && f.numbers.length === 0 ? null : figureSvg(f, 'light')
      return `<section id="finding-${f.number}">
<h2>${f.number}. ${escapeHtml(f.title)} <span class="verdict ${f.verdict}">${VERDICT[f.verdict]}</span></h2>
<p class="statement">${escapeHtml(f.statement)}</p>
${f.reason && !f.statement.startsWith('Not shown') ? `<p class="reason">Why: ${escapeHtml(f.reason)}.</p>` : ''}
${svg ? `<figure>${svg}</figure>` : ''}
${(f.notes ?? []).map((n) => `<p class="note">Note: ${escapeHtml(n)}.</p>`).join('\n')}
${numbersTable(f)}
</section>`
    })
    .join('\n')
  const env = r.environment.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n')
  const schedule = r.experiment.schedule === null ? '<p class="dim">This experiment has no schedule (its runs were made one by one).</p>' : `<pre>${escapeHtml(JSON.stringify(r.experiment.schedule, null, 2))}</pre>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Study report: ${r.experiment.name}`)}</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212529; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; }
.dim, .reason { color: #868e96; } .statement { font-weight: 500; } .note { color: #d9480f; font-size: .9rem; }
.verdict { font-size: .8rem; padding: 2px 8px; border-radius: 10px; vertical-align: middle; }
.holds { background: #d3f9d8; color: #2b8a3e; } .does-not-hold { background: #ffe3e3; color: #c92a2a; } .cannot-judge { background: #f1f3f5; color: #495057; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; } td, th { border-bottom: 1px solid #dee2e6; padding: 3px 10px; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f8f9fa; padding: 1rem; overflow: auto; font-size: .8rem; }
</style>
</head>
<body>
<h1>${escapeHtml(r.experiment.name)}</h1>
<p class="dim">Experiment #${r.experiment.id} · report generated ${escapeHtml(r.generatedAt)} · 95% intervals in brackets; two scores of the same examples are compared paired (a bootstrap of the per-example differences), others by interval separation.</p>
${r.experiment.description ? `<p>${escapeHtml(r.experiment.description)}</p>` : ''}
<h2>Findings</h2>
<ol>${r.findings.map((f) => `<li><a href="#finding-${f.number}">${escapeHtml(f.title)}</a>: ${VERDICT[f.verdict]}</li>`).join('')}</ol>
${sections}
<section id="schedule"><h2>Schedule</h2>${schedule}</section>
<section id="environment"><h2>Environment</h2><table><tbody>${env}</tbody></table></section>
</body>
</html>
`
}
