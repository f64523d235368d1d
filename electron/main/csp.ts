/**
 * The app's Content-Security-Policy, built in one place. The main process sends it as a
 * response header for the app's own pages and `renderer/index.html` carries the same string
 * in a meta tag (a unit test keeps them equal). No Electron imports.
 */
export const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  // 'wasm-unsafe-eval' lets WebAssembly compile; no 'unsafe-eval', no inline scripts.
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // Mantine sets style attributes at run time.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  // The browser transport talks to the local host on loopback only.
  ['connect-src', "'self' ws://127.0.0.1:* ws://localhost:*"],
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-src', "'none'"],
]

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')
}

/** `frame-ancestors` is ignored in a meta tag, so only the header carries it. */
export function contentSecurityPolicyHeader(): string {
  return `${contentSecurityPolicy()}; frame-ancestors 'none'`
}

/** Whether a response belongs to the app's own pages (the packaged file:// page or the dev server). */
export function isAppPageUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const u = new URL(url)
    if (u.protocol === 'file:') return true
    if (!devServerUrl) return false
    return u.origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

/** Response headers with the CSP set (replacing any the response had, whatever its case). */
export function withCspHeader(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === 'content-security-policy') continue
    out[key] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [contentSecurityPolicyHeader()]
  return out
}
