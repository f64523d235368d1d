/**
 * How big a suite is. `tiny` keeps unit tests fast; `small` is the direction test's (a few
 * minutes of real training); `default` is the study's. Knowledge is stored one person at a
 * time, so the number of people sets how long pre-training takes to know them. Measured with
 * the study's model (2 layers, width 128, batch 16 × 96 bytes): with 100 people and bios 55%
 * of the corpus, completing "X lives in" reached 0.06, 0.25, 0.50, 0.68 at steps 250, 1,000,
 * 1,500, 2,000. The default world is smaller and its corpus mostly bios (fillers 60, not 250),
 * so knowledge arrives across the checkpoints and is nearly complete at the last.
 */
import type { SuiteScale } from '../../../shared/schemas/task'

export interface ScaleConfig {
  people: number
  /** Of those, held out of the entity-shift tasks (NLI's out-of-domain set). */
  heldOutPeople: number
  countries: number
  citiesPerCountry: number
  professions: number
  colours: number
  /** Words for the list task, and how many of them only the out-of-domain set uses. */
  words: number
  heldOutWords: number
  corpus: {
    /** Short biographies per person, each stating the person's city and job in its own phrasing. */
    biosPerPerson: number
    /** Times each city's country is stated, in each of its phrasings. */
    countryRepeats: number
    /** Filler sentences: text with no facts, so facts are not the only thing the model sees. */
    fillers: number
  }
  /** Examples per split for the tasks not made from people's facts (nli, paraphrase, arithmetic, reverse). */
  examples: { train: number; test: number; ood: number }
  /** Share of the people whose facts are asked in the `facts` and `qa` test sets (the rest train `qa`). */
  testPeopleFraction: number
}

/** Each size's value of each field, side by side: tiny, small, default. */
type Sizes = readonly [tiny: number, small: number, study: number]

const SIZES = {
  people: [12, 32, 80],
  heldOutPeople: [2, 6, 12],
  countries: [2, 3, 5],
  citiesPerCountry: [2, 2, 3],
  professions: [4, 6, 10],
  colours: [4, 6, 10],
  words: [12, 24, 48],
  heldOutWords: [4, 6, 12],
  biosPerPerson: [2, 4, 4],
  countryRepeats: [1, 2, 2],
  fillers: [20, 20, 60],
  trainExamples: [24, 300, 600],
  testExamples: [12, 120, 200],
  oodExamples: [12, 60, 100],
} as const satisfies Record<string, Sizes>

function scale(i: 0 | 1 | 2): ScaleConfig {
  const at = (field: keyof typeof SIZES) => SIZES[field][i]
  return {
    people: at('people'),
    heldOutPeople: at('heldOutPeople'),
    countries: at('countries'),
    citiesPerCountry: at('citiesPerCountry'),
    professions: at('professions'),
    colours: at('colours'),
    words: at('words'),
    heldOutWords: at('heldOutWords'),
    corpus: { biosPerPerson: at('biosPerPerson'), countryRepeats: at('countryRepeats'), fillers: at('fillers') },
    examples: { train: at('trainExamples'), test: at('testExamples'), ood: at('oodExamples') },
    testPeopleFraction: 0.5,
  }
}

export const SCALES: Record<SuiteScale, ScaleConfig> = { tiny: scale(0), small: scale(1), default: scale(2) }
