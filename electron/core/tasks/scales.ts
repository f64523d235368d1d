/**
 * How big a suite is. `tiny` keeps unit tests fast; `small` is the direction test's (a few
 * minutes of real training); `default` is the study's. Knowledge is stored one person at a
 * time, so the number of people sets how long pre-training takes to know them: a 2-layer,
 * width-128 byte model learns the bios of 100 people over about 2,000 steps of 16 × 96 bytes
 * (measured, see the README), which is what makes knowledge arrive across the checkpoints
 * rather than at the first or after the last.
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

export const SCALES: Record<SuiteScale, ScaleConfig> = {
  tiny: {
    people: 12,
    heldOutPeople: 2,
    countries: 2,
    citiesPerCountry: 2,
    professions: 4,
    colours: 4,
    words: 12,
    heldOutWords: 4,
    corpus: { biosPerPerson: 2, countryRepeats: 1, fillers: 20 },
    examples: { train: 24, test: 12, ood: 12 },
    testPeopleFraction: 0.5,
  },
  small: {
    people: 40,
    heldOutPeople: 6,
    countries: 3,
    citiesPerCountry: 3,
    professions: 8,
    colours: 6,
    words: 24,
    heldOutWords: 6,
    corpus: { biosPerPerson: 4, countryRepeats: 3, fillers: 80 },
    examples: { train: 300, test: 120, ood: 60 },
    testPeopleFraction: 0.5,
  },
  default: {
    people: 100,
    heldOutPeople: 16,
    countries: 5,
    citiesPerCountry: 3,
    professions: 10,
    colours: 10,
    words: 48,
    heldOutWords: 12,
    corpus: { biosPerPerson: 4, countryRepeats: 4, fillers: 250 },
    examples: { train: 600, test: 200, ood: 100 },
    testPeopleFraction: 0.5,
  },
}
