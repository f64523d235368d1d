import { describe, expect, it } from 'vitest'
import { accuracy, correctness, majorityBaseline } from '../../shared/eval'

describe('accuracy and correctness', () => {
  it('counts exact label matches', () => {
    expect(correctness(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])).toEqual([1, 1, 0, 1])
    expect(accuracy(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])).toBe(0.75)
  })

  it('rejects mismatched lengths and empty input', () => {
    expect(() => correctness(['a'], ['a', 'b'])).toThrow(/1 predictions for 2 labels/)
    expect(() => accuracy([], [])).toThrow(/no examples/)
  })
})

describe('majorityBaseline', () => {
  it('predicts the most frequent TRAIN label and scores it on test', () => {
    // train: yes ×3, no ×2 → always "yes"; test has 1 yes of 4 → 0.25 (test's own majority is "no").
    const b = majorityBaseline(['yes', 'no', 'yes', 'no', 'yes'], ['yes', 'no', 'no', 'no'])
    expect(b.label).toBe('yes')
    expect(b.accuracy).toBe(0.25)
    expect(b.correct).toEqual([1, 0, 0, 0])
  })

  it('breaks ties by label order, whatever the order of the training data', () => {
    expect(majorityBaseline(['b', 'a', 'c', 'a', 'b'], ['a']).label).toBe('a')
    expect(majorityBaseline(['a', 'b', 'b', 'a', 'c'], ['a']).label).toBe('a')
  })

  it('needs labels on both sides', () => {
    expect(() => majorityBaseline([], ['a'])).toThrow(/training split/)
    expect(() => majorityBaseline(['a'], [])).toThrow(/test split/)
  })
})
