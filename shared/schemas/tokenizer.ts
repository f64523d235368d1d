import { z } from 'zod'
import { distinct } from './common'

/** How text becomes token ids; saved with every checkpoint. */
export const TokenizerSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('byte') }),
  z.strictObject({
    kind: z.literal('char'),
    /** The vocabulary's characters in id order; ids after them are <unk>, then <eos>. */
    chars: z.array(z.string().regex(/^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])$/, 'must be one character')).min(1).max(65_534).superRefine(distinct),
  }),
])
export type TokenizerSpec = z.infer<typeof TokenizerSpec>
