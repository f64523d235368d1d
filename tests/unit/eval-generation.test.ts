import { describe, expect, it } from 'vitest'
import { argmaxRow, decodedText, encodePrompts, evaluateGeneration, generationRows, greedyDecode, newlineTokens } from '../../electron/core/engine/eval'
import { buildCharTokenizer, tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { EvaluationCreate } from '../../shared'
import { simpleTemplate, type EvalTask, type Example } from '../../shared/eval'
import { prefixScorer } from '../helpers/prefix-scorer'

const tok = tokenizerFromSpec({ kind: 'byte' })
const V = tok.vocabSize
const code = (c: string) => c.charCodeAt(0)

/** A scorer that puts −0.1 on `next(prefix)` and −5 on every other token at every position. */
function deterministicScorer(context: number, next: (prefix: number[]) => number) {
  return prefixScorer(V, context, (prefix) => {
    const lp = new Float32Array(V).fill(-5)
    lp[next(prefix)] = -0.1
    return lp
  })
}

/**
 * After ':' a space; after a space the first letter of the query ("Q: c" → 'c'); letters count
 * up to 'e'; after 'e' a newline; after a newline eos.
 */
function alphabet(prefix: number[]): number {
  const last = prefix[prefix.length - 1]!
  if (last === code(':')) return code(' ')
  if (last === code(' ')) return code(tok.decode(prefix).split('\n\n').pop()!.match(/Q: (\w)/)?.[1] ?? 'a')
  if (last >= code('a') && last < code('e')) return last + 1
  if (last === code('e')) return code('\n')
  return tok.eos
}

const task: EvalTask = { name: 'toy-gen', template: simpleTemplate({ instruction: 'Continue.', cue: 'A:' }), stopAtNewline: true, maxNewTokens: 10 }
const train: Example[] = [
  { input: 'Q: x', target: 'xyz' },
  { input: 'Q: y', target: 'yz' },
]
const test: Example[] = [
  { input: 'Q: a', target: 'abcde' },
  { input: 'Q: c', target: 'c d e' },
  { input: 'Q: b', target: 'BCDE x' },
]

describe('greedyDecode', () => {
  it('follows the argmax and stops at eos, a newline, or the token budget', () => {
    const { scorer } = deterministicScorer(64, alphabet)
    const prompts = ['Q: a\nA:', 'Q: d\nA:'].map((p) => tok.encode(p))
    const toEos = greedyDecode(scorer, prompts, { maxNewTokens: 20, eos: tok.eos })
    expect(toEos.map((d) => tok.decode(d.tokens))).toEqual([' abcde\n', ' de\n'])
    expect(toEos.map((d) => d.stop)).toEqual(['eos', 'eos'])
    const toNewline = greedyDecode(scorer, prompts, { maxNewTokens: 20, eos: tok.eos, newlines: newlineTokens(tok) })
    expect(toNewline.map((d) => decodedText(tok, d))).toEqual([' abcde', ' de'])
    expect(toNewline[0]).toMatchObject({ stop: 'newline', stopToken: 10 })
    const short = greedyDecode(scorer, prompts, { maxNewTokens: 3, eos: tok.eos })
    expect(short.map((d) => [tok.decode(d.tokens), d.stop])).toEqual([
      [' ab', 'max-tokens'],
      [' de', 'max-tokens'],
    ])
  })

  it('keeps prompts that fit the context whole and runs all rows in one call per step', () => {
    const { scorer, calls } = deterministicScorer(8, alphabet)
    // Context 8, 4 new tokens: the 7-token prompts stay whole, so the stub sees "Q: a" and "Q: b"
    // (cut to 8 − 4 + 1 = 5 tokens, " a\nA:", both would start from its default 'a'); after the
    // first token the window slides and stays at 8.
    const out = greedyDecode(scorer, [tok.encode('Q: a\nA:'), tok.encode('Q: b\nA:')], { maxNewTokens: 4, eos: tok.eos })
    expect(out.map((d) => tok.decode(d.tokens))).toEqual([' abc', ' bcd'])
    expect(calls).toEqual([7, 8, 8, 8].map((time) => ({ batch: 2, time })))
  })

  it('predicts the first token from the whole prompt when it is context − 3 tokens, then slides', () => {
    const context = 16
    const { scorer, calls } = deterministicScorer(context, alphabet)
    // 13 tokens ending in a space: what follows is the letter after "Q: ", 'c' here. Cut to
    // 16 − 8 + 1 = 9 tokens ("1234\nA: " … without "Q: c") the stub would answer its default 'a'.
    const prompt = tok.encode('Q: c\n1234\nA: ')
    expect(prompt).toHaveLength(context - 3)
    const whole = scorer.logProbs(Int32Array.from(prompt), 1, prompt.length)
    const expectedFirst = argmaxRow(whole, (prompt.length - 1) * V, V)
    const cut = prompt.slice(prompt.length - (context - 8 + 1))
    expect(argmaxRow(scorer.logProbs(Int32Array.from(cut), 1, cut.length), (cut.length - 1) * V, V)).not.toBe(expectedFirst)
    calls.length = 0
    const [out] = greedyDecode(scorer, [prompt], { maxNewTokens: 8 })
    expect(out!.tokens[0]).toBe(expectedFirst)
    expect(tok.decode([out!.tokens[0]!])).toBe('c')
    // c d e, then a newline and eos (no stop rules, so they are kept) until the budget.
    expect(out!.tokens).toEqual([...tok.encode('cde\n'), tok.eos, tok.eos, tok.eos, tok.eos])
    // Windows of 13, 14, 15, 16 tokens, then the last 16.
    expect(calls.map((c) => c.time)).toEqual([13, 14, 15, 16, 16, 16, 16, 16])
  })

  it('cuts only prompts longer than the context, from the left, and slides the window', () => {
    const { scorer, calls } = deterministicScorer(4, alphabet)
    const [out] = greedyDecode(scorer, [tok.encode('Q: a\nA:')], { maxNewTokens: 6, eos: tok.eos })
    // The prompt keeps its last 4 tokens, "a\nA:"; then ' ', 'a' (default: "Q: " is gone) and on up to 'e'.
    expect(tok.decode(out!.tokens)).toBe(' abcde')
    expect(calls.map((c) => c.time)).toEqual([4, 4, 4, 4, 4, 4])
  })

  it('finds the newline ids of a tokenizer', () => {
    expect([...newlineTokens(tok)]).toEqual([10])
    const chars = buildCharTokenizer(['ab\nc'])
    expect([...newlineTokens(chars)]).toEqual([chars.encode('\n')[0]])
  })
})

describe('evaluateGeneration', () => {
  it('scores greedy outputs by exact match and ROUGE-L with intervals', () => {
    const { scorer } = deterministicScorer(256, alphabet)
    const r = evaluateGeneration(scorer, tok, { task, format: 'default', shots: 2, train, test, seed: 4 })
    expect(r.predictions).toEqual([' abcde', ' cde', ' bcde'])
    expect(r.stops).toEqual(['newline', 'newline', 'newline'])
    // "abcde" = "abcde"; "cde" vs "c d e" share no token; "bcde" vs "bcde x": P = 1, R = 1/2, F = 2/3.
    expect(r.exactMatch).toEqual([1, 0, 0])
    expect(r.rougeL[0]).toBe(1)
    expect(r.rougeL[1]).toBe(0)
    expect(r.rougeL[2]).toBeCloseTo(2 / 3, 12)
    expect(r.exactMatchInterval.estimate).toBeCloseTo(1 / 3, 12)
    expect(r.rougeLInterval.estimate).toBeCloseTo(5 / 9, 12)
    expect(r.rougeLInterval.low).toBeLessThanOrEqual(5 / 9)
    expect(r.rougeLInterval.high).toBeGreaterThanOrEqual(5 / 9)
    expect(r.truncated).toBe(0)
    const rows = generationRows({ checkpointId: 2, task: 'toy-gen', split: 'test', promptFormat: 'default', shots: 2 }, r)
    expect(rows.map((x) => x.metric)).toEqual(['exact-match', 'rouge-l'])
    expect(rows[1]).toMatchObject({ value: r.rougeLInterval.estimate, ciLow: r.rougeLInterval.low, ciHigh: r.rougeLInterval.high, n: 3 })
    for (const x of rows) expect(() => EvaluationCreate.parse(x)).not.toThrow()
  })

  it('honours the options over the task, and counts prompts cut to fit the context', () => {
    const { scorer } = deterministicScorer(20, alphabet)
    const r = evaluateGeneration(scorer, tok, { task, format: 'default', shots: 2, train, test, seed: 4, stopAtNewline: false, maxNewTokens: 2 })
    expect(r.predictions).toEqual([' a', ' c', ' b'])
    expect(r.stops).toEqual(['max-tokens', 'max-tokens', 'max-tokens'])
    // Two demonstrations make every prompt longer than the 20-token context; the query survives.
    expect(r.truncated).toBe(3)
    // Without them each prompt fits the context ("Q: a\nA:", 7 tokens) and is not counted, though
    // it is longer than 20 − 16 + 1 = 5 (the old cut to leave room for 16 new tokens).
    const zeroShot = { task, format: 'default' as const, shots: 0, train, test, seed: 4, maxNewTokens: 16 }
    expect(encodePrompts(tok, zeroShot).map((p) => p.length)).toEqual([7, 7, 7])
    expect(evaluateGeneration(scorer, tok, zeroShot).truncated).toBe(0)
  })

  it('refuses a test example without a target and a bad token budget', () => {
    const { scorer } = deterministicScorer(64, alphabet)
    const base = { task, format: 'default' as const, shots: 0, train, seed: 1 }
    expect(() => evaluateGeneration(scorer, tok, { ...base, test: [{ input: 'Q: a' }] })).toThrow(/no target/)
    expect(() => evaluateGeneration(scorer, tok, { ...base, test, maxNewTokens: 0 })).toThrow(/maxNewTokens/)
    expect(() => evaluateGeneration(scorer, tok, { ...base, test: [] })).toThrow(/test split is empty/)
  })
})
