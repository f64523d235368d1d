import { describe, expect, it } from 'vitest'
import { exactMatch, lcsLength, metricTokens, normalizeText, rougeL } from '../../shared/eval'

describe('metric normalisation', () => {
  it('lower-cases, turns punctuation into spaces and splits on whitespace', () => {
    expect(metricTokens('  The CAT sat,\ton the mat!! ')).toEqual(['the', 'cat', 'sat', 'on', 'the', 'mat'])
    expect(metricTokens("Don't stop: U.S.A_now")).toEqual(['don', 't', 'stop', 'u', 's', 'a', 'now'])
    expect(normalizeText('Café — naïve ① ')).toBe('café naïve 1')
    expect(metricTokens('?! ...')).toEqual([])
  })
})

describe('lcsLength', () => {
  it('finds the longest common subsequence, not substring', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBe(3)
    expect(lcsLength(['a', 'b'], ['b', 'a'])).toBe(1)
    expect(lcsLength([], ['a'])).toBe(0)
  })
})

describe('rougeL', () => {
  it('matches a hand-computed pair', () => {
    // candidate: the cat sat on the mat        (6 tokens)
    // reference: a cat was sitting on the mat  (7 tokens)
    // LCS = cat on the mat = 4 → P = 4/6, R = 4/7, F1 = 2PR/(P+R) = (32/42)/(52/42) = 8/13.
    const s = rougeL('The cat sat on the mat.', 'A cat was sitting on the mat!')
    expect(s.precision).toBeCloseTo(4 / 6, 12)
    expect(s.recall).toBeCloseTo(4 / 7, 12)
    expect(s.f).toBeCloseTo(8 / 13, 12)
  })

  it('weights recall with beta', () => {
    // P = 1, R = 1/2; F_2 = 5·P·R / (R + 4P) = 2.5 / 4.5 = 5/9.
    expect(rougeL('cat', 'the cat', 2).f).toBeCloseTo(5 / 9, 12)
    expect(() => rougeL('a', 'a', 0)).toThrow(/beta/)
  })

  it('is 1 for identical texts up to normalisation and 0 when nothing is shared or a side is empty', () => {
    expect(rougeL('Hello, World', 'hello world').f).toBe(1)
    expect(rougeL('dog', 'cat').f).toBe(0)
    expect(rougeL('', 'cat')).toEqual({ precision: 0, recall: 0, f: 0 })
    expect(rougeL('...', '')).toEqual({ precision: 0, recall: 0, f: 0 })
  })
})

describe('exactMatch', () => {
  it('compares normalised tokens', () => {
    expect(exactMatch(' Paris. ', 'paris')).toBe(true)
    expect(exactMatch('New  York!', 'new york')).toBe(true)
    expect(exactMatch('New York City', 'new york')).toBe(false)
    expect(exactMatch('newyork', 'new york')).toBe(false)
  })
})
