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
    people: 32,
    heldOutPeople: 6,
    countries: 3,
    citiesPerCountry: 2,
    professions: 6,
    colours: 6,
    words: 24,
    heldOutWords: 6,
    corpus: { biosPerPerson: 4, countryRepeats: 2, fillers: 20 },
    examples: { train: 300, test: 120, ood: 60 },
    testPeopleFraction: 0.5,
  },
  default: {
    people: 80,
    heldOutPeople: 12,
    countries: 5,
    citiesPerCountry: 3,
    professions: 10,
    colours: 10,
    words: 48,
    heldOutWords: 12,
    corpus: { biosPerPerson: 4, countryRepeats: 2, fillers: 60 },
    examples: { train: 600, test: 200, ood: 100 },
    testPeopleFraction: 0.5,
  },
}
