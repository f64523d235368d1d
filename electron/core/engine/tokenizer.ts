/**
 * Tokenizers. Byte-level (the default: 256 byte ids plus an end-of-text id) needs no
 * training and reads any text; character-level is built from a corpus and gives a smaller
 * vocabulary for small models. Each serialises to JSON that a checkpoint carries.
 */
import { TokenizerSpec } from '../../../shared'

export { TokenizerSpec }

export interface Tokenizer {
  readonly spec: TokenizerSpec
  readonly vocabSize: number
  readonly eos: number
  encode(text: string): number[]
  decode(ids: ArrayLike<number>): string
}

const utf8 = new TextEncoder()

class ByteTokenizer implements Tokenizer {
  readonly spec = { kind: 'byte' } as const
  readonly vocabSize = 257
  readonly eos = 256
  encode(text: string): number[] {
    return Array.from(utf8.encode(text))
  }
  decode(ids: ArrayLike<number>): string {
    const bytes = Array.from(ids).filter((id) => id < 256)
    // A partial multi-byte character at the end decodes to U+FFFD rather than throwing.
    return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes))
  }
}

class CharTokenizer implements Tokenizer {
  readonly vocabSize: number
  readonly unk: number
  readonly eos: number
  private readonly ids: Map<string, number>

  constructor(readonly spec: Extract<TokenizerSpec, { kind: 'char' }>) {
    this.ids = new Map(spec.chars.map((c, i) => [c, i]))
    if (this.ids.size !== spec.chars.length) throw new Error('char tokenizer: the character list has duplicates')
    this.unk = spec.chars.length
    this.eos = spec.chars.length + 1
    this.vocabSize = spec.chars.length + 2
  }
  encode(text: string): number[] {
    return Array.from(text, (c) => this.ids.get(c) ?? this.unk)
  }
  decode(ids: ArrayLike<number>): string {
    let out = ''
    for (const id of Array.from(ids)) {
      if (id < this.spec.chars.length) out += this.spec.chars[id]
      else if (id === this.unk) out += '\uFFFD'
    }
    return out
  }
}

export function tokenizerFromSpec(spec: TokenizerSpec): Tokenizer {
  return spec.kind === 'byte' ? new ByteTokenizer() : new CharTokenizer(spec)
}

/** A character tokenizer over every character (code point) in the given texts, sorted. */
export function buildCharTokenizer(texts: Iterable<string>): Tokenizer {
  const chars = new Set<string>()
  for (const text of texts) for (const c of text) chars.add(c)
  if (chars.size === 0) throw new Error('char tokenizer: the corpus is empty')
  return new CharTokenizer({ kind: 'char', chars: [...chars].sort() })
}
