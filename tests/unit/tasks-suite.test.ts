import { describe, expect, it } from 'vitest'
import { SCALES, generateSuite } from '../../electron/core/tasks'
import { HELD_OUT_STATEMENTS, IN_DOMAIN_STATEMENTS, STATEMENTS } from '../../electron/core/tasks/statements'
import { AppError } from '../../electron/core/errors'
import { renderDemonstration } from '../../shared/eval'
import { SUITE_SCALES, TaskDefinition, evalTaskOf, type Suite, type TaskDefinition as Task } from '../../shared/schemas/task'

const tiny = generateSuite({ seed: 7, scale: 'tiny' })
const full = generateSuite({ seed: 7, scale: 'default' })
const task = (suite: Suite, id: string): Task => suite.tasks.find((t) => t.id === id)!
const inputs = (t: Task, split: 'train' | 'test' | 'ood') => t.splits[split].map((e) => e.input)
const bytes = (s: string) => new TextEncoder().encode(s).length

describe('generateSuite', () => {
  it('is a pure function of the seed', () => {
    expect(generateSuite({ seed: 7, scale: 'tiny' })).toEqual(tiny)
    const other = generateSuite({ seed: 8, scale: 'tiny' })
    expect(other.corpus).not.toBe(tiny.corpus)
    expect(other.world).not.toEqual(tiny.world)
    for (const t of tiny.tasks) expect(task(other, t.id).splits).not.toEqual(t.splits)
  })

  it('has the seven tasks, each a valid definition with train, in-domain and out-of-domain sets', () => {
    for (const suite of [tiny, full]) {
      expect(suite.tasks.map((t) => t.id)).toEqual(['facts', 'qa', 'country', 'nli', 'paraphrase', 'arithmetic', 'reverse'])
      for (const t of suite.tasks) expect(TaskDefinition.safeParse(t).success).toBe(true)
    }
    expect(tiny.tasks.map((t) => [t.id, t.kind, t.learnedInPretraining, t.metric, t.ood.shift])).toEqual([
      ['facts', 'generation', true, 'exact-match', 'statement-templates'],
      ['qa', 'generation', false, 'exact-match', 'question-templates'],
      ['country', 'classification', true, 'accuracy', 'statement-templates'],
      ['nli', 'classification', false, 'accuracy', 'entities'],
      ['paraphrase', 'classification', false, 'accuracy', 'statement-templates'],
      ['arithmetic', 'generation', false, 'exact-match', 'number-range'],
      ['reverse', 'generation', false, 'rouge-l', 'vocabulary'],
    ])
  })

  it('scales the world, the corpus and the splits', () => {
    expect(full.world.people).toHaveLength(SCALES.default.people)
    expect(tiny.world.people).toHaveLength(SCALES.tiny.people)
    expect(full.world.people.filter((p) => p.heldOut)).toHaveLength(SCALES.default.heldOutPeople)
    expect(bytes(tiny.corpus)).toBeLessThan(20_000)
    // Sized for a 2-layer, width-128 byte model in minutes: well above tiny, at most a few hundred KB.
    expect(bytes(full.corpus)).toBeGreaterThan(5 * bytes(tiny.corpus))
    expect(bytes(full.corpus)).toBeLessThan(300_000)
    for (const scale of SUITE_SCALES) {
      const suite = scale === 'tiny' ? tiny : scale === 'default' ? full : generateSuite({ seed: 1, scale })
      for (const t of suite.tasks.filter((t) => !['facts', 'qa', 'country'].includes(t.id)))
        expect([t.splits.train.length, t.splits.test.length, t.splits.ood.length]).toEqual([
          SCALES[scale].examples.train,
          SCALES[scale].examples.test,
          SCALES[scale].examples.ood,
        ])
      // facts and qa: a city and a job for each person, split by person.
      for (const id of ['facts', 'qa']) {
        const t = task(suite, id)
        expect(t.splits.train.length + t.splits.test.length).toBe(suite.world.people.length * 2)
        expect(t.splits.test.length).toBe(2 * Math.round(suite.world.people.length * SCALES[scale].testPeopleFraction))
      }
    }
  })

  it('refuses a bad seed or scale', () => {
    expect(() => generateSuite({ seed: -1 })).toThrow(AppError)
    expect(() => generateSuite({ seed: 1.5 })).toThrow(/integer/)
    expect(() => generateSuite({ seed: 1, scale: 'huge' as never })).toThrow(/tiny, small, default/)
  })
})

