/**
 * A page's view state in the address: the query after the route (`#/runs/4?x=tokens&log=1`).
 * A view then survives a reload, can be bookmarked or sent, and never follows anything but
 * the user (a new experiment starting changes no address). Writes replace the history entry
 * (a slider drag is not fifty back-button steps); a value equal to its default is left out,
 * so addresses stay short.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react'

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  listeners.add(listener)
  return () => {
    window.removeEventListener('hashchange', listener)
    listeners.delete(listener)
  }
}

const queryOf = (hash: string) => {
  const at = hash.indexOf('?')
  return at < 0 ? '' : hash.slice(at + 1)
}
const getQuery = () => queryOf(window.location.hash)

/** Commas and slashes read better unescaped (`runs=3,7&key=val/loss`) and are safe in a fragment. */
const formatQuery = (query: URLSearchParams) => query.toString().replace(/%2C/g, ',').replace(/%2F/g, '/')

/** Replaces the query of the current route (the path stays) without a navigation. */
export function patchHashQuery(patch: Record<string, string | null>): void {
  const hash = window.location.hash
  const at = hash.indexOf('?')
  const path = at < 0 ? hash : hash.slice(0, at)
  const query = new URLSearchParams(queryOf(hash))
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) query.delete(name)
    else query.set(name, value)
  }
  const text = formatQuery(query)
  const next = `${path || '#/'}${text ? `?${text}` : ''}`
  if (next === hash) return
  history.replaceState(null, '', next)
  for (const listener of listeners) listener()
}

/** The current query, re-rendered when it changes. */
export function useHashQuery(): URLSearchParams {
  const text = useSyncExternalStore(subscribe, getQuery)
  return useMemo(() => new URLSearchParams(text), [text])
}

export interface Codec<T> {
  /** undefined: not a value of this parameter (the default is used). */
  parse(text: string): T | undefined
  format(value: T): string
}

export const boolCodec: Codec<boolean> = { parse: (t) => (t === '1' ? true : t === '0' ? false : undefined), format: (v) => (v ? '1' : '0') }

export function enumCodec<T extends string>(values: readonly T[]): Codec<T> {
  return { parse: (t) => values.find((v) => v === t), format: (v) => v }
}

export function numberCodec(min: number, max: number): Codec<number> {
  return {
    parse: (t) => {
      const n = Number(t)
      return t !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined
    },
    format: (v) => String(v),
  }
}

export const stringCodec: Codec<string> = { parse: (t) => t, format: (v) => v }

/** Positive integer ids, comma-separated, without repeats. */
export const idListCodec: Codec<number[]> = {
  parse: (t) => [...new Set(t.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0))],
  format: (v) => v.join(','),
}

/** One query parameter as state: its value (or the default), and a setter that writes the address. */
export function useQueryState<T>(name: string, codec: Codec<T>, fallback: T): [T, (value: T) => void] {
  const query = useHashQuery()
  const raw = query.get(name)
  const fallbackText = codec.format(fallback)
  // Parsed once per text, so a list keeps its identity across renders (pass list defaults as constants).
  const parsed = useMemo(() => (raw === null ? undefined : codec.parse(raw)), [raw, codec])
  const value = parsed === undefined ? fallback : parsed
  const set = useCallback(
    (next: T) => {
      const text = codec.format(next)
      patchHashQuery({ [name]: text === fallbackText ? null : text })
    },
    [name, codec, fallbackText],
  )
  return [value, set]
}
