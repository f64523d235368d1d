import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, contentSecurityPolicyHeader, isAppPageUrl, withCspHeader } from '../../electron/main/csp'

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))

describe('content security policy', () => {
  it('allows only the app itself to run code', () => {
    const d = directives(contentSecurityPolicy())
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('base-uri')).toEqual(["'none'"])
    expect(d.get('frame-src')).toEqual(["'none'"])
    const all = contentSecurityPolicy()
    expect(all).not.toContain("'unsafe-eval'")
    expect(d.get('script-src')).not.toContain("'unsafe-inline'")
    expect(all).not.toMatch(/(^|\s)(\*|https?:|http:\/\/\*)(\s|;|$)/)
  })

  it('connects only to the local host on loopback', () => {
    const connect = directives(contentSecurityPolicy()).get('connect-src')!
    for (const source of connect.filter((s) => s !== "'self'")) expect(source).toMatch(/^ws:\/\/(127\.0\.0\.1|localhost):\*$/)
  })

  it('is the same in renderer/index.html, and the header adds frame-ancestors', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(contentSecurityPolicy())
    expect(contentSecurityPolicyHeader()).toBe(`${contentSecurityPolicy()}; frame-ancestors 'none'`)
  })

  it('replaces any CSP header of a response, whatever its case, and keeps the others', () => {
    const out = withCspHeader({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' })
    expect(out['Content-Security-Policy']).toEqual([contentSecurityPolicyHeader()])
    expect(out['content-security-policy']).toBeUndefined()
    expect(out['Content-Type']).toEqual(['text/html'])
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [contentSecurityPolicyHeader()] })
  })

  it('applies to the packaged page and the dev server only', () => {
    expect(isAppPageUrl('file:///opt/Continuum/resources/app.asar/out/renderer/index.html', undefined)).toBe(true)
    expect(isAppPageUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true)
    expect(isAppPageUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppPageUrl('https://example.com/', undefined)).toBe(false)
    expect(isAppPageUrl('not a url', undefined)).toBe(false)
  })
})
