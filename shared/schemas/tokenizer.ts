import { z } from 'zod'

/** How text becomes token ids; saved with every checkpoint. */
export const TokenizerSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('byte') }),
  z.object({
    kind: z.literal('char'),
    /** The vocabulary's characters in id order; ids after them are <unk>, then <eos>. */
    chars: z.array(z.string().length(1).or(z.string().regex(/^[\uD800-\uDBFF][\uDC00-\uDFFF]$/))).min(1),
  }),
])
export type TokenizerSpec = z.infer<typeof TokenizerSpec>
