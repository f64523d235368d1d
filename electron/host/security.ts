/**
 * Who may talk to the host: only pages served by this host on the loopback interface, and
 * only with the token printed at launch. Pure functions so they are tested without sockets.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

export const newToken = (): string => randomBytes(24).toString('hex')

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The Host header must name loopback (defeats DNS rebinding) on our port. */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader)
  if (!match) return false
  return LOOPBACK_HOSTS.has(match[1]!.toLowerCase()) && Number(match[2] ?? 80) === port
}

/** Browsers send Origin on WebSocket upgrades; it must be one of our own pages. Node clients send none. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true
  try {
    const url = new URL(origin)
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && Number(url.port || 80) === port
  } catch {
    return false
  }
}
