/**
 * Who may talk to the host: only pages served by this host on the loopback interface, and
 * only with the token printed at launch. Pure functions so they are tested without sockets.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { contentSecurityPolicyHeader } from '../main/csp'

/**
 * Sent on every answer of the host, errors and refused upgrades included: a 403 page is
 * still a page a browser may render or sniff. Cross-Origin-Resource-Policy stops a page on
 * another origin from even embedding our answers (`<img src="http://127.0.0.1:…">`).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicyHeader(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** A request path, percent-decoded; null when the encoding is malformed (`/%`, `/%zz`, `/%c0%ae`) or decodes to a NUL. */
export function decodePathname(rawUrl: string | undefined): string | null {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(rawUrl ?? '/', 'http://x').pathname)
  } catch {
    return null
  }
  return pathname.includes('\0') ? null : pathname
}

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
