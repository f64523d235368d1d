import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CORPUS_FILE, TASK_FILE, datasetDir, importCorpus, importTask } from '../../electron/core/datasets'
import { AppError } from '../../electron/core/errors'
import { readCorpus, readTaskFile } from '../../electron/core/jobs/data-files'
import { storeAndFolderPerTest } from '../helpers/store-folder'

const box = storeAndFolderPerTest()
const write = box.write
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const jsonl = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('importCorpus', () => {
  it('imports plain text: byte-order mark dropped, CRLF made LF, row pointing at the hashed file', async () => {
    const file = write('wiki.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café au lait.\r\nSecond line.')]))
    const { dataset, stats } = await importCorpus(box.store, box.dir, { name: 'wiki', file })
    const path = join(datasetDir(box.dir, 'wiki'), CORPUS_FILE)
    expect(await readCorpus(path)).toBe('Café au lait.\nSecond line.\n')
    expect(dataset).toMatchObject({ name: 'wiki', kind: 'corpus', source: file, path, bytes: readFileSync(path).length, sha256: sha(path) })
    expect(dataset.meta).toMatchObject({ format: 'text', records: 2, sourceSha256: sha(file) })
    expect(stats).toEqual({ format: 'text', lines: 2, bytes: dataset.bytes, sourceBytes: readFileSync(file).length, warnings: [] })
    expect(box.store.datasets.list()).toEqual([dataset])
  })

  it('imports JSONL documents separated by a blank line, skipping empty ones with a warning', async () => {
    const file = write('docs.jsonl', '{"text": "First doc.\\nTwo lines.", "url": "x"}\n\n{"text": ""}\n{"text": "Second doc."}\n')
    const { dataset, stats } = await importCorpus(box.store, box.dir, { name: 'docs', file })
    expect(readFileSync(dataset.path, 'utf8')).toBe('First doc.\nTwo lines.\n\nSecond doc.\n')
    expect(stats.lines).toBe(2)
    expect(stats.warnings).toEqual(['1 empty document was skipped.'])
  })
})

describe('importTask', () => {
  it('imports a JSONL generation task with ids, ignoring unknown fields', async () => {
    const file = write('sum.jsonl', '{"id": 7, "prompt": "2 + 2 =", "completion": " 4", "source": "x"}\n{"id": "b", "prompt": "", "completion": "start"}\n')
    const { dataset, stats } = await importTask(box.store, box.dir, { name: 'sum', file, testFraction: 0 })
    expect(dataset.path).toBe(join(datasetDir(box.dir, 'sum'), TASK_FILE))
    expect(jsonl(dataset.path)).toEqual([
      { id: '7', prompt: '2 + 2 =', completion: ' 4' },
      { id: 'b', prompt: '', completion: 'start' },
    ])
    expect(await readTaskFile(dataset.path)).toEqual([
      { prompt: '2 + 2 =', completion: ' 4' },
      { prompt: '', completion: 'start' },
    ])
    expect(stats).toMatchObject({ format: 'jsonl', lines: 2, labels: undefined, splits: { train: 2, test: 0, ood: 0 }, warnings: [expect.stringMatching(/fine-tuned on but not evaluated/)] })
    expect(dataset.meta).toMatchObject({ taskKind: 'generation', examples: 2 })
  })

  it('imports a CSV classification task: quoted commas and newlines, header case and blanks, unknown columns', async () => {
    const csv = ['Text , LABEL,notes', '"good, really",yes,x', '"two', 'lines",no,y', '', 'plain, no ,z', '"said ""hi"" once",maybe,w'].join('\r\n')
    const file = write('sent.csv', csv)
    const { dataset, stats } = await importTask(box.store, box.dir, { name: 'sent', file, testFraction: 0 })
    const lines = jsonl(dataset.path)
    expect(lines.map((l) => [l.id, l.text, l.label])).toEqual([
      ['1', 'good, really', 'yes'],
      ['2', 'two\nlines', 'no'],
      ['3', 'plain', 'no'],
      ['4', 'said "hi" once', 'maybe'],
    ])
    // Ready for fine-tuning: the default prompt format, the label as completion.
    expect(lines[0]).toMatchObject({ prompt: 'good, really\nAnswer:', completion: ' yes' })
    expect(await readTaskFile(dataset.path)).toHaveLength(4)
    expect(stats.labels).toEqual({ maybe: 1, no: 2, yes: 1 })
    expect(stats.lines).toBe(4)
    expect(dataset.meta).toMatchObject({
      format: 'csv',
      taskKind: 'classification',
      labels: ['maybe', 'no', 'yes'],
      template: { instruction: 'Answer with one of: maybe, no, yes.', cue: 'Answer:' },
    })
  })

  it('reports the line where a multi-line CSV record starts', async () => {
    const file = write('bad.csv', 'text,label\n"two\nlines",yes\n"three\nmore\nlines",\n')
    await expect(importTask(box.store, box.dir, { name: 'bad', file })).rejects.toThrow(/bad\.csv, line 4: "label" is empty/)
  })

  it('uses the given cue and instruction, and warns when labels share a first byte', async () => {
    const file = write('nli.jsonl', ['neutral', 'negative', 'positive'].map((label, i) => JSON.stringify({ text: `t${i}`, label })).join('\n'))
    const { dataset, stats } = await importTask(box.store, box.dir, { name: 'nli', file, cue: 'Label:', instruction: 'Classify.', testFraction: 0.3 })
    expect(jsonl(dataset.path)[0]).toMatchObject({ completion: expect.stringMatching(/^ (neutral|negative|positive)$/), prompt: expect.stringMatching(/^t\d\nLabel:$/) })
    expect(dataset.meta).toMatchObject({ template: { instruction: 'Classify.', cue: 'Label:' } })
    expect(stats.warnings).toEqual([expect.stringMatching(/"negative", "neutral" start with the same byte/)])
  })
})

