/** The CLI's findings printout carries a finding's notes (prompts cut to the context) under its sentence. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { printFindings } from '../../electron/cli/report'
import { computeFindings } from '../../shared/findings'
import { STUDY_TASKS, rowsOf, studyCells, type Cell } from '../helpers/study-cells'

afterEach(() => vi.restoreAllMocks())

describe('the CLI findings printout', () => {
  it('prints the format-sensitivity note on cut instruct prompts, and no note where none were cut', () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    const cut = studyCells().map((c): Cell => (c.role === 'ft' && c.format === 'instruct' ? { ...c, truncated: 200 } : c))
    printFindings(computeFindings(rowsOf(cut), STUDY_TASKS))
    const at = lines.findIndex((l) => l.startsWith('\n6. Prompt-format sensitivity'))
    expect(lines[at]).toBe('\n6. Prompt-format sensitivity shrinks with pre-training: holds')
    expect(lines[at + 2]).toBe('   Note: instruct: 100% of nli prompts (800 of 800) were cut to the 96-token context, losing their beginning.')
    expect(lines.filter((l) => l.includes('Note:'))).toHaveLength(1)
    lines.length = 0
    printFindings(computeFindings(rowsOf(studyCells()), STUDY_TASKS))
    expect(lines.filter((l) => l.includes('Note:'))).toEqual([])
  })
})
