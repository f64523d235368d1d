/**
 * Every file in tests/fixtures/bad-datasets/ is refused with a message that names the file and
 * (where there is one) the line, and nothing is imported: no row, no folder, no staging debris.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { importCorpus, importTask } from '../../electron/core/datasets'
import { AppError } from '../../electron/core/errors'
import { Store } from '../../electron/core/store'
import { tempDir } from '../helpers/temp'

const FIXTURES = resolve(__dirname, '../fixtures/bad-datasets')
const tmp = tempDir()
const store = Store.open(':memory:')
afterAll(() => {
  store.close()
  tmp.cleanup()
})

type Importer = 'corpus' | 'task'
const CASES: [file: string, importer: Importer, message: RegExp][] = [
  ['malformed-json.jsonl', 'task', /malformed-json\.jsonl, line 3: not valid JSON/],
  ['utf16-bom.jsonl', 'task', /utf16-bom\.jsonl is UTF-16 .*save it as UTF-8/],
  ['utf16-bom.jsonl', 'corpus', /utf16-bom\.jsonl is UTF-16/],
  ['latin1.txt', 'corpus', /latin1\.txt, line 2: not valid UTF-8/],
  ['empty.jsonl', 'task', /empty\.jsonl is empty/],
  ['blank.txt', 'corpus', /blank\.txt has only blank space/],
  ['nul-byte.csv', 'task', /nul-byte\.csv, line 3: contains a NUL byte/],
  ['wrong-type.jsonl', 'task', /wrong-type\.jsonl, line 4: "label" must be a string, got a boolean/],
  ['missing-field.jsonl', 'task', /missing-field\.jsonl, line 2: "completion" is missing/],
  ['duplicate-id.jsonl', 'task', /duplicate-id\.jsonl, line 3: duplicate id "a1" \(first used on line 1\)/],
  ['some-ids.jsonl', 'task', /some-ids\.jsonl, line 2: has no "id" but line 1 has one/],
  ['mixed-kinds.jsonl', 'task', /mixed-kinds\.jsonl, line 2: "prompt" is missing/],
  ['not-object.jsonl', 'task', /not-object\.jsonl, line 2: expected a JSON object, got an array/],
  ['unknown-fields.jsonl', 'task', /unknown-fields\.jsonl, line 1: expected fields "prompt" and "completion" .* found "question", "answer"/],
  ['one-label.jsonl', 'task', /one-label\.jsonl: every record has the label "yes"; a classification task needs at least two labels/],
  ['empty-text.jsonl', 'task', /empty-text\.jsonl, line 2: "text" is empty/],
  ['missing-column.csv', 'task', /missing-column\.csv, header: has "text" but no "label"/],
  ['unclosed-quote.csv', 'task', /unclosed-quote\.csv, line 3: a quoted field opens here and is never closed/],
  ['stray-quote.csv', 'task', /stray-quote\.csv, line 3: a stray quote/],
  ['ragged.csv', 'task', /ragged\.csv, line 3: the record has a different number of fields from the header/],
  ['duplicate-column.csv', 'task', /duplicate-column\.csv, line 1: the header names the column "text" twice/],
  ['header-only.csv', 'task', /header-only\.csv has a header but no records/],
  ['corpus-missing-text.jsonl', 'corpus', /corpus-missing-text\.jsonl, line 2: "text" is missing/],
  ['corpus-wrong-type.jsonl', 'corpus', /corpus-wrong-type\.jsonl, line 2: "text" must be a string, got a number/],
]

const importers = {
  corpus: (name: string, file: string) => importCorpus(store, tmp.path, { name, file, format: file.endsWith('.jsonl') ? 'jsonl' : 'text' }),
  task: (name: string, file: string) => importTask(store, tmp.path, { name, file }),
}

function expectNothingImported(): void {
  expect(store.datasets.list()).toEqual([])
  const datasets = join(tmp.path, 'datasets')
  expect(existsSync(datasets) ? readdirSync(datasets) : []).toEqual([])
}

afterEach(expectNothingImported)

describe('bad dataset files', () => {
  it('the fixture folder holds exactly the files this table covers', () => {
    const covered = new Set(CASES.map(([file]) => file))
    expect(readdirSync(FIXTURES).filter((f) => !f.startsWith('.') && f !== 'README.md').sort()).toEqual([...covered].sort())
  })

  it.each(CASES)('%s (%s import) is refused naming the file and line', async (file, importer, message) => {
    const error = await importers[importer]('bad', join(FIXTURES, file)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('BAD_REQUEST')
    expect((error as AppError).message).toMatch(message)
  })

  it('refuses a line over 1 MB by its number', async () => {
    const file = join(tmp.path, 'huge.jsonl')
    const big = JSON.stringify({ text: 'x'.repeat(1_100_000), label: 'yes' })
    writeFileSync(file, `{"text": "a", "label": "no"}\n${big}\n`)
    await expect(importTask(store, tmp.path, { name: 'huge', file })).rejects.toThrow(/huge\.jsonl, line 2: the line is 1\.0 MB, over the 1 MB limit/)
  })

  it('refuses a missing file, an unknown extension and an unsafe name', async () => {
    await expect(importCorpus(store, tmp.path, { name: 'gone', file: join(tmp.path, 'nope.txt') })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(importTask(store, tmp.path, { name: 'xlsx', file: join(FIXTURES, 'latin1.txt') })).rejects.toThrow(/text is not a format for this import; use jsonl or csv or parquet/)
    await expect(importTask(store, tmp.path, { name: 'odd', file: join(tmp.path, 'data.xlsx') })).rejects.toThrow(/Cannot tell the format/)
    for (const name of ['../escape', '.hidden', 'a/b', '', 'x'.repeat(101)])
      await expect(importCorpus(store, tmp.path, { name, file: join(FIXTURES, 'blank.txt') })).rejects.toThrow(/cannot name a dataset/)
  })
})
