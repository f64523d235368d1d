/**
 * Facts and the sentences that state, ask and deny them. Statement templates 0–2 are the
 * in-domain phrasings of the paraphrase and NLI tasks, 3–4 the held-out ones (paraphrase's
 * out-of-domain set); the corpus states a person's city and job in all five, so every phrasing
 * is known from pre-training and only the TASK has not seen them. Questions never appear in
 * the corpus: they are the `qa` task's format (knowledge extraction).
 */
import type { Rng } from '../../../shared/random'
import type { PersonAttribute, World } from '../../../shared/schemas/task'
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

/** The attributes the corpus states for every person (the knowledge pre-training can store). */
export const KNOWN_ATTRIBUTES = ['home', 'profession'] as const
export type KnownAttribute = (typeof KNOWN_ATTRIBUTES)[number]

/** The `qa` task's questions: one phrasing for training and the in-domain test, two held out. */
export const QUESTIONS: Record<KnownAttribute, { asked: (s: string) => string; heldOut: readonly ((s: string) => string)[] }> = {
  home: { asked: (s) => `Where does ${s} live?`, heldOut: [(s) => `In which city does ${s} live?`, (s) => `What city is home to ${s}?`] },
  profession: { asked: (s) => `What is the job of ${s}?`, heldOut: [(s) => `What does ${s} do for a living?`, (s) => `What work does ${s} do?`] },
}

/** Statement templates that end with the value, so the statement's start is a prompt to complete: 0 and 2 for both attributes. */
export const COMPLETION_STATEMENTS: readonly number[] = [0, 2]

/** A statement cut before its value: "Teko lives in" and "Paris" (the value must end the sentence). */
export function completionOf(fact: Fact, template: number): { input: string; target: string } {
  const sentence = state(fact, template)
  if (!sentence.endsWith(` ${fact.value}.`)) throw new RangeError(`statement template ${template} of ${fact.attribute} does not end with the value`)
  return { input: sentence.slice(0, -(fact.value.length + 2)), target: fact.value }
}

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

/** Every fact the corpus states: a person's city and job, and each city's country. */
export function knownFacts(world: World): Fact[] {
  return [...world.people.flatMap((p) => KNOWN_ATTRIBUTES.map((a) => personFact(world, p.name, a))), ...cityFacts(world)]
}

export function cityFacts(world: World): Fact[] {
  return world.cities.map((c): Fact => ({ subject: c.name, attribute: 'country', value: countryOf(world, c.name) }))
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