describe('splits', () => {
  it('never share an input, and hold no duplicates', () => {
    for (const suite of [tiny, full])
      for (const t of suite.tasks) {
        const splits = (['train', 'test', 'ood'] as const).map((s) => inputs(t, s))
        for (const split of splits) expect(new Set(split).size).toBe(split.length)
        const all = new Set(splits.flat())
        expect(all.size, t.id).toBe(splits.reduce((n, s) => n + s.length, 0))
      }
  })

  it('give each label an equal share, so the majority baseline is 1/k', () => {
    for (const suite of [tiny, full])
      for (const t of suite.tasks.filter((t) => t.kind === 'classification'))
        for (const split of ['train', 'test', 'ood'] as const) {
          const counts = t.labels!.map((l) => t.splits[split].filter((e) => e.label === l).length)
          expect(Math.max(...counts) - Math.min(...counts), `${t.id} ${split}`).toBeLessThanOrEqual(1)
        }
  })

  it('arithmetic: no pair of operands is in two splits, in either order', () => {
    const t = task(full, 'arithmetic')
    const pairs = (split: 'train' | 'test' | 'ood') =>
      t.splits[split].map((e) => {
        const [, a, b] = /^What is (\d+) \+ (\d+)\?$/.exec(e.input)!.map(Number)
        expect(String(a! + b!)).toBe(e.target)
        return [Math.min(a!, b!), Math.max(a!, b!)].join('+')
      })
    const train = new Set(pairs('train'))
    for (const p of pairs('test')) expect(train.has(p)).toBe(false)
  })
})

describe('out-of-domain sets differ from in-domain as documented', () => {
  it('facts: the test people\'s statements, completed from another corpus phrasing out of domain', () => {
    for (const suite of [tiny, full]) {
      const t = task(suite, 'facts')
      const sorted = (split: 'test' | 'ood') => t.splits[split].map((e) => `${/^\S+/.exec(e.input)![0]}:${e.target}`).sort()
      expect(sorted('ood')).toEqual(sorted('test'))
      // Every completion, in and out of domain, is the start of a corpus line.
      for (const e of [...t.splits.train, ...t.splits.test, ...t.splits.ood]) expect(suite.corpus).toMatch(new RegExp(`(^|\n)${e.input} ${e.target}\\.\n`))
    }
  })

  it('country: every city in two corpus phrasings to test, a phrasing the corpus lacks out of domain', () => {
    for (const suite of [tiny, full]) {
      const t = task(suite, 'country')
      expect(t.splits.test).toHaveLength(2 * suite.world.cities.length)
      for (const e of [...t.splits.train, ...t.splits.test]) expect(suite.corpus).toContain(`${e.input} ${e.label}.\n`)
      for (const e of t.splits.ood) expect(suite.corpus).not.toContain(e.input)
    }
  })

  it('qa: tested on people whose facts are in no training question, asked in phrasings of their own out of domain', () => {
    for (const suite of [tiny, full]) {
      const t = task(suite, 'qa')
      const person = (e: { input: string }) => suite.world.people.find((p) => new RegExp(`\\b${p.name}\\b`).test(e.input))!.name
      const trained = new Set(t.splits.train.map(person))
      for (const e of [...t.splits.test, ...t.splits.ood]) expect(trained.has(person(e)), e.input).toBe(false)
      // The test people are the facts task's test people: what qa measures is what the corpus stated.
      expect(new Set(t.splits.test.map(person))).toEqual(new Set(task(suite, 'facts').splits.test.map((e) => /^\S+/.exec(e.input)![0])))
      const askedIn = new Set(t.splits.test.map((e) => e.input.replace(person(e), 'X')))
      for (const e of t.splits.ood) expect(askedIn.has(e.input.replace(person(e), 'X'))).toBe(false)
    }
  })

  it('nli: premises about held-out people only, who never appear in train or test', () => {
    const t = task(full, 'nli')
    const heldOut = new Set(full.world.people.filter((p) => p.heldOut).map((p) => p.name))
    const names = (e: { input: string }) => full.world.people.map((p) => p.name).filter((n) => new RegExp(`\\b${n}\\b`).test(e.input))
    for (const e of t.splits.ood) expect(names(e).every((n) => heldOut.has(n)), e.input).toBe(true)
    for (const e of [...t.splits.train, ...t.splits.test]) expect(names(e).some((n) => heldOut.has(n)), e.input).toBe(false)
  })

  it('paraphrase: out-of-domain pairs use only the held-out statement templates, the rest only in-domain ones', () => {
    const t = task(full, 'paraphrase')
    for (const [split, allowed] of [
      ['train', IN_DOMAIN_STATEMENTS],
      ['test', IN_DOMAIN_STATEMENTS],
      ['ood', HELD_OUT_STATEMENTS],
    ] as const)
      for (const e of t.splits[split]) {
        const sentences = /^Sentence 1: (.*)\nSentence 2: (.*)$/.exec(e.input)!.slice(1)
        for (const s of sentences) {
          const used = templatesMatching(s)
          expect(used.length, s).toBeGreaterThan(0)
          expect(used.every((i) => allowed.includes(i)), `${split}: ${s}`).toBe(true)
        }
      }
  })

  it('arithmetic: numbers from 0–49 in domain, 50–99 out of domain', () => {
    const t = task(full, 'arithmetic')
    const operands = (split: 'train' | 'test' | 'ood') => t.splits[split].flatMap((e) => e.input.match(/\d+/g)!.map(Number))
    expect(Math.max(...operands('train'), ...operands('test'))).toBeLessThanOrEqual(49)
    expect(Math.min(...operands('ood'))).toBeGreaterThanOrEqual(50)
    expect(Math.max(...operands('ood'))).toBeLessThanOrEqual(99)
  })

  it('reverse: out-of-domain lists use only held-out words, the rest never do', () => {
    for (const suite of [tiny, full]) {
      const t = task(suite, 'reverse')
      const words = (split: 'train' | 'test' | 'ood') => t.splits[split].flatMap((e) => e.input.replace('Words: ', '').split(' '))
      const { inDomain, heldOut } = suite.world.words
      expect(inDomain.filter((w) => heldOut.includes(w))).toEqual([])
      for (const w of [...words('train'), ...words('test')]) expect(inDomain).toContain(w)
      for (const w of words('ood')) expect(heldOut).toContain(w)
      for (const e of t.splits.train) expect(e.target).toBe(e.input.replace('Words: ', '').split(' ').reverse().join(' '))
    }
  })
})

