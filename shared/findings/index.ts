/**
 * The nine findings of issue 11 as pure functions of an experiment's evaluation rows and its
 * tasks. Each returns its sentence, verdict, numbers and figure series; the Study page, the
 * exported report and the CLI all call `computeFindings`.
 */
import type { EvaluationRow } from '../schemas/experiment-calls'
import { buildCells, type ItemScores } from './cells'
import { dichotomy, type DichotomyFinding } from './dichotomy'
import { earlyBeatsFinal, type EarlyBeatsFinalFinding } from './early-beats-final'
import { formatSensitivityFinding, type FormatSensitivityFinding } from './format-sensitivity'
import { forgetting, type ForgettingFinding } from './forgetting'
import { latentGains, type LatentGainsFinding } from './latent-gains'
import { replay, type ReplayFinding } from './replay'
import { scorerSensitivity, type ScorerSensitivityFinding } from './scorer-sensitivity'
import { seedsFinding, type SeedsFinding } from './seeds'
import { sequenceFinding, type SequenceFinding } from './sequence'
import type { TaskInfo } from './types'

export type Finding = LatentGainsFinding | DichotomyFinding | EarlyBeatsFinalFinding | ForgettingFinding | ReplayFinding | FormatSensitivityFinding | ScorerSensitivityFinding | SequenceFinding | SeedsFinding

/** `items`: per-example scores by evaluation id, where the store has them; comparisons of the same examples are then paired. */
export function computeFindings(rows: EvaluationRow[], tasks: TaskInfo[], items?: ItemScores): Finding[] {
  const cells = buildCells(rows, tasks, items)
  return [latentGains(cells), dichotomy(cells), earlyBeatsFinal(cells), forgetting(cells), replay(cells), formatSensitivityFinding(cells), scorerSensitivity(cells), sequenceFinding(cells), seedsFinding(cells)]
}

export { buildCells, inferKind, type ItemScores, type Cells, type ResolvedTask, type SequenceVariant } from './cells'
export * from './types'
export * from './estimate'
export { est, signedEst, num, pct, replayText, step as stepText } from './text'
export type { LatentGainsFinding, TaskCurve, CheckpointPoint } from './latent-gains'
export type { DichotomyFinding, TaskGain } from './dichotomy'
export type { EarlyBeatsFinalFinding } from './early-beats-final'
export type { ForgettingFinding, BranchForgetting } from './forgetting'
export type { ReplayFinding, ReplaySweep, ReplayPoint } from './replay'
export type { FormatSensitivityFinding, FormatPoint } from './format-sensitivity'
export type { ScorerSensitivityFinding, ScorerPair } from './scorer-sensitivity'
export type { SequenceFinding, MatrixSummary } from './sequence'
export type { SeedsFinding, SeedComparison } from './seeds'
export { latentGains, dichotomy, earlyBeatsFinal, forgetting, replay, formatSensitivityFinding, scorerSensitivity, sequenceFinding, seedsFinding }
