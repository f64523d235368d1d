import { z } from 'zod'

/** A decoder-only GPT-2 style model. */
export const ModelConfig = z
  .strictObject({
    layers: z.number().int().min(1).max(48),
    heads: z.number().int().min(1).max(64),
    width: z.number().int().min(8).max(4096),
    context: z.number().int().min(2).max(4096),
    vocab: z.number().int().min(2).max(65_536),
    dropout: z.number().min(0).max(0.9).default(0),
  })
  .refine((c) => c.width % c.heads === 0, { message: 'width must be a multiple of heads', path: ['width'] })
export type ModelConfig = z.infer<typeof ModelConfig>

/** Parameters of the model, embedding included (the output head is tied to it). */
export function parameterCount(c: Pick<ModelConfig, 'layers' | 'width' | 'context' | 'vocab'>): number {
  const d = c.width
  const block = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d)
  return c.vocab * d + c.context * d + c.layers * block + 2 * d
}