describe('nothing is half-imported', () => {
  const good = () => write('ok.jsonl', '{"text": "a", "label": "yes"}\n{"text": "b", "label": "no"}\n')

  it('a duplicate name is a CONFLICT and the first dataset is untouched', async () => {
    const first = await importTask(box.store, box.dir, { name: 'same', file: good() })
    const before = readFileSync(first.dataset.path)
    await expect(importCorpus(box.store, box.dir, { name: 'same', file: write('c.txt', 'text') })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(box.store.datasets.list()).toEqual([first.dataset])
    expect(readFileSync(first.dataset.path)).toEqual(before)
  })

  it('a row insert that fails after the folder was written removes the folder', async () => {
    const create = box.store.datasets.create
    let called = 0
    box.store.datasets.create = () => {
      called++
      // The folder is complete and in place at this point ...
      expect(existsSync(join(datasetDir(box.dir, 'late'), TASK_FILE))).toBe(true)
      throw new AppError('CONFLICT', 'A dataset named "late" already exists')
    }
    try {
      await expect(importTask(box.store, box.dir, { name: 'late', file: good() })).rejects.toMatchObject({ code: 'CONFLICT' })
    } finally {
      box.store.datasets.create = create
    }
    // ... and gone after the failure, with no staging folder left either.
    expect(called).toBe(1)
    expect(box.store.datasets.list()).toEqual([])
    expect(readdirSync(join(box.dir, 'datasets'))).toEqual([])
    // The name is free again.
    await expect(importTask(box.store, box.dir, { name: 'late', file: good() })).resolves.toMatchObject({ dataset: { name: 'late' } })
  })

  it('refuses a leftover folder that no row claims instead of overwriting it', async () => {
    const dir = datasetDir(box.dir, 'orphan')
    await importTask(box.store, box.dir, { name: 'orphan', file: good() })
    box.store.db.prepare('DELETE FROM datasets').run()
    await expect(importTask(box.store, box.dir, { name: 'orphan', file: good() })).rejects.toThrow(/already exists but no dataset row uses it/)
    expect(existsSync(join(dir, TASK_FILE))).toBe(true)
  })
})
