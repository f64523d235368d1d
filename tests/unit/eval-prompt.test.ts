import { describe, expect, it } from 'vitest'
import { buildKShotPrompt, goldAnswer, kShotPrompts, selectShots, simpleTemplate, type Example } from '../../shared/eval'

const template = simpleTemplate({ instruction: 'Is the review positive?', cue: 'Answer:' })
const query: Example = { input: 'Review: dull', label: 'no' }
const shots: Example[] = [
  { input: 'Review: great', label: 'yes' },
  { input: 'Review: awful', label: 'no' },
]

describe('simpleTemplate', () => {
  it('renders the three formats', () => {
    expect(template.prompt.default(query)).toBe('Review: dull\nAnswer:')
    expect(template.prompt.instruct(query)).toBe('Is the review positive?\nReview: dull\nAnswer:')
    expect(template.prompt['input-only'](query)).toBe('Review: dull\n')
    expect(template.answer('no', 'default')).toBe(' no')
    expect(template.answer('no', 'input-only')).toBe('no')
  })
})

describe('buildKShotPrompt', () => {
  it('joins demonstrations with their answers, then the query without its answer', () => {
    expect(buildKShotPrompt(template, 'default', shots, query)).toBe(
      'Review: great\nAnswer: yes\n\nReview: awful\nAnswer: no\n\nReview: dull\nAnswer:',
    )
    expect(buildKShotPrompt(template, 'input-only', shots, query)).toBe('Review: great\nyes\n\nReview: awful\nno\n\nReview: dull\n')
    expect(buildKShotPrompt(template, 'instruct', [], query)).toBe('Is the review positive?\nReview: dull\nAnswer:')
  })

  it('uses targets for generation demonstrations and refuses an example with neither', () => {
    expect(goldAnswer({ input: 'x', target: 'a summary' })).toBe('a summary')
    expect(() => buildKShotPrompt(template, 'default', [{ input: 'x' }], query)).toThrow(/neither a label nor a target/)
  })
})

describe('selectShots', () => {
  const train: Example[] = Array.from({ length: 50 }, (_, i) => ({ input: `item ${i}`, label: i % 2 ? 'yes' : 'no' }))

  it('draws k distinct examples, deterministically from the seed and the query', () => {
    const a = selectShots(train, 4, 11, query)
    expect(a).toHaveLength(4)
    expect(new Set(a).size).toBe(4)
    expect(selectShots(train, 4, 11, query)).toEqual(a)
    // Some other seed picks a different set.
    const others = [12, 13, 14].map((s) => selectShots(train, 4, s, query))
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true)
    // The shots of a query do not depend on which other queries are evaluated with it.
    const [, second] = kShotPrompts(template, 'default', 4, train, [{ input: 'other' }, query], 11)
    expect(second).toBe(buildKShotPrompt(template, 'default', a, query))
  })

  it('never shows the query itself, even when train holds copies of it', () => {
    const withCopies = [...train.slice(0, 3), { input: query.input, label: 'no' }, { input: query.input, label: 'no' }]
    for (let seed = 0; seed < 30; seed++) {
      const picked = selectShots(withCopies, 3, seed, query)
      expect(picked.map((e) => e.input).sort()).toEqual(['item 0', 'item 1', 'item 2'])
    }
  })

  it('refuses when train is too small and returns nothing for k = 0', () => {
    expect(() => selectShots(train.slice(0, 2), 3, 1, query)).toThrow(/only 2 examples other than the query/)
    expect(() => selectShots([], 1, 1, query)).toThrow(/only 0 examples/)
    expect(selectShots(train, 0, 1, query)).toEqual([])
    expect(() => selectShots(train, -1, 1, query)).toThrow(/non-negative/)
  })
})
