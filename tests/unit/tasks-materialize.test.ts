import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCorpus, readTaskFile } from '../../electron/core/jobs/data-files'
import { CORPUS_FILE, SUITE_MANIFEST, generateSuite, loadSuite, materializeSuite, renderTrainFile, trainFileOf } from '../../electron/core/tasks'
import { tempDir } from '../helpers/temp'

const suite = generateSuite({ seed: 11, scale: 'tiny' })
const tmp = tempDir()
afterAll(() => tmp.cleanup())
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('materializeSuite', () => {
  it('writes the corpus, training files and definitions with their hashes, ready for training jobs', async () => {
    const dir = join(tmp.path, 'suite')
    const manifest = await materializeSuite(suite, dir)
    expect(readdirSync(dir).sort()).toEqual([CORPUS_FILE, SUITE_MANIFEST, 'tasks', 'world.json'])
    expect(JSON.parse(readFileSync(join(dir, SUITE_MANIFEST), 'utf8'))).toEqual(manifest)
    expect(manifest).toMatchObject({ format: 'continuum-suite', seed: 11, scale: 'tiny', version: suite.version })
    expect(Object.keys(manifest.files)).toHaveLength(2 + 2 * suite.tasks.length)
    for (const [path, entry] of Object.entries(manifest.files)) {
      expect(sha(join(dir, path)), path).toBe(entry.sha256)
      expect(readFileSync(join(dir, path)).length).toBe(entry.bytes)
    }
    expect(await readCorpus(join(dir, CORPUS_FILE))).toBe(suite.corpus)
    for (const t of suite.tasks) {
      expect(readFileSync(join(dir, trainFileOf(t.id)), 'utf8')).toBe(renderTrainFile(t))
      expect(await readTaskFile(join(dir, trainFileOf(t.id)))).toHaveLength(t.splits.train.length)
    }
    const loaded = await loadSuite(dir)
    expect(loaded.tasks).toEqual(suite.tasks)
    expect(loaded.corpusPath).toBe(join(dir, CORPUS_FILE))
    // Staged in a hidden sibling that is gone once the folder is in place.
    expect(readdirSync(tmp.path).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('refuses to overwrite a folder unless asked, and then replaces it whole', async () => {
    const dir = join(tmp.path, 'again')
    await materializeSuite(suite, dir)
    await expect(materializeSuite(suite, dir)).rejects.toMatchObject({ code: 'CONFLICT' })
    const other = generateSuite({ seed: 12, scale: 'tiny' })
    const manifest = await materializeSuite(other, dir, { replace: true })
    expect(manifest.seed).toBe(12)
    expect(readFileSync(join(dir, CORPUS_FILE), 'utf8')).toBe(other.corpus)
    expect(readdirSync(tmp.path).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('leaves nothing behind when the folder cannot be written', async () => {
    const blocker = join(tmp.path, 'a-file')
    appendFileSync(blocker, 'x')
    await expect(materializeSuite(suite, join(blocker, 'suite'))).rejects.toMatchObject({ code: 'IO' })
    expect(existsSync(join(blocker, 'suite'))).toBe(false)
  })

  it('loadSuite notices a modified file', async () => {
    const dir = join(tmp.path, 'tampered')
    await materializeSuite(suite, dir)
    appendFileSync(join(dir, trainFileOf('nli')), '{"prompt": "x", "completion": " y"}\n')
    await expect(loadSuite(dir)).rejects.toThrow(/nli\.train\.jsonl does not match its hash/)
  })
})
