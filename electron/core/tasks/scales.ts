/**
 * How big a suite is. `tiny` keeps unit tests fast; `default` is sized for the study: a world
 * of tens of entities whose facts recur many times, so a 2-layer, width-128 byte-level model
 * can learn the corpus in minutes on two CPU cores (the corpus stays well under 300 KB).
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
    /** Times each (fact, statement template) pair is stated. */
    statementRepeats: number
    /** Times each fact appears in the question-answer format. */
    questionRepeats: number
    /** Filler sentences: text with no facts, so facts are not the only thing the model sees. */
    fillers: number
  }
  /** Examples per split for every task but `facts`, whose size is the number of facts. */
  examples: { train: number; test: number; ood: number }
  /** Share of the facts in the facts task's test sets. */
  factsTestFraction: number
}

export const SCALES: Record<SuiteScale, ScaleConfig> = {
  tiny: {
    people: 8,
    heldOutPeople: 2,
    countries: 2,
    citiesPerCountry: 2,
    professions: 4,
    colours: 4,
    words: 12,
    heldOutWords: 4,
    corpus: { statementRepeats: 1, questionRepeats: 1, fillers: 20 },
    examples: { train: 24, test: 12, ood: 12 },
    factsTestFraction: 1 / 3,
  },
  /** Between the two: a small world (fast to learn) with test sets large enough to compare runs. */
  small: {
    people: 12,
    heldOutPeople: 3,
    countries: 3,
    citiesPerCountry: 2,
    professions: 6,
    colours: 6,
    words: 24,
    heldOutWords: 6,
    corpus: { statementRepeats: 2, questionRepeats: 3, fillers: 80 },
    examples: { train: 240, test: 60, ood: 60 },
    factsTestFraction: 0.5,
  },
  default: {
    people: 32,
    heldOutPeople: 8,
    countries: 6,
    citiesPerCountry: 2,
    professions: 12,
    colours: 10,
    words: 48,
    heldOutWords: 12,
    corpus: { statementRepeats: 2, questionRepeats: 6, fillers: 400 },
    examples: { train: 600, test: 150, ood: 150 },
    factsTestFraction: 0.3,
  },
}
