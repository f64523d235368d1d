/**
 * The optimizer's and validation's settings, with the one set of defaults every reader uses
 * (a schedule, each run's plan, the job spec, the engine's tests): AdamW with β = (0.9, 0.95),
 * ε = 1e-8 and decoupled weight decay 0.1, as nanoGPT and GPT-3 train; gradients clipped to
 * global norm 1; held-out loss measured 20 times along a run (and at its first and last step).
 */
import { z } from 'zod'

export const OptimizerSettings = z.strictObject({
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.95),
  eps: z.number().positive().max(1).default(1e-8),
  weightDecay: z.number().min(0).max(10).default(0.1),
  /** Largest global gradient norm before the update is scaled down (0: no clipping). */
  clip: z.number().min(0).max(1e6).default(1),
})
export type OptimizerSettings = z.infer<typeof OptimizerSettings>
export const DEFAULT_OPTIMIZER: OptimizerSettings = OptimizerSettings.parse({})

export const AdamWSettings = OptimizerSettings.pick({ beta1: true, beta2: true, eps: true, weightDecay: true })
export type AdamWSettings = z.infer<typeof AdamWSettings>
export const DEFAULT_ADAMW: AdamWSettings = AdamWSettings.parse({})
export const DEFAULT_CLIP = DEFAULT_OPTIMIZER.clip

export const ValidationSettings = z.strictObject({
  /** How many times a run measures held-out loss along the way, at evenly spaced steps. */
  points: z.number().int().min(1).max(10_000).default(20),
})
export type ValidationSettings = z.infer<typeof ValidationSettings>
export const DEFAULT_VALIDATION: ValidationSettings = ValidationSettings.parse({})

/** The optimizer settings as the engine's AdamW takes them, and the clip norm apart. */
export const adamwOf = ({ clip, ...adamw }: OptimizerSettings): { adamw: AdamWSettings; clip: number } => ({ adamw, clip })
