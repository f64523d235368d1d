/**
 * The optimizer's settings and their one set of defaults (the job spec, the runner's plan of a
 * run and the engine's tests all read these): AdamW with β = (0.9, 0.95), ε = 1e-8 and decoupled
 * weight decay 0.1, as nanoGPT and GPT-3 train; gradients clipped to global norm 1.
 */
import { z } from 'zod'

export const AdamWSettings = z.object({ beta1: z.number().min(0).lt(1), beta2: z.number().min(0).lt(1), eps: z.number().positive(), weightDecay: z.number().min(0) })
export type AdamWSettings = z.infer<typeof AdamWSettings>

export const DEFAULT_ADAMW: AdamWSettings = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 }
/** Largest global gradient norm before the update is scaled down. */
export const DEFAULT_CLIP = 1
