import { describe, expect, it } from 'vitest'
import type { Scorer } from '../../electron/core/engine/eval'
import { generateWith, resolveGenerateOptions, sampleRow } from '../../electron/core/engine/sample'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { AppError } from '../../electron/core/errors'
import { Rng } from '../../shared'

const tok = tokenizerFromSpec({ kind: 'byte' })
const V = tok.vocabSize
const code = (c: string) => c.charCodeAt(0)

/** Every position gets the same distribution from `dist(lastToken)`. */
function scorerOf(dist: (last: number) => Float32Array, context = 16): Scorer {
  return {
    vocabSize: V,
    context,
    logProbs(tokens, batch, time) {
      const out = new Float32Array(batch * time * V)
      for (let i = 0; i < batch * time; i++) out.set(dist(tokens[i]!), i * V)
      return out
    },
  }
}

/** 'a'→'b'→'c'→'\n'→eos with log-prob −0.5; every other token −4. */
const chain = scorerOf((last) => {
  const lp = new Float32Array(V).fill(-4)
  const next = { a: 'b', b: 'c', c: '\n' }[String.fromCharCode(last)]
  lp[next ? code(next) : tok.eos] = -0.5
  return lp
})

/** Tokens 'x', 'y', 'z' with probabilities 0.5, 0.3, 0.2 whatever came before. */
const xyz = scorerOf(() => {
  const lp = new Float32Array(V).fill(-Infinity)
  lp[code('x')] = Math.log(0.5)
  lp[code('y')] = Math.log(0.3)
  lp[code('z')] = Math.log(0.2)
  return lp
})

describe('generate', () => {
  it('decodes greedily at temperature 0 and stops at eos or a newline', () => {
    const greedy = generateWith(chain, tok, { prompt: 'a', maxTokens: 10, temperature: 0 })
    expect(greedy).toEqual({ tokens: [98, 99, 10], text: 'bc\n', stop: 'eos' })
    expect(generateWith(chain, tok, { prompt: 'a', maxTokens: 10, temperature: 0, stopAtNewline: true })).toEqual({ tokens: [98, 99], text: 'bc', stop: 'newline' })
    expect(generateWith(chain, tok, { prompt: 'a', maxTokens: 2, temperature: 0 })).toMatchObject({ text: 'bc', stop: 'max-tokens' })
  })

  it('runs past eos when told not to stop, without eos in the text', () => {
    const r = generateWith(chain, tok, { prompt: 'a', maxTokens: 5, temperature: 0, stopAtEos: false })
    expect(r.tokens).toEqual([98, 99, 10, 256, 256])
    expect(r.text).toBe('bc\n')
    expect(r.stop).toBe('max-tokens')
  })

  it('starts an empty prompt from eos and slides past the context', () => {
    const r = generateWith(scorerOf(() => {
      const lp = new Float32Array(V).fill(-3)
      lp[code('q')] = 0
      return lp
    }, 4), tok, { prompt: '', maxTokens: 9, temperature: 0 })
    expect(r.text).toBe('qqqqqqqqq')
  })

  it('is reproducible from the seed and varies with it', () => {
    const opts = { prompt: 'p', maxTokens: 30, temperature: 1 }
    const a = generateWith(xyz, tok, { ...opts, seed: 1 })
    expect(generateWith(xyz, tok, { ...opts, seed: 1 })).toEqual(a)
    expect(generateWith(xyz, tok, { ...opts, seed: 2 }).text).not.toBe(a.text)
    expect(new Set(a.text)).toEqual(new Set(['x', 'y', 'z']))
  })

  it('keeps only the top k tokens; k = 1 is greedy', () => {
    expect(new Set(generateWith(xyz, tok, { prompt: 'p', maxTokens: 200, temperature: 1, topK: 2, seed: 3 }).text)).toEqual(new Set(['x', 'y']))
    expect(generateWith(xyz, tok, { prompt: 'p', maxTokens: 20, temperature: 5, topK: 1, seed: 3 }).text).toBe('x'.repeat(20))
  })

  it('validates its options with messages that name them', () => {
    const bad = (o: object, pattern: RegExp) => {
      const call = () => generateWith(chain, tok, { prompt: 'a', maxTokens: 5, ...o })
      expect(call).toThrow(AppError)
      expect(call).toThrow(pattern)
    }
    bad({ temperature: -0.1 }, /temperature must be a finite number ≥ 0/)
    bad({ temperature: Number.NaN }, /temperature/)
    bad({ topK: 1.5 }, /topK must be an integer ≥ 0/)
    bad({ topK: -1 }, /topK/)
    bad({ maxTokens: 0 }, /maxTokens must be an integer from 1 to 4096, got 0/)
    bad({ maxTokens: 4097 }, /maxTokens/)
    bad({ seed: 0.5 }, /seed must be an integer/)
    expect(resolveGenerateOptions({ prompt: '', maxTokens: 1 })).toEqual({
      prompt: '',
      maxTokens: 1,
      temperature: 1,
      topK: 0,
      seed: 0,
      stopAtEos: true,
      stopAtNewline: false,
    })
  })
})

describe('sampleRow', () => {
  const lp = Float32Array.from([0.5, 0.3, 0.2].map(Math.log))
  const frequencies = (temperature: number, topK: number) => {
    const rng = new Rng(42)
    const counts = [0, 0, 0]
    for (let i = 0; i < 20_000; i++) counts[sampleRow(lp, 0, 3, temperature, topK, rng)]!++
    return counts.map((c) => c / 20_000)
  }

  it('draws from softmax(logp / T)', () => {
    // T = 1: the distribution itself. T = 0.5: ∝ p² = 0.25, 0.09, 0.04 → 0.658, 0.237, 0.105.
    frequencies(1, 0).forEach((f, i) => expect(f).toBeCloseTo([0.5, 0.3, 0.2][i]!, 1))
    frequencies(0.5, 0).forEach((f, i) => expect(Math.abs(f - [0.658, 0.237, 0.105][i]!)).toBeLessThan(0.015))
  })

  it('renormalises over the top k', () => {
    // k = 2: 0.5 / 0.8 and 0.3 / 0.8.
    frequencies(1, 2).forEach((f, i) => expect(Math.abs(f - [0.625, 0.375, 0][i]!)).toBeLessThan(0.015))
  })
})
