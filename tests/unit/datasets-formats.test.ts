/**
 * Parquet, column mapping and splits: what the import writes (the training split as task.jsonl,
 * every split in task.json), and the malformed files of each new kind refused by line or row
 * with nothing written.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { describe, expect, it } from 'vitest'
import { TaskDefinition } from '../../shared/schemas/task'
import { importCorpus, importTask, taskDefinitionPath } from '../../electron/core/datasets'
import { readTaskFile } from '../../electron/core/jobs/data-files'
import { storeAndFolderPerTest } from '../helpers/store-folder'

const box = storeAndFolderPerTest()
const write = box.write
const parquet = (name: string, columns: Record<string, (string | number | null)[]>) =>
  write(name, new Uint8Array(parquetWriteBuffer({ columnData: Object.entries(columns).map(([n, data]) => ({ name: n, data })) })))
const definition = (datasetPath: string) => TaskDefinition.parse(JSON.parse(readFileSync(taskDefinitionPath(datasetPath), 'utf8')))

function expectNothingWritten() {
  expect(box.store.datasets.list()).toEqual([])
  const dir = join(box.dir, 'datasets')
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
}

describe('Parquet', () => {
  it('imports a classification task with a split column using Hugging Face names (validation → test)', async () => {
    const n = 12
    const file = parquet('train-00000-of-00001.parquet', {
      sentence: Array.from({ length: n }, (_, i) => `sentence ${i}`),
      label: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'pos' : 'neg')),
      split: Array.from({ length: n }, (_, i) => (i < 8 ? 'train' : i < 10 ? 'validation' : 'ood')),
    })
    const { dataset, stats } = await importTask(box.store, box.dir, { name: 'sst', file, columns: { text: 'sentence' }, learned: true })
    expect(stats).toMatchObject({ format: 'parquet', lines: 12, splits: { train: 8, test: 2, ood: 2 }, labels: { neg: 8, pos: 4 } })
    expect(dataset.learned).toBe(true)
    expect(await readTaskFile(dataset.path)).toHaveLength(8)
    const def = definition(dataset.path)
    expect(def).toMatchObject({ id: 'sst', kind: 'classification', labels: ['neg', 'pos'], metric: 'accuracy' })
    expect(def.splits.test).toEqual([
      { input: 'sentence 8', label: 'neg' },
      { input: 'sentence 9', label: 'pos' },
    ])
    expect(dataset.meta).toMatchObject({ splitBy: 'column', columns: { text: 'sentence' } })
  })

  it('imports a corpus from a chosen column', async () => {
    const file = parquet('wiki.parquet', { body: ['First.', '', 'Second.'], id: [1, 2, 3] })
    const { dataset, stats } = await importCorpus(box.store, box.dir, { name: 'wiki', file, textColumn: 'body' })
    expect(readFileSync(dataset.path, 'utf8')).toBe('First.\n\nSecond.\n')
    expect(stats).toMatchObject({ format: 'parquet', lines: 2, warnings: ['1 empty document was skipped.'] })
  })

  it('refuses a truncated file, saying the download may be incomplete', async () => {
    const whole = readFileSync(parquet('whole.parquet', { text: ['a', 'b'], label: ['x', 'y'] }))
    const file = write('cut.parquet', whole.subarray(0, whole.length - 20))
    await expect(importTask(box.store, box.dir, { name: 'cut', file })).rejects.toThrow(/cut\.parquet: not a readable Parquet file .*is the download complete\?/)
    expectNothingWritten()
  })

  it('refuses wrong columns by name, and a null cell by its row', async () => {
    const wrong = parquet('wrong.parquet', { question: ['a', 'b'], answer: ['x', 'y'] })
    await expect(importTask(box.store, box.dir, { name: 'w', file: wrong })).rejects.toThrow(/wrong\.parquet, header: expected fields "prompt" and "completion" .*found "question", "answer"/)
    await expect(importTask(box.store, box.dir, { name: 'w', file: wrong, columns: { prompt: 'question', completion: 'reply' } })).rejects.toThrow(
      /wrong\.parquet: there is no column "reply" \(chosen as the completion column\); the columns are "question", "answer"/,
    )
    const holes = parquet('holes.parquet', { question: ['a', 'b', 'c'], answer: ['x', null, 'z'] })
    await expect(importTask(box.store, box.dir, { name: 'h', file: holes, columns: { prompt: 'question', completion: 'answer' } })).rejects.toThrow(/holes\.parquet, row 2: "answer" must be a string, got null/)
    expectNothingWritten()
  })
})

describe('CSV and JSONL with mapping and splits', () => {
  it('refuses a CSV without the mapped column, and a split column with an unknown value by its line', async () => {
    const csv = write('t.csv', 'review,stars,part\ngood,5,train\nbad,1,train\nok,3,holdout\n')
    await expect(importTask(box.store, box.dir, { name: 't', file: csv, columns: { text: 'review', label: 'rating' } })).rejects.toThrow(/t\.csv: there is no column "rating"/)
    await expect(importTask(box.store, box.dir, { name: 't', file: csv, columns: { text: 'review', label: 'stars', split: 'part' } })).rejects.toThrow(
      /t\.csv, line 4: the "part" column says "holdout", which is not a split; use train, test or ood/,
    )
    expectNothingWritten()
  })

  it('without a split column: a seeded split in the fractions asked for, the same for the same seed', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ prompt: `Q: where does p${i} live?\nA:`, completion: ` city${i % 5}` }))
    const file = write('where.jsonl', rows.join('\n'))
    const a = await importTask(box.store, box.dir, { name: 'a', file, testFraction: 0.2, oodFraction: 0.1, splitSeed: 3 })
    const b = await importTask(box.store, box.dir, { name: 'b', file, testFraction: 0.2, oodFraction: 0.1, splitSeed: 3 })
    const c = await importTask(box.store, box.dir, { name: 'c', file, testFraction: 0.2, oodFraction: 0.1, splitSeed: 4 })
    expect(a.stats.splits).toEqual({ train: 35, test: 10, ood: 5 })
    expect(a.dataset.meta).toMatchObject({ splitBy: 'seeded', seededSplit: { testFraction: 0.2, oodFraction: 0.1, seed: 3 } })
    const da = definition(a.dataset.path)
    expect(definition(b.dataset.path).splits).toEqual(da.splits)
    expect(definition(c.dataset.path).splits.test).not.toEqual(da.splits.test)
    // Generation: the prompt verbatim, the cue found in it, a decoding budget from the targets.
    expect(da).toMatchObject({ kind: 'generation', metric: 'rouge-l', template: { cue: 'A:', verbatim: true }, maxNewTokens: 14 })
    expect(readFileSync(a.dataset.path, 'utf8').trim().split('\n')).toHaveLength(35)
    await expect(importTask(box.store, box.dir, { name: 'd', file, testFraction: 0.9, oodFraction: 0.1 })).rejects.toThrow(/cannot be split into 45 test and 5 out-of-domain examples/)
  })

  it('takes separate files per split', async () => {
    const train = write('train.csv', 'text,label\na,yes\nb,no\nc,yes\n')
    const test = write('test.csv', 'text,label\nd,no\n')
    const { stats, dataset } = await importTask(box.store, box.dir, { name: 'files', file: train, testFile: test })
    expect(stats.splits).toEqual({ train: 3, test: 1, ood: 0 })
    expect(definition(dataset.path).splits.test).toEqual([{ input: 'd', label: 'no' }])
    const gen = write('gen.jsonl', '{"prompt": "x", "completion": "y"}\n')
    await expect(importTask(box.store, box.dir, { name: 'mixed', file: train, testFile: gen, format: undefined })).rejects.toThrow(/gen\.jsonl, line 1: a generation record, but the task's other file holds classification records/)
  })
})
