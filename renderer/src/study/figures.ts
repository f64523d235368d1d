/** Which figure draws each finding, and how tall it is (the paper's figures, see issue 11). */
import type { Finding } from '../../../shared/findings'
import type { Scheme } from '../charts/chart-theme'
import { dichotomyOption, earlyOption, forgettingOption, scorerOption } from './figures-bars'
import { formatOption, latentGainsOption, seedsOption } from './figures-checkpoint'
import { matrixOption, replayOption } from './figures-replay-matrix'
import type { Option } from './figure-kit'

export interface Figure {
  option: Option
  height: number
}

export function figureOf(f: Finding, scheme: Scheme, background = false): Figure | null {
  const draw = (option: Option | null, height = 360): Figure | null => (option ? { option, height } : null)
  switch (f.id) {
    case 'latent-gains':
      return draw(latentGainsOption(f, scheme, background), 400)
    case 'dichotomy':
      return draw(dichotomyOption(f, scheme, background), 320)
    case 'early-beats-final':
      return draw(earlyOption(f, scheme, background), 300)
    case 'forgetting':
      return draw(forgettingOption(f, scheme, background), 320)
    case 'replay':
      return draw(replayOption(f, scheme, background), 380)
    case 'format-sensitivity':
      return draw(formatOption(f, scheme, background), 340)
    case 'scorer-sensitivity':
      return draw(scorerOption(f, scheme, background), 300)
    case 'sequence':
      return draw(matrixOption(f, scheme, background), 340)
    case 'seeds':
      return draw(seedsOption(f, scheme, background), 320)
  }
}
