/**
 * The fault suite's corpora (tests/fixtures/malformed-requests, tests/fixtures/malformed-schedules):
 * one JSON file per case with the payload and the error it must get. A few payloads are too
 * big or not JSON at all (40,000 statuses, 1,500 levels, a bigint); `expand` builds them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

type Expansion =
  | { at: (string | number)[]; repeat: Json; times: number }
  | { at: (string | number)[]; nest: number; key: string }
  | { at: (string | number)[]; chars: string; times: number }
  | { at: (string | number)[]; bigint: string }

export interface RequestCase {
  file: string
  description: string
  call: string
  input: Json
  expand?: Expansion[]
  code: 'BAD_REQUEST' | 'NOT_FOUND'
  /** BAD_REQUEST: the field one issue must name exactly. */
  path?: string
  /** A substring of the error's message. */
  message?: string
}

export interface ScheduleCase {
  file: string
  description: string
  schedule: Json
  /** The field one issue must name ('' for the schedule itself), without the contract's `schedule.` prefix. */
  path: string
  message: string
}

const FIXTURES = join(__dirname, '../fixtures')

function load<T>(folder: string): T[] {
  const dir = join(FIXTURES, folder)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object) }) as T)
}

export const requestCases = (): RequestCase[] => load<RequestCase>('malformed-requests')
export const scheduleCases = (): ScheduleCase[] => load<ScheduleCase>('malformed-schedules')

/** The payload of a case with its expansions applied. */
export function payloadOf(c: RequestCase): unknown {
  const input = structuredClone(c.input) as unknown
  for (const e of c.expand ?? []) {
    let value: unknown
    if ('repeat' in e) value = Array.from({ length: e.times }, () => structuredClone(e.repeat))
    else if ('nest' in e) {
      value = {}
      for (let i = 0; i < e.nest; i++) value = { [e.key]: value }
    } else if ('chars' in e) value = e.chars.repeat(e.times)
    else value = BigInt(e.bigint)
    let target = input as Record<string | number, unknown>
    for (const key of e.at.slice(0, -1)) target = target[key] as Record<string | number, unknown>
    target[e.at[e.at.length - 1]!] = value
  }
  return input
}

/** An issue path as the schedule's own (the contract puts the schedule under `schedule`; a whole-input issue is `(input)`). */
export const schedulePath = (path: string): string => (path === 'schedule' || path === '(input)' ? '' : path.replace(/^schedule\./, ''))
