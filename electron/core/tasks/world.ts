/**
 * The synthetic world: people with a home city, a profession, a favourite colour and an age;
 * cities in countries. Every choice comes from an Rng seeded by (seed, 'world'), so the world
 * is a pure function of (seed, scale).
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { City, Person, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { COLOURS, COUNTRIES, NAME_CONSONANTS, NAME_VOWELS, PROFESSIONS, WORDS } from './vocabulary'

export const MIN_AGE = 18
export const MAX_AGE = 89

export function generateWorld(seed: number, scale: ScaleConfig): World {
  const rng = new Rng(deriveSeed(seed, 'world'))
  const pick = <T>(pool: readonly T[], n: number, what: string): T[] => {
    if (n > pool.length) throw new RangeError(`the scale asks for ${n} ${what}, the pool has ${pool.length}`)
    return rng.shuffle([...pool]).slice(0, n)
  }
  const countries = pick(Object.keys(COUNTRIES), scale.countries, 'countries')
  const cities: City[] = countries.flatMap((country) => pick(COUNTRIES[country]!, scale.citiesPerCountry, `cities in ${country}`).map((name) => ({ name, country })))
  const professions = pick(PROFESSIONS, scale.professions, 'professions')
  const colours = pick(COLOURS, scale.colours, 'colours')
  const names = pick(allNames(), scale.people, 'names')
  // Attributes cycle through their pools before repeating, so every value is used (each city
  // has residents, each colour fans) and the answer distribution is nearly uniform.
  const cycle = <T>(pool: readonly T[]) => {
    const order = rng.shuffle([...pool])
    return (i: number) => order[i % order.length]!
  }
  const home = cycle(cities.map((c) => c.name))
  const job = cycle(professions)
  const colour = cycle(colours)
  const heldOut = new Set(pick(names, scale.heldOutPeople, 'held-out people'))
  const people: Person[] = names.map((name, i) => ({
    name,
    home: home(i),
    profession: job(i),
    colour: colour(i),
    age: MIN_AGE + rng.int(MAX_AGE - MIN_AGE + 1),
    heldOut: heldOut.has(name),
  }))
  const words = pick(WORDS, scale.words, 'words')
  return {
    people,
    cities,
    countries,
    professions,
    colours,
    words: { inDomain: words.slice(scale.heldOutWords), heldOut: words.slice(0, scale.heldOutWords) },
  }
}

export function countryOf(world: World, city: string): string {
  const found = world.cities.find((c) => c.name === city)
  if (!found) throw new RangeError(`no city named ${city} in the world`)
  return found.country
}

/** Every two-syllable name (consonant, vowel, consonant, vowel), capitalised. */
function allNames(): string[] {
  const syllables = [...NAME_CONSONANTS].flatMap((c) => [...NAME_VOWELS].map((v) => c + v))
  return syllables.flatMap((a) => syllables.map((b) => a.charAt(0).toUpperCase() + a.slice(1) + b))
}