describe('the corpus', () => {
  it('states every fact in the facts task format, so facts is learned in pre-training', () => {
    for (const suite of [tiny, full]) {
      const t = task(suite, 'facts')
      const template = evalTaskOf(t).template
      for (const e of [...t.splits.train, ...t.splits.test]) expect(suite.corpus).toContain(renderDemonstration(template, 'default', e) + '.\n')
    }
  })

  it('states each person\'s city and job in several phrasings, one per bio', () => {
    for (const p of full.world.people) {
      const lines = full.corpus.split('\n').filter((l) => new RegExp(`\\b${p.name}\\b`).test(l))
      expect(lines).toHaveLength(2 * SCALES.default.corpus.biosPerPerson)
      expect(new Set(lines).size).toBe(lines.length)
    }
  })

  it('contains no example or format of the tasks not learned in pre-training', () => {
    for (const suite of [tiny, full]) {
      for (const t of suite.tasks.filter((t) => !t.learnedInPretraining)) {
        expect(suite.corpus, t.id).not.toContain(t.template.instruction)
        for (const e of [...t.splits.train, ...t.splits.test, ...t.splits.ood]) expect(suite.corpus.includes(e.input)).toBe(false)
      }
      for (const marker of ['Premise:', 'Hypothesis:', 'Sentence 1:', 'Words:', '+', '?', 'Answer:']) expect(suite.corpus).not.toContain(marker)
    }
  })
})

/** The statement templates (any attribute) that render to exactly this sentence for some subject and value. */
function templatesMatching(sentence: string): number[] {
  const out = new Set<number>()
  for (const renders of Object.values(STATEMENTS))
    renders.forEach((render, i) => {
      const pattern = render('Qsubject', 'qvalue')
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace('Qsubject', '[A-Z][a-z]+')
        .replace(/qvalue/i, '[A-Za-z0-9]+')
      if (new RegExp(`^${pattern}$`, 'i').test(sentence)) out.add(i)
    })
  return [...out]
}
