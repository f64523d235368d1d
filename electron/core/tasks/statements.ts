/**
 * Facts and the sentences that state, ask and deny them. Statement templates 0–2 are the
 * in-domain phrasings of the paraphrase and NLI tasks, 3–4 the held-out ones (paraphrase's
 * out-of-domain set); the corpus uses all five, so every phrasing is known from pre-training
 * and only the TASK has not seen them. Questions have one corpus phrasing (the facts task's
 * format) and held-out phrasings for the facts task's out-of-domain set.
 */
import type { Rng } from '../../../shared/random'
import { PERSON_ATTRIBUTES, type PersonAttribute, type World } from '../../../shared/schemas/task'
import { chooseOther } from './sampling'
import { countryOf } from './world'

export type FactAttribute = PersonAttribute | 'country'

/** "subject's attribute is value": a person's attribute, or the country a city lies in. */
export interface Fact {
  subject: string
  attribute: FactAttribute
  value: string
}

type Render = (subject: string, value: string) => string

const an = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`)
const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

export const STATEMENTS: Record<FactAttribute, readonly Render[]> = {
  home: [
    (s, v) => `${s} lives in ${v}.`,
    (s, v) => `${s}'s home is in ${v}.`,
    (s, v) => `${s} has a house in ${v}.`,
    (s, v) => `The city where ${s} lives is ${v}.`,
    (s, v) => `${v} is where ${s} makes a home.`,
  ],
  profession: [
    (s, v) => `${s} works as ${an(v)}.`,
    (s, v) => `${s} is ${an(v)} by trade.`,
    (s, v) => `${s} earns a living as ${an(v)}.`,
    (s, v) => `By profession, ${s} is ${an(v)}.`,
    (s, v) => `The job ${s} does is that of ${an(v)}.`,
  ],
  colour: [
    (s, v) => `${s}'s favourite colour is ${v}.`,
    (s, v) => `${s} likes ${v} more than any other colour.`,
    (s, v) => `Of all colours, ${s} loves ${v} best.`,
    (s, v) => `The colour ${s} prefers is ${v}.`,
    (s, v) => `${cap(v)} is the favourite colour of ${s}.`,
  ],
  age: [
    (s, v) => `${s} is ${v} years old.`,
    (s, v) => `${s} is aged ${v}.`,
    (s, v) => `${s} has lived for ${v} years.`,
    (s, v) => `The age of ${s} is ${v}.`,
    (s, v) => `${s} turned ${v} this year.`,
  ],
  country: [(s, v) => `${s} is in ${v}.`, (s, v) => `${s} is a city in ${v}.`, (s, v) => `The city of ${s} lies in ${v}.`],
}

export const IN_DOMAIN_STATEMENTS: readonly number[] = [0, 1, 2]
export const HELD_OUT_STATEMENTS: readonly number[] = [3, 4]

/** Denials, for NLI hypotheses. */
export const NEGATIONS: Record<PersonAttribute, Render> = {
  home: (s, v) => `${s} does not live in ${v}.`,
  profession: (s, v) => `${s} is not ${an(v)}.`,
  colour: (s, v) => `${s}'s favourite colour is not ${v}.`,
  age: (s, v) => `${s} is not ${v} years old.`,
}

export const QUESTIONS: Record<FactAttribute, { corpus: (s: string) => string; heldOut: readonly ((s: string) => string)[] }> = {
  home: { corpus: (s) => `Where does ${s} live?`, heldOut: [(s) => `In which city does ${s} live?`, (s) => `What city is home to ${s}?`] },
  profession: {
    corpus: (s) => `What is the job of ${s}?`,
    heldOut: [(s) => `What does ${s} do for a living?`, (s) => `What work does ${s} do?`],
  },
  colour: {
    corpus: (s) => `What is the favourite colour of ${s}?`,
    heldOut: [(s) => `Which colour does ${s} like best?`, (s) => `What colour does ${s} love most?`],
  },
  age: { corpus: (s) => `How old is ${s}?`, heldOut: [(s) => `What is the age of ${s}?`, (s) => `How many years old is ${s}?`] },
  country: { corpus: (s) => `Which country is ${s} in?`, heldOut: [(s) => `In what country is ${s}?`, (s) => `In which country does ${s} lie?`] },
}

/** The facts task's input for a question: the same prefix in the corpus and in the task. */
export const questionInput = (question: string): string => `Question: ${question}`

export function state(fact: Fact, template: number): string {
  const render = STATEMENTS[fact.attribute][template]
  if (!render) throw new RangeError(`no statement template ${template} for ${fact.attribute}`)
  return render(fact.subject, fact.value)
}

export function personFact(world: World, name: string, attribute: PersonAttribute): Fact {
  const person = world.people.find((p) => p.name === name)
  if (!person) throw new RangeError(`no person named ${name} in the world`)
  return { subject: name, attribute, value: String(person[attribute]) }
}

/** Every fact of the world: four per person, one per city. */
export function allFacts(world: World): Fact[] {
  return [
    ...world.people.flatMap((p) => PERSON_ATTRIBUTES.map((a) => personFact(world, p.name, a))),
    ...world.cities.map((c): Fact => ({ subject: c.name, attribute: 'country', value: countryOf(world, c.name) })),
  ]
}

/** Every value a person attribute takes in this world (as text), for drawing wrong answers. */
export function valuesOf(world: World, attribute: PersonAttribute): string[] {
  if (attribute === 'home') return world.cities.map((c) => c.name)
  if (attribute === 'profession') return world.professions
  if (attribute === 'colour') return world.colours
  return [...new Set(world.people.map((p) => String(p.age)))]
}

/** A different value of the fact's attribute: another city, job, colour, or an age 1–15 years off. */
export function otherValue(rng: Rng, world: World, fact: Fact): string | null {
  if (fact.attribute === 'age') {
    const d = (1 + rng.int(15)) * (rng.int(2) === 0 ? -1 : 1)
    return String(Number(fact.value) + d)
  }
  if (fact.attribute === 'country') return null
  return chooseOther(rng, valuesOf(world, fact.attribute), fact.value)
}
