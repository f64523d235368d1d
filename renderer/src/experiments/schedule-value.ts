/**
 * The editor keeps the schedule as plain JSON (what the user typed may not be valid yet).
 * These helpers read and write it by path without mutating it.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }
export type PathKey = string | number

export function getAt(value: Json | undefined, path: readonly PathKey[]): Json | undefined {
  let current: Json | undefined = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, Json>)[key]
  }
  return current
}

export function setAt(value: Json | undefined, path: readonly PathKey[], next: Json | undefined): Json {
  if (path.length === 0) return next ?? null
  const [key, ...rest] = path
  if (typeof key === 'number') {
    const list = Array.isArray(value) ? [...value] : []
    list[key] = setAt(list[key], rest, next)
    return list
  }
  const object: JsonObject = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {}
  if (next === undefined && rest.length === 0) delete object[key!]
  else object[key!] = setAt(object[key!], rest, next)
  return object
}

/** `branches[0].replay` for a path. */
export function pathText(path: readonly PathKey[]): string {
  let out = ''
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`
  return out
}

/** Where a JSON parse failed, as line and column, from the engine's message. */
export function parseJson(text: string): { value: Json } | { error: string; line: number; column: number } {
  try {
    return { value: JSON.parse(text) as Json }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const lc = /line (\d+) column (\d+)/.exec(message)
    const pos = /position (\d+)/.exec(message)
    let line = 1
    let column = 1
    if (lc) {
      line = Number(lc[1])
      column = Number(lc[2])
    } else {
      const offset = pos ? Number(pos[1]) : text.length
      const before = text.slice(0, offset).split('\n')
      line = before.length
      column = before[before.length - 1]!.length + 1
    }
    return { error: message.replace(/^JSON\.parse: /, ''), line, column }
  }
}

/** A blank schedule: the smallest design that trains, for a start from scratch. */
export function blankSchedule(): JsonObject {
  return {
    name: 'New experiment',
    description: '',
    model: { layers: 1, heads: 1, width: 16, context: 32, vocab: 257, dropout: 0 },
    tokenizer: { kind: 'byte' },
    suite: { seed: 0, scale: 'tiny' },
    seeds: [0],
    pretrain: { corpus: 'suite', length: { steps: 100 }, batch: 8, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'every', steps: 50 } },
    branches: [],
    backend: 'auto',
  }
}
