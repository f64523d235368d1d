/** The exported study report carries a finding's notes (prompts cut to the context) under its figure, escaped like its sentence. */
import { describe, expect, it } from 'vitest'
import { reportHtml } from '../../renderer/src/study/report-html'
import { computeFindings } from '../../shared/findings'
import { STUDY_TASKS, rowsOf, studyCells, type Cell } from '../helpers/study-cells'

const report = (cells: Cell[]) =>
  reportHtml({ experiment: { id: 1, name: 'study', description: '', schedule: null }, findings: computeFindings(rowsOf(cells), STUDY_TASKS), environment: [], generatedAt: '2026-12-02T15:00:00.000Z' })

describe('the study report', () => {
  it('notes the instruct prompts cut to the 96-token context under finding 6, and nothing where none were cut', () => {
    const html = report(studyCells().map((c): Cell => (c.role === 'ft' && c.format === 'instruct' ? { ...c, truncated: 200 } : c)))
    const six = html.slice(html.indexOf('<section id="finding-6">'), html.indexOf('<section id="finding-7">'))
    expect(six.match(/<p class="note">[^<]*<\/p>/g)).toEqual(['<p class="note">Note: instruct: 100% of nli prompts (800 of 800) were cut to the 96-token context, losing their beginning.</p>'])
    expect(six.indexOf('<p class="note">')).toBeGreaterThan(six.indexOf('</figure>'))
    expect(report(studyCells())).not.toContain('<p class="note">')
  })
})
