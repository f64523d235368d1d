/**
 * A cluster job's folder (issue 15): the batch script carries the profile's resources and
 * exec's the node command on the cluster entry; staging copies every input into the folder,
 * rewrites the spec's paths to the copies, and keeps the way back in local.json.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ClusterProfile } from '../../shared'
import { batchScript, shellQuote } from '../../electron/core/cluster/batch-script'
import { dataDirHash, jobFolder, readLocalPaths, stageJob, SPEC_FILE } from '../../electron/core/cluster/staging'
import { ToWorker } from '../../electron/core/jobs/protocol'
import type { StartMessage } from '../../electron/core/runner/runner'
import { tempDir } from '../helpers/temp'

let dir: { path: string; cleanup(): void }
beforeEach(() => (dir = tempDir()))
afterEach(() => dir.cleanup())

describe('the batch script', () => {
  it('asks for the profile\'s resources, pauses 120 s before the limit and exec\'s the node command', () => {
    const profile = ClusterProfile.parse({ clusterDir: '/shared', partition: 'gpu', account: 'lab-1', timeLimit: '2:00:00', cpusPerJob: 8, gpusPerJob: 1, extraSbatch: ['--qos=short'], nodeCommand: ['/opt/Continuum/continuum', '--no-warnings'] })
    const script = batchScript(profile, '/shared/continuum/abc/job-3-1', 'continuum-3-1', { file: "/opt/it's/cluster.js", execArgv: [] })
    const lines = script.split('\n')
    expect(lines[0]).toBe('#!/bin/sh')
    expect(lines.filter((l) => l.startsWith('#SBATCH '))).toEqual([
      '#SBATCH --job-name=continuum-3-1',
      '#SBATCH --output=/shared/continuum/abc/job-3-1/slurm.out',
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab-1',
      '#SBATCH --time=2:00:00',
      '#SBATCH --nodes=1',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=8',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --signal=B:USR1@120',
      '#SBATCH --qos=short',
    ])
    expect(lines).toContain('export ELECTRON_RUN_AS_NODE=1')
    expect(lines.find((l) => l.startsWith('exec '))).toMatch(/^exec '\/opt\/Continuum\/continuum' '--no-warnings' .*'\/opt\/it'\\''s\/cluster\.js' '\/shared\/continuum\/abc\/job-3-1\/spec\.json'$/)
  })

  it('leaves out what the profile does not set', () => {
    const script = batchScript(ClusterProfile.parse({ clusterDir: '/shared' }), '/j', 'n', { file: '/c.js', execArgv: [] })
    expect(script).not.toMatch(/--partition|--account|--gres/)
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`)
  })
})

describe('staging a job', () => {
  it('copies every input once, rewrites the spec to the copies and maps them back', () => {
    const src = join(dir.path, 'data')
    mkdirSync(join(src, 'parent'), { recursive: true })
    writeFileSync(join(src, 'corpus.txt'), 'the corpus')
    writeFileSync(join(src, 'task.jsonl'), '{"prompt":"a","completion":"b"}\n')
    writeFileSync(join(src, 'parent', 'manifest.json'), '{}')
    const parsed = ToWorker.parse({
      type: 'start',
      resumeFrom: null,
      spec: {
        kind: 'train', runId: 2, phase: 'finetune',
        model: { layers: 1, heads: 2, width: 16, context: 16, vocab: 257, dropout: 0 },
        tokenizer: { kind: 'byte' },
        init: { from: 'checkpoint', path: join(src, 'parent') },
        data: { corpus: join(src, 'corpus.txt'), task: join(src, 'task.jsonl'), replay: 0.25, heldOut: [{ name: 'suite', path: join(src, 'corpus.txt') }] },
        steps: 5, batch: 2, lr: { kind: 'constant', lr: 0.001 }, seed: 1,
        checkpointDir: join(src, 'checkpoints', 'run-2'),
      },
    })
    if (parsed.type !== 'start') throw new Error('not a start message')
    const start: StartMessage = parsed
    const folder = jobFolder(join(dir.path, 'cluster'), src, 7, 2)
    expect(folder).toBe(join(dir.path, 'cluster', 'continuum', dataDirHash(src), 'job-7-2'))
    expect(dataDirHash(src)).toMatch(/^[0-9a-f]{12}$/)
    const { staged, local } = stageJob(start, folder)
    if (staged.spec.kind !== 'train' || staged.spec.init.from !== 'checkpoint') throw new Error('not a train spec from a checkpoint')
    expect(staged.spec.data.corpus).toBe(join(folder, 'inputs', '2-corpus.txt'))
    expect(staged.spec.data.heldOut[0]!.path).toBe(staged.spec.data.corpus)
    expect(readFileSync(staged.spec.data.task!, 'utf8')).toBe('{"prompt":"a","completion":"b"}\n')
    expect(existsSync(join(staged.spec.init.path, 'manifest.json'))).toBe(true)
    expect(staged.spec.checkpointDir).toBe(join(folder, 'checkpoints'))
    expect(local.checkpointDir).toBe(join(src, 'checkpoints', 'run-2'))
    expect(local.inputs[staged.spec.init.path]).toBe(join(src, 'parent'))
    expect(Object.keys(local.inputs)).toHaveLength(3)
    // What a node reads and what a restarted owner reads back.
    expect(ToWorker.parse(JSON.parse(readFileSync(join(folder, SPEC_FILE), 'utf8')))).toEqual(staged)
    expect(readLocalPaths(folder)).toEqual(local)
  })

  it('names the file and the field of a broken local.json', () => {
    mkdirSync(join(dir.path, 'j'))
    writeFileSync(join(dir.path, 'j', 'local.json'), '{"inputs": {}, "checkpointDir": 3}')
    expect(() => readLocalPaths(join(dir.path, 'j'))).toThrow(`${join(dir.path, 'j', 'local.json')}: checkpointDir: `)
  })
})
