/** Generating text from a checkpoint, in a worker so the app stays responsive. */
import type { SampleJobSpec } from '../../../shared'
import { loadCheckpoint } from '../engine/checkpoint'
import { Gpt } from '../engine/model'
import { makeOps } from '../engine/ops'
import { generate } from '../engine/sample'
import { selectBackend } from '../engine/tf'
import { tokenizerFromSpec } from '../engine/tokenizer'
import type { JobIo } from './train-job'

export async function runSampleJob(spec: SampleJobSpec, io: JobIo): Promise<'completed'> {
  const choice = await selectBackend(spec.backend)
  const ops = makeOps(choice.name)
  const ckpt = await loadCheckpoint(spec.checkpoint)
  const gpt = new Gpt(ckpt.config, ops)
  try {
    const out = generate(gpt, ckpt.params, tokenizerFromSpec(ckpt.tokenizer), spec)
    io.emit({ type: 'sample', text: out.text, tokens: out.tokens.length, stop: out.stop })
  } finally {
    gpt.dispose()
  }
  return 'completed'
}
